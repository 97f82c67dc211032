//! Normalized records: what `clic import` writes for each accepted
//! communication. The shape follows the module's schema, so every record of
//! a module has the same keys: sections are objects, repeatable sections
//! and fields are arrays (possibly empty), absent fields are `null`, coded
//! fields are `{"codice", "descrizione"}` (description from the table in
//! use, `null` when none is loaded or the code is unknown).

pub mod csv;
pub mod names;
pub mod output;
pub mod postgres;

use std::borrow::Cow;
use std::iter::Peekable;

use crate::document::NodeId;
use crate::schema::compiled::Compiled;
use crate::schema::compiled::compile::{BuiltIn, Content, ElementId};

use crate::calendar::Date;
use crate::document::Parsed;
use crate::module::Module;
use crate::module::{BIRTH_DATE, max_expiry};
use crate::tabelle::Tabelle;
use crate::tabelle::catalogo::{self, CATALOGUE, Check};

/// One communication, ready to be written (as CSV rows).
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    pub module: Module,
    pub head: Head<'a>,
    /// The module's content, keyed as in [`names`].
    pub content: Fields<'a>,
}

/// An object's fields, in the schema's order (the expiry's followed by
/// the original).
pub type Fields<'a> = Vec<(&'static str, Field<'a>)>;

