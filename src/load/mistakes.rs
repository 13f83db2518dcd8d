//! The YAML mistakes clerks make, found on the line where they made them and named.
//!
//! The parser's own words ("simple key expect ':'", on the line after the mistake) mean
//! nothing to a township clerk. Two passes turn them into a named mistake with the corrected
//! line:
//!
//! - [`scan`] runs before the parser, line by line, and finds what is a mistake wherever it
//!   stands (a tab or a full-width space in the indentation, `township：凤山街道`, `name:宋金峰`,
//!   `-宋金峰`, a value in “curly quotes”, `[a，b]`). Each has one meaning, so the text is
//!   repaired (line for line, so positions stay) and parsed on: the clerk sees every other
//!   problem of the file in the same run, and the build still fails on the mistakes.
//! - [`explain`] runs when the parser still fails, and looks at the lines around the place
//!   it failed for the mistake that explains it (an unclosed quote, a value starting with
//!   `@`, a `: ` inside a value, misaligned indentation, a missing colon, an unclosed `[`);
//!   what it cannot name is reported as a syntax error in the portal's language.

use super::yaml::SyntaxError;
use crate::diag::{Pos, Problem, YamlMistake};

/// A mistake found, where it is, and the problem to report (with the corrected line).
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub pos: Pos,
    pub width: usize,
    pub problem: Problem,
}

/// What [`scan`] found: the mistakes, and the text with them repaired when there were any.
pub struct Scan {
    pub repaired: Option<String>,
    pub found: Vec<Found>,
}

/// Keys clerks write in Chinese (the decoder takes them for the keys they name), so that
/// `电话：0358-…` is known for a key with a full-width colon.
fn is_key(word: &str) -> bool {
    let mut chars = word.chars();
    let ascii = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    (ascii && !matches!(word, "http" | "https" | "mailto" | "tel")) || super::decode::is_key_alias(word)
}

/// Where a line's indentation ends and its list dashes end (byte offsets), and the list
/// dashes found.
struct Line<'a> {
    indent: &'a str,
    rest: &'a str,
}

fn split_indent(line: &str) -> Line<'_> {
    let end = line.find(|c| !matches!(c, ' ' | '\t' | '\u{3000}')).unwrap_or(line.len());
    Line { indent: &line[..end], rest: &line[end..] }
}

/// Columns of an indentation as the clerk meant it: a full-width space is a space typed
/// with a Chinese input method (one key press, one column), a tab goes to the next even
/// column (content is indented two spaces a level).
fn indent_width(indent: &str) -> usize {
    indent.chars().fold(0, |col, c| match c {
        '\t' => col / 2 * 2 + 2,
        _ => col + 1,
    })
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// The value without a trailing comment (` # …` outside quotes), and the comment.
fn split_comment(value: &str) -> (&str, &str) {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && i == 0 => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => {
                return (value[..i].trim_end(), &value[i..]);
            }
            None => {}
        }
        previous = c;
    }
    (value.trim_end(), "")
}

/// A value written between ASCII double quotes, escaped for them.
fn quoted(inner: &str) -> String {
    if inner.contains(['"', '\\']) {
        format!("'{}'", inner.replace('\'', "''"))
    } else {
        format!("\"{inner}\"")
    }
}

/// How a line of the scan goes on: inside a block scalar (`intro: |`) or a plain value that
/// continues on more indented lines, the lines are text, not YAML to check.
#[derive(Default)]
struct State {
    text_deeper_than: Option<usize>,
}

/// Finds the mistakes that are mistakes wherever they stand, and repairs them.
pub fn scan(text: &str, first_line: usize) -> Scan {
    let mut found = Vec::new();
    let mut repaired = String::with_capacity(text.len());
    let mut changed = false;
    let mut state = State::default();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            repaired.push('\n');
        }
        let number = first_line + index;
        let fixed = scan_line(line, number, &mut state, &mut found);
        match fixed {
            Some(fixed) => {
                changed = true;
                repaired.push_str(&fixed);
            }
            None => repaired.push_str(line),
        }
    }
    Scan { repaired: changed.then_some(repaired), found }
}

