//! The search index of a county, built from the pages as rendered.
//!
//! Pages are grouped into text units (a county rule shown at sixty stations is one unit),
//! numbered stations first, then deputies, cases, posts and rules. Everything a query reads
//! is a [`store`] of keys and their units, in shards of a few KB (`search/k/`): each
//! character bigram of a unit's text (full text: a page whose text contains the query
//! contains all its bigrams, so nothing is missed), and apart from the text each character
//! of a title and the pinyin of deputies and stations by prefix (keys starting with `~`),
//! and where a page is (`^`): the bigrams of its station's name, shown in its breadcrumbs,
//! and for stations and deputies those of the station's township and villages.
//! A common key's units come in chunks, and results come a page at a time in unit order, so
//! a query reads only the chunks and the rows (`search/r/<n>.js`, eight units a file: title,
//! address, summary, next reception, phone, station numbers) of the page it shows, and of a
//! unit at many stations (a county rule) the stations (`search/s/<n>.js`) of that page. Excerpt sources
//! (`search/t/<unit>.js`) are fetched only for results on screen. `search/meta.js` says how
//! many shards there are.
//!
//! Every file is a data script (`render::DATA_SCRIPT_PREFIX` + JSON), loaded by a `<script>`
//! element, so search works opened from disk too.
//!
//! Pure: pages in, files out.

pub mod portal;
pub mod store;
pub mod text;

use crate::render::OutputFile;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
pub use text::{page_bigrams, unit_text};

/// Excerpt sources are cut to this many characters.
const EXCERPT_CHARS: usize = 3_000;
/// Stations ([id, name]) a file of `search/s/`.
const STATIONS_PER_FILE: usize = 32;

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

/// What a county's index is: its files, and the text keys (bigrams) it holds, each once, in
/// order, for the portal's routing of text queries (see [`portal::county_part`]).
pub struct CountyIndex {
    pub files: Vec<OutputFile>,
    pub bigrams: Vec<String>,
}

/// The order of units: stations and deputies first, so that the first page of a query
/// shows them before the cases, posts and rules that mention the same words.
fn kind_rank(kind: DocKind) -> u8 {
    match kind {
        DocKind::Station => 0,
        DocKind::Deputy => 1,
        DocKind::Case => 2,
        DocKind::Post => 3,
        DocKind::Rule => 4,
    }
}

/// The strings a name is found by in pinyin: its syllables joined from each one on
/// (`songjinfeng`, `jinfeng`, `feng`) and its initials (`sjf`).
pub fn pinyin_strings(pinyin: &str) -> Vec<String> {
    let syllables: Vec<&str> = pinyin.split_whitespace().collect();
    let mut out: Vec<String> = (0..syllables.len()).map(|start| syllables[start..].concat()).collect();
    if syllables.len() > 1 {
        out.push(syllables.iter().filter_map(|s| s.chars().next()).collect());
    }
    out
}

/// The files of a county's index, under `<county>/search/`, from its pages' documents (their
/// bigrams are taken out). A unit's text, or bigrams, are the first its pages give.
pub fn county_index(dir: &str, stations: &[StationEntry], docs: &mut [SearchDoc]) -> CountyIndex {
    county_index_with(dir, stations, docs, &store::LIMITS)
}

