//! `liaison serve`: build, serve the site on 127.0.0.1, rebuild when content or theme
//! change, and reload the browser.
//!
//! Builds go through `lib::build`, so they are staged and swapped like any build: a broken
//! edit leaves the last good site in place and served, while its problems are printed in
//! the terminal and shown on the page. The server is plain `std::net` (one thread per
//! connection, loopback only). HTML responses get one script, `/__liaison/live.js`, which
//! polls `/__liaison/state`: it reloads the page when a rebuild lands and shows the problems
//! while the content has errors. Nothing of this is written into the site.

use crate::diag::render_all;
use crate::{build, BuildOptions};
use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// What the page script asks for: a build counter, and the problems of the last build.
#[derive(Default)]
struct State {
    version: u64,
    errors: String,
}

pub struct ServeOptions {
    pub build: BuildOptions,
    pub port: u16,
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

pub fn serve(options: ServeOptions) -> Result<()> {
    let state = Arc::new(Mutex::new(State::default()));
    rebuild(&options.build, &state);
    let listener = TcpListener::bind(("127.0.0.1", options.port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", options.port))?;
    let address = listener.local_addr()?;
    println!("http://{address}/");
    let _ = std::io::stdout().flush();

    let (sender, receiver) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !matches!(event.kind, notify::EventKind::Access(_)) {
                let _ = sender.send(());
            }
        }
    })?;
    watcher.watch(&options.build.content, RecursiveMode::Recursive)?;
    // A theme folder outside the content folder is watched too.
    if let Ok(loaded) = crate::load::load(&options.build.content) {
        if let Some(theme) = loaded.site.portal.theme.filter(|t| !t.starts_with(&options.build.content)) {
            watcher.watch(&theme, RecursiveMode::Recursive)?;
        }
    }
    let rebuild_options = options.build.clone();
    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || {
        while receiver.recv().is_ok() {
            // Let a burst of changes (an editor saving) settle, then build once.
            while receiver.recv_timeout(Duration::from_millis(80)).is_ok() {}
            rebuild(&rebuild_options, &rebuild_state);
        }
    });

    let site = absolute(&options.build.out)?;
    for stream in listener.incoming().flatten() {
        let site = site.clone();
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            let _ = respond(stream, &site, &state);
        });
    }
    drop(watcher);
    Ok(())
}

fn absolute(path: &Path) -> Result<PathBuf> {
    Ok(if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) })
}

fn rebuild(options: &BuildOptions, state: &Mutex<State>) {
    let outcome = build(options);
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    match outcome {
        Ok(report) => {
            let text = render_all(&report.diagnostics, report.lang);
            if !text.is_empty() {
                eprint!("{text}");
            }
            match report.written {
                Some(written) => {
                    eprintln!("rebuilt {} pages in {:.2} s", written.pages, report.elapsed.as_secs_f64());
                    state.version += 1;
                    state.errors.clear();
                }
                None => state.errors = text,
            }
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            state.errors = format!("{error:#}");
        }
    }
}

fn respond(stream: TcpStream, site: &Path, state: &Mutex<State>) -> Result<()> {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let (status, kind, body) = match path.as_str() {
        "/__liaison/live.js" => ("200 OK", "text/javascript; charset=utf-8", LIVE_JS.as_bytes().to_vec()),
        "/__liaison/state" => {
            let state = state.lock().unwrap_or_else(|e| e.into_inner());
            let json = serde_json::json!({ "version": state.version, "errors": state.errors });
            ("200 OK", "application/json", json.to_string().into_bytes())
        }
        _ => match file_of(site, &path) {
            Some(file) => ("200 OK", content_type(&file), with_live_script(&file, std::fs::read(&file)?)),
            None => {
                let page = site.join("404.html");
                (
                    "404 Not Found",
                    "text/html; charset=utf-8",
                    with_live_script(&page, std::fs::read(&page).unwrap_or_default()),
                )
            }
        },
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    Ok(())
}

/// The file an address names inside the site, if any (`..` never leaves the site).
fn file_of(site: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
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

/// `%E8%A2%81` → `袁`: the path of a request, as a file path.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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
    fn html_gets_the_live_script_and_nothing_else_does() {
        let html = with_live_script(Path::new("a.html"), b"<body>x</body>".to_vec());
        assert_eq!(String::from_utf8(html).unwrap(), "<body>x<script src=/__liaison/live.js></script></body>");
        assert_eq!(with_live_script(Path::new("a.css"), b"body{}".to_vec()), b"body{}");
    }
}
