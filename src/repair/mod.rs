//! `clic fix` as a library: the repairs that have exactly one right form,
//! found from the checks' own diagnostics and spliced into the original
//! bytes, then the repaired file checked again.
//!
//! Nothing here decides whether a file is valid: the document pass and the
//! rules do, as for `verify`. A repair starts from one of their diagnostics
//! (its reason, position and path), and the schema's knowledge of the
//! field (type, enumeration, patterns, order of the children) says whether
//! one value, and only one, keeps what the author wrote and is accepted.
//! Each candidate value is checked with the schema's own value check
//! before it is used.
//!
//! A file is repaired in rounds: check, repair what the check found, check
//! again. A file whose encoding is fixed in one round can have its date
//! fixed in the next; the rounds stop when a round finds nothing to repair,
//! and after [`MAX_ROUNDS`] in any case, so a hostile file costs a bounded
//! number of checks.
//!
//! Files are never touched unless the check finds an error; a file with no
//! applicable repair is copied byte for byte.

mod edit;
mod encoding;
mod markup;
mod order;
pub mod output;
mod values;

use std::ops::Range;

use crate::across_files::{self, Keys};
use crate::checks::{self, Context, FileCheck};
use crate::chiusura::splice::Layout;
use crate::diagnostic::{Diagnostic, Position, declare_rules};
use crate::document::Parsed;
use crate::engine::{FileResult, Outcome};
use crate::input::Input;
use crate::input::encoding as input_encoding;

pub use output::{ArchiveFix, OutputError};

/// Rounds of check-and-repair at most for one file. A round normally
/// repairs everything of one stage (encoding, XML, values and order); the
/// extra rounds are for several bare `&` in different places and for
/// values a reordering revealed.
pub const MAX_ROUNDS: usize = 12;

