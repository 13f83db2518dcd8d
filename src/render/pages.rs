//! The pages of the site, one builder each: what each template is given.

use super::format::{self, date, date_with_weekday};
use super::markdown::to_html;
use super::{Content, OutputFile, Renderer};
use crate::model::{
    County, Deputy, ExceptionKind, Host, Level, OnHoliday, Roster, Rule, ScheduleEntry, Site,
    Station, StationKind, When, Who,
};
use crate::schedule::words;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

#[derive(Serialize, Clone)]
struct Link {
    href: String,
    text: String,
}

#[derive(Serialize)]
struct CountyCard<'a> {
    name: &'a str,
    href: String,
    stations: usize,
    deputies: usize,
    cases: usize,
}

fn county_card(county: &County, href: String) -> CountyCard<'_> {
    CountyCard {
        name: &county.name,
        href,
        stations: county.stations.len(),
        deputies: county.stations.iter().map(|s| s.deputies.len()).sum(),
        cases: county.stations.iter().map(|s| s.cases.len()).sum(),
    }
}

/// `site/index.html` and its stylesheet.
pub fn render_portal(renderer: &Renderer, site: &Site) -> Result<Vec<OutputFile>> {
    let mut context = Context::new();
    let counties: Vec<CountyCard> = site
        .counties
        .iter()
        .map(|c| county_card(c, format!("{}/", c.id)))
        .collect();
    context.insert("counties", &counties);
    context.insert("assets", "assets/");
    context.insert("portal_root", "./");
    context.insert("crumbs", &Vec::<Link>::new());
    let html = renderer.page("portal.html", &context)?;
    Ok(vec![
        OutputFile {
            path: "index.html".into(),
            content: Content::Bytes(html),
        },
        renderer.stylesheet(""),
    ])
}

/// What pages of one county share: where each deputy is, and rendered county rules.
struct CountyIndex<'a> {
    county: &'a County,
    /// Deputy id → (station, deputy).
    deputies: HashMap<&'a str, (&'a Station, &'a Deputy)>,
    /// County rules' HTML, rendered once however many stations show them.
    county_rules_html: HashMap<&'a str, String>,
    /// Deputy id → the cases that name them.
    cases_of: HashMap<&'a str, Vec<(&'a Station, &'a crate::model::Case)>>,
}

impl<'a> CountyIndex<'a> {
    fn new(county: &'a County) -> CountyIndex<'a> {
        let mut deputies = HashMap::new();
        let mut cases_of: HashMap<&str, Vec<_>> = HashMap::new();
        for station in &county.stations {
            for deputy in &station.deputies {
                deputies.insert(deputy.id.as_str(), (station, deputy));
            }
            for case in &station.cases {
                for id in &case.deputies {
                    cases_of
                        .entry(id.as_str())
                        .or_default()
                        .push((station, case));
                }
            }
        }
        let county_rules_html = county
            .rules
            .par_iter()
            .map(|r| (r.id.as_str(), to_html(&r.body)))
            .collect();
        CountyIndex {
            county,
            deputies,
            county_rules_html,
            cases_of,
        }
    }

    fn deputy_link(&self, id: &str, root: &str) -> Link {
        let text = self
            .deputies
            .get(id)
            .map_or(id, |(_, d)| d.name.as_str())
            .to_string();
        Link {
            href: format!("{root}deputies/{id}/"),
            text,
        }
    }
}

/// Everything under `site/<county>/`.
pub fn render_county(renderer: &Renderer, county: &County) -> Result<Vec<OutputFile>> {
    let index = CountyIndex::new(county);
    let dir = format!("{}/", county.id);
    let mut out = vec![
        renderer.stylesheet(&dir),
        county_home(renderer, &index, &dir)?,
    ];
    let station_pages: Vec<Vec<OutputFile>> = county
        .stations
        .par_iter()
        .map(|station| station_pages(renderer, &index, station, &dir))
        .collect::<Result<_>>()?;
    out.extend(station_pages.into_iter().flatten());
    Ok(out)
}

/// The fields every page of a county shares.
fn base_context(root: &str, crumbs: Vec<Link>) -> Context {
    let mut context = Context::new();
    context.insert("assets", &format!("{root}assets/"));
    context.insert("portal_root", &format!("{root}../"));
    context.insert("crumbs", &crumbs);
    context
}

fn county_crumbs(county: &County, root: &str) -> Vec<Link> {
    vec![Link {
        href: root.to_string(),
        text: county.name.clone(),
    }]
}

fn station_crumbs(county: &County, station: &Station, root: &str) -> Vec<Link> {
    let mut crumbs = county_crumbs(county, root);
    crumbs.push(Link {
        href: format!("{root}stations/{}/", station.id),
        text: station.name.clone(),
    });
    crumbs
}

fn page_file(path: String, html: Vec<u8>) -> OutputFile {
    OutputFile {
        path,
        content: Content::Bytes(html),
    }
}

#[derive(Serialize)]
struct StationCard<'a> {
    name: &'a str,
    href: String,
    kind: &'a str,
    serves: String,
    deputies: usize,
}

