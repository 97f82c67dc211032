//! Records as CSV tables, one per entity, ready for a database's bulk
//! loader: the module's root records (`candidature`, `vacancy`) and one
//! table per repeatable section or field (`esperienze`, `lingue`...), each
//! row keyed by `id` and, for children, `parent_id`. Columns come from the
//! schema, not from the data, so every import has the same files and
//! headers.

use std::collections::BTreeMap;

use super::{Field, Fields, Record, Shape};
use crate::module::Module;

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
}

impl Layout {
    pub fn new(shapes: &[(Module, Shape)]) -> Layout {
        let mut layout = Layout::default();
        for (_, shape) in shapes {
            let mut entities = Vec::new();
            table(shape, &mut entities);
            for (name, columns) in entities {
                layout.entities.entry(name).or_insert(columns);
            }
        }
        layout
    }

    /// Every entity (file name without `.csv`) with its columns.
    pub fn entities(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entities
            .iter()
            .map(|(name, columns)| (name.as_str(), columns.as_slice()))
    }

    /// One record's rows: (entity, row), root first; `shape` is its module's.
    pub fn rows(&self, shape: &Shape, record: &Record<'_>) -> Vec<(String, Vec<String>)> {
        let Some(table) = &shape.table else {
            return Vec::new();
        };
        let id = record.id();
        let mut row = vec![
            id.to_string(),
            record.archive.clone(),
            record.entry.clone(),
            record.sha256.clone(),
        ];
        let mut rows = vec![(table.entity.clone(), Vec::new())];
        fill(shape, Some(&record.content), &mut row, &mut rows, id);
        rows[0].1 = row;
        rows
    }
}

/// The table of `shape` (the root or a repeated child) and, after it, those
/// of its repeated descendants.
fn table(shape: &Shape, entities: &mut Vec<(String, Vec<String>)>) {
    let Some(table) = &shape.table else {
        return;
    };
    let at = entities.len();
    entities.push((table.entity.clone(), Vec::new()));
    let mut columns: Vec<String> = if shape.repeated {
        CHILD_COLUMNS.iter().map(|c| c.to_string()).collect()
    } else {
        ROOT_COLUMNS.iter().map(|c| c.to_string()).collect()
    };
    if shape.complex {
        describe(shape, "", &mut columns, entities);
    } else {
        leaf_columns(shape, "valore".to_string(), &mut columns);
    }
    entities[at].1 = columns;
}

/// Walks a section's children: leaf columns go to `columns` (prefixed by
/// the section's keys), repeated children become tables of their own.
fn describe(
    shape: &Shape,
    prefix: &str,
    columns: &mut Vec<String>,
    entities: &mut Vec<(String, Vec<String>)>,
) {
    for child in &shape.children {
        let column = if prefix.is_empty() {
            child.key.to_string()
        } else {
            format!("{prefix}_{}", child.key)
        };
        if child.repeated {
            table(child, entities);
        } else if child.complex {
            describe(child, &column, columns, entities);
        } else {
            leaf_columns(child, column, columns);
        }
    }
}

fn leaf_columns(shape: &Shape, column: String, columns: &mut Vec<String>) {
    let description = shape.code.is_some().then(|| format!("{column}_descrizione"));
    let original = shape.expiry.then(|| format!("{column}_originale"));
    columns.push(column);
    columns.extend(description);
    columns.extend(original);
}

/// Fills `row` with a section's values in column order (empty cells for
/// an absent section), and appends the rows of its repeated children. The
/// section's fields come in the order of its shape's children (the
/// expiry's followed by the original), so one pass matches them.
fn fill(
    shape: &Shape,
    object: Option<&Fields<'_>>,
    row: &mut Vec<String>,
    rows: &mut Vec<(String, Vec<String>)>,
    id: &str,
) {
    let mut fields = object.map(|o| o.iter().map(|(_, value)| value));
    let mut next = || fields.as_mut().and_then(Iterator::next);
    for child in &shape.children {
        let value = next();
        if let Some(table) = &child.table {
            let items = match value {
                Some(Field::Array(items)) => items.as_slice(),
                _ => &[],
            };
            for (n, item) in items.iter().enumerate() {
                let child_id = format!("{id}-{}-{}", table.entity, n + 1);
                let at = rows.len();
                rows.push((table.entity.clone(), Vec::new()));
                let mut child_row = vec![child_id.clone(), id.to_string()];
                if child.complex {
                    fill(child, object_of(Some(item)), &mut child_row, rows, &child_id);
                } else {
                    leaf(child, Some(item), &mut child_row);
                }
                rows[at].1 = child_row;
            }
        } else if child.complex {
            fill(child, object_of(value), row, rows, id);
        } else {
            leaf(child, value, row);
            if child.expiry {
                row.push(text(next()));
            }
        }
    }
}

fn object_of<'f, 'a>(value: Option<&'f Field<'a>>) -> Option<&'f Fields<'a>> {
    match value {
        Some(Field::Object(fields)) => Some(fields),
        _ => None,
    }
}

fn text(value: Option<&Field<'_>>) -> String {
    value.and_then(Field::as_text).unwrap_or_default().to_string()
}

fn leaf(shape: &Shape, value: Option<&Field<'_>>, row: &mut Vec<String>) {
    if shape.code.is_some() {
        let (codice, descrizione) = match value {
            Some(Field::Code { codice, descrizione }) => (codice.as_deref(), *descrizione),
            _ => (None, None),
        };
        row.push(codice.unwrap_or_default().to_string());
        row.push(descrizione.unwrap_or_default().to_string());
    } else {
        row.push(text(value));
    }
}
