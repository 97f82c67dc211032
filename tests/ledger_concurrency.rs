//! The ledger and the outputs of `clic import` under concurrent runs and
//! faults: nothing sent twice, nothing lost, no success that did not
//! happen. Every test runs the binary; sending goes to the local receiver.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::receiver::Receiver;
use support::{temp_dir, valid, write, zip_bytes};

/// `clic import ARGS` with the ledger `dir/registro.sqlite`.
fn import(dir: &Path, args: &[&str]) -> Command {
    let mut command = support::clic();
    command
        .arg("import")
        .args(args)
        .arg("--ledger")
        .arg(dir.join("registro.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn finish(child: Child) -> support::Run {
    let output = child.wait_with_output().expect("clic finishes");
    support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn run(command: &mut Command) -> support::Run {
    finish(command.spawn().expect("clic runs"))
}

/// An archive of `n` valid CVs whose contents depend on `tag`.
fn archive(path: &Path, tag: usize, n: usize) -> PathBuf {
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    let docs: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            (
                format!("cv-{i:03}.xml"),
                cv.replace("3331234567", &format!("33{tag:04}{i:04}"))
                    .into_bytes(),
            )
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = docs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    write(path, &zip_bytes(&entries));
    path.to_path_buf()
}

const FAST: [&str; 4] = ["--backoff", "0.01", "--send-jobs", "4"];

fn send_args<'a>(archive: &'a Path, url: &'a str) -> Vec<&'a str> {
    let mut args = vec![archive.to_str().unwrap(), "--send", url, "--quiet"];
    args.extend(FAST);
    args
}

fn ledger_sql(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("registro.sqlite")).unwrap()
}

fn stato_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--stato", "--format", "json"];
    args.extend(extra);
    let run = run(&mut import(dir, &args));
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn twenty_pairs_of_concurrent_sends_deliver_each_document_exactly_once() {
    const DOCUMENTS: usize = 6;
    let dir = temp_dir("ledger-pairs");
    let receiver = Receiver::start_with_delay(vec![], Duration::from_millis(5));
    for round in 0..20 {
        let archive = archive(&dir.join(format!("lotto-{round:02}.zip")), round, DOCUMENTS);
        let args = send_args(&archive, &receiver.url);
        let first = import(&dir, &args).spawn().unwrap();
        let second = import(&dir, &args).spawn().unwrap();
        let runs = [finish(first), finish(second)];
        for run in &runs {
            assert_eq!(run.code, 0, "round {round}: {}\n{}", run.stdout, run.stderr);
            assert!(!run.stderr.contains("locked"), "round {round}: {}", run.stderr);
        }
        let delivered = runs
            .iter()
            .filter(|r| r.stdout.contains(&format!("consegnate {DOCUMENTS}, rifiutate 0")))
            .count();
        let nothing_to_do = runs.iter().filter(|r| r.stdout.contains("nulla da fare")).count();
        assert_eq!(
            (delivered, nothing_to_do),
            (1, 1),
            "round {round}: one run delivers, the other finds it done:\n{}\n{}",
            runs[0].stdout,
            runs[1].stdout
        );
    }
    let mut deliveries: HashMap<String, usize> = HashMap::new();
    for key in receiver.keys() {
        *deliveries.entry(key).or_default() += 1;
    }
    assert_eq!(deliveries.len(), 20 * DOCUMENTS);
    assert!(
        deliveries.values().all(|&n| n == 1),
        "a document was delivered twice"
    );
    let table = stato_json(&dir, &[]);
    assert_eq!(table.as_array().unwrap().len(), 20);
    assert!(
        table
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["state"] == "Elaborato con successo" && a["sent"] == DOCUMENTS)
    );
}

#[test]
fn a_run_that_waits_for_another_says_so() {
    let dir = temp_dir("ledger-wait");
    // Eight rounds of four requests, 2.4 s: the second run starts during the first's second.
    let archive = archive(&dir.join("lento.zip"), 1, 32);
    let receiver = Receiver::start_with_delay(vec![], Duration::from_millis(300));
    let mut args = send_args(&archive, &receiver.url);
    args.retain(|a| *a != "--quiet");
    let first = import(&dir, &args).spawn().unwrap();
    let started = Instant::now();
    while receiver.seen().is_empty() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let second = run(&mut import(&dir, &args));
    let first = finish(first);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.stderr.contains("in elaborazione da un altro processo"),
        "{}",
        second.stderr
    );
    assert!(second.stdout.contains("nulla da fare"), "{}", second.stdout);
    assert_eq!(receiver.keys().len(), 32);
}

