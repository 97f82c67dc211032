//! Normalized records: what `clic import` writes for each accepted
//! communication. The shape follows the module's schema, so every record of
//! a module has the same keys: sections are objects, repeatable sections
//! and fields are arrays (possibly empty), absent fields are `null`, coded
//! fields are `{"codice", "descrizione"}` (description from the table in
//! use, `null` when none is loaded or the code is unknown).

pub mod csv;
pub mod names;
pub mod output;

use oxml::NodeId;
use serde_json::{Map, Value, json};
use xmlschema::{Content, Particle};

use crate::dates::Date;
use crate::document::Parsed;
use crate::module::Module;
use crate::rules::date::{expiry_path, max_expiry};
use crate::rules::sending_path;
use crate::tables::Tables;
use crate::tables::catalogo::{CATALOGUE, Check, Field};

/// One communication, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub module: Module,
    pub archive: String,
    pub entry: String,
    pub sha256: String,
    /// The module's content, keyed as in [`names`].
    pub content: Map<String, Value>,
}

impl Record {
    /// A stable id: the first 16 hex digits of the file's SHA-256.
    pub fn id(&self) -> &str {
        &self.sha256[..16.min(self.sha256.len())]
    }

    /// The JSON object of a `records.jsonl` line.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("module".into(), json!(self.module.key()));
        object.insert("id".into(), json!(self.id()));
        object.insert(
            "source".into(),
            json!({"archive": self.archive, "entry": self.entry}),
        );
        object.insert("sha256".into(), json!(self.sha256));
        object.extend(self.content.clone());
        Value::Object(object)
    }
}

/// Reads a schema-valid document into its normalized content.
pub fn extract(
    parsed: &Parsed,
    module: Module,
    schema: &xmlschema::Schema,
    tables: &Tables,
) -> Map<String, Value> {
    let Some(root) = schema.element(module.root()) else {
        return Map::new();
    };
    let context = Extraction {
        parsed,
        module,
        tables,
        birth: Date::parse(&field_text(parsed, "Lavoratore/DatiAnagrafici/datanascita")),
        sent: Date::parse(&field_text(parsed, sending_path(module))),
    };
    let mut content = context.section(parsed.root, root, "");
    if let Some(path) = expiry_path(module) {
        context.clamp_expiry(&mut content, path);
    }
    content
}

fn field_text(parsed: &Parsed, path: &str) -> String {
    parsed
        .find(parsed.root, path)
        .map(|n| parsed.text_of(n).trim().to_string())
        .unwrap_or_default()
}

struct Extraction<'a> {
    parsed: &'a Parsed,
    module: Module,
    tables: &'a Tables,
    birth: Option<Date>,
    sent: Option<Date>,
}

