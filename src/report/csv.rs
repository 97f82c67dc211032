//! `--format csv`: one row per finding, for programs and spreadsheets
//! (RFC 4180: comma-separated, quoted when needed, CRLF line ends, UTF-8
//! without a byte-order mark). The header's names are stable; `severity` is
//! `error`, `warning` or `note`; `message` and `fix` follow `--lang`.
//! A cell that would start like a formula (`=`, `+`, `-`, `@`, tab, CR:
//! a file named `=HYPERLINK(…).xml`) starts with a `'`, so a spreadsheet
//! shows it as text; control characters are escaped as in the text
//! report (`\u{1b}`), so that no row carries a terminal escape or starts
//! a line with a CI runner's `::` when the report is printed.

use std::io;

use super::findings::{self, Finding};
use super::shown;
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::records::csv::formula_safe;

/// The columns, as the header names them.
pub const HEADER: [&str; 9] = [
    "input", "file", "line", "column", "code", "severity", "field", "message", "fix",
];

/// One finding as the CSV and spreadsheet reports lay it out.
pub struct Row {
    pub input: String,
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub code: &'static str,
    pub severity: crate::diagnostic::Severity,
    pub field: String,
    pub message: String,
    pub fix: String,
}

impl Row {
    pub fn of(finding: &Finding<'_>, lang: Lang) -> Row {
        let d = finding.diagnostic;
        Row {
            input: finding.input.path.clone(),
            file: finding.file_name().to_string(),
            line: d.position.map(|p| p.line),
            column: d.position.map(|p| p.column),
            code: d.rule.code,
            severity: d.severity(),
            field: d.path.clone().unwrap_or_default(),
            // A CSV is opened by people in a spreadsheet: the words meant
            // for them (no command-line option), as in the HTML and xlsx.
            message: super::reader::message(d, lang),
            fix: super::reader::fix(d.rule, lang),
        }
    }
}

/// Every finding as a row, in report order.
pub fn rows(outcome: &Outcome, lang: Lang) -> impl Iterator<Item = Row> + '_ {
    findings::all(outcome).map(move |f| Row::of(&f, lang))
}

pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(HEADER)?;
    for row in rows(outcome, lang) {
        let line = row.line.map(|n| n.to_string()).unwrap_or_default();
        let column = row.column.map(|n| n.to_string()).unwrap_or_default();
        writer.write_record(
            [
                row.input.as_str(),
                row.file.as_str(),
                &line,
                &column,
                row.code,
                row.severity.key(),
                &row.field,
                &row.message,
                &row.fix,
            ]
            .map(|cell| formula_safe(&shown(cell)).into_owned()),
        )?;
    }
    writer.flush()
}
