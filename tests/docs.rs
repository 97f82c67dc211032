//! The documentation cannot drift from the program: `docs/riferimento.md`
//! is rendered here from the command line (as `--help` shows it) and from
//! the rule registry, and must equal the committed file; every relative
//! link and anchor in README.md and docs/ must resolve; the README stays
//! short and its example is what the program prints.
//!
//! To regenerate the reference after a change of options or codes:
//!     UPDATE_DOCS=1 cargo test --test docs

mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use clic::i18n::Lang;

const REGENERATE: &str = "UPDATE_DOCS=1 cargo test --test docs";

// ---- the generated reference ----

/// Markdown-safe text: outside `code spans`, characters that Markdown or
/// HTML would read are escaped; `|` is escaped everywhere (table cells).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&part.replace('|', "\\|"));
            continue;
        }
        for c in part.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '*' | '_' | '|' | '[' | ']' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

/// How an argument is written on the command line: `-q`, `--quiet`,
/// `--format <FORMATO>`, `<PERCORSO>...`.
fn spelling(arg: &clap::Arg) -> String {
    let values: Vec<String> = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| format!("<{n}>")).collect())
        .unwrap_or_else(|| vec![format!("<{}>", arg.get_id().as_str().to_uppercase())]);
    let many = matches!(arg.get_action(), clap::ArgAction::Append)
        || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
    if arg.is_positional() {
        let mut text = values.join(" ");
        if many {
            text.push_str("...");
        }
        return format!("`{text}`");
    }
    let mut names = Vec::new();
    if let Some(short) = arg.get_short() {
        names.push(format!("-{short}"));
    }
    if let Some(long) = arg.get_long() {
        names.push(format!("--{long}"));
    }
    let mut text = names.join(", ");
    if arg.get_action().takes_values() {
        text.push(' ');
        text.push_str(&values.join(" "));
    }
    format!("`{text}`")
}

fn usage(cmd: &clap::Command) -> String {
    let rendered = cmd.clone().render_usage().to_string();
    rendered
        .split_once(": ")
        .map_or(rendered.as_str(), |(_, rest)| rest)
        .trim()
        .to_string()
}

