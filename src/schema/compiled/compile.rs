//! The schema compiler: the subset of XSD the Ministry's schemas use,
//! turned into data the document pass runs without interpretation.
//!
//! Supported: global and local `xs:element` (name, type or ref, minOccurs,
//! maxOccurs), `xs:complexType` holding one `xs:sequence` of elements (or
//! nothing), `xs:simpleType` restricting xs:string, xs:date, xs:dateTime or
//! xs:integer with length, minLength, maxLength, pattern, enumeration and
//! whiteSpace, and `xs:annotation`. Anything else is refused, naming the
//! construct, so that no rule of a schema is ever silently skipped; and a
//! schema that breaks a rule of XSD itself within that subset (two
//! annotations, an element with neither name nor ref, a duplicate id...)
//! is refused as invalid, as the `xmlschema` crate refused it before.

use std::collections::HashMap;

use super::pattern::Pattern;
use crate::diagnostic::{Diagnostic, Position, Reason};
use crate::schema::{Construct, InvalidXsd};
use crate::xml::{self, Handler, StartTag};

const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// Element nesting allowed in a schema file (the tree and the compiler
/// recurse on it); the Ministry's schemas nest a few dozen levels.
const MAX_SCHEMA_DEPTH: usize = 256;

/// Element declarations one schema may expand to: a named complex type is
/// compiled again for every element of that type, so a type using another
/// twice doubles at every level. The Ministry's schemas need under a
/// hundred; the `xmlschema` crate stopped at the same number of particles.
const MAX_ELEMENTS: usize = 100_000;

/// FNV-1a: element names are short and not chosen by an attacker who
/// gains anything from collisions (a schema has a few hundred names).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

pub type Names = HashMap<String, NameId, std::hash::BuildHasherDefault<Fnv>>;

/// An element name, interned: the document pass compares integers.
pub type NameId = u32;
pub type ElementId = usize;
pub type TypeId = usize;

/// A compiled schema for one target namespace.
#[derive(Debug)]
pub struct Compiled {
    pub target_namespace: String,
    pub names: Names,
    pub name_list: Vec<String>,
    pub elements: Vec<ElementDecl>,
    pub types: Vec<SimpleType>,
    /// Global elements by local name.
    pub globals: HashMap<String, ElementId>,
}

#[derive(Debug)]
pub struct ElementDecl {
    pub name: NameId,
    pub content: Content,
}

#[derive(Debug)]
pub enum Content {
    /// No children, no text.
    Empty,
    Simple(TypeId),
    /// A sequence of element particles: the automaton's states are
    /// (particle, count); see `pass.rs`.
    Sequence(Vec<Particle>),
}

#[derive(Debug, Clone, Copy)]
pub struct Particle {
    pub name: NameId,
    pub element: ElementId,
    pub min: u32,
    pub max: Option<u32>,
}

impl Compiled {
    /// The declaration `path` ("A/B/c") leads to from `from`, child by
    /// child through the content models.
    pub fn element_at(&self, from: ElementId, path: &str) -> Option<ElementId> {
        path.split('/').try_fold(from, |at, step| {
            let Content::Sequence(particles) = &self.elements[at].content else {
                return None;
            };
            particles
                .iter()
                .find(|p| self.name_list[p.name as usize] == step)
                .map(|p| p.element)
        })
    }
}

