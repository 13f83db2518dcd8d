//! Figures from the stations' ledgers (`stats.yaml`): totals per period rolled up station →
//! county → city, each shown as SVG bar charts made in the build and a table beside them.
//!
//! A roll-up sums the rows of the same period; periods of different lengths (a year, a half,
//! a month) stay apart, so every figure is a plain sum that anyone can check.

use super::Renderer;
use crate::lang::Lang;
use crate::model::{County, Period, StatRow, Station};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub deputy_visits: u64,
    pub citizens_received: u64,
    pub issues_collected: u64,
    pub issues_resolved: u64,
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.deputy_visits += other.deputy_visits;
        self.citizens_received += other.citizens_received;
        self.issues_collected += other.issues_collected;
        self.issues_resolved += other.issues_resolved;
    }

    fn of(row: &StatRow) -> Totals {
        Totals {
            deputy_visits: row.deputy_visits,
            citizens_received: row.citizens_received,
            issues_collected: row.issues_collected,
            issues_resolved: row.issues_resolved,
        }
    }
}

/// Totals by period, in time order.
pub type Ledger = BTreeMap<Period, Totals>;

pub fn station_ledger(station: &Station) -> Ledger {
    let mut ledger = Ledger::new();
    for row in &station.stats {
        ledger.entry(row.period).or_default().add(&Totals::of(row));
    }
    ledger
}

pub fn county_ledger(county: &County) -> Ledger {
    sum(county.stations.iter().map(station_ledger))
}

pub fn city_ledger(counties: &[County]) -> Ledger {
    sum(counties.iter().map(county_ledger))
}

fn sum(ledgers: impl Iterator<Item = Ledger>) -> Ledger {
    let mut total = Ledger::new();
    for ledger in ledgers {
        for (period, totals) in ledger {
            total.entry(period).or_default().add(&totals);
        }
    }
    total
}

pub fn period_words(period: Period, lang: Lang) -> String {
    match (period, lang) {
        (Period::Year(y), Lang::ZhCn) => format!("{y}年"),
        (Period::Half(y, h), Lang::ZhCn) => format!("{y}年{}", if h == 1 { "上半年" } else { "下半年" }),
        (Period::Quarter(y, q), Lang::ZhCn) => format!("{y}年第{q}季度"),
        (Period::Month(y, m), Lang::ZhCn) => format!("{y}年{m}月"),
        (Period::Year(y), Lang::En) => y.to_string(),
        (Period::Half(y, h), Lang::En) => format!("{y} H{h}"),
        (Period::Quarter(y, q), Lang::En) => format!("{y} Q{q}"),
        (Period::Month(y, m), Lang::En) => format!("{y}-{m:02}"),
    }
}

fn rate(totals: &Totals) -> String {
    if totals.issues_collected == 0 {
        "–".into()
    } else {
        format!("{:.1}%", 100.0 * totals.issues_resolved as f64 / totals.issues_collected as f64)
    }
}

#[derive(Serialize)]
pub struct FigureRow {
    pub period: String,
    pub deputy_visits: u64,
    pub citizens_received: u64,
    pub issues_collected: u64,
    pub issues_resolved: u64,
    pub rate: String,
}

#[derive(Serialize)]
pub struct FiguresView {
    pub charts: Vec<String>,
    pub rows: Vec<FigureRow>,
    pub total: FigureRow,
}

fn row(period: String, t: &Totals) -> FigureRow {
    FigureRow {
        period,
        deputy_visits: t.deputy_visits,
        citizens_received: t.citizens_received,
        issues_collected: t.issues_collected,
        issues_resolved: t.issues_resolved,
        rate: rate(t),
    }
}

