//! `build --index-links`: links to folders written as `…/index.html`, so that a site opened
//! from disk (`file://`) without JavaScript leads to pages, not folder listings. (With
//! JavaScript, `disk.js` does the same in the browser, and the served site keeps `…/`.)

/// `html` with every relative `href` and `action` that ends in `/` (before any `?` or `#`)
/// ending in `/index.html`; other links, absolute addresses and text untouched.
pub fn index_links(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + 1024);
    let mut at = 0;
    while let Some(found) = next_attribute(html, at) {
        let (value_start, value_end) = found;
        out.extend_from_slice(&html[at..value_start]);
        let value = &html[value_start..value_end];
        let path_end = value.iter().position(|b| *b == b'?' || *b == b'#').unwrap_or(value.len());
        let path = &value[..path_end];
        let relative = !path.is_empty() && !path.starts_with(b"/") && !path.contains(&b':');
        out.extend_from_slice(path);
        if relative && path.ends_with(b"/") {
            out.extend_from_slice(b"index.html");
        }
        out.extend_from_slice(&value[path_end..]);
        at = value_end;
    }
    out.extend_from_slice(&html[at..]);
    out
}

/// The next `href=` or `action=` value at or after `from`: its start and end (quotes excluded).
fn next_attribute(html: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while i < html.len() {
        let rest = &html[i..];
        let name = [&b" href="[..], &b" action="[..]].into_iter().find(|n| rest.starts_with(n));
        if let Some(name) = name {
            let start = i + name.len();
            return Some(match html.get(start) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[start + 1..].iter().position(|b| *b == q).map_or(html.len(), |e| start + 1 + e);
                    (start + 1, end)
                }
                _ => {
                    let end = html[start..]
                        .iter()
                        .position(|b| b.is_ascii_whitespace() || *b == b'>')
                        .map_or(html.len(), |e| start + e);
                    (start, end)
                }
            });
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::index_links;

    #[test]
    fn folder_links_lead_to_their_index() {
        let cases = [
            (r##"<a href="../">"##, r##"<a href="../index.html">"##),
            (r##"<a href=stations/x/>"##, r##"<a href=stations/x/index.html>"##),
            (r##"<a href="./../">"##, r##"<a href="./../index.html">"##),
            (r##"<form action="search/" method=get>"##, r##"<form action="search/index.html" method=get>"##),
            (r##"<a href='cases/?status=open#top'>"##, r##"<a href='cases/index.html?status=open#top'>"##),
            (r##"<a href="calendar.ics"><a href="#main">"##, r##"<a href="calendar.ics"><a href="#main">"##),
            (
                r##"<a href="https://example.org/"><a href="/portal/">"##,
                r##"<a href="https://example.org/"><a href="/portal/">"##,
            ),
            (r##"<a href="tel:0358-0000000"><p>href="x/"</p>"##, r##"<a href="tel:0358-0000000"><p>href="x/"</p>"##),
            (r##"<a href="?q=1">"##, r##"<a href="?q=1">"##),
        ];
        for (html, expected) in cases {
            assert_eq!(String::from_utf8(index_links(html.as_bytes())).unwrap(), expected, "{html}");
        }
    }
}
