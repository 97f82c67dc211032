//! `clic close`: closure (tipo 02) communications for sent CVs and vacancies.
//!
//! Two passes, and nothing is written unless both pass:
//! 1. The inputs are checked as `clic verify` checks them (with the user's
//!    `--modalita`). Every file must be OK, be a Candidatura or Vacancy sent
//!    with tipo 01, and have a known code to close (its own, or from
//!    `--codici`); otherwise the file gets a CL07xx error.
//! 2. The closures are made by editing each file's original bytes
//!    ([`crate::chiusura`]), written to a temporary archive beside `--out`,
//!    and that archive is checked by the same engine, exactly as
//!    `clic verify ARCHIVE` would (`--modalita massiva`, or `cooperazione`
//!    when `--contatore` gave the closures their own codes). Only if every
//!    closure is OK is the archive renamed into place, after the CSV summary.
//!
//! Closure entries keep the source's name with `chiusura-` before the file
//! name (`scuola/cv1.xml` -> `scuola/chiusura-cv1.xml`; a file given on the
//! command line keeps only its file name); a clash gets `-2`, `-3`...

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{EXIT_KO, EXIT_OK, colour_wanted, context, emit, emit_with, open_inputs, pool, progress};
use crate::chiusura::{
    CODICE_CHIUSO_DUE_VOLTE, CODICE_DA_CHIUDERE_ERRATO, CODICE_DA_CHIUDERE_IGNOTO, CODICI_IN_DISACCORDO,
    NON_CHIUDIBILE,
};
use crate::chiusura::{Plan, PlanError};
use crate::cli::CloseArgs;
use crate::codice::{self, ModalitaInvio, Tipo};
use crate::diagnostic::{self, Diagnostic, Position};
use crate::engine::{self, Checked, Outcome};
use crate::error::Fatal;
use crate::i18n::Lang;
use crate::input::{Input, InputKind, diagnostics};
use crate::module::Module;
use crate::report::codegen::{self as render, Closed};
use crate::report::{self, CloseFormat, Options};
use crate::rules::Modalita;
use crate::tabelle::{Tabelle, Table};

