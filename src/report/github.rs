//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding (`::error file=…,line=…,col=…,title=clic (CODE)::message`), and a
//! Markdown summary for `GITHUB_STEP_SUMMARY`. A file in a folder or named
//! on the command line is annotated at its line; an archive's entry is
//! annotated on the archive, the entry and its line:column starting the
//! message. GitHub shows at most [`SHOWN_PER_LEVEL`] annotations of each
//! level per step: the log and the summary say how many were not shown.

use std::fmt::Write as _;
use std::io;

use super::findings::{self, Finding};
use super::{escape_controls, message, plural, severity_word, summary_line};
use crate::diagnostic::Severity;
use crate::engine::Outcome;
use crate::i18n::Lang;

/// Annotations of one level (error, warning, notice) GitHub shows per step.
pub const SHOWN_PER_LEVEL: usize = 10;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// The workflow commands, then the totals and how many annotations GitHub
/// will not show.
pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for finding in findings::all(outcome) {
        io::Write::write_all(&mut out, command(&finding, lang).as_bytes())?;
    }
    let mut tail = format!("{}\n", summary_line(outcome, lang));
    if let Some(note) = hidden_note(outcome, lang) {
        let _ = writeln!(tail, "{note}");
    }
    io::Write::write_all(&mut out, tail.as_bytes())?;
    io::Write::flush(&mut out)
}

fn command(finding: &Finding<'_>, lang: Lang) -> String {
    let d = finding.diagnostic;
    let place = finding.place();
    let mut properties = Vec::new();
    if place.path != "-" {
        properties.push(format!("file={}", property(&place.path)));
    }
    if let (Some(line), Some(p)) = (finding.line_in_place(), d.position) {
        properties.push(format!("line={line}"));
        properties.push(format!("col={}", p.column));
    }
    properties.push(format!("title={}", property(&format!("clic ({})", d.rule.code))));
    let at = match (place.entry, d.position) {
        (Some(entry), Some(p)) => format!("{entry}:{}:{}: ", p.line, p.column),
        (Some(entry), None) => format!("{entry}: "),
        (None, _) => String::new(),
    };
    let field = d.path.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
    format!(
        "::{} {}::{}\n",
        level(d.severity()),
        properties.join(","),
        data(&escape_controls(&format!("{at}{}{field}", message(d, lang))))
    )
}

/// Escapes a command's message (GitHub's `escapeData`).
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command's property value (GitHub's `escapeProperty`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Annotations past GitHub's per-step limit, if any.
pub fn hidden(outcome: &Outcome) -> usize {
    let mut per_level = [0usize; 3];
    for finding in findings::all(outcome) {
        per_level[finding.diagnostic.severity() as usize] += 1;
    }
    per_level.iter().map(|n| n.saturating_sub(SHOWN_PER_LEVEL)).sum()
}

fn hidden_note(outcome: &Outcome, lang: Lang) -> Option<String> {
    let hidden = hidden(outcome);
    if hidden == 0 {
        return None;
    }
    let annotations = plural(
        hidden,
        lang,
        ("annotazione", "annotazioni"),
        ("annotation", "annotations"),
    );
    Some(match lang {
        Lang::It => format!(
            "{annotations} non mostrate: GitHub ne mostra al massimo {SHOWN_PER_LEVEL} per tipo (errore, avviso, nota) in ogni step; l'elenco completo è qui sopra nel log."
        ),
        Lang::En => format!(
            "{annotations} not shown: GitHub shows at most {SHOWN_PER_LEVEL} of each kind (error, warning, notice) per step; the full list is above in the log."
        ),
    })
}

/// The Markdown summary for `GITHUB_STEP_SUMMARY`: verdicts per input, the
/// problems by code, and how many annotations were not shown.
pub fn step_summary(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let mut md = String::new();
    let verdict = if outcome.all_ok() { "OK" } else { "KO" };
    let _ = writeln!(md, "### clic verify: {verdict}\n");
    let _ = writeln!(md, "{}\n", cell(&summary_line(outcome, lang)));
    let _ = writeln!(
        md,
        "| Input | {} | File | OK | KO |",
        lang.pick("Esito", "Verdict")
    );
    md.push_str("| --- | --- | ---: | ---: | ---: |\n");
    for input in &outcome.inputs {
        let files = outcome.files_of(input);
        let ok = files.iter().filter(|f| f.is_ok()).count();
        let _ = writeln!(
            md,
            "| {} | {} | {} | {ok} | {} |",
            code_span(&input.path),
            if input.ok { "OK" } else { "KO" },
            files.len(),
            files.len() - ok
        );
    }
    let groups = findings::by_code(outcome);
    if !groups.is_empty() {
        let _ = writeln!(
            md,
            "\n| {} | {} | {} | File | {} |",
            lang.pick("Codice", "Code"),
            lang.pick("Gravità", "Severity"),
            lang.pick("Problema", "Problem"),
            lang.pick("Primi file", "First files"),
        );
        md.push_str("| --- | --- | --- | ---: | --- |\n");
        for group in &groups {
            let names: Vec<String> = group.subjects.iter().take(3).map(|n| code_span(n)).collect();
            let more = group.subjects.len().saturating_sub(3);
            let more = match (more, lang) {
                (0, _) => String::new(),
                (n, Lang::It) => format!(" e altri {n}"),
                (n, Lang::En) => format!(" and {n} more"),
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {}{more} |",
                group.rule.code,
                severity_word(group.rule.severity, lang),
                cell(group.rule.summary.get(lang)),
                group.subjects.len(),
                names.join(", "),
            );
        }
    }
    if let Some(note) = hidden_note(outcome, lang) {
        let _ = writeln!(md, "\n{}", cell(&note));
    }
    out.write_all(md.as_bytes())
}

/// Text inside a Markdown table cell: no pipes or line breaks, no HTML.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace(['\r', '\n'], " ")
}

/// A name as inline code, so that `_` and `*` in it stay literal.
fn code_span(name: &str) -> String {
    format!("`{}`", cell(name).replace('`', "'"))
}
