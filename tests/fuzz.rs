//! Fuzzing (issue 13): arbitrary bytes and YAML-shaped noise fed to the YAML tree builder,
//! to every file kind's decoder (through `check`, as a clerk's file would reach it) and to
//! the schedule phrase and time readers. Nothing may panic, hang or grow without bound;
//! every input gets a result. The number of cases is bounded for CI (`PROPTEST_CASES`
//! raises it for a longer run); a crash found becomes a case of `regressions` below.

mod common;

use common::Workspace;
use proptest::prelude::*;

/// Pieces YAML is made of, and the slips clerks make with them: text made of these reaches
/// the parser's deeper states far more often than random bytes do.
const PIECES: &[&str] = &[
    "- ",
    ": ",
    ":",
    "\n",
    "  ",
    "    ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "'",
    "\"",
    "#",
    "|",
    ">",
    "? ",
    "---\n",
    "...\n",
    "!!str ",
    "!x ",
    "%YAML 1.2\n",
    "name",
    "schedule",
    "every",
    "time",
    "deputies",
    "steps",
    "session",
    "station",
    "公告",
    "每月5日",
    "每周三",
    "09:00-12:00",
    "2026-12-05",
    "袁家庄",
    "：",
    "－",
    "\u{0}",
    "\u{1b}[31m",
    "\r\n",
    "\u{feff}",
    "~",
    "null",
    "0358-0000000",
    "é",
    "🙂",
];

fn yaml_noise() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|pieces| pieces.concat())
}

fn bytes_or_noise() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..400),
        yaml_noise().prop_map(String::into_bytes),
        "\\PC{0,200}".prop_map(String::into_bytes),
    ]
}

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default_cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The files a clerk writes, each a place for the noise to go.
const FILES: &[&str] = &[
    "portal.yaml",
    "holidays/2026.yaml",
    "demo/county.yaml",
    "demo/rules/visits.md",
    "demo/stations/north/station.yaml",
    "demo/stations/north/deputies.yaml",
    "demo/stations/north/stats.yaml",
    "demo/stations/north/cases/noise.md",
    // Posts (issue 17): a county's, a station's, the city's.
    "demo/posts/noise.md",
    "demo/stations/north/posts/noise.md",
    "posts/noise.md",
];

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn the_yaml_tree_builder_takes_any_text(bytes in bytes_or_noise()) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = liaison::load::yaml::parse(&text, 1);
        let _ = liaison::load::yaml::parse(&text, 2);
    }

    #[test]
    fn phrases_and_times_take_any_text(text in prop_oneof![yaml_noise(), "\\PC{0,40}".prop_map(|s| s)]) {
        let _ = liaison::schedule::phrase::parse_recurrence(&text);
        let _ = liaison::schedule::phrase::parse_time_range(&text);
        let _ = liaison::schedule::rrule::parse(&text);
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn every_file_kind_takes_any_bytes(file in prop::sample::select(FILES), bytes in bytes_or_noise(), front in any::<bool>()) {
        let workspace = Workspace::new(None);
        let path = workspace.content().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // Markdown files get the noise as front matter half the time.
        let mut written = Vec::new();
        if file.ends_with(".md") && front {
            written.extend_from_slice(b"---\n");
            written.extend_from_slice(&bytes);
            written.extend_from_slice(b"\n---\nbody\n");
        } else {
            written = bytes;
        }
        std::fs::write(&path, &written).unwrap();
        let report = liaison::check(&workspace.content(), Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()));
        prop_assert!(report.is_ok(), "check could not run: {:?}", report.err());
    }
}

/// Inputs that once crashed or hung the loader (issue 13), kept as cases.
#[test]
fn regressions() {
    let deep = format!("{}x\n", "- ".repeat(3000));
    let flow = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        laughs.push_str(&format!("a{level}: &a{level} [{}]\n", vec![format!("*a{}", level - 1); 10].join(", ")));
    }
    for text in [deep.as_str(), flow.as_str(), laughs.as_str()] {
        assert!(liaison::load::yaml::parse(text, 1).is_err());
    }
}
