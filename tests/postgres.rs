//! `clic import --db` and `--ledger CONNINFO` against a real PostgreSQL
//! server (issue 28). The server is named by `CLIC_TEST_PG` (a conninfo,
//! `.ci/run` sets it); without it these tests skip with a note, except
//! under CI=true, where they fail. Each test makes a database of its own,
//! so the tests run in parallel.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::receiver::Receiver;
use support::{temp_dir, valid, write, zip_bytes};

/// A fresh database for one test: its conninfo and a client to inspect
/// it; `None` (with a note) when no server is configured outside CI.
fn database(name: &str) -> Option<(String, postgres::Client)> {
    let Some(base) = std::env::var("CLIC_TEST_PG").ok().filter(|v| !v.is_empty()) else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "CLIC_TEST_PG is not set, and CI=true: .ci/run starts PostgreSQL and sets it"
        );
        eprintln!("note: CLIC_TEST_PG is not set; the PostgreSQL check `{name}` is skipped");
        return None;
    };
    let db = format!("clic_t_{name}_{}", std::process::id());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("CLIC_TEST_PG connects");
    // Databases this test left in earlier runs (their process is gone).
    let prefix = format!("clic_t_{name}_");
    let stale: Vec<String> = admin
        .query(
            "SELECT datname::text FROM pg_database WHERE starts_with(datname, $1)",
            &[&prefix],
        )
        .expect("list the test databases")
        .iter()
        .map(|r| r.get::<_, String>(0))
        .filter(|d| {
            d[prefix.len()..]
                .parse::<u32>()
                .is_ok_and(|pid| pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists())
        })
        .collect();
    for old in stale {
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {old}"));
    }
    for statement in [
        format!("DROP DATABASE IF EXISTS {db}"),
        format!("CREATE DATABASE {db}"),
    ] {
        admin.batch_execute(&statement).expect("a database for the test");
    }
    // A later dbname overrides the first in a key=value conninfo.
    let conninfo = format!("{base} dbname={db}");
    let client = postgres::Client::connect(&conninfo, postgres::NoTls).expect("the test database connects");
    Some((conninfo, client))
}

/// A role of the test's own, `{prefix}_{pid}`: roles belong to the whole
/// server, so those that earlier runs left (their process is gone, after
/// a failed assertion) are dropped first, as [`database`] does for
/// databases.
fn own_role(client: &mut postgres::Client, prefix: &str) -> String {
    let stale: Vec<String> = client
        .query(
            "SELECT rolname::text FROM pg_roles WHERE starts_with(rolname, $1)",
            &[&format!("{prefix}_")],
        )
        .expect("list the test roles")
        .iter()
        .map(|r| r.get::<_, String>(0))
        .filter(|r| {
            r[prefix.len() + 1..]
                .parse::<u32>()
                .is_ok_and(|pid| pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists())
        })
        .collect();
    for old in stale {
        // What it owns in other databases keeps it; the next run tries again.
        let _ = client.batch_execute(&format!("DROP OWNED BY {old}; DROP ROLE {old}"));
    }
    format!("{prefix}_{}", std::process::id())
}

