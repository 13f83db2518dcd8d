//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitizes.
//!
//! Content may hold HTML inside Markdown only as far as ammonia keeps it: no scripts, no
//! event handlers, no `javascript:` links, no iframes or forms; links get
//! `rel="noopener noreferrer"`.

use crate::diag::is_wide;
use pulldown_cmark::{html, Event, Options, Parser};
use std::sync::OnceLock;

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(ammonia::Builder::default)
}

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, join_chinese_lines(Parser::new_ext(markdown, options).collect()).into_iter());
    sanitizer().clean(&raw).to_string()
}

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
    fn markdown_is_rendered() {
        assert_eq!(
            to_html("**接待选民制度**\n\n- 每月5日"),
            "<p><strong>接待选民制度</strong></p>\n<ul>\n<li>每月5日</li>\n</ul>\n"
        );
    }
}
