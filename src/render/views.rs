//! What pages share: links, breadcrumbs, the base context, case links.

use super::format::{self, date};
use super::{Content, OutputFile, Renderer};
use crate::model::{Case, County, Station, StationKind};
use serde::Serialize;
use tera::Context;

#[derive(Serialize, Clone, Debug)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// The fields every page of a county shares. `root` leads from the page to the county.
pub fn base_context(root: &str, crumbs: Vec<Link>) -> Context {
    let mut context = Context::new();
    context.insert("assets", &format!("{root}assets/"));
    context.insert("portal_root", &format!("{root}../"));
    context.insert("crumbs", &crumbs);
    context
}

pub fn county_crumbs(county: &County, root: &str) -> Vec<Link> {
    vec![Link { href: root.to_string(), text: county.name.clone() }]
}

pub fn station_crumbs(county: &County, station: &Station, root: &str) -> Vec<Link> {
    let mut crumbs = county_crumbs(county, root);
    crumbs.push(Link { href: format!("{root}stations/{}/", station.id), text: station.name.clone() });
    crumbs
}

/// **Extension (issue 16).** A photo as an `<img>` shows it `shown` CSS pixels wide: its
/// phone-width file, the widths it offers (`srcset`), and its height at `shown`.
#[derive(Serialize, Clone, Debug)]
pub struct ImageView {
    pub src: String,
    pub srcset: Option<String>,
    pub height: u32,
}

impl ImageView {
    pub fn of(media: &crate::model::MediaRef, root: &str, shown: u32) -> ImageView {
        let height = media.size.map_or(shown, |(w, h)| crate::model::height_at(w, h, shown));
        ImageView { src: format!("{root}{}", media.src()), srcset: media.srcset(root), height }
    }
}

pub fn page_file(path: String, html: Vec<u8>) -> OutputFile {
    OutputFile { path, content: Content::Bytes(html) }
}

pub fn kind_label(renderer: &Renderer, kind: StationKind) -> &str {
    renderer.strings.get(match kind {
        StationKind::Station => "station",
        StationKind::Point => "point",
        StationKind::Home => "kind_home",
        StationKind::Specialist => "kind_specialist",
        StationKind::Studio => "kind_studio",
    })
}

#[derive(Serialize)]
pub struct CaseLink<'a> {
    pub title: &'a str,
    pub href: String,
    pub status: &'a str,
    pub status_key: &'static str,
    pub date: String,
}

pub fn case_link<'a>(renderer: &'a Renderer, case: &'a Case, href: String) -> CaseLink<'a> {
    CaseLink {
        title: &case.title,
        href,
        status: renderer.strings.get(format::status_label_key(case.status)),
        status_key: format::status_key(case.status),
        date: date(case.resolved.unwrap_or(case.received), renderer.lang),
    }
}

/// Where to go and whom to call, shown under a next reception: the station's address (the
/// county's when it has none) with the next session's place, and a phone: the deputy's
/// office phone, else the station's, else the county's, with a note saying which stands in.
#[derive(Serialize)]
pub struct Reach {
    pub address: Option<String>,
    pub address_note: Option<String>,
    pub place: Option<String>,
    pub phone: Option<String>,
    pub tel: String,
    pub phone_note: Option<String>,
}

pub fn reach(
    renderer: &Renderer,
    county: &County,
    station: &Station,
    deputy: Option<&crate::model::Deputy>,
    place: Option<String>,
) -> Reach {
    let deputy_phone = deputy.and_then(|d| d.phone.as_deref());
    let strings = &renderer.strings;
    let (address, address_note) = match (&station.address, &county.contact.address) {
        (Some(address), _) => (Some(address.clone()), None),
        (None, Some(address)) => (Some(address.clone()), Some(strings.get("address_county_note").to_string())),
        (None, None) => (None, None),
    };
    let (phone, phone_note) = match (deputy_phone, &station.phone, &county.contact.phone) {
        (Some(phone), _, _) => (Some(phone.to_string()), None),
        (None, Some(phone), _) => (Some(phone.clone()), deputy.map(|_| strings.get("station_phone_note").to_string())),
        (None, None, Some(phone)) => (Some(phone.clone()), Some(strings.get("phone_county_note").to_string())),
        (None, None, None) => (None, None),
    };
    Reach { address, address_note, place, tel: phone.as_deref().map(tel_href).unwrap_or_default(), phone, phone_note }
}

/// The number a `tel:` link dials: digits, `+` and `-` (a visual separator, RFC 3966), an
/// extension after a pause (`,`).
pub fn tel_href(phone: &str) -> String {
    let (number, extension) = match phone.split_once(['转', 'x']).or_else(|| phone.split_once("ext")) {
        Some((number, extension)) => (number, Some(extension)),
        None => (phone, None),
    };
    let mut out: String = number.chars().filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-').collect();
    if let Some(extension) = extension {
        out.push(',');
        out.extend(extension.chars().filter(char::is_ascii_digit));
    }
    out
}

/// The string key of a station's holiday rule, as the station page and the board say it.
pub fn on_holiday_key(rule: crate::model::OnHoliday) -> &'static str {
    match rule {
        crate::model::OnHoliday::Keep => "on_holiday_keep",
        crate::model::OnHoliday::Skip => "on_holiday_skip",
        crate::model::OnHoliday::NextWorkday => "on_holiday_next_workday",
        crate::model::OnHoliday::PreviousWorkday => "on_holiday_previous_workday",
    }
}
