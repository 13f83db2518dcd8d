//! "Next reception" and upcoming sessions as pages show them, the data the browser
//! script recomputes them from, and the iCalendar feeds.
//!
//! Every page that states a next reception marks it up as
//! `<time class="next-reception" datetime="…+08:00">` and embeds its upcoming sessions
//! (day offsets and minutes, compact) as JSON; `reception.js` picks the first one still
//! ahead, so a page built weeks ago shows the right day. The embedded list covers the
//! same horizon as the feeds, at most `DATA_LIMIT` sessions.

use super::county::CountyIndex;
use super::views::Link;
use super::Renderer;
use crate::lang::Lang;
use crate::model::{Freq, Holidays, Host, Recurrence, Station, TimeRange, TimeZone, When};
use crate::schedule::calendar::WorkCalendar;
use crate::schedule::ics;
use crate::schedule::sessions::{Session, SessionKind};
use crate::schedule::words::{self, weekday_name};
use chrono::{Datelike, Duration, NaiveDate, Timelike, Weekday};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

/// How far ahead sessions are computed, listed in feeds, and embedded for the script.
pub const HORIZON_DAYS: i64 = 365;
/// How many upcoming sessions a page lists.
pub const UPCOMING: usize = 6;
/// How many sessions a page embeds for the script.
const DATA_LIMIT: usize = 120;

/// `12月5日（周六）`, with the year when it is not this year's.
pub fn day_label(day: NaiveDate, today: NaiveDate, lang: Lang) -> String {
    let weekday = weekday_name(day.weekday(), lang);
    match (lang, day.year() == today.year()) {
        (Lang::ZhCn, true) => format!("{}月{}日（{weekday}）", day.month(), day.day()),
        (Lang::ZhCn, false) => format!("{}年{}月{}日（{weekday}）", day.year(), day.month(), day.day()),
        (Lang::En, true) => format!("{weekday}, {}", day.format("%-d %B")),
        (Lang::En, false) => format!("{weekday}, {}", day.format("%-d %B %Y")),
    }
}

/// `2026-12-05T09:00+08:00`.
pub fn datetime_attr(day: NaiveDate, time: &TimeRange, zone: &TimeZone) -> String {
    format!("{}T{}{}", day, words::clock(time.start), zone.offset_text())
}

#[derive(Serialize)]
pub struct NextReception {
    pub label: String,
    /// The label in two parts, so that a line breaks between them and never inside a time.
    pub day: String,
    pub time: String,
    pub datetime: String,
    /// Where, when it is not the page's own station.
    pub station: Option<Link>,
    /// The sessions for `reception.js`, as JSON (safe inside `<script>`).
    pub data: String,
}

/// The first of `sessions` (already from today on), with the data to recompute it.
pub fn next_reception(
    renderer: &Renderer,
    sessions: &[(&Station, &Session)],
    here: Option<&Station>,
    root: &str,
) -> Option<NextReception> {
    let (station, first) = sessions.first()?;
    let day = day_label(first.date, renderer.today, renderer.lang);
    let time = words::time_range(&first.time, renderer.lang);
    let label = format!("{day} {time}");
    let station = (here.map(|h| h.id.as_str()) != Some(station.id.as_str()))
        .then(|| Link { href: format!("{root}stations/{}/", station.id), text: station.name.clone() });
    Some(NextReception {
        label,
        day,
        time,
        datetime: datetime_attr(first.date, &first.time, &renderer.zone),
        station,
        data: reception_data(renderer, sessions.iter().map(|(_, s)| *s)),
    })
}

