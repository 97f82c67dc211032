//! Every reason and every fatal error, in English. The Italian twin is
//! `it.rs`: a translator edits one file.

use crate::chiusura::{CloseError, MappingError};
use crate::codice::{
    CodiceInatteso, ErroreCodice, ErroreIntermediario, ModalitaInvio, ProblemaLuogo, Tipo, TipoIntermediario,
};
use crate::codice_fiscale::{Atteso, Divergenza, ErroreCf, Parte};
use crate::counter::{self, CounterError, Damage};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::reason::{
    ArchiveProblem, CloseProblem, FieldFormat, FileKind, Format, Period, Reason, Sender, SkippedEntry,
    Violation,
};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::import::ImportError;
use crate::input::limits::SizeError;
use crate::ledger::{LedgerError, NotALedger, Problem};
use crate::schema::{Construct, InvalidXsd, SchemaError, SchemaNote};
use crate::tabelle::catalogo::OtherUse;
use crate::tabelle::{Origin, Provenance, TableError, TableNote, TableProblem};
use crate::xml::{Markup, XmlErrorKind};

pub(super) fn reason(reason: &Reason) -> String {
    match reason {
        Reason::MalformedXml(kind) => xml(kind),
        Reason::NoRootElement => "no root element".into(),
        Reason::ByteAt {
            byte,
            line,
            column,
            windows_1252,
        } => {
            let at = format!(" (0x{byte:02X}, line {line}, column {column})");
            match windows_1252 {
                Some(c) => format!(
                    "{at}: in windows-1252 it is `{c}`, so the file was probably saved as ANSI (for example by Windows Notepad). Save it again choosing the UTF-8 encoding, or declare the encoding in the first line: <?xml version=\"1.0\" encoding=\"windows-1252\"?>"
                ),
                None => format!(
                    "{at}: save the file again choosing the UTF-8 encoding, or declare in the first line the encoding it was saved in"
                ),
            }
        }
        Reason::NoNamespace => "no namespace".into(),
        Reason::Archive(problem) => archive(problem),
        Reason::NotXml(kind) => not_xml(*kind),
        Reason::NotZip(kind) => not_zip(*kind),
        Reason::Skipped(SkippedEntry::MacosMetadata) => "macOS metadata (__MACOSX)".into(),
        Reason::Skipped(SkippedEntry::Hidden) => "hidden file".into(),
        Reason::Skipped(SkippedEntry::WindowsMetadata) => {
            "Windows system file (Thumbs.db, desktop.ini)".into()
        }
        Reason::Skipped(SkippedEntry::LockFile) => {
            "lock file (~$) left by a program while a document is open".into()
        }
        Reason::Format(format) => self::format(format),
        Reason::AtLeast(min) => format!("{min} or more"),
        Reason::Violation(violation) => match violation {
            Violation::NotNillable => "this element is not nillable",
            Violation::TextOnly => "this element must contain text, not child elements",
            Violation::MustBeEmpty => "this element must be empty",
        }
        .into(),
        Reason::Codice(problem) => codice(problem),
        Reason::Luogo(problem) => luogo(problem),
        Reason::CodiceFiscale(error) => codice_fiscale(error),
        Reason::Intermediario(error) => intermediario(error),
        Reason::PersonalData(differences) => divergenze(differences),
        Reason::CodiceFiscaleDivergente {
            trovato,
            divergenze: parti,
        } => format!(
            "wrong check character (found {trovato}), but the code disagrees with the personal data ({}): fix these parts first, or the data, then recompute the check character",
            divergenze(parti)
        ),
        Reason::Unopened { kind, text } => io_reason(&std::io::Error::new(*kind, text.clone())),
        Reason::Instead(places) if places.is_empty() => String::new(),
        Reason::Instead(places) => format!(
            "; on that date use {}",
            places
                .iter()
                .map(|(code, name)| format!("{code} ({name})"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        Reason::Periods(periods) => periods.iter().map(period).collect::<Vec<_>>().join(", "),
        Reason::Sender(sender) => match sender {
            Sender::Company => "company",
            Sender::Citizen => "citizen",
            Sender::Intermediary => "intermediary",
        }
        .into(),
        Reason::AndOthers(0) => String::new(),
        Reason::AndOthers(1) => " and one more file".into(),
        Reason::AndOthers(more) => format!(" and {more} more files"),
        Reason::Close(problem) => close(problem),
    }
}

/// The parser's own English wording.
fn xml(kind: &XmlErrorKind) -> String {
    match kind {
        XmlErrorKind::UnexpectedEof => "input ended unexpectedly".to_string(),
        XmlErrorKind::MismatchedEndTag {
            expected,
            found,
            opened_line: 0,
        } => format!("</{found}> closes <{expected}>"),
        XmlErrorKind::MismatchedEndTag {
            expected,
            found,
            opened_line,
        } => format!("</{found}> closes <{expected}>, opened on line {opened_line}"),
        XmlErrorKind::UnexpectedEndTag(name) => format!("</{name}> has no matching open tag"),
        XmlErrorKind::InvalidName | XmlErrorKind::MalformedMarkup => "expected a name".to_string(),
        XmlErrorKind::UnquotedAttributeValue | XmlErrorKind::MalformedAttribute => {
            "attribute value must be quoted".to_string()
        }
        XmlErrorKind::DuplicateAttribute(name) => format!("duplicate attribute {name}"),
        XmlErrorKind::UnknownEntity(name) | XmlErrorKind::IllegalCharacterReference(name) => {
            format!("unknown entity &{name};")
        }
        XmlErrorKind::UnboundPrefix(prefix) => format!("namespace prefix {prefix} is not declared"),
        XmlErrorKind::TrailingContent => "content after the root element".to_string(),
        XmlErrorKind::NoRootElement => "document has no root element".to_string(),
        XmlErrorKind::Unterminated(Markup::Reference) => {
            "a lone & in the text: write &amp; (e.g. `Rossi &amp; Figli`), or end the reference with `;`".to_string()
        }
        XmlErrorKind::Unterminated(what) => format!("unterminated {}", markup(*what)),
        XmlErrorKind::IllegalCharacter(c) => format!("character U+{:04X} is not allowed in XML", *c as u32),
        XmlErrorKind::MalformedComment => "`--` is not allowed inside a comment".to_string(),
        XmlErrorKind::MalformedDeclaration => "malformed XML declaration".to_string(),
        XmlErrorKind::MisplacedDeclaration => {
            "the <?xml ...?> declaration must be at the very start of the file: remove the blank lines and spaces before it".to_string()
        }
        XmlErrorKind::ReservedNamespace => "reserved namespace prefix or URI".to_string(),
        XmlErrorKind::IllegalCdataEnd => "`]]>` must be written `]]&gt;` in content".to_string(),
        XmlErrorKind::ReservedPiTarget => "`xml` is a reserved processing-instruction target".to_string(),
        XmlErrorKind::Doctype => "DOCTYPE not allowed".to_string(),
        XmlErrorKind::DepthLimitExceeded => "nesting beyond the limit".to_string(),
    }
}

fn markup(what: Markup) -> &'static str {
    match what {
        Markup::Comment => "comment",
        Markup::Cdata => "CDATA",
        Markup::ProcessingInstruction => "processing instruction",
        Markup::Reference => "entity",
    }
}

/// What a file is, as the sentence "This file is …" names it.
fn file_kind(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Empty => "empty (0 bytes)",
        FileKind::Pdf => "a PDF",
        FileKind::Word => "a Word document",
        FileKind::Excel => "an Excel workbook",
        FileKind::PowerPoint => "a PowerPoint presentation",
        FileKind::OpenDocument => "a LibreOffice (OpenDocument) document",
        FileKind::OldOffice => "a Word or Excel document in the old (97-2003) format",
        FileKind::Rtf => "an RTF document",
        FileKind::Zip => "a .zip archive",
        FileKind::Rar => "a RAR archive",
        FileKind::SevenZip => "a 7z archive",
        FileKind::Gzip => "a gzip archive",
        FileKind::Png => "a PNG image",
        FileKind::Jpeg => "a JPEG image",
        FileKind::Gif => "a GIF image",
        FileKind::Bmp => "a BMP image",
        FileKind::Tiff => "a TIFF image",
        FileKind::Webp => "a WebP image",
        FileKind::Text => "text that does not start with `<`",
    }
}

/// "This file is {tipo}." for a file that should be XML (CL0017).
fn not_xml(kind: FileKind) -> String {
    let what = file_kind(kind);
    let step = match kind {
        FileKind::Empty => "remove it, or export the communication again",
        FileKind::Zip | FileKind::Rar | FileKind::SevenZip | FileKind::Gzip => {
            "extract its .xml files and put them directly in the .zip to upload"
        }
        FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Bmp | FileKind::Tiff | FileKind::Webp => {
            "remove it and put the communication's XML file in its place"
        }
        FileKind::Text => {
            "open it in Notepad to see what it holds (an XML communication starts with `<`), then export the CV or vacancy again as XML"
        }
        _ => "export the CV (or vacancy) again as XML from the program that manages it, and use that file",
    };
    format!("{what}, not a Cliclavoro XML file: {step}")
}

/// "This file is {tipo}." for a file that should be a .zip archive (CL0018).
fn not_zip(kind: FileKind) -> String {
    let what = file_kind(kind);
    let step = match kind {
        FileKind::Empty => {
            "the copy or download failed; create the .zip again from the original files and upload it"
        }
        FileKind::Rar | FileKind::SevenZip | FileKind::Gzip => {
            "extract the files with the program that made it (e.g. 7-Zip or WinRAR), then compress them again as a .zip (in Windows: right click on the folder, \"Send to\", \"Compressed (zipped) folder\")"
        }
        _ => "upload the .zip that holds the communications' XML files",
    };
    format!("{what}, not a .zip archive: {step}")
}

fn archive(problem: &ArchiveProblem) -> String {
    match problem {
        ArchiveProblem::TooShort => "it is too short to be a complete .zip (incomplete or damaged)".into(),
        ArchiveProblem::ReadFailed(e) => format!("read failed ({e})"),
        ArchiveProblem::NoCentralDirectory => {
            "it is incomplete or damaged: the list of files a .zip holds at its end is missing (usually the copy or download was cut short)".into()
        }
        ArchiveProblem::UnreadableZip64 => "unreadable ZIP64 record".into(),
        ArchiveProblem::InvalidZip64 => "invalid ZIP64 record".into(),
        ArchiveProblem::Truncated => "the file is truncated".into(),
        ArchiveProblem::InvalidStructure(e) => format!("invalid structure ({e})"),
        // The zip crate's texts, as the report said them when the crate read the local headers.
        ArchiveProblem::BadLocalHeader => "invalid structure (invalid Zip archive: Invalid local file header)".into(),
        ArchiveProblem::LocalHeaderCutShort => {
            "invalid structure (invalid Zip archive: Unexpected end of zip::format::blocks::ZipLocalEntryBlock)".into()
        }
        ArchiveProblem::LocalHeaderOverflow => {
            "invalid structure (invalid Zip archive: Local header end offset overflows u64)".into()
        }
        ArchiveProblem::NotOpen => "archive not open".into(),
        ArchiveProblem::DataTruncated => "the compressed data is truncated".into(),
        ArchiveProblem::CrcMismatch => "the CRC check does not match (damaged data)".into(),
        ArchiveProblem::InvalidData(e) => format!("invalid compressed data ({e})"),
        // The texts flate2 and zip gave for these, as the report said them before.
        ArchiveProblem::CorruptDeflate => "invalid compressed data (corrupt deflate stream)".into(),
        ArchiveProblem::LargerThanDeclared => {
            "invalid compressed data (File is larger than its declared uncompressed size)".into()
        }
    }
}

fn format(format: &Format) -> String {
    match format {
        Format::Date => "date as YYYY-MM-DD, e.g. 2026-03-31".into(),
        Format::DateTime => "date and time as YYYY-MM-DDThh:mm:ss, e.g. 2026-03-31T09:30:00".into(),
        Format::SchemaType => "the type the schema requires".into(),
        Format::Field(field) => field_format(*field).into(),
        Format::Pattern(pattern) => format!("must match the expression {pattern}"),
        Format::CodiceFiscaleCarattere {
            posizione,
            carattere,
            atteso,
        } => carattere_fuori_posto(*posizione, *carattere, *atteso),
    }
}

fn field_format(field: FieldFormat) -> &'static str {
    match field {
        FieldFormat::CodiceFiscale => "16 upper-case characters (e.g. RSSMRA80A01H501U) or 11 digits",
        FieldFormat::Belfiore => {
            "cadastral (Belfiore) code: an upper-case letter and three digits, e.g. H501 (Rome) or Z404 (USA)"
        }
        FieldFormat::Cap => "5 digits, e.g. 00184",
        FieldFormat::Cittadinanza => "3 digits of the Cittadinanza table, e.g. 000",
        FieldFormat::Istat => "six-level ISTAT CP 2011 code, e.g. 2.1.1.4.1.0",
        FieldFormat::RapportoLavoro => {
            "code of the Rapporti di lavoro table: a letter and two digits, e.g. A01"
        }
        FieldFormat::TitoloStudio => "2 digits of the Livello di studio table",
        FieldFormat::Durata => "a number of at most 4 digits",
        FieldFormat::Lingua => "code of the Lingue table: 3 digits or 3 upper-case letters",
        FieldFormat::LivelloQcer => "CEFR level: A1, A2, B1, B2, C1 or C2",
        FieldFormat::Albo => "4 digits starting with 00, e.g. 0012",
        FieldFormat::Patente => "2 digits",
        FieldFormat::ModalitaLavoro => "2 upper-case letters of the Modalità di lavoro table",
        FieldFormat::AmbitoDiffusione => "2 digits of the Ambiti di diffusione table",
        FieldFormat::OneDigit => "1 digit",
        FieldFormat::Email => {
            "an e-mail address, e.g. name.surname@domain.it (no spaces or accented letters)"
        }
        FieldFormat::Ateco => "six-digit ATECO 2007 code, e.g. 62.01.00",
        FieldFormat::Ampiezza => "2 digits starting with 0, e.g. 03",
        FieldFormat::Ccnl => {
            "code of the CCNL table (3 characters), or CD (contract not in the table) or ND (no contract)"
        }
        FieldFormat::NumeroLavoratori => "a number of 1 or 2 digits",
        FieldFormat::Retribuzione => "digits only, at most 9, no dots or commas",
        FieldFormat::CodiceComunicazione => "25 digits",
    }
}

