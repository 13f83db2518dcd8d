//! References to deputies by id, checked against the deputies of the county.

use super::decode::Decoder;
use super::yaml::Node;
use crate::diag::Problem;
use crate::suggest;
use std::collections::{BTreeMap, BTreeSet};

/// The deputy ids of one county, and their names.
#[derive(Default)]
pub struct DeputyIds {
    pub ids: BTreeSet<String>,
    /// Each name and the ids of the deputies who bear it.
    pub names: BTreeMap<String, Vec<String>>,
    /// A deputies.yaml of the county could not be read: an id not found may be one of its
    /// deputies, and is not reported.
    pub incomplete: bool,
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
}
