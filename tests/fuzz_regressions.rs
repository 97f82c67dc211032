//! Inputs the fuzzers (`fuzz/`) found crashing, each reduced to the one
//! thing that crashed it. Each must now get an ordinary diagnostic.

mod support;

use support::{findings, run_with_stdin, valid};

/// A date whose sixth byte from the end falls inside a multi-byte
/// character: xmlschema 0.0.14 sliced there looking for a time-zone offset
/// and panicked (no longer reached). The fuzzer's input had
/// `<datainizio>1023-䀰3-01</datainizio>` in a UTF-16 Candidatura. Since the
/// compiled validator checks dates itself, xmlschema no longer sees values.
#[test]
fn a_date_with_a_multi_byte_character_is_a_wrong_format_not_a_crash() {
    let document = String::from_utf8(valid("candidatura")).unwrap();
    let broken = document.replace(
        "<datanascita>1995-08-12</datanascita>",
        "<datanascita>1995-0\u{20ac}8-12</datanascita>",
    );
    assert_ne!(broken, document, "the fixture still has its birth date");
    let run = run_with_stdin(&["verify", "--format", "json", "-"], Some(broken.as_bytes()));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    // CL0106: wrong value format, and nothing else (no CL0099, internal error).
    assert_eq!(findings(&report), ["CL0106"]);
    let diagnostic = &report["files"][0]["diagnostics"][0];
    assert_eq!(diagnostic["line"], 9, "{diagnostic}");
}

/// A dateTime whose seconds start with a multi-byte character: the check
/// that tells an impossible date from a wrong format sliced the seconds two
/// bytes in and panicked (fixed in src/schema/check.rs). The fuzzer's input
/// had `<datainserimento>2026-11-02T09:30:࠰0</datainserimento>`.
#[test]
fn a_date_time_with_a_multi_byte_character_in_its_seconds_is_a_wrong_format_not_a_crash() {
    let document = String::from_utf8(valid("candidatura")).unwrap();
    let broken = document.replace(
        "<datainserimento>2026-11-02T09:30:00</datainserimento>",
        "<datainserimento>2026-11-02T09:30:\u{20ac}0</datainserimento>",
    );
    assert_ne!(broken, document, "the fixture still has its insertion time");
    let run = run_with_stdin(&["verify", "--format", "json", "-"], Some(broken.as_bytes()));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(findings(&report), ["CL0106"]);
    let diagnostic = &report["files"][0]["diagnostics"][0];
    assert_eq!(diagnostic["line"], 72, "{diagnostic}");
}

/// A U+FEFF left in front of the document once its byte order mark is
/// removed (a second BOM): quick-xml skipped it as a BOM and counted its
/// offsets from after it, so the XML layer sliced inside a character and
/// panicked (fixed in src/xml/mod.rs). It is content before the root, as
/// the parser before the compiled pass said. The fuzzer's input was the
/// six bytes `FE FF FE FF 00 FF` (UTF-16BE: BOM, U+FEFF, `ÿ`): no tag at
/// all, so it is now said to be text that is not XML (CL0017).
#[test]
fn a_second_byte_order_mark_is_content_before_the_root_not_a_crash() {
    let fuzzed = run_with_stdin(
        &["verify", "--format", "json", "-"],
        Some(&b"\xFE\xFF\xFE\xFF\x00\xFF"[..]),
    );
    assert_eq!(fuzzed.code, 1, "{}", fuzzed.stderr);
    assert_eq!(
        findings(&fuzzed.json()),
        ["CL0017"],
        "text, not XML, and no CL0099"
    );
    let mut twice = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    twice.extend_from_slice(&valid("candidatura"));
    // A Candidatura with two UTF-8 BOMs.
    let run = run_with_stdin(&["verify", "--format", "json", "-"], Some(&twice[..]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    // CL0030: not well-formed XML, and nothing else (no CL0099).
    assert_eq!(findings(&report), ["CL0030"]);
    let diagnostic = &report["files"][0]["diagnostics"][0];
    assert_eq!(
        (&diagnostic["line"], &diagnostic["column"]),
        (&1.into(), &1.into()),
        "{diagnostic}"
    );
}
