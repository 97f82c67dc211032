//! Building a closure (tipo 02) from a sent CV or vacancy (seed 000 §5) by
//! editing the original bytes: tipo becomes 02, `motivochiusura` gets the
//! reason, the own code gets the closure's code, the `...precedente` field
//! gets the code being closed. Everything else stays byte for byte: the
//! byte-order mark, the XML declaration, the encoding, line endings,
//! comments, indentation, element order.
//!
//! Elements are located in the parsed document, whose offsets index the
//! decoded text (newlines normalised to `\n`); those offsets are mapped back
//! to the original bytes by walking both in step, and the replacement text is
//! encoded in the file's own encoding. A missing element is inserted where
//! the schema wants it (`motivochiusura` right after the tipo element, the
//! previous code right after the code element), with the same prefix and
//! the indentation of the element it follows, copied from the original
//! bytes (so a CRLF file gets CRLF).

use std::ops::Range;

use crate::document::NodeId;
use encoding_rs::{Encoding, ISO_8859_15, WINDOWS_1252};

use crate::document::Parsed;
use crate::module::Module;

/// How the file's characters are laid out in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Utf8 {
        bom: bool,
    },
    Utf16 {
        little_endian: bool,
        bom: bool,
    },
    /// windows-1252 (also for files labelled ISO-8859-1) or ISO-8859-15.
    SingleByte(&'static Encoding),
}

impl Layout {
    /// The layout of `bytes`, decoded by `document.rs` as `encoding`.
    pub fn of(bytes: &[u8], encoding: &str) -> Option<Layout> {
        Some(match encoding {
            "UTF-8" => Layout::Utf8 {
                bom: bytes.starts_with(b"\xEF\xBB\xBF"),
            },
            "UTF-16LE" => Layout::Utf16 {
                little_endian: true,
                bom: bytes.starts_with(b"\xFF\xFE"),
            },
            "UTF-16BE" => Layout::Utf16 {
                little_endian: false,
                bom: bytes.starts_with(b"\xFE\xFF"),
            },
            "windows-1252" => Layout::SingleByte(WINDOWS_1252),
            "ISO-8859-15" => Layout::SingleByte(ISO_8859_15),
            _ => return None,
        })
    }

    /// The encoding's name, as `document.rs` reports it.
    fn name(self) -> &'static str {
        match self {
            Layout::Utf8 { .. } => "UTF-8",
            Layout::Utf16 {
                little_endian: true, ..
            } => "UTF-16LE",
            Layout::Utf16 {
                little_endian: false, ..
            } => "UTF-16BE",
            Layout::SingleByte(encoding) => encoding.name(),
        }
    }

    fn bom_len(self) -> usize {
        match self {
            Layout::Utf8 { bom: true } => 3,
            Layout::Utf16 { bom: true, .. } => 2,
            _ => 0,
        }
    }

    /// Bytes of one ASCII character.
    fn unit(self) -> usize {
        match self {
            Layout::Utf16 { .. } => 2,
            _ => 1,
        }
    }

    fn char_len(self, c: char) -> usize {
        match self {
            Layout::Utf8 { .. } => c.len_utf8(),
            Layout::Utf16 { .. } => c.len_utf16() * 2,
            Layout::SingleByte(_) => 1,
        }
    }

    /// Whether the ASCII character `c` is at byte `at`.
    fn ascii_at(self, bytes: &[u8], at: usize, c: u8) -> bool {
        match self {
            Layout::Utf16 {
                little_endian: true, ..
            } => bytes.get(at..at + 2) == Some(&[c, 0]),
            Layout::Utf16 {
                little_endian: false, ..
            } => bytes.get(at..at + 2) == Some(&[0, c]),
            _ => bytes.get(at) == Some(&c),
        }
    }

    /// Encodes text in this layout (no byte-order mark).
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Layout::Utf8 { .. } => Some(text.as_bytes().to_vec()),
            Layout::Utf16 { little_endian, .. } => Some(
                text.encode_utf16()
                    .flat_map(|u| {
                        if little_endian {
                            u.to_le_bytes()
                        } else {
                            u.to_be_bytes()
                        }
                    })
                    .collect(),
            ),
            Layout::SingleByte(encoding) => {
                let (bytes, _, unmappable) = encoding.encode(text);
                (!unmappable).then(|| bytes.into_owned())
            }
        }
    }

    /// Decodes a slice of the original bytes, newlines normalised like
    /// the document's text (for checking that a mapping is right).
    fn decode(self, bytes: &[u8]) -> Option<String> {
        let encoding = match self {
            Layout::Utf8 { .. } => encoding_rs::UTF_8,
            Layout::Utf16 {
                little_endian: true, ..
            } => encoding_rs::UTF_16LE,
            Layout::Utf16 {
                little_endian: false, ..
            } => encoding_rs::UTF_16BE,
            Layout::SingleByte(encoding) => encoding,
        };
        let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
        Some(text.replace("\r\n", "\n").replace('\r', "\n"))
    }
}

