//! Fixture sites that must build: the promised layout, what each page shows, the rules of
//! inheritance, determinism, and the bundled sample content.

mod common;

use common::{page_text, tree, Workspace};

#[test]
fn valid_fixture_builds_into_the_promised_layout() {
    let workspace = Workspace::new(None);
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for page in [
        "index.html",
        "demo/index.html",
        "demo/stations/north/index.html",
        "demo/stations/north/rules/reception/index.html",
        "demo/stations/north/rules/visits/index.html",
        "demo/stations/north/cases/gas/index.html",
        "demo/deputies/songjinfeng/index.html",
        "demo/deputies/wangfang-south/index.html",
        "demo/stations/south/rules/reception/index.html",
        "other/index.html",
        "other/deputies/songjinfeng/index.html",
        "demo/stations/north/media/qr.svg",
        "demo/stations/north/media/song.svg",
        "demo/search/index.html",
        "demo/cases/index.html",
        "demo/stations/north/board/index.html",
        "demo/search/meta.js",
        "other/search/index.html",
    ] {
        assert!(workspace.site().join(page).is_file(), "missing {page}");
    }
    assert!(run.stderr.contains("已生成 33 个页面"), "{}", run.stderr);
}

#[test]
fn pages_show_what_citizens_look_for() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    for (name, page) in [
        ("portal", "index.html"),
        ("county", "demo/index.html"),
        ("station", "demo/stations/north/index.html"),
        ("case", "demo/stations/north/cases/gas/index.html"),
        ("deputy", "demo/deputies/songjinfeng/index.html"),
        ("rule_overridden", "demo/stations/north/rules/reception/index.html"),
        ("rule_inherited", "demo/stations/south/rules/reception/index.html"),
    ] {
        insta::assert_snapshot!(name, page_text(&workspace.page(page)));
    }
}

#[test]
fn a_station_file_of_the_same_name_replaces_the_county_rule() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let north = workspace.page("demo/stations/north/rules/reception/index.html");
    let south = workspace.page("demo/stations/south/rules/reception/index.html");
    assert!(north.contains("北街自己的接待制度"));
    assert!(!north.contains("县级通用的接待制度"));
    assert!(south.contains("县级通用的接待制度"));
    // Both stations still show the county rule nobody overrode.
    assert!(workspace.page("demo/stations/south/index.html").contains("走访选民制度"));
}

#[test]
fn the_same_content_and_day_give_byte_identical_sites() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let first = tree(&workspace.site());
    assert_eq!(
        workspace.run(&["build", "--content", "content", "--out", "again", "--today", common::TODAY]).code,
        Some(0)
    );
    let second = tree(&workspace.dir.path().join("again"));
    assert_eq!(first.len(), second.len());
    for ((path_a, bytes_a), (path_b, bytes_b)) in first.iter().zip(&second) {
        assert_eq!(path_a, path_b);
        assert!(bytes_a == bytes_b, "{path_a} differs between two builds");
    }
}

#[test]
fn english_portals_speak_english() {
    let workspace = Workspace::new(None);
    workspace.write("portal.yaml", "title: Test portal\nbase_url: https://example.org/\nlanguage: en\n");
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("built 33 pages"), "{}", run.stderr);
    let station = workspace.page("demo/stations/north/index.html");
    assert!(station.contains("<html lang=\"en\">"));
    assert!(station.contains("Reception schedule"));
    assert!(station.contains("the 5th of every month"));
    assert!(station.contains("Provincial deputy"));
}

#[test]
fn a_rebuild_replaces_the_previous_site_entirely() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    assert!(workspace.site().join("other/index.html").exists());
    // A county removed from the content leaves the site with the next build.
    std::fs::remove_dir_all(workspace.content().join("other")).unwrap();
    assert_eq!(workspace.build().code, Some(0));
    assert!(!workspace.site().join("other").exists());
    assert!(workspace.site().join("index.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(workspace.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("liaison") && !n.ends_with(".liaison-lock") && !n.contains(".liaison-trash-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

/// Smoke test: the bundled sample content checks clean and builds.
#[test]
fn the_sample_content_builds() {
    let workspace = Workspace::from_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    let check = workspace.check();
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(!check.stderr.contains("警告"), "sample content has warnings:\n{}", check.stderr);
    assert_eq!(workspace.build().code, Some(0));
    let portal = workspace.page("index.html");
    for county in ["离石区", "孝义市", "交口县", "交城县"] {
        assert!(portal.contains(county), "portal lacks {county}");
    }
    assert!(portal.contains("示例"), "the sample portal must say it is a sample");
    let case = workspace.page("xiaoyi/stations/liuyi/cases/tianranqi/index.html");
    assert!(case.contains("280") && case.contains("已办结"));
    let station = workspace.page("lishi/stations/yuanjiazhuang/index.html");
    assert!(station.contains("每月最后一个周五") && station.contains("袁家庄七巷"));
    let roster = workspace.page("jiaocheng/stations/xiying/index.html");
    assert!(roster.contains("值班安排"));
}

#[test]
fn a_user_theme_replaces_one_file_at_a_time() {
    let workspace = Workspace::new(None);
    workspace.write("portal.yaml", "title: 测试门户\nbase_url: https://example.org/portal\ntheme: ./mytheme\n");
    workspace.write(
        "mytheme/templates/rule.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=custom>{{ rule.title }}</h1>{% endblock main %}",
    );
    workspace.write("mytheme/i18n/zh-CN.yaml", "rules: 墙上的制度\n");
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let rule = workspace.page("demo/stations/north/rules/visits/index.html");
    assert!(rule.contains("<h1 class=custom>走访选民制度</h1>"), "the theme's rule template is used");
    let station = workspace.page("demo/stations/north/index.html");
    assert!(station.contains("墙上的制度"), "the theme's string replaces the default one");
    assert!(station.contains("驻站代表"), "the other strings keep their default text");
    assert!(station.contains("下次接待"), "the other templates are the default ones");
    assert!(!workspace.site().join("mytheme").exists(), "a theme folder is not a county");
}

#[test]
fn a_county_rule_keeps_its_text_whatever_characters_it_holds() {
    // County rule pages are filled in per station from one render with private-use
    // stand-ins; a rule that holds such a character itself must come out intact.
    let workspace = Workspace::new(None);
    workspace.write("demo/rules/visits.md", "---\ntitle: 走访选民制度\n---\n符号\u{E000}与\u{E001}照原样显示。\n");
    assert_eq!(workspace.build().code, Some(0));
    for (station, name) in [("north", "北街社区人大代表联络站"), ("south", "南关联络点")] {
        let page = workspace.page(&format!("demo/stations/{station}/rules/visits/index.html"));
        assert!(page.contains("符号\u{E000}与\u{E001}照原样显示"), "{station}: the rule's text is intact");
        assert!(
            page.contains(&format!("href=\"../../../../stations/{station}/\">{name}</a>")),
            "{station}: its own breadcrumb"
        );
    }
}
