//! Every report format, as reviewers and the programs that read them see
//! it: snapshots of each renderer on the example archive and on every KO
//! fixture (tests/snapshots/, committed and read in review), and the
//! properties each format promises: valid self-contained HTML that opens
//! in Chromium, an xlsx whose rows are the JSON report's, SARIF and GitLab
//! reports with the fields their readers require.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use clap::Parser;
use clic::cli::{Cli, Command as Sub};
use clic::engine::Outcome;
use clic::i18n::Lang;
use clic::report::{self, Options, VerifyFormat};
use serde_json::Value;
use support::{clic, root, temp_dir, valid, write, zip_bytes};

const EXAMPLE: &str = "fixtures/esempio.zip";

/// `clic ARGS...` run from the repository root, so that reports name
/// inputs by their relative paths, as a user at the root would see them.
fn clic_at_root(args: &[&str], env: &[(&str, &Path)]) -> (i32, Vec<u8>) {
    let mut command = clic();
    command.current_dir(root()).args(args).stdin(Stdio::null());
    command.env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("clic runs");
    let code = output.status.code().unwrap_or(-1);
    assert!(code < 2, "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    (code, output.stdout)
}

fn verify(format: &str, lang: &str, path: &str) -> String {
    let (code, out) = clic_at_root(&["--lang", lang, "verify", "--format", format, path], &[]);
    assert_eq!(code, 1, "{path} is KO");
    String::from_utf8(out).expect("UTF-8 report")
}

fn snapshot(name: &str, content: &str) {
    insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::assert_snapshot!(name, content);
    });
}

// ---- the example archive, through the binary ----

#[test]
fn every_format_on_the_example_archive() {
    for format in [
        "text", "json", "junit", "csv", "github", "gitlab", "sarif", "html",
    ] {
        snapshot(&format!("esempio.{format}"), &verify(format, "it", EXAMPLE));
    }
    snapshot("esempio.text.en", &verify("text", "en", EXAMPLE));
    let (_, verbose) = clic_at_root(&["verify", "--verbose", EXAMPLE], &[]);
    snapshot("esempio.text.verbose", &String::from_utf8(verbose).unwrap());
    let (_, quiet) = clic_at_root(&["verify", "-q", EXAMPLE], &[]);
    snapshot("esempio.text.quiet", &String::from_utf8(quiet).unwrap());
}

#[test]
fn github_writes_a_step_summary_when_github_asks_for_one() {
    let dir = temp_dir("github-summary");
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    clic_at_root(
        &["verify", "--format", "github", EXAMPLE],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("earlier step\n"), "appended, not replaced");
    snapshot("esempio.github-step-summary", &written);
}