/// One line: its mistakes pushed to `found` (each with the whole corrected line), and the
/// corrected line when there were any.
fn scan_line(line: &str, number: usize, state: &mut State, found: &mut Vec<Found>) -> Option<String> {
    let Line { indent, rest } = split_indent(line);
    let rest = rest.trim_end_matches('\r');
    let width = indent_width(indent);
    if rest.is_empty() {
        return None;
    }
    if let Some(deeper_than) = state.text_deeper_than {
        if width > deeper_than {
            return None;
        }
        state.text_deeper_than = None;
    }
    if rest.starts_with('#') || rest.starts_with("---") || rest.starts_with("...") {
        return None;
    }
    let mut mistakes: Vec<(usize, usize, YamlMistake)> = Vec::new();
    if let Some(at) = indent.chars().position(|c| c == '\t') {
        mistakes.push((at, 1, YamlMistake::Tab));
    }
    if let Some(at) = indent.chars().position(|c| c == '\u{3000}') {
        mistakes.push((at, 1, YamlMistake::FullWidthSpace));
    }
    let mut out = " ".repeat(width);
    let mut col = chars(indent);
    let mut body = rest;
    // List dashes: `- `, and `-宋金峰`, `-　宋金峰`.
    loop {
        let mut it = body.chars();
        if it.next() != Some('-') {
            break;
        }
        match it.next() {
            None | Some(' ') | Some('\t') => {
                out.push_str("- ");
                body = body[1..].trim_start_matches([' ', '\t']);
                col += 2;
            }
            Some('\u{3000}') => {
                mistakes.push((col + 1, 1, YamlMistake::FullWidthSpace));
                out.push_str("- ");
                body = body[1..].trim_start_matches([' ', '\t', '\u{3000}']);
                col += 2;
            }
            Some(c) if c.is_alphabetic() || matches!(c, '"' | '\'' | '“' | '[' | '{') => {
                mistakes.push((col, 1, YamlMistake::NoSpaceAfterDash));
                out.push_str("- ");
                body = &body[1..];
                col += 1;
            }
            Some(_) => break,
        }
    }
    let content_col = out.len();
    // A key: the word before the first colon, ASCII or full-width.
    let key_end = body.find(|c: char| {
        matches!(c, ':' | '：' | ' ' | '\t' | '\u{3000}' | '"' | '\'' | '“' | '#' | '[' | '{' | ',' | '，')
    });
    let mut value = body;
    let mut is_key_line = false;
    if let Some(end) = key_end.filter(|end| *end > 0) {
        let key = &body[..end];
        let after = &body[end..];
        let next = after[after.chars().next().map_or(0, char::len_utf8)..].chars().next();
        let key_col = col + chars(key);
        if after.starts_with('：') && is_key(key) {
            mistakes.push((key_col, 1, YamlMistake::FullWidthColon));
            is_key_line = true;
            value = after['：'.len_utf8()..].trim_start_matches([' ', '\u{3000}']);
        } else if after.starts_with(':') && next == Some('\u{3000}') {
            mistakes.push((key_col + 1, 1, YamlMistake::FullWidthSpace));
            is_key_line = true;
            value = after[1..].trim_start_matches([' ', '\u{3000}']);
        } else if after.starts_with(':') && is_key(key) && next.is_some_and(|c| !matches!(c, ' ' | '\t' | '/' | ':')) {
            mistakes.push((key_col, 1, YamlMistake::NoSpaceAfterColon));
            is_key_line = true;
            value = &after[1..];
        } else if after.starts_with(':') && next.is_none_or(|c| c == ' ' || c == '\t') {
            is_key_line = true;
            value = after[1..].trim_start_matches([' ', '\t']);
        }
        if is_key_line {
            out.push_str(key);
            out.push(':');
            if !value.is_empty() {
                out.push(' ');
            }
        }
    }
    let value_col = chars(line) - chars(value);
    let (plain, comment) = split_comment(value);
    let fixed_value = fix_value(plain, value_col, &mut mistakes);
    out.push_str(fixed_value.as_deref().unwrap_or(plain));
    if !comment.is_empty() {
        out.push_str(&value[plain.len()..]);
    }
    // What the lines below are: text of a block scalar or of a plain value going on.
    let starts_text = !plain.is_empty() && !plain.starts_with(['"', '\'', '[', '{', '&', '*', '!']);
    if plain.starts_with(['|', '>']) || starts_text {
        state.text_deeper_than = Some(if is_key_line { content_col } else { content_col.saturating_sub(1) });
    }
    if mistakes.is_empty() {
        return None;
    }
    for (at, width, mistake) in mistakes {
        let problem = Problem::YamlMistake { mistake, fixed: out.clone() };
        found.push(Found { pos: Pos::new(number, at + 1), width, problem });
    }
    Some(out)
}

