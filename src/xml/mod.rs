//! A conforming XML 1.0 (fifth edition) layer over quick-xml's tokenizer.
//!
//! quick-xml cuts the text into markup and character data fast, but does
//! not check what a conforming parser must: every character, every name,
//! every reference, the attribute grammar, a single root, nothing after it,
//! the XML declaration's grammar, namespace prefixes. This layer adds those
//! checks and hands the caller events with byte offsets into the decoded
//! text; it builds no tree. A `<!DOCTYPE` is refused (the caller reports it
//! as such): no entity is ever declared, so only the five predefined ones
//! and character references exist.

mod chars;
mod tokens;

use std::borrow::Cow;

use quick_xml::errors::{Error as QuickError, IllFormedError, SyntaxError};

use tokens::{Token, Tokens};

pub use chars::{is_name, is_name_char, is_name_start_char, is_xml_char, same};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// What the parser is asked to check besides XML 1.0 itself.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Namespaces in XML 1.0: names are QNames and prefixes must be bound.
    pub namespaces: bool,
    /// Element nesting levels allowed.
    pub max_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            namespaces: true,
            max_depth: usize::MAX,
        }
    }
}

/// Why a text is not a well-formed XML document, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub offset: usize,
    pub kind: XmlErrorKind,
}

/// The reasons, as data; `document`-level code words them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlErrorKind {
    UnexpectedEof,
    MismatchedEndTag {
        expected: String,
        found: String,
        /// The line where the open element starts (1-based; 0 when not known).
        opened_line: usize,
    },
    UnexpectedEndTag(String),
    InvalidName,
    UnquotedAttributeValue,
    /// Attribute grammar broken (missing `=`).
    MalformedAttribute,
    DuplicateAttribute(String),
    UnknownEntity(String),
    /// A character reference to a code point XML does not allow.
    IllegalCharacterReference(String),
    UnboundPrefix(String),
    ReservedNamespace,
    TrailingContent,
    NoRootElement,
    Unterminated(Markup),
    IllegalCharacter(char),
    IllegalCdataEnd,
    MalformedComment,
    MalformedDeclaration,
    /// An XML declaration after blank lines or spaces: it must be the very
    /// first thing in the file.
    MisplacedDeclaration,
    ReservedPiTarget,
    /// A `<!DOCTYPE`, or any other `<!` markup that is not a comment or CDATA.
    Doctype,
    /// Markup `<!...>` that is neither comment, CDATA nor DOCTYPE.
    MalformedMarkup,
    DepthLimitExceeded,
}

/// A construct that can be left open at the end of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Comment,
    Cdata,
    ProcessingInstruction,
    /// `&name;` without its `;`.
    Reference,
}

/// An attribute as written, with its resolved namespace.
#[derive(Debug, Clone)]
pub struct Attribute<'a> {
    pub prefix: Option<&'a str>,
    pub local: &'a str,
    pub namespace: Option<&'a str>,
    pub value: Cow<'a, str>,
}

impl Attribute<'_> {
    /// A namespace declaration (`xmlns` or `xmlns:p`), not data.
    pub fn is_namespace_declaration(&self) -> bool {
        self.prefix == Some("xmlns") || (self.prefix.is_none() && self.local == "xmlns")
    }
}

/// A start tag (or an empty-element tag, followed at once by its end).
#[derive(Debug)]
pub struct StartTag<'a> {
    /// Offset of the `<`.
    pub offset: usize,
    pub prefix: Option<&'a str>,
    pub local: &'a str,
    pub namespace: Option<&'a str>,
    pub attributes: &'a [Attribute<'a>],
}

