//! Repairs of a file that is not well-formed (CL0030), at the place the
//! XML parser stopped: white space or stray byte-order marks before
//! `<?xml` (CL1002), and a bare `&` that starts no reference (CL1003).

use super::edit::{self, Replacement, TextEdit};
use super::{Kind, Repair, Step, offset_of};
use crate::chiusura::splice::Layout;
use crate::diagnostic::{Arg, Diagnostic, Reason};
use crate::xml::XmlErrorKind;
use crate::xml::{is_name_char, is_name_start_char};

pub(super) fn repair(bytes: &[u8], text: &str, layout: Layout, diagnostics: &[Diagnostic]) -> Option<Step> {
    if let Some(step) = prolog(bytes, text, layout) {
        return Some(step);
    }
    let diagnostic = diagnostics.first()?;
    let Some(Arg::Reason(Reason::MalformedXml(kind))) = diagnostic.get("motivo") else {
        return None;
    };
    match kind {
        XmlErrorKind::Unterminated(crate::xml::Markup::Reference) => {
            let at = offset_of(text, diagnostic.position?)?;
            ampersands(bytes, text, layout, at, diagnostic)
        }
        _ => None,
    }
}

/// White space and U+FEFF before an XML declaration: removed.
fn prolog(bytes: &[u8], text: &str, layout: Layout) -> Option<Step> {
    let lead = text.find("<?xml")?;
    let after = text[lead + 5..].chars().next()?;
    if lead == 0 || !matches!(after, ' ' | '\t' | '\n' | '\r') {
        return None;
    }
    let junk = &text[..lead];
    if !junk.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{FEFF}')) {
        return None;
    }
    let edits = vec![TextEdit {
        range: 0..lead,
        with: Replacement::Text(String::new()),
    }];
    let bytes = edit::apply(bytes, text, layout, edits)?;
    Some(Step {
        bytes,
        repairs: vec![Repair {
            kind: Kind::Prolog,
            position: Some(crate::diagnostic::Position { line: 1, column: 1 }),
            path: None,
            before: junk.chars().count().to_string(),
            after: String::new(),
        }],
    })
}

/// The bare `&` at `at`, and the others of the same run of character data
/// (up to the next `<`), written `&amp;`.
fn ampersands(bytes: &[u8], text: &str, layout: Layout, at: usize, diagnostic: &Diagnostic) -> Option<Step> {
    if text.as_bytes().get(at) != Some(&b'&') || starts_reference(&text[at..]) {
        return None;
    }
    let run_end = text[at..].find('<').map_or(text.len(), |i| at + i);
    let mut edits = Vec::new();
    let mut repairs = Vec::new();
    for (i, _) in text[at..run_end].match_indices('&') {
        let amp = at + i;
        if starts_reference(&text[amp..]) {
            continue;
        }
        edits.push(TextEdit {
            range: amp + 1..amp + 1,
            with: Replacement::Text("amp;".into()),
        });
        let (before, after) = context(text, amp);
        let position = if amp == at {
            diagnostic.position
        } else {
            Some(position_of(text, amp))
        };
        repairs.push(Repair {
            kind: Kind::Ampersand,
            position,
            path: diagnostic.path.clone(),
            before,
            after,
        });
    }
    let bytes = edit::apply(bytes, text, layout, edits)?;
    Some(Step { bytes, repairs })
}

/// Whether `&...` is a well-formed reference: `&name;`, `&#digits;`, `&#xhex;`.
fn starts_reference(from_amp: &str) -> bool {
    let rest = &from_amp[1..];
    let Some(end) = rest.find(';') else {
        return false;
    };
    let body = &rest[..end];
    if let Some(hex) = body.strip_prefix("#x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if let Some(digits) = body.strip_prefix('#') {
        return !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    }
    let mut chars = body.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// A few characters around the `&`, before and after the repair.
fn context(text: &str, amp: usize) -> (String, String) {
    let start = text[..amp]
        .char_indices()
        .rev()
        .take(12)
        .last()
        .map_or(amp, |(i, _)| i);
    let line_start = text[..amp].rfind('\n').map_or(0, |i| i + 1);
    let start = start.max(line_start).max(text[..amp].rfind('>').map_or(0, |i| i + 1));
    let end = text[amp..]
        .char_indices()
        .take(13)
        .last()
        .map_or(amp, |(i, c)| amp + i + c.len_utf8());
    let end = end.min(text[amp..].find(['<', '\n']).map_or(text.len(), |i| amp + i));
    let before = text[start..end].to_string();
    let after = format!("{}&amp;{}", &text[start..amp], &text[amp + 1..end]);
    (before, after)
}

fn position_of(text: &str, offset: usize) -> crate::diagnostic::Position {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    crate::diagnostic::Position {
        line: line as u32,
        column: before[line_start..].chars().count() as u32 + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_told_from_bare_ampersands() {
        assert!(starts_reference("&amp; x"));
        assert!(starts_reference("&#233;"));
        assert!(starts_reference("&#xE9;"));
        assert!(starts_reference("&nbsp;"));
        assert!(!starts_reference("& Figli"));
        assert!(!starts_reference("&Figli</a>"));
        assert!(!starts_reference("&#x;"));
    }

    #[test]
    fn context_shows_the_ampersand_in_its_value() {
        let text = "<a>Rossi & Figli</a>";
        let (before, after) = context(text, 9);
        assert_eq!(before, "Rossi & Figli");
        assert_eq!(after, "Rossi &amp; Figli");
    }
}
