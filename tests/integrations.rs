//! The CI integrations are valid YAML, have the inputs docs/integrazione.md
//! documents, and their scripts do what the page says when run with the
//! built binary: the GitHub Action (action.yml), the GitLab template
//! (ci/gitlab-clic.yml) and the pre-commit hook (.pre-commit-hooks.yaml).
//! (tests/packaging.rs runs the hook through pre-commit itself.)

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn yaml(relative: &str) -> Value {
    let text = std::fs::read_to_string(support::root().join(relative)).unwrap();
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not valid YAML: {e}"))
}

/// The rows of the first table under `heading` in docs/integrazione.md:
/// first cell (without backticks) -> the other cells.
fn documented_inputs(heading: &str) -> BTreeMap<String, Vec<String>> {
    let page = std::fs::read_to_string(support::root().join("docs/integrazione.md")).unwrap();
    let section = page
        .split(&format!("\n{heading}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("docs/integrazione.md has no {heading}"));
    let section = section.split("\n### ").next().unwrap();
    let mut rows = BTreeMap::new();
    let mut in_table = false;
    for line in section.lines() {
        if line.starts_with("| input") {
            in_table = true;
            continue;
        }
        if in_table && line.starts_with("| ---") {
            continue;
        }
        if in_table && !line.starts_with('|') {
            break;
        }
        if in_table {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect();
            rows.insert(cells[0].clone(), cells[1..].to_vec());
        }
    }
    assert!(!rows.is_empty(), "no input table under {heading}");
    rows
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clic-integrations-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A folder `DIR/bin/clic` pointing at the built binary, as an install would leave it.
fn installed_clic(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let clic = bin.join("clic");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_clic"), &clic).unwrap();
    clic
}

// ---- GitHub Action ----

fn action_step<'a>(action: &'a Value, id_or_name: &str) -> &'a Value {
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id_or_name || s["name"] == id_or_name)
        .unwrap_or_else(|| panic!("action.yml has no step {id_or_name}"))
}

#[test]
fn the_action_is_composite_with_the_documented_inputs() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().unwrap();
    let documented = documented_inputs("### GitHub Actions");
    let declared: BTreeSet<&String> = inputs.keys().collect();
    assert_eq!(
        declared,
        documented.keys().collect(),
        "action.yml inputs vs docs/integrazione.md"
    );
    for (name, cells) in &documented {
        let input = &inputs[name];
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{name}"
        );
        let required = input["required"].as_bool().unwrap_or(false);
        assert_eq!(cells[0] == "sì", required, "{name}: required");
        if !required {
            let default = input["default"].as_str().unwrap();
            let shown = if default.is_empty() { "\"\"" } else { default };
            assert_eq!(cells[1], shown, "{name}: default");
        }
        // Each input reaches the script through the environment.
        assert!(
            action_step(&action, "verify")["env"]
                .as_object()
                .unwrap()
                .values()
                .any(|v| v == &Value::String(format!("${{{{ inputs.{name} }}}}"))),
            "input {name} is not passed to the verify step"
        );
    }
    let install = action_step(&action, "Install clic")["run"].as_str().unwrap();
    assert!(
        install.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""),
        "{install}"
    );
    let script = action_step(&action, "verify")["run"].as_str().unwrap();
    assert!(
        !script.contains("${{"),
        "inputs must not be pasted into the script"
    );
}

/// Runs the action's verify step as the runner would, with `clic`
/// installed under RUNNER_TEMP: (exit code, stdout, GITHUB_OUTPUT).
fn run_action(env: &[(&str, &str)], runner_temp: &Path) -> (i32, String, String) {
    let action = yaml("action.yml");
    let script = action_step(&action, "verify")["run"]
        .as_str()
        .unwrap()
        .to_string();
    let output_file = runner_temp.join("github-output");
    std::fs::write(&output_file, "").unwrap();
    let mut command = Command::new("bash");
    command
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(support::root())
        .env("RUNNER_TEMP", runner_temp)
        .env("GITHUB_OUTPUT", &output_file)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CLIC_LANG")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        std::fs::read_to_string(&output_file).unwrap(),
    )
}

