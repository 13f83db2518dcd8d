//! Open data of a county (`<county>/data/`): stations, deputies, cases and ledgers as CSV
//! and JSON, and a page that explains each file.
//!
//! CSVs are UTF-8 with a byte-order mark and CRLF line ends (RFC 4180), so spreadsheet
//! programs open them with Chinese intact. Only public fields are published: a deputy's
//! `phone` is by the content format an office phone; nothing else personal is written.

use super::channels::phones_cell;
use super::figures::period_words;
use super::index::CountyIndex;
use super::views::{base_context, county_crumbs, page_file};
use super::{Content, OutputFile, Renderer};
use crate::lang::Lang;
use crate::model::{Level, Period};
use anyhow::Result;
use serde::Serialize;

/// One table: its file name, its columns (name, description key), and its rows.
struct Table {
    name: &'static str,
    columns: &'static [(&'static str, &'static str)],
    rows: Vec<Vec<String>>,
}

const STATIONS: &[(&str, &str)] = &[
    ("id", "col_id"),
    ("name", "col_name"),
    ("kind", "col_kind"),
    ("field", "col_field"),
    ("parent", "col_parent"),
    ("legislative_point", "col_legislative_point"),
    ("township", "township"),
    ("address", "address"),
    ("serves", "col_serves"),
    ("phone", "col_office_phone"),
    ("phones", "col_phones"),
    ("hotline", "col_hotline"),
    ("wechat_groups", "col_wechat_groups"),
    ("official_account", "col_official_account"),
    ("email", "col_email"),
    ("mailbox", "col_mailbox"),
    ("online", "col_online"),
    ("service_hotline", "col_service_hotline"),
    ("staff", "col_staff"),
    ("lat", "col_lat"),
    ("lon", "col_lon"),
    ("coord_system", "col_coord_system"),
    ("stars", "stars"),
    ("established", "established"),
    ("url", "col_url"),
];
const DEPUTIES: &[(&str, &str)] = &[
    ("id", "col_id"),
    ("name", "col_name"),
    ("levels", "col_levels"),
    ("position", "position"),
    ("constituency", "constituency"),
    ("gender", "gender"),
    ("station", "col_station"),
    ("phone", "col_office_phone"),
    ("responsible_for", "col_responsible_for"),
    ("url", "col_url"),
];
const CASES: &[(&str, &str)] = &[
    ("id", "col_id"),
    ("station", "col_station"),
    ("title", "col_title"),
    ("category", "category"),
    ("status", "col_status"),
    ("received", "received_on"),
    ("resolved", "resolved_on"),
    ("households", "households"),
    ("source", "source"),
    ("deputies", "col_deputies"),
    ("url", "col_url"),
];
const CONSULTATIONS: &[(&str, &str)] = &[
    ("station", "col_station"),
    ("draft", "col_draft"),
    ("deadline", "deadline"),
    ("how", "how_to_send"),
    ("sent", "col_sent"),
    ("adopted", "col_adopted"),
];
/// **Extension (issue 16).** The people who run each station, a row each.
const STAFF: &[(&str, &str)] =
    &[("station", "col_station"), ("name", "col_name"), ("role", "col_role"), ("phones", "col_phones")];
const STATS: &[(&str, &str)] = &[
    ("station", "col_station"),
    ("period", "col_period"),
    ("deputy_visits", "deputy_visits"),
    ("citizens_received", "citizens_received"),
    ("issues_collected", "issues_collected"),
    ("issues_resolved", "issues_resolved"),
];

fn level_word(level: Level) -> &'static str {
    match level {
        Level::National => "national",
        Level::Provincial => "provincial",
        Level::City => "city",
        Level::County => "county",
        Level::Township => "township",
    }
}

/// The period as written in `stats.yaml` (`2024-H1`).
pub fn period_code(period: Period) -> String {
    match period {
        Period::Year(y) => y.to_string(),
        Period::Half(y, h) => format!("{y}-H{h}"),
        Period::Quarter(y, q) => format!("{y}-Q{q}"),
        Period::Month(y, m) => format!("{y}-{m:02}"),
    }
}

