//! Figures from the ledgers: each chart shows the numbers of its table, and every level is
//! the sum of the one below (station → county → city).

mod common;

use common::Workspace;
use std::collections::BTreeMap;
use std::path::Path;

/// A figures table: first cell of each body row → the numbers of the row (rate left out).
fn table(html: &str, caption_from: usize) -> (BTreeMap<String, Vec<u64>>, Vec<u64>) {
    let start = caption_from + html[caption_from..].find("<table class=figures-table>").expect("a figures table");
    let table = &html[start..start + html[start..].find("</table>").unwrap()];
    let cells = |row: &str| -> (String, Vec<u64>) {
        let head = row.split("<th scope=row>").nth(1).unwrap().split("</th>").next().unwrap().to_string();
        let numbers = row
            .split("<td>")
            .skip(1)
            .map(|c| c.split("</td>").next().unwrap())
            .filter_map(|c| c.parse().ok())
            .collect();
        (head, numbers)
    };
    let body = table.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    let rows = body.split("<tr>").skip(1).map(cells).collect();
    let total = table.split("<tfoot>").nth(1).map(|f| cells(f.split("<tr>").nth(1).unwrap()).1).unwrap_or_default();
    (rows, total)
}

/// The `data-value`s of a page's charts, by chart and series, in order.
fn chart_values(html: &str) -> Vec<Vec<u64>> {
    let mut charts = Vec::new();
    for svg in html.split("<svg class=chart").skip(1) {
        let svg = svg.split("</svg>").next().unwrap();
        let mut series: Vec<Vec<u64>> = vec![Vec::new(), Vec::new()];
        for bar in svg.split("data-series=").skip(1) {
            let index: usize = bar[..1].parse().unwrap();
            let value = bar.split("data-value=").nth(1).unwrap().split([' ', '>']).next().unwrap().trim_matches('"');
            series[index].push(value.parse().unwrap());
        }
        charts.extend(series);
    }
    charts
}

#[test]
fn charts_show_the_numbers_of_their_tables_and_totals_roll_up() {
    let workspace = Workspace::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    assert_eq!(workspace.build().code, Some(0));
    let mut county_sum: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for station in ["yuanjiazhuang", "xinhuajie"] {
        let html = workspace.page(&format!("lishi/stations/{station}/index.html"));
        let (rows, total) = table(&html, 0);
        assert!(!rows.is_empty(), "{station} has a ledger");
        // The two charts: visits, received; collected, resolved; bar by bar as in the table.
        let charts = chart_values(&html);
        for (column, series) in charts.iter().enumerate() {
            let from_table: Vec<u64> = rows.values().map(|r| r[column]).collect();
            assert_eq!(series, &from_table, "{station}: chart series {column}");
        }
        for (column, sum) in total.iter().enumerate() {
            assert_eq!(*sum, rows.values().map(|r| r[column]).sum::<u64>(), "{station}: total of column {column}");
        }
        for (period, numbers) in rows {
            let entry = county_sum.entry(period).or_insert_with(|| vec![0; numbers.len()]);
            entry.iter_mut().zip(&numbers).for_each(|(a, b)| *a += b);
        }
    }
    let county = workspace.page("lishi/index.html");
    let (county_rows, county_total) = table(&county, 0);
    assert_eq!(county_rows, county_sum, "the county's figures are the sum of its stations'");
    let portal = workspace.page("index.html");
    let (city_rows, _) = table(&portal, 0);
    let xiaoyi = table(&workspace.page("xiaoyi/index.html"), 0).0;
    let mut city_sum = county_rows.clone();
    for (period, numbers) in xiaoyi {
        let entry = city_sum.entry(period).or_insert_with(|| vec![0; numbers.len()]);
        entry.iter_mut().zip(&numbers).for_each(|(a, b)| *a += b);
    }
    assert_eq!(city_rows, city_sum, "the city's figures are the sum of its counties'");
    // The portal's table by county repeats each county's total.
    // The table whose caption says it is by county.
    let caption = portal.find("<caption>各县（市、区）合计</caption>").expect("a table by county");
    let (by_county, _) = table(&portal, portal[..caption].rfind("<table class=figures-table>").unwrap());
    assert_eq!(by_county.get("离石区"), Some(&county_total));
}
