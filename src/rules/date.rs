//! Dates (CL04xx): the expiry the system would clamp (seed 000 §4-5), and
//! dates that contradict each other. The reference day is the
//! communication's own sending date, never the day the check runs, so a
//! verdict can be reproduced later.

use super::Doc;
use crate::calendar::Date;
use crate::codice::Tipo;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::declare_rules;
use crate::module::Module;

/// Youngest and oldest plausible age of a worker at sending, in years.
const AGE_RANGE: (i32, i32) = (15, 90);

declare_rules! {
    /// An expiry date more than 60 days after sending.
    ///
    /// CVs and vacancies stay published at most sixty days from their
    /// sending (`datainserimento`, `datapubblicazione`; seed 000 §4 and §5).
    /// When `datascadenza` is later, the system sets the maximum: the file is
    /// accepted, but it expires earlier than written. `clic import` records
    /// the clamped date beside the original.
    ///
    /// Fix: set `datascadenza` within 60 days of sending, or renew the
    /// communication before it expires.
    SCADENZA_OLTRE_60_GIORNI {
        code: "CL0401",
        name: "scadenza-oltre-60-giorni",
        severity: Warning,
        summary: ("Scadenza oltre i 60 giorni", "Expiry beyond 60 days"),
        message: ("La scadenza {valore} è oltre 60 giorni dall'invio ({invio}): il sistema la porterà al {massima}.", "The expiry {valore} is more than 60 days after sending ({invio}): the system will set it to {massima}."),
        spiegazione: "Candidature e vacancy restano pubblicate al massimo sessanta giorni dall'invio (datainserimento, datapubblicazione; Modelli e regole §4 e §5). Se datascadenza è successiva, il sistema imposta la data massima: il file è accettato, ma scade prima di quanto scritto. clic import registra la data corretta accanto all'originale.\n\nCome correggere: indicare una datascadenza entro 60 giorni dall'invio, oppure rinnovare la comunicazione prima che scada.",
    }

    /// No expiry date: the system will set the maximum.
    ///
    /// `datascadenza` is optional, but when it is missing the system sets it
    /// to 60 days after sending (seed 000 §2.2, §2.3). A warning, so that
    /// nobody is surprised when the CV or vacancy disappears.
    ///
    /// Fix: nothing, if 60 days suits you; otherwise set `datascadenza`.
    SCADENZA_MANCANTE {
        code: "CL0402",
        name: "scadenza-mancante",
        severity: Warning,
        summary: ("Scadenza non indicata", "No expiry date"),
        message: ("Manca «{campo}»: il sistema imposterà la scadenza al {massima} (60 giorni dall'invio).", "`{campo}` is missing: the system will set the expiry to {massima} (60 days after sending)."),
        spiegazione: "datascadenza è facoltativa, ma se manca il sistema la imposta a 60 giorni dall'invio (Modelli e regole §2.2, §2.3). È un avviso, perché nessuno si sorprenda quando il CV o la vacancy spariscono.\n\nCome correggere: nulla, se 60 giorni vanno bene; altrimenti indicare datascadenza.",
    }

    /// An expiry date before the sending date.
    ///
    /// The communication would be expired before it is published. The
    /// standard does not say what the system does with it; users would call
    /// it an error, so it is one.
    ///
    /// Fix: correct `datascadenza` (or the sending date).
    SCADENZA_PRIMA_DELL_INVIO {
        code: "CL0403",
        name: "scadenza-prima-dell-invio",
        severity: Error,
        summary: ("Scadenza precedente all'invio", "Expiry before sending"),
        message: ("La scadenza {valore} è precedente all'invio ({invio}).", "The expiry {valore} is before sending ({invio})."),
        spiegazione: "La comunicazione sarebbe scaduta prima di essere pubblicata. Lo standard non dice cosa faccia il sistema in questo caso; chi la legge lo considererebbe un errore, quindi lo è.\n\nCome correggere: correggere datascadenza (o la data di invio).",
    }

    /// A work experience that ends before it starts.
    ///
    /// `datainizio` is after `datafine` in an `EsperienzeLavorative`. Usually
    /// the two dates are swapped, or a year was mistyped.
    ///
    /// Fix: correct the dates of the experience.
    INIZIO_DOPO_FINE {
        code: "CL0404",
        name: "inizio-dopo-fine",
        severity: Error,
        summary: ("Esperienza che finisce prima di iniziare", "Experience ending before it starts"),
        message: ("L'esperienza inizia il {inizio} ma finisce il {fine}.", "The experience starts on {inizio} but ends on {fine}."),
        spiegazione: "datainizio è successiva a datafine in EsperienzeLavorative. Di solito le due date sono invertite, o un anno è scritto male.\n\nCome correggere: correggere le date dell'esperienza.",
    }

    /// A worker born after the communication was sent.
    ///
    /// `datanascita` is later than `datainserimento`: impossible.
    ///
    /// Fix: correct the birth date (often a year typed wrong).
    NASCITA_DOPO_INVIO {
        code: "CL0405",
        name: "nascita-dopo-invio",
        severity: Error,
        summary: ("Nascita successiva all'invio", "Born after sending"),
        message: ("La data di nascita {valore} è successiva all'invio ({invio}).", "The birth date {valore} is after sending ({invio})."),
        spiegazione: "datanascita è successiva a datainserimento: impossibile.\n\nCome correggere: correggere la data di nascita (spesso un anno scritto male).",
    }

    /// A worker's age at sending that is not plausible (under 15 or over 90).
    ///
    /// The standard sets no limit, so this is a warning: but a CV of a
    /// 9-year-old or a 120-year-old almost always has a mistyped birth year.
    ///
    /// Fix: check the birth date.
    ETA_NON_PLAUSIBILE {
        code: "CL0406",
        name: "eta-non-plausibile",
        severity: Warning,
        summary: ("Età del lavoratore non plausibile", "Implausible worker age"),
        message: ("All'invio il lavoratore avrebbe {anni} anni (nato il {valore}): controllare la data di nascita.", "At sending the worker would be {anni} years old (born {valore}): check the birth date."),
        spiegazione: "Lo standard non pone limiti, quindi è un avviso: ma un CV di un bambino di 9 anni o di una persona di 120 ha quasi sempre l'anno di nascita sbagliato. L'avviso scatta sotto i 15 e sopra i 90 anni.\n\nCome correggere: controllare la data di nascita.",
    }

    /// A work experience that starts before the worker was born.
    ///
    /// Impossible, so an error: usually the birth date or the experience's
    /// year is mistyped.
    ///
    /// Fix: correct the dates.
    ESPERIENZA_PRIMA_DELLA_NASCITA {
        code: "CL0407",
        name: "esperienza-prima-della-nascita",
        severity: Error,
        summary: ("Esperienza precedente alla nascita", "Experience before birth"),
        message: ("L'esperienza inizia il {inizio}, prima della nascita ({nascita}).", "The experience starts on {inizio}, before birth ({nascita})."),
        spiegazione: "Impossibile, quindi è un errore: di solito è sbagliata la data di nascita o l'anno dell'esperienza.\n\nCome correggere: correggere le date.",
    }

    /// A work experience that starts after the communication was sent.
    ///
    /// A CV describes past and current experience; one starting later than
    /// sending is suspicious (a job not started yet, or a wrong year). The
    /// standard is silent, so it is a warning.
    ///
    /// Fix: check the experience's start date.
    ESPERIENZA_FUTURA {
        code: "CL0408",
        name: "esperienza-futura",
        severity: Warning,
        summary: ("Esperienza che inizia dopo l'invio", "Experience starting after sending"),
        message: ("L'esperienza inizia il {inizio}, dopo l'invio ({invio}).", "The experience starts on {inizio}, after sending ({invio})."),
        spiegazione: "Un CV descrive esperienze passate e in corso; una che inizia dopo l'invio è sospetta (un lavoro non ancora iniziato, o un anno sbagliato). Lo standard non ne parla, quindi è un avviso.\n\nCome correggere: controllare la data di inizio dell'esperienza.",
    }
}

