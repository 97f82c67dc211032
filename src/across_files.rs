//! Checks across files (CL09xx): the stage after the per-file checks.
//!
//! The engine checks files in parallel and keeps, for each one, only small
//! [`Keys`] (a hash of its bytes, a codice fiscale, a code), never the
//! document: the per-file pass stays parallel and its memory bounded by the
//! chunk, and this stage costs a few dozen bytes per file. Once every file
//! is checked, [`check`] compares the keys and returns the warnings to add
//! to each file. A new check across files adds a key here and a comparison
//! in [`check`].
//!
//! Only files the per-file checks accept are compared: the warnings say
//! that the portal would take both, and a KO file is to be fixed first.

use std::collections::HashMap;

use crate::codice;
use crate::diagnostic::declare_rules;
use crate::diagnostic::{Diagnostic, Position, Reason};
use crate::document::Parsed;
use crate::module::Module;

declare_rules! {
    /// Two files with the same bytes.
    ///
    /// The portal would take both copies as two communications: the same CV
    /// or vacancy would be published twice. Usually a file was copied into
    /// the archive (or the folder) twice under another name. Each copy gets
    /// this warning, naming the other.
    ///
    /// Fix: remove one of the copies.
    FILE_IDENTICO {
        code: "CL0901",
        name: "file-identico",
        severity: Warning,
        summary: ("Due file identici", "Two identical files"),
        message: ("Il file è identico a «{altro}»{altri}: il portale li accetterebbe entrambi.", "The file is identical to `{altro}`{altri}: the portal would accept both."),
        spiegazione: "Il portale accetterebbe entrambe le copie come due comunicazioni: lo stesso CV o la stessa vacancy verrebbero pubblicati due volte. Di solito un file è stato copiato nell'archivio (o nella cartella) due volte con un altro nome. Ogni copia riceve questo avviso, che nomina l'altra.\n\nCome correggere: togliere una delle copie.",
    }

    /// Two Candidature of the same person (the same codice fiscale).
    ///
    /// The portal would take both: the worker would have two CVs. It is
    /// sometimes meant (a closure and a new CV), but more often the same CV
    /// was exported twice, or a codice fiscale was copied onto another
    /// person's CV. Each file gets this warning, naming the other.
    ///
    /// Fix: keep one CV per person, or correct the codice fiscale.
    STESSA_PERSONA {
        code: "CL0902",
        name: "stessa-persona",
        severity: Warning,
        summary: ("La stessa persona in due candidature", "The same person in two Candidature"),
        message: ("Il codice fiscale «{valore}» è anche nella candidatura «{altro}»{altri}: la stessa persona compare due volte.", "The codice fiscale `{valore}` is also in the Candidatura `{altro}`{altri}: the same person appears twice."),
        spiegazione: "Il portale le accetterebbe entrambe: il lavoratore avrebbe due CV. A volte è voluto (una chiusura e un nuovo CV), ma più spesso lo stesso CV è stato esportato due volte, o un codice fiscale è stato copiato sul CV di un'altra persona. Ogni file riceve questo avviso, che nomina l'altro.\n\nCome correggere: tenere un solo CV per persona, oppure correggere il codice fiscale.",
    }

    /// Two Vacancy or Messaggio files with the same (non-zero) code.
    ///
    /// A communication's code identifies it (seed 000 §6): two files with
    /// the same code are two versions of one communication, and the portal
    /// would take both. Codes of 25 zeros (assigned on receipt) are not
    /// compared. Each file gets this warning, naming the other.
    ///
    /// Fix: keep one of the two, or give the other its own code.
    STESSO_CODICE {
        code: "CL0903",
        name: "stesso-codice",
        severity: Warning,
        summary: ("Lo stesso codice in due comunicazioni", "The same code in two communications"),
        message: ("Il codice «{valore}» è anche in «{altro}»{altri}: due comunicazioni con lo stesso codice.", "The code `{valore}` is also in `{altro}`{altri}: two communications with the same code."),
        spiegazione: "Il codice di una comunicazione la identifica (Modelli e regole §6): due file con lo stesso codice sono due versioni di una comunicazione, e il portale li accetterebbe entrambi. I codici di 25 zeri (assegnati alla ricezione) non sono confrontati. Ogni file riceve questo avviso, che nomina l'altro.\n\nCome correggere: tenerne uno solo, oppure dare all'altro il suo codice.",
    }
}

/// What a worker reads of one file, before it joins the run's [`Table`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// The identity of the file's bytes as read ([`crate::hash::content_id`], or
    /// the first half of their SHA-256 when the run computes it).
    pub content: Option<[u8; 16]>,
    /// Candidatura: the worker's codice fiscale, and where it is.
    pub person: Option<Field>,
    /// Vacancy or Messaggio: its code when not 25 zeros, and where it is.
    pub code: Option<(Module, Field)>,
}