/// A record's content: what JSON it becomes, with keys that are static
/// names and descriptions borrowed from the tables, so that building and
/// writing 20,000 records does not mean millions of small allocations.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    Null,
    /// Text borrowed from the document when it can be.
    Text(Cow<'a, str>),
    /// A coded value and its description in the table in use.
    Code {
        codice: Option<Cow<'a, str>>,
        descrizione: Option<&'static str>,
    },
    Object(Fields<'a>),
    Array(Vec<Field<'a>>),
}

impl Field<'_> {
    /// Writes the field as compact JSON (what serde would write, without
    /// its machinery: the keys are static names that need no escaping).
    pub fn write_json(&self, out: &mut String) {
        match self {
            Field::Null => out.push_str("null"),
            Field::Text(text) => json_string(out, text),
            Field::Code { codice, descrizione } => {
                out.push_str("{\"codice\":");
                match codice {
                    Some(code) => json_string(out, code),
                    None => out.push_str("null"),
                }
                out.push_str(",\"descrizione\":");
                match descrizione {
                    Some(text) => json_string(out, text),
                    None => out.push_str("null"),
                }
                out.push('}');
            }
            Field::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push('"');
                    out.push_str(key);
                    out.push_str("\":");
                    value.write_json(out);
                }
                out.push('}');
            }
            Field::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Field::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// A JSON string literal, escaped as serde_json escapes it. The text
/// between the bytes to escape (most texts have none) is copied whole.
fn json_string(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut start = 0;
    while let Some(offset) = first_escaped(&bytes[start..]) {
        let i = start + offset;
        out.push_str(&text[start..i]);
        match bytes[i] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            byte => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Where the first byte to escape is: eight bytes at a time, then byte by
/// byte in the word that has one (most texts have none).
fn first_escaped(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut start = 0;
    for word in words.by_ref() {
        let word = u64::from_le_bytes([
            word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
        ]);
        if has_escaped(word) {
            break;
        }
        start += 8;
    }
    bytes[start..]
        .iter()
        .position(|&b| ESCAPED[usize::from(b)])
        .map(|offset| start + offset)
}

/// Whether one of the eight bytes of `word` is escaped in JSON: one below
/// 0x20, a quote or a backslash. The usual bit tricks: `(x - ONES * n) & !x
/// & HIGH` is not zero exactly when some byte of `x` is below `n` (n <= 0x80).
fn has_escaped(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash != 0
}

/// The bytes a JSON string escapes: quote, backslash and control characters.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// What the record of a module looks like, worked out once per run from
/// the schema and the table catalogue, so that extracting a document or
/// flattening a record to CSV neither builds paths nor searches the
/// catalogue.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Element name (to match the document's children).
    name: String,
    key: &'static str,
    /// `,"key":`, as a JSON line writes the key (after a comma or not).
    json_key: String,
    complex: bool,
    repeated: bool,
    /// The table of a coded field and how it is checked.
    code: Option<(&'static str, Check)>,
    codice_fiscale: bool,
    /// The expiry, which the record clamps (`data_scadenza`).
    expiry: bool,
    /// A leaf's type in the schema (`None` for sections).
    base: Option<BuiltIn>,
    /// The CSV table of the root and of each repeated child (of no other).
    table: Option<Table>,
    children: Vec<Shape>,
}

/// What a column of the record tables holds, for a database: the
/// schema's dates, date-times and integers, the rest text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Date,
    Timestamp,
    Integer,
}

impl ColumnType {
    fn of(shape: &Shape) -> ColumnType {
        match shape.base {
            // A coded field is a code whatever its type ("01" stays "01").
            _ if shape.code.is_some() => ColumnType::Text,
            Some(BuiltIn::Date) => ColumnType::Date,
            Some(BuiltIn::DateTime) => ColumnType::Timestamp,
            Some(BuiltIn::Integer) => ColumnType::Integer,
            _ => ColumnType::Text,
        }
    }
}

/// A CSV table of a module: its entity (file name without `.csv`) and its
/// number among the module's tables, in the schema's order (the root's is 0).
#[derive(Debug, Clone)]
struct Table {
    entity: String,
    number: usize,
}

impl Shape {
    /// The shape of `module`'s records under `schema`.
    pub fn of(module: Module, schema: &Compiled) -> Option<Shape> {
        let root = *schema.globals.get(module.root())?;
        let mut tables = 0;
        Some(Shape {
            name: module.root().to_string(),
            key: "",
            json_key: String::new(),
            complex: true,
            repeated: false,
            code: None,
            codice_fiscale: false,
            expiry: false,
            base: None,
            table: Some(Table {
                entity: names::root_entity(module).to_string(),
                number: 0,
            }),
            children: children(module, schema, root, "", &mut tables),
        })
    }
}

/// The shapes of a section's children; `tables` counts the module's CSV
/// tables numbered so far.
fn children(
    module: Module,
    schema: &Compiled,
    decl: ElementId,
    path: &str,
    tables: &mut usize,
) -> Vec<Shape> {
    let Content::Sequence(particles) = &schema.elements[decl].content else {
        return Vec::new();
    };
    let mut shapes = Vec::with_capacity(particles.len());
    for particle in particles {
        let name = &schema.name_list[particle.name as usize];
        let base = match schema.elements[particle.element].content {
            Content::Simple(id) => schema.types.get(id).map(|t| t.base),
            _ => None,
        };
        let complex =
            base.is_none() && !matches!(schema.elements[particle.element].content, Content::Simple(_));
        let repeated = particle.max != Some(1);
        let key = names::key(name, complex && repeated);
        let child_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}/{name}")
        };
        let table = repeated.then(|| {
            *tables += 1;
            Table {
                entity: names::entity(module, key),
                number: *tables,
            }
        });
        shapes.push(Shape {
            name: name.clone(),
            key,
            json_key: format!(",\"{key}\":"),
            complex,
            repeated,
            code: coded(module, &child_path),
            codice_fiscale: name.starts_with("codicefiscale"),
            expiry: module.expiry() == Some(child_path.as_str()),
            base,
            table,
            children: if complex {
                children(module, schema, particle.element, &child_path, tables)
            } else {
                Vec::new()
            },
        });
    }
    shapes
}

/// The table of a coded field, if the catalogue names one.
fn coded(module: Module, path: &str) -> Option<(&'static str, Check)> {
    CATALOGUE.iter().find_map(|spec| {
        spec.fields
            .iter()
            .find(|f: &&catalogo::Field| f.module == module && f.path == path)
            .map(|f| (spec.name, f.check))
    })
}

/// Reads a schema-valid document into its normalized content.
pub fn extract<'a>(parsed: &'a Parsed, module: Module, shape: &Shape, tables: &'a Tabelle) -> Fields<'a> {
    Extraction::new(parsed, module, tables).section(parsed.root, shape)
}

fn field_text(parsed: &Parsed, path: &str) -> String {
    parsed
        .find(parsed.root, path)
        .map(|n| parsed.trimmed_text(n).into_owned())
        .unwrap_or_default()
}

struct Extraction<'a> {
    parsed: &'a Parsed,
    module: Module,
    tables: &'a Tabelle,
    birth: Option<Date>,
    sent: Option<Date>,
}