/// A CV's work experiences (their dates are read as their children).
const EXPERIENCES: &str = "DatiCurriculari/EsperienzeLavorative";

/// The paths these rules read besides the module's own dates.
pub(super) fn paths(module: Module) -> impl Iterator<Item = &'static str> {
    (module == Module::Candidatura).then_some(EXPERIENCES).into_iter()
}

pub fn check(doc: &Doc, out: &mut Vec<Diagnostic>) {
    let Some((sent, _)) = doc.sending_date() else {
        return;
    };
    check_expiry(doc, sent, out);
    if doc.module == Module::Candidatura {
        check_person(doc, sent, out);
    }
}

fn check_expiry(doc: &Doc, sent: Date, out: &mut Vec<Diagnostic>) {
    let Some(field) = doc.own().expiry else {
        return;
    };
    let path = field.path;
    let tipo = super::comunicazione::tipo(doc);
    if tipo == Some(Tipo::Chiusura) {
        return;
    }
    let latest = crate::module::max_expiry(sent);
    let value = doc.first_of(field);
    let date = value.and_then(|value| Some((Date::parse(&value.text)?, value)));
    match date {
        None if doc.first_of(field).is_none() => {
            out.push(doc.missing(&SCADENZA_MANCANTE, path).arg("massima", latest));
        }
        None => {}
        Some((expiry, value)) if expiry < sent => {
            out.push(
                doc.at(&SCADENZA_PRIMA_DELL_INVIO, &value)
                    .arg("valore", expiry)
                    .arg("invio", sent),
            );
        }
        Some((expiry, value)) if expiry > latest => {
            out.push(
                doc.at(&SCADENZA_OLTRE_60_GIORNI, &value)
                    .arg("valore", expiry)
                    .arg("invio", sent)
                    .arg("massima", latest),
            );
        }
        Some(_) => {}
    }
}