/// A field's value and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub value: Box<str>,
    pub position: Option<Position>,
}

impl Keys {
    /// The keys of a file's bytes, before they are parsed.
    pub fn of_bytes(content: [u8; 16]) -> Keys {
        Keys {
            content: Some(content),
            ..Keys::default()
        }
    }

    /// Adds what the parsed document says (codice fiscale, code).
    pub fn read(&mut self, parsed: &Parsed, module: Module) {
        let field = |path: &str| {
            let node = parsed.find(parsed.root, path)?;
            let value = parsed.trimmed_text(node);
            (!value.is_empty()).then(|| Field {
                value: value.into(),
                position: parsed
                    .range(node)
                    .map(|range| position_of(&parsed.text, range.start)),
            })
        };
        match module {
            Module::Candidatura => self.person = field("Lavoratore/DatiAnagrafici/codicefiscale"),
            Module::Vacancy | Module::Messaggio => {
                self.code = field(module.code_elements().codice)
                    .filter(|f| !codice::is_zeros(&f.value))
                    .map(|f| (module, f));
            }
        }
    }
}

/// The line and column of `offset` in `text`, as [`Parsed::position`]
/// says it, without building the document's table of line starts: this
/// runs on every accepted file (a Vacancy's code is near its end), and is
/// needed for a few.
fn position_of(text: &str, offset: usize) -> Position {
    let end = crate::document::floor_char_boundary(text, offset.min(text.len()));
    let before = &text.as_bytes()[..end];
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = text[start..end].chars().count() + 1;
    Position {
        line: newlines(&before[..start]) as u32 + 1,
        column: column as u32,
    }
}

/// The `\n` bytes of `bytes`, counted 64 at a time in a byte-wide sum
/// (one that the compiler turns into 16-byte compares and subtractions: a
/// sum in `usize` is four times slower).
fn newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(64);
    let mut count = 0;
    for chunk in &mut chunks {
        let mut in_chunk = 0u8;
        for &b in chunk {
            in_chunk += u8::from(b == b'\n');
        }
        count += usize::from(in_chunk);
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

/// What the stage keeps of every file of a run, packed: 40 bytes a file,
/// the fields' values in one shared string.
#[derive(Debug, Default)]
pub struct Table {
    files: Vec<Packed>,
    values: String,
}

#[derive(Debug, Clone, Copy)]
struct Packed {
    /// The content identity (XXH3-128 of the bytes).
    content: [u8; 16],
    has_content: bool,
    field: FieldKind,
    /// The field's value: `values[start..start + len]`.
    start: u32,
    len: u32,
    position: Option<Position>,
}

/// Which field a file was compared on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum FieldKind {
    None,
    Person,
    Code(ModuleKey),
}

/// [`Module`] as a sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ModuleKey {
    Candidatura,
    Vacancy,
    Messaggio,
}

impl ModuleKey {
    fn of(module: Module) -> ModuleKey {
        match module {
            Module::Candidatura => ModuleKey::Candidatura,
            Module::Vacancy => ModuleKey::Vacancy,
            Module::Messaggio => ModuleKey::Messaggio,
        }
    }
}

