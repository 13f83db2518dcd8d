//! Posts (issue 17): news, notices and reports of stations, counties and the city; listed
//! newest first and paged; a notice linked both ways with the session it announces; Atom
//! feeds read back by an independent parser (`atom_syndication`) and compared with the
//! posts' files.
//!
//! The fixture is `valid/` with `posts/` laid over it. Expected values are read from the
//! fixture's files (titles, dates), never from liaison's output.

mod common;

use atom_syndication::Feed;
use common::{copy_tree, fixtures_dir, page_text, Workspace};
use std::path::Path;

fn fixture() -> Workspace {
    let workspace = Workspace::from_dir(&fixtures_dir().join("valid"));
    copy_tree(&fixtures_dir().join("posts"), &workspace.content());
    workspace
}

fn built() -> Workspace {
    let workspace = fixture();
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    workspace
}

fn feed(workspace: &Workspace, path: &str) -> Feed {
    workspace.page(path).parse::<Feed>().unwrap_or_else(|e| panic!("{path} is not valid Atom: {e}"))
}

/// A post file's title and date as written in its front matter (the test's own reading).
struct Written {
    title: String,
    date: String,
}

fn written(path: &Path) -> Written {
    let text = std::fs::read_to_string(path).unwrap();
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("{} has no {key}", path.display()))
    };
    // Dates as clerks write them: 2026.9.1, 2026年11月1日, 2026-11-23.
    let digits: Vec<u32> = field("date")
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().unwrap())
        .collect();
    Written { title: field("title"), date: format!("{:04}-{:02}-{:02}", digits[0], digits[1], digits[2]) }
}

/// The posts of the fixture under `dirs`, with their addresses from the site's root,
/// newest first (then by address).
fn expected(dirs: &[(&str, &str)]) -> Vec<(String, Written)> {
    let root = fixtures_dir().join("posts");
    let mut out = Vec::new();
    for (dir, address) in dirs {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            out.push((format!("{address}posts/{stem}/"), written(&path)));
        }
    }
    out.sort_by(|(a, wa), (b, wb)| (&wb.date, a).cmp(&(&wa.date, b)));
    out
}

const COUNTY_DIRS: &[(&str, &str)] = &[
    ("demo/posts", "demo/"),
    ("demo/reports", "demo/"),
    ("demo/stations/north/posts", "demo/stations/north/"),
    ("demo/stations/south/posts", "demo/stations/south/"),
];

#[test]
fn feeds_hold_the_posts_newest_first_as_written() {
    let workspace = built();
    let base = "https://example.org/portal/";
    let county = feed(&workspace, "demo/posts.xml");
    let want = expected(COUNTY_DIRS);
    let got: Vec<(String, String, String)> = county
        .entries()
        .iter()
        .map(|e| (e.id().to_string(), e.title().as_str().to_string(), e.updated().date_naive().to_string()))
        .collect();
    let want_rows: Vec<(String, String, String)> =
        want.iter().map(|(a, w)| (format!("{base}{a}"), w.title.clone(), w.date.clone())).collect();
    assert_eq!(got, want_rows);
    assert_eq!(county.updated().date_naive().to_string(), want[0].1.date, "as new as the newest post");
    // Each entry's kind as a category; the report folder gave its post that kind.
    let kinds: Vec<&str> = county.entries().iter().map(|e| e.categories()[0].term()).collect();
    assert_eq!(kinds, ["notice", "notice", "news", "report"]);
    // The notices' own feed.
    let notices = feed(&workspace, "demo/notices.xml");
    let ids: Vec<&str> = notices.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            format!("{base}demo/stations/south/posts/2026-11-23-zhuanchang/"),
            format!("{base}demo/posts/2026-11-20-jiedai-gonggao/")
        ]
    );
    // A station's feed: its own posts and the county's that name it.
    let north = feed(&workspace, "demo/stations/north/posts.xml");
    let titles: Vec<&str> = north.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles, ["北街联络站 12 月 20 日接待公告", "重阳节义诊", "示例县人大代表联络站见闻"]);
    // Images in a feed by their full address.
    let yizhen = north.entries().iter().find(|e| e.title().as_str() == "重阳节义诊").unwrap();
    let html = yizhen.content().and_then(|c| c.value()).unwrap();
    assert!(html.contains(&format!("src=\"{base}demo/stations/north/media/qr.svg\"")), "{html}");
    // The city's feed: its own post and every county's.
    let city = feed(&workspace, "posts.xml");
    let mut dirs = COUNTY_DIRS.to_vec();
    dirs.push(("posts", ""));
    let want: Vec<String> = expected(&dirs).into_iter().map(|(a, _)| format!("{base}{a}")).collect();
    let got: Vec<&str> = city.entries().iter().map(|e| e.id()).collect();
    assert_eq!(got, want);
    assert_eq!(feed(&workspace, "notices.xml").entries().len(), 2);
}

