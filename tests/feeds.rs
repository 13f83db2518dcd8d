//! Atom feeds read back by an independent parser (`atom_syndication`), sitemaps, robots.txt
//! and 404 pages; and a new case reaches a feed reader after a rebuild.

mod common;

use atom_syndication::Feed;
use common::{tree, Workspace};

fn feed(workspace: &Workspace, path: &str) -> Feed {
    workspace.page(path).parse::<Feed>().unwrap_or_else(|e| panic!("{path} is not valid Atom: {e}"))
}

#[test]
fn feeds_list_the_cases_newest_first_with_their_status() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let county = feed(&workspace, "demo/cases.xml");
    let ids: Vec<&str> = county.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/portal/demo/stations/north/cases/parking/",
            "https://example.org/portal/demo/stations/north/cases/gas/",
        ],
        "both cases, newest first"
    );
    let gas = &county.entries()[1];
    assert_eq!(gas.title().as_str(), "留义新苑 280 多户居民用上天然气（已办结）");
    assert!(gas.categories().iter().any(|c| c.term() == "resolved" && c.label() == Some("已办结")));
    assert_eq!(gas.updated().to_rfc3339(), "2018-10-15T00:00:00+08:00", "the last step dates the entry");
    assert!(gas.content().and_then(|c| c.value()).unwrap().contains("280 多户"));
    assert_eq!(county.updated(), county.entries()[0].updated(), "the feed is as new as its newest case");
    // Every station has its own feed; one without cases is an empty, valid feed.
    assert_eq!(feed(&workspace, "demo/stations/north/cases.xml").entries().len(), 2);
    assert!(feed(&workspace, "demo/stations/south/cases.xml").entries().is_empty());
}

#[test]
fn a_new_case_reaches_a_feed_reader_after_a_rebuild() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let before = feed(&workspace, "demo/cases.xml");
    workspace.write(
        "demo/stations/south/cases/road.md",
        "---\ntitle: 南关村道路硬化\ncategory: 交通出行\nstatus: in_progress\nreceived: 2026-11-20\n---\n正在办理。\n",
    );
    assert_eq!(workspace.build().code, Some(0));
    let after = feed(&workspace, "demo/cases.xml");
    assert_eq!(after.entries().len(), before.entries().len() + 1);
    assert_eq!(after.entries()[0].id(), "https://example.org/portal/demo/stations/south/cases/road/");
    assert!(after.updated() > before.updated());
    // Entries that did not change keep their ids and dates.
    for old in before.entries() {
        let same = after.entries().iter().find(|e| e.id() == old.id()).expect("still there");
        assert_eq!(same.updated(), old.updated());
    }
}

#[test]
fn sitemaps_list_every_page_and_robots_point_to_them() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let sitemap = workspace.page("demo/sitemap.xml");
    let pages: Vec<String> = tree(&workspace.site().join("demo"))
        .into_iter()
        .filter_map(|(path, _)| path.strip_suffix("index.html").map(str::to_string))
        .collect();
    assert!(pages.len() > 15, "{} pages", pages.len());
    for page in pages {
        let url = format!("<loc>https://example.org/portal/demo/{page}</loc>");
        assert!(sitemap.contains(&url), "the sitemap lacks {url}");
    }
    assert!(workspace.page("demo/robots.txt").contains("Sitemap: https://example.org/portal/demo/sitemap.xml"));
    let index = workspace.page("sitemap.xml");
    assert!(index.contains("<loc>https://example.org/portal/demo/sitemap.xml</loc>"));
    assert!(index.contains("<loc>https://example.org/portal/other/sitemap.xml</loc>"));
    for not_found in ["404.html", "demo/404.html"] {
        let page = workspace.page(not_found);
        assert!(page.contains("没有找到这个页面"), "{not_found}");
        // Served for any missing address, so its links start at the root of the host.
        assert!(page.contains("href=\"/portal/"), "{not_found}");
    }
}

/// Whether XML 1.0 allows a character (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character XML 1.0 forbids, written or as a character reference (`&#1;`), with
/// its line: a strict reader stops there with "not well-formed".
fn forbidden_xml_char(text: &str) -> Option<(usize, char)> {
    text.lines().enumerate().find_map(|(n, line)| {
        let written = line.chars().find(|&c| !is_xml_char(c));
        let referenced = line.split("&#").skip(1).find_map(|rest| {
            let digits = rest.split(';').next()?;
            let code = match digits.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => digits.parse().ok()?,
            };
            // A surrogate or a number past Unicode is no character at all.
            match char::from_u32(code) {
                Some(c) if is_xml_char(c) => None,
                other => Some(other.unwrap_or('\u{FFFD}')),
            }
        });
        written.or(referenced).map(|c| (n + 1, c))
    })
}

// See: issue 13 ("a control character in a case title makes `cases.xml` ill-formed").
#[test]
fn control_characters_in_content_never_make_xml_ill_formed() {
    let workspace = Workspace::new(None);
    let gas = std::fs::read_to_string(workspace.content().join("demo/stations/north/cases/gas.md")).unwrap();
    let gas = gas
        .replacen(
            "title: 留义新苑 280 多户居民用上天然气",
            "title: \"留义\\x01新\\uFFFE苑 280 多户\\uFFFF居民用上天然气\"",
            1,
        )
        .replacen("category: 供暖供气", "category: \"供暖\\x1b供气\"", 1)
        .replacen("困扰", "困\u{1}扰 &#xFFFF; &#1; ", 1);
    workspace.write("demo/stations/north/cases/gas.md", &gas);
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let county = feed(&workspace, "demo/cases.xml");
    let entry = county.entries().iter().find(|e| e.id().ends_with("/cases/gas/")).expect("the case is in the feed");
    assert_eq!(entry.title().as_str(), "留义新苑 280 多户居民用上天然气（已办结）", "forbidden characters removed");
    assert!(entry.categories().iter().any(|c| c.term() == "供暖供气"));
    assert!(entry.content().and_then(|c| c.value()).unwrap().contains("困扰"));
    feed(&workspace, "demo/stations/north/cases.xml");
    for (path, bytes) in tree(&workspace.site()).into_iter().filter(|(p, _)| p.ends_with(".xml")) {
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(forbidden_xml_char(&text), None, "{path} holds a character XML forbids");
    }
}
