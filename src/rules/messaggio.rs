//! Messages (CL06xx): what each kind of sender must give, what a contact
//! and a reply must refer to (seed 000 §2.4).

use super::{Doc, RuleContext};
use crate::codice::Tipo;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::declare_rules;
use crate::diagnostic::reason::{Reason, Sender};
use crate::module::Module;

declare_rules! {
    /// The sender of a message lacks a field its kind requires.
    ///
    /// Seed 000 §2.4: an azienda (tiposoggetto 1) gives codicefiscale,
    /// denominazione, comune and email; a cittadino (2) gives codicefiscale
    /// and the codiceoffertacandidatura of their CV; an intermediario (3)
    /// gives codiceintermediario, denominazione, comune and email. The schema
    /// makes them all optional, since which are needed depends on the kind.
    ///
    /// Fix: add the field named in the message to `Mittente/Interlocutore`.
    MITTENTE_INCOMPLETO {
        code: "CL0601",
        name: "mittente-incompleto",
        severity: Error,
        summary: ("Mittente senza un campo obbligatorio", "Sender missing a required field"),
        message: ("Un mittente di tipo {soggetto} deve indicare «{campo}».", "A sender of kind {soggetto} must give `{campo}`."),
        spiegazione: "Modelli e regole §2.4: un'azienda (tiposoggetto 1) indica codicefiscale, denominazione, comune ed email; un cittadino (2) codicefiscale e il codiceoffertacandidatura del proprio CV; un intermediario (3) codiceintermediario, denominazione, comune ed email. Lo schema li rende tutti facoltativi, perché quelli necessari dipendono dal tipo.\n\nCome correggere: aggiungere il campo indicato nel messaggio in Mittente/Interlocutore.",
    }

    /// A contact message (03) that does not say which CV or vacancy it is about.
    ///
    /// "Nella sezione relativa al Destinatario è sempre obbligatoria la
    /// compilazione del Codice offerta/candidatura di interesse in caso di
    /// messaggio di contatto" (seed 000 §2.4): the national node routes the
    /// message by that code.
    ///
    /// Fix: add `codiceoffertacandidatura` to `Destinatario/Interlocutore`.
    CONTATTO_SENZA_RIFERIMENTO {
        code: "CL0602",
        name: "contatto-senza-riferimento",
        severity: Error,
        summary: ("Contatto senza il CV o la vacancy di interesse", "Contact without the CV or vacancy of interest"),
        message: ("Un messaggio di contatto (03) deve indicare in «{campo}» il codice della candidatura o della vacancy di interesse.", "A contact message (03) must give in `{campo}` the code of the CV or vacancy of interest."),
        spiegazione: "\"Nella sezione relativa al Destinatario è sempre obbligatoria la compilazione del Codice offerta/candidatura di interesse in caso di messaggio di contatto\" (Modelli e regole §2.4): il nodo nazionale instrada il messaggio con quel codice.\n\nCome correggere: aggiungere codiceoffertacandidatura in Destinatario/Interlocutore.",
    }

    /// A reply (04) that does not say which message it answers.
    ///
    /// A reply carries `codicemessaggioprecedente` (seed 000 §2.4): the
    /// national node sends it back to the region of the original contact,
    /// found from that code.
    ///
    /// Fix: add the code of the contact message being answered.
    RISPOSTA_SENZA_PRECEDENTE {
        code: "CL0603",
        name: "risposta-senza-precedente",
        severity: Error,
        summary: ("Risposta senza il messaggio a cui risponde", "Reply without the message it answers"),
        message: ("Una risposta (04) deve indicare in «{campo}» il codice del messaggio di contatto a cui risponde.", "A reply (04) must give in `{campo}` the code of the contact message it answers."),
        spiegazione: "Una risposta riporta codicemessaggioprecedente (Modelli e regole §2.4): il nodo nazionale la rimanda alla regione del contatto originale, individuata da quel codice.\n\nCome correggere: aggiungere il codice del messaggio di contatto a cui si risponde.",
    }

    /// A contact message (03) that carries a previous message's code.
    ///
    /// Only replies (04) refer to a previous message. A contact with one is
    /// probably a reply with the wrong type. The standard is silent, so it
    /// is a warning.
    ///
    /// Fix: set tipocomunicazione 04 if this is a reply, or remove the code.
    CONTATTO_CON_PRECEDENTE {
        code: "CL0604",
        name: "contatto-con-precedente",
        severity: Warning,
        summary: ("Contatto con un messaggio precedente", "Contact with a previous message"),
        message: ("Un messaggio di contatto (03) non dovrebbe avere «{campo}»: è forse una risposta (04)?", "A contact message (03) should not have `{campo}`: is it a reply (04)?"),
        spiegazione: "Solo le risposte (04) si riferiscono a un messaggio precedente. Un contatto che ne ha uno è probabilmente una risposta con il tipo sbagliato. Lo standard non ne parla, quindi è un avviso.\n\nCome correggere: impostare tipocomunicazione 04 se è una risposta, oppure togliere il codice.",
    }

    /// The recipient of a contact about a CV is not identified.
    ///
    /// Besides the code of interest, the recipient of a contact is given by
    /// the employer's codice fiscale "se presente", or by the intermediary's
    /// code when the CV or vacancy was sent by an intermediary (seed 000
    /// §2.4). A foreign employer has no codice fiscale (§2.3), so a contact
    /// about a vacancy may carry only the vacancy's code: that is accepted.
    /// A contact about a CV must still name the citizen (codice fiscale) or
    /// the intermediary who sent the CV, or it cannot be delivered.
    ///
    /// Fix: add `codicefiscale` or `codiceintermediario` to `Destinatario/Interlocutore`.
    DESTINATARIO_NON_IDENTIFICATO {
        code: "CL0605",
        name: "destinatario-non-identificato",
        severity: Error,
        summary: ("Destinatario di un contatto su un CV senza codice fiscale né codice intermediario", "Recipient of a contact about a CV without codice fiscale or intermediary code"),
        message: ("Il destinatario di un contatto su una candidatura deve avere «codicefiscale» o «codiceintermediario».", "The recipient of a contact about a CV must have `codicefiscale` or `codiceintermediario`."),
        spiegazione: "Oltre al codice di interesse, il destinatario di un contatto si indica con il codice fiscale del datore di lavoro \"se presente\", oppure con il codice intermediario quando il CV o la vacancy sono stati inviati da un intermediario (Modelli e regole §2.4). Un datore di lavoro straniero non ha codice fiscale (§2.3), quindi un contatto su una vacancy può riportare solo il codice della vacancy: è accettato. Un contatto su una candidatura deve invece indicare il cittadino (codice fiscale) o l'intermediario che ha inviato il CV, altrimenti non può essere recapitato.\n\nCome correggere: aggiungere codicefiscale o codiceintermediario in Destinatario/Interlocutore.",
    }
}

