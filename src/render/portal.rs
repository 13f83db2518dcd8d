//! `site/index.html`: the portal over all counties.

use super::card;
use super::figures::Ledger;
use super::part::PortalPart;
use super::views::Link;
use super::{Content, OutputFile, Renderer};
use crate::model::Site;
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

#[derive(Serialize)]
pub struct CountyCard<'a> {
    pub name: &'a str,
    pub href: String,
    pub stations: usize,
    pub deputies: usize,
    pub cases: usize,
}

pub fn county_card(part: &PortalPart, href: String) -> CountyCard<'_> {
    CountyCard { name: &part.name, href, stations: part.stations, deputies: part.deputies, cases: part.cases }
}

/// The portal's files, from the city's own content (`site`: its posts, ledger and projects)
/// and each county's part, in the site's order of counties.
pub fn render_portal(renderer: &Renderer, site: &Site, parts: &[PortalPart]) -> Result<Vec<OutputFile>> {
    let mut context = Context::new();
    let counties: Vec<CountyCard> = parts.iter().map(|p| county_card(p, format!("{}/", p.id))).collect();
    context.insert("counties", &counties);
    context.insert("assets", "assets/");
    context.insert("portal_root", "./");
    context.insert("crumbs", &Vec::<Link>::new());
    context.insert("search_href", "search/");
    let ledgers: Vec<Ledger> = parts.iter().map(PortalPart::ledger).collect();
    let city = super::figures::city_ledger(ledgers.iter(), &site.stats);
    context.insert("figures", &super::figures::view(renderer, &city, "city"));
    let named: Vec<(&str, &Ledger)> = parts.iter().map(|p| p.name.as_str()).zip(&ledgers).collect();
    let by_county = super::figures::by_county(renderer, &named, &city);
    context.insert("by_county", &by_county);
    let projects: Vec<&serde_json::Value> = parts.iter().filter_map(|p| p.projects.as_ref()).collect();
    let has_projects = !site.projects.is_empty() || !projects.is_empty();
    context.insert("projects_href", &has_projects.then_some("projects/"));
    let posts = super::posts::of_city(renderer, site, parts.iter().map(|p| p.posts.as_slice()));
    context.insert("posts", &super::posts::section(renderer, &posts, "", "", &site.portal.title));
    let html = renderer.page("portal.html", &context)?;
    let mut out =
        vec![OutputFile { path: "index.html".into(), content: Content::Bytes(html) }, renderer.stylesheet("")];
    out.extend(renderer.scripts(""));
    // The share card of every page without a photo of its own (issue 18).
    out.push(OutputFile {
        path: format!("assets/{}", card::FILE),
        content: Content::Bytes(card::png(&renderer.base_url)?),
    });
    let mut context = Context::new();
    context.insert("counties", &counties);
    context.insert("assets", "../assets/");
    context.insert("portal_root", "../");
    context.insert("crumbs", &Vec::<Link>::new());
    context.insert("search_strings", &super::search_page::strings_json(renderer));
    out.push(OutputFile {
        path: "search/index.html".into(),
        content: Content::Bytes(renderer.page("portal_search.html", &context)?),
    });
    let search: Vec<crate::search::portal::CountyPart> = parts.iter().map(|p| p.search.clone()).collect();
    out.extend(crate::search::portal::portal_index(&search));
    // Issue 17: the city's and the counties' 民生实事, with the images of the city's own.
    out.extend(super::projects_page::city_projects(renderer, site, &projects)?);
    let tables: Vec<(&str, &[Vec<Vec<String>>])> = parts.iter().map(|p| (p.id.as_str(), p.tables.as_slice())).collect();
    out.extend(super::open_data::city_open_data(renderer, site, &tables)?);
    for image in site.projects.iter().flat_map(|p| &p.images) {
        out.push(OutputFile { path: image.media.site_path.clone(), content: Content::of_media(&image.media.source) });
    }
    out.push(super::feeds::not_found(renderer, "", &site.portal.title)?);
    // The city's posts and feeds (issue 17), and its feed of every county's cases.
    let people: HashMap<String, &str> = parts
        .iter()
        .flat_map(|p| p.people.iter().map(move |(id, name)| (format!("{}/{id}", p.id), name.as_str())))
        .filter(|(id, _)| site.posts.iter().any(|p| p.deputies.contains(id)))
        .collect();
    let deputy = |id: &str| people.get(id).map_or(id, |n| n).to_string();
    let post_files = super::posts::city_files(renderer, site, &posts, &deputy)?;
    let mut pages: Vec<String> = ["", "search/"].map(String::from).to_vec();
    pages.extend(post_files.iter().filter_map(|f| f.path.strip_suffix("index.html")).map(String::from));
    out.extend(post_files);
    let cases: Vec<&[super::feeds::CityCase]> = parts.iter().map(|p| p.case_entries.as_slice()).collect();
    out.push(super::feeds::city_cases_feed(renderer, site, &cases));
    let pages: Vec<String> = pages
        .iter()
        .map(|p| format!("<url><loc>{}</loc></url>", super::feeds::xml(&format!("{}{p}", renderer.base_url))))
        .collect();
    let sitemap = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{}\n</urlset>\n",
        pages.join("\n")
    );
    out.push(OutputFile { path: "sitemap-portal.xml".into(), content: Content::Bytes(sitemap.into_bytes()) });
    out.push(super::feeds::sitemap_index(renderer, parts.iter().map(|p| p.id.as_str())));
    out.push(super::feeds::robots(renderer, ""));
    Ok(out)
}
