//! Records as CSV tables, one per entity, ready for a database's bulk
//! loader: the module's root records (`candidature`, `vacancy`) and one
//! table per repeatable section or field (`esperienze`, `lingue`...), each
//! row keyed by `id` and, for children, `parent_id`. Columns come from the
//! schema, not from the data, so every import has the same files and
//! headers.

use std::collections::BTreeMap;

use super::{ColumnType, Field, Fields, Record, Shape};
use crate::module::Module;

/// Whether a cell starting so would be taken for a formula by a
/// spreadsheet: `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's
/// list for CSV injection).
pub fn starts_like_formula(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// A cell a spreadsheet shows as text: one that would start like a
/// formula gets a leading `'` (as OWASP recommends), any other is as is.
/// The CSV report and the records' tables both write their cells so, since
/// a file from either may end up opened in a spreadsheet.
pub fn formula_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if starts_like_formula(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// [`formula_safe`], in place.
fn neutralise(cell: &mut String) {
    if starts_like_formula(cell) {
        cell.insert(0, '\'');
    }
}

/// Root columns before the content's.
const ROOT_COLUMNS: [&str; 4] = ["id", "archive", "entry", "sha256"];
/// Child columns before the content's.
const CHILD_COLUMNS: [&str; 2] = ["id", "parent_id"];

/// The shape of the CSV tables of some modules: every entity with its
/// columns. Built once, shared by the workers that flatten records.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Every entity with its columns, by name: a row names its entity by
    /// its index here.
    entities: Vec<(String, Vec<String>)>,
    /// Each entity's column types, in the same order.
    types: Vec<Vec<ColumnType>>,
    /// Each entity's parent entity (`None` for a module's root).
    parents: Vec<Option<String>>,
    /// Each module's tables, by number: their entity's index.
    tables: Vec<(Module, Vec<usize>)>,
}

impl Layout {
    pub fn new(shapes: &[(Module, Shape)]) -> Layout {
        let mut entities = BTreeMap::new();
        let mut names = Vec::new();
        for (module, shape) in shapes {
            // Numbered in the order `table` lists them.
            let mut tables = Vec::new();
            table(shape, None, &mut tables);
            let mut numbered = Vec::with_capacity(tables.len());
            for (name, parent, columns) in tables {
                numbered.push(name.clone());
                entities.entry(name).or_insert((parent, columns));
            }
            names.push((*module, numbered));
        }
        let mut parents = Vec::with_capacity(entities.len());
        type Split = (Vec<(String, Vec<String>)>, Vec<Vec<ColumnType>>);
        let (entities, types): Split = entities
            .into_iter()
            .map(|(name, (parent, columns))| {
                parents.push(parent);
                let (names, types) = columns.into_iter().unzip();
                ((name, names), types)
            })
            .unzip();
        // Every name is among the entities: the search always finds it.
        let index = |name: &String| {
            entities
                .binary_search_by(|(e, _)| e.cmp(name))
                .unwrap_or_default()
        };
        let tables = names
            .iter()
            .map(|(module, numbered)| (*module, numbered.iter().map(index).collect()))
            .collect();
        Layout {
            entities,
            types,
            parents,
            tables,
        }
    }

    /// Every entity with its parent entity, columns and their types, in
    /// the order of [`Layout::entities`].
    pub fn typed_entities(&self) -> impl Iterator<Item = (&str, Option<&str>, &[String], &[ColumnType])> {
        self.entities
            .iter()
            .zip(&self.types)
            .zip(&self.parents)
            .map(|(((name, columns), types), parent)| {
                (
                    name.as_str(),
                    parent.as_deref(),
                    columns.as_slice(),
                    types.as_slice(),
                )
            })
    }

    /// Every entity (file name without `.csv`) with its columns, in the
    /// order of the indexes rows carry.
    pub fn entities(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entities
            .iter()
            .map(|(name, columns)| (name.as_str(), columns.as_slice()))
    }

    /// One record's rows: (entity index, row), root first; `shape` is its
    /// module's.
    pub fn rows(&self, shape: &Shape, record: &Record<'_>) -> Vec<(usize, Vec<String>)> {
        let Some(tables) = self
            .tables
            .iter()
            .find(|(module, _)| *module == record.module)
            .map(|(_, tables)| tables.as_slice())
        else {
            return Vec::new();
        };
        let head = &record.head;
        let id = head.id();
        let mut row: Vec<String> = [id, head.archive, head.entry, head.sha256]
            .map(str::to_string)
            .into();
        let mut flat = Rows {
            tables,
            rows: vec![(tables[0], Vec::new())],
        };
        flat.fill(shape, Some(&record.content), &mut row, id);
        flat.rows[0].1 = row;
        for (_, row) in &mut flat.rows {
            row.iter_mut().for_each(neutralise);
        }
        flat.rows
    }
}

/// An entity as the schema describes it: its name, its parent entity
/// (none for a module's root) and its typed columns.
type Described = (String, Option<String>, Vec<(String, ColumnType)>);

/// The table of `shape` (the root or a repeated child) and, after it, those
/// of its repeated descendants.
fn table(shape: &Shape, parent: Option<&str>, entities: &mut Vec<Described>) {
    let Some(table) = &shape.table else {
        return;
    };
    let at = entities.len();
    debug_assert_eq!(
        at, table.number,
        "tables are listed in the order they are numbered"
    );
    entities.push((table.entity.clone(), parent.map(str::to_string), Vec::new()));
    let mut columns: Vec<(String, ColumnType)> = if shape.repeated {
        CHILD_COLUMNS
            .iter()
            .map(|c| (c.to_string(), ColumnType::Text))
            .collect()
    } else {
        ROOT_COLUMNS
            .iter()
            .map(|c| (c.to_string(), ColumnType::Text))
            .collect()
    };
    if shape.complex {
        describe(shape, "", &table.entity, &mut columns, entities);
    } else {
        leaf_columns(shape, "valore".to_string(), &mut columns);
    }
    entities[at].2 = columns;
}

/// Walks a section's children: leaf columns go to `columns` (prefixed by
/// the section's keys), repeated children become tables of their own.
fn describe(
    shape: &Shape,
    prefix: &str,
    entity: &str,
    columns: &mut Vec<(String, ColumnType)>,
    entities: &mut Vec<Described>,
) {
    for child in &shape.children {
        let column = if prefix.is_empty() {
            child.key.to_string()
        } else {
            format!("{prefix}_{}", child.key)
        };
        if child.repeated {
            table(child, Some(entity), entities);
        } else if child.complex {
            describe(child, &column, entity, columns, entities);
        } else {
            leaf_columns(child, column, columns);
        }
    }
}

fn leaf_columns(shape: &Shape, column: String, columns: &mut Vec<(String, ColumnType)>) {
    let kind = ColumnType::of(shape);
    let description = shape
        .code
        .is_some()
        .then(|| (format!("{column}_descrizione"), ColumnType::Text));
    // The expiry as written, before the record clamps it: a date too.
    let original = shape.expiry.then(|| (format!("{column}_originale"), kind));
    columns.push((column, kind));
    columns.extend(description);
    columns.extend(original);
}

/// The rows of a record being flattened, with its module's tables.
struct Rows<'t> {
    tables: &'t [usize],
    rows: Vec<(usize, Vec<String>)>,
}