#[derive(Serialize)]
struct TownshipGroup<'a> {
    name: &'a str,
    stations: Vec<StationCard<'a>>,
}

fn kind_label(renderer: &Renderer, kind: StationKind) -> &str {
    renderer.strings.get(match kind {
        StationKind::Station => "station",
        StationKind::Point => "point",
    })
}

fn county_home(renderer: &Renderer, index: &CountyIndex, dir: &str) -> Result<OutputFile> {
    let county = index.county;
    let lang = renderer.lang;
    let mut townships: Vec<TownshipGroup> = Vec::new();
    for station in &county.stations {
        let name = station
            .township
            .as_deref()
            .unwrap_or_else(|| renderer.strings.get("other_category"));
        let card = StationCard {
            name: &station.name,
            href: format!("stations/{}/", station.id),
            kind: kind_label(renderer, station.kind),
            serves: station.serves.join(lang.pick("、", ", ")),
            deputies: station.deputies.len(),
        };
        match townships.iter_mut().find(|g| g.name == name) {
            Some(group) => group.stations.push(card),
            None => townships.push(TownshipGroup {
                name,
                stations: vec![card],
            }),
        }
    }
    #[derive(Serialize)]
    struct CountyView<'a> {
        name: &'a str,
        city: Option<&'a str>,
        intro: Option<String>,
        phone: Option<&'a str>,
        address: Option<&'a str>,
        stations: usize,
        deputies: usize,
        cases: usize,
    }
    let card = county_card(county, String::new());
    let view = CountyView {
        name: &county.name,
        city: county.city.as_deref(),
        intro: county.intro.as_deref().map(to_html),
        phone: county.contact.phone.as_deref(),
        address: county.contact.address.as_deref(),
        stations: card.stations,
        deputies: card.deputies,
        cases: card.cases,
    };
    let mut context = base_context("./", Vec::new());
    context.insert("county", &view);
    context.insert("townships", &townships);
    Ok(page_file(
        format!("{dir}index.html"),
        renderer.page("county.html", &context)?,
    ))
}

#[derive(Serialize)]
struct SessionView {
    when: String,
    time: String,
    one_off: bool,
    place: Option<String>,
    note: Option<String>,
    host: Option<Link>,
    who: Vec<Link>,
}

fn session_view(
    renderer: &Renderer,
    index: &CountyIndex,
    entry: &ScheduleEntry,
    root: &str,
) -> SessionView {
    let lang = renderer.lang;
    let (when, one_off) = match &entry.when {
        When::Every(rule) => (words::recurrence(rule, lang), false),
        When::On(day) => (date_with_weekday(*day, lang), true),
    };
    let who = match &entry.who {
        Who::All => Vec::new(),
        Who::Deputies(ids) => ids.iter().map(|id| index.deputy_link(id, root)).collect(),
    };
    let host = entry.host.as_ref().map(|host| match host {
        Host::Deputy(id) => index.deputy_link(id, root),
        Host::Text(text) => Link {
            href: String::new(),
            text: text.clone(),
        },
    });
    SessionView {
        when,
        time: words::time_range(&entry.time, lang),
        one_off,
        place: entry.place.clone(),
        note: entry.note.clone(),
        host,
        who,
    }
}

#[derive(Serialize)]
struct DeputyCard<'a> {
    name: &'a str,
    href: String,
    position: Option<&'a str>,
}

#[derive(Serialize)]
struct DeputyGroup<'a> {
    level: &'a str,
    deputies: Vec<DeputyCard<'a>>,
}

#[derive(Serialize)]
struct RuleLink<'a> {
    title: &'a str,
    href: String,
}

#[derive(Serialize)]
struct RuleGroup<'a> {
    name: &'a str,
    rules: Vec<RuleLink<'a>>,
}

#[derive(Serialize)]
struct CaseLink<'a> {
    title: &'a str,
    href: String,
    status: &'a str,
    status_key: &'static str,
    date: String,
}

