//! Paths to images written in content files (`photo:`, `wechat_group:`).
//!
//! A path is relative to the folder of the file that names it and must stay inside the
//! content folder: `../../../etc/passwd` is refused, whatever the file system would say, and
//! so is a link that leads out of it. What is published must be an image: a hidden file is
//! never published, the extension must be an image's, the bytes must be what the extension
//! says (a page renamed `.png` is refused), and an SVG may hold drawing only (`svg.rs`).

use super::decode::Decoder;
use super::yaml::Node;
use crate::diag::{Pos, Problem, Severity};
use crate::model::{MediaRef, Photo};
use std::path::{Component, Path, PathBuf};

/// Where a county's files live: to turn a path into its place in the built site.
pub struct MediaBase<'a> {
    pub content_dir: &'a Path,
    /// The folder of the file that names the path, relative to the content folder.
    pub file_dir: &'a Path,
    /// The county's folder, relative to the content folder.
    pub county_dir: &'a Path,
}

pub fn resolve(decoder: &mut Decoder, node: &Node, base: &MediaBase) -> Option<MediaRef> {
    let text = decoder.text(node)?;
    resolve_text(decoder, text, node.pos, node.width, base)
}

/// [`resolve`] for a path written at `pos` (an image of Markdown text).
pub fn resolve_text(decoder: &mut Decoder, text: String, pos: Pos, width: usize, base: &MediaBase) -> Option<MediaRef> {
    // Every problem is reported where the path was written.
    let report = |decoder: &mut Decoder, problem| decoder.report(Severity::Error, pos, width, problem);
    let Some(rel) = normalise(&base.file_dir.join(&text)) else {
        report(decoder, Problem::MediaOutside { text });
        return None;
    };
    if rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
        report(decoder, Problem::MediaHidden { text });
        return None;
    }
    let extension = rel.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let Some(kind) = ImageKind::of(&extension) else {
        report(decoder, Problem::MediaKind { text });
        return None;
    };
    let source = base.content_dir.join(&rel);
    if source.symlink_metadata().is_err() {
        report(decoder, Problem::MediaMissing { text });
        return None;
    }
    // Any folder on the way may be a link: the whole path is resolved, then checked.
    let inside = match (source.canonicalize(), base.content_dir.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    };
    if !inside {
        report(decoder, Problem::LinkOutside);
        return None;
    }
    let bytes = match super::source::read_bytes(base.content_dir, &source, MAX_MEDIA) {
        Ok(bytes) => bytes,
        Err(problem) => {
            report(decoder, problem);
            return None;
        }
    };
    if !kind.matches(&bytes) {
        report(decoder, Problem::MediaMismatch { text, kind: kind.name() });
        return None;
    }
    // A JPEG or PNG is published without its metadata (issue 16): its parts must be readable.
    let unreadable = match kind {
        ImageKind::Jpeg => crate::jpeg::without_metadata(&bytes).is_none(),
        ImageKind::Png => crate::jpeg::png_without_metadata(&bytes).is_none(),
        _ => false,
    };
    if unreadable {
        report(decoder, Problem::MediaMismatch { text, kind: kind.name() });
        return None;
    }
    if kind == ImageKind::Svg {
        if let Err(what) = super::svg::check(&bytes) {
            report(decoder, Problem::SvgUnsafe { text, what });
            return None;
        }
    }
    let site_path = match rel.strip_prefix(base.county_dir) {
        Ok(inside) => slash_path(inside),
        Err(_) => format!("shared/{}", slash_path(&rel)),
    };
    let mut media = MediaRef { source, site_path, size: None, photo: None };
    if matches!(kind, ImageKind::Jpeg | ImageKind::Png | ImageKind::Webp) {
        let Some(header) = crate::photo::header(&bytes) else {
            report(decoder, Problem::MediaMismatch { text, kind: kind.name() });
            return None;
        };
        let (w, h) = (header.width, header.height);
        if u64::from(w) * u64::from(h) > crate::photo::MAX_PIXELS {
            report(decoder, Problem::ImageTooLarge { text, width: w, height: h });
            return None;
        }
        if bytes.len() as u64 > LARGE_MEDIA || w.max(h) > LARGE_SIDE {
            // Resized all the same, but the original weighs on every build and on the content.
            let problem = Problem::LargeImage { text, size: bytes.len() as u64, width: w, height: h };
            decoder.report(Severity::Warning, pos, width, problem);
        }
        let hash = xxhash_rust::xxh3::xxh3_64_with_seed(&bytes, crate::photo::VERSION);
        let widths = crate::photo::widths(w);
        media.size = Some((w, h));
        media.photo = Some(Photo { hash, orientation: header.orientation, encoding: header.encoding, widths });
    }
    Some(media)
}

/// An original larger than this, in bytes or pixels on its longer side, is resized with a
/// warning (issue 16).
pub const LARGE_MEDIA: u64 = 5 << 20;
pub const LARGE_SIDE: u32 = 4000;

/// The largest image published as it is.
pub const MAX_MEDIA: u64 = 20 << 20;

/// The images a site may publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ImageKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl ImageKind {
    fn of(extension: &str) -> Option<ImageKind> {
        Some(match extension {
            "png" => ImageKind::Png,
            "jpg" | "jpeg" => ImageKind::Jpeg,
            "gif" => ImageKind::Gif,
            "webp" => ImageKind::Webp,
            "svg" => ImageKind::Svg,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Gif => "GIF",
            ImageKind::Webp => "WebP",
            ImageKind::Svg => "SVG",
        }
    }

    /// Whether the bytes begin as this kind of image does (its signature).
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            ImageKind::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            ImageKind::Jpeg => bytes.starts_with(b"\xFF\xD8\xFF"),
            ImageKind::Gif => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
            ImageKind::Webp => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
            ImageKind::Svg => {
                let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
                text.contains("<svg")
            }
        }
    }
}

/// Resolves `.` and `..` without touching the disk; `None` when the path leaves the root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

pub fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_must_begin_as_its_kind_does() {
        assert!(ImageKind::Png.matches(b"\x89PNG\r\n\x1a\n...."));
        assert!(!ImageKind::Png.matches(b"<html><script>"));
        assert!(ImageKind::Jpeg.matches(b"\xFF\xD8\xFF\xE0"));
        assert!(ImageKind::Webp.matches(b"RIFF\0\0\0\0WEBPVP8 "));
        assert!(!ImageKind::Svg.matches(b"<html></html>"));
        assert_eq!(ImageKind::of("html"), None);
        assert_eq!(ImageKind::of("JPG".to_ascii_lowercase().as_str()), Some(ImageKind::Jpeg));
    }

    #[test]
    fn paths_may_not_leave_the_content_folder() {
        assert_eq!(normalise(Path::new("a/b/../c.png")), Some(PathBuf::from("a/c.png")));
        assert_eq!(normalise(Path::new("a/../../x")), None);
        assert_eq!(normalise(Path::new("/etc/passwd")), None);
    }
}
