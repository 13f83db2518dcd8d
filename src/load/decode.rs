//! Typed reading of a spanned YAML tree, collecting every problem with its place.
//!
//! A [`Decoder`] belongs to one file. Each getter returns `None` after reporting what was
//! wrong, so a loader can read every field, report every problem, and still build the
//! rest of the model. Maps are opened with the keys they allow: unknown keys are reported
//! there, with the nearest allowed key as a hint.

use super::yaml::{Node, Value};
use crate::diag::{Diagnostic, Diagnostics, Expected, Pos, Problem, Severity};
use crate::model::Spanned;
use crate::suggest;
use chrono::NaiveDate;

pub struct Decoder<'a> {
    pub path: String,
    text: &'a str,
    pub diagnostics: Diagnostics,
    /// Where each line starts, made at the first problem: quoting the line of each of
    /// 80,000 problems must not walk the file from the top each time.
    line_starts: Vec<usize>,
}

impl<'a> Decoder<'a> {
    pub fn new(path: String, text: &'a str) -> Decoder<'a> {
        Decoder { path, text, diagnostics: Diagnostics::default(), line_starts: Vec::new() }
    }

    /// Line `line` (1-based) of the file, without its end.
    fn line(&mut self, line: usize) -> Option<&'a str> {
        if self.line_starts.is_empty() {
            self.line_starts.push(0);
            self.line_starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
        }
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        if start >= self.text.len() {
            return None;
        }
        let end = self.line_starts.get(line).map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }

    /// The whole text of the file.
    pub fn text_of_file(&self) -> &'a str {
        self.text
    }

    /// Parses YAML text that starts on `first_line` of this file; syntax errors are reported.
    pub fn parse(&mut self, yaml_text: &str, first_line: usize) -> Option<Node> {
        match super::yaml::parse(yaml_text, first_line) {
            Ok(node) => Some(node),
            Err(error) => {
                self.report(Severity::Error, error.pos, 1, error.problem);
                None
            }
        }
    }

    pub fn report(&mut self, severity: Severity, pos: Pos, width: usize, problem: Problem) {
        let source_line = self.line(pos.line).map(str::to_string);
        self.diagnostics.push(Diagnostic { severity, path: self.path.clone(), pos, width, problem, source_line });
    }

    pub fn error(&mut self, node: &Node, problem: Problem) {
        self.report(Severity::Error, node.pos, node.width, problem);
    }

    /// Opens a mapping that may hold only `allowed` keys.
    pub fn map<'n>(&mut self, node: &'n Node, allowed: &'static [&'static str]) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            if !node.is_null() {
                self.error(node, Problem::WrongType { expected: Expected::Map });
            }
            return None;
        };
        let mut fields = Fields { node, entries: Vec::with_capacity(entries.len()) };
        for (key_node, value) in entries {
            let Some(key) = key_node.as_str() else {
                self.error(key_node, Problem::WrongType { expected: Expected::Text });
                continue;
            };
            if !allowed.contains(&key) {
                let suggestion = suggest::closest(key, allowed.iter().copied());
                self.error(
                    key_node,
                    Problem::UnknownKey { key: key.to_string(), suggestion, allowed: allowed.to_vec() },
                );
                continue;
            }
            if let Some((_, first, _)) = fields.entries.iter().find(|(k, _, _)| *k == key) {
                let first_line = first.pos.line;
                self.error(key_node, Problem::DuplicateKey { key: key.to_string(), first_line });
                continue;
            }
            fields.entries.push((key, key_node, value));
        }
        Some(fields)
    }

    /// A scalar as text, trimmed; empty text counts as absent.
    pub fn text(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Scalar(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
            Value::Scalar(_) | Value::Null => None,
            _ => {
                self.error(node, Problem::WrongType { expected: Expected::Text });
                None
            }
        }
    }

    /// A required text: reports `Empty` when the key is present but blank.
    pub fn required_text(&mut self, fields: &Fields, key: &'static str) -> Option<String> {
        let node = fields.required(self, key)?;
        let text = self.text(node);
        if text.is_none() && node.as_str().is_some_and(|t| t.trim().is_empty()) {
            self.error(node, Problem::Empty { key });
        }
        text
    }

    pub fn spanned_text(&mut self, node: &Node) -> Option<Spanned<String>> {
        self.text(node).map(|value| Spanned { value, pos: node.pos, width: node.width })
    }

    /// A phone number: digits, spaces, `+ - ( )`, and an extension after 转 or ext.
    pub fn phone(&mut self, node: &Node) -> Option<String> {
        let text = self.text(node)?;
        let (number, extension) = match text.split_once(['转', 'x']).or_else(|| text.split_once("ext")) {
            Some((number, extension)) => (number, Some(extension.trim_start_matches(['.', ' ']))),
            None => (text.as_str(), None),
        };
        let number_ok = number.chars().filter(char::is_ascii_digit).count() >= 3
            && number.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
        let extension_ok = extension.is_none_or(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_digit()));
        if number_ok && extension_ok {
            Some(text)
        } else {
            self.error(node, Problem::BadPhone { text });
            None
        }
    }

    pub fn date(&mut self, node: &Node) -> Option<NaiveDate> {
        let text = self.text(node)?;
        match parse_date(&text) {
            Some(date) => Some(date),
            None => {
                self.error(node, Problem::BadDate { text });
                None
            }
        }
    }

    pub fn integer(&mut self, node: &Node, min: i64, max: i64) -> Option<i64> {
        let text = self.text(node)?;
        match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            Ok(_) => {
                self.error(node, Problem::OutOfRange { text, min, max });
                None
            }
            Err(_) => {
                self.error(node, Problem::WrongType { expected: Expected::Integer });
                None
            }
        }
    }

    /// One of a fixed set of words, each meaning a value.
    pub fn choice<T: Copy>(&mut self, node: &Node, table: &[(&'static str, T)]) -> Option<T> {
        let text = self.text(node)?;
        if let Some((_, value)) = table.iter().find(|(word, _)| word.eq_ignore_ascii_case(&text)) {
            return Some(*value);
        }
        let allowed: Vec<&'static str> = table.iter().map(|(word, _)| *word).collect();
        let suggestion = suggest::closest(&text, allowed.iter().copied());
        self.error(node, Problem::BadChoice { text, allowed, suggestion });
        None
    }

    /// A list; a single scalar counts as a list of one, and null as an empty list.
    pub fn list<'n>(&mut self, node: &'n Node) -> Vec<&'n Node> {
        match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            Value::Scalar(_) => vec![node],
            Value::Map(_) => {
                self.error(node, Problem::WrongType { expected: Expected::List });
                Vec::new()
            }
        }
    }

    /// A list of texts, each with its place.
    pub fn texts(&mut self, node: &Node) -> Vec<Spanned<String>> {
        self.list(node).into_iter().filter_map(|item| self.spanned_text(item)).collect()
    }
}

