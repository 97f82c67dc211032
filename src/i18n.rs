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

/// Fills `{name}` placeholders from `args`; unknown placeholders are kept
/// as written so a missing argument is visible rather than silently empty.
pub fn fill(template: &str, args: &[(&'static str, crate::diagnostic::Arg)], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value.get(lang)),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_placeholders() {
        use crate::diagnostic::Arg;
        let args = vec![
            ("campo", Arg::Plain("email".into())),
            (
                "motivo",
                Arg::Text {
                    it: "vuoto".into(),
                    en: "empty".into(),
                },
            ),
        ];
        assert_eq!(fill("{campo}: {motivo}", &args, Lang::It), "email: vuoto");
        assert_eq!(fill("{campo}: {motivo}", &args, Lang::En), "email: empty");
    }

    #[test]
    fn keeps_unknown_placeholders_and_stray_braces() {
        assert_eq!(fill("a {b} c {", &[], Lang::It), "a {b} c {");
    }
}
