//! Open data of a county (`<county>/data/`): stations, deputies, cases and ledgers as CSV
//! and JSON, and a page that explains each file.
//!
//! CSVs are UTF-8 with a byte-order mark and CRLF line ends (RFC 4180), so spreadsheet
//! programs open them with Chinese intact. Only public fields are published: a deputy's
//! `phone` is by the content format an office phone; nothing else personal is written.

use super::channels::phones_cell;
use super::figures::period_words;
use super::index::CountyIndex;
use super::projects_page::project_status_key;
use super::record::{proposal_kind_key, proposal_status_key, report_form_key};
use super::views::{base_context, county_crumbs, page_file};
use super::{Content, OutputFile, Renderer};
use crate::lang::Lang;
use crate::model::{County, Level, Period, PeriodKind, Project, Site, StatGroup, StatRow};
use anyhow::Result;
use serde::Serialize;
use serde_json::{json, Value};

/// The type of a column, as the Table Schema names it (issue 17).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    Int,
    Num,
    Bool,
    Date,
    Time,
    /// Several texts: `;` between them in CSV, an array in JSON; a string to the schema.
    List,
}

/// A column: its name, the interface string that describes it, its type, and whether every
/// row has a value (`required` in the schema).
#[derive(Clone, Copy)]
struct Col {
    name: &'static str,
    key: &'static str,
    ty: Ty,
    required: bool,
}

const fn c(name: &'static str, key: &'static str, ty: Ty) -> Col {
    Col { name, key, ty, required: false }
}

/// A required column.
const fn r(name: &'static str, key: &'static str, ty: Ty) -> Col {
    Col { name, key, ty, required: true }
}

use Ty::{Bool, Date, Int, List, Num, Str, Time};

/// A foreign key: these fields name a row of that table by its fields.
type ForeignKey = (&'static [&'static str], &'static str, &'static [&'static str]);

/// One table of a county's open data, as `data/index.html`, the CSV, the JSON and
/// `datapackage.json` describe it.
struct Spec {
    name: &'static str,
    columns: &'static [Col],
    primary_key: &'static [&'static str],
    foreign_keys: &'static [ForeignKey],
    /// The city-wide set holds rows of the city's own (no county): no key there.
    city_rows: bool,
}

/// A table: its spec and its rows, one text per column (empty: no value).
struct Table {
    spec: &'static Spec,
    rows: Vec<Vec<String>>,
}

