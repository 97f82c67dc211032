//! Code tables ("tabelle"): loaded once (embedded CSVs, optionally replaced
//! or extended with `--tabelle DIR`), indexed, shared read-only. A bundled
//! table is parsed on its first use, so a run pays only for the tables
//! its documents need, and not before its workers start.
//!
//! A table that is not loaded never rejects a code: its fields only get the
//! schema's pattern check. A loaded table is taken as complete.

pub mod catalogo;
pub mod search;

use std::sync::{Arc, OnceLock};

use crate::hash::FxHashMap;
use std::path::{Path, PathBuf};

use crate::calendar::Date;

/// The bundled tables, embedded in the binary: (name, CSV, provenance JSON).
macro_rules! bundled {
    ($($name:literal),+ $(,)?) => {
        &[$((
            $name,
            include_str!(concat!("../../tabelle/", $name, ".csv")),
            include_str!(concat!("../../tabelle/", $name, ".json")),
        )),+]
    };
}

const BUNDLED: &[(&str, &str, &str)] = bundled!(
    "comuni",
    "stati_esteri",
    "ateco2007",
    "regioni",
    "province",
    "genere",
    "si_no",
    "tipologia_durata",
    "attestazioni",
    "tipo_comunicazione",
    "tipo_soggetto",
    "livelli_lingua",
    "modalita_invio",
    "modulo_comunicazione",
    "tipo_comunicazione_codice",
    "tipo_intermediario",
);

/// Where a table's content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    /// Loaded with `--tabelle`, from this file.
    User(PathBuf),
}

/// Provenance as recorded in the table's JSON file (or what is known of a
/// user table without one).
#[derive(Debug, Clone)]
pub struct Provenance {
    pub origin: Origin,
    pub description: String,
    /// Package and version, or document, the data was built from; `None`
    /// when the table's JSON file does not say (or there is none).
    pub source: Option<String>,
    /// File inside the source package.
    pub file: Option<String>,
    pub licence: Option<String>,
    pub built: Option<String>,
}

/// One row: a code, its description, an optional validity period. Text
/// borrows from the table's CSV, which lives for the whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub code: &'static str,
    pub description: &'static str,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// Index of this row's other columns in the table's flat column store.
    extra_at: u32,
}

impl Row {
    /// Whether the row's period includes `day` (both bounds inclusive).
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= day) && self.valid_to.is_none_or(|to| day <= to)
    }

    /// A column other than code, description and validity, by header name.
    pub fn column(&self, table: &Table, name: &str) -> Option<&'static str> {
        let index = table.extra_columns.iter().position(|c| c == name)?;
        table.extra.get(self.extra_at as usize + index).copied()
    }
}

/// A code's description (and other columns) once, with every period in
/// which it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged<'t> {
    pub code: &'static str,
    pub description: &'static str,
    /// The other columns with a value: (header, value).
    pub columns: Vec<(&'t str, &'static str)>,
    pub periods: Vec<Period>,
}

/// One code found by [`Table::search`].
#[derive(Debug, Clone)]
pub struct Hit<'t> {
    pub rank: search::Rank,
    /// Whether the code is still valid (a period with no end).
    current: bool,
    /// Words in the best-matching name: shorter names are closer.
    length: usize,
    /// Every row of the code, oldest period first.
    pub rows: Vec<&'t Row>,
}

impl Hit<'_> {
    /// The code's latest name.
    pub fn name(&self) -> &'static str {
        self.rows.last().map(|r| r.description).unwrap_or_default()
    }
}

