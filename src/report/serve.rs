//! The words of `clic serve`: its page (both languages, switched in the
//! browser), its refusals and errors, and its console lines; and the
//! [`Render`] the server calls for reports, which are the same renderers
//! as `clic verify --format`.

use std::io;

use super::reader;
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::input::limits::format_bytes;
use crate::repair::output::RepairList;
use crate::serve::guard::Refusal;
use crate::serve::upload::UploadError;
use crate::serve::{Download, Problem, Render, StartError};

/// The page's words: (key, Italian, English). The page's script fills
/// each element marked `data-w="key"`; `{name}` is filled by the script.
const PAGE: &[(&str, &str, &str)] = &[
    ("title", "clic: verifica", "clic: verification"),
    (
        "heading",
        "Verifica delle comunicazioni Cliclavoro",
        "Check Cliclavoro communications",
    ),
    (
        "intro",
        "Scegli o trascina file .zip o .xml, o una cartella: il controllo avviene su questo computer e i file non lo lasciano.",
        "Choose or drop .zip or .xml files, or a folder: the check runs on this computer and the files never leave it.",
    ),
    ("choose-files", "Scegli i file", "Choose files"),
    ("choose-folder", "Scegli una cartella", "Choose a folder"),
    ("drop", "oppure trascinali qui", "or drop them here"),
    ("other-lang", "English", "Italiano"),
    ("uploading", "Caricamento: {percent}%", "Uploading: {percent}%"),
    (
        "checking",
        "Controllo: {done} di {total} file",
        "Checking: {done} of {total} files",
    ),
    ("rendering", "Preparazione del rapporto…", "Preparing the report…"),
    (
        "summary",
        "{files} file: {ok} OK, {ko} KO; avvisi: {warnings}",
        "{files} files: {ok} OK, {ko} KO; warnings: {warnings}",
    ),
    ("verdict-ok", "Esito: OK", "Verdict: OK"),
    ("verdict-ko", "Esito: KO", "Verdict: KO"),
    ("files-heading", "File", "Files"),
    ("filter-ko", "Solo KO", "KO only"),
    ("filter-code", "Codice", "Code"),
    ("all-codes", "Tutti i codici", "All codes"),
    ("filter-name", "Nome del file", "File name"),
    ("col-file", "File", "File"),
    ("col-verdict", "Esito", "Verdict"),
    ("col-problems", "Problemi", "Problems"),
    (
        "shown",
        "File da {from} a {to} di {count}",
        "Files {from} to {to} of {count}",
    ),
    (
        "shown-none",
        "Nessun file corrisponde ai filtri.",
        "No file matches the filters.",
    ),
    (
        "hidden-ok",
        "Sono elencati solo i {ko} file KO: {ok} file OK sono nascosti.",
        "Only the {ko} KO files are listed: {ok} OK files are hidden.",
    ),
    ("show-ok", "Mostra anche i file OK", "Show the OK files too"),
    (
        "common-prefix",
        "Tutti i file sono in «{prefix}»: i nomi qui sotto partono da lì.",
        "Every file is in `{prefix}`: the names below start from there.",
    ),
    (
        "pages",
        "Pagine dell'elenco dei file",
        "Pages of the list of files",
    ),
    ("page-first", "« Prima pagina", "« First page"),
    ("page-prev", "‹ Precedente", "‹ Previous"),
    ("page-next", "Successiva ›", "Next ›"),
    ("page-last", "Ultima pagina »", "Last page »"),
    ("page-where", "Pagina {page} di {pages}", "Page {page} of {pages}"),
    (
        "inputs-heading",
        "Archivi, cartelle e file caricati",
        "Archives, folders and files uploaded",
    ),
    ("col-name", "Nome", "Name"),
    ("col-files", "File", "Files"),
    (
        "input-notes-archive",
        "Segnalazioni sull'archivio «{name}»",
        "Findings about the archive `{name}`",
    ),
    (
        "input-notes-stdin",
        "Segnalazioni sull'archivio «{name}»",
        "Findings about the archive `{name}`",
    ),
    (
        "input-notes-folder",
        "Segnalazioni sulla cartella «{name}»",
        "Findings about the folder `{name}`",
    ),
    (
        "input-notes-file",
        "Segnalazioni sul file «{name}»",
        "Findings about the file `{name}`",
    ),
    ("severity-error", "errore", "error"),
    ("severity-warning", "avviso", "warning"),
    ("severity-note", "nota", "note"),
    ("line", "riga", "line"),
    (
        "unreadable",
        "«{name}» non si può controllare.",
        "`{name}` cannot be checked.",
    ),
    ("downloads", "Scarica il rapporto", "Download the report"),
    ("download-html", "HTML", "HTML"),
    ("download-xlsx", "Excel (xlsx)", "Excel (xlsx)"),
    ("download-json", "JSON (per programmi)", "JSON (for programs)"),
    (
        "repair-offer",
        "File che si possono correggere in automatico: {files}. L'archivio corretto si prepara su questo computer.",
        "Files that can be repaired automatically: {files}. The repaired archive is made on this computer.",
    ),
    (
        "repair-download",
        "Scarica l'archivio corretto",
        "Download the repaired archive",
    ),
    ("report-heading", "Rapporto completo", "Full report"),
    ("report-frame", "Rapporto di verifica", "Verification report"),
    ("error", "Errore", "Error"),
    (
        "no-files",
        "Nessun file .zip o .xml tra quelli scelti.",
        "No .zip or .xml file among those chosen.",
    ),
    (
        "lost",
        "Il server non risponde: è ancora in esecuzione clic serve?",
        "The server does not answer: is clic serve still running?",
    ),
];

