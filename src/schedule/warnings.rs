//! What `check` warns about schedules: exceptions that match no session, dates the
//! holidays files do not cover yet, sessions that coincide (pages show them as one), and
//! what a citizen would miss: a station without a phone, without any session or without
//! deputies, and a deputy who attends no session.

use super::calendar::WorkCalendar;
use super::sessions::{expand, merge, unmatched_exceptions, Session, SessionKind};
use crate::diag::{Diagnostic, Diagnostics, Pos, Problem, SessionSource, Severity};
use crate::model::{County, OnHoliday, Recurrence, Site, Station, When, DEFAULT_SESSION_MINUTES};
use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// How far ahead an unknown calendar matters: the next reception and the county's 14 days.
const LOOKAHEAD_DAYS: i64 = 60;

pub fn check(site: &Site, today: NaiveDate) -> Diagnostics {
    check_with(site, today, true)
}

/// [`check`], with what a citizen would miss only when `reach` is set: content with errors
/// is missing what failed to load, and would be warned about it twice.
pub fn check_with(site: &Site, today: NaiveDate, reach_warnings: bool) -> Diagnostics {
    let calendar = WorkCalendar::new(&site.holidays);
    let mut diagnostics = Diagnostics::default();
    let mut depends_on_calendar = false;
    for county in &site.counties {
        for station in &county.stations {
            depends_on_calendar |= uses_calendar(station);
            for exception in unmatched_exceptions(station, &calendar) {
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    path: format!("{}/stations/{}/station.yaml", county.id, station.id),
                    pos: Pos::new(exception.line, 1),
                    width: 1,
                    problem: Problem::ExceptionMatchesNothing { date: exception.date.to_string() },
                    source_line: None,
                });
            }
        }
        if !reach_warnings {
            continue;
        }
        let found: Vec<Diagnostics> =
            county.stations.par_iter().map(|station| reach(site, county, station, &calendar, today)).collect();
        for more in found {
            diagnostics.extend(more);
        }
    }
    let horizon = today.checked_add_signed(Duration::days(LOOKAHEAD_DAYS)).unwrap_or(NaiveDate::MAX);
    let unknown_year = [today, horizon].into_iter().find(|d| !calendar.knows(*d)).map(|d| d.year());
    if let (true, Some(year)) = (depends_on_calendar, unknown_year) {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            path: "holidays".into(),
            pos: Pos::FILE,
            width: 1,
            problem: Problem::CalendarUnknown { year, last: calendar.last_known_year() },
            source_line: None,
        });
    }
    diagnostics
}

/// Whether a station's sessions depend on which days are official days off.
fn uses_calendar(station: &Station) -> bool {
    let workdays = |rule: &Recurrence| matches!(rule, Recurrence::Workdays | Recurrence::NthWorkday(_));
    station.on_holiday != OnHoliday::Keep
        || station.schedule.iter().any(|e| matches!(&e.when, When::Every(rule) if workdays(rule)))
        || station.roster.as_ref().is_some_and(|r| workdays(&r.every))
        || station.deputies.iter().any(|d| d.reception.as_ref().is_some_and(|r| workdays(&r.every)))
}

/// How far ahead `check` looks for a station's and a deputy's sessions: the year pages cover.
const YEAR_DAYS: i64 = 365;

