//! The XSD schemas: compiled once at start-up (embedded in the binary, or
//! read from `--schema-dir`) by `compiled::compile`, shared read-only by
//! every worker, and checked in one streaming pass (`compiled::pass`).
//! A schema is compiled in full or refused, naming what it cannot enforce.

pub mod compiled;
pub mod diagnostics;
pub mod hints;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
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

/// A schema construct the tool will not half-enforce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Construct {
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

/// A rule of XSD itself that a schema breaks, within the subset the
/// compiler reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidXsd {
    /// More than one `xs:annotation` in this element, or one that is not its first child.
    Annotation { parent: String },
    /// Two children of which the parent may hold only one.
    Exclusive {
        parent: String,
        first: String,
        second: String,
    },
    /// An element with both a `type` attribute and a type inside it.
    TypeAndInline { element: String },
    /// An element with both `name` and `ref`.
    NameAndRef { element: String },
    /// An element with neither `name` nor `ref`.
    NoName,
    /// An `id` that is not an XML name without colons.
    Id { id: String },
    /// An `id` given to two elements.
    DuplicateId { id: String },
    /// Two elements of one sequence with the same name and different types
    /// (Element Declarations Consistent).
    Inconsistent {
        element: String,
        first: String,
        second: String,
    },
    /// A facet value its base type does not allow (`length` is a count).
    FacetValue {
        facet: String,
        value: String,
        base: String,
    },
    /// The content models expand past this many element declarations.
    TooLarge { limit: usize },
}

/// Why a schema cannot be used (the run stops with exit code 2).
#[derive(Debug)]
pub enum SchemaError {
    Read {
        path: PathBuf,
        reason: String,
    },
    /// Not in a supported encoding, or not well-formed: the diagnostic a
    /// document would get.
    NotXml {
        path: PathBuf,
        diagnostic: Box<Diagnostic>,
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
        problems: Vec<InvalidXsd>,
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
    // A blank file is not XML (no root element), said by the compiler.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(String::from_utf8(bytes).unwrap_or_default());
    }
    crate::document::decode(bytes)
        .map(|d| d.text)
        .map_err(|diagnostic| SchemaError::NotXml {
            path: path.to_path_buf(),
            diagnostic: Box::new(diagnostic),
        })
}

#[cfg(test)]
mod tests {
    use super::compiled::{CompiledSet, compile};
    use super::*;

    #[test]
    fn embedded_schemas_compile_in_full_with_their_namespace_and_root() {
        for (module, name, text) in EMBEDDED {
            let compiled = compile::compile(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(compiled.target_namespace, module.namespace());
            assert!(
                compiled.globals.contains_key(module.root()),
                "{name} lacks its root"
            );
        }
    }

    fn from_dir(files: &[(&str, &str)]) -> Result<(CompiledSet, Vec<SchemaNote>), SchemaError> {
        let dir = std::env::temp_dir().join(format!(
            "clic-xsd-{}-{}",
            std::process::id(),
            files.iter().map(|(name, _)| *name).collect::<Vec<_>>().join("-")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let result = CompiledSet::from_dir(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        result
    }

    #[test]
    fn schema_dir_refuses_unsupported_constructs() {
        let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://servizi.lavoro.gov.it/messaggio">
            <xs:element name="Messaggio" substitutionGroup="x"/></xs:schema>"#;
        let result = from_dir(&[("m.xsd", xsd)]);
        assert!(matches!(result, Err(SchemaError::Unsupported { .. })));
    }

    #[test]
    fn schema_dir_refuses_two_files_for_one_namespace() {
        let result = from_dir(&[("a.xsd", EMBEDDED[2].2), ("b.xsd", EMBEDDED[2].2)]);
        assert!(matches!(result, Err(SchemaError::Duplicate { .. })));
    }

    #[test]
    fn schema_dir_notes_foreign_files_and_the_modules_it_leaves_builtin() {
        let foreign = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:altro"><xs:choice/></xs:schema>"#;
        let (set, notes) = from_dir(&[("altro.xsd", foreign), ("v.xsd", EMBEDDED[1].2)]).unwrap();
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(matches!(&notes[0], SchemaNote::Ignored { path, namespace }
            if path.ends_with("altro.xsd") && namespace == "urn:altro"));
        assert_eq!(
            notes[1],
            SchemaNote::KeptBuiltin {
                module: Module::Candidatura
            }
        );
        assert_eq!(
            notes[2],
            SchemaNote::KeptBuiltin {
                module: Module::Messaggio
            }
        );
        assert!(set.origins[Module::Vacancy.index()].ends_with("v.xsd"));
        assert_eq!(
            set.origins[Module::Messaggio.index()],
            "xsd/messaggio.xsd (incorporato)"
        );
    }
}
