//! `--format sarif`: SARIF 2.1.0 for code-scanning tools. One run whose
//! tool carries the rules the results use (id = code, name, short and
//! full description and help from the registry, as `clic explain` prints
//! them) and one result per finding, pointing at its rule by id and index.
//!
//! Locations: every finding points at a file in the repository, so that
//! code scanning can place it: a file named on the command line or found in
//! a folder is an artifact of its own, with the finding's line and column
//! (`columnKind` is Unicode code points, as `clic` counts). A finding inside
//! an archive points at the archive (line 1), with the entry and its line
//! and column at the start of the message and as a logical location (kind
//! `resource`): GitHub ignores `parentIndex`, and an entry's name is not a
//! path in the repository. URIs are relative to the current folder (or
//! `--base-path`, see `report::paths`); a file outside it is an absolute
//! `file://` URI. The element path (`/Candidatura/...`) is a logical
//! location too. An input that could not be opened is a tool execution
//! notification of the invocation, which is then not successful.

use std::collections::BTreeMap;
use std::io;

use serde_json::{Value, json};

use super::findings::{self, Finding};
use super::{explain, fix, message, paths};
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

/// Artifacts in first-use order.
#[derive(Default)]
struct Artifacts {
    list: Vec<Value>,
    index: BTreeMap<String, usize>,
}

impl Artifacts {
    fn of(&mut self, path: &str) -> usize {
        if let Some(&at) = self.index.get(path) {
            return at;
        }
        let at = self.list.len();
        self.list.push(json!({"location": {"uri": paths::uri(path)}}));
        self.index.insert(path.to_string(), at);
        at
    }
}

/// Whether a finding says that its input could not be opened at all
/// (added by `clic verify` after the run, see `cmd::verify`).
fn unopened(finding: &Finding<'_>) -> bool {
    finding.file.is_none() && finding.diagnostic.rule.code == "CL0002" && finding.input.files.is_empty()
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
        .filter(|finding| !unopened(finding))
        .map(|finding| result(finding, &rules, &mut artifacts, lang))
        .collect();
    let notifications: Vec<Value> = all
        .iter()
        .filter(|finding| unopened(finding))
        .map(|finding| {
            json!({
                "level": "error",
                "descriptor": {"id": finding.diagnostic.rule.code},
                "message": {"text": format!("{}: {}", finding.input.path, message(finding.diagnostic, lang))},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": paths::uri(&finding.input.path)}}}],
            })
        })
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
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
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
    let index = artifacts.of(&place.path);
    let mut physical = json!({"artifactLocation": {"uri": paths::uri(&place.path), "index": index}});
    let mut logical = Vec::new();
    let mut text = message(d, lang);
    match (place.entry, d.position) {
        (Some(entry), position) => {
            // The archive is what the repository holds: point at it, and
            // say where inside it.
            let at = position.map_or_else(
                || entry.to_string(),
                |p| format!("{entry}:{}:{}", p.line, p.column),
            );
            text = format!("{at}: {text}");
            physical["region"] = json!({"startLine": 1});
            logical.push(json!({
                "name": entry,
                "fullyQualifiedName": format!("{}/{entry}", place.path),
                "kind": "resource",
            }));
        }
        (None, Some(p)) => physical["region"] = json!({"startLine": p.line, "startColumn": p.column}),
        (None, None) => {}
    }
    if let Some(path) = &d.path {
        logical.push(json!({"fullyQualifiedName": path, "kind": "element"}));
    }
    let mut location = json!({"physicalLocation": physical});
    if !logical.is_empty() {
        location["logicalLocations"] = json!(logical);
    }
    json!({
        "ruleId": d.rule.code,
        "ruleIndex": rules.iter().position(|r| std::ptr::eq(*r, d.rule)).unwrap_or(0),
        "level": level(d.severity()),
        "message": {"text": text},
        "locations": [location],
    })
}
