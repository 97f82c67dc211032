//! Crash safety of `clic import --send`: the import is killed (SIGKILL) at
//! random moments, mostly while sending, then resumed with the same
//! command. Every accepted file must be delivered, a key may be delivered
//! twice only for a request in flight at the kill, the ledger must pass
//! `PRAGMA integrity_check`, there must be no partial output, and a rerun
//! must send nothing.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::receiver::Receiver;
use support::{temp_dir, valid, write, zip_bytes};

const DOCUMENTS: usize = 40;
const SEND_JOBS: usize = 4;
const RUNS: u64 = 24;

fn command(dir: &Path, archive: &Path, url: &str) -> std::process::Command {
    let mut command = support::clic();
    command
        .args(["import", archive.to_str().unwrap(), "--send", url, "--out"])
        .arg(dir.join("out"))
        .args([
            "--send-jobs",
            &SEND_JOBS.to_string(),
            "--backoff",
            "0.01",
            "--quiet",
        ])
        .env("CLIC_DATA_DIR", dir.join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn archive(dir: &Path) -> std::path::PathBuf {
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    let docs: Vec<(String, Vec<u8>)> = (0..DOCUMENTS)
        .map(|i| {
            (
                format!("cv-{i:03}.xml"),
                cv.replace("3331234567", &format!("333{i:07}")).into_bytes(),
            )
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = docs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let path = dir.join("crash.zip");
    write(&path, &zip_bytes(&entries));
    path
}

#[test]
fn killed_imports_resume_without_losing_or_repeating_deliveries() {
    let mut seed = 0x5eed_u64;
    let mut random = move |bound: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % bound.max(1)
    };
    let mut killed_while_sending = 0;
    for run in 0..RUNS {
        let dir = temp_dir(&format!("crash-{run:02}"));
        let archive = archive(&dir);
        let receiver = Receiver::start_with_delay(vec![], Duration::from_millis(15));
        let mut child = command(&dir, &archive, &receiver.url).spawn().unwrap();
        // Most kills wait for some deliveries; a few hit verification or start-up.
        let wait_for = if run % 5 == 0 {
            0
        } else {
            1 + random(DOCUMENTS as u64 - 2) as usize
        };
        let started = Instant::now();
        while receiver.seen().len() < wait_for && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(2));
        }
        if wait_for == 0 {
            std::thread::sleep(Duration::from_millis(random(150)));
        }
        let before_kill = receiver.seen().len();
        child.kill().unwrap();
        let _ = child.wait();
        if before_kill > 0 && before_kill < DOCUMENTS {
            killed_while_sending += 1;
        }

        let resumed = command(&dir, &archive, &receiver.url).output().unwrap();
        assert_eq!(
            resumed.status.code(),
            Some(0),
            "run {run}: {}",
            String::from_utf8_lossy(&resumed.stderr)
        );

        let mut deliveries: HashMap<String, usize> = HashMap::new();
        for key in receiver.keys() {
            *deliveries.entry(key).or_default() += 1;
        }
        assert_eq!(deliveries.len(), DOCUMENTS, "run {run}: every file delivered");
        let repeated: usize = deliveries.values().map(|n| n - 1).sum();
        assert!(
            repeated <= SEND_JOBS,
            "run {run}: {repeated} repeated deliveries, more than the requests in flight"
        );

        let ledger = rusqlite::Connection::open(dir.join("data/registro.sqlite")).unwrap();
        let integrity: String = ledger
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "run {run}");
        let state: String = ledger
            .query_row("SELECT stato FROM archivi", [], |r| r.get(0))
            .unwrap();
        assert_eq!(state, "successo", "run {run}");
        let unsent: i64 = ledger
            .query_row("SELECT count(*) FROM file WHERE stato <> 'inviato'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(unsent, 0, "run {run}");

        let out: Vec<String> = std::fs::read_dir(dir.join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(out.len(), 1, "run {run}: {out:?}");
        assert!(
            out[0].starts_with("crash-"),
            "run {run}: only the complete output, no temporary folders: {out:?}"
        );
        let records = std::fs::read_to_string(dir.join("out").join(&out[0]).join("records.jsonl")).unwrap();
        assert_eq!(records.lines().count(), DOCUMENTS, "run {run}");

        let total = receiver.keys().len();
        let again = command(&dir, &archive, &receiver.url).output().unwrap();
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(receiver.keys().len(), total, "run {run}: a rerun sends nothing");
    }
    assert!(
        killed_while_sending >= 15,
        "only {killed_while_sending} kills landed while sending"
    );
}
