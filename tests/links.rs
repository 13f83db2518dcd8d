//! Every link and asset a page names resolves to a file of the site, and the theme's assets
//! carry their content's hash in their names (issue 19: cacheable for a year).

mod common;

use common::Workspace;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The local targets of a page's `href` and `src` attributes (not `#…`, `mailto:`, `tel:`,
/// `webcal:`, `http(s):`), with their query and fragment cut.
fn local_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in [" href=", " src="] {
        for piece in html.split(attribute).skip(1) {
            let value = match piece.chars().next() {
                Some(q @ ('"' | '\'')) => piece[1..].split(q).next().unwrap_or(""),
                _ => piece.split([' ', '>']).next().unwrap_or(""),
            };
            let value = value.split(['#', '?']).next().unwrap_or("");
            if value.is_empty() || value.contains(':') {
                continue;
            }
            links.push(value.replace("&amp;", "&"));
        }
    }
    links
}

fn resolve(site: &Path, page: &Path, link: &str) -> PathBuf {
    let mut target = if link.starts_with('/') { site.to_path_buf() } else { page.parent().unwrap().to_path_buf() };
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                target.pop();
            }
            part => target.push(part),
        }
    }
    if target.is_dir() {
        target.push("index.html");
    }
    target
}

#[test]
fn every_link_of_every_page_resolves() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = workspace.site();
    let mut broken = BTreeSet::new();
    let mut checked = 0;
    for (rel, bytes) in common::tree(&site) {
        if !rel.ends_with(".html") {
            continue;
        }
        let page = site.join(&rel);
        for link in local_links(&String::from_utf8_lossy(&bytes)) {
            // Absolute paths are under the portal's base URL, which a site on disk does not have.
            if link.starts_with('/') {
                continue;
            }
            checked += 1;
            if !resolve(&site, &page, &link).is_file() {
                broken.insert(format!("{rel} → {link}"));
            }
        }
    }
    assert!(checked > 500, "{checked} links");
    assert!(broken.is_empty(), "{} broken: {:?}", broken.len(), broken.iter().take(20).collect::<Vec<_>>());
}

/// The theme's assets in a county's `assets/`.
fn assets(site: &Path) -> BTreeSet<String> {
    std::fs::read_dir(site.join("demo/assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn asset_names_change_with_their_content() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let before = assets(&workspace.site());
    let style = before.iter().find(|n| n.starts_with("style.") && n.ends_with(".css")).unwrap().clone();
    assert_eq!(style.split('.').nth(1).map(str::len), Some(10), "{style}: its hash in its name");
    assert!(workspace.page("demo/index.html").contains(&format!("assets/{style}")));
    // A theme whose stylesheet differs gets another name; the scripts keep theirs.
    let portal = std::fs::read_to_string(workspace.content().join("portal.yaml")).unwrap();
    workspace.write("portal.yaml", &format!("{portal}theme: ./mytheme\n"));
    workspace.write("mytheme/static/style.css", "body { color: black }\n");
    assert_eq!(workspace.build().code, Some(0));
    let after = assets(&workspace.site());
    let new_style = after.iter().find(|n| n.starts_with("style.")).unwrap();
    assert_ne!(new_style, &style);
    assert_eq!(
        std::fs::read_to_string(workspace.site().join("demo/assets").join(new_style)).unwrap(),
        "body { color: black }\n"
    );
    assert!(workspace.page("demo/stations/north/index.html").contains(&format!("assets/{new_style}")));
    let scripts = |names: &BTreeSet<String>| names.iter().filter(|n| n.ends_with(".js")).cloned().collect::<Vec<_>>();
    assert_eq!(scripts(&before), scripts(&after));
}

/// The status code of `GET path` from the server at `base` (`http://127.0.0.1:PORT`).
fn status(base: &str, path: &str) -> u16 {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(base.trim_start_matches("http://")).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    String::from_utf8_lossy(&response).split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// `link` resolved against the page at `page` (a path from the host's root), as a browser
/// resolves it; `None` when it climbs above the root.
fn resolve_url(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') { Vec::new() } else { page.split('/').collect() };
    parts.pop();
    let mut ends_in_folder = false;
    for part in link.split('/') {
        ends_in_folder = matches!(part, "" | "." | "..");
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().filter(|p| !p.is_empty())?;
            }
            part => parts.push(part),
        }
    }
    let mut path = parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("/");
    path.insert(0, '/');
    if ends_in_folder && path.len() > 1 {
        path.push('/');
    }
    Some(path)
}

// See: issue 19. A county built with `--standalone`, copied to the root of a host of its
// own and served there: every link of every page is a page or file of that host, and the
// only way back to the portal is its address (`base_url`).
#[test]
fn a_county_served_alone_keeps_every_link_inside_it() {
    let workspace = Workspace::new(None);
    let run =
        workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-11-25", "--standalone"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let alone = tempfile::tempdir().unwrap();
    common::copy_tree(&workspace.site().join("demo"), alone.path());
    let base = common::serve(alone.path().to_path_buf());
    let mut checked = BTreeSet::new();
    let mut broken = BTreeSet::new();
    let mut portal_links = 0;
    for (rel, bytes) in common::tree(alone.path()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        portal_links += html.matches("href=\"https://example.org/portal/\"").count();
        assert!(
            !html.contains("href=\"https://example.org/portal/demo"),
            "{rel}: a link to the county's copy on the portal"
        );
        let page = format!("/{rel}");
        for link in local_links(&html) {
            match resolve_url(&page, &link) {
                None => {
                    broken.insert(format!("{rel} → {link} (out of the county)"));
                }
                Some(url) => {
                    if checked.insert(url.clone()) && status(&base, &url) != 200 {
                        broken.insert(format!("{rel} → {link} ({url})"));
                    }
                }
            }
        }
    }
    assert!(checked.len() > 30, "{} links", checked.len());
    assert!(broken.is_empty(), "{} broken: {:?}", broken.len(), broken);
    // Every page's site title leads to the portal by its address (the 404 page's too).
    let pages = common::tree(alone.path()).iter().filter(|(rel, _)| rel.ends_with(".html")).count();
    assert_eq!(portal_links, pages, "one portal link a page");
    // Built without --standalone, the same county leads to the portal next to it.
    assert_eq!(workspace.build().code, Some(0));
    let home = workspace.page("demo/index.html");
    assert!(!home.contains("https://example.org/portal/\""), "a whole site links to its portal by a relative path");
    assert!(home.contains("class=site-title><a href=\"./../\""), "the site title leads to ../");
}
