//! Writing what `clic fix` repaired: a new archive, folder or file beside
//! the input (never over it). Entries nobody repaired are copied as they
//! are: an archive's entries raw (compressed data, names, timestamps,
//! permissions and order untouched), a folder's files with their
//! modification times. A repaired entry keeps its name, place, timestamp
//! and compression method.
//!
//! [`fix_upload`] is the same in memory, for `clic serve`'s «Scarica
//! l'archivio corretto».

use std::collections::HashMap;
use std::io::{self, Cursor, Read, Seek, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{FileFix, Fixed, assemble, fix_checked};
use crate::checks::Context;
use crate::engine::{self, Keep, Outcome};
use crate::input::{Input, InputKind};

/// Why an output could not be written (exit code 2).
#[derive(Debug)]
pub enum OutputError {
    /// `--out` names one output, and there are several inputs.
    OutWithSeveralInputs,
    /// The output would be the input itself.
    SameAsInput(PathBuf),
    /// A folder to write that already exists (never merged into).
    FolderExists(PathBuf),
    /// Standard input has no name to write beside: `--out` is needed
    /// unless the output goes to standard output.
    Io { path: PathBuf, reason: String },
    /// The input archive could not be read again to be copied.
    Archive { path: PathBuf, reason: String },
}

/// The output of one input, when none is given: `NAME-corretto.zip`,
/// folder `NAME-corretto`, file `NAME-corretto.xml`, beside the input.
pub fn default_output(input: &Input) -> Option<PathBuf> {
    let path = Path::new(input.path.trim_end_matches(['/', '\\']));
    let parent = crate::fsutil::parent_dir(path);
    let name = path.file_name()?.to_string_lossy().into_owned();
    let output = match input.kind {
        InputKind::Stdin => return None,
        InputKind::Folder => format!("{name}-corretto"),
        InputKind::Archive | InputKind::File => match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{stem}-corretto.{ext}"),
            _ => format!("{name}-corretto"),
        },
    };
    Some(parent.join(output))
}

/// The repaired bytes of an input's entries, by entry index.
pub fn repaired_entries<'a>(
    outcome: &Outcome,
    input: usize,
    files: &'a [FileFix],
) -> HashMap<usize, &'a [u8]> {
    let range = outcome.inputs[input].files.clone();
    range
        .clone()
        .filter_map(|i| files[i].bytes.as_deref().map(|b| (i - range.start, b)))
        .collect()
}

/// Writes the repaired copy of `input` to `dest` (a temporary name first,
/// renamed once complete). `repaired` maps entry indexes to new bytes.
pub fn write(
    input: &Input,
    repaired: &HashMap<usize, &[u8]>,
    source: Option<&[u8]>,
    dest: &Path,
) -> Result<(), OutputError> {
    let io_error = |path: &Path, e: io::Error| OutputError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    if input.kind != InputKind::Stdin && same_file(Path::new(&input.path), dest) {
        return Err(OutputError::SameAsInput(dest.to_path_buf()));
    }
    if input.is_archive() {
        let by_zip_index = zip_indexes(input, repaired);
        // Streamed to a temporary file beside the output, renamed once
        // complete: the new archive is never held in memory.
        let temp = crate::fsutil::temp_path(dest);
        let out = std::fs::File::create(&temp)
            .and_then(crate::fsutil::SeekBufWriter::new)
            .map_err(|e| io_error(dest, e))?;
        let copied = match source {
            Some(bytes) => copy_zip(Cursor::new(bytes), &by_zip_index, out),
            None => match std::fs::File::open(&input.path) {
                Ok(file) => match crate::fsutil::SeekBufReader::new(file) {
                    Ok(file) => copy_zip(file, &by_zip_index, out),
                    Err(e) => Err(e.into()),
                },
                Err(e) => Err(e.into()),
            },
        };
        let renamed = copied
            .map_err(|e| OutputError::Archive {
                path: PathBuf::from(&input.path),
                reason: e.to_string(),
            })
            .and_then(|()| std::fs::rename(&temp, dest).map_err(|e| io_error(dest, e)));
        if renamed.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        return renamed;
    }
    match input.kind {
        InputKind::Folder => write_folder(input, repaired, dest),
        _ => {
            match (repaired.get(&0), source) {
                (Some(new), _) => crate::fsutil::write_atomic(dest, new),
                (None, Some(original)) => crate::fsutil::write_atomic(dest, original),
                // Copied, not read: a file over the size limit is never in memory.
                (None, None) => {
                    let temp = crate::fsutil::temp_path(dest);
                    std::fs::copy(&input.path, &temp)
                        .and_then(|_| std::fs::rename(&temp, dest))
                        .inspect_err(|_| {
                            let _ = std::fs::remove_file(&temp);
                        })
                }
            }
            .map_err(|e| io_error(dest, e))?;
            if input.kind == InputKind::File {
                keep_modified(Path::new(&input.path), dest);
            }
            Ok(())
        }
    }
}