/// `{"base":"2026-11-25","offset":480,"lang":"zh-CN","s":[[0,540,720],…]}`: day offsets
/// from the build day, start and end in minutes (-1: no end).
fn reception_data<'a>(renderer: &Renderer, sessions: impl Iterator<Item = &'a Session<'a>>) -> String {
    let mut out = format!(
        "{{\"base\":\"{}\",\"offset\":{},\"lang\":\"{}\",\"s\":[",
        renderer.today,
        renderer.zone.offset_minutes,
        renderer.lang.tag()
    );
    let minutes = |t: chrono::NaiveTime| t.signed_duration_since(chrono::NaiveTime::MIN).num_minutes();
    let mut previous = None;
    let mut written = 0;
    for session in sessions {
        let item = (
            (session.date - renderer.today).num_days(),
            minutes(session.time.start),
            session.time.end.map_or(-1, minutes),
        );
        // Two sessions at the same hours (a roster day and a reception) are one answer.
        if previous == Some(item) {
            continue;
        }
        if written == DATA_LIMIT {
            break;
        }
        let _ = write!(out, "{}[{},{},{}]", if written > 0 { "," } else { "" }, item.0, item.1, item.2);
        previous = Some(item);
        written += 1;
    }
    out.push_str("]}");
    out
}

/// What a session is, in a few words: its note, the team on duty, whose own day it is.
pub fn describe(renderer: &Renderer, index: &CountyIndex, station: &Station, session: &Session) -> String {
    let lang = renderer.lang;
    let names =
        |ids: &[&str]| ids.iter().map(|id| index.deputy_name(id)).collect::<Vec<_>>().join(lang.pick("、", ", "));
    match session.kind {
        SessionKind::Entry(entry) => {
            let mut text = entry.note.clone().unwrap_or_else(|| {
                renderer
                    .strings
                    .get(if matches!(entry.when, When::On(_)) { "one_off" } else { "reception_day" })
                    .to_string()
            });
            if let Some(Host::Text(host)) = &entry.host {
                let _ = write!(text, "{}{}{}", lang.pick("（", " ("), host, lang.pick("）", ")"));
            }
            text
        }
        SessionKind::Roster(_) => {
            format!(
                "{}{}{}",
                renderer.strings.get("on_duty"),
                lang.pick("：", ": "),
                names(&session.attendees(station))
            )
        }
        SessionKind::Personal(deputy) => format!("{}{}", deputy.name, renderer.strings.get("personal_day_suffix")),
    }
}

#[derive(Serialize)]
pub struct UpcomingView {
    pub date: String,
    pub datetime: String,
    pub time: String,
    pub what: String,
    pub station: Option<Link>,
    pub moved_from: Option<String>,
}

pub fn upcoming(
    renderer: &Renderer,
    index: &CountyIndex,
    sessions: &[(&Station, &Session)],
    here: Option<&Station>,
    root: &str,
) -> Vec<UpcomingView> {
    sessions
        .iter()
        .take(UPCOMING)
        .map(|(station, session)| UpcomingView {
            date: day_label(session.date, renderer.today, renderer.lang),
            datetime: datetime_attr(session.date, &session.time, &renderer.zone),
            time: words::time_range(&session.time, renderer.lang),
            what: describe(renderer, index, station, session),
            station: (here.map(|h| h.id.as_str()) != Some(station.id.as_str()))
                .then(|| Link { href: format!("{root}stations/{}/", station.id), text: station.name.clone() }),
            moved_from: session.moved_from.map(|d| day_label(d, renderer.today, renderer.lang)),
        })
        .collect()
}

/// The events feeds have made, written, kept for the next feed: a station's deputies' feeds
/// hold most of the station's own events (an event depends only on its session, or on its
/// rule and the days it is held).
#[derive(Default)]
pub struct FeedEvents {
    /// Session (by address) → its event.
    singles: HashMap<usize, Arc<ics::Written>>,
    /// (station, source) → the days held and the rule's event.
    rules: HashMap<(usize, usize), (Vec<NaiveDate>, Arc<ics::Written>)>,
    /// The events of the station's own feed, for its county's feed (which holds every
    /// station's).
    pub station: Vec<Arc<ics::Written>>,
}

