//! `clic completamento SHELL`: the completion script for a shell; and the
//! hidden `clic pacchetto DIR`, which writes what a package installs
//! beside the binary (man pages in both languages, completions).

use std::path::Path;

use super::EXIT_OK;
use crate::cli::{self, CompletamentoArgs, PacchettoArgs, ShellArg};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::report::help::manual;

pub fn run(args: CompletamentoArgs, lang: Lang) -> Result<u8, Fatal> {
    let script = manual::completion(cli::command(lang), shell(args.shell));
    super::emit_with(None, |out| out.write_all(&script))?;
    Ok(EXIT_OK)
}

fn shell(arg: ShellArg) -> clap_complete::Shell {
    match arg {
        ShellArg::Bash => clap_complete::Shell::Bash,
        ShellArg::Zsh => clap_complete::Shell::Zsh,
        ShellArg::Fish => clap_complete::Shell::Fish,
        ShellArg::Powershell => clap_complete::Shell::PowerShell,
    }
}

/// `DIR/man/it/*.1`, `DIR/man/en/*.1` and `DIR/completamenti/` with the
/// file names the shells look for (`clic.bash`, `_clic`, `clic.fish`):
/// the paths `[package.metadata.deb]` lists. Completions are Italian,
/// the default language.
pub fn package(args: PacchettoArgs) -> Result<u8, Fatal> {
    for (lang, folder) in [(Lang::It, "it"), (Lang::En, "en")] {
        let dir = args.dir.join("man").join(folder);
        let pages = manual::pages(cli::command(lang), lang).map_err(|e| write_error(&dir, e))?;
        for page in pages {
            write(&dir.join(&page.file_name), page.roff.as_bytes())?;
        }
    }
    let dir = args.dir.join("completamenti");
    for (arg, file_name) in [
        (ShellArg::Bash, "clic.bash"),
        (ShellArg::Zsh, "_clic"),
        (ShellArg::Fish, "clic.fish"),
    ] {
        let script = manual::completion(cli::command(Lang::It), shell(arg));
        write(&dir.join(file_name), &script)?;
    }
    Ok(EXIT_OK)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Fatal> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
    }
    crate::fsutil::write_atomic(path, bytes).map_err(|e| write_error(path, e))
}

fn write_error(path: &Path, e: std::io::Error) -> Fatal {
    Fatal::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}