/// The report formats and words of `clic serve`.
pub struct Renderer;

impl Render for Renderer {
    fn page_words(&self) -> String {
        let table = |pick: fn(&(&str, &'static str, &'static str)) -> &'static str| {
            PAGE.iter()
                .map(|entry| (entry.0.to_string(), serde_json::Value::from(pick(entry))))
                .collect::<serde_json::Map<_, _>>()
        };
        serde_json::json!({ "it": table(|e| e.1), "en": table(|e| e.2) }).to_string()
    }

    fn problem(&self, problem: &Problem, lang: Lang) -> String {
        match lang {
            Lang::It => problem_it(problem),
            Lang::En => problem_en(problem),
        }
    }

    fn report(
        &self,
        outcome: &Outcome,
        repairs: Option<&RepairList>,
        format: Download,
        lang: Lang,
        sources: &dyn Fn(usize) -> Option<String>,
        out: &mut dyn io::Write,
    ) -> io::Result<()> {
        match (format, repairs) {
            (Download::Html, Some(list)) => super::fix::page_html(outcome, list, lang, sources, out),
            (Download::Html, None) => super::html::write(outcome, lang, sources, out),
            (Download::Xlsx, _) => super::xlsx::write_with_repairs(outcome, repairs, lang, out),
            (Download::Csv, Some(list)) => {
                super::csv::write(&super::fix::with_notes(outcome, list), lang, out)
            }
            (Download::Csv, None) => super::csv::write(outcome, lang, out),
            (Download::Json, _) => page_json(outcome, repairs, lang, out),
        }
    }

    fn attachment(&self, inputs: &[&str], format: Download, lang: Lang) -> String {
        attachment(&download_name(inputs, format.extension(), lang))
    }

    fn attachment_named(&self, name: &str) -> String {
        attachment(name)
    }
}

