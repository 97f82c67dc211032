//! Children in the wrong order (CL0103 → CL1007): put in the order of the
//! parent's content model, each child moving with what precedes it since
//! the previous child (its indentation and comments). Only when every
//! child is one the model allows and none is repeated beyond its maximum:
//! nothing is added, removed or renamed.

use std::ops::Range;

use super::edit::{Replacement, TextEdit};
use super::{Kind, Repair};
use crate::diagnostic::Diagnostic;
use crate::document::{NodeId, Parsed};
use crate::schema::compiled::Compiled;
use crate::schema::compiled::compile::Content;
use crate::schema::diagnostics::ORDINE_ERRATO;

pub(super) fn find(
    parsed: &Parsed,
    schema: &Compiled,
    diagnostics: &[Diagnostic],
    edits: &mut Vec<TextEdit>,
    repairs: &mut Vec<Repair>,
) {
    for diagnostic in diagnostics
        .iter()
        .filter(|d| std::ptr::eq(d.rule, &ORDINE_ERRATO))
    {
        let Some(path) = diagnostic.path.as_deref() else {
            continue;
        };
        let Some((parent_path, _)) = path.rsplit_once('/') else {
            continue;
        };
        let Some(parent) = node_at(parsed, parent_path) else {
            continue;
        };
        if let Some((edit, repair)) = reorder(parsed, schema, parent, parent_path) {
            if edits.iter().any(|e| overlaps(&e.range, &edit.range)) {
                continue;
            }
            edits.push(edit);
            repairs.push(repair);
        }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The element a verify path names (`/A/B[2]/c`).
pub(super) fn node_at(parsed: &Parsed, path: &str) -> Option<NodeId> {
    let mut steps = path.strip_prefix('/')?.split('/');
    let (root_name, root_index) = step(steps.next()?)?;
    if parsed.name(parsed.root) != root_name || root_index != 1 {
        return None;
    }
    steps.try_fold(parsed.root, |at, part| {
        let (name, index) = step(part)?;
        parsed
            .elements(at)
            .filter(|&c| parsed.name(c) == name)
            .nth(index - 1)
    })
}

fn step(part: &str) -> Option<(&str, usize)> {
    match part.strip_suffix(']').and_then(|p| p.split_once('[')) {
        Some((name, index)) => Some((name, index.parse().ok().filter(|i| *i >= 1)?)),
        None => Some((part, 1)),
    }
}

fn reorder(
    parsed: &Parsed,
    schema: &Compiled,
    parent: NodeId,
    parent_path: &str,
) -> Option<(TextEdit, Repair)> {
    let root_decl = *schema.globals.get(parsed.name(parsed.root))?;
    let names: Vec<&str> = parent_path
        .split('/')
        .skip(2)
        .map(|part| step(part).map_or(part, |(name, _)| name))
        .collect();
    let decl = if names.is_empty() {
        root_decl
    } else {
        schema.element_at(root_decl, &names.join("/"))?
    };
    let Content::Sequence(particles) = &schema.elements[decl].content else {
        return None;
    };
    let children: Vec<NodeId> = parsed.elements(parent).collect();
    let mut placed = Vec::with_capacity(children.len());
    let mut counts = vec![0u32; particles.len()];
    for &child in &children {
        let id = schema.names.get(parsed.name(child))?;
        let index = particles.iter().position(|p| p.name == *id)?;
        counts[index] += 1;
        placed.push((index, child));
    }
    if particles
        .iter()
        .zip(&counts)
        .any(|(p, &n)| p.max.is_some_and(|max| n > max))
    {
        return None;
    }
    let mut sorted = placed.clone();
    sorted.sort_by_key(|(index, _)| *index);
    if sorted == placed {
        return None;
    }
    // Each child with what precedes it since the previous child.
    let parent_range = parsed.range(parent)?;
    let content_start = start_tag_end(&parsed.text, parent_range.start)?;
    let mut units = Vec::with_capacity(children.len());
    let mut from = content_start;
    for &child in &children {
        let range = parsed.range(child)?;
        if range.start < from {
            return None;
        }
        units.push(from..range.end);
        from = range.end;
    }
    let order: Vec<Range<usize>> = sorted
        .iter()
        .map(|(_, child)| units[children.iter().position(|c| c == child).unwrap_or(0)].clone())
        .collect();
    let name_list = |list: &[(usize, NodeId)]| {
        list.iter()
            .map(|(_, c)| parsed.name(*c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let repair = Repair {
        kind: Kind::Order,
        position: parsed.position(parent),
        path: Some(parent_path.to_string()),
        before: name_list(&placed),
        after: name_list(&sorted),
    };
    let edit = TextEdit {
        range: content_start..from,
        with: Replacement::Moved(order),
    };
    Some((edit, repair))
}

/// The offset just after the `>` of the start tag at `start`.
fn start_tag_end(text: &str, start: usize) -> Option<usize> {
    let mut quote = None;
    for (i, b) in text.as_bytes()[start..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(*b),
            (Some(q), _) if q == *b => quote = None,
            (None, b'>') => return Some(start + i + 1),
            _ => {}
        }
    }
    None
}
