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
