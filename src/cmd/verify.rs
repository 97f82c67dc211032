//! `clic verify`: the portal's VERIFICA, on archives, folders and files.

use super::{EXIT_ERROR, EXIT_KO, EXIT_OK, colour_wanted, context, emit, open_each, pool, progress};
use crate::cli::VerifyArgs;
use crate::engine;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::report::{self, Options};

pub fn run(args: VerifyArgs, lang: Lang) -> Result<u8, Fatal> {
    let ctx = context(&args.check, lang)?;
    let (inputs, all_opened) = open_each(&args.paths, &ctx.limits, lang);
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
        colour: colour_wanted(args.out.as_deref()),
        quiet: args.quiet,
    };
    emit(
        &report::render(&outcome, args.format, &options),
        args.out.as_deref(),
    )?;
    if args.out.is_some() {
        // The report went to a file: the verdict still reaches the terminal.
        eprintln!("{}", report::summary_line(&outcome, lang));
    }
    Ok(if !all_opened {
        EXIT_ERROR
    } else if outcome.all_ok() {
        EXIT_OK
    } else {
        EXIT_KO
    })
}
