//! `content/` → [`Site`]: reads and checks every file, collecting every problem.
//!
//! The layout is fixed (CONTENT.md): `portal.yaml`, `holidays/<year>.yaml`, and one
//! folder per county with `county.yaml`, `rules/*.md` and `stations/<id>/`. Counties are
//! read in parallel, and so are the stations of a county, in two passes: first every
//! `deputies.yaml` (deputy ids must be unique in the county and are referenced from the
//! other files), then everything else with the county's deputy ids at hand, so that a
//! reference is checked while its file, and the line to quote, is still in memory.

mod contact;
mod county;
mod decode;
mod deputies;
mod docs;
pub mod fingerprint;
mod holidays;
mod images;
mod media;
mod mistakes;
mod outline;
mod portal;
mod posts;
mod record;
mod refs;
mod source;
mod station;
mod stats;
mod svg;
pub mod yaml;

pub use decode::{fold_word, key_alias};
pub use deputies::KEYS as DEPUTY_KEYS;

pub use media::slash_path;
pub use portal::language_of;

use crate::diag::{Diagnostic, Diagnostics, Pos, Problem, Severity};
use crate::model::{County, Deputy, HalfDays, Holidays, Portal, Site, Station};
use crate::{names, suggest};
use anyhow::{bail, Context, Result};
use decode::Decoder;
use deputies::DeputyEntry;
use media::MediaBase;
use rayon::prelude::*;
use refs::DeputyIds;
use source::{file_problem, SourceFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What loading found: the site as far as it could be read, and every problem.
pub struct Loaded {
    pub site: Site,
    pub diagnostics: Diagnostics,
}

const STATION_FILES: &[&str] = &["station.yaml", "deputies.yaml", "stats.yaml"];
/// Issue 17: a county's folders of the deputies' record and 民生实事.
const COUNTY_RECORD_DIRS: &[&str] = &["proposals", "voter-reports", "projects"];
const STATION_DIRS: &[&str] = &["rules", "cases", "media", "posts"];

pub fn load(content_dir: &Path) -> Result<Loaded> {
    let (shared, mut diagnostics) = load_shared(content_dir)?;
    let directory = Arc::new(Directory::new(content_dir, &shared));
    let results: Vec<(County, Diagnostics)> =
        shared.counties.par_iter().map(|(_, dir)| load_county(content_dir, &shared, dir, &directory)).collect();
    let mut counties = Vec::with_capacity(results.len());
    for (county, county_diagnostics) in results {
        counties.push(county);
        diagnostics.extend(county_diagnostics);
    }
    let people = counties.iter().flat_map(|c| {
        c.stations.iter().flat_map(|s| &s.deputies).map(move |d| (c.id.as_str(), d.id.as_str(), d.name.as_str()))
    });
    let posts = city_posts(content_dir, &shared, people, &mut diagnostics);
    diagnostics.sort();
    let Shared { portal, holidays, stats, projects, .. } = shared;
    let site = Site { portal, holidays, counties, posts, stats, projects };
    Ok(Loaded { site, diagnostics })
}

/// **Issue 20.** What every county and the portal share: `portal.yaml`, the holidays, the
/// county folders (listed, not read) and the city's own ledger, projects and posts' folders.
/// A county built on its own reads this and its own folder.
pub struct Shared {
    pub portal: Portal,
    pub holidays: Holidays,
    /// Each county's id and folder, in the site's order.
    pub counties: Vec<(String, PathBuf)>,
    pub stats: Vec<crate::model::StatRow>,
    pub projects: Vec<crate::model::Project>,
    city_post_dirs: Vec<Entry>,
}

/// Reads what every county shares (see [`Shared`]).
pub fn load_shared(content_dir: &Path) -> Result<(Shared, Diagnostics)> {
    if !content_dir.is_dir() {
        let shown = content_dir.display();
        bail!(crate::lang::Said::new(
            format!("内容文件夹“{shown}”不存在"),
            format!("content folder `{shown}` does not exist")
        ));
    }
    let mut diagnostics = Diagnostics::default();
    let root_entries = list_dir(content_dir, content_dir, &mut diagnostics).with_context(|| {
        let shown = content_dir.display();
        crate::lang::Said::new(format!("无法读取“{shown}”"), format!("failed to read `{shown}`"))
    })?;

    let portal = match read_file(content_dir, "portal.yaml", &mut diagnostics) {
        Some(file) => decode_with(&file, &mut diagnostics, |d| portal::decode(d, content_dir)),
        None => Portal {
            title: String::new(),
            base_url: "/".into(),
            language: Default::default(),
            timezone: crate::model::TimeZone::shanghai(),
            theme: None,
            session_length: None,
            half_days: Default::default(),
        },
    };
    let holidays = load_holidays(content_dir, &mut diagnostics);
    let mut city_stats = Vec::new();
    let mut city_projects = Vec::new();

    let mut county_dirs = Vec::new();
    let mut city_post_dirs = Vec::new();
    for entry in &root_entries {
        match (entry.is_dir, entry.name.as_str()) {
            (_, "portal.yaml") | (true, "holidays") => {}
            // Issue 17: the city's own ledger and 民生实事.
            (false, "stats.yaml") => {
                if let Some(file) = read_file(content_dir, "stats.yaml", &mut diagnostics) {
                    city_stats = decode_with(&file, &mut diagnostics, |d| stats::decode(d, stats::Level::CountyOrCity));
                }
            }
            (true, "projects") => {
                // Images of the city's projects are published at their path below the portal.
                let (root, dir) = (PathBuf::new(), PathBuf::from("projects"));
                let folders = images::Folders { content_dir, owner: &root, file_dir: &dir, county_dir: &root };
                city_projects = markdown_files(content_dir, &entry.path, &mut diagnostics)
                    .into_iter()
                    .filter_map(|(id, file)| {
                        decode_with(&file, &mut diagnostics, |d| record::project(d, id, None, &folders))
                    })
                    .collect();
            }
            // The city's own posts and their images (issue 17).
            (true, name) if posts::POST_DIRS.iter().any(|(dir, _)| *dir == name) => city_post_dirs.push(entry),
            (true, "media") => {}
            (true, _) if portal.theme.as_deref() == Some(entry.path.as_path()) => {}
            (true, name) if names::PORTAL_NAMES.contains(&name) => {
                diagnostics.push(file_problem(name, Problem::ReservedId { text: name.to_string() }));
            }
            (true, name) => {
                if check_folder_id(name, name, &mut diagnostics) {
                    county_dirs.push(entry.path.clone());
                }
            }
            (false, name) => stray(name, name, &["portal.yaml", "stats.yaml"], &mut diagnostics),
        }
    }
    if county_dirs.is_empty() {
        diagnostics.push(file_problem("", Problem::NoCounties));
    }
    let counties = county_dirs
        .into_iter()
        .map(|dir| (dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), dir))
        .collect();
    let city_post_dirs = city_post_dirs.into_iter().cloned().collect();
    let shared = Shared { portal, holidays, counties, stats: city_stats, projects: city_projects, city_post_dirs };
    Ok((shared, diagnostics))
}