impl FeedEvents {
    fn single(
        &mut self,
        renderer: &Renderer,
        index: &CountyIndex,
        station: &Station,
        session: &Session,
    ) -> Arc<ics::Written> {
        self.singles
            .entry(session as *const Session as usize)
            .or_insert_with(|| Arc::new(single_event(renderer, index, station, session).write(&frame(renderer))))
            .clone()
    }
}

/// What every feed of the build shares.
fn frame(renderer: &Renderer) -> ics::Frame<'_> {
    ics::Frame { zone: &renderer.zone, stamp: renderer.today, until: renderer.today + Duration::days(HORIZON_DAYS) }
}

/// An iCalendar feed of sessions, over the horizon from the build day ([`feed_events`]).
pub fn feed(
    renderer: &Renderer,
    index: &CountyIndex,
    name: &str,
    sessions: &[(&Station, &Session)],
    known: &mut FeedEvents,
) -> Vec<u8> {
    feed_of(renderer, name, &feed_events(renderer, index, sessions, known))
}

/// A feed of events from [`feed_events`] (or several of its lists, merged in its order).
pub fn feed_of(renderer: &Renderer, name: &str, events: &[Arc<ics::Written>]) -> Vec<u8> {
    let lang = renderer.lang;
    let frame = frame(renderer);
    let description = match lang {
        Lang::ZhCn => format!(
            "{name}的接待安排，自{}至{}（已按节假日和临时调整计算）",
            super::format::date(renderer.today, lang),
            super::format::date(frame.until, lang)
        ),
        Lang::En => {
            format!("Receptions of {name} from {} to {}, after holidays and changes", renderer.today, frame.until)
        }
    };
    ics::write(&ics::Feed { name, description: &description, frame: &frame, events }).into_bytes()
}

/// The order of a feed's events: by start, then UID.
pub fn feed_order(events: &mut [Arc<ics::Written>]) {
    events.sort_by(|a, b| (a.start, &a.uid).cmp(&(b.start, &b.uid)));
}

/// The events of a feed of sessions: sessions of a regular rule become one recurring event;
/// the others, events of their own. In [`feed_order`].
pub fn feed_events(
    renderer: &Renderer,
    index: &CountyIndex,
    sessions: &[(&Station, &Session)],
    known: &mut FeedEvents,
) -> Vec<Arc<ics::Written>> {
    let lang = renderer.lang;
    let frame = frame(renderer);
    let until = frame.until;
    let mut events: Vec<Arc<ics::Written>> = Vec::new();
    // Sessions of one rule, by (station, source), in order of first appearance. A roster's
    // days form one group whichever team is on duty. Found by a hash of the source, so that a
    // county's feed costs the same per session however many stations the county has.
    let group_key = |station: &Station, session: &Session| -> (usize, usize) {
        let source = match session.kind {
            SessionKind::Entry(entry) => entry as *const _ as usize,
            SessionKind::Personal(deputy) => deputy as *const _ as usize,
            SessionKind::Roster(_) => 0,
        };
        (station as *const Station as usize, source)
    };
    let mut groups: Vec<(&Station, &Session, &Recurrence, Vec<&Session>)> = Vec::new();
    let mut group_of: HashMap<(usize, usize), usize> = HashMap::new();
    for (station, session) in sessions {
        match rule_of(station, session) {
            // A rule without an RRULE (lunar days, the n-th workday, its own UNTIL) gives an
            // event per session.
            Some(rule)
                if session.moved_from.is_none() && rule_day(rule, session.date) && rrule_expression(rule).is_some() =>
            {
                let key = group_key(station, session);
                match group_of.get(&key) {
                    Some(&at) => groups[at].3.push(session),
                    None => {
                        group_of.insert(key, groups.len());
                        groups.push((station, session, rule, vec![session]));
                    }
                }
            }
            _ => events.push(known.single(renderer, index, station, session)),
        }
    }
    for (station, first, rule, held) in groups {
        let Some(expression) = rrule_expression(rule) else { continue };
        let key = group_key(station, first);
        let mut held_dates: Vec<NaiveDate> = held.iter().map(|s| s.date).collect();
        held_dates.sort_unstable();
        if let Some((dates, event)) = known.rules.get(&key) {
            if *dates == held_dates {
                events.push(event.clone());
                continue;
            }
        }
        // The rule's days without a session: one pass over the days and the held dates in order
        // (looking each day up in `held` made a workday roster's feed quadratic).
        let mut held_days = held_dates.iter().copied().peekable();
        let exdates = first
            .date
            .iter_days()
            .take_while(|d| *d <= until)
            .filter(|d| {
                while held_days.next_if(|held| held < d).is_some() {}
                rule_day(rule, *d) && held_days.peek() != Some(d)
            })
            .map(|d| d.and_time(first.time.start))
            .collect();
        let mut event = single_event(renderer, index, station, first);
        let several_teams = held.iter().any(|s| !first.same_source(s));
        if several_teams {
            event.summary =
                format!("{}{}{}", station.name, lang.pick("：", ": "), renderer.strings.get("roster_summary"));
            event.description = None;
        }
        event.uid =
            format!("{}-{}@{}", station.id, source_key(first), uid_domain(&renderer.base_url, &index.county.id));
        event.rrule = Some(expression);
        event.exdates = exdates;
        let written = Arc::new(event.write(&frame));
        known.rules.insert(key, (held_dates, written.clone()));
        events.push(written);
    }
    feed_order(&mut events);
    events
}

