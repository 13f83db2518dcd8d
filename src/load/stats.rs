//! `stats.yaml`: a station's ledger, one row per period.

use super::decode::Decoder;
use crate::diag::Problem;
use crate::model::{Period, StatRow};

const KEYS: &[&str] = &["period", "deputy_visits", "citizens_received", "issues_collected", "issues_resolved"];

pub fn decode(decoder: &mut Decoder) -> Vec<StatRow> {
    let text = decoder.text_of_file();
    let Some(root) = decoder.parse(text, 1) else {
        return Vec::new();
    };
    let mut rows: Vec<(StatRow, usize)> = Vec::new();
    for item in decoder.list(&root) {
        let Some(fields) = decoder.map(item, KEYS) else {
            continue;
        };
        let period_node = fields.required(decoder, "period");
        let period = period_node.and_then(|node| {
            let text = decoder.text(node)?;
            let parsed = parse_period(&text);
            if parsed.is_none() {
                decoder.error(node, Problem::BadPeriod { text });
            }
            parsed
        });
        let mut count = |key: &'static str| {
            fields.required(decoder, key).and_then(|n| decoder.integer(n, 0, i64::MAX)).map(|n| n as u64)
        };
        let (visits, received, collected, resolved) =
            (count("deputy_visits"), count("citizens_received"), count("issues_collected"), count("issues_resolved"));
        if let (Some(collected), Some(resolved)) = (collected, resolved) {
            if resolved > collected {
                let node = fields.get("issues_resolved").unwrap_or(item);
                decoder.error(node, Problem::ResolvedExceedsCollected { resolved, collected });
            }
        }
        let (Some(period), Some(node)) = (period, period_node) else {
            continue;
        };
        if let Some((_, first_line)) = rows.iter().find(|(row, _)| row.period == period) {
            let text = node.as_str().unwrap_or_default().to_string();
            decoder.error(node, Problem::DuplicateItem { text, first_line: *first_line });
            continue;
        }
        let row = StatRow {
            period,
            deputy_visits: visits.unwrap_or(0),
            citizens_received: received.unwrap_or(0),
            issues_collected: collected.unwrap_or(0),
            issues_resolved: resolved.unwrap_or(0),
        };
        rows.push((row, node.pos.line));
    }
    rows.into_iter().map(|(row, _)| row).collect()
}

/// `2024`, `2024-H1`, `2024-Q3`, `2024-05`.
pub fn parse_period(text: &str) -> Option<Period> {
    let (year, rest) = match text.split_once('-') {
        Some((year, rest)) => (year, Some(rest)),
        None => (text, None),
    };
    let year: i32 = year.parse().ok().filter(|y| (1949..=2200).contains(y))?;
    let Some(rest) = rest else {
        return Some(Period::Year(year));
    };
    let number = |s: &str, max: u8| s.parse::<u8>().ok().filter(|n| (1..=max).contains(n));
    match rest.as_bytes().first()? {
        b'H' | b'h' => number(&rest[1..], 2).map(|h| Period::Half(year, h)),
        b'Q' | b'q' => number(&rest[1..], 4).map(|q| Period::Quarter(year, q)),
        _ if rest.len() == 2 => number(rest, 12).map(|m| Period::Month(year, m)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(parse_period("2023-H1"), Some(Period::Half(2023, 1)));
        assert_eq!(parse_period("2023-Q4"), Some(Period::Quarter(2023, 4)));
        assert_eq!(parse_period("2023-05"), Some(Period::Month(2023, 5)));
        assert_eq!(parse_period("2023"), Some(Period::Year(2023)));
        for bad in ["2023-H3", "2023-13", "2023-5", "23", "2023-Q0", "abc"] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }
}
