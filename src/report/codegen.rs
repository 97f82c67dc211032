//! Output of `clic codegen` (decoded codes, codici intermediario, warnings)
//! and of `clic close` (what was written, or why nothing was).

use std::fmt::Write;

use serde_json::{Value, json};

use crate::calendar::Date;
use crate::chiusura::Closed;
use crate::codice::{
    Codice, ErroreCodice, ErroreIntermediario, Intermediario, Luogo, ModalitaInvio, ProblemaLuogo, Tipo,
    TipoIntermediario,
};
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::module::Module;

use super::words;

// ---- clic codegen decode ----

/// One decoded communication code.
pub enum Decoded {
    /// 25 zeros: assigned by the system on receipt.
    Zeros {
        code: String,
    },
    Valid {
        code: String,
        codice: Codice,
        luogo: Luogo,
    },
    Invalid {
        code: String,
        error: ErroreCodice,
    },
    /// The code of one of clic's diagnostics, not a communication code.
    DiagnosticCode {
        code: String,
        rule: &'static str,
    },
}

impl Decoded {
    pub fn is_valid(&self) -> bool {
        !matches!(self, Decoded::Invalid { .. } | Decoded::DiagnosticCode { .. })
    }
}

fn diagnostic_code(rule: &str, lang: Lang) -> String {
    match lang {
        Lang::It => format!(
            "{rule} è un codice di diagnostica di clic, non un codice di comunicazione: per la sua spiegazione usare «clic explain {rule}»"
        ),
        Lang::En => format!(
            "{rule} is one of clic's diagnostic codes, not a communication code: for its explanation use `clic explain {rule}`"
        ),
    }
}

fn on_receipt(lang: Lang) -> &'static str {
    lang.pick(
        "assegnato dal sistema alla ricezione (invio massivo)",
        "assigned by the system on receipt (bulk sending)",
    )
}

fn valid_word(valid: bool, lang: Lang) -> &'static str {
    match valid {
        true => lang.pick("valido", "valid"),
        false => lang.pick("NON VALIDO", "NOT VALID"),
    }
}

pub fn module_words(module: Module, lang: Lang) -> &'static str {
    match module {
        Module::Vacancy => lang.pick("vacancy (richiesta di personale)", "vacancy (job offer)"),
        Module::Candidatura => lang.pick("candidatura (CV)", "candidatura (CV)"),
        Module::Messaggio => lang.pick("messaggio", "message"),
    }
}

fn region_words(codice: &Codice, luogo: &Luogo, lang: Lang) -> (String, String) {
    if luogo.nazionale {
        let national = lang.pick("portale nazionale Cliclavoro", "national Cliclavoro portal");
        return (national.to_string(), "-".to_string());
    }
    let unknown = lang.pick("sconosciuta", "unknown");
    let region = luogo.regione.unwrap_or(unknown).to_string();
    let province = match (codice.provincia.as_str(), luogo.provincia) {
        ("000", _) => lang.pick("nessuna provincia", "no province").to_string(),
        (_, Some((name, region_of))) if region_of == codice.regione => name.to_string(),
        (_, Some((name, region_of))) => format!(
            "{name} ({} {region_of}, {})",
            lang.pick("regione", "region"),
            luogo.regione_della_provincia.unwrap_or_default()
        ),
        (_, None) => unknown.to_string(),
    };
    (region, province)
}

fn place_warning(code: &str, regione: &str, provincia: &str, problem: &ProblemaLuogo, lang: Lang) -> String {
    let problem = words::luogo(problem, lang);
    match lang {
        Lang::It => format!(
            "nel codice «{code}» la coppia regione {regione} / provincia {provincia} non è nelle tabelle ISTAT: {problem}"
        ),
        Lang::En => format!(
            "in the code `{code}` the region {regione} / province {provincia} pair is not in the ISTAT tables: {problem}"
        ),
    }
}

fn modalita_words(modalita: ModalitaInvio, lang: Lang) -> &'static str {
    words::modalita_invio(modalita, lang)
}

fn tipo_words(tipo: Tipo, lang: Lang) -> &'static str {
    words::tipo(tipo, lang)
}

