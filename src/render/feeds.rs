//! Files for machines: Atom feeds of cases (per county and per station), `sitemap.xml`,
//! `robots.txt`, and the friendly `404.html`.
//!
//! Feed dates come from the cases themselves (the last step, or resolved, or received), never
//! from the clock, so an unchanged county gives the same bytes and a feed reader sees a case
//! as new exactly when it is.

use super::format;
use super::index::CountyIndex;
use super::{Content, OutputFile, Renderer};
use crate::model::{Case, County, Station};
use anyhow::Result;
use chrono::NaiveDate;
use std::fmt::Write;
use tera::Context;

/// XML text and attribute values. Characters XML 1.0 forbids (controls other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF) are removed, so no content text can make a
/// feed, sitemap or chart ill-formed.
pub fn xml(text: &str) -> String {
    if !text.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0..=0x1F))
        && !text.contains(['\u{FFFE}', '\u{FFFF}'])
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// When a case last changed: its last step, or when it was resolved or received.
pub fn case_updated(case: &Case) -> NaiveDate {
    case.steps.iter().map(|s| s.date).chain(case.resolved).chain([case.received]).max().unwrap_or(case.received)
}

pub fn rfc3339(day: NaiveDate, renderer: &Renderer) -> String {
    format!("{day}T00:00:00{}", renderer.zone.offset_text())
}

/// The start of an Atom feed, up to its entries: `urls` are the feed's own address and its
/// page's.
pub fn feed_head(
    out: &mut String,
    renderer: &Renderer,
    title: &str,
    urls: (&str, &str),
    updated: NaiveDate,
    author: &str,
) {
    let (feed_url, page_url) = urls;
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", renderer.lang.tag());
    let _ = writeln!(out, "<title>{}</title>", xml(title));
    let _ = writeln!(out, "<id>{}</id>", xml(feed_url));
    let _ = writeln!(out, "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", xml(feed_url));
    let _ = writeln!(out, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(page_url));
    let _ = writeln!(out, "<updated>{}</updated>", rfc3339(updated, renderer));
    let _ = writeln!(out, "<author><name>{}</name></author>", xml(author));
    let _ = writeln!(out, "<generator>liaison</generator>");
}

/// Cases newest first: by the date of their last change, then station and id.
fn newest_cases(cases: &mut [(&County, &Station, &Case)]) {
    cases.sort_by(|(ca, sa, a), (cb, sb, b)| {
        (case_updated(b), &cb.id, &sb.id, &b.id).cmp(&(case_updated(a), &ca.id, &sa.id, &a.id))
    });
}

/// An Atom feed of cases, newest first.
pub fn cases_feed(
    renderer: &Renderer,
    index: &CountyIndex,
    title: &str,
    feed_path: &str,
    page_path: &str,
    cases: &[(&Station, &Case)],
) -> OutputFile {
    let county = index.county;
    let mut cases: Vec<(&County, &Station, &Case)> = cases.iter().map(|(s, c)| (county, *s, *c)).collect();
    newest_cases(&mut cases);
    // A feed reader is not at the case's page: its photos by their full address.
    let county_url = format!("{}{}/", renderer.base_url, county.id);
    let story = |station: &Station, case: &Case| {
        let story = index.case_html(station, case).to_string();
        if case.images.is_empty() {
            return story;
        }
        story.replace(&format!("src=\"{}", super::index::RULE_ROOT), &format!("src=\"{county_url}"))
    };
    write_cases_feed(renderer, title, feed_path, page_path, &county.name, &cases, story)
}

/// The city's feeds (cases, posts, notices) hold the newest this many entries (a county's and
/// a station's hold all).
pub const CITY_FEED: usize = 200;

