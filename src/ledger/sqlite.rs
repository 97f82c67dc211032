//! The ledger in a SQLite file that survives crashes (WAL,
//! `synchronous=FULL`: a committed change is on disk before the call
//! returns).
//!
//! Each thread that writes opens its own connection: SQLite serialises
//! writers, and `busy_timeout` makes the others wait instead of failing.
//! One process at a time works on an archive of a ledger (a lock file
//! beside it per archive), so rows *in invio* seen by the holder of that
//! lock are always a crash's leftovers.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use super::{
    ArchiveRow, ArchiveState, Backend, Claim, Counts, Esito, FileRow, FileState, Filter, LedgerError,
    NewFile, NotALedger, Problem, UnknownState, esito_columns, esito_from, reason_columns, reason_from,
};
use crate::calendar::now_utc;
use crate::fsutil::FileLock;

pub struct SqliteLedger {
    conn: Connection,
    path: PathBuf,
    /// Which file this connection opened, to notice a replacement. (An
    /// open descriptor would do too, but closing a second descriptor of
    /// the database would drop SQLite's locks on it.)
    identity: (u64, u64),
}

/// An import recorded but not yet committed (`put_imported`).
struct Imported<'a> {
    tx: rusqlite::Transaction<'a>,
    path: PathBuf,
}

impl Claim for Imported<'_> {
    fn commit(self: Box<Self>) -> Result<(), LedgerError> {
        let path = self.path;
        self.tx.commit().map_err(|e| database(&path, e))
    }
}

/// clic's mark on its ledgers (`PRAGMA application_id`, the bytes "CLic"):
/// a SQLite database without it, and without the tables of a ledger made
/// before the mark, is another program's and is never adopted.
pub const APPLICATION_ID: i32 = 0x434C_6963;

/// The format this version writes (`PRAGMA user_version`). Version 0 is
/// the first format, which stored Italian labels and messages.
const VERSION: i64 = 1;

/// A new ledger's tables. (Ledgers made before also have an index
/// `file_per_stato` on `file (archivio, stato)`: no query used it, and
/// every row written paid for it; they keep it, harmless.)
const SCHEMA: &str = "
CREATE TABLE archivi (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    nome          TEXT NOT NULL,
    importato_il  TEXT NOT NULL,
    aggiornato_il TEXT NOT NULL,
    stato         TEXT NOT NULL,
    file_totali   INTEGER NOT NULL DEFAULT 0,
    file_ok       INTEGER NOT NULL DEFAULT 0,
    file_ko       INTEGER NOT NULL DEFAULT 0,
    inviati       INTEGER NOT NULL DEFAULT 0,
    rifiutati     INTEGER NOT NULL DEFAULT 0,
    falliti       INTEGER NOT NULL DEFAULT 0,
    destinazione  TEXT
);
CREATE TABLE file (
    id            INTEGER PRIMARY KEY,
    archivio      INTEGER NOT NULL REFERENCES archivi(id) ON DELETE CASCADE,
    nome          TEXT NOT NULL,
    sha256        TEXT,
    modulo        TEXT,
    stato         TEXT NOT NULL,
    motivo        TEXT,
    chiave        TEXT,
    esito         TEXT,
    tentativi     INTEGER NOT NULL DEFAULT 0,
    aggiornato_il TEXT NOT NULL,
    motivo_codice    TEXT,
    motivo_argomenti TEXT,
    esito_codice     TEXT,
    esito_argomenti  TEXT,
    UNIQUE (archivio, nome)
);
";

/// From the first format: Italian labels become keys, the reason's code
/// is split from its text (the text is kept, as history).
const MIGRATE_FROM_0: &str = "
ALTER TABLE file ADD COLUMN motivo_codice TEXT;
ALTER TABLE file ADD COLUMN motivo_argomenti TEXT;
ALTER TABLE file ADD COLUMN esito_codice TEXT;
ALTER TABLE file ADD COLUMN esito_argomenti TEXT;
UPDATE archivi SET stato = CASE stato
    WHEN 'Da elaborare' THEN 'da_elaborare'
    WHEN 'Elaborato con successo' THEN 'successo'
    WHEN 'Elaborato con errori' THEN 'errori'
    ELSE stato END;
