//! Stable snake_case keys for the standard's element names. The names are
//! part of the output contract of `clic import`: never rename one.

/// The record key for an element. `repeated_section` distinguishes the
/// Vacancy's repeated `titolostudio` section from the Candidatura's field.
pub fn key(element: &str, repeated_section: bool) -> &'static str {
    match element {
        // Sections.
        "Lavoratore" => "lavoratore",
        "DatiAnagrafici" => "dati_anagrafici",
        "Domicilio" => "domicilio",
        "Recapiti" => "recapiti",
        "DatiCurriculari" => "dati_curriculari",
        "EsperienzeLavorative" => "esperienze_lavorative",
        "Istruzione" => "istruzione",
        "Formazione" => "formazione",
        "Lingue" | "Lingua" => "lingue",
        "ConoscenzeInformatiche" => "conoscenze_informatiche",
        "AbilitazioniPatenti" => "abilitazioni_patenti",
        "ProfessioneDesiderataDisponibilita" => "professioni_desiderate",
        "DatiSistema" => "dati_sistema",
        "DatoreLavoro" => "datore_lavoro",
        "DatiContatto" => "dati_contatto",
        "Richiesta" => "richiesta",
        "ProfiloRichiesto" => "profilo_richiesto",
        "IstruzioneFormazione" => "istruzione_formazione",
        "CondizioniOfferte" => "condizioni_offerte",
        "DurataRichiesta" => "durata_richiesta",
        "AltreInformazioni" => "altre_informazioni",
        "Mittente" => "mittente",
        "Destinatario" => "destinatario",
        "Interlocutore" => "interlocutore",
        "Corpo" => "corpo",
        "titolostudio" if repeated_section => "titoli_studio",
        // Fields.
        "codicefiscale" => "codice_fiscale",
        "cognome" => "cognome",
        "nome" => "nome",
        "sesso" => "sesso",
        "datanascita" => "data_nascita",
        "idcomune" | "comune" => "comune",
        "idcittadinanza" => "cittadinanza",
        "cap" => "cap",
        "indirizzo" => "indirizzo",
        "telefono" => "telefono",
        "cellulare" => "cellulare",
        "fax" => "fax",
        "email" => "email",
        "tipoesperienza" => "tipo_esperienza",
        "qualificasvolta" => "qualifica_svolta",
        "descrqualificasvolta" => "descrittivo_qualifica_svolta",
        "principalimansioni" => "principali_mansioni",
        "nomedatore" => "nome_datore",
        "datainizio" => "data_inizio",
        "datafine" => "data_fine",
        "indirizzodatore" => "indirizzo_datore",
        "titolostudio" | "idtitolostudio" => "titolo_studio",
        "descrizioneistruzione" => "descrizione_istruzione",
        "votazione" => "votazione",
        "titolocorso" => "titolo_corso",
        "idsede" => "sede",
        "durata" => "durata",
        "idtipologiadurata" => "tipologia_durata",
        "idattestazione" => "attestazione",
        "idqualifica" => "qualifica",
        "descrqualifica" => "descrittivo_qualifica",
        "idlingua" => "lingua",
        "idlivelloletto" => "livello_letto",
        "idlivelloscritto" => "livello_scritto",
        "idlivelloparlato" => "livello_parlato",
        "tipoconoscenza" => "tipo_conoscenza",
        "specifiche" => "specifiche",
        "idalbo" => "albo",
        "idpatenteguida" => "patente_guida",
        "idpatentino" => "patentino",
        "idprofessione" => "professione",
        "descrprofessione" => "descrittivo_professione",
        "descrizioneprofessione" => "descrizione_professione",
        "esperienzasettore" => "esperienza_settore",
        "descrizioneesperienza" => "descrizione_esperienza",
        "trasferte" => "trasferte",
        "idmodalitalavorativa" => "modalita_lavorativa",
        "idtipologiacontratto" => "tipologia_contratto",
        "mezzitrasporto" | "idmezzitrasporto" => "mezzi_trasporto",
        "listespeciali" => "liste_speciali",
        "ambitodiffusione" => "ambito_diffusione",
        "datainserimento" => "data_inserimento",
        "datascadenza" => "data_scadenza",
        "idintermediario" | "intermediario" | "codiceintermediario" => "codice_intermediario",
        "codicefiscaleintermediario" => "codice_fiscale_intermediario",
        "denominazioneintermediario" => "denominazione_intermediario",
        "visibilita" => "visibilita",
        "tipocandidatura" => "tipo_candidatura",
        "motivochiusura" => "motivo_chiusura",
        "codicecandidatura" => "codice_candidatura",
        "codicecandidaturaprecedente" => "codice_candidatura_precedente",
        "percettore" => "percettore",
        "denominazione" => "denominazione",
        "settore" => "settore",
        "ampiezza" => "ampiezza",
        "web" => "web",
        "numerolavoratori" => "numero_lavoratori",
        "descrizionericerca" => "descrizione_ricerca",
        "esperienzarichiesta" => "esperienza_richiesta",
        "descrizionestudio" => "descrizione_studio",
        "conoscenzeinformatiche" => "conoscenze_informatiche",
        "altrecapacita" => "altre_capacita",
        "ulteriorirequisiti" => "ulteriori_requisiti",
        "idccnl" => "ccnl",
        "idlivellocontrattuale" => "livello_contrattuale",
        "idmodalitalavoro" => "modalita_lavoro",
        "retribuzioneannualorda" => "retribuzione_annua_lorda",
        "ulterioricondizioni" => "ulteriori_condizioni",
        "datapubblicazione" => "data_pubblicazione",
        "N.O." => "nulla_osta",
        "tipoofferta" => "tipo_offerta",
        "codiceofferta" => "codice_offerta",
        "codiceoffertaprecedente" => "codice_offerta_precedente",
        "codiceoffertaintermediario" => "codice_offerta_intermediario",
        "tiposoggetto" => "tipo_soggetto",
        "codiceoffertacandidatura" => "codice_offerta_candidatura",
        "testomessaggio" => "testo_messaggio",
        "contattopositivo" => "contatto_positivo",
        "tipocomunicazione" => "tipo_comunicazione",
        "data" => "data",
        "codicemessaggio" => "codice_messaggio",
        "codicemessaggioprecedente" => "codice_messaggio_precedente",
        _ => "",
    }
}