/// A value's own mistakes: “curly quotes” as quotes, a `"` closed by `”`, `，` and `、` in a
/// `[ ]` list. Returns the corrected value when there was one.
fn fix_value(value: &str, col: usize, mistakes: &mut Vec<(usize, usize, YamlMistake)>) -> Option<String> {
    let width = chars(value);
    for (open, close) in [('“', '”'), ('‘', '’'), ('＂', '＂'), ('"', '”'), ('“', '"')] {
        let Some(inner) = value.strip_prefix(open).and_then(|v| v.strip_suffix(close)) else { continue };
        if inner.contains(['“', '”', '"']) || value.chars().count() < 2 {
            continue;
        }
        let mistake = if open == '"' { YamlMistake::UnclosedQuote } else { YamlMistake::CurlyQuotes };
        mistakes.push((col, width, mistake));
        return Some(quoted(inner));
    }
    // A one-line list of plain items (a `{ }` mapping's values may hold Chinese commas).
    let list = value.starts_with('[') && value.ends_with(']') && !value[1..].contains(['[', '{', ':']);
    if list && value.contains(['，', '、']) {
        let mut out = String::with_capacity(value.len());
        let mut quote = None;
        let mut first = None;
        for (i, c) in value.chars().enumerate() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '，' || c == '、' => {
                    first.get_or_insert(i);
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push_str(", ");
                    continue;
                }
                None => {}
            }
            if c == ' ' && out.ends_with(", ") {
                continue;
            }
            out.push(c);
        }
        if let Some(first) = first {
            mistakes.push((col + first, 1, YamlMistake::FullWidthComma));
            return Some(out);
        }
    }
    None
}

