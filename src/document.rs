//! A file's bytes become decoded text, and the document pass's element
//! table becomes a [`Parsed`] document the rules, the records and `clic
//! close` read: names, parents, byte ranges and leaf texts, with no other
//! copy of the text. Line and column are computed only when asked for.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Position, Reason};
use crate::input::diagnostics;
use crate::input::encoding::{self, BadByte, Decoded, EncodingError};

/// An element of a [`Parsed`] document: its index in document order.
pub type NodeId = u32;

const NONE: u32 = u32::MAX;

/// One element as the pass saw it.
#[derive(Debug, Clone)]
struct Element {
    /// Byte range of the local name.
    name: (u32, u32),
    parent: u32,
    first_child: u32,
    next_sibling: u32,
    /// The `<` of the start tag, and the end of the element (after the
    /// `>` of its end tag, or of the empty-element tag).
    start: u32,
    end: u32,
    text: Text,
}

/// An element's own character data.
#[derive(Debug, Clone)]
enum Text {
    None,
    /// One piece, as written in the text (no reference, no CDATA split).
    Range(u32, u32),
    /// A first piece as written, then only character data written right
    /// after its child elements (white space between elements, mostly):
    /// not recorded, found again from the children's ends when read.
    Gaps(u32, u32),
    /// Several pieces (white space around child elements, references,
    /// CDATA): the first and last of a list in `Tree::pieces`, joined
    /// only when read.
    Pieces(u32, u32),
}

/// One piece of an element's character data.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// Byte range in the text, or in `Tree::resolved` when `resolved`.
    from: u32,
    to: u32,
    resolved: bool,
    next: u32,
}

/// The element table the document pass fills, in document order.
#[derive(Debug, Default)]
pub struct Tree {
    elements: Vec<Element>,
    pieces: Vec<Piece>,
    /// Character data not written as is (references resolved).
    resolved: String,
    /// The open elements, each with its last child so far (to link
    /// siblings), `NONE` before the first.
    open: Vec<(u32, u32)>,
}

impl Tree {
    /// An empty table sized for a text of `len` bytes (about one element,
    /// and one piece of white space between elements, per 32 bytes in the
    /// portal's files), so that it rarely grows.
    pub fn for_text(len: usize) -> Tree {
        Tree {
            elements: Vec::with_capacity(len / 32 + 1),
            pieces: Vec::with_capacity(len / 32 + 1),
            resolved: String::new(),
            open: Vec::with_capacity(16),
        }
    }

    /// Elements started so far.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// An element's local name, as a byte range of the text.
    pub fn name_range(&self, node: NodeId) -> (usize, usize) {
        let (from, to) = self.elements[node as usize].name;
        (from as usize, to as usize)
    }

    /// Where an element starts (the `<` of its start tag).
    pub fn start_offset(&self, node: NodeId) -> usize {
        self.elements[node as usize].start as usize
    }

    /// An element's children started so far, in document order.
    pub fn children(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        children(&self.elements, node)
    }

    /// The absolute path of an element started so far, as
    /// [`Parsed::path_of`] gives it once the document is read.
    pub fn path_of(&self, text: &str, node: NodeId, cache: &PathCache) -> String {
        cache.path_of(&self.elements, text, node)
    }

    /// An element starts at `start` (its `<`); `name` is its local name's
    /// byte range in the text.
    #[inline]
    pub fn start(&mut self, name: (usize, usize), start: usize) {
        let node = self.elements.len() as u32;
        let parent = match self.open.last_mut() {
            Some((parent, last_child)) => {
                match *last_child {
                    NONE => self.elements[*parent as usize].first_child = node,
                    previous => self.elements[previous as usize].next_sibling = node,
                }
                *last_child = node;
                *parent
            }
            None => NONE,
        };
        self.elements.push(Element {
            name: (name.0 as u32, name.1 as u32),
            parent,
            first_child: NONE,
            next_sibling: NONE,
            start: start as u32,
            end: start as u32,
            text: Text::None,
        });
        self.open.push((node, NONE));
    }

