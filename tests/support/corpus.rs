//! A deterministic generator of realistic Cliclavoro documents, for the
//! conformance test and the benchmark.
//!
//! Self-contained: it depends on `std` and the `clic` library only (for the
//! codice fiscale and partita IVA check characters), so it can be included
//! with `#[path = "../tests/support/corpus.rs"] mod corpus;` from a bench as
//! well as from an integration test.
//!
//! * [`Rng`]: a splitmix64 generator, always seeded explicitly.
//! * [`candidatura`], [`vacancy`], [`messaggio`]: one valid document (about
//!   2 KB for CVs and vacancies) valid under both the project's `xsd/` and
//!   the Ministry's official schemas, and also meant to pass the business
//!   rules of `dominio.md` (codice fiscale consistent with name, sex, birth
//!   date and comune; partite IVA with their check digit; `datascadenza` at
//!   most 60 days after sending; tipo 01 with 25 zeros as the code).
//! * [`variants`]: ways to change a valid document, each with its label
//!   ([`Expect`]): boundary-but-valid changes and schema violations.
//! * [`corpus`]: a labelled mix of all of them, with descriptive file names.
#![allow(dead_code)]

use std::fmt::Write as _;

// =====================================================================
// Random numbers
// =====================================================================

/// splitmix64: tiny, fast, good enough for test data, and the same on every
/// platform.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// A generator for item `index` of a stream seeded with `seed`: items do
    /// not shift when another item draws more or fewer numbers.
    pub fn derive(seed: u64, index: u64) -> Rng {
        let mut mixer = Rng::new(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        Rng::new(mixer.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0)");
        // Multiply-shift: no modulo bias worth mentioning for small n.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        assert!(lo <= hi, "Rng::between({lo}, {hi})");
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` random decimal digits.
    pub fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

// =====================================================================
// Labels
// =====================================================================

/// The three modules (root element, namespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Module {
    Candidatura,
    Vacancy,
    Messaggio,
}

impl Module {
    pub const ALL: [Module; 3] = [Module::Candidatura, Module::Vacancy, Module::Messaggio];

    /// The key `clic` uses in reports (`files[].module`).
    pub fn key(self) -> &'static str {
        match self {
            Module::Candidatura => "candidatura",
            Module::Vacancy => "vacancy",
            Module::Messaggio => "messaggio",
        }
    }

    pub fn root(self) -> &'static str {
        match self {
            Module::Candidatura => "Candidatura",
            Module::Vacancy => "Vacancy",
            Module::Messaggio => "Messaggio",
        }
    }

    pub fn namespace(self) -> &'static str {
        match self {
            Module::Candidatura => "http://servizi.lavoro.gov.it/candidatura",
            Module::Vacancy => "http://servizi.lavoro.gov.it/vacancy",
            Module::Messaggio => "http://servizi.lavoro.gov.it/messaggio",
        }
    }

    /// File name of the Ministry's schema in `reference/xsd/ufficiali`.
    pub fn official_xsd(self) -> &'static str {
        match self {
            Module::Candidatura => "Rev.038_-_CL_-_Allegato_4_-_Candidatura.xsd",
            Module::Vacancy => "Rev.064_-_CL_-_Allegato_4_-_Ricerca_personale.xsd",
            Module::Messaggio => "Rev.038_-_CL_-_Allegato_4_-_Messaggio.xsd",
        }
    }

    /// A valid document of this module.
    pub fn generate(self, rng: &mut Rng) -> String {
        self.draft(rng).render()
    }

    /// A valid document of this module, as a tree to change.
    pub fn draft(self, rng: &mut Rng) -> Draft {
        let root = match self {
            Module::Candidatura => candidatura_tree(rng),
            Module::Vacancy => vacancy_tree(rng),
            Module::Messaggio => messaggio_tree(rng),
        };
        let mut draft = Draft::new(self, root);
        draft.indent = rng.pick(&["\t", "\t", "\t", "\t", "", "", "  "]);
        draft
    }
}

/// What `clic` should say about a generated document.
///
/// Built to grow: the business-rule corpus will add documents that are
/// schema-valid but break a rule, labelled [`Expect::Rule`] with the
/// diagnostic code that must be reported (a rule that only warns would get
/// its own variant, since warnings leave the verdict OK).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Expect {
    /// Valid: schema and rules. Verdict OK.
    Valid,
    /// Breaks the schema; the text says what was broken. Verdict KO.
    SchemaInvalid(&'static str),
    /// Schema-valid, but breaks the business rule with this code (error).
    /// Verdict KO.
    Rule(&'static str),
    /// Schema-valid, and only this warning is raised. Verdict OK.
    Warning(&'static str),
}

impl Expect {
    /// The verdict `clic verify` must give: `"OK"` or `"KO"`.
    pub fn verdict(self) -> &'static str {
        match self {
            Expect::Valid | Expect::Warning(_) => "OK",
            Expect::SchemaInvalid(_) | Expect::Rule(_) => "KO",
        }
    }

    /// Whether a plain XSD validator (xmllint) must accept the document.
    pub fn schema_valid(self) -> bool {
        !matches!(self, Expect::SchemaInvalid(_))
    }

    pub fn describe(self) -> String {
        match self {
            Expect::Valid => "valido".to_string(),
            Expect::SchemaInvalid(what) => format!("schema: {what}"),
            Expect::Rule(code) => format!("regola {code}"),
            Expect::Warning(code) => format!("avviso {code}"),
        }
    }
}

/// One generated document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub module: Module,
    /// Short kebab-case name of the variant (`valido`, `ordine-nome-cognome`).
    pub variant: &'static str,
    pub expect: Expect,
    /// The document's text (its declaration names the encoding).
    pub xml: String,
    /// Written in ISO-8859-1 rather than UTF-8 (see [`Doc::bytes`]).
    pub latin1: bool,
}

impl Doc {
    /// The file's bytes: UTF-8, or ISO-8859-1 when `latin1`.
    pub fn bytes(&self) -> Vec<u8> {
        if self.latin1 {
            self.xml
                .chars()
                .map(|c| {
                    u8::try_from(u32::from(c))
                        .expect("corpus: a Latin-1 document holds only Latin-1 characters")
                })
                .collect()
        } else {
            self.xml.clone().into_bytes()
        }
    }

    /// `0042-candidatura-ordine-nome-cognome.xml`
    pub fn file_name(&self, index: usize) -> String {
        format!("{index:04}-{}-{}.xml", self.module.key(), self.variant)
    }
}

/// A valid Candidatura (CV): 1-3 esperienze, istruzione, 1-2 lingue,
/// professione desiderata, sent by an intermediary.
pub fn candidatura(rng: &mut Rng) -> String {
    Module::Candidatura.generate(rng)
}

/// A valid Vacancy with a full profile.
pub fn vacancy(rng: &mut Rng) -> String {
    Module::Vacancy.generate(rng)
}

/// A valid Messaggio (contact 03 or reply 04).
pub fn messaggio(rng: &mut Rng) -> String {
    Module::Messaggio.generate(rng)
}

// =====================================================================
// Dates
// =====================================================================

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Ymd {
    pub fn new(y: i32, m: u32, d: u32) -> Ymd {
        Ymd { y, m, d }
    }

    /// Days since 1970-01-01 (the library's calendar arithmetic).
    pub fn to_days(self) -> i64 {
        clic::calendar::Date {
            year: self.y,
            month: self.m,
            day: self.d,
        }
        .to_days()
    }

    pub fn from_days(days: i64) -> Ymd {
        let date = clic::calendar::Date::from_days(days);
        Ymd {
            y: date.year,
            m: date.month,
            d: date.day,
        }
    }

    pub fn add_days(self, days: i64) -> Ymd {
        Ymd::from_days(self.to_days() + days)
    }

    /// `YYYY-MM-DD`
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// A random date in `from..=to`.
    pub fn random(rng: &mut Rng, from: Ymd, to: Ymd) -> Ymd {
        Ymd::from_days(rng.between(from.to_days(), to.to_days()))
    }
}

/// A random office-hours time `HH:MM:SS`.
fn office_time(rng: &mut Rng) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        rng.between(8, 18),
        rng.between(0, 59),
        rng.between(0, 59)
    )
}

// =====================================================================
// The document tree
// =====================================================================

/// A node of a generated document.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Elem(El),
    /// Character data, escaped when written.
    Text(String),
    /// Markup written as is: comments, CDATA sections, entity references.
    Raw(String),
}

/// An element: name (with prefix, if any), attributes, children.
#[derive(Debug, Clone, PartialEq)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub kids: Vec<Node>,
}

impl El {
    pub fn new(name: &str) -> El {
        El {
            name: name.to_string(),
            attrs: Vec::new(),
            kids: Vec::new(),
        }
    }

    /// `<name>text</name>`
    pub fn leaf(name: &str, text: impl Into<String>) -> El {
        let mut el = El::new(name);
        el.kids.push(Node::Text(text.into()));
        el
    }

    pub fn push(&mut self, child: El) -> &mut El {
        self.kids.push(Node::Elem(child));
        self
    }

    /// Appends `<name>text</name>`.
    pub fn add(&mut self, name: &str, text: impl Into<String>) -> &mut El {
        self.push(El::leaf(name, text))
    }

    /// Appends `<name>text</name>` when `text` is `Some`.
    pub fn add_opt(&mut self, name: &str, text: Option<String>) -> &mut El {
        if let Some(text) = text {
            self.add(name, text);
        }
        self
    }

    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.kids.iter().filter_map(|k| match k {
            Node::Elem(e) => Some(e),
            _ => None,
        })
    }

    fn elements_mut(&mut self) -> impl Iterator<Item = &mut El> {
        self.kids.iter_mut().filter_map(|k| match k {
            Node::Elem(e) => Some(e),
            _ => None,
        })
    }

    /// Position in `kids` of the `nth` child element called `name`.
    fn kid_index(&self, name: &str, nth: usize) -> Option<usize> {
        self.kids
            .iter()
            .enumerate()
            .filter(|(_, k)| matches!(k, Node::Elem(e) if e.name == name))
            .nth(nth)
            .map(|(i, _)| i)
    }

    /// The element at `path` (`Lavoratore/DatiAnagrafici/cognome`, with an
    /// optional 0-based `[n]` on any step; "" is `self`).
    pub fn find(&self, path: &str) -> Option<&El> {
        let mut here = self;
        for step in steps(path) {
            let (name, nth) = parse_step(step);
            here = here.elements().filter(|e| e.name == name).nth(nth)?;
        }
        Some(here)
    }

    pub fn find_mut(&mut self, path: &str) -> Option<&mut El> {
        let mut here = self;
        for step in steps(path) {
            let (name, nth) = parse_step(step);
            here = here.elements_mut().filter(|e| e.name == name).nth(nth)?;
        }
        Some(here)
    }

    /// Like [`El::find_mut`], but the element must exist.
    pub fn at(&mut self, path: &str) -> &mut El {
        self.find_mut(path)
            .unwrap_or_else(|| panic!("corpus: no element at {path}"))
    }

    pub fn has(&self, path: &str) -> bool {
        self.find(path).is_some()
    }

    /// How many elements match the last step of `path` under its parent.
    pub fn count(&self, path: &str) -> usize {
        let (parent, last) = split_last(path);
        self.find(parent)
            .map_or(0, |p| p.elements().filter(|e| e.name == last).count())
    }

    /// The text of the element at `path` (all its text children).
    pub fn text(&self, path: &str) -> String {
        let el = self
            .find(path)
            .unwrap_or_else(|| panic!("corpus: no element at {path}"));
        el.kids
            .iter()
            .filter_map(|k| match k {
                Node::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Replaces the content of the element at `path` with `text`.
    pub fn set_text(&mut self, path: &str, text: impl Into<String>) {
        self.at(path).kids = vec![Node::Text(text.into())];
    }

    /// Replaces the content of the element at `path` with raw markup.
    pub fn set_raw(&mut self, path: &str, raw: impl Into<String>) {
        self.at(path).kids = vec![Node::Raw(raw.into())];
    }

    pub fn set_attr(&mut self, path: &str, name: &str, value: &str) {
        let el = self.at(path);
        el.attrs.retain(|(n, _)| n != name);
        el.attrs.push((name.to_string(), value.to_string()));
    }

    /// Removes and returns the element at `path`.
    pub fn remove(&mut self, path: &str) -> El {
        let (parent, last) = split_last(path);
        let (name, nth) = parse_step(last);
        let parent = self.at(parent);
        let i = parent
            .kid_index(name, nth)
            .unwrap_or_else(|| panic!("corpus: no element at {path}"));
        match parent.kids.remove(i) {
            Node::Elem(e) => e,
            _ => unreachable!(),
        }
    }

    /// Removes every child called like the last step of `path`; how many.
    pub fn remove_all(&mut self, path: &str) -> usize {
        let (parent, last) = split_last(path);
        let Some(parent) = self.find_mut(parent) else {
            return 0;
        };
        let before = parent.kids.len();
        parent
            .kids
            .retain(|k| !matches!(k, Node::Elem(e) if e.name == last));
        before - parent.kids.len()
    }

    /// Inserts `node` right after the element at `path`.
    pub fn insert_after(&mut self, path: &str, node: Node) {
        let (parent, last) = split_last(path);
        let (name, nth) = parse_step(last);
        let parent = self.at(parent);
        let i = parent
            .kid_index(name, nth)
            .unwrap_or_else(|| panic!("corpus: no element at {path}"));
        parent.kids.insert(i + 1, node);
    }

    /// Inserts `node` right before the element at `path`.
    pub fn insert_before(&mut self, path: &str, node: Node) {
        let (parent, last) = split_last(path);
        let (name, nth) = parse_step(last);
        let parent = self.at(parent);
        let i = parent
            .kid_index(name, nth)
            .unwrap_or_else(|| panic!("corpus: no element at {path}"));
        parent.kids.insert(i, node);
    }

    /// Copies the element at `path` right after itself.
    pub fn duplicate(&mut self, path: &str) {
        let copy = self
            .find(path)
            .unwrap_or_else(|| panic!("corpus: no element at {path}"))
            .clone();
        self.insert_after(path, Node::Elem(copy));
    }

    /// Swaps two child elements of `parent` (first occurrences).
    pub fn swap(&mut self, parent: &str, a: &str, b: &str) {
        let p = self.at(parent);
        let i = p
            .kid_index(a, 0)
            .unwrap_or_else(|| panic!("corpus: no {a} in {parent}"));
        let j = p
            .kid_index(b, 0)
            .unwrap_or_else(|| panic!("corpus: no {b} in {parent}"));
        p.kids.swap(i, j);
    }

    /// Inserts `child` into the element at `parent` where the schema's
    /// sequence `order` puts it (after every sibling that comes before or
    /// with it).
    pub fn insert_ordered(&mut self, parent: &str, order: &[&str], child: El) {
        let rank = |name: &str| {
            order
                .iter()
                .position(|n| *n == name)
                .unwrap_or_else(|| panic!("corpus: {name} not in the order of {parent}"))
        };
        let mine = rank(&child.name);
        let p = self.at(parent);
        let mut at = 0;
        for (i, kid) in p.kids.iter().enumerate() {
            if let Node::Elem(e) = kid
                && rank(&e.name) <= mine
            {
                at = i + 1;
            }
        }
        p.kids.insert(at, Node::Elem(child));
    }

    /// The element at `parent/name`, created in schema order if missing.
    pub fn ensure(&mut self, parent: &str, order: &[&str], name: &str, text: &str) -> &mut El {
        let path = join(parent, name);
        if !self.has(&path) {
            self.insert_ordered(parent, order, El::leaf(name, text));
        }
        self.at(&path)
    }

    /// Renames every element with `prefix:` (for the prefixed-namespace
    /// variant).
    fn prefix_all(&mut self, prefix: &str) {
        self.name = format!("{prefix}:{}", self.name);
        for kid in self.elements_mut() {
            kid.prefix_all(prefix);
        }
    }
}

fn steps(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn parse_step(step: &str) -> (&str, usize) {
    match step.strip_suffix(']').and_then(|s| s.split_once('[')) {
        Some((name, n)) => (name, n.parse().expect("corpus: bad [n] in a path")),
        None => (step, 0),
    }
}

fn split_last(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}/{name}")
    }
}

/// A document being generated: its tree and how it is written out.
#[derive(Debug, Clone)]
pub struct Draft {
    pub module: Module,
    pub root: El,
    /// Write `<?xml version="1.0" encoding="UTF-8"?>`.
    pub declaration: bool,
    /// Start with a UTF-8 byte order mark.
    pub bom: bool,
    /// CR LF line ends.
    pub crlf: bool,
    /// Prefix every element with this (bound to the module's namespace)
    /// instead of using a default namespace.
    pub prefix: Option<&'static str>,
    /// One level of indentation: a tab (as in the Ministry's own files),
    /// two spaces, or nothing (machine exports).
    pub indent: &'static str,
    /// Declared and written as ISO-8859-1.
    pub latin1: bool,
}

impl Draft {
    pub fn new(module: Module, root: El) -> Draft {
        Draft {
            module,
            root,
            declaration: true,
            bom: false,
            crlf: false,
            prefix: None,
            indent: "\t",
            latin1: false,
        }
    }

    /// Sets the text of the element at `path`, creating it where the
    /// schema's sequence puts it when the document lacks it (its parent must
    /// exist).
    pub fn put(&mut self, path: &str, text: impl Into<String>) {
        if !self.root.has(path) {
            let (parent, name) = split_last(path);
            let parent_name = parent.rsplit('/').next().unwrap_or_default();
            let parent_name = parent_name.split('[').next().unwrap_or_default();
            let order = order::of(self.module, parent_name)
                .unwrap_or_else(|| panic!("corpus: no sequence order known for {parent_name}"));
            self.root.insert_ordered(parent, order, El::new(name));
        }
        self.root.set_text(path, text);
    }

    pub fn render(&self) -> String {
        let mut root = self.root.clone();
        let ns = self.module.namespace().to_string();
        match self.prefix {
            Some(prefix) => {
                root.prefix_all(prefix);
                root.attrs.insert(0, (format!("xmlns:{prefix}"), ns));
            }
            // A variant may have set the root's namespace itself.
            None if root.attrs.iter().any(|(n, _)| n == "xmlns") => {}
            None => root.attrs.insert(0, ("xmlns".to_string(), ns)),
        }
        let mut out = String::with_capacity(3000);
        if self.bom {
            out.push('\u{feff}');
        }
        if self.declaration {
            let encoding = if self.latin1 { "ISO-8859-1" } else { "UTF-8" };
            let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"{encoding}\"?>");
        }
        write_el(&mut out, &root, self.indent, 0);
        if self.crlf {
            out = out.replace('\n', "\r\n");
        }
        out
    }
}

fn write_el(out: &mut String, el: &El, unit: &str, depth: usize) {
    let indent = unit.repeat(depth);
    out.push_str(&indent);
    out.push('<');
    out.push_str(&el.name);
    for (name, value) in &el.attrs {
        let _ = write!(out, " {name}=\"{}\"", escape(value, true));
    }
    let has_elements = el.kids.iter().any(|k| matches!(k, Node::Elem(_)));
    if el.kids.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push('>');
    if has_elements {
        out.push('\n');
        for kid in &el.kids {
            match kid {
                Node::Elem(e) => write_el(out, e, unit, depth + 1),
                Node::Text(t) => {
                    let _ = writeln!(out, "{indent}{unit}{}", escape(t, false));
                }
                Node::Raw(r) => {
                    let _ = writeln!(out, "{indent}{unit}{r}");
                }
            }
        }
        out.push_str(&indent);
    } else {
        for kid in &el.kids {
            match kid {
                Node::Text(t) => out.push_str(&escape(t, false)),
                Node::Raw(r) => out.push_str(r),
                Node::Elem(_) => unreachable!(),
            }
        }
    }
    let _ = writeln!(out, "</{}>", el.name);
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

// =====================================================================
// Reference data
// =====================================================================

/// A comune with its Belfiore code, province (ISTAT code and sigla),
/// region (ISTAT), some CAPs and the telephone prefix.
#[derive(Debug, Clone, Copy)]
pub struct Comune {
    pub belfiore: &'static str,
    pub nome: &'static str,
    pub sigla: &'static str,
    pub provincia: &'static str,
    pub regione: &'static str,
    pub cap: &'static [&'static str],
    pub prefisso: &'static str,
}

macro_rules! comune {
    ($b:literal, $n:literal, $s:literal, $p:literal, $r:literal, [$($cap:literal),+], $t:literal) => {
        Comune { belfiore: $b, nome: $n, sigla: $s, provincia: $p, regione: $r, cap: &[$($cap),+], prefisso: $t }
    };
}

/// Real comuni (codes checked against `tabelle/comuni.csv`).
pub const COMUNI: &[Comune] = &[
    comune!(
        "H501",
        "Roma",
        "RM",
        "058",
        "12",
        ["00184", "00185", "00153", "00197", "00128"],
        "06"
    ),
    comune!(
        "F205",
        "Milano",
        "MI",
        "015",
        "03",
        ["20121", "20124", "20133", "20146", "20159"],
        "02"
    ),
    comune!(
        "L219",
        "Torino",
        "TO",
        "001",
        "01",
        ["10121", "10128", "10138", "10153"],
        "011"
    ),
    comune!(
        "F839",
        "Napoli",
        "NA",
        "063",
        "15",
        ["80121", "80134", "80142"],
        "081"
    ),
    comune!(
        "A944",
        "Bologna",
        "BO",
        "037",
        "08",
        ["40121", "40126", "40137"],
        "051"
    ),
    comune!(
        "D612",
        "Firenze",
        "FI",
        "048",
        "09",
        ["50121", "50129", "50142"],
        "055"
    ),
    comune!(
        "D969",
        "Genova",
        "GE",
        "010",
        "07",
        ["16121", "16129", "16149"],
        "010"
    ),
    comune!(
        "G273",
        "Palermo",
        "PA",
        "082",
        "19",
        ["90133", "90141", "90145"],
        "091"
    ),
    comune!(
        "L736",
        "Venezia",
        "VE",
        "027",
        "05",
        ["30121", "30171", "30174"],
        "041"
    ),
    comune!(
        "L781",
        "Verona",
        "VR",
        "023",
        "05",
        ["37121", "37131", "37138"],
        "045"
    ),
    comune!(
        "A662",
        "Bari",
        "BA",
        "072",
        "16",
        ["70121", "70122", "70126"],
        "080"
    ),
    comune!(
        "C351",
        "Catania",
        "CT",
        "087",
        "19",
        ["95121", "95124", "95129"],
        "095"
    ),
    comune!(
        "G224",
        "Padova",
        "PD",
        "028",
        "05",
        ["35121", "35131", "35137"],
        "049"
    ),
    comune!(
        "L424",
        "Trieste",
        "TS",
        "032",
        "06",
        ["34121", "34133", "34137"],
        "040"
    ),
    comune!(
        "B157",
        "Brescia",
        "BS",
        "017",
        "03",
        ["25121", "25124", "25128"],
        "030"
    ),
    comune!(
        "A271",
        "Ancona",
        "AN",
        "042",
        "11",
        ["60121", "60123", "60131"],
        "071"
    ),
    comune!(
        "G702",
        "Pisa",
        "PI",
        "050",
        "09",
        ["56121", "56124", "56127"],
        "050"
    ),
    comune!("E506", "Lecce", "LE", "075", "16", ["73100"], "0832"),
    comune!(
        "B354",
        "Cagliari",
        "CA",
        "092",
        "20",
        ["09121", "09126", "09131"],
        "070"
    ),
    comune!(
        "H703",
        "Salerno",
        "SA",
        "065",
        "15",
        ["84121", "84125", "84131"],
        "089"
    ),
    comune!(
        "G337",
        "Parma",
        "PR",
        "034",
        "08",
        ["43121", "43123", "43126"],
        "0521"
    ),
    comune!(
        "A794",
        "Bergamo",
        "BG",
        "016",
        "03",
        ["24121", "24125", "24128"],
        "035"
    ),
    comune!(
        "L378",
        "Trento",
        "TN",
        "022",
        "04",
        ["38121", "38122", "38123"],
        "0461"
    ),
    comune!("A952", "Bolzano", "BZ", "021", "04", ["39100"], "0471"),
    comune!(
        "G482",
        "Pescara",
        "PE",
        "068",
        "13",
        ["65121", "65124", "65129"],
        "085"
    ),
    comune!(
        "H294",
        "Rimini",
        "RN",
        "099",
        "08",
        ["47921", "47922", "47923"],
        "0541"
    ),
    comune!(
        "F257",
        "Modena",
        "MO",
        "036",
        "08",
        ["41121", "41124", "41126"],
        "059"
    ),
    comune!(
        "G478",
        "Perugia",
        "PG",
        "054",
        "10",
        ["06121", "06124", "06128"],
        "075"
    ),
    comune!("L483", "Udine", "UD", "030", "06", ["33100"], "0432"),
    comune!("F704", "Monza", "MB", "108", "03", ["20900"], "039"),
    comune!("G999", "Prato", "PO", "100", "09", ["59100"], "0574"),
];

/// Foreign states: Belfiore code, name, ISTAT citizenship code, typical
/// surnames and first names (male, female).
struct Estero {
    belfiore: &'static str,
    cittadinanza: &'static str,
    cognomi: &'static [&'static str],
    maschili: &'static [&'static str],
    femminili: &'static [&'static str],
}

const ESTERI: &[Estero] = &[
    Estero {
        belfiore: "Z129",
        cittadinanza: "235",
        cognomi: &["Popescu", "Ionescu", "Dumitru"],
        maschili: &["Andrei", "Mihai"],
        femminili: &["Ioana", "Elena"],
    },
    Estero {
        belfiore: "Z100",
        cittadinanza: "201",
        cognomi: &["Hoxha", "Shehu", "Kola"],
        maschili: &["Arben", "Ermal"],
        femminili: &["Anila", "Elira"],
    },
    Estero {
        belfiore: "Z330",
        cittadinanza: "436",
        cognomi: &["El Amrani", "Benali", "Ait Ouali"],
        maschili: &["Youssef", "Karim"],
        femminili: &["Fatima", "Salma"],
    },
    Estero {
        belfiore: "Z112",
        cittadinanza: "216",
        cognomi: &["Müller", "Schäfer", "Köhler"],
        maschili: &["Jürgen", "Lukas"],
        femminili: &["Jana", "Lea"],
    },
];

const MASCHILI: &[&str] = &[
    "Marco",
    "Luca",
    "Matteo",
    "Alessandro",
    "Lorenzo",
    "Andrea",
    "Francesco",
    "Giuseppe",
    "Davide",
    "Simone",
    "Federico",
    "Gabriele",
    "Riccardo",
    "Tommaso",
    "Niccolò",
    "Nicolò",
    "Mattia",
    "Edoardo",
    "Gioele",
    "Noè",
    "Salvatore",
    "Gian Marco",
    "Pierluigi",
    "Ugo",
    "Elia",
    "Jacopo",
    "Christian",
    "Giovanni Battista",
    "Raffaele",
    "Vincenzo",
];

const FEMMINILI: &[&str] = &[
    "Giulia",
    "Sofia",
    "Aurora",
    "Alice",
    "Ginevra",
    "Emma",
    "Giorgia",
    "Beatrice",
    "Martina",
    "Chiara",
    "Anna",
    "Francesca",
    "Sara",
    "Elisa",
    "Federica",
    "Valentina",
    "Maria Chiara",
    "Zoe",
    "Noemi",
    "Ilaria",
    "Bianca",
    "Benedetta",
    "Desirée",
    "Irene",
    "Anna Maria",
    "Gaia",
    "Lucrezia",
    "Annalisa",
    "Carmela",
    "Rosaria",
];

const COGNOMI: &[&str] = &[
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
    "Caruso",
    "Ferrara",
    "Galli",
    "Martini",
    "Leone",
    "Longo",
    "Gentile",
    "Martinelli",
    "Vitale",
    "Serra",
    "Coppola",
    "De Santis",
    "D'Angelo",
    "D'Amico",
    "Dell'Orto",
    "Lo Presti",
    "Sanna",
    "Fabbri",
    "Cantù",
    "Lorè",
    "Piras",
    "Fo",
    "Re",
    "Di Nardo",
    "La Rosa",
    "Niccolai",
    "Pellegrini",
    "Palumbo",
    "Dell'Acqua",
    "Sciortino",
    "Esposito",
    "Amato",
    "Solinas",
    "Zanetti",
    "Quaranta",
];

const VIE: &[&str] = &[
    "Via Roma",
    "Via Giuseppe Garibaldi",
    "Corso Vittorio Emanuele II",
    "Piazza della Repubblica",
    "Via Dante Alighieri",
    "Viale dei Mille",
    "Via XX Settembre",
    "Via Cavour",
    "Via Giuseppe Mazzini",
    "Largo Augusto",
    "Via Nizza",
    "Via dell'Indipendenza",
    "Via Sant'Antonio",
    "Via San Francesco d'Assisi",
    "Corso Italia",
    "Via Marconi",
    "Via della Libertà",
    "Viale Europa",
    "Via Santa Lucia",
    "Piazza Duomo",
    "Via Niccolò Tommaseo",
    "Via Nicolò Paganini",
];

const DOMINI: &[&str] = &[
    "example.it",
    "example.com",
    "mail.example.org",
    "posta.example.net",
];

/// A career profile: what a CV and a vacancy for it say.
struct Profilo {
    /// Professione (ISTAT CP 2011 to the sixth level).
    codice: &'static str,
    professione: &'static str,
    /// Job title, masculine and feminine.
    titolo: (&'static str, &'static str),
    mansioni: &'static [&'static str],
    /// (titolostudio code, description, possible marks)
    studio: (&'static str, &'static str, &'static [&'static str]),
    datori: &'static [&'static str],
    ateco: &'static str,
    /// (titolocorso, durata, unità, attestazione)
    corso: (&'static str, &'static str, &'static str, &'static str),
    informatica: (&'static str, &'static str),
    patente: &'static str,
    ricerca: &'static [&'static str],
    requisiti: &'static str,
}

const PROFILI: &[Profilo] = &[
    Profilo {
        codice: "2.1.1.4.1.0",
        professione: "Analisti e progettisti di software",
        titolo: ("Sviluppatore software", "Sviluppatrice software"),
        mansioni: &[
            "Sviluppo di servizi web, test automatici e documentazione tecnica",
            "Progettazione di basi di dati e integrazione con sistemi esterni tramite API REST",
            "Manutenzione evolutiva di applicazioni gestionali e supporto agli utenti",
        ],
        studio: (
            "40",
            "Laurea magistrale in Informatica",
            &["110/110 e lode", "108/110", "102/110"],
        ),
        datori: &[
            "Esempio Software S.r.l.",
            "Soluzioni Digitali S.p.A.",
            "Bit & Byte Società Cooperativa",
            "Informatica Dell'Orto S.r.l.",
        ],
        ateco: "62.01.00",
        corso: ("Sviluppo sicuro di applicazioni web", "40", "O", "F"),
        informatica: (
            "Linguaggi di programmazione e basi di dati",
            "Rust, Python, SQL; amministrazione di sistemi Linux",
        ),
        patente: "04",
        ricerca: &[
            "Cerchiamo sviluppatori per servizi web in Rust e Python, da inserire in un gruppo che lavora con le pubbliche amministrazioni.",
            "Attività: progettazione, sviluppo, revisione del codice e test automatici.",
            "Si offre formazione continua e la possibilità di lavorare da remoto due giorni a settimana.",
        ],
        requisiti: "Gradita esperienza con sistemi di code di messaggi e con l'integrazione continua",
    },
    Profilo {
        codice: "5.2.2.1.0.2",
        professione: "Cuochi in alberghi e ristoranti",
        titolo: ("Cuoco", "Cuoca"),
        mansioni: &[
            "Preparazione di primi e secondi piatti della cucina regionale, gestione della linea",
            "Gestione degli ordini ai fornitori, controllo delle scorte e applicazione del piano HACCP",
        ],
        studio: (
            "30",
            "Diploma di istituto professionale per i servizi alberghieri",
            &["85/100", "78/100", "92/100"],
        ),
        datori: &[
            "Trattoria Da Niccolò di D'Angelo & C. S.a.s.",
            "Ristorante La Pergola S.r.l.",
            "Hotel Bellavista S.p.A.",
            "Osteria Cantù S.n.c.",
        ],
        ateco: "56.10.11",
        corso: ("Igiene degli alimenti e sistema HACCP", "12", "O", "Q"),
        informatica: (
            "Utilizzo del computer",
            "Gestionali per la ristorazione, foglio di calcolo",
        ),
        patente: "04",
        ricerca: &[
            "Ristorante in centro città cerca cuoco o cuoca per la linea dei primi piatti, con turni serali e nei fine settimana.",
            "Si richiede conoscenza della cucina regionale, capacità di organizzare la brigata e attenzione all'igiene.",
            "È previsto il vitto durante il turno di lavoro.",
        ],
        requisiti: "Attestato HACCP in corso di validità",
    },
    Profilo {
        codice: "5.2.2.3.1.0",
        professione: "Camerieri di ristorante",
        titolo: ("Cameriere di sala", "Cameriera di sala"),
        mansioni: &[
            "Servizio ai tavoli, accoglienza dei clienti e preparazione della sala",
            "Servizio al banco e ai tavoli, gestione della cassa e delle prenotazioni",
        ],
        studio: ("20", "Licenza media", &["Buono", "Distinto", "Ottimo"]),
        datori: &[
            "Bar Pasticceria Zanetti S.n.c.",
            "Ristorante La Pergola S.r.l.",
            "Caffè Letterario Società Cooperativa",
        ],
        ateco: "56.10.11",
        corso: (
            "Tecniche di servizio di sala e sommellerie di base",
            "60",
            "O",
            "F",
        ),
        informatica: (
            "Utilizzo del computer",
            "Sistemi di prenotazione e palmari per le comande",
        ),
        patente: "04",
        ricerca: &[
            "Cerchiamo camerieri di sala per la stagione estiva, anche alla prima esperienza.",
            "Il servizio si svolge a pranzo e a cena, con un giorno di riposo settimanale.",
        ],
        requisiti: "Buona conoscenza della lingua inglese, predisposizione al contatto con il pubblico",
    },
    Profilo {
        codice: "5.1.2.2.0.1",
        professione: "Commessi delle vendite al minuto",
        titolo: ("Addetto alle vendite", "Addetta alle vendite"),
        mansioni: &[
            "Assistenza alla clientela, allestimento degli scaffali e gestione della cassa",
            "Ricevimento merci, inventari periodici ed esposizione dei prodotti",
        ],
        studio: (
            "30",
            "Diploma di scuola secondaria superiore",
            &["75/100", "68/100", "81/100"],
        ),
        datori: &[
            "Supermercati Esempio S.p.A.",
            "Ipermercato Il Borgo S.r.l.",
            "Abbigliamento Lorè S.a.s.",
        ],
        ateco: "47.11.10",
        corso: ("Tecniche di vendita e gestione del cliente", "24", "O", "F"),
        informatica: (
            "Utilizzo del computer",
            "Registratori di cassa elettronici, gestionali di magazzino",
        ),
        patente: "04",
        ricerca: &[
            "Per un nuovo punto vendita cerchiamo addetti alle vendite e alla cassa, con disponibilità a turni anche nei giorni festivi.",
            "Le attività comprendono il rifornimento degli scaffali, l'assistenza alla clientela e la chiusura di cassa.",
        ],
        requisiti: "Disponibilità a lavorare nei fine settimana",
    },
    Profilo {
        codice: "3.3.1.2.1.0",
        professione: "Contabili",
        titolo: ("Contabile", "Contabile"),
        mansioni: &[
            "Tenuta della contabilità generale, registrazioni IVA e adempimenti fiscali periodici",
            "Predisposizione del bilancio d'esercizio, riconciliazioni bancarie e gestione dei fornitori",
        ],
        studio: ("30", "Diploma di ragioneria", &["88/100", "100/100", "76/100"]),
        datori: &[
            "Studio Associato Martini & Greco",
            "Studio Commercialista Dott.ssa Sanna",
            "Esempio Consulting S.r.l.",
        ],
        ateco: "69.20.11",
        corso: ("Fatturazione elettronica e nuove norme IVA", "16", "O", "F"),
        informatica: (
            "Programmi di contabilità",
            "Foglio di calcolo avanzato, software di contabilità e paghe",
        ),
        patente: "04",
        ricerca: &[
            "Studio professionale cerca una persona da inserire nell'area contabile, per la tenuta della contabilità di piccole imprese.",
            "Si occuperà di registrazioni, liquidazioni IVA, dichiarativi e rapporti con i clienti.",
        ],
        requisiti: "Conoscenza dei principali software di contabilità",
    },
    Profilo {
        codice: "3.2.1.1.1.0",
        professione: "Professioni sanitarie infermieristiche",
        titolo: ("Infermiere", "Infermiera"),
        mansioni: &[
            "Assistenza infermieristica in reparto di medicina generale, turni diurni e notturni",
            "Somministrazione delle terapie, medicazioni e tenuta della documentazione clinica",
        ],
        studio: (
            "40",
            "Laurea in Infermieristica",
            &["105/110", "110/110", "98/110"],
        ),
        datori: &[
            "Casa di Cura San Raffaele S.p.A.",
            "Residenza Sanitaria Villa Serena S.r.l.",
            "Cooperativa Sociale L'Approdo",
        ],
        ateco: "86.10.10",
        corso: ("Basic Life Support and Defibrillation", "8", "O", "C"),
        informatica: (
            "Utilizzo del computer",
            "Cartella clinica elettronica, posta elettronica",
        ),
        patente: "04",
        ricerca: &[
            "Casa di cura accreditata cerca infermieri per i reparti di degenza, con turni sulle 24 ore.",
            "Si offre contratto a tempo indeterminato con inserimento affiancato da un tutor.",
        ],
        requisiti: "Iscrizione all'albo professionale",
    },
    Profilo {
        codice: "7.4.2.3.0.0",
        professione: "Conduttori di mezzi pesanti e camion",
        titolo: ("Autista di mezzi pesanti", "Autista di mezzi pesanti"),
        mansioni: &[
            "Trasporto merci su tratte nazionali, carico e scarico, compilazione dei documenti di viaggio",
            "Consegne in ambito regionale con mezzi fino a 44 tonnellate",
        ],
        studio: ("20", "Licenza media", &["Buono", "Sufficiente", "Distinto"]),
        datori: &[
            "Trasporti Rapidi Fontana S.r.l.",
            "Logistica Esempio S.p.A.",
            "Autotrasporti Quaranta & Figli S.n.c.",
        ],
        ateco: "49.41.00",
        corso: ("Carta di qualificazione del conducente", "140", "O", "Q"),
        informatica: (
            "Strumenti di bordo",
            "Cronotachigrafo digitale, navigatori satellitari",
        ),
        patente: "06",
        ricerca: &[
            "Azienda di autotrasporti cerca autisti con patente C ed E e carta di qualificazione del conducente.",
            "I viaggi sono prevalentemente in ambito nazionale con rientro a fine settimana.",
        ],
        requisiti: "Patente C+E, CQC merci, carta tachigrafica",
    },
    Profilo {
        codice: "4.3.2.1.0.0",
        professione: "Addetti alla gestione dei magazzini",
        titolo: ("Magazziniere", "Magazziniera"),
        mansioni: &[
            "Ricevimento e stoccaggio merci, preparazione degli ordini, uso del carrello elevatore",
            "Gestione delle giacenze con terminali a radiofrequenza e inventari",
        ],
        studio: (
            "30",
            "Diploma di istituto tecnico",
            &["70/100", "82/100", "64/100"],
        ),
        datori: &[
            "Logistica Esempio S.p.A.",
            "Magazzini Generali Esempio S.r.l.",
            "Distribuzione Nord S.r.l.",
        ],
        ateco: "52.10.10",
        corso: (
            "Abilitazione alla conduzione di carrelli elevatori",
            "12",
            "O",
            "S",
        ),
        informatica: (
            "Gestionali di magazzino",
            "Terminali a radiofrequenza, sistemi WMS",
        ),
        patente: "04",
        ricerca: &[
            "Per il nostro polo logistico cerchiamo magazzinieri con patentino per il carrello elevatore.",
            "L'attività si svolge su tre turni; è previsto un periodo di formazione iniziale.",
        ],
        requisiti: "Patentino per la conduzione di carrelli elevatori",
    },
    Profilo {
        codice: "6.1.2.1.0.0",
        professione: "Muratori in pietra e mattoni",
        titolo: ("Muratore", "Muratrice"),
        mansioni: &[
            "Costruzione di murature, intonaci e massetti, lettura di disegni esecutivi",
            "Ristrutturazione di edifici residenziali, posa di laterizi e cartongesso",
        ],
        studio: ("20", "Licenza media", &["Sufficiente", "Buono", "Discreto"]),
        datori: &[
            "Edilizia Moretti S.r.l.",
            "Costruzioni Gentile & Figli S.n.c.",
            "Impresa Edile La Rosa S.a.s.",
        ],
        ateco: "41.20.00",
        corso: ("Sicurezza nei cantieri edili", "16", "O", "F"),
        informatica: (
            "Utilizzo del computer",
            "Uso di base dello smartphone e della posta elettronica",
        ),
        patente: "04",
        ricerca: &[
            "Impresa edile cerca muratori qualificati per cantieri di ristrutturazione in provincia.",
            "Si richiede autonomia nella lettura dei disegni e nell'organizzazione del lavoro.",
        ],
        requisiti: "Formazione sulla sicurezza nei cantieri",
    },
    Profilo {
        codice: "6.5.1.1.1.0",
        professione: "Panettieri",
        titolo: ("Panettiere", "Panettiera"),
        mansioni: &[
            "Preparazione degli impasti, cottura del pane e dei prodotti da forno, pulizia del laboratorio",
            "Produzione di pane, focacce e dolci da forno con lievito madre",
        ],
        studio: (
            "30",
            "Qualifica professionale di operatore della trasformazione agroalimentare",
            &["Buono", "Ottimo", "80/100"],
        ),
        datori: &[
            "Panificio Fo & Re S.n.c.",
            "Forno Antico Santoro S.r.l.",
            "Pasticceria Dell'Acqua S.a.s.",
        ],
        ateco: "10.71.10",
        corso: ("Igiene degli alimenti e sistema HACCP", "8", "O", "Q"),
        informatica: ("Utilizzo del computer", "Uso di base del computer"),
        patente: "04",
        ricerca: &[
            "Panificio artigianale cerca panettiere per la produzione notturna di pane e prodotti da forno.",
            "Orario dalle 2 alle 8, dal lunedì al sabato.",
        ],
        requisiti: "Esperienza con la lavorazione del lievito madre",
    },
    Profilo {
        codice: "6.2.3.1.1.0",
        professione: "Meccanici e montatori di macchinari industriali",
        titolo: ("Manutentore meccanico", "Manutentrice meccanica"),
        mansioni: &[
            "Manutenzione ordinaria e straordinaria di macchine utensili, lettura di schemi meccanici",
            "Montaggio e collaudo di impianti, diagnosi dei guasti e sostituzione di componenti",
        ],
        studio: (
            "30",
            "Diploma di perito meccanico",
            &["79/100", "90/100", "72/100"],
        ),
        datori: &[
            "Officine Meccaniche Esempio S.p.A.",
            "Meccanica di Precisione Zanetti S.r.l.",
            "Torneria Piras S.n.c.",
        ],
        ateco: "25.62.00",
        corso: ("Pneumatica e oleodinamica industriale", "5", "G", "F"),
        informatica: (
            "Disegno tecnico",
            "Disegno assistito dal calcolatore, gestionali di manutenzione",
        ),
        patente: "04",
        ricerca: &[
            "Azienda metalmeccanica cerca manutentori meccanici per il reparto produzione.",
            "La persona inserita si occuperà della manutenzione preventiva e degli interventi su guasto.",
        ],
        requisiti: "Disponibilità al lavoro su turni e alla reperibilità",
    },
];

/// (code, name) of languages, CEFR levels.
const LINGUE: &[&str] = &["ENG", "FRA", "DEU", "SPA", "POR", "RUS", "ARA", "ZHO"];
const LIVELLI: &[&str] = &["A1", "A2", "B1", "B2", "C1", "C2"];
const CONTRATTI: &[&str] = &["A01", "A02", "A03", "A07", "A08", "B01", "C01"];
const MODALITA: &[&str] = &["TP", "PO", "PV", "PM"];
const TIPI_ESPERIENZA: &[&str] = &["A01", "A02", "A03", "A07", "C01"];

/// Employers' and intermediaries' seats: one of the comuni.
fn comune(rng: &mut Rng) -> &'static Comune {
    rng.pick_ref(COMUNI)
}

fn comune_by_code(code: &str) -> Option<&'static Comune> {
    COMUNI.iter().find(|c| c.belfiore == code)
}

// =====================================================================
// Codici fiscali and partite IVA
// =====================================================================

/// Uppercase base letters of `text` (accents removed, anything else dropped).
fn base_letters(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.chars() {
        let base = match c {
            'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'A',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'E',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
            'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'O',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
            'ç' | 'Ç' => 'C',
            'ñ' | 'Ñ' => 'N',
            'ß' => 'S',
            c if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            _ => continue,
        };
        out.push(base as u8);
        if c == 'ß' {
            out.push(b'S');
        }
    }
    out
}

fn split_letters(text: &str) -> (Vec<u8>, Vec<u8>) {
    base_letters(text)
        .into_iter()
        .partition(|c| !b"AEIOU".contains(c))
}

fn three(letters: impl Iterator<Item = u8>) -> String {
    let mut out: Vec<u8> = letters.take(3).collect();
    out.resize(3, b'X');
    String::from_utf8(out).expect("ASCII")
}

/// The three surname letters of a codice fiscale.
pub fn cf_cognome(cognome: &str) -> String {
    let (cons, voc) = split_letters(cognome);
    three(cons.into_iter().chain(voc))
}

/// The three name letters (1st, 3rd, 4th consonant with four or more).
pub fn cf_nome(nome: &str) -> String {
    let (cons, voc) = split_letters(nome);
    if cons.len() >= 4 {
        String::from_utf8(vec![cons[0], cons[2], cons[3]]).expect("ASCII")
    } else {
        three(cons.into_iter().chain(voc))
    }
}

const MESI_CF: &[u8; 12] = b"ABCDEHLMPRST";

/// A person's codice fiscale (16 characters), consistent with the data.
pub fn codice_fiscale(cognome: &str, nome: &str, sesso: char, nascita: Ymd, belfiore: &str) -> String {
    let giorno = nascita.d + if sesso == 'F' { 40 } else { 0 };
    let first15 = format!(
        "{}{}{:02}{}{:02}{}",
        cf_cognome(cognome),
        cf_nome(nome),
        nascita.y.rem_euclid(100),
        char::from(MESI_CF[nascita.m as usize - 1]),
        giorno,
        belfiore
    );
    with_check(&first15)
}

fn with_check(first15: &str) -> String {
    let check = clic::codice_fiscale::carattere_controllo(first15)
        .unwrap_or_else(|| panic!("corpus: cannot compute the check character of {first15}"));
    format!("{first15}{check}")
}

/// The omocodia variant replacing the `k` rightmost digits (1..=7).
pub fn omocodia(cf: &str, k: usize) -> String {
    const POSIZIONI: [usize; 7] = [14, 13, 12, 10, 9, 7, 6];
    const LETTERE: &[u8; 10] = b"LMNPQRSTUV";
    let mut b: Vec<u8> = cf.as_bytes()[..15].to_vec();
    for &p in POSIZIONI.iter().take(k) {
        b[p] = LETTERE[usize::from(b[p] - b'0')];
    }
    with_check(std::str::from_utf8(&b).expect("ASCII"))
}

/// An 11-digit code with a valid partita IVA check digit: 7-digit matricola
/// (not all zero) and the provincial office code (001-100).
pub fn partita_iva(rng: &mut Rng, provincia: &str) -> String {
    let ufficio: u32 = provincia.parse().unwrap_or(15);
    let ufficio = if (1..=100).contains(&ufficio) { ufficio } else { 15 };
    let matricola = format!("{:07}", rng.between(1, 9_999_999));
    let first10 = format!("{matricola}{ufficio:03}");
    let check = clic::codice_fiscale::cifra_controllo_piva(&first10).expect("10 digits");
    format!("{first10}{check}")
}

// =====================================================================
// Text helpers
// =====================================================================

const PAROLE: &[&str] = &[
    "attività",
    "qualità",
    "città",
    "perché",
    "società",
    "più",
    "così",
    "già",
    "formazione",
    "esperienza",
    "lavoro",
    "responsabilità",
    "disponibilità",
    "capacità",
    "gestione",
    "clienti",
    "sviluppo",
    "progetto",
    "realtà",
    "affidabilità",
    "però",
    "università",
    "servizi",
    "squadra",
];

/// Italian-looking text of exactly `n` characters (not bytes), with
/// accented letters, starting with a capital letter and not ending with a
/// space.
pub fn text_of_chars(rng: &mut Rng, n: usize) -> String {
    let mut out = String::from("Testo");
    while out.chars().count() < n + 1 {
        out.push(' ');
        out.push_str(rng.pick(PAROLE));
    }
    let mut s: String = out.chars().take(n).collect();
    if s.ends_with(' ') {
        s.pop();
        s.push('.');
    }
    assert_eq!(s.chars().count(), n);
    s
}

/// `text` padded (with words) or cut to exactly `n` characters.
pub fn fit_chars(rng: &mut Rng, text: &str, n: usize) -> String {
    let mut out = text.to_string();
    while out.chars().count() < n {
        out.push(' ');
        out.push_str(rng.pick(PAROLE));
    }
    let mut s: String = out.chars().take(n).collect();
    if s.ends_with(' ') {
        s.pop();
        s.push('.');
    }
    s
}

/// Lowercase ASCII for e-mail addresses and web names.
fn ascii_slug(text: &str, keep: &[char]) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let base = base_letters(&c.to_string());
        if !base.is_empty() {
            out.extend(base.iter().map(|b| char::from(*b).to_ascii_lowercase()));
        } else if c.is_ascii_digit() || keep.contains(&c) {
            out.push(c);
        }
    }
    out
}

fn telefono_fisso(rng: &mut Rng, comune: &Comune) -> String {
    let rest = 10 - comune.prefisso.len();
    format!(
        "{}{}",
        comune.prefisso,
        rng.between(1, 9).to_string() + &rng.digits(rest - 1)
    )
}

fn cellulare(rng: &mut Rng) -> String {
    format!(
        "3{}{}",
        rng.pick(&["20", "28", "33", "38", "40", "47", "49", "66", "71", "89"]),
        rng.digits(7)
    )
}

fn indirizzo(rng: &mut Rng) -> String {
    let civico = rng.between(1, 180);
    if rng.chance(10) {
        format!("{} {civico}/{}", rng.pick(VIE), rng.pick(&["A", "B", "C"]))
    } else {
        format!("{} {civico}", rng.pick(VIE))
    }
}

/// A 25-digit communication code (dominio.md §3): region + province + year
/// + sending mode + module + type + 15-digit counter.
fn codice_comunicazione(rng: &mut Rng, comune: &Comune, anno: u32, modulo: char, tipo: char) -> String {
    let modalita = rng.pick(&['0', '1', '2', '3']);
    let territorio = if modalita <= '1' {
        "00000".to_string()
    } else {
        format!("{}{}", comune.regione, comune.provincia)
    };
    format!(
        "{territorio}{:02}{modalita}{modulo}{tipo}{:015}",
        anno % 100,
        rng.between(1, 999_999)
    )
}

// =====================================================================
// People, employers, intermediaries
// =====================================================================

/// A worker.
#[derive(Debug, Clone)]
pub struct Persona {
    pub cognome: String,
    pub nome: String,
    pub sesso: char,
    pub nascita: Ymd,
    pub luogo: &'static str,
    pub cittadinanza: &'static str,
    pub codice_fiscale: String,
    pub domicilio: &'static Comune,
    pub cap: &'static str,
    pub email: String,
}

pub fn persona(rng: &mut Rng) -> Persona {
    let sesso = if rng.chance(50) { 'M' } else { 'F' };
    let nascita = Ymd::random(rng, Ymd::new(1960, 1, 1), Ymd::new(2006, 12, 31));
    let domicilio = comune(rng);
    let (cognome, nome, luogo, cittadinanza) = if rng.chance(8) {
        let estero = rng.pick_ref(ESTERI);
        let nomi = if sesso == 'M' {
            estero.maschili
        } else {
            estero.femminili
        };
        (
            rng.pick(estero.cognomi).to_string(),
            rng.pick(nomi).to_string(),
            estero.belfiore,
            estero.cittadinanza,
        )
    } else {
        let nomi = if sesso == 'M' { MASCHILI } else { FEMMINILI };
        let luogo = if rng.chance(60) {
            domicilio.belfiore
        } else {
            comune(rng).belfiore
        };
        (
            rng.pick(COGNOMI).to_string(),
            rng.pick(nomi).to_string(),
            luogo,
            "000",
        )
    };
    let codice_fiscale = codice_fiscale(&cognome, &nome, sesso, nascita, luogo);
    let email = email_persona(rng, &nome, &cognome, nascita);
    Persona {
        cap: rng.pick(domicilio.cap),
        cognome,
        nome,
        sesso,
        nascita,
        luogo,
        cittadinanza,
        codice_fiscale,
        domicilio,
        email,
    }
}

fn email_persona(rng: &mut Rng, nome: &str, cognome: &str, nascita: Ymd) -> String {
    let n = ascii_slug(nome, &[]);
    let c = ascii_slug(cognome, &[]);
    let local = match rng.below(4) {
        0 => format!("{n}.{c}"),
        1 => format!("{n}{c}{:02}", nascita.y % 100),
        2 => format!("{}.{c}", &n[..1]),
        _ => format!("{c}.{n}"),
    };
    format!("{local}@{}", rng.pick(DOMINI))
}

/// An employer.
#[derive(Debug, Clone)]
pub struct Azienda {
    pub codice_fiscale: String,
    pub denominazione: String,
    pub comune: &'static Comune,
    pub indirizzo: String,
    pub cap: &'static str,
    pub telefono: String,
    pub email: String,
    pub web: String,
}

fn azienda(rng: &mut Rng, profilo: &Profilo) -> Azienda {
    let comune = comune(rng);
    let denominazione = rng.pick(profilo.datori).to_string();
    let slug: String = ascii_slug(&denominazione, &[' '])
        .split_whitespace()
        .filter(|w| !["srl", "spa", "snc", "sas", "s", "r", "l", "di", "da", "c", "e"].contains(w))
        .take(2)
        .collect::<Vec<_>>()
        .join("");
    let slug = if slug.is_empty() {
        "azienda".to_string()
    } else {
        slug
    };
    Azienda {
        codice_fiscale: partita_iva(rng, comune.provincia),
        indirizzo: indirizzo(rng),
        cap: rng.pick(comune.cap),
        telefono: telefono_fisso(rng, comune),
        email: format!(
            "{}@{slug}.example.it",
            rng.pick(&["selezione", "lavora.con.noi", "info", "personale"])
        ),
        web: format!("https://www.{slug}.example.it"),
        denominazione,
        comune,
    }
}

/// An accredited intermediary (dominio.md §3: codice = Belfiore + type +
/// 6 digits).
#[derive(Debug, Clone)]
pub struct Intermediario {
    pub codice: String,
    pub codice_fiscale: String,
    pub denominazione: String,
    pub comune: &'static Comune,
    pub indirizzo: String,
    pub cap: &'static str,
    pub telefono: String,
    pub email: String,
}

fn intermediario(rng: &mut Rng) -> Intermediario {
    let comune = comune(rng);
    let (tipo, denominazione, email) = match rng.below(5) {
        0 => (
            'U',
            format!("Università degli Studi di {}", comune.nome),
            "placement",
        ),
        1 => (
            'U',
            format!(
                "Istituto di Istruzione Superiore \"Galileo Galilei\" di {}",
                comune.nome
            ),
            "orientamento",
        ),
        2 => (
            'S',
            "Esempio Lavoro Agenzia per il Lavoro S.p.A.".to_string(),
            "candidature",
        ),
        3 => (
            'F',
            format!("Esempio Lavoro S.p.A. - Filiale di {}", comune.nome),
            "filiale",
        ),
        _ => ('C', format!("Centro per l'impiego di {}", comune.nome), "cpi"),
    };
    let slug = ascii_slug(comune.nome, &[]);
    Intermediario {
        codice: format!("{}{tipo}{:06}", comune.belfiore, rng.between(1, 999_999)),
        codice_fiscale: partita_iva(rng, comune.provincia),
        denominazione,
        comune,
        indirizzo: indirizzo(rng),
        cap: rng.pick(comune.cap),
        telefono: telefono_fisso(rng, comune),
        email: format!("{email}.{slug}@example.it"),
    }
}

// =====================================================================
// Candidatura
// =====================================================================

/// Sequence orders (the schema's), for inserting optional elements.
pub mod order {
    pub const DATI_ANAGRAFICI: &[&str] = &[
        "codicefiscale",
        "cognome",
        "nome",
        "sesso",
        "datanascita",
        "idcomune",
        "idcittadinanza",
    ];
    pub const RECAPITI: &[&str] = &["indirizzo", "telefono", "cellulare", "fax", "email"];
    pub const DATI_CURRICULARI: &[&str] = &[
        "EsperienzeLavorative",
        "Istruzione",
        "Formazione",
        "Lingue",
        "ConoscenzeInformatiche",
        "AbilitazioniPatenti",
        "ProfessioneDesiderataDisponibilita",
    ];
    pub const ESPERIENZA: &[&str] = &[
        "tipoesperienza",
        "qualificasvolta",
        "descrqualificasvolta",
        "principalimansioni",
        "nomedatore",
        "datainizio",
        "datafine",
        "indirizzodatore",
    ];
    pub const FORMAZIONE: &[&str] = &[
        "titolocorso",
        "idsede",
        "durata",
        "idtipologiadurata",
        "idattestazione",
        "idqualifica",
        "descrqualifica",
    ];
    pub const CONOSCENZE: &[&str] = &["tipoconoscenza", "specifiche"];
    pub const ABILITAZIONI: &[&str] = &["idalbo", "idpatenteguida", "idpatentino"];
    pub const PROFESSIONE: &[&str] = &[
        "idprofessione",
        "descrprofessione",
        "descrizioneprofessione",
        "esperienzasettore",
        "descrizioneesperienza",
        "trasferte",
        "idmodalitalavorativa",
        "idtipologiacontratto",
        "mezzitrasporto",
    ];
    pub const CV_DATI_SISTEMA: &[&str] = &[
        "ambitodiffusione",
        "datainserimento",
        "datascadenza",
        "idintermediario",
        "codicefiscaleintermediario",
        "denominazioneintermediario",
        "indirizzo",
        "idcomune",
        "cap",
        "telefono",
        "fax",
        "email",
        "visibilita",
        "tipocandidatura",
        "motivochiusura",
        "codicecandidatura",
        "codicecandidaturaprecedente",
        "percettore",
    ];
    pub const ISTRUZIONE_FORMAZIONE: &[&str] = &[
        "titolostudio",
        "idalbo",
        "Lingua",
        "conoscenzeinformatiche",
        "altrecapacita",
        "trasferte",
        "idpatenteguida",
        "idmezzitrasporto",
        "idpatentino",
        "ulteriorirequisiti",
    ];
    pub const CONDIZIONI: &[&str] = &[
        "idcomune",
        "idtipologiacontratto",
        "durata",
        "idccnl",
        "idlivellocontrattuale",
        "idmodalitalavoro",
        "retribuzioneannualorda",
        "ulterioricondizioni",
    ];
    pub const VACANCY_DATI_SISTEMA: &[&str] = &[
        "intermediario",
        "codicefiscaleintermediario",
        "denominazioneintermediario",
        "indirizzo",
        "idcomune",
        "cap",
        "telefono",
        "fax",
        "email",
        "visibilita",
        "tipoofferta",
        "motivochiusura",
        "codiceofferta",
        "codiceoffertaprecedente",
        "codiceoffertaintermediario",
    ];
    pub const INTERLOCUTORE: &[&str] = &[
        "codicefiscale",
        "codiceintermediario",
        "denominazione",
        "indirizzo",
        "comune",
        "telefono",
        "email",
        "codiceoffertacandidatura",
    ];
    pub const CORPO: &[&str] = &["testomessaggio", "contattopositivo"];
    pub const ISTRUZIONE: &[&str] = &["titolostudio", "descrizioneistruzione", "votazione"];
    pub const LINGUA: &[&str] = &[
        "idlingua",
        "idlivelloletto",
        "idlivelloscritto",
        "idlivelloparlato",
    ];
    pub const VACANCY_ANAGRAFICI: &[&str] = &["codicefiscale", "denominazione", "settore", "ampiezza", "web"];
    pub const CONTATTO: &[&str] = &["indirizzo", "idcomune", "cap", "telefono", "fax", "email"];
    pub const PROFILO: &[&str] = &[
        "numerolavoratori",
        "idprofessione",
        "descrprofessione",
        "descrizionericerca",
        "esperienzarichiesta",
        "descrizioneesperienza",
    ];
    pub const MSG_DATI_SISTEMA: &[&str] = &[
        "tipocomunicazione",
        "data",
        "codicemessaggio",
        "codicemessaggioprecedente",
    ];

    /// The sequence order of the section called `parent` in `module`.
    pub fn of(module: super::Module, parent: &str) -> Option<&'static [&'static str]> {
        use super::Module::*;
        Some(match (module, parent) {
            (Candidatura, "DatiAnagrafici") => DATI_ANAGRAFICI,
            (Candidatura, "Domicilio") => &["idcomune", "cap"],
            (Candidatura, "Recapiti") => RECAPITI,
            (Candidatura, "DatiCurriculari") => DATI_CURRICULARI,
            (Candidatura, "EsperienzeLavorative") => ESPERIENZA,
            (Candidatura, "Istruzione") => ISTRUZIONE,
            (Candidatura, "Formazione") => FORMAZIONE,
            (Candidatura, "Lingue") | (Vacancy, "Lingua") => LINGUA,
            (Candidatura, "ConoscenzeInformatiche") => CONOSCENZE,
            (Candidatura, "AbilitazioniPatenti") => ABILITAZIONI,
            (Candidatura, "ProfessioneDesiderataDisponibilita") => PROFESSIONE,
            (Candidatura, "DatiSistema") => CV_DATI_SISTEMA,
            (Vacancy, "DatiAnagrafici") => VACANCY_ANAGRAFICI,
            (Vacancy, "DatiContatto") => CONTATTO,
            (Vacancy, "ProfiloRichiesto") => PROFILO,
            (Vacancy, "IstruzioneFormazione") => ISTRUZIONE_FORMAZIONE,
            (Vacancy, "CondizioniOfferte") => CONDIZIONI,
            (Vacancy, "DatiSistema") => VACANCY_DATI_SISTEMA,
            (Messaggio, "Interlocutore") => INTERLOCUTORE,
            (Messaggio, "Corpo") => CORPO,
            (Messaggio, "DatiSistema") => MSG_DATI_SISTEMA,
            _ => return None,
        })
    }
}

/// A sending moment in 2026: (date, `YYYY-MM-DDTHH:MM:SS`).
fn invio_2026(rng: &mut Rng) -> (Ymd, String) {
    let day = Ymd::random(rng, Ymd::new(2026, 1, 2), Ymd::new(2026, 12, 30));
    let stamp = format!("{}T{}", day.iso(), office_time(rng));
    (day, stamp)
}

fn lingua(rng: &mut Rng, name: &str, codice: &str) -> El {
    let base = rng.between(0, 4) as usize;
    let level = |rng: &mut Rng| LIVELLI[(base + rng.below(2)).min(5)].to_string();
    let mut el = El::new(name);
    el.add("idlingua", codice);
    el.add("idlivelloletto", level(rng));
    el.add("idlivelloscritto", level(rng));
    el.add("idlivelloparlato", level(rng));
    el
}

fn due_lingue(rng: &mut Rng) -> Vec<&'static str> {
    let first = if rng.chance(80) { "ENG" } else { rng.pick(LINGUE) };
    let mut out = vec![first];
    if rng.chance(30) {
        let second = rng.pick(LINGUE);
        if second != first {
            out.push(second);
        }
    }
    out
}

fn esperienza(rng: &mut Rng, p: &Profilo, sesso: char, inizio: Ymd, fine: Option<Ymd>) -> El {
    let mut el = El::new("EsperienzeLavorative");
    el.add("tipoesperienza", rng.pick(TIPI_ESPERIENZA));
    el.add("qualificasvolta", p.codice);
    if rng.chance(40) {
        el.add(
            "descrqualificasvolta",
            if sesso == 'F' { p.titolo.1 } else { p.titolo.0 },
        );
    }
    if rng.chance(80) {
        el.add("principalimansioni", rng.pick(p.mansioni));
    }
    el.add("nomedatore", rng.pick(p.datori));
    el.add("datainizio", inizio.iso());
    el.add_opt("datafine", fine.map(Ymd::iso));
    if rng.chance(30) {
        let sede = comune(rng);
        el.add("indirizzodatore", format!("{}, {}", indirizzo(rng), sede.nome));
    }
    el
}

/// The work history: 1-3 consecutive periods ending before `fino`.
fn esperienze(rng: &mut Rng, p: &Profilo, persona: &Persona, fino: Ymd, quante: usize) -> Vec<El> {
    let adulto = Ymd::new(
        persona.nascita.y + 18,
        persona.nascita.m,
        persona.nascita.d.min(28),
    );
    let mut periodi = Vec::new();
    let mut fine = fino.add_days(-rng.between(10, 200));
    let mut in_corso = rng.chance(35);
    for _ in 0..quante {
        let durata = rng.between(90, 1400);
        let inizio = fine.add_days(-durata).max(adulto);
        if inizio >= fine {
            break;
        }
        periodi.push((inizio, if in_corso { None } else { Some(fine) }));
        in_corso = false;
        fine = inizio.add_days(-rng.between(15, 240));
        if fine <= adulto {
            break;
        }
    }
    if periodi.is_empty() {
        // A very young worker: one short period before sending.
        let inizio = fino.add_days(-60);
        periodi.push((inizio, Some(fino.add_days(-5))));
    }
    periodi
        .into_iter()
        .rev()
        .map(|(inizio, fine)| esperienza(rng, p, persona.sesso, inizio, fine))
        .collect()
}

fn candidatura_tree(rng: &mut Rng) -> El {
    let p = rng.pick_ref(PROFILI);
    let persona = persona(rng);
    let int = intermediario(rng);
    let (inserimento, inserimento_ts) = invio_2026(rng);
    let scadenza = inserimento.add_days(rng.between(15, 60));

    let mut root = El::new("Candidatura");

    let mut lav = El::new("Lavoratore");
    let mut ana = El::new("DatiAnagrafici");
    ana.add("codicefiscale", persona.codice_fiscale.clone());
    ana.add("cognome", persona.cognome.clone());
    ana.add("nome", persona.nome.clone());
    ana.add("sesso", persona.sesso.to_string());
    ana.add("datanascita", persona.nascita.iso());
    ana.add("idcomune", persona.luogo);
    ana.add("idcittadinanza", persona.cittadinanza);
    lav.push(ana);
    let mut dom = El::new("Domicilio");
    dom.add("idcomune", persona.domicilio.belfiore);
    dom.add("cap", persona.cap);
    lav.push(dom);
    let mut rec = El::new("Recapiti");
    rec.add("indirizzo", indirizzo(rng));
    if rng.chance(30) {
        rec.add("telefono", telefono_fisso(rng, persona.domicilio));
    }
    rec.add("cellulare", cellulare(rng));
    if rng.chance(5) {
        rec.add("fax", telefono_fisso(rng, persona.domicilio));
    }
    rec.add("email", persona.email.clone());
    lav.push(rec);
    root.push(lav);

    let mut cur = El::new("DatiCurriculari");
    let quante = rng.pick(&[1, 1, 1, 1, 2, 2, 3]);
    for e in esperienze(rng, p, &persona, inserimento, quante) {
        cur.push(e);
    }
    let mut ist = El::new("Istruzione");
    ist.add("titolostudio", p.studio.0);
    ist.add("descrizioneistruzione", p.studio.1);
    if rng.chance(70) {
        ist.add("votazione", rng.pick(p.studio.2));
    }
    cur.push(ist);
    if rng.chance(30) {
        cur.push(formazione(rng, p));
    }
    for codice in due_lingue(rng) {
        cur.push(lingua(rng, "Lingue", codice));
    }
    if rng.chance(30) {
        let mut con = El::new("ConoscenzeInformatiche");
        con.add("tipoconoscenza", p.informatica.0);
        con.add("specifiche", p.informatica.1);
        cur.push(con);
    }
    if rng.chance(60) {
        let mut abi = El::new("AbilitazioniPatenti");
        abi.add("idpatenteguida", p.patente);
        cur.push(abi);
    }
    let mut pro = El::new("ProfessioneDesiderataDisponibilita");
    pro.add("idprofessione", p.codice);
    pro.add("descrprofessione", p.professione);
    if rng.chance(15) {
        pro.add(
            "descrizioneprofessione",
            format!(
                "{} con disponibilità immediata",
                if persona.sesso == 'F' {
                    p.titolo.1
                } else {
                    p.titolo.0
                }
            ),
        );
    }
    pro.add(
        "esperienzasettore",
        if quante > 1 || rng.chance(50) { "SI" } else { "NO" },
    );
    if rng.chance(15) {
        pro.add("descrizioneesperienza", rng.pick(p.mansioni));
    }
    if rng.chance(70) {
        pro.add("trasferte", rng.pick(&["SI", "NO"]));
    }
    pro.add("idmodalitalavorativa", rng.pick(MODALITA));
    pro.add("idtipologiacontratto", rng.pick(CONTRATTI));
    if rng.chance(50) {
        pro.add("mezzitrasporto", rng.pick(&["SI", "NO"]));
    }
    cur.push(pro);
    root.push(cur);

    let mut sis = El::new("DatiSistema");
    sis.add("ambitodiffusione", int.comune.regione);
    sis.add("datainserimento", inserimento_ts);
    sis.add("datascadenza", scadenza.iso());
    sis.add("idintermediario", int.codice);
    sis.add("codicefiscaleintermediario", int.codice_fiscale);
    sis.add("denominazioneintermediario", int.denominazione);
    if rng.chance(30) {
        sis.add("indirizzo", int.indirizzo);
        sis.add("idcomune", int.comune.belfiore);
        sis.add("cap", int.cap);
    }
    if rng.chance(30) {
        sis.add("telefono", int.telefono);
    }
    sis.add("email", int.email);
    if rng.chance(70) {
        sis.add("visibilita", rng.pick(&["SI", "NO"]));
    }
    sis.add("tipocandidatura", "01");
    sis.add("codicecandidatura", "0".repeat(25));
    root.push(sis);
    root
}

fn formazione(rng: &mut Rng, p: &Profilo) -> El {
    let mut f = El::new("Formazione");
    f.add("titolocorso", p.corso.0);
    f.add("idsede", comune(rng).belfiore);
    f.add("durata", p.corso.1);
    f.add("idtipologiadurata", p.corso.2);
    f.add("idattestazione", p.corso.3);
    f
}

/// Makes sure the CV has a Formazione (some mutations target it).
fn ensure_formazione(root: &mut El, rng: &mut Rng) {
    if !root.has("DatiCurriculari/Formazione") {
        let p = rng.pick_ref(PROFILI);
        let f = formazione(rng, p);
        root.insert_ordered("DatiCurriculari", order::DATI_CURRICULARI, f);
    }
}

fn ensure_conoscenze(root: &mut El) {
    if !root.has("DatiCurriculari/ConoscenzeInformatiche") {
        let mut con = El::new("ConoscenzeInformatiche");
        con.add("tipoconoscenza", "Utilizzo del computer");
        con.add(
            "specifiche",
            "Videoscrittura, foglio di calcolo, posta elettronica",
        );
        root.insert_ordered("DatiCurriculari", order::DATI_CURRICULARI, con);
    }
}

fn ensure_patenti(root: &mut El) {
    if !root.has("DatiCurriculari/AbilitazioniPatenti") {
        let mut abi = El::new("AbilitazioniPatenti");
        abi.add("idpatenteguida", "04");
        root.insert_ordered("DatiCurriculari", order::DATI_CURRICULARI, abi);
    }
}

/// Recomputes the worker's codice fiscale from the tree (after a change of
/// name), so boundary variants stay consistent.
fn refresh_cf(root: &mut El) {
    let a = "Lavoratore/DatiAnagrafici";
    let cognome = root.text(&format!("{a}/cognome"));
    let nome = root.text(&format!("{a}/nome"));
    let sesso = root.text(&format!("{a}/sesso")).chars().next().unwrap_or('M');
    let data = root.text(&format!("{a}/datanascita"));
    let luogo = root.text(&format!("{a}/idcomune"));
    let nascita = Ymd::new(
        data[0..4].parse().expect("year"),
        data[5..7].parse().expect("month"),
        data[8..10].parse().expect("day"),
    );
    let cf = codice_fiscale(&cognome, &nome, sesso, nascita, &luogo);
    root.set_text(&format!("{a}/codicefiscale"), cf);
}

// =====================================================================
// Vacancy
// =====================================================================

fn vacancy_tree(rng: &mut Rng) -> El {
    let p = rng.pick_ref(PROFILI);
    let az = azienda(rng, p);
    let (pubblicazione, pubblicazione_ts) = invio_2026(rng);
    let scadenza = pubblicazione.add_days(rng.between(7, 60));
    let sede_lavoro = if rng.chance(70) { az.comune } else { comune(rng) };
    let numero = rng.pick(&[1, 1, 1, 2, 2, 3, 4, 5, 10]);

    let mut root = El::new("Vacancy");
    let mut dat = El::new("DatoreLavoro");
    let mut ana = El::new("DatiAnagrafici");
    ana.add("codicefiscale", az.codice_fiscale.clone());
    ana.add("denominazione", az.denominazione.clone());
    ana.add("settore", p.ateco);
    ana.add("ampiezza", format!("0{}", rng.between(1, 6)));
    if rng.chance(60) {
        ana.add("web", az.web.clone());
    }
    dat.push(ana);
    let mut con = El::new("DatiContatto");
    con.add("indirizzo", az.indirizzo.clone());
    con.add("idcomune", az.comune.belfiore);
    con.add("cap", az.cap);
    con.add("telefono", az.telefono.clone());
    if rng.chance(10) {
        con.add("fax", telefono_fisso(rng, az.comune));
    }
    con.add("email", az.email.clone());
    dat.push(con);
    root.push(dat);

    let mut ric = El::new("Richiesta");
    let mut pro = El::new("ProfiloRichiesto");
    pro.add("numerolavoratori", numero.to_string());
    pro.add("idprofessione", p.codice);
    pro.add(
        "descrprofessione",
        if numero > 1 || rng.chance(50) {
            p.titolo.0
        } else {
            p.titolo.1
        },
    );
    let mut testo = String::new();
    for (i, frase) in p.ricerca.iter().enumerate() {
        if i > 0 {
            testo.push(' ');
        }
        testo.push_str(frase);
    }
    let _ = write!(testo, " Sede di lavoro: {}.", sede_lavoro.nome);
    pro.add("descrizionericerca", testo);
    let esperienza = rng.chance(60);
    pro.add("esperienzarichiesta", if esperienza { "SI" } else { "NO" });
    if esperienza && rng.chance(60) {
        pro.add(
            "descrizioneesperienza",
            format!(
                "Almeno {} nel ruolo: {}",
                rng.pick(&["sei mesi", "un anno", "due anni", "tre anni"]),
                rng.pick(p.mansioni)
            ),
        );
    }
    ric.push(pro);

    let mut istr = El::new("IstruzioneFormazione");
    let mut titolo = El::new("titolostudio");
    titolo.add("idtitolostudio", p.studio.0);
    titolo.add("descrizionestudio", p.studio.1);
    istr.push(titolo);
    for codice in due_lingue(rng) {
        istr.push(lingua(rng, "Lingua", codice));
    }
    if rng.chance(70) {
        istr.add("conoscenzeinformatiche", p.informatica.1);
    }
    if rng.chance(40) {
        istr.add(
            "altrecapacita",
            "Capacità di lavorare in gruppo, puntualità e precisione",
        );
    }
    istr.add("trasferte", rng.pick(&["SI", "NO"]));
    if rng.chance(50) {
        istr.add("idpatenteguida", p.patente);
    }
    if rng.chance(30) {
        istr.add("idmezzitrasporto", "SI");
    }
    if rng.chance(60) {
        istr.add("ulteriorirequisiti", p.requisiti);
    }
    ric.push(istr);

    let mut cond = El::new("CondizioniOfferte");
    cond.add("idcomune", sede_lavoro.belfiore);
    let contratto = rng.pick(CONTRATTI);
    cond.add("idtipologiacontratto", contratto);
    cond.add(
        "durata",
        if contratto == "A01" {
            "Tempo indeterminato".to_string()
        } else {
            format!("{} mesi", rng.pick(&[3, 6, 12, 18, 24]))
        },
    );
    cond.add("idccnl", rng.pick(&["ND", "CD", "H01", "A01", "E0B"]));
    if rng.chance(50) {
        cond.add("idlivellocontrattuale", rng.between(1, 7).to_string());
    }
    cond.add("idmodalitalavoro", rng.pick(MODALITA));
    cond.add("retribuzioneannualorda", (rng.between(18, 45) * 1000).to_string());
    if rng.chance(40) {
        cond.add(
            "ulterioricondizioni",
            rng.pick(&[
                "Lavoro ibrido, tre giorni in sede a settimana",
                "Buoni pasto e assicurazione sanitaria integrativa",
                "Possibilità di alloggio per chi viene da fuori città",
                "Orario flessibile in entrata e uscita",
            ]),
        );
    }
    ric.push(cond);

    let mut dur = El::new("DurataRichiesta");
    dur.add("datapubblicazione", pubblicazione_ts);
    dur.add("datascadenza", scadenza.iso());
    ric.push(dur);
    root.push(ric);

    let mut altre = El::new("AltreInformazioni");
    altre.add("N.O.", if rng.chance(15) { "SI" } else { "NO" });
    root.push(altre);

    let mut sis = El::new("DatiSistema");
    if rng.chance(50) {
        let int = intermediario(rng);
        sis.add("intermediario", int.codice);
        sis.add("codicefiscaleintermediario", int.codice_fiscale);
        sis.add("denominazioneintermediario", int.denominazione);
        if rng.chance(50) {
            sis.add("indirizzo", int.indirizzo);
            sis.add("idcomune", int.comune.belfiore);
            sis.add("cap", int.cap);
            sis.add("telefono", int.telefono);
        }
        sis.add("email", int.email);
    } else {
        sis.add("email", az.email.clone());
    }
    sis.add("visibilita", rng.pick(&["SI", "NO"]));
    sis.add("tipoofferta", "01");
    sis.add("codiceofferta", "0".repeat(25));
    sis.add(
        "codiceoffertaintermediario",
        format!(
            "{}-2026-{:04}",
            ascii_slug(&az.denominazione, &[])
                .to_uppercase()
                .chars()
                .take(3)
                .collect::<String>(),
            rng.between(1, 9999)
        ),
    );
    root.push(sis);
    root
}

// =====================================================================
// Messaggio
// =====================================================================

fn messaggio_tree(rng: &mut Rng) -> El {
    let p = rng.pick_ref(PROFILI);
    let persona = persona(rng);
    let az = azienda(rng, p);
    let tiposoggetto = rng.pick(&['1', '1', '2', '3']);
    let risposta = rng.chance(35);
    let (_, data) = invio_2026(rng);
    let codice_cv = codice_comunicazione(rng, persona.domicilio, 26, '2', '1');
    let codice_vacancy = codice_comunicazione(rng, az.comune, 26, '1', '1');

    let cittadino = |rng: &mut Rng, codice: &str, email: bool| {
        let mut i = El::new("Interlocutore");
        i.add("codicefiscale", persona.codice_fiscale.clone());
        i.add("denominazione", format!("{} {}", persona.cognome, persona.nome));
        if rng.chance(30) {
            i.add("indirizzo", indirizzo(rng));
        }
        i.add("comune", persona.domicilio.belfiore);
        if rng.chance(30) {
            i.add("telefono", cellulare(rng));
        }
        if email {
            i.add("email", persona.email.clone());
        }
        i.add("codiceoffertacandidatura", codice);
        i
    };
    let impresa = |rng: &mut Rng, codice: Option<&str>| {
        let mut i = El::new("Interlocutore");
        i.add("codicefiscale", az.codice_fiscale.clone());
        i.add("denominazione", az.denominazione.clone());
        i.add("indirizzo", az.indirizzo.clone());
        i.add("comune", az.comune.belfiore);
        if rng.chance(60) {
            i.add("telefono", az.telefono.clone());
        }
        i.add("email", az.email.clone());
        if let Some(codice) = codice {
            i.add("codiceoffertacandidatura", codice);
        }
        i
    };

    let (mittente, destinatario, sede) = match tiposoggetto {
        '1' => (impresa(rng, None), cittadino(rng, &codice_cv, false), az.comune),
        '2' => (
            cittadino(rng, &codice_cv, true),
            impresa(rng, Some(&codice_vacancy)),
            az.comune,
        ),
        _ => {
            let int = intermediario(rng);
            let mut i = El::new("Interlocutore");
            i.add("codiceintermediario", int.codice);
            i.add("denominazione", int.denominazione);
            i.add("indirizzo", int.indirizzo);
            i.add("comune", int.comune.belfiore);
            i.add("telefono", int.telefono);
            i.add("email", int.email);
            (i, cittadino(rng, &codice_cv, false), int.comune)
        }
    };

    let saluto = if persona.sesso == 'F' {
        "Gentile candidata"
    } else {
        "Gentile candidato"
    };
    let testo = match (tiposoggetto, risposta) {
        ('2', false) => format!(
            "Buongiorno, sono {} {} e vorrei candidarmi per la posizione di {} da voi pubblicata. Allego il riferimento al mio curriculum e resto a disposizione per un colloquio.",
            persona.nome,
            persona.cognome,
            p.titolo.0.to_lowercase()
        ),
        ('2', true) => {
            "Grazie per la risposta: confermo la mia disponibilità per il colloquio nella data proposta."
                .to_string()
        }
        (_, false) => format!(
            "{saluto}, il suo profilo è di nostro interesse per la posizione di {}: la invitiamo a un colloquio nella nostra sede di {}. Può rispondere a questo messaggio per concordare data e ora.",
            p.titolo.0.to_lowercase(),
            sede.nome
        ),
        (_, true) => format!(
            "{saluto}, grazie per la sua risposta. Le confermiamo il colloquio presso la sede di {} alle ore {}:00. Porti con sé un documento d'identità.",
            sede.nome,
            rng.between(9, 17)
        ),
    };

    let mut root = El::new("Messaggio");
    let mut mit = El::new("Mittente");
    mit.add("tiposoggetto", tiposoggetto.to_string());
    mit.push(mittente);
    root.push(mit);
    let mut des = El::new("Destinatario");
    des.push(destinatario);
    root.push(des);
    let mut corpo = El::new("Corpo");
    corpo.add("testomessaggio", testo);
    if risposta {
        corpo.add("contattopositivo", rng.pick(&["SI", "SI", "NO"]));
    }
    root.push(corpo);
    let mut sis = El::new("DatiSistema");
    sis.add("tipocomunicazione", if risposta { "04" } else { "03" });
    sis.add("data", data);
    sis.add(
        "codicemessaggio",
        codice_comunicazione(rng, sede, 26, '3', if risposta { '4' } else { '3' }),
    );
    if risposta {
        sis.add(
            "codicemessaggioprecedente",
            codice_comunicazione(rng, sede, 26, '3', '3'),
        );
    }
    root.push(sis);
    root
}

// =====================================================================
// Variants
// =====================================================================

/// A way to change a valid document, and what the result should be.
#[derive(Clone, Copy)]
pub struct Variant {
    pub slug: &'static str,
    pub expect: Expect,
    pub apply: fn(&mut Draft, &mut Rng),
}

impl std::fmt::Debug for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({:?})", self.slug, self.expect)
    }
}

fn ok(slug: &'static str, apply: fn(&mut Draft, &mut Rng)) -> Variant {
    Variant {
        slug,
        expect: Expect::Valid,
        apply,
    }
}

fn bad(slug: &'static str, what: &'static str, apply: fn(&mut Draft, &mut Rng)) -> Variant {
    Variant {
        slug,
        expect: Expect::SchemaInvalid(what),
        apply,
    }
}

/// The unchanged document.
pub const PLAIN: Variant = Variant {
    slug: "valido",
    expect: Expect::Valid,
    apply: |_, _| {},
};

/// Every variant of `module`: boundary-but-valid ones and schema
/// violations.
pub fn variants(module: Module) -> Vec<Variant> {
    let mut all = match module {
        Module::Candidatura => candidatura_variants(),
        Module::Vacancy => vacancy_variants(),
        Module::Messaggio => messaggio_variants(),
    };
    all.extend(rule_variants(module));
    all
}

/// The `xmlns` attribute that puts an element in another namespace.
fn in_namespace(mut el: El, ns: &str) -> El {
    el.attrs.push(("xmlns".to_string(), ns.to_string()));
    el
}

fn foreign_element() -> El {
    let mut el = El::leaf("ext:nota", "Disponibile da subito");
    el.attrs.push((
        "xmlns:ext".to_string(),
        "urn:example:estensione-regionale".to_string(),
    ));
    el
}

/// Moves the element at `path` into `ns` (or no namespace with "").
fn move_to_namespace(root: &mut El, path: &str, ns: &str) {
    let el = root.at(path);
    el.attrs.push(("xmlns".to_string(), ns.to_string()));
}

const DA: &str = "Lavoratore/DatiAnagrafici";
const CV_SIS: &str = "DatiSistema";

fn cv_set(d: &mut Draft, path: &str, value: &str) {
    d.put(path, value);
}

fn candidatura_variants() -> Vec<Variant> {
    vec![
        // ---- boundary but valid ----
        ok("limite-cognome-50", |d, rng| {
            let t = fit_chars(rng, "Dell'Acqua Niccolò Cantù Lorè", 50);
            d.root.set_text(&format!("{DA}/cognome"), t);
            refresh_cf(&mut d.root);
        }),
        ok("limite-nome-50", |d, rng| {
            let t = fit_chars(rng, "Maria Chiara Nicolò Desirée", 50);
            d.root.set_text(&format!("{DA}/nome"), t);
            refresh_cf(&mut d.root);
        }),
        ok("limite-indirizzo-100", |d, rng| {
            let t = fit_chars(
                rng,
                "Via San Francesco d'Assisi 12, scala B, interno 4, presso Società Cooperativa",
                100,
            );
            cv_set(d, "Lavoratore/Recapiti/indirizzo", &t);
        }),
        ok("limite-descrprofessione-250", |d, rng| {
            let t = text_of_chars(rng, 250);
            cv_set(
                d,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/descrprofessione",
                &t,
            );
        }),
        ok("limite-principalimansioni-250", |d, rng| {
            let t = text_of_chars(rng, 250);
            cv_set(d, "DatiCurriculari/EsperienzeLavorative/principalimansioni", &t);
        }),
        ok("limite-nomedatore-100-con-entita", |d, rng| {
            let t = fit_chars(rng, "Rossi & Figli <Società> \"Cantù\" S.n.c.", 100);
            cv_set(d, "DatiCurriculari/EsperienzeLavorative/nomedatore", &t);
        }),
        ok("limite-cellulare-15", |d, rng| {
            let t = format!("+39 347 {}", rng.digits(7));
            cv_set(d, "Lavoratore/Recapiti/cellulare", &t);
        }),
        ok("limite-votazione-30", |d, rng| {
            let t = fit_chars(rng, "110/110 e lode con menzione speciale", 30);
            cv_set(d, "DatiCurriculari/Istruzione/votazione", &t);
        }),
        ok("limite-denominazioneintermediario-200", |d, rng| {
            let t = fit_chars(
                rng,
                "Università degli Studi di Esempio - Servizio di orientamento e placement",
                200,
            );
            cv_set(d, &format!("{CV_SIS}/denominazioneintermediario"), &t);
        }),
        ok("limite-specifiche-1000", |d, rng| {
            ensure_conoscenze(&mut d.root);
            let t = text_of_chars(rng, 1000);
            cv_set(d, "DatiCurriculari/ConoscenzeInformatiche/specifiche", &t);
        }),
        ok("minimo-solo-obbligatori", |d, _| {
            let r = &mut d.root;
            r.remove("Lavoratore/Domicilio/cap");
            for name in ["indirizzo", "telefono", "cellulare", "fax"] {
                r.remove_all(&format!("Lavoratore/Recapiti/{name}"));
            }
            for name in [
                "EsperienzeLavorative",
                "Istruzione",
                "Formazione",
                "Lingue",
                "ConoscenzeInformatiche",
                "AbilitazioniPatenti",
            ] {
                r.remove_all(&format!("DatiCurriculari/{name}"));
            }
            for name in order::PROFESSIONE.iter().skip(2) {
                r.remove_all(&format!(
                    "DatiCurriculari/ProfessioneDesiderataDisponibilita/{name}"
                ));
            }
            for name in [
                "idintermediario",
                "codicefiscaleintermediario",
                "denominazioneintermediario",
                "indirizzo",
                "idcomune",
                "cap",
                "telefono",
                "fax",
                "email",
                "visibilita",
            ] {
                r.remove_all(&format!("{CV_SIS}/{name}"));
            }
        }),
        ok("vuoti-ammessi", |d, rng| {
            // Optional strings with no minimum length may be empty.
            cv_set(d, "DatiCurriculari/Istruzione/votazione", "");
            d.root.ensure(
                "DatiCurriculari/EsperienzeLavorative",
                order::ESPERIENZA,
                "indirizzodatore",
                "",
            );
            d.root.at("Lavoratore/Recapiti/indirizzo").kids.clear();
            ensure_formazione(&mut d.root, rng);
            cv_set(d, "DatiCurriculari/Formazione/durata", "");
        }),
        ok("ripetuti", |d, rng| {
            let r = &mut d.root;
            while r.count("DatiCurriculari/EsperienzeLavorative") < 5 {
                r.duplicate("DatiCurriculari/EsperienzeLavorative");
            }
            r.duplicate("DatiCurriculari/Istruzione");
            r.set_text("DatiCurriculari/Istruzione[1]/titolostudio", "30");
            r.set_text(
                "DatiCurriculari/Istruzione[1]/descrizioneistruzione",
                "Diploma di liceo scientifico",
            );
            r.ensure(
                "DatiCurriculari/Istruzione[1]",
                order::ISTRUZIONE,
                "votazione",
                "90/100",
            );
            ensure_formazione(r, rng);
            r.duplicate("DatiCurriculari/Formazione");
            while r.count("DatiCurriculari/Lingue") < 4 {
                r.duplicate("DatiCurriculari/Lingue");
            }
            for (i, code) in ["ENG", "FRA", "DEU", "SPA"].iter().enumerate() {
                r.set_text(&format!("DatiCurriculari/Lingue[{i}]/idlingua"), *code);
            }
            ensure_patenti(r);
            let abi = r.at("DatiCurriculari/AbilitazioniPatenti");
            abi.kids.clear();
            abi.add("idalbo", "0012");
            abi.add("idalbo", "0034");
            abi.add("idpatenteguida", "04");
            abi.add("idpatenteguida", "06");
            abi.add("idpatentino", "01");
            abi.add("idpatentino", "03");
            let pro = "DatiCurriculari/ProfessioneDesiderataDisponibilita";
            r.duplicate(&format!("{pro}/idmodalitalavorativa"));
            r.set_text(&format!("{pro}/idmodalitalavorativa[1]"), "PO");
            r.duplicate(&format!("{pro}/idtipologiacontratto"));
            r.set_text(&format!("{pro}/idtipologiacontratto[1]"), "A07");
            r.duplicate(pro);
            r.duplicate(pro);
        }),
        ok("cf-omocodia", |d, rng| {
            let cf = d.root.text(&format!("{DA}/codicefiscale"));
            let k = 1 + rng.below(7);
            cv_set(d, &format!("{DA}/codicefiscale"), &omocodia(&cf, k));
        }),
        ok("cf-provvisorio-11-cifre", |d, rng| {
            let cf = partita_iva(rng, "058");
            cv_set(d, &format!("{DA}/codicefiscale"), &cf);
        }),
        ok("nato-all-estero", |d, rng| {
            let estero = rng.pick_ref(ESTERI);
            let sesso = d.root.text(&format!("{DA}/sesso"));
            let nomi = if sesso == "F" {
                estero.femminili
            } else {
                estero.maschili
            };
            let (c, n) = (rng.pick(estero.cognomi).to_string(), rng.pick(nomi).to_string());
            cv_set(d, &format!("{DA}/cognome"), &c);
            cv_set(d, &format!("{DA}/nome"), &n);
            cv_set(d, &format!("{DA}/idcomune"), estero.belfiore);
            cv_set(d, &format!("{DA}/idcittadinanza"), estero.cittadinanza);
            refresh_cf(&mut d.root);
        }),
        ok("entita-cdata-commenti", |d, _| {
            d.put("DatiCurriculari/EsperienzeLavorative/principalimansioni", "");
            let r = &mut d.root;
            r.set_raw(
                "DatiCurriculari/EsperienzeLavorative/principalimansioni",
                "<![CDATA[Gestione ordini <fornitori> & clienti]]> e attivit&#224; di &quot;back office&quot;",
            );
            r.set_raw(
                "DatiCurriculari/EsperienzeLavorative/nomedatore",
                "Rossi &amp; Figli S.n.c. &#8212; Cant&#249;",
            );
            r.insert_before(
                "Lavoratore",
                Node::Raw("<!-- generato dal corpus di prova -->".to_string()),
            );
            r.insert_after(
                "DatiCurriculari",
                Node::Raw("<?elaborazione esempio?>".to_string()),
            );
        }),
        ok("fuso-orario-e-frazioni", |d, _| {
            let r = &mut d.root;
            let ts = r.text(&format!("{CV_SIS}/datainserimento"));
            r.set_text(&format!("{CV_SIS}/datainserimento"), format!("{ts}.250+01:00"));
            let sc = r.text(&format!("{CV_SIS}/datascadenza"));
            r.set_text(&format!("{CV_SIS}/datascadenza"), format!("{sc}Z"));
        }),
        ok("email-caratteri-speciali", |d, _| {
            cv_set(
                d,
                "Lavoratore/Recapiti/email",
                "nicolo.d'angelo+cv@posta.example.it",
            );
        }),
        ok("prefisso-namespace", |d, _| d.prefix = Some("cv")),
        ok("bom-utf8", |d, _| d.bom = true),
        ok("iso-8859-1", |d, _| {
            d.latin1 = true;
            cv_set(d, &format!("{DA}/cognome"), "Cantù Lorè");
            cv_set(d, &format!("{DA}/nome"), "Niccolò");
            refresh_cf(&mut d.root);
        }),
        ok("spazi-attorno-alle-date", |d, _| {
            // xs:date and xs:dateTime collapse whitespace; strings do not.
            for path in [format!("{DA}/datanascita"), format!("{CV_SIS}/datainserimento")] {
                let t = d.root.text(&path);
                d.root.set_text(&path, format!("\n\t\t\t{t}  \n\t\t"));
            }
        }),
        ok("commento-dentro-valore", |d, _| {
            let cap = d.root.text("Lavoratore/Domicilio/cap");
            d.root.set_raw(
                "Lavoratore/Domicilio/cap",
                format!("{}<!-- verificato -->{}", &cap[..3], &cap[3..]),
            );
        }),
        ok("riferimenti-e-cdata-nei-codici", |d, _| {
            let c = d.root.text("Lavoratore/Domicilio/idcomune");
            let first = c.chars().next().unwrap_or('H');
            d.root.set_raw(
                "Lavoratore/Domicilio/idcomune",
                format!("&#{};{}", u32::from(first), &c[1..]),
            );
            let cf = d.root.text(&format!("{DA}/codicefiscale"));
            d.root
                .set_raw(&format!("{DA}/codicefiscale"), format!("<![CDATA[{cf}]]>"));
        }),
        ok("namespace-ridichiarato", |d, _| {
            let ns = Module::Candidatura.namespace();
            d.root.set_attr("Lavoratore/Recapiti", "xmlns", ns);
            let email = d.root.remove("Lavoratore/Recapiti/email");
            let mut e = El::leaf(
                "c:email",
                email
                    .kids
                    .iter()
                    .filter_map(|k| match k {
                        Node::Text(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect::<String>(),
            );
            e.attrs.push(("xmlns:c".to_string(), ns.to_string()));
            d.root.at("Lavoratore/Recapiti").push(e);
        }),
        ok("crlf-senza-dichiarazione", |d, _| {
            d.crlf = true;
            d.declaration = false;
        }),
        ok("xsi-schemalocation", |d, _| {
            let r = &mut d.root;
            r.attrs.push((
                "xmlns:xsi".to_string(),
                "http://www.w3.org/2001/XMLSchema-instance".to_string(),
            ));
            r.attrs.push((
                "xsi:schemaLocation".to_string(),
                "http://servizi.lavoro.gov.it/candidatura Candidatura.xsd".to_string(),
            ));
        }),
        ok("scadenza-60-giorni", |d, _| {
            let r = &mut d.root;
            let ts = r.text(&format!("{CV_SIS}/datainserimento"));
            let day = Ymd::new(
                ts[0..4].parse().unwrap(),
                ts[5..7].parse().unwrap(),
                ts[8..10].parse().unwrap(),
            );
            r.set_text(&format!("{CV_SIS}/datascadenza"), day.add_days(60).iso());
        }),
        // ---- schema violations ----
        bad(
            "manca-cognome",
            "manca l'elemento obbligatorio cognome",
            |d, _| {
                d.root.remove(&format!("{DA}/cognome"));
            },
        ),
        bad(
            "manca-email",
            "manca l'elemento obbligatorio Recapiti/email",
            |d, _| {
                d.root.remove("Lavoratore/Recapiti/email");
            },
        ),
        bad(
            "manca-professione-desiderata",
            "manca ProfessioneDesiderataDisponibilita",
            |d, _| {
                d.root
                    .remove_all("DatiCurriculari/ProfessioneDesiderataDisponibilita");
            },
        ),
        bad("manca-datainserimento", "manca datainserimento", |d, _| {
            d.root.remove(&format!("{CV_SIS}/datainserimento"));
        }),
        bad("manca-codicecandidatura", "manca codicecandidatura", |d, _| {
            d.root.remove(&format!("{CV_SIS}/codicecandidatura"));
        }),
        bad("manca-domicilio", "manca la sezione Domicilio", |d, _| {
            d.root.remove("Lavoratore/Domicilio");
        }),
        bad(
            "manca-titolostudio",
            "manca titolostudio in Istruzione",
            |d, _| {
                d.root.remove("DatiCurriculari/Istruzione/titolostudio");
            },
        ),
        bad("ordine-nome-cognome", "nome prima di cognome", |d, _| {
            d.root.swap(DA, "cognome", "nome");
        }),
        bad(
            "ordine-datisistema-daticurriculari",
            "DatiSistema prima di DatiCurriculari",
            |d, _| {
                d.root.swap("", "DatiCurriculari", "DatiSistema");
            },
        ),
        bad(
            "ordine-istruzione-esperienze",
            "Istruzione prima delle EsperienzeLavorative",
            |d, _| {
                let ist = d.root.remove("DatiCurriculari/Istruzione");
                d.root.at("DatiCurriculari").kids.insert(0, Node::Elem(ist));
            },
        ),
        bad(
            "ordine-cap-idcomune",
            "cap prima di idcomune nel Domicilio",
            |d, _| {
                d.root.swap("Lavoratore/Domicilio", "idcomune", "cap");
            },
        ),
        bad("duplicato-sesso", "sesso ripetuto", |d, _| {
            d.root.duplicate(&format!("{DA}/sesso"))
        }),
        bad("duplicato-domicilio", "sezione Domicilio ripetuta", |d, _| {
            d.root.duplicate("Lavoratore/Domicilio")
        }),
        bad("duplicato-datascadenza", "datascadenza ripetuta", |d, _| {
            d.root.duplicate(&format!("{CV_SIS}/datascadenza"));
        }),
        bad(
            "duplicato-conoscenze-informatiche",
            "ConoscenzeInformatiche ripetuta",
            |d, _| {
                ensure_conoscenze(&mut d.root);
                d.root.duplicate("DatiCurriculari/ConoscenzeInformatiche");
            },
        ),
        bad(
            "sconosciuto-secondonome",
            "elemento non previsto secondonome",
            |d, _| {
                d.root.insert_after(
                    &format!("{DA}/nome"),
                    Node::Elem(El::leaf("secondonome", "Maria")),
                );
            },
        ),
        bad(
            "sconosciuto-datiaggiuntivi",
            "sezione regionale DatiAggiuntivi non prevista",
            |d, _| {
                let mut extra = El::new("DatiAggiuntivi");
                extra.add("disponibilitaimmediata", "SI");
                d.root.insert_after("DatiCurriculari", Node::Elem(extra));
            },
        ),
        bad("sconosciuto-pec", "elemento non previsto pec", |d, _| {
            d.root.insert_before(
                "Lavoratore/Recapiti/email",
                Node::Elem(El::leaf("pec", "lavoratore@pec.example.it")),
            );
        }),
        bad(
            "lungo-cognome-51",
            "cognome di 51 caratteri (massimo 50)",
            |d, rng| {
                let t = fit_chars(rng, "Dell'Acqua Niccolò Cantù Lorè", 51);
                d.root.set_text(&format!("{DA}/cognome"), t);
            },
        ),
        bad(
            "lungo-indirizzo-101",
            "indirizzo di 101 caratteri (massimo 100)",
            |d, rng| {
                let t = fit_chars(rng, "Via San Francesco d'Assisi 12, scala B", 101);
                cv_set(d, "Lavoratore/Recapiti/indirizzo", &t);
            },
        ),
        bad(
            "lungo-votazione-31",
            "votazione di 31 caratteri (massimo 30)",
            |d, rng| {
                let t = fit_chars(rng, "110/110 e lode con menzione speciale", 31);
                cv_set(d, "DatiCurriculari/Istruzione/votazione", &t);
            },
        ),
        bad(
            "lungo-descrprofessione-251",
            "descrprofessione di 251 caratteri",
            |d, rng| {
                let t = text_of_chars(rng, 251);
                cv_set(
                    d,
                    "DatiCurriculari/ProfessioneDesiderataDisponibilita/descrprofessione",
                    &t,
                );
            },
        ),
        bad(
            "lungo-cellulare-16",
            "cellulare di 16 caratteri (massimo 15)",
            |d, rng| {
                let t = format!("+39 347 {}", rng.digits(8));
                cv_set(d, "Lavoratore/Recapiti/cellulare", &t);
            },
        ),
        bad(
            "lungo-idintermediario-12",
            "idintermediario di 12 caratteri",
            |d, _| {
                let t = d.root.text(&format!("{CV_SIS}/idintermediario"));
                cv_set(d, &format!("{CV_SIS}/idintermediario"), &format!("{t}7"));
            },
        ),
        bad(
            "lungo-denominazioneintermediario-201",
            "denominazioneintermediario di 201 caratteri",
            |d, rng| {
                let t = fit_chars(rng, "Università degli Studi di Esempio", 201);
                cv_set(d, &format!("{CV_SIS}/denominazioneintermediario"), &t);
            },
        ),
        bad("vuoto-nome", "nome vuoto", |d, _| {
            cv_set(d, &format!("{DA}/nome"), "")
        }),
        bad("vuoto-cognome", "cognome vuoto (elemento chiuso)", |d, _| {
            d.root.at(&format!("{DA}/cognome")).kids.clear();
        }),
        bad("vuoto-descrprofessione", "descrprofessione vuota", |d, _| {
            cv_set(
                d,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/descrprofessione",
                "",
            );
        }),
        bad("vuoto-email", "email vuota", |d, _| {
            cv_set(d, "Lavoratore/Recapiti/email", "")
        }),
        bad(
            "vuoto-codicefiscaleintermediario",
            "codicefiscaleintermediario vuoto",
            |d, _| {
                cv_set(d, &format!("{CV_SIS}/codicefiscaleintermediario"), "");
            },
        ),
        bad("vuoto-datainserimento", "datainserimento vuota", |d, _| {
            cv_set(d, &format!("{CV_SIS}/datainserimento"), "");
        }),
        bad("cap-4-cifre", "cap di 4 cifre", |d, _| {
            let cap = d.root.text("Lavoratore/Domicilio/cap");
            cv_set(d, "Lavoratore/Domicilio/cap", &cap[1..]);
        }),
        bad(
            "cap-con-lettera",
            "cap con la lettera O al posto dello zero",
            |d, _| {
                cv_set(d, "Lavoratore/Domicilio/cap", "2O133");
            },
        ),
        bad("cap-con-spazio", "cap con uno spazio iniziale", |d, _| {
            let cap = d.root.text("Lavoratore/Domicilio/cap");
            cv_set(d, "Lavoratore/Domicilio/cap", &format!(" {cap}"));
        }),
        bad(
            "idcomune-minuscolo",
            "idcomune di nascita in minuscolo",
            |d, _| {
                let c = d.root.text(&format!("{DA}/idcomune")).to_lowercase();
                cv_set(d, &format!("{DA}/idcomune"), &c);
            },
        ),
        bad(
            "idcomune-con-spazio",
            "idcomune del domicilio con uno spazio finale",
            |d, _| {
                let c = d.root.text("Lavoratore/Domicilio/idcomune");
                cv_set(d, "Lavoratore/Domicilio/idcomune", &format!("{c} "));
            },
        ),
        bad("cf-minuscolo", "codicefiscale in minuscolo", |d, _| {
            let c = d.root.text(&format!("{DA}/codicefiscale")).to_lowercase();
            cv_set(d, &format!("{DA}/codicefiscale"), &c);
        }),
        bad("cf-15-caratteri", "codicefiscale di 15 caratteri", |d, _| {
            let c = d.root.text(&format!("{DA}/codicefiscale"));
            cv_set(d, &format!("{DA}/codicefiscale"), &c[..15]);
        }),
        bad(
            "cf-lettera-non-omocodica",
            "codicefiscale con A al posto di una cifra dell'anno",
            |d, _| {
                let c = d.root.text(&format!("{DA}/codicefiscale"));
                cv_set(
                    d,
                    &format!("{DA}/codicefiscale"),
                    &format!("{}A{}", &c[..7], &c[8..]),
                );
            },
        ),
        bad("cf-con-spazi", "codicefiscale con spazi", |d, _| {
            let c = d.root.text(&format!("{DA}/codicefiscale"));
            cv_set(
                d,
                &format!("{DA}/codicefiscale"),
                &format!("{} {} {}", &c[..6], &c[6..11], &c[11..]),
            );
        }),
        bad(
            "idprofessione-5-livelli",
            "idprofessione con 5 livelli",
            |d, _| {
                cv_set(
                    d,
                    "DatiCurriculari/ProfessioneDesiderataDisponibilita/idprofessione",
                    "2.1.1.4.1",
                );
            },
        ),
        bad(
            "qualificasvolta-con-lettera",
            "qualificasvolta con una lettera",
            |d, _| {
                cv_set(
                    d,
                    "DatiCurriculari/EsperienzeLavorative/qualificasvolta",
                    "2.1.1.4.A.0",
                );
            },
        ),
        bad("idlingua-minuscolo", "idlingua in minuscolo", |d, _| {
            cv_set(d, "DatiCurriculari/Lingue/idlingua", "eng");
        }),
        bad("livello-lingua-c3", "livello di lingua C3", |d, _| {
            cv_set(d, "DatiCurriculari/Lingue/idlivelloparlato", "C3");
        }),
        bad("email-senza-dominio", "email senza dominio", |d, _| {
            let e = d.root.text("Lavoratore/Recapiti/email");
            let local = e.split('@').next().unwrap_or("x").to_string();
            cv_set(d, "Lavoratore/Recapiti/email", &format!("{local}@"));
        }),
        bad("email-con-spazio", "email con uno spazio", |d, _| {
            cv_set(d, "Lavoratore/Recapiti/email", "giulia bianchi@example.it");
        }),
        bad("sesso-non-ammesso", "sesso X", |d, _| {
            cv_set(d, &format!("{DA}/sesso"), "X")
        }),
        bad("sesso-minuscolo", "sesso in minuscolo", |d, _| {
            let s = d.root.text(&format!("{DA}/sesso")).to_lowercase();
            cv_set(d, &format!("{DA}/sesso"), &s);
        }),
        bad("sino-minuscolo", "trasferte 'si' in minuscolo", |d, _| {
            cv_set(
                d,
                "DatiCurriculari/ProfessioneDesiderataDisponibilita/trasferte",
                "si",
            );
        }),
        bad("sino-misto", "visibilita 'No'", |d, _| {
            cv_set(d, &format!("{CV_SIS}/visibilita"), "No")
        }),
        bad(
            "tipocandidatura-03",
            "tipocandidatura 03 (solo 01 e 02)",
            |d, _| {
                cv_set(d, &format!("{CV_SIS}/tipocandidatura"), "03");
            },
        ),
        bad("idattestazione-non-ammessa", "idattestazione X", |d, rng| {
            ensure_formazione(&mut d.root, rng);
            cv_set(d, "DatiCurriculari/Formazione/idattestazione", "X");
        }),
        bad(
            "idtipologiadurata-non-ammessa",
            "idtipologiadurata S (settimane)",
            |d, rng| {
                ensure_formazione(&mut d.root, rng);
                cv_set(d, "DatiCurriculari/Formazione/idtipologiadurata", "S");
            },
        ),
        bad("durata-5-cifre", "durata del corso di 5 cifre", |d, rng| {
            ensure_formazione(&mut d.root, rng);
            cv_set(d, "DatiCurriculari/Formazione/durata", "12000");
        }),
        bad("durata-con-unita", "durata del corso con l'unità", |d, rng| {
            ensure_formazione(&mut d.root, rng);
            cv_set(d, "DatiCurriculari/Formazione/durata", "8 h");
        }),
        bad("data-30-febbraio", "datanascita 30 febbraio", |d, _| {
            let y = d.root.text(&format!("{DA}/datanascita"))[..4].to_string();
            cv_set(d, &format!("{DA}/datanascita"), &format!("{y}-02-30"));
        }),
        bad("data-mese-13", "datainizio con mese 13", |d, _| {
            let y = d.root.text("DatiCurriculari/EsperienzeLavorative/datainizio")[..4].to_string();
            cv_set(
                d,
                "DatiCurriculari/EsperienzeLavorative/datainizio",
                &format!("{y}-13-01"),
            );
        }),
        bad(
            "data-29-febbraio-2027",
            "datascadenza 29 febbraio di un anno non bisestile",
            |d, _| {
                cv_set(d, &format!("{CV_SIS}/datascadenza"), "2027-02-29");
            },
        ),
        bad("data-formato-italiano", "datanascita gg/mm/aaaa", |d, _| {
            let t = d.root.text(&format!("{DA}/datanascita"));
            cv_set(
                d,
                &format!("{DA}/datanascita"),
                &format!("{}/{}/{}", &t[8..10], &t[5..7], &t[..4]),
            );
        }),
        bad(
            "datetime-senza-t",
            "datainserimento con uno spazio al posto di T",
            |d, _| {
                let t = d
                    .root
                    .text(&format!("{CV_SIS}/datainserimento"))
                    .replace('T', " ");
                cv_set(d, &format!("{CV_SIS}/datainserimento"), &t);
            },
        ),
        bad(
            "datetime-senza-secondi",
            "datainserimento senza secondi",
            |d, _| {
                let t = d.root.text(&format!("{CV_SIS}/datainserimento"));
                cv_set(d, &format!("{CV_SIS}/datainserimento"), &t[..16]);
            },
        ),
        bad("datetime-solo-data", "datainserimento senza ora", |d, _| {
            let t = d.root.text(&format!("{CV_SIS}/datainserimento"));
            cv_set(d, &format!("{CV_SIS}/datainserimento"), &t[..10]);
        }),
        bad("datetime-ora-25", "datainserimento alle 25", |d, _| {
            let t = d.root.text(&format!("{CV_SIS}/datainserimento"));
            cv_set(
                d,
                &format!("{CV_SIS}/datainserimento"),
                &format!("{}T25{}", &t[..10], &t[13..]),
            );
        }),
        bad("data-con-ora", "datascadenza con l'ora (è una data)", |d, _| {
            let t = d.root.text(&format!("{CV_SIS}/datascadenza"));
            cv_set(d, &format!("{CV_SIS}/datascadenza"), &format!("{t}T23:59:59"));
        }),
        bad(
            "codicecandidatura-24",
            "codicecandidatura di 24 caratteri",
            |d, _| {
                cv_set(d, &format!("{CV_SIS}/codicecandidatura"), &"0".repeat(24));
            },
        ),
        bad(
            "codicecandidatura-26",
            "codicecandidatura di 26 caratteri",
            |d, _| {
                cv_set(d, &format!("{CV_SIS}/codicecandidatura"), &"0".repeat(26));
            },
        ),
        bad(
            "namespace-vacancy",
            "cognome nel namespace della vacancy",
            |d, _| {
                move_to_namespace(&mut d.root, &format!("{DA}/cognome"), Module::Vacancy.namespace());
            },
        ),
        bad("namespace-vuoto", "nome senza namespace", |d, _| {
            move_to_namespace(&mut d.root, &format!("{DA}/nome"), "");
        }),
        bad(
            "elemento-estraneo-prefissato",
            "elemento di un altro namespace nei Recapiti",
            |d, _| {
                d.root
                    .insert_before("Lavoratore/Recapiti/email", Node::Elem(foreign_element()));
            },
        ),
        bad(
            "attributo-su-cognome",
            "attributo non dichiarato su cognome",
            |d, _| {
                d.root.set_attr(&format!("{DA}/cognome"), "lingua", "it");
            },
        ),
        bad(
            "attributo-su-sezione",
            "attributo non dichiarato su Lavoratore",
            |d, _| {
                d.root.set_attr("Lavoratore", "id", "1");
            },
        ),
        bad(
            "attributo-xml-lang",
            "attributo xml:lang non dichiarato",
            |d, _| {
                d.root.set_attr(
                    "DatiCurriculari/ProfessioneDesiderataDisponibilita/descrprofessione",
                    "xml:lang",
                    "it",
                );
            },
        ),
        bad(
            "testo-in-lavoratore",
            "testo dentro la sezione Lavoratore",
            |d, _| {
                d.root
                    .at("Lavoratore")
                    .kids
                    .insert(0, Node::Text("Dati del lavoratore".to_string()));
            },
        ),
        bad(
            "testo-in-daticurriculari",
            "testo dentro la sezione DatiCurriculari",
            |d, _| {
                let cur = d.root.at("DatiCurriculari");
                let n = cur.kids.len();
                cur.kids.insert(n, Node::Text("fine".to_string()));
            },
        ),
        bad(
            "sesso-con-spazio",
            "sesso 'M ' (le stringhe non si normalizzano)",
            |d, _| {
                let s = d.root.text(&format!("{DA}/sesso"));
                cv_set(d, &format!("{DA}/sesso"), &format!("{s} "));
            },
        ),
        bad("sezione-vuota", "Domicilio vuoto", |d, _| {
            d.root.at("Lavoratore/Domicilio").kids.clear()
        }),
        bad(
            "maiuscola-nel-nome-elemento",
            "Cognome con la maiuscola",
            |d, _| {
                d.root.at(&format!("{DA}/cognome")).name = "Cognome".to_string();
            },
        ),
        bad(
            "attributo-altro-namespace",
            "attributo di un altro namespace su cognome",
            |d, _| {
                let el = d.root.at(&format!("{DA}/cognome"));
                el.attrs
                    .push(("xmlns:ext".to_string(), "urn:example:anagrafe".to_string()));
                el.attrs.push(("ext:fonte".to_string(), "anagrafe".to_string()));
            },
        ),
        bad(
            "xsi-nil-non-ammesso",
            "xsi:nil su un elemento non nillable",
            |d, _| {
                let el = d.root.at("Lavoratore/Recapiti/indirizzo");
                el.kids.clear();
                el.attrs.push((
                    "xmlns:xsi".to_string(),
                    "http://www.w3.org/2001/XMLSchema-instance".to_string(),
                ));
                el.attrs.push(("xsi:nil".to_string(), "true".to_string()));
            },
        ),
        bad(
            "lungo-cognome-nfd",
            "cognome di 50 lettere ma più di 50 code point (accenti scomposti, NFD)",
            |d, rng| {
                let t = fit_chars(rng, "Cantù Lorè Niccolò Dell'Acqua", 50);
                let nfd: String = t
                    .chars()
                    .flat_map(|c| match c {
                        'ù' => vec!['u', '\u{300}'],
                        'è' => vec!['e', '\u{300}'],
                        'ò' => vec!['o', '\u{300}'],
                        'à' => vec!['a', '\u{300}'],
                        'ì' => vec!['i', '\u{300}'],
                        'é' => vec!['e', '\u{301}'],
                        c => vec![c],
                    })
                    .collect();
                assert!(nfd.chars().count() > 50);
                cv_set(d, &format!("{DA}/cognome"), &nfd);
            },
        ),
        bad("cittadinanza-2-cifre", "idcittadinanza di 2 cifre", |d, _| {
            cv_set(d, &format!("{DA}/idcittadinanza"), "00");
        }),
        bad("titolostudio-lettere", "titolostudio con lettere", |d, _| {
            cv_set(d, "DatiCurriculari/Istruzione/titolostudio", "LM");
        }),
        bad(
            "ambitodiffusione-1-cifra",
            "ambitodiffusione di una cifra",
            |d, _| {
                cv_set(d, &format!("{CV_SIS}/ambitodiffusione"), "3");
            },
        ),
        bad("idpatenteguida-1-cifra", "idpatenteguida di una cifra", |d, _| {
            ensure_patenti(&mut d.root);
            cv_set(d, "DatiCurriculari/AbilitazioniPatenti/idpatenteguida", "4");
        }),
        bad(
            "radice-senza-namespace",
            "radice Candidatura senza namespace",
            |d, _| {
                d.root.attrs.push(("xmlns".to_string(), String::new()));
            },
        ),
    ]
}

const VDA: &str = "DatoreLavoro/DatiAnagrafici";
const VDC: &str = "DatoreLavoro/DatiContatto";
const VPR: &str = "Richiesta/ProfiloRichiesto";
const VIF: &str = "Richiesta/IstruzioneFormazione";
const VCO: &str = "Richiesta/CondizioniOfferte";
const VDR: &str = "Richiesta/DurataRichiesta";

fn ensure_idalbo(root: &mut El) {
    root.ensure(VIF, order::ISTRUZIONE_FORMAZIONE, "idalbo", "0012");
}

fn vacancy_variants() -> Vec<Variant> {
    vec![
        // ---- boundary but valid ----
        ok("limite-denominazione-100", |d, rng| {
            let t = fit_chars(
                rng,
                "Società Cooperativa Sociale \"L'Approdo\" & Servizi per la Città",
                100,
            );
            d.root.set_text(&format!("{VDA}/denominazione"), t);
        }),
        ok("limite-descrizionericerca-5000", |d, rng| {
            let t = text_of_chars(rng, 5000);
            d.root.set_text(&format!("{VPR}/descrizionericerca"), t);
        }),
        ok("limite-numerolavoratori-99", |d, _| {
            d.root.set_text(&format!("{VPR}/numerolavoratori"), "99")
        }),
        ok("numerolavoratori-zero-iniziale", |d, _| {
            d.root.set_text(&format!("{VPR}/numerolavoratori"), "05")
        }),
        ok("limite-retribuzione-9-cifre", |d, _| {
            d.root
                .set_text(&format!("{VCO}/retribuzioneannualorda"), "999999999");
        }),
        ok("retribuzione-vuota", |d, _| {
            d.root.at(&format!("{VCO}/retribuzioneannualorda")).kids.clear()
        }),
        ok("limite-durata-30", |d, _| {
            d.root
                .set_text(&format!("{VCO}/durata"), "Dodici mesi più eventuale rin.");
        }),
        ok("limite-codiceoffertaintermediario-25", |d, rng| {
            let t = format!("ESW-2026-{}-{}", rng.digits(6), rng.digits(9));
            d.root.set_text("DatiSistema/codiceoffertaintermediario", t);
        }),
        ok("limite-web-256", |d, rng| {
            let mut url = String::from("https://www.example.it/lavora-con-noi/offerte?");
            while url.len() < 256 {
                let _ = write!(url, "p{}=x&", rng.digits(1));
            }
            url.truncate(256);
            d.root.ensure(
                VDA,
                &["codicefiscale", "denominazione", "settore", "ampiezza", "web"],
                "web",
                "",
            );
            d.root.set_text(&format!("{VDA}/web"), url);
        }),
        ok("minimo-datore-estero", |d, _| {
            let r = &mut d.root;
            r.remove(&format!("{VDA}/codicefiscale"));
            r.remove_all(&format!("{VDA}/ampiezza"));
            r.remove_all(&format!("{VDA}/web"));
            for name in ["indirizzo", "cap", "telefono", "fax"] {
                r.remove_all(&format!("{VDC}/{name}"));
            }
            r.set_text(&format!("{VDC}/idcomune"), "Z112");
            r.remove_all(&format!("{VPR}/esperienzarichiesta"));
            r.remove_all(&format!("{VPR}/descrizioneesperienza"));
            r.at(VIF).kids.clear();
            for name in order::CONDIZIONI.iter().skip(2) {
                r.remove_all(&format!("{VCO}/{name}"));
            }
            for name in order::VACANCY_DATI_SISTEMA {
                if !["tipoofferta", "codiceofferta"].contains(name) {
                    r.remove_all(&format!("DatiSistema/{name}"));
                }
            }
        }),
        ok("ditta-individuale", |d, rng| {
            let p = persona(rng);
            let r = &mut d.root;
            r.set_text(&format!("{VDA}/codicefiscale"), p.codice_fiscale.clone());
            r.set_text(
                &format!("{VDA}/denominazione"),
                format!("Panificio di {} {}", p.nome, p.cognome),
            );
        }),
        ok("ripetuti", |d, _| {
            let r = &mut d.root;
            r.duplicate(&format!("{VIF}/titolostudio"));
            r.set_text(&format!("{VIF}/titolostudio[1]/idtitolostudio"), "30");
            r.set_text(
                &format!("{VIF}/titolostudio[1]/descrizionestudio"),
                "Diploma di istituto tecnico",
            );
            while r.count(&format!("{VIF}/Lingua")) < 3 {
                r.duplicate(&format!("{VIF}/Lingua"));
            }
            for (i, code) in ["ENG", "DEU", "FRA"].iter().enumerate() {
                r.set_text(&format!("{VIF}/Lingua[{i}]/idlingua"), *code);
            }
            r.ensure(VIF, order::ISTRUZIONE_FORMAZIONE, "idpatenteguida", "04");
            r.duplicate(&format!("{VIF}/idpatenteguida"));
            r.set_text(&format!("{VIF}/idpatenteguida[1]"), "06");
            r.ensure(VIF, order::ISTRUZIONE_FORMAZIONE, "idpatentino", "01");
            r.duplicate(&format!("{VIF}/idpatentino"));
        }),
        ok("ccnl-due-lettere", |d, _| {
            d.root.set_text(&format!("{VCO}/idccnl"), "CD")
        }),
        ok("ccnl-pattern-con-virgola", |d, _| {
            d.root.set_text(&format!("{VCO}/idccnl"), "A,1")
        }),
        ok("entita-cdata-commenti", |d, _| {
            let r = &mut d.root;
            r.ensure(VCO, order::CONDIZIONI, "ulterioricondizioni", "");
            r.set_raw(
                &format!("{VCO}/ulterioricondizioni"),
                "<![CDATA[Buoni pasto & welfare <aziendale>]]> &#8211; orario flessibile",
            );
            r.insert_before(
                "Richiesta",
                Node::Raw("<!-- offerta generata dal corpus di prova -->".to_string()),
            );
        }),
        ok("fuso-orario", |d, _| {
            let p = format!("{VDR}/datapubblicazione");
            let t = d.root.text(&p);
            d.root.set_text(&p, format!("{t}Z"));
        }),
        ok("prefisso-namespace", |d, _| d.prefix = Some("vac")),
        ok("iso-8859-1", |d, _| {
            d.latin1 = true;
            d.root.set_text(
                &format!("{VDA}/denominazione"),
                "Società Agricola Lorè & Cantù S.s.",
            );
        }),
        ok("spazi-attorno-alle-date", |d, _| {
            for path in [format!("{VDR}/datapubblicazione"), format!("{VDR}/datascadenza")] {
                let t = d.root.text(&path);
                d.root.set_text(&path, format!(" {t}\n"));
            }
        }),
        ok("scadenza-60-giorni", |d, _| {
            let t = d.root.text(&format!("{VDR}/datapubblicazione"));
            let day = Ymd::new(
                t[0..4].parse().unwrap(),
                t[5..7].parse().unwrap(),
                t[8..10].parse().unwrap(),
            );
            d.root
                .set_text(&format!("{VDR}/datascadenza"), day.add_days(60).iso());
        }),
        // ---- schema violations ----
        bad("manca-denominazione", "manca denominazione del datore", |d, _| {
            d.root.remove(&format!("{VDA}/denominazione"));
        }),
        bad("manca-settore", "manca settore", |d, _| {
            d.root.remove(&format!("{VDA}/settore"));
        }),
        bad("manca-email-contatto", "manca email in DatiContatto", |d, _| {
            d.root.remove(&format!("{VDC}/email"));
        }),
        bad(
            "manca-idcomune-contatto",
            "manca idcomune in DatiContatto",
            |d, _| {
                d.root.remove(&format!("{VDC}/idcomune"));
            },
        ),
        bad("manca-numerolavoratori", "manca numerolavoratori", |d, _| {
            d.root.remove(&format!("{VPR}/numerolavoratori"));
        }),
        bad("manca-descrizionericerca", "manca descrizionericerca", |d, _| {
            d.root.remove(&format!("{VPR}/descrizionericerca"));
        }),
        bad("manca-datapubblicazione", "manca datapubblicazione", |d, _| {
            d.root.remove(&format!("{VDR}/datapubblicazione"));
        }),
        bad("manca-no", "manca N.O. in AltreInformazioni", |d, _| {
            d.root.remove("AltreInformazioni/N.O.");
        }),
        bad(
            "manca-altreinformazioni",
            "manca la sezione AltreInformazioni (Rev.064)",
            |d, _| {
                d.root.remove("AltreInformazioni");
            },
        ),
        bad("manca-tipoofferta", "manca tipoofferta", |d, _| {
            d.root.remove("DatiSistema/tipoofferta");
        }),
        bad("manca-codiceofferta", "manca codiceofferta", |d, _| {
            d.root.remove("DatiSistema/codiceofferta");
        }),
        bad(
            "manca-idtipologiacontratto",
            "manca idtipologiacontratto",
            |d, _| {
                d.root.remove(&format!("{VCO}/idtipologiacontratto"));
            },
        ),
        bad(
            "manca-idtitolostudio",
            "manca idtitolostudio in titolostudio",
            |d, _| {
                d.root.remove(&format!("{VIF}/titolostudio/idtitolostudio"));
            },
        ),
        bad(
            "manca-idlingua",
            "manca idlingua in Lingua (obbligatorio nella vacancy)",
            |d, _| {
                d.root.remove(&format!("{VIF}/Lingua/idlingua"));
            },
        ),
        bad(
            "ordine-cap-idcomune",
            "cap prima di idcomune in DatiContatto",
            |d, _| {
                d.root.swap(VDC, "idcomune", "cap");
            },
        ),
        bad(
            "ordine-istruzione-profilo",
            "IstruzioneFormazione prima di ProfiloRichiesto",
            |d, _| {
                d.root
                    .swap("Richiesta", "ProfiloRichiesto", "IstruzioneFormazione");
            },
        ),
        bad(
            "ordine-scadenza-pubblicazione",
            "datascadenza prima di datapubblicazione",
            |d, _| {
                d.root.swap(VDR, "datapubblicazione", "datascadenza");
            },
        ),
        bad(
            "ordine-visibilita-email",
            "visibilita prima di email in DatiSistema",
            |d, _| {
                d.put("DatiSistema/email", "selezione@example.it");
                d.put("DatiSistema/visibilita", "SI");
                d.root.swap("DatiSistema", "email", "visibilita");
            },
        ),
        bad("duplicato-settore", "settore ripetuto", |d, _| {
            d.root.duplicate(&format!("{VDA}/settore"))
        }),
        bad("duplicato-idalbo", "idalbo ripetuto (al più uno)", |d, _| {
            ensure_idalbo(&mut d.root);
            d.root.duplicate(&format!("{VIF}/idalbo"));
        }),
        bad("duplicato-trasferte", "trasferte ripetuto", |d, _| {
            d.root.duplicate(&format!("{VIF}/trasferte"))
        }),
        bad(
            "duplicato-durata-richiesta",
            "sezione DurataRichiesta ripetuta",
            |d, _| d.root.duplicate(VDR),
        ),
        bad(
            "sconosciuto-partitaiva",
            "elemento non previsto partitaiva",
            |d, _| {
                let cf = d.root.text(&format!("{VDA}/codicefiscale"));
                d.root.insert_after(
                    &format!("{VDA}/codicefiscale"),
                    Node::Elem(El::leaf("partitaiva", cf)),
                );
            },
        ),
        bad("sconosciuto-benefit", "elemento non previsto benefit", |d, _| {
            d.root.at(VCO).add("benefit", "Buoni pasto");
        }),
        bad(
            "lungo-denominazione-101",
            "denominazione di 101 caratteri",
            |d, rng| {
                let t = fit_chars(
                    rng,
                    "Società Cooperativa Sociale \"L'Approdo\" & Servizi per la Città",
                    101,
                );
                d.root.set_text(&format!("{VDA}/denominazione"), t);
            },
        ),
        bad(
            "lungo-descrprofessione-251",
            "descrprofessione di 251 caratteri",
            |d, rng| {
                let t = text_of_chars(rng, 251);
                d.root.set_text(&format!("{VPR}/descrprofessione"), t);
            },
        ),
        bad("lungo-durata-31", "durata di 31 caratteri", |d, _| {
            d.root
                .set_text(&format!("{VCO}/durata"), "Dodici mesi più eventuale rinn.");
        }),
        bad(
            "lungo-codiceoffertaintermediario-26",
            "codiceoffertaintermediario di 26 caratteri",
            |d, rng| {
                let t = format!("ESW-2026-{}-{}", rng.digits(6), rng.digits(10));
                d.root.set_text("DatiSistema/codiceoffertaintermediario", t);
            },
        ),
        bad(
            "lungo-numerolavoratori-3",
            "numerolavoratori di 3 cifre",
            |d, _| {
                d.root.set_text(&format!("{VPR}/numerolavoratori"), "100");
            },
        ),
        bad(
            "lungo-retribuzione-10",
            "retribuzioneannualorda di 10 cifre",
            |d, _| {
                d.root
                    .set_text(&format!("{VCO}/retribuzioneannualorda"), "1000000000");
            },
        ),
        bad(
            "lungo-altrecapacita-501",
            "altrecapacita di 501 caratteri",
            |d, rng| {
                let t = text_of_chars(rng, 501);
                d.root
                    .ensure(VIF, order::ISTRUZIONE_FORMAZIONE, "altrecapacita", "");
                d.root.set_text(&format!("{VIF}/altrecapacita"), t);
            },
        ),
        bad("lungo-telefono-16", "telefono di 16 caratteri", |d, rng| {
            let t = format!("+39 02 {}", rng.digits(9));
            d.root.set_text(&format!("{VDC}/telefono"), t);
        }),
        bad("vuoto-denominazione", "denominazione vuota", |d, _| {
            d.root.set_text(&format!("{VDA}/denominazione"), "");
        }),
        bad("vuoto-descrizionericerca", "descrizionericerca vuota", |d, _| {
            d.root.at(&format!("{VPR}/descrizionericerca")).kids.clear();
        }),
        bad("vuoto-numerolavoratori", "numerolavoratori vuoto", |d, _| {
            d.root.set_text(&format!("{VPR}/numerolavoratori"), "");
        }),
        bad(
            "vuoto-codiceoffertaintermediario",
            "codiceoffertaintermediario vuoto",
            |d, _| {
                d.root.set_text("DatiSistema/codiceoffertaintermediario", "");
            },
        ),
        bad("settore-senza-punti", "settore ATECO senza punti", |d, _| {
            let s = d.root.text(&format!("{VDA}/settore")).replace('.', "");
            d.root.set_text(&format!("{VDA}/settore"), s);
        }),
        bad("settore-2-livelli", "settore ATECO a due livelli", |d, _| {
            let s = d.root.text(&format!("{VDA}/settore"));
            d.root.set_text(&format!("{VDA}/settore"), &s[..5]);
        }),
        bad("ampiezza-fuori-pattern", "ampiezza 13", |d, _| {
            d.root.set_text(&format!("{VDA}/ampiezza"), "13")
        }),
        bad("cap-4-cifre", "cap di 4 cifre", |d, _| {
            let cap = d.root.text(&format!("{VDC}/cap"));
            d.root.set_text(&format!("{VDC}/cap"), &cap[1..]);
        }),
        bad(
            "idcomune-minuscolo",
            "idcomune della sede di lavoro in minuscolo",
            |d, _| {
                let c = d.root.text(&format!("{VCO}/idcomune")).to_lowercase();
                d.root.set_text(&format!("{VCO}/idcomune"), c);
            },
        ),
        bad(
            "cf-con-prefisso-it",
            "codicefiscale del datore con prefisso IT",
            |d, _| {
                let c = d.root.text(&format!("{VDA}/codicefiscale"));
                d.root.set_text(&format!("{VDA}/codicefiscale"), format!("IT{c}"));
            },
        ),
        bad("idccnl-una-lettera", "idccnl di una lettera", |d, _| {
            d.root.set_text(&format!("{VCO}/idccnl"), "A")
        }),
        bad(
            "idlivellocontrattuale-2-cifre",
            "idlivellocontrattuale di 2 cifre",
            |d, _| {
                d.root
                    .ensure(VCO, order::CONDIZIONI, "idlivellocontrattuale", "3");
                d.root.set_text(&format!("{VCO}/idlivellocontrattuale"), "10");
            },
        ),
        bad(
            "retribuzione-con-punto",
            "retribuzioneannualorda con il punto delle migliaia",
            |d, _| {
                d.root
                    .set_text(&format!("{VCO}/retribuzioneannualorda"), "38.000");
            },
        ),
        bad("email-con-spazio", "email con uno spazio", |d, _| {
            d.root
                .set_text(&format!("{VDC}/email"), "lavora con noi@example.it");
        }),
        bad("idprofessione-4-livelli", "idprofessione a 4 livelli", |d, _| {
            d.root.set_text(&format!("{VPR}/idprofessione"), "2.1.1.4");
        }),
        bad("no-minuscolo", "N.O. 'si' in minuscolo", |d, _| {
            d.root.set_text("AltreInformazioni/N.O.", "si")
        }),
        bad("esperienzarichiesta-mista", "esperienzarichiesta 'Si'", |d, _| {
            d.root.set_text(&format!("{VPR}/esperienzarichiesta"), "Si");
        }),
        bad("tipoofferta-03", "tipoofferta 03 (solo 01 e 02)", |d, _| {
            d.root.set_text("DatiSistema/tipoofferta", "03");
        }),
        bad("idmezzitrasporto-non-ammesso", "idmezzitrasporto S", |d, _| {
            d.root
                .ensure(VIF, order::ISTRUZIONE_FORMAZIONE, "idmezzitrasporto", "SI");
            d.root.set_text(&format!("{VIF}/idmezzitrasporto"), "S");
        }),
        bad("data-31-novembre", "datascadenza 31 novembre", |d, _| {
            d.root.set_text(&format!("{VDR}/datascadenza"), "2026-11-31");
        }),
        bad(
            "datetime-ora-una-cifra",
            "datapubblicazione con l'ora di una cifra",
            |d, _| {
                let t = d.root.text(&format!("{VDR}/datapubblicazione"));
                d.root.set_text(
                    &format!("{VDR}/datapubblicazione"),
                    format!("{}T9{}", &t[..10], &t[13..]),
                );
            },
        ),
        bad(
            "datetime-virgola-decimale",
            "datapubblicazione con la virgola nei secondi",
            |d, _| {
                let t = d.root.text(&format!("{VDR}/datapubblicazione"));
                d.root
                    .set_text(&format!("{VDR}/datapubblicazione"), format!("{t},5"));
            },
        ),
        bad("codiceofferta-24", "codiceofferta di 24 caratteri", |d, _| {
            d.root.set_text("DatiSistema/codiceofferta", "0".repeat(24));
        }),
        bad("codiceofferta-26", "codiceofferta di 26 caratteri", |d, _| {
            d.root.set_text("DatiSistema/codiceofferta", "0".repeat(26));
        }),
        bad(
            "namespace-candidatura",
            "settore nel namespace della candidatura",
            |d, _| {
                move_to_namespace(
                    &mut d.root,
                    &format!("{VDA}/settore"),
                    Module::Candidatura.namespace(),
                );
            },
        ),
        bad("namespace-vuoto", "denominazione senza namespace", |d, _| {
            move_to_namespace(&mut d.root, &format!("{VDA}/denominazione"), "");
        }),
        bad(
            "elemento-estraneo-prefissato",
            "elemento di un altro namespace in CondizioniOfferte",
            |d, _| {
                d.root.at(VCO).push(foreign_element());
            },
        ),
        bad(
            "attributo-radice",
            "attributo non dichiarato sulla radice",
            |d, _| {
                d.root.attrs.push(("versione".to_string(), "064".to_string()));
            },
        ),
        bad(
            "attributo-retribuzione",
            "attributo valuta non dichiarato",
            |d, _| {
                d.root
                    .set_attr(&format!("{VCO}/retribuzioneannualorda"), "valuta", "EUR");
            },
        ),
        bad(
            "testo-in-richiesta",
            "testo dentro la sezione Richiesta",
            |d, _| {
                d.root.insert_after(VPR, Node::Text("Requisiti:".to_string()));
            },
        ),
        bad("idlingua-2-lettere", "idlingua di due lettere", |d, _| {
            d.root.set_text(&format!("{VIF}/Lingua/idlingua"), "EN");
        }),
        bad("idpatenteguida-lettera", "idpatenteguida B", |d, _| {
            d.root
                .ensure(VIF, order::ISTRUZIONE_FORMAZIONE, "idpatenteguida", "04");
            d.root.set_text(&format!("{VIF}/idpatenteguida"), "B");
        }),
        bad("sezione-vuota", "ProfiloRichiesto vuoto", |d, _| {
            d.root.at(VPR).kids.clear()
        }),
        bad("numerolavoratori-con-spazio", "numerolavoratori ' 2'", |d, _| {
            d.root.set_text(&format!("{VPR}/numerolavoratori"), " 2");
        }),
        bad(
            "titolostudio-testo",
            "titolostudio con testo invece degli elementi",
            |d, _| {
                d.root.set_text(&format!("{VIF}/titolostudio"), "40");
            },
        ),
    ]
}

const MIT: &str = "Mittente/Interlocutore";
const DES: &str = "Destinatario/Interlocutore";

fn messaggio_variants() -> Vec<Variant> {
    vec![
        // ---- boundary but valid ----
        ok("limite-testomessaggio-2000", |d, rng| {
            let t = text_of_chars(rng, 2000);
            d.root.set_text("Corpo/testomessaggio", t);
        }),
        ok("limite-denominazione-100", |d, rng| {
            let t = fit_chars(
                rng,
                "Società Cooperativa Sociale \"L'Approdo\" & Servizi per la Città",
                100,
            );
            d.root.set_text(&format!("{MIT}/denominazione"), t);
        }),
        ok("limite-telefono-15", |d, rng| {
            let t = format!("+39 347 {}", rng.digits(7));
            d.root.ensure(MIT, order::INTERLOCUTORE, "telefono", "");
            d.root.set_text(&format!("{MIT}/telefono"), t);
        }),
        ok("entita-cdata", |d, _| {
            d.root.set_raw(
                "Corpo/testomessaggio",
                "Gentile candidata, <![CDATA[la invitiamo al colloquio <in sede> & con documento]]> &#8212; grazie.",
            );
        }),
        ok("fuso-orario", |d, _| {
            let t = d.root.text("DatiSistema/data");
            d.root.set_text("DatiSistema/data", format!("{t}+02:00"));
        }),
        ok("prefisso-namespace", |d, _| d.prefix = Some("msg")),
        ok("limite-testomessaggio-2000-con-emoji", |d, rng| {
            let t = fit_chars(rng, "Grazie mille! 😀 A presto 👋", 2000);
            assert_eq!(t.chars().count(), 2000);
            d.root.set_text("Corpo/testomessaggio", t);
        }),
        ok("limite-testomessaggio-2000-a-capo-crlf", |d, rng| {
            // 2000 characters once the parser turns CR LF into LF.
            let mut t = String::from("Gentile candidata,\n\n");
            t.push_str(&text_of_chars(rng, 1000));
            t.push_str("\n\nCordiali saluti\n");
            let t = fit_chars(rng, &t, 2000);
            d.root.set_text("Corpo/testomessaggio", t);
            d.crlf = true;
        }),
        ok("bom-utf8", |d, _| d.bom = true),
        ok("minimo", |d, _| {
            for who in [MIT, DES] {
                d.root.remove_all(&format!("{who}/indirizzo"));
                d.root.remove_all(&format!("{who}/telefono"));
            }
            d.root.remove_all("Corpo/contattopositivo");
        }),
        // ---- schema violations ----
        bad("manca-testomessaggio", "manca testomessaggio", |d, _| {
            d.root.remove("Corpo/testomessaggio");
        }),
        bad("manca-tiposoggetto", "manca tiposoggetto", |d, _| {
            d.root.remove("Mittente/tiposoggetto");
        }),
        bad("manca-data", "manca data", |d, _| {
            d.root.remove("DatiSistema/data");
        }),
        bad("manca-codicemessaggio", "manca codicemessaggio", |d, _| {
            d.root.remove("DatiSistema/codicemessaggio");
        }),
        bad("manca-tipocomunicazione", "manca tipocomunicazione", |d, _| {
            d.root.remove("DatiSistema/tipocomunicazione");
        }),
        bad(
            "manca-interlocutore-destinatario",
            "Destinatario senza Interlocutore",
            |d, _| {
                d.root.remove(DES);
            },
        ),
        bad("manca-corpo", "manca la sezione Corpo", |d, _| {
            d.root.remove("Corpo");
        }),
        bad(
            "ordine-denominazione-codicefiscale",
            "denominazione prima di codicefiscale",
            |d, _| {
                d.root.swap(DES, "codicefiscale", "denominazione");
            },
        ),
        bad(
            "ordine-corpo-destinatario",
            "Corpo prima di Destinatario",
            |d, _| {
                d.root.swap("", "Destinatario", "Corpo");
            },
        ),
        bad(
            "ordine-data-tipocomunicazione",
            "data prima di tipocomunicazione",
            |d, _| {
                d.root.swap("DatiSistema", "tipocomunicazione", "data");
            },
        ),
        bad("duplicato-codicefiscale", "codicefiscale ripetuto", |d, _| {
            d.root.duplicate(&format!("{DES}/codicefiscale"));
        }),
        bad(
            "duplicato-interlocutore",
            "Interlocutore ripetuto nel Mittente",
            |d, _| d.root.duplicate(MIT),
        ),
        bad("duplicato-testomessaggio", "testomessaggio ripetuto", |d, _| {
            d.root.duplicate("Corpo/testomessaggio")
        }),
        bad("sconosciuto-oggetto", "elemento non previsto oggetto", |d, _| {
            d.root.insert_before(
                "Corpo/testomessaggio",
                Node::Elem(El::leaf("oggetto", "Colloquio")),
            );
        }),
        bad(
            "sconosciuto-allegato",
            "elemento non previsto allegato",
            |d, _| {
                d.root.at("Corpo").add("allegato", "cv.pdf");
            },
        ),
        bad(
            "lungo-testomessaggio-2001",
            "testomessaggio di 2001 caratteri",
            |d, rng| {
                let t = text_of_chars(rng, 2001);
                d.root.set_text("Corpo/testomessaggio", t);
            },
        ),
        bad(
            "lungo-denominazione-101",
            "denominazione di 101 caratteri",
            |d, rng| {
                let t = fit_chars(rng, "Società Cooperativa Sociale \"L'Approdo\"", 101);
                d.root.set_text(&format!("{DES}/denominazione"), t);
            },
        ),
        bad(
            "lungo-codiceintermediario-12",
            "codiceintermediario di 12 caratteri",
            |d, rng| {
                let t = format!("F205U{}", rng.digits(7));
                d.root
                    .ensure(MIT, order::INTERLOCUTORE, "codiceintermediario", "");
                d.root.set_text(&format!("{MIT}/codiceintermediario"), t);
            },
        ),
        bad("lungo-telefono-16", "telefono di 16 caratteri", |d, rng| {
            let t = format!("+39 347 {}", rng.digits(8));
            d.root.ensure(MIT, order::INTERLOCUTORE, "telefono", "");
            d.root.set_text(&format!("{MIT}/telefono"), t);
        }),
        bad(
            "codicemessaggio-con-lettera",
            "codicemessaggio con una lettera",
            |d, _| {
                let c = d.root.text("DatiSistema/codicemessaggio");
                d.root
                    .set_text("DatiSistema/codicemessaggio", format!("{}A{}", &c[..7], &c[8..]));
            },
        ),
        bad("codicemessaggio-24", "codicemessaggio di 24 cifre", |d, _| {
            let c = d.root.text("DatiSistema/codicemessaggio");
            d.root.set_text("DatiSistema/codicemessaggio", &c[1..]);
        }),
        bad(
            "codicemessaggio-con-spazio",
            "codicemessaggio con uno spazio",
            |d, _| {
                let c = d.root.text("DatiSistema/codicemessaggio");
                d.root.set_text(
                    "DatiSistema/codicemessaggio",
                    format!("{} {}", &c[..10], &c[11..]),
                );
            },
        ),
        bad("vuoto-codicemessaggio", "codicemessaggio vuoto", |d, _| {
            d.root.at("DatiSistema/codicemessaggio").kids.clear();
        }),
        bad(
            "codiceoffertacandidatura-26",
            "codiceoffertacandidatura di 26 cifre",
            |d, _| {
                let c = d.root.text(&format!("{DES}/codiceoffertacandidatura"));
                d.root
                    .set_text(&format!("{DES}/codiceoffertacandidatura"), format!("{c}0"));
            },
        ),
        bad("comune-minuscolo", "comune in minuscolo", |d, _| {
            let c = d.root.text(&format!("{DES}/comune")).to_lowercase();
            d.root.set_text(&format!("{DES}/comune"), c);
        }),
        bad("email-senza-locale", "email senza parte locale", |d, _| {
            d.root.ensure(MIT, order::INTERLOCUTORE, "email", "");
            d.root.set_text(&format!("{MIT}/email"), "@example.it");
        }),
        bad(
            "cf-lettera-nel-giorno",
            "codicefiscale con una lettera non omocodica nel giorno",
            |d, _| {
                let c = d.root.text(&format!("{DES}/codicefiscale"));
                let broken = if c.len() == 16 {
                    format!("{}B{}", &c[..9], &c[10..])
                } else {
                    format!("{}B{}", &c[..5], &c[6..])
                };
                d.root.set_text(&format!("{DES}/codicefiscale"), broken);
            },
        ),
        bad(
            "lungo-testomessaggio-2001-con-emoji",
            "testomessaggio di 2001 code point con emoji",
            |d, rng| {
                let t = fit_chars(rng, "Grazie mille! 😀 A presto 👋", 2001);
                d.root.set_text("Corpo/testomessaggio", t);
            },
        ),
        bad("tiposoggetto-4", "tiposoggetto 4", |d, _| {
            d.root.set_text("Mittente/tiposoggetto", "4")
        }),
        bad("tiposoggetto-01", "tiposoggetto '01' invece di '1'", |d, _| {
            let t = d.root.text("Mittente/tiposoggetto");
            d.root.set_text("Mittente/tiposoggetto", format!("0{t}"));
        }),
        bad(
            "tipocomunicazione-01",
            "tipocomunicazione 01 in un Messaggio (solo 03 e 04)",
            |d, _| {
                d.root.set_text("DatiSistema/tipocomunicazione", "01");
            },
        ),
        bad("contattopositivo-minuscolo", "contattopositivo 'si'", |d, _| {
            d.root.ensure("Corpo", order::CORPO, "contattopositivo", "");
            d.root.set_text("Corpo/contattopositivo", "si");
        }),
        bad("data-29-febbraio-2026", "data 29 febbraio 2026", |d, _| {
            let t = d.root.text("DatiSistema/data");
            d.root
                .set_text("DatiSistema/data", format!("2026-02-29{}", &t[10..]));
        }),
        bad("datetime-senza-t", "data con uno spazio al posto di T", |d, _| {
            let t = d.root.text("DatiSistema/data").replace('T', " ");
            d.root.set_text("DatiSistema/data", t);
        }),
        bad("datetime-fuso-malformato", "data con fuso orario +1", |d, _| {
            let t = d.root.text("DatiSistema/data");
            d.root.set_text("DatiSistema/data", format!("{t}+1"));
        }),
        bad(
            "namespace-candidatura",
            "testomessaggio nel namespace della candidatura",
            |d, _| {
                move_to_namespace(
                    &mut d.root,
                    "Corpo/testomessaggio",
                    Module::Candidatura.namespace(),
                );
            },
        ),
        bad(
            "elemento-estraneo-prefissato",
            "elemento di un altro namespace nel Corpo",
            |d, _| {
                d.root.at("Corpo").push(foreign_element());
            },
        ),
        bad(
            "attributo-testomessaggio",
            "attributo formato non dichiarato",
            |d, _| {
                d.root.set_attr("Corpo/testomessaggio", "formato", "html");
            },
        ),
        bad("testo-in-mittente", "testo dentro la sezione Mittente", |d, _| {
            d.root
                .insert_after("Mittente/tiposoggetto", Node::Text("azienda".to_string()));
        }),
        bad(
            "radice-namespace-vacancy",
            "radice Messaggio nel namespace della vacancy",
            |d, _| {
                d.root
                    .attrs
                    .push(("xmlns".to_string(), Module::Vacancy.namespace().to_string()));
            },
        ),
    ]
}

// =====================================================================
// The corpus
// =====================================================================

/// A labelled corpus: for each module at least `min_per_module` documents
/// and at least two per schema violation; even-numbered documents of a
/// module are valid (plain, or every other one a boundary variant),
/// odd-numbered ones cycle through the violations. Modules are
/// interleaved. The same `seed` always gives the same documents.
pub fn corpus(seed: u64, min_per_module: usize) -> Vec<Doc> {
    let mut per_module: Vec<Vec<Doc>> = Vec::new();
    for (m, module) in Module::ALL.into_iter().enumerate() {
        let all = variants(module);
        let valid: Vec<Variant> = all
            .iter()
            .copied()
            .filter(|v| v.expect == Expect::Valid)
            .collect();
        let broken: Vec<Variant> = all
            .iter()
            .copied()
            .filter(|v| v.expect != Expect::Valid)
            .collect();
        let n = min_per_module.max(2 * broken.len());
        let mut docs = Vec::with_capacity(n);
        for k in 0..n {
            let variant = if k % 2 == 1 {
                broken[(k / 2) % broken.len()]
            } else if k % 4 == 2 {
                valid[(k / 4) % valid.len()]
            } else {
                PLAIN
            };
            let mut rng = Rng::derive(seed, ((m as u64) << 32) | k as u64);
            docs.push(make(module, variant, &mut rng));
        }
        per_module.push(docs);
    }
    let longest = per_module.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    for k in 0..longest {
        for docs in &mut per_module {
            if k < docs.len() {
                out.push(docs[k].clone());
            }
        }
    }
    out
}

/// One document of `module` changed by `variant`.
pub fn make(module: Module, variant: Variant, rng: &mut Rng) -> Doc {
    let mut draft = module.draft(rng);
    (variant.apply)(&mut draft, rng);
    Doc {
        module,
        variant: variant.slug,
        expect: variant.expect,
        xml: draft.render(),
        latin1: draft.latin1,
    }
}

// =====================================================================
// Business rules: schema-valid documents that break exactly one rule
// =====================================================================

fn rule(slug: &'static str, code: &'static str, apply: fn(&mut Draft, &mut Rng)) -> Variant {
    Variant {
        slug,
        expect: Expect::Rule(code),
        apply,
    }
}

fn warn(slug: &'static str, code: &'static str, apply: fn(&mut Draft, &mut Rng)) -> Variant {
    Variant {
        slug,
        expect: Expect::Warning(code),
        apply,
    }
}

/// The date at the start of an element's text (`YYYY-MM-DD...`).
fn day_at(root: &El, path: &str) -> Ymd {
    let text = root.text(path);
    Ymd::new(
        text[0..4].parse().expect("year"),
        text[5..7].parse().expect("month"),
        text[8..10].parse().expect("day"),
    )
}

/// The last character of a code, changed to another one of the same kind.
fn other_last(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    let last = chars.last_mut().expect("a code");
    *last = match *last {
        '9' => '0',
        'Z' => 'A',
        c if c.is_ascii_digit() || c.is_ascii_uppercase() => (c as u8 + 1) as char,
        _ => 'A',
    };
    chars.into_iter().collect()
}

const CV_SENT: &str = "DatiSistema/datainserimento";
const CV_CODE: &str = "DatiSistema/codicecandidatura";
const CV_EXPERIENCE: &str = "DatiCurriculari/EsperienzeLavorative";
const ASSIGNED_CV: &str = "0301526221000000000000042";
const ASSIGNED_VACANCY: &str = "0301526211000000000000042";

/// A birth date of the CV's worker, with the codice fiscale kept coherent
/// and the experiences removed (their dates would otherwise contradict it).
fn rebirth(d: &mut Draft, born: Ymd) {
    d.root.set_text(&format!("{DA}/datanascita"), born.iso());
    d.root.remove_all(CV_EXPERIENCE);
    refresh_cf(&mut d.root);
}

/// The first experience given explicit dates.
fn experience_dates(d: &mut Draft, start: Ymd, end: Ymd) {
    if !d.root.has(CV_EXPERIENCE) {
        let order = order::of(Module::Candidatura, "DatiCurriculari").expect("order");
        let mut el = El::new("EsperienzeLavorative");
        el.add("nomedatore", "Esempio S.r.l.");
        d.root.insert_ordered("DatiCurriculari", order, el);
    }
    d.put(&format!("{CV_EXPERIENCE}/datainizio"), start.iso());
    d.put(&format!("{CV_EXPERIENCE}/datafine"), end.iso());
}

fn closure(d: &mut Draft) {
    d.put("DatiSistema/tipocandidatura", "02");
}

/// A message turned into a contact (03), its own code's type digit too.
fn as_contact(d: &mut Draft) {
    d.put("DatiSistema/tipocomunicazione", "03");
    let code = d.root.text("DatiSistema/codicemessaggio");
    d.put(
        "DatiSistema/codicemessaggio",
        format!("{}3{}", &code[..9], &code[10..]),
    );
    d.root.remove_all("DatiSistema/codicemessaggioprecedente");
    d.root.remove_all("Corpo/contattopositivo");
}

fn rule_variants(module: Module) -> Vec<Variant> {
    match module {
        Module::Candidatura => vec![
            rule("regola-cf-carattere-controllo", "CL0201", |d, _| {
                let cf = d.root.text(&format!("{DA}/codicefiscale"));
                d.put(&format!("{DA}/codicefiscale"), other_last(&cf));
            }),
            rule("regola-cf-provvisorio-errato", "CL0202", |d, rng| {
                let code = other_last(&partita_iva(rng, "015"));
                d.put(&format!("{DA}/codicefiscale"), code);
            }),
            rule("regola-cf-intermediario-con-prefisso", "CL0203", |d, rng| {
                d.put(
                    "DatiSistema/codicefiscaleintermediario",
                    format!("IT{}", partita_iva(rng, "015")),
                );
            }),
            warn("avviso-cf-sesso-diverso", "CL0204", |d, _| {
                let sex = d.root.text(&format!("{DA}/sesso"));
                d.put(&format!("{DA}/sesso"), if sex == "F" { "M" } else { "F" });
            }),
            rule("regola-intermediario-tipo-errato", "CL0210", |d, _| {
                d.put("DatiSistema/idintermediario", "F205X000042");
            }),
            rule("regola-intermediario-sede-inesistente", "CL0211", |d, _| {
                d.put("DatiSistema/idintermediario", "Y999U000042");
            }),
            rule(
                "regola-nascita-in-comune-non-ancora-istituito",
                "CL0302",
                |d, _| {
                    d.put(&format!("{DA}/idcomune"), "M439");
                    refresh_cf(&mut d.root);
                },
            ),
            rule("regola-domicilio-in-comune-cessato", "CL0303", |d, _| {
                d.put("Lavoratore/Domicilio/idcomune", "A002");
            }),
            rule("regola-domicilio-estero", "CL0304", |d, _| {
                d.put("Lavoratore/Domicilio/idcomune", "Z404");
            }),
            rule("regola-comune-inesistente", "CL0305", |d, _| {
                d.put("DatiSistema/idcomune", "Y999");
            }),
            warn("avviso-scadenza-61-giorni", "CL0401", |d, _| {
                let sent = day_at(&d.root, CV_SENT);
                d.put("DatiSistema/datascadenza", sent.add_days(61).iso());
            }),
            warn("avviso-scadenza-assente", "CL0402", |d, _| {
                d.root.remove_all("DatiSistema/datascadenza");
            }),
            rule("regola-scadenza-prima-dell-invio", "CL0403", |d, _| {
                let sent = day_at(&d.root, CV_SENT);
                d.put("DatiSistema/datascadenza", sent.add_days(-1).iso());
            }),
            rule("regola-esperienza-inizio-dopo-fine", "CL0404", |d, _| {
                let sent = day_at(&d.root, CV_SENT);
                experience_dates(d, sent.add_days(-400), sent.add_days(-500));
            }),
            rule("regola-nascita-dopo-invio", "CL0405", |d, _| {
                let sent = day_at(&d.root, CV_SENT);
                rebirth(d, sent.add_days(30));
            }),
            warn("avviso-eta-14-anni", "CL0406", |d, _| {
                let sent = day_at(&d.root, CV_SENT);
                let day = if sent.m == 2 && sent.d == 29 { 28 } else { sent.d };
                rebirth(d, Ymd::new(sent.y - 14, sent.m, day));
            }),
            rule("regola-esperienza-prima-della-nascita", "CL0407", |d, _| {
                let born = day_at(&d.root, &format!("{DA}/datanascita"));
                experience_dates(d, born.add_days(-1), born.add_days(10));
            }),
            warn("avviso-esperienza-dopo-invio", "CL0408", |d, _| {
                let sent = day_at(&d.root, CV_SENT);
                experience_dates(d, sent.add_days(5), sent.add_days(200));
            }),
            rule("regola-chiusura-senza-precedente", "CL0501", |d, _| {
                closure(d);
                d.put("DatiSistema/motivochiusura", "01");
            }),
            rule("regola-chiusura-senza-motivo", "CL0502", |d, _| {
                closure(d);
                d.put("DatiSistema/codicecandidaturaprecedente", ASSIGNED_CV);
            }),
            warn("avviso-motivo-su-invio", "CL0503", |d, _| {
                d.put("DatiSistema/motivochiusura", "01");
            }),
            rule("regola-precedente-di-una-vacancy", "CL0505", |d, _| {
                closure(d);
                d.put("DatiSistema/motivochiusura", "01");
                d.put("DatiSistema/codicecandidaturaprecedente", ASSIGNED_VACANCY);
            }),
            rule("regola-codice-in-invio-massivo", "CL0506", |d, _| {
                d.put(CV_CODE, ASSIGNED_CV);
            }),
        ],
        Module::Vacancy => vec![
            rule("regola-ateco-inesistente", "CL0301", |d, _| {
                d.put("DatoreLavoro/DatiAnagrafici/settore", "62.01.99");
            }),
            rule("regola-sede-di-lavoro-cessata", "CL0303", |d, _| {
                d.put("Richiesta/CondizioniOfferte/idcomune", "A002");
            }),
            rule("regola-partita-iva-errata", "CL0202", |d, rng| {
                let code = other_last(&partita_iva(rng, "058"));
                d.put("DatoreLavoro/DatiAnagrafici/codicefiscale", code);
            }),
            warn("avviso-scadenza-61-giorni", "CL0401", |d, _| {
                let sent = day_at(&d.root, "Richiesta/DurataRichiesta/datapubblicazione");
                d.put("Richiesta/DurataRichiesta/datascadenza", sent.add_days(61).iso());
            }),
            rule("regola-chiusura-senza-motivo", "CL0502", |d, _| {
                d.put("DatiSistema/tipoofferta", "02");
                d.put("DatiSistema/codiceoffertaprecedente", ASSIGNED_VACANCY);
            }),
        ],
        Module::Messaggio => vec![
            rule("regola-mittente-incompleto", "CL0601", |d, _| {
                let kind = d.root.text("Mittente/tiposoggetto");
                let field = if kind == "2" {
                    "codiceoffertacandidatura"
                } else {
                    "email"
                };
                d.root.remove_all(&format!("Mittente/Interlocutore/{field}"));
            }),
            rule("regola-contatto-senza-riferimento", "CL0602", |d, _| {
                as_contact(d);
                d.root
                    .remove_all("Destinatario/Interlocutore/codiceoffertacandidatura");
            }),
            rule("regola-risposta-senza-precedente", "CL0603", |d, _| {
                d.put("DatiSistema/tipocomunicazione", "04");
                let code = d.root.text("DatiSistema/codicemessaggio");
                d.put(
                    "DatiSistema/codicemessaggio",
                    format!("{}4{}", &code[..9], &code[10..]),
                );
                d.root.remove_all("DatiSistema/codicemessaggioprecedente");
            }),
            warn("avviso-contatto-con-precedente", "CL0604", |d, _| {
                as_contact(d);
                let code = d.root.text("DatiSistema/codicemessaggio");
                d.put("DatiSistema/codicemessaggioprecedente", other_last(&code));
            }),
            rule("regola-destinatario-anonimo", "CL0605", |d, _| {
                as_contact(d);
                d.root.remove_all("Destinatario/Interlocutore/codicefiscale");
                d.root
                    .remove_all("Destinatario/Interlocutore/codiceintermediario");
            }),
            rule("regola-codice-messaggio-a-zeri", "CL0507", |d, _| {
                d.put("DatiSistema/codicemessaggio", "0".repeat(25));
            }),
            warn("avviso-regione-sconosciuta", "CL0508", |d, _| {
                let code = d.root.text("DatiSistema/codicemessaggio");
                d.put("DatiSistema/codicemessaggio", format!("99000{}", &code[5..]));
            }),
            rule("regola-riferimento-di-un-messaggio", "CL0505", |d, _| {
                let path = "Destinatario/Interlocutore/codiceoffertacandidatura";
                let code = d.root.text(path);
                d.put(path, format!("{}3{}", &code[..8], &code[9..]));
            }),
        ],
    }
}
