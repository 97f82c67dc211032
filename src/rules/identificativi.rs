//! Identifiers (CL02xx): codici fiscali and partite IVA with their check
//! characters, which forms each party may use, the coherence of a person's
//! code with the declared sex, birth date and birthplace, and the codice
//! intermediario.

use super::{Doc, RuleContext, Value};
use crate::codice;
use crate::codice_fiscale::{self, Anagrafica, ErroreCf, Forma};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::declare_rules;
use crate::diagnostic::reason::Reason;
use crate::module::Module;

declare_rules! {
    /// A 16-character codice fiscale that is not valid.
    ///
    /// A person's codice fiscale (seed 000 §2.2, §2.3) has a fixed structure
    /// (surname, name, year, month letter, day, Belfiore code of the
    /// birthplace) and ends with a check character computed from the other
    /// fifteen. The message says what is wrong: a character not allowed in
    /// its position, a month letter that does not exist, an impossible day,
    /// or a check character that does not match (usually a typing error).
    /// When the check character does not match, the first fifteen characters
    /// are compared with the worker's surname, name, sex, birth date and
    /// birthplace: if a part disagrees (two digits swapped, another
    /// birthplace) the message names it, since fixing only the check
    /// character would hide the error; the expected check character is
    /// given only when the rest agrees with the data.
    /// Omocodia variants (digits replaced by L M N P Q R S T U V) are valid.
    ///
    /// Fix: copy the code again from the person's tessera sanitaria.
    CODICE_FISCALE_ERRATO {
        code: "CL0201",
        name: "codice-fiscale-errato",
        severity: Error,
        summary: ("Codice fiscale non valido", "Invalid codice fiscale"),
        message: ("Il codice fiscale «{valore}» di «{campo}» non è valido: {motivo}.", "The codice fiscale `{valore}` of `{campo}` is not valid: {motivo}."),
        spiegazione: "Il codice fiscale di una persona (Modelli e regole §2.2, §2.3) ha una struttura fissa (cognome, nome, anno, lettera del mese, giorno, codice catastale del luogo di nascita) e termina con un carattere di controllo calcolato dagli altri quindici. Il messaggio dice cosa non va: un carattere non ammesso in quella posizione, una lettera del mese inesistente, un giorno impossibile, o un carattere di controllo che non torna (di solito un errore di battitura). Quando il carattere di controllo non torna, i primi quindici caratteri sono confrontati con cognome, nome, sesso, data e luogo di nascita del lavoratore: se una parte non corrisponde (due cifre scambiate, un altro luogo di nascita) il messaggio la indica, perché correggere solo il carattere di controllo nasconderebbe l'errore; il carattere di controllo atteso è indicato solo quando il resto corrisponde ai dati. Le varianti per omocodia (cifre sostituite da L M N P Q R S T U V) sono valide.\n\nCome correggere: ricopiare il codice dalla tessera sanitaria della persona.",
    }

    /// An 11-digit codice fiscale (partita IVA) that is not valid.
    ///
    /// Companies' codes, and workers' provisional codes, are 11 digits whose
    /// last digit is a check digit (the partita IVA algorithm, seed 000 §2.2,
    /// §2.3). Digits 8-10 are the tax office code and must be one that
    /// exists. The check is the one of python-stdnum.
    ///
    /// Fix: copy the code again from the company's registration (visura) or
    /// from the provisional code's certificate.
    PARTITA_IVA_ERRATA {
        code: "CL0202",
        name: "codice-numerico-errato",
        severity: Error,
        summary: ("Codice fiscale numerico (partita IVA) non valido", "Invalid numeric codice fiscale (partita IVA)"),
        message: ("Il codice fiscale numerico «{valore}» di «{campo}» non è valido: {motivo}.", "The numeric codice fiscale `{valore}` of `{campo}` is not valid: {motivo}."),
        spiegazione: "I codici delle aziende, e quelli provvisori dei lavoratori, sono di 11 cifre e l'ultima è una cifra di controllo (algoritmo della partita IVA, Modelli e regole §2.2, §2.3). Le cifre 8-10 sono il codice dell'ufficio e devono essere di un ufficio esistente. Il controllo è quello di python-stdnum.\n\nCome correggere: ricopiare il codice dalla visura dell'azienda o dal certificato del codice provvisorio.",
    }

    /// A codice fiscale in a form that party cannot have.
    ///
    /// The intermediary's codice fiscale is filled in from its accreditation:
    /// 11 digits, or 16 characters for ditte individuali and professionisti
    /// (seed 000 §2.2, §2.3). The schema only limits its length, so anything
    /// else (a partita IVA with the `IT` prefix, spaces, a name) is caught here.
    ///
    /// Fix: write the 11-digit code (or the 16-character one of a ditta
    /// individuale), without prefixes or spaces.
    FORMA_NON_AMMESSA {
        code: "CL0203",
        name: "forma-codice-fiscale",
        severity: Error,
        summary: ("Codice fiscale di forma non ammessa", "Codice fiscale of a form not allowed"),
        message: ("«{valore}» non è un codice fiscale per «{campo}»: servono 11 cifre oppure 16 caratteri.", "`{valore}` is not a codice fiscale for `{campo}`: 11 digits or 16 characters are required."),
        spiegazione: "Il codice fiscale dell'intermediario viene compilato dai dati di accreditamento: 11 cifre, oppure 16 caratteri per ditte individuali e professionisti (Modelli e regole §2.2, §2.3). Lo schema ne limita solo la lunghezza, quindi ogni altra forma (partita IVA con prefisso IT, spazi, un nome) viene segnalata qui.\n\nCome correggere: scrivere il codice di 11 cifre (o quello di 16 caratteri di una ditta individuale), senza prefissi né spazi.",
    }

    /// A person's codice fiscale disagrees with the declared name, sex, birth date or birthplace.
    ///
    /// The codice fiscale encodes letters of the surname and name, sex, date
    /// and place of birth; here some of them differ from `cognome`, `nome`,
    /// `sesso`, `datanascita` or `idcomune`. The message names each part, as
    /// written in the code and as the data give it (omocodia undone). It is a warning, not
    /// a rejection: the standard does not ask the portal to compare them, and
    /// a code can legitimately differ (codes assigned with an error and never
    /// corrected). But usually one of the fields was typed wrong, or the CV
    /// belongs to someone else.
    ///
    /// Fix: check the fields named in the message against the person's documents.
    CODICE_FISCALE_INCOERENTE {
        code: "CL0204",
        name: "codice-fiscale-incoerente",
        severity: Warning,
        summary: ("Codice fiscale incoerente con i dati anagrafici", "Codice fiscale inconsistent with the personal data"),
        message: ("Il codice fiscale «{valore}» non corrisponde ai dati anagrafici: {differenze}.", "The codice fiscale `{valore}` does not match the personal data: {differenze}."),
        spiegazione: "Il codice fiscale contiene lettere del cognome e del nome, sesso, data e luogo di nascita; qui alcuni sono diversi da cognome, nome, sesso, datanascita o idcomune. Il messaggio indica ogni parte, come è scritta nel codice e come risulta dai dati (omocodia esclusa). È un avviso, non un rifiuto: lo standard non chiede al portale di confrontarli, e un codice può legittimamente differire (codici attribuiti con un errore mai corretto). Ma di solito uno dei campi è stato scritto male, o il CV è di un'altra persona.\n\nCome correggere: controllare i campi indicati nel messaggio sui documenti della persona.",
    }

    /// A codice intermediario that does not have the standard's structure.
    ///
    /// The codice intermediario (seed 000 §7) is 11 characters: the Belfiore
    /// code of the main seat (4), the kind of intermediary (C job centre,
    /// S agency head office, F agency branch, E Eures adviser, U schools and
    /// universities, A others) and a 6-digit counter, e.g. `F205U000042`.
    ///
    /// Fix: use the code the Ministry assigned, as shown in the accreditation.
    CODICE_INTERMEDIARIO_ERRATO {
        code: "CL0210",
        name: "codice-intermediario-errato",
        severity: Error,
        summary: ("Codice intermediario non valido", "Invalid codice intermediario"),
        message: ("Il codice intermediario «{valore}» di «{campo}» non è valido: {motivo}.", "The codice intermediario `{valore}` of `{campo}` is not valid: {motivo}."),
        spiegazione: "Il codice intermediario (Modelli e regole §7) è di 11 caratteri: il codice catastale della sede principale (4), il tipo di intermediario (C Centro per l'Impiego, S sede legale di agenzia, F filiale di agenzia, E Eures adviser, U scuole e università, A altri soggetti) e un progressivo di 6 cifre, per esempio F205U000042.\n\nCome correggere: usare il codice assegnato dal Ministero, come risulta dall'accreditamento.",
    }

    /// The Belfiore part of a codice intermediario is not a comune or foreign state.
    ///
    /// The first four characters of the codice intermediario are the Belfiore
    /// code of the intermediary's main seat (seed 000 §7), from the table
    /// "Comuni e stati esteri". Any comune that ever existed is accepted,
    /// since codes are not reissued when a comune merges.
    ///
    /// Fix: check the code against the accreditation.
    INTERMEDIARIO_COMUNE_SCONOSCIUTO {
        code: "CL0211",
        name: "intermediario-comune-sconosciuto",
        severity: Error,
        summary: ("Sede del codice intermediario inesistente", "Unknown seat in the codice intermediario"),
        message: ("Il codice intermediario «{valore}» inizia con «{belfiore}», che non è un comune né uno stato estero.", "The codice intermediario `{valore}` starts with `{belfiore}`, which is neither a comune nor a foreign state."),
        spiegazione: "I primi quattro caratteri del codice intermediario sono il codice catastale della sede principale (Modelli e regole §7), dalla tabella \"Comuni e stati esteri\". È accettato ogni comune mai esistito, perché i codici non vengono riassegnati quando un comune si fonde con altri.\n\nCome correggere: verificare il codice sull'accreditamento.",
    }
}

