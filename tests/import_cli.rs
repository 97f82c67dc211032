//! `clic import`: all or nothing, normalized records, the ledger, and
//! transmission to a receiver written here (tests/support/receiver.rs).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::receiver::{Receiver, Reply};
use support::{fixtures, temp_dir, valid, write, zip_bytes};

/// An import run with its own data directory (ledger) and language.
fn import(dir: &Path, args: &[&str]) -> support::Run {
    let mut all = vec!["import".to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    let output = support::clic()
        .args(&all)
        .env("CLIC_DATA_DIR", dir.join("data"))
        .output()
        .expect("clic runs");
    support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn stato(dir: &Path) -> Value {
    let run = import(dir, &["--stato", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn detail(dir: &Path, archive: &str) -> Value {
    let run = import(dir, &["--stato", "--format", "json", "--dettaglio", archive]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// An archive of `n` valid CVs and vacancies (distinct contents).
fn archive_of(dir: &Path, name: &str, n: usize) -> PathBuf {
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    let vacancy = String::from_utf8(valid("vacancy")).unwrap();
    let docs: Vec<(String, Vec<u8>)> = (0..n)
        .map(|i| {
            if i % 3 == 2 {
                (
                    format!("vacancy-{i:04}.xml"),
                    vacancy
                        .replace("ESW-2026-0117", &format!("ESW-{i:04}"))
                        .into_bytes(),
                )
            } else {
                (
                    format!("cv-{i:04}.xml"),
                    cv.replace("3331234567", &format!("333{i:07}")).into_bytes(),
                )
            }
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = docs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let path = dir.join(name);
    write(&path, &zip_bytes(&entries));
    path
}

const FAST: [&str; 8] = [
    "--backoff",
    "0.01",
    "--connect-timeout",
    "2",
    "--read-timeout",
    "2",
    "--request-timeout",
    "5",
];

fn send_args<'a>(url: &'a str, archive: &'a str) -> Vec<&'a str> {
    let mut args = vec![archive, "--send", url];
    args.extend(FAST);
    args
}

#[test]
fn an_archive_with_one_ko_file_writes_and_sends_nothing() {
    let dir = temp_dir("import-one-ko");
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    let mut docs: Vec<(String, Vec<u8>)> = (0..300)
        .map(|i| {
            (
                format!("cv-{i:03}.xml"),
                cv.replace("3331234567", &format!("333{i:07}")).into_bytes(),
            )
        })
        .collect();
    docs[150].1 = cv.replace("<cognome>Bianchi</cognome>", "").into_bytes();
    let entries: Vec<(&str, &[u8])> = docs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let archive = dir.join("scuola.zip");
    write(&archive, &zip_bytes(&entries));
    let receiver = Receiver::start(vec![]);
    let out = dir.join("out");
    let mut args = send_args(&receiver.url, archive.to_str().unwrap());
    args.extend(["--out", out.to_str().unwrap()]);
    let run = import(&dir, &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("cv-150.xml"), "the report names the KO file");
    assert!(run.stdout.contains("CL0101"));
    assert!(
        run.stdout.contains("RIFIUTATO (Elaborato con errori)"),
        "{}",
        run.stdout
    );
    assert!(receiver.seen().is_empty(), "nothing sent");
    assert!(
        !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written"
    );
    let table = stato(&dir);
    assert_eq!(table[0]["state"], "Elaborato con errori");
    assert_eq!(table[0]["ko"], 1);
    assert_eq!(table[0]["ok"], 299);
    let files = detail(&dir, "scuola.zip");
    let broken = files["files_detail"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "cv-150.xml")
        .unwrap();
    assert_eq!(broken["state"], "errato");
    assert!(broken["reason"].as_str().unwrap().starts_with("CL0101"));
}

#[test]
fn messages_are_not_imported() {
    let dir = temp_dir("import-message");
    let archive = dir.join("con-messaggio.zip");
    write(
        &archive,
        &zip_bytes(&[
            ("cv.xml", &valid("candidatura")),
            ("msg.xml", &valid("messaggio")),
        ]),
    );
    let run = import(&dir, &[archive.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("CL0801"), "{}", run.stdout);
    let explained = support::run(&["explain", "CL0801"]);
    assert_eq!(explained.code, 0, "every code import emits is explained");
    assert!(explained.stdout.contains("messaggio-non-importabile"));
}

#[test]
fn all_ok_delivers_every_file_once_with_its_key_and_a_rerun_sends_nothing() {
    let dir = temp_dir("import-all-ok");
    let archive = archive_of(&dir, "tutto-ok.zip", 30);
    let receiver = Receiver::start(vec![]);
    let run = import(&dir, &send_args(&receiver.url, archive.to_str().unwrap()));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("consegnate 30, rifiutate 0, non consegnate 0"),
        "{}",
        run.stdout
    );
    let seen = receiver.seen();
    assert_eq!(seen.len(), 30);
    let mut keys: Vec<&str> = seen.iter().map(|s| s.header_key.as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 30, "one key per document");
    for request in &seen {
        assert_eq!(
            request.header_key, request.soap_key,
            "the key is in the HTTP and the SOAP header"
        );
        assert_eq!(request.header_key.len(), 64);
        let (operation, element) = if request.operation == "invioCandidatura" {
            ("invioCandidatura", "CandidaturaXML")
        } else {
            ("invioVacancy", "VacancyXML")
        };
        assert!(
            request
                .body
                .contains(&format!("<typ:{operation}><typ:{element}>&lt;?xml")),
            "{}",
            request.body
        );
    }
    assert_eq!(seen.iter().filter(|s| s.operation == "invioVacancy").count(), 10);
    assert_eq!(stato(&dir)[0]["state"], "Elaborato con successo");
    assert_eq!(stato(&dir)[0]["sent"], 30);

    let again = import(&dir, &send_args(&receiver.url, archive.to_str().unwrap()));
    assert_eq!(again.code, 0);
    assert!(again.stdout.contains("nulla da fare"), "{}", again.stdout);
    assert_eq!(receiver.seen().len(), 30, "a rerun sends nothing");

    // --force sends again, with the same keys so the receiver can drop duplicates.
    let forced = {
        let mut args = send_args(&receiver.url, archive.to_str().unwrap());
        args.push("--force");
        import(&dir, &args)
    };
    assert_eq!(forced.code, 0);
    let first: Vec<String> = receiver.keys()[..30].to_vec();
    let mut second: Vec<String> = receiver.keys()[30..].to_vec();
    let mut first_sorted = first.clone();
    first_sorted.sort();
    second.sort();
    assert_eq!(first_sorted, second);
}

#[test]
fn transient_errors_are_retried_until_delivered() {
    let dir = temp_dir("import-transient");
    let archive = archive_of(&dir, "instabile.zip", 1);
    let receiver = Receiver::start(vec![
        Reply::Status(503),
        Reply::Status(503),
        Reply::ServerFault,
        Reply::Drop,
    ]);
    let run = import(&dir, &send_args(&receiver.url, archive.to_str().unwrap()));
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(receiver.seen().len(), 1);
    let file = &detail(&dir, "instabile.zip")["files_detail"][0];
    assert_eq!(file["state"], "inviato");
    assert_eq!(file["outcome"], "Comunicazione acquisita");
    assert_eq!(file["attempts"], 5, "tentativi counts HTTP requests, not runs");
}

#[test]
fn a_ko_answer_is_a_permanent_refusal() {
    let dir = temp_dir("import-ko-answer");
    let archive = archive_of(&dir, "rifiuto.zip", 1);
    let receiver = Receiver::start(vec![Reply::Ko("codice fiscale già presente")]);
    let run = import(&dir, &send_args(&receiver.url, archive.to_str().unwrap()));
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("rifiutato  cv-0000.xml: codice fiscale già presente"),
        "{}",
        run.stdout
    );
    let table = stato(&dir);
    assert_eq!(table[0]["state"], "Elaborato con errori");
    assert_eq!(table[0]["refused"], 1);
    let file = &detail(&dir, "rifiuto.zip")["files_detail"][0];
    assert_eq!(file["state"], "rifiutato");
    assert_eq!(file["attempts"], 1, "a KO is never retried");
}

#[test]
fn a_client_fault_is_not_retried_and_a_server_fault_is() {
    let dir = temp_dir("import-faults");
    let archive = archive_of(&dir, "fault.zip", 1);
    let receiver = Receiver::start(vec![Reply::ClientFault]);
    let run = import(&dir, &send_args(&receiver.url, archive.to_str().unwrap()));
    assert_eq!(run.code, 1);
    let file = &detail(&dir, "fault.zip")["files_detail"][0];
    assert_eq!(file["state"], "rifiutato");
    assert!(file["outcome"].as_str().unwrap().contains("soap:Client"));
    assert!(receiver.seen().is_empty());
}

#[test]
fn a_server_that_never_answers_ends_by_its_timeout_and_resumes_later() {
    let dir = temp_dir("import-hang");
    let archive = archive_of(&dir, "silenzio.zip", 2);
    let receiver = Receiver::start(vec![Reply::Hang, Reply::Hang, Reply::Hang, Reply::Hang]);
    let started = Instant::now();
    let args = vec![
        archive.to_str().unwrap(),
        "--send",
        &receiver.url,
        "--read-timeout",
        "1",
        "--request-timeout",
        "2",
        "--retries",
        "1",
        "--backoff",
        "0.01",
    ];
    let run = import(&dir, &args);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the run must not hang"
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("non consegnate 2"), "{}", run.stdout);
    assert!(run.stdout.contains("(dopo 2 tentativi)"), "{}", run.stdout);
    let english = support::clic()
        .args(["--lang", "en", "import", "--stato", "--dettaglio", "silenzio.zip"])
        .env("CLIC_DATA_DIR", dir.join("data"))
        .output()
        .unwrap();
    let english = String::from_utf8_lossy(&english.stdout);
    assert!(
        english.contains("sending failed") && english.contains("(after 2 attempts)"),
        "the ledger's outcome in the reader's language: {english}"
    );
    assert_eq!(stato(&dir)[0]["state"], "Da elaborare");
    // The node is back: the same command delivers what was left.
    let resumed = import(&dir, &args);
    assert_eq!(resumed.code, 0, "{}", resumed.stdout);
    assert_eq!(receiver.seen().len(), 2);
    assert_eq!(stato(&dir)[0]["state"], "Elaborato con successo");
}

/// Issue 24 item 6: a node that accepts connections and never answers
/// stops the run by the circuit breaker (8 requests in a row without an
/// answer), well before 154 documents × 3 tries × 1 s would.
#[test]
fn sending_stops_when_the_node_never_answers_and_the_same_command_resumes() {
    let dir = temp_dir("import-breaker");
    let archive = archive_of(&dir, "nodo-muto.zip", 154);
    let receiver = Receiver::start(vec![Reply::Hang; 10_000]);
    let args = [
        archive.to_str().unwrap(),
        "--send",
        &receiver.url,
        "--read-timeout",
        "1",
        "--retries",
        "2",
    ];
    let started = Instant::now();
    let run = import(&dir, &args);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(40), "the run took {took:?}");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("invio interrotto: il nodo non ha risposto a 8 richieste di fila"),
        "{}",
        run.stdout
    );
    // 8 failures open the circuit; at most the other 3 workers' requests
    // were in flight then.
    let asked = receiver.requests();
    eprintln!("154 documents, a node that never answers: stopped after {took:?}, {asked} requests");
    assert!((8..=11).contains(&asked), "{asked} requests");
    let files = detail(&dir, "nodo-muto.zip")["files_detail"]
        .as_array()
        .unwrap()
        .clone();
    let untried = files.iter().filter(|f| f["state"] == "da elaborare").count();
    let failed = files.iter().filter(|f| f["state"] == "invio fallito").count();
    assert_eq!(untried + failed, 154, "every file left to send");
    assert!(untried >= 150, "{untried} never tried");
    assert_eq!(stato(&dir)[0]["state"], "Da elaborare");

    // The node answers again: the same command delivers every document.
    receiver.answer_ok_from_now();
    let resumed = import(&dir, &args);
    assert_eq!(resumed.code, 0, "{}", resumed.stdout);
    let mut keys = receiver.keys();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 154);
    assert_eq!(stato(&dir)[0]["state"], "Elaborato con successo");
}

#[test]
fn a_deadline_stops_sending_and_cuts_the_waits() {
    let dir = temp_dir("import-deadline");
    let archive = archive_of(&dir, "scadenza.zip", 20);
    // 503 with Retry-After: 3600 would make each document wait an hour.
    let receiver = Receiver::start_with_retry_after(vec![Reply::Status(503); 10_000], 3600);
    let started = Instant::now();
    let run = import(
        &dir,
        &[
            archive.to_str().unwrap(),
            "--send",
            &receiver.url,
            "--deadline",
            "2s",
            "--max-failures",
            "1000",
        ],
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(15), "the run took {took:?}");
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("tempo massimo (--deadline) raggiunto"),
        "{}",
        run.stdout
    );
    assert!(receiver.requests() <= 8, "{} requests", receiver.requests());
}

/// An archive of the valid fixtures, in several encodings.
fn output_archive(dir: &Path) -> PathBuf {
    let path = dir.join("campione.zip");
    let files = [
        ("cv-utf8.xml", fixtures().join("validi/candidatura.xml")),
        ("cv-latin1.xml", fixtures().join("codifiche/iso-8859-1.xml")),
        ("cv-utf16.xml", fixtures().join("codifiche/utf-16le-con-bom.xml")),
        ("vacancy.xml", fixtures().join("validi/vacancy.xml")),
    ];
    let contents: Vec<(&str, Vec<u8>)> = files
        .iter()
        .map(|(n, p)| (*n, std::fs::read(p).unwrap()))
        .collect();
    let entries: Vec<(&str, &[u8])> = contents.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    write(&path, &zip_bytes(&entries));
    path
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("import/atteso").join(name)).unwrap()
}

#[test]
fn jsonl_records_match_the_fixture_field_by_field() {
    let dir = temp_dir("import-jsonl");
    let archive = output_archive(&dir);
    let out = dir.join("out");
    let run = import(&dir, &[archive.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let got = std::fs::read_to_string(records_dir(&out, "campione").join("records.jsonl")).unwrap();
    let want = expected("records.jsonl");
    let got: Vec<Value> = got.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let want: Vec<Value> = want.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        compare("", g, w);
    }
    // The three CVs are one person in three encodings: same content, accents intact.
    assert_eq!(
        got[1]["lavoratore"]["recapiti"]["indirizzo"],
        "Via Nicolò Tommaseo 5, Forlì"
    );
    assert_eq!(
        got[2]["lavoratore"]["recapiti"]["indirizzo"],
        "Via Nicolò Tommaseo 5, Forlì"
    );
}

/// The folder of an archive's records in `out`: its name, a dash and the
/// first 12 hex digits of its SHA-256 (the only such folder there).
fn records_dir(out: &Path, name: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let file = p.file_name().unwrap().to_string_lossy();
            file.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|hash| hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one folder for {name} in {}: {found:?}",
        out.display()
    );
    found[0].clone()
}

/// Field-by-field comparison, naming the first differing path.
fn compare(path: &str, got: &Value, want: &Value) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            let gk: Vec<&String> = g.keys().collect();
            let wk: Vec<&String> = w.keys().collect();
            assert_eq!(gk, wk, "keys differ at {path}");
            for (key, value) in w {
                compare(&format!("{path}/{key}"), &g[key], value);
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "length differs at {path}");
            for (i, (a, b)) in g.iter().zip(w).enumerate() {
                compare(&format!("{path}[{i}]"), a, b);
            }
        }
        _ => assert_eq!(got, want, "value differs at {path}"),
    }
}

