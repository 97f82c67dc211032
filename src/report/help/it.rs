//! The command line in Italian: help texts, headings, argument errors.
//! The English twin is `en.rs`.

use clap::error::ErrorKind;

use super::{BadValue, Problem, Words};

pub(super) const WORDS: Words = Words {
    usage: "Utilizzo",
    arguments: "Argomenti",
    options: "Opzioni",
    commands: "Comandi",
    options_placeholder: "[OPZIONI]",
    command_placeholder: "COMANDO",
    default: "predefinito",
    values: "valori",
    env: "variabile d'ambiente",
    help_flag: "Mostra questo aiuto",
    version_flag: "Mostra la versione",
    help_command: "Mostra questo aiuto o quello del comando indicato",
    help_command_arg: "Il comando di cui mostrare l'aiuto",
    error: "errore",
    more: "Per saperne di più",
    man_manual: "Manuale di clic",
    man_sections: &[
        ("NAME", "NOME"),
        ("SYNOPSIS", "SINTASSI"),
        ("DESCRIPTION", "DESCRIZIONE"),
        ("OPTIONS", "OPZIONI"),
        ("SUBCOMMANDS", "COMANDI"),
        ("VERSION", "VERSIONE"),
    ],
    man_exit_heading: "CODICI DI USCITA",
    man_exit_codes: [
        "tutti i file OK (avvisi e note ammessi)",
        "almeno un file o un archivio KO",
        "impossibile eseguire: argomenti errati, schema o tabelle inutilizzabili, uscita non scrivibile, un percorso non leggibile",
    ],
    man_see_also: "VEDERE ANCHE",
    man_docs: "La guida, le note per l'integrazione e il riferimento di ogni opzione e codice sono in /usr/share/doc/clic/docs/ (guida.md, integrazione.md, riferimento.md); clic explain CODICE spiega un codice di diagnostica.",
};

pub(super) fn about(path: &str) -> Option<&'static str> {
    Some(match path {
        "clic" => {
            "Verifica e importa le comunicazioni XML Cliclavoro (candidature, vacancy, messaggi) con l'esito che darebbe il portale."
        }
        "verify" => "VERIFICA: controlla archivi, cartelle o file e dà l'esito OK/KO di ogni file",
        "import" => {
            "IMPORTA: verifica gli archivi (tutto o niente), scrive i record normalizzati, li invia a un nodo e tiene il registro di controllo elaborazione"
        }
        "explain" => "Spiega un codice di diagnostica (es. `clic explain CL0101`) o elenca le regole",
        "tabelle" => {
            "Elenca le tabelle dei codici in uso con la loro provenienza, o cerca un codice o un nome (es. `clic tabelle comuni reggio emilia`)"
        }
        "codegen" => "Genera, decodifica e controlla i codici comunicazione di 25 caratteri",
        "codegen new" => "Stampa N nuovi codici comunicazione da un contatore persistente",
        "codegen decode" => "Decodifica i codici comunicazione nei loro campi",
        "codegen intermediario" => "Controlla e decodifica i codici intermediario",
        "close" => "Trasforma CV e vacancy inviati in comunicazioni di chiusura (tipo 02)",
        "fix" => {
            "CORREGGI: ripara ciò che ha un'unica forma giusta (codifica, date, maiuscole, spazi, &, ordine dei campi), verifica di nuovo e scrive un archivio nuovo accanto all'originale"
        }
        "serve" => "VERIFICA come pagina nel browser, servita solo su questo computer",
        "completamento" => {
            "Stampa lo script di completamento dei comandi per una shell (bash, zsh, fish, powershell)"
        }
        "pacchetto" => {
            "Per chi crea i pacchetti: scrive in CARTELLA le pagine di manuale (italiano e inglese) e i completamenti per bash, zsh e fish"
        }
        _ => return None,
    })
}