UPDATE file SET stato = CASE stato
    WHEN 'da elaborare' THEN 'da_elaborare'
    WHEN 'in invio' THEN 'in_invio'
    WHEN 'invio fallito' THEN 'invio_fallito'
    ELSE stato END;
UPDATE file SET motivo_codice = substr(motivo, 1, 6)
    WHERE motivo GLOB 'CL[0-9][0-9][0-9][0-9] *';
";

impl SqliteLedger {
    /// Opens the ledger, creating it if no file exists and bringing a
    /// ledger of an earlier format up to date (its history kept). An
    /// existing file that is not a clic ledger (empty, or another
    /// program's database) is refused, never adopted.
    pub fn open(path: &Path) -> Result<SqliteLedger, LedgerError> {
        let fail = |e: &dyn std::fmt::Display| LedgerError {
            path: path.to_path_buf(),
            problem: Problem::Database(e.to_string()),
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| fail(&e))?;
        }
        // Creation and migration happen once, whoever opens first.
        let _setup = FileLock::acquire(&lock_path(path, "apertura"), || {}).map_err(|e| fail(&e))?;
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.len() == 0 => {
                return Err(LedgerError {
                    path: path.to_path_buf(),
                    problem: Problem::NotALedger(NotALedger::Empty),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path).map_err(|e| fail(&e))?,
            Err(e) => return Err(fail(&e)),
        }
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| fail(&e))?;
        conn.busy_timeout(Duration::from_secs(60)).map_err(|e| fail(&e))?;
        // Recognised before anything is written to it (even WAL mode).
        let legacy = recognise(&conn).map_err(|problem| LedgerError {
            path: path.to_path_buf(),
            problem,
        })?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| fail(&e))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| fail(&e))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| fail(&e))?;
        let identity = crate::fsutil::identity(path).map_err(|e| fail(&e))?;
        let mut ledger = SqliteLedger {
            conn,
            path: path.to_path_buf(),
            identity,
        };
        ledger.set_up(legacy)?;
        Ok(ledger)
    }

    /// Another connection to the same ledger file, for another thread;
    /// fails if the file was replaced since this one was opened.
    fn reopen(&self) -> Result<SqliteLedger, LedgerError> {
        self.check_unchanged()?;
        let other = SqliteLedger::open(&self.path)?;
        if other.identity != self.identity {
            return Err(self.replaced());
        }
        Ok(other)
    }

    /// Migrates a ledger of an older format; `stamp` marks a ledger made
    /// before the mark as clic's.
    fn set_up(&mut self, stamp: bool) -> Result<(), LedgerError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| database(&path, e);
        let tx = immediate(&mut self.conn, &path)?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(fail)?;
        match version {
            VERSION => {}
            0 => tx.execute_batch(MIGRATE_FROM_0).map_err(fail)?,
            newer => {
                return Err(LedgerError {
                    path,
                    problem: Problem::Newer { version: newer },
                });
            }
        }
        if version == VERSION && !stamp {
            return Ok(());
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(fail)?;
        tx.pragma_update(None, "user_version", VERSION).map_err(fail)?;
        tx.commit().map_err(fail)
    }

    fn fail(&self, e: rusqlite::Error) -> LedgerError {
        database(&self.path, e)
    }

    /// Fails if the ledger file was deleted or replaced since it was
    /// opened: what this run recorded would then be lost, and a rerun
    /// would do everything again.
    fn check_unchanged(&self) -> Result<(), LedgerError> {
        match crate::fsutil::identity(&self.path) {
            Ok(identity) if identity == self.identity => Ok(()),
            _ => Err(self.replaced()),
        }
    }

    fn replaced(&self) -> LedgerError {
        LedgerError {
            path: self.path.clone(),
            problem: Problem::Replaced,
        }
    }

    fn unknown(&self, e: UnknownState) -> LedgerError {
        LedgerError {
            path: self.path.clone(),
            problem: Problem::UnknownState {
                table: e.table,
                value: e.value,
            },
        }
    }
}

