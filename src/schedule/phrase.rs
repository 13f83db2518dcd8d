//! Reads `every:` phrases and `time:` texts, in English and Chinese, as station staff write
//! them (CONTENT.md, "Schedule phrases").
//!
//! Input is first normalised: full-width digits, colons and brackets (typed by Chinese input
//! methods) become ASCII, case is folded, spaces are dropped for the Chinese forms, and the
//! synonyms a clerk uses (星期/礼拜 for 周, 号 for 日, 每个月 for 每月, 和/及 for 、) become
//! one spelling. A phrase may carry its hours (`每周三下午`, `每月5日 9:00-11:30`), a holiday
//! clause (`（遇节假日顺延）`), the calendar (`（农历）`) and a first day (`（2026-12-02起）`).
//! What it cannot read it refuses with the one or two closest spellings it does read.

use crate::diag::PhraseIssue;
pub use crate::model::HalfDays;
use crate::model::{Freq, OnHoliday, Recurrence, Rrule, TimeRange};
use crate::schedule::lunar;
use chrono::{NaiveDate, NaiveTime, Weekday};

/// What an `every:` phrase says: the rule, and what else it carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub every: Recurrence,
    /// `每周三下午`: the hours written with the days.
    pub time: Option<TimeRange>,
    /// `（遇节假日顺延）`: what a day off does to the session.
    pub on_holiday: Option<OnHoliday>,
    /// `（2026-12-02起）`: where an every-other-week rhythm starts.
    pub starts: Option<NaiveDate>,
}

/// Why a phrase or a time was refused, and the accepted spellings closest to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub issue: PhraseIssue,
    /// One or two phrases that are accepted, in the language the clerk wrote in.
    pub suggestions: Vec<String>,
}

impl Refusal {
    fn new(issue: PhraseIssue, suggestions: &[&str]) -> Refusal {
        Refusal { issue, suggestions: suggestions.iter().map(|s| s.to_string()).collect() }
    }
}

/// Reads a recurrence phrase such as `5th`, `每月最后一个周五` or `weekday`, without hours.
pub fn parse_recurrence(text: &str) -> Option<Recurrence> {
    match read(text, &HalfDays::default()) {
        Ok(Phrase { every, time: None, on_holiday: None, starts: None }) => Some(every),
        _ => None,
    }
}

/// Reads an `every:` phrase with whatever it carries (hours, holiday clause, calendar).
pub fn read(text: &str, half_days: &HalfDays) -> Result<Phrase, Refusal> {
    let normal = normalise(text);
    if normal.is_ascii() {
        let lower = normal.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        return read_english(&words, half_days);
    }
    read_chinese(&normal.replace(' ', ""), half_days)
}