/// Writes the repaired copy of a single-file input (or of standard input
/// that is not an archive) to `out`.
pub fn write_stream(
    input: &Input,
    repaired: &HashMap<usize, &[u8]>,
    source: &[u8],
    out: &mut dyn Write,
) -> Result<(), OutputError> {
    let fail = |e: &dyn std::fmt::Display| OutputError::Io {
        path: PathBuf::from("-"),
        reason: e.to_string(),
    };
    if input.is_archive() {
        let mut buffer = Cursor::new(Vec::new());
        copy_zip(Cursor::new(source), &zip_indexes(input, repaired), &mut buffer).map_err(|e| fail(&e))?;
        return out.write_all(&buffer.into_inner()).map_err(|e| fail(&e));
    }
    let bytes = repaired.get(&0).copied().unwrap_or(source);
    out.write_all(bytes).map_err(|e| fail(&e))
}

/// The repaired entries by where their local header starts in the zip.
fn zip_indexes<'a>(input: &Input, repaired: &HashMap<usize, &'a [u8]>) -> HashMap<u64, &'a [u8]> {
    repaired
        .iter()
        .filter_map(|(entry, bytes)| {
            let start = input.zip_header_start(input.entries.get(*entry)?)?;
            Some((start, *bytes))
        })
        .collect()
}

/// Copies every entry of an archive in order: raw where not repaired,
/// rewritten with the same name, timestamp, permissions and method where
/// repaired. `repaired` is keyed by where each entry's local header starts.
pub fn copy_zip<R: Read + Seek, W: Write + Seek>(
    source: R,
    repaired: &HashMap<u64, &[u8]>,
    out: W,
) -> zip::result::ZipResult<()> {
    let mut archive = ZipArchive::new(source)?;
    let mut writer = ZipWriter::new(out);
    if !archive.comment().is_empty() {
        writer.set_raw_comment(archive.comment().to_vec().into_boxed_slice())?;
    }
    let metadata = archive.metadata();
    for index in 0..archive.len() {
        let entry = metadata.entry(index)?;
        let ready = match repaired.get(&entry.header_start()) {
            Some(bytes) => Some(ready_entry(&EntryOptions::of(&entry)?, bytes)?),
            None => None,
        };
        copy_entry(&mut archive, index, ready.as_deref(), &mut writer)?;
    }
    writer.finish()?.flush()?;
    Ok(())
}

/// What a repaired entry keeps of the original: its name, method,
/// timestamp and permissions (from the central directory).
struct EntryOptions {
    name: String,
    stored: bool,
    modified: Option<zip::DateTime>,
    mode: Option<u32>,
}

impl EntryOptions {
    fn of(entry: &zip::read::ZipFileEntry<'_>) -> zip::result::ZipResult<Self> {
        Ok(EntryOptions {
            name: entry.name()?.to_string(),
            stored: entry.compression() == CompressionMethod::Stored,
            modified: entry.last_modified(),
            mode: entry.unix_mode(),
        })
    }
}

/// A repaired entry made ready to copy: compressed into an archive of its
/// own, with the original entry's name, method, timestamp and
/// permissions. Made by the worker that repaired it, outside any lock, so
/// that the compression runs in parallel; the writer then copies it raw.
fn ready_entry(options: &EntryOptions, bytes: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let method = if options.stored {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    };
    let mut file_options = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(bytes.len() as u64 >= u64::from(u32::MAX));
    if let Some(time) = options.modified {
        file_options = file_options.last_modified_time(time);
    }
    if let Some(mode) = options.mode {
        file_options = file_options.unix_permissions(mode);
    }
    let mut one = ZipWriter::new(Cursor::new(Vec::new()));
    one.start_file(options.name.clone(), file_options)?;
    one.write_all(bytes)?;
    Ok(one.finish()?.into_inner())
}

