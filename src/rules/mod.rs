//! The standard's business rules, one file per family, run on schema-valid
//! documents. Each family declares its diagnostic codes with
//! [`declare_rules!`](crate::diagnostic::declare_rules) next to the checks
//! that emit them.

pub mod comunicazione;
pub mod date;
pub mod identificativi;
pub mod messaggio;
pub mod tabelle;

use std::borrow::Cow;

use crate::document::NodeId;

use crate::calendar::Date;
use crate::diagnostic::{Diagnostic, Rule};
use crate::document::Parsed;
use crate::hash::FxHashMap;
use crate::module::Module;
use crate::tabelle::Tabelle;

/// How the communications are being sent (`--modalita`): it decides what a
/// new communication's code must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Modalita {
    /// The portal's bulk upload: a new communication (tipo 01) carries 25
    /// zeros and the system assigns the code on receipt.
    #[default]
    Massiva,
    /// A node sending by application cooperation with codes it assigned.
    Cooperazione,
}

/// What the rules need besides the document, shared by all workers.
pub struct RuleContext {
    pub tables: Tabelle,
    pub modalita: Modalita,
}

/// Runs every rule family on a schema-valid document; returns the tables
/// not loaded whose fields the document fills (checked for format only).
pub fn run(
    parsed: &Parsed,
    module: Module,
    ctx: &RuleContext,
    out: &mut Vec<Diagnostic>,
) -> Vec<&'static str> {
    let doc = Doc::new(parsed, module);
    identificativi::check(&doc, ctx, out);
    let unloaded = tabelle::check(&doc, ctx, out);
    date::check(&doc, out);
    comunicazione::check(&doc, ctx, out);
    if module == Module::Messaggio {
        messaggio::check(&doc, ctx, out);
    }
    unloaded
}

/// A field's value and where it is.
#[derive(Debug, Clone)]
pub struct Value<'a> {
    pub node: NodeId,
    /// The text, trimmed; borrowed from the document when it is one text node.
    pub text: Cow<'a, str>,
}

/// A schema-valid document as the rules read it: fields by path below the
/// root. The paths of all elements are indexed in one walk, so that the
/// many look-ups of the rules neither re-walk the tree nor allocate.
pub struct Doc<'a> {
    pub parsed: &'a Parsed,
    pub module: Module,
    index: FxHashMap<String, Vec<NodeId>>,
}

impl<'a> Doc<'a> {
    pub fn new(parsed: &'a Parsed, module: Module) -> Doc<'a> {
        let mut index = FxHashMap::with_capacity_and_hasher(64, Default::default());
        let mut path = String::with_capacity(96);
        index_elements(parsed, parsed.root, &mut path, &mut index);
        Doc {
            parsed,
            module,
            index,
        }
    }

    /// Every element at `path` (below the root), in document order.
    pub fn nodes(&self, path: &str) -> &[NodeId] {
        self.index.get(path).map_or(&[], Vec::as_slice)
    }

    /// The first element at `path` (below the root), with its trimmed text.
    pub fn get(&self, path: &str) -> Option<Value<'a>> {
        self.nodes(path).first().map(|&node| self.value_of(node))
    }

    /// Every element at `path`; steps may repeat.
    pub fn all(&self, path: &str) -> impl Iterator<Item = Value<'a>> + '_ {
        self.nodes(path).iter().map(|&node| self.value_of(node))
    }

    /// The first non-empty value at `path`.
    pub fn text(&self, path: &str) -> Option<Cow<'a, str>> {
        self.get(path).map(|v| v.text).filter(|t| !t.is_empty())
    }

    pub fn date(&self, path: &str) -> Option<(Date, Value<'a>)> {
        let value = self.get(path)?;
        Some((Date::parse(&value.text)?, value))
    }

    pub fn value_of(&self, node: NodeId) -> Value<'a> {
        Value {
            node,
            text: self.parsed.trimmed_text(node),
        }
    }

    /// The day the communication is sent: the reference date of the rules
    /// ("exists now", "within 60 days"), so that a verdict does not depend
    /// on the day the check runs.
    pub fn sending_date(&self) -> Option<(Date, Value<'a>)> {
        self.date(self.module.sending_date())
    }

    /// A diagnostic located at a field, naming it.
    pub fn at(&self, rule: &'static Rule, value: &Value<'_>) -> Diagnostic {
        Diagnostic::new(rule)
            .at(self.parsed.position(value.node))
            .path(self.parsed.path_of(value.node))
            .arg("campo", self.parsed.name(value.node))
    }

    /// A diagnostic about a field that is absent, located at its section.
    pub fn missing(&self, rule: &'static Rule, path: &str) -> Diagnostic {
        let (section, field) = path.rsplit_once('/').unwrap_or(("", path));
        let parent = if section.is_empty() {
            Some(self.parsed.root)
        } else {
            self.nodes(section).first().copied()
        };
        let root = self.parsed.name(self.parsed.root);
        Diagnostic::new(rule)
            .at(parent.and_then(|p| self.parsed.position(p)))
            .path(match parent {
                Some(p) => format!("{}/{field}", self.parsed.path_of(p)),
                None => format!("/{root}/{path}"),
            })
            .arg("campo", field)
    }
}

/// Records the path of every element below `node` ("A/B/c", no indices).
fn index_elements(
    parsed: &Parsed,
    node: NodeId,
    path: &mut String,
    index: &mut FxHashMap<String, Vec<NodeId>>,
) {
    for child in parsed.elements(node) {
        let length = path.len();
        if length > 0 {
            path.push('/');
        }
        path.push_str(parsed.name(child));
        match index.get_mut(path.as_str()) {
            Some(nodes) => nodes.push(child),
            None => {
                index.insert(path.clone(), vec![child]);
            }
        }
        index_elements(parsed, child, path, index);
        path.truncate(length);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn bundled() -> &'static Tabelle {
        static TABLES: OnceLock<Tabelle> = OnceLock::new();
        TABLES.get_or_init(Tabelle::builtin)
    }

    /// Codes the rules raise on a document that must be schema-valid.
    fn codes_for(xml: &str, modalita: Modalita, tables: Tabelle) -> Vec<String> {
        let (module, parsed, schema_findings) = crate::checks::read(xml.as_bytes());
        let parsed = parsed.unwrap_or_else(|| panic!("not well-formed: {schema_findings:?}"));
        let module = module.expect("a module");
        assert!(
            schema_findings.is_empty(),
            "not schema-valid: {schema_findings:?}"
        );
        let ctx = RuleContext { tables, modalita };
        let mut out = Vec::new();
        run(&parsed, module, &ctx, &mut out);
        let mut codes: Vec<String> = out.iter().map(|d| d.rule.code.to_string()).collect();
        codes.sort();
        codes.dedup();
        codes
    }

    pub fn rule_codes(xml: &str) -> Vec<String> {
        codes_for(xml, Modalita::Massiva, bundled().clone())
    }

    pub fn rule_codes_in(xml: &str, modalita: Modalita) -> Vec<String> {
        codes_for(xml, modalita, bundled().clone())
    }

    /// With extra tables, as `--tabelle` would load them: (name, CSV).
    pub fn rule_codes_with(xml: &str, extra: &[(&str, &str)]) -> Vec<String> {
        let dir = std::env::temp_dir().join(format!(
            "clic-tabelle-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, csv_text) in extra {
            std::fs::write(dir.join(format!("{name}.csv")), csv_text).unwrap();
        }
        let (tables, _) = Tabelle::with_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        codes_for(xml, Modalita::Massiva, tables)
    }
}
