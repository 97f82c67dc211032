//! `clic codegen`: decoding codes as seed 000 §6 explains them, generating
//! them from a persistent counter that never hands out a code twice, and
//! codici intermediario (seed 000 §7).

mod support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{clic, run, temp_dir};

const MODES: [(&str, u8); 4] = [
    ("web-nazionale", 0),
    ("massivo-nazionale", 1),
    ("web-regionale", 2),
    ("massivo-regionale", 3),
];
const MODULES: [(&str, u8); 3] = [("vacancy", 1), ("candidatura", 2), ("messaggio", 3)];
const TYPES: [(&str, u8); 4] = [("invio", 1), ("chiusura", 2), ("contatto", 3), ("risposta", 4)];

fn decode_json(codes: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["codegen", "decode", "--format", "json"];
    args.extend_from_slice(codes);
    let result = run(&args);
    assert!(result.code < 2, "{}", result.stderr);
    (result.code, result.json().as_array().unwrap().clone())
}

/// `clic codegen new` with a counter file; returns the run.
fn new_codes(counter: &Path, args: &[&str]) -> support::Run {
    let mut all = vec!["codegen".to_string(), "new".into()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.push("--contatore".into());
    all.push(counter.display().to_string());
    run(&all)
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[test]
fn the_seed_examples_decode_as_the_seed_explains_them() {
    let (exit, items) = decode_json(&["0805811211000000000000001", "0000011033000000000000001"]);
    assert_eq!(exit, 0);

    // "Vacancy inviata dalla provincia di Roma tramite il sistema web della Regione Lazio"
    let vacancy = &items[0];
    assert_eq!(vacancy["code"], "0805811211000000000000001");
    assert_eq!(vacancy["valid"], true);
    assert_eq!(vacancy["regione"], "08");
    assert_eq!(vacancy["provincia"], "058");
    assert_eq!(vacancy["anno"], "11");
    assert_eq!(vacancy["modalita"], "web-regionale");
    assert_eq!(vacancy["modulo"], "vacancy");
    assert_eq!(vacancy["tipo"], "invio");
    assert_eq!(vacancy["progressivo"], 1);
    assert_eq!(vacancy["descriptions"]["anno"], 2011);
    assert_eq!(vacancy["descriptions"]["modalita"], "web da un sistema regionale");
    assert_eq!(vacancy["descriptions"]["tipo"], "invio");
    // The seed calls 08 Lazio; ISTAT says 08 is Emilia-Romagna and 058 Roma
    // is in Lazio (12): the tables' names, and a warning (dominio.md §3).
    assert_eq!(vacancy["descriptions"]["regione"], "Emilia-Romagna");
    assert!(
        vacancy["descriptions"]["provincia"]
            .as_str()
            .unwrap()
            .starts_with("Roma")
    );
    let warnings = vacancy["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{vacancy}");
    assert!(warnings[0].as_str().unwrap().contains("Lazio"), "{vacancy}");

    // "Messaggio di contatto inviato dal portale nazionale Cliclavoro"
    let message = &items[1];
    assert_eq!(message["valid"], true);
    assert_eq!(message["regione"], "00");
    assert_eq!(message["provincia"], "000");
    assert_eq!(message["modalita"], "web-nazionale");
    assert_eq!(message["modulo"], "messaggio");
    assert_eq!(message["tipo"], "contatto");
    assert_eq!(message["progressivo"], 1);
    assert_eq!(message["descriptions"]["regione"], "portale nazionale Cliclavoro");
    assert_eq!(message["descriptions"]["tipo"], "messaggio di contatto");
    assert_eq!(message["warnings"].as_array().unwrap().len(), 0);

    let text = run(&["codegen", "decode", "0805811211000000000000001"]);
    assert_eq!(text.code, 0);
    for expected in [
        "0805811211000000000000001  valido",
        "regione      08               Emilia-Romagna",
        "anno         11               2011",
        "modalita     2                web da un sistema regionale",
        "progressivo  000000000000001  1",
        "avviso:",
    ] {
        assert!(
            text.stdout.contains(expected),
            "{expected:?} not in\n{}",
            text.stdout
        );
    }
    let english = run(&["--lang", "en", "codegen", "decode", "0000011033000000000000001"]);
    assert!(
        english.stdout.contains("web, national system"),
        "{}",
        english.stdout
    );
}

#[test]
fn twenty_five_zeros_are_assigned_by_the_system_on_receipt() {
    let zeros = "0000000000000000000000000";
    let text = run(&["codegen", "decode", zeros]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("assegnato dal sistema alla ricezione (invio massivo)"),
        "{}",
        text.stdout
    );
    let (exit, items) = decode_json(&[zeros]);
    assert_eq!(exit, 0);
    assert_eq!(items[0]["valid"], true);
    assert_eq!(items[0]["assigned_on_receipt"], true);
    assert_eq!(items[0]["regione"], Value::Null);
}

#[test]
fn invalid_codes_say_why_and_exit_1() {
    let (exit, items) = decode_json(&[
        "0805811211000000000000001",
        "123",
        "0805811411000000000000001",
        "080581121100000000000000A",
    ]);
    assert_eq!(exit, 1);
    assert_eq!(items[0]["valid"], true);
    for item in &items[1..] {
        assert_eq!(item["valid"], false, "{item}");
        assert_eq!(item["errors"].as_array().unwrap().len(), 1, "{item}");
        assert_eq!(item["regione"], Value::Null);
    }
    assert!(items[2]["errors"][0].as_str().unwrap().contains("carattere 8"));
    let text = run(&["codegen", "decode", "123"]);
    assert_eq!(text.code, 1);
    assert!(text.stdout.contains("NON VALIDO"), "{}", text.stdout);
}

#[test]
fn new_then_decode_round_trips_every_mode_module_and_type() {
    let dir = temp_dir("codegen-round-trip");
    let counter = dir.join("contatore");
    let mut generated = Vec::new();
    for (mode, mode_digit) in MODES {
        for (module, module_digit) in MODULES {
            for (tipo, tipo_digit) in TYPES {
                let args = [
                    "--regione",
                    "12",
                    "--provincia",
                    "058",
                    "--anno",
                    "24",
                    "--modalita",
                    mode,
                    "--modulo",
                    module,
                    "--tipo",
                    tipo,
                    "-n",
                    "2",
                ];
                let before = std::fs::read(&counter).ok();
                let result = new_codes(&counter, &args);
                let compatible = matches!(
                    (module, tipo),
                    ("vacancy" | "candidatura", "invio" | "chiusura")
                        | ("messaggio", "contatto" | "risposta")
                );
                if !compatible {
                    assert_eq!(result.code, 2, "{mode} {module} {tipo}: {}", result.stdout);
                    assert!(result.stdout.is_empty());
                    assert!(
                        result
                            .stderr
                            .contains(&format!("il modulo {module} non ha il tipo {tipo}")),
                        "{}",
                        result.stderr
                    );
                    assert_eq!(std::fs::read(&counter).ok(), before, "the counter changed");
                    continue;
                }
                assert_eq!(result.code, 0, "{mode} {module} {tipo}: {}", result.stderr);
                let codes = lines(&result.stdout);
                let prefix = format!("1205824{mode_digit}{module_digit}{tipo_digit}");
                assert_eq!(
                    codes,
                    [
                        format!("{prefix}000000000000001"),
                        format!("{prefix}000000000000002")
                    ]
                );
                generated.push((codes, mode, module, tipo));
            }
        }
    }
    assert_eq!(generated.len(), 4 * 6);
    let all: Vec<String> = generated.iter().flat_map(|g| g.0.clone()).collect();
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let (exit, items) = decode_json(&refs);
    assert_eq!(exit, 0);
    for (item, (code, (_, mode, module, tipo))) in items
        .iter()
        .zip(generated.iter().flat_map(|g| g.0.iter().map(move |c| (c, g))))
    {
        assert_eq!(item["code"], code.as_str());
        assert_eq!(item["valid"], true);
        assert_eq!(item["regione"], "12");
        assert_eq!(item["provincia"], "058");
        assert_eq!(item["anno"], "24");
        assert_eq!(item["modalita"], *mode);
        assert_eq!(item["modulo"], *module);
        assert_eq!(item["tipo"], *tipo);
        assert_eq!(item["descriptions"]["regione"], "Lazio");
        assert_eq!(item["descriptions"]["provincia"], "Roma");
        assert_eq!(item["warnings"].as_array().unwrap().len(), 0);
        let expected = if code.ends_with('1') { 1 } else { 2 };
        assert_eq!(item["progressivo"], expected);
    }
}

#[test]
fn the_year_defaults_to_this_one_and_the_counter_to_the_data_directory() {
    let dir = temp_dir("codegen-data-dir");
    let output = clic()
        .env("CLIC_DATA_DIR", &dir)
        .args([
            "codegen",
            "new",
            "--regione",
            "00",
            "--provincia",
            "000",
            "--modalita",
            "web-nazionale",
            "--modulo",
            "messaggio",
            "--tipo",
            "contatto",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let year = clic::calendar::Date::today().year % 100;
    let code = String::from_utf8(output.stdout).unwrap();
    assert_eq!(code, format!("00000{year:02}033000000000000001\n"));
    let counter = std::fs::read_to_string(dir.join("contatore")).unwrap();
    assert!(counter.starts_with("# clic contatore 1"), "{counter}");
    assert!(
        counter.contains(&format!("00000{year:02}033 000000000000002\n")),
        "{counter}"
    );
    assert!(counter.ends_with("# fine\n"));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn places_are_checked_in_shape_and_warned_about_in_the_tables() {
    let dir = temp_dir("codegen-places");
    let counter = dir.join("contatore");
    let with = |regione: &str, provincia: &str| {
        new_codes(
            &counter,
            &[
                "--regione",
                regione,
                "--provincia",
                provincia,
                "--modalita",
                "massivo-regionale",
                "--modulo",
                "candidatura",
                "--tipo",
                "invio",
            ],
        )
    };
    for (regione, provincia) in [("00", "000"), ("12", "000"), ("12", "058"), ("03", "015")] {
        let result = with(regione, provincia);
        assert_eq!(result.code, 0, "{}", result.stderr);
        assert!(
            result.stderr.is_empty(),
            "{regione}{provincia}: {}",
            result.stderr
        );
    }
    // The seed's own pair, an unknown region, an unknown province: warnings.
    for (regione, provincia) in [("08", "058"), ("99", "000"), ("12", "999")] {
        let result = with(regione, provincia);
        assert_eq!(result.code, 0, "{}", result.stderr);
        assert!(
            result.stderr.contains("avviso"),
            "{regione}{provincia}: {}",
            result.stderr
        );
        assert_eq!(result.stdout.trim().len(), 25);
    }
    for (regione, provincia) in [
        ("1", "058"),
        ("123", "058"),
        ("12", "58"),
        ("1a", "058"),
        ("12", "05x"),
    ] {
        let result = with(regione, provincia);
        assert_eq!(result.code, 2, "{regione} {provincia}");
        assert!(result.stdout.is_empty());
    }
    let bad_year = new_codes(&counter, &[&VACANCY_ARGS[..], &["--anno", "2026"]].concat());
    assert_eq!(bad_year.code, 2);
}

const VACANCY_ARGS: [&str; 10] = [
    "--regione",
    "12",
    "--provincia",
    "058",
    "--modalita",
    "web-regionale",
    "--modulo",
    "vacancy",
    "--tipo",
    "invio",
];

/// Runs `codegen new` with `extra` args in a spawned process (not waited for).
fn spawn_new(counter: &Path, extra: &[&str]) -> std::process::Child {
    clic()
        .args(["codegen", "new"])
        .args(VACANCY_ARGS)
        .args(["--anno", "26", "--contatore"])
        .arg(counter)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_processes_sharing_a_counter_never_hand_out_the_same_code() {
    let dir = temp_dir("codegen-concurrent");
    let counter = dir.join("contatore");
    // Two workers, each running clic 25 times for 20 codes: 1,000 codes
    // from 50 processes interleaving on one counter file.
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                for _ in 0..25 {
                    let output = spawn_new(&counter, &["-n", "20"]).wait_with_output().unwrap();
                    assert_eq!(
                        output.status.code(),
                        Some(0),
                        "{}",
                        String::from_utf8_lossy(&output.stderr)
                    );
                    codes.extend(lines(&String::from_utf8(output.stdout).unwrap()));
                }
                codes
            })
        })
        .collect();
    let codes: Vec<String> = workers.into_iter().flat_map(|w| w.join().unwrap()).collect();
    assert_eq!(codes.len(), 1000);
    let distinct: HashSet<&String> = codes.iter().collect();
    assert_eq!(distinct.len(), 1000, "a code was handed out twice");
    let counters: HashSet<u64> = codes.iter().map(|c| c[10..].parse().unwrap()).collect();
    assert_eq!(
        counters,
        (1..=1000).collect(),
        "codes were skipped without a crash"
    );
    let state = std::fs::read_to_string(&counter).unwrap();
    assert!(state.contains("1205826211 000000000001001\n"), "{state}");
}

fn counter_with(dir: &Path, lines: &[&str]) -> PathBuf {
    let path = dir.join("contatore");
    let mut text = "# clic contatore 1: test\n".to_string();
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("# fine\n");
    std::fs::write(&path, text).unwrap();
    path
}

fn one_code(counter: &Path) -> support::Run {
    let mut args: Vec<String> = vec!["codegen".into(), "new".into()];
    args.extend(VACANCY_ARGS.iter().map(|a| a.to_string()));
    args.extend(["--anno".into(), "26".into(), "--contatore".into()]);
    args.push(counter.display().to_string());
    run(&args)
}

#[test]
fn a_stale_temporary_file_from_a_crash_is_never_read() {
    let dir = temp_dir("codegen-stale-temp");
    let counter = counter_with(&dir, &["1205826211 000000000000010"]);
    // A run that died after writing its temporary file and before the
    // rename: whatever it holds, the counter file is the truth.
    let stale = dir.join(".contatore.999999.tmp");
    std::fs::write(&stale, "# clic contatore 1\n1205826211 000000000000001\n# fine\n").unwrap();
    let result = one_code(&counter);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(result.stdout, "1205826211000000000000010\n");
    assert!(
        !stale.exists(),
        "the stale temporary file is cleaned up under the lock"
    );
    assert_eq!(one_code(&counter).stdout, "1205826211000000000000011\n");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_lock_left_by_a_dead_process_does_not_block_and_a_live_one_is_waited_for() {
    let dir = temp_dir("codegen-lock");
    let counter = counter_with(&dir, &["1205826211 000000000000005"]);
    let lock = dir.join("contatore.lock");
    // A lock file left behind by a process that died (its content is junk):
    // the lock is the kernel's, released at death, not the file's existence.
    std::fs::write(&lock, "pid 12345, morto\n").unwrap();
    let started = Instant::now();
    assert_eq!(one_code(&counter).stdout, "1205826211000000000000005\n");
    assert!(started.elapsed() < Duration::from_secs(10));

    // A lock held by another open file (this test's; Rust opens files
    // close-on-exec, so clic does not inherit it): clic waits while it is
    // held and goes on once it is released, which the kernel also does when
    // a holder dies and its files are closed.
    let holder = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&lock)
        .unwrap();
    holder.lock().unwrap();
    let mut waiting = spawn_new(&counter, &[]);
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "clic must wait while another process holds the lock"
    );
    drop(holder);
    let output = waiting.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "1205826211000000000000006\n"
    );
}

