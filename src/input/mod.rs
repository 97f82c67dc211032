//! Inputs: `.zip` archives, folders, single files and stdin become a list
//! of entries, each readable from any worker thread. Input-level findings
//! (a damaged archive, skipped system files) are diagnostics on the input.

pub mod archive;
pub mod diagnostics;
pub mod encoding;
pub mod limits;
pub mod shared;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::reason::SkippedEntry;
use crate::diagnostic::{Diagnostic, Reason};
use archive::Archive;
use limits::{Limits, format_bytes};
use shared::SharedReader;

/// What kind of thing the user named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Archive,
    Folder,
    File,
    Stdin,
}

/// One path given on the command line, opened.
pub struct Input {
    /// As the user wrote it (`-` for stdin).
    pub path: String,
    pub kind: InputKind,
    /// Findings about the input as a whole.
    pub diagnostics: Vec<Diagnostic>,
    pub entries: Vec<Entry>,
    archive: Option<Archive>,
}

/// One file to check inside an input.
pub struct Entry {
    /// Entry name inside the archive, path relative to the folder, or the path itself.
    pub name: String,
    pub(crate) origin: Origin,
}

pub(crate) enum Origin {
    Zip(usize),
    Path(PathBuf),
    Memory(Arc<[u8]>),
    /// Not read: these diagnostics say why.
    Rejected(Vec<Diagnostic>),
}

/// Why an input could not be opened at all (exit code 2).
#[derive(Debug)]
pub struct OpenError {
    pub path: String,
    pub reason: std::io::Error,
}

pub(crate) const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";

impl Input {
    /// Opens a path (or `-`) and lists what it holds.
    pub fn open(path: &str, limits: &Limits) -> Result<Input, OpenError> {
        let fail = |reason| OpenError {
            path: path.to_string(),
            reason,
        };
        if let Some(bytes) = read_stream(path, limits).map_err(fail)? {
            return Ok(Input::from_bytes(path, bytes, limits));
        }
        let fs_path = Path::new(path);
        let metadata = std::fs::metadata(fs_path).map_err(fail)?;
        if metadata.is_dir() {
            return Input::folder(path, fs_path, limits).map_err(fail);
        }
        let mut file = File::open(fs_path).map_err(fail)?;
        let mut magic = [0u8; 4];
        let read = read_up_to(&mut file, &mut magic).map_err(fail)?;
        let looks_zip = magic[..read] == *ZIP_MAGIC || magic[..read] == *EMPTY_ZIP_MAGIC;
        if looks_zip || path.to_ascii_lowercase().ends_with(".zip") {
            let reader = SharedReader::file(file).map_err(fail)?;
            return Ok(Input::archive(path, InputKind::Archive, reader, limits));
        }
        let entry = file_entry(path.to_string(), fs_path.to_path_buf(), metadata.len(), limits);
        Ok(Input {
            path: path.to_string(),
            kind: InputKind::File,
            diagnostics: Vec::new(),
            entries: vec![entry],
            archive: None,
        })
    }

    fn archive(path: &str, kind: InputKind, reader: SharedReader, limits: &Limits) -> Input {
        let opened = Archive::open(reader, limits);
        Input {
            path: path.to_string(),
            kind,
            diagnostics: opened.diagnostics,
            entries: opened.entries,
            archive: Some(opened.archive),
        }
    }

    /// An input already read into memory by [`read_stream`]: an archive if
    /// it starts like one, otherwise a single file.
    pub fn from_bytes(path: &str, bytes: Vec<u8>, limits: &Limits) -> Input {
        let stdin = path == "-";
        if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
            let reader = SharedReader::memory(Arc::from(bytes));
            let kind = if stdin {
                InputKind::Stdin
            } else {
                InputKind::Archive
            };
            return Input::archive(path, kind, reader, limits);
        }
        let origin = if bytes.len() as u64 > limits.max_entry_bytes {
            Origin::Rejected(vec![too_large(bytes.len() as u64, limits)])
        } else {
            Origin::Memory(Arc::from(bytes))
        };
        Input {
            path: path.into(),
            kind: if stdin { InputKind::Stdin } else { InputKind::File },
            diagnostics: Vec::new(),
            entries: vec![Entry {
                name: path.into(),
                origin,
            }],
            archive: None,
        }
    }

    /// Where an archive entry's local header starts in the zip file.
    pub fn zip_header_start(&self, entry: &Entry) -> Option<u64> {
        match (&entry.origin, &self.archive) {
            (Origin::Zip(index), Some(archive)) => archive.header_start(*index),
            _ => None,
        }
    }

    /// Whether this input is a zip archive (a file, a pipe or stdin).
    pub fn is_archive(&self) -> bool {
        self.archive.is_some()
    }

    fn folder(path: &str, root: &Path, limits: &Limits) -> std::io::Result<Input> {
        let mut found = Vec::new();
        let mut skipped = Vec::new();
        walk(root, root, &mut found, &mut skipped, limits.max_entries)?;
        found.sort();
        let mut input = Input {
            path: path.to_string(),
            kind: InputKind::Folder,
            diagnostics: skipped
                .into_iter()
                .map(|(name, why)| {
                    Diagnostic::new(&diagnostics::VOCE_IGNORATA)
                        .arg("nome", name)
                        .reason("motivo", Reason::Skipped(why))
                })
                .collect(),
            entries: Vec::new(),
            archive: None,
        };
        if found.len() as u64 > limits.max_entries {
            // The walk stops past the limit: the true count is unknown.
            input
                .diagnostics
                .push(too_many_entries(format!("> {}", limits.max_entries), limits));
            return Ok(input);
        }
        let total = found
            .iter()
            .fold(0u64, |sum, (_, _, size)| sum.saturating_add(*size));
        if total > limits.max_total_bytes {
            input.diagnostics.push(too_large_in_total(total, limits));
            return Ok(input);
        }
        for (name, file, size) in found {
            input.entries.push(file_entry(name, file, size, limits));
        }
        Ok(input)
    }

    /// Whether this input is a container (which must hold at least one communication).
    pub fn is_container(&self) -> bool {
        matches!(self.kind, InputKind::Archive | InputKind::Folder)
            || (self.kind == InputKind::Stdin && self.archive.is_some())
    }

    /// Reads the bytes of one entry, or the diagnostics that stand in for it.
    pub fn read(&self, entry: &Entry, limits: &Limits) -> Result<Vec<u8>, Vec<Diagnostic>> {
        match &entry.origin {
            Origin::Rejected(diagnostics) => Err(diagnostics.clone()),
            Origin::Memory(bytes) => Ok(bytes.to_vec()),
            Origin::Path(path) => read_file(path, limits).map_err(|d| vec![d]),
            Origin::Zip(index) => match &self.archive {
                Some(archive) => archive.read(*index, limits).map_err(|d| vec![d]),
                None => Err(Vec::new()),
            },
        }
    }
}

