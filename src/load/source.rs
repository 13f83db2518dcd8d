//! Reading one content file: bytes to text, and Markdown files split into front matter
//! and body. The only place that reads content from disk (with `load::media`'s listing).

use crate::diag::{Diagnostic, Pos, Problem, Severity};
use std::path::Path;

/// A content file's text and its path relative to the content folder.
pub struct SourceFile {
    pub rel: String,
    pub text: String,
}

/// The largest content text file read: a county's roster is some 100 KB.
pub const MAX_TEXT: u64 = 8 << 20;

/// What a path under the content folder is, once checked: a link is followed only when it
/// leads inside the content folder, and only files and folders pass (a FIFO would hang the
/// read, a device never end it).
pub fn vet(content_dir: &Path, path: &Path) -> Result<std::fs::Metadata, Problem> {
    let own = std::fs::symlink_metadata(path).map_err(|error| Problem::Io { error: error.to_string() })?;
    let meta = if own.file_type().is_symlink() {
        let root = content_dir.canonicalize().map_err(|error| Problem::Io { error: error.to_string() })?;
        let target = path.canonicalize().map_err(|error| Problem::Io { error: error.to_string() })?;
        if !target.starts_with(&root) {
            return Err(Problem::LinkOutside);
        }
        std::fs::metadata(&target).map_err(|error| Problem::Io { error: error.to_string() })?
    } else {
        own
    };
    if meta.is_file() || meta.is_dir() {
        Ok(meta)
    } else {
        Err(Problem::NotAFile { kind: kind_name(&meta.file_type()) })
    }
}

/// What kind of special file a file type is, in a word the messages show.
pub fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    if kind.is_symlink() {
        return "link";
    }
    "special file"
}

/// Opens a regular file and measures it on its handle: one `open` and one `fstat` for the
/// ordinary file (a content load opens some 14,000). The open neither follows a link (a link
/// is vetted first, then opened) nor waits on a FIFO.
#[cfg(unix)]
fn open_checked(content_dir: &Path, path: &Path) -> Result<(std::fs::File, std::fs::Metadata), Problem> {
    use std::os::unix::fs::OpenOptionsExt;
    let io = |error: std::io::Error| Problem::Io { error: error.to_string() };
    let open = |flags| std::fs::File::options().read(true).custom_flags(flags).open(path);
    let file = match open(libc::O_NONBLOCK | libc::O_NOFOLLOW) {
        Ok(file) => file,
        Err(error) if error.raw_os_error() == Some(libc::ELOOP) => {
            vet(content_dir, path)?;
            open(libc::O_NONBLOCK).map_err(io)?
        }
        Err(error) => return Err(io(error)),
    };
    let meta = file.metadata().map_err(io)?;
    match (meta.is_file(), meta.is_dir()) {
        (true, _) => Ok((file, meta)),
        (false, true) => Err(Problem::NotAFile { kind: "folder" }),
        (false, false) => Err(Problem::NotAFile { kind: kind_name(&meta.file_type()) }),
    }
}

#[cfg(not(unix))]
fn open_checked(content_dir: &Path, path: &Path) -> Result<(std::fs::File, std::fs::Metadata), Problem> {
    let meta = vet(content_dir, path)?;
    if !meta.is_file() {
        return Err(Problem::NotAFile { kind: "folder" });
    }
    let file = std::fs::File::open(path).map_err(|error| Problem::Io { error: error.to_string() })?;
    Ok((file, meta))
}

/// Reads at most `limit` bytes of a vetted regular file.
pub fn read_bytes(content_dir: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, Problem> {
    use std::io::Read;
    let (file, meta) = open_checked(content_dir, path)?;
    if meta.len() > limit {
        return Err(Problem::TooLarge { size: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded even if the file grew after it was measured.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|error| Problem::Io { error: error.to_string() })?;
    if bytes.len() as u64 > limit {
        return Err(Problem::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text (a leading byte-order mark is dropped). A file in another
/// encoding, typically GBK from an old editor, is refused with the place it fails.
pub fn read(content_dir: &Path, path: &Path, rel: &str) -> Result<SourceFile, Box<Diagnostic>> {
    let mut bytes = read_bytes(content_dir, path, MAX_TEXT).map_err(|problem| file_problem(rel, problem))?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // The bytes become the text without a copy, unless there are CRLF line ends to undo.
    match String::from_utf8(bytes) {
        Ok(text) if text.contains('\r') => Ok(SourceFile { rel: rel.to_string(), text: text.replace("\r\n", "\n") }),
        Ok(text) => Ok(SourceFile { rel: rel.to_string(), text }),
        Err(error) => {
            let bytes = error.as_bytes();
            let error = error.utf8_error();
            let good = &bytes[..error.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(Box::new(Diagnostic {
                severity: Severity::Error,
                path: rel.to_string(),
                pos: Pos::new(line, col),
                width: 1,
                problem: Problem::NotUtf8 { byte: error.valid_up_to() + 1 },
                // The line itself would print as mojibake: the place says enough.
                source_line: None,
            }))
        }
    }
}

pub fn file_problem(rel: &str, problem: Problem) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        path: rel.to_string(),
        pos: Pos::FILE,
        width: 1,
        problem,
        source_line: None,
    }
}

/// A Markdown file's parts: the front matter text (starting on file line 2) and the body.
pub struct MarkdownParts<'a> {
    pub front_matter: &'a str,
    pub body: &'a str,
}

/// Splits `---\n<yaml>\n---\n<body>`.
pub fn split_front_matter(text: &str) -> Result<MarkdownParts<'_>, Problem> {
    let rest = text.strip_prefix("---\n").or_else(|| (text.trim_end() == "---").then_some(""));
    let Some(rest) = rest else {
        return Err(Problem::FrontMatterMissing);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(MarkdownParts { front_matter: &rest[..offset], body: &rest[offset + line.len()..] });
        }
        offset += line.len();
    }
    Err(Problem::FrontMatterUnclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let parts = split_front_matter("---\ntitle: a\n---\nbody\n").ok().unwrap();
        assert_eq!(parts.front_matter, "title: a\n");
        assert_eq!(parts.body, "body\n");
        assert_eq!(split_front_matter("title: a\n").err(), Some(Problem::FrontMatterMissing));
        assert_eq!(split_front_matter("---\ntitle: a\n").err(), Some(Problem::FrontMatterUnclosed));
    }
}
