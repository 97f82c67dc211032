//! The compiled validator's single streaming pass against today's stages
//! (`document::Parsed`, module detection, `schema::check`): the same
//! verdict and the same diagnostics (code, line, column, path, message
//! arguments) on every fixture and on the generated conformance corpus,
//! with the embedded schemas and with the Ministry's official ones.

#[path = "support/corpus.rs"]
mod corpus;
mod support;

use std::path::{Path, PathBuf};

use clic::checks::detect_module;
use clic::diagnostic::{self, Diagnostic};
use clic::document::Parsed;
use clic::input::encoding;
use clic::input::limits::Limits;
use clic::schema::SchemaSet;
use clic::schema::compiled::CompiledSet;

const SEED: u64 = 0xC11C_2026_0001;

/// Documents on which the new pass may say more than today, and why: only
/// today's fallback (CL0199, the validator's English words) or a missing
/// position may improve. None is listed: the fallbacks the corpus and
/// fixtures reach (an element inside a simple field, `xsi:nil` on an
/// element that is not nillable) are reproduced word for word, and every
/// schema diagnostic today has a position.
const IMPROVEMENTS: &[(&str, &str)] = &[];

/// Today's stages, up to and including the schema.
fn today(bytes: &[u8], limits: &Limits, schemas: &SchemaSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match Parsed::parse(bytes.to_vec(), limits) {
        Err(d) => out.push(d),
        Ok(parsed) => match detect_module(&parsed) {
            Err(d) => out.push(d),
            Ok(module) => clic::schema::check::check(&parsed, module, &schemas.get(module).schema, &mut out),
        },
    }
    diagnostic::sort(&mut out);
    out
}

fn new_pass(text: &str, limits: &Limits, schemas: &CompiledSet) -> Vec<Diagnostic> {
    let mut out = schemas.check(text, limits.max_depth).diagnostics;
    diagnostic::sort(&mut out);
    out
}

fn shown(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {:?}",
                d.rule.code,
                d.position
                    .map_or("-".into(), |p| format!("{}:{}", p.line, p.column)),
                d.path.as_deref().unwrap_or("-"),
                d.args
            )
        })
        .collect()
}

fn limits_for(path: &Path) -> Limits {
    let mut limits = Limits::default();
    if let Ok(args) = std::fs::read_to_string(path.with_extension("args")) {
        let words: Vec<&str> = args.split_whitespace().collect();
        if let Some(i) = words.iter().position(|w| *w == "--max-depth") {
            limits.max_depth = words[i + 1].parse().unwrap();
        }
    }
    limits
}

fn xml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            xml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
}

/// Every document: (name, bytes, limits).
fn documents() -> Vec<(String, Vec<u8>, Limits)> {
    let mut paths = Vec::new();
    xml_files(&support::fixtures(), &mut paths);
    paths.sort();
    let mut docs: Vec<(String, Vec<u8>, Limits)> = paths
        .iter()
        .map(|p| {
            let name = p.strip_prefix(support::fixtures()).unwrap().display().to_string();
            (name, std::fs::read(p).unwrap(), limits_for(p))
        })
        .collect();
    for (name, text) in malformed() {
        docs.push((format!("malformed/{name}"), text.into_bytes(), Limits::default()));
    }
    for (i, doc) in corpus::corpus(SEED, 100).into_iter().enumerate() {
        docs.push((
            format!("corpus/{}", doc.file_name(i + 1)),
            doc.bytes(),
            Limits::default(),
        ));
    }
    docs
}

