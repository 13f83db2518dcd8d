//! Issue 15: closed values, dates, phones, deputies and keys as clerks write them: the words
//! the site shows (in both languages), Chinese key names, dates with 年月日 or slashes,
//! full-width and labelled phones, and a deputy named by name.

mod common;

use common::Workspace;

/// A station written with the site's own words everywhere checks clean and shows the
/// values they stand for.
#[test]
fn the_words_the_site_shows_are_accepted() {
    let workspace = Workspace::new(None);
    workspace.write(
        "demo/stations/clerk/station.yaml",
        "名称: 集镇联络站\n类型: 代表联络站\n节假日: 顺延\n成立时间: 2016年5月4日\n联系方式:\n  电话: ０３５８－１２３４５６７（办公室）、13800000000（李主任）\nschedule:\n  - every: 每周三\n    time: 上午\n    who: 全体代表\n",
    );
    workspace.write(
        "demo/stations/clerk/deputies.yaml",
        "- 姓名: 李文华\n  代表层级: 省人大代表、市人大代表\n  电话:\n    办公室: 0358-7654321\n    手机: 13900000000\n- name: 赵红\n  level: [乡镇人大代表]\n",
    );
    workspace.write(
        "demo/stations/clerk/cases/road.md",
        "---\ntitle: 修路\nstatus: 已办结\n受理日期: 2026/6/1\nresolved: 2026.12.5\ndeputies: [宋金峰, 李文华]\nsteps:\n  - { date: 2026-6-1, step: 群众反映 }\n  - { date: 2026年12月5日, step: 办结 }\n---\n修好了。\n",
    );
    workspace.write(
        "demo/stations/clerk/cases/well.md",
        "---\ntitle: 打井\nstatus: In progress\nreceived: 2026-11-02\n---\n在办。\n",
    );
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-12-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("错误"), "{}", run.stderr);
    let station = workspace.page("demo/stations/clerk/index.html");
    assert!(station.contains("tel:0358-1234567"), "the first number is dialled");
    assert!(station.contains("集镇联络站"));
    let case = common::page_text(&workspace.page("demo/stations/clerk/cases/road/index.html"));
    assert!(case.contains("已办结"), "{case}");
    assert!(case.contains("宋金峰") && case.contains("李文华"), "deputies named by name: {case}");
    assert!(case.contains("2026"), "{case}");
    let deputy = common::page_text(&workspace.page("demo/deputies/liwenhua/index.html"));
    assert!(deputy.contains("省人大代表") && deputy.contains("市人大代表"), "{deputy}");
}

/// Values that are still wrong are refused with what to write (snapshot).
#[test]
fn what_is_still_refused_says_what_to_write() {
    let workspace = Workspace::new(None);
    workspace.write(
        "demo/stations/clerk/station.yaml",
        "name: 集镇联络站\nkind: 代表联络所\non_holiday: 顺眼\ncontact:\n  电话: 0358-1234567、电话待定\n",
    );
    workspace.write(
        "demo/stations/clerk/deputies.yaml",
        "- name: 王芳\n  id: wangfang2\n  level: 省人大\n  reception: 每月11日\n- name: 李强\n  level: 县人大代表\n  reception: 每月5日（遇节假日顺延） 9:00-11:00\n",
    );
    workspace.write(
        "demo/stations/clerk/cases/road.md",
        "---\ntitle: 修路\nstatus: 已完结\nreceived: 2026-13-01\nresolved: 20261205\ndeputies: [王芳, 宋金锋]\n---\n修好了。\n",
    );
    let run = workspace.check();
    assert_eq!(run.code, Some(1));
    for expected in [
        "本县（市、区）有 2 位代表叫“王芳”",
        "wangfang2 或 wangfang-south",
        "是不是想写“songjinfeng”",
        "是不是想写“已办结”",
        "写成 2026-12-05",
    ] {
        assert!(run.stderr.contains(expected), "{expected:?} missing:\n{}", run.stderr);
    }
    insta::assert_snapshot!("clerk-values", run.stderr);
}

