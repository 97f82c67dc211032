//! `clic close`: closure (tipo 02) communications for sent CVs and
//! vacancies. The work is [`crate::chiusura`]'s; this file turns the
//! arguments into its options and hands the result to `report/`.

use indicatif::ProgressBar;

use super::{EXIT_KO, EXIT_OK, colour_wanted, context, emit, emit_with, open_inputs, pool, progress};
use crate::chiusura::{self, CloseError, Closing, Mapping, OwnCodes, Progress};
use crate::cli::CloseArgs;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::report::{self, CloseFormat, Options, chiusura as render};

pub fn run(args: CloseArgs, lang: Lang) -> Result<u8, Fatal> {
    let summary = chiusura::summary_path(&args.out)?;
    let ctx = context(&args.check, lang)?;
    let motivo = chiusura::motivo(&args.motivo, ctx.rules.tables.get("motivi_chiusura"))?;
    let own_codes = match (&args.contatore, &args.regione, &args.provincia) {
        (None, None, None) => OwnCodes::Zeros,
        (None, _, _) => return Err(CloseError::PlaceWithoutCounter.into()),
        (Some(path), Some(regione), Some(provincia)) => OwnCodes::Counter {
            path: path.clone(),
            serie: super::codegen::serie(
                regione,
                provincia,
                None,
                args.modalita_codice,
                &ctx.rules.tables,
                lang,
            )?,
        },
        (Some(_), _, _) => return Err(CloseError::CounterWithoutPlace.into()),
    };
    let mapping = match &args.codici {
        Some(path) => Some(Mapping::read(path).map_err(CloseError::from)?),
        None => None,
    };
    let options = chiusura::Options {
        archive: args.out.clone(),
        summary,
        motivo,
        mapping,
        own_codes,
    };
    let inputs = open_inputs(&args.inputs, &ctx.limits)?;
    let workers = pool(args.check.jobs)?;
    let bar = progress(0, true);
    let closing =
        workers.install(|| chiusura::close(&inputs, ctx, &options, &|event| advance(&bar, event)))?;
    bar.finish_and_clear();
    if let Some(mapping) = &options.mapping
        && !closing.unused_codes.is_empty()
    {
        eprintln!(
            "{}",
            render::unused_codes_note(&mapping.path, &closing.unused_codes, lang)
        );
    }
    finish(&closing, &args, &options, lang)?;
    Ok(if closing.written { EXIT_OK } else { EXIT_KO })
}

fn advance(bar: &ProgressBar, event: Progress) {
    match event {
        Progress::Checking(total) | Progress::Verifying(total) => {
            bar.set_position(0);
            bar.set_length(total as u64);
        }
        Progress::Checked => bar.inc(1),
    }
}

/// Prints the report: the checks of pass 1 or 2, and what was written.
fn finish(closing: &Closing, args: &CloseArgs, options: &chiusura::Options, lang: Lang) -> Result<(), Fatal> {
    // Every closure is listed, as the archive's contents.
    let report_options = Options {
        lang,
        colour: colour_wanted(None),
        quiet: false,
        verbose: true,
    };
    let archive = options.archive.display().to_string();
    let csv = options.summary.display().to_string();
    let outcome = &closing.outcome;
    let trailer = render::close_trailer(&archive, &csv, &closing.closed, closing.written, lang);
    match args.format {
        CloseFormat::Text => emit(
            &format!("{}{trailer}", report::text::render(outcome, &report_options)),
            None,
        ),
        CloseFormat::Json => {
            let written = report::codegen::CloseWritten {
                archive: &archive,
                csv_path: &csv,
                closed: &closing.closed,
                written: closing.written,
            };
            emit_with(None, |out| {
                report::codegen::close_json(outcome, lang, &written, out)
            })
        }
        CloseFormat::Junit => {
            eprint!("{trailer}");
            emit_with(None, |out| report::junit::write(outcome, lang, out))
        }
    }
}
