//! Words for people who read a report away from a terminal: `clic serve`'s
//! page, the HTML report and the spreadsheet. The rules' own texts are
//! written for the terminal too and name command-line options (`--tabelle`,
//! `--max-entries`) or commands (`zip -X`, `clic tabelle`); a secretary on
//! Windows can do nothing with those. Here the same advice is said as what
//! the person can do, and counts are written in the language's style
//! (20.000 / 20,000). The terminal's text report and `clic explain` keep
//! the rules' texts as they are.

use super::findings::Unloaded;
use super::{explain, number, plural};
use crate::diagnostic::{Arg, Diagnostic, Rule};
use crate::engine::Outcome;
use crate::i18n::Lang;
use crate::input::InputKind;

/// Messages that name an option: (code, Italian, English), placeholders as
/// the rule's own message has them.
const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "CL0003",
        "Il file è di {dimensione}, oltre il limite di {limite} per file: una comunicazione pesa pochi kilobyte.",
        "The file is {dimensione}, over the limit of {limite} per file: a communication is a few kilobytes.",
    ),
    (
        "CL0013",
        "L'archivio dichiara {voci} voci, oltre il limite di {limite}.",
        "The archive declares {voci} entries, over the limit of {limite}.",
    ),
    (
        "CL0014",
        "L'archivio si espande a {dimensione}, oltre il limite di {limite}.",
        "The archive expands to {dimensione}, over the limit of {limite}.",
    ),
    (
        "CL0032",
        "Gli elementi sono annidati oltre {limite} livelli: non è una comunicazione Cliclavoro.",
        "Elements are nested deeper than {limite} levels: this is not a Cliclavoro communication.",
    ),
    (
        "CL0703",
        "Il codice «{valore}» indicato nell'elenco dei codici per questo file non è quello di un invio di {modulo}: {motivo}.",
        "The code `{valore}` given in the list of codes for this file is not that of a {modulo} sending: {motivo}.",
    ),
    (
        "CL0704",
        "Il file ha il codice «{valore}» e l'elenco dei codici indica «{altro}»: si chiude «{valore}».",
        "The file has the code `{valore}` and the list of codes gives `{altro}`: `{valore}` is closed.",
    ),
];

/// "How to fix" paragraphs that name an option or a command: (code,
/// Italian, English).
const FIXES: &[(&str, &str, &str)] = &[
    (
        "CL1099",
        "Correggere a mano i problemi rimasti, come li descrivono le altre segnalazioni del file, nel programma che ha prodotto il file.",
        "Fix the remaining problems by hand, as the file's other findings describe them, in the program that produced the file.",
    ),
    (
        "CL0003",
        "Controllare il file: una comunicazione pesa pochi kilobyte. Se è davvero una comunicazione, chiedere a chi gestisce clic di alzare il limite per file.",
        "Check the file: a communication is a few kilobytes. If it really is one, ask whoever runs clic to raise the per-file limit.",
    ),
    (
        "CL0004",
        "Verificare da dove viene l'archivio e ricrearlo dai file originali; se l'archivio è fidato, chiedere a chi gestisce clic di alzare il limite.",
        "Check where the archive came from and create it again from the original files; if it is trusted, ask whoever runs clic to raise the limit.",
    ),
    (
        "CL0011",
        "Non serve fare nulla: il file non contiene comunicazioni e viene saltato.",
        "Nothing to do: the file holds no communication and is skipped.",
    ),
    (
        "CL0013",
        "Dividere i file in più archivi .zip e caricarli uno alla volta.",
        "Split the files into several .zip archives and upload them one at a time.",
    ),
    (
        "CL0014",
        "Dividere i file in più archivi .zip e caricarli uno alla volta.",
        "Split the files into several .zip archives and upload them one at a time.",
    ),
    (
        "CL0032",
        "Controllare il file: non è una comunicazione. Esportare di nuovo la comunicazione in XML.",
        "Check the file: it is not a communication. Export the communication again as XML.",
    ),
    (
        "CL0301",
        "Usare un codice della tabella indicata nel messaggio.",
        "Use a code of the table the message names.",
    ),
    (
        "CL0305",
        "Correggere il codice del comune (il codice catastale, per esempio H501 per Roma).",
        "Correct the municipality's code (its cadastral code, e.g. H501 for Rome).",
    ),
    (
        "CL0501",
        "Indicare nel campo ...precedente il codice assegnato alla comunicazione da chiudere.",
        "Put the code assigned to the communication being closed in the ...precedente field.",
    ),
    (
        "CL0505",
        "Copiare il codice esattamente come assegnato dal sistema.",
        "Copy the code exactly as the system assigned it.",
    ),
    (
        "CL0506",
        "Scrivere 25 zeri nel codice; se la comunicazione viene inviata in cooperazione applicativa, chiedere a chi gestisce clic di verificarla in quella modalità.",
        "Write 25 zeros in the code; if the communication is sent by application cooperation, ask whoever runs clic to check it in that mode.",
    ),
    (
        "CL0507",
        "Assegnare il codice della comunicazione.",
        "Assign the communication's code.",
    ),
    (
        "CL0701",
        "Aggiungere all'elenco dei codici una riga con il nome del file e il codice che il portale ha assegnato (visibile in «Controllo elaborazione»).",
        "Add a line with the file's name and the code the portal assigned (shown in \"Controllo elaborazione\") to the list of codes.",
    ),
    (
        "CL0702",
        "Chiudere solo i CV e le vacancy da ritirare.",
        "Close only the CVs and vacancies to withdraw.",
    ),
    (
        "CL0703",
        "Correggere il codice nell'elenco dei codici.",
        "Correct the code in the list of codes.",
    ),
    (
        "CL0704",
        "Togliere o correggere la riga di questo file nell'elenco dei codici.",
        "Remove or correct this file's line in the list of codes.",
    ),
    (
        "CL0705",
        "Controllare la riga di questo file nell'elenco dei codici, oppure togliere il file doppio.",
        "Check this file's line in the list of codes, or remove the duplicate file.",
    ),
    (
        "CL0801",
        "Togliere il messaggio dall'archivio.",
        "Remove the message from the archive.",
    ),
];

