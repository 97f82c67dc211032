//! `clic import`: IMPORTA and "Controllo elaborazione".

use std::time::Duration;

use indicatif::ProgressBar;

use super::{EXIT_KO, EXIT_OK, colour_wanted, context, emit, pool, progress};
use crate::cli::{ImportArgs, ImportFormatArg, StateArg};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::import::{self, ImportError, Options, Progress, Status};
use crate::ledger::{ArchiveState, Filter, Ledger, Location};
use crate::records::output::RecordFormat;
use crate::records::postgres::Database;
use crate::report::{self, ListFormat, import as render};
use crate::send;

pub fn run(args: ImportArgs, lang: Lang) -> Result<u8, Fatal> {
    let started = std::time::Instant::now();
    let location = match &args.ledger {
        Some(arg) => Location::from_arg(arg.as_os_str()),
        None => Location::default_file(),
    };
    if args.stato {
        return status(&args, &location, lang);
    }
    let format = match (args.records, args.format) {
        (_, Some(ImportFormatArg::Report(ListFormat::Json))) => {
            return Err(ImportError::TableFormatForRecords("json".into()).into());
        }
        (Some(records), _) | (None, Some(ImportFormatArg::Records(records))) => records,
        (None, None | Some(ImportFormatArg::Report(ListFormat::Text))) => RecordFormat::Jsonl,
    };
    // Opening the ledger (creating a new one takes several fsyncs) goes on
    // while the checks' context is built; the context's errors come first.
    let (ctx, ledger) = std::thread::scope(|scope| {
        let opening = scope.spawn(|| Ledger::open(&location));
        let ctx = context(&args.check, lang);
        let ledger = opening
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (ctx, ledger)
    });
    let ctx = ctx?;
    let mut ledger = ledger?;
    let options = Options {
        out: args.out.clone(),
        format,
        send: args.send.clone().map(|url| send::Config {
            url,
            connect_timeout: args.connect_timeout,
            read_timeout: args.read_timeout,
            request_timeout: args.request_timeout,
            retries: args.retries,
            backoff_base: args.backoff,
            backoff_cap: Duration::from_secs(30),
        }),
        send_jobs: usize::from(args.send_jobs),
        circuit: std::sync::Arc::new(send::Circuit::new(
            args.max_failures,
            args.deadline.map(|d| started + d),
        )),
        force: args.force,
        reason_words: report::words::reason,
    };
    let workers = pool(args.check.jobs)?;
    let report_options = report::Options {
        lang,
        colour: colour_wanted(None),
        quiet: args.quiet,
        verbose: false,
    };
    let mut db = match &args.db {
        Some(conninfo) => {
            let shapes = import::record_shapes(&ctx);
            let layout = crate::records::csv::Layout::new(&shapes);
            Some(Database::open(conninfo, &args.db_schema, &layout).map_err(ImportError::Database)?)
        }
        None => None,
    };
    let mut all_done = true;
    // An archive another process is importing (another machine, with a
    // shared ledger) is left for later: each process takes the archives
    // nobody holds, then comes back to those it left, waiting for them.
    let mut queue: std::collections::VecDeque<(&String, bool)> =
        args.archives.iter().map(|path| (path, false)).collect();
    while let Some((path, wait)) = queue.pop_front() {
        let bar = progress(0, !args.quiet);
        let tick = |event: Progress| match event {
            Progress::Waiting => bar.suspend(|| eprintln!("{}", render::waiting(path, lang))),
            other => advance(&bar, other),
        };
        let imported = workers.install(|| {
            import::import_archive(path, &ctx, &options, &mut ledger, db.as_mut(), wait, &tick)
        })?;
        bar.finish_and_clear();
        let Some(result) = imported else {
            // Queued after every archive of the first pass.
            queue.push_back((path, true));
            continue;
        };
        all_done &= match &result.status {
            Status::AlreadyDone(_) => true,
            Status::Rejected => false,
            Status::Accepted(delivery) => delivery.refused.is_empty() && delivery.failed.is_empty(),
        };
        emit(&render::archive(&result, &report_options), None)?;
    }
    Ok(if all_done { EXIT_OK } else { EXIT_KO })
}

fn advance(bar: &ProgressBar, event: Progress) {
    match event {
        Progress::Verifying(total) | Progress::Sending(total) => {
            bar.set_position(0);
            bar.set_length(total as u64);
        }
        Progress::Verified | Progress::Sent => bar.inc(1),
        Progress::Waiting => {}
    }
}

fn status(args: &ImportArgs, location: &Location, lang: Lang) -> Result<u8, Fatal> {
    if !args.archives.is_empty() {
        return Err(ImportError::ArchivesWithStato.into());
    }
    let json = match args.format {
        None | Some(ImportFormatArg::Report(ListFormat::Text)) => false,
        Some(ImportFormatArg::Report(ListFormat::Json)) => true,
        Some(ImportFormatArg::Records(_)) => {
            return Err(ImportError::RecordsFormatForTable.into());
        }
    };
    let mut ledger = Ledger::open_existing(location)?;
    let filter = Filter {
        state: args.filtro_stato.map(|s| match s {
            StateArg::DaElaborare => ArchiveState::DaElaborare,
            StateArg::Successo => ArchiveState::Successo,
            StateArg::Errori => ArchiveState::Errori,
        }),
        from: args.dal.clone(),
        to: args.al.clone(),
    };
    let archives = ledger.archives(&filter)?;
    let text = match &args.dettaglio {
        Some(wanted) => {
            let Some(archive) = archives
                .iter()
                .find(|a| &a.name == wanted || a.sha256.starts_with(wanted.as_str()))
            else {
                return Err(ImportError::UnknownArchive(wanted.clone()).into());
            };
            let files = ledger.files(archive.id)?;
            if json {
                render::detail_json(archive, &files)
            } else {
                render::detail(archive, &files, lang)
            }
        }
        None if json => render::table_json(&archives),
        None => render::table(&archives, lang),
    };
    emit(&text, None)?;
    Ok(EXIT_OK)
}
