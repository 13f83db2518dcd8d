//! Dates and labels as pages say them, in the interface language.

use super::Strings;
use crate::lang::Lang;
use crate::model::{CaseStatus, Level, StepKind};
use crate::schedule::words::weekday_name;
use chrono::{Datelike, NaiveDate};

pub fn date(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Lang::En => day.format("%-d %B %Y").to_string(),
    }
}

pub fn date_with_weekday(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}（{}）", date(day, lang), weekday_name(day.weekday(), lang)),
        Lang::En => format!("{}, {}", weekday_name(day.weekday(), lang), date(day, lang)),
    }
}

pub fn level_key(level: Level) -> &'static str {
    match level {
        Level::National => "level_national",
        Level::Provincial => "level_provincial",
        Level::City => "level_city",
        Level::County => "level_county",
        Level::Township => "level_township",
    }
}

pub fn levels(levels: &[Level], strings: &Strings, lang: Lang) -> String {
    levels.iter().map(|l| strings.get(level_key(*l))).collect::<Vec<_>>().join(lang.pick("、", ", "))
}

pub fn status_key(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Received => "received",
        CaseStatus::Forwarded => "forwarded",
        CaseStatus::InProgress => "in_progress",
        CaseStatus::Resolved => "resolved",
        CaseStatus::Unresolved => "unresolved",
    }
}

pub fn step_key(step: StepKind) -> &'static str {
    match step {
        StepKind::Received => "received",
        StepKind::Answered => "answered",
        StepKind::Registered => "registered",
        StepKind::Sorted => "sorted",
        StepKind::Forwarded => "forwarded",
        StepKind::Resolved => "resolved",
        StepKind::Feedback => "feedback",
        StepKind::Rated => "rated",
    }
}

pub fn status_label_key(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Received => "status_received",
        CaseStatus::Forwarded => "status_forwarded",
        CaseStatus::InProgress => "status_in_progress",
        CaseStatus::Resolved => "status_resolved",
        CaseStatus::Unresolved => "status_unresolved",
    }
}

pub fn step_label_key(step: StepKind) -> &'static str {
    match step {
        StepKind::Received => "step_received",
        StepKind::Answered => "step_answered",
        StepKind::Registered => "step_registered",
        StepKind::Sorted => "step_sorted",
        StepKind::Forwarded => "step_forwarded",
        StepKind::Resolved => "step_resolved",
        StepKind::Feedback => "step_feedback",
        StepKind::Rated => "step_rated",
    }
}
