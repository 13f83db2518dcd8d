//! Model → HTML: Tera templates of the theme (minified once, when loaded), Markdown.
//!
//! Pure apart from reading nothing and writing nothing: every page comes back as bytes
//! in an [`OutputFile`] for `write` to put in place. Templates are compiled once per build;
//! each page gets a small context of the fields it shows, never the whole site, so the
//! cost of a page does not grow with the size of its county.

mod board;
mod card;
mod cases_page;
mod channels;
mod compact;
mod county;
mod deputy;
mod docs;
mod feeds;
mod figures;
mod format;
mod index;
mod links;
mod map;
pub mod markdown;
mod open_data;
mod part;
mod portal;
mod posters;
mod posts;
mod projects_page;
mod qr;
pub mod reception;
mod record;
mod search_page;
mod station;
mod strings;
mod views;

pub use county::{render_county, RenderedCounty};
pub use part::PortalPart;
pub use portal::render_portal;
pub use strings::Strings;

use crate::lang::Lang;
use crate::model::Site;
use crate::theme::Theme;
use anyhow::{anyhow, Context as _, Result};
use chrono::NaiveDate;
use std::path::PathBuf;
use tera::{Context, Tera};

/// One file of the built site, by path relative to the site folder.
pub struct OutputFile {
    pub path: String,
    pub content: Content,
}

/// What a data script (`*.js` of the search index, `sessions.js`) starts with: it hands its
/// JSON to the `<script>` element that loaded it, so the browser loads data as a script
/// rather than fetching it, and search and dates work opened from disk (`file://`, where
/// `fetch` is refused) under the CSP's `script-src 'self'` (as mdBook's `searchindex.js`).
pub const DATA_SCRIPT_PREFIX: &str = "document.currentScript.liaison=";
/// What a data script ends with.
pub const DATA_SCRIPT_SUFFIX: &str = ";\n";

impl OutputFile {
    /// A data script at `path` holding `json` (see [`DATA_SCRIPT_PREFIX`]).
    pub fn data_script(path: String, json: &str) -> OutputFile {
        let mut bytes = Vec::with_capacity(DATA_SCRIPT_PREFIX.len() + json.len() + DATA_SCRIPT_SUFFIX.len());
        bytes.extend_from_slice(DATA_SCRIPT_PREFIX.as_bytes());
        bytes.extend_from_slice(json.as_bytes());
        bytes.extend_from_slice(DATA_SCRIPT_SUFFIX.as_bytes());
        OutputFile { path, content: Content::Bytes(bytes) }
    }
}

pub enum Content {
    Bytes(Vec<u8>),
    /// A content file (a photo) copied as it is.
    CopyOf(PathBuf),
    /// A JPEG or PNG copied without its metadata (EXIF GPS and the like: issue 16).
    WithoutMetadata(PathBuf),
    /// A photo at one of its widths (issue 16: `photo::variant`). Its name holds its source's
    /// hash: `write` takes the previous site's file of that name instead of making it again.
    Photo {
        source: PathBuf,
        header: crate::photo::Header,
        width: u32,
    },
}

impl Content {
    /// How a checked image is published: a JPEG or PNG without its metadata, others as they are.
    pub fn of_media(source: &std::path::Path) -> Content {
        let extension = source.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("jpg" | "jpeg" | "png") => Content::WithoutMetadata(source.to_path_buf()),
            _ => Content::CopyOf(source.to_path_buf()),
        }
    }
}

/// The files of a checked image, below the folder `dir` (the county's): a photo at each of
/// its widths, any other image as [`Content::of_media`] publishes it.
pub fn media_files(dir: &str, media: &crate::model::MediaRef) -> Vec<OutputFile> {
    media
        .files()
        .into_iter()
        .map(|(path, width)| {
            let content = match (&media.photo, media.size, width) {
                (Some(photo), Some((w, h)), Some(width)) => Content::Photo {
                    source: media.source.clone(),
                    header: crate::photo::Header {
                        width: w,
                        height: h,
                        orientation: photo.orientation,
                        encoding: photo.encoding,
                    },
                    width,
                },
                _ => Content::of_media(&media.source),
            };
            OutputFile { path: format!("{dir}{path}"), content }
        })
        .collect()
}

