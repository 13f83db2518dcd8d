//! `liaison serve`: an edit shows over HTTP, a broken edit shows its error while the last
//! good site stays served. Loopback only; the server is stopped at the end.

mod common;

use common::Workspace;
use std::io::{BufRead, BufReader, Read, Write};
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
fn start(workspace: &Workspace) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liaison"))
        .args(["serve", "--content", "content", "--out", "site", "--port", "0", "--today", common::TODAY])
        .current_dir(workspace.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