#[derive(Serialize)]
struct ExceptionView {
    text: String,
    reason: Option<String>,
}

#[derive(Serialize)]
struct RosterView {
    when: String,
    time: String,
    starts: String,
    teams: Vec<Vec<Link>>,
}

fn roster_view(
    renderer: &Renderer,
    index: &CountyIndex,
    roster: &Roster,
    root: &str,
) -> RosterView {
    let lang = renderer.lang;
    RosterView {
        when: words::recurrence(&roster.every, lang),
        time: words::time_range(&roster.time, lang),
        starts: date(roster.starts, lang),
        teams: roster
            .teams
            .iter()
            .map(|team| team.iter().map(|id| index.deputy_link(id, root)).collect())
            .collect(),
    }
}

fn on_holiday_key(rule: OnHoliday) -> &'static str {
    match rule {
        OnHoliday::Keep => "on_holiday_keep",
        OnHoliday::Skip => "on_holiday_skip",
        OnHoliday::NextWorkday => "on_holiday_next_workday",
        OnHoliday::PreviousWorkday => "on_holiday_previous_workday",
    }
}

fn station_pages(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    dir: &str,
) -> Result<Vec<OutputFile>> {
    let county = index.county;
    let lang = renderer.lang;
    let station_dir = format!("{dir}stations/{}/", station.id);
    let root = "../../";
    let rules = county.rules_of(station);
    let mut cases: Vec<&crate::model::Case> = station.cases.iter().collect();
    cases.sort_by(|a, b| (b.received, &a.id).cmp(&(a.received, &b.id)));

    let mut deputy_groups: Vec<DeputyGroup> = Vec::new();
    for level in [
        Level::National,
        Level::Provincial,
        Level::City,
        Level::County,
        Level::Township,
    ] {
        let deputies: Vec<DeputyCard> = station
            .deputies
            .iter()
            .filter(|d| d.levels.first() == Some(&level))
            .map(|d| DeputyCard {
                name: &d.name,
                href: format!("{root}deputies/{}/", d.id),
                position: d.position.as_deref(),
            })
            .collect();
        if !deputies.is_empty() {
            deputy_groups.push(DeputyGroup {
                level: renderer.strings.get(format::level_key(level)),
                deputies,
            });
        }
    }
    let unlevelled: Vec<DeputyCard> = station
        .deputies
        .iter()
        .filter(|d| d.levels.is_empty())
        .map(|d| DeputyCard {
            name: &d.name,
            href: format!("{root}deputies/{}/", d.id),
            position: d.position.as_deref(),
        })
        .collect();
    if !unlevelled.is_empty() {
        deputy_groups.push(DeputyGroup {
            level: renderer.strings.get("deputy"),
            deputies: unlevelled,
        });
    }

    let mut rule_groups: Vec<RuleGroup> = Vec::new();
    for rule in &rules {
        let name = rule
            .category
            .as_deref()
            .unwrap_or_else(|| renderer.strings.get("other_category"));
        let link = RuleLink {
            title: &rule.title,
            href: format!("rules/{}/", rule.id),
        };
        match rule_groups.iter_mut().find(|g| g.name == name) {
            Some(group) => group.rules.push(link),
            None => rule_groups.push(RuleGroup {
                name,
                rules: vec![link],
            }),
        }
    }
    let case_links: Vec<CaseLink> = cases
        .iter()
        .map(|case| CaseLink {
            title: &case.title,
            href: format!("cases/{}/", case.id),
            status: renderer.strings.get(format::status_label_key(case.status)),
            status_key: format::status_key(case.status),
            date: date(case.resolved.unwrap_or(case.received), lang),
        })
        .collect();
    #[derive(Serialize)]
    struct StationView<'a> {
        name: &'a str,
        kind: &'a str,
        stars: Option<u8>,
        star_text: String,
        township: Option<&'a str>,
        address: Option<&'a str>,
        serves: String,
        phone: Option<&'a str>,
        established: Option<String>,
        intro: Option<String>,
    }
    let view = StationView {
        name: &station.name,
        kind: kind_label(renderer, station.kind),
        stars: station.stars,
        star_text: "★".repeat(station.stars.unwrap_or(0) as usize),
        township: station.township.as_deref(),
        address: station.address.as_deref(),
        serves: station.serves.join(lang.pick("、", ", ")),
        phone: station.phone.as_deref(),
        established: station.established.map(|d| date(d, lang)),
        intro: station.intro.as_deref().map(to_html),
    };
    let sessions: Vec<SessionView> = station
        .schedule
        .iter()
        .map(|entry| session_view(renderer, index, entry, root))
        .collect();
    let exceptions: Vec<ExceptionView> = station
        .exceptions
        .iter()
        .map(|e| {
            let text = match &e.kind {
                ExceptionKind::Cancel => {
                    format!(
                        "{} {}",
                        date_with_weekday(e.date, lang),
                        renderer.strings.get("cancelled")
                    )
                }
                ExceptionKind::Move(to) => format!(
                    "{} {} {}",
                    date_with_weekday(e.date, lang),
                    renderer.strings.get("moved_to"),
                    date_with_weekday(*to, lang)
                ),
            };
            ExceptionView {
                text,
                reason: e.reason.clone(),
            }
        })
        .collect();
    let mut context = base_context(root, station_crumbs(county, station, root));
    context.insert("county_name", &county.name);
    context.insert("station", &view);
    context.insert("sessions", &sessions);
    context.insert(
        "on_holiday",
        renderer.strings.get(on_holiday_key(station.on_holiday)),
    );
    context.insert("exceptions", &exceptions);
    context.insert(
        "roster",
        &station
            .roster
            .as_ref()
            .map(|r| roster_view(renderer, index, r, root)),
    );
    context.insert("deputy_groups", &deputy_groups);
    context.insert("rule_groups", &rule_groups);
    context.insert("cases", &case_links);
    context.insert(
        "wechat_group",
        &station
            .wechat_group
            .as_ref()
            .map(|m| format!("{root}{}", m.site_path)),
    );

    let mut out = vec![page_file(
        format!("{station_dir}index.html"),
        renderer.page("station.html", &context)?,
    )];
    if let Some(media) = &station.wechat_group {
        out.push(OutputFile {
            path: format!("{dir}{}", media.site_path),
            content: Content::CopyOf(media.source.clone()),
        });
    }
    for rule in rules {
        out.push(rule_page(renderer, index, station, rule, &station_dir)?);
    }
    for case in &station.cases {
        out.push(case_page(renderer, index, station, case, &station_dir)?);
    }
    for deputy in &station.deputies {
        out.extend(deputy_page(renderer, index, station, deputy, dir)?);
    }
    Ok(out)
}

