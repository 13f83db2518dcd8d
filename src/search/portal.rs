//! The portal's search over every county: deputies and stations by name, pinyin, initials,
//! township and village, and full text routed to the counties that hold it.
//!
//! Built from [`CountyPart`]s only, one made from each county alone (its names and the set
//! of its text bigrams), so that counties can be built apart and the portal put together
//! from their parts. What it writes under `search/`:
//!
//! - `n/`: a [`store`] of name keys → rows: each character and bigram of a name, the bigrams
//!   of a station's township and villages (for the station and its deputies, and a deputy's
//!   责任田), and the pinyin by prefix (`~` + letters), split while common (`~li`, `~liu`, …);
//! - `r/<n>.js`: the rows, eight a file: [county, kind (0 deputy, 1 station), name, id,
//!   pinyin, station name, phone, township, villages];
//! - `f/`: a [`store`] routing text: each bigram of any county's index → the counties that
//!   hold it. A text query reads the shards of its bigrams, then the index of the first of
//!   those counties, a few counties a page (`search.js`);
//! - `meta.js`: the counties (id, name) and the number of shards of each store.

use super::store::{self, Entry, Limits};
use super::text;
use crate::model::County;
use crate::names;
use crate::render::OutputFile;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What the portal's search needs of one county, made from that county alone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CountyPart {
    pub id: String,
    pub name: String,
    pub stations: Vec<PartStation>,
    /// Every text key (bigram) of the county's own index, each once, in order.
    pub bigrams: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartStation {
    pub id: String,
    pub name: String,
    /// The name's reading, syllables separated by spaces.
    pub pinyin: String,
    pub township: String,
    pub serves: Vec<String>,
    /// The station's phone, else the county's.
    pub phone: String,
    pub deputies: Vec<PartDeputy>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartDeputy {
    pub id: String,
    pub name: String,
    pub pinyin: String,
    /// The deputy's office phone, else the station's, else the county's.
    pub phone: String,
    /// The villages the deputy answers for (责任田).
    pub responsible_for: Vec<String>,
}

/// The part of `county`, with the bigrams its index holds ([`super::CountyIndex::bigrams`]).
pub fn county_part(county: &County, bigrams: Vec<String>) -> CountyPart {
    let stations = county
        .stations
        .iter()
        .map(|station| {
            let phone = station.phone.as_deref().or(county.contact.phone.as_deref()).unwrap_or_default();
            PartStation {
                id: station.id.clone(),
                name: station.name.clone(),
                pinyin: names::text_syllables(&station.name).join(" "),
                township: station.township.clone().unwrap_or_default(),
                serves: station.serves.clone(),
                phone: phone.to_string(),
                deputies: station
                    .deputies
                    .iter()
                    .map(|deputy| PartDeputy {
                        id: deputy.id.clone(),
                        name: deputy.name.clone(),
                        pinyin: deputy.pinyin.clone(),
                        phone: deputy.phone.clone().unwrap_or_else(|| phone.to_string()),
                        responsible_for: deputy.responsible_for.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    CountyPart { id: county.id.clone(), name: county.name.clone(), stations, bigrams }
}

/// The portal's search files, from the counties' parts in the site's order.
pub fn portal_index(parts: &[CountyPart]) -> Vec<OutputFile> {
    portal_index_with(parts, &store::LIMITS)
}

/// [`portal_index`] with shards and chunks of the given sizes (tests make them small).
pub fn portal_index_with(parts: &[CountyPart], limits: &Limits) -> Vec<OutputFile> {
    let mut rows: Vec<String> = Vec::new();
    let mut keys: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut pinyin: Vec<(String, u32)> = Vec::new();
    let file = |keys: &mut BTreeMap<String, Vec<u32>>, key: String, row: u32| {
        let list = keys.entry(key).or_default();
        if list.last() != Some(&row) {
            list.push(row);
        }
    };
    for (c, part) in parts.iter().enumerate() {
        for station in &part.stations {
            let villages = station.serves.join("、");
            // Where the station is: its township and villages find it and its deputies.
            let mut place: Vec<String> = grams(&station.township);
            for village in &station.serves {
                place.extend(grams(village));
            }
            let row = rows.len() as u32;
            rows.push(row_json(
                c,
                1,
                &station.name,
                &station.id,
                &station.pinyin,
                "",
                &station.phone,
                &station.township,
                &villages,
            ));
            for key in name_keys(&station.name).into_iter().chain(place.iter().cloned()) {
                file(&mut keys, key, row);
            }
            pinyin.extend(super::pinyin_strings(&station.pinyin).into_iter().map(|s| (s, row)));
            for deputy in &station.deputies {
                let row = rows.len() as u32;
                let mut own = villages.clone();
                for village in &deputy.responsible_for {
                    own.push('、');
                    own.push_str(village);
                }
                rows.push(row_json(
                    c,
                    0,
                    &deputy.name,
                    &deputy.id,
                    &deputy.pinyin,
                    &station.name,
                    &deputy.phone,
                    &station.township,
                    &own,
                ));
                let responsible = deputy.responsible_for.iter().flat_map(|v| grams(v));
                for key in name_keys(&deputy.name).into_iter().chain(place.iter().cloned()).chain(responsible) {
                    file(&mut keys, key, row);
                }
                pinyin.extend(super::pinyin_strings(&deputy.pinyin).into_iter().map(|s| (s, row)));
            }
        }
    }
    let mut entries: Vec<Entry> =
        keys.into_iter().map(|(key, ids)| Entry { key, ids: Cow::Owned(ids), split: false }).collect();
    entries.extend(store::prefix_keys(pinyin, limits.split_ids, "~"));
    let (names, mut out) = store::write("search/n/", &entries, limits);
    drop(entries);
    out.extend(store::row_files("search/r/", &rows, limits.rows_per_file));
    // Text: each bigram → the counties whose index holds it.
    let mut routes: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (c, part) in parts.iter().enumerate() {
        for gram in &part.bigrams {
            routes.entry(gram.as_str()).or_default().push(c as u32);
        }
    }
    let entries: Vec<Entry> = routes
        .into_iter()
        .map(|(key, ids)| Entry { key: key.to_string(), ids: Cow::Owned(ids), split: false })
        .collect();
    let (text_shards, files) = store::write("search/f/", &entries, limits);
    out.extend(files);
    let meta = serde_json::json!({
        "v": 2,
        "counties": parts.iter().map(|c| [c.id.as_str(), c.name.as_str()]).collect::<Vec<_>>(),
        "n": names,
        "f": text_shards,
        "r": limits.rows_per_file,
    });
    out.push(OutputFile::data_script("search/meta.js".into(), &meta.to_string()));
    out
}

/// The bigrams of `text`, each once (a one-character run gives itself).
fn grams(text: &str) -> Vec<String> {
    text::packed_bigrams(text).into_iter().map(text::unpack).collect()
}

/// A name's characters and bigrams.
fn name_keys(name: &str) -> Vec<String> {
    let mut keys: Vec<String> = name.chars().filter(|c| text::is_cjk(*c)).map(String::from).collect();
    keys.extend(grams(name));
    keys.sort();
    keys.dedup();
    keys
}

#[allow(clippy::too_many_arguments)]
fn row_json(
    county: usize,
    kind: u8,
    name: &str,
    id: &str,
    pinyin: &str,
    station: &str,
    phone: &str,
    township: &str,
    villages: &str,
) -> String {
    serde_json::to_string(&(county, kind, name, id, pinyin, station, phone, township, villages)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Content;

    fn data(files: &[OutputFile], path: &str) -> serde_json::Value {
        let file = files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"));
        let Content::Bytes(bytes) = &file.content else { panic!() };
        let text = std::str::from_utf8(bytes).unwrap();
        let json = text.strip_prefix(crate::render::DATA_SCRIPT_PREFIX).unwrap();
        serde_json::from_str(json.strip_suffix(crate::render::DATA_SCRIPT_SUFFIX).unwrap()).unwrap()
    }

    fn part(id: &str, deputy: (&str, &str), village: &str, bigrams: &[&str]) -> CountyPart {
        CountyPart {
            id: id.into(),
            name: format!("{id}县"),
            stations: vec![PartStation {
                id: "s".into(),
                name: "袁家庄联络站".into(),
                pinyin: "yuan jia zhuang lian luo zhan".into(),
                township: "凤山街道".into(),
                serves: vec![village.into()],
                phone: "0358-0000000".into(),
                deputies: vec![PartDeputy {
                    id: "d".into(),
                    name: deputy.0.into(),
                    pinyin: deputy.1.into(),
                    phone: "0358-0000000".into(),
                    responsible_for: vec![],
                }],
            }],
            bigrams: bigrams.iter().map(|b| b.to_string()).collect(),
        }
    }

    /// The row numbers of `key` in the names store.
    fn rows_of(files: &[OutputFile], which: &str, key: &str) -> Option<serde_json::Value> {
        let meta = data(files, "search/meta.js");
        let shards = meta[which].as_u64().unwrap() as u32;
        let map = data(files, &format!("search/{which}/{}.js", text::hash(store::shard_key(key)) % shards));
        map.get(key).cloned()
    }

    #[test]
    fn names_places_and_text_are_found_in_each_county() {
        let parts = [
            part("a", ("宋金峰", "song jin feng"), "严村", &["天然", "然气"]),
            part("b", ("王海荣", "wang hai rong"), "七巷", &["然气"]),
        ];
        let files = portal_index(&parts);
        // Rows: a's station 0, its deputy 1, b's station 2, its deputy 3.
        for (key, rows) in
            [("金峰", "1"), ("严村", "0,1"), ("凤山", "0,1,1,1"), ("~so", "1"), ("~wa", "3"), ("~yu", "0,2")]
        {
            assert_eq!(rows_of(&files, "n", key), Some(serde_json::json!(rows)), "{key}");
        }
        assert_eq!(rows_of(&files, "f", "天然"), Some(serde_json::json!("0")));
        assert_eq!(rows_of(&files, "f", "然气"), Some(serde_json::json!("0,1")));
        let rows = data(&files, "search/r/0.js");
        assert_eq!(rows[3][2], "王海荣");
        assert_eq!(rows[3][0], 1, "in the second county");
        assert_eq!(data(&files, "search/meta.js")["counties"][1], serde_json::json!(["b", "b县"]));
    }

    #[test]
    fn a_part_round_trips_as_json() {
        let part = part("a", ("宋金峰", "song jin feng"), "严村", &["天然"]);
        let json = serde_json::to_string(&part).unwrap();
        assert_eq!(serde_json::from_str::<CountyPart>(&json).unwrap(), part);
    }
}
