//! Every accepted encoding is read, and accented letters survive it.

mod support;

use support::{fixtures, run_with_stdin, valid, verify_json};

#[test]
fn the_same_cv_in_every_accepted_encoding_is_ok() {
    let (exit, report) = verify_json(&[fixtures().join("codifiche")]);
    assert_eq!(exit, 0, "{report}");
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 9);
    let encodings: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f["name"].as_str().unwrap(), f["encoding"].as_str().unwrap()))
        .collect();
    assert!(encodings.contains(&("utf-16le-con-bom.xml", "UTF-16LE")));
    assert!(encodings.contains(&("utf-16be-con-bom.xml", "UTF-16BE")));
    assert!(encodings.contains(&("iso-8859-1.xml", "windows-1252")));
    assert!(encodings.contains(&("iso-8859-15.xml", "ISO-8859-15")));
}

/// A value that the schema refuses is quoted in the message, so what the
/// message shows is what the decoder read.
fn quoted_value(bytes: Vec<u8>) -> String {
    let result = run_with_stdin(&["verify", "--format", "json", "-"], Some(&bytes));
    assert_eq!(result.code, 1, "{}", result.stderr);
    let report = result.json();
    let diagnostic = &report["files"][0]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "CL0105", "{report}");
    let message = diagnostic["message"].as_str().unwrap();
    message
        .split('«')
        .nth(1)
        .unwrap()
        .split('»')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn accented_letters_survive_every_encoding() {
    let text = String::from_utf8(valid("candidatura"))
        .unwrap()
        .replace("<sesso>F</sesso>", "<sesso>Èò€</sesso>");
    let declare = |label: &str| text.replace("encoding=\"UTF-8\"", &format!("encoding=\"{label}\""));

    assert_eq!(quoted_value(text.clone().into_bytes()), "Èò€");

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(quoted_value(bom), "Èò€");

    for (little, bom) in [(true, [0xFF, 0xFE]), (false, [0xFE, 0xFF])] {
        let mut bytes = bom.to_vec();
        for unit in declare("UTF-16").encode_utf16() {
            bytes.extend_from_slice(&if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        assert_eq!(quoted_value(bytes), "Èò€");
    }

    for (encoding, label) in [
        (encoding_rs::WINDOWS_1252, "windows-1252"),
        (encoding_rs::ISO_8859_15, "ISO-8859-15"),
    ] {
        let declared = declare(label);
        let (bytes, _, lossy) = encoding.encode(&declared);
        assert!(!lossy);
        assert_eq!(quoted_value(bytes.into_owned()), "Èò€", "{label}");
    }

    let latin1_text = declare("ISO-8859-1").replace('€', "");
    let latin1: Vec<u8> = latin1_text.chars().map(|c| c as u32 as u8).collect();
    assert_eq!(quoted_value(latin1), "Èò");
}