pub(super) fn errore_codice(error: &ErroreCodice) -> String {
    match error {
        ErroreCodice::Lunghezza { trovata } => format!("it must have 25 digits, it has {trovata}"),
        ErroreCodice::NonCifra { posizione, carattere } => {
            format!("character {posizione} (`{carattere}`) is not a digit")
        }
        ErroreCodice::ModalitaInvio { cifra } => {
            format!("the sending mode (character 8) is {cifra}, allowed 0-3")
        }
        ErroreCodice::Modulo { cifra } => format!(
            "the module (character 9) is {cifra}, allowed 1 (vacancy), 2 (candidatura), 3 (messaggio)"
        ),
        ErroreCodice::Tipo { cifra } => format!("the type (character 10) is {cifra}, allowed 1-4"),
    }
}

fn codice(problem: &CodiceInatteso) -> String {
    match problem {
        CodiceInatteso::Malformato(error) => errore_codice(error),
        CodiceInatteso::Modulo { trovato, attesi } => format!(
            "the module digit (character 9) says {}, {} is required here",
            trovato.key(),
            attesi.iter().map(|m| m.key()).collect::<Vec<_>>().join(" or ")
        ),
        CodiceInatteso::Tipo { trovato, atteso } => format!(
            "the type digit (character 10) is {} ({}), but the communication is tipo 0{}",
            trovato.digit(),
            tipo(*trovato),
            atteso.digit()
        ),
    }
}

