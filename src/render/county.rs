//! A county: what its pages share (`CountyIndex`), its home page with the receptions of
//! the next 14 days, and its feed.

use super::markdown::to_html_with;

/// From a rule's or case's page (`stations/<s>/rules/<r>/`) to the county's folder: the
/// prefix of the images their text shows.
pub const RULE_ROOT: &str = "../../../../";
use super::portal::county_card;
use super::reception::{self, day_label, HORIZON_DAYS};
use super::views::{base_context, kind_label, page_file, Link};
use super::{deputy, station, OutputFile, Renderer};
use crate::model::{Case, County, Deputy, Site, Station, StationKind};
use crate::schedule::calendar::WorkCalendar;
use crate::schedule::sessions::{end_of, expand, merge, Session};
use crate::schedule::words;
use crate::search::{SearchDoc, StationEntry};
use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// How many days the county home lists (seed 004: stations announce two days ahead).
const COUNTY_DAYS: i64 = 14;

/// What the pages of one county share, computed once per county.
pub struct CountyIndex<'a> {
    pub county: &'a County,
    /// Deputy id → (station, deputy).
    deputies: HashMap<&'a str, (&'a Station, &'a Deputy)>,
    /// Station id → its index in the county.
    positions: HashMap<&'a str, usize>,
    /// The page of each county rule, rendered once with stand-ins for the station.
    pub rule_templates: HashMap<&'a str, String>,
    /// What each county rule gives the search index, when the same at every station.
    pub rule_texts: HashMap<&'a str, String>,
    /// Deputy id → the cases that name them.
    pub cases_of: HashMap<&'a str, Vec<(&'a Station, &'a Case)>>,
    /// Each case's story as HTML, rendered once for its page and the feeds: station → case.
    case_html: HashMap<&'a str, HashMap<&'a str, String>>,
    /// Each station's sessions from the build day over the horizon, by station index.
    pub sessions: Vec<Vec<Session<'a>>>,
    /// Deputy id → (station index, session index) of the sessions they attend, in order.
    attending: HashMap<&'a str, Vec<(usize, usize)>>,
    /// The portal's `session_length`.
    portal_length: Option<u32>,
}

impl<'a> CountyIndex<'a> {
    pub fn new(renderer: &Renderer, site: &'a Site, county: &'a County, today: NaiveDate) -> Result<CountyIndex<'a>> {
        // Four independent parts, side by side (most of them are sequential inside).
        let ((lookups, rules), (case_html, (sessions, attending))) = rayon::join(
            || rayon::join(|| Lookups::new(county), || county_rules(renderer, county)),
            || rayon::join(|| case_stories(county), || county_sessions(site, county, today)),
        );
        let (rule_templates, rule_texts) = rules?;
        Ok(CountyIndex {
            county,
            deputies: lookups.deputies,
            positions: lookups.positions,
            rule_templates,
            rule_texts,
            cases_of: lookups.cases_of,
            case_html,
            sessions,
            attending,
            portal_length: site.portal.session_length,
        })
    }

    /// How long a station's sessions written without an end last, in minutes.
    pub fn minutes(&self, station: &Station) -> u32 {
        station.session_length.or(self.portal_length).unwrap_or(crate::model::DEFAULT_SESSION_MINUTES)
    }

    /// Hours in words, with the end a session without one is given at `station`.
    pub fn time_words(&self, station: &Station, time: &crate::model::TimeRange, lang: crate::lang::Lang) -> String {
        let time = crate::model::TimeRange { start: time.start, end: Some(end_of(time, self.minutes(station))) };
        words::time_range(&time, lang)
    }

    /// A case's story as HTML.
    pub fn case_html(&self, station: &Station, case: &Case) -> &str {
        self.case_html.get(station.id.as_str()).and_then(|cases| cases.get(case.id.as_str())).map_or("", String::as_str)
    }

    /// The index of a station of this county.
    pub fn station_index(&self, station: &Station) -> usize {
        self.positions.get(station.id.as_str()).copied().unwrap_or(0)
    }

    pub fn deputy_name(&self, id: &str) -> String {
        self.deputies.get(id).map_or(id, |(_, d)| d.name.as_str()).to_string()
    }

    pub fn deputy_link(&self, id: &str, root: &str) -> Link {
        Link { href: format!("{root}deputies/{id}/"), text: self.deputy_name(id) }
    }

    /// A station's sessions with the station beside each.
    pub fn station_sessions(&self, station_index: usize) -> Vec<(&'a Station, &Session<'a>)> {
        let station = &self.county.stations[station_index];
        self.sessions[station_index].iter().map(|s| (station, s)).collect()
    }

    /// The sessions a deputy attends, at any station of the county.
    pub fn deputy_sessions(&self, id: &str) -> Vec<(&'a Station, &Session<'a>)> {
        self.attended(id).iter().map(|(s, i)| (&self.county.stations[*s], &self.sessions[*s][*i])).collect()
    }

    /// The sessions a deputy attends as (station index, session index): deputies with the
    /// same list attend the same sessions.
    pub fn attended(&self, id: &str) -> &[(usize, usize)] {
        self.attending.get(id).map_or(&[], Vec::as_slice)
    }
}

/// Deputy id → (station, deputy); station id → index; deputy id → the cases that name them.
struct Lookups<'a> {
    deputies: HashMap<&'a str, (&'a Station, &'a Deputy)>,
    positions: HashMap<&'a str, usize>,
    cases_of: HashMap<&'a str, Vec<(&'a Station, &'a Case)>>,
}

