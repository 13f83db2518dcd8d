//! A station's page, its feed, and the pages of its rules and cases.

use super::docs;
use super::format::{self, date, date_with_weekday};
use super::index::CountyIndex;
use super::markdown::to_html_with;
use super::reception::{self, NextReception, UpcomingView};
use super::views::{base_context, case_link, kind_label, on_holiday_key, page_file, station_crumbs, CaseLink, Link};
use super::{Content, OutputFile, Renderer};
use crate::model::{ExceptionKind, Host, Level, Roster, ScheduleEntry, Station, When, Who};
use crate::schedule::words;
use crate::search::{page_bigrams, DocKind, SearchDoc};
use anyhow::Result;
use serde::Serialize;

#[derive(Serialize)]
pub struct SessionView {
    when: String,
    time: String,
    place: Option<String>,
    note: Option<String>,
    host: Option<Link>,
    who: Vec<Link>,
    /// The notice that announces a one-off (issue 17).
    notice: Option<Link>,
}

pub fn session_view(
    renderer: &Renderer,
    index: &CountyIndex,
    station: &Station,
    entry: &ScheduleEntry,
    root: &str,
) -> SessionView {
    let lang = renderer.lang;
    let when = match &entry.when {
        When::Every(rule) => words::recurrence(rule, lang),
        When::On(day) => date_with_weekday(*day, lang),
    };
    let who = match &entry.who {
        Who::All => Vec::new(),
        Who::Deputies(ids) => ids.iter().map(|id| index.deputy_link(id, root)).collect(),
    };
    let host = entry.host.as_ref().map(|host| match host {
        Host::Deputy(id) => index.deputy_link(id, root),
        Host::Text(text) => Link { href: String::new(), text: text.clone() },
    });
    let notice = match entry.when {
        When::On(day) => station
            .notices
            .iter()
            .find(|n| n.date == day && n.time.is_none_or(|t| t.start == entry.time.start))
            .map(|n| Link { href: format!("{root}{}", n.href), text: n.title.clone() }),
        When::Every(_) => None,
    };
    SessionView {
        notice,
        when,
        time: index.time_words(station, &entry.time, lang),
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

#[derive(Serialize)]
struct PersonalView {
    deputy: Link,
    when: String,
}

#[derive(Serialize)]
struct StationView<'a> {
    name: &'a str,
    kind: &'a str,
    field: Option<&'a str>,
    legislative: bool,
    stars: Option<u8>,
    star_text: String,
    township: Option<&'a str>,
    address: Option<&'a str>,
    serves: String,
    phone: Option<&'a str>,
    established: Option<String>,
    intro: Option<String>,
}

fn roster_view(renderer: &Renderer, index: &CountyIndex, station: &Station, roster: &Roster, root: &str) -> RosterView {
    let lang = renderer.lang;
    RosterView {
        when: words::recurrence(&roster.every, lang),
        time: index.time_words(station, &roster.time, lang),
        starts: date(roster.starts, lang),
        teams: roster.teams.iter().map(|team| team.iter().map(|id| index.deputy_link(id, root)).collect()).collect(),
    }
}

fn deputy_groups<'a>(renderer: &'a Renderer, station: &'a Station, root: &str) -> Vec<DeputyGroup<'a>> {
    let card = |d: &'a crate::model::Deputy| DeputyCard {
        name: &d.name,
        href: format!("{root}deputies/{}/", d.id),
        position: d.position.as_deref(),
    };
    let mut groups: Vec<DeputyGroup> = Vec::new();
    for level in [Level::National, Level::Provincial, Level::City, Level::County, Level::Township] {
        let deputies: Vec<DeputyCard> =
            station.deputies.iter().filter(|d| d.levels.first() == Some(&level)).map(card).collect();
        if !deputies.is_empty() {
            groups.push(DeputyGroup { level: renderer.strings.get(format::level_key(level)), deputies });
        }
    }
    let unlevelled: Vec<DeputyCard> = station.deputies.iter().filter(|d| d.levels.is_empty()).map(card).collect();
    if !unlevelled.is_empty() {
        groups.push(DeputyGroup { level: renderer.strings.get("deputy"), deputies: unlevelled });
    }
    groups
}

