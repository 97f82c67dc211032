//! Rendering: the only place that turns results into text. Checks produce
//! plain data; here it becomes Italian or English, text, JSON or JUnit.

pub mod codegen;
pub mod explain;
pub mod fatal;
pub mod import;
pub mod json;
pub mod junit;
pub mod tabelle;
pub mod text;

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;
use crate::i18n::{Lang, fill};

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
