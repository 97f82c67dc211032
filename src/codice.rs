//! The 25-character communication code (seed 000 §6) and the 11-character
//! codice intermediario (seed 000 §7): structure, decoding, formatting.

use std::fmt;

use crate::module::Module;

/// Length of a communication code.
pub const LEN: usize = 25;
/// The code of a bulk-sent new communication: the system assigns the real one.
pub const ZEROS: &str = "0000000000000000000000000";
/// The largest value of the 15-digit counter.
pub const MAX_PROGRESSIVO: u64 = 999_999_999_999_999;

/// How a communication was sent (8th character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ModalitaInvio {
    WebNazionale = 0,
    MassivoNazionale = 1,
    WebRegionale = 2,
    MassivoRegionale = 3,
}

impl ModalitaInvio {
    pub const ALL: [ModalitaInvio; 4] = [
        ModalitaInvio::WebNazionale,
        ModalitaInvio::MassivoNazionale,
        ModalitaInvio::WebRegionale,
        ModalitaInvio::MassivoRegionale,
    ];

    pub fn digit(self) -> u8 {
        self as u8
    }

    pub fn from_digit(digit: u8) -> Option<ModalitaInvio> {
        ModalitaInvio::ALL.into_iter().find(|m| m.digit() == digit)
    }

    /// The name used on the command line (`web-nazionale`, ...).
    pub fn key(self) -> &'static str {
        match self {
            ModalitaInvio::WebNazionale => "web-nazionale",
            ModalitaInvio::MassivoNazionale => "massivo-nazionale",
            ModalitaInvio::WebRegionale => "web-regionale",
            ModalitaInvio::MassivoRegionale => "massivo-regionale",
        }
    }
}

/// What kind of communication (10th character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tipo {
    Invio = 1,
    Chiusura = 2,
    Contatto = 3,
    Risposta = 4,
}

impl Tipo {
    pub const ALL: [Tipo; 4] = [Tipo::Invio, Tipo::Chiusura, Tipo::Contatto, Tipo::Risposta];

    pub fn digit(self) -> u8 {
        self as u8
    }

    pub fn from_digit(digit: u8) -> Option<Tipo> {
        Tipo::ALL.into_iter().find(|t| t.digit() == digit)
    }

    /// From the two-digit `tipo...` element of a document (`01`...`04`).
    pub fn from_element(value: &str) -> Option<Tipo> {
        match value.trim() {
            "01" => Some(Tipo::Invio),
            "02" => Some(Tipo::Chiusura),
            "03" => Some(Tipo::Contatto),
            "04" => Some(Tipo::Risposta),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Tipo::Invio => "invio",
            Tipo::Chiusura => "chiusura",
            Tipo::Contatto => "contatto",
            Tipo::Risposta => "risposta",
        }
    }
}

/// The module digit (9th character).
pub fn module_digit(module: Module) -> u8 {
    match module {
        Module::Vacancy => 1,
        Module::Candidatura => 2,
        Module::Messaggio => 3,
    }
}

pub fn module_from_digit(digit: u8) -> Option<Module> {
    Module::ALL.into_iter().find(|m| module_digit(*m) == digit)
}

/// A decoded communication code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codice {
    pub regione: String,
    pub provincia: String,
    pub anno: u8,
    pub modalita: ModalitaInvio,
    pub modulo: Module,
    pub tipo: Tipo,
    pub progressivo: u64,
}

/// Why a string is not a well-formed communication code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErroreCodice {
    Lunghezza { trovata: usize },
    NonCifra { posizione: usize, carattere: char },
    ModalitaInvio { cifra: u8 },
    Modulo { cifra: u8 },
    Tipo { cifra: u8 },
}

/// Why a code is not the one expected where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodiceInatteso {
    Malformato(ErroreCodice),
    /// The module digit names another module than the `attesi`.
    Modulo {
        trovato: Module,
        attesi: Vec<Module>,
    },
    /// The type digit is not the communication's `tipo`.
    Tipo {
        trovato: Tipo,
        atteso: Tipo,
    },
}

pub fn is_zeros(code: &str) -> bool {
    code == ZEROS
}

/// Parses a non-zero code that must belong to one of `modules` and, when
/// given, be of type `tipo` (the communication it stands in).
pub fn parse_expected(code: &str, modules: &[Module], tipo: Option<Tipo>) -> Result<Codice, CodiceInatteso> {
    let parsed = parse(code).map_err(CodiceInatteso::Malformato)?;
    if !modules.contains(&parsed.modulo) {
        return Err(CodiceInatteso::Modulo {
            trovato: parsed.modulo,
            attesi: modules.to_vec(),
        });
    }
    if let Some(tipo) = tipo
        && parsed.tipo != tipo
    {
        return Err(CodiceInatteso::Tipo {
            trovato: parsed.tipo,
            atteso: tipo,
        });
    }
    Ok(parsed)
}

