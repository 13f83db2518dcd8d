//! The theme: templates, stylesheets, scripts and interface strings.
//!
//! The default theme (`themes/default/`) is compiled into the binary, so `liaison` works
//! from any folder. A user theme folder (`theme:` in `portal.yaml`) replaces the default
//! theme's files one at a time: a file at the same relative path wins (mdBook's rule).
//! This module owns that rule; nothing else decides where a theme file comes from.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! default_theme {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)) as &[u8])),*]
    };
}

const DEFAULT_FILES: &[(&str, &[u8])] = default_theme![
    "templates/base.html",
    "templates/portal.html",
    "templates/county.html",
    "templates/station.html",
    "templates/rule.html",
    "templates/case.html",
    "templates/deputy.html",
    "templates/next.html",
    "templates/upcoming.html",
    "templates/subscribe.html",
    "templates/reach.html",
    "templates/search.html",
    "templates/searchbox.html",
    "templates/search_form.html",
    "templates/portal_search.html",
    "templates/board.html",
    "templates/cases.html",
    "templates/post.html",
    "templates/posts.html",
    "templates/posts_section.html",
    "templates/404.html",
    "templates/figures.html",
    "templates/figures_table.html",
    "templates/proposals.html",
    "templates/proposal.html",
    "templates/voter_report.html",
    "templates/projects.html",
    "templates/data.html",
    "templates/channels.html",
    "templates/posters.html",
    "static/style.css",
    "static/reception.js",
    "static/search.js",
    "static/cases.js",
    "static/disk.js",
    "static/elder.js",
    "i18n/zh-CN.yaml",
    "i18n/en.yaml",
];

/// A user theme is bounded like content: only the theme's own folders are read, so that
/// `theme: /usr` does not read a system; links only inside the theme folder, regular files only.
const THEME_FOLDERS: &[&str] = &["templates", "static", "i18n"];
const MAX_THEME_FILES: usize = 500;
const MAX_THEME_FILE: u64 = 4 << 20;
const MAX_THEME_BYTES: u64 = 32 << 20;

/// The files of a user theme folder, by relative path.
fn read_user_theme(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let root = dir.canonicalize().with_context(|| format!("theme folder `{}` does not exist", dir.display()))?;
    let mut files = Vec::new();
    let mut total = 0;
    for folder in THEME_FOLDERS {
        if !root.join(folder).is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(root.join(folder)).follow_links(true).max_depth(4).sort_by_file_name() {
            let entry = entry.with_context(|| format!("failed to read theme folder `{}`", dir.display()))?;
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.path();
            let real = path.canonicalize().with_context(|| format!("failed to read `{}`", path.display()))?;
            let meta = std::fs::metadata(&real).with_context(|| format!("failed to read `{}`", path.display()))?;
            if !real.starts_with(&root) || !meta.is_file() {
                anyhow::bail!(
                    "theme file `{}` is a link out of the theme folder or not a regular file",
                    path.display()
                );
            }
            total += meta.len();
            if files.len() >= MAX_THEME_FILES || meta.len() > MAX_THEME_FILE || total > MAX_THEME_BYTES {
                anyhow::bail!(
                    "theme folder `{}` is too large (at most {MAX_THEME_FILES} files of 4 MB, 32 MB in all): is `theme:` the right folder?",
                    dir.display()
                );
            }
            let rel = crate::load::slash_path(path.strip_prefix(&root).unwrap_or(path));
            let bytes =
                std::fs::read(&real).with_context(|| format!("failed to read theme file `{}`", path.display()))?;
            files.push((rel, bytes));
        }
    }
    Ok(files)
}

/// Every file of the theme in use, by relative path (`templates/station.html`).
pub struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The default theme, with the files of `user_dir` (if any) in place of its own.
    pub fn load(user_dir: Option<&Path>) -> Result<Theme> {
        let mut files: BTreeMap<String, Vec<u8>> =
            DEFAULT_FILES.iter().map(|(path, bytes)| (path.to_string(), bytes.to_vec())).collect();
        if let Some(dir) = user_dir {
            for (rel, bytes) in read_user_theme(dir)? {
                files.insert(rel, bytes);
            }
        }
        Ok(Theme { files })
    }

    /// A file of the default theme, whatever the user theme holds.
    pub fn default_text(path: &str) -> Result<&'static str> {
        let (_, bytes) = DEFAULT_FILES
            .iter()
            .find(|(p, _)| *p == path)
            .with_context(|| format!("the default theme has no `{path}`"))?;
        std::str::from_utf8(bytes).with_context(|| format!("default theme file `{path}` is not UTF-8"))
    }

    /// Files under `prefix/`, with the prefix removed.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.files.iter().filter_map(move |(path, bytes)| {
            path.strip_prefix(prefix)?.strip_prefix('/').map(|p| (p, bytes.as_slice()))
        })
    }

    pub fn text(&self, path: &str) -> Result<&str> {
        let bytes = self.files.get(path).with_context(|| format!("the theme has no `{path}`"))?;
        std::str::from_utf8(bytes).with_context(|| format!("theme file `{path}` is not UTF-8"))
    }
}