#[test]
fn github_says_how_many_annotations_it_will_not_show() {
    let dir = temp_dir("github-cap");
    let broken = String::from_utf8(valid("candidatura"))
        .unwrap()
        .replace("<cognome>Bianchi</cognome>", "");
    let names: Vec<String> = (1..=12).map(|n| format!("cv-{n:02}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), broken.as_bytes())).collect();
    write(&dir.join("dodici.zip"), &zip_bytes(&entries));
    let summary = dir.join("summary.md");
    let archive = dir.join("dodici.zip");
    let (code, out) = clic_at_root(
        &["verify", "--format", "github", archive.to_str().unwrap()],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(code, 1);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().filter(|l| l.starts_with("::error ")).count(), 12);
    assert!(out.contains("2 annotazioni non mostrate"), "{out}");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.contains("2 annotazioni non mostrate"), "{written}");
    assert!(
        written.contains("| CL0101 | errore | Campo obbligatorio mancante | 12 |"),
        "{written}"
    );
}

// ---- every KO fixture, in process ----

/// Checks as `clic verify ARGS` does, in this process (fast: the schemas
/// are compiled once per fixture, no process is started).
fn outcome_of(args: &[String]) -> Outcome {
    let mut all = vec!["clic".to_string(), "verify".into()];
    all.extend(args.iter().cloned());
    let Sub::Verify(verify) = Cli::try_parse_from(&all).expect("arguments parse").command else {
        unreachable!("a verify command line")
    };
    let ctx = clic::cmd::context(&verify.check, Lang::It).expect("context");
    let inputs = clic::cmd::open_inputs(&verify.paths, &ctx.limits).expect("inputs open");
    clic::engine::run(&inputs, &ctx, |_| (), &|| ()).0
}

fn render(outcome: &Outcome, format: VerifyFormat, lang: Lang) -> Vec<u8> {
    let options = Options {
        lang,
        ..Options::default()
    };
    let mut out = Vec::new();
    report::render(outcome, format, &options, &|_| None, &mut out).expect("renders");
    out
}

fn ko_fixtures() -> Vec<(String, Vec<String>)> {
    let dir = Path::new("fixtures/codici");
    let mut found: Vec<(String, Vec<String>)> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("-ko-") && !name.ends_with(".args"))
        .map(|name| {
            let path = dir.join(&name);
            let mut args: Vec<String> = std::fs::read_to_string(root().join(path.with_extension("args")))
                .map(|a| a.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default();
            args.push(path.display().to_string());
            (name, args)
        })
        .collect();
    found.sort();
    found
}

/// One snapshot per KO fixture holding every text format (HTML only for
/// the example archive: per fixture it would be mostly the same page).
#[test]
fn every_text_format_on_every_ko_fixture() {
    // Paths in reports are relative to the root, as in the snapshots.
    std::env::set_current_dir(root()).unwrap();
    let formats = [
        ("text", VerifyFormat::Text),
        ("json", VerifyFormat::Json),
        ("junit", VerifyFormat::Junit),
        ("csv", VerifyFormat::Csv),
        ("github", VerifyFormat::Github),
        ("gitlab", VerifyFormat::Gitlab),
        ("sarif", VerifyFormat::Sarif),
    ];
    let fixtures = ko_fixtures();
    assert!(fixtures.len() > 60, "fixtures/codici has its KO fixtures");
    for (name, args) in fixtures {
        let outcome = outcome_of(&args);
        let mut all = String::new();
        for (label, format) in formats {
            let text = String::from_utf8(render(&outcome, format, Lang::It)).unwrap();
            all.push_str(&format!("==== {label} ====\n{text}"));
        }
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        snapshot(&format!("codici/{stem}"), &all);
    }
}

// ---- HTML ----

fn html_report(lang: &str, path: &str) -> String {
    verify("html", lang, path)
}

#[test]
fn html_is_valid_html5_with_no_url_outside_the_text() {
    for lang in ["it", "en"] {
        let page = html_report(lang, EXAMPLE);
        assert!(page.contains(&format!("<html lang=\"{lang}\">")));
        assert_valid_html5(&page);
        assert_self_contained(&page);
    }
    // All OK: no KO section to fill, still a valid page.
    let (code, ok) = clic_at_root(&["verify", "--format", "html", "fixtures/validi"], &[]);
    assert_eq!(code, 0);
    let ok = String::from_utf8(ok).unwrap();
    assert_valid_html5(&ok);
    assert!(ok.contains("Nessun file KO."), "{ok}");
    // Hostile names and contents stay text.
    let dir = temp_dir("html-hostile");
    let hostile = String::from_utf8(valid("candidatura")).unwrap().replace(
        "<cognome>Bianchi</cognome>",
        "<cognome>Bianchi</cognome><img src=\"https://esempio.invalid/x.png\"/>",
    );
    let archive = dir.join("ostile.zip");
    write(
        &archive,
        &zip_bytes(&[("<script>alert(1)</script>&.xml", hostile.as_bytes())]),
    );
    let page = html_report("it", archive.to_str().unwrap());
    assert_valid_html5(&page);
    assert_self_contained(&page);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;.xml"));
    assert!(
        page.contains("&lt;img src=&quot;https://esempio.invalid/x.png&quot;/&gt;"),
        "the source line is quoted, escaped"
    );
}

#[test]
fn html_lists_ko_files_with_their_source_and_counts_ok_files() {
    let page = html_report("en", EXAMPLE);
    assert!(page.contains("<h2 id=\"ko-files\">KO files (4)</h2>"), "{page}");
    assert!(page.contains("4 files OK, not listed."));
    assert!(
        !page.contains("cv-giulia-bianchi.xml<"),
        "OK files are not listed"
    );
    // CL0101 in cv-senza-email.xml at 17:5: the lines around it, the line marked.
    assert!(page.contains("<mark>17  "), "{page}");
    // The explanation is the one `clic explain` prints.
    let explain = support::run(&["--lang", "en", "explain", "CL0101"]).stdout;
    let paragraph = explain.split("\n\n").nth(1).unwrap().trim();
    let first_line = paragraph.lines().next().unwrap();
    assert!(page.contains(&html_escape(first_line)), "{first_line}");
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn html5_errors(page: &str) -> Vec<String> {
    use html5ever::tendril::TendrilSink;
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut page.as_bytes())
        .unwrap();
    dom.errors.borrow().iter().map(|e| e.to_string()).collect()
}

fn assert_valid_html5(page: &str) {
    // The parser does see errors: a stray end tag, a missing doctype.
    assert!(!html5_errors("<!DOCTYPE html><title>x</title><p>a</div>").is_empty());
    assert!(!html5_errors("<title>x</title>").is_empty());
    let errors = html5_errors(page);
    assert!(errors.is_empty(), "HTML5 parse errors: {errors:?}");
    assert!(page.starts_with("<!DOCTYPE html>\n"));
}

/// No attribute, style or script refers to anything outside the page.
fn assert_self_contained(page: &str) {
    use html5ever::tendril::TendrilSink;
    use markup5ever_rcdom::{Handle, NodeData};
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), Default::default())
        .from_utf8()
        .read_from(&mut page.as_bytes())
        .unwrap();
    fn walk(node: &Handle, inside: Option<&str>, problems: &mut Vec<String>) {
        let mut here = inside.map(str::to_string);
        match &node.data {
            NodeData::Element { name, attrs, .. } => {
                let tag = name.local.to_string();
                if matches!(
                    tag.as_str(),
                    "link" | "iframe" | "object" | "embed" | "img" | "base"
                ) {
                    problems.push(format!("<{tag}> element"));
                }
                for attr in attrs.borrow().iter() {
                    let key = attr.name.local.to_string();
                    let value = attr.value.to_string();
                    let external = value.contains("//") || value.contains("url(");
                    let fragment_only = key != "href" || value.starts_with('#');
                    if external || !fragment_only || key == "src" || key == "srcset" || key == "xmlns" {
                        problems.push(format!("<{tag} {key}=\"{value}\">"));
                    }
                }
                if tag == "style" || tag == "script" {
                    here = Some(tag);
                }
            }
            NodeData::Text { contents } => {
                let text = contents.borrow();
                if let Some(tag) = inside
                    && (text.contains("://") || text.contains("url(") || text.contains("@import"))
                {
                    problems.push(format!("URL in <{tag}>"));
                }
            }
            _ => {}
        }
        for child in node.children.borrow().iter() {
            walk(child, here.as_deref(), problems);
        }
    }
    let mut problems = Vec::new();
    walk(&dom.document, None, &mut problems);
    assert!(problems.is_empty(), "external references: {problems:?}");
}