impl<'a> Extraction<'a> {
    fn new(parsed: &'a Parsed, module: Module, tables: &'a Tabelle) -> Extraction<'a> {
        Extraction {
            parsed,
            module,
            tables,
            birth: Date::parse(&field_text(parsed, BIRTH_DATE)),
            sent: Date::parse(&field_text(parsed, module.sending_date())),
        }
    }

    /// An object for a section, one key per child of its shape (and the
    /// original expiry after the expiry's).
    fn section(&self, node: NodeId, shape: &Shape) -> Fields<'a> {
        let mut kids = self.parsed.elements(node).peekable();
        let mut object = Fields::with_capacity(shape.children.len() + 1);
        for child in &shape.children {
            let value = |n: NodeId| {
                if child.complex {
                    Field::Object(self.section(n, child))
                } else {
                    self.leaf(n, child)
                }
            };
            if child.repeated {
                let items = self.named(&mut kids, &child.name).map(value).collect();
                object.push((child.key, Field::Array(items)));
                continue;
            }
            let first = self.first_named(&mut kids, &child.name);
            if child.expiry {
                let (clamped, original) = self.expiry(first);
                let text = |value: Option<Cow<'a, str>>| value.map_or(Field::Null, Field::Text);
                object.push((child.key, text(clamped.map(Cow::Owned))));
                object.push((ORIGINAL_EXPIRY, text(original)));
                continue;
            }
            object.push((child.key, first.map_or_else(|| absent(child), value)));
        }
        object
    }

    /// The next children named `name`, taken from `kids` (a section's
    /// children): the document is schema-valid, so its children come in
    /// the order of the shape and one merge pass matches them.
    fn named<'k, I: Iterator<Item = NodeId>>(
        &'k self,
        kids: &'k mut Peekable<I>,
        name: &'k str,
    ) -> impl Iterator<Item = NodeId> + 'k {
        std::iter::from_fn(move || kids.next_if(|&kid| self.parsed.name(kid) == name))
    }

    /// The first of the next children named `name` (the schema allows one;
    /// any other is skipped).
    fn first_named<I: Iterator<Item = NodeId>>(&self, kids: &mut Peekable<I>, name: &str) -> Option<NodeId> {
        self.named(kids, name)
            .fold(None, |first, kid| first.or(Some(kid)))
    }

    fn leaf(&self, node: NodeId, shape: &Shape) -> Field<'a> {
        let mut text = self.parsed.trimmed_text(node);
        if shape.codice_fiscale && text.chars().any(|c| c.is_lowercase()) {
            text = Cow::Owned(text.to_uppercase());
        }
        let Some((table, check)) = shape.code else {
            return Field::Text(text);
        };
        let day = match check {
            Check::BirthPlace => self.birth,
            Check::Domicile | Check::CurrentPlace => self.sent,
            _ => None,
        };
        let table = match table {
            "comuni" | "stati_esteri" => crate::tabelle::place_table(&text),
            other => other,
        };
        let descrizione = self
            .tables
            .get(table)
            .and_then(|t| t.describe(&text, day))
            .filter(|d| !d.is_empty());
        Field::Code {
            codice: Some(text),
            descrizione,
        }
    }

    /// The expiry as the system sets it and as the file gave it: the
    /// record carries both, the original right after.
    fn expiry(&self, node: Option<NodeId>) -> (Option<String>, Option<Cow<'a, str>>) {
        let original = node.map(|n| self.parsed.trimmed_text(n));
        (self.clamped(original.as_deref()), original)
    }
}

