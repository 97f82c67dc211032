//! Messages for errors that stop the run (exit code 2).

use crate::error::Fatal;
use crate::i18n::Lang;
use crate::schema::{SchemaError, SchemaNote};
use crate::tabelle::{TableError, TableNote};

pub fn render(error: &Fatal, lang: Lang) -> String {
    let (it, en) = texts(error);
    format!("clic: {}", lang.pick(&it, &en))
}

fn texts(error: &Fatal) -> (String, String) {
    match error {
        Fatal::Open(e) => (
            format!("impossibile aprire «{}»: {}", e.path, e.reason),
            format!("cannot open `{}`: {}", e.path, e.reason),
        ),
        Fatal::Schema(e) => schema(e),
        Fatal::Table(TableError::Read { path, reason }) => (
            format!("impossibile leggere le tabelle «{}»: {reason}", path.display()),
            format!("cannot read the tables `{}`: {reason}", path.display()),
        ),
        Fatal::Table(TableError::Invalid { path, reason }) => (
            format!(
                "la tabella «{}» non è nel formato di tabelle/README.md: {reason}",
                path.display()
            ),
            format!(
                "the table `{}` is not in the format of tabelle/README.md: {reason}",
                path.display()
            ),
        ),
        Fatal::Write { path, reason } => (
            format!("impossibile scrivere «{path}»: {reason}"),
            format!("cannot write `{path}`: {reason}"),
        ),
        Fatal::UnknownCode(code) => (
            format!("codice sconosciuto «{code}» (l'elenco: clic explain --list)"),
            format!("unknown code `{code}` (the list: clic explain --list)"),
        ),
        Fatal::Usage { it, en } | Fatal::Other { it, en } => (it.clone(), en.clone()),
        Fatal::Import(e) => import(e),
        Fatal::Close(e) => super::chiusura::error_texts(e),
    }
}

fn import(error: &crate::import::ImportError) -> (String, String) {
    use crate::import::ImportError;
    match error {
        ImportError::NotAnArchive(path) => (
            format!(
                "«{path}» non è un archivio .zip: clic import importa archivi (per verificare file e cartelle usare clic verify)"
            ),
            format!(
                "`{path}` is not a .zip archive: clic import imports archives (use clic verify for files and folders)"
            ),
        ),
        ImportError::Read { path, reason } => (
            format!("impossibile leggere «{path}»: {reason}"),
            format!("cannot read `{path}`: {reason}"),
        ),
        ImportError::Ledger(e) => (
            format!("registro «{}» non utilizzabile: {}", e.path.display(), e.reason),
            format!("ledger `{}` unusable: {}", e.path.display(), e.reason),
        ),
        ImportError::Write { path, reason } => (
            format!("impossibile scrivere i record in «{}»: {reason}", path.display()),
            format!("cannot write the records to `{}`: {reason}", path.display()),
        ),
    }
}

fn schema(error: &SchemaError) -> (String, String) {
    match error {
        SchemaError::Read { path, reason } => (
            format!("impossibile leggere lo schema «{}»: {reason}", path.display()),
            format!("cannot read the schema `{}`: {reason}", path.display()),
        ),
        SchemaError::NotXml { path, reason } => (
            format!("lo schema «{}» non è XML leggibile: {reason}", path.display()),
            format!("the schema `{}` is not readable XML: {reason}", path.display()),
        ),
        SchemaError::NoTargetNamespace { path } => (
            format!("lo schema «{}» non dichiara un targetNamespace", path.display()),
            format!("the schema `{}` declares no targetNamespace", path.display()),
        ),
        SchemaError::Duplicate {
            namespace,
            first,
            second,
        } => (
            format!(
                "due schemi per lo stesso namespace {namespace}: «{}» e «{}»; lasciarne uno solo nella cartella",
                first.display(),
                second.display()
            ),
            format!(
                "two schemas for the same namespace {namespace}: `{}` and `{}`; keep only one in the folder",
                first.display(),
                second.display()
            ),
        ),
        SchemaError::Unsupported { path, constructs } => (
            format!(
                "lo schema «{}» usa costrutti che il validatore salterebbe, quindi non viene usato (meglio nessun controllo che un controllo a metà):\n  {}",
                path.display(),
                constructs.join("\n  ")
            ),
            format!(
                "the schema `{}` uses constructs the validator would skip, so it is not used (no check is better than half a check):\n  {}",
                path.display(),
                constructs.join("\n  ")
            ),
        ),
        SchemaError::Invalid { path, reason } => (
            format!("lo schema «{}» non è valido: {reason}", path.display()),
            format!("the schema `{}` is not valid: {reason}", path.display()),
        ),
        SchemaError::MissingRoot { path, module } => (
            format!(
                "lo schema «{}» non dichiara l'elemento radice {}",
                path.display(),
                module.root()
            ),
            format!(
                "the schema `{}` does not declare the root element {}",
                path.display(),
                module.root()
            ),
        ),
        SchemaError::EmptyDir { path } => (
            format!(
                "la cartella «{}» non contiene schemi .xsd dei moduli Cliclavoro",
                path.display()
            ),
            format!(
                "the folder `{}` holds no .xsd schema of the Cliclavoro modules",
                path.display()
            ),
        ),
    }
}

/// A line about the schema folder that does not stop the run.
pub fn schema_note(note: &SchemaNote, lang: Lang) -> String {
    match note {
        SchemaNote::Ignored { path, namespace } => lang
            .pick(
                &format!(
                    "clic: nota: «{}» ignorato (namespace {namespace} non è di un modulo)",
                    path.display()
                ),
                &format!(
                    "clic: note: `{}` ignored (namespace {namespace} is not a module's)",
                    path.display()
                ),
            )
            .to_string(),
        SchemaNote::KeptBuiltin { module } => lang
            .pick(
                &format!(
                    "clic: nota: nessuno schema per {} nella cartella, uso quello incorporato",
                    module.root()
                ),
                &format!(
                    "clic: note: no schema for {} in the folder, using the built-in one",
                    module.root()
                ),
            )
            .to_string(),
    }
}

/// A line about `--tabelle` that does not stop the run.
pub fn table_note(note: &TableNote, lang: Lang) -> String {
    match note {
        TableNote::Unknown { path } => lang
            .pick(
                &format!(
                    "clic: nota: «{}» ignorato: non è una tabella nota (clic tabelle le elenca)",
                    path.display()
                ),
                &format!(
                    "clic: note: `{}` ignored: not a known table (clic tabelle lists them)",
                    path.display()
                ),
            )
            .to_string(),
        TableNote::Replaced { name, path } => lang
            .pick(
                &format!("clic: nota: tabella {name} sostituita da «{}»", path.display()),
                &format!("clic: note: table {name} replaced by `{}`", path.display()),
            )
            .to_string(),
        TableNote::Added { name, path } => lang
            .pick(
                &format!("clic: nota: tabella {name} caricata da «{}»", path.display()),
                &format!("clic: note: table {name} loaded from `{}`", path.display()),
            )
            .to_string(),
    }
}
