//! The search index of a county, built from the pages as rendered.
//!
//! `search/docs.json` (loaded first) lists every page: kind, title, address, station,
//! and for deputies and stations their pinyin and next reception; with the stations'
//! names, townships and served villages it answers name, pinyin, initials and village
//! queries alone. Full text is a character-bigram index split into shards by a hash of
//! the bigram (`search/ft/<n>.json`): a query fetches only the shards of its own bigrams,
//! and a page whose text contains the query contains all its bigrams, so nothing is
//! missed. Text units are deduplicated: a county rule shown at sixty stations is indexed
//! once. Excerpt sources (`search/t/<unit>.txt`) are fetched only for results on screen.
//!
//! Pure: pages in, files out.

pub mod portal;
pub mod text;

use crate::render::{Content, OutputFile};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Target size of a shard before compression; shards are a power of two in number.
const SHARD_BYTES: usize = 12_000;
/// Excerpt sources are cut to this many characters.
const EXCERPT_CHARS: usize = 3_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DocKind {
    Deputy = 0,
    Station = 1,
    Case = 2,
    Rule = 3,
}

/// One page, as the search sees it.
pub struct SearchDoc {
    pub kind: DocKind,
    pub title: String,
    /// Relative to the county folder (`stations/x/`).
    pub url: String,
    pub station: usize,
    /// Pages with the same unit key share one text unit (a county rule at every station).
    pub unit_key: String,
    /// The text of the unit: what the page shows of its own content.
    pub text: String,
    /// The reading of a deputy's or station's name, syllables separated by spaces.
    pub pinyin: String,
    /// A short line shown under the result (a deputy's post, a station's address).
    pub summary: String,
    pub next: String,
}

pub struct StationEntry {
    pub name: String,
    pub township: String,
    pub serves: Vec<String>,
}

#[derive(Serialize)]
struct DocsFile<'a> {
    v: u32,
    shards: usize,
    /// [name, township, served villages joined by "、"].
    stations: Vec<(&'a str, &'a str, String)>,
    /// [kind, title, url, station, unit, pinyin, summary, next].
    docs: Vec<(u8, &'a str, &'a str, usize, usize, &'a str, &'a str, &'a str)>,
    /// Unit → excerpt file name, or "" when the result line says enough.
    units: Vec<String>,
}

/// The files of a county's index, under `<county>/search/`.
pub fn county_index(dir: &str, stations: &[StationEntry], docs: &[SearchDoc]) -> Vec<OutputFile> {
    let mut unit_of_key: HashMap<&str, usize> = HashMap::new();
    let mut unit_texts: Vec<(&str, DocKind)> = Vec::new();
    let mut doc_units = Vec::with_capacity(docs.len());
    for doc in docs {
        let unit = *unit_of_key.entry(doc.unit_key.as_str()).or_insert_with(|| {
            unit_texts.push((doc.text.as_str(), doc.kind));
            unit_texts.len() - 1
        });
        doc_units.push(unit);
    }
    // Bigram → units that hold it, ascending.
    let mut postings: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (unit, (text, _)) in unit_texts.iter().enumerate() {
        let mut seen: Vec<String> = text::bigrams(text);
        seen.sort_unstable();
        seen.dedup();
        for bigram in seen {
            postings.entry(bigram).or_default().push(unit);
        }
    }
    let encoded: Vec<(String, String)> = postings.into_iter().map(|(bigram, units)| (bigram, encode(&units))).collect();
    let total: usize = encoded.iter().map(|(b, list)| b.len() + list.len() + 6).sum();
    let shards = (total / SHARD_BYTES).max(1).next_power_of_two();
    let mut shard_maps: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shards];
    for (bigram, list) in &encoded {
        shard_maps[text::hash(bigram) as usize % shards].insert(bigram, list);
    }
    let mut out = Vec::with_capacity(shards + unit_texts.len() + 1);
    for (n, map) in shard_maps.iter().enumerate() {
        out.push(json_file(format!("{dir}search/ft/{n}.json"), map));
    }
    let mut units = Vec::with_capacity(unit_texts.len());
    for (unit, (text, kind)) in unit_texts.iter().enumerate() {
        if matches!(kind, DocKind::Case | DocKind::Rule | DocKind::Station) {
            let name = format!("{unit}.txt");
            let cut: String = text.chars().take(EXCERPT_CHARS).collect();
            out.push(OutputFile { path: format!("{dir}search/t/{name}"), content: Content::Bytes(cut.into_bytes()) });
            units.push(name);
        } else {
            units.push(String::new());
        }
    }
    let file = DocsFile {
        v: 1,
        shards,
        stations: stations.iter().map(|s| (s.name.as_str(), s.township.as_str(), s.serves.join("、"))).collect(),
        docs: docs
            .iter()
            .zip(&doc_units)
            .map(|(d, unit)| {
                (
                    d.kind as u8,
                    d.title.as_str(),
                    d.url.as_str(),
                    d.station,
                    *unit,
                    d.pinyin.as_str(),
                    d.summary.as_str(),
                    d.next.as_str(),
                )
            })
            .collect(),
        units,
    };
    out.push(json_file(format!("{dir}search/docs.json"), &file));
    out
}

