//! Paths that are pipes (process substitution, `/dev/stdin`, a FIFO) are
//! read once, like `-`: they give the file's own verdict, and a zip given
//! this way is imported. Every run has a timeout, so a hang fails.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{fixtures, temp_dir, valid, write, zip_bytes};

/// Waits for `child`, failing the test if it runs longer than 30 s.
fn finish(mut child: Child, what: &str) -> support::Run {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("{what}: clic hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The verdict `verify` gives: exit code and codes found.
fn verdict(run: &support::Run) -> (i32, Vec<String>) {
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    (run.code, support::codes(&run.json()))
}

/// `clic ARGS` with `path` read through `<(cat path)` in bash.
fn through_process_substitution(args: &str, path: &Path) -> support::Run {
    let child = Command::new("bash")
        .arg("-c")
        .arg(format!("exec \"$0\" {args} <(cat \"$1\")"))
        .arg(env!("CARGO_BIN_EXE_clic"))
        .arg(path)
        .env_remove("CLIC_LANG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs");
    finish(child, "process substitution")
}

/// `clic ARGS /dev/stdin` with `path`'s bytes on stdin.
fn through_dev_stdin(args: &[&str], path: &Path) -> support::Run {
    let mut child = support::clic()
        .args(args)
        .arg("/dev/stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(path).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        let _ = stdin.write_all(&bytes);
    });
    finish(child, "/dev/stdin")
}

/// `clic ARGS FIFO` with `path`'s bytes written into a named pipe.
fn through_fifo(args: &[&str], path: &Path, dir: &Path) -> support::Run {
    let fifo = dir.join(format!("fifo-{}", path.file_name().unwrap().to_string_lossy()));
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let child = support::clic()
        .args(args)
        .arg(&fifo)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(path).unwrap();
    let writer_fifo = fifo.clone();
    // Opening a FIFO for writing blocks until clic opens it for reading.
    std::thread::spawn(move || {
        if let Ok(mut pipe) = std::fs::OpenOptions::new().write(true).open(writer_fifo) {
            let _ = pipe.write_all(&bytes);
        }
    });
    finish(child, "FIFO")
}

#[test]
fn pipes_given_as_paths_give_the_files_own_verdict() {
    let dir = temp_dir("pipes-verify");
    let archive = dir.join("lotto.zip");
    write(
        &archive,
        &zip_bytes(&[("cv.xml", &valid("candidatura")), ("v.xml", &valid("vacancy"))]),
    );
    let files = [
        fixtures().join("validi/candidatura.xml"),
        fixtures().join("codici/CL0101-ko-manca-cognome.xml"),
        archive,
    ];
    for file in &files {
        let own = verdict(&support::run(&[
            "verify",
            "--format",
            "json",
            file.to_str().unwrap(),
        ]));
        let shown = file.display();
        let substituted = through_process_substitution("verify --format json", file);
        assert_eq!(verdict(&substituted), own, "<(cat {shown})");
        let stdin = through_dev_stdin(&["verify", "--format", "json"], file);
        assert_eq!(verdict(&stdin), own, "/dev/stdin < {shown}");
        let fifo = through_fifo(&["verify", "--format", "json"], file, &dir);
        assert_eq!(verdict(&fifo), own, "FIFO of {shown}");
    }
}

#[test]
fn an_archive_through_a_pipe_is_imported() {
    let dir = temp_dir("pipes-import");
    let archive = dir.join("lotto.zip");
    write(
        &archive,
        &zip_bytes(&[("cv.xml", &valid("candidatura")), ("v.xml", &valid("vacancy"))]),
    );
    let ledger = dir.join("registro.sqlite");
    let out = dir.join("out");
    let args = format!("import --ledger {} --out {}", ledger.display(), out.display());
    let substituted = through_process_substitution(&args, &archive);
    assert_eq!(
        substituted.code, 0,
        "{}\n{}",
        substituted.stdout, substituted.stderr
    );
    assert!(
        substituted.stdout.contains("(2 comunicazioni)"),
        "{}",
        substituted.stdout
    );
    // The same content through another pipe is the same archive: already done.
    let fifo = through_fifo(&["import", "--ledger", ledger.to_str().unwrap()], &archive, &dir);
    assert_eq!(fifo.code, 0, "{}", fifo.stderr);
    assert!(fifo.stdout.contains("nulla da fare"), "{}", fifo.stdout);
}
