//! Throughput and memory of `clic verify --quiet` on large archives.
//!
//! Generates (once, cached under `target/bench/`) `cv-vacancy-N.zip` with N
//! valid documents (about 70% CVs, 30% vacancies, Deflate) and a tenth-size
//! one, then runs the release binary on each, warm-up plus measured runs,
//! with all cores and with `--jobs 1`. Prints wall time (min, median),
//! documents per second, and the child's peak RSS and CPU time (from
//! `/usr/bin/time`, when present: on a shared machine CPU time is steadier
//! than wall time). Comparing the two archive sizes shows whether memory
//! grows with the archive.
//!
//! It then times `clic import --out DIR` (JSONL, a fresh ledger each run)
//! on the large archive and prints its throughput against verify's, then
//! what import must do on top of verify, each part timed alone (SHA-256 of
//! the archive and of its files, writing and syncing the records), against
//! the time that 85% of verify's throughput leaves it (issue 10), and
//! both CPU times with one worker: their ratio caps import's share of
//! verify's throughput on any number of cores.
//!
//! When `xmllint` is installed, it extracts the large archive once (under
//! `target/bench/`) and times `xmllint --noout --schema` on those files
//! (one process per module and batch of files, one after the other: one
//! core), alternating with `clic verify` on the archive, and prints the
//! ratio of their wall times.
//!
//! Last, it measures peak RSS once on a 200,000-document archive
//! (generated once, about 250 MB) against issue 10's 128 MiB.
//!
//! With `CLIC_BENCH_PG` (or `CLIC_TEST_PG`) naming a PostgreSQL database
//! (a conninfo), it also times `clic import --db` of the large archive
//! into a fresh schema each run, alternating with `import --out` to JSONL,
//! and prints both and their ratio (issue 28: at most 3x). It does so as
//! the conninfo's role (CI's is a superuser: clic checks the foreign keys
//! once per table) and, when that role may create roles, as a role
//! without the right to set `session_replication_role` (the server checks
//! the keys of each row).
//!
//! Then `clic fix` on the large archive with 10% of its documents damaged
//! in a repairable way (issue 26: at most twice verify's time on the same
//! archive), interleaved with `clic verify` on that archive.
//!
//! `cargo bench --bench verify`; `CLIC_BENCH_DOCS` (default 20000) and
//! `CLIC_BENCH_RUNS` (default 5) change the size and the number of runs,
//! `CLIC_BENCH_MEMORY_DOCS` (default 200000, 0 to skip) the memory run.
//! `CLIC_BENCH_ONLY=db` times only `import --db` against `import` to
//! JSONL (with CLIC_BENCH_PG or CLIC_TEST_PG), to iterate on the load.

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_DOCS: usize = 20_000;
const DEFAULT_RUNS: usize = 5;
/// The goal for the default archive on a 2-core machine.
const GOAL_SECONDS: f64 = 1.5;
const GNU_TIME: &str = "/usr/bin/time";
/// The archive whose peak RSS is measured (`CLIC_BENCH_MEMORY_DOCS`, 0 to
/// skip), and issue 10's goal for it.
const MEMORY_DOCS: usize = 200_000;
const MEMORY_GOAL_MIB: u64 = 128;

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text}: expected a number")),
        Err(_) => default,
    }
}

/// FNV-1a, to notice that a cached archive was made by another generator.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Archive {
    path: PathBuf,
    docs: usize,
    bytes: u64,
    uncompressed: u64,
}

/// `target/bench/cv-vacancy-N.zip`, generated unless a copy made by the
/// same generator is already there.
fn archive(dir: &Path, docs: usize) -> Archive {
    generated(dir, "cv-vacancy", docs, None)
}

/// `target/bench/cv-vacancy-fix-N.zip`: the documents of
/// `cv-vacancy-N.zip` with every tenth one damaged the way users' tools
/// damage files, each way in turn (issue 26's benchmark of `clic fix`).
fn repairable_archive(dir: &Path, docs: usize) -> Archive {
    generated(dir, "cv-vacancy-fix", docs, Some(damaged))
}

