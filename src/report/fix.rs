//! The report of `clic fix`: every repair (file, line, column, path, code,
//! value before and after) and the verdict before and after. The formats
//! are verify's: the outcome after repair carries each repair as a note
//! (CL10xx) and each repaired file's first verdict (CL1000), so every
//! renderer shows them; text adds a list of the repairs first, and JSON a
//! `repairs` list and the `before` totals.
//!
//! The same list of repairs ([`RepairList`]: plain data, file by file) is
//! what `clic serve`'s reports add after the findings of the upload, for
//! «Scarica l'archivio corretto»: [`page_html`], [`rows`] (the
//! spreadsheet's «Correzioni» sheet), [`page_json_extra`] and
//! [`with_notes`] (CSV).

use std::fmt::Write as _;
use std::io;

use serde::Serialize;

use super::{Options, Sources, VerifyFormat, message, number, plural};
use crate::diagnostic::Diagnostic;
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::repair::output::RepairList;
use crate::repair::{Fixed, Repair};

/// Writes the report of a fix run.
pub fn render(
    fixed: &Fixed,
    before: &Outcome,
    format: VerifyFormat,
    options: &Options,
    sources: Sources<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        VerifyFormat::Text => {
            out.write_all(repairs_text(fixed, before, options).as_bytes())?;
            super::text::write(&fixed.verified, options, out)?;
            writeln!(out, "{}", summary_line(fixed, before, options.lang))
        }
        VerifyFormat::Json => {
            let list = RepairList::of(fixed, before);
            let extra = JsonExtra {
                before: totals(before.summary()),
                repaired_files: list.repaired_files(),
                repairs: json_repairs(&list, before),
            };
            super::json::write_extended(&fixed.after, options.lang, &extra, out)
        }
        VerifyFormat::Html => {
            let mut page = Vec::new();
            super::html::write(&fixed.after, options.lang, sources, &mut page)?;
            let page = String::from_utf8_lossy(&page);
            let lead = summary_line(fixed, before, options.lang);
            let section = section(&RepairList::of(fixed, before), before, options.lang, &lead);
            // The repairs first: the page's own sections follow.
            match page.find("<main>").map(|at| at + "<main>".len()) {
                Some(at) => write!(out, "{}{section}{}", &page[..at], &page[at..]),
                None => write!(out, "{page}{section}"),
            }
        }
        other => super::render(&fixed.after, other, options, sources, out),
    }
}

/// "Corretti 4 file (9 correzioni): prima 5 KO, ora 1 KO."
pub fn summary_line(fixed: &Fixed, before: &Outcome, lang: Lang) -> String {
    let repaired = fixed.files.iter().filter(|f| f.bytes.is_some()).count();
    let repairs: usize = fixed.files.iter().map(|f| f.repairs.len()).sum();
    let (was, now) = (before.summary().ko, fixed.verified.summary().ko);
    match lang {
        Lang::It => format!(
            "Corretti {} ({}): prima {was} KO, ora {now} KO.",
            plural(repaired, lang, ("file", "file"), ("file", "files")),
            plural(repairs, lang, ("correzione", "correzioni"), ("repair", "repairs")),
        ),
        Lang::En => format!(
            "Repaired {} ({}): {was} KO before, {now} KO now.",
            plural(repaired, lang, ("file", "file"), ("file", "files")),
            plural(repairs, lang, ("correzione", "correzioni"), ("repair", "repairs")),
        ),
    }
}