/// Copies entry `index` of `archive` into `writer`: raw, or, when `ready`
/// is given, the repaired entry [`ready_entry`] made in its place.
fn copy_entry<R: Read + Seek, W: Write + Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    ready: Option<&[u8]>,
    writer: &mut ZipWriter<W>,
) -> zip::result::ZipResult<()> {
    match ready {
        None => writer.raw_copy_file(archive.by_index_raw(index)?),
        Some(ready) => {
            let mut one = ZipArchive::new(Cursor::new(ready))?;
            writer.raw_copy_file(one.by_index_raw(0)?)
        }
    }
}

/// A source archive read again to be copied: the file, or the bytes of a
/// stream.
trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

/// What became of a checked entry, for [`StreamedArchive`].
enum Settled {
    Waiting,
    Unchanged,
    /// Repaired: the entry made ready by [`ready_entry`].
    Repaired(Vec<u8>),
    /// Its repaired copy could not be made (the output fails).
    Failed(String),
    Written,
}

/// The repaired copy of an archive, written while its files are checked:
/// each entry goes out as soon as it and every entry before it are
/// settled, so writing overlaps the checks instead of following them.
/// A worker settles its entry (a repaired one compressed first, outside
/// any lock) and, if no other worker is writing, writes what can be
/// written; if one is, it goes back to checking and the writer, or the
/// next worker to settle, takes its entry. What waits in memory is only
/// entries settled ahead of their turn (at most about the engine's chunk).
pub struct StreamedArchive<'a> {
    /// Per checked entry: how its repaired copy is written.
    options: Vec<Option<EntryOptions>>,
    /// The checked entry at each zip index (`None`: copied as it is).
    entry_of_zip: Vec<Option<usize>>,
    settled: std::sync::Mutex<Vec<Settled>>,
    writing: std::sync::Mutex<Writing<'a>>,
}

/// The writer's side of a [`StreamedArchive`].
struct Writing<'a> {
    source: ZipArchive<Box<dyn Source + 'a>>,
    writer: Option<ZipWriter<crate::fsutil::SeekBufWriter<std::fs::File>>>,
    /// The next zip index to write.
    next: usize,
    input_path: String,
    temp: PathBuf,
    dest: PathBuf,
    failed: Option<OutputError>,
}

