//! A wrong codice fiscale leads to the right fix: when the check character
//! is wrong, the code is compared with the worker's own data and the part
//! that disagrees is named; the expected check character is offered only
//! when the rest agrees. Through the binary, in both languages.

mod support;

use support::{run, temp_dir, valid, write};

/// The valid CV's worker: Bianchi Giulia, F, 1995-08-12, Milano (F205).
const CODE: &str = "BNCGLI95M52F205J";

/// `(code, message)` of each diagnostic of the CV with `CODE` replaced by
/// `code` (and `edits` applied), in `lang`.
fn diagnostics(name: &str, code: &str, edits: &[(&str, &str)], lang: &str) -> Vec<(String, String)> {
    let mut cv = String::from_utf8(valid("candidatura"))
        .unwrap()
        .replace(CODE, code);
    for (from, to) in edits {
        assert!(cv.contains(from), "{from} not in the CV");
        cv = cv.replace(from, to);
    }
    let dir = temp_dir(&format!("cf-{name}-{lang}"));
    let path = dir.join("cv.xml");
    write(&path, cv.as_bytes());
    let result = run(&[
        "--lang",
        lang,
        "verify",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    assert!(result.code < 2, "{}", result.stderr);
    let report = result.json();
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn only(found: Vec<(String, String)>, code: &str) -> String {
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, code, "{found:?}");
    found[0].1.clone()
}

#[test]
fn two_swapped_digits_of_the_year_are_named_and_no_check_character_is_suggested() {
    let message = only(diagnostics("anno", "BNCGLI59M52F205J", &[], "it"), "CL0201");
    assert!(
        message.contains("anno di nascita: nel codice 59, dalla data di nascita 95"),
        "{message}"
    );
    assert!(
        !message.contains("atteso"),
        "no check character to copy: {message}"
    );
    let message = only(diagnostics("anno", "BNCGLI59M52F205J", &[], "en"), "CL0201");
    assert!(
        message.contains("birth year: 59 in the code, 95 from the birth date"),
        "{message}"
    );
    assert!(!message.contains("expected"), "{message}");
}

#[test]
fn a_wrong_birthplace_is_named() {
    let message = only(diagnostics("luogo", "BNCGLI95M52H501J", &[], "it"), "CL0201");
    assert!(
        message.contains("luogo di nascita: nel codice H501, dichiarato F205"),
        "{message}"
    );
    assert!(!message.contains("atteso"), "{message}");
}

#[test]
fn a_wrong_sex_letter_is_named() {
    // Day 12 instead of 52: the code of a man.
    let message = only(diagnostics("sesso", "BNCGLI95M12F205J", &[], "it"), "CL0201");
    assert!(message.contains("sesso: nel codice M, dichiarato F"), "{message}");
    // What to write: the day digits of a woman born on the 12th.
    assert!(
        message.contains("per una donna il giorno va scritto 52"),
        "{message}"
    );
    assert!(!message.contains("atteso"), "{message}");
}

#[test]
fn a_swapped_day_says_the_digits_the_code_must_carry() {
    // 52 -> 25, check character recomputed (O): valid, but the day is wrong.
    // Typing the 12 of the birth date would still be wrong: it must be 52.
    let message = only(diagnostics("giorno", "BNCGLI95M25F205O", &[], "it"), "CL0204");
    assert!(
        message.contains("giorno di nascita: nel codice 25, ma per una donna nata il 12 va scritto 52"),
        "{message}"
    );
    assert!(
        !message.contains("sesso"),
        "one finding, the day, not the sex too: {message}"
    );
    let message = only(diagnostics("giorno", "BNCGLI95M25F205O", &[], "en"), "CL0204");
    assert!(
        message.contains("for a woman born on the 12 write 52"),
        "{message}"
    );
    // A wrong month letter and a wrong birthplace say what to write.
    let message = only(diagnostics("mese", "BNCGLI95H52F205J", &[], "it"), "CL0201");
    assert!(message.contains("va scritto M"), "{message}");
    let message = only(
        diagnostics("luogo-scritto", "BNCGLI95M52H501J", &[], "it"),
        "CL0201",
    );
    assert!(message.contains("va scritto F205"), "{message}");
}

#[test]
fn the_check_character_is_suggested_only_when_the_rest_agrees_with_the_data() {
    let message = only(diagnostics("controllo", "BNCGLI95M52F205K", &[], "it"), "CL0201");
    assert!(message.contains("atteso J, trovato K"), "{message}");
}

#[test]
fn an_omocodia_variant_agrees_with_the_data() {
    // 5 -> R in the Belfiore code, check character recomputed: valid.
    assert_eq!(diagnostics("omocodia", "BNCGLI95M52F20RE", &[], "it"), []);
    // The same variant with a wrong check character: the rest agrees, so
    // the expected one is given.
    let message = only(diagnostics("omocodia-k", "BNCGLI95M52F20RK", &[], "it"), "CL0201");
    assert!(message.contains("atteso E, trovato K"), "{message}");
}

#[test]
fn a_correct_code_raises_nothing() {
    assert_eq!(diagnostics("giusto", CODE, &[], "it"), []);
}

#[test]
fn a_valid_code_of_different_data_says_which_part_differs() {
    let message = only(
        diagnostics(
            "incoerente",
            CODE,
            &[("<datanascita>1995-08-12", "<datanascita>1995-08-21")],
            "it",
        ),
        "CL0204",
    );
    assert!(
        message.ends_with(
            "non corrisponde ai dati anagrafici: giorno di nascita: nel codice 52, ma per una donna nata il 21 va scritto 61, cioè il giorno più 40."
        ),
        "{message}"
    );
    let message = only(
        diagnostics("cognome", CODE, &[("<cognome>Bianchi", "<cognome>Neri")], "en"),
        "CL0204",
    );
    assert!(
        message.ends_with("surname: BNC in the code, NRE from the surname: write NRE."),
        "{message}"
    );
}

#[test]
fn a_letter_where_a_digit_belongs_is_pointed_at() {
    let message = only(diagnostics("lettera", "BNCGLI95M52F2O5J", &[], "it"), "CL0106");
    assert!(
        message.contains("carattere 14: «O» dove va una cifra (forse 0?)"),
        "{message}"
    );
    let message = only(diagnostics("lettera", "BNCGLI95M52F2O5J", &[], "en"), "CL0106");
    assert!(
        message.contains("character 14: `O` where a digit belongs (perhaps 0?)"),
        "{message}"
    );
}
