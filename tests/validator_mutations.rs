//! A mutation corpus generated from the valid document of each module:
//! every element deleted, duplicated, moved past its next sibling; an
//! unknown element inserted in every section; every field's value broken
//! by length, pattern, enumeration, date, integer, and wrapped in white
//! space. The compiled validator's verdict must equal libxml2's
//! (`xmllint --noout --schema`) on every mutant, with the Ministry's
//! official schemas and with the embedded ones, except where libxml2 is
//! known to depart from XML Schema (listed below). Under CI=true a missing
//! xmllint fails the test.

mod support;

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

use clic::diagnostic::Diagnostic;
use clic::module::Module;
use clic::schema::compiled::CompiledSet;
use clic::xml::{self, Handler, StartTag};

/// Where libxml2 departs from XML Schema 1.0: it does not collapse white
/// space around xs:date / xs:dateTime values, although their whiteSpace
/// facet is fixed to collapse (part 2, 3.2.7 and 3.2.9); seen with
/// libxml2 2.9.14 (tests/conformance.rs lists the same departure).
fn libxml2_departure(mutation: &str, original: &str) -> bool {
    let date_like = original.len() >= 10
        && original.as_bytes()[4] == b'-'
        && original.as_bytes()[7] == b'-'
        && original[..4].bytes().all(|b| b.is_ascii_digit());
    mutation.contains("-spazi-") && date_like
}

/// An element of the valid document, by byte ranges.
#[derive(Debug, Clone)]
struct Element {
    name: String,
    /// From `<` of the start tag to after the `>` of the end tag.
    whole: (usize, usize),
    /// The content between the tags (empty for `<x/>`).
    content: (usize, usize),
    leaf: bool,
    parent: Option<usize>,
}

#[derive(Default)]
struct Collect {
    elements: Vec<Element>,
    open: Vec<usize>,
    source: String,
}

impl Handler for Collect {
    fn start(&mut self, tag: &StartTag<'_>) {
        let after = self.source[tag.offset..].find('>').unwrap() + tag.offset + 1;
        if let Some(&parent) = self.open.last() {
            self.elements[parent].leaf = false;
        }
        self.elements.push(Element {
            name: tag.local.to_string(),
            whole: (tag.offset, 0),
            content: (after, after),
            leaf: true,
            parent: self.open.last().copied(),
        });
        self.open.push(self.elements.len() - 1);
    }
    fn text(&mut self, _: &str, _: usize) {}
    fn end(&mut self, offset: usize) {
        let index = self.open.pop().unwrap();
        let element = &mut self.elements[index];
        let end = self.source[offset..].find('>').unwrap() + offset + 1;
        element.whole.1 = end;
        element.content.1 = if offset == element.whole.0 {
            element.content.0
        } else {
            offset
        };
    }
}

fn elements(text: &str) -> Vec<Element> {
    let mut collect = Collect {
        source: text.to_string(),
        ..Collect::default()
    };
    xml::parse(text, &xml::Options::default(), &mut collect).unwrap();
    collect.elements
}

/// (name, document) for every mutant of one valid document.
fn mutants(text: &str) -> Vec<(String, String, String)> {
    let all = elements(text);
    let mut out = Vec::new();
    let splice = |at: (usize, usize), with: &str| format!("{}{with}{}", &text[..at.0], &text[at.1..]);
    for (i, e) in all.iter().enumerate().skip(1) {
        let whole = &text[e.whole.0..e.whole.1];
        out.push((
            format!("{i}-{}-cancellato", e.name),
            splice(e.whole, ""),
            String::new(),
        ));
        out.push((
            format!("{i}-{}-duplicato", e.name),
            splice((e.whole.1, e.whole.1), whole),
            String::new(),
        ));
        // Moved after its next sibling.
        if let Some(next) = all[i + 1..].iter().find(|n| n.parent == e.parent) {
            let moved = format!(
                "{}{}{}{}",
                &text[..e.whole.0],
                &text[e.whole.1..next.whole.1],
                whole,
                &text[next.whole.1..]
            );
            out.push((format!("{i}-{}-spostato", e.name), moved, String::new()));
        }
    }
    for (i, e) in all.iter().enumerate() {
        if e.leaf {
            continue;
        }
        out.push((
            format!("{i}-{}-sconosciuto-inserito", e.name),
            splice((e.content.0, e.content.0), "<sconosciuto>x</sconosciuto>"),
            String::new(),
        ));
    }
    for (i, e) in all.iter().enumerate() {
        if !e.leaf {
            continue;
        }
        let value = &text[e.content.0..e.content.1];
        let chars = value.chars().count();
        let shorter: String = value.chars().take(chars.saturating_sub(1)).collect();
        let flipped: String = value
            .chars()
            .map(|c| {
                if c.is_uppercase() {
                    c.to_lowercase().next().unwrap()
                } else {
                    c.to_uppercase().next().unwrap()
                }
            })
            .collect();
        let broken = [
            ("vuoto", String::new()),
            ("un-carattere-in-piu", format!("{value}X")),
            ("un-carattere-in-meno", shorter),
            ("troppo-lungo", "x".repeat(5001)),
            ("maiuscole-invertite", flipped),
            (
                "cifra-al-posto-di-lettera",
                value.replacen(|c: char| c.is_alphabetic(), "7", 1),
            ),
            (
                "lettera-al-posto-di-cifra",
                value.replacen(|c: char| c.is_ascii_digit(), "Q", 1),
            ),
            ("fuori-elenco", "ZZ".to_string()),
            ("data-impossibile", "2023-02-30".to_string()),
            ("data-all-italiana", "31/12/2023".to_string()),
            ("data-ora-impossibile", "2023-02-10T25:00:00".to_string()),
            ("intero-non-numerico", "12a".to_string()),
            ("intero-con-segno", "+12".to_string()),
            ("spazi-attorno", format!(" {value} ")),
            ("spazi-a-capo-attorno", format!("\n\t{value}\n")),
        ];
        for (what, replacement) in broken {
            if replacement == value {
                continue;
            }
            out.push((
                format!("{i}-{}-{what}", e.name),
                splice(e.content, &xml_escape(&replacement)),
                value.to_string(),
            ));
        }
    }
    out
}

