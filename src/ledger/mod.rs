//! The import ledger ("Controllo elaborazione"): every archive with its
//! state, every file with its state, reason and transmission outcome.
//!
//! One interface ([`Ledger`]) over two stores ([`Backend`]): a SQLite file
//! on one machine (`sqlite.rs`, the default) or a PostgreSQL database
//! shared by several machines (`postgres.rs`, `--ledger CONNINFO`). What
//! the states mean and when they change is decided once, in `import.rs`;
//! a store only keeps rows durably (each change committed before the call
//! returns) and lets one process at a time work on an archive.
//!
//! It stores stable keys only (states, diagnostic codes and their
//! arguments): `report/import.rs` puts them into words. A value it does
//! not know is an error, never a default: a wrong default could send
//! delivered files again.

mod postgres;
mod sqlite;

use std::path::PathBuf;

pub use sqlite::APPLICATION_ID;

/// The state of an archive, as the portal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveState {
    DaElaborare,
    Successo,
    Errori,
}

impl ArchiveState {
    pub const ALL: [ArchiveState; 3] = [
        ArchiveState::DaElaborare,
        ArchiveState::Successo,
        ArchiveState::Errori,
    ];

    /// The stable key stored in the ledger.
    pub fn key(self) -> &'static str {
        match self {
            ArchiveState::DaElaborare => "da_elaborare",
            ArchiveState::Successo => "successo",
            ArchiveState::Errori => "errori",
        }
    }

    pub fn from_key(key: &str) -> Option<ArchiveState> {
        ArchiveState::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The state of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Accepted, waiting to be written or sent.
    DaElaborare,
    /// Written to the normalized records (no transmission asked).
    Importato,
    /// KO: the reason is recorded.
    Errato,
    /// OK, but its archive was rejected because of other files.
    Scartato,
    /// A request is (or was, at a crash) in flight.
    InInvio,
    /// The node answered OK.
    Inviato,
    /// The node answered KO: a permanent refusal.
    Rifiutato,
    /// Not delivered after the retries (or a permanent transport error).
    InvioFallito,
}

impl FileState {
    pub const ALL: [FileState; 8] = [
        FileState::DaElaborare,
        FileState::Importato,
        FileState::Errato,
        FileState::Scartato,
        FileState::InInvio,
        FileState::Inviato,
        FileState::Rifiutato,
        FileState::InvioFallito,
    ];

    /// The stable key stored in the ledger.
    pub fn key(self) -> &'static str {
        match self {
            FileState::DaElaborare => "da_elaborare",
            FileState::Importato => "importato",
            FileState::Errato => "errato",
            FileState::Scartato => "scartato",
            FileState::InInvio => "in_invio",
            FileState::Inviato => "inviato",
            FileState::Rifiutato => "rifiutato",
            FileState::InvioFallito => "invio_fallito",
        }
    }

    pub fn from_key(key: &str) -> Option<FileState> {
        FileState::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Why a file is KO: a diagnostic code and the arguments of its message
/// (each a JSON string, or another JSON value for arguments in words), or,
/// in a ledger migrated from the first format, the text it stored then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    Code {
        code: String,
        args: Vec<(String, serde_json::Value)>,
    },
    Text(String),
}

/// What became of a file's transmission: the node's own words (its
/// answer or its fault), or why clic could not deliver it, as a stable key
/// and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Esito {
    Node(String),
    Failure {
        key: String,
        args: Vec<(String, String)>,
    },
}

/// Counts kept on an archive row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub files: u64,
    pub ok: u64,
    pub ko: u64,
    pub sent: u64,
    pub refused: u64,
    pub failed: u64,
}

/// One archive row, for the processing-control table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveRow {
    pub id: i64,
    pub sha256: String,
    pub name: String,
    pub imported: String,
    pub updated: String,
    pub state: ArchiveState,
    pub counts: Counts,
    pub destination: Option<String>,
}