#[test]
fn the_city_feed_of_cases_holds_every_county_s_cases() {
    let workspace = built();
    let city = feed(&workspace, "cases.xml");
    let mut want: Vec<String> = Vec::new();
    for county in ["demo", "other"] {
        for station in std::fs::read_dir(fixtures_dir().join("valid").join(county).join("stations")).unwrap() {
            let station = station.unwrap().path();
            let Ok(cases) = std::fs::read_dir(station.join("cases")) else { continue };
            for case in cases {
                let stem = case.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned();
                let station_id = station.file_name().unwrap().to_string_lossy().into_owned();
                want.push(format!("https://example.org/portal/{county}/stations/{station_id}/cases/{stem}/"));
            }
        }
    }
    let mut got: Vec<String> = city.entries().iter().map(|e| e.id().to_string()).collect();
    assert!(city.entries().windows(2).all(|w| w[0].updated() >= w[1].updated()), "newest first");
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn a_notice_that_defines_a_session_is_linked_both_ways() {
    let workspace = built();
    let notice_href = "stations/south/posts/2026-11-23-zhuanchang/";
    // The session is one of the station's: in the county's next 14 days, with the notice.
    let home = page_text(&workspace.page("demo/index.html"));
    let day = home.split("<time 2026-11-27>").nth(1).expect("27 November is listed").split('#').next().unwrap();
    assert!(day.contains("[南关联络点](stations/south/)"), "{day}");
    assert!(day.contains(&format!("[关于 11 月 27 日晚专场接待的通知]({notice_href})")), "{day}");
    // On the station's page: its coming sessions and its schedule.
    let station = page_text(&workspace.page("demo/stations/south/index.html"));
    assert!(
        station.contains("[关于 11 月 27 日晚专场接待的通知](../../stations/south/posts/2026-11-23-zhuanchang/)"),
        "{station}"
    );
    // In its calendar, at the hours the notice gives.
    let ics = workspace.page("demo/stations/south/calendar.ics");
    assert!(ics.contains("DTSTART;TZID=Asia/Shanghai:20261127T193000"), "{ics}");
    // And the notice says which session it announces.
    let notice = page_text(&workspace.page(&format!("demo/{notice_href}index.html")));
    assert!(
        notice.contains("2026年11月27日（周五） 19:30–21:30 · [南关联络点](../../../../stations/south/)"),
        "{notice}"
    );
    // The browser's data carries the link too.
    let data = workspace.page("demo/sessions.js");
    assert!(data.contains(&format!("\"n\":[[\"{notice_href}\",\"关于 11 月 27 日晚专场接待的通知\"]")), "{data}");
}

#[test]
fn a_notice_that_names_a_day_links_the_station_s_session() {
    let workspace = built();
    let station = page_text(&workspace.page("demo/stations/north/index.html"));
    // The one-off of 20 December in station.yaml, in the schedule, with the notice.
    let at = station.find("2026年12月20日").expect("the one-off is listed");
    assert!(
        station[at..].contains("[北街联络站 12 月 20 日接待公告](../../posts/2026-11-20-jiedai-gonggao/)"),
        "{station}"
    );
    let notice = page_text(&workspace.page("demo/posts/2026-11-20-jiedai-gonggao/index.html"));
    assert!(
        notice.contains("2026年12月20日（周日） 09:00–11:00 · [北街社区人大代表联络站](../../stations/north/)"),
        "{notice}"
    );
    // A notice naming a day without a session is a warning, and links nothing.
    let workspace = fixture();
    workspace.write(
        "demo/posts/2026-11-21-wrong-day.md",
        "---\ntitle: 日期写错的公告\ndate: 2026-11-21\nstation: north\nsession: 2026-12-27\n---\n正文\n",
    );
    let run = workspace.check();
    assert_eq!(run.code, Some(0), "a warning only: {}", run.stderr);
    assert!(run.stderr.contains("demo/posts/2026-11-21-wrong-day.md"), "{}", run.stderr);
    assert!(run.stderr.contains("公告预告 2026-12-27 的接待，但这个联络站那天没有接待安排"), "{}", run.stderr);
}

#[test]
fn homes_list_the_newest_posts_and_lists_are_paged() {
    let workspace = fixture();
    // 23 more posts of the county, one a day: 27 in all, two pages.
    for day in 1..=23 {
        workspace.write(
            &format!("demo/posts/2025-03-{day:02}.md"),
            &format!("---\ntitle: 第{day}篇\ndate: 2025-03-{day:02}\n---\n正文\n"),
        );
    }
    assert_eq!(workspace.build().code, Some(0));
    let mut dirs = COUNTY_DIRS.to_vec();
    let extra = workspace.content().join("demo/posts");
    let mut want: Vec<(String, String, String)> = Vec::new();
    for (dir, address) in dirs.drain(..) {
        let folder = if dir == "demo/posts" { extra.clone() } else { fixtures_dir().join("posts").join(dir) };
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let w = written(&path);
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            want.push((w.date, format!("{address}posts/{stem}/"), w.title));
        }
    }
    want.sort_by(|a, b| (&b.0, &a.1).cmp(&(&a.0, &b.1)));
    assert_eq!(want.len(), 27);
    // The posts a page lists: its list items that link a post (and give its date), in order.
    let titles_of = |page: &str| -> Vec<String> {
        page_text(&workspace.page(page))
            .lines()
            .filter_map(|l| l.strip_prefix("- ["))
            .filter_map(|l| l.split_once("]("))
            .filter(|(_, rest)| rest.contains("<time "))
            .map(|(title, _)| title.to_string())
            .collect()
    };
    let want_titles: Vec<String> = want.iter().map(|w| w.2.clone()).collect();
    assert_eq!(titles_of("demo/posts/index.html"), want_titles[..20]);
    assert_eq!(titles_of("demo/posts/page/2/index.html"), want_titles[20..]);
    assert!(!workspace.site().join("demo/posts/page/3").exists());
    let first = page_text(&workspace.page("demo/posts/index.html"));
    assert!(first.contains("[下一页](page/2/)"), "{first}");
    let second = page_text(&workspace.page("demo/posts/page/2/index.html"));
    assert!(second.contains("[上一页](../../)") && !second.contains("下一页"), "{second}");
    // The county home shows the five newest and links the list.
    assert_eq!(titles_of("demo/index.html"), want_titles[..5]);
    assert!(page_text(&workspace.page("demo/index.html")).contains("[全部新闻公告（27）](posts/)"));
}

