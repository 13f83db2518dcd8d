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
    // The last Friday of October, evening, no end time: two hours, the default length.
    ("2026-10-01", "demo/stations/evening/index.html", "2026-10-30T19:30+08:00", "10月30日（周五） 19:30–21:30"),
    // Roster over workdays from Mon 28 Sep: 28 A, 29 B, 30 C, (1–7 Oct off), 8 A, 9 B, Sat 10 (调休) C.
    ("2026-10-01", "demo/stations/roster/index.html", "2026-10-08T09:00+08:00", "10月8日（周四） 09:00–17:00"),
    ("2026-10-01", "demo/deputies/b1/index.html", "2026-10-09T09:00+08:00", "10月9日（周五） 09:00–17:00"),
    ("2026-10-01", "demo/deputies/c2/index.html", "2026-10-10T09:00+08:00", "10月10日（周六） 09:00–17:00"),
    // Second day.
    ("2026-11-01", "demo/stations/guoqing/index.html", "2026-11-05T09:00+08:00", "11月5日（周四） 09:00–12:00"),
    // 15 Nov is cancelled: the next is 15 Dec.
    ("2026-11-01", "demo/stations/moved/index.html", "2026-12-15T09:00+08:00", "12月15日（周二） 09:00–11:00"),
    ("2026-11-01", "demo/stations/evening/index.html", "2026-11-27T19:30+08:00", "11月27日（周五） 19:30–21:30"),
    // From Sun 11 Oct: 12 A, 13 B, 14 C, … the roster keeps turning past the build day.
    ("2026-10-11", "demo/deputies/a1/index.html", "2026-10-12T09:00+08:00", "10月12日（周一） 09:00–17:00"),
    ("2026-10-11", "demo/deputies/c1/index.html", "2026-10-14T09:00+08:00", "10月14日（周三） 09:00–17:00"),
    // The last Friday of September (the 25th) is a holiday and `skip` drops it.
    ("2026-09-20", "demo/stations/evening/index.html", "2026-10-30T19:30+08:00", "10月30日（周五） 19:30–21:30"),
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
    let list = data.split("\"s\":[[").nth(1).unwrap().split("]]").next().unwrap();
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

fn built_reach(today: &str) -> Workspace {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reach"));
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", today]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    workspace
}

/// The `datetime`s of a page's list of coming sessions.
fn upcoming_datetimes(html: &str) -> Vec<String> {
    let list = &html[html.find("class=upcoming").expect("a list of coming sessions")..];
    let list = &list[..list.find("</ol>").unwrap()];
    list.split("<time datetime=").skip(1).map(|t| t.split('>').next().unwrap().trim_matches('"').to_string()).collect()
}

// See: issue 14. 宋金峰's own `reception: 每月11日 14:30-17:30` and the station's
// `every: 每月11日` with `who: [songjinfeng]` are one session: on the station's page, his
// page, the county's days and every feed. 11 Oct 2026 is a Sunday: both move to Monday 12.
#[test]
fn the_duplicate_11th_is_one_session_everywhere() {
    let workspace = built_reach("2026-09-20");
    for page in ["demo/stations/liuyi/index.html", "demo/deputies/songjinfeng/index.html"] {
        let html = workspace.page(page);
        let listed = upcoming_datetimes(&html);
        // 5 Oct is a holiday (to Thursday 8), the 11th a Sunday (to Monday 12); 5 Nov, 11 Nov,
        // 5 Dec a Saturday (to Monday 7), 11 Dec.
        assert_eq!(
            listed,
            [
                "2026-10-08T09:00+08:00",
                "2026-10-12T14:30+08:00",
                "2026-11-05T09:00+08:00",
                "2026-11-11T14:30+08:00",
                "2026-12-07T09:00+08:00",
                "2026-12-11T14:30+08:00"
            ],
            "{page}"
        );
        let mut embedded = page_sessions(&html);
        let n = embedded.len();
        embedded.dedup();
        assert_eq!(embedded.len(), n, "{page} embeds a session twice");
        // Both entries' words describe the one session.
        assert!(html.contains("宋金峰选民接待日；宋金峰代表个人接待日"), "{page}");
    }
    for feed in ["demo/stations/liuyi/calendar.ics", "demo/deputies/songjinfeng/calendar.ics", "demo/calendar.ics"] {
        let starts = feed_starts(&std::fs::read_to_string(workspace.site().join(feed)).unwrap());
        let elevenths: Vec<_> = starts.iter().filter(|s| s.to_string().starts_with("2026-10-12 14:30")).collect();
        assert_eq!(elevenths.len(), 1, "{feed}: {starts:?}");
        if feed != "demo/calendar.ics" {
            // (The county's feed holds several stations' sessions at the same hours.)
            let mut unique = starts.clone();
            unique.dedup();
            assert_eq!(unique.len(), starts.len(), "{feed} holds a session twice");
        }
    }
    // The county's 14 days from 1 Oct: 留义 on 8 Oct (09:00) and 12 Oct (14:30), once each.
    let home = built_reach("2026-10-01").page("demo/index.html");
    let days = &home[home.find("id=county-days").unwrap()..];
    let days = &days[..days.find("</div>").unwrap()];
    assert_eq!(days.matches("14:30–17:30").count(), 1, "{days}");
    assert_eq!(days.matches("09:00–12:00").count(), 1, "{days}");
}

