//! The communication itself (CL05xx): type 01/02 and what each needs
//! (seed 000 §5), and the 25-character codes (seed 000 §6) as the sending
//! mode requires them.

use super::{Doc, Modalita, RuleContext, Value};
use crate::codice::{self, Codice, Tipo};
use crate::diagnostic::declare_rules;
use crate::diagnostic::{Diagnostic, Reason};
use crate::module::Module;

declare_rules! {
    /// A closure (tipo 02) without the code of what it closes.
    ///
    /// To withdraw a CV or vacancy before it expires, the communication is
    /// sent again with tipo 02 "Chiusura" and the code being closed in
    /// `codicecandidaturaprecedente` / `codiceoffertaprecedente` (seed 000
    /// §5). Without it the system cannot know what to close.
    ///
    /// Fix: put the code assigned to the communication being closed in the
    /// `...precedente` field (`clic close` does this for you).
    CHIUSURA_SENZA_PRECEDENTE {
        code: "CL0501",
        name: "chiusura-senza-precedente",
        severity: Error,
        summary: ("Chiusura senza il codice da chiudere", "Closure without the code to close"),
        message: ("Una chiusura (tipo 02) deve indicare in «{campo}» il codice della comunicazione da chiudere.", "A closure (tipo 02) must give in `{campo}` the code of the communication to close."),
        spiegazione: "Per ritirare un CV o una vacancy prima della scadenza si reinvia la comunicazione con tipo 02 \"Chiusura\" e il codice da chiudere in codicecandidaturaprecedente / codiceoffertaprecedente (Modelli e regole §5). Senza, il sistema non sa cosa chiudere.\n\nCome correggere: indicare nel campo ...precedente il codice assegnato alla comunicazione da chiudere (clic close lo fa per voi).",
    }

    /// A closure (tipo 02) without a reason.
    ///
    /// A closure carries `motivochiusura`, from the table "Motivi Chiusura"
    /// (seed 000 §2.2, §2.3, §5).
    ///
    /// Fix: add `motivochiusura` with the code of the reason.
    CHIUSURA_SENZA_MOTIVO {
        code: "CL0502",
        name: "chiusura-senza-motivo",
        severity: Error,
        summary: ("Chiusura senza motivo", "Closure without a reason"),
        message: ("Una chiusura (tipo 02) deve indicare il motivo in «{campo}».", "A closure (tipo 02) must give the reason in `{campo}`."),
        spiegazione: "Una chiusura riporta motivochiusura, dalla tabella \"Motivi Chiusura\" (Modelli e regole §2.2, §2.3, §5).\n\nCome correggere: aggiungere motivochiusura con il codice del motivo.",
    }

    /// A closure reason on a communication that is not a closure.
    ///
    /// `motivochiusura` only means something on a tipo 02. On a tipo 01 it is
    /// ignored, which suggests that the type is wrong. The standard is
    /// silent, so it is a warning.
    ///
    /// Fix: remove `motivochiusura`, or set tipo 02 if the intent was to close.
    MOTIVO_SENZA_CHIUSURA {
        code: "CL0503",
        name: "motivo-senza-chiusura",
        severity: Warning,
        summary: ("Motivo di chiusura su un invio", "Closure reason on a sending"),
        message: ("«{campo}» è compilato ma la comunicazione è di tipo 01 (invio): verrà ignorato.", "`{campo}` is filled in but the communication is tipo 01 (sending): it will be ignored."),
        spiegazione: "motivochiusura ha senso solo su un tipo 02. Su un tipo 01 viene ignorato, il che fa pensare che il tipo sia sbagliato. Lo standard non ne parla, quindi è un avviso.\n\nCome correggere: togliere motivochiusura, oppure impostare tipo 02 se l'intento era chiudere.",
    }

    /// A sending (tipo 01) that updates or renews an earlier communication.
    ///
    /// A tipo 01 with the previous code in `...precedente` replaces that
    /// communication (update or renewal, seed 000 §5). This note says so,
    /// so that a renewal is never mistaken for a new CV or vacancy.
    ///
    /// Fix: nothing, if an update is intended.
    AGGIORNAMENTO {
        code: "CL0504",
        name: "aggiornamento",
        severity: Note,
        summary: ("Aggiornamento o rinnovo", "Update or renewal"),
        message: ("Aggiornamento o rinnovo della comunicazione {valore}.", "Update or renewal of communication {valore}."),
        spiegazione: "Un tipo 01 con il codice precedente in ...precedente sostituisce quella comunicazione (aggiornamento o rinnovo, Modelli e regole §5). Questa nota lo segnala, perché un rinnovo non venga scambiato per un nuovo CV o una nuova vacancy.\n\nCome correggere: nulla, se si vuole un aggiornamento.",
    }

    /// A communication code that is not well formed.
    ///
    /// A code other than 25 zeros is region (2) + province (3) + year (2) +
    /// sending mode (1: 0-3) + module (1: 1 vacancy, 2 candidatura,
    /// 3 messaggio) + type (1: 1 invio, 2 chiusura, 3 contatto, 4 risposta) +
    /// a 15-digit counter (seed 000 §6). The module digit must be the
    /// document's own module (for a previous code too), and the type digit
    /// must agree with the communication's type; a reference to a CV or
    /// vacancy must be the code of one.
    ///
    /// Fix: copy the code exactly as the system assigned it (`clic codegen
    /// decode CODE` shows its parts).
    CODICE_ERRATO {
        code: "CL0505",
        name: "codice-comunicazione-errato",
        severity: Error,
        summary: ("Codice di comunicazione non valido", "Invalid communication code"),
        message: ("Il codice «{valore}» di «{campo}» non è valido: {motivo}.", "The code `{valore}` of `{campo}` is not valid: {motivo}."),
        spiegazione: "Un codice diverso da 25 zeri è regione (2) + provincia (3) + anno (2) + modalità di invio (1: 0-3) + modulo (1: 1 vacancy, 2 candidatura, 3 messaggio) + tipo (1: 1 invio, 2 chiusura, 3 contatto, 4 risposta) + progressivo di 15 cifre (Modelli e regole §6). La cifra del modulo deve essere quella del documento (anche per il codice precedente) e la cifra del tipo deve corrispondere al tipo della comunicazione; un riferimento a un CV o a una vacancy deve essere il codice di uno di questi.\n\nCome correggere: copiare il codice esattamente come assegnato dal sistema (clic codegen decode CODICE ne mostra le parti).",
    }

    /// A bulk upload where a new communication carries its own code.
    ///
    /// In the portal's bulk upload a new communication (tipo 01) must carry
    /// 25 zeros in its code: the system assigns the real code on receipt
    /// (seed 000 §6). This is the default `--modalita massiva`; a node that
    /// sends with codes it assigned uses `--modalita cooperazione`.
    ///
    /// Fix: write 25 zeros in the code, or check with `--modalita cooperazione`.
    CODICE_IN_INVIO_MASSIVO {
        code: "CL0506",
        name: "codice-in-invio-massivo",
        severity: Error,
        summary: ("Codice valorizzato in un invio massivo", "Code filled in a bulk upload"),
        message: ("Nell'invio massivo una nuova comunicazione (tipo 01) ha in «{campo}» 25 zeri, non «{valore}»: il codice lo assegna il sistema.", "In a bulk upload a new communication (tipo 01) has 25 zeros in `{campo}`, not `{valore}`: the system assigns the code."),
        spiegazione: "Nel caricamento massivo del portale una nuova comunicazione (tipo 01) deve avere 25 zeri nel codice: il codice vero lo assegna il sistema alla ricezione (Modelli e regole §6). È la modalità predefinita --modalita massiva; un nodo che invia con codici assegnati da sé usa --modalita cooperazione.\n\nCome correggere: scrivere 25 zeri nel codice, oppure verificare con --modalita cooperazione.",
    }

    /// A communication without its assigned code where one is required.
    ///
    /// A node sending by application cooperation (`--modalita
    /// cooperazione`) fills in the code itself (seed 000 §6), and messages
    /// always carry the code of the region that sends them; 25 zeros are
    /// only for the portal's bulk upload.
    ///
    /// Fix: assign the code (`clic codegen new` makes one).
    CODICE_MANCANTE {
        code: "CL0507",
        name: "codice-mancante",
        severity: Error,
        summary: ("Codice di comunicazione non assegnato", "Communication code not assigned"),
        message: ("«{campo}» è di 25 zeri ma qui serve il codice assegnato alla comunicazione.", "`{campo}` is 25 zeros but the code assigned to the communication is required here."),
        spiegazione: "Un nodo che invia in cooperazione applicativa (--modalita cooperazione) compila il codice da sé (Modelli e regole §6), e i messaggi hanno sempre il codice della regione che li invia; i 25 zeri sono solo per il caricamento massivo del portale.\n\nCome correggere: assegnare il codice (clic codegen new ne genera uno).",
    }

    /// A code whose region and province are not a known pair.
    ///
    /// The first five characters are the sending region (2, ISTAT) and
    /// province (3): `00000` for the national portal, region + `000` when no
    /// province applies. An unknown region, or a province of another region,
    /// is only a warning (dominio.md §3): the seed's own example pairs region
    /// 08 with province 058 (Roma), while ISTAT numbers Lazio 12.
    ///
    /// Fix: check the region and province codes of the sending office.
    REGIONE_PROVINCIA_SCONOSCIUTA {
        code: "CL0508",
        name: "regione-provincia-sconosciuta",
        severity: Warning,
        summary: ("Regione e provincia del codice non riconosciute", "Unrecognised region and province in the code"),
        message: ("Nel codice «{valore}» la coppia regione {regione} / provincia {provincia} non è nelle tabelle ISTAT: {dettaglio}.", "In the code `{valore}` the region {regione} / province {provincia} pair is not in the ISTAT tables: {dettaglio}."),
        spiegazione: "I primi cinque caratteri sono la regione (2, ISTAT) e la provincia (3) di invio: 00000 per il portale nazionale, regione + 000 quando non c'è una provincia. Una regione sconosciuta, o una provincia di un'altra regione, è solo un avviso (dominio.md §3): l'esempio dello stesso standard abbina la regione 08 alla provincia 058 (Roma), mentre l'ISTAT numera il Lazio 12.\n\nCome correggere: verificare i codici di regione e provincia dell'ufficio che invia.",
    }
}

