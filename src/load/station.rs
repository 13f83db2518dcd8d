//! `station.yaml`: the station, its reception schedule, exceptions and duty roster.

use super::decode::{Decoder, Fields};
use super::media::{self, MediaBase};
use super::refs::DeputyIds;
use super::yaml::Node;
use crate::diag::Problem;
use crate::model::{
    Consultation, Exception, ExceptionKind, HalfDays, Host, OnHoliday, Recurrence, Roster, ScheduleEntry, StaffMember,
    StaffRole, Station, StationKind, TimeRange, When, Who,
};
use crate::names;
use crate::schedule::phrase::{self, Phrase};
use crate::schedule::rrule;
use chrono::NaiveDate;

const KEYS: &[&str] = &[
    "name",
    "kind",
    "township",
    "address",
    "location",
    "serves",
    "contact",
    "stars",
    "established",
    "intro",
    "on_holiday",
    "schedule",
    "exceptions",
    "roster",
    "staff",
    "field",
    "parent",
    "legislative_point",
    "consultations",
    "session_length",
];
const CONSULTATION_KEYS: &[&str] = &["draft", "deadline", "how", "sent", "adopted"];
const YES_NO: &[(&str, bool)] = &[("true", true), ("false", false), ("是", true), ("否", false)];
const YES_NO_WORDS: &[(&str, bool)] = &[("yes", true), ("no", false), ("基层立法联系点", true)];
const STAFF_KEYS: &[&str] = &["name", "role", "phone"];
const ROLES: &[(&str, StaffRole)] = &[
    ("head", StaffRole::Head),
    ("deputy_head", StaffRole::DeputyHead),
    ("director", StaffRole::Director),
    ("liaison", StaffRole::Liaison),
    ("站长", StaffRole::Head),
    ("副站长", StaffRole::DeputyHead),
    ("主任", StaffRole::Director),
    ("联络员", StaffRole::Liaison),
];
/// The words the site shows for each role, in both languages, and the ones clerks use.
const ROLE_WORDS: &[(&str, StaffRole)] = &[
    ("联络站站长", StaffRole::Head),
    ("station head", StaffRole::Head),
    ("联络站副站长", StaffRole::DeputyHead),
    ("deputy head", StaffRole::DeputyHead),
    ("联络点主任", StaffRole::Director),
    ("point director", StaffRole::Director),
    ("专职联络员", StaffRole::Liaison),
    ("兼职联络员", StaffRole::Liaison),
    ("liaison officer", StaffRole::Liaison),
];
const CONTACT_KEYS: &[&str] = &[
    "phone",
    "wechat_group",
    "hotline",
    "wechat_groups",
    "official_account",
    "email",
    "mailbox",
    "online",
    "service_hotline",
];
const LOCATION_KEYS: &[&str] = &["lat", "lon", "system"];
/// Coordinate systems (issue 16): GCJ-02, as Chinese map apps use, or WGS-84 (GPS), converted.
const SYSTEMS: &[(&str, bool)] = &[("gcj02", false), ("wgs84", true)];
const SYSTEM_WORDS: &[(&str, bool)] =
    &[("火星坐标", false), ("高德", false), ("腾讯", false), ("gps", true), ("卫星定位", true)];
const ENTRY_KEYS: &[&str] = &["every", "rrule", "on", "time", "place", "note", "who", "host", "starts"];
const EXCEPTION_KEYS: &[&str] = &["cancel", "move", "to", "reason"];
const ROSTER_KEYS: &[&str] = &["every", "time", "starts", "teams"];