/// A validity period; `None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Period {
    /// Whether `next` starts no later than the day after this one ends.
    fn continues_into(&self, next: &Period) -> bool {
        match (self.to, next.from) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(to), Some(from)) => from <= to.add_days(1),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub name: String,
    pub provenance: Provenance,
    /// Headers of the columns after `codice,descrizione` (validity excluded).
    pub extra_columns: Vec<String>,
    pub has_validity: bool,
    /// Rows sorted by code, then by start of validity.
    rows: Vec<Row>,
    extra: Vec<&'static str>,
    /// Code -> (first row, number of rows).
    index: FxHashMap<&'static str, (u32, u32)>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Number of distinct codes.
    pub fn codes(&self) -> usize {
        self.index.len()
    }

    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    /// The rows of a code, oldest period first; `None` when the table does
    /// not have it (one look-up for [`Table::contains`] and [`Table::on`]).
    pub fn rows_of(&self, code: &str) -> Option<&[Row]> {
        let &(start, count) = self.index.get(code)?;
        Some(&self.rows[start as usize..(start + count) as usize])
    }

    /// Every row for a code, oldest period first.
    pub fn rows(&self, code: &str) -> impl Iterator<Item = &Row> {
        let (start, count) = self.index.get(code).copied().unwrap_or((0, 0));
        self.rows[start as usize..(start + count) as usize].iter()
    }

    /// What `clic tabelle [NAME] WORDS...` finds: every code whose code is
    /// the query, or one of whose names matches it ([`search::Query`]),
    /// best first: exact name or code, then every word a prefix, then the
    /// rest; within a rank, codes still valid first, then shorter names,
    /// then by name. Each hit has all the code's rows, oldest first.
    pub fn search(&self, query: &search::Query) -> Vec<Hit<'_>> {
        if query.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<Hit<'_>> = Vec::new();
        let mut start = 0;
        while start < self.rows.len() {
            let code = self.rows[start].code;
            let mut end = start + 1;
            while end < self.rows.len() && self.rows[end].code == code {
                end += 1;
            }
            let rows = &self.rows[start..end];
            start = end;
            let mut best: Option<(search::Rank, usize, &'static str)> = None;
            if query.is_code(code) {
                best = Some((search::Rank::Exact, 0, rows[rows.len() - 1].description));
            }
            for row in rows {
                let name_words = search::words(row.description);
                if let Some(rank) = query.rank_words(&name_words) {
                    let candidate = (rank, name_words.len(), row.description);
                    if best.is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                        best = Some(candidate);
                    }
                }
            }
            if let Some((rank, length, _)) = best {
                hits.push(Hit {
                    rank,
                    current: rows.iter().any(|r| r.valid_to.is_none()),
                    length,
                    rows: rows.iter().collect(),
                });
            }
        }
        hits.sort_by(|a, b| {
            (a.rank, !a.current, a.length)
                .cmp(&(b.rank, !b.current, b.length))
                .then_with(|| a.name().cmp(b.name()))
        });
        hits
    }

    /// `rows` with each code's distinct description (and other columns)
    /// once, in order of first appearance, with its validity periods;
    /// consecutive periods (one starting the day after, or before, the
    /// other ends) are merged into one.
    pub fn merged<'t>(&'t self, rows: &[&'t Row]) -> Vec<Merged<'t>> {
        let mut out: Vec<Merged<'t>> = Vec::new();
        for row in rows {
            let columns: Vec<(&'t str, &'static str)> = self
                .extra_columns
                .iter()
                .filter_map(|c| {
                    row.column(self, c)
                        .filter(|v| !v.is_empty())
                        .map(|v| (c.as_str(), v))
                })
                .collect();
            let period = Period {
                from: row.valid_from,
                to: row.valid_to,
            };
            let same = out
                .iter_mut()
                .find(|m| m.code == row.code && m.description == row.description && m.columns == columns);
            match same {
                Some(entry) => match entry.periods.last_mut() {
                    Some(last) if last.continues_into(&period) => {
                        last.to = match (last.to, period.to) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            _ => None,
                        }
                    }
                    _ => entry.periods.push(period),
                },
                None => out.push(Merged {
                    code: row.code,
                    description: row.description,
                    columns,
                    periods: vec![period],
                }),
            }
        }
        out
    }

    /// The codes to use on `day` instead of `code`, which did not exist
    /// then, where the table shows who held its territory: for a code that
    /// had ceased, the comune created (or else changed) in the same
    /// province the day it ceased or the day after, followed while that
    /// one had ceased too; for a code created later, the comuni of the same
    /// province that ceased the day before it was created. At most three,
    /// each valid on `day`; none when the table cannot tell.
    pub fn took_over(&self, code: &str, day: Date) -> Vec<&Row> {
        let mut current = code;
        for _ in 0..8 {
            let Some(rows) = self.rows_of(current) else {
                return Vec::new();
            };
            let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
                return Vec::new();
            };
            let province = |row: &Row| row.column(self, "provincia");
            let ceased = last.valid_to.filter(|to| *to < day);
            let created = first.valid_from.filter(|from| day < *from);
            let mut found: Vec<&Row> = match (ceased, created) {
                (Some(to), _) => {
                    let window = |from: Option<Date>| from.is_some_and(|f| f >= to && f <= to.add_days(1));
                    let same =
                        |r: &&Row| r.code != current && province(r) == province(last) && window(r.valid_from);
                    let starting: Vec<&Row> = self.rows.iter().filter(same).collect();
                    // A code born that day took the territory; a code whose
                    // period was only split by the change may have.
                    let born: Vec<&Row> = starting
                        .iter()
                        .copied()
                        .filter(|r| self.rows(r.code).next().is_some_and(|f| std::ptr::eq(f, *r)))
                        .collect();
                    if born.is_empty() { starting } else { born }
                }
                (None, Some(from)) => {
                    let window = |to: Option<Date>| to.is_some_and(|t| t <= from && t.add_days(1) >= from);
                    self.rows
                        .iter()
                        .filter(|r| r.code != current && province(r) == province(first) && window(r.valid_to))
                        .collect()
                }
                (None, None) => return Vec::new(),
            };
            found.dedup_by_key(|r| r.code);
            if found.len() > 3 || found.is_empty() {
                return Vec::new();
            }
            // Each code as it was on `day`.
            let on_day: Vec<&Row> = found.iter().filter_map(|r| self.on(r.code, day)).collect();
            if on_day.len() == found.len() {
                return on_day;
            }
            // One successor that ceased in its turn: follow it.
            if found.len() == 1 && ceased.is_some() {
                current = found[0].code;
                continue;
            }
            return Vec::new();
        }
        Vec::new()
    }

    /// The row valid on `day`, if any.
    pub fn on(&self, code: &str, day: Date) -> Option<&Row> {
        self.rows(code).find(|r| r.valid_on(day))
    }

    /// A description for the code: the one valid on `day` when given,
    /// else the latest.
    pub fn describe(&self, code: &str, day: Option<Date>) -> Option<&'static str> {
        let row = day
            .and_then(|d| self.on(code, d))
            .or_else(|| self.rows(code).last())?;
        Some(row.description)
    }

    /// Parses a table in the CSV format of `tabelle/README.md`. The text
    /// must live for the whole run (bundled tables are static; user tables
    /// are leaked once at load, like any other start-up data).
    pub fn parse(name: &str, csv_text: &'static str, provenance: Provenance) -> Result<Table, TableProblem> {
        let mut records = csv_records(csv_text.trim_start_matches('\u{feff}'));
        let headers: Vec<String> = records
            .next()
            .ok_or(TableProblem::Empty)?
            .map_err(|problem| problem.at_line(1))?
            .into_iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        if headers.len() < 2 || headers[0] != "codice" || headers[1] != "descrizione" {
            return Err(TableProblem::Header);
        }
        let from_at = headers.iter().position(|h| h == "valido_dal");
        let to_at = headers.iter().position(|h| h == "valido_al");
        let extra_at: Vec<usize> = (2..headers.len())
            .filter(|i| Some(*i) != from_at && Some(*i) != to_at)
            .collect();
        let mut rows = Vec::new();
        let mut extra = Vec::new();
        for (number, record) in records.enumerate() {
            let line = number + 2;
            let fields = record.map_err(|problem| problem.at_line(line))?;
            if fields.len() == 1 && fields[0].is_empty() {
                continue;
            }
            if fields.len() != headers.len() {
                return Err(TableProblem::FieldCount {
                    line,
                    found: fields.len(),
                    header: headers.len(),
                });
            }
            let code = fields[0].trim();
            if code.is_empty() {
                return Err(TableProblem::EmptyCode { line });
            }
            let date = |at: Option<usize>| -> Result<Option<Date>, TableProblem> {
                match at.map(|i| fields[i].trim()) {
                    None | Some("") => Ok(None),
                    Some(text) => Date::parse(text).map(Some).ok_or_else(|| TableProblem::NotADate {
                        line,
                        text: text.to_string(),
                    }),
                }
            };
            rows.push(Row {
                code,
                description: fields[1].trim(),
                valid_from: date(from_at)?,
                valid_to: date(to_at)?,
                extra_at: extra.len() as u32,
            });
            extra.extend(extra_at.iter().map(|&i| fields[i].trim()));
        }
        // Bundled tables are already in this order; user tables may not be.
        if !rows.is_sorted_by_key(|r| (r.code, r.valid_from)) {
            rows.sort_by_key(|r| (r.code, r.valid_from));
        }
        let mut index: FxHashMap<&'static str, (u32, u32)> =
            FxHashMap::with_capacity_and_hasher(rows.len(), Default::default());
        for (i, row) in rows.iter().enumerate() {
            index.entry(row.code).or_insert((i as u32, 0)).1 += 1;
        }
        Ok(Table {
            name: name.to_string(),
            provenance,
            extra_columns: extra_at.iter().map(|&i| headers[i].clone()).collect(),
            has_validity: from_at.is_some() || to_at.is_some(),
            rows,
            extra,
            index,
        })
    }
}

