//! liaison: a static site generator for the public portals of people's-congress deputy
//! liaison stations (人大代表联络站).
//!
//! The data goes one way, once per county: `load` (content/ → [`model::Site`] and
//! diagnostics) → `render` (pages as bytes) → `write` (staged, then swapped in). [`build`]
//! is that pipeline, top to bottom.

pub mod author;
pub mod board_fit;
pub mod diag;
pub mod jpeg;
pub mod lang;
pub mod load;
pub mod model;
pub mod names;
pub mod photo;
pub mod render;
pub mod schedule;
pub mod search;
pub mod serve;
pub mod suggest;
pub mod theme;
pub mod write;

use anyhow::{Context, Result};
use chrono::{NaiveDate, Utc};
use diag::Diagnostics;
use lang::Lang;
use model::TimeZone;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What `build` is asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// The day the site is built for; by default today in the portal's time zone.
    pub today: Option<NaiveDate>,
    /// Build only this county (and the portal); the others are taken from the previous site.
    pub county: Option<String>,
    /// Write `.br` and `.gz` beside each text file, for servers that send them as they are.
    pub precompress: bool,
    /// Make each county folder fit to be hosted on its own (`build --standalone`): its
    /// pages link to the portal by the portal's address (`base_url`), never by `../`.
    pub standalone: bool,
    /// Write links to folders as `…/index.html` (`build --index-links`), for a site opened
    /// from disk without JavaScript.
    pub index_links: bool,
}

/// What `check` found.
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    pub lang: Lang,
}

/// What `build` did. `written` is `None` when the content had errors: then nothing was
/// written and the previous site is as it was.
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub lang: Lang,
    pub written: Option<write::WriteStats>,
    pub elapsed: Duration,
    pub timings: Timings,
}

/// Where a build's time went, step by step (`build --timings`). Counties are built in
/// parallel: their steps are summed, so the steps may add up to more than the wall time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub render: Duration,
    pub search: Duration,
    pub write: Duration,
}

impl Timings {
    fn add(&mut self, other: &Timings) {
        self.load += other.load;
        self.render += other.render;
        self.search += other.search;
        self.write += other.write;
    }
}

/// Reads and checks every content file, and the schedules as of `today`; writes nothing.
pub fn check(content: &std::path::Path, today: Option<NaiveDate>) -> Result<CheckReport> {
    let loaded = load::load(content)?;
    let mut diagnostics = loaded.diagnostics;
    let today = today.unwrap_or_else(|| today_in(&loaded.site.portal.timezone));
    diagnostics.extend(schedule::warnings::check_with(&loaded.site, today, !diagnostics.has_errors()));
    diagnostics.sort();
    Ok(CheckReport { lang: loaded.site.portal.language, diagnostics })
}

