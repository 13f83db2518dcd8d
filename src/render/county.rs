//! A county: its pages in order (home with the receptions of the next 14 days, stations,
//! deputies, cases, search, data, feeds), from its `CountyIndex`.

use super::markdown::to_html_with;

use super::index::CountyIndex;
use super::reception::{self, day_label};
use super::views::{base_context, kind_label, page_file, Link};
use super::{deputy, station, OutputFile, Renderer};
use crate::model::{County, Site, Station, StationKind};
use crate::schedule::sessions::Session;
use crate::schedule::words;
use crate::search::{SearchDoc, StationEntry};
use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// How many days the county home lists (seed 004: stations announce two days ahead).
const COUNTY_DAYS: i64 = 14;

/// What is left of a county once its stations' pages are written: its own files, and what
/// its pages give the search index.
pub struct RenderedCounty {
    pub files: Vec<OutputFile>,
    /// Each page's search document, with its text.
    pub docs: Vec<SearchDoc>,
    pub stations: Vec<StationEntry>,
    /// What the portal needs of the county.
    pub part: super::part::PortalPart,
}

/// What a station leaves once its pages are written: their paths, their search documents,
/// and its feed's events.
type StationDone = (Vec<String>, Vec<SearchDoc>, Vec<std::sync::Arc<crate::schedule::ics::Written>>);

/// Where a county's pages go as soon as they are made (the staging folder, in a build), a
/// station's worth at a time and from several threads: a county is never held in memory.
pub type Sink<'s> = dyn Fn(Vec<OutputFile>) -> Result<()> + Sync + 's;

/// Everything under `site/<county>/` but the search index: the stations' pages (with their
/// deputies', rules' and cases') go to `sink`, the rest comes back.
pub fn render_county(renderer: &Renderer, site: &Site, county: &County, sink: &Sink) -> Result<RenderedCounty> {
    let index = CountyIndex::new(site, county, renderer.today, || super::docs::county_rules(renderer, county))?;
    let dir = format!("{}/", county.id);
    // The county's own pages render beside its stations': a core that is done with the
    // stations need not wait for them.
    let ((stations, county_files), part) = rayon::join(
        || {
            rayon::join(
                || -> Result<Vec<StationDone>> {
                    county
                        .stations
                        .par_iter()
                        .enumerate()
                        .map(|(i, station)| {
                            let mut shared = deputy::StationShared::default();
                            let (mut files, mut docs) =
                                station::station_pages(renderer, &index, i, &dir, &mut shared.feeds)?;
                            for deputy in &station.deputies {
                                let (deputy_files, doc) =
                                    deputy::deputy_page(renderer, &index, station, deputy, &dir, &mut shared)?;
                                files.extend(deputy_files);
                                docs.push(doc);
                            }
                            let pages =
                                files.iter().filter(|f| f.path.ends_with(".html")).map(|f| f.path.clone()).collect();
                            sink(files)?;
                            Ok((pages, docs, shared.feeds.station))
                        })
                        .collect()
                },
                || county_pages(renderer, &index, &dir),
            )
        },
        || super::part::of(renderer, county),
    );
    let mut out = county_files?;
    let mut pages = Vec::new();
    let mut docs = Vec::new();
    // Posts (issue 17): their pages, lists and feeds, and what they give the search.
    let (post_files, post_docs) = super::posts::county_files(renderer, &index)?;
    out.extend(post_files);
    docs.extend(post_docs);
    // The county's feed holds every station's events, as the stations' feeds wrote them.
    let mut events = Vec::new();
    for (station_pages, station_docs, station_events) in stations? {
        pages.extend(station_pages);
        docs.extend(station_docs);
        events.extend(station_events);
    }
    reception::feed_order(&mut events);
    out.push(OutputFile {
        path: format!("{dir}calendar.ics"),
        content: super::Content::Bytes(reception::feed_of(renderer, &county.name, &events)),
    });
    // A county rule's text, for the first of its pages.
    let mut shared = std::collections::HashSet::new();
    for doc in docs.iter_mut().filter(|d| d.text.is_none()) {
        if let Some(text) = index.rule_texts.get(doc.id.as_str()).filter(|_| shared.insert(doc.unit_key.clone())) {
            doc.text = Some(text.clone());
        }
    }
    let stations: Vec<StationEntry> = county
        .stations
        .iter()
        .map(|s| StationEntry {
            id: s.id.clone(),
            name: s.name.clone(),
            township: s.township.clone().unwrap_or_default(),
            serves: s.serves.clone(),
        })
        .collect();
    pages.extend(out.iter().filter(|f| f.path.ends_with(".html")).map(|f| f.path.clone()));
    out.push(super::feeds::sitemap(renderer, &dir, &pages));
    out.push(super::feeds::robots(renderer, &dir));
    Ok(RenderedCounty { files: out, docs, stations, part })
}