#[test]
fn same_name_archives_keep_both_record_sets() {
    let dir = temp_dir("ledger-same-name");
    let first = archive(&dir.join("a/lotto.zip"), 1, 3);
    let second = archive(&dir.join("b/lotto.zip"), 2, 2);
    let out = dir.join("out");
    for archive in [&first, &second] {
        let run = run(&mut import(
            &dir,
            &[archive.to_str().unwrap(), "--out", out.to_str().unwrap()],
        ));
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let mut lines: Vec<usize> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let folder = e.unwrap().path();
            assert!(
                folder
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("lotto-"),
                "{}",
                folder.display()
            );
            std::fs::read_to_string(folder.join("records.jsonl"))
                .unwrap()
                .lines()
                .count()
        })
        .collect();
    lines.sort();
    assert_eq!(lines, [2, 3], "both archives' records, each in its own folder");
}

#[test]
fn concurrent_imports_into_one_out_both_succeed() {
    let dir = temp_dir("ledger-one-out");
    let out = dir.join("out");
    let same = archive(&dir.join("a/lotto.zip"), 1, 60);
    let other = archive(&dir.join("b/lotto.zip"), 2, 60);
    for round in 0..4 {
        // The same archive through two ledgers (not serialized by either),
        // and a different archive of the same name.
        let ledgers = [
            dir.join(format!("l{round}-1")),
            dir.join(format!("l{round}-2")),
            dir.join(format!("l{round}-3")),
        ];
        let children: Vec<Child> = [(&same, &ledgers[0]), (&same, &ledgers[1]), (&other, &ledgers[2])]
            .into_iter()
            .map(|(archive, ledger)| {
                import(
                    ledger,
                    &[archive.to_str().unwrap(), "--out", out.to_str().unwrap()],
                )
                .spawn()
                .unwrap()
            })
            .collect();
        for child in children {
            let run = finish(child);
            assert_eq!(run.code, 0, "round {round}: {}\n{}", run.stdout, run.stderr);
        }
        let names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "round {round}: no temporary folder left: {names:?}"
        );
        for name in names {
            let records = std::fs::read_to_string(out.join(name).join("records.jsonl")).unwrap();
            assert_eq!(records.lines().count(), 60, "round {round}");
        }
    }
}

#[test]
fn an_edited_unknown_state_stops_the_run_and_sends_nothing() {
    let dir = temp_dir("ledger-unknown-state");
    let archive = archive(&dir.join("consegnato.zip"), 1, 3);
    let receiver = Receiver::start(vec![]);
    let args = send_args(&archive, &receiver.url);
    assert_eq!(run(&mut import(&dir, &args)).code, 0);
    assert_eq!(receiver.keys().len(), 3);

    // A file state nobody knows, in an archive still to be processed.
    ledger_sql(&dir)
        .execute_batch("UPDATE archivi SET stato = 'da_elaborare'; UPDATE file SET stato = 'Consegnato';")
        .unwrap();
    let stopped = run(&mut import(&dir, &args));
    assert_eq!(stopped.code, 2, "{}", stopped.stdout);
    assert!(
        stopped.stderr.contains("stato sconosciuto «Consegnato»"),
        "{}",
        stopped.stderr
    );
    assert_eq!(receiver.keys().len(), 3, "nothing sent again");

    // An archive state nobody knows.
    ledger_sql(&dir)
        .execute_batch("UPDATE archivi SET stato = 'Elaborato';")
        .unwrap();
    let stopped = run(&mut import(&dir, &args));
    assert_eq!(stopped.code, 2, "{}", stopped.stdout);
    assert!(stopped.stderr.contains("«Elaborato»"), "{}", stopped.stderr);
    assert_eq!(receiver.keys().len(), 3, "nothing sent again");
}

/// The ledger as the first version wrote it (Italian labels and messages,
/// no `user_version`), with its tables exactly as that version created them.
const FIRST_FORMAT: &str = "
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

