//! Every schema the project knows compiles with the new schema compiler,
//! or is refused, naming the construct and the file, exactly where the
//! previous schema loading (the `xmlschema` crate, now a test oracle in
//! tests/support/oracle/) refuses it too; and a `--schema-dir` folder gets
//! the same refusals and notes from both.

#[path = "support/oracle/mod.rs"]
mod oracle;
mod support;

use std::path::{Path, PathBuf};

use clic::schema::compiled::CompiledSet;
use clic::schema::{Construct, SchemaError};
use oracle::{Kind, Refusal};

fn xsd_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xsd"))
        .collect();
    files.sort();
    files
}

/// The oracle's and the new verdict on one schema file, each alone in a folder.
fn both(file: &Path) -> (Result<(), Refusal>, Result<(), SchemaError>) {
    let dir = support::temp_dir("validator-schema");
    std::fs::copy(file, dir.join(file.file_name().unwrap())).unwrap();
    let old = oracle::SchemaSet::from_dir(&dir).map(|_| ());
    let new = CompiledSet::from_dir(&dir).map(|_| ());
    let _ = std::fs::remove_dir_all(&dir);
    (old, new)
}

#[test]
fn every_known_schema_compiles_as_it_does_today() {
    let reference = support::official_xsd().parent().unwrap().to_path_buf();
    let mut files = xsd_files(&support::root().join("xsd"));
    files.extend(xsd_files(&reference.join("ufficiali")));
    files.extend(xsd_files(&reference.join("altre")));
    assert!(files.len() >= 9, "{files:?}");
    for file in &files {
        let (old, new) = both(file);
        match (&old, &new) {
            (Ok(()), Ok(())) => {}
            (
                Err(Refusal {
                    kind: Kind::Unsupported,
                    ..
                }),
                Err(SchemaError::Unsupported { path, constructs }),
            ) => {
                assert_eq!(path.file_name(), file.file_name());
                assert!(!constructs.is_empty());
            }
            _ => panic!("{}: today {old:?}, new {new:?}", file.display()),
        }
        eprintln!(
            "{}: {}",
            file.display(),
            if new.is_ok() { "compiles" } else { "refused" }
        );
    }
}

#[test]
fn a_construct_outside_the_subset_is_refused_naming_it_and_the_file() {
    // The schema tests/verify_cli.rs shows refused today.
    let dir = support::temp_dir("validator-schema-refused");
    let xsd = r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://servizi.lavoro.gov.it/vacancy" elementFormDefault="qualified">
  <xs:element name="Vacancy" substitutionGroup="x"/>
</xs:schema>"#;
    let file = dir.join("vacancy.xsd");
    std::fs::write(&file, xsd).unwrap();
    let result = CompiledSet::from_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Err(SchemaError::Unsupported { path, constructs }) => {
            assert_eq!(path, file);
            assert!(
                constructs
                    .iter()
                    .any(|c| matches!(c, Construct::Outside { construct } if construct.contains("substitutionGroup"))),
                "{constructs:?}"
            );
        }
        Err(other) => panic!("refused for another reason: {other:?}"),
        Ok(_) => panic!("a substitution group was accepted"),
    }
}

#[test]
fn a_sequence_breaking_unique_particle_attribution_is_refused() {
    let dir = support::temp_dir("validator-schema-upa");
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://servizi.lavoro.gov.it/messaggio" elementFormDefault="qualified">
  <xs:element name="Messaggio"><xs:complexType><xs:sequence>
    <xs:element name="a" type="xs:string" maxOccurs="2"/>
    <xs:element name="a" type="xs:string"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    std::fs::write(dir.join("m.xsd"), xsd).unwrap();
    let result = CompiledSet::from_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Err(SchemaError::Unsupported { constructs, .. }) => assert!(
            matches!(&constructs[0], Construct::Ambiguous { element } if element == "a"),
            "{constructs:?}"
        ),
        Err(other) => panic!("refused for another reason: {other:?}"),
        Ok(_) => panic!("an ambiguous sequence was accepted"),
    }
}