fn file_entry(name: String, path: PathBuf, size: u64, limits: &Limits) -> Entry {
    let origin = if size > limits.max_entry_bytes {
        Origin::Rejected(vec![too_large(size, limits)])
    } else {
        Origin::Path(path)
    };
    Entry { name, origin }
}

/// A file past `--max-entry-bytes`.
fn too_large(size: u64, limits: &Limits) -> Diagnostic {
    Diagnostic::new(&diagnostics::FILE_TROPPO_GRANDE)
        .arg("dimensione", format_bytes(size))
        .arg("limite", format_bytes(limits.max_entry_bytes))
}

/// An archive or folder past `--max-entries`.
fn too_many_entries(entries: impl ToString, limits: &Limits) -> Diagnostic {
    Diagnostic::new(&diagnostics::TROPPE_VOCI)
        .arg("voci", entries)
        .arg("limite", limits.max_entries)
}

/// An archive or folder past `--max-total-bytes`.
fn too_large_in_total(total: u64, limits: &Limits) -> Diagnostic {
    Diagnostic::new(&diagnostics::ARCHIVIO_TROPPO_GRANDE)
        .arg("dimensione", format_bytes(total))
        .arg("limite", format_bytes(limits.max_total_bytes))
}

fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    let result = File::open(path).and_then(|f| f.take(limits.max_entry_bytes + 1).read_to_end(&mut bytes));
    match result {
        // The system's own reason, the same in both languages.
        Err(e) => Err(Diagnostic::new(&diagnostics::FILE_ILLEGGIBILE).arg("motivo", e)),
        Ok(_) if bytes.len() as u64 > limits.max_entry_bytes => Err(too_large(bytes.len() as u64, limits)),
        Ok(_) => Ok(bytes),
    }
}

/// The bytes of `-` (stdin) or of a path that is neither a regular file
/// nor a folder (a pipe such as `<(cat f)` or `/dev/stdin`, a FIFO, a
/// device), read once: such a source cannot be read a second time. `None`
/// for regular files and folders, which are read where they are.
pub fn read_stream(path: &str, limits: &Limits) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .take(limits.max_total_bytes + 1)
            .read_to_end(&mut bytes)?;
        return Ok(Some(bytes));
    }
    let metadata = std::fs::metadata(path)?;
    if metadata.is_file() || metadata.is_dir() {
        return Ok(None);
    }
    File::open(path)?
        .take(limits.max_total_bytes + 1)
        .read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Collects `*.xml` files below `dir` (relative name with `/`, full path,
/// size), skipping hidden files and folders, and Windows clutter into
/// `skipped` (to be noted); stops early past `max` files. Symbolic links
/// to folders are not followed, so a link loop cannot hang it.
fn walk(
    root: &Path,
    dir: &Path,
    found: &mut Vec<(String, PathBuf, u64)>,
    skipped: &mut Vec<(String, SkippedEntry)>,
    max: u64,
) -> std::io::Result<()> {
    let mut children: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    children.sort_by_key(|e| e.file_name());
    for child in children {
        if found.len() as u64 > max {
            return Ok(());
        }
        let name = child.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let file_type = child.file_type()?;
        let path = child.path();
        let relative = || {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        };
        if file_type.is_dir() {
            walk(root, &path, found, skipped, max)?;
        } else if let Some(why) = archive::windows_clutter(&name) {
            skipped.push((relative(), why));
        } else if name.to_ascii_lowercase().ends_with(".xml")
            && let Some(size) = std::fs::metadata(&path)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len())
        {
            found.push((relative(), path, size));
        }
    }
    Ok(())
}
