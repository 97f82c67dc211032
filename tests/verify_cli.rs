//! `clic verify` as users drive it: archives, folders, stdin, several
//! inputs at once, every output format, languages and exit codes.

mod support;

use support::{
    codes, fixtures, official_xsd, run, run_with_stdin, temp_dir, valid, verify_json, write, zip_bytes,
};

fn broken_candidatura() -> Vec<u8> {
    String::from_utf8(valid("candidatura"))
        .unwrap()
        .replace("<cognome>Bianchi</cognome>", "")
        .into_bytes()
}

#[test]
fn an_archive_is_ok_only_if_every_file_is() {
    let dir = temp_dir("archive-verdict");
    let good = zip_bytes(&[
        ("cv.xml", &valid("candidatura")),
        ("vacancy.xml", &valid("vacancy")),
    ]);
    let mixed = zip_bytes(&[
        ("cv.xml", &valid("candidatura")),
        ("rotto.xml", &broken_candidatura()),
    ]);
    write(&dir.join("buono.zip"), &good);
    write(&dir.join("misto.zip"), &mixed);

    let (exit, report) = verify_json(&[dir.join("buono.zip")]);
    assert_eq!(exit, 0);
    assert_eq!(report["inputs"][0]["verdict"], "OK");
    assert_eq!(report["summary"]["files"], 2);

    let (exit, report) = verify_json(&[dir.join("misto.zip")]);
    assert_eq!(exit, 1);
    assert_eq!(report["inputs"][0]["verdict"], "KO");
    let files = report["files"].as_array().unwrap();
    assert_eq!(files[0]["name"], "cv.xml");
    assert_eq!(files[0]["verdict"], "OK");
    assert_eq!(files[0]["module"], "candidatura");
    assert_eq!(files[1]["name"], "rotto.xml");
    assert_eq!(files[1]["verdict"], "KO");
    assert_eq!(files[1]["diagnostics"][0]["code"], "CL0101");
    assert_eq!(report["summary"]["ok"], 1);
    assert_eq!(report["summary"]["ko"], 1);
}

#[test]
fn folders_are_searched_recursively_for_xml_in_a_stable_order() {
    let dir = temp_dir("folder");
    write(&dir.join("b/vacancy.xml"), &valid("vacancy"));
    write(&dir.join("a/cv.XML"), &valid("candidatura"));
    write(&dir.join("a/leggimi.txt"), b"not checked");
    write(&dir.join(".nascosta/cv.xml"), b"not checked either");
    let (exit, report) = verify_json(&[&dir]);
    assert_eq!(exit, 0);
    let names: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a/cv.XML", "b/vacancy.xml"]);
    assert_eq!(report["inputs"][0]["kind"], "folder");
}

#[test]
fn an_empty_folder_is_ko() {
    let dir = temp_dir("empty-folder");
    let (exit, report) = verify_json(&[&dir]);
    assert_eq!(exit, 1);
    assert_eq!(codes(&report), ["CL0015"]);
}

#[test]
fn stdin_takes_a_document_or_an_archive() {
    let document = run_with_stdin(&["verify", "--format", "json", "-"], Some(&valid("messaggio")));
    assert_eq!(document.code, 0, "{}", document.stderr);
    assert_eq!(document.json()["files"][0]["module"], "messaggio");

    let archive = zip_bytes(&[("rotto.xml", &broken_candidatura())]);
    let zipped = run_with_stdin(&["verify", "--format", "json", "-"], Some(&archive));
    assert_eq!(zipped.code, 1);
    assert_eq!(zipped.json()["files"][0]["name"], "rotto.xml");
}

#[test]
fn several_inputs_keep_their_order_and_verdicts() {
    let dir = temp_dir("several");
    write(
        &dir.join("uno.zip"),
        &zip_bytes(&[("rotto.xml", &broken_candidatura())]),
    );
    write(&dir.join("due.xml"), &valid("vacancy"));
    let (exit, report) = verify_json(&[dir.join("uno.zip"), dir.join("due.xml")]);
    assert_eq!(exit, 1);
    let inputs = report["inputs"].as_array().unwrap();
    assert!(inputs[0]["path"].as_str().unwrap().ends_with("uno.zip"));
    assert_eq!(inputs[0]["verdict"], "KO");
    assert!(inputs[1]["path"].as_str().unwrap().ends_with("due.xml"));
    assert_eq!(inputs[1]["verdict"], "OK");
    assert!(report["files"][1]["input"].as_str().unwrap().ends_with("due.xml"));
}

