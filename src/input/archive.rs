//! Reading `.zip` archives in memory, entry by entry, under explicit limits.
//! Nothing is ever extracted to disk.

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use zip::{CompressionMethod, ZipArchive};

use super::diagnostics;
use super::limits::{Limits, RATIO_THRESHOLD, format_bytes};
use super::shared::{ReadAhead, SharedReader};
use super::{Entry, Origin};
use crate::diagnostic::reason::{ArchiveProblem, SkippedEntry};
use crate::diagnostic::{Diagnostic, Reason};

/// Extensions of archives that must not be nested inside the upload.
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".zip", ".jar", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst",
];

/// An opened archive: entries classified, ready to be read in parallel.
///
/// The zip crate reads and checks the central directory at opening; the
/// archive then keeps only where each entry is and what it declares (32
/// bytes an entry), not the crate's directory (~180 bytes an entry with
/// the names, which the entries hold). Each entry's local header is read
/// by the worker that reads the entry, in the same `pread` as its data:
/// reading every local header at opening read the whole archive once more,
/// on one thread, before any worker started.
pub struct Archive {
    reader: Option<SharedReader>,
    /// The entries to read, by [`Origin::Zip`] index.
    located: Vec<Located>,
}

/// Where one entry is, and what the central directory declares.
struct Located {
    /// Where its local header starts; its data follows the header.
    header_start: u64,
    compressed_size: u64,
    size: u64,
    crc32: u32,
    deflated: bool,
    /// The name's length in the central directory: the local header's
    /// is the same in any sane archive, which sizes the one read.
    name_len: u16,
}

/// What opening an archive produced.
pub struct Opened {
    pub archive: Archive,
    pub entries: Vec<Entry>,
    /// Findings about the archive as a whole.
    pub diagnostics: Vec<Diagnostic>,
}

impl Archive {
    /// The archive's bytes when it was uploaded into memory.
    pub fn memory_bytes(&self) -> Option<&Arc<Vec<u8>>> {
        self.reader.as_ref()?.memory_bytes()
    }

    pub fn open(reader: SharedReader, limits: &Limits) -> Opened {
        let mut diagnostics = Vec::new();
        match declared_entry_count(&reader) {
            Err(reason) => {
                diagnostics.push(damaged(reason));
                return Opened::failed(diagnostics);
            }
            Ok(count) if count > limits.max_entries => {
                diagnostics.push(super::too_many_entries(count, limits));
                return Opened::failed(diagnostics);
            }
            Ok(_) => {}
        }
        let zip = match ZipArchive::new(ReadAhead::new(reader.clone())) {
            Ok(zip) => zip,
            Err(e) => {
                diagnostics.push(damaged(zip_reason(&e)));
                return Opened::failed(diagnostics);
            }
        };
        let metadata = zip.metadata();
        let total: u64 = (0..zip.len())
            .filter_map(|i| metadata.entry(i).ok().map(|e| e.size()))
            .fold(0u64, u64::saturating_add);
        if total > limits.max_total_bytes {
            diagnostics.push(super::too_large_in_total(total, limits));
            return Opened::failed(diagnostics);
        }
        let duplicates = if zip.has_duplicate_names() {
            duplicate_names(&reader, zip.central_directory_start(), zip.offset())
        } else {
            Vec::new()
        };
        let mut entries = Vec::with_capacity(zip.len());
        let mut located = Vec::new();
        for index in 0..zip.len() {
            let Ok(meta) = metadata.entry(index) else {
                continue;
            };
            if let Some(mut entry) = classify(&meta, limits, &duplicates, &mut diagnostics) {
                if let Origin::Zip(_) = entry.origin {
                    located.push(Located {
                        header_start: meta.header_start(),
                        compressed_size: meta.compressed_size(),
                        size: meta.size(),
                        crc32: meta.crc32(),
                        deflated: meta.compression() == CompressionMethod::Deflated,
                        name_len: meta.name_raw().len().try_into().unwrap_or(u16::MAX),
                    });
                    entry.origin = Origin::Zip(located.len() - 1);
                }
                entries.push(entry);
            }
        }
        entries.shrink_to_fit();
        located.shrink_to_fit();
        Opened {
            archive: Archive {
                reader: Some(reader),
                located,
            },
            entries,
            diagnostics,
        }
    }

