//! Diagnostics as plain data: what was found, where, and the values that
//! fill the rule's message template. Rendering happens in `report/`.

pub mod reason;
mod rule;

pub use reason::Reason;
pub(crate) use rule::declare_rules;
pub use rule::{Rule, Text};

/// How a diagnostic affects the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Makes the file (or the archive) KO.
    Error,
    /// Reported, but the file stays OK.
    Warning,
    /// Informational: something was skipped on purpose.
    Note,
}

impl Severity {
    /// The stable key used in machine-readable reports.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A position in a document: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One finding about one file (or one input as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub position: Option<Position>,
    /// Element path inside the document, e.g. `/Candidatura/Lavoratore/Recapiti/email`.
    pub path: Option<String>,
    /// Named values for the rule's message template (`{campo}`, `{valore}`, ...).
    pub args: Vec<(&'static str, Arg)>,
}

/// A template argument: most are data (a field name, a value), some are
/// reasons that `report::words` puts into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Plain(String),
    Reason(Reason),
}

impl Diagnostic {
    pub fn new(rule: &'static Rule) -> Self {
        Diagnostic {
            rule,
            position: None,
            path: None,
            args: Vec::new(),
        }
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    pub fn is_error(&self) -> bool {
        self.rule.severity == Severity::Error
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, Arg::Plain(value.to_string())));
        self
    }

    /// An argument that `report/` puts into words.
    pub fn reason(mut self, name: &'static str, reason: Reason) -> Self {
        self.args.push((name, Arg::Reason(reason)));
        self
    }

    /// A template argument.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }
}

/// Sort key that makes output deterministic whatever order checks ran in:
/// by position, then code, then path.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| a.rule.code.cmp(b.rule.code))
            .then_with(|| a.path.cmp(&b.path))
    });
}
