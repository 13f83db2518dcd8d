//! The only module that touches the output folder.
//!
//! A build writes what it renders into a staging folder beside the output
//! (`.site.liaison-staging`); until it commits, the previous site stays exactly as it was,
//! and a failed or interrupted build leaves it untouched (the next build clears the staging
//! folder it left behind). To commit, each top-level entry of the staging folder (a county's
//! folder, the portal's files) is renamed into the output in place of the old one, which goes
//! to `.site.liaison-old` (kept until the next build deletes it). A county taken from the
//! previous site is not touched at all: a rebuild after one station's edit moves one county.
//!
//! A manifest beside the output (`.site.liaison-manifest`) records the hash and size of every
//! file and the fingerprints of what each county was built from. A file whose bytes did not
//! change is hard-linked from the previous site instead of written, so its modification time
//! and any cache of it stay valid. The result is the same bytes as a clean build.

use crate::render::{Content, OutputFile};
use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// What a build wrote.
#[derive(Clone, Copy, Debug, Default)]
pub struct WriteStats {
    pub files: usize,
    pub pages: usize,
    pub bytes: u64,
    /// Files whose bytes changed (or were new), written.
    pub written: usize,
    /// Files taken unchanged from the previous site (hard links).
    pub unchanged: usize,
}

/// The hashes and sizes of a built site's files and the fingerprints of what it was built from.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub shared: u64,
    pub counties: BTreeMap<String, u64>,
    /// Path → (hash, size).
    pub files: BTreeMap<String, (u64, u64)>,
}

/// One file put in the staging folder.
struct Put {
    hash: u64,
    len: u64,
    /// Written, rather than linked from the previous site.
    written: bool,
}

pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    previous: Option<Manifest>,
    /// Top-level folders of the previous site that stay as they are.
    kept: Mutex<Vec<String>>,
    /// Path → (hash, size) of every file of the new site, in no order (sorted at the end:
    /// inserting 400,000 paths into a sorted map cost more than building it).
    hashes: Mutex<Vec<(String, (u64, u64))>>,
    files: AtomicUsize,
    pages: AtomicUsize,
    bytes: AtomicU64,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    committed: bool,
}

