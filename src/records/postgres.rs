//! Records in PostgreSQL (`import --db CONNINFO`): the tables of
//! `--records csv`, with the same names and the same columns in the same
//! order, in a schema of their own (`clic`, or `--db-schema`), typed
//! (`date`, `timestamp`, `bigint`, the rest `text`), `id` the primary key,
//! `parent_id` a foreign key to the parent's row, and on every top-level
//! row the archive's SHA-256 (`archive_sha256`, after the CSV's columns)
//! besides its name (`archive`). A table `archivi` has one row per archive
//! loaded; `versione` says which format clic made, migrated forward by
//! clic and never dropped or rewritten.
//!
//! All or nothing, exactly once: an archive's rows go in with binary COPY
//! inside one transaction, committed only when all are in (after the
//! checks passed). An archive already in `archivi` is recognised and
//! writes nothing. A document is the same record when its file has the
//! same SHA-256: its rows' ids come from it, so a document already loaded
//! from another archive is not written again (the archive is still
//! recorded, with its count of new documents). Loads into one schema take
//! turns (a transaction-scoped advisory lock), so two loads of archives
//! sharing documents cannot both write them.
//!
//! The foreign keys are checked once per table, not once per row, where
//! the role may (see [`Database::load`]): PostgreSQL checks a foreign key
//! with one query per inserted row, and for the bench's 20,000 documents
//! (144,664 rows) that is more than half of the server's work.

use std::io::Write;

use super::ColumnType;
use super::csv::Layout;
use crate::calendar::Date;
use crate::pg::{self, Client, ident};

/// The schema when `--db-schema` is not given.
pub const DEFAULT_SCHEMA: &str = "clic";

/// Bytes of COPY data handed to the connection at a time.
const COPY_PIECE: usize = 64 * 1024;

/// The format this version makes (`versione`). Format 3 indexes
/// `parent_id` by hash (see [`Database::open`]).
pub const VERSION: i32 = 3;

/// Advisory lock keys: clic's mark ("CLic") and, second, the schema's
/// `hashtext`: set-up and loads into one schema take turns.
const LOCK_CLASS: i32 = 0x434C_6963;

/// Forward migrations, `{s}` the quoted schema: entry `n` brings format
/// `n` to `n + 1`. The record tables themselves follow the layout (see
/// [`Database::open`]): created when missing, a missing column added,
/// and from format 2 to 3 their `parent_id` index made a hash index.
const MIGRATIONS: [&str; 2] = [
    // 1: the archives loaded.
    "CREATE TABLE {s}.versione (versione integer NOT NULL);
     INSERT INTO {s}.versione VALUES (0);
     CREATE TABLE {s}.archivi (
         sha256      text PRIMARY KEY,
         nome        text NOT NULL,
         caricato_il timestamptz NOT NULL DEFAULT now(),
         documenti   bigint NOT NULL
     );",
    // 2: how many of an archive's documents were new (the others were
    // loaded before, from another archive).
    "ALTER TABLE {s}.archivi ADD COLUMN documenti_nuovi bigint;
     UPDATE {s}.archivi SET documenti_nuovi = documenti;
     ALTER TABLE {s}.archivi ALTER COLUMN documenti_nuovi SET NOT NULL;",
];

/// Why the records could not go into the database (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbError {
    /// The database as messages name it (no password).
    pub target: String,
    pub problem: DbProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbProblem {
    /// The server's or the library's words.
    Database(String),
    /// Made by a newer clic (its format).
    Newer { version: i32 },
    /// A `parent_id` names no row of its parent table (the check of the
    /// foreign keys once per table).
    Orphan { table: String, value: String },
    /// The schema holds tables clic did not make (no `versione`).
    Foreign { schema: String },
    /// A value the schema accepted but the column's type cannot hold
    /// (an integer beyond 64 bits).
    Value {
        table: String,
        column: String,
        value: String,
    },
}

/// How a load ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    /// The archive was loaded before (by this machine or another).
    Already,
    /// Written now: documents of the archive, those new to the database,
    /// rows written.
    Written { documents: usize, new: usize, rows: u64 },
}

/// A document's rows as `Layout::rows` gives them: (entity, cells), root first.
pub type DocumentRows = Vec<(usize, Vec<String>)>;

