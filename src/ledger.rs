//! The import ledger ("Controllo elaborazione"): every archive with its
//! state, every file with its state, reason and transmission outcome, in a
//! SQLite database that survives crashes (WAL, `synchronous=FULL`: a
//! committed change is on disk before the call returns).
//!
//! Each thread that writes opens its own connection: SQLite serialises
//! writers, and `busy_timeout` makes the others wait instead of failing.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};

use crate::calendar::now_utc;

/// The state of an archive, as the portal names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveState {
    DaElaborare,
    Successo,
    Errori,
}

impl ArchiveState {
    pub fn label(self) -> &'static str {
        match self {
            ArchiveState::DaElaborare => "Da elaborare",
            ArchiveState::Successo => "Elaborato con successo",
            ArchiveState::Errori => "Elaborato con errori",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            ArchiveState::DaElaborare => "To be processed",
            ArchiveState::Successo => "Processed successfully",
            ArchiveState::Errori => "Processed with errors",
        }
    }

    pub fn from_label(label: &str) -> Option<ArchiveState> {
        [
            ArchiveState::DaElaborare,
            ArchiveState::Successo,
            ArchiveState::Errori,
        ]
        .into_iter()
        .find(|s| s.label() == label)
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

    pub fn label(self) -> &'static str {
        match self {
            FileState::DaElaborare => "da elaborare",
            FileState::Importato => "importato",
            FileState::Errato => "errato",
            FileState::Scartato => "scartato",
            FileState::InInvio => "in invio",
            FileState::Inviato => "inviato",
            FileState::Rifiutato => "rifiutato",
            FileState::InvioFallito => "invio fallito",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            FileState::DaElaborare => "to be processed",
            FileState::Importato => "imported",
            FileState::Errato => "KO",
            FileState::Scartato => "discarded",
            FileState::InInvio => "sending",
            FileState::Inviato => "sent",
            FileState::Rifiutato => "refused",
            FileState::InvioFallito => "sending failed",
        }
    }

    pub fn from_label(label: &str) -> Option<FileState> {
        FileState::ALL.into_iter().find(|s| s.label() == label)
    }
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
    pub reason: Option<String>,
    pub key: Option<String>,
    pub outcome: Option<String>,
    pub attempts: i64,
    pub updated: String,
}

#[derive(Debug)]
pub struct LedgerError {
    pub path: PathBuf,
    pub reason: String,
}

pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS archivi (
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
CREATE TABLE IF NOT EXISTS file (
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
    UNIQUE (archivio, nome)
);
CREATE INDEX IF NOT EXISTS file_per_stato ON file (archivio, stato);
";

impl Ledger {
    /// The default ledger: `registro.sqlite` in the user's data directory.
    pub fn default_path() -> PathBuf {
        crate::fsutil::data_dir().join("registro.sqlite")
    }

    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let fail = |reason: String| LedgerError {
            path: path.to_path_buf(),
            reason,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        let conn = Connection::open(path).map_err(|e| fail(e.to_string()))?;
        conn.busy_timeout(Duration::from_secs(30))
            .map_err(|e| fail(e.to_string()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| fail(e.to_string()))?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| fail(e.to_string()))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| fail(e.to_string()))?;
        conn.execute_batch(SCHEMA).map_err(|e| fail(e.to_string()))?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, e: rusqlite::Error) -> LedgerError {
        LedgerError {
            path: self.path.clone(),
            reason: e.to_string(),
        }
    }

    /// The archive with this content, if it was ever imported.
    pub fn archive(&self, sha256: &str) -> Result<Option<ArchiveRow>, LedgerError> {
        self.conn
            .query_row(
                &format!("{ARCHIVE_COLUMNS} WHERE sha256 = ?1"),
                params![sha256],
                archive_row,
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Records an archive (new, or seen again) in a state, with its counts.
    pub fn put_archive(
        &self,
        sha256: &str,
        name: &str,
        state: ArchiveState,
        counts: Counts,
        destination: Option<&str>,
    ) -> Result<i64, LedgerError> {
        let now = now_utc();
        self.conn
            .execute(
                "INSERT INTO archivi (sha256, nome, importato_il, aggiornato_il, stato, file_totali, file_ok, file_ko, inviati, rifiutati, falliti, destinazione)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (sha256) DO UPDATE SET nome = ?2, aggiornato_il = ?3, stato = ?4, file_totali = ?5,
                   file_ok = ?6, file_ko = ?7, inviati = ?8, rifiutati = ?9, falliti = ?10, destinazione = ?11",
                params![
                    sha256,
                    name,
                    now,
                    state.label(),
                    counts.files as i64,
                    counts.ok as i64,
                    counts.ko as i64,
                    counts.sent as i64,
                    counts.refused as i64,
                    counts.failed as i64,
                    destination
                ],
            )
            .map_err(|e| self.fail(e))?;
        self.conn
            .query_row("SELECT id FROM archivi WHERE sha256 = ?1", params![sha256], |r| {
                r.get(0)
            })
            .map_err(|e| self.fail(e))
    }

    /// Records the files of an archive in one transaction. With `reset`,
    /// every file takes the given state; otherwise files already recorded
    /// keep theirs (so an interrupted transmission resumes).
    pub fn put_files(&mut self, archive: i64, files: &[NewFile], reset: bool) -> Result<(), LedgerError> {
        let now = now_utc();
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| LedgerError {
            path: path.clone(),
            reason: e.to_string(),
        };
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        {
            let sql = if reset {
                "INSERT INTO file (archivio, nome, sha256, modulo, stato, motivo, chiave, aggiornato_il)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (archivio, nome) DO UPDATE SET sha256 = ?3, modulo = ?4, stato = ?5, motivo = ?6,
                   chiave = ?7, esito = NULL, tentativi = 0, aggiornato_il = ?8"
            } else {
                "INSERT INTO file (archivio, nome, sha256, modulo, stato, motivo, chiave, aggiornato_il)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (archivio, nome) DO NOTHING"
            };
            let mut statement = tx.prepare(sql).map_err(fail)?;
            for file in files {
                statement
                    .execute(params![
                        archive,
                        file.name,
                        file.sha256,
                        file.module,
                        file.state.label(),
                        file.reason,
                        file.key,
                        now
                    ])
                    .map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }

    pub fn files(&self, archive: i64) -> Result<Vec<FileRow>, LedgerError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, nome, sha256, modulo, stato, motivo, chiave, esito, tentativi, aggiornato_il
                 FROM file WHERE archivio = ?1 ORDER BY id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map(params![archive], |r| {
                Ok(FileRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    sha256: r.get(2)?,
                    module: r.get(3)?,
                    state: FileState::from_label(&r.get::<_, String>(4)?).unwrap_or(FileState::DaElaborare),
                    reason: r.get(5)?,
                    key: r.get(6)?,
                    outcome: r.get(7)?,
                    attempts: r.get(8)?,
                    updated: r.get(9)?,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.fail(e))
    }

    /// Sets a file's state (and, for transmissions, the outcome); committed
    /// durably before it returns. `attempt` counts a new transmission.
    pub fn set_file(
        &self,
        id: i64,
        state: FileState,
        outcome: Option<&str>,
        attempt: bool,
    ) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "UPDATE file SET stato = ?2, esito = COALESCE(?3, esito), tentativi = tentativi + ?4, aggiornato_il = ?5 WHERE id = ?1",
                params![id, state.label(), outcome, i64::from(attempt), now_utc()],
            )
            .map(|_| ())
            .map_err(|e| self.fail(e))
    }

    /// Archives for the processing-control table, newest first.
    pub fn archives(&self, filter: &Filter) -> Result<Vec<ArchiveRow>, LedgerError> {
        let mut statement = self
            .conn
            .prepare(&format!(
                "{ARCHIVE_COLUMNS} WHERE (?1 IS NULL OR stato = ?1)
                   AND (?2 IS NULL OR substr(importato_il, 1, 10) >= ?2)
                   AND (?3 IS NULL OR substr(importato_il, 1, 10) <= ?3)
                 ORDER BY importato_il DESC, id DESC"
            ))
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map(
                params![filter.state.map(ArchiveState::label), filter.from, filter.to],
                archive_row,
            )
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.fail(e))
    }

    /// `PRAGMA integrity_check` (tests and `--stato` use it).
    pub fn integrity(&self) -> Result<String, LedgerError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.fail(e))
    }
}

/// A file to record.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub name: String,
    pub sha256: Option<String>,
    pub module: Option<String>,
    pub state: FileState,
    pub reason: Option<String>,
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

const ARCHIVE_COLUMNS: &str =
    "SELECT id, sha256, nome, importato_il, aggiornato_il, stato, file_totali, file_ok, file_ko,
    inviati, rifiutati, falliti, destinazione FROM archivi";

fn archive_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArchiveRow> {
    let count = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
    Ok(ArchiveRow {
        id: r.get(0)?,
        sha256: r.get(1)?,
        name: r.get(2)?,
        imported: r.get(3)?,
        updated: r.get(4)?,
        state: ArchiveState::from_label(&r.get::<_, String>(5)?).unwrap_or(ArchiveState::DaElaborare),
        counts: Counts {
            files: count(6)?,
            ok: count(7)?,
            ko: count(8)?,
            sent: count(9)?,
            refused: count(10)?,
            failed: count(11)?,
        },
        destination: r.get(12)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(name: &str) -> (Ledger, PathBuf) {
        let dir = std::env::temp_dir().join(format!("clic-ledger-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("registro.sqlite");
        (Ledger::open(&path).unwrap(), dir)
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
            .set_file(files[0].id, FileState::Inviato, Some("OK"), true)
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
        let (ledger, dir) = ledger("filter");
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
