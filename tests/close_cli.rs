//! `clic close`: closures (tipo 02) of sent CVs and vacancies, byte for
//! byte the sent file except the changed fields; all or nothing.

mod support;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{codes, fixtures, run, temp_dir, verify_json, write, zip_bytes};

const ZEROS: &str = "0000000000000000000000000";

fn close_fixtures() -> PathBuf {
    fixtures().join("close")
}

/// `close INPUT --motivo MOTIVO [--codici FILE] --out OUT`: what most runs
/// start from (append other options; `close` and `run` take it as is).
fn close_args<'a>(input: &'a Path, motivo: &'a str, codici: Option<&'a Path>, out: &'a Path) -> Vec<&'a str> {
    let mut args = vec!["close", input.to_str().unwrap(), "--motivo", motivo];
    if let Some(codici) = codici {
        args.extend(["--codici", codici.to_str().unwrap()]);
    }
    args.extend(["--out", out.to_str().unwrap()]);
    args
}

/// `clic close ARGS... --format json`, ARGS starting with `close`.
fn close(args: &[&str]) -> (i32, Value, String) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let result = run(&all);
    assert!(result.code < 2, "close could not run: {}", result.stderr);
    (result.code, result.json(), result.stderr)
}

/// The diagnostics with `code` in a report.
fn diagnostics<'r>(report: &'r Value, code: &str) -> Vec<(&'r Value, &'r Value)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().iter().map(move |d| (f, d)))
        .filter(|(_, d)| d["code"] == code)
        .collect()
}

fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(entry.name().unwrap().to_string(), bytes);
    }
    out
}

/// Every file below `dir`, by relative name with `/`.
fn files_below(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A byte-exact, reversible view of a file as text, independent of the
/// tool's decoder: UTF-8 (with or without BOM), UTF-16 with BOM, or any
/// single-byte encoding read one byte per character.
#[derive(Clone, Copy)]
enum Layout {
    Utf8,
    Utf8Bom,
    Utf16(bool),
    Bytes,
}

fn as_text(bytes: &[u8]) -> (String, Layout) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8(rest.to_vec()).unwrap(), Layout::Utf8Bom);
    }
    for (bom, little) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| {
                    if little {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect();
            return (String::from_utf16(&units).unwrap(), Layout::Utf16(little));
        }
    }
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => (text, Layout::Utf8),
        Err(_) => (bytes.iter().map(|&b| b as char).collect(), Layout::Bytes),
    }
}