/// `target/bench/NAME-N.zip` with N generated documents (about 70% CVs,
/// 30% vacancies, Deflate), every tenth one passed through `damage` when
/// given; generated unless a copy made by the same generator (its stamp)
/// is already there.
fn generated(dir: &Path, name: &str, docs: usize, damage: Option<fn(&str, usize) -> Vec<u8>>) -> Archive {
    let path = dir.join(format!("{name}-{docs}.zip"));
    let stamp_path = dir.join(format!("{name}-{docs}.stamp"));
    let generator = fnv(include_str!("../tests/support/corpus.rs").as_bytes());
    // The damages are written in this file: a change to it makes the
    // damaged archive again.
    let stamp = match damage {
        None => format!("{generator:016x} {docs}"),
        Some(_) => format!(
            "{generator:016x} {:016x} {docs}",
            fnv(include_str!("verify.rs").as_bytes())
        ),
    };
    // The stamp file holds the generator's hash and the uncompressed size.
    let cached = std::fs::read_to_string(&stamp_path).unwrap_or_default();
    let mut lines = cached.lines();
    if path.exists()
        && lines.next() == Some(stamp.as_str())
        && let Some(uncompressed) = lines.next().and_then(|n| n.parse().ok())
    {
        return Archive {
            bytes: std::fs::metadata(&path).map_or(0, |m| m.len()),
            uncompressed,
            path,
            docs,
        };
    }
    std::fs::create_dir_all(dir).expect("target/bench");
    let started = Instant::now();
    let partial = path.with_extension("zip.partial");
    let mut zip = zip::ZipWriter::new(BufWriter::new(
        File::create(&partial).expect("create the archive"),
    ));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut rng = corpus::Rng::new(0xB3AC_C11C ^ docs as u64);
    let mut uncompressed = 0u64;
    for i in 1..=docs {
        let (name, xml) = if rng.chance(70) {
            (
                format!("candidature/cv-{i:05}.xml"),
                corpus::candidatura(&mut rng),
            )
        } else {
            (format!("vacancy/vacancy-{i:05}.xml"), corpus::vacancy(&mut rng))
        };
        let bytes = match damage {
            Some(damage) if i % 10 == 0 => damage(&xml, i / 10),
            _ => xml.into_bytes(),
        };
        uncompressed += bytes.len() as u64;
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(&bytes).expect("zip write");
    }
    zip.finish().expect("zip finish").flush().expect("zip flush");
    std::fs::rename(&partial, &path).expect("rename the archive");
    std::fs::write(&stamp_path, format!("{stamp}\n{uncompressed}\n")).expect("write the stamp");
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "generated {} ({docs} docs, {}, {} uncompressed) in {:.1} s",
        path.display(),
        mib(bytes),
        mib(uncompressed),
        started.elapsed().as_secs_f64()
    );
    Archive {
        path,
        docs,
        bytes,
        uncompressed,
    }
}

/// One of the repairable damages, the `kind`-th in turn (the next one
/// that applies to this document): a lower-case enumeration, an Italian
/// date, two fields swapped, windows-1252 bytes, blank lines before `<?xml`.
fn damaged(xml: &str, kind: usize) -> Vec<u8> {
    fn lower_sesso(xml: &str) -> Option<Vec<u8>> {
        let at = xml.find("<sesso>")? + "<sesso>".len();
        let mut out = xml.to_string();
        out.replace_range(at..at + 1, &xml[at..at + 1].to_lowercase());
        Some(out.into_bytes())
    }
    fn italian_date(xml: &str) -> Option<Vec<u8>> {
        let at = xml.find("<datanascita>")? + "<datanascita>".len();
        let iso = xml.get(at..at + 10)?;
        let italian = format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[..4]);
        Some(format!("{}{italian}{}", &xml[..at], &xml[at + 10..]).into_bytes())
    }
    fn swapped(xml: &str) -> Option<Vec<u8>> {
        let start = xml.find("<cognome>")?;
        let end = xml.find("</cognome>")? + "</cognome>".len();
        let name_start = xml[end..].find("<nome>")? + end;
        let name_end = xml[name_start..].find("</nome>")? + name_start + "</nome>".len();
        Some(
            format!(
                "{}{}{}{}{}",
                &xml[..start],
                &xml[name_start..name_end],
                &xml[end..name_start],
                &xml[start..end],
                &xml[name_end..]
            )
            .into_bytes(),
        )
    }
    fn windows_1252(xml: &str) -> Option<Vec<u8>> {
        if xml.is_ascii() {
            return None;
        }
        xml.chars()
            .map(|c| match c {
                c if c.is_ascii() => Some(c as u8),
                c if ('\u{A0}'..='\u{FF}').contains(&c) => Some(c as u32 as u8),
                _ => None,
            })
            .collect()
    }
    fn blank_lines(xml: &str) -> Option<Vec<u8>> {
        Some(format!("\r\n\r\n{xml}").into_bytes())
    }
    type Damage = fn(&str) -> Option<Vec<u8>>;
    let damages: [Damage; 5] = [lower_sesso, italian_date, swapped, windows_1252, blank_lines];
    (0..damages.len())
        .find_map(|k| damages[(kind + k) % damages.len()](xml))
        .unwrap_or_else(|| xml.as_bytes().to_vec())
}

