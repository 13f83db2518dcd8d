//! Templates are minified once, when the theme is loaded, instead of every page after it
//! is rendered: Tera's syntax is swapped for placeholders, minify-html minifies the HTML
//! around them, and the syntax is put back. A page then comes out of Tera as small as
//! minify-html would have made it, at no cost per page (minifying each page was a third of
//! a build's time).
//!
//! Two things need care. An attribute value that holds Tera syntax is always written back
//! in double quotes, since minify-html may have left it unquoted or single-quoted for the
//! placeholder, and the rendered value may hold spaces (Tera escapes `"` but the value
//! could hold anything else). And when the template cannot be handled (unterminated
//! syntax, `{% raw %}`, a placeholder lost), [`compact`] declines and the template is used
//! as written: never wrong, at worst not minified.

const OPEN: char = '\u{F0000}';
const CLOSE: char = '\u{F0001}';

/// minify-html's settings: spec-compliant output that keeps `<html>`, `<head>` and every
/// closing tag (the pages stay easy to read and to post-process).
pub fn cfg() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::spec_compliant();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg
}

/// The template minified, or `None` when it is better left as written.
pub fn compact(source: &str, cfg: &minify_html::Cfg) -> Option<String> {
    if source.contains([OPEN, CLOSE]) || source.contains("{% raw") || source.contains("{%- raw") {
        return None;
    }
    let (masked, tags) = mask(source)?;
    let minified = String::from_utf8(minify_html::minify(masked.as_bytes(), cfg)).ok()?;
    unmask(&minified, &tags)
}

/// Where the scan of a template is, as far as HTML goes.
#[derive(Clone, Copy, PartialEq)]
enum At {
    Text,
    /// In a tag's name, which starts at the byte given.
    Name(usize),
    /// Between a tag's attributes; `raw` when it opens an element whose text is not markup.
    Attributes {
        raw: Option<&'static str>,
    },
    Value(u8),
    /// In the text of `<script>`, `<style>`, `<title>` or `<textarea>`, up to its end tag.
    RawText(&'static str),
}

/// The source with every Tera tag replaced by `OPEN index CLOSE`, comments dropped, and
/// the tags in order. Tera syntax among a tag's attributes (`<ol{% if x %} hidden{% endif %}>`)
/// is kept as one piece through the end of the tag, since minify-html sorts attributes;
/// syntax in a tag's name or in an unquoted value makes the template decline.
fn mask(source: &str) -> Option<(String, Vec<&str>)> {
    let bytes = source.as_bytes();
    let mut masked = String::with_capacity(source.len());
    let mut tags = Vec::new();
    let mut at = At::Text;
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) {
            let close = match bytes[i + 1] {
                b'{' => "}}",
                b'%' => "%}",
                _ => "#}",
            };
            let len = tag_len(&source[i..], close)?;
            masked.push_str(&source[copied..i]);
            match at {
                _ if close == "#}" => {}
                At::Name(_) => return None,
                At::Attributes { .. } => {
                    if source[..i].trim_end().ends_with('=') {
                        return None;
                    }
                    let end = i + start_tag_rest(&source[i..])?;
                    masked.push(' ');
                    put(&mut masked, &mut tags, &source[i..end]);
                    i = end;
                    copied = i;
                    continue;
                }
                _ => put(&mut masked, &mut tags, &source[i..i + len]),
            }
            i += len;
            copied = i;
            continue;
        }
        at = match at {
            At::Text if b == b'<' => {
                let name = if bytes.get(i + 1) == Some(&b'/') { i + 2 } else { i + 1 };
                if bytes.get(name).is_some_and(u8::is_ascii_alphabetic) {
                    i = name;
                    At::Name(name)
                } else {
                    At::Text
                }
            }
            At::Name(start) if !(b.is_ascii_alphanumeric() || b == b'-') => {
                let name = &source[start..i];
                let opens_raw = bytes[start - 1] == b'<';
                let raw = ["script", "style", "title", "textarea"]
                    .into_iter()
                    .find(|raw| opens_raw && name.eq_ignore_ascii_case(raw));
                continue_at(At::Attributes { raw }, &mut i)
            }
            At::Attributes { raw } if b == b'>' => raw.map_or(At::Text, At::RawText),
            At::Attributes { .. } if b == b'"' || b == b'\'' => At::Value(b),
            At::Value(quote) if b == quote => At::Attributes { raw: None },
            At::RawText(name) if b == b'<' && find_ignore_case(&source[i..], &format!("</{name}")) == Some(0) => {
                continue_at(At::Text, &mut i)
            }
            at => at,
        };
        i += 1;
    }
    masked.push_str(&source[copied..]);
    Some((masked, tags))
}