/// A transaction that takes the ledger's write lock at once (`BEGIN
/// IMMEDIATE`): two processes then never both read a state and act on it.
fn immediate<'c>(conn: &'c mut Connection, path: &Path) -> Result<rusqlite::Transaction<'c>, LedgerError> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| database(path, e))
}

fn database(path: &Path, e: rusqlite::Error) -> LedgerError {
    LedgerError {
        path: path.to_path_buf(),
        problem: Problem::Database(e.to_string()),
    }
}

/// A new ledger: its tables and marks written to a temporary file beside
/// it, flushed, then renamed into place, so that a crash never leaves an
/// empty or half-made ledger where one is expected (an empty file is
/// refused as a truncated ledger).
fn create(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    crate::fsutil::remove_leftovers(path);
    let temp = crate::fsutil::temp_path(path);
    let _ = std::fs::remove_file(&temp);
    let made = (|| -> Result<(), Box<dyn std::error::Error>> {
        let conn = Connection::open(&temp)?;
        // WAL from the start (no header change on first open); SQLite's
        // own syncs are not needed here: the file is synced once, whole,
        // before it is renamed into place.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.execute_batch(&format!(
            "BEGIN; {SCHEMA} PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {VERSION}; COMMIT;"
        ))?;
        conn.close().map_err(|(_, e)| e)?;
        std::fs::File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, path)?;
        crate::fsutil::sync_dir(crate::fsutil::parent_dir(path))?;
        Ok(())
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    made
}

/// Whether an existing SQLite database is a clic ledger: it carries
/// clic's application id, or (made before the mark) it has the ledger's
/// own tables and no other program's id. `Ok(true)`: a ledger to stamp.
/// Only reads.
fn recognise(conn: &Connection) -> Result<bool, Problem> {
    let database = |e: rusqlite::Error| Problem::Database(e.to_string());
    let id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(database)?;
    if id == APPLICATION_ID {
        return Ok(false);
    }
    // Columns that only a clic ledger's tables have, in every format.
    let clic_tables: bool = conn
        .query_row(
            "SELECT (SELECT count(*) FROM pragma_table_info('archivi')
                       WHERE name IN ('sha256', 'importato_il', 'file_totali', 'destinazione')) = 4
                AND (SELECT count(*) FROM pragma_table_info('file')
                       WHERE name IN ('archivio', 'chiave', 'tentativi', 'esito')) = 4",
            [],
            |r| r.get(0),
        )
        .map_err(database)?;
    if id == 0 && clic_tables {
        Ok(true)
    } else {
        Err(Problem::NotALedger(NotALedger::Foreign))
    }
}

/// A lock file beside the ledger: `.NAME.WHAT.lock`.
fn lock_path(ledger: &Path, what: &str) -> PathBuf {
    crate::fsutil::parent_dir(ledger).join(format!(".{}.{what}.lock", crate::fsutil::file_name(ledger)))
}

/// The files of an archive, with their own states or all in `state`.
/// With `reset`, every file takes its new state; otherwise files already
/// recorded keep theirs (so an interrupted transmission resumes).
fn insert_files(
    conn: &Connection,
    archive: i64,
    files: &[NewFile],
    reset: bool,
    state: Option<FileState>,
) -> rusqlite::Result<()> {
    let now = now_utc();
    let sql = if reset {
        "INSERT INTO file (archivio, nome, sha256, modulo, stato, motivo_codice, motivo_argomenti, chiave, aggiornato_il)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (archivio, nome) DO UPDATE SET sha256 = ?3, modulo = ?4, stato = ?5, motivo = NULL,
           motivo_codice = ?6, motivo_argomenti = ?7, chiave = ?8, esito = NULL, esito_codice = NULL,
           esito_argomenti = NULL, tentativi = 0, aggiornato_il = ?9"
    } else {
        "INSERT INTO file (archivio, nome, sha256, modulo, stato, motivo_codice, motivo_argomenti, chiave, aggiornato_il)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (archivio, nome) DO NOTHING"
    };
    let mut statement = conn.prepare(sql)?;
    for file in files {
        let (code, args) = reason_columns(file.reason.as_ref());
        statement.execute(params![
            archive,
            file.name,
            file.sha256,
            file.module,
            state.unwrap_or(file.state).key(),
            code,
            args,
            file.key,
            now
        ])?;
    }
    Ok(())
}

