//! Markdown files with front matter: posted rules (`rules/*.md`) and case stories
//! (`cases/*.md`).

use super::decode::Decoder;
use super::refs::DeputyIds;
use super::source::split_front_matter;
use super::yaml::Node;
use crate::diag::{Pos, Problem, Severity};
use crate::model::{Case, CaseStatus, Rule, Step, StepKind};

const RULE_KEYS: &[&str] = &["title", "category", "effective", "order"];
const CASE_KEYS: &[&str] =
    &["title", "category", "status", "received", "resolved", "deputies", "households", "source", "steps"];
const STEP_KEYS: &[&str] = &["date", "step", "note", "to", "rating"];

const STATUSES: &[(&str, CaseStatus)] = &[
    ("received", CaseStatus::Received),
    ("forwarded", CaseStatus::Forwarded),
    ("in_progress", CaseStatus::InProgress),
    ("resolved", CaseStatus::Resolved),
    ("unresolved", CaseStatus::Unresolved),
];
const STEPS: &[(&str, StepKind)] = &[
    ("received", StepKind::Received),
    ("answered", StepKind::Answered),
    ("registered", StepKind::Registered),
    ("sorted", StepKind::Sorted),
    ("forwarded", StepKind::Forwarded),
    ("resolved", StepKind::Resolved),
    ("feedback", StepKind::Feedback),
    ("rated", StepKind::Rated),
];

/// The front matter's root mapping node and the Markdown body.
fn front_matter<'t>(decoder: &mut Decoder<'t>) -> Option<(Node, &'t str)> {
    let text = decoder.text_of_file();
    match split_front_matter(text) {
        Ok(parts) => {
            let node = decoder.parse(parts.front_matter, 2)?;
            Some((node, parts.body))
        }
        Err(problem) => {
            decoder.report(Severity::Error, Pos::new(1, 1), 3, problem);
            None
        }
    }
}

pub fn rule(decoder: &mut Decoder, id: String) -> Option<Rule> {
    let (root, body) = front_matter(decoder)?;
    let fields = decoder.map(&root, RULE_KEYS)?;
    let title = decoder.required_text(&fields, "title");
    Some(Rule {
        id,
        title: title?,
        category: fields.get("category").and_then(|n| decoder.text(n)),
        effective: fields.get("effective").and_then(|n| decoder.date(n)),
        order: fields.get("order").and_then(|n| decoder.integer(n, i64::MIN, i64::MAX)),
        body: body.to_string(),
    })
}

pub fn case(decoder: &mut Decoder, id: String, deputies: &DeputyIds) -> Option<Case> {
    let (root, body) = front_matter(decoder)?;
    let fields = decoder.map(&root, CASE_KEYS)?;
    let title = decoder.required_text(&fields, "title");
    let status = fields.required(decoder, "status").and_then(|n| decoder.choice(n, STATUSES));
    let received = fields.required(decoder, "received").and_then(|n| decoder.date(n));
    let resolved_node = fields.get("resolved");
    let resolved = resolved_node.and_then(|n| decoder.date(n));
    if status == Some(CaseStatus::Resolved) && resolved_node.is_none() {
        decoder.error(fields.get("status").unwrap_or(fields.node), Problem::ResolvedDateMissing);
    }
    if let (Some(received), Some(resolved), Some(node)) = (received, resolved, resolved_node) {
        if resolved < received {
            decoder.error(node, Problem::DateOrder { earlier: "received", later: "resolved" });
        }
    }
    let case_deputies = fields.get("deputies").map(|n| deputies.resolve_list(decoder, n)).unwrap_or_default();
    let households = fields.get("households").and_then(|n| decoder.integer(n, 0, i64::MAX)).map(|n| n as u64);
    let steps = fields
        .get("steps")
        .map(|n| decoder.list(n).into_iter().filter_map(|item| step(decoder, item)).collect())
        .unwrap_or_default();
    Some(Case {
        id,
        title: title?,
        category: fields.get("category").and_then(|n| decoder.text(n)),
        status: status?,
        received: received?,
        resolved,
        deputies: case_deputies,
        households,
        source: fields.get("source").and_then(|n| decoder.text(n)),
        steps,
        body: body.to_string(),
    })
}

fn step(decoder: &mut Decoder, node: &Node) -> Option<Step> {
    let fields = decoder.map(node, STEP_KEYS)?;
    let date = fields.required(decoder, "date").and_then(|n| decoder.date(n));
    let kind_node = fields.required(decoder, "step");
    let kind = kind_node.and_then(|n| decoder.choice(n, STEPS));
    let to = fields.get("to").and_then(|n| decoder.text(n));
    let rating = fields.get("rating").and_then(|n| decoder.integer(n, 1, 5)).map(|n| n as u8);
    if let (Some(kind), Some(kind_node)) = (kind, kind_node) {
        let step = kind_node.as_str().unwrap_or_default().to_string();
        if kind == StepKind::Rated && fields.get("rating").is_none() {
            decoder.error(kind_node, Problem::StepNeeds { step: step.clone(), key: "rating" });
        }
        if kind == StepKind::Forwarded && to.is_none() {
            decoder.error(kind_node, Problem::StepNeeds { step, key: "to" });
        }
    }
    Some(Step { date: date?, kind: kind?, note: fields.get("note").and_then(|n| decoder.text(n)), to, rating })
}