/// The `records.jsonl` line of a document, written straight from the
/// document (no intermediate tree): the same text as serde writes for the
/// [`Record`] of `extract`'s content (the tests check it), at a fraction of
/// the allocations. `clic import --format jsonl` uses it.
pub fn json_line(
    parsed: &Parsed,
    module: Module,
    shape: &Shape,
    tables: &Tabelle,
    head: &Head<'_>,
) -> String {
    let context = Extraction::new(parsed, module, tables);
    let mut out = String::with_capacity(4 * 1024);
    json_head(&mut out, module, head);
    context.json_fields(parsed.root, shape, true, &mut out);
    out.push('}');
    out
}

/// The start of a record line: `{` and the keys before the content's.
fn json_head(out: &mut String, module: Module, head: &Head<'_>) {
    out.push_str("{\"module\":");
    json_string(out, module.key());
    out.push_str(",\"id\":");
    json_string(out, head.id());
    out.push_str(",\"source\":{\"archive\":");
    json_string(out, head.archive);
    out.push_str(",\"entry\":");
    json_string(out, head.entry);
    out.push_str("},\"sha256\":");
    json_string(out, head.sha256);
}

/// Where a record comes from: what its line or root row starts with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head<'a> {
    pub archive: &'a str,
    pub entry: &'a str,
    pub sha256: &'a str,
}

impl<'a> Head<'a> {
    /// A stable id: the first 16 hex digits of the file's SHA-256.
    pub fn id(&self) -> &'a str {
        &self.sha256[..16.min(self.sha256.len())]
    }
}

impl Extraction<'_> {
    /// The fields of a section as `"key":value` pairs (after a comma when
    /// `continued`), children matched in one merge pass.
    fn json_fields(&self, node: NodeId, shape: &Shape, continued: bool, out: &mut String) {
        let mut kids = self.parsed.elements(node).peekable();
        for (i, child) in shape.children.iter().enumerate() {
            let key = child.json_key.as_str();
            out.push_str(if continued || i > 0 { key } else { &key[1..] });
            if child.repeated {
                out.push('[');
                for (n, kid) in self.named(&mut kids, &child.name).enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    self.json_value(kid, child, out);
                }
                out.push(']');
                continue;
            }
            let first = self.first_named(&mut kids, &child.name);
            if child.expiry {
                self.json_expiry(first, out);
                continue;
            }
            match first {
                Some(kid) => self.json_value(kid, child, out),
                None => absent(child).write_json(out),
            }
        }
    }

    fn json_value(&self, node: NodeId, shape: &Shape, out: &mut String) {
        if shape.complex {
            out.push('{');
            self.json_fields(node, shape, false, out);
            out.push('}');
        } else {
            self.leaf(node, shape).write_json(out);
        }
    }

    /// The clamped expiry and, after it, the original.
    fn json_expiry(&self, node: Option<NodeId>, out: &mut String) {
        let (clamped, original) = self.expiry(node);
        let text = |out: &mut String, value: Option<&str>| match value {
            Some(v) => json_string(out, v),
            None => out.push_str("null"),
        };
        text(out, clamped.as_deref());
        out.push_str(",\"");
        out.push_str(ORIGINAL_EXPIRY);
        out.push_str("\":");
        text(out, original.as_deref());
    }

    /// The expiry the system sets: at most 60 days after sending, that when
    /// missing; a closure keeps its own.
    fn clamped(&self, original: Option<&str>) -> Option<String> {
        let tipo = field_text(self.parsed, self.module.code_elements().tipo);
        let closing = crate::codice::Tipo::from_element(&tipo) == Some(crate::codice::Tipo::Chiusura);
        match (self.sent.map(max_expiry), original.and_then(Date::parse)) {
            _ if closing => original.map(str::to_string),
            (Some(latest), Some(expiry)) if expiry > latest => Some(latest.to_string()),
            (Some(latest), None) => Some(latest.to_string()),
            _ => original.map(str::to_string),
        }
    }
}

