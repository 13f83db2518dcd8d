//! **Extension (issue 17).** Posts (news, notices, reports): each post's page, the paged
//! lists of a station's, a county's and the city's posts, the short list their homes show
//! (`posts_section.html`), and their Atom feeds (all posts, and notices alone).
//!
//! A station lists its own posts and the county's posts that name it; a county, its own
//! and all its stations'; the city, its own and every county's. Lists and feeds are newest
//! first (by `date`, then by address), so the same content gives the same pages; feed dates
//! come from the posts, never from the clock.

use super::feeds::{feed_head, rfc3339, xml, CITY_FEED};
use super::format::date;
use super::index::CountyIndex;
use super::markdown::to_html_with;
use super::views::{page_file, Link};
use super::{OutputFile, Renderer};
use crate::model::{County, Post, PostKind, Site, Station};
use crate::search::{unit_text, DocKind, SearchDoc};
use anyhow::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use tera::Context;

/// Posts per list page.
pub const PER_PAGE: usize = 20;
/// Posts a home page shows before its link to the list.
pub const ON_HOME: usize = 5;

/// A post and where it is.
pub struct Placed<'a> {
    pub post: &'a Post,
    /// Its page, from the site's root (`lishi/stations/s/posts/x/`).
    pub path: String,
    /// The folder its images' paths start from, from the site's root (`lishi/`, or `` for
    /// the city's).
    pub owner_dir: String,
    /// The station, county or city it belongs to, by name.
    pub place: String,
    pub county: Option<&'a County>,
    pub station: Option<&'a Station>,
}

/// Newest first; posts of one day by address.
fn newest_first(list: &mut [Placed]) {
    list.sort_by(|a, b| (b.post.date, &a.path).cmp(&(a.post.date, &b.path)));
}

/// A post as lists and feeds show it, owned: a county's posts reach the city's list and
/// feeds through its portal part (issue 20), the county's model long gone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Listed {
    pub date: NaiveDate,
    /// Its page, from the site's root.
    pub path: String,
    pub kind: PostKind,
    pub title: String,
    /// The station, county or city it belongs to, by name.
    pub place: String,
    pub excerpt: String,
    /// Its `<entry>` in Atom feeds.
    pub entry: String,
}

/// Newest first; posts of one day by address (the order of [`newest_first`]).
pub fn newest_listed_first(list: &mut [Listed]) {
    list.sort_by(|a, b| (b.date, &a.path).cmp(&(a.date, &b.path)));
}

/// The posts of `list` as lists and feeds show them, in the same order.
pub fn listing(renderer: &Renderer, list: &[Placed]) -> Vec<Listed> {
    list.iter()
        .map(|placed| {
            let post = placed.post;
            Listed {
                date: post.date,
                path: placed.path.clone(),
                kind: post.kind,
                title: post.title.clone(),
                place: placed.place.clone(),
                excerpt: excerpt(&post.body),
                entry: feed_entry(renderer, placed),
            }
        })
        .collect()
}

fn station_own<'a>(county: &'a County, station: &'a Station) -> impl Iterator<Item = Placed<'a>> + 'a {
    station.posts.iter().map(move |post| Placed {
        post,
        path: format!("{}/stations/{}/posts/{}/", county.id, station.id, post.id),
        owner_dir: format!("{}/", county.id),
        place: station.name.clone(),
        county: Some(county),
        station: Some(station),
    })
}

fn county_own(county: &County) -> impl Iterator<Item = Placed<'_>> + '_ {
    county.posts.iter().map(move |post| Placed {
        post,
        path: format!("{}/posts/{}/", county.id, post.id),
        owner_dir: format!("{}/", county.id),
        place: county.name.clone(),
        county: Some(county),
        station: None,
    })
}

/// What a station lists: its own posts and the county's that name it.
pub fn of_station<'a>(county: &'a County, station: &'a Station) -> Vec<Placed<'a>> {
    let mut list: Vec<Placed> = station_own(county, station)
        .chain(county_own(county).filter(|p| p.post.stations.contains(&station.id)))
        .collect();
    newest_first(&mut list);
    list
}