/// One file row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub id: i64,
    pub name: String,
    pub sha256: Option<String>,
    pub module: Option<String>,
    pub state: FileState,
    pub reason: Option<Reason>,
    pub key: Option<String>,
    pub outcome: Option<Esito>,
    /// HTTP requests made for this file, over all runs.
    pub attempts: i64,
    pub updated: String,
}

#[derive(Debug)]
pub struct LedgerError {
    pub path: PathBuf,
    pub problem: Problem,
}

/// What is wrong with a ledger.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// SQLite's or the system's own words.
    Database(String),
    /// `--stato` on a path where there is no ledger.
    Missing,
    /// The file was deleted or replaced while this run used it.
    Replaced,
    /// A state this version does not know (edited by hand, or newer).
    UnknownState { table: &'static str, value: String },
    /// Written by a newer version of clic.
    Newer { version: i64 },
    /// The file exists but is not a clic ledger: nothing is adopted,
    /// since a ledger taken as new would send everything again.
    NotALedger(NotALedger),
}

/// Why an existing file is not taken as a ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotALedger {
    /// 0 bytes: a truncated ledger (a new one is never left empty).
    Empty,
    /// A SQLite database of another program (no clic marker, no clic tables).
    Foreign,
}

/// Where the ledger is: a SQLite file, or a PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(String),
}

impl Location {
    /// `--ledger`'s value: a conninfo (`postgresql://…`, `host=… dbname=…`)
    /// names a database, anything else a file.
    pub fn from_arg(arg: &std::ffi::OsStr) -> Location {
        match arg.to_str() {
            Some(text) if crate::pg::is_conninfo(text) => Location::Postgres(text.to_string()),
            _ => Location::File(PathBuf::from(arg)),
        }
    }

    /// The default ledger: `registro.sqlite` in the user's data directory.
    pub fn default_file() -> Location {
        Location::File(crate::fsutil::data_dir().join("registro.sqlite"))
    }
}

/// What a ledger store does; [`Ledger`] is the one interface the import
/// uses, whichever store is behind it.
trait Backend: Send {
    /// Another connection to the same ledger, for another thread.
    fn reopen(&self) -> Result<Box<dyn Backend>, LedgerError>;
    /// Fails if the ledger was deleted or replaced since it was opened.
    fn check_unchanged(&self) -> Result<(), LedgerError>;
    /// Makes this process the only one working on the archive with this
    /// content until the returned guard is dropped (or the process dies).
    /// If another holds it: `None` without `wait`, else `waiting` is
    /// called once and the call waits.
    fn lock_archive(
        &self,
        sha256: &str,
        wait: bool,
        waiting: &mut dyn FnMut(),
    ) -> Result<Option<Box<dyn Send>>, LedgerError>;
    fn archive(&mut self, sha256: &str) -> Result<Option<ArchiveRow>, LedgerError>;
    fn put_archive(
        &mut self,
        sha256: &str,
        name: &str,
        state: ArchiveState,
        counts: Counts,
        destination: Option<&str>,
    ) -> Result<i64, LedgerError>;
    fn put_files(&mut self, archive: i64, files: &[NewFile], reset: bool) -> Result<(), LedgerError>;
    fn put_imported<'a>(
        &'a mut self,
        sha256: &str,
        name: &str,
        counts: Counts,
        files: &[NewFile],
    ) -> Result<Box<dyn Claim + 'a>, LedgerError>;
    fn files(&mut self, archive: i64) -> Result<Vec<FileRow>, LedgerError>;
    fn set_file(
        &mut self,
        id: i64,
        state: FileState,
        outcome: Option<&Esito>,
        attempts: u32,
    ) -> Result<(), LedgerError>;
    fn archives(&mut self, filter: &Filter) -> Result<Vec<ArchiveRow>, LedgerError>;
    fn integrity(&mut self) -> Result<String, LedgerError>;
}

/// A claim prepared but not committed ([`Ledger::put_imported`]).
trait Claim {
    fn commit(self: Box<Self>) -> Result<(), LedgerError>;
}

/// The ledger, in whichever store `--ledger` names.
pub struct Ledger {
    store: Box<dyn Backend>,
    location: Location,
}

