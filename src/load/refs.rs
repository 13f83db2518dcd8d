//! References to deputies by id, checked against the deputies of the county.

use super::decode::Decoder;
use super::yaml::Node;
use crate::diag::Problem;
use crate::suggest;
use std::collections::BTreeSet;

/// The deputy ids of one county.
#[derive(Default)]
pub struct DeputyIds {
    pub ids: BTreeSet<String>,
}

impl DeputyIds {
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The id written at `node`, if a deputy of the county has it; otherwise reports it.
    pub fn resolve(&self, decoder: &mut Decoder, node: &Node) -> Option<String> {
        let id = decoder.text(node)?;
        if self.ids.contains(&id) {
            return Some(id);
        }
        let suggestion = suggest::closest(&id, self.ids.iter().map(String::as_str));
        decoder.error(node, Problem::UnknownDeputy { id, suggestion });
        None
    }

    /// A list of ids, each checked.
    pub fn resolve_list(&self, decoder: &mut Decoder, node: &Node) -> Vec<String> {
        decoder.list(node).into_iter().filter_map(|item| self.resolve(decoder, item)).collect()
    }
}
