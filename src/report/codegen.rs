//! Output of `clic codegen` (decoded codes, codici intermediario, warnings)
//! and of `clic close` (what was written, or why nothing was).

use std::fmt::Write;

use serde_json::{Value, json};

use crate::calendar::Date;
use crate::codice::{Codice, ErroreCodice, Intermediario, Luogo, ModalitaInvio, Tipo, tipo_intermediario};
use crate::counter::{CounterError, Damage};
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::module::Module;

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
}

impl Decoded {
    pub fn is_valid(&self) -> bool {
        !matches!(self, Decoded::Invalid { .. })
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

fn place_warning(
    code: &str,
    regione: &str,
    provincia: &str,
    problem: &(String, String),
    lang: Lang,
) -> String {
    match lang {
        Lang::It => format!(
            "nel codice «{code}» la coppia regione {regione} / provincia {provincia} non è nelle tabelle ISTAT: {}",
            problem.0
        ),
        Lang::En => format!(
            "in the code `{code}` the region {regione} / province {provincia} pair is not in the ISTAT tables: {}",
            problem.1
        ),
    }
}

fn modalita_words(modalita: ModalitaInvio, lang: Lang) -> &'static str {
    let (it, en) = modalita.describe();
    lang.pick(it, en)
}

fn tipo_words(tipo: Tipo, lang: Lang) -> &'static str {
    let (it, en) = tipo.describe();
    lang.pick(it, en)
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
                let (it, en) = error.testo();
                let _ = writeln!(out, "  {}: {}", lang.pick("errore", "error"), lang.pick(&it, &en));
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
            Decoded::Invalid { code, error } => {
                let (it, en) = error.testo();
                json!({
                    "code": code,
                    "valid": false,
                    "regione": null, "provincia": null, "anno": null, "modalita": null,
                    "modulo": null, "tipo": null, "progressivo": null,
                    "errors": [lang.pick(&it, &en)],
                    "warnings": [],
                })
            }
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
        reason: (String, String),
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
    tipo_intermediario(letter).map_or("", |(it, en)| lang.pick(it, en))
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
                    lang.pick(&reason.0, &reason.1)
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
                "errors": [lang.pick(&reason.0, &reason.1)],
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
pub fn place_warning_line(regione: &str, provincia: &str, problem: &(String, String), lang: Lang) -> String {
    match lang {
        Lang::It => format!(
            "clic: avviso: la coppia regione {regione} / provincia {provincia} non è nelle tabelle ISTAT ({}); i codici vengono generati comunque",
            problem.0
        ),
        Lang::En => format!(
            "clic: warning: the region {regione} / province {provincia} pair is not in the ISTAT tables ({}); the codes are generated anyway",
            problem.1
        ),
    }
}

/// Why the counter could not be used, in both languages.
pub fn counter_error(error: &CounterError) -> (String, String) {
    match error {
        CounterError::Io { path, reason } => (
            format!("impossibile usare il contatore «{}»: {reason}", path.display()),
            format!("cannot use the counter `{}`: {reason}", path.display()),
        ),
        CounterError::Busy { path } => (
            format!(
                "il contatore è bloccato da un'altra esecuzione di clic da più di {} secondi ({})",
                crate::counter::LOCK_TIMEOUT.as_secs(),
                path.display()
            ),
            format!(
                "the counter has been locked by another clic run for more than {} seconds ({})",
                crate::counter::LOCK_TIMEOUT.as_secs(),
                path.display()
            ),
        ),
        CounterError::Exhausted {
            prefix,
            left,
            requested,
        } => (
            format!(
                "il progressivo del prefisso {prefix} è esaurito: restano {left} codici, ne servono {requested} (il contatore non riparte da capo)"
            ),
            format!(
                "the counter of prefix {prefix} is exhausted: {left} codes left, {requested} needed (the counter never wraps)"
            ),
        ),
        CounterError::Corrupt { path, line, damage } => {
            let (it, en) = damage_words(damage);
            (
                format!(
                    "il contatore «{}» è danneggiato (riga {line}: {it}); non viene azzerato, per non riassegnare codici già dati: ripristinarlo da una copia o correggerlo a mano",
                    path.display()
                ),
                format!(
                    "the counter `{}` is damaged (line {line}: {en}); it is not reset, so as not to hand out codes again: restore it from a copy or fix it by hand",
                    path.display()
                ),
            )
        }
    }
}

fn damage_words(damage: &Damage) -> (String, String) {
    match damage {
        Damage::NotText => ("non è testo UTF-8".into(), "not UTF-8 text".into()),
        Damage::Empty => (
            "il file è vuoto, forse troncato".into(),
            "the file is empty, perhaps cut short".into(),
        ),
        Damage::NotACounter => (
            format!("la prima riga deve iniziare con «{}»", crate::counter::MAGIC),
            format!("the first line must start with `{}`", crate::counter::MAGIC),
        ),
        Damage::Truncated => (
            format!(
                "l'ultima riga deve essere «{}»: il file è troncato o modificato",
                crate::counter::END
            ),
            format!(
                "the last line must be `{}`: the file was cut short or edited",
                crate::counter::END
            ),
        ),
        Damage::BadLine => (
            "attesa una riga «PREFISSO PROSSIMO»".into(),
            "expected a `PREFIX NEXT` line".into(),
        ),
        Damage::BadPrefix(p) => (
            format!("«{p}» non sono le prime 10 cifre di un codice di comunicazione"),
            format!("`{p}` is not the first 10 digits of a communication code"),
        ),
        Damage::BadValue(v) => (
            format!("«{v}» non è un progressivo (15 cifre, da 000000000000001)"),
            format!("`{v}` is not a counter value (15 digits, from 000000000000001)"),
        ),
        Damage::Duplicate(p) => (
            format!("il prefisso {p} compare due volte"),
            format!("prefix {p} appears twice"),
        ),
    }
}

// ---- clic close ----

/// One closure written by `clic close`.
pub struct Closed {
    /// The source, as `verify` names it.
    pub input: String,
    pub file: String,
    pub closed_code: String,
    /// Entry name in the closure archive.
    pub entry: String,
    pub own_code: String,
}

/// The CSV summary written beside the archive: `file,codice_chiuso,file_chiusura`.
pub fn summary_csv(closed: &[Closed]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["file", "codice_chiuso", "file_chiusura"])?;
    for c in closed {
        writer.write_record([c.file.as_str(), c.closed_code.as_str(), c.entry.as_str()])?;
    }
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// What `clic close` did, after the verification report (text format).
pub fn close_trailer(archive: &str, csv_path: &str, closed: &[Closed], written: bool, lang: Lang) -> String {
    let mut out = String::new();
    if !written {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                &format!("Nessuna chiusura scritta: «{archive}» non è stato creato né modificato."),
                &format!("No closure written: `{archive}` was neither created nor changed."),
            )
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            &format!(
                "{} {} in «{archive}»; riepilogo in «{csv_path}»:",
                if closed.len() == 1 { "Scritta" } else { "Scritte" },
                super::plural(
                    closed.len(),
                    lang,
                    ("chiusura", "chiusure"),
                    ("closure", "closures")
                )
            ),
            &format!(
                "Wrote {} to `{archive}`; summary in `{csv_path}`:",
                super::plural(
                    closed.len(),
                    lang,
                    ("chiusura", "chiusure"),
                    ("closure", "closures")
                )
            ),
        )
    );
    for c in closed {
        let _ = writeln!(out, "  {}  {}  ->  {}", c.file, c.closed_code, c.entry);
    }
    out
}

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

/// Lines of `--codici` that name no input file (standard error).
pub fn unused_codes_note(csv_path: &str, names: &[String], lang: Lang) -> String {
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    let more = if names.len() > shown.len() { ", ..." } else { "" };
    let lines = super::plural(names.len(), lang, ("riga", "righe"), ("line", "lines"));
    match lang {
        Lang::It => format!(
            "clic: nota: in «{csv_path}» {lines} senza un file corrispondente: {}{more}",
            shown.join(", ")
        ),
        Lang::En => format!(
            "clic: note: {lines} of `{csv_path}` match no file: {}{more}",
            shown.join(", ")
        ),
    }
}
