//! The page of a posted rule and of a case story.

use super::format::{self, date};
use super::index::{CountyIndex, RuleTemplates, RULE_ROOT};
use super::markdown::to_html_with;
use super::views::{base_context, page_file, station_crumbs, Link};
use super::{OutputFile, Renderer};
use crate::model::{Case, Rule, Station};
use crate::search::{unit_text, DocKind, SearchDoc};
use anyhow::Result;
use serde::Serialize;

const ROOT: &str = "../../../../";

/// Stand-ins for the station a county rule's page is shown at: the page is rendered once
/// per county rule with these, and filled in for each station (about 40% of a
/// city's pages are county rules repeated at every station). Private-use characters; a
/// second pair checks that nothing else on the page uses them (see `county_rule_templates`).
const STATION_NAME: &str = "\u{E000}";
const STATION_ID: &str = "\u{E001}";
const CHECK_NAME: &str = "\u{E002}";
const CHECK_ID: &str = "\u{E003}";
/// The QR code of the rule's page at the station (printed on the rule's poster), put in raw:
/// it is the build's own SVG, not content text.
const STATION_QR: &str = "\u{E004}";
const CHECK_QR: &str = "\u{E005}";

fn render_rule(
    renderer: &Renderer,
    county: &crate::model::County,
    station_id: &str,
    station_name: &str,
    qr: &str,
    rule: &Rule,
    body: String,
) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct RuleView<'a> {
        title: &'a str,
        category: Option<&'a str>,
        effective: Option<String>,
        body: String,
        /// `poster`, and `poster-long` for a long text, printed smaller to stay one page.
        classes: &'static str,
        /// The page's address at the station and its QR code, printed on the poster.
        url: String,
        qr: &'a str,
    }
    let view = RuleView {
        title: &rule.title,
        category: rule.category.as_deref(),
        effective: rule.effective.map(|d| date(d, renderer.lang)),
        body,
        classes: poster_classes(rule),
        url: rule_url(renderer, county, station_id, rule),
        qr,
    };
    let mut crumbs = super::views::county_crumbs(county, ROOT);
    crumbs.push(Link { href: format!("{ROOT}stations/{station_id}/"), text: station_name.to_string() });
    let mut context = base_context(ROOT, crumbs);
    context.insert("rule", &view);
    context.insert("station_name", station_name);
    context.insert("station_href", "../../");
    renderer.page("rule.html", &context)
}

/// The address of a rule's page at a station.
pub fn rule_url(renderer: &Renderer, county: &crate::model::County, station_id: &str, rule: &Rule) -> String {
    format!("{}{}/stations/{station_id}/rules/{}/", renderer.base_url, county.id, rule.id)
}

/// A rule's poster classes: `poster`, with `poster-long` for a text printed smaller.
pub fn poster_classes(rule: &Rule) -> &'static str {
    if rule.body.chars().count() > 900 {
        "poster poster-long"
    } else {
        "poster"
    }
}

/// The page of each county rule, with stand-ins for the station, rendered once. A rule gets
/// no template (and is rendered at each station) when the page would hold the stand-in
/// characters anywhere else: rendered with a second pair of stand-ins, the page must differ
/// only by them, whatever the theme and the content.
/// Each county rule's page with stand-ins for the station, and its text for the index.
pub fn county_rules<'a>(renderer: &Renderer, county: &'a crate::model::County) -> Result<RuleTemplates<'a>> {
    use rayon::prelude::*;
    let html: std::collections::HashMap<&str, String> =
        county.rules.par_iter().map(|r| (r.id.as_str(), to_html_with(&r.body, &r.images, RULE_ROOT))).collect();
    let templates = county_rule_templates(renderer, county, &html)?;
    let texts = shared_rule_texts(&templates);
    Ok((templates, texts))
}

fn county_rule_templates<'a>(
    renderer: &Renderer,
    county: &'a crate::model::County,
    html: &std::collections::HashMap<&'a str, String>,
) -> Result<std::collections::HashMap<&'a str, String>> {
    use rayon::prelude::*;
    county
        .rules
        .par_iter()
        .map(|rule| {
            let body = html.get(rule.id.as_str()).cloned().unwrap_or_default();
            let page = String::from_utf8(render_rule(
                renderer,
                county,
                STATION_ID,
                STATION_NAME,
                STATION_QR,
                rule,
                body.clone(),
            )?)?;
            let check = String::from_utf8(render_rule(renderer, county, CHECK_ID, CHECK_NAME, CHECK_QR, rule, body)?)?;
            let only_stand_ins =
                page.replace(STATION_NAME, CHECK_NAME).replace(STATION_ID, CHECK_ID).replace(STATION_QR, CHECK_QR)
                    == check;
            Ok(only_stand_ins.then_some((rule.id.as_str(), page)))
        })
        .filter_map(Result::transpose)
        .collect()
}

/// What each county rule's page gives the search index, taken once from its template:
/// the text of the rule itself, when it holds nothing of the station (no stand-in).
fn shared_rule_texts<'a>(
    templates: &std::collections::HashMap<&'a str, String>,
) -> std::collections::HashMap<&'a str, String> {
    templates
        .iter()
        .map(|(id, page)| (*id, unit_text(page.as_bytes())))
        .filter(|(_, text)| !text.contains(STATION_NAME) && !text.contains(STATION_ID))
        .collect()
}

