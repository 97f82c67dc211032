//! `clic fix` as users run it: on an archive mixing every repairable
//! damage with files no repair may fix, on a folder, a file and standard
//! input; what it writes (names, order, timestamps, bytes), what it never
//! touches, its report and its exit codes.

mod support;

use std::path::Path;

use clic::checks::{Context, check_bytes};
use clic::document::{NodeId, Parsed};
use clic::input::limits::Limits;
use clic::rules::{Modalita, RuleContext};
use clic::schema::compiled::CompiledSet;
use clic::tabelle::Tabelle;
use support::{fixtures, run, run_with_stdin, temp_dir};

/// The files of fixtures/fix/misto.zip no repair may fix, each KO for
/// one reason.
const UNREPAIRABLE: [&str; 4] = [
    "manca-il-cognome.xml",
    "carattere-di-controllo-errato.xml",
    "elemento-sconosciuto.xml",
    "testo-troppo-lungo.xml",
];

fn ctx() -> &'static Context {
    static CTX: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
    CTX.get_or_init(|| Context {
        compiled: CompiledSet::builtin(),
        limits: Limits::default(),
        rules: RuleContext {
            tables: Tabelle::builtin(),
            modalita: Modalita::Massiva,
        },
    })
}

/// Element names and leaf texts in document order: the document's meaning
/// with the white space between elements aside.
fn canonical(bytes: &[u8]) -> Vec<(String, Option<String>)> {
    fn walk(parsed: &Parsed, node: NodeId, out: &mut Vec<(String, Option<String>)>) {
        let children: Vec<_> = parsed.elements(node).collect();
        out.push((
            parsed.name(node).to_string(),
            children.is_empty().then(|| parsed.text_of(node)),
        ));
        for child in children {
            walk(parsed, child, out);
        }
    }
    let parsed = check_bytes(bytes.to_vec(), ctx())
        .parsed
        .expect("a well-formed document");
    let mut out = Vec::new();
    walk(&parsed, parsed.root, &mut out);
    out
}

fn is_ok(bytes: &[u8]) -> bool {
    !check_bytes(bytes.to_vec(), ctx())
        .diagnostics
        .iter()
        .any(clic::diagnostic::Diagnostic::is_error)
}

struct Entry {
    name: String,
    time: Option<zip::DateTime>,
    method: zip::CompressionMethod,
    mode: Option<u32>,
    bytes: Vec<u8>,
}

fn entries(path: &Path) -> Vec<Entry> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
            Entry {
                name: file.name().unwrap().to_string(),
                time: file.last_modified(),
                method: file.compression(),
                mode: file.unix_mode(),
                bytes,
            }
        })
        .collect()
}

