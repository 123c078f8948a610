#!/usr/bin/env bash
# Benchmark: convert the fixture PDF end to end (whole process) next to poppler's
# pdftotext on the same PDF, in the same run; then peak memory of each.
# Needs: hyperfine, pdftotext (poppler-utils), GNU time (/usr/bin/time).
#   bench/pdf.sh [PDF]
set -euo pipefail
cd "$(dirname "$0")/.."
PDF=${1:-fixtures/business-english-standards.pdf}
cargo build --release --quiet
BIN=target/release/compmap
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

hyperfine --warmup 2 --runs 10 --export-markdown "$OUT/bench.md" \
  -n "compmap convert (csv,xlsx,json)" "$BIN convert $PDF -o $OUT/a" \
  -n "compmap convert --format csv" "$BIN convert $PDF -o $OUT/b --format csv" \
  -n "compmap check" "$BIN check $PDF --deny error > /dev/null || true" \
  -n "pdftotext" "pdftotext $PDF $OUT/p.txt" \
  -n "pdftotext -layout" "pdftotext -layout $PDF $OUT/l.txt"
cat "$OUT/bench.md"

echo
echo "peak memory (maximum resident set size):"
for cmd in "$BIN convert $PDF -o $OUT/m" "pdftotext $PDF $OUT/m.txt"; do
  kb=$(/usr/bin/time -v sh -c "$cmd" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
  printf '  %-60s %6.1f MiB\n' "$cmd" "$(echo "$kb/1024" | bc -l)"
done