#[test]
fn a_damaged_counter_file_is_reported_and_never_reset() {
    let dir = temp_dir("codegen-damaged");
    let good = counter_with(
        &dir,
        &["1205826211 000000000000042", "1205826212 000000000000007"],
    );
    let intact = std::fs::read(&good).unwrap();
    let cut_points = [
        0,                               // emptied
        10,                              // inside the header
        intact.len() / 2,                // inside an entry
        intact.len() - "# fine\n".len(), // at a line boundary, the end marker lost
        intact.len() - 3,                // inside the end marker
    ];
    for cut in cut_points {
        std::fs::write(&good, &intact[..cut]).unwrap();
        let result = one_code(&good);
        assert_eq!(result.code, 2, "cut at {cut} accepted: {}", result.stdout);
        assert!(result.stdout.is_empty());
        assert!(result.stderr.contains("danneggiato"), "{}", result.stderr);
        assert_eq!(
            std::fs::read(&good).unwrap(),
            &intact[..cut],
            "the damaged file was changed"
        );
    }
    for junk in [
        "appunti della segreteria\n# fine\n",
        "# clic contatore 1\n1205826211 42\n# fine\n",
        "# clic contatore 1\n1205826211 000000000000042\n1205826211 000000000000043\n# fine\n",
    ] {
        std::fs::write(&good, junk).unwrap();
        let result = one_code(&good);
        assert_eq!(result.code, 2, "{junk:?} accepted");
    }
    // Restored from a copy, it goes on where it was.
    std::fs::write(&good, &intact).unwrap();
    assert_eq!(one_code(&good).stdout, "1205826211000000000000042\n");
}