/// Who a codice fiscale belongs to, which decides the checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Party {
    /// A worker: 16 characters, or 11 digits when provisional.
    Person,
    /// An employer, an intermediary or a message's party: 11 digits, or 16
    /// for ditte individuali and professionisti. The schema does not
    /// constrain the intermediary's shape, so it is checked here.
    Organisation { shape_unchecked: bool },
}

fn code_fields(module: Module) -> &'static [(&'static str, Party)] {
    const ORG: Party = Party::Organisation {
        shape_unchecked: false,
    };
    const INTERMEDIARY: Party = Party::Organisation {
        shape_unchecked: true,
    };
    match module {
        Module::Candidatura => &[
            ("Lavoratore/DatiAnagrafici/codicefiscale", Party::Person),
            ("DatiSistema/codicefiscaleintermediario", INTERMEDIARY),
        ],
        Module::Vacancy => &[
            ("DatoreLavoro/DatiAnagrafici/codicefiscale", ORG),
            ("DatiSistema/codicefiscaleintermediario", INTERMEDIARY),
        ],
        Module::Messaggio => &[
            ("Mittente/Interlocutore/codicefiscale", ORG),
            ("Destinatario/Interlocutore/codicefiscale", ORG),
        ],
    }
}

fn intermediary_fields(module: Module) -> &'static [&'static str] {
    match module {
        Module::Candidatura => &["DatiSistema/idintermediario"],
        Module::Vacancy => &["DatiSistema/intermediario"],
        Module::Messaggio => &[
            "Mittente/Interlocutore/codiceintermediario",
            "Destinatario/Interlocutore/codiceintermediario",
        ],
    }
}