/// Ascending numbers as base-36 gaps: `3,5,9` → `3,2,4`.
fn encode(units: &[usize]) -> String {
    let mut out = String::with_capacity(units.len() * 2);
    let mut previous = 0;
    for (i, unit) in units.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", base36(unit - previous));
        previous = *unit;
    }
    out
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

pub(crate) fn json_file<T: Serialize>(path: String, value: &T) -> OutputFile {
    let mut bytes = Vec::new();
    // Serialising plain maps, vectors and strings cannot fail.
    let _ = serde_json::to_writer(&mut bytes, value);
    OutputFile { path, content: Content::Bytes(bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: DocKind, title: &str, unit_key: &str, text: &str) -> SearchDoc {
        SearchDoc {
            kind,
            title: title.into(),
            url: format!("{title}/"),
            station: 0,
            unit_key: unit_key.into(),
            text: text.into(),
            pinyin: String::new(),
            summary: String::new(),
            next: String::new(),
        }
    }

    #[test]
    fn gaps_in_base36() {
        assert_eq!(encode(&[3, 5, 9, 45]), "3,2,4,10");
    }

    #[test]
    fn shared_units_are_indexed_once_and_every_bigram_finds_its_units() {
        let stations =
            [StationEntry { name: "袁家庄".into(), township: "凤山街道".into(), serves: vec!["七巷".into()] }];
        let docs = [
            doc(DocKind::Rule, "a", "rule:x", "接待选民制度"),
            doc(DocKind::Rule, "b", "rule:x", "接待选民制度"),
            doc(DocKind::Case, "c", "case:c", "天然气接入"),
        ];
        let files = county_index("lishi/", &stations, &docs);
        let docs_json = files.iter().find(|f| f.path == "lishi/search/docs.json").unwrap();
        let Content::Bytes(bytes) = &docs_json.content else { panic!() };
        let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(value["units"].as_array().unwrap().len(), 2, "the rule is one unit");
        let shards = value["shards"].as_u64().unwrap() as u32;
        for (bigram, unit) in [("接待", 0), ("天然", 1), ("入", 99)] {
            let path = format!("lishi/search/ft/{}.json", text::hash(bigram) % shards);
            let shard = files.iter().find(|f| f.path == path).unwrap();
            let Content::Bytes(bytes) = &shard.content else { panic!() };
            let map: BTreeMap<String, String> = serde_json::from_slice(bytes).unwrap();
            match map.get(bigram) {
                Some(list) => assert_eq!(list, &unit.to_string()),
                None => assert_eq!(unit, 99, "{bigram} missing"),
            }
        }
    }
}