/// A county rule's page for one station: the stand-ins replaced in one pass (what is put in
/// is never looked at again).
fn fill_in(template: &str, id: &str, name: &str, qr: &str) -> Vec<u8> {
    let bytes = template.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + qr.len() + 8 * (id.len() + name.len()));
    let mut copied = 0;
    // Every stand-in starts with the byte 0xEE, as every character U+E000..U+EFFF does.
    for at in memchr::memchr_iter(0xEE, bytes) {
        let rest = &bytes[at..];
        let (stand_in, with) = match () {
            _ if rest.starts_with(STATION_ID.as_bytes()) => (STATION_ID, id),
            _ if rest.starts_with(STATION_NAME.as_bytes()) => (STATION_NAME, name),
            _ if rest.starts_with(STATION_QR.as_bytes()) => (STATION_QR, qr),
            _ => continue,
        };
        out.extend_from_slice(&bytes[copied..at]);
        out.extend_from_slice(with.as_bytes());
        copied = at + stand_in.len();
    }
    out.extend_from_slice(&bytes[copied..]);
    out
}

fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A rule's page at a station; `qr` is the QR code of its address ([`rule_url`]), which
/// its print stylesheet shows on the poster.
pub fn rule_page(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    rule: &Rule,
    qr: &str,
    station_dir: &str,
) -> Result<(OutputFile, SearchDoc)> {
    let inherited = !station.rules.iter().any(|own| own.id == rule.id);
    let html = match index.rule_templates.get(rule.id.as_str()) {
        Some(template) if inherited => fill_in(template, &station.id, &escape_text(&station.name), qr),
        _ => render_rule(
            renderer,
            index.county,
            &station.id,
            &station.name,
            qr,
            rule,
            to_html_with(&rule.body, &rule.images, ROOT),
        )?,
    };
    let unit_key = if inherited { format!("rule:{}", rule.id) } else { format!("rule:{}:{}", station.id, rule.id) };
    // A county rule's text is the same at every station: the county gives it once.
    let shared = inherited && index.rule_texts.contains_key(rule.id.as_str());
    let doc = SearchDoc {
        text: (!shared).then(|| unit_text(&html)),
        ..SearchDoc::new(DocKind::Rule, &rule.title, &rule.id, index.station_index(station), unit_key)
    };
    Ok((page_file(format!("{station_dir}rules/{}/index.html", rule.id), html), doc))
}

pub fn case_page(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    case: &Case,
    station_dir: &str,
) -> Result<(OutputFile, SearchDoc)> {
    let lang = renderer.lang;
    #[derive(Serialize)]
    struct StepView<'a> {
        key: &'static str,
        label: &'a str,
        date: String,
        iso: String,
        note: Option<&'a str>,
        to: Option<&'a str>,
        rating: Option<u8>,
    }
    #[derive(Serialize)]
    struct CaseView<'a> {
        title: &'a str,
        category: Option<&'a str>,
        status: &'a str,
        status_key: &'static str,
        received: String,
        resolved: Option<String>,
        households: Option<u64>,
        /// The citizens' rating (the last `rated` step), as stars.
        rating: Option<String>,
        source: Option<&'a str>,
        deputies: Vec<Link>,
        steps: Vec<StepView<'a>>,
        body: String,
    }
    let view = CaseView {
        title: &case.title,
        category: case.category.as_deref(),
        status: renderer.strings.get(format::status_label_key(case.status)),
        status_key: format::status_key(case.status),
        received: date(case.received, lang),
        resolved: case.resolved.map(|d| date(d, lang)),
        households: case.households,
        rating: case
            .steps
            .iter()
            .rev()
            .find_map(|s| s.rating)
            .map(|r| "★".repeat(r as usize) + &"☆".repeat(5 - r as usize)),
        source: case.source.as_deref(),
        deputies: case.deputies.iter().map(|id| index.deputy_link(id, ROOT)).collect(),
        steps: case
            .steps
            .iter()
            .map(|step| StepView {
                key: format::step_key(step.kind),
                label: renderer.strings.get(format::step_label_key(step.kind)),
                date: date(step.date, lang),
                iso: step.date.to_string(),
                note: step.note.as_deref(),
                to: step.to.as_deref(),
                rating: step.rating,
            })
            .collect(),
        body: index.case_html(station, case).to_string(),
    };
    let mut context = base_context(ROOT, station_crumbs(index.county, station, ROOT));
    let summary = view.status.to_string();
    context.insert("case", &view);
    context.insert("station_name", &station.name);
    context.insert("station_href", "../../");
    let html = renderer.page("case.html", &context)?;
    let unit_key = format!("case:{}:{}", station.id, case.id);
    let doc = SearchDoc {
        summary,
        text: Some(unit_text(&html)),
        ..SearchDoc::new(DocKind::Case, &case.title, &case.id, index.station_index(station), unit_key)
    };
    Ok((page_file(format!("{station_dir}cases/{}/index.html", case.id), html), doc))
}
