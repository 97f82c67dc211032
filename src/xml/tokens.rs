//! The tokenizer: the text cut into character data, references and markup,
//! by byte offsets into a `&str`.
//!
//! It cuts exactly where quick-xml's `Reader::from_str` cuts, with the same
//! errors, for the configuration `xml::parse` uses (names and comments not
//! checked, unmatched end tags allowed, empty elements not expanded, text
//! not trimmed), but it never re-validates the text as UTF-8: the input is
//! a `str` already, and every cut falls on an ASCII byte. Character data,
//! references, start, empty and end tags (all but every event of a
//! document) are cut here; the rare markup that starts `<!` or `<?`
//! (declaration, processing instruction, comment, CDATA, DOCTYPE) is
//! handed to quick-xml itself, started at its `<`, so that its grammar and
//! its errors stay quick-xml's own.

use quick_xml::errors::{Error as QuickError, IllFormedError, SyntaxError};
use quick_xml::events::Event;

/// What the text holds from one offset to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Token {
    Decl,
    PI,
    Comment,
    DocType,
    CData,
    Text,
    GeneralRef,
    Start,
    Empty,
    End,
    Eof,
}

#[derive(Debug, Clone, Copy)]
enum State {
    /// Before character data, or markup at once.
    Text,
    /// At a `&`.
    Ref,
    /// At a `<`.
    Markup,
    Done,
}