/// A document's rows in COPY's binary format, encoded by the worker that
/// checked it (see [`Encoder`]), so that the load only concatenates them.
#[derive(Debug, Default)]
pub struct EncodedDocument {
    /// The root row's `id`: the same document has the same one.
    id: String,
    /// Per entity that has rows: its index and its rows, encoded.
    tables: Vec<(usize, Vec<u8>)>,
    /// The parent keys the rows carry: (parent entity, key).
    keys: Vec<(usize, String)>,
}

/// Encodes documents' rows for [`Database::load`]; made from the same
/// layout as the database, shared read-only by the workers.
pub struct Encoder {
    entities: Vec<Entity>,
    /// The archive's SHA-256, on every top-level row.
    archive_sha256: String,
}

impl Encoder {
    pub fn new(layout: &Layout, archive_sha256: &str) -> Encoder {
        Encoder {
            entities: entities(layout),
            archive_sha256: archive_sha256.to_string(),
        }
    }

    /// A document's rows in COPY's binary format (each table's rows
    /// without the format's header and trailer), or the first value its
    /// column's type cannot hold.
    pub fn encode(&self, rows: &DocumentRows) -> Result<EncodedDocument, DbProblem> {
        let mut document = EncodedDocument {
            id: rows
                .first()
                .and_then(|(_, cells)| cells.first())
                .cloned()
                .unwrap_or_default(),
            ..EncodedDocument::default()
        };
        for (index, cells) in rows {
            let Some(entity) = self.entities.get(*index) else {
                continue;
            };
            let at = match document.tables.iter().position(|(i, _)| i == index) {
                Some(at) => at,
                None => {
                    document.tables.push((*index, Vec::new()));
                    document.tables.len() - 1
                }
            };
            let out = &mut document.tables[at].1;
            // A table has far fewer than 32,768 columns.
            let fields = i16::try_from(entity.types.len() + usize::from(entity.root)).unwrap_or(i16::MAX);
            out.extend_from_slice(&fields.to_be_bytes());
            for (at, kind) in entity.types.iter().enumerate() {
                let text = cells.get(at).map(String::as_str).unwrap_or_default();
                let cell = Cell::of(text, *kind).ok_or_else(|| DbProblem::Value {
                    table: entity.name.clone(),
                    column: entity.columns[at].clone(),
                    value: text.chars().take(40).collect(),
                })?;
                cell.encode(out);
            }
            if entity.root {
                Cell::Text(&self.archive_sha256).encode(out);
            }
            if let (Some(parent), Some(key)) = (entity.parent, cells.get(1).filter(|k| !k.is_empty()))
                && document.keys.last().is_none_or(|(p, k)| *p != parent || k != key)
            {
                document.keys.push((parent, key.clone()));
            }
        }
        Ok(document)
    }
}

/// The layout's entities, with their parents' indexes.
fn entities(layout: &Layout) -> Vec<Entity> {
    layout
        .typed_entities()
        .map(|(name, parent, columns, types)| Entity {
            name: name.to_string(),
            columns: columns.to_vec(),
            types: types.to_vec(),
            root: parent.is_none(),
            parent: parent.and_then(|p| layout.typed_entities().position(|(name, ..)| name == p)),
        })
        .collect()
}

struct Entity {
    name: String,
    columns: Vec<String>,
    types: Vec<ColumnType>,
    root: bool,
    /// The parent entity's index (none for a module's root).
    parent: Option<usize>,
}

/// A connection to the records' database, set up for a layout.
pub struct Database {
    client: Client,
    schema: String,
    target: String,
    entities: Vec<Entity>,
    /// Entities parents first (the order rows are copied in).
    order: Vec<usize>,
    /// Whether the role may switch row triggers off for a transaction
    /// (`session_replication_role`): superuser, or, from PostgreSQL 15,
    /// `GRANT SET ON PARAMETER session_replication_role`.
    may_skip_row_triggers: bool,
}

impl Database {
    /// Connects, creates the schema and tables on first use and brings
    /// older ones forward; refuses a database of a newer clic.
    pub fn open(conninfo: &str, schema: &str, layout: &Layout) -> Result<Database, DbError> {
        let target = pg::describe(conninfo);
        let client = pg::connect(conninfo).map_err(|e| DbError {
            target: target.clone(),
            problem: DbProblem::Database(e.reason),
        })?;
        let entities = entities(layout);
        let parents: Vec<Option<String>> = layout
            .typed_entities()
            .map(|(_, parent, _, _)| parent.map(str::to_string))
            .collect();
        let order = parents_first(&entities, &parents);
        let mut database = Database {
            client,
            schema: schema.to_string(),
            target,
            entities,
            order,
            may_skip_row_triggers: false,
        };
        database.set_up(&parents)?;
        Ok(database)
    }