/// The mistake that explains why the parser failed at `error` in `text` (the scanned and
/// repaired text, starting on `first_line` of its file), or the syntax error in words.
pub fn explain(text: &str, first_line: usize, error: &SyntaxError) -> Found {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let at = error.pos.line.saturating_sub(first_line).min(lines.len().saturating_sub(1));
    let generic = || Found { pos: error.pos, width: 1, problem: error.problem.clone() };
    if !matches!(error.problem, Problem::YamlSyntax { .. }) {
        return generic();
    }
    let found_on = |index: usize, col: usize, width: usize, mistake: YamlMistake, fixed: String| Found {
        pos: Pos::new(first_line + index, col + 1),
        width,
        problem: Problem::YamlMistake { mistake, fixed },
    };
    // A quote opened and never closed on its line, above the place the parser gave up.
    for (index, line) in lines.iter().enumerate().take(at + 1) {
        if let Some((col, quote)) = unclosed_quote(line) {
            let fixed = format!("{}{quote}", line.trim_end());
            return found_on(index, col, 1, YamlMistake::UnclosedQuote, fixed);
        }
    }
    // A `[` or `{` opened and never closed, above it.
    if let Some(index) = lines.iter().take(at + 1).position(|l| unclosed_bracket(l).is_some()) {
        let (col, close) = unclosed_bracket(lines[index]).unwrap_or((0, ']'));
        let line = lines[index].trim_end();
        if split_comment(line).0.ends_with(['[', '{']) {
            // A list over several lines: it closes after its last line above the failure.
            let last = (index + 1..=at.min(lines.len() - 1)).rev().find(|&i| {
                let rest = split_indent(lines[i]).rest;
                !rest.is_empty() && !rest.starts_with('#') && !rest.starts_with("---")
            });
            if let Some(last) = last {
                let fixed = format!("{} {close}", lines[last].trim_end());
                return found_on(last, chars(lines[last].trim_end()), 1, YamlMistake::UnclosedBracket, fixed);
            }
        }
        // `{ a: 1` closes as `{ a: 1 }`, `[a` as `[a]`.
        let space = if line.chars().nth(col + 1) == Some(' ') { " " } else { "" };
        let fixed = format!("{line}{space}{close}");
        return found_on(index, col, 1, YamlMistake::UnclosedBracket, fixed);
    }
    // The line the parser stopped on, then the one before it (a plain line where a key was
    // expected is found out only at the next line).
    let previous = (0..at).rev().find(|&i| {
        let rest = split_indent(lines[i]).rest;
        !rest.is_empty() && !rest.starts_with('#')
    });
    for index in [Some(at), previous].into_iter().flatten() {
        if let Some(found) = line_mistake(lines[index], index == at)
            .map(|(col, width, mistake, fixed)| found_on(index, col, width, mistake, fixed))
        {
            return found;
        }
    }
    if let Some((index, col, expected)) = misaligned(&lines, at, previous) {
        let line = lines[index];
        let Line { indent, rest } = split_indent(line);
        let fixed = format!("{}{rest}", " ".repeat(expected));
        let mistake = YamlMistake::Indentation { found: indent_width(indent), expected };
        return found_on(index, col, 1, mistake, fixed);
    }
    generic()
}

/// The key and the value of a `key: value` line (after any list dashes), with the value's
/// column.
fn key_value(line: &str) -> Option<(usize, &str, usize, &str)> {
    let Line { indent, rest } = split_indent(line);
    let mut body = rest;
    let mut col = chars(indent);
    while let Some(after) = body.strip_prefix("- ") {
        body = after.trim_start();
        col = chars(line) - chars(body);
    }
    let colon = body.find(": ").or_else(|| body.strip_suffix(':').map(|b| b.len()))?;
    let key = &body[..colon];
    if key.is_empty() || key.contains(['"', '\'', '[', '{', ' ']) {
        return None;
    }
    let value = body[colon + 1..].trim_start();
    Some((col, key, chars(line) - chars(value), value))
}

/// A quote that opens a value (after `key: ` or `- `) and is not closed on its line: its
/// column and the quote.
fn unclosed_quote(line: &str) -> Option<(usize, char)> {
    let (value_col, value) = match key_value(line) {
        Some((_, _, col, value)) => (col, value),
        None => {
            let body = split_indent(line).rest.strip_prefix("- ")?.trim_start();
            (chars(line) - chars(body), body)
        }
    };
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let mut escaped = false;
    let mut it = value.char_indices().skip(1).peekable();
    while let Some((_, c)) = it.next() {
        if quote == '"' && c == '\\' && !escaped {
            escaped = true;
            continue;
        }
        if c == quote && !escaped {
            if quote == '\'' && it.peek().is_some_and(|(_, n)| *n == '\'') {
                it.next();
                continue;
            }
            return None;
        }
        escaped = false;
    }
    Some((value_col, quote))
}

/// A `[` or `{` that opens a value and is not closed on its line.
fn unclosed_bracket(line: &str) -> Option<(usize, char)> {
    let (_, _, col, value) = key_value(line)?;
    let (value, _) = split_comment(value);
    let close = match value.chars().next()? {
        '[' => ']',
        '{' => '}',
        _ => return None,
    };
    let depth = value.chars().fold(0i32, |depth, c| match c {
        '[' | '{' => depth + 1,
        ']' | '}' => depth - 1,
        _ => depth,
    });
    (depth > 0).then_some((col, close))
}

