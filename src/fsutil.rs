//! File-system helpers.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// folder, flushed to disk, then renamed over the target. After a crash
/// there is either the old file, or the complete new one, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = write_temp(path, bytes)?;
    let result = std::fs::rename(&temp, path).and_then(|()| sync_dir(parent_dir(path)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Writes `bytes` to this process's temporary file of `path`
/// ([`temp_path`]), flushed to disk, and returns its path: the caller
/// renames it into place. The leftovers of dead runs beside `path` are
/// removed first; on error nothing is left.
pub fn write_temp(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    remove_leftovers(path);
    let temp = temp_path(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// The folder that holds `path`: `.` for a bare relative name (whose
/// `parent()` is empty) or a path without parent.
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The last component of `path` as text (empty when there is none), to
/// name temporary files beside it.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Where this process writes `path` before renaming it into place:
/// `.NAME.PID.tmp` in the same folder (a rename across folders would not
/// be atomic). The PID names the owner, so [`remove_leftovers`] can tell
/// a live writer's file from a crash's.
pub fn temp_path(path: &Path) -> PathBuf {
    owned_path(path, "tmp")
}

/// Where this process moves an existing `path` aside before putting a new
/// one in its place: `.NAME.PID.old`, swept like [`temp_path`].
pub fn aside_path(path: &Path) -> PathBuf {
    owned_path(path, "old")
}

fn owned_path(path: &Path, kind: &str) -> PathBuf {
    parent_dir(path).join(format!(".{}.{}.{kind}", file_name(path), std::process::id()))
}

/// The owner's PID if `candidate` (a file name in the same folder) is a
/// temporary or moved-aside copy of `path`, as [`temp_path`] and
/// [`aside_path`] name them.
fn owner_of(path: &Path, candidate: &str) -> Option<u32> {
    let head = format!(".{}.", file_name(path));
    let rest = candidate.strip_prefix(&head)?;
    let pid = rest.strip_suffix(".tmp").or_else(|| rest.strip_suffix(".old"))?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether `candidate` (a file name in the same folder) is a temporary
/// file of `path` left by some process, as [`temp_path`] names them.
pub fn is_temp_of(path: &Path, candidate: &str) -> bool {
    candidate.ends_with(".tmp") && owner_of(path, candidate).is_some()
}

/// Removes the temporary and moved-aside copies of `path` (files or
/// folders) whose owner process is gone: what a killed run left behind.
/// A live process's copies are never touched, so two runs writing beside
/// each other do not delete each other's work. Best effort: a copy that
/// cannot be removed now is tried again by the next run.
pub fn remove_leftovers(path: &Path) {
    let Ok(entries) = std::fs::read_dir(parent_dir(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(owner) = owner_of(path, &name) else {
            continue;
        };
        if process_alive(owner) {
            continue;
        }
        let leftover = entry.path();
        let _ = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&leftover),
            _ => std::fs::remove_file(&leftover),
        };
    }
}

/// Removes the temporary files in `dir` (`.NAME.PID.tmp`, as
/// [`temp_path`] names them) of any NAME that `owned` accepts, whose
/// owner process is gone: a killed run's temporaries are found whatever
/// destination it was writing, not only when a later run writes the same
/// one. A live process's files are never touched.
pub fn remove_dead_temps(dir: &Path, owned: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((target, pid)) = name
            .strip_prefix('.')
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|rest| rest.rsplit_once('.'))
        else {
            continue;
        };
        if target.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || !owned(target) {
            continue;
        }
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !process_alive(pid) && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this PID exists. Where that cannot be known
/// the answer is yes: a leftover is then kept, never a live file removed.
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // Signal 0 checks existence only; EPERM means it exists under another user.
        // SAFETY: kill with signal 0 sends nothing and touches no memory.
        let found = unsafe { libc::kill(pid, 0) } == 0;
        found || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// An exclusive lock between processes on a lock file, held until drop
/// and released by the system if the process dies (SIGKILL included).
/// The lock file is removed on release; a waiter that then holds a lock
/// on the removed file notices and takes it again on the current one.
pub struct FileLock {
    path: PathBuf,
    _file: std::fs::File,
}

impl FileLock {
    /// Takes the lock; if another process holds it, calls `waiting` once
    /// and waits for it.
    pub fn acquire(path: &Path, waiting: impl FnOnce()) -> std::io::Result<FileLock> {
        let mut waiting = Some(waiting);
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if let Some(waiting) = waiting.take() {
                        waiting();
                    }
                    file.lock()?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            if still_named(&file, path) {
                return Ok(FileLock {
                    path: path.to_path_buf(),
                    _file: file,
                });
            }
        }
    }
}

impl FileLock {
    /// Takes the lock if nobody holds it; `None` if another process does.
    pub fn try_acquire(path: &Path) -> std::io::Result<Option<FileLock>> {
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            if still_named(&file, path) {
                return Ok(Some(FileLock {
                    path: path.to_path_buf(),
                    _file: file,
                }));
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Removed while still held, so nobody locks this file after us.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether `path` still names the open `file` (it was not removed or
/// replaced since it was opened).
#[cfg(unix)]
fn still_named(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_named(_file: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

/// Which file `path` names now (device and inode on Unix; elsewhere only
/// whether it exists), to notice later that it was removed or replaced.
pub fn identity(path: &Path) -> std::io::Result<(u64, u64)> {
    let metadata = std::fs::metadata(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Ok((0, 0))
    }
}

/// Makes a rename durable (on Unix the folder entry must be flushed too).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Where `clic` keeps its own files (counter, ledger): `$XDG_DATA_HOME/clic`,
/// `~/.local/share/clic` on Unix, `%APPDATA%\\clic` on Windows. Overridden
/// with the environment variable `CLIC_DATA_DIR` (tests use it).
pub fn data_dir() -> std::path::PathBuf {
    use std::path::PathBuf;
    if let Some(dir) = std::env::var_os("CLIC_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if cfg!(windows)
        && let Some(appdata) = std::env::var_os("APPDATA")
    {
        return PathBuf::from(appdata).join("clic");
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(xdg).join("clic");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".local/share/clic"),
        None => PathBuf::from(".clic"),
    }
}

/// A buffered reader whose seeks stay inside its buffer when they can.
/// `std::io::BufReader` drops its buffer on every `seek`, and the zip
/// crate seeks to each entry it copies: copying an archive of 20,000
/// small entries cost four system calls an entry. Seeking from the
/// position kept here moves within the buffer instead.
pub struct SeekBufReader<R> {
    inner: std::io::BufReader<R>,
    position: u64,
}

impl<R: std::io::Read + std::io::Seek> SeekBufReader<R> {
    pub fn new(mut inner: R) -> std::io::Result<Self> {
        let position = inner.stream_position()?;
        Ok(SeekBufReader {
            inner: std::io::BufReader::with_capacity(SEEK_BUFFER, inner),
            position,
        })
    }
}

/// The buffer of [`SeekBufReader`] and [`SeekBufWriter`].
const SEEK_BUFFER: usize = 256 * 1024;

impl<R: std::io::Read + std::io::Seek> std::io::Read for SeekBufReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.position += read as u64;
        Ok(read)
    }
}

impl<R: std::io::Read + std::io::Seek> std::io::Seek for SeekBufReader<R> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            std::io::SeekFrom::Start(at) => at,
            std::io::SeekFrom::Current(by) => {
                self.position.checked_add_signed(by).ok_or_else(before_start)?
            }
            std::io::SeekFrom::End(_) => {
                self.position = self.inner.seek(to)?;
                return Ok(self.position);
            }
        };
        let by = i64::try_from(i128::from(target) - i128::from(self.position)).map_err(|_| before_start())?;
        self.inner.seek_relative(by)?;
        self.position = target;
        Ok(target)
    }
}

/// A buffered writer that answers "where am I" without flushing.
/// `std::io::BufWriter` flushes on every `seek`, even `SeekFrom::Current(0)`,
/// and the zip crate asks its position around each entry it writes: one
/// small write and one `lseek` an entry. A seek to anywhere else flushes
/// and seeks as `BufWriter` does.
pub struct SeekBufWriter<W: std::io::Write> {
    inner: std::io::BufWriter<W>,
    position: u64,
}

impl<W: std::io::Write + std::io::Seek> SeekBufWriter<W> {
    pub fn new(mut inner: W) -> std::io::Result<Self> {
        let position = inner.stream_position()?;
        Ok(SeekBufWriter {
            inner: std::io::BufWriter::with_capacity(SEEK_BUFFER, inner),
            position,
        })
    }
}

impl<W: std::io::Write> std::io::Write for SeekBufWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.position += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: std::io::Write + std::io::Seek> std::io::Seek for SeekBufWriter<W> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            std::io::SeekFrom::Start(at) => Some(at),
            std::io::SeekFrom::Current(by) => {
                Some(self.position.checked_add_signed(by).ok_or_else(before_start)?)
            }
            std::io::SeekFrom::End(_) => None,
        };
        if target == Some(self.position) {
            return Ok(self.position);
        }
        self.position = self.inner.seek(to)?;
        Ok(self.position)
    }
}

/// A seek before the start of the file (said with the standard
/// library's words for the kind).
fn before_start() -> std::io::Error {
    std::io::ErrorKind::InvalidInput.into()
}

#[cfg(test)]
mod tests {
    /// Seeks inside the buffer read the same bytes as a plain file, and
    /// positions stay right after reads, relative and absolute seeks.
    #[test]
    fn the_seeking_reader_reads_what_the_file_holds() {
        use std::io::{Cursor, Read, Seek, SeekFrom};
        let data: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        let mut reader = SeekBufReader::new(Cursor::new(data.clone())).unwrap();
        let mut buf = [0u8; 10];
        for at in [0u64, 5, 300_000, 299_990, 599_990, 17, 262_150] {
            assert_eq!(reader.seek(SeekFrom::Start(at)).unwrap(), at);
            reader.read_exact(&mut buf).unwrap();
            assert_eq!(&buf[..], &data[at as usize..at as usize + 10]);
            assert_eq!(reader.stream_position().unwrap(), at + 10);
        }
        assert_eq!(reader.seek(SeekFrom::Current(-20)).unwrap(), 262_140);
        reader.read_exact(&mut buf).unwrap();
        assert_eq!(&buf[..], &data[262_140..262_150]);
        assert_eq!(reader.seek(SeekFrom::End(-1)).unwrap(), 599_999);
        assert!(reader.seek(SeekFrom::Current(-1_000_000)).is_err());
    }

    /// Asking the position does not flush; seeking back to rewrite a
    /// header and forward again gives the bytes a plain writer gives.
    #[test]
    fn the_seeking_writer_writes_what_a_plain_writer_writes() {
        use std::io::{Cursor, Seek, SeekFrom, Write};
        let mut writer = SeekBufWriter::new(Cursor::new(Vec::new())).unwrap();
        writer.write_all(b"header--body").unwrap();
        assert_eq!(writer.stream_position().unwrap(), 12);
        assert!(
            writer.inner.get_ref().get_ref().is_empty(),
            "asking the position flushed"
        );
        writer.seek(SeekFrom::Start(6)).unwrap();
        writer.write_all(b"!!").unwrap();
        writer.seek(SeekFrom::End(0)).unwrap();
        writer.write_all(b"-tail").unwrap();
        writer.flush().unwrap();
        assert_eq!(writer.inner.get_ref().get_ref().as_slice(), b"header!!body-tail");
    }

    use super::*;

    #[test]
    fn a_bare_name_lives_in_the_current_folder() {
        assert_eq!(parent_dir(Path::new("records")), Path::new("."));
        assert_eq!(parent_dir(Path::new("out/records")), Path::new("out"));
        assert_eq!(parent_dir(Path::new("/records")), Path::new("/"));
        assert_eq!(parent_dir(Path::new("/")), Path::new("."));
        assert_eq!(file_name(Path::new("out/records")), "records");
        assert_eq!(file_name(Path::new("/")), "");
    }

    /// A dead process's `.NAME.zip.PID.tmp` goes whatever NAME; a live
    /// one's stays, and so do names the caller does not own and files
    /// that only look alike.
    #[test]
    fn dead_temporaries_of_owned_names_are_removed() {
        let dir = std::env::temp_dir().join(format!("clic-dead-temps-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // PIDs past the kernel's maximum (4,194,304) are never alive.
        let dead = 4_194_999u32;
        let me = std::process::id();
        let names = [
            format!(".altro.zip.{dead}.tmp"),
            format!(".altro.csv.{dead}.tmp"),
            format!(".mio.zip.{me}.tmp"),
            format!(".dati.txt.{dead}.tmp"),
            format!("altro.zip.{dead}.tmp"),
            format!(".altro.zip.{dead}x.tmp"),
        ];
        for name in &names {
            std::fs::write(dir.join(name), b"x").unwrap();
        }
        remove_dead_temps(&dir, |name| name.ends_with(".zip") || name.ends_with(".csv"));
        let left: Vec<bool> = names.iter().map(|n| dir.join(n).exists()).collect();
        assert_eq!(left, [false, false, true, true, true, true]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn temporary_files_are_recognised_by_their_owner() {
        let target = Path::new("dati/contatore");
        let temp = temp_path(target);
        assert_eq!(temp.parent(), Some(Path::new("dati")));
        let temp_name = file_name(&temp);
        assert!(is_temp_of(target, &temp_name), "{temp_name}");
        assert!(is_temp_of(target, ".contatore.12345.tmp"));
        assert!(!is_temp_of(target, ".contatore..tmp"));
        assert!(!is_temp_of(target, ".contatore.lock.tmp"));
        assert!(!is_temp_of(target, ".altro.12345.tmp"));
        assert!(!is_temp_of(target, "contatore"));
        assert!(!is_temp_of(target, ".contatore.12345.old"));
    }

    #[test]
    fn leftovers_of_dead_owners_go_and_live_ones_stay() {
        let dir = std::env::temp_dir().join(format!("clic-fsutil-leftovers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("lotto");
        // A child that has exited: its PID names no live process any more.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live_dir = temp_path(&target);
        std::fs::create_dir_all(&live_dir).unwrap();
        let dead_dir = dir.join(format!(".lotto.{dead}.tmp"));
        std::fs::create_dir_all(dead_dir.join("x")).unwrap();
        let dead_aside = dir.join(format!(".lotto.{dead}.old"));
        std::fs::write(&dead_aside, b"old").unwrap();
        let other = dir.join(format!(".altro.{dead}.tmp"));
        std::fs::write(&other, b"not ours").unwrap();
        remove_leftovers(&target);
        assert!(live_dir.exists(), "a live owner's folder stays");
        assert!(!dead_dir.exists(), "a dead owner's folder goes");
        assert!(!dead_aside.exists());
        assert!(other.exists(), "another target's file stays");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_lock_excludes_and_is_removed_on_release() {
        let dir = std::env::temp_dir().join(format!("clic-fsutil-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.lock");
        let held = FileLock::acquire(&path, || panic!("free lock")).unwrap();
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                FileLock::acquire(&path, || waited.store(true, std::sync::atomic::Ordering::SeqCst)).unwrap()
            });
            while !waited.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            drop(held);
            drop(other.join().unwrap());
        });
        assert!(!path.exists(), "released locks leave no file");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
