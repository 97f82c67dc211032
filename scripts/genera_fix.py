#!/usr/bin/env python3
"""Generates fixtures/fix/: documents damaged the ways a user's tools damage
them, one way per file (and one file with all of them), each with its
undamaged original in fixtures/fix/originali/ under the same name; files
no repair can fix (each KO for exactly one reason); and misto.zip, an
archive mixing all of them with valid files and a non-XML file, in a
folder, with fixed timestamps, for tests/fix_cli.rs.

    python3 scripts/genera_fix.py

Every file is derived from fixtures/validi/ by one small, named change.
Output is deterministic.
"""

import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "fixtures" / "validi"
OUT = ROOT / "fixtures" / "fix"
ORIGINALS = OUT / "originali"

CAND = (VALID / "candidatura.xml").read_text(encoding="utf-8")
VAC = (VALID / "vacancy.xml").read_text(encoding="utf-8")
MSG = (VALID / "messaggio.xml").read_text(encoding="utf-8")

# A CV whose employer's name holds an escaped ampersand.
CAND_AMP = CAND.replace("Esempio Software S.r.l.", "Rossi &amp; Figli S.r.l.")


def swap_names(text):
    return text.replace(
        "      <cognome>Bianchi</cognome>\n      <nome>Giulia</nome>\n",
        "      <nome>Giulia</nome>\n      <cognome>Bianchi</cognome>\n",
    )


def once(text, old, new):
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


# name -> (original text, damaged bytes)
REPAIRABLE = {
    "codifica-ansi.xml": (CAND, CAND.encode("cp1252")),
    "codifica-unicode.xml": (CAND, b"\xff\xfe" + CAND.encode("utf-16-le")),
    "codifica-dichiarata-latin1.xml": (
        CAND,
        once(CAND, 'encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("utf-8"),
    ),
    "righe-vuote-prima-di-xml.xml": (VAC, ("\r\n\r\n" + VAC).encode("utf-8")),
    "e-commerciale.xml": (CAND_AMP, CAND_AMP.replace("&amp;", "&").encode("utf-8")),
    "spazio-dopo-il-cap.xml": (CAND, once(CAND, "<cap>20133</cap>", "<cap>20133 </cap>").encode("utf-8")),
    "codice-fiscale-minuscolo.xml": (
        CAND,
        once(CAND, "BNCGLI95M52F205J", "bncgli95m52f205j").encode("utf-8"),
    ),
    "si-minuscolo.xml": (
        CAND,
        once(CAND, "<trasferte>SI</trasferte>", "<trasferte>si</trasferte>").encode("utf-8"),
    ),
    "data-italiana.xml": (
        CAND,
        once(
            once(CAND, "<datanascita>1995-08-12<", "<datanascita>12/08/1995<"),
            "2026-11-02T09:30:00",
            "02/11/2026 09:30",
        ).encode("utf-8"),
    ),
    "nome-prima-del-cognome.xml": (CAND, swap_names(CAND).encode("utf-8")),
    "tutto-insieme.xml": (
        CAND,
        (
            "\n\n"
            + swap_names(
                once(
                    once(CAND, "<datanascita>1995-08-12<", "<datanascita>12.08.1995<"),
                    "<sesso>F</sesso>",
                    "<sesso>f</sesso>",
                )
            )
        ).encode("cp1252"),
    ),
}

# name -> damaged text (each KO for one reason no repair may fix)
UNREPAIRABLE = {
    "manca-il-cognome.xml": once(CAND, "      <cognome>Bianchi</cognome>\n", ""),
    "carattere-di-controllo-errato.xml": once(CAND, "BNCGLI95M52F205J", "BNCGLI95M52F205K"),
    "elemento-sconosciuto.xml": once(
        CAND, "<nome>Giulia</nome>", "<nome>Giulia</nome>\n      <secondonome>Maria</secondonome>"
    ),
    "testo-troppo-lungo.xml": once(CAND, "<nome>Giulia</nome>", "<nome>" + "Giulia " * 20 + "</nome>"),
}

VALID_FILES = {"valida-vacancy.xml": VAC, "valido-messaggio.xml": MSG}

STAMP = (2025, 3, 14, 9, 26, 52)


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    ORIGINALS.mkdir(parents=True)
    for name, (original, damaged) in REPAIRABLE.items():
        (OUT / name).write_bytes(damaged)
        (ORIGINALS / name).write_text(original, encoding="utf-8", newline="")
    for name, text in UNREPAIRABLE.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="")
    # The archive: a folder, valid files among the others, a note that is
    # not XML, one entry stored rather than deflated, fixed timestamps.
    entries = []
    entries.append(("comunicazioni/", None))
    for name in VALID_FILES:
        entries.append((f"comunicazioni/{name}", VALID_FILES[name].encode("utf-8")))
    for name in REPAIRABLE:
        entries.append((f"comunicazioni/{name}", REPAIRABLE[name][1]))
    for name in UNREPAIRABLE:
        entries.append((f"comunicazioni/{name}", UNREPAIRABLE[name].encode("utf-8")))
    entries.append(("leggimi.txt", "Archivio di prova per clic fix.\n".encode("utf-8")))
    with zipfile.ZipFile(OUT / "misto.zip", "w") as archive:
        for i, (name, data) in enumerate(entries):
            info = zipfile.ZipInfo(name, date_time=(2025, 3, 14, 9, i % 60, 52 - 2 * (i % 20)))
            if data is None:
                info.external_attr = 0o40755 << 16 | 0x10
                archive.writestr(info, b"")
                continue
            info.compress_type = zipfile.ZIP_STORED if name.endswith("si-minuscolo.xml") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    print(f"fixtures/fix: {len(REPAIRABLE)} repairable, {len(UNREPAIRABLE)} unrepairable, misto.zip")


if __name__ == "__main__":
    main()