/// The recurrence a session comes from, if any.
fn rule_of<'a>(station: &'a Station, session: &Session<'a>) -> Option<&'a Recurrence> {
    match session.kind {
        SessionKind::Entry(entry) => match &entry.when {
            When::Every(rule) => Some(rule),
            When::On(_) => None,
        },
        SessionKind::Personal(deputy) => Some(&deputy.reception.as_ref()?.every),
        SessionKind::Roster(_) => Some(&station.roster.as_ref()?.every),
    }
}

/// The days the RRULE of `rule` names. Workdays are stated as Monday to Friday: official
/// days off become EXDATEs and make-up workdays events of their own.
fn rule_day(rule: &Recurrence, day: NaiveDate) -> bool {
    match rule {
        Recurrence::Workdays => day.weekday().num_days_from_monday() < 5,
        _ => {
            let holidays = Holidays::default();
            rule.occurs_on(day, &WorkCalendar::new(&holidays))
        }
    }
}

/// The RRULE of a recurrence, without UNTIL; `None` for a rule with an UNTIL of its own.
fn rrule_expression(rule: &Recurrence) -> Option<String> {
    let day = |w: Weekday| ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][w.num_days_from_monday() as usize];
    Some(match rule {
        Recurrence::MonthDay(n) => format!("FREQ=MONTHLY;BYMONTHDAY={n}"),
        Recurrence::LastDay => "FREQ=MONTHLY;BYMONTHDAY=-1".into(),
        Recurrence::NthWeekday(n, w) => format!("FREQ=MONTHLY;BYDAY={n}{}", day(*w)),
        Recurrence::Weekly(w) => format!("FREQ=WEEKLY;BYDAY={}", day(*w)),
        Recurrence::Daily => "FREQ=DAILY".into(),
        Recurrence::Workdays => "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR".into(),
        // Lunar days follow no RRULE; the n-th workday depends on the official calendar.
        Recurrence::NthWorkday(_) | Recurrence::Lunar(_) => return None,
        Recurrence::Rrule(rule) => {
            let freq = match rule.freq {
                Freq::Daily => "DAILY",
                Freq::Weekly => "WEEKLY",
                Freq::Monthly => "MONTHLY",
                Freq::Yearly => "YEARLY",
            };
            let mut text = format!("FREQ={freq}");
            if rule.interval > 1 {
                text += &format!(";INTERVAL={}", rule.interval);
            }
            if !rule.by_month.is_empty() {
                let months: Vec<String> = rule.by_month.iter().map(u8::to_string).collect();
                text += &format!(";BYMONTH={}", months.join(","));
            }
            if !rule.by_month_day.is_empty() {
                let days: Vec<String> = rule.by_month_day.iter().map(i8::to_string).collect();
                text += &format!(";BYMONTHDAY={}", days.join(","));
            }
            if !rule.by_day.is_empty() {
                let days: Vec<String> = rule
                    .by_day
                    .iter()
                    .map(|(n, w)| format!("{}{}", n.map(|n| n.to_string()).unwrap_or_default(), day(*w)))
                    .collect();
                text += &format!(";BYDAY={}", days.join(","));
            }
            // A rule's own UNTIL bounds it before the feed's horizon does.
            if rule.until.is_some() {
                return None;
            }
            text
        }
    })
}