    /// Reads one entry's bytes (called from any worker thread).
    /// Where entry `index`'s local header starts: what identifies it in
    /// the zip file (`clic fix` copies the archive and replaces entries).
    pub fn header_start(&self, index: usize) -> Option<u64> {
        self.located.get(index).map(|entry| entry.header_start)
    }

    pub fn read(&self, index: usize, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
        let (Some(reader), Some(entry)) = (&self.reader, self.located.get(index)) else {
            return Err(unreadable(ArchiveProblem::NotOpen));
        };
        let bytes = match entry.deflated.then(|| inflate::whole(reader, entry)).flatten() {
            Some(inflated) => inflated?,
            None => {
                let data_start = data_start(reader, entry.header_start).map_err(unreadable)?;
                let mut raw = reader.clone();
                raw.seek(SeekFrom::Start(data_start)).map_err(|e| io_reason(&e))?;
                let raw = raw.take(entry.compressed_size);
                if entry.deflated {
                    inflate::read(raw, entry.size)?
                } else {
                    stored(raw, entry.size)?
                }
            }
        };
        if crc32fast::hash(&bytes) != entry.crc32 {
            return Err(unreadable(ArchiveProblem::CrcMismatch));
        }
        // The declared size bounds the read already: classify refused
        // entries past the limit.
        if bytes.len() as u64 > limits.max_entry_bytes {
            return Err(Diagnostic::new(&diagnostics::FILE_TROPPO_GRANDE)
                .arg(
                    "dimensione",
                    format!("> {}", format_bytes(limits.max_entry_bytes)),
                )
                .arg("limite", format_bytes(limits.max_entry_bytes)));
        }
        Ok(bytes)
    }
}

/// The size of a local header before its name and extra field.
const LOCAL_HEADER_LEN: u64 = 30;
const LOCAL_SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x03, 0x04];

/// Where an entry's data starts, from the local header at `header_start`:
/// what the zip crate's `data_start` computes, and why it cannot.
fn data_start(reader: &SharedReader, header_start: u64) -> Result<u64, ArchiveProblem> {
    let mut header = [0u8; LOCAL_HEADER_LEN as usize];
    if let Err(e) = reader.read_exact_at(&mut header, header_start) {
        return Err(match e.kind() {
            std::io::ErrorKind::UnexpectedEof => ArchiveProblem::LocalHeaderCutShort,
            _ => zip_reason(&zip::result::ZipError::Io(e)),
        });
    }
    data_start_after(&header, header_start)
}

/// Where the data starts after the local `header` (its first 30 bytes).
fn data_start_after(header: &[u8], header_start: u64) -> Result<u64, ArchiveProblem> {
    if header[..4] != LOCAL_SIGNATURE {
        return Err(ArchiveProblem::BadLocalHeader);
    }
    let name_len = u16::from_le_bytes([header[26], header[27]]);
    let extra_len = u16::from_le_bytes([header[28], header[29]]);
    header_start
        .checked_add(LOCAL_HEADER_LEN)
        .and_then(|end| end.checked_add(u64::from(name_len) + u64::from(extra_len)))
        .ok_or(ArchiveProblem::LocalHeaderOverflow)
}

/// A stored entry's bytes, as the zip crate reads them: more than the
/// declared size is an error.
fn stored(raw: impl Read, size: u64) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::with_capacity(size as usize);
    raw.take(size + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > size {
        return Err(larger_than_declared());
    }
    Ok(bytes)
}

/// An entry longer than its central directory says (zip refuses it too).
fn larger_than_declared() -> Diagnostic {
    unreadable(ArchiveProblem::LargerThanDeclared)
}

/// Deflated entries, inflated by one decompressor per worker thread, reset
/// for each entry: a fresh zip reader per entry would build (and zero) a new
/// inflate state and its buffers every time. The outcome is the zip crate's
/// own: the same checks (declared size, CRC-32) and the same reasons.
///
/// Most entries take the fast path, [`whole`]: their compressed bytes are
/// read with one `pread` and inflated in one call by libdeflate, about twice
/// as fast as zlib on small documents (it builds its Huffman tables faster
/// and needs no window: the whole output is in memory anyway). Whatever
/// that path cannot settle (damaged data, a short file, an entry whose
/// compressed size is implausible) goes through the streaming path with
/// zlib ([`read`]), so a damaged entry gets the very reason it got before.
mod inflate {
    use std::cell::RefCell;
    use std::io::Read;

    use flate2::{Decompress, FlushDecompress, Status};

