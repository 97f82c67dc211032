//! Names of the closure entries: the source's name with `chiusura-` before
//! the file name (`scuola/cv1.xml` -> `scuola/chiusura-cv1.xml`; a file
//! given on the command line keeps only its file name, standard input is
//! `stdin.xml`); a clash, ignoring case, gets `-2`, `-3`...

use std::collections::HashSet;
use std::path::Path;

use crate::input::{Input, InputKind};

/// Names of the closure entries, unique in the archive.
#[derive(Default)]
pub struct EntryNames {
    taken: HashSet<String>,
}

impl EntryNames {
    pub fn closure_name(&mut self, input: &Input, name: &str) -> String {
        let base = match input.kind {
            InputKind::File => Path::new(name)
                .file_name()
                .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned()),
            InputKind::Stdin if !input.is_container() => "stdin.xml".to_string(),
            _ => name.to_string(),
        };
        let (dir, file) = match base.rsplit_once('/') {
            Some((dir, file)) => (format!("{dir}/"), file.to_string()),
            None => (String::new(), base),
        };
        let (stem, extension) = match file.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
            _ => (file.clone(), String::new()),
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 { String::new() } else { format!("-{n}") };
            let candidate = format!("{dir}chiusura-{stem}{suffix}{extension}");
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closure_entries_keep_the_source_name_and_never_clash() {
        let mut names = EntryNames::default();
        let folder = Input::open("fixtures/validi", &Default::default()).unwrap();
        assert_eq!(
            names.closure_name(&folder, "scuola/cv1.xml"),
            "scuola/chiusura-cv1.xml"
        );
        assert_eq!(
            names.closure_name(&folder, "scuola/cv1.xml"),
            "scuola/chiusura-cv1-2.xml"
        );
        assert_eq!(names.closure_name(&folder, "CV1.xml"), "chiusura-CV1.xml");
        assert_eq!(names.closure_name(&folder, "cv1.XML"), "chiusura-cv1-2.XML");
    }
}
