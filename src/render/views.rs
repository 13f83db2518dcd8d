//! What pages share: links, breadcrumbs, the base context, case links.

use super::format::{self, date};
use super::{Content, OutputFile, Renderer};
use crate::model::{Case, County, Station, StationKind};
use serde::Serialize;
use tera::Context;

#[derive(Serialize, Clone, Debug)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// The fields every page of a county shares. `root` leads from the page to the county.
pub fn base_context(root: &str, crumbs: Vec<Link>) -> Context {
    let mut context = Context::new();
    context.insert("assets", &format!("{root}assets/"));
    context.insert("portal_root", &format!("{root}../"));
    context.insert("crumbs", &crumbs);
    context
}

pub fn county_crumbs(county: &County, root: &str) -> Vec<Link> {
    vec![Link { href: root.to_string(), text: county.name.clone() }]
}

pub fn station_crumbs(county: &County, station: &Station, root: &str) -> Vec<Link> {
    let mut crumbs = county_crumbs(county, root);
    crumbs.push(Link { href: format!("{root}stations/{}/", station.id), text: station.name.clone() });
    crumbs
}

pub fn page_file(path: String, html: Vec<u8>) -> OutputFile {
    OutputFile { path, content: Content::Bytes(html) }
}

pub fn kind_label(renderer: &Renderer, kind: StationKind) -> &str {
    renderer.strings.get(match kind {
        StationKind::Station => "station",
        StationKind::Point => "point",
        StationKind::Home => "kind_home",
        StationKind::Specialist => "kind_specialist",
        StationKind::Studio => "kind_studio",
    })
}

#[derive(Serialize)]
pub struct CaseLink<'a> {
    pub title: &'a str,
    pub href: String,
    pub status: &'a str,
    pub status_key: &'static str,
    pub date: String,
}

pub fn case_link<'a>(renderer: &'a Renderer, case: &'a Case, href: String) -> CaseLink<'a> {
    CaseLink {
        title: &case.title,
        href,
        status: renderer.strings.get(format::status_label_key(case.status)),
        status_key: format::status_key(case.status),
        date: date(case.resolved.unwrap_or(case.received), renderer.lang),
    }
}
