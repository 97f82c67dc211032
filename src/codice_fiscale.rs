//! Codice fiscale (Italian tax code) and partita IVA checks.
//!
//! Written from the published algorithm (D.M. 23 dicembre 1976 for the
//! 16-character personal code, the partita IVA check digit for 11-digit
//! codes). No dependencies, no allocation, no panics on any `&str`.
//!
//! Two shapes are accepted, as in the Cliclavoro XSDs:
//!
//! * [`Forma::Persona16`]: 16 characters, `[A-Z]{6}` surname and name letters,
//!   2 year digits, a month letter, 2 day digits (women: day + 40), a Belfiore
//!   code (letter + 3 digits) and a check letter. In *omocodia* variants any
//!   of the seven digits may be replaced by `L M N P Q R S T U V` (= 0..9).
//! * [`Forma::Numerico11`]: 11 digits, a provisional personal code or a
//!   company code (partita IVA), with a Luhn-style check digit.
//!
//! **Uppercase only.** Lowercase letters are rejected as
//! [`ErroreCf::Carattere`]: the portal's XSD pattern is
//! `[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z]…`, so a lowercase code would be refused by
//! the schema anyway. Likewise spaces, separators and an `IT` prefix are
//! never stripped: callers that want python-stdnum's lenient `compact()`
//! behaviour must clean the input themselves.
//!
//! # Agreement with python-stdnum 2.2
//!
//! [`verifica`] accepts exactly the codes that
//! `stdnum.it.codicefiscale.is_valid` accepts and [`verifica_numerico`]
//! exactly those that `stdnum.it.iva.is_valid` accepts (for inputs on which
//! stdnum's `compact()` changes nothing). `tests/data/codice_fiscale_oracolo.csv`,
//! written by `scripts/genera_oracolo_cf.py`, proves it. Points worth knowing:
//!
//! * the birth date must be a real date: 30 February or 31 April are
//!   rejected; 29 February only when the two-digit year is a multiple of 4
//!   (stdnum places years in 1920..=2019, where that is the leap-year rule);
//! * the day is read **modulo 40**, so besides 01-31 and 41-71 the days
//!   81-99 are accepted (as days 1-19, reported as female). No real code has
//!   them; stdnum accepts them and so do we;
//! * omocodia letters are accepted in any combination of the seven digit
//!   positions, not only in the official right-to-left order;
//! * the Belfiore code is not looked up (any letter + 3 digits);
//! * 11-digit codes must also pass the partita IVA structure checks: the first
//!   seven digits (matricola) are not all zero, and the office code (digits
//!   8-10) is 001-100, 120, 121, 888 or 999 — this applies to provisional
//!   personal codes too, since stdnum treats every 11-digit code as a partita IVA.

/// Which shape a code has (pattern only, see [`forma`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Forma {
    /// 16 characters: a person's codice fiscale.
    Persona16,
    /// 11 digits: provisional personal code or partita IVA.
    Numerico11,
}

/// Why a code is not valid. Positions are 1-based character positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErroreCf {
    /// Neither 16 nor 11 characters (or not the length the function wants).
    /// `trovata` counts characters, not bytes.
    Lunghezza { trovata: usize },
    /// A character not allowed at that position (lowercase letters included).
    Carattere { posizione: usize, carattere: char },
    /// Position 9 holds an uppercase letter that is not a month letter
    /// (`A B C D E H L M P R S T`).
    Mese { lettera: char },
    /// The birth day is not a real day of that month and year. `giorno` is the
    /// two-digit value as written (omocodia undone), e.g. 32, 0, 72, or 30 for
    /// 30 February.
    Giorno { giorno: u8 },
    /// The 16th character does not match the computed check character.
    CarattereControllo { atteso: char, trovato: char },
    /// The 11th digit does not match the computed check digit.
    CifraControllo { attesa: char, trovata: char },
    /// 11-digit code whose first seven digits (the matricola) are all zero.
    MatricolaNulla,
    /// 11-digit code whose office code (digits 8-10) is not 001-100, 120, 121,
    /// 888 or 999.
    CodiceUfficio { codice: u16 },
}

/// What a valid 16-character code says about the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatiPersona {
    /// Two-digit year, 0..=99.
    pub anno: u8,
    /// Month, 1..=12.
    pub mese: u8,
    /// Day of the month, 1..=31 (the written day modulo 40).
    pub giorno: u8,
    /// `'M'` when the written day is below 40, otherwise `'F'`.
    pub sesso: char,
    /// Belfiore code of the birthplace, ASCII, with omocodia undone.
    pub belfiore: [u8; 4],
    /// Whether any digit position holds an omocodia letter.
    pub omocodia: bool,
}