/// The records of an RFC 4180 CSV text. Fields borrow from the text; the
/// rare quoted field with doubled quotes is unescaped into a leaked string.
fn csv_records(text: &'static str) -> impl Iterator<Item = Result<Vec<&'static str>, TableProblem>> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let mut fields = Vec::new();
        loop {
            if bytes.get(at) == Some(&b'"') {
                let start = at + 1;
                let mut end = start;
                let mut escaped = false;
                loop {
                    match bytes.get(end) {
                        None => return Some(Err(TableProblem::UnterminatedQuote { line: 0 })),
                        Some(b'"') if bytes.get(end + 1) == Some(&b'"') => {
                            escaped = true;
                            end += 2;
                        }
                        Some(b'"') => break,
                        Some(_) => end += 1,
                    }
                }
                let raw = &text[start..end];
                fields.push(if escaped {
                    &*raw.replace("\"\"", "\"").leak()
                } else {
                    raw
                });
                at = end + 1;
            } else {
                let start = at;
                while at < bytes.len() && !matches!(bytes[at], b',' | b'\n' | b'\r') {
                    at += 1;
                }
                fields.push(&text[start..at]);
            }
            match bytes.get(at) {
                Some(b',') => at += 1,
                Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => {
                    at += 2;
                    break;
                }
                Some(b'\n' | b'\r') => {
                    at += 1;
                    break;
                }
                None => break,
                Some(_) => return Some(Err(TableProblem::TextAfterQuote { line: 0 })),
            }
        }
        Some(Ok(fields))
    })
}

