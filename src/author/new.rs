//! `liaison new KIND NAME`: a filled, commented template of a county, station, deputy, case
//! or rule, written where the content layout puts it, with an id made from the name.
//!
//! Each kind is one entry of [`KINDS`]: the words that name it, where it goes, how its id is
//! made, and its template (one per interface language, in `templates/`). A kind added later
//! (posts, proposals) is one more entry and its two templates.

use super::{create_new, find_county, find_station, free_id, strip_suffixes, township_of, yaml_scalar};
use crate::lang::Lang;
use crate::model::Site;
use crate::names;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// Where a kind lives: in the content folder, a county, or a station.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Content,
    County,
    Station,
    /// A county, or a station when `--station` is given (rules).
    CountyOrStation,
}

/// How the new text is put in place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A file of its own, `<folder>/<id><suffix>`.
    File { folder: &'static str, suffix: &'static str },
    /// A folder of its own holding one file: `<folder>/<id>/<file>`.
    Folder { folder: &'static str, file: &'static str },
    /// An entry appended to a list file of the parent (a deputy in `deputies.yaml`).
    Append { file: &'static str },
}

struct Kind {
    /// The word of the command line, then the other words that name the kind.
    words: &'static [&'static str],
    parent: Parent,
    mode: Mode,
    /// Name suffixes the id leaves out (西营镇人大代表联络站 → xiying).
    suffixes: &'static [&'static str],
    zh: &'static str,
    en: &'static str,
}

const KINDS: &[Kind] = &[
    Kind {
        words: &["county", "县", "县区", "市县", "区县"],
        parent: Parent::Content,
        mode: Mode::Folder { folder: "", file: "county.yaml" },
        suffixes: super::COUNTY_SUFFIXES,
        zh: include_str!("templates/zh-CN/county.yaml"),
        en: include_str!("templates/en/county.yaml"),
    },
    Kind {
        words: &["station", "联络站", "联络点", "站"],
        parent: Parent::County,
        mode: Mode::Folder { folder: "stations", file: "station.yaml" },
        suffixes: super::STATION_SUFFIXES,
        zh: include_str!("templates/zh-CN/station.yaml"),
        en: include_str!("templates/en/station.yaml"),
    },
    Kind {
        words: &["deputy", "代表", "人大代表"],
        parent: Parent::Station,
        mode: Mode::Append { file: "deputies.yaml" },
        suffixes: &[],
        zh: include_str!("templates/zh-CN/deputy.yaml"),
        en: include_str!("templates/en/deputy.yaml"),
    },
    Kind {
        words: &["case", "案例", "办理案例"],
        parent: Parent::Station,
        mode: Mode::File { folder: "cases", suffix: ".md" },
        suffixes: &[],
        zh: include_str!("templates/zh-CN/case.md"),
        en: include_str!("templates/en/case.md"),
    },
    Kind {
        words: &["rule", "制度", "上墙制度"],
        parent: Parent::CountyOrStation,
        mode: Mode::File { folder: "rules", suffix: ".md" },
        suffixes: &[],
        zh: include_str!("templates/zh-CN/rule.md"),
        en: include_str!("templates/en/rule.md"),
    },
];

/// What `liaison new` was asked for.
pub struct NewOptions<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub county: Option<&'a str>,
    pub station: Option<&'a str>,
    pub id: Option<&'a str>,
    pub content: &'a Path,
    pub today: chrono::NaiveDate,
}

/// What was written, to tell the clerk.
pub struct Written {
    pub path: PathBuf,
    /// The commands to run next, each with what it is for.
    pub next: Vec<String>,
}

/// Ids of files and folders are at most this long, cut at a syllable (titles are long).
const MAX_ID: usize = 24;

