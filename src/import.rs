//! IMPORTA done on the user's side (seed 002, dominio.md §2 and §5): an
//! archive is verified; if any file is KO nothing is written or sent and
//! the archive is "Elaborato con errori"; otherwise its records are written
//! and, if asked, each communication is transmitted to a node, with every
//! step recorded in the ledger so that a crash resumes where it stopped.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::checks::Context;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::declare_rules;
use crate::engine::{self, Keep, Outcome};
use crate::hash;
use crate::input::Input;
use crate::ledger::{
    ArchiveRow, ArchiveState, Counts, Esito, FileState, Ledger, LedgerError, NewFile, Reason,
};
use crate::module::Module;
use crate::records::csv::Layout;
use crate::records::output::{self, Fragment, Output, RecordFormat, RecordWriter};
use crate::records::postgres::{
    Database, DbError, DbProblem, DocumentRows, EncodedDocument, Encoder, Loaded,
};
use crate::records::{self, Record, Shape};
use crate::send;

declare_rules! {
    /// A Messaggio in an archive to import.
    ///
    /// The portal's bulk upload takes CVs (Candidatura) and vacancies
    /// (Vacancy); contact messages are exchanged between nodes one by one,
    /// never uploaded in bulk (seed 002, "Pubblica più CV e Vacancies").
    /// Like any KO file, it makes the whole archive rejected.
    ///
    /// Fix: remove the message from the archive (`clic verify` still checks it).
    MESSAGGIO_NON_IMPORTABILE {
        code: "CL0801",
        name: "messaggio-non-importabile",
        severity: Error,
        summary: ("Messaggio in un archivio da importare", "Message in an archive to import"),
        message: ("I messaggi non si importano con il caricamento massivo: solo candidature e vacancy.", "Messages are not imported by bulk upload: only CVs and vacancies."),
        spiegazione: "Il caricamento massivo del portale accetta candidature (Candidatura) e ricerche di personale (Vacancy); i messaggi di contatto si scambiano tra nodi uno per volta, mai con il caricamento massivo (Pubblica più CV e Vacancies). Come ogni file KO, fa rifiutare l'intero archivio.\n\nCome correggere: togliere il messaggio dall'archivio (clic verify continua a verificarlo).",
    }
}

/// What `clic import` was asked to do besides verifying.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: Option<PathBuf>,
    pub format: RecordFormat,
    pub send: Option<send::Config>,
    pub send_jobs: usize,
    /// When sending stops on its own, shared by the run's archives.
    pub circuit: std::sync::Arc<send::Circuit>,
    pub force: bool,
    /// The words of a typed reason in a diagnostic's argument: the
    /// ledger keeps such an argument in both languages (it has no stable
    /// key of its own), the rest as codes and plain values.
    pub reason_words: fn(&crate::diagnostic::Reason, crate::i18n::Lang) -> String,
}

/// How one archive ended.
#[derive(Debug)]
pub enum Status {
    /// Already "Elaborato con successo": nothing done.
    AlreadyDone(ArchiveRow),
    /// Some file KO: nothing written or sent.
    Rejected,
    /// Every file OK: records written, communications sent as asked.
    Accepted(Delivery),
}

/// Where the records went and how the transmission ended.
#[derive(Debug, Default)]
pub struct Delivery {
    pub records: usize,
    pub written: Vec<PathBuf>,
    /// Delivered now or in an earlier run.
    pub sent: usize,
    /// Each file the node refused, with its answer.
    pub refused: Vec<(String, Option<Esito>)>,
    /// Each file not delivered, with why.
    pub failed: Vec<(String, Option<Esito>)>,
    /// What became of the records in the database (`--db`).
    pub database: Option<Loaded>,
    /// Why sending stopped before every file was tried (the files not
    /// tried stay *da elaborare*, those cut short *invio fallito*: the
    /// same command resumes both).
    pub stopped: Option<send::Stop>,
}

#[derive(Debug)]
pub struct ArchiveImport {
    pub path: String,
    pub sha256: String,
    /// The verification, as `verify` reports it.
    pub outcome: Outcome,
    pub status: Status,
    pub state: ArchiveState,
}

