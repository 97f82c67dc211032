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

    # CL0107: one character over the maximum (cognome: 50). The long
    # surname keeps the consonants of Bianchi, so the codice fiscale agrees.
    write("CL0107-ko-cognome-51-caratteri.xml", edit(CAND, "<cognome>Bianchi</cognome>", "<cognome>Bianchi" + "a" * 44 + "</cognome>"))
    write("CL0107-ok-cognome-50-caratteri.xml", edit(CAND, "<cognome>Bianchi</cognome>", "<cognome>Bianchi" + "a" * 43 + "</cognome>"))

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
    # Archives that hold several CVs hold different workers: copies, or the
    # same worker twice, are warned about (CL0901, CL0902).
    second = b(sister(13))

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
    write("CL0007-ok-due-file-veri.zip", zip_of([("cv.xml", cv), ("copia.xml", second)]))

    # CL0008: two entries with the same name.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write("CL0008-ko-nome-duplicato.zip", zip_of([("cv.xml", cv), ("cv.xml", cv)]))
    write("CL0008-ok-nomi-distinti.zip", zip_of([("cv.xml", cv), ("cv-2.xml", second)]))

    # CL0009: a name that escapes the archive.
    write("CL0009-ko-nome-con-punti.zip", zip_of([("../cv.xml", cv)]))
    write("CL0009-ok-nome-in-sottocartella.zip", zip_of([("curricula/cv.xml", cv)]))

    # CL0010: a file that is not .xml (warning: the archive stays OK).
    write("CL0010-ko-pdf-nell-archivio.zip", zip_of([("cv.xml", cv), ("cv.pdf", b"%PDF-1.4\n")]))
    write("CL0010-ok-solo-xml.zip", zip_of([("cv.xml", cv)]))

    # CL0011: macOS metadata (a note).
    write("CL0011-ko-metadati-macos.zip", zip_of([("cv.xml", cv), ("__MACOSX/._cv.xml", b"\x00\x05\x16\x07")]))
    write("CL0011-ok-senza-metadati.zip", zip_of([("cv.xml", cv)]))
    # CL0011: Windows clutter (a note, like __MACOSX).
    write("CL0011-ko-thumbs-db-di-windows.zip", zip_of([("cv.xml", cv), ("Thumbs.db", b"\xd0\xcf\x11\xe0")]))

    # CL0012: an archive cut short (its central directory is gone).
    full = zip_of([("cv.xml", cv), ("vacancy.xml", vac)])
    write("CL0012-ko-archivio-troncato.zip", full[: len(full) // 2])
    write("CL0012-ok-archivio-intero.zip", full)

    # CL0013: more entries than --max-entries.
    three = zip_of([("cv-1.xml", cv), ("cv-2.xml", second), ("vacancy.xml", vac)])
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

    # CL0017: a PDF saved with the .xml extension (in an archive, as a
    # secretary's export would be).
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    write("CL0017-ko-pdf-chiamato-xml.zip", zip_of([("cv.xml", pdf)]))
    write("CL0017-ok-xml-vero.zip", zip_of([("cv.xml", cv)]))

    # CL0018: a RAR archive renamed .zip (RAR 5 signature and a header).
    write("CL0018-ko-rar-chiamato-zip.zip", b"Rar!\x1a\x07\x01\x00\x33\x92\xb5\xe5\x0a\x01\x05\x06\x00\x05\x01\x01\x80\x80\x00")
    write("CL0018-ok-zip-vero.zip", zip_of([("cv.xml", cv)]))


MONTHS = "ABCDEHLMPRST"
ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
                11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def cf(year, month, day, female=True, place="F205", letters="BNCGLI"):
    """A person's codice fiscale (the published algorithm), for fixtures
    whose birth data must agree with the code."""
    return with_check(f"{letters}{year % 100:02d}{MONTHS[month - 1]}{day + (40 if female else 0):02d}{place}")


def with_check(first15):
    total = 0
    for i, c in enumerate(first15):
        if i % 2 == 0:
            total += ODD[c]
        else:
            total += int(c) if c.isdigit() else ord(c) - ord("A")
    return first15 + chr(ord("A") + total % 26)


assert cf(1995, 8, 12) == "BNCGLI95M52F205J"
ASSIGNED_CV = "0301526221000000000000042"
ASSIGNED_VACANCY = "0301526211000000000000042"
ZEROS = "0" * 25


def born(text, when, place="F205"):
    """The CV with another birth date (and birthplace), codice fiscale kept coherent."""
    y, m, d = (int(x) for x in when.split("-"))
    text = edit(text, "BNCGLI95M52F205J", cf(y, m, d, place=place))
    text = edit(text, "<datanascita>1995-08-12</datanascita>", f"<datanascita>{when}</datanascita>")
    return edit(
        text,
        "<idcomune>F205</idcomune>\n      <idcittadinanza>",
        f"<idcomune>{place}</idcomune>\n      <idcittadinanza>",
    )


def domicile(text, code):
    return edit(text, "<idcomune>F205</idcomune>\n      <cap>20133", f"<idcomune>{code}</idcomune>\n      <cap>20133")


def closing(text, previous=ASSIGNED_CV, motivo="01"):
    """The CV turned into a closure (tipo 02)."""
    extra = f"\n    <motivochiusura>{motivo}</motivochiusura>" if motivo else ""
    text = edit(text, "<tipocandidatura>01</tipocandidatura>", "<tipocandidatura>02</tipocandidatura>" + extra)
    if previous:
        text = edit(
            text,
            f"<codicecandidatura>{ZEROS}</codicecandidatura>",
            f"<codicecandidatura>{ZEROS}</codicecandidatura>\n    "
            f"<codicecandidaturaprecedente>{previous}</codicecandidaturaprecedente>",
        )
    return text


def sister(day):
    """The valid CV's worker born on another day of August 1995: another
    person, with her own codice fiscale."""
    text = edit(CAND, "<datanascita>1995-08-12", f"<datanascita>1995-08-{day:02}")
    return edit(text, "BNCGLI95M52F205J", with_check(f"BNCGLI95M{day + 40}F205"))


def own_code(text, code):
    return edit(text, f"<codicecandidatura>{ZEROS}", f"<codicecandidatura>{code}")


def rule_files():
    """Schema-valid documents that break (or just respect) one business rule."""
    # CL0201: a wrong check character; an omocodia variant is fine.
    write("CL0201-ko-carattere-di-controllo.xml", edit(CAND, "BNCGLI95M52F205J", "BNCGLI95M52F205K"))
    write("CL0201-ok-omocodia.xml", edit(CAND, "BNCGLI95M52F205J", with_check("BNCGLI95M52F20R")))

    # CL0202: a provisional 11-digit code with a wrong check digit.
    write("CL0202-ko-provvisorio-errato.xml", edit(CAND, "BNCGLI95M52F205J", "01234560018"))
    write("CL0202-ok-provvisorio-valido.xml", edit(CAND, "BNCGLI95M52F205J", "01234560017"))

    # CL0203: the intermediary's code with a country prefix.
    write("CL0203-ko-prefisso-it.xml", edit(CAND, ">01234560017<", ">IT01234560017<"))
    write("CL0203-ok-professionista-16.xml", edit(CAND, ">01234560017<", ">RSSMRA80A01H501U<"))

    # CL0204: the code of a woman, declared male (warning).
    write("CL0204-ko-sesso-diverso.xml", edit(CAND, "<sesso>F</sesso>", "<sesso>M</sesso>"))
    write("CL0204-ok-dati-coerenti.xml", born(CAND, "1998-02-28", "H501"))

    # CL0210: an intermediary code with an unknown kind letter.
    write("CL0210-ko-tipo-x.xml", edit(CAND, "F205U000042", "F205X000042"))
    write("CL0210-ok-tipo-e.xml", edit(CAND, "F205U000042", "F205E000042"))

    # CL0211: an intermediary seat that is no comune; a ceased one is fine.
    write("CL0211-ko-sede-inesistente.xml", edit(CAND, "F205U000042", "Y999U000042"))
    write("CL0211-ok-sede-comune-cessato.xml", edit(CAND, "F205U000042", "A002U000042"))

    # CL0301: an ATECO code that does not exist.
    write("CL0301-ko-ateco-inesistente.xml", edit(VAC, "<settore>62.01.00", "<settore>62.01.99"))
    write("CL0301-ok-ateco-esistente.xml", edit(VAC, "<settore>62.01.00", "<settore>62.02.00"))

    # CL0302: born in 1995 in a comune created in 2026; Abetone existed then.
    write("CL0302-ko-comune-nato-dopo.xml", born(CAND, "1995-08-12", "M439"))
    write("CL0302-ok-comune-poi-cessato.xml", born(CAND, "1995-08-12", "A012"))

    # CL0303: a domicile in a comune that ceased in 1928; Abano (renamed) still exists.
    write("CL0303-ko-domicilio-cessato.xml", domicile(CAND, "A002"))
    write("CL0303-ok-domicilio-rinominato.xml", domicile(CAND, "A001"))

    # CL0304: a domicile abroad.
    write("CL0304-ko-domicilio-usa.xml", domicile(CAND, "Z404"))
    write("CL0304-ok-domicilio-roma.xml", domicile(CAND, "H501"))

    # CL0305: a course held in a place that is no comune; 0000 means not given.
    write("CL0305-ko-sede-inesistente.xml", edit(CAND, "<idsede>F205", "<idsede>Y999"))
    write("CL0305-ok-sede-non-indicata.xml", edit(CAND, "<idsede>F205", "<idsede>0000"))

    # CL0401-CL0403: sent 2026-11-02, so the latest expiry is 2027-01-01.
    write("CL0401-ko-scadenza-61-giorni.xml", edit(CAND, "2026-12-31", "2027-01-02"))
    write("CL0401-ok-scadenza-60-giorni.xml", edit(CAND, "2026-12-31", "2027-01-01"))
    write("CL0402-ko-senza-scadenza.xml", edit(CAND, "    <datascadenza>2026-12-31</datascadenza>\n", ""))
    write("CL0402-ok-con-scadenza.xml", CAND)
    write("CL0403-ko-scadenza-prima-dell-invio.xml", edit(CAND, "2026-12-31", "2026-11-01"))
    write("CL0403-ok-scadenza-giorno-dell-invio.xml", edit(CAND, "2026-12-31", "2026-11-02"))

    # CL0404: an experience that ends before it starts.
    write("CL0404-ko-inizio-dopo-fine.xml", edit(CAND, "<datainizio>2023-03-01", "<datainizio>2023-09-01"))
    write("CL0404-ok-inizio-uguale-fine.xml", edit(CAND, "<datainizio>2023-03-01", "<datainizio>2023-08-31"))

    # CL0405 / CL0406: birth dates against the sending date (no experiences).
    no_experience = CAND[: CAND.index("    <EsperienzeLavorative>")] + CAND[CAND.index("    <Istruzione>") :]
    write("CL0405-ko-nata-dopo-l-invio.xml", born(no_experience, "2027-01-05"))
    write("CL0405-ok-nata-il-giorno-dell-invio-meno-15-anni.xml", born(no_experience, "2011-11-02"))
    write("CL0406-ko-14-anni.xml", born(no_experience, "2011-11-03"))
    write("CL0406-ok-15-anni.xml", born(no_experience, "2011-11-02"))

    # CL0407: an experience starting the day before birth.
    write("CL0407-ko-esperienza-prima-della-nascita.xml", edit(CAND, "<datainizio>2023-03-01", "<datainizio>1995-08-11"))
    write("CL0407-ok-esperienza-dal-giorno-della-nascita.xml", edit(CAND, "<datainizio>2023-03-01", "<datainizio>1995-08-12"))

    # CL0408: an experience starting after sending (warning).
    later = edit(CAND, "<datafine>2023-08-31", "<datafine>2027-05-31")
    write("CL0408-ko-esperienza-futura.xml", edit(later, "<datainizio>2023-03-01", "<datainizio>2026-11-03"))
    write("CL0408-ok-esperienza-dal-giorno-dell-invio.xml", edit(later, "<datainizio>2023-03-01", "<datainizio>2026-11-02"))

    # CL0501-CL0505: closures and updates.
    write("CL0501-ko-chiusura-senza-precedente.xml", closing(CAND, previous=None))
    write("CL0501-ok-chiusura-con-precedente.xml", closing(CAND))
    write("CL0502-ko-chiusura-senza-motivo.xml", closing(CAND, motivo=None))
    write("CL0502-ok-chiusura-con-motivo.xml", closing(CAND))
    motivo = edit(CAND, "<tipocandidatura>01</tipocandidatura>", "<tipocandidatura>01</tipocandidatura>\n    <motivochiusura>01</motivochiusura>")
    write("CL0503-ko-motivo-su-invio.xml", motivo)
    write("CL0503-ok-invio-senza-motivo.xml", CAND)
    update = edit(
        CAND,
        f"<codicecandidatura>{ZEROS}</codicecandidatura>",
        f"<codicecandidatura>{ZEROS}</codicecandidatura>\n    <codicecandidaturaprecedente>{ASSIGNED_CV}</codicecandidaturaprecedente>",
    )
    write("CL0504-ko-aggiornamento.xml", update)
    write("CL0504-ok-nuovo-invio.xml", CAND)
    write("CL0505-ko-precedente-di-una-vacancy.xml", closing(CAND, previous=ASSIGNED_VACANCY))
    write("CL0505-ok-precedente-di-una-candidatura.xml", closing(CAND, previous=ASSIGNED_CV))

    # CL0506-CL0508: the communication's own code and the sending mode.
    assigned = own_code(CAND, ASSIGNED_CV)
    write("CL0506-ko-codice-in-invio-massivo.xml", assigned)
    write("CL0506-ok-codice-in-cooperazione.xml", assigned, args="--modalita cooperazione")
    write("CL0507-ko-zeri-in-cooperazione.xml", CAND, args="--modalita cooperazione")
    write("CL0507-ok-zeri-in-invio-massivo.xml", CAND)
    write("CL0508-ko-coppia-dell-esempio-08-058.xml", own_code(CAND, "0805826221000000000000042"), args="--modalita cooperazione")
    write("CL0508-ok-lazio-roma-12-058.xml", own_code(CAND, "1205826221000000000000042"), args="--modalita cooperazione")

    # CL0601-CL0605: messages.
    write("CL0601-ko-azienda-senza-email.xml", edit(MSG, "      <email>lavora.con.noi@example.it</email>\n", ""))
    write("CL0601-ok-azienda-completa.xml", MSG)
    reference = "      <codiceoffertacandidatura>0301526221000000000000042</codiceoffertacandidatura>\n"
    write("CL0602-ko-contatto-senza-riferimento.xml", edit(MSG, reference, ""))
    write("CL0602-ok-contatto-con-riferimento.xml", MSG)
    reply = edit(MSG, "<tipocomunicazione>03", "<tipocomunicazione>04")
    reply = edit(reply, "0301526233000000000000007", "0301526234000000000000008")
    write("CL0603-ko-risposta-senza-precedente.xml", reply)
    write(
        "CL0603-ok-risposta-con-precedente.xml",
        edit(
            reply,
            "</codicemessaggio>",
            "</codicemessaggio>\n    <codicemessaggioprecedente>0301526233000000000000007</codicemessaggioprecedente>",
        ),
    )
    write(
        "CL0604-ko-contatto-con-precedente.xml",
        edit(
            MSG,
            "</codicemessaggio>",
            "</codicemessaggio>\n    <codicemessaggioprecedente>0301526233000000000000006</codicemessaggioprecedente>",
        ),
    )
    write("CL0604-ok-contatto-senza-precedente.xml", MSG)
    recipient_cf = "      <codicefiscale>BNCGLI95M52F205J</codicefiscale>\n"
    write("CL0605-ko-cv-senza-destinatario.xml", edit(MSG, recipient_cf, ""))
    # A citizen writes about the vacancy of a foreign employer, who has no
    # codice fiscale (seed 000 §2.3): the vacancy's code is enough.
    citizen = edit(MSG, recipient_cf, "")
    citizen = edit(citizen, "<tiposoggetto>1</tiposoggetto>", "<tiposoggetto>2</tiposoggetto>")
    citizen = edit(citizen, "<codicefiscale>07654320014</codicefiscale>", "<codicefiscale>BNCGLI95M52F205J</codicefiscale>")
    citizen = edit(citizen, "<denominazione>Esempio Software S.r.l.</denominazione>", "<denominazione>Bianchi Giulia</denominazione>")
    citizen = edit(citizen, "<email>lavora.con.noi@example.it</email>", "<email>giulia.bianchi@example.it</email>\n      <codiceoffertacandidatura>0301526221000000000000042</codiceoffertacandidatura>")
    citizen = edit(citizen, "<denominazione>Bianchi Giulia</denominazione>\n      <comune>F205</comune>\n      <codiceoffertacandidatura>0301526221000000000000042", "<denominazione>Example Software Inc.</denominazione>\n      <comune>Z404</comune>\n      <codiceoffertacandidatura>0301526211000000000000042")
    citizen = edit(citizen, "Gentile candidata, il suo profilo è di nostro interesse: la invitiamo a un colloquio nella nostra sede di Milano. Può rispondere a questo messaggio per concordare data e ora.", "Buongiorno, sono interessata alla vostra offerta e allego il mio curriculum.")
    write("CL0605-ok-vacancy-di-datore-straniero.xml", citizen)
    write(
        "CL0605-ok-destinatario-intermediario.xml",
        edit(MSG, recipient_cf, "      <codiceintermediario>F205U000042</codiceintermediario>\n"),
    )


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
    # Another student (her sister): the same person twice would be warned
    # about (CL0902).
    latin = edit(sister(13), 'encoding="UTF-8"', 'encoding="ISO-8859-1"')
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


def across_files():
    """CL09xx: checks across the files of one archive."""
    cv = b(CAND)
    # Another worker: Neri Giulia, same birth data, her own codice fiscale.
    other = edit(edit(CAND, "<cognome>Bianchi</cognome>", "<cognome>Neri</cognome>"), "BNCGLI95M52F205J", with_check("NREGLI95M52F205"))
    other = edit(other, "giulia.bianchi@example.it", "giulia.neri@example.it")
    write("CL0901-ko-file-identici.zip", zip_of([("bianchi.xml", cv), ("bianchi-copia.xml", cv)]))
    write("CL0901-ok-file-diversi.zip", zip_of([("bianchi.xml", cv), ("neri.xml", b(other))]))
    # The same worker twice, with another e-mail address: not a copy.
    again = edit(CAND, "giulia.bianchi@example.it", "g.bianchi@example.it")
    write("CL0902-ko-stessa-persona.zip", zip_of([("bianchi.xml", cv), ("bianchi-2.xml", b(again))]))
    write("CL0902-ok-persone-diverse.zip", zip_of([("bianchi.xml", cv), ("neri.xml", b(other))]))
    # Two vacancies with the code their node assigned (cooperazione).
    code = "0301526111000000000000042"
    vacancy = edit(VAC, f"<codiceofferta>{ZEROS}", f"<codiceofferta>{code}")
    second = edit(vacancy, "<codiceoffertaintermediario>ESW-2026-0117", "<codiceoffertaintermediario>ESW-2026-0118")
    write(
        "CL0903-ko-stesso-codice.zip",
        zip_of([("vacancy-1.xml", b(vacancy)), ("vacancy-2.xml", b(second))]),
        args="--modalita cooperazione",
    )
    write(
        "CL0903-ok-codici-diversi.zip",
        zip_of([("vacancy-1.xml", b(vacancy)), ("vacancy-2.xml", b(edit(second, code, code[:-2] + "43")))]),
        args="--modalita cooperazione",
    )


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    xml_files()
    zip_files()
    rule_files()
    across_files()
    encodings()
    example_archive()
    print(f"{len(list(OUT.iterdir()))} file in {OUT.relative_to(ROOT)}, codifiche, esempio.zip")


if __name__ == "__main__":
    main()