/// What a county lists: its own posts and all its stations'.
pub fn of_county(county: &County) -> Vec<Placed<'_>> {
    let mut list: Vec<Placed> =
        county_own(county).chain(county.stations.iter().flat_map(|s| station_own(county, s))).collect();
    newest_first(&mut list);
    list
}

/// The city's own posts, placed.
fn city_own(site: &Site) -> Vec<Placed<'_>> {
    let mut list: Vec<Placed> = site
        .posts
        .iter()
        .map(|post| Placed {
            post,
            path: format!("posts/{}/", post.id),
            owner_dir: String::new(),
            place: site.portal.title.clone(),
            county: None,
            station: None,
        })
        .collect();
    newest_first(&mut list);
    list
}

/// What the city lists: its own posts and every county's (from the counties' parts).
pub fn of_city<'p>(renderer: &Renderer, site: &Site, counties: impl Iterator<Item = &'p [Listed]>) -> Vec<Listed> {
    let mut list = listing(renderer, &city_own(site));
    for county in counties {
        list.extend(county.iter().cloned());
    }
    newest_listed_first(&mut list);
    list
}

/// The way back from a page at `dir` (from the site's root, ending with `/`) to the root.
fn up(dir: &str) -> String {
    "../".repeat(dir.matches('/').count())
}

/// A link from a page at `from_dir` to `to`, both from the site's root: up to the folder
/// they share, then down (a county's pages link within the county, which stays whole when
/// copied elsewhere).
fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let mut shared = 0;
    let mut rest = to;
    for segment in &from {
        match rest.strip_prefix(segment).and_then(|r| r.strip_prefix('/')) {
            Some(after) => {
                shared += 1;
                rest = after;
            }
            None => break,
        }
    }
    format!("{}{rest}", "../".repeat(from.len() - shared))
}

pub fn kind_key(kind: PostKind) -> &'static str {
    match kind {
        PostKind::News => "post_news",
        PostKind::Notice => "post_notice",
        PostKind::Report => "post_report",
    }
}

/// A post in a list.
#[derive(Serialize)]
pub struct PostItem {
    title: String,
    href: String,
    date: String,
    iso: String,
    kind: String,
    kind_key: &'static str,
    /// Where it comes from, when the list is wider than that (a county's list of a station's).
    place: Option<String>,
    excerpt: String,
}

/// The first words of a post's text, as plain text.
fn excerpt(markdown: &str) -> String {
    const CHARS: usize = 60;
    let mut text = String::new();
    for event in pulldown_cmark::Parser::new(markdown) {
        match event {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => text.push_str(&t),
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph) => text.push(' '),
            // A line break inside a paragraph: a space between words, none between characters.
            pulldown_cmark::Event::SoftBreak if text.ends_with(|c: char| c.is_ascii_alphanumeric()) => text.push(' '),
            _ => {}
        }
        if text.chars().count() > CHARS {
            break;
        }
    }
    let text = text.trim();
    match text.char_indices().nth(CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

fn item(renderer: &Renderer, listed: &Listed, page_dir: &str, list_place: Option<&str>) -> PostItem {
    PostItem {
        title: listed.title.clone(),
        href: relative(page_dir, &listed.path),
        date: date(listed.date, renderer.lang),
        iso: listed.date.to_string(),
        kind: renderer.strings.get(kind_key(listed.kind)).to_string(),
        kind_key: listed.kind.word(),
        place: (list_place != Some(listed.place.as_str())).then(|| listed.place.clone()),
        excerpt: listed.excerpt.clone(),
    }
}

/// The posts a home shows: the newest few, with links to the list and the feeds.
#[derive(Serialize)]
pub struct Section {
    items: Vec<PostItem>,
    total: usize,
    all_href: String,
    feed_href: String,
    /// The notices' own feed (counties and the city).
    notices_href: Option<String>,
}

/// The section of a home at `dir` (from the site's root) whose list is `list_dir`.
pub fn section(renderer: &Renderer, list: &[Listed], page_dir: &str, list_dir: &str, place: &str) -> Section {
    let notices = !list_dir.contains("/stations/");
    Section {
        items: list.iter().take(ON_HOME).map(|p| item(renderer, p, page_dir, Some(place))).collect(),
        total: list.len(),
        all_href: relative(page_dir, &format!("{list_dir}posts/")),
        feed_href: relative(page_dir, &format!("{list_dir}posts.xml")),
        notices_href: notices.then(|| relative(page_dir, &format!("{list_dir}notices.xml"))),
    }
}

/// What a page of posts needs besides its view: the folder of its assets and its crumbs.
struct Frame<'a> {
    /// From the site's root: `lishi/`, or `` for the city.
    assets_dir: &'a str,
    crumbs: Vec<(String, String)>,
}

