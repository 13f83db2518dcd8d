//! Issue 15: `liaison import` of a deputy roster. The sheets in `fixtures/import/` were
//! written by openpyxl, xlwt, odfpy and Python's csv module (`make.py`), which also wrote
//! `expected.json`: what each deputy must read back as, independently of calamine.

mod common;

use common::{fixtures_dir, Workspace};
use std::path::Path;

const STATION: &str = "demo/stations/hongxiang";

/// The valid fixture with a station that has no deputies yet, and the sheets beside it.
fn workspace() -> Workspace {
    let workspace = Workspace::new(None);
    workspace.write(
        &format!("{STATION}/station.yaml"),
        "name: 洪相镇人大代表联络站\ntownship: 洪相镇\ncontact: { phone: \"0358-0000000\" }\nschedule:\n  - every: 每月15日\n    time: \"09:00-12:00\"\n",
    );
    for entry in std::fs::read_dir(fixtures_dir().join("import")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, workspace.dir.path().join(path.file_name().unwrap())).unwrap();
    }
    workspace
}

fn deputies_file(workspace: &Workspace) -> std::path::PathBuf {
    workspace.content().join(STATION).join("deputies.yaml")
}

/// The deputies.yaml as plain YAML (serde_yaml, not liaison's reader).
fn read_back(path: &Path) -> Vec<serde_yaml::Mapping> {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text_of(mapping: &serde_yaml::Mapping, key: &str) -> Option<String> {
    mapping.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

#[test]
fn each_kind_of_sheet_comes_in_with_the_values_of_its_cells() {
    let expected: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("import/expected.json")).unwrap()).unwrap();
    for file in ["roster.xlsx", "roster.xls", "roster.ods", "roster-gbk.csv", "roster-bom.csv"] {
        let workspace = workspace();
        let run = workspace.run(&["import", file, "--station", "demo/hongxiang"]);
        assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
        assert!(run.stderr.contains("4 名代表"), "{file}: {}", run.stderr);
        let deputies = read_back(&deputies_file(&workspace));
        assert_eq!(deputies.len(), expected.len(), "{file}");
        for (deputy, want) in deputies.iter().zip(&expected) {
            for key in ["name", "gender", "level", "position", "constituency", "phone"] {
                assert_eq!(text_of(deputy, key).as_deref(), want[key].as_str(), "{file}: {key} of {}", want["name"]);
            }
            let villages: Vec<String> = deputy
                .get("responsible_for")
                .and_then(|v| v.as_sequence())
                .map(|s| s.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            let want_villages: Vec<String> =
                want["responsible_for"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
            assert_eq!(villages, want_villages, "{file}");
        }
        // What liaison makes of it: ids from the names, and a clean check.
        let loaded = liaison::load::load(&workspace.content()).unwrap();
        let station = loaded.site.counties.iter().flat_map(|c| &c.stations).find(|s| s.id == "hongxiang").unwrap();
        let ids: Vec<&str> = station.deputies.iter().map(|d| d.id.as_str()).collect();
        let want_ids: Vec<&str> = expected.iter().map(|e| e["id"].as_str().unwrap()).collect();
        assert_eq!(ids, want_ids, "{file}");
        let check = workspace.check();
        assert_eq!(check.code, Some(0), "{file}: {}", check.stderr);
        assert!(!check.stderr.contains("错误："), "{file}: {}", check.stderr);
    }
}

#[test]
fn bad_rows_are_reported_at_their_cells_and_nothing_is_written() {
    for (file, snapshot) in [("bad.xlsx", "import-bad-xlsx"), ("bad-gbk.csv", "import-bad-csv")] {
        let workspace = workspace();
        let run = workspace.run(&["import", file, "--station", "demo/hongxiang"]);
        assert_eq!(run.code, Some(1), "{file}");
        assert!(!deputies_file(&workspace).exists(), "{file}: nothing may be written");
        insta::assert_snapshot!(snapshot, run.stderr);
    }
}

/// A file name typed wrong is said as such, not as a sheet to save again.
#[test]
fn a_missing_file_is_named_as_missing() {
    let workspace = workspace();
    let run = workspace.run(&["import", "名册.xlsx", "--station", "demo/hongxiang"]);
    assert_ne!(run.code, Some(0));
    assert!(run.stderr.contains("找不到表格文件“名册.xlsx”"), "{}", run.stderr);
    assert!(!run.stderr.contains("另存为"), "{}", run.stderr);
    assert!(!deputies_file(&workspace).exists());
}

#[test]
fn a_roster_is_replaced_only_with_force_keeping_what_the_sheet_does_not_hold() {
    let workspace = workspace();
    let old = "- name: 张三\n  level: county\n  reception: 每月11日 14:30-17:30\n  bio: |\n    第一段。\n\n    第二段。\n- name: 离任代表\n  level: township\n";
    std::fs::write(deputies_file(&workspace), old).unwrap();
    let run = workspace.run(&["import", "roster.xlsx", "--station", "demo/hongxiang"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(deputies_file(&workspace)).unwrap(), old);

    let run = workspace.run(&["import", "roster.xlsx", "--station", "demo/hongxiang", "--force"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let deputies = read_back(&deputies_file(&workspace));
    let names: Vec<String> = deputies.iter().filter_map(|d| text_of(d, "name")).collect();
    assert_eq!(names, ["张三", "李四", "赵六", "曾小七"]);
    assert_eq!(text_of(&deputies[0], "level").as_deref(), Some("省人大代表、县人大代表"));
    assert_eq!(text_of(&deputies[0], "reception").as_deref(), Some("每月11日 14:30-17:30"));
    assert_eq!(text_of(&deputies[0], "bio").as_deref(), Some("第一段。\n\n第二段。\n"));
    assert_eq!(workspace.check().code, Some(0));
}

#[test]
fn a_county_roster_goes_to_the_stations_its_column_names() {
    let workspace = workspace();
    let csv = "姓名,代表层级,所属联络站\r\n张三,县人大代表,洪相镇人大代表联络站\r\n李四,乡镇人大代表,洪相镇\r\n王五,县人大代表,没有这个站\r\n";
    std::fs::write(workspace.dir.path().join("county.csv"), csv).unwrap();
    let run = workspace.run(&["import", "county.csv", "--county", "demo"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("county.csv:4:C（所属联络站）"), "{}", run.stderr);
    assert!(!deputies_file(&workspace).exists());
    let csv = csv.lines().take(3).collect::<Vec<_>>().join("\r\n");
    std::fs::write(workspace.dir.path().join("county.csv"), csv).unwrap();
    let run = workspace.run(&["import", "county.csv", "--county", "demo"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(read_back(&deputies_file(&workspace)).len(), 2);
}

/// Seed 001: 西营镇's 84 deputies (docs/samples/xiying-roster.xlsx) come into the sample
/// station with one command, over the six it lists, and the site builds with all of them.
#[test]
fn the_84_deputies_of_xiying_come_in_with_one_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = Workspace::from_dir(&root.join("content"));
    let sheet = root.join("docs/samples/xiying-roster.xlsx");
    let run = workspace.run(&["import", sheet.to_str().unwrap(), "--station", "西营镇", "--force"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let deputies = read_back(&workspace.content().join("jiaocheng/stations/xiying/deputies.yaml"));
    assert_eq!(deputies.len(), 84);
    assert_eq!(text_of(&deputies[0], "name").as_deref(), Some("孙建刚"));
    assert_eq!(text_of(&deputies[83], "name").as_deref(), Some("示例代表84"));
    let build = workspace.build();
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(!build.stderr.contains("错误："), "{}", build.stderr);
    let station = workspace.page("jiaocheng/stations/xiying/index.html");
    assert!(station.contains("示例代表84") && station.contains("孙建刚"));
    assert!(workspace.site().join("jiaocheng/deputies/shilidaibiao84/index.html").is_file());
}

/// A ledger sheet (台账) goes into the station's stats.yaml, its periods in the format's words.
#[test]
fn a_ledger_sheet_becomes_the_station_s_stats() {
    let workspace = workspace();
    let run = workspace.run(&["import", "ledger.xlsx", "--station", "demo/hongxiang"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("import/expected-ledger.json")).unwrap())
            .unwrap();
    let written: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(workspace.content().join(STATION).join("stats.yaml")).unwrap())
            .unwrap();
    let written: serde_json::Value = serde_json::to_value(written).unwrap();
    assert_eq!(written, expected);
    assert_eq!(workspace.check().code, Some(0));
    // A bad row: nothing written over the good ledger, each cell named.
    std::fs::write(
        workspace.dir.path().join("bad.csv"),
        "时间,代表进站人次,接待群众人次,收集问题,办结\r\n去年,1,2,3,4\r\n",
    )
    .unwrap();
    let run = workspace.run(&["import", "bad.csv", "--station", "demo/hongxiang", "--force"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("bad.csv:2:A（时间）") && run.stderr.contains("bad.csv:2:E（办结）"), "{}", run.stderr);
    let after: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(workspace.content().join(STATION).join("stats.yaml")).unwrap())
            .unwrap();
    assert_eq!(serde_json::to_value(after).unwrap(), expected);
}