/// The page's line on the repaired archive: "L'archivio corretto corregge
/// 4 file (9 correzioni): 5 KO prima, 1 KO dopo la correzione."
pub fn page_summary_line(list: &RepairList, before: &Outcome, lang: Lang) -> String {
    let was = before.summary().ko;
    let now = number((was - list.now_ok().min(was)) as u64, lang);
    let was = number(was as u64, lang);
    let (repaired, repairs) = (list.repaired_files(), list.repairs());
    match lang {
        Lang::It => format!(
            "L'archivio corretto corregge {} ({}): {was} KO prima, {now} KO dopo la correzione.",
            plural(repaired, lang, ("file", "file"), ("file", "files")),
            plural(repairs, lang, ("correzione", "correzioni"), ("repair", "repairs")),
        ),
        Lang::En => format!(
            "The repaired archive repairs {} ({}): {was} KO before, {now} KO after repair.",
            plural(repaired, lang, ("file", "file"), ("file", "files")),
            plural(repairs, lang, ("correzione", "correzioni"), ("repair", "repairs")),
        ),
    }
}

/// The files that were KO, each with its verdict before and after and its
/// repairs (none for a file no repair applies to).
fn repairs_text(fixed: &Fixed, before: &Outcome, options: &Options) -> String {
    let lang = options.lang;
    let mut out = String::new();
    let mut any = false;
    for (index, was) in before.files.iter().enumerate() {
        if was.is_ok() {
            continue;
        }
        let fix = &fixed.files[index];
        let now = &fixed.verified.files[index];
        if options.quiet && now.is_ok() {
            continue;
        }
        if !any {
            let _ = writeln!(out, "{}", lang.pick("Correzioni:", "Repairs:"));
            any = true;
        }
        let input = &before.inputs[was.input];
        let name = if input.path == was.name {
            printable(&was.name)
        } else {
            format!("{}: {}", printable(&input.path), printable(&was.name))
        };
        let verdict = if now.is_ok() { "OK" } else { "KO" };
        let _ = writeln!(out, "  KO → {verdict}  {name}");
        if fix.repairs.is_empty() {
            let none = lang.pick(
                "nessuna correzione certa: il file è copiato com'è",
                "no certain repair: the file is copied as it is",
            );
            let _ = writeln!(out, "      {none}");
        }
        for repair in &fix.repairs {
            let diagnostic = repair.diagnostic();
            let position = repair
                .position
                .map(|p| format!("{}:{}", p.line, p.column))
                .unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "      {position:<7} {}  {}",
                diagnostic.rule.code,
                printable(&message(&diagnostic, lang))
            );
            if let Some(path) = &repair.path {
                let _ = writeln!(out, "              {}", printable(path));
            }
        }
    }
    if any {
        out.push('\n');
    }
    out
}

/// One row of the list of repairs: a repair made to a file, or (with no
/// repair) the row saying that a file stays KO and what is left must be
/// corrected by hand (CL1099).
pub struct RepairRow<'a> {
    pub input: &'a str,
    pub file: &'a str,
    /// The file's verdict after repair (before, it was KO).
    pub ok_after: bool,
    pub repair: Option<&'a Repair>,
}

impl RepairRow<'_> {
    pub fn code(&self) -> &'static str {
        self.rule().code
    }

    pub fn rule(&self) -> &'static crate::diagnostic::Rule {
        match self.repair {
            Some(repair) => repair.kind.rule(),
            None => &crate::repair::NESSUNA_CORREZIONE,
        }
    }

    /// What the row says: the repair's kind, or that the rest must be
    /// corrected by hand.
    pub fn what(&self, lang: Lang) -> String {
        match self.repair {
            Some(repair) => repair.kind.rule().summary.get(lang).to_string(),
            None => message(&Diagnostic::new(&crate::repair::NESSUNA_CORREZIONE), lang),
        }
    }
}

/// Every row of the list of repairs, file by file in the outcome's order:
/// each repair, then CL1099 for a file that stays KO.
pub fn rows<'a>(list: &'a RepairList, before: &'a Outcome) -> impl Iterator<Item = RepairRow<'a>> + 'a {
    list.tried().flat_map(move |(index, file)| {
        let was = &before.files[index];
        let input = before.inputs[was.input].path.as_str();
        let row = move |repair| RepairRow {
            input,
            file: was.name.as_str(),
            ok_after: file.ok_after,
            repair,
        };
        file.repairs
            .iter()
            .map(move |r| row(Some(r)))
            .chain((!file.ok_after).then(|| row(None)))
    })
}

