//! **Extension (issue 17).** The deputies' record and the 民生实事 projects, each a Markdown
//! file with front matter: `proposals/*.md` (建议, 议案, with the reply), `voter-reports/*.md`
//! (述职) and `projects/*.md` (a county's or the city's 民生实事, with their progress).
//!
//! Deputies are named by id or by name, as in cases; values take the clerks' words.

use super::decode::Decoder;
use super::docs::front_matter;
use super::images::{body_images, Folders};
use super::refs::DeputyIds;
use super::yaml::Node;
use crate::diag::Problem;
use crate::model::{
    Project, ProjectStatus, ProjectStep, Proposal, ProposalKind, ProposalStatus, Reply, ReportForm, VoterReport,
};

const PROPOSAL_KEYS: &[&str] = &["title", "kind", "number", "date", "session", "deputies", "status", "reply"];
const REPLY_KEYS: &[&str] = &["date", "unit", "text"];
const REPORT_KEYS: &[&str] = &["title", "date", "place", "station", "deputies", "form", "attendance", "review"];
const PROJECT_KEYS: &[&str] = &["title", "year", "status", "unit", "deputies", "steps"];
const PROJECT_STEP_KEYS: &[&str] = &["date", "note"];

const PROPOSAL_KINDS: &[(&str, ProposalKind)] =
    &[("suggestion", ProposalKind::Suggestion), ("motion", ProposalKind::Motion)];
const PROPOSAL_KIND_WORDS: &[(&str, ProposalKind)] = &[
    ("建议", ProposalKind::Suggestion),
    ("代表建议", ProposalKind::Suggestion),
    ("意见建议", ProposalKind::Suggestion),
    ("议案", ProposalKind::Motion),
    ("代表议案", ProposalKind::Motion),
    ("议事原案", ProposalKind::Motion),
    ("proposal", ProposalKind::Suggestion),
];
const PROPOSAL_STATUSES: &[(&str, ProposalStatus)] = &[
    ("submitted", ProposalStatus::Submitted),
    ("assigned", ProposalStatus::Assigned),
    ("answered", ProposalStatus::Answered),
    ("resolved", ProposalStatus::Resolved),
];
const PROPOSAL_STATUS_WORDS: &[(&str, ProposalStatus)] = &[
    ("已提交", ProposalStatus::Submitted),
    ("提交", ProposalStatus::Submitted),
    ("已交办", ProposalStatus::Assigned),
    ("交办", ProposalStatus::Assigned),
    ("办理中", ProposalStatus::Assigned),
    ("正在办理", ProposalStatus::Assigned),
    ("已答复", ProposalStatus::Answered),
    ("答复", ProposalStatus::Answered),
    ("已回复", ProposalStatus::Answered),
    ("已办结", ProposalStatus::Resolved),
    ("办结", ProposalStatus::Resolved),
    ("已落实", ProposalStatus::Resolved),
    ("落实", ProposalStatus::Resolved),
    ("已解决", ProposalStatus::Resolved),
    ("handed to a unit", ProposalStatus::Assigned),
];
const FORMS: &[(&str, ReportForm)] = &[("oral", ReportForm::Oral), ("written", ReportForm::Written)];
const FORM_WORDS: &[(&str, ReportForm)] = &[
    ("口头", ReportForm::Oral),
    ("口头述职", ReportForm::Oral),
    ("当面", ReportForm::Oral),
    ("面对面", ReportForm::Oral),
    ("书面", ReportForm::Written),
    ("书面述职", ReportForm::Written),
    ("in person", ReportForm::Oral),
];
const PROJECT_STATUSES: &[(&str, ProjectStatus)] = &[
    ("collecting", ProjectStatus::Collecting),
    ("planned", ProjectStatus::Planned),
    ("in_progress", ProjectStatus::InProgress),
    ("completed", ProjectStatus::Completed),
];
const PROJECT_STATUS_WORDS: &[(&str, ProjectStatus)] = &[
    ("征集中", ProjectStatus::Collecting),
    ("征集", ProjectStatus::Collecting),
    ("已确定", ProjectStatus::Planned),
    ("已交办", ProjectStatus::Planned),
    ("交办", ProjectStatus::Planned),
    ("已票决", ProjectStatus::Planned),
    ("实施中", ProjectStatus::InProgress),
    ("办理中", ProjectStatus::InProgress),
    ("正在办理", ProjectStatus::InProgress),
    ("推进中", ProjectStatus::InProgress),
    ("已开工", ProjectStatus::InProgress),
    ("开工", ProjectStatus::InProgress),
    ("在建", ProjectStatus::InProgress),
    ("已完成", ProjectStatus::Completed),
    ("完成", ProjectStatus::Completed),
    ("已办结", ProjectStatus::Completed),
    ("办结", ProjectStatus::Completed),
    ("已竣工", ProjectStatus::Completed),
    ("being collected", ProjectStatus::Collecting),
];

/// The deputies a record names: at least one, each an id or a name of the county.
fn record_deputies(decoder: &mut Decoder, fields: &super::decode::Fields, ids: &DeputyIds) -> Vec<String> {
    fields.required(decoder, "deputies").map(|n| ids.resolve_list(decoder, n)).unwrap_or_default()
}

