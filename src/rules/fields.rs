//! A document's fields as the rules read them, found in one walk: the
//! paths the rules use are numbered once per module (a tree of names, one
//! field per path and per prefix), and each document gets a compact table
//! field -> its elements in document order, with no string built and no
//! map filled per element.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::document::{NodeId, Parsed};
use crate::hash::FxHashMap;
use crate::module::Module;

/// The fields a module's rules read: a tree of element names below the
/// root; every node but the root is a field, numbered by its index.
#[derive(Debug, Default)]
pub struct Catalogue {
    nodes: Vec<Step>,
    /// A path ("A/B/c", below the root) -> its field.
    by_path: FxHashMap<&'static str, u32>,
}

#[derive(Debug, Default)]
struct Step {
    /// Child steps: element name and field.
    children: Vec<(&'static str, u32)>,
}

impl Catalogue {
    /// The catalogue of `module`, built on first use from the paths its
    /// rules declare.
    pub fn of(module: Module) -> &'static Catalogue {
        static ALL: OnceLock<[Catalogue; 3]> = OnceLock::new();
        &ALL.get_or_init(|| Module::ALL.map(|m| Catalogue::new(super::paths(m))))[module.index()]
    }

    fn new(paths: impl IntoIterator<Item = &'static str>) -> Catalogue {
        let mut catalogue = Catalogue {
            nodes: vec![Step::default()],
            by_path: FxHashMap::default(),
        };
        for path in paths {
            let mut at = 0;
            let mut end = 0;
            for name in path.split('/') {
                end += name.len();
                at = match catalogue.nodes[at as usize]
                    .children
                    .iter()
                    .find(|(n, _)| *n == name)
                {
                    Some(&(_, child)) => child,
                    None => {
                        let child = catalogue.nodes.len() as u32;
                        catalogue.nodes.push(Step::default());
                        catalogue.nodes[at as usize].children.push((name, child));
                        child
                    }
                };
                catalogue.by_path.insert(&path[..end], at);
                end += 1;
            }
        }
        catalogue
    }

    /// The field at `path`, if the rules declared it (or a path below it).
    fn field(&self, path: &str) -> Option<u32> {
        self.by_path.get(path).copied()
    }
}

/// A path resolved once to its field in a module's catalogue, for the
/// fields read in every document (no look-up by name per document).
#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    pub path: &'static str,
    field: Option<u32>,
}

impl Resolved {
    pub fn new(module: Module, path: &'static str) -> Resolved {
        Resolved {
            path,
            field: Catalogue::of(module).field(path),
        }
    }
}

/// One document's fields: each field's elements, in document order.
pub struct Table {
    /// Field `f`'s elements are `nodes[offsets[f]..offsets[f + 1]]`.
    offsets: Vec<u32>,
    nodes: Vec<NodeId>,
}

impl Table {
    /// Fills the table in one walk of the elements on the catalogue's paths
    /// (the rest of the document is not visited).
    pub fn new(parsed: &Parsed, catalogue: &Catalogue) -> Table {
        let mut found = Vec::with_capacity(64);
        walk(parsed, parsed.root, catalogue, 0, &mut found);
        // A counting sort by field keeps each field's elements in document order.
        let fields = catalogue.nodes.len();
        let mut offsets = vec![0u32; fields + 2];
        for &(field, _) in &found {
            offsets[field as usize + 2] += 1;
        }
        for i in 2..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut nodes = vec![0; found.len()];
        for &(field, node) in &found {
            let slot = &mut offsets[field as usize + 1];
            nodes[*slot as usize] = node;
            *slot += 1;
        }
        offsets.pop();
        Table { offsets, nodes }
    }

    fn nodes(&self, field: u32) -> &[NodeId] {
        let f = field as usize;
        &self.nodes[self.offsets[f] as usize..self.offsets[f + 1] as usize]
    }
}

fn walk(parsed: &Parsed, node: NodeId, catalogue: &Catalogue, step: u32, found: &mut Vec<(u32, NodeId)>) {
    let children = &catalogue.nodes[step as usize].children;
    if children.is_empty() {
        return;
    }
    for child in parsed.elements(node) {
        let name = parsed.name(child);
        if let Some(&(_, field)) = children.iter().find(|(n, _)| crate::xml::same(n, name)) {
            found.push((field, child));
            walk(parsed, child, catalogue, field, found);
        }
    }
}

/// Every element at `path` below the root: from the table when the rules
/// declared the path, else by walking the document's names.
pub fn nodes<'t>(parsed: &Parsed, catalogue: &Catalogue, table: &'t Table, path: &str) -> Cow<'t, [NodeId]> {
    if let Some(field) = catalogue.field(path) {
        return Cow::Borrowed(table.nodes(field));
    }
    undeclared(parsed, path)
}

/// Every element of a resolved field.
pub fn resolved<'t>(parsed: &Parsed, table: &'t Table, resolved: Resolved) -> Cow<'t, [NodeId]> {
    match resolved.field {
        Some(field) => Cow::Borrowed(table.nodes(field)),
        None => undeclared(parsed, resolved.path),
    }
}

fn undeclared<'t>(parsed: &Parsed, path: &str) -> Cow<'t, [NodeId]> {
    debug_assert!(
        false,
        "the rules read {path:?} without declaring it (rules::paths)"
    );
    let mut out = Vec::new();
    search(parsed, parsed.root, path, &mut out);
    Cow::Owned(out)
}

fn search(parsed: &Parsed, node: NodeId, path: &str, out: &mut Vec<NodeId>) {
    let (name, rest) = match path.split_once('/') {
        Some((name, rest)) => (name, Some(rest)),
        None => (path, None),
    };
    for child in parsed.elements(node).filter(|&c| parsed.name(c) == name) {
        match rest {
            Some(rest) => search(parsed, child, rest, out),
            None => out.push(child),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = "<R><A><b>1</b><C><d>2</d></C><b>3</b></A><X/><A><C><d>4</d><d>5</d></C></A></R>";

    fn parsed() -> Parsed {
        let (_, parsed, _) = crate::checks::read(XML.as_bytes());
        parsed.expect("well-formed")
    }

    fn texts(parsed: &Parsed, nodes: &[NodeId]) -> Vec<String> {
        nodes.iter().map(|&n| parsed.text_of(n)).collect()
    }

    #[test]
    fn fields_list_their_elements_in_document_order_and_prefixes_are_fields() {
        let parsed = parsed();
        let catalogue = Catalogue::new(["A/b", "A/C/d", "Y/z"]);
        let table = Table::new(&parsed, &catalogue);
        let at = |path| texts(&parsed, &nodes(&parsed, &catalogue, &table, path));
        assert_eq!(at("A/b"), ["1", "3"]);
        assert_eq!(at("A/C/d"), ["2", "4", "5"]);
        assert_eq!(at("A/C"), ["2", "45"]);
        assert_eq!(at("A").len(), 2);
        assert!(at("Y/z").is_empty());
        assert!(at("Y").is_empty());
    }

    #[test]
    fn the_search_by_names_finds_what_the_table_finds() {
        let parsed = parsed();
        let mut out = Vec::new();
        search(&parsed, parsed.root, "A/C/d", &mut out);
        assert_eq!(texts(&parsed, &out), ["2", "4", "5"]);
        out.clear();
        search(&parsed, parsed.root, "X", &mut out);
        assert_eq!(out.len(), 1);
    }
}