/// `clic import ARGS` with its own data directory (its SQLite ledger).
fn import(dir: &Path, args: &[&str]) -> Command {
    let mut command = support::clic();
    command
        .arg("import")
        .args(args)
        .arg("--quiet")
        .env("CLIC_DATA_DIR", dir.join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(command: &mut Command) -> support::Run {
    let output = command.output().expect("clic runs");
    support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// An archive of `n` valid CVs and vacancies whose contents depend on `tag`.
fn archive(path: &Path, tag: usize, n: usize) -> PathBuf {
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    let vacancy = String::from_utf8(valid("vacancy")).unwrap();
    let docs: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            if i % 3 == 2 {
                (
                    format!("vacancy-{i:05}.xml"),
                    vacancy
                        .replace("ESW-2026-0117", &format!("E{tag:03}-{i:05}"))
                        .into_bytes(),
                )
            } else {
                (
                    format!("cv-{i:05}.xml"),
                    cv.replace("3331234567", &format!("3{tag:03}{i:06}")).into_bytes(),
                )
            }
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = docs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    write(path, &zip_bytes(&entries));
    path.to_path_buf()
}

/// Every table of the schema `clic` with its row count.
fn counts(client: &mut postgres::Client) -> BTreeMap<String, i64> {
    let tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'clic'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = client
                .query_one(&format!("SELECT count(*) FROM clic.\"{t}\""), &[])
                .unwrap()
                .get(0);
            (t, n)
        })
        .collect()
}

/// The record tables' rows (without `versione` and `archivi`).
fn record_rows(client: &mut postgres::Client) -> BTreeMap<String, i64> {
    let mut all = counts(client);
    all.remove("versione");
    all.remove("archivi");
    all
}

#[test]
fn tables_columns_and_row_counts_are_those_of_the_csv_records_and_typed() {
    let Some((db, mut client)) = database("csv") else {
        return;
    };
    let dir = temp_dir("pg-csv");
    let archive = archive(&dir.join("lotto.zip"), 1, 30);
    let out = dir.join("out");
    let done = run(&mut import(
        &dir,
        &[
            archive.to_str().unwrap(),
            "--db",
            &db,
            "--out",
            out.to_str().unwrap(),
            "--records",
            "csv",
        ],
    ));
    assert_eq!(done.code, 0, "{}{}", done.stdout, done.stderr);
    let folder = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let rows = record_rows(&mut client);
    let mut files = 0;
    for file in std::fs::read_dir(&folder).unwrap() {
        let path = file.unwrap().path();
        let table = path.file_stem().unwrap().to_str().unwrap().to_string();
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let lines = reader.records().count() as i64;
        assert_eq!(rows.get(&table), Some(&lines), "rows of {table}");
        let columns: Vec<String> = client
            .query(
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = 'clic' AND table_name = $1 ORDER BY ordinal_position",
                &[&table],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(
            columns[..header.len()],
            header[..],
            "columns of {table}, in the CSV's order"
        );
        files += 1;
    }
    assert_eq!(files, rows.len(), "one table per CSV file, no other: {rows:?}");
    assert_eq!(rows["candidature"], 20);
    assert_eq!(rows["vacancy"], 10);

    let types: BTreeMap<String, String> = client
        .query(
            "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
             WHERE table_schema = 'clic'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        types["candidature.lavoratore_dati_anagrafici_data_nascita"],
        "date"
    );
    assert_eq!(types["esperienze.data_inizio"], "date");
    assert_eq!(
        types["candidature.dati_sistema_data_inserimento"],
        "timestamp without time zone"
    );
    assert_eq!(types["candidature.id"], "text");
    assert_eq!(types["candidature.archive_sha256"], "text");
    // Keys: id primary, parent_id a foreign key to the parent's rows.
    let keys: Vec<(String, String)> = client
        .query(
            "SELECT tc.table_name::text, tc.constraint_type::text FROM information_schema.table_constraints tc
             WHERE tc.table_schema = 'clic' AND tc.table_name = 'esperienze'
               AND tc.constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') ORDER BY 2",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let orphans: i64 = client
        .query_one(
            "SELECT count(*) FROM clic.esperienze e LEFT JOIN clic.candidature c ON c.id = e.parent_id WHERE c.id IS NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(orphans, 0);
    // parent_id is looked up by equality (joins, the key's checks when a
    // parent row is deleted): a hash index on each child table.
    let looked_up: Vec<String> = client
        .query(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'clic' AND indexdef LIKE '%(parent_id)%'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        looked_up.len(),
        rows.len() - 2,
        "one per child table: {looked_up:?}"
    );
    assert!(
        looked_up.iter().all(|def| def.contains("USING hash (parent_id)")),
        "{looked_up:?}"
    );
    let joined = client
        .query("EXPLAIN SELECT * FROM clic.esperienze WHERE parent_id = 'x'", &[])
        .unwrap()
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(joined.contains("esperienze_parent_id_idx"), "{joined}");
    let born: String = client
        .query_one(
            "SELECT min(lavoratore_dati_anagrafici_data_nascita)::text FROM clic.candidature",
            &[],
        )
        .unwrap()
        .get(0);
    let csv_text = std::fs::read_to_string(folder.join("candidature.csv")).unwrap();
    assert!(csv_text.contains(&born), "the date as the CSV has it: {born}");
}

#[test]
fn the_same_archive_again_or_a_ko_archive_changes_no_table() {
    let Some((db, mut client)) = database("again") else {
        return;
    };
    let dir = temp_dir("pg-again");
    let archive = archive(&dir.join("lotto.zip"), 2, 12);
    let first = run(&mut import(&dir, &[archive.to_str().unwrap(), "--db", &db]));
    assert_eq!(first.code, 0, "{}{}", first.stdout, first.stderr);
    let before = counts(&mut client);
    assert_eq!(before["archivi"], 1);

    // Another machine (another ledger) imports the same archive.
    let elsewhere = dir.join("altra-macchina");
    let again = run(&mut import(&elsewhere, &[archive.to_str().unwrap(), "--db", &db]));
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert_eq!(
        again
            .stdout
            .matches("archivio già caricato in precedenza")
            .count(),
        1,
        "said once: {}",
        again.stdout
    );
    assert_eq!(counts(&mut client), before);

    // The same documents in another archive: recorded, written once.
    let same = dir.join("stessi.zip");
    let bytes = std::fs::read(&archive).unwrap();
    let mut repacked = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut docs = Vec::new();
    for i in (0..repacked.len()).rev() {
        let mut entry = repacked.by_index(i).unwrap();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut text).unwrap();
        docs.push((format!("copia-{}", entry.name().unwrap()), text));
    }
    let entries: Vec<(&str, &[u8])> = docs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    write(&same, &zip_bytes(&entries));
    let copy = run(&mut import(&dir, &[same.to_str().unwrap(), "--db", &db]));
    assert_eq!(copy.code, 0, "{}{}", copy.stdout, copy.stderr);
    let after = counts(&mut client);
    assert_eq!(after["archivi"], 2);
    let new: i64 = client
        .query_one(
            "SELECT documenti_nuovi FROM clic.archivi WHERE nome = 'stessi.zip'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(new, 0);
    assert_eq!(record_rows(&mut client), {
        let mut b = before.clone();
        b.remove("versione");
        b.remove("archivi");
        b
    });

    // An archive with a KO file writes nothing.
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    let ko = dir.join("ko.zip");
    write(
        &ko,
        &zip_bytes(&[
            ("buono.xml", cv.replace("3331234567", "3339999999").as_bytes()),
            (
                "senza-cognome.xml",
                cv.replace("<cognome>Bianchi</cognome>", "").as_bytes(),
            ),
        ]),
    );
    let rejected = run(&mut import(&dir, &[ko.to_str().unwrap(), "--db", &db]));
    assert_eq!(rejected.code, 1, "{}", rejected.stdout);
    assert_eq!(counts(&mut client), after);
}

#[test]
fn a_sigkill_during_copy_leaves_no_row_and_the_same_command_loads_all() {
    let Some((db, mut client)) = database("kill") else {
        return;
    };
    let dir = temp_dir("pg-kill");
    let n = 1500;
    let archive = archive(&dir.join("grande.zip"), 3, n);
    let args = [archive.to_str().unwrap(), "--db", db.as_str()];
    let mut watcher = postgres::Client::connect(&db, postgres::NoTls).unwrap();
    let mut child = import(&dir, &args).spawn().unwrap();
    let started = Instant::now();
    let mut killed_in_copy = false;
    while started.elapsed() < Duration::from_secs(120) {
        let copying: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                   AND query LIKE 'COPY %' AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0);
        if copying > 0 {
            child.kill().unwrap();
            killed_in_copy = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let _ = child.wait();
    assert!(killed_in_copy, "the import was killed while it copied");
    // The server notices the dead client and rolls its transaction back.
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let open: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0);
        if open <= 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let after_kill = counts(&mut client);
    assert!(
        after_kill
            .iter()
            .all(|(table, rows)| table == "versione" || *rows == 0),
        "no row of the killed import: {after_kill:?}"
    );
    let rerun = run(&mut import(&dir, &args));
    assert_eq!(rerun.code, 0, "{}{}", rerun.stdout, rerun.stderr);
    let rows = counts(&mut client);
    assert_eq!(rows["candidature"] + rows["vacancy"], n as i64);
    assert_eq!(rows["archivi"], 1);
}

#[test]
fn two_imports_of_different_archives_at_once_both_land() {
    let Some((db, mut client)) = database("two") else {
        return;
    };
    let dir = temp_dir("pg-two");
    let a = archive(&dir.join("a.zip"), 4, 60);
    let b = archive(&dir.join("b.zip"), 5, 60);
    // Two machines: two ledgers, one database.
    let first = import(&dir.join("uno"), &[a.to_str().unwrap(), "--db", &db])
        .spawn()
        .unwrap();
    let second = import(&dir.join("due"), &[b.to_str().unwrap(), "--db", &db])
        .spawn()
        .unwrap();
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let rows = counts(&mut client);
    assert_eq!(rows["archivi"], 2);
    assert_eq!(rows["candidature"], 80);
    assert_eq!(rows["vacancy"], 40);
}

#[test]
fn two_sends_through_one_postgresql_ledger_deliver_each_document_once() {
    let Some((db, _client)) = database("ledger") else {
        return;
    };
    let dir = temp_dir("pg-ledger");
    let receiver = Receiver::start_with_delay(vec![], Duration::from_millis(5));
    let archives: Vec<PathBuf> = (0..3)
        .map(|i| archive(&dir.join(format!("lotto-{i}.zip")), 10 + i, 16))
        .collect();
    let mut args: Vec<&str> = archives.iter().map(|a| a.to_str().unwrap()).collect();
    args.extend(["--send", &receiver.url, "--ledger", &db, "--backoff", "0.01"]);
    // Two machines over the same folder, one ledger in PostgreSQL.
    let children: Vec<_> = ["uno", "due"]
        .iter()
        .map(|machine| import(&dir.join(machine), &args).spawn().unwrap())
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let keys = receiver.keys();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 48, "every document delivered");
    assert_eq!(keys.len(), 48, "each once");

    // --stato reads the same ledger, from any machine.
    let stato = run(&mut import(
        &dir.join("tre"),
        &["--stato", "--format", "json", "--ledger", &db],
    ));
    assert_eq!(stato.code, 0, "{}", stato.stderr);
    let table: serde_json::Value = serde_json::from_str(&stato.stdout).unwrap();
    let states: Vec<&str> = table
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["Elaborato con successo"; 3]);
    // A rerun from a third machine sends nothing.
    let again = run(&mut import(&dir.join("tre"), &args));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(receiver.keys().len(), 48);
}

/// The first format of the records' database, as clic 1 made it.
const VERSION_1: &str = "
CREATE SCHEMA clic;
CREATE TABLE clic.versione (versione integer NOT NULL);
INSERT INTO clic.versione VALUES (1);
CREATE TABLE clic.archivi (
    sha256      text PRIMARY KEY,
    nome        text NOT NULL,
    caricato_il timestamptz NOT NULL DEFAULT now(),
    documenti   bigint NOT NULL
);
INSERT INTO clic.archivi (sha256, nome, documenti) VALUES ('00ff', 'vecchio.zip', 7);
";

#[test]
fn an_empty_database_and_one_of_the_previous_version_are_brought_forward() {
    let Some((db, mut client)) = database("migration") else {
        return;
    };
    let dir = temp_dir("pg-migration");
    let a = archive(&dir.join("a.zip"), 6, 3);
    let fresh = run(&mut import(&dir, &[a.to_str().unwrap(), "--db", &db]));
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    let version: i32 = client
        .query_one("SELECT versione FROM clic.versione", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 3);

    // Version 1 → 3: the archive loaded then keeps its row, with its count.
    client.batch_execute("DROP SCHEMA clic CASCADE").unwrap();
    client.batch_execute(VERSION_1).unwrap();
    let migrated = run(&mut import(
        &dir.join("altra"),
        &[a.to_str().unwrap(), "--db", &db],
    ));
    assert_eq!(migrated.code, 0, "{}", migrated.stderr);
    let version: i32 = client
        .query_one("SELECT versione FROM clic.versione", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 3);
    let old: i64 = client
        .query_one(
            "SELECT documenti_nuovi FROM clic.archivi WHERE nome = 'vecchio.zip'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(old, 7);
    assert_eq!(counts(&mut client)["candidature"], 2);

    // Version 2 → 3: the B-tree index that format 2 made on parent_id
    // becomes a hash index; an index of the user's own stays.
    client
        .batch_execute(
            "UPDATE clic.versione SET versione = 2;
             DROP INDEX clic.esperienze_parent_id_idx;
             CREATE INDEX ON clic.esperienze (parent_id);
             CREATE INDEX proprio ON clic.lingue (parent_id);",
        )
        .unwrap();
    let c = archive(&dir.join("c.zip"), 8, 3);
    let migrated = run(&mut import(&dir, &[c.to_str().unwrap(), "--db", &db]));
    assert_eq!(migrated.code, 0, "{}", migrated.stderr);
    let indexes: BTreeMap<String, String> = client
        .query(
            "SELECT indexname::text, indexdef FROM pg_indexes
             WHERE schemaname = 'clic' AND tablename IN ('esperienze', 'lingue') AND indexdef LIKE '%(parent_id)%'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(indexes.len(), 3, "{indexes:?}");
    assert!(
        indexes["esperienze_parent_id_idx"].contains("USING hash"),
        "{indexes:?}"
    );
    assert!(
        indexes["lingue_parent_id_idx"].contains("USING hash"),
        "{indexes:?}"
    );
    assert!(indexes["proprio"].contains("USING btree"), "{indexes:?}");
    let version: i32 = client
        .query_one("SELECT versione FROM clic.versione", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 3);
    assert_eq!(counts(&mut client)["candidature"], 4);

    // A database of a newer clic is refused, and left alone.
    client
        .batch_execute("UPDATE clic.versione SET versione = 99")
        .unwrap();
    let before = counts(&mut client);
    let b = archive(&dir.join("b.zip"), 7, 3);
    let refused = run(&mut import(&dir, &[b.to_str().unwrap(), "--db", &db]));
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(
        refused.stderr.contains("versione di clic più recente"),
        "{}",
        refused.stderr
    );
    assert_eq!(counts(&mut client), before);
}

#[test]
fn over_tcp_with_tls_and_the_password_from_pgpassword_never_printed() {
    let Some((db, mut client)) = database("tls") else {
        return;
    };
    let dir = temp_dir("pg-tls");
    let name: String = client
        .query_one("SELECT current_database()::text", &[])
        .unwrap()
        .get(0);
    let port: String = client.query_one("SHOW port", &[]).unwrap().get(0);
    let ssl: String = client.query_one("SHOW ssl", &[]).unwrap().get(0);
    let role = own_role(&mut client, "clic_tls");
    client
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN PASSWORD 'parola-segreta-42';
             GRANT ALL ON DATABASE {name} TO {role}; ALTER DATABASE {name} OWNER TO {role};"
        ))
        .unwrap();
    let _ = db;
    let a = archive(&dir.join("a.zip"), 8, 3);
    let url = |mode: &str| format!("postgresql://{role}@127.0.0.1:{port}/{name}?sslmode={mode}");
    let mut command = import(&dir, &[a.to_str().unwrap(), "--db", &url("require")]);
    let done = run(command.env("PGPASSWORD", "parola-segreta-42"));
    assert_eq!(done.code, 0, "{}{}", done.stdout, done.stderr);
    assert_eq!(counts(&mut client)["candidature"], 2);

    // A wrong password: refused, and the password is never printed.
    let mut command = import(&dir.join("b"), &[a.to_str().unwrap(), "--db", &url("require")]);
    let refused = run(command.env("PGPASSWORD", "sbagliata-77"));
    assert_eq!(refused.code, 2, "{}", refused.stdout);
    assert!(!refused.stderr.contains("sbagliata-77"), "{}", refused.stderr);
    assert!(
        refused.stderr.contains(&format!("postgresql {name}@127.0.0.1")),
        "{}",
        refused.stderr
    );

    if ssl == "on" {
        // verify-full checks the certificate: Debian's self-signed one is refused.
        let mut command = import(
            &dir.join("c"),
            &[a.to_str().unwrap(), "--db", &url("verify-full")],
        );
        let unverified = run(command.env("PGPASSWORD", "parola-segreta-42"));
        assert_eq!(unverified.code, 2, "{}", unverified.stdout);
    }
    client
        .batch_execute(&format!(
            "ALTER DATABASE {name} OWNER TO CURRENT_USER; REASSIGN OWNED BY {role} TO CURRENT_USER;
             DROP OWNED BY {role}; DROP ROLE {role};"
        ))
        .unwrap();
}

/// How many parent rows a load left locked. PostgreSQL's own check of a
/// foreign key locks the parent row it finds (`FOR KEY SHARE`), which
/// leaves the row's `xmax` set; clic's check once per table only reads.
/// So this tells which of the two checked the keys.
fn locked_parents(client: &mut postgres::Client) -> i64 {
    client
        .query_one(
            "SELECT count(*) FROM clic.candidature WHERE xmax <> '0'::xid",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
fn a_role_that_may_not_skip_row_triggers_gets_the_servers_own_key_checks() {
    let Some((db, mut client)) = database("role") else {
        return;
    };
    // A role of this test's own, set for clic's session by the
    // conninfo, as a user's `options` would.
    let role = own_role(&mut client, "clic_t_role");
    let name: String = client
        .query_one("SELECT current_database()::text", &[])
        .unwrap()
        .get(0);
    client
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} NOSUPERUSER;
             GRANT CREATE ON DATABASE {name} TO {role};"
        ))
        .unwrap();
    let as_role = format!("{db} options='-c role={role}'");
    let dir = temp_dir("pg-role");
    let first = archive(&dir.join("primo.zip"), 11, 9);
    let plain = run(&mut import(&dir, &[first.to_str().unwrap(), "--db", &as_role]));
    assert_eq!(plain.code, 0, "{}{}", plain.stdout, plain.stderr);
    let rows = record_rows(&mut client);
    assert_eq!(rows["candidature"], 6);
    assert_eq!(rows["esperienze"], 6);
    assert_eq!(
        locked_parents(&mut client),
        6,
        "the server checked each row's key"
    );

    // Granted the right to switch row triggers off (PostgreSQL 15), the
    // role's loads check the keys once per table: the same rows, no lock.
    client
        .batch_execute(&format!(
            "GRANT SET ON PARAMETER session_replication_role TO {role}"
        ))
        .unwrap();
    let second = archive(&dir.join("secondo.zip"), 12, 9);
    let granted = run(&mut import(&dir, &[second.to_str().unwrap(), "--db", &as_role]));
    assert_eq!(granted.code, 0, "{}{}", granted.stdout, granted.stderr);
    let rows = record_rows(&mut client);
    assert_eq!(rows["candidature"], 12);
    assert_eq!(rows["esperienze"], 12);
    assert_eq!(locked_parents(&mut client), 6, "the new parents were not locked");
    let owner: String = client
        .query_one(
            "SELECT tableowner::text FROM pg_tables WHERE schemaname = 'clic' AND tablename = 'esperienze'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(owner, role);
    client
        .batch_execute(&format!(
            "DROP OWNED BY {role}; REVOKE ALL ON PARAMETER session_replication_role FROM {role}; DROP ROLE {role}"
        ))
        .unwrap();
}

#[test]
fn a_trigger_of_the_users_own_still_fires_on_every_row() {
    let Some((db, mut client)) = database("trigger") else {
        return;
    };
    let dir = temp_dir("pg-trigger");
    let first = archive(&dir.join("primo.zip"), 13, 6);
    let loaded = run(&mut import(&dir, &[first.to_str().unwrap(), "--db", &db]));
    assert_eq!(loaded.code, 0, "{}{}", loaded.stdout, loaded.stderr);
    // The test's role may switch row triggers off (CI's is a superuser):
    // clic checked the keys itself.
    assert_eq!(locked_parents(&mut client), 0, "keys checked once per table");

    // A trigger of the user's own, as an audit would add: skipping row
    // triggers would skip it too, so clic leaves them on.
    client
        .batch_execute(
            "CREATE TABLE public.audit (tabella text, id text);
             CREATE FUNCTION public.audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN INSERT INTO public.audit VALUES (TG_TABLE_NAME, NEW.id); RETURN NEW; END $$;
             CREATE TRIGGER audit AFTER INSERT ON clic.esperienze
                 FOR EACH ROW EXECUTE FUNCTION public.audit_row();",
        )
        .unwrap();
    let second = archive(&dir.join("secondo.zip"), 14, 6);
    let audited = run(&mut import(&dir, &[second.to_str().unwrap(), "--db", &db]));
    assert_eq!(audited.code, 0, "{}{}", audited.stdout, audited.stderr);
    let (rows, audit): (i64, i64) = {
        let row = client
            .query_one(
                "SELECT (SELECT count(*) FROM clic.esperienze), (SELECT count(*) FROM public.audit)",
                &[],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!((rows, audit), (8, 4), "each new row went through the trigger");
    assert_eq!(
        locked_parents(&mut client),
        4,
        "the server checked each row's key"
    );
}

#[test]
fn the_check_once_per_table_finds_a_key_without_its_row() {
    let Some((_, mut client)) = database("orphan") else {
        return;
    };
    client
        .batch_execute(
            "CREATE TABLE genitori (id text PRIMARY KEY); INSERT INTO genitori VALUES ('a'), ('b');",
        )
        .unwrap();
    let mut tx = client.transaction().unwrap();
    let missing = |tx: &mut postgres::Transaction<'_>, keys: &[&str]| {
        clic::records::postgres::first_missing(tx, "genitori", keys).unwrap()
    };
    assert_eq!(missing(&mut tx, &["a", "b"]), None);
    assert_eq!(missing(&mut tx, &["a", "c", "b"]), Some("c".to_string()));
    assert_eq!(missing(&mut tx, &[]), None);
}