/// The JSON report (version 1, as `--format json`), with each message in
/// the reader's words and its "how to fix" (`fix`): the page shows them to
/// people, who have no command line. With `repairs` (a run with KO
/// files), the keys of report/fix.rs's `PageJsonExtra` follow.
fn page_json(
    outcome: &Outcome,
    repairs: Option<&RepairList>,
    lang: Lang,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut bytes = Vec::new();
    match repairs {
        Some(list) => super::json::write_extended(
            outcome,
            lang,
            &super::fix::page_json_extra(list, outcome),
            &mut bytes,
        )?,
        None => super::json::write(outcome, lang, &mut bytes)?,
    }
    let mut report: serde_json::Value = serde_json::from_slice(&bytes).map_err(io::Error::other)?;
    let said = |d: &crate::diagnostic::Diagnostic| {
        serde_json::json!([reader::message(d, lang), reader::fix(d.rule, lang)])
    };
    let mut words = outcome
        .inputs
        .iter()
        .flat_map(|i| i.diagnostics.iter())
        .chain(outcome.files.iter().flat_map(|f| f.diagnostics.iter()))
        .map(said);
    for list in ["inputs", "files"] {
        let Some(items) = report[list].as_array_mut() else {
            continue;
        };
        for item in items {
            let Some(diagnostics) = item["diagnostics"].as_array_mut() else {
                continue;
            };
            for d in diagnostics {
                if let Some(serde_json::Value::Array(pair)) = words.next() {
                    d["message"] = pair[0].clone();
                    d["fix"] = pair[1].clone();
                }
            }
        }
    }
    serde_json::to_writer(&mut *out, &report).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// `Content-Disposition` for a file name of any characters (RFC 6266):
/// an ASCII fallback (`_` for other characters), and the name itself
/// percent-encoded in UTF-8, which browsers prefer.
pub fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// A download's file name, after what was checked: `CV studenti
/// 2026-rapporto.xlsx`; with several inputs, the first and how many more.
/// Characters Windows refuses in a name become `_`.
pub fn download_name(inputs: &[&str], extension: &str, lang: Lang) -> String {
    let stem = |path: &str| {
        let base = path.trim_end_matches(['/', '\\']);
        let base = base.rsplit(['/', '\\']).next().unwrap_or(base);
        match base.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && ext.len() <= 4 => stem.to_string(),
            _ => base.to_string(),
        }
    };
    let checked = match inputs {
        [] => String::new(),
        [one] => stem(one),
        [first, rest @ ..] => match lang {
            Lang::It => format!(
                "{} e altri {}",
                stem(first),
                super::number(rest.len() as u64, lang)
            ),
            Lang::En => format!(
                "{} and {} more",
                stem(first),
                super::number(rest.len() as u64, lang)
            ),
        },
    };
    let clean: String = checked
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    let clean = clean.trim_matches([' ', '.']);
    let report = lang.pick("rapporto", "report");
    if clean.is_empty() {
        format!("clic-{report}.{extension}")
    } else {
        format!("{clean}-{report}.{extension}")
    }
}

fn problem_it(problem: &Problem) -> String {
    match problem {
        Problem::Refused(Refusal::Host(host)) => format!(
            "richiesta rifiutata: «{host}» non è l'indirizzo di questo server (protezione dal DNS rebinding); apri la pagina dall'indirizzo che clic serve ha stampato"
        ),
        Problem::Refused(Refusal::Origin(origin)) => {
            format!("caricamento rifiutato: viene da «{origin}», non dalla pagina di clic serve")
        }
        Problem::Refused(Refusal::Token) => {
            "caricamento rifiutato: non viene dalla pagina di questo avvio di clic serve; ricarica la pagina"
                .into()
        }
        Problem::Upload(UploadError::TooLarge { max }) => format!(
            "il caricamento supera {} (--max-total-bytes): caricane una parte per volta, o riavvia clic serve con un limite più alto",
            format_bytes(*max)
        ),
        Problem::Upload(UploadError::TooManyFiles { max }) => format!(
            "più di {max} file in un caricamento (--max-entries): caricane una parte per volta, o riavvia clic serve con un limite più alto"
        ),
        Problem::Upload(UploadError::NotMultipart) => {
            "richiesta non valida: i file vanno inviati come multipart/form-data".into()
        }
        Problem::Upload(UploadError::Malformed(reason)) => {
            format!("richiesta non valida: corpo multipart danneggiato ({reason})")
        }
        Problem::Upload(UploadError::NoFiles) => "nessun file nel caricamento".into(),
        Problem::Upload(UploadError::Read(reason)) => format!("il caricamento si è interrotto ({reason})"),
        Problem::Upload(UploadError::LengthRequired) => {
            "richiesta non valida: il caricamento deve dichiarare la sua lunghezza (Content-Length)".into()
        }
        Problem::Upload(UploadError::TooSlow {
            min_rate,
            deadline_secs,
        }) => format!(
            "il caricamento arriva troppo lentamente (meno di {} al secondo, o non completo in {}): riprova da una rete più veloce, o caricane una parte per volta",
            format_bytes(*min_rate),
            duration(*deadline_secs)
        ),
        Problem::Busy { max } => format!("sono già in corso {max} verifiche: riprova tra poco"),
        Problem::RendersBusy { max } => {
            format!("si stanno già preparando {max} rapporti e altri sono in attesa: riprova tra poco")
        }
        Problem::NotFound => {
            "non trovato (clic serve tiene solo gli ultimi rapporti: carica di nuovo i file)".into()
        }
        Problem::MethodNotAllowed => "metodo non consentito per questo indirizzo".into(),
        Problem::CheckFailed => "la verifica si è fermata per un errore interno di clic".into(),
    }
}

