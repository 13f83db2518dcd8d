//! A ledger sheet (台账) into a station's `stats.yaml`: one row per period, with the four
//! counts (代表进站人次, 接待群众人次, 收集问题, 办结). Periods are taken as clerks write them
//! (2023年上半年, 2023年第一季度, 2023年5月) and written as the format's (2023-H1, 2023-Q1,
//! 2023-05).

use super::columns::{cell, header_cells};
use super::sheet::Row;
use crate::load::fold_word;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The keys of `stats.yaml`, and the headers that name each.
const HEADERS: &[(&str, &[&str])] = &[
    ("period", &["时间", "期间", "时段", "统计期间", "统计时间", "年度", "月份", "季度", "时期", "period"]),
    ("deputy_visits", &["代表进站人次", "进站人次", "代表进站", "代表进站次数", "deputy_visits"]),
    ("citizens_received", &["接待群众人次", "接待群众", "接待人次", "接待选民人次", "citizens_received"]),
    ("issues_collected", &["收集问题", "收集问题数", "收集意见建议", "收集问题建议", "问题数", "issues_collected"]),
    ("issues_resolved", &["办结", "办结数", "解决问题", "协调解决问题", "已办结", "办结问题", "issues_resolved"]),
];

/// A column of a ledger: its index, its header, and the key it fills.
pub struct LedgerColumn {
    pub index: usize,
    pub header: String,
    pub key: Option<&'static str>,
}

fn key_of(header: &str) -> Option<&'static str> {
    let folded = fold_word(header);
    let folded = folded.split(['(', '（']).next().unwrap_or_default();
    HEADERS.iter().find(|(_, words)| words.iter().any(|w| fold_word(w) == folded)).map(|(key, _)| *key)
}

/// The header row: the first of the first 20 with a period column and a count column.
pub fn find_header(rows: &[Row]) -> Option<(usize, Vec<LedgerColumn>)> {
    rows.iter().take(20).enumerate().find_map(|(i, row)| {
        let columns: Vec<LedgerColumn> =
            header_cells(row).map(|(index, header)| LedgerColumn { index, key: key_of(&header), header }).collect();
        let has = |key: &str| columns.iter().any(|c| c.key == Some(key));
        (has("period") && columns.iter().filter(|c| c.key.is_some()).count() > 1).then_some((i, columns))
    })
}

/// A period as the format writes it: `2023年上半年` → `2023-H1`, `2023年第三季度` → `2023-Q3`,
/// `2023年5月` → `2023-05`, `2023年` → `2023`; anything else as written (the reader judges it).
pub fn period_text(text: &str) -> String {
    let text: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let Some((year, rest)) =
        text.split_once('年').filter(|(y, _)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
    else {
        return text;
    };
    let rest = rest.trim_start_matches("度").trim_start_matches('第');
    let numeral = |s: &str| match s {
        "一" | "1" => Some(1),
        "二" | "2" => Some(2),
        "三" | "3" => Some(3),
        "四" | "4" => Some(4),
        _ => s.parse::<u32>().ok(),
    };
    match rest {
        "" | "全年" => year.to_string(),
        "上半年" => format!("{year}-H1"),
        "下半年" => format!("{year}-H2"),
        _ => {
            if let Some(q) = rest.strip_suffix("季度").and_then(numeral).filter(|q| (1..=4).contains(q)) {
                format!("{year}-Q{q}")
            } else if let Some(m) =
                rest.strip_suffix('月').and_then(|m| m.parse::<u32>().ok()).filter(|m| (1..=12).contains(m))
            {
                format!("{year}-{m:02}")
            } else {
                text
            }
        }
    }
}

/// The `stats.yaml` text of the rows below the header, and for each line the row and column
/// it came from.
pub fn yaml_of(
    rows: &[Row],
    columns: &[LedgerColumn],
    heading: &str,
) -> (String, BTreeMap<usize, (usize, Option<usize>)>) {
    let mut text = heading.to_string();
    let mut lines = BTreeMap::new();
    let mut line = text.lines().count();
    for row in rows {
        let used: Vec<&LedgerColumn> = columns.iter().filter(|c| c.key.is_some()).collect();
        if used.iter().all(|c| cell(row, c.index).is_blank()) {
            continue;
        }
        let mut first = true;
        for (key, _) in HEADERS {
            let Some(column) = used.iter().find(|c| c.key == Some(key)) else { continue };
            let value = cell(row, column.index).text();
            let value = match *key {
                "period" => super::yaml_scalar(&period_text(&value)),
                _ if value.trim().is_empty() => "null".to_string(),
                _ if value.trim().bytes().all(|b| b.is_ascii_digit()) => value.trim().to_string(),
                _ => super::yaml_scalar(value.trim()),
            };
            let lead = if first { "- " } else { "  " };
            first = false;
            line += 1;
            let _ = writeln!(text, "{lead}{key}: {value}");
            lines.insert(line, (row.number, Some(column.index)));
        }
    }
    (text, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_read_as_clerks_write_them() {
        assert_eq!(period_text("2023年上半年"), "2023-H1");
        assert_eq!(period_text("2023年 下半年"), "2023-H2");
        assert_eq!(period_text("2023年第三季度"), "2023-Q3");
        assert_eq!(period_text("2023年一季度"), "2023-Q1");
        assert_eq!(period_text("2023年5月"), "2023-05");
        assert_eq!(period_text("2023年"), "2023");
        assert_eq!(period_text("2023年度"), "2023");
        assert_eq!(period_text("2023-H1"), "2023-H1");
        assert_eq!(period_text("去年"), "去年");
    }
}
