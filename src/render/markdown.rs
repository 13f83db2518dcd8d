//! Markdown to safe HTML: pulldown-cmark renders, ammonia sanitizes.
//!
//! Content may hold HTML inside Markdown only as far as ammonia keeps it: no scripts, no
//! event handlers, no `javascript:` links, no iframes or forms; links get
//! `rel="noopener noreferrer"`.

use pulldown_cmark::{html, Options, Parser};
use std::sync::OnceLock;

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(ammonia::Builder::default)
}

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    sanitizer().clean(&raw).to_string()
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
    fn markdown_is_rendered() {
        assert_eq!(
            to_html("**接待选民制度**\n\n- 每月5日"),
            "<p><strong>接待选民制度</strong></p>\n<ul>\n<li>每月5日</li>\n</ul>\n"
        );
    }
}