/// Headless Chromium opens the page and runs its script; the screenshot
/// is left in target/ for a look. Under CI a missing Chromium fails.
#[test]
fn html_opens_in_headless_chromium() {
    // Under CI=true a missing Chromium fails here (.ci/run installs it).
    if !support::tool_or_skip("chromium") {
        return;
    }
    let chromium = "chromium";
    let out = root().join("target/report-html");
    std::fs::create_dir_all(&out).unwrap();
    let page = out.join("esempio.html");
    std::fs::write(&page, html_report("it", EXAMPLE)).unwrap();
    let screenshot = out.join("esempio.png");
    let _ = std::fs::remove_file(&screenshot);
    let url = format!("file://{}", page.display());
    let dom = headless(chromium, &["--dump-dom", &url]);
    assert!(dom.contains("Rapporto di verifica Cliclavoro"), "{dom}");
    assert!(
        dom.contains("<p id=\"filter-box\">"),
        "the inline script ran and showed the filter: {dom}"
    );
    headless(
        chromium,
        &[
            &format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,2400",
            &url,
        ],
    );
    let png = std::fs::read(&screenshot).expect("chromium saved a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
}

fn headless(chromium: &str, args: &[&str]) -> String {
    let profile: PathBuf = temp_dir("chromium-profile");
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&profile);
    String::from_utf8_lossy(&output.stdout).into_owned()
}

// ---- xlsx, SARIF, GitLab, CSV ----

