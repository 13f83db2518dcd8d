//! The interface strings of a language (`t` in templates), and their filling-in when the
//! theme's templates are loaded.

use crate::lang::Lang;
use crate::theme::Theme;
use anyhow::{Context as _, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// The interface strings of one language, from the theme's `i18n/<lang>.yaml`.
#[derive(Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The text of `key`. Every key of the default theme exists (see [`Strings::load`]).
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }

    /// The default theme's table of the language, with the theme's own entries over it,
    /// so that a user theme may translate a few strings and keep the rest.
    pub(super) fn load(theme: &Theme, lang: Lang) -> Result<Strings> {
        let path = format!("i18n/{}.yaml", lang.tag());
        let mut table: BTreeMap<String, String> = serde_yaml::from_str(Theme::default_text(&path)?)
            .with_context(|| format!("default theme file `{path}` is broken"))?;
        let own: BTreeMap<String, String> = serde_yaml::from_str(theme.text(&path)?)
            .with_context(|| format!("theme file `{path}` is not a list of `key: text` lines"))?;
        table.extend(own);
        Ok(Strings(table))
    }

    /// A template with each plain `{{ t.key }}` of a known key replaced by its text (escaped
    /// as Tera would in an `.html` template): the same page, without looking the string up
    /// and escaping it on every page (`t` is the same for a whole build). Other uses of `t`
    /// (`{{ t.key | filter }}`, `{% set x = t.key %}`) stay for Tera, which has `t` too; a
    /// template that binds a name `t` of its own is left as it is.
    pub fn fill_in(&self, template: &str, html: bool) -> String {
        if ["set t ", "set t=", "set_global t", "for t ", "for t,"].iter().any(|binds| template.contains(binds)) {
            return template.to_string();
        }
        const OPEN: &str = "{{ t.";
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(at) = rest.find(OPEN) {
            out.push_str(&rest[..at]);
            let after = &rest[at + OPEN.len()..];
            let key_len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
            let text = self.0.get(&after[..key_len]).filter(|_| after[key_len..].starts_with(" }}"));
            match text {
                Some(text) if html => {
                    let mut escaped = Vec::with_capacity(text.len());
                    // Writing to a vector cannot fail; escaping keeps the text UTF-8.
                    let _ = tera::escape_html(text, &mut escaped);
                    out.push_str(&String::from_utf8_lossy(&escaped));
                }
                Some(text) => out.push_str(text),
                None => {
                    out.push_str(OPEN);
                    rest = after;
                    continue;
                }
            }
            rest = &after[key_len + " }}".len()..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        let table = [("phone", "电话"), ("quoted", "a<b & \"c\" 'd'"), ("n_items", "共{n}条")];
        Strings(table.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    /// Rendered with Tera, a filled-in template gives the page the template as written gives.
    fn render(template: &str, html: bool) -> String {
        let name = if html { "page.html" } else { "page.txt" };
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.global_context().insert("t", &strings());
        tera.add_raw_template(name, template).unwrap();
        let mut context = tera::Context::new();
        context.insert("n", &3);
        tera.render(name, &context).unwrap()
    }

    #[test]
    fn plain_uses_of_known_strings_are_filled_in_as_tera_would_render_them() {
        let template = "<p title=\"{{ t.quoted }}\">{{ t.phone }} {{t.phone}} {{ t.quoted }} \
                        {{ t.n_items | replace(from=\"{n}\", to=n ~ \"\") }} {% if t.phone %}x{% endif %}</p>";
        for html in [true, false] {
            let filled = strings().fill_in(template, html);
            assert_eq!(render(&filled, html), render(template, html), "html: {html}");
            assert_eq!(filled.matches("{{ t.").count(), 1, "only the filtered use is left: {filled}");
        }
        assert!(strings().fill_in(template, true).contains("a&lt;b &amp; &quot;c&quot;"));
    }

    #[test]
    fn unknown_keys_and_templates_that_bind_t_are_left_to_tera() {
        let strings = strings();
        assert_eq!(strings.fill_in("{{ t.missing }}", true), "{{ t.missing }}");
        let binds = "{% set t = \"own\" %}{{ t.phone }}";
        assert_eq!(strings.fill_in(binds, true), binds);
        assert_eq!(strings.fill_in("{{ t.phone", true), "{{ t.phone");
    }

    #[test]
    fn every_language_has_the_same_keys() {
        let keys = |path: &str| -> Vec<String> {
            let table: BTreeMap<String, String> = serde_yaml::from_str(Theme::default_text(path).unwrap()).unwrap();
            table.into_keys().collect()
        };
        assert_eq!(keys("i18n/zh-CN.yaml"), keys("i18n/en.yaml"));
    }
}
