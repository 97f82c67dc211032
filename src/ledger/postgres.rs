//! The ledger in PostgreSQL (`--ledger CONNINFO`): the same rows as the
//! SQLite ledger, in the schema `clic_registro` (its own, so that it can
//! share a database with the records of `--db`, whose `archivi` table is
//! another), shared by every machine that names the database.
//!
//! One process at a time per archive across machines: a session advisory
//! lock on a connection of its own, released when the lock is dropped or
//! the process dies (the server drops a dead client's session). Every
//! change is its own transaction, committed before the call returns, as
//! in SQLite.

use postgres::Client;

use super::{
    ArchiveRow, ArchiveState, Backend, Claim, Counts, Esito, FileRow, FileState, Filter, LedgerError,
    NewFile, NotALedger, Problem, UnknownState, esito_columns, esito_from, reason_columns, reason_from,
};
use crate::calendar::now_utc;
use crate::pg;

/// The ledger's schema.
pub const SCHEMA: &str = "clic_registro";

/// Advisory lock keys: the first is clic's mark ("CLic"), the second
/// says what is locked (0: set-up; otherwise an archive).
const LOCK_CLASS: i32 = 0x434C_6963;

/// The format this version writes (`clic_registro.versione`).
const VERSION: i32 = 1;

/// Forward migrations: entry `n` brings format `n` to `n + 1`.
const MIGRATIONS: [&str; 1] = ["
CREATE TABLE clic_registro.versione (versione integer NOT NULL);
INSERT INTO clic_registro.versione VALUES (0);
CREATE TABLE clic_registro.archivi (
    id            bigserial PRIMARY KEY,
    sha256        text NOT NULL UNIQUE,
    nome          text NOT NULL,
    importato_il  text NOT NULL,
    aggiornato_il text NOT NULL,
    stato         text NOT NULL,
    file_totali   bigint NOT NULL DEFAULT 0,
    file_ok       bigint NOT NULL DEFAULT 0,
    file_ko       bigint NOT NULL DEFAULT 0,
    inviati       bigint NOT NULL DEFAULT 0,
    rifiutati     bigint NOT NULL DEFAULT 0,
    falliti       bigint NOT NULL DEFAULT 0,
    destinazione  text
);
CREATE TABLE clic_registro.file (
    id            bigserial PRIMARY KEY,
    archivio      bigint NOT NULL REFERENCES clic_registro.archivi(id) ON DELETE CASCADE,
    nome          text NOT NULL,
    sha256        text,
    modulo        text,
    stato         text NOT NULL,
    motivo        text,
    chiave        text,
    esito         text,
    tentativi     bigint NOT NULL DEFAULT 0,
    aggiornato_il text NOT NULL,
    motivo_codice    text,
    motivo_argomenti text,
    esito_codice     text,
    esito_argomenti  text,
    UNIQUE (archivio, nome)
);
"];

pub struct PgLedger {
    client: Client,
    conninfo: String,
    /// How messages name this ledger (no password).
    name: String,
}

fn fail(name: &str, e: &postgres::Error) -> LedgerError {
    LedgerError {
        path: name.into(),
        problem: Problem::Database(pg::error_text(e)),
    }
}

impl PgLedger {
    /// Connects, creating the schema on first use and migrating it
    /// forward; a schema of a newer clic, or a `clic_registro` schema
    /// that clic did not make, is refused.
    pub fn open(conninfo: &str, must_exist: bool) -> Result<PgLedger, LedgerError> {
        let name = pg::describe(conninfo);
        let mut client = pg::connect(conninfo).map_err(|e| LedgerError {
            path: name.clone().into(),
            problem: Problem::Database(e.reason),
        })?;
        set_up(&mut client, &name, must_exist)?;
        Ok(PgLedger {
            client,
            conninfo: conninfo.to_string(),
            name,
        })
    }

    fn fail(&self, e: &postgres::Error) -> LedgerError {
        fail(&self.name, e)
    }

    fn unknown(&self, e: UnknownState) -> LedgerError {
        LedgerError {
            path: self.name.clone().into(),
            problem: Problem::UnknownState {
                table: e.table,
                value: e.value,
            },
        }
    }
}

fn set_up(client: &mut Client, name: &str, must_exist: bool) -> Result<(), LedgerError> {
    let mut tx = client.transaction().map_err(|e| fail(name, &e))?;
    // Creation and migration happen once, whichever machine comes first.
    tx.execute("SELECT pg_advisory_xact_lock($1, 0)", &[&LOCK_CLASS])
        .map_err(|e| fail(name, &e))?;
    let tables: Vec<String> = tx
        .query(
            "SELECT c.relname::text FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')",
            &[&SCHEMA],
        )
        .map_err(|e| fail(name, &e))?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let schema_exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
            &[&SCHEMA],
        )
        .map_err(|e| fail(name, &e))?
        .get(0);
    let version: i32 = if tables.iter().any(|t| t == "versione") {
        tx.query_one("SELECT max(versione) FROM clic_registro.versione", &[])
            .map_err(|e| fail(name, &e))?
            .get::<_, Option<i32>>(0)
            .unwrap_or(0)
    } else if !tables.is_empty() {
        return Err(LedgerError {
            path: name.into(),
            problem: Problem::NotALedger(NotALedger::Foreign),
        });
    } else if must_exist {
        return Err(LedgerError {
            path: name.into(),
            problem: Problem::Missing,
        });
    } else {
        if !schema_exists {
            tx.batch_execute("CREATE SCHEMA clic_registro")
                .map_err(|e| fail(name, &e))?;
        }
        0
    };
    if version > VERSION {
        return Err(LedgerError {
            path: name.into(),
            problem: Problem::Newer {
                version: i64::from(version),
            },
        });
    }
    for migration in &MIGRATIONS[version as usize..] {
        tx.batch_execute(migration).map_err(|e| fail(name, &e))?;
    }
    if version < VERSION {
        tx.execute("UPDATE clic_registro.versione SET versione = $1", &[&VERSION])
            .map_err(|e| fail(name, &e))?;
    }
    tx.commit().map_err(|e| fail(name, &e))
}

