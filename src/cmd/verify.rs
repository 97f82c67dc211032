//! `clic verify`: the portal's VERIFICA, on archives, folders and files.

use super::{EXIT_ERROR, EXIT_KO, EXIT_OK, colour_wanted, context_and_inputs, emit_with, pool, progress};
use crate::cli::VerifyArgs;
use crate::engine::{self, Outcome};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::report::{self, Options, VerifyFormat};

pub fn run(args: VerifyArgs, lang: Lang) -> Result<u8, Fatal> {
    let (ctx, inputs, all_opened) = context_and_inputs(&args.check, &args.paths, lang)?;
    if inputs.is_empty() {
        // Nothing could be read: the errors said it all, no empty report.
        return Ok(EXIT_ERROR);
    }
    let total = inputs.iter().map(|i| i.entries.len()).sum();
    let bar = progress(total, !args.quiet);
    let workers = pool(args.check.jobs)?;
    let (outcome, _) = workers.install(|| engine::run(&inputs, &ctx, |_| (), &|| bar.inc(1)));
    bar.finish_and_clear();
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