#[test]
fn an_archive_mixing_every_damage_comes_back_ok_except_what_no_repair_may_fix() {
    let dir = temp_dir("fix-misto");
    let input = dir.join("misto.zip");
    std::fs::copy(fixtures().join("fix/misto.zip"), &input).unwrap();
    let original_bytes = std::fs::read(&input).unwrap();

    let fixed = run(&[
        "fix".as_ref(),
        input.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(fixed.code, 1, "some files stay KO: {}", fixed.stderr);
    assert_eq!(
        std::fs::read(&input).unwrap(),
        original_bytes,
        "the input was modified"
    );
    let report = fixed.json();
    let schema = std::fs::read_to_string(fixtures().join("../schemas/report.schema.json")).unwrap();
    let schema = jsonschema::validator_for(&serde_json::from_str(&schema).unwrap()).unwrap();
    let errors: Vec<String> = schema.iter_errors(&report).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "the report's schema: {errors:?}");
    assert_eq!(report["before"]["ko"], 15);
    assert_eq!(report["summary"]["ko"], 4);
    assert_eq!(report["repaired_files"], 11);

    let output = dir.join("misto-corretto.zip");
    let (before, after) = (entries(&input), entries(&output));
    assert_eq!(
        before.iter().map(|e| &e.name).collect::<Vec<_>>(),
        after.iter().map(|e| &e.name).collect::<Vec<_>>(),
        "names and order kept"
    );
    let originals = fixtures().join("fix/originali");
    for (was, now) in before.iter().zip(&after) {
        assert_eq!(was.time, now.time, "{}: timestamp", was.name);
        assert_eq!(was.method, now.method, "{}: compression method", was.name);
        assert_eq!(was.mode, now.mode, "{}: permissions", was.name);
        let base = was.name.rsplit('/').next().unwrap();
        let original = originals.join(base);
        if !base.is_empty() && original.exists() {
            assert!(is_ok(&now.bytes), "{}: still KO", was.name);
            assert_ne!(was.bytes, now.bytes, "{}: not repaired", was.name);
            assert_eq!(
                canonical(&now.bytes),
                canonical(&std::fs::read(&original).unwrap()),
                "{}: not its undamaged original",
                was.name
            );
        } else {
            // Valid files, files no repair may fix, the note: byte for byte.
            assert_eq!(was.bytes, now.bytes, "{}: changed", was.name);
        }
        if UNREPAIRABLE.contains(&base) {
            assert!(!is_ok(&now.bytes), "{}: became OK", was.name);
        }
    }

    // Every repair is reported with its file, place, code, before and after.
    let repairs = report["repairs"].as_array().unwrap();
    let codes: std::collections::BTreeSet<&str> =
        repairs.iter().map(|r| r["code"].as_str().unwrap()).collect();
    for code in [
        "CL1001", "CL1002", "CL1003", "CL1004", "CL1005", "CL1006", "CL1007",
    ] {
        assert!(codes.contains(code), "no {code} in {codes:?}");
    }
    let date = repairs
        .iter()
        .find(|r| r["file"] == "comunicazioni/data-italiana.xml" && r["line"] == 9)
        .expect("the date of birth's repair");
    assert_eq!(date["code"], "CL1006");
    assert_eq!(date["column"], 7);
    assert_eq!(date["path"], "/Candidatura/Lavoratore/DatiAnagrafici/datanascita");
    assert_eq!(date["before"], "12/08/1995");
    assert_eq!(date["after"], "1995-08-12");
    // The verdict before is on each repaired file.
    let file = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "comunicazioni/si-minuscolo.xml")
        .unwrap();
    assert_eq!(file["verdict"], "OK");
    assert!(
        file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "CL1000")
    );

    // verify agrees, and a second fix changes nothing.
    let verified = run(&[
        "verify".as_ref(),
        output.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let ko: Vec<String> = verified.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["verdict"] == "KO")
        .map(|f| {
            f["name"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ko, UNREPAIRABLE);
    let again = run(&[
        "fix".as_ref(),
        output.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(again.code, 1);
    assert_eq!(again.json()["repairs"].as_array().unwrap().len(), 0);
    assert_eq!(
        std::fs::read(dir.join("misto-corretto-corretto.zip")).unwrap(),
        std::fs::read(&output).unwrap(),
        "a second fix changed the archive"
    );
}

#[test]
fn a_valid_file_is_copied_byte_for_byte_and_exits_0() {
    let dir = temp_dir("fix-valido");
    let input = dir.join("cv.xml");
    std::fs::copy(fixtures().join("validi/candidatura.xml"), &input).unwrap();
    let fixed = run(&["fix".as_ref(), input.as_os_str()]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(
        std::fs::read(dir.join("cv-corretto.xml")).unwrap(),
        std::fs::read(&input).unwrap()
    );
}

#[test]
fn a_folder_keeps_its_sub_folders_other_files_and_timestamps() {
    let dir = temp_dir("fix-cartella");
    let folder = dir.join("caricamento");
    support::write(
        &folder.join("a/data-italiana.xml"),
        &std::fs::read(fixtures().join("fix/data-italiana.xml")).unwrap(),
    );
    support::write(&folder.join("b/valida.xml"), &support::valid("vacancy"));
    support::write(&folder.join("note.txt"), b"appunti\n");
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    for name in ["a/data-italiana.xml", "b/valida.xml", "note.txt"] {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(folder.join(name))
            .unwrap();
        file.set_modified(old).unwrap();
    }
    let fixed = run(&["fix".as_ref(), folder.as_os_str()]);
    assert_eq!(fixed.code, 0, "{}\n{}", fixed.stdout, fixed.stderr);
    let out = dir.join("caricamento-corretto");
    let repaired = std::fs::read(out.join("a/data-italiana.xml")).unwrap();
    assert!(is_ok(&repaired));
    assert_eq!(
        canonical(&repaired),
        canonical(&std::fs::read(fixtures().join("fix/originali/data-italiana.xml")).unwrap())
    );
    assert_eq!(
        std::fs::read(out.join("b/valida.xml")).unwrap(),
        support::valid("vacancy")
    );
    assert_eq!(std::fs::read(out.join("note.txt")).unwrap(), b"appunti\n");
    for name in ["a/data-italiana.xml", "b/valida.xml", "note.txt"] {
        let modified = std::fs::metadata(out.join(name)).unwrap().modified().unwrap();
        assert_eq!(modified, old, "{name}: timestamp");
    }
    // The folder is never merged into: a second run refuses.
    let refused = run(&["fix".as_ref(), folder.as_os_str()]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("esiste già"), "{}", refused.stderr);
}

#[test]
fn standard_input_goes_to_standard_output_with_the_report_on_standard_error() {
    let damaged = std::fs::read(fixtures().join("fix/codifica-unicode.xml")).unwrap();
    let fixed = run_with_stdin(&["fix", "-"], Some(&damaged));
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(
        fixed.stdout.as_bytes(),
        std::fs::read(fixtures().join("fix/originali/codifica-unicode.xml")).unwrap(),
        "UTF-16 written again as UTF-8, otherwise the same text"
    );
    assert!(fixed.stderr.contains("CL1001"), "{}", fixed.stderr);
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let dir = temp_dir("fix-prova");
    let input = dir.join("cv.xml");
    std::fs::copy(fixtures().join("fix/si-minuscolo.xml"), &input).unwrap();
    let fixed = run(&["fix".as_ref(), input.as_os_str(), "--dry-run".as_ref()]);
    assert_eq!(fixed.code, 0);
    assert!(fixed.stdout.contains("«si» → «SI»"), "{}", fixed.stdout);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "something was written"
    );
}

#[test]
fn out_names_one_output_and_never_the_input() {
    let dir = temp_dir("fix-out");
    let input = dir.join("cv.xml");
    std::fs::copy(fixtures().join("fix/si-minuscolo.xml"), &input).unwrap();
    let original = std::fs::read(&input).unwrap();
    let same = run(&[
        "fix".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        input.as_os_str(),
    ]);
    assert_eq!(same.code, 2);
    assert!(same.stderr.contains("l'ingresso stesso"), "{}", same.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), original);
    let two = run(&[
        "fix".as_ref(),
        input.as_os_str(),
        input.as_os_str(),
        "--out".as_ref(),
        dir.join("x.xml").as_os_str(),
    ]);
    assert_eq!(two.code, 2);
    let chosen = dir.join("scelto.xml");
    let ok = run(&[
        "fix".as_ref(),
        input.as_os_str(),
        "--out".as_ref(),
        chosen.as_os_str(),
    ]);
    assert_eq!(ok.code, 0);
    assert!(is_ok(&std::fs::read(&chosen).unwrap()));
}

#[test]
fn every_report_format_carries_the_repairs() {
    let dir = temp_dir("fix-formati");
    let input = fixtures().join("fix/data-italiana.xml");
    for (format, needle) in [
        ("html", "CL1006"),
        ("csv", "CL1006"),
        ("junit", "CL1006"),
        ("sarif", "CL1006"),
    ] {
        let report = dir.join(format!("resoconto.{format}"));
        let fixed = run(&[
            "fix".as_ref(),
            input.as_os_str(),
            "--dry-run".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "--report".as_ref(),
            report.as_os_str(),
        ]);
        assert_eq!(fixed.code, 0, "{format}: {}", fixed.stderr);
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(text.contains(needle), "{format}: no {needle}");
        assert!(text.contains("1995-08-12"), "{format}: no value after");
    }
    let xlsx = dir.join("resoconto.xlsx");
    let fixed = run(&[
        "fix".as_ref(),
        input.as_os_str(),
        "--dry-run".as_ref(),
        "--format".as_ref(),
        "xlsx".as_ref(),
        "--report".as_ref(),
        xlsx.as_os_str(),
    ]);
    assert_eq!(fixed.code, 0);
    let mut sheets = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut sheets.by_name("xl/sharedStrings.xml").unwrap(), &mut strings)
        .unwrap();
    assert!(
        strings.contains("CL1006") || strings.contains("1995-08-12"),
        "xlsx: no repair"
    );
}

#[test]
fn the_text_report_lists_each_repair_in_both_languages() {
    let input = fixtures().join("fix/tutto-insieme.xml");
    for lang in ["it", "en"] {
        let fixed = run(&[
            "fix".as_ref(),
            input.as_os_str(),
            "--dry-run".as_ref(),
            "--lang".as_ref(),
            lang.as_ref(),
        ]);
        assert_eq!(fixed.code, 0);
        // The report names the input by its path: only the repairs'
        // lines are compared.
        let lines: Vec<&str> = fixed
            .stdout
            .lines()
            .filter(|l| l.starts_with("      ") || l.starts_with("Corretti") || l.starts_with("Repaired"))
            .collect();
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(format!("fix-tutto-insieme-{lang}"), lines.join("\n"));
        });
    }
}

#[test]
fn each_repair_code_is_explained() {
    for code in [
        "CL1000", "CL1001", "CL1002", "CL1003", "CL1004", "CL1005", "CL1006", "CL1007", "CL1099",
    ] {
        let explained = run(&["explain", code]);
        assert_eq!(explained.code, 0, "{code}");
        assert!(explained.stdout.len() > 200, "{code}: {}", explained.stdout);
    }
}
