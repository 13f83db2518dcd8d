//! The wall board (公示牌) of a station: one A4 page to print and hang at the station, with
//! a QR code of the station's page made in the build. It lays itself out for the station's
//! size (issue 18): a roster of a few deputies shows each one's post and 责任田, a larger one
//! only their names by level ([`Size`]); printed from `board/#a3`, the same page is an A3
//! board for the stations that want a larger wall (the print stylesheet's `#a3:target`: no
//! second page). `check` warns with [`crate::board_fit::fits_a4`].

use super::format::{self, date};
use super::index::CountyIndex;
use super::views::{base_context, kind_label, page_file, station_crumbs};
use super::{OutputFile, Renderer};
use crate::board_fit::Size;
use crate::model::{Level, When};
use crate::schedule::words;
use anyhow::Result;
use serde::Serialize;

const ROOT: &str = "../../../";

#[derive(Serialize)]
struct BoardDeputy<'a> {
    name: &'a str,
    responsible_for: String,
    levels: String,
    position: Option<&'a str>,
    photo: Option<super::views::ImageView>,
}

/// The station's board: A4, and A3 when printed from `board/#a3` (the same page, for a station
/// whose board is too full for A4 or that wants a larger one).
pub fn board_page(renderer: &Renderer, index: &CountyIndex, station_index: usize, dir: &str) -> Result<OutputFile> {
    let root = ROOT;
    let county = index.county;
    let station = &county.stations[station_index];
    let lang = renderer.lang;
    let url = format!("{}{}/stations/{}/", renderer.base_url, county.id, station.id);
    let mut deputies: Vec<&crate::model::Deputy> = station.deputies.iter().collect();
    deputies.sort_by_key(|d| d.levels.first().copied().unwrap_or(Level::Township));
    // A large roster is printed as names by level, one paragraph each (issue 18).
    let mut by_level: Vec<(String, Vec<&str>)> = Vec::new();
    for d in &deputies {
        let level = d.levels.first().map_or("deputy", |l| format::level_key(*l));
        let label = renderer.strings.get(level).to_string();
        match by_level.last_mut() {
            Some((last, names)) if *last == label => names.push(&d.name),
            _ => by_level.push((label, vec![&d.name])),
        }
    }
    #[derive(Serialize)]
    struct LevelNames {
        level: String,
        names: String,
    }
    let by_level: Vec<LevelNames> = by_level
        .into_iter()
        .map(|(level, names)| LevelNames { level, names: names.join(lang.pick("　", ", ")) })
        .collect();
    let deputies: Vec<BoardDeputy> = deputies
        .into_iter()
        .map(|d| BoardDeputy {
            name: &d.name,
            responsible_for: d.responsible_for.join(lang.pick("、", ", ")),
            levels: format::levels(&d.levels, &renderer.strings, lang),
            position: d.position.as_deref(),
            photo: d.photo.as_ref().map(|m| super::views::ImageView::of(m, root, 48)),
        })
        .collect();
    let schedule: Vec<String> = station
        .schedule
        .iter()
        .filter(|e| matches!(e.when, When::Every(_)))
        .map(|e| {
            let When::Every(rule) = &e.when else { unreachable!() };
            let mut line = format!("{} {}", words::recurrence(rule, lang), index.time_words(station, &e.time, lang));
            if let Some(note) = &e.note {
                line += &format!("{}{note}", lang.pick("，", ", "));
            }
            line
        })
        .chain(station.roster.iter().map(|r| {
            format!(
                "{}{}{} {}",
                renderer.strings.get("roster"),
                lang.pick("：", ": "),
                words::recurrence(&r.every, lang),
                index.time_words(station, &r.time, lang)
            )
        }))
        .collect();
    let rules: Vec<&str> = county.rules_of(station).iter().map(|r| r.title.as_str()).collect();
    // Personal reception days and the roster's teams (issue 18): who is there on which day.
    let personal: Vec<String> = station
        .deputies
        .iter()
        .filter_map(|d| {
            let r = d.reception.as_ref()?;
            Some(format!(
                "{}{}{} {}",
                d.name,
                lang.pick("：", ": "),
                words::recurrence(&r.every, lang),
                index.time_words(station, &r.time, lang)
            ))
        })
        .collect();
    let name_of = |id: &'_ String| -> String {
        station.deputies.iter().find(|d| &d.id == id).map_or_else(|| id.clone(), |d| d.name.clone())
    };
    let teams: Vec<String> = station
        .roster
        .iter()
        .flat_map(|r| r.teams.iter())
        .enumerate()
        .map(|(n, team)| {
            let names: Vec<String> = team.iter().map(name_of).collect();
            let _ = n;
            names.join(lang.pick("、", ", "))
        })
        .collect();
    let sessions = index.station_sessions(station_index);
    let next = super::reception::next_reception(renderer, index, &sessions, Some(station), root);
    #[derive(Serialize)]
    struct BoardView<'a> {
        name: &'a str,
        kind: &'a str,
        field: Option<&'a str>,
        legislative: bool,
        parent: Option<&'a str>,
        stars: String,
        address: Option<&'a str>,
        phone: Option<&'a str>,
        serves: String,
        established: Option<String>,
        url: &'a str,
        qr: String,
        /// The images to scan besides the page's QR: WeChat groups, 公众号 (issue 16).
        codes: Vec<super::channels::ChannelItem>,
        /// The external 留言/预约 address as a QR made in the build, with its text.
        online_qr: Option<String>,
        online_url: Option<String>,
        /// `board-s`, `board-m` or `board-l` ([`Size`]).
        size: &'static str,
        /// The article's classes: `board` and the size.
        classes: String,
        /// The next reception when the board was printed, with its day and hours apart.
        next_day: Option<String>,
        next_time: Option<String>,
    }
    let channels = super::channels::views(renderer, county, Some(station), root);
    let online =
        channels.iter().find(|c| c.key == "ch_online").and_then(|c| c.items.first()).and_then(|i| i.href.as_deref());
    let view = BoardView {
        name: &station.name,
        kind: kind_label(renderer, station.kind),
        field: station.field.as_deref(),
        legislative: station.legislative,
        parent: station
            .parent
            .as_deref()
            .and_then(|id| county.stations.iter().find(|s| s.id == id))
            .map(|s| s.name.as_str()),
        stars: "★".repeat(station.stars.unwrap_or(0) as usize),
        address: station.address.as_deref(),
        phone: station.phone.as_deref(),
        serves: station.serves.join(lang.pick("、", ", ")),
        established: station.established.map(|d| date(d, lang)),
        url: &url,
        qr: super::qr::svg(&url)?,
        codes: channels.iter().flat_map(|c| c.items.iter()).filter(|i| i.image.is_some()).cloned().collect(),
        online_qr: online.map(super::qr::svg).transpose()?,
        online_url: online.map(str::to_string),
        size: Size::of(station.deputies.len()).class(),
        classes: format!("board {}", Size::of(station.deputies.len()).class()),
        next_day: next.as_ref().map(|n| n.day.clone()),
        next_time: next.as_ref().map(|n| n.time.clone()),
    };
    let mut context = base_context(root, station_crumbs(county, station, root));
    context.insert("board", &view);
    context.insert("channels", &channels);
    context.insert("staff", &super::channels::staff_views(renderer, station));
    context.insert("deputies", &deputies);
    context.insert("schedule", &schedule);
    context.insert("on_holiday", renderer.strings.get(super::views::on_holiday_key(station.on_holiday)));
    context.insert("rules", &rules);
    context.insert("personal", &personal);
    context.insert("station_href", "../");
    context.insert("teams", &teams);
    // When the roster's teams hold every deputy, a large board lists them once, by team.
    context.insert("by_level", &if crate::board_fit::by_team(station) { Vec::new() } else { by_level });
    Ok(page_file(format!("{dir}stations/{}/board/index.html", station.id), renderer.page("board.html", &context)?))
}
