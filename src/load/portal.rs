//! `portal.yaml`: the portal's title, address, language and time zone.

use super::decode::Decoder;
use crate::diag::{PhraseIssue, Problem};
use crate::lang::Lang;
use crate::model::{HalfDays, Portal, TimeZone};
use crate::schedule::phrase;
use std::path::Path;

const KEYS: &[&str] = &["title", "base_url", "language", "timezone", "theme", "half_days", "session_length"];

/// Zones of fixed offset that portals in China use; others are refused with a hint.
const ZONES: &[(&str, i32)] = &[
    ("Asia/Shanghai", 480),
    ("Asia/Chongqing", 480),
    ("Asia/Harbin", 480),
    ("Asia/Urumqi", 360),
    ("Asia/Hong_Kong", 480),
    ("Asia/Macau", 480),
    ("Asia/Taipei", 480),
    ("PRC", 480),
    ("UTC", 0),
];

/// The language a `portal.yaml` names on its own top-level `language:` line, read without
/// parsing the YAML: the CLI speaks it before anything is loaded, and a portal.yaml that does
/// not parse still says it.
pub fn language_line(text: &str) -> Option<Lang> {
    let line = text.lines().find_map(|line| line.strip_prefix("language").map(str::trim_start))?;
    let value = line.strip_prefix([':', '：'])?;
    let value = value.split(" #").next()?.trim().trim_matches(['"', '\'']);
    Lang::parse(value)
}

/// The language of the portal in `content_dir`, from its `portal.yaml` (a missing or
/// unreadable file names none).
pub fn language_of(content_dir: &Path) -> Option<Lang> {
    let file = super::source::read(content_dir, &content_dir.join("portal.yaml"), "portal.yaml").ok()?;
    language_line(&file.text)
}

pub fn decode(decoder: &mut Decoder, content_dir: &Path) -> Portal {
    let mut portal = Portal {
        title: String::new(),
        base_url: "/".into(),
        language: Lang::ZhCn,
        timezone: TimeZone::shanghai(),
        theme: None,
        session_length: None,
        half_days: Default::default(),
    };
    let text = decoder.text_of_file();
    let Some(root) = decoder.parse(text, 1) else {
        // The rest of the file is unreadable, but its language still speaks to the clerk.
        portal.language = language_line(text).unwrap_or_default();
        return portal;
    };
    let Some(fields) = decoder.map(&root, KEYS) else {
        return portal;
    };
    if let Some(node) = fields.get("language") {
        if let Some(text) = decoder.text(node) {
            match Lang::parse(&text) {
                Some(lang) => portal.language = lang,
                None => {
                    decoder.error(node, Problem::BadChoice { text, allowed: vec!["zh-CN", "en"], suggestion: None })
                }
            }
        }
    }
    portal.title = decoder.required_text(&fields, "title").unwrap_or_default();
    if let Some(node) = fields.required(decoder, "base_url") {
        if let Some(url) = decoder.text(node) {
            if url.starts_with("https://") || url.starts_with("http://") {
                portal.base_url = if url.ends_with('/') { url } else { url + "/" };
            } else {
                decoder.error(node, Problem::BadUrl { text: url });
            }
        }
    }
    if let Some(node) = fields.get("timezone") {
        if let Some(name) = decoder.text(node) {
            match ZONES.iter().find(|(zone, _)| zone.eq_ignore_ascii_case(&name)) {
                Some((zone, offset)) => portal.timezone = TimeZone { name: zone.to_string(), offset_minutes: *offset },
                None => decoder.error(node, Problem::BadTimezone { text: name }),
            }
        }
    }
    if let Some(node) = fields.get("theme") {
        if let Some(theme) = decoder.text(node) {
            let path: std::path::PathBuf =
                content_dir.join(&theme).components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect();
            if path.is_dir() {
                portal.theme = Some(path);
            } else {
                decoder.error(node, Problem::MediaMissing { text: theme });
            }
        }
    }
    if let Some(node) = fields.get("half_days") {
        portal.half_days = half_days(decoder, node);
    }
    portal.session_length = fields.get("session_length").and_then(|n| session_length(decoder, n));
    portal
}

/// `session_length`: minutes, or a length in words (`2小时`, `90 min`).
pub fn session_length(decoder: &mut Decoder, node: &super::yaml::Node) -> Option<u32> {
    let text = decoder.text(node)?;
    let minutes = crate::schedule::length::parse(&text);
    if minutes.is_none() {
        decoder.error(node, Problem::BadLength { text });
    }
    minutes
}

// Issue 15: the hours that 上午, 下午 and 全天 stand for in schedules.

const HALF_DAY_KEYS: &[&str] = &["morning", "afternoon", "all_day", "上午", "下午", "全天"];

/// `half_days:` with `morning`, `afternoon` and `all_day` (or 上午, 下午, 全天), each a
/// time range; the ones not written keep their defaults.
fn half_days(decoder: &mut Decoder, node: &super::yaml::Node) -> HalfDays {
    let mut hours = HalfDays::default();
    let Some(fields) = decoder.map(node, HALF_DAY_KEYS) else {
        return hours;
    };
    for (keys, slot) in [
        (["morning", "上午"], &mut hours.morning),
        (["afternoon", "下午"], &mut hours.afternoon),
        (["all_day", "全天"], &mut hours.all_day),
    ] {
        let Some(node) = keys.iter().find_map(|k| fields.get(k)) else { continue };
        let Some(text) = decoder.text(node) else { continue };
        match phrase::parse_time_range(&text) {
            Some(range) if range.end.is_some() => *slot = range,
            _ => decoder.error(
                node,
                Problem::BadTime { text, issue: PhraseIssue::Unknown, suggestions: vec!["09:00-12:00".into()] },
            ),
        }
    }
    hours
}
