//! The documented nginx configuration (`docs/deploy/nginx.conf`, issue 19), run by Debian's
//! nginx on 127.0.0.1 against a site built with `--precompress`: status codes, security and
//! cache headers, the precompressed files sent as they are, and the 404 pages.

mod common;

use common::Workspace;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};

struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts nginx with the documented server block, its `listen` and `root` set for the test.
fn start(workspace: &Workspace) -> Nginx {
    assert!(Path::new("/usr/sbin/nginx").exists(), "nginx is missing: run scripts/test");
    let documented =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy/nginx.conf")).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let root = workspace.site().canonicalize().unwrap();
    let server = documented
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("root /srv/liaison/site;", &format!("root {};", root.display()));
    assert_ne!(server, documented);
    let prefix = workspace.dir.path().join("nginx");
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    let brotli = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";
    assert!(Path::new(brotli).exists(), "nginx's brotli_static module is missing: run scripts/test");
    let conf = format!(
        "load_module {brotli};\npid {pid};\nerror_log {log} warn;\nevents {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\n\
         default_type application/octet-stream;\naccess_log off;\nclient_body_temp_path {tmp};\nproxy_temp_path {tmp};\n\
         fastcgi_temp_path {tmp};\nuwsgi_temp_path {tmp};\nscgi_temp_path {tmp};\n{server}\n}}\n",
        pid = prefix.join("nginx.pid").display(),
        log = prefix.join("logs/error.log").display(),
        tmp = prefix.display(),
    );
    let conf_path = prefix.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let test =
        Command::new("/usr/sbin/nginx").arg("-t").arg("-p").arg(&prefix).arg("-c").arg(&conf_path).output().unwrap();
    assert!(test.status.success(), "nginx -t: {}", String::from_utf8_lossy(&test.stderr));
    let child = Command::new("/usr/sbin/nginx")
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(&conf_path)
        .args(["-g", "daemon off;"])
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed().as_secs() < 10, "nginx did not start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Nginx { child, port }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn get(nginx: &Nginx, path: &str, encoding: Option<&str>) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", nginx.port)).unwrap();
    let accept = encoding.map(|e| format!("Accept-Encoding: {e}\r\n")).unwrap_or_default();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n{accept}Connection: close\r\n\r\n").unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let mut response = Response { status, headers, body: bytes[split + 4..].to_vec() };
    if response.header("transfer-encoding") == Some("chunked") {
        response.body = unchunk(&response.body);
    }
    response
}

fn unchunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = bytes.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&bytes[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&bytes[line_end + 2..line_end + 2 + size]);
        bytes = &bytes[line_end + 4 + size..];
    }
}

#[test]
fn the_documented_nginx_configuration_serves_the_site() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let run =
        workspace.run(&["build", "--content", "content", "--out", "site", "--today", common::TODAY, "--precompress"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let nginx = start(&workspace);
    let site = workspace.site();

    // A page: 200, the security headers, asked again each time.
    let page = get(&nginx, "/lishi/", None);
    assert_eq!(page.status, 200);
    assert_eq!(page.body, std::fs::read(site.join("lishi/index.html")).unwrap());
    let csp = page.header("content-security-policy").expect("a CSP header");
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("script-src 'self'")
            && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    assert!(page.header("content-type").unwrap().contains("text/html; charset=utf-8"));

    // The precompressed files, sent as they are.
    let br = get(&nginx, "/lishi/", Some("br, gzip"));
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.body, std::fs::read(site.join("lishi/index.html.br")).unwrap());
    let gz = get(&nginx, "/lishi/", Some("gzip"));
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.body, std::fs::read(site.join("lishi/index.html.gz")).unwrap());
    assert_eq!(gz.header("vary"), Some("Accept-Encoding"));

    // The hashed stylesheet: kept for a year, with the security headers still there.
    let style = std::fs::read_dir(site.join("lishi/assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap();
    let css = get(&nginx, &format!("/lishi/assets/{style}"), None);
    assert_eq!(css.status, 200);
    assert_eq!(css.header("cache-control"), Some("max-age=31536000"));
    assert_eq!(css.header("x-content-type-options"), Some("nosniff"));
    assert!(css.header("content-type").unwrap().starts_with("text/css"));

    // Feeds and data have their types.
    let ics = get(&nginx, "/lishi/calendar.ics", None);
    assert_eq!(ics.status, 200);
    assert!(ics.header("content-type").unwrap().starts_with("text/calendar"), "{:?}", ics.header("content-type"));
    assert!(get(&nginx, "/lishi/data/stations.csv", None).header("content-type").unwrap().starts_with("text/csv"));

    // The 404 pages: the county's inside a county, the portal's elsewhere; hidden files are not served.
    let missing = get(&nginx, "/lishi/no-such-page/", None);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, std::fs::read(site.join("lishi/404.html")).unwrap());
    let missing = get(&nginx, "/no-such-page.html", None);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, std::fs::read(site.join("404.html")).unwrap());
    assert!(site.join(".liaison-manifest").is_file());
    assert_eq!(get(&nginx, "/.liaison-manifest", None).status, 404);
}
