//! Micro-measure (not a test): documents per second on one core for the
//! document + schema stage, the previous validator's (the test oracle of
//! tests/support/oracle/: oxml tree, module detection, `xmlschema`) against
//! the compiled validator's single streaming pass, with the bare quick-xml tokenizer as the floor. The documents are
//! those of the bench archive (`benches/verify.rs`: same generator, same
//! seed), made in memory; inflating is timed apart, on the bench archive
//! itself when `cargo bench --bench verify` has generated it.
//!
//! `cargo run --release --example validator_throughput`;
//! `CLIC_BENCH_DOCS` (default 20000) and `CLIC_BENCH_RUNS` (default 3).

#[path = "../tests/support/corpus.rs"]
mod corpus;
#[path = "../tests/support/oracle/mod.rs"]
mod oracle;

use std::time::{Duration, Instant};

use clic::input::encoding;
use clic::input::limits::Limits;
use clic::schema::compiled::CompiledSet;
use oracle::SchemaSet;
use oracle::legacy::{Parsed, detect_module};

struct Ignore;
impl clic::xml::Handler for Ignore {
    fn start(&mut self, _: &clic::xml::StartTag<'_>) {}
    fn text(&mut self, _: &str, _: usize) {}
    fn end(&mut self, _: usize) {}
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The bench archive's documents (benches/verify.rs `archive`).
fn documents(docs: usize) -> Vec<Vec<u8>> {
    let mut rng = corpus::Rng::new(0xB3AC_C11C ^ docs as u64);
    (1..=docs)
        .map(|_| {
            if rng.chance(70) {
                corpus::candidatura(&mut rng)
            } else {
                corpus::vacancy(&mut rng)
            }
            .into_bytes()
        })
        .collect()
}

/// The best of `runs` timings of `stage` over every document, and how
/// many documents it found valid.
fn best(runs: usize, docs: &[Vec<u8>], stage: impl Fn(&[u8]) -> bool) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut valid = 0;
    for _ in 0..runs {
        let started = Instant::now();
        valid = docs.iter().filter(|d| stage(d)).count();
        best = best.min(started.elapsed());
    }
    (best, valid)
}

fn main() {
    let count = env_usize("CLIC_BENCH_DOCS", 20_000);
    let runs = env_usize("CLIC_BENCH_RUNS", 3);
    let docs = documents(count);
    let bytes: usize = docs.iter().map(Vec::len).sum();
    println!(
        "{count} documents, {:.1} MiB, one core, best of {runs}",
        bytes as f64 / 1048576.0
    );

    let limits = Limits::default();
    let old = SchemaSet::builtin();
    let new = CompiledSet::builtin();

    // CLIC_MEASURE_ONLY=compiled times the compiled pass alone (for a profiler).
    let only = std::env::var("CLIC_MEASURE_ONLY").unwrap_or_default();
    let runs_of = |stage: &str| if only.is_empty() || only == stage { runs } else { 0 };
    let tokenizer = best(runs_of("floor"), &docs, |bytes| {
        let Ok(decoded) = encoding::decode(bytes.to_vec()) else {
            return false;
        };
        let mut reader = quick_xml::Reader::from_str(&decoded.text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    });
    let decode = best(runs_of("decode"), &docs, |bytes| {
        encoding::decode(bytes.to_vec()).is_ok()
    });
    let layer = best(runs_of("layer"), &docs, |bytes| {
        let Ok(decoded) = encoding::decode(bytes.to_vec()) else {
            return false;
        };
        clic::xml::parse(&decoded.text, &clic::xml::Options::default(), &mut Ignore).is_ok()
    });
    let today = best(runs_of("today"), &docs, |bytes| {
        let Ok(parsed) = Parsed::parse(bytes.to_vec(), &limits) else {
            return false;
        };
        let Ok(module) = detect_module(&parsed) else {
            return false;
        };
        let mut out = Vec::new();
        oracle::check::check(&parsed, module, &old.get(module).schema, &mut out);
        out.is_empty()
    });
    let compiled = best(runs_of("compiled"), &docs, |bytes| {
        let Ok(decoded) = encoding::decode(bytes.to_vec()) else {
            return false;
        };
        new.check(&decoded.text, limits.max_depth).diagnostics.is_empty()
    });
    // What verify does per document after reading it: the pass, then the
    // business rules on the element table it built (no second parse).
    let rules = clic::rules::RuleContext {
        tables: clic::tabelle::Tabelle::builtin(),
        modalita: clic::rules::Modalita::default(),
    };
    let with_rules = best(runs_of("rules"), &docs, |bytes| {
        let Ok(decoded) = encoding::decode(bytes.to_vec()) else {
            return false;
        };
        let outcome = new.check(&decoded.text, limits.max_depth);
        let (Some(module), Some(tree)) = (outcome.module, outcome.tree) else {
            return false;
        };
        let Some(parsed) = clic::document::Parsed::new(decoded.text, decoded.encoding, tree) else {
            return false;
        };
        let mut out = outcome.diagnostics;
        clic::rules::run(&parsed, module, &rules, &mut out);
        out.is_empty()
    });
    // Inflating: the bench archive of the same documents, when `cargo
    // bench` has made it, read entry by entry by the engine's reader.
    let archive = format!(
        "{}/target/bench/cv-vacancy-{count}.zip",
        env!("CARGO_MANIFEST_DIR")
    );
    if runs_of("inflate") > 0
        && let Ok(input) = clic::input::Input::open(&archive, &limits)
    {
        let mut best = Duration::MAX;
        let mut read = 0;
        for _ in 0..runs {
            let started = Instant::now();
            read = input
                .entries
                .iter()
                .filter(|entry| input.read(entry, &limits).is_ok())
                .count();
            best = best.min(started.elapsed());
        }
        println!(
            "  {:<36} {:>8.3} s  {:>9.0} docs/s  ({read} read)",
            "inflate (archive reader, zlib-rs)",
            best.as_secs_f64(),
            count as f64 / best.as_secs_f64()
        );
    }
    for (label, (time, valid)) in [
        ("decode (input layer)", decode),
        ("decode + quick-xml tokens (floor)", tokenizer),
        ("decode + conforming XML layer", layer),
        ("previous: oxml tree + xmlschema", today),
        ("compiled: one streaming pass", compiled),
        ("compiled pass + business rules", with_rules),
    ] {
        println!(
            "  {label:<36} {:>8.3} s  {:>9.0} docs/s  ({valid} valid)",
            time.as_secs_f64(),
            count as f64 / time.as_secs_f64()
        );
    }
    println!(
        "  speed-up of the compiled pass over the previous validator: {:.1}x",
        today.0.as_secs_f64() / compiled.0.as_secs_f64()
    );
}
