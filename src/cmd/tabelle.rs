//! `clic tabelle`: which code tables are in use, where they come from and
//! which fields they check; `clic tabelle NAME CODE` looks a code up.

use super::{EXIT_KO, EXIT_OK, emit, tables};
use crate::cli::TabelleArgs;
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::report::ListFormat;
use crate::report::tabelle as render;
use crate::tabelle::catalogo::{CATALOGUE, spec};

pub fn run(args: TabelleArgs, lang: Lang) -> Result<u8, Fatal> {
    let tables = tables(args.tabelle.as_deref(), lang)?;
    let (Some(name), Some(code)) = (&args.name, &args.code) else {
        let entries: Vec<render::Entry> = CATALOGUE
            .iter()
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
    };
    let name = name.to_ascii_lowercase();
    if spec(&name).is_none() {
        return Err(Fatal::UnknownTable(name));
    }
    let Some(table) = tables.get(&name) else {
        emit(&render::not_loaded(&name, lang), None)?;
        return Ok(EXIT_KO);
    };
    let rows = table.find(code);
    let text = match args.format {
        ListFormat::Text => render::lookup(table, code.trim(), &rows, lang),
        ListFormat::Json => render::lookup_json(table, code.trim(), &rows),
    };
    emit(&text, None)?;
    Ok(if rows.is_empty() { EXIT_KO } else { EXIT_OK })
}
