//! Messages that lead to the right fix (issue 12): a file saved by Windows
//! Notepad, a diagnostic code given to `codegen decode`. Through the binary.

mod support;

use support::{run, temp_dir, write};

#[test]
fn a_file_saved_as_ansi_names_the_character_and_both_fixes() {
    let dir = temp_dir("notepad");
    let path = dir.join("cv.xml");
    let cv = String::from_utf8(support::valid("candidatura"))
        .unwrap()
        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "")
        .replace("Bianchi", "Niccolò");
    // What Notepad writes when saving as "ANSI": windows-1252, no declaration.
    let ansi: Vec<u8> = cv
        .chars()
        .map(|c| if c == 'ò' { 0xF2 } else { c as u8 })
        .collect();
    write(&path, &ansi);
    let it = run(&["verify", path.to_str().unwrap()]);
    assert_eq!(it.code, 1, "{}", it.stderr);
    for expected in [
        "CL0020",
        "0xF2",
        "in windows-1252 è «ò»",
        "salvato come ANSI",
        "codifica UTF-8",
        "encoding=\"windows-1252\"",
    ] {
        assert!(
            it.stdout.contains(expected),
            "{expected:?} not in:\n{}",
            it.stdout
        );
    }
    let en = run(&["--lang", "en", "verify", path.to_str().unwrap()]);
    assert!(
        en.stdout
            .contains("in windows-1252 it is `ò`, so the file was probably saved as ANSI"),
        "{}",
        en.stdout
    );
}

#[test]
fn a_bad_byte_that_is_no_windows_1252_letter_is_only_located() {
    let dir = temp_dir("bad-byte");
    let path = dir.join("cv.xml");
    let mut cv = support::valid("candidatura");
    let at = cv.windows(7).position(|w| w == b"Bianchi").unwrap();
    cv[at] = 0x81; // undefined in windows-1252
    write(&path, &cv);
    let it = run(&["verify", path.to_str().unwrap()]);
    assert!(it.stdout.contains("(0x81, riga"), "{}", it.stdout);
    assert!(!it.stdout.contains("ANSI"), "{}", it.stdout);
}

#[test]
fn a_diagnostic_code_given_to_decode_points_to_explain() {
    let it = run(&["codegen", "decode", "CL0101"]);
    assert_eq!(it.code, 1);
    assert!(it.stdout.contains("clic explain CL0101"), "{}", it.stdout);
    assert!(!it.stdout.contains("25 cifre"), "{}", it.stdout);
    let en = run(&["--lang", "en", "codegen", "decode", "--format", "json", "cl0101"]);
    assert_eq!(en.code, 1);
    let errors = en.json()[0]["errors"].to_string();
    assert!(errors.contains("clic explain CL0101"), "{errors}");
    // A code that is neither keeps today's reason.
    let other = run(&["codegen", "decode", "CL9999"]);
    assert!(
        other.stdout.contains("deve avere 25 cifre, ne ha 6"),
        "{}",
        other.stdout
    );
}

/// `(code, severity, message)` of the input's own diagnostics, and the
/// names of the files checked.
fn input_notes(path: &std::path::Path) -> (i32, Vec<String>, Vec<String>) {
    let result = run(&["verify", "--format", "json", path.to_str().unwrap()]);
    assert!(result.code < 2, "{}", result.stderr);
    let report = result.json();
    let notes = report["inputs"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["severity"], d["message"]).replace('"', ""))
        .collect();
    let files = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    (result.code, notes, files)
}

#[test]
fn windows_clutter_is_skipped_with_a_note_in_folders_and_archives() {
    let cv = support::valid("candidatura");
    let clutter: [(&str, &[u8]); 4] = [
        ("cv.xml", &cv),
        ("Thumbs.db", b"\xd0\xcf\x11\xe0"),
        ("sub/desktop.ini", b"[.ShellClassInfo]\r\n"),
        ("~$cv.xml", b"\x0bMario Rossi"),
    ];
    let expected_notes = [
        "CL0011 note Voce «Thumbs.db» ignorata: file di servizio di Windows (Thumbs.db, desktop.ini).",
        "CL0011 note Voce «sub/desktop.ini» ignorata: file di servizio di Windows (Thumbs.db, desktop.ini).",
        "CL0011 note Voce «~$cv.xml» ignorata: file di blocco (~$) lasciato da un programma mentre un documento è aperto.",
    ];
    let dir = temp_dir("clutter");
    let folder = dir.join("cartella");
    for (name, bytes) in clutter {
        write(&folder.join(name), bytes);
    }
    let (code, mut notes, files) = input_notes(&folder);
    notes.sort();
    let mut sorted = expected_notes.map(String::from).to_vec();
    sorted.sort();
    assert_eq!(
        (code, notes, files),
        (0, sorted.clone(), vec!["cv.xml".to_string()])
    );

    let archive = dir.join("archivio.zip");
    write(&archive, &support::zip_bytes(&clutter));
    let (code, mut notes, files) = input_notes(&archive);
    notes.sort();
    assert_eq!((code, notes, files), (0, sorted, vec!["cv.xml".to_string()]));
}

#[test]
fn other_non_xml_files_are_reported_as_before() {
    let dir = temp_dir("non-xml");
    let archive = dir.join("archivio.zip");
    let cv = support::valid("candidatura");
    write(
        &archive,
        &support::zip_bytes(&[("cv.xml", &cv), ("cv.pdf", b"%PDF-1.4")]),
    );
    let (code, notes, _) = input_notes(&archive);
    assert_eq!(code, 0);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("CL0010 warning"), "{notes:?}");
}
