//! Output of `clic close` besides the verification report: what was
//! written (or that nothing was), notes, and why a run stopped.

use std::fmt::Write;

use crate::chiusura::Closed;
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

#[cfg(test)]
mod tests {
    use crate::chiusura::CloseError;
    use crate::error::Fatal;
    use crate::i18n::Lang;
    use std::path::PathBuf;

    #[test]
    fn a_full_disk_is_said_in_italian_once() {
        let error = Fatal::Close(CloseError::Write {
            path: PathBuf::from("out/.ch.zip.7.tmp"),
            error: std::io::ErrorKind::StorageFull.into(),
        });
        assert_eq!(
            crate::report::fatal::render(&error, Lang::It),
            "clic: impossibile scrivere «out/.ch.zip.7.tmp»: spazio esaurito sul disco"
        );
    }
}