#[test]
fn a_ledger_of_the_first_format_is_migrated_with_its_history() {
    let dir = temp_dir("ledger-migration");
    let archive = archive(&dir.join("storico.zip"), 1, 2);
    let sha = {
        use sha2::Digest;
        let bytes = std::fs::read(&archive).unwrap();
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    {
        let old = ledger_sql(&dir);
        old.execute_batch(FIRST_FORMAT).unwrap();
        old.execute(
            "INSERT INTO archivi VALUES (1, ?1, 'storico.zip', '2026-01-10 09:00:00', '2026-01-10 09:01:00',
             'Elaborato con successo', 2, 2, 0, 2, 0, 0, 'http://nodo')",
            [&sha],
        )
        .unwrap();
        old.execute_batch(
            "INSERT INTO archivi VALUES (2, 'ffff', 'scuola.zip', '2026-01-11 09:00:00', '2026-01-11 09:00:00',
             'Elaborato con errori', 2, 1, 1, 0, 0, 0, NULL);
             INSERT INTO file VALUES (1, 1, 'cv-000.xml', 'a', 'candidatura', 'inviato', NULL, 'k1', 'Comunicazione acquisita', 1, '2026-01-10 09:01:00');
             INSERT INTO file VALUES (2, 1, 'cv-001.xml', 'b', 'candidatura', 'inviato', NULL, 'k2', 'Comunicazione acquisita', 2, '2026-01-10 09:01:00');
             INSERT INTO file VALUES (3, 2, 'cv-150.xml', NULL, 'candidatura', 'errato', 'CL0101 Manca il campo obbligatorio cognome.', NULL, NULL, 0, '2026-01-11 09:00:00');
             INSERT INTO file VALUES (4, 2, 'cv-151.xml', NULL, 'candidatura', 'scartato', NULL, NULL, NULL, 0, '2026-01-11 09:00:00');",
        )
        .unwrap();
    }
    let table = stato_json(&dir, &[]);
    let states: Vec<&str> = table
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["Elaborato con errori", "Elaborato con successo"]);
    let detail = stato_json(&dir, &["--dettaglio", "scuola.zip"]);
    let files = detail["files_detail"].as_array().unwrap();
    assert_eq!(files[0]["state"], "errato");
    assert_eq!(files[0]["reason"], "CL0101 Manca il campo obbligatorio cognome.");
    assert_eq!(files[1]["state"], "scartato");
    let sent = stato_json(&dir, &["--dettaglio", "storico.zip"]);
    assert_eq!(sent["files_detail"][1]["attempts"], 2);
    let version: i64 = ledger_sql(&dir)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    let mark: i64 = ledger_sql(&dir)
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mark, 0x434C_6963, "a ledger made before the mark is stamped");

    // The history counts: the archive delivered then is not sent again.
    let receiver = Receiver::start(vec![]);
    let again = run(&mut import(&dir, &send_args(&archive, &receiver.url)));
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.contains("nulla da fare"), "{}", again.stdout);
    assert!(receiver.keys().is_empty());
}

#[test]
fn the_processing_control_table_speaks_the_chosen_language() {
    let dir = temp_dir("ledger-english");
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    let broken = cv.replace("<cognome>Bianchi</cognome>", "");
    let archive = dir.join("scuola.zip");
    // A typed reason in the message's argument (the parser's), and plain ones.
    let malformed = b"<?xml version=\"1.0\"?><a><b></a>";
    write(
        &archive,
        &zip_bytes(&[
            ("ok.xml", cv.as_bytes()),
            ("ko.xml", broken.as_bytes()),
            ("rotto.xml", malformed),
        ]),
    );
    assert_eq!(run(&mut import(&dir, &[archive.to_str().unwrap()])).code, 1);
    let english = |args: &[&str]| {
        let mut command = import(&dir, args);
        command.env("CLIC_LANG", "en");
        run(&mut command)
    };
    let table = english(&["--stato"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("Processed with errors"), "{}", table.stdout);
    assert!(!table.stdout.contains("Elaborato"), "{}", table.stdout);
    let detail = english(&["--stato", "--dettaglio", "scuola.zip"]);
    assert!(detail.stdout.contains("discarded"), "{}", detail.stdout);
    let ko_line = detail.stdout.lines().find(|l| l.contains("ko.xml")).unwrap();
    assert!(ko_line.starts_with("KO"), "{ko_line}");
    assert!(ko_line.contains("CL0101"), "{ko_line}");
    let italian = run(&mut import(&dir, &["--stato", "--dettaglio", "scuola.zip"]));
    let ko_italian = italian.stdout.lines().find(|l| l.contains("ko.xml")).unwrap();
    assert!(ko_italian.starts_with("errato"), "{ko_italian}");
    assert_ne!(
        ko_line.split("CL0101").nth(1),
        ko_italian.split("CL0101").nth(1),
        "the reason is in each language"
    );
    let malformed_line = |run: &support::Run| {
        run.stdout
            .lines()
            .find(|l| l.contains("rotto.xml"))
            .unwrap()
            .to_string()
    };
    assert!(
        malformed_line(&detail).ends_with("CL0030 XML not well-formed: </a> closes <b>, opened on line 1."),
        "{}",
        malformed_line(&detail)
    );
    assert!(
        malformed_line(&italian).contains("il tag di chiusura </a> non corrisponde"),
        "{}",
        malformed_line(&italian)
    );
}

#[test]
fn stato_on_a_missing_ledger_says_so_and_creates_nothing() {
    let dir = temp_dir("ledger-missing");
    let run = run(&mut import(&dir, &["--stato"]));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("non esiste"), "{}", run.stderr);
    assert!(!dir.join("registro.sqlite").exists());
}

