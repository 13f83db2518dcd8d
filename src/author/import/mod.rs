//! `liaison import`: a deputy roster kept in Excel or WPS (`.xlsx`, `.xls`, `.ods`, CSV)
//! into a station's `deputies.yaml`, or into each station a 所属联络站 column names.
//!
//! The rows become the YAML text they will be written as, with a note of which cell each
//! line came from; that text is read by the loader's own `deputies.yaml` reader, and every
//! problem it finds is reported at its cell (file:sheet:row:column). Nothing is written
//! while any row is bad, and an existing `deputies.yaml` is replaced only with `--force`.

mod columns;
mod existing;
mod ledger;
pub mod sheet;

use super::{find_county, find_station, yaml_scalar};
use crate::diag::Severity;
use crate::lang::Lang;
use crate::model::{County, Site, Station};
use anyhow::{bail, Result};
use columns::{cell, find_header, letters, Column, Field};
use sheet::{Cell, Row};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

pub struct ImportOptions<'a> {
    pub file: &'a Path,
    pub station: Option<&'a str>,
    pub county: Option<&'a str>,
    pub sheet: Option<&'a str>,
    pub force: bool,
    pub dry_run: bool,
    pub content: &'a Path,
}

/// What to print, and whether the import went through.
pub struct Report {
    pub ok: bool,
    pub text: String,
}

/// A problem at a cell (or a row, or the sheet), in words.
struct CellProblem {
    severity: Severity,
    row: usize,
    column: Option<usize>,
    header: Option<String>,
    message: String,
    hint: Option<String>,
}

/// One deputy's row: the station it goes to and its values by field, each with its column.
struct Entry {
    row: usize,
    station: usize,
    values: Vec<(Field, usize, String)>,
}