pub fn proposal(decoder: &mut Decoder, id: String, ids: &DeputyIds, folders: &Folders) -> Option<Proposal> {
    let (root, body) = front_matter(decoder)?;
    let images = body_images(decoder, body, folders);
    let fields = decoder.map(&root, PROPOSAL_KEYS)?;
    let title = decoder.required_text(&fields, "title");
    let kind = match fields.get("kind") {
        Some(node) => decoder.choice_or_synonym(node, PROPOSAL_KINDS, PROPOSAL_KIND_WORDS),
        None => Some(ProposalKind::Suggestion),
    };
    let date = fields.required(decoder, "date").and_then(|n| decoder.date(n));
    let deputies = record_deputies(decoder, &fields, ids);
    let status_node = fields.required(decoder, "status");
    let status = status_node.and_then(|n| decoder.choice_or_synonym(n, PROPOSAL_STATUSES, PROPOSAL_STATUS_WORDS));
    let reply = fields.get("reply").and_then(|n| reply(decoder, n));
    // An answered or resolved proposal has its reply; a reply is not older than the proposal.
    if let (Some(ProposalStatus::Answered | ProposalStatus::Resolved), Some(node)) = (status, status_node) {
        if fields.get("reply").is_none() {
            let status = node.as_str().unwrap_or_default().to_string();
            decoder.error(node, Problem::StatusNeeds { status, key: "reply" });
        }
    }
    if let (Some(date), Some(Reply { date: Some(replied), .. })) = (date, &reply) {
        if *replied < date {
            let node = fields.get("reply").unwrap_or(fields.node);
            decoder.error(node, Problem::DateOrder { earlier: "date", later: "reply" });
        }
    }
    Some(Proposal {
        id,
        kind: kind?,
        number: fields.get("number").and_then(|n| decoder.text(n)),
        date: date?,
        title: title?,
        session: fields.get("session").and_then(|n| decoder.text(n)),
        deputies,
        status: status?,
        reply,
        body: body.to_string(),
        images,
    })
}

/// `reply: { date: 2021-06-30, unit: 山西银保监局, text: … }`, or the reply's text alone.
fn reply(decoder: &mut Decoder, node: &Node) -> Option<Reply> {
    if node.as_str().is_some() {
        return Some(Reply { date: None, unit: None, text: decoder.text(node) });
    }
    let fields = decoder.map(node, REPLY_KEYS)?;
    Some(Reply {
        date: fields.get("date").and_then(|n| decoder.date(n)),
        unit: fields.get("unit").and_then(|n| decoder.text(n)),
        text: fields.get("text").and_then(|n| decoder.text(n)),
    })
}

pub fn voter_report(
    decoder: &mut Decoder,
    id: String,
    ids: &DeputyIds,
    stations: &[String],
    folders: &Folders,
) -> Option<VoterReport> {
    let (root, body) = front_matter(decoder)?;
    let images = body_images(decoder, body, folders);
    let fields = decoder.map(&root, REPORT_KEYS)?;
    let date = fields.required(decoder, "date").and_then(|n| decoder.date(n));
    let deputies = record_deputies(decoder, &fields, ids);
    let form = fields.required(decoder, "form").and_then(|n| decoder.choice_or_synonym(n, FORMS, FORM_WORDS));
    let station = fields.get("station").and_then(|node| {
        let text = decoder.text(node)?;
        if stations.contains(&text) {
            return Some(text);
        }
        let suggestion = crate::suggest::closest(&text, stations.iter().map(String::as_str));
        decoder.error(node, Problem::UnknownStation { id: text, suggestion });
        None
    });
    let attendance = fields.get("attendance").and_then(|n| decoder.integer(n, 0, i64::MAX)).map(|n| n as u64);
    Some(VoterReport {
        id,
        date: date?,
        title: fields.get("title").and_then(|n| decoder.text(n)),
        place: fields.get("place").and_then(|n| decoder.text(n)),
        station,
        deputies,
        form: form?,
        attendance,
        review: fields.get("review").and_then(|n| decoder.text(n)),
        body: body.to_string(),
        images,
    })
}

/// A project of a county (`ids` its deputies) or of the city (`None`: it names no deputy).
pub fn project(decoder: &mut Decoder, id: String, ids: Option<&DeputyIds>, folders: &Folders) -> Option<Project> {
    let (root, body) = front_matter(decoder)?;
    let images = body_images(decoder, body, folders);
    let fields = decoder.map(&root, PROJECT_KEYS)?;
    let title = decoder.required_text(&fields, "title");
    let status = fields
        .required(decoder, "status")
        .and_then(|n| decoder.choice_or_synonym(n, PROJECT_STATUSES, PROJECT_STATUS_WORDS));
    let year = fields.get("year").and_then(|n| decoder.integer(n, 1949, 2200)).map(|n| n as i32);
    let deputies = match (fields.get("deputies"), ids) {
        (Some(node), Some(ids)) => ids.resolve_list(decoder, node),
        (Some(node), None) => {
            decoder.error(node, Problem::CityProjectDeputies);
            Vec::new()
        }
        (None, _) => Vec::new(),
    };
    let mut steps: Vec<ProjectStep> = Vec::new();
    if let Some(node) = fields.get("steps") {
        for item in decoder.list(node) {
            let Some(step_fields) = decoder.map(item, PROJECT_STEP_KEYS) else { continue };
            let date = step_fields.required(decoder, "date").and_then(|n| decoder.date(n));
            let note = decoder.required_text(&step_fields, "note");
            if let (Some(date), Some(note)) = (date, note) {
                steps.push(ProjectStep { date, note });
            }
        }
    }
    // Oldest first, whatever order they were written in.
    steps.sort_by_key(|step| step.date);
    Some(Project {
        id,
        title: title?,
        year,
        status: status?,
        unit: fields.get("unit").and_then(|n| decoder.text(n)),
        deputies,
        steps,
        body: body.to_string(),
        images,
    })
}
