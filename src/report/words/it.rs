//! Every reason and every fatal error, in Italian. The English twin is
//! `en.rs`: a translator edits one file.

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
        Reason::NoRootElement => "nessun elemento radice".into(),
        Reason::ByteAt {
            byte,
            line,
            column,
            windows_1252,
        } => {
            let at = format!(" (0x{byte:02X}, riga {line}, colonna {column})");
            match windows_1252 {
                Some(c) => format!(
                    "{at}: in windows-1252 è «{c}», quindi il file è stato probabilmente salvato come ANSI (per esempio dal Blocco note di Windows). Salvarlo di nuovo scegliendo la codifica UTF-8, oppure dichiarare la codifica nella prima riga: <?xml version=\"1.0\" encoding=\"windows-1252\"?>"
                ),
                None => format!(
                    "{at}: salvare di nuovo il file scegliendo la codifica UTF-8, oppure dichiarare nella prima riga la codifica con cui è stato salvato"
                ),
            }
        }
        Reason::NoNamespace => "nessun namespace".into(),
        Reason::Archive(problem) => archive(problem),
        Reason::NotXml(kind) => not_xml(*kind),
        Reason::NotZip(kind) => not_zip(*kind),
        Reason::Skipped(SkippedEntry::MacosMetadata) => "metadati macOS (__MACOSX)".into(),
        Reason::Skipped(SkippedEntry::Hidden) => "file nascosto".into(),
        Reason::Skipped(SkippedEntry::WindowsMetadata) => {
            "file di servizio di Windows (Thumbs.db, desktop.ini)".into()
        }
        Reason::Skipped(SkippedEntry::LockFile) => {
            "file di blocco (~$) lasciato da un programma mentre un documento è aperto".into()
        }
        Reason::Format(format) => self::format(format),
        Reason::AtLeast(min) => format!("{min} o più"),
        Reason::Violation(violation) => match violation {
            Violation::NotNillable => "l'elemento non ammette xsi:nil",
            Violation::TextOnly => "l'elemento deve contenere solo testo, non altri elementi",
            Violation::MustBeEmpty => "l'elemento deve essere vuoto",
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
            "carattere di controllo errato (trovato {trovato}), ma il codice non corrisponde ai dati anagrafici ({}): correggere prima queste parti, o i dati, poi ricalcolare il carattere di controllo",
            divergenze(parti)
        ),
        Reason::Unopened { kind, text } => io_reason(&std::io::Error::new(*kind, text.clone())),
        Reason::Instead(places) if places.is_empty() => String::new(),
        Reason::Instead(places) => format!(
            "; in quella data usare {}",
            places
                .iter()
                .map(|(code, name)| format!("{code} ({name})"))
                .collect::<Vec<_>>()
                .join(" o ")
        ),
        Reason::Periods(periods) => periods.iter().map(period).collect::<Vec<_>>().join(", "),
        Reason::Sender(sender) => match sender {
            Sender::Company => "azienda",
            Sender::Citizen => "cittadino",
            Sender::Intermediary => "intermediario",
        }
        .into(),
        Reason::AndOthers(0) => String::new(),
        Reason::AndOthers(1) => " e un altro file".into(),
        Reason::AndOthers(more) => format!(" e altri {more} file"),
        Reason::Close(problem) => close(problem),
    }
}

/// The parser's reason; the rare ones keep the parser's English wording.
fn xml(kind: &XmlErrorKind) -> String {
    match kind {
        XmlErrorKind::UnexpectedEof => "il file finisce prima che gli elementi siano chiusi".to_string(),
        XmlErrorKind::MismatchedEndTag {
            expected,
            found,
            opened_line: 0,
        } => format!("il tag di chiusura </{found}> non corrisponde al tag aperto <{expected}>"),
        XmlErrorKind::MismatchedEndTag {
            expected,
            found,
            opened_line,
        } => format!(
            "il tag di chiusura </{found}> non corrisponde al tag <{expected}> aperto alla riga {opened_line}"
        ),
        XmlErrorKind::UnexpectedEndTag(name) => format!("tag di chiusura </{name}> senza tag di apertura"),
        XmlErrorKind::InvalidName | XmlErrorKind::MalformedMarkup => {
            "nome non valido (forse un carattere < o & da scrivere come &lt; o &amp;)".to_string()
        }
        XmlErrorKind::UnquotedAttributeValue | XmlErrorKind::MalformedAttribute => {
            "valore di attributo senza virgolette".to_string()
        }
        XmlErrorKind::DuplicateAttribute(name) => format!("attributo «{name}» ripetuto"),
        XmlErrorKind::UnknownEntity(name) | XmlErrorKind::IllegalCharacterReference(name) => {
            format!("entità sconosciuta &{name}; (per scrivere & usare &amp;)")
        }
        XmlErrorKind::UnboundPrefix(prefix) => format!("prefisso di namespace «{prefix}» non dichiarato"),
        XmlErrorKind::TrailingContent => "contenuto dopo la chiusura dell'elemento radice".to_string(),
        XmlErrorKind::NoRootElement => "nessun elemento radice".to_string(),
        XmlErrorKind::Unterminated(what) => markup(*what).to_string(),
        XmlErrorKind::IllegalCharacter(c) => format!("carattere non ammesso in XML (U+{:04X})", *c as u32),
        XmlErrorKind::MalformedComment => "commento non valido (contiene «--»)".to_string(),
        XmlErrorKind::MalformedDeclaration => "dichiarazione XML non valida".to_string(),
        XmlErrorKind::MisplacedDeclaration => {
            "la dichiarazione <?xml ...?> deve essere all'inizio del file: togliere le righe vuote e gli spazi che la precedono".to_string()
        }
        XmlErrorKind::ReservedNamespace => "prefisso o URI di namespace riservato".to_string(),
        XmlErrorKind::IllegalCdataEnd => "nel testo «]]>» va scritto «]]&gt;»".to_string(),
        XmlErrorKind::ReservedPiTarget => {
            "«xml» è un nome riservato per le istruzioni di elaborazione".to_string()
        }
        XmlErrorKind::Doctype => "DOCTYPE non ammesso".to_string(),
        XmlErrorKind::DepthLimitExceeded => "annidamento oltre il limite".to_string(),
    }
}

