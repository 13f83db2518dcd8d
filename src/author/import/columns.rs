//! The columns of a roster sheet: the headers clerks write (姓名, 代表层级, 职务 …, and the
//! English words), and the row that holds them, found below any title rows.

use super::sheet::{Cell, Row};
use crate::load::fold_word;

/// What a column holds: a key of `deputies.yaml`, or a column read and left out.
/// In the order `deputies.yaml` writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Level,
    Position,
    Constituency,
    Gender,
    Phone,
    Station,
    ResponsibleFor,
    Reception,
    Pinyin,
    Id,
    /// 序号: a row number, not data.
    Serial,
}

impl Field {
    /// The key it is written under in `deputies.yaml` (`None`: not written).
    pub fn key(self) -> Option<&'static str> {
        Some(match self {
            Field::Name => "name",
            Field::Level => "level",
            Field::Position => "position",
            Field::Constituency => "constituency",
            Field::Gender => "gender",
            Field::Phone => "phone",
            Field::ResponsibleFor => "responsible_for",
            Field::Reception => "reception",
            Field::Pinyin => "pinyin",
            Field::Id => "id",
            Field::Station | Field::Serial => return None,
        })
    }
}

/// Headers, compared folded (case, spaces, full-width letters aside) and without a remark in
/// brackets (`电话（办公）` is `电话`).
const HEADERS: &[(Field, &[&str])] = &[
    (Field::Name, &["姓名", "代表姓名", "名字", "name"]),
    (Field::Level, &["代表层级", "层级", "级别", "代表级别", "代表类别", "人大代表级别", "level"]),
    (
        Field::Position,
        &["职务", "职业职务", "职业及职务", "工作单位及职务", "单位及职务", "工作单位和职务", "单位职务", "position"],
    ),
    (Field::Constituency, &["选区", "选区/单位", "选区单位", "选举单位", "所在选区", "constituency"]),
    (Field::Gender, &["性别", "gender"]),
    (Field::Phone, &["电话", "联系电话", "办公电话", "手机", "手机号", "手机号码", "联系方式", "phone", "tel"]),
    (Field::Station, &["所属联络站", "联络站", "所属站点", "所在联络站", "联络站（点）", "所属联络站点", "station"]),
    (
        Field::ResponsibleFor,
        &[
            "责任片区",
            "责任片区/村",
            "责任田",
            "联系村",
            "服务范围",
            "责任区",
            "联系网格",
            "责任网格",
            "responsible_for",
            "responsiblefor",
        ],
    ),
    (Field::Reception, &["接待日", "个人接待日", "reception"]),
    (Field::Pinyin, &["拼音", "pinyin"]),
    (Field::Id, &["标识", "id"]),
    (Field::Serial, &["序号", "编号", "no", "no.", "#"]),
];

/// Words that name a field wherever they stand in a header not listed above (电话号码,
/// 现任职务, 所在网格), tried in this order.
const HEADER_WORDS: &[(&str, Field)] = &[
    ("姓名", Field::Name),
    ("层级", Field::Level),
    ("级别", Field::Level),
    ("电话", Field::Phone),
    ("手机", Field::Phone),
    ("职务", Field::Position),
    ("选区", Field::Constituency),
    ("联络站", Field::Station),
    ("责任", Field::ResponsibleFor),
    ("网格", Field::ResponsibleFor),
    ("接待日", Field::Reception),
];

/// The field a header names.
pub fn field_of(header: &str) -> Option<Field> {
    let folded = fold_word(&one_line(header));
    let without_remark = folded.split(['(', '（']).next().unwrap_or_default().to_string();
    let listed = [&folded, &without_remark].into_iter().find_map(|h| {
        HEADERS.iter().find(|(_, words)| words.iter().any(|w| fold_word(w) == *h)).map(|(field, _)| *field)
    });
    listed.or_else(|| HEADER_WORDS.iter().find(|(word, _)| without_remark.contains(word)).map(|(_, field)| *field))
}

/// A header as one line: a line break typed in it (代表⏎层级) taken out.
pub fn one_line(header: &str) -> String {
    header.split(['\n', '\r']).map(str::trim).collect()
}

/// A column of the sheet: its index (0 is A), its header as written, and what it holds.
pub struct Column {
    pub index: usize,
    pub header: String,
    pub field: Option<Field>,
}

/// The header row: the first of the first rows with a 姓名 column. Rows above it (a
/// merged title, a date line) are not data.
pub fn find_header(rows: &[Row]) -> Option<(usize, Vec<Column>)> {
    rows.iter().take(20).enumerate().find_map(|(i, row)| {
        let columns: Vec<Column> =
            header_cells(row).map(|(index, header)| Column { index, field: field_of(&header), header }).collect();
        columns.iter().any(|c| c.field == Some(Field::Name)).then_some((i, columns))
    })
}

/// The filled cells of a row that may be a header, each with its column and its text on one line.
pub fn header_cells(row: &Row) -> impl Iterator<Item = (usize, String)> + '_ {
    row.cells
        .iter()
        .enumerate()
        .filter(|(_, cell)| !cell.is_blank())
        .map(|(index, cell)| (index, one_line(&cell.text())))
}

/// A column's letters as the spreadsheet shows them: 0 → A, 25 → Z, 26 → AA.
pub fn letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The cell of a row in a column (empty past the row's end).
pub fn cell(row: &Row, index: usize) -> Cell {
    row.cells.get(index).cloned().unwrap_or(Cell::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_in_the_clerk_s_words() {
        assert_eq!(field_of("姓名"), Some(Field::Name));
        assert_eq!(field_of(" 代表层级 "), Some(Field::Level));
        assert_eq!(field_of("电话（办公）"), Some(Field::Phone));
        assert_eq!(field_of("选区/单位"), Some(Field::Constituency));
        assert_eq!(field_of("Responsible_for"), Some(Field::ResponsibleFor));
        assert_eq!(field_of("责任片区/村"), Some(Field::ResponsibleFor));
        assert_eq!(field_of("电话号码"), Some(Field::Phone));
        assert_eq!(field_of("现任职务"), Some(Field::Position));
        assert_eq!(field_of("代表\n层级"), Some(Field::Level));
        assert_eq!(field_of("民族"), None);
        assert_eq!(field_of("备注"), None);
        assert_eq!(
            (letters(0), letters(25), letters(26), letters(27)),
            ("A".into(), "Z".into(), "AA".into(), "AB".into())
        );
    }
}
