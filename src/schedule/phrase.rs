//! Reads `every:` phrases and `time:` texts, in English and Chinese.
//!
//! Both languages spell the same rules (CONTENT.md, "Schedule phrases"). Input is first
//! normalised: full-width digits and colons (typed by Chinese input methods) become
//! ASCII, case is folded, and spaces are dropped for the Chinese forms.

use crate::model::{Recurrence, TimeRange};
use chrono::{NaiveTime, Weekday};

/// Reads a recurrence phrase such as `5th`, `每月最后一个周五` or `weekday`.
pub fn parse_recurrence(text: &str) -> Option<Recurrence> {
    let normal = normalise(text);
    let lower = normal.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    english(&words).or_else(|| chinese(&normal.replace(' ', "")))
}

fn english(words: &[&str]) -> Option<Recurrence> {
    let words = match words {
        ["every", rest @ ..] if !rest.is_empty() => rest,
        _ => words,
    };
    Some(match words {
        ["daily"] | ["day"] => Recurrence::Daily,
        ["weekday"] | ["weekdays"] | ["workday"] | ["workdays"] => Recurrence::Workdays,
        ["last", "day"] => Recurrence::LastDay,
        ["day", n] => Recurrence::MonthDay(month_day(n)?),
        [n] if ordinal(n).is_some() => Recurrence::MonthDay(month_day(&ordinal(n)?.to_string())?),
        [day] => Recurrence::Weekly(weekday_en(day)?),
        ["last", day] => Recurrence::NthWeekday(-1, weekday_en(day)?),
        [n, day] => {
            let n = ordinal(n)?;
            if !(1..=5).contains(&n) {
                return None;
            }
            Recurrence::NthWeekday(n as i8, weekday_en(day)?)
        }
        _ => return None,
    })
}

fn chinese(text: &str) -> Option<Recurrence> {
    match text {
        "每天" | "每日" | "天天" => return Some(Recurrence::Daily),
        "工作日" | "每个工作日" | "每工作日" => return Some(Recurrence::Workdays),
        "每月最后一天" | "每月最后一日" | "每月末" => return Some(Recurrence::LastDay),
        _ => {}
    }
    if let Some(rest) = text.strip_prefix("每月") {
        if let Some(day) = rest.strip_suffix('日').or_else(|| rest.strip_suffix('号')) {
            return Some(Recurrence::MonthDay(month_day(day)?));
        }
        let (n, day) = if let Some(day) = rest.strip_prefix("最后一个") {
            (-1, day)
        } else {
            let rest = rest.strip_prefix('第')?;
            let (count, day) = rest.split_once('个')?;
            (chinese_number(count)?, day)
        };
        if !(n == -1 || (1..=5).contains(&n)) {
            return None;
        }
        return Some(Recurrence::NthWeekday(n as i8, weekday_zh(day)?));
    }
    let day =
        text.strip_prefix("每周").or_else(|| text.strip_prefix("每星期")).or_else(|| text.strip_prefix("每礼拜"))?;
    Some(Recurrence::Weekly(weekday_zh_bare(day)?))
}

/// `5th`, `1st`, `22nd`, `3rd` → the number; also `first` … `fifth`.
fn ordinal(word: &str) -> Option<u32> {
    let named = ["first", "second", "third", "fourth", "fifth"];
    if let Some(i) = named.iter().position(|n| *n == word) {
        return Some(i as u32 + 1);
    }
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    let n: u32 = digits.parse().ok()?;
    let expected = match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    (suffix == expected).then_some(n)
}

fn month_day(text: &str) -> Option<u8> {
    let n: u8 = text.parse().ok().or_else(|| chinese_number(text).and_then(|n| u8::try_from(n).ok()))?;
    (1..=31).contains(&n).then_some(n)
}

/// 一 … 三十一, and Arabic digits.
fn chinese_number(text: &str) -> Option<i32> {
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|n| n as i32);
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

