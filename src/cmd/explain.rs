//! `clic explain`: what a diagnostic code means and how to fix it.

use super::EXIT_OK;
use crate::cli::ExplainArgs;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::registry;
use crate::report;

pub fn run(args: ExplainArgs, lang: Lang) -> Result<u8, Fatal> {
    let text = match &args.code {
        Some(code) if !args.list => {
            let rule = registry::find(code).ok_or_else(|| Fatal::UnknownCode(code.clone()))?;
            report::explain::rule(rule, lang)
        }
        _ => report::explain::list(lang),
    };
    super::emit(&text, None)?;
    Ok(EXIT_OK)
}
