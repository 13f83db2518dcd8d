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
        // Boards and rule posters are print copies of the pages search covers.
        .filter(|(path, _)| path.ends_with("index.html") && !path.contains("/board/") && !path.contains("/posters/"))
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
    let shards: Vec<&String> = found.files.iter().filter(|f| f.starts_with("k/")).collect();
    // Four bigrams (each a text key and a place key, in one shard): at most four shards,
    // whatever the number of shards.
    assert!(!shards.is_empty() && shards.len() <= 4, "{shards:?}");
    assert!(found.files.contains(&"meta.js".to_string()));
    // A pinyin query reads the shards of its prefix keys, the rows of its results and their
    // stations; no excerpt for a deputy.
    let found = &query(&workspace, "lishi", &["shanlihua"])[0];
    assert!(
        found.files.iter().all(|f| f == "meta.js" || ["k/", "r/", "s/"].iter().any(|d| f.starts_with(d))),
        "{:?}",
        found.files
    );
}

/// Every page of the site (any county) whose visible text contains `query`, as
/// `<county>/<path>`, by [`literal`] in each county.
fn literal_everywhere(workspace: &Workspace, counties: &[String], query: &str) -> BTreeSet<String> {
    counties.iter().flat_map(|c| literal(workspace, c, query).into_iter().map(move |p| format!("{c}/{p}"))).collect()
}

#[test]
fn the_portal_finds_names_villages_townships_and_text_in_every_county() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let workspace = built(Some("content"));
    // What to look for, read from the content by the loader, not from the index.
    let site = liaison::load::load(&content).unwrap().site;
    assert!(site.counties.len() >= 3, "a fixture of at least three counties");
    let ids: Vec<String> = site.counties.iter().map(|c| c.id.clone()).collect();
    for county in &site.counties {
        let station = &county.stations[0];
        let deputy = &station.deputies[0];
        // Text: a case's title, or in a county without cases a county rule's, at its first station.
        let case =
            county.stations.iter().flat_map(|s| s.cases.iter().map(move |c| (s, &c.id, &c.title, "cases"))).next();
        let case = case.unwrap_or_else(|| (station, &county.rules[0].id, &county.rules[0].title, "rules"));
        let station_url = format!("{}/stations/{}/", county.id, station.id);
        let deputy_url = format!("{}/deputies/{}/", county.id, deputy.id);
        let case_url = format!("{}/stations/{}/{}/{}/", county.id, case.0.id, case.3, case.1);
        let township = county.stations.iter().find_map(|s| s.township.clone().map(|t| (t, s)));
        let township_url =
            township.as_ref().map(|(_, s)| format!("{}/stations/{}/", county.id, s.id)).unwrap_or_default();
        let township = township.map(|(t, _)| t).unwrap_or_default();
        let village = county.stations.iter().find_map(|s| s.serves.first().map(|v| (v.clone(), s)));
        let village_url =
            village.as_ref().map(|(_, s)| format!("{}/stations/{}/", county.id, s.id)).unwrap_or_default();
        let village = village.map(|(v, _)| v).unwrap_or_default();
        let initials: String = deputy.pinyin.split(' ').filter_map(|s| s.chars().next()).collect();
        let joined = deputy.pinyin.replace(' ', "");
        // (query, a result it must give)
        let cases = [
            (deputy.name.as_str(), deputy_url.as_str()),
            (joined.as_str(), deputy_url.as_str()),
            (initials.as_str(), deputy_url.as_str()),
            (station.name.as_str(), station_url.as_str()),
            (village.as_str(), village_url.as_str()),
            (township.as_str(), township_url.as_str()),
            (case.2.as_str(), case_url.as_str()),
        ];
        // Every county of the fixture has a township and a village to find.
        assert!(!township.is_empty() && !village.is_empty(), "{}", county.id);
        let queries: Vec<&str> = cases.iter().map(|c| c.0).collect();
        for ((query, wanted), found) in cases.iter().zip(portal_query(&workspace, &queries)) {
            assert!(found.urls.iter().any(|u| u == wanted), "{query}: {wanted} not in {:?}", found.urls);
            // Results say their county: each is below a county's folder.
            assert!(found.urls.iter().all(|u| ids.iter().any(|c| u.starts_with(&format!("{c}/")))), "{query}");
        }
        // A name found by name comes first.
        let found = &portal_query(&workspace, &[&deputy.name])[0];
        assert_eq!(found.urls.first(), Some(&deputy_url), "{}", deputy.name);
    }
    // Full text across counties: every page holding the words, in whichever county.
    for query in ["天然气", "接待选民", "排水", "宋金峰", "西营镇", "人大代表"] {
        let expected = literal_everywhere(&workspace, &ids, query);
        assert!(!expected.is_empty(), "{query} is in no page: a useless test");
        let got: BTreeSet<String> = portal_query(&workspace, &[query]).remove(0).urls.into_iter().collect();
        let missed: Vec<_> = expected.difference(&got).collect();
        assert!(missed.is_empty(), "{query} missed {missed:?}");
    }
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
    }
}

