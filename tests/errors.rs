//! Invalid fixtures: each kind of bad input is refused with a clear message (snapshotted
//! as the user sees it on stderr), a non-zero exit, and the previous site untouched.

mod common;

use common::{tree, Workspace};

/// Builds an invalid fixture over a previously built site and returns stderr.
fn refused(case: &str) -> String {
    let workspace = Workspace::new(Some(case));
    std::fs::create_dir_all(workspace.site()).unwrap();
    std::fs::write(workspace.site().join("index.html"), "the previous site").unwrap();
    let before = tree(&workspace.site());

    let run = workspace.build();
    assert_eq!(run.code, Some(1), "{case}: expected exit 1, stderr:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{case} panicked:\n{}", run.stderr);
    assert_eq!(tree(&workspace.site()), before, "{case}: the previous site was changed");
    let check = workspace.check();
    assert_eq!(check.code, Some(1), "{case}: check must fail too");
    check.stderr
}

macro_rules! invalid_fixtures {
    ($($name:ident => $case:literal: [$($expected:literal),*];)*) => {$(
        #[test]
        fn $name() {
            let stderr = refused($case);
            $(assert!(stderr.contains($expected), "{}: stderr lacks {:?}:\n{}", $case, $expected, stderr);)*
            insta::assert_snapshot!($case, stderr);
        }
    )*};
}

invalid_fixtures! {
    unknown_key => "unknown-key": ["不认识的键“shedule”", "station.yaml:15:1", "是不是想写“schedule”"];
    non_ascii_folder => "non-ascii-folder": ["袁家庄", "yuanjiazhuang"];
    bad_file_id => "bad-file-id": ["Parking_2021", "parking-2021"];
    duplicate_deputy_id => "duplicate-deputy-id": ["songjinfeng", "demo/stations/north/deputies.yaml:1", "south/deputies.yaml:1:3"];
    bad_level => "bad-level": ["provincal", "provincial"];
    bad_status => "bad-status": ["“done”", "resolved"];
    resolved_without_date => "resolved-without-date": ["resolved"];
    bad_date => "bad-date": ["2026-02-30", "parking.md:5:11"];
    stars_out_of_range => "stars-out-of-range": ["“6”", "1 到 5"];
    bad_ledger => "bad-ledger": ["办结数 9 大于收集问题数 5", "第 1 行已有", "2025-H3"];
    unknown_deputy => "unknown-deputy": ["songjinfen", "nobody", "wang-hai-rong", "danlihua", "是不是想写“shanlihua”"];
    media_paths => "media-paths": ["../../../../../etc/passwd", "media/missing.jpg"];
    not_utf8 => "not-utf8": ["UTF-8", "GBK"];
    bad_schedule => "bad-schedule": ["every blue moon", "25:00-26:00", "INTERVAL", "每月5日", "“每月上旬”是十天", "逢三逢八", "“下班后”没有说几点", "starts: 2026-12-02", "on_holiday: next_workday"];
    yaml_syntax => "yaml-syntax": ["括号没有配对", "station.yaml:3:38", "3 |   { every: 每周三, time: \"15:00-17:00\" } ]"];
    bad_phone => "bad-phone": ["“电话待定”不是电话号码", "station.yaml:3:19"];
    missing_front_matter => "missing-front-matter": ["visits.md:1:1", "---"];
    missing_station_file => "missing-station-file": ["station.yaml"];
    many_problems_in_one_run => "many-problems": ["stars", "2021-13-01", "WangFang", "gendre", "共 4 个错误"];
    bad_channels => "bad-channels": ["“rd at example.org”不是电子邮箱地址", "“javascript:alert(1)”不是以 http:// 或 https:// 开头的网址", "media/missing.png", "缺少必填的键“name”", "是不是想写“hotline”"];
    bad_staff => "bad-staff": ["“站场”不是可选的值", "是不是想写“站长”", "缺少必填的键“name”", "“电话待定”不是电话号码", "deputies.yaml:5:20"];
    bad_structure => "bad-structure": ["“联络所”不是可选的值", "没有标识为“nrth”的联络站", "是不是想写“north”", "“也许”", "采纳的意见 5 条多于提交的 3 条", "缺少必填的键“draft”"];
    bad_images => "bad-images": ["trees.md:9:10", "找不到文件“media/missing.jpg”", "“https://example.org/p.jpg”在别的网站上", "trees.md:11:44", "警告：HTML 的 <img>", "county.yaml:5:10"];
    // Issue 17: the deputies' record, projects and county and city ledgers.
    bad_record => "bad-record": ["“提案”不是可选的值", "是不是想写“议案”", "“宋金锋”", "是不是想写“songjinfeng”", "状态为“已答复”时需要写“reply”", "“reply”的日期早于“date”", "是不是想写“已办结”", "没有标识为“xibei”的联络站", "“广播”不是可选的值", "demo/voter-reports/talk.md:6:13", "“搁置”不是可选的值", "缺少必填的键“note”", "全市的民生实事不写 deputies", "看不懂统计周期“2023年上旬”", "办结数 9 大于收集问题数 5", "共 13 个错误"];
    english_messages => "english-messages": ["unknown key `shedule`", "did you mean `schedule`?", "1 error(s)"];
    bad_posts => "bad-posts": ["“公吿”不是可选的值", "是不是想写“公告”", "写成 2026-12-01", "没有“nroth”这个联络站", "songjinfen", "不能写 every 或 rrule", "只有公告才能预告接待", "“page”是保留的名称", "缺少必填的键“title”", "media/missing.jpg", "全市的文章（content/posts/）不能写“station”", "bad-notice.md:3:7", "bad-notice.md:5:12"];
}