impl Particle {
    pub fn permits(&self, count: u32) -> bool {
        count >= self.min && self.max.is_none_or(|max| count <= max)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltIn {
    String,
    Date,
    DateTime,
    Integer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhiteSpace {
    Preserve,
    Replace,
    Collapse,
}

#[derive(Debug)]
pub struct SimpleType {
    pub base: BuiltIn,
    pub white_space: Option<WhiteSpace>,
    pub enumeration: Vec<String>,
    pub length: Option<usize>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// Patterns of one derivation step are alternatives; this subset has one step.
    pub patterns: Vec<Pattern>,
}

/// Why a schema text cannot be compiled: the construct and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompileError {
    /// Not well-formed: the diagnostic a document would get (CL0030).
    NotXml(Box<Diagnostic>),
    NoTargetNamespace,
    Unsupported(Vec<Construct>),
    Invalid(Vec<InvalidXsd>),
}

/// A schema document as a small tree: schemas are a few hundred elements.
#[derive(Debug)]
struct Node {
    local: String,
    namespace: Option<String>,
    attributes: Vec<(String, String)>,
    /// Prefix bindings in scope, to resolve QName values.
    scope: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn is_xs(&self, local: &str) -> bool {
        self.local == local && self.namespace.as_deref() == Some(XS)
    }

    /// A QName value resolved: (namespace, local).
    fn resolve(&self, qname: &str) -> (Option<&str>, String) {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        let namespace = self
            .scope
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, ns)| ns.as_str())
            .filter(|ns| !ns.is_empty());
        (namespace, local.to_string())
    }
}

#[derive(Default)]
struct TreeBuilder {
    stack: Vec<Node>,
    root: Option<Node>,
    scope: Vec<Vec<(String, String)>>,
}

impl Handler for TreeBuilder {
    fn start(&mut self, tag: &StartTag<'_>) {
        let mut scope = self.scope.last().cloned().unwrap_or_default();
        let mut attributes = Vec::new();
        for a in tag.attributes {
            if a.is_namespace_declaration() {
                let prefix = if a.prefix.is_some() { a.local } else { "" };
                scope.push((prefix.to_string(), a.value.to_string()));
            } else if a.namespace.is_none() {
                attributes.push((a.local.to_string(), a.value.to_string()));
            }
        }
        self.scope.push(scope.clone());
        self.stack.push(Node {
            local: tag.local.to_string(),
            namespace: tag.namespace.map(str::to_string),
            attributes,
            scope,
            children: Vec::new(),
        });
    }

    fn text(&mut self, _: &str, _: usize) {}

    fn end(&mut self, _: usize) {
        self.scope.pop();
        if let Some(node) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => self.root = Some(node),
            }
        }
    }
}

/// The target namespace a schema text declares.
pub fn target_namespace(text: &str) -> Result<String, CompileError> {
    let root = read_tree(text)?;
    root.attr("targetNamespace")
        .map(str::to_string)
        .ok_or(CompileError::NoTargetNamespace)
}

fn read_tree(text: &str) -> Result<Node, CompileError> {
    let mut builder = TreeBuilder::default();
    let options = xml::Options {
        namespaces: true,
        max_depth: MAX_SCHEMA_DEPTH,
    };
    xml::parse(text, &options, &mut builder).map_err(|e| not_xml(text, &e))?;
    builder.root.ok_or_else(|| {
        not_xml(
            text,
            &xml::XmlError {
                offset: text.len(),
                kind: xml::XmlErrorKind::NoRootElement,
            },
        )
    })
}

