//! Repairs of one field's value (CL0105, CL0106, CL0107, CL0113 →
//! CL1004 spaces, CL1005 case, CL1006 dates): the field the diagnostic
//! names, its simple type from the schema, and candidates that keep what
//! was written. A candidate is used only when the schema's own value check
//! accepts it; when none is, the value is left as it is.

use std::ops::Range;

use super::edit::{Replacement, TextEdit};
use super::{Kind, Repair};
use crate::diagnostic::Diagnostic;
use crate::document::Parsed;
use crate::schema::compiled::pass::classify_value;
use crate::schema::compiled::{
    Compiled, Field, compile::BuiltIn, compile::Content, compile::SimpleType, compile::WhiteSpace,
};
use crate::schema::diagnostics as schema_diagnostics;

/// The value codes a repair can answer.
fn is_value_problem(diagnostic: &Diagnostic) -> bool {
    [
        &schema_diagnostics::VALORE_NON_AMMESSO,
        &schema_diagnostics::FORMATO_ERRATO,
        &schema_diagnostics::TESTO_TROPPO_LUNGO,
        &schema_diagnostics::LUNGHEZZA_ERRATA,
    ]
    .iter()
    .any(|rule| std::ptr::eq(*rule, diagnostic.rule))
}

pub(super) fn find(
    parsed: &Parsed,
    schema: &Compiled,
    fields: &[Field],
    diagnostics: &[Diagnostic],
    moved: &[Range<usize>],
    edits: &mut Vec<TextEdit>,
    repairs: &mut Vec<Repair>,
) {
    let mut by_start: Option<std::collections::HashMap<usize, &Field>> = None;
    for diagnostic in diagnostics.iter().filter(|d| is_value_problem(d)) {
        let (Some(position), Some(path)) = (diagnostic.position, diagnostic.path.as_deref()) else {
            continue;
        };
        // The fields by where their element starts, made once for the
        // file; the diagnostic's line and column are turned into that
        // offset (cheaper than a line and column for every field).
        let by_start = by_start.get_or_insert_with(|| {
            fields
                .iter()
                .filter_map(|f| Some((parsed.range(f.node)?.start, f)))
                .collect()
        });
        let Some(field) = parsed
            .position_offset(position)
            .and_then(|offset| by_start.get(&offset))
            .copied()
            .filter(|f| parsed.path_of(f.node) == path)
        else {
            continue;
        };
        let (start, end) = (field.content.0 as usize, field.content.1 as usize);
        if moved
            .iter()
            .any(|m| m.start < end.max(start + 1) && start < m.end)
        {
            // Inside children being put in order: the next round sees it
            // where it ends up.
            continue;
        }
        let Content::Simple(type_id) = schema.elements[field.element].content else {
            continue;
        };
        let st = &schema.types[type_id];
        let Some(raw) = parsed.text.get(start..end) else {
            continue;
        };
        // A value written in one piece: no reference, CDATA or comment.
        if raw.contains(['<', '&']) {
            continue;
        }
        let name = parsed.name(field.node);
        if let Some((range, new, found)) = repair_value(raw, st, name) {
            let range = start + range.start..start + range.end;
            for (kind, before, after) in found {
                repairs.push(Repair {
                    kind,
                    position: Some(position),
                    path: Some(path.to_string()),
                    before,
                    after,
                });
            }
            edits.push(TextEdit {
                range,
                with: Replacement::Text(new),
            });
        }
    }
}

/// Codes the rules reject that are written with lower-case letters (a
/// codice intermediario's Belfiore part, a codice fiscale where the schema
/// has no pattern): in capitals, when that makes the rule's error at that
/// field go away and adds no other error. The check of the whole file is
/// the judge, run once per candidate (a few per file at most).
pub(super) fn upper_case_codes(
    bytes: &[u8],
    parsed: &Parsed,
    layout: crate::chiusura::splice::Layout,
    diagnostics: &[Diagnostic],
    ctx: &crate::checks::Context,
) -> Option<super::Step> {
    const MAX_CANDIDATES: usize = 4;
    // The file's errors with a candidate, and whether one is at `path`.
    let errors = |bytes: &[u8], path: &str| {
        let check = crate::checks::check_bytes(bytes.to_vec(), ctx);
        let errors: Vec<_> = check.diagnostics.iter().filter(|d| d.is_error()).collect();
        (
            errors.len(),
            errors.iter().any(|d| d.path.as_deref() == Some(path)),
        )
    };
    let before = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut edits: Vec<TextEdit> = Vec::new();
    let mut repairs = Vec::new();
    let mut tried = 0;
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        let Some(path) = diagnostic.path.as_deref() else {
            continue;
        };
        let Some(node) = super::order::node_at(parsed, path) else {
            continue;
        };
        if parsed.elements(node).next().is_some() {
            continue;
        }
        let Some(range) = parsed.range(node) else { continue };
        let element = &parsed.text[range.clone()];
        let (Some(open), Some(close)) = (element.find('>'), element.rfind("</")) else {
            continue;
        };
        let (start, end) = (range.start + open + 1, range.start + close);
        let raw = &parsed.text[start..end];
        let value = raw.trim_matches(is_xml_space);
        let upper = value.to_uppercase();
        if value.is_empty()
            || value.contains(['<', '&', ' '])
            || upper == value
            || upper.chars().count() != value.chars().count()
            || edits.iter().any(|e| e.range.start < end && start < e.range.end)
        {
            continue;
        }
        tried += 1;
        if tried > MAX_CANDIDATES {
            break;
        }
        let lead = raw.len() - raw.trim_start_matches(is_xml_space).len();
        let edit = TextEdit {
            range: start + lead..start + lead + value.len(),
            with: Replacement::Text(upper.clone()),
        };
        let Some(candidate) = super::edit::apply(bytes, &parsed.text, layout, vec![edit.clone()]) else {
            continue;
        };
        let (count, at_path) = errors(&candidate, path);
        if count < before && !at_path {
            edits.push(edit);
            repairs.push(Repair {
                kind: Kind::Case,
                position: diagnostic.position,
                path: Some(path.to_string()),
                before: value.to_string(),
                after: upper,
            });
        }
    }
    if edits.is_empty() {
        return None;
    }
    let bytes = super::edit::apply(bytes, &parsed.text, layout, edits)?;
    Some(super::Step { bytes, repairs })
}