    /// Character data of the innermost open element; `piece` borrows
    /// from `source` when it is written as is.
    #[inline]
    pub fn text(&mut self, source: &str, piece: &str) {
        let Some(&(node, last)) = self.open.last() else {
            return;
        };
        if piece.is_empty() {
            return;
        }
        let base = source.as_ptr() as usize;
        let at = (piece.as_ptr() as usize).wrapping_sub(base);
        let in_source = at < source.len();
        if in_source {
            match self.elements[node as usize].text {
                Text::None => {
                    self.elements[node as usize].text = Text::Range(at as u32, (at + piece.len()) as u32);
                    return;
                }
                // Written right after the last child element (a character
                // data token runs to the next `<` or `&`): found again
                // from the child's end when read.
                Text::Range(from, to) | Text::Gaps(from, to) => {
                    if last != NONE && self.elements[last as usize].end as usize == at {
                        self.elements[node as usize].text = Text::Gaps(from, to);
                        return;
                    }
                }
                Text::Pieces(..) => {}
            }
        }
        self.text_in_pieces(source, node, piece, at, in_source);
    }

    /// [`Tree::text`] for character data not told from the children's
    /// ends: the element's text so far and this piece, as a list.
    #[cold]
    fn text_in_pieces(&mut self, source: &str, node: u32, piece: &str, at: usize, in_source: bool) {
        let (from, to) = if in_source {
            (at, at + piece.len())
        } else {
            self.resolved.push_str(piece);
            (self.resolved.len() - piece.len(), self.resolved.len())
        };
        let (first, mut last) = match self.elements[node as usize].text {
            Text::None => {
                let index = push(&mut self.pieces, from, to, !in_source);
                self.elements[node as usize].text = Text::Pieces(index, index);
                return;
            }
            Text::Range(first_from, first_to) => {
                let first = push(&mut self.pieces, first_from as usize, first_to as usize, false);
                (first, first)
            }
            Text::Gaps(first_from, first_to) => {
                let first = push(&mut self.pieces, first_from as usize, first_to as usize, false);
                let mut last = first;
                let mut child = self.elements[node as usize].first_child;
                while child != NONE {
                    let element = &self.elements[child as usize];
                    if element.start >= first_to {
                        let (gap_from, gap_to) = gap(source, element.end as usize);
                        if gap_to > gap_from {
                            let index = push(&mut self.pieces, gap_from, gap_to, false);
                            self.pieces[last as usize].next = index;
                            last = index;
                        }
                    }
                    child = self.elements[child as usize].next_sibling;
                }
                (first, last)
            }
            Text::Pieces(first, last) => (first, last),
        };
        let index = push(&mut self.pieces, from, to, !in_source);
        self.pieces[last as usize].next = index;
        last = index;
        self.elements[node as usize].text = Text::Pieces(first, last);
    }

    /// The innermost open element ends; `after` is the offset after the
    /// `>` of its end tag (or of its empty-element tag).
    pub fn end(&mut self, after: usize) {
        let Some((node, _)) = self.open.pop() else { return };
        self.elements[node as usize].end = after as u32;
    }
}

/// `str::trim`, at once when the text starts and ends with a printable
/// ASCII character (every white space `trim` removes is at most a space,
/// or beyond ASCII).
fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if (0x21..0x80).contains(first) && (0x21..0x80).contains(last) => text,
        [only] if (0x21..0x80).contains(only) => text,
        _ => text.trim(),
    }
}

/// The character data written at `from` (after a child element's end):
/// up to the next `<` or `&`, as the tokenizer cuts it.
fn gap(text: &str, from: usize) -> (usize, usize) {
    let bytes = &text.as_bytes()[from..];
    let to = memchr::memchr2(b'<', b'&', bytes).map_or(text.len(), |i| from + i);
    (from, to)
}

/// Adds a piece to the list; its index.
fn push(pieces: &mut Vec<Piece>, from: usize, to: usize, resolved: bool) -> u32 {
    pieces.push(Piece {
        from: from as u32,
        to: to as u32,
        resolved,
        next: NONE,
    });
    pieces.len() as u32 - 1
}

/// `node`'s child elements, in document order (those started so far,
/// while the pass reads).
fn children(elements: &[Element], node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    let mut next = elements[node as usize].first_child;
    std::iter::from_fn(move || {
        let current = next;
        (current != NONE).then(|| {
            next = elements[current as usize].next_sibling;
            current
        })
    })
}

/// Paths asked of one document before its siblings are numbered at once.
const NUMBER_AFTER: u32 = 8;