impl<'a> Lookups<'a> {
    fn new(county: &'a County) -> Lookups<'a> {
        let mut deputies = HashMap::new();
        let mut cases_of: HashMap<&str, Vec<_>> = HashMap::new();
        for station in &county.stations {
            for deputy in &station.deputies {
                deputies.insert(deputy.id.as_str(), (station, deputy));
            }
            for case in &station.cases {
                for id in &case.deputies {
                    cases_of.entry(id.as_str()).or_default().push((station, case));
                }
            }
        }
        let positions = county.stations.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        Lookups { deputies, positions, cases_of }
    }
}

/// Each county rule's page with stand-ins for the station, and its text for the index.
type RuleTemplates<'a> = (HashMap<&'a str, String>, HashMap<&'a str, String>);

fn county_rules<'a>(renderer: &Renderer, county: &'a County) -> Result<RuleTemplates<'a>> {
    let html: HashMap<&str, String> =
        county.rules.par_iter().map(|r| (r.id.as_str(), to_html_with(&r.body, &r.images, RULE_ROOT))).collect();
    let templates = super::docs::county_rule_templates(renderer, county, &html)?;
    let texts = super::docs::shared_rule_texts(&templates);
    Ok((templates, texts))
}

/// Each case's story as HTML: station → case → HTML.
fn case_stories(county: &County) -> HashMap<&str, HashMap<&str, String>> {
    county
        .stations
        .par_iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.cases.iter().map(|c| (c.id.as_str(), to_html_with(&c.body, &c.images, RULE_ROOT))).collect(),
            )
        })
        .collect()
}

/// How long a station's sessions written without an end last, in minutes.
pub fn session_minutes(site: &Site, station: &Station) -> u32 {
    station.session_length.or(site.portal.session_length).unwrap_or(crate::model::DEFAULT_SESSION_MINUTES)
}

/// Each station's sessions over the horizon, and deputy id → (station index, session index)
/// of the sessions they attend, in time order.
type Attending<'a> = HashMap<&'a str, Vec<(usize, usize)>>;

fn county_sessions<'a>(site: &Site, county: &'a County, today: NaiveDate) -> (Vec<Vec<Session<'a>>>, Attending<'a>) {
    let calendar = WorkCalendar::new(&site.holidays);
    let until = today.checked_add_signed(Duration::days(HORIZON_DAYS)).unwrap_or(NaiveDate::MAX);
    let sessions: Vec<Vec<Session>> = county
        .stations
        .par_iter()
        .map(|station| {
            let mut sessions = expand(station, &calendar, today, until);
            merge(&mut sessions, session_minutes(site, station));
            sessions
        })
        .collect();
    let mut attending: Attending = HashMap::new();
    for (station_index, (station, station_sessions)) in county.stations.iter().zip(&sessions).enumerate() {
        for (session_index, session) in station_sessions.iter().enumerate() {
            for id in session.attendees(station) {
                attending.entry(id).or_default().push((station_index, session_index));
            }
        }
    }
    for list in attending.values_mut() {
        list.sort_by_key(|(s, i)| (sessions[*s][*i].date, sessions[*s][*i].time.start, *s, *i));
    }
    (sessions, attending)
}

/// What is left of a county once its stations' pages are written: its own files, and what
/// its pages give the search index.
pub struct RenderedCounty {
    pub files: Vec<OutputFile>,
    /// Each page's search document, with its text.
    pub docs: Vec<SearchDoc>,
    pub stations: Vec<StationEntry>,
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
    let index = CountyIndex::new(renderer, site, county, renderer.today)?;
    let dir = format!("{}/", county.id);
    // The county's own pages render beside its stations': a core that is done with the
    // stations need not wait for them.
    let (stations, county_files) = rayon::join(
        || -> Result<Vec<StationDone>> {
            county
                .stations
                .par_iter()
                .enumerate()
                .map(|(i, station)| {
                    let mut shared = deputy::StationShared::default();
                    let (mut files, mut docs) = station::station_pages(renderer, &index, i, &dir, &mut shared.feeds)?;
                    for deputy in &station.deputies {
                        let (deputy_files, doc) =
                            deputy::deputy_page(renderer, &index, station, deputy, &dir, &mut shared)?;
                        files.extend(deputy_files);
                        docs.push(doc);
                    }
                    let pages = files.iter().filter(|f| f.path.ends_with(".html")).map(|f| f.path.clone()).collect();
                    sink(files)?;
                    Ok((pages, docs, shared.feeds.station))
                })
                .collect()
        },
        || county_pages(renderer, &index, &dir),
    );
    let mut out = county_files?;
    let mut pages = Vec::new();
    let mut docs = Vec::new();
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
    Ok(RenderedCounty { files: out, docs, stations })
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
    let inline = county.intro_images.iter().chain(county.rules.iter().flat_map(|r| &r.images)).map(|i| &i.media);
    for media in county.channels.media().chain(inline) {
        out.push(OutputFile {
            path: format!("{dir}{}", media.site_path),
            content: super::Content::of_media(&media.source),
        });
    }
    out.push(OutputFile {
        path: format!("{dir}sessions.json"),
        content: super::Content::Bytes(reception::county_data(renderer, index).into_bytes()),
    });
    out.extend(renderer.scripts(dir));
    out.push(super::search_page::search_page(renderer, index, dir)?);
    out.push(super::cases_page::cases_page(renderer, index, dir)?);
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
    let card = county_card(county, String::new());
    let view = CountyView {
        name: &county.name,
        city: county.city.as_deref(),
        intro: county.intro.as_deref().map(|text| to_html_with(text, &county.intro_images, "")),
        phone: county.contact.phone.as_deref(),
        address: county.contact.address.as_deref(),
        stations: card.stations,
        deputies: card.deputies,
        cases: card.cases,
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
