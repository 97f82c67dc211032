//! What a field's value should look like. Used when a value does not
//! match the schema's pattern, so the message says what to write instead
//! of quoting a regular expression; `report::words` says each format.

use crate::diagnostic::reason::{FieldFormat, Format};

/// The known format of a field, by its element name.
pub fn format_of(field: &str) -> Option<FieldFormat> {
    Some(match field {
        "codicefiscale" => FieldFormat::CodiceFiscale,
        "idcomune" | "idsede" | "comune" => FieldFormat::Belfiore,
        "cap" => FieldFormat::Cap,
        "idcittadinanza" => FieldFormat::Cittadinanza,
        "qualificasvolta" | "idqualifica" | "idprofessione" => FieldFormat::Istat,
        "tipoesperienza" | "idtipologiacontratto" => FieldFormat::RapportoLavoro,
        "titolostudio" | "idtitolostudio" => FieldFormat::TitoloStudio,
        "durata" => FieldFormat::Durata,
        "idlingua" => FieldFormat::Lingua,
        "idlivelloletto" | "idlivelloscritto" | "idlivelloparlato" => FieldFormat::LivelloQcer,
        "idalbo" => FieldFormat::Albo,
        "idpatenteguida" | "idpatentino" => FieldFormat::Patente,
        "idmodalitalavorativa" | "idmodalitalavoro" => FieldFormat::ModalitaLavoro,
        "ambitodiffusione" => FieldFormat::AmbitoDiffusione,
        "listespeciali" | "idlivellocontrattuale" => FieldFormat::OneDigit,
        "email" => FieldFormat::Email,
        "settore" => FieldFormat::Ateco,
        "ampiezza" => FieldFormat::Ampiezza,
        "idccnl" => FieldFormat::Ccnl,
        "numerolavoratori" => FieldFormat::NumeroLavoratori,
        "retribuzioneannualorda" => FieldFormat::Retribuzione,
        "codicemessaggio" | "codicemessaggioprecedente" | "codiceoffertacandidatura" => {
            FieldFormat::CodiceComunicazione
        }
        _ => return None,
    })
}

/// What a codice fiscale should look like: in a 16-character code, the
/// first character its position cannot hold (a letter O where a digit
/// belongs), which says more than the general shape.
pub fn codice_fiscale_format(value: &str) -> Format {
    match crate::codice_fiscale::carattere_fuori_posto(value) {
        Some((posizione, carattere, atteso)) => Format::CodiceFiscaleCarattere {
            posizione,
            carattere,
            atteso,
        },
        None => Format::Field(FieldFormat::CodiceFiscale),
    }
}

/// How a built-in type's values are written.
pub fn format_of_type(base: xmlschema::BuiltIn) -> Format {
    use xmlschema::BuiltIn;
    match base {
        BuiltIn::Date => Format::Date,
        BuiltIn::DateTime => Format::DateTime,
        _ => Format::SchemaType,
    }
}
