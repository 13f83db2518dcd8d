//! Issue 17: the deputies' record (proposals with replies, reports to voters), 民生实事
//! projects of a county and of the city, and the open data package read back by an
//! independent validator (the `frictionless` Python package).

mod common;

use common::{page_text, Workspace};
use std::path::Path;
use std::process::Command;

/// The valid fixture with one of each new kind, written as a clerk would (Chinese words,
/// names for ids, dates in Chinese).
fn workspace() -> Workspace {
    let workspace = Workspace::new(None);
    workspace.write(
        "demo/proposals/old.md",
        "---\ntitle: 关于修缮村道的建议\nkind: 建议\nnumber: 第12号\ndate: 2020年1月10日\nsession: 省十三届人大三次会议\ndeputies: [宋金峰]\nstatus: 已办结\nreply: { date: 2020-05-01, unit: 省交通运输厅, text: 已列入计划 }\n---\n建议修缮村道。\n",
    );
    workspace.write(
        "demo/proposals/new.md",
        "---\ntitle: 关于增设公交站的议案\nkind: 议案\ndate: 2021-03-01\ndeputies: [songjinfeng, 王海荣]\nstatus: 已交办\n---\n",
    );
    workspace.write(
        "demo/voter-reports/2022.md",
        "---\ndate: 2022/6/15\nstation: north\ndeputies: [宋金峰]\nform: 口头\nattendance: 36\nreview: 满意\n---\n一年来的履职情况。\n",
    );
    workspace.write(
        "demo/projects/road.md",
        "---\ntitle: 村道硬化\nstatus: 实施中\nunit: 县交通局\ndeputies: [宋金峰]\nsteps:\n  - { date: 2021-06-01, note: 开工 }\n  - { date: 2021-05-01, note: 立项 }\n---\n",
    );
    workspace.write("projects/city.md", "---\ntitle: 全市民生实事征集\nstatus: 征集中\nyear: 2023\n---\n");
    workspace.write(
        "demo/stats.yaml",
        "- period: 2023年以来\n  by: 领导干部\n  leader_visits: 12\n  forwarded: 3\n- period: 2025-H1\n  home_visits: 40\n",
    );
    workspace.write(
        "stats.yaml",
        "- period: 2023年上半年\n  deputy_visits: 7164\n  issues_collected: 4344\n  issues_resolved: 3589\n",
    );
    workspace
}

#[test]
fn a_deputy_page_shows_the_record_newest_first_and_the_county_lists_proposals_by_status() {
    let workspace = workspace();
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let deputy = page_text(&workspace.page("demo/deputies/songjinfeng/index.html"));
    let record = &deputy[deputy.find("履职记录").expect("a record section")..];
    let at = |text: &str| record.find(text).unwrap_or_else(|| panic!("{text} in the record:\n{record}"));
    // Newest first: the 2022 report, the 2021 motion, the 2020 proposal with its reply.
    assert!(at("向选民述职") < at("关于增设公交站的议案"));
    assert!(at("关于增设公交站的议案") < at("关于修缮村道的建议"));
    for text in
        ["口头述职", "到场选民 36", "评议：满意", "已交办", "第12号", "省交通运输厅", "已列入计划", "2020年5月1日"]
    {
        at(text);
    }
    // The co-proposer's page shows the motion, not the others'.
    let wang = page_text(&workspace.page("demo/deputies/wanghairong/index.html"));
    assert!(wang.contains("关于增设公交站的议案") && !wang.contains("关于修缮村道的建议"));

    let proposals = page_text(&workspace.page("demo/proposals/index.html"));
    let assigned = proposals.find("已交办 (1)").expect("a group of assigned proposals");
    let resolved = proposals.find("已办结 (1)").expect("a group of resolved proposals");
    assert!(assigned < resolved && proposals.find("关于增设公交站的议案").unwrap() < resolved);
    assert!(proposals.find("关于修缮村道的建议").unwrap() > resolved);
    assert!(
        workspace.page("demo/index.html").contains("href=\"proposals/\">代表建议和议案</a>"),
        "the county home links the page"
    );

    let projects = page_text(&workspace.page("demo/projects/index.html"));
    assert!(projects.contains("实施中") && projects.contains("责任单位：县交通局"));
    assert!(projects.find("立项").unwrap() < projects.find("开工").unwrap(), "steps oldest first");
    let city = page_text(&workspace.page("projects/index.html"));
    assert!(city.contains("全市民生实事征集") && city.contains("征集中") && city.contains("村道硬化"));
}

