//! Command-line interface: arguments only. Each subcommand's work lives in
//! `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::i18n::Lang;
use crate::input::limits::{self, Limits, MAX_DEPTH_CEILING};
use crate::records::output::RecordFormat;
use crate::report::{CloseFormat, ListFormat, VerifyFormat};
use crate::rules::Modalita;

/// Verifica e importa le comunicazioni XML Cliclavoro (candidature, vacancy,
/// messaggi) con l'esito che darebbe il portale.
#[derive(Debug, Parser)]
#[command(name = "clic", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Lingua dei messaggi / message language.
    #[arg(long, global = true, value_enum, default_value_t = Lang::It, env = "CLIC_LANG")]
    pub lang: Lang,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// VERIFICA: check archives, folders or files and give OK/KO per file.
    Verify(VerifyArgs),
    /// IMPORTA: verify archives all-or-nothing, write normalized records,
    /// send them to a node, and keep the processing-control ledger.
    Import(ImportArgs),
    /// Explain a diagnostic code (e.g. `clic explain CL0101`).
    Explain(ExplainArgs),
    /// List the code tables in use with their provenance, or look a code up.
    Tabelle(TabelleArgs),
    /// Generate, decode and check 25-character communication codes.
    Codegen(CodegenArgs),
    /// Turn sent CVs and vacancies into closure (tipo 02) communications.
    Close(CloseArgs),
    /// VERIFICA as a page in the browser, served on this computer only.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// .zip archives, folders (searched for *.xml), .xml files, or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Report format: text for the terminal; json, junit, csv, xlsx, html
    /// to keep or forward; github, gitlab, sarif for CI systems.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,

    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Text: print only the KO inputs, the problems by code and the totals
    /// (no progress bar with any format).
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Text: list every file, OK ones included, with its findings.
    #[arg(long, short)]
    pub verbose: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// Options shared by every command that checks files.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Use the .xsd files in DIR (matched to modules by target namespace)
    /// instead of the built-in schemas, e.g. the Ministry's current files.
    #[arg(long, value_name = "DIR")]
    pub schema_dir: Option<PathBuf>,

    /// Load code tables from DIR (NAME.csv, same format as tabelle/): they
    /// replace the bundled ones of the same name or add tables such as
    /// cp2011, cittadinanza, ccnl, motivi_chiusura.
    #[arg(long, value_name = "DIR")]
    pub tabelle: Option<PathBuf>,

    /// How the files will be sent: `massiva` (the portal's bulk upload: a
    /// new communication has 25 zeros as its code) or `cooperazione` (a node
    /// sending with codes it assigned).
    #[arg(long, value_enum, default_value_t = Modalita::Massiva)]
    pub modalita: Modalita,

    /// Worker threads (default: all cores).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,

    /// Most entries in one archive or folder.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_entries)]
    pub max_entries: u64,

    /// Largest single file, uncompressed (e.g. 10MiB).
    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = byte_size)]
    pub max_entry_bytes: u64,

    /// Largest archive, uncompressed (e.g. 1GiB).
    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = byte_size)]
    pub max_total_bytes: u64,

    /// Highest compression ratio (N:1) for entries past 1 MiB.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_ratio)]
    pub max_ratio: u64,

    /// Deepest element nesting in a document.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth, value_parser = parse_depth)]
    pub max_depth: usize,
}

fn parse_depth(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_DEPTH_CEILING).contains(&n) => Ok(n),
        _ => Err(format!("expected a number from 1 to {MAX_DEPTH_CEILING}")),
    }
}

