//! `clic codegen`: communication codes (new, decode) and codici intermediario.

use std::path::{Path, PathBuf};

use super::{EXIT_KO, EXIT_OK, emit};
use crate::calendar::Date;
use crate::cli::{
    CodegenAction, CodegenArgs, CodegenDecodeArgs, CodegenNewArgs, ModuleArg, SendingMode, TypeArg,
};
use crate::codice::{self, ErroreSerie, ModalitaInvio, Serie, Tipo};
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

fn modalita(mode: SendingMode) -> ModalitaInvio {
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
fn counter_path(arg: Option<&Path>) -> PathBuf {
    arg.map_or_else(counter::default_path, Path::to_path_buf)
}

/// The series of new codes from `--regione`, `--provincia`, `--anno` (the
/// current year when absent) and the sending mode, for `codegen new` and
/// `close --contatore`. A region/province pair the ISTAT tables in
/// `tables` do not know is a warning on standard error.
pub fn serie(
    regione: &str,
    provincia: &str,
    anno: Option<&str>,
    mode: SendingMode,
    tables: &Tabelle,
    lang: Lang,
) -> Result<Serie, Fatal> {
    let anno = match anno {
        None => (Date::today().year.rem_euclid(100)) as u8,
        Some(text) => codice::anno(text).ok_or_else(|| Fatal::BadAnno(text.to_string()))?,
    };
    let serie = Serie::new(regione, provincia, anno, modalita(mode)).map_err(|e| match e {
        ErroreSerie::Regione(regione) => Fatal::BadRegione(regione),
        ErroreSerie::Provincia(provincia) => Fatal::BadProvincia(provincia),
    })?;
    if let Some(problem) = codice::luogo(regione, provincia, tables).problema {
        eprintln!(
            "{}",
            render::place_warning_line(regione, provincia, &problem, lang)
        );
    }
    Ok(serie)
}

fn new(args: CodegenNewArgs, lang: Lang) -> Result<u8, Fatal> {
    let (modulo, tipo) = (module(args.modulo), tipo(args.tipo));
    if !codice::type_allowed(modulo, tipo) {
        return Err(Fatal::TypeNotAllowed { modulo, tipo });
    }
    let serie = serie(
        &args.regione,
        &args.provincia,
        args.anno.as_deref(),
        args.modalita,
        &Tabelle::builtin(),
        lang,
    )?;
    let path = counter_path(args.contatore.as_deref());
    let blocks = counter::reserve_blocks(&path, &serie, &[(modulo, tipo, args.count)])?;
    // The counter is durable on disk before anything is printed.
    let mut out = String::with_capacity(26 * args.count as usize);
    for code in blocks.iter().flat_map(counter::Block::codes) {
        out.push_str(&code);
        out.push('\n');
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
            // A diagnostic code (CL0101) pasted here by mistake: say where
            // its explanation is.
            if let Some(rule) = crate::registry::find(&code).filter(|r| r.code.eq_ignore_ascii_case(&code)) {
                return render::Decoded::DiagnosticCode {
                    code,
                    rule: rule.code,
                };
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
