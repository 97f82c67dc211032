//! Output of `clic import`: each archive's outcome, the processing-control
//! table and its per-file detail.

use std::fmt::Write;

use serde_json::json;

use super::{Options, text};
use crate::i18n::Lang;
use crate::import::{ArchiveImport, Status};
use crate::ledger::{ArchiveRow, ArchiveState, Esito, FileRow, FileState, Reason};

/// An archive's state as the portal names it, or in English.
fn state(state: ArchiveState, lang: Lang) -> &'static str {
    let (it, en) = match state {
        ArchiveState::DaElaborare => ("Da elaborare", "To be processed"),
        ArchiveState::Successo => ("Elaborato con successo", "Processed successfully"),
        ArchiveState::Errori => ("Elaborato con errori", "Processed with errors"),
    };
    lang.pick(it, en)
}

/// A file's state in words.
fn file_state(state: FileState, lang: Lang) -> &'static str {
    let (it, en) = match state {
        FileState::DaElaborare => ("da elaborare", "to be processed"),
        FileState::Importato => ("importato", "imported"),
        FileState::Errato => ("errato", "KO"),
        FileState::Scartato => ("scartato", "discarded"),
        FileState::InInvio => ("in invio", "sending"),
        FileState::Inviato => ("inviato", "sent"),
        FileState::Rifiutato => ("rifiutato", "refused"),
        FileState::InvioFallito => ("invio fallito", "sending failed"),
    };
    lang.pick(it, en)
}

/// A KO file's reason: its code and the rule's message filled with the
/// stored arguments (a code this version does not know keeps its raw
/// arguments); the first format's text as it was stored.
fn reason(reason: &Reason, lang: Lang) -> String {
    use crate::diagnostic::{Arg, Diagnostic};
    let (code, args) = match reason {
        Reason::Text(text) => return text.clone(),
        Reason::Code { code, args } => (code, args),
    };
    let value = |stored: &serde_json::Value| match stored {
        serde_json::Value::String(text) => text.clone(),
        // A typed reason, kept in both languages.
        serde_json::Value::Object(words) => words
            .get(lang.pick("it", "en"))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        other => other.to_string(),
    };
    let Some(rule) = crate::registry::find(code).filter(|r| r.code == code) else {
        let raw: Vec<String> = args.iter().map(|(n, v)| format!("{n}={}", value(v))).collect();
        return format!("{code} {}", raw.join(", "));
    };
    let mut diagnostic = Diagnostic::new(rule);
    for (name, stored) in args {
        // The template's own placeholder gives the argument its static name.
        let placeholder = format!("{{{name}}}");
        let template = rule.message.get(lang);
        if let Some(at) = template.find(&placeholder) {
            diagnostic
                .args
                .push((&template[at + 1..at + 1 + name.len()], Arg::Plain(value(stored))));
        }
    }
    format!("{code} {}", super::message(&diagnostic, lang))
}

