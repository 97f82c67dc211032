//! What both targets share: the checking context, built once, and the
//! invariants every diagnostic must satisfy whatever the input.

use std::sync::OnceLock;

use clic::checks::{Context, FileCheck};
use clic::diagnostic::{Arg, Diagnostic, Reason};
use clic::i18n::Lang;
use clic::input::limits::Limits;
use clic::rules::{Modalita, RuleContext};
use clic::schema::compiled::CompiledSet;
use clic::tabelle::Tabelle;

/// `clic verify`'s context with its defaults: the embedded schemas
/// (compiled for the document pass), bundled tables, default limits,
/// `--modalita massiva`.
pub fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| Context {
        compiled: CompiledSet::builtin(),
        limits: Limits::default(),
        rules: RuleContext {
            tables: Tabelle::builtin(),
            modalita: Modalita::Massiva,
        },
    })
}

/// A diagnostic the reports can show: a registered code, positions from 1,
/// every placeholder of its message given, words in both languages.
pub fn assert_reportable(diagnostic: &Diagnostic) {
    let rule = diagnostic.rule;
    assert!(
        clic::registry::contains(rule),
        "{} is not in the registry",
        rule.code
    );
    assert!(
        clic::registry::find(rule.code).is_some_and(|found| std::ptr::eq(found, rule)),
        "{} is not found by its code",
        rule.code
    );
    if let Some(position) = diagnostic.position {
        assert!(
            position.line >= 1 && position.column >= 1,
            "{} at line {} column {}",
            rule.code,
            position.line,
            position.column
        );
    }
    for lang in [Lang::It, Lang::En] {
        for name in placeholders(rule.message.get(lang)) {
            assert!(
                diagnostic.args.iter().any(|(key, _)| *key == name),
                "{}: no value for {{{name}}} ({lang:?})",
                rule.code
            );
        }
        let message = clic::report::message(diagnostic, lang);
        assert!(!message.trim().is_empty(), "{}: empty message", rule.code);
        for (_, arg) in &diagnostic.args {
            // Every reason has words, except the one that is an optional
            // suffix by design: «; in quella data usare …» when a comune
            // that had ceased has no successor (CL0302/CL0303's {invece}).
            if let Arg::Reason(reason) = arg
                && !matches!(reason, Reason::Instead(places) if places.is_empty())
            {
                assert!(
                    !clic::report::words::reason(reason, lang).is_empty(),
                    "{}: no words for {reason:?}",
                    rule.code
                );
            }
        }
    }
}

/// The verdict invariants of one file's check, as the engine counts it.
pub fn assert_consistent(check: &FileCheck) {
    for diagnostic in &check.diagnostics {
        assert_reportable(diagnostic);
    }
    let ko = check.diagnostics.iter().any(Diagnostic::is_error);
    // The engine's verdict is exactly "some error diagnostic".
    let result = clic::engine::FileResult {
        input: 0,
        name: String::new(),
        module: check.module,
        encoding: check.encoding,
        diagnostics: check.diagnostics.clone(),
        rules_skipped: check.rules_skipped,
        unloaded_tables: check.unloaded_tables.clone().into(),
    };
    assert_eq!(result.is_ok(), !ko);
    if !ko {
        // An OK file is a parsed document of a known module whose rules ran.
        assert!(check.parsed.is_some(), "OK without a parsed document");
        assert!(check.module.is_some(), "OK without a module");
        assert!(check.encoding.is_some(), "OK without an encoding");
    }
    if check.rules_skipped {
        assert!(ko, "rules skipped on an OK file");
    }
}

fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}