/// Why an import could not run (exit code 2).
#[derive(Debug)]
pub enum ImportError {
    NotAnArchive(String),
    /// `--format` of the processing-control table (text, json...) without
    /// `--stato`: records are jsonl or csv.
    TableFormatForRecords(String),
    /// Archives given with `--stato`.
    ArchivesWithStato,
    /// `--stato` with a records format (jsonl, csv).
    RecordsFormatForTable,
    /// `--dettaglio` names no archive of the ledger.
    UnknownArchive(String),
    Read {
        path: String,
        reason: String,
    },
    Ledger(LedgerError),
    Write {
        path: PathBuf,
        reason: String,
    },
    /// The records could not go into the database (`--db`).
    Database(DbError),
}

impl From<DbError> for ImportError {
    fn from(e: DbError) -> Self {
        ImportError::Database(e)
    }
}

impl From<LedgerError> for ImportError {
    fn from(e: LedgerError) -> Self {
        ImportError::Ledger(e)
    }
}

/// An accepted communication, as the workers hand it over: what the
/// ledger and the transmission need. Its record has already gone to the
/// writer; its text is read again from the archive when it is sent.
struct Accepted {
    entry: usize,
    name: String,
    module: Module,
    sha256: String,
}

/// Imports one archive. Only one process at a time imports an archive
/// into a ledger: with `wait`, another one waits (`Progress::Waiting`)
/// and then finds the archive as the first left it; without, it returns
/// `None` at once (the caller takes another archive and comes back).
/// Fails if the ledger was replaced during the import, since what it
/// recorded would be lost.
pub fn import_archive(
    path: &str,
    ctx: &Context,
    options: &Options,
    ledger: &mut Ledger,
    db: Option<&mut Database>,
    wait: bool,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Option<ArchiveImport>, ImportError> {
    let read_error = |reason: std::io::Error| ImportError::Read {
        path: path.to_string(),
        reason: reason.to_string(),
    };
    // A pipe is read once, into memory; a regular file where it is: its
    // folder of entries is read while the file is hashed (before the lock,
    // but only read: an archive found already imported is not verified).
    let stream = crate::input::read_stream(path, &ctx.limits).map_err(read_error)?;
    let (sha256, source) = match stream {
        Some(bytes) => (hash::sha256_hex(&bytes), Source::Stream(bytes)),
        None => {
            let (sha256, opened) = std::thread::scope(|scope| {
                let hashing = scope.spawn(|| hash::file_sha256(Path::new(path)));
                let opened = Input::open(path, &ctx.limits);
                let sha256 = hashing
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("panic")));
                (sha256, opened)
            });
            (sha256.map_err(read_error)?, Source::Opened(opened))
        }
    };
    let _only_us = if wait {
        ledger.lock_archive(&sha256, || progress(Progress::Waiting))?
    } else {
        match ledger.try_lock_archive(&sha256)? {
            Some(lock) => lock,
            None => return Ok(None),
        }
    };
    let result = import_locked(path, source, sha256, ctx, options, ledger, db, progress)?;
    ledger.check_unchanged()?;
    Ok(Some(result))
}

/// The archive to import: read from a pipe, or opened where it is.
enum Source {
    Stream(Vec<u8>),
    Opened(Result<Input, crate::input::OpenError>),
}

