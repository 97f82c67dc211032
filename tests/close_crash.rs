//! Crash safety of `clic close`: runs killed (SIGKILL) while they write,
//! then a normal run. The CSV summary never describes an archive that is
//! not there (whenever both exist they list the same closures), and the
//! normal run leaves no temporary file of the killed ones.

mod support;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use support::{fixtures, temp_dir, write};

/// A folder of `n` sent CVs named `PREFIX-NNN.xml`, and their lines for
/// the codici file (codes from `first` on).
fn sent(dir: &Path, prefix: &str, n: usize, first: usize) -> (PathBuf, String) {
    let cv = std::fs::read(fixtures().join("close/inviati/cv-giulia-bianchi.xml")).unwrap();
    let folder = dir.join(prefix);
    let mut codici = String::new();
    for i in 0..n {
        let name = format!("{prefix}-{i:03}.xml");
        write(&folder.join(&name), &cv);
        codici.push_str(&format!("{name},1205826221{:015}\n", first + i));
    }
    (folder, codici)
}

fn close(input: &Path, codici: &Path, out: &Path) -> std::process::Command {
    let mut command = support::clic();
    command
        .args(["close", input.to_str().unwrap(), "--motivo", "01", "--codici"])
        .arg(codici)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// The closures the summary lists (its `file_chiusura` column).
fn summary_entries(path: &Path) -> BTreeSet<String> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader.records().map(|r| r.unwrap()[2].to_string()).collect()
}

fn archive_entries(path: &Path) -> BTreeSet<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut sink = Vec::new();
            entry.read_to_end(&mut sink).unwrap();
            entry.name().unwrap().to_string()
        })
        .collect()
}

/// The summary, when there is one, lists exactly the archive's closures.
fn assert_the_pair_agrees(out: &Path, summary: &Path, when: &str) {
    if !summary.exists() {
        return;
    }
    assert!(out.exists(), "{when}: a summary without its archive");
    assert_eq!(
        summary_entries(summary),
        archive_entries(out),
        "{when}: the summary describes another archive"
    );
}

fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn killed_closes_leave_an_agreeing_pair_and_no_temporary_file() {
    let dir = temp_dir("close-crash");
    // Two inputs with different closures, so a summary of one beside the
    // archive of the other shows.
    let (many, codici_many) = sent(&dir, "cv-a", 240, 1000);
    let (few, codici_few) = sent(&dir, "cv-b", 120, 2000);
    let codici = dir.join("codici.csv");
    write(
        &codici,
        format!("file,codice\n{codici_many}{codici_few}").as_bytes(),
    );
    let out = dir.join("ch.zip");
    let summary = dir.join("ch.csv");

    let first = close(&many, &codici, &out).output().unwrap();
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_the_pair_agrees(&out, &summary, "first run");

    let mut seed = 0x00c1_05e5_u64;
    let mut random = move |bound: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % bound.max(1)
    };
    let mut left_behind = 0;
    for kill in 0..10 {
        let input = if kill % 2 == 0 { &few } else { &many };
        let before = temporary_files(&dir);
        let mut child = close(input, &codici, &out).spawn().unwrap();
        // Wait until this run writes its archive, then kill it a little later.
        let started = Instant::now();
        while temporary_files(&dir).len() <= before.len()
            && started.elapsed() < Duration::from_secs(30)
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(random(25)));
        let _ = child.kill();
        let _ = child.wait();
        assert_the_pair_agrees(&out, &summary, &format!("after kill {kill}"));
        left_behind = left_behind.max(temporary_files(&dir).len());
    }
    assert!(left_behind > 0, "no kill landed while a run was writing");

    let last = close(&few, &codici, &out).output().unwrap();
    assert_eq!(
        last.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&last.stderr)
    );
    assert_the_pair_agrees(&out, &summary, "the normal run");
    assert!(summary.exists());
    assert_eq!(archive_entries(&out).len(), 120);
    assert_eq!(
        temporary_files(&dir),
        Vec::<String>::new(),
        "no temporary file left"
    );
}

#[test]
fn an_archive_that_cannot_be_put_in_place_leaves_no_summary_describing_it() {
    let dir = temp_dir("close-rename-fails");
    let (input, codici_lines) = sent(&dir, "cv", 3, 1);
    let codici = dir.join("codici.csv");
    write(&codici, format!("file,codice\n{codici_lines}").as_bytes());
    // The archive's name is taken by a folder: its rename fails.
    let out = dir.join("ch.zip");
    write(&out.join("occupato"), b"x");
    let summary = dir.join("ch.csv");
    write(
        &summary,
        b"file,codice_chiuso,file_chiusura\nvecchio.xml,1,chiusura-vecchio.xml\n",
    );
    let run = close(&input, &codici, &out).output().unwrap();
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert!(
        !summary.exists(),
        "a summary is left that describes an archive which is not there: {}",
        std::fs::read_to_string(&summary).unwrap_or_default()
    );
    assert_eq!(temporary_files(&dir), Vec::<String>::new());
}
