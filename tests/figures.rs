//! Figures from the ledgers: each chart shows the numbers of its table, each table holds one
//! kind of period, every rate is computed from the row beside it, and every level is the sum
//! of the ledgers below plus its own (station → county → city), summed here from the
//! content's `stats.yaml` files read by this test.

mod common;

use common::Workspace;
use std::collections::BTreeMap;
use std::path::Path;

/// Column heading → metric.
const METRICS: &[(&str, &str)] = &[
    ("代表进站人次", "deputy_visits"),
    ("领导干部进站人次", "leader_visits"),
    ("接待群众人次", "citizens_received"),
    ("走访群众人次", "home_visits"),
    ("收集问题", "issues_collected"),
    ("交办", "forwarded"),
    ("办结", "issues_resolved"),
];

/// Caption → row heading → metric → number (a – cell is left out).
type Tables = BTreeMap<String, BTreeMap<String, BTreeMap<String, u64>>>;

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    Some(&text[from..from + text[from..].find(end)?])
}

fn metric_of(heading: &str) -> &'static str {
    METRICS.iter().find(|(h, _)| *h == heading).map(|(_, m)| *m).unwrap_or_else(|| panic!("column {heading}"))
}

/// Every figures table of a page, checked on the way: each rate is resolved ÷ collected of
/// its row, each total the sum of the rows, each chart bar the number of its table cell.
fn tables(html: &str) -> Tables {
    let mut out = Tables::new();
    let parts: Vec<&str> = html.split("<table class=figures-table>").collect();
    for (i, part) in parts.iter().enumerate().skip(1) {
        let table = &part[..part.find("</table>").unwrap()];
        let caption = between(table, "<caption>", "</caption>").unwrap().to_string();
        // The charts of a table stand between the table before it and its own.
        let before = parts[i - 1];
        let charts = before.rsplit("</table>").next().unwrap();
        let head: Vec<&str> = between(table, "<thead>", "</thead>")
            .unwrap()
            .split("<th scope=col>")
            .skip(1)
            .map(|c| c.split("</th>").next().unwrap())
            .collect();
        let parse_row = |row: &str| -> (String, BTreeMap<String, u64>, String) {
            let label = between(row, "<th scope=row>", "</th>").unwrap().to_string();
            let cells: Vec<&str> = row.split("<td>").skip(1).map(|c| c.split("</td>").next().unwrap()).collect();
            let rate = cells.last().unwrap().to_string();
            let numbers = head[1..head.len() - 1]
                .iter()
                .zip(&cells)
                .filter_map(|(h, c)| Some((metric_of(h).to_string(), c.parse().ok()?)))
                .collect();
            (label, numbers, rate)
        };
        let mut rows = BTreeMap::new();
        for row in between(table, "<tbody>", "</tbody>").unwrap().split("<tr>").skip(1) {
            let (label, numbers, rate) = parse_row(row);
            let expected_rate = match (numbers.get("issues_collected"), numbers.get("issues_resolved")) {
                (Some(c), Some(r)) if *c > 0 => format!("{:.1}%", 100.0 * *r as f64 / *c as f64),
                _ => "–".to_string(),
            };
            assert_eq!(rate, expected_rate, "{caption} {label}: the rate of the row");
            rows.insert(label, numbers);
        }
        if let Some(foot) = between(table, "<tfoot>", "</tfoot>") {
            let (_, total, _) = parse_row(foot);
            for (metric, sum) in &total {
                let expected: u64 = rows.values().filter_map(|r| r.get(metric)).sum();
                assert_eq!(*sum, expected, "{caption}: total of {metric}");
            }
        }
        // Each bar: `<title>{period} {metric heading} {value}</title>`.
        for bar in charts.split("data-value=").skip(1) {
            let title = between(bar, "<title>", "</title>").unwrap();
            let words: Vec<&str> = title.split(' ').collect();
            let (period, heading, value) = (words[0], words[1], words[2].parse::<u64>().unwrap());
            assert_eq!(rows[period].get(metric_of(heading)), Some(&value), "{caption}: bar {title}");
        }
        assert!(out.insert(caption.clone(), rows).is_none(), "one table per caption: {caption}");
    }
    out
}

/// The caption and row heading the site gives a period as the sample content writes it.
fn period_place(group: &str, period: &str) -> (String, String) {
    let (kind, label) = if let Some(year) = period.strip_suffix("年以来") {
        ("累计（自某年起至统计时）", format!("{year}年以来"))
    } else if let Some((year, half)) = period.split_once("-H") {
        ("按半年", format!("{year}年{}", if half == "1" { "上半年" } else { "下半年" }))
    } else if period.ends_with("上半年") || period.ends_with("下半年") {
        ("按半年", period.to_string())
    } else if period.len() == 4 {
        ("按年", format!("{period}年"))
    } else {
        panic!("a period the sample does not use: {period}")
    };
    (format!("{group}：{kind}"), label)
}

