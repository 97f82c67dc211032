//! The checks of one file, in the order the portal applies them: bytes and
//! encoding, XML well-formedness, module, schema, then the business rules.
//! Each stage only runs if the previous one let the document through.

use crate::diagnostic::{self, Diagnostic, Reason};
use crate::document::Parsed;
use crate::input::diagnostics;
use crate::input::limits::Limits;
use crate::module::Module;
use crate::rules::{self, RuleContext};
use crate::schema::SchemaSet;

/// Everything the checks need, built once and shared read-only by all workers.
pub struct Context {
    pub schemas: SchemaSet,
    pub limits: Limits,
    pub rules: RuleContext,
}

/// What checking one file produced.
pub struct FileCheck {
    pub module: Option<Module>,
    pub encoding: Option<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
    /// The parsed document, when it was well-formed.
    pub parsed: Option<Parsed>,
    /// Schema errors stopped the business rules (the report says so).
    pub rules_skipped: bool,
    /// Tables not loaded whose fields the document fills: those fields got
    /// the schema's format check only.
    pub unloaded_tables: Vec<&'static str>,
}

pub fn check_bytes(bytes: Vec<u8>, ctx: &Context) -> FileCheck {
    let mut check = FileCheck {
        module: None,
        encoding: None,
        diagnostics: Vec::new(),
        parsed: None,
        rules_skipped: false,
        unloaded_tables: Vec::new(),
    };
    if bytes.starts_with(crate::input::ZIP_MAGIC) {
        check
            .diagnostics
            .push(Diagnostic::new(&diagnostics::ARCHIVIO_ANNIDATO));
        return check;
    }
    let parsed = match Parsed::parse(bytes, &ctx.limits) {
        Ok(parsed) => parsed,
        Err(diagnostic) => {
            check.diagnostics.push(diagnostic);
            return check;
        }
    };
    check.encoding = Some(parsed.encoding);
    match detect_module(&parsed) {
        Ok(module) => {
            check.module = Some(module);
            let schema = ctx.schemas.get(module);
            crate::schema::check::check(&parsed, module, &schema.schema, &mut check.diagnostics);
            // Business rules read fields the schema guarantees; on a file
            // that breaks the schema they would only add noise.
            if check.diagnostics.iter().any(Diagnostic::is_error) {
                check.rules_skipped = true;
            } else {
                check.unloaded_tables = rules::run(&parsed, module, &ctx.rules, &mut check.diagnostics);
            }
        }
        Err(diagnostic) => check.diagnostics.push(diagnostic),
    }
    diagnostic::sort(&mut check.diagnostics);
    check.parsed = Some(parsed);
    check
}

/// The module, from the root element and its namespace (dominio.md §1).
pub fn detect_module(parsed: &Parsed) -> Result<Module, Diagnostic> {
    let root = parsed.root;
    let local = parsed.name(root);
    let namespace = parsed.namespace(root);
    // Only on failure: a position indexes every line of the file.
    let position = || parsed.position(root);
    let Some(module) = Module::from_root(local) else {
        let shown = match namespace {
            Some(ns) => format!("{local} ({ns})"),
            None => local.to_string(),
        };
        return Err(Diagnostic::new(&diagnostics::MODULO_SCONOSCIUTO)
            .at(position())
            .path(format!("/{local}"))
            .arg("radice", shown));
    };
    if namespace != Some(module.namespace()) {
        let diagnostic = Diagnostic::new(&diagnostics::NAMESPACE_ERRATO)
            .at(position())
            .path(format!("/{local}"))
            .arg("radice", local)
            .arg("atteso", module.namespace());
        return Err(match namespace {
            Some(found) => diagnostic.arg("trovato", found),
            None => diagnostic.reason("trovato", Reason::NoNamespace),
        });
    }
    Ok(module)
}
