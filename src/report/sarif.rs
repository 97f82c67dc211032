//! `--format sarif`: SARIF 2.1.0 for code-scanning tools. One run whose
//! tool carries the rules the results use (id = code, name, short and
//! full description and help from the registry, as `clic explain` prints
//! them) and one result per finding, pointing at its rule by id and index.
//!
//! Locations: a file named on the command line or found in a folder is an
//! artifact of its own (its path as a relative URI), with the finding's
//! line and column (`columnKind` is Unicode code points, as `clic` counts).
//! An entry inside an archive is an artifact whose `parentIndex` is the
//! archive's artifact and whose URI is the entry's name inside it; the
//! region is the line and column in the entry. The element path
//! (`/Candidatura/...`) is the result's logical location.

use std::collections::BTreeMap;
use std::io;

use serde_json::{Value, json};

use super::findings::{self, Finding};
use super::{explain, fix, message};
use crate::diagnostic::{Rule, Severity};
use crate::engine::Outcome;
use crate::i18n::Lang;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Artifacts in first-use order, an archive before its entries.
#[derive(Default)]
struct Artifacts {
    list: Vec<Value>,
    index: BTreeMap<(String, Option<String>), usize>,
}

impl Artifacts {
    fn of(&mut self, path: &str, entry: Option<&str>) -> usize {
        let parent = entry.map(|_| self.of(path, None));
        let key = (path.to_string(), entry.map(str::to_string));
        if let Some(&at) = self.index.get(&key) {
            return at;
        }
        let at = self.list.len();
        let artifact = match (entry, parent) {
            (Some(entry), Some(parent)) => json!({"location": {"uri": uri(entry)}, "parentIndex": parent}),
            _ => json!({"location": {"uri": uri(path)}}),
        };
        self.list.push(artifact);
        self.index.insert(key, at);
        at
    }
}

pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let all: Vec<Finding<'_>> = findings::all(outcome).collect();
    let mut rules: Vec<&'static Rule> = Vec::new();
    for finding in &all {
        let rule = finding.diagnostic.rule;
        if !rules.iter().any(|r| std::ptr::eq(*r, rule)) {
            rules.push(rule);
        }
    }
    rules.sort_by_key(|r| r.code);
    let mut artifacts = Artifacts::default();
    let results: Vec<Value> = all
        .iter()
        .map(|finding| result(finding, &rules, &mut artifacts, lang))
        .collect();
    let report = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "clic",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| rule(r, lang)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts.list,
            "results": results,
        }],
    });
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &report)?;
    io::Write::write_all(&mut out, b"\n")?;
    io::Write::flush(&mut out)
}

fn rule(rule: &Rule, lang: Lang) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary.get(lang)},
        "fullDescription": {"text": explain::explanation(rule, lang)},
        "help": {"text": fix(rule, lang)},
        "defaultConfiguration": {"level": level(rule.severity)},
    })
}

fn result(finding: &Finding<'_>, rules: &[&'static Rule], artifacts: &mut Artifacts, lang: Lang) -> Value {
    let d = finding.diagnostic;
    let place = finding.place();
    let index = artifacts.of(&place.path, place.entry);
    let uri = place.entry.map_or_else(|| uri(&place.path), uri);
    let mut physical = json!({"artifactLocation": {"uri": uri, "index": index}});
    if let Some(p) = d.position {
        physical["region"] = json!({"startLine": p.line, "startColumn": p.column});
    }
    let mut location = json!({"physicalLocation": physical});
    if let Some(path) = &d.path {
        location["logicalLocations"] = json!([{"fullyQualifiedName": path, "kind": "element"}]);
    }
    json!({
        "ruleId": d.rule.code,
        "ruleIndex": rules.iter().position(|r| std::ptr::eq(*r, d.rule)).unwrap_or(0),
        "level": level(d.severity()),
        "message": {"text": message(d, lang)},
        "locations": [location],
    })
}

/// A path as a relative URI reference: `/` separators, everything but
/// unreserved characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
