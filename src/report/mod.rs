//! Rendering: the only place that turns results into text. Checks produce
//! plain data; here it becomes Italian or English, text, JSON or JUnit.

pub mod chiusura;
pub mod codegen;
pub mod explain;
pub mod fatal;
pub mod help;
pub mod import;
pub mod json;
pub mod junit;
pub mod tabelle;
pub mod text;
pub mod words;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;
use crate::i18n::Lang;

/// Output format of `verify` (and of `import`'s report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
    Junit,
}

/// How to render a report.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub colour: bool,
    /// Only KO files and the summary.
    pub quiet: bool,
}

/// Renders a whole outcome in the chosen format.
pub fn render(outcome: &Outcome, format: Format, options: &Options) -> String {
    match format {
        Format::Text => text::render(outcome, options),
        Format::Json => json::render(outcome, options.lang),
        Format::Junit => junit::render(outcome, options.lang),
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

/// "1 file", "2 file" / "1 file", "2 files"...
pub fn plural(n: usize, lang: Lang, it: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::It => it,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary line shared by text output and `import`.
pub fn summary_line(outcome: &Outcome, lang: Lang) -> String {
    let s = outcome.summary();
    format!(
        "{}: {}, {} OK, {} KO, {}",
        lang.pick("Totale", "Total"),
        plural(s.files, lang, ("file", "file"), ("file", "files")),
        s.ok,
        s.ko,
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
    }

    #[test]
    fn keeps_unknown_placeholders_and_stray_braces() {
        assert_eq!(fill("a {b} c {", &[], Lang::It), "a {b} c {");
    }
}