impl<'a> StreamedArchive<'a> {
    /// Opens the source again and creates the temporary file beside
    /// `dest`; nothing is written to `dest` before [`Self::finish`].
    pub fn create(input: &Input, source: Option<&'a [u8]>, dest: &Path) -> Result<Self, OutputError> {
        if input.kind != InputKind::Stdin && same_file(Path::new(&input.path), dest) {
            return Err(OutputError::SameAsInput(dest.to_path_buf()));
        }
        let archive_error = |e: &dyn std::fmt::Display| OutputError::Archive {
            path: PathBuf::from(&input.path),
            reason: e.to_string(),
        };
        let reader: Box<dyn Source + 'a> = match source {
            Some(bytes) => Box::new(Cursor::new(bytes)),
            None => Box::new(
                std::fs::File::open(&input.path)
                    .and_then(crate::fsutil::SeekBufReader::new)
                    .map_err(|e| archive_error(&e))?,
            ),
        };
        let source = ZipArchive::new(reader).map_err(|e| archive_error(&e))?;
        // The checked entries by where their local header starts, matched
        // with the zip's own list (its central directory, no reading).
        let entry_at: HashMap<u64, usize> = input
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| Some((input.zip_header_start(entry)?, i)))
            .collect();
        let metadata = source.metadata();
        let mut options: Vec<Option<EntryOptions>> = (0..input.entries.len()).map(|_| None).collect();
        let mut entry_of_zip = Vec::with_capacity(source.len());
        for index in 0..source.len() {
            let entry = metadata.entry(index).map_err(|e| archive_error(&e))?;
            let checked = entry_at.get(&entry.header_start()).copied();
            if let Some(i) = checked {
                options[i] = Some(EntryOptions::of(&entry).map_err(|e| archive_error(&e))?);
            }
            entry_of_zip.push(checked);
        }
        let temp = crate::fsutil::temp_path(dest);
        let writer = std::fs::File::create(&temp)
            .and_then(crate::fsutil::SeekBufWriter::new)
            .map_err(|e| OutputError::Io {
                path: dest.to_path_buf(),
                reason: e.to_string(),
            })?;
        let mut writing = Writing {
            writer: Some(ZipWriter::new(writer)),
            source,
            next: 0,
            input_path: input.path.clone(),
            temp,
            dest: dest.to_path_buf(),
            failed: None,
        };
        if !writing.source.comment().is_empty() {
            let comment = writing.source.comment().to_vec().into_boxed_slice();
            if let Some(writer) = writing.writer.as_mut()
                && let Err(e) = writer.set_raw_comment(comment)
            {
                return Err(archive_error(&e));
            }
        }
        Ok(StreamedArchive {
            options,
            entry_of_zip,
            settled: std::sync::Mutex::new((0..input.entries.len()).map(|_| Settled::Waiting).collect()),
            writing: std::sync::Mutex::new(writing),
        })
    }

    /// Entry `entry` (of the input's entries) is settled: repaired with
    /// these bytes, or unchanged. Writes what can be written now, unless
    /// another worker is writing.
    pub fn settle(&self, entry: usize, repaired: Option<Vec<u8>>) {
        let settled = match repaired {
            None => Settled::Unchanged,
            Some(bytes) => match self.options.get(entry).and_then(Option::as_ref) {
                Some(options) => match ready_entry(options, &bytes) {
                    Ok(ready) => Settled::Repaired(ready),
                    Err(e) => Settled::Failed(e.to_string()),
                },
                // A repaired entry the zip does not list: never copied
                // as it was, the output fails instead.
                None => Settled::Failed(zip::result::ZipError::FileNotFound.to_string()),
            },
        };
        {
            let mut all = lock(&self.settled);
            if let Some(slot @ Settled::Waiting) = all.get_mut(entry) {
                *slot = settled;
            }
        }
        let writing = match self.writing.try_lock() {
            Ok(writing) => writing,
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return,
        };
        self.advance(writing);
    }

    /// Writes the entries in the archive's order up to the first checked
    /// entry that is not settled yet.
    fn advance(&self, mut writing: std::sync::MutexGuard<'_, Writing<'a>>) {
        let writing = &mut *writing;
        while writing.failed.is_none() && writing.next < self.entry_of_zip.len() {
            let index = writing.next;
            let ready = match self.entry_of_zip[index] {
                None => None,
                Some(entry) => {
                    let mut all = lock(&self.settled);
                    match std::mem::replace(&mut all[entry], Settled::Written) {
                        Settled::Waiting => {
                            all[entry] = Settled::Waiting;
                            return;
                        }
                        Settled::Unchanged | Settled::Written => None,
                        Settled::Repaired(ready) => Some(ready),
                        Settled::Failed(reason) => {
                            writing.failed = Some(OutputError::Archive {
                                path: PathBuf::from(&writing.input_path),
                                reason,
                            });
                            return;
                        }
                    }
                }
            };
            let Some(writer) = writing.writer.as_mut() else {
                return;
            };
            if let Err(e) = copy_entry(&mut writing.source, index, ready.as_deref(), writer) {
                writing.failed = Some(OutputError::Archive {
                    path: PathBuf::from(&writing.input_path),
                    reason: e.to_string(),
                });
                return;
            }
            writing.next += 1;
        }
    }

    /// Writes what is left, completes the archive and renames it into
    /// place; on any error the temporary file is removed.
    pub fn finish(self) -> Result<(), OutputError> {
        for slot in lock(&self.settled).iter_mut() {
            if let Settled::Waiting = slot {
                // Not visited (cannot happen: every file is): copied as it is.
                *slot = Settled::Unchanged;
            }
        }
        self.advance(lock(&self.writing));
        let mut writing = self.writing.into_inner().unwrap_or_else(|p| p.into_inner());
        let result = match (writing.failed.take(), writing.writer.take()) {
            (Some(error), _) => Err(error),
            (None, Some(writer)) => writer
                .finish()
                .and_then(|mut out| out.flush().map_err(Into::into))
                .map_err(|e| OutputError::Archive {
                    path: PathBuf::from(&writing.input_path),
                    reason: e.to_string(),
                })
                .and_then(|()| {
                    std::fs::rename(&writing.temp, &writing.dest).map_err(|e| OutputError::Io {
                        path: writing.dest.clone(),
                        reason: e.to_string(),
                    })
                }),
            (None, None) => Ok(()),
        };
        if result.is_err() {
            let _ = std::fs::remove_file(&writing.temp);
        }
        result
    }
}

