#!/usr/bin/env python3
"""Generate the codice fiscale / partita IVA oracle fixture.

Writes tests/data/codice_fiscale_oracolo.csv (header ``codice,tipo,valido``):

* ``tipo = cf``   -> ``valido`` is ``stdnum.it.codicefiscale.is_valid(codice)``
* ``tipo = piva`` -> ``valido`` is ``stdnum.it.iva.is_valid(codice)``

``valido`` is 1 or 0. The Rust tests in src/codice_fiscale.rs read this file and
require that ``verifica`` (for ``cf``) and ``verifica_numerico`` (for ``piva``)
agree with it on every row.

The script only builds candidate codes; the verdict always comes from
python-stdnum, which is the oracle. Every code is one on which stdnum's
``compact()`` is the identity (no spaces, separators, lowercase or ``IT``
prefix), so the comparison is about validation only, never about cleaning.

Regenerate (deterministic: fixed seed, output is byte-identical across runs):

    pip install python-stdnum==2.2
    python3 scripts/genera_oracolo_cf.py            # from the repository root

Requires Python >= 3.11 and python-stdnum 2.2 exactly (the script refuses
other versions, since a different stdnum could change the verdicts).
"""

from __future__ import annotations

import csv
import random
import string
import sys
from pathlib import Path

import stdnum
from stdnum import luhn
from stdnum.it import codicefiscale, iva

STDNUM_VERSION = "2.2"
SEED = 20240601
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "codice_fiscale_oracolo.csv"

LETTERS = string.ascii_uppercase
DIGITS = string.digits
ALNUM = DIGITS + LETTERS
OMO = "LMNPQRSTUV"  # omocodia substitutes for 0..9
MONTHS = "ABCDEHLMPRST"
NOT_MONTHS = "".join(c for c in LETTERS if c not in MONTHS)
NUM_POS = (6, 7, 9, 10, 12, 13, 14)  # positions that hold digits (or omocodia letters)
CONSONANTS = "BCDFGHJKLMNPQRSTVWXYZ"
VOWELS = "AEIOU"
# non-alphanumeric characters on which both compact() functions are the identity
# (space, '-' and ':' are stripped by compact, ',' and '"' would need CSV quoting)
PUNCT = "*./+_#!?=;'&%$@"
# non-ASCII characters on which str.upper() and stdnum's clean() are the identity
# (fullwidth digits are excluded: clean() maps them to ASCII digits)
NON_ASCII = "ÀÈÉÌÒÙÇÑÖØ٣Ａ€"

rng = random.Random(SEED)
rows: list[tuple[str, str]] = []
seen: set[tuple[str, str]] = set()


def add(code: str, tipo: str) -> None:
    if tipo == "piva" and code.startswith("IT"):
        return  # iva.compact() strips an "IT" prefix: not an identity input
    key = (code, tipo)
    if key not in seen:
        seen.add(key)
        rows.append(key)


def add_both(code: str) -> None:
    add(code, "cf")
    add(code, "piva")


def days_in_month(yy: int, month: int) -> int:
    # stdnum maps two-digit years into 1920..2019; in that window a year is
    # leap exactly when yy % 4 == 0 (2000 is leap).
    if month == 2:
        return 29 if yy % 4 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def cf_check(first15: str) -> str:
    return codicefiscale.calc_check_digit(first15)


def with_check(first15: str) -> str:
    return first15 + cf_check(first15)


def name_part() -> str:
    """Three letters as the name/surname rules produce them (consonants, then
    vowels, then X padding), with some fully random ones."""
    r = rng.random()
    if r < 0.6:
        return "".join(rng.choice(CONSONANTS) for _ in range(3))
    if r < 0.75:
        return rng.choice(CONSONANTS) + rng.choice(CONSONANTS) + rng.choice(VOWELS)
    if r < 0.85:
        return rng.choice(CONSONANTS) + rng.choice(VOWELS) + rng.choice(VOWELS + "X")
    if r < 0.9:
        return rng.choice(VOWELS) + rng.choice(VOWELS) + "X"
    return "".join(rng.choice(LETTERS) for _ in range(3))


def belfiore() -> str:
    letter = "Z" if rng.random() < 0.15 else rng.choice("ABCDEFGHILM")
    return letter + "".join(rng.choice(DIGITS) for _ in range(3))


def person_first15(yy=None, month=None, day=None, female=None) -> str:
    yy = rng.randrange(100) if yy is None else yy
    month = rng.randrange(1, 13) if month is None else month
    if day is None:
        day = rng.randrange(1, days_in_month(yy, month) + 1)
    female = rng.random() < 0.5 if female is None else female
    dd = day + 40 if female else day
    return f"{name_part()}{name_part()}{yy:02d}{MONTHS[month - 1]}{dd:02d}{belfiore()}"


