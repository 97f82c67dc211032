//! Pass 1 of `clic close`, file by file: whether a checked file can be
//! closed and by which code. Its findings are the CL07xx codes, declared
//! here; the closure documents themselves are then checked by the ordinary
//! rules, as `clic verify` would.

use std::collections::{HashMap, HashSet};

use crate::codice::{self, Tipo};
use crate::diagnostic::reason::CloseProblem;
use crate::diagnostic::{self, Diagnostic, Reason, declare_rules};
use crate::engine::{Checked, Outcome};
use crate::input::diagnostics::ERRORE_INTERNO;
use crate::module::Module;

use super::mapping::Finder;
use super::plan::{Prepared, Ready, Target, Unknown};
use super::splice::{Edits, SpliceError};

declare_rules! {
    /// The code of the communication to close is not known.
    ///
    /// A closure names the communication it closes by its code, in
    /// `codicecandidaturaprecedente` / `codiceoffertaprecedente` (seed 000
    /// §5). A file sent through the portal's bulk upload carries 25 zeros:
    /// the system assigns the real code on receipt (seed 000 §6), so the
    /// file alone cannot say what to close. `clic close` takes those codes
    /// from `--codici FILE.csv` (header `file,codice`: the entry name as
    /// `clic verify` reports it, or `INPUT/NAME` when two inputs hold the
    /// same name). Without the code, no closure is written for any file:
    /// a partial closure archive would leave some CVs or vacancies open
    /// without anyone noticing.
    ///
    /// Fix: add a line `NAME,CODE` to the `--codici` file, with the code the
    /// portal assigned to that file (shown in "Controllo elaborazione").
    CODICE_DA_CHIUDERE_IGNOTO {
        code: "CL0701",
        name: "codice-da-chiudere-ignoto",
        severity: Error,
        summary: ("Codice da chiudere non noto", "Code to close not known"),
        message: ("Impossibile chiudere: «{campo}» ha 25 zeri (il codice lo assegna il sistema alla ricezione) e {motivo}.", "Cannot close: `{campo}` is 25 zeros (the system assigns the code on receipt) and {motivo}."),
        spiegazione: "Una chiusura indica la comunicazione che chiude con il suo codice, in codicecandidaturaprecedente / codiceoffertaprecedente (Modelli e regole §5). Un file inviato con il caricamento massivo del portale ha 25 zeri: il codice vero lo assegna il sistema alla ricezione (Modelli e regole §6), quindi il file da solo non dice cosa chiudere. clic close prende questi codici da --codici FILE.csv (intestazione file,codice: il nome della voce come lo riporta clic verify, oppure INPUT/NOME quando due input contengono lo stesso nome). Senza il codice non viene scritta nessuna chiusura: un archivio di chiusure parziale lascerebbe aperti alcuni CV o vacancy senza che nessuno se ne accorga.\n\nCome correggere: aggiungere al file --codici una riga NOME,CODICE con il codice che il portale ha assegnato a quel file (visibile in \"Controllo elaborazione\").",
    }

    /// A file that is not a sent CV or vacancy cannot be closed.
    ///
    /// Only candidature and vacancy sent with tipo 01 can be closed (seed
    /// 000 §5): a message (Messaggio) has no closure, and a communication
    /// that is already a closure (tipo 02) has nothing left to close. The
    /// file is reported instead of skipped, so that an archive given by
    /// mistake does not silently produce fewer closures than expected; no
    /// closure is written for any file.
    ///
    /// Fix: give `clic close` only the CVs and vacancies to withdraw.
    NON_CHIUDIBILE {
        code: "CL0702",
        name: "non-chiudibile",
        severity: Error,
        summary: ("Comunicazione che non si può chiudere", "Communication that cannot be closed"),
        message: ("Impossibile chiudere: {motivo}. Si chiudono solo candidature e vacancy inviate (tipo 01).", "Cannot close: {motivo}. Only CVs and vacancies sent with tipo 01 can be closed."),
        spiegazione: "Si possono chiudere solo candidature e vacancy inviate con tipo 01 (Modelli e regole §5): un messaggio non ha chiusura, e una comunicazione che è già una chiusura (tipo 02) non ha nulla da chiudere. Il file viene segnalato invece di essere saltato, perché un archivio dato per errore non produca in silenzio meno chiusure del previsto; non viene scritta nessuna chiusura.\n\nCome correggere: dare a clic close solo i CV e le vacancy da ritirare.",
    }

    /// The code given for a file is not the code of a sent CV or vacancy.
    ///
    /// The code being closed is a 25-character communication code (seed
    /// 000 §6) whose module digit (character 9) is the file's module (1
    /// vacancy, 2 candidatura) and whose type digit (character 10) is 1
    /// (invio): what is closed is a communication that was sent. A code of
    /// another module or type means the `--codici` line belongs to another
    /// file.
    ///
    /// Fix: correct the code in the `--codici` file (`clic codegen decode
    /// CODE` shows its parts).
    CODICE_DA_CHIUDERE_ERRATO {
        code: "CL0703",
        name: "codice-da-chiudere-errato",
        severity: Error,
        summary: ("Codice da chiudere non valido", "Invalid code to close"),
        message: ("Il codice «{valore}» indicato in --codici per questo file non è quello di un invio di {modulo}: {motivo}.", "The code `{valore}` given in --codici for this file is not that of a {modulo} sending: {motivo}."),
        spiegazione: "Il codice da chiudere è un codice di comunicazione di 25 caratteri (Modelli e regole §6) la cui cifra del modulo (carattere 9) è quella del file (1 vacancy, 2 candidatura) e la cui cifra del tipo (carattere 10) è 1 (invio): si chiude una comunicazione inviata. Un codice di un altro modulo o tipo indica che la riga di --codici è di un altro file.\n\nCome correggere: correggere il codice nel file --codici (clic codegen decode CODICE ne mostra le parti).",
    }

    /// The file carries its own code and `--codici` gives another one.
    ///
    /// A file sent with the code it was assigned (application cooperation)
    /// is closed by that code: it is what the system knows the communication
    /// by. A different code in `--codici` is ignored, and this warning says
    /// so, since one of the two is probably wrong.
    ///
    /// Fix: remove or correct the line of this file in `--codici`.
    CODICI_IN_DISACCORDO {
        code: "CL0704",
        name: "codici-in-disaccordo",
        severity: Warning,
        summary: ("Codice del file diverso da quello di --codici", "File code differs from --codici"),
        message: ("Il file ha il codice «{valore}» e --codici indica «{altro}»: si chiude «{valore}».", "The file has the code `{valore}` and --codici gives `{altro}`: `{valore}` is closed."),
        spiegazione: "Un file inviato con il codice assegnato (cooperazione applicativa) si chiude con quel codice: è quello con cui il sistema conosce la comunicazione. Un codice diverso in --codici viene ignorato, e questo avviso lo segnala, perché uno dei due è probabilmente sbagliato.\n\nCome correggere: togliere o correggere la riga di questo file in --codici.",
    }

    /// Two files would close the same communication.
    ///
    /// Each sent CV or vacancy is closed once: a second closure of the same
    /// code would be refused by the system, since the communication is
    /// already closed. Two files with the same code usually mean a
    /// copy-and-paste slip in `--codici`, or the same file given twice.
    ///
    /// Fix: check the `--codici` line of this file, or remove the duplicate
    /// input.
    CODICE_CHIUSO_DUE_VOLTE {
        code: "CL0705",
        name: "codice-chiuso-due-volte",
        severity: Error,
        summary: ("Stesso codice chiuso due volte", "Same code closed twice"),
        message: ("Il codice «{valore}» è già chiuso da «{altro}»: ogni comunicazione si chiude una volta sola.", "The code `{valore}` is already closed by `{altro}`: each communication is closed only once."),
        spiegazione: "Ogni CV o vacancy inviato si chiude una volta: una seconda chiusura dello stesso codice verrebbe rifiutata dal sistema, perché la comunicazione è già chiusa. Due file con lo stesso codice di solito indicano un errore di copia in --codici, oppure lo stesso file dato due volte.\n\nCome correggere: controllare la riga di questo file in --codici, oppure togliere l'input duplicato.",
    }
}