/// A lock whatever a panicking holder left: the states it guards stay
/// meaningful (each is written in one assignment).
fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl Drop for Writing<'_> {
    /// A copy abandoned before [`StreamedArchive::finish`] (an error
    /// elsewhere) leaves no temporary file.
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A folder's copy: every file and sub-folder (not only the checked
/// ones), repaired files replaced, modification times kept. Written
/// under a temporary name, renamed once complete.
fn write_folder(input: &Input, repaired: &HashMap<usize, &[u8]>, dest: &Path) -> Result<(), OutputError> {
    if dest.exists() {
        return Err(OutputError::FolderExists(dest.to_path_buf()));
    }
    let by_name: HashMap<&str, &[u8]> = repaired
        .iter()
        .filter_map(|(entry, bytes)| input.entries.get(*entry).map(|e| (e.name.as_str(), *bytes)))
        .collect();
    let temp = crate::fsutil::temp_path(dest);
    let result =
        copy_tree(Path::new(&input.path), &temp, "", &by_name).and_then(|()| std::fs::rename(&temp, dest));
    result.map_err(|e| {
        let _ = std::fs::remove_dir_all(&temp);
        OutputError::Io {
            path: dest.to_path_buf(),
            reason: e.to_string(),
        }
    })
}

fn copy_tree(from: &Path, to: &Path, prefix: &str, repaired: &HashMap<&str, &[u8]>) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut items: Vec<_> = std::fs::read_dir(from)?.collect::<Result<_, _>>()?;
    items.sort_by_key(|e| e.file_name());
    for item in items {
        let kind = item.file_type()?;
        let name = item.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let target = to.join(item.file_name());
        if kind.is_dir() {
            copy_tree(&item.path(), &target, &relative, repaired)?;
        } else if kind.is_file() {
            match repaired.get(relative.as_str()) {
                Some(bytes) => std::fs::write(&target, bytes)?,
                None => {
                    std::fs::copy(item.path(), &target)?;
                }
            }
            keep_modified(&item.path(), &target);
        }
        // Symbolic links are not followed nor copied: verify does not read them either.
    }
    Ok(())
}