#[allow(clippy::too_many_arguments)]
fn import_locked(
    path: &str,
    source: Source,
    sha256: String,
    ctx: &Context,
    options: &Options,
    ledger: &mut Ledger,
    mut db: Option<&mut Database>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ArchiveImport, ImportError> {
    if let Some(row) = ledger.archive(&sha256)?
        && row.state == ArchiveState::Successo
        && !options.force
    {
        return Ok(ArchiveImport {
            path: path.to_string(),
            sha256,
            outcome: Outcome::default(),
            state: row.state,
            status: Status::AlreadyDone(row),
        });
    }
    let input = match source {
        Source::Stream(bytes) => Input::from_bytes(path, bytes, &ctx.limits),
        Source::Opened(opened) => opened.map_err(|e| ImportError::Read {
            path: e.path,
            reason: e.reason.to_string(),
        })?,
    };
    if !input.is_archive() {
        return Err(ImportError::NotAnArchive(path.to_string()));
    }
    progress(Progress::Verifying(input.entries.len()));
    let archive_name = display_name(path);
    let shapes = record_shapes(ctx);
    let target = options.out.as_ref().map(|dir| output::target(dir, path, &sha256));
    let output = target.as_ref().map(|_| Output::new(options.format, &shapes));
    let writer = match (&target, &output) {
        (Some(target), Some(output)) => {
            Some(RecordWriter::create(target, output).map_err(|e| write_error(target, e))?)
        }
        _ => None,
    };
    // The database's rows: the CSV tables', typed and encoded for COPY by
    // the workers, kept per document until the checks pass.
    let db_layout = db.is_some().then(|| Layout::new(&shapes));
    let db_encoder = db_layout.as_ref().map(|layout| Encoder::new(layout, &sha256));
    type Encoded = Result<EncodedDocument, DbProblem>;
    let db_rows: Mutex<Vec<(usize, Encoded)>> = Mutex::new(Vec::new());
    // Workers hand records to the writer in archive order: whoever brings
    // the next one writes it (and any that arrived early), so memory holds
    // only the few records that finish out of order.
    let ordered = Mutex::new(Ordered::new(writer));
    // Set once the archive is sure to be rejected (its writer is then
    // dropped): from then on records are no longer serialized.
    let rejected = AtomicBool::new(input.diagnostics.iter().any(Diagnostic::is_error));
    let (mut outcome, accepted) = engine::run_keeping(
        std::slice::from_ref(&input),
        ctx,
        Keep {
            bytes: false,
            sha256: true,
        },
        |checked| {
            if rejects(checked.result) {
                rejected.store(true, Ordering::Relaxed);
            }
            let live = !rejected.load(Ordering::Relaxed);
            let output = output.as_ref().filter(|_| live);
            let (accepted, fragment) = accept(&checked, ctx, &archive_name, output, &shapes);
            if let (Some(layout), Some(encoder), true, Some(_)) = (&db_layout, &db_encoder, live, &accepted)
                && let Some(rows) = database_rows(&checked, ctx, &archive_name, layout, &shapes)
            {
                let encoded = encoder.encode(&rows);
                db_rows
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push((checked.index, encoded));
            }
            ordered
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .put(checked.index, fragment);
            accepted
        },
        &|| progress(Progress::Verified),
    );
    let written = ordered.into_inner().unwrap_or_else(|p| p.into_inner()).finish();
    reject_messages(&mut outcome);
    let name = archive_name;
    let ok = outcome.all_ok();
    let summary = outcome.summary();
    let mut counts = Counts {
        files: summary.files as u64,
        ok: summary.ok as u64,
        ko: summary.ko as u64,
        ..Counts::default()
    };
    let writer = written.map_err(|e| write_error(target.as_deref().unwrap_or(Path::new(".")), e))?;
    if !ok {
        // Dropping the writer removes its temporary folder: nothing is written.
        drop(writer);
        let id = ledger.put_archive(&sha256, &name, ArchiveState::Errori, counts, None)?;
        ledger.put_files(id, &rejected_files(&outcome, options.reason_words), true)?;
        return Ok(ArchiveImport {
            path: path.to_string(),
            sha256,
            outcome,
            status: Status::Rejected,
            state: ArchiveState::Errori,
        });
    }
    let accepted: Vec<Accepted> = accepted.into_iter().flatten().collect();
    let mut delivery = Delivery {
        records: accepted.len(),
        ..Delivery::default()
    };
    let mut documents = db_rows.into_inner().unwrap_or_else(|p| p.into_inner());
    documents.sort_unstable_by_key(|(index, _)| *index);
    let documents: Vec<Encoded> = documents.into_iter().map(|(_, rows)| rows).collect();
    let mut loaded = None;
    let Some(config) = &options.send else {
        let files = accepted_files(&accepted, None, FileState::DaElaborare);
        let db = db.as_deref_mut();
        let (sha, archive) = (&sha256, &name);
        let loaded_now = &mut loaded;
        delivery.written = record_imported(ledger, &sha256, &name, counts, &files, move || {
            let written = commit(writer, target.as_deref())?;
            if let Some(db) = db {
                *loaded_now = Some(db.load(sha, archive, &documents)?);
            }
            Ok(written)
        })?;
        delivery.database = loaded;
        return Ok(ArchiveImport {
            path: path.to_string(),
            sha256,
            outcome,
            status: Status::Accepted(delivery),
            state: ArchiveState::Successo,
        });
    };
    delivery.written = commit(writer, target.as_deref())?;
    if let Some(db) = db {
        delivery.database = Some(db.load(&sha256, &name, &documents)?);
    }
    let id = ledger.put_archive(
        &sha256,
        &name,
        ArchiveState::DaElaborare,
        counts,
        Some(&config.url),
    )?;
    let files = accepted_files(&accepted, Some(&config.url), FileState::DaElaborare);
    ledger.put_files(id, &files, options.force)?;
    transmit(
        id,
        &input,
        &ctx.limits,
        &accepted,
        config,
        options,
        ledger,
        progress,
    )?;
    delivery.stopped = options.circuit.stopped();
    let state = tally(ledger.files(id)?, &mut delivery, &mut counts);
    ledger.put_archive(&sha256, &name, state, counts, Some(&config.url))?;
    Ok(ArchiveImport {
        path: path.to_string(),
        sha256,
        outcome,
        status: Status::Accepted(delivery),
        state,
    })
}

/// The import of an archive without transmission: while `commit`
/// flushes the records to disk, one ledger transaction writes the archive
/// *Elaborato con successo* and its files *importato*; it is committed
/// only once the records are durable, so a failed write or a crash never
/// leaves a state that claims records which are not there. After a failed
/// write the archive and its files are left *da elaborare*.
fn record_imported(
    ledger: &mut Ledger,
    sha256: &str,
    name: &str,
    counts: Counts,
    files: &[NewFile],
    commit: impl FnOnce() -> Result<Vec<PathBuf>, ImportError> + Send,
) -> Result<Vec<PathBuf>, ImportError> {
    let (committed, recorded) = std::thread::scope(|scope| {
        let committing = scope.spawn(commit);
        let recorded = ledger.put_imported(sha256, name, counts, files);
        let committed = committing
            .join()
            .unwrap_or_else(|_| Err(write_error(Path::new("."), std::io::Error::other("panic"))));
        (committed, recorded)
    });
    match committed {
        Ok(written) => {
            recorded?.commit()?;
            Ok(written)
        }
        Err(e) => {
            // Rolled back: nothing claims the records. What the ledger then
            // says is only that the archive is still to be done; the write
            // error is what is reported, even if saying it fails.
            drop(recorded);
            let _ = ledger
                .put_archive(sha256, name, ArchiveState::DaElaborare, counts, None)
                .and_then(|id| ledger.put_files(id, files, true));
            Err(e)
        }
    }
}

/// Progress of an import, for the progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Another process is importing this archive into the same ledger:
    /// this one waits for it to finish.
    Waiting,
    Verifying(usize),
    Verified,
    Sending(usize),
    Sent,
}