/// [`county_index`] with shards and chunks of the given sizes (tests make them small).
pub fn county_index_with(
    dir: &str,
    stations: &[StationEntry],
    docs: &mut [SearchDoc],
    limits: &store::Limits,
) -> CountyIndex {
    let mut given: Vec<Option<Vec<u64>>> = docs.iter_mut().map(|doc| doc.grams.take()).collect();
    let docs: &[SearchDoc] = docs;
    // Units as they first come, then numbered by kind (see `kind_rank`).
    let mut unit_of_key: HashMap<&str, usize> = HashMap::new();
    let mut first_doc: Vec<usize> = Vec::new();
    let mut doc_units = Vec::with_capacity(docs.len());
    for (d, doc) in docs.iter().enumerate() {
        let unit = *unit_of_key.entry(doc.unit_key.as_str()).or_insert_with(|| {
            first_doc.push(d);
            first_doc.len() - 1
        });
        doc_units.push(unit);
    }
    drop(unit_of_key);
    let mut order: Vec<usize> = (0..first_doc.len()).collect();
    order.sort_by_key(|u| (kind_rank(docs[first_doc[*u]].kind), *u));
    let mut number = vec![0u32; order.len()];
    for (n, u) in order.iter().enumerate() {
        number[*u] = n as u32;
    }
    let doc_units: Vec<u32> = doc_units.into_iter().map(|u| number[u]).collect();
    // Each unit's text (the first its pages give), its bigrams if given, and its pages.
    let mut unit_texts: Vec<(&str, DocKind)> = order.iter().map(|u| ("", docs[first_doc[*u]].kind)).collect();
    let mut taken: Vec<Option<Vec<u64>>> = vec![None; order.len()];
    let mut unit_docs: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for (d, (doc, grams)) in docs.iter().zip(&mut given).enumerate() {
        let unit = doc_units[d] as usize;
        if let (Some(text), true) = (&doc.text, unit_texts[unit].0.is_empty()) {
            unit_texts[unit].0 = text;
        }
        if taken[unit].is_none() {
            taken[unit] = grams.take();
        }
        unit_docs[unit].push(d);
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
    let mut entries: Vec<store::Entry> = grams
        .iter()
        .enumerate()
        .map(|(n, gram)| store::Entry {
            key: text::unpack(*gram),
            ids: Cow::Borrowed(&units_of[starts[n]..starts[n + 1]]),
            split: false,
        })
        .collect();
    let mut bigrams: Vec<String> = entries.iter().map(|e| e.key.clone()).collect();
    bigrams.sort_unstable();
    // Names, kept apart from the text by a `~`: each character of a title (a one-character
    // query searches names and titles), and the pinyin of deputies and stations by prefix.
    let mut chars: BTreeMap<char, Vec<u32>> = BTreeMap::new();
    let mut pinyin: Vec<(String, u32)> = Vec::new();
    for (unit, pages) in unit_docs.iter().enumerate() {
        let doc = &docs[pages[0]];
        for c in doc.title.chars().filter(|c| text::is_cjk(*c)) {
            let list = chars.entry(c).or_default();
            if list.last() != Some(&(unit as u32)) {
                list.push(unit as u32);
            }
        }
        pinyin.extend(pinyin_strings(&doc.pinyin).into_iter().map(|s| (s, unit as u32)));
    }
    // Where a page is (`^` keys): the bigrams of its station's name (in its breadcrumbs),
    // and for a station and its deputies the station's township and villages.
    let mut places: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let place_grams: Vec<(Vec<u64>, Vec<u64>)> = stations
        .iter()
        .map(|s| {
            let mut around = text::packed_bigrams(&s.township);
            for village in &s.serves {
                around.extend(text::packed_bigrams(village));
            }
            (text::packed_bigrams(&s.name), around)
        })
        .collect();
    for (unit, pages) in unit_docs.iter().enumerate() {
        let mut grams: Vec<u64> = Vec::new();
        for d in pages {
            if let Some((name, around)) = place_grams.get(docs[*d].station) {
                grams.extend(name);
                if docs[*d].kind as u8 <= 1 {
                    grams.extend(around);
                }
            }
        }
        grams.sort_unstable();
        grams.dedup();
        for gram in grams {
            places.entry(format!("^{}", text::unpack(gram))).or_default().push(unit as u32);
        }
    }
    entries.extend(places.into_iter().map(|(key, ids)| store::Entry { key, ids: Cow::Owned(ids), split: false }));
    entries.extend(chars.into_iter().map(|(c, ids)| store::Entry {
        key: format!("~{c}"),
        ids: Cow::Owned(ids),
        split: false,
    }));
    entries.extend(store::prefix_keys(pinyin, limits.split_ids, "~"));
    let (shards, mut out) = store::write(&format!("{dir}search/k/"), &entries, limits);
    drop(entries);
    // Rows: [kind, title, id, stations ("0-57,59": numbers in `s/`), pinyin, summary, next,
    // phone, excerpt (0 or 1), township, villages]; a page's address follows from kind,
    // station and id.
    let rows: Vec<String> = unit_docs
        .par_iter()
        .enumerate()
        .map(|(unit, pages)| {
            let doc = &docs[pages[0]];
            let at: Vec<usize> = pages.iter().map(|d| docs[*d].station).collect();
            let place = stations.get(doc.station).filter(|_| doc.kind as u8 <= 1);
            let row = (
                doc.kind as u8,
                doc.title.as_str(),
                doc.id.as_str(),
                ranges(&at),
                doc.pinyin.as_str(),
                doc.summary.as_str(),
                doc.next.as_str(),
                doc.phone.as_str(),
                u8::from(has_excerpt(unit_texts[unit].1)),
                place.map_or("", |s| s.township.as_str()),
                place.map(|s| s.serves.join("、")).unwrap_or_default(),
            );
            serde_json::to_string(&row).unwrap_or_default()
        })
        .collect();
    out.extend(store::row_files(&format!("{dir}search/r/"), &rows, limits.rows_per_file));
    // The stations, [id, name], for the pages of a unit (a county rule is at hundreds).
    let station_rows: Vec<String> =
        stations.iter().map(|s| serde_json::to_string(&(&s.id, &s.name)).unwrap_or_default()).collect();
    out.extend(store::row_files(&format!("{dir}search/s/"), &station_rows, STATIONS_PER_FILE));
    for (unit, (text, kind)) in unit_texts.iter().enumerate() {
        if has_excerpt(*kind) {
            let cut = text.char_indices().nth(EXCERPT_CHARS).map_or(*text, |(end, _)| &text[..end]);
            let json = serde_json::to_string(cut).unwrap_or_default();
            out.push(OutputFile::data_script(format!("{dir}search/t/{unit}.js"), &json));
        }
    }
    let meta = serde_json::json!({ "v": 3, "k": shards, "r": limits.rows_per_file, "s": STATIONS_PER_FILE });
    out.push(OutputFile::data_script(format!("{dir}search/meta.js"), &meta.to_string()));
    CountyIndex { files: out, bigrams }
}

/// Station numbers as ranges, `0-57,59`, in the order given (ascending in practice).
fn ranges(numbers: &[usize]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < numbers.len() {
        let mut j = i;
        while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
            j += 1;
        }
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&numbers[i].to_string());
        if j > i {
            out.push_str(&format!("-{}", numbers[j]));
        }
        i = j + 1;
    }
    out
}

