//! Hostile inputs: every limit, archives cut at many points, random and
//! invalid bytes. Each must give a clear diagnostic, never a panic, a hang
//! or an internal error.

mod support;

use support::{codes, run, run_with_stdin, temp_dir, valid, verify_json, write, zip_bytes};

/// A run that ended on its own terms: OK or KO, no panic, no internal error.
fn assert_handled(result: &support::Run, what: &str) {
    assert!(
        result.code == 0 || result.code == 1,
        "{what}: exit {}\n{}",
        result.code,
        result.stderr
    );
    assert!(!result.stderr.contains("panicked"), "{what}: {}", result.stderr);
    assert!(
        !result.stdout.contains("CL0099"),
        "{what}: internal error\n{}",
        result.stdout
    );
}

fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn archives_cut_at_many_points_are_reported_not_crashed() {
    let dir = temp_dir("truncated");
    let full = zip_bytes(&[
        ("cv.xml", &valid("candidatura")),
        ("vacancy.xml", &valid("vacancy")),
        ("messaggio.xml", &valid("messaggio")),
    ]);
    let mut paths = Vec::new();
    for cut in (0..full.len())
        .step_by(97)
        .chain([full.len() - 1, full.len() - 22, 1, 4, 30])
    {
        let path = dir.join(format!("taglio-{cut:05}.zip"));
        write(&path, &full[..cut]);
        paths.push(path);
    }
    let mut args = vec!["verify".to_string(), "--format".into(), "json".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    let result = run(&args);
    assert_handled(&result, "truncated archives");
    let report = result.json();
    for input in report["inputs"].as_array().unwrap() {
        assert_eq!(input["verdict"], "KO", "a truncated archive must be KO: {input}");
    }
    assert!(codes(&report).contains(&"CL0012".to_string()));
}

#[test]
fn archives_with_damaged_bytes_are_reported_not_crashed() {
    let dir = temp_dir("damaged");
    let full = zip_bytes(&[
        ("cv.xml", &valid("candidatura")),
        ("vacancy.xml", &valid("vacancy")),
    ]);
    let mut seed = 11;
    let mut paths = Vec::new();
    for i in 0..60 {
        let mut bytes = full.clone();
        for _ in 0..1 + i % 4 {
            let at = (lcg(&mut seed) as usize) % bytes.len();
            bytes[at] ^= 1 << (lcg(&mut seed) % 8);
        }
        let path = dir.join(format!("danneggiato-{i:02}.zip"));
        write(&path, &bytes);
        paths.push(path.display().to_string());
    }
    let mut args = vec!["verify".to_string()];
    args.extend(paths);
    assert_handled(&run(&args), "damaged archives");
}

#[test]
fn random_bytes_as_xml_are_reported_not_crashed() {
    let dir = temp_dir("random");
    let mut seed = 5;
    for i in 0..80 {
        let len = (lcg(&mut seed) % 600) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| lcg(&mut seed) as u8).collect();
        if i % 3 == 0 {
            // Start like XML so the parser goes further in.
            let mut prefixed =
                b"<?xml version=\"1.0\"?><Candidatura xmlns=\"http://servizi.lavoro.gov.it/candidatura\">"
                    .to_vec();
            prefixed.append(&mut bytes);
            bytes = prefixed;
        }
        if i % 5 == 0 {
            bytes.splice(0..0, [0xFF, 0xFE]);
        }
        write(&dir.join(format!("casuale-{i:02}.xml")), &bytes);
    }
    let result = run(&["verify", "--format", "json", dir.to_str().unwrap()]);
    assert_handled(&result, "random bytes");
    assert_eq!(result.json()["summary"]["files"], 80);
}

#[test]
fn document_cut_at_every_point_is_reported_not_crashed() {
    let document = valid("messaggio");
    let dir = temp_dir("cut-document");
    for cut in (0..document.len()).step_by(13) {
        write(&dir.join(format!("taglio-{cut:05}.xml")), &document[..cut]);
    }
    let result = run(&["verify", "--format", "json", dir.to_str().unwrap()]);
    assert_handled(&result, "cut documents");
    for file in result.json()["files"].as_array().unwrap() {
        assert_eq!(file["verdict"], "KO", "{file}");
    }
}