/// Omocodia substitutes for the digits 0..=9.
const OMOCODIA: &[u8; 10] = b"LMNPQRSTUV";
/// Month letters, January..December.
const MESI: &[u8; 12] = b"ABCDEHLMPRST";
/// Check-character values of 0-9 / A-Z in odd (1st, 3rd, ...) positions.
const VALORI_DISPARI: [u8; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// What position `i` (0-based) of a 16-character code may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Classe {
    Lettera,
    Cifra,
    Mese,
}

const fn classe(i: usize) -> Classe {
    match i {
        6 | 7 | 9 | 10 | 12 | 13 | 14 => Classe::Cifra,
        8 => Classe::Mese,
        _ => Classe::Lettera,
    }
}

/// Value 0..=9 of a digit or omocodia letter.
fn valore_cifra(b: u8) -> Option<u8> {
    if b.is_ascii_digit() {
        Some(b - b'0')
    } else {
        OMOCODIA.iter().position(|&o| o == b).map(|p| p as u8)
    }
}

/// Reads exactly `N` characters of `code` into ASCII bytes, rejecting any
/// character outside `ok` with its 1-based position.
fn leggi<const N: usize>(
    code: &str,
    ok: impl Fn(usize, char) -> Result<(), ErroreCf>,
) -> Result<[u8; N], ErroreCf> {
    let trovata = code.chars().count();
    if trovata != N {
        return Err(ErroreCf::Lunghezza { trovata });
    }
    let mut out = [0u8; N];
    for (i, c) in code.chars().enumerate() {
        ok(i, c)?;
        // `ok` only lets ASCII through; keep the conversion total anyway.
        out[i] = u8::try_from(c).map_err(|_| ErroreCf::Carattere {
            posizione: i + 1,
            carattere: c,
        })?;
    }
    Ok(out)
}

fn somma_controllo(first15: &[u8; 15]) -> char {
    let mut somma: u32 = 0;
    for (i, &b) in first15.iter().enumerate() {
        let v = if b.is_ascii_digit() { b - b'0' } else { b - b'A' };
        // 1-based odd positions are the even 0-based indexes.
        somma += u32::from(if i % 2 == 0 {
            VALORI_DISPARI[usize::from(v)]
        } else {
            v
        });
    }
    char::from(b'A' + (somma % 26) as u8)
}

/// The check character of a 16-character code, from its first 15 characters.
///
/// Every character must be an ASCII digit or uppercase letter (the published
/// tables cover 0-9 and A-Z in every position); otherwise, or when `first15`
/// is not 15 characters long, returns `None`.
pub fn carattere_controllo(first15: &str) -> Option<char> {
    let b: [u8; 15] = leggi(first15, |i, c| {
        if c.is_ascii_digit() || c.is_ascii_uppercase() {
            Ok(())
        } else {
            Err(ErroreCf::Carattere {
                posizione: i + 1,
                carattere: c,
            })
        }
    })
    .ok()?;
    Some(somma_controllo(&b))
}

fn cifra_piva(first10: &[u8]) -> char {
    let mut somma: u32 = 0;
    for (i, &b) in first10.iter().enumerate() {
        let d = u32::from(b - b'0');
        // 1-based even positions are doubled, subtracting 9 above 9.
        somma += if i % 2 == 1 {
            let x = d * 2;
            if x > 9 { x - 9 } else { x }
        } else {
            d
        };
    }
    char::from(b'0' + ((10 - somma % 10) % 10) as u8)
}

/// The partita IVA check digit (11th digit) from the first 10 digits.
/// Returns `None` unless `first10` is exactly 10 ASCII digits.
pub fn cifra_controllo_piva(first10: &str) -> Option<char> {
    if first10.len() != 10 || !first10.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(cifra_piva(first10.as_bytes()))
}

/// The shape of `code` by pattern only, without check digit, month or date:
/// `Persona16` for the XSD pattern
/// `[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]`
/// (position 9 may be any uppercase letter, as in the XSD), `Numerico11` for
/// `[0-9]{11}`, `None` otherwise.
pub fn forma(code: &str) -> Option<Forma> {
    let b = code.as_bytes();
    match b.len() {
        11 if b.iter().all(u8::is_ascii_digit) => Some(Forma::Numerico11),
        16 if b.iter().enumerate().all(|(i, &c)| match classe(i) {
            Classe::Cifra => valore_cifra(c).is_some(),
            Classe::Lettera | Classe::Mese => c.is_ascii_uppercase(),
        }) =>
        {
            Some(Forma::Persona16)
        }
        _ => None,
    }
}