/// Maps offsets of the decoded text to offsets of the original bytes.
/// `targets` must be sorted; an offset may be `text.len()`. `None` when the
/// bytes do not line up with the text (they are not what was parsed).
pub fn map_offsets(text: &str, bytes: &[u8], layout: Layout, targets: &[usize]) -> Option<Vec<usize>> {
    let unit = layout.unit();
    let mut found = Vec::with_capacity(targets.len());
    let mut pending = targets.iter().copied().peekable();
    let mut at = layout.bom_len();
    for (offset, c) in text.char_indices() {
        while pending.peek() == Some(&offset) {
            found.push(at);
            pending.next();
        }
        if c == '\n' && layout.ascii_at(bytes, at, b'\r') {
            at += unit;
            if layout.ascii_at(bytes, at, b'\n') {
                at += unit;
            }
        } else {
            at += layout.char_len(c);
        }
    }
    while pending.peek() == Some(&text.len()) {
        found.push(at);
        pending.next();
    }
    (at == bytes.len() && found.len() == targets.len()).then_some(found)
}

/// One change to the original bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Splice {
    range: Range<usize>,
    bytes: Vec<u8>,
}

/// A change located in the decoded text, before mapping.
enum TextEdit {
    /// Replace text[range] (an element's content, or the `/>` of an empty
    /// element) with `before` + value + `after`.
    Replace {
        range: Range<usize>,
        before: String,
        value: Field,
        after: String,
    },
    /// Insert after `at`: the whitespace text[sep] copied from the
    /// original, then `<qname>value</qname>`.
    Insert {
        at: usize,
        sep: Range<usize>,
        qname: String,
        value: Field,
    },
}

/// Which value a change writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Tipo,
    Motivo,
    OwnCode,
    Closed,
}