/// The communication's type, from its `tipo...` element.
pub fn tipo(doc: &Doc) -> Option<Tipo> {
    doc.first_of(doc.own().tipo)
        .and_then(|v| Tipo::from_element(&v.text))
}

pub fn check(doc: &Doc, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    let names = doc.module.code_elements();
    let own = doc.own();
    let Some(tipo) = tipo(doc) else {
        return;
    };
    let previous = doc.first_of(own.precedente).filter(|v| !v.text.is_empty());
    if let (Some(motivo_path), Some(motivo_field)) = (names.motivo, own.motivo) {
        let motivo = doc.first_of(motivo_field).filter(|v| !v.text.is_empty());
        match (tipo, &previous, &motivo) {
            (Tipo::Chiusura, None, _) => out.push(doc.missing(&CHIUSURA_SENZA_PRECEDENTE, names.precedente)),
            (Tipo::Invio, Some(code), _) => out.push(doc.at(&AGGIORNAMENTO, code).arg("valore", &code.text)),
            _ => {}
        }
        match (tipo, motivo) {
            (Tipo::Chiusura, None) => out.push(doc.missing(&CHIUSURA_SENZA_MOTIVO, motivo_path)),
            (Tipo::Invio, Some(value)) => out.push(doc.at(&MOTIVO_SENZA_CHIUSURA, &value)),
            _ => {}
        }
    }
    if let Some(own) = doc.first_of(own.codice) {
        check_own_code(doc, ctx, tipo, &own, out);
    }
    if let Some(previous) = previous {
        check_code(doc, ctx, &previous, &[doc.module], None, out);
    }
}

