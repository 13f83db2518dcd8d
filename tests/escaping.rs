//! Property tests: text from content never becomes markup.
//!
//! YAML fields are text: whatever they hold, every page of the built site must have the
//! same sequence of tags as a build where those fields are plain words. Markdown may
//! hold HTML, but nothing that runs: no scripts, event handlers or `javascript:` URLs.

mod common;

use common::{tree, Workspace};
use liaison::BuildOptions;
use proptest::prelude::*;

/// The fields of the fixture that hold plain text, set to `text`.
fn write_text_fields(workspace: &Workspace, text: &str) {
    let quoted = format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    workspace.write(
        "demo/stations/south/station.yaml",
        &format!(
            "name: {quoted}\nkind: point\ntownship: {quoted}\naddress: {quoted}\nserves: [{quoted}]\nschedule:\n  - every: 每周三\n    time: \"15:00-17:00\"\n    note: {quoted}\n    place: {quoted}\n    host: {quoted}\n"
        ),
    );
    workspace.write(
        "demo/stations/south/deputies.yaml",
        &format!("- name: {quoted}\n  id: wangfang-south\n  level: county\n  position: {quoted}\n"),
    );
    workspace.write(
        "demo/stations/south/cases/text.md",
        &format!("---\ntitle: {quoted}\ncategory: {quoted}\nstatus: received\nreceived: 2026-01-05\nsource: {quoted}\ndeputies: [wangfang-south]\nsteps:\n  - {{ date: 2026-01-05, step: forwarded, to: {quoted}, note: {quoted} }}\n---\nplain\n"),
    );
}

fn build(workspace: &Workspace) -> Vec<(String, Vec<u8>)> {
    let options = BuildOptions {
        content: workspace.content(),
        out: workspace.site(),
        today: None,
        county: None,
        precompress: false,
        standalone: false,
        index_links: false,
    };
    let report = liaison::build(&options).expect("build runs");
    assert!(report.written.is_some(), "content refused: {:?}", report.diagnostics.items);
    tree(&workspace.site()).into_iter().filter(|(path, _)| path.ends_with(".html")).collect()
}

/// The names of the tags of a page, in order, as a browser's tokenizer finds them: the
/// text of `title`, `textarea`, `script` and `style` is read up to the matching end tag
/// and is never markup (minify-html writes `<` there unescaped, which is correct HTML).
fn tags(html: &[u8]) -> Vec<String> {
    let html = String::from_utf8_lossy(html).to_ascii_lowercase();
    let mut out = Vec::new();
    let mut rest = html.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!').collect();
        if !name.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        rest = after_tag(rest);
        if matches!(name.as_str(), "title" | "textarea" | "script" | "style") {
            let end = format!("</{name}");
            match rest.find(&end) {
                Some(close) => rest = &rest[close..],
                None => rest = "",
            }
        }
        out.push(name);
    }
    out
}

/// The rest of the page after the `>` that closes a tag, stepping over quoted values.
fn after_tag(tag: &str) -> &str {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return &tag[i + 1..],
            _ => {}
        }
    }
    ""
}

fn hostile_text() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><b>",
        "'",
        "&amp;",
        "&lt;",
        "javascript:alert(1)",
        "</title><script>",
        "<!--",
        "{{ t }}",
        "{% if %}",
        "袁家庄",
        " ",
        "<",
        ">",
        "\\",
    ]);
    // Starts with a visible character: a blank required field is rightly refused, and that
    // is another test's business.
    prop::collection::vec(fragments, 1..6).prop_map(|parts| format!("名{}", parts.concat()))
}

/// A `<script src=…/assets/<name>.js>` of a script the default theme ships.
fn theme_script(tag: &str) -> bool {
    let Some(src) = tag.split(" src=").nth(1).map(|s| s.split([' ', '>']).next().unwrap_or("").trim_matches('"'))
    else {
        return false;
    };
    let Some(name) = src.rsplit_once("assets/").map(|(_, name)| name) else { return false };
    // `reception.1a2b3c4d5e.js`: the name with its content's hash.
    let parts: Vec<&str> = name.split('.').collect();
    let name = match parts.as_slice() {
        [stem, hash, extension] if hash.len() == 10 => format!("{stem}.{extension}"),
        _ => name.to_string(),
    };
    !name.contains('/')
        && std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static").join(name).is_file()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn yaml_text_never_becomes_markup(text in hostile_text()) {
        let baseline = Workspace::new(None);
        write_text_fields(&baseline, "普通文字");
        let hostile = Workspace::new(None);
        write_text_fields(&hostile, &text);
        let expected = build(&baseline);
        let actual = build(&hostile);
        prop_assert_eq!(expected.len(), actual.len());
        for ((path, a), (_, b)) in expected.iter().zip(&actual) {
            prop_assert_eq!(tags(a), tags(b), "tags differ on {}", path);
        }
    }

    #[test]
    fn markdown_never_runs(parts in prop::collection::vec(prop::sample::select(vec![
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>", "<iframe src=\"https://evil.example\"></iframe>",
        "<div onclick=\"x()\">d</div>", "<svg onload=alert(1)>", "<style>body{}</style>",
        "**粗体**", "\n\n", "<b>ok</b>", "<form action=x><input></form>", "<object data=x>",
    ]), 1..8)) {
        let workspace = Workspace::new(None);
        let body = parts.concat();
        workspace.write("demo/rules/hostile.md", &format!("---\ntitle: t\n---\n{body}\n"));
        workspace.write("demo/county.yaml", &format!("name: 示例县\nintro: {:?}\n", body));
        for (path, bytes) in build(&workspace) {
            let html = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
            // The only scripts are the theme's own: the reception data and reception.js.
            for (at, _) in html.match_indices("<script") {
                let tag = &html[at..html[at..].find('>').map_or(html.len(), |end| at + end)];
                let data = tag.contains("type=application/json")
                    && (tag.contains("id=reception-data") || tag.contains("id=search-strings"));
                let ours = data || theme_script(tag);
                prop_assert!(ours, "foreign script {} in {}", tag, path);
            }
            // The only forms are the theme's: search boxes (to a search page) and the case filter.
            for (at, _) in html.match_indices("<form") {
                let tag = &html[at..html[at..].find('>').map_or(html.len(), |end| at + end)];
                let search = tag.contains("role=search") && (tag.contains("action=./") || tag.contains("search/"));
                let ours = search || tag.contains("id=case-filter");
                prop_assert!(ours, "foreign form {} in {}", tag, path);
            }
            // `javascript:` may remain as inert text; it must never be an attribute value.
            for bad in [ "=javascript:", "=\"javascript:", "='javascript:", "<iframe", "<object", "<style", " onerror", " onclick", " onload"] {
                prop_assert!(!html.contains(bad), "{} survived in {}", bad, path);
            }
        }
    }
}

#[test]
fn the_theme_itself_has_no_inline_handlers_or_remote_resources() {
    let workspace = Workspace::new(None);
    for (path, bytes) in build(&workspace) {
        let html = String::from_utf8_lossy(&bytes);
        for bad in [" onclick=", " onload=", " onerror=", "src=http", "href=http", "src=\"http", "href=\"//", "src=//"]
        {
            assert!(!html.contains(bad), "{bad} in {path}");
        }
        assert!(html.contains("Content-Security-Policy"), "{path} lacks a CSP");
    }
}
