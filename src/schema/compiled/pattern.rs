//! XSD regular expressions (XML Schema part 2, appendix F) translated to
//! the `regex` crate's syntax, anchored: an XSD pattern matches the whole
//! value. What the translation does not cover (class subtraction, Unicode
//! blocks, `\i` and `\c`) is refused, naming the construct.

use std::fmt::Write;
use std::sync::OnceLock;

/// Why a pattern cannot be translated: outside the supported syntax, or
/// not a regular expression at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternError {
    Unbalanced,
    NothingToRepeat,
    BadQuantifier,
    UnterminatedClass,
    /// `[a-z-[aeiou]]`, or a `[` inside a class.
    ClassSubtraction,
    BackwardsRange,
    TrailingBackslash,
    UnescapedBracket,
    /// `\S`, `\W`, `\i`, `\c`, `\p{IsBlock}`, `\w` in a class...
    UnsupportedEscape,
    UnknownEscape,
    /// The translation was refused by the regex crate (e.g. too large).
    TooLarge,
}

/// A compiled `xs:pattern`.
///
/// Values are matched by a dense DFA: it needs no cache, so the workers
/// share it without taking one from a pool on every value, as a
/// `regex::Regex` does. The DFA is built on first use, in a worker, not at
/// start-up (the regex crate's check at start-up still refuses what it
/// cannot compile). A pattern whose DFA would be too large (long counted
/// repetitions of Unicode classes) is matched by the regex crate.
#[derive(Debug)]
pub struct Pattern {
    /// The pattern as the schema writes it, quoted in messages.
    pub source: String,
    regex: regex::Regex,
    dfa: OnceLock<Option<Dfa>>,
    /// Most of the Ministry's patterns are a fixed run of character
    /// classes (`[A-Z]{6}[0-9LMNPQRSTUV]{2}...`, `[0-9]{11}`, `0{4}`):
    /// an ASCII value is matched by them position by position, with no
    /// automaton search to set up.
    fixed: Option<Fixed>,
}

/// Alternatives, each a fixed sequence of character classes: per
/// position, the set of ASCII characters it takes (bit `b` for byte `b`).
#[derive(Debug, Clone)]
struct Fixed {
    alternatives: Vec<Vec<u128>>,
}

/// Beyond this many positions a sequence is left to the automaton.
const FIXED_MAX_LEN: usize = 64;

impl Fixed {
    /// The pattern as fixed sequences, if it is one: single characters,
    /// `.`, `\d`, `\D`, `\s`, single-character escapes and classes of
    /// these (negated or not), each once or `{n}` times, in top-level
    /// alternatives. Anything else (groups, other quantifiers, other
    /// escapes) is not. `source` is a pattern [`translate`] accepts.
    fn new(source: &str) -> Option<Fixed> {
        let chars: Vec<char> = source.chars().collect();
        let mut alternatives = vec![Vec::new()];
        let mut at = 0;
        while at < chars.len() {
            let c = chars[at];
            at += 1;
            let mask = match c {
                '|' => {
                    alternatives.push(Vec::new());
                    continue;
                }
                '(' | ')' | '*' | '+' | '?' | '{' | '}' | ']' => return None,
                '.' => ASCII & !(bit('\n') | bit('\r')),
                '[' => {
                    let (mask, next) = fixed_class(&chars, at)?;
                    at = next;
                    mask
                }
                '\\' => {
                    let (mask, next) = fixed_escape(&chars, at)?;
                    at = next;
                    mask
                }
                _ => bit(c),
            };
            let mut count = 1;
            if chars.get(at) == Some(&'{') {
                let close = chars[at..].iter().position(|&c| c == '}')? + at;
                let body: String = chars[at + 1..close].iter().collect();
                count = body.parse::<usize>().ok().filter(|_| is_number(&body))?;
                at = close + 1;
            }
            if matches!(chars.get(at), Some('*' | '+' | '?' | '{')) {
                return None;
            }
            let sequence = alternatives.last_mut()?;
            if sequence.len() + count > FIXED_MAX_LEN {
                return None;
            }
            sequence.extend(std::iter::repeat_n(mask, count));
        }
        if alternatives.iter().any(Vec::is_empty) {
            return None;
        }
        Some(Fixed { alternatives })
    }

    /// Whether the value matches; `None` for a value beyond ASCII (left
    /// to the automaton).
    fn matches(&self, value: &str) -> Option<bool> {
        let bytes = value.as_bytes();
        if !bytes.is_ascii() {
            return None;
        }
        Some(self.alternatives.iter().any(|sequence| {
            sequence.len() == bytes.len() && sequence.iter().zip(bytes).all(|(mask, &b)| mask >> b & 1 != 0)
        }))
    }
}

