//! A deputy's page and feed.

use super::format;
use super::index::CountyIndex;
use super::markdown::to_html_with;
use super::reception;
use super::views::{base_context, case_link, page_file, station_crumbs, CaseLink, Link};
use super::{Content, OutputFile, Renderer};
use crate::model::{Deputy, Station};
use crate::schedule::sessions::SessionKind;
use crate::schedule::words;
use crate::search::{page_bigrams, DocKind, SearchDoc};
use anyhow::Result;
use serde::Serialize;
use std::collections::HashMap;
use tera::Value;

const ROOT: &str = "../../";

/// How many sessions at other counties' stations a deputy's page lists (the feed has all).
const VISITS_SHOWN: usize = 10;

/// **Extension (issue 16).** A session at a station of another county.
#[derive(Serialize)]
struct VisitView {
    date: String,
    time: String,
    place: Link,
}

#[derive(Serialize)]
struct DeputyView<'a> {
    name: &'a str,
    levels: String,
    position: Option<&'a str>,
    constituency: Option<&'a str>,
    gender: Option<&'a str>,
    phone: Option<&'a str>,
    photo: Option<super::views::ImageView>,
    reception: Option<String>,
    team: Option<String>,
    bio: Option<String>,
    /// 责任田: the villages and grids the deputy answers for (issue 16).
    responsible_for: String,
}

/// What the pages of a station's deputies share, made for the first deputy that needs it:
/// most of a station's deputies attend the same sessions and the same rules, so their
/// schedule views are the same values (Tera's arrays and maps are reference-counted: a
/// value is shared, not copied, by every context it goes in).
#[derive(Default)]
pub struct StationShared<'i> {
    /// Feed events, shared with the station's own feed.
    pub feeds: reception::FeedEvents,
    /// By the sessions attended ([`CountyIndex::attended`]).
    sessions: HashMap<&'i [(usize, usize)], SessionValues>,
    /// The station's regular schedule as a deputy sees it, by the entries they attend.
    regular: HashMap<Vec<usize>, Value>,
}

struct SessionValues {
    /// The next reception's words, for the search index.
    next_label: Option<String>,
    next: Value,
    upcoming: Value,
}