/// The key of the expiry as the file gave it (only `data_scadenza` has one).
pub const ORIGINAL_EXPIRY: &str = "data_scadenza_originale";

/// What an absent element stands as: `null`, or an empty code.
fn absent(shape: &Shape) -> Field<'static> {
    if shape.code.is_some() {
        Field::Code {
            codice: None,
            descrizione: None,
        }
    } else {
        Field::Null
    }
}

/// What serde writes for records: the reference the JSON writers are
/// tested against.
#[cfg(test)]
mod oracle {
    use super::{Field, Fields, Record};

    impl serde::Serialize for Field<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            match self {
                Field::Null => serializer.serialize_none(),
                Field::Text(text) => serializer.serialize_str(text),
                Field::Code { codice, descrizione } => {
                    let mut map = serializer.serialize_map(Some(2))?;
                    map.serialize_entry("codice", codice)?;
                    map.serialize_entry("descrizione", descrizione)?;
                    map.end()
                }
                Field::Object(fields) => serialize_fields(fields, None, serializer),
                Field::Array(items) => serializer.collect_seq(items),
            }
        }
    }

    fn serialize_fields<S: serde::Serializer>(
        fields: &Fields<'_>,
        head: Option<&Record<'_>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(record) = head {
            map.serialize_entry("module", record.module.key())?;
            map.serialize_entry("id", record.head.id())?;
            map.serialize_entry(
                "source",
                &Source {
                    archive: record.head.archive,
                    entry: record.head.entry,
                },
            )?;
            map.serialize_entry("sha256", record.head.sha256)?;
        }
        for (key, value) in fields {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }

    #[derive(serde::Serialize)]
    struct Source<'a> {
        archive: &'a str,
        entry: &'a str,
    }

    impl serde::Serialize for Record<'_> {
        /// A `records.jsonl` line: module, id, source, sha256, then the content.
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_fields(&self.content, Some(self), serializer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::compiled::CompiledSet;

    use serde_json::{Value, json};

    #[test]
    fn the_word_scan_finds_the_first_byte_to_escape_as_a_byte_scan_does() {
        let naive = |bytes: &[u8]| bytes.iter().position(|&b| ESCAPED[usize::from(b)]);
        for byte in 0..=255u8 {
            for at in 0..20 {
                for len in at + 1..=20 {
                    let mut text = vec![b'a'; len];
                    text[at] = byte;
                    // A byte just above each limit must not be taken for one.
                    if at + 1 < len {
                        text[at + 1] = [b' ', b'#', b']', 0x7f, 0x80, 0xff][at % 6];
                    }
                    assert_eq!(
                        first_escaped(&text),
                        naive(&text),
                        "byte {byte:#x} at {at} of {len}"
                    );
                }
            }
        }
        let mut line = String::new();
        json_string(&mut line, "a \"quoted\" text\\ with\ttab and \u{1} and é ok");
        assert_eq!(
            line,
            serde_json::to_string("a \"quoted\" text\\ with\ttab and \u{1} and é ok").unwrap()
        );
    }

    /// The content as JSON, as `records.jsonl` writes it.
    fn content_of(xml: &str) -> Value {
        static TABLES: std::sync::OnceLock<Tabelle> = std::sync::OnceLock::new();
        let tables = TABLES.get_or_init(Tabelle::builtin);
        let (module, parsed, _) = crate::checks::read(xml.as_bytes());
        let (module, parsed) = (module.unwrap(), parsed.unwrap());
        let schemas = CompiledSet::builtin();
        let shape = Shape::of(module, schemas.get(module)).unwrap();
        serde_json::to_value(Field::Object(extract(&parsed, module, &shape, tables))).unwrap()
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
    fn direct_json_lines_equal_the_records_lines() {
        static TABLES: std::sync::OnceLock<Tabelle> = std::sync::OnceLock::new();
        let tables = TABLES.get_or_init(Tabelle::builtin);
        let schemas = CompiledSet::builtin();
        let documents = [
            CV.to_string(),
            CV.replace("    <datascadenza>2026-12-31</datascadenza>\n", ""),
            CV.replace("2026-12-31", "2027-05-01"),
            include_str!("../../fixtures/validi/vacancy.xml").to_string(),
            include_str!("../../fixtures/codifiche/utf-8.xml").to_string(),
        ];
        for xml in documents {
            let (module, parsed, _) = crate::checks::read(xml.as_bytes());
            let (module, parsed) = (module.unwrap(), parsed.unwrap());
            let shape = Shape::of(module, schemas.get(module)).unwrap();
            let head = Head {
                archive: "a.zip",
                entry: "x.xml",
                sha256: "0123456789abcdef0123",
            };
            let record = Record {
                module,
                head,
                content: extract(&parsed, module, &shape, tables),
            };
            assert_eq!(
                json_line(&parsed, module, &shape, tables, &head),
                serde_json::to_string(&record).unwrap()
            );
        }
    }

    #[test]
    fn json_lines_are_what_serde_writes() {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} è € 😀";
        let sha256 = "ab".repeat(32);
        let record = Record {
            module: Module::Candidatura,
            head: Head {
                archive: "a.zip",
                entry: "cv \"1\".xml",
                sha256: &sha256,
            },
            content: vec![
                ("testo", Field::Text(Cow::Borrowed(tricky))),
                ("nulla", Field::Null),
                (
                    "codice",
                    Field::Code {
                        codice: Some(Cow::Borrowed("F205")),
                        descrizione: Some("Milano"),
                    },
                ),
                (
                    "vuoto",
                    Field::Code {
                        codice: None,
                        descrizione: None,
                    },
                ),
                (
                    "lista",
                    Field::Array(vec![
                        Field::Text(Cow::Borrowed("x")),
                        Field::Object(vec![("k", Field::Null)]),
                    ]),
                ),
            ],
        };
        assert_eq!(line_of(&record), serde_json::to_string(&record).unwrap());
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_escapes_it() {
        let all: String = (0u8..=0x7f).map(char::from).collect();
        for text in [all.as_str(), "plain", "", "\"\\", "à\u{1}è\u{1f}"] {
            let mut out = String::new();
            json_string(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    /// A record's line as `json_line` writes it: its head, then each field
    /// by `Field::write_json`.
    fn line_of(record: &Record<'_>) -> String {
        let mut out = String::new();
        json_head(&mut out, record.module, &record.head);
        for (key, value) in &record.content {
            out.push_str(",\"");
            out.push_str(key);
            out.push_str("\":");
            value.write_json(&mut out);
        }
        out.push('}');
        out
    }

    /// CSV rows take a section's fields in the order of its shape, which is
    /// what a search by key would find only if no two siblings share a key.
    #[test]
    fn sibling_keys_are_unique_and_repeated_children_have_tables() {
        fn walk(shape: &Shape) {
            for (i, child) in shape.children.iter().enumerate() {
                assert!(
                    shape.children[..i].iter().all(|c| c.key != child.key) && child.key != ORIGINAL_EXPIRY,
                    "{} repeats a key",
                    child.name
                );
                assert_eq!(child.table.is_some(), child.repeated, "{}", child.name);
                walk(child);
            }
        }
        let schemas = CompiledSet::builtin();
        for module in Module::ALL {
            let shape = Shape::of(module, schemas.get(module)).unwrap();
            assert!(shape.table.is_some());
            walk(&shape);
        }
    }
}
