//! `--format xlsx`: a workbook to forward. The first sheet lists the
//! problems, one row per finding (the CSV report's columns, with headers
//! and severities in the chosen language), the second sums up: the counts,
//! the verdict of each archive or file, and the problems by code. Both have
//! their header row frozen and filters on it; the long texts (message, how
//! to fix) wrap inside their cells, and each row is as tall as its longest
//! text needs, so that nothing runs into the next column. The words are
//! the reader's (report/reader.rs): no command-line option in a cell.
//!
//! `clic serve`'s report of a run with KO files has a third sheet,
//! «Correzioni»: what «Scarica l'archivio corretto» repairs, one row per
//! repair (report/fix.rs's rows), laid out the same way.

use std::io;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::csv::Row;
use super::findings;
use super::reader;
use super::severity_word;
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::repair::output::RepairList;

/// Widths of the problems sheet's columns, in characters.
const PROBLEM_WIDTHS: [u16; 9] = [24, 36, 6, 8, 8, 9, 30, 60, 60];
/// Height of one line of text, in points (Calibri 11).
const LINE_HEIGHT: f64 = 15.0;

/// The problems sheet's name.
pub fn problems_sheet(lang: Lang) -> &'static str {
    lang.pick("Problemi", "Problems")
}

/// The summary sheet's name.
pub fn summary_sheet(lang: Lang) -> &'static str {
    lang.pick("Riepilogo", "Summary")
}

/// The problems sheet's header row.
pub fn problems_header(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::It => [
            "Archivio o file",
            "File",
            "Riga",
            "Colonna",
            "Codice",
            "Gravità",
            "Campo",
            "Messaggio",
            "Come correggere",
        ],
        Lang::En => [
            "Input",
            "File",
            "Line",
            "Column",
            "Code",
            "Severity",
            "Field",
            "Message",
            "How to fix",
        ],
    }
}

/// Widths of the repairs sheet's columns, in characters.
const REPAIR_WIDTHS: [u16; 11] = [24, 36, 8, 8, 6, 8, 30, 8, 36, 24, 24];
/// Data rows a sheet holds at most (Excel's 1,048,576 rows, the header aside).
const MAX_ROWS: usize = 1_048_575;

/// The repairs sheet's name.
pub fn repairs_sheet(lang: Lang) -> &'static str {
    lang.pick("Correzioni", "Repairs")
}

pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    write_with_repairs(outcome, None, lang, out)
}

/// The workbook, with the «Correzioni» sheet when `repairs` is given.
pub fn write_with_repairs(
    outcome: &Outcome,
    repairs: Option<&RepairList>,
    lang: Lang,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let bytes = workbook(outcome, repairs, lang).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

/// Every finding as a row, in the reader's words.
fn rows(outcome: &Outcome, lang: Lang) -> impl Iterator<Item = Row> + '_ {
    findings::all(outcome).map(move |finding| {
        let mut row = Row::of(&finding, lang);
        row.message = reader::message(finding.diagnostic, lang);
        row.fix = reader::fix(finding.diagnostic.rule, lang);
        row
    })
}

/// Lines a text needs in a wrapped cell `width` characters wide.
fn lines(text: &str, width: u16) -> usize {
    let width = usize::from(width.max(1));
    text.split('\n')
        .map(|line| line.chars().count().div_ceil(width).max(1))
        .sum()
}

fn workbook(outcome: &Outcome, repairs: Option<&RepairList>, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let formats = Formats {
        bold: &bold,
        top: &top,
        wrap: &wrap,
    };
    let mut workbook = Workbook::new();
    problems(workbook.add_worksheet(), outcome, lang, &formats)?;
    summary(workbook.add_worksheet(), outcome, lang, &formats)?;
    if let Some(list) = repairs {
        repairs_sheet_of(workbook.add_worksheet(), outcome, list, lang, &formats)?;
    }
    workbook.save_to_buffer()
}

struct Formats<'a> {
    bold: &'a Format,
    top: &'a Format,
    wrap: &'a Format,
}

