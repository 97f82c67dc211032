//! Human-readable report. What needs fixing comes first: each input's
//! verdict with its KO files and their diagnostics (every file with
//! `--verbose`), then the problems grouped by code with the files they touch,
//! the tables that were not loaded, and the totals. `--quiet` keeps the
//! verdicts of KO inputs, the problems by code and the totals.

use std::fmt::Write as _;
use std::io;

use super::findings::{self, Group, Unloaded};
use super::{Options, message, plural, severity_word, shown, summary_line};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{FileResult, InputResult, Outcome};
use crate::i18n::Lang;
use crate::input::InputKind;

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// File names shown for each code in the summary; the rest are counted.
const NAMES_PER_CODE: usize = 3;

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

/// The report as a string (for commands that print it with more text).
pub fn render(outcome: &Outcome, options: &Options) -> String {
    let mut out = Vec::new();
    let _ = write(outcome, options, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report, one input at a time.
pub fn write(outcome: &Outcome, options: &Options, out: &mut dyn io::Write) -> io::Result<()> {
    let painter = Painter { on: options.colour };
    for input in &outcome.inputs {
        let mut block = String::new();
        render_input(&mut block, outcome, input, options, &painter);
        out.write_all(block.as_bytes())?;
    }
    let mut tail = String::new();
    render_codes(&mut tail, &findings::by_code(outcome), options, &painter);
    render_unloaded_tables(&mut tail, &findings::unloaded_tables(outcome), options.lang);
    let summary = summary_line(outcome, options.lang);
    let _ = writeln!(tail, "{}", painter.paint(BOLD, &summary));
    out.write_all(tail.as_bytes())
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
        // A file named on the command line is always shown: it is the input's verdict.
        for file in files {
            if options.quiet && file.is_ok() {
                continue;
            }
            render_file(out, file, "", !options.quiet, options, painter);
        }
        return;
    }
    if options.quiet && input.ok {
        return;
    }
    let lang = options.lang;
    let ok = files.iter().filter(|f| f.is_ok()).count();
    // An input that could not be read says so, not "0 file: 0 OK, 0 KO".
    let counts = if files.is_empty() && input.diagnostics.iter().any(|d| d.is_error()) {
        lang.pick("(non si può controllare)", "(cannot be checked)")
            .to_string()
    } else {
        format!(
            "({}: {} OK, {} KO)",
            plural(files.len(), lang, ("file", "file"), ("file", "files")),
            super::number(ok as u64, lang),
            super::number((files.len() - ok) as u64, lang)
        )
    };
    let _ = writeln!(
        out,
        "{}  {}  {}",
        painter.paint(BOLD, &shown(&input.path)),
        painter.verdict(input.ok),
        painter.paint(DIM, &counts),
    );
    if options.quiet {
        return;
    }
    for diagnostic in &input.diagnostics {
        render_diagnostic(out, diagnostic, "  ", options, painter);
    }
    for file in files {
        if options.verbose || !file.is_ok() {
            render_file(out, file, "  ", true, options, painter);
        }
    }
    if !options.verbose && ok > 0 {
        let files = plural(ok, lang, ("file", "file"), ("file", "files"));
        let hidden = match lang {
            Lang::It => format!("{files} OK non elencati (--verbose per elencarli)"),
            Lang::En => format!("{files} OK not listed (--verbose lists them)"),
        };
        let _ = writeln!(out, "  {}", painter.paint(DIM, &hidden));
    }
}

fn render_file(
    out: &mut String,
    file: &FileResult,
    indent: &str,
    details: bool,
    options: &Options,
    painter: &Painter,
) {
    let module = file
        .module
        .map(|m| format!("  {}", painter.paint(DIM, m.key())))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{indent}{}  {}{module}",
        painter.verdict(file.is_ok()),
        shown(&file.name)
    );
    if !details {
        return;
    }
    let inner = format!("{indent}    ");
    for diagnostic in &file.diagnostics {
        render_diagnostic(out, diagnostic, &inner, options, painter);
    }
    if file.rules_skipped {
        let note = rules_skipped_note(options.lang);
        let _ = writeln!(out, "{inner}{}", painter.paint(CYAN, &note));
    }
}

/// Why a file with schema errors shows no business-rule problems yet.
pub fn rules_skipped_note(lang: Lang) -> String {
    let word = severity_word(Severity::Note, lang);
    match lang {
        Lang::It => format!(
            "{word}: per gli errori di schema le regole di merito (codici fiscali, tabelle, date...) non sono state controllate: corretti questi, possono emergerne altri."
        ),
        Lang::En => format!(
            "{word}: because of the schema errors the business rules (tax codes, tables, dates...) were not checked: once these are fixed, others may appear."
        ),
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
        shown(&message(diagnostic, lang)),
    );
    if let Some(path) = &diagnostic.path {
        let _ = writeln!(out, "{indent}{:<7} {}", "", painter.paint(DIM, &shown(path)));
    }
}

/// "CL0101  errore  Campo obbligatorio mancante: 4 file (a.xml, b.xml, c.xml e altri 1)".
fn render_codes(out: &mut String, groups: &[Group<'_>], options: &Options, painter: &Painter) {
    if groups.is_empty() {
        return;
    }
    let lang = options.lang;
    let _ = writeln!(
        out,
        "\n{}",
        painter.paint(BOLD, lang.pick("Problemi per codice:", "Problems by code:"))
    );
    for group in groups {
        let rule = group.rule;
        let word = severity_word(rule.severity, lang);
        let _ = writeln!(
            out,
            "  {}  {}  {}: {} ({})",
            painter.paint(BOLD, rule.code),
            painter.severity(rule.severity, &format!("{word:<6}")),
            rule.summary.get(lang),
            plural(group.subjects.len(), lang, ("file", "file"), ("file", "files")),
            first_names(&group.subjects, lang),
        );
    }
}

/// The first few names, and how many more there are.
pub fn first_names(names: &[&str], lang: Lang) -> String {
    let listed = names
        .iter()
        .take(NAMES_PER_CODE)
        .map(|name| shown(name))
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(NAMES_PER_CODE) {
        0 => listed,
        more => match lang {
            Lang::It => format!("{listed} e altri {more}"),
            Lang::En => format!("{listed} and {more} more"),
        },
    }
}

/// Once per run: fields checked for their format only, and how to load their tables.
fn render_unloaded_tables(out: &mut String, unloaded: &Unloaded, lang: Lang) {
    if let Some(note) = unloaded_tables_note(unloaded, lang) {
        let _ = writeln!(out, "\n{note}");
    }
}

/// The note on tables not loaded, shared with the HTML report.
pub fn unloaded_tables_note(unloaded: &Unloaded, lang: Lang) -> Option<String> {
    let first = unloaded.tables.first()?;
    let tables = unloaded.tables.join(", ");
    let files = plural(unloaded.files, lang, ("file", "file"), ("file", "files"));
    Some(match lang {
        Lang::It => format!(
            "Tabelle non caricate: {tables}. I loro campi, in {files}, hanno avuto solo il controllo di formato dello schema. Per controllarli: --tabelle CARTELLA, con un file NOME.csv per tabella (es. {first}.csv); clic tabelle le elenca."
        ),
        Lang::En => format!(
            "Tables not loaded: {tables}. Their fields, in {files}, got the schema's format check only. To check them: --tabelle DIR, holding one NAME.csv per table (e.g. {first}.csv); clic tabelle lists them."
        ),
    })
}
