//! Search, run by the site's own script (`search.js`, in Node) against the index of a
//! built fixture: what citizens type finds what they want first, and a query finds every
//! page whose visible text contains it (recall 1.0 against a literal search).

mod common;

use common::{tree, Workspace};
use liaison::search::text::{runs, visible_text};
use std::collections::BTreeSet;
use std::process::Command;

struct Found {
    urls: Vec<String>,
    files: Vec<String>,
}

/// Runs queries with `tests/js/query.js` over `<site>/<county>/search`.
fn query(workspace: &Workspace, county: &str, queries: &[&str]) -> Vec<Found> {
    run_script("county", &workspace.site().join(county).join("search"), queries)
}

/// Runs queries with `tests/js/query.js` over `<site>/search`.
fn portal_query(workspace: &Workspace, queries: &[&str]) -> Vec<Found> {
    run_script("portal", &workspace.site().join("search"), queries)
}

/// Runs `tests/js/query.js` in `mode` (county or portal) over an index folder.
fn run_script(mode: &str, index: &std::path::Path, queries: &[&str]) -> Vec<Found> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/query.js");
    let output = Command::new("node")
        .arg(script)
        .arg(mode)
        .arg(index)
        .args(queries)
        .output()
        .expect("search tests need Node.js");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            let strings =
                |key: &str| value[key].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
            Found { urls: strings("urls"), files: strings("files") }
        })
        .collect()
}

fn built(content: Option<&str>) -> Workspace {
    let workspace = match content {
        Some(dir) => Workspace::from_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)),
        None => Workspace::new(None),
    };
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    workspace
}

#[test]
fn names_pinyin_initials_and_villages_find_the_deputy_first() {
    let workspace = built(None);
    // (query, the result a citizen wants first)
    let cases = [
        ("宋金峰", "deputies/songjinfeng/"),
        ("金峰", "deputies/songjinfeng/"),
        ("songjinfeng", "deputies/songjinfeng/"),
        ("song jin feng", "deputies/songjinfeng/"),
        ("SongJinFeng", "deputies/songjinfeng/"),
        ("sjf", "deputies/songjinfeng/"),
        ("jinfeng", "deputies/songjinfeng/"),
        // 单 as a surname reads shan.
        ("shanlihua", "deputies/shanlihua/"),
        ("slh", "deputies/shanlihua/"),
        ("单丽华", "deputies/shanlihua/"),
        // A village the station serves finds the station first.
        ("留义新苑", "stations/north/"),
        ("南关村", "stations/south/"),
        ("北街街道", "stations/north/"),
        ("北街社区人大代表联络站", "stations/north/"),
        // Full text: a case by a word of its story, ranked by its title.
        ("天然气", "stations/north/cases/gas/"),
        ("天然气 留义", "stations/north/cases/gas/"),
    ];
    let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for ((query, first), found) in cases.iter().zip(query(&workspace, "demo", &queries)) {
        assert_eq!(found.urls.first().map(String::as_str), Some(*first), "{query}: {:?}", found.urls);
    }
    // A village finds its station's deputies too.
    let found = &query(&workspace, "demo", &["留义新苑"])[0];
    for deputy in ["deputies/songjinfeng/", "deputies/wanghairong/", "deputies/shanlihua/"] {
        assert!(found.urls.contains(&deputy.to_string()), "{deputy}: {:?}", found.urls);
    }
    // Initials of another person do not match.
    assert!(query(&workspace, "demo", &["wlh"])[0].urls.is_empty());
}

/// Every page of the county whose visible text contains `query` within one word (text
/// between whitespace), normalised as search does: case and punctuation aside.
fn literal(workspace: &Workspace, county: &str, query: &str) -> BTreeSet<String> {
    let needle = runs(query).concat();
    tree(&workspace.site().join(county))
        .into_iter()
        // The pages of the kinds search covers (deputies, stations, cases, rules): not the
        // county's listings (home, search, case list, open data).
        .filter(|(path, _)| path.starts_with("deputies/") || path.starts_with("stations/"))
        .filter(|(path, _)| path.ends_with("index.html") && !path.contains("/board/"))
        // A station's list of posts is a listing too; each post's own page is searched.
        .filter(|(path, _)| !path.ends_with("/posts/index.html") && !path.contains("/posts/page/"))
        .filter(|(_, bytes)| runs(&visible_text(bytes)).iter().any(|r| r.contains(&needle)))
        .map(|(path, _)| path.trim_end_matches("index.html").to_string())
        .collect()
}

#[test]
fn full_text_finds_every_page_that_contains_the_query() {
    for (content, county, queries) in [
        (None, "demo", vec!["天然气", "接待", "北街", "留义新苑", "宋金峰", "居民", "280", "集中接待日"]),
        (
            Some("content"),
            "lishi",
            vec!["袁家庄", "袁家庄七巷", "排水", "停车", "孙大军", "凤山街道", "接待选民制度", "雨水倒灌"],
        ),
        (Some("content"), "xiaoyi", vec!["天然气", "留义", "宋金峰", "雷彩芳", "听、看、答、办"]),
    ] {
        let workspace = built(content);
        for (query, found) in queries.iter().zip(query(&workspace, county, &queries)) {
            let expected = literal(&workspace, county, query);
            assert!(!expected.is_empty(), "{query} is in no page of {county}: a useless test");
            let got: BTreeSet<String> = found.urls.into_iter().collect();
            let missed: Vec<_> = expected.difference(&got).collect();
            assert!(missed.is_empty(), "{county}: {query} missed {missed:?}");
        }
    }
}

#[test]
fn a_query_fetches_only_what_it_needs() {
    let workspace = built(Some("content"));
    let found = &query(&workspace, "lishi", &["袁家庄七巷"])[0];
    let shards: Vec<&String> = found.files.iter().filter(|f| f.starts_with("ft/")).collect();
    // Four bigrams: at most four shards, whatever the number of shards.
    assert!(!shards.is_empty() && shards.len() <= 4, "{shards:?}");
    assert!(found.files.contains(&"docs.json".to_string()));
    // A name query needs docs.json and the shards of its bigrams, nothing else.
    let found = &query(&workspace, "lishi", &["sjf"])[0];
    assert!(found.files.iter().all(|f| f == "docs.json" || f.starts_with("ft/")), "{:?}", found.files);
}

#[test]
fn the_portal_finds_deputies_and_stations_in_every_county() {
    let workspace = built(Some("content"));
    let cases = [
        ("宋金峰", "xiaoyi/deputies/songjinfeng/"),
        ("金峰", "xiaoyi/deputies/songjinfeng/"),
        ("songjinfeng", "xiaoyi/deputies/songjinfeng/"),
        ("song jin feng", "xiaoyi/deputies/songjinfeng/"),
        ("sjf", "xiaoyi/deputies/songjinfeng/"),
        ("王海荣", "lishi/deputies/wanghairong/"),
        ("shanlihua", "lishi/deputies/shanlihua/"),
        ("袁家庄", "lishi/stations/yuanjiazhuang/"),
        ("西营镇", "jiaocheng/stations/xiying/"),
    ];
    let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for ((query, first), found) in cases.iter().zip(portal_query(&workspace, &queries)) {
        assert_eq!(found.urls.first().map(String::as_str), Some(*first), "{query}: {:?}", found.urls);
        // meta.json and a single shard.
        assert_eq!(found.files.len(), 2, "{query}: {:?}", found.files);
    }
}
