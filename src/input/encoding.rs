//! From bytes to text, strictly: a byte that is not valid in the file's
//! encoding is an error with its offset, never a replacement character.
//!
//! Order of evidence (crates.md): the byte-order mark wins, then UTF-16
//! sniffing of `<?`, then the XML declaration; with neither, the text must
//! be UTF-8. ISO-8859-1 is decoded as windows-1252, as browsers and the
//! WHATWG standard do: the two differ only in 0x80-0x9F, where real files
//! labelled Latin-1 almost always mean the Windows characters (€, ’, …).

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding, ISO_8859_15, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Decoded text, with line endings normalised to `\n` (so parser offsets
/// and our positions agree) and without the byte-order mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding actually used, for messages and records.
    pub encoding: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodingError {
    /// A byte sequence that is not valid in `encoding`, at byte `offset` of
    /// the file; `at` says which byte and where, for ASCII-compatible
    /// encodings (in UTF-16 a line is not a run of bytes).
    InvalidBytes {
        encoding: &'static str,
        offset: usize,
        at: Option<BadByte>,
    },
    /// The byte-order mark says one encoding, the declaration another.
    BomConflict { bom: &'static str, declared: String },
    /// The declaration names an encoding the portal's files do not use.
    Unsupported { declared: String },
    /// The declaration contradicts what the bytes are (e.g. UTF-8 bytes
    /// declared as ISO-8859-1, whose accents would be garbled).
    DeclarationConflict {
        declared: String,
        found: &'static str,
        offset: usize,
    },
}

/// The first invalid byte and its 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadByte {
    pub byte: u8,
    pub line: usize,
    pub column: usize,
    /// What the byte is in windows-1252, when a file read as UTF-8 (no BOM)
    /// has a byte that is a letter or sign there: the file was most likely
    /// saved as "ANSI", as Windows Notepad does (e.g. 0xF2 is `ò`).
    pub windows_1252: Option<char>,
}

impl BadByte {
    /// Worked out from the file's bytes, only once decoding has failed:
    /// the bytes are not kept around for the files that decode.
    fn at(bytes: &[u8], offset: usize) -> BadByte {
        let (line, column) = byte_position(bytes, offset);
        BadByte {
            byte: bytes.get(offset).copied().unwrap_or(0),
            line,
            column,
            windows_1252: None,
        }
    }

    /// As [`BadByte::at`], for a file read as UTF-8: also what the byte is
    /// in windows-1252.
    fn in_utf8(bytes: &[u8], offset: usize) -> BadByte {
        let bad = BadByte::at(bytes, offset);
        BadByte {
            windows_1252: windows_1252_char(bad.byte),
            ..bad
        }
    }
}

/// The windows-1252 character of a byte above ASCII, unless it is a
/// control character (the five bytes windows-1252 leaves undefined).
fn windows_1252_char(byte: u8) -> Option<char> {
    if byte < 0x80 {
        return None;
    }
    let one = [byte];
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(&one);
    text.chars().next().filter(|c| !c.is_control())
}

const UTF8: &str = "UTF-8";
const UTF16LE: &str = "UTF-16LE";
const UTF16BE: &str = "UTF-16BE";

/// Decodes a whole file.
pub fn decode(mut bytes: Vec<u8>) -> Result<Decoded, EncodingError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Some(declared) = declared_encoding(rest)
            && !is_utf8_label(&declared)
        {
            return Err(EncodingError::BomConflict { bom: UTF8, declared });
        }
        bytes.drain(..3);
        return utf8(bytes, 3);
    }
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(EncodingError::Unsupported {
            declared: "UTF-32".into(),
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, UTF_16LE, UTF16LE, 2, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, UTF_16BE, UTF16BE, 2, true);
    }
    if bytes.starts_with(b"<\x00?\x00") {
        return utf16(&bytes, UTF_16LE, UTF16LE, 0, false);
    }
    if bytes.starts_with(b"\x00<\x00?") {
        return utf16(&bytes, UTF_16BE, UTF16BE, 0, false);
    }
    let Some(declared) = declared_encoding(&bytes) else {
        return utf8(bytes, 0);
    };
    if is_utf8_label(&declared) {
        return utf8(bytes, 0);
    }
    let label = declared.to_ascii_lowercase();
    if label.starts_with("utf-16") || label == "utf16" || label.starts_with("ucs-2") {
        return Err(EncodingError::DeclarationConflict {
            declared,
            found: "8-bit (ASCII)",
            offset: 0,
        });
    }
    if matches!(label.as_str(), "us-ascii" | "ascii" | "iso646-us") {
        return match bytes.iter().position(|b| *b >= 0x80) {
            Some(offset) => Err(EncodingError::InvalidBytes {
                encoding: "US-ASCII",
                offset,
                at: Some(BadByte::at(&bytes, offset)),
            }),
            None => utf8(bytes, 0),
        };
    }
    let encoding = match Encoding::for_label(declared.as_bytes()) {
        Some(e) if e == WINDOWS_1252 || e == ISO_8859_15 => e,
        _ => return Err(EncodingError::Unsupported { declared }),
    };
    if let Some(offset) = utf8_in_disguise(&bytes) {
        return Err(EncodingError::DeclarationConflict {
            declared,
            found: UTF8,
            offset,
        });
    }
    let text = match encoding.decode_without_bom_handling(&bytes).0 {
        Cow::Owned(text) => text,
        // Pure ASCII: the bytes are already the text.
        Cow::Borrowed(_) => String::from_utf8(bytes).unwrap_or_default(),
    };
    Ok(Decoded {
        text: normalise_newlines(text),
        encoding: if encoding == WINDOWS_1252 {
            "windows-1252"
        } else {
            "ISO-8859-15"
        },
    })
}