#[test]
fn running_out_of_the_counter_is_an_error_not_a_wrap() {
    let dir = temp_dir("codegen-exhausted");
    let counter = counter_with(&dir, &["1205826211 999999999999998"]);
    let two = {
        let mut args: Vec<String> = vec!["codegen".into(), "new".into()];
        args.extend(VACANCY_ARGS.iter().map(|a| a.to_string()));
        args.extend(["--anno", "26", "-n", "3", "--contatore"].map(String::from));
        args.push(counter.display().to_string());
        run(&args)
    };
    assert_eq!(two.code, 2);
    assert!(two.stderr.contains("esaurito"), "{}", two.stderr);
    assert_eq!(one_code(&counter).stdout, "1205826211999999999999998\n");
    assert_eq!(one_code(&counter).stdout, "1205826211999999999999999\n");
    let after = one_code(&counter);
    assert_eq!(after.code, 2);
    assert!(after.stdout.is_empty());
    assert!(
        std::fs::read_to_string(&counter)
            .unwrap()
            .contains("1205826211 1000000000000000\n")
    );
}

#[test]
fn intermediary_codes_are_checked_and_decoded() {
    let result = run(&["codegen", "intermediario", "F205U000042", "H501C000001"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result.stdout.contains("sede         F205    Milano"),
        "{}",
        result.stdout
    );
    assert!(result.stdout.contains("scuole e università"), "{}", result.stdout);
    assert!(result.stdout.contains("H501    Roma"), "{}", result.stdout);
    assert!(
        result.stdout.contains("Centro per l'Impiego"),
        "{}",
        result.stdout
    );

    let json = run(&[
        "--lang",
        "en",
        "codegen",
        "intermediario",
        "--format",
        "json",
        "F205U000042",
        "Q999A000001",
        "F205X000042",
    ]);
    assert_eq!(json.code, 1);
    let items = json.json();
    assert_eq!(items[0]["valid"], true);
    assert_eq!(items[0]["belfiore"], "F205");
    assert_eq!(items[0]["tipo"], "U");
    assert_eq!(items[0]["progressivo"], 42);
    assert_eq!(items[0]["descriptions"]["sede"], "Milano");
    assert_eq!(items[0]["descriptions"]["tipo"], "schools and universities");
    assert_eq!(items[1]["valid"], true);
    assert_eq!(items[1]["warnings"].as_array().unwrap().len(), 1, "{}", items[1]);
    assert_eq!(items[2]["valid"], false);
    assert!(items[2]["errors"][0].as_str().unwrap().contains("character 5"));
}
