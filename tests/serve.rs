//! `liaison serve`: an edit shows over HTTP, a broken edit shows its error while the last
//! good site stays served. Loopback only; the server is stopped at the end.

mod common;

use common::Workspace;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(base: &str, path: &str) -> (u16, String) {
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Starts `liaison serve` on a free port for the workspace; returns it and its address.
/// What it prints on stderr goes to `serve.log` in the workspace.
fn start(workspace: &Workspace) -> (Server, String) {
    let log = std::fs::File::create(workspace.dir.path().join("serve.log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["serve", "--content", "content", "--out", "site", "--port", "0", "--today", common::TODAY])
        .current_dir(workspace.dir.path())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start liaison serve");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first_line).unwrap();
    (Server(child), first_line.trim().to_string())
}

/// Polls until `test` holds (at most 10 s); returns how long it took.
fn until(what: &str, test: impl Fn() -> bool) -> Duration {
    let start = Instant::now();
    while !test() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
    start.elapsed()
}

#[test]
fn an_edit_shows_over_http_and_a_broken_edit_keeps_the_last_good_site() {
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    assert!(base.starts_with("http://127.0.0.1:"), "serve prints its address: {base:?}");

    let (status, page) = get(&base, "/demo/stations/north/");
    assert_eq!(status, 200);
    assert!(page.contains("北街社区人大代表联络站"));
    assert!(page.contains("/__liaison/live.js"), "pages get the reload script");
    let (status, _) = get(&base, "/demo/no-such-page/");
    assert_eq!(status, 404);

    // An edit shows.
    let station = workspace.content().join("demo/stations/north/station.yaml");
    let text = std::fs::read_to_string(&station).unwrap();
    std::fs::write(&station, text.replace("name: 北街社区人大代表联络站", "name: 北街新名称联络站")).unwrap();
    let took = until("the edit to show", || get(&base, "/demo/stations/north/").1.contains("北街新名称联络站"));
    eprintln!("the edit showed after {took:?}");

    // A broken edit: the error is reported, the last good page is still served.
    std::fs::write(&station, text.replace("name: 北街社区人大代表联络站", "name: 北街新名称联络站\nshedule: []"))
        .unwrap();
    until("the error to be reported", || get(&base, "/__liaison/state").1.contains("shedule"));
    let (status, page) = get(&base, "/demo/stations/north/");
    assert_eq!(status, 200);
    assert!(page.contains("北街新名称联络站"), "the last good site stays served");
    let (_, state) = get(&base, "/__liaison/state");
    assert!(state.contains("不认识的键"), "the problem is shown in plain words: {state}");

    // Fixed again: the error clears.
    std::fs::write(&station, text).unwrap();
    until("the error to clear", || get(&base, "/__liaison/state").1.contains("\"errors\":\"\""));
    assert!(get(&base, "/demo/stations/north/").1.contains("北街社区人大代表联络站"));
}

#[test]
fn an_edit_shows_in_the_browser_within_a_second() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("tests/browser/node_modules/playwright-core").exists(),
        "run scripts/test (npm ci in tests/browser)"
    );
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    let url = format!("{base}demo/stations/north/");
    let mut browser = Command::new("node")
        .arg(root.join("tests/browser/live.js"))
        .args([url.as_str(), "北街新名称联络站"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node");
    let mut lines = BufReader::new(browser.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    let station = workspace.content().join("demo/stations/north/station.yaml");
    let text = std::fs::read_to_string(&station).unwrap();
    std::fs::write(&station, text.replace("name: 北街社区人大代表联络站", "name: 北街新名称联络站")).unwrap();
    writeln!(browser.stdin.as_mut().unwrap()).unwrap();
    let millis: u64 = lines.next().expect("a time").unwrap().trim().parse().expect("milliseconds");
    let _ = browser.wait();
    eprintln!("the edit showed in the browser after {millis} ms");
    assert!(millis < 1000, "the edit took {millis} ms to show in the browser");
}

/// An answer to a raw request: its status (0 when there was none), its head with header
/// names in lower case, and its body.
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
    }
}

fn read_response(stream: &mut TcpStream) -> Response {
    read_response_by(stream, Instant::now() + Duration::from_secs(30))
}

/// The answer as far as it came by `deadline`.
fn read_response_by(stream: &mut TcpStream, deadline: Instant) -> Response {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 8192];
    while let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) {
        stream.set_read_timeout(Some(left)).unwrap();
        // A reset after the answer (the server closing with unread bytes) still leaves the answer.
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => bytes.extend_from_slice(&buffer[..n]),
        }
    }
    let text = String::from_utf8_lossy(&bytes);
    let (head, _) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let head_len = head.len() + 4;
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let head = head.lines().map(|l| match l.split_once(':') {
        Some((name, value)) => format!("{}:{value}", name.to_ascii_lowercase()),
        None => l.to_string(),
    });
    let head = head.collect::<Vec<_>>().join("\n");
    Response { status, head, body: bytes.get(head_len..).unwrap_or_default().to_vec() }
}

