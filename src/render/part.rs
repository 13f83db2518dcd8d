//! **Issue 20.** What the portal needs of a county, made while the county renders and kept
//! once its model is gone: the portal is rendered from these parts alone, so counties can be
//! built one at a time, or in separate processes (`build --county`, then `assemble`), and a
//! county left unchanged is not read at all (its part is kept in the site's manifest).
//!
//! Plain owned data, written as JSON: what it holds is rendered already (feed entries, list
//! items, the county's group of the city's projects) or counted (ledgers), never the model.

use super::feeds::CityCase;
use super::figures::{Ledger, Totals};
use super::posts::Listed;
use super::Renderer;
use crate::model::{County, Period, StatGroup};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PortalPart {
    pub id: String,
    pub name: String,
    pub stations: usize,
    pub deputies: usize,
    pub cases: usize,
    /// The county's ledger: its stations' and its own rows summed by group and period.
    pub ledger: Vec<((StatGroup, Period), Totals)>,
    /// Its group of the portal's `projects/`, if it has projects.
    pub projects: Option<serde_json::Value>,
    /// Its rows of the city's open data, table by table.
    pub tables: Vec<Vec<Vec<String>>>,
    /// Its posts and its stations', as the city's list and feeds show them.
    pub posts: Vec<Listed>,
    /// Its newest cases, as the city's case feed holds them.
    pub case_entries: Vec<CityCase>,
    /// Its deputies' ids and names: the city's posts name them as `county/id`.
    pub people: Vec<(String, String)>,
    /// What the portal's search holds of it; its `bigrams` are filled in once the county is
    /// indexed ([`PortalPart::indexed`]).
    pub search: crate::search::portal::CountyPart,
}

impl PortalPart {
    pub fn ledger(&self) -> Ledger {
        self.ledger.iter().cloned().collect()
    }

    /// The part once its county is indexed: with the bigrams of the county's index.
    pub fn indexed(mut self, bigrams: Vec<String>) -> PortalPart {
        self.search.bigrams = bigrams;
        self
    }
}

/// The county's part of the portal.
pub fn of(renderer: &Renderer, county: &County) -> PortalPart {
    let posts = super::posts::listing(renderer, &super::posts::of_county(county));
    PortalPart {
        id: county.id.clone(),
        name: county.name.clone(),
        stations: county.stations.len(),
        deputies: county.stations.iter().map(|s| s.deputies.len()).sum(),
        cases: county.stations.iter().map(|s| s.cases.len()).sum(),
        ledger: super::figures::county_ledger(county).into_iter().collect(),
        projects: super::projects_page::county_group(renderer, county),
        tables: super::open_data::county_rows(renderer, county),
        posts,
        case_entries: super::feeds::city_cases(renderer, county),
        people: county.stations.iter().flat_map(|s| &s.deputies).map(|d| (d.id.clone(), d.name.clone())).collect(),
        search: crate::search::portal::county_part(county, Vec::new()),
    }
}
