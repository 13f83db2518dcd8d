//! Issue 15: schedule phrases as station clerks write them. Each phrase with what it means
//! (the rule in words, the hours, the holiday rule) and its next three sessions from two fixed
//! days, computed by hand from printed calendars:
//!
//! - from Tuesday 1 December 2026 (calendar of `content/holidays`: 1 January 2027 and
//!   5, 8-11 February 2027 off, Saturday 6 February 2027 a make-up workday);
//! - from Sunday 20 July 2025, just before the leap sixth month of 2025 (闰六月, 25 July to
//!   22 August, published by the Purple Mountain Observatory), with the published National
//!   Day holiday of 2025 (1-8 October off; 28 September and 11 October workdays).
//!
//! Lunar dates: 2025 六月初一 is 25 June (so 20 July is 六月廿六, and 六月 has 30 days),
//! 闰六月初一 25 July, 七月初一 23 August, 八月初一 22 September (中秋 6 October). In 2026 the
//! new moons fall (Beijing time) on 9 November, 9 December, 8 January 2027 and 6 February
//! 2027 (春节), so 1 December 2026 is 十月廿三 and 冬月初一 is 9 December.

use chrono::{Duration, NaiveDate, NaiveTime};
use liaison::diag::PhraseIssue;
use liaison::lang::Lang;
use liaison::model::*;
use liaison::schedule::calendar::WorkCalendar;
use liaison::schedule::phrase::{read, read_time};
use liaison::schedule::sessions::expand;
use liaison::schedule::words;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn holidays() -> Holidays {
    let mut h = Holidays::default();
    for d in ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07"] {
        h.off.insert(day(d));
    }
    h.off.insert(day("2025-10-08"));
    for d in ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"] {
        h.off.insert(day(d));
    }
    for d in ["2025-09-28", "2025-10-11", "2027-02-06"] {
        h.workdays.insert(day(d));
    }
    h.years.extend([2025, 2026, 2027]);
    h
}

const D1: &str = "2026-12-01";
const D2: &str = "2025-07-20";