/// Reads one county (its folder, `dir`), with the deputies of other counties its `who:`
/// lists name taken from `directory`.
pub fn load_county(
    content_dir: &Path,
    shared: &Shared,
    dir: &Path,
    directory: &Arc<Directory>,
) -> (County, Diagnostics) {
    let mut people = county_people(content_dir, dir, &shared.portal.half_days);
    directory.fill(&people.id, &people.deputy_ids);
    people.deputy_ids.elsewhere = Some(directory.clone());
    read_county(content_dir, people, &shared.portal.half_days)
}

/// **Extension (issue 16).** Every county's deputy ids and names, each county's read the
/// first time a `who:` names it (issue 20: a county built on its own reads no other county
/// unless it names one).
pub struct Directory {
    content_dir: PathBuf,
    half_days: HalfDays,
    counties: std::collections::BTreeMap<String, (PathBuf, std::sync::OnceLock<DeputyIds>)>,
}

impl Directory {
    pub fn new(content_dir: &Path, shared: &Shared) -> Directory {
        Directory {
            content_dir: content_dir.to_path_buf(),
            half_days: shared.portal.half_days,
            counties: shared
                .counties
                .iter()
                .map(|(id, dir)| (id.clone(), (dir.clone(), std::sync::OnceLock::new())))
                .collect(),
        }
    }

    /// The deputies of `county`, read if they were not yet; `None` for no county of the site.
    pub fn get(&self, county: &str) -> Option<&DeputyIds> {
        let (dir, ids) = self.counties.get(county)?;
        Some(ids.get_or_init(|| deputy_ids_of(&self.content_dir, dir, &self.half_days)))
    }

    /// The site's county ids.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.counties.keys()
    }

    /// A county's deputies, as its own load found them.
    fn fill(&self, county: &str, ids: &DeputyIds) {
        if let Some((_, cell)) = self.counties.get(county) {
            let _ = cell.set(DeputyIds { elsewhere: None, ..ids.clone() });
        }
    }
}

