//! Which file closes which code: a file's own code, or the one `--codici`
//! gives a bulk-sent file (25 zeros); each code closed by one file only.

use crate::codice;
use crate::diagnostic::{Diagnostic, Position};
use crate::module::Module;

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