pub(super) struct Tokens<'a> {
    text: &'a str,
    position: usize,
    state: State,
    /// The last tag read was `<name>`, `<name/>` or `</name>`, its name of
    /// ASCII name characters starting with a name-start character: a
    /// `Name`, with no attribute and no space.
    plain: bool,
    /// The innermost open element's qualified name, a range of the text
    /// (empty when none is open): its end tag is the usual next one.
    expected: (usize, usize),
    /// The last end tag read was `</expected>`, exactly.
    matched: bool,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Tokens {
            text,
            position: 0,
            state: State::Text,
            plain: false,
            expected: (0, 0),
            matched: false,
        }
    }

    /// The offset after the last token read (or where reading stopped).
    pub(super) fn position(&self) -> usize {
        self.position
    }

    /// Whether the last start, empty or end tag read was a plain one:
    /// `<name>`, `<name/>` or `</name>`, the name an ASCII `Name`.
    pub(super) fn plain(&self) -> bool {
        self.plain
    }

    /// The innermost open element's qualified name is `text[name.0..name.1]`
    /// (an empty range when none is open): a `Name`, checked by the caller.
    pub(super) fn expect_end(&mut self, name: (usize, usize)) {
        self.expected = name;
    }

    /// Whether the last end tag read was `</name>` for the name given to
    /// [`Tokens::expect_end`], byte for byte.
    pub(super) fn matched(&self) -> bool {
        self.matched
    }

    /// The next token; it ends at [`Tokens::position`].
    pub(super) fn next(&mut self) -> Result<Token, QuickError> {
        let bytes = self.text.as_bytes();
        loop {
            match self.state {
                State::Done => return Ok(Token::Eof),
                State::Text => match find_markup(&bytes[self.position..]) {
                    Some(i) => {
                        self.state = if bytes[self.position + i] == b'<' {
                            State::Markup
                        } else {
                            State::Ref
                        };
                        if i > 0 {
                            self.position += i;
                            return Ok(Token::Text);
                        }
                    }
                    None => {
                        self.state = State::Done;
                        if self.position == bytes.len() {
                            return Ok(Token::Eof);
                        }
                        self.position = bytes.len();
                        return Ok(Token::Text);
                    }
                },
                State::Ref => {
                    let rest = &bytes[self.position + 1..];
                    return match memchr::memchr3(b';', b'&', b'<', rest) {
                        Some(i) if rest[i] == b';' => {
                            self.position += i + 2;
                            self.state = State::Text;
                            Ok(Token::GeneralRef)
                        }
                        Some(i) => {
                            self.position += i + 1;
                            self.state = if rest[i] == b'&' {
                                State::Ref
                            } else {
                                State::Markup
                            };
                            Err(QuickError::IllFormed(IllFormedError::UnclosedReference))
                        }
                        None => {
                            self.position = bytes.len();
                            self.state = State::Done;
                            Err(QuickError::IllFormed(IllFormedError::UnclosedReference))
                        }
                    };
                }
                State::Markup => {
                    self.state = State::Text;
                    self.matched = false;
                    let start = self.position;
                    // The usual end tag closes the innermost element: its
                    // name compared at once, not scanned a byte at a time.
                    // The name (a `Name`) holds no quote and no `>`, so the
                    // `>` after it is where quick-xml's search stops.
                    let (from, to) = self.expected;
                    let after = start + 2 + (to - from);
                    if to > from
                        && bytes.get(start + 1) == Some(&b'/')
                        && bytes.get(after) == Some(&b'>')
                        && super::chars::same_bytes(&bytes[start + 2..after], &bytes[from..to])
                    {
                        self.matched = true;
                        self.plain = false;
                        self.position = after + 1;
                        return Ok(Token::End);
                    }
                    return match bytes.get(start + 1) {
                        None => {
                            self.state = State::Done;
                            Err(QuickError::Syntax(SyntaxError::UnclosedTag))
                        }
                        Some(b'!' | b'?') => self.delegate(),
                        Some(&next) => {
                            // Most tags are plain: the name's bytes hold no
                            // quote and no `>`, so where they stop is where
                            // quick-xml's search has reached.
                            let from = start + 1 + usize::from(next == b'/');
                            let name_end = plain_name_end(bytes, from);
                            self.plain = name_end > from;
                            match (next, bytes.get(name_end)) {
                                (b'/', Some(b'>')) if self.plain => {
                                    self.position = name_end + 1;
                                    return Ok(Token::End);
                                }
                                (b'/', _) => {}
                                (_, Some(b'>')) if self.plain => {
                                    self.position = name_end + 1;
                                    return Ok(Token::Start);
                                }
                                (_, Some(b'/')) if self.plain && bytes.get(name_end + 1) == Some(&b'>') => {
                                    self.position = name_end + 2;
                                    return Ok(Token::Empty);
                                }
                                _ => {}
                            }
                            self.plain = false;
                            self.tag(start, next)
                        }
                    };
                }
            }
        }
    }

    /// Any start, empty or end tag: up to the first `>` outside quotes.
    fn tag(&mut self, start: usize, next: u8) -> Result<Token, QuickError> {
        let bytes = self.text.as_bytes();
        match tag_end(&bytes[start..]) {
            Ok(close) => {
                self.position = start + close + 1;
                Ok(if next == b'/' {
                    Token::End
                } else if bytes[start + 1..self.position].ends_with(b"/>") {
                    Token::Empty
                } else {
                    Token::Start
                })
            }
            Err(error) => {
                self.position = bytes.len();
                self.state = State::Done;
                Err(QuickError::Syntax(error))
            }
        }
    }

    /// `<!` or `<?`: quick-xml reads this one piece of markup, from its `<`.
    fn delegate(&mut self) -> Result<Token, QuickError> {
        let start = self.position;
        let mut reader = quick_xml_reader(&self.text[start..]);
        let event = reader.read_event();
        self.position = start + reader.buffer_position() as usize;
        let token = match event? {
            Event::Decl(_) => Token::Decl,
            Event::PI(_) => Token::PI,
            Event::Comment(_) => Token::Comment,
            Event::DocType(_) => Token::DocType,
            Event::CData(_) => Token::CData,
            // Markup at `<!` or `<?` is none of these.
            Event::Text(_)
            | Event::GeneralRef(_)
            | Event::Start(_)
            | Event::Empty(_)
            | Event::End(_)
            | Event::Eof => unreachable!("quick-xml read other markup at `<!` or `<?`"),
        };
        Ok(token)
    }
}