/// The worker's declared surname, name, sex and birthplace.
const PERSONAL_DATA: [&str; 4] = [
    "Lavoratore/DatiAnagrafici/cognome",
    "Lavoratore/DatiAnagrafici/nome",
    "Lavoratore/DatiAnagrafici/sesso",
    "Lavoratore/DatiAnagrafici/idcomune",
];

/// The paths these rules read in a module's documents.
pub(super) fn paths(module: Module) -> impl Iterator<Item = &'static str> {
    let personal: &[&str] = if module == Module::Candidatura {
        &PERSONAL_DATA
    } else {
        &[]
    };
    code_fields(module)
        .iter()
        .map(|&(path, _)| path)
        .chain(intermediary_fields(module).iter().copied())
        .chain(personal.iter().copied())
}

pub fn check(doc: &Doc, ctx: &RuleContext, out: &mut Vec<Diagnostic>) {
    for &(path, party) in code_fields(doc.module) {
        if let Some(value) = doc.get(path).filter(|v| !v.text.is_empty()) {
            check_code(doc, &value, party, out);
        }
    }
    for path in intermediary_fields(doc.module) {
        if let Some(value) = doc.get(path).filter(|v| !v.text.is_empty()) {
            check_intermediary(doc, ctx, &value, out);
        }
    }
}

