//! Rules that come from the XSD schemas (CL01xx): structure, mandatory
//! fields and value shapes, reworded for people from the validator's
//! violations.

use crate::diagnostic::declare_rules;

declare_rules! {
    /// A mandatory field is missing.
    ///
    /// The module's XSD (Allegato 4 of the Cliclavoro technical standards)
    /// requires this element at least once in its section, and it is not
    /// there. For example a Candidatura needs `email` in `Recapiti`, and at
    /// least one `ProfessioneDesiderataDisponibilita`.
    ///
    /// Fix: add the field, in the position the schema gives it, with a valid value.
    CAMPO_OBBLIGATORIO {
        code: "CL0101",
        name: "campo-obbligatorio-mancante",
        severity: Error,
        summary: ("Campo obbligatorio mancante", "Mandatory field missing"),
        message: ("Manca il campo obbligatorio «{campo}» in «{sezione}».", "The mandatory field `{campo}` is missing from `{sezione}`."),
        spiegazione: "Lo schema XSD del modulo (Allegato 4 degli standard tecnici Cliclavoro) richiede questo elemento almeno una volta nella sua sezione, e non c'è. Per esempio una Candidatura deve avere email in Recapiti e almeno una ProfessioneDesiderataDisponibilita.\n\nCome correggere: aggiungere il campo, nella posizione prevista dallo schema, con un valore valido.",
    }

    /// An element the module does not have.
    ///
    /// The element is not part of this section of the module: a misspelt
    /// name (names are case-sensitive: `codiceFiscale` is not
    /// `codicefiscale`), a field of another module, or a regional extension
    /// that the national schema does not accept.
    ///
    /// Fix: correct the name or remove the element.
    ELEMENTO_NON_PREVISTO {
        code: "CL0102",
        name: "elemento-non-previsto",
        severity: Error,
        summary: ("Elemento non previsto dal modulo", "Element not in the module"),
        message: ("L'elemento «{campo}» non è previsto in «{sezione}» (ammessi: {ammessi}).", "The element `{campo}` is not allowed in `{sezione}` (allowed: {ammessi})."),
        spiegazione: "L'elemento non fa parte di questa sezione del modulo: un nome scritto male (i nomi distinguono maiuscole e minuscole: codiceFiscale non è codicefiscale), un campo di un altro modulo, o un'estensione regionale che lo schema nazionale non accetta.\n\nCome correggere: correggere il nome o togliere l'elemento.",
    }

    /// Elements are not in the order the schema requires.
    ///
    /// XSD sequences fix the order of the fields: for example in
    /// `DatiAnagrafici` the order is codicefiscale, cognome, nome, sesso,
    /// datanascita, idcomune, idcittadinanza. A field in the wrong place is
    /// rejected by the portal even if its value is right.
    ///
    /// Fix: move the element to its place in the order given in the message.
    ORDINE_ERRATO {
        code: "CL0103",
        name: "ordine-errato",
        severity: Error,
        summary: ("Elementi in ordine errato", "Elements in the wrong order"),
        message: ("L'elemento «{campo}» è fuori posto: deve venire prima di «{successivo}» (ordine in «{sezione}»: {ordine}).", "The element `{campo}` is out of order: it must come before `{successivo}` (order in `{sezione}`: {ordine})."),
        spiegazione: "Le sequenze XSD fissano l'ordine dei campi: per esempio in DatiAnagrafici l'ordine è codicefiscale, cognome, nome, sesso, datanascita, idcomune, idcittadinanza. Un campo fuori posto viene rifiutato dal portale anche se il valore è giusto.\n\nCome correggere: spostare l'elemento al suo posto secondo l'ordine indicato nel messaggio.",
    }

    /// A field appears more times than the schema allows.
    ///
    /// Most fields may appear once; some (esperienze, lingue, patenti...)
    /// repeat. This one is over its maximum, often because a record was
    /// exported twice.
    ///
    /// Fix: keep one occurrence (or as many as allowed) and remove the others.
    ELEMENTO_RIPETUTO {
        code: "CL0104",
        name: "elemento-ripetuto",
        severity: Error,
        summary: ("Campo ripetuto troppe volte", "Field repeated too often"),
        message: ("Il campo «{campo}» compare {trovate} volte in «{sezione}», al massimo {massimo}.", "The field `{campo}` appears {trovate} times in `{sezione}`, at most {massimo}."),
        spiegazione: "La maggior parte dei campi compare una volta sola; alcuni (esperienze, lingue, patenti...) si ripetono. Questo supera il massimo, spesso perché un dato è stato esportato due volte.\n\nCome correggere: lasciare una sola occorrenza (o quante ne sono ammesse) e togliere le altre.",
    }

    /// The value is not one of those the schema lists.
    ///
    /// The field takes a closed list of values, e.g. `sesso` M or F, `SI`/`NO`
    /// flags (upper case), `tipocandidatura` 01 or 02.
    ///
    /// Fix: use one of the values listed in the message, written exactly so.
    VALORE_NON_AMMESSO {
        code: "CL0105",
        name: "valore-non-ammesso",
        severity: Error,
        summary: ("Valore non ammesso", "Value not allowed"),
        message: ("Il valore «{valore}» non è ammesso per «{campo}»: valori possibili {ammessi}.", "The value `{valore}` is not allowed for `{campo}`: possible values {ammessi}."),
        spiegazione: "Il campo accetta un elenco chiuso di valori, per esempio sesso M o F, i campi SI/NO (in maiuscolo), tipocandidatura 01 o 02.\n\nCome correggere: usare uno dei valori elencati nel messaggio, scritto esattamente così.",
    }

    /// The value does not have the format the schema requires.
    ///
    /// Codes have fixed shapes: a comune is a Belfiore code (`H501`), a CAP
    /// five digits, a profession an ISTAT CP 2011 code (`2.1.1.4.1.0`),
    /// a sector an ATECO code (`62.01.00`), dates `YYYY-MM-DD`, timestamps
    /// `YYYY-MM-DDThh:mm:ss`. The message says the expected format.
    ///
    /// Fix: write the value in the format given in the message.
    FORMATO_ERRATO {
        code: "CL0106",
        name: "formato-errato",
        severity: Error,
        summary: ("Formato del valore errato", "Wrong value format"),
        message: ("Il valore «{valore}» di «{campo}» non ha il formato richiesto: {formato}.", "The value `{valore}` of `{campo}` does not have the required format: {formato}."),
        spiegazione: "I codici hanno forme fisse: un comune è un codice catastale (H501), un CAP cinque cifre, una professione un codice ISTAT CP 2011 (2.1.1.4.1.0), un settore un codice ATECO (62.01.00), le date AAAA-MM-GG, le date-ora AAAA-MM-GGThh:mm:ss. Il messaggio indica il formato atteso.\n\nCome correggere: scrivere il valore nel formato indicato nel messaggio.",
    }

    /// The text is longer than the field allows.
    ///
    /// Each text field has a maximum length in characters (e.g. 50 for
    /// cognome and nome, 250 for descrizioni, 2000 for the message body).
    ///
    /// Fix: shorten the text to the maximum given in the message.
    TESTO_TROPPO_LUNGO {
        code: "CL0107",
        name: "testo-troppo-lungo",
        severity: Error,
        summary: ("Testo troppo lungo", "Text too long"),
        message: ("Il campo «{campo}» ha {lunghezza} caratteri, al massimo {massimo}.", "The field `{campo}` has {lunghezza} characters, at most {massimo}."),
        spiegazione: "Ogni campo di testo ha una lunghezza massima in caratteri (per esempio 50 per cognome e nome, 250 per le descrizioni, 2000 per il testo del messaggio).\n\nCome correggere: accorciare il testo al massimo indicato nel messaggio.",
    }

    /// A field that must have a value is empty.
    ///
    /// The element is present but has no text, and the schema requires at
    /// least one character (or a specific format an empty value cannot meet).
    ///
    /// Fix: fill in the value, or remove the element if the field is optional.
    CAMPO_VUOTO {
        code: "CL0108",
        name: "campo-vuoto",
        severity: Error,
        summary: ("Campo vuoto", "Empty field"),
        message: ("Il campo «{campo}» è vuoto ma deve avere un valore.", "The field `{campo}` is empty but must have a value."),
        spiegazione: "L'elemento c'è ma non ha testo, e lo schema richiede almeno un carattere (o un formato che un valore vuoto non può rispettare).\n\nCome correggere: inserire il valore, oppure togliere l'elemento se il campo è facoltativo.",
    }

    /// A date that does not exist.
    ///
    /// The value has the right shape but is not a real date (e.g.
    /// `2023-02-30`, month 13) or time (e.g. hour 25).
    ///
    /// Fix: correct the date.
    DATA_IMPOSSIBILE {
        code: "CL0109",
        name: "data-impossibile",
        severity: Error,
        summary: ("Data inesistente", "Impossible date"),
        message: ("La data «{valore}» di «{campo}» non esiste.", "The date `{valore}` of `{campo}` does not exist."),
        spiegazione: "Il valore ha la forma giusta ma non è una data reale (per esempio 2023-02-30, mese 13) o un'ora reale (per esempio ora 25).\n\nCome correggere: correggere la data.",
    }

    /// An element in the wrong namespace.
    ///
    /// Every element of the communication must be in the module's namespace
    /// (usually inherited from the root's `xmlns`). An element with another
    /// prefix, or with `xmlns=""`, is a different element for the schema.
    ///
    /// Fix: remove the stray prefix or `xmlns` from the element.
    NAMESPACE_ELEMENTO {
        code: "CL0110",
        name: "namespace-elemento",
        severity: Error,
        summary: ("Elemento nel namespace sbagliato", "Element in the wrong namespace"),
        message: ("L'elemento «{campo}» è nel namespace {trovato} invece di {atteso}.", "The element `{campo}` is in namespace {trovato} instead of {atteso}."),
        spiegazione: "Tutti gli elementi della comunicazione devono essere nel namespace del modulo (di solito ereditato dall'xmlns della radice). Un elemento con un altro prefisso, o con xmlns=\"\", per lo schema è un elemento diverso.\n\nCome correggere: togliere il prefisso o l'xmlns estraneo dall'elemento.",
    }

    /// An attribute the schema does not declare.
    ///
    /// Cliclavoro modules carry all data in elements; apart from namespace
    /// declarations and `xsi:` attributes, no attribute is allowed.
    ///
    /// Fix: remove the attribute (or move its value into the right element).
    ATTRIBUTO_NON_PREVISTO {
        code: "CL0111",
        name: "attributo-non-previsto",
        severity: Error,
        summary: ("Attributo non previsto", "Attribute not allowed"),
        message: ("L'attributo «{attributo}» non è previsto sull'elemento «{campo}».", "The attribute `{attributo}` is not allowed on the element `{campo}`."),
        spiegazione: "I moduli Cliclavoro portano tutti i dati negli elementi: a parte le dichiarazioni di namespace e gli attributi xsi:, nessun attributo è ammesso.\n\nCome correggere: togliere l'attributo (o spostarne il valore nell'elemento giusto).",
    }

    /// Text directly inside a section element.
    ///
    /// Section elements (`Lavoratore`, `DatiAnagrafici`, ...) contain only
    /// other elements; text belongs inside a field. Often a value was written
    /// outside its tags.
    ///
    /// Fix: move the text into the field it belongs to, or remove it.
    TESTO_NON_AMMESSO {
        code: "CL0112",
        name: "testo-non-ammesso",
        severity: Error,
        summary: ("Testo fuori dai campi", "Text outside the fields"),
        message: ("La sezione «{campo}» contiene il testo «{testo}» fuori da qualunque campo.", "The section `{campo}` holds the text `{testo}` outside any field."),
        spiegazione: "Le sezioni (Lavoratore, DatiAnagrafici, ...) contengono solo altri elementi; il testo va dentro un campo. Spesso un valore è stato scritto fuori dai suoi tag.\n\nCome correggere: spostare il testo nel campo a cui appartiene, o toglierlo.",
    }

    /// The value does not have the required length.
    ///
    /// Some fields have an exact or minimum length: the communication codes
    /// (codicecandidatura, codiceofferta) are exactly 25 characters.
    ///
    /// Fix: correct the value to the length given in the message (for a bulk
    /// upload, a new communication's code is 25 zeros).
    LUNGHEZZA_ERRATA {
        code: "CL0113",
        name: "lunghezza-errata",
        severity: Error,
        summary: ("Lunghezza del valore errata", "Wrong value length"),
        message: ("Il campo «{campo}» ha {lunghezza} caratteri, ne servono {richiesta}.", "The field `{campo}` has {lunghezza} characters, {richiesta} are required."),
        spiegazione: "Alcuni campi hanno una lunghezza esatta o minima: i codici di comunicazione (codicecandidatura, codiceofferta) sono di esattamente 25 caratteri.\n\nCome correggere: portare il valore alla lunghezza indicata nel messaggio (nell'invio massivo il codice di una nuova comunicazione è di 25 zeri).",
    }

    /// Any other violation of the schema.
    ///
    /// The schema validator found a problem that has no more specific code;
    /// the message carries its description. This code guarantees that every
    /// schema violation makes the file KO, even one this tool does not yet
    /// reword.
    ///
    /// Fix: follow the validator's description at the given position.
    VIOLAZIONE_SCHEMA {
        code: "CL0199",
        name: "violazione-schema",
        severity: Error,
        summary: ("Violazione dello schema", "Schema violation"),
        message: ("Non conforme allo schema: {dettaglio}.", "Does not conform to the schema: {dettaglio}."),
        spiegazione: "Il validatore dello schema ha trovato un problema che non ha un codice più specifico; il messaggio ne riporta la descrizione. Questo codice garantisce che ogni violazione dello schema renda il file KO, anche quelle che lo strumento non riformula.\n\nCome correggere: seguire la descrizione del validatore nella posizione indicata.",
    }
}