impl Extraction<'_> {
    /// An object for a section, one key per particle of its content model.
    fn section(&self, node: NodeId, decl: &Particle, path: &str) -> Map<String, Value> {
        let mut object = Map::new();
        let (Content::Sequence(particles) | Content::All(particles) | Content::Choice(particles)) =
            &*decl.content
        else {
            return object;
        };
        for particle in particles {
            let complex = !matches!(*particle.content, Content::Simple(_));
            let repeated = particle.occurs.max != Some(1);
            let key = names::key(&particle.name, complex && repeated);
            let child_path = if path.is_empty() {
                particle.name.clone()
            } else {
                format!("{path}/{}", particle.name)
            };
            let nodes: Vec<NodeId> = self
                .parsed
                .elements(node)
                .filter(|&c| self.parsed.name(c) == particle.name)
                .collect();
            let value = |n: NodeId| {
                if complex {
                    Value::Object(self.section(n, particle, &child_path))
                } else {
                    self.leaf(n, &particle.name, &child_path)
                }
            };
            let entry = if repeated {
                Value::Array(nodes.into_iter().map(value).collect())
            } else {
                nodes
                    .first()
                    .map_or_else(|| self.absent(complex, &child_path), |&n| value(n))
            };
            object.insert(key.to_string(), entry);
        }
        object
    }

    /// What an absent element stands as: an empty section or `null`.
    fn absent(&self, complex: bool, path: &str) -> Value {
        if complex {
            Value::Null
        } else if self.coded(path).is_some() {
            json!({"codice": null, "descrizione": null})
        } else {
            Value::Null
        }
    }

    fn leaf(&self, node: NodeId, name: &str, path: &str) -> Value {
        let mut text = self.parsed.text_of(node).trim().to_string();
        if name.starts_with("codicefiscale") {
            text = text.to_uppercase();
        }
        match self.coded(path) {
            Some((table, check)) => {
                let day = match check {
                    Check::BirthPlace => self.birth,
                    Check::Domicile | Check::CurrentPlace => self.sent,
                    _ => None,
                };
                let table = match table {
                    "comuni" | "stati_esteri" if text.starts_with('Z') => "stati_esteri",
                    "comuni" | "stati_esteri" => "comuni",
                    other => other,
                };
                let description = self
                    .tables
                    .get(table)
                    .and_then(|t| t.describe(&text, day))
                    .filter(|d| !d.is_empty());
                json!({"codice": text, "descrizione": description})
            }
            None => Value::String(text),
        }
    }

    /// The table of a coded field, if the catalogue names one.
    fn coded(&self, path: &str) -> Option<(&'static str, Check)> {
        CATALOGUE.iter().find_map(|spec| {
            spec.fields
                .iter()
                .find(|f: &&Field| f.module == self.module && f.path == path)
                .map(|f| (spec.name, f.check))
        })
    }

    /// The system sets the expiry to at most 60 days after sending (and to
    /// that when missing); the record carries both the clamped date and
    /// the original. Closures keep theirs.
    fn clamp_expiry(&self, content: &mut Map<String, Value>, path: &str) {
        let mut steps: Vec<&str> = path.split('/').collect();
        let Some(last) = steps.pop() else {
            return;
        };
        let mut object = &mut *content;
        for step in steps {
            match object.get_mut(names::key(step, false)) {
                Some(Value::Object(inner)) => object = inner,
                _ => return,
            }
        }
        let key = names::key(last, false);
        let original = object.get(key).and_then(Value::as_str).map(str::to_string);
        let closing = crate::codice::Tipo::from_element(&field_text(
            self.parsed,
            crate::rules::comunicazione::elements(self.module).tipo,
        )) == Some(crate::codice::Tipo::Chiusura);
        let clamped = match (
            self.sent.map(max_expiry),
            original.as_deref().and_then(Date::parse),
        ) {
            _ if closing => original.clone(),
            (Some(latest), Some(expiry)) if expiry > latest => Some(latest.to_string()),
            (Some(latest), None) => Some(latest.to_string()),
            _ => original.clone(),
        };
        // Rebuilt so that the original sits right after the clamped date.
        let entries = std::mem::take(object);
        for (name, value) in entries {
            if name == key {
                object.insert(name, json!(clamped));
                object.insert(format!("{key}_originale"), json!(original));
            } else {
                object.insert(name, value);
            }
        }
        if !object.contains_key(key) {
            object.insert(key.to_string(), json!(clamped));
            object.insert(format!("{key}_originale"), json!(original));
        }
    }
}

/// Lowercase hexadecimal SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::limits::Limits;
    use crate::schema::SchemaSet;

    fn content_of(xml: &str) -> Map<String, Value> {
        let parsed = Parsed::parse(xml.as_bytes().to_vec(), &Limits::default()).unwrap();
        let module = crate::checks::detect_module(&parsed).unwrap();
        let schemas = SchemaSet::builtin();
        extract(&parsed, module, &schemas.get(module).schema, &Tables::builtin())
    }

    const CV: &str = include_str!("../../fixtures/validi/candidatura.xml");

    #[test]
    fn sections_nest_and_repeatable_ones_are_arrays() {
        let content = content_of(CV);
        let person = &content["lavoratore"]["dati_anagrafici"];
        assert_eq!(person["cognome"], "Bianchi");
        assert_eq!(
            person["comune"],
            json!({"codice": "F205", "descrizione": "Milano"})
        );
        assert_eq!(person["sesso"], json!({"codice": "F", "descrizione": "Femmina"}));
        assert_eq!(
            content["dati_curriculari"]["esperienze_lavorative"][0]["data_inizio"],
            "2023-03-01"
        );
        assert_eq!(
            content["dati_curriculari"]["abilitazioni_patenti"]["patente_guida"],
            json!([{"codice": "04", "descrizione": null}])
        );
        assert_eq!(
            content["dati_curriculari"]["abilitazioni_patenti"]["albo"],
            json!([])
        );
        assert_eq!(content["lavoratore"]["recapiti"]["fax"], Value::Null);
    }

    #[test]
    fn expiry_is_clamped_and_the_original_kept() {
        let late = CV.replace("2026-12-31", "2027-03-31");
        let content = content_of(&late);
        assert_eq!(content["dati_sistema"]["data_scadenza"], "2027-01-01");
        assert_eq!(content["dati_sistema"]["data_scadenza_originale"], "2027-03-31");
        let missing = CV.replace("    <datascadenza>2026-12-31</datascadenza>\n", "");
        let content = content_of(&missing);
        assert_eq!(content["dati_sistema"]["data_scadenza"], "2027-01-01");
        assert_eq!(content["dati_sistema"]["data_scadenza_originale"], Value::Null);
        let fine = content_of(CV);
        assert_eq!(fine["dati_sistema"]["data_scadenza"], "2026-12-31");
    }

    #[test]
    fn hashes_are_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
