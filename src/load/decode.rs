//! Typed reading of a spanned YAML tree, collecting every problem with its place.
//!
//! A [`Decoder`] belongs to one file. Each getter returns `None` after reporting what was
//! wrong, so a loader can read every field, report every problem, and still build the
//! rest of the model. Maps are opened with the keys they allow: unknown keys are reported
//! there, with the nearest allowed key as a hint.

use super::yaml::{Node, Value};
use crate::diag::{Diagnostic, Diagnostics, Expected, Pos, Problem, Severity};
use crate::model::{Phone, Spanned};
use crate::suggest;
use chrono::NaiveDate;

pub struct Decoder<'a> {
    pub path: String,
    text: &'a str,
    pub diagnostics: Diagnostics,
    /// Where each line starts, made at the first problem: quoting the line of each of
    /// 80,000 problems must not walk the file from the top each time.
    line_starts: Vec<usize>,
    /// The line last quoted, shared by the problems on it.
    last_line: Option<(usize, std::sync::Arc<str>)>,
}

impl<'a> Decoder<'a> {
    pub fn new(path: String, text: &'a str) -> Decoder<'a> {
        Decoder { path, text, diagnostics: Diagnostics::default(), line_starts: Vec::new(), last_line: None }
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
        let source_line = match &self.last_line {
            Some((line, text)) if *line == pos.line => Some(text.clone()),
            _ => {
                let text: Option<std::sync::Arc<str>> = self.line(pos.line).map(Into::into);
                self.last_line = text.clone().map(|text| (pos.line, text));
                text
            }
        };
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
            // Chinese key names clerks write (`电话:`) stand for the keys they name.
            let key = key_alias(key, allowed).unwrap_or(key);
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

    /// The first phone number written at `node` (see [`Decoder::phones`]).
    #[allow(dead_code)] // for fields that take one number
    pub fn phone(&mut self, node: &Node) -> Option<String> {
        self.phones(node).into_iter().next().map(|p| p.number)
    }

    /// Phone numbers as people write them: full-width digits, a label in brackets or before
    /// a colon (`0358-1234567（办公室）`, `办公室：0358-1234567`), several in one text
    /// (`0358-1234567、13800000000`), a list, or a map of label to number. Each bad number is
    /// reported; the good ones are kept, in order.
    pub fn phones(&mut self, node: &Node) -> Vec<Phone> {
        let mut phones = Vec::new();
        let items: Vec<(Option<String>, &Node)> = match &node.value {
            Value::Map(entries) => entries.iter().map(|(k, v)| (k.as_str().map(str::to_string), v)).collect(),
            _ => self.list(node).into_iter().map(|n| (None, n)).collect(),
        };
        for (label, item) in items {
            let Some(text) = self.text(item) else { continue };
            for part in split_phones(&text) {
                match parse_phone(&part) {
                    Some(mut phone) => {
                        if phone.label.is_none() {
                            phone.label = label.clone();
                        }
                        phones.push(phone);
                    }
                    None => self.error(item, Problem::BadPhone { text: part }),
                }
            }
        }
        phones
    }

    pub fn date(&mut self, node: &Node) -> Option<NaiveDate> {
        let text = self.text(node)?;
        // Also as people write them: 2026年12月5日, 2026/12/5, 2026.12.5, 2026-6-1.
        match parse_date(&text).or_else(|| crate::schedule::phrase::parse_date_loose(&text)) {
            Some(date) => Some(date),
            None => match guess_date(&text) {
                Some(corrected) => {
                    self.error(node, Problem::DateToCorrect { text, corrected: corrected.to_string() });
                    None
                }
                None => {
                    self.error(node, Problem::BadDate { text });
                    None
                }
            },
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
    #[allow(dead_code)] // for loaders whose values have no synonyms
    pub fn choice<T: Copy + PartialEq>(&mut self, node: &Node, table: &[(&'static str, T)]) -> Option<T> {
        self.choice_or_synonym(node, table, &[])
    }

    /// One of a fixed set of values, written as its word (`table`, the words the hint lists)
    /// or as one of its synonyms: the words the site shows, in Chinese and English
    /// (`已办结`, `Resolved`, `省人大代表`). Case, spaces, `-` and `_` and full-width letters do
    /// not matter (`in progress` is `in_progress`).
    pub fn choice_or_synonym<T: Copy + PartialEq>(
        &mut self,
        node: &Node,
        table: &[(&'static str, T)],
        synonyms: &[(&'static str, T)],
    ) -> Option<T> {
        let text = self.text(node)?;
        let folded = fold_word(&text);
        if let Some((_, value)) = table.iter().chain(synonyms).find(|(word, _)| fold_word(word) == folded) {
            return Some(*value);
        }
        // The words to list: the table's, and the site's word (the first synonym) of each
        // value that the table has only in English.
        let mut allowed: Vec<&'static str> = table.iter().map(|(word, _)| *word).collect();
        for (_, value) in table {
            let has_chinese = table.iter().any(|(word, v)| v == value && !word.is_ascii());
            if let Some((word, _)) = synonyms.iter().find(|(word, v)| v == value && !word.is_ascii()) {
                if !has_chinese && !allowed.contains(word) {
                    allowed.push(word);
                }
            }
        }
        let suggestion = suggest::closest(&text, table.iter().chain(synonyms).map(|(word, _)| *word));
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

/// Full-width digits and punctuation of a phone text as ASCII.
fn phone_ascii(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '－' | '—' | '–' => '-',
            '（' => '(',
            '）' => ')',
            '＋' => '+',
            '：' => ':',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// `0358-1234567、13800000000` → each number with its label.
fn split_phones(text: &str) -> Vec<String> {
    phone_ascii(text)
        .split(['、', ',', '，', ';', '；', '/', '／', '或'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// One number: `0358-1234567`, `0358-1234567(办公室)`, `办公室:0358-1234567`,
/// `0358-1234567转123`; `None` unless it is one.
pub fn parse_phone(text: &str) -> Option<Phone> {
    let text = phone_ascii(text);
    let mut label = None;
    let mut number = text.as_str();
    // A label in brackets at the end, unless the brackets hold digits (an area code).
    if let Some(open) = number.rfind('(') {
        let inside = number[open + 1..].trim_end_matches(')');
        if number.ends_with(')') && !inside.is_empty() && !inside.chars().all(|c| c.is_ascii_digit()) {
            label = Some(inside.trim().to_string());
            number = number[..open].trim_end();
        }
    }
    // A label before the number: `办公室:0358-1234567`, `手机 13800000000`.
    let start = number.find(|c: char| c.is_ascii_digit() || c == '+' || c == '(').unwrap_or(number.len());
    if start > 0 {
        let before = number[..start].trim().trim_end_matches(':').trim();
        if before.is_empty() || before.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        label = Some(before.to_string());
        number = number[start..].trim();
    }
    let (main, extension) = match number.split_once(['转', 'x']).or_else(|| number.split_once("ext")) {
        Some((main, extension)) => (main, Some(extension.trim_start_matches(['.', ' ']))),
        None => (number, None),
    };
    let main_ok = main.chars().filter(char::is_ascii_digit).count() >= 3
        && main.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    let extension_ok = extension.is_none_or(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_digit()));
    (main_ok && extension_ok).then(|| Phone { number: number.trim().to_string(), label })
}

/// Chinese key names and the keys they stand for, the first allowed of each (简介 is `bio`
/// in deputies.yaml and `intro` in station.yaml).
const KEY_ALIASES: &[(&str, &[&str])] = &[
    ("电话", &["phone"]),
    ("联系电话", &["phone"]),
    ("办公电话", &["phone"]),
    ("姓名", &["name"]),
    ("名称", &["name", "title"]),
    ("名字", &["name"]),
    ("地址", &["address"]),
    ("职务", &["position", "role"]),
    ("代表层级", &["level"]),
    ("层级", &["level"]),
    ("级别", &["level"]),
    ("性别", &["gender"]),
    ("简介", &["bio", "intro"]),
    ("介绍", &["intro", "bio"]),
    ("选区", &["constituency"]),
    ("选区/单位", &["constituency"]),
    ("照片", &["photo", "photos"]),
    ("图片", &["photos"]),
    ("接待日", &["reception"]),
    ("所属乡镇", &["township"]),
    ("乡镇", &["township"]),
    ("服务村", &["serves"]),
    ("服务范围", &["serves", "responsible_for"]),
    ("责任田", &["responsible_for"]),
    ("联系村", &["responsible_for"]),
    ("工作人员", &["staff"]),
    ("岗位", &["role"]),
    ("联系方式", &["contact"]),
    ("星级", &["stars"]),
    ("成立时间", &["established"]),
    ("成立日期", &["established"]),
    ("接待安排", &["schedule"]),
    ("节假日", &["on_holiday"]),
    ("类型", &["kind"]),
    ("时间", &["time"]),
    ("地点", &["place"]),
    ("备注", &["note"]),
    ("日期", &["date", "on"]),
    ("发布日期", &["date"]),
    ("标题", &["title"]),
    ("状态", &["status"]),
    ("办理状态", &["status"]),
    ("分类", &["category"]),
    ("类别", &["category"]),
    ("受理日期", &["received"]),
    ("办结日期", &["resolved"]),
    ("参与代表", &["deputies"]),
    ("相关代表", &["deputies"]),
    ("联络站", &["station", "stations"]),
    ("接待", &["session"]),
    ("户数", &["households"]),
    ("来源", &["source"]),
    ("生效日期", &["effective"]),
    ("排序", &["order"]),
    // Issue 16: channels, people, kinds.
    ("代表热线", &["hotline"]),
    ("热线", &["hotline"]),
    ("微信群", &["wechat_groups"]),
    ("公众号", &["official_account"]),
    ("微信公众号", &["official_account"]),
    ("邮箱", &["email"]),
    ("电子邮箱", &["email"]),
    ("意见箱", &["mailbox"]),
    ("人大意见箱", &["mailbox"]),
    ("网上留言", &["online"]),
    ("便民热线", &["service_hotline"]),
];

/// The key a Chinese key name stands for here, when it is one of `allowed`.
pub fn key_alias(key: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let (_, keys) = KEY_ALIASES.iter().find(|(alias, _)| *alias == key.trim())?;
    keys.iter().find(|k| allowed.contains(k)).copied()
}

/// A word as `choice_or_synonym` compares it: lowercase ASCII, full-width letters and
/// digits as ASCII, without spaces, `-`, `_` and `'`.
pub fn fold_word(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| !matches!(c, ' ' | '\u{3000}' | '-' | '_' | '\'' | '’'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The date a text that is not one most likely means, to write in the hint: `20261205`,
/// `2026-12-05日`, `2026 12 05`.
pub fn guess_date(text: &str) -> Option<NaiveDate> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let only_digits_and_marks = text.chars().all(|c| c.is_ascii_digit() || " -/.年月日号".contains(c));
    if digits.len() != 8 || !only_digits_and_marks {
        return None;
    }
    NaiveDate::from_ymd_opt(digits[..4].parse().ok()?, digits[4..6].parse().ok()?, digits[6..].parse().ok()?)
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