/// The first `<` or `&`: looked for eight bytes at a time in the first
/// few words (most character data is white space between tags or a short
/// value, where a call to `memchr` costs more than the search), by
/// `memchr` beyond them.
fn find_markup(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const INLINE: usize = 32;
    let mut at = 0;
    while at < INLINE {
        let Some(chunk) = bytes.get(at..at + 8) else {
            return bytes[at..]
                .iter()
                .position(|&b| b == b'<' || b == b'&')
                .map(|i| at + i);
        };
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // A zero byte of `word ^ c` is a byte equal to `c`; the lowest
        // flag is exact (borrows only flag bytes above a zero byte).
        let lt = word ^ (ONES * u64::from(b'<'));
        let amp = word ^ (ONES * u64::from(b'&'));
        let flags = ((lt.wrapping_sub(ONES) & !lt) | (amp.wrapping_sub(ONES) & !amp)) & HIGH;
        if flags != 0 {
            return Some(at + (flags.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    memchr::memchr2(b'<', b'&', &bytes[at..]).map(|i| at + i)
}

/// Where an ASCII `Name` starting at `from` stops: `from` when there is
/// none (no name-start character there, or a byte beyond ASCII in it).
fn plain_name_end(bytes: &[u8], from: usize) -> usize {
    use super::chars::{BYTES, HIGH, NAME, START};
    match bytes.get(from) {
        Some(&b) if BYTES[b as usize] & START != 0 => {}
        _ => return from,
    }
    let rest = &bytes[from + 1..];
    // One look-up a byte: a byte beyond ASCII is not a `NAME` either, and
    // is told apart once the scan stops.
    match rest.iter().position(|&b| BYTES[b as usize] & NAME == 0) {
        Some(i) if BYTES[rest[i] as usize] & HIGH != 0 => from,
        Some(i) => from + 1 + i,
        None => bytes.len(),
    }
}

/// The index of the `>` closing the tag that `tag` starts with (its `<`),
/// skipping quoted attribute values; or why there is none.
pub(super) fn tag_end(tag: &[u8]) -> Result<usize, SyntaxError> {
    let mut quote = 0u8;
    for (i, &b) in tag.iter().enumerate() {
        match b {
            b'>' if quote == 0 => return Ok(i),
            b'"' | b'\'' if quote == 0 => quote = b,
            _ if b == quote => quote = 0,
            _ => {}
        }
    }
    Err(match quote {
        b'\'' => SyntaxError::UnclosedSingleQuotedAttributeValue,
        b'"' => SyntaxError::UnclosedDoubleQuotedAttributeValue,
        _ => SyntaxError::UnclosedTag,
    })
}

/// quick-xml's reader as the layer configures it: names, comments and
/// nesting are the layer's own checks, and text is kept as written.
fn quick_xml_reader(text: &str) -> quick_xml::Reader<&[u8]> {
    let mut reader = quick_xml::Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.allow_unmatched_ends = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    reader
}

#[cfg(test)]
mod tests {
    use super::*;

    /// quick-xml's reader on the same text, token by token.
    fn reference(text: &str) -> Vec<(Result<Token, String>, usize)> {
        let mut reader = quick_xml_reader(text);
        let mut out = Vec::new();
        loop {
            let token = match reader.read_event() {
                Ok(Event::Decl(_)) => Ok(Token::Decl),
                Ok(Event::PI(_)) => Ok(Token::PI),
                Ok(Event::Comment(_)) => Ok(Token::Comment),
                Ok(Event::DocType(_)) => Ok(Token::DocType),
                Ok(Event::CData(_)) => Ok(Token::CData),
                Ok(Event::Text(_)) => Ok(Token::Text),
                Ok(Event::GeneralRef(_)) => Ok(Token::GeneralRef),
                Ok(Event::Start(_)) => Ok(Token::Start),
                Ok(Event::Empty(_)) => Ok(Token::Empty),
                Ok(Event::End(_)) => Ok(Token::End),
                Ok(Event::Eof) => Ok(Token::Eof),
                Err(e) => Err(format!("{e:?}")),
            };
            let stop = !matches!(token, Ok(t) if t != Token::Eof);
            out.push((token, reader.buffer_position() as usize));
            if stop {
                return out;
            }
        }
    }

    fn ours(text: &str) -> Vec<(Result<Token, String>, usize)> {
        let mut tokens = Tokens::new(text);
        let mut out = Vec::new();
        loop {
            let start = tokens.position();
            let token = tokens.next().map_err(|e| format!("{e:?}"));
            if matches!(token, Ok(Token::Start | Token::Empty | Token::End)) && tokens.plain() {
                let tag = &text[start..tokens.position()];
                let name = tag.trim_start_matches(['<', '/']).trim_end_matches(['>', '/']);
                let rebuilt = match token {
                    Ok(Token::Start) => format!("<{name}>"),
                    Ok(Token::Empty) => format!("<{name}/>"),
                    _ => format!("</{name}>"),
                };
                assert!(
                    super::super::is_name(name) && name.is_ascii() && rebuilt == tag,
                    "{tag:?}"
                );
            }
            let stop = !matches!(token, Ok(t) if t != Token::Eof);
            out.push((token, tokens.position()));
            if stop {
                return out;
            }
        }
    }

    #[test]
    fn markup_is_found_where_memchr_finds_it() {
        let pieces: [&[u8]; 8] = [b"a", b" ", b"<", b"&", b"\xc3\xa8", b"\x80", b"\xff", b"\x00"];
        let mut next = crate::hash::xorshift(0x7e57_u64);
        for _ in 0..20_000 {
            let seed = next();
            let len = (seed >> 40) as usize % 60;
            let rare = (seed >> 20) as usize % 3 + 1;
            let bytes: Vec<u8> = (0..len)
                .flat_map(|i| {
                    let pick = (seed >> (i % 40)) as usize;
                    let piece = if pick % (len * rare + 1) < 2 {
                        pick % 8
                    } else {
                        pick % 2
                    };
                    pieces[piece].iter().copied()
                })
                .collect();
            assert_eq!(
                find_markup(&bytes),
                memchr::memchr2(b'<', b'&', &bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn cuts_where_quick_xml_cuts() {
        let texts = [
            "<?xml version='1.0'?>\n<a x='>' y=\"'>\">t&amp;u<b/>&#x20;<!-- c --><![CDATA[<]]></a>\n",
            "<a>x</a ><?pi x?>",
            "<a>&</a>",
            "<a>&b&c;</a>",
            "<a>&b",
            "<a>&b<c/>",
            "<",
            "<a",
            "<a x='",
            "<a x=\"",
            "<a></",
            "<>",
            "</>",
            "<//>",
            "</a/>",
            "< />",
            "<!",
            "<!x>",
            "<!-",
            "<!-->",
            "<!---->",
            "<!-x-->",
            "<![]]>",
            "<![CDATA[",
            "<!DOCTYPE a [<!ENTITY b 'c'>]>",
            "<!DOCTYPE>",
            "<!doctype a>",
            "<!Dx>",
            "<?",
            "<?>",
            "<??>",
            "<?xml",
            "<?xml?>",
            "text only",
            "",
            "é<é>è</é>",
        ];
        for text in texts {
            assert_eq!(ours(text), reference(text), "{text:?}");
        }
    }

    /// With the open element's name given, its end tag is cut at the
    /// same place, and said to match only when it is `</name>` exactly.
    #[test]
    fn an_expected_end_tag_is_cut_where_quick_xml_cuts() {
        let texts = [
            ("<ab></ab>", true),
            ("<ab></abc>", false),
            ("<ab></a>", false),
            ("<ab></ab >", false),
            ("<ab></aB>", false),
            ("<ab></ab", false),
            ("<ab></ab/>", false),
            ("<ab></ab>>", true),
            ("<ab><ab/>t</ab>x", true),
        ];
        for (text, matched) in texts {
            let mut tokens = Tokens::new(text);
            tokens.expect_end((1, 3));
            let mut out = Vec::new();
            let mut seen = false;
            loop {
                let token = tokens.next().map_err(|e| format!("{e:?}"));
                if token == Ok(Token::End) {
                    seen |= tokens.matched();
                }
                let stop = !matches!(token, Ok(t) if t != Token::Eof);
                out.push((token, tokens.position()));
                if stop {
                    break;
                }
            }
            assert_eq!(out, reference(text), "{text:?}");
            assert_eq!(seen, matched, "{text:?}");
        }
    }

    #[test]
    fn cuts_where_quick_xml_cuts_on_random_texts() {
        const PIECES: [&str; 20] = [
            "<", ">", "&", ";", "'", "\"", "/", "!", "?", "-", "[", "]", "a", " ", "D", "CDATA[", "é",
            "<!--", "-->", "xml",
        ];
        let mut seed: u64 = 0x5eed_c11c;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..30_000 {
            let len = next() % 14;
            let text: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
            assert_eq!(ours(&text), reference(&text), "{text:?}");
        }
    }
}
