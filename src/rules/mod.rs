//! The rule registry: every diagnostic code `clic` can emit, with its name,
//! severity, messages and explanation.
//!
//! Each family declares its rules with [`declare_rules!`] in the file that
//! emits them; [`REGISTRY`] lists the families. The English explanation of a
//! rule *is* its doc comment, so the documentation and `clic explain` cannot
//! drift apart.

use crate::diagnostic::Severity;
use crate::i18n::Lang;

/// A text in both languages the tool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub it: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::It => self.it,
            Lang::En => self.en,
        }
    }
}

/// One diagnostic code.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `CL0101`. Never reused or renumbered.
    pub code: &'static str,
    /// Stable kebab-case name, in Italian like the standard's field names.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule is about.
    pub summary: Text,
    /// Message template; `{name}` placeholders are filled from the diagnostic's args.
    pub message: Text,
    /// What it checks, where the standard says so, how to fix it.
    pub explanation: Text,
}

/// Declares a family of rules. The doc comment of each rule becomes its
/// English explanation; `spiegazione` is the Italian one.
macro_rules! declare_rules {
    ($(
        $(#[doc = $doc:literal])+
        $ident:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            summary: ($summary_it:literal, $summary_en:literal),
            message: ($message_it:literal, $message_en:literal),
            spiegazione: $explanation_it:literal $(,)?
        }
    )+) => {
        $(
            $(#[doc = $doc])+
            pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
                code: $code,
                name: $name,
                severity: $crate::diagnostic::Severity::$severity,
                summary: $crate::rules::Text { it: $summary_it, en: $summary_en },
                message: $crate::rules::Text { it: $message_it, en: $message_en },
                explanation: $crate::rules::Text {
                    it: $explanation_it,
                    en: concat!($($doc, "\n"),+),
                },
            };
        )+
        /// Every rule of this family, in code order.
        pub static RULES: &[&$crate::rules::Rule] = &[$(&$ident),+];
    };
}
pub(crate) use declare_rules;

/// Every family of rules. A code is emitted only if it is listed here
/// (a test checks that every emitted code is explained).
pub static REGISTRY: &[&[&Rule]] = &[crate::input::codes::RULES, crate::schema::codes::RULES];

/// All rules, sorted by code.
pub fn all() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = REGISTRY.iter().flat_map(|f| f.iter().copied()).collect();
    rules.sort_by_key(|r| r.code);
    rules
}

/// Looks a rule up by code (case-insensitive) or by name.
pub fn find(key: &str) -> Option<&'static Rule> {
    all()
        .into_iter()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all() {
            assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
            assert!(names.insert(rule.name), "duplicate name {}", rule.name);
            assert!(
                rule.code.len() == 6
                    && rule.code.starts_with("CL")
                    && rule.code[2..].bytes().all(|b| b.is_ascii_digit()),
                "bad code {}",
                rule.code
            );
            assert!(
                rule.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "bad name {}",
                rule.name
            );
        }
    }

    #[test]
    fn every_rule_is_explained_in_both_languages() {
        for rule in all() {
            for lang in [Lang::It, Lang::En] {
                let text = explanation(rule, lang);
                assert!(text.len() > 80, "{} explanation too short in {lang:?}", rule.code);
                assert!(!rule.summary.get(lang).is_empty());
                assert!(!rule.message.get(lang).is_empty());
            }
        }
    }

    #[test]
    fn message_placeholders_match_between_languages() {
        for rule in all() {
            let it = placeholders(rule.message.it);
            let en = placeholders(rule.message.en);
            assert_eq!(it, en, "{} placeholders differ", rule.code);
        }
    }

    fn placeholders(template: &str) -> Vec<String> {
        let mut found: Vec<String> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        found.sort();
        found.dedup();
        found
    }
}