/// The county's own files: its home with the coming days, its case feeds, search and case pages,
/// open data, assets and 404 page.
fn county_pages(renderer: &Renderer, index: &CountyIndex, dir: &str) -> Result<Vec<OutputFile>> {
    let county = index.county;
    let all: Vec<(&Station, &Session)> = {
        let mut all: Vec<_> = (0..county.stations.len()).flat_map(|i| index.station_sessions(i)).collect();
        all.sort_by_key(|(station, s)| (s.date, s.time.start, station.id.as_str()));
        all
    };
    let mut out = vec![renderer.stylesheet(dir), county_home(renderer, index, &all, dir)?];
    let mut images = std::collections::BTreeSet::new();
    for media in county.channels.media().chain(county.own_media()) {
        if images.insert(&media.site_path) {
            out.extend(super::media_files(dir, media));
        }
    }
    out.push(OutputFile::data_script(format!("{dir}sessions.js"), &reception::county_data(renderer, index)));
    out.extend(renderer.scripts(dir));
    out.push(super::search_page::search_page(renderer, index, dir)?);
    out.push(super::cases_page::cases_page(renderer, index, dir)?);
    out.extend(super::record::proposals_page(renderer, index, dir)?);
    out.extend(super::projects_page::county_projects(renderer, county, dir)?);
    out.extend(super::feeds::county_feeds(renderer, index));
    out.extend(super::open_data::open_data(renderer, index, dir)?);
    out.push(super::feeds::not_found(renderer, dir, &county.name)?);
    Ok(out)
}

#[derive(Serialize)]
struct StationCard<'a> {
    id: &'a str,
    name: &'a str,
    href: String,
    kind: &'a str,
    field: Option<&'a str>,
    legislative: bool,
    /// A point listed under its station.
    under: bool,
    serves: String,
    deputies: usize,
    next: Option<String>,
}

#[derive(Serialize)]
struct TownshipGroup<'a> {
    name: &'a str,
    stations: Vec<StationCard<'a>>,
}

#[derive(Serialize)]
struct DayView {
    date: String,
    iso: String,
    sessions: Vec<DaySession>,
}

#[derive(Serialize)]
struct DaySession {
    station: Link,
    time: String,
    what: String,
    /// The notice that announces it (issue 17).
    notice: Option<Link>,
}