/// The fields of one mapping, after unknown and duplicate keys were reported.
pub struct Fields<'n> {
    pub node: &'n Node,
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of `key`, unless absent or null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _, v)| *k == key && !v.is_null()).map(|(_, _, v)| *v)
    }

    /// The value of `key`; reports it missing (at the map, or at the key when null).
    pub fn required(&self, decoder: &mut Decoder, key: &'static str) -> Option<&'n Node> {
        if let Some(value) = self.get(key) {
            return Some(value);
        }
        match self.entries.iter().find(|(k, _, _)| *k == key) {
            Some((_, key_node, _)) => decoder.error(key_node, Problem::Empty { key }),
            None => decoder.error(self.node, Problem::MissingKey { key }),
        }
        None
    }
}

/// `YYYY-MM-DD`, and a day that exists.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    #[test]
    fn a_quoted_line_is_the_line_the_standard_library_finds() {
        for text in ["a\nb\n\nc", "a\r\nb\r\n", "", "\n", "one"] {
            let mut decoder = Decoder::new("f".into(), text);
            for line in 1..6 {
                assert_eq!(decoder.line(line), text.lines().nth(line - 1), "{text:?} line {line}");
            }
            assert_eq!(decoder.line(0), None);
        }
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2026-02-28").is_some());
        assert!(parse_date("2026-02-30").is_none());
        assert!(parse_date("2026-2-3").is_none());
        assert!(parse_date("2024-02-29").is_some());
    }

    #[test]
    fn unknown_keys_are_reported_with_a_suggestion_and_reading_goes_on() {
        let text = "name: a\nshedule: b\nstars: 9\n";
        let node = yaml::parse(text, 1).unwrap();
        let mut decoder = Decoder::new("station.yaml".into(), text);
        let fields = decoder.map(&node, &["name", "schedule", "stars"]).unwrap();
        assert_eq!(fields.get("name").and_then(|n| n.as_str()), Some("a"));
        let stars = decoder.integer(fields.get("stars").unwrap(), 1, 5);
        assert_eq!(stars, None);
        let problems: Vec<_> = decoder.diagnostics.items.iter().map(|d| (d.pos, d.problem.clone())).collect();
        assert_eq!(problems.len(), 2);
        assert!(matches!(&problems[0].1, Problem::UnknownKey { suggestion: Some(s), .. } if s == "schedule"));
        assert_eq!(problems[0].0, Pos::new(2, 1));
        assert!(matches!(problems[1].1, Problem::OutOfRange { .. }));
    }
}