/// What the caller does with each event.
pub trait Handler {
    fn start(&mut self, tag: &StartTag<'_>);
    /// Character data (references resolved, CDATA included), at the offset
    /// where the raw text starts.
    fn text(&mut self, text: &str, offset: usize);
    /// A comment or processing instruction inside an element: it ends a
    /// run of text.
    fn markup(&mut self) {}
    /// The element closes; `offset` is the `<` of its end tag (or of the
    /// empty-element tag).
    fn end(&mut self, offset: usize);
    /// [`Handler::end`], with `after` too: the offset after the `>` of
    /// the end tag (or of the empty-element tag).
    fn end_tag(&mut self, offset: usize, after: usize) {
        let _ = after;
        self.end(offset);
    }
}

/// The 1-based line of byte `offset`, lines ended by LF, CR LF or CR (as
/// XML normalizes them). Only an error asks, once.
fn line_of(text: &str, offset: usize) -> usize {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let feeds = memchr::memchr_iter(b'\n', before).count();
    let lone_returns = memchr::memchr_iter(b'\r', before)
        .filter(|&i| before.get(i + 1) != Some(&b'\n'))
        .count();
    1 + feeds + lone_returns
}

struct Scope {
    /// Bindings declared on this element: (prefix, uri); `""` is the default namespace.
    declared: usize,
    /// The qualified name, a range of the text.
    qname: (usize, usize),
}

/// Parses `text`, calling `handler` for each event; stops at the first
/// well-formedness error.
pub fn parse<H: Handler>(text: &str, options: &Options, handler: &mut H) -> Result<(), XmlError> {
    // The one error a tokenizer cannot see in order: a forbidden character
    // anywhere. Found once; any event that reaches past it fails there.
    let bad_char = first_illegal_char(text);
    let limit = bad_char.map_or(usize::MAX, |(i, _)| i);
    let bad = |_: usize| XmlError {
        offset: limit,
        kind: XmlErrorKind::IllegalCharacter(bad_char.map_or('\0', |(_, c)| c)),
    };

    // The input layer removed the byte order mark: a U+FEFF still in front
    // is content before the root. quick-xml would skip it as a BOM and then
    // count its offsets from after it, three bytes off (found by fuzzing).
    if text.starts_with('\u{feff}') {
        return Err(err(0, XmlErrorKind::TrailingContent));
    }

    let mut tokens = Tokens::new(text);

    // The open elements; their names are ranges of the text.
    let mut open: Vec<Scope> = Vec::with_capacity(8);
    let mut bindings = Bindings::default();
    let mut attributes: Vec<RawAttribute> = Vec::new();
    let mut seen_root = false;
    let mut first_event = true;
    loop {
        let start = tokens.position();
        let event = match tokens.next() {
            Ok(event) => event,
            Err(error) => {
                let mapped = map_quick_error(&error, start, text, &open);
                if mapped.offset >= limit {
                    return Err(bad(limit));
                }
                return Err(mapped);
            }
        };
        let end = tokens.position();
        if end > limit && event != Token::Eof {
            return Err(bad(limit));
        }
        let is_first = std::mem::replace(&mut first_event, false);
        match event {
            Token::Decl => {
                if !is_first || start != 0 {
                    // Only white space before: a misplaced declaration;
                    // anything else: a processing instruction named `xml`.
                    return Err(if text[..start].chars().all(is_space) {
                        err(start, XmlErrorKind::MisplacedDeclaration)
                    } else {
                        err(start + 5, XmlErrorKind::ReservedPiTarget)
                    });
                }
                check_declaration(&text[start + 5..end - 2], start)?;
            }
            Token::PI => {
                let raw = &text[start + 2..end - 2];
                let target_len = raw.find(is_space).unwrap_or(raw.len());
                let target = &raw[..target_len];
                if !is_name(target) || (options.namespaces && target.contains(':')) {
                    return Err(err(start + 2, XmlErrorKind::InvalidName));
                }
                if target.eq_ignore_ascii_case("xml") {
                    return Err(err(start + 2 + target_len, XmlErrorKind::ReservedPiTarget));
                }
                if target_len < raw.len() && !raw[target_len..].starts_with(is_space) {
                    return Err(err(start + 2, XmlErrorKind::InvalidName));
                }
                if !open.is_empty() {
                    handler.markup();
                }
            }
            Token::Comment => {
                let body = &text[start + 4..end - 3];
                if body.contains("--") || body.ends_with('-') {
                    return Err(err(start, XmlErrorKind::MalformedComment));
                }
                if !open.is_empty() {
                    handler.markup();
                }
            }
            Token::DocType => return Err(err(start, XmlErrorKind::Doctype)),
            Token::CData => {
                if open.is_empty() {
                    return Err(err(start, XmlErrorKind::TrailingContent));
                }
                handler.text(&text[start + 9..end - 3], start);
            }
            Token::Text => {
                let raw = &text[start..end];
                if let Some(at) = raw.as_bytes().contains(&b'>').then(|| raw.find("]]>")).flatten() {
                    return Err(err(start + at, XmlErrorKind::IllegalCdataEnd));
                }
                if open.is_empty() {
                    // Text outside the root, before or after it: today's
                    // parser calls both trailing content.
                    if let Some(at) = raw.find(|c| !is_space(c)) {
                        return Err(err(start + at, XmlErrorKind::TrailingContent));
                    }
                } else {
                    handler.text(raw, start);
                }
            }
            Token::GeneralRef => {
                let name = &text[start + 1..end - 1];
                if open.is_empty() {
                    return Err(err(start, XmlErrorKind::TrailingContent));
                }
                let mut buf = [0u8; 4];
                let resolved = resolve_reference(name, start)?;
                handler.text(resolved.encode_utf8(&mut buf), start);
            }
            Token::Start | Token::Empty => {
                let empty = event == Token::Empty;
                if open.is_empty() && seen_root {
                    return Err(err(start, XmlErrorKind::TrailingContent));
                }
                if open.len() >= options.max_depth {
                    return Err(err(start, XmlErrorKind::DepthLimitExceeded));
                }
                seen_root = true;
                let inner = &text[start + 1..end - if empty { 2 } else { 1 }];
                let qname = if tokens.plain() {
                    // An ASCII `Name` alone: nothing else to check here.
                    attributes.clear();
                    inner
                } else {
                    let name_len = space_at(inner);
                    let qname = &inner[..name_len];
                    if !is_name(qname) {
                        return Err(err(start + 1, XmlErrorKind::InvalidName));
                    }
                    let attrs_at = start + 1 + name_len;
                    parse_attributes(&inner[name_len..], attrs_at, &mut attributes)?;
                    qname
                };
                let declared_before = bindings.len();
                // Past a few attributes, names seen are kept in a set: a
                // tag of thousands costs what thousands of tags cost.
                let mut seen_names = (attributes.len() > FEW)
                    .then(|| std::collections::HashSet::<&str>::with_capacity(attributes.len()));
                for attribute in &attributes {
                    let name = &text[attribute.name.0..attribute.name.1];
                    let repeated = match &mut seen_names {
                        Some(seen) => !seen.insert(name),
                        None => attributes
                            .iter()
                            .take_while(|a| a.name.0 < attribute.name.0)
                            .any(|a| &text[a.name.0..a.name.1] == name),
                    };
                    if repeated {
                        return Err(err(start, XmlErrorKind::DuplicateAttribute(name.to_string())));
                    }
                    if !options.namespaces {
                        continue;
                    }
                    let (prefix, local) = split_qname(name);
                    let declared = match (prefix, local) {
                        (None, "xmlns") => Some(""),
                        (Some("xmlns"), p) => Some(p),
                        _ => None,
                    };
                    if let Some(declared_prefix) = declared {
                        let value = attribute_value(text, attribute)?;
                        check_binding(declared_prefix, &value, attribute.value.1 + 1)?;
                        bindings.push(declared_prefix.to_string(), value.into_owned());
                    }
                }
                let mut resolved: Vec<Attribute<'_>> = Vec::with_capacity(attributes.len());
                for attribute in &attributes {
                    let name = &text[attribute.name.0..attribute.name.1];
                    let value = attribute_value(text, attribute)?;
                    let (prefix, local) = if options.namespaces {
                        check_qname(name, attribute.name.0)?
                    } else {
                        (None, name)
                    };
                    let namespace = match prefix {
                        None if local == "xmlns" && options.namespaces => Some(XMLNS_NS),
                        None => None,
                        Some("xmlns") => Some(XMLNS_NS),
                        Some(p) => Some(
                            bindings
                                .lookup(p)
                                .filter(|ns| !ns.is_empty())
                                .ok_or_else(|| err(start, XmlErrorKind::UnboundPrefix(p.to_string())))?,
                        ),
                    };
                    resolved.push(Attribute {
                        prefix,
                        local,
                        namespace,
                        value,
                    });
                }
                if options.namespaces {
                    // Two attributes may not be the same expanded name.
                    let mut seen_expanded = (resolved.len() > FEW)
                        .then(|| std::collections::HashSet::<(&str, &str)>::with_capacity(resolved.len()));
                    for (i, a) in resolved.iter().enumerate() {
                        let Some(namespace) = a.namespace.filter(|_| !a.is_namespace_declaration()) else {
                            continue;
                        };
                        // An earlier attribute in the same namespace is
                        // never a declaration: no prefix binds xmlns's own.
                        let repeated = match &mut seen_expanded {
                            Some(seen) => !seen.insert((namespace, a.local)),
                            None => resolved[..i]
                                .iter()
                                .any(|b| b.namespace == a.namespace && b.local == a.local),
                        };
                        if repeated {
                            return Err(err(start, XmlErrorKind::DuplicateAttribute(a.local.to_string())));
                        }
                    }
                }
                let (prefix, local) = if options.namespaces {
                    if tokens.plain() && !qname.as_bytes().contains(&b':') {
                        // An ASCII `Name` without a colon is an NCName.
                        (None, qname)
                    } else {
                        check_qname(qname, start + 1)?
                    }
                } else {
                    (None, qname)
                };
                if prefix == Some("xmlns") {
                    return Err(err(start, XmlErrorKind::UnboundPrefix("xmlns".into())));
                }
                let namespace = if options.namespaces {
                    match prefix {
                        Some(p) => Some(
                            bindings
                                .lookup(p)
                                .filter(|ns| !ns.is_empty())
                                .ok_or_else(|| err(start, XmlErrorKind::UnboundPrefix(p.to_string())))?,
                        ),
                        None => bindings.lookup("").filter(|ns| !ns.is_empty()),
                    }
                } else {
                    None
                };
                let tag = StartTag {
                    offset: start,
                    prefix,
                    local,
                    namespace,
                    attributes: &resolved,
                };
                handler.start(&tag);
                drop(resolved);
                if empty {
                    handler.end_tag(start, end);
                    bindings.truncate(declared_before);
                } else {
                    // The name starts after the `<`.
                    let qname = (start + 1, start + 1 + qname.len());
                    open.push(Scope {
                        declared: declared_before,
                        qname,
                    });
                    tokens.expect_end(qname);
                }
            }
            Token::End => {
                let inner = &text[start + 2..end - 1];
                let matched = tokens.matched();
                let found = if matched || tokens.plain() {
                    inner
                } else {
                    let found = &inner
                        [..inner.len() - inner.bytes().rev().take_while(|&b| is_space(b as char)).count()];
                    if !is_name(found) {
                        return Err(err(start + 2, XmlErrorKind::InvalidName));
                    }
                    found
                };
                let Some(scope) = open.pop() else {
                    let kind = if seen_root {
                        XmlErrorKind::TrailingContent
                    } else {
                        XmlErrorKind::UnexpectedEndTag(found.to_string())
                    };
                    return Err(err(start, kind));
                };
                let expected = &text[scope.qname.0..scope.qname.1];
                if !matched && !chars::same(expected, found) {
                    return Err(err(
                        start,
                        XmlErrorKind::MismatchedEndTag {
                            expected: expected.to_string(),
                            found: found.to_string(),
                            opened_line: line_of(text, scope.qname.0),
                        },
                    ));
                }
                tokens.expect_end(open.last().map_or((0, 0), |s| s.qname));
                bindings.truncate(scope.declared);
                handler.end_tag(start, end);
            }
            Token::Eof => {
                if !open.is_empty() {
                    return Err(err(text.len(), XmlErrorKind::UnexpectedEof));
                }
                if !seen_root {
                    return Err(err(text.len(), XmlErrorKind::NoRootElement));
                }
                if bad_char.is_some() {
                    return Err(bad(limit));
                }
                return Ok(());
            }
        }
    }
}

/// The first character `Char` forbids, by a byte scan: C0 controls other
/// than tab and line ends, and U+FFFE / U+FFFF (EF BF BE, EF BF BF).
/// A `str` holds no surrogates, so nothing else can be illegal.
fn first_illegal_char(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let illegal = |at: usize| {
        let b = bytes[at];
        (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
            || (b == 0xEF
                && bytes.get(at + 1) == Some(&0xBF)
                && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)))
    };
    // A block at a time, with no early exit (the compiler vectorises the
    // sum): a block with no forbidden control and no 0xEF holds nothing
    // illegal; any other is looked at byte by byte.
    let suspicious =
        |b: u8| u8::from(b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | u8::from(b == 0xEF);
    let mut at = 0;
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        if block.iter().fold(0, |any, &b| any | suspicious(b)) != 0
            && let Some(i) = (at..at + 64).find(|&i| illegal(i))
        {
            return text[i..].chars().next().map(|c| (i, c));
        }
        at += 64;
    }
    (at..bytes.len())
        .find(|&i| illegal(i))
        .and_then(|i| text[i..].chars().next().map(|c| (i, c)))
}

