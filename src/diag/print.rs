//! Prints diagnostics the way cargo does: headline, location, the source line with the
//! offending text underlined, and a hint.
//!
//! ```text
//! 错误：不认识的键“shedule”
//!   --> lishi/stations/yuanjiazhuang/station.yaml:12:1
//!    |
//! 12 | shedule:
//!    | ^^^^^^^
//!    = 提示：是不是想写“schedule”？
//! ```

use super::{Diagnostic, Diagnostics, Severity};
use crate::lang::Lang;
use std::fmt::Write;

/// Renders every diagnostic and a closing count line.
pub fn render_all(diagnostics: &Diagnostics, lang: Lang) -> String {
    let mut out = String::new();
    let mut starts = LineStarts::default();
    for diagnostic in &diagnostics.items {
        render_one(&mut out, diagnostic, lang, &mut starts);
        out.push('\n');
    }
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    if errors + warnings > 0 {
        let _ = match lang {
            Lang::ZhCn => writeln!(out, "共 {errors} 个错误，{warnings} 个警告"),
            Lang::En => writeln!(out, "{errors} error(s), {warnings} warning(s)"),
        };
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic, lang: Lang, starts: &mut LineStarts) {
    let label = match (d.severity, lang) {
        (Severity::Error, Lang::ZhCn) => "错误",
        (Severity::Warning, Lang::ZhCn) => "警告",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
    };
    let colon = lang.pick("：", ": ");
    let _ = writeln!(out, "{label}{colon}{}", terminal_text(&d.problem.message(lang)));
    let gutter = " ".repeat(d.pos.line.to_string().len().max(1));
    let path = terminal_text(&d.path);
    if d.pos.line == 0 {
        let _ = writeln!(out, "{gutter}--> {path}");
    } else {
        let _ = writeln!(out, "{gutter}--> {path}:{}:{}", d.pos.line, d.pos.col);
    }
    if let (Some(text), true) = (&d.source_line, d.pos.line > 0) {
        let text = text.trim_end();
        let starts = starts.of(d, text);
        let (shown, before, marked) = source_window(text, starts, d.pos.col.saturating_sub(1), d.width.max(1));
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{} | {shown}", d.pos.line);
        let _ = writeln!(
            out,
            "{gutter} | {}{}",
            " ".repeat(display_width(&before)),
            "^".repeat(display_width(&marked).max(1))
        );
    }
    // The line as it should be written, under the line as it is.
    if let (Some(fixed), true) = (d.problem.fixed_line(), d.pos.line > 0) {
        let _ = writeln!(out, "{gutter} = {}", lang.pick("应写成：", "write it as:"));
        let _ = writeln!(out, "{} | {}", d.pos.line, visible(fixed.trim_end()));
    }
    if let Some(hint) = d.problem.hint(lang) {
        let _ = writeln!(out, "{gutter} = {}{colon}{}", lang.pick("提示", "hint"), terminal_text(&hint));
    }
}

/// The most characters of one quoted value (between “ ” or ` `) a message prints.
const QUOTE_LIMIT: usize = 200;
/// The most characters of a source line printed, around the marked text.
const SOURCE_LIMIT: usize = 200;
/// The most characters of any message or hint line, whatever it holds.
const LINE_LIMIT: usize = 1000;

/// A message or hint as the terminal may show it: each quoted value cut after
/// [`QUOTE_LIMIT`] characters with `…` (a 20 MB bad value prints as 200 characters), the
/// whole line cut after [`LINE_LIMIT`], and control characters as visible escapes.
pub fn terminal_text(text: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let (mut quoted, mut total) = (0, 0);
    for c in text.chars() {
        let closes = match quote {
            Some(open) => (open == '“' && c == '”') || (open == '`' && c == '`'),
            None => false,
        };
        if closes {
            quote = None;
        } else if quote.is_some() {
            quoted += 1;
            if quoted > QUOTE_LIMIT {
                if quoted == QUOTE_LIMIT + 1 {
                    out.push('…');
                }
                continue;
            }
        } else if c == '“' || c == '`' {
            quote = Some(c);
            quoted = 0;
        }
        total += 1;
        if total > LINE_LIMIT {
            out.push('…');
            break;
        }
        push_visible(&mut out, c);
    }
    out
}

/// A character, or its escape (`\u{1b}`) when a terminal would act on it: C0 and C1
/// controls and DEL (ANSI escape sequences start with them), and the bidirectional
/// overrides that reorder what is shown.
fn push_visible(out: &mut String, c: char) {
    if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
        let _ = write!(out, "\\u{{{:x}}}", c as u32);
    } else {
        out.push(c);
    }
}

fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// Where each character of the last source line printed starts (and where the line ends):
/// many problems on one long line (a flow mapping of unknown keys) find their place in it
/// without walking the line each.
#[derive(Default)]
struct LineStarts {
    path: String,
    line: usize,
    starts: Vec<usize>,
}

impl LineStarts {
    fn of(&mut self, d: &Diagnostic, text: &str) -> &[usize] {
        if self.starts.is_empty() || self.line != d.pos.line || self.path != d.path {
            self.path.clone_from(&d.path);
            self.line = d.pos.line;
            self.starts = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        }
        &self.starts
    }
}

/// The source line as printed, the text before the marked part and the marked part (both as
/// printed, so the caret lines up): the whole line when it is short, else [`SOURCE_LIMIT`]
/// characters around the mark with `…` where it is cut. `starts` are the byte offsets of the
/// line's characters and of its end.
fn source_window(line: &str, starts: &[usize], start: usize, width: usize) -> (String, String, String) {
    let len = starts.len() - 1;
    let start = start.min(len);
    let (from, to) = if len <= SOURCE_LIMIT {
        (0, len)
    } else {
        let from = start.saturating_sub(SOURCE_LIMIT / 4).min(len - SOURCE_LIMIT);
        (from, from + SOURCE_LIMIT)
    };
    let part = |a: usize, b: usize| visible(&line[starts[a]..starts[b]]);
    let (head, tail) = (if from > 0 { "…" } else { "" }, if to < len { "…" } else { "" });
    let mark = start.max(from);
    let before = format!("{head}{}", part(from, mark));
    let marked = part(mark, (start + width).clamp(mark, to));
    let shown = format!("{head}{}{tail}", part(from, to));
    (shown, before, marked)
}

/// Terminal columns: CJK and full-width characters take two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_are_two_columns_wide() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("袁家庄"), 6);
        assert_eq!(display_width("（a）"), 5);
    }

    #[test]
    fn escapes_are_shown_and_long_values_cut() {
        assert_eq!(terminal_text("“a\u{1b}[31mb\u{7}”\u{9b}"), "“a\\u{1b}[31mb\\u{7}”\\u{9b}");
        let long = "x".repeat(5000);
        let text = terminal_text(&format!("value “{long}” is wrong"));
        assert_eq!(text, format!("value “{}…” is wrong", "x".repeat(QUOTE_LIMIT)));
        let text = terminal_text(&format!("unquoted {long}"));
        assert_eq!(text.chars().count(), LINE_LIMIT + 1);
        assert!(text.ends_with('…'));
    }

    fn window(line: &str, start: usize, width: usize) -> (String, String, String) {
        let starts: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
        source_window(line, &starts, start, width)
    }

    #[test]
    fn a_long_source_line_is_shown_around_its_mark() {
        let line = format!("{}BAD{}", "a".repeat(1000), "b".repeat(1000));
        let (shown, before, marked) = window(&line, 1000, 3);
        assert_eq!(shown.chars().count(), SOURCE_LIMIT + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…') && shown.contains("BAD"));
        assert_eq!(marked, "BAD");
        assert_eq!(&shown[..before.len()], before);
        // Near either end of a long line, the window is full and cut on one side only.
        let (shown, _, marked) = window(&line, 2, 3);
        assert_eq!((shown.chars().count(), marked.as_str()), (SOURCE_LIMIT + 1, "aaa"));
        assert!(shown.starts_with("aaa") && shown.ends_with('…'));
        let (shown, _, marked) = window(&line, 2000, 3);
        assert_eq!((shown.chars().count(), marked.as_str()), (SOURCE_LIMIT + 1, "bbb"));
        assert!(shown.starts_with('…') && shown.ends_with("bbb"));
        let (shown, before, marked) = window("key: \u{1b}[2Jx", 5, 6);
        assert_eq!(shown, "key: \\u{1b}[2Jx");
        assert_eq!((before.as_str(), marked.as_str()), ("key: ", "\\u{1b}[2Jx"));
    }
}
