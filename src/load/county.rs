//! `county.yaml`: the county's name, city, introduction and contact.

use super::decode::Decoder;
use super::media::MediaBase;
use crate::model::{Channels, Contact, InlineImage};

const KEYS: &[&str] = &["name", "city", "intro", "contact"];
const CONTACT_KEYS: &[&str] = &[
    "phone",
    "address",
    "hotline",
    "wechat_groups",
    "official_account",
    "email",
    "mailbox",
    "online",
    "service_hotline",
];

pub struct CountyInfo {
    pub name: String,
    pub city: Option<String>,
    pub intro: Option<String>,
    pub contact: Contact,
    pub channels: Channels,
    pub intro_images: Vec<InlineImage>,
}

pub fn decode(decoder: &mut Decoder, fallback_name: &str, base: &MediaBase) -> CountyInfo {
    let mut info = CountyInfo {
        name: fallback_name.to_string(),
        city: None,
        intro: None,
        contact: Contact::default(),
        channels: Channels::default(),
        intro_images: Vec::new(),
    };
    let text = decoder.text_of_file();
    let Some(root) = decoder.parse(text, 1) else {
        return info;
    };
    let Some(fields) = decoder.map(&root, KEYS) else {
        return info;
    };
    if let Some(name) = decoder.required_text(&fields, "name") {
        info.name = name;
    }
    info.city = fields.get("city").and_then(|n| decoder.text(n));
    if let Some(node) = fields.get("intro") {
        info.intro = decoder.text(node);
        if let Some(text) = &info.intro {
            info.intro_images = super::images::yaml_images(decoder, node, text, base);
        }
    }
    if let Some(contact) = fields.get("contact").and_then(|n| decoder.map(n, CONTACT_KEYS)) {
        info.contact.phones = contact.get("phone").map(|n| decoder.phones(n)).unwrap_or_default();
        info.contact.phone = info.contact.phones.first().map(|p| p.number.clone());
        info.contact.address = contact.get("address").and_then(|n| decoder.text(n));
        info.channels = super::contact::channels(decoder, &contact, base);
    }
    info
}