pub fn run(args: CloseArgs, lang: Lang) -> Result<u8, Fatal> {
    let csv_path = summary_path(&args.out)?;
    let mut ctx = context(&args.check, lang)?;
    let motivo = check_motivo(&args.motivo, ctx.rules.tables.get("motivi_chiusura"))?;
    let generator = generator(&args, &ctx.rules.tables, lang)?;
    let mapping = match &args.codici {
        Some(path) => Some(Mapping::read(path)?),
        None => None,
    };
    let inputs = open_inputs(&args.inputs, &ctx.limits)?;
    let workers = pool(args.check.jobs)?;

    // Pass 1: check the inputs and plan each closure.
    let plan_ctx = PlanContext::new(&inputs, mapping.as_ref(), &motivo);
    let total = inputs.iter().map(|i| i.entries.len()).sum();
    let bar = progress(total, true);
    let (mut outcome, prepared) = workers.install(|| {
        engine::run_keeping(
            &inputs,
            &ctx,
            engine::Keep {
                bytes: true,
                sha256: false,
            },
            |checked| plan_ctx.prepare(checked),
            &|| bar.inc(1),
        )
    });
    bar.finish_and_clear();
    let mut used = HashSet::new();
    let mut closers: HashMap<&str, &str> = HashMap::new();
    for (file, p) in outcome.files.iter_mut().zip(&prepared) {
        file.diagnostics.extend(p.diagnostics.iter().cloned());
        if let Some(ready) = &p.ready {
            match closers.get(ready.closed.as_str()) {
                Some(first) => file.diagnostics.push(
                    Diagnostic::new(&CODICE_CHIUSO_DUE_VOLTE)
                        .at(ready.code_at.0)
                        .path(ready.code_at.1.clone())
                        .arg("valore", &ready.closed)
                        .arg("altro", first),
                ),
                None => {
                    closers.insert(&ready.closed, &p.name);
                }
            }
        }
        diagnostic::sort(&mut file.diagnostics);
        used.extend(p.key.iter().cloned());
    }
    refresh_verdicts(&mut outcome);
    if let (Some(mapping), Some(path)) = (&mapping, &args.codici) {
        let unused: Vec<String> = mapping.keys().filter(|k| !used.contains(*k)).cloned().collect();
        if !unused.is_empty() {
            eprintln!(
                "{}",
                render::unused_codes_note(&path.display().to_string(), &unused, lang)
            );
        }
    }
    let out_name = args.out.display().to_string();
    let csv_name = csv_path.display().to_string();
    if !outcome.all_ok() {
        finish(&outcome, &args, lang, &out_name, &csv_name, &[], false)?;
        return Ok(EXIT_KO);
    }

    // Own codes of the closures: 25 zeros, or from the counter.
    let ready: Vec<(usize, &Ready)> = prepared
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.ready.as_ref().map(|r| (i, r)))
        .collect();
    let own_codes = match &generator {
        None => vec![codice::ZEROS.to_string(); ready.len()],
        Some(generator) => generator.codes(ready.iter().map(|(_, r)| r.module))?,
    };

    // Pass 2: write the closures to a temporary archive and check it.
    let mut names = EntryNames::default();
    let mut closed = Vec::with_capacity(ready.len());
    let mut documents = Vec::with_capacity(ready.len());
    for ((index, r), own) in ready.iter().zip(own_codes) {
        let file = &outcome.files[*index];
        let input = &inputs[file.input];
        let entry = names.closure_name(input, &file.name);
        let bytes = r
            .plan
            .apply(&r.bytes, &own)
            .map_err(|e| internal(&file.name, &e))?;
        closed.push(Closed {
            input: input.path.clone(),
            file: file.name.clone(),
            closed_code: r.closed.clone(),
            entry: entry.clone(),
            own_code: own,
        });
        documents.push((entry, bytes));
    }
    let temp = crate::fsutil::temp_path(&args.out);
    let written = write_zip(&temp, &documents).and_then(|()| {
        let temp_text = temp.to_str().ok_or_else(|| Fatal::Write {
            path: temp.display().to_string(),
            reason: "not a UTF-8 path".into(),
        })?;
        Input::open(temp_text, &ctx.limits).map_err(Fatal::from)
    });
    let archive = match written {
        Ok(archive) => archive,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    ctx.rules.modalita = if generator.is_some() {
        Modalita::Cooperazione
    } else {
        Modalita::Massiva
    };
    let bar = progress(documents.len(), true);
    let (mut verified, _) =
        workers.install(|| engine::run(std::slice::from_ref(&archive), &ctx, |_| (), &|| bar.inc(1)));
    bar.finish_and_clear();
    drop(archive);
    if let Some(input) = verified.inputs.first_mut() {
        input.path = out_name.clone();
    }
    carry_warnings(&mut verified, &ready, &closed, &prepared);
    if !verified.all_ok() {
        let _ = std::fs::remove_file(&temp);
        finish(&verified, &args, lang, &out_name, &csv_name, &closed, false)?;
        return Ok(EXIT_KO);
    }
    let committed = render::summary_csv(&closed)
        .map_err(|e| std::io::Error::other(e.to_string()))
        .and_then(|csv| crate::fsutil::write_atomic(&csv_path, &csv))
        .map_err(|e| Fatal::Write {
            path: csv_name.clone(),
            reason: e.to_string(),
        })
        .and_then(|()| {
            std::fs::rename(&temp, &args.out)
                .and_then(|()| crate::fsutil::sync_dir(crate::fsutil::parent_dir(&args.out)))
                .map_err(|e| Fatal::Write {
                    path: out_name.clone(),
                    reason: e.to_string(),
                })
        });
    if let Err(e) = committed {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    finish(&verified, &args, lang, &out_name, &csv_name, &closed, true)?;
    Ok(EXIT_OK)
}

/// Prints the report: the checks of pass 1 or 2, and what was written.
fn finish(
    outcome: &Outcome,
    args: &CloseArgs,
    lang: Lang,
    archive: &str,
    csv: &str,
    closed: &[Closed],
    written: bool,
) -> Result<(), Fatal> {
    // Every closure is listed, as the archive's contents.
    let options = Options {
        lang,
        colour: colour_wanted(None),
        quiet: false,
        verbose: true,
    };
    let listed = if written { closed } else { &[] };
    let trailer = render::close_trailer(archive, csv, listed, written, lang);
    match args.format {
        CloseFormat::Text => emit(
            &format!("{}{trailer}", report::text::render(outcome, &options)),
            None,
        ),
        CloseFormat::Json => {
            let what = render::CloseWritten {
                archive,
                csv_path: csv,
                closed: listed,
                written,
            };
            emit_with(None, |out| render::close_json(outcome, lang, &what, out))
        }
        CloseFormat::Junit => {
            eprint!("{trailer}");
            emit_with(None, |out| report::junit::write(outcome, lang, out))
        }
    }
}

/// Warnings of pass 1 about a source (e.g. CL0704) go with its closure in
/// the report of pass 2, without a position: the lines have moved.
fn carry_warnings(
    verified: &mut Outcome,
    ready: &[(usize, &Ready)],
    closed: &[Closed],
    prepared: &[Prepared],
) {
    let by_entry: HashMap<String, usize> = verified
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.clone(), i))
        .collect();
    for ((index, _), c) in ready.iter().zip(closed) {
        let Some(&at) = by_entry.get(c.entry.as_str()) else {
            continue;
        };
        let carried = prepared[*index]
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .cloned();
        let file = &mut verified.files[at];
        file.diagnostics.extend(carried.map(|d| d.at(None)));
        diagnostic::sort(&mut file.diagnostics);
    }
}

