//! The checks of one file, in the order the portal applies them: bytes and
//! encoding, then one pass over the text for XML well-formedness, module
//! and schema, then the business rules. Each stage only runs if the
//! previous one let the document through.
//!
//! Limits on one document: its size is bounded before it gets here (every
//! input refuses a file over `--max-entry-bytes`, counted in the bytes as
//! read, CL0003); the document pass holds one frame per open element and
//! one table row per element, so its memory is linear in that size and no
//! separate node count is needed; nesting is bounded by `--max-depth`
//! (CL0032), checked by the XML layer before a frame is pushed. A DOCTYPE
//! is refused before anything is expanded (CL0031). The tree parser used
//! before also bounded the decoded text and the node count by the entry
//! size; both follow from the bound on the file: the decoded text is at
//! most three times the file (a byte of a single-byte encoding becomes at
//! most three UTF-8 bytes), and it holds fewer elements than bytes.

use crate::diagnostic::reason::FileKind;
use crate::diagnostic::{self, Diagnostic};
use crate::document::{self, Parsed};
use crate::input::limits::{self, Limits};
use crate::input::{diagnostics, signature};
use crate::module::Module;
use crate::rules::{self, RuleContext};
use crate::schema::compiled::CompiledSet;

/// Everything the checks need, built once and shared read-only by all workers.
pub struct Context {
    /// The schemas, compiled: the document pass runs them, the records'
    /// shapes are read from them.
    pub compiled: CompiledSet,
    pub limits: Limits,
    pub rules: RuleContext,
}

/// What checking one file produced.
pub struct FileCheck {
    pub module: Option<Module>,
    pub encoding: Option<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
    /// The document's element table, when it was well-formed.
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
        // A Word or LibreOffice file is a zip too: named for what it is.
        check.diagnostics.push(match signature::zip_kind(&bytes, &[]) {
            FileKind::Zip => Diagnostic::new(&diagnostics::ARCHIVIO_ANNIDATO),
            kind => not_xml(kind),
        });
        return check;
    }
    // Kept for the error path only: what a file that is not XML is.
    let mut head = [0u8; signature::HEAD];
    let head_len = bytes.len().min(signature::HEAD);
    head[..head_len].copy_from_slice(&bytes[..head_len]);
    let head = &head[..head_len];
    let decoded = match document::decode(bytes) {
        Ok(decoded) => decoded,
        Err(diagnostic) => {
            let named = match signature::of_bytes(head) {
                Some(kind) if diagnostic.rule.code != diagnostics::FILE_VUOTO.code => not_xml(kind),
                _ => diagnostic,
            };
            check.diagnostics.push(named);
            return check;
        }
    };
    let outcome = ctx.compiled.check(&decoded.text, ctx.limits.max_depth);
    check.module = outcome.module;
    check.diagnostics = outcome.diagnostics;
    if check.module.is_none()
        && let Some(kind) = signature::of_bytes(head).or_else(|| signature::of_text(&decoded.text))
    {
        // Not XML at all: the parser's reason (a tag, a column) would mislead.
        check.diagnostics = vec![not_xml(kind)];
        return check;
    }
    let counts = outcome.counts;
    let parsed = outcome
        .tree
        .and_then(|tree| Parsed::new(decoded.text, decoded.encoding, tree));
    check.encoding = parsed.as_ref().map(|p| p.encoding);
    if let (Some(module), Some(parsed)) = (check.module, &parsed) {
        // Business rules read fields the schema guarantees; on a file
        // that breaks the schema they would only add noise.
        if check.diagnostics.iter().any(Diagnostic::is_error) {
            check.rules_skipped = true;
        } else {
            check.unloaded_tables = rules::run(parsed, module, &ctx.rules, &mut check.diagnostics);
        }
    }
    // The first findings of each code in the file's order are kept, the
    // rest counted: every report shows what this keeps.
    diagnostic::sort(&mut check.diagnostics);
    limits::cap_findings(&mut check.diagnostics, &counts);
    diagnostic::sort(&mut check.diagnostics);
    check.parsed = parsed;
    check
}

/// A file that should be XML and is something else (CL0017).
fn not_xml(kind: FileKind) -> Diagnostic {
    Diagnostic::new(&diagnostics::CONTENUTO_NON_XML).reason("tipo", diagnostic::Reason::NotXml(kind))
}

/// The document pass alone, with the embedded schemas and default limits:
/// a document's module, element table and schema diagnostics.
#[cfg(test)]
pub(crate) fn read(bytes: &[u8]) -> (Option<Module>, Option<Parsed>, Vec<Diagnostic>) {
    static SCHEMAS: std::sync::OnceLock<CompiledSet> = std::sync::OnceLock::new();
    let schemas = SCHEMAS.get_or_init(CompiledSet::builtin);
    let decoded = document::decode(bytes.to_vec()).expect("a decodable file");
    let outcome = schemas.check(&decoded.text, Limits::default().max_depth);
    let parsed = outcome
        .tree
        .and_then(|tree| Parsed::new(decoded.text, decoded.encoding, tree));
    (outcome.module, parsed, outcome.diagnostics)
}
