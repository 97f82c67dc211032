//! `clic close` as a library: closure (tipo 02) communications for sent
//! CVs and vacancies. Two passes, and nothing is written unless both pass:
//!
//! 1. The inputs are checked as `clic verify` checks them (with the
//!    user's `--modalita`). Every file must be OK, be a Candidatura or
//!    Vacancy sent with tipo 01, and have a known code to close (its own,
//!    or from `--codici`, see [`mapping`] and [`plan`]); otherwise the file
//!    gets a CL07xx error ([`checks`]).
//! 2. The closures are made by editing each file's original bytes
//!    ([`splice`]), named after their sources ([`names`]), written to a
//!    temporary archive beside `--out`, and that archive is checked by the
//!    same engine, exactly as `clic verify ARCHIVE` would (`--modalita
//!    massiva`, or `cooperazione` when the counter gave the closures their
//!    own codes). Only if every closure is OK is the pair put in place
//!    ([`write`]).

pub mod checks;
pub mod mapping;
pub mod names;
pub mod plan;
pub mod splice;
pub mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::checks::Context;
use crate::codice::{self, Serie, Tipo};
use crate::counter::CounterError;
use crate::diagnostic;
use crate::engine::{self, Outcome};
use crate::input::{Input, OpenError};
use crate::rules::Modalita;
use crate::tabelle::Table;

pub use checks::RULES;
pub use mapping::{Mapping, MappingError};
pub use splice::SpliceError;

use plan::Ready;

/// What a run is asked to do, its arguments checked.
pub struct Options {
    /// `--out`: the closure archive.
    pub archive: PathBuf,
    /// Its CSV summary, from [`summary_path`].
    pub summary: PathBuf,
    /// `--motivo`, checked by [`motivo`].
    pub motivo: String,
    pub mapping: Option<Mapping>,
    pub own_codes: OwnCodes,
}

/// The closures' own codes.
pub enum OwnCodes {
    /// 25 zeros: the system assigns them on receipt (bulk upload).
    Zeros,
    /// New codes of `serie` from the counter file `path`.
    Counter { path: PathBuf, serie: Serie },
}

/// One closure written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    /// The source's input, as `verify` names it.
    pub input: String,
    /// The source, as `verify` names it.
    pub file: String,
    pub closed_code: String,
    /// Entry name in the closure archive.
    pub entry: String,
    pub own_code: String,
}

/// What a run did.
pub struct Closing {
    /// The checks of pass 1 when some input is KO, else those of pass 2
    /// (the closure archive, named as `--out`).
    pub outcome: Outcome,
    /// The closures, when the pair was written (empty otherwise).
    pub closed: Vec<Closed>,
    pub written: bool,
    /// Lines of `--codici` that name no input file (probably a typo).
    pub unused_codes: Vec<String>,
}

/// Where a run is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// Pass 1 starts, on this many files.
    Checking(usize),
    /// Pass 2 starts, on this many closures.
    Verifying(usize),
    /// One more file checked.
    Checked,
}

/// Why a run stopped (exit code 2); findings about files are diagnostics.
#[derive(Debug)]
pub enum CloseError {
    /// `--out` does not name a .zip archive.
    NotAnArchive(PathBuf),
    /// `--motivo` is not 1 or 2 letters or digits.
    MotivoShape(String),
    /// `--motivo` is not in the `motivi_chiusura` table of `--tabelle`.
    MotivoUnknown(String),
    /// `--regione` or `--provincia` without `--contatore`.
    PlaceWithoutCounter,
    /// `--contatore` without `--regione` and `--provincia`.
    CounterWithoutPlace,
    Mapping(MappingError),
    Counter(CounterError),
    /// The temporary archive cannot be read back for pass 2.
    Reopen(OpenError),
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A planned closure cannot be built: a defect of the tool.
    Internal {
        file: String,
        error: SpliceError,
    },
}

impl From<MappingError> for CloseError {
    fn from(e: MappingError) -> Self {
        CloseError::Mapping(e)
    }
}

impl From<CounterError> for CloseError {
    fn from(e: CounterError) -> Self {
        CloseError::Counter(e)
    }
}

/// The CSV summary beside the archive: `ARCHIVE.zip` -> `ARCHIVE.csv`.
pub fn summary_path(archive: &Path) -> Result<PathBuf, CloseError> {
    if archive.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) || archive.file_name().is_none() {
        return Err(CloseError::NotAnArchive(archive.to_path_buf()));
    }
    Ok(archive.with_extension("csv"))
}

/// `--motivo`: its shape (the schema allows at most 2 characters; codes
/// are letters or digits), and membership when a `motivi_chiusura` table
/// is loaded with `--tabelle`.
pub fn motivo(text: &str, table: Option<&Table>) -> Result<String, CloseError> {
    let motivo = text.trim();
    let shape =
        (1..=2).contains(&motivo.chars().count()) && motivo.chars().all(|c| c.is_ascii_alphanumeric());
    if !shape {
        return Err(CloseError::MotivoShape(motivo.to_string()));
    }
    if let Some(table) = table
        && !table.contains(motivo)
    {
        return Err(CloseError::MotivoUnknown(motivo.to_string()));
    }
    Ok(motivo.to_string())
}