/// The CSV file of a repeated section or field, by module and record key.
/// Candidatura children keep the short names users load into their tables
/// (`esperienze`, `lingue`...); Vacancy children carry a `vacancy_` prefix
/// so the two modules never share a file with different columns.
pub fn entity(module: crate::module::Module, key: &str) -> String {
    use crate::module::Module;
    let short = match key {
        "esperienze_lavorative" => "esperienze",
        "patente_guida" => "patenti_guida",
        "patentino" => "patentini",
        "albo" => "albi",
        "modalita_lavorativa" => "modalita_lavorative",
        "tipologia_contratto" => "tipologie_contratto",
        other => other,
    };
    match module {
        Module::Candidatura => short.to_string(),
        Module::Vacancy => format!("vacancy_{short}"),
        Module::Messaggio => format!("messaggi_{short}"),
    }
}

/// The CSV file of a module's root records.
pub fn root_entity(module: crate::module::Module) -> &'static str {
    use crate::module::Module;
    match module {
        Module::Candidatura => "candidature",
        Module::Vacancy => "vacancy",
        Module::Messaggio => "messaggi",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module::Module;
    use crate::schema::compiled::CompiledSet;
    use crate::schema::compiled::compile::{Compiled, Content, ElementId};

    /// Every element below `element`: its name, and whether it is a
    /// section that may repeat.
    fn names(schema: &Compiled, element: ElementId, out: &mut Vec<(String, bool)>) {
        if let Content::Sequence(particles) = &schema.elements[element].content {
            for particle in particles {
                let content = &schema.elements[particle.element].content;
                let section = !matches!(content, Content::Simple(_));
                let name = schema.name_list[particle.name as usize].clone();
                out.push((name, section && particle.max != Some(1)));
                names(schema, particle.element, out);
            }
        }
    }

    #[test]
    fn every_element_of_every_module_has_a_key() {
        let schemas = CompiledSet::builtin();
        for module in Module::ALL {
            let schema = schemas.get(module);
            let mut found = Vec::new();
            names(schema, schema.globals[module.root()], &mut found);
            assert!(found.len() > 10, "{module:?}: {found:?}");
            for (name, repeated) in found {
                let key = key(&name, repeated);
                assert!(!key.is_empty(), "{name} has no key");
                assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{key}");
            }
        }
    }
}