/// The mistake a line shows by itself when the parser failed on or just after it.
fn line_mistake(line: &str, failed_here: bool) -> Option<(usize, usize, YamlMistake, String)> {
    let Line { indent, rest } = split_indent(line);
    if rest.is_empty() || rest.starts_with('#') {
        return None;
    }
    let mut body = rest;
    while let Some(after) = body.strip_prefix("- ") {
        body = after.trim_start();
    }
    let head = &line[..line.len() - body.len()];
    let body_col = chars(head);
    // `备注：……` where a key was expected: a key in Chinese with a full-width colon.
    if let Some(colon) = body.find('：') {
        let key = &body[..colon];
        let ascii_colon_first = body.find(':').is_some_and(|c| c < colon);
        if !ascii_colon_first && !key.is_empty() && chars(key) <= 12 && !key.contains([' ', '"', '\'', '，']) {
            let value = body[colon + '：'.len_utf8()..].trim_start();
            let fixed = if value.is_empty() { format!("{head}{key}:") } else { format!("{head}{key}: {value}") };
            return Some((body_col + chars(key), 1, YamlMistake::FullWidthColon, fixed));
        }
    }
    // `备注:内容`: no space after the colon.
    if let Some(colon) = body.find(':') {
        let key = &body[..colon];
        let next = body[colon + 1..].chars().next();
        if !key.is_empty()
            && !key.contains([' ', '"', '\'', '[', '{'])
            && !key.starts_with(|c: char| c.is_ascii_digit())
            && next.is_some_and(|c| !matches!(c, ' ' | '\t' | '/' | ':'))
        {
            let fixed = format!("{head}{key}: {}", &body[colon + 1..]);
            return Some((body_col + chars(key), 1, YamlMistake::NoSpaceAfterColon, fixed));
        }
    }
    // `name 宋金峰`: a key without its colon.
    let word_end = body.find(' ').unwrap_or(body.len());
    let word = &body[..word_end];
    if !body.contains(':') && word_end < body.len() && is_key(word) && !indent.contains('\t') {
        let fixed = format!("{head}{word}: {}", body[word_end..].trim_start());
        return Some((body_col + chars(word), 1, YamlMistake::MissingColon, fixed));
    }
    if !failed_here {
        return None;
    }
    if let Some(colon) = body.find(": ").or_else(|| body.strip_suffix(':').map(str::len)) {
        let key = &body[..colon];
        let value = body[colon + 1..].trim_start();
        let col = chars(line) - chars(value);
        let (plain, _) = split_comment(value);
        let first = plain.chars().next();
        let simple_key = !key.is_empty() && !key.contains(['"', '\'', '[', '{', ' ']);
        // A value that starts with a character YAML keeps for itself.
        if let Some(c) = first.filter(|c| matches!(c, '@' | '`' | '%' | '*' | '&' | '!' | '|' | '>' | '[' | '{')) {
            if simple_key {
                let fixed = format!("{head}{key}: {}", quoted(plain));
                return Some((col, chars(plain), YamlMistake::Indicator { c }, fixed));
            }
        }
        // `title: 注意: 明天`: a colon and a space inside a plain value.
        let plain_text = first.is_some_and(|c| c != '"' && c != '\'');
        if simple_key && plain_text && (plain.contains(": ") || plain.ends_with(':')) {
            let fixed = format!("{head}{key}: {}", quoted(plain));
            return Some((col, chars(plain), YamlMistake::ColonInValue, fixed));
        }
    }
    None
}

