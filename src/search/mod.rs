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
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::HashMap;
pub use text::{page_bigrams, unit_text};

/// Target size of a shard before compression; shards are a power of two in number.
const SHARD_BYTES: usize = 6_000;
/// Excerpt sources are cut to this many characters.
const EXCERPT_CHARS: usize = 3_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DocKind {
    Deputy = 0,
    Station = 1,
    Case = 2,
    Rule = 3,
    /// **Extension (issue 17).** A post; its id is its page's path below the county.
    Post = 4,
}

/// One page, as the search sees it.
pub struct SearchDoc {
    pub kind: DocKind,
    pub title: String,
    /// The page's own id: the deputy's, station's, case's or rule's.
    pub id: String,
    pub station: usize,
    /// Pages with the same unit key share one text unit (a county rule at every station).
    pub unit_key: String,
    /// What the page gives the index ([`text::unit_text`] of it), taken when the page is
    /// rendered; `None` when another page of the unit gives it (a county rule's text is
    /// taken once, not at every station that shows the rule).
    pub text: Option<String>,
    /// The bigrams of a page whose text serves the index only (a deputy's, a station's),
    /// taken when the page is rendered ([`text::page_bigrams`]) instead of its text; each
    /// bigram once.
    pub grams: Option<Vec<u64>>,
    /// The reading of a deputy's or station's name, syllables separated by spaces.
    pub pinyin: String,
    /// A short line shown under the result (a deputy's post, a station's address).
    pub summary: String,
    pub next: String,
    /// The phone a result offers (a deputy's or station's, see `render::views::reach`).
    pub phone: String,
}

impl SearchDoc {
    /// A page of `kind`; pinyin, line, next reception and text empty.
    pub fn new(kind: DocKind, title: &str, id: &str, station: usize, unit_key: String) -> SearchDoc {
        SearchDoc {
            kind,
            title: title.to_string(),
            id: id.to_string(),
            station,
            unit_key,
            text: None,
            grams: None,
            pinyin: String::new(),
            summary: String::new(),
            next: String::new(),
            phone: String::new(),
        }
    }
}

pub struct StationEntry {
    pub id: String,
    pub name: String,
    pub township: String,
    pub serves: Vec<String>,
}

/// [kind, title, id, station, unit, pinyin, summary, next, phone].
type DocRow<'a> = (u8, &'a str, &'a str, usize, usize, &'a str, &'a str, &'a str, &'a str);

#[derive(Serialize)]
struct DocsFile<'a> {
    v: u32,
    shards: usize,
    /// [name, township, served villages joined by "、", id].
    stations: Vec<(&'a str, &'a str, String, &'a str)>,
    /// [kind, title, id, station, unit, pinyin, summary, next, phone]. The page's address follows
    /// from kind, station and id; a rule row whose unit is shared with an earlier row has
    /// an empty title (the earlier row's).
    docs: Vec<DocRow<'a>>,
    /// One character per unit: `1` when `t/<unit>.txt` holds its text for excerpts.
    excerpts: String,
}

