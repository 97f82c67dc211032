//! One KO and one OK fixture per diagnostic code (fixtures/codici, made by
//! scripts/genera_fixture.py). A KO fixture must be KO (or warned) for
//! exactly its code; an OK fixture must come out clean.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use support::{codes, findings, fixtures, run};

/// Codes no input can trigger: an internal error is a bug, tested by a
/// unit test of the engine's isolation instead. CL07xx are findings of
/// `clic close` about what it is asked to close (never emitted by `clic
/// verify`): tests/close_cli.rs triggers each one. CL0801 is a finding of
/// `clic import` only: tests/import_cli.rs triggers it. CL0033 counts the
/// findings of another code past the first 100, so it never comes alone:
/// tests/hostile_bounds.rs triggers it with CL0102 and CL0111. CL10xx are
/// the repairs of `clic fix` (never emitted by `clic verify`):
/// tests/fix_cli.rs and the unit tests of `repair` trigger each one.
const NO_FIXTURE: &[&str] = &[
    "CL0033", "CL0099", "CL0701", "CL0702", "CL0703", "CL0704", "CL0705", "CL0801", "CL1000", "CL1001",
    "CL1002", "CL1003", "CL1004", "CL1005", "CL1006", "CL1007", "CL1099",
];

struct Fixture {
    code: String,
    ko: bool,
    path: PathBuf,
    args: Vec<String>,
}

fn all_fixtures() -> Vec<Fixture> {
    let dir = fixtures().join("codici");
    let mut found: Vec<Fixture> = std::fs::read_dir(&dir)
        .expect("fixtures/codici exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e != "args"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let mut parts = name.splitn(3, '-');
            let code = parts.next().unwrap().to_string();
            let kind = parts.next().unwrap_or_default();
            assert!(kind == "ok" || kind == "ko", "bad fixture name {name}");
            let args_file = path.with_extension("args");
            let args = std::fs::read_to_string(&args_file)
                .map(|a| a.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default();
            Fixture {
                code,
                ko: kind == "ko",
                path,
                args,
            }
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Code -> severity word, from `clic explain --list` (the registry as users see it).
fn registry() -> BTreeMap<String, String> {
    let listed = run(&["--lang", "en", "explain", "--list"]);
    assert_eq!(listed.code, 0);
    listed
        .stdout
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            (
                words.next().unwrap().to_string(),
                words.next().unwrap().to_string(),
            )
        })
        .collect()
}

fn verify(fixture: &Fixture, lang: &str) -> (i32, serde_json::Value) {
    let mut args = vec![
        "--lang".to_string(),
        lang.to_string(),
        "verify".into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(fixture.args.iter().cloned());
    args.push(fixture.path.display().to_string());
    let result = run(&args);
    assert!(
        result.code < 2,
        "{}: could not run: {}",
        fixture.path.display(),
        result.stderr
    );
    (result.code, result.json())
}

#[test]
fn each_ko_fixture_fails_for_exactly_its_code_and_each_ok_fixture_is_clean() {
    let registry = registry();
    let mut failures = Vec::new();
    for fixture in all_fixtures() {
        let (exit, report) = verify(&fixture, "it");
        let name = fixture.path.file_name().unwrap().to_string_lossy().into_owned();
        let severity = registry.get(&fixture.code).map(String::as_str);
        let (expected_exit, expected_findings, expected_codes) = match (fixture.ko, severity) {
            (false, _) => (0, vec![], vec![]),
            (true, Some("error")) => (1, vec![fixture.code.clone()], vec![fixture.code.clone()]),
            (true, Some("warning")) => (0, vec![fixture.code.clone()], vec![fixture.code.clone()]),
            (true, Some("note")) => (0, vec![], vec![fixture.code.clone()]),
            (true, other) => panic!("{name}: code not in the registry ({other:?})"),
        };
        let got = (exit, findings(&report), codes(&report));
        if got != (expected_exit, expected_findings.clone(), expected_codes.clone()) {
            failures.push(format!(
                "{name}: expected exit {expected_exit} codes {expected_codes:?}, got exit {} codes {:?}",
                got.0, got.2
            ));
        }
    }
    assert!(failures.is_empty(), "fixtures disagree:\n{}", failures.join("\n"));
}

#[test]
fn every_code_has_a_ko_and_an_ok_fixture() {
    let fixtures = all_fixtures();
    let missing: Vec<String> = registry()
        .keys()
        .filter(|code| !NO_FIXTURE.contains(&code.as_str()))
        .flat_map(|code| {
            let has = |ko: bool| fixtures.iter().any(|f| &f.code == code && f.ko == ko);
            [
                (!has(true)).then(|| format!("{code} ko")),
                (!has(false)).then(|| format!("{code} ok")),
            ]
        })
        .flatten()
        .collect();
    assert!(missing.is_empty(), "fixtures missing: {missing:?}");
}

#[test]
fn every_emitted_code_is_explained_in_both_languages() {
    for fixture in all_fixtures().iter().filter(|f| f.ko) {
        for lang in ["it", "en"] {
            let explained = run(&["--lang", lang, "explain", &fixture.code]);
            assert_eq!(explained.code, 0, "{} is not explained", fixture.code);
            assert!(explained.stdout.starts_with(&fixture.code));
            assert!(
                explained.stdout.len() > 200,
                "{} explanation too short",
                fixture.code
            );
        }
    }
}

#[test]
fn messages_have_every_placeholder_filled_in_both_languages() {
    for fixture in all_fixtures().iter().filter(|f| f.ko) {
        for lang in ["it", "en"] {
            let (_, report) = verify(fixture, lang);
            let text = report.to_string();
            for message in report["files"]
                .as_array()
                .into_iter()
                .chain(report["inputs"].as_array())
                .flatten()
                .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
                .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            {
                assert!(
                    !message.contains('{') && !message.is_empty(),
                    "{} ({lang}): unfilled message {message:?} in {text}",
                    fixture.path.display()
                );
            }
        }
    }
}

#[test]
fn unknown_codes_are_a_usage_error() {
    let result = run(&["explain", "CL9999"]);
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("CL9999"));
}
