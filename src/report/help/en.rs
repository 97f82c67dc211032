//! The command line in English: help texts, headings, argument errors.
//! The Italian twin is `it.rs`.

use clap::error::ErrorKind;

use super::{BadValue, Problem, Words};

pub(super) const WORDS: Words = Words {
    usage: "Usage",
    arguments: "Arguments",
    options: "Options",
    commands: "Commands",
    options_placeholder: "[OPTIONS]",
    command_placeholder: "COMMAND",
    default: "default",
    values: "possible values",
    env: "environment variable",
    help_flag: "Print help",
    version_flag: "Print version",
    help_command: "Print this help or the help of the given command",
    help_command_arg: "The command whose help to print",
    error: "error",
    more: "More information",
    man_manual: "clic manual",
    man_sections: &[
        ("NAME", "NAME"),
        ("SYNOPSIS", "SYNOPSIS"),
        ("DESCRIPTION", "DESCRIPTION"),
        ("OPTIONS", "OPTIONS"),
        ("SUBCOMMANDS", "COMMANDS"),
        ("VERSION", "VERSION"),
    ],
    man_exit_heading: "EXIT STATUS",
    man_exit_codes: [
        "every file OK (warnings and notes allowed)",
        "at least one file or archive KO",
        "could not run: bad arguments, unusable schema or tables, unwritable output, a path that could not be read",
    ],
    man_see_also: "SEE ALSO",
    man_docs: "The guide, the integration notes and the reference of every option and code are in /usr/share/doc/clic/docs/ (guida.md, integrazione.md, riferimento.md); clic explain CODE explains a diagnostic code.",
};

pub(super) fn about(path: &str) -> Option<&'static str> {
    Some(match path {
        "clic" => {
            "Check and import Cliclavoro XML communications (candidature, vacancy, messaggi) with the outcome the portal would give."
        }
        "verify" => "VERIFICA: check archives, folders or files and give OK/KO per file",
        "import" => {
            "IMPORTA: verify archives all-or-nothing, write normalized records, send them to a node, and keep the processing-control ledger"
        }
        "explain" => "Explain a diagnostic code (e.g. `clic explain CL0101`) or list the rules",
        "tabelle" => {
            "List the code tables in use with their provenance, or look a code or a name up (e.g. `clic tabelle comuni reggio emilia`)"
        }
        "codegen" => "Generate, decode and check 25-character communication codes",
        "codegen new" => "Print N new communication codes from a persistent counter",
        "codegen decode" => "Decode communication codes into their fields",
        "codegen intermediario" => "Check and decode codici intermediario",
        "close" => "Turn sent CVs and vacancies into closure (tipo 02) communications",
        "fix" => {
            "FIX: repairs what has exactly one right form (encoding, dates, case, spaces, &, field order), checks again and writes a new archive beside the original"
        }
        "serve" => "VERIFICA as a page in the browser, served on this computer only",
        "completamento" => {
            "Print the command-line completion script for a shell (bash, zsh, fish, powershell)"
        }
        "pacchetto" => {
            "For packagers: write the man pages (Italian and English) and the bash, zsh and fish completions into DIR"
        }
        _ => return None,
    })
}