/// A county's deputy ids and names alone, for other counties' `who:` lists: its
/// `deputies.yaml` files read as the county's own load reads them (the first of an id kept);
/// problems are the county's own to report.
fn deputy_ids_of(content_dir: &Path, dir: &Path, half_days: &HalfDays) -> DeputyIds {
    let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let county_rel = PathBuf::from(&id);
    let mut ignored = Diagnostics::default();
    let mut ids = DeputyIds { county: id.clone(), ..DeputyIds::default() };
    let stations = list_dir(content_dir, &dir.join("stations"), &mut ignored).unwrap_or_default();
    for station in stations.iter().filter(|s| s.is_dir && names::is_valid_id(&s.name) && !names::is_reserved(&s.name)) {
        let rel = rel_of(content_dir, &station.path.join("deputies.yaml"));
        let Some(file) = read_optional(content_dir, &rel, &mut ignored) else { continue };
        let file_dir = PathBuf::from(rel_of(content_dir, &station.path));
        let base = MediaBase { content_dir, file_dir: &file_dir, county_dir: &county_rel };
        for entry in decode_with(&file, &mut ignored, |d| deputies::decode(d, &base, half_days)) {
            if !ids.contains(&entry.deputy.id) {
                ids.add(&entry.deputy.id, &entry.deputy.name);
            }
        }
    }
    ids
}

/// **Issue 20.** For each county, the `station.yaml` files of other counties that may name
/// its deputies (`who: <county>/<id>`, issue 16), with their county: their sessions are on
/// its deputies' pages. Found without parsing, by the county ids written before a `/`; a
/// county named by chance (in an address) is read for nothing, never missed.
pub fn hosts(content_dir: &Path, shared: &Shared) -> Hosts {
    let ids: std::collections::BTreeSet<&str> = shared.counties.iter().map(|(id, _)| id.as_str()).collect();
    let found: Vec<Vec<(String, String, String)>> = shared
        .counties
        .par_iter()
        .map(|(host, dir)| {
            let mut named = Vec::new();
            let mut stations: Vec<PathBuf> =
                std::fs::read_dir(dir.join("stations")).into_iter().flatten().flatten().map(|e| e.path()).collect();
            stations.sort();
            for station in stations {
                let file = station.join("station.yaml");
                // Vetted as every read is: never a file outside the content folder.
                if source::vet(content_dir, &file).is_err() {
                    continue;
                }
                let Ok(text) = std::fs::read(&file) else { continue };
                let mut words = std::collections::BTreeSet::new();
                for (at, _) in text.iter().enumerate().filter(|(_, b)| **b == b'/') {
                    let start = text[..at]
                        .iter()
                        .rposition(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'_'))
                        .map_or(0, |p| p + 1);
                    let word = std::str::from_utf8(&text[start..at]).unwrap_or_default();
                    if word != host && ids.contains(word) {
                        words.insert(word.to_string());
                    }
                }
                let rel = rel_of(content_dir, &file);
                named.extend(words.into_iter().map(|guest| (guest, host.clone(), rel.clone())));
            }
            named
        })
        .collect();
    let mut out = Hosts::new();
    for (guest, host, file) in found.into_iter().flatten() {
        out.entry(guest).or_default().push((host, file));
    }
    out
}

/// Guest county → (host county, its `station.yaml` that names the guest), in site order.
pub type Hosts = std::collections::BTreeMap<String, Vec<(String, String)>>;

#[derive(Clone)]
struct Entry {
    name: String,
    path: PathBuf,
    is_dir: bool,
}

/// The entries of a folder, sorted by name; hidden ones (`.git`, `.DS_Store`) left out. A
/// link is followed only when it leads to a file or folder inside the content folder, and
/// only files and folders are listed: the others (FIFOs, devices, links out) are reported.
fn list_dir(content_dir: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> std::io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).max_depth(1).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // The type from the folder listing; a link is resolved (for links only).
        let kind = entry.file_type();
        let is_dir = if kind.is_symlink() {
            match source::vet(content_dir, entry.path()) {
                Ok(meta) => meta.is_dir(),
                Err(problem) => {
                    diagnostics.push(file_problem(&rel_of(content_dir, entry.path()), problem));
                    continue;
                }
            }
        } else if kind.is_dir() || kind.is_file() {
            kind.is_dir()
        } else {
            let problem = Problem::NotAFile { kind: source::kind_name(&kind) };
            diagnostics.push(file_problem(&rel_of(content_dir, entry.path()), problem));
            continue;
        };
        entries.push(Entry { name, path: entry.into_path(), is_dir });
    }
    Ok(entries)
}

fn rel_of(content_dir: &Path, path: &Path) -> String {
    slash_path(path.strip_prefix(content_dir).unwrap_or(path))
}

