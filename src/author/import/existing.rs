//! The `deputies.yaml` an import replaces (with `--force`): the fields of each deputy the
//! sheet has no column for (photo, bio, reception …) are kept, found by the deputy's name.

use std::path::Path;

pub struct Existing {
    /// Each deputy's name and fields, each field as its key and its YAML value text.
    deputies: Vec<(String, Vec<(String, String)>)>,
}

/// The old file, when there is one that reads as a list of deputies.
pub fn read(path: &Path) -> Option<Existing> {
    let text = std::fs::read_to_string(path).ok()?;
    let list: Vec<serde_yaml::Mapping> = serde_yaml::from_str(&text).ok()?;
    let deputies = list
        .iter()
        .filter_map(|mapping| {
            let mut name = None;
            let mut fields = Vec::new();
            for (key, value) in mapping {
                let key = key.as_str()?;
                let key = crate::load::key_alias(key, crate::load::DEPUTY_KEYS).unwrap_or(key).to_string();
                if key == "name" {
                    name = value.as_str().map(|s| s.trim().to_string());
                } else {
                    fields.push((key, yaml_value(value)?));
                }
            }
            Some((name?, fields))
        })
        .collect();
    Some(Existing { deputies })
}

impl Existing {
    /// The fields of the deputy of this name, when the old file has one.
    pub fn fields_of(&self, name: &str) -> Option<&Vec<(String, String)>> {
        self.deputies.iter().find(|(n, _)| n == name).map(|(_, fields)| fields)
    }
}

/// A value as YAML text after `key: `: a text of several lines as a literal block, anything
/// else on one line as JSON (which YAML reads as flow style).
fn yaml_value(value: &serde_yaml::Value) -> Option<String> {
    if let serde_yaml::Value::String(text) = value {
        let blockable =
            text.contains('\n') && !text.starts_with([' ', '\n']) && !text.chars().any(|c| c.is_control() && c != '\n');
        if blockable {
            let chomp = if text.ends_with('\n') { "" } else { "-" };
            let body: Vec<String> = text
                .trim_end_matches('\n')
                .lines()
                .map(|l| if l.is_empty() { String::new() } else { format!("  {l}") })
                .collect();
            return Some(format!("|{chomp}\n{}", body.join("\n")));
        }
        return Some(super::yaml_scalar(text));
    }
    serde_json::to_string(value).ok()
}