fn put<'a>(masked: &mut String, tags: &mut Vec<&'a str>, tag: &'a str) {
    masked.push(OPEN);
    masked.push_str(&tags.len().to_string());
    masked.push(CLOSE);
    tags.push(tag);
}

/// `at`, with the scan to look at the current byte again (it is not consumed).
fn continue_at(at: At, i: &mut usize) -> At {
    *i = i.wrapping_sub(1);
    at
}

/// The length of a start tag's rest from `text` to before its `>`, over Tera tags and quotes.
fn start_tag_rest(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i),
            b'{' if matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) => {
                let close = match bytes[i + 1] {
                    b'{' => "}}",
                    b'%' => "%}",
                    _ => "#}",
                };
                i += tag_len(&text[i..], close)?;
                continue;
            }
            quote @ (b'"' | b'\'') => i += 1 + text[i + 1..].find(quote as char)?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The length of the tag at the start of `text`, through `close`, skipping string literals.
fn tag_len(text: &str, close: &str) -> Option<usize> {
    if close == "#}" {
        return text.find(close).map(|end| end + close.len());
    }
    let bytes = text.as_bytes();
    let mut i = 2;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1 + text[i + 1..].find(quote as char)?;
            }
            _ if text[i..].starts_with(close) => return Some(i + close.len()),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The minified text with the tags back in place, attribute values that hold one in double