/// The files of a county's index, under `<county>/search/`, from its pages' documents (their
/// bigrams are taken out). A unit's text, or bigrams, are the first its pages give.
pub fn county_index(dir: &str, stations: &[StationEntry], docs: &mut [SearchDoc]) -> Vec<OutputFile> {
    let mut given: Vec<Option<Vec<u64>>> = docs.iter_mut().map(|doc| doc.grams.take()).collect();
    let docs: &[SearchDoc] = docs;
    let mut unit_of_key: HashMap<&str, usize> = HashMap::new();
    let mut unit_texts: Vec<(&str, DocKind)> = Vec::new();
    let mut taken: Vec<Option<Vec<u64>>> = Vec::new();
    let mut doc_units = Vec::with_capacity(docs.len());
    for (doc, grams) in docs.iter().zip(&mut given) {
        let unit = *unit_of_key.entry(doc.unit_key.as_str()).or_insert_with(|| {
            unit_texts.push(("", doc.kind));
            taken.push(None);
            unit_texts.len() - 1
        });
        if let (Some(text), true) = (&doc.text, unit_texts[unit].0.is_empty()) {
            unit_texts[unit].0 = text;
        }
        if taken[unit].is_none() {
            taken[unit] = grams.take();
        }
        doc_units.push(unit);
    }
    drop(given);
    // Each unit's bigrams, as they come (given, or from its text), each once.
    let mut unit_grams: Vec<Vec<u64>> = taken
        .into_par_iter()
        .zip(&unit_texts)
        .map(|(grams, (text, _))| grams.unwrap_or_else(|| text::packed_bigrams(text)))
        .collect();
    // The postings, flat: each bigram numbered as it first comes (a hash map of the county's
    // bigrams, about thirty thousand), each unit's bigrams replaced by their numbers and
    // counted, then the units laid out bigram by bigram, ascending as they are taken in
    // order. (One growing list per bigram, or sorting every (bigram, unit) pair, cost more:
    // their memory is scattered, and a city's pages give some five million (page, bigram) pairs.)
    let mut number_of: FxHashMap<u64, u32> = FxHashMap::default();
    number_of.reserve(32 * 1024);
    let mut grams: Vec<u64> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    for unit in &mut unit_grams {
        for gram in unit.iter_mut() {
            let number = *number_of.entry(*gram).or_insert_with(|| {
                grams.push(*gram);
                counts.push(0);
                grams.len() as u32 - 1
            });
            counts[number as usize] += 1;
            *gram = u64::from(number);
        }
    }
    drop(number_of);
    let mut starts: Vec<usize> = Vec::with_capacity(grams.len() + 1);
    let mut total = 0;
    for count in &counts {
        starts.push(total);
        total += *count as usize;
    }
    starts.push(total);
    let mut units_of = vec![0u32; total];
    let mut next = starts.clone();
    for (unit, numbers) in unit_grams.iter().enumerate() {
        for &number in numbers {
            units_of[next[number as usize]] = unit as u32;
            next[number as usize] += 1;
        }
    }
    drop(unit_grams);
    let postings = Postings { grams: &grams, starts: &starts, units: &units_of };
    let shards = (total * 3 / SHARD_BYTES).max(1).next_power_of_two();
    let mut dealt: Vec<Vec<u32>> = vec![Vec::new(); shards];
    for (number, gram) in grams.iter().enumerate() {
        dealt[text::hash_packed(*gram) as usize % shards].push(number as u32);
    }
    let shard_json: Vec<String> = dealt.into_par_iter().map(|numbers| shard_file(&postings, numbers)).collect();
    let mut out = Vec::with_capacity(shards + unit_texts.len() + 1);
    for (n, json) in shard_json.into_iter().enumerate() {
        out.push(OutputFile { path: format!("{dir}search/ft/{n}.json"), content: Content::Bytes(json.into_bytes()) });
    }
    let mut excerpts = String::with_capacity(unit_texts.len());
    for (unit, (text, kind)) in unit_texts.iter().enumerate() {
        // Case stories, rules and posts get excerpts; a deputy's or station's result line shows
        // their post or address and next reception instead.
        if matches!(kind, DocKind::Case | DocKind::Rule | DocKind::Post) {
            let cut = text.char_indices().nth(EXCERPT_CHARS).map_or(*text, |(end, _)| &text[..end]);
            out.push(OutputFile {
                path: format!("{dir}search/t/{unit}.txt"),
                content: Content::Bytes(cut.as_bytes().to_vec()),
            });
            excerpts.push('1');
        } else {
            excerpts.push('0');
        }
    }
    let mut titled = vec![false; unit_texts.len()];
    let file = DocsFile {
        v: 2,
        shards,
        stations: stations
            .iter()
            .map(|s| (s.name.as_str(), s.township.as_str(), s.serves.join("、"), s.id.as_str()))
            .collect(),
        docs: docs
            .iter()
            .zip(&doc_units)
            .map(|(d, unit)| {
                let shared = d.kind == DocKind::Rule && std::mem::replace(&mut titled[*unit], true);
                let title = if shared { "" } else { d.title.as_str() };
                (
                    d.kind as u8,
                    title,
                    d.id.as_str(),
                    d.station,
                    *unit,
                    d.pinyin.as_str(),
                    d.summary.as_str(),
                    d.next.as_str(),
                    d.phone.as_str(),
                )
            })
            .collect(),
        excerpts,
    };
    out.push(json_file(format!("{dir}search/docs.json"), &file));
    out
}

/// Each bigram's units, flat: bigram `n` is `grams[n]`, its units `units[starts[n]..starts[n + 1]]`.
struct Postings<'a> {
    grams: &'a [u64],
    starts: &'a [usize],
    units: &'a [u32],
}

