//! Rule posters (制度上墙, issue 18): each rule a station shows, printable as its own A4
//! poster (`stations/<id>/posters/<rule>/`: title, text, the station, a QR code of the rule's
//! page), and all of them on one page with a page break after each (`stations/<id>/posters/`),
//! for the frames on the station's wall.

use super::index::CountyIndex;
use super::markdown::to_html_with;
use super::views::{base_context, page_file, station_crumbs};
use super::{OutputFile, Renderer};
use crate::model::Station;
use anyhow::Result;
use serde::Serialize;

#[derive(Clone, Serialize)]
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

/// The station's posters: one page per rule and the page of all of them.
pub fn posters(renderer: &Renderer, index: &CountyIndex, station: &Station, dir: &str) -> Result<Vec<OutputFile>> {
    let county = index.county;
    let rules = county.rules_of(station);
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    let station_url = format!("{}{}/stations/{}/", renderer.base_url, county.id, station.id);
    let page = |posters: Vec<Poster>, root: &str, single: bool| -> Result<Vec<u8>> {
        let mut context = base_context(root, station_crumbs(county, station, root));
        context.insert("station_name", &station.name);
        context.insert("single", &single);
        context.insert("posters", &posters);
        renderer.page("posters.html", &context)
    };
    let station_dir = format!("{dir}stations/{}/", station.id);
    // Each rule's poster twice: on its own page and on the page of all; its QR code made once.
    let mut out = Vec::with_capacity(rules.len() + 1);
    let mut all = Vec::with_capacity(rules.len());
    for rule in &rules {
        let root = "../../../../";
        let single = poster(renderer, &station_url, rule, root)?;
        let shared = Poster { body: to_html_with(&rule.body, &rule.images, "../../../"), ..single.clone() };
        let html = page(vec![single], root, true)?;
        out.push(page_file(format!("{station_dir}posters/{}/index.html", rule.id), html));
        all.push(shared);
    }
    let root = "../../../";
    out.push(page_file(format!("{station_dir}posters/index.html"), page(all, root, false)?));
    Ok(out)
}

fn poster<'a>(renderer: &Renderer, station_url: &str, rule: &'a crate::model::Rule, root: &str) -> Result<Poster<'a>> {
    let url = format!("{station_url}rules/{}/", rule.id);
    Ok(Poster {
        title: &rule.title,
        category: rule.category.as_deref(),
        effective: rule.effective.map(|d| super::format::date(d, renderer.lang)),
        body: to_html_with(&rule.body, &rule.images, root),
        qr: super::qr::svg(&url)?,
        url,
        classes: if rule.body.chars().count() > 900 { "poster poster-long" } else { "poster" },
    })
}
