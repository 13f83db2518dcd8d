//! Interface strings come from one table per language: templates hold no Chinese text,
//! and every key that templates (`t.key`) and code (`strings.get("key")`) use is in both
//! tables, so no page shows an empty label.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn keys_of(table: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("themes/default/i18n").join(table)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(':'))
        .map(|l| l.split(':').next().unwrap().trim().to_string())
        .collect()
}

fn files(dir: &str, extension: &str) -> Vec<(String, String)> {
    walkdir::WalkDir::new(root().join(dir))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == extension))
        .map(|e| (e.path().display().to_string(), std::fs::read_to_string(e.path()).unwrap()))
        .collect()
}

/// The identifiers that follow `marker` in `text` (`t.` → `t.station` gives `station`).
fn after(text: &str, marker: &str, end: &[char]) -> Vec<String> {
    text.match_indices(marker)
        .filter(|(at, _)| *at == 0 || !text[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|(at, _)| text[at + marker.len()..].split(end).next().unwrap_or("").to_string())
        .filter(|key| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect()
}

#[test]
fn templates_hold_no_chinese_text_and_every_key_exists_in_both_languages() {
    let zh = keys_of("zh-CN.yaml");
    let en = keys_of("en.yaml");
    assert_eq!(zh, en, "both tables have the same keys");
    let mut used = BTreeSet::new();
    for (path, text) in files("themes/default/templates", "html") {
        let chinese: Vec<char> = text
            .chars()
            .filter(|c| ('\u{3000}'..='\u{9fff}').contains(c) || ('\u{ff00}'..='\u{ffef}').contains(c))
            .collect();
        assert!(chinese.is_empty(), "{path} hard-codes text: {chinese:?}");
        used.extend(after(&text, "t.", &[' ', '}', '|', ')', ',', '"', '<']));
    }
    for (_, text) in files("src", "rs") {
        used.extend(after(&text, "strings.get(\"", &['"']));
    }
    assert!(used.len() > 100, "found {} keys in use: the scan is broken", used.len());
    let missing: Vec<&String> = used.iter().filter(|k| !zh.contains(*k)).collect();
    assert!(missing.is_empty(), "keys used but missing from the tables: {missing:?}");
}