/// A claim not yet committed: the transaction of `put_imported`.
struct Imported<'a> {
    tx: postgres::Transaction<'a>,
    name: String,
}

impl Claim for Imported<'_> {
    fn commit(self: Box<Self>) -> Result<(), LedgerError> {
        let name = self.name;
        self.tx.commit().map_err(|e| fail(&name, &e))
    }
}

/// The second key of an archive's advisory lock: its SHA-256's first 8
/// hex digits (two archives sharing them only wait for each other).
fn archive_key(sha256: &str) -> i32 {
    u32::from_str_radix(sha256.get(..8).unwrap_or("1"), 16).unwrap_or(1) as i32 | 1
}

impl Backend for PgLedger {
    fn reopen(&self) -> Result<Box<dyn Backend>, LedgerError> {
        Ok(Box::new(PgLedger::open(&self.conninfo, true)?))
    }

    fn check_unchanged(&self) -> Result<(), LedgerError> {
        Ok(())
    }

    fn lock_archive(
        &self,
        sha256: &str,
        wait: bool,
        waiting: &mut dyn FnMut(),
    ) -> Result<Option<Box<dyn Send>>, LedgerError> {
        let mut client = pg::connect(&self.conninfo).map_err(|e| LedgerError {
            path: self.name.clone().into(),
            problem: Problem::Database(e.reason),
        })?;
        let key = archive_key(sha256);
        let taken: bool = client
            .query_one("SELECT pg_try_advisory_lock($1, $2)", &[&LOCK_CLASS, &key])
            .map_err(|e| self.fail(&e))?
            .get(0);
        if !taken {
            if !wait {
                return Ok(None);
            }
            waiting();
            client
                .execute("SELECT pg_advisory_lock($1, $2)", &[&LOCK_CLASS, &key])
                .map_err(|e| self.fail(&e))?;
        }
        // Held as long as this connection is open.
        Ok(Some(Box::new(client)))
    }