/// Gives `to` the modification time of `from` (best effort: a file
/// system that cannot keep it keeps the content all the same).
fn keep_modified(from: &Path, to: &Path) {
    if let Ok(modified) = std::fs::metadata(from).and_then(|m| m.modified())
        && let Ok(file) = std::fs::OpenOptions::new().write(true).open(to)
    {
        let _ = file.set_modified(modified);
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// What `clic serve` gets for one upload: the repaired archive (or file),
/// the outcome before and after, and every repair.
pub struct ArchiveFix {
    /// The upload with its repairs: an archive for an archive, a file for a file.
    pub bytes: Vec<u8>,
    pub before: Outcome,
    pub fixed: Fixed,
}

impl ArchiveFix {
    /// How many files were changed.
    pub fn repaired_files(&self) -> usize {
        self.fixed.files.iter().filter(|f| f.bytes.is_some()).count()
    }
}

/// Repairs an upload in memory: `name` is how the report names it,
/// `bytes` a .zip or one .xml file. Checks, repairs, checks again with
/// `ctx`, and rebuilds the archive with the repaired entries; nothing is
/// written to disk. Runs on the current rayon pool.
pub fn fix_upload(name: &str, bytes: Vec<u8>, ctx: &Context) -> Result<ArchiveFix, OutputError> {
    let input = Input::from_bytes(name, bytes.clone(), &ctx.limits);
    let inputs = std::slice::from_ref(&input);
    let keep = Keep {
        bytes: true,
        sha256: false,
    };
    let (before, files) = engine::run_keeping(
        inputs,
        ctx,
        keep,
        |checked| fix_checked(checked.bytes, checked.result, checked.parsed, ctx),
        &|| {},
    );
    let fixed = assemble(inputs, &before, files);
    let repaired = repaired_entries(&before, 0, &fixed.files);
    let mut out = Vec::new();
    write_stream(&input, &repaired, &bytes, &mut out)?;
    Ok(ArchiveFix {
        bytes: out,
        before,
        fixed,
    })
}

/// Opens an input as `verify` does, keeping the bytes of one read from a
/// stream (standard input, a pipe): they cannot be read twice, and the
/// output is built from them.
pub fn open(
    path: &str,
    limits: &crate::input::limits::Limits,
) -> Result<(Input, Option<Vec<u8>>), crate::input::OpenError> {
    let fail = |reason| crate::input::OpenError {
        path: path.to_string(),
        reason,
    };
    match crate::input::read_stream(path, limits).map_err(fail)? {
        Some(bytes) => Ok((Input::from_bytes(path, bytes.clone(), limits), Some(bytes))),
        None => Ok((Input::open(path, limits)?, None)),
    }
}

/// The text of file `index` as it will be written, for the HTML report's
/// excerpts: the repaired bytes, or the original read again.
pub fn output_text(
    fixed: &Fixed,
    before: &Outcome,
    inputs: &[Input],
    index: usize,
    limits: &crate::input::limits::Limits,
) -> Option<String> {
    match fixed.files.get(index).and_then(|f| f.bytes.as_ref()) {
        Some(bytes) => Some(match crate::input::encoding::decode(bytes.clone()) {
            Ok(decoded) => decoded.text,
            Err(_) => String::from_utf8_lossy(bytes).into_owned(),
        }),
        None => before.source_text(inputs, index, limits),
    }
}

/// One file's repairs and its verdict after them, as plain data for the
/// reports (the page's «Correzioni», `clic fix`'s list of repairs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRepairs {
    /// The repairs made, in the order they were made (none when no repair
    /// is certain: the file is copied as it is).
    pub repairs: Vec<super::Repair>,
    /// Whether the file's bytes were changed.
    pub changed: bool,
    /// The file's verdict after repair: what `verify` says of the copy.
    pub ok_after: bool,
}

/// The repairs of a run, file by file in the outcome's order: `Some` for
/// every file that was KO and that a repair was tried on, `None` for the
/// others (OK files, and files no repair was tried on, such as those of
/// a folder chosen in the page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairList {
    pub files: Vec<Option<FileRepairs>>,
}

impl RepairList {
    /// The list of a fix run, next to its outcome before.
    pub fn of(fixed: &Fixed, before: &Outcome) -> RepairList {
        let files = before
            .files
            .iter()
            .zip(&fixed.files)
            .zip(&fixed.verified.files)
            .map(|((was, fix), now)| {
                (!was.is_ok()).then(|| FileRepairs {
                    repairs: fix.repairs.clone(),
                    changed: fix.bytes.is_some(),
                    ok_after: now.is_ok(),
                })
            })
            .collect();
        RepairList { files }
    }

    /// A list of `len` files none of which was tried.
    pub fn untried(len: usize) -> RepairList {
        RepairList {
            files: vec![None; len],
        }
    }

    /// The files tried, with their index in the outcome.
    pub fn tried(&self) -> impl Iterator<Item = (usize, &FileRepairs)> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.as_ref().map(|f| (i, f)))
    }

    /// Files changed by a repair.
    pub fn repaired_files(&self) -> usize {
        self.tried().filter(|(_, f)| f.changed).count()
    }

    /// Repairs made, in all files.
    pub fn repairs(&self) -> usize {
        self.tried().map(|(_, f)| f.repairs.len()).sum()
    }

    /// Files that were KO and are OK after repair.
    pub fn now_ok(&self) -> usize {
        self.tried().filter(|(_, f)| f.ok_after).count()
    }

    /// The verdict of file `index` after repair: its own when no repair
    /// was tried on it.
    pub fn ok_after(&self, index: usize, was_ok: bool) -> bool {
        match self.files.get(index) {
            Some(Some(f)) => f.ok_after,
            _ => was_ok,
        }
    }

    /// The notes a report adds after the findings of file `index`, as
    /// `clic fix`'s report does: its verdict before (CL1000), each repair
    /// (CL1001…CL1007), and CL1099 when it stays KO. None for a file no
    /// repair was tried on.
    pub fn notes(&self, index: usize, was: &crate::engine::FileResult) -> Vec<crate::diagnostic::Diagnostic> {
        use crate::diagnostic::{Diagnostic, Severity};
        let Some(Some(file)) = self.files.get(index) else {
            return Vec::new();
        };
        let mut notes = vec![
            Diagnostic::new(&super::ESITO_PRIMA)
                .arg("prima", if was.is_ok() { "OK" } else { "KO" })
                .arg("errori", was.count(Severity::Error))
                .arg("correzioni", file.repairs.len()),
        ];
        notes.extend(file.repairs.iter().map(super::Repair::diagnostic));
        if !file.ok_after {
            notes.push(Diagnostic::new(&super::NESSUNA_CORREZIONE));
        }
        notes
    }

    /// Takes the list of one input's files (`part`, as a fix run of that
    /// input alone lists them) into its place `at` in the run's list.
    pub fn place(&mut self, at: std::ops::Range<usize>, part: RepairList) {
        if at.len() != part.files.len() || at.end > self.files.len() {
            return;
        }
        for (slot, file) in self.files[at].iter_mut().zip(part.files) {
            *slot = file;
        }
    }
}