/// A schema that is not well-formed gets the diagnostic a document would.
fn not_xml(text: &str, error: &xml::XmlError) -> CompileError {
    let before = &text[..crate::document::floor_char_boundary(text, error.offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    CompileError::NotXml(Box::new(
        Diagnostic::new(&crate::input::diagnostics::XML_MALFORMATO)
            .at(Some(Position {
                line: line as u32,
                column: column as u32,
            }))
            .reason("motivo", Reason::MalformedXml(error.kind.clone())),
    ))
}

struct Compiler<'a> {
    out: Compiled,
    unsupported: Vec<Construct>,
    invalid: Vec<InvalidXsd>,
    /// Named complex types being compiled: one met again is recursive.
    in_progress: Vec<&'a str>,
    named_simple: HashMap<String, &'a Node>,
    named_complex: HashMap<String, &'a Node>,
    global_nodes: HashMap<String, &'a Node>,
    simple_ids: HashMap<String, TypeId>,
    /// Global elements already given an id (refs to them share it).
    global_ids: HashMap<String, ElementId>,
}

/// Compiles a schema text; the errors name every unsupported construct.
pub fn compile(text: &str) -> Result<Compiled, CompileError> {
    let root = read_tree(text)?;
    if !root.is_xs("schema") {
        return Err(CompileError::Unsupported(vec![Construct::Outside {
            construct: root.local.clone(),
        }]));
    }
    let target = root
        .attr("targetNamespace")
        .ok_or(CompileError::NoTargetNamespace)?
        .to_string();
    let mut compiler = Compiler {
        out: Compiled {
            target_namespace: target,
            names: Names::default(),
            name_list: Vec::new(),
            elements: Vec::new(),
            types: Vec::new(),
            globals: HashMap::new(),
        },
        unsupported: Vec::new(),
        invalid: Vec::new(),
        in_progress: Vec::new(),
        named_simple: HashMap::new(),
        named_complex: HashMap::new(),
        global_nodes: HashMap::new(),
        simple_ids: HashMap::new(),
        global_ids: HashMap::new(),
    };
    for (name, value) in &root.attributes {
        match (name.as_str(), value.as_str()) {
            ("targetNamespace" | "version" | "id", _)
            | ("elementFormDefault", "qualified")
            | ("attributeFormDefault", "unqualified" | "qualified") => {}
            _ => compiler.refuse(format!("xs:schema/@{name}=\"{value}\"")),
        }
    }
    for child in &root.children {
        let name = child.attr("name").unwrap_or_default().to_string();
        match child.local.as_str() {
            _ if child.namespace.as_deref() != Some(XS) => compiler.refuse(child.local.clone()),
            "annotation" => {}
            "element" => {
                compiler.global_nodes.insert(name, child);
            }
            "simpleType" => {
                compiler.named_simple.insert(name, child);
            }
            "complexType" => {
                compiler.named_complex.insert(name, child);
            }
            "import" | "include" | "redefine" | "override" => {
                compiler.unsupported.push(Construct::OtherFile {
                    element: child.local.clone(),
                })
            }
            other => compiler.refuse(format!("xs:{other}")),
        }
    }
    check_structure(&root, &mut compiler.invalid);
    other_files(&root, &mut compiler.unsupported);
    let mut globals: Vec<String> = compiler.global_nodes.keys().cloned().collect();
    globals.sort_unstable();
    for name in globals {
        compiler.global(&name);
    }
    if !compiler.unsupported.is_empty() {
        let mut constructs = compiler.unsupported;
        constructs.sort_by_key(|c| format!("{c:?}"));
        constructs.dedup();
        return Err(CompileError::Unsupported(constructs));
    }
    if !compiler.invalid.is_empty() {
        let mut problems = compiler.invalid;
        problems.sort_by_key(|p| format!("{p:?}"));
        problems.dedup();
        return Err(CompileError::Invalid(problems));
    }
    Ok(compiler.out)
}

/// Other schema files named anywhere, even inside an annotation (as the
/// `xmlschema` crate's loading refused them): none is ever loaded.
fn other_files(node: &Node, out: &mut Vec<Construct>) {
    if matches!(
        node.local.as_str(),
        "import" | "include" | "redefine" | "override"
    ) {
        out.push(Construct::OtherFile {
            element: node.local.clone(),
        });
    }
    for child in &node.children {
        other_files(child, out);
    }
}

/// The rules of XSD every element of a schema keeps, whatever it declares
/// (annotations, names, ids); the content of annotations is not schema
/// and is not read.
fn check_structure(root: &Node, invalid: &mut Vec<InvalidXsd>) {
    fn walk<'n>(node: &'n Node, ids: &mut Vec<&'n str>, invalid: &mut Vec<InvalidXsd>) {
        if let Some(id) = node.attr("id") {
            if !xml::is_name(id) || id.contains(':') {
                invalid.push(InvalidXsd::Id { id: id.to_string() });
            } else if ids.contains(&id) {
                invalid.push(InvalidXsd::DuplicateId { id: id.to_string() });
            } else {
                ids.push(id);
            }
        }
        if node.is_xs("element") {
            match (node.attr("name"), node.attr("ref")) {
                (Some(name), Some(_)) => invalid.push(InvalidXsd::NameAndRef {
                    element: name.to_string(),
                }),
                (None, None) => invalid.push(InvalidXsd::NoName),
                _ => {}
            }
        }
        if node.is_xs("annotation") {
            return;
        }
        // xs:schema may hold several annotations, between its components.
        if !node.is_xs("schema") {
            let annotations = node.children.iter().filter(|c| c.is_xs("annotation")).count();
            let first = node.children.first().is_some_and(|c| c.is_xs("annotation"));
            if annotations > 1 || (annotations == 1 && !first) {
                invalid.push(InvalidXsd::Annotation {
                    parent: format!("xs:{}", node.local),
                });
            }
        }
        for child in &node.children {
            walk(child, ids, invalid);
        }
    }
    walk(root, &mut Vec::new(), invalid);
}