/// What makes paths cheap when many are asked of one document: after
/// [`NUMBER_AFTER`] paths, every element's number among its same-named
/// siblings is found in one walk, instead of counting siblings per path
/// (a document of 100,000 unexpected siblings would cost their square).
#[derive(Debug, Default)]
pub struct PathCache {
    asked: Cell<u32>,
    /// Per element: its number among siblings of its name (from 1), or 0
    /// when no sibling shares its name.
    numbers: OnceCell<Vec<u32>>,
}

impl PathCache {
    /// The absolute path of `node`: local names from the root, with `[n]`
    /// where a name repeats among its siblings.
    fn path_of(&self, elements: &[Element], text: &str, node: NodeId) -> String {
        let name = |at: NodeId| {
            let (from, to) = elements[at as usize].name;
            &text[from as usize..to as usize]
        };
        let numbers = match self.numbers.get() {
            Some(numbers) => Some(numbers),
            None if self.asked.get() >= NUMBER_AFTER => {
                Some(self.numbers.get_or_init(|| sibling_numbers(elements, text)))
            }
            None => {
                self.asked.set(self.asked.get() + 1);
                None
            }
        };
        let mut parts = Vec::new();
        let mut at = node;
        while at != NONE {
            let parent = elements[at as usize].parent;
            let number = match numbers {
                _ if parent == NONE => 0,
                Some(numbers) => numbers[at as usize],
                None => {
                    let (mut same, mut index) = (0, 0);
                    for sibling in children(elements, parent).filter(|&s| name(s) == name(at)) {
                        same += 1;
                        if sibling == at {
                            index = same;
                        }
                    }
                    if same > 1 { index } else { 0 }
                }
            };
            parts.push(if number > 0 {
                format!("{}[{number}]", name(at))
            } else {
                name(at).to_string()
            });
            at = parent;
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }
}

/// Every element's number among its siblings of the same name (from 1),
/// 0 where the name is its own: one walk over each element's children.
fn sibling_numbers(elements: &[Element], text: &str) -> Vec<u32> {
    let mut numbers = vec![0u32; elements.len()];
    let mut seen: crate::hash::FxHashMap<&str, u32> = crate::hash::FxHashMap::default();
    for parent in 0..elements.len() as u32 {
        if elements[parent as usize].first_child == NONE {
            continue;
        }
        // Clearing costs the map's capacity: a map grown by one family of
        // many names is dropped, not cleared for every family after it.
        if seen.capacity() > 64 {
            seen = crate::hash::FxHashMap::default();
        } else {
            seen.clear();
        }
        for child in children(elements, parent) {
            let (from, to) = elements[child as usize].name;
            let count = seen.entry(&text[from as usize..to as usize]).or_insert(0);
            *count += 1;
            numbers[child as usize] = *count;
        }
        for child in children(elements, parent) {
            let (from, to) = elements[child as usize].name;
            if seen[&text[from as usize..to as usize]] == 1 {
                numbers[child as usize] = 0;
            }
        }
    }
    numbers
}

/// A well-formed XML document: its decoded text and its element table.
pub struct Parsed {
    /// Decoded text, newlines normalised: offsets index it.
    pub text: String,
    pub encoding: &'static str,
    pub root: NodeId,
    elements: Vec<Element>,
    pieces: Vec<Piece>,
    resolved: String,
    line_starts: OnceCell<LineIndex>,
    positions_asked: Cell<u32>,
    paths: PathCache,
}

/// Positions asked of one document before its line starts are tabled.
const TABLE_AFTER: u32 = 8;

impl Parsed {
    /// The document the pass read from `text`; `None` without a root.
    pub fn new(text: String, encoding: &'static str, tree: Tree) -> Option<Parsed> {
        if tree.elements.is_empty() {
            return None;
        }
        Some(Parsed {
            text,
            encoding,
            root: 0,
            elements: tree.elements,
            pieces: tree.pieces,
            resolved: tree.resolved,
            line_starts: OnceCell::new(),
            positions_asked: Cell::new(0),
            paths: PathCache::default(),
        })
    }

    /// Where an element starts (the `<` of its start tag).
    pub fn position(&self, node: NodeId) -> Option<Position> {
        let element = self.elements.get(node as usize)?;
        Some(self.offset_position(element.start as usize))
    }

