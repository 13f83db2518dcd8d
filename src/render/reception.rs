//! "Next reception" and upcoming sessions as pages show them, the data the browser
//! script recomputes them from, and the iCalendar feeds.
//!
//! Every page that states a next reception marks it up as
//! `<time class="next-reception" datetime="…+08:00">` and embeds its upcoming sessions
//! (day offsets and minutes, compact) as JSON; `reception.js` picks the first one still
//! ahead, so a page built weeks ago shows the right day. The embedded list covers the
//! same horizon as the feeds, at most `DATA_LIMIT` sessions.

use super::index::{CountyIndex, HORIZON_DAYS};
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

/// How many upcoming sessions a page lists.
pub const UPCOMING: usize = 6;
/// Pages embed every session of the next `EMBED_DAYS` days for the script, and more up to
/// `EMBED_SESSIONS` sessions (so that a monthly schedule is embedded for the year).
pub const EMBED_DAYS: i64 = 150;
pub const EMBED_SESSIONS: usize = 120;

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
    /// Where in the station, when the session says (`place`).
    pub place: Option<String>,
    /// The sessions for `reception.js`, as JSON (safe inside `<script>`).
    pub data: String,
}

/// The first of `sessions` (already from today on), with the data to recompute it and the
/// list of the coming sessions.
pub fn next_reception(
    renderer: &Renderer,
    index: &CountyIndex,
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
    let mut data = EmbedData::new(renderer, root);
    for (at, session) in embedded(sessions) {
        data.push(renderer, index, at, session, here);
    }
    Some(NextReception {
        label,
        day,
        time,
        datetime: datetime_attr(first.date, &first.time, &renderer.zone),
        station,
        place: place_of(first),
        data: data.finish(None),
    })
}

/// **Extension (issue 17).** The notice that announces a session, if one does: a notice of
/// its station for its day, at its hours (or for the day, when it names only the day).
pub fn notice_of<'a>(station: &'a Station, session: &Session) -> Option<&'a crate::model::Announcement> {
    station.notices.iter().find(|notice| {
        notice.date == session.date
            && notice.time.is_none_or(|time| match session.time.end {
                Some(end) => session.time.start <= time.start && time.start < end,
                None => session.time.start == time.start,
            })
    })
}

/// The link to the notice that announces a session, from a page `root` away from the county.
pub fn notice_link(station: &Station, session: &Session, root: &str) -> Option<Link> {
    notice_of(station, session).map(|n| Link { href: format!("{root}{}", n.href), text: n.title.clone() })
}

/// The `place` of a session's schedule entry.
pub fn place_of(session: &Session) -> Option<String> {
    match session.kind {
        SessionKind::Entry(entry) => entry.place.clone(),
        _ => None,
    }
}