/// The charts and table of a ledger; `None` when it is empty. `id` keeps SVG ids unique.
pub fn view(renderer: &Renderer, ledger: &Ledger, id: &str) -> Option<FiguresView> {
    if ledger.is_empty() {
        return None;
    }
    let lang = renderer.lang;
    let labels: Vec<String> = ledger.keys().map(|p| period_words(*p, lang)).collect();
    let values: Vec<&Totals> = ledger.values().collect();
    let s = |key: &str| renderer.strings.get(key).to_string();
    let charts = vec![
        chart(
            &format!("{id}-people"),
            &s("chart_people"),
            &labels,
            &[
                (s("deputy_visits"), values.iter().map(|t| t.deputy_visits).collect()),
                (s("citizens_received"), values.iter().map(|t| t.citizens_received).collect()),
            ],
        ),
        chart(
            &format!("{id}-issues"),
            &s("chart_issues"),
            &labels,
            &[
                (s("issues_collected"), values.iter().map(|t| t.issues_collected).collect()),
                (s("issues_resolved"), values.iter().map(|t| t.issues_resolved).collect()),
            ],
        ),
    ];
    let mut total = Totals::default();
    for t in &values {
        total.add(t);
    }
    Some(FiguresView {
        charts,
        rows: labels.into_iter().zip(&values).map(|(label, t)| row(label, t)).collect(),
        total: row(s("total"), &total),
    })
}

const COLORS: [&str; 2] = ["#0b4f9c", "#a1141c"];

/// The width of `text` at `size` px, estimated from above: a CJK (or other wide) character is
/// one em, anything else at most 0.62 em. The chart is laid out with it, so that no text
/// leaves the drawing and no two labels meet, whatever width the page gives the chart.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if (c as u32) < 0x2E80 { 0.62 } else { 1.0 }).sum::<f64>() * size
}