fn check_own_code(doc: &Doc, ctx: &RuleContext, tipo: Tipo, own: &Value, out: &mut Vec<Diagnostic>) {
    let zeros = codice::is_zeros(&own.text);
    let bulk = ctx.modalita == Modalita::Massiva && doc.module != Module::Messaggio;
    match (zeros, bulk, tipo) {
        (true, true, _) => {}
        (true, false, _) => out.push(doc.at(&CODICE_MANCANTE, own)),
        (false, true, Tipo::Invio) => {
            out.push(doc.at(&CODICE_IN_INVIO_MASSIVO, own).arg("valore", &own.text))
        }
        (false, _, _) => {
            check_code(doc, ctx, own, &[doc.module], Some(tipo), out);
        }
    }
}

/// Checks a non-zero code's structure, its module digit against the
/// expected modules, its type digit when one is expected, and its region.
pub fn check_code(
    doc: &Doc,
    ctx: &RuleContext,
    value: &Value,
    modules: &[Module],
    tipo: Option<Tipo>,
    out: &mut Vec<Diagnostic>,
) -> Option<Codice> {
    match codice::parse_expected(&value.text, modules, tipo) {
        Ok(code) => {
            check_region(doc, ctx, value, &code, out);
            Some(code)
        }
        Err(problem) => {
            out.push(
                doc.at(&CODICE_ERRATO, value)
                    .arg("valore", &value.text)
                    .reason("motivo", Reason::Codice(problem)),
            );
            None
        }
    }
}