    use super::{
        ArchiveProblem, Diagnostic, LOCAL_HEADER_LEN, Located, SharedReader, data_start_after, io_reason,
        larger_than_declared, unreadable,
    };

    /// The fast path reads the compressed bytes whole only up to this much
    /// more than the declared size (Deflate's worst case is a few bytes per
    /// 64 KiB): a hostile entry declaring a small size over gigabytes of
    /// compressed data is streamed, never read into memory.
    const SLACK: u64 = 64 * 1024;

    /// Room read for a local extra field (timestamps, Unix ids, Zip64
    /// sizes: a few dozen bytes); a longer one takes the streaming path.
    const EXTRA_ROOM: u64 = 256;

    struct Whole {
        state: Decompressor,
        input: Vec<u8>,
    }

    /// libdeflate's decompressor (its whole-buffer API, called directly so
    /// that it writes into a new vector's unused capacity: the binding's
    /// slice API needs the output zeroed first, 1.3% of the run).
    struct Decompressor(std::ptr::NonNull<libdeflate_sys::libdeflate_decompressor>);

    impl Decompressor {
        fn new() -> Option<Decompressor> {
            // SAFETY: no arguments; a null pointer (out of memory) is refused.
            std::ptr::NonNull::new(unsafe { libdeflate_sys::libdeflate_alloc_decompressor() })
                .map(Decompressor)
        }

        /// `data` inflated, if it is a complete Deflate stream of at most
        /// `capacity` bytes.
        fn inflate(&mut self, data: &[u8], capacity: usize) -> Option<Vec<u8>> {
            let mut out: Vec<u8> = Vec::with_capacity(capacity);
            let mut written = 0usize;
            // SAFETY: libdeflate reads the `data.len()` bytes of `data`,
            // writes at most `capacity` bytes into `out`'s allocation and
            // says how many in `written`; `&mut self` makes the
            // decompressor ours alone for the call.
            let result = unsafe {
                libdeflate_sys::libdeflate_deflate_decompress(
                    self.0.as_ptr(),
                    data.as_ptr().cast(),
                    data.len(),
                    out.as_mut_ptr().cast(),
                    capacity,
                    &mut written,
                )
            };
            if result != libdeflate_sys::libdeflate_result_LIBDEFLATE_SUCCESS || written > capacity {
                return None;
            }
            // SAFETY: libdeflate initialised the first `written` bytes.
            unsafe { out.set_len(written) };
            Some(out)
        }
    }

    impl Drop for Decompressor {
        fn drop(&mut self) {
            // SAFETY: allocated by libdeflate_alloc_decompressor, freed once.
            unsafe { libdeflate_sys::libdeflate_free_decompressor(self.0.as_ptr()) }
        }
    }

    thread_local! {
        static WHOLE: RefCell<Option<Whole>> = const { RefCell::new(None) };
    }

