//! `clic explain`: what a diagnostic code means and how to fix it; the
//! rules a keyword finds; the clic code of a validator's pasted message.

use super::{EXIT_KO, EXIT_OK};
use crate::cli::ExplainArgs;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::registry;
use crate::report::{self, ListFormat};

pub fn run(args: ExplainArgs, lang: Lang) -> Result<u8, Fatal> {
    let words = args.code.join(" ");
    let key = words.trim();
    if args.list || key.is_empty() {
        let text = match args.format {
            ListFormat::Text => report::explain::list(lang),
            ListFormat::Json => report::explain::list_json(lang),
        };
        super::emit(&text, None)?;
        return Ok(EXIT_OK);
    }
    let code = report::explain::as_code(key);
    let by_key = registry::find(key).or_else(|| code.as_deref().and_then(registry::find));
    let (text, status) = if let Some(rule) = by_key {
        (report::explain::rule(rule, lang), EXIT_OK)
    } else if code.is_some() {
        return Err(Fatal::UnknownCode(key.to_string()));
    } else if let Some(found) = report::pasted::recognize(key) {
        match registry::find(found.code) {
            Some(rule) => (report::explain::pasted(&found, rule, lang), EXIT_OK),
            None => return Err(Fatal::UnknownCode(found.code.to_string())),
        }
    } else {
        let rules = report::explain::mentioning(key);
        if rules.is_empty() {
            (report::explain::no_rule_mentions(key, lang), EXIT_KO)
        } else {
            (report::explain::mentions(key, &rules, lang), EXIT_OK)
        }
    };
    super::emit(&text, None)?;
    Ok(status)
}
