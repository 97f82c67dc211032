//! Writing an archive's records: `DIR/<archive>/records.jsonl`, or one CSV
//! per entity. Everything is written into a hidden temporary folder beside
//! the target, flushed to disk, then renamed into place: after a crash
//! there is either the complete output or none.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Record;
use super::csv::Tables;
use crate::fsutil::sync_dir;
use crate::module::Module;

/// Format of the normalized records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    Jsonl,
    Csv,
}

/// The folder an archive's records go to: its file name without `.zip`,
/// made safe for any file system.
pub fn target(dir: &Path, archive: &str) -> PathBuf {
    let name = Path::new(archive)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    let stem = name
        .strip_suffix(".zip")
        .or_else(|| name.strip_suffix(".ZIP"))
        .unwrap_or(&name);
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join(if safe.is_empty() || safe.starts_with('.') {
        format!("archivio{safe}")
    } else {
        safe
    })
}

/// Writes the records and returns the files written (in their final place).
pub fn write(
    target: &Path,
    records: &[Record],
    format: RecordFormat,
    schemas: &[(Module, &xmlschema::Schema)],
) -> std::io::Result<Vec<PathBuf>> {
    let parent = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_leftovers(parent, &name);
    let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::create_dir_all(&temp)?;
    let result = write_files(&temp, records, format, schemas).and_then(|files| {
        sync_dir(&temp)?;
        replace_dir(&temp, target, parent, &name)?;
        Ok(files
            .into_iter()
            .map(|f| target.join(f.file_name().unwrap_or_default()))
            .collect())
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    result
}

fn write_files(
    dir: &Path,
    records: &[Record],
    format: RecordFormat,
    schemas: &[(Module, &xmlschema::Schema)],
) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    match format {
        RecordFormat::Jsonl => {
            let path = dir.join("records.jsonl");
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
            for record in records {
                serde_json::to_writer(&mut out, &record.to_json())?;
                out.write_all(b"\n")?;
            }
            let file = out.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            files.push(path);
        }
        RecordFormat::Csv => {
            let mut tables = Tables::new(schemas);
            for record in records {
                tables.add(record);
            }
            for (name, text) in tables.render() {
                let path = dir.join(format!("{name}.csv"));
                let mut file = std::fs::File::create(&path)?;
                file.write_all(text.as_bytes())?;
                file.sync_all()?;
                files.push(path);
            }
        }
    }
    Ok(files)
}

/// Puts the new folder in place of the old one (if any). The rename of a
/// folder onto a missing name is atomic; an existing one is moved aside
/// first and removed after.
fn replace_dir(temp: &Path, target: &Path, parent: &Path, name: &str) -> std::io::Result<()> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, &old)?;
    }
    std::fs::rename(temp, target)?;
    sync_dir(parent)?;
    if had_old {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

/// Temporary folders left by an import that crashed (hidden, never the output).
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    if let Ok(entries) = std::fs::read_dir(parent) {
        for entry in entries.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_named_after_the_archive() {
        let dir = Path::new("/out");
        assert_eq!(
            target(dir, "/data/curricula 2026.zip"),
            Path::new("/out/curricula_2026")
        );
        assert_eq!(target(dir, "-"), Path::new("/out/-"));
        assert_eq!(target(dir, ".zip"), Path::new("/out/archivio"));
    }
}