/// After diagnostics were added to files, the inputs' verdicts follow.
fn refresh_verdicts(outcome: &mut Outcome) {
    for index in 0..outcome.inputs.len() {
        let range = outcome.inputs[index].files.clone();
        let files_ok = outcome.files[range].iter().all(|f| f.is_ok());
        let input = &mut outcome.inputs[index];
        input.ok = files_ok && !input.diagnostics.iter().any(Diagnostic::is_error);
    }
}

fn internal(name: &str, error: &PlanError) -> Fatal {
    Fatal::Other {
        it: format!("errore interno nel costruire la chiusura di «{name}»: {error:?}"),
        en: format!("internal error building the closure of `{name}`: {error:?}"),
    }
}

/// `ARCHIVE.zip` -> `ARCHIVE.csv`.
fn summary_path(out: &Path) -> Result<PathBuf, Fatal> {
    if out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) || out.file_name().is_none() {
        return Err(Fatal::Usage {
            it: format!(
                "--out «{}» deve essere il nome di un archivio .zip",
                out.display()
            ),
            en: format!("--out `{}` must be the name of a .zip archive", out.display()),
        });
    }
    Ok(out.with_extension("csv"))
}

/// Writes the closures as a Deflate .zip, flushed to disk.
fn write_zip(path: &Path, documents: &[(String, Vec<u8>)]) -> Result<(), Fatal> {
    let fail = |e: &dyn std::fmt::Display| Fatal::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let file = std::fs::File::create(path).map_err(|e| fail(&e))?;
    let mut writer = zip::ZipWriter::new(file);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in documents {
        writer.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        writer.write_all(bytes).map_err(|e| fail(&e))?;
    }
    let file = writer.finish().map_err(|e| fail(&e))?;
    file.sync_all().map_err(|e| fail(&e))
}