/// The list's columns, as the HTML table and the spreadsheet name them.
pub fn header(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::It => [
            "Archivio o file",
            "File",
            "Esito prima",
            "Esito dopo",
            "Riga",
            "Colonna",
            "Campo",
            "Codice",
            "Correzione",
            "Prima",
            "Dopo",
        ],
        Lang::En => [
            "Input",
            "File",
            "Verdict before",
            "Verdict after",
            "Line",
            "Column",
            "Field",
            "Code",
            "Repair",
            "Before",
            "After",
        ],
    }
}

/// Files whose repairs the HTML report lists (the spreadsheet and the
/// JSON list them all), so that a huge archive's page stays usable.
const FILES_IN_HTML: usize = 500;

/// The HTML report's section of repairs: its heading, `lead` (the
/// counts), and the table of [`rows`] (a header cell per column, each
/// row's file as its header cell), each file's verdict before and after.
fn section(list: &RepairList, before: &Outcome, lang: Lang, lead: &str) -> String {
    // Paths and names break after each `/`, as in the rest of the report:
    // the columns of values stay on the screen.
    use super::html::{breakable_field_path, breakable_path, escape};
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section id=\"correzioni\">\n<h2>{}</h2>\n<p>{}</p>",
        lang.pick("Correzioni", "Repairs"),
        escape(lead)
    );
    let tried = list.tried().count();
    if tried > FILES_IN_HTML {
        let tried = number(tried as u64, lang);
        let more = match lang {
            Lang::It => format!(
                "Sono elencate le correzioni dei primi {FILES_IN_HTML} file su {tried}: il rapporto Excel e il JSON le elencano tutte."
            ),
            Lang::En => format!(
                "The repairs of the first {FILES_IN_HTML} files of {tried} are listed: the Excel and JSON reports list them all."
            ),
        };
        let _ = writeln!(out, "<p class=\"note-box\">{}</p>", escape(&more));
    }
    let _ = write!(
        out,
        "<table>\n<caption class=\"skip\">{}</caption>\n<thead><tr>",
        lang.pick(
            "Correzioni di ogni file, con l'esito prima e dopo",
            "Repairs of every file, with the verdict before and after"
        )
    );
    // The spreadsheet's columns, with the verdicts before and after in
    // one cell («KO → OK») and line and column in one («9:7», «Riga:col.»): eleven
    // columns did not fit a screen, and the values before and after, the
    // ones a reader looks for, fell off its right edge.
    let columns = match lang {
        Lang::It => [
            "Archivio o file",
            "File",
            "Esito",
            "Riga:col.",
            "Campo",
            "Codice",
            "Correzione",
            "Prima",
            "Dopo",
        ],
        Lang::En => [
            "Input",
            "File",
            "Verdict",
            "Line:col.",
            "Field",
            "Code",
            "Repair",
            "Before",
            "After",
        ],
    };
    // One upload: its name is the page's, a column of it says nothing.
    let several = before.inputs.len() > 1;
    let numeric = [3];
    for (col, cell) in columns.iter().enumerate().skip(usize::from(!several)) {
        let class = if numeric.contains(&col) {
            " class=\"n\""
        } else {
            ""
        };
        let _ = write!(out, "<th scope=\"col\"{class}>{cell}</th>");
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    let mut files = 0;
    let mut last: Option<(&str, &str)> = None;
    for row in rows(list, before) {
        if last != Some((row.input, row.file)) {
            files += 1;
            last = Some((row.input, row.file));
        }
        if files > FILES_IN_HTML {
            break;
        }
        let now = if row.ok_after { "OK" } else { "KO" };
        let now_class = if row.ok_after { "ok" } else { "ko" };
        let (at, path, before_value, after_value) = match row.repair {
            Some(r) => {
                let at = r
                    .position
                    .map_or(String::new(), |p| format!("{}:{}", p.line, p.column));
                (
                    at,
                    breakable_field_path(r.path.as_deref().unwrap_or("")),
                    format!("<code>{}</code>", escape(&r.before)),
                    format!("<code>{}</code>", escape(&r.after)),
                )
            }
            None => Default::default(),
        };
        let _ = writeln!(
            out,
            "<tr>{}<th scope=\"row\" class=\"path\">{}</th><td class=\"nowrap\"><span class=\"ko\">KO</span> → <span class=\"{now_class}\">{now}</span></td><td class=\"n\">{at}</td><td class=\"path\">{path}</td><td class=\"nowrap\">{}</td><td>{}</td><td>{before_value}</td><td>{after_value}</td></tr>",
            if several {
                format!("<td class=\"path\">{}</td>", breakable_path(row.input))
            } else {
                String::new()
            },
            breakable_path(row.file),
            row.code(),
            escape(&row.what(lang)),
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
    out
}

/// The page's HTML report: the report of what was uploaded, as `verify`
/// writes it, with a line on the repaired archive under the verdict
/// (a link to the list) and the «Correzioni» section at the end.
pub fn page_html(
    outcome: &Outcome,
    list: &RepairList,
    lang: Lang,
    sources: Sources<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    use super::html::escape;
    let mut page = Vec::new();
    super::html::write(outcome, lang, sources, &mut page)?;
    let page = String::from_utf8_lossy(&page);
    let line = page_summary_line(list, outcome, lang);
    let link = format!(
        "<p class=\"note-box\"><a href=\"#correzioni\">{}</a></p>\n",
        escape(&line)
    );
    let section = section(list, outcome, lang, &line);
    let (top, rest) = match page.find("<h2 id=\"inputs\">") {
        Some(at) => (&page[..at], &page[at..]),
        None => ("", &page[..]),
    };
    let link = if top.is_empty() { String::new() } else { link };
    let (middle, end) = rest.split_at(rest.rfind("</main>").unwrap_or(rest.len()));
    write!(out, "{top}{link}{middle}{section}{end}")
}

/// The outcome with, after each tried file's findings, the notes of its
/// repairs as `clic fix`'s report has them (CL1000, CL1001…CL1007,
/// CL1099): the CSV's rows for them.
pub fn with_notes(outcome: &Outcome, list: &RepairList) -> Outcome {
    let mut noted = outcome.clone();
    for (index, file) in noted.files.iter_mut().enumerate() {
        let notes = list.notes(index, &outcome.files[index]);
        file.diagnostics.extend(notes);
    }
    noted
}

/// Text with control characters shown as `\u{..}`: a value from a file
/// cannot move the cursor or colour the terminal.
fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[derive(Serialize)]
struct JsonExtra<'a> {
    /// The totals before repair (`summary` is after).
    before: JsonTotals,
    repaired_files: usize,
    repairs: Vec<JsonRepair<'a>>,
}

#[derive(Serialize)]
struct JsonTotals {
    files: usize,
    ok: usize,
    ko: usize,
}

fn totals(summary: crate::engine::Summary) -> JsonTotals {
    JsonTotals {
        files: summary.files,
        ok: summary.ok,
        ko: summary.ko,
    }
}

#[derive(Serialize)]
struct JsonRepair<'a> {
    input: &'a str,
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    path: Option<&'a str>,
    code: &'static str,
    rule: &'static str,
    before: &'a str,
    after: &'a str,
}