/// The city's feed of cases: the newest [`CITY_FEED`] of every county.
pub fn city_cases_feed(renderer: &Renderer, site: &crate::model::Site, counties: &[&[CityCase]]) -> OutputFile {
    let mut cases: Vec<&CityCase> = counties.iter().flat_map(|c| c.iter()).collect();
    // The order of `newest_cases`: newest first, then by ids, all descending.
    cases.sort_by(|a, b| (b.updated, &b.key).cmp(&(a.updated, &a.key)));
    cases.truncate(CITY_FEED);
    let title = format!("{} · {}", site.portal.title, renderer.strings.get("cases"));
    let base = &renderer.base_url;
    let mut out = String::new();
    let updated = cases.first().map_or(renderer.today, |c| c.updated);
    feed_head(&mut out, renderer, &title, (&format!("{base}cases.xml"), base), updated, &site.portal.title);
    for case in &cases {
        out.push_str(&case.entry);
    }
    out.push_str("</feed>\n");
    OutputFile { path: "cases.xml".into(), content: Content::Bytes(out.into_bytes()) }
}

/// A county's case as the city's feed holds it (kept in the county's portal part, issue 20).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CityCase {
    pub updated: NaiveDate,
    /// County, station and case ids: the order of cases updated the same day.
    pub key: (String, String, String),
    pub entry: String,
}

/// The county's newest cases as the city's feed holds them: no more than the feed can show.
pub fn city_cases(renderer: &Renderer, county: &County) -> Vec<CityCase> {
    let mut cases: Vec<(&County, &Station, &Case)> =
        county.stations.iter().flat_map(|s| s.cases.iter().map(move |c| (county, s, c))).collect();
    newest_cases(&mut cases);
    cases.truncate(CITY_FEED);
    let base = &renderer.base_url;
    cases
        .into_iter()
        .map(|(county, station, case)| {
            let story = super::markdown::to_html_with(&case.body, &case.images, &format!("{base}{}/", county.id));
            let mut entry = String::new();
            case_entry(&mut entry, renderer, county, station, case, &story);
            CityCase {
                updated: case_updated(case),
                key: (county.id.clone(), station.id.clone(), case.id.clone()),
                entry,
            }
        })
        .collect()
}

fn write_cases_feed(
    renderer: &Renderer,
    title: &str,
    feed_path: &str,
    page_path: &str,
    author: &str,
    cases: &[(&County, &Station, &Case)],
    story: impl Fn(&Station, &Case) -> String,
) -> OutputFile {
    let base = &renderer.base_url;
    let updated = cases.first().map_or(renderer.today, |(_, _, c)| case_updated(c));
    let mut out = String::new();
    let urls = (format!("{base}{feed_path}"), format!("{base}{page_path}"));
    feed_head(&mut out, renderer, title, (&urls.0, &urls.1), updated, author);
    for (county, station, case) in cases {
        case_entry(&mut out, renderer, county, station, case, &story(station, case));
    }
    out.push_str("</feed>\n");
    OutputFile { path: feed_path.to_string(), content: Content::Bytes(out.into_bytes()) }
}

/// One case of a feed, with its story's HTML.
fn case_entry(out: &mut String, renderer: &Renderer, county: &County, station: &Station, case: &Case, story: &str) {
    let url = format!("{}{}/stations/{}/cases/{}/", renderer.base_url, county.id, station.id, case.id);
    let status = renderer.strings.get(format::status_label_key(case.status));
    let _ = writeln!(out, "<entry>");
    let _ = writeln!(
        out,
        "<title>{}</title>",
        xml(&format!(
            "{}{}{status}{}",
            case.title,
            renderer.strings.get("paren_open"),
            renderer.strings.get("paren_close")
        ))
    );
    let _ = writeln!(out, "<id>{}</id>", xml(&url));
    let _ = writeln!(out, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&url));
    let _ = writeln!(out, "<published>{}</published>", rfc3339(case.received, renderer));
    let _ = writeln!(out, "<updated>{}</updated>", rfc3339(case_updated(case), renderer));
    let _ = writeln!(out, "<category term=\"{}\" label=\"{}\"/>", format::status_key(case.status), xml(status));
    if let Some(category) = &case.category {
        let _ = writeln!(out, "<category term=\"{}\"/>", xml(category));
    }
    let summary = format!("{} · {status}", station.name);
    let _ = writeln!(out, "<summary type=\"text\">{}</summary>", xml(&summary));
    let _ = writeln!(out, "<content type=\"html\">{}</content>", xml(story));
    let _ = writeln!(out, "</entry>");
}

