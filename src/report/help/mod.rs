//! The words of the command line: help texts, headings and clap's argument
//! errors, one file per language (`it.rs`, `en.rs`). `cli.rs` defines the
//! arguments (derive); [`localize`] dresses the built `clap::Command` in the
//! chosen language at start-up, and [`error`] says clap's errors.

mod en;
mod it;
pub mod manual;

use clap::builder::{Command, PossibleValue};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction};

use crate::i18n::Lang;

/// Display order of the options every command has (`--lang`, `--color`,
/// `-h`, `-V`): after the command's own.
const LAST: usize = 1000;

/// The fixed words of help pages and argument errors in one language.
pub(super) struct Words {
    pub usage: &'static str,
    pub arguments: &'static str,
    pub options: &'static str,
    pub commands: &'static str,
    pub options_placeholder: &'static str,
    pub command_placeholder: &'static str,
    pub default: &'static str,
    pub values: &'static str,
    pub env: &'static str,
    pub help_flag: &'static str,
    pub version_flag: &'static str,
    pub help_command: &'static str,
    pub help_command_arg: &'static str,
    pub error: &'static str,
    pub more: &'static str,
    /// The man pages' footer: the manual they belong to.
    pub man_manual: &'static str,
    /// clap_mangen's section headings (always English) and ours.
    pub man_sections: &'static [(&'static str, &'static str)],
    pub man_exit_heading: &'static str,
    /// What exit codes 0, 1 and 2 mean.
    pub man_exit_codes: [&'static str; 3],
    pub man_see_also: &'static str,
    pub man_docs: &'static str,
}

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::It => &it::WORDS,
        Lang::En => &en::WORDS,
    }
}

/// What a command does; `path` is `clic`, `verify`, `codegen new`...
fn about(path: &str, lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::It => it::about(path),
        Lang::En => en::about(path),
    }
}

/// An argument's help: first the command's own, then the shared one
/// (options of every checking command, `--lang`).
fn arg_help(path: &str, id: &str, lang: Lang) -> Option<&'static str> {
    let pick = |p: &str| match lang {
        Lang::It => it::arg(p, id),
        Lang::En => en::arg(p, id),
    };
    pick(path).or_else(|| pick("*"))
}

fn value_name(name: &str, lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::It => it::value_name(name),
        Lang::En => None,
    }
}

/// The command line in `lang`: every about, argument help, heading and
/// value name, clap's `-h`/`-V` flags and its `help` command.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let mut cmd = localize_command(cmd, "clic", lang);
    let w = words(lang);
    cmd = cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(w.version_flag)
            .help_heading(w.options)
            .display_order(LAST + 1),
    );
    with_usages(cmd, lang)
}

fn localize_command(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let w = words(lang);
    if let Some(text) = about(path, lang) {
        cmd = cmd.about(text).long_about(None);
    }
    cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            w.usage
        ))
        .subcommand_help_heading(w.commands)
        .subcommand_value_name(w.command_placeholder)
        .disable_help_flag(true);
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        cmd = cmd.mut_arg(&id, |arg| localize_arg(arg, path, lang));
    }
    // Added after the others: clap orders headings by their first argument.
    cmd = cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(w.help_flag)
            .help_heading(w.options)
            .display_order(LAST),
    );
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in &names {
        let sub_path = if path == "clic" {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name, |sub| localize_command(sub, &sub_path, lang));
    }
    if !names.is_empty() {
        // clap's own `help` command speaks English only; ours is listed in
        // the same place, and `cli::help_to_flag` turns it into `--help`.
        cmd = cmd.disable_help_subcommand(true).subcommand(
            Command::new("help").about(w.help_command).arg(
                Arg::new("comando")
                    .num_args(..)
                    .value_name(w.command_placeholder)
                    .help(w.help_command_arg),
            ),
        );
    }
    cmd
}

