//! Words users read live in `report/` (one file per language for reasons
//! and fatal errors) and in the rule declarations (`declare_rules!`).
//! This test reads every other file under `src/` and fails on a string
//! literal that reads like a sentence, so that words cannot creep back
//! into domain code. `#[cfg(test)]` modules, comments, `declare_rules!`
//! blocks and developer-only messages (panics, assertions) are left out.

use std::fs;
use std::path::{Path, PathBuf};

/// Text that is part of a file format, not a message: (file, how the
/// literal starts, why).
const FILE_FORMATS: &[(&str, &str, &str)] = &[
    (
        "src/serve/mod.rs",
        "default-src ",
        "Content-Security-Policy header values, read by browsers",
    ),
    (
        "src/counter.rs",
        "# ",
        "the counter file's comment lines, written into the file",
    ),
    (
        "src/schema/compiled/pass.rs",
        "processing instruction",
        "the construct name today's parser puts in oxml::ErrorKind::Unterminated, \
         mirrored so the diagnostics stay identical until the wiring replaces Reason::MalformedXml",
    ),
];

/// A literal right after one of these is matched against someone else's
/// text (a validator's message), or is a name from the standard (the
/// tables' titles): not words of ours.
const NOT_WORDS_AFTER: &[&str] = &[
    "starts_with(",
    "strip_prefix(",
    "ends_with(",
    "contains(",
    "title:",
];

/// Where words belong.
fn allowed_place(relative: &str) -> bool {
    relative.starts_with("src/report/")
}

/// A string literal and the line it starts on.
#[derive(Debug, PartialEq)]
struct Literal {
    line: usize,
    text: String,
}

/// Whether the literal at `at` follows one of [`NOT_WORDS_AFTER`] on its line.
fn after_exempt_call(source: &str, at: usize) -> bool {
    let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = source[line_start..at].trim_end();
    NOT_WORDS_AFTER.iter().any(|call| before.ends_with(call))
}