pub fn run(site: &Site, options: &ImportOptions, lang: Lang) -> Result<Report> {
    let (county, target) = target(site, options, lang)?;
    let workbook = sheet::read(options.file, lang)?;
    let sheet = match options.sheet {
        Some(name) => workbook.sheets.iter().find(|s| s.name.as_deref() == Some(name)).ok_or_else(|| {
            let names: Vec<&str> = workbook.sheets.iter().filter_map(|s| s.name.as_deref()).collect();
            anyhow::anyhow!(
                "{}",
                match lang {
                    Lang::ZhCn => format!("表格里没有工作表“{name}”；有：{}", names.join("、")),
                    Lang::En => format!("no sheet `{name}`; the sheets are: {}", names.join(", ")),
                }
            )
        })?,
        None => workbook
            .sheets
            .iter()
            .find(|s| find_header(&s.rows).is_some() || ledger::find_header(&s.rows).is_some())
            .unwrap_or(&workbook.sheets[0]),
    };
    let file_name = options.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let place = match &sheet.name {
        Some(name) => format!("{file_name}:{name}"),
        None => file_name.clone(),
    };
    if find_header(&sheet.rows).is_none() {
        if let Some((header_index, columns)) = ledger::find_header(&sheet.rows) {
            let Some(station) = target else {
                bail!(
                    "{}",
                    lang.pick("台账请用 --station 写明是哪个联络站的", "say whose ledger it is with --station")
                );
            };
            let station = &county.stations[station];
            return import_ledger(&sheet.rows[header_index..], &columns, &place, county, station, options, lang);
        }
    }
    let Some((header_index, columns)) = find_header(&sheet.rows) else {
        bail!(
            "{}",
            match lang {
                Lang::ZhCn => format!("{place}：前 20 行里找不到“姓名”一栏；表头应有 姓名、代表层级 等"),
                Lang::En =>
                    format!("{place}: no 姓名 (name) column in the first 20 rows; the header needs 姓名, 代表层级 …"),
            }
        );
    };
    let header_row = sheet.rows[header_index].number;
    let mut problems = Vec::new();
    let columns = check_columns(columns, header_row, target.is_some(), lang, &mut problems);
    let mut entries = Vec::new();
    let mut skipped = 0;
    for row in &sheet.rows[header_index + 1..] {
        match read_row(row, &columns, county, target, lang, &mut problems) {
            RowRead::Entry(entry) => entries.push(entry),
            RowRead::OtherStation => skipped += 1,
            RowRead::Blank => {}
        }
    }
    let mut texts: BTreeMap<usize, String> = BTreeMap::new();
    let mut seen_ids: BTreeMap<String, usize> = BTreeMap::new();
    let stations: Vec<usize> = {
        let mut s: Vec<usize> = entries.iter().map(|e| e.station).collect();
        s.sort();
        s.dedup();
        s
    };
    for station_index in stations {
        let station = &county.stations[station_index];
        let rel = format!("{}/stations/{}", county.id, station.id);
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.station == station_index).collect();
        let old = existing::read(&options.content.join(&rel).join("deputies.yaml"));
        let (text, lines) = yaml_of(&mine, old.as_ref(), lang);
        let (deputies, diagnostics) =
            crate::load::decode_deputies(options.content, &rel, &text, &site.portal.half_days);
        let header_of = |c: usize| columns.iter().find(|col| col.index == c).map(|col| col.header.clone());
        problems.extend(at_cells(&diagnostics, &lines, header_row, header_of, lang));
        for (deputy, line) in &deputies {
            let (row, column) = lines.get(line).copied().unwrap_or((header_row, None));
            let other = seen_ids.insert(deputy.id.clone(), row).map(|r| format!("{place}:{r}"));
            let elsewhere = county
                .stations
                .iter()
                .filter(|s| s.id != station.id)
                .find(|s| s.deputies.iter().any(|d| d.id == deputy.id))
                .map(|s| format!("{}/stations/{}/deputies.yaml", county.id, s.id));
            if let Some(other) = other.or(elsewhere) {
                problems.push(CellProblem {
                    severity: Severity::Error,
                    row,
                    column,
                    header: None,
                    message: match lang {
                        Lang::ZhCn => format!("代表 {} 的标识 {} 与 {other} 的代表重复", deputy.name, deputy.id),
                        Lang::En => format!("{}'s id {} is also the id of the deputy at {other}", deputy.name, deputy.id),
                    },
                    hint: Some(match lang {
                        Lang::ZhCn => "同一人只写一次；不同的人加一栏“标识”，写上不同的标识，如 wangwei-2".into(),
                        Lang::En => "list a person once; for two people, add an 标识 (id) column with different ids, e.g. wangwei-2".into(),
                    }),
                });
            }
        }
        texts.insert(station_index, text);
    }
    if entries.is_empty() && !problems.iter().any(|p| p.severity == Severity::Error) {
        problems.push(CellProblem {
            severity: Severity::Error,
            row: header_row,
            column: None,
            header: None,
            message: lang.pick("表头下面没有代表", "no deputies below the header").to_string(),
            hint: None,
        });
    }
    let (mut out, errors) = render(&mut problems, &place, lang);
    if errors > 0 {
        let _ = writeln!(out, "{}", nothing_written(errors, lang));
        return Ok(Report { ok: false, text: out });
    }
    let blocked: Vec<String> = texts
        .keys()
        .map(|&i| {
            options.content.join(county.id.as_str()).join("stations").join(&county.stations[i].id).join("deputies.yaml")
        })
        .filter(|path| path.exists() && !options.force)
        .map(|path| path.display().to_string())
        .collect();
    if !blocked.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::ZhCn => format!(
                    "{} 已存在，没有覆盖。要用表格替换名单，加 --force（表格里没有的栏，如照片、简介、接待日，按姓名保留）；先看会写什么，加 --dry-run",
                    blocked.join("、")
                ),
                Lang::En => format!(
                    "{} exists already and was not overwritten. To replace the roster with the sheet, add --force (fields the sheet has no column for, such as photo, bio and reception, are kept by name); to see what would be written, --dry-run",
                    blocked.join(", ")
                ),
            }
        );
        if !options.dry_run {
            return Ok(Report { ok: false, text: out });
        }
    }
    for (&i, text) in &texts {
        let station = &county.stations[i];
        let path = options.content.join(county.id.as_str()).join("stations").join(&station.id).join("deputies.yaml");
        let count = entries.iter().filter(|e| e.station == i).count();
        if options.dry_run {
            let _ = writeln!(
                out,
                "{}",
                lang.pick("将写入（--dry-run，未写）：", "would write (--dry-run, nothing written):")
            );
            let _ = writeln!(out, "--- {}\n{text}", path.display());
            continue;
        }
        let replaced = path.exists();
        if replaced {
            super::replace(&path, text, lang)?;
        } else {
            super::create_new(&path, text, lang)?;
        }
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::ZhCn => format!("已写入 {}：{}的 {count} 名代表", path.display(), station.name),
                Lang::En => format!("wrote {}: {count} deputies of {}", path.display(), station.name),
            }
        );
    }
    if skipped > 0 {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::ZhCn => format!("另有 {skipped} 行属于其他联络站，没有导入（导入整个县的名册用 --county）"),
                Lang::En =>
                    format!("{skipped} rows of other stations were left out (import a county's roster with --county)"),
            }
        );
    }
    if !options.dry_run {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::ZhCn => format!(
                    "读作 {}；接下来运行 liaison check --content {}",
                    workbook.format,
                    options.content.display()
                ),
                Lang::En => format!(
                    "read as {}; next, run liaison check --content {}",
                    workbook.format,
                    options.content.display()
                ),
            }
        );
    }
    Ok(Report { ok: true, text: out })
}

