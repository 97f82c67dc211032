//! The previous validator, kept out of the binary as a test oracle: the
//! oxml tree (`legacy`), module detection, and the `xmlschema` crate's
//! verdict reworded element by element (`check`). `clic` no longer uses
//! it; tests/validator_differential.rs proves the compiled pass gives the
//! same diagnostics, tests/validator_schemas.rs that `--schema-dir`
//! accepts and refuses the same schemas, and
//! examples/validator_throughput.rs times both.
//!
//! Included with `#[path = "support/oracle/mod.rs"] mod oracle;`; it
//! depends on the dev-dependencies `oxml` and `xmlschema` only.
#![allow(dead_code)]

pub mod check;
pub mod legacy;

use std::path::{Path, PathBuf};

use clic::module::Module;
use clic::schema::{SchemaError, SchemaNote};

/// The project's own schemas, as the binary embeds them.
const EMBEDDED: [(Module, &str, &str); 3] = [
    (
        Module::Candidatura,
        "xsd/candidatura.xsd",
        include_str!("../../../xsd/candidatura.xsd"),
    ),
    (
        Module::Vacancy,
        "xsd/vacancy.xsd",
        include_str!("../../../xsd/vacancy.xsd"),
    ),
    (
        Module::Messaggio,
        "xsd/messaggio.xsd",
        include_str!("../../../xsd/messaggio.xsd"),
    ),
];

/// One module's schema, parsed by `xmlschema`.
pub struct CompiledSchema {
    pub module: Module,
    pub schema: xmlschema::Schema,
    pub origin: String,
}

/// The three schemas, indexed by [`Module::index`].
pub struct SchemaSet {
    schemas: Vec<CompiledSchema>,
}

/// Why the old loading refused a schema folder, as `clic` classified it
/// then; `detail` holds what it said (`xmlschema`'s words for skipped
/// constructs and invalid schemas, oxml's for files that are not XML).
#[derive(Debug)]
pub struct Refusal {
    pub kind: Kind,
    pub path: PathBuf,
    pub detail: String,
}

/// The kinds of refusal, as `clic::schema::SchemaError`'s variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    NotXml,
    NoTargetNamespace,
    Duplicate,
    Unsupported,
    Invalid,
    MissingRoot,
    EmptyDir,
}

impl Kind {
    /// The kind of one of `clic`'s refusals.
    pub fn of(error: &SchemaError) -> Kind {
        match error {
            SchemaError::Read { .. } => Kind::Read,
            SchemaError::NotXml { .. } => Kind::NotXml,
            SchemaError::NoTargetNamespace { .. } => Kind::NoTargetNamespace,
            SchemaError::Duplicate { .. } => Kind::Duplicate,
            SchemaError::Unsupported { .. } => Kind::Unsupported,
            SchemaError::Invalid { .. } => Kind::Invalid,
            SchemaError::MissingRoot { .. } => Kind::MissingRoot,
            SchemaError::EmptyDir { .. } => Kind::EmptyDir,
        }
    }
}

