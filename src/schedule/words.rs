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
        (Recurrence::NthWorkday(n), Lang::ZhCn) => format!("每月{}工作日", nth_zh(*n)),
        (Recurrence::NthWorkday(n), Lang::En) => format!("the {} workday of every month", nth_en(*n)),
        (Recurrence::Lunar(days), _) => lunar_days(days, lang),
        (Recurrence::Rrule(rule), _) => phrase_rule(rule, lang).unwrap_or_else(|| rrule(rule, lang)),
    }
}

/// 农历每月初一、十五; market days as 农历逢三逢八.
fn lunar_days(days: &[u8], lang: Lang) -> String {
    // Market days: every day of the month whose last digit is one of a few.
    let digits: Vec<u8> = (1..=10u8).filter(|n| days.contains(n)).collect();
    let market = !digits.is_empty()
        && days.len() > digits.len()
        && (1..=30u8).filter(|d| digits.iter().any(|n| d % 10 == n % 10)).eq(days.iter().copied());
    let zh_digit = |n: u8| ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][n as usize];
    match (market, lang) {
        (true, Lang::ZhCn) => {
            let each: String = digits.iter().map(|n| format!("逢{}", zh_digit(*n))).collect();
            let names: Vec<String> = days.iter().map(|d| super::lunar::day_name(*d)).collect();
            format!("农历{each}（{}）", names.join("、"))
        }
        (false, Lang::ZhCn) => {
            let names: Vec<String> = days.iter().map(|d| super::lunar::day_name(*d)).collect();
            format!("农历每月{}", names.join("、"))
        }
        (_, Lang::En) => {
            let names: Vec<String> = days.iter().map(|d| ordinal_en(i64::from(*d))).collect();
            format!("the {} of every lunar month", join_en(&names))
        }
    }
}

fn join_en(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The rules the schedule phrases make, as a clerk would say them: 每周一至周五, 隔周周三,
/// 每月5日、15日, 每双月5日, 每季度第一个月5日, 每年3月15日. `None` for other RRULEs.
fn phrase_rule(rule: &crate::model::Rrule, lang: Lang) -> Option<String> {
    if rule.until.is_some() || rule.by_day.iter().any(|(n, _)| n.is_some()) && rule.freq != Freq::Monthly {
        return None;
    }
    let zh = lang == Lang::ZhCn;
    match rule.freq {
        Freq::Weekly if rule.by_month.is_empty() && rule.by_month_day.is_empty() && !rule.by_day.is_empty() => {
            let days: Vec<Weekday> = rule.by_day.iter().map(|(_, d)| *d).collect();
            let first = days[0].num_days_from_monday();
            let run =
                days.len() > 2 && days.iter().enumerate().all(|(i, d)| d.num_days_from_monday() == first + i as u32);
            let list = if run {
                let last = days[days.len() - 1];
                if zh {
                    format!("{}至{}", weekday_name(days[0], lang), weekday_name(last, lang))
                } else {
                    format!("{} to {}", weekday_name(days[0], lang), weekday_name(last, lang))
                }
            } else {
                let names: Vec<String> = days.iter().map(|d| weekday_name(*d, lang).to_string()).collect();
                if zh {
                    names.join("、")
                } else {
                    join_en(&names)
                }
            };
            Some(match (rule.interval, zh) {
                (1, true) => format!("每{list}"),
                (2, true) => format!("隔周{list}"),
                (n, true) => format!("每{n}周的{list}"),
                (1, false) => format!("every {list}"),
                (2, false) => format!("every other week on {list}"),
                (n, false) => format!("every {n} weeks on {list}"),
            })
        }
        Freq::Monthly | Freq::Yearly if rule.interval == 1 => {
            let months: &[u8] = &rule.by_month;
            let scope = match (months, zh) {
                ([], true) => "每月".to_string(),
                ([], false) => "every month".to_string(),
                ([2, 4, 6, 8, 10, 12], true) => "每双月".into(),
                ([2, 4, 6, 8, 10, 12], false) => "every even-numbered month".into(),
                ([1, 3, 5, 7, 9, 11], true) => "每单月".into(),
                ([1, 3, 5, 7, 9, 11], false) => "every odd-numbered month".into(),
                ([1, 4, 7, 10], true) => "每季度第一个月".into(),
                ([2, 5, 8, 11], true) => "每季度第二个月".into(),
                ([3, 6, 9, 12], true) => "每季度最后一个月".into(),
                ([1, 4, 7, 10], false) => "the first month of every quarter".into(),
                ([2, 5, 8, 11], false) => "the second month of every quarter".into(),
                ([3, 6, 9, 12], false) => "the last month of every quarter".into(),
                ([m], true) => format!("每年{m}月"),
                ([m], false) => format!("every year in {}", MONTHS_EN[(*m as usize).clamp(1, 12) - 1]),
                _ => return None,
            };
            let days = if !rule.by_month_day.is_empty() && rule.by_day.is_empty() {
                if rule.by_month_day.iter().any(|d| *d < 0) {
                    return None;
                }
                let names: Vec<String> = rule
                    .by_month_day
                    .iter()
                    .map(|d| if zh { format!("{d}日") } else { ordinal_en(i64::from(*d)) })
                    .collect();
                if zh {
                    names.join("、")
                } else {
                    format!("on the {}", join_en(&names))
                }
            } else if rule.by_month_day.is_empty() && rule.by_day.iter().all(|(n, _)| n.is_some()) {
                let names: Vec<String> = rule
                    .by_day
                    .iter()
                    .map(|(n, day)| {
                        let n = n.unwrap_or(1);
                        if zh {
                            format!("{}{}", nth_zh(n), weekday_name(*day, lang))
                        } else {
                            format!("{} {}", nth_en(n), weekday_name(*day, lang))
                        }
                    })
                    .collect();
                if zh {
                    names.join("、")
                } else {
                    format!("on the {}", join_en(&names))
                }
            } else {
                return None;
            };
            Some(if zh { format!("{scope}{days}") } else { format!("{scope}, {days}") })
        }
        _ => None,
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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
        for text in [
            "每月5日",
            "每月最后一天",
            "每月最后一个周五",
            "每月第一个周一",
            "每周二",
            "工作日",
            "每天",
            "每周一至周五",
            "每周一、三、五",
            "每月5日、15日",
            "每双月5日",
            "每单月第一个周一",
            "每月第二、四个周三",
            "每季度第一个月5日",
            "每年3月15日",
            "每月第一个工作日",
            "每月最后一个工作日",
            "每月初一、十五（农历）",
            "逢三逢八",
            "每旬逢五",
        ] {
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
