//! **Extension (issue 17).** The deputies' record: proposals and motions with their replies,
//! and reports to voters (述职). A deputy's page shows theirs, newest first
//! ([`deputy_record`]); `<county>/proposals/` lists the county's proposals by status and its
//! reports to voters.

use super::format::date;
use super::index::{CountyIndex, Record};
use super::markdown::to_html_with;
use super::views::{base_context, county_crumbs, page_file, Link};
use super::{OutputFile, Renderer};
use crate::model::{Proposal, ProposalKind, ProposalStatus, ReportForm, VoterReport};
use anyhow::Result;
use serde::Serialize;

pub fn proposal_status_key(status: ProposalStatus) -> &'static str {
    match status {
        ProposalStatus::Submitted => "submitted",
        ProposalStatus::Assigned => "assigned",
        ProposalStatus::Answered => "answered",
        ProposalStatus::Resolved => "resolved",
    }
}

pub fn proposal_kind_key(kind: ProposalKind) -> &'static str {
    match kind {
        ProposalKind::Suggestion => "suggestion",
        ProposalKind::Motion => "motion",
    }
}

pub fn report_form_key(form: ReportForm) -> &'static str {
    match form {
        ReportForm::Oral => "oral",
        ReportForm::Written => "written",
    }
}

#[derive(Serialize)]
struct ReplyView {
    date: Option<String>,
    unit: Option<String>,
    text: Option<String>,
}

#[derive(Serialize)]
pub struct ProposalView {
    id: String,
    title: String,
    kind: String,
    number: Option<String>,
    date: String,
    session: Option<String>,
    status: String,
    status_key: &'static str,
    deputies: Vec<Link>,
    reply: Option<ReplyView>,
    body: String,
    /// Where the county's list shows it.
    href: String,
}

#[derive(Serialize)]
pub struct ReportView {
    id: String,
    title: String,
    date: String,
    place: Option<String>,
    station: Option<Link>,
    form: String,
    form_key: &'static str,
    attendance: Option<u64>,
    review: Option<String>,
    deputies: Vec<Link>,
    body: String,
}

/// One entry of a record: a proposal or a report, tagged for the template.
#[derive(Serialize)]
pub struct RecordView {
    proposal: Option<ProposalView>,
    report: Option<ReportView>,
}

/// `root` leads from the page to the county's folder.
fn proposal_view(renderer: &Renderer, index: &CountyIndex, p: &Proposal, root: &str) -> ProposalView {
    let s = |key: &str| renderer.strings.get(key).to_string();
    ProposalView {
        id: p.id.clone(),
        title: p.title.clone(),
        kind: s(&format!("proposal_{}", proposal_kind_key(p.kind))),
        number: p.number.clone(),
        date: date(p.date, renderer.lang),
        session: p.session.clone(),
        status: s(&format!("proposal_status_{}", proposal_status_key(p.status))),
        status_key: proposal_status_key(p.status),
        deputies: p.deputies.iter().map(|id| index.deputy_link(id, root)).collect(),
        reply: p.reply.as_ref().map(|r| ReplyView {
            date: r.date.map(|d| date(d, renderer.lang)),
            unit: r.unit.clone(),
            text: r.text.as_deref().map(|t| to_html_with(t, &[], root)),
        }),
        body: to_html_with(&p.body, &p.images, root),
        href: format!("{root}proposals/#{}", p.id),
    }
}

fn report_view(renderer: &Renderer, index: &CountyIndex, r: &VoterReport, root: &str) -> ReportView {
    let s = |key: &str| renderer.strings.get(key).to_string();
    let names: Vec<String> = r.deputies.iter().map(|id| index.deputy_name(id)).collect();
    let title = r.title.clone().unwrap_or_else(|| {
        format!("{}{}{}", names.join(renderer.lang.pick("、", ", ")), renderer.lang.pick("", " "), s("voter_report"))
    });
    let station = r.station.as_deref().and_then(|id| {
        let station = index.county.stations.get(index.position(id)?)?;
        Some(Link { href: format!("{root}stations/{id}/"), text: station.name.clone() })
    });
    ReportView {
        id: r.id.clone(),
        title,
        date: date(r.date, renderer.lang),
        place: r.place.clone(),
        station,
        form: s(&format!("report_{}", report_form_key(r.form))),
        form_key: report_form_key(r.form),
        attendance: r.attendance,
        review: r.review.clone(),
        deputies: r.deputies.iter().map(|id| index.deputy_link(id, root)).collect(),
        body: to_html_with(&r.body, &r.images, root),
    }
}

/// A deputy's proposals and reports to voters, newest first.
pub fn deputy_record(renderer: &Renderer, index: &CountyIndex, deputy_id: &str, root: &str) -> Vec<RecordView> {
    let Some(records) = index.record_of.get(deputy_id) else {
        return Vec::new();
    };
    records
        .iter()
        .map(|record| match record {
            Record::Proposal(p) => RecordView { proposal: Some(proposal_view(renderer, index, p, root)), report: None },
            Record::Report(r) => RecordView { proposal: None, report: Some(report_view(renderer, index, r, root)) },
        })
        .collect()
}

#[derive(Serialize)]
struct StatusGroup {
    status: String,
    status_key: &'static str,
    proposals: Vec<ProposalView>,
}

const ROOT: &str = "../";

/// `<county>/proposals/`: the county's proposals by status (each newest first), then its
/// reports to voters, newest first. `None` when the county has neither.
pub fn proposals_page(renderer: &Renderer, index: &CountyIndex, dir: &str) -> Result<Option<OutputFile>> {
    let county = index.county;
    if county.proposals.is_empty() && county.voter_reports.is_empty() {
        return Ok(None);
    }
    let mut proposals: Vec<&Proposal> = county.proposals.iter().collect();
    proposals.sort_by(|a, b| (a.status, b.date, &a.id).cmp(&(b.status, a.date, &b.id)));
    let mut groups: Vec<StatusGroup> = Vec::new();
    for p in proposals {
        let view = proposal_view(renderer, index, p, ROOT);
        match groups.last_mut() {
            Some(group) if group.status_key == view.status_key => group.proposals.push(view),
            _ => groups.push(StatusGroup {
                status: view.status.clone(),
                status_key: view.status_key,
                proposals: vec![view],
            }),
        }
    }
    let mut reports: Vec<&VoterReport> = county.voter_reports.iter().collect();
    reports.sort_by(|a, b| (b.date, &a.id).cmp(&(a.date, &b.id)));
    let reports: Vec<ReportView> = reports.into_iter().map(|r| report_view(renderer, index, r, ROOT)).collect();
    let mut context = base_context(ROOT, county_crumbs(county, ROOT));
    context.insert("county_name", &county.name);
    context.insert("groups", &groups);
    context.insert("total", &county.proposals.len());
    context.insert("reports", &reports);
    Ok(Some(page_file(format!("{dir}proposals/index.html"), renderer.page("proposals.html", &context)?)))
}
