//! Output of `clic close` besides the verification report: what was
//! written (or that nothing was), notes, and why a run stopped.

use std::fmt::Write;

use crate::chiusura::{CloseError, Closed, MappingError};
use crate::i18n::Lang;

/// What `clic close` did, after the verification report (text format).
pub fn close_trailer(archive: &str, csv_path: &str, closed: &[Closed], written: bool, lang: Lang) -> String {
    let mut out = String::new();
    if !written {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                &format!("Nessuna chiusura scritta: «{archive}» non è stato creato né modificato."),
                &format!("No closure written: `{archive}` was neither created nor changed."),
            )
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            &format!(
                "{} {} in «{archive}»; riepilogo in «{csv_path}»:",
                if closed.len() == 1 { "Scritta" } else { "Scritte" },
                super::plural(
                    closed.len(),
                    lang,
                    ("chiusura", "chiusure"),
                    ("closure", "closures")
                )
            ),
            &format!(
                "Wrote {} to `{archive}`; summary in `{csv_path}`:",
                super::plural(
                    closed.len(),
                    lang,
                    ("chiusura", "chiusure"),
                    ("closure", "closures")
                )
            ),
        )
    );
    for c in closed {
        let _ = writeln!(out, "  {}  {}  ->  {}", c.file, c.closed_code, c.entry);
    }
    out
}

/// Lines of `--codici` that name no input file (standard error).
pub fn unused_codes_note(csv_path: &str, names: &[String], lang: Lang) -> String {
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    let more = if names.len() > shown.len() { ", ..." } else { "" };
    let lines = super::plural(names.len(), lang, ("riga", "righe"), ("line", "lines"));
    match lang {
        Lang::It => format!(
            "clic: nota: in «{csv_path}» {lines} senza un file corrispondente: {}{more}",
            shown.join(", ")
        ),
        Lang::En => format!(
            "clic: note: {lines} of `{csv_path}` match no file: {}{more}",
            shown.join(", ")
        ),
    }
}

/// Why `clic close` stopped, in both languages (without the `clic: `
/// that [`super::fatal::render`] puts first).
pub fn error_texts(error: &CloseError) -> (String, String) {
    match error {
        CloseError::NotAnArchive(out) => (
            format!(
                "--out «{}» deve essere il nome di un archivio .zip",
                out.display()
            ),
            format!("--out `{}` must be the name of a .zip archive", out.display()),
        ),
        CloseError::MotivoShape(motivo) => (
            format!(
                "--motivo «{motivo}» non è un codice della tabella Motivi chiusura (1 o 2 lettere o cifre, come vuole lo schema)"
            ),
            format!(
                "--motivo `{motivo}` is not a code of the Motivi chiusura table (1 or 2 letters or digits, as the schema requires)"
            ),
        ),
        CloseError::MotivoUnknown(motivo) => (
            format!("--motivo «{motivo}» non è nella tabella motivi_chiusura caricata con --tabelle"),
            format!("--motivo `{motivo}` is not in the motivi_chiusura table loaded with --tabelle"),
        ),
        CloseError::PlaceWithoutCounter => (
            "--regione e --provincia servono solo con --contatore".into(),
            "--regione and --provincia are only used with --contatore".into(),
        ),
        CloseError::CounterWithoutPlace => (
            "con --contatore servono --regione e --provincia del codice delle chiusure".into(),
            "--contatore needs --regione and --provincia for the closures' codes".into(),
        ),
        CloseError::Mapping(e) => mapping_texts(e),
        CloseError::Counter(e) => super::codegen::counter_error(e),
        CloseError::Reopen(e) => (
            format!("impossibile aprire «{}»: {}", e.path, e.reason),
            format!("cannot open `{}`: {}", e.path, e.reason),
        ),
        CloseError::Write { path, error } => {
            let (it, en) = io_texts(error);
            (
                format!("impossibile scrivere «{}»: {it}", path.display()),
                format!("cannot write `{}`: {en}", path.display()),
            )
        }
        CloseError::Internal { file, error } => (
            format!("errore interno nel costruire la chiusura di «{file}»: {error:?}"),
            format!("internal error building the closure of `{file}`: {error:?}"),
        ),
    }
}

fn mapping_texts(error: &MappingError) -> (String, String) {
    let (path, it, en) = match error {
        MappingError::Unreadable { path, error } => {
            return (
                format!("impossibile aprire «{}»: {error}", path.display()),
                format!("cannot open `{}`: {error}", path.display()),
            );
        }
        MappingError::NotCsv { path, reason } => (
            path,
            format!("non è un CSV leggibile ({reason})"),
            format!("not a readable CSV ({reason})"),
        ),
        MappingError::Header { path } => (
            path,
            "l'intestazione deve essere «file,codice»".into(),
            "the header must be `file,codice`".into(),
        ),
        MappingError::BadLine { path, line, reason } => (
            path,
            format!("riga {line}: {reason}"),
            format!("line {line}: {reason}"),
        ),
        MappingError::MissingName { path, line } => (
            path,
            format!("riga {line}: manca il nome del file"),
            format!("line {line}: the file name is missing"),
        ),
        MappingError::Conflict {
            path,
            line,
            file,
            previous,
        } => (
            path,
            format!("riga {line}: «{file}» ha già il codice {previous}"),
            format!("line {line}: `{file}` already has the code {previous}"),
        ),
    };
    (
        format!("--codici «{}»: {it}", path.display()),
        format!("--codici `{}`: {en}", path.display()),
    )
}

/// An I/O error's reason: a full disk in words, anything else as the
/// system says it.
fn io_texts(error: &std::io::Error) -> (String, String) {
    match error.kind() {
        std::io::ErrorKind::StorageFull => (
            "spazio esaurito sul disco".into(),
            "no space left on the disk".into(),
        ),
        _ => (error.to_string(), error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_full_disk_is_said_in_italian() {
        let error = CloseError::Write {
            path: PathBuf::from("out/.ch.zip.7.tmp"),
            error: std::io::ErrorKind::StorageFull.into(),
        };
        assert_eq!(
            error_texts(&error).0,
            "impossibile scrivere «out/.ch.zip.7.tmp»: spazio esaurito sul disco"
        );
    }
}