const STATIONS: Spec = Spec {
    name: "stations",
    columns: &[
        r("id", "col_id", Str),
        r("name", "col_name", Str),
        r("kind", "col_kind", Str),
        c("field", "col_field", Str),
        c("parent", "col_parent", Str),
        r("legislative_point", "col_legislative_point", Bool),
        c("township", "township", Str),
        c("address", "address", Str),
        c("serves", "col_serves", List),
        c("phone", "col_office_phone", Str),
        c("phones", "col_phones", List),
        c("hotline", "col_hotline", List),
        c("wechat_groups", "col_wechat_groups", List),
        c("official_account", "col_official_account", Str),
        c("email", "col_email", Str),
        c("mailbox", "col_mailbox", Str),
        c("online", "col_online", Str),
        c("service_hotline", "col_service_hotline", List),
        c("staff", "col_staff", List),
        c("lat", "col_lat", Num),
        c("lon", "col_lon", Num),
        c("coord_system", "col_coord_system", Str),
        c("stars", "stars", Int),
        c("established", "established", Date),
        r("url", "col_url", Str),
    ],
    primary_key: &["id"],
    foreign_keys: &[],
    city_rows: false,
};
const DEPUTIES: Spec = Spec {
    name: "deputies",
    columns: &[
        r("id", "col_id", Str),
        r("name", "col_name", Str),
        c("levels", "col_levels", List),
        c("position", "position", Str),
        c("constituency", "constituency", Str),
        c("gender", "gender", Str),
        r("station", "col_station", Str),
        c("phone", "col_office_phone", Str),
        c("responsible_for", "col_responsible_for", List),
        r("url", "col_url", Str),
    ],
    primary_key: &["id"],
    foreign_keys: &[(&["station"], "stations", &["id"])],
    city_rows: false,
};
const CASES: Spec = Spec {
    name: "cases",
    columns: &[
        r("id", "col_id", Str),
        r("station", "col_station", Str),
        r("title", "col_title", Str),
        c("category", "category", Str),
        r("status", "col_status", Str),
        r("received", "received_on", Date),
        c("resolved", "resolved_on", Date),
        c("households", "households", Int),
        c("source", "source", Str),
        c("deputies", "col_deputies", List),
        r("url", "col_url", Str),
    ],
    primary_key: &["station", "id"],
    foreign_keys: &[(&["station"], "stations", &["id"])],
    city_rows: false,
};
const CASE_STEPS: Spec = Spec {
    name: "case_steps",
    columns: &[
        r("station", "col_station", Str),
        r("case", "col_case", Str),
        r("position", "col_position", Int),
        r("date", "col_date", Date),
        r("step", "col_step", Str),
        c("to", "col_to", Str),
        c("rating", "col_rating", Int),
        c("note", "col_note", Str),
    ],
    primary_key: &["station", "case", "position"],
    foreign_keys: &[(&["station", "case"], "cases", &["station", "id"])],
    city_rows: false,
};
const CONSULTATIONS: Spec = Spec {
    name: "consultations",
    columns: &[
        r("station", "col_station", Str),
        r("draft", "col_draft", Str),
        c("deadline", "deadline", Date),
        c("how", "how_to_send", Str),
        c("sent", "col_sent", Int),
        c("adopted", "col_adopted", Int),
    ],
    primary_key: &[],
    foreign_keys: &[(&["station"], "stations", &["id"])],
    city_rows: false,
};
/// **Extension (issue 16).** The people who run each station, a row each.
const STAFF: Spec = Spec {
    name: "staff",
    columns: &[
        r("station", "col_station", Str),
        r("name", "col_name", Str),
        r("role", "col_role", Str),
        c("phones", "col_phones", List),
    ],
    primary_key: &[],
    foreign_keys: &[(&["station"], "stations", &["id"])],
    city_rows: false,
};
const STATS: Spec = Spec {
    name: "stats",
    columns: &[
        r("level", "col_stats_level", Str),
        c("station", "col_station", Str),
        r("by", "col_stats_by", Str),
        r("period", "col_period", Str),
        r("period_kind", "col_period_kind", Str),
        c("deputy_visits", "deputy_visits", Int),
        c("leader_visits", "leader_visits", Int),
        c("citizens_received", "citizens_received", Int),
        c("home_visits", "home_visits", Int),
        c("issues_collected", "issues_collected", Int),
        c("forwarded", "forwarded", Int),
        c("issues_resolved", "issues_resolved", Int),
    ],
    primary_key: &[],
    foreign_keys: &[],
    city_rows: true,
};
const RULES: Spec = Spec {
    name: "rules",
    columns: &[
        c("station", "col_rule_station", Str),
        r("id", "col_id", Str),
        r("title", "col_title", Str),
        c("category", "category", Str),
        c("effective", "col_effective", Date),
        c("order", "col_order", Int),
    ],
    primary_key: &[],
    foreign_keys: &[],
    city_rows: false,
};
const ROSTERS: Spec = Spec {
    name: "rosters",
    columns: &[
        r("station", "col_station", Str),
        r("team", "col_team", Int),
        r("deputies", "col_deputies", List),
        r("every", "col_every", Str),
        r("time", "col_time", Str),
        r("starts", "col_starts", Date),
    ],
    primary_key: &["station", "team"],
    foreign_keys: &[(&["station"], "stations", &["id"])],
    city_rows: false,
};
const SESSIONS: Spec = Spec {
    name: "sessions",
    columns: &[
        r("station", "col_station", Str),
        r("date", "col_date", Date),
        r("start", "col_start", Time),
        r("end", "col_end", Time),
        c("moved_from", "col_moved_from", Date),
        c("place", "place", Str),
        c("deputies", "col_deputies", List),
        c("what", "col_what", Str),
    ],
    primary_key: &["station", "date", "start"],
    foreign_keys: &[(&["station"], "stations", &["id"])],
    city_rows: false,
};
const PROPOSALS: Spec = Spec {
    name: "proposals",
    columns: &[
        r("id", "col_id", Str),
        r("kind", "col_proposal_kind", Str),
        c("number", "col_number", Str),
        r("date", "col_date", Date),
        r("title", "col_title", Str),
        c("session", "col_session", Str),
        r("deputies", "col_deputies", List),
        r("status", "col_proposal_status", Str),
        c("reply_date", "reply_date", Date),
        c("reply_unit", "reply_unit", Str),
        c("reply_text", "col_reply_text", Str),
        r("url", "col_url", Str),
    ],
    primary_key: &["id"],
    foreign_keys: &[],
    city_rows: false,
};
const VOTER_REPORTS: Spec = Spec {
    name: "voter_reports",
    columns: &[
        r("id", "col_id", Str),
        r("date", "col_date", Date),
        c("title", "col_title", Str),
        c("station", "col_station", Str),
        c("place", "place", Str),
        r("deputies", "col_deputies", List),
        r("form", "col_report_form", Str),
        c("attendance", "attendance", Int),
        c("review", "review", Str),
        r("url", "col_url", Str),
    ],
    primary_key: &["id"],
    foreign_keys: &[],
    city_rows: false,
};
const PROJECTS: Spec = Spec {
    name: "projects",
    columns: &[
        r("id", "col_id", Str),
        r("title", "col_title", Str),
        c("year", "col_year", Int),
        r("status", "col_project_status", Str),
        c("unit", "project_unit", Str),
        c("deputies", "col_deputies", List),
        r("url", "col_url", Str),
    ],
    primary_key: &["id"],
    foreign_keys: &[],
    city_rows: true,
};
const PROJECT_STEPS: Spec = Spec {
    name: "project_steps",
    columns: &[
        r("project", "col_project", Str),
        r("position", "col_position", Int),
        r("date", "col_date", Date),
        r("note", "col_note", Str),
    ],
    primary_key: &["project", "position"],
    foreign_keys: &[(&["project"], "projects", &["id"])],
    city_rows: true,
};

