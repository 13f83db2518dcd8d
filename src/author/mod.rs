//! Tools that write into `content/` for the clerks who keep it (issue 15): `liaison new`
//! starts a county, station, deputy, case or rule from a commented template, and
//! `liaison import` brings a deputy roster in from a spreadsheet.
//!
//! These are the only code that writes content files. Each refuses to overwrite what a
//! clerk wrote, and checks what it writes with the loader's own readers first, so that what
//! it leaves behind passes `liaison check`.

pub mod import;
pub mod new;

use crate::lang::Lang;
use crate::model::{County, Site, Station};
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// A county or station of the content, found by what a clerk typed.
pub struct Place<'a> {
    pub county: &'a County,
    pub station: Option<&'a Station>,
}

impl Place<'_> {
    /// The folder below the content folder, with `/` separators.
    pub fn rel(&self) -> String {
        match self.station {
            Some(station) => format!("{}/stations/{}", self.county.id, station.id),
            None => self.county.id.clone(),
        }
    }
}

/// Chinese suffixes a county's name carries that its id leaves out (交城县 → jiaocheng).
const COUNTY_SUFFIXES: &[&str] = &["自治县", "县", "市", "区"];
/// Suffixes of a station's name its id leaves out (西营镇人大代表联络站 → xiying).
const STATION_SUFFIXES: &[&str] = &[
    "人大代表联络站",
    "人大代表联络点",
    "代表联络站",
    "代表联络点",
    "联络站",
    "联络点",
    "人大代表之家",
    "代表之家",
    "代表工作室",
    "工作室",
    "街道",
    "社区",
    "镇",
    "乡",
    "村",
];

/// `name` without the first of `suffixes` it ends with, when two characters or more remain.
pub fn strip_suffixes<'a>(name: &'a str, suffixes: &[&str]) -> &'a str {
    let mut rest = name.trim();
    for suffix in suffixes {
        if let Some(stem) = rest.strip_suffix(suffix).filter(|s| s.chars().count() >= 2) {
            rest = stem;
        }
    }
    rest
}

/// The station's township when its name begins with one (西营镇人大代表联络站 → 西营镇).
pub fn township_of(name: &str) -> Option<String> {
    ["街道", "镇", "乡"].iter().find_map(|mark| {
        let end = name.find(mark)? + mark.len();
        (name[..end].chars().count() >= 2).then(|| name[..end].to_string())
    })
}

/// Finds a county by id, folder path or name (交城县, 交城).
pub fn find_county<'a>(site: &'a Site, text: &str, lang: Lang) -> Result<&'a County> {
    let wanted = last_segment(text);
    let found: Vec<&County> = site
        .counties
        .iter()
        .filter(|c| c.id == wanted || c.name == text || strip_suffixes(&c.name, COUNTY_SUFFIXES) == text.trim())
        .collect();
    match found.as_slice() {
        [county] => Ok(county),
        _ => {
            let known: Vec<String> = site.counties.iter().map(|c| format!("{}（{}）", c.id, c.name)).collect();
            bail!(
                "{}",
                match lang {
                    Lang::ZhCn => format!("找不到县（市、区）“{text}”；已有：{}", known.join("、")),
                    Lang::En => format!("no county `{text}`; there are: {}", known.join(", ")),
                }
            )
        }
    }
}

/// Finds a station by `county/station`, a folder path, its id (unique in the content) or
/// its name (西营镇人大代表联络站, 西营镇).
pub fn find_station<'a>(site: &'a Site, text: &str, lang: Lang) -> Result<Place<'a>> {
    let text = text.trim();
    let parts: Vec<&str> = text.trim_end_matches('/').split('/').filter(|p| !p.is_empty()).collect();
    let (county_part, station_part) = match parts.as_slice() {
        [.., county, "stations", station] => (Some(*county), *station),
        [.., county, station] if site.counties.iter().any(|c| c.id == *county) => (Some(*county), *station),
        _ => (None, text),
    };
    let mut found = Vec::new();
    for county in site.counties.iter().filter(|c| county_part.is_none_or(|id| c.id == id)) {
        for station in &county.stations {
            let by_name = station.name == station_part
                || strip_suffixes(&station.name, STATION_SUFFIXES) == strip_suffixes(station_part, STATION_SUFFIXES)
                || township_of(&station.name).is_some_and(|t| t == station_part);
            if station.id == station_part || by_name {
                found.push(Place { county, station: Some(station) });
            }
        }
    }
    if found.len() == 1 {
        return Ok(found.remove(0));
    }
    let listed: Vec<String> = found.iter().map(Place::rel).collect();
    bail!(
        "{}",
        match (lang, listed.is_empty()) {
            (Lang::ZhCn, true) => format!("找不到联络站“{text}”；写联络站的文件夹，如 jiaocheng/xiying，或它的名称"),
            (Lang::En, true) => format!("no station `{text}`; give its folder, such as jiaocheng/xiying, or its name"),
            (Lang::ZhCn, false) => format!("“{text}”可指几个联络站：{}；请写其中一个", listed.join("、")),
            (Lang::En, false) => format!("`{text}` could be several stations: {}; give one of them", listed.join(", ")),
        }
    )
}

