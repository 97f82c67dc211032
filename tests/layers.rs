//! The top-level modules depend on each other one way only: data flows
//! input → document → schema / tables / rules → diagnostics → report, and
//! `cmd/` wires them. This test reads `crate::` paths in `src/` (comments
//! and `#[cfg(test)]` modules left out) and fails on any cycle, naming it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module and the files it is made of.
fn modules(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" || name == "main" {
            continue;
        }
        let mut files = Vec::new();
        collect(&path, &mut files);
        if !files.is_empty() {
            modules.insert(name, files);
        }
    }
    modules
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            collect(&entry.unwrap().path(), files);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        files.push(path.to_path_buf());
    }
}

/// The source without comments and without the `#[cfg(test)]` module
/// that closes a file (tests may reach across layers).
fn production_code(text: &str) -> String {
    let text = match text
        .find("#[cfg(test)]\nmod ")
        .or_else(|| text.find("#[cfg(test)]\npub(crate) mod "))
    {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules named after `crate::` in `code`, including the
/// groups of `use crate::{a, b::c}`.
fn referenced(code: &str, known: &BTreeMap<String, Vec<PathBuf>>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let head = item.trim().split("::").next().unwrap_or("").trim();
                if known.contains_key(head) {
                    found.insert(head.to_string());
                }
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if known.contains_key(&head) {
                found.insert(head);
            }
        }
    }
    found
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        for w in &s.graph[v] {
            if !s.index.contains_key(w.as_str()) {
                visit(s, w);
                let low = s.low[w.as_str()].min(s.low[v]);
                s.low.insert(v, low);
            } else if s.stack.contains(&w.as_str()) {
                let low = s.index[w.as_str()].min(s.low[v]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

fn dependency_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    let mut graph = BTreeMap::new();
    for (name, files) in &modules {
        let mut deps = BTreeSet::new();
        for file in files {
            let code = production_code(&fs::read_to_string(file).unwrap());
            deps.extend(referenced(&code, &modules));
        }
        deps.remove(name);
        graph.insert(name.clone(), deps);
    }
    graph
}

#[test]
fn top_level_modules_have_no_dependency_cycle() {
    let graph = dependency_graph();
    let found = cycles(&graph);
    let mut explained = String::new();
    for component in &found {
        explained.push_str(&format!("\ncycle among {component:?}:"));
        for module in component {
            let inside: Vec<&String> = graph[module].iter().filter(|d| component.contains(d)).collect();
            explained.push_str(&format!("\n  {module} -> {inside:?}"));
        }
    }
    assert!(
        found.is_empty(),
        "dependency cycles between top-level modules:{explained}"
    );
}

#[test]
fn the_checker_sees_a_cycle_and_grouped_imports() {
    let known: BTreeMap<String, Vec<PathBuf>> = ["a", "b", "c"]
        .iter()
        .map(|m| (m.to_string(), Vec::new()))
        .collect();
    assert_eq!(
        referenced(
            "use crate::{a::X, b};\n// crate::c\nfn f() { crate::c::g() }",
            &known
        ),
        ["a", "b", "c"].iter().map(|m| m.to_string()).collect()
    );
    assert!(referenced(&production_code("// crate::a\n"), &known).is_empty());
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"])]
        .into_iter()
        .map(|(m, d)| (m.to_string(), d.into_iter().map(String::from).collect()))
        .collect();
    assert_eq!(
        cycles(&graph),
        vec![vec!["a".to_string(), "b".into(), "c".into()]]
    );
}