impl<'a> Compiler<'a> {
    fn refuse(&mut self, construct: String) {
        self.unsupported.push(Construct::Outside { construct });
    }

    fn intern(&mut self, name: &str) -> NameId {
        if let Some(&id) = self.out.names.get(name) {
            return id;
        }
        let id = self.out.name_list.len() as NameId;
        self.out.names.insert(name.to_string(), id);
        self.out.name_list.push(name.to_string());
        id
    }

    /// The id of a global element, compiling it on first use.
    fn global(&mut self, name: &str) -> Option<ElementId> {
        if let Some(&id) = self.global_ids.get(name) {
            return Some(id);
        }
        let node = *self.global_nodes.get(name)?;
        let name_id = self.intern(name);
        let id = self.out.elements.len();
        self.out.elements.push(ElementDecl {
            name: name_id,
            content: Content::Empty,
        });
        self.global_ids.insert(name.to_string(), id);
        self.out.globals.insert(name.to_string(), id);
        let content = self.element_content(node);
        self.out.elements[id].content = content;
        Some(id)
    }

    fn element_content(&mut self, node: &'a Node) -> Content {
        for (attr, _) in &node.attributes {
            if !matches!(
                attr.as_str(),
                "name" | "type" | "minOccurs" | "maxOccurs" | "ref" | "id"
            ) {
                self.refuse(format!("xs:element/@{attr}"));
            }
        }
        let mut inline: Option<&'a Node> = None;
        for child in &node.children {
            match child.local.as_str() {
                "annotation" => {}
                "complexType" | "simpleType" => match inline {
                    None => inline = Some(child),
                    Some(first) => self.invalid.push(InvalidXsd::Exclusive {
                        parent: "xs:element".into(),
                        first: format!("xs:{}", first.local),
                        second: format!("xs:{}", child.local),
                    }),
                },
                other => self.refuse(format!("xs:element/xs:{other}")),
            }
        }
        match (node.attr("type"), inline) {
            (Some(_), Some(_)) => {
                self.invalid.push(InvalidXsd::TypeAndInline {
                    element: node.attr("name").unwrap_or_default().to_string(),
                });
                Content::Empty
            }
            (Some(qname), None) => {
                let (namespace, local) = node.resolve(qname);
                if namespace == Some(XS) {
                    return match builtin(&local) {
                        Some(base) => Content::Simple(self.push_type(SimpleType::of(base))),
                        None => {
                            self.refuse(format!("xs:element/@type=xs:{local}"));
                            Content::Empty
                        }
                    };
                }
                if namespace != Some(self.out.target_namespace.as_str()) {
                    self.refuse(format!("xs:element/@type={qname}"));
                    return Content::Empty;
                }
                if let Some(id) = self.simple_ids.get(&local) {
                    return Content::Simple(*id);
                }
                if let Some(&simple) = self.named_simple.get(&local) {
                    let st = self.simple_type(simple);
                    let id = self.push_type(st);
                    self.simple_ids.insert(local, id);
                    return Content::Simple(id);
                }
                if let Some(&complex) = self.named_complex.get(&local) {
                    let name = complex.attr("name").unwrap_or_default();
                    if self.in_progress.contains(&name) {
                        // Each element of a named type gets its own copy
                        // of the content, which a recursive type cannot have.
                        self.refuse(format!(
                            "xs:complexType[@name=\"{name}\"]//xs:element[@type=\"{qname}\"]"
                        ));
                        return Content::Empty;
                    }
                    self.in_progress.push(name);
                    let content = self.complex_type(complex);
                    self.in_progress.pop();
                    return content;
                }
                self.refuse(format!("xs:element/@type={qname}"));
                Content::Empty
            }
            (None, Some(inline)) if inline.local == "simpleType" => {
                let st = self.simple_type(inline);
                Content::Simple(self.push_type(st))
            }
            (None, Some(inline)) => self.complex_type(inline),
            // No type: xs:anyType, which this subset does not validate.
            (None, None) => {
                self.refuse("xs:element[not(@type)]".into());
                Content::Empty
            }
        }
    }