fn refusal(kind: Kind, path: &Path, detail: impl Into<String>) -> Refusal {
    Refusal {
        kind,
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

impl SchemaSet {
    pub fn builtin() -> SchemaSet {
        let schemas = EMBEDDED
            .iter()
            .map(|(module, name, text)| CompiledSchema {
                module: *module,
                schema: xmlschema::parse_schema(text)
                    .unwrap_or_else(|e| panic!("embedded schema {name} does not compile: {e}")),
                origin: format!("{name} (incorporato)"),
            })
            .collect();
        SchemaSet { schemas }
    }

    /// The old `--schema-dir` loading, file by file in name order.
    pub fn from_dir(dir: &Path) -> Result<(SchemaSet, Vec<SchemaNote>), Refusal> {
        let mut set = SchemaSet::builtin();
        let mut notes = Vec::new();
        let mut provided: Vec<(Module, PathBuf)> = Vec::new();
        for path in xsd_files(dir)? {
            let text = read_schema_text(&path)?;
            let namespace = target_namespace(&path, &text)?;
            let Some(module) = Module::from_namespace(&namespace) else {
                notes.push(SchemaNote::Ignored { path, namespace });
                continue;
            };
            if let Some((_, first)) = provided.iter().find(|(m, _)| *m == module) {
                return Err(refusal(Kind::Duplicate, &path, first.display().to_string()));
            }
            set.schemas[module.index()] = compile_file(module, &path, &text)?;
            provided.push((module, path));
        }
        if provided.is_empty() {
            return Err(refusal(Kind::EmptyDir, dir, ""));
        }
        for module in Module::ALL {
            if !provided.iter().any(|(m, _)| *m == module) {
                notes.push(SchemaNote::KeptBuiltin { module });
            }
        }
        Ok((set, notes))
    }

    pub fn get(&self, module: Module) -> &CompiledSchema {
        &self.schemas[module.index()]
    }
}

/// The tree parser's bounds from `clic`'s limits.
pub fn parser_limits(limits: &clic::input::limits::Limits) -> oxml::Limits {
    let mut parser = oxml::Limits::default();
    parser.max_depth = limits.max_depth;
    // A well-formed file cannot hold more nodes than it has bytes.
    parser.max_nodes = Some(limits.max_entry_bytes as usize + 16);
    parser.max_input_bytes = Some(limits.max_entry_bytes as usize);
    parser
}

fn xsd_files(dir: &Path) -> Result<Vec<PathBuf>, Refusal> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| refusal(Kind::Read, dir, e.to_string()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xsd")))
        .collect();
    files.sort();
    Ok(files)
}

fn read_schema_text(path: &Path) -> Result<String, Refusal> {
    let bytes = std::fs::read(path).map_err(|e| refusal(Kind::Read, path, e.to_string()))?;
    clic::input::encoding::decode(bytes)
        .map(|d| d.text)
        .map_err(|e| refusal(Kind::NotXml, path, format!("{e:?}")))
}

fn target_namespace(path: &Path, text: &str) -> Result<String, Refusal> {
    let doc = oxml::parse(text).map_err(|e| refusal(Kind::NotXml, path, e.to_string()))?;
    doc.root_element()
        .and_then(|root| doc.attribute(root, "targetNamespace"))
        .map(str::to_string)
        .ok_or_else(|| refusal(Kind::NoTargetNamespace, path, ""))
}

/// Refuses a schema with constructs `xmlschema` would skip, or with
/// imports it would not resolve.
fn compile_file(module: Module, path: &Path, text: &str) -> Result<CompiledSchema, Refusal> {
    let doc = oxml::parse(text).map_err(|e| refusal(Kind::NotXml, path, e.to_string()))?;
    let mut constructs: Vec<String> = xmlschema::support::unsupported(&doc)
        .into_iter()
        .map(|u| format!("{}: {}", u.construct, u.effect))
        .collect();
    for id in doc.descendants() {
        let Some(name) = doc.element_name(id) else {
            continue;
        };
        if matches!(
            name.local.as_str(),
            "import" | "include" | "redefine" | "override"
        ) {
            constructs.push(format!("xs:{}", name.local));
        }
    }
    if !constructs.is_empty() {
        constructs.dedup();
        return Err(refusal(Kind::Unsupported, path, constructs.join("\n")));
    }
    let schema = xmlschema::parse_schema(text).map_err(|e| refusal(Kind::Invalid, path, e.to_string()))?;
    if schema.element(module.root()).is_none() {
        return Err(refusal(Kind::MissingRoot, path, ""));
    }
    Ok(CompiledSchema {
        module,
        schema,
        origin: path.display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oracle_enforces_the_embedded_schemas_fully() {
        for (module, name, text) in EMBEDDED {
            let doc = oxml::parse(text).unwrap();
            let skipped = xmlschema::support::unsupported(&doc);
            assert!(
                skipped.is_empty(),
                "{name} has unsupported constructs: {skipped:?}"
            );
            let schema = xmlschema::parse_schema(text).unwrap();
            assert_eq!(schema.target_namespace.as_deref(), Some(module.namespace()));
            assert!(schema.element(module.root()).is_some(), "{name} lacks its root");
        }
    }
}
