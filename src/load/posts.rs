//! **Extension (issue 17).** Posts: news (新闻, 活动), notices (公告, 通知) and reports (报道,
//! 工作简报), Markdown files with front matter in a `posts/` folder of a station, a county or
//! the city (the content folder itself).
//!
//! A clerk who files news in `news/`, notices in `notices/` or articles in `reports/` has
//! them read as posts too, of the kind the folder names (`kind:` may still say otherwise):
//! such folders were ignored with a warning before. A notice may announce a session of one
//! station: `session:` either defines the one-off session (the keys of a one-off `schedule`
//! entry: `on`, `time`, `place`, `host`, `note`, `who`), which then belongs to the station's
//! sessions like one written in `station.yaml`, or names a day (`session: 2026-06-30`) on
//! which the station already has a session.

use super::decode::Decoder;
use super::images::{body_images, Folders};
use super::media::{self, MediaBase};
use super::refs::DeputyIds;
use super::yaml::Node;
use crate::diag::{Pos, Problem};
use crate::model::{HalfDays, MediaRef, Post, PostKind, ScheduleEntry, When};
use chrono::NaiveDate;

/// The folders posts are read from, and the kind each gives a post that does not say.
pub const POST_DIRS: &[(&str, Option<PostKind>)] = &[
    ("posts", None),
    ("news", Some(PostKind::News)),
    ("notices", Some(PostKind::Notice)),
    ("reports", Some(PostKind::Report)),
];

const KEYS: &[&str] = &["title", "date", "kind", "station", "stations", "deputies", "photos", "session", "source"];
const PHOTO_KEYS: &[&str] = &["file", "caption"];

const KINDS: &[(&str, PostKind)] =
    &[("news", PostKind::News), ("notice", PostKind::Notice), ("report", PostKind::Report)];
/// The words the site shows for each kind, in both languages, and the ones clerks use.
const KIND_WORDS: &[(&str, PostKind)] = &[
    ("新闻", PostKind::News),
    ("活动", PostKind::News),
    ("动态", PostKind::News),
    ("工作动态", PostKind::News),
    ("活动报道", PostKind::News),
    ("公告", PostKind::Notice),
    ("通知", PostKind::Notice),
    ("通告", PostKind::Notice),
    ("预告", PostKind::Notice),
    ("活动预告", PostKind::Notice),
    ("报道", PostKind::Report),
    ("媒体报道", PostKind::Report),
    ("工作简报", PostKind::Report),
    ("简报", PostKind::Report),
    ("reports", PostKind::Report),
    ("notices", PostKind::Notice),
];

/// Where a post lives, which says what it may name.
pub enum Place<'a> {
    /// `content/posts/`: no station, no session; deputies of any county (`county/id`).
    City,
    /// `<county>/posts/`, or a station's (`own`): stations of the county by id or name.
    County { stations: &'a [(String, String)], own: Option<&'a str> },
}

/// What a notice says of its session.
pub enum SessionSpec {
    /// A one-off session it defines, to add to the station's schedule.
    Defines(Box<ScheduleEntry>),
    /// A day on which the station already has a session.
    Points(NaiveDate),
}

/// A post, and the session it announces (at `post.session`'s station).
pub struct LoadedPost {
    pub post: Post,
    pub session: Option<SessionSpec>,
}

