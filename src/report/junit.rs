//! JUnit XML for CI servers (GitLab, Jenkins): one test suite per input,
//! one test case per file, a KO file is a failure. Input-level errors (a
//! damaged archive) are a test case of their own named after the input.

use std::fmt::Write as _;
use std::io;

use super::message;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{InputResult, Outcome};
use crate::i18n::Lang;

/// Writes the report, one test suite at a time.
pub fn write(outcome: &Outcome, lang: Lang, sink: &mut dyn io::Write) -> io::Result<()> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let cases = |input: &InputResult| outcome.files_of(input).len() + usize::from(has_input_case(input));
    let total: usize = outcome.inputs.iter().map(cases).sum();
    let failures: usize = outcome
        .inputs
        .iter()
        .map(|i| {
            outcome.files_of(i).iter().filter(|f| !f.is_ok()).count()
                + usize::from(has_input_case(i) && has_errors(&i.diagnostics))
        })
        .sum();
    let _ = writeln!(
        out,
        "<testsuites name=\"clic verify\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\">"
    );
    for input in &outcome.inputs {
        sink.write_all(out.as_bytes())?;
        out.clear();
        let files = outcome.files_of(input);
        let suite_failures = files.iter().filter(|f| !f.is_ok()).count()
            + usize::from(has_input_case(input) && has_errors(&input.diagnostics));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"0\" skipped=\"0\">",
            escape(&input.path),
            cases(input)
        );
        if has_input_case(input) {
            // A path that could not be opened (no files, CL0002) is not an archive.
            let unopened =
                input.files.is_empty() && input.diagnostics.iter().any(|d| d.rule.code == "CL0002");
            let name = if unopened {
                lang.pick("(illeggibile)", "(unreadable)")
            } else {
                lang.pick("(archivio)", "(archive)")
            };
            testcase(&mut out, &input.path, name, &input.diagnostics, lang);
        }
        for file in files {
            testcase(&mut out, &input.path, &file.name, &file.diagnostics, lang);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    sink.write_all(out.as_bytes())
}

fn has_input_case(input: &InputResult) -> bool {
    !input.diagnostics.is_empty()
}

fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

fn testcase(out: &mut String, class: &str, name: &str, diagnostics: &[Diagnostic], lang: Lang) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"",
        escape(class),
        escape(name)
    );
    if diagnostics.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if let Some(first) = errors.first() {
        let body: Vec<String> = errors.iter().map(|d| line(d, lang)).collect();
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            first.rule.code,
            escape(&message(first, lang)),
            escape(&body.join("\n"))
        );
    }
    let others: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity() != Severity::Error)
        .map(|d| line(d, lang))
        .collect();
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape(&others.join("\n"))
        );
    }
    out.push_str("    </testcase>\n");
}

fn line(d: &Diagnostic, lang: Lang) -> String {
    let position = d
        .position
        .map(|p| format!("{}:{}: ", p.line, p.column))
        .unwrap_or_default();
    let path = d.path.as_deref().map(|p| format!(" [{p}]")).unwrap_or_default();
    format!(
        "{position}{} {} {}{path}",
        super::severity_word(d.severity(), lang),
        d.rule.code,
        message(d, lang)
    )
}

/// Escapes text for XML attributes and content; characters XML 1.0 cannot
/// carry at all (control characters from a broken file) become U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