fn county_home(
    renderer: &Renderer,
    index: &CountyIndex,
    all: &[(&Station, &Session)],
    dir: &str,
) -> Result<OutputFile> {
    let county = index.county;
    let lang = renderer.lang;
    let mut townships: Vec<TownshipGroup> = Vec::new();
    for i in listing_order(county) {
        let station = &county.stations[i];
        // By township (a point without one is listed with its station); a specialist
        // station serves a field, not a place (issue 16).
        let township = station.township.as_deref().or_else(|| {
            let parent = station.parent.as_deref()?;
            county.stations.iter().find(|s| s.id == parent)?.township.as_deref()
        });
        let name = match (township, station.kind) {
            (Some(township), _) => township,
            (None, StationKind::Specialist) => kind_label(renderer, StationKind::Specialist),
            (None, _) => renderer.strings.get("other_category"),
        };
        let next = index.sessions[i]
            .first()
            .map(|s| format!("{} {}", day_label(s.date, renderer.today, lang), words::time_range(&s.time, lang)));
        let card = StationCard {
            id: &station.id,
            name: &station.name,
            href: format!("stations/{}/", station.id),
            kind: kind_label(renderer, station.kind),
            field: station.field.as_deref(),
            legislative: station.legislative,
            under: station.parent.is_some(),
            serves: station.serves.join(lang.pick("、", ", ")),
            deputies: station.deputies.len(),
            next,
        };
        match townships.iter_mut().find(|g| g.name == name) {
            Some(group) => group.stations.push(card),
            None => townships.push(TownshipGroup { name, stations: vec![card] }),
        }
    }
    let last_day = renderer.today.checked_add_signed(Duration::days(COUNTY_DAYS - 1)).unwrap_or(NaiveDate::MAX);
    let mut days: Vec<DayView> = Vec::new();
    for (station, session) in all.iter().take_while(|(_, s)| s.date <= last_day) {
        let item = DaySession {
            station: Link { href: format!("stations/{}/", station.id), text: station.name.clone() },
            time: words::time_range(&session.time, lang),
            what: reception::describe(renderer, index, station, session),
            notice: reception::notice_link(station, session, ""),
        };
        match days.last_mut() {
            Some(day) if day.iso == session.date.to_string() => day.sessions.push(item),
            _ => days.push(DayView {
                date: day_label(session.date, renderer.today, lang),
                iso: session.date.to_string(),
                sessions: vec![item],
            }),
        }
    }
    #[derive(Serialize)]
    struct CountyView<'a> {
        name: &'a str,
        city: Option<&'a str>,
        intro: Option<String>,
        phone: Option<&'a str>,
        address: Option<&'a str>,
        stations: usize,
        deputies: usize,
        cases: usize,
    }
    let view = CountyView {
        name: &county.name,
        city: county.city.as_deref(),
        intro: county.intro.as_deref().map(|text| to_html_with(text, &county.intro_images, "")),
        phone: county.contact.phone.as_deref(),
        address: county.contact.address.as_deref(),
        stations: county.stations.len(),
        deputies: county.stations.iter().map(|s| s.deputies.len()).sum(),
        cases: county.stations.iter().map(|s| s.cases.len()).sum(),
    };
    let mut context = base_context("./", Vec::new());
    context.insert("county", &view);
    context.insert("channels", &super::channels::views(renderer, county, None, ""));
    context.insert("map", &super::map::county_map(county, renderer.strings.get("county_map")));
    context.insert("townships", &townships);
    context.insert("days", &days);
    context.insert("days_count", &COUNTY_DAYS);
    context.insert("search_href", "search/");
    context.insert("figures", &super::figures::view(renderer, &super::figures::county_ledger(county), "county"));
    context.insert("calendar_href", "calendar.ics");
    context.insert("webcal", &renderer.webcal(&format!("{dir}calendar.ics")));
    // Issue 17: the deputies' record and the 民生实事, when the county has them.
    let has_record = !county.proposals.is_empty() || !county.voter_reports.is_empty();
    context.insert("proposals_href", &has_record.then_some("proposals/"));
    context.insert("projects_href", &(!county.projects.is_empty()).then_some("projects/"));
    let posts = super::posts::listing(renderer, &super::posts::of_county(county));
    context.insert("posts", &super::posts::section(renderer, &posts, dir, dir, &county.name));
    Ok(page_file(format!("{dir}index.html"), renderer.page("county.html", &context)?))
}

/// The order the county home lists stations in (issue 16): stations, homes, specialist
/// stations and studios first, in folder order within each kind, each followed by the points
/// under it; then the points that belong to no station. Groups by township keep this order.
fn listing_order(county: &County) -> Vec<usize> {
    let stations = &county.stations;
    let position: HashMap<&str, usize> = stations.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let parents: Vec<Option<usize>> = stations
        .iter()
        .enumerate()
        .map(|(i, s)| s.parent.as_deref().and_then(|p| position.get(p).copied()).filter(|p| *p != i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); stations.len()];
    for (i, parent) in parents.iter().enumerate() {
        if let Some(parent) = parent {
            children[*parent].push(i);
        }
    }
    let mut heads: Vec<usize> = (0..stations.len()).filter(|&i| parents[i].is_none()).collect();
    heads.sort_by_key(|&i| (stations[i].kind == StationKind::Point, stations[i].kind, i));
    let mut listed = vec![false; stations.len()];
    let mut order = Vec::with_capacity(stations.len());
    for head in heads {
        for i in std::iter::once(head).chain(children[head].iter().copied()) {
            if !std::mem::replace(&mut listed[i], true) {
                order.push(i);
            }
        }
    }
    // A chain of points (a point under a point) keeps every station listed once.
    order.extend((0..stations.len()).filter(|&i| !listed[i]));
    order
}
