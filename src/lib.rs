//! `clic`: checks Italian labour-portal (Cliclavoro) XML communications
//! the way the national portal does, and bulk-imports them.
//!
//! Inputs (`input/`) produce documents; `schema/` and `rules/` produce
//! plain-data diagnostics; `engine` runs files in parallel; `report/`
//! renders. `cmd/` holds one file per subcommand.

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
pub mod records;
pub mod registry;
pub mod report;
pub mod rules;
pub mod schema;
pub mod send;
pub mod serve;
pub mod tabelle;

/// Entry point used by `main.rs`: parses arguments, runs, returns the exit code.
pub fn main() -> u8 {
    use clap::Parser;
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                cmd::EXIT_ERROR
            } else {
                cmd::EXIT_OK
            };
        }
    };
    cmd::dispatch(cli)
}