fn last_segment(text: &str) -> &str {
    text.trim().trim_end_matches('/').rsplit('/').next().unwrap_or(text)
}

/// Writes a file that must not exist yet, making its folder; never replaces one.
pub fn create_new(path: &Path, text: &str, lang: Lang) -> Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            anyhow::anyhow!("{} `{}`: {e}", lang.pick("无法建立文件夹", "cannot make folder"), parent.display())
        })?;
    }
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "{}",
            match lang {
                Lang::ZhCn => format!("{} 已存在，没有覆盖它", path.display()),
                Lang::En => format!("{} exists already; it was not overwritten", path.display()),
            }
        ),
        Err(e) => bail!("{} `{}`: {e}", lang.pick("无法写入", "cannot write"), path.display()),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| anyhow::anyhow!("{} `{}`: {e}", lang.pick("无法写入", "cannot write"), path.display()))
}

/// Replaces a file's text through a temporary file beside it, so that an interrupted
/// write leaves the old text or the new, never half of one.
pub fn replace(path: &Path, text: &str, lang: Lang) -> Result<()> {
    let temporary: PathBuf = path.with_extension("yaml.liaison-tmp");
    let _ = std::fs::remove_file(&temporary);
    create_new(&temporary, text, lang)?;
    std::fs::rename(&temporary, path)
        .map_err(|e| anyhow::anyhow!("{} `{}`: {e}", lang.pick("无法写入", "cannot write"), path.display()))
}

/// A YAML scalar for `text`: written plain when YAML reads it back as this same text, in
/// double quotes (JSON's escapes, which YAML shares) otherwise.
pub fn yaml_scalar(text: &str) -> String {
    let plain_safe = !text.is_empty()
        && text.trim() == text
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains(['\n', '\r', '\t', '\\', ',', '[', ']', '{', '}', '#'])
        && !text.chars().any(char::is_control)
        && !looks_typed(text);
    if plain_safe {
        text.to_string()
    } else {
        serde_json::Value::String(text.to_string()).to_string()
    }
}

/// Text a YAML reader would take for a number, a boolean, null or a date.
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~")
        || text.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '.')
}

/// The id a new folder or file takes: `base`, or `base-2`, `base-3` … when `taken` says so.
pub fn free_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_the_suffixes_their_ids_leave_out() {
        assert_eq!(strip_suffixes("交城县", COUNTY_SUFFIXES), "交城");
        assert_eq!(strip_suffixes("西营镇人大代表联络站", STATION_SUFFIXES), "西营");
        assert_eq!(strip_suffixes("袁家庄社区人大代表联络站", STATION_SUFFIXES), "袁家庄");
        assert_eq!(strip_suffixes("镇联络站", STATION_SUFFIXES), "镇联络站");
        assert_eq!(township_of("西营镇人大代表联络站").as_deref(), Some("西营镇"));
        assert_eq!(township_of("凤山街道袁家庄社区联络站").as_deref(), Some("凤山街道"));
    }

    #[test]
    fn scalars_are_quoted_only_when_yaml_would_misread_them() {
        assert_eq!(yaml_scalar("宋金峰"), "宋金峰");
        assert_eq!(yaml_scalar("0358-0000000"), "\"0358-0000000\"");
        assert_eq!(yaml_scalar("主任: 张三"), "\"主任: 张三\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("a\nb"), "\"a\\nb\"");
        assert_eq!(yaml_scalar("- 一"), "\"- 一\"");
        assert_eq!(free_id("a", |id| id == "a" || id == "a-2"), "a-3");
    }
}