/// A line whose indentation matches no level open above it: the line (the one the parser
/// stopped on, or the one before), its first column, and the indentation it should have.
fn misaligned(lines: &[&str], at: usize, previous: Option<usize>) -> Option<(usize, usize, usize)> {
    let key_col = |line: &str| {
        let Line { indent, rest } = split_indent(line);
        let dashes = rest.len() - rest.trim_start_matches(['-', ' ']).len();
        (indent_width(indent), indent_width(indent) + dashes)
    };
    let check = |index: usize| -> Option<(usize, usize, usize)> {
        let (found, _) = key_col(lines[index]);
        // The levels open above the line: each earlier line's key column, innermost last.
        let mut levels: Vec<usize> = Vec::new();
        for line in &lines[..index] {
            let rest = split_indent(line).rest;
            if rest.is_empty() || rest.starts_with('#') || rest.starts_with("---") {
                continue;
            }
            let (indent, key) = key_col(line);
            while levels.last().is_some_and(|l| *l > indent) {
                levels.pop();
            }
            if levels.last() != Some(&indent) {
                levels.push(indent);
            }
            if key != indent {
                levels.push(key);
            }
        }
        if levels.is_empty() || levels.contains(&found) {
            return None;
        }
        // Deeper than every level is a block under the line above, if that line opens one.
        let above = lines[..index].iter().rev().find(|l| {
            let rest = split_indent(l).rest;
            !rest.is_empty() && !rest.starts_with('#')
        })?;
        let opens_block = split_comment(above.trim_end()).0.ends_with(':');
        if levels.last().is_some_and(|l| found > *l) && opens_block {
            return None;
        }
        let expected = *levels.iter().min_by_key(|l| (l.abs_diff(found), usize::MAX - **l))?;
        // Two lines out of line with each other: the one off the two-space steps is wrong.
        let (above_indent, _) = key_col(above);
        if expected % 2 == 1 && found % 2 == 0 && above_indent == expected && index > 0 {
            let above_index = (0..index).rev().find(|&i| lines[i] == *above)?;
            return Some((above_index, 0, found));
        }
        Some((index, 0, expected))
    };
    check(at).or_else(|| previous.and_then(check))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mistake found: line, column, kind and the corrected line.
    type Listed = Vec<(usize, usize, YamlMistake, String)>;

    fn scanned(text: &str) -> (Option<String>, Listed) {
        let scan = scan(text, 1);
        let found = scan
            .found
            .into_iter()
            .map(|f| match f.problem {
                Problem::YamlMistake { mistake, fixed } => (f.pos.line, f.pos.col, mistake, fixed),
                other => panic!("{other:?}"),
            })
            .collect();
        (scan.repaired, found)
    }

    #[test]
    fn certain_mistakes_are_found_on_their_line_and_repaired() {
        let (repaired, found) =
            scanned("name: 袁家庄\ntownship：凤山街道\ncontact:\n\tphone:0358\nwho: [宋金峰，王海荣、 刘强]\n");
        assert_eq!(
            repaired.as_deref(),
            Some("name: 袁家庄\ntownship: 凤山街道\ncontact:\n  phone: 0358\nwho: [宋金峰, 王海荣, 刘强]\n")
        );
        let kinds: Vec<_> = found.iter().map(|f| (f.0, f.1, f.2)).collect();
        assert_eq!(
            kinds,
            [
                (2, 9, YamlMistake::FullWidthColon),
                (4, 1, YamlMistake::Tab),
                (4, 7, YamlMistake::NoSpaceAfterColon),
                (5, 10, YamlMistake::FullWidthComma)
            ]
        );
        assert_eq!(found[1].3, "  phone: 0358");
    }

    #[test]
    fn text_in_block_scalars_and_plain_values_going_on_is_left_alone() {
        let text = "intro: |\n  地址：凤山街道\n  -宋金峰\nnote: 第一行\n  电话：0358\nname: “袁家庄”\n";
        let (repaired, found) = scanned(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, YamlMistake::CurlyQuotes);
        assert_eq!(repaired.unwrap().lines().nth(5), Some("name: \"袁家庄\""));
    }

    #[test]
    fn dashes_urls_times_and_numbers_are_not_mistakes() {
        for text in
            ["- https://example.org/x\n", "time: 09:00-12:00\n", "- -5\n", "a: b # c：d\n", "---\n", "- 12:30\n"]
        {
            assert!(scanned(text).1.is_empty(), "{text}");
        }
        let (repaired, found) = scanned("who:\n  -宋金峰\n  -　王海荣\n");
        assert_eq!(repaired.as_deref(), Some("who:\n  - 宋金峰\n  - 王海荣\n"));
        assert_eq!(found.len(), 2);
    }
}
