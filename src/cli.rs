//! Command-line interface: arguments only. Each subcommand's work lives in
//! `cmd/`; the words of the help and of argument errors, in each language,
//! live in `report/help/` and are applied at start-up ([`command`]).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::i18n::Lang;
use crate::input::limits::{self, Limits, MAX_DEPTH_CEILING};
use crate::records::output::RecordFormat;
use crate::report::help::BadValue;
use crate::report::{CloseFormat, ListFormat, VerifyFormat};
use crate::rules::Modalita;

/// Verifica e importa le comunicazioni XML Cliclavoro (candidature, vacancy,
/// messaggi) con l'esito che darebbe il portale.
#[derive(Debug, Parser)]
#[command(name = "clic", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[arg(long, global = true, value_enum, default_value_t = Lang::It, env = "CLIC_LANG")]
    pub lang: Lang,

    #[arg(long, global = true, value_enum, value_name = "COLOR", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// When text output is coloured (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set; anywhere with `CLICOLOR_FORCE`.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Verify(VerifyArgs),
    Import(ImportArgs),
    Explain(ExplainArgs),
    Tabelle(TabelleArgs),
    Codegen(CodegenArgs),
    Close(CloseArgs),
    Serve(ServeArgs),
    Fix(FixArgs),
    Completamento(CompletamentoArgs),
    /// For packagers only (scripts/deb.sh), hence hidden from the help.
    #[command(hide = true)]
    Pacchetto(PacchettoArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,

    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    #[arg(long, short)]
    pub verbose: bool,

    /// Paths in the report are relative to DIR (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub base_path: Option<PathBuf>,

    /// The name standard input (`-`) has in the report.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,

    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    #[arg(long)]
    pub dry_run: bool,

    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    #[arg(long, short)]
    pub verbose: bool,

    #[command(flatten)]
    pub check: CheckArgs,
}

/// Options shared by every command that checks files.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[arg(long, value_name = "DIR")]
    pub schema_dir: Option<PathBuf>,

    #[arg(long, value_name = "DIR")]
    pub tabelle: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = Modalita::Massiva)]
    pub modalita: Modalita,

    #[arg(long, short, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<u16>,

    #[arg(long, value_name = "N", default_value_t = Limits::default().max_entries)]
    pub max_entries: u64,

    #[arg(long, value_name = "SIZE", default_value = "10MiB", value_parser = byte_size)]
    pub max_entry_bytes: u64,

    #[arg(long, value_name = "SIZE", default_value = "1GiB", value_parser = byte_size)]
    pub max_total_bytes: u64,

    #[arg(long, value_name = "N", default_value_t = Limits::default().max_ratio)]
    pub max_ratio: u64,

    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth, value_parser = parse_depth)]
    pub max_depth: usize,
}

/// A whole number from `min` to `max`, or why not.
fn ranged(text: &str, min: u64, max: u64) -> Result<u64, BadValue> {
    match text.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(BadValue::Range { min, max }),
    }
}

fn parse_depth(text: &str) -> Result<usize, BadValue> {
    ranged(text, 1, MAX_DEPTH_CEILING as u64).map(|n| n as usize)
}

fn parse_jobs(text: &str) -> Result<u16, BadValue> {
    ranged(text, 1, 1024).map(|n| n as u16)
}

fn parse_send_jobs(text: &str) -> Result<u16, BadValue> {
    ranged(text, 1, 256).map(|n| n as u16)
}

fn parse_count(text: &str) -> Result<u64, BadValue> {
    ranged(text, 1, 1_000_000)
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
    #[arg(value_name = "ARCHIVE", required_unless_present = "stato")]
    pub archives: Vec<String>,

    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "format")]
    pub records: Option<RecordFormat>,

    #[arg(long, value_name = "FORMAT", value_parser = parse_import_format)]
    pub format: Option<ImportFormatArg>,

    #[arg(long, value_name = "URL")]
    pub send: Option<String>,

    #[arg(long, value_name = "FILE|CONNINFO")]
    pub ledger: Option<PathBuf>,

    #[arg(long, value_name = "CONNINFO")]
    pub db: Option<String>,

    #[arg(long, value_name = "NAME", default_value = crate::records::postgres::DEFAULT_SCHEMA, requires = "db")]
    pub db_schema: String,

    #[arg(long)]
    pub force: bool,

    #[arg(long)]
    pub stato: bool,

    #[arg(long = "filtro-stato", value_enum, value_name = "STATO", requires = "stato")]
    pub filtro_stato: Option<StateArg>,

    #[arg(long, value_name = "YYYY-MM-DD", requires = "stato", value_parser = parse_day)]
    pub dal: Option<String>,

    #[arg(long, value_name = "YYYY-MM-DD", requires = "stato", value_parser = parse_day)]
    pub al: Option<String>,

    #[arg(long, value_name = "ARCHIVE", requires = "stato")]
    pub dettaglio: Option<String>,

    #[arg(long, value_name = "N", default_value_t = 4, value_parser = parse_send_jobs)]
    pub send_jobs: u16,

    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds)]
    pub connect_timeout: std::time::Duration,

    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_seconds)]
    pub read_timeout: std::time::Duration,

    #[arg(long, value_name = "SECS", default_value = "60", value_parser = parse_seconds)]
    pub request_timeout: std::time::Duration,

    #[arg(long, value_name = "N", default_value_t = 5)]
    pub retries: u32,

    #[arg(long, value_name = "SECS", default_value = "0.5", value_parser = parse_seconds)]
    pub backoff: std::time::Duration,

    #[arg(long, value_name = "N", default_value_t = crate::send::DEFAULT_MAX_FAILURES, value_parser = parse_max_failures)]
    pub max_failures: u32,

    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub deadline: Option<std::time::Duration>,

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

