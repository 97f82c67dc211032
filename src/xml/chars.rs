//! The character classes of XML 1.0, fifth edition (productions 2, 4, 4a, 5).

/// `Char`: what may appear in a document at all.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `NameStartChar`.
pub fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// `NameChar`.
pub fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// In [`ASCII`]: a `NameStartChar`.
pub(super) const START: u8 = 1;
/// In [`ASCII`]: a `NameChar`.
pub(super) const NAME: u8 = 2;

/// The two productions on the ASCII bytes, decided once.
pub(super) static ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphabetic() || c == b'_' || c == b':' {
            table[b] = START | NAME;
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            table[b] = NAME;
        }
        b += 1;
    }
    table
};

/// In [`BYTES`]: a byte beyond ASCII.
pub(super) const HIGH: u8 = 4;

/// [`ASCII`] over every byte value, with [`HIGH`] for the bytes of
/// characters beyond ASCII: a name is scanned with one look-up a byte.
pub(super) static BYTES: [u8; 256] = {
    let mut table = [HIGH; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = ASCII[b];
        b += 1;
    }
    table
};

/// Whether two byte strings are the same, compared inline: names are a
/// few bytes long, and a call to `memcmp` costs more than comparing them
/// eight bytes (or fewer) at a time.
#[inline(always)]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    if len >= 8 {
        // Eight bytes at a time; the last word overlaps the one before.
        let mut at = 0;
        while at + 8 < len {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        return word(a, len - 8) == word(b, len - 8);
    }
    if len >= 4 {
        return half(a, 0) == half(b, 0) && half(a, len - 4) == half(b, len - 4);
    }
    // Up to three bytes: the first, the middle one and the last.
    len == 0 || (a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1])
}

/// [`same_bytes`] on text.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// Whether a name's first character is a `NameStartChar`; ASCII by table.
pub(super) fn starts_with_name_start_char(name: &str) -> bool {
    match name.as_bytes().first() {
        None => false,
        Some(&b) if b < 0x80 => ASCII[b as usize] & START != 0,
        Some(_) => name.starts_with(is_name_start_char),
    }
}

/// `Name`.
pub fn is_name(name: &str) -> bool {
    // Most names are ASCII: decided on bytes, by table; any other byte
    // sends the whole name to the productions.
    let bytes = name.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if first >= 0x80 {
        return is_name_by_chars(name);
    }
    if ASCII[first as usize] & START == 0 {
        return false;
    }
    for &b in &bytes[1..] {
        if b >= 0x80 {
            return is_name_by_chars(name);
        }
        if ASCII[b as usize] & NAME == 0 {
            return false;
        }
    }
    true
}

fn is_name_by_chars(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_table_is_the_productions() {
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(ASCII[b as usize] & START != 0, is_name_start_char(c), "{c:?}");
            assert_eq!(ASCII[b as usize] & NAME != 0, is_name_char(c), "{c:?}");
        }
        for name in [
            "a",
            "a-1",
            "_x.y",
            ":",
            "a:b",
            "-a",
            "1a",
            "",
            "a b",
            "é",
            "aé",
            "a\u{B7}",
            "\u{B7}a",
            "a\u{2040}",
        ] {
            assert_eq!(is_name(name), is_name_by_chars(name), "{name:?}");
        }
        for b in 0..=255u8 {
            let expected = if b < 0x80 { ASCII[b as usize] } else { HIGH };
            assert_eq!(BYTES[b as usize], expected, "{b}");
        }
    }

    #[test]
    fn same_is_equality_at_every_length() {
        let base: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for len in 0..40 {
            let a = &base[..len];
            assert!(same_bytes(a, a));
            assert!(!same_bytes(a, &base[..len + 1]));
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{len} {at}");
                assert!(same_bytes(&b, &b.clone()));
            }
        }
        assert!(same("codicefiscale", "codicefiscale"));
        assert!(!same("codicefiscale", "codicefiscalf"));
    }
}