/// A ledger sheet into the station's `stats.yaml` (`rows` begin with the header row).
fn import_ledger(
    rows: &[Row],
    columns: &[ledger::LedgerColumn],
    place: &str,
    county: &County,
    station: &Station,
    options: &ImportOptions,
    lang: Lang,
) -> Result<Report> {
    let header_row = rows[0].number;
    let mut problems = Vec::new();
    for column in columns.iter().filter(|c| c.key.is_none()) {
        problems.push(CellProblem {
            severity: Severity::Warning,
            row: header_row,
            column: Some(column.index),
            header: None,
            message: match lang {
                Lang::ZhCn => format!("“{}”一栏不是台账的内容，没有导入", column.header),
                Lang::En => format!("the column `{}` is not part of a ledger; it is left out", column.header),
            },
            hint: Some(
                lang.pick(
                    "台账的栏目：时间、代表进站人次、接待群众人次、收集问题、办结",
                    "ledger columns: 时间, 代表进站人次, 接待群众人次, 收集问题, 办结",
                )
                .into(),
            ),
        });
    }
    let heading = lang.pick(
        "# 联络站台账，由 liaison import 从表格导入；格式见 docs/CONTENT.md。\n",
        "# The station's ledger, imported from a spreadsheet by liaison import; the format is in docs/CONTENT.md.\n",
    );
    let (text, lines) = ledger::yaml_of(&rows[1..], columns, heading);
    let rel = format!("{}/stations/{}", county.id, station.id);
    let header_of = |c: usize| columns.iter().find(|col| col.index == c).map(|col| col.header.clone());
    problems.extend(at_cells(&crate::load::decode_stats(&rel, &text), &lines, header_row, header_of, lang));
    let (mut out, errors) = render(&mut problems, place, lang);
    let path = options.content.join(&rel).join("stats.yaml");
    let refusal = if errors > 0 {
        Some(nothing_written(errors, lang))
    } else if path.exists() && !options.force && !options.dry_run {
        Some(match lang {
            Lang::ZhCn => format!("{} 已存在，没有覆盖；要用表格替换台账，加 --force", path.display()),
            Lang::En => format!(
                "{} exists already and was not overwritten; to replace the ledger with the sheet, add --force",
                path.display()
            ),
        })
    } else {
        None
    };
    if let Some(refusal) = refusal {
        let _ = writeln!(out, "{refusal}");
        return Ok(Report { ok: false, text: out });
    }
    if options.dry_run {
        let _ = writeln!(
            out,
            "{}\n--- {}\n{text}",
            lang.pick("将写入（--dry-run，未写）：", "would write (--dry-run, nothing written):"),
            path.display()
        );
        return Ok(Report { ok: true, text: out });
    }
    if path.exists() {
        super::replace(&path, &text, lang)?;
    } else {
        super::create_new(&path, &text, lang)?;
    }
    let count = text.lines().filter(|l| l.starts_with("- ")).count();
    let _ = writeln!(
        out,
        "{}",
        match lang {
            Lang::ZhCn => format!("已写入 {}：{}的台账 {count} 行", path.display(), station.name),
            Lang::En => format!("wrote {}: {count} ledger rows of {}", path.display(), station.name),
        }
    );
    Ok(Report { ok: true, text: out })
}

