//! One file per subcommand; shared set-up lives here.

pub mod close;
pub mod codegen;
pub mod explain;
pub mod import;
pub mod serve;
pub mod tabelle;
pub mod verify;

use std::io::{IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::checks::Context;
use crate::cli::{CheckArgs, Cli, Command};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::input::Input;
use crate::input::limits::Limits;
use crate::report;
use crate::rules::RuleContext;
use crate::schema::SchemaSet;
use crate::tabelle::Tabelle;

/// Exit codes: every file OK, some file KO, could not run.
pub const EXIT_OK: u8 = 0;
pub const EXIT_KO: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs a parsed command line and returns the process exit code.
pub fn dispatch(cli: Cli) -> u8 {
    let lang = cli.lang;
    let result = match cli.command {
        Command::Verify(args) => verify::run(args, lang),
        Command::Import(args) => import::run(args, lang),
        Command::Explain(args) => explain::run(args, lang),
        Command::Tabelle(args) => tabelle::run(args, lang),
        Command::Codegen(args) => codegen::run(args, lang),
        Command::Close(args) => close::run(args, lang),
        Command::Serve(args) => serve::run(args, lang),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{}", report::fatal::render(&error, lang));
            EXIT_ERROR
        }
    }
}

/// Schemas (and, later, tables) loaded once for the whole run.
pub fn context(args: &CheckArgs, lang: Lang) -> Result<Context, Fatal> {
    let schemas = match &args.schema_dir {
        None => SchemaSet::builtin(),
        Some(dir) => {
            let (set, notes) = SchemaSet::from_dir(dir)?;
            for note in &notes {
                eprintln!("{}", report::fatal::schema_note(note, lang));
            }
            set
        }
    };
    Ok(Context {
        schemas,
        limits: args.limits(),
        rules: RuleContext {
            tables: tables(args.tabelle.as_deref(), lang)?,
            modalita: args.modalita,
        },
    })
}

/// The bundled tables, with `--tabelle DIR` applied; notes go to stderr.
pub fn tables(dir: Option<&Path>, lang: Lang) -> Result<Tabelle, Fatal> {
    let Some(dir) = dir else {
        return Ok(Tabelle::builtin());
    };
    let (tables, notes) = Tabelle::with_dir(dir)?;
    for note in &notes {
        eprintln!("{}", report::fatal::table_note(note, lang));
    }
    Ok(tables)
}

/// Opens every path first, so that a typo stops the run before any work.
pub fn open_inputs(paths: &[String], limits: &Limits) -> Result<Vec<Input>, Fatal> {
    paths
        .iter()
        .map(|p| Input::open(p, limits).map_err(Fatal::from))
        .collect()
}

/// A worker pool with the requested size and a stack deep enough for the
/// deepest document `--max-depth` allows.
pub fn pool(jobs: Option<u16>) -> Result<rayon::ThreadPool, Fatal> {
    let threads = jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(64 << 20)
        .build()
        .map_err(|e| Fatal::Threads(e.to_string()))
}

/// A progress bar on stderr, only when stderr is a terminal.
pub fn progress(total: usize, enabled: bool) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} file  {per_sec}  {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Writes a report to `--out` (atomically) or to standard output.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), Fatal> {
    emit_with(out, |sink| sink.write_all(text.as_bytes()))
}

/// Runs a renderer into `--out` (written atomically once complete) or
/// into standard output.
pub fn emit_with(
    out: Option<&Path>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Fatal> {
    match out {
        Some(path) => {
            let mut bytes = Vec::new();
            let written = render(&mut bytes).and_then(|()| crate::fsutil::write_atomic(path, &bytes));
            written.map_err(|e| Fatal::Write {
                path: path.display().to_string(),
                reason: e.to_string(),
            })
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            // A closed pipe (`clic verify x | head`) is not an error worth a message.
            let _ = render(&mut stdout).and_then(|()| stdout.flush());
            Ok(())
        }
    }
}

/// Colour for text written to standard output: only on a terminal, and
/// never when `NO_COLOR` is set (https://no-color.org).
pub fn colour_wanted(out: Option<&Path>) -> bool {
    out.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
