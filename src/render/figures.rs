//! Figures from the ledgers (`stats.yaml`): totals per period rolled up station → county →
//! city, each shown as SVG bar charts made in the build and a table beside them.
//!
//! A roll-up sums the rows of the same group (deputies, leading officials) and period; each
//! kind of period (years, halves, quarters, months, running totals "since") has its own table
//! and charts, captioned with what it holds, so no year is set beside half-years. A county's
//! and the city's own ledgers (issue 17) are added to the sums of the level below. A count a
//! row leaves out stays out (shown as –), and a rate is computed from the numbers the table
//! and the charts show.

use super::Renderer;
use crate::lang::Lang;
use crate::model::{County, Period, PeriodKind, StatGroup, StatRow, Station};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The metrics of a ledger, in the order tables show them: (field, string key).
pub const METRICS: &[&str] = &[
    "deputy_visits",
    "leader_visits",
    "citizens_received",
    "home_visits",
    "issues_collected",
    "forwarded",
    "issues_resolved",
];

/// The counts of a row or of a sum of rows; a count nobody gave is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Totals(pub [Option<u64>; 7]);

impl Totals {
    fn add(&mut self, other: &Totals) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            if let Some(n) = theirs {
                *mine = Some(mine.unwrap_or(0) + n);
            }
        }
    }

    pub fn of(row: &StatRow) -> Totals {
        Totals([
            row.deputy_visits,
            row.leader_visits,
            row.citizens_received,
            row.home_visits,
            row.issues_collected,
            row.forwarded,
            row.issues_resolved,
        ])
    }

    pub fn get(&self, metric: &str) -> Option<u64> {
        METRICS.iter().position(|m| *m == metric).and_then(|i| self.0[i])
    }
}

/// Totals by group and period, in that order.
pub type Ledger = BTreeMap<(StatGroup, Period), Totals>;

fn ledger_of(rows: &[StatRow]) -> Ledger {
    let mut ledger = Ledger::new();
    for row in rows {
        ledger.entry((row.group, row.period)).or_default().add(&Totals::of(row));
    }
    ledger
}

pub fn station_ledger(station: &Station) -> Ledger {
    ledger_of(&station.stats)
}

/// The county's stations' ledgers and its own.
pub fn county_ledger(county: &County) -> Ledger {
    sum(county.stations.iter().map(station_ledger).chain([ledger_of(&county.stats)]))
}

/// The counties' ledgers and the city's own.
pub fn city_ledger<'l>(counties: impl Iterator<Item = &'l Ledger>, own: &[StatRow]) -> Ledger {
    sum(counties.cloned().chain([ledger_of(own)]))
}

fn sum(ledgers: impl Iterator<Item = Ledger>) -> Ledger {
    let mut total = Ledger::new();
    for ledger in ledgers {
        for (key, totals) in ledger {
            total.entry(key).or_default().add(&totals);
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
        (Period::Since(y), Lang::ZhCn) => format!("{y}年以来"),
        (Period::Year(y), Lang::En) => y.to_string(),
        (Period::Half(y, h), Lang::En) => format!("{y} H{h}"),
        (Period::Quarter(y, q), Lang::En) => format!("{y} Q{q}"),
        (Period::Month(y, m), Lang::En) => format!("{y}-{m:02}"),
        (Period::Since(y), Lang::En) => format!("since {y}"),
    }
}

/// The resolution rate of the numbers shown: resolved ÷ collected, when both are there.
fn rate(totals: &Totals) -> String {
    match (totals.get("issues_collected"), totals.get("issues_resolved")) {
        (Some(collected), Some(resolved)) if collected > 0 => {
            format!("{:.1}%", 100.0 * resolved as f64 / collected as f64)
        }
        _ => "–".into(),
    }
}

#[derive(Serialize, Clone)]
pub struct FigureRow {
    pub period: String,
    /// One cell per column of the table: the number, or – when not given.
    pub cells: Vec<String>,
    pub rate: String,
}

/// One table: rows of one group and one kind of period, with the charts of the same rows.
#[derive(Serialize)]
pub struct FigureTable {
    pub caption: String,
    /// The heading of the first column: the period, or what the rows are (counties).
    pub head: String,
    /// Column headings (the metrics any row gives).
    pub columns: Vec<String>,
    pub charts: Vec<String>,
    pub rows: Vec<FigureRow>,
    /// The sum of the rows; none for running totals ("since"), which overlap.
    pub total: Option<FigureRow>,
}

#[derive(Serialize)]
pub struct FiguresView {
    pub tables: Vec<FigureTable>,
}

fn cells(totals: &Totals, metrics: &[&str]) -> Vec<String> {
    metrics.iter().map(|m| totals.get(m).map_or_else(|| "–".to_string(), |n| n.to_string())).collect()
}

fn kind_key(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "period_years",
        PeriodKind::Half => "period_halves",
        PeriodKind::Quarter => "period_quarters",
        PeriodKind::Month => "period_months",
        PeriodKind::Since => "period_since",
    }
}