fn giorni_nel_mese(anno: u8, mese: u8) -> u8 {
    match mese {
        // Two-digit years are read in 1920..=2019 (as stdnum does): there a
        // year is leap exactly when it is a multiple of 4, 2000 included.
        2 if anno.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks a 16-character personal code: the characters allowed at each
/// position, the month letter, the birth date and the check character, in
/// that order.
///
/// Accepts omocodia in any combination of digit positions, and reads the day
/// modulo 40 as python-stdnum does, so days 81-99 pass (see the module
/// documentation). Lowercase letters are a [`ErroreCf::Carattere`] error.
pub fn verifica_persona(code: &str) -> Result<DatiPersona, ErroreCf> {
    let b: [u8; 16] = leggi(code, |i, c| {
        let ok = match classe(i) {
            Classe::Lettera => c.is_ascii_uppercase(),
            Classe::Cifra => u8::try_from(c).ok().and_then(valore_cifra).is_some(),
            Classe::Mese if c.is_ascii_uppercase() => {
                if MESI.contains(&(c as u8)) {
                    true
                } else {
                    return Err(ErroreCf::Mese { lettera: c });
                }
            }
            Classe::Mese => false,
        };
        if ok {
            Ok(())
        } else {
            Err(ErroreCf::Carattere {
                posizione: i + 1,
                carattere: c,
            })
        }
    })?;

    let cifra = |i: usize| valore_cifra(b[i]).unwrap_or(0);
    let anno = cifra(6) * 10 + cifra(7);
    let mese = MESI.iter().position(|&m| m == b[8]).map_or(0, |p| p as u8 + 1);
    let scritto = cifra(9) * 10 + cifra(10);
    let giorno = scritto % 40;
    if giorno == 0 || giorno > giorni_nel_mese(anno, mese) {
        return Err(ErroreCf::Giorno { giorno: scritto });
    }

    let mut first15 = [0u8; 15];
    first15.copy_from_slice(&b[..15]);
    let atteso = somma_controllo(&first15);
    let trovato = char::from(b[15]);
    if atteso != trovato {
        return Err(ErroreCf::CarattereControllo { atteso, trovato });
    }

    let mut belfiore = [b[11], b[12], b[13], b[14]];
    for d in &mut belfiore[1..] {
        *d = b'0' + valore_cifra(*d).unwrap_or(0);
    }
    let omocodia = [6, 7, 9, 10, 12, 13, 14].iter().any(|&i| !b[i].is_ascii_digit());
    Ok(DatiPersona {
        anno,
        mese,
        giorno,
        sesso: if scritto > 40 { 'F' } else { 'M' },
        belfiore,
        omocodia,
    })
}

/// Checks an 11-digit code (partita IVA, or a provisional personal code) as
/// python-stdnum's `stdnum.it.iva` does: 11 ASCII digits, matricola (first
/// seven digits) not all zero, office code (digits 8-10) 001-100, 120, 121,
/// 888 or 999, and the check digit. No `IT` prefix or separators are
/// stripped.
pub fn verifica_numerico(code: &str) -> Result<(), ErroreCf> {
    let b: [u8; 11] = leggi(code, |i, c| {
        if c.is_ascii_digit() {
            Ok(())
        } else {
            Err(ErroreCf::Carattere {
                posizione: i + 1,
                carattere: c,
            })
        }
    })?;
    if b[..7].iter().all(|&d| d == b'0') {
        return Err(ErroreCf::MatricolaNulla);
    }
    let codice = b[7..10]
        .iter()
        .fold(0u16, |acc, &d| acc * 10 + u16::from(d - b'0'));
    if !matches!(codice, 1..=100 | 120 | 121 | 888 | 999) {
        return Err(ErroreCf::CodiceUfficio { codice });
    }
    let attesa = cifra_piva(&b[..10]);
    let trovata = char::from(b[10]);
    if attesa != trovata {
        return Err(ErroreCf::CifraControllo { attesa, trovata });
    }
    Ok(())
}

/// Checks a code of either shape, choosing by its length in characters:
/// 16 → [`verifica_persona`], 11 → [`verifica_numerico`], otherwise
/// [`ErroreCf::Lunghezza`]. Agrees with `stdnum.it.codicefiscale.is_valid`,
/// which also accepts 11-digit codes by the partita IVA rules.
pub fn verifica(code: &str) -> Result<Forma, ErroreCf> {
    match code.chars().count() {
        16 => verifica_persona(code).map(|_| Forma::Persona16),
        11 => verifica_numerico(code).map(|()| Forma::Numerico11),
        trovata => Err(ErroreCf::Lunghezza { trovata }),
    }
}

/// Folds a letter to its unaccented uppercase ASCII form (`à` → `A`,
/// `Ç` → `C`); `None` for anything that is not a Latin letter.
pub fn lettera_base(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_uppercase() as u8);
    }
    let l = match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'Ā' | 'ā' | 'Ă' | 'ă'
        | 'Ą' | 'ą' => b'A',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => b'C',
        'Ď' | 'ď' | 'Đ' | 'đ' => b'D',
        'È' | 'É' | 'Ê' | 'Ë' | 'è' | 'é' | 'ê' | 'ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => {
            b'E'
        }
        'Ğ' | 'ğ' => b'G',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'ì' | 'í' | 'î' | 'ï' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => {
            b'I'
        }
        'Ł' | 'ł' | 'Ľ' | 'ľ' | 'Ĺ' | 'ĺ' => b'L',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => b'N',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => {
            b'O'
        }
        'Ř' | 'ř' | 'Ŕ' | 'ŕ' => b'R',
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' => b'S',
        'Ť' | 'ť' | 'Ţ' | 'ţ' => b'T',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'ù' | 'ú' | 'û' | 'ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => {
            b'U'
        }
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => b'Y',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => b'Z',
        _ => return None,
    };
    Some(l)
}

