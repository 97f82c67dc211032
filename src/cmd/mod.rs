//! One file per subcommand; shared set-up lives here.

pub mod close;
pub mod codegen;
pub mod completamento;
pub mod explain;
pub mod fix;
pub mod import;
pub mod serve;
pub mod tabelle;
pub mod verify;

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::checks::Context;
use crate::cli::{CheckArgs, Cli, ColorChoice, Command};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::input::Input;
use crate::input::limits::Limits;
use crate::report;
use crate::rules::RuleContext;
use crate::schema::compiled::CompiledSet;
use crate::tabelle::Tabelle;

/// Exit codes: every file OK, some file KO, could not run.
pub const EXIT_OK: u8 = 0;
pub const EXIT_KO: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// What the whole run shows on the terminal, set once by [`dispatch`]:
/// the progress bar and the colour choice are the same for every command.
struct Terminal {
    lang: Lang,
    color: ColorChoice,
}

static TERMINAL: OnceLock<Terminal> = OnceLock::new();

fn terminal() -> &'static Terminal {
    TERMINAL.get_or_init(|| Terminal {
        lang: Lang::It,
        color: ColorChoice::Auto,
    })
}

/// Runs a parsed command line and returns the process exit code.
pub fn dispatch(cli: Cli) -> u8 {
    let lang = cli.lang;
    let _ = TERMINAL.set(Terminal {
        lang,
        color: cli.color,
    });
    let result = match cli.command {
        Command::Verify(args) => verify::run(args, lang),
        Command::Import(args) => import::run(args, lang),
        Command::Explain(args) => explain::run(args, lang),
        Command::Tabelle(args) => tabelle::run(args, lang),
        Command::Codegen(args) => codegen::run(args, lang),
        Command::Close(args) => close::run(args, lang),
        Command::Serve(args) => serve::run(args, lang),
        Command::Fix(args) => fix::run(args, lang),
        Command::Completamento(args) => completamento::run(args, lang),
        Command::Pacchetto(args) => completamento::package(args),
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
    let compiled = match &args.schema_dir {
        None => CompiledSet::builtin(),
        Some(dir) => {
            let (set, notes) = CompiledSet::from_dir(dir)?;
            for note in &notes {
                eprintln!("{}", report::fatal::schema_note(note, lang));
            }
            set
        }
    };
    Ok(Context {
        compiled,
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

/// The checks' context, and every path opened that can be; the others are
/// said on standard error, and the caller checks the rest and exits 2 at
/// the end (as ripgrep does). The paths are opened (an archive's entry
/// list read) while the schemas are compiled and the code tables parsed:
/// all serial work before the workers start. If the context cannot be built, nothing is said of
/// the paths.
pub fn context_and_inputs(
    args: &CheckArgs,
    paths: &[String],
    lang: Lang,
) -> Result<(Context, Vec<Input>, bool), Fatal> {
    let (ctx, inputs, unopened) = context_and_inputs_and_failures(args, paths, lang)?;
    Ok((ctx, inputs, unopened.is_empty()))
}

/// [`context_and_inputs`], with the paths that could not be opened (each
/// already said on stderr), for a report that lists them too.
pub fn context_and_inputs_and_failures(
    args: &CheckArgs,
    paths: &[String],
    lang: Lang,
) -> Result<(Context, Vec<Input>, Vec<crate::input::OpenError>), Fatal> {
    let limits = args.limits();
    let (ctx, opened) = std::thread::scope(|scope| {
        let opening = scope.spawn(|| {
            paths
                .iter()
                .map(|path| Input::open(path, &limits))
                .collect::<Vec<_>>()
        });
        let ctx = context(args, lang);
        if let Ok(ctx) = &ctx {
            // Before the workers need them, while the paths are opened.
            ctx.rules.tables.parse_all();
        }
        let opened = opening
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (ctx, opened)
    });
    let ctx = ctx?;
    let mut inputs = Vec::with_capacity(paths.len());
    let mut unopened = Vec::new();
    for result in opened {
        match result {
            Ok(input) => inputs.push(input),
            Err(error) => {
                let fatal = Fatal::from(error);
                eprintln!("{}", report::fatal::render(&fatal, lang));
                if let Fatal::Open(error) = fatal {
                    unopened.push(error);
                }
            }
        }
    }
    Ok((ctx, inputs, unopened))
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

/// A progress bar on stderr, only when stderr is a terminal; numbers as
/// the language writes them (12.345), whole files per second.
pub fn progress(total: usize, enabled: bool) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let lang = terminal().lang;
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {counts}  {rate}  {eta}") {
        let style = style
            .with_key(
                "counts",
                move |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                    let total = state.len().unwrap_or(0);
                    let _ = out.write_str(&report::progress_counts(state.pos(), total, lang));
                },
            )
            .with_key(
                "rate",
                move |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                    let _ = out.write_str(&report::progress_rate(state.per_sec(), lang));
                },
            );
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

/// Colour for text output: `--color always|never` decides; with `auto`,
/// never when `NO_COLOR` is set (https://no-color.org), always when
/// `CLICOLOR_FORCE` is (https://bixense.com/clicolors), else only on a
/// terminal and never into a `--out` file.
pub fn colour_wanted(out: Option<&Path>) -> bool {
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match terminal().color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") => true,
        ColorChoice::Auto => out.is_none() && std::io::stdout().is_terminal(),
    }
}
