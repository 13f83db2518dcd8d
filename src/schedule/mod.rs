//! Reception schedules: the phrases staff write, and the same rules put back into words.
//!
//! Pure: text in, [`Recurrence`](crate::model::Recurrence) and words out.

pub mod phrase;
pub mod rrule;
pub mod words;
