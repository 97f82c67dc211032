//! Code tables (CL03xx): every coded field against its table when the
//! table is loaded (bundled, or supplied with `--tabelle`), and the places
//! (comuni and foreign states) against their validity periods.

use std::sync::OnceLock;

use super::fields::Resolved;
use super::{Doc, RuleContext, Value};
use crate::calendar::Date;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::declare_rules;
use crate::diagnostic::reason::{Period, Reason};
use crate::module::Module;
use crate::tabelle::catalogo::{CATALOGUE, Check, Field, PLACES, TableSpec};
use crate::tabelle::{Row, Table};

declare_rules! {
    /// A code that is not in its reference table.
    ///
    /// Coded fields take their values from the standard's tables (seed 000
    /// §2.2-2.4): ATECO 2007 for the employer's sector, and, when supplied
    /// with `--tabelle`, CP 2011 for professions, Cittadinanza, Lingue,
    /// CCNL and the others. A table that is not loaded never rejects a code
    /// (the field gets the schema's format check only); a loaded table is
    /// taken as complete. For CCNL, `CD` (a contract not in the table) and
    /// `ND` (no contract) are always accepted.
    ///
    /// Fix: use a code of the table named in the message (`clic tabelle
    /// NAME CODE` looks one up).
    CODICE_NON_IN_TABELLA {
        code: "CL0301",
        name: "codice-non-in-tabella",
        severity: Error,
        summary: ("Codice assente dalla tabella di riferimento", "Code not in its reference table"),
        message: ("Il codice «{valore}» di «{campo}» non è nella tabella {tabella}.", "The code `{valore}` of `{campo}` is not in the {tabella} table."),
        spiegazione: "I campi codificati prendono i valori dalle tabelle dello standard (Modelli e regole §2.2-2.4): ATECO 2007 per il settore del datore di lavoro e, se fornite con --tabelle, CP 2011 per le professioni, Cittadinanza, Lingue, CCNL e le altre. Una tabella non caricata non rifiuta mai un codice (il campo ha solo il controllo di formato dello schema); una tabella caricata è considerata completa. Per il CCNL i codici CD (contratto non presente in tabella) e ND (nessun contratto) sono sempre accettati.\n\nCome correggere: usare un codice della tabella indicata nel messaggio (clic tabelle NOME CODICE lo cerca).",
    }

    /// A birthplace that did not exist on the date of birth.
    ///
    /// The birthplace is a code of the table "Comuni e stati esteri" and must
    /// be the one in force when the person was born: comuni merge, split and
    /// change code over time. A code of a comune created later (or of a
    /// state that no longer existed) is wrong for that date. The message
    /// gives the code's validity periods.
    ///
    /// Fix: use the code the comune had at the date of birth (it is the one
    /// inside the person's codice fiscale). Where the table shows which
    /// comune held the territory on that date (the ones merged into a new
    /// comune, the one that absorbed a ceased comune), the message names it.
    COMUNE_NASCITA_NON_ESISTENTE {
        code: "CL0302",
        name: "comune-nascita-non-esistente",
        severity: Error,
        summary: ("Luogo di nascita non esistente alla data di nascita", "Birthplace not existing at the birth date"),
        message: ("Il luogo di nascita «{valore}» ({nome}) non esisteva il {data}: valido {periodi}{invece}.", "The birthplace `{valore}` ({nome}) did not exist on {data}: valid {periodi}{invece}."),
        spiegazione: "Il luogo di nascita è un codice della tabella \"Comuni e stati esteri\" e deve essere quello in vigore quando la persona è nata: i comuni si fondono, si dividono e cambiano codice nel tempo. Il codice di un comune istituito dopo (o di uno stato che non esisteva più) è sbagliato per quella data. Il messaggio riporta i periodi di validità del codice.\n\nCome correggere: usare il codice che il comune aveva alla data di nascita (è quello contenuto nel codice fiscale della persona). Dove la tabella mostra quale comune aveva il territorio in quella data (i comuni fusi in uno nuovo, il comune che ha assorbito quello cessato), il messaggio lo indica.",
    }

    /// A place that no longer exists on the sending date.
    ///
    /// Domicile, work place and contact addresses are current places: their
    /// comune must exist on the day the communication is sent. A comune
    /// merged into another has a new code; the old one is refused.
    ///
    /// Fix: use the code of the comune that exists today (after a merger,
    /// the new comune's code, which the message names where the table
    /// shows it).
    COMUNE_CESSATO {
        code: "CL0303",
        name: "comune-cessato",
        severity: Error,
        summary: ("Comune non più esistente", "Comune no longer existing"),
        message: ("Il comune «{valore}» ({nome}) di «{campo}» non esiste più il {data}: valido {periodi}{invece}.", "The comune `{valore}` ({nome}) of `{campo}` no longer exists on {data}: valid {periodi}{invece}."),
        spiegazione: "Domicilio, sede di lavoro e recapiti sono luoghi attuali: il loro comune deve esistere il giorno dell'invio della comunicazione. Un comune fuso in un altro ha un nuovo codice; quello vecchio viene rifiutato.\n\nCome correggere: usare il codice del comune che esiste oggi (dopo una fusione, quello del nuovo comune, che il messaggio indica dove la tabella lo mostra).",
    }

    /// A worker's domicile abroad.
    ///
    /// "Il domicilio del lavoratore deve essere nel territorio nazionale"
    /// (seed 000 §2.2): the domicile must be an Italian comune, not a
    /// foreign state (`Zxxx` codes).
    ///
    /// Fix: give the worker's domicile in Italy.
    DOMICILIO_ESTERO {
        code: "CL0304",
        name: "domicilio-estero",
        severity: Error,
        summary: ("Domicilio del lavoratore all'estero", "Worker's domicile abroad"),
        message: ("Il domicilio «{valore}» ({nome}) è all'estero: il domicilio del lavoratore deve essere in Italia.", "The domicile `{valore}` ({nome}) is abroad: the worker's domicile must be in Italy."),
        spiegazione: "\"Il domicilio del lavoratore deve essere nel territorio nazionale\" (Modelli e regole §2.2): il domicilio deve essere un comune italiano, non uno stato estero (codici Zxxx).\n\nCome correggere: indicare il domicilio del lavoratore in Italia.",
    }

    /// A place code that is neither a comune nor a foreign state.
    ///
    /// Places are Belfiore (cadastral) codes from the table "Comuni e stati
    /// esteri": a letter and three digits, `Zxxx` for foreign states. This
    /// code is in neither list, at any date. `0000` (not given) is accepted.
    ///
    /// Fix: look the code up with `clic tabelle comuni CODE` and correct it.
    LUOGO_SCONOSCIUTO {
        code: "CL0305",
        name: "luogo-sconosciuto",
        severity: Error,
        summary: ("Codice di comune o stato estero inesistente", "Unknown comune or foreign-state code"),
        message: ("Il codice «{valore}» di «{campo}» non è un comune né uno stato estero.", "The code `{valore}` of `{campo}` is neither a comune nor a foreign state."),
        spiegazione: "I luoghi sono codici catastali (Belfiore) della tabella \"Comuni e stati esteri\": una lettera e tre cifre, Zxxx per gli stati esteri. Questo codice non è in nessuno dei due elenchi, a nessuna data. 0000 (non indicato) è accettato.\n\nCome correggere: cercare il codice con clic tabelle comuni CODICE e correggerlo.",
    }
}