const KINDS: &[(&str, StationKind)] = &[
    ("station", StationKind::Station),
    ("point", StationKind::Point),
    ("home", StationKind::Home),
    ("studio", StationKind::Studio),
    ("specialist", StationKind::Specialist),
    ("联络站", StationKind::Station),
    ("联络点", StationKind::Point),
    ("代表之家", StationKind::Home),
    ("代表工作室", StationKind::Studio),
    ("专业联络站", StationKind::Specialist),
];
/// The words the site shows, and the ones clerks use, for `kind` and `on_holiday`.
const KIND_WORDS: &[(&str, StationKind)] = &[
    // The one character clerks say for short ("全县共有 167 个站、580 个点").
    ("站", StationKind::Station),
    ("点", StationKind::Point),
    ("代表联络站", StationKind::Station),
    ("人大代表联络站", StationKind::Station),
    ("liaison station", StationKind::Station),
    ("代表联络点", StationKind::Point),
    ("人大代表联络点", StationKind::Point),
    ("liaison point", StationKind::Point),
    ("人大代表之家", StationKind::Home),
    ("deputies' home", StationKind::Home),
    ("室", StationKind::Studio),
    ("代表联络室", StationKind::Studio),
    ("人大代表工作室", StationKind::Studio),
    ("工作室", StationKind::Studio),
    ("deputy's studio", StationKind::Studio),
    ("代表专业技术服务联络站", StationKind::Specialist),
    ("专业技术服务联络站", StationKind::Specialist),
    ("specialist liaison station", StationKind::Specialist),
];
const ON_HOLIDAY_WORDS: &[(&str, OnHoliday)] = &[
    ("照常", OnHoliday::Keep),
    ("照常接待", OnHoliday::Keep),
    ("不变", OnHoliday::Keep),
    ("取消", OnHoliday::Skip),
    ("暂停", OnHoliday::Skip),
    ("跳过", OnHoliday::Skip),
    ("不接待", OnHoliday::Skip),
    ("顺延", OnHoliday::NextWorkday),
    ("往后顺延", OnHoliday::NextWorkday),
    ("顺延到下一个工作日", OnHoliday::NextWorkday),
    ("顺延至下一个工作日", OnHoliday::NextWorkday),
    ("推迟", OnHoliday::NextWorkday),
    ("提前", OnHoliday::PreviousWorkday),
    ("提前到前一个工作日", OnHoliday::PreviousWorkday),
    ("提前至前一个工作日", OnHoliday::PreviousWorkday),
];
const ON_HOLIDAY: &[(&str, OnHoliday)] = &[
    ("keep", OnHoliday::Keep),
    ("skip", OnHoliday::Skip),
    ("next_workday", OnHoliday::NextWorkday),
    ("previous_workday", OnHoliday::PreviousWorkday),
];