/// Checks the content, renders every page and swaps the new site in.
///
/// Counties stream through load → render → write one at a time (issue 20): a county's model
/// is dropped once its pages are staged, and what the portal needs of it is kept in its
/// [`render::PortalPart`]; the portal is rendered last, from the parts. A county whose inputs
/// did not change is not read at all: its folder and part are taken from the previous site.
/// With `--county`, only that county is read and rendered; the others are kept from the
/// output's previous site where it has them, and the portal is written when every county has
/// a part (a folder of one county and its part is what [`assemble`] puts together).
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let mut timings = Timings::default();
    // The previous site's manifest is read while the shared inputs load; nothing is written
    // until they have loaded without errors.
    let (loaded, previous) =
        rayon::join(|| load::load_shared(&options.content), || write::Previous::read(&options.out));
    let (shared, mut diagnostics) = loaded?;
    let lang = shared.portal.language;
    if diagnostics.has_errors() {
        // Every problem in one run: the counties are read for theirs too.
        let loaded = load::load(&options.content)?;
        timings.load = started.elapsed();
        return Ok(BuildReport {
            diagnostics: loaded.diagnostics,
            lang,
            written: None,
            elapsed: started.elapsed(),
            timings,
        });
    }
    if let Some(id) = &options.county {
        if !shared.counties.iter().any(|(c, _)| c == id) {
            let shown = options.content.display();
            anyhow::bail!(lang::Said::new(
                format!("“{shown}”里没有县（市、区）“{id}”"),
                format!("there is no county `{id}` in `{shown}`")
            ));
        }
    }
    let how = How {
        today: options.today,
        precompress: options.precompress,
        standalone: options.standalone,
        index_links: options.index_links,
    };
    let (mut site, renderer, fingerprint) = prepare(&options.content, &shared, &how)?;
    let staging = match write::Staging::begin(&options.out, &options.content, lang, previous) {
        Ok(staging) => staging.precompress(options.precompress),
        Err(refused) => {
            // The content's own problems come first: they are what a clerk can fix.
            let loaded = load::load(&options.content)?;
            if loaded.diagnostics.has_errors() {
                let (diagnostics, elapsed) = (loaded.diagnostics, started.elapsed());
                return Ok(BuildReport { diagnostics, lang, written: None, elapsed, timings });
            }
            return Err(refused);
        }
    };
    timings.load += started.elapsed();
    let stream = Stream { options, shared: &shared, renderer: &renderer, staging: &staging, fingerprint };
    let counties = stream.counties(&mut site, renderer.today, &mut diagnostics, &mut timings)?;
    diagnostics.sort();
    diagnostics.dedup();
    let Some(counties) = counties else {
        return Ok(BuildReport { diagnostics, lang, written: None, elapsed: started.elapsed(), timings });
    };
    // No county has errors: the old sites earlier builds left can go.
    staging.clear_trash();
    // The portal, from the counties' parts, once every county has one.
    let step = Instant::now();
    if shared.counties.iter().all(|(id, _)| counties.parts.contains_key(id)) {
        let Some(portal) = portal(&options.content, &shared, &mut site, &renderer, &counties.parts, &mut diagnostics)?
        else {
            return Ok(BuildReport { diagnostics, lang, written: None, elapsed: started.elapsed(), timings });
        };
        timings.render += step.elapsed();
        let step = Instant::now();
        staging.put_all(portal)?;
        timings.write += step.elapsed();
    }
    let step = Instant::now();
    let Built { fingerprints, parts, deps } = counties;
    let written = staging.commit(fingerprint, fingerprints, &parts, deps)?;
    timings.write += step.elapsed();
    drop(renderer);
    Ok(BuildReport { diagnostics, lang, written: Some(written), elapsed: started.elapsed(), timings })
}

/// The portal's files, from the counties' parts (kept as JSON while the counties stream, read
/// here in the site's order) and the city's own content; the city's posts are read here, once
/// every county's deputies are known. `None` when the city's posts have errors (added to
/// `diagnostics`).
fn portal(
    content: &std::path::Path,
    shared: &load::Shared,
    site: &mut model::Site,
    renderer: &render::Renderer,
    parts: &write::Parts,
    diagnostics: &mut Diagnostics,
) -> Result<Option<Vec<render::OutputFile>>> {
    let parts: Vec<render::PortalPart> = shared
        .counties
        .iter()
        .map(|(id, _)| {
            let json = parts.get(id).map_or("null", |json| json.get());
            serde_json::from_str(json).with_context(|| format!("failed to read the portal part of `{id}`"))
        })
        .collect::<Result<_>>()?;
    let people =
        parts.iter().flat_map(|p| p.people.iter().map(|(id, name)| (p.id.as_str(), id.as_str(), name.as_str())));
    let mut city = Diagnostics::default();
    site.posts = load::city_posts(content, shared, people, &mut city);
    let failed = city.has_errors();
    diagnostics.extend(city);
    diagnostics.sort();
    if failed {
        return Ok(None);
    }
    Ok(Some(render::render_portal(renderer, site, &parts)?))
}

/// What `assemble` is asked to do.
#[derive(Clone, Debug)]
pub struct AssembleOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// The outputs of `build --county`, one or more counties each.
    pub parts: Vec<PathBuf>,
    pub today: Option<NaiveDate>,
    pub precompress: bool,
    pub standalone: bool,
    pub index_links: bool,
}

