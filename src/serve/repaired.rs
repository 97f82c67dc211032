//! «Scarica l'archivio corretto»: `clic fix` on a run's uploads, in memory.
//! Computed when the page first asks (never during a plain check, which
//! stays as fast as `verify`), on the rayon pool, and kept with the run:
//! the page asks for the count, then for the archive, and a run keeps at
//! most one repaired copy of its uploads (runs themselves are capped, see
//! [`super::runs`]), so memory stays bounded by the uploads' size.
//!
//! The repairs themselves are kept too, as plain data mapped to the
//! run's files ([`RepairList`]): the page's reports list them.

use std::io::{Cursor, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::checks::Context;
use crate::engine::Outcome;
use crate::input::{Input, InputKind};
use crate::repair::output::{ArchiveFix, RepairList, default_output, fix_upload};

/// The name of the download when several archives or files were uploaded:
/// one .zip holding each one's repaired copy, named `NAME-corretto.EXT`.
pub const SEVERAL: &str = "clic-corretti.zip";

/// What the page downloads.
pub struct Repaired {
    /// Files changed by a repair, in all uploads.
    pub files: usize,
    /// The download's file name (`NAME-corretto.zip` for one upload).
    pub name: String,
    pub bytes: Vec<u8>,
    /// Every repair, by file of the run's outcome (folder uploads' files
    /// are not tried).
    pub list: RepairList,
}

/// `NAME-corretto.EXT` for an uploaded archive or file.
fn repaired_name(input: &Input) -> String {
    default_output(input)
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| SEVERAL.to_string())
}

/// Repairs every uploaded archive and file (folders chosen in the page
/// are left out: their files were sent one by one and have no archive to
/// rebuild). One upload gives its repaired copy; several, one .zip of
/// their copies. `None` when nothing could be rebuilt. `outcome` is the
/// run's check of `inputs`: each upload's repairs take their place among
/// its files.
pub fn repair(inputs: &[Input], outcome: &Outcome, ctx: &Context) -> Option<Repaired> {
    let mut copies = Vec::new();
    let mut files = 0;
    let mut list = RepairList::untried(outcome.files.len());
    for (index, input) in inputs.iter().enumerate() {
        if input.kind == InputKind::Folder {
            continue;
        }
        let Some(bytes) = input.memory_bytes() else {
            continue;
        };
        let Ok(fix) = fix_upload(&input.path, bytes.as_ref().clone(), ctx) else {
            continue;
        };
        files += fix.repaired_files();
        if let Some(checked) = outcome.inputs.get(index)
            && same_files(&fix, outcome, checked)
        {
            list.place(checked.files.clone(), fix.repair_list());
        }
        copies.push((repaired_name(input), fix.bytes));
    }
    match copies.len() {
        0 => None,
        1 => {
            let (name, bytes) = copies.pop()?;
            Some(Repaired {
                files,
                name,
                bytes,
                list,
            })
        }
        _ => {
            let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
            let options = SimpleFileOptions::default();
            let mut used = std::collections::HashSet::new();
            for (name, bytes) in copies {
                // Two uploads with the same name: the second gets its place number.
                let name = if used.insert(name.clone()) {
                    name
                } else {
                    let unique = format!("{}-{name}", used.len());
                    used.insert(unique.clone());
                    unique
                };
                zip.start_file(name, options).ok()?;
                zip.write_all(&bytes).ok()?;
            }
            let bytes = zip.finish().ok()?.into_inner();
            Some(Repaired {
                files,
                name: SEVERAL.to_string(),
                bytes,
                list,
            })
        }
    }
}

/// Whether the repair of one upload checked the same files, in the same
/// order, as the run did for that upload (the same engine on the same
/// bytes: always, unless something is badly wrong, in which case its
/// repairs are better left out of the report than put on other files).
fn same_files(fix: &ArchiveFix, outcome: &Outcome, checked: &crate::engine::InputResult) -> bool {
    let Some(run) = outcome.files.get(checked.files.clone()) else {
        return false;
    };
    fix.before.inputs.first().is_some_and(|i| i.path == checked.path)
        && run.len() == fix.before.files.len()
        && run.iter().zip(&fix.before.files).all(|(a, b)| a.name == b.name)
}