/// The offset after the `>` of the tag whose `<` is at `offset` (quoted
/// attribute values skipped), or the text's length.
pub fn tag_after(text: &str, offset: usize) -> usize {
    tokens::tag_end(&text.as_bytes()[offset.min(text.len())..]).map_or(text.len(), |i| offset + i + 1)
}

fn err(offset: usize, kind: XmlErrorKind) -> XmlError {
    XmlError { offset, kind }
}

/// The byte index of the first XML space, or the length.
fn space_at(text: &str) -> usize {
    text.bytes()
        .position(|b| is_space(b as char))
        .unwrap_or(text.len())
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn map_quick_error(error: &QuickError, start: usize, text: &str, open: &[Scope]) -> XmlError {
    let kind = match error {
        QuickError::Syntax(syntax) => match syntax {
            SyntaxError::InvalidBangMarkup => {
                let rest = &text[start..];
                if rest.starts_with("<!--") {
                    XmlErrorKind::Unterminated(Markup::Comment)
                } else if rest.starts_with("<![CDATA[") {
                    return err(start + 9, XmlErrorKind::Unterminated(Markup::Cdata));
                } else if rest.starts_with("<!DOCTYPE") {
                    XmlErrorKind::Doctype
                } else {
                    return err(start + 1, XmlErrorKind::MalformedMarkup);
                }
            }
            SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl => {
                XmlErrorKind::Unterminated(Markup::ProcessingInstruction)
            }
            SyntaxError::UnclosedComment => XmlErrorKind::Unterminated(Markup::Comment),
            SyntaxError::UnclosedDoctype => XmlErrorKind::Doctype,
            SyntaxError::UnclosedCData => return err(start + 9, XmlErrorKind::Unterminated(Markup::Cdata)),
            SyntaxError::UnclosedTag
            | SyntaxError::UnclosedSingleQuotedAttributeValue
            | SyntaxError::UnclosedDoubleQuotedAttributeValue => XmlErrorKind::UnexpectedEof,
        },
        QuickError::IllFormed(IllFormedError::MissingDoctypeName) => XmlErrorKind::Doctype,
        QuickError::IllFormed(IllFormedError::UnclosedReference) => {
            XmlErrorKind::Unterminated(Markup::Reference)
        }
        QuickError::IllFormed(IllFormedError::UnmatchedEndTag(found)) => match open.last() {
            Some(scope) => XmlErrorKind::MismatchedEndTag {
                expected: text[scope.qname.0..scope.qname.1].to_string(),
                found: found.clone(),
                opened_line: line_of(text, scope.qname.0),
            },
            None => XmlErrorKind::UnexpectedEndTag(found.clone()),
        },
        QuickError::IllFormed(_) => XmlErrorKind::MalformedDeclaration,
        _ => XmlErrorKind::MalformedMarkup,
    };
    let offset = match kind {
        XmlErrorKind::UnexpectedEof => text.len(),
        _ => start,
    };
    err(offset, kind)
}

/// The declarations (between `<?xml` and `?>`) nearly every file has,
/// well-formed as they are.
const USUAL_DECLARATIONS: [&str; 4] = [
    " version=\"1.0\" encoding=\"UTF-8\"",
    " version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"",
    " version=\"1.0\" encoding=\"utf-8\"",
    " version=\"1.0\"",
];

/// `version`, then optional `encoding` and `standalone`, in that order.
fn check_declaration(body: &str, offset: usize) -> Result<(), XmlError> {
    if USUAL_DECLARATIONS.contains(&body) {
        return Ok(());
    }
    check_declaration_grammar(body, offset)
}

fn check_declaration_grammar(body: &str, offset: usize) -> Result<(), XmlError> {
    let malformed = || err(offset, XmlErrorKind::MalformedDeclaration);
    let mut rest = body;
    let mut expected = ["version", "encoding", "standalone"].iter();
    let mut first = true;
    loop {
        let trimmed = rest.trim_start_matches(is_space);
        if trimmed.is_empty() {
            return if first { Err(malformed()) } else { Ok(()) };
        }
        if trimmed.len() == rest.len() {
            return Err(malformed());
        }
        let name_len = trimmed
            .find(|c: char| c == '=' || is_space(c))
            .ok_or_else(malformed)?;
        let name = &trimmed[..name_len];
        let position = expected.by_ref().position(|&e| e == name).ok_or_else(malformed)?;
        if first && (position != 0) {
            return Err(malformed());
        }
        let after = trimmed[name_len..].trim_start_matches(is_space);
        let after = after.strip_prefix('=').ok_or_else(malformed)?;
        let after = after.trim_start_matches(is_space);
        let quote = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or_else(malformed)?;
        let close = after[1..].find(quote).ok_or_else(malformed)? + 1;
        let value = &after[1..close];
        let ok = match name {
            "version" => {
                value.len() > 2 && value.starts_with("1.") && value[2..].bytes().all(|b| b.is_ascii_digit())
            }
            "encoding" => {
                value.starts_with(|c: char| c.is_ascii_alphabetic())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            _ => value == "yes" || value == "no",
        };
        if !ok {
            return Err(malformed());
        }
        rest = &after[close + 1..];
        first = false;
    }
}

/// An attribute's name and raw value, as byte ranges of the text.
#[derive(Debug, Clone, Copy)]
struct RawAttribute {
    name: (usize, usize),
    value: (usize, usize),
}

/// `(S Name S? '=' S? AttValue)* S?`, strictly.
fn parse_attributes(raw: &str, base: usize, out: &mut Vec<RawAttribute>) -> Result<(), XmlError> {
    out.clear();
    let bytes = raw.as_bytes();
    let mut at = 0;
    loop {
        let spaces = at;
        while at < bytes.len() && is_space(bytes[at] as char) {
            at += 1;
        }
        if at == bytes.len() {
            return Ok(());
        }
        if at == spaces {
            // Today's parser words a missing space this way.
            return Err(err(base + at, XmlErrorKind::UnquotedAttributeValue));
        }
        let name_start = at;
        while at < bytes.len() && !is_space(bytes[at] as char) && bytes[at] != b'=' {
            at += 1;
        }
        let name = &raw[name_start..at];
        if !is_name(name) {
            return Err(err(base + name_start, XmlErrorKind::InvalidName));
        }
        while at < bytes.len() && is_space(bytes[at] as char) {
            at += 1;
        }
        if at == bytes.len() || bytes[at] != b'=' {
            return Err(err(base + at, XmlErrorKind::MalformedAttribute));
        }
        at += 1;
        while at < bytes.len() && is_space(bytes[at] as char) {
            at += 1;
        }
        let quote = bytes.get(at).copied();
        if !matches!(quote, Some(b'"' | b'\'')) {
            return Err(err(base + at, XmlErrorKind::UnquotedAttributeValue));
        }
        let value_start = at + 1;
        let close = raw[value_start..]
            .find(quote.unwrap_or(b'"') as char)
            .ok_or_else(|| err(base + at, XmlErrorKind::UnquotedAttributeValue))?
            + value_start;
        if let Some(lt) = raw[value_start..close].find('<') {
            return Err(err(base + value_start + lt, XmlErrorKind::IllegalCharacter('<')));
        }
        out.push(RawAttribute {
            name: (base + name_start, base + name_start + name.len()),
            value: (base + value_start, base + close),
        });
        at = close + 1;
    }
}

/// An attribute's value with references resolved and white space
/// normalised (tab and line ends become spaces).
fn attribute_value<'a>(text: &'a str, attribute: &RawAttribute) -> Result<Cow<'a, str>, XmlError> {
    let raw = &text[attribute.value.0..attribute.value.1];
    if !raw.bytes().any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut value = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut offset = attribute.value.0;
    while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
        value.push_str(&rest[..i]);
        if rest.as_bytes()[i] == b'&' {
            let end = rest[i..]
                .find(';')
                .ok_or_else(|| err(offset + i, XmlErrorKind::UnknownEntity(rest[i + 1..].to_string())))?
                + i;
            value.push(resolve_reference(&rest[i + 1..end], offset + i)?);
            offset += end + 1;
            rest = &rest[end + 1..];
        } else {
            value.push(' ');
            offset += i + 1;
            rest = &rest[i + 1..];
        }
    }
    value.push_str(rest);
    Ok(Cow::Owned(value))
}

