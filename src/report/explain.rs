//! `clic explain`: a rule's explanation, the rules that mention a word, or
//! the list of all codes (text or JSON).

use std::fmt::Write;

use serde::Serialize;

use crate::diagnostic::Rule;
use crate::i18n::Lang;
use crate::registry;

/// Width of an explanation's lines: the English doc comments are wrapped
/// there, and the Italian ones are written as long lines.
const WIDTH: usize = 72;

pub fn rule(rule: &Rule, lang: Lang) -> String {
    let severity = super::severity_word(rule.severity, lang);
    format!(
        "{} {} ({severity})\n{}\n\n{}\n",
        rule.code,
        rule.name,
        rule.summary.get(lang),
        wrapped_explanation(rule, lang)
    )
}

pub fn list(lang: Lang) -> String {
    lines(&registry::all(), lang)
}

fn lines(rules: &[&Rule], lang: Lang) -> String {
    let mut out = String::new();
    for rule in rules {
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

/// One rule in `clic explain --list --format json`.
#[derive(Serialize)]
struct Entry {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
}

/// Every code as a JSON array, the summaries in `lang`.
pub fn list_json(lang: Lang) -> String {
    let entries: Vec<Entry> = registry::all()
        .into_iter()
        .map(|rule| Entry {
            code: rule.code,
            name: rule.name,
            severity: rule.severity.key(),
            summary: rule.summary.get(lang),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// The rules whose name, summary, message or explanation (in either
/// language) mention `word`, ignoring case: `clic explain email`.
pub fn mentioning(word: &str) -> Vec<&'static Rule> {
    let word = word.to_lowercase();
    if word.trim().is_empty() {
        return Vec::new();
    }
    registry::all()
        .into_iter()
        .filter(|rule| {
            [
                rule.name,
                rule.summary.it,
                rule.summary.en,
                rule.message.it,
                rule.message.en,
            ]
            .into_iter()
            .chain([rule.explanation.it, rule.explanation.en])
            .any(|text| text.to_lowercase().contains(&word))
        })
        .collect()
}

/// The list of rules that mention `word`, under a heading.
pub fn mentions(word: &str, rules: &[&Rule], lang: Lang) -> String {
    let heading = match lang {
        Lang::It => format!("Regole che citano «{word}» (clic explain CODICE per i dettagli):"),
        Lang::En => format!("Rules that mention `{word}` (clic explain CODE for details):"),
    };
    format!("{heading}\n{}", lines(rules, lang))
}

/// The explanation with the doc-comment indentation removed, as written:
/// the reports (HTML, SARIF...) flow it themselves.
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

/// The explanation for the terminal: a paragraph with a line past
/// [`WIDTH`] columns is wrapped there (list items keep their dash), one
/// already wrapped by hand is kept as written.
fn wrapped_explanation(rule: &Rule, lang: Lang) -> String {
    explanation(rule, lang)
        .split("\n\n")
        .map(|paragraph| {
            if paragraph.lines().any(|l| l.chars().count() > WIDTH) {
                wrap_paragraph(paragraph)
            } else {
                paragraph.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A paragraph re-flowed to [`WIDTH`]; each line starting with `- ` starts
/// an item whose following lines are indented under its text.
fn wrap_paragraph(paragraph: &str) -> String {
    let mut items: Vec<String> = Vec::new();
    for line in paragraph.lines() {
        let line = line.trim_end();
        match items.last_mut() {
            Some(item) if !line.trim_start().starts_with("- ") => {
                item.push(' ');
                item.push_str(line.trim_start());
            }
            _ => items.push(line.to_string()),
        }
    }
    items
        .iter()
        .map(|item| {
            let indent = if item.starts_with("- ") { "  " } else { "" };
            // Only at spaces: a date such as 2023-02-30 stays whole.
            let options = textwrap::Options::new(WIDTH)
                .subsequent_indent(indent)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .break_words(false);
            textwrap::fill(item, options)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_wrapped_and_list_items_keep_their_dash() {
        let long = "parola ".repeat(30);
        let text = wrap_paragraph(&format!("{long}\n- {long}"));
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        assert!(text.lines().any(|l| l.starts_with("- ")));
        assert!(text.lines().any(|l| l.starts_with("  parola")));
    }

    #[test]
    fn a_date_is_never_split_at_its_hyphens() {
        let text = wrap_paragraph(&format!("{}2023-02-30 fine", "x ".repeat(34)));
        assert!(text.contains("2023-02-30"), "{text}");
    }
}
