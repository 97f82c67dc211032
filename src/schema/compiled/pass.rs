//! The streaming document pass: one walk over the XML events, no tree.
//!
//! Each open element has a frame: its declaration, the state of its
//! content model's automaton (particle index and count: a flat sequence
//! with Unique Particle Attribution is deterministic over element names),
//! and the text of a simple-typed element. A flat table of the elements
//! seen (name, parent, offset: the document's element table, `Tree`) is
//! all that is kept, so that paths and positions can be computed for the
//! diagnostics alone, at the end.
//!
//! The diagnostics are today's (`schema::check`): the same codes, the same
//! positions, paths and message arguments, decided by the same reading of
//! the content model (a greedy walk over the particles: children after the
//! first one the model cannot place are not validated further).

use super::compile::{BuiltIn, Compiled, Content, ElementId, NameId, Particle, SimpleType, WhiteSpace};
use crate::diagnostic::reason::{FieldFormat, Format, Violation};
use crate::diagnostic::{Diagnostic, Position, Reason};
use crate::document::{PathCache, Tree};
use crate::input::diagnostics as input_diagnostics;
use crate::input::limits::FindingCounts;
use crate::module::Module;
use crate::schema::diagnostics;
use crate::schema::hints;
use crate::xml::{self, Handler, StartTag, XmlError, XmlErrorKind};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A value the rules and records read: which declaration, and where its
/// text is (byte range of the element's content in the decoded text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub element: ElementId,
    pub node: u32,
    pub content: (u32, u32),
}

/// Where a pending diagnostic points, resolved once the document is read.
#[derive(Debug)]
enum Place {
    /// At an element, with its path.
    Node(u32),
    /// At an element, path of the element followed by `/name`.
    Child(u32, String),
    /// At a byte offset, with an element's path.
    Offset(usize, u32),
}

/// What the pass found.
#[derive(Debug)]
pub struct Outcome {
    pub module: Option<Module>,
    pub diagnostics: Vec<Diagnostic>,
    pub fields: Vec<Field>,
    /// The element table, when the document is well-formed.
    pub tree: Option<Tree>,
    /// Findings per code, counting those past the first
    /// [`FINDINGS_PER_CODE`](crate::input::limits::FINDINGS_PER_CODE), which were not kept.
    pub counts: FindingCounts,
}

/// The schemas of the three modules, by [`Module::index`].
pub struct Schemas<'a> {
    pub by_module: [&'a Compiled; 3],
}

struct Frame {
    node: u32,
    /// The declaration the namespace, attribute and stray-text checks use
    /// (found by name in the parent's model).
    walk: Option<ElementId>,
    /// The declaration the schema validation uses (the parent's automaton
    /// placed this element).
    valid: Option<ElementId>,
    /// Automaton state: current particle and occurrences matched.
    particle: usize,
    count: u32,
    /// The model could not place a child: the rest are not validated.
    stuck: bool,
    /// A structural violation was found: classify the children at the end.
    structural: bool,
    /// The element's simple type, when the schema validates it as one.
    simple: bool,
    /// Its text: a range of the document while it is one piece (the usual
    /// case), copied only when references or CDATA split it.
    single: Option<(usize, usize)>,
    text: String,
    content_start: usize,
    has_child_element: bool,
    non_blank_text: bool,
    /// Whether the walk's declaration takes no text (stray-text check).
    takes_no_text: bool,
    /// Stray text: where the current run of character data started, and
    /// its text once it is more than white space.
    run: Option<usize>,
    run_text: String,
    stray_reported: bool,
}

impl Frame {
    /// A simple-typed element's text in more than one piece: copied.
    #[cold]
    #[inline(never)]
    fn more_text(&mut self, source: &str, text: &str) {
        if let Some((from, to)) = self.single.take() {
            self.text.push_str(&source[from..to]);
        }
        self.text.push_str(text);
    }

    /// Text between child elements that is more than white space, or
    /// continues a run that is.
    #[cold]
    #[inline(never)]
    fn text_between(&mut self, text: &str, blank: bool) {
        if self.valid.is_some() && !blank {
            self.non_blank_text = true;
        }
        if self.takes_no_text {
            self.run_text.push_str(text);
        }
    }
}