/// Sends these bytes as they are and reads the answer to the end.
fn raw(base: &str, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(host_of(base)).expect("connect");
    stream.write_all(request).unwrap();
    read_response(&mut stream)
}

fn host_of(base: &str) -> &str {
    base.trim_start_matches("http://").trim_end_matches('/')
}

/// A GET of `target` (any bytes) with the right Host header.
fn raw_get(base: &str, target: &[u8]) -> Response {
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(format!(" HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", host_of(base)).as_bytes());
    raw(base, &request)
}

fn serve_log(workspace: &Workspace) -> String {
    std::fs::read_to_string(workspace.dir.path().join("serve.log")).unwrap()
}

// See: issue 13 (`GET /%袁` panics a `serve` thread).
#[test]
fn malformed_addresses_get_400_and_never_a_panic() {
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    let targets: [&[u8]; 10] = [
        "/%袁".as_bytes(),
        b"/%ff",
        b"/%E8%A2",
        b"/%",
        b"/%zz/",
        b"/\xff\xfe/",
        b"/demo/../../../etc/passwd",
        b"/demo/%2e%2e/%2E%2E/etc/passwd",
        b"/demo/%00",
        b"demo/",
    ];
    for target in targets {
        let response = raw_get(&base, target);
        assert_eq!(response.status, 400, "GET {}", String::from_utf8_lossy(target));
    }
    for request in
        [&b"\r\n\r\n"[..], b"GET\r\n\r\n", b"GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n", b"get / HTTP/1.1\r\n\r\n"]
    {
        assert_eq!(raw(&base, request).status, 400, "{}", String::from_utf8_lossy(request));
    }
    // Still serving, and nothing panicked. A header we do not read may hold any bytes.
    assert_eq!(raw_get(&base, b"/demo/stations/north/").status, 200);
    let latin1 = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Name: caf", host_of(&base));
    assert_eq!(raw(&base, &[latin1.as_bytes(), b"\xe9\r\n\r\n"].concat()).status, 200);
    assert_eq!(
        raw_get(&base, "/demo/stations/north/".replace('/', "%2F").replacen("%2F", "/", 1).as_bytes()).status,
        200
    );
    // liaison's own files in the site (its manifest) are not served.
    assert!(workspace.site().join(".liaison-manifest").is_file());
    assert_eq!(raw_get(&base, b"/.liaison-manifest").status, 404);
    assert!(!serve_log(&workspace).contains("panicked"), "{}", serve_log(&workspace));
}

