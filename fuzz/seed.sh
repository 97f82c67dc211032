#!/bin/sh
# Seeds the fuzzing corpora from the repository's fixtures (run from
# anywhere, before fuzzing). The corpora are generated, never committed:
# libFuzzer adds to them as it runs.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
fixtures="$fuzz/../fixtures"

documents="$fuzz/corpus/check_document"
archives="$fuzz/corpus/read_archive"
repairs="$fuzz/corpus/repair"
mkdir -p "$documents" "$archives" "$repairs"

# The per-file pass: valid documents of each module, every encoding, and
# each code's OK/KO pair (the .xml ones).
cp "$fixtures"/validi/*.xml "$fixtures"/codifiche/*.xml "$fixtures"/codici/*.xml "$documents"/

# The archive reader: the example archive, each code's OK/KO zip pair, and
# small archives built here from the valid documents (stored, deflated,
# in a folder, several entries).
cp "$fixtures"/esempio.zip "$fixtures"/codici/*.zip "$archives"/
python3 - "$fixtures/validi" "$archives" <<'PY'
import pathlib, sys, zipfile

validi, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
documents = sorted(validi.glob("*.xml"))
for document in documents:
    for method, label in ((zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")):
        with zipfile.ZipFile(out / f"seed-{document.stem}-{label}.zip", "w", method) as archive:
            archive.write(document, document.name)
with zipfile.ZipFile(out / "seed-all-in-folder.zip", "w", zipfile.ZIP_DEFLATED) as archive:
    for document in documents:
        archive.write(document, f"comunicazioni/{document.name}")
with zipfile.ZipFile(out / "seed-empty.zip", "w") as archive:
    pass
PY
# The repair pass: each damaged file of fixtures/fix/ as it is (raw
# mode), the valid documents, and damage plans (a first byte of 0xF0 or
# more picks a valid fixture, the next bytes pick the damages).
cp "$fixtures"/fix/*.xml "$fixtures"/validi/*.xml "$repairs"/
python3 - "$repairs" <<'PY'
import pathlib, sys

out = pathlib.Path(sys.argv[1])
for selector in range(0xF0, 0xF3):
    for plan in range(12):
        (out / f"plan-{selector:02x}-{plan:02d}").write_bytes(
            bytes([selector] + [(plan * 7 + k * 13) % 256 for k in range(24)])
        )
PY
echo "check_document: $(ls "$documents" | wc -l) seeds; read_archive: $(ls "$archives" | wc -l) seeds; repair: $(ls "$repairs" | wc -l) seeds"
