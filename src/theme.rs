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
    "templates/404.html",
    "templates/figures.html",
    "templates/data.html",
    "static/style.css",
    "static/reception.js",
    "static/search.js",
    "static/cases.js",
    "i18n/zh-CN.yaml",
    "i18n/en.yaml",
];

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
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("failed to read theme folder `{}`", dir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = crate::load::slash_path(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("failed to read theme file `{}`", entry.path().display()))?;
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