declare_rules! {
    /// The verdict a repaired file had before `clic fix` (a note on every file it repaired or tried to).
    ///
    /// `clic fix` checks every file as `verify` does, repairs what has one
    /// right form, and checks the repaired file again with the same
    /// options. This note keeps the first verdict next to the new one, so
    /// that the report shows both.
    ///
    /// Fix: nothing to do; the repairs are listed next to this note.
    ESITO_PRIMA {
        code: "CL1000",
        name: "esito-prima-della-correzione",
        severity: Note,
        summary: ("Esito prima della correzione", "Verdict before repair"),
        message: ("Prima della correzione il file era {prima} (errori: {errori}); correzioni applicate: {correzioni}.", "Before repair the file was {prima} (errors: {errori}); repairs applied: {correzioni}."),
        spiegazione: "clic fix controlla ogni file come verify, corregge solo ciò che ha un'unica forma giusta e ricontrolla il file corretto con le stesse opzioni. Questa nota conserva l'esito di prima accanto a quello nuovo, così il resoconto mostra entrambi.\n\nCome correggere: non serve; le correzioni sono elencate accanto a questa nota.",
    }

    /// The file was re-encoded as UTF-8 (CL0020, CL0021, CL0023).
    ///
    /// The bytes were in one encoding and the file said another: bytes valid
    /// in windows-1252 in a file that declares UTF-8 (or declares nothing:
    /// Windows Notepad's "ANSI"), a UTF-16 byte-order mark on a file that
    /// declares UTF-8 (Notepad's "Unicode"), or a declaration that
    /// contradicts bytes that are valid UTF-8. The text is written again in
    /// UTF-8 with a declaration that says so; every character stays the
    /// same, and so do line endings. Only when the reading is certain: a
    /// file mixing UTF-8 and single-byte accents, or with a byte that is a
    /// different letter in windows-1252 and ISO-8859-15 (such as 0xA4, € or
    /// ¤), is left as it is.
    ///
    /// Fix: nothing to do. To avoid it, save the file as UTF-8.
    CODIFICA_CONVERTITA {
        code: "CL1001",
        name: "codifica-convertita",
        severity: Note,
        summary: ("Codifica convertita in UTF-8", "Encoding converted to UTF-8"),
        message: ("Codifica corretta: il file era «{prima}», ora è «{dopo}» con una dichiarazione coerente.", "Encoding repaired: the file was `{prima}`, it is now `{dopo}` with a matching declaration."),
        spiegazione: "I byte erano in una codifica e il file ne dichiarava un'altra: byte windows-1252 in un file che dichiara UTF-8 o nulla (l'\"ANSI\" del Blocco note di Windows), il BOM UTF-16 in un file che dichiara UTF-8 (il suo \"Unicode\"), oppure una dichiarazione che contraddice byte UTF-8 validi. Il testo viene riscritto in UTF-8 con una dichiarazione che lo dice; ogni carattere resta lo stesso, e così gli a capo. Solo quando la lettura è certa: un file che mescola UTF-8 e accenti a un byte, o con un byte che è una lettera diversa in windows-1252 e ISO-8859-15 (come 0xA4, € o ¤), resta com'è.\n\nCome correggere: non serve. Per evitarlo, salvare il file in UTF-8.",
    }

    /// White space or a stray byte-order mark before `<?xml` was removed.
    ///
    /// The XML declaration must be the very first thing in a file; blank
    /// lines or spaces before it (often added by a program that writes the
    /// file) make the file not well-formed. Only white space and byte-order
    /// marks are removed; any other text before the declaration is left.
    ///
    /// Fix: nothing to do.
    PRIMA_DELLA_DICHIARAZIONE {
        code: "CL1002",
        name: "spazi-prima-della-dichiarazione",
        severity: Note,
        summary: ("Spazi prima di <?xml tolti", "White space before <?xml removed"),
        message: ("Tolti {prima} caratteri di spazi o BOM prima della dichiarazione <?xml.", "Removed {prima} characters of white space or BOM before the <?xml declaration."),
        spiegazione: "La dichiarazione XML deve essere la prima cosa del file; righe vuote o spazi prima di essa (spesso aggiunti dal programma che scrive il file) rendono il file non ben formato. Vengono tolti solo spazi e BOM; qualunque altro testo prima della dichiarazione resta.\n\nCome correggere: non serve.",
    }

    /// A bare `&` that starts no reference was written as `&amp;`.
    ///
    /// In XML an `&` starts a reference (`&amp;`, `&#233;`); an `&` followed
    /// by anything else, as in «Rossi & Figli», makes the file not
    /// well-formed. Written as `&amp;` it reads as the `&` the author typed.
    /// An `&` that looks like a reference to an unknown entity
    /// (`&nbsp;`) is not changed: what it meant is not certain.
    ///
    /// Fix: nothing to do.
    E_COMMERCIALE {
        code: "CL1003",
        name: "e-commerciale-protetta",
        severity: Note,
        summary: ("& scritta come &amp;", "& written as &amp;"),
        message: ("Una «&» che non inizia un riferimento è stata scritta «&amp;»: «{prima}» → «{dopo}».", "An `&` that starts no reference was written `&amp;`: `{prima}` → `{dopo}`."),
        spiegazione: "In XML una & inizia un riferimento (&amp;, &#233;); una & seguita da altro, come in «Rossi & Figli», rende il file non ben formato. Scritta &amp; si legge come la & che l'autore ha digitato. Una & che sembra un riferimento a un'entità sconosciuta (&nbsp;) non viene cambiata: il suo significato non è certo.\n\nCome correggere: non serve.",
    }

    /// Spaces around a value whose format does not allow them were removed.
    ///
    /// A postcode, a code or a date has a fixed format, and a space before
    /// or after it (often copied from a spreadsheet) makes it wrong. The
    /// spaces are removed only when the value without them is accepted by
    /// the field's type; spaces inside the value are never touched.
    ///
    /// Fix: nothing to do.
    SPAZI_TOLTI {
        code: "CL1004",
        name: "spazi-tolti",
        severity: Note,
        summary: ("Spazi intorno al valore tolti", "Surrounding spaces removed"),
        message: ("Tolti gli spazi intorno al valore: «{prima}» → «{dopo}».", "Removed the spaces around the value: `{prima}` → `{dopo}`."),
        spiegazione: "Un CAP, un codice o una data hanno un formato fisso, e uno spazio prima o dopo (spesso copiato da un foglio di calcolo) li rende errati. Gli spazi vengono tolti solo quando il valore senza di essi è accettato dal tipo del campo; gli spazi all'interno del valore non vengono mai toccati.\n\nCome correggere: non serve.",
    }

    /// Upper and lower case corrected where one allowed value matches.
    ///
    /// Values from a list (SI/NO, M/F), codici fiscali, province and the
    /// codes the tables write in capitals are accepted only as written
    /// there. When exactly one allowed value, or one form in capitals, is
    /// the same apart from case, the value takes that form. The letters
    /// stay the same letters (a codice fiscale's check character included);
    /// a value with more than one possible match is left.
    ///
    /// Fix: nothing to do.
    MAIUSCOLE {
        code: "CL1005",
        name: "maiuscole-corrette",
        severity: Note,
        summary: ("Maiuscole e minuscole corrette", "Case corrected"),
        message: ("Corrette maiuscole e minuscole: «{prima}» → «{dopo}».", "Case corrected: `{prima}` → `{dopo}`."),
        spiegazione: "I valori da un elenco (SI/NO, M/F), i codici fiscali, le sigle e i codici che le tabelle scrivono in maiuscolo sono accettati solo come scritti lì. Quando un solo valore ammesso, o una sola forma in maiuscolo, è uguale a parte maiuscole e minuscole, il valore prende quella forma. Le lettere restano le stesse (compreso il carattere di controllo del codice fiscale); un valore con più corrispondenze possibili resta com'è.\n\nCome correggere: non serve.",
    }

    /// A date or date-time written the Italian way was written in ISO form.
    ///
    /// Date fields take `AAAA-MM-GG` (and date-times `AAAA-MM-GGThh:mm:ss`).
    /// A date typed `12/03/1990`, `12-03-1990`, `12.03.1990` or `1990/03/12`
    /// (day first, as Italian dates are, with a four-digit year) is written
    /// `1990-03-12`; `12/03/2026 09:30` in a date-time field becomes
    /// `2026-03-12T09:30:00`. Only in fields whose type is a date or a
    /// date-time, and only when the result is a real date; a two-digit
    /// year, a date without its time or a time without its date is left.
    ///
    /// Fix: nothing to do.
    DATA_ISO {
        code: "CL1006",
        name: "data-in-forma-iso",
        severity: Note,
        summary: ("Data scritta in forma ISO", "Date written in ISO form"),
        message: ("Data scritta nella forma richiesta: «{prima}» → «{dopo}».", "Date written in the required form: `{prima}` → `{dopo}`."),
        spiegazione: "I campi data vogliono AAAA-MM-GG (e quelli data e ora AAAA-MM-GGThh:mm:ss). Una data scritta 12/03/1990, 12-03-1990, 12.03.1990 o 1990/03/12 (prima il giorno, come nelle date italiane, con l'anno di quattro cifre) diventa 1990-03-12; 12/03/2026 09:30 in un campo data e ora diventa 2026-03-12T09:30:00. Solo nei campi il cui tipo è una data o una data e ora, e solo se il risultato è una data vera; un anno di due cifre, una data senza l'ora richiesta o un'ora senza data restano come sono.\n\nCome correggere: non serve.",
    }

    /// Children in the wrong order were put in the schema's order (CL0103).
    ///
    /// The schema fixes the order of the fields of each section. When
    /// every child of a section is one the schema allows there, and none is
    /// repeated more than allowed, the children are put in the schema's
    /// order, each one moving with its own comments and indentation;
    /// nothing is added or removed.
    ///
    /// Fix: nothing to do.
    ORDINE_RIPRISTINATO {
        code: "CL1007",
        name: "ordine-ripristinato",
        severity: Note,
        summary: ("Campi messi nell'ordine dello schema", "Fields put in the schema's order"),
        message: ("Campi di «{campo}» messi nell'ordine dello schema: «{prima}» → «{dopo}».", "Fields of `{campo}` put in the schema's order: `{prima}` → `{dopo}`."),
        spiegazione: "Lo schema fissa l'ordine dei campi di ogni sezione. Quando ogni figlio di una sezione è uno di quelli previsti lì, e nessuno è ripetuto più del consentito, i figli vengono messi nell'ordine dello schema, ognuno con i suoi commenti e il suo rientro; nulla viene aggiunto o tolto.\n\nCome correggere: non serve.",
    }

    /// A KO file for which no repair is certain: it is copied as it is.
    ///
    /// `clic fix` repairs only what has exactly one right form. It never
    /// invents a missing value, changes a check character, shortens a
    /// text, drops an element it does not know or maps one code to another:
    /// those problems stay, and the file stays KO, with its other repairs
    /// (if any) applied. An encoding that cannot be read with certainty is
    /// left too.
    ///
    /// Fix: correct the remaining problems by hand, as `clic verify`
    /// describes them (each code's `clic explain` says how).
    NESSUNA_CORREZIONE {
        code: "CL1099",
        name: "nessuna-correzione-certa",
        severity: Note,
        summary: ("Nessuna correzione certa", "No certain repair"),
        message: ("Nessuna correzione certa per i problemi rimasti: vanno corretti a mano.", "No certain repair for the remaining problems: they must be fixed by hand."),
        spiegazione: "clic fix corregge solo ciò che ha un'unica forma giusta. Non inventa un valore mancante, non cambia un carattere di controllo, non accorcia un testo, non toglie un elemento sconosciuto e non trasforma un codice in un altro: quei problemi restano, e il file resta KO, con le altre correzioni (se ce ne sono) applicate. Anche una codifica che non si può leggere con certezza resta com'è.\n\nCome correggere: correggere a mano i problemi rimasti, come li descrive clic verify (clic explain CODICE dice come).",
    }
}

