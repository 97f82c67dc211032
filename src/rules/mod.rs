//! The standard's business rules, one file per family, run on schema-valid
//! documents. Each family declares its diagnostic codes with
//! [`declare_rules!`](crate::diagnostic::declare_rules) next to the checks
//! that emit them.

pub mod comunicazione;
pub mod date;
pub mod fields;
pub mod identificativi;
pub mod messaggio;
pub mod tabelle;

use std::borrow::Cow;

use crate::document::NodeId;

use crate::calendar::Date;
use crate::diagnostic::{Diagnostic, Rule};
use crate::document::Parsed;
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

/// Every path (below the root) the rules read in a `module`'s documents:
/// a document's fields are found in one walk of these paths only.
fn paths(module: Module) -> Vec<&'static str> {
    let codes = module.code_elements();
    let mut paths = vec![module.sending_date(), codes.tipo, codes.codice, codes.precedente];
    paths.extend(module.expiry());
    paths.extend(codes.motivo);
    if module == Module::Candidatura {
        paths.push(crate::module::BIRTH_DATE);
    }
    paths.extend(identificativi::paths(module));
    paths.extend(tabelle::paths(module));
    paths.extend(date::paths(module));
    if module == Module::Messaggio {
        paths.extend(messaggio::PATHS);
    }
    paths
}

/// The module's own fields every document's rules read (its sending
/// date and the communication's type, codes and closure reason), resolved
/// once per module.
#[derive(Debug, Clone, Copy)]
pub struct OwnFields {
    pub sending_date: fields::Resolved,
    pub expiry: Option<fields::Resolved>,
    pub tipo: fields::Resolved,
    pub codice: fields::Resolved,
    pub precedente: fields::Resolved,
    pub motivo: Option<fields::Resolved>,
}

impl OwnFields {
    pub fn of(module: Module) -> &'static OwnFields {
        static ALL: std::sync::OnceLock<[OwnFields; 3]> = std::sync::OnceLock::new();
        &ALL.get_or_init(|| {
            Module::ALL.map(|module| {
                let resolved = |path| fields::Resolved::new(module, path);
                let codes = module.code_elements();
                OwnFields {
                    sending_date: resolved(module.sending_date()),
                    expiry: module.expiry().map(resolved),
                    tipo: resolved(codes.tipo),
                    codice: resolved(codes.codice),
                    precedente: resolved(codes.precedente),
                    motivo: codes.motivo.map(resolved),
                }
            })
        })[module.index()]
    }
}

/// A schema-valid document as the rules read it: fields by path below the
/// root. The fields the rules use are found in one walk ([`fields`]), so
/// that their many look-ups neither re-walk the tree nor allocate.
pub struct Doc<'a> {
    pub parsed: &'a Parsed,
    pub module: Module,
    catalogue: &'static fields::Catalogue,
    fields: fields::Table,
}

impl<'a> Doc<'a> {
    pub fn new(parsed: &'a Parsed, module: Module) -> Doc<'a> {
        let catalogue = fields::Catalogue::of(module);
        Doc {
            parsed,
            module,
            catalogue,
            fields: fields::Table::new(parsed, catalogue),
        }
    }

    /// Every element at `path` (below the root), in document order; steps
    /// may repeat. `path` is one of [`paths`] (or a section above one).
    pub fn nodes(&self, path: &str) -> Cow<'_, [NodeId]> {
        fields::nodes(self.parsed, self.catalogue, &self.fields, path)
    }

    /// Every element of a field resolved beforehand, with its trimmed text.
    pub fn all_of(&self, field: fields::Resolved) -> impl Iterator<Item = Value<'a>> + '_ {
        let nodes = fields::resolved(self.parsed, &self.fields, field);
        (0..nodes.len()).map(move |i| self.value_of(nodes[i]))
    }

    /// The first element of a field resolved beforehand, with its trimmed text.
    pub fn first_of(&self, field: fields::Resolved) -> Option<Value<'a>> {
        fields::resolved(self.parsed, &self.fields, field)
            .first()
            .map(|&node| self.value_of(node))
    }

    /// The module's own fields, resolved.
    pub fn own(&self) -> &'static OwnFields {
        OwnFields::of(self.module)
    }

    /// The first element at `path` (below the root), with its trimmed text.
    pub fn get(&self, path: &str) -> Option<Value<'a>> {
        self.nodes(path).first().map(|&node| self.value_of(node))
    }

    /// Every element at `path`; steps may repeat.
    pub fn all(&self, path: &str) -> impl Iterator<Item = Value<'a>> + '_ {
        let nodes = self.nodes(path);
        (0..nodes.len()).map(move |i| self.value_of(nodes[i]))
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
        let value = self.first_of(self.own().sending_date)?;
        Some((Date::parse(&value.text)?, value))
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

    /// A path the rules declare but the schema lacks would find nothing,
    /// silently: each one must name elements of its module.
    #[test]
    fn every_path_the_rules_read_exists_in_its_module_schema() {
        use crate::schema::compiled::CompiledSet;
        use crate::schema::compiled::compile::{Compiled, ElementId};
        fn resolves(schema: &Compiled, root: ElementId, path: &str) -> bool {
            schema.element_at(root, path).is_some()
        }
        let schemas = CompiledSet::builtin();
        for module in Module::ALL {
            let schema = schemas.get(module);
            let root = schema.globals[module.root()];
            assert!(!resolves(schema, root, "NonEsiste"), "the walk finds anything");
            for path in paths(module) {
                assert!(resolves(schema, root, path), "{module:?}: {path}");
            }
        }
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