#[test]
fn an_empty_file_or_another_programs_database_is_refused_and_nothing_is_sent() {
    let foreign = |path: &Path| {
        rusqlite::Connection::open(path)
            .unwrap()
            .execute_batch("CREATE TABLE rubrica (nome TEXT, telefono TEXT); INSERT INTO rubrica VALUES ('Anna', '333');")
            .unwrap();
    };
    type Make<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Make<'_>, &str); 2] = [
        (
            "ledger-empty",
            &|path: &Path| write(path, b""),
            "è vuoto (0 byte)",
        ),
        ("ledger-foreign", &foreign, "database di un altro programma"),
    ];
    for (name, make, said) in cases {
        let dir = temp_dir(name);
        let ledger = dir.join("registro.sqlite");
        make(&ledger);
        let before = std::fs::read(&ledger).unwrap();
        let archive = archive(&dir.join("lotto.zip"), 1, 3);
        let receiver = Receiver::start(vec![]);
        let refused = run(&mut import(&dir, &send_args(&archive, &receiver.url)));
        assert_eq!(refused.code, 2, "{name}: {}", refused.stdout);
        assert!(refused.stderr.contains(said), "{name}: {}", refused.stderr);
        assert!(
            refused.stderr.contains("nulla è stato importato né inviato"),
            "{}",
            refused.stderr
        );
        assert_eq!(receiver.seen().len(), 0, "{name}: no request sent");
        let stato = run(&mut import(&dir, &["--stato"]));
        assert_eq!(stato.code, 2, "{name}: {}", stato.stdout);
        assert!(stato.stderr.contains(said), "{name}: {}", stato.stderr);
        assert_eq!(
            std::fs::read(&ledger).unwrap(),
            before,
            "{name}: the file is left as it was"
        );
    }
}

#[test]
fn a_new_ledger_carries_clics_mark() {
    let dir = temp_dir("ledger-mark");
    let archive = archive(&dir.join("nuovo.zip"), 1, 2);
    let first = run(&mut import(&dir, &[archive.to_str().unwrap(), "--quiet"]));
    assert_eq!(first.code, 0, "{}", first.stderr);
    let id: i64 = ledger_sql(&dir)
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, 0x434C_6963);
}

/// Starts a slow `import --send`, lets `tamper` act on the ledger once
/// some documents are delivered, and returns the run.
fn tampered_run(name: &str, tamper: impl FnOnce(&Path)) -> (support::Run, usize) {
    let dir = temp_dir(name);
    let archive = archive(&dir.join("lungo.zip"), 1, 24);
    let receiver = Receiver::start_with_delay(vec![], Duration::from_millis(40));
    let args = send_args(&archive, &receiver.url);
    let child = import(&dir, &args).spawn().unwrap();
    let started = Instant::now();
    while receiver.seen().len() < 2 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(2));
    }
    tamper(&dir.join("registro.sqlite"));
    (finish(child), receiver.seen().len())
}

#[test]
fn a_ledger_deleted_or_replaced_during_a_run_stops_it_with_exit_2() {
    let (deleted, _) = tampered_run("ledger-deleted", |ledger| {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = ledger.as_os_str().to_owned();
            path.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(path));
        }
    });
    assert_eq!(deleted.code, 2, "{}", deleted.stdout);
    assert!(
        deleted.stderr.contains("cancellato o sostituito"),
        "{}",
        deleted.stderr
    );
    assert!(!deleted.stdout.contains("consegnate"), "{}", deleted.stdout);

    let (replaced, _) = tampered_run("ledger-replaced", |ledger| {
        let other = ledger.with_file_name("altro.sqlite");
        rusqlite::Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        std::fs::rename(&other, ledger).unwrap();
    });
    assert_eq!(replaced.code, 2, "{}", replaced.stdout);
    assert!(
        replaced.stderr.contains("cancellato o sostituito"),
        "{}",
        replaced.stderr
    );
}