fn is_utf8_label(label: &str) -> bool {
    label.eq_ignore_ascii_case("utf-8") || label.eq_ignore_ascii_case("utf8")
}

fn utf8(bytes: Vec<u8>, base: usize) -> Result<Decoded, EncodingError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: normalise_newlines(text),
            encoding: UTF8,
        }),
        Err(e) => {
            let offset = base + e.utf8_error().valid_up_to();
            // Positions count from the start of the file, BOM included.
            let mut file = b"\xEF\xBB\xBF"[..base].to_vec();
            file.extend_from_slice(&e.into_bytes());
            // With a UTF-8 BOM the file was saved as UTF-8 on purpose: a
            // bad byte there is damage, not an "ANSI" save.
            let at = if base == 0 {
                BadByte::in_utf8(&file, offset)
            } else {
                BadByte::at(&file, offset)
            };
            Err(EncodingError::InvalidBytes {
                encoding: UTF8,
                offset,
                at: Some(at),
            })
        }
    }
}

fn utf16(
    bytes: &[u8],
    encoding: &'static Encoding,
    name: &'static str,
    base: usize,
    has_bom: bool,
) -> Result<Decoded, EncodingError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    if let DecoderResult::Malformed(bad, extra) = result {
        let offset = base + read - bad as usize - extra as usize;
        return Err(EncodingError::InvalidBytes {
            encoding: name,
            offset,
            at: None,
        });
    }
    if let Some(declared) = declared_encoding(text.as_bytes()) {
        let label = declared.to_ascii_lowercase();
        let agrees = label == "utf-16"
            || label == "utf16"
            || label.starts_with("ucs-2")
            || label == "iso-10646-ucs-2"
            || (label == "utf-16le" && name == UTF16LE)
            || (label == "utf-16be" && name == UTF16BE);
        if !agrees {
            return Err(if has_bom {
                EncodingError::BomConflict { bom: name, declared }
            } else {
                EncodingError::DeclarationConflict {
                    declared,
                    found: name,
                    offset: 0,
                }
            });
        }
    }
    Ok(Decoded {
        text: normalise_newlines(text),
        encoding: name,
    })
}