#[test]
fn xlsx_rows_are_the_json_reports_findings() {
    use calamine::{Data, Reader, Xlsx};
    let dir = temp_dir("xlsx");
    let book = dir.join("esito.xlsx");
    let (code, _) = clic_at_root(
        &[
            "--lang",
            "en",
            "verify",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
            EXAMPLE,
        ],
        &[],
    );
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&verify("json", "en", EXAMPLE)).unwrap();
    let mut expected: Vec<Vec<String>> = Vec::new();
    let cell = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for input in json["inputs"].as_array().unwrap() {
        for d in input["diagnostics"].as_array().unwrap() {
            expected.push(row(&cell(&input["path"]), "", d, &cell));
        }
        for file in json["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["input"] == input["path"])
        {
            for d in file["diagnostics"].as_array().unwrap() {
                expected.push(row(&cell(&input["path"]), &cell(&file["name"]), d, &cell));
            }
        }
    }
    let mut workbook: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    assert_eq!(workbook.sheet_names(), ["Problems", "Summary"]);
    let sheet = workbook.worksheet_range("Problems").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "Input",
            "File",
            "Line",
            "Column",
            "Code",
            "Severity",
            "Field",
            "Message",
            "How to fix"
        ]
    );
    let found: Vec<Vec<String>> = rows
        .map(|r| {
            r.iter()
                .take(8)
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(found, expected);
    let summary = workbook.worksheet_range("Summary").unwrap();
    let totals: Vec<String> = summary.rows().nth(1).unwrap()[2..6]
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(totals, ["8", "4", "4", "1"], "files, OK, KO, warnings");
    // Both sheets have filters on their header row, frozen; the long texts wrap.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let part = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let sheet1 = part(&mut zip, "xl/worksheets/sheet1.xml");
    let sheet2 = part(&mut zip, "xl/worksheets/sheet2.xml");
    let styles = part(&mut zip, "xl/styles.xml");
    assert!(sheet1.contains("<autoFilter ref=\"A1:I7\""), "{sheet1}");
    assert!(sheet2.contains("<autoFilter ref=\"A1:F3\""), "{sheet2}");
    for sheet in [&sheet1, &sheet2] {
        assert!(sheet.contains("state=\"frozen\""), "a frozen header: {sheet}");
    }
    assert!(styles.contains("wrapText=\"1\""), "{styles}");
    assert!(
        sheet1.contains("customHeight=\"1\""),
        "rows sized to their text: {sheet1}"
    );
}

fn row(input: &str, file: &str, d: &Value, cell: &dyn Fn(&Value) -> String) -> Vec<String> {
    vec![
        input.to_string(),
        file.to_string(),
        cell(&d["line"]),
        cell(&d["column"]),
        cell(&d["code"]),
        cell(&d["severity"]),
        cell(&d["path"]),
        cell(&d["message"]),
    ]
}

#[test]
fn sarif_has_the_required_fields_and_results_point_at_declared_rules() {
    let sarif: Value = serde_json::from_str(&verify("sarif", "en", EXAMPLE)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "clic");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "help"] {
            assert!(rule.get(key).is_some(), "rule lacks {key}: {rule}");
        }
        assert!(rule["help"]["text"].as_str().unwrap().len() > 5);
    }
    let artifacts = run["artifacts"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for result in results {
        assert!(result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at ruleId");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        let artifact = &artifacts[location["artifactLocation"]["index"].as_u64().unwrap() as usize];
        assert_eq!(artifact["location"]["uri"], location["artifactLocation"]["uri"]);
    }
    // An archive's entry: the archive's artifact (GitHub ignores
    // parentIndex), the entry and its line in the message and as a
    // logical location.
    let entry = results.iter().find(|r| r["ruleId"] == "CL0101").unwrap();
    let location = &entry["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "fixtures/esempio.zip");
    assert_eq!(location["region"]["startLine"], 1);
    assert!(
        entry["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("cv-senza-email.xml:17:5: "),
        "{entry}"
    );
    let logical = &entry["locations"][0]["logicalLocations"][0];
    assert_eq!(logical["name"], "cv-senza-email.xml");
    assert_eq!(logical["kind"], "resource");
    assert!(artifacts.iter().all(|a| a.get("parentIndex").is_none()));
}

#[test]
fn gitlab_issues_have_the_documented_fields_and_unique_stable_fingerprints() {
    let dir = temp_dir("gitlab");
    let twice = String::from_utf8(valid("candidatura"))
        .unwrap()
        .replace("<cognome>Bianchi</cognome>", "")
        .replace("<nome>Giulia</nome>", "");
    std::fs::write(dir.join("due-errori.xml"), &twice).unwrap();
    std::fs::write(dir.join("stesso.xml"), &twice).unwrap();
    let folder = dir.display().to_string();
    let first: Value = serde_json::from_str(&verify("gitlab", "it", &folder)).unwrap();
    let again: Value = serde_json::from_str(&verify("gitlab", "en", &folder)).unwrap();
    let issues = first.as_array().unwrap();
    assert!(issues.len() >= 4, "{first:#}");
    let mut fingerprints = std::collections::BTreeSet::new();
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(
                issue[key].as_str().is_some_and(|v| !v.is_empty()),
                "{key}: {issue}"
            );
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().unwrap())
        );
        // Relative to the current folder (the crate's, where the test runs).
        let path = issue["location"]["path"].as_str().unwrap();
        assert!(
            path.starts_with("target/test-tmp/gitlab-") || path.starts_with(&folder),
            "{path}"
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
    }
    let stable: Vec<&Value> = again
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["fingerprint"])
        .collect();
    let first: Vec<&Value> = issues.iter().map(|i| &i["fingerprint"]).collect();
    assert_eq!(first, stable, "the same across runs and languages");
}

#[test]
fn csv_is_rfc_4180_utf8_with_one_row_per_finding() {
    let text = verify("csv", "it", EXAMPLE);
    assert!(!text.starts_with('\u{feff}'));
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "input", "file", "line", "column", "code", "severity", "field", "message", "fix"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .any(|r| &r[1] == "cv-senza-email.xml" && &r[2] == "17" && &r[4] == "CL0101")
    );
}

