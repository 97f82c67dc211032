//! Which tables the standard names and which fields each one checks. The
//! rules iterate this list, and `clic tabelle` prints it, so the two cannot
//! disagree.

use crate::module::Module::{self, Candidatura, Messaggio, Vacancy};

/// How a field's value is checked against its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The code must be in the table.
    Member,
    /// As `Member`, but these codes are always accepted (CCNL: CD, ND).
    MemberExcept(&'static [&'static str]),
    /// A comune or foreign state that existed on the date of birth.
    BirthPlace,
    /// A comune existing on the sending date, in Italy.
    Domicile,
    /// A comune or foreign state existing on the sending date.
    CurrentPlace,
    /// A comune or foreign state that existed at some time.
    AnyPlace,
}

/// One coded field: module, path below the root element, how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub module: Module,
    pub path: &'static str,
    pub check: Check,
}

const fn field(module: Module, path: &'static str, check: Check) -> Field {
    Field { module, path, check }
}

/// A table of the standard.
#[derive(Debug)]
pub struct TableSpec {
    pub name: &'static str,
    /// The table's name in the standard ("Comuni e stati esteri").
    pub title: &'static str,
    /// Bundled with the tool (otherwise only `--tabelle` can supply it).
    pub bundled: bool,
    pub fields: &'static [Field],
    /// Uses that are not a single field (parts of the communication code...).
    pub other_uses: &'static [OtherUse],
}

/// A use of a table that is not a single field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherUse {
    /// Characters 1-4 of a codice intermediario (a Belfiore code).
    IntermediarioSede,
    /// Character 5 of a codice intermediario.
    IntermediarioTipo,
    /// Characters 1-2 of a communication code.
    CodiceRegione,
    /// Characters 3-5 of a communication code.
    CodiceProvincia,
    /// Character 8 of a communication code.
    CodiceModalita,
    /// Character 9 of a communication code.
    CodiceModulo,
    /// Character 10 of a communication code.
    CodiceTipo,
    /// The `listespeciali` field, declared in the Candidatura schema but
    /// used in no section.
    ListeSpecialiUnused,
}

use Check::*;

/// The places (Belfiore codes) of the three modules.
pub const PLACES: &[Field] = &[
    field(Candidatura, "Lavoratore/DatiAnagrafici/idcomune", BirthPlace),
    field(Candidatura, "Lavoratore/Domicilio/idcomune", Domicile),
    field(Candidatura, "DatiCurriculari/Formazione/idsede", AnyPlace),
    field(Candidatura, "DatiSistema/idcomune", CurrentPlace),
    field(Vacancy, "DatoreLavoro/DatiContatto/idcomune", CurrentPlace),
    field(Vacancy, "Richiesta/CondizioniOfferte/idcomune", CurrentPlace),
    field(Vacancy, "DatiSistema/idcomune", CurrentPlace),
    field(Messaggio, "Mittente/Interlocutore/comune", CurrentPlace),
    field(Messaggio, "Destinatario/Interlocutore/comune", CurrentPlace),
];