const HEAD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:m="http://servizi.lavoro.gov.it/messaggio" targetNamespace="http://servizi.lavoro.gov.it/messaggio" elementFormDefault="qualified">"#;
const ROOT: &str = r#"<xs:element name="Messaggio"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#;
const A: &str = r#"<xs:element name="a" type="xs:string"/>"#;
const FOREIGN: &str =
    r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:altro"/>"#;

/// A Messaggio schema: `body` inside xs:schema.
fn messaggio(body: &str) -> String {
    format!("{HEAD}{body}</xs:schema>")
}

/// A folder's files: (name, text).
type Files = Vec<(&'static str, String)>;

/// A folder with the Messaggio root, its field `a` replaced.
fn with_a(a: &str) -> Files {
    vec![("m.xsd", messaggio(&ROOT.replace(A, a)))]
}

/// A folder with the Messaggio root, `a` of an inline simple type restricting `base`.
fn restricted(base: &str, facets: &str) -> Files {
    with_a(&format!(
        r#"<xs:element name="a"><xs:simpleType><xs:restriction base="{base}">{facets}</xs:restriction></xs:simpleType></xs:element>"#
    ))
}

/// What a folder gets: the notes, or the kind of refusal.
type Verdict = Result<Vec<clic::schema::SchemaNote>, Kind>;

/// How the new loading's verdict on a folder compares with the oracle's.
enum Expect {
    /// The same: accepted with the same notes, or refused the same way.
    Same(Result<(), Kind>),
    /// The oracle accepted the folder, the compiled subset refuses it.
    Stricter(Kind),
    /// Refused by both, for a reason of another kind (both exit 2).
    OtherKind { old: Kind, new: Kind },
    /// The oracle refused a valid schema; the new loading accepts it.
    Accepted { why: &'static str },
}

fn cases() -> Vec<(&'static str, Files, Expect)> {
    use Expect::*;
    let m = |text: String| vec![("m.xsd", text)];
    let doubling = {
        let mut types = String::from(
            r#"<xs:complexType name="T0"><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType>"#,
        );
        for i in 1..40 {
            types.push_str(&format!(
                r#"<xs:complexType name="T{i}"><xs:sequence><xs:element name="a" type="m:T{0}"/><xs:element name="b" type="m:T{0}"/></xs:sequence></xs:complexType>"#,
                i - 1
            ));
        }
        messaggio(&format!(r#"{types}<xs:element name="Messaggio" type="m:T39"/>"#))
    };
    vec![
        ("valido", m(messaggio(ROOT)), Same(Ok(()))),
        ("altro-namespace", vec![("altro.xsd", FOREIGN.into()), ("m.xsd", messaggio(ROOT))], Same(Ok(()))),
        ("solo-altro-namespace", vec![("altro.xsd", FOREIGN.into())], Same(Err(Kind::EmptyDir))),
        ("due-per-un-namespace", vec![("a.xsd", messaggio(ROOT)), ("b.xsd", messaggio(ROOT))], Same(Err(Kind::Duplicate))),
        ("non-xml", m("<xs:schema".into()), Same(Err(Kind::NotXml))),
        ("vuoto", m("  \n".into()), Same(Err(Kind::NotXml))),
        ("senza-target-namespace", m(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#.into()), Same(Err(Kind::NoTargetNamespace))),
        ("senza-radice", m(messaggio(A)), Same(Err(Kind::MissingRoot))),
        ("import", m(messaggio(&format!(r#"<xs:import namespace="urn:x"/>{ROOT}"#))), Same(Err(Kind::Unsupported))),
        ("include", m(messaggio(&format!(r#"<xs:include schemaLocation="a.xsd"/>{ROOT}"#))), Same(Err(Kind::Unsupported))),
        (
            "import-in-appinfo",
            m(messaggio(&ROOT.replace(
                "<xs:sequence>",
                r#"<xs:annotation><xs:appinfo><xs:import namespace="urn:x"/></xs:appinfo></xs:annotation><xs:sequence>"#,
            ))),
            Same(Err(Kind::Unsupported)),
        ),
        ("tipo-non-definito", m(messaggio(r#"<xs:element name="Messaggio" type="m:Nessuno"/>"#)), Same(Err(Kind::Unsupported))),
        ("pattern-non-compilabile", restricted("xs:string", r#"<xs:pattern value="["/>"#), Same(Err(Kind::Unsupported))),
        ("default", with_a(r#"<xs:element name="a" type="xs:string" default="x"/>"#), Same(Err(Kind::Unsupported))),
        ("form", with_a(r#"<xs:element name="a" type="xs:string" form="unqualified"/>"#), Same(Err(Kind::Unsupported))),
        ("block", m(messaggio(&ROOT.replace(r#"name="Messaggio""#, r##"name="Messaggio" block="#all""##))), Same(Err(Kind::Unsupported))),
        ("mixed", m(messaggio(&ROOT.replace("<xs:complexType>", r#"<xs:complexType mixed="true">"#))), Same(Err(Kind::Unsupported))),
        ("final-su-simple-type", with_a(r#"<xs:element name="a"><xs:simpleType final="list"><xs:restriction base="xs:string"/></xs:simpleType></xs:element>"#), Same(Err(Kind::Unsupported))),
        ("due-sequence", m(messaggio(&ROOT.replace("</xs:sequence></xs:complexType>", "</xs:sequence><xs:sequence/></xs:complexType>"))), Same(Err(Kind::Invalid))),
        ("due-annotation", m(messaggio(&ROOT.replace("<xs:sequence>", "<xs:annotation/><xs:annotation/><xs:sequence>"))), Same(Err(Kind::Invalid))),
        ("annotation-in-fondo", m(messaggio(&ROOT.replace("</xs:sequence>", "</xs:sequence><xs:annotation/>"))), Same(Err(Kind::Invalid))),
        (
            "name-e-ref",
            m(messaggio(&format!(r#"<xs:element name="b" type="xs:string"/>{}"#, ROOT.replace(A, r#"<xs:element name="a" ref="m:b"/>"#)))),
            Same(Err(Kind::Invalid)),
        ),
        ("senza-name", with_a(r#"<xs:element type="xs:string"/>"#), Same(Err(Kind::Invalid))),
        ("id-non-valido", with_a(r#"<xs:element name="a" type="xs:string" id="1x"/>"#), Same(Err(Kind::Invalid))),
        (
            "id-ripetuto",
            m(messaggio(&ROOT.replace(A, r#"<xs:element name="a" type="xs:string" id="x"/>"#).replace("<xs:complexType>", r#"<xs:complexType id="x">"#))),
            Same(Err(Kind::Invalid)),
        ),
        ("enumerazione-non-data", restricted("xs:date", r#"<xs:enumeration value="ieri"/>"#), Same(Err(Kind::Invalid))),
        ("lunghezza-negativa", restricted("xs:string", r#"<xs:maxLength value="-1"/>"#), Same(Err(Kind::Invalid))),
        (
            "stesso-nome-tipi-diversi",
            with_a(r#"<xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/><xs:element name="a" type="xs:date"/>"#),
            Same(Err(Kind::Invalid)),
        ),
        ("espansione-esponenziale", m(doubling), Same(Err(Kind::Invalid))),
        ("facet-fixed", restricted("xs:string", r#"<xs:maxLength value="3" fixed="true"/>"#), Same(Ok(()))),
        ("attributo-di-altro-namespace", with_a(r#"<xs:element name="a" type="xs:string" xmlns:o="urn:o" o:x="1"/>"#), Same(Ok(()))),
        ("decimal", with_a(r#"<xs:element name="a" type="xs:decimal"/>"#), Stricter(Kind::Unsupported)),
        ("nillable", with_a(r#"<xs:element name="a" type="xs:string" nillable="true"/>"#), Stricter(Kind::Unsupported)),
        ("ref-non-risolto", with_a(r#"<xs:element ref="m:nessuno"/>"#), Stricter(Kind::Unsupported)),
        (
            "tipo-ricorsivo",
            m(messaggio(
                r#"<xs:complexType name="T"><xs:sequence><xs:element name="x" type="m:T" minOccurs="0"/></xs:sequence></xs:complexType><xs:element name="Messaggio" type="m:T"/>"#,
            )),
            Stricter(Kind::Unsupported),
        ),
        (
            "radice-non-xs-schema",
            m(r#"<schema xmlns="urn:x" targetNamespace="http://servizi.lavoro.gov.it/messaggio"/>"#.into()),
            OtherKind { old: Kind::MissingRoot, new: Kind::Unsupported },
        ),
        (
            "due-annotation-in-xs-schema",
            m(messaggio(&format!("<xs:annotation/>{ROOT}<xs:annotation/>"))),
            Accepted { why: "XSD lets xs:schema hold an annotation after each of its components" },
        ),
        (
            "markup-nella-documentazione",
            m(messaggio(&ROOT.replace(
                "<xs:sequence>",
                "<xs:annotation><xs:documentation><b>nota</b></xs:documentation></xs:annotation><xs:sequence>",
            ))),
            Accepted { why: "an annotation's content is not schema: no rule is skipped" },
        ),
    ]
}

#[test]
fn a_schema_folder_is_refused_or_noted_as_the_oracle_does() {
    for (label, files, expect) in cases() {
        let dir = support::temp_dir(&format!("validator-schema-{label}"));
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let old: Verdict = oracle::SchemaSet::from_dir(&dir)
            .map(|(_, notes)| notes)
            .map_err(|r| r.kind);
        let new_result = CompiledSet::from_dir(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        // A refusal names the file (or the folder) in both languages.
        if let Err(error) = &new_result {
            let named = files.last().map_or("", |(name, _)| *name);
            for lang in [clic::i18n::Lang::It, clic::i18n::Lang::En] {
                let said = clic::report::fatal::render(&clic::error::Fatal::Schema(clone(error)), lang);
                assert!(
                    said.contains(named) || said.contains(&format!("validator-schema-{label}")),
                    "{label}: {said}"
                );
                assert!(
                    !said.contains("{ "),
                    "{label}: a Debug form reaches users: {said}"
                );
            }
        }
        let new: Verdict = new_result.map(|(_, notes)| notes).map_err(|e| Kind::of(&e));
        let shown = format!("{label}: oracle {old:?}, new {new:?}");
        match expect {
            Expect::Same(Ok(())) => {
                assert!(old.is_ok(), "{shown}");
                assert_eq!(old, new, "{shown}");
            }
            Expect::Same(Err(kind)) => assert!(old == Err(kind) && new == Err(kind), "{shown}"),
            Expect::Stricter(kind) => assert!(old.is_ok() && new == Err(kind), "{shown}"),
            Expect::OtherKind { old: o, new: n } => assert!(old == Err(o) && new == Err(n), "{shown}"),
            Expect::Accepted { why } => {
                assert!(old.is_err() && new.is_ok(), "{shown} ({why})")
            }
        }
    }
}

/// SchemaError is not Clone (it may hold an io error's words); rebuild
/// what the renderer needs.
fn clone(error: &SchemaError) -> SchemaError {
    match error {
        SchemaError::Read { path, reason } => SchemaError::Read {
            path: path.clone(),
            reason: reason.clone(),
        },
        SchemaError::NotXml { path, diagnostic } => SchemaError::NotXml {
            path: path.clone(),
            diagnostic: diagnostic.clone(),
        },
        SchemaError::NoTargetNamespace { path } => SchemaError::NoTargetNamespace { path: path.clone() },
        SchemaError::Duplicate {
            namespace,
            first,
            second,
        } => SchemaError::Duplicate {
            namespace: namespace.clone(),
            first: first.clone(),
            second: second.clone(),
        },
        SchemaError::Unsupported { path, constructs } => SchemaError::Unsupported {
            path: path.clone(),
            constructs: constructs.clone(),
        },
        SchemaError::Invalid { path, problems } => SchemaError::Invalid {
            path: path.clone(),
            problems: problems.clone(),
        },
        SchemaError::MissingRoot { path, module } => SchemaError::MissingRoot {
            path: path.clone(),
            module: *module,
        },
        SchemaError::EmptyDir { path } => SchemaError::EmptyDir { path: path.clone() },
    }
}