// See: issue 14. A session written without an end (`7:30 pm`) has the station's
// `session_length` (90 minutes) on the page and in the feed; every event of every feed
// has an end.
#[test]
fn every_session_has_an_end_on_pages_and_in_feeds() {
    let workspace = built_reach("2026-09-20");
    // The last Friday of September (25th) is a holiday and the station skips it: 30 Oct.
    let (datetime, words) = next_reception(&workspace, "demo/stations/evening/index.html");
    assert_eq!((datetime.as_str(), words.as_str()), ("2026-10-30T19:30+08:00", "10月30日（周五） 19:30–21:00"));
    let feed = std::fs::read_to_string(workspace.site().join("demo/stations/evening/calendar.ics")).unwrap();
    assert!(feed.contains("DTSTART;TZID=Asia/Shanghai:20261030T193000"), "{feed}");
    assert!(feed.contains("DTEND;TZID=Asia/Shanghai:20261030T210000"), "{feed}");
    for feed in ["demo/calendar.ics", "demo/deputies/songjinfeng/calendar.ics", "demo/stations/roster/calendar.ics"] {
        let text = std::fs::read_to_string(workspace.site().join(feed)).unwrap();
        let calendar: Calendar = text.parse().unwrap();
        for component in &calendar.components {
            if let CalendarComponent::Event(event) = component {
                assert!(
                    event.get_end().is_some() || event.property_value("DURATION").is_some(),
                    "{feed}: {:?} has no end",
                    event.get_summary()
                );
            }
        }
    }
}

// See: issue 14. Every deputy page says where to go and has a one-tap phone: the deputy's
// office phone, else the station's, else the county's (and then it says so).
#[test]
fn every_deputy_page_has_an_address_and_a_tel_link() {
    let workspace = built_reach("2026-09-20");
    for (deputy, tel, address, note) in [
        ("songjinfeng", "tel:0358-3333333,12", "留义新苑", None),
        ("songxingwei", "tel:0358-2222222", "留义新苑", Some("代表未公布办公电话，这是联络站的电话。")),
        ("zhaomin", "tel:0358-1111111", "晚间路 1 号", Some("本站未公布电话，这是县人大常委会的联系电话。")),
        ("a1", "tel:0358-4444444", "轮值街 2 号", Some("代表未公布办公电话，这是联络站的电话。")),
    ] {
        let html = workspace.page(&format!("demo/deputies/{deputy}/index.html"));
        let top = &html[..html.find("<h2 id=reception>").expect("a schedule section")];
        assert!(top.contains(&format!("href={tel}")) || top.contains(&format!("href=\"{tel}\"")), "{deputy}: {top}");
        assert!(top.contains(address), "{deputy}");
        if let Some(note) = note {
            assert!(top.contains(note), "{deputy}");
        }
    }
    // 留义's 5th is held in 二楼接待室: the place follows the address.
    assert!(workspace
        .page("demo/deputies/songjinfeng/index.html")
        .contains("留义新苑<span class=next-place>，二楼接待室"));
    // The sample content: every deputy page has both.
    let sample = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    assert_eq!(sample.build().code, Some(0));
    let deputies = sample.site().join("lishi/deputies");
    for entry in std::fs::read_dir(deputies).unwrap() {
        let html = std::fs::read_to_string(entry.unwrap().path().join("index.html")).unwrap();
        assert!(html.contains("href=tel:") || html.contains("href=\"tel:"), "a deputy page without a phone");
        assert!(
            html.contains("class=\"facts reach\"") && html.contains("<dt>地址"),
            "a deputy page without an address"
        );
    }
}

// See: issue 14. A page embeds at least the next 120 days for its script: every session
// of the next 150 days (a workday roster: some hundred sessions), and for a monthly
// schedule the year.
#[test]
fn pages_embed_at_least_120_days_ahead() {
    let today: NaiveDate = "2026-09-20".parse().unwrap();
    let workspace = built_reach("2026-09-20");
    for (page, at_least) in [
        ("demo/stations/roster/index.html", 149),
        ("demo/deputies/a1/index.html", 149),
        ("demo/stations/liuyi/index.html", 300),
        ("demo/stations/evening/index.html", 300),
    ] {
        let sessions = page_sessions(&workspace.page(page));
        let last = sessions.last().unwrap().date();
        assert!((last - today).num_days() >= at_least, "{page} embeds only up to {last}");
    }
    // The county's shared file embeds each station's sessions the same way (the monthly ones
    // for the year), and the sessions each deputy attends.
    let county = std::fs::read_to_string(workspace.site().join("demo/sessions.js")).unwrap();
    // A data script: `document.currentScript.liaison=<JSON>;`.
    let json = county.strip_prefix(liaison::render::DATA_SCRIPT_PREFIX).unwrap();
    let data: serde_json::Value =
        serde_json::from_str(json.strip_suffix(liaison::render::DATA_SCRIPT_SUFFIX).unwrap()).unwrap();
    let last = data["s"].as_array().unwrap().iter().map(|s| s[0].as_i64().unwrap()).max().unwrap();
    assert!(last >= 300, "sessions.js ends {last} days out");
    assert!(data["d"]["songjinfeng"].as_u64().is_some());
}
