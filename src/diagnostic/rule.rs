//! What a diagnostic code is: its stable code and name, severity, messages
//! and explanation, and the macro each family declares its codes with.
//! This sits below every family; the list of families is
//! [`crate::registry`], above all of them.

use crate::diagnostic::Severity;
use crate::i18n::Lang;

/// A text in both languages the tool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub it: &'static str,
    pub en: &'static str,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::It => self.it,
            Lang::En => self.en,
        }
    }
}

/// One diagnostic code.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `CL0101`. Never reused or renumbered.
    pub code: &'static str,
    /// Stable kebab-case name, in Italian like the standard's field names.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule is about.
    pub summary: Text,
    /// Message template; `{name}` placeholders are filled from the diagnostic's args.
    pub message: Text,
    /// What it checks, where the standard says so, how to fix it.
    pub explanation: Text,
}

/// Declares a family of rules. The doc comment of each rule becomes its
/// English explanation; `spiegazione` is the Italian one.
macro_rules! declare_rules {
    ($(
        $(#[doc = $doc:literal])+
        $ident:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            summary: ($summary_it:literal, $summary_en:literal),
            message: ($message_it:literal, $message_en:literal),
            spiegazione: $explanation_it:literal $(,)?
        }
    )+) => {
        $(
            $(#[doc = $doc])+
            pub static $ident: $crate::diagnostic::Rule = $crate::diagnostic::Rule {
                code: $code,
                name: $name,
                severity: $crate::diagnostic::Severity::$severity,
                summary: $crate::diagnostic::Text { it: $summary_it, en: $summary_en },
                message: $crate::diagnostic::Text { it: $message_it, en: $message_en },
                explanation: $crate::diagnostic::Text {
                    it: $explanation_it,
                    en: concat!($($doc, "\n"),+),
                },
            };
        )+
        /// Every rule of this family, in code order.
        pub static RULES: &[&$crate::diagnostic::Rule] = &[$(&$ident),+];
    };
}
pub(crate) use declare_rules;
