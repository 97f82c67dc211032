//! The two languages of the tool's messages. Italian is the default: the
//! users are Italian staff; English is for integrators (`--lang en`).

/// Message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    It,
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, it: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::It => it,
            Lang::En => en,
        }
    }
}