/// The paths of a module's coded fields.
pub(super) fn paths(module: Module) -> impl Iterator<Item = &'static str> {
    CATALOGUE
        .iter()
        .flat_map(|spec| spec.fields)
        .chain(PLACES)
        .filter(move |f| f.module == module)
        .map(|f| f.path)
}

/// A module's fields checked against a table's codes, with their table,
/// in the catalogue's order, and its places: worked out once, not per
/// document.
struct Coded {
    /// (The table's position in the catalogue, the table, the field.)
    members: Vec<(usize, &'static TableSpec, &'static Field, Resolved)>,
    places: Vec<(&'static Field, Resolved)>,
}

fn coded(module: Module) -> &'static Coded {
    static ALL: OnceLock<[Coded; 3]> = OnceLock::new();
    &ALL.get_or_init(|| {
        Module::ALL.map(|module| Coded {
            members: CATALOGUE
                .iter()
                .enumerate()
                .flat_map(|(at, spec)| spec.fields.iter().map(move |field| (at, spec, field)))
                .filter(|(_, _, f)| {
                    f.module == module && matches!(f.check, Check::Member | Check::MemberExcept(_))
                })
                .map(|(at, spec, f)| (at, spec, f, Resolved::new(module, f.path)))
                .collect(),
            places: PLACES
                .iter()
                .filter(|f| f.module == module)
                .map(|f| (f, Resolved::new(module, f.path)))
                .collect(),
        })
    })[module.index()]
}