/// What a citizen would miss at a station, and the sessions pages merge: one warning per
/// pair of entries, naming both, at the first entry's line.
fn reach(site: &Site, county: &County, station: &Station, calendar: &WorkCalendar, today: NaiveDate) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let station_file = format!("{}/stations/{}/station.yaml", county.id, station.id);
    let warn = |diagnostics: &mut Diagnostics, path: &str, line: Option<usize>, problem: Problem| {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            path: path.to_string(),
            pos: line.map_or(Pos::FILE, |line| Pos::new(line, 1)),
            width: 1,
            problem,
            source_line: None,
        });
    };
    let until = today.checked_add_signed(Duration::days(YEAR_DAYS)).unwrap_or(NaiveDate::MAX);
    let mut sessions = expand(station, calendar, today, until);
    let minutes = station.session_length.or(site.portal.session_length).unwrap_or(DEFAULT_SESSION_MINUTES);
    // How many sessions each source gives, and how many of them a pair shares.
    let mut given: HashMap<SessionSource, usize> = HashMap::new();
    for session in &sessions {
        *given.entry(source(session.kind)).or_default() += 1;
    }
    let mut pairs: Vec<(SessionSource, SessionSource, NaiveDate)> = Vec::new();
    let mut shared_days: HashMap<(SessionSource, SessionSource), usize> = HashMap::new();
    for overlap in merge(&mut sessions, minutes) {
        let (first, second) = (source(overlap.first), source(overlap.second));
        // Two entries that bring the same deputy to the same hours are one session written
        // twice (宋金峰's own day and the station's entry for him): worth a clerk's look.
        // Different deputies receiving side by side, or a reception during a roster's duty
        // hours, are merged quietly: that is how stations work.
        let shared = Session::attendees_of(overlap.first, station)
            .iter()
            .any(|id| Session::attendees_of(overlap.second, station).contains(id));
        // A weekly day that now and then falls on the monthly one is merged quietly too:
        // only a source whose every session coincides with the other's is written twice.
        let roster = first == SessionSource::Roster || second == SessionSource::Roster;
        // A notice that defines the session a schedule entry gives anyway announces it:
        // nothing is written twice (issue 17).
        let notice = [overlap.first, overlap.second]
            .iter()
            .any(|kind| matches!(kind, SessionKind::Entry(entry) if entry.notice.is_some()));
        if !shared || roster || notice || first == second {
            continue;
        }
        let count = shared_days.entry((first.clone(), second.clone())).or_default();
        *count += 1;
        if *count == 1 {
            pairs.push((first, second, overlap.date));
        }
    }
    for (first, second, date) in pairs {
        let count = shared_days[&(first.clone(), second.clone())];
        if count < given[&first] && count < given[&second] {
            continue;
        }
        let line = match first {
            SessionSource::Entry { line } => Some(line),
            _ => None,
        };
        let date = date.to_string();
        warn(&mut diagnostics, &station_file, line, Problem::SessionsOverlap { first, second, date });
    }
    // A notice that names a day on which the station has no session (issue 17).
    for notice in station.notices.iter().filter(|n| n.time.is_none()) {
        if expand(station, calendar, notice.date, notice.date).is_empty() {
            let problem = Problem::AnnouncedNoSession { date: notice.date.to_string() };
            warn(&mut diagnostics, &notice.file, None, problem);
        }
    }
    if station.phone.is_none() {
        warn(
            &mut diagnostics,
            &station_file,
            None,
            Problem::StationNoPhone { county_phone: county.contact.phone.is_some() },
        );
    }
    if sessions.is_empty() {
        warn(&mut diagnostics, &station_file, None, Problem::StationNoSchedule);
    }
    let deputies_file = format!("{}/stations/{}/deputies.yaml", county.id, station.id);
    if station.deputies.is_empty() {
        warn(&mut diagnostics, &deputies_file, None, Problem::StationNoDeputies);
    }
    let attending: HashSet<&str> = sessions.iter().flat_map(|s| s.attendees(station)).collect();
    for deputy in &station.deputies {
        if !attending.contains(deputy.id.as_str()) {
            warn(&mut diagnostics, &deputies_file, None, Problem::DeputyNoSession { name: deputy.name.clone() });
        }
    }
    diagnostics
}

fn source(kind: SessionKind) -> SessionSource {
    match kind {
        SessionKind::Entry(entry) => SessionSource::Entry { line: entry.line },
        SessionKind::Personal(deputy) => SessionSource::Personal { name: deputy.name.clone() },
        SessionKind::Roster(_) => SessionSource::Roster,
    }
}
