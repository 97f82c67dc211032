//! What a terminal user sees around the reports (issue 12, part B): help
//! and argument errors in Italian by default and in English on request,
//! operating-system errors in words, `clic explain`, `--color`, `--out`
//! and paths that cannot be read.

mod support;

use std::collections::BTreeSet;

use support::{clic, fixtures, run, temp_dir};

/// Every command whose `--help` a user may ask for.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["verify"],
    &["import"],
    &["explain"],
    &["tabelle"],
    &["codegen"],
    &["codegen", "new"],
    &["codegen", "decode"],
    &["codegen", "intermediario"],
    &["close"],
    &["fix"],
];

/// Words that are English and never Italian: one of them in Italian mode
/// means a text was left untranslated. Command names (`explain`, `decode`)
/// are what users type, not words, so they are not here.
const ENGLISH: &[&str] = &[
    "usage",
    "options",
    "arguments",
    "commands",
    "print",
    "default",
    "possible",
    "the",
    "and",
    "of",
    "with",
    "or",
    "to",
    "for",
    "from",
    "error",
    "invalid",
    "unexpected",
    "required",
    "missing",
    "expected",
    "found",
    "such",
    "directory",
    "information",
    "try",
    "value",
    "write",
    "check",
    "list",
    "generate",
    "load",
    "use",
    "region",
    "province",
    "year",
    "counter",
    "cannot",
    "not",
    "permission",
    "denied",
    "unknown",
];

/// Words that are Italian and never English (Italian names of the
/// standard, such as "Elaborato con successo", are left out).
const ITALIAN: &[&str] = &[
    "utilizzo",
    "opzioni",
    "argomenti",
    "comandi",
    "mostra",
    "predefinito",
    "valori",
    "errore",
    "della",
    "delle",
    "non",
    "che",
    "una",
    "inesistente",
    "impossibile",
    "valore",
    "manca",
    "mancano",
    "sconosciuto",
    "argomento",
    "questo",
];