/// What the workers share while checking files for pass 1.
pub struct Checker<'a> {
    pub inputs: &'a [crate::input::Input],
    pub finder: Finder<'a>,
    pub motivo: &'a str,
}

impl Checker<'_> {
    /// Pass 1 for one file, in the worker that checked it: a file that is
    /// OK and closable gets its closure planned; otherwise its CL07xx
    /// findings say why not.
    pub fn prepare(&self, checked: Checked<'_>) -> Prepared {
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
                    .reason("motivo", Reason::Close(CloseProblem::IsAMessage)),
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
            out.diagnostics.push(
                at(&NON_CHIUDIBILE, tipo_node).reason("motivo", Reason::Close(CloseProblem::AlreadyAClosure)),
            );
            return out;
        }
        let own = parsed.trimmed_text(code_node).into_owned();
        let input = &self.inputs[result.input];
        let csv = self.finder.path();
        let closed = match Target::of(own, self.finder.lookup(input, &result.name)) {
            Target::Own { code, key, other } => {
                if let Some(other) = other {
                    out.diagnostics.push(
                        at(&CODICI_IN_DISACCORDO, code_node)
                            .arg("valore", &code)
                            .arg("altro", other),
                    );
                }
                out.key = key;
                code
            }
            Target::Unknown(why) => {
                let (name, csv) = (result.name.clone(), csv.to_string());
                let problem = match why {
                    Unknown::NoMapping => CloseProblem::NoMapping,
                    Unknown::NotListed => CloseProblem::NotInMapping { name, csv },
                    Unknown::Ambiguous => CloseProblem::AmbiguousName {
                        name,
                        csv,
                        input: input.path.clone(),
                    },
                };
                out.diagnostics
                    .push(at(&CODICE_DA_CHIUDERE_IGNOTO, code_node).reason("motivo", Reason::Close(problem)));
                return out;
            }
            Target::Mapped { key, code } => {
                out.key = Some(key);
                if let Some(why) = wrong_code(code, module) {
                    out.diagnostics.push(
                        at(&CODICE_DA_CHIUDERE_ERRATO, code_node)
                            .arg("valore", code)
                            .arg("modulo", module.key())
                            .reason("motivo", why),
                    );
                    return out;
                }
                code.to_string()
            }
        };
        // The bytes the engine read and checked: the closure is spliced into
        // exactly those, never into a second read of the file.
        let edits = checked.bytes.ok_or(SpliceError::NoBytes).and_then(|bytes| {
            Ok((
                Edits::new(bytes, parsed, module, self.motivo, &closed)?,
                bytes.to_vec(),
            ))
        });
        match edits {
            Ok((edits, bytes)) => {
                out.ready = Some(Ready {
                    edits,
                    bytes,
                    module,
                    closed,
                    code_at: (parsed.position(code_node), parsed.path_of(code_node)),
                })
            }
            Err(e) => out
                .diagnostics
                .push(Diagnostic::new(&ERRORE_INTERNO).arg("dettaglio", format!("{e:?}"))),
        }
        out
    }
}

