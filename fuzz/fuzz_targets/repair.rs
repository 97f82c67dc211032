//! The repair pass of `clic fix`, two ways.
//!
//! Raw: any bytes as one file. No panic; a file the checks find OK is
//! never changed; a repaired file differs from the input, lists its
//! repairs, and its check after repair is the check of its bytes; every
//! repair and finding is reportable; repairing the output again changes
//! nothing (unless the round limit was reached).
//!
//! Damaged: the first byte picks a valid fixture, the next bytes damage
//! it as a user's tools do (a value in lower case or with spaces, an
//! Italian date, two fields swapped, a bare `&`, blank lines before
//! `<?xml`, windows-1252 / UTF-16 / a wrong declaration). The damaged
//! file must come back OK and equal to the fixture as canonical XML
//! (element names and leaf texts, white space between elements aside).

#![no_main]

use libfuzzer_sys::fuzz_target;

use clic::checks::check_bytes;
use clic::diagnostic::Diagnostic;
use clic::document::{NodeId, Parsed};
use clic::repair::{MAX_ROUNDS, repair};

#[path = "common.rs"]
mod common;

const VALID: [&str; 3] = [
    include_str!("../../fixtures/validi/candidatura.xml"),
    include_str!("../../fixtures/validi/vacancy.xml"),
    include_str!("../../fixtures/validi/messaggio.xml"),
];

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((&selector, rest)) if selector >= 0xF0 && !rest.is_empty() => damaged(selector, rest),
        _ => raw(data),
    }
});

fn is_ok(bytes: &[u8]) -> bool {
    !check_bytes(bytes.to_vec(), common::context())
        .diagnostics
        .iter()
        .any(Diagnostic::is_error)
}

fn raw(data: &[u8]) {
    let ctx = common::context();
    let was_ok = is_ok(data);
    let repaired = repair(data, ctx);
    let Some(bytes) = &repaired.bytes else {
        assert!(repaired.repairs.is_empty(), "repairs listed for an unchanged file");
        return;
    };
    assert!(!was_ok, "an OK file was changed");
    assert_ne!(bytes.as_slice(), data, "repaired bytes equal to the input");
    assert!(!repaired.repairs.is_empty(), "changed with no repair listed");
    for item in &repaired.repairs {
        common::assert_reportable(&item.diagnostic());
    }
    let after = repaired.after.as_ref().expect("the check after repair");
    common::assert_consistent(after);
    let again = check_bytes(bytes.clone(), ctx);
    assert_eq!(again.diagnostics, after.diagnostics, "the check after repair is not the output's");
    if repaired.rounds < MAX_ROUNDS {
        let second = repair(bytes, ctx);
        assert!(
            second.bytes.is_none(),
            "a second repair changed the file: {:?}",
            second.repairs
        );
    }
}

/// Reads the damage plan from the fuzzer's bytes.
struct Plan<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Plan<'_> {
    fn next(&mut self) -> usize {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::from(b)
    }
}

fn damaged(selector: u8, plan: &[u8]) {
    let original = VALID[usize::from(selector) % VALID.len()];
    let mut plan = Plan { bytes: plan, at: 0 };
    let mut text = original.to_string();
    // One value damage, on the valid text (it must be what makes it KO).
    match plan.next() % 3 {
        0 => text = lower_case(&text, &mut plan).unwrap_or(text),
        1 => text = spaces(&text, &mut plan).unwrap_or(text),
        _ => {}
    }
    if plan.next() % 2 == 0 {
        text = italian_date(&text, &mut plan).unwrap_or(text);
    }
    if plan.next() % 2 == 0 {
        text = swap(&text, &mut plan).unwrap_or(text);
    }
    if plan.next() % 2 == 0 && check_bytes(text.as_bytes().to_vec(), common::context()).parsed.is_some() {
        let at: Vec<usize> = text.match_indices("&amp; ").map(|(i, _)| i).collect();
        if !at.is_empty() {
            let i = at[plan.next() % at.len()];
            text.replace_range(i..i + 5, "&");
        }
    }
    if plan.next() % 3 == 0 {
        let junk: String = (0..1 + plan.next() % 4)
            .map(|_| ["\n", " ", "\r\n", "\t", "\u{FEFF}"][plan.next() % 5])
            .collect();
        text.insert_str(0, &junk);
    }
    let bytes = match plan.next() % 5 {
        0 => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
            if unmappable { text.into_bytes() } else { bytes.into_owned() }
        }
        1 => {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }
        2 => text
            .replacen("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"", 1)
            .into_bytes(),
        _ => text.into_bytes(),
    };
    let repaired = repair(&bytes, common::context());
    let Some(out) = repaired.bytes else {
        assert!(is_ok(&bytes), "a damaged file was not repaired:\n{}", String::from_utf8_lossy(&bytes));
        return;
    };
    assert!(
        is_ok(&out),
        "still KO after {:?}:\n{}",
        repaired.repairs,
        String::from_utf8_lossy(&out)
    );
    assert_eq!(canonical(&out), canonical(original.as_bytes()), "the meaning changed");
    assert!(repair(&out, common::context()).bytes.is_none(), "a second repair changed the file");
}

