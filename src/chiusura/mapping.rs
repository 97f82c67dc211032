//! `--codici FILE.csv`: the code the system assigned on receipt to each
//! bulk-sent file (header `file,codice`; the file as `clic verify` names
//! it, or `INPUT/NAME` when two inputs hold the same name).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::input::Input;

/// File -> code assigned on receipt.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// The file as given, for messages.
    pub path: String,
    codes: HashMap<String, String>,
}

/// Why a `--codici` file cannot be used (the run stops before any check).
#[derive(Debug)]
pub enum MappingError {
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Not CSV (the reason is the CSV reader's).
    NotCsv {
        path: PathBuf,
        reason: String,
    },
    /// The header is not `file,codice`.
    Header {
        path: PathBuf,
    },
    /// A line the CSV reader refuses (e.g. a different number of fields).
    BadLine {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    MissingName {
        path: PathBuf,
        line: usize,
    },
    /// The same file with two different codes.
    Conflict {
        path: PathBuf,
        line: usize,
        file: String,
        previous: String,
    },
}

/// What `--codici` says about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// No `--codici` was given.
    NoMapping,
    /// The line that gives the file's code: its key and the code.
    Found {
        key: String,
        code: &'a str,
    },
    Missing,
    /// Only the bare name is listed, and several inputs hold that name.
    Ambiguous,
}

impl Mapping {
    pub fn read(path: &Path) -> Result<Mapping, MappingError> {
        let bytes = std::fs::read(path).map_err(|error| MappingError::Unreadable {
            path: path.to_path_buf(),
            error,
        })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        Self::parse(path, bytes)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Mapping, MappingError> {
        let owned = || path.to_path_buf();
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
        let headers = reader
            .headers()
            .map_err(|e| MappingError::NotCsv {
                path: owned(),
                reason: e.to_string(),
            })?
            .clone();
        let header: Vec<String> = headers.iter().map(str::to_ascii_lowercase).collect();
        if header != ["file", "codice"] {
            return Err(MappingError::Header { path: owned() });
        }
        let mut codes: HashMap<String, String> = HashMap::new();
        for (number, record) in reader.records().enumerate() {
            let line = number + 2;
            let record = record.map_err(|e| MappingError::BadLine {
                path: owned(),
                line,
                reason: e.to_string(),
            })?;
            let (file, code) = (
                record.get(0).unwrap_or_default(),
                record.get(1).unwrap_or_default(),
            );
            if file.is_empty() {
                return Err(MappingError::MissingName { path: owned(), line });
            }
            if let Some(previous) = codes.insert(file.to_string(), code.to_string())
                && previous != code
            {
                return Err(MappingError::Conflict {
                    path: owned(),
                    line,
                    file: file.to_string(),
                    previous,
                });
            }
        }
        Ok(Mapping {
            path: path.display().to_string(),
            codes,
        })
    }

    /// The keys no file used, sorted (for a note: probably a typo).
    pub fn unused(&self, used: &HashSet<String>) -> Vec<String> {
        let mut unused: Vec<String> = self
            .codes
            .keys()
            .filter(|k| !used.contains(*k))
            .cloned()
            .collect();
        unused.sort();
        unused
    }
}

/// Looks files up in an optional mapping; knows which names several inputs
/// share, since those must be written `INPUT/NAME`.
pub struct Finder<'a> {
    mapping: Option<&'a Mapping>,
    /// How many inputs hold each entry name.
    name_count: HashMap<&'a str, usize>,
}

impl<'a> Finder<'a> {
    pub fn new(inputs: &'a [Input], mapping: Option<&'a Mapping>) -> Self {
        let mut name_count: HashMap<&str, usize> = HashMap::new();
        for input in inputs {
            let mut seen = HashSet::new();
            for entry in &input.entries {
                if seen.insert(entry.name.as_str()) {
                    *name_count.entry(entry.name.as_str()).or_default() += 1;
                }
            }
        }
        Finder { mapping, name_count }
    }

    /// The mapping's file, for messages (empty without one).
    pub fn path(&self) -> &'a str {
        self.mapping.map(|m| m.path.as_str()).unwrap_or_default()
    }

    /// What the mapping says about the file `name` of `input`.
    pub fn lookup(&self, input: &Input, name: &str) -> Lookup<'a> {
        let Some(mapping) = self.mapping else {
            return Lookup::NoMapping;
        };
        if input.is_container() {
            let qualified = format!("{}/{name}", input.path.trim_end_matches('/'));
            if let Some(code) = mapping.codes.get(&qualified) {
                return Lookup::Found { key: qualified, code };
            }
        }
        match mapping.codes.get(name) {
            Some(_) if self.name_count.get(name).copied().unwrap_or(0) > 1 => Lookup::Ambiguous,
            Some(code) => Lookup::Found {
                key: name.to_string(),
                code,
            },
            None => Lookup::Missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Mapping, MappingError> {
        Mapping::parse(Path::new("codici.csv"), text.as_bytes())
    }

    #[test]
    fn reads_names_and_codes_and_refuses_contradictions() {
        let mapping = parse("File,Codice\n a.xml , 1 \nb.xml,2\na.xml,1\n").unwrap();
        assert_eq!(mapping.codes["a.xml"], "1");
        let used = HashSet::from(["a.xml".to_string()]);
        assert_eq!(mapping.unused(&used), ["b.xml"]);
        assert!(matches!(parse("nome,codice\n"), Err(MappingError::Header { .. })));
        assert!(matches!(
            parse("file,codice\n,1\n"),
            Err(MappingError::MissingName { line: 2, .. })
        ));
        assert!(matches!(
            parse("file,codice\na.xml,1\na.xml,2\n"),
            Err(MappingError::Conflict { line: 3, .. })
        ));
        assert!(matches!(
            parse("file,codice\na.xml,1,x\n"),
            Err(MappingError::BadLine { line: 2, .. })
        ));
    }
}
