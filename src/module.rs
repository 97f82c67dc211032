//! The three kinds of communication (dominio.md §1): each has its own root
//! element, namespace and schema, and keeps the fields every part of the
//! tool reads (sending date, expiry, the communication's code elements,
//! birth date) at paths written once, here.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Module {
    Candidatura,
    Vacancy,
    Messaggio,
}

impl Module {
    pub const ALL: [Module; 3] = [Module::Candidatura, Module::Vacancy, Module::Messaggio];

    pub fn root(self) -> &'static str {
        match self {
            Module::Candidatura => "Candidatura",
            Module::Vacancy => "Vacancy",
            Module::Messaggio => "Messaggio",
        }
    }

    pub fn namespace(self) -> &'static str {
        match self {
            Module::Candidatura => "http://servizi.lavoro.gov.it/candidatura",
            Module::Vacancy => "http://servizi.lavoro.gov.it/vacancy",
            Module::Messaggio => "http://servizi.lavoro.gov.it/messaggio",
        }
    }

    /// The lower-case key used in reports (`"candidatura"`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Module::Candidatura => "candidatura",
            Module::Vacancy => "vacancy",
            Module::Messaggio => "messaggio",
        }
    }

    pub fn from_root(local_name: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.root() == local_name)
    }

    pub fn from_namespace(namespace: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.namespace() == namespace)
    }

    /// Index for per-module arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Where the module keeps its sending date: the reference day of the
    /// date rules and of the expiry clamp.
    pub fn sending_date(self) -> &'static str {
        match self {
            Module::Candidatura => "DatiSistema/datainserimento",
            Module::Vacancy => "Richiesta/DurataRichiesta/datapubblicazione",
            Module::Messaggio => "DatiSistema/data",
        }
    }

    /// Where the module keeps its expiry date, for those that have one.
    pub fn expiry(self) -> Option<&'static str> {
        match self {
            Module::Candidatura => Some("DatiSistema/datascadenza"),
            Module::Vacancy => Some("Richiesta/DurataRichiesta/datascadenza"),
            Module::Messaggio => None,
        }
    }

    /// The elements that carry the communication's type, code, previous
    /// code and closure reason (seed 000 §5, §6).
    pub fn code_elements(self) -> CodeElements {
        match self {
            Module::Candidatura => CodeElements {
                tipo: "DatiSistema/tipocandidatura",
                codice: "DatiSistema/codicecandidatura",
                precedente: "DatiSistema/codicecandidaturaprecedente",
                motivo: Some("DatiSistema/motivochiusura"),
            },
            Module::Vacancy => CodeElements {
                tipo: "DatiSistema/tipoofferta",
                codice: "DatiSistema/codiceofferta",
                precedente: "DatiSistema/codiceoffertaprecedente",
                motivo: Some("DatiSistema/motivochiusura"),
            },
            Module::Messaggio => CodeElements {
                tipo: "DatiSistema/tipocomunicazione",
                codice: "DatiSistema/codicemessaggio",
                precedente: "DatiSistema/codicemessaggioprecedente",
                motivo: None,
            },
        }
    }
}

/// Paths (below the root) of the elements that carry type, code, previous
/// code and closure reason.
#[derive(Debug, Clone, Copy)]
pub struct CodeElements {
    pub tipo: &'static str,
    pub codice: &'static str,
    pub precedente: &'static str,
    pub motivo: Option<&'static str>,
}

/// The worker's birth date in a Candidatura.
pub const BIRTH_DATE: &str = "Lavoratore/DatiAnagrafici/datanascita";

/// The longest validity the system allows, from the sending date (seed 000
/// §4-5): the system sets the expiry to at most this many days after sending.
pub const MAX_VALIDITY_DAYS: i64 = 60;

/// The latest expiry the system allows for a communication sent on `sent`.
pub fn max_expiry(sent: crate::calendar::Date) -> crate::calendar::Date {
    sent.add_days(MAX_VALIDITY_DAYS)
}