fn context(page_dir: &str, frame: &Frame) -> Context {
    let mut context = Context::new();
    context.insert("assets", &relative(page_dir, &format!("{}assets/", frame.assets_dir)));
    context.insert("portal_root", &up(page_dir));
    let crumbs: Vec<Link> =
        frame.crumbs.iter().map(|(href, text)| Link { href: relative(page_dir, href), text: text.clone() }).collect();
    context.insert("crumbs", &crumbs);
    context
}

/// A link of the pager; `number` 0 stands for the pages left out between two links.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// The pages a pager links: the first, the last, and two either side of the current one.
fn pager(n: usize, pages: usize, href: impl Fn(usize) -> String) -> Vec<PageLink> {
    let mut links: Vec<PageLink> = Vec::new();
    for k in 1..=pages {
        if k == 1 || k == pages || k.abs_diff(n) <= 2 {
            if links.last().is_some_and(|l| l.number + 1 < k) {
                links.push(PageLink { number: 0, href: String::new(), current: false });
            }
            links.push(PageLink { number: k, href: href(k), current: k == n });
        }
    }
    links
}

/// The paged list of `list` under `<list_dir>posts/`: page 1 at `posts/`, page n at
/// `posts/page/n/`; none for an empty list (no home links it; its feeds still exist).
fn list_pages(
    renderer: &Renderer,
    list: &[Listed],
    list_dir: &str,
    heading: &str,
    frame: &Frame,
) -> Result<Vec<OutputFile>> {
    let dir_of = |n: usize| {
        if n == 1 {
            format!("{list_dir}posts/")
        } else {
            format!("{list_dir}posts/page/{n}/")
        }
    };
    let pages = list.len().div_ceil(PER_PAGE);
    let mut out = Vec::with_capacity(pages);
    for n in 1..=pages {
        let page_dir = dir_of(n);
        let link = |to: &str| relative(&page_dir, to);
        let items: Vec<PostItem> = list
            .iter()
            .skip((n - 1) * PER_PAGE)
            .take(PER_PAGE)
            .map(|p| item(renderer, p, &page_dir, Some(heading)))
            .collect();
        let links = pager(n, pages, |k| link(&dir_of(k)));
        let mut context = context(&page_dir, frame);
        context.insert("heading", heading);
        context.insert("items", &items);
        context.insert("page", &n);
        context.insert("page_count", &pages);
        context.insert("pages", &links);
        context.insert("prev", &(n > 1).then(|| link(&dir_of(n - 1))));
        context.insert("next", &(n < pages).then(|| link(&dir_of(n + 1))));
        context.insert("feed_href", &link(&format!("{list_dir}posts.xml")));
        let notices = !list_dir.contains("/stations/");
        context.insert("notices_href", &notices.then(|| link(&format!("{list_dir}notices.xml"))));
        out.push(page_file(format!("{page_dir}index.html"), renderer.page("posts.html", &context)?));
    }
    Ok(out)
}

#[derive(Serialize)]
struct PhotoView {
    src: String,
    width: Option<u32>,
    height: Option<u32>,
    caption: String,
}

