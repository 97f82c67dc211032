//! The words of reasons, fatal errors and notes: one file per language
//! (`it.rs`, `en.rs`), so that a translator edits one file and a new
//! reason cannot be said in one language only (each `match` is exhaustive).

mod en;
mod it;

use crate::codice::{
    self, ErroreCodice, ErroreIntermediario, ModalitaInvio, ProblemaLuogo, Tipo, TipoIntermediario,
};
use crate::counter::CounterError;
use crate::diagnostic::Reason;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::module::Module;
use crate::schema::SchemaNote;
use crate::tabelle::TableNote;

/// A reason carried by a diagnostic.
pub fn reason(reason: &Reason, lang: Lang) -> String {
    match lang {
        Lang::It => it::reason(reason),
        Lang::En => en::reason(reason),
    }
}

/// An error that stops the run, without the `clic: ` prefix.
pub fn fatal(error: &Fatal, lang: Lang) -> String {
    match lang {
        Lang::It => it::fatal(error),
        Lang::En => en::fatal(error),
    }
}

pub fn counter(error: &CounterError, lang: Lang) -> String {
    match lang {
        Lang::It => it::counter(error),
        Lang::En => en::counter(error),
    }
}

/// A line about the schema folder that does not stop the run.
pub fn schema_note(note: &SchemaNote, lang: Lang) -> String {
    match lang {
        Lang::It => it::schema_note(note),
        Lang::En => en::schema_note(note),
    }
}

/// A line about `--tabelle` that does not stop the run.
pub fn table_note(note: &TableNote, lang: Lang) -> String {
    match lang {
        Lang::It => it::table_note(note),
        Lang::En => en::table_note(note),
    }
}

pub fn errore_codice(error: &ErroreCodice, lang: Lang) -> String {
    match lang {
        Lang::It => it::errore_codice(error),
        Lang::En => en::errore_codice(error),
    }
}

pub fn intermediario(error: &ErroreIntermediario, lang: Lang) -> String {
    match lang {
        Lang::It => it::intermediario(error),
        Lang::En => en::intermediario(error),
    }
}

pub fn luogo(problem: &ProblemaLuogo, lang: Lang) -> String {
    match lang {
        Lang::It => it::luogo(problem),
        Lang::En => en::luogo(problem),
    }
}

pub fn modalita_invio(modalita: ModalitaInvio, lang: Lang) -> &'static str {
    match lang {
        Lang::It => it::modalita_invio(modalita),
        Lang::En => en::modalita_invio(modalita),
    }
}

pub fn tipo(tipo: Tipo, lang: Lang) -> &'static str {
    match lang {
        Lang::It => it::tipo(tipo),
        Lang::En => en::tipo(tipo),
    }
}

pub fn tipo_intermediario(tipo: TipoIntermediario, lang: Lang) -> &'static str {
    match lang {
        Lang::It => it::tipo_intermediario(tipo),
        Lang::En => en::tipo_intermediario(tipo),
    }
}

/// The types a module's codes may have, by key: `invio, chiusura`.
fn allowed_types(module: Module) -> String {
    Tipo::ALL
        .into_iter()
        .filter(|t| codice::type_allowed(module, *t))
        .map(Tipo::key)
        .collect::<Vec<_>>()
        .join(", ")
}