/// A transmission's outcome: the node's own words as they came, or why
/// clic could not deliver.
fn esito(esito: &Esito, lang: Lang) -> String {
    let (key, args) = match esito {
        Esito::Node(text) => return text.clone(),
        Esito::Failure { key, args } => (key.as_str(), args),
    };
    let get = |name: &str| {
        args.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    let (it, en) = match key {
        "connessione" => (
            format!("errore di connessione: {} ({}s)", get("errore"), get("secondi")),
            format!("connection error: {} ({}s)", get("errore"), get("secondi")),
        ),
        "risposta_interrotta" => (
            format!("risposta interrotta: {}", get("errore")),
            format!("answer broken off: {}", get("errore")),
        ),
        "http" => (format!("HTTP {}", get("stato")), format!("HTTP {}", get("stato"))),
        "soap_server" => (
            format!("SOAP fault {}", get("fault")),
            format!("SOAP fault {}", get("fault")),
        ),
        "ok_con_stato_di_errore" => (
            format!("HTTP {}, risposta OK con stato HTTP di errore", get("stato")),
            format!("HTTP {}, an OK answer with an HTTP error status", get("stato")),
        ),
        "risposta_non_riconosciuta" => (
            format!(
                "HTTP {}, risposta non riconosciuta: {}",
                get("stato"),
                get("inizio")
            ),
            format!("HTTP {}, unrecognised answer: {}", get("stato"), get("inizio")),
        ),
        "voce_non_trovata" => ("voce non trovata".into(), "entry not found".into()),
        "rilettura_non_riuscita" => (
            "rilettura dall'archivio non riuscita".into(),
            "could not read the archive again".into(),
        ),
        "archivio_cambiato" => (
            "l'archivio è cambiato durante l'importazione".into(),
            "the archive changed during the import".into(),
        ),
        "decodifica_non_riuscita" => ("decodifica non riuscita".into(), "could not decode".into()),
        other => {
            let raw: Vec<String> = args.iter().map(|(n, v)| format!("{n}={v}")).collect();
            return format!("{other} {}", raw.join(", "));
        }
    };
    let text = lang.pick(&it, &en).to_string();
    match get("tentativi").parse::<u32>() {
        Ok(n) if n > 1 => lang
            .pick(
                &format!("{text} (dopo {n} tentativi)"),
                &format!("{text} (after {n} attempts)"),
            )
            .to_string(),
        _ => text,
    }
}

/// Said while another process imports the same archive into the ledger.
pub fn waiting(path: &str, lang: Lang) -> String {
    lang.pick(
        &format!("clic: «{path}» è in elaborazione da un altro processo con lo stesso registro: attendo che finisca."),
        &format!("clic: `{path}` is being imported by another process with the same ledger: waiting for it to finish."),
    )
    .to_string()
}

/// What happened to one archive.
pub fn archive(result: &ArchiveImport, options: &Options) -> String {
    let lang = options.lang;
    let mut out = String::new();
    let name = &*super::shown(&result.path);
    match &result.status {
        Status::AlreadyDone(row) => {
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    &format!(
                        "{name}: già {} il {}: nulla da fare (--force per importarlo di nuovo).",
                        state(row.state, lang).to_lowercase(),
                        row.updated
                    ),
                    &format!(
                        "{name}: already {} on {}: nothing to do (--force imports it again).",
                        state(row.state, lang).to_lowercase(),
                        row.updated
                    ),
                )
            );
        }
        Status::Rejected => {
            out.push_str(&text::render(&result.outcome, options));
            let summary = result.outcome.summary();
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    &format!(
                        "{name}: RIFIUTATO ({}): {} file KO su {}; nulla è stato scritto né inviato.",
                        state(result.state, lang),
                        summary.ko,
                        summary.files
                    ),
                    &format!(
                        "{name}: REJECTED ({}): {} KO files out of {}; nothing was written or sent.",
                        state(result.state, lang),
                        summary.ko,
                        summary.files
                    ),
                )
            );
        }
        Status::Accepted(delivery) => {
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    &format!(
                        "{name}: {} ({} comunicazioni).",
                        state(result.state, lang),
                        delivery.records
                    ),
                    &format!(
                        "{name}: {} ({} communications).",
                        state(result.state, lang),
                        delivery.records
                    ),
                )
            );
            for path in &delivery.written {
                let _ = writeln!(out, "  {} {}", lang.pick("scritto", "written"), path.display());
            }
            if let Some(loaded) = delivery.database {
                let _ = writeln!(out, "  {}", database(loaded, lang));
            }
            let sent_any = delivery.sent + delivery.refused.len() + delivery.failed.len() > 0;
            if sent_any {
                let _ = writeln!(
                    out,
                    "  {}",
                    lang.pick(
                        &format!(
                            "consegnate {}, rifiutate {}, non consegnate {}",
                            delivery.sent,
                            delivery.refused.len(),
                            delivery.failed.len()
                        ),
                        &format!(
                            "delivered {}, refused {}, failed {}",
                            delivery.sent,
                            delivery.refused.len(),
                            delivery.failed.len()
                        ),
                    )
                );
            }
            if let Some(stop) = delivery.stopped {
                let _ = writeln!(out, "  {}", stopped(stop, delivery.failed.len(), lang));
            }
            let words =
                |outcome: &Option<Esito>| outcome.as_ref().map(|e| esito(e, lang)).unwrap_or_default();
            for (file, outcome) in &delivery.refused {
                let reason = words(outcome);
                let _ = writeln!(out, "  {}  {file}: {reason}", lang.pick("rifiutato", "refused"));
            }
            for (file, outcome) in &delivery.failed {
                let reason = words(outcome);
                let _ = writeln!(
                    out,
                    "  {}  {file}: {reason}",
                    lang.pick("non consegnato", "not delivered")
                );
            }
        }
    }
    out
}

