//! The findings of a run as flat rows and grouped by code: what the text
//! summary, the HTML, CSV and spreadsheet reports and the CI formats share.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::engine::{FileResult, InputResult, Outcome};
use crate::input::InputKind;
use crate::tabelle::catalogo::CATALOGUE;

/// One diagnostic with what it is about.
#[derive(Clone, Copy)]
pub struct Finding<'a> {
    pub input: &'a InputResult,
    /// `None` for a finding about the input as a whole (a damaged archive).
    pub file: Option<&'a FileResult>,
    pub diagnostic: &'a Diagnostic,
}

impl<'a> Finding<'a> {
    /// The file's name inside its input, or "" for the input itself.
    pub fn file_name(&self) -> &'a str {
        self.file.map_or("", |f| f.name.as_str())
    }

    /// What the finding is about, as a person names it: the file, or the
    /// input for findings about the input as a whole.
    pub fn subject(&self) -> &'a str {
        self.file.map_or(self.input.path.as_str(), |f| f.name.as_str())
    }

    /// Whether the file is an entry inside a container (archive, folder,
    /// zip on stdin) rather than the input itself.
    pub fn in_container(&self) -> bool {
        self.file.is_some_and(|f| f.name != self.input.path)
    }
}

/// Every finding, inputs in order, each input's own findings before its files'.
pub fn all(outcome: &Outcome) -> impl Iterator<Item = Finding<'_>> {
    outcome.inputs.iter().flat_map(move |input| {
        let own = input.diagnostics.iter().map(move |diagnostic| Finding {
            input,
            file: None,
            diagnostic,
        });
        let files = outcome.files_of(input).iter().flat_map(move |file| {
            file.diagnostics.iter().map(move |diagnostic| Finding {
                input,
                file: Some(file),
                diagnostic,
            })
        });
        own.chain(files)
    })
}

/// The findings of one code.
pub struct Group<'a> {
    pub rule: &'static Rule,
    /// How many times the code was found.
    pub count: usize,
    /// The files (or inputs) it was found in, in report order, each once.
    pub subjects: Vec<&'a str>,
}

/// The findings grouped by code: errors first, then warnings and notes,
/// each by code.
pub fn by_code(outcome: &Outcome) -> Vec<Group<'_>> {
    let mut groups: BTreeMap<(Severity, &'static str), (Group<'_>, Option<usize>)> = BTreeMap::new();
    for finding in all(outcome) {
        let rule = finding.diagnostic.rule;
        let (group, last) = groups.entry((rule.severity, rule.code)).or_insert_with(|| {
            let group = Group {
                rule,
                count: 0,
                subjects: Vec::new(),
            };
            (group, None)
        });
        group.count += 1;
        // A file's findings are contiguous: a subject differs from the
        // previous one exactly when it is new to this group.
        let identity = match finding.file {
            Some(file) => std::ptr::from_ref(file) as usize,
            None => std::ptr::from_ref(finding.input) as usize,
        };
        if *last != Some(identity) {
            group.subjects.push(finding.subject());
            *last = Some(identity);
        }
    }
    groups.into_values().map(|(group, _)| group).collect()
}

/// The tables that were not loaded although files fill their fields (which
/// then got the schema's format check only), in the catalogue's order,
/// and how many files fill such fields.
pub struct Unloaded {
    pub tables: Vec<&'static str>,
    pub files: usize,
}

pub fn unloaded_tables(outcome: &Outcome) -> Unloaded {
    let mut used = vec![false; CATALOGUE.len()];
    let mut files = 0;
    // Most files share one of a few lists (see `Tables`): each is read once.
    let mut seen: Vec<&crate::engine::Tables> = Vec::new();
    for file in outcome.files.iter().filter(|f| !f.unloaded_tables.is_empty()) {
        files += 1;
        if seen.iter().any(|list| list.is_same_list(&file.unloaded_tables)) {
            continue;
        }
        seen.push(&file.unloaded_tables);
        for name in &file.unloaded_tables {
            if let Some(at) = CATALOGUE.iter().position(|t| t.name == *name) {
                used[at] = true;
            }
        }
    }
    let tables = CATALOGUE
        .iter()
        .zip(used)
        .filter(|(_, used)| *used)
        .map(|(t, _)| t.name)
        .collect();
    Unloaded { tables, files }
}

/// Files whose schema errors stopped the business rules.
pub fn rules_skipped(outcome: &Outcome) -> usize {
    outcome.files.iter().filter(|f| f.rules_skipped).count()
}

/// Where a finding is on disk, for CI systems that point at files: a file
/// named on the command line or found in a folder is its own path; an entry
/// of an archive is the archive plus the entry's name.
pub struct Place<'a> {
    /// The file on disk (`-` for standard input).
    pub path: String,
    /// The entry inside the archive at `path`, when there is one.
    pub entry: Option<&'a str>,
}

impl Finding<'_> {
    pub fn place(&self) -> Place<'_> {
        let input = self.input;
        let Some(file) = self.file else {
            return Place {
                path: input.path.clone(),
                entry: None,
            };
        };
        match input.kind {
            // The current folder itself is "." (see `report::paths`):
            // its files are their own names, without "./".
            InputKind::Folder if input.path == "." => Place {
                path: file.name.clone(),
                entry: None,
            },
            InputKind::Folder => Place {
                path: format!("{}/{}", input.path.trim_end_matches(['/', '\\']), file.name),
                entry: None,
            },
            InputKind::Archive | InputKind::Stdin if self.in_container() => Place {
                path: input.path.clone(),
                entry: Some(&file.name),
            },
            _ => Place {
                path: input.path.clone(),
                entry: None,
            },
        }
    }

    /// The line to point at in [`Place::path`]: the finding's line in a
    /// file of its own; none inside an archive (the line is the entry's).
    pub fn line_in_place(&self) -> Option<u32> {
        match self.place().entry {
            Some(_) => None,
            None => self.diagnostic.position.map(|p| p.line),
        }
    }
}