    fn push_type(&mut self, st: SimpleType) -> TypeId {
        self.out.types.push(st);
        self.out.types.len() - 1
    }

    fn complex_type(&mut self, node: &'a Node) -> Content {
        for (attr, _) in &node.attributes {
            if attr != "name" && attr != "id" {
                self.refuse(format!("xs:complexType/@{attr}"));
            }
        }
        let mut content = Content::Empty;
        let mut sequence = false;
        for child in &node.children {
            match child.local.as_str() {
                "annotation" => {}
                "sequence" if !sequence => {
                    sequence = true;
                    content = self.sequence(child);
                }
                "sequence" => self.invalid.push(InvalidXsd::Exclusive {
                    parent: "xs:complexType".into(),
                    first: "xs:sequence".into(),
                    second: "xs:sequence".into(),
                }),
                other => self.refuse(format!("xs:complexType/xs:{other}")),
            }
        }
        content
    }

    fn sequence(&mut self, node: &'a Node) -> Content {
        for (attr, value) in &node.attributes {
            if !(matches!(attr.as_str(), "minOccurs" | "maxOccurs") && value == "1") {
                self.refuse(format!("xs:sequence/@{attr}"));
            }
        }
        let mut particles = Vec::new();
        // Element Declarations Consistent: one name, one named type.
        let mut typed: Vec<(&str, &str)> = Vec::new();
        for child in &node.children {
            if child.is_xs("element")
                && child.attr("ref").is_none()
                && let (Some(name), Some(ty)) = (child.attr("name"), child.attr("type"))
            {
                match typed.iter().find(|(n, _)| *n == name) {
                    Some((_, first)) if *first != ty => self.invalid.push(InvalidXsd::Inconsistent {
                        element: name.to_string(),
                        first: first.to_string(),
                        second: ty.to_string(),
                    }),
                    Some(_) => {}
                    None => typed.push((name, ty)),
                }
            }
        }
        for child in &node.children {
            match child.local.as_str() {
                "annotation" => {}
                "element" => {
                    if let Some(particle) = self.particle(child) {
                        particles.push(particle);
                    }
                }
                other => self.refuse(format!("xs:sequence/xs:{other}")),
            }
        }
        if let Some(conflict) = upa_conflict(&particles) {
            let element = self.out.name_list[conflict as usize].clone();
            self.unsupported.push(Construct::Ambiguous { element });
        }
        Content::Sequence(particles)
    }