/// `&name;` without its delimiters: one of the five predefined entities or
/// a character reference to a legal character.
fn resolve_reference(name: &str, offset: usize) -> Result<char, XmlError> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix('x') {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()
            }
            None if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok(),
            _ => None,
        };
        return match code.and_then(char::from_u32) {
            Some(c) if is_xml_char(c) => Ok(c),
            Some(c) => Err(err(offset, XmlErrorKind::IllegalCharacter(c))),
            None => Err(err(
                offset,
                XmlErrorKind::IllegalCharacterReference(name.to_string()),
            )),
        };
    }
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => Err(err(offset, XmlErrorKind::UnknownEntity(name.to_string()))),
    }
}

fn split_qname(name: &str) -> (Option<&str>, &str) {
    match name.bytes().position(|b| b == b':') {
        Some(i) => (Some(&name[..i]), &name[i + 1..]),
        None => (None, name),
    }
}

/// A QName: one colon at most, not first nor last.
fn check_qname(name: &str, offset: usize) -> Result<(Option<&str>, &str), XmlError> {
    let (prefix, local) = split_qname(name);
    let bad = |s: &str| !chars::starts_with_name_start_char(s) || s.as_bytes().contains(&b':');
    if bad(local) || prefix.is_some_and(bad) {
        return Err(err(offset, XmlErrorKind::InvalidName));
    }
    Ok((prefix, local))
}