#[test]
fn csv_tables_match_the_fixtures_and_load_into_sqlite() {
    let dir = temp_dir("import-csv");
    let archive = output_archive(&dir);
    let out = dir.join("out");
    let run = import(
        &dir,
        &[
            archive.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let folder = records_dir(&out, "campione");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected_names: Vec<String> = std::fs::read_dir(fixtures().join("import/atteso"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    expected_names.sort();
    assert_eq!(names, expected_names);
    for name in &names {
        let got = csv_cells(&std::fs::read_to_string(folder.join(name)).unwrap());
        let want = csv_cells(&expected(name));
        assert_eq!(got.len(), want.len(), "{name}: rows");
        for (r, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g.len(), w.len(), "{name} row {r}: columns");
            for (c, (a, b)) in g.iter().zip(w).enumerate() {
                assert_eq!(a, b, "{name} row {r} column {} ({})", c, want[0][c]);
            }
        }
    }
    load_into_sqlite(&dir, &folder, &names);
}

fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// `sqlite3`'s own `.import`, as the README shows it. Skipped (with a
/// note) where the sqlite3 shell is not installed, except under CI, which
/// installs it.
fn load_into_sqlite(dir: &Path, folder: &Path, names: &[String]) {
    if !support::tool_or_skip("sqlite3") {
        return;
    }
    let db = dir.join("carico.db");
    let mut script = String::from(".mode csv\n");
    for name in names {
        let table = name.trim_end_matches(".csv");
        script.push_str(&format!(".import {} {table}\n", folder.join(name).display()));
    }
    script.push_str("SELECT count(*) FROM candidature;\n");
    script.push_str(
        "SELECT lingua FROM lingue JOIN candidature ON lingue.parent_id = candidature.id LIMIT 1;\n",
    );
    let output = Command::new("sqlite3")
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.lines().collect::<Vec<_>>(), ["3", "ENG"]);
}