    fn fail(&self, e: &postgres::Error) -> DbError {
        DbError {
            target: self.target.clone(),
            problem: DbProblem::Database(pg::error_text(e)),
        }
    }

    fn set_up(&mut self, parents: &[Option<String>]) -> Result<(), DbError> {
        let target = self.target.clone();
        let fail = |e: postgres::Error| DbError {
            target: target.clone(),
            problem: DbProblem::Database(pg::error_text(&e)),
        };
        let s = ident(&self.schema);
        let mut tx = self.client.transaction().map_err(fail)?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            &[&LOCK_CLASS, &self.schema],
        )
        .map_err(fail)?;
        let existing: Vec<(String, String)> = tx
            .query(
                // The catalog, not information_schema: it lists every table,
                // whatever this role may read.
                "SELECT c.relname::text, a.attname::text
                 FROM pg_catalog.pg_class c
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
                 ORDER BY c.relname, a.attnum",
                &[&self.schema],
            )
            .map_err(fail)?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let has_table = |name: &str| existing.iter().any(|(t, _)| t == name);
        let version: i32 = if has_table("versione") {
            tx.query_one(&format!("SELECT max(versione) FROM {s}.versione"), &[])
                .map_err(fail)?
                .get::<_, Option<i32>>(0)
                .unwrap_or(0)
        } else if !existing.is_empty() {
            return Err(DbError {
                target,
                problem: DbProblem::Foreign {
                    schema: self.schema.clone(),
                },
            });
        } else {
            tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {s}"))
                .map_err(fail)?;
            0
        };
        if version > VERSION {
            return Err(DbError {
                target,
                problem: DbProblem::Newer { version },
            });
        }
        for migration in MIGRATIONS.get(version.max(0) as usize..).unwrap_or_default() {
            tx.batch_execute(&migration.replace("{s}", &s)).map_err(fail)?;
        }
        if version < VERSION {
            tx.execute(&format!("UPDATE {s}.versione SET versione = $1"), &[&VERSION])
                .map_err(fail)?;
        }
        let server: i32 = tx
            .query_one("SELECT current_setting('server_version_num')::int", &[])
            .map_err(fail)?
            .get(0);
        self.may_skip_row_triggers = tx
            .query_one(
                if server >= 150_000 {
                    "SELECT has_parameter_privilege('session_replication_role', 'SET')"
                } else {
                    "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user"
                },
                &[],
            )
            .map_err(fail)?
            .get(0);
        // The record tables, parents first: created when missing, a
        // column the layout has and the table lacks added (never dropped).
        for &i in &self.order {
            let entity = &self.entities[i];
            let table = format!("{s}.{}", ident(&entity.name));
            if !has_table(&entity.name) {
                let mut columns: Vec<String> = entity
                    .columns
                    .iter()
                    .zip(&entity.types)
                    .map(|(name, kind)| column_definition(name, *kind))
                    .collect();
                if entity.root {
                    columns.push(format!(
                        "archive_sha256 TEXT NOT NULL REFERENCES {s}.archivi (sha256)"
                    ));
                }
                columns.push("PRIMARY KEY (id)".to_string());
                if let Some(parent) = &parents[i] {
                    columns.push(format!(
                        "FOREIGN KEY (parent_id) REFERENCES {s}.{} (id)",
                        ident(parent)
                    ));
                }
                tx.batch_execute(&format!("CREATE TABLE {table} ({})", columns.join(", ")))
                    .map_err(fail)?;
                if parents[i].is_some() {
                    tx.batch_execute(&format!("CREATE INDEX ON {table} USING hash (parent_id)"))
                        .map_err(fail)?;
                }
            } else {
                if version < 3 && parents[i].is_some() {
                    hash_the_parent_index(&mut tx, &s, &entity.name).map_err(fail)?;
                }
                for (name, kind) in entity.columns.iter().zip(&entity.types) {
                    if !existing.iter().any(|(t, c)| *t == entity.name && c == name) {
                        tx.batch_execute(&format!(
                            "ALTER TABLE {table} ADD COLUMN {}",
                            column_definition(name, *kind)
                        ))
                        .map_err(fail)?;
                    }
                }
            }
        }
        tx.commit().map_err(fail)
    }

    /// Whether the archive with this SHA-256 was loaded (by any machine).
    pub fn is_loaded(&mut self, sha256: &str) -> Result<bool, DbError> {
        let s = ident(&self.schema);
        self.client
            .query_one(
                &format!("SELECT EXISTS (SELECT 1 FROM {s}.archivi WHERE sha256 = $1)"),
                &[&sha256],
            )
            .map(|r| r.get(0))
            .map_err(|e| self.fail(&e))
    }

    /// Loads an archive's documents in one transaction: recorded in
    /// `archivi`, each document not yet in the database copied into its
    /// tables, committed only once every row is in. Nothing is written if
    /// the archive was loaded before, or if a document has a value its
    /// column's type cannot hold (the first such value is the error).
    pub fn load(
        &mut self,
        sha256: &str,
        name: &str,
        documents: &[Result<EncodedDocument, DbProblem>],
    ) -> Result<Loaded, DbError> {
        let target = self.target.clone();
        let documents: Vec<&EncodedDocument> = documents
            .iter()
            .map(|d| d.as_ref())
            .collect::<Result<_, _>>()
            .map_err(|problem| DbError {
                target: target.clone(),
                problem: problem.clone(),
            })?;
        let fail = |e: postgres::Error| DbError {
            target: target.clone(),
            problem: DbProblem::Database(pg::error_text(&e)),
        };
        let s = ident(&self.schema);
        let mut tx = self.client.transaction().map_err(fail)?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1, hashtext($2))",
            &[&LOCK_CLASS, &self.schema],
        )
        .map_err(fail)?;
        let recorded = tx
            .execute(
                &format!(
                    "INSERT INTO {s}.archivi (sha256, nome, documenti, documenti_nuovi) VALUES ($1, $2, $3, 0)
                     ON CONFLICT (sha256) DO NOTHING"
                ),
                &[&sha256, &name, &(documents.len() as i64)],
            )
            .map_err(fail)?;
        if recorded == 0 {
            // Dropped: rolled back.
            return Ok(Loaded::Already);
        }
        // PostgreSQL checks a foreign key with a query per inserted row.
        // Where the role may, row triggers are off for this transaction
        // and the keys are checked below with one query per parent table;
        // only where that skips nothing but clic's own keys: no trigger
        // and no foreign key in the schema that clic did not make.
        let keys_per_table = self.may_skip_row_triggers
            && row_triggers_are_clics(&mut tx, &self.schema, &self.entities).map_err(fail)?
            && {
                // A server whose own rules refuse the setting although the
                // privilege says yes (a managed service's) gets the
                // per-row checks, not an error.
                tx.batch_execute("SAVEPOINT clic_keys").map_err(fail)?;
                match tx.batch_execute("SET LOCAL session_replication_role = replica") {
                    Ok(()) => true,
                    Err(_) => {
                        tx.batch_execute("ROLLBACK TO SAVEPOINT clic_keys")
                            .map_err(fail)?;
                        false
                    }
                }
            };
        // Documents already loaded: their root ids, from their SHA-256.
        let ids: Vec<&str> = documents.iter().map(|d| d.id.as_str()).collect();
        let mut present = std::collections::HashSet::new();
        for entity in self.entities.iter().filter(|e| e.root) {
            let rows = tx
                .query(
                    &format!("SELECT id FROM {s}.{} WHERE id = ANY($1)", ident(&entity.name)),
                    &[&ids],
                )
                .map_err(fail)?;
            present.extend(rows.iter().map(|r| r.get::<_, String>(0)));
        }
        // The documents to write (once each, even if the archive holds the
        // same file twice), in the order of their ids: each id begins with
        // its document's, so every table's rows then reach the primary
        // key's and `parent_id`'s indexes in order, which spares the server
        // some work against rows in archive order.
        let mut new: Vec<&EncodedDocument> = documents
            .iter()
            .copied()
            .filter(|d| !d.id.is_empty() && present.insert(d.id.clone()))
            .collect();
        new.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let mut written = 0;
        let mut buffer = Vec::with_capacity(2 * COPY_PIECE);
        for &i in &self.order {
            let entity = &self.entities[i];
            let mut rows = new
                .iter()
                .filter_map(|d| d.tables.iter().find(|(e, _)| *e == i))
                .map(|(_, bytes)| bytes.as_slice())
                .peekable();
            if rows.peek().is_none() {
                continue;
            }
            let mut names: Vec<String> = entity.columns.iter().map(|c| ident(c)).collect();
            if entity.root {
                names.push("archive_sha256".to_string());
            }
            let copy = format!(
                "COPY {s}.{} ({}) FROM STDIN (FORMAT binary)",
                ident(&entity.name),
                names.join(", ")
            );
            let write_error = |e: std::io::Error| DbError {
                target: target.clone(),
                problem: DbProblem::Database(
                    match e
                        .get_ref()
                        .and_then(|inner| inner.downcast_ref::<postgres::Error>())
                    {
                        Some(e) => pg::error_text(e),
                        None => e.to_string(),
                    },
                ),
            };
            // COPY's binary format, handed over in large pieces: the
            // client library's own row writer (a round through its
            // runtime per row) costs more than the encoding itself.
            let mut writer = tx.copy_in(&copy).map_err(fail)?;
            buffer.clear();
            buffer.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
            buffer.extend_from_slice(&[0; 8]); // flags, header extension
            for bytes in rows {
                buffer.extend_from_slice(bytes);
                if buffer.len() >= COPY_PIECE {
                    writer.write_all(&buffer).map_err(write_error)?;
                    buffer.clear();
                }
            }
            buffer.extend_from_slice(&(-1i16).to_be_bytes());
            writer.write_all(&buffer).map_err(write_error)?;
            written += writer.finish().map_err(fail)?;
        }
        if keys_per_table {
            // Every parent key the rows carry, checked per parent table
            // (the archive's own row in `archivi` is the one inserted
            // above).
            let mut keys: Vec<Vec<&str>> = vec![Vec::new(); self.entities.len()];
            for (parent, key) in new.iter().flat_map(|d| &d.keys) {
                keys[*parent].push(key);
            }
            for (parent, keys) in self.entities.iter().zip(&mut keys) {
                keys.sort_unstable();
                keys.dedup();
                let table = format!("{s}.{}", ident(&parent.name));
                if let Some(value) = first_missing(&mut tx, &table, keys).map_err(fail)? {
                    return Err(DbError {
                        target,
                        problem: DbProblem::Orphan {
                            table: parent.name.clone(),
                            value,
                        },
                    });
                }
            }
        }
        tx.execute(
            &format!("UPDATE {s}.archivi SET documenti_nuovi = $2 WHERE sha256 = $1"),
            &[&sha256, &(new.len() as i64)],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(Loaded::Written {
            documents: documents.len(),
            new: new.len(),
            rows: written,
        })
    }
}

