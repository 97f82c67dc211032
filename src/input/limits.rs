//! Resource limits applied to every input. Each has a default and a flag;
//! a breach is a diagnostic on the entry or the archive, never a crash.

use super::diagnostics;
use crate::diagnostic::{Diagnostic, Rule};

/// Ratios are only checked for entries larger than this: small files
/// compress extremely well (a CV of repeated tags can reach 100:1) and are
/// harmless. Past 64 KiB an honest communication (the portal's largest,
/// a Candidatura with every repeatable section filled, is about 20 KiB)
/// compresses at most 10 to 30:1, far under the default `--max-ratio`
/// 200, while a few hundred bytes that unpack to hundreds of KiB of
/// elements would be a bomb of work: the floor is low enough that no
/// small compressed entry costs more than reading 64 KiB.
pub const RATIO_THRESHOLD: u64 = 64 * 1024;

/// Findings of one code kept for one file: past this many, the rest are
/// only counted, and one finding (CL0033) says how many were left out.
/// Every report format shows what is kept, so none grows with a hostile
/// file's thousands of identical findings.
pub const FINDINGS_PER_CODE: usize = 100;

/// How many findings of each code one file has had so far.
#[derive(Debug, Default)]
pub struct FindingCounts {
    counts: Vec<(&'static Rule, usize)>,
}

impl FindingCounts {
    /// Counts one finding of `rule`: whether it is among the first
    /// [`FINDINGS_PER_CODE`] of its code, and so kept.
    pub fn keep(&mut self, rule: &'static Rule) -> bool {
        // A file has findings of a few codes: a list beats a map.
        let at = match self.counts.iter().position(|(r, _)| r.code == rule.code) {
            Some(at) => at,
            None => {
                self.counts.push((rule, 0));
                self.counts.len() - 1
            }
        };
        self.counts[at].1 += 1;
        self.counts[at].1 <= FINDINGS_PER_CODE
    }

    /// Findings of `rule` counted and not kept.
    fn dropped(&self, rule: &Rule) -> usize {
        self.counts
            .iter()
            .find(|(r, _)| r.code == rule.code)
            .map_or(0, |&(_, n)| n.saturating_sub(FINDINGS_PER_CODE))
    }
}

/// Keeps the first [`FINDINGS_PER_CODE`] findings of each code of one
/// file, in their order, and adds one CL0033 per code that had more,
/// saying how many there were in all. `earlier` are the counts of a
/// stage that already dropped some (the document pass keeps no more than
/// this either, so that a hostile file's findings never fill the memory).
pub fn cap_findings(diagnostics: &mut Vec<Diagnostic>, earlier: &FindingCounts) {
    let mut counts = FindingCounts::default();
    diagnostics.retain(|d| counts.keep(d.rule));
    let rules: Vec<(&'static Rule, usize)> = counts
        .counts
        .iter()
        .chain(earlier.counts.iter())
        .map(|&(rule, _)| (rule, counts.dropped(rule) + earlier.dropped(rule)))
        .collect();
    let mut said: Vec<&str> = Vec::new();
    for (rule, omitted) in rules {
        if omitted == 0 || said.contains(&rule.code) {
            continue;
        }
        said.push(rule.code);
        let shown = diagnostics.iter().filter(|d| d.rule.code == rule.code).count();
        diagnostics.push(
            Diagnostic::new(&diagnostics::SEGNALAZIONI_OMESSE)
                .arg("codice", rule.code)
                .arg("totale", shown + omitted)
                .arg("mostrate", shown)
                .arg("omesse", omitted),
        );
    }
}

/// The deepest nesting a user may ask for; past this the parser's
/// recursion would need more stack than the worker threads are given.
pub const MAX_DEPTH_CEILING: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries in one archive, or files in one folder.
    pub max_entries: u64,
    /// Uncompressed bytes of one file.
    pub max_entry_bytes: u64,
    /// Uncompressed bytes of one archive (or folder, or stdin).
    pub max_total_bytes: u64,
    /// Uncompressed / compressed, for entries past [`RATIO_THRESHOLD`].
    pub max_ratio: u64,
    /// Element nesting levels in one document.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 100_000,
            max_entry_bytes: 10 * 1024 * 1024,
            max_total_bytes: 1024 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 128,
        }
    }
}

/// Parses a byte size: `1048576`, `512K`, `10MiB`, `1G`, `1GiB`, `2 MB`.
/// Units are binary (K = 1024), as users of archive tools expect.
pub fn parse_bytes(text: &str) -> Result<u64, SizeError> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let number: u64 = digits
        .parse()
        .map_err(|_| SizeError::NotANumber(text.to_string()))?;
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        other => return Err(SizeError::UnknownUnit(other.to_string())),
    };
    number
        .checked_mul(multiplier)
        .ok_or_else(|| SizeError::TooLarge(text.to_string()))
}

/// Why a byte size cannot be read; each holds the text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeError {
    NotANumber(String),
    UnknownUnit(String),
    TooLarge(String),
}

/// Formats a byte count the way [`parse_bytes`] reads it back.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {unit}", bytes / size);
        }
        if bytes >= size {
            return format!("{:.1} {unit}", bytes as f64 / size as f64);
        }
    }
    format!("{bytes} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes_with_binary_units() {
        assert_eq!(parse_bytes("1048576"), Ok(1 << 20));
        assert_eq!(parse_bytes("10MiB"), Ok(10 << 20));
        assert_eq!(parse_bytes("512k"), Ok(512 << 10));
        assert_eq!(parse_bytes("1 GiB"), Ok(1 << 30));
        assert!(parse_bytes("ten").is_err());
        assert!(parse_bytes("5X").is_err());
        assert!(parse_bytes("99999999999999999999T").is_err());
    }

    /// The first hundred of each code are kept in their order, with the
    /// ones an earlier stage dropped counted in CL0033's total; codes
    /// under the cap get no note.
    #[test]
    fn findings_past_the_cap_are_counted_not_kept() {
        use crate::diagnostic::Position;
        use crate::schema::diagnostics::{ATTRIBUTO_NON_PREVISTO, ELEMENTO_NON_PREVISTO};
        let at = |line| Diagnostic::new(&ELEMENTO_NON_PREVISTO).at(Some(Position { line, column: 1 }));
        let mut earlier = FindingCounts::default();
        let mut found: Vec<Diagnostic> = (1..=250)
            .filter(|_| earlier.keep(&ELEMENTO_NON_PREVISTO))
            .map(at)
            .collect();
        found.extend((0..3).map(|_| Diagnostic::new(&ATTRIBUTO_NON_PREVISTO)));
        found.extend((251..=260).map(at));
        cap_findings(&mut found, &earlier);
        let kept: Vec<u32> = found
            .iter()
            .filter(|d| d.rule.code == "CL0102")
            .map(|d| d.position.unwrap().line)
            .collect();
        assert_eq!(kept, (1..=FINDINGS_PER_CODE as u32).collect::<Vec<_>>());
        assert_eq!(found.iter().filter(|d| d.rule.code == "CL0111").count(), 3);
        let notes: Vec<&Diagnostic> = found.iter().filter(|d| d.rule.code == "CL0033").collect();
        assert_eq!(notes.len(), 1);
        let arg = |name| match notes[0].get(name) {
            Some(crate::diagnostic::Arg::Plain(value)) => value.clone(),
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(
            [arg("codice"), arg("totale"), arg("mostrate"), arg("omesse")],
            ["CL0102", "260", "100", "160"]
        );
    }

    #[test]
    fn formats_sizes_readably() {
        assert_eq!(format_bytes(10 << 20), "10 MiB");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(12), "12 B");
    }
}