/// Consonants (first four, and how many) and vowels (first three) of a name.
fn lettere(s: &str) -> ([u8; 4], usize, [u8; 3], usize) {
    let (mut cons, mut nc, mut voc, mut nv) = ([0u8; 4], 0usize, [0u8; 3], 0usize);
    for l in s.chars().filter_map(lettera_base) {
        if matches!(l, b'A' | b'E' | b'I' | b'O' | b'U') {
            if nv < 3 {
                voc[nv] = l;
                nv += 1;
            }
        } else {
            if nc < 4 {
                cons[nc] = l;
            }
            nc += 1;
        }
    }
    (cons, nc, voc, nv)
}

fn tre_lettere(scelte: impl Iterator<Item = u8>) -> [u8; 3] {
    let mut out = [b'X'; 3];
    for (o, l) in out.iter_mut().zip(scelte) {
        *o = l;
    }
    out
}

/// The three surname letters and three name letters of a codice fiscale
/// (ASCII uppercase).
///
/// Surname: its consonants in order, then its vowels, then `X` up to three.
/// Name: the same, except that a name with four or more consonants gives the
/// 1st, 3rd and 4th consonant. Accented and other Latin letters count as
/// their base letter (`À` → `A`, `Ç` → `C`); apostrophes, spaces, hyphens and
/// any other non-letter are ignored; `J K W X Y` are consonants.
pub fn codici_cognome_nome(cognome: &str, nome: &str) -> ([u8; 3], [u8; 3]) {
    let (c, nc, v, nv) = lettere(cognome);
    let cod_cognome = tre_lettere(c.into_iter().take(nc.min(3)).chain(v.into_iter().take(nv)));
    let (c, nc, v, nv) = lettere(nome);
    let cod_nome = if nc >= 4 {
        [c[0], c[2], c[3]]
    } else {
        tre_lettere(c.into_iter().take(nc).chain(v.into_iter().take(nv)))
    };
    (cod_cognome, cod_nome)
}

/// What a position of a 16-character code holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Atteso {
    /// An uppercase letter (surname, name, month, Belfiore letter, check).
    Lettera,
    /// A digit, or its omocodia letter.
    Cifra,
}

/// The first character of a 16-character code that its position cannot
/// hold: 1-based position, the character, and what belongs there. `None`
/// when the code is not 16 characters long or every character fits (a
/// wrong month letter or date is not a misplaced character).
pub fn carattere_fuori_posto(code: &str) -> Option<(usize, char, Atteso)> {
    if code.chars().count() != 16 {
        return None;
    }
    code.chars().enumerate().find_map(|(i, c)| {
        let atteso = match classe(i) {
            Classe::Cifra => Atteso::Cifra,
            Classe::Lettera | Classe::Mese => Atteso::Lettera,
        };
        let fits = match atteso {
            Atteso::Cifra => u8::try_from(c).ok().and_then(valore_cifra).is_some(),
            Atteso::Lettera => c.is_ascii_uppercase(),
        };
        (!fits).then_some((i + 1, c, atteso))
    })
}

/// The personal data a 16-character code is computed from, as a document
/// declares them. A field left `None` is not compared.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anagrafica<'a> {
    pub cognome: Option<&'a str>,
    pub nome: Option<&'a str>,
    /// `'M'` or `'F'` (anything else is not compared).
    pub sesso: Option<char>,
    /// Year, month (1-12) and day (1-31).
    pub nascita: Option<(i32, u32, u32)>,
    /// Belfiore code of the birthplace.
    pub luogo: Option<&'a str>,
}

/// A part of a 16-character code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Parte {
    /// Characters 1-3.
    Cognome,
    /// Characters 4-6.
    Nome,
    /// Characters 7-8.
    Anno,
    /// Character 9.
    Mese,
    /// Characters 10-11, modulo 40.
    Giorno,
    /// Characters 10-11: above 40 for women.
    Sesso,
    /// Characters 12-15.
    Luogo,
}

/// A few ASCII characters of a code, or what the data give in their place.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Frammento {
    bytes: [u8; 4],
    len: u8,
}

