//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitizes.
//!
//! Content may hold HTML inside Markdown only as far as ammonia keeps it: no scripts, no
//! event handlers, no `javascript:` links, no iframes or forms; links get
//! `rel="noopener noreferrer"`. Markdown with no HTML, links or images at all (most deputies'
//! bios and most rules) skips ammonia: pulldown-cmark escapes all text it writes, so its
//! output holds no markup but its own, and sanitizing it cost a tenth of a deputy's page.

use crate::diag::is_wide;
use crate::model::InlineImage;
use pulldown_cmark::{html, Event, Options, Parser, Tag};
use std::sync::OnceLock;

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(ammonia::Builder::default)
}

pub fn to_html(markdown: &str) -> String {
    to_html_with(markdown, &[], "")
}

/// Markdown whose images (checked and published by `load`) are shown from where the site
/// holds them: `root` leads from the page to the county's folder (issue 16).
pub fn to_html_with(markdown: &str, images: &[InlineImage], root: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut events = join_chinese_lines(Parser::new_ext(markdown, options).collect());
    if !images.is_empty() {
        for event in &mut events {
            if let Event::Start(Tag::Image { dest_url, .. }) = event {
                if let Some(image) = images.iter().find(|image| image.written == dest_url.as_ref()) {
                    *dest_url = format!("{root}{}", image.media.src()).into();
                }
            }
        }
    }
    let needs_sanitizing = events.iter().any(|event| {
        matches!(event, Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Link { .. } | Tag::Image { .. }))
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    let mut html = if needs_sanitizing { sanitizer().clean(&raw).to_string() } else { raw };
    // The widths of each photo and its size, so the page does not jump as it loads (the
    // sanitizer has run; the paths and numbers are ours).
    for image in images {
        let src = format!("<img src=\"{root}{}\"", image.media.src());
        let mut attributes = src.clone();
        if let Some(srcset) = image.media.srcset(root) {
            attributes.push_str(&format!(" srcset=\"{srcset}\" sizes=\"{SIZES}\""));
        }
        if let Some((width, height)) = image.media.src_size() {
            attributes.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        html = html.replace(&src, &attributes);
    }
    html
}

/// How wide a photo of the text is shown: the page's width on a phone, the text column's
/// (`main`, 960 pixels less its padding) on a wider screen.
const SIZES: &str = "(max-width: 960px) 100vw, 928px";

/// A line break inside a Chinese paragraph is not a space: browsers would show one
/// between the characters on either side, so soft breaks between wide characters go.
fn join_chinese_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let ends_wide = |event: &Event| matches!(event, Event::Text(t) if t.chars().last().is_some_and(is_wide));
    let starts_wide = |event: &Event| matches!(event, Event::Text(t) if t.chars().next().is_some_and(is_wide));
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        let between_wide = matches!(event, Event::SoftBreak)
            && out.last().is_some_and(ends_wide)
            && events.get(i + 1).is_some_and(starts_wide);
        if !between_wide {
            out.push(event.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_html_comes_out_inert() {
        let html = to_html(
            "hi <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1)) <iframe src=//x></iframe>\n\n<a href=\"https://example.org\" onclick=\"x()\">ok</a>",
        );
        for bad in ["<script", "onerror", "javascript:", "<iframe", "onclick"] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("https://example.org"));
    }

    #[test]
    fn chinese_lines_join_without_a_space_and_english_lines_keep_one() {
        assert_eq!(to_html("多次进站，\n与群众座谈"), "<p>多次进站，与群众座谈</p>\n");
        assert_eq!(to_html("one\ntwo"), "<p>one\ntwo</p>\n");
    }

    #[test]
    fn markdown_without_html_or_links_needs_no_sanitizing() {
        let plain = [
            "**接待选民制度**\n\n- 每月5日 <3 & >2\n- `code <b>`\n\n| a | b |\n|---|---|\n| 1 | 2 |",
            "# 标题\n\n> 引用 \"quote\" 'single'\n\n1. 一\n2. 二\n\n~~删除~~ *强调*\n\n```js\nalert(1) </script>\n```",
        ];
        for markdown in plain {
            let html = to_html(markdown);
            // The one thing ammonia would take away: the class of a fenced code block's
            // language, which pulldown-cmark escapes.
            let expected = html.replace(" class=\"language-js\"", "");
            assert_eq!(sanitizer().clean(&html).to_string(), expected, "ammonia would change {html}");
        }
    }

    #[test]
    fn an_image_is_shown_from_where_the_site_holds_it() {
        let photo = crate::model::Photo {
            hash: 0xabcdef0123 << 24,
            orientation: 1,
            encoding: crate::model::PhotoEncoding::Jpeg,
            widths: vec![800, 1600],
        };
        let media = crate::model::MediaRef {
            source: "content/c/stations/s/media/p.jpg".into(),
            site_path: "stations/s/media/p.jpg".into(),
            size: Some((3000, 2000)),
            photo: Some(photo),
        };
        let images = [InlineImage { written: "media/p.jpg".into(), media }];
        let html = to_html_with("![树障清理](media/p.jpg)", &images, "../../../../");
        let file = |w: u32| format!("../../../../stations/s/media/p.{w}w.abcdef0123.jpg");
        assert_eq!(
            html,
            format!(
                "<p><img src=\"{}\" srcset=\"{} 800w, {} 1600w\" sizes=\"{SIZES}\" width=\"800\" height=\"533\" alt=\"树障清理\"></p>\n",
                file(800),
                file(800),
                file(1600)
            )
        );
    }

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(
            to_html("**接待选民制度**\n\n- 每月5日"),
            "<p><strong>接待选民制度</strong></p>\n<ul>\n<li>每月5日</li>\n</ul>\n"
        );
    }
}