/// The words of `text` from `list`, leaving out option names (`--list`),
/// environment variables (`NO_COLOR`) and literal values (`` `-` ``).
fn words_from(text: &str, list: &[&str]) -> BTreeSet<String> {
    text.split_whitespace()
        .filter(|token| !token.starts_with('-') && !token.contains('_') && !token.contains('`'))
        .flat_map(|token| token.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .filter(|word| list.contains(&word.as_str()))
        .collect()
}

fn with_lang(lang: &str, args: &[&str]) -> support::Run {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn every_help_is_italian_by_default_and_english_with_lang_en() {
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("--help");
        let it = run(&args);
        assert_eq!(it.code, 0, "{args:?}: {}", it.stderr);
        assert!(it.stdout.contains("Utilizzo: clic"), "{args:?}:\n{}", it.stdout);
        assert!(it.stdout.contains("Opzioni:"), "{args:?}:\n{}", it.stdout);
        assert!(it.stdout.contains("Mostra questo aiuto"), "{args:?}");
        let english = words_from(&it.stdout, ENGLISH);
        assert!(
            english.is_empty(),
            "{args:?} has English words {english:?}:\n{}",
            it.stdout
        );

        let en = with_lang("en", &args);
        assert_eq!(en.code, 0);
        assert!(en.stdout.contains("Usage: clic"), "{args:?}:\n{}", en.stdout);
        assert!(en.stdout.contains("Print help"), "{args:?}");
        let italian = words_from(&en.stdout, ITALIAN);
        assert!(
            italian.is_empty(),
            "{args:?} has Italian words {italian:?}:\n{}",
            en.stdout
        );
    }
}

#[test]
fn the_command_list_and_headings_are_in_one_language() {
    let it = run(&["--help"]);
    for heading in [
        "Comandi:",
        "Opzioni:",
        "[OPZIONI] <COMANDO>",
        "Mostra la versione",
    ] {
        assert!(it.stdout.contains(heading), "{heading}:\n{}", it.stdout);
    }
    assert!(
        it.stdout.lines().any(|l| l.trim_start().starts_with("verify ")
            && l.ends_with("VERIFICA: controlla archivi, cartelle o file e dà l'esito OK/KO di ogni file")),
        "{}",
        it.stdout
    );
    let verify = run(&["verify", "--help"]);
    assert!(
        verify.stdout.contains("Argomenti:\n  <PERCORSO>..."),
        "{}",
        verify.stdout
    );
    assert!(
        verify.stdout.contains("[valori: text, json, junit, "),
        "{}",
        verify.stdout
    );
    assert!(verify.stdout.contains("[predefinito: text]"), "{}", verify.stdout);
}

#[test]
fn clic_lang_in_the_environment_chooses_english_and_the_flag_wins() {
    let mut command = clic();
    let by_env = command.env("CLIC_LANG", "en").arg("--help").output().unwrap();
    let by_env = String::from_utf8_lossy(&by_env.stdout);
    assert!(
        by_env.contains("Usage: clic") && by_env.contains("Commands:"),
        "{by_env}"
    );

    let mut command = clic();
    let flag_wins = command
        .env("CLIC_LANG", "en")
        .args(["--lang", "it", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&flag_wins.stdout).contains("Utilizzo: clic"));
}

#[test]
fn the_help_command_shows_the_commands_help() {
    assert_eq!(run(&["help", "verify"]).stdout, run(&["verify", "--help"]).stdout);
    assert_eq!(run(&["help"]).stdout, run(&["--help"]).stdout);
    assert_eq!(
        run(&["codegen", "help", "new"]).stdout,
        run(&["codegen", "new", "--help"]).stdout
    );
}

/// Invocations that cannot run, each for a different reason.
fn failing_invocations(scratch: &std::path::Path) -> Vec<Vec<String>> {
    let example = fixtures().join("esempio.zip").display().to_string();
    let missing = scratch.join("manca.zip").display().to_string();
    // A path through a file: the system refuses it whoever the user is.
    let through_a_file = format!("{example}/dentro.xml");
    let bad_out = scratch.join("non/esiste/resoconto.txt").display().to_string();
    let no_schemas = scratch.join("nessuno-schema").display().to_string();
    let lists: &[&[&str]] = &[
        &["verify", "--bogus", "x.zip"],
        &["verify", "--formt", "json", "x.zip"],
        &["verify", "--format"],
        &["verify", "--format", "xml", "x.zip"],
        &["verify", "--jobs", "0", "x.zip"],
        &["verify", "--max-entry-bytes", "10XB", "x.zip"],
        &["verify"],
        &["frob"],
        &["verify", &missing],
        &["verify", &through_a_file],
        &["verify", "--out", &bad_out, &example],
        &["verify", "--schema-dir", &no_schemas, &example],
        &["import", "--stato", "--dal", "2020-13-01"],
        &["import", "--dal", "2020-01-01"],
        &["codegen", "new", "--regione", "12"],
        &["codegen"],
        &["explain", "CL9999"],
        &["explain"],
        &["tabelle", "--tabelle", &no_schemas, "roma"],
        &["--lang", "xx", "verify", "x.zip"],
    ];
    lists
        .iter()
        .map(|args| args.iter().map(|a| a.to_string()).collect())
        .collect()
}

/// `said` without the scratch folder and the fixtures folder, which are
/// paths on this machine, not words of ours.
fn without_user_paths(said: &str, scratch: &std::path::Path) -> String {
    said.replace(&scratch.display().to_string(), "")
        .replace(&fixtures().display().to_string(), "")
}

#[test]
fn every_error_is_italian_by_default_and_english_with_lang_en() {
    let scratch = temp_dir("terminal-errors");
    for args in failing_invocations(&scratch) {
        let it = run(&args);
        assert_eq!(it.code, 2, "{args:?}: {}", it.stderr);
        assert!(!it.stderr.trim().is_empty(), "{args:?} says nothing");
        // File names are the user's, not our words: wherever the checkout
        // lives (a CI clone may sit under /check/...), its path is not judged.
        let said = without_user_paths(&it.stderr, &scratch);
        let english = words_from(&said, ENGLISH);
        assert!(
            english.is_empty(),
            "{args:?} has English words {english:?}:\n{}",
            it.stderr
        );
        assert!(!it.stderr.contains("os error"), "{args:?}: {}", it.stderr);

        if args.first().map(String::as_str) == Some("--lang") {
            continue;
        }
        let mut en_args = vec!["--lang".to_string(), "en".to_string()];
        en_args.extend(args.iter().cloned());
        let en = run(&en_args);
        assert_eq!(en.code, 2, "{en_args:?}: {}", en.stderr);
        let italian = words_from(&without_user_paths(&en.stderr, &scratch), ITALIAN);
        assert!(
            italian.is_empty(),
            "{en_args:?} has Italian words {italian:?}:\n{}",
            en.stderr
        );
    }
}

#[test]
fn argument_errors_name_the_argument_and_what_it_takes() {
    let bad = run(&["verify", "--format", "xml", "x.zip"]);
    assert!(
        bad.stderr.starts_with(
            "errore: valore «xml» non valido per «--format <FORMATO>»: ammessi text, json, junit, "
        ),
        "{}",
        bad.stderr
    );
    let unknown = run(&["verify", "--formt", "json", "x.zip"]);
    assert!(
        unknown
            .stderr
            .contains("argomento inatteso «--formt» (forse «--format»?)"),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown
            .stderr
            .contains("Utilizzo: clic verify [OPZIONI] <PERCORSO>...")
    );
    let range = run(&["verify", "--jobs", "0", "x.zip"]);
    assert!(
        range.stderr.contains("serve un numero intero da 1 a 1024"),
        "{}",
        range.stderr
    );
    let en = run(&["--lang", "en", "verify", "--jobs", "0", "x.zip"]);
    assert!(
        en.stderr.contains("expected a whole number from 1 to 1024"),
        "{}",
        en.stderr
    );
    let missing = run(&["verify", "--format"]);
    assert!(
        missing.stderr.contains("manca il valore di «--format <FORMATO>»"),
        "{}",
        missing.stderr
    );
}

#[test]
fn operating_system_errors_are_said_in_words() {
    let scratch = temp_dir("terminal-os");
    let missing = scratch.join("manca.zip");
    let it = run(&[std::ffi::OsStr::new("verify"), missing.as_os_str()]);
    assert_eq!(it.code, 2);
    assert!(it.stderr.contains("file o cartella inesistente"), "{}", it.stderr);
    let en = run(&[
        std::ffi::OsStr::new("--lang"),
        "en".as_ref(),
        "verify".as_ref(),
        missing.as_os_str(),
    ]);
    assert!(en.stderr.contains("no such file or folder"), "{}", en.stderr);
}

#[test]
fn an_unreadable_path_does_not_stop_the_others_and_the_run_exits_2() {
    let scratch = temp_dir("terminal-paths");
    let example = fixtures().join("esempio.zip");
    let missing = scratch.join("manca.zip");
    let result = run(&[
        "verify".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        missing.as_os_str(),
        example.as_os_str(),
    ]);
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(result.stderr.contains("manca.zip"), "{}", result.stderr);
    let report = result.json();
    assert_eq!(
        report["summary"]["files"], 8,
        "the example is still checked: {report}"
    );
}

#[test]
fn with_out_the_summary_still_reaches_standard_error() {
    let scratch = temp_dir("terminal-out");
    let out = scratch.join("resoconto.txt");
    let example = fixtures().join("esempio.zip");
    let result = run(&[
        "verify".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        example.as_os_str(),
    ]);
    assert_eq!(result.code, 1);
    assert!(result.stdout.is_empty(), "{}", result.stdout);
    assert_eq!(result.stderr, "Totale: 8 file, 4 OK, 4 KO, 1 avviso\n");
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(
        report.ends_with("Totale: 8 file, 4 OK, 4 KO, 1 avviso\n"),
        "{report}"
    );
}

fn coloured(args: &[&str], env: &[(&str, &str)]) -> bool {
    let mut command = clic();
    command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (name, value) in env {
        command.env(name, value);
    }
    let example = fixtures().join("esempio.zip");
    let output = command.args(args).arg("verify").arg(example).output().unwrap();
    String::from_utf8_lossy(&output.stdout).contains("\x1b[")
}

#[test]
fn color_follows_the_flag_then_no_color_then_clicolor_force() {
    // Standard output is a pipe here: auto means no colour.
    assert!(!coloured(&[], &[]));
    assert!(coloured(&["--color", "always"], &[]));
    assert!(coloured(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[], &[("CLICOLOR_FORCE", "0")]));
    assert!(!coloured(&[], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]));
}

