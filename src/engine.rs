//! The engine: checks every entry of every input in parallel, isolates a
//! failure to its file, and returns results in a deterministic order
//! (inputs as given, entries in archive or folder order). Then the checks
//! across files (`across_files`) run on the small keys each worker kept.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use rayon::prelude::*;

use crate::across_files::{self, Keys, Table};
use crate::checks::{self, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Parsed;
use crate::input::limits::Limits;
use crate::input::{Input, InputKind, diagnostics};
use crate::module::Module;

/// The result of checking one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// Index of the input this file belongs to.
    pub input: usize,
    /// Name of the entry inside its input (or the path of a single file).
    pub name: String,
    pub module: Option<Module>,
    pub encoding: Option<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
    /// Schema errors stopped the business rules on this file.
    pub rules_skipped: bool,
    /// Tables not loaded whose fields this file fills (format check only).
    pub unloaded_tables: Tables,
}

/// A list of table names, shared by the files that have the same one (most
/// files of a run do): a pointer per file instead of a list per file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables(Option<Arc<Vec<&'static str>>>);

impl Tables {
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|names| names.is_empty())
    }

    /// Whether `other` is this very list (shared), not only an equal one:
    /// a report goes through each shared list once.
    pub fn is_same_list(&self, other: &Tables) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, &'static str> {
        self.0.as_deref().map_or(&[][..], Vec::as_slice).iter()
    }

    /// The same list, shared with an equal one `seen` already holds.
    fn shared(self, seen: &mut SharedLists) -> Tables {
        match self.0 {
            Some(names) if !names.is_empty() => match seen.get(&names) {
                Some(same) => Tables(Some(Arc::clone(same))),
                None => {
                    seen.insert(Arc::clone(&names));
                    Tables(Some(names))
                }
            },
            _ => Tables(None),
        }
    }
}

/// The lists already shared, by content (hashed with the fast hasher: the
/// engine hashes a list per file).
type SharedLists = std::collections::HashSet<Arc<Vec<&'static str>>, crate::hash::FxBuildHasher>;

impl From<Vec<&'static str>> for Tables {
    fn from(names: Vec<&'static str>) -> Tables {
        Tables((!names.is_empty()).then(|| Arc::new(names)))
    }
}

impl<'a> IntoIterator for &'a Tables {
    type Item = &'a &'static str;
    type IntoIter = std::slice::Iter<'a, &'static str>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl FileResult {
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// The result for one input as a whole.
#[derive(Debug, Clone)]
pub struct InputResult {
    pub path: String,
    pub kind: InputKind,
    /// Findings about the input itself (damaged archive, skipped entries...).
    pub diagnostics: Vec<Diagnostic>,
    /// Range of this input's files in [`Outcome::files`].
    pub files: std::ops::Range<usize>,
    pub ok: bool,
}

/// Everything a run found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub inputs: Vec<InputResult>,
    pub files: Vec<FileResult>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub files: usize,
    pub ok: usize,
    pub ko: usize,
    pub warnings: usize,
}

impl Outcome {
    pub fn all_ok(&self) -> bool {
        self.inputs.iter().all(|i| i.ok)
    }

    pub fn summary(&self) -> Summary {
        let ok = self.files.iter().filter(|f| f.is_ok()).count();
        let warnings = self
            .files
            .iter()
            .map(|f| f.count(Severity::Warning))
            .chain(self.inputs.iter().map(|i| {
                i.diagnostics
                    .iter()
                    .filter(|d| d.severity() == Severity::Warning)
                    .count()
            }))
            .sum();
        Summary {
            files: self.files.len(),
            ok,
            ko: self.files.len() - ok,
            warnings,
        }
    }

    pub fn files_of(&self, input: &InputResult) -> &[FileResult] {
        &self.files[input.files.clone()]
    }