const POSTS: Spec = Spec {
    name: "posts",
    columns: &[
        c("station", "col_post_station", Str),
        r("id", "col_id", Str),
        r("kind", "col_post_kind", Str),
        r("date", "col_date", Date),
        r("title", "col_title", Str),
        c("stations", "col_post_stations", List),
        c("deputies", "col_deputies", List),
        c("source", "source", Str),
        c("session_station", "col_session_station", Str),
        c("session_date", "col_session_date", Date),
        r("url", "col_url", Str),
    ],
    primary_key: &[],
    foreign_keys: &[],
    city_rows: true,
};

/// The closed values of some columns, for the schema's `enum` constraint.
fn enum_of(table: &str, column: &str) -> Option<&'static [&'static str]> {
    Some(match (table, column) {
        ("stations", "kind") => &["station", "point", "home", "studio", "specialist"],
        ("stations", "coord_system") => &["gcj02"],
        ("cases", "status") => &["received", "forwarded", "in_progress", "resolved", "unresolved"],
        ("case_steps", "step") => {
            &["received", "answered", "registered", "sorted", "forwarded", "resolved", "feedback", "rated"]
        }
        ("stats", "level") => &["station", "county", "city"],
        ("stats", "by") => &["deputies", "leaders"],
        ("stats", "period_kind") => &["year", "half", "quarter", "month", "since"],
        ("proposals", "kind") => &["suggestion", "motion"],
        ("proposals", "status") => &["submitted", "assigned", "answered", "resolved"],
        ("voter_reports", "form") => &["oral", "written"],
        ("projects", "status") => &["collecting", "planned", "in_progress", "completed"],
        ("posts", "kind") => &["news", "notice", "report"],
        _ => return None,
    })
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::National => "national",
        Level::Provincial => "provincial",
        Level::City => "city",
        Level::County => "county",
        Level::Township => "township",
    }
}

/// The period as written in `stats.yaml` (`2024-H1`; `since 2023`).
pub fn period_code(period: Period) -> String {
    match period {
        Period::Year(y) => y.to_string(),
        Period::Half(y, h) => format!("{y}-H{h}"),
        Period::Quarter(y, q) => format!("{y}-Q{q}"),
        Period::Month(y, m) => format!("{y}-{m:02}"),
        Period::Since(y) => format!("since {y}"),
    }
}