    /// The element as written, from the `<` of its start tag to the end of
    /// its end tag.
    pub fn range(&self, node: NodeId) -> Option<Range<usize>> {
        let element = self.elements.get(node as usize)?;
        Some(element.start as usize..element.end as usize)
    }

    /// Line and column of a byte offset. Most documents are asked once or
    /// twice: the newlines before the offset are counted then; the table
    /// of line starts is built only for a document asked many times.
    pub fn offset_position(&self, offset: usize) -> Position {
        let Some(lines) = self.line_starts.get() else {
            let asked = self.positions_asked.get() + 1;
            self.positions_asked.set(asked);
            if asked < TABLE_AFTER {
                return offset_position(&self.text, offset);
            }
            self.line_starts.get_or_init(|| LineIndex::new(&self.text));
            return self.offset_position(offset);
        };
        lines.position(&self.text, offset)
    }

    /// The byte offset of a line and column (the inverse of
    /// [`Parsed::offset_position`]), with the table of line starts.
    pub fn position_offset(&self, position: Position) -> Option<usize> {
        self.line_starts
            .get_or_init(|| LineIndex::new(&self.text))
            .offset(&self.text, position)
    }

    /// The local name of an element.
    pub fn name(&self, node: NodeId) -> &str {
        let (from, to) = self.elements[node as usize].name;
        &self.text[from as usize..to as usize]
    }

    /// Element children, in document order.
    pub fn elements(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        children(&self.elements, node)
    }

    /// The first child element with this local name.
    pub fn child(&self, node: NodeId, name: &str) -> Option<NodeId> {
        self.elements(node).find(|&c| self.name(c) == name)
    }

    /// Follows a `/`-separated path of local names from `node`.
    pub fn find(&self, node: NodeId, path: &str) -> Option<NodeId> {
        path.split('/')
            .filter(|p| !p.is_empty())
            .try_fold(node, |at, name| self.child(at, name))
    }

    fn own_text(&self, node: NodeId) -> Cow<'_, str> {
        match self.elements[node as usize].text {
            Text::None => Cow::Borrowed(""),
            Text::Range(from, to) => Cow::Borrowed(&self.text[from as usize..to as usize]),
            Text::Gaps(from, to) => {
                let mut out = self.text[from as usize..to as usize].to_string();
                for child in self.elements(node) {
                    let element = &self.elements[child as usize];
                    if element.start >= to {
                        let (gap_from, gap_to) = gap(&self.text, element.end as usize);
                        out.push_str(&self.text[gap_from..gap_to]);
                    }
                }
                Cow::Owned(out)
            }
            Text::Pieces(first, _) => {
                let mut out = String::new();
                let mut at = first;
                while at != NONE {
                    let piece = self.pieces[at as usize];
                    let source = if piece.resolved {
                        &self.resolved
                    } else {
                        &self.text
                    };
                    out.push_str(&source[piece.from as usize..piece.to as usize]);
                    at = piece.next;
                }
                Cow::Owned(out)
            }
        }
    }

    /// The element's text content: its own character data, then its
    /// children's (the fields read are leaves, whose text is their own).
    pub fn text_of(&self, node: NodeId) -> String {
        let mut out = self.own_text(node).into_owned();
        for child in self.elements(node) {
            out.push_str(&self.text_of(child));
        }
        out
    }

    /// The element's text content without surrounding white space,
    /// borrowed from the document for a leaf written in one piece.
    pub fn trimmed_text(&self, node: NodeId) -> Cow<'_, str> {
        if self.elements[node as usize].first_child == NONE {
            return match self.own_text(node) {
                Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
                Cow::Owned(text) => match text.trim() {
                    trimmed if trimmed.len() == text.len() => Cow::Owned(text),
                    trimmed => Cow::Owned(trimmed.to_string()),
                },
            };
        }
        let text = self.text_of(node);
        match text.trim() {
            trimmed if trimmed.len() == text.len() => Cow::Owned(text),
            trimmed => Cow::Owned(trimmed.to_string()),
        }
    }

    /// The absolute path of an element, with `[n]` where a name repeats
    /// among its siblings.
    pub fn path_of(&self, node: NodeId) -> String {
        self.paths.path_of(&self.elements, &self.text, node)
    }
}

/// Byte offset of the start of each line (shared with the test oracle's
/// tree, tests/support/oracle/).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect()
}

/// Bytes of text per entry of [`LineIndex`]'s character counts.
const BLOCK: usize = 4096;

