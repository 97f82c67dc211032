//! `clic tabelle` and `--tabelle`: provenance of every bundled table,
//! helpdesk look-ups, and user-supplied tables that check their fields.

mod support;

use support::{codes, fixtures, run, temp_dir, valid, verify_json, write};

#[test]
fn every_bundled_table_shows_its_provenance() {
    let listed = run(&["tabelle", "--format", "json"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let tables: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let mut bundled = 0;
    for table in tables.as_array().unwrap() {
        if table["status"] != "bundled" {
            assert_eq!(table["status"], "absent", "{table}");
            continue;
        }
        bundled += 1;
        let provenance = &table["provenance"];
        for key in ["source", "built"] {
            let value = provenance[key].as_str().unwrap_or_default();
            assert!(!value.is_empty(), "{} lacks {key}", table["name"]);
        }
        assert!(table["rows"].as_u64().unwrap() > 0);
    }
    assert_eq!(bundled, 16);

    let text = run(&["tabelle"]).stdout;
    assert!(
        text.contains("fonte: python-codicefiscale 0.12.1, codicefiscale/data/municipalities.json"),
        "{text}"
    );
    assert!(text.contains("licenza: CC-BY 4.0"), "{text}");
    assert!(text.contains("cp2011  [non inclusa]  ISTAT CP 2011"), "{text}");
}

#[test]
fn a_code_can_be_looked_up() {
    let found = run(&["tabelle", "comuni", "F205"]);
    assert_eq!(found.code, 0);
    assert!(
        found.stdout.contains("comuni F205  Milano  [provincia=MI]"),
        "{}",
        found.stdout
    );
    let ateco = run(&["--lang", "en", "tabelle", "ateco2007", "62.01.00"]);
    assert!(
        ateco.stdout.starts_with("ateco2007 62.01.00  "),
        "{}",
        ateco.stdout
    );

    let missing = run(&["tabelle", "comuni", "Y999"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stdout.contains("non trovato"));
    // Not a table: the words are searched in every table.
    assert_eq!(run(&["tabelle", "nessuna", "X"]).code, 1);
    assert_eq!(
        run(&["tabelle", "ccnl", "001"]).code,
        1,
        "a table that is not bundled finds nothing"
    );
}

#[test]
fn user_tables_check_their_fields_and_show_as_supplied() {
    let dir = temp_dir("user-tables");
    write(
        &dir.join("ccnl.csv"),
        b"codice,descrizione\n001,Commercio\n002,Metalmeccanici\n",
    );
    write(
        &dir.join("cittadinanza.csv"),
        "codice,descrizione\n000,Italiana\n".as_bytes(),
    );
    write(&dir.join("appunti.csv"), b"not a table\n");
    let tables = dir.to_str().unwrap();

    let vacancy = String::from_utf8(valid("vacancy")).unwrap();
    write(
        &dir.join("vacancy-ccnl-003.xml"),
        vacancy.replace("<idccnl>ND", "<idccnl>003").as_bytes(),
    );
    write(
        &dir.join("vacancy-ccnl-001.xml"),
        vacancy.replace("<idccnl>ND", "<idccnl>001").as_bytes(),
    );

    let (exit, report) = verify_json(&[
        "--tabelle",
        tables,
        dir.join("vacancy-ccnl-003.xml").to_str().unwrap(),
    ]);
    assert_eq!(exit, 1);
    assert_eq!(codes(&report), ["CL0301"]);
    let (exit, _) = verify_json(&[
        "--tabelle",
        tables,
        dir.join("vacancy-ccnl-001.xml").to_str().unwrap(),
    ]);
    assert_eq!(exit, 0);
    // Without the table the same code is only checked for its format.
    let (exit, _) = verify_json(&[dir.join("vacancy-ccnl-003.xml")]);
    assert_eq!(exit, 0);

    let listed = run(&["tabelle", "--tabelle", tables]);
    assert!(
        listed.stdout.contains("ccnl  [fornita con --tabelle]  CCNL"),
        "{}",
        listed.stdout
    );
    assert!(
        listed.stderr.contains("appunti.csv"),
        "unknown CSVs are named: {}",
        listed.stderr
    );
    let cv = fixtures().join("validi/candidatura.xml");
    let (exit, _) = verify_json(&["--tabelle", tables, cv.to_str().unwrap()]);
    assert_eq!(exit, 0, "000 is in the supplied Cittadinanza table");
}

#[test]
fn a_malformed_user_table_stops_the_run() {
    let dir = temp_dir("bad-table");
    write(&dir.join("ccnl.csv"), b"code,description\n001,Commercio\n");
    let result = run(&[
        "verify",
        "--tabelle",
        dir.to_str().unwrap(),
        fixtures().join("validi/vacancy.xml").to_str().unwrap(),
    ]);
    assert_eq!(result.code, 2);
    assert!(
        result.stderr.contains("ccnl.csv") && result.stderr.contains("codice,descrizione"),
        "{}",
        result.stderr
    );
}

#[test]
fn a_comune_shows_each_name_once_with_its_periods() {
    // H501 has eleven rows in the table, all "Roma [provincia=RM]" one after the other.
    let roma = run(&["tabelle", "comuni", "H501"]);
    assert_eq!(roma.code, 0);
    assert_eq!(roma.stdout, "comuni H501  Roma  [provincia=RM]  dal 1884-09-11\n");
    // Codes are matched case-insensitively.
    assert_eq!(run(&["tabelle", "comuni", "h501"]).stdout, roma.stdout);
    // Forlì changed province in 1992: two names, each once.
    let forli = run(&["--lang", "en", "tabelle", "comuni", "D704"]);
    assert_eq!(
        forli.stdout,
        "comuni D704  Forlì  [provincia=FO]  from 1861-03-17 to 1992-04-15\n\
         comuni D704  Forlì  [provincia=FC]  from 1992-04-16\n"
    );
}

#[test]
fn a_comune_is_found_by_name_ignoring_case_and_accents() {
    let roma = run(&["tabelle", "comuni", "roma"]);
    assert_eq!(roma.code, 0);
    // The exact name first, then the names with a word starting «roma».
    assert!(
        roma.stdout
            .starts_with("comuni H501  Roma  [provincia=RM]  dal 1884-09-11\n"),
        "{}",
        roma.stdout
    );
    let forli = run(&["tabelle", "comuni", "forli"]);
    assert_eq!(forli.code, 0);
    assert!(
        forli.stdout.starts_with("comuni D704  Forlì  "),
        "{}",
        forli.stdout
    );
    assert_eq!(run(&["tabelle", "comuni", "FORLÌ"]).stdout, forli.stdout);
    let none = run(&["tabelle", "comuni", "atlantide"]);
    assert_eq!(none.code, 1);
    assert!(none.stdout.contains("non trovato"), "{}", none.stdout);
}
