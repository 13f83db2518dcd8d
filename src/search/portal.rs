//! The portal's search over every county: deputies and stations by name and pinyin.
//!
//! A city holds some 12,000 names: too many to send to a phone at once. Each name is
//! filed under keys a query starts from: its characters and pairs of characters, and the
//! first two letters of its pinyin, of its initials and of its given name's pinyin. The
//! keys are spread over shards by the same hash as the county index (`search/n/<n>.js`),
//! so a query loads `search/meta.js` and one shard.

use super::text::hash;
use crate::model::County;
use crate::names;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

const SHARD_BYTES: usize = 16_000;

/// [county, kind (0 deputy, 1 station), name, id, pinyin, station name, phone]: the
/// deputy's office phone, else the station's, else the county's.
type Row<'a> = (usize, u8, &'a str, &'a str, String, &'a str, &'a str);

/// The keys a name is found by.
pub fn keys(name: &str, pinyin: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().filter(|c| super::text::is_cjk(*c)).collect();
    let mut keys: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
    keys.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
    let syllables: Vec<&str> = pinyin.split_whitespace().collect();
    let prefix = |text: String| text.chars().take(2).collect::<String>();
    for start in 0..syllables.len() {
        keys.push(prefix(syllables[start..].concat()));
    }
    if syllables.len() > 1 {
        keys.push(prefix(syllables.iter().filter_map(|s| s.chars().next()).collect()));
    }
    keys.retain(|k| !k.is_empty());
    keys.sort();
    keys.dedup();
    keys
}

pub fn portal_index(counties: &[County]) -> Vec<OutputFile> {
    let mut rows: Vec<(Vec<String>, Row)> = Vec::new();
    for (c, county) in counties.iter().enumerate() {
        for station in &county.stations {
            let pinyin = names::text_syllables(&station.name).join(" ");
            let station_phone = station.phone.as_deref().or(county.contact.phone.as_deref()).unwrap_or_default();
            rows.push((keys(&station.name, &pinyin), (c, 1, &station.name, &station.id, pinyin, "", station_phone)));
            for deputy in &station.deputies {
                let phone = deputy.phone.as_deref().unwrap_or(station_phone);
                let row = (
                    c,
                    0,
                    deputy.name.as_str(),
                    deputy.id.as_str(),
                    deputy.pinyin.clone(),
                    station.name.as_str(),
                    phone,
                );
                rows.push((keys(&deputy.name, &deputy.pinyin), row));
            }
        }
    }
    let total: usize =
        rows.iter().map(|(keys, row)| keys.len() * (row.2.len() + row.3.len() + row.4.len() + row.6.len() + 24)).sum();
    let shards = (total / SHARD_BYTES).max(1).next_power_of_two();
    let mut maps: Vec<BTreeMap<&str, Vec<usize>>> = vec![BTreeMap::new(); shards];
    for (i, (keys, _)) in rows.iter().enumerate() {
        for key in keys {
            maps[hash(key) as usize % shards].entry(key.as_str()).or_default().push(i);
        }
    }
    // A row is in the shard of each of its keys (some ten): it is made into JSON once.
    let row_json: Vec<String> =
        rows.par_iter().map(|(_, row)| serde_json::to_string(row).unwrap_or_default()).collect();
    let mut out: Vec<OutputFile> = maps
        .par_iter()
        .enumerate()
        .map(|(n, map)| OutputFile::data_script(format!("search/n/{n}.js"), &shard_json(map, &row_json)))
        .collect();
    let meta = serde_json::json!({
        "v": 1,
        "shards": shards,
        "counties": counties.iter().map(|c| [c.id.as_str(), c.name.as_str()]).collect::<Vec<_>>(),
    });
    out.push(OutputFile::data_script("search/meta.js".into(), &meta.to_string()));
    out
}

/// A shard, `{"rows":[row,…],"keys":{"key":[row,…],…}}`: the rows its keys name, numbered
/// in the order the keys (sorted) first name them.
fn shard_json(map: &BTreeMap<&str, Vec<usize>>, row_json: &[String]) -> String {
    let mut local: HashMap<usize, usize> = HashMap::new();
    let mut order: Vec<usize> = Vec::new();
    for ids in map.values() {
        for id in ids {
            local.entry(*id).or_insert_with(|| {
                order.push(*id);
                order.len() - 1
            });
        }
    }
    let mut json = String::with_capacity(order.iter().map(|id| row_json[*id].len() + 1).sum::<usize>() + 32);
    json.push_str("{\"rows\":[");
    for (i, id) in order.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&row_json[*id]);
    }
    json.push_str("],\"keys\":{");
    for (i, (key, ids)) in map.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(key).unwrap_or_default());
        json.push_str(":[");
        for (j, id) in ids.iter().enumerate() {
            if j > 0 {
                json.push(',');
            }
            let _ = write!(json, "{}", local[id]);
        }
        json.push(']');
    }
    json.push_str("}}");
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_filed_under_what_people_type() {
        let keys = keys("宋金峰", "song jin feng");
        for key in ["宋", "金", "峰", "宋金", "金峰", "so", "ji", "fe", "sj"] {
            assert!(keys.contains(&key.to_string()), "{key} missing from {keys:?}");
        }
    }
}
