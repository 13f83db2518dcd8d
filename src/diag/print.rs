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
    for diagnostic in &diagnostics.items {
        render_one(&mut out, diagnostic, lang);
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

fn render_one(out: &mut String, d: &Diagnostic, lang: Lang) {
    let label = match (d.severity, lang) {
        (Severity::Error, Lang::ZhCn) => "错误",
        (Severity::Warning, Lang::ZhCn) => "警告",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
    };
    let colon = lang.pick("：", ": ");
    let _ = writeln!(out, "{label}{colon}{}", d.problem.message(lang));
    let gutter = " ".repeat(d.pos.line.to_string().len().max(1));
    if d.pos.line == 0 {
        let _ = writeln!(out, "{gutter}--> {}", d.path);
    } else {
        let _ = writeln!(out, "{gutter}--> {}:{}:{}", d.path, d.pos.line, d.pos.col);
    }
    if let (Some(text), true) = (&d.source_line, d.pos.line > 0) {
        let before: String = text.chars().take(d.pos.col.saturating_sub(1)).collect();
        let marked: String = text.chars().skip(d.pos.col.saturating_sub(1)).take(d.width.max(1)).collect();
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{} | {}", d.pos.line, text.trim_end());
        let _ = writeln!(
            out,
            "{gutter} | {}{}",
            " ".repeat(display_width(&before)),
            "^".repeat(display_width(&marked).max(1))
        );
    }
    if let Some(hint) = d.problem.hint(lang) {
        let _ = writeln!(out, "{gutter} = {}{colon}{hint}", lang.pick("提示", "hint"));
    }
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
}
