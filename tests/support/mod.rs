//! The one harness every integration test uses: it runs the built `clic`
//! binary, parses its JSON report, and builds archives and temporary
//! folders. Tests assert on what users see: exit codes, verdicts, codes.
#![allow(dead_code)]

pub mod receiver;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// What a run of `clic` produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON report on stdout (the run must have used `--format json`).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

pub fn clic() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clic"));
    command.env_remove("CLIC_LANG").env("NO_COLOR", "1");
    command
}

pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    run_with_stdin(args, None)
}

pub fn run_with_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: Option<&[u8]>) -> Run {
    let mut command = clic();
    command.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn().expect("the clic binary runs");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let bytes = bytes.to_vec();
        // Written from a thread so a large input cannot deadlock against stdout.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let output = child.wait_with_output().expect("clic finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `clic verify --format json ARGS...`
pub fn verify_json<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, Value) {
    let mut all: Vec<std::ffi::OsString> = vec!["verify".into(), "--format".into(), "json".into()];
    all.extend(args.iter().map(|a| a.as_ref().to_os_string()));
    let run = run(&all);
    assert!(
        run.code == 0 || run.code == 1,
        "verify could not run (exit {}):\n{}",
        run.code,
        run.stderr
    );
    (run.code, run.json())
}

/// Every diagnostic code in a JSON report (inputs and files), sorted.
pub fn codes(report: &Value) -> Vec<String> {
    codes_where(report, |_| true)
}

/// Codes of diagnostics that are errors or warnings (notes left out).
pub fn findings(report: &Value) -> Vec<String> {
    codes_where(report, |d| d["severity"] != "note")
}

fn codes_where(report: &Value, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    let mut found: Vec<String> = report["inputs"]
        .as_array()
        .into_iter()
        .chain(report["files"].as_array())
        .flatten()
        .flat_map(|item| item["diagnostics"].as_array().cloned().unwrap_or_default())
        .filter(|d| keep(d))
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    found.sort();
    found.dedup();
    found
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("fixtures")
}

/// The shared reference material (`../shared`), present in CI and on
/// developers' machines.
pub fn shared() -> PathBuf {
    root().join("../shared")
}

pub fn official_xsd() -> PathBuf {
    shared().join("reference/xsd/ufficiali")
}

/// A fresh, empty folder under `target/` for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = root()
        .join("target/test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A .zip in memory with the given entries (Deflate).
pub fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip finish").into_inner()
}

pub fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent dir");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// A valid document of each module, from the fixtures.
pub fn valid(module: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(format!("validi/{module}.xml"))).expect("valid fixture")
}

/// Whether the external `tool` (e.g. `xmllint`) can be run. Where it
/// cannot, a test may skip the check that needs it, saying so, except
/// under CI (`CI=true`), which installs every tool a test needs: there a
/// missing tool fails the test, so that a missing install step cannot
/// hide behind a skip.
pub fn tool_or_skip(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        assert!(
            !under_ci(),
            "{tool} is not installed, and CI=true: install it in .ci/run"
        );
        eprintln!("note: {tool} is not installed; the check that needs it is skipped");
    }
    found
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}
