//! The oracle's document tree (oxml) and module detection, as `clic` read
//! documents before the compiled pass; `clic` itself reads them through
//! `document::Parsed`, built by the pass.

use std::borrow::Cow;
use std::cell::OnceCell;

use oxml::{Document, ErrorKind, NodeId};

use clic::diagnostic::{Diagnostic, Position, Reason};
use clic::document::{floor_char_boundary, line_starts};
use clic::input::diagnostics;
use clic::input::limits::Limits;
use clic::module::Module;
use clic::xml::{Markup, XmlErrorKind};

/// A well-formed XML document and the text it was parsed from.
pub struct Parsed {
    /// Decoded text, newlines normalised: parser offsets index it.
    pub text: String,
    pub encoding: &'static str,
    pub doc: Document,
    pub root: NodeId,
    line_starts: OnceCell<Vec<usize>>,
}

impl Parsed {
    /// Decodes and parses a file. Never panics, whatever the bytes.
    pub fn parse(bytes: Vec<u8>, limits: &Limits) -> Result<Parsed, Diagnostic> {
        let decoded = clic::document::decode(bytes)?;
        let text = decoded.text;
        if let Some(offset) = doctype_offset(&text) {
            return Err(
                Diagnostic::new(&diagnostics::DOCTYPE_VIETATO).at(Some(offset_position(&text, offset)))
            );
        }
        let doc = match oxml::parse_with(&text, super::parser_limits(limits)) {
            Ok(doc) => doc,
            Err(e) => return Err(parse_diagnostic(&e, &text, limits)),
        };
        let Some(root) = doc.root_element() else {
            return Err(Diagnostic::new(&diagnostics::XML_MALFORMATO).reason("motivo", Reason::NoRootElement));
        };
        Ok(Parsed {
            text,
            encoding: decoded.encoding,
            doc,
            root,
            line_starts: OnceCell::new(),
        })
    }

    /// Where a node starts (the `<` of an element's start tag).
    pub fn position(&self, node: NodeId) -> Option<Position> {
        let range = self.doc.range(node)?;
        Some(self.offset_position(range.start))
    }

    pub fn offset_position(&self, offset: usize) -> Position {
        let starts = self.line_starts.get_or_init(|| line_starts(&self.text));
        let line = starts.partition_point(|&start| start <= offset).max(1);
        let start = starts[line - 1];
        let end = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let column = self.text[start..end.max(start)].chars().count() + 1;
        Position {
            line: line as u32,
            column: column as u32,
        }
    }

    /// The local name of an element.
    pub fn name(&self, node: NodeId) -> &str {
        self.doc
            .element_name(node)
            .map(|n| n.local.as_str())
            .unwrap_or_default()
    }

    /// The namespace of an element, if any.
    pub fn namespace(&self, node: NodeId) -> Option<&str> {
        self.doc.element_name(node).and_then(|n| n.namespace.as_deref())
    }

    /// Element children, in document order.
    pub fn elements(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.doc
            .children(node)
            .iter()
            .copied()
            .filter(|&c| self.doc.is_element(c))
    }

    /// The first child element with this local name.
    pub fn child(&self, node: NodeId, name: &str) -> Option<NodeId> {
        self.elements(node).find(|&c| self.name(c) == name)
    }

    /// Follows a `/`-separated path of local names from `node`.
    pub fn find(&self, node: NodeId, path: &str) -> Option<NodeId> {
        path.split('/')
            .filter(|p| !p.is_empty())
            .try_fold(node, |at, name| self.child(at, name))
    }

    /// The element's text content.
    pub fn text_of(&self, node: NodeId) -> String {
        self.doc.text(node)
    }