/// Parses a non-zero communication code.
pub fn parse(code: &str) -> Result<Codice, ErroreCodice> {
    let length = code.chars().count();
    if length != LEN {
        return Err(ErroreCodice::Lunghezza { trovata: length });
    }
    if let Some((i, c)) = code.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(ErroreCodice::NonCifra {
            posizione: i + 1,
            carattere: c,
        });
    }
    let digit = |i: usize| code.as_bytes()[i] - b'0';
    let modalita =
        ModalitaInvio::from_digit(digit(7)).ok_or(ErroreCodice::ModalitaInvio { cifra: digit(7) })?;
    let modulo = module_from_digit(digit(8)).ok_or(ErroreCodice::Modulo { cifra: digit(8) })?;
    let tipo = Tipo::from_digit(digit(9)).ok_or(ErroreCodice::Tipo { cifra: digit(9) })?;
    Ok(Codice {
        regione: code[0..2].to_string(),
        provincia: code[2..5].to_string(),
        anno: code[5..7].parse().unwrap_or_default(),
        modalita,
        modulo,
        tipo,
        progressivo: code[10..].parse().unwrap_or_default(),
    })
}

impl fmt::Display for Codice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{:02}{}{}{}{:015}",
            self.regione,
            self.provincia,
            self.anno,
            self.modalita.digit(),
            module_digit(self.modulo),
            self.tipo.digit(),
            self.progressivo
        )
    }
}

/// The national portal uses `00000`; a region without a province `RR000`.
pub fn is_national(code: &Codice) -> bool {
    code.regione == "00" && code.provincia == "000"
}

/// Which types each module may carry (Candidatura and Vacancy send and
/// close; Messaggio contacts and replies).
pub fn type_allowed(module: Module, tipo: Tipo) -> bool {
    match module {
        Module::Candidatura | Module::Vacancy => matches!(tipo, Tipo::Invio | Tipo::Chiusura),
        Module::Messaggio => matches!(tipo, Tipo::Contatto | Tipo::Risposta),
    }
}

/// The 10-character prefix of a code (everything but the counter): one
/// sequence of the persistent counter per prefix.
pub fn prefix(
    regione: &str,
    provincia: &str,
    anno: u8,
    modalita: ModalitaInvio,
    modulo: Module,
    tipo: Tipo,
) -> String {
    format!(
        "{regione}{provincia}{anno:02}{}{}{}",
        modalita.digit(),
        module_digit(modulo),
        tipo.digit()
    )
}

/// What the new codes of a run share: the first 8 characters (region,
/// province, year, sending mode). `clic codegen new` and `clic close
/// --contatore` build their codes from one, with the module and type of
/// each code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serie {
    pub regione: String,
    pub provincia: String,
    pub anno: u8,
    pub modalita: ModalitaInvio,
}

/// Why a region or province cannot start a code (its shape; whether the
/// ISTAT tables know it is [`luogo`]'s concern, and only a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErroreSerie {
    /// Not 2 digits.
    Regione(String),
    /// Not 3 digits.
    Provincia(String),
}

impl Serie {
    pub fn new(
        regione: &str,
        provincia: &str,
        anno: u8,
        modalita: ModalitaInvio,
    ) -> Result<Serie, ErroreSerie> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(regione, 2) {
            return Err(ErroreSerie::Regione(regione.to_string()));
        }
        if !digits(provincia, 3) {
            return Err(ErroreSerie::Provincia(provincia.to_string()));
        }
        Ok(Serie {
            regione: regione.to_string(),
            provincia: provincia.to_string(),
            anno,
            modalita,
        })
    }

    /// The 10-character prefix of this series' codes of `modulo` and `tipo`.
    pub fn prefix(&self, modulo: Module, tipo: Tipo) -> String {
        prefix(
            &self.regione,
            &self.provincia,
            self.anno,
            self.modalita,
            modulo,
            tipo,
        )
    }
}

/// The two-digit year of a code, from its text (`26`).
pub fn anno(text: &str) -> Option<u8> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// The code with `prefix` (10 characters) and `progressivo` (15 digits).
pub fn with_progressivo(prefix: &str, progressivo: u64) -> String {
    format!("{prefix}{progressivo:015}")
}

impl Codice {
    /// The first 10 characters.
    pub fn prefix(&self) -> String {
        prefix(
            &self.regione,
            &self.provincia,
            self.anno,
            self.modalita,
            self.modulo,
            self.tipo,
        )
    }

    /// The year in four digits (the code only has two: 11 is 2011).
    pub fn anno_completo(&self) -> u16 {
        2000 + u16::from(self.anno)
    }
}

