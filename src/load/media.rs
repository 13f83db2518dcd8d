//! Paths to images written in content files (`photo:`, `wechat_group:`).
//!
//! A path is relative to the folder of the file that names it and must stay inside the
//! content folder: `../../../etc/passwd` is refused, whatever the file system would say.

use super::decode::Decoder;
use super::yaml::Node;
use crate::diag::Problem;
use crate::model::MediaRef;
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
    let Some(rel) = normalise(&base.file_dir.join(&text)) else {
        decoder.error(node, Problem::MediaOutside { text });
        return None;
    };
    let source = base.content_dir.join(&rel);
    if !source.is_file() {
        decoder.error(node, Problem::MediaMissing { text });
        return None;
    }
    let site_path = match rel.strip_prefix(base.county_dir) {
        Ok(inside) => slash_path(inside),
        Err(_) => format!("shared/{}", slash_path(&rel)),
    };
    Some(MediaRef { source, site_path })
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
    fn paths_may_not_leave_the_content_folder() {
        assert_eq!(normalise(Path::new("a/b/../c.png")), Some(PathBuf::from("a/c.png")));
        assert_eq!(normalise(Path::new("a/../../x")), None);
        assert_eq!(normalise(Path::new("/etc/passwd")), None);
    }
}