/// What became of the records in the database (`--db`).
fn database(loaded: crate::records::postgres::Loaded, lang: Lang) -> String {
    use crate::records::postgres::Loaded;
    match loaded {
        Loaded::Already => lang
            .pick(
                "database: archivio già caricato in precedenza, nulla è stato scritto",
                "database: archive already loaded before, nothing was written",
            )
            .to_string(),
        Loaded::Written { documents, new, rows } if new == documents => lang
            .pick(
                &format!("database: {new} comunicazioni scritte ({rows} righe)"),
                &format!("database: {new} communications written ({rows} rows)"),
            )
            .to_string(),
        Loaded::Written { documents, new, rows } => lang
            .pick(
                &format!(
                    "database: {new} comunicazioni scritte ({rows} righe); le altre {} c'erano già, da un altro archivio",
                    documents - new
                ),
                &format!(
                    "database: {new} communications written ({rows} rows); the other {} were there already, from another archive",
                    documents - new
                ),
            )
            .to_string(),
    }
}

/// Why sending stopped before every file was tried, and how to resume.
fn stopped(stop: crate::send::Stop, left: usize, lang: Lang) -> String {
    use crate::send::Stop;
    match stop {
        Stop::Breaker { failures } => lang
            .pick(
                &format!(
                    "invio interrotto: il nodo non ha risposto a {failures} richieste di fila; {left} file restano da inviare: ripetere lo stesso comando quando il nodo risponde (riprende da dove si è fermato)"
                ),
                &format!(
                    "sending stopped: the node did not answer {failures} requests in a row; {left} files are left to send: run the same command again once the node answers (it resumes where it stopped)"
                ),
            )
            .to_string(),
        Stop::Deadline => lang
            .pick(
                &format!(
                    "invio interrotto: tempo massimo (--deadline) raggiunto; {left} file restano da inviare: ripetere lo stesso comando per riprendere"
                ),
                &format!(
                    "sending stopped: the --deadline was reached; {left} files are left to send: run the same command again to resume"
                ),
            )
            .to_string(),
    }
}

/// The processing-control table.
pub fn table(archives: &[ArchiveRow], lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<24} {:<20} {:<24} {:>6} {:>6} {:>6} {:>8} {:>9} {:>8}  SHA-256",
        lang.pick("Archivio", "Archive"),
        lang.pick("Importato il", "Imported on"),
        lang.pick("Stato", "State"),
        "File",
        "OK",
        "KO",
        lang.pick("Inviati", "Sent"),
        lang.pick("Rifiutati", "Refused"),
        lang.pick("Falliti", "Failed"),
    );
    for a in archives {
        let c = &a.counts;
        let _ = writeln!(
            out,
            "{:<24} {:<20} {:<24} {:>6} {:>6} {:>6} {:>8} {:>9} {:>8}  {}",
            a.name,
            a.imported,
            state(a.state, lang),
            c.files,
            c.ok,
            c.ko,
            c.sent,
            c.refused,
            c.failed,
            &a.sha256[..12.min(a.sha256.len())]
        );
    }
    if archives.is_empty() {
        let _ = writeln!(out, "{}", lang.pick("(nessun archivio)", "(no archive)"));
    }
    out
}

fn archive_json(a: &ArchiveRow) -> serde_json::Value {
    json!({
        "name": a.name,
        "sha256": a.sha256,
        "imported": a.imported,
        "updated": a.updated,
        "state": state(a.state, Lang::It),
        "files": a.counts.files,
        "ok": a.counts.ok,
        "ko": a.counts.ko,
        "sent": a.counts.sent,
        "refused": a.counts.refused,
        "failed": a.counts.failed,
        "destination": a.destination,
    })
}

pub fn table_json(archives: &[ArchiveRow]) -> String {
    let items: Vec<_> = archives.iter().map(archive_json).collect();
    format!("{}\n", serde_json::to_string_pretty(&items).unwrap_or_default())
}

/// One archive's files, like the portal's detail (pending, imported, failed with the reason).
pub fn detail(archive: &ArchiveRow, files: &[FileRow], lang: Lang) -> String {
    let mut out = table(std::slice::from_ref(archive), lang);
    out.push('\n');
    for f in files {
        let reason = match &f.reason {
            Some(r) => reason(r, lang),
            None => f.outcome.as_ref().map(|e| esito(e, lang)).unwrap_or_default(),
        };
        let _ = writeln!(
            out,
            "{:<16} {}  {}",
            file_state(f.state, lang),
            super::shown(&f.name),
            reason
        );
    }
    out
}

pub fn detail_json(archive: &ArchiveRow, files: &[FileRow]) -> String {
    let mut value = archive_json(archive);
    value["files_detail"] = files
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "state": file_state(f.state, Lang::It),
                "module": f.module,
                "sha256": f.sha256,
                "reason": f.reason.as_ref().map(|r| reason(r, Lang::It)),
                "outcome": f.outcome.as_ref().map(|e| esito(e, Lang::It)),
                "attempts": f.attempts,
                "idempotency_key": f.key,
                "updated": f.updated,
            })
        })
        .collect();
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}