#[test]
fn invalid_bytes_name_their_position() {
    let mut document = valid("candidatura");
    let at = document.windows(7).position(|w| w == b"Bianchi").unwrap() + 6;
    document[at] = 0xE8;
    let result = run_with_stdin(&["verify", "--format", "json", "-"], Some(&document));
    assert_eq!(result.code, 1);
    let diagnostic = result.json()["files"][0]["diagnostics"][0].clone();
    assert_eq!(diagnostic["code"], "CL0020");
    assert_eq!(diagnostic["line"], 6);
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .contains(&format!("al byte {at}")),
        "{diagnostic}"
    );
}

#[test]
fn a_zip_bomb_is_not_expanded() {
    let dir = temp_dir("bomb");
    let zeros = vec![b' '; 64 * 1024 * 1024];
    let bomb = zip_bytes(&[("bomba.xml", &zeros)]);
    assert!(bomb.len() < 1024 * 1024);
    write(&dir.join("bomba.zip"), &bomb);
    let (exit, report) = verify_json(&[dir.join("bomba.zip")]);
    assert_eq!(exit, 1);
    assert_eq!(codes(&report), ["CL0004"]);
}

#[test]
fn every_limit_has_a_flag_and_a_diagnostic() {
    let dir = temp_dir("limits");
    let cv = valid("candidatura");
    let three = zip_bytes(&[("a.xml", &cv), ("b.xml", &cv), ("c.xml", &cv)]);
    write(&dir.join("tre.zip"), &three);
    let archive = dir.join("tre.zip");
    let archive = archive.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["--max-entries", "2"], "CL0013"),
        (&["--max-total-bytes", "4KiB"], "CL0014"),
        (&["--max-entry-bytes", "1KiB"], "CL0003"),
        (&["--max-depth", "2"], "CL0032"),
    ];
    for (flags, code) in cases {
        let mut args: Vec<&str> = flags.to_vec();
        args.push(archive);
        let (exit, report) = verify_json(&args);
        assert_eq!(exit, 1, "{flags:?}");
        assert_eq!(codes(&report), [*code], "{flags:?}");
    }
}

#[test]
fn deep_nesting_hits_the_depth_limit_not_the_stack() {
    let depth = 200_000;
    let mut document = String::with_capacity(depth * 8);
    document.push_str("<Candidatura xmlns=\"http://servizi.lavoro.gov.it/candidatura\">");
    for _ in 0..depth {
        document.push_str("<a>");
    }
    let result = run_with_stdin(&["verify", "--format", "json", "-"], Some(document.as_bytes()));
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert_eq!(codes(&result.json()), ["CL0032"]);
    // The highest depth a user may ask for is still safe.
    let result = run_with_stdin(&["verify", "--max-depth", "1000", "-"], Some(document.as_bytes()));
    assert_handled(&result, "max depth 1000");
}

#[test]
fn many_tiny_entries_are_refused_before_reading_the_directory() {
    let dir = temp_dir("many");
    let names: Vec<String> = (0..3000).map(|i| format!("f{i}.xml")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    write(&dir.join("tante.zip"), &zip_bytes(&entries));
    let (exit, report) = verify_json(&["--max-entries", "1000", dir.join("tante.zip").to_str().unwrap()]);
    assert_eq!(exit, 1);
    assert_eq!(codes(&report), ["CL0013"]);
    assert_eq!(report["summary"]["files"], 0);
}

#[test]
fn entity_expansion_is_never_attempted() {
    let bomb = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Candidatura xmlns="http://servizi.lavoro.gov.it/candidatura">&lol3;</Candidatura>"#;
    let external = br#"<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]><Candidatura>&ext;</Candidatura>"#;
    for document in [&bomb[..], &external[..]] {
        let result = run_with_stdin(&["verify", "--format", "json", "-"], Some(document));
        assert_eq!(result.code, 1);
        assert_eq!(codes(&result.json()), ["CL0031"]);
        assert!(!result.stdout.contains("root:"));
    }
}