pub(super) fn luogo(problem: &ProblemaLuogo) -> String {
    match problem {
        ProblemaLuogo::RegioneInesistente { regione } => format!("region {regione} does not exist"),
        ProblemaLuogo::ProvinciaInesistente { provincia } => format!("province {provincia} does not exist"),
        ProblemaLuogo::ProvinciaDiAltraRegione {
            provincia,
            nome,
            regione_della_provincia,
            nome_regione,
        } => format!("province {provincia} ({nome}) is in region {regione_della_provincia} ({nome_regione})"),
    }
}

fn codice_fiscale(error: &ErroreCf) -> String {
    match *error {
        ErroreCf::Lunghezza { trovata } => {
            format!("wrong length: {trovata} characters (expected 16, or 11 digits)")
        }
        ErroreCf::Carattere { posizione, carattere } if carattere.is_lowercase() => format!(
            "character not allowed at position {posizione}: '{}' (uppercase letters required)",
            carattere.escape_debug()
        ),
        ErroreCf::Carattere { posizione, carattere } => format!(
            "character not allowed at position {posizione}: '{}'",
            carattere.escape_debug()
        ),
        ErroreCf::Mese { lettera } => {
            format!("invalid month letter: {lettera} (allowed A B C D E H L M P R S T)")
        }
        ErroreCf::Giorno { giorno } => format!("invalid birth day: {giorno:02}"),
        ErroreCf::CarattereControllo { atteso, trovato } => {
            format!("wrong check character: expected {atteso}, found {trovato}")
        }
        ErroreCf::CifraControllo { attesa, trovata } => {
            format!("wrong check digit: expected {attesa}, found {trovata}")
        }
        ErroreCf::MatricolaNulla => "the first 7 digits (registration number) are all zero".into(),
        ErroreCf::CodiceUfficio { codice } => {
            format!("invalid office code: {codice:03} (allowed 001-100, 120, 121, 888, 999)")
        }
    }
}

