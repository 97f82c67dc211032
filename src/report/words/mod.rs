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
use crate::input::limits::SizeError;
use crate::module::Module;
use crate::schema::SchemaNote;
use crate::tabelle::catalogo::OtherUse;
use crate::tabelle::{Provenance, TableNote};

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

pub fn other_use(other: OtherUse, lang: Lang) -> &'static str {
    match lang {
        Lang::It => it::other_use(other),
        Lang::En => en::other_use(other),
    }
}

pub fn table_source(provenance: &Provenance, lang: Lang) -> String {
    match lang {
        Lang::It => it::table_source(provenance),
        Lang::En => en::table_source(provenance),
    }
}

pub fn size_error(error: &SizeError, lang: Lang) -> String {
    match lang {
        Lang::It => it::size_error(error),
        Lang::En => en::size_error(error),
    }
}

/// An operating-system error in `lang` ("file o cartella inesistente").
pub fn io_error(error: &std::io::Error, lang: Lang) -> String {
    match lang {
        Lang::It => it::io_reason(error),
        Lang::En => en::io_reason(error),
    }
}

/// The error behind a text that ends the way Rust writes an operating-system
/// error, "… (os error 2)": some callers keep only the text.
fn os_error(text: &str) -> Option<std::io::Error> {
    let code = text.strip_suffix(')')?.rsplit_once("(os error ")?.1;
    code.parse().ok().map(std::io::Error::from_raw_os_error)
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

/// The digit a letter typed in a digit's place most likely stands for.
fn digit_look_alike(c: char) -> Option<char> {
    Some(match c {
        'O' | 'o' | 'D' => '0',
        'I' | 'i' | 'l' | 'J' => '1',
        'Z' | 'z' => '2',
        'A' => '4',
        's' => '5',
        'G' | 'b' => '6',
        'B' => '8',
        'g' => '9',
        _ => return None,
    })
}

/// The uppercase letter a character typed in a letter's place most likely
/// stands for (a digit that looks like it, or the letter in lowercase).
fn letter_look_alike(c: char) -> Option<char> {
    Some(match c {
        '0' => 'O',
        '1' => 'I',
        '2' => 'Z',
        '5' => 'S',
        '6' => 'G',
        '8' => 'B',
        c if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codice_fiscale::ErroreCf;

    fn it(error: &ErroreCf) -> String {
        reason(&Reason::CodiceFiscale(*error), Lang::It)
    }

    fn en(error: &ErroreCf) -> String {
        reason(&Reason::CodiceFiscale(*error), Lang::En)
    }

    #[test]
    fn codice_fiscale_errors_in_both_languages() {
        let e = ErroreCf::CarattereControllo {
            atteso: 'X',
            trovato: 'Y',
        };
        assert_eq!(it(&e), "carattere di controllo errato: atteso X, trovato Y");
        assert_eq!(en(&e), "wrong check character: expected X, found Y");
        let e = ErroreCf::Carattere {
            posizione: 1,
            carattere: 'r',
        };
        assert!(it(&e).contains("maiuscole"));
        assert!(en(&e).contains("uppercase"));
        assert_eq!(
            it(&ErroreCf::Giorno { giorno: 0 }),
            "giorno di nascita non valido: 00"
        );
        let e = ErroreCf::Carattere {
            posizione: 3,
            carattere: '\n',
        };
        assert_eq!(en(&e), "character not allowed at position 3: '\\n'");
        for e in [
            ErroreCf::Lunghezza { trovata: 3 },
            ErroreCf::Mese { lettera: 'F' },
            ErroreCf::CifraControllo {
                attesa: '1',
                trovata: '2',
            },
            ErroreCf::MatricolaNulla,
            ErroreCf::CodiceUfficio { codice: 7 },
        ] {
            assert!(!it(&e).is_empty() && !en(&e).is_empty());
        }
    }

    #[test]
    fn a_table_problem_is_said_in_the_report_language() {
        use crate::tabelle::{TableError, TableProblem};
        let error = Fatal::Table(TableError::Invalid {
            path: "ccnl.csv".into(),
            problem: TableProblem::NotADate {
                line: 3,
                text: "31/12/2020".into(),
            },
        });
        assert_eq!(
            fatal(&error, Lang::It),
            "la tabella «ccnl.csv» non è nel formato di tabelle/README.md: riga 3: «31/12/2020» non è una data AAAA-MM-GG"
        );
        assert_eq!(
            fatal(&error, Lang::En),
            "the table `ccnl.csv` is not in the format of tabelle/README.md: line 3: `31/12/2020` is not a date YYYY-MM-DD"
        );
    }

    #[test]
    fn operating_system_errors_are_said_in_each_language() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_error(&missing, Lang::It), "file o cartella inesistente");
        assert_eq!(io_error(&missing, Lang::En), "no such file or folder");
        let as_text = std::fs::read("/nonexistent/clic").unwrap_err().to_string();
        let error = Fatal::Write {
            path: "x".into(),
            reason: as_text,
        };
        assert_eq!(
            fatal(&error, Lang::It),
            "impossibile scrivere «x»: file o cartella inesistente"
        );
    }

    #[test]
    fn a_minimum_length_is_said_in_each_language() {
        assert_eq!(reason(&Reason::AtLeast(3), Lang::It), "3 o più");
        assert_eq!(reason(&Reason::AtLeast(3), Lang::En), "3 or more");
    }
}
