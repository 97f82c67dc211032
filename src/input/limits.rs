//! Resource limits applied to every input. Each has a default and a flag;
//! a breach is a diagnostic on the entry or the archive, never a crash.

/// Ratios are only checked for entries larger than this: small files
/// compress extremely well (a CV of repeated tags can reach 100:1) and are
/// harmless, while a bomb needs size to do damage.
pub const RATIO_THRESHOLD: u64 = 1024 * 1024;

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

    #[test]
    fn formats_sizes_readably() {
        assert_eq!(format_bytes(10 << 20), "10 MiB");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(12), "12 B");
    }
}