/// Whether a file makes its archive rejected: a KO file, or a Messaggio
/// (which `reject_messages` turns into one).
fn rejects(file: &engine::FileResult) -> bool {
    !file.is_ok() || file.module == Some(Module::Messaggio)
}

/// An OK Candidatura or Vacancy: what the ledger needs, and its record
/// serialized for the writer (in the worker that checked it) when `output`
/// is given.
fn accept(
    checked: &engine::Checked<'_>,
    ctx: &Context,
    archive: &str,
    output: Option<&Output>,
    shapes: &[(Module, Shape)],
) -> (Option<Accepted>, Option<Fragment>) {
    let (Some(parsed), Some(sha256), Some(module)) = (checked.parsed, checked.sha256, checked.result.module)
    else {
        return (None, None);
    };
    if rejects(checked.result) {
        return (None, None);
    }
    let shape = shapes.iter().find(|(m, _)| *m == module).map(|(_, s)| s);
    let fragment = output.zip(shape).map(|(output, shape)| {
        let tables = &ctx.rules.tables;
        let head = records::Head {
            archive,
            entry: &checked.result.name,
            sha256,
        };
        match output {
            Output::Jsonl => Fragment::Line(records::json_line(parsed, module, shape, tables, &head)),
            Output::Csv(layout) => {
                let record = Record {
                    module,
                    head,
                    content: records::extract(parsed, module, shape, tables),
                };
                Fragment::Rows(layout.rows(shape, &record))
            }
        }
    });
    let accepted = Accepted {
        entry: checked.entry,
        name: checked.result.name.clone(),
        module,
        sha256: sha256.to_string(),
    };
    (Some(accepted), fragment)
}

/// An accepted document's rows for the database: its CSV tables' rows.
fn database_rows(
    checked: &engine::Checked<'_>,
    ctx: &Context,
    archive: &str,
    layout: &Layout,
    shapes: &[(Module, Shape)],
) -> Option<DocumentRows> {
    let (parsed, sha256, module) = (checked.parsed?, checked.sha256?, checked.result.module?);
    let shape = shapes.iter().find(|(m, _)| *m == module).map(|(_, s)| s)?;
    let record = Record {
        module,
        head: records::Head {
            archive,
            entry: &checked.result.name,
            sha256,
        },
        content: records::extract(parsed, module, shape, &ctx.rules.tables),
    };
    Some(layout.rows(shape, &record))
}