pub fn weekday_en(word: &str) -> Option<Weekday> {
    let word = word.strip_suffix('s').filter(|w| w.ends_with("day")).unwrap_or(word);
    Some(match word {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// `周五`, `星期五`, `礼拜五`.
fn weekday_zh(text: &str) -> Option<Weekday> {
    let day = text.strip_prefix('周').or_else(|| text.strip_prefix("星期")).or_else(|| text.strip_prefix("礼拜"))?;
    weekday_zh_bare(day)
}

fn weekday_zh_bare(day: &str) -> Option<Weekday> {
    Some(match day {
        "一" | "1" => Weekday::Mon,
        "二" | "2" => Weekday::Tue,
        "三" | "3" => Weekday::Wed,
        "四" | "4" => Weekday::Thu,
        "五" | "5" => Weekday::Fri,
        "六" | "6" => Weekday::Sat,
        "日" | "天" | "7" => Weekday::Sun,
        _ => return None,
    })
}

/// Reads `09:00-12:00`, `19:30`, `7:30 pm`, `晚上7:30`, `下午2:30-5:30`.
pub fn parse_time_range(text: &str) -> Option<TimeRange> {
    let normal = normalise(text).to_lowercase().replace(' ', "");
    let normal = normal.replace(['–', '—', '~', '～'], "-").replace("至", "-").replace("到", "-");
    let (start_text, end_text) = match normal.split_once('-') {
        Some((a, b)) => (a, Some(b)),
        None => (normal.as_str(), None),
    };
    let (start, start_half) = clock(start_text)?;
    let end = match end_text {
        None => None,
        Some(text) => {
            let (mut end, end_half) = clock(text)?;
            // `下午2:30-5:30`: the half-day word of the start carries over to the end.
            if end_half == Half::None && start_half == Half::Pm && end < start {
                end += chrono::Duration::hours(12);
            }
            if end <= start {
                return None;
            }
            Some(end)
        }
    };
    Some(TimeRange { start, end })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    None,
    Am,
    Pm,
}

/// One clock time with an optional half-day word: `7:30pm`, `晚上7:30`, `19:30`, `7点半`.
fn clock(text: &str) -> Option<(NaiveTime, Half)> {
    let mut half = Half::None;
    let mut rest = text;
    for (word, value) in [
        ("上午", Half::Am),
        ("早上", Half::Am),
        ("早晨", Half::Am),
        ("中午", Half::Pm),
        ("下午", Half::Pm),
        ("傍晚", Half::Pm),
        ("晚上", Half::Pm),
        ("晚", Half::Pm),
    ] {
        if let Some(r) = rest.strip_prefix(word) {
            rest = r;
            half = value;
            break;
        }
    }
    for (word, value) in [("am", Half::Am), ("a.m.", Half::Am), ("pm", Half::Pm), ("p.m.", Half::Pm)] {
        if let Some(r) = rest.strip_suffix(word) {
            rest = r;
            half = value;
            break;
        }
    }
    let (hour, minute) = if let Some((h, m)) = rest.split_once(':') {
        (h.parse::<u32>().ok()?, parse_minutes(m)?)
    } else if let Some(h) = rest.strip_suffix("点半") {
        (h.parse().ok()?, 30)
    } else if let Some((h, m)) = rest.split_once('点') {
        (h.parse().ok()?, if m.is_empty() { 0 } else { parse_minutes(m.trim_end_matches('分'))? })
    } else if half != Half::None {
        (rest.parse().ok()?, 0)
    } else {
        return None;
    };
    let hour = match half {
        Half::None => hour,
        Half::Am if hour == 12 => 0,
        Half::Am if hour <= 12 => hour,
        Half::Pm if hour < 12 => hour + 12,
        Half::Pm if hour == 12 => 12,
        _ => return None,
    };
    Some((NaiveTime::from_hms_opt(hour, minute, 0)?, half))
}

fn parse_minutes(text: &str) -> Option<u32> {
    (text.len() == 2).then(|| text.parse().ok()).flatten().filter(|m| *m < 60)
}

/// Full-width digits, letters and punctuation to ASCII; trimmed.
fn normalise(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '：' => ':',
            '－' => '-',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Recurrence::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn phrases_in_both_languages() {
        let table: &[(&str, Recurrence)] = &[
            ("5th", MonthDay(5)),
            ("every 5th", MonthDay(5)),
            ("day 15", MonthDay(15)),
            ("21st", MonthDay(21)),
            ("22nd", MonthDay(22)),
            ("每月5日", MonthDay(5)),
            ("每月15号", MonthDay(15)),
            ("每月１１日", MonthDay(11)),
            ("每月 5 日", MonthDay(5)),
            ("每月十一日", MonthDay(11)),
            ("last day", LastDay),
            ("每月最后一天", LastDay),
            ("1st monday", NthWeekday(1, Weekday::Mon)),
            ("last friday", NthWeekday(-1, Weekday::Fri)),
            ("Last Friday", NthWeekday(-1, Weekday::Fri)),
            ("每月第一个周一", NthWeekday(1, Weekday::Mon)),
            ("每月第2个星期三", NthWeekday(2, Weekday::Wed)),
            ("每月最后一个周五", NthWeekday(-1, Weekday::Fri)),
            ("tuesday", Weekly(Weekday::Tue)),
            ("every tuesday", Weekly(Weekday::Tue)),
            ("每周二", Weekly(Weekday::Tue)),
            ("每星期二", Weekly(Weekday::Tue)),
            ("每周日", Weekly(Weekday::Sun)),
            ("weekday", Workdays),
            ("工作日", Workdays),
            ("每个工作日", Workdays),
            ("daily", Daily),
            ("每天", Daily),
        ];
        for (text, expected) in table {
            assert_eq!(parse_recurrence(text).as_ref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn bad_phrases_are_refused() {
        for text in
            ["", "5", "32nd", "5rd", "每月32日", "every blue moon", "每周八", "6th monday", "每月第六个周一", "day 0"]
        {
            assert_eq!(parse_recurrence(text), None, "{text}");
        }
    }

    #[test]
    fn times_in_both_languages() {
        let table: &[(&str, NaiveTime, Option<NaiveTime>)] = &[
            ("09:00-12:00", t(9, 0), Some(t(12, 0))),
            ("9:00-12:00", t(9, 0), Some(t(12, 0))),
            ("19:30-21:00", t(19, 30), Some(t(21, 0))),
            ("19:30–21:00", t(19, 30), Some(t(21, 0))),
            ("１９：３０－２１：００", t(19, 30), Some(t(21, 0))),
            ("7:30 pm", t(19, 30), None),
            ("7:30 PM", t(19, 30), None),
            ("7 pm", t(19, 0), None),
            ("晚上7:30", t(19, 30), None),
            ("晚上7点半", t(19, 30), None),
            ("下午2:30-5:30", t(14, 30), Some(t(17, 30))),
            ("上午9:00至11:30", t(9, 0), Some(t(11, 30))),
            ("12:00 pm", t(12, 0), None),
        ];
        for (text, start, end) in table {
            let range = parse_time_range(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((range.start, range.end), (*start, *end), "{text}");
        }
    }

    #[test]
    fn bad_times_are_refused() {
        for text in ["", "25:00", "9", "12:00-09:00", "9:5", "noon", "13:00 pm", "09:00-"] {
            assert_eq!(parse_time_range(text), None, "{text}");
        }
    }
}
