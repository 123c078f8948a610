#!/bin/sh
# Fill the (uncommitted) seed corpora from the fixtures: one text seed per course section of
# the text fixture, and every fixture PDF as a PDF seed. Run from fuzz/.
set -eu
mkdir -p corpus/parse_text corpus/pdf
awk -v dir=corpus/parse_text '
  /课程与能力对接表/ && /《/ { n++ }
  { f = sprintf("%s/section-%03d.txt", dir, n); print > f }
' ../fixtures/business-english-standards.txt
cp ../fixtures/*.pdf ../fixtures/pdf/*.pdf corpus/pdf/
# Smaller text seeds too: 80-line pieces, so short mutated inputs still reach the table rows.
split -l 80 -d -a 3 ../fixtures/business-english-standards.txt corpus/parse_text/piece-
# Originals: the fixture files as they are, and each unpacked into the `original` target's
# parts shape (`@@@ <name>\n<content>` per part compmap or calamine reads; theme, settings,
# thumbnails and other parts left out, and seeds over MAX_PARTS bytes, so mutations stay fast).
mkdir -p corpus/original
for f in ../fixtures/originals/*.docx ../fixtures/originals/*.xlsx ../fixtures/originals/*.ods; do
  cp "$f" corpus/original/
done
python3 - corpus/original ../fixtures/originals/*.docx ../fixtures/originals/*.xlsx \
    ../fixtures/originals/*.ods <<'PY'
import os, re, sys, zipfile
out = sys.argv[1]
MAX_PARTS = 262144
KEEP = re.compile(r"^(\[Content_Types\]\.xml|_rels/\.rels|word/(document|numbering|styles)\.xml"
                  r"|word/_rels/.*|xl/.*\.xml(\.rels)?|xl/_rels/.*|mimetype|content\.xml"
                  r"|META-INF/manifest\.xml)$")
for path in sys.argv[2:]:
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        continue
    parts = []
    for info in z.infolist():
        if not KEEP.match(info.filename) or info.filename.startswith("xl/theme/"):
            continue
        try:
            data = z.read(info)
            data.decode("utf-8")
        except Exception:
            continue
        parts.append(b"@@@ " + info.filename.encode() + b"\n" + data)
    blob = b"\n".join(parts)
    if len(blob) > MAX_PARTS:
        # Too big whole (Word's 350 KB styles): keep the document without its styles.
        blob = b"\n".join(p for p in parts if not p.startswith(b"@@@ word/styles.xml"))
    if len(blob) > MAX_PARTS:
        continue
    name = os.path.basename(path) + ".parts"
    with open(os.path.join(out, name), "wb") as f:
        f.write(blob)
PY
