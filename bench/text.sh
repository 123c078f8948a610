#!/usr/bin/env bash
# Benchmark: convert the fixture text dump (fixtures/business-english-standards.txt)
# end to end, whole process, every default output, next to poppler's pdftotext on the
# fixture PDF, in the same run, alternating the commands (hyperfine if installed, else
# repeated runs timed with `date`, A and B alternated), and prints the ratio text / pdftotext (target: <= 0.3,
# issue 14). BIN=<path> times another build of compmap (a before/after comparison).
# Needs: pdftotext (poppler-utils); hyperfine optional.
# With INSTRUCTIONS=1, also counts instructions with valgrind --tool=callgrind (steady on a
# noisy shared machine, where wall times are not).
#   bench/text.sh [TXT] [PDF]
set -euo pipefail
cd "$(dirname "$0")/.."
TXT=${1:-fixtures/business-english-standards.txt}
PDF=${2:-fixtures/business-english-standards.pdf}
BIN=${BIN:-target/release/compmap}
[ "$BIN" = target/release/compmap ] && cargo build --release --quiet
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
A="$BIN convert $TXT -o $OUT/a"
B="pdftotext $PDF $OUT/p.txt"

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 20 --export-json "$OUT/b.json" -n "compmap convert txt (all outputs)" "$A" -n "pdftotext pdf" "$B"
  python3 - "$OUT/b.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
a, b = r[0]["median"], r[1]["median"]
print("median: text %.1f ms, pdftotext %.1f ms, ratio %.3f" % (a * 1e3, b * 1e3, a / b))
PY
else
  RUNS=20; ta=0; tb=0
  for _ in $(seq $RUNS); do
    s=$(date +%s%N); $A >/dev/null; e=$(date +%s%N); ta=$((ta + e - s))
    s=$(date +%s%N); $B >/dev/null; e=$(date +%s%N); tb=$((tb + e - s))
  done
  python3 -c "a=$ta/$RUNS/1e6; b=$tb/$RUNS/1e6; print('mean of $RUNS alternated runs: text %.1f ms, pdftotext %.1f ms, ratio %.3f' % (a, b, a / b))"
fi

if [ "${INSTRUCTIONS:-0}" = 1 ]; then
  count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/Collected/ {print $4}'; }
  a=$(count $A --quiet); b=$(count $B)
  python3 -c "print('instructions: text %d, pdftotext %d, ratio %.3f' % ($a, $b, $a / $b))"
fi