/// The tables in use for a run.
#[derive(Debug, Clone)]
pub struct Tabelle {
    /// By name (a hash map: a B-tree compared names a dozen times a lookup).
    tables: FxHashMap<String, Entry>,
    /// By position in [`catalogo::CATALOGUE`], the name the entry has in
    /// `tables`: the rules look each coded field's table up per document,
    /// by position (no name hashed and compared).
    by_spec: Vec<Option<Entry>>,
}

/// A table, parsed when first asked for if it is bundled; shared by the
/// two look-ups of [`Tabelle`] (by name, by catalogue position).
#[derive(Debug, Clone)]
struct Entry(Arc<Lazy>);

#[derive(Debug)]
struct Lazy {
    /// The bundled (name, CSV, provenance JSON), or none for a user table
    /// (parsed, strictly, at load).
    bundled: Option<(&'static str, &'static str, &'static str)>,
    table: OnceLock<Table>,
}

impl Entry {
    fn new(bundled: Option<(&'static str, &'static str, &'static str)>, table: OnceLock<Table>) -> Entry {
        Entry(Arc::new(Lazy { bundled, table }))
    }

    fn table(&self) -> &Table {
        self.0.table.get_or_init(|| {
            let (name, csv_text, json) = self.0.bundled.expect("a user table is parsed at load");
            let provenance = provenance_from_json(json, Origin::Bundled);
            // The bundled tables are tested to parse
            // (`bundled_tables_load_with_their_provenance`).
            Table::parse(name, csv_text, provenance)
                .unwrap_or_else(|e| panic!("bundled table {name} is malformed: {e:?}"))
        })
    }
}

/// Why `--tabelle` cannot be used (exit code 2).
#[derive(Debug)]
pub enum TableError {
    Read { path: PathBuf, reason: String },
    Invalid { path: PathBuf, problem: TableProblem },
}

/// What is wrong in a table file; `line` counts from 1, the header included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableProblem {
    Empty,
    /// The header does not start with `codice,descrizione`.
    Header,
    UnterminatedQuote {
        line: usize,
    },
    TextAfterQuote {
        line: usize,
    },
    FieldCount {
        line: usize,
        found: usize,
        header: usize,
    },
    EmptyCode {
        line: usize,
    },
    NotADate {
        line: usize,
        text: String,
    },
    /// `byte` is where the valid UTF-8 ends.
    NotUtf8 {
        byte: usize,
    },
}

impl TableProblem {
    /// A CSV syntax problem, placed on its record's line.
    fn at_line(self, at: usize) -> TableProblem {
        match self {
            TableProblem::UnterminatedQuote { .. } => TableProblem::UnterminatedQuote { line: at },
            TableProblem::TextAfterQuote { .. } => TableProblem::TextAfterQuote { line: at },
            other => other,
        }
    }
}

/// What `--tabelle` did besides loading tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableNote {
    /// A CSV whose name is not a table the tool knows: not used.
    Unknown {
        path: PathBuf,
    },
    Replaced {
        name: String,
        path: PathBuf,
    },
    Added {
        name: String,
        path: PathBuf,
    },
}