/// The station as `station.yaml` describes it; its deputies, rules, cases and ledger come
/// from the other files of its folder.
pub fn decode(
    decoder: &mut Decoder,
    base: &MediaBase,
    deputies: &DeputyIds,
    id: &str,
    half_days: &HalfDays,
    stations: &[String],
) -> Station {
    let mut info = Station::new(id, "");
    let text = decoder.text_of_file();
    let Some(root) = decoder.parse(text, 1) else {
        return info;
    };
    let Some(fields) = decoder.map(&root, KEYS) else {
        return info;
    };
    info.name = decoder.required_text(&fields, "name").unwrap_or_default();
    info.kind = fields
        .get("kind")
        .and_then(|n| decoder.choice_or_synonym(n, KINDS, KIND_WORDS))
        .unwrap_or(StationKind::Station);
    info.township = fields.get("township").and_then(|n| decoder.text(n));
    info.address = fields.get("address").and_then(|n| decoder.text(n));
    info.location = fields.get("location").and_then(|n| location(decoder, n));
    info.serves =
        fields.get("serves").map(|n| decoder.texts(n).into_iter().map(|s| s.value).collect()).unwrap_or_default();
    if let Some(contact) = fields.get("contact").and_then(|n| decoder.map(n, CONTACT_KEYS)) {
        info.phones = contact.get("phone").map(|n| decoder.phones(n)).unwrap_or_default();
        info.phone = info.phones.first().map(|p| p.number.clone());
        info.wechat_group = contact.get("wechat_group").and_then(|n| media::resolve(decoder, n, base));
        info.channels = super::contact::channels(decoder, &contact, base);
    }
    if let Some(list) = fields.get("staff") {
        info.staff = decoder.list(list).into_iter().filter_map(|item| staff_member(decoder, item)).collect();
        info.staff.sort_by_key(|member| member.role);
    }
    info.field = fields.get("field").and_then(|n| decoder.text(n));
    if let Some(node) = fields.get("parent") {
        info.parent = parent(decoder, node, id, stations);
    }
    info.legislative = fields
        .get("legislative_point")
        .and_then(|n| decoder.choice_or_synonym(n, YES_NO, YES_NO_WORDS))
        .unwrap_or(false);
    if let Some(list) = fields.get("consultations") {
        info.consultations = decoder.list(list).into_iter().filter_map(|item| consultation(decoder, item)).collect();
    }
    info.stars = fields.get("stars").and_then(|n| decoder.integer(n, 1, 5)).map(|n| n as u8);
    info.established = fields.get("established").and_then(|n| decoder.date(n));
    if let Some(node) = fields.get("intro") {
        info.intro = decoder.text(node);
        if let Some(text) = &info.intro {
            info.intro_images = super::images::yaml_images(decoder, node, text, base);
        }
    }
    let written_on_holiday =
        fields.get("on_holiday").and_then(|n| decoder.choice_or_synonym(n, ON_HOLIDAY, ON_HOLIDAY_WORDS));
    info.on_holiday = written_on_holiday.unwrap_or_default();
    // Holiday clauses of the phrases (`每月5日（遇节假日顺延）`): the first, with its node.
    let mut clauses: Vec<Clause> = Vec::new();
    if let Some(list) = fields.get("schedule") {
        for item in decoder.list(list) {
            if let Some((entry, clause)) = schedule_entry(decoder, item, deputies, half_days) {
                info.schedule.push(entry);
                clauses.extend(clause);
            }
        }
    }
    info.guests = guests(&info.schedule, deputies);
    if let Some(list) = fields.get("exceptions") {
        info.exceptions = decoder.list(list).into_iter().filter_map(|item| exception(decoder, item)).collect();
    }
    if let Some((roster, clause)) = fields.get("roster").and_then(|n| roster(decoder, n, deputies, half_days)) {
        info.roster = roster;
        clauses.extend(clause);
    }
    // A clause sets the station's rule when on_holiday is not written; it must agree with
    // the rule that is written, and with the other clauses.
    let mut rule = written_on_holiday;
    for (clause, node) in clauses {
        match rule {
            None => {
                rule = Some(clause);
                info.on_holiday = clause;
            }
            Some(rule) if rule != clause => {
                let station = ON_HOLIDAY.iter().find(|(_, v)| *v == rule).map_or("", |(w, _)| *w).to_string();
                let text = node.as_str().unwrap_or_default().to_string();
                decoder.error(node, Problem::HolidayClauseConflict { text, station });
            }
            Some(_) => {}
        }
    }
    info.session_length = fields.get("session_length").and_then(|n| super::portal::session_length(decoder, n));
    info
}

/// `{ name: 王某, role: 站长, phone: "0358-0000000" }`.
fn staff_member(decoder: &mut Decoder, node: &Node) -> Option<StaffMember> {
    let fields = decoder.map(node, STAFF_KEYS)?;
    let name = decoder.required_text(&fields, "name");
    let role = fields.required(decoder, "role").and_then(|n| decoder.choice_or_synonym(n, ROLES, ROLE_WORDS));
    let phones = fields.get("phone").map(|n| decoder.phones(n)).unwrap_or_default();
    Some(StaffMember { name: name?, role: role?, phones })
}