/// The sessions a page embeds: all of the next [`EMBED_DAYS`] days, and at least the first
/// [`EMBED_SESSIONS`].
fn embedded<'s, 'a>(
    sessions: &'s [(&'a Station, &'s Session<'a>)],
) -> impl Iterator<Item = (&'a Station, &'s Session<'a>)> + 's {
    let first = sessions.first().map(|(_, s)| s.date);
    sessions
        .iter()
        .enumerate()
        .take_while(move |(n, (_, s))| {
            *n < EMBED_SESSIONS || first.is_some_and(|f| (s.date - f).num_days() < EMBED_DAYS)
        })
        .map(|(_, (station, session))| (*station, *session))
}

/// The data `reception.js` recomputes dates from:
/// `{"base":"2026-11-25","offset":480,"lang":"zh-CN","root":"../../","t":{…},"w":[texts],
/// "st":[[id,name],…],"n":[[href,title],…],"s":[[day,start,end,what,station,moved,place,notice],…]}`: day offsets from
/// the build day, start and end in minutes (end -1: none), `what` and `place` indices into
/// `w` (-1: none), `station` an index into `st` (-1: the page's own), `moved` the day
/// offset it was moved from (-1: not moved), `notice` an index into `n`, the notices that
/// announce sessions, by their address from the county (-1: none). The county's `sessions.json` adds
/// `"g":[[session,…],…]` and `"d":{"deputy":group,…}`.
pub struct EmbedData {
    out: String,
    texts: Vec<String>,
    text_at: HashMap<String, usize>,
    stations: Vec<(String, String)>,
    station_at: HashMap<String, usize>,
    /// The notices sessions link to (issue 17): (address from the county, title).
    notices: Vec<(String, String)>,
    /// The text of each session's description, by the sources it comes from (a session's
    /// words depend on nothing else): described once, not once a session.
    described: HashMap<Vec<usize>, usize>,
    written: usize,
    today: NaiveDate,
}

impl EmbedData {
    pub fn new(renderer: &Renderer, root: &str) -> EmbedData {
        let strings = &renderer.strings;
        let t = serde_json::json!({
            "moved": strings.get("moved_from"),
            "po": strings.get("paren_open"),
            "pc": strings.get("paren_close"),
            "none": strings.get("no_reception"),
            "soon": strings.get("no_sessions_soon"),
            "notice": strings.get("notice_link"),
            "colon": strings.get("colon"),
        });
        let out = format!(
            "{{\"base\":\"{}\",\"offset\":{},\"lang\":\"{}\",\"root\":{},\"t\":{},\"s\":[",
            renderer.today,
            renderer.zone.offset_minutes,
            renderer.lang.tag(),
            serde_json::to_string(root).unwrap_or_default(),
            t
        );
        EmbedData {
            out,
            texts: Vec::new(),
            text_at: HashMap::new(),
            stations: Vec::new(),
            station_at: HashMap::new(),
            notices: Vec::new(),
            described: HashMap::new(),
            written: 0,
            today: renderer.today,
        }
    }

    fn text(&mut self, text: String) -> usize {
        if let Some(at) = self.text_at.get(&text) {
            return *at;
        }
        self.texts.push(text.clone());
        self.text_at.insert(text, self.texts.len() - 1);
        self.texts.len() - 1
    }

    /// A station's place in `st`, added when new.
    pub fn station(&mut self, station: &Station) -> usize {
        if let Some(at) = self.station_at.get(&station.id) {
            return *at;
        }
        self.stations.push((station.id.clone(), station.name.clone()));
        self.station_at.insert(station.id.clone(), self.stations.len() - 1);
        self.stations.len() - 1
    }

    /// Adds a session; returns its number in `s`.
    pub fn push(
        &mut self,
        renderer: &Renderer,
        index: &CountyIndex,
        station: &Station,
        session: &Session,
        here: Option<&Station>,
    ) -> usize {
        let minutes = |t: chrono::NaiveTime| t.signed_duration_since(chrono::NaiveTime::MIN).num_minutes();
        let key: Vec<usize> = std::iter::once(&session.kind).chain(&session.also).map(source_identity).collect();
        let what = match self.described.get(&key) {
            Some(at) => *at as i64,
            None => {
                let at = self.text(describe(renderer, index, station, session));
                self.described.insert(key, at);
                at as i64
            }
        };
        let at = if here.is_some_and(|h| h.id == station.id) { -1 } else { self.station(station) as i64 };
        let moved = session.moved_from.map_or(-1, |d| (d - self.today).num_days());
        let place = place_of(session).map_or(-1, |p| self.text(p) as i64);
        let notice = notice_of(station, session).map_or(-1, |n| {
            let key = (n.href.clone(), n.title.clone());
            match self.notices.iter().position(|known| *known == key) {
                Some(at) => at as i64,
                None => {
                    self.notices.push(key);
                    self.notices.len() as i64 - 1
                }
            }
        });
        let _ = write!(
            self.out,
            "{}[{},{},{},{what},{at},{moved},{place},{notice}]",
            if self.written > 0 { "," } else { "" },
            (session.date - self.today).num_days(),
            minutes(session.time.start),
            session.time.end.map_or(-1, minutes),
        );
        self.written += 1;
        self.written - 1
    }

    /// The JSON, with `extra` (`"key":value,…`) before its end; `<` escaped, so that it is
    /// safe inside `<script>`.
    pub fn finish(mut self, extra: Option<&str>) -> String {
        let _ = write!(
            self.out,
            "],\"w\":{},\"st\":{},\"n\":{}",
            serde_json::to_string(&self.texts).unwrap_or_default(),
            serde_json::to_string(&self.stations).unwrap_or_default(),
            serde_json::to_string(&self.notices).unwrap_or_default()
        );
        if let Some(extra) = extra {
            self.out.push(',');
            self.out.push_str(extra);
        }
        self.out.push('}');
        self.out.replace('<', "\\u003c")
    }
}

/// `<county>/sessions.json`: every station's embedded sessions, in order of time, with the
/// sessions each deputy attends, for the county home (its 14 days and station cards) and
/// search results (the county's and the portal's) to recompute their dates from.
pub fn county_data(renderer: &Renderer, index: &CountyIndex) -> String {
    let county = index.county;
    let mut all: Vec<(usize, usize)> = Vec::new();
    for s in 0..county.stations.len() {
        let sessions = index.station_sessions(s);
        all.extend((0..embedded(&sessions).count()).map(|i| (s, i)));
    }
    all.sort_by_key(|(s, i)| {
        let session = &index.sessions[*s][*i];
        (session.date, session.time.start, county.stations[*s].id.as_str())
    });
    let mut data = EmbedData::new(renderer, "");
    for station in &county.stations {
        data.station(station);
    }
    let mut number: HashMap<(usize, usize), usize> = HashMap::new();
    for (s, i) in &all {
        let station = &county.stations[*s];
        number.insert((*s, *i), data.push(renderer, index, station, &index.sessions[*s][*i], None));
    }
    // Deputies who attend the same sessions share a group.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut deputies: Vec<(&str, usize)> = Vec::new();
    for station in &county.stations {
        for deputy in &station.deputies {
            let list: Vec<usize> = index.attended(&deputy.id).iter().filter_map(|at| number.get(at).copied()).collect();
            let next = groups.len();
            let group = *group_of.entry(list.clone()).or_insert_with(|| {
                groups.push(list);
                next
            });
            deputies.push((deputy.id.as_str(), group));
        }
    }
    let deputies: serde_json::Map<String, serde_json::Value> =
        deputies.into_iter().map(|(id, g)| (id.to_string(), serde_json::Value::from(g))).collect();
    let extra = format!(
        "\"g\":{},\"d\":{}",
        serde_json::to_string(&groups).unwrap_or_default(),
        serde_json::to_string(&deputies).unwrap_or_default()
    );
    data.finish(Some(&extra))
}

/// What a session comes from, as a number: the address of its entry or deputy, or for a
/// roster day its team (a small number no address has).
fn source_identity(kind: &SessionKind) -> usize {
    match kind {
        SessionKind::Entry(entry) => *entry as *const _ as usize,
        SessionKind::Personal(deputy) => *deputy as *const _ as usize,
        SessionKind::Roster(team) => *team,
    }
}

/// What a session is, in a few words: its note, the team on duty, whose own day it is;
/// for sessions merged into one, each of them.
pub fn describe(renderer: &Renderer, index: &CountyIndex, station: &Station, session: &Session) -> String {
    let mut parts = vec![describe_kind(renderer, index, station, session, session.kind)];
    for kind in &session.also {
        let more = describe_kind(renderer, index, station, session, *kind);
        if !parts.contains(&more) {
            parts.push(more);
        }
    }
    parts.join(renderer.lang.pick("；", "; "))
}

fn describe_kind(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    session: &Session,
    kind: SessionKind,
) -> String {
    let lang = renderer.lang;
    let names =
        |ids: &[&str]| ids.iter().map(|id| index.deputy_name(id)).collect::<Vec<_>>().join(lang.pick("、", ", "));
    match kind {
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
            let team = crate::schedule::sessions::Session { kind, also: Vec::new(), ..session.clone() };
            format!("{}{}{}", renderer.strings.get("on_duty"), lang.pick("：", ": "), names(&team.attendees(station)))
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
    /// The notice that announces it (issue 17).
    pub notice: Option<Link>,
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
            notice: notice_link(station, session, root),
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
