//! The only module that touches the output folder.
//!
//! Publishing works as Git updates a ref. One build at a time holds a lock beside the output
//! (`.site.liaison-lock`, with its process id). Everything the build writes goes into a
//! staging folder beside the output (`.site.liaison-staging`), the manifest of the new site
//! (`.liaison-manifest`: every file's hash and size, and what each county was built from)
//! included; then one `renameat2(RENAME_EXCHANGE)` swaps the staging folder and the output,
//! so that a reader, or a build killed at any instant, sees the old site with its manifest or
//! the new site with its own, never a mix. A county taken unchanged from the previous site is
//! not copied: the staged site holds a link to it, which is still valid after the swap (the
//! old site is then the staging folder), and each such link is exchanged for the folder
//! itself, again one atomic rename each. The old site is then moved to a trash folder that
//! the next build deletes (in the background while it renders; it waits for the deletion when
//! an earlier one had not finished, so old sites never pile up).
//! A build killed after the swap leaves a valid site; the next one finishes the exchanges.
//!
//! The output is ours alone: a build refuses an `--out` that is, holds or lies inside the
//! content folder, or a non-empty folder that no liaison build made (no manifest), and it
//! refuses to replace a site holding files that the manifest does not list (files someone put
//! there by hand), naming them. Nothing is written before the content has loaded without
//! errors.
//!
//! A file whose bytes did not change is hard-linked from the previous site instead of written,
//! so its modification time and any cache of it stay valid. The result is the same bytes as a
//! clean build.
//!
//! An output folder on a file system of its own (a mounted volume: a rename cannot leave it)
//! is staged inside itself and swapped entry by entry, after a manifest that owns both the old
//! and the new files: not atomic for readers, but a killed build is finished by the next one.

use crate::lang::Lang;
use crate::render::{Content, OutputFile};
use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The manifest's name inside the site.
pub const MANIFEST: &str = ".liaison-manifest";

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
    /// Each county's part of the portal (issue 20: `render::PortalPart` as JSON), so that a
    /// county kept as it is need not be read again.
    #[serde(default)]
    pub parts: BTreeMap<String, Box<serde_json::value::RawValue>>,
    /// The files outside its folder each county was read from (`load::fingerprint::deps`).
    #[serde(default)]
    pub deps: BTreeMap<String, Vec<String>>,
}

/// One file put in the staging folder.
struct Put {
    hash: u64,
    len: u64,
    /// Written, rather than linked from the previous site.
    written: bool,
}

/// Where the output is and how a build publishes into it.
#[derive(Clone, Debug)]
struct Layout {
    /// The output folder, absolute, with links resolved.
    out: PathBuf,
    /// Staged beside the output and swapped in by one rename; false for an output that is a
    /// file system of its own, staged inside itself.
    beside: bool,
}

impl Layout {
    fn of(out: &Path) -> Result<Layout> {
        let out = absolute(out)?;
        if out.parent().is_none() || out.file_name().is_none() {
            bail!(refusal(Lang::ZhCn, &out, Refused::NoParent));
        }
        let beside = !is_mount_point(&out);
        Ok(Layout { out, beside })
    }

    /// A name of ours beside the output (`.site.liaison-staging`), or inside it for an output
    /// that is a file system of its own (`site/.liaison-staging`).
    fn ours(&self, suffix: &str) -> PathBuf {
        if self.beside {
            let mut name = OsString::from(".");
            name.push(self.out.file_name().unwrap_or_default());
            name.push(".liaison-");
            name.push(suffix);
            self.out.with_file_name(name)
        } else {
            self.out.join(format!(".liaison-{suffix}"))
        }
    }

    fn staging(&self) -> PathBuf {
        self.ours("staging")
    }

    fn manifest(&self) -> PathBuf {
        self.out.join(MANIFEST)
    }

    /// Where builds before this layout kept the manifest: beside the output.
    fn legacy_manifest(&self) -> PathBuf {
        let mut name = OsString::from(".");
        name.push(self.out.file_name().unwrap_or_default());
        name.push(".liaison-manifest");
        self.out.with_file_name(name)
    }

