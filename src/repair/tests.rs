//! Properties of the repair pass over the valid fixtures, damaged one way
//! at a time at places chosen by a seeded generator: the repaired file is
//! OK and equal to the original as canonical XML (white space between
//! elements aside); a valid file comes back unchanged; repairing twice
//! equals repairing once.

// Inside a test module of its own: tests/words.rs leaves test modules out.
#[cfg(test)]
mod properties {
    use crate::input::limits::Limits;
    use crate::repair::*;
    use crate::rules::{Modalita, RuleContext};
    use crate::schema::compiled::CompiledSet;
    use crate::tabelle::Tabelle;

    fn ctx() -> &'static Context {
        static CTX: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
        CTX.get_or_init(|| Context {
            compiled: CompiledSet::builtin(),
            limits: Limits::default(),
            rules: RuleContext {
                tables: Tabelle::builtin(),
                modalita: Modalita::Massiva,
            },
        })
    }

    const VALID: [&str; 3] = [
        include_str!("../../fixtures/validi/candidatura.xml"),
        include_str!("../../fixtures/validi/vacancy.xml"),
        include_str!("../../fixtures/validi/messaggio.xml"),
    ];

    fn is_ok(bytes: &[u8]) -> bool {
        !checks::check_bytes(bytes.to_vec(), ctx())
            .diagnostics
            .iter()
            .any(Diagnostic::is_error)
    }

    #[test]
    fn valid_documents_come_back_unchanged() {
        for valid in VALID {
            assert!(is_ok(valid.as_bytes()));
            let repaired = repair(valid.as_bytes(), ctx());
            assert!(repaired.bytes.is_none());
            assert!(repaired.repairs.is_empty());
        }
    }

    /// One document's meaning: every element's name, and the text of every
    /// leaf, in document order (white space between elements aside).
    fn canonical(bytes: &[u8]) -> Vec<(String, Option<String>)> {
        let check = checks::check_bytes(bytes.to_vec(), ctx());
        let parsed = check.parsed.expect("a well-formed document");
        let mut out = Vec::new();
        walk(&parsed, parsed.root, &mut out);
        out
    }

    fn walk(parsed: &Parsed, node: crate::document::NodeId, out: &mut Vec<(String, Option<String>)>) {
        let children: Vec<_> = parsed.elements(node).collect();
        let text = children.is_empty().then(|| parsed.text_of(node));
        out.push((parsed.name(node).to_string(), text));
        for child in children {
            walk(parsed, child, out);
        }
    }

    /// A leaf element of a document: the byte range of its value.
    struct Leaf {
        value: Range<usize>,
    }

    fn leaves(text: &str) -> Vec<Leaf> {
        let check = checks::check_bytes(text.as_bytes().to_vec(), ctx());
        let parsed = check.parsed.expect("a well-formed document");
        let mut out = Vec::new();
        let mut stack = vec![parsed.root];
        while let Some(node) = stack.pop() {
            let children: Vec<_> = parsed.elements(node).collect();
            if children.is_empty() {
                let range = parsed.range(node).unwrap();
                let element = &text[range.clone()];
                if let (Some(open), Some(close)) = (element.find('>'), element.rfind("</")) {
                    out.push(Leaf {
                        value: range.start + open + 1..range.start + close,
                    });
                }
            }
            stack.extend(children.into_iter().rev());
        }
        out
    }

    fn replace(text: &str, range: Range<usize>, with: &str) -> String {
        format!("{}{with}{}", &text[..range.start], &text[range.end..])
    }

    /// Valid documents: the fixtures, and the fixtures with a free text
    /// (a value with a space in it) replaced by generated Italian text with
    /// accents and an escaped `&`.
    fn documents(next: &mut impl FnMut() -> u64) -> Vec<String> {
        const WORDS: [&str; 10] = [
            "città",
            "perché",
            "Rossi &amp; Figli",
            "caffè",
            "più",
            "Niccolò",
            "€ 5",
            "però",
            "Forlì",
            "è",
        ];
        let mut out: Vec<String> = VALID.iter().map(|v| v.to_string()).collect();
        for valid in VALID {
            for _ in 0..4 {
                let free: Vec<Leaf> = leaves(valid)
                    .into_iter()
                    .filter(|l| valid[l.value.clone()].contains(' '))
                    .collect();
                if free.is_empty() {
                    continue;
                }
                let leaf = &free[next() as usize % free.len()];
                let phrase = (0..3)
                    .map(|_| WORDS[next() as usize % WORDS.len()])
                    .collect::<Vec<_>>()
                    .join(" ");
                let generated = replace(valid, leaf.value.clone(), &phrase);
                if is_ok(generated.as_bytes()) {
                    out.push(generated);
                }
            }
        }
        out
    }

    #[derive(Debug, Clone, Copy)]
    enum Damage {
        Windows1252,
        Utf16,
        DeclaredLatin1,
        BomDeclaredLatin1,
        JunkBeforeDeclaration,
        BareAmpersand,
        Spaces,
        LowerCase,
        ItalianDate,
        SwappedChildren,
    }

    const DAMAGES: [Damage; 10] = [
        Damage::Windows1252,
        Damage::Utf16,
        Damage::DeclaredLatin1,
        Damage::BomDeclaredLatin1,
        Damage::JunkBeforeDeclaration,
        Damage::BareAmpersand,
        Damage::Spaces,
        Damage::LowerCase,
        Damage::ItalianDate,
        Damage::SwappedChildren,
    ];

    /// The text damaged one way (the encodings come last, on bytes).
    fn damage_text(text: &str, damage: Damage, next: &mut impl FnMut() -> u64) -> Option<String> {
        let leaves = leaves(text);
        let pick = |list: &[&Leaf], n: u64| -> Option<Range<usize>> {
            (!list.is_empty()).then(|| list[n as usize % list.len()].value.clone())
        };
        match damage {
            Damage::JunkBeforeDeclaration => {
                let junk: String = (0..1 + next() % 4)
                    .map(|n| ["\n", " ", "\r\n", "\t", "\u{FEFF}"][(next() + n) as usize % 5])
                    .collect();
                Some(format!("{junk}{text}"))
            }
            Damage::BareAmpersand => {
                let at: Vec<usize> = text.match_indices("&amp; ").map(|(i, _)| i).collect();
                let i = *at.get(next() as usize % at.len().max(1))?;
                Some(replace(text, i..i + 5, "&"))
            }
            Damage::Spaces => {
                let coded: Vec<&Leaf> = leaves
                    .iter()
                    .filter(|l| !text[l.value.clone()].contains(' '))
                    .collect();
                let range = pick(&coded, next())?;
                let value = &text[range.clone()];
                let spaced = match next() % 3 {
                    0 => format!(" {value}"),
                    1 => format!("{value} "),
                    _ => format!("  {value}\t"),
                };
                Some(replace(text, range, &spaced)).filter(|damaged| !is_ok(damaged.as_bytes()))
            }
            Damage::LowerCase => {
                let upper: Vec<&Leaf> = leaves
                    .iter()
                    .filter(|l| text[l.value.clone()].chars().any(|c| c.is_ascii_uppercase()))
                    .collect();
                let range = pick(&upper, next())?;
                let lowered: String = text[range.clone()]
                    .chars()
                    .map(|c| {
                        if next().is_multiple_of(2) {
                            c.to_ascii_lowercase()
                        } else {
                            c
                        }
                    })
                    .collect();
                Some(replace(text, range, &lowered)).filter(|damaged| !is_ok(damaged.as_bytes()))
            }
            Damage::ItalianDate => {
                let dates: Vec<&Leaf> = leaves
                    .iter()
                    .filter(|l| {
                        let v = &text[l.value.clone()];
                        v.len() >= 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-'
                    })
                    .collect();
                let range = pick(&dates, next())?;
                let value = &text[range.clone()];
                let (y, m, d) = (&value[..4], &value[5..7], &value[8..10]);
                let date = match next() % 4 {
                    0 => format!("{d}/{m}/{y}"),
                    1 => format!("{d}-{m}-{y}"),
                    2 => format!("{d}.{m}.{y}"),
                    _ => format!("{y}/{m}/{d}"),
                };
                let italian = match value.get(10..) {
                    Some("") => date,
                    Some(time) if time.ends_with(":00") && time.len() == 9 => {
                        format!("{date} {}", &time[1..6])
                    }
                    Some(time) => format!("{date} {}", &time[1..]),
                    None => return None,
                };
                Some(replace(text, range, &italian))
            }
            Damage::SwappedChildren => swap_children(text, next),
            _ => Some(text.to_string()),
        }
    }

    /// Two neighbouring children of one parent swapped, each with the
    /// indentation before it.
    fn swap_children(text: &str, next: &mut impl FnMut() -> u64) -> Option<String> {
        let check = checks::check_bytes(text.as_bytes().to_vec(), ctx());
        let parsed = check.parsed?;
        let mut pairs = Vec::new();
        let mut stack = vec![parsed.root];
        while let Some(node) = stack.pop() {
            let children: Vec<_> = parsed.elements(node).collect();
            for pair in children.windows(2) {
                if parsed.name(pair[0]) != parsed.name(pair[1]) {
                    pairs.push((pair[0], pair[1]));
                }
            }
            stack.extend(children);
        }
        let (a, b) = pairs.get(next() as usize % pairs.len().max(1)).copied()?;
        let (ra, rb) = (parsed.range(a)?, parsed.range(b)?);
        let gap = &text[ra.end..rb.start];
        Some(format!(
            "{}{}{gap}{}{}",
            &text[..ra.start],
            &text[rb.clone()],
            &text[ra.clone()],
            &text[rb.end..]
        ))
    }

    /// The bytes of a damaged text: the encoding damages here.
    fn damage_bytes(text: &str, damage: Damage) -> Option<Vec<u8>> {
        match damage {
            Damage::Windows1252 => {
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
                (!unmappable && !text.is_ascii()).then(|| bytes.into_owned())
            }
            Damage::Utf16 => {
                let mut bytes = vec![0xFF, 0xFE];
                bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                Some(bytes)
            }
            Damage::DeclaredLatin1 => (!text.is_ascii()).then(|| {
                text.replacen("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", 1)
                    .into_bytes()
            }),
            Damage::BomDeclaredLatin1 => {
                let mut bytes = b"\xEF\xBB\xBF".to_vec();
                bytes.extend(
                    text.replacen("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", 1)
                        .bytes(),
                );
                Some(bytes)
            }
            _ => Some(text.as_bytes().to_vec()),
        }
    }

    /// Checks the properties on one damaged document; returns whether the
    /// damage made it KO (a damage that leaves it OK is not a case).
    fn check_case(original: &str, damaged: &[u8], what: &str) -> bool {
        if is_ok(damaged) {
            let repaired = repair(damaged, ctx());
            assert!(repaired.bytes.is_none(), "{what}: an OK file was changed");
            return false;
        }
        let repaired = repair(damaged, ctx());
        let bytes = repaired
            .bytes
            .unwrap_or_else(|| panic!("{what}: no repair for\n{}", String::from_utf8_lossy(damaged)));
        assert!(
            is_ok(&bytes),
            "{what}: still KO after {:?}:\n{}",
            repaired.repairs,
            String::from_utf8_lossy(&bytes)
        );
        assert_eq!(
            canonical(&bytes),
            canonical(original.as_bytes()),
            "{what}: the meaning changed"
        );
        let again = repair(&bytes, ctx());
        assert!(again.bytes.is_none(), "{what}: a second repair changed the file");
        true
    }

    #[test]
    fn each_damage_is_repaired_back_to_the_original_meaning() {
        let mut next = crate::hash::xorshift(0x5EED_F1C5);
        let documents = documents(&mut next);
        assert!(documents.len() > VALID.len(), "no generated documents");
        let mut cases = [0usize; DAMAGES.len()];
        for (d, document) in documents.iter().enumerate() {
            for (k, damage) in DAMAGES.iter().enumerate() {
                for round in 0..6 {
                    let Some(text) = damage_text(document, *damage, &mut next) else {
                        continue;
                    };
                    let Some(bytes) = damage_bytes(&text, *damage) else {
                        continue;
                    };
                    let what = format!("document {d}, {damage:?}, case {round}");
                    if check_case(document, &bytes, &what) {
                        cases[k] += 1;
                    }
                }
            }
        }
        for (k, damage) in DAMAGES.iter().enumerate() {
            eprintln!("{damage:?}: {} KO cases repaired", cases[k]);
            assert!(cases[k] > 0, "no KO case for {damage:?}");
        }
    }

    #[test]
    fn several_damages_at_once_are_repaired_in_rounds() {
        let mut next = crate::hash::xorshift(0xC0FF_EE00);
        let documents = documents(&mut next);
        let mut repaired = 0;
        for (d, document) in documents.iter().enumerate() {
            for round in 0..8 {
                let mut text = document.clone();
                // A value damage only counts on a valid text (it must be what
                // makes the file KO), so one of them, first.
                let value = [Damage::LowerCase, Damage::Spaces][next() as usize % 2];
                for damage in [
                    value,
                    Damage::ItalianDate,
                    Damage::SwappedChildren,
                    Damage::BareAmpersand,
                ] {
                    if next().is_multiple_of(2)
                        && let Some(damaged) = damage_text(&text, damage, &mut next)
                    {
                        text = damaged;
                    }
                    // The damages after a bare & need a well-formed text.
                    if checks::check_bytes(text.as_bytes().to_vec(), ctx())
                        .parsed
                        .is_none()
                    {
                        break;
                    }
                }
                let encoding =
                    [Damage::Windows1252, Damage::Utf16, Damage::JunkBeforeDeclaration][next() as usize % 3];
                let text = if let Damage::JunkBeforeDeclaration = encoding {
                    format!("\n\n{text}")
                } else {
                    text
                };
                let Some(bytes) = damage_bytes(&text, encoding) else {
                    continue;
                };
                if check_case(document, &bytes, &format!("document {d}, mixed case {round}")) {
                    repaired += 1;
                }
            }
        }
        eprintln!("{repaired} mixed cases repaired");
        assert!(repaired > 10, "only {repaired} mixed cases");
    }

    #[test]
    fn what_cannot_be_repaired_safely_is_left() {
        let valid = VALID[0];
        let cases = [
            // A wrong check character: upper case, but never another letter.
            valid.replace("BNCGLI95M52F205J", "BNCGLI95M52F205K"),
            // A missing mandatory field.
            valid.replace("      <cognome>Bianchi</cognome>\n", ""),
            // An element the module does not have.
            valid.replace(
                "<nome>Giulia</nome>",
                "<nome>Giulia</nome><secondonome>Maria</secondonome>",
            ),
            // An impossible date, a two-digit year.
            valid.replace("1995-08-12", "31/02/1995"),
            valid.replace("1995-08-12", "12/08/95"),
            // A reference to an unknown entity.
            valid.replace("Esempio Software", "Esempio&nbsp;Software"),
            // Text before the declaration that is not white space.
            format!("x{valid}"),
        ];
        for (i, case) in cases.iter().enumerate() {
            assert!(!is_ok(case.as_bytes()), "case {i} is not KO");
            let repaired = repair(case.as_bytes(), ctx());
            assert!(
                repaired.bytes.is_none(),
                "case {i} was changed: {:?}",
                repaired.repairs
            );
        }
        // Mixed encodings: UTF-8 accents next to a windows-1252 one.
        let mut mixed = valid.as_bytes().to_vec();
        mixed.extend_from_slice(b"<!-- citt\xe0 -->\n");
        assert!(repair(&mixed, ctx()).bytes.is_none());
        // A text too long stays too long.
        let long = valid.replace(
            "<nome>Giulia</nome>",
            &format!("<nome>{}</nome>", "Giulia".repeat(40)),
        );
        assert!(!is_ok(long.as_bytes()));
        assert!(repair(long.as_bytes(), ctx()).bytes.is_none());
    }

    #[test]
    fn crlf_line_ends_and_comments_travel_with_their_element() {
        let valid = VALID[0].replace(
            "      <nome>Giulia</nome>\n",
            "      <!-- il nome -->\n      <nome>Giulia</nome>\n",
        );
        let swapped = valid.replace(
            "      <cognome>Bianchi</cognome>\n      <!-- il nome -->\n      <nome>Giulia</nome>\n",
            "      <!-- il nome -->\n      <nome>Giulia</nome>\n      <cognome>Bianchi</cognome>\n",
        );
        assert_ne!(swapped, valid);
        let crlf = swapped.replace('\n', "\r\n");
        let repaired = repair(crlf.as_bytes(), ctx());
        assert_eq!(
            String::from_utf8(repaired.bytes.unwrap()).unwrap(),
            valid.replace('\n', "\r\n")
        );
    }
}