    /// The element's text content without surrounding white space:
    /// borrowed from the document when it is a single text node (the
    /// usual case), built only otherwise.
    pub fn trimmed_text(&self, node: NodeId) -> Cow<'_, str> {
        match self.doc.text_content(node) {
            Some(text) => Cow::Borrowed(text.trim()),
            None => {
                let text = self.text_of(node);
                match text.trim() {
                    trimmed if trimmed.len() == text.len() => Cow::Owned(text),
                    trimmed => Cow::Owned(trimmed.to_string()),
                }
            }
        }
    }

    /// The absolute path of an element, with `[n]` where a name repeats
    /// among its siblings.
    pub fn path_of(&self, node: NodeId) -> String {
        let mut parts = Vec::new();
        let mut at = Some(node);
        while let Some(current) = at.filter(|&n| self.doc.is_element(n)) {
            let name = self.name(current);
            let part = match self.doc.parent(current) {
                Some(parent) if self.doc.is_element(parent) => {
                    let (mut same, mut index) = (0, 0);
                    for sibling in self.elements(parent).filter(|&c| self.name(c) == name) {
                        same += 1;
                        if sibling == current {
                            index = same;
                        }
                    }
                    if same > 1 {
                        format!("{name}[{index}]")
                    } else {
                        name.to_string()
                    }
                }
                _ => name.to_string(),
            };
            parts.push(part);
            at = self.doc.parent(current);
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }
}

fn offset_position(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position {
        line: line as u32,
        column: column as u32,
    }
}

/// Offset of a `<!DOCTYPE` in the prolog. Refusing it before parsing means
/// no entity is ever expanded and nothing external is ever named.
fn doctype_offset(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let rest = &text[at..];
        if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            return Some(at);
        }
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else if rest.starts_with("<?") {
            rest.find("?>").map(|e| e + 2)
        } else {
            return None;
        };
        at += end?;
    }
}

fn parse_diagnostic(error: &oxml::Error, text: &str, limits: &Limits) -> Diagnostic {
    let position = Some(offset_position(text, error.offset));
    if error.kind == ErrorKind::DepthLimitExceeded {
        return Diagnostic::new(&diagnostics::ANNIDAMENTO_ECCESSIVO)
            .at(position)
            .arg("limite", limits.max_depth);
    }
    Diagnostic::new(&diagnostics::XML_MALFORMATO)
        .at(position)
        .reason("motivo", Reason::MalformedXml(kind_of(&error.kind)))
}

/// oxml's error kind as the XML layer's (the words are the same).
fn kind_of(kind: &ErrorKind) -> XmlErrorKind {
    match kind {
        ErrorKind::UnexpectedEof => XmlErrorKind::UnexpectedEof,
        ErrorKind::MismatchedEndTag { expected, found } => XmlErrorKind::MismatchedEndTag {
            expected: expected.clone(),
            found: found.clone(),
            opened_line: 0,
        },
        ErrorKind::UnexpectedEndTag(name) => XmlErrorKind::UnexpectedEndTag(name.clone()),
        ErrorKind::UnquotedAttributeValue => XmlErrorKind::UnquotedAttributeValue,
        ErrorKind::DuplicateAttribute(name) => XmlErrorKind::DuplicateAttribute(name.clone()),
        ErrorKind::UnknownEntity(name) => XmlErrorKind::UnknownEntity(name.clone()),
        ErrorKind::UnboundPrefix(prefix) => XmlErrorKind::UnboundPrefix(prefix.clone()),
        ErrorKind::ReservedNamespace => XmlErrorKind::ReservedNamespace,
        ErrorKind::TrailingContent => XmlErrorKind::TrailingContent,
        ErrorKind::NoRootElement => XmlErrorKind::NoRootElement,
        ErrorKind::Unterminated(what) => XmlErrorKind::Unterminated(match *what {
            "comment" => Markup::Comment,
            "CDATA" => Markup::Cdata,
            "entity" => Markup::Reference,
            _ => Markup::ProcessingInstruction,
        }),
        ErrorKind::IllegalCharacter(c) => XmlErrorKind::IllegalCharacter(*c),
        ErrorKind::IllegalCdataEnd => XmlErrorKind::IllegalCdataEnd,
        ErrorKind::MalformedComment => XmlErrorKind::MalformedComment,
        ErrorKind::MalformedDeclaration => XmlErrorKind::MalformedDeclaration,
        ErrorKind::ReservedPiTarget => XmlErrorKind::ReservedPiTarget,
        ErrorKind::DepthLimitExceeded => XmlErrorKind::DepthLimitExceeded,
        _ => XmlErrorKind::InvalidName,
    }
}