/// `path` is a command (`verify`, `codegen new`) or `*` for the options
/// shared by several commands.
pub(super) fn arg(path: &str, id: &str) -> Option<&'static str> {
    Some(match (path, id) {
        ("*", "lang") => "Lingua dei messaggi e dell'aiuto",
        ("*", "color") => {
            "Colori nel testo: auto (solo su un terminale e senza NO_COLOR), always (anche con CLICOLOR_FORCE), never"
        }
        ("*", "schema_dir") => {
            "Usa i file .xsd in CARTELLA (abbinati ai moduli per namespace) invece degli schemi incorporati, es. i file aggiornati del Ministero"
        }
        ("*", "tabelle") => {
            "Carica le tabelle dei codici da CARTELLA (NOME.csv, stesso formato di tabelle/): sostituiscono quelle incorporate con lo stesso nome o aggiungono tabelle come cp2011, cittadinanza, ccnl, motivi_chiusura"
        }
        ("*", "modalita") => {
            "Come saranno inviati i file: massiva (caricamento massivo del portale: una nuova comunicazione ha 25 zeri come codice) o cooperazione (un nodo che invia con codici assegnati da sé)"
        }
        ("*", "jobs") => "Thread di lavoro (predefinito: tutti i core)",
        ("*", "max_entries") => "Numero massimo di voci in un archivio o in una cartella",
        ("*", "max_entry_bytes") => "Dimensione massima di un singolo file, decompresso (es. 10MiB)",
        ("*", "max_total_bytes") => "Dimensione massima di un archivio, decompresso (es. 1GiB)",
        ("*", "max_ratio") => "Rapporto di compressione massimo (N:1) per le voci oltre 1 MiB",
        ("*", "max_depth") => "Annidamento massimo degli elementi in un documento",
        ("*", "format") => "Formato del resoconto",
        ("*", "quiet") => "Stampa solo i file KO e il riepilogo",
        ("verify", "paths") => {
            "Archivi .zip, cartelle (vi si cercano i *.xml), file .xml, o `-` per lo standard input"
        }
        ("verify", "format") => {
            "Formato del resoconto: text per il terminale; json, junit, csv, xlsx, html da conservare o inoltrare; github, gitlab, sarif per i sistemi di CI; concise una riga per rilievo (percorso:riga:colonna: CODICE messaggio) per editor, grep e problem matcher"
        }
        ("verify", "quiet") => {
            "Testo: solo gli ingressi KO, i problemi per codice e i totali (con ogni formato, nessuna barra di avanzamento)"
        }
        ("verify", "verbose") => "Testo: elenca ogni file, anche quelli OK, con i suoi rilievi",
        ("verify", "out") => "Scrive il resoconto in FILE invece che sullo standard output",
        ("verify", "base_path") => {
            "I percorsi nel resoconto sono relativi a CARTELLA (predefinita: la cartella corrente), senza «./» e con «/»; fuori da CARTELLA restano assoluti"
        }
        ("verify", "stdin_filename") => "Il nome che lo standard input (`-`) ha nel resoconto (es. cv.xml)",
        ("import", "archives") => "Gli archivi .zip da importare; ognuno è accettato o respinto da solo",
        ("import", "out") => "Scrive i record normalizzati in CARTELLA/<nome dell'archivio>/",
        ("import", "records") => "Formato dei record normalizzati",
        ("import", "format") => {
            "Formato del resoconto: text (predefinito) o, con --stato, json; accetta ancora jsonl e csv, che prima indicavano --records"
        }
        ("import", "send") => "Invia ogni comunicazione accettata a questo nodo (endpoint SOAP 1.1)",
        ("import", "ledger") => {
            "Il registro: un file (predefinito: registro.sqlite nella cartella dati dell'utente) o un database PostgreSQL (postgresql://… o host=… dbname=…), condiviso da più macchine"
        }
        ("import", "db") => {
            "Scrive i record accettati in PostgreSQL (postgresql://… o host=… dbname=…): una tabella per entità, tutto o niente per archivio"
        }
        ("import", "db_schema") => "Con --db: lo schema delle tabelle",
        ("import", "force") => "Importa di nuovo un archivio già «Elaborato con successo»",
        ("import", "stato") => "Stampa la tabella di controllo elaborazione",
        ("import", "filtro_stato") => "Con --stato: solo gli archivi in questo stato",
        ("import", "dal") => "Con --stato: importati in questo giorno o dopo (AAAA-MM-GG)",
        ("import", "al") => "Con --stato: importati in questo giorno o prima (AAAA-MM-GG)",
        ("import", "dettaglio") => "Con --stato: i file di un archivio (il nome o un prefisso dello SHA-256)",
        ("import", "send_jobs") => "Richieste in corso allo stesso tempo durante l'invio",
        ("import", "connect_timeout") => "Secondi per stabilire una connessione",
        ("import", "read_timeout") => "Secondi di attesa della risposta dopo l'invio della richiesta",
        ("import", "request_timeout") => "Secondi che una richiesta può durare in tutto",
        ("import", "retries") => {
            "Nuovi tentativi dopo un errore transitorio (connessione, tempo scaduto, 408/429/502/503/504, SOAP Server fault)"
        }
        ("import", "backoff") => {
            "Prima attesa massima in secondi (raddoppia a ogni tentativo, fino a 30 s; jitter pieno)"
        }
        ("import", "max_failures") => {
            "Richieste di fila senza risposta dopo cui l'invio si ferma (i file non inviati restano da elaborare: lo stesso comando riprende)"
        }
        ("import", "deadline") => "Durata massima dell'invio, es. 15m o 2h: poi l'invio si ferma come sopra",
        ("import", "quiet") => "Stampa solo gli archivi respinti, i file non consegnati e il riepilogo",
        ("explain", "code") => {
            "Il codice (CL0101), il nome (campo-obbligatorio-mancante) o una parola (email) da spiegare"
        }
        ("explain", "list") => "Elenca tutti i codici con il loro riassunto",
        ("explain", "format") => "Formato dell'elenco",
        ("tabelle", "words") => {
            "Cosa cercare: un codice (H223) o parole del nome in qualunque ordine, anche solo l'inizio (reggio emilia, s dona piave); maiuscole, accenti, apostrofi e trattini non contano. Se la prima parola è una tabella (comuni, stati_esteri, ateco2007...) si cerca solo lì, altrimenti in tutte"
        }
        ("tabelle", "tabelle") => "Carica anche le tabelle di CARTELLA, come fa verify --tabelle",
        ("tabelle", "format") => "Formato di uscita",
        ("codegen new", "regione") => "Codice della regione (2 cifre, 00 per il portale nazionale)",
        ("codegen new", "provincia") => "Codice della provincia (3 cifre, 000 se non c'è)",
        ("codegen new", "modalita") => "Modalità di invio",
        ("codegen new", "modulo") => "Modulo della comunicazione",
        ("codegen new", "tipo") => "Tipo della comunicazione",
        ("codegen new", "anno") => "Anno, due cifre (predefinito: l'anno in corso)",
        ("codegen new", "count") => "Quanti codici stampare (al massimo 1.000.000 per volta)",
        ("codegen new", "contatore") => {
            "File del contatore (predefinito: `contatore` nella cartella dati dell'utente, o in CLIC_DATA_DIR)"
        }
        ("codegen decode" | "codegen intermediario", "codes") => "I codici da decodificare",
        ("codegen decode" | "codegen intermediario", "format") => "Formato di uscita",
        ("close", "inputs") => "Comunicazioni inviate: archivi .zip, cartelle, file .xml, `-`",
        ("close", "motivo") => "Il motivo della chiusura (motivochiusura), dalla tabella Motivi chiusura",
        ("close", "out") => {
            "L'archivio delle chiusure da scrivere, pronto per il caricamento massivo del portale"
        }
        ("close", "codici") => "CSV `file,codice` che associa a ogni file il codice assegnato alla ricezione",
        ("close", "contatore") => {
            "Dà alle chiusure codici generati da questo file contatore invece di 25 zeri"
        }
        ("close", "regione") => "Regione dei codici generati (con --contatore)",
        ("close", "provincia") => "Provincia dei codici generati (con --contatore)",
        ("close", "modalita_codice") => "Modalità di invio dei codici generati (con --contatore)",
        ("close", "format") => "Formato del resoconto (della verifica delle chiusure)",
        ("fix", "paths") => {
            "Archivi .zip, cartelle, file .xml, o `-` per lo standard input (l'originale non viene mai modificato)"
        }
        ("fix", "out") => {
            "Dove scrivere l'archivio, la cartella o il file corretto (predefinito: NOME-corretto.zip, NOME-corretto, NOME-corretto.xml accanto all'originale; con `-`, lo standard output)"
        }
        ("fix", "format") => "Formato del resoconto delle correzioni e della nuova verifica",
        ("fix", "report") => "Scrive il resoconto in FILE invece che sullo standard output",
        ("fix", "dry_run") => "Mostra cosa verrebbe corretto, senza scrivere nulla",
        ("fix", "quiet") => "Testo: solo i file ancora KO, i problemi per codice e i totali",
        ("fix", "verbose") => "Testo: elenca ogni file, anche quelli OK, con i suoi rilievi",
        ("serve", "porta") => "Porta su cui ascoltare (0: una porta libera qualsiasi)",
        ("serve", "apri") => "Apre la pagina nel browser predefinito",
        ("serve", "indirizzo") => {
            "Ascolta su questo indirizzo invece che su 127.0.0.1 (es. 0.0.0.0): chiunque lo raggiunga può caricare file; un avviso lo ricorda"
        }
        ("serve", "max_verifiche") => {
            "Verifiche in corso contemporaneamente (oltre: risposta 503, riprovare)"
        }
        ("completamento", "shell") => {
            "La shell: bash (es. clic completamento bash > ~/.local/share/bash-completion/completions/clic), zsh, fish o powershell"
        }
        ("pacchetto", "dir") => "La cartella in cui scrivere man/it, man/en e completamenti/",
        _ => return None,
    })
}

