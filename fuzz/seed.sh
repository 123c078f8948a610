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