    /// File `index`'s text again, as the check read it, for the HTML
    /// report's excerpts (the check keeps no file in memory; this reads it
    /// once more). `inputs` are those the run checked: a file is the entry
    /// of its input at the same place.
    pub fn source_text(&self, inputs: &[Input], index: usize, limits: &Limits) -> Option<String> {
        let file = self.files.get(index)?;
        let input = inputs.get(file.input)?;
        let first = self.inputs.get(file.input)?.files.start;
        let entry = input
            .entries
            .get(index.checked_sub(first)?)
            .filter(|e| e.name == file.name)?;
        let bytes = input.read(entry, limits).ok()?;
        Some(match crate::input::encoding::decode(bytes.clone()) {
            Ok(decoded) => decoded.text,
            Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// Files checked together before the next ones are started.
const CHUNK: usize = 1024;

/// What a caller sees of each checked file while the engine runs, to do
/// more work with the parsed document in the same worker (e.g. `import`
/// extracting records) without parsing it twice.
pub struct Checked<'a> {
    /// Position of the file in the run's output order.
    pub index: usize,
    /// Position of the entry in its input (to read it again).
    pub entry: usize,
    pub result: &'a FileResult,
    pub parsed: Option<&'a Parsed>,
    /// The file's bytes as read, when the run asked to keep them.
    pub bytes: Option<&'a [u8]>,
    /// The SHA-256 of the file's bytes (hex), when the run asked for it.
    pub sha256: Option<&'a str>,
}

/// What a run keeps for its visitor besides the parsed document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keep {
    /// The original bytes (close splices into them); off for `verify`,
    /// which then never copies a file.
    pub bytes: bool,
    /// The SHA-256 of the original bytes (import records it), computed
    /// before they are decoded, without keeping a copy.
    pub sha256: bool,
}

/// Checks every entry of `inputs`; `visit` runs in the worker right after
/// each file's check. `tick` is called once per finished file (progress).
pub fn run<T, V>(inputs: &[Input], ctx: &Context, visit: V, tick: &(dyn Fn() + Sync)) -> (Outcome, Vec<T>)
where
    T: Send,
    V: Fn(Checked<'_>) -> T + Sync,
{
    run_keeping(inputs, ctx, Keep::default(), visit, tick)
}

/// As [`run`], keeping for the visitor what `keep` asks for.
pub fn run_keeping<T, V>(
    inputs: &[Input],
    ctx: &Context,
    keep: Keep,
    visit: V,
    tick: &(dyn Fn() + Sync),
) -> (Outcome, Vec<T>)
where
    T: Send,
    V: Fn(Checked<'_>) -> T + Sync,
{
    run_with(inputs, ctx, keep, visit, tick, AcrossFiles::Check)
}

/// As [`run_keeping`], without the checks across files: for `clic close`,
/// whose inputs are archives the portal already accepted (a copy there was
/// the sender's business then; closing it is what close is asked for).
pub fn run_keeping_per_file<T, V>(
    inputs: &[Input],
    ctx: &Context,
    keep: Keep,
    visit: V,
    tick: &(dyn Fn() + Sync),
) -> (Outcome, Vec<T>)
where
    T: Send,
    V: Fn(Checked<'_>) -> T + Sync,
{
    run_with(inputs, ctx, keep, visit, tick, AcrossFiles::Skip)
}

/// Whether the checks across files run after the per-file pass.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AcrossFiles {
    Check,
    Skip,
}

fn run_with<T, V>(
    inputs: &[Input],
    ctx: &Context,
    keep: Keep,
    visit: V,
    tick: &(dyn Fn() + Sync),
    across: AcrossFiles,
) -> (Outcome, Vec<T>)
where
    T: Send,
    V: Fn(Checked<'_>) -> T + Sync,
{
    let (mut files, extras, keys) = check_each_file(inputs, ctx, keep, visit, tick);
    if across == AcrossFiles::Check {
        check_across_files(inputs, &mut files, &keys);
    }
    (assemble(inputs, files), extras)
}

/// The per-file pass: every file checked in parallel, in chunks; returns
/// the results, the visitor's values and each file's keys for the checks
/// across files, in output order.
fn check_each_file<T, V>(
    inputs: &[Input],
    ctx: &Context,
    keep: Keep,
    visit: V,
    tick: &(dyn Fn() + Sync),
) -> (Vec<FileResult>, Vec<T>, Table)
where
    T: Send,
    V: Fn(Checked<'_>) -> T + Sync,
{
    let total: usize = inputs.iter().map(|input| input.entries.len()).sum();
    // Each input's entries, one after the other: (input, entry) in output order.
    let mut jobs = inputs
        .iter()
        .enumerate()
        .flat_map(|(i, input)| (0..input.entries.len()).map(move |e| (i, e)));
    // Chunks run one after the other, the files of a chunk in parallel: a
    // visitor that needs the files in order (import writing records) then
    // waits for at most one chunk, whatever the archive's size. A plain
    // parallel iterator would split the list in halves and finish the
    // second half long before the first.
    let mut files: Vec<FileResult> = Vec::with_capacity(total);
    let mut extras: Vec<T> = Vec::with_capacity(total);
    let mut keys = Table::with_capacity(total);
    let mut tables = SharedLists::default();
    let mut chunk = Vec::with_capacity(CHUNK);
    // The previous chunk's results are taken in (one thread's work) while
    // the workers check the next chunk, not between chunks.
    let mut previous: Option<Vec<(FileResult, T, Keys)>> = None;
    let mut take_in = |part: Vec<(FileResult, T, Keys)>| {
        for (mut result, extra, file_keys) in part {
            result.unloaded_tables = std::mem::take(&mut result.unloaded_tables).shared(&mut tables);
            files.push(result);
            extras.push(extra);
            keys.push(&file_keys);
        }
    };
    for c in 0.. {
        chunk.clear();
        chunk.extend(jobs.by_ref().take(CHUNK));
        if chunk.is_empty() {
            break;
        }
        // The taking in goes first on this thread; the chunk is there for
        // the other workers to start on, and this thread joins them after.
        let ((), part) = rayon::join(
            || {
                if let Some(done) = previous.take() {
                    take_in(done);
                }
            },
            || {
                chunk
                    .par_iter()
                    .enumerate()
                    .map(|(k, &(i, e))| {
                        let input = &inputs[i];
                        let at = Slot {
                            index: c * CHUNK + k,
                            entry: e,
                        };
                        let done = check_isolated(i, input, at, ctx, keep, &visit);
                        tick();
                        done
                    })
                    .collect::<Vec<_>>()
            },
        );
        previous = Some(part);
    }
    if let Some(done) = previous {
        take_in(done);
    }
    (files, extras, keys)
}

/// The stage after the per-file checks: compares the files' keys and adds
/// the warnings to each file. Files are named by their entry name, with
/// their input's path when the run has several inputs.
fn check_across_files(inputs: &[Input], files: &mut [FileResult], keys: &Table) {
    let found = across_files::check_table(keys, |i| {
        let f = &files[i];
        let input = &inputs[f.input];
        if inputs.len() > 1 && input.is_container() {
            format!("{}/{}", input.path.trim_end_matches('/'), f.name)
        } else {
            f.name.clone()
        }
    });
    let mut touched = Vec::new();
    for (i, diagnostic) in found {
        files[i].diagnostics.push(diagnostic);
        touched.push(i);
    }
    for i in touched {
        crate::diagnostic::sort(&mut files[i].diagnostics);
    }
}

/// Checks one entry; a panic anywhere in the checks becomes an internal
/// error on this file instead of ending the run.
/// Where a file is: in the run's order and in its input.
#[derive(Clone, Copy)]
struct Slot {
    index: usize,
    entry: usize,
}

fn check_isolated<T, V>(
    index: usize,
    input: &Input,
    at: Slot,
    ctx: &Context,
    keep: Keep,
    visit: &V,
) -> (FileResult, T, Keys)
where
    V: Fn(Checked<'_>) -> T,
{
    let entry = &input.entries[at.entry];
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        let mut kept = None;
        let mut digest = None;
        let mut keys = Keys::default();
        let (result, parsed) = match input.read(entry, &ctx.limits) {
            Ok(bytes) => {
                // When the SHA-256 is computed anyway (import), its first
                // half is the content identity: one hash per file, not two.
                let content = if keep.sha256 {
                    let sha256 = crate::hash::sha256(&bytes);
                    digest = Some(crate::hash::hex(&sha256));
                    sha256[..16].try_into().expect("32 bytes")
                } else {
                    crate::hash::content_id(&bytes)
                };
                keys = Keys::of_bytes(content);
                if keep.bytes {
                    kept = Some(bytes.clone());
                }
                let outcome = checks::check_bytes(bytes, ctx);
                if outcome.diagnostics.iter().any(Diagnostic::is_error) {
                    // Only files the portal would accept are compared.
                    keys = Keys::default();
                } else if let (Some(parsed), Some(module)) = (&outcome.parsed, outcome.module) {
                    keys.read(parsed, module);
                }
                let result = FileResult {
                    input: index,
                    name: entry.name.clone(),
                    module: outcome.module,
                    encoding: outcome.encoding,
                    diagnostics: outcome.diagnostics,
                    rules_skipped: outcome.rules_skipped,
                    unloaded_tables: outcome.unloaded_tables.into(),
                };
                (result, outcome.parsed)
            }
            Err(diagnostics) => (
                FileResult {
                    input: index,
                    name: entry.name.clone(),
                    module: None,
                    encoding: None,
                    diagnostics,
                    rules_skipped: false,
                    unloaded_tables: Tables::default(),
                },
                None,
            ),
        };
        let extra = visit(Checked {
            index: at.index,
            entry: at.entry,
            result: &result,
            parsed: parsed.as_ref(),
            bytes: kept.as_deref(),
            sha256: digest.as_deref(),
        });
        (result, extra, keys)
    }));
    match attempt {
        Ok(done) => done,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let result = FileResult {
                input: index,
                name: entry.name.clone(),
                module: None,
                encoding: None,
                diagnostics: vec![Diagnostic::new(&diagnostics::ERRORE_INTERNO).arg("dettaglio", detail)],
                rules_skipped: false,
                unloaded_tables: Tables::default(),
            };
            let extra = visit(Checked {
                index: at.index,
                entry: at.entry,
                result: &result,
                parsed: None,
                bytes: None,
                sha256: None,
            });
            (result, extra, Keys::default())
        }
    }
}

fn assemble(inputs: &[Input], files: Vec<FileResult>) -> Outcome {
    let mut results = Vec::with_capacity(inputs.len());
    let mut start = 0;
    for (index, input) in inputs.iter().enumerate() {
        let end = start + files[start..].iter().take_while(|f| f.input == index).count();
        let mut diagnostics = input.diagnostics.clone();
        let has_input_error = diagnostics.iter().any(Diagnostic::is_error);
        if input.is_container() && input.entries.is_empty() && !has_input_error {
            diagnostics.push(Diagnostic::new(&diagnostics::NESSUNA_COMUNICAZIONE));
        }
        let ok =
            !diagnostics.iter().any(Diagnostic::is_error) && files[start..end].iter().all(FileResult::is_ok);
        results.push(InputResult {
            path: input.path.clone(),
            kind: input.kind,
            diagnostics,
            files: start..end,
            ok,
        });
        start = end;
    }
    Outcome {
        inputs: results,
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::limits::Limits;
    use crate::rules::{Modalita, RuleContext};
    use crate::tabelle::Tabelle;

    #[test]
    fn a_panic_is_isolated_to_its_file_as_an_internal_error() {
        let dir = std::env::temp_dir().join(format!("clic-engine-panic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let valid = include_str!("../fixtures/validi/vacancy.xml");
        // Three different files: copies would be warned about (CL0901).
        for name in ["a.xml", "b.xml", "c.xml"] {
            std::fs::write(dir.join(name), format!("{valid}<!-- {name} -->\n")).unwrap();
        }
        let ctx = Context {
            compiled: crate::schema::compiled::CompiledSet::builtin(),
            limits: Limits::default(),
            rules: RuleContext {
                tables: Tabelle::builtin(),
                modalita: Modalita::Massiva,
            },
        };
        let input = Input::open(dir.to_str().unwrap(), &ctx.limits).unwrap();
        let (outcome, _) = run(
            std::slice::from_ref(&input),
            &ctx,
            |checked| {
                if checked.result.name == "b.xml" && checked.parsed.is_some() {
                    panic!("boom");
                }
            },
            &|| {},
        );
        std::fs::remove_dir_all(&dir).unwrap();
        let codes: Vec<(String, Vec<&str>)> = outcome
            .files
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    f.diagnostics.iter().map(|d| d.rule.code).collect(),
                )
            })
            .collect();
        assert_eq!(
            codes,
            [
                ("a.xml".to_string(), vec![]),
                ("b.xml".to_string(), vec!["CL0099"]),
                ("c.xml".to_string(), vec![])
            ]
        );
        assert!(!outcome.all_ok());
    }
}
