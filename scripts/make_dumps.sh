#!/usr/bin/env bash
# Rebuild the pdftotext dumps in fixtures/dumps/ from the committed PDFs (needs poppler-utils:
# `apt-get install -y poppler-utils`). Plain output flows a table column by column; -layout
# keeps the columns side by side, cells vertically centred. Both write a form feed before
# each page after the first. tests/dumps.rs reads them.
#
# Also the dumps of a hand-written programme (fixtures/programmes/cnc.json) rendered to PDF
# by LibreOffice (scripts/make_scans.py's programme source, which needs soffice,
# fonts-noto-cjk and python-docx), with the rows and courses that PDF holds
# (fixtures/dumps/cnc.rows.csv, .courses.csv). `PROGRAMMES="cnc nursing accounting"`
# renders more into target/programme-pdfs/ (the held-out ones are reported, not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
out=fixtures/dumps
mkdir -p "$out"
(pdftotext -v 2>&1 || true) | head -1
for pdf in fixtures/business-english-standards.pdf fixtures/pdf/chromium-rowspan.pdf fixtures/pdf/word-portrait.pdf; do
  stem=$(basename "$pdf" .pdf)
  pdftotext "$pdf" "$out/$stem.pdftotext.txt"
  pdftotext -layout "$pdf" "$out/$stem.pdftotext-layout.txt"
done
src=target/programme-pdfs
mkdir -p "$src"
for p in ${PROGRAMMES:-cnc}; do
  python3 -c "import sys; sys.path.insert(0, 'scripts'); import make_scans; make_scans.programme_source('$p', '$src')"
  pdftotext "$src/$p.pdf" "$src/$p.pdftotext.txt"
  pdftotext -layout "$src/$p.pdf" "$src/$p.pdftotext-layout.txt"
done
cp "$src/cnc.pdftotext.txt" "$src/cnc.pdftotext-layout.txt" "$src/cnc.rows.csv" "$src/cnc.courses.csv" "$out/"
ls -l "$out"