/// Format 2 to 3: the B-tree index format 2 made on a table's `parent_id`
/// (named `{table}_parent_id_idx` by PostgreSQL) becomes a hash index;
/// `schema` is quoted, `name` the table's.
/// `parent_id` is only ever compared for equality (joins, the foreign
/// key's checks when a parent row is deleted), which a hash index serves,
/// and a load keeps it up to date for far less: the bench's rows took the
/// server 0.64 s with it, 0.83 s with the B-tree, 0.61 s with no index.
/// An index of the user's own is left alone.
fn hash_the_parent_index(
    tx: &mut postgres::Transaction<'_>,
    schema: &str,
    name: &str,
) -> Result<(), postgres::Error> {
    let table = format!("{schema}.{}", ident(name));
    let old: Vec<String> = tx
        .query(
            "SELECT i.relname::text
             FROM pg_catalog.pg_index x
             JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
             JOIN pg_catalog.pg_am am ON am.oid = i.relam
             JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0]
             WHERE x.indrelid = $1::text::regclass AND x.indnatts = 1 AND NOT x.indisunique
               AND am.amname = 'btree' AND a.attname = 'parent_id'
               AND starts_with(i.relname::text, $2)",
            &[&table, &format!("{name}_parent_id_idx")],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    if old.is_empty() {
        return Ok(());
    }
    for index in &old {
        tx.batch_execute(&format!("DROP INDEX {schema}.{}", ident(index)))?;
    }
    tx.batch_execute(&format!("CREATE INDEX ON {table} USING hash (parent_id)"))
}