pub(super) fn intermediario(error: &ErroreIntermediario) -> String {
    match error {
        ErroreIntermediario::Lunghezza { trovata } => format!("it must have 11 characters, it has {trovata}"),
        ErroreIntermediario::Belfiore { testo } => {
            format!("the first 4 characters (`{testo}`) must be a cadastral code, e.g. H501")
        }
        ErroreIntermediario::Tipo { lettera } => {
            format!("character 5 (`{lettera}`) must be C, S, F, E, U or A")
        }
        ErroreIntermediario::Progressivo { testo } => {
            format!("the last 6 characters (`{testo}`) must be digits")
        }
    }
}

fn divergenze(parts: &[Divergenza]) -> String {
    parts.iter().map(divergenza).collect::<Vec<_>>().join("; ")
}

fn divergenza(d: &Divergenza) -> String {
    let (code, data, write) = (d.nel_codice, d.dai_dati, d.scrivere);
    let woman = write.as_str() > "40";
    match d.parte {
        Parte::Cognome => format!("surname: {code} in the code, {data} from the surname: write {write}"),
        Parte::Nome => format!("name: {code} in the code, {data} from the name: write {write}"),
        Parte::Anno => format!("birth year: {code} in the code, {data} from the birth date: write {write}"),
        Parte::Mese => format!(
            "birth month: the letter {code} in the code, the letter {write} for the birth date's month: write {write}"
        ),
        Parte::Giorno if woman => format!(
            "birth day: {code} in the code, but for a woman born on the {data} write {write}, i.e. the day plus 40"
        ),
        Parte::Giorno => {
            format!("birth day: {code} in the code, but for a man born on the {data} write {write}")
        }
        Parte::Sesso if woman => format!(
            "sex: {code} in the code, {data} declared: for a woman write the day as {write}, i.e. the day plus 40"
        ),
        Parte::Sesso => format!(
            "sex: {code} in the code, {data} declared: for a man write the day as {write}, without the 40 added for women"
        ),
        Parte::Luogo => format!("birthplace: {code} in the code, {data} declared: write {write}"),
    }
}

/// A character misplaced in a codice fiscale, with the look-alike it
/// probably stands for.
fn carattere_fuori_posto(position: usize, character: char, atteso: Atteso) -> String {
    let (what, maybe) = match atteso {
        Atteso::Cifra => ("a digit", super::digit_look_alike(character)),
        Atteso::Lettera => ("an uppercase letter", super::letter_look_alike(character)),
    };
    match maybe {
        Some(maybe) => format!("character {position}: `{character}` where {what} belongs (perhaps {maybe}?)"),
        None => format!("character {position}: `{character}` where {what} belongs"),
    }
}

