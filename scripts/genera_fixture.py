#!/usr/bin/env python3
"""Generates fixtures/codici/: for every diagnostic code, one file that is
KO (or warned) for exactly that reason and one that just avoids it; also
fixtures/codifiche/ (one CV in every accepted encoding) and the bundled
example archive fixtures/esempio.zip.

Each fixture is derived from the valid documents in fixtures/validi/ by one
small, named change, so that reading this script tells what each fixture
shows. Output is deterministic (fixed zip timestamps), so re-running it
changes nothing unless this script or fixtures/validi/ changed.

    python3 scripts/genera_fixture.py

Naming: CODE-ko-what.ext / CODE-ok-what.ext; an optional CODE-...args file
beside a fixture holds extra command-line arguments for `clic verify`.
The integration test tests/codici.rs runs every fixture.
"""

import io
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VALID = ROOT / "fixtures" / "validi"
OUT = ROOT / "fixtures" / "codici"
DATE = (2026, 1, 1, 0, 0, 0)

CAND = (VALID / "candidatura.xml").read_text(encoding="utf-8")
VAC = (VALID / "vacancy.xml").read_text(encoding="utf-8")
MSG = (VALID / "messaggio.xml").read_text(encoding="utf-8")


def edit(text, old, new, count=1):
    assert text.count(old) >= count, f"not found: {old!r}"
    return text.replace(old, new, count)


def write(name, data, args=None):
    path = OUT / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if args:
        path.with_suffix(".args").write_text(args + "\n", encoding="utf-8")