fn localize_arg(mut arg: Arg, path: &str, lang: Lang) -> Arg {
    let w = words(lang);
    let id = arg.get_id().to_string();
    let mut help = arg_help(path, &id, lang)
        .map(str::to_string)
        .or_else(|| arg.get_help().map(|h| h.to_string()))
        .unwrap_or_default();
    // clap says "[default: …]" and "[possible values: …]" in English: say
    // them here and hide clap's.
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(PossibleValue::get_name)
        .map(str::to_string)
        .collect();
    let takes_values = arg.get_action().takes_values();
    if !possible.is_empty() && takes_values {
        help.push_str(&format!(" [{}: {}]", w.values, possible.join(", ")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && takes_values {
        help.push_str(&format!(" [{}: {}]", w.default, defaults.join(", ")));
    }
    if let Some(env) = arg.get_env() {
        help.push_str(&format!(" [{}: {}]", w.env, env.to_string_lossy()));
    }
    if let Some(names) = arg.get_value_names() {
        let names: Vec<clap::builder::Str> = names
            .iter()
            .map(|n| value_name(n.as_str(), lang).map_or_else(|| n.clone(), Into::into))
            .collect();
        arg = arg.value_names(names);
    }
    let heading = if arg.is_positional() {
        w.arguments
    } else {
        w.options
    };
    if takes_values {
        arg = arg.hide_possible_values(true).hide_default_value(true);
    }
    if arg.is_global_set() {
        arg = arg.display_order(LAST - 1);
    }
    if arg.get_env().is_some() {
        arg = arg.hide_env(true);
    }
    arg.help(help).long_help(None).help_heading(heading)
}

/// clap writes "[OPTIONS]" into usages; each command gets its usage with
/// the placeholder in `lang`.
fn with_usages(cmd: Command, lang: Lang) -> Command {
    let mut built = cmd.clone();
    built.build();
    apply_usages(cmd, &mut built, words(lang))
}

fn apply_usages(mut cmd: Command, built: &mut Command, w: &Words) -> Command {
    let usage = built.render_usage().to_string();
    let usage = usage
        .split_once(": ")
        .map_or(usage.as_str(), |(_, rest)| rest)
        .replace("[OPTIONS]", w.options_placeholder);
    cmd = cmd.override_usage(usage);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in names {
        if let Some(built_sub) = built.find_subcommand_mut(&name) {
            let mut built_sub = built_sub.clone();
            cmd = cmd.mut_subcommand(&name, |sub| apply_usages(sub, &mut built_sub, w));
        }
    }
    cmd
}

/// The commands and arguments of `cmd` that have no help text in one of
/// the languages, as `verify --out (en)`: a new option needs its words in
/// `it.rs` and `en.rs`.
pub fn missing_words(cmd: &Command) -> Vec<String> {
    let mut missing = Vec::new();
    collect_missing(cmd, "clic", &mut missing);
    missing
}

fn collect_missing(cmd: &Command, path: &str, missing: &mut Vec<String>) {
    for lang in [Lang::It, Lang::En] {
        let tag = match lang {
            Lang::It => "it",
            Lang::En => "en",
        };
        if about(path, lang).is_none() {
            missing.push(format!("{path} ({tag})"));
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if arg_help(path, id, lang).is_none() {
                missing.push(format!("{path} {id} ({tag})"));
            }
        }
    }
    for sub in cmd.get_subcommands() {
        let sub_path = if path == "clic" {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        collect_missing(sub, &sub_path, missing);
    }
}

/// One of clap's errors in `lang`: what is wrong, then the usage and
/// where to read more. Help and version requests are passed through.
pub fn error(error: &clap::Error, lang: Lang) -> String {
    let w = words(lang);
    match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return error.to_string(),
        _ => {}
    }
    let context = |kind| error.get(kind).map(value_text);
    let problem = Problem {
        kind: error.kind(),
        arg: context(ContextKind::InvalidArg),
        value: context(ContextKind::InvalidValue),
        valid: context(ContextKind::ValidValue).or_else(|| context(ContextKind::ValidSubcommand)),
        subcommand: context(ContextKind::InvalidSubcommand),
        prior: context(ContextKind::PriorArg),
        suggested: context(ContextKind::SuggestedArg)
            .or_else(|| context(ContextKind::SuggestedValue))
            .or_else(|| context(ContextKind::SuggestedSubcommand)),
        actual: context(ContextKind::ActualNumValues),
        expected: context(ContextKind::ExpectedNumValues).or_else(|| context(ContextKind::MinValues)),
        reason: std::error::Error::source(error).and_then(|s| s.downcast_ref::<BadValue>().cloned()),
    };
    let sentence = match lang {
        Lang::It => it::problem(&problem),
        Lang::En => en::problem(&problem),
    };
    let mut out = format!("{}: {sentence}\n", w.error);
    let mut command = String::new();
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, rest)| rest);
        out.push_str(&format!("\n{}: {usage}\n", w.usage));
        // The command's own words, before its options: `clic verify`.
        command = usage
            .split_whitespace()
            .take_while(|word| !word.starts_with(['[', '<', '-']))
            .collect::<Vec<_>>()
            .join(" ");
    }
    if command.is_empty() {
        command = "clic".into();
    }
    out.push_str(&format!("\n{}: {command} --help\n", w.more));
    out
}

/// What clap tells about a bad command line, as text.
pub(super) struct Problem {
    pub kind: ErrorKind,
    pub arg: Option<String>,
    pub value: Option<String>,
    pub valid: Option<String>,
    pub subcommand: Option<String>,
    pub prior: Option<String>,
    pub suggested: Option<String>,
    pub actual: Option<String>,
    pub expected: Option<String>,
    pub reason: Option<BadValue>,
}

fn value_text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(list) => list.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(list) => list.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Why an option's value was refused by one of our parsers (`cli.rs`):
/// plain data, said by [`error`] in the chosen language.
#[derive(Debug, Clone, PartialEq)]
pub enum BadValue {
    /// Not a whole number from `min` to `max`.
    Range { min: u64, max: u64 },
    /// Not a day `YYYY-MM-DD`.
    Day,
    /// Not a number of seconds up to a day.
    Seconds,
    /// Not a duration (`90s`, `15m`, `2h`) up to a week.
    Duration,
    /// Not a byte size.
    Size(crate::input::limits::SizeError),
    /// `import --format` that is neither a report nor a record format.
    ImportFormat,
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&en::bad_value(self))
    }
}

impl std::error::Error for BadValue {}