/// `--motivo`: its shape (the schema allows at most 2 characters; codes
/// are letters or digits), and membership when a `motivi_chiusura` table
/// is loaded with `--tabelle`.
fn check_motivo(motivo: &str, table: Option<&Table>) -> Result<String, Fatal> {
    let motivo = motivo.trim();
    let shape =
        (1..=2).contains(&motivo.chars().count()) && motivo.chars().all(|c| c.is_ascii_alphanumeric());
    if !shape {
        return Err(Fatal::Usage {
            it: format!(
                "--motivo «{motivo}» non è un codice della tabella Motivi chiusura (1 o 2 lettere o cifre, come vuole lo schema)"
            ),
            en: format!(
                "--motivo `{motivo}` is not a code of the Motivi chiusura table (1 or 2 letters or digits, as the schema requires)"
            ),
        });
    }
    if let Some(table) = table
        && !table.contains(motivo)
    {
        return Err(Fatal::Usage {
            it: format!("--motivo «{motivo}» non è nella tabella motivi_chiusura caricata con --tabelle"),
            en: format!("--motivo `{motivo}` is not in the motivi_chiusura table loaded with --tabelle"),
        });
    }
    Ok(motivo.to_string())
}

/// Where the closures' own codes come from with `--contatore`.
struct Generator {
    path: PathBuf,
    regione: String,
    provincia: String,
    anno: u8,
    modalita: ModalitaInvio,
}

fn generator(args: &CloseArgs, tables: &Tabelle, lang: Lang) -> Result<Option<Generator>, Fatal> {
    let Some(path) = &args.contatore else {
        if args.regione.is_some() || args.provincia.is_some() {
            return Err(Fatal::Usage {
                it: "--regione e --provincia servono solo con --contatore".into(),
                en: "--regione and --provincia are only used with --contatore".into(),
            });
        }
        return Ok(None);
    };
    let (Some(regione), Some(provincia)) = (&args.regione, &args.provincia) else {
        return Err(Fatal::Usage {
            it: "con --contatore servono --regione e --provincia del codice delle chiusure".into(),
            en: "--contatore needs --regione and --provincia for the closures' codes".into(),
        });
    };
    super::codegen::check_place(regione, provincia, tables, lang)?;
    Ok(Some(Generator {
        path: path.clone(),
        regione: regione.clone(),
        provincia: provincia.clone(),
        anno: super::codegen::year(None)?,
        modalita: super::codegen::modalita(args.modalita_codice),
    }))
}

impl Generator {
    /// One closure code per module given, in order, reserved in one
    /// locked update of the counter.
    fn codes(&self, modules: impl Iterator<Item = Module>) -> Result<Vec<String>, Fatal> {
        let modules: Vec<Module> = modules.collect();
        let prefix = |m: Module| {
            codice::prefix(
                &self.regione,
                &self.provincia,
                self.anno,
                self.modalita,
                m,
                Tipo::Chiusura,
            )
        };
        let mut requests: Vec<(String, u64)> = Vec::new();
        for module in [Module::Candidatura, Module::Vacancy] {
            let count = modules.iter().filter(|m| **m == module).count() as u64;
            if count > 0 {
                requests.push((prefix(module), count));
            }
        }
        if requests.is_empty() {
            return Ok(Vec::new());
        }
        let firsts = super::codegen::reserve(&self.path, &requests)?;
        let mut next: HashMap<String, u64> = requests.iter().map(|(p, _)| p.clone()).zip(firsts).collect();
        Ok(modules
            .into_iter()
            .map(|m| {
                let p = prefix(m);
                let n = next.get_mut(&p).map_or(0, |n| {
                    *n += 1;
                    *n - 1
                });
                format!("{p}{n:015}")
            })
            .collect())
    }
}

/// `--codici FILE.csv`: file -> code assigned on receipt.
struct Mapping {
    path: String,
    codes: HashMap<String, String>,
}

