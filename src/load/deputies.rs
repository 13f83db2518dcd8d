//! `deputies.yaml`: the deputies grouped into one station.

use super::decode::Decoder;
use super::media::{self, MediaBase};
use crate::diag::{PhraseIssue, Problem};
use crate::model::{Deputy, HalfDays, Level, Reception, Recurrence};
use crate::names;
use crate::schedule::phrase;

/// The keys of a deputy (also read by `liaison import`, for the file it replaces).
pub const KEYS: &[&str] = &[
    "name",
    "id",
    "pinyin",
    "level",
    "position",
    "constituency",
    "gender",
    "photo",
    "reception",
    "phone",
    "bio",
    "responsible_for",
];

/// The words a level may be written with; the first of each is the canonical one.
pub const LEVELS: &[(&str, Level)] = &[
    ("national", Level::National),
    ("provincial", Level::Provincial),
    ("city", Level::City),
    ("county", Level::County),
    ("township", Level::Township),
    ("全国", Level::National),
    ("省", Level::Provincial),
    ("市", Level::City),
    ("县", Level::County),
    ("乡镇", Level::Township),
];

/// The words the site shows for each level, in both languages, and the ones clerks use.
const LEVEL_WORDS: &[(&str, Level)] = &[
    ("全国人大代表", Level::National),
    ("全国人民代表大会代表", Level::National),
    ("全国人大", Level::National),
    ("国家级", Level::National),
    ("deputy to the national people's congress", Level::National),
    ("national deputy", Level::National),
    ("省人大代表", Level::Provincial),
    ("省人大", Level::Provincial),
    ("省级", Level::Provincial),
    ("省级人大代表", Level::Provincial),
    ("provincial deputy", Level::Provincial),
    ("市人大代表", Level::City),
    ("市人大", Level::City),
    ("市级", Level::City),
    ("市级人大代表", Level::City),
    ("city deputy", Level::City),
    ("县人大代表", Level::County),
    ("县人大", Level::County),
    ("县级", Level::County),
    ("县级人大代表", Level::County),
    ("区级人大代表", Level::County),
    ("区人大代表", Level::County),
    ("县（市、区）人大代表", Level::County),
    ("county deputy", Level::County),
    ("乡镇人大代表", Level::Township),
    ("乡镇人大", Level::Township),
    ("乡人大代表", Level::Township),
    ("镇人大代表", Level::Township),
    ("乡", Level::Township),
    ("镇", Level::Township),
    ("乡级", Level::Township),
    ("镇级", Level::Township),
    ("乡镇级人大代表", Level::Township),
    ("乡级人大代表", Level::Township),
    ("镇级人大代表", Level::Township),
    ("township deputy", Level::Township),
];

/// A deputy as read, with the line of its entry (for the duplicate-id error).
pub struct DeputyEntry {
    pub deputy: Deputy,
    pub line: usize,
}

