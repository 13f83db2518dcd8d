//! Reception schedules: the phrases staff write, the workday calendar, the sessions they
//! give, "next reception", and the same rules back in words and as iCalendar.
//!
//! Pure: content in, dates and text out.

pub mod calendar;
pub mod explain;
pub mod ics;
pub mod length;
pub mod lunar;
mod occurs;
pub mod phrase;
pub mod rrule;
pub mod sessions;
pub mod warnings;
pub mod words;