impl Mapping {
    fn read(path: &Path) -> Result<Mapping, Fatal> {
        let shown = path.display().to_string();
        let bad = |it: String, en: String| Fatal::Usage {
            it: format!("--codici «{shown}»: {it}"),
            en: format!("--codici `{shown}`: {en}"),
        };
        let bytes = std::fs::read(path).map_err(|e| {
            Fatal::Open(crate::input::OpenError {
                path: shown.clone(),
                reason: e,
            })
        })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
        let headers = reader
            .headers()
            .map_err(|e| {
                bad(
                    format!("non è un CSV leggibile ({e})"),
                    format!("not a readable CSV ({e})"),
                )
            })?
            .clone();
        let header: Vec<String> = headers.iter().map(str::to_ascii_lowercase).collect();
        if header != ["file", "codice"] {
            return Err(bad(
                "l'intestazione deve essere «file,codice»".into(),
                "the header must be `file,codice`".into(),
            ));
        }
        let mut codes: HashMap<String, String> = HashMap::new();
        for (number, record) in reader.records().enumerate() {
            let line = number + 2;
            let record = record.map_err(|e| bad(format!("riga {line}: {e}"), format!("line {line}: {e}")))?;
            let (file, code) = (
                record.get(0).unwrap_or_default(),
                record.get(1).unwrap_or_default(),
            );
            if file.is_empty() {
                return Err(bad(
                    format!("riga {line}: manca il nome del file"),
                    format!("line {line}: the file name is missing"),
                ));
            }
            if let Some(previous) = codes.insert(file.to_string(), code.to_string())
                && previous != code
            {
                return Err(bad(
                    format!("riga {line}: «{file}» ha già il codice {previous}"),
                    format!("line {line}: `{file}` already has the code {previous}"),
                ));
            }
        }
        Ok(Mapping { path: shown, codes })
    }

    fn keys(&self) -> impl Iterator<Item = &String> {
        self.codes.keys()
    }
}

/// What `--codici` says about one file.
enum Lookup<'a> {
    NoMapping,
    Found {
        key: String,
        code: &'a str,
    },
    Missing,
    /// Only the bare name is listed, and several inputs hold that name.
    Ambiguous,
}

/// What the workers share while planning closures.
struct PlanContext<'a> {
    inputs: &'a [Input],
    mapping: Option<&'a Mapping>,
    motivo: &'a str,
    /// How many inputs hold each entry name.
    name_count: HashMap<&'a str, usize>,
}

/// One file after pass 1.
#[derive(Default)]
struct Prepared {
    /// CL07xx findings to add to the file.
    diagnostics: Vec<Diagnostic>,
    /// The `--codici` key used for this file.
    key: Option<String>,
    /// The file's name, as `verify` reports it.
    name: String,
    ready: Option<Ready>,
}

struct Ready {
    plan: Plan,
    bytes: Vec<u8>,
    module: Module,
    closed: String,
    /// Where the own code element is, for findings about the closed code.
    code_at: (Option<Position>, String),
}

impl<'a> PlanContext<'a> {
    fn new(inputs: &'a [Input], mapping: Option<&'a Mapping>, motivo: &'a str) -> Self {
        let mut name_count: HashMap<&str, usize> = HashMap::new();
        for input in inputs {
            let mut seen = HashSet::new();
            for entry in &input.entries {
                if seen.insert(entry.name.as_str()) {
                    *name_count.entry(entry.name.as_str()).or_default() += 1;
                }
            }
        }
        PlanContext {
            inputs,
            mapping,
            motivo,
            name_count,
        }
    }