/// An import recorded but not yet committed ([`Ledger::put_imported`]).
pub struct Imported<'a>(Box<dyn Claim + 'a>);

impl Imported<'_> {
    /// Makes the claim durable: call it only once the records are.
    pub fn commit(self) -> Result<(), LedgerError> {
        self.0.commit()
    }
}

/// Held while this process works on one archive of a ledger.
pub struct ArchiveLock(#[allow(dead_code)] Box<dyn Send>);

impl Ledger {
    /// Opens the ledger, creating it where none exists and bringing one
    /// of an earlier format up to date (its history kept). Something
    /// there that is not a clic ledger is refused, never adopted.
    pub fn open(location: &Location) -> Result<Ledger, LedgerError> {
        let store: Box<dyn Backend> = match location {
            Location::File(path) => Box::new(sqlite::SqliteLedger::open(path)?),
            Location::Postgres(conninfo) => Box::new(postgres::PgLedger::open(conninfo, false)?),
        };
        Ok(Ledger {
            store,
            location: location.clone(),
        })
    }

    /// Opens a ledger that must exist already (`--stato` reads one).
    pub fn open_existing(location: &Location) -> Result<Ledger, LedgerError> {
        let store: Box<dyn Backend> = match location {
            Location::File(path) => {
                if !path.is_file() {
                    return Err(LedgerError {
                        path: path.clone(),
                        problem: Problem::Missing,
                    });
                }
                Box::new(sqlite::SqliteLedger::open(path)?)
            }
            Location::Postgres(conninfo) => Box::new(postgres::PgLedger::open(conninfo, true)?),
        };
        Ok(Ledger {
            store,
            location: location.clone(),
        })
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Another connection to the same ledger, for another thread; fails
    /// if the ledger was replaced since this one was opened.
    pub fn reopen(&self) -> Result<Ledger, LedgerError> {
        Ok(Ledger {
            store: self.store.reopen()?,
            location: self.location.clone(),
        })
    }

    /// Fails if the ledger file was deleted or replaced since it was
    /// opened: what this run recorded would then be lost, and a rerun
    /// would do everything again.
    pub fn check_unchanged(&self) -> Result<(), LedgerError> {
        self.store.check_unchanged()
    }

    /// Makes this process the only one working on the archive with this
    /// content in this ledger until the lock is dropped; if another holds
    /// it, calls `waiting` once and waits. Released by the system (or the
    /// database server) if the process dies.
    pub fn lock_archive(&self, sha256: &str, waiting: impl FnOnce()) -> Result<ArchiveLock, LedgerError> {
        let mut waiting = Some(waiting);
        let mut call = || {
            if let Some(waiting) = waiting.take() {
                waiting();
            }
        };
        let lock = self.store.lock_archive(sha256, true, &mut call)?;
        Ok(ArchiveLock(lock.unwrap_or_else(|| Box::new(()))))
    }

    /// As [`Ledger::lock_archive`], but `None` at once if another
    /// process holds the archive (to take another archive meanwhile).
    pub fn try_lock_archive(&self, sha256: &str) -> Result<Option<ArchiveLock>, LedgerError> {
        Ok(self
            .store
            .lock_archive(sha256, false, &mut || {})?
            .map(ArchiveLock))
    }

    /// The archive with this content, if it was ever imported.
    pub fn archive(&mut self, sha256: &str) -> Result<Option<ArchiveRow>, LedgerError> {
        self.store.archive(sha256)
    }

    /// Records an archive (new, or seen again) in a state, with its counts.
    pub fn put_archive(
        &mut self,
        sha256: &str,
        name: &str,
        state: ArchiveState,
        counts: Counts,
        destination: Option<&str>,
    ) -> Result<i64, LedgerError> {
        self.store.put_archive(sha256, name, state, counts, destination)
    }

    /// Records the files of an archive in one transaction. With `reset`,
    /// every file takes the given state; otherwise files already recorded
    /// keep theirs (so an interrupted transmission resumes).
    pub fn put_files(&mut self, archive: i64, files: &[NewFile], reset: bool) -> Result<(), LedgerError> {
        self.store.put_files(archive, files, reset)
    }

    /// Records an archive whose records are being written, in one
    /// transaction: the archive *Elaborato con successo* and its files
    /// *importato*. The transaction is only prepared here: it claims the
    /// records, so [`Imported::commit`] must be called only once they are
    /// durable; dropped, it is rolled back and nothing is claimed. The
    /// rows are written while the records are flushed, not after.
    pub fn put_imported(
        &mut self,
        sha256: &str,
        name: &str,
        counts: Counts,
        files: &[NewFile],
    ) -> Result<Imported<'_>, LedgerError> {
        Ok(Imported(self.store.put_imported(sha256, name, counts, files)?))
    }

    pub fn files(&mut self, archive: i64) -> Result<Vec<FileRow>, LedgerError> {
        self.store.files(archive)
    }

    /// Sets a file's state (and, for transmissions, the outcome and the
    /// HTTP requests made); committed durably before it returns.
    pub fn set_file(
        &mut self,
        id: i64,
        state: FileState,
        outcome: Option<&Esito>,
        attempts: u32,
    ) -> Result<(), LedgerError> {
        self.store.set_file(id, state, outcome, attempts)
    }

    /// Archives for the processing-control table, newest first.
    pub fn archives(&mut self, filter: &Filter) -> Result<Vec<ArchiveRow>, LedgerError> {
        self.store.archives(filter)
    }

    /// The store's own consistency check (`PRAGMA integrity_check` for
    /// SQLite): "ok" when sound.
    pub fn integrity(&mut self) -> Result<String, LedgerError> {
        self.store.integrity()
    }
}

/// An outcome as stored: the node's text, or a failure's key and its
/// arguments as JSON.
pub(crate) fn esito_columns(outcome: &Esito) -> (Option<&str>, Option<&str>, Option<String>) {
    match outcome {
        Esito::Node(text) => (Some(text.as_str()), None, None),
        Esito::Failure { key, args } => (
            None,
            Some(key.as_str()),
            Some(serde_json::to_string(args).unwrap_or_default()),
        ),
    }
}

/// A reason as stored: its code and its arguments as JSON.
pub(crate) fn reason_columns(reason: Option<&Reason>) -> (Option<&str>, Option<String>) {
    match reason {
        Some(Reason::Code { code, args }) => (
            Some(code.as_str()),
            Some(
                serde_json::Value::from(
                    args.iter()
                        .map(|(name, value)| serde_json::json!([name, value]))
                        .collect::<Vec<_>>(),
                )
                .to_string(),
            ),
        ),
        _ => (None, None),
    }
}

/// A stored outcome: the node's text, or a failure's key and arguments.
pub(crate) fn esito_from(node: Option<String>, code: Option<String>, args: Option<String>) -> Option<Esito> {
    match code {
        Some(key) => Some(Esito::Failure {
            key,
            args: args
                .and_then(|a| serde_json::from_str(&a).ok())
                .unwrap_or_default(),
        }),
        None => node.map(Esito::Node),
    }
}

/// A stored reason: code and arguments, or the first format's text.
pub(crate) fn reason_from(
    code: Option<String>,
    args: Option<String>,
    text: Option<String>,
) -> Option<Reason> {
    match (code, args) {
        (Some(code), Some(args)) => {
            let args = serde_json::from_str::<Vec<(String, serde_json::Value)>>(&args).unwrap_or_default();
            Some(Reason::Code { code, args })
        }
        _ => text.map(Reason::Text),
    }
}

/// A file to record.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub name: String,
    pub sha256: Option<String>,
    pub module: Option<String>,
    pub state: FileState,
    pub reason: Option<Reason>,
    pub key: Option<String>,
}

/// Filters of the processing-control table (like the portal's RICERCA).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<ArchiveState>,
    /// Imported on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Imported on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
}

/// A state key the reader does not know.
pub(crate) struct UnknownState {
    pub(crate) table: &'static str,
    pub(crate) value: String,
}
