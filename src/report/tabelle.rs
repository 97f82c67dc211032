//! Output of `clic tabelle`.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::calendar::Date;
use crate::i18n::Lang;
use crate::tabelle::catalogo::{Check, TableSpec};
use crate::tabelle::{Hit, Origin, Table};

/// A table of the standard and, when loaded, its content.
pub struct Entry<'a> {
    pub spec: &'static TableSpec,
    pub table: Option<&'a Table>,
}

fn status(entry: &Entry, lang: Lang) -> &'static str {
    match entry.table.map(|t| &t.provenance.origin) {
        Some(Origin::Bundled) => lang.pick("inclusa", "bundled"),
        Some(Origin::User(_)) => lang.pick("fornita con --tabelle", "supplied with --tabelle"),
        None => lang.pick("non inclusa", "not bundled"),
    }
}

fn check_words(check: Check, lang: Lang) -> &'static str {
    match check {
        Check::Member | Check::MemberExcept(_) => "",
        Check::BirthPlace => lang.pick(
            " (esistente alla data di nascita)",
            " (existing at the birth date)",
        ),
        Check::Domicile => lang.pick(
            " (esistente all'invio, in Italia)",
            " (existing at sending, in Italy)",
        ),
        Check::CurrentPlace => lang.pick(" (esistente all'invio)", " (existing at sending)"),
        Check::AnyPlace => lang.pick(" (esistito in qualunque data)", " (existing at any date)"),
    }
}

fn uses(spec: &TableSpec, lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = spec
        .fields
        .iter()
        .map(|f| format!("{} {}{}", f.module.key(), f.path, check_words(f.check, lang)))
        .collect();
    out.extend(
        spec.other_uses
            .iter()
            .map(|u| super::words::other_use(*u, lang).to_string()),
    );
    out
}

pub fn list(entries: &[Entry], lang: Lang) -> String {
    let mut out = String::new();
    for entry in entries {
        let spec = entry.spec;
        let _ = writeln!(out, "{}  [{}]  {}", spec.name, status(entry, lang), spec.title);
        match entry.table {
            Some(table) => {
                let p = &table.provenance;
                let _ = writeln!(
                    out,
                    "  {}: {} ({} {})",
                    lang.pick("righe", "rows"),
                    table.len(),
                    table.codes(),
                    lang.pick("codici", "codes")
                );
                let file = p.file.as_deref().map(|f| format!(", {f}")).unwrap_or_default();
                let source = super::words::table_source(p, lang);
                let _ = writeln!(out, "  {}: {source}{file}", lang.pick("fonte", "source"));
                if let Some(licence) = &p.licence {
                    let _ = writeln!(out, "  {}: {licence}", lang.pick("licenza", "licence"));
                }
                if let Some(built) = &p.built {
                    let _ = writeln!(out, "  {}: {built}", lang.pick("costruita il", "built on"));
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "  {}",
                    lang.pick(
                        &format!("solo controllo di formato; per controllare i codici fornire {}.csv con --tabelle DIR", spec.name),
                        &format!("format check only; to check codes supply {}.csv with --tabelle DIR", spec.name),
                    )
                );
            }
        }
        let used = uses(spec, lang);
        if !used.is_empty() {
            let _ = writeln!(out, "  {}:", lang.pick("controlla", "checks"));
            for line in used {
                let _ = writeln!(out, "    {line}");
            }
        }
        out.push('\n');
    }
    out
}

pub fn list_json(entries: &[Entry]) -> String {
    let items: Vec<Value> = entries
        .iter()
        .map(|entry| {
            let spec = entry.spec;
            let origin = match entry.table.map(|t| &t.provenance.origin) {
                Some(Origin::Bundled) => "bundled",
                Some(Origin::User(_)) => "user",
                None => "absent",
            };
            let fields: Vec<Value> = spec
                .fields
                .iter()
                .map(|f| json!({"module": f.module.key(), "path": f.path}))
                .collect();
            let mut item = json!({
                "name": spec.name,
                "title": spec.title,
                "status": origin,
                "fields": fields,
                "other_uses": spec
                    .other_uses
                    .iter()
                    .map(|u| super::words::other_use(*u, Lang::En))
                    .collect::<Vec<_>>(),
            });
            if let Some(table) = entry.table {
                let p = &table.provenance;
                item["rows"] = json!(table.len());
                item["codes"] = json!(table.codes());
                item["provenance"] = json!({
                    "source": p.source,
                    "file": p.file,
                    "licence": p.licence,
                    "built": p.built,
                    "path": match &p.origin { Origin::User(path) => Some(path.display().to_string()), Origin::Bundled => None },
                });
            }
            item
        })
        .collect();
    format!("{}\n", serde_json::to_string_pretty(&items).unwrap_or_default())
}

/// How many codes a table shows in text before «… e altri N».
const SHOWN: usize = 15;