fn check_person(doc: &Doc, sent: Date, out: &mut Vec<Diagnostic>) {
    let birth = doc.date(crate::module::BIRTH_DATE);
    if let Some((born, value)) = &birth {
        if *born > sent {
            out.push(
                doc.at(&NASCITA_DOPO_INVIO, value)
                    .arg("valore", born)
                    .arg("invio", sent),
            );
        } else {
            let age = age_on(*born, sent);
            if age < AGE_RANGE.0 || age > AGE_RANGE.1 {
                out.push(
                    doc.at(&ETA_NON_PLAUSIBILE, value)
                        .arg("valore", born)
                        .arg("anni", age),
                );
            }
        }
    }
    for &experience in doc.nodes(EXPERIENCES).iter() {
        let date_of = |name: &str| {
            let value = doc.value_of(doc.parsed.child(experience, name)?);
            Some((Date::parse(&value.text)?, value))
        };
        let start = date_of("datainizio");
        let end = date_of("datafine");
        if let (Some((from, value)), Some((to, _))) = (&start, &end)
            && from > to
        {
            out.push(
                doc.at(&INIZIO_DOPO_FINE, value)
                    .arg("inizio", from)
                    .arg("fine", to),
            );
        }
        if let Some((from, value)) = &start {
            if let Some((born, _)) = &birth
                && from < born
            {
                out.push(
                    doc.at(&ESPERIENZA_PRIMA_DELLA_NASCITA, value)
                        .arg("inizio", from)
                        .arg("nascita", born),
                );
            } else if *from > sent {
                out.push(
                    doc.at(&ESPERIENZA_FUTURA, value)
                        .arg("inizio", from)
                        .arg("invio", sent),
                );
            }
        }
    }
}

/// Full years between two dates.
fn age_on(born: Date, day: Date) -> i32 {
    let had_birthday = (day.month, day.day) >= (born.month, born.day);
    day.year - born.year - i32::from(!had_birthday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tests::rule_codes;

    const CV: &str = include_str!("../../fixtures/validi/candidatura.xml");
    const VACANCY: &str = include_str!("../../fixtures/validi/vacancy.xml");

    #[test]
    fn expiry_is_at_most_sixty_days_after_sending() {
        // Sent 2026-11-02: the latest expiry is 2027-01-01.
        assert!(rule_codes(&CV.replace("2026-12-31", "2027-01-01")).is_empty());
        assert_eq!(rule_codes(&CV.replace("2026-12-31", "2027-01-02")), ["CL0401"]);
        assert_eq!(
            rule_codes(&CV.replace("<datascadenza>2026-12-31</datascadenza>", "")),
            ["CL0402"]
        );
        assert_eq!(rule_codes(&CV.replace("2026-12-31", "2026-11-01")), ["CL0403"]);
        assert_eq!(
            rule_codes(&VACANCY.replace("2026-12-15", "2027-02-15")),
            ["CL0401"]
        );
    }

    #[test]
    fn ages_count_full_years() {
        let born = Date::new(2000, 3, 15).unwrap();
        assert_eq!(age_on(born, Date::new(2015, 3, 14).unwrap()), 14);
        assert_eq!(age_on(born, Date::new(2015, 3, 15).unwrap()), 15);
    }

    #[test]
    fn person_and_experience_dates_must_agree() {
        let swapped = CV.replace("<datainizio>2023-03-01", "<datainizio>2023-09-01");
        assert_eq!(rule_codes(&swapped), ["CL0404"]);
        let future = CV
            .replace("<datainizio>2023-03-01", "<datainizio>2026-12-01")
            .replace("<datafine>2023-08-31", "<datafine>2027-08-31");
        assert_eq!(rule_codes(&future), ["CL0408"]);
        let before_birth = CV.replace("<datainizio>2023-03-01", "<datainizio>1990-03-01");
        assert_eq!(rule_codes(&before_birth), ["CL0407"]);
    }
}