/// The construct left open, and how to close it.
fn markup(what: Markup) -> &'static str {
    match what {
        Markup::Comment => "commento non chiuso: manca «-->»",
        Markup::Cdata => "sezione CDATA non chiusa: manca «]]>»",
        Markup::ProcessingInstruction => "istruzione di elaborazione non chiusa: manca «?>»",
        Markup::Reference => {
            "carattere & da solo nel testo: scrivere &amp; (per esempio «Rossi &amp; Figli»), oppure chiudere il riferimento con «;»"
        }
    }
}

/// What a file is, as the sentence «Questo file è …» names it.
fn file_kind(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Empty => "vuoto (0 byte)",
        FileKind::Pdf => "un PDF",
        FileKind::Word => "un documento Word",
        FileKind::Excel => "un foglio Excel",
        FileKind::PowerPoint => "una presentazione PowerPoint",
        FileKind::OpenDocument => "un documento di LibreOffice (OpenDocument)",
        FileKind::OldOffice => "un documento Word o Excel nel vecchio formato (97-2003)",
        FileKind::Rtf => "un documento RTF",
        FileKind::Zip => "un archivio .zip",
        FileKind::Rar => "un archivio RAR",
        FileKind::SevenZip => "un archivio 7z",
        FileKind::Gzip => "un archivio gzip",
        FileKind::Png => "un'immagine PNG",
        FileKind::Jpeg => "un'immagine JPEG",
        FileKind::Gif => "un'immagine GIF",
        FileKind::Bmp => "un'immagine BMP",
        FileKind::Tiff => "un'immagine TIFF",
        FileKind::Webp => "un'immagine WebP",
        FileKind::Text => "un testo che non inizia con «<»",
    }
}

/// «Questo file è {tipo}.» for a file that should be XML (CL0017).
fn not_xml(kind: FileKind) -> String {
    let what = file_kind(kind);
    let step = match kind {
        FileKind::Empty => "toglierlo, oppure esportare di nuovo la comunicazione",
        FileKind::Zip | FileKind::Rar | FileKind::SevenZip | FileKind::Gzip => {
            "estrarne i file .xml e metterli direttamente nel .zip da caricare"
        }
        FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Bmp | FileKind::Tiff | FileKind::Webp => {
            "toglierla e mettere al suo posto il file XML della comunicazione"
        }
        FileKind::Text => {
            "aprirlo con il Blocco note per vedere che cosa contiene (una comunicazione XML inizia con «<»), poi esportare di nuovo il CV o l'annuncio in XML"
        }
        _ => "esportare di nuovo il CV (o l'annuncio) in XML dal programma che lo gestisce e usare quel file",
    };
    format!("{what}, non un XML Cliclavoro: {step}")
}

/// «Questo file è {tipo}.» for a file that should be a .zip archive (CL0018).
fn not_zip(kind: FileKind) -> String {
    let what = file_kind(kind);
    let step = match kind {
        FileKind::Empty => {
            "la copia o lo scaricamento non è riuscito; creare di nuovo il .zip dai file originali e caricarlo"
        }
        FileKind::Rar | FileKind::SevenZip | FileKind::Gzip => {
            "estrarre i file con il programma che lo ha creato (per esempio 7-Zip o WinRAR), poi comprimerli di nuovo in un .zip (in Windows: tasto destro sulla cartella, «Invia a», «Cartella compressa»)"
        }
        _ => "caricare il .zip che contiene i file XML delle comunicazioni",
    };
    format!("{what}, non un archivio .zip: {step}")
}

fn archive(problem: &ArchiveProblem) -> String {
    match problem {
        ArchiveProblem::TooShort => "è troppo corto per essere un .zip completo (incompleto o danneggiato)".into(),
        ArchiveProblem::ReadFailed(e) => format!("lettura non riuscita ({e})"),
        ArchiveProblem::NoCentralDirectory => {
            "è incompleto o danneggiato, perché manca l'elenco dei file che un .zip ha alla fine (di solito la copia o lo scaricamento si è interrotto)".into()
        }
        ArchiveProblem::UnreadableZip64 => "record ZIP64 illeggibile".into(),
        ArchiveProblem::InvalidZip64 => "record ZIP64 non valido".into(),
        ArchiveProblem::Truncated => "il file è troncato".into(),
        ArchiveProblem::InvalidStructure(e) => format!("struttura non valida ({e})"),
        // The zip crate's texts, as the report said them when the crate read the local headers.
        ArchiveProblem::BadLocalHeader => "struttura non valida (invalid Zip archive: Invalid local file header)".into(),
        ArchiveProblem::LocalHeaderCutShort => {
            "struttura non valida (invalid Zip archive: Unexpected end of zip::format::blocks::ZipLocalEntryBlock)".into()
        }
        ArchiveProblem::LocalHeaderOverflow => {
            "struttura non valida (invalid Zip archive: Local header end offset overflows u64)".into()
        }
        ArchiveProblem::NotOpen => "archivio non aperto".into(),
        ArchiveProblem::DataTruncated => "i dati compressi sono troncati".into(),
        ArchiveProblem::CrcMismatch => "il controllo CRC non corrisponde (dati danneggiati)".into(),
        ArchiveProblem::InvalidData(e) => format!("dati compressi non validi ({e})"),
        // The texts flate2 and zip gave for these, as the report said them before.
        ArchiveProblem::CorruptDeflate => "dati compressi non validi (corrupt deflate stream)".into(),
        ArchiveProblem::LargerThanDeclared => {
            "dati compressi non validi (File is larger than its declared uncompressed size)".into()
        }
    }
}