    fn particle(&mut self, node: &'a Node) -> Option<Particle> {
        let min = match node.attr("minOccurs").map(str::parse::<u32>) {
            None => 1,
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                self.refuse(format!(
                    "xs:element/@minOccurs={}",
                    node.attr("minOccurs").unwrap_or_default()
                ));
                return None;
            }
        };
        let max = match node.attr("maxOccurs") {
            None => Some(1),
            Some("unbounded") => None,
            Some(n) => match n.parse::<u32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    self.refuse(format!("xs:element/@maxOccurs={n}"));
                    return None;
                }
            },
        };
        if max.is_some_and(|max| max < min) {
            self.refuse(format!(
                "xs:element[@minOccurs={min}][@maxOccurs={}]",
                max.unwrap_or_default()
            ));
            return None;
        }
        let element = if let Some(qname) = node.attr("ref") {
            let (namespace, local) = node.resolve(qname);
            if namespace != Some(self.out.target_namespace.as_str()) {
                self.refuse(format!("xs:element/@ref={qname}"));
                return None;
            }
            match self.global(&local) {
                Some(id) => id,
                None => {
                    self.refuse(format!("xs:element/@ref={qname}"));
                    return None;
                }
            }
        } else {
            let name = node.attr("name")?.to_string();
            if self.out.elements.len() >= MAX_ELEMENTS {
                self.invalid.push(InvalidXsd::TooLarge { limit: MAX_ELEMENTS });
                return None;
            }
            let name_id = self.intern(&name);
            let content = self.element_content(node);
            self.out.elements.push(ElementDecl {
                name: name_id,
                content,
            });
            self.out.elements.len() - 1
        };
        Some(Particle {
            name: self.out.elements[element].name,
            element,
            min,
            max,
        })
    }

    /// Refuses the attributes of `node` that are not in `allowed`: each
    /// one left (`final`, `fixed` on a type...) would change its meaning.
    fn attributes(&mut self, node: &Node, allowed: &[&str]) {
        for (attr, _) in &node.attributes {
            if !allowed.contains(&attr.as_str()) {
                self.refuse(format!("xs:{}/@{attr}", node.local));
            }
        }
    }

    fn simple_type(&mut self, node: &'a Node) -> SimpleType {
        let mut result = SimpleType::of(BuiltIn::String);
        self.attributes(node, &["name", "id"]);
        let mut restriction: Option<&Node> = None;
        for child in &node.children {
            match child.local.as_str() {
                "annotation" => {}
                "restriction" if restriction.is_none() => restriction = Some(child),
                "restriction" => self.invalid.push(InvalidXsd::Exclusive {
                    parent: "xs:simpleType".into(),
                    first: "xs:restriction".into(),
                    second: "xs:restriction".into(),
                }),
                other => self.refuse(format!("xs:simpleType/xs:{other}")),
            }
        }
        let Some(restriction) = restriction else {
            self.refuse("xs:simpleType[not(xs:restriction)]".into());
            return result;
        };
        let base = restriction.attr("base").map(|b| restriction.resolve(b));
        match base {
            Some((Some(XS), local)) if builtin(&local).is_some() => {
                result.base = builtin(&local).unwrap_or(BuiltIn::String);
                result.white_space = None;
            }
            _ => {
                self.refuse(format!(
                    "xs:restriction/@base={}",
                    restriction.attr("base").unwrap_or("?")
                ));
                return result;
            }
        }
        self.attributes(restriction, &["base", "id"]);
        let base_name = restriction.attr("base").unwrap_or_default();
        let number = |this: &mut Self, facet: &Node| -> Option<usize> {
            let parsed = facet.attr("value").and_then(|v| v.parse().ok());
            if parsed.is_none() {
                this.invalid.push(InvalidXsd::FacetValue {
                    facet: format!("xs:{}", facet.local),
                    value: facet.attr("value").unwrap_or_default().to_string(),
                    base: base_name.to_string(),
                });
            }
            parsed
        };
        for facet in &restriction.children {
            if facet.local != "annotation" {
                self.attributes(facet, &["value", "id", "fixed"]);
            }
            match facet.local.as_str() {
                "annotation" => {}
                "length" => result.length = number(self, facet),
                "minLength" => result.min_length = number(self, facet),
                "maxLength" => result.max_length = number(self, facet),
                "enumeration" => result
                    .enumeration
                    .push(facet.attr("value").unwrap_or_default().to_string()),
                "pattern" => match Pattern::new(facet.attr("value").unwrap_or_default()) {
                    Ok(pattern) => result.patterns.push(pattern),
                    Err(_) => self.unsupported.push(Construct::Pattern {
                        pattern: facet.attr("value").unwrap_or_default().to_string(),
                    }),
                },
                "whiteSpace" => {
                    let rule = match facet.attr("value") {
                        Some("preserve") => WhiteSpace::Preserve,
                        Some("replace") => WhiteSpace::Replace,
                        Some("collapse") => WhiteSpace::Collapse,
                        _ => {
                            self.refuse(format!(
                                "xs:whiteSpace/@value={}",
                                facet.attr("value").unwrap_or_default()
                            ));
                            continue;
                        }
                    };
                    if result.base != BuiltIn::String && rule != WhiteSpace::Collapse {
                        self.refuse(
                            format!("xs:{:?}/xs:whiteSpace/@value={rule:?}", result.base).to_lowercase(),
                        );
                    }
                    result.white_space = Some(rule);
                }
                other => self.refuse(format!("xs:{other}")),
            }
        }
        if result.base != BuiltIn::String
            && (result.length.is_some() || result.min_length.is_some() || result.max_length.is_some())
        {
            self.refuse(format!("xs:{:?}/xs:length", result.base).to_lowercase());
        }
        // An enumerated value the base type does not allow (the schema's
        // own error, not the document's).
        for value in &result.enumeration {
            let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if result.base != BuiltIn::String && !super::pass::accepts(result.base, &collapsed) {
                self.invalid.push(InvalidXsd::FacetValue {
                    facet: "xs:enumeration".into(),
                    value: value.clone(),
                    base: base_name.to_string(),
                });
            }
        }
        result
    }
}

