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
    let list = data.split("\"s\":[[").nth(1).unwrap().split("]]").next().unwrap();
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

/// What `tests/browser/clock.js` reads off each page, by page.
fn shown_at(time: &str, base: &str, pages: &[&str], javascript: bool) -> serde_json::Value {
    shown_with(time, base, pages, javascript, None)
}

fn shown_with(time: &str, base: &str, pages: &[&str], javascript: bool, agent: Option<&str>) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("tests/browser/node_modules/playwright-core").exists(),
        "browser test tools are missing: run scripts/test (or npm ci in tests/browser)"
    );
    let mut command = std::process::Command::new("node");
    command.arg(root.join("tests/browser/clock.js")).arg(time).args(pages.iter().map(|p| format!("{base}{p}")));
    if !javascript {
        command.env("NOJS", "1");
    }
    if let Some(agent) = agent {
        command.env("UA", agent);
    }
    let output = command.output().expect("run node");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let by_url: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut by_page = serde_json::Map::new();
    for page in pages {
        by_page.insert(page.to_string(), by_url[format!("{base}{page}")].clone());
    }
    serde_json::Value::Object(by_page)
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

// See: issue 14. A site built on 20 September 2026 and opened 7, 30 and 100 days later
// shows, in every list, what a site built on the day it is opened shows: the county's next
// 14 days (across the National Day holiday and a month's end) and its station cards, a
// station's 近期接待, a deputy's list and next reception, and search results (county and
// portal), in the browser with its clock set to that day.
#[test]
fn every_list_shows_the_days_a_build_on_the_day_it_is_opened_shows() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reach");
    let built_on: NaiveDate = "2026-09-20".parse().unwrap();
    let old = Workspace::from_dir(&fixture);
    let run = old.run(&["build", "--content", "content", "--out", "site", "--today", &built_on.to_string()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let old_base = common::serve(old.site());
    let pages = [
        "/demo/",
        "/demo/stations/liuyi/",
        "/demo/stations/roster/",
        "/demo/stations/evening/",
        "/demo/deputies/songjinfeng/",
        "/demo/deputies/a1/",
        "/demo/search/?q=%E5%AE%8B%E9%87%91%E5%B3%B0",
        "/demo/search/?q=%E7%95%99%E4%B9%89",
        "/search/?q=%E5%AE%8B%E9%87%91%E5%B3%B0",
        "/search/?q=%E8%BD%AE%E5%80%BC",
    ];
    for days in [7, 30, 100] {
        let opened = built_on + Duration::days(days);
        // Seven in the morning: no session of the day is over yet.
        let time = format!("{opened}T07:00:00+08:00");
        let new = Workspace::from_dir(&fixture);
        let run = new.run(&["build", "--content", "content", "--out", "site", "--today", &opened.to_string()]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let new_base = common::serve(new.site());
        let recomputed = shown_at(&time, &old_base, &pages, true);
        let built = shown_at(&time, &new_base, &pages, false);
        let built_with_script = shown_at(&time, &new_base, &pages, true);
        for page in pages {
            let (got, want) = (&recomputed[page], &built[page]);
            for key in
                ["next", "nextDatetime", "upcoming", "upcomingDatetimes", "days", "dayDatetimes", "cards", "place"]
            {
                assert_eq!(got[key], want[key], "{page} opened {days} days after the build: {key}");
            }
            // Search results exist only with JavaScript: compare with the new site's.
            assert_eq!(got["results"], built_with_script[page]["results"], "{page} after {days} days: results");
            // Nothing past, nothing twice.
            let dates: Vec<String> = [&got["upcomingDatetimes"], &got["dayDatetimes"]]
                .iter()
                .flat_map(|v| strings(v))
                .chain(got["nextDatetime"].as_str().map(str::to_string))
                .collect();
            assert!(dates.iter().all(|d| d[..10] >= *opened.to_string()), "{page} after {days} days: {dates:?}");
            let upcoming = strings(&got["upcomingDatetimes"]);
            let mut unique = upcoming.clone();
            unique.dedup();
            assert_eq!(upcoming, unique, "{page} after {days} days lists a session twice");
        }
        // Something to compare: the county's days and every deputy's list are not empty.
        assert!(!strings(&recomputed["/demo/"]["days"]).is_empty());
        assert_eq!(strings(&recomputed["/demo/deputies/songjinfeng/"]["upcoming"]).len(), 6);
        assert!(!strings(&recomputed["/search/?q=%E5%AE%8B%E9%87%91%E5%B3%B0"]["results"]).is_empty());
    }
}

// See: issue 14. `webcal:` does nothing in WeChat's in-app browser: there the subscribe
// button gives way to a line on how to add the downloaded file; elsewhere it stays.
#[test]
fn in_wechat_the_calendar_is_a_download_with_a_line_on_how_to_add_it() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reach");
    let workspace = Workspace::from_dir(&fixture);
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-09-20"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let base = common::serve(workspace.site());
    let pages = ["/demo/", "/demo/stations/liuyi/", "/demo/deputies/songjinfeng/"];
    let wechat = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47";
    let time = "2026-09-21T07:00:00+08:00";
    let in_wechat = shown_with(time, &base, &pages, true, Some(wechat));
    let elsewhere = shown_with(time, &base, &pages, true, None);
    for page in pages {
        assert_eq!(in_wechat[page]["subscribe"], 0, "{page}: webcal: hidden in WeChat");
        assert_eq!(in_wechat[page]["download"], 1, "{page}: the download stays");
        assert_eq!(
            strings(&in_wechat[page]["wechatNote"]),
            ["微信里无法直接订阅日历：请点“下载日历文件”，或点右上角“…”选“在浏览器打开”，再点“订阅接待日历”。"],
            "{page}"
        );
        assert_eq!(elsewhere[page]["subscribe"], 1, "{page}: webcal: offered elsewhere");
        assert!(strings(&elsewhere[page]["wechatNote"]).is_empty(), "{page}");
    }
}