struct Pass<'a> {
    text: &'a str,
    schemas: &'a Schemas<'a>,
    schema: Option<&'a Compiled>,
    module: Option<Module>,
    /// Module detection failed: nothing else is checked.
    stopped: bool,
    /// The open elements' frames are `frames[..depth]`; those above are
    /// kept for reuse (no frame moved per element, text buffers kept).
    frames: Vec<Frame>,
    depth: usize,
    pending: Vec<(Diagnostic, Place)>,
    /// Findings per code: past the first hundred of a code, the rest are
    /// only counted, so a hostile file's findings cost no memory.
    counts: FindingCounts,
    fields: Vec<Field>,
    tree: Tree,
    /// Where the namespace of an element already found in the module's
    /// namespace lies: its elements share one declaration, so the next
    /// ones are told by address, not compared byte by byte.
    namespace_match: Option<(usize, usize)>,
}

/// Checks one decoded document: well-formedness, module, schema.
pub fn check(text: &str, schemas: &Schemas<'_>, max_depth: usize) -> Outcome {
    let mut pass = Pass {
        text,
        schemas,
        schema: None,
        module: None,
        stopped: false,
        // Sized so that they rarely grow: a frame per nesting level, and
        // a simple-typed field per 40 bytes or so of the portal's files.
        frames: Vec::with_capacity(8),
        depth: 0,
        pending: Vec::new(),
        counts: FindingCounts::default(),
        fields: Vec::with_capacity(text.len() / 40 + 1),
        tree: Tree::for_text(text.len()),
        namespace_match: None,
    };
    let options = xml::Options {
        namespaces: true,
        max_depth,
    };
    if let Err(error) = xml::parse(text, &options, &mut pass) {
        return Outcome {
            module: None,
            diagnostics: vec![xml_diagnostic(text, &error, max_depth)],
            fields: Vec::new(),
            tree: None,
            counts: FindingCounts::default(),
        };
    }
    let mut lines = Lines::new(text);
    let paths = PathCache::default();
    let mut diagnostics = Vec::with_capacity(pass.pending.len());
    for (diagnostic, place) in std::mem::take(&mut pass.pending) {
        let (offset, path) = match place {
            Place::Node(node) => (pass.tree.start_offset(node), pass.path_of(node, &paths)),
            Place::Child(node, name) => (
                pass.tree.start_offset(node),
                format!("{}/{name}", pass.path_of(node, &paths)),
            ),
            Place::Offset(offset, node) => (offset, pass.path_of(node, &paths)),
        };
        diagnostics.push(diagnostic.at(Some(lines.position(offset))).path(path));
    }
    Outcome {
        module: pass.module,
        diagnostics,
        fields: pass.fields,
        tree: Some(pass.tree),
        counts: pass.counts,
    }
}

