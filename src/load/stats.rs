//! `stats.yaml`: a station's ledger, one row per period.

use super::decode::Decoder;
use crate::diag::Problem;
use crate::model::{Period, StatGroup, StatRow};

const KEYS: &[&str] = &[
    "period",
    "by",
    "deputy_visits",
    "leader_visits",
    "citizens_received",
    "issues_collected",
    "issues_resolved",
    "forwarded",
    "home_visits",
];
/// The counts a station's row must carry (v1: a missing number shown as 0 would mislead).
const STATION_REQUIRED: &[&str] = &["deputy_visits", "citizens_received", "issues_collected", "issues_resolved"];

const GROUPS: &[(&str, StatGroup)] = &[("deputies", StatGroup::Deputies), ("leaders", StatGroup::Leaders)];
const GROUP_WORDS: &[(&str, StatGroup)] = &[
    ("人大代表", StatGroup::Deputies),
    ("代表", StatGroup::Deputies),
    ("各级人大代表", StatGroup::Deputies),
    ("五级人大代表", StatGroup::Deputies),
    ("领导干部", StatGroup::Leaders),
    ("领导", StatGroup::Leaders),
    ("市县两级领导干部", StatGroup::Leaders),
    ("leading officials", StatGroup::Leaders),
];

/// Whose ledger a `stats.yaml` is: a station's rows need all four v1 counts; a county's
/// and the city's (issue 17) may leave any count out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Station,
    CountyOrCity,
}

pub fn decode(decoder: &mut Decoder, level: Level) -> Vec<StatRow> {
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
        let group = fields
            .get("by")
            .map(|n| decoder.choice_or_synonym(n, GROUPS, GROUP_WORDS))
            .unwrap_or(Some(StatGroup::Deputies));
        let mut count = |key: &'static str| {
            let node = if level == Level::Station && STATION_REQUIRED.contains(&key) {
                fields.required(decoder, key)
            } else {
                fields.get(key)
            };
            node.and_then(|n| decoder.integer(n, 0, i64::MAX)).map(|n| n as u64)
        };
        let row = StatRow {
            period: Period::Year(0),
            group: StatGroup::Deputies,
            deputy_visits: count("deputy_visits"),
            leader_visits: count("leader_visits"),
            citizens_received: count("citizens_received"),
            issues_collected: count("issues_collected"),
            issues_resolved: count("issues_resolved"),
            forwarded: count("forwarded"),
            home_visits: count("home_visits"),
        };
        if let (Some(collected), Some(resolved)) = (row.issues_collected, row.issues_resolved) {
            if resolved > collected {
                let node = fields.get("issues_resolved").unwrap_or(item);
                decoder.error(node, Problem::ResolvedExceedsCollected { resolved, collected });
            }
        }
        let (Some(period), Some(group), Some(node)) = (period, group, period_node) else {
            continue;
        };
        if let Some((_, first_line)) = rows.iter().find(|(row, _)| row.period == period && row.group == group) {
            let text = node.as_str().unwrap_or_default().to_string();
            decoder.error(node, Problem::DuplicateItem { text, first_line: *first_line });
            continue;
        }
        rows.push((StatRow { period, group, ..row }, node.pos.line));
    }
    rows.into_iter().map(|(row, _)| row).collect()
}

/// `2024`, `2024-H1`, `2024-Q3`, `2024-05`, and as clerks write them (issue 17): `2024年`,
/// `2024年上半年`, `2024年第三季度` (`2024年三季度`), `2024年5月`, `2023年以来` (`2023年至今`,
/// `since 2023`).
pub fn parse_period(text: &str) -> Option<Period> {
    let text = text.trim();
    if let Some(period) = chinese_period(text) {
        return Some(period);
    }
    if let Some(year) = text.strip_prefix("since ").or_else(|| text.strip_prefix("Since ")) {
        return year.trim().parse().ok().filter(|y| (1949..=2200).contains(y)).map(Period::Since);
    }
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

/// `2024年上半年` and the other Chinese spellings of a period.
fn chinese_period(text: &str) -> Option<Period> {
    let (year, rest) = text.split_once('年')?;
    let year: i32 = year.trim().parse().ok().filter(|y| (1949..=2200).contains(y))?;
    let rest = rest.trim().trim_end_matches("度");
    let digit = |s: &str| -> Option<u8> {
        let s = s.trim();
        s.parse().ok().or_else(|| {
            let words = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
            words.iter().position(|w| *w == s).map(|i| i as u8 + 1)
        })
    };
    Some(match rest {
        "" => Period::Year(year),
        "上半年" => Period::Half(year, 1),
        "下半年" => Period::Half(year, 2),
        "以来" | "至今" | "以来累计" => Period::Since(year),
        _ if rest.ends_with("季") => {
            let q = digit(rest.trim_start_matches('第').trim_end_matches('季'))?;
            (1..=4).contains(&q).then_some(Period::Quarter(year, q))?
        }
        _ if rest.ends_with('月') => {
            let m = digit(rest.trim_end_matches('月'))?;
            (1..=12).contains(&m).then_some(Period::Month(year, m))?
        }
        _ => return None,
    })
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
        assert_eq!(parse_period("2023年上半年"), Some(Period::Half(2023, 1)));
        assert_eq!(parse_period("2023年以来"), Some(Period::Since(2023)));
        assert_eq!(parse_period("2023年第三季度"), Some(Period::Quarter(2023, 3)));
        assert_eq!(parse_period("2023年5月"), Some(Period::Month(2023, 5)));
        assert_eq!(parse_period("2023年"), Some(Period::Year(2023)));
        for bad in ["2023-H3", "2023-13", "2023-5", "23", "2023-Q0", "abc", "2023年第五季度", "2023年上旬"] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }
}