fn rule_page(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    rule: &Rule,
    station_dir: &str,
) -> Result<OutputFile> {
    let root = "../../../../";
    let lang = renderer.lang;
    let body = match index.county_rules_html.get(rule.id.as_str()) {
        Some(html) if !station.rules.iter().any(|own| own.id == rule.id) => html.clone(),
        _ => to_html(&rule.body),
    };
    #[derive(Serialize)]
    struct RuleView<'a> {
        title: &'a str,
        category: Option<&'a str>,
        effective: Option<String>,
        body: String,
    }
    let view = RuleView {
        title: &rule.title,
        category: rule.category.as_deref(),
        effective: rule.effective.map(|d| date(d, lang)),
        body,
    };
    let mut context = base_context(root, station_crumbs(index.county, station, root));
    context.insert("rule", &view);
    context.insert("station_name", &station.name);
    context.insert("station_href", "../../");
    Ok(page_file(
        format!("{station_dir}rules/{}/index.html", rule.id),
        renderer.page("rule.html", &context)?,
    ))
}

fn case_page(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    case: &crate::model::Case,
    station_dir: &str,
) -> Result<OutputFile> {
    let root = "../../../../";
    let lang = renderer.lang;
    #[derive(Serialize)]
    struct StepView<'a> {
        key: &'static str,
        label: &'a str,
        date: String,
        iso: String,
        note: Option<&'a str>,
        to: Option<&'a str>,
        rating: Option<u8>,
    }
    #[derive(Serialize)]
    struct CaseView<'a> {
        title: &'a str,
        category: Option<&'a str>,
        status: &'a str,
        status_key: &'static str,
        received: String,
        resolved: Option<String>,
        households: Option<u64>,
        source: Option<&'a str>,
        deputies: Vec<Link>,
        steps: Vec<StepView<'a>>,
        body: String,
    }
    let status_key = format::status_key(case.status);
    let view = CaseView {
        title: &case.title,
        category: case.category.as_deref(),
        status: renderer.strings.get(format::status_label_key(case.status)),
        status_key,
        received: date(case.received, lang),
        resolved: case.resolved.map(|d| date(d, lang)),
        households: case.households,
        source: case.source.as_deref(),
        deputies: case
            .deputies
            .iter()
            .map(|id| index.deputy_link(id, root))
            .collect(),
        steps: case
            .steps
            .iter()
            .map(|step| StepView {
                key: format::step_key(step.kind),
                label: renderer.strings.get(format::step_label_key(step.kind)),
                date: date(step.date, lang),
                iso: step.date.to_string(),
                note: step.note.as_deref(),
                to: step.to.as_deref(),
                rating: step.rating,
            })
            .collect(),
        body: to_html(&case.body),
    };
    let mut context = base_context(root, station_crumbs(index.county, station, root));
    context.insert("case", &view);
    context.insert("station_name", &station.name);
    context.insert("station_href", "../../");
    Ok(page_file(
        format!("{station_dir}cases/{}/index.html", case.id),
        renderer.page("case.html", &context)?,
    ))
}