impl Pass<'_> {
    fn name(&self, node: u32) -> &str {
        let (start, end) = self.tree.name_range(node);
        &self.text[start..end]
    }

    /// Today's path: local names, `[n]` where a name repeats among siblings.
    fn path_of(&self, node: u32, cache: &PathCache) -> String {
        self.tree.path_of(self.text, node, cache)
    }

    fn push(&mut self, diagnostic: Diagnostic, place: Place) {
        if self.counts.keep(diagnostic.rule) {
            self.pending.push((diagnostic, place));
        }
    }

    fn start_root(&mut self, tag: &StartTag<'_>, node: u32) {
        let local = tag.local;
        let Some(module) = Module::from_root(local) else {
            let shown = match tag.namespace {
                Some(ns) => format!("{local} ({ns})"),
                None => local.to_string(),
            };
            self.stop(
                Diagnostic::new(&input_diagnostics::MODULO_SCONOSCIUTO).arg("radice", shown),
                node,
            );
            return;
        };
        if tag.namespace != Some(module.namespace()) {
            let diagnostic = Diagnostic::new(&input_diagnostics::NAMESPACE_ERRATO)
                .arg("radice", local)
                .arg("atteso", module.namespace());
            let diagnostic = match tag.namespace {
                Some(found) => diagnostic.arg("trovato", found),
                None => diagnostic.reason("trovato", Reason::NoNamespace),
            };
            self.stop(diagnostic, node);
            return;
        }
        self.module = Some(module);
        let schema = self.schemas.by_module[module.index()];
        self.schema = Some(schema);
        let decl = schema.globals.get(local).copied();
        self.open(node, decl, decl, tag);
    }

    fn stop(&mut self, diagnostic: Diagnostic, node: u32) {
        self.stopped = true;
        self.push(diagnostic, Place::Node(node));
    }

    fn open(&mut self, node: u32, walk: Option<ElementId>, valid: Option<ElementId>, tag: &StartTag<'_>) {
        if walk.is_some() {
            for attribute in tag.attributes {
                if attribute.is_namespace_declaration() || attribute.namespace == Some(XSI) {
                    continue;
                }
                let shown = match attribute.prefix {
                    Some(prefix) => format!("{prefix}:{}", attribute.local),
                    None => attribute.local.to_string(),
                };
                self.push(
                    Diagnostic::new(&diagnostics::ATTRIBUTO_NON_PREVISTO)
                        .arg("attributo", shown)
                        .arg("campo", tag.local),
                    Place::Node(node),
                );
            }
        }
        // xsi:nil stands for the content only where the declaration is
        // nillable, and this subset has no nillable element.
        let nil = tag
            .attributes
            .iter()
            .any(|a| a.namespace == Some(XSI) && a.local == "nil" && matches!(a.value.trim(), "true" | "1"));
        let valid = if nil && valid.is_some() {
            self.push(
                Diagnostic::new(&diagnostics::VIOLAZIONE_SCHEMA)
                    .reason("dettaglio", Reason::Violation(Violation::NotNillable)),
                Place::Node(node),
            );
            None
        } else {
            valid
        };
        let (simple, takes_no_text) = match self.schema {
            Some(schema) => (
                valid.is_some_and(|d| matches!(schema.elements[d].content, Content::Simple(_))),
                walk.is_some_and(|d| !matches!(schema.elements[d].content, Content::Simple(_))),
            ),
            None => (false, false),
        };
        if let Some(frame) = self.frames.get_mut(self.depth) {
            frame.node = node;
            frame.walk = walk;
            frame.valid = valid;
            frame.particle = 0;
            frame.count = 0;
            frame.stuck = false;
            frame.structural = false;
            frame.simple = simple;
            frame.single = None;
            frame.text.clear();
            frame.content_start = usize::MAX;
            frame.has_child_element = false;
            frame.non_blank_text = false;
            frame.takes_no_text = takes_no_text;
            frame.run = None;
            frame.run_text.clear();
            frame.stray_reported = false;
        } else {
            self.frames.push(Frame {
                node,
                walk,
                valid,
                particle: 0,
                count: 0,
                stuck: false,
                structural: false,
                simple,
                single: None,
                text: String::new(),
                content_start: usize::MAX,
                has_child_element: false,
                non_blank_text: false,
                takes_no_text,
                run: None,
                run_text: String::new(),
                stray_reported: false,
            });
        }
        self.depth += 1;
    }

    /// The innermost open element's frame.
    fn top(&self) -> Option<&Frame> {
        self.frames[..self.depth].last()
    }

    /// Ends the current run of text of the innermost frame, reporting it
    /// when its element takes no text.
    #[inline]
    fn end_run(&mut self) {
        let Some(frame) = self.frames[..self.depth].last_mut() else {
            return;
        };
        let Some(offset) = frame.run.take() else {
            return;
        };
        // The usual run, white space between elements, is not kept: it
        // says nothing (the run's text is kept once it is more than that).
        if !frame.run_text.is_empty() {
            self.stray_text(offset);
        }
    }

    /// A run of text more than white space ends at `offset`'s element.
    #[cold]
    fn stray_text(&mut self, offset: usize) {
        let Some(frame) = self.frames[..self.depth].last_mut() else {
            return;
        };
        let run = std::mem::take(&mut frame.run_text);
        if !frame.takes_no_text || frame.stray_reported {
            return;
        }
        let trimmed = run.trim();
        if trimmed.is_empty() {
            return;
        }
        frame.stray_reported = true;
        let node = frame.node;
        let shown: String = trimmed.chars().take(40).collect();
        let name = self.name(node).to_string();
        self.push(
            Diagnostic::new(&diagnostics::TESTO_NON_AMMESSO)
                .arg("campo", name)
                .arg("testo", shown),
            Place::Offset(offset, node),
        );
    }

    /// The interned id of an element name: compared first with the next
    /// few particles of the parent's model (a valid document names one of
    /// them), looked up by hash otherwise. Names are interned once, so the
    /// same text is the same id.
    /// Whether `found` (a slice of this document's text or a constant)
    /// is the module's namespace `expected`.
    fn in_namespace(&mut self, found: &str, expected: &str) -> bool {
        let at = (found.as_ptr() as usize, found.len());
        if self.namespace_match == Some(at) {
            return true;
        }
        let same = found == expected;
        if same {
            self.namespace_match = Some(at);
        }
        same
    }

    fn name_id(&self, schema: &Compiled, local: &str) -> Option<NameId> {
        if let Some(frame) = self.top()
            && let Some(decl) = frame.valid
            && let Content::Sequence(particles) = &schema.elements[decl].content
            && let Some(next) = particles.get(frame.particle..)
        {
            for particle in next.iter().take(4) {
                if xml::same(&schema.name_list[particle.name as usize], local) {
                    return Some(particle.name);
                }
            }
        }
        schema.names.get(local).copied()
    }

    /// The parent's automaton takes one child: the declaration that
    /// validates it, if the model places it.
    fn advance(&mut self, schema: &Compiled, id: Option<NameId>) -> Option<ElementId> {
        let frame = self.frames[..self.depth].last_mut()?;
        let decl = frame.valid?;
        let Content::Sequence(particles) = &schema.elements[decl].content else {
            return None;
        };
        if frame.stuck {
            return None;
        }
        while frame.particle < particles.len() {
            let particle: &Particle = &particles[frame.particle];
            if Some(particle.name) == id && particle.max.is_none_or(|max| frame.count < max) {
                frame.count += 1;
                return Some(particle.element);
            }
            if !particle.permits(frame.count) {
                frame.structural = true;
            }
            frame.particle += 1;
            frame.count = 0;
        }
        frame.stuck = true;
        frame.structural = true;
        None
    }

    fn close(&mut self, end: usize) {
        self.end_run();
        if self.depth == 0 {
            return;
        }
        self.depth -= 1;
        let Some(schema) = self.schema else { return };
        let frame = &mut self.frames[self.depth];
        let Some(decl) = frame.valid else { return };
        let (node, has_child_element, non_blank_text, single, content_start) = (
            frame.node,
            frame.has_child_element,
            frame.non_blank_text,
            frame.single,
            frame.content_start,
        );
        let (at, count, stuck, structural) = (frame.particle, frame.count, frame.stuck, frame.structural);
        match &schema.elements[decl].content {
            Content::Simple(type_id) => {
                if has_child_element {
                    self.push(
                        Diagnostic::new(&diagnostics::VIOLAZIONE_SCHEMA)
                            .reason("dettaglio", Reason::Violation(Violation::TextOnly)),
                        Place::Node(node),
                    );
                    return;
                }
                let st = &schema.types[*type_id];
                let start = content_start.min(end);
                self.fields.push(Field {
                    element: decl,
                    node,
                    content: (start as u32, end as u32),
                });
                let text = std::mem::take(&mut self.frames[self.depth].text);
                let value = match single {
                    Some((from, to)) if text.is_empty() => &self.text[from..to],
                    _ => text.as_str(),
                };
                if let Some(diagnostic) = classify_value(value, st, self.name(node)) {
                    self.push(diagnostic, Place::Node(node));
                }
                // The buffer stays with the frame for the next element.
                self.frames[self.depth].text = text;
            }
            Content::Empty => {
                if has_child_element || non_blank_text {
                    self.push(
                        Diagnostic::new(&diagnostics::VIOLAZIONE_SCHEMA)
                            .reason("dettaglio", Reason::Violation(Violation::MustBeEmpty)),
                        Place::Node(node),
                    );
                }
            }
            Content::Sequence(particles) => {
                let mut structural = structural;
                if !stuck {
                    let mut count = count;
                    for particle in &particles[at.min(particles.len())..] {
                        if !particle.permits(count) {
                            structural = true;
                        }
                        count = 0;
                    }
                }
                if structural {
                    let children: Vec<u32> = self.tree.children(node).collect();
                    self.classify_children(node, &children, particles, schema);
                }
            }
        }
    }

    /// Today's reading of a broken sequence: missing, repeated, unknown,
    /// and the first element out of order.
    fn classify_children(&mut self, node: u32, children: &[u32], particles: &[Particle], schema: &Compiled) {
        let section = self.name(node).to_string();
        let names = particles
            .iter()
            .map(|p| schema.name_list[p.name as usize].as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let index_of = |pass: &Self, child: u32| {
            let id = schema.names.get(pass.name(child))?;
            particles.iter().position(|p| p.name == *id)
        };
        for particle in particles {
            let particle_name = &schema.name_list[particle.name as usize];
            let occurrences: Vec<u32> = children
                .iter()
                .copied()
                .filter(|&c| self.name(c) == particle_name)
                .collect();
            if (occurrences.len() as u32) < particle.min {
                self.push(
                    Diagnostic::new(&diagnostics::CAMPO_OBBLIGATORIO)
                        .arg("campo", particle_name)
                        .arg("sezione", &section),
                    Place::Child(node, particle_name.clone()),
                );
            }
            if let Some(max) = particle.max
                && occurrences.len() > max as usize
            {
                self.push(
                    Diagnostic::new(&diagnostics::ELEMENTO_RIPETUTO)
                        .arg("campo", particle_name)
                        .arg("sezione", &section)
                        .arg("trovate", occurrences.len())
                        .arg("massimo", max),
                    Place::Node(occurrences[max as usize]),
                );
            }
        }
        for &child in children {
            if index_of(self, child).is_none() {
                let name = self.name(child).to_string();
                self.push(
                    Diagnostic::new(&diagnostics::ELEMENTO_NON_PREVISTO)
                        .arg("campo", name)
                        .arg("sezione", &section)
                        .arg("ammessi", &names),
                    Place::Node(child),
                );
            }
        }
        let mut furthest: Option<(usize, u32)> = None;
        for &child in children {
            let Some(index) = index_of(self, child) else {
                continue;
            };
            match furthest {
                Some((max, later)) if index < max => {
                    let (name, later) = (self.name(child).to_string(), self.name(later).to_string());
                    self.push(
                        Diagnostic::new(&diagnostics::ORDINE_ERRATO)
                            .arg("campo", name)
                            .arg("successivo", later)
                            .arg("sezione", &section)
                            .arg("ordine", &names),
                        Place::Node(child),
                    );
                    return;
                }
                Some((max, _)) if index == max => {}
                _ => furthest = Some((index, child)),
            }
        }
    }
}

