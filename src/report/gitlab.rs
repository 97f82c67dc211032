//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues
//! with `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path` and `location.lines.begin`). An archive's entry is
//! reported on the archive at line 1, the entry and its line:column
//! starting the description. The fingerprint is a SHA-256 of the input,
//! the file, the code, the element path and the occurrence's rank among
//! identical ones: the same problem keeps it from one run to the next,
//! and no two issues of a report share it.

use std::collections::HashMap;
use std::io;

use serde::Serialize;

use super::findings::{self, Finding};
use super::message;
use crate::diagnostic::Severity;
use crate::engine::Outcome;
use crate::i18n::Lang;

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
    categories: [&'static str; 1],
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue> = findings::all(outcome)
        .map(|finding| {
            let key = identity(&finding);
            let rank = seen.entry(key.clone()).or_insert(0);
            *rank += 1;
            issue(&finding, &format!("{key}\u{0}{rank}"), lang)
        })
        .collect();
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &issues)?;
    io::Write::write_all(&mut out, b"\n")?;
    io::Write::flush(&mut out)
}

/// What makes a problem the same problem from one run to the next.
fn identity(finding: &Finding<'_>) -> String {
    let d = finding.diagnostic;
    [
        finding.input.path.as_str(),
        finding.file_name(),
        d.rule.code,
        d.path.as_deref().unwrap_or(""),
    ]
    .join("\u{0}")
}

fn issue(finding: &Finding<'_>, identity: &str, lang: Lang) -> Issue {
    let d = finding.diagnostic;
    let place = finding.place();
    let at = match (place.entry, d.position) {
        (Some(entry), Some(p)) => format!("{entry}:{}:{}: ", p.line, p.column),
        (Some(entry), None) => format!("{entry}: "),
        (None, _) => String::new(),
    };
    let field = d.path.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
    Issue {
        description: format!("{at}{}{field}", message(d, lang)),
        check_name: d.rule.code,
        fingerprint: crate::hash::sha256_hex(identity.as_bytes()),
        severity: severity(d.severity()),
        location: Location {
            lines: Lines {
                begin: finding.line_in_place().unwrap_or(1),
            },
            path: place.path,
        },
        categories: ["Bug Risk"],
        kind: "issue",
    }
}
