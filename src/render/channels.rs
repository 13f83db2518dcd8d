//! **Extension (issue 16).** How to reach a station or county, in the order a citizen would
//! try them: call (the station's phones, the deputies' hotline), join a WeChat group, leave a
//! message online, follow the 公众号, write an email, drop a note in the 意见箱, and last the
//! government's 12345 line. A station without one of the county-wide channels (公众号,
//! email, online address, 12345) shows the county's.

use super::Renderer;
use crate::model::{Channels, County, MediaRef, Phone, StaffRole, Station};
use serde::Serialize;

#[derive(Serialize, Clone, Debug)]
pub struct ChannelView {
    /// `ch_phone`, `ch_hotline` …: also the CSS class and the interface string's key.
    pub key: &'static str,
    pub label: String,
    pub items: Vec<ChannelItem>,
}

#[derive(Serialize, Clone, Debug, Default)]
pub struct ChannelItem {
    pub text: String,
    /// A phone's label, a group's name, the county a fallback comes from.
    pub note: Option<String>,
    /// `tel:`, `mailto:` or the external `https://` address.
    pub href: Option<String>,
    /// The image to scan, relative to the page.
    pub image: Option<String>,
    /// A link that leaves the site (opened as a plain link, never a form).
    pub external: bool,
}

fn phone_items(phones: &[Phone], note: Option<&str>) -> Vec<ChannelItem> {
    phones
        .iter()
        .map(|p| ChannelItem {
            text: p.number.clone(),
            note: p.label.clone().or_else(|| note.map(str::to_string)),
            href: Some(format!("tel:{}", super::views::tel_href(&p.number))),
            ..ChannelItem::default()
        })
        .collect()
}

fn image(media: &Option<MediaRef>, root: &str) -> Option<String> {
    media.as_ref().map(|m| format!("{root}{}", m.src()))
}

/// The channels of a station (with the county's where the station has none of a kind), or
/// of the county alone when `station` is `None`.
pub fn views(renderer: &Renderer, county: &County, station: Option<&Station>, root: &str) -> Vec<ChannelView> {
    let empty = Channels::default();
    let own = station.map_or(&county.channels, |s| &s.channels);
    // The county's channels stand in for a station's missing ones of these kinds.
    let county_note = Some(county.name.as_str());
    let fallback = |has: bool| if station.is_some() && !has { Some(&county.channels) } else { None };
    let mut out: Vec<ChannelView> = Vec::new();
    let mut push = |key: &'static str, items: Vec<ChannelItem>| {
        if !items.is_empty() {
            out.push(ChannelView { key, label: renderer.strings.get(key).to_string(), items });
        }
    };
    let phones = station.map_or(&county.contact.phones, |s| &s.phones);
    push("ch_phone", phone_items(phones, None));
    push("ch_hotline", phone_items(&own.hotline, None));
    let mut groups: Vec<ChannelItem> = Vec::new();
    if let Some(media) = station.and_then(|s| s.wechat_group.as_ref()) {
        groups.push(ChannelItem {
            text: renderer.strings.get("wechat_group").to_string(),
            image: Some(format!("{root}{}", media.src())),
            ..ChannelItem::default()
        });
    }
    groups.extend(own.wechat_groups.iter().map(|g| ChannelItem {
        text: g.name.clone(),
        image: image(&g.image, root),
        ..ChannelItem::default()
    }));
    push("ch_wechat", groups);
    let (online, online_note) = match (&own.online, fallback(own.online.is_some()).and_then(|c| c.online.as_ref())) {
        (Some(link), _) => (Some(link), None),
        (None, Some(link)) => (Some(link), county_note),
        (None, None) => (None, None),
    };
    push(
        "ch_online",
        online
            .map(|link| ChannelItem {
                text: link.label.clone().unwrap_or_else(|| link.url.clone()),
                note: online_note.map(str::to_string),
                href: Some(link.url.clone()),
                external: true,
                ..ChannelItem::default()
            })
            .into_iter()
            .collect(),
    );
    let account = own
        .official_account
        .as_ref()
        .map(|a| (a, None))
        .or_else(|| fallback(false).and_then(|c| c.official_account.as_ref()).map(|a| (a, county_note)));
    push(
        "ch_official_account",
        account
            .map(|(a, note)| ChannelItem {
                text: a.name.clone(),
                note: note.map(str::to_string),
                image: image(&a.image, root),
                ..ChannelItem::default()
            })
            .into_iter()
            .collect(),
    );
    let email = own
        .email
        .as_ref()
        .map(|e| (e, None))
        .or_else(|| fallback(false).and_then(|c| c.email.as_ref()).map(|e| (e, county_note)));
    push(
        "ch_email",
        email
            .map(|(e, note)| ChannelItem {
                text: e.clone(),
                note: note.map(str::to_string),
                href: Some(format!("mailto:{e}")),
                ..ChannelItem::default()
            })
            .into_iter()
            .collect(),
    );
    push("ch_mailbox", own.mailbox.iter().map(|m| ChannelItem { text: m.clone(), ..ChannelItem::default() }).collect());
    let service = if own.service_hotline.is_empty() {
        fallback(false).map_or(&empty.service_hotline, |c| &c.service_hotline)
    } else {
        &own.service_hotline
    };
    let service_note = (own.service_hotline.is_empty() && station.is_some()).then_some(county.name.as_str());
    push("ch_service_hotline", phone_items(service, service_note));
    out
}

/// Every phone of the channels as `label:number`, `;`-separated: for open data.
pub fn phones_cell(phones: &[Phone]) -> String {
    phones
        .iter()
        .map(|p| match &p.label {
            Some(label) => format!("{label}:{}", p.number),
            None => p.number.clone(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A staff member as pages show them: post, name, office phones.
#[derive(Serialize, Clone, Debug)]
pub struct StaffView {
    pub role: String,
    pub name: String,
    pub phones: Vec<ChannelItem>,
}

pub fn role_key(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Head => "role_head",
        StaffRole::DeputyHead => "role_deputy_head",
        StaffRole::Director => "role_director",
        StaffRole::Liaison => "role_liaison",
    }
}

/// The station's staff, 站长 first (the loader sorted them by post).
pub fn staff_views(renderer: &Renderer, station: &Station) -> Vec<StaffView> {
    station
        .staff
        .iter()
        .map(|member| StaffView {
            role: renderer.strings.get(role_key(member.role)).to_string(),
            name: member.name.clone(),
            phones: phone_items(&member.phones, None),
        })
        .collect()
}