fn period_kind_word(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "year",
        PeriodKind::Half => "half",
        PeriodKind::Quarter => "quarter",
        PeriodKind::Month => "month",
        PeriodKind::Since => "since",
    }
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn num<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A ledger row as the `stats` table has it, at a level (`station` and its id, `county`,
/// `city`).
fn stat_row(level: &str, station: &str, row: &StatRow) -> Vec<String> {
    vec![
        level.to_string(),
        station.to_string(),
        match row.group {
            StatGroup::Deputies => "deputies",
            StatGroup::Leaders => "leaders",
        }
        .to_string(),
        period_code(row.period),
        period_kind_word(row.period.kind()).to_string(),
        num(row.deputy_visits),
        num(row.leader_visits),
        num(row.citizens_received),
        num(row.home_visits),
        num(row.issues_collected),
        num(row.forwarded),
        num(row.issues_resolved),
    ]
}

/// The `projects` and `project_steps` rows of some projects, whose pages are at `page`.
fn project_rows(projects: &[Project], page: &str, rows: &mut Vec<Vec<String>>, steps: &mut Vec<Vec<String>>) {
    for p in projects {
        rows.push(vec![
            p.id.clone(),
            p.title.clone(),
            num(p.year),
            project_status_key(p.status).to_string(),
            opt(&p.unit),
            p.deputies.join(";"),
            format!("{page}#{}", p.id),
        ]);
        for (i, step) in p.steps.iter().enumerate() {
            steps.push(vec![p.id.clone(), (i + 1).to_string(), step.date.to_string(), step.note.clone()]);
        }
    }
}

/// A post's row: the station whose own post it is (empty for a county's or the city's), its
/// page at `url`.
fn post_row(station: &str, post: &crate::model::Post, url: String) -> Vec<String> {
    vec![
        station.to_string(),
        post.id.clone(),
        post.kind.word().to_string(),
        post.date.to_string(),
        post.title.clone(),
        post.stations.join(";"),
        post.deputies.join(";"),
        opt(&post.source),
        post.session.as_ref().map(|(s, _)| s.clone()).unwrap_or_default(),
        num(post.session.as_ref().map(|(_, d)| *d)),
        url,
    ]
}

/// A county's tables from its content (all but `sessions`, which come from the schedule).
fn county_tables(renderer: &Renderer, county: &County) -> Vec<Table> {
    let base = format!("{}{}/", renderer.base_url, county.id);
    let (mut stations, mut deputies, mut cases, mut case_steps) = (vec![], vec![], vec![], vec![]);
    let (mut stats, mut consultations, mut rules, mut rosters) = (vec![], vec![], vec![], vec![]);
    let mut staff = vec![];
    for rule in &county.rules {
        rules.push(vec![
            String::new(),
            rule.id.clone(),
            rule.title.clone(),
            opt(&rule.category),
            num(rule.effective),
            num(rule.order),
        ]);
    }
    for s in &county.stations {
        stations.push(vec![
            s.id.clone(),
            s.name.clone(),
            s.kind.word().to_string(),
            opt(&s.field),
            opt(&s.parent),
            s.legislative.to_string(),
            opt(&s.township),
            opt(&s.address),
            s.serves.join(";"),
            opt(&s.phone),
            phones_cell(&s.phones),
            phones_cell(&s.channels.hotline),
            s.channels.wechat_groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(";"),
            s.channels.official_account.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
            opt(&s.channels.email),
            opt(&s.channels.mailbox),
            s.channels.online.as_ref().map(|o| o.url.clone()).unwrap_or_default(),
            phones_cell(&s.channels.service_hotline),
            s.staff
                .iter()
                .map(|m| {
                    let role = super::channels::role_key(m.role).trim_start_matches("role_");
                    let phones: Vec<&str> = m.phones.iter().map(|p| p.number.as_str()).collect();
                    if phones.is_empty() {
                        format!("{role}:{}", m.name)
                    } else {
                        format!("{role}:{}:{}", m.name, phones.join(" "))
                    }
                })
                .collect::<Vec<_>>()
                .join(";"),
            num(s.location.map(|l| l.0)),
            num(s.location.map(|l| l.1)),
            s.location.map(|_| "gcj02".to_string()).unwrap_or_default(),
            num(s.stars),
            num(s.established),
            format!("{base}stations/{}/", s.id),
        ]);
        for d in &s.deputies {
            deputies.push(vec![
                d.id.clone(),
                d.name.clone(),
                d.levels.iter().map(|l| level_word(*l)).collect::<Vec<_>>().join(";"),
                opt(&d.position),
                opt(&d.constituency),
                opt(&d.gender),
                s.id.clone(),
                opt(&d.phone),
                d.responsible_for.join(";"),
                format!("{base}deputies/{}/", d.id),
            ]);
        }
        for case in &s.cases {
            cases.push(vec![
                case.id.clone(),
                s.id.clone(),
                case.title.clone(),
                opt(&case.category),
                super::format::status_key(case.status).to_string(),
                case.received.to_string(),
                num(case.resolved),
                num(case.households),
                opt(&case.source),
                case.deputies.join(";"),
                format!("{base}stations/{}/cases/{}/", s.id, case.id),
            ]);
            for (i, step) in case.steps.iter().enumerate() {
                case_steps.push(vec![
                    s.id.clone(),
                    case.id.clone(),
                    (i + 1).to_string(),
                    step.date.to_string(),
                    super::format::step_key(step.kind).to_string(),
                    opt(&step.to),
                    num(step.rating),
                    opt(&step.note),
                ]);
            }
        }
        for m in &s.staff {
            let role = super::channels::role_key(m.role).trim_start_matches("role_");
            staff.push(vec![s.id.clone(), m.name.clone(), role.to_string(), phones_cell(&m.phones)]);
        }
        for item in &s.consultations {
            consultations.push(vec![
                s.id.clone(),
                item.draft.clone(),
                num(item.deadline),
                opt(&item.how),
                num(item.sent),
                num(item.adopted),
            ]);
        }
        stats.extend(s.stats.iter().map(|row| stat_row("station", &s.id, row)));
        for rule in &s.rules {
            rules.push(vec![
                s.id.clone(),
                rule.id.clone(),
                rule.title.clone(),
                opt(&rule.category),
                num(rule.effective),
                num(rule.order),
            ]);
        }
        if let Some(roster) = &s.roster {
            for (i, team) in roster.teams.iter().enumerate() {
                rosters.push(vec![
                    s.id.clone(),
                    (i + 1).to_string(),
                    team.join(";"),
                    crate::schedule::words::recurrence(&roster.every, renderer.lang),
                    crate::schedule::words::time_range(&roster.time, renderer.lang),
                    roster.starts.to_string(),
                ]);
            }
        }
    }
    stats.extend(county.stats.iter().map(|row| stat_row("county", "", row)));
    let proposals = county
        .proposals
        .iter()
        .map(|p| {
            let reply = p.reply.as_ref();
            vec![
                p.id.clone(),
                proposal_kind_key(p.kind).to_string(),
                opt(&p.number),
                p.date.to_string(),
                p.title.clone(),
                opt(&p.session),
                p.deputies.join(";"),
                proposal_status_key(p.status).to_string(),
                num(reply.and_then(|r| r.date)),
                reply.and_then(|r| r.unit.clone()).unwrap_or_default(),
                reply.and_then(|r| r.text.clone()).unwrap_or_default(),
                format!("{base}proposals/#{}", p.id),
            ]
        })
        .collect();
    let voter_reports = county
        .voter_reports
        .iter()
        .map(|v| {
            vec![
                v.id.clone(),
                v.date.to_string(),
                opt(&v.title),
                opt(&v.station),
                opt(&v.place),
                v.deputies.join(";"),
                report_form_key(v.form).to_string(),
                num(v.attendance),
                opt(&v.review),
                format!("{base}proposals/#{}", v.id),
            ]
        })
        .collect();
    let (mut projects, mut project_steps) = (vec![], vec![]);
    project_rows(&county.projects, &format!("{base}projects/"), &mut projects, &mut project_steps);
    // Issue 17 (posts): the county's own, then each station's.
    let mut posts: Vec<Vec<String>> =
        county.posts.iter().map(|p| post_row("", p, format!("{base}posts/{}/", p.id))).collect();
    for s in &county.stations {
        posts.extend(s.posts.iter().map(|p| post_row(&s.id, p, format!("{base}stations/{}/posts/{}/", s.id, p.id))));
    }
    let rows = [
        stations,
        deputies,
        cases,
        case_steps,
        stats,
        consultations,
        staff,
        rules,
        rosters,
        proposals,
        voter_reports,
        projects,
        project_steps,
        posts,
    ];
    COUNTY_SPECS.into_iter().zip(rows).map(|(spec, rows)| Table { spec, rows }).collect()
}

/// A county's tables, in this order (each county's rows of the city's set follow it).
const COUNTY_SPECS: [&Spec; 14] = [
    &STATIONS,
    &DEPUTIES,
    &CASES,
    &CASE_STEPS,
    &STATS,
    &CONSULTATIONS,
    &STAFF,
    &RULES,
    &ROSTERS,
    &PROPOSALS,
    &VOTER_REPORTS,
    &PROJECTS,
    &PROJECT_STEPS,
    &POSTS,
];

/// A county's rows of the city's set, table by table (kept in its portal part, issue 20).
pub fn county_rows(renderer: &Renderer, county: &County) -> Vec<Vec<Vec<String>>> {
    county_tables(renderer, county).into_iter().map(|table| table.rows).collect()
}

/// The county's sessions over the horizon, as its pages and feeds have them.
fn sessions_table(renderer: &Renderer, index: &CountyIndex) -> Table {
    let mut rows = Vec::new();
    for (i, station) in index.county.stations.iter().enumerate() {
        for session in &index.sessions[i] {
            let end = crate::schedule::sessions::end_of(&session.time, index.minutes(station));
            rows.push(vec![
                station.id.clone(),
                session.date.to_string(),
                session.time.start.format("%H:%M:%S").to_string(),
                end.format("%H:%M:%S").to_string(),
                num(session.moved_from),
                super::reception::place_of(session).unwrap_or_default(),
                session.attendees(station).join(";"),
                super::reception::describe(renderer, index, station, session),
            ]);
        }
    }
    Table { spec: &SESSIONS, rows }
}

/// Whether a spreadsheet would take a cell for a formula (CSV injection, as OWASP lists the
/// first characters: `=`, `+`, `-`, `@`, tab, carriage return). A plain number (`-12.5`)
/// is read as that number and stays as it is.
fn is_formula_like(value: &str) -> bool {
    value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(value)
}

/// `12`, `-12.5`, `+3`: an optional sign, digits, and at most one decimal point among them.
fn is_plain_number(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 4180: quoted when it holds a comma, a quote or a line break. A cell a spreadsheet
/// would run as a formula is neutralised as OWASP advises: a single quote before it, and
/// quoted (`"'=HYPERLINK(…)"`, `"'+86 358 1234567"`); the JSON keeps the value as written.
fn csv_field(out: &mut String, value: &str) {
    if is_formula_like(value) {
        out.push_str("\"'");
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A table as published: the county's as it is, or the city's with `county` first.
struct Published {
    name: &'static str,
    columns: Vec<Col>,
    rows: Vec<Vec<String>>,
    primary_key: Vec<&'static str>,
    foreign_keys: Vec<(Vec<&'static str>, &'static str, Vec<&'static str>)>,
}

impl Published {
    fn county(table: Table) -> Published {
        let spec = table.spec;
        Published {
            name: spec.name,
            columns: spec.columns.to_vec(),
            rows: table.rows,
            primary_key: spec.primary_key.to_vec(),
            foreign_keys: spec.foreign_keys.iter().map(|(f, t, r)| (f.to_vec(), *t, r.to_vec())).collect(),
        }
    }

    /// The city's table of a kind: every county's rows with the county's id first (and the
    /// city's own rows, with none); keys gain the county, and none holds where city rows are.
    fn city(spec: &'static Spec, rows: Vec<Vec<String>>) -> Published {
        let county = if spec.city_rows { c("county", "col_county", Str) } else { r("county", "col_county", Str) };
        let keyed = |fields: &[&'static str]| std::iter::once("county").chain(fields.iter().copied()).collect();
        Published {
            name: spec.name,
            columns: std::iter::once(county).chain(spec.columns.iter().copied()).collect(),
            rows,
            primary_key: if spec.city_rows || spec.primary_key.is_empty() { vec![] } else { keyed(spec.primary_key) },
            foreign_keys: if spec.city_rows {
                vec![]
            } else {
                spec.foreign_keys.iter().map(|(f, t, r)| (keyed(f), *t, keyed(r))).collect()
            },
        }
    }
}

fn csv(table: &Published) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let lines = std::iter::once(table.columns.iter().map(|col| col.name.to_string()).collect::<Vec<_>>())
        .chain(table.rows.iter().cloned());
    for line in lines {
        for (i, value) in line.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(&mut out, value);
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// JSON rows in column order: numbers as numbers, lists as arrays, true and false; every
/// empty value is `null` (an empty text and an empty list alike, as an empty CSV cell).
fn json(table: &Published) -> Vec<u8> {
    let mut out = String::from("[");
    for (r, row) in table.rows.iter().enumerate() {
        out.push_str(if r == 0 { "\n  {" } else { ",\n  {" });
        for (i, (col, value)) in table.columns.iter().zip(row).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let json_value = if value.is_empty() {
                "null".to_string()
            } else {
                match col.ty {
                    Ty::Bool => (value == "true").to_string(),
                    Ty::Int | Ty::Num => value.clone(),
                    Ty::List => serde_json::to_string(&value.split(';').collect::<Vec<_>>()).unwrap_or_default(),
                    Ty::Str | Ty::Date | Ty::Time => serde_json::to_string(value).unwrap_or_default(),
                }
            };
            out.push_str(&format!("\"{}\": {json_value}", col.name));
        }
        out.push('}');
    }
    out.push_str("\n]\n");
    out.into_bytes()
}

/// `datapackage.json`: a Frictionless Data Package whose resources are the CSV files, each
/// with its Table Schema (types, required fields, closed values, keys), so standard
/// open-data tools read the tables without guessing.
fn datapackage(renderer: &Renderer, name: &str, title: &str, tables: &[Published]) -> Vec<u8> {
    let s = |key: &str| renderer.strings.get(key).to_string();
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            let fields: Vec<Value> = t
                .columns
                .iter()
                .map(|col| {
                    let (ty, format) = match col.ty {
                        Ty::Str | Ty::List => ("string", None),
                        Ty::Int => ("integer", None),
                        Ty::Num => ("number", None),
                        Ty::Bool => ("boolean", None),
                        Ty::Date => ("date", Some("%Y-%m-%d")),
                        Ty::Time => ("time", Some("%H:%M:%S")),
                    };
                    let mut field = json!({ "name": col.name, "type": ty, "description": s(col.key) });
                    if let Some(format) = format {
                        field["format"] = json!(format);
                    }
                    let mut constraints = serde_json::Map::new();
                    if col.required {
                        constraints.insert("required".into(), json!(true));
                    }
                    if let Some(values) = enum_of(t.name, col.name) {
                        constraints.insert("enum".into(), json!(values));
                    }
                    if col.ty == Ty::Int && col.name != "order" {
                        constraints.insert("minimum".into(), json!(0));
                    }
                    if !constraints.is_empty() {
                        field["constraints"] = Value::Object(constraints);
                    }
                    field
                })
                .collect();
            let mut schema = json!({ "fields": fields, "missingValues": [""] });
            if !t.primary_key.is_empty() {
                schema["primaryKey"] = json!(t.primary_key);
            }
            if !t.foreign_keys.is_empty() {
                schema["foreignKeys"] = json!(t
                    .foreign_keys
                    .iter()
                    .map(|(fields, resource, reference)| json!({
                        "fields": fields,
                        "reference": { "resource": resource, "fields": reference },
                    }))
                    .collect::<Vec<_>>());
            }
            json!({
                "name": t.name,
                "path": format!("{}.csv", t.name),
                "title": s(&format!("data_{}", t.name)),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "header": true },
                "schema": schema,
            })
        })
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": s("data_intro"),
        "resources": resources,
    });
    let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

#[derive(Serialize)]
struct ColumnView {
    name: &'static str,
    description: String,
}

#[derive(Serialize)]
struct FileView {
    name: &'static str,
    title: String,
    rows: usize,
    columns: Vec<ColumnView>,
}

/// The files of a set of tables in `dir` (`<county>/data/` or `data/`): each table as CSV
/// and JSON, `datapackage.json`, and the page that explains them.
fn publish(
    renderer: &Renderer,
    tables: &[Published],
    dir: &str,
    package: (&str, &str),
    mut context: tera::Context,
) -> Result<Vec<OutputFile>> {
    let mut out = Vec::with_capacity(tables.len() * 2 + 2);
    for table in tables {
        out.push(OutputFile { path: format!("{dir}data/{}.csv", table.name), content: Content::Bytes(csv(table)) });
        out.push(OutputFile { path: format!("{dir}data/{}.json", table.name), content: Content::Bytes(json(table)) });
    }
    out.push(OutputFile {
        path: format!("{dir}data/datapackage.json"),
        content: Content::Bytes(datapackage(renderer, package.0, package.1, tables)),
    });
    let files: Vec<FileView> = tables
        .iter()
        .map(|t| FileView {
            name: t.name,
            title: renderer.strings.get(&format!("data_{}", t.name)).to_string(),
            rows: t.rows.len(),
            columns: t
                .columns
                .iter()
                .map(|col| ColumnView { name: col.name, description: renderer.strings.get(col.key).to_string() })
                .collect(),
        })
        .collect();
    context.insert("files", &files);
    context.insert("period_example", &period_words(Period::Half(2024, 1), renderer.lang));
    context.insert("is_zh", &(renderer.lang == Lang::ZhCn));
    out.push(page_file(format!("{dir}data/index.html"), renderer.page("data.html", &context)?));
    Ok(out)
}

/// A county's open data (`<county>/data/`).
pub fn open_data(renderer: &Renderer, index: &CountyIndex, dir: &str) -> Result<Vec<OutputFile>> {
    let mut tables: Vec<Published> = county_tables(renderer, index.county).into_iter().map(Published::county).collect();
    tables.push(Published::county(sessions_table(renderer, index)));
    let mut context = base_context("../", county_crumbs(index.county, "../"));
    context.insert("county_name", &index.county.name);
    context.insert("city", &false);
    publish(renderer, &tables, dir, (&index.county.id, &index.county.name), context)
}

/// The city-wide set (`data/`): every county's tables one after another, each row with its
/// county's id, and the city's own ledger and projects. Sessions are each county's own
/// (`<county>/data/sessions.csv`): the portal does not expand every county's schedule.
pub fn city_open_data(
    renderer: &Renderer,
    site: &Site,
    per_county: &[(&str, &[Vec<Vec<String>>])],
) -> Result<Vec<OutputFile>> {
    let specs = COUNTY_SPECS;
    let mut tables = Vec::new();
    for (i, spec) in specs.into_iter().enumerate() {
        let mut rows: Vec<Vec<String>> = Vec::new();
        if spec.name == "stats" {
            rows.extend(
                site.stats.iter().map(|row| std::iter::once(String::new()).chain(stat_row("city", "", row)).collect()),
            );
        }
        if spec.name == "projects" || spec.name == "project_steps" {
            let (mut projects, mut steps) = (vec![], vec![]);
            project_rows(&site.projects, &format!("{}projects/", renderer.base_url), &mut projects, &mut steps);
            let own = if spec.name == "projects" { projects } else { steps };
            rows.extend(own.into_iter().map(|row| std::iter::once(String::new()).chain(row).collect()));
        }
        if spec.name == "posts" {
            rows.extend(site.posts.iter().map(|p| {
                let row = post_row("", p, format!("{}posts/{}/", renderer.base_url, p.id));
                std::iter::once(String::new()).chain(row).collect::<Vec<_>>()
            }));
        }
        for (county, county_tables) in per_county {
            rows.extend(
                county_tables[i]
                    .iter()
                    .map(|row| std::iter::once(county.to_string()).chain(row.iter().cloned()).collect()),
            );
        }
        tables.push(Published::city(spec, rows));
    }
    let mut context = tera::Context::new();
    context.insert("assets", "../assets/");
    context.insert("portal_root", "../");
    context.insert("crumbs", &Vec::<super::views::Link>::new());
    context.insert("county_name", &site.portal.title);
    context.insert("city", &true);
    publish(renderer, &tables, "", ("city", &site.portal.title), context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        let mut out = String::new();
        for value in ["plain", "a,b", "say \"hi\"", "two\nlines", "袁家庄"] {
            csv_field(&mut out, value);
            out.push('|');
        }
        assert_eq!(out, "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\nlines\"|袁家庄|");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_numbers_are_not() {
        let cells = |values: &[&str]| {
            let mut out = String::new();
            for value in values {
                csv_field(&mut out, value);
                out.push('|');
            }
            out
        };
        assert_eq!(
            cells(&["=1+1", "+86 358 1234567", "-", "@SUM(A1)", "\tx", "\ry", "=\"a\",b"]),
            "\"'=1+1\"|\"'+86 358 1234567\"|\"'-\"|\"'@SUM(A1)\"|\"'\tx\"|\"'\ry\"|\"'=\"\"a\"\",b\"|"
        );
        assert_eq!(cells(&["-12.5", "+3", "37.5", "0358-1234567", "a=b"]), "-12.5|+3|37.5|0358-1234567|a=b|");
        assert_eq!(cells(&["-.5", "-1.", "--1", "-1-2"]), "\"'-.5\"|\"'-1.\"|\"'--1\"|\"'-1-2\"|");
    }
}