/// The kinds of repair, one stable code each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Encoding,
    Prolog,
    Ampersand,
    Trim,
    Case,
    Date,
    Order,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Encoding,
        Kind::Prolog,
        Kind::Ampersand,
        Kind::Trim,
        Kind::Case,
        Kind::Date,
        Kind::Order,
    ];

    pub fn rule(self) -> &'static crate::diagnostic::Rule {
        match self {
            Kind::Encoding => &CODIFICA_CONVERTITA,
            Kind::Prolog => &PRIMA_DELLA_DICHIARAZIONE,
            Kind::Ampersand => &E_COMMERCIALE,
            Kind::Trim => &SPAZI_TOLTI,
            Kind::Case => &MAIUSCOLE,
            Kind::Date => &DATA_ISO,
            Kind::Order => &ORDINE_RIPRISTINATO,
        }
    }
}

/// One repair made to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub kind: Kind,
    /// Where, in the file as it was when this repair was made (the original
    /// file for the first round's repairs).
    pub position: Option<Position>,
    /// The element repaired, as verify's diagnostics name it.
    pub path: Option<String>,
    pub before: String,
    pub after: String,
}

impl Repair {
    /// The repair as a note of the report (its rule, where, before and after).
    pub fn diagnostic(&self) -> Diagnostic {
        let mut diagnostic = Diagnostic::new(self.kind.rule())
            .at(self.position)
            .arg("prima", &self.before)
            .arg("dopo", &self.after);
        if let Some(path) = &self.path {
            diagnostic = diagnostic.path(path.clone());
            if self.kind == Kind::Order {
                let section = path.rsplit('/').next().unwrap_or_default();
                diagnostic = diagnostic.arg("campo", section);
            }
        }
        diagnostic
    }
}