/// What one run of the child cost.
struct Run {
    wall: Duration,
    /// Peak RSS in KiB and CPU seconds (user + system), when measured.
    rss_kib: Option<u64>,
    cpu: Option<f64>,
    exit: i32,
}

/// What to run: `verify --quiet`, or `import` into a fresh folder and ledger.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Task {
    Verify,
    Import,
    /// Import, leaving its records in the scratch folder ([`import_floor`]).
    ImportKeeping,
    /// `clic fix --quiet`, writing the repaired archive into the scratch folder.
    Fix,
}

fn import_scratch() -> PathBuf {
    std::env::temp_dir().join(format!("clic-bench-import-{}", std::process::id()))
}

fn run_task(task: Task, archive: &Path, jobs: Option<u16>, time: bool) -> Run {
    let bin = env!("CARGO_BIN_EXE_clic");
    let rss_file = std::env::temp_dir().join(format!("clic-bench-rss-{}", std::process::id()));
    let mut command = if time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("%e %M %U %S").arg("-o").arg(&rss_file).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let scratch = import_scratch();
    match task {
        Task::Verify => {
            command.arg("verify").arg("--quiet");
        }
        Task::Fix => {
            let _ = std::fs::remove_dir_all(&scratch);
            std::fs::create_dir_all(&scratch).expect("scratch folder");
            command
                .arg("fix")
                .arg("--quiet")
                .arg("--out")
                .arg(scratch.join("corretto.zip"));
        }
        Task::Import | Task::ImportKeeping => {
            let _ = std::fs::remove_dir_all(&scratch);
            command
                .arg("import")
                .arg("--quiet")
                .arg("--out")
                .arg(scratch.join("out"))
                .arg("--ledger")
                .arg(scratch.join("registro.sqlite"));
        }
    }
    if let Some(jobs) = jobs {
        command.arg("--jobs").arg(jobs.to_string());
    }
    command
        .arg(archive)
        .env_remove("CLIC_LANG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let started = Instant::now();
    let status = command.status().expect("run clic");
    let wall = started.elapsed();
    let fields = gnu_time_fields(&rss_file);
    let number = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    if matches!(task, Task::Import | Task::Fix) {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    Run {
        wall,
        rss_kib: number(1).map(|k| k as u64),
        cpu: number(2).zip(number(3)).map(|(u, s)| u + s),
        exit: status.code().unwrap_or(-1),
    }
}

struct Figures {
    min: Duration,
    median: Duration,
    /// Highest peak RSS of the measured runs, KiB.
    rss_kib: Option<u64>,
    /// Median CPU seconds (user + system).
    cpu: Option<f64>,
    exit: i32,
}

fn measure(archive: &Archive, jobs: Option<u16>, runs: usize, time: bool) -> Figures {
    measure_task(Task::Verify, archive, jobs, runs, time)
}

fn measure_task(task: Task, archive: &Archive, jobs: Option<u16>, runs: usize, time: bool) -> Figures {
    let exit = run_task(task, &archive.path, jobs, time).exit;
    let runs: Vec<Run> = (0..runs)
        .map(|_| run_task(task, &archive.path, jobs, time))
        .collect();
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    walls.sort();
    let mut cpus: Vec<f64> = runs.iter().filter_map(|r| r.cpu).collect();
    cpus.sort_by(f64::total_cmp);
    Figures {
        min: walls[0],
        median: walls[walls.len() / 2],
        rss_kib: runs.iter().filter_map(|r| r.rss_kib).max(),
        cpu: cpus.get(cpus.len() / 2).copied(),
        exit,
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// 16260 → "16,260"
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The large archive's entries as files, `DIR/candidature/*.xml` and
/// `DIR/vacancy/*.xml`, extracted once next to it.
fn extracted(archive: &Archive) -> PathBuf {
    let dir = archive.path.with_extension("d");
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut zip =
        zip::ZipArchive::new(File::open(&archive.path).expect("open the archive")).expect("read the archive");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("zip entry");
        let Some(name) = entry.enclosed_name() else {
            continue;
        };
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create a folder");
        let mut out = File::create(&path).expect("create a file");
        std::io::copy(&mut entry, &mut out).expect("extract");
    }
    std::fs::write(&done, "").expect("mark the extraction");
    dir
}

/// `xmllint --noout --schema` on every extracted file, each module with
/// its schema, in batches (a command line holds a few thousand names):
/// the total wall and CPU time, or `None` when xmllint is missing or
/// refuses a file.
fn xmllint(dir: &Path) -> Option<(Duration, f64)> {
    let cpu_before = children_cpu();
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("xsd");
    let mut total = Duration::ZERO;
    for (folder, schema) in [("candidature", "candidatura.xsd"), ("vacancy", "vacancy.xsd")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(folder))
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for batch in files.chunks(4000) {
            let started = Instant::now();
            let status = Command::new("xmllint")
                .arg("--noout")
                .arg("--schema")
                .arg(xsd.join(schema))
                .args(batch)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .ok()?;
            total += started.elapsed();
            if !status.success() {
                return None;
            }
        }
    }
    Some((total, children_cpu() - cpu_before))
}

/// The fields of the last line GNU time wrote to `path` ("%e %M %U %S"),
/// empty when it wrote nothing; the file is removed.
fn gnu_time_fields(path: &Path) -> Vec<String> {
    let report = std::fs::read_to_string(path).unwrap_or_default();
    let _ = std::fs::remove_file(path);
    report
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Peak RSS of one `verify --quiet` with all cores on a large archive,
/// against issue 10's goal. `--max-entries` is raised to the archive's
/// size: the default limit (100,000) would stop the run at once.
fn peak_memory(archive: &Archive) {
    let rss_file = std::env::temp_dir().join(format!("clic-bench-memory-{}", std::process::id()));
    let status = Command::new(GNU_TIME)
        .arg("-f")
        .arg("%e %M %U %S")
        .arg("-o")
        .arg(&rss_file)
        .arg(env!("CARGO_BIN_EXE_clic"))
        .arg("verify")
        .arg("--quiet")
        .arg("--max-entries")
        .arg(archive.docs.to_string())
        .arg(&archive.path)
        .env_remove("CLIC_LANG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run clic");
    let fields = gnu_time_fields(&rss_file);
    let (Some(wall), Some(kib)) = (
        fields.first().and_then(|f| f.parse::<f64>().ok()),
        fields.get(1).and_then(|f| f.parse::<u64>().ok()),
    ) else {
        println!("memory: {GNU_TIME} gave no figures");
        return;
    };
    let mib = (kib + 512) / 1024;
    println!(
        "memory: verify {} docs (--max-entries {}): peak RSS {mib} MiB in {wall:.2} s, exit {}; goal at most {MEMORY_GOAL_MIB} MiB (issue 10): {}",
        thousands(archive.docs as u64),
        archive.docs,
        status.code().unwrap_or(-1),
        if mib <= MEMORY_GOAL_MIB && status.code() == Some(0) {
            "met"
        } else {
            "NOT met"
        }
    );
}

/// CPU seconds (user + system) of the finished children of this process.
fn children_cpu() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// `import --db` of the archive into a fresh schema of the database,
/// alternating with `import --out` to JSONL (each with a fresh ledger), so
/// that all see the same load; as the conninfo's role and, if it may make
/// one, as a role without the right to switch row triggers off. Prints
/// the medians and their ratios.
fn import_to_postgres(archive: &Archive, conninfo: &str, runs: usize) {
    let schema = format!("clic_bench_{}", std::process::id());
    let mut admin = match postgres::Client::connect(conninfo, postgres::NoTls) {
        Ok(client) => client,
        Err(e) => {
            println!(
                "note: the database of CLIC_BENCH_PG/CLIC_TEST_PG does not answer ({e}): import --db not timed"
            );
            return;
        }
    };
    let drop_schema = |admin: &mut postgres::Client| {
        admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .expect("drop the bench schema");
    };
    // A role of the bench's own, as clic would be run by a role that may
    // create tables but not set `session_replication_role`.
    let plain = format!("clic_bench_plain_{}", std::process::id());
    let plain_conninfo = admin
        .batch_execute(&format!(
            "DROP ROLE IF EXISTS {plain}; CREATE ROLE {plain} NOSUPERUSER;
             DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO {plain}', current_database()); END $$;"
        ))
        .map(|()| format!("{conninfo} options='-c role={plain}'"))
        .map_err(|e| println!("note: no role without the right to skip row triggers ({e}): that load not timed"))
        .ok();
    let scratch = import_scratch();
    let import_db = |conninfo: &str, admin: &mut postgres::Client| {
        drop_schema(admin);
        let _ = std::fs::remove_dir_all(&scratch);
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_clic"))
            .args([
                "import",
                "--quiet",
                "--db",
                conninfo,
                "--db-schema",
                &schema,
                "--ledger",
            ])
            .arg(scratch.join("registro.sqlite"))
            .arg(&archive.path)
            .env_remove("CLIC_LANG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run clic");
        (started.elapsed(), status.code().unwrap_or(-1))
    };
    let mut db_walls = Vec::new();
    let mut plain_walls = Vec::new();
    let mut jsonl_walls = Vec::new();
    let mut exit = 0;
    let mut rows = -1;
    // A warm-up of each, then the measured runs.
    for run in 0..=runs {
        let (wall, code) = import_db(conninfo, &mut admin);
        exit = exit.max(code);
        rows = admin
            .query_one(&format!("SELECT count(*) FROM {schema}.candidature"), &[])
            .map(|r| r.get::<_, i64>(0))
            .unwrap_or(-1);
        let plain_wall = plain_conninfo.as_deref().map(|plain| {
            let (wall, code) = import_db(plain, &mut admin);
            exit = exit.max(code);
            wall
        });
        let jsonl = run_task(Task::Import, &archive.path, None, false).wall;
        if run > 0 {
            db_walls.push(wall);
            plain_walls.extend(plain_wall);
            jsonl_walls.push(jsonl);
        }
    }
    drop_schema(&mut admin);
    if plain_conninfo.is_some() {
        let _ = admin.batch_execute(&format!("DROP OWNED BY {plain}; DROP ROLE {plain}"));
    }
    let _ = std::fs::remove_dir_all(&scratch);
    db_walls.sort();
    plain_walls.sort();
    jsonl_walls.sort();
    let median = |walls: &[Duration]| walls[walls.len() / 2].as_secs_f64();
    let (d, j) = (median(&db_walls), median(&jsonl_walls));
    println!(
        "import {} docs into PostgreSQL (--db, {rows} candidature rows): median {d:.2} s (min {:.2} s); to JSONL alongside: median {j:.2} s (min {:.2} s){}",
        archive.docs,
        db_walls[0].as_secs_f64(),
        jsonl_walls[0].as_secs_f64(),
        if exit == 0 {
            String::new()
        } else {
            format!(" [exit {exit}]")
        }
    );
    println!(
        "import --db / import to JSONL: {:.2}x (medians), {:.2}x (best runs); goal at most 3x (issue 28)",
        d / j,
        db_walls[0].as_secs_f64() / jsonl_walls[0].as_secs_f64()
    );
    if !plain_walls.is_empty() {
        let p = median(&plain_walls);
        println!(
            "import --db as a role that may not set session_replication_role (the server checks each row's keys): median {p:.2} s (min {:.2} s), {:.2}x import to JSONL",
            plain_walls[0].as_secs_f64(),
            p / j
        );
    }
}

/// What `import` must do on top of `verify`, each part timed alone on one
/// core, in this process: the SHA-256 of the archive (its identity in the
/// ledger) and of every file (each record's `sha256` and `id`), and writing
/// and syncing the records (the JSONL of the last import, copied). The
/// records' serialization and the ledger come on top of this.
struct ImportFloor {
    archive_sha: Duration,
    files_sha: Duration,
    records_bytes: u64,
    records_write: Duration,
    records_sync: Duration,
}

fn import_floor(archive: &Archive) -> Option<ImportFloor> {
    let started = Instant::now();
    clic::hash::file_sha256(&archive.path).expect("hash the archive");
    let archive_sha = started.elapsed();
    let mut zip =
        zip::ZipArchive::new(File::open(&archive.path).expect("open archive")).expect("read archive");
    let mut files = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("inflate");
        files.push(bytes);
    }
    let started = Instant::now();
    for bytes in &files {
        std::hint::black_box(clic::hash::sha256(bytes));
    }
    let files_sha = started.elapsed();
    drop(files);
    let run = run_task(Task::ImportKeeping, &archive.path, None, false);
    let scratch = import_scratch();
    let records = std::fs::read_dir(scratch.join("out"))
        .ok()?
        .filter_map(Result::ok)
        .map(|folder| folder.path().join("records.jsonl"))
        .find(|path| path.exists())
        .filter(|_| run.exit == 0)?;
    let bytes = std::fs::read(&records).expect("read the records");
    let copy = scratch.join("copy.jsonl");
    let started = Instant::now();
    let mut file = File::create(&copy).expect("create the copy");
    // In blocks of 1 MiB, as import's writer flushes them.
    for block in bytes.chunks(1 << 20) {
        file.write_all(block).expect("write the copy");
    }
    let records_write = started.elapsed();
    file.sync_all().expect("sync the copy");
    let records_sync = started.elapsed() - records_write;
    let _ = std::fs::remove_dir_all(&scratch);
    Some(ImportFloor {
        archive_sha,
        files_sha,
        records_bytes: bytes.len() as u64,
        records_write,
        records_sync,
    })
}

fn main() {
    let docs = env_usize("CLIC_BENCH_DOCS", DEFAULT_DOCS).max(10);
    let runs = env_usize("CLIC_BENCH_RUNS", DEFAULT_RUNS).max(1);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let time = Path::new(GNU_TIME).exists();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "clic verify benchmark: {cores} cores, {runs} runs after a warm-up, binary {}",
        env!("CARGO_BIN_EXE_clic")
    );
    if !time {
        println!("note: {GNU_TIME} not found, peak RSS not measured");
    }
    let archives = [archive(&dir, docs), archive(&dir, (docs / 10).max(1))];
    for a in &archives {
        println!(
            "archive {}: {} docs, {} ({} uncompressed, {:.2} KiB/doc)",
            a.path.file_name().unwrap_or_default().to_string_lossy(),
            a.docs,
            mib(a.bytes),
            mib(a.uncompressed),
            a.uncompressed as f64 / 1024.0 / a.docs as f64
        );
    }
    let pg = ["CLIC_BENCH_PG", "CLIC_TEST_PG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    if std::env::var("CLIC_BENCH_ONLY").is_ok_and(|only| only == "db") {
        match &pg {
            Some(conninfo) => import_to_postgres(&archives[0], conninfo, runs),
            None => println!("note: neither CLIC_BENCH_PG nor CLIC_TEST_PG is set, import --db not timed"),
        }
        return;
    }
    let mut headline = None;
    let mut verify_one_worker_cpu = None;
    for jobs in [None, Some(1)] {
        for a in &archives {
            let f = measure(a, jobs, runs, time);
            let per_second = a.docs as f64 / f.median.as_secs_f64();
            let label = match jobs {
                Some(j) => format!("verify --jobs {j}"),
                None => "verify".to_string(),
            };
            let rss = f
                .rss_kib
                .map_or(String::new(), |k| format!(", peak RSS {} MiB", (k + 512) / 1024));
            let cpu = f.cpu.map_or(String::new(), |c| format!(", cpu {c:.2} s"));
            println!(
                "{label} {} docs: median {:.2} s (min {:.2} s, {} docs/s){rss}{cpu}{}",
                a.docs,
                f.median.as_secs_f64(),
                f.min.as_secs_f64(),
                thousands(per_second.round() as u64),
                if f.exit == 0 {
                    String::new()
                } else {
                    format!(" [exit {} - some documents were KO]", f.exit)
                }
            );
            if jobs.is_none() && a.docs == docs {
                headline = Some(f.median.as_secs_f64());
            }
            if jobs.is_some() && a.docs == docs {
                verify_one_worker_cpu = f.cpu;
            }
        }
    }
    // Import against verify, interleaved so that both see the same load.
    let large = &archives[0];
    let mut verify_walls = Vec::new();
    let mut import_walls = Vec::new();
    let mut import_rss = None;
    for _ in 0..runs {
        verify_walls.push(run_task(Task::Verify, &large.path, None, false).wall);
        let run = run_task(Task::Import, &large.path, None, time);
        import_walls.push(run.wall);
        import_rss = import_rss.max(run.rss_kib);
    }
    verify_walls.sort();
    import_walls.sort();
    let median = |walls: &[Duration]| walls[walls.len() / 2].as_secs_f64();
    let (v, i) = (median(&verify_walls), median(&import_walls));
    println!(
        "import {} docs to JSONL: median {:.2} s (min {:.2} s, {} docs/s){}; verify alongside: median {:.2} s",
        large.docs,
        i,
        import_walls[0].as_secs_f64(),
        thousands((large.docs as f64 / i).round() as u64),
        import_rss.map_or(String::new(), |k| format!(", peak RSS {} MiB", (k + 512) / 1024)),
        v
    );
    println!(
        "import throughput: {:.0}% of verify's (median), {:.0}% (best runs); goal at least 85% (issue 10)",
        100.0 * v / i,
        100.0 * verify_walls[0].as_secs_f64() / import_walls[0].as_secs_f64()
    );
    if let Some(conninfo) = &pg {
        import_to_postgres(large, conninfo, runs);
    } else {
        println!("note: neither CLIC_BENCH_PG nor CLIC_TEST_PG is set, import --db not timed");
    }
    // With one worker no worker spins waiting for work, so CPU time is the
    // work done. A run on any number of cores does at most cores / CPU time
    // archives a second: while both are bound by CPU, import's share of
    // verify's throughput cannot pass the ratio of their CPU times.
    let import_one_worker_cpu = measure_task(Task::Import, large, Some(1), runs, time).cpu;
    if let (Some(v), Some(i)) = (verify_one_worker_cpu, import_one_worker_cpu) {
        println!(
            "CPU time with --jobs 1 (medians): import {i:.2} s, verify {v:.2} s: on any number of cores, \
             import's throughput stays at most {:.0}% of verify's while both are bound by CPU",
            100.0 * v / i
        );
    }
    if let Some(floor) = import_floor(large) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let cpu = ms(floor.archive_sha) + ms(floor.files_sha) + ms(floor.records_write);
        println!(
            "import's own work, each part alone on one core: SHA-256 of the archive {:.0} ms, of its files {:.0} ms; \
             writing the records ({}) {:.0} ms, syncing them {:.0} ms",
            ms(floor.archive_sha),
            ms(floor.files_sha),
            mib(floor.records_bytes),
            ms(floor.records_write),
            ms(floor.records_sync),
        );
        println!(
            "85% of verify's throughput leaves import {:.0} ms beyond verify's median; those parts alone take {:.0} ms \
             of CPU ({:.0} ms spread over {cores} cores), before the records are serialized and the ledger is written",
            1000.0 * (v / 0.85 - v),
            cpu,
            cpu / cores as f64,
        );
    }
    // clic fix on the archive with 10% repairable documents, against
    // verify on the same archive, interleaved (issue 26).
    let repairable = repairable_archive(&dir, docs);
    let mut verify_walls = Vec::new();
    let mut fix_walls = Vec::new();
    let mut fix_rss = None;
    let mut fix_exit = 0;
    for _ in 0..runs {
        verify_walls.push(run_task(Task::Verify, &repairable.path, None, false).wall);
        let run = run_task(Task::Fix, &repairable.path, None, time);
        fix_walls.push(run.wall);
        fix_rss = fix_rss.max(run.rss_kib);
        fix_exit = run.exit;
    }
    verify_walls.sort();
    fix_walls.sort();
    let (v, f) = (median(&verify_walls), median(&fix_walls));
    println!(
        "fix {} docs, 10% repairable: median {f:.2} s (min {:.2} s){}{}; verify on it alongside: median {v:.2} s (min {:.2} s)",
        repairable.docs,
        fix_walls[0].as_secs_f64(),
        fix_rss.map_or(String::new(), |k| format!(", peak RSS {} MiB", (k + 512) / 1024)),
        if fix_exit == 0 {
            String::new()
        } else {
            format!(" [exit {fix_exit}: some documents still KO]")
        },
        verify_walls[0].as_secs_f64(),
    );
    println!(
        "fix / verify: {:.2}x (medians), {:.2}x (best runs); goal at most 2x (issue 26)",
        f / v,
        fix_walls[0].as_secs_f64() / verify_walls[0].as_secs_f64()
    );
    // xmllint on the extracted files against verify on the archive,
    // alternated so that both see the same load.
    let have_xmllint = Command::new("xmllint")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if have_xmllint {
        let dir = extracted(large);
        let mut lint_walls = Vec::new();
        let mut lint_cpus = Vec::new();
        let mut verify_walls = Vec::new();
        let mut verify_cpus = Vec::new();
        for _ in 0..runs {
            let run = run_task(Task::Verify, &large.path, None, time);
            verify_walls.push(run.wall);
            verify_cpus.extend(run.cpu);
            match xmllint(&dir) {
                Some((wall, cpu)) => {
                    lint_walls.push(wall);
                    lint_cpus.push(cpu);
                }
                None => break,
            }
        }
        if lint_walls.len() == runs {
            lint_walls.sort();
            verify_walls.sort();
            let (l, v) = (median(&lint_walls), median(&verify_walls));
            println!(
                "xmllint --noout --schema on the {} extracted files (one core): median {l:.2} s (min {:.2} s); verify alongside: median {v:.2} s (min {:.2} s)",
                large.docs,
                lint_walls[0].as_secs_f64(),
                verify_walls[0].as_secs_f64()
            );
            println!(
                "verify / xmllint: {:.2}x (medians), {:.2}x (best runs); goal at most 0.3x",
                v / l,
                verify_walls[0].as_secs_f64() / lint_walls[0].as_secs_f64()
            );
            lint_cpus.sort_by(f64::total_cmp);
            verify_cpus.sort_by(f64::total_cmp);
            if let (Some(l), Some(v)) = (lint_cpus.get(runs / 2), verify_cpus.get(verify_cpus.len() / 2)) {
                println!(
                    "CPU time (medians): verify {v:.2} s, xmllint {l:.2} s: {:.2}x",
                    v / l
                );
            }
        } else {
            println!("xmllint refused a file of the archive: no ratio");
        }
    } else {
        println!("note: xmllint not found, no ratio against it");
    }
    let memory_docs = env_usize("CLIC_BENCH_MEMORY_DOCS", MEMORY_DOCS);
    if time && memory_docs > 0 {
        peak_memory(&archive(&dir, memory_docs));
    }
    if let Some(median) = headline
        && docs == DEFAULT_DOCS
    {
        println!(
            "goal: {DEFAULT_DOCS} docs under {GOAL_SECONDS} s wall on this machine: {} ({median:.2} s)",
            if median < GOAL_SECONDS { "met" } else { "NOT met" }
        );
    }
}