fn tables(renderer: &Renderer, index: &CountyIndex) -> Vec<Table> {
    let county = index.county;
    let base = format!("{}{}/", renderer.base_url, county.id);
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut stations = Vec::new();
    let mut deputies = Vec::new();
    let mut cases = Vec::new();
    let mut stats = Vec::new();
    let mut consultations = Vec::new();
    let mut staff = Vec::new();
    for s in &county.stations {
        stations.push(vec![
            s.id.clone(),
            s.name.clone(),
            s.kind.word().to_string(),
            opt(&s.field),
            opt(&s.parent),
            s.legislative.to_string(),
            opt(&s.township),
            opt(&s.address),
            s.serves.join(";"),
            opt(&s.phone),
            phones_cell(&s.phones),
            phones_cell(&s.channels.hotline),
            s.channels.wechat_groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(";"),
            s.channels.official_account.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
            opt(&s.channels.email),
            opt(&s.channels.mailbox),
            s.channels.online.as_ref().map(|o| o.url.clone()).unwrap_or_default(),
            phones_cell(&s.channels.service_hotline),
            s.staff
                .iter()
                .map(|m| {
                    let role = super::channels::role_key(m.role).trim_start_matches("role_");
                    let phones: Vec<&str> = m.phones.iter().map(|p| p.number.as_str()).collect();
                    if phones.is_empty() {
                        format!("{role}:{}", m.name)
                    } else {
                        format!("{role}:{}:{}", m.name, phones.join(" "))
                    }
                })
                .collect::<Vec<_>>()
                .join(";"),
            s.location.map(|l| l.0.to_string()).unwrap_or_default(),
            s.location.map(|l| l.1.to_string()).unwrap_or_default(),
            s.location.map(|_| "gcj02".to_string()).unwrap_or_default(),
            s.stars.map(|n| n.to_string()).unwrap_or_default(),
            s.established.map(|d| d.to_string()).unwrap_or_default(),
            format!("{base}stations/{}/", s.id),
        ]);
        for d in &s.deputies {
            deputies.push(vec![
                d.id.clone(),
                d.name.clone(),
                d.levels.iter().map(|l| level_word(*l)).collect::<Vec<_>>().join(";"),
                opt(&d.position),
                opt(&d.constituency),
                opt(&d.gender),
                s.id.clone(),
                opt(&d.phone),
                d.responsible_for.join(";"),
                format!("{base}deputies/{}/", d.id),
            ]);
        }
        for c in &s.cases {
            cases.push(vec![
                c.id.clone(),
                s.id.clone(),
                c.title.clone(),
                opt(&c.category),
                super::format::status_key(c.status).to_string(),
                c.received.to_string(),
                c.resolved.map(|d| d.to_string()).unwrap_or_default(),
                c.households.map(|n| n.to_string()).unwrap_or_default(),
                opt(&c.source),
                c.deputies.join(";"),
                format!("{base}stations/{}/cases/{}/", s.id, c.id),
            ]);
        }
        for m in &s.staff {
            let role = super::channels::role_key(m.role).trim_start_matches("role_");
            staff.push(vec![s.id.clone(), m.name.clone(), role.to_string(), phones_cell(&m.phones)]);
        }
        for c in &s.consultations {
            consultations.push(vec![
                s.id.clone(),
                c.draft.clone(),
                c.deadline.map(|d| d.to_string()).unwrap_or_default(),
                opt(&c.how),
                c.sent.map(|n| n.to_string()).unwrap_or_default(),
                c.adopted.map(|n| n.to_string()).unwrap_or_default(),
            ]);
        }
        for r in &s.stats {
            stats.push(vec![
                s.id.clone(),
                period_code(r.period),
                r.deputy_visits.to_string(),
                r.citizens_received.to_string(),
                r.issues_collected.to_string(),
                r.issues_resolved.to_string(),
            ]);
        }
    }
    vec![
        Table { name: "stations", columns: STATIONS, rows: stations },
        Table { name: "deputies", columns: DEPUTIES, rows: deputies },
        Table { name: "cases", columns: CASES, rows: cases },
        Table { name: "stats", columns: STATS, rows: stats },
        Table { name: "consultations", columns: CONSULTATIONS, rows: consultations },
        Table { name: "staff", columns: STAFF, rows: staff },
    ]
}

/// Whether a spreadsheet would take a cell for a formula (CSV injection, as OWASP lists the
/// first characters: `=`, `+`, `-`, `@`, tab, carriage return). A plain number (`-12.5`)
/// is read as that number and stays as it is.
fn is_formula_like(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(value)
}

