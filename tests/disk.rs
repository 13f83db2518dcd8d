//! Opened from disk (issue 19): a site copied to a desk PC or a USB stick and opened as
//! `file://…/index.html` works as it does served: every link leads to a page (not a folder
//! listing), and search finds deputies, from the portal and from a county, with nothing
//! refused by the pages' Content-Security-Policy. Headless Chromium via playwright-core.

mod common;

use common::Workspace;
use serde_json::Value;
use std::path::Path;

/// Walks the site from `start` through `steps` (see `tests/browser/walk.js`): one report
/// per page reached, the start first.
fn walk(start: &str, steps: Value, javascript: bool) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("tests/browser/node_modules/playwright-core").exists(),
        "browser test tools are missing: run scripts/test (or npm ci in tests/browser)"
    );
    let mut command = std::process::Command::new("node");
    command.arg(root.join("tests/browser/walk.js")).arg(start).arg(steps.to_string());
    if !javascript {
        command.env("NOJS", "1");
    }
    let output = command.output().expect("run node");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Each report landed on `page` (a file of the site), showed `h1` and logged no error.
fn assert_landed(report: &Value, site: &Path, page: &str, h1: &str) {
    assert_eq!(report["url"].as_str(), Some(file_url(&site.join(page)).as_str()), "{report}");
    assert_eq!(report["h1"].as_str().map(str::trim), Some(h1), "{report}");
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
}

fn results(report: &Value) -> Vec<String> {
    report["results"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect()
}

/// Portal → county → station → deputy → station → case → portal, by the links' text.
fn portal_to_case_and_back() -> Vec<Value> {
    ["示例县", "北街社区人大代表联络站", "宋金峰", "北街社区人大代表联络站", "天然气", "测试门户"]
        .map(|text| serde_json::json!({ "link": text }))
        .to_vec()
}

#[test]
fn from_disk_links_lead_to_pages_and_search_finds_deputies() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let site = workspace.site();
    let mut steps = portal_to_case_and_back();
    steps.extend(
        serde_json::json!([
            {"search": "宋金峰"},
            {"result": 0},
            {"link": "测试门户"},
            {"search": "songjinfeng"},
            {"link": "测试门户"},
            {"link": "示例县"},
            {"search": "song jin feng"},
            {"search": "天然气"},
            {"result": 0},
        ])
        .as_array()
        .unwrap()
        .iter()
        .cloned(),
    );
    let reports = walk(&file_url(&site.join("index.html")), Value::Array(steps), true);
    assert_landed(&reports[0], &site, "index.html", "测试门户");
    // Portal → county → station → deputy → station → case → portal, each an index.html.
    assert_landed(&reports[1], &site, "demo/index.html", "示例县");
    assert_landed(&reports[2], &site, "demo/stations/north/index.html", "北街社区人大代表联络站");
    assert_landed(&reports[3], &site, "demo/deputies/songjinfeng/index.html", "宋金峰");
    assert_landed(&reports[4], &site, "demo/stations/north/index.html", "北街社区人大代表联络站");
    assert_landed(&reports[5], &site, "demo/stations/north/cases/gas/index.html", "留义新苑 280 多户居民用上天然气");
    assert_landed(&reports[6], &site, "index.html", "测试门户");
    // The portal's search box, by name and by pinyin: deputies of both counties.
    for report in [&reports[7], &reports[10]] {
        let url = report["url"].as_str().unwrap();
        assert!(url.starts_with(&file_url(&site.join("search/index.html?q="))), "{report}");
        let found = results(report);
        assert!(found.contains(&file_url(&site.join("demo/deputies/songjinfeng/"))), "{report}");
        assert!(found.contains(&file_url(&site.join("other/deputies/songjinfeng/"))), "{report}");
        assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    }
    // A result followed from disk opens the deputy's page.
    assert!(reports[8]["url"].as_str().unwrap().ends_with("/deputies/songjinfeng/index.html"), "{}", reports[8]);
    assert_eq!(reports[8]["h1"].as_str().map(str::trim), Some("宋金峰"));
    // A county's search: pinyin with spaces, and full text (bigram shards, excerpts).
    assert_landed(&reports[12], &site, "demo/index.html", "示例县");
    for (report, first) in
        [(&reports[13], "demo/deputies/songjinfeng/"), (&reports[14], "demo/stations/north/cases/gas/")]
    {
        assert_eq!(results(report).first(), Some(&file_url(&site.join(first))), "{report}");
        assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    }
    assert!(reports[14]["marks"].as_u64() > Some(0), "an excerpt marks the match: {}", reports[14]);
    assert_landed(&reports[15], &site, "demo/stations/north/cases/gas/index.html", "留义新苑 280 多户居民用上天然气");
}

// Built with --index-links, the same walk works with JavaScript off: every link to a folder
// names its index.html in the page itself.
#[test]
fn with_index_links_from_disk_without_javascript_links_lead_to_pages() {
    let workspace = Workspace::new(None);
    let run =
        workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-11-25", "--index-links"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = workspace.site();
    let reports = walk(&file_url(&site.join("index.html")), Value::Array(portal_to_case_and_back()), false);
    for (report, (page, h1)) in reports.iter().zip([
        ("index.html", "测试门户"),
        ("demo/index.html", "示例县"),
        ("demo/stations/north/index.html", "北街社区人大代表联络站"),
        ("demo/deputies/songjinfeng/index.html", "宋金峰"),
        ("demo/stations/north/index.html", "北街社区人大代表联络站"),
        ("demo/stations/north/cases/gas/index.html", "留义新苑 280 多户居民用上天然气"),
        ("index.html", "测试门户"),
    ]) {
        assert_landed(report, &site, page, h1);
    }
    assert_eq!(reports.len(), 7);
}