/// The county, and the station (by its index in the county) when one was named.
fn target<'a>(site: &'a Site, options: &ImportOptions, lang: Lang) -> Result<(&'a County, Option<usize>)> {
    match (options.station, options.county) {
        (Some(station), _) => {
            let place = find_station(site, station, lang)?;
            let station = place.station.and_then(|s| place.county.stations.iter().position(|x| x.id == s.id));
            Ok((place.county, station))
        }
        (None, Some(county)) => Ok((find_county(site, county, lang)?, None)),
        (None, None) => bail!(
            "{}",
            lang.pick(
                "请用 --station 写明导入到哪个联络站（如 --station jiaocheng/xiying），或用 --county 导入带“所属联络站”一栏的全县名册",
                "say where with --station (e.g. --station jiaocheng/xiying), or --county for a county's roster with a 所属联络站 column"
            )
        ),
    }
}

/// Columns it reads; a column it does not know is a warning (not imported), a column
/// written twice is an error, and 姓名 and 代表层级 must be there.
fn check_columns(
    columns: Vec<Column>,
    header_row: usize,
    has_station: bool,
    lang: Lang,
    problems: &mut Vec<CellProblem>,
) -> Vec<Column> {
    let mut kept: Vec<Column> = Vec::new();
    for column in columns {
        let problem = |message: String, hint: Option<String>, severity| CellProblem {
            severity,
            row: header_row,
            column: Some(column.index),
            header: None,
            message,
            hint,
        };
        match column.field {
            None => problems.push(problem(
                match lang {
                    Lang::ZhCn => format!("“{}”一栏不是名册的内容，没有导入", column.header),
                    Lang::En => format!("the column `{}` is not part of a roster; it is left out", column.header),
                },
                Some(
                    lang.pick(
                        "名册的栏目：姓名、代表层级、职务、选区/单位、性别、电话、所属联络站、责任片区、接待日",
                        "roster columns: 姓名, 代表层级, 职务, 选区/单位, 性别, 电话, 所属联络站, 责任片区, 接待日",
                    )
                    .into(),
                ),
                Severity::Warning,
            )),
            Some(field) if kept.iter().any(|c| c.field == Some(field)) && field != Field::Serial => {
                let first = kept.iter().find(|c| c.field == Some(field)).map(|c| letters(c.index)).unwrap_or_default();
                problems.push(problem(
                    match lang {
                        Lang::ZhCn => format!("“{}”一栏与 {first} 列重复", column.header),
                        Lang::En => format!("the column `{}` says what column {first} says", column.header),
                    },
                    Some(lang.pick("删去其中一栏", "delete one of them").into()),
                    Severity::Error,
                ));
            }
            Some(_) => kept.push(column),
        }
    }
    let mut required = vec![Field::Level];
    if !has_station {
        required.push(Field::Station);
    }
    for field in required {
        if !kept.iter().any(|c| c.field == Some(field)) {
            let (zh, en) = match field {
                Field::Level => ("代表层级", "代表层级 (level)"),
                _ => ("所属联络站", "所属联络站 (station)"),
            };
            problems.push(CellProblem {
                severity: Severity::Error,
                row: header_row,
                column: None,
                header: None,
                message: match lang {
                    Lang::ZhCn => format!("表头没有“{zh}”一栏"),
                    Lang::En => format!("the header has no {en} column"),
                },
                hint: Some(match (lang, field) {
                    (Lang::ZhCn, Field::Level) => "加一栏“代表层级”，写 省人大代表、县人大代表 等".into(),
                    (Lang::En, Field::Level) => "add a 代表层级 column: 省人大代表, 县人大代表 …".into(),
                    (Lang::ZhCn, _) => "加一栏“所属联络站”，或用 --station 导入到一个联络站".into(),
                    (Lang::En, _) => "add a 所属联络站 column, or import into one station with --station".into(),
                }),
            });
        }
    }
    kept
}