fn json_repairs<'a>(list: &'a RepairList, before: &'a Outcome) -> Vec<JsonRepair<'a>> {
    rows(list, before)
        .filter_map(|row| {
            let repair = row.repair?;
            Some(JsonRepair {
                input: row.input,
                file: row.file,
                line: repair.position.map(|p| p.line),
                column: repair.position.map(|p| p.column),
                path: repair.path.as_deref(),
                code: repair.kind.rule().code,
                rule: repair.kind.rule().name,
                before: &repair.before,
                after: &repair.after,
            })
        })
        .collect()
}

/// The keys the page's JSON report adds when the run has KO files (its
/// own keys, `summary` included, stay the check's).
#[derive(Serialize)]
pub struct PageJsonExtra<'a> {
    /// Files changed in the repaired archive.
    repaired_files: usize,
    /// Every repair, in file order.
    repairs: Vec<JsonRepair<'a>>,
    /// Every KO file a repair was tried on, with its verdict after.
    repair_verdicts: Vec<JsonVerdict<'a>>,
    /// The totals once repaired (`summary` is before).
    after_repair: JsonTotals,
}

#[derive(Serialize)]
struct JsonVerdict<'a> {
    input: &'a str,
    file: &'a str,
    before: &'static str,
    after: &'static str,
    /// Repairs made to it; `after` KO: what is left must be corrected
    /// by hand (CL1099).
    repairs: usize,
}