/// Reads `rel` under the content folder; a missing or unreadable file is reported.
fn read_file(content_dir: &Path, rel: &str, diagnostics: &mut Diagnostics) -> Option<SourceFile> {
    let path = content_dir.join(rel);
    match source::read(content_dir, &path, rel) {
        Ok(file) => Some(file),
        // Asked only when reading failed: a content load opens some 14,000 files.
        Err(_) if path.symlink_metadata().is_err() => {
            let name: &'static str = match rel.rsplit('/').next() {
                Some("portal.yaml") => "portal.yaml",
                Some("county.yaml") => "county.yaml",
                Some("station.yaml") => "station.yaml",
                _ => "file",
            };
            diagnostics.push(file_problem(rel, Problem::MissingFile { name }));
            None
        }
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    }
}

/// Like [`read_file`] for a file a folder may do without: an absent file is no problem.
fn read_optional(content_dir: &Path, rel: &str, diagnostics: &mut Diagnostics) -> Option<SourceFile> {
    let path = content_dir.join(rel);
    match source::read(content_dir, &path, rel) {
        Ok(file) => Some(file),
        Err(_) if path.symlink_metadata().is_err() => None,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    }
}

/// Runs a decoder over a file and keeps its problems.
fn decode_with<T>(file: &SourceFile, diagnostics: &mut Diagnostics, f: impl FnOnce(&mut Decoder) -> T) -> T {
    let mut decoder = Decoder::new(file.rel.clone(), &file.text);
    let value = f(&mut decoder);
    diagnostics.extend(decoder.diagnostics);
    value
}

/// Folder names become URLs: lowercase ASCII only. Reports and returns false otherwise.
fn check_folder_id(name: &str, rel: &str, diagnostics: &mut Diagnostics) -> bool {
    if names::is_valid_id(name) && names::is_reserved(name) {
        diagnostics.push(file_problem(rel, Problem::ReservedId { text: name.to_string() }));
        return false;
    }
    if names::is_valid_id(name) {
        return true;
    }
    let problem = if name.is_ascii() {
        Problem::BadId { text: name.to_string(), suggestion: Some(names::suggest_id(&name.to_lowercase())) }
    } else {
        Problem::NonAsciiFolder { name: name.to_string(), suggestion: names::suggest_id(name) }
    };
    diagnostics.push(file_problem(rel, problem));
    false
}

/// A file the format does not know: a warning, with the nearest known name.
fn stray(name: &str, rel: &str, known: &[&str], diagnostics: &mut Diagnostics) {
    let suggestion = suggest::closest(name, known.iter().copied());
    diagnostics.push(Diagnostic {
        severity: Severity::Warning,
        path: rel.to_string(),
        pos: Pos::FILE,
        width: 1,
        problem: Problem::StrayFile { name: name.to_string(), suggestion },
        source_line: None,
    });
}

fn load_holidays(content_dir: &Path, diagnostics: &mut Diagnostics) -> Holidays {
    let mut holidays = Holidays::default();
    let dir = content_dir.join("holidays");
    let Ok(entries) = list_dir(content_dir, &dir, diagnostics) else {
        return holidays;
    };
    for entry in entries {
        let rel = format!("holidays/{}", entry.name);
        let year = entry.name.strip_suffix(".yaml").and_then(|y| y.parse::<i32>().ok());
        match year {
            Some(year) if !entry.is_dir => {
                if let Some(file) = read_file(content_dir, &rel, diagnostics) {
                    decode_with(&file, diagnostics, |d| holidays::decode(d, year, &mut holidays));
                }
            }
            _ => stray(&entry.name, &rel, &["2026.yaml"], diagnostics),
        }
    }
    holidays
}

