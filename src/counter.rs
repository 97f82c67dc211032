//! The persistent counter of communication codes (seed 000 §6): the last
//! 15 digits of a code are a counter, one sequence per 10-character prefix
//! (region, province, year, sending mode, module, type).
//!
//! The counter lives in a small text file a person can read:
//!
//! ```text
//! # clic contatore 1: progressivi dei codici di comunicazione Cliclavoro (seed 000 §6)
//! # Una riga per prefisso: PREFISSO (10 cifre: regione, provincia, anno, modalità,
//! # modulo, tipo) e PROSSIMO progressivo da assegnare (15 cifre).
//! # L'ultima riga "# fine" dice che il file è completo.
//! 1205826221 000000000000043
//! # fine
//! ```
//!
//! Guarantees:
//! - **No code is handed out twice**, even by runs at the same time: the
//!   whole read-modify-write happens under an exclusive lock on `FILE.lock`
//!   (an OS file lock, released by the kernel if the holder dies, so a
//!   crashed run never blocks the next one).
//! - **A crash never reuses a code**: the new state is written to a
//!   temporary file in the same folder, flushed, renamed over the counter
//!   and the folder flushed *before* the codes are returned to be printed.
//!   At worst a crash after the rename skips the codes it reserved.
//! - **Damage is reported, never repaired by guessing**: a file that does
//!   not parse, or lacks its `# fine` line (truncated), is an error; it is
//!   never reset to 1. Running past 999,999,999,999,999 is an error, not a
//!   wrap.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::codice::{MAX_PROGRESSIVO, Serie, Tipo};
use crate::module::Module;

/// First line of every counter file (its format and version).
pub const MAGIC: &str = "# clic contatore 1";
/// Last line: a file without it was cut short.
pub const END: &str = "# fine";
/// How long a run waits for another run holding the lock.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

const HEADER: &str = "# clic contatore 1: progressivi dei codici di comunicazione Cliclavoro (seed 000 §6)
# Una riga per prefisso: PREFISSO (10 cifre: regione, provincia, anno, modalità,
# modulo, tipo) e PROSSIMO progressivo da assegnare (15 cifre).
# L'ultima riga \"# fine\" dice che il file è completo. Non modificare mentre clic è in uso.
";

/// Why codes could not be reserved (the run stops with exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CounterError {
    /// The file, its folder or its lock cannot be read or written.
    Io { path: PathBuf, reason: String },
    /// The file is not a counter file, or is damaged (e.g. cut short).
    Corrupt {
        path: PathBuf,
        line: usize,
        damage: Damage,
    },
    /// Another run has held the lock for longer than [`LOCK_TIMEOUT`].
    Busy { path: PathBuf },
    /// The prefix has fewer codes left than requested.
    Exhausted {
        prefix: String,
        left: u64,
        requested: u64,
    },
}

/// What is wrong with a damaged counter file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    NotText,
    Empty,
    /// The first line is not [`MAGIC`]: not a counter file.
    NotACounter,
    /// The last line is not [`END`]: cut short, or edited.
    Truncated,
    /// A line that is not `PREFIX NEXT`.
    BadLine,
    BadPrefix(String),
    BadValue(String),
    Duplicate(String),
}

/// The state of a counter file: prefix -> next counter value to hand out.
pub type State = BTreeMap<String, u64>;

/// The lock file of a counter file: `FILE.lock` beside it.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Reserves `count` consecutive counter values for each prefix in one
/// locked update, and returns the first value of each. The new state is
/// durable on disk when this returns.
pub fn reserve(path: &Path, requests: &[(String, u64)]) -> Result<Vec<u64>, CounterError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e: std::io::Error| CounterError::Io {
            path: p,
            reason: e.to_string(),
        }
    };
    let dir = crate::fsutil::parent_dir(path);
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let lock_file = lock_path(path);
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_file)
        .map_err(io(&lock_file))?;
    acquire(&lock, &lock_file)?;

    let mut state = match std::fs::read(path) {
        Ok(bytes) => parse(&bytes).map_err(|(line, damage)| CounterError::Corrupt {
            path: path.to_path_buf(),
            line,
            damage,
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => State::new(),
        Err(e) => return Err(io(path)(e)),
    };
    let mut firsts = Vec::with_capacity(requests.len());
    for (prefix, count) in requests {
        let next = state.get(prefix).copied().unwrap_or(1);
        let left = (MAX_PROGRESSIVO + 1).saturating_sub(next);
        if *count > left {
            return Err(CounterError::Exhausted {
                prefix: prefix.clone(),
                left,
                requested: *count,
            });
        }
        firsts.push(next);
        state.insert(prefix.clone(), next + count);
    }
    crate::fsutil::write_atomic(path, render(&state).as_bytes()).map_err(io(path))?;
    // The lock is released when `lock` is dropped, after the state is durable.
    drop(lock);
    Ok(firsts)
}

/// The counter file used when none is given: `contatore` in the data
/// directory.
pub fn default_path() -> PathBuf {
    crate::fsutil::data_dir().join("contatore")
}

/// Consecutive codes of one prefix, reserved together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub prefix: String,
    pub first: u64,
    pub count: u64,
}

