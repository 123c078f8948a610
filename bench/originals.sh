#!/usr/bin/env bash
# Benchmark: convert the fixture as a Word document (fixtures/originals/business-english.docx)
# end to end, whole process, CSV only, next to poppler's pdftotext on the fixture PDF, in the
# same run, alternating the commands round by round (`bench/alternate.py`: median wall and
# mean CPU from rusage; HYPERFINE=1 for hyperfine, which runs each command's runs in a block),
# and prints the ratio docx / pdftotext (target: <= 0.1).
# Needs: pdftotext (poppler-utils); hyperfine optional.
# With INSTRUCTIONS=1, also counts instructions with valgrind --tool=callgrind (steady on a
# noisy shared machine, where wall times are not).
#   bench/originals.sh [DOCX] [PDF]      (RUNS=30 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
DOCX=${1:-fixtures/originals/business-english.docx}
PDF=${2:-fixtures/business-english-standards.pdf}
cargo build --release --quiet
BIN=target/release/compmap
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
A="$BIN convert $DOCX -o $OUT/a --format csv"
B="pdftotext $PDF $OUT/p.txt"

if [ -z "${HYPERFINE:-}" ] && command -v python3 >/dev/null; then
  python3 bench/alternate.py --rounds "${RUNS:-30}" --warmup 3 "compmap-docx-csv=$A" "pdftotext=$B"
elif command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "${RUNS:-30}" --export-json "$OUT/b.json" -n "compmap convert docx (csv)" "$A" -n "pdftotext pdf" "$B"
  python3 - "$OUT/b.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, b = r[0]["median"], r[1]["median"]
print("median: docx %.1f ms, pdftotext %.1f ms, ratio %.3f" % (a * 1e3, b * 1e3, a / b))
cpu = lambda x: x["user"] + x["system"]
print("mean CPU (user+sys): docx %.1f ms (user %.1f, sys %.1f), pdftotext %.1f ms, ratio %.3f"
      % (cpu(r[0]) * 1e3, r[0]["user"] * 1e3, r[0]["system"] * 1e3, cpu(r[1]) * 1e3,
         cpu(r[0]) / cpu(r[1])))
PY
else
  RUNS=${RUNS:-30}; ta=0; tb=0
  for _ in $(seq $RUNS); do
    s=$(date +%s%N); $A >/dev/null; e=$(date +%s%N); ta=$((ta + e - s))
    s=$(date +%s%N); $B >/dev/null; e=$(date +%s%N); tb=$((tb + e - s))
  done
  python3 -c "a=$ta/$RUNS/1e6; b=$tb/$RUNS/1e6; print('mean of $RUNS alternated runs: docx %.1f ms, pdftotext %.1f ms, ratio %.3f' % (a, b, a / b))"
fi

if [ "${INSTRUCTIONS:-0}" = 1 ]; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'; }
  a=$(count $A --quiet); b=$(count $B)
  python3 -c "print('instructions: docx %d, pdftotext %d, ratio %.3f' % ($a, $b, $a / $b))"
fi
