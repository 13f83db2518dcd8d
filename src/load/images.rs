//! **Extension (issue 16).** Images that Markdown shows (`![说明](media/p.jpg)` in a case, a
//! rule, an intro or a bio): each is checked as `photo:` is (`media.rs`), at the line and
//! column where it is written, so that no page shows an image that is not published.
//!
//! A path is read from the folder of the station (or county) the text belongs to, as the
//! paths of YAML are (`media/p.jpg` in `cases/x.md` is the station's `media/p.jpg`); a path
//! that begins with `./` or `../` is read from the Markdown file's own folder, as an editor's
//! preview reads it. An image on another site is refused: pages load nothing from elsewhere.

use super::decode::Decoder;
use super::media::{self, MediaBase};
use crate::diag::{Pos, Problem, Severity};
use crate::model::InlineImage;
use pulldown_cmark::{Event, Options, Parser, Tag};
use std::path::Path;

/// Where the Markdown text is in its file.
pub enum At {
    /// At this byte offset of the file (a front-matter file's body).
    Offset(usize),
    /// In a YAML value that begins on this line (an `intro: |` block, dedented).
    FromLine(usize),
}

/// The images of `markdown`, each resolved against `owner` (the station's or county's folder,
/// relative to the content folder) or, for `./` and `../` paths, `file_dir`.
pub fn markdown_images(
    decoder: &mut Decoder,
    markdown: &str,
    at: At,
    content_dir: &Path,
    owner: &Path,
    file_dir: &Path,
    county_dir: &Path,
) -> Vec<InlineImage> {
    // Images are rare: most texts skip the parse.
    if !markdown.contains("![") && !markdown.contains("<img") {
        return Vec::new();
    }
    let mut images: Vec<InlineImage> = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            // An <img> of raw HTML is neither checked nor published: a warning (v1 allowed
            // HTML as far as the sanitizer keeps it, so it is not an error).
            if html.to_ascii_lowercase().contains("<img") {
                let pos = position(decoder.text_of_file(), markdown, &at, range.start, "<");
                decoder.report(Severity::Warning, pos, 4, Problem::HtmlImage);
            }
            continue;
        }
        let Event::Start(Tag::Image { dest_url, .. }) = event else { continue };
        let written = dest_url.to_string();
        if images.iter().any(|image| image.written == written) {
            continue;
        }
        let pos = position(decoder.text_of_file(), markdown, &at, range.start, &written);
        let width = written.chars().count().max(1);
        let has_scheme = written.split('/').next().is_some_and(|first| first.contains(':'));
        if has_scheme || written.starts_with("//") {
            decoder.report(Severity::Error, pos, width, Problem::MarkdownImageRemote { text: written });
            continue;
        }
        let from_file = written.starts_with("./") || written.starts_with("../");
        let base = MediaBase { content_dir, file_dir: if from_file { file_dir } else { owner }, county_dir };
        if let Some(media) = media::resolve_text(decoder, written.clone(), pos, width, &base) {
            images.push(InlineImage { written, media });
        }
    }
    images
}

/// Line and column of the image's path in the file.
fn position(file: &str, markdown: &str, at: &At, image_start: usize, written: &str) -> Pos {
    match at {
        At::Offset(offset) => {
            let tail = &markdown[image_start..];
            let in_image = tail.find(written).unwrap_or(0);
            pos_of(file, offset + image_start + in_image)
        }
        At::FromLine(line) => {
            // The value was dedented: find the path on its lines.
            let start: usize = file.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
            match file.get(start..).and_then(|rest| rest.find(&format!("]({written}"))) {
                Some(found) => pos_of(file, start + found + 2),
                None => Pos::new(*line, 1),
            }
        }
    }
}

fn pos_of(file: &str, offset: usize) -> Pos {
    let offset = offset.min(file.len());
    let before = &file[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos::new(line, before[line_start..].chars().count() + 1)
}

/// The images of a Markdown value of a YAML file (`intro: |`, `bio: |`), read from the
/// file's folder (the station's or county's).
pub fn yaml_images(
    decoder: &mut Decoder,
    node: &super::yaml::Node,
    markdown: &str,
    base: &MediaBase,
) -> Vec<InlineImage> {
    let at = At::FromLine(node.pos.line);
    markdown_images(decoder, markdown, at, base.content_dir, base.file_dir, base.file_dir, base.county_dir)
}

/// The folders a Markdown file's image paths are read from.
pub struct Folders<'a> {
    pub content_dir: &'a Path,
    /// The station's or county's folder (relative to the content folder).
    pub owner: &'a Path,
    /// The Markdown file's folder (`…/cases`, `…/rules`).
    pub file_dir: &'a Path,
    pub county_dir: &'a Path,
}

/// The images of a front-matter file's body (a slice of the file's text).
pub fn body_images(decoder: &mut Decoder, body: &str, folders: &Folders) -> Vec<InlineImage> {
    let offset = (body.as_ptr() as usize).saturating_sub(decoder.text_of_file().as_ptr() as usize);
    let Folders { content_dir, owner, file_dir, county_dir } = *folders;
    markdown_images(decoder, body, At::Offset(offset), content_dir, owner, file_dir, county_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_is_placed_where_its_path_is_written() {
        let file = "---\ntitle: a\n---\n正文\n\n![树障清理](media/p.jpg)\n";
        let body = "正文\n\n![树障清理](media/p.jpg)\n";
        let offset = file.len() - body.len();
        assert_eq!(position(file, body, &At::Offset(offset), 8, "media/p.jpg"), Pos::new(6, 9));
        let yaml = "name: a\nintro: |\n  看图\n  ![](media/q.png)\n";
        assert_eq!(position(yaml, "看图\n![](media/q.png)\n", &At::FromLine(2), 7, "media/q.png"), Pos::new(4, 7));
    }
}
