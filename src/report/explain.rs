//! `clic explain`: a rule's explanation, or the list of all codes.

use std::fmt::Write;

use crate::diagnostic::Rule;
use crate::i18n::Lang;
use crate::registry;

pub fn rule(rule: &Rule, lang: Lang) -> String {
    let severity = super::severity_word(rule.severity, lang);
    format!(
        "{} {} ({severity})\n{}\n\n{}\n",
        rule.code,
        rule.name,
        rule.summary.get(lang),
        explanation(rule, lang)
    )
}

pub fn list(lang: Lang) -> String {
    let mut out = String::new();
    for rule in registry::all() {
        let severity = super::severity_word(rule.severity, lang);
        let _ = writeln!(
            out,
            "{}  {:<7} {:<32} {}",
            rule.code,
            severity,
            rule.name,
            rule.summary.get(lang)
        );
    }
    out
}

/// The explanation with the doc-comment indentation removed.
pub fn explanation(rule: &Rule, lang: Lang) -> String {
    rule.explanation
        .get(lang)
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}
