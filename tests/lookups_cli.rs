//! The helpdesk's look-ups: `clic tabelle [TABLE] WORDS...` finds a comune
//! as it is typed, and `clic explain` finds a rule from a code without its
//! prefix, an everyday word, or a validator's message pasted whole.

mod support;

use support::{root, run};

fn stdout_of(args: &[&str]) -> (i32, String) {
    let result = run(args);
    (result.code, result.stdout)
}

#[test]
fn a_comune_is_found_by_its_words_in_any_order_each_a_prefix() {
    let (code, out) = stdout_of(&["tabelle", "comuni", "Reggio", "Emilia"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("comuni H223  "), "{out}");
    let (code, quoted) = stdout_of(&["tabelle", "comuni", "Reggio Emilia"]);
    assert_eq!(code, 0);
    assert_eq!(quoted, out, "quoted or not, the same words");
    let (code, out) = stdout_of(&["tabelle", "comuni", "Reggio", "nell'Emilia"]);
    assert_eq!(
        code, 0,
        "unquoted words with an apostrophe are words, not an error"
    );
    assert!(out.starts_with("comuni H223  "), "{out}");
    let (_, out) = stdout_of(&["tabelle", "comuni", "s", "dona", "piave"]);
    assert!(
        out.starts_with("comuni H823  San Donà di Piave  "),
        "ISTAT's spelling: {out}"
    );
    let (_, out) = stdout_of(&["tabelle", "comuni", "H223"]);
    assert!(
        out.starts_with("comuni H223  Reggio nell'Emilia  "),
        "ISTAT's spelling: {out}"
    );
    let (_, out) = stdout_of(&["tabelle", "comuni", "forli"]);
    assert!(out.starts_with("comuni D704  Forlì  "), "{out}");
    assert!(out.contains("D705"), "the prefixes follow the exact name: {out}");
}

#[test]
fn without_a_table_every_table_is_searched_and_grouped() {
    let (code, out) = stdout_of(&["tabelle", "Reggio nell’Emilia"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("comuni (1 risultato)\ncomuni H223  "), "{out}");
    assert!(out.contains("province (1 risultato)\nprovince 035  "), "{out}");
    let (code, out) = stdout_of(&["tabelle", "cameriere"]);
    assert_eq!(code, 1, "nothing found is a KO, not a usage error: {out}");
    assert!(out.contains("«cameriere»") && out.contains("cp2011"), "{out}");
    let json = run(&["tabelle", "--format", "json", "forli"]).json();
    assert_eq!(json["found"], true);
    assert_eq!(json["tables"][0]["table"], "comuni");
    assert_eq!(json["tables"][0]["results"][0]["code"], "D704");
    assert_eq!(json["tables"][0]["results"][0]["rank"], "exact");
}

#[test]
fn the_help_says_a_name_can_be_searched() {
    let help = run(&["tabelle", "--help"]).stdout;
    assert!(help.contains("reggio emilia"), "{help}");
}

#[test]
fn explain_takes_a_code_without_its_prefix_or_zeros() {
    for key in ["0201", "CL201", "201", "cl0201"] {
        let (code, out) = stdout_of(&["explain", key]);
        assert_eq!(code, 0, "{key}");
        assert!(out.starts_with("CL0201 codice-fiscale-errato"), "{key}: {out}");
    }
    assert_eq!(
        run(&["explain", "CL9999"]).code,
        2,
        "an unknown code is still exit 2"
    );
    assert_eq!(run(&["explain", "9999"]).code, 2);
}

#[test]
fn explain_knows_everyday_words_and_says_when_no_rule_does() {
    let (code, out) = stdout_of(&["explain", "soppresso"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("CL0302") && out.contains("CL0303"), "{out}");
    let (code, out) = stdout_of(&["explain", "cameriere"]);
    assert_eq!(code, 1);
    assert!(out.contains("nessuna regola parla di «cameriere»"), "{out}");
    assert!(!out.contains("sconosciuto"), "{out}");
    let (_, data) = stdout_of(&["explain", "data"]);
    let listed = data.lines().filter(|l| l.starts_with("CL")).count();
    assert!(
        (1..=8).contains(&listed),
        "only the rules about dates, not every passing mention: {data}"
    );
    assert!(data.contains("CL0109"), "{data}");
}

/// The recorded messages of one validator: (fixture, message).
fn recorded(file: &str) -> Vec<(String, String)> {
    let path = root().join("tests/data/messaggi_schema").join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(fixture, message)| (fixture.to_string(), message.to_string()))
        .collect()
}

/// The code each fixture's first message must be mapped to: its own, but
/// for the fixtures whose message Xerces and libxml2 word as an
/// unexpected element (a missing, misplaced or repeated one).
fn mapped(fixture: &str) -> &str {
    match &fixture[..6] {
        "CL0101" | "CL0103" | "CL0104" => "CL0102",
        own => own,
    }
}

fn check_family(file: &str) {
    let mut seen = std::collections::HashSet::new();
    for (fixture, message) in recorded(file) {
        if !seen.insert(fixture.clone()) {
            continue; // Xerces repeats the value in a second, generic message.
        }
        let (code, out) = stdout_of(&["explain", &message]);
        assert_eq!(code, 0, "{file} {fixture}: {out}");
        let wanted = mapped(&fixture);
        assert!(
            out.lines().nth(1).is_some_and(|l| l.contains(wanted)),
            "{file} {fixture} should map to {wanted}:\n{out}"
        );
        assert!(
            out.contains(&fixture[..6]),
            "{file} {fixture}: the fixture's own code is named:\n{out}"
        );
    }
    assert!(seen.len() >= 10, "{file}: {} fixtures", seen.len());
}

#[test]
fn pasted_xerces_messages_find_their_code() {
    check_family("xerces.txt");
}

#[test]
fn pasted_xmllint_messages_find_their_code() {
    check_family("xmllint.txt");
}

#[test]
fn pasted_dotnet_messages_find_their_code() {
    check_family("dotnet.txt");
}

#[test]
fn a_pasted_message_is_explained_with_the_element_it_names() {
    let xmllint = recorded("xmllint.txt");
    let (_, message) = xmllint.iter().find(|(f, _)| f.starts_with("CL0102")).unwrap();
    let (code, out) = stdout_of(&["explain", message]);
    assert_eq!(code, 0);
    assert!(out.contains("«secondonome»") && out.contains("sesso"), "{out}");
    assert!(out.contains("CL0102 elemento-non-previsto"), "{out}");
    let (_, en) = stdout_of(&["--lang", "en", "explain", message]);
    assert!(en.contains("`secondonome` is not expected"), "{en}");
}