/// `sitemap.xml` of a county: every page, by its address.
pub fn sitemap(renderer: &Renderer, dir: &str, paths: &[String]) -> OutputFile {
    let mut pages: Vec<&str> =
        paths.iter().filter_map(|p| p.strip_suffix("index.html")).filter(|p| p.starts_with(dir)).collect();
    pages.sort_unstable();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        let _ = writeln!(out, "<url><loc>{}</loc></url>", xml(&format!("{}{page}", renderer.base_url)));
    }
    out.push_str("</urlset>\n");
    OutputFile { path: format!("{dir}sitemap.xml"), content: Content::Bytes(out.into_bytes()) }
}

/// `robots.txt` that points to a sitemap (for a county served at its own address too).
pub fn robots(renderer: &Renderer, dir: &str) -> OutputFile {
    let text = format!("User-agent: *\nAllow: /\nSitemap: {}{dir}sitemap.xml\n", renderer.base_url);
    OutputFile { path: format!("{dir}robots.txt"), content: Content::Bytes(text.into_bytes()) }
}

/// The portal's sitemap index over the counties' sitemaps.
pub fn sitemap_index<'a>(renderer: &Renderer, counties: impl Iterator<Item = &'a str>) -> OutputFile {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let _ = writeln!(out, "<sitemap><loc>{}</loc></sitemap>", xml(&format!("{}sitemap-portal.xml", renderer.base_url)));
    for county in counties {
        let _ = writeln!(
            out,
            "<sitemap><loc>{}</loc></sitemap>",
            xml(&format!("{}{county}/sitemap.xml", renderer.base_url))
        );
    }
    out.push_str("</sitemapindex>\n");
    OutputFile { path: "sitemap.xml".into(), content: Content::Bytes(out.into_bytes()) }
}

/// A friendly "page not found" that works at any depth: its links start at the root of the
/// host (the path of `base_url`), so they stay on the site that serves it.
pub fn not_found(renderer: &Renderer, dir: &str, home_name: &str) -> Result<OutputFile> {
    let path_dir = dir;
    let after_scheme = renderer.base_url.split_once("://").map_or(renderer.base_url.as_str(), |(_, rest)| rest);
    let base = &after_scheme[after_scheme.find('/').unwrap_or(after_scheme.len())..];
    let base = if base.is_empty() { "/" } else { base };
    // A county built to be hosted alone is the root of its own host.
    let (base, dir) = if renderer.standalone_portal.is_some() && !dir.is_empty() { ("/", "") } else { (base, dir) };
    let mut context = Context::new();
    context.insert("assets", &format!("{base}{dir}assets/"));
    context.insert("portal_root", base);
    context.insert("crumbs", &Vec::<super::views::Link>::new());
    context.insert("home_href", &format!("{base}{dir}"));
    context.insert("home_name", home_name);
    context.insert("search_href", &format!("{base}{dir}search/"));
    let html = renderer.page("404.html", &context)?;
    Ok(OutputFile { path: format!("{path_dir}404.html"), content: Content::Bytes(html) })
}

/// The county's feeds: all its cases, and each station's.
pub fn county_feeds(renderer: &Renderer, index: &CountyIndex) -> Vec<OutputFile> {
    let county = index.county;
    let cases_word = renderer.strings.get("cases");
    let all: Vec<(&Station, &Case)> =
        county.stations.iter().flat_map(|s| s.cases.iter().map(move |c| (s, c))).collect();
    let mut out = vec![cases_feed(
        renderer,
        index,
        &format!("{} · {cases_word}", county.name),
        &format!("{}/cases.xml", county.id),
        &format!("{}/cases/", county.id),
        &all,
    )];
    for station in &county.stations {
        let cases: Vec<(&Station, &Case)> = station.cases.iter().map(|c| (station, c)).collect();
        out.push(cases_feed(
            renderer,
            index,
            &format!("{} · {cases_word}", station.name),
            &format!("{}/stations/{}/cases.xml", county.id, station.id),
            &format!("{}/stations/{}/", county.id, station.id),
            &cases,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(xml("a\u{FFFE}b\u{FFFF}c\u{0}\u{1F}\t\n\r（）"), "abc\t\n\r（）");
    }
}