/// A post's page; its search document when it belongs to a county (`index`).
/// `deputy` names a deputy the post names (an id of its county, or `county/id` for the city's).
fn post_page(
    renderer: &Renderer,
    placed: &Placed,
    index: Option<&CountyIndex>,
    deputy: &dyn Fn(&str) -> String,
    frame: &Frame,
) -> Result<(OutputFile, Option<SearchDoc>)> {
    #[derive(Serialize)]
    struct PostView<'a> {
        title: &'a str,
        kind: &'a str,
        kind_key: &'static str,
        date: String,
        iso: String,
        place: String,
        stations: Vec<Link>,
        deputies: Vec<Link>,
        source: Option<&'a str>,
        body: String,
        photos: Vec<PhotoView>,
        /// The session a notice announces: its day and hours, and its station.
        session: Option<SessionView>,
    }
    #[derive(Serialize)]
    struct SessionView {
        when: String,
        station: Link,
    }
    let post = placed.post;
    let image_root = relative(&placed.path, &placed.owner_dir);
    let county_root = placed.county.map(|c| relative(&placed.path, &format!("{}/", c.id)));
    let station_link = |id: &str| -> Option<Link> {
        let county = placed.county?;
        let station = county.stations.iter().find(|s| s.id == id)?;
        Some(Link { href: format!("{}stations/{id}/", county_root.as_deref()?), text: station.name.clone() })
    };
    let deputies = post
        .deputies
        .iter()
        .map(|id| {
            let href = match &county_root {
                Some(root) => format!("{root}deputies/{id}/"),
                // A city post's deputies are `county/id`.
                None => relative(&placed.path, &format!("{}/", id.replacen('/', "/deputies/", 1))),
            };
            Link { href, text: deputy(id) }
        })
        .collect();
    let session = post.session.as_ref().and_then(|(station_id, day)| {
        let station = placed.county?.stations.iter().find(|s| &s.id == station_id)?;
        let announced = station.notices.iter().find(|a| a.date == *day && placed.path.ends_with(&a.href));
        let day_words = super::format::date_with_weekday(*day, renderer.lang);
        // A notice that names the day: the hours of the station's one-off that day, if any.
        let one_off = station.schedule.iter().find(|e| e.when == crate::model::When::On(*day)).map(|e| e.time);
        let when = match (announced.and_then(|a| a.time).or(one_off), index) {
            // With the end a session written without one is given at its station.
            (Some(time), Some(index)) => format!("{day_words} {}", index.time_words(station, &time, renderer.lang)),
            _ => day_words,
        };
        Some(SessionView { when, station: station_link(station_id)? })
    });
    let view = PostView {
        title: &post.title,
        kind: renderer.strings.get(kind_key(post.kind)),
        kind_key: post.kind.word(),
        date: date(post.date, renderer.lang),
        iso: post.date.to_string(),
        place: placed.place.clone(),
        stations: post.stations.iter().filter_map(|id| station_link(id)).collect(),
        deputies,
        source: post.source.as_deref(),
        body: to_html_with(&post.body, &post.images, &image_root),
        photos: post
            .photos
            .iter()
            .map(|(media, caption)| PhotoView {
                src: format!("{image_root}{}", media.site_path),
                width: media.size.map(|s| s.0),
                height: media.size.map(|s| s.1),
                caption: caption.clone().unwrap_or_default(),
            })
            .collect(),
        session,
    };
    let mut context = context(&placed.path, frame);
    context.insert("post", &view);
    context.insert("list_href", &relative(&placed.path, &format!("{}posts/", list_dir_of(placed))));
    let html = renderer.page("post.html", &context)?;
    let doc = index.map(|index| {
        let station = placed.station.map_or(0, |s| index.station_index(s));
        let county_path = placed.path.split_once('/').map_or("", |(_, rest)| rest);
        SearchDoc {
            summary: view.kind.to_string(),
            text: Some(unit_text(&html)),
            ..SearchDoc::new(DocKind::Post, &post.title, county_path, station, format!("post:{county_path}"))
        }
    });
    Ok((page_file(format!("{}index.html", placed.path), html), doc))
}

