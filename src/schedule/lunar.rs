//! The Chinese lunisolar calendar (农历) for schedule phrases such as 初一、十五 and the market
//! days 逢三逢八.
//!
//! The conversion is ICU4X's (`icu_calendar`), whose Chinese calendar has the years
//! 1900-2100 precomputed from the published tables of the Purple Mountain Observatory
//! (GB/T 33661-2017); this module only asks it which lunar day a civil day is.

use chrono::{Datelike, NaiveDate};
use icu_calendar::cal::ChineseTraditional;
use icu_calendar::Date;

/// A day of the lunar calendar: its month (1..=12), whether that month is a leap month
/// (闰月), and its day (1..=30).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LunarDay {
    pub month: u8,
    pub leap: bool,
    pub day: u8,
}

/// The lunar day of a civil (Gregorian) day; `None` only outside the calendar's range.
pub fn lunar_day(day: NaiveDate) -> Option<LunarDay> {
    let month = u8::try_from(day.month()).ok()?;
    let date = u8::try_from(day.day()).ok()?;
    let iso = Date::try_new_iso(day.year(), month, date).ok()?;
    let chinese = iso.to_calendar(ChineseTraditional::default());
    let info = chinese.month();
    Some(LunarDay { month: info.number(), leap: info.to_input().is_leap(), day: chinese.day_of_month().0 })
}

/// 初一 … 初十, 十一 … 十九, 二十, 廿一 … 廿九, 三十: how a lunar day is named.
pub fn day_name(day: u8) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match day {
        1..=9 => format!("初{}", DIGITS[day as usize]),
        10 => "初十".into(),
        11..=19 => format!("十{}", DIGITS[(day - 10) as usize]),
        20 => "二十".into(),
        21..=29 => format!("廿{}", DIGITS[(day - 20) as usize]),
        30 => "三十".into(),
        _ => day.to_string(),
    }
}

/// Reads a lunar day's name: `初一`, `十五`, `廿三`, `二十三`, `三十`.
pub fn parse_day_name(text: &str) -> Option<u8> {
    (1..=30).find(|d| day_name(*d) == text).or(match text {
        "二十一" => Some(21),
        "二十二" => Some(22),
        "二十三" => Some(23),
        "二十四" => Some(24),
        "二十五" => Some(25),
        "二十六" => Some(26),
        "二十七" => Some(27),
        "二十八" => Some(28),
        "二十九" => Some(29),
        "卅" => Some(30),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn lunar(month: u8, leap: bool, d: u8) -> Option<LunarDay> {
        Some(LunarDay { month, leap, day: d })
    }

    /// Spring Festival (正月初一) as the State Council's holiday notices and the Purple Mountain
    /// Observatory publish it.
    #[test]
    fn spring_festivals_2025_to_2028() {
        assert_eq!(lunar_day(day("2025-01-29")), lunar(1, false, 1));
        assert_eq!(lunar_day(day("2026-02-17")), lunar(1, false, 1));
        assert_eq!(lunar_day(day("2027-02-06")), lunar(1, false, 1));
        assert_eq!(lunar_day(day("2028-01-26")), lunar(1, false, 1));
        // The eve (除夕) of 2026 is the 29th of a short twelfth month.
        assert_eq!(lunar_day(day("2026-02-16")), lunar(12, false, 29));
    }

    /// 2025 has a leap sixth month (闰六月): 25 July to 22 August, 29 days; 七月初一 is 23 August.
    #[test]
    fn the_leap_sixth_month_of_2025() {
        assert_eq!(lunar_day(day("2025-06-25")), lunar(6, false, 1));
        assert_eq!(lunar_day(day("2025-07-24")), lunar(6, false, 30));
        assert_eq!(lunar_day(day("2025-07-25")), lunar(6, true, 1));
        assert_eq!(lunar_day(day("2025-08-08")), lunar(6, true, 15));
        assert_eq!(lunar_day(day("2025-08-22")), lunar(6, true, 29));
        assert_eq!(lunar_day(day("2025-08-23")), lunar(7, false, 1));
        // 中秋 (八月十五) 2025 and 2026.
        assert_eq!(lunar_day(day("2025-10-06")), lunar(8, false, 15));
        assert_eq!(lunar_day(day("2026-09-25")), lunar(8, false, 15));
    }

    #[test]
    fn day_names_read_back() {
        for d in 1..=30 {
            assert_eq!(parse_day_name(&day_name(d)), Some(d));
        }
        assert_eq!(day_name(15), "十五");
        assert_eq!(day_name(23), "廿三");
        assert_eq!(parse_day_name("二十三"), Some(23));
        assert_eq!(parse_day_name("十"), None);
    }
}