/// The station page, its feed and images, and its rule and case pages.
pub fn station_pages(
    renderer: &Renderer,
    index: &CountyIndex,
    station_index: usize,
    dir: &str,
    feeds: &mut reception::FeedEvents,
) -> Result<(Vec<OutputFile>, Vec<SearchDoc>)> {
    let county = index.county;
    let station = &county.stations[station_index];
    let lang = renderer.lang;
    let station_dir = format!("{dir}stations/{}/", station.id);
    let root = "../../";
    let rules = county.rules_of(station);
    let mut cases: Vec<&crate::model::Case> = station.cases.iter().collect();
    cases.sort_by(|a, b| (b.received, &a.id).cmp(&(a.received, &b.id)));

    let mut rule_groups: Vec<RuleGroup> = Vec::new();
    for rule in &rules {
        let name = rule.category.as_deref().unwrap_or_else(|| renderer.strings.get("other_category"));
        let link = RuleLink { title: &rule.title, href: format!("rules/{}/", rule.id) };
        match rule_groups.iter_mut().find(|g| g.name == name) {
            Some(group) => group.rules.push(link),
            None => rule_groups.push(RuleGroup { name, rules: vec![link] }),
        }
    }
    let case_links: Vec<CaseLink> =
        cases.iter().map(|case| case_link(renderer, case, format!("cases/{}/", case.id))).collect();
    let view = StationView {
        name: &station.name,
        kind: kind_label(renderer, station.kind),
        field: station.field.as_deref(),
        legislative: station.legislative,
        stars: station.stars,
        star_text: "★".repeat(station.stars.unwrap_or(0) as usize),
        township: station.township.as_deref(),
        address: station.address.as_deref(),
        serves: station.serves.join(lang.pick("、", ", ")),
        phone: station.phone.as_deref(),
        established: station.established.map(|d| date(d, lang)),
        intro: station.intro.as_deref().map(|text| to_html_with(text, &station.intro_images, root)),
    };
    let is_past = |entry: &&ScheduleEntry| matches!(entry.when, When::On(day) if day < renderer.today);
    let regular: Vec<SessionView> = station
        .schedule
        .iter()
        .filter(|e| !is_past(e))
        .map(|entry| session_view(renderer, index, station, entry, root))
        .collect();
    let past: Vec<SessionView> = station
        .schedule
        .iter()
        .filter(is_past)
        .map(|entry| session_view(renderer, index, station, entry, root))
        .collect();
    let personal: Vec<PersonalView> = station
        .deputies
        .iter()
        .filter_map(|d| {
            let r = d.reception.as_ref()?;
            Some(PersonalView {
                deputy: index.deputy_link(&d.id, root),
                when: format!("{} {}", words::recurrence(&r.every, lang), index.time_words(station, &r.time, lang)),
            })
        })
        .collect();
    let exceptions: Vec<ExceptionView> = station
        .exceptions
        .iter()
        .filter(|e| e.date >= renderer.today || matches!(e.kind, ExceptionKind::Move(to) if to >= renderer.today))
        .map(|e| {
            let text = match &e.kind {
                ExceptionKind::Cancel => {
                    format!("{} {}", date_with_weekday(e.date, lang), renderer.strings.get("cancelled"))
                }
                ExceptionKind::Move(to) => format!(
                    "{} {} {}",
                    date_with_weekday(e.date, lang),
                    renderer.strings.get("moved_to"),
                    date_with_weekday(*to, lang)
                ),
            };
            ExceptionView { text, reason: e.reason.clone() }
        })
        .collect();
    let sessions = index.station_sessions(station_index);
    let next: Option<NextReception> = reception::next_reception(renderer, index, &sessions, Some(station), root);
    let upcoming: Vec<UpcomingView> = reception::upcoming(renderer, index, &sessions, Some(station), root);

    let mut context = base_context(root, station_crumbs(county, station, root));
    context.insert("county_name", &county.name);
    context.insert("station", &view);
    context.insert(
        "reach",
        &super::views::reach(
            renderer,
            county,
            station,
            None,
            sessions.first().and_then(|(_, s)| reception::place_of(s)),
        ),
    );
    context.insert("next", &next);
    context.insert("upcoming", &upcoming);
    context.insert("sessions", &regular);
    context.insert("past_sessions", &past);
    context.insert("personal", &personal);
    context.insert("on_holiday", renderer.strings.get(on_holiday_key(station.on_holiday)));
    context.insert("exceptions", &exceptions);
    context.insert("roster", &station.roster.as_ref().map(|r| roster_view(renderer, index, station, r, root)));
    context.insert("deputy_groups", &deputy_groups(renderer, station, root));
    context.insert("rule_groups", &rule_groups);
    context.insert("cases", &case_links);
    context.insert("channels", &super::channels::views(renderer, county, Some(station), root));
    context.insert("staff", &super::channels::staff_views(renderer, station));
    // The station a point belongs to, and the points under this one (issue 16).
    let parent = station.parent.as_deref().and_then(|id| county.stations.iter().find(|s| s.id == id));
    context.insert("parent", &parent.map(|s| Link { href: format!("{root}stations/{}/", s.id), text: s.name.clone() }));
    let points: Vec<Link> = county
        .stations
        .iter()
        .filter(|s| s.parent.as_deref() == Some(station.id.as_str()))
        .map(|s| Link { href: format!("{root}stations/{}/", s.id), text: s.name.clone() })
        .collect();
    context.insert("points", &points);
    context.insert("consultations", &consultation_views(renderer, station));
    let labels = ["nav_amap", "nav_baidu", "nav_tencent"].map(|key| renderer.strings.get(key));
    context.insert("navigate", &super::map::navigate(station, labels));
    context.insert("calendar_href", "calendar.ics");
    context.insert("webcal", &renderer.webcal(&format!("{station_dir}calendar.ics")));

    context.insert("search_href", &format!("{root}search/"));
    context.insert("board_href", "board/");
    context.insert("posters_href", "posters/");
    context.insert("figures", &super::figures::view(renderer, &super::figures::station_ledger(station), &station.id));
    let posts = super::posts::listing(renderer, &super::posts::of_station(county, station));
    context.insert("posts", &super::posts::section(renderer, &posts, &station_dir, &station_dir, &station.name));
    let html = renderer.page("station.html", &context)?;
    let mut docs = vec![SearchDoc {
        pinyin: crate::names::text_syllables(&station.name).join(" "),
        summary: station.address.clone().unwrap_or_else(|| view.serves.clone()),
        next: next.as_ref().map(|n| n.label.clone()).unwrap_or_default(),
        phone: station.phone.clone().or_else(|| county.contact.phone.clone()).unwrap_or_default(),
        grams: Some(page_bigrams(&html)),
        ..SearchDoc::new(DocKind::Station, &station.name, &station.id, station_index, format!("station:{}", station.id))
    }];
    feeds.station = reception::feed_events(renderer, index, &sessions, feeds);
    let mut out = vec![
        page_file(format!("{station_dir}index.html"), html),
        OutputFile {
            path: format!("{station_dir}calendar.ics"),
            content: Content::Bytes(reception::feed_of(renderer, &station.name, &feeds.station)),
        },
    ];
    out.extend(super::board::board_pages(renderer, index, station_index, dir)?);
    out.extend(super::posters::posters(renderer, index, station, dir)?);
    // Each image once, however many channels show it.
    let mut images = std::collections::BTreeSet::new();
    for media in station.page_media() {
        if images.insert(&media.site_path) {
            out.extend(super::media_files(dir, media));
        }
    }
    for rule in rules {
        let (file, doc) = docs::rule_page(renderer, index, station, rule, &station_dir)?;
        out.push(file);
        docs.push(doc);
    }
    for case in &station.cases {
        let (file, doc) = docs::case_page(renderer, index, station, case, &station_dir)?;
        out.push(file);
        docs.push(doc);
    }
    Ok((out, docs))
}