pub fn deputy_page<'i>(
    renderer: &Renderer,
    index: &'i CountyIndex,
    station: &Station,
    deputy: &Deputy,
    dir: &str,
    shared: &mut StationShared<'i>,
) -> Result<(Vec<OutputFile>, SearchDoc)> {
    let lang = renderer.lang;
    let team = station.roster.as_ref().and_then(|roster| {
        let team = roster.teams.iter().find(|team| team.contains(&deputy.id))?;
        let names: Vec<String> = team.iter().map(|id| index.deputy_name(id)).collect();
        Some(format!(
            "{} {}{}{}",
            words::recurrence(&roster.every, lang),
            index.time_words(station, &roster.time, lang),
            lang.pick("，", ", "),
            names.join(lang.pick("、", ", "))
        ))
    });
    let view = DeputyView {
        name: &deputy.name,
        levels: format::levels(&deputy.levels, &renderer.strings, lang),
        position: deputy.position.as_deref(),
        constituency: deputy.constituency.as_deref(),
        gender: deputy.gender.as_deref(),
        phone: deputy.phone.as_deref(),
        photo: deputy.photo.as_ref().map(|m| super::views::ImageView::of(m, ROOT, 160)),
        reception: deputy
            .reception
            .as_ref()
            .map(|r| format!("{} {}", words::recurrence(&r.every, lang), index.time_words(station, &r.time, lang))),
        team,
        bio: deputy.bio.as_deref().map(|text| to_html_with(text, &deputy.bio_images, ROOT)),
        responsible_for: deputy.responsible_for.join(lang.pick("、", ", ")),
    };
    let attended_entries: Vec<usize> = station
        .schedule
        .iter()
        .enumerate()
        .filter(|(_, entry)| {
            !matches!(entry.when, crate::model::When::On(day) if day < renderer.today)
                && super::station::attends(entry, &deputy.id)
        })
        .map(|(at, _)| at)
        .collect();
    let cases: Vec<CaseLink> = index
        .cases_of
        .get(deputy.id.as_str())
        .map(|cases| {
            cases
                .iter()
                .map(|(case_station, case)| {
                    case_link(renderer, case, format!("{ROOT}stations/{}/cases/{}/", case_station.id, case.id))
                })
                .collect()
        })
        .unwrap_or_default();
    let attended = index.attended(&deputy.id);
    let sessions = index.deputy_sessions(&deputy.id);
    // Sessions at stations of other counties that name this deputy (issue 16).
    let visits = index.visits.get(deputy.id.as_str()).map_or(&[][..], Vec::as_slice);
    let visit_views: Vec<VisitView> = visits
        .iter()
        .take(VISITS_SHOWN)
        .map(|visit| VisitView {
            date: format!(
                "{}{}{}{}",
                format::date(visit.session.date, lang),
                lang.pick("（", " ("),
                words::weekday_name(chrono::Datelike::weekday(&visit.session.date), lang),
                lang.pick("）", ")")
            ),
            time: index.time_words(visit.station, &visit.session.time, lang),
            place: Link {
                href: format!("{ROOT}../{}/stations/{}/", visit.county.id, visit.station.id),
                text: format!("{} · {}", visit.county.name, visit.station.name),
            },
        })
        .collect();
    let deputy_dir = format!("{dir}deputies/{}/", deputy.id);
    let mut crumbs = station_crumbs(index.county, station, ROOT);
    crumbs.push(Link { href: format!("{ROOT}deputies/{}/", deputy.id), text: deputy.name.clone() });
    let mut context = base_context(ROOT, crumbs);
    context.insert("deputy", &view);
    // A link preview shows the deputy's photo (a JPEG or PNG) rather than the site's card.
    if let Some(photo) = deputy.photo.as_ref().filter(|m| !m.site_path.ends_with(".svg")) {
        context.insert("share_image", &format!("{}{dir}{}", renderer.base_url, photo.site_path));
    }
    // Where the next session is held (another station's, when it is there) and whom to call.
    let (next_station, place) = match sessions.first() {
        Some((at, session)) => (*at, reception::place_of(session)),
        None => (station, None),
    };
    context.insert("reach", &super::views::reach(renderer, index.county, next_station, Some(deputy), place));
    let views = shared.sessions.entry(attended).or_insert_with(|| {
        let next = reception::next_reception(renderer, index, &sessions, Some(station), ROOT);
        SessionValues {
            next: Value::from_serializable(&next),
            next_label: next.map(|n| n.label),
            upcoming: Value::from_serializable(&reception::upcoming(renderer, index, &sessions, Some(station), ROOT)),
        }
    });
    context.insert_value("next", views.next.clone());
    context.insert_value("upcoming", views.upcoming.clone());
    let next_label = views.next_label.clone();
    let regular = shared.regular.entry(attended_entries).or_insert_with_key(|entries| {
        let views: Vec<_> = entries
            .iter()
            .map(|at| super::station::session_view(renderer, index, station, &station.schedule[*at], ROOT))
            .collect();
        Value::from_serializable(&views)
    });
    context.insert_value("sessions", regular.clone());
    context.insert("cases", &cases);
    context.insert("visits", &visit_views);
    context.insert("record", &super::record::deputy_record(renderer, index, &deputy.id, ROOT));
    context.insert("station_name", &station.name);
    context.insert("station_href", &format!("{ROOT}stations/{}/", station.id));
    // A deputy who only attends their station's whole-station sessions subscribes to the
    // station's feed; a feed of their own only when they have sessions of their own (a
    // personal day, a roster team, a session that names them, one at another station).
    let own_feed = !visits.is_empty()
        || sessions.iter().any(|(at, session)| {
        !std::ptr::eq(*at, station)
            || !matches!(session.kind, SessionKind::Entry(entry) if entry.who == crate::model::Who::All && entry.host.is_none())
    });
    let feed_path = if own_feed {
        format!("{deputy_dir}calendar.ics")
    } else {
        format!("{dir}stations/{}/calendar.ics", station.id)
    };
    let calendar_href =
        if own_feed { "calendar.ics".to_string() } else { format!("{ROOT}stations/{}/calendar.ics", station.id) };
    context.insert("calendar_href", &calendar_href);
    context.insert("webcal", &renderer.webcal(&feed_path));
    let html = renderer.page("deputy.html", &context)?;
    let unit_key = format!("deputy:{}", deputy.id);
    // The 责任田 in the result line: a village query finds the deputy who answers for it.
    let responsible = if view.responsible_for.is_empty() {
        String::new()
    } else {
        format!("{}{}{}", renderer.strings.get("responsible_for"), renderer.strings.get("colon"), view.responsible_for)
    };
    let doc = SearchDoc {
        pinyin: deputy.pinyin.clone(),
        summary: [view.levels.as_str(), view.position.unwrap_or_default(), &responsible]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        next: next_label.unwrap_or_default(),
        phone: deputy
            .phone
            .clone()
            .or_else(|| station.phone.clone())
            .or_else(|| index.county.contact.phone.clone())
            .unwrap_or_default(),
        grams: Some(page_bigrams(&html)),
        ..SearchDoc::new(DocKind::Deputy, &deputy.name, &deputy.id, index.station_index(station), unit_key)
    };
    let mut out = vec![page_file(format!("{deputy_dir}index.html"), html)];
    if own_feed {
        let feed_name =
            format!("{}{}{}", deputy.name, lang.pick("代表", " "), renderer.strings.get("reception_schedule"));
        out.push(OutputFile {
            path: format!("{deputy_dir}calendar.ics"),
            content: Content::Bytes({
                let mut events = reception::feed_events(renderer, index, &sessions, &mut shared.feeds);
                events.extend(visits.iter().map(|visit| reception::visit_event(renderer, visit)));
                reception::feed_order(&mut events);
                reception::feed_of(renderer, &feed_name, &events)
            }),
        });
    }
    if let Some(photo) = &deputy.photo {
        out.extend(super::media_files(dir, photo));
    }
    Ok((out, doc))
}