fn problem_en(problem: &Problem) -> String {
    match problem {
        Problem::Refused(Refusal::Host(host)) => format!(
            "request refused: `{host}` is not this server's address (DNS rebinding protection); open the page at the address clic serve printed"
        ),
        Problem::Refused(Refusal::Origin(origin)) => {
            format!("upload refused: it comes from `{origin}`, not from clic serve's page")
        }
        Problem::Refused(Refusal::Token) => {
            "upload refused: it does not come from the page of this start of clic serve; reload the page"
                .into()
        }
        Problem::Upload(UploadError::TooLarge { max }) => format!(
            "the upload is larger than {} (--max-total-bytes): upload part at a time, or restart clic serve with a higher limit",
            format_bytes(*max)
        ),
        Problem::Upload(UploadError::TooManyFiles { max }) => format!(
            "more than {max} files in one upload (--max-entries): upload part at a time, or restart clic serve with a higher limit"
        ),
        Problem::Upload(UploadError::NotMultipart) => {
            "bad request: files must be sent as multipart/form-data".into()
        }
        Problem::Upload(UploadError::Malformed(reason)) => {
            format!("bad request: damaged multipart body ({reason})")
        }
        Problem::Upload(UploadError::NoFiles) => "no file in the upload".into(),
        Problem::Upload(UploadError::Read(reason)) => format!("the upload was cut short ({reason})"),
        Problem::Upload(UploadError::LengthRequired) => {
            "bad request: the upload must declare its length (Content-Length)".into()
        }
        Problem::Upload(UploadError::TooSlow {
            min_rate,
            deadline_secs,
        }) => format!(
            "the upload is arriving too slowly (under {} a second, or not complete within {}): try again from a faster network, or upload part at a time",
            format_bytes(*min_rate),
            duration(*deadline_secs)
        ),
        Problem::Busy { max } => format!("{max} checks are running already: try again shortly"),
        Problem::RendersBusy { max } => {
            format!("{max} reports are being prepared and more are waiting: try again shortly")
        }
        Problem::NotFound => {
            "not found (clic serve keeps only the latest reports: upload the files again)".into()
        }
        Problem::MethodNotAllowed => "method not allowed at this address".into(),
        Problem::CheckFailed => "the check stopped on an internal error of clic".into(),
    }
}

/// Why the server could not start (a fatal error, exit code 2).
pub fn start_error(error: &StartError, lang: Lang) -> String {
    match (error, lang) {
        (StartError::Bind { address, reason }, Lang::It) => {
            format!("impossibile mettersi in ascolto su {address}: {reason} (prova un'altra --porta)")
        }
        (StartError::Bind { address, reason }, Lang::En) => {
            format!("cannot listen on {address}: {reason} (try another --porta)")
        }
        (StartError::Token(reason), Lang::It) => {
            format!("impossibile ottenere numeri casuali dal sistema: {reason}")
        }
        (StartError::Token(reason), Lang::En) => {
            format!("cannot get random numbers from the system: {reason}")
        }
        (StartError::Runtime(reason), Lang::It) => {
            format!("impossibile avviare i thread del server: {reason}")
        }
        (StartError::Runtime(reason), Lang::En) => format!("cannot start the server's threads: {reason}"),
    }
}