/// Where a code was sent from, as the bundled ISTAT tables know it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Luogo {
    /// `00000`: the national portal.
    pub nazionale: bool,
    /// The region's name, when the tables know the code.
    pub regione: Option<&'static str>,
    /// The province's name and the code of the region it belongs to.
    pub provincia: Option<(&'static str, &'static str)>,
    /// The name of the province's region, when it is another one.
    pub regione_della_provincia: Option<&'static str>,
    /// Why the region/province pair is not a known one: a warning, never
    /// an error (dominio.md §3).
    pub problema: Option<ProblemaLuogo>,
}

/// Why the region/province pair of a code is not a known one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemaLuogo {
    RegioneInesistente {
        regione: String,
    },
    ProvinciaInesistente {
        provincia: String,
    },
    /// The province exists, in another region.
    ProvinciaDiAltraRegione {
        provincia: String,
        nome: &'static str,
        regione_della_provincia: &'static str,
        nome_regione: &'static str,
    },
}

/// Looks the region and province of a code up in the `regioni` and
/// `province` tables: `00000` is the national portal, region + `000` a
/// region without a province.
pub fn luogo(regione: &str, provincia: &str, tables: &crate::tabelle::Tabelle) -> Luogo {
    let mut out = Luogo {
        nazionale: regione == "00" && provincia == "000",
        ..Luogo::default()
    };
    if out.nazionale {
        return out;
    }
    let (Some(regions), Some(provinces)) = (tables.get("regioni"), tables.get("province")) else {
        return out;
    };
    out.regione = regions.describe(regione, None);
    if provincia != "000" {
        out.provincia = provinces.rows(provincia).next().map(|row| {
            (
                row.description,
                row.column(provinces, "regione").unwrap_or_default(),
            )
        });
    }
    out.problema = if out.regione.is_none() {
        Some(ProblemaLuogo::RegioneInesistente {
            regione: regione.to_string(),
        })
    } else if provincia == "000" {
        None
    } else {
        match out.provincia {
            None => Some(ProblemaLuogo::ProvinciaInesistente {
                provincia: provincia.to_string(),
            }),
            Some((nome, regione_della_provincia)) if regione_della_provincia != regione => {
                out.regione_della_provincia = regions.describe(regione_della_provincia, None);
                Some(ProblemaLuogo::ProvinciaDiAltraRegione {
                    provincia: provincia.to_string(),
                    nome,
                    regione_della_provincia,
                    nome_regione: out.regione_della_provincia.unwrap_or_default(),
                })
            }
            Some(_) => None,
        }
    };
    out
}

/// The kind of body a codice intermediario belongs to (5th character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipoIntermediario {
    /// `C`: Centro per l'Impiego.
    CentroImpiego,
    /// `S`: head office of an employment agency / body of the Albo.
    SedeAgenzia,
    /// `F`: branch of an employment agency / body of the Albo.
    FilialeAgenzia,
    /// `E`: Eures adviser.
    Eures,
    /// `U`: schools and universities.
    Scuole,
    /// `A`: other bodies.
    Altri,
}

impl TipoIntermediario {
    pub fn from_letter(letter: char) -> Option<TipoIntermediario> {
        Some(match letter {
            'C' => TipoIntermediario::CentroImpiego,
            'S' => TipoIntermediario::SedeAgenzia,
            'F' => TipoIntermediario::FilialeAgenzia,
            'E' => TipoIntermediario::Eures,
            'U' => TipoIntermediario::Scuole,
            'A' => TipoIntermediario::Altri,
            _ => return None,
        })
    }
}

/// Why a string is not a well-formed codice intermediario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErroreIntermediario {
    Lunghezza {
        trovata: usize,
    },
    /// The first 4 characters are not a Belfiore code.
    Belfiore {
        testo: String,
    },
    /// The 5th character is not a known type letter.
    Tipo {
        lettera: char,
    },
    /// The last 6 characters are not digits.
    Progressivo {
        testo: String,
    },
}

/// A decoded codice intermediario: Belfiore code of the main seat, type
/// letter, 6-digit counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intermediario {
    pub belfiore: String,
    pub tipo: char,
    pub progressivo: u32,
}

/// Parses a codice intermediario.
pub fn parse_intermediario(code: &str) -> Result<Intermediario, ErroreIntermediario> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 11 {
        return Err(ErroreIntermediario::Lunghezza { trovata: chars.len() });
    }
    let belfiore: String = chars[..4].iter().collect();
    let belfiore_ok = chars[0].is_ascii_uppercase() && chars[1..4].iter().all(char::is_ascii_digit);
    if !belfiore_ok {
        return Err(ErroreIntermediario::Belfiore { testo: belfiore });
    }
    if TipoIntermediario::from_letter(chars[4]).is_none() {
        return Err(ErroreIntermediario::Tipo { lettera: chars[4] });
    }
    let counter: String = chars[5..].iter().collect();
    if !counter.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErroreIntermediario::Progressivo { testo: counter });
    }
    Ok(Intermediario {
        belfiore,
        tipo: chars[4],
        progressivo: counter.parse().unwrap_or_default(),
    })
}