impl Handler for Pass<'_> {
    fn start(&mut self, tag: &StartTag<'_>) {
        let name_start = tag.local.as_ptr() as usize - self.text.as_ptr() as usize;
        let node = self.tree.len() as u32;
        self.tree
            .start((name_start, name_start + tag.local.len()), tag.offset);
        if self.stopped {
            return;
        }
        let Some(schema) = self.schema else {
            if self.depth == 0 && self.tree.len() == 1 {
                self.start_root(tag, node);
            }
            return;
        };
        self.end_run();
        let Some(frame) = self.frames[..self.depth].last_mut() else {
            return;
        };
        frame.has_child_element = true;
        let parent_walk = frame.walk;
        // Namespace: every element in the module's namespace.
        let expected = schema.target_namespace.as_str();
        let found = tag.namespace.unwrap_or_default();
        let in_namespace = self.in_namespace(found, expected);
        let id = self.name_id(schema, tag.local);
        let valid = self.advance(schema, id);
        if parent_walk.is_some() && !in_namespace {
            self.push(
                Diagnostic::new(&diagnostics::NAMESPACE_ELEMENTO)
                    .arg("campo", tag.local)
                    .arg("trovato", if found.is_empty() { "(nessuno)" } else { found })
                    .arg("atteso", expected),
                Place::Node(node),
            );
        }
        let walk = parent_walk.filter(|_| in_namespace).and_then(|decl| {
            let Content::Sequence(particles) = &schema.elements[decl].content else {
                return None;
            };
            let id = id?;
            particles.iter().find(|p| p.name == id).map(|p| p.element)
        });
        self.open(node, walk, valid, tag);
    }

    fn text(&mut self, text: &str, offset: usize) {
        self.tree.text(self.text, text);
        if self.stopped || self.schema.is_none() {
            return;
        }
        let source = self.text;
        let Some(frame) = self.frames[..self.depth].last_mut() else {
            return;
        };
        if frame.run.is_none() {
            frame.run = Some(offset);
        }
        if frame.simple {
            if frame.content_start == usize::MAX {
                frame.content_start = offset;
            }
            let at = (text.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
            let in_source = at <= source.len() && !text.is_empty();
            if frame.single.is_none() && frame.text.is_empty() && in_source {
                frame.single = Some((at, at + text.len()));
            } else {
                frame.more_text(source, text);
            }
            if frame.takes_no_text && (!frame.run_text.is_empty() || !is_blank(text)) {
                frame.run_text.push_str(text);
            }
            return;
        }
        // The usual text between child elements is white space, and says
        // nothing more than where the run starts.
        let blank = is_blank(text);
        if !blank || !frame.run_text.is_empty() {
            frame.text_between(text, blank);
        }
    }

    fn markup(&mut self) {
        if !self.stopped {
            self.end_run();
        }
    }

    fn end(&mut self, offset: usize) {
        // The parser calls `end_tag`; this is its meaning without the end.
        self.end_tag(offset, xml::tag_after(self.text, offset));
    }

    fn end_tag(&mut self, offset: usize, after: usize) {
        self.tree.end(after);
        if self.stopped || self.schema.is_none() {
            return;
        }
        self.close(offset);
    }
}

