//! Rules about the input itself: archives, files, encodings, XML
//! well-formedness and module detection (CL00xx).

use crate::diagnostic::declare_rules;

declare_rules! {
    /// An empty file is not a communication.
    ///
    /// The file has no bytes (or only white space), so there is nothing to
    /// check. The portal rejects it as a malformed XML file.
    ///
    /// Fix: remove the file from the archive, or export the communication again.
    FILE_VUOTO {
        code: "CL0001",
        name: "file-vuoto",
        severity: Error,
        summary: ("File vuoto", "Empty file"),
        message: ("Il file è vuoto: non contiene nessuna comunicazione.", "The file is empty: it holds no communication."),
        spiegazione: "Il file non contiene byte (o solo spazi), quindi non c'è nulla da verificare. Il portale lo rifiuta come XML non valido.\n\nCome correggere: togliere il file dall'archivio oppure esportare di nuovo la comunicazione.",
    }

    /// The file could not be read to the end.
    ///
    /// Reading an archive entry failed: its compressed data is truncated or
    /// damaged, or its CRC does not match. The archive was probably cut short
    /// during upload or copy.
    ///
    /// Fix: create the .zip again from the original files and check that the
    /// copy is complete.
    FILE_ILLEGGIBILE {
        code: "CL0002",
        name: "file-illeggibile",
        severity: Error,
        summary: ("File illeggibile o danneggiato", "Unreadable or damaged file"),
        message: ("Impossibile leggere il file: {motivo}.", "The file cannot be read: {motivo}."),
        spiegazione: "La lettura di una voce dell'archivio non è riuscita: i dati compressi sono troncati o danneggiati, oppure il controllo CRC non torna. Di solito l'archivio è stato interrotto durante il caricamento o la copia.\n\nCome correggere: ricreare il .zip dai file originali e verificare che la copia sia completa.",
    }

    /// The file is larger than the per-file limit (`--max-entry-bytes`, 10 MiB by default).
    ///
    /// A Cliclavoro communication is a few kilobytes; a file this large is
    /// almost certainly not one, and reading it could exhaust memory.
    ///
    /// Fix: check the file; if it really is a communication, raise the limit
    /// with `--max-entry-bytes`.
    FILE_TROPPO_GRANDE {
        code: "CL0003",
        name: "file-troppo-grande",
        severity: Error,
        summary: ("File oltre il limite di dimensione", "File over the size limit"),
        message: ("Il file è di {dimensione}, oltre il limite di {limite} (--max-entry-bytes).", "The file is {dimensione}, over the limit of {limite} (--max-entry-bytes)."),
        spiegazione: "Una comunicazione Cliclavoro pesa pochi kilobyte: un file così grande quasi certamente non lo è, e leggerlo potrebbe esaurire la memoria. Il limite predefinito è 10 MiB per file.\n\nCome correggere: controllare il file; se è davvero una comunicazione, alzare il limite con --max-entry-bytes.",
    }

    /// The entry compresses suspiciously well (`--max-ratio`, 200:1 by default, for entries past 1 MiB).
    ///
    /// Such ratios are typical of "zip bombs", archives built to expand into
    /// gigabytes. The entry is not decompressed.
    ///
    /// Fix: check where the archive came from; raise `--max-ratio` only for a
    /// trusted archive.
    RAPPORTO_COMPRESSIONE {
        code: "CL0004",
        name: "rapporto-compressione-sospetto",
        severity: Error,
        summary: ("Rapporto di compressione sospetto", "Suspicious compression ratio"),
        message: ("La voce si espande da {compresso} a {dimensione} (rapporto {rapporto}:1, limite {limite}:1): possibile zip bomb, non viene decompressa.", "The entry expands from {compresso} to {dimensione} (ratio {rapporto}:1, limit {limite}:1): possible zip bomb, not decompressed."),
        spiegazione: "Rapporti di compressione così alti sono tipici delle \"zip bomb\", archivi costruiti per espandersi fino a gigabyte. Il controllo vale per le voci oltre 1 MiB; la voce non viene decompressa.\n\nCome correggere: verificare la provenienza dell'archivio; alzare --max-ratio solo per archivi fidati.",
    }

    /// An archive inside the archive.
    ///
    /// The portal's bulk upload (IMPORTA) reads the .xml files of one .zip;
    /// it does not open archives nested inside it, so their contents would
    /// never be imported.
    ///
    /// Fix: extract the inner archive and put its .xml files directly in the
    /// uploaded .zip.
    ARCHIVIO_ANNIDATO {
        code: "CL0005",
        name: "archivio-annidato",
        severity: Error,
        summary: ("Archivio dentro l'archivio", "Nested archive"),
        message: ("Archivio annidato: il portale non apre archivi dentro l'archivio.", "Nested archive: the portal does not open archives inside the archive."),
        spiegazione: "Il caricamento massivo del portale (IMPORTA) legge i file .xml di un solo .zip e non apre gli archivi contenuti al suo interno: il loro contenuto non verrebbe mai importato.\n\nCome correggere: estrarre l'archivio interno e mettere i suoi file .xml direttamente nel .zip da caricare.",
    }

    /// The entry is encrypted (password-protected).
    ///
    /// The portal cannot read password-protected entries, and neither can
    /// this tool: the content is unknown, so the file cannot be OK. Archive
    /// programs encrypt every entry when a password is set for the archive.
    ///
    /// Fix: create the archive again without a password (in 7-Zip or WinRAR,
    /// leave the password field empty).
    VOCE_CIFRATA {
        code: "CL0006",
        name: "voce-cifrata",
        severity: Error,
        summary: ("Voce protetta da password", "Encrypted entry"),
        message: ("La voce è cifrata (protetta da password) e non può essere letta.", "The entry is encrypted (password-protected) and cannot be read."),
        spiegazione: "Il portale non può leggere voci protette da password, e nemmeno questo strumento: il contenuto è sconosciuto, quindi il file non può essere OK. I programmi di compressione cifrano tutte le voci quando si imposta una password per l'archivio.\n\nCome correggere: ricreare l'archivio senza password (in 7-Zip o WinRAR lasciare vuoto il campo password).",
    }

    /// The entry is a symbolic link, not a file.
    ///
    /// A link inside an archive points somewhere on the machine that built
    /// it; it carries no communication and is a known way to attack
    /// extraction tools.
    ///
    /// Fix: put the real file in the archive instead of the link.
    COLLEGAMENTO_SIMBOLICO {
        code: "CL0007",
        name: "collegamento-simbolico",
        severity: Error,
        summary: ("Collegamento simbolico nell'archivio", "Symbolic link in the archive"),
        message: ("La voce è un collegamento simbolico, non un file.", "The entry is a symbolic link, not a file."),
        spiegazione: "Un collegamento dentro un archivio punta a un percorso del computer che lo ha creato: non contiene una comunicazione ed è un modo noto di attaccare i programmi di estrazione.\n\nCome correggere: mettere nell'archivio il file vero al posto del collegamento.",
    }

    /// Two entries of the archive have the same name.
    ///
    /// Only one of them would survive extraction, and which one depends on
    /// the tool: the result of an import would not be predictable.
    ///
    /// Fix: rename or remove the duplicate and create the archive again.
    NOME_DUPLICATO {
        code: "CL0008",
        name: "nome-duplicato",
        severity: Error,
        summary: ("Nomi duplicati nell'archivio", "Duplicate names in the archive"),
        message: ("L'archivio contiene più voci con il nome «{nome}».", "The archive holds several entries named `{nome}`."),
        spiegazione: "Dopo l'estrazione sopravviverebbe una sola delle voci, e quale dipende dal programma usato: il risultato dell'importazione non sarebbe prevedibile.\n\nCome correggere: rinominare o togliere il doppione e ricreare l'archivio.",
    }

    /// The entry name escapes the archive (absolute path, `..`, drive letter).
    ///
    /// Names like `../x.xml` or `/etc/x.xml` would be written outside the
    /// extraction folder ("zip slip"). The entry is not read.
    ///
    /// Fix: create the archive from inside the folder that holds the files,
    /// so that names are relative.
    NOME_NON_SICURO {
        code: "CL0009",
        name: "nome-non-sicuro",
        severity: Error,
        summary: ("Nome di voce che esce dall'archivio", "Entry name escaping the archive"),
        message: ("Il nome della voce esce dall'archivio (percorso assoluto o con «..»): non viene letta.", "The entry name escapes the archive (absolute path or `..`): it is not read."),
        spiegazione: "Nomi come ../x.xml o /etc/x.xml verrebbero scritti fuori dalla cartella di estrazione (\"zip slip\"). La voce non viene letta.\n\nCome correggere: creare l'archivio dall'interno della cartella che contiene i file, così che i nomi siano relativi.",
    }

    /// A file in the archive that is not `.xml`.
    ///
    /// The bulk upload takes `.xml` files only; other files (PDF, images,
    /// spreadsheets) are ignored. This is a warning: the archive can still be
    /// imported, but the file will not be.
    ///
    /// Fix: remove the file from the archive, or rename it if it really is an
    /// XML communication.
    NON_XML {
        code: "CL0010",
        name: "file-non-xml",
        severity: Warning,
        summary: ("File non .xml nell'archivio", "Non-.xml file in the archive"),
        message: ("Il file «{nome}» non ha estensione .xml e viene ignorato.", "The file `{nome}` does not end in .xml and is ignored."),
        spiegazione: "Il caricamento massivo prende solo file .xml; gli altri file (PDF, immagini, fogli di calcolo) vengono ignorati. È un avviso: l'archivio può essere importato, ma quel file no.\n\nCome correggere: togliere il file dall'archivio, o rinominarlo se è davvero una comunicazione XML.",
    }

    /// An entry skipped on purpose: `__MACOSX/` metadata, a hidden dot-file,
    /// or Windows clutter (`Thumbs.db`, `desktop.ini`, `~$` lock files).
    ///
    /// macOS, Windows and some editors add these to archives and folders;
    /// they carry no communication. Listed as a note so that nothing is
    /// skipped silently (in a folder, Windows clutter is noted; hidden
    /// files there are skipped without a note, as always).
    ///
    /// Fix: nothing to do. To avoid them, create the archive with
    /// `zip -X` or a tool that omits them.
    VOCE_IGNORATA {
        code: "CL0011",
        name: "voce-ignorata",
        severity: Note,
        summary: ("Voce di sistema ignorata", "System entry skipped"),
        message: ("Voce «{nome}» ignorata: {motivo}.", "Entry `{nome}` skipped: {motivo}."),
        spiegazione: "macOS, Windows e alcuni editor aggiungono ad archivi e cartelle file di servizio (__MACOSX/, file nascosti che iniziano con un punto, Thumbs.db, desktop.ini, file di blocco ~$) che non contengono comunicazioni. Sono elencati come nota perché nulla venga saltato in silenzio.\n\nCome correggere: non serve. Per evitarli, creare l'archivio con zip -X o con un programma che li omette.",
    }

    /// The archive cannot be opened: it is not a valid .zip, or it is truncated.
    ///
    /// The central directory at the end of a .zip lists its files; when the
    /// archive is cut short or damaged it cannot be found or read, and no
    /// file can be checked.
    ///
    /// Fix: create the .zip again and upload the complete file.
    ARCHIVIO_DANNEGGIATO {
        code: "CL0012",
        name: "archivio-danneggiato",
        severity: Error,
        summary: ("Archivio .zip illeggibile", "Unreadable .zip archive"),
        message: ("L'archivio non è un .zip leggibile: {motivo}.", "The archive is not a readable .zip: {motivo}."),
        spiegazione: "La directory centrale in fondo al .zip elenca i file contenuti; se l'archivio è troncato o danneggiato non si trova o non si legge, e nessun file può essere controllato.\n\nCome correggere: ricreare il .zip e caricare il file completo.",
    }

    /// The archive (or folder) has more entries than `--max-entries` (100,000 by default).
    ///
    /// The limit protects the machine from archives built to exhaust memory
    /// with millions of tiny entries.
    ///
    /// Fix: split the upload into several archives, or raise `--max-entries`.
    TROPPE_VOCI {
        code: "CL0013",
        name: "troppe-voci",
        severity: Error,
        summary: ("Troppe voci nell'archivio", "Too many entries"),
        message: ("L'archivio dichiara {voci} voci, oltre il limite di {limite} (--max-entries).", "The archive declares {voci} entries, over the limit of {limite} (--max-entries)."),
        spiegazione: "Il limite protegge da archivi costruiti per esaurire la memoria con milioni di voci minuscole. Il valore predefinito è 100.000.\n\nCome correggere: dividere il caricamento in più archivi, oppure alzare --max-entries.",
    }

    /// The archive expands to more than `--max-total-bytes` (1 GiB by default).
    ///
    /// The sum of the declared uncompressed sizes is over the limit; nothing
    /// is decompressed.
    ///
    /// Fix: split the upload into several archives, or raise `--max-total-bytes`.
    ARCHIVIO_TROPPO_GRANDE {
        code: "CL0014",
        name: "archivio-troppo-grande",
        severity: Error,
        summary: ("Archivio oltre il limite di dimensione", "Archive over the size limit"),
        message: ("L'archivio si espande a {dimensione}, oltre il limite di {limite} (--max-total-bytes).", "The archive expands to {dimensione}, over the limit of {limite} (--max-total-bytes)."),
        spiegazione: "La somma delle dimensioni decompresse dichiarate supera il limite (1 GiB predefinito); nulla viene decompresso.\n\nCome correggere: dividere il caricamento in più archivi, oppure alzare --max-total-bytes.",
    }

    /// The archive or folder holds no XML communication at all.
    ///
    /// An upload with no `.xml` file is a mistake (wrong archive, files in a
    /// sub-archive, wrong extension): it is KO so that it is not mistaken for
    /// a successful check.
    ///
    /// Fix: check that the archive holds the `.xml` files of the communications.
    NESSUNA_COMUNICAZIONE {
        code: "CL0015",
        name: "nessuna-comunicazione",
        severity: Error,
        summary: ("Nessuna comunicazione XML", "No XML communication"),
        message: ("Non contiene nessun file .xml da verificare.", "It holds no .xml file to check."),
        spiegazione: "Un caricamento senza file .xml è un errore (archivio sbagliato, file in un sotto-archivio, estensione errata): è KO perché non venga scambiato per un controllo riuscito.\n\nCome correggere: verificare che l'archivio contenga i file .xml delle comunicazioni.",
    }

    /// The entry uses a compression method other than Stored or Deflate.
    ///
    /// Archives for the portal use the standard methods (Stored, Deflate).
    /// Methods such as BZIP2, LZMA or Zstandard are not read by common
    /// tools, nor by this one.
    ///
    /// Fix: create the archive with the standard "zip" settings.
    COMPRESSIONE_NON_SUPPORTATA {
        code: "CL0016",
        name: "compressione-non-supportata",
        severity: Error,
        summary: ("Metodo di compressione non supportato", "Unsupported compression method"),
        message: ("La voce usa il metodo di compressione {metodo}; sono ammessi solo Stored e Deflate.", "The entry uses compression method {metodo}; only Stored and Deflate are accepted."),
        spiegazione: "Gli archivi per il portale usano i metodi standard (Stored, Deflate). Metodi come BZIP2, LZMA o Zstandard non sono letti dagli strumenti comuni, né da questo.\n\nCome correggere: ricreare l'archivio con le impostazioni standard di \"zip\".",
    }

    /// The file is not XML at all: a PDF, a Word or Excel document, an
    /// image, an archive, or plain text, told by its first bytes.
    ///
    /// Communications are XML files exported by the program that manages
    /// CVs or vacancies. A file with the `.xml` extension whose bytes are a
    /// PDF or a Word document is a document saved with the wrong name or
    /// format; the message names what it is and what to do, instead of the
    /// XML reader's reason (which would point at an encoding or a tag).
    ///
    /// Fix: export the communication again in XML from the program that
    /// produced it, and put that file in its place.
    CONTENUTO_NON_XML {
        code: "CL0017",
        name: "contenuto-non-xml",
        severity: Error,
        summary: ("Il file non è un XML", "The file is not XML"),
        message: ("Questo file è {tipo}.", "This file is {tipo}."),
        spiegazione: "Le comunicazioni sono file XML esportati dal programma che gestisce i CV o gli annunci. Un file con estensione .xml che in realtà è un PDF o un documento Word è stato salvato con il nome o il formato sbagliato: il messaggio dice che cosa è e cosa fare, invece del motivo tecnico del lettore XML (che indicherebbe una codifica o un tag).\n\nCome correggere: esportare di nuovo la comunicazione in formato XML dal programma che l'ha prodotta e mettere quel file al suo posto.",
    }

    /// The file given as a `.zip` archive is not one: a RAR or 7z archive,
    /// a PDF, an empty file... told by its first bytes.
    ///
    /// The portal takes `.zip` archives only. A RAR or 7z archive renamed
    /// `.zip` cannot be opened by it, nor by this tool.
    ///
    /// Fix: extract the files with the program that made the archive, then
    /// compress them again as a `.zip` (in Windows: right click, "Send to",
    /// "Compressed (zipped) folder").
    NON_UN_ZIP {
        code: "CL0018",
        name: "non-un-zip",
        severity: Error,
        summary: ("Il file non è un archivio .zip", "The file is not a .zip archive"),
        message: ("Questo file è {tipo}.", "This file is {tipo}."),
        spiegazione: "Il portale accetta solo archivi .zip. Un archivio RAR o 7z rinominato .zip non si apre, né sul portale né qui.\n\nCome correggere: estrarre i file con il programma che ha creato l'archivio, poi comprimerli di nuovo in un .zip (in Windows: tasto destro, «Invia a», «Cartella compressa»).",
    }

    /// A byte sequence that is not valid in the file's encoding.
    ///
    /// The file is read strictly: a byte that does not belong to the encoding
    /// (for example a Latin-1 `ò`, byte 0xF2, in a file that declares or
    /// defaults to UTF-8) would become a wrong character. The message gives
    /// the byte offset. Files without an XML declaration must be UTF-8.
    /// When the byte is a letter in windows-1252 the message names it: the
    /// file was most likely saved as "ANSI" (Windows Notepad does so).
    ///
    /// Fix: save the file as UTF-8, or declare the real encoding in the first
    /// line, e.g. `<?xml version="1.0" encoding="ISO-8859-1"?>`.
    BYTE_NON_VALIDI {
        code: "CL0020",
        name: "byte-non-validi",
        severity: Error,
        summary: ("Byte non validi per la codifica", "Bytes invalid in the encoding"),
        message: ("Byte non valido per la codifica {codifica} al byte {offset}{dove}.", "Invalid byte for encoding {codifica} at byte {offset}{dove}."),
        spiegazione: "Il file viene letto in modo rigoroso: un byte che non appartiene alla codifica (per esempio una «ò» Latin-1, byte 0xF2, in un file che dichiara UTF-8 o non dichiara nulla) diventerebbe un carattere sbagliato. Il messaggio indica la posizione del byte. Senza dichiarazione XML il file deve essere UTF-8. Quando il byte è una lettera in windows-1252 il messaggio la indica: il file è stato probabilmente salvato come \"ANSI\" (lo fa il Blocco note di Windows).\n\nCome correggere: salvare il file in UTF-8, oppure dichiarare la codifica reale nella prima riga, per esempio <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>.",
    }

    /// The byte-order mark (BOM) and the XML declaration disagree.
    ///
    /// The file starts with the BOM of one encoding and declares another: one
    /// of the two is wrong, and the text cannot be read reliably.
    ///
    /// Fix: save the file again without the BOM, or correct the `encoding`
    /// of the declaration.
    BOM_IN_CONFLITTO {
        code: "CL0021",
        name: "bom-in-conflitto",
        severity: Error,
        summary: ("BOM in conflitto con la dichiarazione", "BOM contradicts the declaration"),
        message: ("Il file inizia con il BOM {bom} ma dichiara encoding=\"{dichiarata}\" (byte 0): salvarlo di nuovo scegliendo la codifica UTF-8 (nel Blocco note: File, Salva con nome, Codifica: UTF-8) e dichiarare encoding=\"UTF-8\", oppure correggere la dichiarazione in encoding=\"{bom}\".", "The file starts with a {bom} byte-order mark but declares encoding=\"{dichiarata}\" (byte 0): save it again choosing the UTF-8 encoding (in Notepad: File, Save as, Encoding: UTF-8) and declare encoding=\"UTF-8\", or correct the declaration to encoding=\"{bom}\"."),
        spiegazione: "Il file inizia con il BOM (byte-order mark) di una codifica e ne dichiara un'altra: una delle due è sbagliata e il testo non si può leggere in modo affidabile.\n\nCome correggere: salvare di nuovo il file senza BOM, oppure correggere l'attributo encoding della dichiarazione.",
    }

    /// The declared encoding is not one the tool reads.
    ///
    /// Accepted: UTF-8, UTF-16 (with byte-order mark), ISO-8859-1/Latin-1,
    /// windows-1252, ISO-8859-15 and US-ASCII. Other encodings are not used by
    /// the portal's files.
    ///
    /// Fix: save the file as UTF-8.
    CODIFICA_NON_SUPPORTATA {
        code: "CL0022",
        name: "codifica-non-supportata",
        severity: Error,
        summary: ("Codifica non supportata", "Unsupported encoding"),
        message: ("La codifica dichiarata «{dichiarata}» non è supportata (ammesse: UTF-8, UTF-16, ISO-8859-1, windows-1252, ISO-8859-15): salvare di nuovo il file scegliendo la codifica UTF-8 e dichiarare encoding=\"UTF-8\".", "The declared encoding `{dichiarata}` is not supported (accepted: UTF-8, UTF-16, ISO-8859-1, windows-1252, ISO-8859-15): save the file again choosing the UTF-8 encoding and declare encoding=\"UTF-8\"."),
        spiegazione: "Sono accettate UTF-8, UTF-16 (con BOM), ISO-8859-1/Latin-1, windows-1252, ISO-8859-15 e US-ASCII. Altre codifiche non sono usate dai file del portale.\n\nCome correggere: salvare il file in UTF-8.",
    }

    /// The XML declaration contradicts the bytes of the file.
    ///
    /// Typical cases: a file saved as UTF-8 that declares ISO-8859-1 (every
    /// accented letter would be garbled, `Niccolò` becoming `NiccolÃ²`), or a
    /// file declaring UTF-16 whose bytes are 8-bit text.
    ///
    /// Fix: make the declaration say the encoding the file was saved in
    /// (usually `encoding="UTF-8"`).
    DICHIARAZIONE_IN_CONFLITTO {
        code: "CL0023",
        name: "dichiarazione-in-conflitto",
        severity: Error,
        summary: ("Dichiarazione di codifica in conflitto con i byte", "Encoding declaration contradicts the bytes"),
        message: ("Il file dichiara encoding=\"{dichiarata}\" ma i byte sono {trovata} (dal byte {offset}): le lettere accentate verrebbero alterate. Far dichiarare la codifica con cui il file è stato salvato (di solito encoding=\"UTF-8\"), oppure salvarlo di nuovo nella codifica dichiarata.", "The file declares encoding=\"{dichiarata}\" but its bytes are {trovata} (from byte {offset}): accented letters would be garbled. Declare the encoding the file was saved in (usually encoding=\"UTF-8\"), or save it again in the declared encoding."),
        spiegazione: "Casi tipici: un file salvato in UTF-8 che dichiara ISO-8859-1 (ogni lettera accentata verrebbe alterata, «Niccolò» diventerebbe «NiccolÃ²»), oppure un file che dichiara UTF-16 ma contiene testo a 8 bit.\n\nCome correggere: far dichiarare la codifica con cui il file è stato salvato (di solito encoding=\"UTF-8\").",
    }

    /// The file is not well-formed XML.
    ///
    /// An unclosed or mismatched tag, an unescaped `&` or `<` in a value, text
    /// after the root element, an undeclared namespace prefix... The message
    /// gives the parser's reason and the line and column where it stopped.
    ///
    /// Fix: correct the file at the given position (escape `&` as `&amp;` and
    /// `<` as `&lt;` inside values).
    XML_MALFORMATO {
        code: "CL0030",
        name: "xml-malformato",
        severity: Error,
        summary: ("XML non ben formato", "XML not well-formed"),
        message: ("XML non ben formato: {motivo}.", "XML not well-formed: {motivo}."),
        spiegazione: "Un tag non chiuso o chiuso male, una & o una < non sostituite dentro un valore, testo dopo l'elemento radice, un prefisso di namespace non dichiarato... Il messaggio riporta il motivo e la riga e colonna dove la lettura si è fermata.\n\nCome correggere: correggere il file nella posizione indicata (dentro i valori scrivere &amp; al posto di & e &lt; al posto di <).",
    }

    /// The file contains a document type declaration (`<!DOCTYPE`).
    ///
    /// Cliclavoro communications are validated against XSD schemas and never
    /// need a DTD. DTDs enable entity expansion ("billion laughs") and
    /// external fetches, so they are refused outright: nothing is expanded or
    /// fetched.
    ///
    /// Fix: remove the `<!DOCTYPE ...>` line.
    DOCTYPE_VIETATO {
        code: "CL0031",
        name: "doctype-vietato",
        severity: Error,
        summary: ("Dichiarazione DOCTYPE non ammessa", "DOCTYPE not allowed"),
        message: ("La dichiarazione <!DOCTYPE> non è ammessa nelle comunicazioni.", "A <!DOCTYPE> declaration is not allowed in communications."),
        spiegazione: "Le comunicazioni Cliclavoro si validano con gli schemi XSD e non usano mai una DTD. Le DTD permettono l'espansione di entità (\"billion laughs\") e il recupero di file esterni, quindi vengono rifiutate: nulla viene espanso né scaricato.\n\nCome correggere: togliere la riga <!DOCTYPE ...>.",
    }

    /// Elements are nested deeper than `--max-depth` (128 levels by default).
    ///
    /// The deepest Cliclavoro document has five levels; a file nested this
    /// deep is not a communication and could exhaust the stack.
    ///
    /// Fix: check the file; raise `--max-depth` only if the nesting is intended.
    ANNIDAMENTO_ECCESSIVO {
        code: "CL0032",
        name: "annidamento-eccessivo",
        severity: Error,
        summary: ("Annidamento oltre il limite", "Nesting over the limit"),
        message: ("Gli elementi sono annidati oltre {limite} livelli (--max-depth).", "Elements are nested deeper than {limite} levels (--max-depth)."),
        spiegazione: "Il documento Cliclavoro più profondo ha cinque livelli: un file annidato così tanto non è una comunicazione e potrebbe esaurire lo stack. Il limite predefinito è 128 livelli.\n\nCome correggere: controllare il file; alzare --max-depth solo se l'annidamento è voluto.",
    }

    /// More findings of one code than a report shows.
    ///
    /// A file with more than 100 findings of one code (often one mistake
    /// repeated: an unknown element copied thousands of times, an
    /// attribute on every line) shows the first 100 of that code, in the
    /// order of the file; this note says how many there were in all. The
    /// others are the same kind of problem: fixing the cause of the first
    /// ones usually fixes all of them. The limit keeps every report
    /// readable and its size, and the time to write it, bounded.
    ///
    /// Fix: correct the findings shown and check the file again.
    SEGNALAZIONI_OMESSE {
        code: "CL0033",
        name: "segnalazioni-omesse",
        severity: Note,
        summary: ("Altre segnalazioni dello stesso codice omesse", "More findings of the same code left out"),
        message: ("Il file ha {totale} segnalazioni {codice}: sono mostrate le prime {mostrate}, le altre {omesse} sono omesse.", "The file has {totale} {codice} findings: the first {mostrate} are shown, the other {omesse} are left out."),
        spiegazione: "Un file con più di 100 segnalazioni dello stesso codice (spesso lo stesso errore ripetuto: un elemento sconosciuto copiato migliaia di volte, un attributo su ogni riga) mostra le prime 100 di quel codice, nell'ordine del file; questa nota dice quante erano in tutto. Le altre sono lo stesso tipo di problema: correggere la causa delle prime di solito le corregge tutte. Il limite mantiene ogni rapporto leggibile, e la sua dimensione e il tempo per scriverlo limitati.\n\nCome correggere: correggere le segnalazioni mostrate e verificare di nuovo il file.",
    }

    /// The root element is not a Cliclavoro module.
    ///
    /// The module is recognised from the root element and its namespace
    /// (dominio.md §1): `Candidatura`, `Vacancy` or `Messaggio`. Any other
    /// root (for example an older regional format, or an XML file that is not
    /// a communication at all) cannot be checked or imported.
    ///
    /// Fix: export the communication in the format of the Cliclavoro
    /// technical standards.
    MODULO_SCONOSCIUTO {
        code: "CL0040",
        name: "modulo-sconosciuto",
        severity: Error,
        summary: ("Elemento radice non riconosciuto", "Unrecognised root element"),
        message: ("L'elemento radice «{radice}» non è un modulo Cliclavoro (attesi: Candidatura, Vacancy, Messaggio).", "The root element `{radice}` is not a Cliclavoro module (expected: Candidatura, Vacancy, Messaggio)."),
        spiegazione: "Il modulo si riconosce dall'elemento radice e dal suo namespace: Candidatura, Vacancy o Messaggio. Ogni altra radice (per esempio un vecchio formato regionale, o un XML che non è una comunicazione) non può essere verificata né importata.\n\nCome correggere: esportare la comunicazione nel formato degli standard tecnici Cliclavoro.",
    }

    /// The root element has the right name but the wrong namespace (or none).
    ///
    /// Each module lives in its own namespace, e.g.
    /// `<Candidatura xmlns="http://servizi.lavoro.gov.it/candidatura">`. A
    /// document without it, or with another one, does not conform to the
    /// schema even if its elements look right.
    ///
    /// Fix: add or correct the `xmlns` attribute of the root element.
    NAMESPACE_ERRATO {
        code: "CL0041",
        name: "namespace-errato",
        severity: Error,
        summary: ("Namespace dell'elemento radice errato", "Wrong namespace on the root element"),
        message: ("L'elemento «{radice}» deve essere nel namespace {atteso}, trovato {trovato}.", "The element `{radice}` must be in namespace {atteso}, found {trovato}."),
        spiegazione: "Ogni modulo ha il suo namespace, per esempio <Candidatura xmlns=\"http://servizi.lavoro.gov.it/candidatura\">. Un documento senza namespace, o con un altro, non è conforme allo schema anche se gli elementi sembrano giusti.\n\nCome correggere: aggiungere o correggere l'attributo xmlns dell'elemento radice.",
    }

    /// An internal error of `clic` while checking this file.
    ///
    /// Checking this file hit a bug in the tool. The other files were
    /// checked normally; this one is KO because its verdict is unknown.
    ///
    /// Fix: please report it to the maintainers with the file (or a copy
    /// with personal data removed) and the message.
    ERRORE_INTERNO {
        code: "CL0099",
        name: "errore-interno",
        severity: Error,
        summary: ("Errore interno dello strumento", "Internal error of the tool"),
        message: ("Errore interno durante la verifica di questo file ({dettaglio}): segnalarlo ai manutentori.", "Internal error while checking this file ({dettaglio}): please report it to the maintainers."),
        spiegazione: "La verifica di questo file ha incontrato un difetto dello strumento. Gli altri file sono stati verificati normalmente; questo è KO perché il suo esito non è noto.\n\nCome correggere: segnalarlo ai manutentori allegando il file (o una copia senza dati personali) e il messaggio.",
    }
}