    /// The entry inflated in one piece, or `None` when the streaming path
    /// must decide (it then reads the entry again, which only damaged
    /// entries pay).
    pub(super) fn whole(reader: &SharedReader, entry: &Located) -> Option<Result<Vec<u8>, Diagnostic>> {
        if entry.compressed_size > entry.size.saturating_add(SLACK) {
            return None;
        }
        WHOLE.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.is_none() {
                *slot = Some(Whole {
                    state: Decompressor::new()?,
                    input: Vec::new(),
                });
            }
            let Whole { state, input } = slot.as_mut()?;
            // The local header, its name and extra field, and the data, in
            // one read: the extra field is rarely longer than EXTRA_ROOM.
            let wanted = LOCAL_HEADER_LEN + u64::from(entry.name_len) + EXTRA_ROOM + entry.compressed_size;
            let available = reader.len().saturating_sub(entry.header_start);
            let length = wanted.min(available);
            if length < LOCAL_HEADER_LEN {
                return None;
            }
            input.resize(length as usize, 0);
            reader.read_exact_at(input, entry.header_start).ok()?;
            let data_start = data_start_after(input, entry.header_start).ok()?;
            let data = input
                .get((data_start - entry.header_start) as usize..)?
                .get(..entry.compressed_size as usize)?;
            // Only a complete stream within the declared size settles the
            // entry here: past the end of truncated data libdeflate reads
            // zeros, so "no room left" may hide a truncation that the
            // streaming path names. One byte of room past the declared
            // size tells a longer entry from an exact one.
            let out = state.inflate(data, entry.size as usize + 1)?;
            (out.len() as u64 <= entry.size).then_some(Ok(out))
        })
    }

    /// Compressed bytes are read this much at a time.
    const CHUNK: usize = 64 * 1024;

    struct Inflater {
        state: Decompress,
        input: Vec<u8>,
    }

    thread_local! {
        static INFLATER: RefCell<Option<Inflater>> = const { RefCell::new(None) };
    }

    pub(super) fn read(mut raw: impl Read, size: u64) -> Result<Vec<u8>, Diagnostic> {
        INFLATER.with(|cell| {
            let mut slot = cell.borrow_mut();
            let inflater = slot.get_or_insert_with(|| Inflater {
                state: Decompress::new(false),
                input: vec![0; CHUNK],
            });
            inflater.state.reset(false);
            inflate(inflater, &mut raw, size)
        })
    }

    /// Inflates `raw` into at most `size` bytes. One byte of room past the
    /// declared size tells a longer entry from an exact one.
    fn inflate(inflater: &mut Inflater, raw: &mut impl Read, size: u64) -> Result<Vec<u8>, Diagnostic> {
        let Inflater { state, input } = inflater;
        let mut out = Vec::with_capacity(size as usize + 1);
        let (mut start, mut end, mut eof) = (0, 0, false);
        loop {
            if start == end && !eof {
                end = raw.read(input).map_err(|e| io_reason(&e))?;
                start = 0;
                eof = end == 0;
            }
            let flush = if eof {
                FlushDecompress::Finish
            } else {
                FlushDecompress::None
            };
            let (before_in, before_out) = (state.total_in(), state.total_out());
            let status = state.decompress_vec(&input[start..end], &mut out, flush);
            start += (state.total_in() - before_in) as usize;
            let progress = state.total_in() != before_in || state.total_out() != before_out;
            match status {
                // A stream zlib rejects (flate2 says "corrupt deflate stream").
                Err(_) => {
                    return Err(unreadable(ArchiveProblem::CorruptDeflate));
                }
                Ok(_) if out.len() as u64 > size => return Err(larger_than_declared()),
                Ok(Status::StreamEnd) => return Ok(out),
                Ok(_) if !progress && eof => return Err(unreadable(ArchiveProblem::DataTruncated)),
                // Input left and room left, yet nothing moved: never loop on it.
                Ok(_) if !progress && start < end => {
                    return Err(unreadable(ArchiveProblem::CorruptDeflate));
                }
                Ok(_) => {}
            }
        }
    }
}

impl Opened {
    fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        Opened {
            archive: Archive {
                reader: None,
                located: Vec::new(),
            },
            entries: Vec::new(),
            diagnostics,
        }
    }
}

/// Sorts one central-directory entry into: skipped (note), ignored
/// (warning), rejected (a KO file) or to be read.
fn classify(
    meta: &zip::read::ZipFileEntry<'_>,
    limits: &Limits,
    duplicates: &[String],
    archive_notes: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    if meta.is_dir() {
        return None;
    }
    let name = match meta.name() {
        Ok(name) => name.into_owned(),
        Err(_) => String::from_utf8_lossy(meta.name_raw()).into_owned(),
    };
    let reject = |diagnostic: Diagnostic| Entry {
        name: name.clone(),
        origin: Origin::Rejected(vec![diagnostic]),
    };
    if escapes_archive(&name) || (!plainly_enclosed(&name) && meta.enclosed_name().is_none()) {
        return Some(reject(Diagnostic::new(&diagnostics::NOME_NON_SICURO)));
    }
    if meta.is_symlink() {
        return Some(reject(Diagnostic::new(&diagnostics::COLLEGAMENTO_SIMBOLICO)));
    }
    if let Some(skipped) = system_entry(&name) {
        archive_notes.push(skipped_note(&name, skipped));
        return None;
    }
    if duplicates.contains(&name) {
        return Some(reject(
            Diagnostic::new(&diagnostics::NOME_DUPLICATO).arg("nome", &name),
        ));
    }
    if meta.encrypted() {
        return Some(reject(Diagnostic::new(&diagnostics::VOCE_CIFRATA)));
    }
    match by_extension(&name) {
        Sorted::Rejected(diagnostic) => return Some(reject(diagnostic)),
        Sorted::Note(diagnostic) | Sorted::Warning(diagnostic) => {
            archive_notes.push(diagnostic);
            return None;
        }
        Sorted::Read => {}
    }
    if let Some(rejection) = size_rejection(meta, limits) {
        return Some(reject(rejection));
    }
    // Located by the caller.
    Some(Entry {
        name,
        origin: Origin::Zip(0),
    })
}

