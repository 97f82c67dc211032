//! `--format xlsx`: a workbook to forward. The first sheet lists the
//! problems, one row per finding (the CSV report's rows, with headers and
//! severities in the chosen language), with filters and the header row
//! frozen; the second sums up: the counts, the inputs' verdicts and the
//! problems by code.

use std::io;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::csv::rows;
use super::findings;
use super::severity_word;
use crate::engine::Outcome;
use crate::i18n::Lang;

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
            "Input",
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

pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let bytes = workbook(outcome, lang).map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(outcome: &Outcome, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let mut workbook = Workbook::new();
    problems(workbook.add_worksheet(), outcome, lang, &bold)?;
    summary(workbook.add_worksheet(), outcome, lang, &bold)?;
    workbook.save_to_buffer()
}

fn problems(sheet: &mut Worksheet, outcome: &Outcome, lang: Lang, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name(problems_sheet(lang))?;
    let header = problems_header(lang);
    for (col, title) in (0u16..).zip(header) {
        sheet.write_string_with_format(0, col, title, bold)?;
    }
    let mut last = 0u32;
    for (row, finding) in (1u32..).zip(rows(outcome, lang)) {
        sheet.write_string(row, 0, &finding.input)?;
        sheet.write_string(row, 1, &finding.file)?;
        if let Some(line) = finding.line {
            sheet.write_number(row, 2, line)?;
        }
        if let Some(column) = finding.column {
            sheet.write_number(row, 3, column)?;
        }
        sheet.write_string(row, 4, finding.code)?;
        sheet.write_string(row, 5, severity_word(finding.severity, lang))?;
        sheet.write_string(row, 6, &finding.field)?;
        sheet.write_string(row, 7, &finding.message)?;
        sheet.write_string(row, 8, &finding.fix)?;
        last = row;
    }
    sheet.autofilter(0, 0, last, header.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    for (col, width) in (0u16..).zip([24, 36, 6, 8, 8, 9, 40, 70, 70]) {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}

fn summary(sheet: &mut Worksheet, outcome: &Outcome, lang: Lang, bold: &Format) -> Result<(), XlsxError> {
    sheet.set_name(summary_sheet(lang))?;
    let s = outcome.summary();
    let counts = [
        (lang.pick("File", "Files"), s.files),
        ("OK", s.ok),
        ("KO", s.ko),
        (lang.pick("Avvisi", "Warnings"), s.warnings),
    ];
    let mut row = 0u32;
    for (label, n) in counts {
        sheet.write_string_with_format(row, 0, label, bold)?;
        sheet.write_number(row, 1, n as f64)?;
        row += 1;
    }

    row += 1;
    let titles = [
        lang.pick("Input", "Input"),
        lang.pick("Esito", "Verdict"),
        "File",
        "OK",
        "KO",
    ];
    for (col, title) in (0u16..).zip(titles) {
        sheet.write_string_with_format(row, col, title, bold)?;
    }
    for input in &outcome.inputs {
        row += 1;
        let files = outcome.files_of(input);
        let ok = files.iter().filter(|f| f.is_ok()).count();
        sheet.write_string(row, 0, &input.path)?;
        sheet.write_string(row, 1, if input.ok { "OK" } else { "KO" })?;
        sheet.write_number(row, 2, files.len() as f64)?;
        sheet.write_number(row, 3, ok as f64)?;
        sheet.write_number(row, 4, (files.len() - ok) as f64)?;
    }

    row += 2;
    let titles = [
        lang.pick("Codice", "Code"),
        lang.pick("Gravità", "Severity"),
        lang.pick("Problema", "Problem"),
        "File",
        lang.pick("Occorrenze", "Occurrences"),
        lang.pick("Primi file", "First files"),
    ];
    for (col, title) in (0u16..).zip(titles) {
        sheet.write_string_with_format(row, col, title, bold)?;
    }
    for group in findings::by_code(outcome) {
        row += 1;
        sheet.write_string(row, 0, group.rule.code)?;
        sheet.write_string(row, 1, severity_word(group.rule.severity, lang))?;
        sheet.write_string(row, 2, group.rule.summary.get(lang))?;
        sheet.write_number(row, 3, group.subjects.len() as f64)?;
        sheet.write_number(row, 4, group.count as f64)?;
        sheet.write_string(row, 5, super::text::first_names(&group.subjects, lang))?;
    }
    for (col, width) in (0u16..).zip([36, 10, 50, 8, 12, 60]) {
        sheet.set_column_width(col, width)?;
    }
    Ok(())
}