enum RowRead {
    Entry(Entry),
    /// A row of another station (importing into one station from a county's roster).
    OtherStation,
    Blank,
}

fn read_row(
    row: &Row,
    columns: &[Column],
    county: &County,
    target: Option<usize>,
    lang: Lang,
    problems: &mut Vec<CellProblem>,
) -> RowRead {
    let data: Vec<&Column> = columns.iter().filter(|c| c.field != Some(Field::Serial)).collect();
    if data.iter().all(|c| cell(row, c.index).is_blank()) {
        return RowRead::Blank;
    }
    let mut report = |column: &Column, message: String, hint: String| {
        problems.push(CellProblem {
            severity: Severity::Error,
            row: row.number,
            column: Some(column.index),
            header: Some(column.header.clone()),
            message,
            hint: Some(hint),
        })
    };
    let mut values = Vec::new();
    let mut station = target;
    let mut station_reported = false;
    for column in data {
        let Some(field) = column.field else { continue };
        let value = cell(row, column.index);
        if value.is_blank() {
            continue;
        }
        match field {
            Field::Station => match station_of(county, value.text().trim()) {
                Some(index) if target.is_some_and(|t| t != index) => return RowRead::OtherStation,
                Some(index) => station = Some(index),
                None => {
                    station_reported = true;
                    let names: Vec<&str> = county.stations.iter().map(|s| s.name.as_str()).collect();
                    report(
                        column,
                        match lang {
                            Lang::ZhCn => format!("{}没有联络站“{}”", county.name, value.text().trim()),
                            Lang::En => format!("{} has no station `{}`", county.name, value.text().trim()),
                        },
                        match lang {
                            Lang::ZhCn => format!("写其中一个：{}", names.join("、")),
                            Lang::En => format!("write one of: {}", names.join(", ")),
                        },
                    );
                }
            },
            Field::Phone => match phone_text(&value, lang) {
                Ok(text) => values.push((field, column.index, text)),
                Err((message, hint)) => report(column, message, hint),
            },
            Field::Name => values.push((field, column.index, name_text(&value.text()))),
            _ => values.push((field, column.index, one_line(&value.text()))),
        }
    }
    let Some(station) = station else {
        let column = columns.iter().find(|c| c.field == Some(Field::Station)).filter(|_| !station_reported);
        if let Some(column) = column {
            report(
                column,
                lang.pick("这一行没有写所属联络站", "this row names no station").into(),
                lang.pick(
                    "写上联络站名称（合并的单元格请拆开，每行都写）",
                    "write the station's name (unmerge merged cells: one per row)",
                )
                .into(),
            );
        }
        return RowRead::Blank;
    };
    if !values.iter().any(|(f, ..)| *f == Field::Name) {
        if let Some(column) = columns.iter().find(|c| c.field == Some(Field::Name)) {
            report(
                column,
                lang.pick("这一行没有姓名", "this row has no name").into(),
                lang.pick("写上代表姓名，或删去这一行", "write the deputy's name, or delete the row").into(),
            );
        }
        // Reported once, here: the row's other cells are not read on their own.
        return RowRead::Blank;
    }
    RowRead::Entry(Entry { row: row.number, station, values })
}