/// A file's hash in the manifest: XXH3, fast enough to hash every byte a build writes
/// (SipHash took a twentieth of a build).
fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The manifest as JSON, as `serde_json` would write a [`Manifest`] whose files are `files`
/// (sorted by path), with the files written in parallel chunks.
fn manifest_json(shared: u64, counties: &BTreeMap<String, u64>, files: &[(String, (u64, u64))]) -> Vec<u8> {
    use std::io::Write;
    let chunks: Vec<Vec<u8>> = files
        .par_chunks(4096)
        .map(|chunk| {
            let mut json = Vec::with_capacity(chunk.len() * 96);
            for (i, (path, (hash, len))) in chunk.iter().enumerate() {
                if i > 0 {
                    json.push(b',');
                }
                // Writing a string or numbers to a vector cannot fail.
                let _ = serde_json::to_writer(&mut json, path);
                let _ = write!(json, ":[{hash},{len}]");
            }
            json
        })
        .collect();
    let mut json = Vec::with_capacity(chunks.iter().map(Vec::len).sum::<usize>() + 4096);
    let _ = write!(json, "{{\"shared\":{shared},\"counties\":");
    let _ = serde_json::to_writer(&mut json, counties);
    json.extend_from_slice(b",\"files\":{");
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        json.extend_from_slice(chunk);
    }
    json.extend_from_slice(b"}}");
    json
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
        // The site before the last one is deleted in the background while this build works.
        let old = sibling(&out, ".liaison-old");
        if old.exists() {
            let trash = sibling(&out, &format!(".liaison-trash-{}", std::process::id()));
            std::fs::rename(&old, &trash).with_context(|| format!("failed to move `{}` aside", old.display()))?;
        }
        if let Some(parent) = out.parent() {
            let prefix =
                format!(".{}.liaison-trash-", out.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
            let trash: Vec<PathBuf> = std::fs::read_dir(parent)
                .map(|entries| {
                    entries
                        .flatten()
                        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                        .map(|e| e.path())
                        .collect()
                })
                .unwrap_or_default();
            std::thread::spawn(move || trash.iter().for_each(|t| drop(std::fs::remove_dir_all(t))));
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
        let previous = out
            .is_dir()
            .then(|| std::fs::read(sibling(&out, ".liaison-manifest")).ok())
            .flatten()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        Ok(Staging {
            out,
            dir,
            previous,
            kept: Mutex::new(Vec::new()),
            hashes: Mutex::new(Vec::new()),
            files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// The manifest of the site being replaced, if it has one.
    pub fn previous(&self) -> Option<&Manifest> {
        self.previous.as_ref()
    }

    /// Keeps the top-level folder `rel_dir` (`lishi/`) of the previous site as it is: it is
    /// not copied, not linked, and left in place when the new site is swapped in. False when
    /// the previous site has no such folder.
    pub fn reuse(&self, rel_dir: &str) -> Result<bool> {
        let name = rel_dir.trim_end_matches('/');
        if name.is_empty() || name.contains('/') || !self.out.join(name).is_dir() {
            return Ok(false);
        }
        let listed = self.previous.iter().flat_map(|previous| {
            previous.files.range(rel_dir.to_string()..).take_while(|(path, _)| path.starts_with(rel_dir))
        });
        let mut files: Vec<(String, Put)> =
            listed.map(|(path, &(hash, len))| (path.clone(), Put { hash, len, written: false })).collect();
        if files.is_empty() {
            // A folder the manifest does not know (one put together from `build --county`
            // runs elsewhere): its files are read to know them.
            files = walkdir::WalkDir::new(self.out.join(name))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_file())
                .map(|entry| -> Result<(String, Put)> {
                    let rel = crate::load::slash_path(entry.path().strip_prefix(&self.out).unwrap_or(entry.path()));
                    let bytes = std::fs::read(entry.path())
                        .with_context(|| format!("failed to read `{}`", entry.path().display()))?;
                    Ok((rel, Put { hash: hash_bytes(&bytes), len: bytes.len() as u64, written: false }))
                })
                .collect::<Result<_>>()?;
        }
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).push(name.to_string());
        self.record(files);
        Ok(true)
    }

    /// Counts files put in the staging folder, and keeps their hashes for the manifest.
    fn record(&self, puts: Vec<(String, Put)>) {
        let mut hashes = self.hashes.lock().unwrap_or_else(|e| e.into_inner());
        let (mut pages, mut bytes, mut written) = (0, 0, 0);
        let files = puts.len();
        for (rel, put) in puts {
            pages += usize::from(rel.ends_with(".html"));
            bytes += put.len;
            written += usize::from(put.written);
            hashes.push((rel, (put.hash, put.len)));
        }
        self.files.fetch_add(files, Ordering::Relaxed);
        self.pages.fetch_add(pages, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.written.fetch_add(written, Ordering::Relaxed);
        self.unchanged.fetch_add(files - written, Ordering::Relaxed);
    }

    /// Writes files into the staging folder: their folders first, each once, then the
    /// files in parallel.
    pub fn put_all(&self, files: Vec<OutputFile>) -> Result<()> {
        for file in &files {
            if Path::new(&file.path).components().any(|c| !matches!(c, Component::Normal(_))) {
                bail!("refusing to write outside the site: `{}`", file.path);
            }
        }
        let mut folders: Vec<&str> = files.iter().filter_map(|f| f.path.rsplit_once('/').map(|(dir, _)| dir)).collect();
        folders.sort_unstable();
        folders.dedup();
        // Sorted, a folder comes after its parent: `create_dir` alone will do, but a parent
        // that is no file's folder (or one made by an earlier call) is made on the way.
        for folder in folders {
            let path = self.dir.join(folder);
            if let Err(error) = std::fs::create_dir(&path) {
                if error.kind() != std::io::ErrorKind::AlreadyExists {
                    std::fs::create_dir_all(&path).with_context(|| format!("failed to create `{}`", path.display()))?;
                }
            }
        }
        let puts = files
            .into_par_iter()
            .map(|file| -> Result<(String, Put)> {
                let put = self.put(&file)?;
                Ok((file.path, put))
            })
            .collect::<Result<Vec<_>>>()?;
        self.record(puts);
        Ok(())
    }

    fn put(&self, file: &OutputFile) -> Result<Put> {
        let rel = Path::new(&file.path);
        let path = self.dir.join(rel);
        let source;
        let bytes: &[u8] = match &file.content {
            Content::Bytes(bytes) => bytes,
            Content::CopyOf(from) => {
                source = std::fs::read(from).with_context(|| format!("failed to read `{}`", from.display()))?;
                &source
            }
        };
        let hash = hash_bytes(bytes);
        let same = self.previous.as_ref().and_then(|m| m.files.get(&file.path)).map(|(h, _)| *h) == Some(hash);
        // Unchanged bytes: the previous file itself, by a hard link (same mtime, no write).
        let len = bytes.len() as u64;
        if same && std::fs::hard_link(self.out.join(rel), &path).is_ok() {
            return Ok(Put { hash, len, written: false });
        }
        std::fs::write(&path, bytes).with_context(|| format!("failed to write `{}`", path.display()))?;
        Ok(Put { hash, len, written: true })
    }

    /// Puts the staged files in place of the old ones, entry by top-level entry, and records
    /// the manifest. What they replace, and whatever the previous site held that this build
    /// neither staged nor kept, goes to `.site.liaison-old` until the next build deletes it.
    pub fn commit(mut self, shared: u64, counties: BTreeMap<String, u64>) -> Result<WriteStats> {
        let old = sibling(&self.out, ".liaison-old");
        if old.exists() {
            std::fs::remove_dir_all(&old).with_context(|| format!("failed to clear `{}`", old.display()))?;
        }
        if self.out.exists() {
            self.swap_in(&old)?;
        } else {
            std::fs::rename(&self.dir, &self.out)
                .with_context(|| format!("failed to put the new site in `{}`", self.out.display()))?;
        }
        self.committed = true;
        let mut files = std::mem::take(&mut *self.hashes.lock().unwrap_or_else(|e| e.into_inner()));
        files.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        let path = sibling(&self.out, ".liaison-manifest");
        let temporary = sibling(&self.out, ".liaison-manifest.new");
        std::fs::write(&temporary, manifest_json(shared, &counties, &files))
            .and_then(|_| std::fs::rename(&temporary, &path))
            .with_context(|| format!("failed to write `{}`", path.display()))?;
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            pages: self.pages.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }

    /// Renames each staged entry into the output (the old one, if any, into `old`), then moves
    /// what is neither staged nor kept into `old`. On an error, every move made is undone.
    fn swap_in(&self, old: &Path) -> Result<()> {
        std::fs::create_dir(old).with_context(|| format!("failed to create `{}`", old.display()))?;
        let kept: Vec<OsString> =
            self.kept.lock().unwrap_or_else(|e| e.into_inner()).iter().map(OsString::from).collect();
        let names = |dir: &Path| -> Result<Vec<OsString>> {
            let mut names: Vec<OsString> = std::fs::read_dir(dir)
                .with_context(|| format!("failed to read `{}`", dir.display()))?
                .map(|entry| entry.map(|e| e.file_name()))
                .collect::<Result<_, _>>()?;
            names.sort();
            Ok(names)
        };
        let staged = names(&self.dir)?;
        let mut moves: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut plan: Vec<(PathBuf, PathBuf)> = Vec::new();
        for name in &staged {
            if self.out.join(name).symlink_metadata().is_ok() {
                plan.push((self.out.join(name), old.join(name)));
            }
            plan.push((self.dir.join(name), self.out.join(name)));
        }
        for name in names(&self.out)? {
            if !staged.contains(&name) && !kept.contains(&name) {
                plan.push((self.out.join(&name), old.join(&name)));
            }
        }
        for (from, to) in plan {
            if let Err(error) = std::fs::rename(&from, &to) {
                for (back_to, back_from) in moves.iter().rev() {
                    let _ = std::fs::rename(back_from, back_to);
                }
                return Err(error)
                    .with_context(|| format!("failed to move `{}` to `{}`", from.display(), to.display()));
            }
            moves.push((from, to));
        }
        let _ = std::fs::remove_dir(&self.dir);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_reads_back_as_written() {
        let counties: BTreeMap<String, u64> = [("lishi".to_string(), 7u64), ("a\"b".to_string(), 1)].into();
        let files: Vec<(String, (u64, u64))> = (0..10_000)
            .map(|i| (format!("lishi/deputies/d{i:06}/index.html"), (u64::MAX - i, i)))
            .chain([("odd \"\\ \u{1} 名.html".to_string(), (1, 2))])
            .collect();
        let json = manifest_json(42, &counties, &files);
        let manifest: Manifest = serde_json::from_slice(&json).unwrap();
        assert_eq!(manifest.shared, 42);
        assert_eq!(manifest.counties, counties);
        assert_eq!(manifest.files, files.into_iter().collect::<BTreeMap<_, _>>());
        let expected = Manifest { shared: 42, counties: manifest.counties.clone(), files: manifest.files.clone() };
        assert_eq!(json, serde_json::to_vec(&expected).unwrap(), "the bytes serde_json would write");
    }
}