fn period(period: &Period) -> String {
    match (period.from, period.to) {
        (Some(f), Some(t)) => format!("from {f} to {t}"),
        (Some(f), None) => format!("from {f}"),
        (None, Some(t)) => format!("until {t}"),
        (None, None) => "always".to_string(),
    }
}

fn close(problem: &CloseProblem) -> String {
    match problem {
        CloseProblem::IsAMessage => "it is a message".into(),
        CloseProblem::AlreadyAClosure => "it is already a closure (tipo 02)".into(),
        CloseProblem::NoMapping => "no --codici file gives the assigned code".into(),
        CloseProblem::NotInMapping { name, csv } => format!("`{name}` is not in `{csv}`"),
        CloseProblem::AmbiguousName { name, csv, input } => {
            format!("the name `{name}` is in several inputs: write it in `{csv}` as {input}/{name}")
        }
        CloseProblem::ZerosNotAssigned => "25 zeros is not an assigned code".into(),
    }
}

pub(super) fn modalita_invio(modalita: ModalitaInvio) -> &'static str {
    match modalita {
        ModalitaInvio::WebNazionale => "web, national system",
        ModalitaInvio::MassivoNazionale => "bulk, national system",
        ModalitaInvio::WebRegionale => "web, regional system",
        ModalitaInvio::MassivoRegionale => "bulk, regional system",
    }
}

pub(super) fn tipo(tipo: Tipo) -> &'static str {
    match tipo {
        Tipo::Invio => "sending",
        Tipo::Chiusura => "closure",
        Tipo::Contatto => "contact message",
        Tipo::Risposta => "reply to a contact",
    }
}

pub(super) fn tipo_intermediario(tipo: TipoIntermediario) -> &'static str {
    match tipo {
        TipoIntermediario::CentroImpiego => "job centre (CPI)",
        TipoIntermediario::SedeAgenzia => "employment agency head office",
        TipoIntermediario::FilialeAgenzia => "employment agency branch",
        TipoIntermediario::Eures => "Eures adviser",
        TipoIntermediario::Scuole => "schools and universities",
        TipoIntermediario::Altri => "other bodies",
    }
}

/// A use of a table that is not a single field (`clic tabelle`).
pub(super) fn other_use(other: OtherUse) -> &'static str {
    match other {
        OtherUse::IntermediarioSede => "codice intermediario (characters 1-4)",
        OtherUse::IntermediarioTipo => "codice intermediario (character 5)",
        OtherUse::CodiceRegione => "communication code (characters 1-2)",
        OtherUse::CodiceProvincia => "communication code (characters 3-5)",
        OtherUse::CodiceModalita => "communication code (character 8)",
        OtherUse::CodiceModulo => "communication code (character 9)",
        OtherUse::CodiceTipo => "communication code (character 10)",
        OtherUse::ListeSpecialiUnused => {
            "field listespeciali (declared in the Candidatura schema but used in no section)"
        }
    }
}

/// Where a table's data comes from (`clic tabelle NAME`).
pub(super) fn table_source(provenance: &Provenance) -> String {
    match (&provenance.source, &provenance.origin) {
        (Some(source), _) => source.clone(),
        (None, Origin::User(path)) => format!("supplied by the user: {}", path.display()),
        (None, Origin::Bundled) => "unknown".into(),
    }
}

/// A byte size that cannot be read (`--max-entry-bytes 10XB`).
pub(super) fn size_error(error: &SizeError) -> String {
    match error {
        SizeError::NotANumber(text) => format!("`{text}`: expected a number of bytes, e.g. 10MiB"),
        SizeError::UnknownUnit(unit) => format!("`{unit}`: unknown unit (use K, M, G)"),
        SizeError::TooLarge(text) => format!("`{text}`: too large"),
    }
}

// ---- errors that stop the run ----

pub(super) fn fatal(error: &Fatal) -> String {
    match error {
        Fatal::Open(e) => format!("cannot open `{}`: {}", e.path, io_reason(&e.reason)),
        Fatal::Schema(e) => schema(e),
        Fatal::Table(e) => table_error(e),
        Fatal::Import(e) => import(e),
        Fatal::Write { path, reason } => format!("cannot write `{path}`: {}", system(reason)),
        Fatal::UnknownCode(code) => format!("unknown code `{code}` (the list: clic explain --list)"),
        Fatal::UnknownTable(name) => format!("unknown table `{name}` (clic tabelle lists them)"),
        Fatal::Threads(reason) => format!("cannot start worker threads: {reason}"),
        Fatal::Serve(e) => crate::report::serve::start_error(e, crate::i18n::Lang::En),
        Fatal::Counter(e) => counter(e),
        Fatal::Close(e) => close_error(e),
        Fatal::Fix(e) => fix_error(e),
        Fatal::BadRegione(text) => {
            format!("--regione `{text}` must be 2 digits (00 for the national portal)")
        }
        Fatal::BadProvincia(text) => {
            format!("--provincia `{text}` must be 3 digits (000 when there is no province)")
        }
        Fatal::BadAnno(text) => format!("--anno `{text}` must be 2 digits (e.g. 26 for 2026)"),
        Fatal::TypeNotAllowed { modulo, tipo } => format!(
            "the module {} has no type {}: allowed {}",
            modulo.key(),
            tipo.key(),
            super::allowed_types(*modulo)
        ),
    }
}

