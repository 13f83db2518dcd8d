//! Next reception, hand-computed, on a fixture with the 国庆 week, a 调休 Saturday, a
//! moved and a cancelled session, a last-Friday evening session and a duty roster; and
//! the iCalendar feeds read back by an independent parser (the `icalendar` crate).

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::Workspace;
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike};
use std::path::Path;

fn built(today: &str) -> Workspace {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schedules"));
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", today]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    workspace
}

/// The `datetime` and text of the page's `<time class=next-reception>`.
fn next_reception(workspace: &Workspace, page: &str) -> (String, String) {
    let html = workspace.page(page);
    let at = html.find("class=next-reception").unwrap_or_else(|| panic!("{page} states no next reception"));
    let tag_start = html[..at].rfind("<time").unwrap();
    let tag_end = at + html[at..].find('>').unwrap();
    let tag = &html[tag_start..tag_end];
    let datetime = tag.split("datetime=").nth(1).unwrap().split([' ', '>']).next().unwrap().trim_matches('"');
    let text = &html[tag_end + 1..tag_end + 1 + html[tag_end + 1..].find("</time>").unwrap()];
    (datetime.to_string(), common::strip_tags(text))
}

/// (today, page, datetime, words), each worked out by hand from the fixture.
const CASES: &[(&str, &str, &str, &str)] = &[
    // 5 Oct is a holiday Monday; 6 and 7 are holidays too: the session moves to Thursday 8.
    ("2026-10-01", "demo/stations/guoqing/index.html", "2026-10-08T09:00+08:00", "10月8日（周四） 09:00–12:00"),
    ("2026-10-01", "demo/deputies/lijianguo/index.html", "2026-10-08T09:00+08:00", "10月8日（周四） 09:00–12:00"),
    // 宋金峰 is not in the 5th's `who`; his own day, the 11th, is a Sunday: Monday 12.
    ("2026-10-01", "demo/deputies/songjinfeng/index.html", "2026-10-12T14:30+08:00", "10月12日（周一） 14:30–17:30"),
    // The 15th is moved to the 16th.
    ("2026-10-01", "demo/stations/moved/index.html", "2026-10-16T09:00+08:00", "10月16日（周五） 09:00–11:00"),
    // The last Friday of October, evening, no end time.
    ("2026-10-01", "demo/stations/evening/index.html", "2026-10-30T19:30+08:00", "10月30日（周五） 19:30 起"),
    // Roster over workdays from Mon 28 Sep: 28 A, 29 B, 30 C, (1–7 Oct off), 8 A, 9 B, Sat 10 (调休) C.
    ("2026-10-01", "demo/stations/roster/index.html", "2026-10-08T09:00+08:00", "10月8日（周四） 09:00–17:00"),
    ("2026-10-01", "demo/deputies/b1/index.html", "2026-10-09T09:00+08:00", "10月9日（周五） 09:00–17:00"),
    ("2026-10-01", "demo/deputies/c2/index.html", "2026-10-10T09:00+08:00", "10月10日（周六） 09:00–17:00"),
    // Second day.
    ("2026-11-01", "demo/stations/guoqing/index.html", "2026-11-05T09:00+08:00", "11月5日（周四） 09:00–12:00"),
    // 15 Nov is cancelled: the next is 15 Dec.
    ("2026-11-01", "demo/stations/moved/index.html", "2026-12-15T09:00+08:00", "12月15日（周二） 09:00–11:00"),
    ("2026-11-01", "demo/stations/evening/index.html", "2026-11-27T19:30+08:00", "11月27日（周五） 19:30 起"),
    // From Sun 11 Oct: 12 A, 13 B, 14 C, … the roster keeps turning past the build day.
    ("2026-10-11", "demo/deputies/a1/index.html", "2026-10-12T09:00+08:00", "10月12日（周一） 09:00–17:00"),
    ("2026-10-11", "demo/deputies/c1/index.html", "2026-10-14T09:00+08:00", "10月14日（周三） 09:00–17:00"),
    // The last Friday of September (the 25th) is a holiday and `skip` drops it.
    ("2026-09-20", "demo/stations/evening/index.html", "2026-10-30T19:30+08:00", "10月30日（周五） 19:30 起"),
    // Across the year end the year is written.
    ("2026-12-20", "demo/stations/guoqing/index.html", "2027-01-05T09:00+08:00", "2027年1月5日（周二） 09:00–12:00"),
];

