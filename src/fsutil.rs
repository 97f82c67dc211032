//! File-system helpers.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// folder, flushed to disk, then renamed over the target. After a crash
/// there is either the old file, or the complete new one, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent_dir(path);
    let temp = temp_path(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
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
/// be atomic).
pub fn temp_path(path: &Path) -> PathBuf {
    parent_dir(path).join(format!(".{}.{}.tmp", file_name(path), std::process::id()))
}

/// Whether `candidate` (a file name in the same folder) is a temporary
/// file of `path` left by some process, as [`temp_path`] names them.
pub fn is_temp_of(path: &Path, candidate: &str) -> bool {
    let head = format!(".{}.", file_name(path));
    candidate
        .strip_prefix(&head)
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
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

#[cfg(test)]
mod tests {
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
    }
}