/// `parent:` the id of another station of the county.
fn parent(decoder: &mut Decoder, node: &Node, id: &str, stations: &[String]) -> Option<String> {
    let text = decoder.text(node)?;
    if text == id {
        decoder.error(node, Problem::OwnParent);
        None
    } else if stations.contains(&text) {
        Some(text)
    } else {
        let suggestion = crate::suggest::closest(&text, stations.iter().map(String::as_str).filter(|s| *s != id));
        decoder.error(node, Problem::UnknownStation { id: text, suggestion });
        None
    }
}

/// `{ draft: 《…条例（草案）》, deadline: 2026-12-31, how: …, sent: 16, adopted: 3 }`.
fn consultation(decoder: &mut Decoder, node: &Node) -> Option<Consultation> {
    let fields = decoder.map(node, CONSULTATION_KEYS)?;
    let draft = decoder.required_text(&fields, "draft");
    let count =
        |decoder: &mut Decoder, key| fields.get(key).and_then(|n| decoder.integer(n, 0, i64::MAX)).map(|n| n as u64);
    let sent = count(decoder, "sent");
    let adopted = count(decoder, "adopted");
    if let (Some(sent), Some(adopted), Some(node)) = (sent, adopted, fields.get("adopted")) {
        if adopted > sent {
            decoder.error(node, Problem::AdoptedExceedsSent { adopted, sent });
        }
    }
    Some(Consultation {
        draft: draft?,
        deadline: fields.get("deadline").and_then(|n| decoder.date(n)),
        how: fields.get("how").and_then(|n| decoder.text(n)),
        sent,
        adopted,
    })
}

fn location(decoder: &mut Decoder, node: &Node) -> Option<(f64, f64)> {
    let fields = decoder.map(node, LOCATION_KEYS)?;
    let mut coordinate = |key: &'static str, limit: f64| {
        let node = fields.required(decoder, key)?;
        let text = decoder.text(node)?;
        match text.parse::<f64>() {
            Ok(value) if value.abs() <= limit => Some(value),
            _ => {
                decoder.error(node, Problem::OutOfRange { text, min: -(limit as i64), max: limit as i64 });
                None
            }
        }
    };
    let at = (coordinate("lat", 90.0)?, coordinate("lon", 180.0)?);
    let wgs84 = fields.get("system").and_then(|n| decoder.choice_or_synonym(n, SYSTEMS, SYSTEM_WORDS));
    Some(if wgs84 == Some(true) { wgs84_to_gcj02(at) } else { at })
}