/// Whether the schema's tables have no trigger but the foreign keys'
/// own, and no foreign key but clic's (`parent_id` to the parent's `id`,
/// `archive_sha256` to `archivi`): switching row triggers off then skips
/// only what [`Database::load`] checks itself.
fn row_triggers_are_clics(
    tx: &mut postgres::Transaction<'_>,
    schema: &str,
    entities: &[Entity],
) -> Result<bool, postgres::Error> {
    let no_other_trigger: bool = tx
        .query_one(
            "SELECT NOT EXISTS (
                 SELECT 1 FROM pg_catalog.pg_trigger t
                 JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND NOT t.tgisinternal)",
            &[&schema],
        )?
        .get(0);
    if !no_other_trigger {
        return Ok(false);
    }
    let keys = tx.query(
        "SELECT c.relname::text, a.attname::text, rn.nspname::text, r.relname::text,
                ra.attname::text, cardinality(k.conkey)
         FROM pg_catalog.pg_constraint k
         JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
         JOIN pg_catalog.pg_class r ON r.oid = k.confrelid
         JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
         JOIN pg_catalog.pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
         WHERE k.contype = 'f' AND n.nspname = $1",
        &[&schema],
    )?;
    Ok(keys.iter().all(|key| {
        let (table, column, referred_schema, referred, referred_column, columns): (
            String,
            String,
            String,
            String,
            String,
            i32,
        ) = (
            key.get(0),
            key.get(1),
            key.get(2),
            key.get(3),
            key.get(4),
            key.get(5),
        );
        let clics = match entities.iter().find(|e| e.name == table).map(|e| e.parent) {
            Some(Some(p)) => column == "parent_id" && referred == entities[p].name && referred_column == "id",
            Some(None) => column == "archive_sha256" && referred == "archivi" && referred_column == "sha256",
            None => false,
        };
        clics && referred_schema == schema && columns == 1
    }))
}