/// Validates a data package with the `frictionless` Python package; its report.
fn frictionless(package: &Path) -> String {
    let script = "import sys, frictionless\nr = frictionless.validate(sys.argv[1])\nprint('VALID' if r.valid else 'INVALID')\nfor t in r.tasks:\n    for e in t.errors:\n        print(t.name, e.type, e.message)\n";
    let out = Command::new("python3").args(["-c", script]).arg(package).output().expect(
        "python3 is needed: install python3 and `python3 -m pip install frictionless` (scripts/test does, as root)",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named 'frictionless'"),
        "the frictionless package is needed: python3 -m pip install frictionless (scripts/test installs it as root)"
    );
    String::from_utf8_lossy(&out.stdout).into_owned() + &stderr
}

#[test]
fn every_data_package_is_valid_for_an_independent_validator_and_a_broken_one_is_not() {
    let sample = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    assert_eq!(sample.build().code, Some(0));
    let fixture = workspace();
    assert_eq!(fixture.build().code, Some(0));
    for (workspace, sets) in [
        (&sample, vec!["data", "lishi/data", "xiaoyi/data", "jiaocheng/data", "jiaokou/data"]),
        (&fixture, vec!["data", "demo/data", "other/data"]),
    ] {
        for set in sets {
            let report = frictionless(&workspace.site().join(set).join("datapackage.json"));
            assert!(report.starts_with("VALID\n") && report.lines().count() == 1, "{set}:\n{report}");
        }
    }
    // The validator does check: a deputy at a station that is not there breaks a foreign key,
    // a word that is not a status breaks an enum.
    let data = fixture.site().join("demo/data");
    let deputies = std::fs::read_to_string(data.join("deputies.csv")).unwrap();
    std::fs::write(data.join("deputies.csv"), deputies.replacen(",north,", ",nowhere,", 1)).unwrap();
    let proposals = std::fs::read_to_string(data.join("proposals.csv")).unwrap();
    std::fs::write(data.join("proposals.csv"), proposals.replacen(",assigned,", ",pending,", 1)).unwrap();
    let report = frictionless(&data.join("datapackage.json"));
    assert!(report.starts_with("INVALID"), "{report}");
    assert!(report.contains("foreign-key") && report.contains("constraint-error"), "{report}");
}

#[test]
fn open_data_holds_the_record_and_the_ledgers_with_null_for_every_empty_value() {
    let workspace = workspace();
    assert_eq!(workspace.build().code, Some(0));
    let proposals: serde_json::Value = serde_json::from_str(&workspace.page("demo/data/proposals.json")).unwrap();
    let old = proposals.as_array().unwrap().iter().find(|p| p["id"] == "old").unwrap();
    assert_eq!(old["date"], "2020-01-10");
    assert_eq!(old["status"], "resolved");
    assert_eq!(old["reply_unit"], "省交通运输厅");
    assert_eq!(old["deputies"], serde_json::json!(["songjinfeng"]));
    let new = proposals.as_array().unwrap().iter().find(|p| p["id"] == "new").unwrap();
    assert_eq!(new["number"], serde_json::Value::Null);
    assert_eq!(new["deputies"], serde_json::json!(["songjinfeng", "wanghairong"]));
    let steps = workspace.page("demo/data/project_steps.csv");
    assert!(steps.contains("road,1,2021-05-01,立项") && steps.contains("road,2,2021-06-01,开工"));
    let stats = workspace.page("data/stats.csv");
    assert!(stats.contains(",city,,deputies,2023-H1,half,7164,,,,4344,,3589"), "{stats}");
    assert!(stats.contains("demo,county,,leaders,since 2023,since,,12,,,,3,"), "{stats}");
    assert!(workspace.page("demo/data/sessions.csv").lines().count() > 10, "a year of sessions");
    // Empty is null in JSON, never "".
    for set in ["data", "demo/data", "other/data"] {
        for entry in std::fs::read_dir(workspace.site().join(set)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") && !path.ends_with("datapackage.json") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains(": \"\"") && !text.contains(": []"),
                    "{}: an empty value not null",
                    path.display()
                );
            }
        }
    }
}
