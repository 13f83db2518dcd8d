//! **Extension (issue 17).** 民生实事 projects: `<county>/projects/` lists a county's, and the
//! portal's `projects/` the city's own and every county's, each with its status, the unit
//! responsible and its progress, step by step (as a case has its trail).

use super::format::date;
use super::markdown::to_html_with;
use super::views::{base_context, county_crumbs, page_file, Link};
use super::{OutputFile, Renderer};
use crate::model::{County, Project, ProjectStatus, Site};
use anyhow::Result;
use serde::Serialize;
use tera::Context;

pub fn project_status_key(status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::Collecting => "collecting",
        ProjectStatus::Planned => "planned",
        ProjectStatus::InProgress => "in_progress",
        ProjectStatus::Completed => "completed",
    }
}

#[derive(Serialize)]
struct StepView {
    date: String,
    iso: String,
    note: String,
}

#[derive(Serialize)]
struct ProjectView {
    id: String,
    title: String,
    year: Option<i32>,
    status: String,
    status_key: &'static str,
    unit: Option<String>,
    deputies: Vec<Link>,
    steps: Vec<StepView>,
    body: String,
}

/// A county's projects or the city's, as a section of a page.
#[derive(Serialize)]
struct ProjectGroup {
    name: String,
    href: Option<String>,
    projects: Vec<ProjectView>,
}

/// `root` leads from the page to the folder the projects' images are published under;
/// `deputies_root` to the county's folder (deputies' pages), when the projects are a county's.
fn views(renderer: &Renderer, county: Option<&County>, projects: &[Project], root: &str) -> Vec<ProjectView> {
    let mut sorted: Vec<&Project> = projects.iter().collect();
    // Open ones first (in progress, then planned, collecting), each newest first; done ones last.
    let order = |p: &Project| match p.status {
        ProjectStatus::InProgress => 0,
        ProjectStatus::Planned => 1,
        ProjectStatus::Collecting => 2,
        ProjectStatus::Completed => 3,
    };
    let last = |p: &Project| p.steps.last().map(|s| s.date);
    sorted.sort_by(|a, b| (order(a), last(b), &a.id).cmp(&(order(b), last(a), &b.id)));
    sorted
        .into_iter()
        .map(|p| ProjectView {
            id: p.id.clone(),
            title: p.title.clone(),
            year: p.year,
            status: renderer.strings.get(&format!("project_status_{}", project_status_key(p.status))).to_string(),
            status_key: project_status_key(p.status),
            unit: p.unit.clone(),
            deputies: p
                .deputies
                .iter()
                .map(|id| {
                    let name = county
                        .and_then(|c| c.stations.iter().flat_map(|s| &s.deputies).find(|d| &d.id == id))
                        .map_or(id.clone(), |d| d.name.clone());
                    Link { href: format!("{root}deputies/{id}/"), text: name }
                })
                .collect(),
            steps: p
                .steps
                .iter()
                .map(|s| StepView { date: date(s.date, renderer.lang), iso: s.date.to_string(), note: s.note.clone() })
                .collect(),
            body: to_html_with(&p.body, &p.images, root),
        })
        .collect()
}

/// `<county>/projects/`; `None` when the county has none.
pub fn county_projects(renderer: &Renderer, county: &County, dir: &str) -> Result<Option<OutputFile>> {
    if county.projects.is_empty() {
        return Ok(None);
    }
    let root = "../";
    let groups = vec![ProjectGroup {
        name: county.name.clone(),
        href: None,
        projects: views(renderer, Some(county), &county.projects, root),
    }];
    let mut context = base_context(root, county_crumbs(county, root));
    context.insert("scope_name", &county.name);
    context.insert("groups", &groups);
    Ok(Some(page_file(format!("{dir}projects/index.html"), renderer.page("projects.html", &context)?)))
}

/// A county's group of the portal's `projects/`, as its template sees it (kept in the
/// county's portal part, issue 20); `None` when the county has none.
pub fn county_group(renderer: &Renderer, county: &County) -> Option<serde_json::Value> {
    if county.projects.is_empty() {
        return None;
    }
    let root = format!("../{}/", county.id);
    let group = ProjectGroup {
        name: county.name.clone(),
        href: Some(format!("{root}projects/")),
        projects: views(renderer, Some(county), &county.projects, &root),
    };
    serde_json::to_value(group).ok()
}

/// The portal's `projects/`: the city's own, then each county's (`counties`, their
/// [`county_group`]s); `None` when there are none.
pub fn city_projects(renderer: &Renderer, site: &Site, counties: &[&serde_json::Value]) -> Result<Option<OutputFile>> {
    if site.projects.is_empty() && counties.is_empty() {
        return Ok(None);
    }
    let mut groups = Vec::new();
    if !site.projects.is_empty() {
        let own = ProjectGroup {
            name: renderer.strings.get("city_own").to_string(),
            href: None,
            projects: views(renderer, None, &site.projects, "../"),
        };
        groups.extend(serde_json::to_value(own).ok());
    }
    groups.extend(counties.iter().map(|group| (*group).clone()));
    let mut context = Context::new();
    context.insert("assets", "../assets/");
    context.insert("portal_root", "../");
    context.insert("crumbs", &Vec::<Link>::new());
    context.insert("scope_name", &site.portal.title);
    context.insert("groups", &groups);
    Ok(Some(page_file("projects/index.html".to_string(), renderer.page("projects.html", &context)?)))
}