fn fix_error(error: &crate::repair::OutputError) -> String {
    use crate::repair::OutputError;
    match error {
        OutputError::OutWithSeveralInputs => {
            "--out names one output: with several inputs, leave it out (each input gets its NAME-corretto beside it)".into()
        }
        OutputError::SameAsInput(path) => format!(
            "the output `{}` is the input itself: the original is never overwritten, choose another --out",
            path.display()
        ),
        OutputError::FolderExists(path) => format!(
            "the folder `{}` already exists: remove it or choose another --out (a folder is never merged into)",
            path.display()
        ),
        OutputError::Io { path, reason } => {
            format!("cannot write `{}`: {}", path.display(), system(reason))
        }
        OutputError::Archive { path, reason } => format!(
            "cannot read the archive `{}` again to copy it: {}",
            path.display(),
            system(reason)
        ),
    }
}

fn close_error(error: &CloseError) -> String {
    match error {
        CloseError::NotAnArchive(out) => {
            format!("--out `{}` must be the name of a .zip archive", out.display())
        }
        CloseError::MotivoShape(motivo) => format!(
            "--motivo `{motivo}` is not a code of the Motivi chiusura table (1 or 2 letters or digits, as the schema requires)"
        ),
        CloseError::MotivoUnknown(motivo) => {
            format!("--motivo `{motivo}` is not in the motivi_chiusura table loaded with --tabelle")
        }
        CloseError::PlaceWithoutCounter => "--regione and --provincia are only used with --contatore".into(),
        CloseError::CounterWithoutPlace => {
            "--contatore needs --regione and --provincia for the closures' codes".into()
        }
        CloseError::Mapping(e) => mapping_error(e),
        CloseError::Counter(e) => counter(e),
        CloseError::Reopen(e) => format!("cannot open `{}`: {}", e.path, io_reason(&e.reason)),
        CloseError::Write { path, error } => {
            format!("cannot write `{}`: {}", path.display(), io_reason(error))
        }
        CloseError::Internal { file, error } => {
            format!("internal error building the closure of `{file}`: {error:?}")
        }
    }
}

fn mapping_error(error: &MappingError) -> String {
    let (path, problem) = match error {
        MappingError::Unreadable { path, error } => {
            return format!("cannot open `{}`: {}", path.display(), io_reason(error));
        }
        MappingError::NotCsv { path, reason } => (path, format!("not a readable CSV ({reason})")),
        MappingError::Header { path } => (path, "the header must be `file,codice`".into()),
        MappingError::BadLine { path, line, reason } => (path, format!("line {line}: {reason}")),
        MappingError::MissingName { path, line } => (path, format!("line {line}: the file name is missing")),
        MappingError::Conflict {
            path,
            line,
            file,
            previous,
        } => (
            path,
            format!("line {line}: `{file}` already has the code {previous}"),
        ),
    };
    format!("--codici `{}`: {problem}", path.display())
}

/// An operating-system error in words, without the "(os error N)" tail.
pub(super) fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match error.kind() {
        K::NotFound => "no such file or folder",
        K::PermissionDenied => "permission denied",
        K::AlreadyExists => "already exists",
        K::IsADirectory => "is a folder, not a file",
        K::NotADirectory => "a part of the path is not a folder",
        K::DirectoryNotEmpty => "the folder is not empty",
        K::StorageFull => "no space left on the disk",
        K::ReadOnlyFilesystem => "the disk is read-only",
        K::QuotaExceeded => "disk quota exceeded",
        K::FileTooLarge => "file too large",
        K::InvalidFilename => "invalid file name",
        K::UnexpectedEof => "the file ends early",
        K::CrossesDevices => "the move crosses disks",
        K::ResourceBusy => "resource busy",
        K::TimedOut => "timed out",
        K::OutOfMemory => "out of memory",
        K::Interrupted => "interrupted",
        _ => return error.to_string(),
    }
    .into()
}

/// An operating-system error already turned into text by the code that met it.
fn system(text: &str) -> String {
    super::os_error(text).map_or_else(|| text.to_string(), |e| io_reason(&e))
}

fn table_error(error: &TableError) -> String {
    match error {
        TableError::Read { path, reason } => {
            format!("cannot read the tables `{}`: {}", path.display(), system(reason))
        }
        TableError::Invalid { path, problem } => format!(
            "the table `{}` is not in the format of tabelle/README.md: {}",
            path.display(),
            table_problem(problem)
        ),
    }
}

