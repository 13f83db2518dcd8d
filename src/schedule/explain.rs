//! `liaison explain`: a schedule phrase, or a station's whole schedule, in words, with the
//! next sessions, so a clerk sees what the site will say before it is built.
//!
//! Pure: the phrase or the station, the portal, the holidays and today in; text out.

use super::calendar::WorkCalendar;
use super::phrase;
use super::sessions::{expand, SessionKind};
use super::words;
use crate::lang::Lang;
use crate::model::{
    ExceptionKind, Holidays, OnHoliday, Portal, Recurrence, ScheduleEntry, Station, TimeRange, When, Who,
};
use chrono::{Datelike, Duration, NaiveDate};
use std::fmt::Write;

/// How many sessions are listed.
const NEXT: usize = 6;
/// How far ahead they are looked for (a yearly rule has one a year).
const HORIZON_DAYS: i64 = 4 * 366;

/// A phrase explained; `Err` holds the refusal in words (message and hint).
pub fn phrase(
    text: &str,
    portal: &Portal,
    holidays: &Holidays,
    today: NaiveDate,
    lang: Lang,
) -> Result<String, String> {
    let read = match phrase::read(text, &portal.half_days) {
        Ok(read) => read,
        Err(refusal) => {
            let problem = crate::diag::Problem::BadPhrase {
                text: text.to_string(),
                key: "every",
                issue: refusal.issue,
                suggestions: refusal.suggestions,
            };
            let mut out = problem.message(lang);
            if let Some(hint) = problem.hint(lang) {
                let _ = write!(out, "\n{}{hint}", lang.pick("提示：", "hint: "));
            }
            return Err(out);
        }
    };
    let mut out = String::new();
    let zh = lang == Lang::ZhCn;
    let mut every = read.every.clone();
    let _ = writeln!(
        out,
        "{}",
        if zh {
            format!("“{text}”的意思：{}", meaning(&every, read.time.as_ref(), lang))
        } else {
            format!("`{text}` means: {}", meaning(&every, read.time.as_ref(), lang))
        }
    );
    if let Some(rule) = read.on_holiday {
        let _ = writeln!(out, "{}", on_holiday(rule, lang));
    }
    if let Recurrence::Rrule(rule) = &mut every {
        if rule.interval > 1 {
            rule.anchor = read.starts;
            if read.starts.is_none() {
                rule.anchor = Some(today);
                let _ = writeln!(
                    out,
                    "{}",
                    lang.pick(
                        "注意：隔周要写从哪一周开始（starts: 或“（2026-12-02起）”）；下面按本周算",
                        "note: every other week needs the week it starts from (starts:); below, this week is the first"
                    )
                );
            }
        }
    }
    if read.time.is_none() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "没有写时间：请在 time: 中写明，例如 time: 09:00-12:00",
                "no hours: write them under time:, e.g. time: 09:00-12:00"
            )
        );
    }
    let entry = ScheduleEntry {
        when: When::Every(every),
        time: read.time.unwrap_or(portal.half_days.all_day),
        place: None,
        note: None,
        who: Who::All,
        host: None,
        line: 1,
        notice: None,
    };
    let station =
        Station { schedule: vec![entry], on_holiday: read.on_holiday.unwrap_or_default(), ..Station::new("x", "") };
    next_sessions(&mut out, &station, holidays, today, lang, read.time.is_some());
    Ok(out)
}

/// A station's schedule explained: each rule in words, its holiday rule, roster, personal days
/// and exceptions, then its next sessions.
pub fn station(station: &Station, holidays: &Holidays, today: NaiveDate, lang: Lang) -> String {
    let zh = lang == Lang::ZhCn;
    let mut out = String::new();
    let _ = writeln!(out, "{}", station.name);
    if station.schedule.is_empty() && station.roster.is_none() {
        let _ = writeln!(out, "{}", lang.pick("没有接待安排（schedule:）", "no schedule"));
    }
    for entry in &station.schedule {
        let what = match &entry.when {
            When::Every(rule) => meaning(rule, Some(&entry.time), lang),
            When::On(date) => format!("{} {}", day(*date, lang), words::time_range(&entry.time, lang)),
        };
        let line = match &entry.notice {
            Some(file) => file.clone(),
            None if zh => format!("第 {} 行", entry.line),
            None => format!("line {}", entry.line),
        };
        let _ = writeln!(out, "  {line}{}{what}", lang.pick("：", ": "));
    }
    if let Some(roster) = &station.roster {
        let _ = writeln!(
            out,
            "  {}{}{}",
            lang.pick("值班表", "duty roster"),
            lang.pick("：", ": "),
            meaning(&roster.every, Some(&roster.time), lang)
        );
    }
    for deputy in &station.deputies {
        if let Some(reception) = &deputy.reception {
            let _ = writeln!(
                out,
                "  {}{}{}",
                deputy.name,
                lang.pick("：", ": "),
                meaning(&reception.every, Some(&reception.time), lang)
            );
        }
    }
    let _ = writeln!(out, "{}", on_holiday(station.on_holiday, lang));
    for exception in &station.exceptions {
        let text = match exception.kind {
            ExceptionKind::Cancel => {
                if zh {
                    format!("  {} 取消", day(exception.date, lang))
                } else {
                    format!("  {} cancelled", day(exception.date, lang))
                }
            }
            ExceptionKind::Move(to) => {
                if zh {
                    format!("  {} 改到 {}", day(exception.date, lang), day(to, lang))
                } else {
                    format!("  {} moved to {}", day(exception.date, lang), day(to, lang))
                }
            }
        };
        let _ = writeln!(out, "{text}");
    }
    next_sessions(&mut out, station, holidays, today, lang, true);
    out
}