/// phrase, its meaning in words (zh-CN), the hours it carries (or ""), and the next three
/// sessions from D1 and from D2. `starts` is 2026-12-02 for the every-other-week rows.
/// (phrase, meaning, hours, next three from D1, next three from D2)
type Row = (&'static str, &'static str, &'static str, [&'static str; 3], [&'static str; 3]);

const TABLE: &[Row] = &[
    (
        "每周三下午",
        "每周三",
        "14:30–17:30",
        ["2026-12-02", "2026-12-09", "2026-12-16"],
        ["2025-07-23", "2025-07-30", "2025-08-06"],
    ),
    (
        "每月第一个星期一上午",
        "每月第一个周一",
        "09:00–12:00",
        ["2026-12-07", "2027-01-04", "2027-02-01"],
        ["2025-08-04", "2025-09-01", "2025-10-06"],
    ),
    ("周三", "每周三", "", ["2026-12-02", "2026-12-09", "2026-12-16"], ["2025-07-23", "2025-07-30", "2025-08-06"]),
    ("星期三", "每周三", "", ["2026-12-02", "2026-12-09", "2026-12-16"], ["2025-07-23", "2025-07-30", "2025-08-06"]),
    (
        "每周星期三",
        "每周三",
        "",
        ["2026-12-02", "2026-12-09", "2026-12-16"],
        ["2025-07-23", "2025-07-30", "2025-08-06"],
    ),
    (
        "每星期三下午",
        "每周三",
        "14:30–17:30",
        ["2026-12-02", "2026-12-09", "2026-12-16"],
        ["2025-07-23", "2025-07-30", "2025-08-06"],
    ),
    (
        "每个月5日",
        "每月5日",
        "",
        ["2026-12-05", "2027-01-05", "2027-02-05"],
        ["2025-08-05", "2025-09-05", "2025-10-05"],
    ),
    (
        "每月的5号",
        "每月5日",
        "",
        ["2026-12-05", "2027-01-05", "2027-02-05"],
        ["2025-08-05", "2025-09-05", "2025-10-05"],
    ),
    (
        "每月的 5日",
        "每月5日",
        "",
        ["2026-12-05", "2027-01-05", "2027-02-05"],
        ["2025-08-05", "2025-09-05", "2025-10-05"],
    ),
    // Moved to the next workday: Sat 5 Dec → Mon 7 Dec; 5 Feb 2027 off → make-up Sat 6 Feb;
    // Sun 5 Oct 2025 in the National Day holiday → Thu 9 Oct.
    (
        "每月5日（遇节假日顺延）",
        "每月5日",
        "",
        ["2026-12-07", "2027-01-05", "2027-02-06"],
        ["2025-08-05", "2025-09-05", "2025-10-09"],
    ),
    (
        "周一至周五",
        "每周一至周五",
        "",
        ["2026-12-01", "2026-12-02", "2026-12-03"],
        ["2025-07-21", "2025-07-22", "2025-07-23"],
    ),
    (
        "每周一至周五",
        "每周一至周五",
        "",
        ["2026-12-01", "2026-12-02", "2026-12-03"],
        ["2025-07-21", "2025-07-22", "2025-07-23"],
    ),
    (
        "每周一、三、五",
        "每周一、周三、周五",
        "",
        ["2026-12-02", "2026-12-04", "2026-12-07"],
        ["2025-07-21", "2025-07-23", "2025-07-25"],
    ),
    (
        "每周二、周四",
        "每周二、周四",
        "",
        ["2026-12-01", "2026-12-03", "2026-12-08"],
        ["2025-07-22", "2025-07-24", "2025-07-29"],
    ),
    // 2nd and 4th Wednesdays: December 2026 begins on a Tuesday (Wednesdays 2, 9, 16, 23, 30),
    // January 2027 on a Friday (6, 13, 20, 27); July 2025 on a Tuesday (2, 9, 16, 23, 30),
    // August 2025 on a Friday (6, 13, 20, 27).
    (
        "每月第二、四个周三",
        "每月第二个周三、第四个周三",
        "",
        ["2026-12-09", "2026-12-23", "2027-01-13"],
        ["2025-07-23", "2025-08-13", "2025-08-27"],
    ),
    (
        "每月5日、15日",
        "每月5日、15日",
        "",
        ["2026-12-05", "2026-12-15", "2027-01-05"],
        ["2025-08-05", "2025-08-15", "2025-09-05"],
    ),
    (
        "每月5日和15日",
        "每月5日、15日",
        "",
        ["2026-12-05", "2026-12-15", "2027-01-05"],
        ["2025-08-05", "2025-08-15", "2025-09-05"],
    ),
    (
        "每月5、15日",
        "每月5日、15日",
        "",
        ["2026-12-05", "2026-12-15", "2027-01-05"],
        ["2025-08-05", "2025-08-15", "2025-09-05"],
    ),
    (
        "每月5日、15日、25日",
        "每月5日、15日、25日",
        "",
        ["2026-12-05", "2026-12-15", "2026-12-25"],
        ["2025-07-25", "2025-08-05", "2025-08-15"],
    ),
    // 1 Jan 2027 is off and 2-3 Jan a weekend; 1-8 Oct 2025 are off.
    (
        "每月第一个工作日",
        "每月第一个工作日",
        "",
        ["2026-12-01", "2027-01-04", "2027-02-01"],
        ["2025-08-01", "2025-09-01", "2025-10-09"],
    ),
    (
        "每月最后一个工作日",
        "每月最后一个工作日",
        "",
        ["2026-12-31", "2027-01-29", "2027-02-26"],
        ["2025-07-31", "2025-08-29", "2025-09-30"],
    ),
    // From starts: 2026-12-02, so from D2 too the first is 2 December 2026.
    (
        "隔周周三",
        "隔周周三",
        "",
        ["2026-12-02", "2026-12-16", "2026-12-30"],
        ["2026-12-02", "2026-12-16", "2026-12-30"],
    ),
    (
        "每两周周三",
        "隔周周三",
        "",
        ["2026-12-02", "2026-12-16", "2026-12-30"],
        ["2026-12-02", "2026-12-16", "2026-12-30"],
    ),
    (
        "每逢农历初一",
        "农历每月初一",
        "",
        ["2026-12-09", "2027-01-08", "2027-02-06"],
        ["2025-07-25", "2025-08-23", "2025-09-22"],
    ),
    (
        "每月初一、十五（农历）",
        "农历每月初一、十五",
        "",
        ["2026-12-09", "2026-12-23", "2027-01-08"],
        ["2025-07-25", "2025-08-08", "2025-08-23"],
    ),
    (
        "农历每月初一、十五",
        "农历每月初一、十五",
        "",
        ["2026-12-09", "2026-12-23", "2027-01-08"],
        ["2025-07-25", "2025-08-08", "2025-08-23"],
    ),
    // Market days 初三、初八、十三、十八、廿三、廿八: 1 Dec 2026 is 十月廿三; 20 July 2025 is
    // 六月廿六, then 廿八 (22 July) and the leap month's 初三 (27 July) and 初八 (1 August).
    (
        "逢三逢八",
        "农历逢三逢八（初三、初八、十三、十八、廿三、廿八）",
        "",
        ["2026-12-01", "2026-12-06", "2026-12-11"],
        ["2025-07-22", "2025-07-27", "2025-08-01"],
    ),
    (
        "每旬逢五",
        "农历逢五（初五、十五、廿五）",
        "",
        ["2026-12-03", "2026-12-13", "2026-12-23"],
        ["2025-07-29", "2025-08-08", "2025-08-18"],
    ),
    (
        "每双月5日",
        "每双月5日",
        "",
        ["2026-12-05", "2027-02-05", "2027-04-05"],
        ["2025-08-05", "2025-10-05", "2025-12-05"],
    ),
    (
        "每季度第一个月5日",
        "每季度第一个月5日",
        "",
        ["2027-01-05", "2027-04-05", "2027-07-05"],
        ["2025-10-05", "2026-01-05", "2026-04-05"],
    ),
    (
        "每年3月15日",
        "每年3月15日",
        "",
        ["2027-03-15", "2028-03-15", "2029-03-15"],
        ["2026-03-15", "2027-03-15", "2028-03-15"],
    ),
    (
        "工作日每天",
        "每个工作日",
        "",
        ["2026-12-01", "2026-12-02", "2026-12-03"],
        ["2025-07-21", "2025-07-22", "2025-07-23"],
    ),
    (
        "每月最后一个周五 19:30后",
        "每月最后一个周五",
        "19:30 起",
        ["2026-12-25", "2027-01-29", "2027-02-26"],
        ["2025-07-25", "2025-08-29", "2025-09-26"],
    ),
    (
        "every other wednesday",
        "隔周周三",
        "",
        ["2026-12-02", "2026-12-16", "2026-12-30"],
        ["2026-12-02", "2026-12-16", "2026-12-30"],
    ),
    (
        "last workday",
        "每月最后一个工作日",
        "",
        ["2026-12-31", "2027-01-29", "2027-02-26"],
        ["2025-07-31", "2025-08-29", "2025-09-30"],
    ),
];

fn sessions_of(phrase: &str, from: NaiveDate, holidays: &Holidays) -> Vec<NaiveDate> {
    let read = read(phrase, &HalfDays::default()).unwrap_or_else(|r| panic!("{phrase}: {r:?}"));
    let mut every = read.every;
    if let Recurrence::Rrule(rule) = &mut every {
        if rule.interval > 1 {
            rule.anchor = Some(day("2026-12-02"));
        }
    }
    let entry = ScheduleEntry {
        when: When::Every(every),
        time: read.time.unwrap_or(HalfDays::default().morning),
        place: None,
        note: None,
        who: Who::All,
        host: None,
        line: 1,
        notice: None,
    };
    let station =
        Station { schedule: vec![entry], on_holiday: read.on_holiday.unwrap_or_default(), ..Station::new("s", "s") };
    let calendar = WorkCalendar::new(holidays);
    expand(&station, &calendar, from, from + Duration::days(4 * 366)).iter().take(3).map(|s| s.date).collect()
}

#[test]
fn every_phrase_means_what_the_clerk_meant() {
    let holidays = holidays();
    let mut wrong = Vec::new();
    for (phrase, meaning, hours, from_d1, from_d2) in TABLE {
        let read = read(phrase, &HalfDays::default()).unwrap_or_else(|r| panic!("{phrase} refused: {r:?}"));
        let words = words::recurrence(&read.every, Lang::ZhCn);
        let time = read.time.map(|t| words::time_range(&t, Lang::ZhCn)).unwrap_or_default();
        if words != *meaning || time != *hours {
            wrong.push(format!("{phrase}: means {words} {time}, expected {meaning} {hours}"));
        }
        for (from, expected) in [(D1, from_d1), (D2, from_d2)] {
            let got = sessions_of(phrase, day(from), &holidays);
            let expected: Vec<NaiveDate> = expected.iter().map(|d| day(d)).collect();
            if got != expected {
                wrong.push(format!("{phrase} from {from}: {got:?}, expected {expected:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn holiday_clauses_and_first_days() {
    let half_days = HalfDays::default();
    for (phrase, rule) in [
        ("每月5日（遇节假日顺延）", OnHoliday::NextWorkday),
        ("每月5日(节假日顺延)", OnHoliday::NextWorkday),
        ("每月5日，遇节假日顺延", OnHoliday::NextWorkday),
        ("每周三（遇节假日提前）", OnHoliday::PreviousWorkday),
        ("每周三（节假日暂停）", OnHoliday::Skip),
        ("每周三（节假日照常）", OnHoliday::Keep),
    ] {
        assert_eq!(read(phrase, &half_days).map(|p| p.on_holiday), Ok(Some(rule)), "{phrase}");
    }
    let starts = read("隔周周三（2026-12-02起）", &half_days).unwrap().starts;
    assert_eq!(starts, Some(day("2026-12-02")));
}

#[test]
fn half_day_words_and_open_ended_times() {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let half_days = HalfDays {
        morning: TimeRange { start: t(8, 30), end: Some(t(12, 0)) },
        afternoon: TimeRange { start: t(14, 30), end: Some(t(18, 0)) },
        all_day: TimeRange { start: t(8, 30), end: Some(t(18, 0)) },
    };
    let table: &[(&str, NaiveTime, Option<NaiveTime>)] = &[
        ("上午", t(8, 30), Some(t(12, 0))),
        ("下午", t(14, 30), Some(t(18, 0))),
        ("全天", t(8, 30), Some(t(18, 0))),
        ("19:30后", t(19, 30), None),
        ("19:30以后", t(19, 30), None),
        ("１９：３０后", t(19, 30), None),
        ("下午下班后7点半", t(19, 30), None),
        ("下班后7点半", t(19, 30), None),
        ("晚上7点半以后", t(19, 30), None),
        ("after 7:30 pm", t(19, 30), None),
        ("afternoon", t(14, 30), Some(t(18, 0))),
        ("09:00-12:00", t(9, 0), Some(t(12, 0))),
    ];
    for (text, start, end) in table {
        let time = read_time(text, &half_days).unwrap_or_else(|r| panic!("{text}: {r:?}"));
        assert_eq!((time.start, time.end), (*start, *end), "{text}");
    }
    for text in ["晚上", "下班后", "下午下班后"] {
        let refusal = read_time(text, &half_days).unwrap_err();
        assert_eq!(refusal.issue, PhraseIssue::NoClock, "{text}");
        assert_eq!(refusal.suggestions, ["下班后7点半", "19:30-21:00"], "{text}");
    }
}

/// Refused, each with what is missing and one or two spellings that are accepted.
#[test]
fn ambiguous_phrases_are_refused_with_the_closest_spellings() {
    let table: &[(&str, PhraseIssue, &[&str])] = &[
        ("每月上旬", PhraseIssue::Dekad, &["每月5日", "每月第一个周一"]),
        ("每月中旬", PhraseIssue::Dekad, &["每月5日", "每月第一个周一"]),
        ("每双月", PhraseIssue::NoDay, &["每双月5日", "每单月5日"]),
        ("每季度", PhraseIssue::NoDay, &["每季度第一个月5日", "每季度最后一个月最后一个周五"]),
        ("每年", PhraseIssue::NoDay, &["每年3月15日"]),
        ("逢集日", PhraseIssue::MarketDay, &["逢三逢八", "每旬逢五"]),
        ("隔月5日", PhraseIssue::EveryOtherMonth, &["每双月5日", "每单月5日"]),
        ("每月第六个周一", PhraseIssue::Unknown, &["每月第一个周一", "每月第一个工作日"]),
        ("每周八", PhraseIssue::Unknown, &["每周三", "每周一至周五"]),
        ("every blue moon", PhraseIssue::Unknown, &["5th", "last friday"]),
    ];
    for (text, issue, suggestions) in table {
        let refusal = read(text, &HalfDays::default()).unwrap_err();
        let got: Vec<&str> = refusal.suggestions.iter().map(String::as_str).collect();
        assert_eq!((refusal.issue, got), (*issue, suggestions.to_vec()), "{text}");
        for suggestion in *suggestions {
            assert!(read(suggestion, &HalfDays::default()).is_ok(), "the suggestion {suggestion} is accepted");
        }
    }
}

mod common;

/// A station written in a clerk's words builds, and its feed holds what its page states:
/// rules with an RRULE (INTERVAL=2 included) as one event, lunar days and n-th workdays,
/// which have none, as one event per session.
#[test]
fn feeds_of_clerk_phrases() {
    use icalendar::{Calendar, CalendarComponent, Component};
    let workspace = common::Workspace::new(None);
    workspace.write(
        "demo/stations/clerk/station.yaml",
        "name: 集镇联络站\nschedule:\n  - every: 每月初一、十五 (农历)\n    time: 上午\n  - every: 隔周周三下午\n    starts: 2026-12-02\n  - every: 每月第一个工作日\n    time: 19:30后\n  - rrule: FREQ=WEEKLY;INTERVAL=2;BYDAY=FR\n    starts: 2026-12-11\n    time: 10:00-11:00\n",
    );
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-12-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let feed = std::fs::read_to_string(workspace.site().join("demo/stations/clerk/calendar.ics")).unwrap();
    let calendar: Calendar = feed.parse().expect("the feed parses");
    let mut lunar = Vec::new();
    let mut rrules = Vec::new();
    let mut workdays = Vec::new();
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else { continue };
        let start = event.property_value("DTSTART").unwrap().to_string();
        match (event.property_value("RRULE"), &start[9..13]) {
            (Some(rule), _) => rrules.push((start, rule.to_string())),
            (None, "0900") => lunar.push(start[..8].to_string()),
            (None, "1930") => workdays.push(start),
            (None, _) => panic!("an event of its own at {start}"),
        }
    }
    // 冬月初一 9 Dec, 十五 23 Dec, 腊月初一 8 Jan 2027, 十五 22 Jan, 正月初一 6 Feb …
    assert_eq!(lunar[..5], ["20261209", "20261223", "20270108", "20270122", "20270206"]);
    rrules.sort();
    assert_eq!(rrules.len(), 2, "{rrules:?}");
    assert_eq!(rrules[0].0, "20261202T143000");
    assert!(rrules[0].1.starts_with("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL="), "{}", rrules[0].1);
    // `rrule:` with INTERVAL=2 and starts: a Friday two weeks on is the first, 11 December.
    assert_eq!(rrules[1].0, "20261211T100000");
    assert!(rrules[1].1.starts_with("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;UNTIL="), "{}", rrules[1].1);
    assert_eq!(workdays[..3], ["20261201T193000", "20270104T193000", "20270201T193000"]);
    // The page states the same first sessions.
    let page = workspace.page("demo/stations/clerk/index.html");
    assert!(page.contains("农历每月初一、十五"), "the page says the rule in words");
    assert!(page.contains("隔周周三"));
}

/// Every spelling docs/CONTENT.md lists under "Schedule phrases" is accepted, and the first of
/// each row reads back as the words its row says the page shows.
#[test]
fn every_documented_spelling_is_accepted() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/CONTENT.md")).unwrap();
    let section = doc.split("## Schedule phrases").nth(1).unwrap().split("**What a phrase may carry").next().unwrap();
    let mut checked = 0;
    for row in section.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| meaning")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).skip(1).collect();
        let spellings: Vec<&str> = cells[1..3].iter().flat_map(|cell| cell.split('`').skip(1).step_by(2)).collect();
        for spelling in spellings.iter().filter(|s| !s.starts_with("rrule:")) {
            let phrase = read(spelling, &HalfDays::default()).unwrap_or_else(|r| panic!("{spelling}: {r:?}"));
            checked += 1;
            if spelling == &spellings[0] && !cells[3].contains('…') {
                assert_eq!(words::recurrence(&phrase.every, Lang::ZhCn), cells[3].trim(), "{spelling}");
            }
        }
    }
    assert!(checked > 60, "{checked} spellings");
}

/// `liaison explain` on a station folder: its rules in words, then its next sessions after
/// holidays and exceptions (hand-computed: Sat 5 Dec moves to Mon 7 Dec by next_workday, and
/// the exception moves 7 Dec to 8 Dec; the roster runs each workday).
#[test]
fn explain_a_station_and_a_phrase() {
    let workspace = common::Workspace::new(None);
    let run =
        workspace.run(&["explain", "content/demo/stations/north", "--content", "content", "--today", "2026-12-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for line in [
        "  第 16 行：每月5日 09:00–12:00\n",
        "  第 23 行：每月第一个周一 14:00–16:00\n",
        "  值班表：每个工作日 09:00–17:00\n",
        "遇节假日顺延到下一个工作日（on_holiday: next_workday）\n",
        "  2026年12月4日（周五） 09:00–17:00\n  2026年12月8日（周二） 09:00–12:00（原定 2026年12月5日（周六））\n",
    ] {
        assert!(run.stdout.contains(line), "{line:?} missing from:\n{}", run.stdout);
    }
    let run = workspace.run(&[
        "explain",
        "每月最后一个工作日",
        "--content",
        "content",
        "--today",
        "2026-12-01",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("`每月最后一个工作日` means: the last workday of every month\n"), "{}", run.stdout);
    assert!(run.stdout.contains("  Thursday 31 December 2026\n"), "{}", run.stdout);
    let run = workspace.run(&["explain", "每月上旬", "--content", "content"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("“每月上旬”是十天，没有说是哪一天"), "{}", run.stderr);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
    /// No text, however odd, makes the readers panic: pieces of phrases, brackets, digits and
    /// full-width forms in any order.
    #[test]
    fn no_text_makes_the_readers_panic(pieces in proptest::collection::vec(proptest::sample::select(vec![
        "每", "月", "周", "星期", "日", "号", "第", "个", "最后", "工作日", "隔", "两", "双", "单", "季度",
        "年", "农历", "初", "十", "廿", "三十", "逢", "旬", "上", "下", "午", "全天", "后", "下班", "点半",
        "、", "和", "至", "-", "(", ")", "（", "）", "遇节假日顺延", "起", "5", "15", "31", "0", "９",
        ":", "：", "30", " ", "every", "other", "last", "1st", "workday", "wednesday", "2026-12-02",
        "转", "x", "+", "办公室", "/", ".", "\u{3000}",
    ]), 0..12)) {
        let text: String = pieces.concat();
        let half_days = HalfDays::default();
        if let Ok(phrase) = read(&text, &half_days) {
            let _ = words::recurrence(&phrase.every, Lang::ZhCn);
            let _ = words::recurrence(&phrase.every, Lang::En);
            let _ = sessions_of(&text, day("2026-12-01"), &Holidays::default());
        }
        let _ = read_time(&text, &half_days);
        let _ = liaison::schedule::phrase::parse_date_loose(&text);
    }
}

/// Every form's feed, expanded by an independent reader (the `icalendar` crate and its RRULE
/// engine), gives the sessions the page states: RRULEs with BYDAY lists, BYMONTH, YEARLY and
/// INTERVAL, and the events of lunar and n-th-workday rules.
#[test]
fn feeds_expand_to_the_sessions_the_page_states() {
    use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike};
    let workspace = common::Workspace::new(None);
    let entries = [
        ("每周一、三、五", "08:00-09:00"),
        ("每双月5日", "09:00-10:00"),
        ("每季度第一个月5日（遇节假日顺延）", "10:00-11:00"),
        ("每年3月15日", "11:00-12:00"),
        ("隔周周三（2026-12-02起）", "12:00-13:00"),
        ("每月第二、四个周三", "13:00-14:00"),
        ("每月5日、15日", "14:00-15:00"),
        ("逢三逢八", "15:00-16:00"),
        ("每月第一个工作日", "16:00-17:00"),
        ("每单月最后一个周五", "17:00-18:00"),
    ];
    let mut yaml = String::from("name: 全部写法\nschedule:\n");
    for (every, time) in entries {
        yaml += &format!("  - every: {every}\n    time: \"{time}\"\n");
    }
    workspace.write("demo/stations/forms/station.yaml", &yaml);
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-12-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let feed = std::fs::read_to_string(workspace.site().join("demo/stations/forms/calendar.ics")).unwrap();
    let calendar: Calendar = feed.parse().expect("the feed parses");
    let mut starts = Vec::new();
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else { continue };
        let start = match event.get_start().expect("DTSTART") {
            DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. }) => date_time,
            other => panic!("unexpected DTSTART {other:?}"),
        };
        if event.property_value("RRULE").is_some() {
            let set = event.get_recurrence().expect("a valid recurrence");
            starts.extend(set.all(5000).dates.into_iter().map(|d| d.naive_local()));
        } else {
            starts.push(start);
        }
    }
    starts.sort();
    starts.dedup();
    // The page's data for its script: sessions as [day offset, minutes], from a base day.
    let html = workspace.page("demo/stations/forms/index.html");
    let data = html.split("id=reception-data").nth(1).unwrap().split('>').skip(1).collect::<Vec<_>>().join(">");
    let data = data.split("</script").next().unwrap();
    let base: NaiveDate = data.split("\"base\":\"").nth(1).unwrap()[..10].parse().unwrap();
    let list = data.split("\"s\":[[").nth(1).unwrap().split("]]").next().unwrap();
    let stated: Vec<chrono::NaiveDateTime> = list
        .split("],[")
        .map(|item| {
            let n: Vec<i64> = item.trim_matches(['[', ']']).split(',').map(|x| x.parse().unwrap()).collect();
            (base + Duration::days(n[0])).and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(n[1])
        })
        .collect();
    assert!(stated.len() > 60, "{} sessions stated", stated.len());
    assert_eq!(&starts[..stated.len()], &stated[..], "feed and page disagree");
}