type Found = Vec<(Kind, String, String)>;

/// The part of `raw` to replace, its new text, and the repairs that make
/// it; `None` when no candidate is accepted.
pub(crate) fn repair_value(raw: &str, st: &SimpleType, field: &str) -> Option<(Range<usize>, String, Found)> {
    let accepted = |value: &str| classify_value(value, st, field).is_none();
    if accepted(raw) {
        return None;
    }
    let core = raw.trim_matches(is_xml_space);
    let lead = raw.len() - raw.trim_start_matches(is_xml_space).len();
    let core_range = lead..lead + core.len();
    let spaces_matter = st.white_space() != WhiteSpace::Collapse && core.len() != raw.len();
    let mut found: Found = Vec::new();
    let range = if spaces_matter {
        found.push((Kind::Trim, raw.to_string(), core.to_string()));
        if accepted(core) {
            return Some((0..raw.len(), core.to_string(), found));
        }
        0..raw.len()
    } else {
        core_range
    };
    let candidate = case(core, st, &accepted).map(|c| (Kind::Case, c)).or_else(|| {
        date(core, st.base)
            .filter(|c| accepted(c))
            .map(|c| (Kind::Date, c))
    })?;
    let (kind, new) = candidate;
    found.push((kind, core.to_string(), new.clone()));
    Some((range, new, found))
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The one allowed form that differs from `value` only in case: the one
/// enumeration value equal to it ignoring case, or, for a pattern or a
/// date-time (`T`, `Z`), its upper-case form when that is accepted and its
/// lower-case form is not (the tables and codici fiscali are written in
/// capitals).
fn case(value: &str, st: &SimpleType, accepted: &dyn Fn(&str) -> bool) -> Option<String> {
    let folded = value.to_lowercase();
    if !st.enumeration.is_empty() {
        let mut matches = st.enumeration.iter().filter(|e| e.to_lowercase() == folded);
        let only = matches.next()?;
        return (matches.next().is_none() && only != value && accepted(only)).then(|| only.clone());
    }
    if st.patterns.is_empty() && st.base == BuiltIn::String {
        return None;
    }
    let upper = value.to_uppercase();
    if upper == value || upper.chars().count() != value.chars().count() {
        return None;
    }
    (accepted(&upper) && (folded == upper || !accepted(&folded))).then_some(upper)
}

/// An Italian date (`12/03/1990`, `12-03-1990`, `12.03.1990`, `1990/03/12`)
/// or date and time (`12/03/2026 09:30`, `... 09:30:15`) in ISO form, for
/// a field of that type. Whether the day exists is the caller's check.
fn date(value: &str, base: BuiltIn) -> Option<String> {
    match base {
        BuiltIn::Date => iso_date(value),
        BuiltIn::DateTime => {
            let (day, time) = value.split_once([' ', 'T'])?;
            let date = iso_date(day.trim())?;
            let time = time.trim();
            let parts: Vec<&str> = time.split(':').collect();
            let two = |s: &str| s.len() <= 2 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let time = match parts.as_slice() {
                [h, m] if two(h) && two(m) && m.len() == 2 => format!("{h:0>2}:{m}:00"),
                [h, m, s] if two(h) && two(m) && two(s) && m.len() == 2 && s.len() == 2 => {
                    format!("{h:0>2}:{m}:{s}")
                }
                _ => return None,
            };
            Some(format!("{date}T{time}"))
        }
        _ => None,
    }
}

fn iso_date(value: &str) -> Option<String> {
    let separator = value.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = value.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let (year, month, day) = if digits(a, 4, 4) && separator == '/' && digits(b, 1, 2) && digits(c, 1, 2) {
        (a, b, c)
    } else if digits(c, 4, 4) && digits(a, 1, 2) && digits(b, 1, 2) {
        (c, b, a)
    } else {
        return None;
    };
    Some(format!("{year}-{month:0>2}-{day:0>2}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_dates_become_iso_and_others_are_left() {
        assert_eq!(iso_date("12/03/1990").as_deref(), Some("1990-03-12"));
        assert_eq!(iso_date("12-03-1990").as_deref(), Some("1990-03-12"));
        assert_eq!(iso_date("12.03.1990").as_deref(), Some("1990-03-12"));
        assert_eq!(iso_date("1990/03/12").as_deref(), Some("1990-03-12"));
        assert_eq!(iso_date("1/3/1990").as_deref(), Some("1990-03-01"));
        assert_eq!(iso_date("12/03/90"), None);
        assert_eq!(iso_date("1990-03-12x"), None);
        assert_eq!(iso_date("12/03-1990"), None);
        assert_eq!(
            date("12/03/2026 09:30", BuiltIn::DateTime).as_deref(),
            Some("2026-03-12T09:30:00")
        );
        assert_eq!(date("12/03/2026", BuiltIn::DateTime), None);
        assert_eq!(date("12/03/2026 09:30", BuiltIn::Date), None);
        assert_eq!(date("12/03/2026", BuiltIn::String), None);
    }
}