/// Line and column of any offset in about constant time: where each line
/// starts, and how many characters come before each block of [`BLOCK`]
/// bytes, so that a column on a line of megabytes (a whole document on
/// one line) is not counted from the line's start every time.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    chars_before: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        chars_before.push(0);
        for block in text.as_bytes().chunks(BLOCK) {
            chars += count_chars(block);
            chars_before.push(chars);
        }
        LineIndex {
            starts: line_starts(text),
            chars_before,
        }
    }

    /// The line and column of `offset` in `text` (the text it was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let end = floor_char_boundary(text, offset.min(text.len())).max(start);
        let column = self.chars_to(text, end) - self.chars_to(text, start) + 1;
        Position {
            line: line as u32,
            column: column as u32,
        }
    }

    /// The byte offset of a line and column in `text` (the inverse of
    /// [`LineIndex::position`]), in about constant time: the block holding
    /// the character is found from the counts, then at most a block is
    /// walked. `None` past the end of the line.
    pub fn offset(&self, text: &str, position: Position) -> Option<usize> {
        let line = (position.line as usize).checked_sub(1)?;
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).map_or(text.len(), |next| next - 1);
        let wanted = self.chars_to(text, start) + (position.column as usize).checked_sub(1)?;
        // The last block starting at or before the character, or the line's start.
        let block = self.chars_before.partition_point(|&chars| chars <= wanted) - 1;
        let (mut at, mut chars) = if block * BLOCK > start {
            (block * BLOCK, self.chars_before[block])
        } else {
            (start, self.chars_to(text, start))
        };
        let bytes = text.as_bytes();
        while at < end {
            // A byte that starts a character (not a continuation byte).
            if (bytes[at] as i8) >= -0x40 {
                if chars == wanted {
                    return Some(at);
                }
                chars += 1;
            }
            at += 1;
        }
        (chars == wanted).then_some(end)
    }

    /// Characters in `text[..at]`, `at` a character boundary.
    fn chars_to(&self, text: &str, at: usize) -> usize {
        let block = at / BLOCK;
        self.chars_before[block] + count_chars(&text.as_bytes()[block * BLOCK..at])
    }
}

/// Characters in UTF-8 bytes: the bytes that do not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Line and column of a byte offset without a table: the newlines before
/// it are counted (the same result as a look-up in [`line_starts`]).
pub(crate) fn offset_position(text: &str, offset: usize) -> Position {
    let end = floor_char_boundary(text, offset.min(text.len()));
    let before = &text.as_bytes()[..offset.min(text.len())];
    let newlines = count_newlines(before);
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = text[start..end.max(start)].chars().count() + 1;
    Position {
        line: newlines as u32 + 1,
        column: column as u32,
    }
}

/// `\n` bytes, counted a block at a time (the compiler vectorises the
/// inner sum).
fn count_newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(64);
    let mut count = 0;
    for chunk in &mut chunks {
        count += chunk.iter().map(|&b| usize::from(b == b'\n')).sum::<usize>();
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// The nearest character boundary at or before `at`.
pub fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A file's bytes as text: refused when blank or not in a supported
/// encoding. Never panics, whatever the bytes.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, Diagnostic> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::new(&diagnostics::FILE_VUOTO));
    }
    encoding::decode(bytes).map_err(encoding_diagnostic)
}