/// A shard: `{"bigram":"unit,unit,…",…}`, bigrams in order, units as base-36 differences
/// from the previous.
fn shard_file(postings: &Postings, mut numbers: Vec<u32>) -> String {
    let units_of = |n: u32| &postings.units[postings.starts[n as usize]..postings.starts[n as usize + 1]];
    numbers.sort_unstable_by_key(|n| postings.grams[*n as usize]);
    let mut json = String::with_capacity(numbers.iter().map(|n| units_of(*n).len() * 3 + 8).sum::<usize>() + 2);
    json.push('{');
    for number in numbers {
        if json.len() > 1 {
            json.push(',');
        }
        // Keys are letters, digits and CJK only: nothing to escape.
        json.push('"');
        text::push_unpacked(&mut json, postings.grams[number as usize]);
        json.push_str("\":\"");
        let mut previous = 0;
        for (i, &unit) in units_of(number).iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            push_base36(&mut json, (unit - previous) as usize);
            previous = unit;
        }
        json.push('"');
    }
    json.push('}');
    json
}

/// Appends `n` in base 36 (0-9, a-z), without allocating.
fn push_base36(out: &mut String, n: usize) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buffer = [0u8; 16];
    let mut at = buffer.len();
    let mut n = n;
    loop {
        at -= 1;
        buffer[at] = DIGITS[n % 36];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(buffer[at..].iter().map(|b| *b as char));
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

    fn doc(kind: DocKind, title: &str, unit_key: &str, text: Option<&str>) -> SearchDoc {
        SearchDoc { text: text.map(String::from), ..SearchDoc::new(kind, title, title, 0, unit_key.into()) }
    }

    #[test]
    fn excerpt_sources_are_cut_at_a_character_count() {
        let long = "联络站".repeat(1001) + "尾";
        for (text, chars) in [(long.as_str(), EXCERPT_CHARS), ("短文", 2)] {
            let mut docs = [doc(DocKind::Case, "c", "case:c", Some(text))];
            let files = county_index("x/", &[], &mut docs);
            let excerpt = files.iter().find(|f| f.path == "x/search/t/0.txt").unwrap();
            let Content::Bytes(bytes) = &excerpt.content else { panic!() };
            let excerpt = std::str::from_utf8(bytes).unwrap();
            assert_eq!(excerpt.chars().count(), chars);
            assert!(text.starts_with(excerpt));
        }
    }

    #[test]
    fn base36_numbers() {
        let mut out = String::new();
        for n in [3, 36, 45, 0] {
            push_base36(&mut out, n);
            out.push(',');
        }
        assert_eq!(out, "3,10,19,0,");
    }

    #[test]
    fn shared_units_are_indexed_once_and_every_bigram_finds_its_units() {
        let stations = [StationEntry {
            id: "s".into(),
            name: "袁家庄".into(),
            township: "凤山街道".into(),
            serves: vec!["七巷".into()],
        }];
        let docs = [
            doc(DocKind::Rule, "a", "rule:x", Some("接待选民制度")),
            doc(DocKind::Rule, "b", "rule:x", None),
            doc(DocKind::Case, "c", "case:c", Some("天然气接入")),
        ];
        let mut docs = docs;
        let files = county_index("lishi/", &stations, &mut docs);
        let docs_json = files.iter().find(|f| f.path == "lishi/search/docs.json").unwrap();
        let Content::Bytes(bytes) = &docs_json.content else { panic!() };
        let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        assert_eq!(value["excerpts"].as_str(), Some("11"), "the rule is one unit; both units have excerpts");
        assert_eq!(value["docs"][1][1].as_str(), Some(""), "a shared rule's title is written once");
        let shards = value["shards"].as_u64().unwrap() as u32;
        for (bigram, unit) in [("接待", 0), ("天然", 1), ("入", 99)] {
            let path = format!("lishi/search/ft/{}.json", text::hash(bigram) % shards);
            let shard = files.iter().find(|f| f.path == path).unwrap();
            let Content::Bytes(bytes) = &shard.content else { panic!() };
            let map: std::collections::BTreeMap<String, String> = serde_json::from_slice(bytes).unwrap();
            match map.get(bigram) {
                Some(list) => assert_eq!(list, &unit.to_string()),
                None => assert_eq!(unit, 99, "{bigram} missing"),
            }
        }
    }
}