/// The codes found in one table, each distinct name once with its
/// periods, best first; at most [`SHOWN`] codes.
pub fn found(table: &Table, hits: &[Hit], lang: Lang) -> String {
    let mut out = String::new();
    for hit in hits.iter().take(SHOWN) {
        for entry in table.merged(&hit.rows) {
            let extra: Vec<String> = entry.columns.iter().map(|(c, v)| format!("{c}={v}")).collect();
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!("  [{}]", extra.join(", "))
            };
            let periods: Vec<String> = entry
                .periods
                .iter()
                .filter_map(|p| period(p.from, p.to, lang))
                .collect();
            let periods = if periods.is_empty() {
                String::new()
            } else {
                format!("  {}", periods.join(", "))
            };
            let _ = writeln!(
                out,
                "{} {}  {}{extra}{periods}",
                table.name, entry.code, entry.description
            );
        }
    }
    if hits.len() > SHOWN {
        let more = hits.len() - SHOWN;
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                &format!(
                    "… e altri {more} risultati in {}: aggiungere parole per restringere la ricerca",
                    table.name
                ),
                &format!(
                    "… and {more} more in {}: add words to narrow the search",
                    table.name
                ),
            )
        );
    }
    out
}

/// What a search in one table says: the codes found, or that none was.
pub fn lookup(table: &Table, query: &str, hits: &[Hit], lang: Lang) -> String {
    if hits.is_empty() {
        return lang
            .pick(
                &format!("{} {query}: non trovato\n", table.name),
                &format!("{} {query}: not found\n", table.name),
            )
            .to_string();
    }
    found(table, hits, lang)
}

/// A search in every loaded table: the tables with results, one block
/// each under its name; or, with none, that nothing was found and which
/// tables were not searched because they are not bundled.
pub fn lookup_all(query: &str, results: &[(&Table, Vec<Hit>)], absent: &[&str], lang: Lang) -> String {
    let mut out = String::new();
    for (table, hits) in results.iter().filter(|(_, hits)| !hits.is_empty()) {
        let one = hits.len() == 1;
        let noun = match lang {
            Lang::It if one => "risultato",
            Lang::It => "risultati",
            Lang::En if one => "result",
            Lang::En => "results",
        };
        let _ = writeln!(out, "{} ({} {noun})", table.name, hits.len());
        out.push_str(&found(table, hits, lang));
        out.push('\n');
    }
    if out.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                &format!("nessun codice né nome corrisponde a «{query}» nelle tabelle incluse"),
                &format!("no code or name matches `{query}` in the bundled tables"),
            )
        );
        if !absent.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                lang.pick(
                    &format!(
                        "non incluse, quindi non cercate (fornirle con --tabelle DIR): {}",
                        absent.join(", ")
                    ),
                    &format!(
                        "not bundled, so not searched (supply them with --tabelle DIR): {}",
                        absent.join(", ")
                    ),
                )
            );
        }
    }
    out
}

fn period(from: Option<Date>, to: Option<Date>, lang: Lang) -> Option<String> {
    Some(match (from, to) {
        (None, None) => return None,
        (Some(f), None) => lang.pick(&format!("dal {f}"), &format!("from {f}")).to_string(),
        (None, Some(t)) => lang
            .pick(&format!("fino al {t}"), &format!("until {t}"))
            .to_string(),
        (Some(f), Some(t)) => lang
            .pick(&format!("dal {f} al {t}"), &format!("from {f} to {t}"))
            .to_string(),
    })
}

fn hit_json(table: &Table, hit: &Hit) -> Value {
    let rows: Vec<Value> = hit
        .rows
        .iter()
        .map(|row| {
            let mut item = json!({
                "code": row.code,
                "description": row.description,
                "valid_from": row.valid_from.map(|d| d.to_string()),
                "valid_to": row.valid_to.map(|d| d.to_string()),
            });
            for column in &table.extra_columns {
                item[column.as_str()] = json!(row.column(table, column));
            }
            item
        })
        .collect();
    json!({
        "code": hit.rows.first().map(|r| r.code),
        "name": hit.name(),
        "rank": hit.rank.key(),
        "rows": rows,
    })
}

/// A search in one table as JSON: every code found, best first.
pub fn lookup_json(table: &Table, query: &str, hits: &[Hit]) -> String {
    let results: Vec<Value> = hits.iter().map(|hit| hit_json(table, hit)).collect();
    let value = json!({"table": table.name, "query": query, "found": !hits.is_empty(), "results": results});
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}

/// A search in every loaded table as JSON, grouped by table.
pub fn lookup_all_json(query: &str, results: &[(&Table, Vec<Hit>)]) -> String {
    let tables: Vec<Value> = results
        .iter()
        .filter(|(_, hits)| !hits.is_empty())
        .map(|(table, hits)| {
            json!({
                "table": table.name,
                "results": hits.iter().map(|hit| hit_json(table, hit)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({"query": query, "found": !tables.is_empty(), "tables": tables});
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}

pub fn not_loaded(name: &str, lang: Lang) -> String {
    lang.pick(
        &format!("la tabella {name} non è inclusa: fornirla con --tabelle DIR ({name}.csv)\n"),
        &format!("the table {name} is not bundled: supply it with --tabelle DIR ({name}.csv)\n"),
    )
    .to_string()
}