/// Namespaces in XML 1.0 §3: the reserved prefixes and names.
fn check_binding(prefix: &str, uri: &str, offset: usize) -> Result<(), XmlError> {
    let reserved = || err(offset, XmlErrorKind::ReservedNamespace);
    match prefix {
        "xml" if uri != XML_NS => Err(reserved()),
        "xml" => Ok(()),
        "xmlns" => Err(reserved()),
        _ if uri == XML_NS || uri == XMLNS_NS => Err(reserved()),
        p if !p.is_empty() && uri.is_empty() => Err(reserved()),
        _ => Ok(()),
    }
}

/// Attributes on one tag, or namespace bindings in scope, up to which a
/// linear scan is cheaper than a hash set or map.
const FEW: usize = 8;

/// The namespace bindings in scope: `(prefix, uri)`, `""` the default
/// namespace, innermost last. Past [`FEW`] bindings each prefix's
/// bindings are also indexed, so that a root declaring thousands of
/// prefixes does not make every later name scan them all.
#[derive(Default)]
struct Bindings {
    list: Vec<(String, String)>,
    /// Per prefix, the indexes in `list` of its bindings, innermost last;
    /// kept only once `list` grows past [`FEW`].
    by_prefix: Option<std::collections::HashMap<String, Vec<usize>>>,
}

