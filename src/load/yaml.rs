//! A YAML document as a tree whose every node knows its line and column.
//!
//! The loaders decode this tree by hand (see `decode`) rather than through serde derive,
//! because a derive stops at the first problem and forgets where values were; station
//! staff need every problem of a file, each pointing at its place. Scalars stay text:
//! each field decides what its text means (`0358` stays a phone number, `no` a name).

use crate::diag::{Pos, Problem};
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// How many characters of the line the node covers, for underlining.
    pub width: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// A syntax error: where, and what (the parser's own words, or a limit passed).
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub problem: Problem,
}

/// How deep lists and mappings may nest. Content needs four or five levels; the tree is
/// built, cloned and dropped by recursion, so a file nested thousands deep would overflow
/// the stack.
pub const MAX_DEPTH: usize = 64;

/// How many nodes a document may make, aliases expanded: an alias copies its anchor's
/// subtree, and nine levels of ten aliases each ("billion laughs") would make 10⁹. The
/// largest content file (a county's roster) makes a few thousand.
pub const MAX_NODES: usize = 200_000;

/// Parses one YAML document. `first_line` is the file line the text starts on (front
/// matter starts on line 2), so that positions are positions in the file.
pub fn parse(text: &str, first_line: usize) -> Result<Node, SyntaxError> {
    let mut builder =
        Builder { parser: Parser::new_from_str(text), anchors: HashMap::new(), first_line, depth: 0, nodes: 0 };
    builder.document()
}

struct Builder<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    /// Each anchor's node and how many nodes it holds.
    anchors: HashMap<usize, (Node, usize)>,
    first_line: usize,
    depth: usize,
    nodes: usize,
}

fn parser_error(pos: Pos, info: impl Into<String>) -> SyntaxError {
    SyntaxError { pos, problem: Problem::YamlSyntax { info: info.into() } }
}