fn table_problem(problem: &TableProblem) -> String {
    match problem {
        TableProblem::Empty => "the file is empty".into(),
        TableProblem::Header => "the header must start with codice,descrizione".into(),
        TableProblem::UnterminatedQuote { line } => format!("line {line}: unterminated quoted field"),
        TableProblem::TextAfterQuote { line } => format!("line {line}: text after a closing quote"),
        TableProblem::FieldCount { line, found, header } => {
            format!("line {line}: {found} fields, the header has {header}")
        }
        TableProblem::EmptyCode { line } => format!("line {line}: empty codice"),
        TableProblem::NotADate { line, text } => format!("line {line}: `{text}` is not a date YYYY-MM-DD"),
        TableProblem::NotUtf8 { byte } => format!("not UTF-8 (byte {byte})"),
    }
}

fn import(error: &ImportError) -> String {
    match error {
        ImportError::NotAnArchive(path) => format!(
            "`{path}` is not a .zip archive: clic import imports archives (use clic verify for files and folders)"
        ),
        ImportError::Read { path, reason } => format!("cannot read `{path}`: {}", system(reason)),
        ImportError::Ledger(e) => ledger(e),
        ImportError::TableFormatForRecords(format) => {
            format!("--format {format} only applies with --stato; records are jsonl or csv")
        }
        ImportError::ArchivesWithStato => "--stato shows the ledger: give no archives".into(),
        ImportError::RecordsFormatForTable => "with --stato the format is text or json".into(),
        ImportError::UnknownArchive(name) => format!("no archive `{name}` in the ledger"),
        ImportError::Write { path, reason } => {
            format!("cannot write the records to `{}`: {reason}", path.display())
        }
        ImportError::Database(e) => database(e),
    }
}

fn database(e: &crate::records::postgres::DbError) -> String {
    use crate::records::postgres::DbProblem;
    let target = &e.target;
    match &e.problem {
        DbProblem::Database(reason) => format!(
            "database `{target}` unusable for the records: {reason}; no record of this archive was written to the database"
        ),
        DbProblem::Newer { version } => {
            format!("the database `{target}` was set up by a newer clic (format {version}): update clic")
        }
        DbProblem::Foreign { schema } => format!(
            "the schema `{schema}` of the database `{target}` holds tables clic did not create: name another schema with --db-schema"
        ),
        DbProblem::Orphan { table, value } => format!(
            "no row of the table {table} has the id `{value}`, which a child row's parent_id names: no record of this archive was written to the database"
        ),
        DbProblem::Value { table, column, value } => format!(
            "the value `{value}` (table {table}, column {column}) does not fit the column's type: no record of this archive was written to the database"
        ),
    }
}

fn ledger(e: &LedgerError) -> String {
    let path = e.path.display();
    match &e.problem {
        Problem::Database(reason) => format!("ledger `{path}` unusable: {}", system(reason)),
        Problem::Missing => format!("the ledger `{path}` does not exist (--ledger names another ledger)"),
        Problem::Replaced => format!(
            "the ledger `{path}` was deleted or replaced during the run: what this run recorded is lost; check the ledger before running the command again"
        ),
        Problem::UnknownState { table, value } => format!(
            "the ledger `{path}` holds an unknown state `{value}` (table {table}): nothing was done; repair the ledger"
        ),
        Problem::Newer { version } => {
            format!("the ledger `{path}` is from a newer clic (format {version}): update clic")
        }
        Problem::NotALedger(NotALedger::Empty) => format!(
            "the file `{path}` is empty (0 bytes): it is not a clic ledger, perhaps it was truncated; nothing was imported or sent. Restore the ledger from a copy, or name with --ledger a file that does not exist to start a new ledger (archives already sent would be sent again)"
        ),
        Problem::NotALedger(NotALedger::Foreign) => format!(
            "`{path}` is another program's database, not a clic ledger: nothing was imported or sent and the file was not changed. Name the clic ledger with --ledger, or a file that does not exist to start a new one"
        ),
    }
}

fn schema(error: &SchemaError) -> String {
    match error {
        SchemaError::Read { path, reason } => {
            format!("cannot read the schema `{}`: {}", path.display(), system(reason))
        }
        SchemaError::NotXml { path, diagnostic } => format!(
            "the schema `{}` is not readable XML: {}",
            path.display(),
            located(diagnostic)
        ),
        SchemaError::NoTargetNamespace { path } => {
            format!("the schema `{}` declares no targetNamespace", path.display())
        }
        SchemaError::Duplicate {
            namespace,
            first,
            second,
        } => format!(
            "two schemas for the same namespace {namespace}: `{}` and `{}`; keep only one in the folder",
            first.display(),
            second.display()
        ),
        SchemaError::Unsupported { path, constructs } => format!(
            "the schema `{}` uses constructs the validator would skip, so it is not used (no check is better than half a check):\n  {}",
            path.display(),
            constructs.iter().map(construct).collect::<Vec<_>>().join("\n  ")
        ),
        SchemaError::Invalid { path, problems } => format!(
            "the schema `{}` is not valid:\n  {}",
            path.display(),
            problems.iter().map(invalid_xsd).collect::<Vec<_>>().join("\n  ")
        ),
        SchemaError::MissingRoot { path, module } => format!(
            "the schema `{}` does not declare the root element {}",
            path.display(),
            module.root()
        ),
        SchemaError::EmptyDir { path } => format!(
            "the folder `{}` holds no .xsd schema of the Cliclavoro modules",
            path.display()
        ),
    }
}