    fn lookup(&self, input: &Input, name: &str) -> Lookup<'a> {
        let Some(mapping) = self.mapping else {
            return Lookup::NoMapping;
        };
        if input.is_container() {
            let qualified = format!("{}/{name}", input.path.trim_end_matches('/'));
            if let Some(code) = mapping.codes.get(&qualified) {
                return Lookup::Found { key: qualified, code };
            }
        }
        match mapping.codes.get(name) {
            Some(_) if self.name_count.get(name).copied().unwrap_or(0) > 1 => Lookup::Ambiguous,
            Some(code) => Lookup::Found {
                key: name.to_string(),
                code,
            },
            None => Lookup::Missing,
        }
    }

    /// Pass 1 for one file, in the worker that checked it.
    fn prepare(&self, checked: Checked<'_>) -> Prepared {
        let result = checked.result;
        let mut out = Prepared {
            name: result.name.clone(),
            ..Prepared::default()
        };
        let (Some(parsed), Some(module), true) = (checked.parsed, result.module, result.is_ok()) else {
            return out;
        };
        let root = parsed.root;
        if module == Module::Messaggio {
            out.diagnostics.push(
                Diagnostic::new(&NON_CHIUDIBILE)
                    .at(parsed.position(root))
                    .path(parsed.path_of(root))
                    .arg_text("motivo", "è un messaggio", "it is a message"),
            );
            return out;
        }
        let names = module.code_elements();
        let (Some(tipo_node), Some(code_node)) =
            (parsed.find(root, names.tipo), parsed.find(root, names.codice))
        else {
            return out;
        };
        let at = |rule, node| {
            Diagnostic::new(rule)
                .at(parsed.position(node))
                .path(parsed.path_of(node))
                .arg("campo", parsed.name(node))
        };
        if Tipo::from_element(&parsed.text_of(tipo_node)) != Some(Tipo::Invio) {
            out.diagnostics.push(at(&NON_CHIUDIBILE, tipo_node).arg_text(
                "motivo",
                "è già una chiusura (tipo 02)",
                "it is already a closure (tipo 02)",
            ));
            return out;
        }
        let own = parsed.trimmed_text(code_node).into_owned();
        let input = &self.inputs[result.input];
        let csv = self.mapping.map(|m| m.path.as_str()).unwrap_or_default();
        let lookup = self.lookup(input, &result.name);
        let closed = if !codice::is_zeros(&own) {
            if let Lookup::Found { key, code } = &lookup {
                out.key = Some(key.clone());
                if *code != own {
                    out.diagnostics.push(
                        at(&CODICI_IN_DISACCORDO, code_node)
                            .arg("valore", &own)
                            .arg("altro", code),
                    );
                }
            }
            own
        } else {
            let missing =
                |it: String, en: String| at(&CODICE_DA_CHIUDERE_IGNOTO, code_node).arg_text("motivo", it, en);
            match lookup {
                Lookup::NoMapping => {
                    out.diagnostics.push(missing(
                        "non è stato indicato --codici con il codice assegnato".into(),
                        "no --codici file gives the assigned code".into(),
                    ));
                    return out;
                }
                Lookup::Missing => {
                    out.diagnostics.push(missing(
                        format!("«{}» non è in «{csv}»", result.name),
                        format!("`{}` is not in `{csv}`", result.name),
                    ));
                    return out;
                }
                Lookup::Ambiguous => {
                    out.diagnostics.push(missing(
                        format!(
                            "il nome «{}» è in più input: in «{csv}» scriverlo come {}/{}",
                            result.name, input.path, result.name
                        ),
                        format!(
                            "the name `{}` is in several inputs: write it in `{csv}` as {}/{}",
                            result.name, input.path, result.name
                        ),
                    ));
                    return out;
                }
                Lookup::Found { key, code } => {
                    out.key = Some(key);
                    if let Some((it, en)) = wrong_code(code, module) {
                        out.diagnostics.push(
                            at(&CODICE_DA_CHIUDERE_ERRATO, code_node)
                                .arg("valore", code)
                                .arg("modulo", module.key())
                                .arg_text("motivo", it, en),
                        );
                        return out;
                    }
                    code.to_string()
                }
            }
        };
        // The bytes the engine read and checked: the closure is spliced into
        // exactly those, never into a second read of the file.
        let Some(bytes) = checked.bytes.map(<[u8]>::to_vec) else {
            out.diagnostics
                .push(Diagnostic::new(&diagnostics::ERRORE_INTERNO).arg("dettaglio", "bytes not kept"));
            return out;
        };
        match Plan::new(&bytes, parsed, module, self.motivo, &closed) {
            Ok(plan) => {
                out.ready = Some(Ready {
                    plan,
                    bytes,
                    module,
                    closed,
                    code_at: (parsed.position(code_node), parsed.path_of(code_node)),
                })
            }
            Err(e) => out
                .diagnostics
                .push(Diagnostic::new(&diagnostics::ERRORE_INTERNO).arg("dettaglio", format!("{e:?}"))),
        }
        out
    }
}

