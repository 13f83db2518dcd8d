//! A station's sessions over a window of days: its schedule entries, its roster days and
//! its deputies' personal reception days, after holidays and exceptions.
//!
//! The order of the rules (CONTENT.md, "Next reception"): a recurring session falls on its
//! rule's day, then `on_holiday` moves it off a day off (or drops it); one-off sessions
//! never move; then `exceptions` cancel or move whatever falls on their date, which is the
//! date after `on_holiday` (the date the page shows). Roster days do not move: a duty
//! roster covers the days its phrase names, skipping days off unless `on_holiday` is
//! `keep`, and its teams take turns over the days it actually runs.

use super::calendar::WorkCalendar;
use crate::model::{Deputy, ExceptionKind, Host, OnHoliday, Recurrence, ScheduleEntry, Station, TimeRange, When, Who};
use chrono::{Duration, NaiveDate};

/// How far `on_holiday` may move a session (a long holiday plus weekends).
const SHIFT_MARGIN: i64 = 62;

#[derive(Clone, Copy, Debug)]
pub enum SessionKind<'a> {
    Entry(&'a ScheduleEntry),
    /// A roster day, with the index of the team on duty.
    Roster(usize),
    /// A deputy's personal reception day.
    Personal(&'a Deputy),
}

#[derive(Clone, Debug)]
pub struct Session<'a> {
    pub date: NaiveDate,
    pub time: TimeRange,
    pub kind: SessionKind<'a>,
    /// The date it was moved from, by `on_holiday` or an exception.
    pub moved_from: Option<NaiveDate>,
    /// Sessions of other sources that coincide with this one, merged into it ([`merge`]).
    pub also: Vec<SessionKind<'a>>,
}

impl<'a> Session<'a> {
    /// The ids of the deputies who attend (of every source merged into it), in the
    /// station's order.
    pub fn attendees(&self, station: &'a Station) -> Vec<&'a str> {
        let mut ids = Self::attendees_of(self.kind, station);
        for kind in &self.also {
            for id in Self::attendees_of(*kind, station) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    /// The deputies who attend the sessions of one source.
    pub fn attendees_of(kind: SessionKind<'a>, station: &'a Station) -> Vec<&'a str> {
        match kind {
            SessionKind::Entry(entry) => {
                let mut ids: Vec<&str> = match &entry.who {
                    Who::All => station.deputies.iter().map(|d| d.id.as_str()).collect(),
                    Who::Deputies(ids) => ids.iter().map(String::as_str).collect(),
                };
                if let Some(Host::Deputy(host)) = &entry.host {
                    if !ids.contains(&host.as_str()) {
                        ids.push(host);
                    }
                }
                ids
            }
            SessionKind::Roster(team) => station
                .roster
                .as_ref()
                .and_then(|r| r.teams.get(team))
                .map(|t| t.iter().map(String::as_str).collect())
                .unwrap_or_default(),
            SessionKind::Personal(deputy) => vec![deputy.id.as_str()],
        }
    }

    fn rank(&self) -> usize {
        match self.kind {
            SessionKind::Entry(entry) => entry.line,
            SessionKind::Roster(_) => usize::MAX - 1,
            SessionKind::Personal(_) => usize::MAX,
        }
    }

    /// Whether two sessions come from the same rule, roster team or personal day.
    pub fn same_source(&self, other: &Session) -> bool {
        match (self.kind, other.kind) {
            (SessionKind::Entry(a), SessionKind::Entry(b)) => std::ptr::eq(a, b),
            (SessionKind::Personal(a), SessionKind::Personal(b)) => std::ptr::eq(a, b),
            (SessionKind::Roster(a), SessionKind::Roster(b)) => a == b,
            _ => false,
        }
    }
}

/// Every session of `station` from `from` to `to`, inclusive, in order of date and time.
pub fn expand<'a>(station: &'a Station, calendar: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> Vec<Session<'a>> {
    // Sessions an exception moves into the window may come from outside it.
    let mut raw_from = from;
    let mut raw_to = to;
    for exception in &station.exceptions {
        if let ExceptionKind::Move(target) = exception.kind {
            if (from..=to).contains(&target) {
                raw_from = raw_from.min(exception.date);
                raw_to = raw_to.max(exception.date);
            }
        }
    }
    let mut sessions = expand_without_exceptions(station, calendar, raw_from, raw_to);
    apply_exceptions(station, &mut sessions);
    sessions.retain(|s| (from..=to).contains(&s.date));
    sort(&mut sessions);
    sessions
}

/// The sessions before `exceptions` apply: what an exception's date is matched against.
pub fn expand_without_exceptions<'a>(
    station: &'a Station,
    calendar: &WorkCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Session<'a>> {
    let mut sessions = Vec::new();
    let recurring = |rule: &Recurrence, time: TimeRange, kind: SessionKind<'a>, sessions: &mut Vec<Session<'a>>| {
        let start = from.checked_sub_signed(Duration::days(SHIFT_MARGIN)).unwrap_or(NaiveDate::MIN);
        let end = to.checked_add_signed(Duration::days(SHIFT_MARGIN)).unwrap_or(NaiveDate::MAX);
        for nominal in start.iter_days().take_while(|d| *d <= end) {
            if !rule.occurs_on(nominal, calendar) {
                continue;
            }
            let Some(date) = shift(nominal, station.on_holiday, calendar) else {
                continue;
            };
            if (from..=to).contains(&date) {
                let moved_from = (date != nominal).then_some(nominal);
                let session = Session { date, time, kind, moved_from, also: Vec::new() };
                // Two nominal days moved onto one workday are one session.
                if !sessions.iter().rev().take(4).any(|s: &Session| s.date == date && s.same_source(&session)) {
                    sessions.push(session);
                }
            }
        }
    };
    for entry in &station.schedule {
        match &entry.when {
            When::Every(rule) => recurring(rule, entry.time, SessionKind::Entry(entry), &mut sessions),
            When::On(date) => {
                if (from..=to).contains(date) {
                    sessions.push(Session {
                        date: *date,
                        time: entry.time,
                        kind: SessionKind::Entry(entry),
                        moved_from: None,
                        also: Vec::new(),
                    });
                }
            }
        }
    }
    for deputy in &station.deputies {
        if let Some(reception) = &deputy.reception {
            recurring(&reception.every, reception.time, SessionKind::Personal(deputy), &mut sessions);
        }
    }
    if let Some(roster) = &station.roster {
        let mut turn = 0usize;
        for date in roster.starts.iter_days().take_while(|d| *d <= to) {
            let runs = roster.every.occurs_on(date, calendar)
                && (station.on_holiday == OnHoliday::Keep || calendar.is_workday(date));
            if !runs {
                continue;
            }
            if date >= from {
                let kind = SessionKind::Roster(turn % roster.teams.len());
                sessions.push(Session { date, time: roster.time, kind, moved_from: None, also: Vec::new() });
            }
            turn += 1;
        }
    }
    sort(&mut sessions);
    sessions
}