/// The gzip size of a file, as a server would send it.
fn gzipped(path: &std::path::Path) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&std::fs::read(path).unwrap()).unwrap();
    encoder.finish().unwrap().len()
}

/// On a corpus made by the bench's generator (`../shared/bench`, a tenth of Lüliang): no
/// search file over 64 KB gzipped, a first query of at most 50 KB in the largest county and
/// in the portal, and the portal's text results equal to a literal search of every county.
#[test]
fn on_a_generated_corpus_shards_and_first_queries_stay_small() {
    let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench");
    if !bench.join("gen_corpus.py").is_file() {
        eprintln!("skipped: no corpus generator at {}", bench.display());
        return;
    }
    let workspace = Workspace { dir: tempfile::tempdir().unwrap() };
    let data = workspace.dir.path().join("data");
    for (script, args) in [
        ("gen_corpus.py", vec!["--scale", "0.1", "--seed", "42", "--out", data.to_str().unwrap()]),
        ("emit_liaison.py", vec!["--data", data.to_str().unwrap(), "--out", workspace.content().to_str().unwrap()]),
    ] {
        let run = Command::new("python3").arg(bench.join(script)).args(&args).output().unwrap();
        assert!(run.status.success(), "{script}: {}", String::from_utf8_lossy(&run.stderr));
    }
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = workspace.site();
    let mut largest = (0, String::new());
    let mut files = 0;
    for (path, _) in tree(&site) {
        if path.ends_with(".js") && (path.starts_with("search/") || path.split('/').nth(1) == Some("search")) {
            files += 1;
            largest = largest.max((gzipped(&site.join(&path)), path));
        }
    }
    assert!(files > 100, "{files} search files");
    assert!(largest.0 <= 64 * 1024, "{} is {} bytes gzipped", largest.1, largest.0);
    let first =
        |index: &std::path::Path, found: &Found| -> usize { found.files.iter().map(|f| gzipped(&index.join(f))).sum() };
    let county = site.join("lishi/search");
    let portal = site.join("search");
    for query in ["天然气", "凤山街道", "接待"] {
        let found = &run_script("county", &county, &[query])[0];
        assert!(!found.urls.is_empty(), "{query}");
        assert!(first(&county, found) <= 50 * 1024, "county {query}: {} bytes", first(&county, found));
        let found = &run_script("portal", &portal, &[query])[0];
        assert!(first(&portal, found) <= 50 * 1024, "portal {query}: {} bytes", first(&portal, found));
    }
    let counties: Vec<String> = std::fs::read_dir(&site)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("search/meta.js").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(counties.len() >= 3);
    let expected = literal_everywhere(&workspace, &counties, "天然气");
    let got: BTreeSet<String> = run_script("portal", &portal, &["天然气"]).remove(0).urls.into_iter().collect();
    let missed: Vec<_> = expected.difference(&got).collect();
    assert!(!expected.is_empty() && missed.is_empty(), "天然气 missed {} of {}", missed.len(), expected.len());
}
