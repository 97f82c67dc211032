//! Errors that stop a run before or after checking (exit code 2): bad
//! arguments, unreadable paths, unusable schemas, unwritable output.
//! Findings about files are diagnostics, never these.

use crate::input::OpenError;
use crate::schema::SchemaError;
use crate::tabelle::TableError;

#[derive(Debug)]
pub enum Fatal {
    Open(OpenError),
    Schema(SchemaError),
    Table(TableError),
    Import(crate::import::ImportError),
    Close(crate::chiusura::CloseError),
    Write { path: String, reason: String },
    UnknownCode(String),
    Usage { it: String, en: String },
    Other { it: String, en: String },
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
