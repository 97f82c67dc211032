//! The validator compiled from the XSDs, and the one streaming pass that
//! checks a document against it (well-formedness, module, schema) without
//! building a tree. `verify`, `import`, `close` and `serve` use it; it was
//! proven against the previous validator, now a test-only oracle
//! (tests/support/oracle/, tests/validator_*.rs).

pub mod compile;
pub mod pass;
pub mod pattern;

use std::path::Path;

use super::{EMBEDDED, SchemaError, SchemaNote};
use crate::module::Module;
pub use compile::{CompileError, Compiled};
pub use pass::{Field, Outcome};

/// The three modules' compiled schemas.
pub struct CompiledSet {
    schemas: Vec<Compiled>,
    pub origins: Vec<String>,
}

impl CompiledSet {
    /// The schemas embedded in the binary.
    pub fn builtin() -> CompiledSet {
        let mut schemas = Vec::new();
        let mut origins = Vec::new();
        for (_, name, text) in EMBEDDED {
            schemas.push(
                compile::compile(text)
                    .unwrap_or_else(|e| panic!("embedded schema {name} does not compile: {e:?}")),
            );
            origins.push(format!("{name} (incorporato)"));
        }
        CompiledSet { schemas, origins }
    }

    /// The `.xsd` files of `dir`, matched to modules by target namespace;
    /// modules the directory does not provide keep the embedded schema.
    /// The notes (files of other namespaces, modules left built-in) do not
    /// stop the run.
    pub fn from_dir(dir: &Path) -> Result<(CompiledSet, Vec<SchemaNote>), SchemaError> {
        let mut set = CompiledSet::builtin();
        let mut notes = Vec::new();
        let mut provided: Vec<(Module, std::path::PathBuf)> = Vec::new();
        for path in super::xsd_files(dir)? {
            let text = super::read_schema_text(&path)?;
            let namespace = compile::target_namespace(&text).map_err(|e| error(&path, e))?;
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
            let compiled = compile::compile(&text).map_err(|e| error(&path, e))?;
            if !compiled.globals.contains_key(module.root()) {
                return Err(SchemaError::MissingRoot { path, module });
            }
            set.schemas[module.index()] = compiled;
            set.origins[module.index()] = path.display().to_string();
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

    pub fn get(&self, module: Module) -> &Compiled {
        &self.schemas[module.index()]
    }

    /// Checks one decoded document in a single pass.
    pub fn check(&self, text: &str, max_depth: usize) -> Outcome {
        let schemas = pass::Schemas {
            by_module: [&self.schemas[0], &self.schemas[1], &self.schemas[2]],
        };
        pass::check(text, &schemas, max_depth)
    }
}

fn error(path: &Path, error: CompileError) -> SchemaError {
    let path = path.to_path_buf();
    match error {
        CompileError::NotXml(diagnostic) => SchemaError::NotXml { path, diagnostic },
        CompileError::NoTargetNamespace => SchemaError::NoTargetNamespace { path },
        CompileError::Unsupported(constructs) => SchemaError::Unsupported { path, constructs },
        CompileError::Invalid(problems) => SchemaError::Invalid { path, problems },
    }
}
