//! Encoding repairs (CL0020, CL0021, CL0023 → CL1001): the file's text,
//! read the one way its bytes allow, written again as UTF-8 with a
//! declaration that says so. Line endings and every character stay.
//!
//! Only when the reading is certain under the rules `verify` applies
//! (input/encoding.rs): windows-1252 is what verify names for a byte that
//! is not UTF-8 (Windows Notepad's "ANSI" on Italian systems), but a file
//! that also holds valid UTF-8 sequences mixes two encodings, and a byte
//! that is a different letter in ISO-8859-15 (€ or ¤ at 0xA4...) could be
//! either: those files are left.

use std::ops::Range;

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{Kind, Repair, Step};
use crate::input::encoding::EncodingError;

/// Bytes that are different characters in windows-1252 and ISO-8859-15.
const DIFFERENT_IN_8859_15: [u8; 8] = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE];

const UTF8: &str = "UTF-8";

pub(super) fn repair(bytes: &[u8], error: &EncodingError) -> Option<Step> {
    match error {
        EncodingError::InvalidBytes {
            encoding: "UTF-8",
            at: Some(bad),
            ..
        } if bad.windows_1252.is_some() => from_windows_1252(bytes),
        EncodingError::BomConflict {
            bom: "UTF-8",
            declared,
        } => {
            let rest = &bytes[3..];
            std::str::from_utf8(rest).ok()?;
            let range = declaration_value(rest)?;
            let mut out = bytes[..3].to_vec();
            out.extend_from_slice(&rest[..range.start]);
            out.extend_from_slice(UTF8.as_bytes());
            out.extend_from_slice(&rest[range.end..]);
            Some(step(out, declared, "UTF-8"))
        }
        EncodingError::BomConflict { bom, .. } if bom.starts_with("UTF-16") => {
            let little = *bom == "UTF-16LE";
            from_utf16(&bytes[2..], little, bom)
        }
        EncodingError::DeclarationConflict { declared, found, .. } => match *found {
            "UTF-16LE" => from_utf16(bytes, true, found),
            "UTF-16BE" => from_utf16(bytes, false, found),
            // Valid UTF-8 (or ASCII) bytes under a declaration that says
            // otherwise: the declaration is what is wrong.
            _ => {
                std::str::from_utf8(bytes).ok()?;
                let range = declaration_value(bytes)?;
                let mut out = bytes[..range.start].to_vec();
                out.extend_from_slice(UTF8.as_bytes());
                out.extend_from_slice(&bytes[range.end..]);
                Some(step(out, declared, "UTF-8"))
            }
        },
        _ => None,
    }
}

fn step(bytes: Vec<u8>, before: &str, after: &str) -> Step {
    Step {
        bytes,
        repairs: vec![Repair {
            kind: Kind::Encoding,
            position: None,
            path: None,
            before: before.to_string(),
            after: after.to_string(),
        }],
    }
}

/// A file declared UTF-8 (or not declared) whose bytes are windows-1252.
fn from_windows_1252(bytes: &[u8]) -> Option<Step> {
    if bytes.iter().any(|b| DIFFERENT_IN_8859_15.contains(b)) || has_utf8_sequence(bytes) {
        return None;
    }
    let text = WINDOWS_1252.decode_without_bom_handling_and_without_replacement(bytes)?;
    // The five bytes windows-1252 leaves undefined decode to C1 controls.
    if text.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)) {
        return None;
    }
    Some(step(text.into_owned().into_bytes(), "windows-1252", UTF8))
}

/// Whether a multi-byte UTF-8 sequence appears: then the file mixes
/// UTF-8 text with single-byte accents, and no one reading is certain.
fn has_utf8_sequence(bytes: &[u8]) -> bool {
    let mut at = 0;
    while at < bytes.len() {
        let lead = bytes[at];
        let len = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                at += 1;
                continue;
            }
        };
        if let Some(seq) = bytes.get(at..at + len)
            && std::str::from_utf8(seq).is_ok()
        {
            return true;
        }
        at += 1;
    }
    false
}

/// UTF-16 text (without its byte-order mark) as UTF-8, the declaration's
/// encoding set to UTF-8.
fn from_utf16(bytes: &[u8], little_endian: bool, name: &str) -> Option<Step> {
    let encoding = if little_endian { UTF_16LE } else { UTF_16BE };
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    let mut out = text.into_owned().into_bytes();
    if let Some(range) = declaration_value(&out) {
        out.splice(range, UTF8.bytes());
    }
    Some(step(out, name, UTF8))
}

/// Byte range of the value of the declaration's `encoding` pseudo-attribute
/// (ASCII-compatible bytes), as input/encoding.rs reads it.
fn declaration_value(bytes: &[u8]) -> Option<Range<usize>> {
    let head = &bytes[..bytes.len().min(1024)];
    let rest = head.strip_prefix(b"<?xml")?;
    if !rest.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = &rest[..end];
    let mut from = 0;
    while let Some(found) = find(&decl[from..], b"encoding") {
        let at = from + found;
        let before_ok = at == 0 || decl[at - 1].is_ascii_whitespace();
        let mut i = at + b"encoding".len();
        while decl.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if before_ok && decl.get(i) == Some(&b'=') {
            i += 1;
            while decl.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let quote = *decl.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
            let close = decl[i + 1..].iter().position(|b| *b == quote)?;
            let base = b"<?xml".len();
            return Some(base + i + 1..base + i + 1 + close);
        }
        from = at + b"encoding".len();
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_declared_encoding_value() {
        let bytes = b"<?xml version=\"1.0\" encoding='ISO-8859-1'?><a/>";
        let range = declaration_value(bytes).unwrap();
        assert_eq!(&bytes[range], b"ISO-8859-1");
        assert!(declaration_value(b"<a/>").is_none());
    }

    #[test]
    fn mixed_or_ambiguous_single_byte_files_are_left() {
        assert!(has_utf8_sequence("città".as_bytes()));
        assert!(!has_utf8_sequence(b"citt\xe0 e perch\xe9"));
        assert!(from_windows_1252(b"<a>costo \xa4 5</a>").is_none());
        assert!(from_windows_1252(b"<a>\x81</a>").is_none());
        let step = from_windows_1252(b"<a>citt\xe0\r\n</a>").unwrap();
        assert_eq!(step.bytes, "<a>città\r\n</a>".as_bytes());
    }
}