/// The first of `keys` that no row of `table` (a quoted name) has as its
/// `id`, in one query.
pub fn first_missing(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    keys: &[&str],
) -> Result<Option<String>, postgres::Error> {
    if keys.is_empty() {
        return Ok(None);
    }
    let row = tx.query_opt(
        &format!(
            "SELECT k FROM unnest($1::text[]) AS k
             WHERE NOT EXISTS (SELECT 1 FROM {table} p WHERE p.id = k) LIMIT 1"
        ),
        &[&keys],
    )?;
    Ok(row.map(|r| r.get(0)))
}

/// The entities in an order where each comes after its parent.
fn parents_first(entities: &[Entity], parents: &[Option<String>]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(entities.len());
    let mut placed = vec![false; entities.len()];
    while order.len() < entities.len() {
        let before = order.len();
        for i in 0..entities.len() {
            let ready = match &parents[i] {
                None => true,
                Some(parent) => entities
                    .iter()
                    .position(|e| &e.name == parent)
                    .is_none_or(|p| placed[p]),
            };
            if !placed[i] && ready {
                placed[i] = true;
                order.push(i);
            }
        }
        if order.len() == before {
            // A cycle cannot happen (the schema is a tree); keep the rest as they are.
            order.extend((0..entities.len()).filter(|&i| !placed[i]));
            break;
        }
    }
    order
}

fn column_definition(name: &str, kind: ColumnType) -> String {
    let sql = match kind {
        ColumnType::Text => "text",
        ColumnType::Date => "date",
        ColumnType::Timestamp => "timestamp",
        ColumnType::Integer => "bigint",
    };
    let not_null = if matches!(name, "id") { " NOT NULL" } else { "" };
    format!("{} {sql}{not_null}", ident(name))
}

/// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
const PG_EPOCH_DAYS: i64 = 10_957;

/// One cell as COPY sends it. An empty cell (an absent field) is NULL.
#[derive(Debug)]
enum Cell<'a> {
    Null,
    Text(&'a str),
    /// Days since 2000-01-01.
    Date(i32),
    /// Microseconds since 2000-01-01 00:00.
    Timestamp(i64),
    Integer(i64),
}