/// Adds pass 1's findings to the files, CL0705 on each file that would
/// close a code an earlier file already closes, and refreshes the
/// verdicts. Returns the `--codici` keys that were used.
pub fn settle(outcome: &mut Outcome, prepared: &[Prepared]) -> HashSet<String> {
    let mut used = HashSet::new();
    let mut closers: HashMap<&str, &str> = HashMap::new();
    for (file, p) in outcome.files.iter_mut().zip(prepared) {
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
    refresh_verdicts(outcome);
    used
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

/// Why `code` (from `--codici`) is not the code of a sent `module`.
fn wrong_code(code: &str, module: Module) -> Option<Reason> {
    if codice::is_zeros(code) {
        return Some(Reason::Close(CloseProblem::ZerosNotAssigned));
    }
    codice::parse_expected(code, &[module], Some(Tipo::Invio))
        .err()
        .map(Reason::Codice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_codes_say_why() {
        assert!(wrong_code("1205826221000000000000001", Module::Candidatura).is_none());
        assert!(wrong_code("1205826211000000000000001", Module::Candidatura).is_some());
        assert!(wrong_code("1205826222000000000000001", Module::Candidatura).is_some());
        assert!(wrong_code(codice::ZEROS, Module::Vacancy).is_some());
        assert!(wrong_code("12058", Module::Vacancy).is_some());
    }
}
