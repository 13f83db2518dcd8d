//! `liaison serve`: build, serve the site on 127.0.0.1, rebuild when content or theme
//! change, and reload the browser.
//!
//! Builds go through `lib::build`, so they are staged and swapped like any build: a broken
//! edit leaves the last good site in place and served, while its problems are printed in
//! the terminal and shown on the page. The server is plain `std::net` (one thread per
//! connection, loopback only) and trusts no request: it answers GET and HEAD only, only for
//! the address it printed (the Host header is checked, against DNS rebinding), refuses a
//! malformed address with 400, bounds the request head (8 KiB a line, 64 KiB in all, 10 s)
//! and the connections it keeps (64). The content folder's parent is watched as well, so a
//! content folder removed and made again is watched anew. HTML responses get one script,
//! `/__liaison/live.js`, which polls `/__liaison/state`: it reloads the page when a rebuild
//! lands and shows the problems while the content has errors. Nothing of this is written
//! into the site.

use crate::diag::render_all;
use crate::lang::Lang;
use crate::{build, BuildOptions};
use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// What the page script asks for: a build counter, and the problems of the last build.
#[derive(Default)]
struct State {
    version: u64,
    errors: String,
}

pub struct ServeOptions {
    pub build: BuildOptions,
    pub port: u16,
    /// The language of serve's messages (`--lang`); by default the portal's.
    pub lang: Option<Lang>,
}

const LIVE_JS: &str = r#"(function () {
  "use strict";
  var seen = null, box = null;
  function show(text) {
    if (!text) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("pre");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:12px;background:#fff3f3;color:#7a0000;border-top:4px solid #a1141c;font-size:15px;white-space:pre-wrap;z-index:9999";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function poll() {
    fetch("/__liaison/state", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      show(s.errors);
    }).catch(function () {}).then(function () { setTimeout(poll, 400); });
  }
  poll();
})();
"#;

/// How long a connection may stay silent before it is closed.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the whole request head (request line and headers) may take to arrive, however
/// slowly it trickles in.
const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// The longest request line or header line (414 or 431 beyond it).
const MAX_LINE: usize = 8 * 1024;
/// The longest request head (431 beyond it).
const MAX_HEAD: usize = 64 * 1024;
/// Connections answered at once, one thread each; more are refused with 503.
const MAX_CONNECTIONS: usize = 64;

pub fn serve(options: ServeOptions) -> Result<()> {
    let state = Arc::new(Mutex::new(State::default()));
    rebuild(&options.build, options.lang, &state);
    let listener = TcpListener::bind(("127.0.0.1", options.port)).with_context(|| {
        let port = options.port;
        crate::lang::Said::new(
            format!("无法在 127.0.0.1:{port} 上提供网站"),
            format!("cannot listen on 127.0.0.1:{port}"),
        )
    })?;
    let address = listener.local_addr()?;
    println!("http://{address}/");
    let _ = std::io::stdout().flush();

    let content = absolute(&options.build.content)?;
    let mut roots = vec![content.clone()];
    // A theme folder outside the content folder is watched too.
    if let Ok(loaded) = crate::load::load(&options.build.content) {
        if let Some(theme) = loaded.site.portal.theme.filter(|t| !t.starts_with(&options.build.content)) {
            roots.push(absolute(&theme)?);
        }
    }
    let (sender, receiver) = mpsc::channel::<bool>();
    let watched_roots = roots.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        // The content folder's parent is watched too (to see the folder come back): of its
        // events, only those about the content folder itself count.
        let ours = event.paths.is_empty() || event.paths.iter().any(|p| watched_roots.iter().any(|r| p.starts_with(r)));
        if ours {
            let _ = sender.send(event.paths.iter().any(|p| p == &watched_roots[0]));
        }
    })?;
    for root in &roots {
        watcher.watch(root, RecursiveMode::Recursive)?;
    }
    if let Some(parent) = content.parent() {
        // Without it, a content folder removed and made again (or put back by a rename)
        // would never be seen: the watch on the old folder died with it.
        let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
    }
    let rebuild_options = options.build.clone();
    let options_lang = options.lang;
    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || {
        while let Ok(first) = receiver.recv() {
            // Let a burst of changes (an editor saving) settle, then build once.
            let mut content_replaced = first;
            while let Ok(replaced) = receiver.recv_timeout(Duration::from_millis(80)) {
                content_replaced |= replaced;
            }
            if content_replaced && content.is_dir() {
                let _ = watcher.unwatch(&content);
                if let Err(error) = watcher.watch(&content, RecursiveMode::Recursive) {
                    let shown = content.display();
                    let said = crate::lang::Said::new(format!("无法监视“{shown}”"), format!("cannot watch {shown}"));
                    let lang = language(&rebuild_options, options_lang);
                    eprintln!("{}{}: {error}", lang.pick("错误：", "error: "), said.text(lang));
                }
            }
            rebuild(&rebuild_options, options_lang, &rebuild_state);
        }
    });

    let site = absolute(&options.build.out)?;
    let server = Arc::new(Server { site, port: address.port(), state, active: AtomicUsize::new(0) });
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(_) => {
                // Out of file descriptors, say: wait for connections to close.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if server.active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            server.active.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
            // Answered here, on the accepting thread, so the wait for the client is short.
            let _ = refuse(stream, "503 Service Unavailable", "", false, Duration::from_millis(20));
            continue;
        }
        let slot = Slot(Arc::clone(&server));
        // Should no thread be had, the closure is dropped, and the slot and connection with it.
        let _ = std::thread::Builder::new().name("serve".into()).spawn(move || {
            let _ = respond(stream, &slot.0);
            drop(slot);
        });
    }
    Ok(())
}