/// Today's wording of a value the type does not accept.
pub(crate) fn classify_value(raw: &str, st: &SimpleType, field: &str) -> Option<Diagnostic> {
    let value = normalise(raw, st.white_space());
    let base = |rule| Diagnostic::new(rule).arg("campo", field);
    if !accepts(st.base, &value) {
        if value.is_empty() {
            return Some(base(&diagnostics::CAMPO_VUOTO));
        }
        if is_impossible_date(st.base, &value) {
            return Some(base(&diagnostics::DATA_IMPOSSIBILE).arg("valore", diagnostics::shown(&value)));
        }
        let format = hints::format_of_type(st.base);
        return Some(
            base(&diagnostics::FORMATO_ERRATO)
                .arg("valore", diagnostics::shown(&value))
                .reason("formato", Reason::Format(format)),
        );
    }
    if let Some(diagnostic) = diagnostics::length_and_enumeration(
        &value,
        &st.enumeration,
        (st.length, st.min_length, st.max_length),
        &base,
    ) {
        return Some(diagnostic);
    }
    if !st.patterns.is_empty() && !st.patterns.iter().any(|p| p.matches(&value)) {
        if value.is_empty() {
            return Some(base(&diagnostics::CAMPO_VUOTO));
        }
        let source = st
            .patterns
            .iter()
            .map(|p| p.source.as_str())
            .collect::<Vec<_>>()
            .join("|");
        let format = match hints::format_of(field) {
            Some(FieldFormat::CodiceFiscale) => hints::codice_fiscale_format(&value),
            Some(known) => Format::Field(known),
            None => Format::Pattern(source),
        };
        return Some(
            base(&diagnostics::FORMATO_ERRATO)
                .arg("valore", diagnostics::shown(&value))
                .reason("formato", Reason::Format(format)),
        );
    }
    None
}

