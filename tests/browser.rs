//! Browser tests in headless Chromium (Debian's `chromium`, installed by `.ci/run`).
//!
//! A page built weeks ago must still show the right next reception: its script recomputes
//! it from the sessions the page embeds.

mod common;

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use common::Workspace;
use liaison::lang::Lang;
use liaison::model::TimeRange;
use liaison::render::reception::day_label;
use liaison::schedule::words;
use std::path::Path;

fn next_reception_text(dom: &str) -> String {
    let at = dom.find("class=\"next-reception\"").expect("a next reception");
    let start = at + dom[at..].find('>').unwrap() + 1;
    common::strip_tags(&dom[start..start + dom[start..].find("</time>").unwrap()])
}

/// The sessions a page embeds: (start, end) in the portal's local time.
fn embedded(html: &str) -> Vec<(NaiveDateTime, Option<NaiveDateTime>)> {
    let data = html.split("id=reception-data").nth(1).unwrap();
    let data = &data[data.find('>').unwrap() + 1..data.find("</script").unwrap()];
    let base: NaiveDate = data.split("\"base\":\"").nth(1).unwrap()[..10].parse().unwrap();
    let list = data.split("\"s\":[").nth(1).unwrap().trim_end_matches("]}");
    list.split("],[")
        .map(|item| {
            let n: Vec<i64> = item.trim_matches(['[', ']']).split(',').map(|x| x.parse().unwrap()).collect();
            let day = (base + Duration::days(n[0])).and_hms_opt(0, 0, 0).unwrap();
            (day + Duration::minutes(n[1]), (n[2] >= 0).then(|| day + Duration::minutes(n[2])))
        })
        .collect()
}

#[test]
fn a_page_built_weeks_ago_shows_the_right_next_reception() {
    let now = Utc::now().naive_utc() + Duration::hours(8);
    let built_on = (now - Duration::days(40)).date();
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedules"));
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", &built_on.to_string()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for page in [
        "demo/stations/guoqing/index.html",
        "demo/stations/moved/index.html",
        "demo/stations/evening/index.html",
        "demo/deputies/c1/index.html",
        "demo/deputies/songjinfeng/index.html",
    ] {
        let path = workspace.site().join(page);
        let html = std::fs::read_to_string(&path).unwrap();
        // The first session not yet over (one without an end counts two hours).
        let (start, end) = embedded(&html)
            .into_iter()
            .find(|(start, end)| end.unwrap_or(*start + Duration::hours(2)) > now)
            .expect("a session ahead");
        let time = TimeRange { start: start.time(), end: end.map(|e| e.time()) };
        let expected =
            format!("{} {}", day_label(start.date(), now.date(), Lang::ZhCn), words::time_range(&time, Lang::ZhCn));
        let dom = common::dump_dom(&format!("file://{}", path.display()));
        assert_eq!(next_reception_text(&dom), expected, "{page} in the browser");
    }
}

/// The links of `<ol id="search-results">`, in order.
fn result_links(dom: &str) -> Vec<String> {
    let Some(start) = dom.find("id=\"search-results\"") else { return Vec::new() };
    let list = &dom[start..start + dom[start..].find("</ol>").unwrap()];
    list.split("<li>")
        .skip(1)
        .filter_map(|li| li.split("href=\"").nth(1)?.split('"').next().map(str::to_string))
        .collect()
}

#[test]
fn the_search_page_runs_queries_from_the_address() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let base = common::serve(workspace.site());
    for (query, first) in [
        ("%E5%AE%8B%E9%87%91%E5%B3%B0", "../deputies/songjinfeng/"),
        ("songjinfeng", "../deputies/songjinfeng/"),
        ("song+jin+feng", "../deputies/songjinfeng/"),
        ("sjf", "../deputies/songjinfeng/"),
        ("%E7%95%99%E4%B9%89%E6%96%B0%E8%8B%91", "../stations/north/"),
        ("%E5%A4%A9%E7%84%B6%E6%B0%94", "../stations/north/cases/gas/"),
    ] {
        let dom = common::dump_dom(&format!("{base}/demo/search/?q={query}"));
        let links = result_links(&dom);
        assert_eq!(links.first().map(String::as_str), Some(first), "?q={query}: {links:?}");
        assert!(dom.contains("<mark>") || query.is_ascii(), "?q={query}: an excerpt marks the match");
        assert!(
            dom.contains("id=\"directory\" hidden") || dom.contains("hidden=\"\" id=\"directory\""),
            "?q={query}: results replace the directory"
        );
    }
    // Nothing found: say so, and keep the directory in view.
    let dom = common::dump_dom(&format!("{base}/demo/search/?q=zzzz"));
    assert!(result_links(&dom).is_empty());
    assert!(dom.contains("没有找到"));
}

#[test]
fn without_javascript_the_search_page_is_a_directory() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let html = workspace.page("demo/search/index.html");
    let directory = &html[html.find("id=directory").expect("a directory")..];
    // Deputies by the village they serve, and by initial, each a link to their page.
    for expected in [
        "留义新苑",
        "../deputies/songjinfeng/",
        "../deputies/shanlihua/",
        "id=\"initial-s\"",
        "南关村",
        "../deputies/wangfang-south/",
    ] {
        assert!(directory.contains(expected), "the directory lacks {expected}");
    }
    assert!(!html.contains("id=directory hidden"), "the directory is visible without JavaScript");
    // Search boxes on the county home and station pages submit to the search page.
    assert!(workspace.page("demo/index.html").contains("action=\"search/\""));
    assert!(workspace.page("demo/stations/north/index.html").contains("action=\"../../search/\""));
}