fn meaning(rule: &Recurrence, time: Option<&TimeRange>, lang: Lang) -> String {
    let days = words::recurrence(rule, lang);
    match time {
        Some(time) => format!("{days} {}", words::time_range(time, lang)),
        None => days,
    }
}

fn on_holiday(rule: OnHoliday, lang: Lang) -> String {
    let (zh, en) = match rule {
        OnHoliday::Keep => ("遇节假日照常接待（on_holiday: keep）", "on a day off: held as usual (on_holiday: keep)"),
        OnHoliday::Skip => ("遇节假日取消（on_holiday: skip）", "on a day off: none (on_holiday: skip)"),
        OnHoliday::NextWorkday => (
            "遇节假日顺延到下一个工作日（on_holiday: next_workday）",
            "on a day off: the next workday (on_holiday: next_workday)",
        ),
        OnHoliday::PreviousWorkday => (
            "遇节假日提前到前一个工作日（on_holiday: previous_workday）",
            "on a day off: the workday before (on_holiday: previous_workday)",
        ),
    };
    lang.pick(zh, en).to_string()
}

fn next_sessions(out: &mut String, station: &Station, holidays: &Holidays, today: NaiveDate, lang: Lang, hours: bool) {
    let calendar = WorkCalendar::new(holidays);
    let sessions = expand(station, &calendar, today, today + Duration::days(HORIZON_DAYS));
    if sessions.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("今后四年内没有接待", "no session in the next four years"));
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::ZhCn => format!("接下来的接待（从 {} 起）：", day(today, lang)),
            Lang::En => format!("next sessions (from {}):", day(today, lang)),
        }
    );
    for session in sessions.iter().take(NEXT) {
        let mut line = format!("  {}", day(session.date, lang));
        if hours {
            let _ = write!(line, " {}", words::time_range(&session.time, lang));
        }
        if let Some(from) = session.moved_from {
            let _ = write!(
                line,
                "{}",
                match lang {
                    Lang::ZhCn => format!("（原定 {}）", day(from, lang)),
                    Lang::En => format!(" (moved from {})", day(from, lang)),
                }
            );
        }
        if let SessionKind::Personal(deputy) = session.kind {
            let _ = write!(line, " {}", deputy.name);
        }
        let _ = writeln!(out, "{line}");
    }
    if !calendar.knows(today) || sessions.iter().take(NEXT).any(|s| !calendar.knows(s.date)) {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "注意：holidays/ 里没有这些年份的节假日安排，以上日期没有考虑节假日和调休",
                "note: holidays/ does not cover these years: the dates above ignore public holidays"
            )
        );
    }
}

/// `2026年12月2日（周三）`, `Wednesday 2 December 2026`.
fn day(date: NaiveDate, lang: Lang) -> String {
    let weekday = words::weekday_name(date.weekday(), lang);
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日（{weekday}）", date.year(), date.month(), date.day()),
        Lang::En => format!("{weekday} {} {}", date.day(), date.format("%B %Y")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal() -> Portal {
        Portal::blank()
    }

    #[test]
    fn a_phrase_in_words_with_its_next_sessions() {
        let today: NaiveDate = "2026-12-01".parse().unwrap();
        let text = phrase("每周三下午", &portal(), &Holidays::default(), today, Lang::ZhCn).unwrap();
        assert!(text.starts_with("“每周三下午”的意思：每周三 14:30–17:30\n"), "{text}");
        assert!(text.contains("  2026年12月2日（周三） 14:30–17:30\n  2026年12月9日（周三） 14:30–17:30\n"), "{text}");
        let text = phrase("每月5日（遇节假日顺延）", &portal(), &Holidays::default(), today, Lang::En).unwrap();
        assert!(text.contains("the 5th of every month"), "{text}");
        assert!(text.contains("Monday 7 December 2026 (moved from Saturday 5 December 2026)"), "{text}");
        let refusal = phrase("每月上旬", &portal(), &Holidays::default(), today, Lang::ZhCn).unwrap_err();
        assert!(refusal.contains("每月第一个周一"), "{refusal}");
    }
}
