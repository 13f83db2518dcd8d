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

/// A grouped bar chart: one group per period, one bar per series, each bar labelled with
/// its number (`data-value` too, for checking against the table).
fn chart(id: &str, title: &str, labels: &[String], series: &[(String, Vec<u64>)]) -> String {
    let bar = 22.0;
    let gap = 18.0;
    let group = bar * series.len() as f64 + gap;
    let left = 8.0;
    let top = 46.0;
    let plot = 180.0;
    let width = left * 2.0 + group * labels.len() as f64;
    let height = top + plot + 40.0;
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-labelledby="{id}-title" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title>"#,
        super::feeds::xml(title)
    );
    for (i, (name, _)) in series.iter().enumerate() {
        let x = left + i as f64 * 120.0;
        let _ = write!(
            svg,
            r#"<rect x="{x:.0}" y="8" width="14" height="14" fill="{}"/><text x="{:.0}" y="20" font-size="14">{}</text>"#,
            COLORS[i % 2],
            x + 18.0,
            super::feeds::xml(name)
        );
    }
    let base = top + plot;
    let _ = write!(svg, r##"<line x1="0" y1="{base:.0}" x2="{width:.0}" y2="{base:.0}" stroke="#4a4a4a"/>"##);
    for (g, label) in labels.iter().enumerate() {
        let x0 = left + g as f64 * group + gap / 2.0;
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
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.0}" font-size="12" text-anchor="middle">{}</text>"#,
            x0 + bar * series.len() as f64 / 2.0,
            base + 18.0,
            super::feeds::xml(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

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
