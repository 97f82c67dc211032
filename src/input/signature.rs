//! What a file is, told by its first bytes: used only on the error path
//! (a file that did not decode or parse as XML, an archive that did not
//! open), so that a PDF renamed `.xml` is called a PDF and not "saved as
//! ANSI", and a RAR renamed `.zip` is called a RAR and not "too short".
//! Never called on a file that checked fine: `verify`'s hot path is
//! untouched.

use crate::diagnostic::reason::FileKind;

/// Bytes enough to tell every kind below (and an Office zip's first name).
pub const HEAD: usize = 64;

/// The kind the first bytes announce, if they announce one.
pub fn of_bytes(head: &[u8]) -> Option<FileKind> {
    if head.is_empty() {
        return Some(FileKind::Empty);
    }
    const SIGNATURES: &[(&[u8], FileKind)] = &[
        (b"%PDF-", FileKind::Pdf),
        (b"Rar!\x1a\x07", FileKind::Rar),
        (b"7z\xbc\xaf\x27\x1c", FileKind::SevenZip),
        (b"\x1f\x8b", FileKind::Gzip),
        (b"\x89PNG\r\n\x1a\n", FileKind::Png),
        (b"\xff\xd8\xff", FileKind::Jpeg),
        (b"GIF87a", FileKind::Gif),
        (b"GIF89a", FileKind::Gif),
        (b"II*\x00", FileKind::Tiff),
        (b"MM\x00*", FileKind::Tiff),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", FileKind::OldOffice),
        (b"{\\rtf", FileKind::Rtf),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some(*kind);
    }
    if head.starts_with(b"BM") && head.len() >= 14 && head[6..10] == [0, 0, 0, 0] {
        return Some(FileKind::Bmp);
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return Some(FileKind::Webp);
    }
    if head.starts_with(super::ZIP_MAGIC) || head.starts_with(super::EMPTY_ZIP_MAGIC) {
        return Some(zip_kind(head, &[]));
    }
    None
}

/// A zip is a Word, Excel or PowerPoint file when it holds
/// `[Content_Types].xml` and the part of its kind, an OpenDocument file
/// when its first entry is `mimetype`; otherwise a plain archive. `head`
/// holds at least the first local header; `names` are the entry names
/// when the archive's directory was read.
pub fn zip_kind(head: &[u8], names: &[&str]) -> FileKind {
    // The first local header's name: 30 bytes of header, then the name.
    let first = head
        .get(26..28)
        .map(|n| u16::from_le_bytes([n[0], n[1]]) as usize)
        .and_then(|len| head.get(30..30 + len))
        .unwrap_or_default();
    if first == b"mimetype" || names.contains(&"mimetype") && names.contains(&"content.xml") {
        return FileKind::OpenDocument;
    }
    let office = first == b"[Content_Types].xml" || names.contains(&"[Content_Types].xml");
    if !office {
        return FileKind::Zip;
    }
    let part = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if part("xl/") {
        FileKind::Excel
    } else if part("ppt/") {
        FileKind::PowerPoint
    } else {
        // A Word file, or an Office file whose directory was not read:
        // Word is by far the likeliest in a folder of CVs.
        FileKind::Word
    }
}