fn format(format: &Format) -> String {
    match format {
        Format::Date => "data nella forma AAAA-MM-GG, es. 2026-03-31".into(),
        Format::DateTime => "data e ora nella forma AAAA-MM-GGThh:mm:ss, es. 2026-03-31T09:30:00".into(),
        Format::SchemaType => "il tipo previsto dallo schema".into(),
        Format::Field(field) => field_format(*field).into(),
        Format::Pattern(pattern) => format!("deve corrispondere all'espressione {pattern}"),
        Format::CodiceFiscaleCarattere {
            posizione,
            carattere,
            atteso,
        } => carattere_fuori_posto(*posizione, *carattere, *atteso),
    }
}

fn field_format(field: FieldFormat) -> &'static str {
    match field {
        FieldFormat::CodiceFiscale => "16 caratteri in maiuscolo (es. RSSMRA80A01H501U) oppure 11 cifre",
        FieldFormat::Belfiore => {
            "codice catastale (Belfiore): una lettera maiuscola e tre cifre, es. H501 (Roma) o Z404 (Stati Uniti)"
        }
        FieldFormat::Cap => "5 cifre, es. 00184",
        FieldFormat::Cittadinanza => "3 cifre della tabella Cittadinanza, es. 000",
        FieldFormat::Istat => "codice ISTAT CP 2011 a sei livelli, es. 2.1.1.4.1.0",
        FieldFormat::RapportoLavoro => {
            "codice della tabella Rapporti di lavoro: una lettera e due cifre, es. A01"
        }
        FieldFormat::TitoloStudio => "2 cifre della tabella Livello di studio",
        FieldFormat::Durata => "un numero di al massimo 4 cifre",
        FieldFormat::Lingua => "codice della tabella Lingue: 3 cifre o 3 lettere maiuscole",
        FieldFormat::LivelloQcer => "livello QCER: A1, A2, B1, B2, C1 o C2",
        FieldFormat::Albo => "4 cifre che iniziano con 00, es. 0012",
        FieldFormat::Patente => "2 cifre",
        FieldFormat::ModalitaLavoro => "2 lettere maiuscole della tabella Modalità di lavoro",
        FieldFormat::AmbitoDiffusione => "2 cifre della tabella Ambiti di diffusione",
        FieldFormat::OneDigit => "1 cifra",
        FieldFormat::Email => {
            "un indirizzo e-mail, es. nome.cognome@dominio.it (senza spazi né lettere accentate)"
        }
        FieldFormat::Ateco => "codice ATECO 2007 a sei cifre, es. 62.01.00",
        FieldFormat::Ampiezza => "2 cifre che iniziano con 0, es. 03",
        FieldFormat::Ccnl => {
            "codice della tabella CCNL (3 caratteri), oppure CD (contratto non in tabella) o ND (nessun contratto)"
        }
        FieldFormat::NumeroLavoratori => "un numero di 1 o 2 cifre",
        FieldFormat::Retribuzione => "solo cifre, al massimo 9, senza punti né virgole",
        FieldFormat::CodiceComunicazione => "25 cifre",
    }
}

pub(super) fn errore_codice(error: &ErroreCodice) -> String {
    match error {
        ErroreCodice::Lunghezza { trovata } => format!("deve avere 25 cifre, ne ha {trovata}"),
        ErroreCodice::NonCifra { posizione, carattere } => {
            format!("il carattere {posizione} («{carattere}») non è una cifra")
        }
        ErroreCodice::ModalitaInvio { cifra } => {
            format!("la modalità di invio (carattere 8) è {cifra}, ammesse 0-3")
        }
        ErroreCodice::Modulo { cifra } => {
            format!("il modulo (carattere 9) è {cifra}, ammessi 1 (vacancy), 2 (candidatura), 3 (messaggio)")
        }
        ErroreCodice::Tipo { cifra } => format!("il tipo (carattere 10) è {cifra}, ammessi 1-4"),
    }
}

fn codice(problem: &CodiceInatteso) -> String {
    match problem {
        CodiceInatteso::Malformato(error) => errore_codice(error),
        CodiceInatteso::Modulo { trovato, attesi } => format!(
            "la cifra del modulo (carattere 9) indica {}, qui serve {}",
            trovato.key(),
            attesi.iter().map(|m| m.key()).collect::<Vec<_>>().join(" o ")
        ),
        CodiceInatteso::Tipo { trovato, atteso } => format!(
            "la cifra del tipo (carattere 10) è {} ({}), ma la comunicazione è di tipo 0{}",
            trovato.digit(),
            tipo(*trovato),
            atteso.digit()
        ),
    }
}

