//! Output of `clic import`: each archive's outcome, the processing-control
//! table and its per-file detail.

use std::fmt::Write;

use serde_json::json;

use super::{Options, text};
use crate::i18n::Lang;
use crate::import::{ArchiveImport, Status};
use crate::ledger::{ArchiveRow, ArchiveState, FileRow};

fn state(state: ArchiveState, lang: Lang) -> &'static str {
    lang.pick(state.label(), state.english())
}

/// What happened to one archive.
pub fn archive(result: &ArchiveImport, options: &Options) -> String {
    let lang = options.lang;
    let mut out = String::new();
    let name = &result.path;
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
            for (file, reason) in &delivery.refused {
                let _ = writeln!(out, "  {}  {file}: {reason}", lang.pick("rifiutato", "refused"));
            }
            for (file, reason) in &delivery.failed {
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
        "state": a.state.label(),
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
        let reason = f.reason.as_deref().or(f.outcome.as_deref()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<16} {}  {}",
            lang.pick(f.state.label(), f.state.english()),
            f.name,
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
                "state": f.state.label(),
                "module": f.module,
                "sha256": f.sha256,
                "reason": f.reason,
                "outcome": f.outcome,
                "attempts": f.attempts,
                "idempotency_key": f.key,
                "updated": f.updated,
            })
        })
        .collect();
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}