pub fn decode_text(items: &[Decoded], lang: Lang) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match item {
            Decoded::Zeros { code } => {
                let _ = writeln!(out, "{code}  {}", valid_word(true, lang));
                let _ = writeln!(out, "  {}", on_receipt(lang));
            }
            Decoded::Invalid { code, error } => {
                let _ = writeln!(out, "{code}  {}", valid_word(false, lang));
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    lang.pick("errore", "error"),
                    words::errore_codice(error, lang)
                );
            }
            Decoded::DiagnosticCode { code, rule } => {
                let _ = writeln!(out, "{code}  {}", valid_word(false, lang));
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    lang.pick("errore", "error"),
                    diagnostic_code(rule, lang)
                );
            }
            Decoded::Valid { code, codice, luogo } => {
                let _ = writeln!(out, "{code}  {}", valid_word(true, lang));
                let (region, province) = region_words(codice, luogo, lang);
                let rows = [
                    ("regione", codice.regione.clone(), region),
                    ("provincia", codice.provincia.clone(), province),
                    (
                        "anno",
                        format!("{:02}", codice.anno),
                        codice.anno_completo().to_string(),
                    ),
                    (
                        "modalita",
                        codice.modalita.digit().to_string(),
                        modalita_words(codice.modalita, lang).to_string(),
                    ),
                    (
                        "modulo",
                        crate::codice::module_digit(codice.modulo).to_string(),
                        module_words(codice.modulo, lang).to_string(),
                    ),
                    (
                        "tipo",
                        codice.tipo.digit().to_string(),
                        tipo_words(codice.tipo, lang).to_string(),
                    ),
                    (
                        "progressivo",
                        format!("{:015}", codice.progressivo),
                        codice.progressivo.to_string(),
                    ),
                ];
                for (field, value, words) in rows {
                    let _ = writeln!(out, "  {field:<12} {value:<16} {words}");
                }
                if let Some(problem) = &luogo.problema {
                    let warning = place_warning(code, &codice.regione, &codice.provincia, problem, lang);
                    let _ = writeln!(out, "  {}: {warning}", lang.pick("avviso", "warning"));
                }
            }
        }
    }
    out
}