/// The station a cell names: its id, its name, or its name without 人大代表联络站 (西营镇).
fn station_of(county: &County, text: &str) -> Option<usize> {
    let matches = |s: &Station| {
        s.id == text
            || s.name == text
            || super::strip_suffixes(&s.name, super::STATION_SUFFIXES)
                == super::strip_suffixes(text, super::STATION_SUFFIXES)
    };
    let found: Vec<usize> = county.stations.iter().enumerate().filter(|(_, s)| matches(s)).map(|(i, _)| i).collect();
    (found.len() == 1).then(|| found[0])
}

/// A name without the spaces clerks put between two characters to line names up (王　伟).
fn name_text(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.chars().any(|c| c as u32 >= 0x3400) {
        trimmed.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// A cell of one line: line breaks typed in a cell (Alt+Enter) become spaces.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r']).map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A phone cell as text; a number the spreadsheet changed is refused with the number to write.
fn phone_text(cell: &Cell, lang: Lang) -> Result<String, (String, String)> {
    let text = cell.text().trim().to_string();
    let scientific = text.contains(['E', 'e'])
        && text.chars().all(|c| c.is_ascii_digit() || "Ee+-.".contains(c))
        && text.chars().next().is_some_and(|c| c.is_ascii_digit());
    if scientific {
        return Err(match lang {
            Lang::ZhCn => (
                format!("电话“{text}”是科学计数法，号码的后几位已经丢了"),
                "在 Excel 或 WPS 里把这一列设为“文本”格式，重新输入完整号码（如 0358-0000000），再另存".into(),
            ),
            Lang::En => (
                format!("the phone `{text}` is in scientific notation: its last digits are lost"),
                "format the column as Text in Excel or WPS, type the whole number again (e.g. 0358-0000000) and save"
                    .into(),
            ),
        });
    }
    let lost_zero = matches!(cell, Cell::Number(_))
        && (text.len() == 10 || text.len() == 9 || text.len() == 11 && !text.starts_with('1'))
        && !text.starts_with('0');
    if lost_zero {
        let area = if text.starts_with(['1', '2']) { 2 } else { 3 };
        let fixed = format!("0{}-{}", &text[..area], &text[area..]);
        return Err(match lang {
            Lang::ZhCn => {
                (format!("电话 {text} 存成了数字，区号前的 0 丢了"), format!("把这一列设为“文本”格式，写成 {fixed}"))
            }
            Lang::En => (
                format!("the phone {text} was saved as a number and lost the 0 of its area code"),
                format!("format the column as Text and write {fixed}"),
            ),
        });
    }
    Ok(one_line(&text))
}

/// The `deputies.yaml` text of a station's rows, and for each of its lines the row and
/// column it came from. Fields the sheet has no column for are kept from the file it
/// replaces (matched by name).
fn yaml_of(
    entries: &[&Entry],
    old: Option<&existing::Existing>,
    lang: Lang,
) -> (String, BTreeMap<usize, (usize, Option<usize>)>) {
    let mut text = String::from(lang.pick(
        "# 代表名单，由 liaison import 从表格导入；格式见 docs/CONTENT.md。\n# level（代表层级）：全国、省、市、县、乡镇人大代表；phone 只写办公电话。\n",
        "# The deputies, imported from a spreadsheet by liaison import; the format is in docs/CONTENT.md.\n# level: national, provincial, city, county, township; phone: office phones only.\n",
    ));
    let mut lines = BTreeMap::new();
    let mut line = text.lines().count();
    for entry in entries {
        let mut first = true;
        let mut written: Vec<&str> = Vec::new();
        let mut ordered: Vec<&(Field, usize, String)> =
            entry.values.iter().filter(|(f, ..)| f.key().is_some()).collect();
        ordered.sort_by_key(|(f, ..)| *f);
        for (field, column, value) in ordered {
            let key = field.key().unwrap_or_default();
            let value = match field {
                Field::ResponsibleFor => {
                    let items: Vec<String> = value
                        .split(['、', '，', ',', ';', '；', ' ', '\u{3000}'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(yaml_scalar)
                        .collect();
                    format!("[{}]", items.join(", "))
                }
                _ => yaml_scalar(value),
            };
            let lead = if first { "- " } else { "  " };
            first = false;
            line += 1;
            let _ = writeln!(text, "{lead}{key}: {value}");
            lines.insert(line, (entry.row, Some(*column)));
            written.push(key);
        }
        let name = entry.values.iter().find(|(f, ..)| *f == Field::Name).map(|(_, _, v)| v.as_str());
        if let Some(kept) = old.and_then(|old| old.fields_of(name?)) {
            for (key, yaml) in kept.iter().filter(|(key, _)| !written.contains(&key.as_str())) {
                let lead = if first { "- " } else { "  " };
                first = false;
                for (i, part) in yaml.lines().enumerate() {
                    line += 1;
                    if i == 0 {
                        let _ = writeln!(text, "{lead}{key}: {part}");
                    } else {
                        let _ = writeln!(text, "  {part}");
                    }
                    lines.insert(line, (entry.row, None));
                }
            }
        }
        if first {
            // A row with no value to write (its problems are reported at its cells).
            line += 1;
            let _ = writeln!(text, "- name: \"\"");
            lines.insert(line, (entry.row, None));
        }
    }
    (text, lines)
}

/// The problems the loader's reader found in the text to write, at the cells its lines came from.
fn at_cells(
    diagnostics: &crate::diag::Diagnostics,
    lines: &BTreeMap<usize, (usize, Option<usize>)>,
    header_row: usize,
    header_of: impl Fn(usize) -> Option<String>,
    lang: Lang,
) -> Vec<CellProblem> {
    diagnostics
        .items
        .iter()
        .map(|diagnostic| {
            let (row, column) = lines.get(&diagnostic.pos.line).copied().unwrap_or((header_row, None));
            CellProblem {
                severity: diagnostic.severity,
                row,
                column,
                header: column.and_then(&header_of),
                message: diagnostic.problem.message(lang),
                hint: diagnostic.problem.hint(lang),
            }
        })
        .collect()
}

/// The problems in the order of the sheet, as text, and how many are errors.
fn render(problems: &mut [CellProblem], place: &str, lang: Lang) -> (String, usize) {
    problems.sort_by_key(|p| (p.row, p.column, p.severity));
    let mut out = String::new();
    for problem in problems.iter() {
        write_problem(&mut out, problem, place, lang);
    }
    (out, problems.iter().filter(|p| p.severity == Severity::Error).count())
}

fn nothing_written(errors: usize, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("共 {errors} 个错误，什么也没有写入；改好表格后再导入"),
        Lang::En => format!("{errors} errors: nothing was written; fix the sheet and import again"),
    }
}

fn write_problem(out: &mut String, problem: &CellProblem, place: &str, lang: Lang) {
    let label = match (problem.severity, lang) {
        (Severity::Error, Lang::ZhCn) => "错误",
        (Severity::Warning, Lang::ZhCn) => "警告",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
    };
    let colon = lang.pick("：", ": ");
    let at = match problem.column {
        Some(column) => format!("{place}:{}:{}", problem.row, letters(column)),
        None => format!("{place}:{}", problem.row),
    };
    let header = problem.header.as_ref().map(|h| format!("（{h}）")).unwrap_or_default();
    let _ = writeln!(out, "{label}{colon}{}", crate::diag::terminal_text(&problem.message));
    let _ = writeln!(out, "  --> {at}{header}");
    if let Some(hint) = &problem.hint {
        let _ = writeln!(out, "  = {}{colon}{}", lang.pick("提示", "hint"), crate::diag::terminal_text(hint));
    }
    out.push('\n');
}
