#!/usr/bin/env bash
# Scale: the fixture PDF repeated with `qpdf --pages` to 1,000, 2,000 and 4,000 pages, each
# converted once (the default formats: CSV, XLSX and JSON; `FORMAT=csv` for CSV only): seconds, milliseconds per page (wall clock, and CPU time: user +
# system, steadier on a shared machine) and peak memory (GNU time's maximum resident set
# size). Target: time per page flat within ±20 %, peak ≤ 256 MiB at 4,000 pages.
# Needs: qpdf, GNU time (/usr/bin/time).
#   bench/scale.sh [PDF [PAGES...]]
set -euo pipefail
cd "$(dirname "$0")/.."
PDF=${1:-fixtures/business-english-standards.pdf}
shift || true
SIZES=("${@:-1000}")
[ $# -eq 0 ] && SIZES=(1000 2000 4000)
command -v qpdf >/dev/null || { echo "bench/scale.sh needs qpdf (apt-get install qpdf)" >&2; exit 1; }
cargo build --release --quiet
BIN=$PWD/target/release/compmap
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

pages=$(qpdf --show-npages "$PDF")
printf '%-7s %-9s %-9s %-9s %-9s %-9s\n' pages "MB" seconds "ms/page" "cpu ms/p" "peak MiB"
for n in "${SIZES[@]}"; do
  reps=$(( (n + pages - 1) / pages ))
  args=()
  for _ in $(seq "$reps"); do args+=("$PDF"); done
  qpdf --empty --pages "${args[@]}" -- "$OUT/rep.pdf"
  qpdf --empty --pages "$OUT/rep.pdf" "1-$n" -- "$OUT/$n.pdf"
  fmt=()
  [ -n "${FORMAT:-}" ] && fmt=(--format "$FORMAT")
  /usr/bin/time -f '%e %M %U %S' -o "$OUT/time" \
    "$BIN" convert "$OUT/$n.pdf" -o "$OUT/out" "${fmt[@]}" -q || true
  read -r secs kb user sys < "$OUT/time"
  size=$(stat -c %s "$OUT/$n.pdf")
  printf '%-7s %-9.1f %-9.2f %-9.2f %-9.2f %-9.0f\n' "$n" "$(echo "$size/1000000" | bc -l)" \
    "$secs" "$(echo "$secs*1000/$n" | bc -l)" "$(echo "($user+$sys)*1000/$n" | bc -l)" \
    "$(echo "$kb/1024" | bc -l)"
done