#[test]
fn an_interrupted_build_leaves_no_staging_folder_and_the_site_intact() {
    // A staging folder left by a build that was killed is cleared by the next one.
    let workspace = Workspace::new(None);
    std::fs::create_dir_all(workspace.dir.path().join(".site.liaison-staging/junk")).unwrap();
    assert_eq!(workspace.build().code, Some(0));
    assert!(!workspace.dir.path().join(".site.liaison-staging").exists());
    assert!(!workspace.site().join("junk").exists());
}

#[test]
fn a_missing_content_folder_is_an_error_not_a_panic() {
    let workspace = Workspace::new(None);
    let run = workspace.run(&["check", "--content", "nowhere"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("nowhere"), "{}", run.stderr);
}

#[test]
fn schedule_warnings_name_the_place_and_do_not_stop_the_build() {
    let workspace = Workspace::new(Some("schedule-warnings"));
    let run = workspace.run(&["check", "--content", "content", "--today", "2027-12-01"]);
    assert_eq!(run.code, Some(0), "warnings alone must not fail:\n{}", run.stderr);
    // 5 Oct is a holiday and the session moved to the 8th: cancelling the 5th does nothing.
    assert!(run.stderr.contains("2026-10-05 这一天本来就没有接待"), "{}", run.stderr);
    assert!(run.stderr.contains("demo/stations/north/station.yaml:32:1"), "{}", run.stderr);
    // From December 2027 the next two months reach into 2028, which no holidays file covers.
    assert!(run.stderr.contains("2028 年的接待日期没有考虑节假日"), "{}", run.stderr);
    insta::assert_snapshot!("schedule-warnings", run.stderr);
    let build = workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2027-12-01"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(build.stderr.contains("警告"));
}

// See: issue 14. `check` tells a clerk what a citizen would miss, in plain words, as
// warnings: a station with nothing but a name (no phone, no schedule, no deputies), a
// deputy who attends no session, and the two entries of 留义 that fall on the same 11th.
#[test]
fn check_warns_about_what_a_citizen_would_miss() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reach");
    let workspace = Workspace::from_dir(&fixture);
    let run = workspace.run(&["check", "--content", "content", "--today", "2026-09-20"]);
    assert_eq!(run.code, Some(0), "warnings alone must not fail:\n{}", run.stderr);
    insta::assert_snapshot!("reach-warnings", run.stderr);
    let warning = |text: &str, place: &str| {
        let at = run.stderr.find(text).unwrap_or_else(|| panic!("no warning {text}:\n{}", run.stderr));
        assert!(run.stderr[at..].lines().nth(1).unwrap().contains(place), "{text} at {place}:\n{}", run.stderr);
    };
    warning("联络站没有写电话：页面上只能显示县人大常委会的电话", "demo/stations/bare/station.yaml");
    warning("联络站一年内没有任何接待安排", "demo/stations/bare/station.yaml");
    warning("联络站没有驻站代表", "demo/stations/bare/deputies.yaml");
    warning("宋星伟一年内没有参加任何接待", "demo/stations/liuyi/deputies.yaml");
    warning("第 11 行的接待与宋金峰的个人接待日（deputies.yaml）时间重合（如 2026-10-12）", "liuyi/station.yaml:11:1");
    assert_eq!(run.stderr.matches("警告：").count(), 6, "{}", run.stderr);
    // The station with nothing but a name still builds; its page offers the county's phone.
    let build = workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-09-20"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    let page = workspace.page("demo/stations/bare/index.html");
    assert!(page.contains("tel:0358-1111111") && page.contains("本站未公布电话"), "{page}");
    // Nothing to subscribe to: no calendar is offered.
    assert!(!page.contains("webcal:") && !page.contains("calendar.ics"), "{page}");
}