/// Everything a page needs that does not change from page to page.
pub struct Renderer {
    tera: Tera,
    pub strings: Strings,
    pub lang: Lang,
    pub today: NaiveDate,
    pub zone: crate::model::TimeZone,
    /// The portal's address, ending with `/`.
    pub base_url: String,
    /// How long a session without a written end lasts, in minutes, unless its station says.
    pub session_length: u32,
    stylesheet: Vec<u8>,
    /// The portal's address for county pages built to be hosted alone (`build --standalone`).
    standalone_portal: Option<String>,
    /// Links to folders written as `…/index.html` (`build --index-links`).
    index_links: bool,
    /// The theme's scripts, by plain name ([`AssetNames::SCRIPTS`]).
    scripts: Vec<(&'static str, Vec<u8>)>,
    /// Each asset's name with its content's hash (`style.css` → `style.1a2b3c4d5e.css`).
    assets: AssetNames,
}

/// The theme's stylesheet and scripts, each named with the hash of its bytes, so that a
/// server can let browsers keep them for a year: a changed file has a new name. Templates
/// keep writing `{{ assets }}style.css`; the names are put in when the theme is loaded.
#[derive(Clone, Debug)]
pub struct AssetNames {
    names: Vec<(&'static str, String)>,
}

impl AssetNames {
    const SCRIPTS: [&'static str; 5] = ["reception.js", "search.js", "cases.js", "disk.js", "elder.js"];
    const FILES: [&'static str; 6] = ["style.css", "reception.js", "search.js", "cases.js", "disk.js", "elder.js"];

    fn of(theme: &Theme) -> AssetNames {
        let names = AssetNames::FILES
            .iter()
            .map(|name| {
                let bytes = theme.files.get(&format!("static/{name}")).map_or(&[][..], Vec::as_slice);
                let hash = xxhash_rust::xxh3::xxh3_64(bytes);
                let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
                (*name, format!("{stem}.{:010x}.{extension}", hash >> 24))
            })
            .collect();
        AssetNames { names }
    }

    /// The hashed name of `name`.
    pub fn get<'a>(&'a self, name: &'a str) -> &'a str {
        self.names.iter().find(|(plain, _)| *plain == name).map_or(name, |(_, hashed)| hashed.as_str())
    }

    /// A template with its references to the assets (`{{ assets }}style.css`,
    /// `../assets/search.js`) naming the hashed files.
    fn put_in(&self, template: &str) -> String {
        let mut out = template.to_string();
        for (plain, hashed) in &self.names {
            for prefix in ["{{ assets }}", "assets/"] {
                out = out.replace(&format!("{prefix}{plain}"), &format!("{prefix}{hashed}"));
            }
        }
        out
    }
}

impl Renderer {
    pub fn new(theme: &Theme, site: &Site, today: NaiveDate) -> Result<Renderer> {
        Renderer::with_templates(theme, site, today, true)
    }

    /// A renderer whose templates are minified (`minify`) or used as written.
    fn with_templates(theme: &Theme, site: &Site, today: NaiveDate, minify: bool) -> Result<Renderer> {
        let lang = site.portal.language;
        let strings = Strings::load(theme, lang)?;
        let assets = AssetNames::of(theme);
        let mut tera = templates(theme, minify, &strings, &assets)?;
        let global = tera.global_context();
        global.insert("t", &strings);
        global.insert("lang", lang.tag());
        global.insert("portal_title", &site.portal.title);
        // "信息更新于 …": pages that show dates say when they were built.
        global.insert("updated", &format::date(today, lang));
        global.insert("updated_iso", &today.to_string());
        let stylesheet = theme.files.get("static/style.css").cloned().unwrap_or_default();
        let scripts = AssetNames::SCRIPTS
            .iter()
            .map(|name| (*name, theme.files.get(&format!("static/{name}")).cloned().unwrap_or_default()))
            .collect();
        // Share cards: `og:image` is an absolute address when the portal has one.
        global.insert("base_url", &site.portal.base_url);
        Ok(Renderer {
            tera,
            strings,
            lang,
            today,
            zone: site.portal.timezone.clone(),
            base_url: site.portal.base_url.clone(),
            session_length: site.portal.session_length.unwrap_or(crate::model::DEFAULT_SESSION_MINUTES),
            stylesheet,
            scripts,
            standalone_portal: None,
            index_links: false,
            assets,
        })
    }

    /// County pages fit to be hosted alone: their site-title link goes to the portal's
    /// address (`base_url`) instead of `../` out of the county's folder.
    pub fn standalone(mut self, standalone: bool) -> Renderer {
        self.standalone_portal = standalone.then(|| self.base_url.clone());
        self
    }

    /// Pages whose links to folders name their `index.html`, for a site opened from disk
    /// without JavaScript ([`links::index_links`]).
    pub fn index_links(mut self, index_links: bool) -> Renderer {
        self.index_links = index_links;
        self
    }

    /// Renders a template (minified when the theme was loaded, see [`compact`]).
    fn page(&self, template: &str, context: &Context) -> Result<Vec<u8>> {
        // The one link out of a county's folder is the site title's (`portal_root`, see
        // `views::base_context`); the portal's own pages keep theirs.
        let standalone;
        let context = match &self.standalone_portal {
            Some(url) if !template.starts_with("portal") => {
                standalone = {
                    let mut context = context.clone();
                    context.insert("portal_root", url);
                    context
                };
                &standalone
            }
            _ => context,
        };
        // Written as bytes: Tera's `render` checks its whole output is UTF-8, which it is by
        // construction (and which cost a twentieth of a build).
        let mut html = Vec::with_capacity(8 * 1024);
        self.tera.render_to(template, context, &mut html).map_err(|e| anyhow!("template `{template}`: {e}"))?;
        if self.index_links {
            html = links::index_links(&html);
        }
        Ok(html)
    }

    /// The theme's scripts, in a county's (or the portal's) `assets/`.
    fn scripts<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = OutputFile> + 'a {
        self.scripts.iter().map(move |(name, bytes)| OutputFile {
            path: format!("{dir}assets/{}", self.assets.get(name)),
            content: Content::Bytes(bytes.clone()),
        })
    }

    /// A `webcal://` address for subscribing to a feed at `path` (relative to the site),
    /// when the portal has an http(s) address.
    fn webcal(&self, path: &str) -> Option<String> {
        let rest = self.base_url.strip_prefix("https://").or_else(|| self.base_url.strip_prefix("http://"))?;
        Some(format!("webcal://{rest}{path}"))
    }

    fn stylesheet(&self, dir: &str) -> OutputFile {
        OutputFile {
            path: format!("{dir}assets/{}", self.assets.get("style.css")),
            content: Content::Bytes(self.stylesheet.clone()),
        }
    }
}

/// The theme's templates compiled, the interface strings filled in ([`Strings::fill_in`]),
/// each minified by [`compact`] when `minify` is set.
fn templates(theme: &Theme, minify: bool, strings: &Strings, assets: &AssetNames) -> Result<Tera> {
    let templates: Vec<(String, String)> = theme
        .under("templates")
        .map(|(name, bytes)| {
            let source = assets.put_in(&String::from_utf8(bytes.to_vec())?);
            Ok((name.to_string(), strings.fill_in(&source, name.ends_with(".html"))))
        })
        .collect::<Result<_>>()
        .context("a theme template is not UTF-8")?;
    let new = || {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera
    };
    if minify {
        let cfg = compact::cfg();
        let compacted: Vec<(String, String)> = templates
            .iter()
            .map(|(name, source)| (name.clone(), compact::compact(source, &cfg).unwrap_or_else(|| source.clone())))
            .collect();
        let mut tera = new();
        if tera.add_raw_templates(compacted).is_ok() {
            return Ok(tera);
        }
        // Should minifying ever break a template, the theme is used as written (and, if it
        // is broken as written, reported as such).
    }
    let mut tera = new();
    tera.add_raw_templates(templates).map_err(|e| anyhow!("theme templates: {e}"))?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minifying the templates once gives the pages that minifying every page would: on the
    /// sample content and the test fixtures, every HTML file minified is the same either way.
    #[test]
    fn minified_templates_make_the_pages_minify_html_would() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let cfg = compact::cfg();
        let mut pages = 0;
        for content in ["content", "tests/fixtures/valid", "tests/fixtures/schedules"] {
            let site = crate::load::load(&root.join(content)).unwrap().site;
            let theme = Theme::load(site.portal.theme.as_deref()).unwrap();
            let render_all = |minify: bool| {
                let renderer = Renderer::with_templates(&theme, &site, today, minify).unwrap();
                let files = std::sync::Mutex::new(render_portal(&renderer, &site).unwrap());
                let sink = |pages: Vec<OutputFile>| {
                    files.lock().unwrap().extend(pages);
                    Ok(())
                };
                for county in &site.counties {
                    let rest = render_county(&renderer, &site, county, &sink).unwrap().files;
                    files.lock().unwrap().extend(rest);
                }
                let mut files = files.into_inner().unwrap();
                files.sort_by(|a, b| a.path.cmp(&b.path));
                files
            };
            for (minified, raw) in render_all(true).iter().zip(render_all(false)) {
                assert_eq!(minified.path, raw.path);
                let (Content::Bytes(a), Content::Bytes(b)) = (&minified.content, &raw.content) else {
                    continue;
                };
                if minified.path.ends_with(".html") {
                    let (a, b) = (minify_html::minify(a, &cfg), minify_html::minify(b, &cfg));
                    assert!(a == b, "{content}: {}\n{}\n{}", minified.path, lossy(&a), lossy(&b));
                    pages += 1;
                } else {
                    assert!(a == b, "{content}: {}", minified.path);
                }
            }
        }
        assert!(pages > 100, "only {pages} pages compared");
    }

    fn lossy(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }
}
