//! Human-readable report: one block per input, one line per file, one
//! line per diagnostic with line:column, severity, code and message.

use std::fmt::Write;

use super::{Options, message, severity_word, summary_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{FileResult, InputResult, Outcome};
use crate::input::InputKind;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

struct Painter {
    on: bool,
}

impl Painter {
    fn paint(&self, colour: &str, text: &str) -> String {
        if self.on {
            format!("{colour}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn verdict(&self, ok: bool) -> String {
        if ok {
            self.paint(GREEN, "OK")
        } else {
            self.paint(RED, "KO")
        }
    }

    fn severity(&self, severity: Severity, word: &str) -> String {
        let colour = match severity {
            Severity::Error => RED,
            Severity::Warning => YELLOW,
            Severity::Note => CYAN,
        };
        self.paint(colour, word)
    }
}

pub fn render(outcome: &Outcome, options: &Options) -> String {
    let painter = Painter { on: options.colour };
    let mut out = String::new();
    for input in &outcome.inputs {
        render_input(&mut out, outcome, input, options, &painter);
    }
    let summary = summary_line(outcome, options.lang);
    let _ = writeln!(out, "{}", painter.paint(BOLD, &summary));
    out
}

fn render_input(
    out: &mut String,
    outcome: &Outcome,
    input: &InputResult,
    options: &Options,
    painter: &Painter,
) {
    let files = outcome.files_of(input);
    let single = matches!(input.kind, InputKind::File)
        || (input.kind == InputKind::Stdin && files.len() == 1 && input.diagnostics.is_empty());
    if single {
        for file in files {
            if options.quiet && file.is_ok() {
                continue;
            }
            render_file(out, file, "", options, painter);
        }
        return;
    }
    if options.quiet && input.ok {
        return;
    }
    let lang = options.lang;
    let ok = files.iter().filter(|f| f.is_ok()).count();
    let _ = writeln!(
        out,
        "{}  {}  {}",
        painter.paint(BOLD, &input.path),
        painter.verdict(input.ok),
        painter.paint(
            DIM,
            &format!(
                "({}: {ok} OK, {} KO)",
                super::plural(files.len(), lang, ("file", "file"), ("file", "files")),
                files.len() - ok
            )
        ),
    );
    for diagnostic in &input.diagnostics {
        if options.quiet && !diagnostic.is_error() {
            continue;
        }
        render_diagnostic(out, diagnostic, "  ", options, painter);
    }
    for file in files {
        if options.quiet && file.is_ok() {
            continue;
        }
        render_file(out, file, "  ", options, painter);
    }
}

fn render_file(out: &mut String, file: &FileResult, indent: &str, options: &Options, painter: &Painter) {
    let module = file
        .module
        .map(|m| format!("  {}", painter.paint(DIM, m.key())))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{indent}{}  {}{module}",
        painter.verdict(file.is_ok()),
        file.name
    );
    let inner = format!("{indent}    ");
    for diagnostic in &file.diagnostics {
        render_diagnostic(out, diagnostic, &inner, options, painter);
    }
}

fn render_diagnostic(
    out: &mut String,
    diagnostic: &Diagnostic,
    indent: &str,
    options: &Options,
    painter: &Painter,
) {
    let lang = options.lang;
    let position = diagnostic
        .position
        .map(|p| format!("{}:{}", p.line, p.column))
        .unwrap_or_else(|| "-".to_string());
    let severity = diagnostic.severity();
    let word = severity_word(severity, lang);
    let _ = writeln!(
        out,
        "{indent}{position:<7} {} {}  {}",
        painter.severity(severity, &format!("{word:<6}")),
        painter.paint(BOLD, diagnostic.rule.code),
        message(diagnostic, lang),
    );
    if let Some(path) = &diagnostic.path {
        let _ = writeln!(out, "{indent}{:<7} {}", "", painter.paint(DIM, path));
    }
}
