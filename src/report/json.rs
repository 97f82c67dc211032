//! The JSON report, version 1. Keys listed in docs/integrazione.md never change;
//! new keys may be added. A command that reports more (close: what it
//! wrote) adds its keys with [`write_extended`].

use std::io;

use serde::Serialize;

use super::message;
use crate::diagnostic::Diagnostic;
use crate::engine::{FileResult, InputResult, Outcome};
use crate::i18n::Lang;
use crate::input::InputKind;

#[derive(Serialize)]
struct Report<'a, E: Serialize> {
    format: u32,
    inputs: Vec<JsonInput<'a>>,
    files: Vec<JsonFile<'a>>,
    summary: JsonSummary,
    /// A command's own keys, after the verification report's.
    #[serde(flatten)]
    extra: &'a E,
}

/// No keys beyond the verification report's.
#[derive(Serialize)]
struct Nothing {}

#[derive(Serialize)]
struct JsonInput<'a> {
    path: &'a str,
    verdict: &'static str,
    kind: &'static str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    input: &'a str,
    name: &'a str,
    module: Option<&'static str>,
    verdict: &'static str,
    encoding: Option<&'static str>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    line: Option<u32>,
    column: Option<u32>,
    path: Option<&'a str>,
    message: String,
    rule: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    ok: usize,
    ko: usize,
    warnings: usize,
}

/// Writes the report of `clic verify`.
pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    write_extended(outcome, lang, &Nothing {}, out)
}

/// Writes the report with `extra`'s keys after the standard ones.
pub fn write_extended<E: Serialize>(
    outcome: &Outcome,
    lang: Lang,
    extra: &E,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let report = Report {
        format: 1,
        inputs: outcome.inputs.iter().map(|i| input(i, lang)).collect(),
        files: outcome
            .files
            .iter()
            .map(|f| file(f, &outcome.inputs[f.input].path, lang))
            .collect(),
        summary: {
            let s = outcome.summary();
            JsonSummary {
                files: s.files,
                ok: s.ok,
                ko: s.ko,
                warnings: s.warnings,
            }
        },
        extra,
    };
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &report)?;
    io::Write::write_all(&mut out, b"\n")?;
    io::Write::flush(&mut out)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "OK" } else { "KO" }
}

fn input(input: &InputResult, lang: Lang) -> JsonInput<'_> {
    JsonInput {
        path: &input.path,
        verdict: verdict(input.ok),
        kind: match input.kind {
            InputKind::Archive => "archive",
            InputKind::Folder => "folder",
            InputKind::File => "file",
            InputKind::Stdin => "stdin",
        },
        diagnostics: input.diagnostics.iter().map(|d| diagnostic(d, lang)).collect(),
    }
}

fn file<'a>(file: &'a FileResult, input: &'a str, lang: Lang) -> JsonFile<'a> {
    JsonFile {
        input,
        name: &file.name,
        module: file.module.map(|m| m.key()),
        verdict: verdict(file.is_ok()),
        encoding: file.encoding,
        diagnostics: file.diagnostics.iter().map(|d| diagnostic(d, lang)).collect(),
    }
}

pub(crate) fn diagnostic(d: &Diagnostic, lang: Lang) -> JsonDiagnostic<'_> {
    JsonDiagnostic {
        code: d.rule.code,
        severity: d.severity().key(),
        line: d.position.map(|p| p.line),
        column: d.position.map(|p| p.column),
        path: d.path.as_deref(),
        message: message(d, lang),
        rule: d.rule.name,
    }
}