/// The enumeration and length facets of a value (CL0105, CL0107, CL0108,
/// CL0113), worded alike by the compiled pass and by the test oracle
/// (tests/support/oracle/). `base` starts a diagnostic located at the
/// field; `lengths` is (length, minLength, maxLength), in characters as
/// XSD counts them.
pub fn length_and_enumeration(
    value: &str,
    enumeration: &[String],
    lengths: (Option<usize>, Option<usize>, Option<usize>),
    base: &dyn Fn(&'static crate::diagnostic::Rule) -> crate::diagnostic::Diagnostic,
) -> Option<crate::diagnostic::Diagnostic> {
    use crate::diagnostic::Reason;
    let (exact, min_length, max_length) = lengths;
    if !enumeration.is_empty() && !enumeration.iter().any(|allowed| crate::xml::same(allowed, value)) {
        return Some(
            base(&VALORE_NON_AMMESSO)
                .arg("valore", shown(value))
                .arg("ammessi", enumeration.join(", ")),
        );
    }
    // No length facet can fail when the bytes are within the maximum
    // (a character is one byte or more): nothing to count.
    if exact.is_none() && min_length.is_none() && max_length.is_none_or(|max| value.len() <= max) {
        return None;
    }
    let length = if value.is_ascii() {
        value.len()
    } else {
        value.chars().count()
    };
    if let Some(max) = max_length
        && length > max
    {
        return Some(
            base(&TESTO_TROPPO_LUNGO)
                .arg("lunghezza", length)
                .arg("massimo", max),
        );
    }
    let required = exact
        .or(min_length)
        .filter(|&min| length < min || exact.is_some_and(|exact| exact != length))?;
    if length == 0 {
        return Some(base(&CAMPO_VUOTO));
    }
    let diagnostic = base(&LUNGHEZZA_ERRATA).arg("lunghezza", length);
    Some(match (exact, min_length, max_length) {
        (Some(exact), _, _) => diagnostic.arg("richiesta", exact),
        (None, Some(min), Some(max)) if min == max => diagnostic.arg("richiesta", min),
        (None, Some(min), _) => diagnostic.reason("richiesta", Reason::AtLeast(min)),
        _ => diagnostic.arg("richiesta", required),
    })
}

/// A value quoted in a message: long values are cut so one bad field
/// cannot flood the report (the test oracle quotes values with it too).
pub fn shown(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(100);
        assert_eq!(super::shown(&long).chars().count(), 61);
        assert_eq!(super::shown("abc"), "abc");
    }
}