/// `path` is a command (`verify`, `codegen new`) or `*` for the options
/// shared by several commands.
pub(super) fn arg(path: &str, id: &str) -> Option<&'static str> {
    Some(match (path, id) {
        ("*", "lang") => "Language of messages and help",
        ("*", "color") => {
            "Colour in text output: auto (only on a terminal and without NO_COLOR), always (also with CLICOLOR_FORCE), never"
        }
        ("*", "schema_dir") => {
            "Use the .xsd files in DIR (matched to modules by target namespace) instead of the built-in schemas, e.g. the Ministry's current files"
        }
        ("*", "tabelle") => {
            "Load code tables from DIR (NAME.csv, same format as tabelle/): they replace the bundled ones of the same name or add tables such as cp2011, cittadinanza, ccnl, motivi_chiusura"
        }
        ("*", "modalita") => {
            "How the files will be sent: massiva (the portal's bulk upload: a new communication has 25 zeros as its code) or cooperazione (a node sending with codes it assigned)"
        }
        ("*", "jobs") => "Worker threads (default: all cores)",
        ("*", "max_entries") => "Most entries in one archive or folder",
        ("*", "max_entry_bytes") => "Largest single file, uncompressed (e.g. 10MiB)",
        ("*", "max_total_bytes") => "Largest archive, uncompressed (e.g. 1GiB)",
        ("*", "max_ratio") => "Highest compression ratio (N:1) for entries past 1 MiB",
        ("*", "max_depth") => "Deepest element nesting in a document",
        ("*", "format") => "Report format",
        ("*", "quiet") => "Print only KO files and the summary",
        ("verify", "paths") => ".zip archives, folders (searched for *.xml), .xml files, or `-` for stdin",
        ("verify", "format") => {
            "Report format: text for the terminal; json, junit, csv, xlsx, html to keep or forward; github, gitlab, sarif for CI systems; concise, one line per finding (path:line:column: CODE message) for editors, grep and problem matchers"
        }
        ("verify", "quiet") => {
            "Text: print only the KO inputs, the problems by code and the totals (no progress bar with any format)"
        }
        ("verify", "verbose") => "Text: list every file, OK ones included, with its findings",
        ("verify", "out") => "Write the report to FILE instead of standard output",
        ("verify", "base_path") => {
            "Paths in the report are relative to DIR (default: the current folder), without `./` and with `/`; outside DIR they stay absolute"
        }
        ("verify", "stdin_filename") => "The name standard input (`-`) has in the report (e.g. cv.xml)",
        ("import", "archives") => "The .zip archives to import; each is accepted or rejected on its own",
        ("import", "out") => "Write the normalized records to DIR/<archive name>/",
        ("import", "records") => "Format of the normalized records",
        ("import", "format") => {
            "Report format: text (default) or, with --stato, json; still accepts jsonl and csv, which meant --records before"
        }
        ("import", "send") => "Send each accepted communication to this node (SOAP 1.1 endpoint)",
        ("import", "db") => {
            "Write the accepted records into PostgreSQL (postgresql://… or host=… dbname=…): one table per entity, all or nothing per archive"
        }
        ("import", "db_schema") => "With --db: the tables' schema",
        ("import", "ledger") => {
            "The ledger: a file (default: registro.sqlite in the user's data directory) or a PostgreSQL database (postgresql://… or host=… dbname=…) shared by several machines"
        }
        ("import", "force") => "Import again an archive already \"Elaborato con successo\"",
        ("import", "stato") => "Print the processing-control table (\"Controllo elaborazione\")",
        ("import", "filtro_stato") => "With --stato: only archives in this state",
        ("import", "dal") => "With --stato: imported on or after this day (YYYY-MM-DD)",
        ("import", "al") => "With --stato: imported on or before this day (YYYY-MM-DD)",
        ("import", "dettaglio") => "With --stato: the files of one archive (its name or SHA-256 prefix)",
        ("import", "send_jobs") => "Requests in flight at once when sending",
        ("import", "connect_timeout") => "Seconds to establish a connection",
        ("import", "read_timeout") => "Seconds to wait for the answer once the request is sent",
        ("import", "request_timeout") => "Seconds one request may take in all",
        ("import", "retries") => {
            "Retries of a transient failure (connection, timeout, 408/429/502/503/504, SOAP Server fault)"
        }
        ("import", "backoff") => {
            "First backoff bound in seconds (doubles at each retry, up to 30 s; full jitter)"
        }
        ("import", "max_failures") => {
            "Requests in a row without an answer after which sending stops (unsent files stay to be processed: the same command resumes)"
        }
        ("import", "deadline") => {
            "Longest time sending may take, e.g. 15m or 2h: then sending stops as above"
        }
        ("import", "quiet") => "Print only rejected archives, undelivered files and the summary",
        ("explain", "code") => {
            "The code (CL0101), name (campo-obbligatorio-mancante) or a word (email) to explain"
        }
        ("explain", "list") => "List every code with its one-line summary",
        ("explain", "format") => "Format of the list",
        ("tabelle", "words") => {
            "What to look for: a code (H223) or words of the name in any order, even only their start (reggio emilia, s dona piave); case, accents, apostrophes and hyphens do not matter. If the first word is a table (comuni, stati_esteri, ateco2007...) only that table is searched, otherwise all of them"
        }
        ("tabelle", "tabelle") => "Load code tables from DIR too, as verify --tabelle does",
        ("tabelle", "format") => "Output format",
        ("codegen new", "regione") => "Region code (2 digits, 00 for the national portal)",
        ("codegen new", "provincia") => "Province code (3 digits, 000 when none applies)",
        ("codegen new", "modalita") => "Sending mode",
        ("codegen new", "modulo") => "Module of the communication",
        ("codegen new", "tipo") => "Type of the communication",
        ("codegen new", "anno") => "Year, two digits (default: the current year)",
        ("codegen new", "count") => "How many codes to print (at most 1,000,000 per run)",
        ("codegen new", "contatore") => {
            "Counter file (default: `contatore` in the user's data directory, or in CLIC_DATA_DIR)"
        }
        ("codegen decode" | "codegen intermediario", "codes") => "The codes to decode",
        ("codegen decode" | "codegen intermediario", "format") => "Output format",
        ("close", "inputs") => "Sent communications: .zip archives, folders, .xml files, `-`",
        ("close", "motivo") => "The closure reason (motivochiusura), from the Motivi chiusura table",
        ("close", "out") => "The closure archive to write, ready for the portal's bulk upload",
        ("close", "codici") => "CSV `file,codice` mapping each input file to the code assigned on receipt",
        ("close", "contatore") => {
            "Give the closures generated codes from this counter file instead of 25 zeros"
        }
        ("close", "regione") => "Region of the generated codes (with --contatore)",
        ("close", "provincia") => "Province of the generated codes (with --contatore)",
        ("close", "modalita_codice") => "Sending mode of the generated codes (with --contatore)",
        ("close", "format") => "Report format (for the verification of the closures)",
        ("fix", "paths") => {
            ".zip archives, folders, .xml files, or `-` for standard input (the original is never modified)"
        }
        ("fix", "out") => {
            "Where to write the repaired archive, folder or file (default: NAME-corretto.zip, NAME-corretto, NAME-corretto.xml beside the original; with `-`, standard output)"
        }
        ("fix", "format") => "Format of the report of the repairs and of the new check",
        ("fix", "report") => "Writes the report to FILE instead of standard output",
        ("fix", "dry_run") => "Shows what would be repaired, writing nothing",
        ("fix", "quiet") => "Text: only the files still KO, the problems by code and the totals",
        ("fix", "verbose") => "Text: lists every file, OK ones too, with their findings",
        ("serve", "porta") => "Port to listen on (0: any free port)",
        ("serve", "apri") => "Open the page in the default browser",
        ("serve", "indirizzo") => {
            "Listen on this address instead of 127.0.0.1 (e.g. 0.0.0.0): anyone who reaches it can upload files; a warning says so"
        }
        ("serve", "max_verifiche") => "Checks running at once (past it: answer 503, try again)",
        ("completamento", "shell") => {
            "The shell: bash (e.g. clic completamento bash > ~/.local/share/bash-completion/completions/clic), zsh, fish or powershell"
        }
        ("pacchetto", "dir") => "The folder to write man/it, man/en and completamenti/ into",
        _ => return None,
    })
}

