//! `clic tabelle`: which code tables are in use, where they come from and
//! which fields they check; `clic tabelle [NAME] WORDS...` looks codes and
//! names up, in one table or in all of them.

use super::{EXIT_KO, EXIT_OK, emit, tables};
use crate::cli::TabelleArgs;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::report::ListFormat;
use crate::report::tabelle as render;
use crate::tabelle::catalogo::{CATALOGUE, spec};
use crate::tabelle::search::Query;

pub fn run(args: TabelleArgs, lang: Lang) -> Result<u8, Fatal> {
    let tables = tables(args.tabelle.as_deref(), lang)?;
    // A first word that names a table picks that table; the rest is the query.
    let named = args
        .words
        .first()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| spec(w).is_some());
    let words = &args.words[usize::from(named.is_some())..];
    if words.is_empty() {
        let entries: Vec<render::Entry> = CATALOGUE
            .iter()
            .filter(|spec| named.as_deref().is_none_or(|name| name == spec.name))
            .map(|spec| render::Entry {
                spec,
                table: tables.get(spec.name),
            })
            .collect();
        let text = match args.format {
            ListFormat::Text => render::list(&entries, lang),
            ListFormat::Json => render::list_json(&entries),
        };
        emit(&text, None)?;
        return Ok(EXIT_OK);
    }
    let shown = words.join(" ");
    let shown = shown.trim();
    let query = Query::new(shown);
    let found = match named {
        Some(name) => {
            let Some(table) = tables.get(&name) else {
                emit(&render::not_loaded(&name, lang), None)?;
                return Ok(EXIT_KO);
            };
            let hits = table.search(&query);
            let text = match args.format {
                ListFormat::Text => render::lookup(table, shown, &hits, lang),
                ListFormat::Json => render::lookup_json(table, shown, &hits),
            };
            emit(&text, None)?;
            !hits.is_empty()
        }
        None => {
            let mut results = Vec::new();
            let mut absent = Vec::new();
            for spec in CATALOGUE {
                match tables.get(spec.name) {
                    Some(table) => results.push((table, table.search(&query))),
                    None => absent.push(spec.name),
                }
            }
            let text = match args.format {
                ListFormat::Text => render::lookup_all(shown, &results, &absent, lang),
                ListFormat::Json => render::lookup_all_json(shown, &results),
            };
            emit(&text, None)?;
            results.iter().any(|(_, hits)| !hits.is_empty())
        }
    };
    Ok(if found { EXIT_OK } else { EXIT_KO })
}