/// Checks the coded fields; returns the tables that are not loaded but
/// whose fields this document fills (those got the schema's format check only).
pub fn check(doc: &Doc, ctx: &RuleContext, out: &mut Vec<Diagnostic>) -> Vec<&'static str> {
    let coded = coded(doc.module);
    let mut unloaded: Vec<&'static str> = Vec::new();
    // The last table found unloaded and filled (by address: no string compared).
    let mut last_unloaded: Option<&TableSpec> = None;
    for &(at, spec, field, resolved) in &coded.members {
        match ctx.tables.at(at) {
            Some(table) => check_membership(doc, table, field, resolved, out),
            None => {
                if !last_unloaded.is_some_and(|last| std::ptr::eq(last, spec))
                    && doc.all_of(resolved).any(|v| !v.text.is_empty())
                {
                    unloaded.push(spec.name);
                    last_unloaded = Some(spec);
                }
            }
        }
    }
    // The dates the places are checked on, read once per document.
    let mut days = Days::default();
    for &(field, resolved) in &coded.places {
        for value in doc.all_of(resolved) {
            check_place(doc, ctx, field, &value, &mut days, out);
        }
    }
    unloaded
}

fn check_membership(doc: &Doc, table: &Table, field: &Field, resolved: Resolved, out: &mut Vec<Diagnostic>) {
    for value in doc.all_of(resolved) {
        let exempt = matches!(field.check, Check::MemberExcept(codes) if codes.contains(&&*value.text));
        if value.text.is_empty() || exempt || table.contains(&value.text) {
            continue;
        }
        out.push(
            doc.at(&CODICE_NON_IN_TABELLA, &value)
                .arg("valore", &value.text)
                .arg("tabella", &table.name),
        );
    }
}

/// The birth date and the sending date, each read when first asked.
#[derive(Default)]
struct Days {
    birth: Option<Option<Date>>,
    sending: Option<Option<Date>>,
}

fn check_place(
    doc: &Doc,
    ctx: &RuleContext,
    field: &Field,
    value: &Value,
    days: &mut Days,
    out: &mut Vec<Diagnostic>,
) {
    let code: &str = &value.text;
    if code.is_empty() || code == "0000" {
        return;
    }
    let Some(table) = ctx.tables.place(code) else {
        return;
    };
    let Some(rows) = table.rows_of(code) else {
        out.push(doc.at(&LUOGO_SCONOSCIUTO, value).arg("valore", code));
        return;
    };
    // Only a diagnostic needs the place's name.
    let name = || table.describe(code, None).unwrap_or_default();
    if field.check == Check::Domicile && code.starts_with('Z') {
        out.push(
            doc.at(&DOMICILIO_ESTERO, value)
                .arg("valore", code)
                .arg("nome", name()),
        );
        return;
    }
    let (rule, day) = match field.check {
        Check::BirthPlace => (
            &COMUNE_NASCITA_NON_ESISTENTE,
            *days
                .birth
                .get_or_insert_with(|| doc.date("Lavoratore/DatiAnagrafici/datanascita").map(|(d, _)| d)),
        ),
        Check::Domicile | Check::CurrentPlace => (
            &COMUNE_CESSATO,
            *days
                .sending
                .get_or_insert_with(|| doc.sending_date().map(|(d, _)| d)),
        ),
        _ => return,
    };
    let Some(day) = day else {
        return;
    };
    // `Table::on`, on the rows already found.
    if !rows.iter().any(|r| r.valid_on(day)) {
        let periods = periods(table.rows(code));
        let instead = table
            .took_over(code, day)
            .into_iter()
            .map(|row| (row.code.to_string(), row.description.to_string()))
            .collect();
        out.push(
            doc.at(rule, value)
                .arg("valore", code)
                .arg("nome", name())
                .arg("data", day)
                .reason("periodi", Reason::Periods(periods))
                .reason("invece", Reason::Instead(instead)),
        );
    }
}

