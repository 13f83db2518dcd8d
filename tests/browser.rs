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
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> PathBuf {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("browser tests need Chromium: apt-get install chromium (.ci/run does)")
}

/// The DOM of a page after its scripts ran. (Without JavaScript a page is the HTML it was
/// built as; `tests/reception.rs` checks that answer.)
pub fn dump_dom(page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut command = Command::new(chromium());
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=3000",
    ]);
    command.arg(format!("--user-data-dir={}", profile.path().display()));
    command.arg("--dump-dom").arg(format!("file://{}", page.display()));
    let output = command.output().expect("run chromium");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn next_reception_text(dom: &str) -> String {
    let at = dom.find("class=\"next-reception\"").expect("a next reception");
    let start = at + dom[at..].find('>').unwrap() + 1;
    dom[start..start + dom[start..].find("</time>").unwrap()].to_string()
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
        assert_eq!(next_reception_text(&dump_dom(&path)), expected, "{page} in the browser");
    }
}