fn put_archive(
    conn: &Connection,
    sha256: &str,
    name: &str,
    state: ArchiveState,
    counts: Counts,
    destination: Option<&str>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO archivi (sha256, nome, importato_il, aggiornato_il, stato, file_totali, file_ok, file_ko, inviati, rifiutati, falliti, destinazione)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (sha256) DO UPDATE SET nome = ?2, aggiornato_il = ?3, stato = ?4, file_totali = ?5,
           file_ok = ?6, file_ko = ?7, inviati = ?8, rifiutati = ?9, falliti = ?10, destinazione = ?11",
        params![
            sha256,
            name,
            now_utc(),
            state.key(),
            counts.files as i64,
            counts.ok as i64,
            counts.ko as i64,
            counts.sent as i64,
            counts.refused as i64,
            counts.failed as i64,
            destination
        ],
    )?;
    conn.query_row("SELECT id FROM archivi WHERE sha256 = ?1", params![sha256], |r| {
        r.get(0)
    })
}

const ARCHIVE_COLUMNS: &str =
    "SELECT id, sha256, nome, importato_il, aggiornato_il, stato, file_totali, file_ok, file_ko,
    inviati, rifiutati, falliti, destinazione FROM archivi";

fn archive_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<ArchiveRow, UnknownState>> {
    let count = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
    let state: String = r.get(5)?;
    let Some(state) = ArchiveState::from_key(&state) else {
        return Ok(Err(UnknownState {
            table: "archivi",
            value: state,
        }));
    };
    Ok(Ok(ArchiveRow {
        id: r.get(0)?,
        sha256: r.get(1)?,
        name: r.get(2)?,
        imported: r.get(3)?,
        updated: r.get(4)?,
        state,
        counts: Counts {
            files: count(6)?,
            ok: count(7)?,
            ko: count(8)?,
            sent: count(9)?,
            refused: count(10)?,
            failed: count(11)?,
        },
        destination: r.get(12)?,
    }))
}

impl Backend for SqliteLedger {
    fn reopen(&self) -> Result<Box<dyn Backend>, LedgerError> {
        Ok(Box::new(SqliteLedger::reopen(self)?))
    }

    fn check_unchanged(&self) -> Result<(), LedgerError> {
        SqliteLedger::check_unchanged(self)
    }

    /// The lock file of an archive beside the ledger: taken by one
    /// process at a time, released by the system if the process dies.
    fn lock_archive(
        &self,
        sha256: &str,
        wait: bool,
        waiting: &mut dyn FnMut(),
    ) -> Result<Option<Box<dyn Send>>, LedgerError> {
        let name = format!("archivio-{}", &sha256[..16.min(sha256.len())]);
        let path = lock_path(&self.path, &name);
        let taken = if wait {
            FileLock::acquire(&path, waiting).map(Some)
        } else {
            FileLock::try_acquire(&path)
        };
        let taken = taken.map_err(|e| LedgerError {
            path: self.path.clone(),
            problem: Problem::Database(e.to_string()),
        })?;
        Ok(taken.map(|lock| Box::new(lock) as Box<dyn Send>))
    }

