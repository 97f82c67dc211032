//! `--format concise`: one line per finding, `path:line:column: CODE
//! message`, as compilers and ruff print them, for editors, grep and CI
//! problem matchers (`.github/clic-problem-matcher.json`). The path is a
//! file in the repository: a finding inside an archive is `archive.zip:
//! CODE entry:line:column: message` (the archive is the file, the entry is
//! not), and one without a position is `path: CODE message`. Nothing else
//! is printed: the verdict is the exit code (and, with `--out`, the summary
//! on stderr).

use std::io::{self, Write};

use super::findings::{self, Finding};
use super::message;
use crate::engine::Outcome;
use crate::i18n::Lang;

pub fn write(outcome: &Outcome, lang: Lang, out: &mut dyn io::Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    for finding in findings::all(outcome) {
        writeln!(out, "{}", line(&finding, lang))?;
    }
    out.flush()
}

/// One finding's line. Line breaks in the message (none today) would break
/// the one-line contract: they become spaces.
fn line(finding: &Finding<'_>, lang: Lang) -> String {
    let d = finding.diagnostic;
    let place = finding.place();
    let mut at = place.path.clone();
    let mut inside = String::new();
    match (place.entry, d.position) {
        (Some(entry), Some(p)) => inside = format!("{entry}:{}:{}: ", p.line, p.column),
        (Some(entry), None) => inside = format!("{entry}: "),
        (None, Some(p)) => at.push_str(&format!(":{}:{}", p.line, p.column)),
        (None, None) => {}
    }
    let text: String = message(d, lang)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{at}: {} {inside}{text}", d.rule.code)
}