fn check_code(doc: &Doc, value: &Value, party: Party, out: &mut Vec<Diagnostic>) {
    let code: &str = &value.text;
    let shape_unchecked = Party::Organisation {
        shape_unchecked: true,
    };
    if party == shape_unchecked && codice_fiscale::forma(code).is_none() {
        out.push(doc.at(&FORMA_NON_AMMESSA, value).arg("valore", code));
        return;
    }
    match codice_fiscale::verifica(code) {
        Ok(Forma::Persona16) if party == Party::Person => compare_with_personal_data(doc, value, out),
        Ok(_) => {}
        Err(error) => {
            let rule = if codice_fiscale::forma(code) == Some(Forma::Numerico11) {
                &PARTITA_IVA_ERRATA
            } else {
                &CODICE_FISCALE_ERRATO
            };
            out.push(
                doc.at(rule, value)
                    .arg("valore", code)
                    .reason("motivo", wrong_code_reason(doc, code, party, error)),
            );
        }
    }
}

/// Why a code is wrong. A wrong check character on a worker's code is
/// first compared with the worker's data: when a part of the first 15
/// characters disagrees (two digits swapped, a wrong birthplace), that part
/// is what to fix, and the check character computed from it would only
/// invite a wrong edit, so it is not suggested.
fn wrong_code_reason(doc: &Doc, code: &str, party: Party, error: ErroreCf) -> Reason {
    if let ErroreCf::CarattereControllo { trovato, .. } = error
        && party == Party::Person
        && let Some(divergenze) = personal_data(doc, |data| codice_fiscale::confronta(code, data))
        && !divergenze.is_empty()
    {
        return Reason::CodiceFiscaleDivergente { trovato, divergenze };
    }
    Reason::CodiceFiscale(error)
}

