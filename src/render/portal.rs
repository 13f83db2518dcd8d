//! `site/index.html`: the portal over all counties.

use super::card;
use super::views::Link;
use super::{Content, OutputFile, Renderer};
use crate::model::{County, Site};
use anyhow::Result;
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
pub struct CountyCard<'a> {
    pub name: &'a str,
    pub href: String,
    pub stations: usize,
    pub deputies: usize,
    pub cases: usize,
}

pub fn county_card(county: &County, href: String) -> CountyCard<'_> {
    CountyCard {
        name: &county.name,
        href,
        stations: county.stations.len(),
        deputies: county.stations.iter().map(|s| s.deputies.len()).sum(),
        cases: county.stations.iter().map(|s| s.cases.len()).sum(),
    }
}

pub fn render_portal(renderer: &Renderer, site: &Site) -> Result<Vec<OutputFile>> {
    let mut context = Context::new();
    let counties: Vec<CountyCard> = site.counties.iter().map(|c| county_card(c, format!("{}/", c.id))).collect();
    context.insert("counties", &counties);
    context.insert("assets", "assets/");
    context.insert("portal_root", "./");
    context.insert("crumbs", &Vec::<Link>::new());
    context.insert("search_href", "search/");
    context.insert("figures", &super::figures::view(renderer, &super::figures::city_ledger(site), "city"));
    let by_county = super::figures::by_county(renderer, site);
    context.insert("by_county", &by_county);
    let has_projects = !site.projects.is_empty() || site.counties.iter().any(|c| !c.projects.is_empty());
    context.insert("projects_href", &has_projects.then_some("projects/"));
    let posts = super::posts::of_city(site);
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
    // The portal's search index is made from the counties' parts (`lib::build`).
    // Issue 17: the city's and the counties' 民生实事, with the images of the city's own.
    out.extend(super::projects_page::city_projects(renderer, site)?);
    out.extend(super::open_data::city_open_data(renderer, site)?);
    for image in site.projects.iter().flat_map(|p| &p.images) {
        out.push(OutputFile { path: image.media.site_path.clone(), content: Content::of_media(&image.media.source) });
    }
    out.push(super::feeds::not_found(renderer, "", &site.portal.title)?);
    // The city's posts and feeds (issue 17), and its feed of every county's cases.
    let post_files = super::posts::city_files(renderer, site)?;
    let mut pages: Vec<String> = ["", "search/"].map(String::from).to_vec();
    pages.extend(post_files.iter().filter_map(|f| f.path.strip_suffix("index.html")).map(String::from));
    out.extend(post_files);
    out.push(super::feeds::city_cases_feed(renderer, site));
    let pages: Vec<String> = pages
        .iter()
        .map(|p| format!("<url><loc>{}</loc></url>", super::feeds::xml(&format!("{}{p}", renderer.base_url))))
        .collect();
    let sitemap = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{}\n</urlset>\n",
        pages.join("\n")
    );
    out.push(OutputFile { path: "sitemap-portal.xml".into(), content: Content::Bytes(sitemap.into_bytes()) });
    out.push(super::feeds::sitemap_index(renderer, &site.counties));
    out.push(super::feeds::robots(renderer, ""));
    Ok(out)
}