/// **Issue 20.** Puts together the outputs of `build --county` runs (each a county's folder
/// and, in its manifest, the county's part of the portal) and renders the portal from the
/// parts: the same site, byte for byte, as one `build` of the same content and day. Reads the
/// shared inputs and the city's own content, never a county's.
pub fn assemble(options: &AssembleOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let mut timings = Timings::default();
    let (shared, mut diagnostics) = load::load_shared(&options.content)?;
    let lang = shared.portal.language;
    if diagnostics.has_errors() {
        return Ok(BuildReport { diagnostics, lang, written: None, elapsed: started.elapsed(), timings });
    }
    // Each county's part and files, from the manifests of the folders given.
    let mut found: BTreeMap<String, (PathBuf, write::Manifest)> = BTreeMap::new();
    for dir in &options.parts {
        let previous = write::Previous::read(dir);
        let Some(manifest) = previous.manifest() else {
            let shown = dir.display();
            anyhow::bail!(lang::Said::new(
                format!("“{shown}”不是 liaison build --county 的输出（没有 .liaison-manifest）"),
                format!("`{shown}` is no output of `liaison build --county` (it has no .liaison-manifest)")
            ));
        };
        for id in manifest.parts.keys() {
            found.insert(id.clone(), (dir.clone(), manifest.clone()));
        }
    }
    let missing: Vec<&str> =
        shared.counties.iter().map(|(id, _)| id.as_str()).filter(|id| !found.contains_key(*id)).collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        anyhow::bail!(lang::Said::new(
            format!("缺少这些县（市、区）的输出：{list}（先运行 liaison build --county <县>）"),
            format!("no output given for these counties: {list} (run `liaison build --county <id>` first)")
        ));
    }
    let how = How {
        today: options.today,
        precompress: options.precompress,
        standalone: options.standalone,
        index_links: options.index_links,
    };
    let (mut site, renderer, fingerprint) = prepare(&options.content, &shared, &how)?;
    let previous = write::Previous::read(&options.out);
    let staging =
        write::Staging::begin(&options.out, &options.content, lang, previous)?.precompress(options.precompress);
    timings.load = started.elapsed();
    let mut built = Built::default();
    let step = Instant::now();
    for (id, _) in &shared.counties {
        let (dir, manifest) = &found[id];
        let json = &manifest.parts[id];
        let prefix = format!("{id}/");
        let files: Vec<(String, (u64, u64))> = manifest
            .files
            .range(prefix.clone()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .map(|(path, put)| (path.clone(), *put))
            .collect();
        staging.adopt(dir, files)?;
        if manifest.shared == fingerprint {
            built.fingerprints.extend(manifest.counties.get(id).map(|f| (id.clone(), *f)));
        }
        built.deps.insert(id.clone(), manifest.deps.get(id).cloned().unwrap_or_default());
        built.parts.insert(id.clone(), json.clone());
    }
    timings.write += step.elapsed();
    let step = Instant::now();
    let Some(portal) = portal(&options.content, &shared, &mut site, &renderer, &built.parts, &mut diagnostics)? else {
        return Ok(BuildReport { diagnostics, lang, written: None, elapsed: started.elapsed(), timings });
    };
    timings.render += step.elapsed();
    let step = Instant::now();
    staging.put_all(portal)?;
    let Built { fingerprints, parts, deps } = built;
    let written = staging.commit(fingerprint, fingerprints, &parts, deps)?;
    timings.write += step.elapsed();
    Ok(BuildReport { diagnostics, lang, written: Some(written), elapsed: started.elapsed(), timings })
}

/// How a site is built, as `build` and `assemble` are both told.
struct How {
    today: Option<NaiveDate>,
    precompress: bool,
    standalone: bool,
    index_links: bool,
}