pub fn run(site: &Site, options: &NewOptions, lang: Lang) -> Result<Written> {
    let Some(kind) = KINDS.iter().find(|k| k.words.iter().any(|w| w.eq_ignore_ascii_case(options.kind.trim()))) else {
        let words: Vec<String> = KINDS.iter().map(|k| format!("{}（{}）", k.words[0], k.words[1])).collect();
        bail!(
            "{}",
            match lang {
                Lang::ZhCn => format!("不认识“{}”；可以新建：{}", options.kind, words.join("、")),
                Lang::En => format!("`{}` is not a kind liaison makes; it makes: {}", options.kind, words.join(", ")),
            }
        );
    };
    let name = options.name.trim();
    if name.is_empty() || name.contains(['\n', '\r']) {
        bail!("{}", lang.pick("请写名称（一行文字）", "give a name (one line of text)"));
    }
    let parent_rel = match (kind.parent, options.county, options.station) {
        (Parent::Content, ..) => String::new(),
        (Parent::Station | Parent::CountyOrStation, _, Some(station)) => find_station(site, station, lang)?.rel(),
        (Parent::County | Parent::CountyOrStation, Some(county), _) => find_county(site, county, lang)?.id.clone(),
        (Parent::Station, ..) => bail!(
            "{}",
            lang.pick(
                "请用 --station 写明加到哪个联络站，例如 --station jiaocheng/xiying",
                "say which station with --station, e.g. --station jiaocheng/xiying"
            )
        ),
        _ => bail!(
            "{}",
            lang.pick(
                "请用 --county 写明加到哪个县，例如 --county jiaocheng",
                "say which county with --county, e.g. --county jiaocheng"
            )
        ),
    };
    let parent_dir = options.content.join(&parent_rel);
    let base_id = match options.id {
        Some(id) if names::is_valid_id(id) && !names::is_reserved(id) => id.to_string(),
        Some(id) => bail!(
            "{}",
            match lang {
                Lang::ZhCn => format!("标识“{id}”只能用小写字母、数字和 -，如 {}", names::suggest_id(id)),
                Lang::En => format!("the id `{id}` may hold only a-z, 0-9 and -, such as {}", names::suggest_id(id)),
            }
        ),
        None => id_of(strip_suffixes(name, kind.suffixes)),
    };
    let today = options.today.format("%Y-%m-%d").to_string();
    let template = if lang == Lang::En { kind.en } else { kind.zh };
    let township = township_of(name).unwrap_or_else(|| strip_suffixes(name, kind.suffixes).to_string());
    let fill = |text: &str, id_line: &str, deputies_line: &str, rel: &str| {
        text.replace("{name}", &yaml_scalar(name))
            .replace("{township}", &yaml_scalar(&township))
            .replace("{today}", &today)
            .replace("{id_line}", id_line)
            .replace("{deputies_line}", deputies_line)
            .replace("{rel}", rel)
    };
    let (path, text, made_rel) = match kind.mode {
        Mode::Folder { folder, file } => {
            let same = match kind.parent {
                Parent::Content => site.counties.iter().find(|c| c.name == name).map(|c| c.id.clone()),
                _ => site
                    .counties
                    .iter()
                    .filter(|c| c.id == parent_rel)
                    .flat_map(|c| c.stations.iter())
                    .find(|s| s.name == name)
                    .map(|s| format!("{parent_rel}/{folder}/{}", s.id)),
            };
            if let Some(same) = same {
                bail!(
                    "{}",
                    match lang {
                        Lang::ZhCn => format!("已有“{name}”（{same}），没有再建"),
                        Lang::En => format!("`{name}` exists already ({same}); nothing made"),
                    }
                );
            }
            let folder_dir = parent_dir.join(folder);
            let id = free_id(&base_id, |id| folder_dir.join(id).exists() || names::PORTAL_NAMES.contains(&id));
            let rel = [parent_rel.as_str(), folder, id.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("/");
            (folder_dir.join(&id).join(file), fill(template, "", "", &rel), rel)
        }
        Mode::File { folder, suffix } => {
            let folder_dir = parent_dir.join(folder);
            let id = free_id(&base_id, |id| folder_dir.join(format!("{id}{suffix}")).exists());
            let deputies = station_deputy(site, &parent_rel)
                .map(|id| {
                    format!(
                        "deputies: [{id}]{}\n",
                        comment_pad(
                            lang.pick("参与代表：写姓名或标识", "deputies who took part: ids or names"),
                            13 + id.len()
                        )
                    )
                })
                .unwrap_or_default();
            (folder_dir.join(format!("{id}{suffix}")), fill(template, "", &deputies, &parent_rel), parent_rel.clone())
        }
        Mode::Append { file } => {
            let (county_id, _) = parent_rel.split_once('/').unwrap_or((&parent_rel, ""));
            let county = site.counties.iter().find(|c| c.id == county_id);
            let deputies = || county.into_iter().flat_map(|c| c.stations.iter()).flat_map(|s| s.deputies.iter());
            let here = parent_rel.split_once("/stations/").map(|(_, station)| station).unwrap_or_default();
            let station = county.and_then(|c| c.stations.iter().find(|s| s.id == here));
            if let Some(same) = station.and_then(|s| s.deputies.iter().find(|d| d.name == name)) {
                bail!(
                    "{}",
                    match lang {
                        Lang::ZhCn => format!("{parent_rel}/{file} 里已有代表 {name}（{}），没有重复添加", same.id),
                        Lang::En => format!("{parent_rel}/{file} already has {name} ({}); nothing added", same.id),
                    }
                );
            }
            let id = free_id(&base_id, |id| deputies().any(|d| d.id == id));
            let id_line = if id == base_id && options.id.is_none() { String::new() } else { format!("  id: {id}\n") };
            (parent_dir.join(file), fill(template, &id_line, "", &parent_rel), parent_rel.clone())
        }
    };
    write_or_append(&path, &align_comments(&text), kind.mode, lang)?;
    Ok(Written { path, next: next_steps(kind, &made_rel, options.content, lang) })
}

/// The first deputy of a station (for the case template's `deputies:`), by id.
fn station_deputy(site: &Site, rel: &str) -> Option<String> {
    let (county_id, station_id) = rel.split_once("/stations/")?;
    let county = site.counties.iter().find(|c| c.id == county_id)?;
    let station = county.stations.iter().find(|s| s.id == station_id)?;
    station.deputies.first().map(|d| d.id.clone())
}

/// The column the templates' comments start at, after the values are filled in.
const COMMENT_COLUMN: usize = 36;

/// Comments after a value (two spaces or more, then `#`) lined up again at
/// [`COMMENT_COLUMN`], counting CJK characters as two columns as a terminal or editor shows them.
fn align_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        match line.find("  #") {
            Some(at) if !line[..at].trim().is_empty() && !line.trim_start().starts_with('#') => {
                let value = line[..at].trim_end();
                let comment = line[at..].trim_start();
                let width = crate::diag::display_width(value);
                out.push_str(value);
                out.push_str(&" ".repeat(COMMENT_COLUMN.saturating_sub(width).max(2)));
                out.push_str(comment);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn comment_pad(comment: &str, used: usize) -> String {
    format!("{}# {comment}", " ".repeat(36usize.saturating_sub(used).max(1)))
}

/// The id of a name: its toneless pinyin, cut at a syllable to at most [`MAX_ID`] letters.
fn id_of(name: &str) -> String {
    let mut id = String::new();
    for syllable in names::text_syllables(name) {
        let syllable: String = syllable.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if !id.is_empty() && id.len() + syllable.len() > MAX_ID {
            break;
        }
        id.push_str(&syllable);
    }
    if id.is_empty() || names::is_reserved(&id) {
        names::suggest_id(name)
    } else {
        id
    }
}

fn write_or_append(path: &Path, text: &str, mode: Mode, lang: Lang) -> Result<()> {
    let Mode::Append { .. } = mode else {
        return create_new(path, text, lang);
    };
    let old = match std::fs::read_to_string(path) {
        Ok(old) => old,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return create_new(path, text, lang),
        Err(e) => bail!("{} `{}`: {e}", lang.pick("无法读取", "cannot read"), path.display()),
    };
    let body: Vec<&str> = old.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).collect();
    let joined = match body.as_slice() {
        [] => format!("{old}{}{text}", if old.is_empty() || old.ends_with('\n') { "" } else { "\n" }),
        [only] if only.trim() == "[]" => text.to_string(),
        lines if lines.iter().all(|l| l.starts_with(['-', ' '])) => {
            format!("{old}{}{text}", if old.ends_with('\n') { "" } else { "\n" })
        }
        _ => bail!(
            "{}",
            match lang {
                Lang::ZhCn => format!("{} 不是以“- name:”逐条写的名单，请手工添加", path.display()),
                Lang::En => format!("{} is not a list of `- name:` entries; add the deputy by hand", path.display()),
            }
        ),
    };
    super::replace(path, &joined, lang)
}

fn next_steps(kind: &Kind, made_rel: &str, content: &Path, lang: Lang) -> Vec<String> {
    let check = format!("liaison check --content {}", content.display());
    let mut next = vec![match lang {
        Lang::ZhCn => "打开这个文件，把示例内容改成实际情况（# 后面是说明）".to_string(),
        Lang::En => "open the file and replace the sample values (the text after # explains each)".to_string(),
    }];
    if kind.words[0] == "station" {
        next.push(match lang {
            Lang::ZhCn => "用 liaison explain 查看接待安排的意思，例如：liaison explain 每月5日".to_string(),
            Lang::En => "see what the schedule means with liaison explain, e.g. liaison explain 5th".to_string(),
        });
    }
    if kind.words[0] == "county" {
        next.push(match lang {
            Lang::ZhCn => format!("再加联络站：liaison new station 联络站名称 --county {made_rel}"),
            Lang::En => format!("add its stations: liaison new station NAME --county {made_rel}"),
        });
    }
    next.push(match lang {
        Lang::ZhCn => format!("改完后检查：{check}"),
        Lang::En => format!("then check: {check}"),
    });
    next
}