#[test]
fn post_pages_show_their_photos_deputies_and_stations_and_are_found() {
    let workspace = built();
    let page = page_text(&workspace.page("demo/stations/north/posts/2026-10-11-yizhen/index.html"));
    assert!(page.contains("![义诊现场](../../../../stations/north/media/qr.svg)"), "{page}");
    assert!(page.contains("![联络群](../../../../stations/north/media/qr.svg)"), "{page}");
    assert!(page.contains("[宋金峰](../../../../deputies/songjinfeng/)"), "{page}");
    let report = page_text(&workspace.page("demo/posts/2026-09-01-baodao/index.html"));
    assert!(report.contains("[北街社区人大代表联络站](../../stations/north/)"), "{report}");
    assert!(report.contains("示例日报"), "{report}");
    // A city post: its photo published at the site's root, its deputy linked in the county.
    let city = page_text(&workspace.page("posts/2026-11-01-shuhuazhan/index.html"));
    assert!(city.contains("![](../../media/city.svg)"), "{city}");
    assert!(workspace.site().join("media/city.svg").is_file());
    assert!(city.contains("[宋金峰](../../demo/deputies/songjinfeng/)"), "{city}");
    // The portal lists it beside the counties' posts.
    assert!(page_text(&workspace.page("index.html")).contains("[全市书画展开幕](posts/2026-11-01-shuhuazhan/)"));
    // Sitemaps and search.
    assert!(workspace.page("demo/sitemap.xml").contains("demo/stations/north/posts/2026-10-11-yizhen/</loc>"));
    assert!(workspace.page("sitemap-portal.xml").contains("portal/posts/2026-11-01-shuhuazhan/</loc>"));
    let rows: String = std::fs::read_dir(workspace.site().join("demo/search/r"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(rows.contains("[4,\"重阳节义诊\",\"stations/north/posts/2026-10-11-yizhen/\""), "{rows}");
}

#[test]
fn posts_are_deterministic() {
    let a = built();
    let b = built();
    assert_eq!(common::tree(&a.site()), common::tree(&b.site()));
}

#[test]
fn the_sample_content_carries_the_seed_stories_as_posts() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // 004: the leader's 7:30 pm session, announced two days ahead, linked both ways.
    let notice = "stations/yuanjiazhuang/posts/2021-06-28-sundajun-jinzhan-gonggao/";
    let station = page_text(&workspace.page("lishi/stations/yuanjiazhuang/index.html"));
    assert!(station.contains(&format!("(../../{notice})")), "{station}");
    let page = page_text(&workspace.page(&format!("lishi/{notice}index.html")));
    assert!(page.contains("<time 2021-06-28>"), "{page}");
    assert!(
        page.contains(
            "2021年6月30日（周三） 19:30–21:30 · [袁家庄社区人大代表联络站](../../../../stations/yuanjiazhuang/)"
        ),
        "{page}"
    );
    // 000: the evening the 主任会议 went out, on the pages of the stations it names.
    for id in ["xinhuajie", "xinyi", "xingnan", "shamagou"] {
        let page = page_text(&workspace.page(&format!("lishi/stations/{id}/index.html")));
        assert!(page.contains("市人大常委会主任会议成员分别深入离石区社区人大代表联络站点联系群众"), "{id}");
    }
    // 004's 书画展 and 002's 少先队员 on the portal, 003's 义诊 at the station.
    let portal = page_text(&workspace.page("posts/index.html"));
    for title in ["书画展在文水县南安村举行", "80 余名少先队员走进人大代表联络站", "人大代表进联络站为老年人义诊"]
    {
        assert!(portal.contains(title), "{title}: {portal}");
    }
}