impl Tabelle {
    /// The tables embedded in the binary.
    pub fn builtin() -> Tabelle {
        let tables = BUNDLED
            .iter()
            .map(|&bundled| (bundled.0.to_string(), Entry::new(Some(bundled), OnceLock::new())))
            .collect();
        let mut tables = Tabelle {
            tables,
            by_spec: Vec::new(),
        };
        tables.index();
        tables
    }

    /// Fills the look-up by catalogue position from the one by name.
    fn index(&mut self) {
        self.by_spec = catalogo::CATALOGUE
            .iter()
            .map(|spec| self.tables.get(spec.name).cloned())
            .collect();
    }

    /// The bundled tables, replaced or extended by the `NAME.csv` files of
    /// `dir` (with an optional `NAME.json` provenance beside each).
    pub fn with_dir(dir: &Path) -> Result<(Tabelle, Vec<TableNote>), TableError> {
        let mut tables = Tabelle::builtin();
        let mut notes = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| TableError::Read {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            if catalogo::spec(&name).is_none() {
                notes.push(TableNote::Unknown { path });
                continue;
            }
            let text: &'static str = read_text(&path)?.leak();
            let json_path = path.with_extension("json");
            let provenance = match std::fs::read_to_string(&json_path) {
                Ok(json) => provenance_from_json(&json, Origin::User(path.clone())),
                Err(_) => Provenance {
                    origin: Origin::User(path.clone()),
                    description: String::new(),
                    source: None,
                    file: None,
                    licence: None,
                    built: None,
                },
            };
            let table = Table::parse(&name, text, provenance).map_err(|problem| TableError::Invalid {
                path: path.clone(),
                problem,
            })?;
            let note = if tables.tables.contains_key(&name) {
                TableNote::Replaced {
                    name: name.clone(),
                    path,
                }
            } else {
                TableNote::Added {
                    name: name.clone(),
                    path,
                }
            };
            notes.push(note);
            tables
                .tables
                .insert(name, Entry::new(None, OnceLock::from(table)));
        }
        tables.index();
        Ok((tables, notes))
    }

    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.get(name).map(Entry::table)
    }

    /// The table of `catalogo::CATALOGUE[spec]`, if it is loaded: the
    /// look-up the rules make per document, by position.
    pub fn at(&self, spec: usize) -> Option<&Table> {
        self.by_spec.get(spec)?.as_ref().map(Entry::table)
    }

    /// The table a Belfiore code belongs to: `stati_esteri` for the `Z`
    /// codes of foreign states, `comuni` for the rest.
    pub fn place(&self, belfiore: &str) -> Option<&Table> {
        const COMUNI: usize = catalogo::position("comuni");
        const STATI_ESTERI: usize = catalogo::position("stati_esteri");
        self.at(if belfiore.starts_with('Z') {
            STATI_ESTERI
        } else {
            COMUNI
        })
    }

    /// Parses every bundled table not parsed yet (each is otherwise parsed
    /// on its first use, by the worker that needs it while the others
    /// wait for it: `comuni` takes a few milliseconds).
    pub fn parse_all(&self) {
        for entry in self.tables.values() {
            entry.table();
        }
    }

    /// Every table, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Table> {
        let mut entries: Vec<(&String, &Entry)> = self.tables.iter().collect();
        entries.sort_unstable_by_key(|(name, _)| *name);
        entries.into_iter().map(|(_, entry)| entry.table())
    }
}

/// The name of the table a Belfiore code belongs to (see [`Tabelle::place`]).
pub fn place_table(belfiore: &str) -> &'static str {
    if belfiore.starts_with('Z') {
        "stati_esteri"
    } else {
        "comuni"
    }
}

fn read_text(path: &Path) -> Result<String, TableError> {
    let bytes = std::fs::read(path).map_err(|e| TableError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|e| TableError::Invalid {
        path: path.to_path_buf(),
        problem: TableProblem::NotUtf8 {
            byte: e.utf8_error().valid_up_to(),
        },
    })
}