/// The validity periods of a code, merging periods that follow each
/// other without a gap.
fn periods<'a>(rows: impl Iterator<Item = &'a Row>) -> Vec<Period> {
    let mut merged: Vec<Period> = Vec::new();
    for row in rows {
        if let Some(last) = merged.last_mut() {
            let touches = match (last.to, row.valid_from) {
                (Some(to), Some(from)) => from.to_days() <= to.to_days() + 1,
                _ => true,
            };
            if touches {
                last.to = match (last.to, row.valid_to) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
                continue;
            }
        }
        merged.push(Period {
            from: row.valid_from,
            to: row.valid_to,
        });
    }
    merged
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::{rule_codes, rule_codes_with};

    const CV: &str = include_str!("../../fixtures/validi/candidatura.xml");
    const VACANCY: &str = include_str!("../../fixtures/validi/vacancy.xml");

    #[test]
    fn ateco_codes_must_exist() {
        assert!(rule_codes(VACANCY).is_empty());
        assert_eq!(rule_codes(&VACANCY.replace("62.01.00", "62.01.99")), ["CL0301"]);
    }

    #[test]
    fn tables_that_are_not_loaded_never_reject() {
        // idcittadinanza 999 exists in no bundled table: only the schema pattern applies.
        assert!(rule_codes(&CV.replace("<idcittadinanza>000", "<idcittadinanza>999")).is_empty());
    }

    #[test]
    fn user_tables_check_their_fields_and_ccnl_exempts_cd_and_nd() {
        let ccnl = "codice,descrizione\n001,Commercio\n";
        assert!(
            rule_codes_with(VACANCY, &[("ccnl", ccnl)]).is_empty(),
            "ND is always accepted"
        );
        let with_code = VACANCY.replace("<idccnl>ND", "<idccnl>002");
        assert_eq!(rule_codes_with(&with_code, &[("ccnl", ccnl)]), ["CL0301"]);
        let known = VACANCY.replace("<idccnl>ND", "<idccnl>001");
        assert!(rule_codes_with(&known, &[("ccnl", ccnl)]).is_empty());
    }

    #[test]
    fn a_birthplace_must_have_existed_at_the_birth_date() {
        // M439 (Castegnero Nanto) was created in 2025; the CF carries F205, so that differs too.
        let cv = CV.replace(
            "<idcomune>F205</idcomune>\n      <idcittadinanza>",
            "<idcomune>M439</idcomune>\n      <idcittadinanza>",
        );
        let codes = rule_codes(&cv);
        assert!(codes.contains(&"CL0302".to_string()), "{codes:?}");
    }

    #[test]
    fn a_domicile_must_exist_now_and_be_in_italy() {
        // A001 was "Abano" until 1924 and is still Abano Terme: it exists.
        assert!(
            rule_codes(&CV.replace(
                "<idcomune>F205</idcomune>\n      <cap>20133",
                "<idcomune>A001</idcomune>\n      <cap>20133"
            ))
            .is_empty()
        );
        // A002 (Abbadia Sopra Adda) ceased in 1928.
        let ceased = CV.replace(
            "<idcomune>F205</idcomune>\n      <cap>20133",
            "<idcomune>A002</idcomune>\n      <cap>20133",
        );
        assert_eq!(rule_codes(&ceased), ["CL0303"]);
        let abroad = CV.replace(
            "<idcomune>F205</idcomune>\n      <cap>20133",
            "<idcomune>Z404</idcomune>\n      <cap>20133",
        );
        assert_eq!(rule_codes(&abroad), ["CL0304"]);
        let unknown = CV.replace(
            "<idcomune>F205</idcomune>\n      <cap>20133",
            "<idcomune>Y999</idcomune>\n      <cap>20133",
        );
        assert_eq!(rule_codes(&unknown), ["CL0305"]);
    }

    #[test]
    fn periods_are_merged_and_shown_in_both_languages() {
        let tables = crate::tabelle::Tabelle::builtin();
        let comuni = tables.get("comuni").unwrap();
        let periods = crate::diagnostic::Reason::Periods(super::periods(comuni.rows("H501")));
        let it = crate::report::words::reason(&periods, crate::i18n::Lang::It);
        let en = crate::report::words::reason(&periods, crate::i18n::Lang::En);
        assert!(it.starts_with("dal ") && !it.contains(','), "{it}");
        assert!(en.starts_with("from "), "{en}");
    }
}
