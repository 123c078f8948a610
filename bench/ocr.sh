#!/usr/bin/env bash
# Benchmark of the OCR reader (issue 17): whole-process seconds per page and peak memory of
# `compmap convert --ocr auto` on the 300-dpi scan of the fixture PDF, next to poppler's
# `pdftotext` on the fixture PDF in the same hyperfine run (the reference line); then the
# text-layer fixture PDF converted by this build and, when BASE_BIN names a build from
# before the OCR reader, by that one, alternating in one run (text-layer PDFs must not be
# slowed down).
#
#   bench/ocr.sh [SCAN_PDF]            # default target/scans/business-english.300-g4.pdf
#   BASE_BIN=path/to/old/compmap bench/ocr.sh
#   BIN=path/to/compmap bench/ocr.sh   # another build (default: cargo build --release)
#   RUNS=5 bench/ocr.sh                # hyperfine runs of the OCR line (default 3)
#   TESSERACT=1 bench/ocr.sh           # also Tesseract 5 (chi_sim) on the same page images
#
# A missing scan is made first (scripts/make_scans.py). Seconds per page = mean wall time /
# pages; CPU seconds (user + sys, GNU time) are printed too, as the machine is shared.
# Needs: hyperfine, GNU time (/usr/bin/time), poppler-utils; python3 + img2pdf for the scan.
set -euo pipefail
cd "$(dirname "$0")/.."
SCAN=${1:-target/scans/business-english.300-g4.pdf}
TEXT=fixtures/business-english-standards.pdf
RUNS=${RUNS:-3}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/compmap
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if [ ! -f "$SCAN" ]; then
  variant=$(basename "$SCAN" .pdf)
  python3 scripts/make_scans.py --out "$(dirname "$SCAN")" --only "$variant" --jobs 2
fi
PAGES=$(pdfinfo "$SCAN" | awk '/^Pages:/ {print $2}')

# peak RSS (MiB) and CPU seconds of one command, from GNU time.
measure() {
  /usr/bin/time -v sh -c "$1" 2>"$OUT/time.txt" >/dev/null || true
  awk -F': ' '/Maximum resident/ {rss=$2/1024} /User time/ {u=$2} /System time/ {s=$2}
              /Elapsed \(wall/ {w=$2}
              END {printf "%7.1f MiB  cpu %7.2f s  wall %s", rss, u+s, w}' "$OUT/time.txt"
}

echo "== scan: $SCAN ($PAGES pages)"
OCR="$BIN convert $SCAN --ocr auto -o $OUT/ocr --format csv"
if ! "$BIN" convert --help | grep -q -- '--ocr'; then
  echo "this build has no --ocr (the OCR reader has not landed): OCR lines skipped"
elif ! $OCR 2>"$OUT/err.txt" >/dev/null; then
  echo "this build's OCR does not convert the scan: $(head -c 300 "$OUT/err.txt")"
  echo "OCR lines skipped"
else
  hyperfine --runs "$RUNS" --export-json "$OUT/ocr.json" --export-markdown "$OUT/ocr.md" \
    -n "compmap convert --ocr auto (scan)" "$OCR" \
    -n "pdftotext (text-layer fixture)" "pdftotext $TEXT $OUT/p.txt"
  cat "$OUT/ocr.md"
  mean=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['mean'])" \
    "$OUT/ocr.json")
  printf '\nOCR, whole process: %.3f s a page (mean %.2f s / %d pages)\n' \
    "$(echo "$mean/$PAGES" | bc -l)" "$mean" "$PAGES"
  printf 'peak memory: %-45s %s\n' "compmap convert --ocr auto" "$(measure "$OCR")"
  printf 'peak memory: %-45s %s\n' "pdftotext" "$(measure "pdftotext $TEXT $OUT/p2.txt")"
fi

if [ "${TESSERACT:-0}" = 1 ]; then
  echo
  echo "== Tesseract 5 (chi_sim, --psm 6) on the same page images"
  mkdir -p "$OUT/img"
  pdfimages -png "$SCAN" "$OUT/img/p"
  start=$(date +%s.%N)
  cpu=0
  for img in "$OUT"/img/p-*; do
    /usr/bin/time -f '%U %S' -o "$OUT/t1" tesseract "$img" - -l chi_sim --psm 6 >/dev/null 2>&1
    cpu=$(awk -v c="$cpu" '{print c + $1 + $2}' "$OUT/t1")
  done
  end=$(date +%s.%N)
  printf 'tesseract: %.3f s a page wall, %.3f s a page CPU (%d pages)\n' \
    "$(echo "($end-$start)/$PAGES" | bc -l)" "$(echo "$cpu/$PAGES" | bc -l)" "$PAGES"
fi

echo
echo "== text-layer fixture PDF: $TEXT"
ARGS=(-n "this build" "$BIN convert $TEXT -o $OUT/t --format csv")
if [ -n "${BASE_BIN:-}" ]; then
  ARGS+=(-n "BASE_BIN" "$BASE_BIN convert $TEXT -o $OUT/b --format csv")
fi
hyperfine --warmup 2 --runs 10 --export-markdown "$OUT/text.md" "${ARGS[@]}" \
  -n "pdftotext" "pdftotext $TEXT $OUT/p3.txt"
cat "$OUT/text.md"
printf 'peak memory: %-45s %s\n' "this build, text layer" \
  "$(measure "$BIN convert $TEXT -o $OUT/t2 --format csv")"
if [ -n "${BASE_BIN:-}" ]; then
  printf 'peak memory: %-45s %s\n' "BASE_BIN, text layer" \
    "$(measure "$BASE_BIN convert $TEXT -o $OUT/b2 --format csv")"
  if command -v valgrind >/dev/null 2>&1 && [ "${INSTRUCTIONS:-0}" = 1 ]; then
    for b in "$BIN" "$BASE_BIN"; do
      valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$b" convert "$TEXT" \
        -o "$OUT/cg-out" --format csv 2>"$OUT/cg.txt" >/dev/null
      printf 'instructions: %-40s %s\n' "$b" "$(awk '/Collected/ {print $4}' "$OUT/cg.txt")"
    done
  fi
fi