/// A `stats.yaml` read line by line (the sample's plain `key: value` rows), into the
/// tables it adds to.
fn add_ledger(path: &Path, into: &mut Tables) {
    let Ok(text) = std::fs::read_to_string(path) else { return };
    let mut rows: Vec<BTreeMap<String, String>> = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap().trim_end();
        let Some((key, value)) = line.trim_start_matches([' ', '-']).split_once(':') else { continue };
        if line.trim_start().starts_with('-') {
            rows.push(BTreeMap::new());
        }
        rows.last_mut().unwrap().insert(key.trim().to_string(), value.trim().to_string());
    }
    for row in rows {
        let group = match row.get("by").map(String::as_str) {
            None | Some("五级人大代表") => "人大代表",
            Some("市县两级领导干部") => "领导干部进站",
            Some(other) => panic!("a group the sample does not use: {other}"),
        };
        let (caption, label) = period_place(group, &row["period"]);
        let numbers = into.entry(caption).or_default().entry(label).or_default();
        for (_, metric) in METRICS {
            if let Some(value) = row.get(*metric) {
                *numbers.entry(metric.to_string()).or_default() += value.parse::<u64>().unwrap();
            }
        }
    }
}

fn county_sum(content: &Path, county: &str) -> Tables {
    let mut sum = Tables::new();
    add_ledger(&content.join(county).join("stats.yaml"), &mut sum);
    let mut stations: Vec<_> =
        std::fs::read_dir(content.join(county).join("stations")).unwrap().map(|e| e.unwrap().path()).collect();
    stations.sort();
    for station in stations {
        add_ledger(&station.join("stats.yaml"), &mut sum);
    }
    sum
}

#[test]
fn charts_show_the_numbers_of_their_tables_and_every_level_sums_the_content() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let workspace = Workspace::from_dir(&content);
    assert_eq!(workspace.build().code, Some(0));
    for station in ["yuanjiazhuang", "xinhuajie"] {
        let mut expected = Tables::new();
        add_ledger(&content.join(format!("lishi/stations/{station}/stats.yaml")), &mut expected);
        assert_eq!(tables(&workspace.page(&format!("lishi/stations/{station}/index.html"))), expected, "{station}");
    }
    let mut city = Tables::new();
    add_ledger(&content.join("stats.yaml"), &mut city);
    for county in ["lishi", "xiaoyi", "jiaocheng", "jiaokou"] {
        let expected = county_sum(&content, county);
        let page = workspace.page(&format!("{county}/index.html"));
        if expected.is_empty() {
            assert!(!page.contains("figures-table"), "{county} has no figures");
            continue;
        }
        assert_eq!(tables(&page), expected, "{county}: its stations' ledgers and its own");
        for (caption, rows) in expected {
            for (label, numbers) in rows {
                let sum = city.entry(caption.clone()).or_default().entry(label).or_default();
                for (metric, n) in numbers {
                    *sum.entry(metric).or_default() += n;
                }
            }
        }
    }
    let portal = workspace.page("index.html");
    let mut shown = tables(&portal);
    // The tables by county: each county's total over the periods of one kind.
    let by_county: Tables =
        shown.clone().into_iter().filter(|(caption, _)| caption.starts_with("各县（市、区）合计")).collect();
    shown.retain(|caption, _| !caption.starts_with("各县（市、区）合计"));
    assert_eq!(shown, city, "the city's figures are its counties' and its own");
    let lishi = county_sum(&content, "lishi");
    let half_years = by_county.iter().find(|(c, _)| c.contains("人大代表：按半年")).expect("halves by county").1;
    let mut lishi_total: BTreeMap<String, u64> = BTreeMap::new();
    for numbers in lishi["人大代表：按半年"].values() {
        for (metric, n) in numbers {
            *lishi_total.entry(metric.clone()).or_default() += n;
        }
    }
    assert_eq!(half_years.get("离石区"), Some(&lishi_total));
    // A year is never a row among half-years, and a running total is never summed.
    assert!(!shown["人大代表：按半年"].contains_key("2025年"));
    let running = between(&portal, "人大代表：累计（自某年起至统计时）</caption>", "</table>").unwrap();
    assert!(!running.contains("<tfoot>"), "running totals overlap: no total row");
}
