//! Inputs: `.zip` archives, folders, single files and stdin become a list
//! of entries, each readable from any worker thread. Input-level findings
//! (a damaged archive, skipped system files) are diagnostics on the input.

pub mod archive;
pub mod diagnostics;
pub mod encoding;
pub mod limits;
pub mod shared;
pub mod signature;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::reason::{FileKind, SkippedEntry};
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
    Memory(Arc<Vec<u8>>),
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
pub(crate) const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";

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
        let mut head = [0u8; signature::HEAD];
        let head_len = (reader.len() as usize).min(signature::HEAD);
        let head = match reader.read_exact_at(&mut head[..head_len], 0) {
            Ok(()) => head[..head_len].to_vec(),
            Err(_) => Vec::new(),
        };
        let opened = Archive::open(reader, limits);
        let failed = opened.entries.is_empty()
            && opened
                .diagnostics
                .iter()
                .any(|d| d.rule.code == diagnostics::ARCHIVIO_DANNEGGIATO.code);
        // Not a zip at all (a RAR renamed .zip, an empty file): named for
        // what it is rather than for the zip structure it lacks.
        let not_a_zip = match signature::of_bytes(&head) {
            Some(FileKind::Zip) | None => None,
            Some(kind) if failed => Some(kind),
            Some(_) => None,
        };
        // A Word, Excel or LibreOffice file is a zip: one document, not an archive.
        let names: Vec<&str> = opened.entries.iter().map(|e| e.name.as_str()).collect();
        let office = match signature::zip_kind(&head, &names) {
            FileKind::Zip => None,
            kind => Some(kind),
        };
        if let Some(found) = not_a_zip.or(office) {
            let diagnostic = if matches!(
                found,
                FileKind::Word
                    | FileKind::Excel
                    | FileKind::PowerPoint
                    | FileKind::OpenDocument
                    | FileKind::OldOffice
            ) {
                Diagnostic::new(&diagnostics::CONTENUTO_NON_XML).reason("tipo", Reason::NotXml(found))
            } else {
                Diagnostic::new(&diagnostics::NON_UN_ZIP).reason("tipo", Reason::NotZip(found))
            };
            return Input {
                path: path.to_string(),
                kind: if kind == InputKind::Stdin {
                    InputKind::Stdin
                } else {
                    InputKind::File
                },
                diagnostics: Vec::new(),
                entries: vec![Entry {
                    name: path.to_string(),
                    origin: Origin::Rejected(vec![diagnostic]),
                }],
                archive: None,
            };
        }
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
        // Named .zip: an archive, as `Input::open` takes it, so that a
        // RAR renamed .zip is said to be no .zip wherever it comes from.
        let named_zip = !stdin && path.to_ascii_lowercase().ends_with(".zip");
        if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) || named_zip {
            let reader = SharedReader::memory(Arc::new(bytes));
            let kind = if stdin {
                InputKind::Stdin
            } else {
                InputKind::Archive
            };
            return Input::archive(path, kind, reader, limits);
        }
        let origin = if bytes.len() as u64 > limits.max_entry_bytes {
            // A stream is read one byte past the limit, no further: its
            // size is only known to be over it.
            let size = bytes.len() as u64;
            let rejection = if size == limits.max_entry_bytes + 1 {
                Diagnostic::new(&diagnostics::FILE_TROPPO_GRANDE)
                    .arg(
                        "dimensione",
                        format!("> {}", format_bytes(limits.max_entry_bytes)),
                    )
                    .arg("limite", format_bytes(limits.max_entry_bytes))
            } else {
                too_large(size, limits)
            };
            Origin::Rejected(vec![rejection])
        } else {
            Origin::Memory(Arc::new(bytes))
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

    /// A folder whose files are already in memory (chosen in `clic
    /// serve`'s page): its files sorted out as an archive's entries are,
    /// so that the same files give the same notes and warnings whether
    /// they come zipped or as a folder. `files` are named relative to the
    /// folder; a file that is not `.xml` is judged by its name only (the
    /// page does not send its bytes).
    pub fn memory_folder(path: &str, files: Vec<(String, Vec<u8>)>, limits: &Limits) -> Input {
        let mut input = Input {
            path: path.to_string(),
            kind: InputKind::Folder,
            diagnostics: Vec::new(),
            entries: Vec::new(),
            archive: None,
        };
        let mut files = files;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let total = files
            .iter()
            .fold(0u64, |sum, (_, b)| sum.saturating_add(b.len() as u64));
        if files.len() as u64 > limits.max_entries {
            input.diagnostics.push(too_many_entries(files.len(), limits));
            return input;
        }
        if total > limits.max_total_bytes {
            input.diagnostics.push(too_large_in_total(total, limits));
            return input;
        }
        for (name, bytes) in files {
            match archive::classify_name(&name) {
                archive::Sorted::Note(diagnostic) | archive::Sorted::Warning(diagnostic) => {
                    input.diagnostics.push(diagnostic)
                }
                archive::Sorted::Rejected(diagnostic) => input.entries.push(Entry {
                    name,
                    origin: Origin::Rejected(vec![diagnostic]),
                }),
                archive::Sorted::Read if bytes.len() as u64 > limits.max_entry_bytes => {
                    input.entries.push(Entry {
                        name,
                        origin: Origin::Rejected(vec![too_large(bytes.len() as u64, limits)]),
                    })
                }
                archive::Sorted::Read => input.entries.push(Entry {
                    name,
                    origin: Origin::Memory(Arc::from(bytes)),
                }),
            }
        }
        input
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

    /// The bytes of an archive or file given in memory (`clic serve`'s
    /// uploads), shared without copying: what a repair starts from. None
    /// for what was opened from disk, for a folder, and for a file refused
    /// before it was read.
    pub fn memory_bytes(&self) -> Option<Arc<Vec<u8>>> {
        match self.kind {
            InputKind::Archive | InputKind::Stdin => self.archive.as_ref()?.memory_bytes().cloned(),
            InputKind::File => match &self.entries.first()?.origin {
                Origin::Memory(bytes) => Some(Arc::clone(bytes)),
                _ => None,
            },
            InputKind::Folder => None,
        }
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
///
/// A stream is read under the limit of what it turns out to be: an
/// archive (it starts like a `.zip`) up to `--max-total-bytes`, a single
/// file up to `--max-entry-bytes`, as if it were a file on disk. One byte
/// past the limit is read, so that [`Input::from_bytes`] can refuse it,
/// and nothing more.
pub fn read_stream(path: &str, limits: &Limits) -> std::io::Result<Option<Vec<u8>>> {
    if path == "-" {
        return read_limited(std::io::stdin().lock(), limits).map(Some);
    }
    let metadata = std::fs::metadata(path)?;
    if metadata.is_file() || metadata.is_dir() {
        return Ok(None);
    }
    read_limited(File::open(path)?, limits).map(Some)
}

/// A stream's bytes: its first four say which limit applies, then at
/// most one byte past that limit.
fn read_limited(mut stream: impl Read, limits: &Limits) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    (&mut stream)
        .take(ZIP_MAGIC.len() as u64)
        .read_to_end(&mut bytes)?;
    let limit = if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        limits.max_total_bytes
    } else {
        limits.max_entry_bytes
    };
    let rest = (limit + 1).saturating_sub(bytes.len() as u64);
    stream.take(rest).read_to_end(&mut bytes)?;
    Ok(bytes)
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

#[cfg(test)]
mod stream_tests {
    use super::*;

    /// A reader that counts the bytes taken from it.
    struct Counted<R> {
        inner: R,
        taken: std::rc::Rc<std::cell::Cell<usize>>,
    }

    impl<R: Read> Read for Counted<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.taken.set(self.taken.get() + n);
            Ok(n)
        }
    }

    fn read(bytes: Vec<u8>, limits: &Limits) -> (Vec<u8>, usize) {
        let taken = std::rc::Rc::new(std::cell::Cell::new(0));
        let stream = Counted {
            inner: std::io::Cursor::new(bytes),
            taken: taken.clone(),
        };
        (read_limited(stream, limits).unwrap(), taken.get())
    }

    /// A document on a stream is read up to `--max-entry-bytes` and one
    /// byte, then refused as a file on disk would be; an archive gets
    /// `--max-total-bytes`; nothing past the limit is read.
    #[test]
    fn a_stream_is_read_under_the_limit_of_what_it_is() {
        let limits = Limits {
            max_entry_bytes: 1000,
            max_total_bytes: 5000,
            ..Limits::default()
        };
        let (bytes, taken) = read(vec![b'<'; 1_000_000], &limits);
        assert_eq!((bytes.len(), taken), (1001, 1001));
        let input = Input::from_bytes("-", bytes, &limits);
        let Origin::Rejected(why) = &input.entries[0].origin else {
            panic!("not refused");
        };
        assert_eq!(why[0].rule.code, "CL0003");
        assert_eq!(
            why[0].get("dimensione"),
            Some(&crate::diagnostic::Arg::Plain("> 1000 B".into()))
        );
        let (bytes, taken) = read(vec![b'<'; 1000], &limits);
        assert_eq!((bytes.len(), taken), (1000, 1000));
        let mut zip = ZIP_MAGIC.to_vec();
        zip.resize(1_000_000, 0);
        let (bytes, taken) = read(zip, &limits);
        assert_eq!((bytes.len(), taken), (5001, 5001));
        let (bytes, _) = read(b"PK".to_vec(), &limits);
        assert_eq!(bytes, b"PK");
    }
}