/// The shapes of the records an import writes (Candidatura and Vacancy).
pub fn record_shapes(ctx: &Context) -> Vec<(Module, Shape)> {
    [Module::Candidatura, Module::Vacancy]
        .into_iter()
        .filter_map(|module| Some((module, Shape::of(module, ctx.compiled.get(module))?)))
        .collect()
}

/// The record writer, fed in the run's order although records arrive in
/// completion order. After a write error it only counts, so the run ends
/// normally and the error is reported once.
struct Ordered {
    writer: Option<RecordWriter>,
    pending: std::collections::BTreeMap<usize, Option<Fragment>>,
    next: usize,
    failure: Option<std::io::Error>,
}

impl Ordered {
    fn new(writer: Option<RecordWriter>) -> Ordered {
        Ordered {
            writer,
            pending: std::collections::BTreeMap::new(),
            next: 0,
            failure: None,
        }
    }

    fn put(&mut self, index: usize, fragment: Option<Fragment>) {
        if index < self.next {
            return;
        }
        if index > self.next {
            self.pending.insert(index, fragment);
            return;
        }
        self.write(fragment);
        self.next += 1;
        while let Some(fragment) = self.pending.remove(&self.next) {
            self.write(fragment);
            self.next += 1;
        }
    }

    fn write(&mut self, fragment: Option<Fragment>) {
        if let (Some(writer), Some(fragment), None) = (self.writer.as_mut(), fragment, self.failure.as_ref())
            && let Err(e) = writer.write(fragment)
        {
            self.failure = Some(e);
        }
    }

    fn finish(self) -> std::io::Result<Option<RecordWriter>> {
        match self.failure {
            Some(e) => Err(e),
            None => Ok(self.writer),
        }
    }
}

/// Puts the records in place (when `--out` was given).
fn commit(writer: Option<RecordWriter>, target: Option<&Path>) -> Result<Vec<PathBuf>, ImportError> {
    match (writer, target) {
        (Some(writer), Some(target)) => writer.commit().map_err(|e| write_error(target, e)),
        _ => Ok(Vec::new()),
    }
}

fn write_error(path: &Path, e: std::io::Error) -> ImportError {
    ImportError::Write {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Messages are not bulk-imported: each one is a KO file.
fn reject_messages(outcome: &mut Outcome) {
    for file in &mut outcome.files {
        if file.module == Some(Module::Messaggio) {
            file.diagnostics.push(Diagnostic::new(&MESSAGGIO_NON_IMPORTABILE));
        }
    }
    let files = &outcome.files;
    for input in &mut outcome.inputs {
        input.ok = input.ok && files[input.files.clone()].iter().all(|f| f.is_ok());
    }
}

fn rejected_files(outcome: &Outcome, words: ReasonWords) -> Vec<NewFile> {
    outcome
        .files
        .iter()
        .map(|file| {
            let first_error = file.diagnostics.iter().find(|d| d.is_error());
            NewFile {
                name: file.name.clone(),
                sha256: None,
                module: file.module.map(|m| m.key().to_string()),
                state: if first_error.is_some() {
                    FileState::Errato
                } else {
                    FileState::Scartato
                },
                reason: first_error.map(|d| reason(d, words)),
                key: None,
            }
        })
        .collect()
}

type ReasonWords = fn(&crate::diagnostic::Reason, crate::i18n::Lang) -> String;

/// A diagnostic as the ledger keeps it: its code and its arguments.
fn reason(diagnostic: &Diagnostic, words: ReasonWords) -> Reason {
    use crate::diagnostic::Arg;
    use crate::i18n::Lang;
    Reason::Code {
        code: diagnostic.rule.code.to_string(),
        args: diagnostic
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Plain(text) => serde_json::Value::from(text.as_str()),
                    Arg::Reason(why) => {
                        serde_json::json!({ "it": words(why, Lang::It), "en": words(why, Lang::En) })
                    }
                };
                (name.to_string(), value)
            })
            .collect(),
    }
}