/// `12`, `-12.5`, `+3`: an optional sign, digits, and at most one decimal point among them.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 4180: quoted when it holds a comma, a quote or a line break. A cell a spreadsheet
/// would run as a formula is neutralised as OWASP advises: a single quote before it, and
/// quoted (`"'=HYPERLINK(…)"`, `"'+86 358 1234567"`); the JSON keeps the value as written.
fn csv_field(out: &mut String, value: &str) {
    if is_formula_like(value) {
        out.push_str("\"'");
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn csv(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let lines = std::iter::once(table.columns.iter().map(|(name, _)| name.to_string()).collect::<Vec<_>>())
        .chain(table.rows.iter().cloned());
    for line in lines {
        for (i, value) in line.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, value);
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Columns whose values are numbers, and columns that hold several values (`;` in CSV).
const NUMBERS: &[&str] = &[
    "lat",
    "lon",
    "stars",
    "households",
    "sent",
    "adopted",
    "deputy_visits",
    "citizens_received",
    "issues_collected",
    "issues_resolved",
];
const LISTS: &[&str] = &[
    "serves",
    "levels",
    "deputies",
    "phones",
    "hotline",
    "wechat_groups",
    "service_hotline",
    "staff",
    "responsible_for",
];

/// JSON rows in column order: numbers as numbers (null when empty), lists as arrays.
fn json(table: &Table) -> Vec<u8> {
    let mut out = String::from("[");
    for (r, row) in table.rows.iter().enumerate() {
        out.push_str(if r == 0 { "\n  {" } else { ",\n  {" });
        for (i, ((name, _), value)) in table.columns.iter().zip(row).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let json_value = if *name == "legislative_point" {
                (value == "true").to_string()
            } else if NUMBERS.contains(name) {
                if value.is_empty() {
                    "null".to_string()
                } else {
                    value.clone()
                }
            } else if LISTS.contains(name) {
                let items: Vec<&str> = value.split(';').filter(|v| !v.is_empty()).collect();
                serde_json::to_string(&items).unwrap_or_default()
            } else {
                serde_json::to_string(value).unwrap_or_default()
            };
            out.push_str(&format!("\"{name}\": {json_value}"));
        }
        out.push('}');
    }
    out.push_str("\n]\n");
    out.into_bytes()
}

#[derive(Serialize)]
struct ColumnView {
    name: &'static str,
    description: String,
}

#[derive(Serialize)]
struct FileView {
    name: &'static str,
    title: String,
    rows: usize,
    columns: Vec<ColumnView>,
}

pub fn open_data(renderer: &Renderer, index: &CountyIndex, dir: &str) -> Result<Vec<OutputFile>> {
    let tables = tables(renderer, index);
    let mut out = Vec::with_capacity(tables.len() * 2 + 1);
    for table in &tables {
        out.push(OutputFile { path: format!("{dir}data/{}.csv", table.name), content: Content::Bytes(csv(table)) });
        out.push(OutputFile { path: format!("{dir}data/{}.json", table.name), content: Content::Bytes(json(table)) });
    }
    let files: Vec<FileView> = tables
        .iter()
        .map(|t| FileView {
            name: t.name,
            title: renderer.strings.get(&format!("data_{}", t.name)).to_string(),
            rows: t.rows.len(),
            columns: t
                .columns
                .iter()
                .map(|(name, key)| ColumnView { name, description: renderer.strings.get(key).to_string() })
                .collect(),
        })
        .collect();
    let example = period_words(Period::Half(2024, 1), renderer.lang);
    let mut context = base_context("../", county_crumbs(index.county, "../"));
    context.insert("county_name", &index.county.name);
    context.insert("files", &files);
    context.insert("period_example", &example);
    context.insert("is_zh", &(renderer.lang == Lang::ZhCn));
    out.push(page_file(format!("{dir}data/index.html"), renderer.page("data.html", &context)?));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        let mut out = String::new();
        for value in ["plain", "a,b", "say \"hi\"", "two\nlines", "袁家庄"] {
            csv_field(&mut out, value);
            out.push('|');
        }
        assert_eq!(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|袁家庄|");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_numbers_are_not() {
        let cells = |values: &[&str]| {
            let mut out = String::new();
            for value in values {
                csv_field(&mut out, value);
                out.push('|');
            }
            out
        };
        assert_eq!(
            cells(&["=1+1", "+86 358 1234567", "-", "@SUM(A1)", "\tx", "\ry", "=\"a\",b"]),
            "\"'=1+1\"|\"'+86 358 1234567\"|\"'-\"|\"'@SUM(A1)\"|\"'\tx\"|\"'\ry\"|\"'=\"\"a\"\",b\"|"
        );
        assert_eq!(cells(&["-12.5", "+3", "37.5", "0358-1234567", "a=b"]), "-12.5|+3|37.5|0358-1234567|a=b|");
        assert_eq!(cells(&["-.5", "-1.", "--1", "-1-2"]), "\"'-.5\"|\"'-1.\"|\"'--1\"|\"'-1-2\"|");
    }
}