/// Every ASCII character.
const ASCII: u128 = u128::MAX;

/// The set of one character (empty beyond ASCII: no ASCII value has it).
fn bit(c: char) -> u128 {
    if c.is_ascii() { 1 << (c as u32) } else { 0 }
}

/// The ASCII characters from `from` to `to`.
fn span(from: char, to: char) -> u128 {
    (from as u32..=(to as u32).min(127)).fold(0, |mask, c| mask | 1 << c)
}

/// The escape after a `\` at `at` (outside or inside a class): its set
/// of ASCII characters, and the index after it.
fn fixed_escape(chars: &[char], at: usize) -> Option<(u128, usize)> {
    let e = *chars.get(at)?;
    let mask = match e {
        // `\p{Nd}` holds the ASCII digits and no other ASCII character.
        'd' => span('0', '9'),
        'D' => ASCII & !span('0', '9'),
        's' => bit(' ') | bit('\t') | bit('\n') | bit('\r'),
        _ => bit(single_escape(e)?),
    };
    Some((mask, at + 1))
}

/// A class starting after its `[`, as [`class`] reads it: its set of
/// ASCII characters, and the index after its `]`.
fn fixed_class(chars: &[char], mut at: usize) -> Option<(u128, usize)> {
    let negated = chars.get(at) == Some(&'^');
    if negated {
        at += 1;
    }
    let start = at;
    let mut mask = 0u128;
    loop {
        let c = *chars.get(at)?;
        at += 1;
        match c {
            ']' if at - 1 > start => {
                return Some((if negated { ASCII & !mask } else { mask }, at));
            }
            '[' => return None,
            '\\' => {
                let (escaped, next) = fixed_escape(chars, at)?;
                mask |= escaped;
                at = next;
            }
            _ => {
                if chars.get(at) == Some(&'-') && chars.get(at + 1).is_some_and(|&n| n != ']' && n != '[') {
                    let mut end = chars[at + 1];
                    let mut next = at + 2;
                    if end == '\\' {
                        end = single_escape(*chars.get(at + 2)?)?;
                        next = at + 3;
                    }
                    if c.is_ascii() {
                        mask |= span(c, end);
                    }
                    at = next;
                } else {
                    mask |= bit(c);
                }
            }
        }
    }
}

type Dfa = regex_automata::dfa::dense::DFA<Vec<u32>>;

impl Clone for Pattern {
    fn clone(&self) -> Pattern {
        Pattern {
            source: self.source.clone(),
            regex: self.regex.clone(),
            dfa: OnceLock::new(),
            fixed: self.fixed.clone(),
        }
    }
}

/// Beyond this many bytes a pattern's DFA is not built.
const DFA_SIZE_LIMIT: usize = 1 << 20;

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let anchored = format!("^(?:{})$", translate(source)?);
        let regex = regex::RegexBuilder::new(&anchored)
            .size_limit(1 << 22)
            .build()
            .map_err(|_| PatternError::TooLarge)?;
        Ok(Pattern {
            source: source.to_string(),
            regex,
            dfa: OnceLock::new(),
            fixed: Fixed::new(source),
        })
    }

    pub fn matches(&self, value: &str) -> bool {
        if let Some(fixed) = &self.fixed
            && let Some(matched) = fixed.matches(value)
        {
            return matched;
        }
        self.matches_by_automaton(value)
    }

    fn matches_by_automaton(&self, value: &str) -> bool {
        match self.dfa.get_or_init(|| dfa(self.regex.as_str())) {
            Some(dfa) => {
                use regex_automata::dfa::Automaton;
                let input = regex_automata::Input::new(value)
                    .anchored(regex_automata::Anchored::Yes)
                    .earliest(true);
                // A dense DFA fails only on a quit byte or a look-around it
                // cannot do; it is built with neither.
                matches!(dfa.try_search_fwd(&input), Ok(Some(_)))
            }
            None => self.regex.is_match(value),
        }
    }
}

/// The anchored pattern as a dense DFA, if it is small enough.
fn dfa(anchored: &str) -> Option<Dfa> {
    use regex_automata::dfa::{StartKind, dense};
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Anchored)
                .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                .determinize_size_limit(Some(DFA_SIZE_LIMIT)),
        )
        .build(anchored)
        .ok()
}

