//! The official workday calendar: Monday to Friday, minus the days off of the holidays
//! files, plus their make-up workdays (调休上班).

use crate::model::Holidays;
use chrono::{Datelike, NaiveDate, Weekday};

#[derive(Clone, Copy)]
pub struct WorkCalendar<'a> {
    holidays: &'a Holidays,
}

impl<'a> WorkCalendar<'a> {
    pub fn new(holidays: &'a Holidays) -> WorkCalendar<'a> {
        WorkCalendar { holidays }
    }

    pub fn is_workday(&self, day: NaiveDate) -> bool {
        if self.holidays.workdays.contains(&day) {
            return true;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.off.contains(&day)
    }

    /// Whether a holidays file covers the year of `day`.
    pub fn knows(&self, day: NaiveDate) -> bool {
        self.holidays.years.contains(&day.year())
    }

    /// The last year a holidays file covers.
    pub fn last_known_year(&self) -> Option<i32> {
        self.holidays.years.iter().next_back().copied()
    }

    /// The first workday on or after `day` (at most 60 days on).
    pub fn next_workday(&self, day: NaiveDate) -> Option<NaiveDate> {
        day.iter_days().take(60).find(|d| self.is_workday(*d))
    }

    /// The last workday on or before `day` (at most 60 days back).
    pub fn previous_workday(&self, day: NaiveDate) -> Option<NaiveDate> {
        let mut d = day;
        for _ in 0..60 {
            if self.is_workday(d) {
                return Some(d);
            }
            d = d.pred_opt()?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn holidays_and_make_up_workdays() {
        let mut holidays = Holidays::default();
        holidays.off.extend([day("2026-10-01"), day("2026-10-02")]);
        holidays.workdays.insert(day("2026-10-10"));
        holidays.years.insert(2026);
        let calendar = WorkCalendar::new(&holidays);
        assert!(!calendar.is_workday(day("2026-10-01")));
        assert!(calendar.is_workday(day("2026-10-10")), "a make-up Saturday is a workday");
        assert!(!calendar.is_workday(day("2026-10-11")), "Sunday");
        assert_eq!(calendar.next_workday(day("2026-10-01")), Some(day("2026-10-05")));
        assert_eq!(calendar.previous_workday(day("2026-10-02")), Some(day("2026-09-30")));
        assert!(calendar.knows(day("2026-01-01")) && !calendar.knows(day("2027-01-01")));
    }
}
