//! `clic codegen`: communication codes (new, decode) and codici intermediario.

use std::path::{Path, PathBuf};

use super::{EXIT_KO, EXIT_OK, emit};
use crate::calendar::Date;
use crate::cli::{
    CodegenAction, CodegenArgs, CodegenDecodeArgs, CodegenNewArgs, ModuleArg, SendingMode, TypeArg,
};
use crate::codice::{self, ModalitaInvio, Tipo};
use crate::counter;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::module::Module;
use crate::report::ListFormat;
use crate::report::codegen as render;
use crate::tabelle::Tabelle;

pub fn run(args: CodegenArgs, lang: Lang) -> Result<u8, Fatal> {
    match args.action {
        CodegenAction::New(args) => new(args, lang),
        CodegenAction::Decode(args) => decode(args, lang),
        CodegenAction::Intermediario(args) => intermediario(args, lang),
    }
}

pub fn modalita(mode: SendingMode) -> ModalitaInvio {
    match mode {
        SendingMode::WebNazionale => ModalitaInvio::WebNazionale,
        SendingMode::MassivoNazionale => ModalitaInvio::MassivoNazionale,
        SendingMode::WebRegionale => ModalitaInvio::WebRegionale,
        SendingMode::MassivoRegionale => ModalitaInvio::MassivoRegionale,
    }
}

fn module(arg: ModuleArg) -> Module {
    match arg {
        ModuleArg::Vacancy => Module::Vacancy,
        ModuleArg::Candidatura => Module::Candidatura,
        ModuleArg::Messaggio => Module::Messaggio,
    }
}

fn tipo(arg: TypeArg) -> Tipo {
    match arg {
        TypeArg::Invio => Tipo::Invio,
        TypeArg::Chiusura => Tipo::Chiusura,
        TypeArg::Contatto => Tipo::Contatto,
        TypeArg::Risposta => Tipo::Risposta,
    }
}

/// The counter file: `--contatore`, or `contatore` in the data directory.
pub fn counter_path(arg: Option<&Path>) -> PathBuf {
    arg.map_or_else(|| crate::fsutil::data_dir().join("contatore"), Path::to_path_buf)
}

/// Checks the shape of `--regione` and `--provincia` (a usage error) and
/// warns on standard error about a pair the ISTAT tables in `tables` do
/// not know.
pub fn check_place(regione: &str, provincia: &str, tables: &Tabelle, lang: Lang) -> Result<(), Fatal> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(regione, 2) {
        return Err(Fatal::Usage {
            it: format!("--regione «{regione}» deve essere di 2 cifre (00 per il portale nazionale)"),
            en: format!("--regione `{regione}` must be 2 digits (00 for the national portal)"),
        });
    }
    if !digits(provincia, 3) {
        return Err(Fatal::Usage {
            it: format!("--provincia «{provincia}» deve essere di 3 cifre (000 se non c'è una provincia)"),
            en: format!("--provincia `{provincia}` must be 3 digits (000 when there is no province)"),
        });
    }
    if let Some(problem) = codice::luogo(regione, provincia, tables).problema {
        eprintln!(
            "{}",
            render::place_warning_line(regione, provincia, &problem, lang)
        );
    }
    Ok(())
}

/// The two-digit year: `--anno`, or the current year (UTC).
pub fn year(arg: Option<&str>) -> Result<u8, Fatal> {
    match arg {
        None => Ok((Date::today().year.rem_euclid(100)) as u8),
        Some(text) if text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(text.parse().unwrap_or_default())
        }
        Some(text) => Err(Fatal::Usage {
            it: format!("--anno «{text}» deve essere di 2 cifre (es. 26 per il 2026)"),
            en: format!("--anno `{text}` must be 2 digits (e.g. 26 for 2026)"),
        }),
    }
}

/// Reserves `count` codes of one prefix from the counter file.
pub fn reserve(path: &Path, requests: &[(String, u64)]) -> Result<Vec<u64>, Fatal> {
    counter::reserve(path, requests).map_err(|e| {
        let (it, en) = render::counter_error(&e);
        Fatal::Other { it, en }
    })
}

fn new(args: CodegenNewArgs, lang: Lang) -> Result<u8, Fatal> {
    let (modulo, tipo) = (module(args.modulo), tipo(args.tipo));
    if !codice::type_allowed(modulo, tipo) {
        let allowed = codice::Tipo::ALL
            .into_iter()
            .filter(|t| codice::type_allowed(modulo, *t))
            .map(Tipo::key)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Fatal::Usage {
            it: format!(
                "il modulo {} non ha il tipo {}: ammessi {allowed}",
                modulo.key(),
                tipo.key()
            ),
            en: format!(
                "the module {} has no type {}: allowed {allowed}",
                modulo.key(),
                tipo.key()
            ),
        });
    }
    let anno = year(args.anno.as_deref())?;
    check_place(&args.regione, &args.provincia, &Tabelle::builtin(), lang)?;
    let prefix = codice::prefix(
        &args.regione,
        &args.provincia,
        anno,
        modalita(args.modalita),
        modulo,
        tipo,
    );
    let path = counter_path(args.contatore.as_deref());
    let first = reserve(&path, &[(prefix.clone(), args.count)])?[0];
    // The counter is durable on disk before anything is printed.
    let mut out = String::with_capacity(26 * args.count as usize);
    for n in first..first + args.count {
        out.push_str(&prefix);
        out.push_str(&format!("{n:015}\n"));
    }
    emit(&out, None)?;
    Ok(EXIT_OK)
}

fn decode(args: CodegenDecodeArgs, lang: Lang) -> Result<u8, Fatal> {
    let tables = Tabelle::builtin();
    let items: Vec<render::Decoded> = args
        .codes
        .iter()
        .map(|raw| {
            let code = raw.trim().to_string();
            if codice::is_zeros(&code) {
                return render::Decoded::Zeros { code };
            }
            match codice::parse(&code) {
                Ok(parsed) => {
                    let luogo = codice::luogo(&parsed.regione, &parsed.provincia, &tables);
                    render::Decoded::Valid {
                        code,
                        codice: parsed,
                        luogo,
                    }
                }
                Err(error) => render::Decoded::Invalid { code, error },
            }
        })
        .collect();
    let text = match args.format {
        ListFormat::Text => render::decode_text(&items, lang),
        ListFormat::Json => render::decode_json(&items, lang),
    };
    emit(&text, None)?;
    Ok(if items.iter().all(render::Decoded::is_valid) {
        EXIT_OK
    } else {
        EXIT_KO
    })
}

fn intermediario(args: CodegenDecodeArgs, lang: Lang) -> Result<u8, Fatal> {
    let tables = Tabelle::builtin();
    let items: Vec<render::DecodedIntermediario> = args
        .codes
        .iter()
        .map(|raw| {
            let code = raw.trim().to_string();
            match codice::parse_intermediario(&code) {
                Ok(parts) => {
                    let sede = codice::sede(&parts.belfiore, &tables);
                    render::DecodedIntermediario::Valid { code, parts, sede }
                }
                Err(reason) => render::DecodedIntermediario::Invalid { code, reason },
            }
        })
        .collect();
    let text = match args.format {
        ListFormat::Text => render::intermediario_text(&items, lang),
        ListFormat::Json => render::intermediario_json(&items, lang),
    };
    emit(&text, None)?;
    Ok(if items.iter().all(render::DecodedIntermediario::is_valid) {
        EXIT_OK
    } else {
        EXIT_KO
    })
}