pub(super) fn luogo(problem: &ProblemaLuogo) -> String {
    match problem {
        ProblemaLuogo::RegioneInesistente { regione } => format!("la regione {regione} non esiste"),
        ProblemaLuogo::ProvinciaInesistente { provincia } => format!("la provincia {provincia} non esiste"),
        ProblemaLuogo::ProvinciaDiAltraRegione {
            provincia,
            nome,
            regione_della_provincia,
            nome_regione,
        } => format!(
            "la provincia {provincia} ({nome}) è della regione {regione_della_provincia} ({nome_regione})"
        ),
    }
}

fn codice_fiscale(error: &ErroreCf) -> String {
    match *error {
        ErroreCf::Lunghezza { trovata } => {
            format!("lunghezza errata: {trovata} caratteri (attesi 16, o 11 cifre)")
        }
        ErroreCf::Carattere { posizione, carattere } if carattere.is_lowercase() => format!(
            "carattere non ammesso in posizione {posizione}: '{}' (servono lettere maiuscole)",
            carattere.escape_debug()
        ),
        ErroreCf::Carattere { posizione, carattere } => format!(
            "carattere non ammesso in posizione {posizione}: '{}'",
            carattere.escape_debug()
        ),
        ErroreCf::Mese { lettera } => {
            format!("lettera del mese non valida: {lettera} (ammesse A B C D E H L M P R S T)")
        }
        ErroreCf::Giorno { giorno } => format!("giorno di nascita non valido: {giorno:02}"),
        ErroreCf::CarattereControllo { atteso, trovato } => {
            format!("carattere di controllo errato: atteso {atteso}, trovato {trovato}")
        }
        ErroreCf::CifraControllo { attesa, trovata } => {
            format!("cifra di controllo errata: attesa {attesa}, trovata {trovata}")
        }
        ErroreCf::MatricolaNulla => "le prime 7 cifre (matricola) sono tutte zero".into(),
        ErroreCf::CodiceUfficio { codice } => {
            format!("codice ufficio non valido: {codice:03} (ammessi 001-100, 120, 121, 888, 999)")
        }
    }
}

pub(super) fn intermediario(error: &ErroreIntermediario) -> String {
    match error {
        ErroreIntermediario::Lunghezza { trovata } => format!("deve avere 11 caratteri, ne ha {trovata}"),
        ErroreIntermediario::Belfiore { testo } => {
            format!("i primi 4 caratteri («{testo}») devono essere un codice catastale, es. H501")
        }
        ErroreIntermediario::Tipo { lettera } => {
            format!("il carattere 5 («{lettera}») deve essere C, S, F, E, U o A")
        }
        ErroreIntermediario::Progressivo { testo } => {
            format!("gli ultimi 6 caratteri («{testo}») devono essere cifre")
        }
    }
}

fn divergenze(parti: &[Divergenza]) -> String {
    parti.iter().map(divergenza).collect::<Vec<_>>().join("; ")
}

fn divergenza(d: &Divergenza) -> String {
    let (codice, dati, scrivere) = (d.nel_codice, d.dai_dati, d.scrivere);
    let donna = scrivere.as_str() > "40";
    match d.parte {
        Parte::Cognome => format!("cognome: nel codice {codice}, dal cognome {dati}: va scritto {scrivere}"),
        Parte::Nome => format!("nome: nel codice {codice}, dal nome {dati}: va scritto {scrivere}"),
        Parte::Anno => {
            format!(
                "anno di nascita: nel codice {codice}, dalla data di nascita {dati}: va scritto {scrivere}"
            )
        }
        Parte::Mese => format!(
            "mese di nascita: nel codice la lettera {codice}, per il mese della data di nascita la lettera {scrivere}: va scritto {scrivere}"
        ),
        Parte::Giorno if donna => format!(
            "giorno di nascita: nel codice {codice}, ma per una donna nata il {dati} va scritto {scrivere}, cioè il giorno più 40"
        ),
        Parte::Giorno => format!(
            "giorno di nascita: nel codice {codice}, ma per un uomo nato il {dati} va scritto {scrivere}"
        ),
        Parte::Sesso if donna => format!(
            "sesso: nel codice {codice}, dichiarato {dati}: per una donna il giorno va scritto {scrivere}, cioè il giorno più 40"
        ),
        Parte::Sesso => format!(
            "sesso: nel codice {codice}, dichiarato {dati}: per un uomo il giorno va scritto {scrivere}, senza il 40 delle donne"
        ),
        Parte::Luogo => {
            format!("luogo di nascita: nel codice {codice}, dichiarato {dati}: va scritto {scrivere}")
        }
    }
}

/// A character misplaced in a codice fiscale, with the look-alike it
/// probably stands for.
fn carattere_fuori_posto(posizione: usize, carattere: char, atteso: Atteso) -> String {
    let (dove, forse) = match atteso {
        Atteso::Cifra => ("una cifra", super::digit_look_alike(carattere)),
        Atteso::Lettera => ("una lettera maiuscola", super::letter_look_alike(carattere)),
    };
    match forse {
        Some(forse) => format!("carattere {posizione}: «{carattere}» dove va {dove} (forse {forse}?)"),
        None => format!("carattere {posizione}: «{carattere}» dove va {dove}"),
    }
}

fn period(period: &Period) -> String {
    match (period.from, period.to) {
        (Some(f), Some(t)) => format!("dal {f} al {t}"),
        (Some(f), None) => format!("dal {f}"),
        (None, Some(t)) => format!("fino al {t}"),
        (None, None) => "sempre".to_string(),
    }
}

