//! The report of `clic fix`: every repair (file, line, column, path, code,
//! value before and after) and the verdict before and after. The formats
//! are verify's: the outcome after repair carries each repair as a note
//! (CL10xx) and each repaired file's first verdict (CL1000), so every
//! renderer shows them; text adds a list of the repairs first, and JSON a
//! `repairs` list and the `before` totals.

use std::fmt::Write as _;
use std::io;

use serde::Serialize;

use super::{Options, Sources, VerifyFormat, message, plural};
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::repair::Fixed;

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
            super::json::write_extended(&fixed.after, options.lang, &json_extra(fixed, before), out)
        }
        VerifyFormat::Html => {
            let mut page = Vec::new();
            super::html::write(&fixed.after, options.lang, sources, &mut page)?;
            let page = String::from_utf8_lossy(&page);
            let section = repairs_html(fixed, before, options.lang);
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

/// The HTML report's section of repairs: one row per repair, and each
/// file's verdict before and after.
fn repairs_html(fixed: &Fixed, before: &Outcome, lang: Lang) -> String {
    use super::html::escape;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section id=\"correzioni\">\n<h2>{}</h2>\n<p>{}</p>",
        lang.pick("Correzioni", "Repairs"),
        escape(&summary_line(fixed, before, lang))
    );
    let header = match lang {
        Lang::It => [
            "File",
            "Esito prima",
            "Esito dopo",
            "Riga",
            "Colonna",
            "Campo",
            "Codice",
            "Prima",
            "Dopo",
        ],
        Lang::En => [
            "File",
            "Verdict before",
            "Verdict after",
            "Line",
            "Column",
            "Field",
            "Code",
            "Before",
            "After",
        ],
    };
    let _ = write!(out, "<table>\n<thead><tr>");
    for cell in header {
        let _ = write!(out, "<th scope=\"col\">{cell}</th>");
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for (index, fix) in fixed.files.iter().enumerate() {
        let was = &before.files[index];
        if was.is_ok() {
            continue;
        }
        let now = if fixed.verified.files[index].is_ok() {
            "OK"
        } else {
            "KO"
        };
        let name = escape(&was.name);
        if fix.repairs.is_empty() {
            let none = lang.pick("nessuna correzione certa", "no certain repair");
            let _ = writeln!(
                out,
                "<tr><td>{name}</td><td>KO</td><td>{now}</td><td colspan=\"6\">{none}</td></tr>"
            );
        }
        for repair in &fix.repairs {
            let (line, column) = repair.position.map_or((String::new(), String::new()), |p| {
                (p.line.to_string(), p.column.to_string())
            });
            let code = repair.kind.rule().code;
            let _ = writeln!(
                out,
                "<tr><td>{name}</td><td>KO</td><td>{now}</td><td class=\"n\">{line}</td><td class=\"n\">{column}</td><td>{}</td><td><a href=\"#code-{code}\">{code}</a></td><td><code>{}</code></td><td><code>{}</code></td></tr>",
                escape(repair.path.as_deref().unwrap_or("")),
                escape(&repair.before),
                escape(&repair.after)
            );
        }
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
    out
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

fn json_extra<'a>(fixed: &'a Fixed, before: &'a Outcome) -> JsonExtra<'a> {
    let summary = before.summary();
    let mut repairs = Vec::new();
    for (index, fix) in fixed.files.iter().enumerate() {
        let file = &before.files[index];
        for repair in &fix.repairs {
            repairs.push(JsonRepair {
                input: &before.inputs[file.input].path,
                file: &file.name,
                line: repair.position.map(|p| p.line),
                column: repair.position.map(|p| p.column),
                path: repair.path.as_deref(),
                code: repair.kind.rule().code,
                rule: repair.kind.rule().name,
                before: &repair.before,
                after: &repair.after,
            });
        }
    }
    JsonExtra {
        before: JsonTotals {
            files: summary.files,
            ok: summary.ok,
            ko: summary.ko,
        },
        repaired_files: fixed.files.iter().filter(|f| f.bytes.is_some()).count(),
        repairs,
    }
}
