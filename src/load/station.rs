//! `station.yaml`: the station, its reception schedule, exceptions and duty roster.

use super::decode::{Decoder, Fields};
use super::media::{self, MediaBase};
use super::refs::DeputyIds;
use super::yaml::Node;
use crate::diag::Problem;
use crate::model::{
    Exception, ExceptionKind, Host, OnHoliday, Recurrence, Roster, ScheduleEntry, Station, StationKind, TimeRange,
    When, Who,
};
use crate::names;
use crate::schedule::{phrase, rrule};

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
    "session_length",
];
const CONTACT_KEYS: &[&str] = &["phone", "wechat_group"];
const LOCATION_KEYS: &[&str] = &["lat", "lon"];
const ENTRY_KEYS: &[&str] = &["every", "rrule", "on", "time", "place", "note", "who", "host"];
const EXCEPTION_KEYS: &[&str] = &["cancel", "move", "to", "reason"];
const ROSTER_KEYS: &[&str] = &["every", "time", "starts", "teams"];

const KINDS: &[(&str, StationKind)] = &[
    ("station", StationKind::Station),
    ("point", StationKind::Point),
    ("联络站", StationKind::Station),
    ("联络点", StationKind::Point),
];
const ON_HOLIDAY: &[(&str, OnHoliday)] = &[
    ("keep", OnHoliday::Keep),
    ("skip", OnHoliday::Skip),
    ("next_workday", OnHoliday::NextWorkday),
    ("previous_workday", OnHoliday::PreviousWorkday),
];

/// The station as `station.yaml` describes it; its deputies, rules, cases and ledger come
/// from the other files of its folder.
pub fn decode(decoder: &mut Decoder, base: &MediaBase, deputies: &DeputyIds, id: &str) -> Station {
    let mut info = Station::new(id, "");
    let text = decoder.text_of_file();
    let Some(root) = decoder.parse(text, 1) else {
        return info;
    };
    let Some(fields) = decoder.map(&root, KEYS) else {
        return info;
    };
    info.name = decoder.required_text(&fields, "name").unwrap_or_default();
    info.kind = fields.get("kind").and_then(|n| decoder.choice(n, KINDS)).unwrap_or(StationKind::Station);
    info.township = fields.get("township").and_then(|n| decoder.text(n));
    info.address = fields.get("address").and_then(|n| decoder.text(n));
    info.location = fields.get("location").and_then(|n| location(decoder, n));
    info.serves =
        fields.get("serves").map(|n| decoder.texts(n).into_iter().map(|s| s.value).collect()).unwrap_or_default();
    if let Some(contact) = fields.get("contact").and_then(|n| decoder.map(n, CONTACT_KEYS)) {
        info.phone = contact.get("phone").and_then(|n| decoder.phone(n));
        info.wechat_group = contact.get("wechat_group").and_then(|n| media::resolve(decoder, n, base));
    }
    info.stars = fields.get("stars").and_then(|n| decoder.integer(n, 1, 5)).map(|n| n as u8);
    info.established = fields.get("established").and_then(|n| decoder.date(n));
    info.intro = fields.get("intro").and_then(|n| decoder.text(n));
    info.on_holiday = fields.get("on_holiday").and_then(|n| decoder.choice(n, ON_HOLIDAY)).unwrap_or_default();
    if let Some(list) = fields.get("schedule") {
        for item in decoder.list(list) {
            if let Some(entry) = schedule_entry(decoder, item, deputies) {
                info.schedule.push(entry);
            }
        }
    }
    if let Some(list) = fields.get("exceptions") {
        info.exceptions = decoder.list(list).into_iter().filter_map(|item| exception(decoder, item)).collect();
    }
    info.roster = fields.get("roster").and_then(|n| roster(decoder, n, deputies));
    info.session_length = fields.get("session_length").and_then(|n| super::portal::session_length(decoder, n));
    info
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
    Some((coordinate("lat", 90.0)?, coordinate("lon", 180.0)?))
}

/// A recurrence phrase under `every:`.
pub fn recurrence(decoder: &mut Decoder, node: &Node) -> Option<Recurrence> {
    let text = decoder.text(node)?;
    let parsed = phrase::parse_recurrence(&text);
    if parsed.is_none() {
        decoder.error(node, Problem::BadPhrase { text });
    }
    parsed
}

pub fn time_range(decoder: &mut Decoder, fields: &Fields) -> Option<TimeRange> {
    let node = fields.required(decoder, "time")?;
    let text = decoder.text(node)?;
    let parsed = phrase::parse_time_range(&text);
    if parsed.is_none() {
        decoder.error(node, Problem::BadTime { text });
    }
    parsed
}

fn schedule_entry(decoder: &mut Decoder, node: &Node, deputies: &DeputyIds) -> Option<ScheduleEntry> {
    let fields = decoder.map(node, ENTRY_KEYS)?;
    let givens: Vec<&str> = ["every", "rrule", "on"].into_iter().filter(|k| fields.get(k).is_some()).collect();
    if givens.len() > 1 {
        decoder.error(node, Problem::EveryAndOn);
    }
    let when = if let Some(n) = fields.get("every") {
        recurrence(decoder, n).map(When::Every)
    } else if let Some(n) = fields.get("rrule") {
        let text = decoder.text(n)?;
        match rrule::parse(&text) {
            Ok(rule) => Some(When::Every(Recurrence::Rrule(rule))),
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
    let time = time_range(decoder, &fields);
    let who = match fields.get("who") {
        Some(n) if n.as_str().is_some_and(|t| t.trim() == "all") => Who::All,
        Some(n) => Who::Deputies(deputies.resolve_list(decoder, n)),
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
    Some(ScheduleEntry {
        when: when?,
        time: time?,
        place: fields.get("place").and_then(|n| decoder.text(n)),
        note: fields.get("note").and_then(|n| decoder.text(n)),
        who,
        host,
        line: node.pos.line,
    })
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

fn roster(decoder: &mut Decoder, node: &Node, deputies: &DeputyIds) -> Option<Roster> {
    let fields = decoder.map(node, ROSTER_KEYS)?;
    let every = fields.required(decoder, "every").and_then(|n| recurrence(decoder, n));
    let time = time_range(decoder, &fields);
    let starts = fields.required(decoder, "starts").and_then(|n| decoder.date(n));
    let teams_node = fields.required(decoder, "teams")?;
    let teams: Vec<Vec<String>> = decoder
        .list(teams_node)
        .into_iter()
        .map(|team| deputies.resolve_list(decoder, team))
        .filter(|team| !team.is_empty())
        .collect();
    if teams.is_empty() {
        decoder.error(teams_node, Problem::Empty { key: "teams" });
        return None;
    }
    Some(Roster { every: every?, time: time?, starts: starts?, teams })
}