/// What the connection threads share.
struct Server {
    site: PathBuf,
    port: u16,
    state: Arc<Mutex<State>>,
    active: AtomicUsize,
}

/// A connection's place among [`MAX_CONNECTIONS`], given back when it ends.
struct Slot(Arc<Server>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::SeqCst);
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    Ok(if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) })
}

/// The language serve's own lines speak: `--lang`, else the portal's.
fn language(options: &BuildOptions, lang: Option<Lang>) -> Lang {
    lang.or_else(|| crate::load::language_of(&options.content)).unwrap_or_default()
}

fn rebuild(options: &BuildOptions, lang: Option<Lang>, state: &Mutex<State>) {
    let outcome = build(options);
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    match outcome {
        Ok(report) => {
            let lang = lang.unwrap_or(report.lang);
            let text = render_all(&report.diagnostics, lang);
            if !text.is_empty() {
                eprint!("{text}");
            }
            match report.written {
                Some(written) => {
                    let (pages, seconds) = (written.pages, report.elapsed.as_secs_f64());
                    match lang {
                        Lang::ZhCn => eprintln!("已重新生成 {pages} 个页面，用时 {seconds:.2} 秒"),
                        Lang::En => eprintln!("rebuilt {pages} pages in {seconds:.2} s"),
                    }
                    state.version += 1;
                    state.errors.clear();
                }
                None => state.errors = text,
            }
        }
        Err(error) => {
            let lang = language(options, lang);
            let text = crate::lang::error_text(&error, lang);
            eprintln!("{}{}", lang.pick("错误：", "error: "), crate::diag::terminal_text(&text));
            state.errors = text;
        }
    }
}

/// Why a request head is not answered with a page: the status it gets instead.
type Refusal = &'static str;

const BAD_REQUEST: Refusal = "400 Bad Request";
const TIMED_OUT: Refusal = "408 Request Timeout";
const URI_TOO_LONG: Refusal = "414 URI Too Long";
const MISDIRECTED: Refusal = "421 Misdirected Request";
const HEADERS_TOO_LARGE: Refusal = "431 Request Header Fields Too Large";
/// The peer closed the connection or it failed: nothing to answer.
const GONE: Refusal = "";

/// A request this server answers: its method is GET or HEAD.
struct Request {
    head_only: bool,
    path: String,
}

fn respond(mut stream: TcpStream, server: &Server) -> std::io::Result<()> {
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let head = match read_head(&mut stream, Instant::now()) {
        Ok(head) => head,
        Err(GONE) => return Ok(()),
        Err(status) => return refuse(stream, status, "", false, LINGER),
    };
    let request = match parse(&head, server.port) {
        Ok(request) => request,
        Err(status) => {
            let allow = if status == NOT_ALLOWED { "Allow: GET, HEAD\r\n" } else { "" };
            return refuse(stream, status, allow, head.starts_with(b"HEAD "), LINGER);
        }
    };
    let (status, kind, body) = match request.path.as_str() {
        "/__liaison/live.js" => ("200 OK", "text/javascript; charset=utf-8", LIVE_JS.as_bytes().to_vec()),
        "/__liaison/state" => {
            let state = server.state.lock().unwrap_or_else(|e| e.into_inner());
            let json = serde_json::json!({ "version": state.version, "errors": state.errors });
            ("200 OK", "application/json", json.to_string().into_bytes())
        }
        path => match file_of(&server.site, path).and_then(|file| Some((std::fs::read(&file).ok()?, file))) {
            Some((bytes, file)) => ("200 OK", content_type(&file), with_live_script(&file, bytes)),
            None => {
                let page = server.site.join("404.html");
                (
                    "404 Not Found",
                    "text/html; charset=utf-8",
                    with_live_script(&page, std::fs::read(&page).unwrap_or_default()),
                )
            }
        },
    };
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if !request.head_only {
        response.extend_from_slice(&body);
    }
    write_by(&mut stream, &response, Instant::now() + WRITE_DEADLINE)
}