/// How a file of a folder or an archive is taken, by its name alone.
pub enum Sorted {
    /// Skipped with a note (system files).
    Note(Diagnostic),
    /// Ignored with a warning (not `.xml`).
    Warning(Diagnostic),
    /// A KO file (a nested archive).
    Rejected(Diagnostic),
    /// An `.xml` file to check.
    Read,
}

fn skipped_note(name: &str, skipped: SkippedEntry) -> Diagnostic {
    Diagnostic::new(&diagnostics::VOCE_IGNORATA)
        .arg("nome", name)
        .reason("motivo", Reason::Skipped(skipped))
}

fn by_extension(name: &str) -> Sorted {
    let lower = name.to_ascii_lowercase();
    if ARCHIVE_EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
        return Sorted::Rejected(Diagnostic::new(&diagnostics::ARCHIVIO_ANNIDATO));
    }
    if !lower.ends_with(".xml") {
        return Sorted::Warning(Diagnostic::new(&diagnostics::NON_XML).arg("nome", name));
    }
    Sorted::Read
}

/// A folder's file sorted as an archive's entry of the same name is
/// (system files, files that are not `.xml`, nested archives).
pub fn classify_name(name: &str) -> Sorted {
    match system_entry(name) {
        Some(skipped) => Sorted::Note(skipped_note(name, skipped)),
        None => by_extension(name),
    }
}

fn size_rejection(meta: &zip::read::ZipFileEntry<'_>, limits: &Limits) -> Option<Diagnostic> {
    let method = meta.compression();
    if method != CompressionMethod::Stored && method != CompressionMethod::Deflated {
        return Some(
            Diagnostic::new(&diagnostics::COMPRESSIONE_NON_SUPPORTATA).arg("metodo", format!("{method:?}")),
        );
    }
    let size = meta.size();
    let compressed = meta.compressed_size().max(1);
    if size > RATIO_THRESHOLD && size / compressed > limits.max_ratio {
        return Some(
            Diagnostic::new(&diagnostics::RAPPORTO_COMPRESSIONE)
                .arg("compresso", format_bytes(compressed))
                .arg("dimensione", format_bytes(size))
                .arg("rapporto", size / compressed)
                .arg("limite", limits.max_ratio),
        );
    }
    // After the ratio: a bomb is better reported as a bomb than as a big file.
    if size > limits.max_entry_bytes {
        return Some(super::too_large(size, limits));
    }
    None
}

/// Absolute paths, drive letters, backslash separators and `..` components.
fn escapes_archive(name: &str) -> bool {
    let name = name.replace('\\', "/");
    name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') || name.split('/').any(|part| part == "..")
}

/// A name the zip crate's `enclosed_name` certainly accepts, once
/// [`escapes_archive`] has refused `..`, absolute paths and drives: letters,
/// digits, `_`, `-`, `.`, spaces and `/` only. Its check parses the name as
/// a Windows path (most of the time of opening a large archive); the names
/// people give their files take this shortcut, any other goes through it.
/// On Windows it also refuses device names and trailing dots: no shortcut.
fn plainly_enclosed(name: &str) -> bool {
    !cfg!(windows)
        && !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b' ' | b'/'))
}

/// `__MACOSX/...`, hidden files or folders (`.DS_Store`, `.git/...`) and
/// Windows clutter (`Thumbs.db`, `desktop.ini`, `~$` lock files).
pub(super) fn system_entry(name: &str) -> Option<SkippedEntry> {
    let mut parts = name.split('/').filter(|p| !p.is_empty());
    if name.starts_with("__MACOSX/") {
        return Some(SkippedEntry::MacosMetadata);
    }
    if parts.any(|part| part.starts_with('.')) {
        return Some(SkippedEntry::Hidden);
    }
    windows_clutter(name)
}

/// Files Windows and Office leave next to documents: thumbnail caches,
/// folder settings, and the `~$` lock file of a document open in an editor.
pub(super) fn windows_clutter(name: &str) -> Option<SkippedEntry> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if file.eq_ignore_ascii_case("Thumbs.db") || file.eq_ignore_ascii_case("desktop.ini") {
        return Some(SkippedEntry::WindowsMetadata);
    }
    if file.starts_with("~$") {
        return Some(SkippedEntry::LockFile);
    }
    None
}

