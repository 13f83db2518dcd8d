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

use anyhow::Result;
use chrono::{NaiveDate, Utc};
use diag::Diagnostics;
use lang::Lang;
use model::TimeZone;
use rayon::prelude::*;
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
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let mut timings = Timings::default();
    // The previous site's manifest is read while the content loads; nothing is written
    // until the content has loaded without errors.
    let (loaded, previous) = rayon::join(|| load::load(&options.content), || write::Previous::read(&options.out));
    let loaded = loaded?;
    let site = loaded.site;
    let lang = site.portal.language;
    let mut diagnostics = loaded.diagnostics;
    timings.load = started.elapsed();
    if diagnostics.has_errors() {
        return Ok(BuildReport { diagnostics, lang, written: None, elapsed: started.elapsed(), timings });
    }
    let today = options.today.unwrap_or_else(|| today_in(&site.portal.timezone));
    diagnostics.extend(schedule::warnings::check(&site, today));
    diagnostics.sort();

    if let Some(id) = &options.county {
        if !site.counties.iter().any(|c| &c.id == id) {
            let shown = options.content.display();
            anyhow::bail!(lang::Said::new(
                format!("“{shown}”里没有县（市、区）“{id}”"),
                format!("there is no county `{id}` in `{shown}`")
            ));
        }
    }
    let staging =
        write::Staging::begin(&options.out, &options.content, lang, previous)?.precompress(options.precompress);

    let step = Instant::now();
    let theme = theme::Theme::load(site.portal.theme.as_deref())?;
    let renderer =
        render::Renderer::new(&theme, &site, today)?.standalone(options.standalone).index_links(options.index_links);
    // What each county was built from: an unchanged county is taken from the previous site.
    let shared = load::fingerprint::shared(
        &options.content,
        &theme,
        today,
        options.precompress,
        options.standalone,
        options.index_links,
    );
    let fingerprints: BTreeMap<String, u64> = site
        .counties
        .par_iter()
        .map(|c| (c.id.clone(), load::fingerprint::county(&options.content, &site, c)))
        .collect();
    timings.render += step.elapsed();
    // The portal renders beside the counties.
    let (portal, counties) = rayon::join(
        || -> Result<Timings> {
            let step = Instant::now();
            let portal = render::render_portal(&renderer, &site)?;
            let render = step.elapsed();
            let step = Instant::now();
            staging.put_all(portal)?;
            Ok(Timings { render, write: step.elapsed(), ..Timings::default() })
        },
        || build_counties(&renderer, &site, &staging, options, &fingerprints, shared),
    );
    timings.add(&portal?);
    let (built, county_timings, mut parts) = counties?;
    timings.add(&county_timings);
    // The portal's search, from the counties' parts (issue 20: nothing else of them).
    let step = Instant::now();
    let parts: Vec<search::portal::CountyPart> = site.counties.iter().filter_map(|c| parts.remove(&c.id)).collect();
    let portal_search = search::portal::portal_index(&parts);
    timings.search += step.elapsed();
    staging.put_all(portal_search)?;
    let step = Instant::now();
    let written = staging.commit(shared, built)?;
    timings.write += step.elapsed();
    // A city's model is millions of small allocations: freeing them is left to a thread of
    // its own (or to the end of the process).
    drop(renderer);
    std::thread::spawn(move || drop(site));
    Ok(BuildReport { diagnostics, lang, written: Some(written), elapsed: started.elapsed(), timings })
}

/// Renders, indexes and stages every county, or takes it from the previous site. Returns the
/// fingerprint of each county staged or kept, and the part of each for the portal's search.
fn build_counties(
    renderer: &render::Renderer,
    site: &model::Site,
    staging: &write::Staging,
    options: &BuildOptions,
    fingerprints: &BTreeMap<String, u64>,
    shared: u64,
) -> Result<(BTreeMap<String, u64>, Timings, CountyParts)> {
    let mut timings = Timings::default();
    let mut built = BTreeMap::new();
    let mut parts = CountyParts::new();
    // A county is indexed and written while the next one renders: no core waits on a
    // county's sequential steps, and no more than two counties are held in memory.
    let mut in_flight: Option<(&model::County, render::RenderedCounty)> = None;
    // The largest first: the last county's index and writes, which nothing overlaps, are then
    // the smallest. (The order changes no output.)
    let mut order: Vec<&model::County> = site.counties.iter().collect();
    order.sort_by_key(|county| std::cmp::Reverse(county.pages()));
    let mut counties = order.into_iter();
    loop {
        let county = counties.next();
        if county.is_none() && in_flight.is_none() {
            break;
        }
        let finishing = in_flight.take();
        let (started, finished) = rayon::join(
            || -> Result<(Option<CountyStep>, Timings)> {
                let mut timings = Timings::default();
                let step = county
                    .map(|county| {
                        let wanted = options.county.as_ref().is_none_or(|id| id == &county.id);
                        let fingerprint = fingerprints[&county.id];
                        let job = CountyJob { county, wanted, fingerprint, shared, out: &options.out };
                        start_county(renderer, site, staging, &job, &mut timings)
                    })
                    .transpose()?;
                Ok((step, timings))
            },
            || -> Result<(Timings, Option<search::portal::CountyPart>)> {
                let mut timings = Timings::default();
                let part = finishing.map(|(county, rendered)| finish_county(staging, county, rendered, &mut timings));
                Ok((timings, part.transpose()?))
            },
        );
        let (step, start_timings) = started?;
        timings.add(&start_timings);
        let (finish_timings, part) = finished?;
        timings.add(&finish_timings);
        if let Some(part) = part {
            parts.insert(part.id.clone(), part);
        }
        if let Some(county) = county {
            match step {
                Some(CountyStep::Kept(fingerprint)) => {
                    if let Some(fingerprint) = fingerprint {
                        built.insert(county.id.clone(), fingerprint);
                    }
                    if let Some(part) = kept_part(&options.out, &county.id) {
                        parts.insert(county.id.clone(), part);
                    }
                }
                Some(CountyStep::Rendered(rendered)) => {
                    built.insert(county.id.clone(), fingerprints[&county.id]);
                    in_flight = Some((county, rendered));
                }
                _ => {}
            }
        }
    }
    Ok((built, timings, parts))
}

