//! Rendering: the only place that turns results into words. Checks produce
//! plain data; here it becomes Italian or English, in the format asked for.
//! Every renderer writes to an [`io::Write`]; a command that needs more
//! (close adds what it wrote to the JSON report) composes them rather than
//! rewriting one's output.

pub mod chiusura;
pub mod codegen;
pub mod concise;
pub mod csv;
pub mod explain;
pub mod fatal;
pub mod findings;
pub mod fix;
pub mod github;
pub mod gitlab;
pub mod help;
pub mod html;
pub mod import;
pub mod json;
pub mod junit;
pub mod pasted;
pub mod paths;
pub mod reader;
pub mod sarif;
pub mod serve;
pub mod tabelle;
pub mod text;
pub mod words;
pub mod xlsx;

use std::io;

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::engine::Outcome;
use crate::i18n::Lang;

/// `clic verify --format`: the report formats of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum VerifyFormat {
    /// For people at a terminal: KO files, then the problems by code.
    #[default]
    Text,
    /// Version 1 of the JSON report (stable keys).
    Json,
    /// JUnit XML for test-report views (GitLab, Jenkins).
    Junit,
    /// One self-contained HTML page to read, print or forward.
    Html,
    /// A spreadsheet: the problems (with filters) and a summary.
    Xlsx,
    /// The problems, one row each (RFC 4180, UTF-8).
    Csv,
    /// GitHub Actions workflow commands (annotations) and step summary.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// One line per finding: `path:line:column: CODE message`.
    Concise,
}

/// `clic close --format`: the report of the checks that ran, and what was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CloseFormat {
    #[default]
    Text,
    Json,
    Junit,
}

/// Listings (`clic tabelle`, `clic codegen decode|intermediario`, `clic
/// import --stato`): text for people, JSON for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ListFormat {
    #[default]
    Text,
    Json,
}

/// How to render a report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub lang: Lang,
    pub colour: bool,
    /// Text: only the problems by code and the totals.
    pub quiet: bool,
    /// Text: list the OK files too, as every file was listed before.
    pub verbose: bool,
}

/// The XML source of a checked file (by its index in [`Outcome::files`]),
/// for the HTML report's excerpts.
pub type Sources<'a> = &'a dyn Fn(usize) -> Option<String>;

/// Writes a whole outcome in the chosen format. `sources` gives the HTML
/// report the lines around each finding; the other formats ignore it.
pub fn render(
    outcome: &Outcome,
    format: VerifyFormat,
    options: &Options,
    sources: Sources<'_>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        VerifyFormat::Text => text::write(outcome, options, out),
        VerifyFormat::Concise => concise::write(outcome, options.lang, out),
        VerifyFormat::Json => json::write(outcome, options.lang, out),
        VerifyFormat::Junit => junit::write(outcome, options.lang, out),
        VerifyFormat::Html => html::write(outcome, options.lang, sources, out),
        VerifyFormat::Xlsx => xlsx::write(outcome, options.lang, out),
        VerifyFormat::Csv => csv::write(outcome, options.lang, out),
        VerifyFormat::Github => github::write(outcome, options.lang, out),
        VerifyFormat::Gitlab => gitlab::write(outcome, options.lang, out),
        VerifyFormat::Sarif => sarif::write(outcome, options.lang, out),
    }
}

/// Text from the data (a file name, a value, a message holding one) as a
/// terminal or a log may show it: every control character (C0, DEL, C1)
/// and every bidirectional override is written as its escape, `\u{1b}`,
/// so that a name cannot move the cursor, clear the screen, set a
/// window's title, forge a link, reorder what is read or start a line of
/// its own. Text without them is borrowed as is.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Characters text reports never write raw.
fn is_escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// [`escape_controls`] for text reports, where data may start a line: a
/// leading `::` (with any blanks before it) is what a CI runner reads as a
/// workflow command (`::error file=…::`), so its first colon is escaped.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = escape_controls(text);
    let blanks = escaped.len() - escaped.trim_start().len();
    if escaped[blanks..].starts_with("::") {
        format!("{}\\u{{3a}}{}", &escaped[..blanks], &escaped[blanks + 1..]).into()
    } else {
        escaped
    }
}

/// The "how to fix" paragraph of a rule's explanation (as `clic explain`
/// prints it), without its label; empty if the rule has none.
pub fn fix(rule: &Rule, lang: Lang) -> String {
    let text = explain::explanation(rule, lang);
    let label = lang.pick("Come correggere:", "Fix:");
    let Some(at) = text.rfind(label) else {
        return String::new();
    };
    let fix = text[at + label.len()..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = fix.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => fix,
    }
}

/// A diagnostic's message in the given language.
pub fn message(diagnostic: &Diagnostic, lang: Lang) -> String {
    debug_assert!(
        crate::registry::contains(diagnostic.rule),
        "{} is not in the registry",
        diagnostic.rule.code
    );
    fill(diagnostic.rule.message.get(lang), &diagnostic.args, lang)
}

/// The word for a severity, as shown in text output.
pub fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match severity {
        Severity::Error => lang.pick("errore", "error"),
        Severity::Warning => lang.pick("avviso", "warning"),
        Severity::Note => lang.pick("nota", "note"),
    }
}

/// "1 file", "2 file", "20.000 file" / "1 file", "2 files", "20,000 files"...
pub fn plural(n: usize, lang: Lang, it: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::It => it,
        Lang::En => en,
    };
    format!("{} {}", number(n as u64, lang), if n == 1 { one } else { many })
}