    /// The archive with this content, if it was ever imported.
    fn archive(&mut self, sha256: &str) -> Result<Option<ArchiveRow>, LedgerError> {
        let row = self
            .conn
            .query_row(
                &format!("{ARCHIVE_COLUMNS} WHERE sha256 = ?1"),
                params![sha256],
                archive_row,
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        row.map(|r| r.map_err(|e| self.unknown(e))).transpose()
    }

    /// Records an archive (new, or seen again) in a state, with its counts.
    fn put_archive(
        &mut self,
        sha256: &str,
        name: &str,
        state: ArchiveState,
        counts: Counts,
        destination: Option<&str>,
    ) -> Result<i64, LedgerError> {
        put_archive(&self.conn, sha256, name, state, counts, destination).map_err(|e| self.fail(e))
    }

    /// Records the files of an archive in one transaction. With `reset`,
    /// every file takes the given state; otherwise files already recorded
    /// keep theirs (so an interrupted transmission resumes).
    fn put_files(&mut self, archive: i64, files: &[NewFile], reset: bool) -> Result<(), LedgerError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| database(&path, e);
        let tx = immediate(&mut self.conn, &path)?;
        insert_files(&tx, archive, files, reset, None).map_err(fail)?;
        tx.commit().map_err(fail)
    }