/// Where `on_holiday` puts a session whose rule names `day`; `None` when it is dropped.
pub fn shift(day: NaiveDate, rule: OnHoliday, calendar: &WorkCalendar) -> Option<NaiveDate> {
    if rule == OnHoliday::Keep || calendar.is_workday(day) {
        return Some(day);
    }
    match rule {
        OnHoliday::Keep => Some(day),
        OnHoliday::Skip => None,
        OnHoliday::NextWorkday => calendar.next_workday(day),
        OnHoliday::PreviousWorkday => calendar.previous_workday(day),
    }
}

fn apply_exceptions(station: &Station, sessions: &mut Vec<Session>) {
    if station.exceptions.is_empty() {
        return;
    }
    let mut kept = Vec::with_capacity(sessions.len());
    for session in sessions.drain(..) {
        match station.exceptions.iter().find(|e| e.date == session.date).map(|e| &e.kind) {
            None => kept.push(session),
            Some(ExceptionKind::Cancel) => {}
            Some(ExceptionKind::Move(target)) => kept.push(Session {
                date: *target,
                moved_from: Some(session.moved_from.unwrap_or(session.date)),
                ..session
            }),
        }
    }
    *sessions = kept;
}

/// Two sessions of a station that coincide ([`merge`]): the first, the second, the day.
pub struct Overlap<'a> {
    pub first: SessionKind<'a>,
    pub second: SessionKind<'a>,
    pub date: NaiveDate,
}

