//! Fingerprints of a build's inputs, to know which counties a rebuild can take as they are.
//!
//! A county's pages depend on its own folder and on what every page shares: `portal.yaml`,
//! the holidays files, the theme, the build day and liaison itself. A county's files are
//! fingerprinted by path, size and modification time (as make and cargo do: no second read
//! of the content); the shared inputs by their bytes.

use std::hash::{Hash, Hasher};
use std::path::Path;

pub type Fingerprint = u64;

fn hasher() -> std::collections::hash_map::DefaultHasher {
    // `new()` has fixed keys: the same bytes give the same fingerprint in every run.
    std::collections::hash_map::DefaultHasher::new()
}

/// Every file under `dir`, path and bytes.
fn hash_tree(dir: &Path, state: &mut impl Hasher) {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if entry.file_type().is_file() {
            entry.path().strip_prefix(dir).unwrap_or(entry.path()).hash(state);
            std::fs::read(entry.path()).unwrap_or_default().hash(state);
        }
    }
}

/// Everything a county was read from: every file of its folder (links followed: an edit to
/// the file a link leads to is an edit of the county) and every image it shows from elsewhere
/// in the content, each by path, size and modification time.
pub fn county(content_dir: &Path, site: &crate::model::Site, county: &crate::model::County) -> Fingerprint {
    let mut state = hasher();
    let dir = content_dir.join(&county.id);
    let stamp = |meta: &std::fs::Metadata, state: &mut std::collections::hash_map::DefaultHasher| {
        meta.is_dir().hash(state);
        meta.len().hash(state);
        meta.modified().ok().hash(state);
    };
    for entry in walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name().into_iter().flatten() {
        entry.path().strip_prefix(&dir).unwrap_or(entry.path()).hash(&mut state);
        if let Ok(meta) = entry.metadata() {
            stamp(&meta, &mut state);
        }
    }
    for source in county.media_sources().filter(|source| !source.starts_with(&dir)) {
        source.hash(&mut state);
        if let Ok(meta) = std::fs::metadata(source) {
            stamp(&meta, &mut state);
        }
    }
    // Deputies of other counties its stations name (issue 16): a new name is a new page.
    for guest in county.stations.iter().flat_map(|s| &s.guests) {
        (&guest.key, &guest.name).hash(&mut state);
    }
    // Stations of other counties that name its deputies: their sessions are on its pages.
    let prefix = format!("{}/", county.id);
    for other in site.counties.iter().filter(|c| c.id != county.id) {
        for station in other.stations.iter().filter(|s| s.guests.iter().any(|g| g.key.starts_with(&prefix))) {
            let file = content_dir.join(&other.id).join("stations").join(&station.id).join("station.yaml");
            file.hash(&mut state);
            if let Ok(meta) = std::fs::metadata(&file) {
                stamp(&meta, &mut state);
            }
        }
    }
    state.finish()
}

/// What every page shares: the portal, holidays, the theme in use, the day, liaison itself,
/// and how the files are written (`--precompress`).
pub fn shared(
    content_dir: &Path,
    theme: &crate::theme::Theme,
    today: chrono::NaiveDate,
    precompress: bool,
    standalone: bool,
    index_links: bool,
) -> Fingerprint {
    let mut state = hasher();
    // A county built without its compressed files is not one built with them, nor one
    // linking to the portal by a relative address one linking to it by its URL.
    precompress.hash(&mut state);
    standalone.hash(&mut state);
    index_links.hash(&mut state);
    std::fs::read(content_dir.join("portal.yaml")).unwrap_or_default().hash(&mut state);
    hash_tree(&content_dir.join("holidays"), &mut state);
    theme.files.hash(&mut state);
    today.hash(&mut state);
    env!("CARGO_PKG_VERSION").hash(&mut state);
    // A rebuilt binary may render differently with the same version number.
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        meta.len().hash(&mut state);
        meta.modified().ok().hash(&mut state);
    }
    state.finish()
}