impl<'a> Cell<'a> {
    /// The cell of a column's type; `None` if the text is not of it.
    fn of(text: &'a str, kind: ColumnType) -> Option<Cell<'a>> {
        if text.is_empty() {
            return Some(Cell::Null);
        }
        Some(match kind {
            ColumnType::Text => Cell::Text(text),
            ColumnType::Date => Cell::Date(i32::try_from(Date::parse(text)?.to_days() - PG_EPOCH_DAYS).ok()?),
            ColumnType::Timestamp => Cell::Timestamp(timestamp(text)?),
            ColumnType::Integer => Cell::Integer(text.trim().trim_start_matches('+').parse().ok()?),
        })
    }
}

/// An `xs:dateTime` as microseconds since 2000-01-01 00:00: a time with a
/// zone is converted to UTC, one without is kept as written.
fn timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    let date = Date::parse(text)?;
    let rest = text.get(10..)?.strip_prefix('T')?;
    let number = |s: &str| -> Option<i64> { s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok())? };
    let hours = number(rest.get(0..2)?)?;
    let minutes = number(rest.get(3..5)?)?;
    let seconds = number(rest.get(6..8)?)?;
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || hours > 24 || minutes > 59 || seconds > 60 {
        return None;
    }
    let mut rest = &rest[8..];
    let mut micros = 0i64;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        let kept = &fraction[..digits.min(6)];
        micros = number(kept).unwrap_or(0) * 10i64.pow(6 - kept.len() as u32);
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "" | "Z" => 0,
        zone => {
            let sign = match zone.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let h = number(zone.get(1..3)?)?;
            let m = number(zone.get(4..6)?)?;
            sign * (h * 60 + m) * 60
        }
    };
    let day_seconds = (date.to_days() - PG_EPOCH_DAYS) * 86_400;
    Some((day_seconds + hours * 3600 + minutes * 60 + seconds - offset) * 1_000_000 + micros)
}

impl Cell<'_> {
    /// The cell as a field of COPY's binary format: its length, then its
    /// bytes (text as UTF-8, date as int4 days, timestamp and bigint as
    /// int8), or length -1 for NULL.
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Cell::Null => out.extend_from_slice(&(-1i32).to_be_bytes()),
            Cell::Text(text) => {
                // A cell is far below 2 GiB (the archive's limits).
                let length = i32::try_from(text.len()).unwrap_or(i32::MAX);
                out.extend_from_slice(&length.to_be_bytes());
                out.extend_from_slice(text.as_bytes());
            }
            Cell::Date(days) => {
                out.extend_from_slice(&4i32.to_be_bytes());
                out.extend_from_slice(&days.to_be_bytes());
            }
            Cell::Timestamp(n) | Cell::Integer(n) => {
                out.extend_from_slice(&8i32.to_be_bytes());
                out.extend_from_slice(&n.to_be_bytes());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_take_postgresqls_epoch() {
        assert!(matches!(
            Cell::of("2000-01-02", ColumnType::Date),
            Some(Cell::Date(1))
        ));
        assert!(matches!(
            Cell::of("1999-12-31", ColumnType::Date),
            Some(Cell::Date(-1))
        ));
        assert_eq!(timestamp("2000-01-01T00:00:01"), Some(1_000_000));
        assert_eq!(
            timestamp("2000-01-01T01:00:00+01:00"),
            Some(0),
            "converted to UTC"
        );
        assert_eq!(timestamp("2000-01-01T00:00:00.25Z"), Some(250_000));
        assert_eq!(timestamp("2000-01-01"), None);
        assert!(matches!(Cell::of("", ColumnType::Integer), Some(Cell::Null)));
        assert!(matches!(
            Cell::of("+42", ColumnType::Integer),
            Some(Cell::Integer(42))
        ));
        assert!(Cell::of("99999999999999999999", ColumnType::Integer).is_none());
    }

    #[test]
    fn cells_take_copys_binary_format() {
        let encoded = |cell: Cell<'_>| {
            let mut out = Vec::new();
            cell.encode(&mut out);
            out
        };
        assert_eq!(encoded(Cell::Null), [0xff; 4], "NULL is length -1");
        assert_eq!(encoded(Cell::Text("è")), [0, 0, 0, 2, 0xc3, 0xa8], "UTF-8 bytes");
        assert_eq!(encoded(Cell::Date(-1)), [0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(encoded(Cell::Integer(258)), [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2]);
    }
}
