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

/// Everything a county was read from: every file of its folder `dir` (links followed: an
/// edit to the file a link leads to is an edit of the county) and `deps`, the files elsewhere
/// in the content it read ([`deps`], and the stations of other counties that name its
/// deputies), each by path, size and modification time. Computed before the county is read
/// (issue 20: an unchanged county is not read at all), with the deps its last build found.
pub fn county(content_dir: &Path, dir: &Path, deps: &[String]) -> Fingerprint {
    let mut state = hasher();
    let stamp = |meta: &std::fs::Metadata, state: &mut std::collections::hash_map::DefaultHasher| {
        meta.is_dir().hash(state);
        meta.len().hash(state);
        meta.modified().ok().hash(state);
    };
    for entry in walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().flatten() {
        entry.path().strip_prefix(dir).unwrap_or(entry.path()).hash(&mut state);
        if let Ok(meta) = entry.metadata() {
            stamp(&meta, &mut state);
        }
    }
    for dep in deps {
        dep.hash(&mut state);
        if let Ok(meta) = std::fs::metadata(content_dir.join(dep)) {
            stamp(&meta, &mut state);
        }
    }
    state.finish()
}

/// The files outside its folder a county read: the images it shows from elsewhere, and for
/// each county its `who:` lists name (issue 16) that county's `stations` folder and its
/// `deputies.yaml` files (their names are on its pages). Paths from the content folder.
pub fn deps(content_dir: &Path, county: &crate::model::County) -> Vec<String> {
    let dir = content_dir.join(&county.id);
    let rel = |path: &Path| super::slash_path(path.strip_prefix(content_dir).unwrap_or(path));
    let mut out: Vec<String> = county.media_sources().filter(|source| !source.starts_with(&dir)).map(rel).collect();
    let named: std::collections::BTreeSet<&str> =
        county.stations.iter().flat_map(|s| &s.guests).map(|g| g.county.as_str()).collect();
    for other in named {
        let stations = content_dir.join(other).join("stations");
        out.push(rel(&stations));
        let mut listed: Vec<_> =
            std::fs::read_dir(&stations).into_iter().flatten().flatten().map(|e| e.path()).collect();
        listed.sort();
        out.extend(listed.into_iter().map(|station| rel(&station.join("deputies.yaml"))));
    }
    out.sort();
    out.dedup();
    out
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
