//! Rule posters (制度上墙, issue 18). A rule's page is its own A4 poster when printed (its
//! print stylesheet: title, text, the station, a QR code of the page; see `docs.rs`); this is
//! the one page of a station's posters all together, a page break after each
//! (`stations/<id>/posters/`), for a clerk who frames every rule of a new station at once.

use super::docs::{poster_classes, rule_url};
use super::index::CountyIndex;
use super::markdown::to_html_with;
use super::views::{base_context, page_file, station_crumbs};
use super::{OutputFile, Renderer};
use crate::model::{Rule, Station};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
struct Poster<'a> {
    title: &'a str,
    category: Option<&'a str>,
    effective: Option<String>,
    body: String,
    /// The rule's page, and its QR code made in the build.
    url: String,
    qr: String,
    /// `poster`, and `poster-long` for a long text, set smaller so that it stays one page.
    classes: &'static str,
}

/// The page of all the station's posters; `codes` are the QR codes of its rules' pages, in
/// the order of `rules` (made once, for the rules' pages too).
pub fn posters(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    rules: &[&Rule],
    codes: Vec<String>,
    dir: &str,
) -> Result<Option<OutputFile>> {
    let county = index.county;
    if rules.is_empty() {
        return Ok(None);
    }
    let root = "../../../";
    let posters: Vec<Poster> = rules
        .iter()
        .zip(codes)
        .map(|(rule, qr)| Poster {
            title: &rule.title,
            category: rule.category.as_deref(),
            effective: rule.effective.map(|d| super::format::date(d, renderer.lang)),
            body: to_html_with(&rule.body, &rule.images, root),
            url: rule_url(renderer, county, &station.id, rule),
            qr,
            classes: poster_classes(rule),
        })
        .collect();
    let mut context = base_context(root, station_crumbs(county, station, root));
    context.insert("station_name", &station.name);
    context.insert("posters", &posters);
    let html = renderer.page("posters.html", &context)?;
    Ok(Some(page_file(format!("{dir}stations/{}/posters/index.html", station.id), html)))
}
