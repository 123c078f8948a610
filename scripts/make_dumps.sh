#!/usr/bin/env bash
# Rebuild the pdftotext dumps in fixtures/dumps/ from the committed PDFs (needs poppler-utils:
# `apt-get install -y poppler-utils`). Plain output flows a table column by column; -layout
# keeps the columns side by side, cells vertically centred. Both write a form feed before
# each page after the first. tests/dumps.rs reads them.
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
ls -l "$out"