fn damaged(problem: ArchiveProblem) -> Diagnostic {
    Diagnostic::new(&diagnostics::ARCHIVIO_DANNEGGIATO).reason("motivo", Reason::Archive(problem))
}

fn unreadable(problem: ArchiveProblem) -> Diagnostic {
    Diagnostic::new(&diagnostics::FILE_ILLEGGIBILE).reason("motivo", Reason::Archive(problem))
}

fn io_reason(e: &std::io::Error) -> Diagnostic {
    let text = e.to_string();
    unreadable(if e.kind() == std::io::ErrorKind::UnexpectedEof {
        ArchiveProblem::DataTruncated
    } else if text.to_ascii_lowercase().contains("checksum") || text.contains("CRC") {
        ArchiveProblem::CrcMismatch
    } else {
        ArchiveProblem::InvalidData(text)
    })
}

fn zip_reason(e: &zip::result::ZipError) -> ArchiveProblem {
    use zip::result::ZipError;
    match e {
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => ArchiveProblem::Truncated,
        other => ArchiveProblem::InvalidStructure(other.to_string()),
    }
}

const EOCD_SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
const ZIP64_LOCATOR_SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x06, 0x07];
const ZIP64_EOCD_SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x06, 0x06];
const CENTRAL_SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];

/// The number of entries the end-of-central-directory record declares,
/// read before the central directory itself so that an archive claiming
/// millions of entries is refused without allocating for them.
fn declared_entry_count(reader: &SharedReader) -> Result<u64, ArchiveProblem> {
    let len = reader.len();
    if len < 22 {
        return Err(ArchiveProblem::TooShort);
    }
    let tail_len = len.min(22 + 65_535);
    let mut tail = vec![0u8; tail_len as usize];
    reader
        .read_exact_at(&mut tail, len - tail_len)
        .map_err(|e| ArchiveProblem::ReadFailed(e.to_string()))?;
    let at = (0..=tail.len() - 22)
        .rev()
        .find(|&i| tail[i..i + 4] == EOCD_SIGNATURE)
        .ok_or(ArchiveProblem::NoCentralDirectory)?;
    let count = u16::from_le_bytes([tail[at + 10], tail[at + 11]]);
    if count != u16::MAX || at < 20 || tail[at - 20..at - 16] != ZIP64_LOCATOR_SIGNATURE {
        return Ok(u64::from(count));
    }
    let locator = &tail[at - 20..at];
    let zip64_offset = u64::from_le_bytes(locator[8..16].try_into().unwrap_or_default());
    let mut record = [0u8; 56];
    reader
        .read_exact_at(&mut record, zip64_offset)
        .map_err(|_| ArchiveProblem::UnreadableZip64)?;
    if record[..4] != ZIP64_EOCD_SIGNATURE {
        return Err(ArchiveProblem::InvalidZip64);
    }
    Ok(u64::from_le_bytes(record[32..40].try_into().unwrap_or_default()))
}

