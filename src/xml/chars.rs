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
    }
}