/// Whether `str::trim` leaves nothing: decided on bytes while they are
/// ASCII.
fn is_blank(text: &str) -> bool {
    for &b in text.as_bytes() {
        if b >= 0x80 {
            return text.trim().is_empty();
        }
        if !matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            return false;
        }
    }
    true
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn normalise(raw: &str, rule: WhiteSpace) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    match rule {
        WhiteSpace::Preserve => Cow::Borrowed(raw),
        WhiteSpace::Replace if raw.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) => {
            Cow::Owned(raw.replace(['\t', '\n', '\r'], " "))
        }
        WhiteSpace::Replace => Cow::Borrowed(raw),
        // No XML space at all (the usual value): nothing to collapse.
        WhiteSpace::Collapse if !raw.bytes().any(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) => {
            Cow::Borrowed(raw)
        }
        WhiteSpace::Collapse => {
            let trimmed = raw.trim_matches(is_xml_space);
            if trimmed.split(is_xml_space).any(str::is_empty) {
                Cow::Owned(
                    trimmed
                        .split(is_xml_space)
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            } else {
                Cow::Borrowed(trimmed)
            }
        }
    }
}

/// The lexical spaces of the four built-in types (XML Schema part 2).
pub(crate) fn accepts(base: BuiltIn, value: &str) -> bool {
    match base {
        BuiltIn::String => true,
        BuiltIn::Integer => {
            let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }
        BuiltIn::Date => date_value(strip_zone(value)).is_some_and(valid_day),
        BuiltIn::DateTime => match value.split_once('T') {
            Some((date, time)) => date_value(date).is_some_and(valid_day) && valid_time(strip_zone(time)),
            None => false,
        },
    }
}