/// Arguments that are counts, by code: written 20.000 / 20,000. Only
/// these: other digits in arguments are codes (a codice fiscale, a
/// communication's code) and stay as written.
const COUNTS: &[(&str, &[&str])] = &[
    ("CL0004", &["rapporto", "limite"]),
    ("CL0013", &["voci", "limite"]),
    ("CL0020", &["offset"]),
    ("CL0023", &["offset"]),
    ("CL0032", &["limite"]),
];

fn pick(table: &[(&str, &'static str, &'static str)], code: &str, lang: Lang) -> Option<&'static str> {
    table
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, it, en)| lang.pick(it, en))
}

/// A diagnostic's message for a person: no option names, counts in the
/// language's style.
pub fn message(diagnostic: &Diagnostic, lang: Lang) -> String {
    let code = diagnostic.rule.code;
    let counts = COUNTS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(&[][..], |(_, a)| *a);
    let template = pick(MESSAGES, code, lang);
    if template.is_none() && counts.is_empty() {
        return super::message(diagnostic, lang);
    }
    let args: Vec<(&'static str, Arg)> = diagnostic
        .args
        .iter()
        .map(|(name, arg)| match arg {
            Arg::Plain(text) if counts.contains(name) => (*name, Arg::Plain(count(text, lang))),
            other => (*name, other.clone()),
        })
        .collect();
    let template = template.unwrap_or_else(|| diagnostic.rule.message.get(lang));
    super::fill(template, &args, lang)
}

/// A plain count written in the language's style; anything else as is.
fn count(text: &str, lang: Lang) -> String {
    match text.parse::<u64>() {
        Ok(n) if !text.starts_with('0') || text == "0" => number(n, lang),
        _ => text.to_string(),
    }
}

/// A rule's "how to fix" for a person.
pub fn fix(rule: &Rule, lang: Lang) -> String {
    pick(FIXES, rule.code, lang).map_or_else(|| super::fix(rule, lang), str::to_string)
}

/// A rule's explanation for a person: the terminal's asides (an option, a
/// command) left out, and the "how to fix" paragraph said as [`fix`] says it.
pub fn explanation(rule: &Rule, lang: Lang) -> String {
    let text = explain::explanation(rule, lang);
    let label = lang.pick("Come correggere:", "Fix:");
    let body = match text.rfind(label) {
        Some(at) => text[..at].trim_end(),
        None => text.as_str(),
    };
    let body = without_terminal_asides(body);
    format!("{body}\n\n{label} {}", fix(rule, lang))
}

/// Whether text names an option or a command a person types.
pub fn names_terminal(text: &str) -> bool {
    let bytes = text.as_bytes();
    let option = bytes
        .windows(3)
        .any(|w| w[0] == b'-' && w[1] == b'-' && w[2].is_ascii_lowercase());
    let command = [
        "clic verify",
        "clic import",
        "clic close",
        "clic tabelle",
        "clic codegen",
        "clic explain",
        "clic serve",
        "zip -X",
    ]
    .iter()
    .any(|c| text.contains(c));
    option || command
}

/// `text` without the parenthesised asides and the sentences that name an
/// option or a command.
fn without_terminal_asides(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let aside = &rest[open..=close];
        if !names_terminal(aside) {
            out.push_str(aside);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out.split("\n\n")
        .map(|paragraph| {
            paragraph
                .split_inclusive(". ")
                .filter(|sentence| !names_terminal(sentence))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// "Totale: 20.000 file, 19.996 OK, 4 KO, 12 avvisi".
pub fn summary_line(outcome: &Outcome, lang: Lang) -> String {
    let s = outcome.summary();
    format!(
        "{}: {}, {} OK, {} KO, {}",
        lang.pick("Totale", "Total"),
        counted(s.files, lang, ("file", "file"), ("file", "files")),
        number(s.ok as u64, lang),
        number(s.ko as u64, lang),
        counted(s.warnings, lang, ("avviso", "avvisi"), ("warning", "warnings")),
    )
}

/// [`plural`]: the count in the language's style, and its word.
pub fn counted(n: usize, lang: Lang, it: (&str, &str), en: (&str, &str)) -> String {
    plural(n, lang, it, en)
}

/// The note on code tables that are not loaded, for a person: what it
/// means for their files and who can help, with no option to type.
pub fn unloaded_tables_note(unloaded: &Unloaded, lang: Lang) -> Option<String> {
    unloaded.tables.first()?;
    let tables = unloaded.tables.join(", ");
    let files = counted(unloaded.files, lang, ("file", "file"), ("file", "files"));
    Some(match lang {
        Lang::It => format!(
            "Alcune tabelle di codici non sono disponibili su questo computer ({tables}): in {files} i codici di questi campi sono stati controllati solo nel formato, non nel valore. Non è un errore dei file. Per il controllo completo, chi gestisce clic può aggiungere le tabelle ufficiali."
        ),
        Lang::En => format!(
            "Some code tables are not available on this computer ({tables}): in {files} the codes of these fields were checked for their format only, not their value. This is not an error in the files. For the full check, whoever runs clic can add the official tables."
        ),
    })
}

/// "Segnalazioni sull'archivio" / "...sulla cartella" / "...sul file".
pub fn findings_about(kind: InputKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (InputKind::Folder, Lang::It) => "Segnalazioni sulla cartella",
        (InputKind::Folder, Lang::En) => "Findings about the folder",
        (InputKind::File, Lang::It) => "Segnalazioni sul file",
        (InputKind::File, Lang::En) => "Findings about the file",
        (InputKind::Archive | InputKind::Stdin, Lang::It) => "Segnalazioni sull'archivio",
        (InputKind::Archive | InputKind::Stdin, Lang::En) => "Findings about the archive",
    }
}

/// The verdict of an input that could not be read at all (an unreadable
/// or empty archive, a folder over a limit): what happened, as the
/// verdict, instead of counts of zero files.
pub fn unreadable_input(outcome: &Outcome, lang: Lang) -> Option<String> {
    let input = outcome
        .inputs
        .iter()
        .find(|i| outcome.files_of(i).is_empty() && i.diagnostics.iter().any(Diagnostic::is_error))?;
    let first = input.diagnostics.iter().find(|d| d.is_error())?;
    let name = input.path.rsplit(['/', '\\']).next().unwrap_or(&input.path);
    Some(match lang {
        Lang::It => format!(
            "«{name}» non si può controllare. {} {}",
            message(first, lang),
            fix(first.rule, lang)
        ),
        Lang::En => format!(
            "`{name}` cannot be checked. {} {}",
            message(first, lang),
            fix(first.rule, lang)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::input::diagnostics;

    #[test]
    fn no_rule_says_an_option_or_a_command_to_a_person() {
        for rule in crate::registry::all() {
            for lang in [Lang::It, Lang::En] {
                let fix = fix(rule, lang);
                assert!(!names_terminal(&fix), "{} fix ({lang:?}): {fix}", rule.code);
                let explanation = explanation(rule, lang);
                assert!(
                    !names_terminal(&explanation),
                    "{} explanation ({lang:?}): {explanation}",
                    rule.code
                );
                let template = pick(MESSAGES, rule.code, lang).unwrap_or(rule.message.get(lang));
                assert!(!names_terminal(template), "{} message ({lang:?})", rule.code);
                assert!(explanation.len() > 40, "{}: {explanation}", rule.code);
            }
        }
    }

    #[test]
    fn the_thumbs_db_note_says_nothing_to_do_and_no_zip_command() {
        let rule = &diagnostics::VOCE_IGNORATA;
        assert!(
            super::super::fix(rule, Lang::It).contains("zip -X"),
            "the terminal's fix"
        );
        assert_eq!(
            fix(rule, Lang::It),
            "Non serve fare nulla: il file non contiene comunicazioni e viene saltato."
        );
    }

    #[test]
    fn counts_in_messages_are_in_the_languages_style_and_codes_are_not() {
        let d = Diagnostic::new(&diagnostics::TROPPE_VOCI)
            .arg("voci", 150_000u64)
            .arg("limite", 100_000u64);
        assert_eq!(
            message(&d, Lang::It),
            "L'archivio dichiara 150.000 voci, oltre il limite di 100.000."
        );
        assert_eq!(
            message(&d, Lang::En),
            "The archive declares 150,000 entries, over the limit of 100,000."
        );
        assert_eq!(
            count("0000011033000000000000001", Lang::It),
            "0000011033000000000000001"
        );
    }

    #[test]
    fn asides_naming_options_are_left_out_and_others_kept() {
        assert_eq!(
            without_terminal_asides(
                "Un nodo (--modalita cooperazione) compila il codice (Modelli §6). Si usa --x qui. Fine."
            ),
            "Un nodo compila il codice (Modelli §6). Fine."
        );
    }
}