    /// The folders of ours that hold old sites to delete.
    fn trash(&self) -> Vec<PathBuf> {
        let (dir, prefixes): (&Path, Vec<String>) = if self.beside {
            let name = self.out.file_name().unwrap_or_default().to_string_lossy().into_owned();
            (
                self.out.parent().unwrap_or(Path::new("/")),
                vec![format!(".{name}.liaison-trash-"), format!(".{name}.liaison-old")],
            )
        } else {
            (&self.out, vec![".liaison-trash-".to_string()])
        };
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        prefixes.iter().any(|p| name.starts_with(p.as_str()))
                    })
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    }

    /// A new trash folder's path.
    fn new_trash(&self) -> PathBuf {
        (0u32..)
            .map(|k| self.ours(&format!("trash-{}-{k}", std::process::id())))
            .find(|path| path.symlink_metadata().is_err())
            .unwrap_or_else(|| self.ours("trash"))
    }

    /// Names of the output's own top level that are ours, not the site's.
    fn is_ours_inside(&self, name: &str) -> bool {
        name == MANIFEST || (!self.beside && name.starts_with(".liaison-"))
    }
}

/// The path made absolute, `.` and `..` resolved, links resolved as far as the path exists.
fn absolute(path: &Path) -> Result<PathBuf> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut lexical = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    // The longest part that exists, with links resolved; the rest taken as written.
    let mut existing = lexical.clone();
    let mut rest: Vec<OsString> = Vec::new();
    loop {
        if let Ok(mut real) = existing.canonicalize() {
            real.extend(rest.iter().rev());
            return Ok(real);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return Ok(lexical),
        }
    }
}

#[cfg(unix)]
fn is_mount_point(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(meta), Some(parent)) = (std::fs::metadata(path), path.parent()) else {
        return false;
    };
    std::fs::metadata(parent).is_ok_and(|parent| parent.dev() != meta.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path) -> bool {
    false
}

/// Why an output folder is refused.
enum Refused {
    NoParent,
    IsContent,
    InsideContent,
    HoldsContent,
    NotAFolder,
    NotOurs { example: String },
    Busy { holder: String },
    Foreign { files: Vec<String> },
}

fn refusal(lang: Lang, out: &Path, why: Refused) -> String {
    let out = out.display();
    match (why, lang) {
        (Refused::NoParent, Lang::ZhCn) => format!("不能把网站生成到 `{out}`：请指定一个子文件夹，如 `site`"),
        (Refused::NoParent, Lang::En) => format!("cannot build into `{out}`: choose a folder below it, such as `site`"),
        (Refused::IsContent, Lang::ZhCn) => {
            format!("输出文件夹 `{out}` 就是内容文件夹：生成网站会覆盖内容。请用 --out 指定另一个文件夹，如 `site`")
        }
        (Refused::IsContent, Lang::En) => format!(
            "the output folder `{out}` is the content folder: building would replace the content. Choose another --out, such as `site`"
        ),
        (Refused::InsideContent, Lang::ZhCn) => {
            format!("输出文件夹 `{out}` 在内容文件夹里面：请把网站生成到内容文件夹之外，如 `site`")
        }
        (Refused::InsideContent, Lang::En) => {
            format!("the output folder `{out}` lies inside the content folder: build outside it, such as `site`")
        }
        (Refused::HoldsContent, Lang::ZhCn) => format!(
            "输出文件夹 `{out}` 包含内容文件夹：生成网站会替换掉内容和这个文件夹里的其他文件。请用 --out 指定一个新的子文件夹，如 `site`"
        ),
        (Refused::HoldsContent, Lang::En) => format!(
            "the output folder `{out}` holds the content folder: building would replace the content and everything beside it. Choose a new folder for --out, such as `site`"
        ),
        (Refused::NotAFolder, Lang::ZhCn) => format!("`{out}` 已存在，但不是文件夹：请用 --out 指定一个文件夹"),
        (Refused::NotAFolder, Lang::En) => format!("`{out}` exists and is not a folder: choose a folder for --out"),
        (Refused::NotOurs { example }, Lang::ZhCn) => format!(
            "输出文件夹 `{out}` 不是空的（如 `{example}`），也不是 liaison 生成的网站：liaison 不会替换别人的文件。请用 --out 指定一个新的或空的文件夹"
        ),
        (Refused::NotOurs { example }, Lang::En) => format!(
            "the output folder `{out}` is not empty (it holds `{example}`) and is not a site liaison built: liaison replaces nothing it did not write. Choose a new or empty folder for --out"
        ),
        (Refused::Busy { holder }, Lang::ZhCn) => {
            format!("另一个 liaison 构建（{holder}）正在写入 `{out}`：请等它结束后再试")
        }
        (Refused::Busy { holder }, Lang::En) => {
            format!("another liaison build ({holder}) is writing `{out}`: wait for it to finish and try again")
        }
        (Refused::Foreign { files }, Lang::ZhCn) => format!(
            "网站 `{out}` 里有 {} 个文件不是 liaison 生成的（{}）：替换网站会删掉它们，所以这次没有替换。请把它们移到别处（要发布的图片放进内容文件夹的 media/）后再构建",
            files.len(),
            shown(&files)
        ),
        (Refused::Foreign { files }, Lang::En) => format!(
            "the site `{out}` holds {} file(s) liaison did not write ({}): replacing the site would delete them, so it was not replaced. Move them elsewhere (images to publish go in the content's media/) and build again",
            files.len(),
            shown(&files)
        ),
    }
}