/// Whether a deputy attends a schedule entry: all deputies, a `who` list, or its host.
pub fn attends(entry: &ScheduleEntry, id: &str) -> bool {
    let hosts = matches!(&entry.host, Some(Host::Deputy(host)) if host == id);
    hosts
        || match &entry.who {
            Who::All => true,
            Who::Deputies(ids) => ids.iter().any(|d| d == id),
        }
}

#[derive(Serialize)]
struct ConsultationView {
    draft: String,
    deadline: Option<String>,
    /// The deadline has passed (as of the build day).
    closed: bool,
    how: Option<String>,
    counts: Option<String>,
}

/// A legislative contact point's consultations, open ones first, each as the page says it.
fn consultation_views(renderer: &Renderer, station: &Station) -> Vec<ConsultationView> {
    let lang = renderer.lang;
    let mut views: Vec<ConsultationView> = station
        .consultations
        .iter()
        .map(|c| {
            let counts = match (c.sent, c.adopted) {
                (Some(sent), Some(adopted)) => Some(
                    renderer
                        .strings
                        .get("opinions_sent_adopted")
                        .replace("{sent}", &sent.to_string())
                        .replace("{adopted}", &adopted.to_string()),
                ),
                (Some(sent), None) => Some(renderer.strings.get("opinions_sent").replace("{sent}", &sent.to_string())),
                _ => None,
            };
            ConsultationView {
                draft: c.draft.clone(),
                deadline: c.deadline.map(|d| date(d, lang)),
                closed: c.deadline.is_some_and(|d| d < renderer.today),
                how: c.how.clone(),
                counts,
            }
        })
        .collect();
    views.sort_by_key(|v| v.closed);
    views
}