fn problems(sheet: &mut Worksheet, outcome: &Outcome, lang: Lang, f: &Formats<'_>) -> Result<(), XlsxError> {
    sheet.set_name(problems_sheet(lang))?;
    let header = problems_header(lang);
    for (col, title) in (0u16..).zip(header) {
        sheet.write_string_with_format(0, col, title, f.bold)?;
    }
    let mut last = 0u32;
    for (row, finding) in (1u32..).zip(rows(outcome, lang).take(MAX_ROWS)) {
        sheet.write_string_with_format(row, 0, &finding.input, f.wrap)?;
        sheet.write_string_with_format(row, 1, &finding.file, f.wrap)?;
        if let Some(line) = finding.line {
            sheet.write_number_with_format(row, 2, line, f.top)?;
        }
        if let Some(column) = finding.column {
            sheet.write_number_with_format(row, 3, column, f.top)?;
        }
        sheet.write_string_with_format(row, 4, finding.code, f.top)?;
        sheet.write_string_with_format(row, 5, severity_word(finding.severity, lang), f.top)?;
        sheet.write_string_with_format(row, 6, &finding.field, f.wrap)?;
        sheet.write_string_with_format(row, 7, &finding.message, f.wrap)?;
        sheet.write_string_with_format(row, 8, &finding.fix, f.wrap)?;
        let tallest = [
            (0, &finding.input),
            (1, &finding.file),
            (6, &finding.field),
            (7, &finding.message),
            (8, &finding.fix),
        ]
        .iter()
        .map(|(col, text)| lines(text, PROBLEM_WIDTHS[*col]))
        .max()
        .unwrap_or(1);
        sheet.set_row_height(row, LINE_HEIGHT * tallest as f64)?;
        last = row;
    }
    sheet.autofilter(0, 0, last, header.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in (0u16..).zip(PROBLEM_WIDTHS) {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// The summary sheet: a header row (frozen, with filters), the totals,
/// one row per archive or file checked; then the problems by code.
fn summary(sheet: &mut Worksheet, outcome: &Outcome, lang: Lang, f: &Formats<'_>) -> Result<(), XlsxError> {
    sheet.set_name(summary_sheet(lang))?;
    let titles = [
        lang.pick("Archivio o file", "Archive or file"),
        lang.pick("Esito", "Verdict"),
        "File",
        "OK",
        "KO",
        lang.pick("Avvisi", "Warnings"),
    ];
    for (col, title) in (0u16..).zip(titles) {
        sheet.write_string_with_format(0, col, title, f.bold)?;
    }
    let s = outcome.summary();
    let mut row = 1u32;
    sheet.write_string_with_format(row, 0, lang.pick("Totale", "Total"), f.bold)?;
    sheet.write_string_with_format(row, 1, if outcome.all_ok() { "OK" } else { "KO" }, f.bold)?;
    for (col, n) in [(2u16, s.files), (3, s.ok), (4, s.ko), (5, s.warnings)] {
        sheet.write_number_with_format(row, col, n as f64, f.bold)?;
    }
    for input in &outcome.inputs {
        row += 1;
        let files = outcome.files_of(input);
        let ok = files.iter().filter(|f| f.is_ok()).count();
        let warnings = files
            .iter()
            .map(|f| f.count(crate::diagnostic::Severity::Warning))
            .sum::<usize>()
            + input
                .diagnostics
                .iter()
                .filter(|d| d.severity() == crate::diagnostic::Severity::Warning)
                .count();
        sheet.write_string_with_format(row, 0, &input.path, f.wrap)?;
        sheet.write_string(row, 1, if input.ok { "OK" } else { "KO" })?;
        sheet.write_number(row, 2, files.len() as f64)?;
        sheet.write_number(row, 3, ok as f64)?;
        sheet.write_number(row, 4, (files.len() - ok) as f64)?;
        sheet.write_number(row, 5, warnings as f64)?;
    }
    sheet.autofilter(0, 0, row, titles.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;

    row += 2;
    let titles = [
        lang.pick("Codice", "Code"),
        lang.pick("Gravità", "Severity"),
        lang.pick("Problema", "Problem"),
        "File",
        lang.pick("Occorrenze", "Occurrences"),
        lang.pick("Primi file", "First files"),
        lang.pick("Come correggere", "How to fix"),
    ];
    for (col, title) in (0u16..).zip(titles) {
        sheet.write_string_with_format(row, col, title, f.bold)?;
    }
    let widths = [36u16, 10, 40, 8, 12, 50, 60];
    for group in findings::by_code(outcome) {
        row += 1;
        let names = super::text::first_names(&group.subjects, lang);
        let fix = reader::fix(group.rule, lang);
        sheet.write_string_with_format(row, 0, group.rule.code, f.top)?;
        sheet.write_string_with_format(row, 1, severity_word(group.rule.severity, lang), f.top)?;
        sheet.write_string_with_format(row, 2, group.rule.summary.get(lang), f.wrap)?;
        sheet.write_number_with_format(row, 3, group.subjects.len() as f64, f.top)?;
        sheet.write_number_with_format(row, 4, group.count as f64, f.top)?;
        sheet.write_string_with_format(row, 5, &names, f.wrap)?;
        sheet.write_string_with_format(row, 6, &fix, f.wrap)?;
        let tallest = lines(group.rule.summary.get(lang), widths[2])
            .max(lines(&names, widths[5]))
            .max(lines(&fix, widths[6]));
        sheet.set_row_height(row, LINE_HEIGHT * tallest as f64)?;
    }
    for (col, width) in (0u16..).zip(widths) {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

/// The «Correzioni» sheet: a row per repair, and for a file that stays
/// KO a row saying what is left must be corrected by hand (CL1099). Its
/// header row is frozen, with filters; values from the files are written
/// as text, so none is ever read as a formula.
fn repairs_sheet_of(
    sheet: &mut Worksheet,
    outcome: &Outcome,
    list: &RepairList,
    lang: Lang,
    f: &Formats<'_>,
) -> Result<(), XlsxError> {
    sheet.set_name(repairs_sheet(lang))?;
    let header = super::fix::header(lang);
    for (col, title) in (0u16..).zip(header) {
        sheet.write_string_with_format(0, col, title, f.bold)?;
    }
    let mut last = 0u32;
    for (row, repair) in (1u32..).zip(super::fix::rows(list, outcome).take(MAX_ROWS)) {
        let what = repair.what(lang);
        let (field, before, after) = match repair.repair {
            Some(r) => (
                r.path.as_deref().unwrap_or(""),
                r.before.as_str(),
                r.after.as_str(),
            ),
            None => ("", "", ""),
        };
        sheet.write_string_with_format(row, 0, repair.input, f.wrap)?;
        sheet.write_string_with_format(row, 1, repair.file, f.wrap)?;
        sheet.write_string_with_format(row, 2, "KO", f.top)?;
        sheet.write_string_with_format(row, 3, if repair.ok_after { "OK" } else { "KO" }, f.top)?;
        if let Some(p) = repair.repair.and_then(|r| r.position) {
            sheet.write_number_with_format(row, 4, p.line, f.top)?;
            sheet.write_number_with_format(row, 5, p.column, f.top)?;
        }
        sheet.write_string_with_format(row, 6, field, f.wrap)?;
        sheet.write_string_with_format(row, 7, repair.code(), f.top)?;
        sheet.write_string_with_format(row, 8, &what, f.wrap)?;
        sheet.write_string_with_format(row, 9, before, f.wrap)?;
        sheet.write_string_with_format(row, 10, after, f.wrap)?;
        let tallest = [
            (0, repair.input),
            (1, repair.file),
            (6, field),
            (8, what.as_str()),
            (9, before),
            (10, after),
        ]
        .iter()
        .map(|(col, text)| lines(text, REPAIR_WIDTHS[*col]))
        .max()
        .unwrap_or(1);
        sheet.set_row_height(row, LINE_HEIGHT * tallest as f64)?;
        last = row;
    }
    sheet.autofilter(0, 0, last, header.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in (0u16..).zip(REPAIR_WIDTHS) {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}