/// The commands, depth first: (`clic verify`, command).
fn commands(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
    out.push((path.to_string(), cmd.clone()));
    for sub in cmd.get_subcommands() {
        if !sub.is_hide_set() && sub.get_name() != "help" {
            commands(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
}

fn slug_of(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().to_lowercase().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.push(c);
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug
}

fn render_reference() -> String {
    let lang = Lang::It;
    let root = clic::cli::command(lang);
    let mut all = Vec::new();
    commands(&root, "clic", &mut all);
    let mut md = String::new();
    md.push_str("# Riferimento\n\n");
    let _ = writeln!(
        md,
        "<!-- Generato da tests/docs.rs dalla riga di comando e dal registro dei codici: non modificare a mano. Per rigenerarlo: {REGENERATE} -->\n"
    );
    md.push_str(
        "Ogni comando di clic con i suoi argomenti e le sue opzioni, con le parole di \
         `clic COMANDO --help`, e ogni codice di diagnostica con la spiegazione di \
         `clic explain CODICE`. Con `--lang en` il programma li dice in inglese. \
         Cosa fanno i comandi e cosa garantiscono è spiegato nella [guida](guida.md) \
         e nella pagina sull'[integrazione](integrazione.md).\n\n",
    );
    md.push_str("## Comandi\n\n| comando | cosa fa |\n| --- | --- |\n");
    for (path, cmd) in &all {
        let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
        let _ = writeln!(md, "| [`{path}`](#{}) | {} |", slug_of(path), escape(&about));
    }
    md.push_str("| [codici di diagnostica](#codici-di-diagnostica) | ogni codice, la sua gravità e la sua spiegazione |\n");
    for (path, cmd) in &all {
        let _ = writeln!(md, "\n## {path}\n");
        if let Some(about) = cmd.get_about() {
            let _ = writeln!(md, "{}\n", escape(&about.to_string()));
        }
        let _ = writeln!(md, "```text\n{}\n```\n", usage(cmd));
        let args: Vec<&clap::Arg> = cmd
            .get_arguments()
            .filter(|a| !a.is_hide_set())
            // -h/--help is on every command: listed once, under `clic`.
            .filter(|a| path == "clic" || a.get_id() != "help")
            .collect();
        if !args.is_empty() {
            md.push_str("| argomento o opzione | significato |\n| --- | --- |\n");
            for arg in args {
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                let _ = writeln!(md, "| {} | {} |", spelling(arg), escape(&help));
            }
        }
        let subs: Vec<&clap::Command> = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .collect();
        if !subs.is_empty() {
            md.push_str("\nComandi: ");
            let links: Vec<String> = subs
                .iter()
                .map(|s| {
                    let sub_path = format!("{path} {}", s.get_name());
                    format!("[`{}`](#{})", s.get_name(), slug_of(&sub_path))
                })
                .collect();
            md.push_str(&links.join(", "));
            md.push_str(".\n");
        }
    }
    md.push_str("\n## Codici di diagnostica\n\n");
    md.push_str(
        "Ogni rilievo ha un codice stabile, mai riusato. Un **errore** rende KO il file (o l'archivio); \
         un **avviso** lo lascia OK; una **nota** è un'informazione. Il messaggio è il modello che \
         clic completa con i valori del file (tra parentesi graffe).\n\n",
    );
    md.push_str("| codice | gravità | nome | riassunto |\n| --- | --- | --- | --- |\n");
    let rules = clic::registry::all();
    for rule in &rules {
        let _ = writeln!(
            md,
            "| [{}](#{}) | {} | {} | {} |",
            rule.code,
            rule.code.to_lowercase(),
            clic::report::severity_word(rule.severity, lang),
            escape(rule.name),
            escape(rule.summary.get(lang))
        );
    }
    md.push('\n');
    for rule in &rules {
        let _ = writeln!(md, "### {}\n", rule.code);
        let _ = writeln!(
            md,
            "**{}** · {} · {}\n",
            escape(rule.summary.get(lang)),
            clic::report::severity_word(rule.severity, lang),
            escape(rule.name)
        );
        let _ = writeln!(md, "Messaggio: «{}»\n", escape(rule.message.get(lang)));
        for paragraph in rule.explanation.get(lang).trim().split("\n\n") {
            let _ = writeln!(md, "{}\n", escape(&paragraph.replace('\n', " ")));
        }
    }
    while md.ends_with("\n\n") {
        md.pop();
    }
    md
}

#[test]
fn the_reference_is_generated_from_the_cli_and_the_registry() {
    let path = support::root().join("docs/riferimento.md");
    let fresh = render_reference();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        eprintln!("note: wrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "docs/riferimento.md is not what the CLI and the registry say (first difference at line {}:\n  committed: {:?}\n  generated: {:?}).\nRegenerate it with:\n    {REGENERATE}",
            line + 1,
            committed.lines().nth(line).unwrap_or(""),
            fresh.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn the_reference_lists_every_command_option_and_code() {
    let reference = render_reference();
    let mut all = Vec::new();
    commands(&clic::cli::command(Lang::It), "clic", &mut all);
    for (path, cmd) in &all {
        assert!(reference.contains(&format!("\n## {path}\n")), "{path}");
        for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(long) = arg.get_long() {
                assert!(reference.contains(&format!("--{long}")), "{path} --{long}");
            }
        }
    }
    assert!(reference.contains("\n## clic completamento\n"));
    assert!(
        !reference.contains("\n## clic pacchetto\n"),
        "hidden commands stay hidden"
    );
    for rule in clic::registry::all() {
        assert!(
            reference.contains(&format!("\n### {}\n", rule.code)),
            "{}",
            rule.code
        );
    }
}

// ---- links ----

/// The Markdown files whose links are checked.
fn documents() -> Vec<PathBuf> {
    let root = support::root();
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// Lines outside fenced code blocks, with their numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            lines.push((n + 1, line));
        }
    }
    lines
}

/// The anchors GitHub makes for a file's headings (duplicates get -1, -2...).
fn anchors(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (_, line) in prose(text) {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let heading = heading.trim_start_matches('#');
        if !heading.starts_with(' ') {
            continue;
        }
        let base = slug_of(heading);
        let mut slug = base.clone();
        let mut n = 0;
        while found.contains(&slug) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        found.insert(slug);
    }
    found
}

/// The targets of `[text](target)` and `![alt](target)` on a line, code spans left out.
fn link_targets(line: &str) -> Vec<String> {
    let without_code: String = line
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    let mut targets = Vec::new();
    let mut rest = without_code.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(')') else { break };
        targets.push(after[..end].trim().to_string());
        rest = &after[end..];
    }
    targets
}

#[test]
fn every_link_and_anchor_in_the_docs_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in documents() {
        let text = std::fs::read_to_string(&file).unwrap();
        let dir = file.parent().unwrap();
        for (n, line) in prose(&text) {
            for target in link_targets(line) {
                if target.starts_with("http://")
                    || target.starts_with("https://")
                    || target.starts_with("mailto:")
                {
                    continue;
                }
                checked += 1;
                let (path, anchor) = match target.split_once('#') {
                    Some((path, anchor)) => (path, Some(anchor)),
                    None => (target.as_str(), None),
                };
                let where_ = format!(
                    "{}:{n}: ({target})",
                    file.strip_prefix(support::root()).unwrap().display()
                );
                let linked: PathBuf = if path.is_empty() {
                    file.clone()
                } else {
                    dir.join(path)
                };
                if !linked.exists() {
                    broken.push(format!("{where_}: no such file"));
                    continue;
                }
                if let Some(anchor) = anchor {
                    let is_markdown = linked.extension().is_some_and(|e| e == "md");
                    let heads = if is_markdown {
                        anchors(&std::fs::read_to_string(&linked).unwrap())
                    } else {
                        BTreeSet::new()
                    };
                    if !heads.contains(anchor) {
                        broken.push(format!("{where_}: no heading with anchor #{anchor}"));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(
        checked > 40,
        "only {checked} links found: is the link parser broken?"
    );
}

#[test]
fn the_link_checker_catches_a_missing_file_and_a_missing_anchor() {
    let text = "# Titolo\n## La pagina `serve`\n```\n# not a heading\n```\n";
    let heads = anchors(text);
    assert_eq!(
        heads,
        BTreeSet::from(["titolo".to_string(), "la-pagina-serve".to_string()])
    );
    assert_eq!(
        link_targets("vedi [a](docs/guida.md#x), `[b](no.md)` e ![c](serve.png)"),
        ["docs/guida.md#x", "serve.png"]
    );
    assert_eq!(
        slug_of(" Cosa vuol dire ogni esito "),
        "cosa-vuol-dire-ogni-esito"
    );
    assert_eq!(slug_of("Chiusure: `clic close`"), "chiusure-clic-close");
}

// ---- the README ----

fn readme() -> String {
    std::fs::read_to_string(support::root().join("README.md")).unwrap()
}

#[test]
fn the_readme_fits_on_a_screen_and_shows_the_two_commands() {
    let text = readme();
    let lines = text.lines().count();
    assert!(
        lines < 250,
        "README.md has {lines} lines: move the details to docs/"
    );
    let try_it = text.split("\n## Provalo\n").nth(1).expect("a section «Provalo»");
    let commands = try_it
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let commands: Vec<&str> = commands
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --release -- verify fixtures/esempio.zip",
            "cargo test --locked"
        ]
    );
}

/// The README's example output is what `clic verify fixtures/esempio.zip`
/// prints, from the repository root; `...` stands for lines or words left out.
#[test]
fn the_readme_example_is_what_clic_prints() {
    let text = readme();
    let try_it = text.split("\n## Provalo\n").nth(1).unwrap();
    let shown = try_it
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_clic"))
        .args(["verify", "fixtures/esempio.zip"])
        .current_dir(support::root())
        .env_remove("CLIC_LANG")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "the example exits with 1: some files are KO"
    );
    let printed = String::from_utf8(run.stdout).unwrap();
    let printed: Vec<&str> = printed.lines().collect();
    for line in shown.lines() {
        if line.trim() == "..." {
            continue;
        }
        let found = match line.split_once(", ... ") {
            Some((start, end)) => printed.iter().any(|p| p.starts_with(start) && p.ends_with(end)),
            None => printed.contains(&line),
        };
        assert!(
            found,
            "README.md shows a line clic does not print:\n{line}\n\nclic prints:\n{}",
            printed.join("\n")
        );
    }
}

#[test]
fn the_docs_name_the_regeneration_command() {
    let sviluppo = std::fs::read_to_string(support::root().join("docs/sviluppo.md")).unwrap();
    assert!(
        sviluppo.contains(REGENERATE),
        "docs/sviluppo.md must say: {REGENERATE}"
    );
}
