//! Checks across files (CL09xx): after every file is checked on its own,
//! copies, the same person twice and the same code twice are warned about,
//! each file naming the other. Through the binary.

mod support;

use support::{run, temp_dir, valid, write};

/// `(file, code, message)` of every diagnostic of a JSON report.
fn messages(args: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let mut all = vec!["verify", "--format", "json"];
    all.extend_from_slice(args);
    let result = run(&all);
    assert!(result.code < 2, "{}", result.stderr);
    let report = result.json();
    let mut found = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            found.push((
                file["name"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            ));
        }
    }
    (result.code, found)
}

#[test]
fn the_same_person_twice_in_a_folder_is_a_warning_naming_the_other_file() {
    let dir = temp_dir("same-person");
    let cv = String::from_utf8(valid("candidatura")).unwrap();
    write(&dir.join("giulia.xml"), cv.as_bytes());
    write(
        &dir.join("giulia-bis.xml"),
        cv.replace("giulia.bianchi@example.it", "g.bianchi@example.it")
            .as_bytes(),
    );
    let (code, found) = messages(&[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning only");
    assert_eq!(
        found,
        [
            (
                "giulia-bis.xml".to_string(),
                "CL0902".to_string(),
                "Il codice fiscale «BNCGLI95M52F205J» è anche nella candidatura «giulia.xml»: la stessa persona compare due volte.".to_string()
            ),
            (
                "giulia.xml".to_string(),
                "CL0902".to_string(),
                "Il codice fiscale «BNCGLI95M52F205J» è anche nella candidatura «giulia-bis.xml»: la stessa persona compare due volte.".to_string()
            ),
        ]
    );
}

#[test]
fn three_copies_each_name_one_and_count_the_rest() {
    let dir = temp_dir("copies");
    let cv = valid("candidatura");
    let archive = dir.join("scuola.zip");
    write(
        &archive,
        &support::zip_bytes(&[("a.xml", &cv), ("b.xml", &cv), ("c.xml", &cv)]),
    );
    let (_, found) = messages(&["--lang", "en", archive.to_str().unwrap()]);
    let a: Vec<_> = found.iter().filter(|(f, _, _)| f == "a.xml").collect();
    assert_eq!(a.len(), 1, "a copy is not also 'the same person': {found:?}");
    assert_eq!(a[0].1, "CL0901");
    assert_eq!(
        a[0].2,
        "The file is identical to `b.xml` and one more file: the portal would accept both."
    );
    assert_eq!(found.len(), 3);
}

#[test]
fn two_messages_with_the_same_code_across_two_inputs_name_the_archive() {
    let dir = temp_dir("same-code");
    let message = String::from_utf8(valid("messaggio")).unwrap();
    let first = dir.join("uno.zip");
    let second = dir.join("due.zip");
    write(&first, &support::zip_bytes(&[("m.xml", message.as_bytes())]));
    let other = message.replace("il suo profilo", "il Suo profilo");
    write(&second, &support::zip_bytes(&[("m.xml", other.as_bytes())]));
    let (code, found) = messages(&[first.to_str().unwrap(), second.to_str().unwrap()]);
    assert_eq!(code, 0);
    let codes: Vec<&str> = found.iter().map(|(_, c, _)| c.as_str()).collect();
    assert_eq!(codes, ["CL0903", "CL0903"]);
    // Paths are written relative to the current folder (the crate's here).
    let second = second.strip_prefix(support::root()).unwrap();
    assert!(
        found[0].2.contains(&format!("«{}/m.xml»", second.display())),
        "{found:?}"
    );
    // 25 zeros are codes assigned on receipt: never the same code.
    let zeros = dir.join("zeri.zip");
    let cv = valid("candidatura");
    let vacancy = valid("vacancy");
    let vacancy_2 = String::from_utf8(vacancy.clone())
        .unwrap()
        .replace("ESW-2026-0117", "ESW-2026-0118");
    write(
        &zeros,
        &support::zip_bytes(&[
            ("cv.xml", &cv),
            ("v1.xml", &vacancy),
            ("v2.xml", vacancy_2.as_bytes()),
        ]),
    );
    let (_, found) = messages(&[zeros.to_str().unwrap()]);
    assert_eq!(found, []);
}

/// `import` finds copies as `verify` does (it takes a file's identity from
/// the SHA-256 it computes anyway): a rejected archive's report names them.
#[test]
fn an_import_rejected_for_another_file_names_the_copies_as_verify_does() {
    let dir = temp_dir("copies-import");
    let cv = valid("candidatura");
    let broken = String::from_utf8(cv.clone())
        .unwrap()
        .replace("<Candidatura", "<Candidatura attributo-sconosciuto=\"x\"");
    let archive = dir.join("scuola.zip");
    write(
        &archive,
        &support::zip_bytes(&[("a.xml", &cv), ("b.xml", &cv), ("rotto.xml", broken.as_bytes())]),
    );
    let copies = |stdout: &str| -> Vec<String> {
        stdout
            .lines()
            .filter(|line| line.contains("CL0901"))
            .map(str::to_string)
            .collect()
    };
    let verified = run(&["verify", archive.to_str().unwrap()]);
    let ledger = dir.join("registro.sqlite");
    let imported = run(&[
        "import",
        "--ledger",
        ledger.to_str().unwrap(),
        "--out",
        dir.join("out").to_str().unwrap(),
        archive.to_str().unwrap(),
    ]);
    assert_eq!((verified.code, imported.code), (1, 1), "{}", imported.stderr);
    assert!(imported.stdout.contains("RIFIUTATO"), "{}", imported.stdout);
    // The summary by code names both copies (OK files are not listed).
    let found = copies(&imported.stdout);
    assert_eq!(found.len(), 1, "{}", imported.stdout);
    assert!(found[0].contains("2 file (a.xml, b.xml)"), "{found:?}");
    assert_eq!(found, copies(&verified.stdout));
}