/// Why `code` (from `--codici`) is not the code of a sent `module`.
fn wrong_code(code: &str, module: Module) -> Option<(String, String)> {
    if codice::is_zeros(code) {
        return Some((
            "25 zeri non sono un codice assegnato".into(),
            "25 zeros is not an assigned code".into(),
        ));
    }
    codice::parse_expected(code, &[module], Some(Tipo::Invio)).err()
}

/// Names of the closure entries, unique in the archive.
#[derive(Default)]
struct EntryNames {
    taken: HashSet<String>,
}

impl EntryNames {
    fn closure_name(&mut self, input: &Input, name: &str) -> String {
        let base = match input.kind {
            InputKind::File => Path::new(name)
                .file_name()
                .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned()),
            InputKind::Stdin if !input.is_container() => "stdin.xml".to_string(),
            _ => name.to_string(),
        };
        let (dir, file) = match base.rsplit_once('/') {
            Some((dir, file)) => (format!("{dir}/"), file.to_string()),
            None => (String::new(), base),
        };
        let (stem, extension) = match file.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
            _ => (file.clone(), String::new()),
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 { String::new() } else { format!("-{n}") };
            let candidate = format!("{dir}chiusura-{stem}{suffix}{extension}");
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motivo_has_the_schema_shape() {
        assert_eq!(check_motivo(" 01 ", None).unwrap(), "01");
        assert!(check_motivo("A", None).is_ok());
        for bad in ["", "123", "<", "è", "0 1"] {
            assert!(check_motivo(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn wrong_codes_say_why() {
        assert!(wrong_code("1205826221000000000000001", Module::Candidatura).is_none());
        assert!(wrong_code("1205826211000000000000001", Module::Candidatura).is_some());
        assert!(wrong_code("1205826222000000000000001", Module::Candidatura).is_some());
        assert!(wrong_code(codice::ZEROS, Module::Vacancy).is_some());
        assert!(wrong_code("12058", Module::Vacancy).is_some());
    }

    #[test]
    fn the_summary_sits_beside_the_archive() {
        assert_eq!(
            summary_path(Path::new("out/chiusure.zip")).unwrap(),
            PathBuf::from("out/chiusure.csv")
        );
        assert!(summary_path(Path::new("chiusure.csv")).is_err());
    }

    #[test]
    fn closure_entries_keep_the_source_name_and_never_clash() {
        let mut names = EntryNames::default();
        let folder = Input::open("fixtures/validi", &Default::default()).unwrap();
        assert_eq!(
            names.closure_name(&folder, "scuola/cv1.xml"),
            "scuola/chiusura-cv1.xml"
        );
        assert_eq!(
            names.closure_name(&folder, "scuola/cv1.xml"),
            "scuola/chiusura-cv1-2.xml"
        );
        assert_eq!(names.closure_name(&folder, "CV1.xml"), "chiusura-CV1.xml");
        assert_eq!(names.closure_name(&folder, "cv1.XML"), "chiusura-cv1-2.XML");
    }
}
