//! Every schema the project knows compiles with the new schema compiler,
//! or is refused, naming the construct and the file, exactly where
//! today's schema loading refuses it too.

mod support;

use std::path::{Path, PathBuf};

use clic::schema::compiled::CompiledSet;
use clic::schema::{Construct, SchemaError, SchemaSet};

fn xsd_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xsd"))
        .collect();
    files.sort();
    files
}

/// Today's and the new verdict on one schema file, each alone in a folder.
fn both(file: &Path) -> (Result<(), SchemaError>, Result<(), SchemaError>) {
    let dir = support::temp_dir("validator-schema");
    std::fs::copy(file, dir.join(file.file_name().unwrap())).unwrap();
    let old = SchemaSet::from_dir(&dir).map(|_| ());
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
            (Err(SchemaError::Unsupported { .. }), Err(SchemaError::Unsupported { path, constructs })) => {
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
