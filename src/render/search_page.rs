//! `<county>/search/`: the search form and results for the script, and for readers
//! without JavaScript a directory of deputies by the village they serve and by the
//! initial of their name in pinyin.

use super::index::CountyIndex;
use super::views::{base_context, county_crumbs, page_file, Link};
use super::{OutputFile, Renderer};
use crate::names;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

const ROOT: &str = "../";

#[derive(Serialize)]
struct Group {
    name: String,
    anchor: String,
    stations: Vec<Link>,
    deputies: Vec<Link>,
}

pub fn search_page(renderer: &Renderer, index: &CountyIndex, dir: &str) -> Result<OutputFile> {
    let county = index.county;
    // Village → its stations and their deputies, in pinyin order of the village.
    let mut villages: BTreeMap<(String, String), Group> = BTreeMap::new();
    // Initial → deputies, in pinyin order.
    let mut initials: BTreeMap<String, Vec<(String, Link)>> = BTreeMap::new();
    for station in &county.stations {
        let station_link = Link { href: format!("{ROOT}stations/{}/", station.id), text: station.name.clone() };
        let deputies: Vec<Link> = station.deputies.iter().map(|d| index.deputy_link(&d.id, ROOT)).collect();
        for village in &station.serves {
            let key = (names::text_syllables(village).join(" "), village.clone());
            let group = villages.entry(key).or_insert_with(|| Group {
                name: village.clone(),
                anchor: String::new(),
                stations: Vec::new(),
                deputies: Vec::new(),
            });
            group.stations.push(station_link.clone());
            group.deputies.extend(deputies.iter().cloned());
        }
        // A deputy's 责任田 (issue 16): the deputy who answers for the village, first.
        for deputy in &station.deputies {
            for village in &deputy.responsible_for {
                let key = (names::text_syllables(village).join(" "), village.clone());
                let group = villages.entry(key).or_insert_with(|| Group {
                    name: village.clone(),
                    anchor: String::new(),
                    stations: Vec::new(),
                    deputies: Vec::new(),
                });
                let link = index.deputy_link(&deputy.id, ROOT);
                group.deputies.retain(|d| d.href != link.href);
                group.deputies.insert(0, link);
            }
        }
        for deputy in &station.deputies {
            let initial = deputy.pinyin.chars().next().map(|c| c.to_ascii_uppercase().to_string()).unwrap_or_default();
            initials.entry(initial).or_default().push((deputy.pinyin.clone(), index.deputy_link(&deputy.id, ROOT)));
        }
    }
    let villages: Vec<Group> = villages.into_values().collect();
    let initials: Vec<Group> = initials
        .into_iter()
        .map(|(initial, mut deputies)| {
            deputies.sort_by(|a, b| (&a.0, &a.1.text).cmp(&(&b.0, &b.1.text)));
            Group {
                anchor: format!("initial-{}", initial.to_ascii_lowercase()),
                name: initial,
                stations: Vec::new(),
                deputies: deputies.into_iter().map(|(_, link)| link).collect(),
            }
        })
        .collect();
    let mut context = base_context(ROOT, county_crumbs(county, ROOT));
    context.insert("county_name", &county.name);
    context.insert("villages", &villages);
    context.insert("initials", &initials);
    context.insert("search_strings", &strings_json(renderer));
    Ok(page_file(format!("{dir}search/index.html"), renderer.page("search.html", &context)?))
}

/// The interface strings the search script needs, as JSON safe inside `<script>`.
pub fn strings_json(renderer: &Renderer) -> String {
    let strings = serde_json::json!({
        "kinds": [renderer.strings.get("deputy"), renderer.strings.get("station"), renderer.strings.get("case_kind"), renderer.strings.get("rule_kind"), renderer.strings.get("posts")],
        "none": renderer.strings.get("search_none"),
        "count": renderer.strings.get("search_count"),
        "more": renderer.strings.get("search_more"),
        "next": renderer.strings.get("next_reception"),
        "phone": renderer.strings.get("phone"),
        "colon": renderer.strings.get("colon"),
        "lang": renderer.lang.tag(),
    });
    strings.to_string().replace('<', "\\u003c")
}