/// How long a client may take to read an answer (one that reads a byte now and then must
/// not keep its thread).
const WRITE_DEADLINE: Duration = Duration::from_secs(60);

/// Writes all of `bytes` by `deadline`, or gives up with `TimedOut`.
fn write_by(stream: &mut TcpStream, bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    for chunk in bytes.chunks(64 * 1024) {
        let left = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero());
        let left = left.ok_or(std::io::ErrorKind::TimedOut)?;
        stream.set_write_timeout(Some(left.min(READ_TIMEOUT)))?;
        stream.write_all(chunk)?;
    }
    stream.flush()
}

/// How long a refused connection is read from (and dropped) after the answer.
const LINGER: Duration = Duration::from_secs(2);

/// Answers with an error status and closes. The rest of what the client sends is read and
/// dropped for `linger` (at most 1 MiB) after the answer, so that closing with unread bytes
/// does not reset the connection before the client has read the answer.
fn refuse(
    mut stream: TcpStream,
    status: Refusal,
    extra_headers: &str,
    head_only: bool,
    linger: Duration,
) -> std::io::Result<()> {
    let body = format!("{status}\n");
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n{extra_headers}\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    if !head_only {
        response.push_str(&body);
    }
    stream.write_all(response.as_bytes())?;
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)?;
    let until = Instant::now() + linger;
    let mut buffer = [0u8; 16 * 1024];
    let mut drained = 0;
    while drained < 1024 * 1024 {
        let Some(left) = until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else { break };
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
    Ok(())
}

/// Reads the request head (up to and without the blank line), within [`HEAD_DEADLINE`] of
/// `started` and [`READ_TIMEOUT`] of silence, and at most [`MAX_LINE`] a line and
/// [`MAX_HEAD`] in all. Whatever follows the head (a body) is never read.
fn read_head(stream: &mut TcpStream, started: Instant) -> Result<Vec<u8>, Refusal> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            check_sizes(&head)?;
            return Ok(head);
        }
        check_sizes(&head)?;
        let left = HEAD_DEADLINE.checked_sub(started.elapsed()).filter(|d| !d.is_zero()).ok_or(TIMED_OUT)?;
        stream.set_read_timeout(Some(left.min(READ_TIMEOUT))).map_err(|_| GONE)?;
        match stream.read(&mut buffer) {
            Ok(0) => return Err(GONE),
            Ok(n) => head.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return Err(TIMED_OUT)
            }
            Err(_) => return Err(GONE),
        }
    }
}

/// Where the head ends: after the line break of its last line, the one an empty line
/// follows (`\r\n\r\n`, or bare `\n` line ends).
fn head_end(head: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'\n', head).find_map(|i| match head.get(i + 1..) {
        Some([b'\n', ..] | [b'\r', b'\n', ..]) => Some(i + 1),
        _ => None,
    })
}

fn check_sizes(head: &[u8]) -> Result<(), Refusal> {
    for (n, line) in head.split(|&b| b == b'\n').enumerate() {
        if line.len() > MAX_LINE {
            return Err(if n == 0 { URI_TOO_LONG } else { HEADERS_TOO_LARGE });
        }
    }
    if head.len() > MAX_HEAD {
        return Err(HEADERS_TOO_LARGE);
    }
    Ok(())
}

/// The request a head asks for, or why it is refused: a malformed head 400, a Host other
/// than the address `serve` printed 421 (a page elsewhere whose name was pointed at
/// 127.0.0.1, "DNS rebinding", must not read this server), a method other than GET and
/// HEAD 405, and an address that is not a path inside the site 400.
fn parse(head: &[u8], port: u16) -> Result<Request, Refusal> {
    let mut lines = head.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    // The request line must be text; header values we do not read may hold any bytes.
    let request_line = std::str::from_utf8(lines.next().ok_or(BAD_REQUEST)?).map_err(|_| BAD_REQUEST)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BAD_REQUEST);
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) || !version.starts_with("HTTP/1.") {
        return Err(BAD_REQUEST);
    }
    let mut host = None;
    for line in lines.filter(|l| !l.is_empty()) {
        let line = String::from_utf8_lossy(line);
        let (name, value) = line.split_once(':').ok_or(BAD_REQUEST)?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(BAD_REQUEST);
        }
        if name.eq_ignore_ascii_case("host") && host.replace(value.trim().to_string()).is_some() {
            return Err(BAD_REQUEST);
        }
    }
    if !is_our_host(&host.ok_or(BAD_REQUEST)?, port) {
        return Err(MISDIRECTED);
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(NOT_ALLOWED),
    };
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let path = decode_path(path).ok_or(BAD_REQUEST)?;
    Ok(Request { head_only, path })
}

