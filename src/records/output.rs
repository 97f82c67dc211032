//! Writing an archive's records: `DIR/<archive>-<hash>/records.jsonl`, or
//! one CSV per entity. Everything is written into a hidden temporary folder beside
//! the target, flushed to disk, then renamed into place: after a crash
//! there is either the complete output or none.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Shape;
use super::csv::Layout;
use crate::fsutil::{aside_path, parent_dir, remove_leftovers, sync_dir, temp_path};
use crate::module::Module;

/// Format of the normalized records (`import --records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFormat {
    Jsonl,
    Csv,
}

/// What records are written as: JSON lines, or CSV tables laid out once
/// per run.
pub enum Output {
    Jsonl,
    Csv(Layout),
}

impl Output {
    /// The output in `format` of records of these shapes (the CSV layout
    /// is worked out only for CSV).
    pub fn new(format: RecordFormat, shapes: &[(Module, Shape)]) -> Output {
        match format {
            RecordFormat::Jsonl => Output::Jsonl,
            RecordFormat::Csv => Output::Csv(Layout::new(shapes)),
        }
    }
}

/// The folder an archive's records go to: its file name without `.zip`,
/// made safe for any file system, then the first 12 hex digits of its
/// SHA-256, so two archives with the same name never share a folder.
pub fn target(dir: &Path, archive: &str, sha256: &str) -> PathBuf {
    let name = Path::new(archive)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != "-")
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
    let safe = if safe.is_empty() || safe.starts_with('.') {
        format!("archivio{safe}")
    } else {
        safe
    };
    dir.join(format!("{safe}-{}", &sha256[..12.min(sha256.len())]))
}

/// Writes an archive's records as they come, into a hidden temporary
/// folder; `commit` puts the folder in place, `abort` (or a drop without
/// commit) removes it. Memory stays bounded whatever the archive's size.
pub struct RecordWriter {
    target: PathBuf,
    temp: PathBuf,
    sink: Sink,
    committed: bool,
}

enum Sink {
    Jsonl(std::io::BufWriter<std::fs::File>),
    /// One writer per entity, in the layout's order: a row's entity index
    /// is its writer's.
    Csv(Vec<(String, csv::Writer<std::io::BufWriter<std::fs::File>>)>),
}

/// One record made ready in a worker: a JSON line, or CSV rows, each with
/// the index of its entity in the layout.
pub enum Fragment {
    Line(String),
    Rows(Vec<(usize, Vec<String>)>),
}

impl RecordWriter {
    pub fn create(target: &Path, output: &Output) -> std::io::Result<RecordWriter> {
        let parent = parent_dir(target);
        std::fs::create_dir_all(parent)?;
        remove_leftovers(target);
        let temp = temp_path(target);
        std::fs::create_dir_all(&temp)?;
        let file = |name: &str| -> std::io::Result<_> {
            Ok(std::io::BufWriter::with_capacity(
                1 << 20,
                std::fs::File::create(temp.join(name))?,
            ))
        };
        let sink = match output {
            Output::Jsonl => Sink::Jsonl(file("records.jsonl")?),
            Output::Csv(layout) => {
                let mut writers = Vec::new();
                for (entity, columns) in layout.entities() {
                    let mut writer = csv::WriterBuilder::new()
                        .terminator(csv::Terminator::Any(b'\n'))
                        .from_writer(file(&format!("{entity}.csv"))?);
                    writer.write_record(columns)?;
                    writers.push((entity.to_string(), writer));
                }
                Sink::Csv(writers)
            }
        };
        Ok(RecordWriter {
            target: target.to_path_buf(),
            temp,
            sink,
            committed: false,
        })
    }

    pub fn write(&mut self, fragment: Fragment) -> std::io::Result<()> {
        match (&mut self.sink, fragment) {
            (Sink::Jsonl(out), Fragment::Line(line)) => {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")
            }
            (Sink::Csv(writers), Fragment::Rows(rows)) => {
                for (entity, row) in rows {
                    if let Some((_, writer)) = writers.get_mut(entity) {
                        writer.write_record(&row)?;
                    }
                }
                Ok(())
            }
            // A fragment made for the other format: a bug, not the disk's fault.
            _ => Err(std::io::ErrorKind::InvalidInput.into()),
        }
    }

    /// Flushes everything to disk and puts the folder in place; returns the
    /// files written, in their final place.
    pub fn commit(mut self) -> std::io::Result<Vec<PathBuf>> {
        let mut names = Vec::new();
        match std::mem::replace(&mut self.sink, Sink::Csv(Vec::new())) {
            Sink::Jsonl(out) => {
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                names.push("records.jsonl".to_string());
            }
            Sink::Csv(writers) => {
                for (entity, writer) in writers {
                    let inner = writer
                        .into_inner()
                        .map_err(|e| std::io::Error::other(e.to_string()))?;
                    inner.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                    names.push(format!("{entity}.csv"));
                }
            }
        }
        sync_dir(&self.temp)?;
        replace_dir(&self.temp, &self.target)?;
        self.committed = true;
        Ok(names.into_iter().map(|n| self.target.join(n)).collect())
    }
}

impl Drop for RecordWriter {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

/// Puts the new folder in place of the old one (if any). The rename of a
/// folder onto a missing name is atomic; an existing one is moved aside
/// first and removed after. Another process may put its own folder in
/// place between the two renames: the move aside is then done again.
fn replace_dir(temp: &Path, target: &Path) -> std::io::Result<()> {
    let parent = parent_dir(target);
    let old = aside_path(target);
    let mut tries = 0;
    loop {
        let had_old = match std::fs::rename(target, &old) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(e),
        };
        match std::fs::rename(temp, target) {
            Ok(()) => {
                if had_old {
                    std::fs::remove_dir_all(&old)?;
                }
                return sync_dir(parent);
            }
            Err(e)
                if tries < 10
                    && matches!(
                        e.kind(),
                        std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists
                    ) =>
            {
                if had_old {
                    std::fs::remove_dir_all(&old)?;
                }
                tries += 1;
            }
            Err(e) => {
                if had_old {
                    let _ = std::fs::rename(&old, target);
                }
                return Err(e);
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
        let sha = "0123456789abcdef0123";
        assert_eq!(
            target(dir, "/data/curricula 2026.zip", sha),
            Path::new("/out/curricula_2026-0123456789ab")
        );
        assert_eq!(target(dir, "-", sha), Path::new("/out/stdin-0123456789ab"));
        assert_eq!(target(dir, ".zip", sha), Path::new("/out/archivio-0123456789ab"));
    }
}