fn group_key(group: StatGroup) -> &'static str {
    match group {
        StatGroup::Deputies => "group_deputies",
        StatGroup::Leaders => "group_leaders",
    }
}

/// The ledger split into its tables: (group, kind) → its periods in time order.
fn parts(ledger: &Ledger) -> BTreeMap<(StatGroup, PeriodKind), Vec<(Period, Totals)>> {
    let mut parts: BTreeMap<(StatGroup, PeriodKind), Vec<(Period, Totals)>> = BTreeMap::new();
    for ((group, period), totals) in ledger {
        parts.entry((*group, period.kind())).or_default().push((*period, *totals));
    }
    parts
}

fn caption(renderer: &Renderer, group: StatGroup, kind: PeriodKind) -> String {
    let s = |key: &str| renderer.strings.get(key).to_string();
    format!("{}{}{}", s(group_key(group)), renderer.lang.pick("：", ": "), s(kind_key(kind)))
}

/// The metrics any of `totals` gives.
fn present<'t>(totals: impl Iterator<Item = &'t Totals> + Clone) -> Vec<&'static str> {
    METRICS.iter().copied().filter(|m| totals.clone().any(|t| t.get(m).is_some())).collect()
}

/// The charts and tables of a ledger; `None` when it is empty. `id` keeps SVG ids unique.
pub fn view(renderer: &Renderer, ledger: &Ledger, id: &str) -> Option<FiguresView> {
    if ledger.is_empty() {
        return None;
    }
    let lang = renderer.lang;
    let s = |key: &str| renderer.strings.get(key).to_string();
    let mut tables = Vec::new();
    for (n, ((group, kind), periods)) in parts(ledger).into_iter().enumerate() {
        let metrics = present(periods.iter().map(|(_, t)| t));
        let labels: Vec<String> = periods.iter().map(|(p, _)| period_words(*p, lang)).collect();
        let series = |names: &[&str]| -> Vec<(String, Vec<Option<u64>>)> {
            names
                .iter()
                .filter(|m| metrics.contains(m))
                .map(|m| (s(m), periods.iter().map(|(_, t)| t.get(m)).collect()))
                .collect()
        };
        let mut charts = Vec::new();
        let people = series(&["deputy_visits", "leader_visits", "citizens_received", "home_visits"]);
        if !people.is_empty() {
            charts.push(chart(&format!("{id}-{n}-people"), &s("chart_people"), &labels, &people));
        }
        let issues = series(&["issues_collected", "forwarded", "issues_resolved"]);
        if !issues.is_empty() {
            charts.push(chart(&format!("{id}-{n}-issues"), &s("chart_issues"), &labels, &issues));
        }
        let mut total = Totals::default();
        for (_, t) in &periods {
            total.add(t);
        }
        tables.push(FigureTable {
            caption: caption(renderer, group, kind),
            head: s("period"),
            columns: metrics.iter().map(|m| s(m)).collect(),
            charts,
            rows: labels
                .into_iter()
                .zip(&periods)
                .map(|(period, (_, t))| FigureRow { period, cells: cells(t, &metrics), rate: rate(t) })
                .collect(),
            total: (kind != PeriodKind::Since).then(|| FigureRow {
                period: s("total"),
                cells: cells(&total, &metrics),
                rate: rate(&total),
            }),
        });
    }
    Some(FiguresView { tables })
}