fn single_event(renderer: &Renderer, index: &CountyIndex, station: &Station, session: &Session) -> ics::Event {
    let lang = renderer.lang;
    let what = describe(renderer, index, station, session);
    let place = match session.kind {
        SessionKind::Entry(entry) => entry.place.clone(),
        _ => None,
    };
    let location = match (place, &station.address) {
        (Some(place), Some(address)) => Some(format!("{}{}{place}", address, lang.pick("，", ", "))),
        (place, address) => place.or_else(|| address.clone()),
    };
    ics::Event {
        uid: format!(
            "{:04}{:02}{:02}-{:02}{:02}-{}-{}@{}",
            session.date.year(),
            session.date.month(),
            session.date.day(),
            session.time.start.hour(),
            session.time.start.minute(),
            station.id,
            source_key(session),
            uid_domain(&renderer.base_url, &index.county.id)
        ),
        start: session.date.and_time(session.time.start),
        end: session.time.end.map(|end| session.date.and_time(end)),
        summary: format!("{}{}{what}", station.name, lang.pick("：", ": ")),
        location,
        description: Some(attending(renderer, index, station, session)),
        url: Some(format!("{}{}/stations/{}/", renderer.base_url, index.county.id, station.id)),
        rrule: None,
        exdates: Vec::new(),
    }
}

fn source_key(session: &Session) -> String {
    match session.kind {
        SessionKind::Entry(entry) => format!("e{}", entry_key(entry)),
        SessionKind::Roster(_) => "roster".into(),
        SessionKind::Personal(deputy) => format!("p-{}", deputy.id),
    }
}

/// Who attends, in words: "全体驻站代表" for the whole station, else the names.
fn attending(renderer: &Renderer, index: &CountyIndex, station: &Station, session: &Session) -> String {
    let lang = renderer.lang;
    let everyone = matches!(session.kind, SessionKind::Entry(entry) if entry.who == crate::model::Who::All);
    let who = if everyone {
        renderer.strings.get("all_deputies").to_string()
    } else {
        let ids = session.attendees(station);
        ids.iter().map(|id| index.deputy_name(id)).collect::<Vec<_>>().join(lang.pick("、", ", "))
    };
    format!("{}{}{who}", renderer.strings.get("attending"), lang.pick("：", ": "))
}

/// A key for a schedule entry that does not change when lines are added above it.
fn entry_key(entry: &crate::model::ScheduleEntry) -> String {
    match &entry.when {
        When::On(_) => "once".into(),
        When::Every(rule) => {
            let text = format!("{rule:?}");
            let hash =
                text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x1000_0000_01b3));
            format!("{:08x}", hash as u32)
        }
    }
}

fn uid_domain(base_url: &str, county: &str) -> String {
    let host = base_url.split("://").nth(1).unwrap_or(base_url).split('/').next().unwrap_or("liaison");
    format!("{county}.{host}")
}