/// The comune or foreign state of a Belfiore code (the main seat in a
/// codice intermediario), from the `comuni` and `stati_esteri` tables: its
/// latest name, and the day it ceased to exist if it did.
pub fn sede(
    belfiore: &str,
    tables: &crate::tabelle::Tabelle,
) -> Option<(&'static str, Option<crate::calendar::Date>)> {
    let row = tables.place(belfiore)?.rows(belfiore).last()?;
    Some((row.description, row.valid_to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_seed_examples() {
        let vacancy = parse("0805811211000000000000001").unwrap();
        assert_eq!(vacancy.regione, "08");
        assert_eq!(vacancy.provincia, "058");
        assert_eq!(vacancy.anno, 11);
        assert_eq!(vacancy.modalita, ModalitaInvio::WebRegionale);
        assert_eq!(vacancy.modulo, Module::Vacancy);
        assert_eq!(vacancy.tipo, Tipo::Invio);
        assert_eq!(vacancy.progressivo, 1);

        let message = parse("0000011033000000000000001").unwrap();
        assert!(is_national(&message));
        assert_eq!(message.modalita, ModalitaInvio::WebNazionale);
        assert_eq!(message.modulo, Module::Messaggio);
        assert_eq!(message.tipo, Tipo::Contatto);
    }

    #[test]
    fn formats_back_to_the_same_code() {
        for code in [
            "0805811211000000000000001",
            "0000011033000000000000001",
            "0301526221000000000000042",
        ] {
            assert_eq!(parse(code).unwrap().to_string(), code);
        }
    }

    #[test]
    fn refuses_malformed_codes() {
        assert_eq!(parse("123"), Err(ErroreCodice::Lunghezza { trovata: 3 }));
        assert!(matches!(
            parse("080581121100000000000000A"),
            Err(ErroreCodice::NonCifra { posizione: 25, .. })
        ));
        assert_eq!(
            parse("0805811411000000000000001"),
            Err(ErroreCodice::ModalitaInvio { cifra: 4 })
        );
        assert_eq!(
            parse("0805811241000000000000001"),
            Err(ErroreCodice::Modulo { cifra: 4 })
        );
        assert_eq!(
            parse("0805811215000000000000001"),
            Err(ErroreCodice::Tipo { cifra: 5 })
        );
        assert!(parse(ZEROS).is_err());
    }

    #[test]
    fn parses_intermediary_codes() {
        let code = parse_intermediario("F205U000042").unwrap();
        assert_eq!(code.belfiore, "F205");
        assert_eq!(code.tipo, 'U');
        assert_eq!(code.progressivo, 42);
        assert!(parse_intermediario("F205X000042").is_err());
        assert!(parse_intermediario("f205U000042").is_err());
        assert!(parse_intermediario("F205U00004").is_err());
        assert!(parse_intermediario("F205U00004A").is_err());
    }

    #[test]
    fn prefixes_are_the_first_ten_characters() {
        let code = parse("0805811211000000000000001").unwrap();
        assert_eq!(code.prefix(), "0805811211");
        assert_eq!(code.anno_completo(), 2011);
    }

    #[test]
    fn places_come_from_the_istat_tables() {
        let tables = crate::tabelle::Tabelle::builtin();
        assert!(luogo("00", "000", &tables).nazionale);
        let rome = luogo("12", "058", &tables);
        assert_eq!(rome.regione, Some("Lazio"));
        assert_eq!(rome.provincia, Some(("Roma", "12")));
        assert!(rome.problema.is_none());
        let seed = luogo("08", "058", &tables);
        assert_eq!(seed.regione, Some("Emilia-Romagna"));
        assert!(matches!(
            seed.problema,
            Some(ProblemaLuogo::ProvinciaDiAltraRegione {
                nome_regione: "Lazio",
                ..
            })
        ));
        assert!(luogo("12", "000", &tables).problema.is_none());
        assert!(luogo("99", "000", &tables).problema.is_some());
        assert!(luogo("12", "999", &tables).problema.is_some());
        assert_eq!(sede("H501", &tables).map(|s| s.0), Some("Roma"));
        assert_eq!(sede("Z102", &tables).map(|s| s.0), Some("Austria"));
        assert_eq!(sede("Q999", &tables), None);
    }
}