/// The first few of a list of paths.
fn shown(files: &[String]) -> String {
    let mut text = files.iter().take(5).map(String::as_str).collect::<Vec<_>>().join(", ");
    if files.len() > 5 {
        text.push_str(", …");
    }
    text
}

/// The previous site's manifest, read beside the content load (nothing is written), and
/// the file's identity, to know whether another build replaced it before this one took the
/// lock.
pub struct Previous {
    manifest: Option<Manifest>,
    stamp: Option<Stamp>,
}

#[derive(Clone, Debug, PartialEq)]
struct Stamp(u64, Option<std::time::SystemTime>, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Stamp(meta.len(), meta.modified().ok(), inode))
}

impl Previous {
    /// The manifest read, if there was one.
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// Reads the manifest of the site in `out`, if there is one.
    pub fn read(out: &Path) -> Previous {
        let Ok(layout) = Layout::of(out) else {
            return Previous { manifest: None, stamp: None };
        };
        Previous::read_layout(&layout)
    }

    fn read_layout(layout: &Layout) -> Previous {
        for path in [layout.manifest(), layout.legacy_manifest()] {
            let stamp = stamp(&path);
            if stamp.is_some() {
                let manifest = std::fs::read(&path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
                return Previous { manifest, stamp };
            }
        }
        Previous { manifest: None, stamp: None }
    }

    fn stamp_now(layout: &Layout) -> Option<Stamp> {
        stamp(&layout.manifest()).or_else(|| stamp(&layout.legacy_manifest()))
    }
}

/// A test hook: `LIAISON_TEST_FAULT=<step>` stops the process dead at that step of the
/// publish, as a kill or a power cut would (tests/publish.rs).
fn fault_point(step: &str) {
    if std::env::var_os("LIAISON_TEST_FAULT").is_some_and(|value| value == step) {
        std::process::abort();
    }
}

pub struct Staging {
    layout: Layout,
    lang: Lang,
    dir: PathBuf,
    previous: Option<Arc<Manifest>>,
    /// Held until the build ends: one build per output folder.
    _lock: File,
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
    /// Old sites to delete, once the content is known to have no errors
    /// ([`clear_trash`](Self::clear_trash)): a build with errors touches nothing.
    trash: Mutex<Vec<PathBuf>>,
    /// Old sites being deleted while this build works.
    cleaner: Mutex<Option<JoinHandle<()>>>,
    /// Whether the build waits for `cleaner` before it ends (old sites were piling up).
    wait_for_cleaner: bool,
    /// The staging folder was swapped with the output: it holds the old site now, which
    /// the new site may still link to.
    swapped: bool,
    committed: bool,
    /// `.br` and `.gz` beside each text file.
    precompress: bool,
}

/// Files a server sends compressed: text.
fn compressible(path: &str) -> bool {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(extension, "html" | "css" | "js" | "json" | "xml" | "ics" | "csv" | "txt" | "svg")
}

/// The compressed forms of a file, each with the suffix of its name: Brotli at quality 5 and
/// gzip at level 6, both deterministic (no time or name in the gzip header). Measured on a
/// city (224 MB of text): Brotli 11 took minutes; 5 gives 72 MB against 7's 70 MB in half the
/// time, and gzip 9 costs twice gzip 6 for a few per cent.
fn compressed(bytes: &[u8]) -> [(&'static str, Vec<u8>); 2] {
    let mut brotli = Vec::with_capacity(bytes.len() / 4 + 64);
    let params = brotli::enc::BrotliEncoderParams { quality: 5, lgwin: 22, ..Default::default() };
    // Writing to a vector cannot fail.
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut brotli, &params);
    let mut gzip = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::with_capacity(bytes.len() / 3 + 64), flate2::Compression::default());
    let _ = gzip.write_all(bytes);
    let gzip = gzip.finish().unwrap_or_default();
    [(".br", brotli), (".gz", gzip)]
}

/// A file's hash in the manifest: XXH3, fast enough to hash every byte a build writes
/// (SipHash took a twentieth of a build).
fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The manifest as JSON, as `serde_json` would write a [`Manifest`] whose files are `files`
/// (sorted by path), with the files written in parallel chunks.
/// The county parts of a manifest.
pub type Parts = BTreeMap<String, Box<serde_json::value::RawValue>>;

