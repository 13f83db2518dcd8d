//! Markdown files with front matter: posted rules (`rules/*.md`) and case stories
//! (`cases/*.md`).

use super::decode::Decoder;
use super::images::{body_images, Folders};
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
/// The words the site shows for each status, in both languages, and the ones clerks use.
const STATUS_WORDS: &[(&str, CaseStatus)] = &[
    ("已受理", CaseStatus::Received),
    ("受理", CaseStatus::Received),
    ("已接收", CaseStatus::Received),
    ("已转办", CaseStatus::Forwarded),
    ("转办", CaseStatus::Forwarded),
    ("已转交", CaseStatus::Forwarded),
    ("办理中", CaseStatus::InProgress),
    ("正在办理", CaseStatus::InProgress),
    ("在办", CaseStatus::InProgress),
    ("已办结", CaseStatus::Resolved),
    ("办结", CaseStatus::Resolved),
    ("已解决", CaseStatus::Resolved),
    ("已完成", CaseStatus::Resolved),
    ("未能解决", CaseStatus::Unresolved),
    ("未解决", CaseStatus::Unresolved),
    ("无法解决", CaseStatus::Unresolved),
    ("could not be resolved", CaseStatus::Unresolved),
];
/// The words the site shows for each step, in both languages, and shorter ones.
const STEP_WORDS: &[(&str, StepKind)] = &[
    ("群众反映", StepKind::Received),
    ("反映", StepKind::Received),
    ("受理", StepKind::Received),
    ("raised by citizens", StepKind::Received),
    ("现场答复", StepKind::Answered),
    ("答复", StepKind::Answered),
    ("answered on the spot", StepKind::Answered),
    ("登记在册", StepKind::Registered),
    ("登记", StepKind::Registered),
    ("汇总梳理", StepKind::Sorted),
    ("梳理", StepKind::Sorted),
    ("分级分类转办", StepKind::Forwarded),
    ("转办", StepKind::Forwarded),
    ("办结", StepKind::Resolved),
    ("已办结", StepKind::Resolved),
    ("向代表和群众反馈", StepKind::Feedback),
    ("反馈", StepKind::Feedback),
    ("feedback given", StepKind::Feedback),
    ("群众评议", StepKind::Rated),
    ("评议", StepKind::Rated),
    ("rated by citizens", StepKind::Rated),
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
pub(super) fn front_matter<'t>(decoder: &mut Decoder<'t>) -> Option<(Node, &'t str)> {
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

pub fn rule(decoder: &mut Decoder, id: String, folders: &Folders) -> Option<Rule> {
    let (root, body) = front_matter(decoder)?;
    let images = body_images(decoder, body, folders);
    let fields = decoder.map(&root, RULE_KEYS)?;
    let title = decoder.required_text(&fields, "title");
    Some(Rule {
        id,
        title: title?,
        category: fields.get("category").and_then(|n| decoder.text(n)),
        effective: fields.get("effective").and_then(|n| decoder.date(n)),
        order: fields.get("order").and_then(|n| decoder.integer(n, i64::MIN, i64::MAX)),
        body: body.to_string(),
        images,
    })
}

pub fn case(decoder: &mut Decoder, id: String, deputies: &DeputyIds, folders: &Folders) -> Option<Case> {
    let (root, body) = front_matter(decoder)?;
    let images = body_images(decoder, body, folders);
    let fields = decoder.map(&root, CASE_KEYS)?;
    let title = decoder.required_text(&fields, "title");
    let status = fields.required(decoder, "status").and_then(|n| decoder.choice_or_synonym(n, STATUSES, STATUS_WORDS));
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
        images,
    })
}

fn step(decoder: &mut Decoder, node: &Node) -> Option<Step> {
    let fields = decoder.map(node, STEP_KEYS)?;
    let date = fields.required(decoder, "date").and_then(|n| decoder.date(n));
    let kind_node = fields.required(decoder, "step");
    let kind = kind_node.and_then(|n| decoder.choice_or_synonym(n, STEPS, STEP_WORDS));
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