/// quotes; `None` unless every tag comes back exactly once.
fn unmask(minified: &str, tags: &[&str]) -> Option<String> {
    let mut out = String::with_capacity(minified.len() + tags.iter().map(|t| t.len()).sum::<usize>());
    let mut used = vec![false; tags.len()];
    let mut restore = |text: &str, out: &mut String| -> Option<()> {
        let mut rest = text;
        while let Some(start) = rest.find(OPEN) {
            out.push_str(&rest[..start]);
            let after = &rest[start + OPEN.len_utf8()..];
            let end = after.find(CLOSE)?;
            let index: usize = after[..end].parse().ok()?;
            if std::mem::replace(used.get_mut(index)?, true) {
                return None;
            }
            out.push_str(tags[index]);
            rest = &after[end + CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        Some(())
    };
    let mut rest = minified;
    while let Some(start) = rest.find('<') {
        let (before, tag) = rest.split_at(start);
        restore(before, &mut out)?;
        let Some(name_len) = tag[1..].find(|c: char| !c.is_ascii_alphanumeric()).filter(|&n| n > 0) else {
            out.push('<');
            rest = &tag[1..];
            continue;
        };
        let name = tag[1..1 + name_len].to_ascii_lowercase();
        let (copied, after) = start_tag(tag, 1 + name_len, &mut out, &mut restore)?;
        rest = &tag[copied..];
        // The text of these elements is not markup: copy it through to its end tag.
        if matches!(name.as_str(), "script" | "style" | "title" | "textarea") && after {
            let end = find_ignore_case(rest, &format!("</{name}")).unwrap_or(rest.len());
            restore(&rest[..end], &mut out)?;
            rest = &rest[end..];
        }
    }
    restore(rest, &mut out)?;
    used.iter().all(|&u| u).then_some(out)
}

/// Copies the start tag at the beginning of `tag` (its name already `name_end` bytes long),
/// quoting values that hold a placeholder. Returns the bytes consumed and whether the tag
/// was closed by `>`.
fn start_tag(
    tag: &str,
    name_end: usize,
    out: &mut String,
    restore: &mut impl FnMut(&str, &mut String) -> Option<()>,
) -> Option<(usize, bool)> {
    out.push_str(&tag[..name_end]);
    let bytes = tag.as_bytes();
    let mut i = name_end;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => {
                out.push('>');
                return Some((i + 1, true));
            }
            b'=' => {
                out.push('=');
                i += 1;
                let (value, len) = match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = tag[i + 1..].find(quote as char)?;
                        (&tag[i + 1..i + 1 + end], end + 2)
                    }
                    _ => {
                        let end = tag[i..].find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(tag.len() - i);
                        (&tag[i..i + end], end)
                    }
                };
                let quoted = &tag[i..i + len];
                if value.contains(OPEN) {
                    out.push('"');
                    let value = if quoted.starts_with('"') { value.to_string() } else { value.replace('"', "&#34;") };
                    restore(&value, out)?;
                    out.push('"');
                } else {
                    out.push_str(quoted);
                }
                i += len;
            }
            _ => {
                let end = tag[i..].find(['=', '>']).map_or(tag.len(), |e| i + e);
                restore(&tag[i..end], out)?;
                i = end;
            }
        }
    }
    Some((bytes.len(), false))
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, context: &tera::Context) -> String {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", context).unwrap()
    }

    #[test]
    fn values_that_hold_tera_syntax_keep_their_quotes() {
        let template = "<div class=\"card\">\n  <img alt=\"{{ name }}\" src=\"{{ src }}\" width=\"10\">\n</div>";
        let compacted = compact(template, &cfg()).unwrap();
        assert_eq!(compacted, "<div class=card><img alt=\"{{ name }}\" src=\"{{ src }}\" width=10></div>");
        let mut context = tera::Context::new();
        context.insert("name", "a b' c");
        context.insert("src", "x.png");
        assert_eq!(
            render(&compacted, &context),
            "<div class=card><img alt=\"a b&#39; c\" src=\"x.png\" width=10></div>"
        );
    }

    #[test]
    fn tags_in_attribute_position_and_text_come_back_in_order() {
        let template = "<ol id=\"r\"{% if x %} data-index=\"{{ x }}\"{% endif %}>\n{% for i in items %}<li>{{ i }}</li>{% endfor %}\n</ol>{# note #}";
        let compacted = compact(template, &cfg()).unwrap();
        assert!(!compacted.contains("note"), "comments are dropped: {compacted}");
        let mut context = tera::Context::new();
        context.insert("x", "a b");
        context.insert("items", &["1", "2"]);
        let html = render(&compacted, &context);
        let expected = minify_html::minify(render(template, &context).as_bytes(), &cfg());
        assert_eq!(minify_html::minify(html.as_bytes(), &cfg()), expected, "{html}");
        assert!(html.contains("data-index=\"a b\""), "{html}");
    }

    #[test]
    fn script_text_and_string_literals_are_left_alone() {
        let template = "<script type=\"application/json\">{\"a\": {{ data | safe }}}</script><p title=\"{{ x | default(value='%} \"') }}\">{{ y }}</p>";
        let compacted = compact(template, &cfg()).unwrap();
        assert!(compacted.contains("{\"a\": {{ data | safe }}}</script>"), "{compacted}");
        assert!(compacted.contains("title=\"{{ x | default(value='%} \"') }}\""), "{compacted}");
    }

    #[test]
    fn every_template_of_the_default_theme_is_minified() {
        let theme = crate::theme::Theme::load(None).unwrap();
        for (name, bytes) in theme.under("templates") {
            let source = std::str::from_utf8(bytes).unwrap();
            let compacted = compact(source, &cfg()).unwrap_or_else(|| panic!("`{name}` was not minified"));
            assert!(compacted.len() < source.len(), "{name}");
        }
    }

    #[test]
    fn declines_what_it_cannot_handle() {
        assert_eq!(compact("<h{{ level }}>x</h{{ level }}>", &cfg()), None);
        assert_eq!(compact("<a href={{ x }}>x</a>", &cfg()), None);
        assert_eq!(compact("<p>{{ unterminated</p>", &cfg()), None);
        assert_eq!(compact("{% raw %}{{ x }}{% endraw %}", &cfg()), None);
    }
}