/// Runs `with` on the worker's declared surname, name, sex, birth date and
/// birthplace.
fn personal_data<T>(doc: &Doc, with: impl FnOnce(&Anagrafica<'_>) -> T) -> T {
    let [cognome, nome, sesso, luogo] = PERSONAL_DATA.map(|path| doc.text(path));
    let sesso = sesso.as_deref().and_then(|s| {
        let mut chars = s.chars();
        chars.next().filter(|_| chars.next().is_none())
    });
    let nascita = doc
        .date(crate::module::BIRTH_DATE)
        .map(|(born, _)| (born.year, born.month, born.day));
    with(&Anagrafica {
        cognome: cognome.as_deref(),
        nome: nome.as_deref(),
        sesso,
        nascita,
        luogo: luogo.as_deref(),
    })
}

/// Compares the first 15 characters of a valid code with the declared
/// surname, name, sex, birth date and birthplace; reports every part that
/// disagrees in one warning.
fn compare_with_personal_data(doc: &Doc, value: &Value, out: &mut Vec<Diagnostic>) {
    let differences =
        personal_data(doc, |data| codice_fiscale::confronta(&value.text, data)).unwrap_or_default();
    if !differences.is_empty() {
        out.push(
            doc.at(&CODICE_FISCALE_INCOERENTE, value)
                .arg("valore", &value.text)
                .reason("differenze", Reason::PersonalData(differences)),
        );
    }
}

fn check_intermediary(doc: &Doc, ctx: &RuleContext, value: &Value, out: &mut Vec<Diagnostic>) {
    match codice::parse_intermediario(&value.text) {
        Err(error) => out.push(
            doc.at(&CODICE_INTERMEDIARIO_ERRATO, value)
                .arg("valore", &value.text)
                .reason("motivo", Reason::Intermediario(error)),
        ),
        Ok(code) => {
            let known = ctx
                .tables
                .place(&code.belfiore)
                .is_none_or(|t| t.contains(&code.belfiore));
            if !known {
                out.push(
                    doc.at(&INTERMEDIARIO_COMUNE_SCONOSCIUTO, value)
                        .arg("valore", &value.text)
                        .arg("belfiore", &code.belfiore),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tests::rule_codes;

    const CV: &str = include_str!("../../fixtures/validi/candidatura.xml");

    #[test]
    fn a_valid_cv_raises_nothing() {
        assert!(rule_codes(CV).is_empty());
    }

    #[test]
    fn a_wrong_check_character_is_an_error() {
        let cv = CV.replace("BNCGLI95M52F205J", "BNCGLI95M52F205K");
        assert_eq!(rule_codes(&cv), ["CL0201"]);
    }

    #[test]
    fn omocodia_variants_are_accepted() {
        // 5 -> R at position 15 (the last digit of the Belfiore code), check recomputed.
        let first15 = "BNCGLI95M52F20R";
        let check = crate::codice_fiscale::carattere_controllo(first15).unwrap();
        let cv = CV.replace("BNCGLI95M52F205J", &format!("{first15}{check}"));
        assert!(rule_codes(&cv).is_empty());
    }

    #[test]
    fn provisional_eleven_digit_codes_are_checked_as_partita_iva() {
        assert!(rule_codes(&CV.replace("BNCGLI95M52F205J", "01234560017")).is_empty());
        assert_eq!(
            rule_codes(&CV.replace("BNCGLI95M52F205J", "01234560018")),
            ["CL0202"]
        );
    }

    #[test]
    fn a_code_of_another_person_is_a_warning_listing_the_differences() {
        let cv = CV.replace("<sesso>F</sesso>", "<sesso>M</sesso>");
        assert_eq!(rule_codes(&cv), ["CL0204"]);
        let cv = CV.replace("<datanascita>1995-08-12", "<datanascita>1995-08-13");
        assert_eq!(rule_codes(&cv), ["CL0204"]);
        let cv = CV.replace(
            "<idcomune>F205</idcomune>\n      <idcittadinanza>",
            "<idcomune>H501</idcomune>\n      <idcittadinanza>",
        );
        assert_eq!(rule_codes(&cv), ["CL0204"]);
    }

    #[test]
    fn the_intermediarys_code_must_be_11_digits_or_16_characters() {
        let cv = CV.replace(
            "<codicefiscaleintermediario>01234560017",
            "<codicefiscaleintermediario>IT01234560017",
        );
        assert_eq!(rule_codes(&cv), ["CL0203"]);
    }

    #[test]
    fn intermediary_codes_are_parsed_and_their_seat_looked_up() {
        assert_eq!(rule_codes(&CV.replace("F205U000042", "F205X000042")), ["CL0210"]);
        assert_eq!(rule_codes(&CV.replace("F205U000042", "Y999U000042")), ["CL0211"]);
        assert!(
            rule_codes(&CV.replace("F205U000042", "A001U000042")).is_empty(),
            "a ceased comune is still a seat"
        );
    }
}
