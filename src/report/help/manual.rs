//! Man pages and shell completions, rendered from the command line as
//! [`super::localize`] dresses it: the same words as `--help`, so the
//! packaged pages cannot say something the binary does not do.

use std::io::Write;

use clap::Command;

use crate::i18n::Lang;

/// One man page: its file name (`clic-verify.1`) and its roff source.
pub struct Page {
    pub file_name: String,
    pub roff: String,
}

/// A page for `clic` and one for every subcommand, nested ones included
/// (`clic-codegen-new.1`); hidden commands and `help` have none.
pub fn pages(cmd: Command, lang: Lang) -> std::io::Result<Vec<Page>> {
    let mut cmd = cmd;
    // Sets every subcommand's bin_name (`clic verify`), which the synopsis shows.
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, "clic", lang, &mut pages)?;
    Ok(pages)
}

fn collect(cmd: &Command, page_name: &str, lang: Lang, pages: &mut Vec<Page>) -> std::io::Result<()> {
    pages.push(Page {
        file_name: format!("{page_name}.1"),
        roff: render(cmd, page_name, lang)?,
    });
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        collect(sub, &format!("{page_name}-{}", sub.get_name()), lang, pages)?;
    }
    Ok(())
}

fn render(cmd: &Command, page_name: &str, lang: Lang) -> std::io::Result<String> {
    let w = super::words(lang);
    // clap_mangen names a subcommand's page after the command: give it
    // the page's name, so that NAME and the cross references agree.
    let mut named = cmd.clone().name(page_name.to_string());
    if named.find_subcommand("help").is_some() {
        // `clic help X` is `clic X --help`: no page of its own to list.
        named = named.mut_subcommand("help", |help| help.hide(true));
    }
    let man = clap_mangen::Man::new(named)
        .title(page_name.to_uppercase())
        .section("1")
        .source(format!("clic {}", env!("CARGO_PKG_VERSION")))
        .manual(w.man_manual);
    let mut bytes = Vec::new();
    man.render(&mut bytes)?;
    let english = String::from_utf8_lossy(&bytes);
    let mut roff = String::with_capacity(english.len() + 512);
    for line in english.lines() {
        if line.starts_with(".TH ") {
            // clap_mangen leaves an empty date unquoted, which shifts the
            // source and the manual one place left in the header.
            roff.push_str(&format!(
                ".TH {} 1 \"\" \"clic {}\" \"{}\"\n",
                page_name.to_uppercase().replace('-', "\\-"),
                env!("CARGO_PKG_VERSION"),
                w.man_manual
            ));
            // No hyphenation: groff's patterns are English, and would
            // break Italian words in the wrong places.
            roff.push_str(".nh\n");
            continue;
        }
        let heading = line.strip_prefix(".SH ").and_then(|h| {
            w.man_sections
                .iter()
                .find(|(theirs, _)| *theirs == h)
                .map(|(_, ours)| *ours)
        });
        match heading {
            Some(ours) => roff.push_str(&format!(".SH {ours}")),
            None => roff.push_str(line),
        }
        roff.push('\n');
    }
    let mut tail = Vec::new();
    writeln!(tail, ".SH {}", w.man_exit_heading)?;
    for (code, meaning) in w.man_exit_codes.iter().enumerate() {
        writeln!(tail, ".TP\n{code}\n{}", escape(meaning))?;
    }
    writeln!(tail, ".SH {}\n{}", w.man_see_also, escape(w.man_docs))?;
    roff.push_str(&String::from_utf8_lossy(&tail));
    Ok(roff)
}

/// Text as a roff line: a leading dot or quote would start a request, a
/// backslash an escape.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) {
        format!("\\&{text}")
    } else {
        text
    }
}

/// The completion script of `shell` for the command line in its language
/// (zsh, fish and PowerShell show each option's help beside it).
pub fn completion(cmd: Command, shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = cmd;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "clic", &mut script);
    script
}
