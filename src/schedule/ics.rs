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

/// What every feed of a build shares: its zone, its stamp (the build day) and its horizon.
pub struct Frame<'a> {
    pub zone: &'a TimeZone,
    pub stamp: NaiveDate,
    /// The last day of the feeds: recurring events end with it.
    pub until: NaiveDate,
}

/// An event as its VEVENT lines, written once and put as they are in every feed that holds
/// it (a station's events are in its own feed, its deputies' and its county's).
pub struct Written {
    pub start: NaiveDateTime,
    pub uid: String,
    lines: String,
}

impl Event {
    pub fn write(&self, frame: &Frame) -> Written {
        let mut out = Lines::default();
        let zone = &frame.zone.name;
        let stamp = basic(frame.stamp.and_time(NaiveTime::MIN));
        // UNTIL is UTC when DTSTART has a zone (3.3.10): the end of the last local day.
        let until = basic(
            frame.until.and_hms_opt(23, 59, 59).unwrap_or_default()
                - chrono::Duration::minutes(frame.zone.offset_minutes.into()),
        );
        out.put(format_args!("BEGIN:VEVENT"));
        out.put(format_args!("UID:{}", self.uid));
        out.put(format_args!("DTSTAMP:{stamp}Z"));
        out.put(format_args!("DTSTART;TZID={zone}:{}", basic(self.start)));
        if let Some(end) = self.end {
            out.put(format_args!("DTEND;TZID={zone}:{}", basic(end)));
        }
        if let Some(rule) = &self.rrule {
            out.put(format_args!("RRULE:{rule};UNTIL={until}Z"));
        }
        if !self.exdates.is_empty() {
            out.buffer.clear();
            let _ = write!(out.buffer, "EXDATE;TZID={zone}:");
            for (i, day) in self.exdates.iter().enumerate() {
                if i > 0 {
                    out.buffer.push(',');
                }
                push_basic(&mut out.buffer, *day);
            }
            line(&mut out.text, &out.buffer);
        }
        out.put(format_args!("SUMMARY:{}", text(&self.summary)));
        if let Some(location) = &self.location {
            out.put(format_args!("LOCATION:{}", text(location)));
        }
        if let Some(description) = &self.description {
            out.put(format_args!("DESCRIPTION:{}", text(description)));
        }
        if let Some(url) = &self.url {
            out.put(format_args!("URL:{url}"));
        }
        out.put(format_args!("END:VEVENT"));
        Written { start: self.start, uid: self.uid.clone(), lines: out.text }
    }
}

pub struct Feed<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub frame: &'a Frame<'a>,
    /// Written with the same frame, in the order they are listed.
    pub events: &'a [std::sync::Arc<Written>],
}

pub fn write(feed: &Feed) -> String {
    let mut out = Lines::default();
    let zone = &feed.frame.zone.name;
    let offset = feed.frame.zone.offset_text().replace(':', "");
    for fixed in
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//liaison//liaison//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        out.put(format_args!("{fixed}"));
    }
    out.put(format_args!("X-WR-CALNAME:{}", text(feed.name)));
    out.put(format_args!("X-WR-CALDESC:{}", text(feed.description)));
    out.put(format_args!("X-WR-TIMEZONE:{zone}"));
    out.put(format_args!("BEGIN:VTIMEZONE"));
    out.put(format_args!("TZID:{zone}"));
    out.put(format_args!("BEGIN:STANDARD"));
    out.put(format_args!("DTSTART:19700101T000000"));
    out.put(format_args!("TZOFFSETFROM:{offset}"));
    out.put(format_args!("TZOFFSETTO:{offset}"));
    out.put(format_args!("END:STANDARD"));
    out.put(format_args!("END:VTIMEZONE"));
    out.text.reserve(feed.events.iter().map(|event| event.lines.len()).sum::<usize>() + 16);
    for event in feed.events {
        out.text.push_str(&event.lines);
    }
    out.put(format_args!("END:VCALENDAR"));
    out.text
}

/// A feed's text, a content line at a time; each line is made in one buffer, reused.
#[derive(Default)]
struct Lines {
    text: String,
    buffer: String,
}

impl Lines {
    fn put(&mut self, content: std::fmt::Arguments) {
        self.buffer.clear();
        let _ = self.buffer.write_fmt(content);
        line(&mut self.text, &self.buffer);
    }
}

/// A local date-time in the basic format, `20261205T090000` (chrono's `format` parses its
/// pattern on every call, which made it most of a feed's cost).
fn basic(at: NaiveDateTime) -> String {
    let mut out = String::with_capacity(15);
    push_basic(&mut out, at);
    out
}

fn push_basic(out: &mut String, at: NaiveDateTime) {
    push_digits(out, u32::try_from(at.year()).unwrap_or(0), 4);
    push_digits(out, at.month(), 2);
    push_digits(out, at.day(), 2);
    out.push('T');
    push_digits(out, at.hour(), 2);
    push_digits(out, at.minute(), 2);
    push_digits(out, at.second(), 2);
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