impl Table {
    pub fn with_capacity(files: usize) -> Table {
        Table {
            files: Vec::with_capacity(files),
            values: String::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Adds the next file's keys.
    pub fn push(&mut self, keys: &Keys) {
        let content = keys.content.unwrap_or_default();
        let (field, value) = match (&keys.person, &keys.code) {
            (Some(person), _) => (FieldKind::Person, Some(person)),
            (None, Some((module, code))) => (FieldKind::Code(ModuleKey::of(*module)), Some(code)),
            (None, None) => (FieldKind::None, None),
        };
        let start = self.values.len();
        if let Some(value) = value {
            self.values.push_str(&value.value);
        }
        self.files.push(Packed {
            content,
            has_content: keys.content.is_some(),
            field,
            // A run's values cannot reach 4 GiB: each is one short field of
            // a file the limits let in.
            start: start as u32,
            len: (self.values.len() - start) as u32,
            position: value.and_then(|v| v.position),
        });
    }

    fn value(&self, file: usize) -> &str {
        let packed = &self.files[file];
        &self.values[packed.start as usize..(packed.start + packed.len) as usize]
    }
}

/// Compares the keys of every file of a run; `names[i]` is how file `i` is
/// named in the others' messages. Returns the warnings to add, by file
/// index, in file order.
pub fn check(keys: &[Keys], names: &[String]) -> Vec<(usize, Diagnostic)> {
    let mut table = Table::with_capacity(keys.len());
    for key in keys {
        table.push(key);
    }
    check_table(&table, |i| names[i].clone())
}

/// As [`check`], on a run's [`Table`]; `name(i)` is asked only for the
/// files a warning names.
pub fn check_table(table: &Table, name: impl Fn(usize) -> String) -> Vec<(usize, Diagnostic)> {
    let files = &table.files;
    // The two sorts are independent, and run after the workers are done:
    // on the workers' threads, side by side.
    let (identical, same_field) = rayon::join(
        || {
            groups(
                files
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.has_content)
                    .map(|(i, _)| i as u32),
                |&i| files[i as usize].content,
            )
        },
        || {
            groups(
                files
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.field != FieldKind::None)
                    .map(|(i, _)| i as u32),
                |&i| (files[i as usize].field, table.value(i as usize)),
            )
        },
    );
    // Each file names one other file and counts the rest, so a file's
    // warnings cost the same whatever the size of its group: a group is
    // never walked per member (6,000 copies of one CV once took 6 s here).
    let content_of = |j: u32| {
        let f = &files[j as usize];
        f.has_content.then_some(f.content)
    };
    // (file, 0 for its copies or 1 for its field, group), in file order.
    let mut members: Vec<(u32, u8, u32)> = Vec::new();
    for (kind, groups) in [(0u8, &identical), (1, &same_field)] {
        for (g, group) in groups.iter().enumerate() {
            members.extend(group.iter().map(|&file| (file, kind, g as u32)));
        }
    }
    members.sort_unstable();
    // For each group of the same field: how many of its files share each
    // content, and its first file whose content differs from its first
    // file's (the first file not a copy of a file that is a copy of the first).
    type FieldGroup = (HashMap<[u8; 16], usize>, Option<u32>);
    let field_groups: Vec<FieldGroup> = same_field
        .iter()
        .map(|group| {
            let mut counts = HashMap::new();
            for &j in group {
                if let Some(content) = content_of(j) {
                    *counts.entry(content).or_insert(0) += 1;
                }
            }
            let first = content_of(group[0]);
            let differs = group
                .iter()
                .copied()
                .find(|&j| first.is_none() || content_of(j) != first);
            (counts, differs)
        })
        .collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at < members.len() {
        let file = members[at].0;
        let mut copies: Option<&[u32]> = None;
        let mut same: Option<usize> = None;
        while at < members.len() && members[at].0 == file {
            let (_, kind, g) = members[at];
            if kind == 0 {
                copies = Some(&identical[g as usize]);
            } else {
                same = Some(g as usize);
            }
            at += 1;
        }
        let i = file as usize;
        if let Some(group) = copies {
            let first = if group[0] == file { group[1] } else { group[0] };
            out.push((
                i,
                named(
                    Diagnostic::new(&FILE_IDENTICO),
                    first as usize,
                    group.len() - 1,
                    &name,
                ),
            ));
        }
        // A copy is named once, as a copy: not again as the same person.
        if let Some(g) = same {
            let group = &same_field[g];
            let (counts, differs) = &field_groups[g];
            let own = content_of(file);
            let copies_and_self = match (copies, own) {
                (Some(_), Some(content)) => counts[&content],
                _ => 1,
            };
            let others = group.len() - copies_and_self;
            // The first file of the group that is neither this file nor
            // one of its copies.
            let first_other = if copies.is_none() {
                group.iter().copied().find(|&j| j != file)
            } else if content_of(group[0]) != own {
                Some(group[0])
            } else {
                *differs
            };
            if let (true, Some(first)) = (others > 0, first_other) {
                let packed = &files[i];
                let rule = match packed.field {
                    FieldKind::Person => &STESSA_PERSONA,
                    _ => &STESSO_CODICE,
                };
                let diagnostic = Diagnostic::new(rule)
                    .at(packed.position)
                    .arg("valore", table.value(i));
                out.push((i, named(diagnostic, first as usize, others, &name)));
            }
        }
    }
    out
}

/// The groups of two files or more with the same key, each in file order.
fn groups<K: Ord + Send>(files: impl Iterator<Item = u32>, key: impl Fn(&u32) -> K + Sync) -> Vec<Vec<u32>> {
    use rayon::slice::ParallelSliceMut;
    let mut order: Vec<u32> = files.collect();
    // Stable: files with the same key stay in file order.
    order.par_sort_by_key(|i| key(i));
    order
        .chunk_by(|a, b| key(a) == key(b))
        .filter(|group| group.len() > 1)
        .map(<[u32]>::to_vec)
        .collect()
}

