//! Reports that land where CI shows them: paths relative to the folder the
//! job runs in (no `./`, `/` separators), absolute ones as `file://` URIs in
//! SARIF, archive findings on the archive file, `--stdin-filename`,
//! `--format concise` with its GitHub problem matcher, unreadable inputs in
//! the report, SARIF valid against the OASIS 2.1.0 schema and the JSON
//! report valid against `schemas/report.schema.json`.

mod support;

use std::path::Path;
use std::process::Stdio;

use serde_json::Value;
use support::{clic, fixtures, root, temp_dir, write};

/// `clic ARGS` run in `dir`, with `stdin` piped in when given.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    use std::io::Write;
    let mut command = clic();
    command
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = command.spawn().unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A job's checkout: `dir/cv.xml` (a KO CV), `lotto.zip` (the example
/// archive), in a fresh folder.
fn checkout(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let ko = std::fs::read(fixtures().join("codici/CL0101-ko-manca-cognome.xml")).unwrap();
    write(&dir.join("dir/cv.xml"), &ko);
    write(
        &dir.join("lotto.zip"),
        &std::fs::read(fixtures().join("esempio.zip")).unwrap(),
    );
    dir
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn validator(schema_file: &Path) -> jsonschema::Validator {
    let mut text = std::fs::read_to_string(schema_file).unwrap();
    // The SARIF schema's `language` pattern has a stray `]` that an
    // ECMAScript engine reads as a literal and Rust's regex refuses: the
    // same pattern without it (the only change; it checks a property clic
    // does not write).
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    if schema_file.ends_with("sarif-2.1.0-rtm.5.json") {
        assert!(
            text.contains(stray),
            "the SARIF schema changed: review this patch"
        );
        text = text.replace(stray, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}$""#);
    }
    let schema: Value = json(&text);
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{}: {e}", schema_file.display()))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what} is not valid:\n{}", errors.join("\n"));
}

/// Every `uri` value anywhere in a JSON document.
fn uris(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "uri"
                    && let Some(text) = v.as_str()
                {
                    out.push(text.to_string());
                }
                uris(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| uris(v, out)),
        _ => {}
    }
}

#[test]
fn sarif_is_valid_against_the_oasis_schema_and_its_uris_resolve() {
    // The OASIS SARIF 2.1.0 schema (final, "rtm.5"), as npm's
    // @microsoft/jest-sarif 1.0.0-beta.0 ships it (lib/schemas/), MIT.
    let sarif_schema = validator(&root().join("tests/data/sarif-2.1.0-rtm.5.json"));
    let dir = checkout("ci-sarif");
    let outside = temp_dir("ci-sarif-outside").join("cv.xml");
    write(&outside, &std::fs::read(dir.join("dir/cv.xml")).unwrap());
    let (code, out, err) = run_in(
        &dir,
        &[
            "verify",
            "--format",
            "sarif",
            "./dir/cv.xml",
            "lotto.zip",
            outside.to_str().unwrap(),
            "manca.xml",
        ],
        None,
    );
    assert_eq!(code, 2, "a missing input is still exit 2: {err}");
    let sarif = json(&out);
    assert_valid(&sarif_schema, &sarif, "SARIF");
    let mut found = Vec::new();
    uris(&sarif, &mut found);
    assert!(found.contains(&"dir/cv.xml".to_string()), "{found:?}");
    assert!(found.contains(&"lotto.zip".to_string()), "{found:?}");
    assert!(
        found.iter().all(|u| !u.starts_with('/') && !u.starts_with("./")),
        "SARIF1004: a URI is a relative reference or file://: {found:?}"
    );
    assert!(
        found
            .iter()
            .any(|u| u.starts_with("file:///") && u.ends_with("/cv.xml")),
        "{found:?}"
    );
    let run = &sarif["runs"][0];
    // Archive entries point at the archive, never with parentIndex.
    assert!(!out.contains("parentIndex"), "{out}");
    let in_archive: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "lotto.zip")
        .filter(|r| r["locations"][0]["logicalLocations"][0]["kind"] == "resource")
        .collect();
    let entry = in_archive
        .iter()
        .find(|r| r["locations"][0]["logicalLocations"][0]["name"] == "cv-senza-email.xml")
        .expect("an entry's finding names the entry as a logical location");
    assert!(
        entry["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("cv-senza-email.xml:17:5: "),
        "{entry}"
    );
    // The unreadable input: a tool execution notification.
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["descriptor"]["id"], "CL0002");
    assert!(
        notification["message"]["text"]
            .as_str()
            .unwrap()
            .contains("manca.xml"),
        "{notification}"
    );
}