pub fn post(
    decoder: &mut Decoder,
    id: String,
    folder_kind: Option<PostKind>,
    place: &Place,
    deputies: &DeputyIds,
    folders: &Folders,
    half_days: &HalfDays,
) -> Option<LoadedPost> {
    let (root, body) = super::docs::front_matter(decoder)?;
    let images = body_images(decoder, body, folders);
    let fields = decoder.map(&root, KEYS)?;
    let title = decoder.required_text(&fields, "title");
    let date = fields.required(decoder, "date").and_then(|n| decoder.date(n));
    let kind_node = fields.get("kind");
    let kind = match kind_node {
        Some(node) => decoder.choice_or_synonym(node, KINDS, KIND_WORDS),
        // A notice announces a session; otherwise the folder says, or it is news.
        None if fields.get("session").is_some() => Some(PostKind::Notice),
        None => Some(folder_kind.unwrap_or(PostKind::News)),
    };
    let mut stations: Vec<String> = Vec::new();
    let mut station_nodes = 0;
    for key in ["station", "stations"] {
        let Some(node) = fields.get(key) else { continue };
        match place {
            Place::City => decoder.error(node, Problem::CityPostStation { key }),
            Place::County { stations: known, .. } => {
                for item in decoder.list(node) {
                    station_nodes += 1;
                    if let Some(id) = station_ref(decoder, item, known) {
                        if !stations.contains(&id) {
                            stations.push(id);
                        }
                    }
                }
            }
        }
    }
    if let Place::County { own: Some(own), .. } = place {
        stations.retain(|s| s != own);
        stations.insert(0, own.to_string());
        station_nodes += 1;
    }
    let post_deputies = fields.get("deputies").map(|n| deputies.resolve_list(decoder, n)).unwrap_or_default();
    let photos = fields.get("photos").map(|n| photos(decoder, n, folders)).unwrap_or_default();
    let session_node = fields.get("session");
    let session = session_node.and_then(|node| session(decoder, node, deputies, half_days));
    let mut announced = None;
    if let (Some(node), Some(kind)) = (session_node, kind) {
        if kind != PostKind::Notice {
            let text = kind_node.and_then(|n| n.as_str()).unwrap_or(kind.word()).to_string();
            decoder.error(node, Problem::SessionNotNotice { kind: text });
        } else if matches!(place, Place::City) {
            decoder.error(node, Problem::CityPostStation { key: "session" });
        } else if stations.len() != 1 {
            // Stations that could not be read were reported already.
            if station_nodes == stations.len() {
                decoder.error(node, Problem::NoticeStation { count: stations.len() });
            }
        } else if let Some(spec) = &session {
            let day = match spec {
                SessionSpec::Defines(entry) => match entry.when {
                    When::On(day) => day,
                    When::Every(_) => NaiveDate::MIN,
                },
                SessionSpec::Points(day) => *day,
            };
            announced = Some((stations[0].clone(), day));
        }
    }
    let post = Post {
        id,
        title: title?,
        kind: kind?,
        date: date?,
        stations,
        deputies: post_deputies,
        source: fields.get("source").and_then(|n| decoder.text(n)),
        photos,
        session: announced,
        body: body.to_string(),
        images,
    };
    let session = if post.session.is_some() { session } else { None };
    Some(LoadedPost { post, session })
}

/// A station of the county, by its id or its name.
fn station_ref(decoder: &mut Decoder, node: &Node, known: &[(String, String)]) -> Option<String> {
    let text = decoder.text(node)?;
    if let Some((id, _)) = known.iter().find(|(id, name)| *id == text || *name == text) {
        return Some(id.clone());
    }
    let candidates = known.iter().flat_map(|(id, name)| [id.as_str(), name.as_str()]);
    let suggestion = crate::suggest::closest(&text, candidates)
        .map(|s| known.iter().find(|(_, name)| *name == s).map_or(s.clone(), |(id, _)| id.clone()));
    decoder.error(node, Problem::PostUnknownStation { id: text, suggestion });
    None
}

/// `photos:` a list of paths, or of `{ file, caption }`; paths are read as the text's
/// images are (from the station's or county's folder; `./` from the post's own folder).
fn photos(decoder: &mut Decoder, node: &Node, folders: &Folders) -> Vec<(MediaRef, Option<String>)> {
    let mut out = Vec::new();
    for item in decoder.list(node) {
        let (path_node, caption) = match item.as_str() {
            Some(_) => (Some(item), None),
            None => match decoder.map(item, PHOTO_KEYS) {
                Some(fields) => (fields.required(decoder, "file"), fields.get("caption").and_then(|n| decoder.text(n))),
                None => (None, None),
            },
        };
        let Some(path_node) = path_node else { continue };
        let Some(written) = decoder.text(path_node) else { continue };
        let from_file = written.starts_with("./") || written.starts_with("../");
        let base = MediaBase {
            content_dir: folders.content_dir,
            file_dir: if from_file { folders.file_dir } else { folders.owner },
            county_dir: folders.county_dir,
        };
        let pos = Pos::new(path_node.pos.line, path_node.pos.col);
        if let Some(media) = media::resolve_text(decoder, written, pos, path_node.width, &base) {
            out.push((media, caption));
        }
    }
    out
}

/// `session:` a one-off session's entry (`on:`, `time:` …), or a day.
fn session(decoder: &mut Decoder, node: &Node, deputies: &DeputyIds, half_days: &HalfDays) -> Option<SessionSpec> {
    if node.as_str().is_some() {
        return decoder.date(node).map(SessionSpec::Points);
    }
    let (entry, _) = super::station::schedule_entry(decoder, node, deputies, half_days)?;
    if !matches!(entry.when, When::On(_)) {
        decoder.error(node, Problem::NoticeSessionOnce);
        return None;
    }
    Some(SessionSpec::Defines(Box::new(entry)))
}