fn accepted_files(accepted: &[Accepted], url: Option<&str>, state: FileState) -> Vec<NewFile> {
    accepted
        .iter()
        .map(|a| NewFile {
            name: a.name.clone(),
            sha256: Some(a.sha256.clone()),
            module: Some(a.module.key().to_string()),
            state,
            reason: None,
            key: url.map(|u| send::idempotency_key(u, &a.sha256)),
        })
        .collect()
}

/// Sends what the ledger says is not delivered yet, `send_jobs` at a time.
/// Each file is marked "in invio" (durably) before its request and
/// "inviato" / "rifiutato" / "invio fallito" after it.
#[allow(clippy::too_many_arguments)]
fn transmit(
    archive: i64,
    input: &Input,
    limits: &crate::input::limits::Limits,
    accepted: &[Accepted],
    config: &send::Config,
    options: &Options,
    ledger: &mut Ledger,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(), ImportError> {
    let by_name: std::collections::HashMap<&str, &Accepted> =
        accepted.iter().map(|a| (a.name.as_str(), a)).collect();
    let pending: Vec<(i64, String, &Accepted)> = ledger
        .files(archive)?
        .into_iter()
        .filter(|f| {
            matches!(
                f.state,
                FileState::DaElaborare | FileState::InInvio | FileState::InvioFallito
            )
        })
        .filter_map(|f| {
            let document = by_name.get(f.name.as_str())?;
            Some((f.id, f.key.unwrap_or_default(), *document))
        })
        .collect();
    progress(Progress::Sending(pending.len()));
    let sender = send::Sender::new(config.clone());
    let circuit = &*options.circuit;
    let next = AtomicUsize::new(0);
    let first_error: Mutex<Option<ImportError>> = Mutex::new(None);
    let workers = options.send_jobs.clamp(1, pending.len().max(1));
    // Each worker writes through its own connection to the same file.
    let worker_ledgers = (0..workers)
        .map(|_| ledger.reopen())
        .collect::<Result<Vec<_>, _>>()?;
    std::thread::scope(|scope| {
        let (next, pending, sender, first_error) = (&next, &pending, &sender, &first_error);
        for mut worker_ledger in worker_ledgers {
            scope.spawn(move || {
                // A document is taken only while sending goes on: once the
                // circuit opens, the rest stay as the ledger has them.
                while circuit.stopped().is_none() {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((id, key, document)) = pending.get(i) else {
                        break;
                    };
                    if let Err(e) = send_one(
                        &mut worker_ledger,
                        sender,
                        circuit,
                        input,
                        limits,
                        *id,
                        key,
                        document,
                    ) {
                        first_error
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .get_or_insert(e.into());
                        break;
                    }
                    progress(Progress::Sent);
                }
            });
        }
    });
    match first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[allow(clippy::too_many_arguments)]
fn send_one(
    ledger: &mut Ledger,
    sender: &send::Sender,
    circuit: &send::Circuit,
    input: &Input,
    limits: &crate::input::limits::Limits,
    id: i64,
    key: &str,
    document: &Accepted,
) -> Result<(), LedgerError> {
    ledger.set_file(id, FileState::InInvio, None, 0)?;
    let (state, esito, attempts) = match document_text(input, limits, document) {
        Err(reason) => (FileState::InvioFallito, failure(reason, Vec::new()), 0),
        Ok(text) => match sender.send(document.module, &text, key, circuit) {
            (send::Outcome::Delivered(answer), n) => (FileState::Inviato, Esito::Node(answer), n),
            (send::Outcome::Refused(answer), n) => (FileState::Rifiutato, Esito::Node(answer), n),
            (send::Outcome::Failed(why), n) => (FileState::InvioFallito, not_delivered(&why, n), n),
        },
    };
    ledger.set_file(id, state, Some(&esito), attempts)
}

fn failure(key: &str, args: Vec<(&str, String)>) -> Esito {
    Esito::Failure {
        key: key.to_string(),
        args: args.into_iter().map(|(n, v)| (n.to_string(), v)).collect(),
    }
}

/// A transmission failure as the ledger keeps it: a stable key, its
/// arguments and the HTTP requests made (`report/import.rs` words it).
fn not_delivered(why: &send::Failure, attempts: u32) -> Esito {
    use send::Failure;
    let (key, mut args) = match why {
        Failure::Connection { error, seconds } => (
            "connessione",
            vec![("errore", error.clone()), ("secondi", seconds.clone())],
        ),
        Failure::Interrupted(error) => ("risposta_interrotta", vec![("errore", error.clone())]),
        Failure::Status(status) => ("http", vec![("stato", status.to_string())]),
        Failure::ServerFault(fault) => ("soap_server", vec![("fault", fault.clone())]),
        Failure::OkWithErrorStatus(status) => ("ok_con_stato_di_errore", vec![("stato", status.to_string())]),
        Failure::Unreadable { status, start } => (
            "risposta_non_riconosciuta",
            vec![("stato", status.to_string()), ("inizio", start.clone())],
        ),
    };
    args.push(("tentativi", attempts.to_string()));
    failure(key, args)
}

/// The document as sent: its decoded text, read again from the archive;
/// or the key of why it could not be.
fn document_text(
    input: &Input,
    limits: &crate::input::limits::Limits,
    document: &Accepted,
) -> Result<String, &'static str> {
    let entry = input.entries.get(document.entry).ok_or("voce_non_trovata")?;
    let bytes = input.read(entry, limits).map_err(|_| "rilettura_non_riuscita")?;
    if hash::sha256_hex(&bytes) != document.sha256 {
        return Err("archivio_cambiato");
    }
    crate::input::encoding::decode(bytes)
        .map(|decoded| decoded.text)
        .map_err(|_| "decodifica_non_riuscita")
}

/// The archive's state from its files' states, and the delivery counts.
fn tally(files: Vec<crate::ledger::FileRow>, delivery: &mut Delivery, counts: &mut Counts) -> ArchiveState {
    for file in files {
        let detail = file.outcome;
        match file.state {
            FileState::Inviato => delivery.sent += 1,
            FileState::Rifiutato => delivery.refused.push((file.name, detail)),
            _ => delivery.failed.push((file.name, detail)),
        }
    }
    counts.sent = delivery.sent as u64;
    counts.refused = delivery.refused.len() as u64;
    counts.failed = delivery.failed.len() as u64;
    if !delivery.refused.is_empty() {
        ArchiveState::Errori
    } else if delivery.failed.is_empty() {
        ArchiveState::Successo
    } else {
        ArchiveState::DaElaborare
    }
}

fn display_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(name: &str) -> (Ledger, PathBuf) {
        let dir = std::env::temp_dir().join(format!("clic-import-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let location = crate::ledger::Location::File(dir.join("registro.sqlite"));
        (Ledger::open(&location).unwrap(), dir)
    }

    fn files() -> Vec<NewFile> {
        ["a.xml", "b.xml"]
            .iter()
            .map(|name| NewFile {
                name: name.to_string(),
                sha256: Some("0".repeat(64)),
                module: Some("candidatura".into()),
                state: FileState::DaElaborare,
                reason: None,
                key: None,
            })
            .collect()
    }

    #[test]
    fn a_failed_write_of_the_records_leaves_no_state_that_claims_them() {
        let (mut ledger, dir) = ledger("failed-write");
        let counts = Counts {
            files: 2,
            ok: 2,
            ..Counts::default()
        };
        let failed = record_imported(&mut ledger, "abc", "lotto.zip", counts, &files(), || {
            Err(write_error(
                Path::new("out/lotto"),
                std::io::Error::from(std::io::ErrorKind::StorageFull),
            ))
        });
        assert!(matches!(failed, Err(ImportError::Write { .. })));
        let archive = ledger.archive("abc").unwrap().unwrap();
        assert_eq!(archive.state, ArchiveState::DaElaborare, "not a success");
        let states: Vec<FileState> = ledger
            .files(archive.id)
            .unwrap()
            .iter()
            .map(|f| f.state)
            .collect();
        assert_eq!(
            states,
            [FileState::DaElaborare; 2],
            "no file claims to be imported"
        );

        // Once the records are written, both claims are made.
        let written = record_imported(&mut ledger, "abc", "lotto.zip", counts, &files(), || {
            Ok(vec![PathBuf::from("out/lotto/records.jsonl")])
        })
        .unwrap();
        assert_eq!(written.len(), 1);
        let archive = ledger.archive("abc").unwrap().unwrap();
        assert_eq!(archive.state, ArchiveState::Successo);
        let states: Vec<FileState> = ledger
            .files(archive.id)
            .unwrap()
            .iter()
            .map(|f| f.state)
            .collect();
        assert_eq!(states, [FileState::Importato; 2]);
        let _ = std::fs::remove_dir_all(dir);
    }
}