/// WGS-84 (GPS) to GCJ-02, the offset every map app in China applies (the published
/// approximation, good to a metre or two); places outside China are left as they are.
pub fn wgs84_to_gcj02((lat, lon): (f64, f64)) -> (f64, f64) {
    use std::f64::consts::PI;
    if !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat) {
        return (lat, lon);
    }
    const A: f64 = 6378245.0;
    const EE: f64 = 0.006_693_421_622_965_943;
    let (x, y) = (lon - 105.0, lat - 35.0);
    let wave = (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    let d_lat = -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * x.abs().sqrt()
        + wave
        + (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0
        + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let d_lon = 300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * x.abs().sqrt()
        + wave
        + (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0
        + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = (d_lat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lon = (d_lon * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI);
    (lat + d_lat, lon + d_lon)
}

/// A recurrence phrase under `every:`, with what it carries.
pub fn recurrence(decoder: &mut Decoder, node: &Node, half_days: &HalfDays) -> Option<Phrase> {
    let text = decoder.text(node)?;
    match phrase::read(&text, half_days) {
        Ok(phrase) => Some(phrase),
        Err(refusal) => {
            decoder.error(
                node,
                Problem::BadPhrase { text, key: "every", issue: refusal.issue, suggestions: refusal.suggestions },
            );
            None
        }
    }
}

/// `time:`, which may be left out when the phrase gave the hours (`每周三下午`); written, it
/// is the one that counts.
pub fn time_range(
    decoder: &mut Decoder,
    fields: &Fields,
    half_days: &HalfDays,
    from_phrase: Option<TimeRange>,
) -> Option<TimeRange> {
    let node = match (fields.get("time"), from_phrase) {
        (None, Some(time)) => return Some(time),
        (Some(node), _) => node,
        (None, None) => fields.required(decoder, "time")?,
    };
    let text = decoder.text(node)?;
    match phrase::read_time(&text, half_days) {
        Ok(time) => Some(time),
        Err(refusal) => {
            decoder.error(node, Problem::BadTime { text, issue: refusal.issue, suggestions: refusal.suggestions });
            None
        }
    }
}

/// Sets where an every-other-week rule counts from (`starts:`, or the phrase's
/// `（2026-12-02起）`); reports a rule that needs it and has none.
fn anchor(decoder: &mut Decoder, node: &Node, every: &mut Recurrence, starts: Option<NaiveDate>) {
    if let Recurrence::Rrule(rule) = every {
        if rule.interval > 1 {
            rule.anchor = starts;
            if starts.is_none() {
                let text = node.as_str().unwrap_or_default().to_string();
                decoder.error(node, Problem::IntervalNeedsStart { text });
            }
        }
    }
}

/// A phrase's holiday clause (`（遇节假日顺延）`) and the phrase's node.
type Clause<'n> = (OnHoliday, &'n Node);

/// **Extension (issue 16).** The deputies of other counties that `who:` lists name, once each.
fn guests(schedule: &[ScheduleEntry], deputies: &DeputyIds) -> Vec<crate::model::Guest> {
    let mut out: Vec<crate::model::Guest> = Vec::new();
    for entry in schedule {
        let Who::Deputies(ids) = &entry.who else { continue };
        for key in ids {
            let Some((county, id)) = key.split_once('/') else { continue };
            if out.iter().any(|g| &g.key == key) {
                continue;
            }
            let name = deputies.elsewhere.as_deref().and_then(|all| all.get(county)?.name_of(id)).unwrap_or(id);
            out.push(crate::model::Guest {
                key: key.clone(),
                county: county.to_string(),
                id: id.to_string(),
                name: name.to_string(),
            });
        }
    }
    out
}

/// A schedule entry, and the holiday clause its phrase carried (with the phrase's node).
pub(super) fn schedule_entry<'n>(
    decoder: &mut Decoder,
    node: &'n Node,
    deputies: &DeputyIds,
    half_days: &HalfDays,
) -> Option<(ScheduleEntry, Option<Clause<'n>>)> {
    let fields = decoder.map(node, ENTRY_KEYS)?;
    let givens: Vec<&str> = ["every", "rrule", "on"].into_iter().filter(|k| fields.get(k).is_some()).collect();
    if givens.len() > 1 {
        decoder.error(node, Problem::EveryAndOn);
    }
    let starts = fields.get("starts").and_then(|n| decoder.date(n));
    let mut phrase_time = None;
    let mut clause = None;
    let when = if let Some(n) = fields.get("every") {
        recurrence(decoder, n, half_days).map(|phrase| {
            let mut every = phrase.every;
            anchor(decoder, n, &mut every, starts.or(phrase.starts));
            phrase_time = phrase.time;
            clause = phrase.on_holiday.map(|rule| (rule, n));
            When::Every(every)
        })
    } else if let Some(n) = fields.get("rrule") {
        let text = decoder.text(n)?;
        match rrule::parse(&text) {
            Ok(rule) => {
                let mut every = Recurrence::Rrule(rule);
                anchor(decoder, n, &mut every, starts);
                Some(When::Every(every))
            }
            Err(reason) => {
                decoder.error(n, Problem::BadRrule { text, reason });
                None
            }
        }
    } else if let Some(n) = fields.get("on") {
        decoder.date(n).map(When::On)
    } else {
        decoder.error(node, Problem::NoWhen);
        None
    };
    let time = time_range(decoder, &fields, half_days, phrase_time);
    let who = match fields.get("who") {
        Some(n) if n.as_str().is_some_and(|t| ["all", "全体", "全部", "全体代表", "所有代表"].contains(&t.trim())) => {
            Who::All
        }
        Some(n) => Who::Deputies(deputies.resolve_who(decoder, n)),
        None => Who::All,
    };
    let host = fields.get("host").and_then(|n| {
        let text = decoder.text(n)?;
        if deputies.contains(&text) {
            Some(Host::Deputy(text))
        } else if names::is_valid_id(&text) {
            // Written like an id, so meant as one: an unknown id is an error, not a name.
            deputies.resolve(decoder, n).map(Host::Deputy)
        } else {
            Some(Host::Text(text))
        }
    });
    let entry = ScheduleEntry {
        when: when?,
        time: time?,
        place: fields.get("place").and_then(|n| decoder.text(n)),
        note: fields.get("note").and_then(|n| decoder.text(n)),
        who,
        host,
        line: node.pos.line,
        notice: None,
    };
    Some((entry, clause))
}

fn exception(decoder: &mut Decoder, node: &Node) -> Option<Exception> {
    let fields = decoder.map(node, EXCEPTION_KEYS)?;
    let reason = fields.get("reason").and_then(|n| decoder.text(n));
    let line = node.pos.line;
    match (fields.get("cancel"), fields.get("move")) {
        (Some(cancel), None) => {
            Some(Exception { date: decoder.date(cancel)?, kind: ExceptionKind::Cancel, reason, line })
        }
        (None, Some(moved)) => {
            let date = decoder.date(moved);
            let to = fields.required(decoder, "to").and_then(|n| decoder.date(n));
            Some(Exception { date: date?, kind: ExceptionKind::Move(to?), reason, line })
        }
        _ => {
            decoder.error(node, Problem::MissingKey { key: "cancel" });
            None
        }
    }
}

/// The duty roster, and the holiday clause its phrase carried (with the phrase's node).
fn roster<'n>(
    decoder: &mut Decoder,
    node: &'n Node,
    deputies: &DeputyIds,
    half_days: &HalfDays,
) -> Option<(Option<Roster>, Option<Clause<'n>>)> {
    let fields = decoder.map(node, ROSTER_KEYS)?;
    let every_node = fields.required(decoder, "every");
    let phrase = every_node.and_then(|n| recurrence(decoder, n, half_days));
    let clause = phrase.as_ref().and_then(|p| p.on_holiday).zip(every_node);
    let time = time_range(decoder, &fields, half_days, phrase.as_ref().and_then(|p| p.time));
    let starts = fields.required(decoder, "starts").and_then(|n| decoder.date(n));
    let every = match (phrase, every_node) {
        (Some(phrase), Some(n)) => {
            let mut every = phrase.every;
            anchor(decoder, n, &mut every, starts.or(phrase.starts));
            Some(every)
        }
        _ => None,
    };
    let teams_node = fields.required(decoder, "teams")?;
    let teams: Vec<Vec<String>> = decoder
        .list(teams_node)
        .into_iter()
        .map(|team| deputies.resolve_list(decoder, team))
        .filter(|team| !team.is_empty())
        .collect();
    if teams.is_empty() {
        // Teams of deputies a deputies.yaml that could not be read would name are not empty.
        if !deputies.incomplete {
            decoder.error(teams_node, Problem::Empty { key: "teams" });
        }
        return Some((None, clause));
    }
    let roster = (|| Some(Roster { every: every?, time: time?, starts: starts?, teams }))();
    Some((roster, clause))
}

#[cfg(test)]
mod tests {
    #[test]
    fn wgs84_is_shifted_to_gcj02_as_map_apps_expect() {
        // The reference pair of the published algorithm (Tiananmen).
        let (lat, lon) = super::wgs84_to_gcj02((39.915, 116.404));
        assert!((lat - 39.916_404_281_501_64).abs() < 1e-9, "{lat}");
        assert!((lon - 116.410_244_499_169_38).abs() < 1e-9, "{lon}");
        assert_eq!(super::wgs84_to_gcj02((48.85, 2.35)), (48.85, 2.35));
    }
}
