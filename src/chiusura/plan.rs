//! Which file closes which code: a file's own code, or the one `--codici`
//! gives a bulk-sent file (25 zeros); each code closed by one file only.

use std::collections::{HashMap, HashSet};

use crate::codice;
use crate::diagnostic::{self, Diagnostic, Position};
use crate::engine::Outcome;
use crate::module::Module;

use super::checks;
use super::mapping::Lookup;
use super::splice::Edits;

/// The code a checked, closable file closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    /// The file carries the code it was assigned (application
    /// cooperation): it is closed by that code. `key` is its `--codici`
    /// line, if any, and `other` the different code that line gives.
    Own {
        code: String,
        key: Option<String>,
        other: Option<&'a str>,
    },
    /// Bulk-sent (25 zeros): the code of its `--codici` line `key`.
    Mapped { key: String, code: &'a str },
    /// Bulk-sent, and no code is known.
    Unknown(Unknown),
}

/// Why a bulk-sent file's code is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// No `--codici` was given.
    NoMapping,
    /// `--codici` has no line for the file.
    NotListed,
    /// `--codici` lists the bare name, which several inputs hold.
    Ambiguous,
}

impl<'a> Target<'a> {
    /// The target of a file whose code element holds `own`.
    pub fn of(own: String, lookup: Lookup<'a>) -> Target<'a> {
        if !codice::is_zeros(&own) {
            let (key, other) = match lookup {
                Lookup::Found { key, code } => (Some(key), (code != own).then_some(code)),
                _ => (None, None),
            };
            return Target::Own {
                code: own,
                key,
                other,
            };
        }
        match lookup {
            Lookup::NoMapping => Target::Unknown(Unknown::NoMapping),
            Lookup::Missing => Target::Unknown(Unknown::NotListed),
            Lookup::Ambiguous => Target::Unknown(Unknown::Ambiguous),
            Lookup::Found { key, code } => Target::Mapped { key, code },
        }
    }
}

/// One file after pass 1.
#[derive(Default)]
pub struct Prepared {
    /// CL07xx findings to add to the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The `--codici` key used for this file.
    pub key: Option<String>,
    /// The file's name, as `verify` reports it.
    pub name: String,
    pub ready: Option<Ready>,
}

/// A file whose closure can be built, once its own code is known.
pub struct Ready {
    pub edits: Edits,
    pub bytes: Vec<u8>,
    pub module: Module,
    /// The code it closes.
    pub closed: String,
    /// Where the own code element is, for findings about the closed code.
    pub code_at: (Option<Position>, String),
}

/// Adds pass 1's findings to the files, CL0705 on each file that would
/// close a code an earlier file already closes, and refreshes the
/// verdicts. Returns the `--codici` keys that were used.
pub fn settle(outcome: &mut Outcome, prepared: &[Prepared]) -> HashSet<String> {
    let mut used = HashSet::new();
    let mut closers: HashMap<&str, &str> = HashMap::new();
    for (file, p) in outcome.files.iter_mut().zip(prepared) {
        file.diagnostics.extend(p.diagnostics.iter().cloned());
        if let Some(ready) = &p.ready {
            match closers.get(ready.closed.as_str()) {
                Some(first) => file.diagnostics.push(checks::closed_twice(ready, first)),
                None => {
                    closers.insert(&ready.closed, &p.name);
                }
            }
        }
        diagnostic::sort(&mut file.diagnostics);
        used.extend(p.key.iter().cloned());
    }
    refresh_verdicts(outcome);
    used
}

/// After diagnostics were added to files, the inputs' verdicts follow.
fn refresh_verdicts(outcome: &mut Outcome) {
    for index in 0..outcome.inputs.len() {
        let range = outcome.inputs[index].files.clone();
        let files_ok = outcome.files[range].iter().all(|f| f.is_ok());
        let input = &mut outcome.inputs[index];
        input.ok = files_ok && !input.diagnostics.iter().any(Diagnostic::is_error);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSIGNED: &str = "1205826221000000000000042";

    #[test]
    fn a_file_is_closed_by_its_own_code_before_the_mapping() {
        let found = |code| Lookup::Found {
            key: "cv.xml".into(),
            code,
        };
        assert_eq!(
            Target::of(ASSIGNED.into(), found("1205826221000000000000007")),
            Target::Own {
                code: ASSIGNED.into(),
                key: Some("cv.xml".into()),
                other: Some("1205826221000000000000007"),
            }
        );
        assert_eq!(
            Target::of(ASSIGNED.into(), Lookup::NoMapping),
            Target::Own {
                code: ASSIGNED.into(),
                key: None,
                other: None
            }
        );
        assert_eq!(
            Target::of(codice::ZEROS.into(), found(ASSIGNED)),
            Target::Mapped {
                key: "cv.xml".into(),
                code: ASSIGNED
            }
        );
        assert_eq!(
            Target::of(codice::ZEROS.into(), Lookup::Ambiguous),
            Target::Unknown(Unknown::Ambiguous)
        );
    }
}