pub fn decode(decoder: &mut Decoder, base: &MediaBase, half_days: &HalfDays) -> Vec<DeputyEntry> {
    let text = decoder.text_of_file();
    let Some(root) = decoder.parse(text, 1) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if root.as_str().is_some() {
        decoder.error(&root, Problem::WrongType { expected: crate::diag::Expected::List });
        return out;
    }
    for item in decoder.list(&root) {
        let Some(fields) = decoder.map(item, KEYS) else {
            continue;
        };
        let Some(name) = decoder.required_text(&fields, "name") else {
            continue;
        };
        let pinyin = match fields.get("pinyin").and_then(|n| decoder.text(n)) {
            Some(written) => written.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "),
            None => names::name_syllables(&name).join(" "),
        };
        let id = match fields.get("id") {
            Some(node) => match decoder.text(node) {
                Some(id) if names::is_valid_id(&id) => id,
                Some(id) => {
                    let suggestion = Some(names::suggest_id(&id));
                    decoder.error(node, Problem::BadId { text: id, suggestion });
                    continue;
                }
                None => continue,
            },
            None => {
                let derived = pinyin.replace(' ', "");
                if !names::is_valid_id(&derived) {
                    let node = fields.get("pinyin").or(fields.get("name")).unwrap_or(item);
                    decoder.error(node, Problem::BadId { text: derived, suggestion: Some("deputy-1".into()) });
                    continue;
                }
                derived
            }
        };
        let mut levels: Vec<Level> = match fields.get("level") {
            Some(node) => level_items(decoder, node)
                .into_iter()
                .filter_map(|n| decoder.choice_or_synonym(&n, LEVELS, LEVEL_WORDS))
                .collect(),
            None => {
                fields.required(decoder, "level");
                Vec::new()
            }
        };
        levels.sort();
        levels.dedup();
        let reception = fields.get("reception").and_then(|node| {
            let text = decoder.text(node)?;
            match read_reception(&text, half_days) {
                Ok(reception) => Some(reception),
                Err(refusal) => {
                    let (issue, suggestions) = (refusal.issue, refusal.suggestions);
                    decoder.error(node, Problem::BadPhrase { text, key: "reception", issue, suggestions });
                    None
                }
            }
        });
        let photo = fields.get("photo").and_then(|n| media::resolve(decoder, n, base));
        let phones = fields.get("phone").map(|n| decoder.phones(n)).unwrap_or_default();
        let bio = fields.get("bio").and_then(|n| Some((n, decoder.text(n)?)));
        let bio_images =
            bio.as_ref().map(|(n, text)| super::images::yaml_images(decoder, n, text, base)).unwrap_or_default();
        let deputy = Deputy {
            id,
            name,
            levels,
            position: fields.get("position").and_then(|n| decoder.text(n)),
            constituency: fields.get("constituency").and_then(|n| decoder.text(n)),
            gender: fields.get("gender").and_then(|n| decoder.text(n)),
            photo,
            reception,
            phone: phones.first().map(|p| p.number.clone()),
            phones,
            bio: bio.map(|(_, text)| text),
            bio_images,
            responsible_for: fields
                .get("responsible_for")
                .map(|n| decoder.texts(n).into_iter().map(|s| s.value).collect())
                .unwrap_or_default(),
            pinyin,
        };
        out.push(DeputyEntry { deputy, line: item.pos.line });
    }
    out
}

/// The levels written: a list, or one text that may name several (`省人大代表、市人大代表`),
/// each as a node of its own (with the place of the whole text).
fn level_items(decoder: &mut Decoder, node: &super::yaml::Node) -> Vec<super::yaml::Node> {
    let mut items = Vec::new();
    for item in decoder.list(node) {
        match item.as_str() {
            Some(text) if text.contains(['、', '，', ',', '/']) => {
                for part in text.split(['、', '，', ',', '/']).map(str::trim).filter(|p| !p.is_empty()) {
                    let mut piece = item.clone();
                    piece.value = super::yaml::Value::Scalar(part.to_string());
                    items.push(piece);
                }
            }
            _ => items.push(item.clone()),
        }
    }
    items
}

/// `每月11日 14:30-17:30`, `每周三下午`, `last friday 7:30 pm`: a phrase with its hours.
/// A personal day keeps the station's `on_holiday`, so a holiday clause is refused here,
/// and so is an every-other-week rule (it has no `starts:` to count from).
pub fn read_reception(text: &str, half_days: &HalfDays) -> Result<Reception, phrase::Refusal> {
    let refusal = |issue, suggestions: &[&str]| phrase::Refusal {
        issue,
        suggestions: suggestions.iter().map(|s| s.to_string()).collect(),
    };
    let example: &[&str] =
        if text.is_ascii() { &["last friday 7:30 pm"] } else { &["每月11日 14:30-17:30", "每周三下午"] };
    let read = phrase::read(text, half_days)?;
    let interval = matches!(&read.every, Recurrence::Rrule(rule) if rule.interval > 1);
    match read {
        phrase::Phrase { time: None, .. } => Err(refusal(PhraseIssue::NoClock, example)),
        phrase::Phrase { every, time: Some(time), on_holiday: None, starts: None } if !interval => {
            Ok(Reception { every, time })
        }
        _ => Err(refusal(PhraseIssue::StationOnly, example)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    #[test]
    fn receptions_are_a_phrase_then_a_time() {
        let half_days = HalfDays::default();
        let r = read_reception("每月11日 14:30-17:30", &half_days).unwrap();
        assert_eq!(r.every, Recurrence::MonthDay(11));
        let r = read_reception("last friday 7:30 pm", &half_days).unwrap();
        assert_eq!(r.every, Recurrence::NthWeekday(-1, Weekday::Fri));
        let r = read_reception("每周三下午", &half_days).unwrap();
        assert_eq!((r.every, r.time), (Recurrence::Weekly(Weekday::Wed), half_days.afternoon));
        assert!(read_reception("每月11日", &half_days).is_err());
        assert!(read_reception("每月5日（遇节假日顺延） 9:00-11:00", &half_days).is_err());
    }
}