impl Rows<'_> {
    /// Fills `row` with a section's values in column order (empty cells for
    /// an absent section), and appends the rows of its repeated children.
    /// The section's fields come in the order of its shape's children (the
    /// expiry's followed by the original), so one pass matches them.
    fn fill(&mut self, shape: &Shape, object: Option<&Fields<'_>>, row: &mut Vec<String>, id: &str) {
        let mut fields = object.map(|o| o.iter().map(|(_, value)| value));
        let mut next = || fields.as_mut().and_then(Iterator::next);
        for child in &shape.children {
            let value = next();
            if let Some(table) = &child.table {
                // A repeated child: a row of its table per item.
                let items = match value {
                    Some(Field::Array(items)) => items.as_slice(),
                    _ => &[],
                };
                for (n, item) in items.iter().enumerate() {
                    let child_id = format!("{id}-{}-{}", table.entity, n + 1);
                    let at = self.rows.len();
                    self.rows.push((self.tables[table.number], Vec::new()));
                    let mut child_row = vec![child_id.clone(), id.to_string()];
                    if child.complex {
                        self.fill(child, object_of(Some(item)), &mut child_row, &child_id);
                    } else {
                        leaf(child, Some(item), &mut child_row);
                    }
                    self.rows[at].1 = child_row;
                }
            } else if child.complex {
                self.fill(child, object_of(value), row, id);
            } else {
                leaf(child, value, row);
                if child.expiry {
                    row.push(text(next()));
                }
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

#[cfg(test)]
mod formula_tests {
    use super::*;

    /// OWASP's list: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`;
    /// the same characters further in, and every other cell, are kept.
    #[test]
    fn cells_that_would_be_formulas_start_with_a_quote() {
        for cell in ["=1+1", "+39 333", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(formula_safe(cell), format!("'{cell}"));
            let mut owned = cell.to_string();
            neutralise(&mut owned);
            assert_eq!(owned, format!("'{cell}"));
        }
        for cell in ["", "Rossi", "a=b", "3331234567", "'=x", " =x"] {
            assert_eq!(formula_safe(cell), cell);
        }
    }
}