impl Frammento {
    fn of(bytes: &[u8]) -> Frammento {
        let mut out = Frammento {
            bytes: [0; 4],
            len: bytes.len().min(4) as u8,
        };
        out.bytes[..usize::from(out.len)].copy_from_slice(&bytes[..usize::from(out.len)]);
        out
    }

    fn two_digits(value: u8) -> Frammento {
        Frammento::of(&[b'0' + value / 10 % 10, b'0' + value % 10])
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::fmt::Debug for Frammento {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl std::fmt::Display for Frammento {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A part of the code that disagrees with the personal data: as written in
/// the code (omocodia undone), as the data give it, and what the code must
/// carry there to agree with them (the day digits are the day + 40 for a
/// woman: 52 for one born on the 12th).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Divergenza {
    pub parte: Parte,
    pub nel_codice: Frammento,
    pub dai_dati: Frammento,
    pub scrivere: Frammento,
}

/// Compares the first 15 characters of a 16-character code with what the
/// personal data give (surname and name letters, year, month letter, day,
/// sex, Belfiore code), part by part, up to omocodia: a digit replaced by
/// its omocodia letter agrees with the digit. The check character is not
/// looked at.
///
/// Returns `None` when the code is not 16 characters of the right classes
/// (see [`forma`]): there is nothing reliable to compare.
pub fn confronta(code: &str, dati: &Anagrafica<'_>) -> Option<Vec<Divergenza>> {
    if forma(code) != Some(Forma::Persona16) {
        return None;
    }
    let b = code.as_bytes();
    let cifre = |range: std::ops::Range<usize>| -> Vec<u8> {
        range
            .map(|i| match classe(i) {
                Classe::Cifra => b'0' + valore_cifra(b[i]).unwrap_or(0),
                _ => b[i],
            })
            .collect()
    };
    let mut out = Vec::new();
    let differ_to = |out: &mut Vec<Divergenza>, parte, nel_codice, dai_dati, scrivere| {
        out.push(Divergenza {
            parte,
            nel_codice,
            dai_dati,
            scrivere,
        });
    };
    let differ = |out: &mut Vec<Divergenza>, parte, nel_codice: Frammento, dai_dati: Frammento| {
        if nel_codice != dai_dati {
            differ_to(out, parte, nel_codice, dai_dati, dai_dati);
        }
    };
    let (cognome, nome) =
        codici_cognome_nome(dati.cognome.unwrap_or_default(), dati.nome.unwrap_or_default());
    if dati
        .cognome
        .is_some_and(|c| c.chars().any(|c| lettera_base(c).is_some()))
    {
        differ(
            &mut out,
            Parte::Cognome,
            Frammento::of(&b[0..3]),
            Frammento::of(&cognome),
        );
    }
    if dati
        .nome
        .is_some_and(|n| n.chars().any(|c| lettera_base(c).is_some()))
    {
        differ(
            &mut out,
            Parte::Nome,
            Frammento::of(&b[3..6]),
            Frammento::of(&nome),
        );
    }
    let scritto = {
        let d = cifre(9..11);
        (d[0] - b'0') * 10 + (d[1] - b'0')
    };
    if let Some((anno, mese, _)) = dati.nascita {
        differ(
            &mut out,
            Parte::Anno,
            Frammento::of(&cifre(6..8)),
            Frammento::two_digits(anno.rem_euclid(100) as u8),
        );
        if let Some(&lettera) = MESI.get((mese as usize).wrapping_sub(1)) {
            differ(
                &mut out,
                Parte::Mese,
                Frammento::of(&b[8..9]),
                Frammento::of(&[lettera]),
            );
        }
    }
    // Day and sex share two digits: the day, plus 40 for a woman. The part
    // that disagrees says what the digits must be, computed from the
    // declared sex (or, when none is declared, the one the code carries).
    let donna = match dati.sesso {
        Some('F') => true,
        Some('M') => false,
        _ => scritto > 40,
    };
    let giorno = dati.nascita.map_or(u32::from(scritto % 40), |(_, _, g)| g);
    let dovuto = giorno as u8 + if donna { 40 } else { 0 };
    if dovuto != scritto {
        let scrivere = Frammento::two_digits(dovuto);
        if dati.nascita.is_some() && u32::from(scritto % 40) != giorno {
            differ_to(
                &mut out,
                Parte::Giorno,
                Frammento::two_digits(scritto),
                Frammento::two_digits(giorno as u8),
                scrivere,
            );
        } else if let Some(sesso @ ('M' | 'F')) = dati.sesso {
            let nel_codice = if scritto > 40 { b'F' } else { b'M' };
            differ_to(
                &mut out,
                Parte::Sesso,
                Frammento::of(&[nel_codice]),
                Frammento::of(&[sesso as u8]),
                scrivere,
            );
        }
    }
    if let Some(luogo) = dati
        .luogo
        .filter(|l| l.len() == 4 && l.is_ascii() && *l != "0000")
    {
        differ(
            &mut out,
            Parte::Luogo,
            Frammento::of(&cifre(11..15)),
            Frammento::of(luogo.as_bytes()),
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esempi_validi() {
        let d = verifica_persona("RSSMRA80A01H501U").unwrap();
        assert_eq!(
            d,
            DatiPersona {
                anno: 80,
                mese: 1,
                giorno: 1,
                sesso: 'M',
                belfiore: *b"H501",
                omocodia: false
            }
        );
        let d = verifica_persona("CNTCHR83T41D969D").unwrap();
        assert_eq!((d.anno, d.mese, d.giorno, d.sesso), (83, 12, 1, 'F'));
        let d = verifica_persona("RCCMNL83S18D969H").unwrap();
        assert_eq!((d.anno, d.mese, d.giorno, d.sesso), (83, 11, 18, 'M'));
        assert_eq!(verifica("RSSMRA80A01H501U"), Ok(Forma::Persona16));
        assert_eq!(verifica("00743110157"), Ok(Forma::Numerico11));
        assert_eq!(verifica_numerico("00743110157"), Ok(()));
        assert_eq!(carattere_controllo("RSSMRA80A01H501"), Some('U'));
        assert_eq!(cifra_controllo_piva("0074311015"), Some('7'));
    }

    #[test]
    fn omocodia() {
        // RSSMRA80A01H501U with 1 → M at position 15, then 0 → L at 14, ...
        for (code, belfiore) in [
            ("RSSMRA80A01H50MM", *b"H501"),
            ("RSSMRA80A01H5LMX", *b"H501"),
            ("RSSMRAULALMHRLMD", *b"H501"),
        ] {
            let d = verifica_persona(code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
            assert!(d.omocodia, "{code}");
            assert_eq!(
                (d.anno, d.mese, d.giorno, d.belfiore),
                (80, 1, 1, belfiore),
                "{code}"
            );
        }
        assert_eq!(forma("RSSMRAULALMHRLMD"), Some(Forma::Persona16));
        assert!(!verifica_persona("RSSMRA80A01H501U").unwrap().omocodia);
        // A letter outside L..V in a digit position is not omocodia.
        assert_eq!(
            verifica_persona("RSSMRA80A01H50KU"),
            Err(ErroreCf::Carattere {
                posizione: 15,
                carattere: 'K'
            })
        );
    }

    #[test]
    fn date() {
        let cf = |s15: &str| format!("{s15}{}", carattere_controllo(s15).unwrap());
        // 29 February: leap years only (two-digit year multiple of 4, 00 included).
        assert!(verifica_persona(&cf("RSSMRA00B29H501")).is_ok());
        assert!(verifica_persona(&cf("RSSMRA84B69H501")).is_ok());
        assert_eq!(
            verifica_persona(&cf("RSSMRA01B29H501")),
            Err(ErroreCf::Giorno { giorno: 29 })
        );
        assert_eq!(
            verifica_persona(&cf("RSSMRA84B30H501")),
            Err(ErroreCf::Giorno { giorno: 30 })
        );
        assert_eq!(
            verifica_persona(&cf("RSSMRA84D31H501")),
            Err(ErroreCf::Giorno { giorno: 31 })
        );
        for g in [0, 32, 39, 40, 72, 79, 80] {
            let code = cf(&format!("RSSMRA84A{g:02}H501"));
            assert_eq!(
                verifica_persona(&code),
                Err(ErroreCf::Giorno { giorno: g }),
                "{code}"
            );
        }
        // Days 81-99 are read modulo 40, as python-stdnum does.
        let d = verifica_persona(&cf("RSSMRA84A85H501")).unwrap();
        assert_eq!((d.giorno, d.sesso), (5, 'F'));
        // Omocodia in the day: "QT" = 47 → day 7, female.
        let d = verifica_persona(&cf("RSSMRA84AQTH501")).unwrap();
        assert_eq!((d.giorno, d.sesso, d.omocodia), (7, 'F', true));
    }

    #[test]
    fn varianti_errore() {
        assert_eq!(
            verifica("RSSMRA80A01H501"),
            Err(ErroreCf::Lunghezza { trovata: 15 })
        );
        assert_eq!(verifica(""), Err(ErroreCf::Lunghezza { trovata: 0 }));
        assert_eq!(
            verifica_persona("00743110157"),
            Err(ErroreCf::Lunghezza { trovata: 11 })
        );
        assert_eq!(
            verifica_numerico("RSSMRA80A01H501U"),
            Err(ErroreCf::Lunghezza { trovata: 16 })
        );
        // Lowercase is rejected (the XSD pattern is uppercase only).
        assert_eq!(
            verifica("rssmra80a01h501u"),
            Err(ErroreCf::Carattere {
                posizione: 1,
                carattere: 'r'
            })
        );
        // Non-ASCII: length in characters, position in characters.
        assert_eq!(
            verifica("RSSMRÀ80A01H501U"),
            Err(ErroreCf::Carattere {
                posizione: 6,
                carattere: 'À'
            })
        );
        assert_eq!(
            verifica("RSSMRA80A01H501UÀ"),
            Err(ErroreCf::Lunghezza { trovata: 17 })
        );
        assert_eq!(
            verifica("0074311015٣"),
            Err(ErroreCf::Carattere {
                posizione: 11,
                carattere: '٣'
            })
        );
        assert_eq!(verifica("RSSMRA80F01H501U"), Err(ErroreCf::Mese { lettera: 'F' }));
        assert_eq!(
            verifica("RSSMRA8081H501U0"),
            Err(ErroreCf::Carattere {
                posizione: 9,
                carattere: '8'
            })
        );
        assert_eq!(verifica("RSSMRA80A32H501U"), Err(ErroreCf::Giorno { giorno: 32 }));
        assert_eq!(
            verifica("RSSMRA80A01H501V"),
            Err(ErroreCf::CarattereControllo {
                atteso: 'U',
                trovato: 'V'
            })
        );
        assert_eq!(
            verifica("00743110158"),
            Err(ErroreCf::CifraControllo {
                attesa: '7',
                trovata: '8'
            })
        );
        assert_eq!(verifica("00000000000"), Err(ErroreCf::MatricolaNulla));
        assert_eq!(
            verifica("00743111017"),
            Err(ErroreCf::CodiceUfficio { codice: 101 })
        );
        assert_eq!(
            verifica("0074311A157"),
            Err(ErroreCf::Carattere {
                posizione: 8,
                carattere: 'A'
            })
        );
    }

    #[test]
    fn forme() {
        assert_eq!(forma("RSSMRA80A01H501U"), Some(Forma::Persona16));
        // Shape only: wrong check character and month letter still match the XSD pattern.
        assert_eq!(forma("RSSMRA80F01H501A"), Some(Forma::Persona16));
        assert_eq!(forma("12345678901"), Some(Forma::Numerico11));
        assert_eq!(forma("rssmra80a01h501u"), None);
        assert_eq!(forma("RSSMRA80A01H5K1U"), None);
        assert_eq!(forma("1234567890"), None);
        assert_eq!(forma("RSSMRÀ80A01H501"), None);
        assert_eq!(carattere_controllo("RSSMRA80A01H50"), None);
        assert_eq!(carattere_controllo("rssmra80a01h501"), None);
        assert_eq!(cifra_controllo_piva("007431101"), None);
        assert_eq!(cifra_controllo_piva("007431101٣"), None);
    }

    #[test]
    fn nessun_panico() {
        for s in [
            "",
            "\0",
            "é",
            "ÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀÀ",
            "ÀÀÀÀÀÀÀÀÀÀÀ",
            "\u{10FFFF}",
            "RSSMRA80A01H501\u{301}",
        ] {
            let _ = (
                verifica(s),
                forma(s),
                carattere_controllo(s),
                cifra_controllo_piva(s),
            );
            let _ = codici_cognome_nome(s, s);
        }
    }

    #[test]
    fn cognome_nome() {
        let c = |a: &str, b: &str| {
            let (x, y) = codici_cognome_nome(a, b);
            (
                String::from_utf8(x.to_vec()).unwrap(),
                String::from_utf8(y.to_vec()).unwrap(),
            )
        };
        let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(c("Rossi", "Mario"), s("RSS", "MRA"));
        assert_eq!(c("Fo", "Ugo"), s("FOX", "GUO"));
        assert_eq!(c("Re", "Al"), s("REX", "LAX"));
        assert_eq!(c("D'Alema", "Gianfranco"), s("DLM", "GFR"));
        assert_eq!(c("De Luca", "Pierluigi"), s("DLC", "PLG"));
        assert_eq!(c("Niccolò", "Nicolò"), s("NCC", "NCL"));
        assert_eq!(c("Citrò", "Àlfio"), s("CTR", "LFA"));
        assert_eq!(c("Ò", "È"), s("OXX", "EXX"));
        assert_eq!(c("", ""), s("XXX", "XXX"));
        assert_eq!(c("Müller", "Jürgen"), s("MLL", "JGN"));
        assert_eq!(c("Yu", "Kyle"), s("YUX", "KYL"));
    }

    #[test]
    fn confronto_con_i_dati_anagrafici() {
        let dati = Anagrafica {
            cognome: Some("Bianchi"),
            nome: Some("Giulia"),
            sesso: Some('F'),
            nascita: Some((1995, 8, 12)),
            luogo: Some("F205"),
        };
        let parti = |code: &str| -> Vec<(Parte, String, String)> {
            confronta(code, &dati)
                .unwrap()
                .into_iter()
                .map(|d| (d.parte, d.nel_codice.to_string(), d.dai_dati.to_string()))
                .collect()
        };
        let s = |p, a: &str, b: &str| (p, a.to_string(), b.to_string());
        assert!(parti("BNCGLI95M52F205J").is_empty());
        // Omocodia: 5 -> R in the Belfiore code still agrees.
        assert!(parti("BNCGLI95M52F20RX").is_empty());
        assert_eq!(parti("BNCGLI59M52F205J"), [s(Parte::Anno, "59", "95")]);
        assert_eq!(parti("BNCGLI95M12F205J"), [s(Parte::Sesso, "M", "F")]);
        assert_eq!(parti("BNCGLI95M52H501J"), [s(Parte::Luogo, "H501", "F205")]);
        // The day swapped (52 -> 25): one part, the day, whose digits
        // must read 52 (12 + 40 for a woman), not the 12 of the date.
        assert_eq!(
            parti("BNCGLA95H25F205J"),
            [
                s(Parte::Nome, "GLA", "GLI"),
                s(Parte::Mese, "H", "M"),
                s(Parte::Giorno, "25", "12"),
            ]
        );
        let scrivere = |code: &str| -> Vec<(Parte, String)> {
            confronta(code, &dati)
                .unwrap()
                .into_iter()
                .map(|d| (d.parte, d.scrivere.to_string()))
                .collect()
        };
        assert_eq!(scrivere("BNCGLI95M25F205J"), [(Parte::Giorno, "52".to_string())]);
        assert_eq!(scrivere("BNCGLI95M12F205J"), [(Parte::Sesso, "52".to_string())]);
        assert_eq!(scrivere("BNCGLI95H52F205J"), [(Parte::Mese, "M".to_string())]);
        assert_eq!(scrivere("BNCGLI95M52H501J"), [(Parte::Luogo, "F205".to_string())]);
        let uomo = Anagrafica {
            sesso: Some('M'),
            nome: None,
            ..dati
        };
        let per_lui = confronta("BNCGLI95M52F205J", &uomo).unwrap();
        assert_eq!(
            per_lui
                .iter()
                .map(|d| (d.parte, d.scrivere.to_string()))
                .collect::<Vec<_>>(),
            [(Parte::Sesso, "12".to_string())]
        );
        assert_eq!(confronta("BNCGLI95M52F205", &dati), None);
        assert_eq!(
            confronta("BNCGLI95M52F205J", &Anagrafica::default()),
            Some(vec![])
        );
    }

    #[test]
    fn carattere_fuori_posto_indica_posizione_e_classe() {
        assert_eq!(
            carattere_fuori_posto("BNCGLI95M52F2O5J"),
            Some((14, 'O', Atteso::Cifra))
        );
        assert_eq!(
            carattere_fuori_posto("BNCGL195M52F205J"),
            Some((6, '1', Atteso::Lettera))
        );
        assert_eq!(carattere_fuori_posto("BNCGLI95M52F20RJ"), None, "omocodia");
        assert_eq!(carattere_fuori_posto("BNCGLI95M52F205"), None);
    }

    /// Full agreement with python-stdnum 2.2 on the generated corpus
    /// (scripts/genera_oracolo_cf.py).
    #[test]
    fn oracolo_stdnum() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/codice_fiscale_oracolo.csv"
        );
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("codice,tipo,valido"));
        let (mut righe, mut diverse) = (0usize, Vec::new());
        for line in lines {
            let mut campi = line.rsplitn(3, ',');
            let (valido, tipo, codice) = (
                campi.next().unwrap(),
                campi.next().unwrap(),
                campi.next().unwrap(),
            );
            let atteso = match valido {
                "1" => true,
                "0" => false,
                _ => panic!("bad row {line:?}"),
            };
            let esito = match tipo {
                "cf" => {
                    let r = verifica(codice);
                    // forma() must agree with a successful check.
                    if let Ok(f) = r {
                        assert_eq!(forma(codice), Some(f), "{codice}");
                    }
                    r.map(|_| ())
                }
                "piva" => verifica_numerico(codice),
                _ => panic!("bad row {line:?}"),
            };
            righe += 1;
            if esito.is_ok() != atteso {
                diverse.push(format!("{codice} ({tipo}): stdnum {atteso}, noi {esito:?}"));
            }
        }
        assert!(righe >= 10_000, "only {righe} rows");
        assert!(
            diverse.is_empty(),
            "{} of {righe} rows disagree with stdnum; first ones:\n{}",
            diverse.len(),
            diverse[..diverse.len().min(20)].join("\n")
        );
    }
}
