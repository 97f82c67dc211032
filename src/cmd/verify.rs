//! `clic verify`: the portal's VERIFICA, on archives, folders and files.

use super::{
    EXIT_ERROR, EXIT_KO, EXIT_OK, colour_wanted, context_and_inputs_and_failures, emit_with, pool, progress,
};
use crate::cli::VerifyArgs;
use crate::diagnostic::{Diagnostic, Reason};
use crate::engine::{self, InputResult, Outcome};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::input::{InputKind, OpenError};
use crate::report::paths::PathStyle;
use crate::report::{self, Options, VerifyFormat};

pub fn run(args: VerifyArgs, lang: Lang) -> Result<u8, Fatal> {
    let (ctx, mut inputs, unopened) = context_and_inputs_and_failures(&args.check, &args.paths, lang)?;
    let all_opened = unopened.is_empty();
    let paths = PathStyle::new(args.base_path.as_deref(), args.stdin_filename.as_deref());
    paths.apply(&mut inputs);
    let total = inputs.iter().map(|i| i.entries.len()).sum();
    let bar = progress(total, !args.quiet);
    let workers = pool(args.check.jobs)?;
    let (mut outcome, _) = workers.install(|| engine::run(&inputs, &ctx, |_| (), &|| bar.inc(1)));
    bar.finish_and_clear();
    // A path that could not be opened is in the report too (after the
    // others: files point at their input by position), so that a CI step
    // reading the report sees it, and `--out` still writes one.
    for mut error in unopened {
        error.path = paths.shown(&error.path);
        outcome.inputs.push(unopened_input(error, outcome.files.len()));
    }
    let options = Options {
        lang,
        colour: args.format == VerifyFormat::Text && colour_wanted(args.out.as_deref()),
        quiet: args.quiet,
        verbose: args.verbose,
    };
    let sources = |index: usize| outcome.source_text(&inputs, index, &ctx.limits);
    emit_with(args.out.as_deref(), |out| {
        report::render(&outcome, args.format, &options, &sources, out)
    })?;
    if args.out.is_some() {
        // The report went to a file: the verdict still reaches the terminal.
        eprintln!("{}", report::summary_line(&outcome, lang));
    }
    if args.format == VerifyFormat::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        step_summary(&outcome, lang, std::path::Path::new(&path))?;
    }
    Ok(if !all_opened {
        EXIT_ERROR
    } else if outcome.all_ok() {
        EXIT_OK
    } else {
        EXIT_KO
    })
}

/// An input that could not be opened, as the reports show it: KO, no
/// files, and why (CL0002 with the system's reason).
fn unopened_input(error: OpenError, files_end: usize) -> InputResult {
    let diagnostic = Diagnostic::new(&crate::input::diagnostics::FILE_ILLEGGIBILE).reason(
        "motivo",
        Reason::Unopened {
            kind: error.reason.kind(),
            text: error.reason.to_string(),
        },
    );
    InputResult {
        path: error.path,
        kind: InputKind::File,
        diagnostics: vec![diagnostic],
        files: files_end..files_end,
        ok: false,
    }
}

/// GitHub's job summary: appended to the file GitHub names.
fn step_summary(outcome: &Outcome, lang: Lang, path: &std::path::Path) -> Result<(), Fatal> {
    let fail = |e: std::io::Error| Fatal::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(fail)?;
    report::github::step_summary(outcome, lang, &mut file).map_err(fail)
}
