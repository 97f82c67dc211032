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

/// What the stage keeps of one file: a few dozen bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// SHA-256 of the file's bytes as read.
    pub content: Option<[u8; 32]>,
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
    pub fn of_bytes(content: [u8; 32]) -> Keys {
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
                position: parsed.position(node),
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

/// Compares the keys of every file of a run; `names[i]` is how file `i` is
/// named in the others' messages. Returns the warnings to add, by file
/// index, in file order.
pub fn check(keys: &[Keys], names: &[String]) -> Vec<(usize, Diagnostic)> {
    let identical = groups(keys.iter().map(|k| k.content));
    let same_person = groups(keys.iter().map(|k| k.person.as_ref().map(|f| &f.value)));
    let same_code = groups(
        keys.iter()
            .map(|k| k.code.as_ref().map(|(module, f)| (*module, &f.value))),
    );
    let mut out = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let copies = &identical[i];
        // A copy is named once, as a copy: not again as the same person.
        let not_a_copy = |others: &[usize]| -> Vec<usize> {
            others.iter().copied().filter(|j| !copies.contains(j)).collect()
        };
        if !copies.is_empty() {
            out.push((i, named(Diagnostic::new(&FILE_IDENTICO), copies, names)));
        }
        if let Some(person) = &key.person {
            let others = not_a_copy(&same_person[i]);
            if !others.is_empty() {
                let diagnostic = Diagnostic::new(&STESSA_PERSONA)
                    .at(person.position)
                    .arg("valore", &person.value);
                out.push((i, named(diagnostic, &others, names)));
            }
        }
        if let Some((_, code)) = &key.code {
            let others = not_a_copy(&same_code[i]);
            if !others.is_empty() {
                let diagnostic = Diagnostic::new(&STESSO_CODICE)
                    .at(code.position)
                    .arg("valore", &code.value);
                out.push((i, named(diagnostic, &others, names)));
            }
        }
    }
    out
}

/// For each file, the other files with the same key (none without a key).
fn groups<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = Option<K>>) -> Vec<Vec<usize>> {
    let keys: Vec<Option<K>> = keys.collect();
    let mut by_key: HashMap<&K, Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            by_key.entry(key).or_default().push(i);
        }
    }
    keys.iter()
        .enumerate()
        .map(|(i, key)| match key.as_ref().and_then(|k| by_key.get(k)) {
            Some(all) if all.len() > 1 => all.iter().copied().filter(|&j| j != i).collect(),
            _ => Vec::new(),
        })
        .collect()
}

/// Names the first other file, and how many more there are.
fn named(diagnostic: Diagnostic, others: &[usize], names: &[String]) -> Diagnostic {
    diagnostic
        .arg("altro", &names[others[0]])
        .reason("altri", Reason::AndOthers(others.len() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(cf: &str) -> Keys {
        Keys {
            content: Some([cf.len() as u8; 32]),
            person: Some(Field {
                value: cf.into(),
                position: None,
            }),
            code: None,
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
        keys[2].content = Some([9; 32]);
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

    #[test]
    fn the_same_code_in_two_modules_is_not_a_duplicate() {
        let code = |module, value: &str, byte| Keys {
            content: Some([byte; 32]),
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