pub(super) fn problem(p: &Problem) -> String {
    let arg = p.arg.as_deref().unwrap_or("");
    let value = p.value.as_deref().unwrap_or("");
    let hint = p
        .suggested
        .as_deref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    match p.kind {
        ErrorKind::UnknownArgument => format!("unexpected argument `{arg}`{hint}"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "unknown command `{}`{hint}",
                p.subcommand.as_deref().unwrap_or("")
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("`{arg}` needs a value"),
        ErrorKind::InvalidValue => {
            let valid = p
                .valid
                .as_deref()
                .map(|v| format!(": possible values {v}"))
                .unwrap_or_default();
            format!("invalid value `{value}` for `{arg}`{valid}{hint}")
        }
        ErrorKind::ValueValidation => {
            let reason = p
                .reason
                .as_ref()
                .map(|r| format!(": {}", bad_value(r)))
                .unwrap_or_default();
            format!("invalid value `{value}` for `{arg}`{reason}")
        }
        ErrorKind::NoEquals => format!("`{arg}` wants its value after an `=` sign"),
        ErrorKind::TooManyValues => format!("too many values for `{arg}`: `{value}` is extra"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "`{arg}` wants {} values, got {}",
            p.expected.as_deref().unwrap_or("?"),
            p.actual.as_deref().unwrap_or("?")
        ),
        ErrorKind::ArgumentConflict => match p.prior.as_deref() {
            Some(prior) if !prior.is_empty() => format!("`{arg}` cannot be used with `{prior}`"),
            _ => format!("`{arg}` cannot be used more than once"),
        },
        ErrorKind::MissingRequiredArgument => format!("missing required arguments: {arg}"),
        ErrorKind::MissingSubcommand => {
            format!("missing command; one of: {}", p.valid.as_deref().unwrap_or(""))
        }
        ErrorKind::InvalidUtf8 => "an argument is not valid UTF-8 text".into(),
        _ => "invalid command line".into(),
    }
}

pub(super) fn bad_value(bad: &BadValue) -> String {
    match bad {
        BadValue::Range { min, max } => format!("expected a whole number from {min} to {max}"),
        BadValue::Day => "expected a date YYYY-MM-DD".into(),
        BadValue::Seconds => "expected seconds, e.g. 30 or 0.5 (at most a day)".into(),
        BadValue::Duration => "expected a duration, e.g. 90s, 15m or 2h (at most a week)".into(),
        BadValue::Size(e) => crate::report::words::size_error(e, crate::i18n::Lang::En),
        BadValue::ImportFormat => "expected text or json (records: --records jsonl|csv)".into(),
    }
}