/// The summary line shared by text output and `import`.
pub fn summary_line(outcome: &Outcome, lang: Lang) -> String {
    let s = outcome.summary();
    if s.files == 0
        && outcome
            .inputs
            .iter()
            .any(|i| i.diagnostics.iter().any(|d| d.is_error()))
    {
        // Nothing could be read: counts of zero files would read as a pass.
        return lang
            .pick(
                "Totale: nessun file controllato, KO",
                "Total: no file checked, KO",
            )
            .to_string();
    }
    format!(
        "{}: {}, {} OK, {} KO, {}",
        lang.pick("Totale", "Total"),
        plural(s.files, lang, ("file", "file"), ("file", "files")),
        number(s.ok as u64, lang),
        number(s.ko as u64, lang),
        plural(s.warnings, lang, ("avviso", "avvisi"), ("warning", "warnings")),
    )
}

/// A count with the language's thousands separator: 12.345 / 12,345.
pub fn number(n: u64, lang: Lang) -> String {
    let separator = lang.pick(".", ",");
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// The progress bar's "12.345/20.000 file".
pub fn progress_counts(done: u64, total: u64, lang: Lang) -> String {
    format!("{}/{} file", number(done, lang), number(total, lang))
}

/// The progress bar's rate, in whole files per second: "1.234 file/s".
pub fn progress_rate(per_second: f64, lang: Lang) -> String {
    let whole = if per_second.is_finite() && per_second > 0.0 {
        per_second.round() as u64
    } else {
        0
    };
    format!("{} file/s", number(whole, lang))
}

/// Fills `{name}` placeholders from `args`; unknown placeholders are kept
/// as written so a missing argument is visible rather than silently empty.
pub fn fill(template: &str, args: &[(&'static str, crate::diagnostic::Arg)], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(key, _)| *key == name) {
                    Some((_, crate::diagnostic::Arg::Plain(value))) => out.push_str(value),
                    Some((_, crate::diagnostic::Arg::Reason(reason))) => {
                        out.push_str(&words::reason(reason, lang))
                    }
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod fill_tests {
    use super::*;

    #[test]
    fn fills_named_placeholders_and_reasons_in_each_language() {
        use crate::diagnostic::Arg;
        use crate::diagnostic::reason::{Reason, Sender};
        let args = vec![
            ("campo", Arg::Plain("email".into())),
            ("motivo", Arg::Reason(Reason::Sender(Sender::Company))),
        ];
        assert_eq!(fill("{campo}: {motivo}", &args, Lang::It), "email: azienda");
        assert_eq!(fill("{campo}: {motivo}", &args, Lang::En), "email: company");
    }

    #[test]
    fn numbers_have_the_languages_thousands_separator_and_rates_no_decimals() {
        assert_eq!(number(12_345, Lang::It), "12.345");
        assert_eq!(number(1_234_567, Lang::En), "1,234,567");
        assert_eq!(number(999, Lang::It), "999");
        assert_eq!(progress_counts(12_345, 20_000, Lang::It), "12.345/20.000 file");
        assert_eq!(progress_rate(1234.5678, Lang::It), "1.235 file/s");
        assert_eq!(progress_rate(f64::NAN, Lang::En), "0 file/s");
        // Counts said in words follow the same style, in every report.
        assert_eq!(
            plural(20_000, Lang::It, ("file", "file"), ("file", "files")),
            "20.000 file"
        );
        assert_eq!(
            plural(20_000, Lang::En, ("file", "file"), ("file", "files")),
            "20,000 files"
        );
        assert_eq!(plural(1, Lang::En, ("file", "file"), ("file", "files")), "1 file");
    }

    #[test]
    fn keeps_unknown_placeholders_and_stray_braces() {
        assert_eq!(fill("a {b} c {", &[], Lang::It), "a {b} c {");
    }
}

#[cfg(test)]
mod fix_tests {
    use super::*;

    /// The spreadsheet, CSV and SARIF reports show each rule's "how to fix":
    /// every rule has one, in both languages.
    #[test]
    fn every_rule_says_how_to_fix_it() {
        for rule in crate::registry::all() {
            for lang in [Lang::It, Lang::En] {
                let fix = fix(rule, lang);
                assert!(fix.len() > 8, "{} ({lang:?}) has no fix paragraph", rule.code);
                assert!(
                    fix.starts_with(|c: char| c.is_uppercase()),
                    "{}: {fix}",
                    rule.code
                );
            }
        }
    }
}

#[cfg(test)]
mod shown_tests {
    use super::*;

    /// Escapes, OSC titles and links, bidi overrides and newlines from a
    /// file name are written as escapes; a name cannot begin a line with
    /// `::`; plain names are borrowed unchanged.
    #[test]
    fn data_cannot_drive_a_terminal_or_a_ci_runner() {
        assert_eq!(
            shown("a\u{1b}[2J\u{1b}]0;t\u{7}b\u{202e}c\u{9b}d.xml"),
            "a\\u{1b}[2J\\u{1b}]0;t\\u{7}b\\u{202e}c\\u{9b}d.xml"
        );
        assert_eq!(
            shown("x\n::error file=a::forged"),
            "x\\u{a}::error file=a::forged"
        );
        assert_eq!(shown("::error::x"), "\\u{3a}:error::x");
        assert_eq!(shown("  ::warning::x"), "  \\u{3a}:warning::x");
        assert_eq!(shown("\r::x"), "\\u{d}::x");
        assert!(matches!(shown("Niccolò è.xml"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(escape_controls("::a\tb"), "::a\\u{9}b");
    }
}