    fn archive(&mut self, sha256: &str) -> Result<Option<ArchiveRow>, LedgerError> {
        let row = self
            .client
            .query_opt(&format!("{ARCHIVE_COLUMNS} WHERE sha256 = $1"), &[&sha256])
            .map_err(|e| self.fail(&e))?;
        row.map(|r| archive_row(&r).map_err(|e| self.unknown(e)))
            .transpose()
    }

    fn put_archive(
        &mut self,
        sha256: &str,
        name: &str,
        state: ArchiveState,
        counts: Counts,
        destination: Option<&str>,
    ) -> Result<i64, LedgerError> {
        put_archive(&mut self.client, sha256, name, state, counts, destination).map_err(|e| self.fail(&e))
    }

    fn put_files(&mut self, archive: i64, files: &[NewFile], reset: bool) -> Result<(), LedgerError> {
        let name = self.name.clone();
        let mut tx = self.client.transaction().map_err(|e| fail(&name, &e))?;
        insert_files(&mut tx, archive, files, reset, None).map_err(|e| fail(&name, &e))?;
        tx.commit().map_err(|e| fail(&name, &e))
    }

    fn put_imported<'a>(
        &'a mut self,
        sha256: &str,
        name: &str,
        counts: Counts,
        files: &[NewFile],
    ) -> Result<Box<dyn Claim + 'a>, LedgerError> {
        let ledger = self.name.clone();
        let mut tx = self.client.transaction().map_err(|e| fail(&ledger, &e))?;
        let id = put_archive(&mut tx, sha256, name, ArchiveState::Successo, counts, None)
            .map_err(|e| fail(&ledger, &e))?;
        insert_files(&mut tx, id, files, true, Some(FileState::Importato)).map_err(|e| fail(&ledger, &e))?;
        Ok(Box::new(Imported { tx, name: ledger }))
    }

    fn files(&mut self, archive: i64) -> Result<Vec<FileRow>, LedgerError> {
        let rows = self
            .client
            .query(
                "SELECT id, nome, sha256, modulo, stato, motivo, motivo_codice, motivo_argomenti, chiave, esito,
                   tentativi, aggiornato_il, esito_codice, esito_argomenti
                 FROM clic_registro.file WHERE archivio = $1 ORDER BY id",
                &[&archive],
            )
            .map_err(|e| self.fail(&e))?;
        let mut files = Vec::with_capacity(rows.len());
        for r in rows {
            let state: String = r.get(4);
            let state = FileState::from_key(&state).ok_or_else(|| {
                self.unknown(UnknownState {
                    table: "file",
                    value: state,
                })
            })?;
            files.push(FileRow {
                id: r.get(0),
                name: r.get(1),
                sha256: r.get(2),
                module: r.get(3),
                state,
                reason: reason_from(r.get(6), r.get(7), r.get(5)),
                key: r.get(8),
                outcome: esito_from(r.get(9), r.get(12), r.get(13)),
                attempts: r.get(10),
                updated: r.get(11),
            });
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
        let attempts = i64::from(attempts);
        let now = now_utc();
        let changed = match outcome {
            Some(outcome) => {
                let (node, code, args) = esito_columns(outcome);
                self.client.execute(
                    "UPDATE clic_registro.file SET stato = $2, esito = $3, esito_codice = $4, esito_argomenti = $5,
                       tentativi = tentativi + $6, aggiornato_il = $7 WHERE id = $1",
                    &[&id, &state.key(), &node, &code, &args, &attempts, &now],
                )
            }
            None => self.client.execute(
                "UPDATE clic_registro.file SET stato = $2, tentativi = tentativi + $3, aggiornato_il = $4 WHERE id = $1",
                &[&id, &state.key(), &attempts, &now],
            ),
        }
        .map_err(|e| self.fail(&e))?;
        if changed == 1 {
            Ok(())
        } else {
            Err(LedgerError {
                path: self.name.clone().into(),
                problem: Problem::Replaced,
            })
        }
    }

    fn archives(&mut self, filter: &Filter) -> Result<Vec<ArchiveRow>, LedgerError> {
        let state = filter.state.map(ArchiveState::key);
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT * FROM ({ARCHIVE_COLUMNS}) a WHERE ($1::text IS NULL OR stato = $1)
                       AND ($2::text IS NULL OR substr(importato_il, 1, 10) >= $2)
                       AND ($3::text IS NULL OR substr(importato_il, 1, 10) <= $3)
                     ORDER BY importato_il DESC, id DESC"
                ),
                &[&state, &filter.from, &filter.to],
            )
            .map_err(|e| self.fail(&e))?;
        rows.iter()
            .map(|r| archive_row(r).map_err(|e| self.unknown(e)))
            .collect()
    }

    fn integrity(&mut self) -> Result<String, LedgerError> {
        Ok("ok".to_string())
    }
}

