//! Whether an SVG image holds drawing only.
//!
//! An SVG is a document: opened on the site's origin, a `<script>`, an `onload=` or a link
//! to `javascript:` in it would run as the site. An SVG is published only when every
//! element is a drawing element of the list below, no attribute is an event handler, every
//! link points inside the image (`#id`), nothing loads from elsewhere (`url(…)` other than
//! `#id`, `@import`), and there is no DOCTYPE (entities) or CDATA. Anything else is refused
//! with what was found, and the clerk is told to export a PNG instead.

/// Elements that draw and nothing more (lowercase).
const DRAWING: &[&str] = &[
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "symbol",
    "use",
    "lineargradient",
    "radialgradient",
    "stop",
    "clippath",
    "mask",
    "pattern",
    "metadata",
];

/// `Ok` when the SVG holds drawing only; else what was found that is not allowed.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "non-UTF-8 text".to_string())?;
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("<!--")?;
            rest = &after[end + 3..];
            continue;
        }
        if rest.starts_with("<?") {
            let end = rest.find("?>").ok_or("<?")?;
            let instruction = &rest[..end];
            if !instruction.starts_with("<?xml ") && instruction != "<?xml" {
                return Err(instruction.chars().take(20).collect());
            }
            rest = &rest[end + 2..];
            continue;
        }
        if rest.starts_with("<!") {
            return Err(rest.chars().take(9).collect());
        }
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("</")?;
            rest = &after[end + 1..];
            continue;
        }
        rest = check_tag(&rest[1..])?;
    }
    Ok(())
}

/// Checks one start tag (after its `<`); returns the text after it.
fn check_tag(text: &str) -> Result<&str, String> {
    let name_end = text.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(text.len());
    let name = text[..name_end].to_ascii_lowercase();
    if !DRAWING.contains(&name.as_str()) {
        return Err(format!("<{name}>"));
    }
    let mut rest = &text[name_end..];
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("/>").or_else(|| rest.strip_prefix('>')) {
            return Ok(after);
        }
        let attr_end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/').unwrap_or(rest.len());
        if attr_end == 0 {
            return Err(format!("<{name}"));
        }
        let attr = rest[..attr_end].to_ascii_lowercase();
        rest = rest[attr_end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'').ok_or(format!("{attr}="))?;
            let end = after[1..].find(quote).ok_or(format!("{attr}="))?;
            value = &after[1..1 + end];
            rest = &after[end + 2..];
        }
        check_attribute(&attr, value)?;
    }
}

fn check_attribute(attr: &str, value: &str) -> Result<(), String> {
    let lower = value.to_ascii_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if attr.starts_with("on") {
        return Err(format!("{attr}="));
    }
    let is_link = attr == "href" || attr.ends_with(":href") || attr == "src";
    if is_link && !value.starts_with('#') {
        return Err(format!("{attr}=\"{}\"", value.chars().take(40).collect::<String>()));
    }
    if compact.contains("javascript:") || compact.contains("@import") || compact.contains("expression(") {
        return Err(format!("{attr}=\"{}\"", value.chars().take(40).collect::<String>()));
    }
    // `url(#id)` points inside the image; any other `url(…)` loads from elsewhere.
    let mut urls = compact.match_indices("url(");
    if urls.any(|(at, _)| !compact[at + 4..].trim_start_matches(['"', '\'']).starts_with('#')) {
        return Err(format!("{attr}=\"{}\"", value.chars().take(40).collect::<String>()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn drawing_passes() {
        let qr = r##"<?xml version="1.0"?><!-- a QR code --><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><path d="M0 0h1v1H0z" style="fill: #000"/><use xlink:href="#g"/><text x="1">扫码</text></svg>"##;
        assert_eq!(check(qr.as_bytes()), Ok(()));
    }

    #[test]
    fn scripts_events_links_and_entities_are_refused() {
        for (svg, found) in [
            (r#"<svg><script>alert(1)</script></svg>"#, "<script>"),
            (r#"<svg onload="alert(1)"></svg>"#, "onload="),
            (r#"<svg><rect ONCLICK='x'/></svg>"#, "onclick="),
            (r#"<svg><a href="javascript:alert(1)"><rect/></a></svg>"#, "<a>"),
            (r#"<svg><use href="https://example.com/x.svg#a"/></svg>"#, "href="),
            (r#"<svg><image href="x.png"/></svg>"#, "<image>"),
            (r#"<svg><foreignObject><div/></foreignObject></svg>"#, "<foreignobject>"),
            (r#"<svg><rect style="fill:url(https://x/y)"/></svg>"#, "style="),
            (r#"<svg><style>@import url(x.css)</style></svg>"#, "<style>"),
            (r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg/>"#, "<!DOCTYPE"),
            (r#"<svg><![CDATA[x]]></svg>"#, "<![CDATA["),
            (r#"<svg><rect fill=red/></svg>"#, "fill="),
        ] {
            let refused = check(svg.as_bytes()).expect_err(svg);
            assert!(refused.starts_with(found), "{svg}: {refused}");
        }
    }
}