/// What `build` and `assemble` set up alike: the city's own site (no county in it yet), the
/// renderer (the theme loaded, templates compiled once), and the fingerprint of what every
/// page shares.
fn prepare(
    content: &std::path::Path,
    shared: &load::Shared,
    how: &How,
) -> Result<(model::Site, render::Renderer, u64)> {
    let today = how.today.unwrap_or_else(|| today_in(&shared.portal.timezone));
    let theme = theme::Theme::load(shared.portal.theme.as_deref())?;
    let site = model::Site {
        portal: shared.portal.clone(),
        holidays: shared.holidays.clone(),
        counties: Vec::new(),
        stats: shared.stats.clone(),
        projects: shared.projects.clone(),
        posts: Vec::new(),
    };
    let renderer = render::Renderer::new(&theme, &site, today)?.standalone(how.standalone).index_links(how.index_links);
    let fingerprint =
        load::fingerprint::shared(content, &theme, today, how.precompress, how.standalone, how.index_links);
    Ok((site, renderer, fingerprint))
}

/// What the counties of a build left: the fingerprint of each county staged or kept (whose
/// fingerprint still stands), the part of each, and the files outside its folder each read.
#[derive(Default)]
struct Built {
    fingerprints: BTreeMap<String, u64>,
    /// As JSON: a city's parts are read only for the portal, once the counties are done.
    parts: write::Parts,
    deps: BTreeMap<String, Vec<String>>,
}

/// A build's counties, streamed.
struct Stream<'a> {
    options: &'a BuildOptions,
    shared: &'a load::Shared,
    renderer: &'a render::Renderer,
    staging: &'a write::Staging,
    /// The fingerprint of what every page shares.
    fingerprint: u64,
}

