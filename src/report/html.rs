//! `--format html`: one self-contained page to read, print or forward by
//! mail. Everything is inline (style, script, the SVG chart): the page
//! makes no request, so it opens on a PC with no network. It holds the
//! verdict of every input and the counts, a chart of KO files per code,
//! the problems by code with each rule's explanation (as `clic explain`
//! prints it), and every KO file with its diagnostics and a few lines of
//! its XML source around each. OK files are counted, not listed. It works
//! with a keyboard and a screen reader (headings, tables with header cells,
//! labelled chart, contrast above 4.5:1) and has a print stylesheet.

use std::fmt::Write as _;
use std::io;

use super::findings::{self, Group};
use super::reader::{self, counted, explanation, message, summary_line};
use super::{Sources, number, severity_word};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{FileResult, Outcome};
use crate::i18n::Lang;

/// KO files shown in full (diagnostics and source); the others are listed
/// in a compact table, so that a 20,000-file archive stays usable.
const FILES_IN_FULL: usize = 500;
/// KO files whose source is quoted around each finding.
const FILES_WITH_SOURCE: usize = 200;
/// Lines of context before and after a finding's line.
const CONTEXT: u32 = 2;
/// Characters of a source line shown around the finding's column.
const LINE_WINDOW: usize = 160;
/// File names listed under each code.
const NAMES_PER_CODE: usize = 20;

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, "Segoe UI", Arial, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 2px solid #1a1a1a; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .4rem; overflow-wrap: break-word; }
a { color: #0b4f9c; }
a:focus, input:focus, summary:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .3rem .6rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #767676; padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { white-space: nowrap; }
td.nowrap, th.nowrap { white-space: nowrap; }
td.message { min-width: 16rem; }
th { background: #ececec; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.ko { color: #a50e0e; font-weight: 700; }
.ok { color: #1b5e20; font-weight: 700; }
.error { color: #a50e0e; }
.warning { color: #7a4a00; }
.note { color: #1f4e79; }
.verdict { font-size: 1.25rem; }
.note-box { border-left: 4px solid #1f4e79; background: #eef4fa; padding: .5rem .8rem; margin: .8rem 0; }
.explanation { white-space: pre-wrap; margin: .3rem 0 .6rem; }
pre.source { background: #f6f6f6; border: 1px solid #767676; padding: .4rem .6rem; overflow-x: auto; font: 13px/1.45 Consolas, "DejaVu Sans Mono", monospace; margin: .2rem 0 .8rem; }
pre.source mark { background: #ffe08a; color: #1a1a1a; display: inline-block; min-width: 100%; }
.path { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; }
td.path, th.path { min-width: 8rem; }
svg text { font: 13px system-ui, Arial, sans-serif; fill: #1a1a1a; }
svg rect { fill: #a50e0e; }
#filter-box label { font-weight: 700; margin-right: .5rem; }
#filter-box input { font: inherit; padding: .2rem .4rem; min-width: 18rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .skip, #filter-box { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  section.file, tr, pre.source { break-inside: avoid; }
  pre.source { white-space: pre-wrap; }
  section.file[hidden] { display: block; }
}
"#;

const SCRIPT: &str = r#"
(function () {
  var box = document.getElementById('filter-box');
  var field = document.getElementById('filter');
  if (!box || !field) { return; }
  box.hidden = false;
  field.addEventListener('input', function () {
    var wanted = field.value.trim().toLowerCase();
    var sections = document.querySelectorAll('section.file');
    for (var i = 0; i < sections.length; i++) {
      var s = sections[i];
      s.hidden = wanted !== '' && s.getAttribute('data-search').indexOf(wanted) < 0;
    }
  });
})();
"#;

struct Words {
    lang: Lang,
}

impl Words {
    fn t<'a>(&self, it: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(it, en)
    }
}

pub fn write(outcome: &Outcome, lang: Lang, sources: Sources<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let w = Words { lang };
    let groups = findings::by_code(outcome);
    let mut page = String::with_capacity(64 * 1024);
    head(&mut page, outcome, &w);
    overview(&mut page, outcome, &w);
    chart(&mut page, &groups, &w);
    codes(&mut page, &groups, &w);
    out.write_all(page.as_bytes())?;
    page.clear();
    ko_files(outcome, sources, &w, out)?;
    let _ = write!(page, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out.write_all(page.as_bytes())
}

fn head(page: &mut String, outcome: &Outcome, w: &Words) {
    let verdict = if outcome.all_ok() { "OK" } else { "KO" };
    let title = format!("{} {verdict}", w.t("clic: verifica", "clic: verification"));
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#ko-files\">{}</a>\n<main>\n",
        w.t("it", "en"),
        escape(&title),
        w.t("Vai ai file KO", "Skip to the KO files"),
    );
}

fn overview(page: &mut String, outcome: &Outcome, w: &Words) {
    let lang = w.lang;
    let all_ok = outcome.all_ok();
    // An input that could not be read is the verdict itself: its counts
    // (zero files) would only mislead.
    let summary = match reader::unreadable_input(outcome, lang) {
        Some(unreadable) if outcome.files.is_empty() => unreadable,
        Some(unreadable) => format!("{} {unreadable}", summary_line(outcome, lang)),
        None => summary_line(outcome, lang),
    };
    let _ = writeln!(
        page,
        "<h1>{}</h1>\n<p class=\"verdict\">{}: <span class=\"{}\">{}</span></p>\n<p>{}</p>",
        w.t(
            "Rapporto di verifica Cliclavoro",
            "Cliclavoro verification report"
        ),
        w.t("Esito", "Verdict"),
        if all_ok { "ok" } else { "ko" },
        if all_ok { "OK" } else { "KO" },
        escape(&summary),
    );
    let _ = writeln!(
        page,
        "<h2 id=\"inputs\">{}</h2>\n<table>\n<caption class=\"skip\">{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">File</th><th scope=\"col\" class=\"n\">OK</th><th scope=\"col\" class=\"n\">KO</th></tr></thead>\n<tbody>",
        w.t("Esito per archivio o file", "Verdict per archive or file"),
        w.t(
            "Esito di ogni archivio, cartella o file caricato",
            "Verdict of every archive, folder or file checked"
        ),
        w.t("Nome", "Name"),
        w.t("Esito", "Verdict"),
    );
    for input in &outcome.inputs {
        let files = outcome.files_of(input);
        let ok = files.iter().filter(|f| f.is_ok()).count();
        let _ = writeln!(
            page,
            "<tr><th scope=\"row\" class=\"path\">{}</th><td class=\"{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&input.path),
            if input.ok { "ok" } else { "ko" },
            if input.ok { "OK" } else { "KO" },
            number(files.len() as u64, lang),
            number(ok as u64, lang),
            number((files.len() - ok) as u64, lang),
        );
    }
    page.push_str("</tbody>\n</table>\n");
    for input in outcome.inputs.iter().filter(|i| !i.diagnostics.is_empty()) {
        let _ = writeln!(
            page,
            "<h3>{} <span class=\"path\">{}</span></h3>",
            reader::findings_about(input.kind, lang),
            escape(&input.path)
        );
        diagnostics_table(page, &input.diagnostics, w);
    }
    if let Some(note) = reader::unloaded_tables_note(&findings::unloaded_tables(outcome), lang) {
        let _ = writeln!(page, "<p class=\"note-box\">{}</p>", escape(&note));
    }
}

/// A horizontal bar per error code: how many KO files it touches.
fn chart(page: &mut String, groups: &[Group<'_>], w: &Words) {
    let errors: Vec<&Group<'_>> = groups
        .iter()
        .filter(|g| g.rule.severity == Severity::Error)
        .collect();
    let _ = writeln!(
        page,
        "<h2 id=\"chart-title\">{}</h2>",
        w.t("File KO per codice", "KO files per code")
    );
    if errors.is_empty() {
        let _ = writeln!(page, "<p>{}</p>", w.t("Nessun file KO.", "No KO file."));
        return;
    }
    let max = errors.iter().map(|g| g.subjects.len()).max().unwrap_or(1).max(1);
    let row = 26;
    let height = errors.len() * row + 10;
    let (label, bar) = (80.0, 560.0);
    let description = errors
        .iter()
        .map(|g| format!("{}: {}", g.rule.code, number(g.subjects.len() as u64, w.lang)))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        page,
        "<svg role=\"img\" aria-labelledby=\"chart-title chart-desc\" viewBox=\"0 0 720 {height}\" width=\"720\" height=\"{height}\" style=\"max-width:100%;height:auto\">\n<desc id=\"chart-desc\">{}</desc>",
        escape(&description)
    );
    for (i, group) in errors.iter().enumerate() {
        let y = i * row + 5;
        let n = group.subjects.len();
        let width = (n as f64 / max as f64 * bar).max(2.0);
        let _ = writeln!(
            page,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"{label}\" y=\"{y}\" width=\"{width:.1}\" height=\"18\"><title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{}\">{n}</text>",
            y + 14,
            group.rule.code,
            escape(group.rule.summary.get(w.lang)),
            number(n as u64, w.lang),
            label + width + 6.0,
            y + 14,
            n = number(n as u64, w.lang),
        );
    }
    page.push_str("</svg>\n");
}

fn codes(page: &mut String, groups: &[Group<'_>], w: &Words) {
    let lang = w.lang;
    let _ = writeln!(
        page,
        "<h2 id=\"codes\">{}</h2>",
        w.t("Problemi per codice", "Problems by code")
    );
    if groups.is_empty() {
        let _ = writeln!(page, "<p>{}</p>", w.t("Nessun problema.", "No problem."));
        return;
    }
    let _ = writeln!(
        page,
        "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\" class=\"n\">File</th><th scope=\"col\" class=\"n\">{}</th></tr></thead>\n<tbody>",
        w.t("Codice", "Code"),
        w.t("Gravità", "Severity"),
        w.t("Problema", "Problem"),
        w.t("Occorrenze", "Occurrences"),
    );
    for group in groups {
        let rule = group.rule;
        let _ = writeln!(
            page,
            "<tr><th scope=\"row\" class=\"nowrap\"><a href=\"#code-{}\">{}</a></th><td class=\"{} nowrap\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            rule.code,
            rule.code,
            rule.severity.key(),
            severity_word(rule.severity, lang),
            escape(rule.summary.get(lang)),
            number(group.subjects.len() as u64, lang),
            number(group.count as u64, lang),
        );
    }
    page.push_str("</tbody>\n</table>\n");
    for group in groups {
        let rule = group.rule;
        let _ = writeln!(
            page,
            "<section id=\"code-{}\">\n<h3>{} <span class=\"{}\">{}</span>: {}</h3>\n<p class=\"explanation\">{}</p>",
            rule.code,
            rule.code,
            rule.severity.key(),
            severity_word(rule.severity, lang),
            escape(rule.summary.get(lang)),
            escape(&explanation(rule, lang)),
        );
        let shown: Vec<String> = group
            .subjects
            .iter()
            .take(NAMES_PER_CODE)
            .map(|n| format!("<span class=\"path\">{}</span>", escape(n)))
            .collect();
        let more = group.subjects.len().saturating_sub(NAMES_PER_CODE);
        let more = match (more, lang) {
            (0, _) => String::new(),
            (n, Lang::It) => format!(" e altri {}", number(n as u64, lang)),
            (n, Lang::En) => format!(" and {} more", number(n as u64, lang)),
        };
        let _ = writeln!(
            page,
            "<p>{}: {}{more}.</p>\n</section>",
            counted(group.subjects.len(), lang, ("file", "file"), ("file", "files")),
            shown.join(", "),
        );
    }
}

fn ko_files(outcome: &Outcome, sources: Sources<'_>, w: &Words, out: &mut dyn io::Write) -> io::Result<()> {
    let lang = w.lang;
    let ko: Vec<(usize, &FileResult)> = outcome
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.is_ok())
        .collect();
    let mut page = String::new();
    let _ = writeln!(
        page,
        "<h2 id=\"ko-files\">{} ({})</h2>",
        w.t("File KO", "KO files"),
        number(ko.len() as u64, lang)
    );
    let ok = outcome.files.len() - ko.len();
    let _ = writeln!(
        page,
        "<p>{}</p>",
        escape(&match lang {
            Lang::It => format!(
                "{} OK, non elencati.",
                counted(ok, lang, ("file", "file"), ("file", "files"))
            ),
            Lang::En => format!(
                "{} OK, not listed.",
                counted(ok, lang, ("file", "file"), ("file", "files"))
            ),
        })
    );
    if ko.is_empty() {
        return out.write_all(page.as_bytes());
    }
    let _ = writeln!(
        page,
        "<p id=\"filter-box\" hidden><label for=\"filter\">{}</label><input id=\"filter\" type=\"search\" autocomplete=\"off\"></p>",
        w.t("Filtra per nome o codice:", "Filter by name or code:")
    );
    let limits = match (ko.len() > FILES_IN_FULL, ko.len() > FILES_WITH_SOURCE, lang) {
        (true, _, Lang::It) => Some(format!(
            "Dettagli completi per i primi {FILES_IN_FULL} file KO, con gli estratti del sorgente per i primi {FILES_WITH_SOURCE}; gli altri sono elencati in fondo con i loro codici."
        )),
        (true, _, Lang::En) => Some(format!(
            "Full details for the first {FILES_IN_FULL} KO files, with source excerpts for the first {FILES_WITH_SOURCE}; the others are listed at the end with their codes."
        )),
        (false, true, Lang::It) => Some(format!(
            "Estratti del sorgente per i primi {FILES_WITH_SOURCE} file KO."
        )),
        (false, true, Lang::En) => Some(format!(
            "Source excerpts for the first {FILES_WITH_SOURCE} KO files."
        )),
        (false, false, _) => None,
    };
    if let Some(text) = limits {
        let _ = writeln!(page, "<p class=\"note-box\">{}</p>", escape(&text));
    }
    out.write_all(page.as_bytes())?;
    for (n, &(index, file)) in ko.iter().take(FILES_IN_FULL).enumerate() {
        page.clear();
        let source = if n < FILES_WITH_SOURCE {
            sources(index)
        } else {
            None
        };
        ko_file(&mut page, outcome, file, source.as_deref(), w);
        out.write_all(page.as_bytes())?;
    }
    if ko.len() > FILES_IN_FULL {
        page.clear();
        let _ = writeln!(
            page,
            "<h3>{}</h3>\n<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">File</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
            w.t("Altri file KO", "Other KO files"),
            w.t("Archivio o cartella", "Archive or folder"),
            w.t("Codici", "Codes"),
        );
        for (_, file) in &ko[FILES_IN_FULL..] {
            let mut codes: Vec<&str> = file.diagnostics.iter().map(|d| d.rule.code).collect();
            codes.dedup();
            let _ = writeln!(
                page,
                "<tr><td class=\"path\">{}</td><th scope=\"row\" class=\"path\">{}</th><td>{}</td></tr>",
                escape(&outcome.inputs[file.input].path),
                escape(&file.name),
                codes.join(", "),
            );
        }
        page.push_str("</tbody>\n</table>\n");
        out.write_all(page.as_bytes())?;
    }
    Ok(())
}

fn ko_file(page: &mut String, outcome: &Outcome, file: &FileResult, source: Option<&str>, w: &Words) {
    let input = &outcome.inputs[file.input].path;
    let mut search = format!("{input} {}", file.name);
    for d in &file.diagnostics {
        search.push(' ');
        search.push_str(d.rule.code);
    }
    let module = file.module.map(|m| format!(" ({})", m.key())).unwrap_or_default();
    let within = if *input == file.name {
        String::new()
    } else {
        format!(
            " <span class=\"path\">{} {}</span>",
            w.t("in", "in"),
            escape(input)
        )
    };
    let _ = writeln!(
        page,
        "<section class=\"file\" data-search=\"{}\">\n<h3><span class=\"ko\">KO</span> <span class=\"path\">{}</span>{module}{within}</h3>",
        escape(&search.to_lowercase()),
        escape(&file.name),
    );
    diagnostics_table(page, &file.diagnostics, w);
    if file.rules_skipped {
        let _ = writeln!(
            page,
            "<p class=\"note-box\">{}</p>",
            escape(&super::text::rules_skipped_note(w.lang))
        );
    }
    if let Some(source) = source {
        excerpts(page, &file.diagnostics, source, w);
    }
    page.push_str("</section>\n");
}

fn diagnostics_table(page: &mut String, diagnostics: &[Diagnostic], w: &Words) {
    let lang = w.lang;
    let _ = writeln!(
        page,
        "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        w.t("Posizione", "Position"),
        w.t("Gravità", "Severity"),
        w.t("Codice", "Code"),
        w.t("Messaggio", "Message"),
        w.t("Campo", "Field"),
    );
    for d in diagnostics {
        let position = d
            .position
            .map(|p| format!("{}:{}", p.line, p.column))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            page,
            "<tr><td class=\"n nowrap\">{position}</td><td class=\"{} nowrap\">{}</td><td class=\"nowrap\"><a href=\"#code-{}\">{}</a></td><td class=\"message\">{}</td><td class=\"path\">{}</td></tr>",
            d.severity().key(),
            severity_word(d.severity(), lang),
            d.rule.code,
            d.rule.code,
            escape(&message(d, lang)),
            breakable_field_path(d.path.as_deref().unwrap_or("")),
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

/// The lines around each positioned finding, the finding's line marked.
fn excerpts(page: &mut String, diagnostics: &[Diagnostic], source: &str, w: &Words) {
    let lines: Vec<&str> = source.lines().collect();
    let mut shown: Vec<u32> = Vec::new();
    for d in diagnostics {
        let Some(p) = d.position else { continue };
        if shown.contains(&p.line) || p.line == 0 || p.line as usize > lines.len() {
            continue;
        }
        shown.push(p.line);
        let first = p.line.saturating_sub(CONTEXT).max(1);
        let last = (p.line + CONTEXT).min(lines.len() as u32);
        let width = last.to_string().len();
        let _ = write!(
            page,
            "<pre class=\"source\" aria-label=\"{} {}:{}, {}\">",
            w.t("Sorgente intorno a", "Source around"),
            p.line,
            p.column,
            d.rule.code
        );
        for n in first..=last {
            let text = window(lines[n as usize - 1], p.column as usize);
            let numbered = format!("{n:>width$}  {}", escape(&text));
            if n == p.line {
                let _ = writeln!(page, "<mark>{numbered}</mark>");
            } else {
                let _ = writeln!(page, "{numbered}");
            }
        }
        page.push_str("</pre>\n");
    }
}

/// At most [`LINE_WINDOW`] characters of a line, around `column`.
fn window(line: &str, column: usize) -> String {
    let line = line.trim_end_matches('\r');
    let count = line.chars().count();
    if count <= LINE_WINDOW {
        return line.to_string();
    }
    let start = column.saturating_sub(LINE_WINDOW / 2).min(count - LINE_WINDOW);
    let text: String = line.chars().skip(start).take(LINE_WINDOW).collect();
    let before = if start > 0 { "…" } else { "" };
    let after = if start + LINE_WINDOW < count { "…" } else { "" };
    format!("{before}{text}{after}")
}

/// A file's path, escaped, that may wrap after each `/` (and only there).
pub(super) fn breakable_path(path: &str) -> String {
    escape(path).replace('/', "/<wbr>")
}

/// A field's path, escaped, that may wrap after each `/` and between the
/// words of an element's name (`Professione<wbr>Desiderata`): the
/// standard's longest names would otherwise set a column's narrowest
/// width and push a table past the page's right edge.
pub(super) fn breakable_field_path(path: &str) -> String {
    let escaped = escape(path);
    let mut out = String::with_capacity(escaped.len() + escaped.len() / 4);
    let mut previous = ' ';
    for c in escaped.chars() {
        if c.is_ascii_uppercase() && previous.is_ascii_lowercase() {
            out.push_str("<wbr>");
        }
        out.push(c);
        if c == '/' {
            out.push_str("<wbr>");
        }
        previous = c;
    }
    out
}

/// Escapes text for HTML content and attribute values; characters HTML
/// forbids in a document (controls, noncharacters) become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c if matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