/// What `repair` made of one file.
pub struct Repaired {
    /// The new bytes; `None` when no repair applies (the file is copied as is).
    pub bytes: Option<Vec<u8>>,
    pub repairs: Vec<Repair>,
    /// The check of the new bytes, with the same context (only when repaired).
    pub after: Option<FileCheck>,
    /// Rounds that repaired something (at most [`MAX_ROUNDS`]: when it is
    /// reached, another run may find more).
    pub rounds: usize,
}

/// A file of a fix run: its new bytes and repairs (none for a file left
/// as it is), its check after repair, and its keys for the checks across
/// files as it will be written.
#[derive(Default)]
pub struct FileFix {
    pub bytes: Option<Vec<u8>>,
    pub repairs: Vec<Repair>,
    /// The check of the new bytes (without its document table).
    pub after: Option<FileCheck>,
    pub keys: Keys,
}

/// What one round found: the new bytes and what changed.
struct Step {
    bytes: Vec<u8>,
    repairs: Vec<Repair>,
}

/// Repairs one file. Call it on a file the checks found KO: on a valid
/// file no round finds anything, and the file is returned unchanged.
pub fn repair(original: &[u8], ctx: &Context) -> Repaired {
    let mut current: Option<Vec<u8>> = None;
    // The check of `current`, once made.
    let mut after: Option<FileCheck> = None;
    let mut repairs = Vec::new();
    let mut rounds = 0;
    for _ in 0..MAX_ROUNDS {
        let bytes = current.as_deref().unwrap_or(original);
        if current.is_some() {
            // A repaired file the checks find OK needs no other round (a
            // round finds nothing in an OK file), and this check is the
            // one the report gives: one check fewer per repaired file.
            let check = checks::check_bytes(bytes.to_vec(), ctx);
            let ok = !check.diagnostics.iter().any(Diagnostic::is_error);
            after = Some(check);
            if ok {
                break;
            }
        }
        let Some(step) = round(bytes, ctx) else { break };
        if step.repairs.is_empty() || step.bytes == bytes {
            break;
        }
        repairs.extend(step.repairs);
        current = Some(step.bytes);
        after = None;
        rounds += 1;
    }
    match current {
        Some(bytes) if bytes != original => {
            let after = after.unwrap_or_else(|| checks::check_bytes(bytes.clone(), ctx));
            Repaired {
                bytes: Some(bytes),
                repairs,
                after: Some(after),
                rounds,
            }
        }
        _ => Repaired {
            bytes: None,
            repairs: Vec::new(),
            after: None,
            rounds: 0,
        },
    }
}

