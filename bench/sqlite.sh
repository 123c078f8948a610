#!/usr/bin/env bash
# Benchmark: a 100-document batch with --jobs 2, with and without --format sqlite (one
# database written through the one writer thread). Each document is the bundled fixture
# with its own programme name, so the database ends with 100 documents. Prints the
# wall-clock times (best of RUNS, default 3), the ratio, and checks the database: 100
# documents, each complete, integrity_check ok. Needs: sqlite3 (Debian `sqlite3`).
#   bench/sqlite.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
cargo build --release --quiet
BIN=$PWD/target/release/compmap
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in"
for i in $(seq -w 0 99); do
  sed "1s/商务英语专业/商务英语${i}专业/" fixtures/business-english-standards.txt > "$WORK/in/s$i.txt"
done

best() { # best wall-clock seconds of $RUNS runs of "$@"
  local best=
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s.%N)
    local t; t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}

plain=$(best "$BIN" convert -q "$WORK/in" --jobs 2 --format xlsx,csv,json -o "$WORK/out")
with=$(best "$BIN" convert -q "$WORK/in" --jobs 2 --format xlsx,csv,json,sqlite -o "$WORK/out")
printf 'without sqlite: %.3f s\nwith sqlite:    %.3f s\nratio:          %.3f\n' \
  "$plain" "$with" "$(echo "$with / $plain" | bc -l)"

DB=$WORK/out/compmap.sqlite
echo "documents: $(sqlite3 "$DB" 'SELECT count(*) FROM document')"
echo "documents with a mapping count other than the first's: $(sqlite3 "$DB" \
  'SELECT count(*) FROM document d WHERE (SELECT count(*) FROM mapping m WHERE m.document_id = d.id) <> (SELECT count(*) FROM mapping WHERE document_id = (SELECT min(id) FROM document))')"
echo "mapping rows: $(sqlite3 "$DB" 'SELECT count(*) FROM mapping')"
echo "integrity_check: $(sqlite3 "$DB" 'PRAGMA integrity_check')"
echo "foreign_key_check rows: $(sqlite3 "$DB" 'PRAGMA foreign_key_check' | wc -l)"
