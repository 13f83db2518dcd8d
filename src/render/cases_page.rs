//! `<county>/cases/`: every case story of the county, grouped by category; a small script
//! filters by category and status (without it the page is plain lists per category).

use super::format::{self, date};
use super::index::CountyIndex;
use super::views::{base_context, county_crumbs, page_file, Link};
use super::{OutputFile, Renderer};
use crate::model::CaseStatus;
use anyhow::Result;
use serde::Serialize;

const ROOT: &str = "../";

#[derive(Serialize)]
struct CaseItem<'a> {
    title: &'a str,
    href: String,
    status: &'a str,
    status_key: &'static str,
    category: &'a str,
    station: Link,
    date: String,
    households: Option<u64>,
}

#[derive(Serialize)]
struct CategoryGroup<'a> {
    name: &'a str,
    cases: Vec<CaseItem<'a>>,
}

#[derive(Serialize)]
struct Choice<'a> {
    value: &'a str,
    label: &'a str,
}

pub fn cases_page(renderer: &Renderer, index: &CountyIndex, dir: &str) -> Result<OutputFile> {
    let county = index.county;
    let other = renderer.strings.get("other_category");
    let mut all: Vec<(&crate::model::Station, &crate::model::Case)> =
        county.stations.iter().flat_map(|s| s.cases.iter().map(move |c| (s, c))).collect();
    all.sort_by(|(_, a), (_, b)| {
        (b.resolved.unwrap_or(b.received), &a.title).cmp(&(a.resolved.unwrap_or(a.received), &b.title))
    });
    let mut groups: Vec<CategoryGroup> = Vec::new();
    for (station, case) in all {
        let category = case.category.as_deref().unwrap_or(other);
        let item = CaseItem {
            title: &case.title,
            href: format!("{ROOT}stations/{}/cases/{}/", station.id, case.id),
            status: renderer.strings.get(format::status_label_key(case.status)),
            status_key: format::status_key(case.status),
            category,
            station: Link { href: format!("{ROOT}stations/{}/", station.id), text: station.name.clone() },
            date: date(case.resolved.unwrap_or(case.received), renderer.lang),
            households: case.households,
        };
        match groups.iter_mut().find(|g| g.name == category) {
            Some(group) => group.cases.push(item),
            None => groups.push(CategoryGroup { name: category, cases: vec![item] }),
        }
    }
    groups.sort_by(|a, b| b.cases.len().cmp(&a.cases.len()).then(a.name.cmp(b.name)));
    let statuses: Vec<Choice> = [
        CaseStatus::Resolved,
        CaseStatus::InProgress,
        CaseStatus::Forwarded,
        CaseStatus::Received,
        CaseStatus::Unresolved,
    ]
    .into_iter()
    .map(|s| Choice { value: format::status_key(s), label: renderer.strings.get(format::status_label_key(s)) })
    .collect();
    let total: usize = groups.iter().map(|g| g.cases.len()).sum();
    let mut context = base_context(ROOT, county_crumbs(county, ROOT));
    context.insert("county_name", &county.name);
    context.insert("groups", &groups);
    context.insert("statuses", &statuses);
    context.insert("total", &total);
    Ok(page_file(format!("{dir}cases/index.html"), renderer.page("cases.html", &context)?))
}
