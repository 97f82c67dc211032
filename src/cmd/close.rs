//! `clic close`: closure (tipo 02) communications for sent CVs and vacancies.

use crate::cli::CloseArgs;
use crate::error::Fatal;
use crate::i18n::Lang;

pub fn run(_args: CloseArgs, _lang: Lang) -> Result<u8, Fatal> {
    Err(Fatal::Other {
        it: "clic close non è ancora disponibile".into(),
        en: "clic close is not available yet".into(),
    })
}
