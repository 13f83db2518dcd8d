//! How a station's wall board (公示牌, `render::board`) is laid out for the station's size,
//! and whether it fits one A4 page: shared by the board and by the warnings of `check`.

/// How the deputies are listed, by how many there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// Up to 12: each with post and 责任田, three columns.
    Small,
    /// Up to 40: names by level, one paragraph a level.
    Medium,
    /// More: the same in smaller type, or only the roster's teams when they hold everyone.
    Large,
}

impl Size {
    pub fn of(deputies: usize) -> Size {
        match deputies {
            0..=12 => Size::Small,
            13..=40 => Size::Medium,
            _ => Size::Large,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            Size::Small => "board-s",
            Size::Medium => "board-m",
            Size::Large => "board-l",
        }
    }
}

/// Whether a large station's board lists its deputies by roster team only: when the teams
/// hold every deputy (as at 西营镇, 84 deputies in teams of two), listing them twice is waste.
pub fn by_team(station: &crate::model::Station) -> bool {
    let in_teams = station.roster.iter().flat_map(|r| r.teams.iter().flatten()).count();
    Size::of(station.deputies.len()) == Size::Large && in_teams >= station.deputies.len()
}

/// Whether a station's board fits one A4 page, by the printed heights of its parts in
/// millimetres (the print stylesheet's sizes, measured from boards printed by Chromium, with
/// a margin): the head with its codes, a line per schedule entry, the personal days in two
/// columns, the teams in four columns, the deputies, the rules in two columns.
pub fn fits_a4(station: &crate::model::Station, rules: usize) -> bool {
    let deputies = station.deputies.len();
    // Millimetres of roster per deputy: a row of three cards, or a name in a paragraph.
    let per_deputy = match Size::of(deputies) {
        Size::Small => 19.0 / 3.0,
        Size::Medium => 1.5,
        Size::Large => 1.0,
    };
    let personal = station.deputies.iter().filter(|d| d.reception.is_some()).count();
    let teams = station.roster.as_ref().map_or(0, |r| r.teams.len());
    let listed = if by_team(station) { 0 } else { deputies };
    let lines = station.schedule.len() + 1;
    let height = 100.0
        + 7.5 * lines as f64
        + 6.0 * personal.div_ceil(2) as f64
        + if teams > 0 { 6.0 + 4.7 * teams.div_ceil(4) as f64 } else { 0.0 }
        + 12.0
        + per_deputy * listed as f64
        + 6.5 * rules.div_ceil(2) as f64
        + 10.0;
    // Less than the 273 mm of A4 within its margins: better a needless hint about A3 than a
    // board that runs onto a second page.
    height <= 265.0
}
