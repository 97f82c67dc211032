//! Messages for errors that stop the run (exit code 2); the words are in
//! `report::words`.

use crate::error::Fatal;
use crate::i18n::Lang;
use crate::schema::SchemaNote;
use crate::tabelle::TableNote;

pub fn render(error: &Fatal, lang: Lang) -> String {
    format!("clic: {}", super::words::fatal(error, lang))
}

/// A line about the schema folder that does not stop the run.
pub fn schema_note(note: &SchemaNote, lang: Lang) -> String {
    super::words::schema_note(note, lang)
}

/// A line about `--tabelle` that does not stop the run.
pub fn table_note(note: &TableNote, lang: Lang) -> String {
    super::words::table_note(note, lang)
}
