//! What `check` warns about schedules: exceptions that match no session, and dates the
//! holidays files do not cover yet.

use super::calendar::WorkCalendar;
use super::sessions::unmatched_exceptions;
use crate::diag::{Diagnostic, Diagnostics, Pos, Problem, Severity};
use crate::model::{OnHoliday, Recurrence, Site, Station, When};
use chrono::{Datelike, Duration, NaiveDate};

/// How far ahead an unknown calendar matters: the next reception and the county's 14 days.
const LOOKAHEAD_DAYS: i64 = 60;

pub fn check(site: &Site, today: NaiveDate) -> Diagnostics {
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