def omocodia(code15: str, positions) -> str:
    chars = list(code15)
    for p in positions:
        if chars[p] in DIGITS:
            chars[p] = OMO[int(chars[p])]
    return "".join(chars)


def piva_first10(office: str | None = None, matricola: str | None = None) -> str:
    if matricola is None:
        matricola = "".join(rng.choice(DIGITS) for _ in range(7))
        if matricola == "0000000":
            matricola = "0000001"
    if office is None:
        r = rng.random()
        if r < 0.9:
            office = f"{rng.randrange(1, 101):03d}"
        else:
            office = rng.choice(["120", "121", "888", "999"])
    return matricola + office


def piva(office=None, matricola=None) -> str:
    first10 = piva_first10(office, matricola)
    return first10 + luhn.calc_check_digit(first10)


def substitute(code: str, pos: int, pool: str) -> str:
    choices = [c for c in pool if c != code[pos]]
    return code[:pos] + rng.choice(choices) + code[pos + 1:]


def transpose(code: str, pos: int) -> str:
    return code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]


def main() -> None:
    if stdnum.__version__ != STDNUM_VERSION:
        sys.exit(f"python-stdnum {STDNUM_VERSION} required, found {stdnum.__version__}")

    # --- fixed, hand-picked examples -------------------------------------------
    for code in ["RSSMRA80A01H501U", "RCCMNL83S18D969H", "CNTCHR83T41D969D",
                 "MRTMTT91D08F205J", "RSSMRA80A01H50MM", "RSSMRA80A01H50MX", "RSSMRAULALMHRLMD",
                 "RSSMRA80A01H501V", "RSSMRA00B29H501Y", "RSSMRA84A85H501T",
                 "00743110157", "00000000000", "12345678903", "01234567890"]:
        add_both(code)

    # --- valid person codes --------------------------------------------------
    valid = [with_check(person_first15()) for _ in range(2000)]
    for code in valid:
        add(code, "cf")

    # all 29 February births across the year range, both sexes, plus 28 Feb
    for yy in range(100):
        for female in (False, True):
            add(with_check(person_first15(yy=yy, month=2, day=29, female=female)), "cf")
        add(with_check(person_first15(yy=yy, month=2, day=28)), "cf")

    # --- omocodia variants (valid, with recomputed check character) ---------
    for code in valid[:1000]:
        k = rng.randrange(1, 8)
        if rng.random() < 0.5:
            positions = NUM_POS[-k:]  # the official order: rightmost digits first
        else:
            positions = rng.sample(NUM_POS, k)  # any combination
        add(with_check(omocodia(code[:15], positions)), "cf")
    # every single substituted position and the fully substituted code
    for code in valid[1000:1100]:
        for p in NUM_POS:
            add(with_check(omocodia(code[:15], [p])), "cf")
        add(with_check(omocodia(code[:15], NUM_POS)), "cf")
    # omocodia substitution keeping the old check character (mostly invalid)
    for code in valid[1100:1400]:
        k = rng.randrange(1, 8)
        add(omocodia(code[:15], NUM_POS[-k:]) + code[15], "cf")
    # wrong substitute letters in digit positions (not in LMNPQRSTUV), check recomputed
    for code in valid[1400:1600]:
        p = rng.choice(NUM_POS)
        bad = rng.choice([c for c in LETTERS if c not in OMO])
        add(with_check(code[:p] + bad + code[p + 1:15]), "cf")

    # --- single-character corruptions ------------------------------------------
    for i, code in enumerate(valid[:600]):
        for pos in range(16):
            if (i + pos) % 4 != 0:  # 4 of 16 positions per code, rotating
                continue
            r = rng.random()
            pool = DIGITS if r < 0.4 else LETTERS if r < 0.9 else ALNUM
            add(substitute(code, pos, pool), "cf")
    for code in valid[900:1100]:
        pos = rng.randrange(16)
        add(substitute(code, pos, PUNCT), "cf")
    for code in valid[1100:1200]:
        pos = rng.randrange(16)
        add(substitute(code, pos, NON_ASCII), "cf")
        add(substitute(code, pos, NON_ASCII), "piva")

    # --- adjacent transpositions -------------------------------------------
    for i, code in enumerate(valid[200:900]):
        pos = i % 15
        if code[pos] != code[pos + 1]:
            add(transpose(code, pos), "cf")

    # --- wrong check characters -------------------------------------------
    for code in valid[:400]:
        add(substitute(code, 15, LETTERS), "cf")
    for code in valid[600:620]:
        for c in LETTERS + DIGITS:
            add(code[:15] + c, "cf")

    # --- invalid (and borderline) months and days, check recomputed ----------
    special_days = [0, 1, 9, 10, 29, 30, 31, 32, 35, 39, 40, 41, 69, 70, 71, 72, 79,
                    80, 81, 85, 89, 90, 95, 99]
    for code in valid[:400]:
        dd = rng.choice(special_days)
        add(with_check(code[:9] + f"{dd:02d}" + code[11:15]), "cf")
    for dd in special_days:
        for month in range(1, 13):
            base = person_first15(month=month)
            add(with_check(base[:9] + f"{dd:02d}" + base[11:15]), "cf")
            # the same with omocodia on the day digits
            add(with_check(omocodia(base[:9] + f"{dd:02d}" + base[11:15], [9, 10])), "cf")
    for code in valid[600:900]:
        add(with_check(code[:8] + rng.choice(NOT_MONTHS) + code[9:15]), "cf")
    for code in valid[900:950]:
        add(with_check(code[:8] + rng.choice(DIGITS) + code[9:15]), "cf")

    # --- random pattern-shaped strings: right shape, random check letter ------
    for _ in range(600):
        s = (
            "".join(rng.choice(LETTERS) for _ in range(6))
            + "".join(rng.choice(DIGITS + OMO) for _ in range(2))
            + rng.choice(LETTERS)
            + "".join(rng.choice(DIGITS + OMO) for _ in range(2))
            + rng.choice(LETTERS)
            + "".join(rng.choice(DIGITS + OMO) for _ in range(3))
            + rng.choice(LETTERS)
        )
        add(s, "cf")
    for _ in range(300):
        add("".join(rng.choice(ALNUM) for _ in range(16)), "cf")

    # --- partite IVA -----------------------------------------------------------
    pive = [piva() for _ in range(1000)]
    for p in pive:
        add_both(p)
    for office in ["000", "001", "050", "099", "100", "101", "110", "119", "120", "121",
                   "122", "200", "500", "887", "888", "889", "998", "999"]:
        for _ in range(12):
            add_both(piva(office=office))
    for _ in range(40):  # matricola all zero, otherwise well formed
        add_both(piva(matricola="0000000"))
    for matricola in ["0000001", "0000010", "1000000", "9999999"]:
        add_both(piva(matricola=matricola, office="001"))
    # single-digit corruptions, each position
    for i, p in enumerate(pive[:660]):
        pos = i % 11
        add_both(substitute(p, pos, DIGITS))
    # adjacent transpositions
    for i, p in enumerate(pive[:500]):
        pos = i % 10
        if p[pos] != p[pos + 1]:
            add_both(transpose(p, pos))
    # wrong check digits
    for p in pive[:400]:
        add_both(substitute(p, 10, DIGITS))
    # non-digit characters
    for p in pive[400:600]:
        pos = rng.randrange(11)
        add_both(substitute(p, pos, LETTERS + PUNCT))
    # random 11-digit strings
    for _ in range(200):
        add_both("".join(rng.choice(DIGITS) for _ in range(11)))
    # 11 alphanumeric characters given to the cf checker
    for _ in range(100):
        add("".join(rng.choice(ALNUM) for _ in range(11)), "cf")
    # person codes given to the piva checker
    for code in valid[:200]:
        add(code, "piva")

    # --- wrong lengths ----------------------------------------------------------
    add_both("")
    for code in valid[1200:1500]:
        n = rng.choice([1, 5, 10, 12, 14, 15, 17, 18, 20, 32])
        s = (code * 3)[:n] if n > 16 else code[:n]
        add(s, "cf")
    for code in valid[1500:1600]:
        add(code + rng.choice(ALNUM), "cf")
        add(code[:15], "cf")
    for p in pive[:300]:
        n = rng.choice([1, 7, 9, 10, 12, 13, 16])
        s = (p + p)[:n] if n > 11 else p[:n]
        add_both(s)
    for p in pive[300:400]:
        add_both(p + rng.choice(DIGITS))
        add_both(p[:10])

    # --- write -----------------------------------------------------------------
    counts = {"cf": [0, 0], "piva": [0, 0]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["codice", "tipo", "valido"])
        for code, tipo in rows:
            assert not any(c in code for c in ',"\r\n'), code
            if tipo == "cf":
                assert codicefiscale.compact(code) == code, code
                ok = codicefiscale.is_valid(code)
            else:
                assert iva.compact(code) == code, code
                ok = iva.is_valid(code)
            counts[tipo][ok] += 1
            w.writerow([code, tipo, "1" if ok else "0"])
    total = sum(sum(v) for v in counts.values())
    print(f"{OUT}: {total} rows; cf valid/invalid {counts['cf'][1]}/{counts['cf'][0]}, "
          f"piva valid/invalid {counts['piva'][1]}/{counts['piva'][0]}; "
          f"{OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
