//! Property test: for random schedules, holidays and days, the sessions (and so the next
//! reception) that `schedule::sessions::expand` gives equal a brute-force walk over the
//! days that applies CONTENT.md's rules from their definitions.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use liaison::model::*;
use liaison::schedule::calendar::WorkCalendar;
use liaison::schedule::sessions::expand;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// The rule's days, written independently of the library.
fn rule_day(rule: &Recurrence, d: NaiveDate, workday: &dyn Fn(NaiveDate) -> bool) -> bool {
    let next_month = |x: NaiveDate| (x + Duration::days(7)).month() != x.month();
    match rule {
        Recurrence::MonthDay(n) => d.day() == *n as u32,
        Recurrence::LastDay => (d + Duration::days(1)).day() == 1,
        Recurrence::NthWeekday(n, w) => {
            d.weekday() == *w && if *n == -1 { next_month(d) } else { d.day().div_ceil(7) == *n as u32 }
        }
        Recurrence::Weekly(w) => d.weekday() == *w,
        Recurrence::Workdays => workday(d),
        Recurrence::Daily => true,
        Recurrence::Rrule(_) | Recurrence::NthWorkday(_) | Recurrence::Lunar(_) => unreachable!(),
    }
}

/// Sessions per day, from the definitions: a session is on `d` when its rule names `d`
/// (keep), or names `d` and `d` is a workday (skip), or `d` is a workday and the rule
/// names `d` or a day of the run of days off just before it (next_workday) or just after
/// it (previous_workday). One-offs are on their day. Then exceptions.
fn oracle(station: &Station, holidays: &Holidays, from: NaiveDate, to: NaiveDate) -> BTreeMap<NaiveDate, usize> {
    let workday = |d: NaiveDate| {
        holidays.workdays.contains(&d)
            || (!matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.off.contains(&d))
    };
    let on_day = |d: NaiveDate| -> usize {
        let mut count = 0;
        for entry in &station.schedule {
            let hit = match &entry.when {
                When::On(day) => *day == d,
                When::Every(rule) => match station.on_holiday {
                    OnHoliday::Keep => rule_day(rule, d, &workday),
                    OnHoliday::Skip => rule_day(rule, d, &workday) && workday(d),
                    OnHoliday::NextWorkday => {
                        workday(d) && {
                            let mut n = d;
                            let mut found = rule_day(rule, n, &workday);
                            while !found {
                                n -= Duration::days(1);
                                if workday(n) {
                                    break;
                                }
                                found = rule_day(rule, n, &workday);
                            }
                            found
                        }
                    }
                    OnHoliday::PreviousWorkday => {
                        workday(d) && {
                            let mut n = d;
                            let mut found = rule_day(rule, n, &workday);
                            while !found {
                                n += Duration::days(1);
                                if workday(n) {
                                    break;
                                }
                                found = rule_day(rule, n, &workday);
                            }
                            found
                        }
                    }
                },
            };
            count += usize::from(hit);
        }
        count
    };
    let mut days = BTreeMap::new();
    for d in (from - Duration::days(40)).iter_days().take_while(|d| *d <= to + Duration::days(40)) {
        let mut count = on_day(d);
        if station.exceptions.iter().any(|e| e.date == d) {
            count = 0;
        }
        for e in &station.exceptions {
            if e.kind == ExceptionKind::Move(d) {
                count += on_day(e.date);
            }
        }
        if count > 0 && (from..=to).contains(&d) {
            days.insert(d, count);
        }
    }
    days
}

fn weekday() -> impl Strategy<Value = Weekday> {
    (0u8..7).prop_map(|n| Weekday::try_from(n).unwrap())
}

fn recurrence() -> impl Strategy<Value = Recurrence> {
    prop_oneof![
        (1u8..=31).prop_map(Recurrence::MonthDay),
        Just(Recurrence::LastDay),
        (prop_oneof![Just(-1i8), 1i8..=4], weekday()).prop_map(|(n, w)| Recurrence::NthWeekday(n, w)),
        weekday().prop_map(Recurrence::Weekly),
        Just(Recurrence::Workdays),
    ]
}

fn day_in_2026() -> impl Strategy<Value = NaiveDate> {
    (0i64..365).prop_map(|n| base() + Duration::days(n))
}

fn on_holiday() -> impl Strategy<Value = OnHoliday> {
    prop_oneof![
        Just(OnHoliday::Keep),
        Just(OnHoliday::Skip),
        Just(OnHoliday::NextWorkday),
        Just(OnHoliday::PreviousWorkday)
    ]
}

fn station_strategy() -> impl Strategy<Value = Station> {
    let entries = prop::collection::vec(
        prop_oneof![3 => recurrence().prop_map(When::Every), 1 => day_in_2026().prop_map(When::On)],
        1..4,
    );
    let exceptions = prop::collection::vec(
        (day_in_2026(), prop::option::of(day_in_2026())).prop_map(|(date, to)| Exception {
            date,
            kind: to.map_or(ExceptionKind::Cancel, ExceptionKind::Move),
            reason: None,
            line: 1,
        }),
        0..3,
    );
    (entries, exceptions, on_holiday()).prop_map(|(whens, exceptions, on_holiday)| {
        // Exceptions on distinct dates, none moving onto another exception's date.
        let mut exceptions: Vec<Exception> = exceptions;
        exceptions.sort_by_key(|e| e.date);
        exceptions.dedup_by_key(|e| e.date);
        let dates: Vec<NaiveDate> = exceptions.iter().map(|e| e.date).collect();
        exceptions.retain(|e| !matches!(e.kind, ExceptionKind::Move(to) if dates.contains(&to)));
        let schedule = whens
            .into_iter()
            .enumerate()
            .map(|(i, when)| ScheduleEntry {
                when,
                time: TimeRange { start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(), end: None },
                place: None,
                note: None,
                who: Who::All,
                host: None,
                line: i + 1,
                notice: None,
            })
            .collect();
        Station { on_holiday, schedule, exceptions, ..Station::new("s", "s") }
    })
}

fn holidays_strategy() -> impl Strategy<Value = Holidays> {
    (prop::collection::btree_set(day_in_2026(), 0..25), prop::collection::btree_set(day_in_2026(), 0..6)).prop_map(
        |(off, workdays)| {
            let workdays = workdays.into_iter().filter(|d| !off.contains(d)).collect();
            Holidays { off, workdays, years: [2026].into() }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn sessions_and_next_reception_match_a_walk_over_the_days(
        station in station_strategy(),
        holidays in holidays_strategy(),
        today in day_in_2026(),
    ) {
        let calendar = WorkCalendar::new(&holidays);
        let to = today + Duration::days(120);
        let sessions = expand(&station, &calendar, today, to);
        let mut got: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for session in &sessions {
            *got.entry(session.date).or_default() += 1;
        }
        let expected = oracle(&station, &holidays, today, to);
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(sessions.first().map(|s| s.date), expected.keys().next().copied(), "next reception");
    }
}