/// Names the first other file, and how many more there are.
fn named(diagnostic: Diagnostic, first: usize, others: usize, name: &impl Fn(usize) -> String) -> Diagnostic {
    diagnostic
        .arg("altro", name(first))
        .reason("altri", Reason::AndOthers(others - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(cf: &str) -> Keys {
        Keys {
            content: Some([cf.len() as u8; 16]),
            person: Some(Field {
                value: cf.into(),
                position: None,
            }),
            code: None,
        }
    }

    #[test]
    fn positions_are_the_documents_at_every_offset() {
        // Lines longer and shorter than the 64-byte blocks, accents, a
        // newline on a block's edge.
        let text = format!(
            "{}\n<a>è\n\n{}\nù{}\n",
            "x".repeat(63),
            "é".repeat(70),
            "\n".repeat(130)
        );
        for offset in (0..=text.len() + 2).filter(|&o| o > text.len() || text.is_char_boundary(o)) {
            assert_eq!(
                position_of(&text, offset),
                crate::document::offset_position(&text, offset),
                "{offset}"
            );
        }
    }

    fn codes(found: &[(usize, Diagnostic)]) -> Vec<(usize, &str, String)> {
        found
            .iter()
            .map(|(i, d)| {
                let other = match d.get("altro") {
                    Some(crate::diagnostic::Arg::Plain(name)) => name.clone(),
                    _ => String::new(),
                };
                (*i, d.rule.code, other)
            })
            .collect()
    }

    #[test]
    fn copies_are_named_as_copies_and_the_same_person_as_such() {
        let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let mut keys = vec![person("X"), person("X"), person("X"), person("YY")];
        keys[2].content = Some([9; 16]);
        let found = check(&keys, &names);
        assert_eq!(
            codes(&found),
            [
                (0, "CL0901", "b".to_string()),
                (0, "CL0902", "c".to_string()),
                (1, "CL0901", "a".to_string()),
                (1, "CL0902", "c".to_string()),
                (2, "CL0902", "a".to_string()),
            ]
        );
        assert_eq!(
            found[4].1.get("altri"),
            Some(&crate::diagnostic::Arg::Reason(Reason::AndOthers(1)))
        );
    }

    /// Thousands of copies of one CV: each names one other file and counts
    /// the rest, and the stage stays linear (it once walked the group for
    /// every member, twice over: cubic in the copies).
    #[test]
    fn many_copies_name_one_other_and_count_the_rest() {
        let n = 20_000;
        let names: Vec<String> = (0..n + 2).map(|i| format!("f{i}")).collect();
        // n copies of one file, then two other files of the same person.
        let mut keys = vec![person("X"); n];
        keys.push(person("X"));
        keys[n].content = Some([7; 16]);
        keys.push(person("X"));
        keys[n + 1].content = Some([8; 16]);
        let found = check(&keys, &names);
        let others = |d: &Diagnostic| d.get("altri").cloned();
        let and_others = |k| Some(crate::diagnostic::Arg::Reason(Reason::AndOthers(k)));
        // Every copy: CL0901 naming the first other copy, n - 2 more;
        // CL0902 naming the first non-copy, one more.
        assert_eq!(found.len(), 2 * n + 2);
        let (_, first) = &found[0];
        assert_eq!(
            codes(&found[..2]),
            [(0, "CL0901", "f1".into()), (0, "CL0902", format!("f{n}"))]
        );
        assert_eq!(others(first), and_others(n - 2));
        assert_eq!(others(&found[1].1), and_others(1));
        let last_copy = &found[2 * n - 2..2 * n];
        assert_eq!(
            codes(last_copy),
            [(n - 1, "CL0901", "f0".into()), (n - 1, "CL0902", format!("f{n}"))]
        );
        // The two others: the same person as the n copies and each other.
        assert_eq!(
            codes(&found[2 * n..]),
            [(n, "CL0902", "f0".into()), (n + 1, "CL0902", "f0".into())]
        );
        assert_eq!(others(&found[2 * n].1), and_others(n));
    }

    #[test]
    fn the_same_code_in_two_modules_is_not_a_duplicate() {
        let code = |module, value: &str, byte| Keys {
            content: Some([byte; 16]),
            person: None,
            code: Some((
                module,
                Field {
                    value: value.into(),
                    position: None,
                },
            )),
        };
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let keys = [
            code(Module::Vacancy, "1", 1),
            code(Module::Messaggio, "1", 2),
            code(Module::Vacancy, "1", 3),
        ];
        assert_eq!(
            codes(&check(&keys, &names)),
            [(0, "CL0903", "c".to_string()), (2, "CL0903", "a".to_string())]
        );
    }
}
