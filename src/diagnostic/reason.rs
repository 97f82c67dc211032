//! Why something is wrong, as plain data. Domain code puts a [`Reason`]
//! in a diagnostic's argument (`Diagnostic::reason`); `report::words`
//! turns it into Italian or English, one file per language. The enums sit
//! here, below every family, so every layer can build them; the domain
//! types they wrap (`codice`, `codice_fiscale`, `calendar`) are leaves.

use crate::calendar::Date;
use crate::codice::{CodiceInatteso, ErroreIntermediario, ProblemaLuogo};
use crate::codice_fiscale::{Atteso, Divergenza, ErroreCf};

/// One reason, in no language yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    // ---- document: bytes and XML ----
    /// The XML parser's reason (common ones translated, rare ones in the
    /// parser's English).
    MalformedXml(crate::xml::XmlErrorKind),
    /// The text has no element at all.
    NoRootElement,
    /// What a file that should be XML is instead, told by its first bytes,
    /// and what to do about it (CL0017).
    NotXml(FileKind),
    /// What a file that should be a `.zip` archive is instead (CL0018).
    NotZip(FileKind),
    /// Where a byte invalid for the encoding is; rendered with a leading
    /// space, because the message reads "...at byte N{dove}.".
    ByteAt {
        byte: u8,
        line: usize,
        column: usize,
        /// The byte's windows-1252 character when the file was most likely
        /// saved as "ANSI" (Windows Notepad): the message names it and
        /// gives both fixes.
        windows_1252: Option<char>,
    },
    /// The root element has no namespace.
    NoNamespace,

    // ---- input: archives ----
    Archive(ArchiveProblem),
    /// An archive entry left out on purpose.
    Skipped(SkippedEntry),
    /// A path on the command line that could not be opened: the system's
    /// reason (its kind, and its text for the kinds without words of ours).
    Unopened {
        kind: std::io::ErrorKind,
        text: String,
    },

    // ---- schema ----
    /// What a value should look like.
    Format(Format),
    /// A length of `min` or more characters.
    AtLeast(usize),
    /// A schema violation without a more specific code (CL0199).
    Violation(Violation),

    // ---- rules ----
    /// A communication code that is malformed or not the one expected.
    Codice(CodiceInatteso),
    /// A region/province pair of a code that the ISTAT tables do not know.
    Luogo(ProblemaLuogo),
    /// A malformed codice fiscale or partita IVA.
    CodiceFiscale(ErroreCf),
    /// A malformed codice intermediario.
    Intermediario(ErroreIntermediario),
    /// The parts of a valid codice fiscale that the personal data
    /// contradict (CL0204).
    PersonalData(Vec<Divergenza>),
    /// A codice fiscale whose check character is wrong and whose first 15
    /// characters disagree with the personal data: the parts to fix first,
    /// and no check character to suggest (CL0201).
    CodiceFiscaleDivergente {
        trovato: char,
        divergenze: Vec<Divergenza>,
    },
    /// The validity periods of a place code, merged.
    Periods(Vec<Period>),
    /// The places to use instead, on the date a place code did not exist,
    /// as (code, name); rendered with a leading separator, or as nothing
    /// when the tables cannot tell.
    Instead(Vec<(String, String)>),
    /// The kind of sender of a message (`tiposoggetto`).
    Sender(Sender),

    // ---- checks across files ----
    /// How many more files than the one named share a key; rendered with
    /// a leading space ("...«b.xml» e altri 2"), or as nothing for 0.
    AndOthers(usize),

    // ---- clic close ----
    Close(CloseProblem),
}