impl Stream<'_> {
    /// Reads, renders, indexes and stages each county in turn, or keeps it from the previous
    /// site; `site` holds the county being rendered (and the counties whose stations its
    /// deputies attend). `None` when a county's content has errors: then every county is
    /// still read for its problems, and nothing more is rendered.
    fn counties(
        &self,
        site: &mut model::Site,
        today: NaiveDate,
        diagnostics: &mut Diagnostics,
        timings: &mut Timings,
    ) -> Result<Option<Built>> {
        let content = &self.options.content;
        let step = Instant::now();
        let hosts = load::hosts(content, self.shared);
        let directory = std::sync::Arc::new(load::Directory::new(content, self.shared));
        timings.load += step.elapsed();
        let mut built = Built::default();
        let mut failed = false;
        // A county is indexed and written while the next one renders.
        let mut in_flight: Option<(String, render::RenderedCounty)> = None;
        for (id, dir) in &self.shared.counties {
            let wanted = self.options.county.as_ref().is_none_or(|c| c == id);
            let host_files: Vec<String> = hosts.get(id).into_iter().flatten().map(|(_, file)| file.clone()).collect();
            if !failed && self.keep(id, dir, wanted, &host_files, &mut built, timings)? {
                continue;
            }
            if !wanted {
                continue;
            }
            let step = Instant::now();
            let (county, county_diagnostics) = load::load_county(content, self.shared, dir, &directory);
            failed |= county_diagnostics.has_errors();
            diagnostics.extend(county_diagnostics);
            if failed {
                timings.load += step.elapsed();
                continue;
            }
            site.counties = vec![county];
            diagnostics.extend(schedule::warnings::check(site, today));
            // The counties whose stations its deputies attend (their diagnostics are their own).
            let mut host_ids: Vec<&str> = hosts.get(id).into_iter().flatten().map(|(h, _)| h.as_str()).collect();
            host_ids.dedup();
            for host in host_ids {
                if let Some((_, host_dir)) = self.shared.counties.iter().find(|(c, _)| c == host) {
                    site.counties.push(load::load_county(content, self.shared, host_dir, &directory).0);
                }
            }
            let mut deps = load::fingerprint::deps(content, &site.counties[0]);
            let fingerprint = load::fingerprint::county(content, dir, &[deps.clone(), host_files].concat());
            deps.sort();
            timings.load += step.elapsed();
            let finishing = in_flight.take();
            let (rendered, finished) = rayon::join(
                || self.render(site),
                || finishing.map(|(id, rendered)| self.finish(&id, rendered)).transpose(),
            );
            let (rendered, render_timings) = rendered?;
            timings.add(&render_timings);
            if let Some((finished_id, finish_timings, json)) = finished? {
                timings.add(&finish_timings);
                built.parts.insert(finished_id, json);
            }
            built.fingerprints.insert(id.clone(), fingerprint);
            built.deps.insert(id.clone(), deps);
            in_flight = Some((id.clone(), rendered));
            // Freed before the next county is read: never two models at once.
            site.counties.clear();
        }
        if let Some((id, rendered)) = in_flight {
            let (id, finish_timings, json) = self.finish(&id, rendered)?;
            timings.add(&finish_timings);
            built.parts.insert(id, json);
        }
        Ok((!failed).then_some(built))
    }

    /// Keeps a county from the previous site when it is unchanged (or not wanted) and the
    /// previous site has its folder and part. Returns whether it was kept.
    fn keep(
        &self,
        id: &str,
        dir: &std::path::Path,
        wanted: bool,
        host_files: &[String],
        built: &mut Built,
        timings: &mut Timings,
    ) -> Result<bool> {
        let step = Instant::now();
        let Some(previous) = self.staging.previous() else {
            return Ok(false);
        };
        let Some(json) = previous.parts.get(id) else {
            return Ok(false);
        };
        let deps = previous.deps.get(id).cloned().unwrap_or_default();
        let same_shared = previous.shared == self.fingerprint;
        let stands = same_shared
            && previous.counties.get(id).is_some_and(|&fingerprint| {
                fingerprint
                    == load::fingerprint::county(
                        &self.options.content,
                        dir,
                        &[deps.clone(), host_files.to_vec()].concat(),
                    )
            });
        timings.load += step.elapsed();
        if wanted && !stands {
            return Ok(false);
        }
        let step = Instant::now();
        let reused = self.staging.reuse(&format!("{id}/"))?;
        timings.write += step.elapsed();
        if !reused {
            return Ok(false);
        }
        // Its fingerprint stands only if it was built from the same shared inputs: a county
        // kept by `--county` from a build for another day must be rendered next time.
        if stands {
            built.fingerprints.insert(id.to_string(), previous.counties[id]);
        }
        built.parts.insert(id.to_string(), json.clone());
        built.deps.insert(id.to_string(), deps);
        Ok(true)
    }

    /// Renders the county `site` holds first, its station pages staged as they are made.
    fn render(&self, site: &model::Site) -> Result<(render::RenderedCounty, Timings)> {
        let mut timings = Timings::default();
        let step = Instant::now();
        // Pages are written as they are made; the time spent writing is counted apart.
        let writing = std::sync::atomic::AtomicU64::new(0);
        let sink = |files| {
            let step = Instant::now();
            let put = self.staging.put_all(files);
            writing.fetch_add(step.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
            put
        };
        let rendered = render::render_county(self.renderer, site, &site.counties[0], &sink)?;
        let writing = Duration::from_nanos(writing.into_inner());
        timings.render += step.elapsed().saturating_sub(writing);
        timings.write += writing;
        Ok((rendered, timings))
    }

    /// Indexes a rendered county and stages its files; returns its part of the portal, as
    /// JSON, now that the part has the bigrams of the county's index.
    fn finish(
        &self,
        id: &str,
        mut rendered: render::RenderedCounty,
    ) -> Result<(String, Timings, Box<serde_json::value::RawValue>)> {
        let mut timings = Timings::default();
        let dir = format!("{id}/");
        let step = Instant::now();
        let index = search::county_index(&dir, &rendered.stations, &mut rendered.docs);
        let part = std::mem::take(&mut rendered.part).indexed(index.bigrams);
        let json = serde_json::value::to_raw_value(&part)?;
        timings.search += step.elapsed();
        let step = Instant::now();
        self.staging.put_all(rendered.files)?;
        self.staging.put_all(index.files)?;
        timings.write += step.elapsed();
        Ok((id.to_string(), timings, json))
    }
}

/// Today's date where the portal is.
pub fn today_in(zone: &TimeZone) -> NaiveDate {
    (Utc::now() + chrono::Duration::minutes(zone.offset_minutes.into())).date_naive()
}