/// 405, with the methods that are allowed.
const NOT_ALLOWED: Refusal = "405 Method Not Allowed";

/// The Host header a browser sends for the address `serve` printed, `127.0.0.1:PORT`, or
/// for `localhost:PORT` (the port left out when it is 80).
fn is_our_host(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, p)) => (name, p.parse::<u16>().ok()),
        None => (host.as_str(), Some(80)),
    };
    matches!(name, "127.0.0.1" | "localhost") && host_port == Some(port)
}
/// The file an address names inside the site, if any (`..` never leaves the site).
fn file_of(site: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    // Hidden files (liaison's own `.liaison-manifest`) are not the site's.
    let hidden = |c: &Component| c.as_os_str().to_string_lossy().starts_with('.');
    if relative.components().any(|c| !matches!(c, Component::Normal(_)) || hidden(&c)) {
        return None;
    }
    let mut file = site.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn with_live_script(file: &Path, body: Vec<u8>) -> Vec<u8> {
    if file.extension().and_then(|e| e.to_str()) != Some("html") {
        return body;
    }
    let html = String::from_utf8_lossy(&body);
    let script = "<script src=/__liaison/live.js></script>";
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{script}").into_bytes(),
    }
}

/// `%E8%A2%81` → `袁`: the path of a request as text, or `None` when it is not one: a `%`
/// not followed by two hex digits, bytes that are not UTF-8, a control character, or a `.`
/// or `..` segment. Only an origin-form target (`/…`) is a path.
pub fn decode_path(target: &str) -> Option<String> {
    if !target.starts_with('/') {
        return None;
    }
    let bytes = target.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
            let (high, low) = (hex(bytes.get(i + 1))?, hex(bytes.get(i + 2))?);
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    let bad_segment = path.split('/').any(|s| s == "." || s == "..");
    (!bad_segment && !path.chars().any(char::is_control)).then_some(path)
}

/// A request path as a file path, for tests' own static servers: [`decode_path`] when it
/// reads, else the text as it is (never a panic).
pub fn percent_decode(text: &str) -> String {
    decode_path(text).unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_never_leave_the_site() {
        let site = std::env::temp_dir();
        assert_eq!(file_of(&site, "/../etc/passwd"), None);
        assert_eq!(percent_decode("/%E8%A2%81/"), "/袁/");
    }

    #[test]
    fn malformed_paths_are_refused_never_a_panic() {
        assert_eq!(decode_path("/%E8%A2%81/a%20b"), Some("/袁/a b".into()));
        for bad in ["/%袁", "/%ff", "/%E8%A2", "/%", "/%z1", "/a%", "/../x", "/a/%2e%2e/b", "/./a", "/%00", "x", "*"] {
            assert_eq!(decode_path(bad), None, "{bad}");
        }
        assert_eq!(percent_decode("/%袁"), "/%袁");
    }

    #[test]
    fn only_the_printed_address_is_our_host() {
        assert!(is_our_host("127.0.0.1:1111", 1111));
        assert!(is_our_host("LocalHost:1111", 1111));
        assert!(is_our_host("localhost", 80));
        for other in ["evil.example:1111", "127.0.0.1:1112", "127.0.0.1", "evil.example", "", "[::1]:1111"] {
            assert!(!is_our_host(other, 1111), "{other}");
        }
    }

    #[test]
    fn a_head_ends_at_its_blank_line_and_is_bounded() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), Some(25));
        assert_eq!(head_end(b"GET / HTTP/1.1\nHost: a\n\n"), Some(23));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
        assert_eq!(check_sizes(&[b'a'; MAX_LINE + 1]), Err(URI_TOO_LONG));
        let mut head = b"GET / HTTP/1.1\r\n".to_vec();
        head.extend([b'a'; MAX_LINE + 1]);
        assert_eq!(check_sizes(&head), Err(HEADERS_TOO_LARGE));
    }

    #[test]
    fn html_gets_the_live_script_and_nothing_else_does() {
        let html = with_live_script(Path::new("a.html"), b"<body>x</body>".to_vec());
        assert_eq!(String::from_utf8(html).unwrap(), "<body>x<script src=/__liaison/live.js></script></body>");
        assert_eq!(with_live_script(Path::new("a.css"), b"body{}".to_vec()), b"body{}");
    }
}