/// Why an archive cannot be read, or one of its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveProblem {
    TooShort,
    /// Reading the archive's tail failed (the I/O error's text).
    ReadFailed(String),
    NoCentralDirectory,
    UnreadableZip64,
    InvalidZip64,
    /// The zip file ends early.
    Truncated,
    /// The zip crate's error text.
    InvalidStructure(String),
    /// An entry's local header lacks its signature.
    BadLocalHeader,
    /// An entry's local header runs past the end of the file.
    LocalHeaderCutShort,
    /// An entry's local header ends past the largest offset.
    LocalHeaderOverflow,
    /// An entry read from an archive that could not be opened.
    NotOpen,
    /// An entry's compressed data ends early.
    DataTruncated,
    CrcMismatch,
    /// The decompressor's error text.
    InvalidData(String),
    /// The Deflate stream cannot be decoded.
    CorruptDeflate,
    /// An entry's data is longer than its declared size.
    LargerThanDeclared,
}

/// What a file is, told by its first bytes (input/signature.rs), when it
/// is not what its name promised: said to the user by name, so that the
/// advice fits (a PDF is exported again, a RAR archive is re-packed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Empty,
    Pdf,
    /// Word, Excel or PowerPoint (Office Open XML: a zip with `[Content_Types].xml`).
    Word,
    Excel,
    PowerPoint,
    /// An OpenDocument file (LibreOffice): a zip whose first entry is `mimetype`.
    OpenDocument,
    /// An Office 97-2003 file (`.doc`, `.xls`: OLE compound file).
    OldOffice,
    Rtf,
    Zip,
    Rar,
    SevenZip,
    Gzip,
    Png,
    Jpeg,
    Gif,
    Bmp,
    Tiff,
    Webp,
    /// Text that does not start with `<` (after a byte-order mark and white space).
    Text,
}

/// Why an archive entry is not checked (a note, not an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkippedEntry {
    /// `__MACOSX/...`.
    MacosMetadata,
    /// A hidden file or folder (`.DS_Store`, `.git/...`).
    Hidden,
    /// `Thumbs.db` or `desktop.ini`, left by Windows Explorer.
    WindowsMetadata,
    /// A `~$...` lock file, left by an editor while a document is open.
    LockFile,
}

/// A schema violation the validator describes itself (CL0199).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// `xsi:nil` on an element that is not nillable.
    NotNillable,
    /// A child element inside a field that holds text.
    TextOnly,
    /// Content in an element declared empty.
    MustBeEmpty,
}

/// The format a value does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// `xs:date`.
    Date,
    /// `xs:dateTime`.
    DateTime,
    /// Another built-in type.
    SchemaType,
    /// A field whose format is known (see `schema::hints`).
    Field(FieldFormat),
    /// A pattern the tool has no description for: the expression itself.
    Pattern(String),
    /// A 16-character codice fiscale with a character its position cannot
    /// hold (1-based position).
    CodiceFiscaleCarattere {
        posizione: usize,
        carattere: char,
        atteso: Atteso,
    },
}

/// The formats of the fields whose pattern the tool describes in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldFormat {
    CodiceFiscale,
    Belfiore,
    Cap,
    Cittadinanza,
    Istat,
    RapportoLavoro,
    TitoloStudio,
    Durata,
    Lingua,
    LivelloQcer,
    Albo,
    Patente,
    ModalitaLavoro,
    AmbitoDiffusione,
    OneDigit,
    Email,
    Ateco,
    Ampiezza,
    Ccnl,
    NumeroLavoratori,
    Retribuzione,
    CodiceComunicazione,
}

/// A validity period; `None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// The kind of sender of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    Company,
    Citizen,
    Intermediary,
}

/// Why `clic close` cannot close a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseProblem {
    /// Messages are never closed.
    IsAMessage,
    /// `tipo` 02 already.
    AlreadyAClosure,
    /// The code is 25 zeros and no `--codici` file was given.
    NoMapping,
    /// The file is not in the `--codici` file.
    NotInMapping { name: String, csv: String },
    /// The file's name is in several inputs: it must be qualified.
    AmbiguousName {
        name: String,
        csv: String,
        input: String,
    },
    /// 25 zeros given as the assigned code (a malformed one is
    /// [`Reason::Codice`]).
    ZerosNotAssigned,
}