fn close(problem: &CloseProblem) -> String {
    match problem {
        CloseProblem::IsAMessage => "è un messaggio".into(),
        CloseProblem::AlreadyAClosure => "è già una chiusura (tipo 02)".into(),
        CloseProblem::NoMapping => "non è stato indicato --codici con il codice assegnato".into(),
        CloseProblem::NotInMapping { name, csv } => format!("«{name}» non è in «{csv}»"),
        CloseProblem::AmbiguousName { name, csv, input } => {
            format!("il nome «{name}» è in più input: in «{csv}» scriverlo come {input}/{name}")
        }
        CloseProblem::ZerosNotAssigned => "25 zeri non sono un codice assegnato".into(),
    }
}

pub(super) fn modalita_invio(modalita: ModalitaInvio) -> &'static str {
    match modalita {
        ModalitaInvio::WebNazionale => "web dal sistema nazionale",
        ModalitaInvio::MassivoNazionale => "massivo dal sistema nazionale",
        ModalitaInvio::WebRegionale => "web da un sistema regionale",
        ModalitaInvio::MassivoRegionale => "massivo da un sistema regionale",
    }
}

pub(super) fn tipo(tipo: Tipo) -> &'static str {
    match tipo {
        Tipo::Invio => "invio",
        Tipo::Chiusura => "chiusura",
        Tipo::Contatto => "messaggio di contatto",
        Tipo::Risposta => "risposta al contatto",
    }
}

pub(super) fn tipo_intermediario(tipo: TipoIntermediario) -> &'static str {
    match tipo {
        TipoIntermediario::CentroImpiego => "Centro per l'Impiego",
        TipoIntermediario::SedeAgenzia => "sede legale di Agenzia per il lavoro / soggetto dell'Albo",
        TipoIntermediario::FilialeAgenzia => "filiale di Agenzia per il lavoro / soggetto dell'Albo",
        TipoIntermediario::Eures => "Eures adviser",
        TipoIntermediario::Scuole => "scuole e università",
        TipoIntermediario::Altri => "altri soggetti",
    }
}

/// A use of a table that is not a single field (`clic tabelle`).
pub(super) fn other_use(other: OtherUse) -> &'static str {
    match other {
        OtherUse::IntermediarioSede => "codice intermediario (caratteri 1-4)",
        OtherUse::IntermediarioTipo => "codice intermediario (carattere 5)",
        OtherUse::CodiceRegione => "codice comunicazione (caratteri 1-2)",
        OtherUse::CodiceProvincia => "codice comunicazione (caratteri 3-5)",
        OtherUse::CodiceModalita => "codice comunicazione (carattere 8)",
        OtherUse::CodiceModulo => "codice comunicazione (carattere 9)",
        OtherUse::CodiceTipo => "codice comunicazione (carattere 10)",
        OtherUse::ListeSpecialiUnused => {
            "campo listespeciali (dichiarato nello schema Candidatura ma non usato in nessuna sezione)"
        }
    }
}

/// Where a table's data comes from (`clic tabelle NAME`).
pub(super) fn table_source(provenance: &Provenance) -> String {
    match (&provenance.source, &provenance.origin) {
        (Some(source), _) => source.clone(),
        (None, Origin::User(path)) => format!("fornita dall'utente: {}", path.display()),
        (None, Origin::Bundled) => "sconosciuta".into(),
    }
}

/// A byte size that cannot be read (`--max-entry-bytes 10XB`).
pub(super) fn size_error(error: &SizeError) -> String {
    match error {
        SizeError::NotANumber(text) => format!("«{text}»: serve un numero di byte, es. 10MiB"),
        SizeError::UnknownUnit(unit) => format!("«{unit}»: unità sconosciuta (usare K, M, G)"),
        SizeError::TooLarge(text) => format!("«{text}»: troppo grande"),
    }
}

// ---- errors that stop the run ----

pub(super) fn fatal(error: &Fatal) -> String {
    match error {
        Fatal::Open(e) => format!("impossibile aprire «{}»: {}", e.path, io_reason(&e.reason)),
        Fatal::Schema(e) => schema(e),
        Fatal::Table(e) => table_error(e),
        Fatal::Import(e) => import(e),
        Fatal::Write { path, reason } => format!("impossibile scrivere «{path}»: {}", system(reason)),
        Fatal::UnknownCode(code) => format!("codice sconosciuto «{code}» (l'elenco: clic explain --list)"),
        Fatal::UnknownTable(name) => format!("tabella sconosciuta «{name}» (clic tabelle le elenca)"),
        Fatal::Threads(reason) => format!("impossibile avviare i thread: {reason}"),
        Fatal::Serve(e) => crate::report::serve::start_error(e, crate::i18n::Lang::It),
        Fatal::Counter(e) => counter(e),
        Fatal::Close(e) => close_error(e),
        Fatal::Fix(e) => fix_error(e),
        Fatal::BadRegione(text) => {
            format!("--regione «{text}» deve essere di 2 cifre (00 per il portale nazionale)")
        }
        Fatal::BadProvincia(text) => {
            format!("--provincia «{text}» deve essere di 3 cifre (000 se non c'è una provincia)")
        }
        Fatal::BadAnno(text) => format!("--anno «{text}» deve essere di 2 cifre (es. 26 per il 2026)"),
        Fatal::TypeNotAllowed { modulo, tipo } => format!(
            "il modulo {} non ha il tipo {}: ammessi {}",
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
            "--out indica una sola uscita: con più ingressi, toglierlo (ogni ingresso ha il suo NOME-corretto accanto)".into()
        }
        OutputError::SameAsInput(path) => format!(
            "l'uscita «{}» è l'ingresso stesso: l'originale non viene mai sovrascritto, scegliere un altro --out",
            path.display()
        ),
        OutputError::FolderExists(path) => format!(
            "la cartella «{}» esiste già: toglierla o scegliere un altro --out (una cartella non viene mai mescolata)",
            path.display()
        ),
        OutputError::Io { path, reason } => {
            format!("impossibile scrivere «{}»: {}", path.display(), system(reason))
        }
        OutputError::Archive { path, reason } => format!(
            "impossibile rileggere l'archivio «{}» per copiarlo: {}",
            path.display(),
            system(reason)
        ),
    }
}