/// Offset of the first non-ASCII byte when the bytes are valid UTF-8 with
/// at least one multi-byte sequence: a single-byte declaration on such a
/// file would turn `è` into `Ã¨`. Real Latin-1 Italian text is never valid
/// UTF-8 (an accented letter followed by ASCII is not a valid sequence).
fn utf8_in_disguise(bytes: &[u8]) -> Option<usize> {
    let first = bytes.iter().position(|b| *b >= 0x80)?;
    std::str::from_utf8(&bytes[first..]).ok().map(|_| first)
}

/// The `encoding` pseudo-attribute of the XML declaration, read from
/// ASCII-compatible bytes. `None` when there is no declaration or no
/// encoding in it.
pub fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let rest = head.strip_prefix(b"<?xml")?;
    if !rest.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let end = rest.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&rest[..end]).ok()?;
    let at = find_attribute(decl, "encoding")?;
    let after = decl[at + "encoding".len()..].trim_start();
    let after = after.strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &after[1..];
    let close = value.find(quote)?;
    Some(value[..close].to_string())
}

/// Position of `name` as a whole pseudo-attribute name (not inside another word).
fn find_attribute(decl: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = decl[from..].find(name) {
        let at = from + found;
        let before_ok = at == 0 || decl.as_bytes()[at - 1].is_ascii_whitespace();
        let after = decl[at + name.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            return Some(at);
        }
        from = at + name.len();
    }
    None
}

/// `\r\n` and lone `\r` become `\n`, as the XML parser does, so that the
/// parser's byte offsets index this text exactly.
fn normalise_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    // One pass in place: only ASCII bytes change, so the text stays UTF-8.
    let mut bytes = text.into_bytes();
    let (mut read, mut write) = (0, 0);
    while read < bytes.len() {
        let byte = bytes[read];
        read += 1;
        if byte == b'\r' {
            bytes[write] = b'\n';
            if bytes.get(read) == Some(&b'\n') {
                read += 1;
            }
        } else {
            bytes[write] = byte;
        }
        write += 1;
    }
    bytes.truncate(write);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// 1-based line and column of a byte offset in raw bytes, when the
