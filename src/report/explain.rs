//! `clic explain`: a rule's explanation, the rules that mention a word, or
//! the list of all codes (text or JSON).

use std::fmt::Write;

use serde::Serialize;

use crate::diagnostic::Rule;
use crate::i18n::Lang;
use crate::registry;
use crate::tabelle::search;

use super::pasted::Pasted;

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

/// Everyday words a helpdesk types for what the rule texts call otherwise:
/// (word typed, words the rules use). Each of the latter is a phrase whose
/// words must all be there.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("soppresso", &["cessato", "non esistente"]),
    ("soppressa", &["cessato", "non esistente"]),
    ("abolito", &["cessato", "non esistente"]),
    ("estinto", &["cessato", "non esistente"]),
    ("fuso", &["cessato"]),
    ("fusione", &["cessato"]),
    ("abolished", &["ceased", "did not exist"]),
    ("cf", &["codice fiscale"]),
    ("piva", &["partita iva"]),
    ("scaduto", &["scadenza"]),
    ("scaduta", &["scadenza"]),
    ("cv", &["candidatura"]),
    ("curriculum", &["candidatura"]),
    ("offerta", &["vacancy"]),
    ("annuncio", &["vacancy"]),
    ("tag", &["elemento"]),
    ("accenti", &["codifica"]),
    ("accentate", &["codifica"]),
    ("notepad", &["blocco note"]),
    ("ampersand", &["&"]),
    ("zip", &["archivio"]),
    ("paese", &["stato estero"]),
    ("nazione", &["stato estero"]),
];

/// A bare number or a code without its prefix, as a code: `0201`, `201`,
/// `CL201`, `cl 0201` are `CL0201`.
pub fn as_code(key: &str) -> Option<String> {
    let compact: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = compact
        .strip_prefix("CL")
        .or_else(|| compact.strip_prefix("cl"))
        .or_else(|| compact.strip_prefix("Cl"))
        .unwrap_or(&compact);
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("CL{digits:0>4}"))
}

/// Whether `key` looks like a code (so that no match is an unknown code,
/// not a word no rule mentions).
pub fn looks_like_code(key: &str) -> bool {
    as_code(key).is_some()
}

/// The rules a keyword (in either language) finds, with the same matching
/// as `clic tabelle` (words in any order, each a prefix, case and accents
/// ignored) and the everyday synonyms above: first the rules whose code,
/// name, summary or message say it; only when none does, those whose
/// explanation says it in passing (`clic explain email`).
pub fn mentioning(key: &str) -> Vec<&'static Rule> {
    let query_words = search::words(key);
    if query_words.is_empty() {
        return Vec::new();
    }
    // Each word of the query, with its synonyms: alternatives, each a phrase.
    let alternatives: Vec<Vec<Vec<String>>> = query_words
        .iter()
        .map(|word| {
            let mut phrases = vec![vec![word.clone()]];
            for (typed, meant) in SYNONYMS {
                if search::words(typed).first() == Some(word) {
                    phrases.extend(meant.iter().map(|m| search::words(m)).filter(|w| !w.is_empty()));
                }
            }
            phrases
        })
        .collect();
    let matches = |texts: &[&str]| -> bool {
        let words: Vec<String> = texts.iter().flat_map(|t| search::words(t)).collect();
        alternatives.iter().all(|phrases| {
            phrases.iter().any(|phrase| {
                phrase
                    .iter()
                    .all(|p| words.iter().any(|w| w.starts_with(p.as_str())))
            })
        })
    };
    let rules = registry::all();
    let strong: Vec<&'static Rule> = rules
        .iter()
        .copied()
        .filter(|rule| {
            matches(&[
                rule.code,
                rule.name,
                rule.summary.it,
                rule.summary.en,
                rule.message.it,
                rule.message.en,
            ])
        })
        .collect();
    if !strong.is_empty() {
        return strong;
    }
    rules
        .into_iter()
        .filter(|rule| matches(&[rule.explanation.it, rule.explanation.en]))
        .collect()
}

