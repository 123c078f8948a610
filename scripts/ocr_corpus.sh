#!/usr/bin/env bash
# The full OCR corpus run (issue 17): converts every document made by scripts/make_scans.py
# with `compmap convert --ocr auto` and scores it with scripts/ocr_score.py against its
# expected rows, with the "Done when" criteria of its kind (300 dpi and font-stripped: the
# 300-dpi figures; 200-dpi JPEG: the 200-dpi ones; 150 dpi: figures only).
#
#   scripts/ocr_corpus.sh [SCANS_DIR] [SUBSTRING]   # default target/scans, every document
#   BIN=path/to/compmap scripts/ocr_corpus.sh
#
# Writes SCANS_DIR/out/<stem>/ (compmap's CSVs and its stderr) and SCANS_DIR/scores.jsonl
# (one JSON line per document, with its exit code and wall/CPU seconds); prints each
# document's figures and a summary table at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-target/scans}
ONLY=${2:-}
BIN=${BIN:-target/release/compmap}
if ! "$BIN" convert --help | grep -q -- '--ocr'; then
  echo "$BIN has no --ocr: the OCR reader has not landed in this build" >&2
  exit 2
fi
ls "$DIR"/*.pdf >/dev/null 2>&1 || { echo "no PDFs in $DIR: run scripts/make_scans.py" >&2; exit 2; }
: >"$DIR/scores.jsonl"
for pdf in "$DIR"/*.pdf; do
  stem=$(basename "$pdf" .pdf)
  case "$stem" in *"$ONLY"*) ;; *) continue ;; esac
  case "$stem" in
    *.300-*|*fontless*) crit=(--criteria 300) ;;
    *.200-*) crit=(--criteria 200) ;;
    *) crit=() ;;
  esac
  out="$DIR/out/$stem"
  rm -rf "$out" && mkdir -p "$out"
  /usr/bin/time -f '%e %U %S %M' -o "$out/time.txt" \
    "$BIN" convert "$pdf" --ocr auto --format csv -o "$out" 2>"$out/stderr.txt" >/dev/null
  code=$?
  read -r wall user sys rss < <(tail -n 1 "$out/time.txt") || true
  python3 scripts/ocr_score.py ${crit[@]+"${crit[@]}"} "$DIR/$stem.rows.csv" "$out" >"$out/score.txt"
  head -n -1 "$out/score.txt"
  grep -m1 '^error' "$out/stderr.txt" | sed 's/^/  /'
  echo "  exit $code, wall ${wall}s, cpu $(echo "$user+$sys" | bc)s, peak $((rss / 1024)) MiB"
  tail -n 1 "$out/score.txt" | python3 -c "
import json, sys
s = json.loads(sys.stdin.read())
err = [l for l in open('$out/stderr.txt', encoding='utf-8', errors='replace') if l.startswith('error')]
s.update(exit=$code, wall=float('$wall'), cpu=float('$user') + float('$sys'), rss_kib=int('$rss'),
         error=err[0].strip() if err else '')
print(json.dumps(s, ensure_ascii=False, sort_keys=True))" >>"$DIR/scores.jsonl"
done
echo
python3 - "$DIR/scores.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
print("| document | exit | codes exact | rows exact | characters right | wrong rows without finding | criteria |")
print("|---|---:|---:|---:|---:|---:|---|")
for s in rows:
    met = "" if "met" not in s else ("met" if s["met"] else "NOT met")
    print("| %s | %d | %d/%d | %d/%d (%.2f %%) | %.3f %% | %d (%.2f %%) | %s |" % (
        s["label"], s["exit"], s["codes_exact"], s["rows"], s["rows_exact"], s["rows"],
        100.0 * s["rows_exact"] / max(1, s["rows"]), 100 * s["char_right"], s["silent"],
        100 * s["silent_share"], met))
EOF