/// Runs both passes on `inputs` (in the caller's worker pool) and writes
/// the pair only if both pass.
pub fn close(
    inputs: &[Input],
    mut ctx: Context,
    options: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Closing, CloseError> {
    // Pass 1: check the inputs and plan each closure.
    let checker = checks::Checker {
        inputs,
        finder: mapping::Finder::new(inputs, options.mapping.as_ref()),
        motivo: &options.motivo,
    };
    progress(Progress::Checking(inputs.iter().map(|i| i.entries.len()).sum()));
    let keep = engine::Keep {
        bytes: true,
        sha256: false,
    };
    let (mut outcome, prepared) =
        engine::run_keeping_per_file(inputs, &ctx, keep, |checked| checker.prepare(checked), &|| {
            progress(Progress::Checked)
        });
    let used = checks::settle(&mut outcome, &prepared);
    let unused_codes = options
        .mapping
        .as_ref()
        .map(|m| m.unused(&used))
        .unwrap_or_default();
    let not_written = |outcome| Closing {
        outcome,
        closed: Vec::new(),
        written: false,
        unused_codes: unused_codes.clone(),
    };
    if !outcome.all_ok() {
        return Ok(not_written(outcome));
    }

    // Own codes of the closures: 25 zeros, or from the counter.
    let ready: Vec<(usize, &Ready)> = prepared
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.ready.as_ref().map(|r| (i, r)))
        .collect();
    let own_codes = match &options.own_codes {
        OwnCodes::Zeros => vec![codice::ZEROS.to_string(); ready.len()],
        OwnCodes::Counter { path, serie } => {
            let kinds: Vec<_> = ready.iter().map(|(_, r)| (r.module, Tipo::Chiusura)).collect();
            crate::counter::reserve_each(path, serie, &kinds)?
        }
    };

    // Pass 2: write the closures to a temporary archive and check it.
    let mut names = names::EntryNames::default();
    let mut closed = Vec::with_capacity(ready.len());
    let mut documents = Vec::with_capacity(ready.len());
    for ((index, r), own) in ready.iter().zip(own_codes) {
        let file = &outcome.files[*index];
        let input = &inputs[file.input];
        let entry = names.closure_name(input, &file.name);
        let bytes = r
            .edits
            .apply(&r.bytes, &own)
            .map_err(|error| CloseError::Internal {
                file: file.name.clone(),
                error,
            })?;
        closed.push(Closed {
            input: input.path.clone(),
            file: file.name.clone(),
            closed_code: r.closed.clone(),
            entry: entry.clone(),
            own_code: own,
        });
        documents.push((entry, bytes));
    }
    let staged = write::Staged::write(&options.archive, &documents)?;
    let temp = staged.path().to_str().ok_or_else(|| CloseError::Write {
        path: staged.path().to_path_buf(),
        error: std::io::ErrorKind::InvalidFilename.into(),
    })?;
    let archive = Input::open(temp, &ctx.limits).map_err(CloseError::Reopen)?;
    ctx.rules.modalita = match options.own_codes {
        OwnCodes::Counter { .. } => Modalita::Cooperazione,
        OwnCodes::Zeros => Modalita::Massiva,
    };
    progress(Progress::Verifying(documents.len()));
    let (mut verified, _) = engine::run(std::slice::from_ref(&archive), &ctx, |_| (), &|| {
        progress(Progress::Checked)
    });
    drop(archive);
    if let Some(input) = verified.inputs.first_mut() {
        input.path = options.archive.display().to_string();
    }
    carry_warnings(&mut verified, &ready, &closed, &prepared);
    if !verified.all_ok() {
        return Ok(not_written(verified));
    }
    staged.commit(&options.archive, &options.summary, &closed)?;
    Ok(Closing {
        outcome: verified,
        closed,
        written: true,
        unused_codes,
    })
}

/// Warnings of pass 1 about a source (e.g. CL0704) go with its closure in
/// the report of pass 2, without a position: the lines have moved.
fn carry_warnings(
    verified: &mut Outcome,
    ready: &[(usize, &Ready)],
    closed: &[Closed],
    prepared: &[plan::Prepared],
) {
    let by_entry: HashMap<String, usize> = verified
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), i))
        .collect();
    for ((index, _), c) in ready.iter().zip(closed) {
        let Some(&at) = by_entry.get(c.entry.as_str()) else {
            continue;
        };
        let carried = prepared[*index]
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .cloned();
        let file = &mut verified.files[at];
        file.diagnostics.extend(carried.map(|d| d.at(None)));
        diagnostic::sort(&mut file.diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motivo_has_the_schema_shape() {
        assert_eq!(motivo(" 01 ", None).unwrap(), "01");
        assert!(motivo("A", None).is_ok());
        for bad in ["", "123", "<", "è", "0 1"] {
            assert!(motivo(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_summary_sits_beside_the_archive() {
        assert_eq!(
            summary_path(Path::new("out/chiusure.zip")).unwrap(),
            PathBuf::from("out/chiusure.csv")
        );
        assert!(summary_path(Path::new("chiusure.csv")).is_err());
    }
}
