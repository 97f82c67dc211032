//! `clic explain`: what a diagnostic code means and how to fix it.

use super::EXIT_OK;
use crate::cli::ExplainArgs;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::registry;
use crate::report::{self, ListFormat};

pub fn run(args: ExplainArgs, lang: Lang) -> Result<u8, Fatal> {
    let text = match &args.code {
        Some(code) if !args.list => match registry::find(code) {
            Some(rule) => report::explain::rule(rule, lang),
            None => {
                // A word rather than a code: the rules that mention it.
                let rules = report::explain::mentioning(code);
                if rules.is_empty() {
                    return Err(Fatal::UnknownCode(code.clone()));
                }
                report::explain::mentions(code, &rules, lang)
            }
        },
        _ => match args.format {
            ListFormat::Text => report::explain::list(lang),
            ListFormat::Json => report::explain::list_json(lang),
        },
    };
    super::emit(&text, None)?;
    Ok(EXIT_OK)
}