pub fn page_json_extra<'a>(list: &'a RepairList, before: &'a Outcome) -> PageJsonExtra<'a> {
    let summary = before.summary();
    let now_ok = list.now_ok().min(summary.ko);
    PageJsonExtra {
        repaired_files: list.repaired_files(),
        repairs: json_repairs(list, before),
        repair_verdicts: list
            .tried()
            .map(|(index, file)| {
                let was = &before.files[index];
                JsonVerdict {
                    input: &before.inputs[was.input].path,
                    file: &was.name,
                    before: "KO",
                    after: if file.ok_after { "OK" } else { "KO" },
                    repairs: file.repairs.len(),
                }
            })
            .collect(),
        after_repair: JsonTotals {
            files: summary.files,
            ok: summary.ok + now_ok,
            ko: summary.ko - now_ok,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{FileResult, InputResult};
    use crate::input::InputKind;
    use crate::repair::output::FileRepairs;

    /// `n` files, all KO, in one archive, none of which a repair fixed.
    fn all_ko(n: usize) -> (Outcome, RepairList) {
        let file = |i: usize| FileResult {
            input: 0,
            name: format!("cv-{i:04}.xml"),
            module: None,
            encoding: None,
            diagnostics: vec![Diagnostic::new(&crate::schema::diagnostics::CAMPO_OBBLIGATORIO)],
            rules_skipped: false,
            unloaded_tables: Default::default(),
        };
        let outcome = Outcome {
            inputs: vec![InputResult {
                path: "lotto.zip".into(),
                kind: InputKind::Archive,
                diagnostics: Vec::new(),
                files: 0..n,
                ok: false,
            }],
            files: (0..n).map(file).collect(),
        };
        let tried = FileRepairs {
            repairs: Vec::new(),
            changed: false,
            ok_after: false,
        };
        let list = RepairList {
            files: vec![Some(tried); n],
        };
        (outcome, list)
    }

    #[test]
    fn the_html_lists_the_first_files_repairs_and_says_where_the_others_are() {
        let (outcome, list) = all_ko(FILES_IN_HTML + 1);
        let html = section(&list, &outcome, Lang::It, "");
        assert_eq!(html.matches("<th scope=\"row\"").count(), FILES_IN_HTML);
        assert!(html.contains("dei primi 500 file su 501"), "{html}");
        let (outcome, list) = all_ko(3);
        let html = section(&list, &outcome, Lang::En, "");
        assert_eq!(html.matches("<th scope=\"row\"").count(), 3);
        assert!(!html.contains("note-box"), "{html}");
    }

    #[test]
    fn a_file_no_repair_fixes_says_what_is_left_must_be_corrected_by_hand() {
        let (outcome, list) = all_ko(1);
        let rows: Vec<RepairRow<'_>> = rows(&list, &outcome).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].code(), "CL1099");
        assert!(rows[0].what(Lang::It).contains("vanno corretti a mano"));
        let extra = serde_json::to_value(page_json_extra(&list, &outcome)).unwrap();
        assert_eq!(extra["repair_verdicts"][0]["after"], "KO");
        assert_eq!(extra["after_repair"]["ko"], 1);
        assert_eq!(extra["repairs"].as_array().unwrap().len(), 0);
    }
}