/// The string literals of production code: comments, `#[cfg(test)]`
/// items, `declare_rules! { ... }` blocks and developer messages
/// (`panic!`, `assert!`, `expect`, `unreachable!`) left out.
fn literals(source: &str) -> Vec<Literal> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    let mut line = 1;
    // Brace depth at which a skipped item (test module, rule block) ends.
    let mut depth = 0usize;
    let mut skip_until: Option<usize> = None;
    // A `#[cfg(test)]` or `declare_rules!` seen, its `{` not yet.
    let mut skip_next_block = false;
    // Parenthesis depth at which a developer message's call ends.
    let mut paren = 0usize;
    let mut developer_until: Option<usize> = None;
    while at < bytes.len() {
        let rest = &source[at..];
        let c = bytes[at];
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            at += end;
            continue;
        }
        if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(rest.len(), |e| e + 2);
            line += rest[..end].matches('\n').count();
            at += end;
            continue;
        }
        if rest.starts_with("#[cfg(test)]") || rest.starts_with("declare_rules!") {
            skip_next_block = true;
        }
        if developer_until.is_none() && DEVELOPER_CALLS.iter().any(|call| rest.starts_with(call)) {
            developer_until = Some(paren);
        }
        if c == b'\'' {
            // A char literal ('"', '\'', '{'), or a lifetime: step over it.
            let end = char_literal_end(rest).unwrap_or(1);
            at += end;
            continue;
        }
        if let Some((start, end)) = string_literal(rest) {
            let text = &rest[start..end];
            if skip_until.is_none() && developer_until.is_none() && !after_exempt_call(source, at) {
                out.push(Literal {
                    line,
                    text: text.to_string(),
                });
            }
            line += rest[..end].matches('\n').count();
            at += end + (string_closer_len(rest, start));
            continue;
        }
        match c {
            b'\n' => line += 1,
            b'{' => {
                if skip_next_block && skip_until.is_none() {
                    skip_until = Some(depth);
                }
                skip_next_block = false;
                depth += 1;
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if skip_until == Some(depth) {
                    skip_until = None;
                }
            }
            b';' if skip_until.is_none() => skip_next_block = false,
            b'(' => paren += 1,
            b')' => {
                paren = paren.saturating_sub(1);
                if developer_until == Some(paren) {
                    developer_until = None;
                }
            }
            _ => {}
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Calls whose message only a developer reads (a bug, not a user's error).
const DEVELOPER_CALLS: &[&str] = &[
    "panic!(",
    "unreachable!(",
    "assert!(",
    "assert_eq!(",
    "debug_assert!(",
    "debug_assert_eq!(",
    ".expect(",
];

/// The length of a char literal at the start of `text`, or `None` for a
/// lifetime (`'a`, `'static`).
fn char_literal_end(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().skip(1);
    let (_, first) = chars.next()?;
    let (at, next) = if first == '\\' {
        // '\n', '\'', '\u{..}': the escaped character, then up to the
        // closing quote.
        let close = text.get(3..)?.find('\'')? + 3;
        return Some(close + 1);
    } else {
        chars.next()?
    };
    (next == '\'').then_some(at + 1)
}

/// The content range of a string literal (`"..."`, `r"..."`, `r#"..."#`,
/// `b"..."`) starting at `text`'s first byte.
fn string_literal(text: &str) -> Option<(usize, usize)> {
    let prefix = text
        .strip_prefix("br")
        .or_else(|| text.strip_prefix('r'))
        .map(|raw| (true, text.len() - raw.len()))
        .or_else(|| text.strip_prefix('b').map(|_| (false, 1)))
        .unwrap_or((false, 0));
    let (raw, skip) = prefix;
    let after = &text[skip..];
    if raw {
        let hashes = after.len() - after.trim_start_matches('#').len();
        if !after[hashes..].starts_with('"') {
            return None;
        }
        let start = skip + hashes + 1;
        let closer = format!("\"{}", "#".repeat(hashes));
        let end = text[start..].find(&closer)? + start;
        return Some((start, end));
    }
    if !after.starts_with('"') {
        return None;
    }
    let start = skip + 1;
    let mut escaped = false;
    for (i, c) in text[start..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some((start, start + i)),
            _ => escaped = false,
        }
    }
    None
}

/// The length of the closing delimiter of the literal whose content
/// starts at `start` (1 for `"`, 1 + hashes for raw strings).
fn string_closer_len(text: &str, start: usize) -> usize {
    let opener = &text[..start];
    1 + opener.matches('#').count()
}

/// Whether a literal reads as words for people: at least two words of
/// letters once `{placeholders}` are removed, and not a path, a key, a
/// file name, a format string of placeholders or an SQL statement.
fn is_sentence(text: &str) -> bool {
    const SQL: &[&str] = &[
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "PRAGMA ", "BEGIN", "COMMIT", "ROLLBACK",
        "ALTER ", "DROP ", "WITH ",
    ];
    let trimmed = text.trim_start();
    // SQL, XML markup and URLs are for machines.
    if SQL.iter().any(|keyword| trimmed.starts_with(keyword))
        || trimmed.starts_with('<')
        || text.contains("://")
    {
        return false;
    }
    let mut plain = String::new();
    let mut in_placeholder = false;
    for c in text.chars() {
        match c {
            '{' => in_placeholder = true,
            '}' if in_placeholder => {
                in_placeholder = false;
                plain.push(' ');
            }
            _ if !in_placeholder => plain.push(c),
            _ => {}
        }
    }
    // Punctuation around a word does not count; inside it (`stdin.xml`,
    // `a/b`, `web-nazionale`) it makes a name, not a word.
    let words = plain
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic() || c == '\''))
        .filter(|w| w.chars().any(char::is_lowercase))
        .count();
    words >= 2
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_report_and_rule_declarations_hold_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if allowed_place(&relative) {
            continue;
        }
        let source = fs::read_to_string(&file).unwrap();
        let format = |text: &str| {
            FILE_FORMATS
                .iter()
                .any(|(file, start, _)| *file == relative && text.starts_with(start))
        };
        for literal in literals(&source) {
            if is_sentence(&literal.text) && !format(&literal.text) {
                found.push(format!("{relative}:{}: {:?}", literal.line, literal.text));
            }
        }
    }
    assert!(
        found.is_empty(),
        "words outside report/ and the rule declarations (return a typed reason and say it in \
         report/words/it.rs and en.rs):\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn the_guard_sees_a_planted_sentence() {
    let planted = r##"
use crate::x;

fn reason() -> (String, String) {
    let path = "Lavoratore/DatiAnagrafici/datanascita";
    let shown = format!("{name}[{index}]");
    (format!("il file «{path}» è vuoto"), r#"the "file" is empty"#.to_string())
}

fn bug() {
    if message.starts_with("unexpected element `") {}
    panic!("the bundled table is malformed: {e}");
    let c = '"';
    x.expect("a worker thread runs");
}

declare_rules! {
    /// Explained.
    FILE_VUOTO { message: ("Il file è vuoto.", "The file is empty.") }
}

#[cfg(test)]
mod tests {
    const TEXT: &str = "a test may say anything it likes";
}
"##;
    let sentences: Vec<(usize, String)> = literals(planted)
        .into_iter()
        .filter(|l| is_sentence(&l.text))
        .map(|l| (l.line, l.text))
        .collect();
    assert_eq!(
        sentences,
        [
            (7, "il file «{path}» è vuoto".to_string()),
            (7, "the \"file\" is empty".to_string()),
        ]
    );
}

#[test]
fn paths_keys_and_format_strings_are_not_sentences() {
    for text in [
        "Mittente/Interlocutore/codicefiscale",
        "web-nazionale",
        "{code}  {}",
        "clic: {}",
        "{name}[{index}]",
        "stdin.xml",
        "tipo_intermediario",
        "SELECT state FROM archives WHERE key = ?1",
        "0x{byte:02X}",
        "http://servizi.lavoro.gov.it/candidatura",
        "<?xml version=\"1.0\"?><a>some text</a>",
        "",
    ] {
        assert!(!is_sentence(text), "{text:?}");
    }
    for text in ["file nascosto", "no root element", "deve avere {n} cifre"] {
        assert!(is_sentence(text), "{text:?}");
    }
}
