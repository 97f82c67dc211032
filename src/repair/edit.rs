//! Edits located in the decoded text, spliced into the original bytes: the
//! offsets are mapped back through the file's layout (encoding, byte-order
//! mark, CRLF line ends) as `clic close` does, new text is encoded in the
//! file's own encoding, and moved text is copied from the original bytes,
//! so that a diff of the file shows only what was repaired.

use std::ops::Range;

use crate::chiusura::splice::{Layout, map_offsets};

/// What replaces a range of the decoded text.
#[derive(Debug, Clone)]
pub enum Replacement {
    /// New text, encoded in the file's encoding.
    Text(String),
    /// Ranges of the decoded text, copied from the original bytes in this
    /// order (children put back in order).
    Moved(Vec<Range<usize>>),
}

/// One change, located in the decoded text.
#[derive(Debug, Clone)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub with: Replacement,
}

/// Applies `edits` (non-overlapping ones; of two that overlap, the first
/// in text order wins) to the original `bytes`. `None` when the bytes do
/// not line up with `text` or a new text cannot be written in the file's
/// encoding.
pub fn apply(bytes: &[u8], text: &str, layout: Layout, mut edits: Vec<TextEdit>) -> Option<Vec<u8>> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut kept: Vec<TextEdit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if kept.last().is_none_or(|last| last.range.end <= edit.range.start) {
            kept.push(edit);
        }
    }
    let mut targets = Vec::new();
    for edit in &kept {
        targets.push(edit.range.start);
        targets.push(edit.range.end);
        if let Replacement::Moved(parts) = &edit.with {
            for part in parts {
                targets.push(part.start);
                targets.push(part.end);
            }
        }
    }
    targets.sort_unstable();
    targets.dedup();
    let mapped = map_offsets(text, bytes, layout, &targets)?;
    let at = |offset: usize| -> usize {
        let index = targets.binary_search(&offset).unwrap_or(0);
        mapped[index]
    };
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut from = 0;
    for edit in &kept {
        let (start, end) = (at(edit.range.start), at(edit.range.end));
        out.extend_from_slice(&bytes[from..start]);
        match &edit.with {
            Replacement::Text(new) => out.extend_from_slice(&layout.encode(new)?),
            Replacement::Moved(parts) => {
                for part in parts {
                    out.extend_from_slice(&bytes[at(part.start)..at(part.end)]);
                }
            }
        }
        from = end;
    }
    out.extend_from_slice(&bytes[from..]);
    Some(out)
}