/// The Rust-syntax equivalent of an XSD regular expression.
pub fn translate(source: &str) -> Result<String, PatternError> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    let mut depth = 0usize;
    // Whether the previous item can take a quantifier.
    let mut atom = false;
    while at < chars.len() {
        let c = chars[at];
        at += 1;
        match c {
            '(' => {
                out.push_str("(?:");
                depth += 1;
                atom = false;
            }
            ')' => {
                if depth == 0 {
                    return Err(PatternError::Unbalanced);
                }
                depth -= 1;
                out.push(')');
                atom = true;
            }
            '|' => {
                out.push('|');
                atom = false;
            }
            '*' | '+' | '?' => {
                if !atom {
                    return Err(PatternError::NothingToRepeat);
                }
                out.push(c);
                atom = false;
            }
            '{' => {
                if !atom {
                    return Err(PatternError::NothingToRepeat);
                }
                let close = chars[at..].iter().position(|&c| c == '}').map(|i| at + i);
                let Some(close) = close else {
                    return Err(PatternError::BadQuantifier);
                };
                let body: String = chars[at..close].iter().collect();
                let valid = match body.split_once(',') {
                    Some((lo, hi)) => {
                        is_number(lo)
                            && (hi.is_empty()
                                || is_number(hi) && hi.parse::<u64>().ok() >= lo.parse::<u64>().ok())
                    }
                    None => is_number(&body),
                };
                if !valid {
                    return Err(PatternError::BadQuantifier);
                }
                let _ = write!(out, "{{{body}}}");
                at = close + 1;
                atom = false;
            }
            '.' => {
                out.push_str(r"[^\n\r]");
                atom = true;
            }
            '[' => {
                at = class(&chars, at, &mut out)?;
                atom = true;
            }
            '\\' => {
                let Some(&e) = chars.get(at) else {
                    return Err(PatternError::TrailingBackslash);
                };
                at += 1;
                at = escape(e, &chars, at, &mut out, false)?;
                atom = true;
            }
            ']' | '}' => return Err(PatternError::UnescapedBracket),
            _ => {
                push_literal(c, &mut out);
                atom = true;
            }
        }
    }
    if depth != 0 {
        return Err(PatternError::Unbalanced);
    }
    Ok(out)
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn push_literal(c: char, out: &mut String) {
    if c.is_alphanumeric() {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", c as u32);
    }
}

/// A character class starting after its `[`; returns the index after `]`.
fn class(chars: &[char], mut at: usize, out: &mut String) -> Result<usize, PatternError> {
    out.push('[');
    if chars.get(at) == Some(&'^') {
        out.push('^');
        at += 1;
    }
    let start = at;
    loop {
        let Some(&c) = chars.get(at) else {
            return Err(PatternError::UnterminatedClass);
        };
        at += 1;
        match c {
            ']' if at - 1 > start => {
                out.push(']');
                return Ok(at);
            }
            '[' => return Err(PatternError::ClassSubtraction),
            '-' if chars.get(at) == Some(&'[') => {
                return Err(PatternError::ClassSubtraction);
            }
            '\\' => {
                let Some(&e) = chars.get(at) else {
                    return Err(PatternError::TrailingBackslash);
                };
                at += 1;
                at = escape(e, chars, at, out, true)?;
            }
            _ => {
                // A range `a-b`: both ends single characters.
                if chars.get(at) == Some(&'-') && chars.get(at + 1).is_some_and(|&n| n != ']' && n != '[') {
                    let mut end = chars[at + 1];
                    let mut next = at + 2;
                    if end == '\\' {
                        let Some(&e) = chars.get(at + 2) else {
                            return Err(PatternError::TrailingBackslash);
                        };
                        end = single_escape(e).ok_or(PatternError::UnsupportedEscape)?;
                        next = at + 3;
                    }
                    if end < c {
                        return Err(PatternError::BackwardsRange);
                    }
                    push_literal(c, out);
                    out.push('-');
                    push_literal(end, out);
                    at = next;
                } else {
                    push_literal(c, out);
                }
            }
        }
    }
}

/// A single-character escape's character.
fn single_escape(e: char) -> Option<char> {
    match e {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => Some(e),
        _ => None,
    }
}