/// Case stories, rules and posts get excerpts; a deputy's or station's result line shows
/// their post or address and next reception instead.
fn has_excerpt(kind: DocKind) -> bool {
    matches!(kind, DocKind::Case | DocKind::Rule | DocKind::Post)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Content;

    /// The JSON a data script holds, as the browser would read it.
    fn data<T: serde::de::DeserializeOwned>(files: &[OutputFile], path: &str) -> T {
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        let Content::Bytes(bytes) = &file.content else { panic!() };
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text.strip_prefix(crate::render::DATA_SCRIPT_PREFIX).unwrap();
        serde_json::from_str(json.strip_suffix(crate::render::DATA_SCRIPT_SUFFIX).unwrap()).unwrap()
    }

    fn doc(kind: DocKind, title: &str, unit_key: &str, text: Option<&str>) -> SearchDoc {
        SearchDoc { text: text.map(String::from), ..SearchDoc::new(kind, title, title, 0, unit_key.into()) }
    }

    /// The units of `key` as the script reads them (first chunk only: small lists here).
    fn units(files: &[OutputFile], dir: &str, key: &str) -> Option<String> {
        let meta: serde_json::Value = data(files, &format!("{dir}search/meta.js"));
        let shards = meta["k"].as_u64().unwrap() as u32;
        let map: serde_json::Value =
            data(files, &format!("{dir}search/k/{}.js", text::hash(store::shard_key(key)) % shards));
        map.get(key).map(|v| v.as_str().map_or_else(|| v[0].as_str().unwrap().to_string(), String::from))
    }

    #[test]
    fn excerpt_sources_are_cut_at_a_character_count() {
        let long = "联络站".repeat(1001) + "尾";
        for (text, chars) in [(long.as_str(), EXCERPT_CHARS), ("短文", 2)] {
            let mut docs = [doc(DocKind::Case, "c", "case:c", Some(text))];
            let files = county_index("x/", &[], &mut docs).files;
            let excerpt: String = data(&files, "x/search/t/0.js");
            assert_eq!(excerpt.chars().count(), chars);
            assert!(text.starts_with(&excerpt));
        }
    }

    #[test]
    fn shared_units_are_indexed_once_and_every_bigram_finds_its_units() {
        let stations = [StationEntry {
            id: "s".into(),
            name: "袁家庄".into(),
            township: "凤山街道".into(),
            serves: vec!["七巷".into()],
        }];
        let mut docs = [
            doc(DocKind::Rule, "a", "rule:x", Some("接待选民制度")),
            doc(DocKind::Rule, "a", "rule:x", None),
            doc(DocKind::Case, "c", "case:c", Some("天然气接入")),
            SearchDoc {
                pinyin: "song jin feng".into(), ..doc(DocKind::Deputy, "宋金峰", "deputy:d", Some("宋金峰"))
            },
        ];
        let index = county_index("lishi/", &stations, &mut docs);
        let files = &index.files;
        // Deputies first, then cases, then rules: the rule is one unit (2).
        for (key, units) in
            [("接待", Some("2")), ("天然", Some("1")), ("入", None), ("~宋", Some("0")), ("~ji", Some("0"))]
        {
            assert_eq!(self::units(files, "lishi/", key).as_deref(), units, "{key}");
        }
        assert!(index.bigrams.contains(&"天然".to_string()) && !index.bigrams.contains(&"~宋".to_string()));
        let rows: Vec<serde_json::Value> = data(files, "lishi/search/r/0.js");
        assert_eq!(rows[2][0], 3, "the rule's row");
        assert_eq!(rows[2][3], "0,0", "the rule is shown at the station twice");
        let stations: serde_json::Value = data(files, "lishi/search/s/0.js");
        assert_eq!(stations, serde_json::json!([["s", "袁家庄"]]));
        assert_eq!(rows[0][9], "凤山街道", "a deputy's row carries the township");
        assert_eq!((rows[1][8].as_u64(), rows[0][8].as_u64()), (Some(1), Some(0)), "excerpts of cases only");
    }

    #[test]
    fn station_numbers_are_written_as_ranges() {
        assert_eq!(ranges(&[0, 1, 2, 3, 5, 7, 8]), "0-3,5,7-8");
        assert_eq!(ranges(&[4]), "4");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn a_common_bigram_is_chunked_and_no_shard_is_over_the_bound() {
        // Limits small enough that six hundred cases split: the bound is a parameter.
        let limits = store::Limits { shard_bytes: 300, max_bytes: 900, chunk_ids: 50, split_ids: 4, rows_per_file: 8 };
        let mut docs: Vec<SearchDoc> = (0..600)
            .map(|n| {
                let text = format!("第{n}号 天然气管道 {}", if n % 3 == 0 { "供暖" } else { "排水" });
                SearchDoc { text: Some(text), ..doc(DocKind::Case, &format!("c{n}"), &format!("case:{n}"), None) }
            })
            .collect();
        let files = county_index_with("x/", &[], &mut docs, &limits).files;
        for file in files.iter().filter(|f| f.path.starts_with("x/search/k/")) {
            let Content::Bytes(bytes) = &file.content else { panic!() };
            assert!(bytes.len() <= 900 + 64, "{} is {} bytes", file.path, bytes.len());
        }
        // 天然 is in every case: 600 units in 12 chunks, the first in its shard.
        let meta: serde_json::Value = data(&files, "x/search/meta.js");
        let shards = meta["k"].as_u64().unwrap() as u32;
        assert!(shards > 1);
        let map: serde_json::Value = data(&files, &format!("x/search/k/{}.js", text::hash("天然") % shards));
        let ends: Vec<u64> = map["天然"][1].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
        assert_eq!(ends, (1..=12).map(|c| c * 50 - 1).collect::<Vec<u64>>());
        let stem = map["天然"][3].as_str().unwrap();
        let last: String = data(&files, &format!("x/search/k/{stem}-11.js"));
        assert_eq!(last.split(',').count(), 50);
    }
}
