//! The one helper every integration test goes through: lay out a fixture site, run
//! `liaison` on it, and read what a person would see.
//!
//! Fixtures live in `tests/fixtures/`. `valid/` is a complete site using every file
//! kind; `invalid/<case>/` holds only the files that differ from it (laid over a copy of
//! `valid/`), plus an optional `REMOVE` file listing paths to delete first.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const TODAY: &str = "2026-11-25";

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A scratch folder holding `content/` (a fixture) and room for `site/`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    /// `valid/`, with the overlay `invalid/<case>` laid over it when given.
    pub fn new(overlay: Option<&str>) -> Workspace {
        let workspace = Workspace { dir: tempfile::tempdir().expect("temp dir") };
        copy_tree(&fixtures_dir().join("valid"), &workspace.content());
        if let Some(case) = overlay {
            let overlay_dir = fixtures_dir().join("invalid").join(case);
            assert!(overlay_dir.is_dir(), "no fixture {}", overlay_dir.display());
            if let Ok(list) = std::fs::read_to_string(overlay_dir.join("REMOVE")) {
                for rel in list.lines().filter(|l| !l.trim().is_empty()) {
                    let path = workspace.content().join(rel.trim());
                    if path.is_dir() {
                        std::fs::remove_dir_all(&path).unwrap();
                    } else {
                        std::fs::remove_file(&path).unwrap();
                    }
                }
            }
            copy_tree(&overlay_dir, &workspace.content());
            let _ = std::fs::remove_file(workspace.content().join("REMOVE"));
        }
        workspace
    }

    /// Any content folder, copied (so tests never write into the repository).
    pub fn from_dir(content: &Path) -> Workspace {
        let workspace = Workspace { dir: tempfile::tempdir().expect("temp dir") };
        copy_tree(content, &workspace.content());
        workspace
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.content().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs the `liaison` binary with these arguments (paths relative to the workspace).
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_liaison"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run liaison");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build", "--content", "content", "--out", "site", "--today", TODAY])
    }

    pub fn check(&self) -> Run {
        self.run(&["check", "--content", "content", "--today", TODAY])
    }

    /// A built page of the site, as text.
    pub fn page(&self, rel: &str) -> String {
        let path = self.site().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file of the site under `dir`, by relative path, with its bytes (liaison's own
/// files, `.liaison-manifest` and those of a build inside a mounted volume, left out).
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    // Links followed, as a web server follows them.
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, e)
        })
        .filter(|(rel, _)| !rel.starts_with(".liaison-"))
        .map(|(rel, e)| (rel, std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// What a reader sees of a page's main content, as an outline: headings as `#`, list
/// items as `-`, links as `[text](href)`, each block on its own line. Snapshots of this
/// survive changes to classes and layout, and fail when what people read changes.
pub fn page_text(html: &str) -> String {
    let main = html.split("<main").nth(1).and_then(|m| m.split("</main>").next()).unwrap_or(html);
    let main = &main[main.find('>').map_or(0, |i| i + 1)..];
    let mut out = String::new();
    let mut href_stack: Vec<Option<String>> = Vec::new();
    let mut rest = main;
    while let Some(start) = rest.find('<') {
        out.push_str(&unescape(&rest[..start]));
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start + 1..end.saturating_sub(1)];
        let name: String = tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let closing = tag.starts_with('/');
        if name == "script" && !closing {
            // Script contents are not what a reader sees.
            let close = rest[end..].find("</script>").map_or(rest.len(), |c| end + c);
            rest = &rest[close..];
            continue;
        }
        match (name.as_str(), closing) {
            ("h1" | "h2" | "h3", false) => {
                out.push('\n');
                out.push_str(&"#".repeat(name[1..].parse().unwrap_or(1)));
                out.push(' ');
            }
            ("li", false) => out.push_str("\n- "),
            ("p" | "div" | "section" | "ul" | "ol" | "dl" | "article" | "br", _) | ("h1" | "h2" | "h3", true) => {
                out.push('\n')
            }
            ("dt", false) => out.push('\n'),
            ("dd", false) => out.push_str(": "),
            ("a", false) => {
                out.push('[');
                href_stack.push(attr(tag, "href"));
            }
            ("a", true) => {
                let href = href_stack.pop().flatten().unwrap_or_default();
                out.push_str(&format!("]({href})"));
            }
            ("img", _) => out.push_str(&format!(
                "![{}]({})",
                attr(tag, "alt").unwrap_or_default(),
                attr(tag, "src").unwrap_or_default()
            )),
            ("time", false) => {
                if let Some(datetime) = attr(tag, "datetime") {
                    out.push_str(&format!("<time {datetime}>"));
                }
            }
            _ => {}
        }
        rest = &rest[end..];
    }
    out.push_str(&unescape(rest));
    out.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n") + "\n"
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let value = &tag[at..];
    let value = if let Some(quoted) = value.strip_prefix('"') {
        &quoted[..quoted.find('"')?]
    } else {
        value.split([' ', '>']).next()?
    };
    Some(unescape(value))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// A static file server on 127.0.0.1 for browser tests (fetch does not work from
/// `file://`). Serves `root` until the test process ends; returns the base URL.
pub fn serve(root: std::path::PathBuf) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                // Drain the headers.
                let mut line = String::new();
                while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split('?').next().unwrap_or("/");
                let path = liaison::serve::percent_decode(path);
                let mut file = root.join(path.trim_start_matches('/'));
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let (status, body) = match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => ("200 OK", body),
                    _ => ("404 Not Found", Vec::new()),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    Some("json") => "application/json",
                    Some("css") => "text/css",
                    Some("svg") => "image/svg+xml",
                    _ => "text/plain; charset=utf-8",
                };
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://{address}")
}

/// The DOM of a page after its scripts ran, in headless Chromium.
pub fn dump_dom(url: &str) -> String {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists())
        .expect("browser tests need Chromium: apt-get install chromium (.ci/run does)");
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Text without its tags (for short snippets such as a `<time>` element's content).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