def zip_of(entries, method=zipfile.ZIP_DEFLATED):
    """entries: (name, bytes) or (ZipInfo-tweak function, name, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for entry in entries:
            tweak = None
            if len(entry) == 3:
                tweak, name, data = entry
            else:
                name, data = entry
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            if tweak:
                tweak(info)
            z.writestr(info, data)
    return buffer.getvalue()


def b(text, encoding="utf-8"):
    return text.encode(encoding)


def xml_files():
    # CL0001: empty file.
    write("CL0001-ko-file-vuoto.xml", b"")
    write("CL0001-ok-file-con-contenuto.xml", CAND)

    # CL0003: a file over --max-entry-bytes.
    write("CL0003-ko-oltre-il-limite.xml", CAND, args="--max-entry-bytes 2KiB")
    write("CL0003-ok-entro-il-limite.xml", CAND, args="--max-entry-bytes 8KiB")

    # CL0020: a Latin-1 byte in a file declared UTF-8.
    write(
        "CL0020-ko-latin1-in-utf8.xml",
        b(CAND).replace(b("Università"), b("Università", "latin-1")),
    )
    write("CL0020-ok-utf8-corretto.xml", CAND)

    # CL0021: UTF-8 byte-order mark, Latin-1 declaration.
    latin_decl = edit(CAND, 'encoding="UTF-8"', 'encoding="ISO-8859-1"')
    write("CL0021-ko-bom-utf8-dichiara-latin1.xml", b"\xef\xbb\xbf" + b(latin_decl, "latin-1"))
    write("CL0021-ok-bom-utf8-dichiara-utf8.xml", b"\xef\xbb\xbf" + b(CAND))

    # CL0022: an encoding the portal does not use.
    sjis = edit(CAND, 'encoding="UTF-8"', 'encoding="Shift_JIS"')
    write("CL0022-ko-shift-jis.xml", b(sjis.replace("Università", "Universita"), "ascii"))
    cp1252 = edit(CAND, 'encoding="UTF-8"', 'encoding="windows-1252"')
    write("CL0022-ok-windows-1252.xml", b(cp1252, "cp1252"))

    # CL0023: UTF-8 bytes declared as ISO-8859-1 (accents would be garbled).
    write("CL0023-ko-utf8-dichiarato-latin1.xml", b(latin_decl))
    write("CL0023-ok-latin1-dichiarato-latin1.xml", b(latin_decl, "latin-1"))

    # CL0030: a closing tag that does not match.
    write("CL0030-ko-tag-non-chiuso.xml", edit(CAND, "<nome>Giulia</nome>", "<nome>Giulia</nomee>"))
    write("CL0030-ok-tag-chiusi.xml", CAND)

    # CL0031: a DOCTYPE (entity expansion is never attempted).
    doctype = '<!DOCTYPE Candidatura [<!ENTITY ente "Universita">]>\n'
    write("CL0031-ko-doctype.xml", edit(CAND, "<Candidatura ", doctype + "<Candidatura "))
    write("CL0031-ok-senza-doctype.xml", CAND)

    # CL0032: nesting past --max-depth (a Candidatura is 4 levels deep).
    write("CL0032-ko-oltre-la-profondita.xml", CAND, args="--max-depth 3")
    write("CL0032-ok-entro-la-profondita.xml", CAND, args="--max-depth 4")

    # CL0040: a root element that is not a module.
    curriculum = CAND.replace("<Candidatura ", "<Curriculum ").replace("</Candidatura>", "</Curriculum>")
    write("CL0040-ko-radice-curriculum.xml", curriculum)
    write("CL0040-ok-radice-candidatura.xml", CAND)

    # CL0041: the right root without its namespace.
    write(
        "CL0041-ko-senza-namespace.xml",
        edit(CAND, ' xmlns="http://servizi.lavoro.gov.it/candidatura"', ""),
    )
    write(
        "CL0041-ok-namespace-con-prefisso.xml",
        CAND.replace("<", "<c:")
        .replace("<c:/", "</c:")
        .replace("<c:?xml", "<?xml")
        .replace('xmlns="', 'xmlns:c="'),
    )

    # CL0101: a mandatory field missing.
    write("CL0101-ko-manca-cognome.xml", edit(CAND, "      <cognome>Bianchi</cognome>\n", ""))
    write("CL0101-ok-manca-solo-un-facoltativo.xml", edit(CAND, "      <cellulare>3331234567</cellulare>\n", ""))

    # CL0102: an element the module does not have.
    write(
        "CL0102-ko-secondo-nome.xml",
        edit(CAND, "<nome>Giulia</nome>", "<nome>Giulia</nome>\n      <secondonome>Maria</secondonome>"),
    )
    write("CL0102-ok-nomi-giusti.xml", CAND)

    # CL0103: two fields swapped.
    write(
        "CL0103-ko-nome-prima-del-cognome.xml",
        edit(
            CAND,
            "<cognome>Bianchi</cognome>\n      <nome>Giulia</nome>",
            "<nome>Giulia</nome>\n      <cognome>Bianchi</cognome>",
        ),
    )
    write("CL0103-ok-ordine-giusto.xml", CAND)

    # CL0104: a field that may appear once, twice.
    write("CL0104-ko-sesso-due-volte.xml", edit(CAND, "<sesso>F</sesso>", "<sesso>F</sesso>\n      <sesso>F</sesso>"))
    lingue = "    <Lingue>\n      <idlingua>FRA</idlingua>\n      <idlivelloletto>A2</idlivelloletto>\n    </Lingue>\n"
    write("CL0104-ok-lingue-ripetibili.xml", edit(CAND, "    <ConoscenzeInformatiche>", lingue + "    <ConoscenzeInformatiche>"))

    # CL0105: a value outside a closed list.
    write("CL0105-ko-sesso-minuscolo.xml", edit(CAND, "<sesso>F</sesso>", "<sesso>f</sesso>"))
    write("CL0105-ok-sesso-maiuscolo.xml", CAND)

    # CL0106: a value in the wrong format.
    write("CL0106-ko-cap-di-quattro-cifre.xml", edit(CAND, "<cap>20133</cap>", "<cap>2013</cap>"))
    write("CL0106-ok-cap-di-cinque-cifre.xml", CAND)

    # CL0107: one character over the maximum (cognome: 50).
    write("CL0107-ko-cognome-51-caratteri.xml", edit(CAND, "<cognome>Bianchi</cognome>", "<cognome>" + "B" * 51 + "</cognome>"))
    write("CL0107-ok-cognome-50-caratteri.xml", edit(CAND, "<cognome>Bianchi</cognome>", "<cognome>" + "B" * 50 + "</cognome>"))

    # CL0108: a mandatory value left empty.
    write("CL0108-ko-cognome-vuoto.xml", edit(CAND, "<cognome>Bianchi</cognome>", "<cognome></cognome>"))
    write("CL0108-ok-facoltativo-vuoto.xml", edit(CAND, "<votazione>110/110 e lode</votazione>", "<votazione></votazione>"))

    # CL0109: a date that does not exist.
    write("CL0109-ko-30-febbraio.xml", edit(CAND, "<datainizio>2023-03-01</datainizio>", "<datainizio>2023-02-30</datainizio>"))
    write("CL0109-ok-28-febbraio.xml", edit(CAND, "<datainizio>2023-03-01</datainizio>", "<datainizio>2023-02-28</datainizio>"))

    # CL0110: one element in another namespace.
    write(
        "CL0110-ko-nome-in-altro-namespace.xml",
        edit(CAND, "<nome>Giulia</nome>", '<x:nome xmlns:x="urn:esempio:altro">Giulia</x:nome>'),
    )
    write(
        "CL0110-ok-namespace-ridichiarato-uguale.xml",
        edit(CAND, "<nome>Giulia</nome>", '<nome xmlns="http://servizi.lavoro.gov.it/candidatura">Giulia</nome>'),
    )

    # CL0111: an attribute the module does not declare.
    write("CL0111-ko-attributo-lingua.xml", edit(CAND, "<cognome>", '<cognome lang="it">'))
    write(
        "CL0111-ok-xsi-schemalocation.xml",
        edit(
            CAND,
            'xmlns="http://servizi.lavoro.gov.it/candidatura"',
            'xmlns="http://servizi.lavoro.gov.it/candidatura" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://servizi.lavoro.gov.it/candidatura candidatura.xsd"',
        ),
    )

    # CL0112: text written inside a section, outside any field.
    write("CL0112-ko-testo-in-domicilio.xml", edit(CAND, "<Domicilio>", "<Domicilio>Milano"))
    write("CL0112-ok-commento-in-domicilio.xml", edit(CAND, "<Domicilio>", "<Domicilio><!-- Milano -->"))

    # CL0113: a communication code one character short.
    write(
        "CL0113-ko-codice-di-24-caratteri.xml",
        edit(CAND, "<codicecandidatura>0000000000000000000000000", "<codicecandidatura>000000000000000000000000"),
    )
    write("CL0113-ok-codice-di-25-caratteri.xml", CAND)

    # CL0199: child elements where the schema wants text.
    write("CL0199-ko-elemento-dentro-cognome.xml", edit(CAND, "<cognome>Bianchi</cognome>", "<cognome><b>Bianchi</b></cognome>"))
    write("CL0199-ok-testo-semplice.xml", CAND)


def zip_files():
    cv = b(CAND)
    vac = b(VAC)

    # CL0002: an entry whose data no longer matches its CRC.
    stored = zip_of([("cv.xml", cv)], zipfile.ZIP_STORED)
    damaged = bytearray(stored)
    at = damaged.index(b"Bianchi")
    damaged[at] = ord("X")
    write("CL0002-ko-crc-errato.zip", bytes(damaged))
    write("CL0002-ok-crc-corretto.zip", stored)

    # CL0004: a 2 MiB entry that compresses more than 200:1.
    padded = cv + b"<!--" + b" " * (2 * 1024 * 1024) + b"-->\n"
    write("CL0004-ko-zip-bomb.zip", zip_of([("cv.xml", padded)]))
    write("CL0004-ok-rapporto-consentito.zip", zip_of([("cv.xml", padded)]), args="--max-ratio 5000")

    # CL0005: an archive inside the archive.
    inner = zip_of([("cv.xml", cv)])
    write("CL0005-ko-zip-dentro-zip.zip", zip_of([("cv.zip", inner)]))
    write("CL0005-ok-xml-direttamente.zip", zip_of([("cv.xml", cv)]))

    # CL0006: an entry flagged as encrypted. Python's zipfile clears the
    # flag on write, so it is set in the raw headers (general-purpose bit 0
    # of the local header and of the central directory record).
    flagged = bytearray(zip_of([("cv.xml", cv)], zipfile.ZIP_STORED))
    flagged[6] |= 0x1
    central = flagged.index(b"PK\x01\x02")
    flagged[central + 8] |= 0x1
    write("CL0006-ko-voce-cifrata.zip", bytes(flagged))
    write("CL0006-ok-voce-in-chiaro.zip", zip_of([("cv.xml", cv)], zipfile.ZIP_STORED))

    # CL0007: a symbolic link entry.
    def symlink(info):
        info.create_system = 3
        info.external_attr = (0o120777 << 16)

    write("CL0007-ko-collegamento.zip", zip_of([("cv.xml", cv), (symlink, "copia.xml", b"cv.xml")]))
    write("CL0007-ok-due-file-veri.zip", zip_of([("cv.xml", cv), ("copia.xml", cv)]))

    # CL0008: two entries with the same name.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write("CL0008-ko-nome-duplicato.zip", zip_of([("cv.xml", cv), ("cv.xml", cv)]))
    write("CL0008-ok-nomi-distinti.zip", zip_of([("cv.xml", cv), ("cv-2.xml", cv)]))

    # CL0009: a name that escapes the archive.
    write("CL0009-ko-nome-con-punti.zip", zip_of([("../cv.xml", cv)]))
    write("CL0009-ok-nome-in-sottocartella.zip", zip_of([("curricula/cv.xml", cv)]))

    # CL0010: a file that is not .xml (warning: the archive stays OK).
    write("CL0010-ko-pdf-nell-archivio.zip", zip_of([("cv.xml", cv), ("cv.pdf", b"%PDF-1.4\n")]))
    write("CL0010-ok-solo-xml.zip", zip_of([("cv.xml", cv)]))

    # CL0011: macOS metadata (a note).
    write("CL0011-ko-metadati-macos.zip", zip_of([("cv.xml", cv), ("__MACOSX/._cv.xml", b"\x00\x05\x16\x07")]))
    write("CL0011-ok-senza-metadati.zip", zip_of([("cv.xml", cv)]))

    # CL0012: an archive cut short (its central directory is gone).
    full = zip_of([("cv.xml", cv), ("vacancy.xml", vac)])
    write("CL0012-ko-archivio-troncato.zip", full[: len(full) // 2])
    write("CL0012-ok-archivio-intero.zip", full)

    # CL0013: more entries than --max-entries.
    three = zip_of([("cv-1.xml", cv), ("cv-2.xml", cv), ("vacancy.xml", vac)])
    write("CL0013-ko-troppe-voci.zip", three, args="--max-entries 2")
    write("CL0013-ok-voci-entro-il-limite.zip", three, args="--max-entries 3")

    # CL0014: an archive expanding past --max-total-bytes.
    write("CL0014-ko-archivio-oltre-il-limite.zip", three, args="--max-total-bytes 8KiB")
    write("CL0014-ok-archivio-entro-il-limite.zip", three, args="--max-total-bytes 64KiB")

    # CL0015: an archive with no .xml at all.
    write("CL0015-ko-archivio-vuoto.zip", zip_of([]))
    write("CL0015-ok-archivio-con-xml.zip", zip_of([("cv.xml", cv)]))

    # CL0016: a compression method other than Stored/Deflate.
    write("CL0016-ko-bzip2.zip", zip_of([("cv.xml", cv)], zipfile.ZIP_BZIP2))
    write("CL0016-ok-deflate.zip", zip_of([("cv.xml", cv)], zipfile.ZIP_DEFLATED))


def encodings():
    """fixtures/codifiche: the same CV in every accepted encoding, with
    accented letters and the euro sign where the encoding has them."""
    out = ROOT / "fixtures" / "codifiche"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    accented = edit(CAND, "Via Giovanni Celoria 18", "Via Nicolò Tommaseo 5, Forlì")
    euro = edit(accented, "Sei mesi di tirocinio", "Tirocinio retribuito 800 € al mese, sei mesi")

    def declared(text, label):
        return edit(text, 'encoding="UTF-8"', f'encoding="{label}"')

    files = {
        "utf-8.xml": b(euro),
        "utf-8-con-bom.xml": b"\xef\xbb\xbf" + b(euro),
        "utf-8-senza-dichiarazione.xml": b(euro.split("\n", 1)[1]),
        "utf-16le-con-bom.xml": b"\xff\xfe" + declared(euro, "UTF-16").encode("utf-16-le"),
        "utf-16be-con-bom.xml": b"\xfe\xff" + declared(euro, "UTF-16").encode("utf-16-be"),
        "iso-8859-1.xml": declared(accented, "ISO-8859-1").encode("latin-1"),
        "windows-1252.xml": declared(euro, "windows-1252").encode("cp1252"),
        "iso-8859-15.xml": declared(euro, "ISO-8859-15").encode("iso8859-15"),
        "crlf-windows.xml": b(euro.replace("\n", "\r\n")),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)


def example_archive():
    """fixtures/esempio.zip: what a school's upload looks like, OK and KO."""
    latin = edit(CAND, 'encoding="UTF-8"', 'encoding="ISO-8859-1"')
    latin = edit(latin, "Via Giovanni Celoria 18", "Via Nicolò Tommaseo 5, Forlì")
    entries = [
        ("cv-giulia-bianchi.xml", b(CAND)),
        ("cv-latin1-via-tommaseo.xml", latin.encode("latin-1")),
        ("cv-senza-email.xml", b(edit(CAND, "      <email>giulia.bianchi@example.it</email>\n", ""))),
        ("cv-data-inesistente.xml", b(edit(CAND, "<datafine>2023-08-31</datafine>", "<datafine>2023-09-31</datafine>"))),
        ("vacancy-sviluppatore.xml", b(VAC)),
        (
            "vacancy-campi-in-ordine-errato.xml",
            b(
                edit(
                    VAC,
                    "<denominazione>Esempio Software S.r.l.</denominazione>\n      <settore>62.01.00</settore>",
                    "<settore>62.01.00</settore>\n      <denominazione>Esempio Software S.r.l.</denominazione>",
                )
            ),
        ),
        ("vacancy-settore-non-ateco.xml", b(edit(VAC, "<settore>62.01.00</settore>", "<settore>62.01</settore>"))),
        ("messaggio-contatto.xml", b(MSG)),
        ("leggimi.txt", b"Curricula degli studenti, sessione autunnale.\n"),
        ("__MACOSX/._cv-giulia-bianchi.xml", b"\x00\x05\x16\x07"),
    ]
    (ROOT / "fixtures" / "esempio.zip").write_bytes(zip_of(entries))


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    xml_files()
    zip_files()
    encodings()
    example_archive()
    print(f"{len(list(OUT.iterdir()))} file in {OUT.relative_to(ROOT)}, codifiche, esempio.zip")


if __name__ == "__main__":
    main()