/// Names that occur more than once in the central directory. The zip crate
/// keeps one entry per name, so the raw records are read again, only in the
/// rare case where it reports duplicates.
fn duplicate_names(reader: &SharedReader, directory_start: u64, offset: u64) -> Vec<String> {
    let mut names = std::collections::HashMap::<Vec<u8>, usize>::new();
    let mut at = directory_start + offset;
    let mut header = [0u8; 46];
    while reader.read_exact_at(&mut header, at).is_ok() && header[..4] == CENTRAL_SIGNATURE {
        let name_len = u16::from_le_bytes([header[28], header[29]]) as usize;
        let extra_len = u16::from_le_bytes([header[30], header[31]]) as u64;
        let comment_len = u16::from_le_bytes([header[32], header[33]]) as u64;
        let mut name = vec![0u8; name_len];
        if reader.read_exact_at(&mut name, at + 46).is_err() {
            break;
        }
        *names.entry(name).or_default() += 1;
        at += 46 + name_len as u64 + extra_len + comment_len;
    }
    let mut duplicates: Vec<String> = names
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(name, _)| String::from_utf8_lossy(&name).into_owned())
        .collect();
    duplicates.sort();
    duplicates
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path never settles an entry differently from the
    /// streaming path: on intact, truncated, extended and corrupted Deflate
    /// data, whatever `whole` returns, `read` returns too.
    #[test]
    fn inflating_whole_agrees_with_streaming() {
        use std::io::Write;
        let text: Vec<u8> = (0..400)
            .flat_map(|i| format!("<Campo n=\"{i}\">valore {}</Campo>\n", i * 7 % 13).into_bytes())
            .collect();
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&text).unwrap();
        let deflated = encoder.finish().unwrap();
        let mut next = crate::hash::xorshift(0x9e37_79b9_7f4a_7c15_u64);
        let (mut settled, mut cases) = (0, 0);
        for case in 0..3000 {
            let mut data = deflated.clone();
            match case % 4 {
                0 => data.truncate(next() as usize % data.len()),
                1 => data.extend((0..next() % 8).map(|_| next() as u8)),
                _ => {
                    for _ in 0..1 + next() % 3 {
                        let at = next() as usize % data.len();
                        data[at] ^= 1 << (next() % 8);
                    }
                }
            }
            // Declared sizes: exact, too small, too large.
            let size = match case % 3 {
                0 => text.len() as u64,
                1 => text.len() as u64 - 1 - next() % 50,
                _ => text.len() as u64 + next() % 50,
            };
            let reader = SharedReader::memory(with_local_header(&data).into());
            let entry = Located {
                header_start: 0,
                compressed_size: data.len() as u64,
                size,
                crc32: 0,
                deflated: true,
                name_len: 0,
            };
            cases += 1;
            if let Some(fast) = inflate::whole(&reader, &entry) {
                settled += 1;
                let streamed = inflate::read(&data[..], size);
                assert_eq!(fast, streamed, "case {case}: size {size}, {} bytes", data.len());
            }
        }
        // A third of the mutants decode within their declared size and are
        // settled by the fast path (the rest fall back), so the test compares.
        assert!(settled * 4 > cases, "{settled} of {cases}");
        let intact = Located {
            header_start: 0,
            compressed_size: deflated.len() as u64,
            size: text.len() as u64,
            crc32: 0,
            deflated: true,
            name_len: 0,
        };
        let reader = SharedReader::memory(with_local_header(&deflated).into());
        assert_eq!(inflate::whole(&reader, &intact), Some(Ok(text)));
    }

    /// `data` behind a local header with no name and no extra field.
    fn with_local_header(data: &[u8]) -> Vec<u8> {
        let mut bytes = LOCAL_SIGNATURE.to_vec();
        bytes.resize(LOCAL_HEADER_LEN as usize, 0);
        bytes.extend_from_slice(data);
        bytes
    }

    /// Reading an entry's local header in the worker finds the data where
    /// the zip crate finds it, and fails as the crate failed when it read
    /// the header at opening: on intact archives with names and extra
    /// fields of every length, and on archives whose local headers are
    /// damaged or cut short.
    #[test]
    fn local_headers_are_read_as_the_zip_crate_reads_them() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..12 {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .with_alignment(1 + 7 * i);
            let name = format!("{}{i}.xml", "n".repeat(i as usize * 9));
            writer.start_file(name, options).unwrap();
            writer.write_all(format!("<a>{i}</a>").as_bytes()).unwrap();
        }
        let intact = writer.finish().unwrap().into_inner();
        let headers: Vec<u64> = {
            let zip = ZipArchive::new(std::io::Cursor::new(intact.clone())).unwrap();
            (0..zip.len())
                .map(|i| zip.metadata().entry(i).unwrap().header_start())
                .collect()
        };
        let mut next = crate::hash::xorshift(0x0bad_cafe_dead_beef_u64);
        let (mut compared, mut failures, mut truncated) = (0, 0, 0);
        for case in 0..400 {
            let mut bytes = intact.clone();
            let header = headers[case % headers.len()] as usize;
            match case % 4 {
                0 => {}
                // The signature, or the name and extra lengths.
                1 => bytes[header + next() as usize % 4] ^= 1 << (next() % 8),
                2 => bytes[header + 26 + next() as usize % 4] = next() as u8,
                // A header the central directory places a few bytes
                // before the end of the file: cut short.
                _ => {
                    let zip = ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
                    let mut at = zip.central_directory_start() as usize;
                    for _ in 0..case % headers.len() {
                        let name = u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]) as usize;
                        let extra = u16::from_le_bytes([bytes[at + 30], bytes[at + 31]]) as usize;
                        let comment = u16::from_le_bytes([bytes[at + 32], bytes[at + 33]]) as usize;
                        at += 46 + name + extra + comment;
                    }
                    assert_eq!(bytes[at..at + 4], CENTRAL_SIGNATURE);
                    let near_end = (bytes.len() - 1 - next() as usize % 20) as u32;
                    bytes[at + 42..at + 46].copy_from_slice(&near_end.to_le_bytes());
                }
            }
            let Ok(mut zip) = ZipArchive::new(std::io::Cursor::new(bytes.clone())) else {
                continue;
            };
            let reader = SharedReader::memory(bytes.into());
            for index in 0..zip.len() {
                let header_start = zip.metadata().entry(index).unwrap().header_start();
                let theirs = zip
                    .by_index_raw(index)
                    .map(|file| file.data_start().unwrap())
                    .map_err(|e| e.to_string());
                // Our typed reasons say what the zip crate's texts said.
                let ours = data_start(&reader, header_start).map_err(|problem| {
                    match problem {
                        ArchiveProblem::LocalHeaderCutShort => {
                            "invalid Zip archive: Unexpected end of zip::format::blocks::ZipLocalEntryBlock"
                        }
                        ArchiveProblem::BadLocalHeader => "invalid Zip archive: Invalid local file header",
                        ArchiveProblem::LocalHeaderOverflow => {
                            "invalid Zip archive: Local header end offset overflows u64"
                        }
                        other => panic!("{other:?}"),
                    }
                    .to_string()
                });
                failures += usize::from(theirs.is_err());
                truncated += usize::from(theirs.as_ref().is_err_and(|e| e.contains("Unexpected end")));
                assert_eq!(ours, theirs, "case {case}, entry {index}");
                compared += 1;
            }
        }
        assert!(
            compared > 1000 && failures > 100 && truncated > 50,
            "{compared} compared, {failures} failures, {truncated} cut short"
        );
    }

    /// The shortcut agrees with the zip crate on names built from its own
    /// characters (and on a few it leaves to the crate).
    #[test]
    fn plain_names_are_enclosed_as_the_zip_crate_says() {
        use std::io::Write;
        let mut names: Vec<String> = [
            "cv.xml",
            "a/b/c.xml",
            "a//b.xml",
            "./a.xml",
            "a/./b.xml",
            "a/b/",
            "a b.xml",
            ". .xml",
            "...xml",
            "a/.../b",
            "-",
            "_",
            "a:b.xml",
            "a\\b.xml",
            "ä.xml",
        ]
        .iter()
        .map(|n| n.to_string())
        .collect();
        let alphabet = b"aZ09_-. /";
        let mut next = crate::hash::xorshift(0x1234_5678_9abc_def1);
        for _ in 0..300 {
            let seed = next();
            let len = 1 + seed as usize % 9;
            names.push(
                (0..len)
                    .map(|i| alphabet[(seed >> (4 * i)) as usize % alphabet.len()] as char)
                    .collect(),
            );
        }
        names.retain(|n| !escapes_archive(n));
        names.sort();
        names.dedup();
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for name in &names {
            writer
                .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(b"x").unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        let mut zip = ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut shortcuts = 0;
        for index in 0..zip.len() {
            let file = zip.by_index_raw(index).unwrap();
            let name = file.name().unwrap().to_string();
            if plainly_enclosed(&name) {
                shortcuts += 1;
                assert!(file.enclosed_name().is_some(), "{name:?}");
            }
        }
        assert!(shortcuts > 100, "{shortcuts}");
    }

    #[test]
    fn recognises_escaping_names() {
        assert!(escapes_archive("../x.xml"));
        assert!(escapes_archive("a/../../x.xml"));
        assert!(escapes_archive("/etc/x.xml"));
        assert!(escapes_archive("C:\\x.xml"));
        assert!(escapes_archive("a\\..\\x.xml"));
        assert!(!escapes_archive("cv/x..y.xml"));
    }

    #[test]
    fn recognises_system_entries() {
        assert!(system_entry("__MACOSX/._cv.xml").is_some());
        assert!(system_entry(".DS_Store").is_some());
        assert!(system_entry("cv/.hidden.xml").is_some());
        assert!(system_entry("cv/rossi.xml").is_none());
        assert_eq!(system_entry("cv/Thumbs.db"), Some(SkippedEntry::WindowsMetadata));
        assert_eq!(system_entry("DESKTOP.INI"), Some(SkippedEntry::WindowsMetadata));
        assert_eq!(system_entry("cv/~$rossi.xml"), Some(SkippedEntry::LockFile));
        assert!(system_entry("cv/rossi~$.xml").is_none());
    }
}