/// Gives every session without a written end the end `minutes` after its start (at the
/// latest 23:59), then merges the sessions of one day whose hours overlap into the first
/// of them, with all their attendees and the hours of both; returns what was merged.
/// `sessions` are in the order [`expand`] gives.
pub fn merge<'a>(sessions: &mut Vec<Session<'a>>, minutes: u32) -> Vec<Overlap<'a>> {
    for session in sessions.iter_mut() {
        session.time.end = Some(end_of(&session.time, minutes));
    }
    let mut overlaps = Vec::new();
    let mut kept: Vec<Session<'a>> = Vec::with_capacity(sessions.len());
    // The sessions merged into the last one kept, with their own hours: an overlap names
    // the one the new session really overlaps.
    let mut parts: Vec<(SessionKind<'a>, TimeRange)> = Vec::new();
    for session in sessions.drain(..) {
        if let Some(last) = kept.last_mut() {
            let last_end = last.time.end.unwrap_or(last.time.start);
            if last.date == session.date && session.time.start < last_end {
                let first = parts
                    .iter()
                    .find(|(_, time)| session.time.start < time.end.unwrap_or(time.start))
                    .map_or(last.kind, |(kind, _)| *kind);
                overlaps.push(Overlap { first, second: session.kind, date: session.date });
                parts.push((session.kind, session.time));
                last.time.end = last.time.end.max(session.time.end);
                last.also.push(session.kind);
                last.also.extend(session.also);
                last.moved_from = last.moved_from.or(session.moved_from);
                continue;
            }
        }
        parts.clear();
        parts.push((session.kind, session.time));
        kept.push(session);
    }
    *sessions = kept;
    overlaps
}

/// When a session ends: its written end, else `minutes` after its start (at the latest 23:59).
pub fn end_of(time: &TimeRange, minutes: u32) -> chrono::NaiveTime {
    time.end.unwrap_or_else(|| {
        let start = time.start.signed_duration_since(chrono::NaiveTime::MIN).num_minutes();
        let end = (start + i64::from(minutes)).min(23 * 60 + 59);
        chrono::NaiveTime::from_hms_opt((end / 60) as u32, (end % 60) as u32, 0).unwrap_or(time.start)
    })
}

fn sort(sessions: &mut [Session]) {
    sessions.sort_by_key(|s| (s.date, s.time.start, s.rank()));
}

