//! Errors that stop a run before or after checking (exit code 2): bad
//! arguments, unreadable paths, unusable schemas, unwritable output.
//! Findings about files are diagnostics, never these.

use crate::codice::Tipo;
use crate::counter::CounterError;
use crate::input::OpenError;
use crate::module::Module;
use crate::schema::SchemaError;
use crate::tabelle::TableError;

/// Each variant is plain data; `report::words` says it in each language.
#[derive(Debug)]
pub enum Fatal {
    Open(OpenError),
    Schema(SchemaError),
    Table(TableError),
    Import(crate::import::ImportError),
    /// `clic close` could not run.
    Close(crate::chiusura::CloseError),
    /// `clic fix` could not write its output.
    Fix(crate::repair::OutputError),
    Write {
        path: String,
        reason: String,
    },
    /// `clic explain` with a code that is not in the registry.
    UnknownCode(String),
    /// `clic tabelle NAME` with a name that is not a table.
    UnknownTable(String),
    /// The worker threads could not start (the system's reason).
    Threads(String),
    /// `clic serve` could not start.
    Serve(crate::serve::StartError),
    /// The persistent counter of communication codes cannot be used.
    Counter(CounterError),
    /// `--regione` is not 2 digits.
    BadRegione(String),
    /// `--provincia` is not 3 digits.
    BadProvincia(String),
    /// `--anno` is not 2 digits.
    BadAnno(String),
    /// `--modulo` and `--tipo` that no communication has.
    TypeNotAllowed {
        modulo: Module,
        tipo: Tipo,
    },
}

impl From<OpenError> for Fatal {
    fn from(e: OpenError) -> Self {
        Fatal::Open(e)
    }
}

impl From<SchemaError> for Fatal {
    fn from(e: SchemaError) -> Self {
        Fatal::Schema(e)
    }
}

impl From<TableError> for Fatal {
    fn from(e: TableError) -> Self {
        Fatal::Table(e)
    }
}

impl From<crate::import::ImportError> for Fatal {
    fn from(e: crate::import::ImportError) -> Self {
        Fatal::Import(e)
    }
}

impl From<crate::ledger::LedgerError> for Fatal {
    fn from(e: crate::ledger::LedgerError) -> Self {
        Fatal::Import(crate::import::ImportError::Ledger(e))
    }
}

impl From<crate::chiusura::CloseError> for Fatal {
    fn from(e: crate::chiusura::CloseError) -> Self {
        Fatal::Close(e)
    }
}

impl From<crate::repair::OutputError> for Fatal {
    fn from(e: crate::repair::OutputError) -> Self {
        Fatal::Fix(e)
    }
}

impl From<CounterError> for Fatal {
    fn from(e: CounterError) -> Self {
        Fatal::Counter(e)
    }
}