fn close_error(error: &CloseError) -> String {
    match error {
        CloseError::NotAnArchive(out) => {
            format!(
                "--out «{}» deve essere il nome di un archivio .zip",
                out.display()
            )
        }
        CloseError::MotivoShape(motivo) => format!(
            "--motivo «{motivo}» non è un codice della tabella Motivi chiusura (1 o 2 lettere o cifre, come vuole lo schema)"
        ),
        CloseError::MotivoUnknown(motivo) => {
            format!("--motivo «{motivo}» non è nella tabella motivi_chiusura caricata con --tabelle")
        }
        CloseError::PlaceWithoutCounter => "--regione e --provincia servono solo con --contatore".into(),
        CloseError::CounterWithoutPlace => {
            "con --contatore servono --regione e --provincia del codice delle chiusure".into()
        }
        CloseError::Mapping(e) => mapping_error(e),
        CloseError::Counter(e) => counter(e),
        CloseError::Reopen(e) => format!("impossibile aprire «{}»: {}", e.path, io_reason(&e.reason)),
        CloseError::Write { path, error } => {
            format!("impossibile scrivere «{}»: {}", path.display(), io_reason(error))
        }
        CloseError::Internal { file, error } => {
            format!("errore interno nel costruire la chiusura di «{file}»: {error:?}")
        }
    }
}

fn mapping_error(error: &MappingError) -> String {
    let (path, problem) = match error {
        MappingError::Unreadable { path, error } => {
            return format!("impossibile aprire «{}»: {}", path.display(), io_reason(error));
        }
        MappingError::NotCsv { path, reason } => (path, format!("non è un CSV leggibile ({reason})")),
        MappingError::Header { path } => (path, "l'intestazione deve essere «file,codice»".into()),
        MappingError::BadLine { path, line, reason } => (path, format!("riga {line}: {reason}")),
        MappingError::MissingName { path, line } => (path, format!("riga {line}: manca il nome del file")),
        MappingError::Conflict {
            path,
            line,
            file,
            previous,
        } => (path, format!("riga {line}: «{file}» ha già il codice {previous}")),
    };
    format!("--codici «{}»: {problem}", path.display())
}

/// An operating-system error in words ("file o cartella inesistente", not
/// "No such file or directory (os error 2)"); a rare one as the system says it.
pub(super) fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match error.kind() {
        K::NotFound => "file o cartella inesistente",
        K::PermissionDenied => "permesso negato",
        K::AlreadyExists => "esiste già",
        K::IsADirectory => "è una cartella, non un file",
        K::NotADirectory => "un elemento del percorso non è una cartella",
        K::DirectoryNotEmpty => "la cartella non è vuota",
        K::StorageFull => "spazio esaurito sul disco",
        K::ReadOnlyFilesystem => "il disco è in sola lettura",
        K::QuotaExceeded => "quota disco superata",
        K::FileTooLarge => "file troppo grande",
        K::InvalidFilename => "nome di file non valido",
        K::UnexpectedEof => "il file finisce prima del previsto",
        K::CrossesDevices => "lo spostamento attraversa dischi diversi",
        K::ResourceBusy => "risorsa occupata",
        K::TimedOut => "tempo scaduto",
        K::OutOfMemory => "memoria esaurita",
        K::Interrupted => "operazione interrotta",
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
            format!(
                "impossibile leggere le tabelle «{}»: {}",
                path.display(),
                system(reason)
            )
        }
        TableError::Invalid { path, problem } => format!(
            "la tabella «{}» non è nel formato di tabelle/README.md: {}",
            path.display(),
            table_problem(problem)
        ),
    }
}

fn table_problem(problem: &TableProblem) -> String {
    match problem {
        TableProblem::Empty => "il file è vuoto".into(),
        TableProblem::Header => "l'intestazione deve iniziare con codice,descrizione".into(),
        TableProblem::UnterminatedQuote { line } => format!("riga {line}: virgolette non chiuse"),
        TableProblem::TextAfterQuote { line } => {
            format!("riga {line}: testo dopo le virgolette di chiusura")
        }
        TableProblem::FieldCount { line, found, header } => {
            format!("riga {line}: {found} campi, l'intestazione ne ha {header}")
        }
        TableProblem::EmptyCode { line } => format!("riga {line}: codice vuoto"),
        TableProblem::NotADate { line, text } => {
            format!("riga {line}: «{text}» non è una data AAAA-MM-GG")
        }
        TableProblem::NotUtf8 { byte } => format!("non è UTF-8 (byte {byte})"),
    }
}