fn escape(
    e: char,
    chars: &[char],
    mut at: usize,
    out: &mut String,
    in_class: bool,
) -> Result<usize, PatternError> {
    if let Some(c) = single_escape(e) {
        push_literal(c, out);
        return Ok(at);
    }
    let class = match e {
        'd' => r"\p{Nd}",
        'D' => r"\P{Nd}",
        's' => r"\x20\t\n\r",
        'w' => r"\P{P}&&\P{Z}&&\P{C}",
        'S' | 'W' => return Err(PatternError::UnsupportedEscape),
        'p' | 'P' => {
            let close = chars[at..].iter().position(|&c| c == '}').map(|i| at + i);
            let (Some('{'), Some(close)) = (chars.get(at), close) else {
                return Err(PatternError::UnknownEscape);
            };
            let name: String = chars[at + 1..close].iter().collect();
            let known = [
                "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P",
            ];
            if !known.contains(&name.as_str()) {
                return Err(PatternError::UnsupportedEscape);
            }
            at = close + 1;
            let _ = write!(out, "\\{e}{{{name}}}");
            return Ok(at);
        }
        _ => return Err(PatternError::UnknownEscape),
    };
    if in_class {
        if e == 'w' {
            return Err(PatternError::UnsupportedEscape);
        }
        out.push_str(class);
    } else if e == 's' || e == 'w' {
        let _ = write!(out, "[{class}]");
    } else {
        out.push_str(class);
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        Pattern::new(pattern).unwrap().matches(value)
    }

    #[test]
    fn the_ministrys_patterns_mean_what_xsd_says() {
        assert!(matches(r"[A-Z]{1}\d{3}", "H501"));
        assert!(!matches(r"[A-Z]{1}\d{3}", "H5011"));
        assert!(matches(r"[0-9,A-Z]{3}|[A-Z]{2}", "0,A"));
        assert!(matches(r"([0-9]\.){5}[0-9]{1,2}", "2.1.1.4.1.0"));
        assert!(!matches(r"([0-9]\.){5}[0-9]{1,2}", "2x1.1.4.1.0"));
        let mail = r"([A-Za-z0-9!#-'\*\+\-/=\?\^_`\{-~]+(\.[A-Za-z0-9!#-'\*\+\-/=\?\^_`\{-~]+)*@[A-Za-z0-9!#-'\*\+\-/=\?\^_`\{-~]+(\.[A-Za-z0-9!#-'\*\+\-/=\?\^_`\{-~]+)*)?";
        assert!(matches(mail, "nome.cognome@dominio.it"));
        assert!(matches(mail, ""));
        assert!(!matches(mail, "nome cognome@dominio.it"));
        assert!(!matches(mail, "è@dominio.it"));
    }

    /// Every pattern of the bundled schemas is matched by its DFA, and the
    /// DFA agrees with the regex crate on values built from the pattern's
    /// own characters, digits, letters, separators and non-ASCII text.
    #[test]
    fn the_dfa_agrees_with_the_regex_crate() {
        let schemas = [
            include_str!("../../../xsd/candidatura.xsd"),
            include_str!("../../../xsd/vacancy.xsd"),
            include_str!("../../../xsd/messaggio.xsd"),
        ];
        let sources: Vec<&str> = schemas
            .iter()
            .flat_map(|text| text.split("<xs:pattern value=\"").skip(1))
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(sources.len() > 20, "{} patterns", sources.len());
        let alphabet: Vec<char> = "0123456789AZLMVaz.@-_ ,\n9é٣".chars().collect();
        let mut matched = 0;
        let mut next = crate::hash::xorshift(0x2545_f491_4f6c_dd1d_u64);
        for source in sources {
            let source = source.replace("&amp;", "&");
            let pattern = Pattern::new(&source).unwrap();
            let regex = regex::Regex::new(&format!("^(?:{})$", translate(&source).unwrap())).unwrap();
            for round in 0..4000 {
                let value: String = if round % 2 == 0 {
                    (0..next() % 30)
                        .map(|_| alphabet[next() as usize % alphabet.len()])
                        .collect()
                } else {
                    // A valid value of some pattern, with one character
                    // replaced, removed or added.
                    let mut chars: Vec<char> = VALID[next() as usize % VALID.len()].chars().collect();
                    let at = next() as usize % (chars.len() + 1);
                    let c = alphabet[next() as usize % alphabet.len()];
                    match next() % 4 {
                        0 if at < chars.len() => chars[at] = c,
                        1 if at < chars.len() => {
                            chars.remove(at);
                        }
                        2 => chars.insert(at, c),
                        _ => {}
                    }
                    chars.into_iter().collect()
                };
                let expected = regex.is_match(&value);
                assert_eq!(pattern.matches(&value), expected, "{source} on {value:?}");
                assert_eq!(
                    pattern.matches_by_automaton(&value),
                    expected,
                    "{source} on {value:?}"
                );
                matched += usize::from(expected);
            }
            assert!(matches!(pattern.dfa.get(), Some(Some(_))), "{source}: no DFA");
        }
        assert!(
            matched > 1000,
            "only {matched} values matched: the test compares too few"
        );
    }

    /// The fixed sequences agree with the regex crate on every ASCII
    /// character at every position: a value each sequence takes, then
    /// each of its positions replaced by each ASCII character; and on
    /// values one shorter and one longer.
    #[test]
    fn fixed_sequences_agree_with_the_regex_crate() {
        let schemas = [
            include_str!("../../../xsd/candidatura.xsd"),
            include_str!("../../../xsd/vacancy.xsd"),
            include_str!("../../../xsd/messaggio.xsd"),
        ];
        let bundled = schemas
            .iter()
            .flat_map(|text| text.split("<xs:pattern value=\"").skip(1))
            .filter_map(|rest| rest.split('"').next())
            .map(|source| source.replace("&amp;", "&"));
        let others = [
            r"[^0-9]{2}",
            r"[a-]x",
            r"[]a]",
            r".{3}",
            r"[\d\-x]\s\D",
            r"a\.b\|c",
            r"[#-']",
            r"^a$",
            r"[é-ü]x|y[A-\]]",
            r"é?|a",
            r"[!-~]{2}",
            r"[^\s]",
            r"[\^-`]0{0}1",
        ];
        let mut fixed_count = 0;
        for source in bundled.chain(others.iter().map(|s| s.to_string())) {
            let pattern = Pattern::new(&source).unwrap();
            let regex = regex::Regex::new(&format!("^(?:{})$", translate(&source).unwrap())).unwrap();
            let Some(fixed) = &pattern.fixed else {
                continue;
            };
            fixed_count += 1;
            for sequence in &fixed.alternatives {
                let Some(taken): Option<Vec<u8>> = sequence
                    .iter()
                    .map(|mask| (0..128u8).find(|&b| mask >> b & 1 != 0))
                    .collect()
                else {
                    continue;
                };
                let mut values = vec![taken.clone(), taken[1..].to_vec()];
                values.push([taken.as_slice(), b"0"].concat());
                for at in 0..taken.len() {
                    for b in 0..128u8 {
                        let mut value = taken.clone();
                        value[at] = b;
                        values.push(value);
                    }
                }
                for value in values {
                    let value = String::from_utf8(value).unwrap();
                    let expected = regex.is_match(&value);
                    assert_eq!(fixed.matches(&value), Some(expected), "{source} on {value:?}");
                    assert_eq!(pattern.matches(&value), expected, "{source} on {value:?}");
                }
            }
            assert_eq!(fixed.matches("é"), None);
        }
        assert!(fixed_count >= 20, "{fixed_count} fixed patterns");
        let fixed = |source: &str| Pattern::new(source).unwrap().fixed.is_some();
        for source in [
            "[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]",
            "[0-9]{11}",
            r"\d{3}",
            "0{4}",
            "00[0-9]{2}",
            "[0-9]{3}|[A-Z]{3}|WU",
        ] {
            assert!(fixed(source), "{source}");
        }
        for source in [
            r"\d*",
            r"\d+",
            r"([0-9]\.){5}[0-9]{1,2}",
            "[0-9]{1,2}",
            r"\w",
            r"\p{Lu}",
            "a|",
            "a?",
        ] {
            assert!(!fixed(source), "{source}");
        }
    }

    /// Values the bundled schemas' patterns accept.
    const VALID: &[&str] = &[
        "RSSMRA80A01H501U",
        "H501",
        "12345678901",
        "0000",
        "00",
        "0012",
        "00123",
        "2.1.1.4.1.10",
        "12.34.56",
        "nome.cognome@dominio.it",
        "IT",
        "A1",
        "WU",
        "0,A",
        "1234567890123456789012345",
    ];

    #[test]
    fn anchors_are_literal_and_dot_excludes_line_ends() {
        assert!(matches("^a$", "^a$"));
        assert!(!matches("a.b", "a\nb"));
    }

    #[test]
    fn unsupported_constructs_are_named() {
        assert_eq!(
            Pattern::new(r"[a-z-[aeiou]]").unwrap_err(),
            PatternError::ClassSubtraction
        );
        assert_eq!(
            Pattern::new(r"\p{IsBasicLatin}").unwrap_err(),
            PatternError::UnsupportedEscape
        );
        assert!(Pattern::new("a{2,1}").is_err());
    }
}