/// The list of rules that mention `word`, under a heading.
pub fn mentions(word: &str, rules: &[&Rule], lang: Lang) -> String {
    let heading = match lang {
        Lang::It => format!("Regole che parlano di «{word}» (clic explain CODICE per i dettagli):"),
        Lang::En => format!("Rules about `{word}` (clic explain CODE for details):"),
    };
    format!("{heading}\n{}", lines(rules, lang))
}

/// A keyword that no rule mentions.
pub fn no_rule_mentions(word: &str, lang: Lang) -> String {
    match lang {
        Lang::It => format!(
            "nessuna regola parla di «{word}»: provare un'altra parola, un codice (CL0201 o 201) o l'elenco (clic explain --list)\n"
        ),
        Lang::En => format!(
            "no rule is about `{word}`: try another word, a code (CL0201 or 201) or the list (clic explain --list)\n"
        ),
    }
}

/// A validator's message pasted whole: what it says in clic's terms, the
/// code's other candidates where the message cannot tell them apart, then
/// the rule's explanation.
pub fn pasted(found: &Pasted, rule: &Rule, lang: Lang) -> String {
    let element = found.element.as_deref().unwrap_or("?");
    let expected = found.expected.join(", ");
    let it = lang == Lang::It;
    let said = match (found.code, it) {
        ("CL0101", true) if !expected.is_empty() => {
            format!("in «{element}» manca l'elemento «{expected}» (o è più avanti del punto in cui va)")
        }
        ("CL0101", false) if !expected.is_empty() => {
            format!("in `{element}` the element `{expected}` is missing (or comes later than its place)")
        }
        ("CL0101", true) => format!("manca un elemento obbligatorio in «{element}»"),
        ("CL0101", false) => format!("a required element is missing in `{element}`"),
        ("CL0102", true) if !expected.is_empty() => {
            format!("l'elemento «{element}» non è previsto in quel punto; il modulo si aspetta: {expected}")
        }
        ("CL0102", false) if !expected.is_empty() => {
            format!("the element `{element}` is not expected there; the module expects: {expected}")
        }
        ("CL0102", true) => format!("l'elemento «{element}» non è previsto in quel punto"),
        ("CL0102", false) => format!("the element `{element}` is not expected there"),
        ("CL0104", true) => {
            format!("l'elemento «{element}» è ripetuto più volte di quante il modulo ne ammette")
        }
        ("CL0104", false) => format!("the element `{element}` is repeated more times than the module allows"),
        ("CL0111", true) => format!(
            "l'attributo «{}» non è ammesso sull'elemento «{element}»",
            found.attribute.as_deref().unwrap_or("?")
        ),
        ("CL0111", false) => format!(
            "the attribute `{}` is not allowed on the element `{element}`",
            found.attribute.as_deref().unwrap_or("?")
        ),
        (_, true) => match &found.value {
            Some(value) => format!(
                "il valore «{value}» dell'elemento «{element}»: {}",
                rule.summary.it.to_lowercase()
            ),
            None => format!("l'elemento «{element}»: {}", rule.summary.it.to_lowercase()),
        },
        (_, false) => match &found.value {
            Some(value) => format!(
                "the value `{value}` of the element `{element}`: {}",
                rule.summary.en.to_lowercase()
            ),
            None => format!("the element `{element}`: {}", rule.summary.en.to_lowercase()),
        },
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {said}.",
        lang.pick("Messaggio di", "Message from"),
        found.tool.name()
    );
    let _ = writeln!(
        out,
        "{} {} {}.",
        lang.pick("In clic è", "In clic it is"),
        rule.code,
        rule.name
    );
    // Xerces and libxml2 say "not expected" for a missing, misplaced or
    // repeated element alike: name the other codes it can be.
    if found.code == "CL0102" && !found.expected.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if it {
                format!(
                    "Lo stesso messaggio si ha anche se manca «{expected}» (CL0101), se «{element}» va più avanti (CL0103) o se «{element}» è ripetuto (CL0104): clic verify distingue i casi."
                )
            } else {
                format!(
                    "The same message comes when `{expected}` is missing (CL0101), when `{element}` belongs further on (CL0103) or when `{element}` is repeated (CL0104): clic verify tells them apart."
                )
            }
        );
    }
    out.push('\n');
    out.push_str(&self::rule(rule, lang));
    out
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