fn import(error: &ImportError) -> String {
    match error {
        ImportError::NotAnArchive(path) => format!(
            "«{path}» non è un archivio .zip: clic import importa archivi (per verificare file e cartelle usare clic verify)"
        ),
        ImportError::Read { path, reason } => format!("impossibile leggere «{path}»: {}", system(reason)),
        ImportError::Ledger(e) => ledger(e),
        ImportError::TableFormatForRecords(format) => {
            format!("--format {format} vale solo con --stato; per i record: jsonl o csv")
        }
        ImportError::ArchivesWithStato => "--stato mostra il registro: non si indicano archivi".into(),
        ImportError::RecordsFormatForTable => "con --stato il formato è text o json".into(),
        ImportError::UnknownArchive(name) => format!("nessun archivio «{name}» nel registro"),
        ImportError::Write { path, reason } => {
            format!("impossibile scrivere i record in «{}»: {reason}", path.display())
        }
        ImportError::Database(e) => database(e),
    }
}

fn database(e: &crate::records::postgres::DbError) -> String {
    use crate::records::postgres::DbProblem;
    let target = &e.target;
    match &e.problem {
        DbProblem::Database(reason) => format!(
            "database «{target}» non utilizzabile per i record: {reason}; nessun record di questo archivio è stato scritto nel database"
        ),
        DbProblem::Newer { version } => format!(
            "il database «{target}» è stato preparato da una versione di clic più recente (formato {version}): aggiornare clic"
        ),
        DbProblem::Foreign { schema } => format!(
            "lo schema «{schema}» del database «{target}» contiene tabelle non create da clic: indicare un altro schema con --db-schema"
        ),
        DbProblem::Orphan { table, value } => format!(
            "nessuna riga della tabella {table} ha l'id «{value}», a cui rimanda il parent_id di una sua riga figlia: nessun record di questo archivio è stato scritto nel database"
        ),
        DbProblem::Value { table, column, value } => format!(
            "il valore «{value}» (tabella {table}, colonna {column}) non entra nel tipo della colonna: nessun record di questo archivio è stato scritto nel database"
        ),
    }
}

fn ledger(e: &LedgerError) -> String {
    let path = e.path.display();
    match &e.problem {
        Problem::Database(reason) => format!("registro «{path}» non utilizzabile: {}", system(reason)),
        Problem::Missing => {
            format!("il registro «{path}» non esiste (--ledger indica un altro registro)")
        }
        Problem::Replaced => format!(
            "il registro «{path}» è stato cancellato o sostituito durante l'esecuzione: quanto registrato da questa esecuzione è perso; controllare il registro prima di ripetere il comando"
        ),
        Problem::UnknownState { table, value } => format!(
            "il registro «{path}» contiene uno stato sconosciuto «{value}» (tabella {table}): nulla è stato fatto; correggere il registro"
        ),
        Problem::Newer { version } => format!(
            "il registro «{path}» è di una versione di clic più recente (formato {version}): aggiornare clic"
        ),
        Problem::NotALedger(NotALedger::Empty) => format!(
            "il file «{path}» è vuoto (0 byte): non è un registro di clic, forse è stato troncato; nulla è stato importato né inviato. Ripristinare il registro da una copia, oppure indicare con --ledger un file che non esiste per iniziare un registro nuovo (gli archivi già inviati verrebbero inviati di nuovo)"
        ),
        Problem::NotALedger(NotALedger::Foreign) => format!(
            "«{path}» è un database di un altro programma, non un registro di clic: nulla è stato importato né inviato e il file non è stato modificato. Indicare con --ledger il registro di clic, oppure un file che non esiste per iniziarne uno nuovo"
        ),
    }
}

fn schema(error: &SchemaError) -> String {
    match error {
        SchemaError::Read { path, reason } => {
            format!(
                "impossibile leggere lo schema «{}»: {}",
                path.display(),
                system(reason)
            )
        }
        SchemaError::NotXml { path, diagnostic } => format!(
            "lo schema «{}» non è XML leggibile: {}",
            path.display(),
            located(diagnostic)
        ),
        SchemaError::NoTargetNamespace { path } => {
            format!("lo schema «{}» non dichiara un targetNamespace", path.display())
        }
        SchemaError::Duplicate {
            namespace,
            first,
            second,
        } => format!(
            "due schemi per lo stesso namespace {namespace}: «{}» e «{}»; lasciarne uno solo nella cartella",
            first.display(),
            second.display()
        ),
        SchemaError::Unsupported { path, constructs } => format!(
            "lo schema «{}» usa costrutti che il validatore salterebbe, quindi non viene usato (meglio nessun controllo che un controllo a metà):\n  {}",
            path.display(),
            constructs.iter().map(construct).collect::<Vec<_>>().join("\n  ")
        ),
        SchemaError::Invalid { path, problems } => format!(
            "lo schema «{}» non è valido:\n  {}",
            path.display(),
            problems.iter().map(invalid_xsd).collect::<Vec<_>>().join("\n  ")
        ),
        SchemaError::MissingRoot { path, module } => format!(
            "lo schema «{}» non dichiara l'elemento radice {}",
            path.display(),
            module.root()
        ),
        SchemaError::EmptyDir { path } => format!(
            "la cartella «{}» non contiene schemi .xsd dei moduli Cliclavoro",
            path.display()
        ),
    }
}