fn from_text(text: &str, layout: Layout) -> Vec<u8> {
    match layout {
        Layout::Utf8 => text.as_bytes().to_vec(),
        Layout::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Layout::Utf16(little) => {
            let mut out = if little {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for unit in text.encode_utf16() {
                out.extend(if little {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            out
        }
        Layout::Bytes => text.chars().map(|c| c as u8).collect(),
    }
}

/// The closure the standard asks for, computed independently of the tool:
/// tipo 01 -> 02, `motivochiusura` on a new line after it, the previous
/// code after the own code (or in place of an existing one), with the
/// prefix, indentation and line ending of the neighbouring lines.
fn expected_closure(original: &[u8], motivo: &str, closed: &str) -> Vec<u8> {
    let (text, layout) = as_text(original);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let (tipo, code) = if text.contains("tipocandidatura>") {
        ("tipocandidatura", "codicecandidatura")
    } else {
        ("tipoofferta", "codiceofferta")
    };
    let prefix = if text.contains(&format!("<v:{tipo}>")) {
        "v:"
    } else {
        ""
    };
    let tipo_line = format!("<{prefix}{tipo}>01</{prefix}{tipo}>");
    let at = text.find(&tipo_line).expect("a tipo 01 line");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..at];
    let once = |text: &str, from: &str, to: &str| {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text.replacen(from, to, 1)
    };
    let mut text = once(
        &text,
        &tipo_line,
        &format!(
            "<{prefix}{tipo}>02</{prefix}{tipo}>{newline}{indent}<{prefix}motivochiusura>{motivo}</{prefix}motivochiusura>"
        ),
    );
    let previous_open = format!("<{prefix}{code}precedente>");
    if let Some(start) = text.find(&previous_open) {
        let value_start = start + previous_open.len();
        let value_end = value_start + text[value_start..].find('<').unwrap();
        text.replace_range(value_start..value_end, closed);
    } else {
        let own = format!("<{prefix}{code}>{ZEROS}</{prefix}{code}>");
        text = once(
            &text,
            &own,
            &format!("{own}{newline}{indent}<{prefix}{code}precedente>{closed}</{prefix}{code}precedente>"),
        );
    }
    from_text(&text, layout)
}

/// An archive of the sent files of fixtures/close/inviati, as a school
/// would have uploaded it.
fn sent_archive(dir: &Path) -> PathBuf {
    let sent = files_below(&close_fixtures().join("inviati"));
    let entries: Vec<(&str, &[u8])> = sent.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let path = dir.join("inviati.zip");
    write(&path, &zip_bytes(&entries));
    path
}

fn mapping(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect()
}

fn closure_name(name: &str) -> String {
    match name.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/chiusura-{file}"),
        None => format!("chiusura-{name}"),
    }
}

#[test]
fn an_archive_of_cvs_and_vacancies_is_closed_byte_for_byte() {
    let dir = temp_dir("close-archive");
    let sent = sent_archive(&dir);
    let out = dir.join("chiusure.zip");
    let codici = close_fixtures().join("codici.csv");
    let (exit, report, stderr) = close(&close_args(&sent, "01", Some(&codici), &out));
    assert_eq!(exit, 0, "{report}\n{stderr}");
    assert_eq!(report["written"], true);
    assert_eq!(report["archive"], out.to_str().unwrap());

    // What the portal's VERIFICA would say of the archive to upload.
    let (verified, verify_report) = verify_json(&[&out]);
    assert_eq!(verified, 0, "{verify_report}");

    let originals = files_below(&close_fixtures().join("inviati"));
    let closures = unzip(&out);
    let codes = mapping(&codici);
    assert_eq!(closures.len(), originals.len());
    for (name, original) in &originals {
        let closure = &closures[&closure_name(name)];
        let expected = expected_closure(original, "01", &codes[name]);
        assert!(
            closure == &expected,
            "{name}: the closure differs from the sent file beyond the closure fields:\n{}",
            String::from_utf8_lossy(closure)
        );
    }
    // Every closure in the report is tipo 02 with the right previous code.
    for file in verify_report["files"].as_array().unwrap() {
        assert_eq!(file["verdict"], "OK");
    }

    let summary = std::fs::read_to_string(dir.join("chiusure.csv")).unwrap();
    let mut lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines.remove(0), "file,codice_chiuso,file_chiusura");
    assert_eq!(lines.len(), originals.len());
    for line in lines {
        let parts: Vec<&str> = line.split(',').collect();
        assert_eq!(parts[1], codes[parts[0]], "{line}");
        assert_eq!(parts[2], closure_name(parts[0]), "{line}");
    }
    let closures_json = report["closures"].as_array().unwrap();
    assert!(closures_json.iter().all(|c| c["codice"] == ZEROS));
    assert_no_temporary_files(&dir);
}

fn assert_no_temporary_files(dir: &Path) {
    let temporary: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temporary.is_empty(), "{temporary:?}");
}