pub(super) fn counter(error: &CounterError) -> String {
    match error {
        CounterError::Io { path, reason } => {
            format!("cannot use the counter `{}`: {}", path.display(), system(reason))
        }
        CounterError::Busy { path } => format!(
            "the counter has been locked by another clic run for more than {} seconds ({})",
            counter::LOCK_TIMEOUT.as_secs(),
            path.display()
        ),
        CounterError::Exhausted {
            prefix,
            left,
            requested,
        } => format!(
            "the counter of prefix {prefix} is exhausted: {left} codes left, {requested} needed (the counter never wraps)"
        ),
        CounterError::Corrupt { path, line, damage } => format!(
            "the counter `{}` is damaged (line {line}: {}); it is not reset, so as not to hand out codes again: restore it from a copy or fix it by hand",
            path.display(),
            self::damage(damage)
        ),
    }
}

fn damage(damage: &Damage) -> String {
    match damage {
        Damage::NotText => "not UTF-8 text".into(),
        Damage::Empty => "the file is empty, perhaps cut short".into(),
        Damage::NotACounter => format!("the first line must start with `{}`", counter::MAGIC),
        Damage::Truncated => format!(
            "the last line must be `{}`: the file was cut short or edited",
            counter::END
        ),
        Damage::BadLine => "expected a `PREFIX NEXT` line".into(),
        Damage::BadPrefix(p) => format!("`{p}` is not the first 10 digits of a communication code"),
        Damage::BadValue(v) => format!("`{v}` is not a counter value (15 digits, from 000000000000001)"),
        Damage::Duplicate(p) => format!("prefix {p} appears twice"),
    }
}

/// A document's diagnostic about a schema file, with its line and column.
fn located(diagnostic: &Diagnostic) -> String {
    let message = crate::report::message(diagnostic, Lang::En);
    match diagnostic.position {
        Some(p) => format!("line {}, column {}: {message}", p.line, p.column),
        None => message,
    }
}

fn invalid_xsd(problem: &InvalidXsd) -> String {
    match problem {
        InvalidXsd::Annotation { parent } => {
            format!("{parent}: xs:annotation may appear once only, as the first child")
        }
        InvalidXsd::Exclusive {
            parent,
            first,
            second,
        } if first == second => {
            format!("{parent} holds two {first}, only one is allowed")
        }
        InvalidXsd::Exclusive {
            parent,
            first,
            second,
        } => {
            format!("{parent} holds both {first} and {second}, which exclude each other")
        }
        InvalidXsd::TypeAndInline { element } => {
            format!("the element `{element}` has both a type attribute and a type inside it")
        }
        InvalidXsd::NameAndRef { element } => format!("the element `{element}` has both name and ref"),
        InvalidXsd::NoName => "an xs:element has neither name nor ref".into(),
        InvalidXsd::Id { id } => format!("id=\"{id}\" is not an xs:ID (an XML name without colons)"),
        InvalidXsd::DuplicateId { id } => format!("id=\"{id}\" appears twice, but an xs:ID is unique"),
        InvalidXsd::Inconsistent {
            element,
            first,
            second,
        } => format!(
            "`{element}` is declared twice in one sequence with different types ({first} and {second})"
        ),
        InvalidXsd::FacetValue { facet, value, .. } if facet.ends_with("ength") => {
            format!("{facet} `{value}` is not a number of characters")
        }
        InvalidXsd::FacetValue { facet, value, base } => {
            format!("{facet} `{value}` is not a value of {base}")
        }
        InvalidXsd::TooLarge { limit } => format!(
            "the content models expand past {limit} element declarations (a type using another twice doubles at every level)"
        ),
    }
}

fn construct(construct: &Construct) -> String {
    match construct {
        Construct::OtherFile { element } => {
            format!("xs:{element}: other schema files are not loaded, their rules would be skipped")
        }
        Construct::Outside { construct } => {
            format!("{construct}: outside the part of XSD the validator enforces, it would be skipped")
        }
        Construct::Ambiguous { element } => {
            format!("xs:sequence: `{element}` could match two of its particles (Unique Particle Attribution)")
        }
        Construct::Pattern { pattern } => format!(
            "xs:pattern `{pattern}`: a regular expression outside the syntax supported (class subtraction, Unicode blocks, \\i, \\c)"
        ),
    }
}

// ---- notes that do not stop the run ----

pub(super) fn schema_note(note: &SchemaNote) -> String {
    match note {
        SchemaNote::Ignored { path, namespace } => format!(
            "clic: note: `{}` ignored (namespace {namespace} is not a module's)",
            path.display()
        ),
        SchemaNote::KeptBuiltin { module } => format!(
            "clic: note: no schema for {} in the folder, using the built-in one",
            module.root()
        ),
    }
}

pub(super) fn table_note(note: &TableNote) -> String {
    match note {
        TableNote::Unknown { path } => format!(
            "clic: note: `{}` ignored: not a known table (clic tabelle lists them)",
            path.display()
        ),
        TableNote::Replaced { name, path } => {
            format!("clic: note: table {name} replaced by `{}`", path.display())
        }
        TableNote::Added { name, path } => {
            format!("clic: note: table {name} loaded from `{}`", path.display())
        }
    }
}