#[test]
fn the_italian_explanation_is_wrapped_like_the_english_one() {
    let list = run(&["explain", "--list", "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    for rule in rules.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        for lang in ["it", "en"] {
            let explained = with_lang(lang, &["explain", code]);
            // The summary (line 2) is one line; the explanation is wrapped.
            for line in explained.stdout.lines().skip(2) {
                assert!(
                    line.chars().count() <= 80,
                    "{code} ({lang}) has a line of {} characters: {line}",
                    line.chars().count()
                );
            }
        }
    }
}

#[test]
fn explain_a_word_lists_the_rules_that_mention_it() {
    let result = run(&["explain", "email"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(
        result.stdout.starts_with("Regole che parlano di «email»"),
        "{}",
        result.stdout
    );
    assert!(result.stdout.contains("CL0101"), "{}", result.stdout);
    // A word no rule is about is a KO answer, not an unknown code.
    let none = run(&["explain", "zzzzzz"]);
    assert_eq!(none.code, 1);
    assert!(
        none.stdout.contains("nessuna regola parla di «zzzzzz»"),
        "{}",
        none.stdout
    );
}

#[test]
fn explain_list_in_json_has_every_code_of_the_text_list() {
    let text = run(&["explain", "--list"]);
    let json = run(&["--lang", "en", "explain", "--list", "--format", "json"]);
    assert_eq!(json.code, 0);
    let rules: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let codes: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), text.stdout.lines().count());
    assert_eq!(rules[0]["code"], "CL0001");
    assert_eq!(rules[0]["severity"], "error");
    assert!(!rules[0]["summary"].as_str().unwrap().is_empty());
}