// ---- import: the records' format and the report's format apart ----

#[test]
fn import_takes_the_record_format_and_the_report_format_apart() {
    let dir = temp_dir("import-formats");
    let archive = dir.join("uno.zip");
    write(&archive, &zip_bytes(&[("cv.xml", &valid("candidatura"))]));
    let import = |args: &[&str]| {
        let output = clic()
            .arg("import")
            .args(args)
            .env("CLIC_DATA_DIR", dir.join("data"))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let records = |out: &Path| -> Vec<String> {
        let folders: Vec<PathBuf> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(folders.len(), 1, "{folders:?}");
        let mut names: Vec<String> = std::fs::read_dir(&folders[0])
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let out = dir.join("records");
    let path = archive.to_str().unwrap();
    let (code, err) = import(&[path, "--out", out.to_str().unwrap(), "--records", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(records(&out).contains(&"candidature.csv".to_string()));
    // The spelling before --records still works.
    let legacy = dir.join("legacy");
    let (code, err) = import(&[
        path,
        "--out",
        legacy.to_str().unwrap(),
        "--format",
        "csv",
        "--force",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(records(&legacy), records(&out));
    // The report's formats: text; json only with --stato.
    assert_eq!(import(&[path, "--format", "json", "--force"]).0, 2);
    assert_eq!(import(&["--stato", "--format", "json"]).0, 0);
    assert_eq!(import(&["--stato", "--format", "csv"]).0, 2);
    assert_eq!(import(&[path, "--records", "csv", "--format", "jsonl"]).0, 2);
}

// ---- the text report's notes ----

#[test]
fn text_names_the_tables_not_loaded_once_and_forgets_a_table_once_loaded() {
    let dir = temp_dir("unloaded-tables");
    let cv = dir.join("cv.xml");
    write(&cv, &valid("candidatura"));
    let (code, out) = clic_at_root(&["verify", cv.to_str().unwrap()], &[]);
    assert_eq!(code, 0);
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.matches("Tabelle non caricate:").count(), 1, "{out}");
    assert!(
        out.contains("cp2011"),
        "the CV's profession is checked for its format only: {out}"
    );
    assert!(out.contains("--tabelle CARTELLA"), "{out}");

    let tables = dir.join("tabelle");
    write(
        &tables.join("cp2011.csv"),
        "codice,descrizione\n2.1.1.4.1.0,Analisti e progettisti di software\n".as_bytes(),
    );
    let (_, out) = clic_at_root(
        &[
            "verify",
            "--tabelle",
            tables.to_str().unwrap(),
            cv.to_str().unwrap(),
        ],
        &[],
    );
    let out = String::from_utf8(out).unwrap();
    let note = out
        .lines()
        .find(|l| l.starts_with("Tabelle non caricate:"))
        .unwrap_or_default();
    assert!(!note.contains("cp2011"), "{out}");
}

#[test]
fn text_notes_that_schema_errors_stopped_the_business_rules() {
    let dir = temp_dir("rules-skipped");
    // A wrong codice fiscale check character (a business rule) and a
    // missing surname (schema): only the schema error shows, with the note.
    let wrong_cf = String::from_utf8(valid("candidatura"))
        .unwrap()
        .replace("BNCGLI95M52F205J", "BNCGLI95M52F205K");
    let rule_only = dir.join("cf.xml");
    write(&rule_only, wrong_cf.as_bytes());
    let (_, out) = clic_at_root(&["--lang", "en", "verify", rule_only.to_str().unwrap()], &[]);
    let rule_code = String::from_utf8(out).unwrap();
    let rule_code = rule_code
        .split_whitespace()
        .find(|w| w.starts_with("CL0"))
        .unwrap()
        .to_string();
    let both = wrong_cf.replace("<cognome>Bianchi</cognome>", "");
    let file = dir.join("cv.xml");
    write(&file, both.as_bytes());
    let (_, out) = clic_at_root(&["--lang", "en", "verify", file.to_str().unwrap()], &[]);
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("CL0101"), "{out}");
    assert!(
        !out.contains(&rule_code),
        "{rule_code} waits for the schema error's fix: {out}"
    );
    assert!(
        out.contains("note: because of the schema errors the business rules (tax codes, tables, dates...) were not checked"),
        "{out}"
    );
    let (_, clean) = clic_at_root(
        &["--lang", "en", "verify", "-v", "fixtures/validi/candidatura.xml"],
        &[],
    );
    assert!(!String::from_utf8(clean).unwrap().contains("business rules"));
}

#[test]
fn html_stays_usable_on_a_large_archive() {
    let dir = temp_dir("html-large");
    let good = valid("candidatura");
    let broken = String::from_utf8(good.clone())
        .unwrap()
        .replace("<cognome>Bianchi</cognome>", "")
        .into_bytes();
    let names: Vec<String> = (1..=530).map(|n| format!("cv-{n:03}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), if i < 520 { &broken[..] } else { &good[..] }))
        .collect();
    // The OK files are ten different students (born on days 1-10): copies
    // or the same person twice would be warned about (CL0901, CL0902).
    let good_text = String::from_utf8(good.clone()).unwrap();
    let goods: Vec<Vec<u8>> = (1..=10)
        .map(|day| {
            let first15 = format!("BNCGLI95M{}F205", 40 + day);
            let check = clic::codice_fiscale::carattere_controllo(&first15).unwrap();
            good_text
                .replace("BNCGLI95M52F205J", &format!("{first15}{check}"))
                .replace(
                    "<datanascita>1995-08-12",
                    &format!("<datanascita>1995-08-{day:02}"),
                )
                .into_bytes()
        })
        .collect();
    let entries: Vec<(&str, &[u8])> = entries
        .into_iter()
        .enumerate()
        .map(|(i, (n, bytes))| (n, if i < 520 { bytes } else { &goods[i - 520][..] }))
        .collect();
    let archive = dir.join("grande.zip");
    write(&archive, &zip_bytes(&entries));
    let page = html_report("it", archive.to_str().unwrap());
    assert_valid_html5(&page);
    assert!(page.contains("<h2 id=\"ko-files\">File KO (520)</h2>"));
    assert!(page.contains("<p>10 file OK, non elencati.</p>"));
    assert_eq!(
        page.matches("<section class=\"file\"").count(),
        500,
        "the first 500 in full"
    );
    assert_eq!(
        page.matches("<pre class=\"source\"").count(),
        200,
        "source for the first 200"
    );
    assert!(
        page.contains("<th scope=\"row\" class=\"path\">cv-520.xml</th><td>CL0101</td>"),
        "the rest listed"
    );
    assert!(!page.contains("cv-521.xml"), "OK files are not listed");
}

// ---- the reports for people (HTML, xlsx): issue 25 ----

/// The part of the HTML report between `<main>` and `</main>`: the
/// snapshot of what a person reads, without the page's style and script.
fn html_main(page: &str) -> String {
    let from = page.find("<main>").expect("a main element");
    let to = page.find("</main>").expect("its end");
    page[from..to + "</main>".len()].to_string()
}

/// A secretary's archive: a top folder, a CV, a PDF saved as .xml,
/// Thumbs.db and the Excel list.
fn secretary_zip(dir: &Path) -> PathBuf {
    let archive = dir.join("CV studenti 2026.zip");
    write(
        &archive,
        &zip_bytes(&[
            ("CV studenti 2026/Rossi Mario.xml", &valid("candidatura")),
            (
                "CV studenti 2026/Bianchi Anna.xml",
                b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
            ),
            ("CV studenti 2026/Thumbs.db", &[0u8; 32]),
            ("CV studenti 2026/elenco studenti.xlsx", b"PK\x03\x04"),
        ]),
    );
    archive
}

#[test]
fn html_and_xlsx_say_no_command_line_option_to_a_person() {
    // A path relative to the root, the same in every run, as the snapshots show it.
    let relative = Path::new("target/test-tmp/segretaria");
    let _ = std::fs::remove_dir_all(root().join(relative));
    secretary_zip(&root().join(relative));
    let dir = temp_dir("reader-words");
    let archive = relative.join("CV studenti 2026.zip");
    let path = archive.to_str().unwrap();
    let page = html_report("it", path);
    for terminal in ["zip -X", "--tabelle", "clic tabelle", "--max-"] {
        assert!(!page.contains(terminal), "{terminal} in the HTML report");
    }
    assert!(
        page.contains("Non serve fare nulla"),
        "the Thumbs.db note says so"
    );
    assert!(
        page.contains("Alcune tabelle di codici non sono disponibili su questo computer"),
        "the tables note, for a person"
    );
    assert!(page.contains("Questo file è un PDF, non un XML Cliclavoro"));
    for english in ["Esito per input", "Segnalazioni sull&#39;input", ">Input<"] {
        assert!(!page.contains(english), "{english} in Italian");
    }
    snapshot("segretaria.html", &html_main(&page));
    // The terminal keeps its command-line advice.
    let text = verify("text", "it", path);
    assert!(text.contains("--tabelle CARTELLA"), "{text}");

    let book = dir.join("rapporto.xlsx");
    let (_, _) = clic_at_root(
        &[
            "verify",
            "--format",
            "xlsx",
            "--out",
            book.to_str().unwrap(),
            path,
        ],
        &[],
    );
    let cells = xlsx_cells(&book);
    for terminal in ["zip -X", "--tabelle", "--max-"] {
        assert!(!cells.contains(terminal), "{terminal} in the spreadsheet");
    }
    assert!(!cells.contains("Input"), "{cells}");
    snapshot("segretaria.xlsx", &cells);
}

/// Every sheet's cells, a row a line, cells between ` | `.
fn xlsx_cells(book: &Path) -> String {
    use calamine::{Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook(book).unwrap();
    let mut out = String::new();
    for name in workbook.sheet_names() {
        out.push_str(&format!("==== {name} ====\n"));
        let range = workbook.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}

#[test]
fn html_says_an_unreadable_archive_as_the_verdict_and_never_zero_ok_zero_ko() {
    let page = html_report("it", "fixtures/codici/CL0012-ko-archivio-troncato.zip");
    assert!(!page.contains("0 OK, 0 KO"), "{page}");
    assert!(
        page.contains("«CL0012-ko-archivio-troncato.zip» non si può controllare. L&#39;archivio non è un .zip leggibile: è incompleto o danneggiato"),
        "{page}"
    );
    assert!(
        page.contains("Ricreare il .zip e caricare il file completo."),
        "the step to take"
    );
    snapshot("troncato.html", &html_main(&page));
}

#[test]
fn html_keeps_narrow_columns_whole_and_wraps_messages_between_words() {
    let page = html_report("it", EXAMPLE);
    let style = &page[page.find("<style>").unwrap()..page.find("</style>").unwrap()];
    assert!(
        !style.contains("anywhere"),
        "no column breaks inside a word: {style}"
    );
    assert!(style.contains("thead th { white-space: nowrap; }"), "{style}");
    // Position, severity and code stay on one line; the message wraps.
    assert!(
        page.contains("<td class=\"n nowrap\">17:5</td><td class=\"error nowrap\">errore</td><td class=\"nowrap\"><a href=\"#code-CL0101\">CL0101</a></td><td class=\"message\">"),
        "{page}"
    );
}

#[test]
fn counts_in_italian_reports_have_the_italian_thousands_separator() {
    let dir = temp_dir("counts");
    let names: Vec<String> = (1..=1200).map(|i| format!("cv-{i:04}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"ciao"[..])).collect();
    let archive = dir.join("milleduecento.zip");
    write(&archive, &zip_bytes(&entries));
    let page = html_report("it", archive.to_str().unwrap());
    assert!(
        page.contains("Totale: 1.200 file, 0 OK, 1.200 KO, 0 avvisi"),
        "Italian style"
    );
    assert!(page.contains("File KO (1.200)"));
    // (cv-1200.xml is a name: counts alone are looked for.)
    for bare in [">1200<", "1200 file", "(1200)", ": 1200"] {
        assert!(!page.contains(bare), "{bare}: no count without its separator");
    }
    let english = html_report("en", archive.to_str().unwrap());
    assert!(english.contains("Total: 1,200 files, 0 OK, 1,200 KO, 0 warnings"));
}

// ---- the page's reports of a run with KO files: its repairs ----

/// An upload as the page gets it: one file a repair fixes (two Italian
/// dates), one no repair may fix (a missing surname), and one with both
/// (repaired, still KO).
fn page_run_with_repairs() -> (Outcome, clic::repair::output::RepairList) {
    let fix = |name: &str| std::fs::read_to_string(root().join("fixtures/fix").join(name)).unwrap();
    let both = fix("data-italiana.xml").replace("      <cognome>Bianchi</cognome>\n", "");
    let zip = zip_bytes(&[
        ("data-italiana.xml", fix("data-italiana.xml").as_bytes()),
        ("manca-il-cognome.xml", fix("manca-il-cognome.xml").as_bytes()),
        ("data-italiana-senza-cognome.xml", both.as_bytes()),
    ]);
    let Sub::Verify(verify) = Cli::try_parse_from(["clic", "verify", "-"]).unwrap().command else {
        unreachable!("a verify command line")
    };
    let ctx = clic::cmd::context(&verify.check, Lang::It).expect("context");
    let inputs = vec![clic::input::Input::from_bytes("CV marzo.zip", zip, &ctx.limits)];
    let outcome = clic::engine::run(&inputs, &ctx, |_| (), &|| ()).0;
    let repaired = clic::serve::repaired::repair(&inputs, &outcome, &ctx).expect("a repaired copy");
    (outcome, repaired.list)
}

fn page_report(
    outcome: &Outcome,
    list: &clic::repair::output::RepairList,
    format: clic::serve::Download,
    lang: Lang,
) -> Vec<u8> {
    use clic::serve::Render;
    let mut out = Vec::new();
    report::serve::Renderer
        .report(outcome, Some(list), format, lang, &|_| None, &mut out)
        .expect("renders");
    out
}

#[test]
fn the_pages_html_report_lists_the_repairs_in_an_accessible_table() {
    let (outcome, list) = page_run_with_repairs();
    for lang in [Lang::It, Lang::En] {
        let page =
            String::from_utf8(page_report(&outcome, &list, clic::serve::Download::Html, lang)).unwrap();
        assert_valid_html5(&page);
        assert_self_contained(&page);
        // The report of what was uploaded, first: the same as verify's.
        let mut plain = Vec::new();
        report::html::write(&outcome, lang, &|_| None, &mut plain).unwrap();
        let plain = String::from_utf8(plain).unwrap();
        let start = page.find("<section id=\"correzioni\">").unwrap();
        let end = start + page[start..].find("</section>").unwrap() + "</section>\n".len();
        let link_start = page
            .find("<p class=\"note-box\"><a href=\"#correzioni\">")
            .unwrap();
        let link_end = link_start + page[link_start..].find("</p>\n").unwrap() + "</p>\n".len();
        let without = format!(
            "{}{}{}",
            &page[..link_start],
            &page[link_end..start],
            &page[end..]
        );
        assert_eq!(without, plain, "the findings are the upload's, unchanged");
        let name = match lang {
            Lang::It => "pagina-correzioni.html",
            Lang::En => "pagina-correzioni.en.html",
        };
        snapshot(
            name,
            &format!("{}{}", &page[link_start..link_end], &page[start..end]),
        );
    }
}

#[test]
fn the_pages_spreadsheet_has_a_repairs_sheet_with_the_same_columns() {
    use calamine::{Reader, Xlsx};
    let (outcome, list) = page_run_with_repairs();
    let bytes = page_report(&outcome, &list, clic::serve::Download::Xlsx, Lang::It);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["Problemi", "Riepilogo", "Correzioni"]);
    let mut cells = String::new();
    for row in book.worksheet_range("Correzioni").unwrap().rows() {
        let row: Vec<String> = row.iter().map(|c| c.to_string()).collect();
        cells.push_str(&row.join(" | "));
        cells.push('\n');
    }
    snapshot("pagina-correzioni.xlsx", &cells);
    // Frozen header with filters, as on the other sheets.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet3.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains("<autoFilter ref=\"A1:K7\""), "{sheet}");
    assert!(sheet.contains("state=\"frozen\""), "{sheet}");
    // verify's workbook of the same outcome has no such sheet.
    let mut plain = Vec::new();
    report::xlsx::write(&outcome, Lang::It, &mut plain).unwrap();
    let book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(plain)).unwrap();
    assert_eq!(book.sheet_names(), ["Problemi", "Riepilogo"]);
}

#[test]
fn the_pages_json_adds_the_repairs_and_keeps_every_key_of_the_check() {
    let (outcome, list) = page_run_with_repairs();
    let page: Value = serde_json::from_slice(&page_report(
        &outcome,
        &list,
        clic::serve::Download::Json,
        Lang::It,
    ))
    .unwrap();
    let mut plain = Vec::new();
    report::json::write(&outcome, Lang::It, &mut plain).unwrap();
    let plain: Value = serde_json::from_slice(&plain).unwrap();
    for key in ["format", "inputs", "summary"] {
        assert_eq!(page[key], plain[key], "{key}");
    }
    assert_eq!(
        page["files"].as_array().unwrap().len(),
        plain["files"].as_array().unwrap().len()
    );
    let added: serde_json::Map<String, Value> = page
        .as_object()
        .unwrap()
        .iter()
        .filter(|(key, _)| plain.get(key.as_str()).is_none())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    snapshot(
        "pagina-correzioni.json",
        &serde_json::to_string_pretty(&added).unwrap(),
    );
}

#[test]
fn the_pages_csv_keeps_its_columns_and_adds_each_repair_as_a_note_after_its_files_findings() {
    let (outcome, list) = page_run_with_repairs();
    let csv = String::from_utf8(page_report(&outcome, &list, clic::serve::Download::Csv, Lang::It)).unwrap();
    let mut plain = Vec::new();
    report::csv::write(&outcome, Lang::It, &mut plain).unwrap();
    let plain = String::from_utf8(plain).unwrap();
    // Every row of the check, in order, with the repairs' notes between them.
    let mut rows = csv.lines();
    for row in plain.lines() {
        assert!(rows.any(|r| r == row), "{row} in\n{csv}");
    }
    snapshot("pagina-correzioni.csv", &csv);
}