/// The folder whose `posts/` lists a post: its station's, county's or the city's.
fn list_dir_of(placed: &Placed) -> String {
    placed.path.rsplit_once("posts/").map_or(String::new(), |(dir, _)| dir.to_string())
}

/// An Atom feed of posts, newest first (at most `limit`).
fn feed(renderer: &Renderer, title: &str, author: &str, list_dir: &str, name: &str, list: &[&Listed]) -> OutputFile {
    let base = &renderer.base_url;
    let feed_path = format!("{list_dir}{name}.xml");
    let updated = list.first().map_or(renderer.today, |p| p.date);
    let mut out = String::new();
    let urls = (format!("{base}{feed_path}"), format!("{base}{list_dir}posts/"));
    feed_head(&mut out, renderer, title, (&urls.0, &urls.1), updated, author);
    for listed in list {
        out.push_str(&listed.entry);
    }
    out.push_str("</feed>\n");
    OutputFile { path: feed_path, content: super::Content::Bytes(out.into_bytes()) }
}

/// A post's `<entry>` in a feed.
fn feed_entry(renderer: &Renderer, placed: &Placed) -> String {
    let base = &renderer.base_url;
    let post = placed.post;
    let url = format!("{base}{}", placed.path);
    let kind = renderer.strings.get(kind_key(post.kind));
    let mut out = String::new();
    let _ = writeln!(out, "<entry>");
    let _ = writeln!(out, "<title>{}</title>", xml(&post.title));
    let _ = writeln!(out, "<id>{}</id>", xml(&url));
    let _ = writeln!(out, "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&url));
    let _ = writeln!(out, "<published>{}</published>", rfc3339(post.date, renderer));
    let _ = writeln!(out, "<updated>{}</updated>", rfc3339(post.date, renderer));
    let _ = writeln!(out, "<author><name>{}</name></author>", xml(&placed.place));
    let _ = writeln!(out, "<category term=\"{}\" label=\"{}\"/>", post.kind.word(), xml(kind));
    let _ = writeln!(out, "<summary type=\"text\">{}</summary>", xml(&excerpt(&post.body)));
    // A feed reader is not at the post's page: images by their full address.
    let image_root = format!("{base}{}", placed.owner_dir);
    let mut html = to_html_with(&post.body, &post.images, &image_root);
    for (media, caption) in &post.photos {
        let alt = caption.as_deref().unwrap_or_default();
        let _ = write!(
            html,
            "<p><img src=\"{}\" alt=\"{}\"></p>",
            xml(&format!("{image_root}{}", media.site_path)),
            xml(alt)
        );
    }
    let _ = writeln!(out, "<content type=\"html\">{}</content>", xml(&html));
    let _ = writeln!(out, "</entry>");
    out
}

/// A list's two feeds: every post, and (unless a station's) its notices alone.
fn feeds(renderer: &Renderer, list: &[Listed], list_dir: &str, name: &str, limit: usize) -> Vec<OutputFile> {
    let all: Vec<&Listed> = list.iter().take(limit).collect();
    let posts_title = format!("{name} · {}", renderer.strings.get("posts"));
    let mut out = vec![feed(renderer, &posts_title, name, list_dir, "posts", &all)];
    if !list_dir.contains("/stations/") {
        let notices: Vec<&Listed> = list.iter().filter(|p| p.kind == PostKind::Notice).take(limit).collect();
        let title = format!("{name} · {}", renderer.strings.get("notices"));
        out.push(feed(renderer, &title, name, list_dir, "notices", &notices));
    }
    out
}

/// A county's post files: the page of each of its and its stations' posts, the county's
/// and each station's lists and feeds; and the posts' search documents.
pub fn county_files(renderer: &Renderer, index: &CountyIndex) -> Result<(Vec<OutputFile>, Vec<SearchDoc>)> {
    let county = index.county;
    let dir = format!("{}/", county.id);
    let county_frame = Frame { assets_dir: &dir, crumbs: vec![(dir.clone(), county.name.clone())] };
    let all = of_county(county);
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for placed in &all {
        let mut crumbs = county_frame.crumbs.clone();
        if let Some(station) = placed.station {
            crumbs.push((format!("{dir}stations/{}/", station.id), station.name.clone()));
        }
        let frame = Frame { assets_dir: &dir, crumbs };
        let (file, doc) = post_page(renderer, placed, Some(index), &|id| index.deputy_name(id), &frame)?;
        out.push(file);
        docs.extend(doc);
    }
    let listed = listing(renderer, &all);
    out.extend(list_pages(renderer, &listed, &dir, &county.name, &county_frame)?);
    out.extend(feeds(renderer, &listed, &dir, &county.name, usize::MAX));
    for media in county.posts.iter().flat_map(Post::media) {
        out.push(OutputFile {
            path: format!("{dir}{}", media.site_path),
            content: super::Content::of_media(&media.source),
        });
    }
    for station in &county.stations {
        let list = of_station(county, station);
        if list.is_empty() {
            continue;
        }
        let station_dir = format!("{dir}stations/{}/", station.id);
        let mut crumbs = county_frame.crumbs.clone();
        crumbs.push((station_dir.clone(), station.name.clone()));
        let frame = Frame { assets_dir: &dir, crumbs };
        let list = listing(renderer, &list);
        out.extend(list_pages(renderer, &list, &station_dir, &station.name, &frame)?);
        out.extend(feeds(renderer, &list, &station_dir, &station.name, usize::MAX));
    }
    Ok((out, docs))
}

/// The city's post files: its own posts' pages and images, and the city's list and feeds
/// over `all`, every post of the city ([`of_city`]). `deputy` names a deputy by
/// `county/id`.
pub fn city_files(
    renderer: &Renderer,
    site: &Site,
    all: &[Listed],
    deputy: &dyn Fn(&str) -> String,
) -> Result<Vec<OutputFile>> {
    let frame = Frame { assets_dir: "", crumbs: Vec::new() };
    let mut out = Vec::new();
    for placed in &city_own(site) {
        out.push(post_page(renderer, placed, None, deputy, &frame)?.0);
    }
    for media in site.posts.iter().flat_map(Post::media) {
        out.push(OutputFile { path: media.site_path.clone(), content: super::Content::of_media(&media.source) });
    }
    out.extend(list_pages(renderer, all, "", &site.portal.title, &frame)?);
    out.extend(feeds(renderer, all, "", &site.portal.title, CITY_FEED));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_the_first_words_as_plain_text() {
        assert_eq!(excerpt("**6月30日**晚，市委书记\n\n进站"), "6月30日晚，市委书记 进站");
        assert_eq!(excerpt("one\ntwo\n字\n字"), "one two 字字");
        let long = "字".repeat(80);
        assert_eq!(excerpt(&long), format!("{}…", "字".repeat(60)));
    }

    #[test]
    fn the_pager_links_the_ends_and_the_pages_near_the_current_one() {
        let numbers = |n, pages| pager(n, pages, |k| k.to_string()).iter().map(|l| l.number).collect::<Vec<_>>();
        assert_eq!(numbers(1, 1), [1]);
        assert_eq!(numbers(1, 3), [1, 2, 3]);
        assert_eq!(numbers(6, 12), [1, 0, 4, 5, 6, 7, 8, 0, 12]);
        assert_eq!(numbers(2, 12), [1, 2, 3, 4, 0, 12]);
    }

    #[test]
    fn links_go_up_to_the_folder_pages_share() {
        assert_eq!(relative("demo/stations/north/posts/x/", "demo/stations/north/media/q.svg"), "../../media/q.svg");
        assert_eq!(relative("demo/posts/page/2/", "demo/posts/"), "../../");
        assert_eq!(relative("posts/", "demo/posts/x/"), "../demo/posts/x/");
        assert_eq!(relative("", "posts/"), "posts/");
        assert_eq!(relative("demo/posts/x/", "demo/"), "../../");
    }

    #[test]
    fn the_way_back_to_the_root() {
        assert_eq!(up("lishi/posts/page/2/"), "../../../../");
        assert_eq!(up("posts/"), "../");
        assert_eq!(up(""), "");
    }
}