const RECIPIENT: &str = "Destinatario/Interlocutore";
const SENDER_KIND: &str = "Mittente/tiposoggetto";
const PREVIOUS: &str = "DatiSistema/codicemessaggioprecedente";
const SENDER_REFERENCE: &str = "Mittente/Interlocutore/codiceoffertacandidatura";
const RECIPIENT_REFERENCE: &str = "Destinatario/Interlocutore/codiceoffertacandidatura";

/// The paths these rules read (besides the module's own), those that
/// each kind of sender must give included.
pub(super) const PATHS: [&str; 12] = [
    RECIPIENT,
    SENDER_KIND,
    PREVIOUS,
    SENDER_REFERENCE,
    RECIPIENT_REFERENCE,
    "Destinatario/Interlocutore/codicefiscale",
    "Destinatario/Interlocutore/codiceintermediario",
    "Mittente/Interlocutore/codicefiscale",
    "Mittente/Interlocutore/codiceintermediario",
    "Mittente/Interlocutore/denominazione",
    "Mittente/Interlocutore/comune",
    "Mittente/Interlocutore/email",
];

pub fn check(doc: &Doc, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let tipo = super::comunicazione::tipo(doc);
    let sender_kind = doc.text(SENDER_KIND);
    let sender_kind = sender_kind.as_deref().unwrap_or_default();
    check_sender(doc, sender_kind, out);
    check_references(doc, ctx, sender_kind, out);
    let previous = PREVIOUS;
    match tipo {
        Some(Tipo::Contatto) => {
            if doc.text(RECIPIENT_REFERENCE).is_none() {
                out.push(doc.missing(&CONTATTO_SENZA_RIFERIMENTO, RECIPIENT_REFERENCE));
            }
            if about_a_cv(doc)
                && doc.text("Destinatario/Interlocutore/codicefiscale").is_none()
                && doc
                    .text("Destinatario/Interlocutore/codiceintermediario")
                    .is_none()
            {
                let at = doc.nodes(RECIPIENT).first().copied();
                out.push(
                    Diagnostic::new(&DESTINATARIO_NON_IDENTIFICATO)
                        .at(at.and_then(|n| doc.parsed.position(n)))
                        .path(at.map(|n| doc.parsed.path_of(n)).unwrap_or_default()),
                );
            }
            if let Some(value) = doc.get(previous).filter(|v| !v.text.is_empty()) {
                out.push(doc.at(&CONTATTO_CON_PRECEDENTE, &value));
            }
        }
        Some(Tipo::Risposta) if doc.text(previous).is_none() => {
            out.push(doc.missing(&RISPOSTA_SENZA_PRECEDENTE, previous));
        }
        _ => {}
    }
}

/// Whether a contact is about a CV, by the module digit of its reference
/// (seed 000 §6). A contact about a vacancy may leave the recipient
/// unnamed (a foreign employer has no codice fiscale); one whose reference
/// is missing or malformed is already reported, so it is not blamed twice.
fn about_a_cv(doc: &Doc) -> bool {
    doc.text(RECIPIENT_REFERENCE)
        .and_then(|code| crate::codice::parse(&code).ok())
        .is_some_and(|code| code.modulo == Module::Candidatura)
}

