//! What the pages of one county share (`CountyIndex`), computed once per county: the
//! lookups, each case's HTML, the county rules' page templates, and the sessions over the
//! horizon. Every page kind of a county reads it; it imports none of them.

use super::markdown::to_html_with;
use super::views::Link;
use crate::model::{Case, County, Deputy, Guest, Proposal, Site, Station, VoterReport};
use crate::schedule::calendar::WorkCalendar;
use crate::schedule::sessions::{end_of, expand, merge, Session};
use crate::schedule::words;
use anyhow::Result;
use chrono::{Duration, NaiveDate};
use rayon::prelude::*;
use std::collections::HashMap;

/// From a rule's or case's page (`stations/<s>/rules/<r>/`) to the county's folder: the
/// prefix of the images their text shows.
pub const RULE_ROOT: &str = "../../../../";

/// How far ahead sessions are computed, listed in feeds, and embedded for the script.
pub const HORIZON_DAYS: i64 = 365;

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
    /// Deputy id → their proposals and reports to voters, newest first (issue 17).
    pub record_of: HashMap<&'a str, Vec<Record<'a>>>,
    /// Each case's story as HTML, rendered once for its page and the feeds: station → case.
    case_html: HashMap<&'a str, HashMap<&'a str, String>>,
    /// Each station's sessions from the build day over the horizon, by station index.
    pub sessions: Vec<Vec<Session<'a>>>,
    /// Deputy id → (station index, session index) of the sessions they attend, in order.
    attending: HashMap<&'a str, Vec<(usize, usize)>>,
    /// The portal's `session_length`.
    portal_length: Option<u32>,
    /// **Extension (issue 16).** `<county>/<id>` → a deputy of another county whom a `who:`
    /// of this county names.
    guests: HashMap<&'a str, &'a Guest>,
    /// **Extension (issue 16).** Deputy id → the sessions they attend at stations of other
    /// counties (named there as `<this county>/<id>`), in time order.
    pub visits: HashMap<&'a str, Vec<Visit<'a>>>,
}

/// A session at a station of another county.
pub struct Visit<'a> {
    pub county: &'a County,
    pub station: &'a Station,
    pub session: Session<'a>,
}

impl<'a> CountyIndex<'a> {
    /// `rules` gives each county rule's page with stand-ins and its text for the index (the
    /// rule pages are `docs`'s to render); it runs beside the other parts.
    pub fn new(
        site: &'a Site,
        county: &'a County,
        today: NaiveDate,
        rules: impl FnOnce() -> Result<RuleTemplates<'a>> + Send,
    ) -> Result<CountyIndex<'a>> {
        // Four independent parts, side by side (most of them are sequential inside).
        let ((lookups, rules), (case_html, ((sessions, attending), visits))) = rayon::join(
            || rayon::join(|| Lookups::new(county), rules),
            || {
                rayon::join(
                    || case_stories(county),
                    || rayon::join(|| county_sessions(site, county, today), || visits(site, county, today)),
                )
            },
        );
        let (rule_templates, rule_texts) = rules?;
        Ok(CountyIndex {
            county,
            deputies: lookups.deputies,
            positions: lookups.positions,
            rule_templates,
            rule_texts,
            cases_of: lookups.cases_of,
            record_of: lookups.record_of,
            case_html,
            sessions,
            attending,
            portal_length: site.portal.session_length,
            guests: county.stations.iter().flat_map(|s| &s.guests).map(|g| (g.key.as_str(), g)).collect(),
            visits,
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

    /// The index of the station of this county with this id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    /// The index of a station of this county.
    pub fn station_index(&self, station: &Station) -> usize {
        self.positions.get(station.id.as_str()).copied().unwrap_or(0)
    }

    pub fn deputy_name(&self, id: &str) -> String {
        match self.guests.get(id) {
            Some(guest) => guest.name.clone(),
            None => self.deputies.get(id).map_or(id, |(_, d)| d.name.as_str()).to_string(),
        }
    }

    /// The deputy's page; a deputy of another county has theirs in that county's folder.
    pub fn deputy_link(&self, id: &str, root: &str) -> Link {
        match self.guests.get(id) {
            Some(guest) => {
                Link { href: format!("{root}../{}/deputies/{}/", guest.county, guest.id), text: guest.name.clone() }
            }
            None => Link { href: format!("{root}deputies/{id}/"), text: self.deputy_name(id) },
        }
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

/// **Extension (issue 17).** One entry of a deputy's record.
#[derive(Clone, Copy)]
pub enum Record<'a> {
    Proposal(&'a Proposal),
    Report(&'a VoterReport),
}

impl Record<'_> {
    pub fn date(&self) -> NaiveDate {
        match self {
            Record::Proposal(p) => p.date,
            Record::Report(r) => r.date,
        }
    }

    fn id(&self) -> &str {
        match self {
            Record::Proposal(p) => &p.id,
            Record::Report(r) => &r.id,
        }
    }
}

/// Deputy id → (station, deputy); station id → index; deputy id → the cases that name them,
/// and their record.
struct Lookups<'a> {
    deputies: HashMap<&'a str, (&'a Station, &'a Deputy)>,
    positions: HashMap<&'a str, usize>,
    cases_of: HashMap<&'a str, Vec<(&'a Station, &'a Case)>>,
    record_of: HashMap<&'a str, Vec<Record<'a>>>,
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
        let mut record_of: HashMap<&str, Vec<Record>> = HashMap::new();
        let records = county
            .proposals
            .iter()
            .map(|p| (&p.deputies, Record::Proposal(p)))
            .chain(county.voter_reports.iter().map(|r| (&r.deputies, Record::Report(r))));
        for (ids, record) in records {
            for id in ids {
                record_of.entry(id.as_str()).or_default().push(record);
            }
        }
        for list in record_of.values_mut() {
            list.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| a.id().cmp(b.id())));
        }
        Lookups { deputies, positions, cases_of, record_of }
    }
}

/// Each county rule's page with stand-ins for the station, and its text for the index.
pub type RuleTemplates<'a> = (HashMap<&'a str, String>, HashMap<&'a str, String>);

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

/// **Extension (issue 16).** The sessions this county's deputies attend at stations of
/// other counties, by deputy id: each such station's sessions expanded as its own county's
/// index expands them, those whose attendees name `<county>/<id>` kept.
fn visits<'a>(site: &'a Site, county: &County, today: NaiveDate) -> HashMap<&'a str, Vec<Visit<'a>>> {
    let prefix = format!("{}/", county.id);
    let calendar = WorkCalendar::new(&site.holidays);
    let until = today.checked_add_signed(Duration::days(HORIZON_DAYS)).unwrap_or(NaiveDate::MAX);
    let mut out: HashMap<&str, Vec<Visit>> = HashMap::new();
    for other in site.counties.iter().filter(|c| c.id != county.id) {
        for station in other.stations.iter().filter(|s| s.guests.iter().any(|g| g.key.starts_with(&prefix))) {
            let mut sessions = expand(station, &calendar, today, until);
            merge(&mut sessions, session_minutes(site, station));
            for session in sessions {
                let ids: Vec<&str> =
                    session.attendees(station).into_iter().filter_map(|key| key.strip_prefix(&prefix)).collect();
                for id in ids {
                    out.entry(id).or_default().push(Visit { county: other, station, session: session.clone() });
                }
            }
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| {
            (a.session.date, a.session.time.start, &a.station.id).cmp(&(
                b.session.date,
                b.session.time.start,
                &b.station.id,
            ))
        });
    }
    out
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