fn parse_import_format(text: &str) -> Result<ImportFormatArg, BadValue> {
    match text {
        "text" => Ok(ImportFormatArg::Report(ListFormat::Text)),
        "json" => Ok(ImportFormatArg::Report(ListFormat::Json)),
        "jsonl" => Ok(ImportFormatArg::Records(RecordFormat::Jsonl)),
        "csv" => Ok(ImportFormatArg::Records(RecordFormat::Csv)),
        _ => Err(BadValue::ImportFormat),
    }
}

/// Archive states, as the portal's RICERCA filters them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateArg {
    DaElaborare,
    Successo,
    Errori,
}

fn parse_day(text: &str) -> Result<String, BadValue> {
    crate::calendar::Date::parse(text)
        .filter(|_| text.len() == 10)
        .map(|d| d.to_string())
        .ok_or(BadValue::Day)
}

fn parse_seconds(text: &str) -> Result<std::time::Duration, BadValue> {
    match text.parse::<f64>() {
        Ok(secs) if secs.is_finite() && (0.0..=86_400.0).contains(&secs) => {
            Ok(std::time::Duration::from_secs_f64(secs))
        }
        _ => Err(BadValue::Seconds),
    }
}

fn parse_max_failures(text: &str) -> Result<u32, BadValue> {
    ranged(text, 1, 1_000_000).map(|n| n as u32)
}

/// A duration: seconds (`90`, `90s`), minutes (`15m`) or hours (`2h`),
/// more than zero and at most a week.
fn parse_duration(text: &str) -> Result<std::time::Duration, BadValue> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((at, 's')) => (&text[..at], 1.0),
        Some((at, 'm')) => (&text[..at], 60.0),
        Some((at, 'h')) => (&text[..at], 3600.0),
        _ => (text, 1.0),
    };
    match number.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * unit <= 7.0 * 86_400.0 => {
            Ok(std::time::Duration::from_secs_f64(n * unit))
        }
        _ => Err(BadValue::Duration),
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A code, a rule's name, keywords, or a validator's message pasted
    /// whole (several words are one query).
    #[arg(required_unless_present = "list", value_name = "CODE")]
    pub code: Vec<String>,

    #[arg(long)]
    pub list: bool,

    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct TabelleArgs {
    /// A table's name, then the words or the code to look for; or only
    /// words, to look in every table.
    #[arg(value_name = "WORDS")]
    pub words: Vec<String>,

    #[arg(long, value_name = "DIR")]
    pub tabelle: Option<PathBuf>,

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
    New(CodegenNewArgs),
    Decode(CodegenDecodeArgs),
    Intermediario(CodegenDecodeArgs),
}

#[derive(Debug, Args)]
pub struct CodegenNewArgs {
    #[arg(long, value_name = "RR")]
    pub regione: String,
    #[arg(long, value_name = "PPP")]
    pub provincia: String,
    #[arg(long, value_enum)]
    pub modalita: SendingMode,
    #[arg(long, value_enum)]
    pub modulo: ModuleArg,
    #[arg(long, value_enum)]
    pub tipo: TypeArg,
    #[arg(long, value_name = "YY")]
    pub anno: Option<String>,
    #[arg(short = 'n', long = "numero", value_name = "N", default_value_t = 1,
          value_parser = parse_count)]
    pub count: u64,
    #[arg(long, value_name = "FILE")]
    pub contatore: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CodegenDecodeArgs {
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<String>,
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
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    #[arg(long, value_name = "CODE")]
    pub motivo: String,
    #[arg(long, value_name = "ARCHIVE.zip")]
    pub out: PathBuf,
    #[arg(long, value_name = "FILE.csv")]
    pub codici: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub contatore: Option<PathBuf>,
    #[arg(long, value_name = "RR")]
    pub regione: Option<String>,
    #[arg(long, value_name = "PPP")]
    pub provincia: Option<String>,
    #[arg(long = "modalita-codice", value_enum, default_value_t = SendingMode::MassivoRegionale)]
    pub modalita_codice: SendingMode,
    #[arg(long, value_enum, default_value_t = CloseFormat::Text)]
    pub format: CloseFormat,
    #[command(flatten)]
    pub check: CheckArgs,
}

