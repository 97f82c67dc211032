//! «Scarica l'archivio corretto»: `clic fix` on a run's uploads, in memory.
//! Computed when the page first asks (never during a plain check, which
//! stays as fast as `verify`), on the rayon pool, and kept with the run:
//! the page asks for the count, then for the archive, and a run keeps at
//! most one repaired copy of its uploads (runs themselves are capped, see
//! [`super::runs`]), so memory stays bounded by the uploads' size.

use std::io::{Cursor, Write};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use crate::checks::Context;
use crate::input::{Input, InputKind};
use crate::repair::output::{default_output, fix_upload};

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
/// their copies. `None` when nothing could be rebuilt.
pub fn repair(inputs: &[Input], ctx: &Context) -> Option<Repaired> {
    let mut copies = Vec::new();
    let mut files = 0;
    for input in inputs {
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
        copies.push((repaired_name(input), fix.bytes));
    }
    match copies.len() {
        0 => None,
        1 => {
            let (name, bytes) = copies.pop()?;
            Some(Repaired { files, name, bytes })
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
            })
        }
    }
}