/// What the first pass reads of a county: its own files and its deputies, ids unique.
struct CountyPeople {
    id: String,
    info: Option<county::CountyInfo>,
    station_dirs: Vec<PathBuf>,
    rules: Vec<crate::model::Rule>,
    outline: Option<crate::model::Outline>,
    /// The county's own ledger (`stats.yaml`, issue 17).
    stats: Vec<crate::model::StatRow>,
    /// Folders of proposals, reports to voters and projects (issue 17): read in pass 2, once
    /// the county's deputies are known.
    record_dirs: Vec<(&'static str, PathBuf)>,
    deputy_ids: DeputyIds,
    station_deputies: Vec<Vec<Deputy>>,
    diagnostics: Diagnostics,
}

fn county_people(content_dir: &Path, dir: &Path, half_days: &HalfDays) -> CountyPeople {
    let mut diagnostics = Diagnostics::default();
    let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let county_rel = PathBuf::from(&id);
    let county_base = MediaBase { content_dir, file_dir: &county_rel, county_dir: &county_rel };
    let info = read_file(content_dir, &format!("{id}/county.yaml"), &mut diagnostics)
        .map(|file| decode_with(&file, &mut diagnostics, |d| county::decode(d, &id, &county_base)));
    let mut station_dirs = Vec::new();
    let mut rules = Vec::new();
    let mut outline = None;
    let mut stats = Vec::new();
    // Issue 17: read once the county's deputies are known.
    let mut record_dirs: Vec<(&'static str, PathBuf)> = Vec::new();
    for entry in list_dir(content_dir, dir, &mut diagnostics).unwrap_or_default() {
        let rel = format!("{id}/{}", entry.name);
        match (entry.is_dir, entry.name.as_str()) {
            (false, "county.yaml") => {}
            (false, "outline.geojson") => {
                if let Some(file) = read_file(content_dir, &rel, &mut diagnostics) {
                    outline = decode_with(&file, &mut diagnostics, outline::decode);
                }
            }
            (false, "stats.yaml") => {
                if let Some(file) = read_file(content_dir, &rel, &mut diagnostics) {
                    stats = decode_with(&file, &mut diagnostics, |d| stats::decode(d, stats::Level::CountyOrCity));
                }
            }
            (true, kind @ ("proposals" | "voter-reports" | "projects")) => {
                let kind = COUNTY_RECORD_DIRS.iter().copied().find(|k| *k == kind).unwrap_or_default();
                record_dirs.push((kind, entry.path.clone()));
            }
            (true, "rules") => rules = load_rules(content_dir, &county_rel, &entry.path, &mut diagnostics),
            // Images of county.yaml and the county's rules (issue 16).
            (true, "media") => {}
            // Read once the stations are (issue 17).
            (true, name) if posts::POST_DIRS.iter().any(|(dir, _)| *dir == name) => {}
            (true, "stations") => {
                for station in list_dir(content_dir, &entry.path, &mut diagnostics).unwrap_or_default() {
                    let station_rel = format!("{rel}/{}", station.name);
                    if !station.is_dir {
                        stray(&station.name, &station_rel, &[], &mut diagnostics);
                    } else if check_folder_id(&station.name, &station_rel, &mut diagnostics) {
                        station_dirs.push(station.path);
                    }
                }
            }
            (_, name) => stray(
                name,
                &rel,
                &[
                    "county.yaml",
                    "outline.geojson",
                    "rules",
                    "stations",
                    "media",
                    "posts",
                    "stats.yaml",
                    "proposals",
                    "voter-reports",
                    "projects",
                ],
                &mut diagnostics,
            ),
        }
    }

    // Pass 1: every deputies.yaml, then the county's deputy ids, unique.
    let deputy_files: Vec<(Vec<DeputyEntry>, Diagnostics, Option<SourceFile>, bool)> = station_dirs
        .par_iter()
        .map(|station_dir| {
            let mut diagnostics = Diagnostics::default();
            let rel = rel_of(content_dir, &station_dir.join("deputies.yaml"));
            let Some(file) = read_optional(content_dir, &rel, &mut diagnostics) else {
                // A file there but unreadable leaves the county's deputies unknown.
                let unreadable = diagnostics.has_errors();
                return (Vec::new(), diagnostics, None, unreadable);
            };
            let file_dir = PathBuf::from(rel_of(content_dir, station_dir));
            let base = MediaBase { content_dir, file_dir: &file_dir, county_dir: &county_rel };
            let (entries, unreadable) =
                decode_with(&file, &mut diagnostics, |d| (deputies::decode(d, &base, half_days), d.unreadable));
            (entries, diagnostics, Some(file), unreadable)
        })
        .collect();
    // A deputies.yaml that could not be read: the deputies it names are unknown, so a
    // reference to one elsewhere is not reported (the one error is the file's own).
    let incomplete = deputy_files.iter().any(|(_, _, _, unreadable)| *unreadable);
    let mut deputy_ids = DeputyIds { incomplete, ..DeputyIds::default() };
    let mut first_place: HashMap<String, String> = HashMap::new();
    let mut station_deputies: Vec<Vec<Deputy>> = Vec::with_capacity(deputy_files.len());
    for (entries, file_diagnostics, file, _) in deputy_files {
        diagnostics.extend(file_diagnostics);
        let mut kept = Vec::with_capacity(entries.len());
        for entry in entries {
            let Some(file) = &file else { continue };
            let place = format!("{}:{}", file.rel, entry.line);
            if let Some(other) = first_place.get(&entry.deputy.id) {
                let mut decoder = Decoder::new(file.rel.clone(), &file.text);
                let line_text = file.text.lines().nth(entry.line - 1).unwrap_or_default();
                let col = line_text.chars().take_while(|c| *c == ' ' || *c == '-').count() + 1;
                decoder.report(
                    Severity::Error,
                    Pos::new(entry.line, col),
                    line_text.chars().count().saturating_sub(col - 1),
                    Problem::DuplicateDeputyId { id: entry.deputy.id.clone(), other: other.clone() },
                );
                diagnostics.extend(decoder.diagnostics);
                continue;
            }
            first_place.insert(entry.deputy.id.clone(), place);
            deputy_ids.add(&entry.deputy.id, &entry.deputy.name);
            kept.push(entry.deputy);
        }
        station_deputies.push(kept);
    }

    deputy_ids.county = id.clone();
    CountyPeople {
        id,
        info,
        station_dirs,
        rules,
        outline,
        stats,
        record_dirs,
        deputy_ids,
        station_deputies,
        diagnostics,
    }
}

fn read_county(content_dir: &Path, people: CountyPeople, half_days: &HalfDays) -> (County, Diagnostics) {
    let CountyPeople {
        id,
        info,
        station_dirs,
        rules,
        outline,
        stats,
        record_dirs,
        deputy_ids,
        station_deputies,
        mut diagnostics,
    } = people;
    let county_rel = PathBuf::from(&id);
    // Pass 2: everything else of each station, with the deputy ids (and station ids) at hand.
    let station_ids: Vec<String> =
        station_dirs.iter().filter_map(|d| d.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
    let stations: Vec<(Station, Diagnostics)> = station_dirs
        .par_iter()
        .zip(station_deputies)
        .map(|(station_dir, deputies)| {
            load_station(content_dir, &county_rel, station_dir, deputies, &deputy_ids, half_days, &station_ids)
        })
        .collect();
    let (mut proposals, mut voter_reports, mut projects) = (Vec::new(), Vec::new(), Vec::new());
    for (kind, path) in record_dirs {
        let file_dir = PathBuf::from(rel_of(content_dir, &path));
        let folders = images::Folders { content_dir, owner: &county_rel, file_dir: &file_dir, county_dir: &county_rel };
        for (file_id, file) in markdown_files(content_dir, &path, &mut diagnostics) {
            decode_with(&file, &mut diagnostics, |d| match kind {
                "proposals" => proposals.extend(record::proposal(d, file_id, &deputy_ids, &folders)),
                "voter-reports" => {
                    voter_reports.extend(record::voter_report(d, file_id, &deputy_ids, &station_ids, &folders))
                }
                _ => projects.extend(record::project(d, file_id, Some(&deputy_ids), &folders)),
            });
        }
    }
    let mut county_stations = Vec::with_capacity(stations.len());
    for (station, station_diagnostics) in stations {
        county_stations.push(station);
        diagnostics.extend(station_diagnostics);
    }
    let county_posts =
        load_county_posts(content_dir, &county_rel, &station_dirs, &mut county_stations, &deputy_ids, half_days);
    let (posts, posts_diagnostics) = county_posts;
    diagnostics.extend(posts_diagnostics);
    let info = info.unwrap_or(county::CountyInfo {
        name: id.clone(),
        city: None,
        intro: None,
        contact: Default::default(),
        channels: Default::default(),
        intro_images: Vec::new(),
    });
    let county = County {
        id,
        name: info.name,
        city: info.city,
        intro: info.intro,
        contact: info.contact,
        channels: info.channels,
        intro_images: info.intro_images,
        outline,
        rules,
        stations: county_stations,
        proposals,
        voter_reports,
        projects,
        stats,
        posts,
    };
    (county, diagnostics)
}

/// **Extension (issue 17).** The posts of a county and of its stations, read once every
/// station is (a post names stations by id or name); the sessions notices define are added
/// to their stations' schedules, and every notice's session is recorded at its station.
fn load_county_posts(
    content_dir: &Path,
    county_rel: &Path,
    station_dirs: &[PathBuf],
    stations: &mut [Station],
    deputy_ids: &DeputyIds,
    half_days: &HalfDays,
) -> (Vec<crate::model::Post>, Diagnostics) {
    let known: Vec<(String, String)> = stations.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
    let read = |owner: &Path, own: Option<&str>, diagnostics: &mut Diagnostics| {
        let place = posts::Place::County { stations: &known, own };
        read_posts(content_dir, owner, county_rel, &place, deputy_ids, half_days, diagnostics)
    };
    let station_posts: Vec<(Vec<(posts::LoadedPost, String)>, Diagnostics)> = station_dirs
        .par_iter()
        .zip(&known)
        .map(|(dir, (id, _))| {
            let mut diagnostics = Diagnostics::default();
            let owner = PathBuf::from(rel_of(content_dir, dir));
            (read(&owner, Some(id), &mut diagnostics), diagnostics)
        })
        .collect();
    let mut diagnostics = Diagnostics::default();
    let county_posts = read(county_rel, None, &mut diagnostics);
    let position: HashMap<String, usize> = known.iter().enumerate().map(|(i, (id, _))| (id.clone(), i)).collect();
    let mut announce = |loaded: &mut posts::LoadedPost, href: String, file: &str| {
        let Some((station, day)) = loaded.post.session.clone() else { return };
        let Some(&at) = position.get(&station) else { return };
        let time = match loaded.session.take() {
            Some(posts::SessionSpec::Defines(mut entry)) => {
                entry.notice = Some(file.to_string());
                let time = entry.time;
                stations[at].schedule.push(*entry);
                Some(time)
            }
            _ => None,
        };
        let title = loaded.post.title.clone();
        let file = file.to_string();
        stations[at].notices.push(crate::model::Announcement { date: day, time, href, title, file });
    };
    let mut by_station: Vec<Vec<crate::model::Post>> = Vec::with_capacity(station_posts.len());
    for (i, (list, station_diagnostics)) in station_posts.into_iter().enumerate() {
        diagnostics.extend(station_diagnostics);
        let mut kept = Vec::with_capacity(list.len());
        for (mut loaded, file) in list {
            let href = format!("stations/{}/posts/{}/", known[i].0, loaded.post.id);
            announce(&mut loaded, href, &file);
            kept.push(loaded.post);
        }
        by_station.push(kept);
    }
    let mut county_kept = Vec::with_capacity(county_posts.len());
    for (mut loaded, file) in county_posts {
        let href = format!("posts/{}/", loaded.post.id);
        announce(&mut loaded, href, &file);
        county_kept.push(loaded.post);
    }
    for (station, posts) in stations.iter_mut().zip(by_station) {
        station.posts = posts;
    }
    (county_kept, diagnostics)
}

/// **Extension (issue 17).** The city's own posts (`content/posts/`); the deputies they name
/// are those of every county, as `county/id` (or by a name one deputy of the city bears).
/// Read once every county's deputies are known (`people`: county, id and name).
pub fn city_posts<'p>(
    content_dir: &Path,
    shared: &Shared,
    people: impl Iterator<Item = (&'p str, &'p str, &'p str)>,
    diagnostics: &mut Diagnostics,
) -> Vec<crate::model::Post> {
    if shared.city_post_dirs.is_empty() {
        return Vec::new();
    }
    let mut deputy_ids = DeputyIds::default();
    for (county, id, name) in people {
        deputy_ids.add(&format!("{county}/{id}"), name);
    }
    let place = posts::Place::City;
    let half_days = &shared.portal.half_days;
    read_posts(content_dir, Path::new(""), Path::new(""), &place, &deputy_ids, half_days, diagnostics)
        .into_iter()
        .map(|(loaded, _)| loaded.post)
        .collect()
}

/// The posts of one place (a station's, a county's or the city's folder `owner`): every
/// folder of [`posts::POST_DIRS`] it has, each post with its file's path; ids unique.
fn read_posts(
    content_dir: &Path,
    owner: &Path,
    county_dir: &Path,
    place: &posts::Place,
    deputy_ids: &DeputyIds,
    half_days: &HalfDays,
    diagnostics: &mut Diagnostics,
) -> Vec<(posts::LoadedPost, String)> {
    let mut out: Vec<(posts::LoadedPost, String)> = Vec::new();
    for (name, folder_kind) in posts::POST_DIRS {
        let dir = content_dir.join(owner).join(name);
        if !dir.is_dir() {
            continue;
        }
        let file_dir = owner.join(name);
        let folders = images::Folders { content_dir, owner, file_dir: &file_dir, county_dir };
        for (id, file) in markdown_files(content_dir, &dir, diagnostics) {
            if names::RESERVED_POST_IDS.contains(&id.as_str()) {
                diagnostics.push(file_problem(&file.rel, Problem::ReservedId { text: id }));
                continue;
            }
            if let Some((_, other)) = out.iter().find(|(p, _)| p.post.id == id) {
                let other = other.clone();
                diagnostics.push(file_problem(&file.rel, Problem::DuplicatePost { id, other }));
                continue;
            }
            let loaded = decode_with(&file, diagnostics, |d| {
                posts::post(d, id, *folder_kind, place, deputy_ids, &folders, half_days)
            });
            if let Some(loaded) = loaded {
                out.push((loaded, file.rel));
            }
        }
    }
    out
}

/// The `*.md` files of a folder, each with its id (the file stem), checked.
fn markdown_files(content_dir: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<(String, SourceFile)> {
    let mut out = Vec::new();
    for entry in list_dir(content_dir, dir, diagnostics).unwrap_or_default() {
        let rel = rel_of(content_dir, &entry.path);
        let Some(stem) = entry.name.strip_suffix(".md").filter(|_| !entry.is_dir) else {
            stray(&entry.name, &rel, &[], diagnostics);
            continue;
        };
        if !check_folder_id(stem, &rel, diagnostics) {
            continue;
        }
        if let Some(file) = read_file(content_dir, &rel, diagnostics) {
            out.push((stem.to_string(), file));
        }
    }
    out
}

fn load_rules(
    content_dir: &Path,
    county_dir: &Path,
    dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<crate::model::Rule> {
    let file_dir = PathBuf::from(rel_of(content_dir, dir));
    let owner = file_dir.parent().unwrap_or(Path::new("")).to_path_buf();
    let folders = images::Folders { content_dir, owner: &owner, file_dir: &file_dir, county_dir };
    markdown_files(content_dir, dir, diagnostics)
        .into_iter()
        .filter_map(|(id, file)| decode_with(&file, diagnostics, |d| docs::rule(d, id, &folders)))
        .collect()
}

fn load_station(
    content_dir: &Path,
    county_rel: &Path,
    dir: &Path,
    deputies: Vec<Deputy>,
    deputy_ids: &DeputyIds,
    half_days: &HalfDays,
    station_ids: &[String],
) -> (Station, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let rel = rel_of(content_dir, dir);
    let file_dir = PathBuf::from(&rel);
    let base = MediaBase { content_dir, file_dir: &file_dir, county_dir: county_rel };
    let mut station = match read_file(content_dir, &format!("{rel}/station.yaml"), &mut diagnostics) {
        Some(file) => {
            decode_with(&file, &mut diagnostics, |d| station::decode(d, &base, deputy_ids, &id, half_days, station_ids))
        }
        None => Station::new(&id, ""),
    };
    let mut station_rules = Vec::new();
    let mut cases = Vec::new();
    let mut stats = Vec::new();
    for entry in list_dir(content_dir, dir, &mut diagnostics).unwrap_or_default() {
        let entry_rel = format!("{rel}/{}", entry.name);
        match (entry.is_dir, entry.name.as_str()) {
            (false, "station.yaml" | "deputies.yaml") | (true, "media") => {}
            (false, "stats.yaml") => {
                if let Some(file) = read_file(content_dir, &entry_rel, &mut diagnostics) {
                    stats = decode_with(&file, &mut diagnostics, |d| stats::decode(d, stats::Level::Station));
                }
            }
            (true, "rules") => station_rules = load_rules(content_dir, county_rel, &entry.path, &mut diagnostics),
            // Read once every station is (issue 17).
            (true, name) if posts::POST_DIRS.iter().any(|(dir, _)| *dir == name) => {}
            (true, "cases") => {
                let cases_dir = PathBuf::from(&entry_rel);
                let folders =
                    images::Folders { content_dir, owner: &file_dir, file_dir: &cases_dir, county_dir: county_rel };
                cases = markdown_files(content_dir, &entry.path, &mut diagnostics)
                    .into_iter()
                    .filter_map(|(id, file)| {
                        decode_with(&file, &mut diagnostics, |d| docs::case(d, id, deputy_ids, &folders))
                    })
                    .collect();
            }
            (is_dir, name) => {
                let known = if is_dir { STATION_DIRS } else { STATION_FILES };
                stray(name, &entry_rel, known, &mut diagnostics);
            }
        }
    }
    station.deputies = deputies;
    station.rules = station_rules;
    station.cases = cases;
    station.stats = stats;
    (station, diagnostics)
}

/// Reads the text of a station's `deputies.yaml` that is not written yet (`liaison import`
/// checks what it would write with the reader `check` uses): each deputy with the line of
/// its entry, and every problem found.
pub fn decode_deputies(
    content_dir: &Path,
    station_rel: &str,
    text: &str,
    half_days: &HalfDays,
) -> (Vec<(Deputy, usize)>, Diagnostics) {
    let file_dir = PathBuf::from(station_rel);
    let county_dir = PathBuf::from(station_rel.split('/').next().unwrap_or_default());
    let base = MediaBase { content_dir, file_dir: &file_dir, county_dir: &county_dir };
    let mut decoder = Decoder::new(format!("{station_rel}/deputies.yaml"), text);
    let entries = deputies::decode(&mut decoder, &base, half_days);
    (entries.into_iter().map(|e| (e.deputy, e.line)).collect(), decoder.diagnostics)
}

/// Reads the text of a `stats.yaml` that is not written yet (`liaison import` of a ledger).
pub fn decode_stats(station_rel: &str, text: &str) -> Diagnostics {
    let mut decoder = Decoder::new(format!("{station_rel}/stats.yaml"), text);
    stats::decode(&mut decoder, stats::Level::Station);
    decoder.diagnostics
}
