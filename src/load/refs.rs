//! References to deputies by id, checked against the deputies of the county.

use super::decode::Decoder;
use super::yaml::Node;
use crate::diag::Problem;
use crate::suggest;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The deputy ids of one county, and their names.
#[derive(Clone, Default)]
pub struct DeputyIds {
    pub ids: BTreeSet<String>,
    /// Each name and the ids of the deputies who bear it.
    pub names: BTreeMap<String, Vec<String>>,
    /// A deputies.yaml of the county could not be read: an id not found may be one of its
    /// deputies, and is not reported.
    pub incomplete: bool,
    /// **Extension (issue 16).** The county's id, and every county's deputies (this one's
    /// too), for `who:` entries that name a deputy of another county (`lishi/wanghairong`).
    pub county: String,
    pub elsewhere: Option<Arc<super::Directory>>,
}

impl DeputyIds {
    pub fn add(&mut self, id: &str, name: &str) {
        self.ids.insert(id.to_string());
        self.names.entry(name.to_string()).or_default().push(id.to_string());
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The id written at `node`, if a deputy of the county has it, or the id of the one
    /// deputy of the county with the name written there (`宋金峰`); otherwise reports it
    /// (a name that several deputies bear, with their ids).
    pub fn resolve(&self, decoder: &mut Decoder, node: &Node) -> Option<String> {
        let id = decoder.text(node)?;
        if self.ids.contains(&id) {
            return Some(id);
        }
        match self.names.get(&id).map(Vec::as_slice) {
            Some([only]) => return Some(only.clone()),
            Some(several) if !several.is_empty() => {
                decoder.error(node, Problem::AmbiguousDeputyName { name: id, ids: several.to_vec() });
                return None;
            }
            _ => {}
        }
        if self.incomplete {
            return None;
        }
        let candidates = self.ids.iter().chain(self.names.keys()).map(String::as_str);
        let suggestion = suggest::closest(&id, candidates).map(|s| match self.names.get(&s).map(Vec::as_slice) {
            Some([only]) if !self.ids.contains(&s) => only.clone(),
            _ => s,
        });
        decoder.error(node, Problem::UnknownDeputy { id, suggestion });
        None
    }

    /// A list of ids, each checked.
    pub fn resolve_list(&self, decoder: &mut Decoder, node: &Node) -> Vec<String> {
        decoder.list(node).into_iter().filter_map(|item| self.resolve(decoder, item)).collect()
    }

    /// The name of the deputy with `id`.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.names.iter().find(|(_, ids)| ids.iter().any(|i| i == id)).map(|(name, _)| name.as_str())
    }

    /// **Extension (issue 16).** A `who:` list: ids or names of this county's deputies, and
    /// `<county>/<id or name>` for a deputy of another county of the portal, kept as
    /// `<county>/<id>` (this county's own prefix is dropped).
    pub fn resolve_who(&self, decoder: &mut Decoder, node: &Node) -> Vec<String> {
        let mut out = Vec::new();
        for item in decoder.list(node) {
            let written = item.as_str().map(str::trim).unwrap_or_default();
            let Some((county, who)) = written.split_once('/') else {
                out.extend(self.resolve(decoder, item));
                continue;
            };
            let (county, who) = (county.trim().to_string(), who.trim().to_string());
            if county == self.county {
                out.extend(self.resolve_text(decoder, item, who));
                continue;
            }
            let counties = self.elsewhere.as_deref();
            match counties.and_then(|all| all.get(&county)) {
                Some(other) => match other.id_of(&who) {
                    Some(id) => out.push(format!("{county}/{id}")),
                    None => {
                        let candidates = other.ids.iter().chain(other.names.keys()).map(String::as_str);
                        let suggestion = suggest::closest(&who, candidates)
                            .map(|s| format!("{county}/{}", other.id_of(&s).unwrap_or(s.as_str())));
                        decoder.error(item, Problem::UnknownGuest { county, id: who, suggestion });
                    }
                },
                None => {
                    let keys = counties.into_iter().flat_map(|all| all.keys()).map(String::as_str);
                    let suggestion = suggest::closest(&county, keys);
                    decoder.error(item, Problem::UnknownCounty { county, suggestion });
                }
            }
        }
        out
    }

    /// The id of the deputy with this id, or the one deputy with this name.
    fn id_of<'a>(&'a self, who: &'a str) -> Option<&'a str> {
        if self.ids.contains(who) {
            return Some(who);
        }
        match self.names.get(who).map(Vec::as_slice) {
            Some([only]) => Some(only.as_str()),
            _ => None,
        }
    }

    /// [`resolve`](Self::resolve) of a text written at `node` (after a county prefix).
    fn resolve_text(&self, decoder: &mut Decoder, node: &Node, who: String) -> Option<String> {
        if let Some(id) = self.id_of(&who) {
            return Some(id.to_string());
        }
        let suggestion = suggest::closest(&who, self.ids.iter().map(String::as_str));
        decoder.error(node, Problem::UnknownDeputy { id: who, suggestion });
        None
    }
}