/// The portal's tables by county: for each group and kind of period the city has (running
/// totals aside), each county's sum over those periods.
pub fn by_county(renderer: &Renderer, ledgers: &[(&str, &Ledger)], city: &Ledger) -> Vec<FigureTable> {
    let s = |key: &str| renderer.strings.get(key).to_string();
    let mut tables = Vec::new();
    for ((group, kind), periods) in parts(city) {
        if kind == PeriodKind::Since {
            continue;
        }
        let mut rows = Vec::new();
        // The periods some county gives (the city's own rows are no county's).
        let mut given: Vec<Period> = Vec::new();
        for (name, ledger) in ledgers {
            let mut total = Totals::default();
            for (period, _) in &periods {
                if let Some(t) = ledger.get(&(group, *period)) {
                    total.add(t);
                    given.push(*period);
                }
            }
            if total != Totals::default() {
                rows.push((name.to_string(), total));
            }
        }
        if rows.is_empty() {
            continue;
        }
        let metrics = present(rows.iter().map(|(_, t)| t));
        given.sort();
        let span = match (given.first(), given.last()) {
            (Some(first), Some(last)) if first != last => format!(
                "{}{}{}",
                period_words(*first, renderer.lang),
                renderer.lang.pick("至", " to "),
                period_words(*last, renderer.lang)
            ),
            (Some(only), _) => period_words(*only, renderer.lang),
            _ => String::new(),
        };
        tables.push(FigureTable {
            caption: format!(
                "{}{}{}{}{span}{}",
                s("by_county"),
                renderer.lang.pick("，", ", "),
                caption(renderer, group, kind),
                renderer.lang.pick("（", " ("),
                renderer.lang.pick("）", ")")
            ),
            head: s("counties"),
            columns: metrics.iter().map(|m| s(m)).collect(),
            charts: Vec::new(),
            rows: rows
                .into_iter()
                .map(|(name, t)| FigureRow { period: name, cells: cells(&t, &metrics), rate: rate(&t) })
                .collect(),
            total: None,
        });
    }
    tables
}

const COLORS: [&str; 4] = ["#0b4f9c", "#a1141c", "#1d6b3a", "#6b4a00"];

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
fn chart(id: &str, title: &str, labels: &[String], series: &[(String, Vec<Option<u64>>)]) -> String {
    const LEGEND: f64 = 14.0;
    const VALUE: f64 = 11.0;
    const LABEL: f64 = 12.0;
    let widest_value = series
        .iter()
        .flat_map(|(_, v)| v.iter().flatten())
        .map(|v| text_width(&v.to_string(), VALUE))
        .fold(0.0, f64::max);
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
    let max = series.iter().flat_map(|(_, v)| v.iter().flatten().copied()).max().unwrap_or(0).max(1) as f64;
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
            COLORS[i % COLORS.len()],
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
            // A count the row does not give has no bar (the table shows –).
            let Some(value) = values[g] else { continue };
            let h = (value as f64 / max * plot).max(if value > 0 { 1.0 } else { 0.0 });
            let x = x0 + i as f64 * bar;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{}" data-series="{i}" data-row="{g}" data-value="{value}"><title>{} {} {value}</title></rect><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{value}</text>"#,
                base - h,
                bar - 2.0,
                COLORS[i % COLORS.len()],
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
            &[("接待群众人次".into(), vec![Some(1234)]), ("代表进站人次".into(), vec![Some(5)])],
        );
        let width: f64 = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        // Six CJK characters at 14 px after an 18 px swatch and an 8 px margin each side.
        assert!(width >= 8.0 + 18.0 + 6.0 * 14.0 + 8.0, "{width}");
    }

    #[test]
    fn ledgers_add_up_by_group_and_period_and_keep_missing_counts_missing() {
        let row = |period, n: Option<u64>| StatRow {
            period,
            group: StatGroup::Deputies,
            deputy_visits: n,
            leader_visits: None,
            citizens_received: Some(1),
            issues_collected: n,
            issues_resolved: n,
            forwarded: None,
            home_visits: None,
        };
        let a = ledger_of(&[row(Period::Half(2025, 1), Some(2))]);
        let b = ledger_of(&[row(Period::Half(2025, 1), None), row(Period::Year(2024), Some(7))]);
        let total = sum([a, b].into_iter());
        let half = total[&(StatGroup::Deputies, Period::Half(2025, 1))];
        assert_eq!(half.get("issues_collected"), Some(2), "a missing count adds nothing");
        assert_eq!(half.get("citizens_received"), Some(2));
        assert_eq!(half.get("forwarded"), None, "nobody gave it");
        assert_eq!(total[&(StatGroup::Deputies, Period::Year(2024))].get("deputy_visits"), Some(7));
        assert_eq!(total.keys().next(), Some(&(StatGroup::Deputies, Period::Year(2024))), "in time order");
        let mut periods = vec![
            Period::Year(2025),
            Period::Half(2024, 2),
            Period::Month(2025, 3),
            Period::Quarter(2025, 1),
            Period::Since(2023),
        ];
        periods.sort();
        assert_eq!(
            periods,
            [
                Period::Since(2023),
                Period::Half(2024, 2),
                Period::Year(2025),
                Period::Quarter(2025, 1),
                Period::Month(2025, 3)
            ]
        );
    }
}
