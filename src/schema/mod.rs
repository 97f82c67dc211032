//! The XSD schemas: compiled once at start-up (embedded in the binary, or
//! read from `--schema-dir`), shared read-only by every worker.

pub mod check;
pub mod compiled;
pub mod diagnostics;
mod hints;

use std::path::{Path, PathBuf};

use crate::module::Module;

/// The project's own schemas, written from the standard (see `xsd/README.md`).
const EMBEDDED: [(Module, &str, &str); 3] = [
    (
        Module::Candidatura,
        "xsd/candidatura.xsd",
        include_str!("../../xsd/candidatura.xsd"),
    ),
    (
        Module::Vacancy,
        "xsd/vacancy.xsd",
        include_str!("../../xsd/vacancy.xsd"),
    ),
    (
        Module::Messaggio,
        "xsd/messaggio.xsd",
        include_str!("../../xsd/messaggio.xsd"),
    ),
];

/// One module's compiled schema.
pub struct CompiledSchema {
    pub module: Module,
    pub schema: xmlschema::Schema,
    /// Where it came from: `xsd/candidatura.xsd (incorporato)` or a file path.
    pub origin: String,
}

/// The three schemas in use, indexed by [`Module::index`].
pub struct SchemaSet {
    schemas: Vec<CompiledSchema>,
}

/// A schema construct the tool will not half-enforce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Construct {
    /// One the validator would skip, with the validator's own (English)
    /// description of what and of the effect.
    Skipped { construct: String, effect: String },
    /// `xs:import`, `xs:include`...: other schema files are not loaded.
    OtherFile { element: String },
    /// Outside the XSD subset the compiled validator enforces (`compiled/`):
    /// the construct as an XPath-like step, e.g. `xs:complexType/xs:choice`.
    Outside { construct: String },
    /// A sequence in which this element could match two particles (Unique
    /// Particle Attribution).
    Ambiguous { element: String },
    /// An `xs:pattern` outside the regular-expression syntax translated.
    Pattern { pattern: String },
}

/// Why a schema cannot be used (the run stops with exit code 2).
#[derive(Debug)]
pub enum SchemaError {
    Read {
        path: PathBuf,
        reason: String,
    },
    NotXml {
        path: PathBuf,
        reason: String,
    },
    NoTargetNamespace {
        path: PathBuf,
    },
    Duplicate {
        namespace: String,
        first: PathBuf,
        second: PathBuf,
    },
    Unsupported {
        path: PathBuf,
        constructs: Vec<Construct>,
    },
    Invalid {
        path: PathBuf,
        reason: String,
    },
    MissingRoot {
        path: PathBuf,
        module: Module,
    },
    EmptyDir {
        path: PathBuf,
    },
}

/// Something worth telling the user about the schema directory that does not stop the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaNote {
    /// A file whose target namespace is not one of the three modules.
    Ignored { path: PathBuf, namespace: String },
    /// A module the directory does not provide: the embedded schema stays.
    KeptBuiltin { module: Module },
}

impl SchemaSet {
    /// The schemas embedded in the binary.
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

    /// The `.xsd` files of `dir`, matched to modules by target namespace;
    /// modules the directory does not provide keep the embedded schema.
    pub fn from_dir(dir: &Path) -> Result<(SchemaSet, Vec<SchemaNote>), SchemaError> {
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
                return Err(SchemaError::Duplicate {
                    namespace,
                    first: first.clone(),
                    second: path,
                });
            }
            let compiled = compile_file(module, &path, &text)?;
            set.schemas[module.index()] = compiled;
            provided.push((module, path));
        }
        if provided.is_empty() {
            return Err(SchemaError::EmptyDir {
                path: dir.to_path_buf(),
            });
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

pub(crate) fn xsd_files(dir: &Path) -> Result<Vec<PathBuf>, SchemaError> {
    let read_error = |e: std::io::Error| SchemaError::Read {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xsd")))
        .collect();
    files.sort();
    Ok(files)
}

pub(crate) fn read_schema_text(path: &Path) -> Result<String, SchemaError> {
    let bytes = std::fs::read(path).map_err(|e| SchemaError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    crate::input::encoding::decode(bytes)
        .map(|d| d.text)
        .map_err(|e| SchemaError::NotXml {
            path: path.to_path_buf(),
            reason: format!("{e:?}"),
        })
}

fn target_namespace(path: &Path, text: &str) -> Result<String, SchemaError> {
    let doc = oxml::parse(text).map_err(|e| SchemaError::NotXml {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    doc.root_element()
        .and_then(|root| doc.attribute(root, "targetNamespace"))
        .map(str::to_string)
        .ok_or_else(|| SchemaError::NoTargetNamespace {
            path: path.to_path_buf(),
        })
}

/// Refuses, rather than half-enforces, a schema with constructs the
/// validator would skip, or with imports it would not resolve.
fn compile_file(module: Module, path: &Path, text: &str) -> Result<CompiledSchema, SchemaError> {
    let doc = oxml::parse(text).map_err(|e| SchemaError::NotXml {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut constructs: Vec<Construct> = xmlschema::support::unsupported(&doc)
        .into_iter()
        .map(|u| Construct::Skipped {
            construct: u.construct.to_string(),
            effect: u.effect.to_string(),
        })
        .collect();
    for id in doc.descendants() {
        let Some(name) = doc.element_name(id) else {
            continue;
        };
        if matches!(
            name.local.as_str(),
            "import" | "include" | "redefine" | "override"
        ) {
            constructs.push(Construct::OtherFile {
                element: name.local.to_string(),
            });
        }
    }
    if !constructs.is_empty() {
        constructs.dedup();
        return Err(SchemaError::Unsupported {
            path: path.to_path_buf(),
            constructs,
        });
    }
    let schema = xmlschema::parse_schema(text).map_err(|e| SchemaError::Invalid {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    if schema.element(module.root()).is_none() {
        return Err(SchemaError::MissingRoot {
            path: path.to_path_buf(),
            module,
        });
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
    fn embedded_schemas_are_fully_enforced() {
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

    #[test]
    fn schema_dir_refuses_unsupported_constructs() {
        let dir = std::env::temp_dir().join(format!("clic-xsd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://servizi.lavoro.gov.it/messaggio">
            <xs:element name="Messaggio" substitutionGroup="x"/></xs:schema>"#;
        std::fs::write(dir.join("m.xsd"), xsd).unwrap();
        let result = SchemaSet::from_dir(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(result, Err(SchemaError::Unsupported { .. })));
    }

    #[test]
    fn schema_dir_refuses_two_files_for_one_namespace() {
        let dir = std::env::temp_dir().join(format!("clic-xsd-dup-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a.xsd", "b.xsd"] {
            std::fs::write(dir.join(name), EMBEDDED[2].2).unwrap();
        }
        let result = SchemaSet::from_dir(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(result, Err(SchemaError::Duplicate { .. })));
    }
}
