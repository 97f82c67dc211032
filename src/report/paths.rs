//! Paths as reports write them, so that CI systems and editors find the
//! files: relative to the current folder (or `--base-path`), without `./`,
//! with `/` separators; a path outside that folder stays absolute (in SARIF
//! a `file://` URI). Standard input is `-`, or the name `--stdin-filename`
//! gives it. Paths are compared as written (no symbolic link is followed):
//! the same spelling the CI job uses is the one it looks for.

use std::path::{Component, Path, PathBuf};

use crate::input::{Input, InputKind};

/// How a run's paths are written.
#[derive(Debug, Clone)]
pub struct PathStyle {
    /// The folder paths are relative to, absolute and without `.` or `..`.
    base: PathBuf,
    /// The name standard input is shown with.
    stdin_name: Option<String>,
}

impl PathStyle {
    /// Relative to `base` (the current folder when `None`); `stdin_name`
    /// for `-`. A relative `base` is taken from the current folder.
    pub fn new(base: Option<&Path>, stdin_name: Option<&str>) -> PathStyle {
        let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let base = match base {
            Some(b) => tidy(&here.join(b)),
            None => tidy(&here),
        };
        PathStyle {
            base,
            stdin_name: stdin_name.filter(|n| !n.is_empty()).map(str::to_string),
        }
    }

    /// A path as typed, as the reports write it.
    pub fn shown(&self, typed: &str) -> String {
        if typed == "-" {
            return self.stdin_name.clone().unwrap_or_else(|| "-".to_string());
        }
        let absolute = tidy(&self.base_of(typed));
        match absolute.strip_prefix(&self.base) {
            Ok(inside) if inside.as_os_str().is_empty() => ".".to_string(),
            Ok(inside) => slashes(inside),
            Err(_) => slashes(&absolute),
        }
    }

    /// `typed` made absolute against the current folder.
    fn base_of(&self, typed: &str) -> PathBuf {
        let path = Path::new(typed);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        }
    }

    /// Every input's path (and a single file's name, which is its path) as
    /// the reports write it, before the run: the names the checks put in
    /// messages (a file named in another's warning) are then the same.
    /// Entries are read through their own origin, never by this name.
    pub fn apply(&self, inputs: &mut [Input]) {
        for input in inputs {
            let shown = self.shown(&input.path);
            if input.kind != InputKind::Folder {
                for entry in input.entries.iter_mut().filter(|e| e.name == input.path) {
                    entry.name = shown.clone();
                }
            }
            input.path = shown;
        }
    }
}

/// A path without `.` components and with `..` resolved against the
/// component before it, as written (no link followed).
fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A path with `/` between its parts, whatever the platform.
fn slashes(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text.into_owned()
    }
}

/// Whether a shown path is absolute (outside the base folder).
pub fn is_absolute(shown: &str) -> bool {
    shown.starts_with('/') || shown.as_bytes().get(1) == Some(&b':')
}

/// A shown path as a URI reference: relative ones percent-encoded, absolute
/// ones as `file://` URIs (`file:///home/…`, `file:///C:/…`).
pub fn uri(shown: &str) -> String {
    let mut out = String::with_capacity(shown.len() + 8);
    if is_absolute(shown) {
        out.push_str("file://");
        if !shown.starts_with('/') {
            out.push('/');
        }
    }
    for byte in shown.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            b':' if out.starts_with("file:///") && out.len() == 9 => out.push(':'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The base folder as a `file://` URI ending in `/`: SARIF's
/// `originalUriBaseIds` entry for the relative URIs.
pub fn base_uri(style: &PathStyle) -> String {
    let mut uri = uri(&slashes(&style.base));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_without_dot_slash() {
        let style = PathStyle::new(Some(Path::new("/home/ufficio")), Some("cv.xml"));
        let here = std::env::current_dir().unwrap();
        let style_here = PathStyle::new(None, None);
        assert_eq!(style_here.shown("./dir/cv.xml"), "dir/cv.xml");
        assert_eq!(style_here.shown("dir/../dir/./cv.xml"), "dir/cv.xml");
        assert_eq!(
            style_here.shown(here.join("a/b.zip").to_str().unwrap()),
            "a/b.zip"
        );
        assert_eq!(style_here.shown("."), ".");
        assert_eq!(style.shown("/home/ufficio/lotti/x.zip"), "lotti/x.zip");
        assert_eq!(style.shown("/srv/altro/x.zip"), "/srv/altro/x.zip");
        assert_eq!(style.shown("-"), "cv.xml");
        assert_eq!(style_here.shown("-"), "-");
    }

    #[test]
    fn absolute_paths_become_file_uris() {
        assert_eq!(uri("/srv/ufficio/cv 1.xml"), "file:///srv/ufficio/cv%201.xml");
        assert_eq!(uri("C:/Users/cv.xml"), "file:///C:/Users/cv.xml");
        assert_eq!(uri("dir/cv.xml"), "dir/cv.xml");
        assert_eq!(uri("dir/può.xml"), "dir/pu%C3%B2.xml");
    }
}
