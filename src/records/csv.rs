//! Records as CSV tables, one per entity, ready for a database's bulk
//! loader: the module's root records (`candidature`, `vacancy`) and one
//! table per repeatable section or field (`esperienze`, `lingue`...), each
//! row keyed by `id` and, for children, `parent_id`. Columns come from the
//! schema, not from the data, so every import has the same files and
//! headers.

use std::collections::BTreeMap;

use xmlschema::{Content, Particle};

use super::names;
use super::{Field, Fields, ORIGINAL_EXPIRY, Record, lookup};
use crate::module::Module;
use crate::rules::date::expiry_path;
use crate::tables::catalogo::CATALOGUE;

/// Root columns before the content's.
const ROOT_COLUMNS: [&str; 4] = ["id", "archive", "entry", "sha256"];
/// Child columns before the content's.
const CHILD_COLUMNS: [&str; 2] = ["id", "parent_id"];

/// The shape of the CSV tables of some modules: every entity with its
/// columns. Built once, shared by the workers that flatten records.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Entity -> columns, in a stable order.
    entities: BTreeMap<String, Vec<String>>,
    /// Each module's root declaration, walked again for every record.
    roots: BTreeMap<Module, Particle>,
}

impl Layout {
    pub fn new(modules: &[(Module, &xmlschema::Schema)]) -> Layout {
        let mut layout = Layout::default();
        for &(module, schema) in modules {
            let Some(root) = schema.element(module.root()) else {
                continue;
            };
            let mut entities = Vec::new();
            let mut columns: Vec<String> = ROOT_COLUMNS.iter().map(|c| c.to_string()).collect();
            describe(module, root, "", "", &mut columns, &mut entities);
            entities.insert(0, (names::root_entity(module).to_string(), columns));
            for (name, columns) in entities {
                layout.entities.entry(name).or_insert(columns);
            }
            layout.roots.insert(module, root.clone());
        }
        layout
    }

    /// Every entity (file name without `.csv`) with its columns.
    pub fn entities(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entities
            .iter()
            .map(|(name, columns)| (name.as_str(), columns.as_slice()))
    }

    /// One record's rows: (entity, row), root first.
    pub fn rows(&self, record: &Record<'_>) -> Vec<(String, Vec<String>)> {
        let Some(root) = self.roots.get(&record.module) else {
            return Vec::new();
        };
        let id = record.id().to_string();
        let mut row = vec![
            id.clone(),
            record.archive.clone(),
            record.entry.clone(),
            record.sha256.clone(),
        ];
        let mut children = Vec::new();
        fill(
            record.module,
            root,
            Some(&record.content),
            "",
            &mut row,
            &mut children,
            &id,
        );
        let name = names::root_entity(record.module).to_string();
        std::iter::once((name, row)).chain(children).collect()
    }
}

fn is_coded(module: Module, path: &str) -> bool {
    CATALOGUE
        .iter()
        .any(|spec| spec.fields.iter().any(|f| f.module == module && f.path == path))
}

fn particles(decl: &Particle) -> &[Particle] {
    match &*decl.content {
        Content::Sequence(p) | Content::All(p) | Content::Choice(p) => p,
        _ => &[],
    }
}

fn shape(particle: &Particle) -> (bool, bool, &'static str) {
    let complex = !matches!(*particle.content, Content::Simple(_));
    let repeated = particle.occurs.max != Some(1);
    (complex, repeated, names::key(&particle.name, complex && repeated))
}

/// Walks a section's content model: leaf columns go to `columns` (prefixed
/// by the section's keys), repeatable children become entities of their own.
fn describe(
    module: Module,
    decl: &Particle,
    path: &str,
    prefix: &str,
    columns: &mut Vec<String>,
    entities: &mut Vec<(String, Vec<String>)>,
) {
    for particle in particles(decl) {
        let (complex, repeated, key) = shape(particle);
        let child_path = join(path, &particle.name, '/');
        if repeated {
            let mut child_columns: Vec<String> = CHILD_COLUMNS.iter().map(|c| c.to_string()).collect();
            let position = entities.len();
            if complex {
                describe(module, particle, &child_path, "", &mut child_columns, entities);
            } else {
                leaf_columns(module, &child_path, "valore", &mut child_columns);
            }
            entities.insert(position, (names::entity(module, key), child_columns));
        } else if complex {
            describe(
                module,
                particle,
                &child_path,
                &join(prefix, key, '_'),
                columns,
                entities,
            );
        } else {
            leaf_columns(module, &child_path, &join(prefix, key, '_'), columns);
        }
    }
}

fn leaf_columns(module: Module, path: &str, column: &str, columns: &mut Vec<String>) {
    columns.push(column.to_string());
    if is_coded(module, path) {
        columns.push(format!("{column}_descrizione"));
    }
    if expiry_path(module) == Some(path) {
        columns.push(format!("{column}_originale"));
    }
}

fn join(prefix: &str, name: &str, separator: char) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}{separator}{name}")
    }
}

/// Fills `row` with a section's values in column order (empty cells for
/// an absent section), and appends the rows of its repeatable children.
fn fill(
    module: Module,
    decl: &Particle,
    object: Option<&Fields<'_>>,
    path: &str,
    row: &mut Vec<String>,
    children: &mut Vec<(String, Vec<String>)>,
    id: &str,
) {
    for particle in particles(decl) {
        let (complex, repeated, key) = shape(particle);
        let child_path = join(path, &particle.name, '/');
        let value = object.and_then(|o| lookup(o, key));
        if repeated {
            let entity = names::entity(module, key);
            let items = match value {
                Some(Field::Array(items)) => items.as_slice(),
                _ => &[],
            };
            for (n, item) in items.iter().enumerate() {
                let child_id = format!("{id}-{entity}-{}", n + 1);
                let mut child_row = vec![child_id.clone(), id.to_string()];
                let mut grandchildren = Vec::new();
                if complex {
                    let inner = match item {
                        Field::Object(fields) => Some(fields),
                        _ => None,
                    };
                    fill(
                        module,
                        particle,
                        inner,
                        &child_path,
                        &mut child_row,
                        &mut grandchildren,
                        &child_id,
                    );
                } else {
                    leaf(module, &child_path, Some(item), &mut child_row);
                }
                children.push((entity.clone(), child_row));
                children.append(&mut grandchildren);
            }
        } else if complex {
            let inner = match value {
                Some(Field::Object(fields)) => Some(fields),
                _ => None,
            };
            fill(module, particle, inner, &child_path, row, children, id);
        } else {
            leaf(module, &child_path, value, row);
            if expiry_path(module) == Some(child_path.as_str()) {
                let original = object.and_then(|o| lookup(o, ORIGINAL_EXPIRY));
                row.push(original.and_then(Field::as_text).unwrap_or_default().to_string());
            }
        }
    }
}

fn leaf(module: Module, path: &str, value: Option<&Field<'_>>, row: &mut Vec<String>) {
    if is_coded(module, path) {
        let (codice, descrizione) = match value {
            Some(Field::Code { codice, descrizione }) => (codice.as_deref(), *descrizione),
            _ => (None, None),
        };
        row.push(codice.unwrap_or_default().to_string());
        row.push(descrizione.unwrap_or_default().to_string());
    } else {
        row.push(value.and_then(Field::as_text).unwrap_or_default().to_string());
    }
}