/// One round: the checks' first stage that fails says what to look at.
fn round(bytes: &[u8], ctx: &Context) -> Option<Step> {
    if bytes.starts_with(crate::input::ZIP_MAGIC) {
        return None;
    }
    let decoded = match input_encoding::decode(bytes.to_vec()) {
        Ok(decoded) => decoded,
        Err(error) => return encoding::repair(bytes, &error),
    };
    let layout = Layout::of(bytes, decoded.encoding)?;
    let outcome = ctx.compiled.check(&decoded.text, ctx.limits.max_depth);
    let Some(tree) = outcome.tree else {
        return markup::repair(bytes, &decoded.text, layout, &outcome.diagnostics);
    };
    let module = outcome.module?;
    let parsed = Parsed::new(decoded.text, decoded.encoding, tree)?;
    if !outcome.diagnostics.iter().any(Diagnostic::is_error) {
        // Schema-valid: the rules' findings. Of those only a code written
        // in lower case has one right form (check characters, tables,
        // dates out of range have none that keeps the meaning).
        let mut diagnostics = Vec::new();
        crate::rules::run(&parsed, module, &ctx.rules, &mut diagnostics);
        return values::upper_case_codes(bytes, &parsed, layout, &diagnostics, ctx);
    }
    let schema = ctx.compiled.get(module);
    let mut edits = Vec::new();
    let mut repairs = Vec::new();
    order::find(&parsed, schema, &outcome.diagnostics, &mut edits, &mut repairs);
    let reordered: Vec<Range<usize>> = edits.iter().map(|e: &edit::TextEdit| e.range.clone()).collect();
    values::find(
        &parsed,
        schema,
        &outcome.fields,
        &outcome.diagnostics,
        &reordered,
        &mut edits,
        &mut repairs,
    );
    if edits.is_empty() {
        return None;
    }
    let bytes = edit::apply(bytes, &parsed.text, layout, edits)?;
    Some(Step { bytes, repairs })
}

/// What a fix run made of every file, next to the checks' outcome before.
pub struct Fixed {
    /// The verify outcome of the files as they will be written, with the
    /// repairs as notes (the report's content).
    pub after: Outcome,
    /// The same, without the notes: what `verify` would say of the output.
    pub verified: Outcome,
    /// Per file (in the outcome's order): its new bytes, if repaired.
    pub files: Vec<FileFix>,
}

