//! iCalendar (RFC 5545) feeds of sessions.
//!
//! A regular rule is one VEVENT with an RRULE bounded by UNTIL and an EXDATE for each day a
//! holiday or an exception takes its session away; a session moved to another day is a
//! VEVENT of its own, as are roster days, one-offs and workday rules (whose days depend on
//! the official calendar). RDATE is avoided: common calendar apps import it poorly. Times
//! are local to the portal's zone, declared in a VTIMEZONE; DTSTAMP is the build day, so
//! the same content and `--today` give the same bytes.

use crate::model::TimeZone;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::fmt::Write;

pub struct Event {
    /// Stable across rebuilds while the session exists.
    pub uid: String,
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
    pub summary: String,
    pub location: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    /// `FREQ=…` without UNTIL; the feed's horizon bounds it.
    pub rrule: Option<String>,
    /// Days of the rule that hold no session (times as `start`'s).
    pub exdates: Vec<NaiveDateTime>,
}

pub struct Feed<'a> {
    /// The last day of the feed: recurring events end with it.
    pub until: NaiveDate,
    pub name: &'a str,
    pub description: &'a str,
    pub zone: &'a TimeZone,
    pub stamp: NaiveDate,
    pub events: &'a [Event],
}

pub fn write(feed: &Feed) -> String {
    let mut out = String::new();
    let zone = &feed.zone.name;
    let offset = feed.zone.offset_text().replace(':', "");
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//liaison//liaison//ZH");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(feed.name)));
    line(&mut out, &format!("X-WR-CALDESC:{}", text(feed.description)));
    line(&mut out, &format!("X-WR-TIMEZONE:{zone}"));
    line(&mut out, "BEGIN:VTIMEZONE");
    line(&mut out, &format!("TZID:{zone}"));
    line(&mut out, "BEGIN:STANDARD");
    line(&mut out, "DTSTART:19700101T000000");
    line(&mut out, &format!("TZOFFSETFROM:{offset}"));
    line(&mut out, &format!("TZOFFSETTO:{offset}"));
    line(&mut out, "END:STANDARD");
    line(&mut out, "END:VTIMEZONE");
    let stamp = format!("{}Z", basic(feed.stamp.and_time(NaiveTime::MIN)));
    for event in feed.events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", event.uid));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;TZID={zone}:{}", basic(event.start)));
        if let Some(end) = event.end {
            line(&mut out, &format!("DTEND;TZID={zone}:{}", basic(end)));
        }
        if let Some(rule) = &event.rrule {
            // UNTIL is UTC when DTSTART has a zone (3.3.10): the end of the last local day.
            let until = feed.until.and_hms_opt(23, 59, 59).unwrap_or_default()
                - chrono::Duration::minutes(feed.zone.offset_minutes.into());
            line(&mut out, &format!("RRULE:{rule};UNTIL={}Z", basic(until)));
        }
        if !event.exdates.is_empty() {
            let days: Vec<String> = event.exdates.iter().map(|d| basic(*d)).collect();
            line(&mut out, &format!("EXDATE;TZID={zone}:{}", days.join(",")));
        }
        line(&mut out, &format!("SUMMARY:{}", text(&event.summary)));
        if let Some(location) = &event.location {
            line(&mut out, &format!("LOCATION:{}", text(location)));
        }
        if let Some(description) = &event.description {
            line(&mut out, &format!("DESCRIPTION:{}", text(description)));
        }
        if let Some(url) = &event.url {
            line(&mut out, &format!("URL:{url}"));
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// A local date-time in the basic format, `20261205T090000` (chrono's `format` parses its
/// pattern on every call, which made it most of a feed's cost).
fn basic(at: NaiveDateTime) -> String {
    let mut out = String::with_capacity(15);
    push_digits(&mut out, u32::try_from(at.year()).unwrap_or(0), 4);
    push_digits(&mut out, at.month(), 2);
    push_digits(&mut out, at.day(), 2);
    out.push('T');
    push_digits(&mut out, at.hour(), 2);
    push_digits(&mut out, at.minute(), 2);
    push_digits(&mut out, at.second(), 2);
    out
}

/// `n` in `width` decimal digits, zero-padded (`format!` was a fifth of a feed's time).
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        out.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
    }
}

/// TEXT values escape backslash, semicolon, comma and newline (RFC 5545 3.3.11).
fn text(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(['\\', ';', ',', '\n', '\r']) {
        return value.into();
    }
    value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n").replace('\r', "").into()
}

/// Writes a content line folded at 75 octets, never inside a UTF-8 character (3.1).
fn line(out: &mut String, content: &str) {
    if content.len() <= 75 {
        out.push_str(content);
        out.push_str("\r\n");
        return;
    }
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "袁家庄社区人大代表联络站".repeat(4)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?} is {} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), format!("SUMMARY:{}", "袁家庄社区人大代表联络站".repeat(4)));
    }

    #[test]
    fn date_times_are_in_the_basic_format() {
        let at = NaiveDate::from_ymd_opt(2026, 2, 5).unwrap().and_hms_opt(9, 3, 7).unwrap();
        assert_eq!(basic(at), at.format("%Y%m%dT%H%M%S").to_string());
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