/// Today's module detection, from the root element and its namespace
/// (dominio.md §1); the pass does it in `start_root`.
pub fn detect_module(parsed: &Parsed) -> Result<Module, Diagnostic> {
    let root = parsed.root;
    let local = parsed.name(root);
    let namespace = parsed.namespace(root);
    // Only on failure: a position indexes every line of the file.
    let position = || parsed.position(root);
    let Some(module) = Module::from_root(local) else {
        let shown = match namespace {
            Some(ns) => format!("{local} ({ns})"),
            None => local.to_string(),
        };
        return Err(Diagnostic::new(&diagnostics::MODULO_SCONOSCIUTO)
            .at(position())
            .path(format!("/{local}"))
            .arg("radice", shown));
    };
    if namespace != Some(module.namespace()) {
        let diagnostic = Diagnostic::new(&diagnostics::NAMESPACE_ERRATO)
            .at(position())
            .path(format!("/{local}"))
            .arg("radice", local)
            .arg("atteso", module.namespace());
        return Err(match namespace {
            Some(found) => diagnostic.arg("trovato", found),
            None => diagnostic.reason("trovato", Reason::NoNamespace),
        });
    }
    Ok(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Parsed, Diagnostic> {
        Parsed::parse(text.as_bytes().to_vec(), &Limits::default())
    }

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let parsed = parse("<a>\n  <b>è</b><c/>\n</a>").unwrap();
        let b = parsed.child(parsed.root, "b").unwrap();
        let c = parsed.child(parsed.root, "c").unwrap();
        assert_eq!(parsed.position(b), Some(Position { line: 2, column: 3 }));
        assert_eq!(parsed.position(c), Some(Position { line: 2, column: 11 }));
    }

    #[test]
    fn crlf_files_get_the_same_lines() {
        let parsed = parse("<a>\r\n\r\n<b/></a>").unwrap();
        let b = parsed.child(parsed.root, "b").unwrap();
        assert_eq!(parsed.position(b), Some(Position { line: 3, column: 1 }));
    }

    #[test]
    fn doctype_is_refused_before_any_expansion() {
        let bomb = "<?xml version=\"1.0\"?>\n<!-- x -->\n<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        let diagnostic = parse(bomb).err().unwrap();
        assert_eq!(diagnostic.rule.code, "CL0031");
        assert_eq!(diagnostic.position, Some(Position { line: 3, column: 1 }));
    }

    #[test]
    fn malformed_xml_has_a_position_and_a_reason() {
        let diagnostic = parse("<a>\n<b></a>").err().unwrap();
        assert_eq!(diagnostic.rule.code, "CL0030");
        assert_eq!(diagnostic.position.map(|p| p.line), Some(2));
        assert!(clic::report::message(&diagnostic, clic::i18n::Lang::It).contains("</a>"));
    }

    #[test]
    fn depth_limit_is_its_own_diagnostic() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        let deep = "<a><a><a><a><a/></a></a></a></a>";
        let diagnostic = Parsed::parse(deep.as_bytes().to_vec(), &limits).err().unwrap();
        assert_eq!(diagnostic.rule.code, "CL0032");
    }

    #[test]
    fn empty_and_blank_files_are_empty() {
        assert_eq!(parse("").err().unwrap().rule.code, "CL0001");
        assert_eq!(parse(" \n\t").err().unwrap().rule.code, "CL0001");
    }

    #[test]
    fn paths_index_repeated_siblings() {
        let parsed = parse("<r><x/><y/><y><z/></y></r>").unwrap();
        let second_y = parsed.elements(parsed.root).nth(2).unwrap();
        let z = parsed.child(second_y, "z").unwrap();
        assert_eq!(parsed.path_of(z), "/r/y[2]/z");
    }
}