pub const CATALOGUE: &[TableSpec] = &[
    TableSpec {
        name: "comuni",
        title: "Comuni e stati esteri (comuni)",
        bundled: true,
        fields: PLACES,
        other_uses: &[OtherUse::IntermediarioSede],
    },
    TableSpec {
        name: "stati_esteri",
        title: "Comuni e stati esteri (stati esteri)",
        bundled: true,
        fields: PLACES,
        other_uses: &[OtherUse::IntermediarioSede],
    },
    TableSpec {
        name: "ateco2007",
        title: "ATECO2007",
        bundled: true,
        fields: &[field(Vacancy, "DatoreLavoro/DatiAnagrafici/settore", Member)],
        other_uses: &[],
    },
    TableSpec {
        name: "regioni",
        title: "Regioni",
        bundled: true,
        fields: &[],
        other_uses: &[OtherUse::CodiceRegione],
    },
    TableSpec {
        name: "province",
        title: "Province",
        bundled: true,
        fields: &[],
        other_uses: &[OtherUse::CodiceProvincia],
    },
    TableSpec {
        name: "genere",
        title: "Genere",
        bundled: true,
        fields: &[field(Candidatura, "Lavoratore/DatiAnagrafici/sesso", Member)],
        other_uses: &[],
    },
    TableSpec {
        name: "si_no",
        title: "SI/NO",
        bundled: true,
        fields: &[
            field(
                Candidatura,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/esperienzasettore",
                Member,
            ),
            field(
                Candidatura,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/trasferte",
                Member,
            ),
            field(
                Candidatura,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/mezzitrasporto",
                Member,
            ),
            field(Candidatura, "DatiSistema/visibilita", Member),
            field(Candidatura, "DatiSistema/percettore", Member),
            field(Vacancy, "Richiesta/ProfiloRichiesto/esperienzarichiesta", Member),
            field(Vacancy, "Richiesta/IstruzioneFormazione/trasferte", Member),
            field(Vacancy, "Richiesta/IstruzioneFormazione/idmezzitrasporto", Member),
            field(Vacancy, "AltreInformazioni/N.O.", Member),
            field(Vacancy, "DatiSistema/visibilita", Member),
            field(Messaggio, "Corpo/contattopositivo", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "tipologia_durata",
        title: "Durata",
        bundled: true,
        fields: &[field(
            Candidatura,
            "DatiCurriculari/Formazione/idtipologiadurata",
            Member,
        )],
        other_uses: &[],
    },
    TableSpec {
        name: "attestazioni",
        title: "Attestazioni",
        bundled: true,
        fields: &[field(
            Candidatura,
            "DatiCurriculari/Formazione/idattestazione",
            Member,
        )],
        other_uses: &[],
    },
    TableSpec {
        name: "tipo_comunicazione",
        title: "Tipo Comunicazione",
        bundled: true,
        fields: &[
            field(Candidatura, "DatiSistema/tipocandidatura", Member),
            field(Vacancy, "DatiSistema/tipoofferta", Member),
            field(Messaggio, "DatiSistema/tipocomunicazione", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "tipo_soggetto",
        title: "Tipo soggetto",
        bundled: true,
        fields: &[field(Messaggio, "Mittente/tiposoggetto", Member)],
        other_uses: &[],
    },
    TableSpec {
        name: "livelli_lingua",
        title: "Lingue Conoscenza",
        bundled: true,
        fields: &[
            field(Candidatura, "DatiCurriculari/Lingue/idlivelloletto", Member),
            field(Candidatura, "DatiCurriculari/Lingue/idlivelloscritto", Member),
            field(Candidatura, "DatiCurriculari/Lingue/idlivelloparlato", Member),
            field(
                Vacancy,
                "Richiesta/IstruzioneFormazione/Lingua/idlivelloletto",
                Member,
            ),
            field(
                Vacancy,
                "Richiesta/IstruzioneFormazione/Lingua/idlivelloscritto",
                Member,
            ),
            field(
                Vacancy,
                "Richiesta/IstruzioneFormazione/Lingua/idlivelloparlato",
                Member,
            ),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "modalita_invio",
        title: "Modalità di invio",
        bundled: true,
        fields: &[],
        other_uses: &[OtherUse::CodiceModalita],
    },
    TableSpec {
        name: "modulo_comunicazione",
        title: "Modulo di comunicazione",
        bundled: true,
        fields: &[],
        other_uses: &[OtherUse::CodiceModulo],
    },
    TableSpec {
        name: "tipo_comunicazione_codice",
        title: "Tipo di comunicazione nel codice",
        bundled: true,
        fields: &[],
        other_uses: &[OtherUse::CodiceTipo],
    },
    TableSpec {
        name: "tipo_intermediario",
        title: "Tipo di intermediario",
        bundled: true,
        fields: &[],
        other_uses: &[OtherUse::IntermediarioTipo],
    },
    TableSpec {
        name: "cp2011",
        title: "ISTAT CP 2011",
        bundled: false,
        fields: &[
            field(
                Candidatura,
                "DatiCurriculari/EsperienzeLavorative/qualificasvolta",
                Member,
            ),
            field(Candidatura, "DatiCurriculari/Formazione/idqualifica", Member),
            field(
                Candidatura,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/idprofessione",
                Member,
            ),
            field(Vacancy, "Richiesta/ProfiloRichiesto/idprofessione", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "cittadinanza",
        title: "Cittadinanza",
        bundled: false,
        fields: &[field(
            Candidatura,
            "Lavoratore/DatiAnagrafici/idcittadinanza",
            Member,
        )],
        other_uses: &[],
    },
    TableSpec {
        name: "livello_studio",
        title: "Livello di studio",
        bundled: false,
        fields: &[
            field(Candidatura, "DatiCurriculari/Istruzione/titolostudio", Member),
            field(
                Vacancy,
                "Richiesta/IstruzioneFormazione/titolostudio/idtitolostudio",
                Member,
            ),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "lingue",
        title: "Lingue",
        bundled: false,
        fields: &[
            field(Candidatura, "DatiCurriculari/Lingue/idlingua", Member),
            field(Vacancy, "Richiesta/IstruzioneFormazione/Lingua/idlingua", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "albi",
        title: "Albi",
        bundled: false,
        fields: &[
            field(Candidatura, "DatiCurriculari/AbilitazioniPatenti/idalbo", Member),
            field(Vacancy, "Richiesta/IstruzioneFormazione/idalbo", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "patenti",
        title: "Patenti Guida",
        bundled: false,
        fields: &[
            field(
                Candidatura,
                "DatiCurriculari/AbilitazioniPatenti/idpatenteguida",
                Member,
            ),
            field(Vacancy, "Richiesta/IstruzioneFormazione/idpatenteguida", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "abilitazioni",
        title: "Abilitazioni",
        bundled: false,
        fields: &[
            field(
                Candidatura,
                "DatiCurriculari/AbilitazioniPatenti/idpatentino",
                Member,
            ),
            field(Vacancy, "Richiesta/IstruzioneFormazione/idpatentino", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "rapporti_lavoro",
        title: "Rapporti di lavoro",
        bundled: false,
        fields: &[
            field(
                Candidatura,
                "DatiCurriculari/EsperienzeLavorative/tipoesperienza",
                Member,
            ),
            field(
                Candidatura,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/idtipologiacontratto",
                Member,
            ),
            field(
                Vacancy,
                "Richiesta/CondizioniOfferte/idtipologiacontratto",
                Member,
            ),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "modalita_lavoro",
        title: "Modalità di lavoro",
        bundled: false,
        fields: &[
            field(
                Candidatura,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/idmodalitalavorativa",
                Member,
            ),
            field(Vacancy, "Richiesta/CondizioniOfferte/idmodalitalavoro", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "ccnl",
        title: "CCNL",
        bundled: false,
        fields: &[field(
            Vacancy,
            "Richiesta/CondizioniOfferte/idccnl",
            MemberExcept(&["CD", "ND"]),
        )],
        other_uses: &[],
    },
    TableSpec {
        name: "grado_contrattuale",
        title: "Grado Contrattuale",
        bundled: false,
        fields: &[field(
            Vacancy,
            "Richiesta/CondizioniOfferte/idlivellocontrattuale",
            Member,
        )],
        other_uses: &[],
    },
    TableSpec {
        name: "ampiezza",
        title: "Ampiezza",
        bundled: false,
        fields: &[field(Vacancy, "DatoreLavoro/DatiAnagrafici/ampiezza", Member)],
        other_uses: &[],
    },
    TableSpec {
        name: "motivi_chiusura",
        title: "Motivi Chiusura",
        bundled: false,
        fields: &[
            field(Candidatura, "DatiSistema/motivochiusura", Member),
            field(Vacancy, "DatiSistema/motivochiusura", Member),
        ],
        other_uses: &[],
    },
    TableSpec {
        name: "ambiti_diffusione",
        title: "Ambiti di diffusione",
        bundled: false,
        fields: &[field(Candidatura, "DatiSistema/ambitodiffusione", Member)],
        other_uses: &[],
    },
    TableSpec {
        name: "liste_speciali",
        title: "Liste speciali",
        bundled: false,
        fields: &[],
        other_uses: &[OtherUse::ListeSpecialiUnused],
    },
];

pub fn spec(name: &str) -> Option<&'static TableSpec> {
    CATALOGUE.iter().find(|t| t.name == name)
}

/// The position of the table `name` in [`CATALOGUE`], worked out when
/// compiling (a name not in it stops the build).
pub const fn position(name: &str) -> usize {
    let name = name.as_bytes();
    let mut at = 0;
    while at < CATALOGUE.len() {
        let candidate = CATALOGUE[at].name.as_bytes();
        if candidate.len() == name.len() {
            let mut i = 0;
            while i < name.len() && candidate[i] == name[i] {
                i += 1;
            }
            if i == name.len() {
                return at;
            }
        }
        at += 1;
    }
    panic!("a table not in the catalogue")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::compiled::CompiledSet;
    use crate::schema::compiled::compile::{Compiled, Content, ElementId};

    /// Whether `path` leads from `element`, child by child, to a field
    /// with a simple type.
    fn resolves(schema: &Compiled, element: ElementId, path: &str) -> bool {
        schema
            .element_at(element, path)
            .is_some_and(|at| matches!(schema.elements[at].content, Content::Simple(_)))
    }

    #[test]
    fn every_field_path_exists_in_its_module_schema() {
        let schemas = CompiledSet::builtin();
        for spec in CATALOGUE {
            for field in spec.fields {
                let schema = schemas.get(field.module);
                let root = schema.globals[field.module.root()];
                assert!(
                    resolves(schema, root, field.path),
                    "{}: {:?} {}",
                    spec.name,
                    field.module,
                    field.path
                );
                // The walk itself tells fields from sections and strangers.
                let section = field.path.rsplit_once('/').map(|(section, _)| section);
                assert!(
                    section.is_none_or(|s| !resolves(schema, root, s)),
                    "{}",
                    field.path
                );
                assert!(!resolves(schema, root, &format!("{}/nessuno", field.path)));
            }
        }
    }

    #[test]
    fn bundled_entries_match_the_bundled_tables() {
        let tables = crate::tabelle::Tabelle::builtin();
        for spec in CATALOGUE {
            assert_eq!(spec.bundled, tables.get(spec.name).is_some(), "{}", spec.name);
        }
    }
}