fn read_english(words: &[&str], half_days: &HalfDays) -> Result<Phrase, Refusal> {
    let phrase = |every| Phrase { every, time: None, on_holiday: None, starts: None };
    if let Some(every) = english(words) {
        return Ok(phrase(every));
    }
    // The rule, then its hours: `every wednesday 2:30-5:30 pm`, `1st monday morning`.
    for split in (1..words.len()).rev() {
        if let (Some(every), Ok(time)) = (english(&words[..split]), read_time(&words[split..].join(" "), half_days)) {
            return Ok(Phrase { time: Some(time), ..phrase(every) });
        }
    }
    Err(closest_english(words))
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
        ["last", "workday"] | ["last", "working", "day"] => Recurrence::NthWorkday(-1),
        [n, "workday"] | [n, "working", "day"] => {
            let n = ordinal(n)?;
            (1..=5).contains(&n).then_some(Recurrence::NthWorkday(n as i8))?
        }
        ["other", day] => weekly(&[weekday_en(day)?], 2),
        ["day", n] => Recurrence::MonthDay(month_day(n)?),
        [n] if ordinal(n).is_some() => Recurrence::MonthDay(month_day(&ordinal(n)?.to_string())?),
        [day] if day.contains('-') => {
            let (from, to) = day.split_once('-')?;
            weekly(&weekday_range(weekday_en(from)?, weekday_en(to)?)?, 1)
        }
        [from, "to", to] => weekly(&weekday_range(weekday_en(from)?, weekday_en(to)?)?, 1),
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

fn closest_english(words: &[&str]) -> Refusal {
    let text = words.join(" ");
    let suggestions: &[&str] = if text.contains("other") || text.contains("second week") {
        &["every other wednesday", "2nd wednesday"]
    } else if text.contains("workday") || text.contains("working") {
        &["1st workday", "last workday"]
    } else if words.iter().any(|w| weekday_en(w).is_some()) {
        &["every wednesday", "1st monday"]
    } else {
        &["5th", "last friday"]
    };
    Refusal::new(PhraseIssue::Unknown, suggestions)
}

/// A clause in brackets or at the end: what it says.
enum Clause {
    Holiday(OnHoliday),
    Lunar,
    Civil,
    Starts(NaiveDate),
}

fn clause(text: &str) -> Option<Clause> {
    match text {
        "农历" | "阴历" | "旧历" => return Some(Clause::Lunar),
        "公历" | "阳历" | "新历" => return Some(Clause::Civil),
        _ => {}
    }
    if let Some(date) = ["起", "开始", "始"]
        .iter()
        .find_map(|end| text.strip_suffix(end))
        .map(|d| d.trim_start_matches(['从', '自']))
        .and_then(parse_date_loose)
    {
        return Some(Clause::Starts(date));
    }
    // The days a market-day phrase names, as the page writes them: `逢三逢八（初三、初八…）`.
    if lunar_days(&text.replace("…", "")).is_some() {
        return Some(Clause::Lunar);
    }
    holiday_clause(text).map(Clause::Holiday)
}

/// `遇节假日顺延`, `节假日提前`, `法定节假日暂停`, `顺延`.
fn holiday_clause(text: &str) -> Option<OnHoliday> {
    let rest = text.trim_start_matches(['如', '若', '遇', '逢']);
    let nouns = ["法定节假日", "节假日", "节日", "假日", "假期", "休息日", "周末", "双休日"];
    let rest = nouns.iter().find_map(|n| rest.strip_prefix(n)).unwrap_or(rest);
    let rest = rest.trim_start_matches(['则', '时', '的', '就']);
    Some(match rest {
        "顺延" | "往后顺延" | "顺延一天" | "顺延至下一个工作日" | "顺延到下一个工作日" | "推迟" | "延后" => {
            OnHoliday::NextWorkday
        }
        "提前" | "提前一天" | "提前至前一个工作日" | "提前到前一个工作日" => {
            OnHoliday::PreviousWorkday
        }
        "取消" | "暂停" | "停止" | "不接待" | "休息" | "停" => OnHoliday::Skip,
        "照常" | "照常接待" | "不变" => OnHoliday::Keep,
        _ => return None,
    })
}

fn read_chinese(text: &str, half_days: &HalfDays) -> Result<Phrase, Refusal> {
    let mut phrase = Phrase { every: Recurrence::Daily, time: None, on_holiday: None, starts: None };
    let mut calendar = None;
    // Bracketed clauses, anywhere: `每月5日（遇节假日顺延）`, `每月初一、十五（农历）`.
    let mut core = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        core.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(')').unwrap_or(after.len());
        let inner = &after[..close];
        match clause(inner) {
            Some(Clause::Holiday(rule)) => phrase.on_holiday = Some(rule),
            Some(Clause::Lunar) => calendar = Some(Clause::Lunar),
            Some(Clause::Civil) => calendar = Some(Clause::Civil),
            Some(Clause::Starts(date)) => phrase.starts = Some(date),
            None => {
                return Err(Refusal::new(PhraseIssue::Unknown, &["每月5日（遇节假日顺延）", "每月初一、十五（农历）"]))
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    core.push_str(rest);
    // A holiday clause at the end without brackets: `每月5日，遇节假日顺延`.
    let cut = core
        .char_indices()
        .skip(1)
        .find_map(|(i, _)| holiday_clause(core[i..].trim_start_matches(['、', ',', ';', '；'])).map(|rule| (i, rule)));
    if let Some((i, rule)) = cut {
        phrase.on_holiday = Some(rule);
        core.truncate(i);
    }
    let core = synonyms(core.trim_end_matches(['、', '。', ',', ';', '；']));
    let (core, lunar_flag) = strip_calendar(&core);
    match lunar_flag {
        Some(Clause::Lunar) => calendar = Some(Clause::Lunar),
        Some(Clause::Civil) if calendar.is_none() => calendar = Some(Clause::Civil),
        _ => {}
    }
    let lunar = matches!(calendar, Some(Clause::Lunar));
    let civil = matches!(calendar, Some(Clause::Civil));
    if let Some(every) = chinese(&core, lunar, civil)? {
        phrase.every = every;
        return Ok(phrase);
    }
    // The days, then the hours: `每周三下午`, `每月5日9:00-11:30`, `每月5日19:30后`.
    let bounds: Vec<usize> = core.char_indices().map(|(i, _)| i).skip(1).collect();
    let mut first_refusal = None;
    for &split in bounds.iter().rev() {
        let Ok(time) = read_time(&core[split..], half_days) else { continue };
        match chinese(&core[..split], lunar, civil) {
            Ok(Some(every)) => {
                phrase.every = every;
                phrase.time = Some(time);
                return Ok(phrase);
            }
            Err(refusal) => {
                first_refusal.get_or_insert(refusal);
            }
            Ok(None) => {}
        }
    }
    Err(first_refusal.unwrap_or_else(|| closest_chinese(&core)))
}

/// One spelling for the words clerks use interchangeably.
fn synonyms(text: &str) -> String {
    let mut text = text
        .replace("星期", "周")
        .replace("礼拜", "周")
        .replace("每个月", "每月")
        .replace("每一个月", "每月")
        .replace("每个周", "每周")
        .replace("每一周", "每周")
        .replace("每周周", "每周")
        .replace('号', "日")
        .replace('的', "")
        .replace("周天", "周日")
        .replace(['和', '及', '与', '/', '，', ','], "、")
        .replace(['到', '~', '—', '–'], "至");
    if let Some(rest) = text.strip_prefix("每逢") {
        text = if rest.starts_with('周') { format!("每{rest}") } else { rest.to_string() };
    }
    text
}

/// `农历每月初一` → (`每月初一`, lunar).
fn strip_calendar(text: &str) -> (String, Option<Clause>) {
    for (word, which) in [("农历", true), ("阴历", true), ("公历", false), ("阳历", false)] {
        if text.contains(word) {
            let clause = if which { Clause::Lunar } else { Clause::Civil };
            return (text.replace(word, ""), Some(clause));
        }
    }
    (text.to_string(), None)
}

/// The rule of a Chinese phrase without hours or clauses. `Ok(None)`: not a phrase at all;
/// `Err`: a phrase whose meaning is not clear enough to act on.
fn chinese(text: &str, lunar: bool, civil: bool) -> Result<Option<Recurrence>, Refusal> {
    let text = &text.replace('-', "至");
    match text.as_str() {
        "每天" | "每日" | "天天" | "每天都" => return Ok(Some(Recurrence::Daily)),
        "工作日" | "每个工作日" | "每工作日" | "工作日每天" | "工作日每日" | "每周工作日" | "每个工作日每天" => {
            return Ok(Some(Recurrence::Workdays))
        }
        "每月最后一天" | "每月最后一日" | "每月末" | "每月月末" | "每月月底" | "每月底" => {
            return Ok(Some(Recurrence::LastDay))
        }
        "逢集日" | "逢集" | "集日" | "每逢集日" | "赶集日" => {
            return Err(Refusal::new(PhraseIssue::MarketDay, &["逢三逢八", "每旬逢五"]))
        }
        _ => {}
    }
    if let Some(days) = market_days(text) {
        return Ok(Some(if civil { month_days_rule(&days, &[]) } else { Recurrence::Lunar(days) }));
    }
    if let Some(days) = lunar_days(text.strip_prefix("每月").unwrap_or(text)) {
        return Ok(Some(Recurrence::Lunar(days)));
    }
    if let Some(rest) = text.strip_prefix("每月") {
        if ["上旬", "中旬", "下旬"].iter().any(|w| rest.starts_with(w)) {
            return Err(Refusal::new(PhraseIssue::Dekad, &["每月5日", "每月第一个周一"]));
        }
        if let Some(n) = workday_ordinal(rest) {
            return Ok(Some(Recurrence::NthWorkday(n)));
        }
        if let Some(days) = month_day_list(rest) {
            return Ok(Some(if lunar { Recurrence::Lunar(days) } else { month_days_rule(&days, &[]) }));
        }
        if let Some((n, day)) = nth_weekday(rest) {
            return Ok(Some(Recurrence::NthWeekday(n, day)));
        }
        if let Some(days) = nth_weekday_list(rest) {
            let by_day: Vec<String> =
                days.iter().map(|(n, d)| format!("{n}{}", RRULE_DAYS[d.num_days_from_monday() as usize])).collect();
            let source = format!("FREQ=MONTHLY;BYDAY={}", by_day.join(","));
            let rule = Rrule {
                by_day: days.into_iter().map(|(n, d)| (Some(n), d)).collect(),
                ..rrule(Freq::Monthly, &source)
            };
            return Ok(Some(Recurrence::Rrule(rule)));
        }
        return Ok(None);
    }
    for (prefix, months) in [
        ("每双月", &[2u8, 4, 6, 8, 10, 12][..]),
        ("双月", &[2, 4, 6, 8, 10, 12][..]),
        ("每单月", &[1, 3, 5, 7, 9, 11][..]),
        ("单月", &[1, 3, 5, 7, 9, 11][..]),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return in_months(rest, months, &["每双月5日", "每单月5日"]);
        }
    }
    if let Some(rest) = ["每季度", "每个季度", "每季"].iter().find_map(|p| text.strip_prefix(p)) {
        let quarter_month = [("第一个月", 0u8), ("首月", 0), ("第1个月", 0), ("第二个月", 1), ("第2个月", 1)]
            .into_iter()
            .chain([("第三个月", 2), ("第3个月", 2), ("最后一个月", 2), ("末月", 2)])
            .find_map(|(word, offset)| rest.strip_prefix(word).map(|r| (r, offset)));
        let Some((rest, offset)) = quarter_month else {
            return Err(Refusal::new(PhraseIssue::NoDay, &["每季度第一个月5日", "每季度最后一个月最后一个周五"]));
        };
        let months: Vec<u8> = [1u8, 4, 7, 10].iter().map(|m| m + offset).collect();
        return in_months(rest, &months, &["每季度第一个月5日"]);
    }
    if let Some(rest) = text.strip_prefix("每年") {
        let date = rest.split_once('月').and_then(|(m, d)| {
            let month = chinese_number(m).filter(|m| (1..=12).contains(m))? as u8;
            Some((month, month_day(d.strip_suffix('日')?)?))
        });
        let Some((month, day)) = date else {
            return Err(Refusal::new(PhraseIssue::NoDay, &["每年3月15日"]));
        };
        if NaiveDate::from_ymd_opt(2024, month.into(), day.into()).is_none() {
            return Ok(None);
        }
        let rule = Rrule {
            by_month: vec![month],
            by_month_day: vec![day as i8],
            ..rrule(Freq::Yearly, &format!("FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"))
        };
        return Ok(Some(Recurrence::Rrule(rule)));
    }
    for (prefix, weeks) in
        [("隔周", 2u16), ("每隔一周", 2), ("每两周", 2), ("每2周", 2), ("每隔两周", 3), ("每三周", 3)]
    {
        if let Some(rest) = text.strip_prefix(prefix) {
            let rest = rest.strip_prefix('每').unwrap_or(rest);
            return Ok(weekday_list(rest.strip_prefix('周').unwrap_or(rest)).map(|days| weekly(&days, weeks)));
        }
    }
    if ["隔月", "每两个月", "每隔一个月", "每两月", "每2个月"].iter().any(|p| text.starts_with(p)) {
        return Err(Refusal::new(PhraseIssue::EveryOtherMonth, &["每双月5日", "每单月5日"]));
    }
    if let Some(rest) = text.strip_prefix("每周").or_else(|| text.strip_prefix('周')) {
        return Ok(weekday_list(rest).map(|days| weekly(&days, 1)));
    }
    Ok(None)
}

fn rrule(freq: Freq, source: &str) -> Rrule {
    Rrule::new(freq, source)
}

const RRULE_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Weekly on some days, every `weeks` weeks: one day every week is `Weekly`.
fn weekly(days: &[Weekday], weeks: u16) -> Recurrence {
    if let ([day], 1) = (days, weeks) {
        return Recurrence::Weekly(*day);
    }
    let by_day: Vec<&str> = days.iter().map(|d| RRULE_DAYS[d.num_days_from_monday() as usize]).collect();
    let interval = if weeks > 1 { format!(";INTERVAL={weeks}") } else { String::new() };
    let source = format!("FREQ=WEEKLY{interval};BYDAY={}", by_day.join(","));
    Recurrence::Rrule(Rrule {
        by_day: days.iter().map(|d| (None, *d)).collect(),
        interval: weeks,
        ..rrule(Freq::Weekly, &source)
    })
}

/// Monthly on days of the month, in some months (all when `months` is empty).
fn month_days_rule(days: &[u8], months: &[u8]) -> Recurrence {
    if let ([day], []) = (days, months) {
        return Recurrence::MonthDay(*day);
    }
    let list = |v: &[u8]| v.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
    let by_month = if months.is_empty() { String::new() } else { format!(";BYMONTH={}", list(months)) };
    let source = format!("FREQ=MONTHLY{by_month};BYMONTHDAY={}", list(days));
    Recurrence::Rrule(Rrule {
        by_month_day: days.iter().map(|d| *d as i8).collect(),
        by_month: months.to_vec(),
        ..rrule(Freq::Monthly, &source)
    })
}

/// `5日` or `第一个周一` in the given months (每双月5日, 每季度第一个月5日).
fn in_months(rest: &str, months: &[u8], examples: &[&str]) -> Result<Option<Recurrence>, Refusal> {
    if let Some(days) = month_day_list(rest) {
        return Ok(Some(month_days_rule(&days, months)));
    }
    if let Some((n, day)) = nth_weekday(rest) {
        let list = months.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
        let source =
            format!("FREQ=MONTHLY;BYMONTH={list};BYDAY={n}{}", RRULE_DAYS[day.num_days_from_monday() as usize]);
        let rule = Rrule { by_day: vec![(Some(n), day)], by_month: months.to_vec(), ..rrule(Freq::Monthly, &source) };
        return Ok(Some(Recurrence::Rrule(rule)));
    }
    Err(Refusal::new(PhraseIssue::NoDay, examples))
}

/// `第一个工作日`, `首个工作日`, `最后一个工作日`.
fn workday_ordinal(text: &str) -> Option<i8> {
    let count = text.strip_suffix("工作日")?;
    match count {
        "最后一个" | "最后1个" | "末个" => Some(-1),
        "首个" | "头一个" => Some(1),
        _ => {
            let n = chinese_number(count.strip_prefix('第')?.strip_suffix('个')?)?;
            (1..=5).contains(&n).then_some(n as i8)
        }
    }
}

/// `第一个周一`, `最后一个周五`, `第2个周三`.
fn nth_weekday(text: &str) -> Option<(i8, Weekday)> {
    let (n, day) = if let Some(day) = text.strip_prefix("最后一个") {
        (-1, day)
    } else {
        let rest = text.strip_prefix('第')?;
        let (count, day) = rest.split_once('个')?;
        (chinese_number(count)?, day)
    };
    if !(n == -1 || (1..=5).contains(&n)) {
        return None;
    }
    Some((n as i8, weekday_zh(day)?))
}

/// `第二、四个周三`, `第一个周一、第三个周一`: several n-th weekdays of the month.
fn nth_weekday_list(text: &str) -> Option<Vec<(i8, Weekday)>> {
    let mut days: Vec<(i8, Weekday)> = Vec::new();
    if let Some(list) = text.split('、').map(nth_weekday).collect::<Option<Vec<_>>>() {
        days = list;
    } else {
        let (counts, day) = text.strip_prefix('第')?.split_once('个')?;
        let day = weekday_zh(day)?;
        for count in counts.split('、') {
            let n = chinese_number(count.strip_prefix('第').unwrap_or(count))?;
            if !(1..=5).contains(&n) {
                return None;
            }
            days.push((n as i8, day));
        }
    }
    days.sort_by_key(|(n, d)| (d.num_days_from_monday(), *n));
    days.dedup();
    (days.len() > 1).then_some(days)
}

/// `5日`, `5日、15日`, `5、15日`, `5日、15日、25日`: days of the month, ascending.
fn month_day_list(text: &str) -> Option<Vec<u8>> {
    if !text.ends_with('日') {
        return None;
    }
    let mut days = Vec::new();
    for item in text.split('、') {
        days.push(month_day(item.strip_suffix('日').unwrap_or(item))?);
    }
    days.sort_unstable();
    days.dedup();
    Some(days)
}

/// `初一、十五`, `初一`: lunar day names.
fn lunar_days(text: &str) -> Option<Vec<u8>> {
    let mut days = Vec::new();
    for item in text.split('、') {
        days.push(lunar::parse_day_name(item)?);
    }
    days.sort_unstable();
    days.dedup();
    Some(days)
}

/// Market days (集日) by the last digit of the day: `逢三逢八`, `逢三、八`, `每旬逢五`, `逢5`.
/// 逢十 is the 10th, 20th and 30th.
fn market_days(text: &str) -> Option<Vec<u8>> {
    let text = text.strip_prefix("每旬").or_else(|| text.strip_prefix("每月")).unwrap_or(text);
    let text = text.strip_suffix("集日").or_else(|| text.strip_suffix("日")).unwrap_or(text);
    let body = text.strip_prefix('逢')?;
    let mut digits = Vec::new();
    for item in body.split(['逢', '、']).filter(|i| !i.is_empty()) {
        let n = chinese_number(item).filter(|n| (1..=10).contains(n))?;
        digits.push(n as u8);
    }
    if digits.is_empty() {
        return None;
    }
    Some((1..=30u8).filter(|d| digits.iter().any(|n| d % 10 == n % 10)).collect())
}

/// `一、三、五`, `二、周四`, `一至五`, `一至周五`, `三`: weekdays, in week order.
fn weekday_list(text: &str) -> Option<Vec<Weekday>> {
    if text.is_empty() {
        return None;
    }
    let mut days = Vec::new();
    for item in text.split('、') {
        let item = item.strip_prefix('周').unwrap_or(item);
        if let Some((from, to)) = item.split_once('至') {
            let to = to.strip_prefix('周').unwrap_or(to);
            days.extend(weekday_range(weekday_zh_bare(from)?, weekday_zh_bare(to)?)?);
        } else {
            days.push(weekday_zh_bare(item)?);
        }
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    days.dedup();
    Some(days)
}

/// Monday to Friday: the days from `from` to `to`, which must come later in the week.
fn weekday_range(from: Weekday, to: Weekday) -> Option<Vec<Weekday>> {
    let (a, b) = (from.num_days_from_monday(), to.num_days_from_monday());
    (a < b).then(|| (a..=b).map(|i| Weekday::try_from(i as u8).unwrap_or(Weekday::Mon)).collect())
}

/// The accepted phrases nearest to one that is not: by what it starts with.
fn closest_chinese(text: &str) -> Refusal {
    let table: &[(&str, &[&str])] = &[
        ("每月第", &["每月第一个周一", "每月第一个工作日"]),
        ("每月最后", &["每月最后一个周五", "每月最后一个工作日"]),
        ("每月", &["每月5日", "每月5日、15日"]),
        ("每周", &["每周三", "每周一至周五"]),
        ("周", &["每周三", "每周一、三、五"]),
        ("隔", &["隔周周三", "每双月5日"]),
        ("双周", &["隔周周三"]),
        ("单周", &["隔周周三"]),
        ("每年", &["每年3月15日"]),
        ("农历", &["农历每月初一、十五", "逢三逢八"]),
        ("初", &["每月初一、十五（农历）"]),
        ("逢", &["逢三逢八", "每旬逢五"]),
        ("工作日", &["工作日", "每月第一个工作日"]),
    ];
    let suggestions =
        table.iter().find(|(start, _)| text.starts_with(start)).map(|(_, s)| *s).unwrap_or(&["每月5日", "每周三"]);
    Refusal::new(PhraseIssue::Unknown, suggestions)
}

/// A date as people write it: `2026-12-02`, `2026-6-1`, `2026/12/2`, `2026.12.2`,
/// `2026年12月2日`; `None` unless the day exists.
pub fn parse_date_loose(text: &str) -> Option<NaiveDate> {
    let text = normalise(text).replace(' ', "");
    let text = text.strip_suffix('日').or_else(|| text.strip_suffix('号')).unwrap_or(&text).to_string();
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    let digits = |s: &str, max_len: usize| !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
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

/// Reads a `time:` as clerks write it: a clock range (`09:00-12:00`, `下午2:30-5:30`), a
/// start without an end (`19:30`, `19:30后`, `下午下班后7点半`, `after 7:30 pm`), or a
/// half-day word whose hours come from portal.yaml (`上午`, `下午`, `全天`).
pub fn read_time(text: &str, half_days: &HalfDays) -> Result<TimeRange, Refusal> {
    let normal = normalise(text).to_lowercase().replace(' ', "");
    match normal.as_str() {
        "上午" | "上半天" | "morning" | "am" => return Ok(half_days.morning),
        "下午" | "下半天" | "afternoon" | "pm" => return Ok(half_days.afternoon),
        "全天" | "全日" | "整天" | "一整天" | "白天" | "allday" | "wholeday" => return Ok(half_days.all_day),
        "晚上" | "傍晚" | "晚间" | "下班后" | "下午下班后" | "晚上下班后" | "下班以后" | "evening" | "afterwork" =>
        {
            let examples: &[&str] = if normal.is_ascii() {
                &["after 7:30 pm", "19:30-21:00"]
            } else {
                &["下班后7点半", "19:30-21:00"]
            };
            return Err(Refusal::new(PhraseIssue::NoClock, examples));
        }
        _ => {}
    }
    // `下午下班后7点半`: after work is in the evening.
    let mut text = normal.clone();
    for word in ["下班以后", "下班之后", "下班后"] {
        if let Some((before, after)) = text.split_once(word) {
            let half = if ["上午", "下午", "中午", "晚上", "傍晚", "晚"].iter().any(|h| after.starts_with(h))
            {
                String::new()
            } else if before.is_empty() || before == "下午" {
                "晚上".to_string()
            } else {
                before.to_string()
            };
            text = format!("{half}{after}");
            break;
        }
    }
    let text = text.strip_prefix("after").or_else(|| text.strip_prefix("from")).unwrap_or(&text).to_string();
    // `19:30后`, `19:30以后`, `19:30起`, `19:30开始`: a start without an end.
    let open = ["以后", "之后", "开始", "后", "起"].iter().find_map(|end| text.strip_suffix(end));
    let parsed = match open {
        Some(start) => parse_time_range(start).filter(|range| range.end.is_none()),
        None => parse_time_range(&text),
    };
    parsed.ok_or_else(|| {
        let english = normal.chars().any(|c| c.is_ascii_alphabetic()) && normal.is_ascii();
        let examples: &[&str] = if english { &["09:00-12:00", "after 7:30 pm"] } else { &["09:00-12:00", "下午"] };
        Refusal::new(PhraseIssue::Unknown, examples)
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
            '（' => '(',
            '）' => ')',
            '，' => ',',
            '／' => '/',
            '．' => '.',
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