/// encoding is ASCII-compatible (line breaks are single `\n` bytes).
fn byte_position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let upto = &bytes[..offset.min(bytes.len())];
    let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = upto.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&upto[line_start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROSSI_LATIN1: &[u8] = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<nome>Niccol\xF2</nome>";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("<a>Niccolò</a>".as_bytes().to_vec()).unwrap();
        assert_eq!(plain.text, "<a>Niccolò</a>");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("<a>è</a>".as_bytes());
        let with_bom = decode(bom).unwrap();
        assert_eq!(with_bom.text, "<a>è</a>");
        assert_eq!(with_bom.encoding, "UTF-8");
    }

    #[test]
    fn latin1_accents_survive() {
        let decoded = decode(ROSSI_LATIN1.to_vec()).unwrap();
        assert!(decoded.text.ends_with("<nome>Niccolò</nome>"));
        assert_eq!(decoded.encoding, "windows-1252");
    }

    #[test]
    fn windows_1252_has_the_euro_sign() {
        let bytes = b"<?xml version='1.0' encoding='windows-1252'?><a>\x80 100</a>".to_vec();
        assert!(decode(bytes).unwrap().text.contains("€ 100"));
    }

    #[test]
    fn utf16_with_bom_both_endians() {
        for (bom, encoding) in [(&b"\xFF\xFE"[..], UTF_16LE), (&b"\xFE\xFF"[..], UTF_16BE)] {
            let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>Città</a>";
            // encoding_rs only decodes UTF-16 (WHATWG), so build the bytes by hand.
            let mut bytes = bom.to_vec();
            for unit in text.encode_utf16() {
                let pair = if encoding == UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let decoded = decode(bytes).unwrap();
            assert!(decoded.text.ends_with("<a>Città</a>"), "{}", decoded.text);
        }
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let bytes = b"<?xml version=\"1.0\"?>\n<a>Niccol\xF2</a>".to_vec();
        assert_eq!(
            decode(bytes),
            Err(EncodingError::InvalidBytes {
                encoding: "UTF-8",
                offset: 31,
                at: Some(BadByte {
                    byte: 0xF2,
                    line: 2,
                    column: 10,
                    windows_1252: Some('ò'),
                })
            })
        );
    }

    #[test]
    fn invalid_utf8_after_bom_counts_the_bom() {
        let bytes = b"\xEF\xBB\xBF<a>\xFF</a>".to_vec();
        assert_eq!(
            decode(bytes),
            Err(EncodingError::InvalidBytes {
                encoding: "UTF-8",
                offset: 6,
                at: Some(BadByte {
                    byte: 0xFF,
                    line: 1,
                    column: 5,
                    windows_1252: None,
                })
            })
        );
    }

    #[test]
    fn bom_disagreeing_with_declaration_is_refused() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>");
        assert!(matches!(
            decode(bytes),
            Err(EncodingError::BomConflict { bom: "UTF-8", .. })
        ));
    }

    #[test]
    fn utf8_declared_as_latin1_is_a_contradiction() {
        let bytes = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>Niccolò</a>"
            .as_bytes()
            .to_vec();
        assert!(matches!(
            decode(bytes),
            Err(EncodingError::DeclarationConflict {
                found: "UTF-8",
                offset: 52,
                ..
            })
        ));
    }

    #[test]
    fn utf16_declared_on_ascii_bytes_is_a_contradiction() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>".to_vec();
        assert!(matches!(
            decode(bytes),
            Err(EncodingError::DeclarationConflict { .. })
        ));
    }

    #[test]
    fn unknown_encodings_are_refused() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>".to_vec();
        assert!(matches!(decode(bytes), Err(EncodingError::Unsupported { .. })));
        let bytes = b"<?xml version=\"1.0\" encoding=\"EBCDIC-XYZ\"?><a/>".to_vec();
        assert!(matches!(decode(bytes), Err(EncodingError::Unsupported { .. })));
    }

    #[test]
    fn odd_utf16_is_invalid_not_a_panic() {
        let bytes = b"\xFF\xFE<\x00a\x00/\x00>\x00\x00".to_vec();
        assert!(matches!(decode(bytes), Err(EncodingError::InvalidBytes { .. })));
        let lone_surrogate = b"\xFF\xFE<\x00\x00\xD8a\x00".to_vec();
        assert!(matches!(
            decode(lone_surrogate),
            Err(EncodingError::InvalidBytes { offset: 4, .. })
        ));
    }

    #[test]
    fn newlines_are_normalised() {
        let decoded = decode(b"<a>\r\n<b/>\r</a>".to_vec()).unwrap();
        assert_eq!(decoded.text, "<a>\n<b/>\n</a>");
        // \r\r\n is two line ends; accents around them survive.
        let decoded = decode("\r\rè\r\r\nà\r".as_bytes().to_vec()).unwrap();
        assert_eq!(decoded.text, "\n\nè\n\nà\n");
    }

    #[test]
    fn declaration_parsing_is_tolerant_of_quotes_and_spacing() {
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'latin1' ?>"),
            Some("latin1".into())
        );
        assert_eq!(declared_encoding(b"<?xml version='1.0'?>"), None);
        assert_eq!(declared_encoding(b"<?xml-stylesheet encoding='x'?>"), None);
        assert_eq!(declared_encoding(b"<a/>"), None);
    }

    #[test]
    fn byte_positions_are_human() {
        assert_eq!(byte_position(b"ab\ncd\xFF", 5), (2, 3));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut seed = 7u64;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (seed >> 56) as u8
                })
                .collect();
            let _ = decode(bytes.clone());
            let mut with_bom = b"\xFF\xFE".to_vec();
            with_bom.extend_from_slice(&bytes);
            let _ = decode(with_bom);
        }
    }
}
