//! Diagnostics: every problem found in the content, as data with its source location.
//!
//! Loading never stops at the first problem (rust-analyzer's parser returns the tree and
//! its errors side by side): each step pushes a [`Diagnostic`] into a [`Diagnostics`]
//! list and carries on, and the CLI prints them all. A diagnostic keeps the offending
//! source line, captured while the file is at hand, so printing needs no file access.

mod message;
mod print;

pub use message::{Expected, PhraseIssue, Problem, SessionSource, YamlMistake};
pub use print::{display_width, is_wide, render_all, terminal_text};

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a content file: 1-based line and column (in characters). Line 0 means the
/// file as a whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub const FILE: Pos = Pos { line: 0, col: 0 };

    pub fn new(line: usize, col: usize) -> Pos {
        Pos { line, col }
    }
}

/// One problem, where it is, and the source line to show under it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the content folder, with `/` separators.
    pub path: String,
    pub pos: Pos,
    /// How many characters of the source line to underline (at least 1).
    pub width: usize,
    pub problem: Problem,
    /// The line quoted, shared by the problems found on it (20,000 problems on one long line
    /// hold one copy of it, not 20,000).
    pub source_line: Option<std::sync::Arc<str>>,
}

impl fmt::Display for Diagnostic {
    /// A one-line English form, for logs and test failure messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.pos.line, self.pos.col, self.problem.message(crate::lang::Lang::En))
    }
}

/// The problems of one run, in the order they were found.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Sorts by file and place, so that output does not depend on thread scheduling.
    /// Drops a diagnostic said twice (a warning about the shared holidays, found by each
    /// county of a build); call after [`sort`](Self::sort).
    pub fn dedup(&mut self) {
        self.items.dedup_by(|a, b| {
            (&a.path, a.pos, a.severity, a.problem.message(crate::lang::Lang::En))
                == (&b.path, b.pos, b.severity, b.problem.message(crate::lang::Lang::En))
        });
    }

    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.pos, a.severity, a.problem.message(crate::lang::Lang::En)).cmp(&(
                &b.path,
                b.pos,
                b.severity,
                b.problem.message(crate::lang::Lang::En),
            ))
        });
    }
}