impl CheckArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_entries: self.max_entries,
            max_entry_bytes: self.max_entry_bytes,
            max_total_bytes: self.max_total_bytes,
            max_ratio: self.max_ratio,
            max_depth: self.max_depth,
        }
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The .zip archives to import; each is accepted or rejected on its own.
    #[arg(value_name = "ARCHIVE", required_unless_present = "stato")]
    pub archives: Vec<String>,

    /// Write the normalized records to DIR/<archive name>/.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Format of the normalized records.
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "format")]
    pub records: Option<RecordFormat>,

    /// Report format: `text` (default) or, with --stato, `json`. Still
    /// accepts `jsonl` and `csv`, which meant --records before.
    #[arg(long, value_name = "FORMAT", value_parser = parse_import_format)]
    pub format: Option<ImportFormatArg>,

    /// Send each accepted communication to this node (SOAP 1.1 endpoint).
    #[arg(long, value_name = "URL")]
    pub send: Option<String>,

    /// The ledger (default: registro.sqlite in the user's data directory).
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,

    /// Import again an archive already "Elaborato con successo".
    #[arg(long)]
    pub force: bool,

    /// Print the processing-control table ("Controllo elaborazione").
    #[arg(long)]
    pub stato: bool,

    /// With --stato: only archives in this state.
    #[arg(long = "filtro-stato", value_enum, value_name = "STATO", requires = "stato")]
    pub filtro_stato: Option<StateArg>,

    /// With --stato: imported on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "stato", value_parser = parse_day)]
    pub dal: Option<String>,

    /// With --stato: imported on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "stato", value_parser = parse_day)]
    pub al: Option<String>,

    /// With --stato: the files of one archive (its name or SHA-256 prefix).
    #[arg(long, value_name = "ARCHIVE", requires = "stato")]
    pub dettaglio: Option<String>,

    /// Requests in flight at once when sending.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub send_jobs: u16,

    /// Seconds to establish a connection.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds)]
    pub connect_timeout: std::time::Duration,

    /// Seconds to wait for the answer once the request is sent.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_seconds)]
    pub read_timeout: std::time::Duration,

    /// Seconds one request may take in all.
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_seconds)]
    pub request_timeout: std::time::Duration,

    /// Retries of a transient failure (connection, timeout, 408/429/502/503/504, SOAP Server fault).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub retries: u32,

    /// First backoff bound in seconds (doubles at each retry, up to 30 s; full jitter).
    #[arg(long, value_name = "SECS", default_value = "0.5", value_parser = parse_seconds)]
    pub backoff: std::time::Duration,

    /// Print only rejected archives, undelivered files and the summary.
    #[arg(long, short)]
    pub quiet: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// What `import --format` was given: a report format, or a record format
/// as written before `--records` existed (kept so that those command lines
/// still work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormatArg {
    Report(ListFormat),
    Records(RecordFormat),
}

fn parse_import_format(text: &str) -> Result<ImportFormatArg, String> {
    match text {
        "text" => Ok(ImportFormatArg::Report(ListFormat::Text)),
        "json" => Ok(ImportFormatArg::Report(ListFormat::Json)),
        "jsonl" => Ok(ImportFormatArg::Records(RecordFormat::Jsonl)),
        "csv" => Ok(ImportFormatArg::Records(RecordFormat::Csv)),
        _ => Err(format!(
            "`{text}`: expected text or json (records: --records jsonl|csv)"
        )),
    }
}

/// Archive states, as the portal's RICERCA filters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateArg {
    DaElaborare,
    Successo,
    Errori,
}

fn parse_day(text: &str) -> Result<String, String> {
    crate::calendar::Date::parse(text)
        .filter(|_| text.len() == 10)
        .map(|d| d.to_string())
        .ok_or_else(|| format!("`{text}`: expected a date YYYY-MM-DD"))
}

fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs.is_finite() && (0.0..=86_400.0).contains(&secs) => {
            Ok(std::time::Duration::from_secs_f64(secs))
        }
        _ => Err(format!("`{text}`: expected seconds, e.g. 30 or 0.5")),
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code (CL0101) or name (campo-obbligatorio-mancante) to explain.
    #[arg(required_unless_present = "list", value_name = "CODE")]
    pub code: Option<String>,

    /// List every code with its one-line summary.
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct TabelleArgs {
    /// A table to look a code up in (e.g. `comuni`).
    #[arg(value_name = "NAME", requires = "code")]
    pub name: Option<String>,

    /// The code to look up (e.g. `H501`).
    #[arg(value_name = "CODE")]
    pub code: Option<String>,

    /// Load code tables from DIR too, as `verify --tabelle` does.
    #[arg(long, value_name = "DIR")]
    pub tabelle: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

// ---- codegen and close (owned by cmd/codegen.rs and cmd/close.rs) ----

#[derive(Debug, Args)]
pub struct CodegenArgs {
    #[command(subcommand)]
    pub action: CodegenAction,
}

#[derive(Debug, Subcommand)]
pub enum CodegenAction {
    /// Print N new communication codes from a persistent counter.
    New(CodegenNewArgs),
    /// Decode communication codes into their fields.
    Decode(CodegenDecodeArgs),
    /// Check and decode codici intermediario.
    Intermediario(CodegenDecodeArgs),
}

#[derive(Debug, Args)]
pub struct CodegenNewArgs {
    /// Region code (2 digits, 00 for the national portal).
    #[arg(long, value_name = "RR")]
    pub regione: String,
    /// Province code (3 digits, 000 when none applies).
    #[arg(long, value_name = "PPP")]
    pub provincia: String,
    /// Sending mode.
    #[arg(long, value_enum)]
    pub modalita: SendingMode,
    /// Module of the communication.
    #[arg(long, value_enum)]
    pub modulo: ModuleArg,
    /// Type of the communication.
    #[arg(long, value_enum)]
    pub tipo: TypeArg,
    /// Year, two digits (default: the current year).
    #[arg(long, value_name = "YY")]
    pub anno: Option<String>,
    /// How many codes to print (at most 1,000,000 per run).
    #[arg(short = 'n', long = "numero", value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub count: u64,
    /// Counter file (default: `contatore` in the user's data directory,
    /// or in `CLIC_DATA_DIR`).
    #[arg(long, value_name = "FILE")]
    pub contatore: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CodegenDecodeArgs {
    /// The codes to decode.
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// The sending mode digit of a communication code (seed 000 §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SendingMode {
    WebNazionale,
    MassivoNazionale,
    WebRegionale,
    MassivoRegionale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModuleArg {
    Vacancy,
    Candidatura,
    Messaggio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TypeArg {
    Invio,
    Chiusura,
    Contatto,
    Risposta,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// Sent communications: .zip archives, folders, .xml files, `-`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// The closure reason (motivochiusura), from the Motivi chiusura table.
    #[arg(long, value_name = "CODE")]
    pub motivo: String,
    /// The closure archive to write, ready for the portal's bulk upload.
    #[arg(long, value_name = "ARCHIVE.zip")]
    pub out: PathBuf,
    /// CSV `file,codice` mapping each input file to the code assigned on receipt.
    #[arg(long, value_name = "FILE.csv")]
    pub codici: Option<PathBuf>,
    /// Give the closures generated codes from this counter file instead of 25 zeros.
    #[arg(long, value_name = "FILE")]
    pub contatore: Option<PathBuf>,
    /// Region of the generated codes (with --contatore).
    #[arg(long, value_name = "RR")]
    pub regione: Option<String>,
    /// Province of the generated codes (with --contatore).
    #[arg(long, value_name = "PPP")]
    pub provincia: Option<String>,
    /// Sending mode of the generated codes (with --contatore).
    #[arg(long = "modalita-codice", value_enum, default_value_t = SendingMode::MassivoRegionale)]
    pub modalita_codice: SendingMode,
    /// Report format (for the verification of the closures).
    #[arg(long, value_enum, default_value_t = CloseFormat::Text)]
    pub format: CloseFormat,
    #[command(flatten)]
    pub check: CheckArgs,
}

/// `--max-entry-bytes` and `--max-total-bytes`; clap says the error in
/// English, like the rest of its messages (until issue 12).
fn byte_size(text: &str) -> Result<u64, String> {
    limits::parse_bytes(text).map_err(|e| crate::report::words::size_error(&e, Lang::En))
}

// ---- serve (owned by cmd/serve.rs) ----

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, value_name = "N", default_value_t = 8765)]
    pub porta: u16,

    /// Open the page in the default browser.
    #[arg(long)]
    pub apri: bool,

    /// Listen on this address instead of 127.0.0.1 (e.g. 0.0.0.0): anyone
    /// who reaches it can upload files; a warning says so.
    #[arg(long, value_name = "IP")]
    pub indirizzo: Option<std::net::IpAddr>,

    /// Checks running at once (more wait for a free one, answered 503).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_verifiche: u16,

    #[command(flatten)]
    pub check: CheckArgs,
}
