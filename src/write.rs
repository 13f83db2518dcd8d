//! The only module that touches the output folder.
//!
//! A build writes into a staging folder beside the output (`.site.liaison-staging`) and
//! swaps it in when every file is written; until then the previous site stays exactly as
//! it was, and a failed or interrupted build leaves it untouched (the next build clears
//! the staging folder it left behind).

use crate::render::{Content, OutputFile};
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// What a build wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct WriteStats {
    pub files: usize,
    pub pages: usize,
    pub bytes: u64,
}

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    files: AtomicUsize,
    pages: AtomicUsize,
    bytes: AtomicU64,
    committed: bool,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().map(OsString::from).unwrap_or_else(|| "site".into());
    let mut sibling_name = OsString::from(".");
    sibling_name.push(name);
    sibling_name.push(suffix);
    out.with_file_name(sibling_name)
}

impl Staging {
    /// Prepares an empty staging folder next to `out`.
    pub fn begin(out: &Path) -> Result<Staging> {
        let out = if out.is_absolute() { out.to_path_buf() } else { std::env::current_dir()?.join(out) };
        let out = PathBuf::from_iter(out.components().filter(|c| !matches!(c, Component::CurDir)));
        if out.parent().is_none() {
            bail!("cannot build into `{}`: choose a folder with a parent", out.display());
        }
        if out.exists() && !out.is_dir() {
            bail!("`{}` exists and is not a folder", out.display());
        }
        let dir = sibling(&out, ".liaison-staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("failed to clear `{}`", dir.display()))?;
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
        Ok(Staging {
            out,
            dir,
            files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// Writes files into the staging folder, in parallel.
    pub fn put_all(&self, files: Vec<OutputFile>) -> Result<()> {
        files.par_iter().try_for_each(|file| self.put(file))
    }

    fn put(&self, file: &OutputFile) -> Result<()> {
        let rel = Path::new(&file.path);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!("refusing to write outside the site: `{}`", file.path);
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        let written = match &file.content {
            Content::Bytes(bytes) => {
                std::fs::write(&path, bytes).with_context(|| format!("failed to write `{}`", path.display()))?;
                bytes.len() as u64
            }
            Content::CopyOf(source) => std::fs::copy(source, &path)
                .with_context(|| format!("failed to copy `{}` to `{}`", source.display(), path.display()))?,
        };
        self.files.fetch_add(1, Ordering::Relaxed);
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(written, Ordering::Relaxed);
        Ok(())
    }

    /// Puts the staged site in place of the old one.
    pub fn commit(mut self) -> Result<WriteStats> {
        let old = sibling(&self.out, ".liaison-old");
        if old.exists() {
            std::fs::remove_dir_all(&old).with_context(|| format!("failed to clear `{}`", old.display()))?;
        }
        let had_old = self.out.exists();
        if had_old {
            std::fs::rename(&self.out, &old)
                .with_context(|| format!("failed to move `{}` aside", self.out.display()))?;
        }
        if let Err(error) = std::fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(error).with_context(|| format!("failed to put the new site in `{}`", self.out.display()));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).with_context(|| format!("failed to remove `{}`", old.display()))?;
        }
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            pages: self.pages.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