/// Each county's part of the portal's search, by id.
type CountyParts = BTreeMap<String, search::portal::CountyPart>;

/// Where a county keeps its part of the portal's search, beside its index, so that a county
/// taken from the previous site brings it along.
fn part_path(id: &str) -> String {
    format!("{id}/search/part.json")
}

/// The part of a county taken from the previous site, if it has one.
fn kept_part(out: &std::path::Path, id: &str) -> Option<search::portal::CountyPart> {
    serde_json::from_slice(&std::fs::read(out.join(part_path(id))).ok()?).ok()
}

/// One county of a build, and what decides whether it is rendered.
struct CountyJob<'a> {
    county: &'a model::County,
    /// False for the counties `--county` leaves out.
    wanted: bool,
    fingerprint: u64,
    shared: u64,
    /// The output folder, where the previous site keeps each county's search part.
    out: &'a std::path::Path,
}

/// What becomes of a county in a build.
enum CountyStep {
    /// Taken from the previous site, with its fingerprint if that still stands, or left out.
    Kept(Option<u64>),
    /// Rendered, to be indexed and staged.
    Rendered(render::RenderedCounty),
}

/// Renders one county, or takes it from the previous site when it is unchanged (or not
/// wanted).
fn start_county(
    renderer: &render::Renderer,
    site: &model::Site,
    staging: &write::Staging,
    job: &CountyJob,
    timings: &mut Timings,
) -> Result<CountyStep> {
    let county = job.county;
    let previous =
        staging.previous().and_then(|m| (m.shared == job.shared).then(|| m.counties.get(&county.id)).flatten());
    let unchanged = previous == Some(&job.fingerprint) && job.out.join(part_path(&county.id)).is_file();
    if !job.wanted || unchanged {
        let step = Instant::now();
        let reused = staging.reuse(&format!("{}/", county.id))?;
        timings.write += step.elapsed();
        if reused {
            // Its fingerprint stands only if it was built from the same shared inputs: a county
            // kept by `--county` from a build for another day must be rendered next time.
            return Ok(CountyStep::Kept(previous.copied()));
        }
        if !job.wanted {
            return Ok(CountyStep::Kept(None));
        }
    }
    let step = Instant::now();
    // Pages are written as they are made; the time spent writing is counted apart.
    let writing = std::sync::atomic::AtomicU64::new(0);
    let sink = |files| {
        let step = Instant::now();
        let put = staging.put_all(files);
        writing.fetch_add(step.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
        put
    };
    let rendered = render::render_county(renderer, site, county, &sink)?;
    let writing = Duration::from_nanos(writing.into_inner());
    timings.render += step.elapsed().saturating_sub(writing);
    timings.write += writing;
    Ok(CountyStep::Rendered(rendered))
}

/// Indexes a rendered county and stages its files; returns its part of the portal's search.
fn finish_county(
    staging: &write::Staging,
    county: &model::County,
    mut rendered: render::RenderedCounty,
    timings: &mut Timings,
) -> Result<search::portal::CountyPart> {
    let dir = format!("{}/", county.id);
    let step = Instant::now();
    let mut index = search::county_index(&dir, &rendered.stations, &mut rendered.docs);
    let part = search::portal::county_part(county, std::mem::take(&mut index.bigrams));
    let json = serde_json::to_vec(&part)?;
    index.files.push(render::OutputFile { path: part_path(&county.id), content: render::Content::Bytes(json) });
    timings.search += step.elapsed();
    let step = Instant::now();
    staging.put_all(rendered.files)?;
    staging.put_all(index.files)?;
    timings.write += step.elapsed();
    Ok(part)
}

/// Today's date where the portal is.
pub fn today_in(zone: &TimeZone) -> NaiveDate {
    (Utc::now() + chrono::Duration::minutes(zone.offset_minutes.into())).date_naive()
}