fn check_region(doc: &Doc, ctx: &RuleContext, value: &Value, code: &Codice, out: &mut Vec<Diagnostic>) {
    // The same look-up as `clic codegen decode`, so both say the same thing.
    let place = codice::luogo(&code.regione, &code.provincia, &ctx.tables);
    if let Some(problem) = place.problema {
        out.push(
            doc.at(&REGIONE_PROVINCIA_SCONOSCIUTA, value)
                .arg("valore", &value.text)
                .arg("regione", &code.regione)
                .arg("provincia", &code.provincia)
                .reason("dettaglio", Reason::Luogo(problem)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Modalita;
    use crate::rules::tests::{rule_codes, rule_codes_in};

    const CV: &str = include_str!("../../fixtures/validi/candidatura.xml");
    const MESSAGE: &str = include_str!("../../fixtures/validi/messaggio.xml");
    const ZEROS: &str = "0000000000000000000000000";
    const ASSIGNED: &str = "0301526221000000000000042";

    fn closure(previous: Option<&str>, motivo: Option<&str>) -> String {
        let mut extra = String::new();
        if let Some(m) = motivo {
            extra.push_str(&format!("<motivochiusura>{m}</motivochiusura>\n    "));
        }
        let mut cv = CV.replace(
            "<tipocandidatura>01</tipocandidatura>",
            &format!("<tipocandidatura>02</tipocandidatura>\n    {extra}"),
        );
        if let Some(p) = previous {
            cv = cv.replace(
                &format!("<codicecandidatura>{ZEROS}</codicecandidatura>"),
                &format!("<codicecandidatura>{ZEROS}</codicecandidatura>\n    <codicecandidaturaprecedente>{p}</codicecandidaturaprecedente>"),
            );
        }
        cv
    }

    #[test]
    fn a_closure_needs_the_previous_code_and_a_reason() {
        assert!(rule_codes(&closure(Some(ASSIGNED), Some("01"))).is_empty());
        assert_eq!(rule_codes(&closure(None, Some("01"))), ["CL0501"]);
        assert_eq!(rule_codes(&closure(Some(ASSIGNED), None)), ["CL0502"]);
    }

    #[test]
    fn a_sending_with_a_previous_code_is_an_update() {
        let update = CV.replace(
            &format!("<codicecandidatura>{ZEROS}</codicecandidatura>"),
            &format!("<codicecandidatura>{ZEROS}</codicecandidatura>\n    <codicecandidaturaprecedente>{ASSIGNED}</codicecandidaturaprecedente>"),
        );
        assert_eq!(rule_codes(&update), ["CL0504"]);
    }

    #[test]
    fn the_previous_code_must_be_of_the_same_module() {
        let vacancy_code = "0301526211000000000000042";
        assert_eq!(rule_codes(&closure(Some(vacancy_code), Some("01"))), ["CL0505"]);
    }

    #[test]
    fn bulk_mode_wants_zeros_and_cooperation_wants_an_assigned_code() {
        let assigned = CV.replace(
            &format!("<codicecandidatura>{ZEROS}"),
            &format!("<codicecandidatura>{ASSIGNED}"),
        );
        assert_eq!(rule_codes(&assigned), ["CL0506"]);
        assert!(rule_codes_in(&assigned, Modalita::Cooperazione).is_empty());
        assert_eq!(rule_codes_in(CV, Modalita::Cooperazione), ["CL0507"]);
    }

    #[test]
    fn the_type_digit_must_match_the_communication() {
        let closing_code = ASSIGNED.replacen("221", "222", 1);
        let cv = CV.replace(
            &format!("<codicecandidatura>{ZEROS}"),
            &format!("<codicecandidatura>{closing_code}"),
        );
        assert_eq!(rule_codes_in(&cv, Modalita::Cooperazione), ["CL0505"]);
    }

    #[test]
    fn an_unknown_region_province_pair_is_a_warning() {
        let seed_example = "0805826221000000000000042";
        let cv = CV.replace(
            &format!("<codicecandidatura>{ZEROS}"),
            &format!("<codicecandidatura>{seed_example}"),
        );
        assert_eq!(rule_codes_in(&cv, Modalita::Cooperazione), ["CL0508"]);
        assert!(rule_codes(MESSAGE).is_empty());
        let no_region = MESSAGE.replace("<codicemessaggio>03015", "<codicemessaggio>99015");
        assert_eq!(rule_codes(&no_region), ["CL0508"]);
    }

    #[test]
    fn messages_always_need_an_assigned_code() {
        let zeros = MESSAGE.replace(
            "<codicemessaggio>0301526233000000000000007",
            &format!("<codicemessaggio>{ZEROS}"),
        );
        assert_eq!(rule_codes(&zeros), ["CL0507"]);
    }
}