/// The kind of sender (tiposoggetto) and the fields it must give.
fn required(kind: &str) -> Option<(Sender, &'static [&'static str])> {
    Some(match kind {
        "1" => (
            Sender::Company,
            &[
                "Mittente/Interlocutore/codicefiscale",
                "Mittente/Interlocutore/denominazione",
                "Mittente/Interlocutore/comune",
                "Mittente/Interlocutore/email",
            ],
        ),
        "2" => (
            Sender::Citizen,
            &["Mittente/Interlocutore/codicefiscale", SENDER_REFERENCE],
        ),
        "3" => (
            Sender::Intermediary,
            &[
                "Mittente/Interlocutore/codiceintermediario",
                "Mittente/Interlocutore/denominazione",
                "Mittente/Interlocutore/comune",
                "Mittente/Interlocutore/email",
            ],
        ),
        _ => return None,
    })
}

fn check_sender(doc: &Doc, kind: &str, out: &mut Vec<Diagnostic>) {
    let Some((sender, paths)) = required(kind) else {
        return;
    };
    for path in paths {
        if doc.text(path).is_none() {
            out.push(
                doc.missing(&MITTENTE_INCOMPLETO, path)
                    .reason("soggetto", Reason::Sender(sender)),
            );
        }
    }
}

/// The codes of the CV or vacancy a message refers to must be codes of one.
fn check_references(doc: &Doc, ctx: &RuleContext, kind: &str, out: &mut Vec<Diagnostic>) {
    for (path, recipient) in [(SENDER_REFERENCE, false), (RECIPIENT_REFERENCE, true)] {
        if let Some(value) = doc.get(path).filter(|v| !v.text.is_empty()) {
            let modules = reference_modules(kind, recipient);
            super::comunicazione::check_code(doc, ctx, &value, modules, None, out);
        }
    }
}

/// The modules a message's references may name: a citizen writes about
/// their own CV and to a vacancy; a company about its vacancy and to a CV.
fn reference_modules(sender_kind: &str, recipient: bool) -> &'static [Module] {
    match (sender_kind, recipient) {
        ("2", false) | ("1", true) => &[Module::Candidatura],
        ("1", false) | ("2", true) => &[Module::Vacancy],
        _ => &[Module::Candidatura, Module::Vacancy],
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::rule_codes;

    const MESSAGE: &str = include_str!("../../fixtures/validi/messaggio.xml");

    #[test]
    fn a_company_sender_needs_its_four_fields() {
        assert!(rule_codes(MESSAGE).is_empty());
        let no_email = MESSAGE.replace("      <email>lavora.con.noi@example.it</email>\n", "");
        assert_eq!(rule_codes(&no_email), ["CL0601"]);
    }

    #[test]
    fn a_citizen_sender_needs_the_code_of_their_cv() {
        // A citizen writes to a vacancy, about their own CV.
        let citizen = MESSAGE
            .replacen(
                "<tiposoggetto>1</tiposoggetto>",
                "<tiposoggetto>2</tiposoggetto>",
                1,
            )
            .replace("0301526221000000000000042", "0301526211000000000000042");
        assert_eq!(rule_codes(&citizen), ["CL0601"]);
    }

    #[test]
    fn a_contact_names_its_subject_and_its_recipient() {
        let no_reference = MESSAGE.replace(
            "      <codiceoffertacandidatura>0301526221000000000000042</codiceoffertacandidatura>\n",
            "",
        );
        assert_eq!(rule_codes(&no_reference), ["CL0602"]);
        let anonymous = MESSAGE.replace("      <codicefiscale>BNCGLI95M52F205J</codicefiscale>\n", "");
        assert_eq!(rule_codes(&anonymous), ["CL0605"]);
    }

    #[test]
    fn a_contact_about_a_vacancy_may_leave_a_foreign_employer_unnamed() {
        let about_a_vacancy = include_str!("../../fixtures/codici/CL0605-ok-vacancy-di-datore-straniero.xml");
        assert!(rule_codes(about_a_vacancy).is_empty());
        let about_a_cv = about_a_vacancy.replace("0301526211000000000000042", "0301526221000000000000043");
        assert_eq!(rule_codes(&about_a_cv), ["CL0505", "CL0605"]);
    }

    #[test]
    fn references_must_be_codes_of_the_right_module() {
        // A company contacts a CV: a vacancy code as the recipient's reference is wrong.
        let wrong = MESSAGE.replace("0301526221000000000000042", "0301526211000000000000042");
        assert_eq!(rule_codes(&wrong), ["CL0505"]);
    }

    #[test]
    fn a_reply_names_the_contact_it_answers() {
        let reply = MESSAGE
            .replace("<tipocomunicazione>03", "<tipocomunicazione>04")
            .replace("0301526233000000000000007", "0301526234000000000000007");
        assert_eq!(rule_codes(&reply), ["CL0603"]);
    }
}