#[test]
fn a_file_without_a_mapping_makes_the_whole_run_write_nothing() {
    let dir = temp_dir("close-missing-code");
    let sent = sent_archive(&dir);
    let out = dir.join("chiusure.zip");
    // An archive from an earlier run stays exactly as it was.
    std::fs::write(&out, b"earlier archive").unwrap();
    let codici = close_fixtures().join("codici-senza-una-vacancy.csv");
    let (exit, report, _) = close(&close_args(&sent, "01", Some(&codici), &out));
    assert_eq!(exit, 1, "{report}");
    assert_eq!(report["written"], false);
    let files = report["files"].as_array().unwrap();
    let ko: Vec<&Value> = files.iter().filter(|f| f["verdict"] == "KO").collect();
    assert_eq!(ko.len(), 1, "{report}");
    assert_eq!(ko[0]["name"], "vacancy-sviluppatori.xml");
    let diagnostic = &ko[0]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "CL0701");
    assert_eq!(diagnostic["path"], "/Vacancy/DatiSistema/codiceofferta");
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.contains("vacancy-sviluppatori.xml") && message.contains("25 zeri"),
        "{message}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"earlier archive");
    assert!(!dir.join("chiusure.csv").exists());
    assert_no_temporary_files(&dir);

    // Without --codici at all, no bulk-sent file can be closed.
    let text = run(&close_args(&sent, "01", None, &out));
    assert_eq!(text.code, 1);
    assert!(text.stdout.contains("CL0701"), "{}", text.stdout);
    assert!(
        text.stdout.contains("Nessuna chiusura scritta"),
        "{}",
        text.stdout
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"earlier archive");
}

#[test]
fn messages_and_closures_cannot_be_closed() {
    let dir = temp_dir("close-not-closable");
    let out = dir.join("chiusure.zip");
    let codici = dir.join("codici.csv");
    write(&codici, b"file,codice\n");
    let message = fixtures().join("validi/messaggio.xml");
    let closed = close_fixtures().join("cv-gia-chiusa.xml");
    let mut args = close_args(&message, "01", Some(&codici), &out);
    args.insert(2, closed.to_str().unwrap());
    let (exit, report, _) = close(&args);
    assert_eq!(exit, 1);
    assert_eq!(codes(&report), ["CL0702"]);
    for file in report["files"].as_array().unwrap() {
        assert_eq!(file["verdict"], "KO", "{file}");
    }
    assert!(!out.exists());
}

