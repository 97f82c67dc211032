//! `clic fix`: repairs what has exactly one right form and writes a new
//! archive, folder or file beside each input. The work is
//! [`crate::repair`]'s; this file wires the checks, the repairs, the
//! output and the report.

use std::path::Path;

use super::{EXIT_ERROR, EXIT_KO, EXIT_OK, colour_wanted, context, emit_with, pool, progress};
use crate::cli::FixArgs;
use crate::engine::{self, Keep};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::repair::{self, OutputError, output};
use crate::report::{self, Options, VerifyFormat};

pub fn run(args: FixArgs, lang: Lang) -> Result<u8, Fatal> {
    if args.out.is_some() && args.paths.len() > 1 {
        return Err(OutputError::OutWithSeveralInputs.into());
    }
    let ctx = context(&args.check, lang)?;
    ctx.rules.tables.parse_all();
    let mut inputs = Vec::with_capacity(args.paths.len());
    let mut sources = Vec::with_capacity(args.paths.len());
    let mut all_opened = true;
    for path in &args.paths {
        match output::open(path, &ctx.limits) {
            Ok((input, source)) => {
                inputs.push(input);
                sources.push(source);
            }
            Err(error) => {
                eprintln!("{}", report::fatal::render(&Fatal::from(error), lang));
                all_opened = false;
            }
        }
    }
    if inputs.is_empty() {
        return Ok(EXIT_ERROR);
    }
    let total = inputs.iter().map(|i| i.entries.len()).sum();
    let bar = progress(total, !args.quiet);
    let workers = pool(args.check.jobs)?;
    let keep = Keep {
        bytes: true,
        sha256: false,
    };
    // Archives written to a file are written while they are checked.
    let mut streamed: Vec<Option<output::StreamedArchive>> = Vec::with_capacity(inputs.len());
    for (index, input) in inputs.iter().enumerate() {
        let dest = args.out.clone().or_else(|| output::default_output(input));
        let stream = match dest {
            Some(dest)
                if !args.dry_run
                    && input.is_archive()
                    && !input.entries.is_empty()
                    && !input
                        .diagnostics
                        .iter()
                        .any(crate::diagnostic::Diagnostic::is_error)
                    && dest != Path::new("-") =>
            {
                Some(output::StreamedArchive::create(
                    input,
                    sources[index].as_deref(),
                    &dest,
                )?)
            }
            _ => None,
        };
        streamed.push(stream);
    }
    let (before, files) = workers.install(|| {
        engine::run_keeping(
            &inputs,
            &ctx,
            keep,
            |checked| {
                let fix = repair::fix_checked(checked.bytes, checked.result, checked.parsed, &ctx);
                if let Some(stream) = &streamed[checked.result.input] {
                    stream.settle(checked.entry, fix.bytes.clone());
                }
                fix
            },
            &|| bar.inc(1),
        )
    });
    bar.finish_and_clear();
    let fixed = repair::assemble(&inputs, &before, files);
    let mut data_on_stdout = false;
    if !args.dry_run {
        for (index, input) in inputs.iter().enumerate() {
            if let Some(stream) = streamed[index].take() {
                stream.finish()?;
                continue;
            }
            if before.inputs[index]
                .diagnostics
                .iter()
                .any(crate::diagnostic::Diagnostic::is_error)
            {
                // A damaged archive, too many entries...: not copied, the
                // report says why it is KO.
                continue;
            }
            let repaired = output::repaired_entries(&before, index, &fixed.files);
            let source = sources[index].as_deref();
            let dest = args.out.clone().or_else(|| output::default_output(input));
            match dest {
                Some(dest) if dest != Path::new("-") => output::write(input, &repaired, source, &dest)?,
                _ => {
                    // Standard input with no --out (or --out -): the
                    // repaired bytes go to standard output, the report to
                    // standard error.
                    data_on_stdout = true;
                    let mut stdout = std::io::stdout().lock();
                    output::write_stream(input, &repaired, source.unwrap_or_default(), &mut stdout)?;
                }
            }
        }
    }
    let options = Options {
        lang,
        colour: args.format == VerifyFormat::Text && !data_on_stdout && colour_wanted(args.report.as_deref()),
        quiet: args.quiet,
        verbose: args.verbose,
    };
    let sources_text = |index: usize| output::output_text(&fixed, &before, &inputs, index, &ctx.limits);
    let render = |out: &mut dyn std::io::Write| {
        report::fix::render(&fixed, &before, args.format, &options, &sources_text, out)
    };
    if data_on_stdout && args.report.is_none() {
        let mut stderr = std::io::stderr().lock();
        let _ = render(&mut stderr);
    } else {
        emit_with(args.report.as_deref(), render)?;
    }
    if args.report.is_some() || (data_on_stdout && args.format != VerifyFormat::Text) {
        eprintln!("{}", report::fix::summary_line(&fixed, &before, lang));
    }
    Ok(if !all_opened {
        EXIT_ERROR
    } else if fixed.verified.all_ok() {
        EXIT_OK
    } else {
        EXIT_KO
    })
}
