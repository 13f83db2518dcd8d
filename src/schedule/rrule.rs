//! Reads the supported part of an RFC 5545 RRULE written under `rrule:`.
//!
//! Supported: FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), BYDAY (with ordinals for MONTHLY,
//! such as -1FR), BYMONTHDAY (negative counts from the month's end), BYMONTH, UNTIL and
//! INTERVAL (every other week: the entry's `starts` says which week is the first; the
//! loader asks for it). COUNT and BYSETPOS are refused with a reason rather than guessed at.

use crate::model::{Freq, Rrule};
use chrono::{NaiveDate, Weekday};

pub fn parse(text: &str) -> Result<Rrule, String> {
    let source = text.trim().trim_start_matches("RRULE:").to_string();
    let mut freq = None;
    let mut rule = Rrule::new(Freq::Daily, &source);
    for part in source.split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').ok_or_else(|| format!("`{part}` is not KEY=VALUE"))?;
        match key.to_ascii_uppercase().as_str() {
            "FREQ" => {
                freq = Some(match value.to_ascii_uppercase().as_str() {
                    "DAILY" => Freq::Daily,
                    "WEEKLY" => Freq::Weekly,
                    "MONTHLY" => Freq::Monthly,
                    "YEARLY" => Freq::Yearly,
                    other => return Err(format!("FREQ={other} is not supported")),
                })
            }
            "BYDAY" => {
                for day in value.split(',') {
                    rule.by_day.push(by_day(day).ok_or_else(|| format!("BYDAY value `{day}`"))?);
                }
            }
            "BYMONTHDAY" => {
                for day in value.split(',') {
                    let n: i8 = day.parse().map_err(|_| format!("BYMONTHDAY value `{day}`"))?;
                    if n == 0 || !(-31..=31).contains(&n) {
                        return Err(format!("BYMONTHDAY value `{day}`"));
                    }
                    rule.by_month_day.push(n);
                }
            }
            "BYMONTH" => {
                for month in value.split(',') {
                    let n: u8 = month.parse().map_err(|_| format!("BYMONTH value `{month}`"))?;
                    if !(1..=12).contains(&n) {
                        return Err(format!("BYMONTH value `{month}`"));
                    }
                    rule.by_month.push(n);
                }
            }
            "UNTIL" => {
                let date = value.get(..8).and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
                rule.until = Some(date.ok_or_else(|| format!("UNTIL value `{value}`"))?);
            }
            "INTERVAL" => {
                rule.interval = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=52).contains(n))
                    .ok_or_else(|| format!("INTERVAL value `{value}`"))?;
            }
            "WKST" => {}
            other => return Err(format!("{other} is not supported")),
        }
    }
    rule.freq = freq.ok_or("FREQ is missing")?;
    if rule.by_day.iter().any(|(n, _)| n.is_some()) && !matches!(rule.freq, Freq::Monthly | Freq::Yearly) {
        return Err("numbered BYDAY needs FREQ=MONTHLY or FREQ=YEARLY".into());
    }
    if rule.freq == Freq::Weekly && rule.by_day.is_empty() {
        return Err("FREQ=WEEKLY needs BYDAY".into());
    }
    if rule.freq == Freq::Monthly && rule.by_day.is_empty() && rule.by_month_day.is_empty() {
        return Err("FREQ=MONTHLY needs BYDAY or BYMONTHDAY".into());
    }
    if rule.freq == Freq::Yearly && (rule.by_month.is_empty() || rule.by_day.is_empty() && rule.by_month_day.is_empty())
    {
        return Err("FREQ=YEARLY needs BYMONTH and BYMONTHDAY or BYDAY".into());
    }
    Ok(rule)
}

fn by_day(text: &str) -> Option<(Option<i8>, Weekday)> {
    let text = text.trim().to_ascii_uppercase();
    let split = text.len().checked_sub(2)?;
    let (count, day) = text.split_at(split);
    let weekday = match day {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    };
    if count.is_empty() {
        return Some((None, weekday));
    }
    let n: i8 = count.parse().ok()?;
    (n != 0 && (-5..=5).contains(&n)).then_some((Some(n), weekday))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_supported_subset() {
        let rule = parse("FREQ=MONTHLY;BYMONTHDAY=5").unwrap();
        assert_eq!((rule.freq, rule.by_month_day.clone()), (Freq::Monthly, vec![5]));
        let rule = parse("FREQ=MONTHLY;BYDAY=-1FR").unwrap();
        assert_eq!(rule.by_day, vec![(Some(-1), Weekday::Fri)]);
        let rule = parse("FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20271231").unwrap();
        assert_eq!(rule.until, NaiveDate::from_ymd_opt(2027, 12, 31));
        let rule = parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE").unwrap();
        assert_eq!((rule.interval, rule.anchor), (2, None));
    }

    #[test]
    fn refuses_what_it_cannot_honour() {
        for text in [
            "FREQ=MONTHLY;INTERVAL=0;BYMONTHDAY=5",
            "FREQ=HOURLY",
            "BYDAY=MO",
            "FREQ=WEEKLY",
            "FREQ=WEEKLY;BYDAY=1MO",
            "FREQ=MONTHLY;COUNT=3;BYMONTHDAY=1",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }
}