pub fn decode_json(items: &[Decoded], lang: Lang) -> String {
    let values: Vec<Value> = items
        .iter()
        .map(|item| match item {
            Decoded::Zeros { code } => json!({
                "code": code,
                "valid": true,
                "assigned_on_receipt": true,
                "regione": null, "provincia": null, "anno": null, "modalita": null,
                "modulo": null, "tipo": null, "progressivo": null,
                "description": on_receipt(lang),
                "warnings": [],
            }),
            Decoded::Invalid { code, error } => json!({
                "code": code,
                "valid": false,
                "regione": null, "provincia": null, "anno": null, "modalita": null,
                "modulo": null, "tipo": null, "progressivo": null,
                "errors": [words::errore_codice(error, lang)],
                "warnings": [],
            }),
            Decoded::DiagnosticCode { code, rule } => json!({
                "code": code,
                "valid": false,
                "regione": null, "provincia": null, "anno": null, "modalita": null,
                "modulo": null, "tipo": null, "progressivo": null,
                "errors": [diagnostic_code(rule, lang)],
                "warnings": [],
            }),
            Decoded::Valid { code, codice, luogo } => {
                let (region, province) = region_words(codice, luogo, lang);
                let warnings: Vec<String> = luogo
                    .problema
                    .iter()
                    .map(|p| place_warning(code, &codice.regione, &codice.provincia, p, lang))
                    .collect();
                json!({
                    "code": code,
                    "valid": true,
                    "assigned_on_receipt": false,
                    "regione": codice.regione,
                    "provincia": codice.provincia,
                    "anno": format!("{:02}", codice.anno),
                    "modalita": codice.modalita.key(),
                    "modulo": codice.modulo.key(),
                    "tipo": codice.tipo.key(),
                    "progressivo": codice.progressivo,
                    "descriptions": {
                        "regione": region,
                        "provincia": province,
                        "anno": codice.anno_completo(),
                        "modalita": modalita_words(codice.modalita, lang),
                        "modulo": module_words(codice.modulo, lang),
                        "tipo": tipo_words(codice.tipo, lang),
                    },
                    "warnings": warnings,
                })
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&values).unwrap_or_default();
    text.push('\n');
    text
}

// ---- clic codegen intermediario ----

/// One checked codice intermediario.
pub enum DecodedIntermediario {
    Valid {
        code: String,
        parts: Intermediario,
        /// Name of the comune or state, and the day it ceased to exist.
        sede: Option<(&'static str, Option<Date>)>,
    },
    Invalid {
        code: String,
        reason: ErroreIntermediario,
    },
}

impl DecodedIntermediario {
    pub fn is_valid(&self) -> bool {
        matches!(self, DecodedIntermediario::Valid { .. })
    }
}

fn seat_words(sede: &Option<(&'static str, Option<Date>)>, lang: Lang) -> String {
    match sede {
        Some((name, None)) => name.to_string(),
        Some((name, Some(until))) => format!("{name} ({} {until})", lang.pick("soppresso il", "ceased on")),
        None => lang.pick("sconosciuto", "unknown").to_string(),
    }
}

fn seat_warning(belfiore: &str, sede: &Option<(&'static str, Option<Date>)>, lang: Lang) -> Option<String> {
    match sede {
        None => Some(
            lang.pick(
                &format!(
                    "il codice catastale {belfiore} non è nelle tabelle dei comuni e degli stati esteri"
                ),
                &format!("the cadastral code {belfiore} is not in the tables of comuni and foreign states"),
            )
            .to_string(),
        ),
        Some((name, Some(until))) => Some(
            lang.pick(
                &format!("il comune {belfiore} ({name}) non esiste più dal {until}"),
                &format!("the comune {belfiore} ({name}) has not existed since {until}"),
            )
            .to_string(),
        ),
        Some((_, None)) => None,
    }
}

fn type_letter_words(letter: char, lang: Lang) -> &'static str {
    TipoIntermediario::from_letter(letter).map_or("", |tipo| words::tipo_intermediario(tipo, lang))
}

pub fn intermediario_text(items: &[DecodedIntermediario], lang: Lang) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match item {
            DecodedIntermediario::Invalid { code, reason } => {
                let _ = writeln!(out, "{code}  {}", valid_word(false, lang));
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    lang.pick("errore", "error"),
                    words::intermediario(reason, lang)
                );
            }
            DecodedIntermediario::Valid { code, parts, sede } => {
                let _ = writeln!(out, "{code}  {}", valid_word(true, lang));
                let rows = [
                    ("sede", parts.belfiore.clone(), seat_words(sede, lang)),
                    (
                        "tipo",
                        parts.tipo.to_string(),
                        type_letter_words(parts.tipo, lang).to_string(),
                    ),
                    (
                        "progressivo",
                        format!("{:06}", parts.progressivo),
                        parts.progressivo.to_string(),
                    ),
                ];
                for (field, value, words) in rows {
                    let _ = writeln!(out, "  {field:<12} {value:<7} {words}");
                }
                if let Some(warning) = seat_warning(&parts.belfiore, sede, lang) {
                    let _ = writeln!(out, "  {}: {warning}", lang.pick("avviso", "warning"));
                }
            }
        }
    }
    out
}

pub fn intermediario_json(items: &[DecodedIntermediario], lang: Lang) -> String {
    let values: Vec<Value> = items
        .iter()
        .map(|item| match item {
            DecodedIntermediario::Invalid { code, reason } => json!({
                "code": code,
                "valid": false,
                "belfiore": null, "tipo": null, "progressivo": null,
                "errors": [words::intermediario(reason, lang)],
                "warnings": [],
            }),
            DecodedIntermediario::Valid { code, parts, sede } => json!({
                "code": code,
                "valid": true,
                "belfiore": parts.belfiore,
                "tipo": parts.tipo.to_string(),
                "progressivo": parts.progressivo,
                "descriptions": {
                    "sede": sede.map(|s| s.0),
                    "tipo": type_letter_words(parts.tipo, lang),
                },
                "warnings": seat_warning(&parts.belfiore, sede, lang).into_iter().collect::<Vec<_>>(),
            }),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&values).unwrap_or_default();
    text.push('\n');
    text
}

// ---- clic codegen new ----

/// The warning for an unknown region/province pair in `codegen new` and
/// `close --contatore` (standard error; the codes are generated anyway).
pub fn place_warning_line(regione: &str, provincia: &str, problem: &ProblemaLuogo, lang: Lang) -> String {
    let problem = words::luogo(problem, lang);
    match lang {
        Lang::It => format!(
            "clic: avviso: la coppia regione {regione} / provincia {provincia} non è nelle tabelle ISTAT ({problem}); i codici vengono generati comunque"
        ),
        Lang::En => format!(
            "clic: warning: the region {regione} / province {provincia} pair is not in the ISTAT tables ({problem}); the codes are generated anyway"
        ),
    }
}

// ---- clic close ----

/// The JSON report of `clic close`: the verification report (format 1, as
/// `clic verify`) with what was written added after its keys.
pub fn close_json(
    outcome: &Outcome,
    lang: Lang,
    written: &CloseWritten<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Closure<'a> {
        input: &'a str,
        file: &'a str,
        codice_chiuso: &'a str,
        file_chiusura: &'a str,
        codice: &'a str,
    }
    #[derive(serde::Serialize)]
    struct Extra<'a> {
        written: bool,
        archive: Option<&'a str>,
        summary_csv: Option<&'a str>,
        closures: Vec<Closure<'a>>,
    }
    let done = written.written;
    let extra = Extra {
        written: done,
        archive: done.then_some(written.archive),
        summary_csv: done.then_some(written.csv_path),
        closures: written
            .closed
            .iter()
            .map(|c| Closure {
                input: &c.input,
                file: &c.file,
                codice_chiuso: &c.closed_code,
                file_chiusura: &c.entry,
                codice: &c.own_code,
            })
            .collect(),
    };
    super::json::write_extended(outcome, lang, &extra, out)
}

/// What `clic close` wrote (or would have): the archive, its summary CSV
/// and the closures.
pub struct CloseWritten<'a> {
    pub archive: &'a str,
    pub csv_path: &'a str,
    pub closed: &'a [Closed],
    pub written: bool,
}