#[test]
fn results_are_the_same_whatever_the_number_of_workers() {
    let dir = temp_dir("workers");
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..40 {
        let bytes = if i % 7 == 3 {
            broken_candidatura()
        } else {
            valid("candidatura")
        };
        entries.push((format!("cv-{i:02}.xml"), bytes));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    write(&dir.join("molti.zip"), &zip_bytes(&refs));
    let one = run(&[
        "verify",
        "--format",
        "json",
        "--jobs",
        "1",
        dir.join("molti.zip").to_str().unwrap(),
    ]);
    let many = run(&[
        "verify",
        "--format",
        "json",
        "--jobs",
        "4",
        dir.join("molti.zip").to_str().unwrap(),
    ]);
    assert_eq!(one.code, 1);
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn text_report_shows_verdicts_positions_and_a_summary() {
    let dir = temp_dir("text");
    write(
        &dir.join("misto.zip"),
        &zip_bytes(&[
            ("cv.xml", &valid("candidatura")),
            ("rotto.xml", &broken_candidatura()),
        ]),
    );
    let result = run(&["verify", dir.join("misto.zip").to_str().unwrap()]);
    assert_eq!(result.code, 1);
    let out = result.stdout;
    assert!(out.contains("misto.zip  KO"), "{out}");
    // OK files are counted; --verbose lists them (issue 11).
    assert!(!out.contains("cv.xml"), "{out}");
    assert!(
        out.contains("1 file OK non elencati (--verbose per elencarli)"),
        "{out}"
    );
    let verbose = run(&["verify", "--verbose", dir.join("misto.zip").to_str().unwrap()]);
    assert!(
        verbose.stdout.contains("OK  cv.xml  candidatura"),
        "{}",
        verbose.stdout
    );
    assert!(out.contains("KO  rotto.xml  candidatura"), "{out}");
    assert!(
        out.contains("4:5     errore CL0101  Manca il campo obbligatorio «cognome» in «DatiAnagrafici»."),
        "{out}"
    );
    assert!(out.contains("Totale: 2 file, 1 OK, 1 KO, 0 avvisi"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not on a terminal");

    let english = run(&["--lang", "en", "verify", dir.join("misto.zip").to_str().unwrap()]);
    assert!(
        english
            .stdout
            .contains("error  CL0101  The mandatory field `cognome` is missing from `DatiAnagrafici`.")
    );
    assert!(english.stdout.contains("Total: 2 files, 1 OK, 1 KO, 0 warnings"));
}

#[test]
fn quiet_prints_only_ko_files_and_the_summary() {
    let dir = temp_dir("quiet");
    write(
        &dir.join("misto.zip"),
        &zip_bytes(&[
            ("cv.xml", &valid("candidatura")),
            ("rotto.xml", &broken_candidatura()),
        ]),
    );
    let result = run(&["verify", "--quiet", dir.join("misto.zip").to_str().unwrap()]);
    assert!(!result.stdout.contains("cv.xml"), "{}", result.stdout);
    assert!(result.stdout.contains("rotto.xml"));
    assert!(result.stdout.contains("Totale: 2 file, 1 OK, 1 KO"));
}

#[test]
fn junit_has_one_testcase_per_file_and_failures_for_ko() {
    let dir = temp_dir("junit");
    write(
        &dir.join("misto.zip"),
        &zip_bytes(&[
            ("cv.xml", &valid("candidatura")),
            ("rotto.xml", &broken_candidatura()),
        ]),
    );
    let result = run(&[
        "verify",
        "--format",
        "junit",
        dir.join("misto.zip").to_str().unwrap(),
    ]);
    assert_eq!(result.code, 1);
    let xml = result.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(
        xml.contains("<testsuites name=\"clic verify\" tests=\"2\" failures=\"1\""),
        "{xml}"
    );
    assert!(xml.contains("name=\"cv.xml\"/>"), "{xml}");
    assert!(xml.contains("<testcase classname="), "{xml}");
    assert!(
        xml.contains(
            "<failure type=\"CL0101\" message=\"Manca il campo obbligatorio «cognome» in «DatiAnagrafici».\">"
        ),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 2);
}

#[test]
fn out_writes_the_report_to_a_file() {
    let dir = temp_dir("out");
    let report = dir.join("esito.json");
    let result = run(&[
        "verify",
        "--format",
        "json",
        "--out",
        report.to_str().unwrap(),
        fixtures().join("validi/vacancy.xml").to_str().unwrap(),
    ]);
    assert_eq!(result.code, 0);
    assert!(result.stdout.is_empty());
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(written["format"], 1);
    assert_eq!(written["summary"]["ok"], 1);
}

#[test]
fn json_report_has_the_version_1_keys() {
    let (_, report) = verify_json(&[fixtures().join("codici/CL0101-ko-manca-cognome.xml")]);
    assert_eq!(report["format"], 1);
    let file = &report["files"][0];
    for key in ["input", "name", "module", "verdict", "diagnostics"] {
        assert!(file.get(key).is_some(), "files[] lacks {key}");
    }
    let diagnostic = &file["diagnostics"][0];
    for key in ["code", "severity", "line", "column", "path", "message"] {
        assert!(diagnostic.get(key).is_some(), "diagnostics[] lacks {key}");
    }
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["line"], 4);
    assert_eq!(diagnostic["column"], 5);
    assert_eq!(
        diagnostic["path"],
        "/Candidatura/Lavoratore/DatiAnagrafici/cognome"
    );
    for key in ["files", "ok", "ko", "warnings"] {
        assert!(report["summary"].get(key).is_some(), "summary lacks {key}");
    }
    assert!(report["inputs"][0].get("path").is_some());
    assert_eq!(report["inputs"][0]["verdict"], "KO");
}

#[test]
fn unreadable_paths_and_bad_arguments_exit_2() {
    let missing = run(&["verify", "/nessuna/cartella/archivio.zip"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("/nessuna/cartella/archivio.zip"),
        "{}",
        missing.stderr
    );
    // The report still names it (CI reads the report, not stderr).
    assert!(
        missing.stdout.contains("CL0002") && missing.stdout.contains("/nessuna/cartella/archivio.zip"),
        "{}",
        missing.stdout
    );

    assert_eq!(run(&["verify"]).code, 2);
    assert_eq!(run(&["verify", "--format", "xml", "x.xml"]).code, 2);
    assert_eq!(run(&["verify", "--max-entry-bytes", "tanti", "x.xml"]).code, 2);
    assert_eq!(run(&["verify", "--max-depth", "100000", "x.xml"]).code, 2);
    assert_eq!(run(&["nessun-comando"]).code, 2);
    assert_eq!(run(&["--help"]).code, 0);
}

#[test]
fn schema_dir_with_two_files_for_one_namespace_names_both() {
    let dir = temp_dir("schema-dup");
    let official = official_xsd();
    let messaggio = std::fs::read(official.join("Rev.038_-_CL_-_Allegato_4_-_Messaggio.xsd")).unwrap();
    write(&dir.join("uno.xsd"), &messaggio);
    write(&dir.join("due.xsd"), &messaggio);
    let result = run(&[
        "verify",
        "--schema-dir",
        dir.to_str().unwrap(),
        fixtures().join("validi/messaggio.xml").to_str().unwrap(),
    ]);
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("uno.xsd") && result.stderr.contains("due.xsd"),
        "{}",
        result.stderr
    );
}

#[test]
fn schema_dir_with_constructs_the_validator_would_skip_is_refused() {
    let dir = temp_dir("schema-unsupported");
    let xsd = r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://servizi.lavoro.gov.it/vacancy" elementFormDefault="qualified">
  <xs:element name="Vacancy" abstract="true"/>
</xs:schema>"#;
    write(&dir.join("vacancy.xsd"), xsd.as_bytes());
    let result = run(&[
        "verify",
        "--schema-dir",
        dir.to_str().unwrap(),
        fixtures().join("validi/vacancy.xml").to_str().unwrap(),
    ]);
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("vacancy.xsd") && result.stderr.contains("abstract"),
        "{}",
        result.stderr
    );
}

#[test]
fn schema_dir_with_the_official_files_accepts_the_valid_documents() {
    let result = run(&[
        "verify",
        "--schema-dir",
        official_xsd().to_str().unwrap(),
        fixtures().join("validi").to_str().unwrap(),
    ]);
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
}

#[test]
fn explain_prints_the_rule_in_italian_or_english() {
    let it = run(&["explain", "CL0101"]);
    assert_eq!(it.code, 0);
    assert!(it.stdout.contains("campo-obbligatorio-mancante"));
    assert!(it.stdout.contains("Come correggere"));
    let en = run(&["--lang", "en", "explain", "campo-obbligatorio-mancante"]);
    assert!(en.stdout.contains("Fix: add the field"), "{}", en.stdout);
    let list = run(&["explain", "--list"]);
    assert!(list.stdout.lines().count() >= 40);
    assert!(list.stdout.lines().any(|l| l.starts_with("CL0101")));
}

/// Files that are not XML, as people send them by mistake: each named for
/// what it is, with the step that fits, instead of an encoding or a tag.
#[test]
fn files_that_are_not_xml_are_named_for_what_they_are() {
    let dir = temp_dir("not-xml");
    let docx = zip_bytes(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let odt = {
        // LibreOffice writes `mimetype` first, stored.
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        writer.start_file("mimetype", stored).unwrap();
        std::io::Write::write_all(&mut writer, b"application/vnd.oasis.opendocument.text").unwrap();
        writer.start_file("content.xml", stored).unwrap();
        std::io::Write::write_all(&mut writer, b"<office:document-content/>").unwrap();
        writer.finish().unwrap().into_inner()
    };
    let full = zip_bytes(&[("cv.xml", &valid("candidatura"))]);
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "cv.xml",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            "CL0017",
            "Questo file è un PDF, non un XML Cliclavoro",
        ),
        (
            "ciao.xml",
            b"ciao".to_vec(),
            "CL0017",
            "Questo file è un testo che non inizia con «<»",
        ),
        (
            "foto.xml",
            b"\xff\xd8\xff\xe0\0\x10JFIF\0".to_vec(),
            "CL0017",
            "Questo file è un'immagine JPEG",
        ),
        (
            "CV Rossi.docx",
            docx.clone(),
            "CL0017",
            "Questo file è un documento Word, non un XML Cliclavoro",
        ),
        ("cv-word.xml", docx, "CL0017", "Questo file è un documento Word"),
        (
            "cv.odt",
            odt,
            "CL0017",
            "Questo file è un documento di LibreOffice",
        ),
        (
            "CV.zip",
            b"Rar!\x1a\x07\x01\x00\x33\x92\xb5\xe5\x0a\x01\x05\x06\x00\x05".to_vec(),
            "CL0018",
            "Questo file è un archivio RAR, non un archivio .zip",
        ),
        (
            "vuoto.zip",
            Vec::new(),
            "CL0018",
            "Questo file è vuoto (0 byte), non un archivio .zip",
        ),
        (
            "troncato.zip",
            full[..full.len() / 2].to_vec(),
            "CL0012",
            "è incompleto o danneggiato",
        ),
    ];
    for (name, bytes, code, said) in cases {
        let path = dir.join(name);
        write(&path, &bytes);
        let (exit, report) = verify_json(&[path.to_str().unwrap()]);
        assert_eq!(exit, 1, "{name}");
        assert_eq!(codes(&report), [code], "{name}: {report}");
        let text = report.to_string();
        assert!(text.contains(said), "{name}: {text}");
        for wrong in [
            "ANSI",
            "1:1",
            "[Content_Types]",
            "troppo corto",
            "directory centrale",
        ] {
            assert!(!text.contains(wrong), "{name}: {wrong} in {text}");
        }
    }
}
