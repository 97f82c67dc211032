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
    if !junk
        .chars()
        .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{FEFF}'))
    {
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
/// (up to the next `<`), written `&amp;`. Each `&` costs the length of the
/// name after it, and positions are counted on from the previous one: a
/// run of many `&` costs what reading it costs.
fn ampersands(bytes: &[u8], text: &str, layout: Layout, at: usize, diagnostic: &Diagnostic) -> Option<Step> {
    if text.as_bytes().get(at) != Some(&b'&') || starts_reference(&text[at..]) {
        return None;
    }
    let first = diagnostic.position?;
    let run_end = memchr::memchr(b'<', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
    let mut edits = Vec::new();
    let mut repairs = Vec::new();
    let (mut counted_to, mut position) = (at, first);
    for (i, _) in text[at..run_end].match_indices('&') {
        let amp = at + i;
        if starts_reference(&text[amp..]) {
            continue;
        }
        for c in text[counted_to..amp].chars() {
            if c == '\n' {
                position.line += 1;
                position.column = 1;
            } else {
                position.column += 1;
            }
        }
        counted_to = amp;
        edits.push(TextEdit {
            range: amp + 1..amp + 1,
            with: Replacement::Text("amp;".into()),
        });
        let (before, after) = context(text, amp);
        repairs.push(Repair {
            kind: Kind::Ampersand,
            position: Some(position),
            path: diagnostic.path.clone(),
            before,
            after,
        });
    }
    let bytes = edit::apply(bytes, text, layout, edits)?;
    Some(Step { bytes, repairs })
}

/// Whether `&...` is a well-formed reference: `&name;`, `&#digits;`,
/// `&#xhex;` (read up to the first character that cannot continue it).
fn starts_reference(from_amp: &str) -> bool {
    let rest = &from_amp[1..];
    let end = if let Some(hex) = rest.strip_prefix("#x") {
        let digits = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
        (digits > 0).then_some(2 + digits)
    } else if let Some(decimal) = rest.strip_prefix('#') {
        let digits = decimal.bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0).then_some(1 + digits)
    } else {
        let mut chars = rest.char_indices();
        match chars.next() {
            Some((_, c)) if is_name_start_char(c) => Some(
                chars
                    .find(|(_, c)| !is_name_char(*c))
                    .map_or(rest.len(), |(i, _)| i),
            ),
            _ => None,
        }
    };
    end.is_some_and(|end| rest[end..].starts_with(';'))
}

/// A few characters around the `&` (on its line, after the tag before it),
/// before and after the repair.
fn context(text: &str, amp: usize) -> (String, String) {
    let window_start = crate::document::floor_char_boundary(text, amp.saturating_sub(48));
    let before_amp = &text[window_start..amp];
    let start = before_amp
        .char_indices()
        .rev()
        .take(12)
        .last()
        .map_or(amp, |(i, _)| window_start + i);
    let cut = before_amp
        .rfind(['\n', '>'])
        .map_or(window_start, |i| window_start + i + 1);
    let start = start.max(cut);
    let window_end = crate::document::floor_char_boundary(text, (amp + 48).min(text.len()));
    let after_amp = &text[amp..window_end];
    let end = after_amp
        .char_indices()
        .take(13)
        .last()
        .map_or(amp, |(i, c)| amp + i + c.len_utf8());
    let end = end.min(after_amp.find(['<', '\n']).map_or(window_end, |i| amp + i));
    let before = text[start..end].to_string();
    let after = format!("{}&amp;{}", &text[start..amp], &text[amp + 1..end]);
    (before, after)
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
        assert!(!starts_reference("&a b;"));
    }

    #[test]
    fn context_shows_the_ampersand_in_its_value() {
        let text = "<a>Rossi & Figli</a>";
        let (before, after) = context(text, 9);
        assert_eq!(before, "Rossi & Figli");
        assert_eq!(after, "Rossi &amp; Figli");
    }
}
