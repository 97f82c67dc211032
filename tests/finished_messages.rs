//! Messages that finish the sentence: each says what to do, in the
//! reader's language. A place that did not exist on the date names the one
//! to use; a bare `&` says to write `&amp;`; a declaration after blank
//! lines is reported where it is; a mismatched end tag names the line the
//! element opened on; every encoding error says how to save the file again.

mod support;

use support::{fixtures, run, temp_dir, write};

/// The diagnostics (code, line, message) of `bytes` checked as one file.
fn said(name: &str, bytes: &[u8], lang: &str) -> Vec<(String, Option<u64>, String)> {
    let dir = temp_dir(&format!("finished-{name}-{lang}"));
    let path = dir.join(format!("{name}.xml"));
    write(&path, bytes);
    let result = run(&[
        "--lang",
        lang,
        "verify",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    assert!(result.code < 2, "{}", result.stderr);
    result.json()["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("codici").join(name)).unwrap()
}

fn one(found: Vec<(String, Option<u64>, String)>, code: &str) -> (Option<u64>, String) {
    let mine: Vec<_> = found.into_iter().filter(|(c, _, _)| c == code).collect();
    assert_eq!(mine.len(), 1, "{mine:?}");
    let (_, line, message) = mine.into_iter().next().unwrap();
    (line, message)
}

#[test]
fn a_ceased_domicile_names_the_comune_that_took_over() {
    let bytes = fixture("CL0303-ko-domicilio-cessato.xml");
    let (_, message) = one(said("cessato", &bytes, "it"), "CL0303");
    assert!(
        message.contains("in quella data usare A005 (Abbadia Lariana)"),
        "{message}"
    );
    let (_, message) = one(said("cessato", &bytes, "en"), "CL0303");
    assert!(
        message.contains("on that date use A005 (Abbadia Lariana)"),
        "{message}"
    );
}

#[test]
fn a_birthplace_created_later_names_the_comuni_of_the_birth_date() {
    let (_, message) = one(
        said("nato-dopo", &fixture("CL0302-ko-comune-nato-dopo.xml"), "it"),
        "CL0302",
    );
    assert!(
        message.contains("in quella data usare C056 (Castegnero) o F838 (Nanto)"),
        "{message}"
    );
}

/// The valid CV with `from` replaced by `to`.
fn cv_with(from: &str, to: &str) -> Vec<u8> {
    let cv = String::from_utf8(support::valid("candidatura")).unwrap();
    assert!(cv.contains(from), "{from}");
    cv.replacen(from, to, 1).into_bytes()
}

#[test]
fn a_bare_ampersand_says_to_write_amp() {
    let bytes = cv_with("<cognome>Bianchi</cognome>", "<cognome>Rossi & Figli</cognome>");
    let (_, message) = one(said("e-commerciale", &bytes, "it"), "CL0030");
    assert!(message.contains("scrivere &amp;"), "{message}");
    assert!(
        !message.contains("entity"),
        "no English word in Italian: {message}"
    );
    let (_, message) = one(said("e-commerciale", &bytes, "en"), "CL0030");
    assert!(message.contains("write &amp;"), "{message}");
}

#[test]
fn a_declaration_after_blank_lines_is_reported_where_it_is() {
    let mut bytes = b"\n\n".to_vec();
    bytes.extend(support::valid("candidatura"));
    let (line, message) = one(said("dichiarazione", &bytes, "it"), "CL0030");
    assert_eq!(line, Some(3), "{message}");
    assert!(message.contains("togliere le righe vuote"), "{message}");
}

#[test]
fn a_mismatched_end_tag_names_the_line_where_the_element_opened() {
    let bytes = cv_with("<nome>Giulia</nome>", "<nome>Giulia</nomi>");
    let (line, message) = one(said("chiusura", &bytes, "it"), "CL0030");
    let cv = String::from_utf8(support::valid("candidatura")).unwrap();
    let opened = cv.lines().position(|l| l.contains("<nome>")).unwrap() + 1;
    assert_eq!(line, Some(opened as u64));
    assert!(
        message.contains(&format!("<nome> aperto alla riga {opened}")),
        "{message}"
    );
}

#[test]
fn every_encoding_error_says_how_to_save_the_file_again() {
    for (fixture_name, code) in [
        ("CL0020-ko-latin1-in-utf8.xml", "CL0020"),
        ("CL0021-ko-bom-utf8-dichiara-latin1.xml", "CL0021"),
        ("CL0022-ko-shift-jis.xml", "CL0022"),
        ("CL0023-ko-utf8-dichiarato-latin1.xml", "CL0023"),
    ] {
        let dir = temp_dir(&format!("finished-{code}"));
        let path = dir.join(fixture_name);
        write(&path, &fixture(fixture_name));
        let result = run(&["verify", "--format", "json", path.to_str().unwrap()]);
        let report = result.json();
        let message = report["files"][0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(report["files"][0]["diagnostics"][0]["code"], code);
        assert!(
            message.to_lowercase().contains("salvar") && message.contains("UTF-8"),
            "{code} gives no re-save advice: {message}"
        );
    }
    // A byte that is no letter in windows-1252 either (0x81): advice too.
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Candidatura>".to_vec();
    bytes.push(0x81);
    bytes.extend(b"</Candidatura>\n");
    let found = said("byte-81", &bytes, "it");
    assert_eq!(found[0].0, "CL0020", "{found:?}");
    assert!(
        found[0]
            .2
            .contains("salvare di nuovo il file scegliendo la codifica UTF-8"),
        "{found:?}"
    );
}