#[test]
fn the_action_annotates_writes_sarif_and_fails_on_a_ko_file() {
    let runner_temp = temp_dir("action");
    installed_clic(&runner_temp.join("clic"));
    let sarif = runner_temp.join("clic.sarif");
    let (code, stdout, outputs) = run_action(
        &[
            (
                "CLIC_PATHS",
                "fixtures/validi/candidatura.xml\nfixtures/codici/CL0101-ko-manca-cognome.xml",
            ),
            ("CLIC_ARGS", "--modalita massiva"),
            ("CLIC_SARIF", sarif.to_str().unwrap()),
            ("CLIC_LANG", "en"),
        ],
        &runner_temp,
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(outputs.contains("exit-code=1"), "{outputs}");
    assert!(
        stdout.contains(
            "::error file=fixtures/codici/CL0101-ko-manca-cognome.xml,line=4,col=5,title=clic (CL0101)::"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("The mandatory field"),
        "lang=en reaches clic: {stdout}"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    assert_eq!(report["runs"][0]["results"][0]["ruleId"], "CL0101");

    // All OK: exit 0, no SARIF asked, nothing written.
    let (code, stdout, outputs) = run_action(
        &[
            ("CLIC_PATHS", "fixtures/validi/candidatura.xml"),
            ("CLIC_ARGS", ""),
            ("CLIC_SARIF", ""),
            ("CLIC_LANG", "it"),
        ],
        &runner_temp,
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(outputs.contains("exit-code=0"));
    assert!(!stdout.contains("::error"), "{stdout}");
    let _ = std::fs::remove_dir_all(&runner_temp);
}

// ---- GitLab template ----

/// The template's two YAML documents: `spec` (its inputs) and the job.
fn gitlab_template() -> (String, Value, Value) {
    let text = std::fs::read_to_string(support::root().join("ci/gitlab-clic.yml")).unwrap();
    let (spec, jobs) = text.split_once("\n---\n").expect("spec, ---, then the jobs");
    let spec: Value = serde_norway::from_str(spec).expect("the spec is valid YAML");
    let jobs: Value = serde_norway::from_str(jobs).expect("the jobs are valid YAML");
    (text, spec, jobs)
}

#[test]
fn the_gitlab_template_has_the_documented_inputs_and_both_reports() {
    let (text, spec, jobs) = gitlab_template();
    let inputs = spec["spec"]["inputs"].as_object().unwrap();
    let documented = documented_inputs("### GitLab CI");
    let declared: BTreeSet<&String> = inputs.keys().collect();
    assert_eq!(
        declared,
        documented.keys().collect(),
        "ci/gitlab-clic.yml inputs vs docs/integrazione.md"
    );
    for (name, cells) in &documented {
        assert!(
            inputs[name]["description"]
                .as_str()
                .is_some_and(|d| !d.is_empty()),
            "{name}"
        );
        let default = inputs[name]["default"].as_str().unwrap();
        if name != "repository" {
            let shown = if default.is_empty() { "\"\"" } else { default };
            assert_eq!(cells[0], shown, "{name}: default");
        }
        assert!(
            text.contains(&format!("$[[ inputs.{name} ]]")),
            "input {name} is never used"
        );
    }
    // Every input the job uses is declared.
    for used in text.split("$[[ inputs.").skip(1) {
        let name = used.split(' ').next().unwrap();
        assert!(
            inputs.contains_key(name),
            "the job uses an undeclared input {name}"
        );
    }
    let job = &jobs["clic-verify"];
    assert_eq!(job["artifacts"]["when"], "always");
    assert_eq!(job["artifacts"]["reports"]["junit"], "clic-junit.xml");
    assert_eq!(job["artifacts"]["reports"]["codequality"], "gl-code-quality.json");
}

#[test]
fn the_gitlab_job_writes_junit_and_code_quality_and_fails_on_a_ko_file() {
    let (_, _, jobs) = gitlab_template();
    let work = temp_dir("gitlab");
    installed_clic(&work.join(".clic"));
    let fixtures = support::root().join("fixtures");
    std::fs::create_dir_all(work.join("exports")).unwrap();
    std::fs::copy(
        fixtures.join("validi/vacancy.xml"),
        work.join("exports/vacancy.xml"),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("codici/CL0101-ko-manca-cognome.xml"),
        work.join("exports/cv.xml"),
    )
    .unwrap();
    // The script as the runner runs it (one shell, stopping at the first
    // failing line), with clic already installed in .clic/ by the cache.
    let lines: Vec<String> = jobs["clic-verify"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .filter(|l| !l.starts_with("cargo install"))
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-e", "-c", &lines.join("\n")])
        .current_dir(&work)
        .env("CLIC_PATHS", "exports/")
        .env("CLIC_ARGS", "--jobs 1")
        .env_remove("CLIC_LANG")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let junit = std::fs::read_to_string(work.join("clic-junit.xml")).unwrap();
    assert!(junit.contains("<failure") && junit.contains("CL0101"), "{junit}");
    let quality: Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("gl-code-quality.json")).unwrap()).unwrap();
    assert_eq!(quality[0]["check_name"], "CL0101");
    assert_eq!(quality[0]["location"]["path"], "exports/cv.xml");
    let _ = std::fs::remove_dir_all(&work);
}

// ---- pre-commit hook ----

#[test]
fn the_pre_commit_hook_is_a_rust_hook_for_xml_and_zip_files() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_array().unwrap();
    assert_eq!(hooks.len(), 1);
    let hook = &hooks[0];
    assert_eq!(hook["id"], "clic-verify");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["entry"], "clic verify");
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for name in ["cv.xml", "export/CV.XML", "archivio.zip"] {
        assert!(files.is_match(name), "{name}");
    }
    for name in ["schema.xsd", "cv.xml.bak", "leggimi.txt"] {
        assert!(!files.is_match(name), "{name}");
    }
    let page = std::fs::read_to_string(support::root().join("docs/integrazione.md")).unwrap();
    assert!(
        page.contains("- id: clic-verify"),
        "docs/integrazione.md shows the hook's configuration"
    );
}
