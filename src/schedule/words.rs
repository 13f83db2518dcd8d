//! Schedules in words, as the station page and the wall board say them.

use crate::lang::Lang;
use crate::model::{Freq, Recurrence, TimeRange};
use chrono::{NaiveTime, Timelike, Weekday};

pub fn weekday_name(day: Weekday, lang: Lang) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match lang {
        Lang::ZhCn => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
        Lang::En => ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][i],
    }
}

fn ordinal_en(n: i64) -> String {
    let suffix = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn nth_zh(n: i8) -> String {
    if n == -1 {
        "最后一个".into()
    } else if n < 0 {
        format!("倒数第{}个", -n)
    } else {
        format!("第{}个", ["", "一", "二", "三", "四", "五"][n as usize])
    }
}

fn nth_en(n: i8) -> String {
    if n == -1 {
        "last".into()
    } else if n < 0 {
        format!("{} to last", ordinal_en(-n as i64))
    } else {
        ordinal_en(n as i64)
    }
}

pub fn recurrence(rule: &Recurrence, lang: Lang) -> String {
    match (rule, lang) {
        (Recurrence::MonthDay(d), Lang::ZhCn) => format!("每月{d}日"),
        (Recurrence::MonthDay(d), Lang::En) => {
            format!("the {} of every month", ordinal_en(*d as i64))
        }
        (Recurrence::LastDay, Lang::ZhCn) => "每月最后一天".into(),
        (Recurrence::LastDay, Lang::En) => "the last day of every month".into(),
        (Recurrence::NthWeekday(n, day), Lang::ZhCn) => {
            format!("每月{}{}", nth_zh(*n), weekday_name(*day, lang))
        }
        (Recurrence::NthWeekday(n, day), Lang::En) => {
            format!("the {} {} of every month", nth_en(*n), weekday_name(*day, lang))
        }
        (Recurrence::Weekly(day), Lang::ZhCn) => format!("每{}", weekday_name(*day, lang)),
        (Recurrence::Weekly(day), Lang::En) => format!("every {}", weekday_name(*day, lang)),
        (Recurrence::Workdays, Lang::ZhCn) => "每个工作日".into(),
        (Recurrence::Workdays, Lang::En) => "every workday".into(),
        (Recurrence::Daily, Lang::ZhCn) => "每天".into(),
        (Recurrence::Daily, Lang::En) => "every day".into(),
        (Recurrence::Rrule(rule), _) => rrule(rule, lang),
    }
}

fn rrule(rule: &crate::model::Rrule, lang: Lang) -> String {
    let days: Vec<String> = rule
        .by_day
        .iter()
        .map(|(n, day)| match (n, lang) {
            (Some(n), Lang::ZhCn) => format!("{}{}", nth_zh(*n), weekday_name(*day, lang)),
            (Some(n), Lang::En) => format!("the {} {}", nth_en(*n), weekday_name(*day, lang)),
            (None, _) => weekday_name(*day, lang).to_string(),
        })
        .collect();
    let month_days: Vec<String> = rule
        .by_month_day
        .iter()
        .map(|d| match (*d < 0, lang) {
            (false, Lang::ZhCn) => format!("{d}日"),
            (true, Lang::ZhCn) => format!("倒数第{}天", -d),
            (false, Lang::En) => format!("the {}", ordinal_en(*d as i64)),
            (true, Lang::En) => format!("{} day from the end", ordinal_en(-*d as i64)),
        })
        .collect();
    let months: Vec<String> = rule
        .by_month
        .iter()
        .map(|m| if lang == Lang::ZhCn { format!("{m}月") } else { format!("month {m}") })
        .collect();
    let sep = lang.pick("、", ", ");
    let mut parts = Vec::new();
    let scope = match (rule.freq, lang) {
        (Freq::Daily, Lang::ZhCn) => "每天",
        (Freq::Weekly, Lang::ZhCn) => "每",
        (Freq::Monthly, Lang::ZhCn) => "每月",
        (Freq::Yearly, Lang::ZhCn) => "每年",
        (Freq::Daily, Lang::En) => "every day",
        (Freq::Weekly, Lang::En) => "every",
        (Freq::Monthly, Lang::En) => "monthly on",
        (Freq::Yearly, Lang::En) => "yearly on",
    };
    parts.push(scope.to_string());
    if !months.is_empty() {
        parts.push(months.join(sep));
    }
    if !month_days.is_empty() {
        parts.push(month_days.join(sep));
    }
    if !days.is_empty() {
        parts.push(days.join(sep));
    }
    let mut text = parts.join(lang.pick("", " "));
    if let Some(until) = rule.until {
        text += &match lang {
            Lang::ZhCn => format!("（至{}）", until.format("%Y年%-m月%-d日")),
            Lang::En => format!(" (until {})", until.format("%Y-%m-%d")),
        };
    }
    text
}

/// `09:30`. (chrono's `format` parses its pattern on every call: too slow for the
/// hundreds of thousands of times a city's build writes a time.)
pub fn clock(time: NaiveTime) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// `09:00–12:00`, or `19:30 起` when only the start is known.
pub fn time_range(range: &TimeRange, lang: Lang) -> String {
    let start = clock(range.start);
    match (range.end, lang) {
        (Some(end), _) => format!("{start}–{}", clock(end)),
        (None, Lang::ZhCn) => format!("{start} 起"),
        (None, Lang::En) => format!("from {start}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::phrase::parse_recurrence;

    #[test]
    fn words_read_back_as_the_same_rule_in_chinese() {
        for text in ["每月5日", "每月最后一天", "每月最后一个周五", "每月第一个周一", "每周二", "工作日", "每天"]
        {
            let rule = parse_recurrence(text).unwrap();
            let words = recurrence(&rule, Lang::ZhCn);
            assert_eq!(parse_recurrence(&words), Some(rule), "{text} -> {words}");
        }
    }

    #[test]
    fn english_words() {
        assert_eq!(recurrence(&Recurrence::MonthDay(11), Lang::En), "the 11th of every month");
        assert_eq!(recurrence(&Recurrence::NthWeekday(-1, Weekday::Fri), Lang::En), "the last Friday of every month");
    }
}