#[test]
fn next_receptions_match_hand_computed_answers() {
    let mut days: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    days.dedup();
    for today in days {
        let workspace = built(today);
        for (_, page, datetime, words) in CASES.iter().filter(|c| c.0 == today) {
            let (got_datetime, got_words) = next_reception(&workspace, page);
            assert_eq!((got_datetime.as_str(), got_words.as_str()), (*datetime, *words), "{page} on {today}");
        }
    }
}

/// The start of every session of a feed, as an independent reader expands it (RRULE,
/// EXDATE and single events), in local time.
fn feed_starts(text: &str) -> Vec<NaiveDateTime> {
    let calendar: Calendar = text.parse().expect("the feed parses as iCalendar");
    let mut uids = std::collections::BTreeSet::new();
    let mut starts = Vec::new();
    for component in &calendar.components {
        if let CalendarComponent::Event(event) = component {
            assert!(uids.insert(event.get_uid().expect("UID").to_string()), "duplicate UID");
            let start = match event.get_start().expect("DTSTART") {
                DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
                    assert_eq!(tzid, "Asia/Shanghai");
                    date_time
                }
                other => panic!("unexpected DTSTART {other:?}"),
            };
            if event.property_value("RRULE").is_some() {
                let set = event.get_recurrence().expect("a valid recurrence");
                starts.extend(set.all(2000).dates.into_iter().map(|d| d.naive_local()));
            } else {
                starts.push(start);
            }
        }
    }
    starts.sort();
    starts
}

/// The sessions a page embeds for its script (what it states as coming), as date-times.
fn page_sessions(html: &str) -> Vec<NaiveDateTime> {
    let data = html.split("id=reception-data").nth(1).unwrap().split('>').skip(1).collect::<Vec<_>>().join(">");
    let data = data.split("</script").next().unwrap();
    let base: NaiveDate = data.split("\"base\":\"").nth(1).unwrap()[..10].parse().unwrap();
    let list = data.split("\"s\":[").nth(1).unwrap().trim_end_matches("]}");
    list.split("],[")
        .map(|item| {
            let n: Vec<i64> = item.trim_matches(['[', ']']).split(',').map(|x| x.parse().unwrap()).collect();
            (base + chrono::Duration::days(n[0])).and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::minutes(n[1])
        })
        .collect()
}

#[test]
fn feeds_hold_the_sessions_the_pages_state() {
    let workspace = built("2026-10-01");
    for station in ["guoqing", "moved", "evening", "roster"] {
        let feed =
            std::fs::read_to_string(workspace.site().join(format!("demo/stations/{station}/calendar.ics"))).unwrap();
        let mut starts = feed_starts(&feed);
        starts.dedup();
        let stated = page_sessions(&workspace.page(&format!("demo/stations/{station}/index.html")));
        let n = stated.len();
        assert!(n > 0, "{station}");
        assert_eq!(&starts[..n.min(starts.len())], &stated[..], "{station}: feed and page disagree");
    }
    // The deputy's own feed holds only what they attend.
    let feed = std::fs::read_to_string(workspace.site().join("demo/deputies/c2/calendar.ics")).unwrap();
    let starts = feed_starts(&feed);
    let first: Vec<String> = starts.iter().take(3).map(|d| d.to_string()).collect();
    assert_eq!(first, ["2026-10-10 09:00:00", "2026-10-14 09:00:00", "2026-10-19 09:00:00"]);
    // The county feed holds every station's sessions.
    let county = std::fs::read_to_string(workspace.site().join("demo/calendar.ics")).unwrap();
    assert!(feed_starts(&county).len() > starts.len());
    assert!(county.lines().all(|l| l.len() <= 76), "lines must be folded at 75 octets");
}
