//! `clic codegen`: communication codes (new, decode) and codici intermediario.

use crate::cli::CodegenArgs;
use crate::error::Fatal;
use crate::i18n::Lang;

pub fn run(_args: CodegenArgs, _lang: Lang) -> Result<u8, Fatal> {
    Err(Fatal::Other {
        it: "clic codegen non è ancora disponibile".into(),
        en: "clic codegen is not available yet".into(),
    })
}
