//! The registry: every diagnostic code `clic` can emit. Each family
//! declares its codes with [`declare_rules!`](crate::diagnostic::declare_rules)
//! next to the code that emits them; this module sits above all of them and
//! lists the families, for `clic explain` and the reports.
//!
//! The English explanation of a rule *is* its doc comment, so the
//! documentation and `clic explain` cannot drift apart.

use crate::diagnostic::Rule;

/// Every family of diagnostic codes, in code order. A family lives next to
/// the code that emits it; this list is the one place that knows them all.
pub static REGISTRY: &[&[&Rule]] = &[
    crate::input::diagnostics::RULES,
    crate::schema::diagnostics::RULES,
    crate::rules::identificativi::RULES,
    crate::rules::tabelle::RULES,
    crate::rules::date::RULES,
    crate::rules::comunicazione::RULES,
    crate::rules::messaggio::RULES,
    crate::chiusura::RULES,
    crate::import::RULES,
    crate::across_files::RULES,
    crate::repair::RULES,
];

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

/// Whether `rule` is one of the registered rules (the very static, not a
/// copy): the reports check this in debug builds, so a family missing from
/// [`REGISTRY`] fails every test that renders one of its diagnostics.
pub fn contains(rule: &Rule) -> bool {
    REGISTRY
        .iter()
        .any(|family| family.iter().any(|r| std::ptr::eq(*r, rule)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
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

    /// Each family holds one hundred-block of codes (CL01xx...), declared
    /// in code order, and no two families share a block: a code's block
    /// says which part of the tool emits it.
    #[test]
    fn families_own_one_block_each_in_code_order() {
        let mut blocks = Vec::new();
        for family in REGISTRY {
            let block = &family[0].code[..4];
            assert!(
                family.iter().all(|rule| rule.code.starts_with(block)),
                "family of {block}xx mixes blocks"
            );
            assert!(
                family.windows(2).all(|w| w[0].code < w[1].code),
                "{block}xx out of order"
            );
            blocks.push(block);
        }
        let mut sorted = blocks.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            blocks.len(),
            sorted.len(),
            "two families share a block: {blocks:?}"
        );
    }

    #[test]
    fn contains_knows_every_rule_and_find_looks_up_codes_and_names() {
        for rule in all() {
            assert!(contains(rule));
            assert!(std::ptr::eq(find(rule.code).unwrap(), rule));
            assert!(std::ptr::eq(find(&rule.code.to_lowercase()).unwrap(), rule));
            assert!(std::ptr::eq(find(rule.name).unwrap(), rule));
        }
        assert!(find("CL9999").is_none());
    }

    #[test]
    fn every_rule_is_explained_in_both_languages() {
        for rule in all() {
            for lang in [Lang::It, Lang::En] {
                let text = rule.explanation.get(lang).trim();
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
