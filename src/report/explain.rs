//! `clic explain`: a rule's explanation, or the list of all codes.

use std::fmt::Write;

use crate::i18n::Lang;
use crate::rules::{self, Rule};

pub fn rule(rule: &Rule, lang: Lang) -> String {
    let severity = super::severity_word(rule.severity, lang);
    format!(
        "{} {} ({severity})\n{}\n\n{}\n",
        rule.code,
        rule.name,
        rule.summary.get(lang),
        rules::explanation(rule, lang)
    )
}

pub fn list(lang: Lang) -> String {
    let mut out = String::new();
    for rule in rules::all() {
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