/// Value names in usages and option lists (`<FILE>` stays: it is Italian too).
pub(super) fn value_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "PATH" => "PERCORSO",
        "DIR" => "CARTELLA",
        "SIZE" => "DIMENSIONE",
        "CODE" => "CODICE",
        "WORDS" => "PAROLE",
        "NAME" => "NOME",
        "ARCHIVE" => "ARCHIVIO",
        "ARCHIVE.zip" => "ARCHIVIO.zip",
        "INPUT" => "PERCORSO",
        "SECS" => "SECONDI",
        "YYYY-MM-DD" => "AAAA-MM-GG",
        "YY" => "AA",
        "FORMAT" => "FORMATO",
        "LANG" => "LINGUA",
        "COLOR" => "COLORE",
        "MODALITA" => "MODALITA",
        "MODULO" => "MODULO",
        "TIPO" => "TIPO",
        "MODALITA_CODICE" => "MODALITA",
        "IP" => "IP",
        _ => return None,
    })
}

pub(super) fn problem(p: &Problem) -> String {
    let arg = p.arg.as_deref().unwrap_or("");
    let value = p.value.as_deref().unwrap_or("");
    let hint = p
        .suggested
        .as_deref()
        .map(|s| format!(" (forse «{s}»?)"))
        .unwrap_or_default();
    match p.kind {
        ErrorKind::UnknownArgument => format!("argomento inatteso «{arg}»{hint}"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "comando sconosciuto «{}»{hint}",
                p.subcommand.as_deref().unwrap_or("")
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("manca il valore di «{arg}»"),
        ErrorKind::InvalidValue => {
            let valid = p
                .valid
                .as_deref()
                .map(|v| format!(": ammessi {v}"))
                .unwrap_or_default();
            format!("valore «{value}» non valido per «{arg}»{valid}{hint}")
        }
        ErrorKind::ValueValidation => {
            let reason = p
                .reason
                .as_ref()
                .map(|r| format!(": {}", bad_value(r)))
                .unwrap_or_default();
            format!("valore «{value}» non valido per «{arg}»{reason}")
        }
        ErrorKind::NoEquals => format!("«{arg}» vuole il valore dopo un segno «=»"),
        ErrorKind::TooManyValues => format!("troppi valori per «{arg}»: «{value}» in più"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "«{arg}» vuole {} valori, ne ha {}",
            p.expected.as_deref().unwrap_or("?"),
            p.actual.as_deref().unwrap_or("?")
        ),
        ErrorKind::ArgumentConflict => match p.prior.as_deref() {
            Some(prior) if !prior.is_empty() => {
                format!("«{arg}» non si può usare insieme a «{prior}»")
            }
            _ => format!("«{arg}» non si può usare più di una volta"),
        },
        ErrorKind::MissingRequiredArgument => format!("mancano argomenti obbligatori: {arg}"),
        ErrorKind::MissingSubcommand => {
            format!("manca il comando; uno tra: {}", p.valid.as_deref().unwrap_or(""))
        }
        ErrorKind::InvalidUtf8 => "un argomento non è testo UTF-8 valido".into(),
        _ => "riga di comando non valida".into(),
    }
}

pub(super) fn bad_value(bad: &BadValue) -> String {
    match bad {
        BadValue::Range { min, max } => format!("serve un numero intero da {min} a {max}"),
        BadValue::Day => "serve una data AAAA-MM-GG".into(),
        BadValue::Seconds => "servono secondi, es. 30 o 0.5 (al massimo un giorno)".into(),
        BadValue::Duration => "serve una durata, es. 90s, 15m o 2h (al massimo una settimana)".into(),
        BadValue::Size(e) => crate::report::words::size_error(e, crate::i18n::Lang::It),
        BadValue::ImportFormat => "serve text o json (per i record: --records jsonl|csv)".into(),
    }
}