    /// Records an archive whose records are being written, in one
    /// transaction: the archive *Elaborato con successo* and its files
    /// *importato*. The transaction is only prepared here: it claims the
    /// records, so [`Imported::commit`] must be called only once they are
    /// durable; dropped, it is rolled back and nothing is claimed. The
    /// rows are written while the records are flushed, not after.
    fn put_imported<'a>(
        &'a mut self,
        sha256: &str,
        name: &str,
        counts: Counts,
        files: &[NewFile],
    ) -> Result<Box<dyn Claim + 'a>, LedgerError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| database(&path, e);
        let tx = immediate(&mut self.conn, &path)?;
        let id = put_archive(&tx, sha256, name, ArchiveState::Successo, counts, None).map_err(fail)?;
        insert_files(&tx, id, files, true, Some(FileState::Importato)).map_err(fail)?;
        Ok(Box::new(Imported { tx, path }))
    }

    fn files(&mut self, archive: i64) -> Result<Vec<FileRow>, LedgerError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, nome, sha256, modulo, stato, motivo, motivo_codice, motivo_argomenti, chiave, esito, tentativi,
                   aggiornato_il, esito_codice, esito_argomenti
                 FROM file WHERE archivio = ?1 ORDER BY id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map(params![archive], |r| {
                let state: String = r.get(4)?;
                let text: Option<String> = r.get(5)?;
                let code: Option<String> = r.get(6)?;
                let args: Option<String> = r.get(7)?;
                Ok((
                    state,
                    FileRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        sha256: r.get(2)?,
                        module: r.get(3)?,
                        state: FileState::DaElaborare,
                        reason: reason_from(code, args, text),
                        key: r.get(8)?,
                        outcome: esito_from(r.get(9)?, r.get(12)?, r.get(13)?),
                        attempts: r.get(10)?,
                        updated: r.get(11)?,
                    },
                ))
            })
            .map_err(|e| self.fail(e))?;
        let mut files = Vec::new();
        for row in rows {
            let (state, mut file) = row.map_err(|e| self.fail(e))?;
            file.state = FileState::from_key(&state).ok_or_else(|| {
                self.unknown(UnknownState {
                    table: "file",
                    value: state,
                })
            })?;
            files.push(file);
        }
        Ok(files)
    }

    fn set_file(
        &mut self,
        id: i64,
        state: FileState,
        outcome: Option<&Esito>,
        attempts: u32,
    ) -> Result<(), LedgerError> {
        let (node, code, args) = outcome.map(esito_columns).unwrap_or_default();
        let sql = if outcome.is_some() {
            "UPDATE file SET stato = ?2, esito = ?3, esito_codice = ?4, esito_argomenti = ?5,
               tentativi = tentativi + ?6, aggiornato_il = ?7 WHERE id = ?1"
        } else {
            // ?3 to ?5 are unused (and NULL): the outcome so far is kept.
            "UPDATE file SET stato = ?2, tentativi = tentativi + ?6, aggiornato_il = ?7 WHERE id = ?1"
        };
        let changed = self
            .conn
            .execute(
                sql,
                params![id, state.key(), node, code, args, i64::from(attempts), now_utc()],
            )
            .map_err(|e| self.fail(e))?;
        if changed == 1 {
            Ok(())
        } else {
            // The row is gone: the ledger was replaced under this run.
            Err(self.replaced())
        }
    }

    /// Archives for the processing-control table, newest first.
    fn archives(&mut self, filter: &Filter) -> Result<Vec<ArchiveRow>, LedgerError> {
        let mut statement = self
            .conn
            .prepare(&format!(
                "SELECT * FROM ({ARCHIVE_COLUMNS}) WHERE (?1 IS NULL OR stato = ?1)
                   AND (?2 IS NULL OR substr(importato_il, 1, 10) >= ?2)
                   AND (?3 IS NULL OR substr(importato_il, 1, 10) <= ?3)
                 ORDER BY importato_il DESC, id DESC"
            ))
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map(
                params![filter.state.map(ArchiveState::key), filter.from, filter.to],
                archive_row,
            )
            .map_err(|e| self.fail(e))?;
        let mut archives = Vec::new();
        for row in rows {
            archives.push(row.map_err(|e| self.fail(e))?.map_err(|e| self.unknown(e))?);
        }
        Ok(archives)
    }

    /// `PRAGMA integrity_check` (tests and `--stato` use it).
    fn integrity(&mut self) -> Result<String, LedgerError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.fail(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(name: &str) -> (SqliteLedger, PathBuf) {
        let dir = std::env::temp_dir().join(format!("clic-ledger-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("registro.sqlite");
        (SqliteLedger::open(&path).unwrap(), dir)
    }

    fn file(name: &str, state: FileState) -> NewFile {
        NewFile {
            name: name.into(),
            sha256: None,
            module: Some("candidatura".into()),
            state,
            reason: None,
            key: Some(format!("key-{name}")),
        }
    }

    #[test]
    fn archives_and_files_round_trip_and_resume_keeps_states() {
        let (mut ledger, dir) = ledger("round-trip");
        let counts = Counts {
            files: 2,
            ok: 2,
            ..Counts::default()
        };
        let id = ledger
            .put_archive("abc", "uno.zip", ArchiveState::DaElaborare, counts, None)
            .unwrap();
        let both = [
            file("a.xml", FileState::DaElaborare),
            file("b.xml", FileState::DaElaborare),
        ];
        ledger.put_files(id, &both, false).unwrap();
        let files = ledger.files(id).unwrap();
        ledger
            .set_file(
                files[0].id,
                FileState::Inviato,
                Some(&Esito::Node("OK".into())),
                1,
            )
            .unwrap();

        // Seen again without reset: states are kept.
        ledger.put_files(id, &both, false).unwrap();
        let files = ledger.files(id).unwrap();
        assert_eq!(files[0].state, FileState::Inviato);
        assert_eq!(files[0].attempts, 1);
        assert_eq!(files[1].state, FileState::DaElaborare);

        // With reset (--force) they start again.
        ledger
            .put_files(id, &[file("a.xml", FileState::DaElaborare)], true)
            .unwrap();
        assert_eq!(ledger.files(id).unwrap()[0].state, FileState::DaElaborare);

        ledger
            .put_archive("abc", "uno.zip", ArchiveState::Successo, counts, Some("http://x"))
            .unwrap();
        let row = ledger.archive("abc").unwrap().unwrap();
        assert_eq!(row.state, ArchiveState::Successo);
        assert_eq!(row.counts.ok, 2);
        assert_eq!(ledger.integrity().unwrap(), "ok");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_table_filters_by_state_and_date() {
        let (mut ledger, dir) = ledger("filter");
        ledger
            .put_archive("a", "a.zip", ArchiveState::Successo, Counts::default(), None)
            .unwrap();
        ledger
            .put_archive("b", "b.zip", ArchiveState::Errori, Counts::default(), None)
            .unwrap();
        let all = ledger.archives(&Filter::default()).unwrap();
        assert_eq!(all.len(), 2);
        let errors = ledger
            .archives(&Filter {
                state: Some(ArchiveState::Errori),
                ..Filter::default()
            })
            .unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].name, "b.zip");
        let future = ledger
            .archives(&Filter {
                from: Some("2999-01-01".into()),
                ..Filter::default()
            })
            .unwrap();
        assert!(future.is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }
}