/// `--max-entry-bytes` and `--max-total-bytes`.
fn byte_size(text: &str) -> Result<u64, BadValue> {
    limits::parse_bytes(text).map_err(BadValue::Size)
}

/// The command line in the language the user asked for: `--lang` is
/// peeked at before parsing, so that the help and the errors of the
/// parse itself are in that language too.
pub fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    crate::report::help::localize(Cli::command(), lang)
}

/// The language asked for by `--lang X`, `--lang=X` or `CLIC_LANG`, as
/// clap will read it (the flag wins); Italian when absent or unknown.
pub fn peek_lang(args: &[std::ffi::OsString], env: Option<&std::ffi::OsStr>) -> Lang {
    let mut chosen = env.and_then(|v| v.to_str()).map(str::to_string);
    let mut tokens = args.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(token) = tokens.next() {
        if token == "--" {
            break;
        }
        if token == "--lang" {
            chosen = tokens.next().map(str::to_string);
        } else if let Some(value) = token.strip_prefix("--lang=") {
            chosen = Some(value.to_string());
        }
    }
    match chosen.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::It,
    }
}

/// `clic help X` and `clic codegen help X` ask for `X --help`: clap's own
/// `help` command speaks English only, so ours is only listed in the help
/// and is turned into the flag here.
pub fn help_to_flag(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let words: Vec<Option<&str>> = args.iter().map(|a| a.to_str()).collect();
    // The first two positionals, skipping `--lang X`/`--color X`.
    let mut positions = Vec::new();
    let mut i = 1;
    while i < words.len() && positions.len() < 2 {
        match words[i] {
            Some("--lang" | "--color") => i += 1,
            Some(w) if w.starts_with('-') => {}
            _ => positions.push(i),
        }
        i += 1;
    }
    let help_at = match positions.as_slice() {
        [first, ..] if words[*first] == Some("help") => Some(*first),
        [first, second] if words[*first] == Some("codegen") && words[*second] == Some("help") => {
            Some(*second)
        }
        _ => None,
    };
    if let Some(at) = help_at {
        args.remove(at);
        args.push("--help".into());
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_argument_has_help_words_in_both_languages() {
        use clap::CommandFactory;
        let missing = crate::report::help::missing_words(&Cli::command());
        assert!(
            missing.is_empty(),
            "no help words in report/help/ for: {missing:?}"
        );
    }

    #[test]
    fn the_language_is_peeked_from_the_flag_then_the_environment() {
        let args = |list: &[&str]| list.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let en = Some(std::ffi::OsStr::new("en"));
        assert_eq!(peek_lang(&args(&["clic", "--help"]), None), Lang::It);
        assert_eq!(peek_lang(&args(&["clic", "--help"]), en), Lang::En);
        assert_eq!(
            peek_lang(&args(&["clic", "verify", "--lang", "it"]), en),
            Lang::It
        );
        assert_eq!(peek_lang(&args(&["clic", "--lang=en", "verify"]), None), Lang::En);
        assert_eq!(
            peek_lang(&args(&["clic", "verify", "--", "--lang", "en"]), None),
            Lang::It
        );
    }

    #[test]
    fn durations_take_seconds_minutes_or_hours() {
        use std::time::Duration;
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        for bad in ["", "0", "-5m", "8d", "1x", "169h", "m"] {
            assert_eq!(parse_duration(bad), Err(BadValue::Duration), "{bad}");
        }
    }

    #[test]
    fn the_help_command_becomes_the_flag() {
        let args = |list: &[&str]| list.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            help_to_flag(args(&["clic", "help", "verify"])),
            args(&["clic", "verify", "--help"])
        );
        assert_eq!(
            help_to_flag(args(&["clic", "--lang", "en", "codegen", "help", "new"])),
            args(&["clic", "--lang", "en", "codegen", "new", "--help"])
        );
        // A file called `help` is still a file.
        assert_eq!(
            help_to_flag(args(&["clic", "verify", "help"])),
            args(&["clic", "verify", "help"])
        );
    }
}

// ---- serve (owned by cmd/serve.rs; its help words are in report/help) ----

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, value_name = "N", default_value_t = 8765)]
    pub porta: u16,

    #[arg(long)]
    pub apri: bool,

    #[arg(long, value_name = "IP")]
    pub indirizzo: Option<std::net::IpAddr>,

    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_verifiche: u16,

    #[command(flatten)]
    pub check: CheckArgs,
}

// ---- completamento and pacchetto (owned by cmd/completamento.rs) ----

#[derive(Debug, Args)]
pub struct CompletamentoArgs {
    #[arg(value_enum)]
    pub shell: ShellArg,
}

/// The shells `clic completamento` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct PacchettoArgs {
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}
