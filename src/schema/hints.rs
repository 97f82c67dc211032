//! What a field's value should look like, said for people. Used when a
//! value does not match the schema's pattern, so the message says what to
//! write instead of quoting a regular expression.

/// The expected format of a field, in Italian and English.
pub fn format_of(field: &str) -> Option<(&'static str, &'static str)> {
    Some(match field {
        "codicefiscale" => (
            "16 caratteri in maiuscolo (es. RSSMRA80A01H501U) oppure 11 cifre",
            "16 upper-case characters (e.g. RSSMRA80A01H501U) or 11 digits",
        ),
        "idcomune" | "idsede" | "comune" => (
            "codice catastale (Belfiore): una lettera maiuscola e tre cifre, es. H501 (Roma) o Z404 (Stati Uniti)",
            "cadastral (Belfiore) code: an upper-case letter and three digits, e.g. H501 (Rome) or Z404 (USA)",
        ),
        "cap" => ("5 cifre, es. 00184", "5 digits, e.g. 00184"),
        "idcittadinanza" => (
            "3 cifre della tabella Cittadinanza, es. 000",
            "3 digits of the Cittadinanza table, e.g. 000",
        ),
        "qualificasvolta" | "idqualifica" | "idprofessione" => (
            "codice ISTAT CP 2011 a sei livelli, es. 2.1.1.4.1.0",
            "six-level ISTAT CP 2011 code, e.g. 2.1.1.4.1.0",
        ),
        "tipoesperienza" | "idtipologiacontratto" => (
            "codice della tabella Rapporti di lavoro: una lettera e due cifre, es. A01",
            "code of the Rapporti di lavoro table: a letter and two digits, e.g. A01",
        ),
        "titolostudio" | "idtitolostudio" => (
            "2 cifre della tabella Livello di studio",
            "2 digits of the Livello di studio table",
        ),
        "durata" => ("un numero di al massimo 4 cifre", "a number of at most 4 digits"),
        "idlingua" => (
            "codice della tabella Lingue: 3 cifre o 3 lettere maiuscole",
            "code of the Lingue table: 3 digits or 3 upper-case letters",
        ),
        "idlivelloletto" | "idlivelloscritto" | "idlivelloparlato" => (
            "livello QCER: A1, A2, B1, B2, C1 o C2",
            "CEFR level: A1, A2, B1, B2, C1 or C2",
        ),
        "idalbo" => (
            "4 cifre che iniziano con 00, es. 0012",
            "4 digits starting with 00, e.g. 0012",
        ),
        "idpatenteguida" | "idpatentino" => ("2 cifre", "2 digits"),
        "idmodalitalavorativa" | "idmodalitalavoro" => (
            "2 lettere maiuscole della tabella Modalità di lavoro",
            "2 upper-case letters of the Modalità di lavoro table",
        ),
        "ambitodiffusione" => (
            "2 cifre della tabella Ambiti di diffusione",
            "2 digits of the Ambiti di diffusione table",
        ),
        "listespeciali" => ("1 cifra", "1 digit"),
        "email" => (
            "un indirizzo e-mail, es. nome.cognome@dominio.it (senza spazi né lettere accentate)",
            "an e-mail address, e.g. name.surname@domain.it (no spaces or accented letters)",
        ),
        "settore" => (
            "codice ATECO 2007 a sei cifre, es. 62.01.00",
            "six-digit ATECO 2007 code, e.g. 62.01.00",
        ),
        "ampiezza" => (
            "2 cifre che iniziano con 0, es. 03",
            "2 digits starting with 0, e.g. 03",
        ),
        "idccnl" => (
            "codice della tabella CCNL (3 caratteri), oppure CD (contratto non in tabella) o ND (nessun contratto)",
            "code of the CCNL table (3 characters), or CD (contract not in the table) or ND (no contract)",
        ),
        "numerolavoratori" => ("un numero di 1 o 2 cifre", "a number of 1 or 2 digits"),
        "idlivellocontrattuale" => ("1 cifra", "1 digit"),
        "retribuzioneannualorda" => (
            "solo cifre, al massimo 9, senza punti né virgole",
            "digits only, at most 9, no dots or commas",
        ),
        "codicemessaggio" | "codicemessaggioprecedente" | "codiceoffertacandidatura" => {
            ("25 cifre", "25 digits")
        }
        _ => return None,
    })
}

/// How a built-in type's values are written.
pub fn format_of_type(base: xmlschema::BuiltIn) -> (&'static str, &'static str) {
    use xmlschema::BuiltIn;
    match base {
        BuiltIn::Date => (
            "data nella forma AAAA-MM-GG, es. 2026-03-31",
            "date as YYYY-MM-DD, e.g. 2026-03-31",
        ),
        BuiltIn::DateTime => (
            "data e ora nella forma AAAA-MM-GGThh:mm:ss, es. 2026-03-31T09:30:00",
            "date and time as YYYY-MM-DDThh:mm:ss, e.g. 2026-03-31T09:30:00",
        ),
        _ => ("il tipo previsto dallo schema", "the type the schema requires"),
    }
}