/// A period's label in lines no wider than `max`: broken after a year ("2025年" / "上半年"),
/// and further only where a line would still not fit.
fn label_lines(label: &str, size: f64, max: f64) -> Vec<String> {
    let year = label.find('年').filter(|&i| i > 0 && label[..i].bytes().all(|b| b.is_ascii_digit()));
    let (first, rest) = match year {
        Some(i) => label.split_at(i + '年'.len_utf8()),
        None => (label, ""),
    };
    let mut lines = Vec::new();
    for part in [first, rest].into_iter().filter(|p| !p.is_empty()) {
        let mut line = String::new();
        for c in part.chars() {
            if !line.is_empty() && text_width(&format!("{line}{c}"), size) > max {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
        lines.push(line);
    }
    lines
}

/// A grouped bar chart: one group per period, one bar per series, each bar labelled with
/// its number (`data-value` too, for checking against the table). The drawing is as wide as
/// its longest words need: the legend is stacked inside it, bars are as wide as their
/// numbers, period labels are broken onto lines as wide as their group.
fn chart(id: &str, title: &str, labels: &[String], series: &[(String, Vec<u64>)]) -> String {
    const LEGEND: f64 = 14.0;
    const VALUE: f64 = 11.0;
    const LABEL: f64 = 12.0;
    let widest_value =
        series.iter().flat_map(|(_, v)| v.iter()).map(|v| text_width(&v.to_string(), VALUE)).fold(0.0, f64::max);
    let bar = (widest_value + 4.0).max(22.0);
    let gap = 18.0;
    let bars = bar * series.len() as f64;
    // A group is as wide as its bars, or as the widest line of its period's label (broken
    // after the year, so "2025年上半年" takes two lines, not twice the width).
    let lines: Vec<Vec<String>> = labels.iter().map(|l| label_lines(l, LABEL, bars + gap - 6.0)).collect();
    let widest_line = lines.iter().flatten().map(|l| text_width(l, LABEL)).fold(0.0, f64::max);
    let group = (bars + gap).max(widest_line + 6.0);
    let left = 8.0;
    let legend_width = series.iter().map(|(name, _)| 18.0 + text_width(name, LEGEND)).fold(0.0, f64::max);
    let width = (left * 2.0 + group * labels.len() as f64).max(left * 2.0 + legend_width);
    let top = 8.0 + 20.0 * series.len() as f64 + 18.0;
    let plot = 180.0;
    let label_rows = lines.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let height = top + plot + 8.0 + 15.0 * label_rows;
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title>"#,
        super::feeds::xml(title)
    );
    for (i, (name, _)) in series.iter().enumerate() {
        let y = 8.0 + 20.0 * i as f64;
        let _ = write!(
            svg,
            r#"<rect x="{left:.0}" y="{y:.0}" width="14" height="14" fill="{}"/><text x="{:.0}" y="{:.0}" font-size="14">{}</text>"#,
            COLORS[i % 2],
            left + 18.0,
            y + 12.0,
            super::feeds::xml(name)
        );
    }
    let base = top + plot;
    let _ = write!(svg, r##"<line x1="0" y1="{base:.0}" x2="{width:.0}" y2="{base:.0}" stroke="#4a4a4a"/>"##);
    for (g, label) in labels.iter().enumerate() {
        let middle = left + g as f64 * group + group / 2.0;
        let x0 = middle - bars / 2.0;
        for (i, (name, values)) in series.iter().enumerate() {
            let value = values[g];
            let h = (value as f64 / max * plot).max(if value > 0 { 1.0 } else { 0.0 });
            let x = x0 + i as f64 * bar;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{}" data-series="{i}" data-value="{value}"><title>{} {} {value}</title></rect><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{value}</text>"#,
                base - h,
                bar - 2.0,
                COLORS[i % 2],
                super::feeds::xml(label),
                super::feeds::xml(name),
                x + (bar - 2.0) / 2.0,
                base - h - 4.0
            );
        }
        let _ = write!(svg, r#"<text x="{middle:.1}" y="{:.0}" font-size="12" text-anchor="middle">"#, base + 18.0);
        for (n, line) in lines[g].iter().enumerate() {
            let dy = if n == 0 { 0.0 } else { 15.0 };
            let _ = write!(svg, r#"<tspan x="{middle:.1}" dy="{dy:.0}">{}</tspan>"#, super::feeds::xml(line));
        }
        svg.push_str("</text>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_labels_break_after_the_year_and_where_too_wide() {
        assert_eq!(label_lines("2025年上半年", 12.0, 56.0), ["2025年", "上半年"]);
        assert_eq!(label_lines("2025年", 12.0, 56.0), ["2025年"]);
        assert_eq!(label_lines("2025 H1", 12.0, 56.0), ["2025 H1"]);
        assert_eq!(label_lines("2025年第1季度", 12.0, 48.0), ["2025年", "第1季度"]);
        // Narrower than a word: broken further, every line within the width where it can be.
        assert_eq!(label_lines("2025年第1季度", 12.0, 36.0), ["2025", "年", "第1季", "度"]);
    }

    #[test]
    fn a_chart_of_one_period_is_as_wide_as_its_legend() {
        let svg = chart(
            "x",
            "t",
            &["2025年".into()],
            &[("接待群众人次".into(), vec![1234]), ("代表进站人次".into(), vec![5])],
        );
        let width: f64 = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        // Six CJK characters at 14 px after an 18 px swatch and an 8 px margin each side.
        assert!(width >= 8.0 + 18.0 + 6.0 * 14.0 + 8.0, "{width}");
    }

    #[test]
    fn ledgers_add_up_by_period() {
        let row = |period, n| StatRow {
            period,
            deputy_visits: n,
            citizens_received: n,
            issues_collected: n,
            issues_resolved: n,
        };
        let a: Ledger = [(Period::Half(2025, 1), Totals::of(&row(Period::Half(2025, 1), 2)))].into();
        let b: Ledger = [
            (Period::Half(2025, 1), Totals::of(&row(Period::Half(2025, 1), 3))),
            (Period::Year(2024), Totals::of(&row(Period::Year(2024), 7))),
        ]
        .into();
        let total = sum([a, b].into_iter());
        assert_eq!(total[&Period::Half(2025, 1)].issues_collected, 5);
        assert_eq!(total[&Period::Year(2024)].deputy_visits, 7);
        assert_eq!(total.keys().next(), Some(&Period::Year(2024)), "in time order");
        let mut periods =
            vec![Period::Year(2025), Period::Half(2024, 2), Period::Month(2025, 3), Period::Quarter(2025, 1)];
        periods.sort();
        assert_eq!(
            periods,
            [Period::Half(2024, 2), Period::Year(2025), Period::Quarter(2025, 1), Period::Month(2025, 3)]
        );
    }
}