fn put_archive(
    client: &mut impl postgres::GenericClient,
    sha256: &str,
    name: &str,
    state: ArchiveState,
    counts: Counts,
    destination: Option<&str>,
) -> Result<i64, postgres::Error> {
    let count = |n: u64| n as i64;
    let row = client.query_one(
        "INSERT INTO clic_registro.archivi (sha256, nome, importato_il, aggiornato_il, stato, file_totali, file_ok,
           file_ko, inviati, rifiutati, falliti, destinazione)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (sha256) DO UPDATE SET nome = $2, aggiornato_il = $3, stato = $4, file_totali = $5,
           file_ok = $6, file_ko = $7, inviati = $8, rifiutati = $9, falliti = $10, destinazione = $11
         RETURNING id",
        &[
            &sha256,
            &name,
            &now_utc(),
            &state.key(),
            &count(counts.files),
            &count(counts.ok),
            &count(counts.ko),
            &count(counts.sent),
            &count(counts.refused),
            &count(counts.failed),
            &destination,
        ],
    )?;
    Ok(row.get(0))
}

fn insert_files(
    tx: &mut postgres::Transaction<'_>,
    archive: i64,
    files: &[NewFile],
    reset: bool,
    state: Option<FileState>,
) -> Result<(), postgres::Error> {
    let now = now_utc();
    let sql = if reset {
        "INSERT INTO clic_registro.file (archivio, nome, sha256, modulo, stato, motivo_codice, motivo_argomenti, chiave, aggiornato_il)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (archivio, nome) DO UPDATE SET sha256 = $3, modulo = $4, stato = $5, motivo = NULL,
           motivo_codice = $6, motivo_argomenti = $7, chiave = $8, esito = NULL, esito_codice = NULL,
           esito_argomenti = NULL, tentativi = 0, aggiornato_il = $9"
    } else {
        "INSERT INTO clic_registro.file (archivio, nome, sha256, modulo, stato, motivo_codice, motivo_argomenti, chiave, aggiornato_il)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (archivio, nome) DO NOTHING"
    };
    let statement = tx.prepare(sql)?;
    for file in files {
        let (code, args) = reason_columns(file.reason.as_ref());
        tx.execute(
            &statement,
            &[
                &archive,
                &file.name,
                &file.sha256,
                &file.module,
                &state.unwrap_or(file.state).key(),
                &code,
                &args,
                &file.key,
                &now,
            ],
        )?;
    }
    Ok(())
}

const ARCHIVE_COLUMNS: &str =
    "SELECT id, sha256, nome, importato_il, aggiornato_il, stato, file_totali, file_ok, file_ko,
    inviati, rifiutati, falliti, destinazione FROM clic_registro.archivi";

fn archive_row(r: &postgres::Row) -> Result<ArchiveRow, UnknownState> {
    let count = |i: usize| r.get::<_, i64>(i).max(0) as u64;
    let state: String = r.get(5);
    let Some(state) = ArchiveState::from_key(&state) else {
        return Err(UnknownState {
            table: "archivi",
            value: state,
        });
    };
    Ok(ArchiveRow {
        id: r.get(0),
        sha256: r.get(1),
        name: r.get(2),
        imported: r.get(3),
        updated: r.get(4),
        state,
        counts: Counts {
            files: count(6),
            ok: count(7),
            ko: count(8),
            sent: count(9),
            refused: count(10),
            failed: count(11),
        },
        destination: r.get(12),
    })
}
