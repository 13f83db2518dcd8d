//! `holidays/<year>.yaml`: the official days off and make-up workdays of one year.

use super::decode::Decoder;
use crate::diag::Problem;
use crate::model::Holidays;
use chrono::Datelike;

const KEYS: &[&str] = &["off", "workdays"];

/// Adds one year's file to the calendar.
pub fn decode(decoder: &mut Decoder, year: i32, holidays: &mut Holidays) {
    let text = decoder.text_of_file();
    let Some(root) = decoder.parse(text, 1) else {
        return;
    };
    let Some(fields) = decoder.map(&root, KEYS) else {
        return;
    };
    holidays.years.insert(year);
    let mut seen = Vec::new();
    for (key, set_is_off) in [("off", true), ("workdays", false)] {
        let Some(list) = fields.get(key) else {
            continue;
        };
        for item in decoder.list(list) {
            let Some(date) = decoder.date(item) else {
                continue;
            };
            if date.year() != year {
                decoder.error(item, Problem::OutOfRange { text: date.to_string(), min: year.into(), max: year.into() });
                continue;
            }
            if let Some((_, line)) = seen.iter().find(|(d, _)| *d == date) {
                decoder.error(item, Problem::DuplicateItem { text: date.to_string(), first_line: *line });
                continue;
            }
            seen.push((date, item.pos.line));
            if set_is_off {
                holidays.off.insert(date);
            } else {
                holidays.workdays.insert(date);
            }
        }
    }
}