impl Block {
    pub fn codes(&self) -> impl Iterator<Item = String> + '_ {
        (self.first..self.first + self.count).map(|n| crate::codice::with_progressivo(&self.prefix, n))
    }
}

/// Reserves `count` new codes of each `(modulo, tipo)` of `serie` in one
/// locked update (`clic codegen new`). Durable when this returns.
pub fn reserve_blocks(
    path: &Path,
    serie: &Serie,
    wanted: &[(Module, Tipo, u64)],
) -> Result<Vec<Block>, CounterError> {
    let requests: Vec<(String, u64)> = wanted
        .iter()
        .map(|&(modulo, tipo, count)| (serie.prefix(modulo, tipo), count))
        .collect();
    let firsts = reserve(path, &requests)?;
    Ok(requests
        .into_iter()
        .zip(firsts)
        .map(|((prefix, count), first)| Block { prefix, first, count })
        .collect())
}

/// One new code of `serie` for each `(modulo, tipo)` of `kinds`, in that
/// order, reserved in one locked update (`clic close --contatore`: one
/// closure code per closure). Durable when this returns.
pub fn reserve_each(
    path: &Path,
    serie: &Serie,
    kinds: &[(Module, Tipo)],
) -> Result<Vec<String>, CounterError> {
    // Which request each code comes from, and how many each request needs.
    let mut wanted: Vec<(Module, Tipo, u64)> = Vec::new();
    let mut slots = Vec::with_capacity(kinds.len());
    for &(modulo, tipo) in kinds {
        let slot = match wanted.iter().position(|(m, t, _)| (*m, *t) == (modulo, tipo)) {
            Some(slot) => slot,
            None => {
                wanted.push((modulo, tipo, 0));
                wanted.len() - 1
            }
        };
        wanted[slot].2 += 1;
        slots.push(slot);
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut blocks = reserve_blocks(path, serie, &wanted)?;
    Ok(slots
        .into_iter()
        .map(|slot| {
            let block = &mut blocks[slot];
            block.first += 1;
            crate::codice::with_progressivo(&block.prefix, block.first - 1)
        })
        .collect())
}

/// Reads a counter file without changing it (a missing file is empty).
pub fn read(path: &Path) -> Result<State, CounterError> {
    match std::fs::read(path) {
        Ok(bytes) => parse(&bytes).map_err(|(line, damage)| CounterError::Corrupt {
            path: path.to_path_buf(),
            line,
            damage,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::new()),
        Err(e) => Err(CounterError::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }),
    }
}

fn acquire(lock: &File, lock_file: &Path) -> Result<(), CounterError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) => {
                if started.elapsed() > LOCK_TIMEOUT {
                    return Err(CounterError::Busy {
                        path: lock_file.to_path_buf(),
                    });
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::Error(e)) => {
                return Err(CounterError::Io {
                    path: lock_file.to_path_buf(),
                    reason: e.to_string(),
                });
            }
        }
    }
}

/// The text of a counter file for `state`.
pub fn render(state: &State) -> String {
    let mut out = String::from(HEADER);
    for (prefix, next) in state {
        out.push_str(&format!("{prefix} {next:015}\n"));
    }
    out.push_str(END);
    out.push('\n');
    out
}

/// Parses a counter file; the error is the 1-based line and the damage.
pub fn parse(bytes: &[u8]) -> Result<State, (usize, Damage)> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        (line, Damage::NotText)
    })?;
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    match lines.first() {
        Some(first) if first.starts_with(MAGIC) => {}
        Some(_) => return Err((1, Damage::NotACounter)),
        None => return Err((1, Damage::Empty)),
    }
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap_or(0);
    if lines[last].trim() != END {
        return Err((last + 1, Damage::Truncated));
    }
    let mut state = State::new();
    for (index, line) in lines.iter().enumerate().take(last).skip(1) {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(prefix), Some(next), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err((number, Damage::BadLine));
        };
        if !valid_prefix(prefix) {
            return Err((number, Damage::BadPrefix(prefix.to_string())));
        }
        let digits_ok = (15..=16).contains(&next.len()) && next.bytes().all(|b| b.is_ascii_digit());
        let value = next.parse::<u64>().ok().filter(|_| digits_ok);
        let Some(value) = value.filter(|v| (1..=MAX_PROGRESSIVO + 1).contains(v)) else {
            return Err((number, Damage::BadValue(next.to_string())));
        };
        if state.insert(prefix.to_string(), value).is_some() {
            return Err((number, Damage::Duplicate(prefix.to_string())));
        }
    }
    Ok(state)
}