fn xml_escape(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;")
}

/// `xmllint --noout --schema XSD FILES...` verdicts by file name; `None`
/// when xmllint is not installed.
fn xmllint(dir: &Path, xsd: &Path, names: &[String]) -> Option<BTreeMap<String, bool>> {
    let mut out = BTreeMap::new();
    // Batches keep the command line short.
    for batch in names.chunks(500) {
        let output = match Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(xsd)
            .args(batch)
            .current_dir(dir)
            .output()
        {
            Ok(output) => output,
            Err(e) if e.kind() == ErrorKind::NotFound => return None,
            Err(e) => panic!("xmllint could not run: {e}"),
        };
        for line in String::from_utf8_lossy(&output.stderr).lines() {
            if let Some(name) = line.strip_suffix(" validates") {
                out.insert(name.to_string(), true);
            } else if let Some(name) = line.strip_suffix(" fails to validate") {
                out.insert(name.to_string(), false);
            }
        }
    }
    Some(out)
}

fn ours(set: &CompiledSet, text: &str) -> (bool, Vec<String>) {
    let outcome = set.check(text, 128);
    let ok = !outcome.diagnostics.iter().any(Diagnostic::is_error);
    let codes = outcome
        .diagnostics
        .iter()
        .map(|d| d.rule.code.to_string())
        .collect();
    (ok, codes)
}

fn run(label: &str, set: &CompiledSet, xsd_of: impl Fn(Module) -> PathBuf) {
    let dir = support::temp_dir(&format!("mutations-{label}"));
    let mut disagreements = Vec::new();
    let mut departures = 0;
    let mut total = 0;
    let mut lint_ok = 0;
    for module in Module::ALL {
        let valid = String::from_utf8(
            std::fs::read(support::fixtures().join(format!("validi/{}.xml", module.key()))).unwrap(),
        )
        .unwrap();
        assert!(
            ours(set, &valid).0,
            "{label}: the valid {} is not valid",
            module.key()
        );
        let mutants = mutants(&valid);
        let mut names = Vec::new();
        for (name, text, _) in &mutants {
            let file = format!("{}-{name}.xml", module.key());
            std::fs::write(dir.join(&file), text).unwrap();
            names.push(file);
        }
        let Some(lint) = xmllint(&dir, &xsd_of(module), &names) else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("xmllint is required under CI");
            }
            eprintln!("note: xmllint is not on PATH; mutation test not run");
            return;
        };
        for ((name, text, original), file) in mutants.iter().zip(&names) {
            total += 1;
            let theirs = *lint
                .get(file)
                .unwrap_or_else(|| panic!("xmllint gave no verdict for {file}"));
            let (mine, codes) = ours(set, text);
            lint_ok += usize::from(theirs);
            if mine == theirs {
                continue;
            }
            if libxml2_departure(name, original) {
                departures += 1;
                continue;
            }
            disagreements.push(format!(
                "{file}: xmllint {}, clic {} {codes:?}",
                if theirs { "OK" } else { "KO" },
                if mine { "OK" } else { "KO" }
            ));
        }
    }
    eprintln!(
        "{label}: {total} mutants ({lint_ok} valid for xmllint), {departures} known libxml2 departures, {} disagreements",
        disagreements.len()
    );
    assert!(total > 1000, "{label}: only {total} mutants");
    assert!(
        disagreements.is_empty(),
        "{label}: {} unexplained disagreements with xmllint:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mutants_get_xmllints_verdict_with_the_official_schemas() {
    let (set, _) = CompiledSet::from_dir(&support::official_xsd()).unwrap();
    run("ufficiali", &set, |m| {
        support::official_xsd().join(official_file(m))
    });
}

#[test]
fn mutants_get_xmllints_verdict_with_the_embedded_schemas() {
    run("xsd", &CompiledSet::builtin(), |m| {
        support::root().join(format!("xsd/{}.xsd", m.key()))
    });
}

fn official_file(module: Module) -> &'static str {
    match module {
        Module::Candidatura => "Rev.038_-_CL_-_Allegato_4_-_Candidatura.xsd",
        Module::Vacancy => "Rev.064_-_CL_-_Allegato_4_-_Ricerca_personale.xsd",
        Module::Messaggio => "Rev.038_-_CL_-_Allegato_4_-_Messaggio.xsd",
    }
}