fn attends(entry: &ScheduleEntry, id: &str) -> bool {
    let hosts = matches!(&entry.host, Some(Host::Deputy(host)) if host == id);
    hosts
        || match &entry.who {
            Who::All => true,
            Who::Deputies(ids) => ids.iter().any(|d| d == id),
        }
}

fn deputy_page(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    deputy: &Deputy,
    dir: &str,
) -> Result<Vec<OutputFile>> {
    let root = "../../";
    let lang = renderer.lang;
    let sessions: Vec<SessionView> = station
        .schedule
        .iter()
        .filter(|entry| attends(entry, &deputy.id))
        .map(|entry| session_view(renderer, index, entry, root))
        .collect();
    let team = station.roster.as_ref().and_then(|roster| {
        let team = roster.teams.iter().find(|team| team.contains(&deputy.id))?;
        let names: Vec<String> = team
            .iter()
            .map(|id| index.deputy_link(id, root).text)
            .collect();
        Some(format!(
            "{} {}，{}",
            words::recurrence(&roster.every, lang),
            words::time_range(&roster.time, lang),
            names.join(lang.pick("、", ", "))
        ))
    });
    #[derive(Serialize)]
    struct DeputyView<'a> {
        name: &'a str,
        levels: String,
        position: Option<&'a str>,
        constituency: Option<&'a str>,
        gender: Option<&'a str>,
        phone: Option<&'a str>,
        photo: Option<String>,
        reception: Option<String>,
        team: Option<String>,
        bio: Option<String>,
    }
    let view = DeputyView {
        name: &deputy.name,
        levels: format::levels(&deputy.levels, &renderer.strings, lang),
        position: deputy.position.as_deref(),
        constituency: deputy.constituency.as_deref(),
        gender: deputy.gender.as_deref(),
        phone: deputy.phone.as_deref(),
        photo: deputy
            .photo
            .as_ref()
            .map(|m| format!("{root}{}", m.site_path)),
        reception: deputy.reception.as_ref().map(|r| {
            format!(
                "{} {}",
                words::recurrence(&r.every, lang),
                words::time_range(&r.time, lang)
            )
        }),
        team,
        bio: deputy.bio.as_deref().map(to_html),
    };
    let cases: Vec<CaseLink> = index
        .cases_of
        .get(deputy.id.as_str())
        .map(|cases| {
            cases
                .iter()
                .map(|(case_station, case)| CaseLink {
                    title: &case.title,
                    href: format!("{root}stations/{}/cases/{}/", case_station.id, case.id),
                    status: renderer.strings.get(format::status_label_key(case.status)),
                    status_key: format::status_key(case.status),
                    date: date(case.resolved.unwrap_or(case.received), lang),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut crumbs = station_crumbs(index.county, station, root);
    crumbs.push(Link {
        href: format!("{root}deputies/{}/", deputy.id),
        text: deputy.name.clone(),
    });
    let mut context = base_context(root, crumbs);
    context.insert("deputy", &view);
    context.insert("sessions", &sessions);
    context.insert("cases", &cases);
    context.insert("station_name", &station.name);
    context.insert("station_href", &format!("{root}stations/{}/", station.id));
    let mut out = vec![page_file(
        format!("{dir}deputies/{}/index.html", deputy.id),
        renderer.page("deputy.html", &context)?,
    )];
    if let Some(photo) = &deputy.photo {
        out.push(OutputFile {
            path: format!("{dir}{}", photo.site_path),
            content: Content::CopyOf(photo.source.clone()),
        });
    }
    Ok(out)
}