/// Why a closure cannot be built from a document. Pass 1 only plans files
/// that passed every check, so each of these is a defect of the tool (or a
/// file that changed on disk), reported as an internal error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpliceError {
    /// Not a Candidatura or Vacancy.
    NotClosable,
    /// A required element is missing (the document was not schema-valid).
    Missing(&'static str),
    /// The document was decoded from an encoding this module cannot write.
    UnknownEncoding(&'static str),
    /// The original bytes do not line up with the parsed text.
    BytesDoNotMatch,
    /// An element has no source range, an unterminated start tag or no end tag.
    MalformedElement,
    /// The original bytes were not kept by the run that checked the file.
    NoBytes,
    /// A value has no representation in the file's encoding.
    Unencodable { value: String, encoding: &'static str },
}

/// One change in original-byte offsets: `range` becomes `before` + the
/// field's value + `after`.
#[derive(Debug, Clone)]
struct Planned {
    range: Range<usize>,
    before: Vec<u8>,
    field: Field,
    after: Vec<u8>,
}

/// The changes that turn one sent document into its closure; the own code
/// is filled in later ([`Edits::apply`]), once codes are reserved.
#[derive(Debug, Clone)]
pub struct Edits {
    layout: Layout,
    edits: Vec<Planned>,
    motivo: String,
    closed: String,
}

impl Edits {
    /// Builds the plan for `parsed` (decoded from `bytes`): `motivo` is the
    /// closure reason, `closed` the code of the communication being closed.
    pub fn new(
        bytes: &[u8],
        parsed: &Parsed,
        module: Module,
        motivo: &str,
        closed: &str,
    ) -> Result<Edits, SpliceError> {
        if module == Module::Messaggio {
            return Err(SpliceError::NotClosable);
        }
        let layout =
            Layout::of(bytes, parsed.encoding).ok_or(SpliceError::UnknownEncoding(parsed.encoding))?;
        let names = module.code_elements();
        let find = |path: &'static str| parsed.find(parsed.root, path);
        let tipo = find(names.tipo).ok_or(SpliceError::Missing(names.tipo))?;
        let code = find(names.codice).ok_or(SpliceError::Missing(names.codice))?;
        let motivo_path = names.motivo.ok_or(SpliceError::NotClosable)?;
        let text = parsed.text.as_str();

        let mut edits = vec![
            replace(parsed, tipo, Field::Tipo)?,
            replace(parsed, code, Field::OwnCode)?,
        ];
        edits.push(match find(motivo_path) {
            Some(node) => replace(parsed, node, Field::Motivo)?,
            None => insert_after(parsed, tipo, leaf(motivo_path), Field::Motivo)?,
        });
        edits.push(match find(names.precedente) {
            Some(node) => replace(parsed, node, Field::Closed)?,
            None => insert_after(parsed, code, leaf(names.precedente), Field::Closed)?,
        });

        let mut targets: Vec<usize> = edits
            .iter()
            .flat_map(|e| match e {
                TextEdit::Replace { range, .. } => vec![range.start, range.end],
                TextEdit::Insert { at, sep, .. } => vec![*at, sep.start, sep.end],
            })
            .collect();
        targets.sort_unstable();
        targets.dedup();
        let mapped = map_offsets(text, bytes, layout, &targets).ok_or(SpliceError::BytesDoNotMatch)?;
        let map = |offset: usize| mapped[targets.binary_search(&offset).unwrap_or_default()];
        let encode = |s: &str| {
            layout.encode(s).ok_or_else(|| SpliceError::Unencodable {
                value: s.to_string(),
                encoding: parsed.encoding,
            })
        };

        let mut planned = Vec::with_capacity(edits.len());
        for edit in edits {
            match edit {
                TextEdit::Replace {
                    range,
                    before,
                    value,
                    after,
                } => {
                    let original = map(range.start)..map(range.end);
                    check_same(layout, &bytes[original.clone()], &text[range])?;
                    planned.push(Planned {
                        range: original,
                        before: encode(&before)?,
                        field: value,
                        after: encode(&after)?,
                    });
                }
                TextEdit::Insert {
                    at,
                    sep,
                    qname,
                    value,
                } => {
                    let original_sep = &bytes[map(sep.start)..map(sep.end)];
                    check_same(layout, original_sep, &text[sep])?;
                    let mut before = original_sep.to_vec();
                    before.extend(encode(&format!("<{qname}>"))?);
                    let point = map(at);
                    planned.push(Planned {
                        range: point..point,
                        before,
                        field: value,
                        after: encode(&format!("</{qname}>"))?,
                    });
                }
            }
        }
        encode(motivo)?;
        encode(closed)?;
        Ok(Edits {
            layout,
            edits: planned,
            motivo: motivo.to_string(),
            closed: closed.to_string(),
        })
    }

    /// The closure's bytes, with `own_code` as its code.
    pub fn apply(&self, bytes: &[u8], own_code: &str) -> Result<Vec<u8>, SpliceError> {
        let mut splices: Vec<Splice> = Vec::with_capacity(self.edits.len());
        for Planned {
            range,
            before,
            field,
            after,
        } in &self.edits
        {
            let value = match field {
                Field::Tipo => "02",
                Field::Motivo => &self.motivo,
                Field::OwnCode => own_code,
                Field::Closed => &self.closed,
            };
            let mut replacement = before.clone();
            replacement.extend(
                self.layout
                    .encode(value)
                    .ok_or_else(|| SpliceError::Unencodable {
                        value: value.to_string(),
                        encoding: self.layout.name(),
                    })?,
            );
            replacement.extend_from_slice(after);
            splices.push(Splice {
                range: range.clone(),
                bytes: replacement,
            });
        }
        Ok(splice(bytes, splices))
    }
}

/// The last step of a path.
fn leaf(path: &'static str) -> &'static str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Applies non-overlapping splices.
fn splice(bytes: &[u8], mut splices: Vec<Splice>) -> Vec<u8> {
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let extra: usize = splices.iter().map(|s| s.bytes.len()).sum();
    let mut out = Vec::with_capacity(bytes.len() + extra);
    let mut at = 0;
    for s in splices {
        out.extend_from_slice(&bytes[at..s.range.start]);
        out.extend_from_slice(&s.bytes);
        at = s.range.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

fn check_same(layout: Layout, original: &[u8], text: &str) -> Result<(), SpliceError> {
    match layout.decode(original) {
        Some(decoded) if decoded == text => Ok(()),
        _ => Err(SpliceError::BytesDoNotMatch),
    }
}

/// The parts of an element as written: the `<` of its start tag, the `>`
/// that ends it, and where its end tag starts (`None` for `<x/>`).
struct Tag {
    start: usize,
    start_tag_end: usize,
    end_tag_start: Option<usize>,
    qname: String,
}

fn tag(parsed: &Parsed, node: NodeId) -> Result<Tag, SpliceError> {
    let text = parsed.text.as_str();
    let range = parsed.range(node).ok_or(SpliceError::MalformedElement)?;
    let bytes = text.as_bytes();
    let mut quote = None;
    let mut gt = None;
    for (i, &b) in bytes.iter().enumerate().take(range.end).skip(range.start) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => {
                gt = Some(i);
                break;
            }
            _ => {}
        }
    }
    let gt = gt.ok_or(SpliceError::MalformedElement)?;
    let qname: String = text[range.start + 1..gt]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
        .collect();
    let self_closing = bytes[gt - 1] == b'/';
    let end_tag_start = if self_closing {
        None
    } else {
        Some(
            text[range.start..range.end]
                .rfind("</")
                .map(|i| range.start + i)
                .ok_or(SpliceError::MalformedElement)?,
        )
    };
    Ok(Tag {
        start: range.start,
        start_tag_end: gt + 1,
        end_tag_start,
        qname,
    })
}

/// Replaces the content of an element (`<x>old</x>` → `<x>new</x>`,
/// `<x/>` → `<x>new</x>`).
fn replace(parsed: &Parsed, node: NodeId, value: Field) -> Result<TextEdit, SpliceError> {
    let tag = tag(parsed, node)?;
    Ok(match tag.end_tag_start {
        Some(end) => TextEdit::Replace {
            range: tag.start_tag_end..end,
            before: String::new(),
            value,
            after: String::new(),
        },
        None => TextEdit::Replace {
            range: tag.start_tag_end - 2..tag.start_tag_end,
            before: ">".into(),
            value,
            after: format!("</{}>", tag.qname),
        },
    })
}

/// Inserts a new element `local` right after `sibling`, with the sibling's
/// prefix and the whitespace that precedes the sibling on its line.
fn insert_after(
    parsed: &Parsed,
    sibling: NodeId,
    local: &str,
    value: Field,
) -> Result<TextEdit, SpliceError> {
    let tag = tag(parsed, sibling)?;
    let text = parsed.text.as_str();
    let end = parsed.range(sibling).ok_or(SpliceError::MalformedElement)?.end;
    let before = &text[..tag.start];
    let trimmed = before.trim_end_matches([' ', '\t', '\n']);
    let mut sep_start = trimmed.len();
    if let Some(newline) = before[sep_start..].rfind('\n') {
        sep_start += newline;
    }
    let qname = match tag.qname.split_once(':') {
        Some((prefix, _)) => format!("{prefix}:{local}"),
        None => local.to_string(),
    };
    Ok(TextEdit::Insert {
        at: end,
        sep: sep_start..tag.start,
        qname,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CV: &str = include_str!("../../fixtures/validi/candidatura.xml");
    const ASSIGNED: &str = "1201526221000000000000042";
    const ZEROS: &str = crate::codice::ZEROS;

    fn close(bytes: &[u8], motivo: &str, closed: &str, own: &str) -> Vec<u8> {
        let (module, parsed, _) = crate::checks::read(bytes);
        let (module, parsed) = (module.unwrap(), parsed.unwrap());
        Edits::new(bytes, &parsed, module, motivo, closed)
            .unwrap()
            .apply(bytes, own)
            .unwrap()
    }

    #[test]
    fn inserts_the_new_fields_with_the_neighbours_indentation() {
        let out = String::from_utf8(close(CV.as_bytes(), "01", ASSIGNED, ZEROS)).unwrap();
        let expected = CV
            .replace(
                "<tipocandidatura>01</tipocandidatura>",
                "<tipocandidatura>02</tipocandidatura>\n    <motivochiusura>01</motivochiusura>",
            )
            .replace(
                &format!("<codicecandidatura>{ZEROS}</codicecandidatura>"),
                &format!(
                    "<codicecandidatura>{ZEROS}</codicecandidatura>\n    <codicecandidaturaprecedente>{ASSIGNED}</codicecandidaturaprecedente>"
                ),
            );
        assert_eq!(out, expected);
    }

    #[test]
    fn replaces_fields_that_are_already_there_and_keeps_prefixes() {
        let xml = "<?xml version=\"1.0\"?>\r\n<v:Vacancy xmlns:v=\"http://servizi.lavoro.gov.it/vacancy\">\r\n\t<v:DatiSistema>\r\n\t\t<v:tipoofferta>01</v:tipoofferta>\r\n\t\t<v:motivochiusura/>\r\n\t\t<v:codiceofferta>X</v:codiceofferta>\r\n\t</v:DatiSistema>\r\n</v:Vacancy>";
        let out = String::from_utf8(close(xml.as_bytes(), "7", ASSIGNED, "Y")).unwrap();
        assert_eq!(
            out,
            format!(
                "<?xml version=\"1.0\"?>\r\n<v:Vacancy xmlns:v=\"http://servizi.lavoro.gov.it/vacancy\">\r\n\t<v:DatiSistema>\r\n\t\t<v:tipoofferta>02</v:tipoofferta>\r\n\t\t<v:motivochiusura>7</v:motivochiusura>\r\n\t\t<v:codiceofferta>Y</v:codiceofferta>\r\n\t\t<v:codiceoffertaprecedente>{ASSIGNED}</v:codiceoffertaprecedente>\r\n\t</v:DatiSistema>\r\n</v:Vacancy>"
            )
        );
    }

    #[test]
    fn one_line_documents_stay_on_one_line() {
        let xml = "<Vacancy xmlns=\"http://servizi.lavoro.gov.it/vacancy\"><DatiSistema><!-- c --><tipoofferta>01</tipoofferta><codiceofferta >X</codiceofferta><codiceoffertaprecedente /></DatiSistema></Vacancy>";
        let out = String::from_utf8(close(xml.as_bytes(), "01", ASSIGNED, ZEROS)).unwrap();
        assert_eq!(
            out,
            format!(
                "<Vacancy xmlns=\"http://servizi.lavoro.gov.it/vacancy\"><DatiSistema><!-- c --><tipoofferta>02</tipoofferta><motivochiusura>01</motivochiusura><codiceofferta >{ZEROS}</codiceofferta><codiceoffertaprecedente >{ASSIGNED}</codiceoffertaprecedente></DatiSistema></Vacancy>"
            )
        );
    }

    #[test]
    fn maps_offsets_through_every_layout() {
        let text = "a\nè\n€b";
        let cases: Vec<(Vec<u8>, Layout)> = vec![
            (
                b"a\r\n\xC3\xA8\r\xE2\x82\xACb".to_vec(),
                Layout::Utf8 { bom: false },
            ),
            (b"a\n\xE8\n\x80b".to_vec(), Layout::SingleByte(WINDOWS_1252)),
            (
                [
                    &[0xFF, 0xFE][..],
                    &text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>(),
                ]
                .concat(),
                Layout::Utf16 {
                    little_endian: true,
                    bom: true,
                },
            ),
        ];
        let targets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (bytes, layout) in cases {
            let mapped = map_offsets(text, &bytes, layout, &targets).unwrap();
            for pair in targets.windows(2).zip(mapped.windows(2)) {
                let (t, b) = pair;
                assert_eq!(layout.decode(&bytes[b[0]..b[1]]).unwrap(), &text[t[0]..t[1]]);
            }
        }
        assert!(map_offsets(text, b"short", Layout::Utf8 { bom: false }, &[0]).is_none());
    }
}
