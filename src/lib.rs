//! `clic`: checks Italian labour-portal (Cliclavoro) XML communications
//! the way the national portal does, and bulk-imports them.
//!
//! Inputs (`input/`) produce documents; `schema/` and `rules/` produce
//! plain-data diagnostics; `engine` runs files in parallel; `report/`
//! renders. `cmd/` holds one file per subcommand.

pub mod across_files;
pub mod calendar;
pub mod checks;
pub mod chiusura;
pub mod cli;
pub mod cmd;
pub mod codice;
pub mod codice_fiscale;
pub mod counter;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod error;
pub mod fsutil;
pub mod hash;
pub mod i18n;
pub mod import;
pub mod input;
pub mod ledger;
pub mod module;
pub mod pg;
pub mod records;
pub mod registry;
pub mod repair;
pub mod report;
pub mod rules;
pub mod schema;
pub mod send;
pub mod serve;
pub mod tabelle;
pub mod xml;

/// Entry point used by `main.rs`: parses arguments, runs, returns the exit code.
pub fn main() -> u8 {
    use clap::FromArgMatches;
    let args = cli::help_to_flag(std::env::args_os().collect());
    let lang = cli::peek_lang(&args, std::env::var_os("CLIC_LANG").as_deref());
    let parsed = cli::command(lang)
        .try_get_matches_from(args)
        .and_then(|matches| cli::Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => cmd::dispatch(cli),
        Err(e) if e.use_stderr() => {
            eprint!("{}", report::help::error(&e, lang));
            cmd::EXIT_ERROR
        }
        Err(e) => {
            // Help and version, asked for: standard output, exit 0.
            let _ = e.print();
            cmd::EXIT_OK
        }
    }
}