pub(super) fn counter(error: &CounterError) -> String {
    match error {
        CounterError::Io { path, reason } => {
            format!(
                "impossibile usare il contatore «{}»: {}",
                path.display(),
                system(reason)
            )
        }
        CounterError::Busy { path } => format!(
            "il contatore è bloccato da un'altra esecuzione di clic da più di {} secondi ({})",
            counter::LOCK_TIMEOUT.as_secs(),
            path.display()
        ),
        CounterError::Exhausted {
            prefix,
            left,
            requested,
        } => format!(
            "il progressivo del prefisso {prefix} è esaurito: restano {left} codici, ne servono {requested} (il contatore non riparte da capo)"
        ),
        CounterError::Corrupt { path, line, damage } => format!(
            "il contatore «{}» è danneggiato (riga {line}: {}); non viene azzerato, per non riassegnare codici già dati: ripristinarlo da una copia o correggerlo a mano",
            path.display(),
            self::damage(damage)
        ),
    }
}

fn damage(damage: &Damage) -> String {
    match damage {
        Damage::NotText => "non è testo UTF-8".into(),
        Damage::Empty => "il file è vuoto, forse troncato".into(),
        Damage::NotACounter => format!("la prima riga deve iniziare con «{}»", counter::MAGIC),
        Damage::Truncated => format!(
            "l'ultima riga deve essere «{}»: il file è troncato o modificato",
            counter::END
        ),
        Damage::BadLine => "attesa una riga «PREFISSO PROSSIMO»".into(),
        Damage::BadPrefix(p) => format!("«{p}» non sono le prime 10 cifre di un codice di comunicazione"),
        Damage::BadValue(v) => format!("«{v}» non è un progressivo (15 cifre, da 000000000000001)"),
        Damage::Duplicate(p) => format!("il prefisso {p} compare due volte"),
    }
}

/// A document's diagnostic about a schema file, with its line and column.
fn located(diagnostic: &Diagnostic) -> String {
    let message = crate::report::message(diagnostic, Lang::It);
    match diagnostic.position {
        Some(p) => format!("riga {}, colonna {}: {message}", p.line, p.column),
        None => message,
    }
}

fn invalid_xsd(problem: &InvalidXsd) -> String {
    match problem {
        InvalidXsd::Annotation { parent } => {
            format!("{parent}: xs:annotation può comparire una volta sola, come primo figlio")
        }
        InvalidXsd::Exclusive {
            parent,
            first,
            second,
        } if first == second => {
            format!("{parent} contiene due {first}, ne è ammesso uno solo")
        }
        InvalidXsd::Exclusive {
            parent,
            first,
            second,
        } => {
            format!("{parent} contiene sia {first} sia {second}, che si escludono a vicenda")
        }
        InvalidXsd::TypeAndInline { element } => {
            format!("l'elemento «{element}» ha sia l'attributo type sia un tipo al suo interno")
        }
        InvalidXsd::NameAndRef { element } => format!("l'elemento «{element}» ha sia name sia ref"),
        InvalidXsd::NoName => "un xs:element non ha né name né ref".into(),
        InvalidXsd::Id { id } => format!("id=\"{id}\" non è un xs:ID (un nome XML senza due punti)"),
        InvalidXsd::DuplicateId { id } => format!("id=\"{id}\" compare due volte, ma un xs:ID è unico"),
        InvalidXsd::Inconsistent {
            element,
            first,
            second,
        } => format!(
            "«{element}» è dichiarato due volte nella stessa sequenza con tipi diversi ({first} e {second})"
        ),
        InvalidXsd::FacetValue { facet, value, .. } if facet.ends_with("ength") => {
            format!("{facet} «{value}» non è un numero di caratteri")
        }
        InvalidXsd::FacetValue { facet, value, base } => {
            format!("{facet} «{value}» non è un valore di {base}")
        }
        InvalidXsd::TooLarge { limit } => format!(
            "i modelli di contenuto superano le {limit} dichiarazioni di elemento (un tipo che ne usa un altro due volte raddoppia a ogni livello)"
        ),
    }
}

fn construct(construct: &Construct) -> String {
    match construct {
        Construct::OtherFile { element } => format!(
            "xs:{element}: gli altri file di schema non vengono caricati, le loro regole sarebbero saltate"
        ),
        Construct::Outside { construct } => {
            format!("{construct}: fuori dalla parte di XSD che il validatore applica, sarebbe saltato")
        }
        Construct::Ambiguous { element } => format!(
            "xs:sequence: «{element}» potrebbe corrispondere a due delle sue particelle (Unique Particle Attribution)"
        ),
        Construct::Pattern { pattern } => format!(
            "xs:pattern «{pattern}»: un'espressione regolare fuori dalla sintassi supportata (sottrazione di classi, blocchi Unicode, \\i, \\c)"
        ),
    }
}

// ---- notes that do not stop the run ----

pub(super) fn schema_note(note: &SchemaNote) -> String {
    match note {
        SchemaNote::Ignored { path, namespace } => format!(
            "clic: nota: «{}» ignorato (namespace {namespace} non è di un modulo)",
            path.display()
        ),
        SchemaNote::KeptBuiltin { module } => format!(
            "clic: nota: nessuno schema per {} nella cartella, uso quello incorporato",
            module.root()
        ),
    }
}

pub(super) fn table_note(note: &TableNote) -> String {
    match note {
        TableNote::Unknown { path } => format!(
            "clic: nota: «{}» ignorato: non è una tabella nota (clic tabelle le elenca)",
            path.display()
        ),
        TableNote::Replaced { name, path } => {
            format!("clic: nota: tabella {name} sostituita da «{}»", path.display())
        }
        TableNote::Added { name, path } => {
            format!("clic: nota: tabella {name} caricata da «{}»", path.display())
        }
    }
}
