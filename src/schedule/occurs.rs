//! Whether a recurrence falls on a day, before holidays move it.

use super::calendar::WorkCalendar;
use crate::model::{Freq, Recurrence, Rrule};
use chrono::{Datelike, Duration, NaiveDate};

impl Recurrence {
    /// The rule's own days: the 5th, the last Friday, every workday … A month without a
    /// 31st has no session on the 31st, as in iCalendar.
    pub fn occurs_on(&self, day: NaiveDate, calendar: &WorkCalendar) -> bool {
        match self {
            Recurrence::MonthDay(n) => day.day() == u32::from(*n),
            Recurrence::LastDay => is_last_of_month(day),
            Recurrence::NthWeekday(n, weekday) => day.weekday() == *weekday && nth_in_month(day, *n),
            Recurrence::Weekly(weekday) => day.weekday() == *weekday,
            Recurrence::Workdays => calendar.is_workday(day),
            Recurrence::Daily => true,
            Recurrence::Rrule(rule) => rrule_occurs_on(rule, day),
            Recurrence::NthWorkday(n) => nth_workday(day, *n, calendar),
            Recurrence::Lunar(days) => super::lunar::lunar_day(day).is_some_and(|l| days.contains(&l.day)),
        }
    }
}

/// Whether `day` is the n-th workday of its month (n < 0 counts from the end).
fn nth_workday(day: NaiveDate, n: i8, calendar: &WorkCalendar) -> bool {
    if !calendar.is_workday(day) {
        return false;
    }
    let same_month = |d: &NaiveDate| d.month() == day.month();
    if n > 0 {
        let first = day.with_day(1).unwrap_or(day);
        let before = first.iter_days().take_while(|d| *d < day).filter(|d| calendar.is_workday(*d)).count();
        before + 1 == n as usize
    } else {
        let after = day.iter_days().skip(1).take_while(same_month).filter(|d| calendar.is_workday(*d)).count();
        after + 1 == n.unsigned_abs() as usize
    }
}

/// Whether `day` is in the n-th period (week, month, year, day) of the rule's rhythm: the
/// period holding `anchor` is the first; days before it hold none.
fn in_interval(rule: &Rrule, day: NaiveDate) -> bool {
    if rule.interval <= 1 {
        return true;
    }
    let Some(anchor) = rule.anchor else {
        return true;
    };
    let interval = i64::from(rule.interval);
    let periods = match rule.freq {
        Freq::Daily => (day - anchor).num_days(),
        Freq::Weekly => {
            let monday = |d: NaiveDate| d - Duration::days(d.weekday().num_days_from_monday().into());
            (monday(day) - monday(anchor)).num_days() / 7
        }
        Freq::Monthly => {
            (i64::from(day.year()) * 12 + i64::from(day.month()))
                - (i64::from(anchor.year()) * 12 + i64::from(anchor.month()))
        }
        Freq::Yearly => i64::from(day.year() - anchor.year()),
    };
    periods >= 0 && periods % interval == 0
}

fn is_last_of_month(day: NaiveDate) -> bool {
    (day + Duration::days(1)).month() != day.month()
}

/// `n` is 1..=5 from the start of the month, or -1..=-5 from its end.
fn nth_in_month(day: NaiveDate, n: i8) -> bool {
    if n > 0 {
        (day.day() - 1) / 7 + 1 == n as u32
    } else {
        let days_in_month = days_in_month(day);
        (days_in_month - day.day()) / 7 + 1 == (-n) as u32
    }
}

fn days_in_month(day: NaiveDate) -> u32 {
    let (year, month) = if day.month() == 12 { (day.year() + 1, 1) } else { (day.year(), day.month() + 1) };
    NaiveDate::from_ymd_opt(year, month, 1).map_or(31, |first| (first - Duration::days(1)).day())
}

fn nth_in_year(day: NaiveDate, n: i8) -> bool {
    let ordinal = day.ordinal();
    if n > 0 {
        (ordinal - 1) / 7 + 1 == n as u32
    } else {
        let days_in_year = if NaiveDate::from_ymd_opt(day.year(), 2, 29).is_some() { 366 } else { 365 };
        (days_in_year - ordinal) / 7 + 1 == (-n) as u32
    }
}

fn rrule_occurs_on(rule: &Rrule, day: NaiveDate) -> bool {
    if rule.until.is_some_and(|until| day > until) || !in_interval(rule, day) {
        return false;
    }
    if !rule.by_month.is_empty() && !rule.by_month.contains(&(day.month() as u8)) {
        return false;
    }
    if !rule.by_month_day.is_empty() {
        let from_end = days_in_month(day) as i64 - day.day() as i64 + 1;
        let hit = rule.by_month_day.iter().any(|n| {
            if *n > 0 {
                i64::from(*n) == day.day() as i64
            } else {
                i64::from(-n) == from_end
            }
        });
        if !hit {
            return false;
        }
    }
    if !rule.by_day.is_empty() {
        let within_year = rule.freq == Freq::Yearly && rule.by_month.is_empty();
        let hit = rule.by_day.iter().any(|(n, weekday)| {
            day.weekday() == *weekday
                && match n {
                    None => true,
                    Some(n) if within_year => nth_in_year(day, *n),
                    Some(n) => nth_in_month(day, *n),
                }
        });
        if !hit {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Holidays;
    use crate::schedule::rrule;
    use chrono::Weekday;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn monthly_rules() {
        let holidays = Holidays::default();
        let calendar = WorkCalendar::new(&holidays);
        let last_friday = Recurrence::NthWeekday(-1, Weekday::Fri);
        assert!(last_friday.occurs_on(day("2026-11-27"), &calendar));
        assert!(!last_friday.occurs_on(day("2026-11-20"), &calendar));
        let first_monday = Recurrence::NthWeekday(1, Weekday::Mon);
        assert!(first_monday.occurs_on(day("2026-12-07"), &calendar));
        assert!(Recurrence::LastDay.occurs_on(day("2028-02-29"), &calendar));
        assert!(!Recurrence::MonthDay(31).occurs_on(day("2026-04-30"), &calendar));
    }

    #[test]
    fn rrules_agree_with_phrases() {
        let holidays = Holidays::default();
        let calendar = WorkCalendar::new(&holidays);
        let pairs = [
            ("FREQ=MONTHLY;BYMONTHDAY=5", Recurrence::MonthDay(5)),
            ("FREQ=MONTHLY;BYDAY=-1FR", Recurrence::NthWeekday(-1, Weekday::Fri)),
            ("FREQ=MONTHLY;BYMONTHDAY=-1", Recurrence::LastDay),
            ("FREQ=WEEKLY;BYDAY=TU", Recurrence::Weekly(Weekday::Tue)),
            ("FREQ=DAILY", Recurrence::Daily),
        ];
        for (text, phrase) in pairs {
            let rule = Recurrence::Rrule(rrule::parse(text).unwrap());
            for d in day("2026-01-01").iter_days().take(800) {
                assert_eq!(rule.occurs_on(d, &calendar), phrase.occurs_on(d, &calendar), "{text} on {d}");
            }
        }
    }
}