#[test]
fn the_readme_says_the_example_exits_1_on_purpose() {
    let readme = std::fs::read_to_string(support::root().join("README.md")).unwrap();
    let try_it = readme
        .split("## Provalo")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    assert!(try_it.contains("esce con codice 1"), "{try_it}");
    let example = fixtures().join("esempio.zip");
    assert_eq!(
        run(&[std::ffi::OsStr::new("verify"), example.as_os_str()]).code,
        1
    );
}

#[test]
fn the_progress_bar_writes_italian_numbers_and_whole_rates() {
    // The bar appears only when standard error is a terminal: `script`
    // gives the run one.
    if !support::tool_or_skip("script") {
        return;
    }
    let folder = temp_dir("terminal-progress");
    for n in 0..1001 {
        support::write(&folder.join(format!("vuoto-{n:04}.xml")), b"");
    }
    let command = format!(
        "{} verify {} > /dev/null",
        env!("CARGO_BIN_EXE_clic"),
        folder.display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("CLIC_LANG")
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(screen.contains("/1.001 file"), "{screen}");
    assert!(screen.contains(" file/s"), "{screen}");
    // No "1234.5678/s": rates are whole numbers grouped by thousands (12.345).
    let pieces: Vec<&str> = screen.split(" file/s").collect();
    let rates: Vec<&str> = pieces[..pieces.len() - 1]
        .iter()
        .filter_map(|before| before.rsplit(' ').next())
        .collect();
    assert!(!rates.is_empty());
    for rate in rates {
        let groups: Vec<&str> = rate.split('.').collect();
        let grouped = (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && rate.chars().all(|c| c.is_ascii_digit() || c == '.');
        assert!(grouped, "rate {rate:?} in {screen}");
    }
}
