//! A spreadsheet as rows of cells, whatever saved it: `.xlsx`, `.xls`, `.ods` through
//! calamine, and CSV (or Excel's tab-separated "Unicode text") in the encodings Excel and
//! WPS write on a Chinese PC: UTF-8 with or without a byte-order mark, UTF-16, or GBK.

use crate::lang::Lang;
use anyhow::{bail, Result};
use calamine::{Data, Reader};
use std::path::Path;

/// One cell as the sheet holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell (a phone typed into a General cell becomes one).
    Number(f64),
}

impl Cell {
    /// The text of the cell; a whole number without a decimal point.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// A row with its number as the spreadsheet shows it (1 is the first row).
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

pub struct Sheet {
    /// The sheet's tab name; `None` for a CSV file, which has one sheet.
    pub name: Option<String>,
    pub rows: Vec<Row>,
}

/// What a file was read as, to tell the clerk (`GBK`, `UTF-8`, `xlsx` …).
pub struct Workbook {
    pub sheets: Vec<Sheet>,
    pub format: String,
}

pub fn read(path: &Path, lang: Lang) -> Result<Workbook> {
    // A name typed wrong is the commonest slip: say so, not "save it again as .xlsx".
    if !path.is_file() {
        bail!(
            "{}",
            match lang {
                Lang::ZhCn => format!("找不到表格文件“{}”：请检查文件名和所在文件夹", path.display()),
                Lang::En => format!("no spreadsheet file `{}`: check its name and folder", path.display()),
            }
        );
    }
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "et" => read_workbook(path, &extension, lang),
        "csv" | "txt" | "tsv" => read_text(path, lang),
        _ => bail!(
            "{}",
            match lang {
                Lang::ZhCn => format!("{}：只能导入 .xlsx、.xls、.ods 或 .csv 表格", path.display()),
                Lang::En => format!("{}: liaison imports .xlsx, .xls, .ods and .csv files", path.display()),
            }
        ),
    }
}

fn read_workbook(path: &Path, extension: &str, lang: Lang) -> Result<Workbook> {
    let cannot = |error: &dyn std::fmt::Display| {
        anyhow::anyhow!(
            "{}",
            match lang {
                Lang::ZhCn =>
                    format!("{}：无法读取这个表格（{error}）；请用 Excel 或 WPS 另存为 .xlsx 再试", path.display()),
                Lang::En => format!(
                    "{}: cannot read this spreadsheet ({error}); save it as .xlsx and try again",
                    path.display()
                ),
            }
        )
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| cannot(&e))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| cannot(&e))?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut row: Vec<Cell> = vec![Cell::Empty; first_col as usize];
                row.extend(cells.iter().map(cell_of));
                Row { number: first_row as usize + i + 1, cells: row }
            })
            .collect();
        sheets.push(Sheet { name: Some(name), rows });
    }
    Ok(Workbook { sheets, format: extension.to_string() })
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn read_text(path: &Path, lang: Lang) -> Result<Workbook> {
    let bytes = std::fs::read(path)
        .map_err(|e| anyhow::anyhow!("{} `{}`: {e}", lang.pick("无法读取", "cannot read"), path.display()))?;
    let (text, encoding) = decode(&bytes);
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|e| anyhow::anyhow!("{}: {} ({e})", path.display(), lang.pick("CSV 格式有误", "malformed CSV")))?;
        // A row as the spreadsheet numbers it: a cell with line breaks is still one row.
        let number = rows.len() + 1;
        let cells =
            record.iter().map(|t| if t.trim().is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) }).collect();
        rows.push(Row { number, cells });
    }
    Ok(Workbook { sheets: vec![Sheet { name: None, rows }], format: format!("CSV, {encoding}") })
}

/// The text of a CSV file and the name of its encoding: a byte-order mark decides, then
/// UTF-8 when the bytes are valid UTF-8, else GBK (GB18030, its superset), as Excel and WPS
/// save "CSV (逗号分隔)" on a Chinese Windows.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom_length)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return (text.into_owned(), encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), "GBK")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_bytes_are_read_in_the_encoding_that_saved_them() {
        assert_eq!(decode("\u{feff}姓名".as_bytes()), ("姓名".to_string(), "UTF-8"));
        assert_eq!(decode("姓名".as_bytes()), ("姓名".to_string(), "UTF-8"));
        // 姓名 in GBK.
        assert_eq!(decode(&[0xD0, 0xD5, 0xC3, 0xFB]), ("姓名".to_string(), "GBK"));
        assert_eq!(decode(&[0xFF, 0xFE, 0xD3, 0x59, 0x0D, 0x54]), ("姓名".to_string(), "UTF-16LE"));
    }

    #[test]
    fn number_cells_read_as_people_typed_them() {
        assert_eq!(Cell::Number(3580000000.0).text(), "3580000000");
        assert_eq!(Cell::Number(13800000000.0).text(), "13800000000");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}
