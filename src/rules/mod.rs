//! The rule registry: every diagnostic code `clic` can emit, with its name,
//! severity, messages and explanation.
//!
//! Each family declares its rules with [`declare_rules!`] in the file that
//! emits them; [`REGISTRY`] lists the families. The English explanation of a
//! rule *is* its doc comment, so the documentation and `clic explain` cannot
//! drift apart.

pub mod chiusura;
pub mod comunicazione;
pub mod date;
pub mod identificativi;
pub mod messaggio;
pub mod tabelle;

use std::borrow::Cow;

use oxml::NodeId;

use crate::dates::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Parsed;
use crate::hash::FxHashMap;
use crate::i18n::Lang;
use crate::module::Module;
use crate::tables::Tables;

/// A text in both languages the tool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub it: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::It => self.it,
            Lang::En => self.en,
        }
    }
}

/// One diagnostic code.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `CL0101`. Never reused or renumbered.
    pub code: &'static str,
    /// Stable kebab-case name, in Italian like the standard's field names.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule is about.
    pub summary: Text,
    /// Message template; `{name}` placeholders are filled from the diagnostic's args.
    pub message: Text,
    /// What it checks, where the standard says so, how to fix it.
    pub explanation: Text,
}

/// Declares a family of rules. The doc comment of each rule becomes its
/// English explanation; `spiegazione` is the Italian one.
macro_rules! declare_rules {
    ($(
        $(#[doc = $doc:literal])+
        $ident:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            summary: ($summary_it:literal, $summary_en:literal),
            message: ($message_it:literal, $message_en:literal),
            spiegazione: $explanation_it:literal $(,)?
        }
    )+) => {
        $(
            $(#[doc = $doc])+
            pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
                code: $code,
                name: $name,
                severity: $crate::diagnostic::Severity::$severity,
                summary: $crate::rules::Text { it: $summary_it, en: $summary_en },
                message: $crate::rules::Text { it: $message_it, en: $message_en },
                explanation: $crate::rules::Text {
                    it: $explanation_it,
                    en: concat!($($doc, "\n"),+),
                },
            };
        )+
        /// Every rule of this family, in code order.
        pub static RULES: &[&$crate::rules::Rule] = &[$(&$ident),+];
    };
}
pub(crate) use declare_rules;

/// Every family of rules. A code is emitted only if it is listed here
/// (a test checks that every emitted code is explained).
pub static REGISTRY: &[&[&Rule]] = &[
    crate::input::codes::RULES,
    crate::schema::codes::RULES,
    identificativi::RULES,
    tabelle::RULES,
    date::RULES,
    comunicazione::RULES,
    messaggio::RULES,
    chiusura::RULES,
    crate::import::RULES,
];

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
    pub tables: Tables,
    pub modalita: Modalita,
}

/// Runs every rule family on a schema-valid document.
pub fn run(parsed: &Parsed, module: Module, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let doc = Doc::new(parsed, module);
    identificativi::check(&doc, ctx, out);
    tabelle::check(&doc, ctx, out);
    date::check(&doc, out);
    comunicazione::check(&doc, ctx, out);
    if module == Module::Messaggio {
        messaggio::check(&doc, ctx, out);
    }
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
        self.date(sending_path(self.module))
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

/// Where each module keeps its sending date.
pub fn sending_path(module: Module) -> &'static str {
    match module {
        Module::Candidatura => "DatiSistema/datainserimento",
        Module::Vacancy => "Richiesta/DurataRichiesta/datapubblicazione",
        Module::Messaggio => "DatiSistema/data",
    }
}

/// All rules, sorted by code.
pub fn all() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = REGISTRY.iter().flat_map(|f| f.iter().copied()).collect();
    rules.sort_by_key(|r| r.code);
    rules
}

/// Looks a rule up by code (case-insensitive) or by name.
pub fn find(key: &str) -> Option<&'static Rule> {
    all()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
}

/// The explanation with the doc-comment indentation removed.
pub fn explanation(rule: &Rule, lang: Lang) -> String {
    rule.explanation
        .get(lang)
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::OnceLock;

    fn bundled() -> &'static Tables {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        TABLES.get_or_init(Tables::builtin)
    }

    /// Codes the rules raise on a document that must be schema-valid.
    fn codes_for(xml: &str, modalita: Modalita, tables: Tables) -> Vec<String> {
        let parsed = Parsed::parse(xml.as_bytes().to_vec(), &crate::input::limits::Limits::default())
            .unwrap_or_else(|d| panic!("not well-formed: {d:?}"));
        let module = crate::checks::detect_module(&parsed).expect("a module");
        let schemas = crate::schema::SchemaSet::builtin();
        let mut schema_findings = Vec::new();
        crate::schema::check::check(&parsed, module, &schemas.get(module).schema, &mut schema_findings);
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
        let (tables, _) = Tables::with_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        codes_for(xml, Modalita::Massiva, tables)
    }

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all() {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.len() == 6
                    && rule.code.starts_with("CL")
                    && rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "bad code {}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "bad name {}",
                rule.name
            );
        }
    }

    /// A family declared with `declare_rules!` but missing from
    /// [`REGISTRY`] would emit codes that `clic explain` does not know.
    #[test]
    fn every_declared_code_is_registered() {
        fn scan(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    scan(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for part in text.split("code: \"CL").skip(1) {
                        found.push(format!("CL{}", &part[..4]));
                    }
                }
            }
        }
        let mut declared = Vec::new();
        scan(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut declared,
        );
        let registered: HashSet<&str> = all().iter().map(|r| r.code).collect();
        assert!(declared.len() >= registered.len());
        for code in declared {
            assert!(
                registered.contains(code.as_str()),
                "{code} is declared but not in REGISTRY"
            );
        }
    }

    #[test]
    fn every_rule_is_explained_in_both_languages() {
        for rule in all() {
            for lang in [Lang::It, Lang::En] {
                let text = explanation(rule, lang);
                assert!(text.len() > 80, "{} explanation too short in {lang:?}", rule.code);
                assert!(!rule.summary.get(lang).is_empty());
                assert!(!rule.message.get(lang).is_empty());
            }
        }
    }

    #[test]
    fn message_placeholders_match_between_languages() {
        for rule in all() {
            let it = placeholders(rule.message.it);
            let en = placeholders(rule.message.en);
            assert_eq!(it, en, "{} placeholders differ", rule.code);
        }
    }

    fn placeholders(template: &str) -> Vec<String> {
        let mut found: Vec<String> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        found.sort();
        found.dedup();
        found
    }
}