impl SimpleType {
    fn of(base: BuiltIn) -> SimpleType {
        SimpleType {
            base,
            white_space: None,
            enumeration: Vec::new(),
            length: None,
            min_length: None,
            max_length: None,
            patterns: Vec::new(),
        }
    }

    /// The white-space rule in force: the facet's, or the built-in type's.
    pub fn white_space(&self) -> WhiteSpace {
        self.white_space.unwrap_or(match self.base {
            BuiltIn::String => WhiteSpace::Preserve,
            _ => WhiteSpace::Collapse,
        })
    }
}

fn builtin(local: &str) -> Option<BuiltIn> {
    Some(match local {
        "string" => BuiltIn::String,
        "date" => BuiltIn::Date,
        "dateTime" => BuiltIn::DateTime,
        "integer" => BuiltIn::Integer,
        _ => return None,
    })
}

/// In a flat sequence, a name is ambiguous when a particle that may take
/// one more occurrence is followed, across optional particles only, by
/// another particle of the same name.
fn upa_conflict(particles: &[Particle]) -> Option<NameId> {
    for (i, first) in particles.iter().enumerate() {
        if first.max == Some(first.min) {
            continue;
        }
        for later in &particles[i + 1..] {
            if later.name == first.name {
                return Some(first.name);
            }
            if later.min > 0 {
                break;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(body: &str) -> Result<Compiled, CompileError> {
        compile(&format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">{body}</xs:schema>"#
        ))
    }

    #[test]
    fn ambiguous_sequences_are_refused() {
        let ambiguous = r#"<xs:element name="r"><xs:complexType><xs:sequence>
            <xs:element name="a" type="xs:string" minOccurs="0"/>
            <xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#;
        match schema(ambiguous) {
            Err(CompileError::Unsupported(c)) => {
                assert_eq!(c, vec![Construct::Ambiguous { element: "a".into() }])
            }
            other => panic!("{other:?}"),
        }
        let counted = r#"<xs:element name="r"><xs:complexType><xs:sequence>
            <xs:element name="a" type="xs:string"/>
            <xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#;
        assert!(schema(counted).is_ok());
    }

    #[test]
    fn constructs_outside_the_subset_are_named() {
        let choice = r#"<xs:element name="r"><xs:complexType><xs:choice/></xs:complexType></xs:element>
            <xs:attribute name="x"/>"#;
        match schema(choice) {
            Err(CompileError::Unsupported(c)) => {
                let named: Vec<&str> = c
                    .iter()
                    .filter_map(|c| match c {
                        Construct::Outside { construct } => Some(construct.as_str()),
                        _ => None,
                    })
                    .collect();
                assert_eq!(named, vec!["xs:attribute", "xs:complexType/xs:choice"])
            }
            other => panic!("{other:?}"),
        }
    }
}