fn manifest_json(
    shared: u64,
    counties: &BTreeMap<String, u64>,
    files: &[(String, (u64, u64))],
    parts: &Parts,
    deps: &BTreeMap<String, Vec<String>>,
) -> Vec<u8> {
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
    json.extend_from_slice(b"},\"parts\":");
    let _ = serde_json::to_writer(&mut json, parts);
    json.extend_from_slice(b",\"deps\":");
    let _ = serde_json::to_writer(&mut json, deps);
    json.push(b'}');
    json
}

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`). `Ok(false)` where
/// the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that live across the call; the call
    // reads them and touches no memory of ours.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::ENOSYS) | Some(libc::EINVAL) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Where a link in the staged site points to reach a kept county of the old site: the old
/// site is in the staging folder once the two are swapped.
fn kept_link(layout: &Layout, name: &str) -> PathBuf {
    let staging = layout.staging();
    Path::new("..").join(staging.file_name().unwrap_or_default()).join(name)
}

/// Every file under `dir` (relative paths with `/`), not following links.
fn files_under(dir: &Path, base: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| crate::load::slash_path(entry.path().strip_prefix(base).unwrap_or(entry.path())))
        .collect()
}

impl Staging {
    /// Takes the output folder for this build: checks it against the content folder, takes
    /// the lock, finishes what a killed build left, and prepares an empty staging folder.
    /// Called only once the content has loaded without errors.
    pub fn begin(out: &Path, content: &Path, lang: Lang, previous: Previous) -> Result<Staging> {
        let layout = Layout::of(out).map_err(|_| anyhow!(refusal(lang, out, Refused::NoParent)))?;
        let out = layout.out.clone();
        let refuse = |why| anyhow!(refusal(lang, &out, why));
        if let Ok(content) = content.canonicalize() {
            if out == content {
                return Err(refuse(Refused::IsContent));
            }
            if out.starts_with(&content) {
                return Err(refuse(Refused::InsideContent));
            }
            if content.starts_with(&out) {
                return Err(refuse(Refused::HoldsContent));
            }
        }
        if out.symlink_metadata().is_ok() && !out.is_dir() {
            return Err(refuse(Refused::NotAFolder));
        }
        let lock_path = layout.ours("lock");
        if let Some(parent) = lock_path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        let mut lock = File::options()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("failed to open `{}`", lock_path.display()))?;
        if let Err(error) = lock.try_lock() {
            let mut holder = String::new();
            let _ = lock.read_to_string(&mut holder);
            let holder = match holder.trim() {
                "" => error.to_string(),
                pid => format!("{} {pid}", lang.pick("进程", "process")),
            };
            return Err(refuse(Refused::Busy { holder }));
        }
        let _ = lock.set_len(0).and_then(|_| write!(lock, "{}", std::process::id()));
        // Another build may have replaced the site between the read and the lock.
        let previous =
            if Previous::stamp_now(&layout) == previous.stamp { previous } else { Previous::read_layout(&layout) };
        if previous.manifest.is_none() {
            // A volume's own `lost+found` and our own files inside a volume are no content.
            let example = std::fs::read_dir(&out).ok().and_then(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .find(|name| name != "lost+found" && !layout.is_ours_inside(name))
            });
            if let Some(example) = example {
                return Err(refuse(Refused::NotOurs { example }));
            }
        }
        Staging::recover(&layout)?;
        let dir = layout.staging();
        let trash = layout.trash();
        // The last build's old site is deleted while this build works; should that not have
        // finished before (a build shorter than the deletion), this build waits for it: no more
        // than two old sites are ever left behind.
        let wait = trash.len() > 1;
        std::fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
        let previous = previous.manifest.map(Arc::new);
        Ok(Staging {
            layout,
            lang,
            dir,
            previous,
            _lock: lock,
            kept: Mutex::new(Vec::new()),
            hashes: Mutex::new(Vec::new()),
            files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            trash: Mutex::new(trash),
            cleaner: Mutex::new(None),
            wait_for_cleaner: wait,
            swapped: false,
            committed: false,
            precompress: false,
        })
    }

    /// Starts deleting the old sites earlier builds left, once the content has no errors
    /// (called by the build when its counties are done, and by `commit`).
    pub fn clear_trash(&self) {
        let trash = std::mem::take(&mut *self.trash.lock().unwrap_or_else(|e| e.into_inner()));
        if !trash.is_empty() {
            let cleaner = std::thread::spawn(move || trash.iter().for_each(|t| drop(std::fs::remove_dir_all(t))));
            *self.cleaner.lock().unwrap_or_else(|e| e.into_inner()) = Some(cleaner);
        }
    }

    /// Waits for the old sites' deletion when they were piling up.
    fn wait_for_trash(&mut self) {
        if self.wait_for_cleaner {
            if let Some(cleaner) = self.cleaner.get_mut().unwrap_or_else(|e| e.into_inner()).take() {
                let _ = cleaner.join();
            }
        }
    }

    /// Writes `.br` and `.gz` beside each text file from now on.
    pub fn precompress(mut self, on: bool) -> Staging {
        self.precompress = on;
        self
    }

    /// Finishes what a killed build left: a site whose kept counties are still links into
    /// the old site gets them exchanged, then the old site (or an unfinished staging folder)
    /// goes to the trash.
    fn recover(layout: &Layout) -> Result<()> {
        let staging = layout.staging();
        if staging.symlink_metadata().is_err() {
            return Ok(());
        }
        if layout.beside {
            for entry in std::fs::read_dir(&layout.out).into_iter().flatten().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let link = entry.path();
                if std::fs::read_link(&link).ok() == Some(kept_link(layout, &name)) {
                    exchange(&link, &staging.join(&name))
                        .with_context(|| format!("failed to finish the last build's `{}`", link.display()))?;
                }
            }
        }
        let trash = layout.new_trash();
        std::fs::rename(&staging, &trash).with_context(|| format!("failed to clear `{}`", staging.display()))?;
        Ok(())
    }

    /// The manifest of the site being replaced, if it has one.
    pub fn previous(&self) -> Option<&Manifest> {
        self.previous.as_deref()
    }

    /// Keeps the top-level folder `rel_dir` (`lishi/`) of the previous site as it is: it is
    /// not copied, not linked, and left in place when the new site is swapped in. False when
    /// the previous site has no such folder.
    pub fn reuse(&self, rel_dir: &str) -> Result<bool> {
        let name = rel_dir.trim_end_matches('/');
        let folder = self.layout.out.join(name);
        if name.is_empty() || name.contains('/') || name.starts_with('.') || !folder.is_dir() {
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
            files = files_under(&folder, &self.layout.out)
                .into_iter()
                .map(|rel| -> Result<(String, Put)> {
                    let path = self.layout.out.join(&rel);
                    let bytes = std::fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
                    Ok((rel, Put { hash: hash_bytes(&bytes), len: bytes.len() as u64, written: false }))
                })
                .collect::<Result<_>>()?;
        }
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).push(name.to_string());
        self.record(files);
        Ok(true)
    }

    /// Puts the files of another site (`from`, e.g. one county built on its own by
    /// `build --county`) into the staging folder: `files` as that site's manifest lists them,
    /// hard-linked (copied across file systems), never read.
    pub fn adopt(&self, from: &Path, files: Vec<(String, (u64, u64))>) -> Result<()> {
        for (rel, _) in &files {
            let parts = Path::new(rel).components();
            if rel.is_empty() || parts.clone().any(|c| !matches!(c, Component::Normal(_))) {
                bail!("refusing to write outside the site: `{rel}`");
            }
        }
        let mut folders: Vec<&str> =
            files.iter().filter_map(|(rel, _)| rel.rsplit_once('/').map(|(dir, _)| dir)).collect();
        folders.sort_unstable();
        folders.dedup();
        for folder in folders {
            let path = self.dir.join(folder);
            std::fs::create_dir_all(&path).with_context(|| format!("failed to create `{}`", path.display()))?;
        }
        let puts = files
            .into_par_iter()
            .map(|(rel, (hash, len))| -> Result<(String, Put)> {
                let (source, target) = (from.join(&rel), self.dir.join(&rel));
                if std::fs::hard_link(&source, &target).is_err() {
                    std::fs::copy(&source, &target)
                        .with_context(|| format!("failed to copy `{}`", source.display()))?;
                }
                Ok((rel, Put { hash, len, written: true }))
            })
            .collect::<Result<Vec<_>>>()?;
        self.record(puts);
        Ok(())
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
            let parts = Path::new(&file.path).components();
            if file.path.is_empty() || parts.clone().any(|c| !matches!(c, Component::Normal(_))) {
                bail!("refusing to write outside the site: `{}`", file.path);
            }
            if file.path.split('/').any(|part| part.starts_with('.')) {
                bail!("refusing to write a hidden file into the site: `{}`", file.path);
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
            .map(|file| -> Result<Vec<(String, Put)>> {
                let Some(put) = self.put(&file)? else {
                    return Ok(Vec::new());
                };
                let mut puts = Vec::with_capacity(3);
                if let (true, Content::Bytes(bytes)) = (self.precompress && compressible(&file.path), &file.content) {
                    puts.extend(self.put_compressed(&file.path, bytes, !put.written)?);
                }
                puts.push((file.path, put));
                Ok(puts)
            })
            .collect::<Result<Vec<_>>>()?;
        self.record(puts.into_iter().flatten().collect());
        Ok(())
    }

    /// Puts the compressed forms of a file beside it: taken from the previous site by a hard
    /// link when the file itself was unchanged and they are there, else compressed anew.
    fn put_compressed(&self, path: &str, bytes: &[u8], unchanged: bool) -> Result<Vec<(String, Put)>> {
        let suffixes = [".br", ".gz"];
        let previous = |suffix: &str| {
            let rel = format!("{path}{suffix}");
            let known = self.previous.as_ref().and_then(|m| m.files.get(&rel)).copied();
            (rel, known)
        };
        if unchanged {
            let linked: Option<Vec<(String, Put)>> = suffixes
                .iter()
                .map(|suffix| {
                    let (rel, known) = previous(suffix);
                    let (hash, len) = known?;
                    std::fs::hard_link(self.layout.out.join(&rel), self.dir.join(&rel)).ok()?;
                    Some((rel, Put { hash, len, written: false }))
                })
                .collect();
            if let Some(linked) = linked {
                return Ok(linked);
            }
            for suffix in suffixes {
                let _ = std::fs::remove_file(self.dir.join(format!("{path}{suffix}")));
            }
        }
        compressed(bytes)
            .into_iter()
            .map(|(suffix, packed)| {
                let rel = format!("{path}{suffix}");
                let target = self.dir.join(&rel);
                std::fs::write(&target, &packed).with_context(|| format!("failed to write `{}`", target.display()))?;
                Ok((rel, Put { hash: hash_bytes(&packed), len: packed.len() as u64, written: true }))
            })
            .collect()
    }

    /// Puts one file in the staging folder. Every path is new there: a second file at the same
    /// path is the same file put twice (an image two pages show: `None`), or a collision that
    /// would replace one page with another, refused.
    fn put(&self, file: &OutputFile) -> Result<Option<Put>> {
        let rel = Path::new(&file.path);
        let path = self.dir.join(rel);
        if let Content::Photo { .. } = &file.content {
            // Its name holds its source's hash: the same name is the same file, taken from the
            // previous site or from another page of this build without being made again.
            if let Some(&(hash, len)) = self.previous.as_ref().and_then(|m| m.files.get(&file.path)) {
                if std::fs::hard_link(self.layout.out.join(rel), &path).is_ok() {
                    return Ok(Some(Put { hash, len, written: false }));
                }
            }
            if path.symlink_metadata().is_ok() {
                return Ok(None);
            }
        }
        let source;
        let bytes: &[u8] = match &file.content {
            Content::Bytes(bytes) => bytes,
            Content::CopyOf(from) => {
                source = std::fs::read(from).with_context(|| format!("failed to read `{}`", from.display()))?;
                &source
            }
            Content::WithoutMetadata(from) => {
                let original = std::fs::read(from).with_context(|| format!("failed to read `{}`", from.display()))?;
                // A photo the walk does not understand is not published with its metadata.
                source = crate::jpeg::without_metadata(&original)
                    .or_else(|| crate::jpeg::png_without_metadata(&original))
                    .with_context(|| format!("cannot take the metadata out of `{}`", from.display()))?;
                &source
            }
            Content::Photo { source: from, header, width } => {
                let original = std::fs::read(from).with_context(|| format!("failed to read `{}`", from.display()))?;
                source = crate::photo::variant(&original, header, *width)
                    .map_err(|why| anyhow!("cannot resize `{}`: {why}", from.display()))?;
                &source
            }
        };
        let hash = hash_bytes(bytes);
        let same = self.previous.as_ref().and_then(|m| m.files.get(&file.path)).map(|(h, _)| *h) == Some(hash);
        // Unchanged bytes: the previous file itself, by a hard link (same mtime, no write).
        let len = bytes.len() as u64;
        if same && std::fs::hard_link(self.layout.out.join(rel), &path).is_ok() {
            return Ok(Some(Put { hash, len, written: false }));
        }
        let written = File::options().write(true).create_new(true).open(&path).and_then(|mut f| f.write_all(bytes));
        match written {
            Ok(()) => Ok(Some(Put { hash, len, written: true })),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let there = std::fs::read(&path).with_context(|| format!("failed to read `{}`", path.display()))?;
                if hash_bytes(&there) == hash && there == bytes {
                    return Ok(None);
                }
                bail!("two different files of the site would be written at `{}`", file.path)
            }
            Err(error) => Err(error).with_context(|| format!("failed to write `{}`", path.display())),
        }
    }

    /// Puts the staged site in place of the old one, with its manifest, in one swap (see
    /// the module's comment); the old site goes to the trash, deleted by the next build.
    pub fn commit(
        mut self,
        shared: u64,
        counties: BTreeMap<String, u64>,
        parts: &Parts,
        deps: BTreeMap<String, Vec<String>>,
    ) -> Result<WriteStats> {
        let kept: Vec<String> = std::mem::take(&mut *self.kept.lock().unwrap_or_else(|e| e.into_inner()));
        let found = self.foreign_files(&kept);
        if !found.is_empty() {
            bail!(refusal(self.lang, &self.layout.out, Refused::Foreign { files: found }));
        }
        let mut files = std::mem::take(&mut *self.hashes.lock().unwrap_or_else(|e| e.into_inner()));
        files.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        let manifest = manifest_json(shared, &counties, &files, parts, &deps);
        self.clear_trash();
        fault_point("staged");
        if self.layout.beside {
            self.swap_beside(&manifest, &kept)?;
        } else {
            self.swap_inside(&manifest, &kept, &files)?;
        }
        self.committed = true;
        let _ = std::fs::remove_file(self.layout.legacy_manifest());
        self.wait_for_trash();
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            pages: self.pages.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }

    /// The files of the site being replaced that its manifest does not list (put there by
    /// hand), outside the counties kept as they are (which are not replaced): each top-level
    /// entry walked on its own, in parallel.
    fn foreign_files(&self, kept: &[String]) -> Vec<String> {
        let Some(manifest) = &self.previous else {
            return Vec::new();
        };
        let entries: Vec<PathBuf> = std::fs::read_dir(&self.layout.out)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                !kept.contains(&name)
                    && !self.layout.is_ours_inside(&name)
                    && (name != "lost+found" || self.layout.beside)
            })
            .map(|entry| entry.path())
            .collect();
        let mut found: Vec<String> = entries
            .par_iter()
            .flat_map_iter(|entry| files_under(entry, &self.layout.out))
            .filter(|rel| !manifest.files.contains_key(rel))
            .collect();
        found.sort();
        found
    }

    /// The swap of an output staged beside it: the manifest into the staged site, links to
    /// the kept counties, one exchange, then each link exchanged for its county.
    fn swap_beside(&mut self, manifest: &[u8], kept: &[String]) -> Result<()> {
        let out = self.layout.out.clone();
        let path = self.dir.join(MANIFEST);
        std::fs::write(&path, manifest).with_context(|| format!("failed to write `{}`", path.display()))?;
        for name in kept {
            let link = self.dir.join(name);
            make_link(&kept_link(&self.layout, name), &link)
                .with_context(|| format!("failed to link `{}`", link.display()))?;
        }
        fault_point("manifest");
        if out.symlink_metadata().is_err() {
            return std::fs::rename(&self.dir, &out)
                .with_context(|| format!("failed to put the new site in `{}`", out.display()));
        }
        let swapped = exchange(&self.dir, &out).with_context(|| format!("failed to swap in `{}`", out.display()))?;
        if !swapped {
            // No atomic exchange here: the old site is moved aside, then the new one in.
            let aside = self.layout.new_trash();
            std::fs::rename(&out, &aside).with_context(|| format!("failed to move `{}` aside", out.display()))?;
            if let Err(error) = std::fs::rename(&self.dir, &out) {
                let _ = std::fs::rename(&aside, &out);
                return Err(error).with_context(|| format!("failed to put the new site in `{}`", out.display()));
            }
            std::fs::rename(&aside, &self.dir).with_context(|| format!("failed to move `{}`", aside.display()))?;
        }
        self.swapped = true;
        fault_point("swapped");
        for name in kept {
            let link = out.join(name);
            let folder = self.dir.join(name);
            if !exchange(&link, &folder).with_context(|| format!("failed to put `{}` in place", link.display()))? {
                std::fs::remove_file(&link)
                    .and_then(|_| std::fs::rename(&folder, &link))
                    .with_context(|| format!("failed to put `{}` in place", link.display()))?;
            }
            fault_point("kept");
        }
        let trash = self.layout.new_trash();
        std::fs::rename(&self.dir, &trash).with_context(|| format!("failed to move `{}`", self.dir.display()))?;
        Ok(())
    }

    /// The swap of an output that is a file system of its own: a manifest owning the old and
    /// the new files first (so a killed swap is finished by the next build, which renders every
    /// county again), then entry by entry, then the new manifest.
    fn swap_inside(&mut self, manifest: &[u8], kept: &[String], files: &[(String, (u64, u64))]) -> Result<()> {
        let out = self.layout.out.clone();
        // Owned, with no hash: until the new manifest is written, no file of the site is
        // known to hold the bytes of either build.
        let mut union: BTreeSet<&str> = self.previous.iter().flat_map(|m| m.files.keys()).map(String::as_str).collect();
        union.extend(files.iter().map(|(path, _)| path.as_str()));
        let union: Vec<(String, (u64, u64))> = union.into_iter().map(|path| (path.to_string(), (0, 0))).collect();
        write_replacing(
            &self.layout.manifest(),
            &manifest_json(0, &BTreeMap::new(), &union, &Parts::new(), &BTreeMap::new()),
        )?;
        let trash = self.layout.new_trash();
        std::fs::create_dir(&trash).with_context(|| format!("failed to create `{}`", trash.display()))?;
        let names = |dir: &Path| -> Result<BTreeSet<String>> {
            Ok(std::fs::read_dir(dir)
                .with_context(|| format!("failed to read `{}`", dir.display()))?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !self.layout.is_ours_inside(name))
                .collect())
        };
        let staged = names(&self.dir)?;
        for name in names(&out)? {
            if !staged.contains(&name) && !kept.contains(&name) {
                std::fs::rename(out.join(&name), trash.join(&name))
                    .with_context(|| format!("failed to move `{}`", out.join(&name).display()))?;
            }
        }
        for name in &staged {
            let target = out.join(name);
            if target.symlink_metadata().is_ok() {
                std::fs::rename(&target, trash.join(name))
                    .with_context(|| format!("failed to move `{}`", target.display()))?;
            }
            std::fs::rename(self.dir.join(name), &target)
                .with_context(|| format!("failed to move `{}` into place", target.display()))?;
            fault_point("entry");
        }
        write_replacing(&self.layout.manifest(), manifest)?;
        let _ = std::fs::remove_dir(&self.dir);
        Ok(())
    }
}

#[cfg(unix)]
fn make_link(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn make_link(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("links are not supported here"))
}

/// Writes a file by writing a new one beside it and renaming it over the old.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temporary = path.as_os_str().to_os_string();
    temporary.push(".new");
    std::fs::write(&temporary, bytes)
        .and_then(|_| std::fs::rename(&temporary, path))
        .with_context(|| format!("failed to write `{}`", path.display()))
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After the swap the staging folder holds the old site, which the new one may still
        // link to: the next build finishes the exchanges and clears it.
        if !self.committed && !self.swapped {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        self.wait_for_trash();
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
        let part = serde_json::value::RawValue::from_string(r#"{"id":"lishi","rows":[["名",1]]}"#.into()).unwrap();
        let parts: Parts = [("lishi".to_string(), part)].into();
        let deps: BTreeMap<String, Vec<String>> = [("lishi".to_string(), vec!["media/a.png".to_string()])].into();
        let json = manifest_json(42, &counties, &files, &parts, &deps);
        let manifest: Manifest = serde_json::from_slice(&json).unwrap();
        assert_eq!(manifest.shared, 42);
        assert_eq!(manifest.counties, counties);
        assert_eq!(manifest.files, files.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(manifest.parts["lishi"].get(), parts["lishi"].get());
        let expected = Manifest {
            shared: 42,
            counties: manifest.counties.clone(),
            files: manifest.files.clone(),
            parts: manifest.parts.clone(),
            deps: deps.clone(),
        };
        assert_eq!(json, serde_json::to_vec(&expected).unwrap(), "the bytes serde_json would write");
    }

    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("f"), "a").unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(b.join("f"), "b").unwrap();
        let swapped = exchange(&a, &b).unwrap();
        // Linux's ext4 and tmpfs (where builds and these tests run) have the exchange; the
        // two-rename fallback is for systems without it.
        assert_eq!(swapped, cfg!(target_os = "linux"));
        if swapped {
            assert_eq!(std::fs::read_to_string(a.join("f")).unwrap(), "b");
            assert_eq!(std::fs::read_to_string(b.join("f")).unwrap(), "a");
        }
    }

    #[test]
    fn absolute_resolves_dots_past_what_exists() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(absolute(&dir.path().join("x/../y/./z")).unwrap(), real.join("y/z"));
        assert_eq!(absolute(&dir.path().join(".")).unwrap(), real);
    }
}