fn canonical(bytes: &[u8]) -> Vec<(String, Option<String>)> {
    let check = check_bytes(bytes.to_vec(), common::context());
    let parsed = check.parsed.expect("a well-formed document");
    let mut out = Vec::new();
    walk(&parsed, parsed.root, &mut out);
    out
}

fn walk(parsed: &Parsed, node: NodeId, out: &mut Vec<(String, Option<String>)>) {
    let children: Vec<_> = parsed.elements(node).collect();
    let text = children.is_empty().then(|| parsed.text_of(node));
    out.push((parsed.name(node).to_string(), text));
    for child in children {
        walk(parsed, child, out);
    }
}

/// Leaf values: byte ranges of their text.
fn leaves(text: &str) -> Vec<std::ops::Range<usize>> {
    let Some(parsed) = check_bytes(text.as_bytes().to_vec(), common::context()).parsed else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![parsed.root];
    while let Some(node) = stack.pop() {
        let children: Vec<_> = parsed.elements(node).collect();
        if children.is_empty()
            && let Some(range) = parsed.range(node)
        {
            let element = &text[range.clone()];
            if let (Some(open), Some(close)) = (element.find('>'), element.rfind("</")) {
                out.push(range.start + open + 1..range.start + close);
            }
        }
        stack.extend(children.into_iter().rev());
    }
    out
}

fn replaced(text: &str, range: std::ops::Range<usize>, with: &str) -> String {
    format!("{}{with}{}", &text[..range.start], &text[range.end..])
}

fn lower_case(text: &str, plan: &mut Plan<'_>) -> Option<String> {
    let list: Vec<_> = leaves(text)
        .into_iter()
        .filter(|r| text[r.clone()].bytes().any(|b| b.is_ascii_uppercase()))
        .collect();
    let range = list.get(plan.next() % list.len().max(1))?.clone();
    let lowered: String = text[range.clone()]
        .chars()
        .map(|c| if plan.next() % 2 == 0 { c.to_ascii_lowercase() } else { c })
        .collect();
    Some(replaced(text, range, &lowered)).filter(|t| !is_ok(t.as_bytes()))
}

fn spaces(text: &str, plan: &mut Plan<'_>) -> Option<String> {
    let list: Vec<_> = leaves(text)
        .into_iter()
        .filter(|r| !text[r.clone()].contains(' '))
        .collect();
    let range = list.get(plan.next() % list.len().max(1))?.clone();
    let value = &text[range.clone()];
    let spaced = [format!(" {value}"), format!("{value} "), format!("\t{value}  ")][plan.next() % 3].clone();
    Some(replaced(text, range, &spaced)).filter(|t| !is_ok(t.as_bytes()))
}

fn italian_date(text: &str, plan: &mut Plan<'_>) -> Option<String> {
    let list: Vec<_> = leaves(text)
        .into_iter()
        .filter(|r| {
            let v = text[r.clone()].as_bytes();
            v.len() >= 10 && v[4] == b'-' && v[7] == b'-'
        })
        .collect();
    let range = list.get(plan.next() % list.len().max(1))?.clone();
    let value = &text[range.clone()];
    let (y, m, d) = (&value[..4], &value[5..7], &value[8..10]);
    let date = match plan.next() % 4 {
        0 => format!("{d}/{m}/{y}"),
        1 => format!("{d}-{m}-{y}"),
        2 => format!("{d}.{m}.{y}"),
        _ => format!("{y}/{m}/{d}"),
    };
    let italian = match value.get(10..)? {
        "" => date,
        time if time.len() == 9 && time.ends_with(":00") => format!("{date} {}", &time[1..6]),
        time => format!("{date} {}", time.get(1..)?),
    };
    Some(replaced(text, range, &italian))
}

fn swap(text: &str, plan: &mut Plan<'_>) -> Option<String> {
    let parsed = check_bytes(text.as_bytes().to_vec(), common::context()).parsed?;
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
    let (a, b) = *pairs.get(plan.next() % pairs.len().max(1))?;
    let (ra, rb) = (parsed.range(a)?, parsed.range(b)?);
    Some(format!(
        "{}{}{}{}{}",
        &text[..ra.start],
        &text[rb.clone()],
        &text[ra.end..rb.start],
        &text[ra.clone()],
        &text[rb.end..]
    ))
}