fn valid_prefix(prefix: &str) -> bool {
    prefix.len() == 10
        && prefix.bytes().all(|b| b.is_ascii_digit())
        && crate::codice::parse(&format!("{prefix}000000000000001")).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_parses_back() {
        let mut state = State::new();
        state.insert("1205826221".into(), 43);
        state.insert("0000011033".into(), MAX_PROGRESSIVO + 1);
        let text = render(&state);
        assert!(text.starts_with(MAGIC));
        assert!(text.contains("1205826221 000000000000043\n"));
        assert!(text.contains("0000011033 1000000000000000\n"));
        assert_eq!(parse(text.as_bytes()), Ok(state));
    }

    #[test]
    fn an_empty_counter_file_is_valid() {
        let text = render(&State::new());
        assert_eq!(parse(text.as_bytes()), Ok(State::new()));
        assert_eq!(parse(text.replace('\n', "\r\n").as_bytes()), Ok(State::new()));
    }

    #[test]
    fn every_truncation_is_detected() {
        let mut state = State::new();
        state.insert("1205826221".into(), 43);
        state.insert("1205826222".into(), 7);
        let text = render(&state);
        let end = text.len() - END.len() - 1;
        for cut in 0..end {
            assert!(
                parse(&text.as_bytes()[..cut]).is_err(),
                "cut at {cut} accepted: {:?}",
                &text[..cut]
            );
        }
    }

    #[test]
    fn damaged_lines_are_reported_with_their_number() {
        let good = render(&State::new());
        let body = good.strip_suffix(&format!("{END}\n")).unwrap();
        let with = |line: &str| format!("{body}{line}\n{END}\n");
        assert_eq!(parse(with("1205826221 43").as_bytes()).unwrap_err().0, 5);
        assert!(parse(with("1205826221").as_bytes()).is_err());
        assert!(parse(with("12058262 000000000000043").as_bytes()).is_err());
        assert!(parse(with("1205826291 000000000000043").as_bytes()).is_err());
        assert!(parse(with("1205826221 000000000000000").as_bytes()).is_err());
        assert!(parse(with("1205826221 2000000000000000").as_bytes()).is_err());
        let twice = with("1205826221 000000000000043\n1205826221 000000000000044");
        assert_eq!(
            parse(twice.as_bytes()).unwrap_err().1,
            Damage::Duplicate("1205826221".into())
        );
        assert!(parse(b"hello\n# fine\n").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn codes_are_handed_out_in_order_one_sequence_per_kind() {
        let dir = std::env::temp_dir().join(format!("clic-counter-each-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("contatore");
        let serie = Serie::new("12", "058", 26, crate::codice::ModalitaInvio::WebRegionale).unwrap();
        let (cv, job) = (
            (Module::Candidatura, Tipo::Chiusura),
            (Module::Vacancy, Tipo::Chiusura),
        );
        assert_eq!(
            reserve_each(&path, &serie, &[cv, job, cv]).unwrap(),
            [
                "1205826222000000000000001",
                "1205826212000000000000001",
                "1205826222000000000000002"
            ]
        );
        let blocks = reserve_blocks(&path, &serie, &[(Module::Candidatura, Tipo::Chiusura, 2)]).unwrap();
        assert_eq!(
            blocks[0].codes().collect::<Vec<_>>(),
            ["1205826222000000000000003", "1205826222000000000000004"]
        );
        assert_eq!(reserve_each(&path, &serie, &[]), Ok(Vec::new()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reserves_consecutive_values_and_refuses_to_wrap() {
        let dir = std::env::temp_dir().join(format!("clic-counter-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("contatore");
        let prefix = "1205826221".to_string();
        assert_eq!(reserve(&path, &[(prefix.clone(), 3)]), Ok(vec![1]));
        assert_eq!(reserve(&path, &[(prefix.clone(), 2)]), Ok(vec![4]));
        assert_eq!(read(&path).unwrap()[&prefix], 6);

        let mut state = State::new();
        state.insert(prefix.clone(), MAX_PROGRESSIVO);
        std::fs::write(&path, render(&state)).unwrap();
        assert_eq!(
            reserve(&path, &[(prefix.clone(), 2)]),
            Err(CounterError::Exhausted {
                prefix: prefix.clone(),
                left: 1,
                requested: 2
            })
        );
        assert_eq!(reserve(&path, &[(prefix.clone(), 1)]), Ok(vec![MAX_PROGRESSIVO]));
        assert!(matches!(
            reserve(&path, &[(prefix.clone(), 1)]),
            Err(CounterError::Exhausted { left: 0, .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