#[test]
fn gitlab_and_github_paths_have_no_dot_slash() {
    let dir = checkout("ci-gitlab");
    let (_, out, _) = run_in(
        &dir,
        &["verify", "--format", "gitlab", "./dir/", "./lotto.zip"],
        None,
    );
    let issues = json(&out);
    let paths: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["location"]["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"dir/cv.xml"), "{paths:?}");
    assert!(paths.contains(&"lotto.zip"), "{paths:?}");
    assert!(paths.iter().all(|p| !p.starts_with("./")), "{paths:?}");
    let (_, out, _) = run_in(&dir, &["verify", "--format", "github", "./dir/cv.xml"], None);
    assert!(
        out.contains("::error file=dir/cv.xml,line=4,col=5,title=clic (CL0101)::"),
        "{out}"
    );
}

#[test]
fn base_path_changes_the_reference_folder() {
    let dir = checkout("ci-base");
    let (_, out, _) = run_in(
        &dir,
        &[
            "verify",
            "--format",
            "concise",
            "--base-path",
            "dir",
            "dir/cv.xml",
        ],
        None,
    );
    assert!(out.starts_with("cv.xml:4:5: CL0101 "), "{out}");
    let (_, out, _) = run_in(
        &dir,
        &[
            "verify",
            "--format",
            "concise",
            "--base-path",
            "altro",
            "dir/cv.xml",
        ],
        None,
    );
    assert!(
        out.starts_with("../dir/cv.xml:4:5: CL0101 ") || out.starts_with('/'),
        "{out}"
    );
}

#[test]
fn stdin_filename_names_standard_input_in_every_format() {
    let dir = checkout("ci-stdin");
    let cv = std::fs::read(dir.join("dir/cv.xml")).unwrap();
    let name = "dir/cv.xml";
    for format in [
        "json", "sarif", "gitlab", "github", "junit", "concise", "text", "csv",
    ] {
        let (code, out, err) = run_in(
            &dir,
            &["verify", "--format", format, "--stdin-filename", name, "-"],
            Some(&cv),
        );
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.contains(name), "{format} does not name stdin:\n{out}");
        assert!(
            !out.contains("\"-\"") && !out.contains("file=-,"),
            "{format}:\n{out}"
        );
    }
}

#[test]
fn concise_lines_are_what_the_problem_matcher_reads() {
    let matcher = json(&std::fs::read_to_string(root().join(".github/clic-problem-matcher.json")).unwrap());
    let patterns: Vec<(regex::Regex, Value)> = matcher["problemMatcher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let p = &m["pattern"][0];
            (
                regex::Regex::new(p["regexp"].as_str().unwrap()).unwrap(),
                p.clone(),
            )
        })
        .collect();
    let dir = checkout("ci-concise");
    let (code, out, _) = run_in(
        &dir,
        &["verify", "--format", "concise", "./dir/cv.xml", "lotto.zip"],
        None,
    );
    assert_eq!(code, 1);
    assert!(out.lines().count() >= 5, "{out}");
    for line in out.lines() {
        // The first matcher that matches, as GitHub tries them.
        let (captures, pattern) = patterns
            .iter()
            .find_map(|(re, p)| re.captures(line).map(|c| (c, p)))
            .unwrap_or_else(|| panic!("no matcher reads: {line}"));
        let group = |key: &str| pattern[key].as_u64().map(|i| captures[i as usize].to_string());
        let file = group("file").unwrap();
        assert!(
            dir.join(&file).is_file(),
            "the matcher's file is in the checkout: {file} ({line})"
        );
        assert!(group("code").unwrap().starts_with("CL"), "{line}");
        assert!(!group("message").unwrap().is_empty(), "{line}");
    }
    assert!(out.contains("dir/cv.xml:4:5: CL0101 "), "{out}");
    assert!(
        out.contains("lotto.zip: CL0101 cv-senza-email.xml:17:5: "),
        "{out}"
    );
}

#[test]
fn a_missing_input_is_in_the_report_and_out_still_writes_it() {
    let report_schema = validator(&root().join("schemas/report.schema.json"));
    let dir = checkout("ci-missing");
    let (code, out, err) = run_in(
        &dir,
        &["verify", "--format", "json", "manca.zip", "./dir/cv.xml"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("manca.zip"), "still said on stderr: {err}");
    let report = json(&out);
    assert_valid(&report_schema, &report, "the JSON report");
    let missing = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"] == "manca.zip")
        .unwrap_or_else(|| panic!("manca.zip not in inputs: {report}"));
    assert_eq!(missing["verdict"], "KO");
    assert_eq!(missing["diagnostics"][0]["code"], "CL0002");
    // Only missing inputs, with --out: the report is written all the same.
    let (code, _, _) = run_in(
        &dir,
        &["verify", "--format", "junit", "--out", "r.xml", "manca.zip"],
        None,
    );
    assert_eq!(code, 2);
    let junit = std::fs::read_to_string(dir.join("r.xml")).expect("--out wrote the report");
    assert!(
        junit.contains("manca.zip") && junit.contains("<failure"),
        "{junit}"
    );
    assert!(junit.contains("name=\"(illeggibile)\""), "{junit}");
    let (_, out, _) = run_in(&dir, &["verify", "--format", "gitlab", "manca.zip"], None);
    assert!(
        out.contains("\"path\": \"manca.zip\"") && out.contains("CL0002"),
        "{out}"
    );
}

#[test]
fn the_json_report_is_valid_against_its_schema() {
    let report_schema = validator(&root().join("schemas/report.schema.json"));
    let dir = checkout("ci-json");
    let cv = std::fs::read(dir.join("dir/cv.xml")).unwrap();
    for args in [
        vec!["verify", "--format", "json", "lotto.zip", "dir"],
        vec!["verify", "--format", "json", "-"],
        vec!["--lang", "en", "verify", "--format", "json", "dir/cv.xml"],
    ] {
        let (_, out, err) = run_in(&dir, &args, Some(&cv));
        let report = json(&out);
        assert_valid(&report_schema, &report, &format!("{args:?} ({err})"));
    }
    // The schema is not a tautology: a report without its summary fails.
    let (_, out, _) = run_in(&dir, &["verify", "--format", "json", "dir/cv.xml"], None);
    let mut broken = json(&out);
    broken.as_object_mut().unwrap().remove("summary");
    assert!(!report_schema.is_valid(&broken));
    broken = json(&out);
    broken["files"][0]["diagnostics"][0]["code"] = Value::from("E101");
    assert!(!report_schema.is_valid(&broken));
}