/// A time limit in seconds, in minutes when it is whole minutes (the same in both languages).
fn duration(seconds: u64) -> String {
    if seconds >= 60 && seconds.is_multiple_of(60) {
        format!("{} min", seconds / 60)
    } else {
        format!("{seconds} s")
    }
}

/// The line that gives the page's address (tests read it: keep the URL last).
pub fn listening(url: &str, lang: Lang) -> String {
    match lang {
        Lang::It => format!("clic serve: pagina di verifica (Ctrl-C per fermare) su {url}"),
        Lang::En => format!("clic serve: verification page (Ctrl-C to stop) at {url}"),
    }
}

/// Said when the server listens on more than this computer.
pub fn not_loopback(address: &str, lang: Lang) -> String {
    match lang {
        Lang::It => format!(
            "attenzione: clic serve ascolta su {address}, non solo su questo computer: chi raggiunge questo indirizzo può caricare file e leggerne i rapporti"
        ),
        Lang::En => format!(
            "warning: clic serve listens on {address}, not only on this computer: anyone who reaches this address can upload files and read their reports"
        ),
    }
}

pub fn browser_failed(url: &str, lang: Lang) -> String {
    match lang {
        Lang::It => format!("impossibile aprire il browser: apri {url} a mano"),
        Lang::En => format!("cannot open the browser: open {url} yourself"),
    }
}

pub fn stopped(lang: Lang) -> &'static str {
    lang.pick("clic serve: fermato", "clic serve: stopped")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_named_after_what_was_checked_with_no_character_windows_refuses() {
        assert_eq!(
            download_name(&["C:\\Users\\Ufficio\\CV studenti 2026.zip"], "xlsx", Lang::It),
            "CV studenti 2026-rapporto.xlsx"
        );
        assert_eq!(
            download_name(&["uploads/CV: \"marzo\"?*.zip"], "html", Lang::It),
            "CV_ _marzo___-rapporto.html"
        );
        assert_eq!(
            download_name(&["a.xml", "b.xml", "c.xml"], "json", Lang::En),
            "a and 2 more-report.json"
        );
        assert_eq!(
            download_name(&["CV 2026"], "xlsx", Lang::It),
            "CV 2026-rapporto.xlsx"
        );
        assert_eq!(download_name(&["..."], "xlsx", Lang::It), "clic-rapporto.xlsx");
        assert_eq!(download_name(&[], "xlsx", Lang::En), "clic-report.xlsx");
    }

    #[test]
    fn every_page_word_is_said_in_both_languages() {
        let words: serde_json::Value = serde_json::from_str(&Renderer.page_words()).unwrap();
        for (key, it, en) in PAGE {
            assert_eq!(words["it"][key], *it);
            assert_eq!(words["en"][key], *en);
            assert!(!it.is_empty() && !en.is_empty(), "{key}");
        }
        let keys: std::collections::BTreeSet<_> = PAGE.iter().map(|e| e.0).collect();
        assert_eq!(keys.len(), PAGE.len(), "a key is listed twice");
    }

    #[test]
    fn every_word_the_page_asks_for_exists() {
        let keys: std::collections::BTreeSet<_> = PAGE.iter().map(|e| e.0).collect();
        let html = include_str!("../serve/assets/pagina.html");
        let script = include_str!("../serve/assets/pagina.js");
        let asked = html
            .split("data-w=\"")
            .skip(1)
            .chain(
                // `w('key'`, not `show('id'`.
                script
                    .match_indices("w('")
                    .filter(|(at, _)| !script[..*at].ends_with(|c: char| c.is_alphanumeric()))
                    .map(|(at, _)| &script[at + 3..]),
            )
            .map(|rest| &rest[..rest.find(['"', '\'']).unwrap()]);
        let mut count = 0;
        for key in asked {
            assert!(
                keys.contains(key),
                "the page asks for `{key}`, which report/serve.rs does not say"
            );
            count += 1;
        }
        assert!(count > 20, "the page's words were found ({count})");
    }
}