#[test]
fn every_encoding_is_kept_byte_for_byte() {
    let dir = temp_dir("close-encodings");
    let folder = fixtures().join("codifiche");
    let originals = files_below(&folder);
    let mut csv = String::from("file,codice\n");
    let mut codes = BTreeMap::new();
    for (i, name) in originals.keys().enumerate() {
        let code = format!("1205826221{:015}", 100 + i);
        csv.push_str(&format!("{name},{code}\n"));
        codes.insert(name.clone(), code);
    }
    let codici = dir.join("codici.csv");
    write(&codici, csv.as_bytes());
    let out = dir.join("chiusure.zip");
    let (exit, report, stderr) = close(&close_args(&folder, "A1", Some(&codici), &out));
    assert_eq!(exit, 0, "{report}\n{stderr}");
    let closures = unzip(&out);
    assert_eq!(closures.len(), 9);
    for (name, original) in &originals {
        let closure = &closures[&closure_name(name)];
        assert_eq!(
            closure,
            &expected_closure(original, "A1", &codes[name]),
            "{name}: not the sent file with only the closure fields changed"
        );
    }
    // Each closure keeps its encoding, as verify reads it.
    let (verified, verify_report) = verify_json(&[&out]);
    assert_eq!(verified, 0, "{verify_report}");
    let (_, sent_report) = verify_json(&[&folder]);
    let encodings = |r: &Value| -> Vec<String> {
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["encoding"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(encodings(&verify_report), encodings(&sent_report));
}

#[test]
fn a_file_with_its_own_code_is_closed_by_that_code() {
    let dir = temp_dir("close-own-code");
    let out = dir.join("chiusure.zip");
    let sent = close_fixtures().join("cv-codice-assegnato.xml");
    let cooperation = ["--modalita", "cooperazione"];
    let (exit, report, stderr) = close(&[close_args(&sent, "01", None, &out), cooperation.to_vec()].concat());
    assert_eq!(exit, 0, "{report}\n{stderr}");
    let own = "1205826221000000000000077";
    assert_eq!(report["closures"][0]["codice_chiuso"], own);
    assert_eq!(
        report["closures"][0]["file_chiusura"],
        "chiusura-cv-codice-assegnato.xml"
    );
    let closure = &unzip(&out)["chiusura-cv-codice-assegnato.xml"];
    let text = String::from_utf8(closure.clone()).unwrap();
    assert!(text.contains(&format!("<codicecandidatura>{ZEROS}</codicecandidatura>")));
    assert!(text.contains(&format!(
        "<codicecandidaturaprecedente>{own}</codicecandidaturaprecedente>"
    )));

    // A different code in --codici is ignored, with a warning.
    let codici = dir.join("codici.csv");
    write(
        &codici,
        format!("file,codice\n{},1205826221000000000000099\n", sent.display()).as_bytes(),
    );
    let (exit, report, _) =
        close(&[close_args(&sent, "01", Some(&codici), &out), cooperation.to_vec()].concat());
    assert_eq!(exit, 0, "{report}");
    assert_eq!(report["closures"][0]["codice_chiuso"], own);
    assert!(codes(&report).contains(&"CL0704".to_string()), "{report}");
}

#[test]
fn a_wrong_code_in_the_mapping_is_reported() {
    let dir = temp_dir("close-wrong-code");
    let sent = close_fixtures().join("inviati");
    let out = dir.join("chiusure.zip");
    let codici = dir.join("codici.csv");
    // A vacancy's code for a CV, a closure's code, a malformed code.
    write(
        &codici,
        b"file,codice\n\
          cv-giulia-bianchi.xml,1205826211000000000000042\n\
          aggiornamenti/cv-rinnovo-con-precedente.xml,1205826222000000000000043\n\
          vacancy-sviluppatori.xml,12058\n\
          vacancy-prefisso-tab-crlf-latin1.xml,1205826211000000000000008\n",
    );
    let (exit, report, _) = close(&close_args(&sent, "01", Some(&codici), &out));
    assert_eq!(exit, 1);
    let ko: std::collections::BTreeSet<&str> = diagnostics(&report, "CL0703")
        .into_iter()
        .map(|(file, _)| file["name"].as_str().unwrap())
        .collect();
    assert_eq!(ko.len(), 3, "{report}");
    assert!(!out.exists());
}

#[test]
fn the_same_name_in_two_inputs_must_be_qualified() {
    let dir = temp_dir("close-two-inputs");
    let cv = support::valid("candidatura");
    let first = dir.join("scuola-a.zip");
    let second = dir.join("scuola-b.zip");
    write(&first, &zip_bytes(&[("cv.xml", cv.as_slice())]));
    write(&second, &zip_bytes(&[("cv.xml", cv.as_slice())]));
    let out = dir.join("chiusure.zip");
    let codici = dir.join("codici.csv");
    write(&codici, b"file,codice\ncv.xml,1205826221000000000000001\n");
    let mut args = close_args(&first, "01", Some(&codici), &out);
    args.insert(2, second.to_str().unwrap());
    let (exit, report, _) = close(&args);
    assert_eq!(exit, 1);
    assert_eq!(codes(&report), ["CL0701"]);
    assert!(report.to_string().contains("più input"), "{report}");

    write(
        &codici,
        format!(
            "file,codice\n{}/cv.xml,1205826221000000000000001\n{}/cv.xml,1205826221000000000000002\n",
            first.display(),
            second.display()
        )
        .as_bytes(),
    );
    let (exit, report, _) = close(&args);
    assert_eq!(exit, 0, "{report}");
    let closures = unzip(&out);
    assert_eq!(
        closures.keys().collect::<Vec<_>>(),
        ["chiusura-cv-2.xml", "chiusura-cv.xml"]
    );
    let second_closure = String::from_utf8(closures["chiusura-cv-2.xml"].clone()).unwrap();
    assert!(second_closure.contains("000000000000002</codicecandidaturaprecedente>"));
}

#[test]
fn a_code_is_closed_only_once() {
    let dir = temp_dir("close-twice");
    let out = dir.join("chiusure.zip");
    let sent = close_fixtures().join("inviati");
    let codici = dir.join("codici.csv");
    // A copy-and-paste slip: two CVs mapped to the same code.
    write(
        &codici,
        b"file,codice\n\
          cv-giulia-bianchi.xml,1205826221000000000000042\n\
          aggiornamenti/cv-rinnovo-con-precedente.xml,1205826221000000000000042\n\
          vacancy-sviluppatori.xml,1205826211000000000000007\n\
          vacancy-prefisso-tab-crlf-latin1.xml,1205826211000000000000008\n",
    );
    let (exit, report, _) = close(&close_args(&sent, "01", Some(&codici), &out));
    assert_eq!(exit, 1);
    let twice: Vec<&Value> = diagnostics(&report, "CL0705")
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    assert_eq!(twice.len(), 1, "{report}");
    assert!(
        twice[0]["message"]
            .as_str()
            .unwrap()
            .contains("aggiornamenti/cv-rinnovo-con-precedente.xml"),
        "{report}"
    );
    assert!(!out.exists());
}

#[test]
fn generated_codes_come_from_the_counter() {
    let dir = temp_dir("close-counter");
    let sent = close_fixtures().join("inviati");
    let out = dir.join("chiusure.zip");
    let counter = dir.join("contatore");
    let codici = close_fixtures().join("codici.csv");
    let args = [
        close_args(&sent, "01", Some(&codici), &out),
        vec![
            "--contatore",
            counter.to_str().unwrap(),
            "--regione",
            "12",
            "--provincia",
            "058",
        ],
    ]
    .concat();
    let (exit, report, stderr) = close(&args);
    assert_eq!(exit, 0, "{report}\n{stderr}");
    let year = clic::calendar::Date::today().year % 100;
    let own: Vec<String> = report["closures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["codice"].as_str().unwrap().to_string())
        .collect();
    let expected = vec![
        format!("12058{year:02}322000000000000001"), // aggiornamenti/cv-rinnovo...
        format!("12058{year:02}322000000000000002"), // cv-giulia-bianchi
        format!("12058{year:02}312000000000000001"), // vacancy-prefisso...
        format!("12058{year:02}312000000000000002"), // vacancy-sviluppatori
    ];
    assert_eq!(own, expected);
    // The closures carry their own assigned codes: what a node sending by
    // cooperation sends.
    let (verified, verify_report) = verify_json(&["--modalita", "cooperazione", out.to_str().unwrap()]);
    assert_eq!(verified, 0, "{verify_report}");
    let decoded = run(&["codegen", "decode", "--format", "json", &own[0]]).json();
    assert_eq!(decoded[0]["tipo"], "chiusura");
    assert_eq!(decoded[0]["modalita"], "massivo-regionale");

    // The next run goes on from the counter.
    let (exit, report, _) = close(&args);
    assert_eq!(exit, 0);
    let again: Vec<&str> = report["closures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["codice"].as_str().unwrap())
        .collect();
    assert_eq!(
        again,
        [
            expected[1].replace("002", "003"),
            expected[1].replace("002", "004"),
            expected[3].replace("002", "003"),
            expected[3].replace("002", "004"),
        ]
    );

    // --contatore needs --regione and --provincia.
    let missing = run(&[
        close_args(&sent, "01", None, &out),
        vec!["--contatore", counter.to_str().unwrap()],
    ]
    .concat());
    assert_eq!(missing.code, 2);
}

#[test]
fn a_closure_that_fails_verification_writes_nothing() {
    let dir = temp_dir("close-verification-fails");
    let sent = close_fixtures().join("inviati");
    let out = dir.join("chiusure.zip");
    let codici = close_fixtures().join("codici.csv");
    // Every sent file fits the size limit; its closure, a few bytes
    // longer, does not: the closures' own verification fails.
    let largest = files_below(&sent).values().map(Vec::len).max().unwrap();
    let limit = largest.to_string();
    let (exit, report, _) = close(
        &[
            close_args(&sent, "01", Some(&codici), &out),
            vec!["--max-entry-bytes", &limit],
        ]
        .concat(),
    );
    assert_eq!(exit, 1, "{report}");
    assert_eq!(report["written"], false);
    assert_eq!(report["inputs"][0]["path"], out.to_str().unwrap());
    assert!(codes(&report).contains(&"CL0003".to_string()), "{report}");
    assert!(!out.exists());
    assert!(!dir.join("chiusure.csv").exists());
    assert_no_temporary_files(&dir);
}

#[test]
fn the_motivo_is_checked_against_the_schema_and_the_table() {
    let dir = temp_dir("close-motivo");
    let sent = close_fixtures().join("inviati");
    let out = dir.join("chiusure.zip");
    let codici = close_fixtures().join("codici.csv");
    let attempt = |motivo: &str, extra: &[&str]| {
        run(&[close_args(&sent, motivo, Some(&codici), &out), extra.to_vec()].concat())
    };
    for bad in ["123", "", "<", "è"] {
        let result = attempt(bad, &[]);
        assert_eq!(result.code, 2, "{bad:?}");
        assert!(result.stderr.contains("--motivo"), "{}", result.stderr);
    }
    let tables = dir.join("tabelle");
    write(
        &tables.join("motivi_chiusura.csv"),
        b"codice,descrizione\n01,Posizione coperta\n02,Candidato non piu disponibile\n",
    );
    let tabelle = tables.to_str().unwrap();
    let refused = attempt("99", &["--tabelle", tabelle]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("motivi_chiusura"), "{}", refused.stderr);
    assert!(!out.exists());
    let accepted = attempt("02", &["--tabelle", tabelle]);
    assert_eq!(accepted.code, 0, "{}{}", accepted.stdout, accepted.stderr);
    let (verified, report) = verify_json(&["--tabelle", tabelle, out.to_str().unwrap()]);
    assert_eq!(verified, 0, "{report}");
}

#[test]
fn a_bad_codici_file_stops_the_run() {
    let dir = temp_dir("close-bad-csv");
    let out = dir.join("chiusure.zip");
    let sent = close_fixtures().join("inviati");
    for (name, text) in [
        ("header.csv", "nome,codice\ncv.xml,1\n"),
        (
            "twice.csv",
            "file,codice\na.xml,1205826221000000000000001\na.xml,1205826221000000000000002\n",
        ),
        ("fields.csv", "file,codice\na.xml\n"),
    ] {
        let path = dir.join(name);
        write(&path, text.as_bytes());
        let result = run(&close_args(&sent, "01", Some(&path), &out));
        assert_eq!(result.code, 2, "{name}: {}", result.stdout);
        assert!(result.stderr.contains("--codici"), "{}", result.stderr);
    }
    let result = run(&close_args(&sent, "01", None, &dir.join("chiusure.csv")));
    assert_eq!(result.code, 2);
    assert!(!out.exists());
}

#[test]
fn the_text_report_says_what_was_written() {
    let dir = temp_dir("close-text");
    let out = dir.join("chiusure.zip");
    let sent = close_fixtures().join("inviati");
    let codici = close_fixtures().join("codici.csv");
    let result = run(&close_args(&sent, "01", Some(&codici), &out));
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result
            .stdout
            .contains("OK  chiusura-cv-giulia-bianchi.xml  candidatura"),
        "{}",
        result.stdout
    );
    assert!(result.stdout.contains("Scritte 4 chiusure"), "{}", result.stdout);
    assert!(
        result
            .stdout
            .contains("cv-giulia-bianchi.xml  1205826221000000000000042  ->  chiusura-cv-giulia-bianchi.xml"),
        "{}",
        result.stdout
    );
}

#[test]
fn lines_of_codici_that_name_no_file_are_noted_in_order() {
    let dir = temp_dir("close-unused");
    let out = dir.join("chiusure.zip");
    let sent = close_fixtures().join("inviati");
    let mut codici = std::fs::read_to_string(close_fixtures().join("codici.csv")).unwrap();
    codici.push_str("zeta.xml,1205826221000000000000099\nalfa.xml,1205826221000000000000098\n");
    let path = dir.join("codici-in-piu.csv");
    write(&path, codici.as_bytes());
    let result = run(&close_args(&sent, "01", Some(&path), &out));
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("senza un file corrispondente: alfa.xml, zeta.xml"),
        "{}",
        result.stderr
    );
}
