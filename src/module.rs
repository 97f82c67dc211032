//! The three kinds of communication (dominio.md §1): each has its own root
//! element, namespace and schema.

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
}