fn valid_day((year, month, day): (i64, u32, u32)) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `-?YYYY-MM-DD`: year of four digits or more (no leading zero past four),
/// not year zero.
fn date_value(date: &str) -> Option<(i64, u32, u32)> {
    // The usual `YYYY-MM-DD`, read on bytes.
    if let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = date.as_bytes() {
        let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
        if let (Some(y0), Some(y1), Some(y2), Some(y3), Some(m0), Some(m1), Some(d0), Some(d1)) = (
            digit(y0),
            digit(y1),
            digit(y2),
            digit(y3),
            digit(m0),
            digit(m1),
            digit(d0),
            digit(d1),
        ) {
            let year = i64::from(((y0 * 10 + y1) * 10 + y2) * 10 + y3);
            return (year != 0).then_some((year, m0 * 10 + m1, d0 * 10 + d1));
        }
    }
    let (negative, body) = match date.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, date),
    };
    let mut parts = body.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(year) || year.len() < 4 || (year.len() > 4 && year.starts_with('0')) {
        return None;
    }
    if month.len() != 2 || day.len() != 2 || !digits(month) || !digits(day) {
        return None;
    }
    let year: i64 = year.parse().ok()?;
    if year == 0 {
        return None;
    }
    Some((
        if negative { -year } else { year },
        month.parse().ok()?,
        day.parse().ok()?,
    ))
}

/// `hh:mm:ss(.s+)?`, with 24:00:00 allowed.
fn valid_time(time: &str) -> bool {
    let b = time.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let two = |i: usize| -> Option<u32> {
        (b[i].is_ascii_digit() && b[i + 1].is_ascii_digit())
            .then(|| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0'))
    };
    let (Some(h), Some(m), Some(s)) = (two(0), two(3), two(6)) else {
        return false;
    };
    let fraction = &time[8..];
    let fraction_ok = fraction.is_empty()
        || (fraction.len() > 1
            && fraction.starts_with('.')
            && fraction[1..].bytes().all(|b| b.is_ascii_digit()));
    let fraction_zero = fraction.bytes().skip(1).all(|b| b == b'0');
    fraction_ok && ((h < 24 && m < 60 && s < 60) || (h == 24 && m == 0 && s == 0 && fraction_zero))
}

/// Without a trailing `Z` or `±hh:mm` (a valid zone only: -14:00 to +14:00).
fn strip_zone(value: &str) -> &str {
    if let Some(stripped) = value.strip_suffix('Z') {
        return stripped;
    }
    let b = value.as_bytes();
    if b.len() > 6 {
        let zone = &b[b.len() - 6..];
        let digits = zone[1..3].iter().chain(&zone[4..]).all(u8::is_ascii_digit);
        if matches!(zone[0], b'+' | b'-') && zone[3] == b':' && digits {
            let hours = u32::from(zone[1] - b'0') * 10 + u32::from(zone[2] - b'0');
            let minutes = u32::from(zone[4] - b'0') * 10 + u32::from(zone[5] - b'0');
            if minutes < 60 && (hours < 14 || (hours == 14 && minutes == 0)) {
                return &value[..value.len() - 6];
            }
        }
    }
    value
}

/// Right shape, but a day, month or time that does not exist.
fn is_impossible_date(base: BuiltIn, value: &str) -> bool {
    let loose_date = |date: &str| {
        let mut parts = date.rsplitn(3, '-');
        let (day, month, year) = (parts.next(), parts.next(), parts.next());
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match (day, month, year) {
            (Some(d), Some(m), Some(y)) => {
                let y = y.strip_prefix('-').unwrap_or(y);
                digits(d, 2) && digits(m, 2) && y.len() >= 4 && y.bytes().all(|b| b.is_ascii_digit())
            }
            _ => false,
        }
    };
    let loose_time = |time: &str| {
        let b = time.as_bytes();
        b.len() >= 8
            && b[2] == b':'
            && b[5] == b':'
            && [0, 1, 3, 4, 6, 7].iter().all(|&i| b[i].is_ascii_digit())
            && (b.len() == 8 || (b[8] == b'.' && b.len() > 9 && b[9..].iter().all(u8::is_ascii_digit)))
    };
    match base {
        BuiltIn::Date => loose_date(strip_zone(value)),
        BuiltIn::DateTime => match value.split_once('T') {
            Some((date, time)) => loose_date(date) && loose_time(strip_zone(time)),
            None => false,
        },
        _ => false,
    }
}

/// Line and column of byte offsets, indexing the lines only when asked.
struct Lines<'a> {
    text: &'a str,
    index: Option<crate::document::LineIndex>,
    asked: u32,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text,
            index: None,
            asked: 0,
        }
    }

    fn position(&mut self, offset: usize) -> Position {
        let text = self.text;
        // A few positions are counted; more are looked up in a table.
        if self.index.is_none() && self.asked < 8 {
            self.asked += 1;
            return crate::document::offset_position(text, offset);
        }
        self.index
            .get_or_insert_with(|| crate::document::LineIndex::new(text))
            .position(text, offset)
    }
}