impl<'a> Builder<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span), SyntaxError> {
        match self.parser.next_event() {
            Some(Ok(event)) => Ok(event),
            Some(Err(error)) => Err(parser_error(self.pos(error.marker().line(), error.marker().col()), error.info())),
            None => Err(parser_error(Pos::new(self.first_line, 1), "unexpected end of input")),
        }
    }

    fn pos(&self, line: usize, col: usize) -> Pos {
        Pos::new(line + self.first_line - 1, col + 1)
    }

    fn document(&mut self) -> Result<Node, SyntaxError> {
        let mut root = None;
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart(_) if root.is_some() => {
                    return Err(parser_error(
                        self.pos(span.start.line(), span.start.col()),
                        "only one YAML document is allowed in a file",
                    ));
                }
                Event::DocumentStart(_) => root = Some(self.node()?),
                Event::StreamEnd => break,
                _ => unreachable!("the YAML parser emits nodes only inside documents"),
            }
        }
        Ok(root.unwrap_or(Node { value: Value::Null, pos: Pos::new(self.first_line, 1), width: 1 }))
    }

    fn node(&mut self) -> Result<Node, SyntaxError> {
        let (event, span) = self.next()?;
        let pos = self.pos(span.start.line(), span.start.col());
        let width =
            if span.end.line() == span.start.line() { span.end.col().saturating_sub(span.start.col()) } else { 1 };
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(SyntaxError { pos, problem: Problem::YamlTooLarge { limit: MAX_NODES } });
        }
        let nested = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        if nested {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(SyntaxError { pos, problem: Problem::YamlTooDeep { limit: MAX_DEPTH } });
            }
        }
        let start = self.nodes;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let null = style == ScalarStyle::Plain && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                let value = if null { Value::Null } else { Value::Scalar(text.into_owned()) };
                (Node { value, pos, width: width.max(1) }, anchor)
            }
            Event::SequenceStart(anchor, _tag) => {
                let mut items = Vec::new();
                while !self.at(|e| matches!(e, Event::SequenceEnd))? {
                    items.push(self.node()?);
                }
                self.next()?;
                (Node { value: Value::Seq(items), pos, width: 1 }, anchor)
            }
            Event::MappingStart(anchor, _tag) => {
                let mut entries = Vec::new();
                while !self.at(|e| matches!(e, Event::MappingEnd))? {
                    let key = self.node()?;
                    let value = self.node()?;
                    entries.push((key, value));
                }
                self.next()?;
                (Node { value: Value::Map(entries), pos, width: 1 }, anchor)
            }
            Event::Alias(anchor) => {
                let Some((target, size)) = self.anchors.get(&anchor) else {
                    return Err(parser_error(pos, "alias to an unknown anchor"));
                };
                // Counted before it is copied: the copy is bounded too.
                self.nodes += size;
                if self.nodes > MAX_NODES {
                    return Err(SyntaxError { pos, problem: Problem::YamlTooLarge { limit: MAX_NODES } });
                }
                return Ok(Node { pos, ..target.clone() });
            }
            other => return Err(parser_error(pos, format!("unexpected YAML event {other:?}"))),
        };
        if nested {
            self.depth -= 1;
        }
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), self.nodes - start + 1));
        }
        Ok(node)
    }

    fn at(&mut self, test: impl Fn(&Event) -> bool) -> Result<bool, SyntaxError> {
        match self.parser.peek() {
            Some(Ok((event, _))) => Ok(test(event)),
            Some(Err(error)) => Err(parser_error(self.pos(error.marker().line(), error.marker().col()), error.info())),
            None => Ok(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_file_lines_and_one_based_columns() {
        let node = parse("name: 袁家庄\nlist:\n  - a\n  - { b: c }\n", 1).unwrap();
        let Value::Map(entries) = &node.value else { panic!("not a map") };
        assert_eq!(entries[0].1.pos, Pos::new(1, 7));
        assert_eq!(entries[0].1.as_str(), Some("袁家庄"));
        let Value::Seq(items) = &entries[1].1.value else { panic!("not a seq") };
        assert_eq!(items[1].pos.line, 4);
        let with_offset = parse("a: 1\n", 2).unwrap();
        let Value::Map(entries) = &with_offset.value else { panic!() };
        assert_eq!(entries[0].0.pos, Pos::new(2, 1));
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let error = parse("a: [1, 2\nb: 3\n", 1).unwrap_err();
        assert!(error.pos.line >= 1);
        assert!(matches!(error.problem, Problem::YamlSyntax { ref info } if !info.is_empty()));
    }

    #[test]
    fn deep_nesting_is_refused_at_its_line_without_overflowing_the_stack() {
        // 6 KB of nested block sequences: `- - - … x`, 3000 deep.
        let text = format!("{}x\n", "- ".repeat(3000));
        let error = parse(&text, 1).unwrap_err();
        assert_eq!(error.problem, Problem::YamlTooDeep { limit: MAX_DEPTH });
        assert_eq!(error.pos.line, 1);
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(&flow, 1).is_err());
        let ok = format!("{}x\n", "- ".repeat(MAX_DEPTH));
        assert!(parse(&ok, 1).is_ok());
    }

    #[test]
    fn alias_expansion_is_bounded() {
        // "Billion laughs": each level holds ten aliases of the one before.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let error = parse(&text, 1).unwrap_err();
        assert_eq!(error.problem, Problem::YamlTooLarge { limit: MAX_NODES });
        assert!(error.pos.line >= 4, "at the alias that passed the limit: {:?}", error.pos);
        // A few aliases, as content uses them, are fine.
        let node = parse("base: &b {x: 1}\none: *b\ntwo: *b\n", 1).unwrap();
        let Value::Map(entries) = &node.value else { panic!() };
        assert_eq!(entries[2].1.pos.line, 3);
    }

    #[test]
    fn quoted_null_is_text_and_plain_null_is_null() {
        let node = parse("a: ~\nb: \"~\"\nc:\n", 1).unwrap();
        let Value::Map(entries) = &node.value else { panic!() };
        assert!(entries[0].1.is_null());
        assert_eq!(entries[1].1.as_str(), Some("~"));
        assert!(entries[2].1.is_null());
    }
}