fn encoding_diagnostic(error: EncodingError) -> Diagnostic {
    match error {
        EncodingError::InvalidBytes { encoding, offset, at } => {
            let diagnostic = Diagnostic::new(&diagnostics::BYTE_NON_VALIDI)
                .arg("codifica", encoding)
                .arg("offset", offset);
            match at {
                Some(BadByte {
                    byte,
                    line,
                    column,
                    windows_1252,
                }) => diagnostic
                    .at(Some(Position {
                        line: line as u32,
                        column: column as u32,
                    }))
                    .arg("byte", format!("0x{byte:02X}"))
                    .reason(
                        "dove",
                        Reason::ByteAt {
                            byte,
                            line,
                            column,
                            windows_1252,
                        },
                    ),
                None => diagnostic.arg("dove", ""),
            }
        }
        EncodingError::BomConflict { bom, declared } => Diagnostic::new(&diagnostics::BOM_IN_CONFLITTO)
            .arg("bom", bom)
            .arg("dichiarata", declared),
        EncodingError::Unsupported { declared } => {
            Diagnostic::new(&diagnostics::CODIFICA_NON_SUPPORTATA).arg("dichiarata", declared)
        }
        EncodingError::DeclarationConflict {
            declared,
            found,
            offset,
        } => Diagnostic::new(&diagnostics::DICHIARAZIONE_IN_CONFLITTO)
            .arg("dichiarata", declared)
            .arg("trovata", found)
            .arg("offset", offset),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_counted_or_tabled_agree() {
        let text = "<a>\n  <b>è\r\n</b>\n\n<c/>".repeat(9) + "\u{20ac}x";
        let starts = line_starts(&text);
        for offset in 0..text.len() + 3 {
            let line = starts.partition_point(|&start| start <= offset).max(1);
            let start = starts[line - 1];
            let end = floor_char_boundary(&text, offset.min(text.len()));
            let column = text[start..end.max(start)].chars().count() + 1;
            let expected = Position {
                line: line as u32,
                column: column as u32,
            };
            assert_eq!(offset_position(&text, offset), expected, "offset {offset}");
        }
        let mut tree = Tree::default();
        tree.start((1, 2), 0);
        tree.end(3);
        let parsed = Parsed::new(text.clone(), "UTF-8", tree).unwrap();
        for offset in (0..text.len()).rev() {
            assert_eq!(parsed.offset_position(offset), offset_position(&text, offset));
        }
        assert!(parsed.line_starts.get().is_some());
    }

    /// Lines longer than a block of the index, characters of several
    /// bytes across block boundaries: every offset's position is the one
    /// counted from the start.
    #[test]
    fn the_line_index_agrees_with_counting_on_long_lines() {
        let text = format!("{}\n{}\n\nx", "aè€😀".repeat(1500), "<b>ò</b>".repeat(900));
        let index = LineIndex::new(&text);
        for offset in (0..text.len() + 2)
            .step_by(7)
            .chain([BLOCK, BLOCK + 1, 2 * BLOCK - 1])
        {
            assert_eq!(
                index.position(&text, offset),
                offset_position(&text, offset),
                "offset {offset}"
            );
        }
    }

    /// The offset of every character's line and column is that
    /// character's offset, on short lines and on lines of many blocks with
    /// characters of several bytes across the blocks' edges.
    #[test]
    fn the_line_index_finds_the_offset_of_a_position() {
        let text = format!("{}\n{}\n\nx\n", "aè€😀".repeat(1500), "<b>ò</b>".repeat(900));
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices() {
            let position = index.position(&text, offset);
            assert_eq!(
                index.offset(&text, position),
                Some(offset),
                "offset {offset} at {position:?}"
            );
        }
        let past = |line, column| index.offset(&text, Position { line, column });
        assert_eq!(past(3, 1), Some(text.len() - 3), "an empty line's only column");
        assert_eq!(past(3, 2), None, "past an empty line");
        assert_eq!(past(9, 1), None, "past the last line");
        assert_eq!(past(1, 0), None);
    }

    /// Paths counted sibling by sibling and paths from the numbered table
    /// are the same, `[n]` only where a name repeats.
    #[test]
    fn numbered_paths_are_the_counted_ones() {
        let text = "<r><a/><b><c/><c/></b><a/><d/><b/></r>";
        let mut tree = Tree::default();
        let names: Vec<(usize, usize)> = text
            .match_indices('<')
            .filter(|(at, _)| !text[at + 1..].starts_with('/'))
            .map(|(at, _)| (at + 1, at + 2))
            .collect();
        // r( a b( c c ) a d b )
        let shape = [1, 0, 1, 0, 0, -1, 0, 0, 0, -1];
        let mut next = names.iter();
        let mut depth = 0;
        for step in shape {
            if step >= 0 {
                let &(from, to) = next.next().unwrap();
                tree.start((from, to), from - 1);
                if step == 0 {
                    tree.end(to);
                } else {
                    depth += 1;
                }
            } else {
                tree.end(0);
                depth -= 1;
            }
        }
        assert_eq!(depth, 0);
        let counted: Vec<String> = (0..tree.len() as u32)
            .map(|node| tree.path_of(text, node, &PathCache::default()))
            .collect();
        assert_eq!(
            counted,
            [
                "/r",
                "/r/a[1]",
                "/r/b[1]",
                "/r/b[1]/c[1]",
                "/r/b[1]/c[2]",
                "/r/a[2]",
                "/r/d",
                "/r/b[2]"
            ]
        );
        let cache = PathCache::default();
        let numbered: Vec<String> = (0..3)
            .flat_map(|_| (0..tree.len() as u32).map(|node| tree.path_of(text, node, &cache)))
            .collect();
        assert!(
            cache.numbers.get().is_some(),
            "the table is built after {NUMBER_AFTER} paths"
        );
        assert_eq!(numbered, [counted.clone(), counted.clone(), counted].concat());
    }

    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            "a",
            " ",
            "ab",
            " a",
            "a ",
            "\u{b}a",
            "a\u{c}",
            "\u{85}a",
            "a\u{a0}",
            "\u{2003}",
            "é",
            "aé",
            "\u{7f}",
            "~x~",
            "\n\t a b \r",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn text_in_pieces_is_joined_when_read() {
        let source = "<a> x <b>y</b> &amp; z</a>";
        let mut tree = Tree::default();
        tree.start((1, 2), 0);
        tree.text(source, &source[3..6]);
        tree.start((7, 8), 6);
        tree.text(source, &source[9..10]);
        tree.end(14);
        tree.text(source, &source[14..15]);
        tree.text(source, "&");
        tree.text(source, &source[20..22]);
        tree.end(source.len());
        let parsed = Parsed::new(source.to_string(), "UTF-8", tree).unwrap();
        assert_eq!(parsed.text_of(0), " x  & zy");
        assert_eq!(parsed.trimmed_text(0), "x  & zy");
        assert_eq!(parsed.trimmed_text(1), "y");
        assert!(matches!(parsed.trimmed_text(1), Cow::Borrowed(_)));
        assert_eq!(parsed.range(1), Some(6..14));
    }

    /// Feeds `source` to a tree as the document pass does (character
    /// data, references resolved, CDATA, comments), its texts read back.
    fn texts_of(source: &str) -> Vec<String> {
        let mut tree = Tree::default();
        struct Feed<'t, 's> {
            tree: &'t mut Tree,
            source: &'s str,
        }
        impl crate::xml::Handler for Feed<'_, '_> {
            fn start(&mut self, tag: &crate::xml::StartTag<'_>) {
                let from = tag.local.as_ptr() as usize - self.source.as_ptr() as usize;
                self.tree.start((from, from + tag.local.len()), tag.offset);
            }
            fn text(&mut self, text: &str, _: usize) {
                self.tree.text(self.source, text);
            }
            fn end(&mut self, _: usize) {}
            fn end_tag(&mut self, _: usize, after: usize) {
                self.tree.end(after);
            }
        }
        let mut feed = Feed {
            tree: &mut tree,
            source,
        };
        crate::xml::parse(source, &crate::xml::Options::default(), &mut feed).unwrap();
        let parsed = Parsed::new(source.to_string(), "UTF-8", tree).unwrap();
        (0..parsed.elements.len() as u32)
            .map(|node| parsed.own_text(node).into_owned())
            .collect()
    }

    #[test]
    fn text_after_child_elements_is_found_again_when_read() {
        let cases: [(&str, &[&str]); 8] = [
            ("<a>\n <b>x</b>\n <c/>\n</a>", &["\n \n \n", "x", ""]),
            ("<a><b/>\n<c/> y <d/></a>", &["\n y ", "", "", ""]),
            ("<a> x <b/>\n<!-- c --> z<c/>\n</a>", &[" x \n z\n", "", ""]),
            ("<a> x <b/>\n<!-- c --><c/>\n</a>", &[" x \n\n", "", ""]),
            ("<a> x <b/> &amp; y<c/>&#32;</a>", &[" x  & y ", "", ""]),
            ("<a><![CDATA[ x ]]><b/> y <c/></a>", &[" x  y ", ""]),
            ("<a> x <b/><![CDATA[ y ]]><c/> z </a>", &[" x  y  z ", "", ""]),
            ("<a> x <?p i?> y <b> <c/> </b> z </a>", &[" x  y  z ", "  ", ""]),
        ];
        for (source, expected) in cases {
            let texts = texts_of(source);
            assert_eq!(&texts[..expected.len()], expected, "{source}");
        }
    }
}