/// A well-formedness error as a diagnostic: DOCTYPE and depth have their
/// own codes, every other kind is CL0030 with the kind as its reason.
fn xml_diagnostic(text: &str, error: &XmlError, max_depth: usize) -> Diagnostic {
    let position = Some(Lines::new(text).position(error.offset));
    match &error.kind {
        XmlErrorKind::Doctype => return Diagnostic::new(&input_diagnostics::DOCTYPE_VIETATO).at(position),
        XmlErrorKind::DepthLimitExceeded => {
            return Diagnostic::new(&input_diagnostics::ANNIDAMENTO_ECCESSIVO)
                .at(position)
                .arg("limite", max_depth);
        }
        _ => {}
    }
    Diagnostic::new(&input_diagnostics::XML_MALFORMATO)
        .at(position)
        .reason("motivo", Reason::MalformedXml(error.kind.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_what_trim_empties() {
        for text in [
            "",
            " \n\t\r",
            "\u{b}\u{c}",
            " a ",
            "\u{a0}",
            " \u{2003}\n",
            " \u{e9} ",
            "x\u{a0}",
        ] {
            assert_eq!(is_blank(text), text.trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn built_in_types_follow_xml_schema() {
        assert!(accepts(BuiltIn::Date, "2024-02-29"));
        assert!(accepts(BuiltIn::Date, "2024-02-29Z"));
        assert!(accepts(BuiltIn::Date, "2024-02-29+14:00"));
        assert!(!accepts(BuiltIn::Date, "2024-02-29+14:30"));
        assert!(!accepts(BuiltIn::Date, "2023-02-29"));
        assert!(!accepts(BuiltIn::Date, "0000-01-01"));
        assert!(!accepts(BuiltIn::Date, "02024-01-01"));
        assert!(accepts(BuiltIn::DateTime, "2026-03-31T24:00:00"));
        assert!(!accepts(BuiltIn::DateTime, "2026-03-31T24:00:01"));
        assert!(accepts(BuiltIn::DateTime, "2026-03-31T09:30:00.5-01:00"));
        assert!(!accepts(BuiltIn::DateTime, "2026-03-31T09:30"));
        assert!(!accepts(BuiltIn::Date, "2024-13-01"));
        assert!(!accepts(BuiltIn::Date, "2024-1a-01"));
        assert!(!accepts(BuiltIn::Date, "-0000-01-01"));
        assert!(accepts(BuiltIn::Date, "-0001-01-01"));
        assert!(accepts(BuiltIn::Date, "12024-01-01"));
        assert!(accepts(BuiltIn::Integer, "-007"));
        assert!(!accepts(BuiltIn::Integer, "1.0"));
    }

    #[test]
    fn white_space_is_collapsed_for_dates_and_kept_for_strings() {
        assert_eq!(normalise(" \n2024-01-01\t", WhiteSpace::Collapse), "2024-01-01");
        assert_eq!(normalise(" a  b ", WhiteSpace::Preserve), " a  b ");
        assert_eq!(normalise("a\tb", WhiteSpace::Replace), "a b");
    }

    #[test]
    fn impossible_dates_are_told_apart_from_malformed_ones() {
        assert!(is_impossible_date(BuiltIn::Date, "2023-02-30"));
        assert!(is_impossible_date(BuiltIn::DateTime, "2023-02-10T25:00:00"));
        assert!(!is_impossible_date(BuiltIn::Date, "31/12/2023"));
    }
}