impl ArchiveFix {
    /// The upload's repairs, file by file in `before`'s order.
    pub fn repair_list(&self) -> RepairList {
        RepairList::of(&self.fixed, &self.before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::limits::Limits;

    /// An archive with a folder entry, a non-XML file and five documents.
    fn archive() -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        zip.add_directory("cv/", SimpleFileOptions::default()).unwrap();
        for i in 0..5 {
            zip.start_file(format!("cv/{i}.xml"), deflated).unwrap();
            zip.write_all(format!("<a>{i}</a>").as_bytes()).unwrap();
            if i == 2 {
                zip.start_file("leggimi.txt", SimpleFileOptions::default())
                    .unwrap();
                zip.write_all(b"note").unwrap();
            }
        }
        zip.finish().unwrap().into_inner()
    }

    /// Entries settled in any order give the archive the copy made after
    /// the checks gives: every entry in its place, the repaired ones
    /// replaced, and nothing left beside the output.
    #[test]
    fn an_archive_written_while_checked_is_the_one_written_after() {
        let bytes = archive();
        let input = Input::from_bytes("prova.zip", bytes.clone(), &Limits::default());
        assert_eq!(input.entries.len(), 5);
        let repaired: HashMap<usize, &[u8]> = [(1, &b"<a>uno</a>"[..]), (4, &b"<a>quattro</a>"[..])].into();
        let mut expected = Cursor::new(Vec::new());
        copy_zip(
            Cursor::new(&bytes[..]),
            &zip_indexes(&input, &repaired),
            &mut expected,
        )
        .unwrap();
        let dir = std::env::temp_dir().join(format!("clic-streamed-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 4, 0, 3, 1]] {
            let dest = dir.join("prova-corretto.zip");
            let stream = StreamedArchive::create(&input, Some(&bytes), &dest).unwrap();
            for entry in order {
                stream.settle(entry, repaired.get(&entry).map(|b| b.to_vec()));
            }
            stream.finish().unwrap();
            assert_eq!(
                std::fs::read(&dest).unwrap(),
                expected.get_ref().as_slice(),
                "order {order:?}"
            );
            let mut written = ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
            let names: Vec<String> = written.file_names().map(|n| n.unwrap().into_owned()).collect();
            let mut text = |name: &str| {
                let mut out = String::new();
                written.by_name(name).unwrap().read_to_string(&mut out).unwrap();
                out
            };
            assert_eq!(text("cv/1.xml"), "<a>uno</a>");
            assert_eq!(text("cv/3.xml"), "<a>3</a>");
            assert_eq!(
                names,
                [
                    "cv/",
                    "cv/0.xml",
                    "cv/1.xml",
                    "cv/2.xml",
                    "leggimi.txt",
                    "cv/3.xml",
                    "cv/4.xml"
                ]
            );
            let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
            assert_eq!(left.len(), 1, "only the output is left: {left:?}");
            std::fs::remove_file(&dest).unwrap();
        }
        // Abandoned before finishing: no output, no temporary file.
        let dest = dir.join("abbandonato.zip");
        let stream = StreamedArchive::create(&input, Some(&bytes), &dest).unwrap();
        stream.settle(0, None);
        drop(stream);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