/// The labels of the theme's own interface strings (`themes/default/i18n/<lang>.yaml`),
/// which the pages show, are accepted as the values they label, in both languages: each
/// status, step, level and station kind, read back from the built pages.
#[test]
fn every_label_the_site_shows_reads_back_as_its_value() {
    let strings = |lang: &str| -> std::collections::BTreeMap<String, String> {
        let path = format!("{}/themes/default/i18n/{lang}.yaml", env!("CARGO_MANIFEST_DIR"));
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let zh = strings("zh-CN");
    let statuses = ["received", "forwarded", "in_progress", "resolved", "unresolved"];
    let steps = ["received", "answered", "registered", "sorted", "forwarded", "resolved", "feedback", "rated"];
    let levels = ["national", "provincial", "city", "county", "township"];
    let workspace = Workspace::new(None);
    let mut deputies = String::new();
    for lang in ["zh-CN", "en"] {
        let words = strings(lang);
        let tag = lang.to_lowercase();
        for key in statuses {
            let case = format!(
                "---\ntitle: 状态\nstatus: {}\nreceived: 2026-01-01\nresolved: 2026-02-01\n---\n正文\n",
                words[&format!("status_{key}")]
            );
            workspace.write(&format!("demo/stations/words/cases/s-{}-{tag}.md", key.replace('_', "-")), &case);
        }
        for key in steps {
            let case = format!(
                "---\ntitle: 步骤\nstatus: resolved\nreceived: 2026-01-01\nresolved: 2026-02-01\nsteps:\n  - {{ date: 2026-01-01, step: \"{}\", to: 县住建局, rating: 5 }}\n---\n正文\n",
                words[&format!("step_{key}")]
            );
            workspace.write(&format!("demo/stations/words/cases/t-{key}-{tag}.md"), &case);
        }
        for key in levels {
            deputies +=
                &format!("- name: 代表\n  id: lv-{key}-{tag}\n  level: \"{}\"\n", words[&format!("level_{key}")]);
        }
        for (i, key) in ["station", "point"].into_iter().enumerate() {
            let station = format!("name: 站{i}\nkind: \"{}\"\n", words[key]);
            workspace.write(&format!("demo/stations/kind-{key}-{tag}/station.yaml"), &station);
        }
    }
    workspace.write("demo/stations/words/station.yaml", "name: 词语站\n");
    workspace.write("demo/stations/words/deputies.yaml", &deputies);
    let run = workspace.run(&["build", "--content", "content", "--out", "site", "--today", "2026-12-01"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for tag in ["zh-cn", "en"] {
        for key in statuses {
            let page =
                workspace.page(&format!("demo/stations/words/cases/s-{}-{tag}/index.html", key.replace('_', "-")));
            assert!(common::page_text(&page).contains(&zh[&format!("status_{key}")]), "status {key} ({tag})");
        }
        for key in steps {
            let page = workspace.page(&format!("demo/stations/words/cases/t-{key}-{tag}/index.html"));
            assert!(common::page_text(&page).contains(&zh[&format!("step_{key}")]), "step {key} ({tag})");
        }
        for key in levels {
            let page = workspace.page(&format!("demo/deputies/lv-{key}-{tag}/index.html"));
            assert!(common::page_text(&page).contains(&zh[&format!("level_{key}")]), "level {key} ({tag})");
        }
    }
    let open_data = std::fs::read_to_string(workspace.site().join("demo/data/stations.csv")).unwrap();
    for tag in ["zh-cn", "en"] {
        for key in ["station", "point"] {
            let row = open_data.lines().find(|l| l.contains(&format!("kind-{key}-{tag}"))).unwrap();
            assert!(row.contains(&format!(",{key},")), "kind {key} ({tag}): {row}");
        }
    }
}