fn provenance_from_json(json: &str, origin: Origin) -> Provenance {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let source = &value["fonte"];
    let described = match (
        text(&source["pacchetto"]),
        text(&source["versione"]),
        text(&source["documento"]),
    ) {
        (Some(package), Some(version), _) => Some(format!("{package} {version}")),
        (Some(package), None, _) => Some(package),
        (None, _, Some(document)) => Some(document),
        _ => None,
    };
    Provenance {
        origin,
        description: text(&value["descrizione"]).unwrap_or_default(),
        source: described,
        file: text(&source["file"]),
        licence: text(&source["licenza"]),
        built: text(&value["costruita_il"]),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn periods_merge_only_when_one_follows_the_other() {
        let day = |text: &str| Date::parse(text);
        let period = |from: &str, to: Option<&str>| Period {
            from: day(from),
            to: to.and_then(day),
        };
        let first = period("1900-01-01", Some("1910-12-31"));
        assert!(first.continues_into(&period("1911-01-01", None)));
        assert!(first.continues_into(&period("1910-12-31", None)));
        assert!(
            !first.continues_into(&period("1911-01-02", None)),
            "a gap keeps two periods"
        );
    }

    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn bundled_tables_load_with_their_provenance() {
        let tables = Tabelle::builtin();
        for (name, _, _) in BUNDLED {
            let table = tables.get(name).unwrap();
            assert!(!table.is_empty(), "{name} is empty");
            assert!(
                table.provenance.source.as_deref().is_some_and(|s| !s.is_empty()),
                "{name} has no source"
            );
            assert!(table.provenance.built.is_some(), "{name} has no build date");
        }
        assert_eq!(tables.get("ateco2007").unwrap().codes(), 1224);
        assert_eq!(tables.get("regioni").unwrap().codes(), 20);
    }

    #[test]
    fn comuni_have_periods() {
        let tables = Tabelle::builtin();
        let comuni = tables.get("comuni").unwrap();
        assert_eq!(comuni.on("H501", day("2026-01-01")).unwrap().description, "Roma");
        assert_eq!(comuni.on("A001", day("1900-01-01")).unwrap().description, "Abano");
        assert_eq!(
            comuni.on("A001", day("2000-01-01")).unwrap().description,
            "Abano Terme"
        );
        assert_eq!(comuni.describe("A001", None), Some("Abano Terme"));
        assert!(!comuni.contains("Z404"));
        let row = comuni.on("F205", day("2026-01-01")).unwrap();
        assert_eq!(row.column(comuni, "provincia"), Some("MI"));
    }

    #[test]
    fn the_comune_that_took_over_is_found() {
        let tables = Tabelle::builtin();
        let comuni = tables.get("comuni").unwrap();
        let codes = |code: &str, on: &str| -> Vec<&str> {
            comuni.took_over(code, day(on)).iter().map(|r| r.code).collect()
        };
        // Abbadia Sopra Adda merged into the new Abbadia Lariana in 1928.
        assert_eq!(codes("A002", "2026-11-02"), ["A005"]);
        // Castegnero Nanto (2026) was Castegnero and Nanto before.
        assert_eq!(codes("M439", "1995-08-12"), ["C056", "F838"]);
        // Roma exists: nothing to replace.
        assert!(codes("H501", "2026-01-01").is_empty());
    }

    #[test]
    fn user_tables_are_parsed_strictly() {
        let provenance = || Provenance {
            origin: Origin::Bundled,
            description: String::new(),
            source: None,
            file: None,
            licence: None,
            built: None,
        };
        let table = Table::parse(
            "ccnl",
            "codice,descrizione\r\nB02,\"Edilizia, \"\"industria\"\"\"\r\nA01,Agricoltura\r\n",
            provenance(),
        )
        .unwrap();
        assert_eq!(table.describe("B02", None), Some("Edilizia, \"industria\""));
        assert_eq!(table.describe("A01", None), Some("Agricoltura"));
        assert_eq!(
            Table::parse("x", "codice,descrizione\nA,\"B\n", provenance()).err(),
            Some(TableProblem::UnterminatedQuote { line: 2 })
        );
        assert!(Table::parse("x", "codice,descrizione\nA,B,C\n", provenance()).is_err());
        assert!(Table::parse("x", "code,description\nA,B\n", provenance()).is_err());
        assert!(
            Table::parse(
                "x",
                "codice,descrizione,valido_dal\nA,B,31/12/2020\n",
                provenance()
            )
            .is_err()
        );
        assert!(Table::parse("x", "codice,descrizione\n,B\n", provenance()).is_err());
    }
}