/// Well-formedness errors written into a valid Messaggio, one each.
fn malformed() -> Vec<(&'static str, String)> {
    let valid =
        String::from_utf8(std::fs::read(support::fixtures().join("validi/messaggio.xml")).unwrap()).unwrap();
    let edit = |from: &str, to: &str| {
        assert!(valid.contains(from), "{from}");
        valid.replacen(from, to, 1)
    };
    vec![
        ("tag-non-chiuso", edit("</Corpo>", "")),
        ("chiusura-sbagliata", edit("</Corpo>", "</corpo>")),
        ("chiusura-in-piu", edit("</Corpo>", "</Corpo></Corpo>")),
        ("entita-sconosciuta", edit("Gentile", "Gentile &nbsp;")),
        ("e-commerciale-nudo", edit("Gentile", "Gentile & co")),
        ("minore-nel-testo", edit("Gentile", "Gentile < 3")),
        ("riferimento-a-zero", edit("Gentile", "&#0;")),
        ("riferimento-valido", edit("Gentile", "&#233;&#x20AC;&amp;&lt;")),
        ("carattere-di-controllo", edit("Gentile", "Gentile\u{1}")),
        ("carattere-ffff", edit("Gentile", "Gentile\u{FFFF}")),
        ("attributo-senza-virgolette", edit("<Corpo>", "<Corpo a=1>")),
        ("attributo-ripetuto", edit("<Corpo>", "<Corpo a='1' a='2'>")),
        ("attributi-attaccati", edit("<Corpo>", "<Corpo a='1'b='2'>")),
        ("minore-in-attributo", edit("<Corpo>", "<Corpo a='<'>")),
        ("prefisso-non-dichiarato", edit("<Corpo>", "<p:Corpo>")),
        ("nome-che-inizia-con-cifra", edit("<Corpo>", "<1Corpo>")),
        (
            "commento-con-due-trattini",
            edit("<Corpo>", "<Corpo><!-- a -- b -->"),
        ),
        ("commento-non-chiuso", edit("<Corpo>", "<Corpo><!-- a ")),
        ("cdata-non-chiusa", edit("Gentile", "<![CDATA[ x")),
        ("cdata-valida", edit("Gentile", "<![CDATA[ <x> ]]>")),
        ("fine-cdata-nel-testo", edit("Gentile", "]]>")),
        ("seconda-radice", format!("{valid}<Messaggio/>")),
        ("testo-dopo-la-radice", format!("{valid}x")),
        ("testo-prima-della-radice", edit("<Messaggio", "x<Messaggio")),
        ("dichiarazione-non-in-testa", format!(" {valid}")),
        ("dichiarazione-senza-versione", edit("version=\"1.0\" ", "")),
        ("pi-riservata", edit("<Corpo>", "<Corpo><?xml x?>")),
        ("pi-valida", edit("<Corpo>", "<Corpo><?app x?>")),
        ("file-troncato", valid[..valid.len() / 2].to_string()),
        ("solo-dichiarazione", "<?xml version=\"1.0\"?>\n".to_string()),
        ("xmlns-vuoto-con-prefisso", edit("<Corpo>", "<Corpo xmlns:p=''>")),
        ("prefisso-xmlns", edit("<Corpo>", "<xmlns:Corpo>")),
        ("attributo-senza-uguale", edit("<Corpo>", "<Corpo a>")),
        ("riferimento-a-un-surrogato", edit("Gentile", "&#xD800;")),
        ("markup-sconosciuto", edit("<Corpo>", "<Corpo><!ELEMENT x>")),
        ("riferimento-senza-nome", edit("Gentile", "&;")),
        (
            "attributo-dal-nome-legale-non-ascii",
            edit("<Corpo>", "<Corpo a\u{B7}\u{300}\u{203F}=\"1\">"),
        ),
        (
            "attributo-dal-nome-che-inizia-con-u37f",
            edit("<Corpo>", "<Corpo \u{37F}\u{2070}=\"1\">"),
        ),
    ]
}

fn compare(label: &str, old_schemas: &SchemaSet, new_schemas: &CompiledSet) {
    let mut differences = Vec::new();
    let mut compared = 0;
    let mut improved = Vec::new();
    for (name, bytes, limits) in documents() {
        // Empty files and encodings are the input layer's, shared by both.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(decoded) = encoding::decode(bytes.clone()) else {
            continue;
        };
        compared += 1;
        let old = shown(&today(&bytes, &limits, old_schemas));
        let new = shown(&new_pass(&decoded.text, &limits, new_schemas));
        if old == new {
            continue;
        }
        if let Some((_, why)) = IMPROVEMENTS.iter().find(|(n, _)| *n == name) {
            improved.push(format!("{name}: {why}"));
            continue;
        }
        differences.push(format!("{name}\n  today: {old:#?}\n  new:   {new:#?}"));
    }
    eprintln!(
        "{label}: {compared} documents compared, {} improvements listed",
        improved.len()
    );
    assert!(compared > 500, "{label}: only {compared} documents");
    assert!(
        differences.is_empty(),
        "{label}: {} documents differ:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

#[test]
fn same_diagnostics_as_today_with_the_embedded_schemas() {
    compare("xsd/", &SchemaSet::builtin(), &CompiledSet::builtin());
}

#[test]
fn same_diagnostics_as_today_with_the_official_schemas() {
    let dir = support::official_xsd();
    let (old, _) = SchemaSet::from_dir(&dir).unwrap();
    let new = CompiledSet::from_dir(&dir).unwrap();
    compare("ufficiali", &old, &new);
}