// See: issue 13 ("HEAD returns a body, POST and DELETE answer 200").
#[test]
fn only_get_and_head_are_answered_and_head_has_no_body() {
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    let host = host_of(&base);
    let get = raw_get(&base, b"/demo/stations/north/");
    assert_eq!(get.status, 200);
    assert!(String::from_utf8_lossy(&get.body).contains("北街社区人大代表联络站"));
    let head = raw(&base, format!("HEAD /demo/stations/north/ HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some(get.body.len().to_string().as_str()), "HEAD tells GET's length");
    assert!(head.body.is_empty(), "HEAD has no body: {} bytes", head.body.len());
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let request =
            format!("{method} /demo/stations/north/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 3\r\n\r\nabc");
        let response = raw(&base, request.as_bytes());
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
    }
    // A refused HEAD has no body either.
    let refused = raw(&base, b"HEAD / HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    assert_eq!((refused.status, refused.body.len()), (421, 0));
    let missing = raw(&base, format!("HEAD /demo/no-such-page/ HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
    assert_eq!((missing.status, missing.body.len()), (404, 0));
}

// See: issue 13 (`/__liaison/state` "answers any Host header"): DNS rebinding.
#[test]
fn only_the_printed_address_is_served() {
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    let port = host_of(&base).rsplit_once(':').unwrap().1.to_string();
    for host in [format!("evil.example:{port}"), "evil.example".to_string(), "127.0.0.1:1".to_string()] {
        for path in ["/", "/__liaison/state", "/demo/stations/north/"] {
            let response = raw(&base, format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
            assert!(matches!(response.status, 400 | 421), "Host {host}, {path}: {}", response.status);
            assert!(!String::from_utf8_lossy(&response.body).contains("version"), "the state leaked to {host}");
        }
    }
    assert_eq!(raw(&base, b"GET / HTTP/1.1\r\n\r\n").status, 400, "no Host at all");
    let twice = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n");
    assert_eq!(raw(&base, twice.as_bytes()).status, 400, "two Host headers");
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let response = raw(&base, format!("GET /__liaison/state HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
        assert_eq!(response.status, 200, "{host}");
        assert!(String::from_utf8_lossy(&response.body).contains("version"));
    }
}

// See: issue 13 (serve "reads a 400 MB header line").
#[test]
fn oversized_request_heads_are_refused_without_being_read() {
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    let host = host_of(&base).to_string();
    let long_path = format!("/{}", "a".repeat(10 * 1024));
    assert_eq!(raw_get(&base, long_path.as_bytes()).status, 414);
    let long_header = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: {}\r\n\r\n", "b".repeat(9 * 1024));
    assert_eq!(raw(&base, long_header.as_bytes()).status, 431);
    let many_headers: String = (0..100).map(|n| format!("X-{n}: {}\r\n", "c".repeat(1000))).collect();
    let request = format!("GET / HTTP/1.1\r\nHost: {host}\r\n{many_headers}\r\n");
    assert_eq!(raw(&base, request.as_bytes()).status, 431);

    // An endless request line: the answer comes after the first few kilobytes, and the
    // server stops reading (the writer is cut off long before it has sent everything).
    let mut stream = TcpStream::connect(&host).unwrap();
    let mut writer = stream.try_clone().unwrap();
    const ENDLESS: usize = 256 * 1024 * 1024;
    let sender = std::thread::spawn(move || {
        writer.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        let chunk = [b'a'; 64 * 1024];
        let mut sent = writer.write(b"GET /").unwrap();
        while sent < ENDLESS {
            match writer.write(&chunk) {
                Ok(n) => sent += n,
                Err(_) => break,
            }
        }
        sent
    });
    let response = read_response(&mut stream);
    assert_eq!(response.status, 414);
    let sent = sender.join().unwrap();
    assert!(sent < ENDLESS / 4, "the server read {sent} bytes of one line");
    assert_eq!(raw_get(&base, b"/").status, 200, "still serving");
}

/// The number of threads of a process (Linux).
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status.lines().find_map(|l| l.strip_prefix("Threads:")).unwrap().trim().parse().unwrap()
}

// See: issue 13 ("serve keeps idle connections forever, one thread each").
#[test]
fn idle_connections_are_closed_and_their_number_is_bounded() {
    let workspace = Workspace::new(None);
    let (server, base) = start(&workspace);
    let pid = server.0.id();
    assert_eq!(raw_get(&base, b"/").status, 200);
    let before = threads(pid);
    let opened = Instant::now();
    let mut idle: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(host_of(&base)).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(500));
    let during = threads(pid);
    assert!(during <= before + 64, "{before} threads before, {during} with 100 idle connections");
    // Those over the bound are told so at once; so is a newcomer while all places are taken.
    assert_eq!(raw_get(&base, b"/").status, 503);
    // Idle connections are closed by the server (408) after its read timeout.
    for stream in &mut idle {
        let response = read_response_by(stream, opened + Duration::from_secs(20));
        assert!(matches!(response.status, 408 | 503), "{}", response.status);
    }
    let closed_after = opened.elapsed();
    assert!(closed_after < Duration::from_secs(20), "idle connections were closed after {closed_after:?}");
    until("the connection threads to end", || threads(pid) <= before);
    assert_eq!(raw_get(&base, b"/").status, 200, "serving again");
}

// See: issue 13 (a slow client, one byte at a time, must not hold a thread forever).
#[test]
fn a_request_head_that_trickles_in_is_cut_off() {
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    let mut stream = TcpStream::connect(host_of(&base)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let started = Instant::now();
    let head = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Slow: {}", host_of(&base), "s".repeat(100));
    std::thread::spawn(move || {
        // A byte every half second: never silent for long, never done.
        for byte in head.bytes() {
            if writer.write_all(&[byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    let response = read_response(&mut stream);
    let took = started.elapsed();
    assert_eq!(response.status, 408, "after {took:?}");
    assert!(took < Duration::from_secs(20), "the slow head was cut off after {took:?}");
}

// See: issue 13 ("after `content/` is removed and recreated, serve never rebuilds").
#[test]
fn serve_rebuilds_after_the_content_folder_is_removed_and_made_again() {
    let workspace = Workspace::new(None);
    let (_server, base) = start(&workspace);
    let page = "/demo/stations/north/";
    assert!(get(&base, page).1.contains("北街社区人大代表联络站"));
    let station = "demo/stations/north/station.yaml";
    let text = std::fs::read_to_string(workspace.content().join(station)).unwrap();

    // Removed: the build fails, the last good site stays served.
    std::fs::remove_dir_all(workspace.content()).unwrap();
    until("the missing folder to be reported", || !get(&base, "/__liaison/state").1.contains("\"errors\":\"\""));
    assert!(get(&base, page).1.contains("北街社区人大代表联络站"));
    // Made again, with an edit: it is built.
    common::copy_tree(&common::fixtures_dir().join("valid"), &workspace.content());
    workspace.write(station, &text.replace("name: 北街社区人大代表联络站", "name: 北街回来了联络站"));
    until("the new folder to be built", || get(&base, page).1.contains("北街回来了联络站"));
    // And watched: a later edit in it shows too.
    workspace.write(station, &text.replace("name: 北街社区人大代表联络站", "name: 北街再改联络站"));
    until("an edit in the new folder to show", || get(&base, page).1.contains("北街再改联络站"));

    // Put back by a rename (as a checkout or a sync tool does): seen too.
    let aside = workspace.dir.path().join("content.new");
    common::copy_tree(&workspace.content(), &aside);
    std::fs::write(aside.join(station), text.replace("name: 北街社区人大代表联络站", "name: 北街换入联络站")).unwrap();
    std::fs::rename(workspace.content(), workspace.dir.path().join("content.old")).unwrap();
    std::fs::rename(&aside, workspace.content()).unwrap();
    until("the renamed folder to be built", || get(&base, page).1.contains("北街换入联络站"));
    workspace.write(station, &text);
    until("an edit in it to show", || get(&base, page).1.contains("北街社区人大代表联络站"));
}