/// Builds the outcome after repair from the outcome before, each file's
/// repair and each file's keys for the checks across files.
pub fn assemble(inputs: &[Input], before: &Outcome, files: Vec<FileFix>) -> Fixed {
    let mut verified = before.clone();
    let mut keys = Vec::with_capacity(files.len());
    for (result, fix) in verified.files.iter_mut().zip(&files) {
        result
            .diagnostics
            .retain(|d| !across_files::RULES.iter().any(|r| std::ptr::eq(*r, d.rule)));
        if let Some(after) = &fix.after {
            result.module = after.module;
            result.encoding = after.encoding;
            result.diagnostics = after.diagnostics.clone();
            result.rules_skipped = after.rules_skipped;
            result.unloaded_tables = after.unloaded_tables.clone().into();
        }
        keys.push(fix.keys.clone());
    }
    let names: Vec<String> = verified
        .files
        .iter()
        .map(|f| {
            let input = &inputs[f.input];
            if inputs.len() > 1 && input.is_container() {
                format!("{}/{}", input.path.trim_end_matches('/'), f.name)
            } else {
                f.name.clone()
            }
        })
        .collect();
    let across = across_files::check(&keys, &names);
    let mut touched = Vec::new();
    for (i, diagnostic) in across {
        verified.files[i].diagnostics.push(diagnostic);
        touched.push(i);
    }
    for i in touched {
        crate::diagnostic::sort(&mut verified.files[i].diagnostics);
    }
    for input in &mut verified.inputs {
        input.ok = !input.diagnostics.iter().any(Diagnostic::is_error)
            && verified.files[input.files.clone()].iter().all(FileResult::is_ok);
    }
    let mut after = verified.clone();
    for ((result, fix), was) in after.files.iter_mut().zip(&files).zip(&before.files) {
        if was.is_ok() {
            continue;
        }
        let errors = was.count(crate::diagnostic::Severity::Error);
        result.diagnostics.push(
            Diagnostic::new(&ESITO_PRIMA)
                .arg("prima", "KO")
                .arg("errori", errors)
                .arg("correzioni", fix.repairs.len()),
        );
        result
            .diagnostics
            .extend(fix.repairs.iter().map(Repair::diagnostic));
        if !result.is_ok() {
            result.diagnostics.push(Diagnostic::new(&NESSUNA_CORREZIONE));
        }
    }
    Fixed {
        after,
        verified,
        files,
    }
}

/// Keys for the checks across files of a file as it will be written.
fn keys_of(bytes: &[u8], check: &FileCheck) -> Keys {
    let mut keys = Keys::of_bytes(crate::hash::content_id(bytes));
    if check.diagnostics.iter().any(Diagnostic::is_error) {
        return Keys::default();
    }
    if let (Some(parsed), Some(module)) = (&check.parsed, check.module) {
        keys.read(parsed, module);
    }
    keys
}

/// Keys of a file left as it is, from the engine's check of it.
pub fn keys_unchanged(bytes: &[u8], result: &FileResult, parsed: Option<&Parsed>) -> Keys {
    if !result.is_ok() {
        return Keys::default();
    }
    let mut keys = Keys::of_bytes(crate::hash::content_id(bytes));
    if let (Some(parsed), Some(module)) = (parsed, result.module) {
        keys.read(parsed, module);
    }
    keys
}

/// The repair of one file the engine checked: nothing for an OK file.
pub fn fix_checked(
    bytes: Option<&[u8]>,
    result: &FileResult,
    parsed: Option<&Parsed>,
    ctx: &Context,
) -> FileFix {
    let Some(bytes) = bytes else {
        return FileFix::default();
    };
    if result.is_ok() {
        return FileFix {
            keys: keys_unchanged(bytes, result, parsed),
            ..FileFix::default()
        };
    }
    let repaired = repair(bytes, ctx);
    match (repaired.bytes, repaired.after) {
        (Some(new), Some(mut after)) => {
            let keys = keys_of(&new, &after);
            // The document table is not needed any more: keep the run's
            // memory to the diagnostics.
            after.parsed = None;
            FileFix {
                keys,
                bytes: Some(new),
                repairs: repaired.repairs,
                after: Some(after),
            }
        }
        _ => FileFix::default(),
    }
}

/// Offset of a line and column (1-based, columns in characters) in `text`.
fn offset_of(text: &str, position: Position) -> Option<usize> {
    let mut line_start = 0;
    for _ in 1..position.line {
        line_start += text[line_start..].find('\n')? + 1;
    }
    let column = position.column.checked_sub(1)? as usize;
    let line = &text[line_start..];
    match line.char_indices().nth(column) {
        Some((at, _)) => Some(line_start + at),
        None => (line.chars().count() == column).then_some(text.len()),
    }
}

#[cfg(test)]
mod tests;