/// The exceptions of a station that match no session: each is a warning in `check`.
pub fn unmatched_exceptions<'a>(station: &'a Station, calendar: &WorkCalendar) -> Vec<&'a crate::model::Exception> {
    station
        .exceptions
        .iter()
        .filter(|e| expand_without_exceptions(station, calendar, e.date, e.date).is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Exception, Holidays, Roster};
    use chrono::NaiveTime;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn time(h: u32) -> TimeRange {
        TimeRange { start: NaiveTime::from_hms_opt(h, 0, 0).unwrap(), end: None }
    }

    fn station(schedule: Vec<ScheduleEntry>, on_holiday: OnHoliday) -> Station {
        Station { schedule, on_holiday, ..Station::new("s", "s") }
    }

    fn entry(when: When, line: usize) -> ScheduleEntry {
        ScheduleEntry { when, time: time(9), place: None, note: None, who: Who::All, host: None, line, notice: None }
    }

    fn national_day() -> Holidays {
        let mut holidays = Holidays::default();
        for d in ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"] {
            holidays.off.insert(day(d));
        }
        holidays.workdays.insert(day("2026-10-10"));
        holidays.years.insert(2026);
        holidays
    }

    #[test]
    fn holidays_move_sessions_and_exceptions_apply_to_the_moved_date() {
        let holidays = national_day();
        let calendar = WorkCalendar::new(&holidays);
        let mut s = station(vec![entry(When::Every(Recurrence::MonthDay(5)), 1)], OnHoliday::NextWorkday);
        // 5 Oct 2026 is a holiday Monday: the session moves to Thursday 8 Oct.
        let dates: Vec<_> =
            expand(&s, &calendar, day("2026-10-01"), day("2026-10-31")).iter().map(|x| x.date).collect();
        assert_eq!(dates, vec![day("2026-10-08")]);
        // 5 Dec 2026 is a Saturday: Monday 7 Dec; an exception on the 7th moves it on.
        s.exceptions.push(Exception {
            date: day("2026-12-07"),
            kind: ExceptionKind::Move(day("2026-12-09")),
            reason: None,
            line: 1,
        });
        let dec = expand(&s, &calendar, day("2026-12-01"), day("2026-12-31"));
        assert_eq!((dec[0].date, dec[0].moved_from), (day("2026-12-09"), Some(day("2026-12-05"))));
        // An exception on the nominal date matches nothing.
        s.exceptions = vec![Exception { date: day("2026-12-05"), kind: ExceptionKind::Cancel, reason: None, line: 1 }];
        assert_eq!(unmatched_exceptions(&s, &calendar).len(), 1);
    }

    // See: issue 14. A station's `every: 每月11日` for 宋金峰 and his own `reception: 每月11日`
    // are one session, attended by both entries' deputies; an evening session without an end
    // is given the station's length; sessions that only touch stay apart.
    #[test]
    fn coinciding_sessions_merge_and_every_session_gets_an_end() {
        let holidays = Holidays::default();
        let calendar = WorkCalendar::new(&holidays);
        let hm = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let mut s = station(vec![], OnHoliday::Keep);
        s.schedule = vec![
            ScheduleEntry {
                time: TimeRange { start: hm(14, 30), end: Some(hm(17, 30)) },
                who: Who::Deputies(vec!["a".into()]),
                ..entry(When::Every(Recurrence::MonthDay(11)), 3)
            },
            // 18:00 on the 11th: it starts when the merged session ends, so it stays apart.
            ScheduleEntry { time: TimeRange { start: hm(18, 0), end: None }, ..entry(When::On(day("2026-11-11")), 8) },
        ];
        let mut personal = crate::model::Deputy {
            id: "b".into(),
            name: "乙".into(),
            levels: vec![],
            position: None,
            constituency: None,
            gender: None,
            photo: None,
            reception: None,
            phone: None,
            phones: vec![],
            bio: None,
            responsible_for: vec![],
            bio_images: vec![],
            pinyin: "yi".into(),
        };
        personal.reception = Some(crate::model::Reception {
            every: Recurrence::MonthDay(11),
            time: TimeRange { start: hm(15, 0), end: Some(hm(18, 0)) },
        });
        s.deputies = vec![personal];
        let mut sessions = expand(&s, &calendar, day("2026-11-01"), day("2026-12-31"));
        assert_eq!(sessions.len(), 5);
        let overlaps = merge(&mut sessions, 90);
        let got: Vec<(NaiveDate, NaiveTime, Option<NaiveTime>, Vec<&str>)> =
            sessions.iter().map(|x| (x.date, x.time.start, x.time.end, x.attendees(&s))).collect();
        assert_eq!(
            got,
            vec![
                (day("2026-11-11"), hm(14, 30), Some(hm(18, 0)), vec!["a", "b"]),
                (day("2026-11-11"), hm(18, 0), Some(hm(19, 30)), vec!["b"]),
                (day("2026-12-11"), hm(14, 30), Some(hm(18, 0)), vec!["a", "b"]),
            ]
        );
        assert_eq!(overlaps.len(), 2);
        assert!(overlaps
            .iter()
            .all(|o| matches!((o.first, o.second), (SessionKind::Entry(e), SessionKind::Personal(_)) if e.line == 3)));
    }

    #[test]
    fn one_offs_never_move_and_skip_drops() {
        let holidays = national_day();
        let calendar = WorkCalendar::new(&holidays);
        let s = station(
            vec![entry(When::On(day("2026-10-01")), 1), entry(When::Every(Recurrence::MonthDay(2)), 2)],
            OnHoliday::Skip,
        );
        let dates: Vec<_> =
            expand(&s, &calendar, day("2026-10-01"), day("2026-11-30")).iter().map(|x| x.date).collect();
        assert_eq!(dates, vec![day("2026-10-01"), day("2026-11-02")]);
    }

    #[test]
    fn roster_teams_take_turns_over_the_days_the_roster_runs() {
        let holidays = national_day();
        let calendar = WorkCalendar::new(&holidays);
        let mut s = station(vec![], OnHoliday::Skip);
        s.roster = Some(Roster {
            every: Recurrence::Workdays,
            time: time(9),
            starts: day("2026-09-28"),
            teams: vec![vec!["a".into()], vec!["b".into()], vec!["c".into()]],
        });
        let sessions = expand(&s, &calendar, day("2026-09-28"), day("2026-10-12"));
        let got: Vec<(NaiveDate, usize)> = sessions
            .iter()
            .map(|x| {
                (
                    x.date,
                    match x.kind {
                        SessionKind::Roster(t) => t,
                        _ => 99,
                    },
                )
            })
            .collect();
        // Mon 28, Tue 29, Wed 30 Sep; holidays 1-7 Oct (3rd, 4th weekend); Thu 8, Fri 9,
        // make-up Sat 10, Mon 12.
        let expected = [
            ("2026-09-28", 0),
            ("2026-09-29", 1),
            ("2026-09-30", 2),
            ("2026-10-08", 0),
            ("2026-10-09", 1),
            ("2026-10-10", 2),
            ("2026-10-12", 0),
        ];
        assert_eq!(got, expected.iter().map(|(d, t)| (day(d), *t)).collect::<Vec<_>>());
    }
}