/// Decoded text that does not start with `<` (after a byte-order mark
/// and white space) is not XML at all, whatever the parser stopped on.
pub fn of_text(text: &str) -> Option<FileKind> {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    (!start.is_empty() && !start.starts_with('<')).then_some(FileKind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip's first local header naming `name`, as an Office program writes it.
    fn local_header(name: &str) -> Vec<u8> {
        let mut out = b"PK\x03\x04".to_vec();
        out.extend([20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend((name.len() as u16).to_le_bytes());
        out.extend([0, 0]);
        out.extend(name.as_bytes());
        out
    }

    #[test]
    fn an_empty_file_is_empty() {
        assert_eq!(of_bytes(b""), Some(FileKind::Empty));
    }

    #[test]
    fn a_pdf_is_a_pdf() {
        assert_eq!(
            of_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
            Some(FileKind::Pdf)
        );
    }

    #[test]
    fn a_word_file_is_word_by_its_first_entry_or_its_parts() {
        assert_eq!(
            of_bytes(&local_header("[Content_Types].xml")),
            Some(FileKind::Word)
        );
        assert_eq!(
            zip_kind(b"", &["[Content_Types].xml", "_rels/.rels", "word/document.xml"]),
            FileKind::Word
        );
    }

    #[test]
    fn an_excel_file_is_excel_and_a_powerpoint_file_powerpoint() {
        let names = [
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/worksheets/sheet1.xml",
        ];
        assert_eq!(
            zip_kind(&local_header("[Content_Types].xml"), &names),
            FileKind::Excel
        );
        let names = ["[Content_Types].xml", "ppt/presentation.xml"];
        assert_eq!(zip_kind(b"", &names), FileKind::PowerPoint);
    }

    #[test]
    fn an_opendocument_file_starts_with_its_mimetype_entry() {
        assert_eq!(of_bytes(&local_header("mimetype")), Some(FileKind::OpenDocument));
        assert_eq!(
            zip_kind(b"", &["mimetype", "content.xml"]),
            FileKind::OpenDocument
        );
    }

    #[test]
    fn a_plain_zip_is_a_zip() {
        assert_eq!(of_bytes(&local_header("CV/rossi.xml")), Some(FileKind::Zip));
        assert_eq!(of_bytes(b"PK\x05\x06\0\0\0\0"), Some(FileKind::Zip));
        assert_eq!(zip_kind(b"", &["cv/a.xml", "content.xml"]), FileKind::Zip);
    }

    #[test]
    fn archives_other_than_zip_are_named() {
        assert_eq!(of_bytes(b"Rar!\x1a\x07\x01\x00\x33\x92"), Some(FileKind::Rar));
        assert_eq!(of_bytes(b"Rar!\x1a\x07\x00\xcf\x90"), Some(FileKind::Rar));
        assert_eq!(of_bytes(b"7z\xbc\xaf\x27\x1c\x00\x04"), Some(FileKind::SevenZip));
        assert_eq!(of_bytes(b"\x1f\x8b\x08\x00"), Some(FileKind::Gzip));
    }

    #[test]
    fn images_are_named() {
        assert_eq!(of_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileKind::Png));
        assert_eq!(of_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF"), Some(FileKind::Jpeg));
        assert_eq!(of_bytes(b"GIF89a\x01\0\x01\0"), Some(FileKind::Gif));
        assert_eq!(of_bytes(b"GIF87a\x01\0\x01\0"), Some(FileKind::Gif));
        assert_eq!(of_bytes(b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0"), Some(FileKind::Bmp));
        assert_eq!(of_bytes(b"II*\0\x08\0\0\0"), Some(FileKind::Tiff));
        assert_eq!(of_bytes(b"MM\0*\0\0\0\x08"), Some(FileKind::Tiff));
        assert_eq!(of_bytes(b"RIFF\x24\0\0\0WEBPVP8 "), Some(FileKind::Webp));
    }

    #[test]
    fn old_office_and_rtf_are_named() {
        assert_eq!(
            of_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0"),
            Some(FileKind::OldOffice)
        );
        assert_eq!(of_bytes(b"{\\rtf1\\ansi"), Some(FileKind::Rtf));
    }

    #[test]
    fn text_not_starting_with_a_tag_is_text_and_xml_is_not() {
        assert_eq!(of_text("ciao"), Some(FileKind::Text));
        assert_eq!(of_text("\u{feff}\r\n  Nome: Mario"), Some(FileKind::Text));
        assert_eq!(of_text("  <?xml version=\"1.0\"?><a/>"), None);
        assert_eq!(of_text("<Candidatura"), None);
        assert_eq!(of_text("   "), None);
        // XML-looking bytes are no signature: the parser's reason stands.
        assert_eq!(of_bytes(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(of_bytes(b"BMW"), None);
    }
}