impl Bindings {
    fn len(&self) -> usize {
        self.list.len()
    }

    fn push(&mut self, prefix: String, uri: String) {
        if let Some(index) = &mut self.by_prefix {
            index.entry(prefix.clone()).or_default().push(self.list.len());
        }
        self.list.push((prefix, uri));
        if self.by_prefix.is_none() && self.list.len() > FEW {
            let mut index = std::collections::HashMap::<String, Vec<usize>>::new();
            for (i, (prefix, _)) in self.list.iter().enumerate() {
                index.entry(prefix.clone()).or_default().push(i);
            }
            self.by_prefix = Some(index);
        }
    }

    /// Drops the bindings of the scopes just closed.
    fn truncate(&mut self, len: usize) {
        if let Some(index) = &mut self.by_prefix {
            for (prefix, _) in &self.list[len.min(self.list.len())..] {
                if let Some(at) = index.get_mut(prefix.as_str()) {
                    at.pop();
                }
            }
        }
        self.list.truncate(len);
    }

    fn lookup(&self, prefix: &str) -> Option<&str> {
        // Lengths first: most lookups are for the default namespace (empty).
        let same = |p: &str| {
            p.len() == prefix.len() && p.as_bytes().iter().zip(prefix.as_bytes()).all(|(a, b)| a == b)
        };
        if same("xml") {
            return Some(XML_NS);
        }
        match &self.by_prefix {
            Some(index) => index
                .get(prefix)
                .and_then(|at| at.last())
                .map(|&i| self.list[i].1.as_str()),
            None => self
                .list
                .iter()
                .rev()
                .find(|(p, _)| same(p))
                .map(|(_, uri)| uri.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Count(usize);
    impl Handler for Count {
        fn start(&mut self, _: &StartTag<'_>) {
            self.0 += 1;
        }
        fn text(&mut self, _: &str, _: usize) {}
        fn end(&mut self, _: usize) {}
    }

    fn check(text: &str) -> Result<usize, XmlErrorKind> {
        let mut count = Count(0);
        parse(text, &Options::default(), &mut count)
            .map(|_| count.0)
            .map_err(|e| e.kind)
    }

    /// Namespaces of the elements, in document order.
    struct Namespaces(Vec<Option<String>>);
    impl Handler for Namespaces {
        fn start(&mut self, tag: &StartTag<'_>) {
            self.0.push(tag.namespace.map(str::to_string));
        }
        fn text(&mut self, _: &str, _: usize) {}
        fn end(&mut self, _: usize) {}
    }

    fn namespaces(text: &str) -> Result<Vec<Option<String>>, XmlErrorKind> {
        let mut found = Namespaces(Vec::new());
        parse(text, &Options::default(), &mut found)
            .map(|_| found.0)
            .map_err(|e| e.kind)
    }

    /// Past [`FEW`] attributes or bindings the checks use a set or an
    /// index (a root with 100,000 declarations cost their square): the
    /// answers are the list's, in scope and out of it, for duplicates
    /// found by name or by expanded name.
    #[test]
    fn many_attributes_and_bindings_answer_as_a_few_do() {
        for n in [2, FEW, FEW + 1, 300] {
            let declarations: String = (0..n).map(|i| format!(" xmlns:p{i}=\"u{i}\"")).collect();
            let attributes: String = (0..n).map(|i| format!(" a{i}=\"1\"")).collect();
            let last = n - 1;
            let text = format!(
                "<r xmlns=\"d\"{declarations}{attributes}><p0:x xmlns:p0=\"inner\"><p0:y/><z/></p0:x><p0:w p{last}:a=\"1\"/><q xmlns=\"\"/></r>"
            );
            let expected: Vec<Option<String>> = [
                Some("d"),
                Some("inner"),
                Some("inner"),
                Some("d"),
                Some("u0"),
                None,
            ]
            .iter()
            .map(|ns| ns.map(str::to_string))
            .collect();
            assert_eq!(namespaces(&text), Ok(expected), "{n} attributes");
            let repeated = format!("<r{attributes} a{last}=\"2\"/>");
            assert_eq!(
                check(&repeated),
                Err(XmlErrorKind::DuplicateAttribute(format!("a{last}"))),
                "{n}"
            );
            let expanded = format!(
                "<r{declarations}{attributes} p0:k=\"1\" p{last}:k=\"2\" xmlns:dup=\"u0\" dup:k=\"3\"/>"
            );
            assert_eq!(
                check(&expanded),
                Err(XmlErrorKind::DuplicateAttribute("k".into())),
                "{n}"
            );
            let unbound = format!("<r{declarations}><p0:x/></r><!-- -->");
            assert!(check(&unbound).is_ok(), "{n}");
            let out_of_scope = format!("<r><s{declarations}/><p0:x/></r>");
            assert_eq!(
                check(&out_of_scope),
                Err(XmlErrorKind::UnboundPrefix("p0".into())),
                "{n}"
            );
        }
    }

    /// Past [`FEW`] bindings a look-up reads the per-prefix index, not
    /// every binding in scope; closing scopes keeps the index right.
    #[test]
    fn bindings_past_a_few_are_indexed_and_scoped() {
        let mut bindings = Bindings::default();
        bindings.push(String::new(), "d".into());
        for i in 0..1000 {
            bindings.push(format!("p{i}"), format!("u{i}"));
        }
        assert!(bindings.by_prefix.is_some());
        let outer = bindings.len();
        bindings.push("p0".into(), "inner".into());
        bindings.push(String::new(), "inner-d".into());
        assert_eq!(bindings.lookup("p0"), Some("inner"));
        assert_eq!(bindings.lookup(""), Some("inner-d"));
        assert_eq!(bindings.lookup("p999"), Some("u999"));
        assert_eq!(bindings.lookup("xml"), Some(XML_NS));
        bindings.truncate(outer);
        assert_eq!(bindings.lookup("p0"), Some("u0"));
        assert_eq!(bindings.lookup(""), Some("d"));
        bindings.truncate(1);
        assert_eq!(bindings.lookup("p0"), None);
        assert_eq!(bindings.lookup(""), Some("d"));
    }

    #[test]
    fn what_quick_xml_lets_through_is_refused() {
        assert_eq!(check("<a/><b/>"), Err(XmlErrorKind::TrailingContent));
        assert_eq!(
            check("<a>&foo;</a>"),
            Err(XmlErrorKind::UnknownEntity("foo".into()))
        );
        assert_eq!(check("<a>&#0;</a>"), Err(XmlErrorKind::IllegalCharacter('\0')));
        assert_eq!(
            check("<a>&#xD800;</a>"),
            Err(XmlErrorKind::IllegalCharacterReference("#xD800".into()))
        );
        assert_eq!(
            check("<a>\u{1}</a>"),
            Err(XmlErrorKind::IllegalCharacter('\u{1}'))
        );
        assert_eq!(
            check("<a x='1'y='2'/>"),
            Err(XmlErrorKind::UnquotedAttributeValue)
        );
        assert_eq!(check("<a x='<'/>"), Err(XmlErrorKind::IllegalCharacter('<')));
        assert_eq!(check("<a x=1/>"), Err(XmlErrorKind::UnquotedAttributeValue));
        assert_eq!(check("<1a/>"), Err(XmlErrorKind::InvalidName));
        assert_eq!(check("<p:a/>"), Err(XmlErrorKind::UnboundPrefix("p".into())));
        assert_eq!(
            check("<a><!-- a -- b --></a>"),
            Err(XmlErrorKind::MalformedComment)
        );
        assert_eq!(check("x<a/>"), Err(XmlErrorKind::TrailingContent));
        assert_eq!(check("<a>]]></a>"), Err(XmlErrorKind::IllegalCdataEnd));
        assert!(matches!(
            check("<a></b>"),
            Err(XmlErrorKind::MismatchedEndTag { .. })
        ));
    }

    #[test]
    fn illegal_characters_are_found_a_word_at_a_time_as_one_by_one() {
        let slow = |text: &str| {
            let bytes = text.as_bytes();
            (0..bytes.len())
                .find(|&at| {
                    let b = bytes[at];
                    (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
                        || (b == 0xEF
                            && bytes.get(at + 1) == Some(&0xBF)
                            && matches!(bytes.get(at + 2), Some(0xBE | 0xBF)))
                })
                .and_then(|at| text[at..].chars().next().map(|c| (at, c)))
        };
        let pieces = [
            "a", "\n", "\t", "\r", "\u{1}", "\u{1f}", " ", "\u{fffe}", "\u{ffff}", "\u{fffd}", "\u{ef}",
            "\u{7f}", "é",
        ];
        let mut seed: u64 = 7;
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let len = (seed >> 40) as usize % 200;
            // Mostly harmless characters, another one now and then.
            let odd = (seed >> 20) as usize % 300;
            let text: String = (0..len)
                .map(|i| {
                    if i == odd || i == odd / 2 {
                        pieces[(seed as usize + i) % pieces.len()]
                    } else {
                        pieces[(seed as usize >> (i % 32)) % 2 * 12]
                    }
                })
                .collect();
            assert_eq!(first_illegal_char(&text), slow(&text), "{text:?}");
        }
    }

    #[test]
    fn the_usual_declarations_are_well_formed() {
        for body in USUAL_DECLARATIONS {
            assert_eq!(check_declaration_grammar(body, 0), Ok(()), "{body:?}");
        }
        assert!(check_declaration(" version=\"1.0\" encoding=\"UTF-8\" ", 0).is_ok());
        assert!(check_declaration(" version=\"1.0\"encoding=\"UTF-8\"", 0).is_err());
    }

    #[test]
    fn legal_names_beyond_ascii_are_accepted() {
        assert_eq!(check("<\u{c0}\u{b7}-. \u{37f}='x'/>"), Ok(1));
        assert_eq!(check("<?xml version='1.0'?><a:b xmlns:a='u'/>"), Ok(1));
    }
}
