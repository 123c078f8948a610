#!/usr/bin/env bash
# Benchmark: a 100-document batch with --jobs 2, with and without --format sqlite (one
# database written through the one writer thread). Each document is the bundled fixture
# with its own programme name, so the database ends with 100 documents.
#
# The two runs alternate (without, with, without, with, …) RUNS times, so that a neighbour's
# load falls on both alike. Prints each pair — wall-clock seconds and CPU seconds
# (user + sys, from /usr/bin/time or bash's `times`) — then the best wall time of each
# side, the median of the per-pair wall ratios and the ratio of the summed CPU times, and
# checks the database: 100 documents, each complete, integrity_check ok, no foreign-key
# violation. Needs: sqlite3 (Debian `sqlite3`).
#   bench/sqlite.sh [RUNS]        (default 3)
#   BIN=path/to/compmap bench/sqlite.sh   (skip the build, time that binary)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/compmap
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/in"
for i in $(seq -w 0 99); do
  sed "1s/商务英语专业/商务英语${i}专业/" fixtures/business-english-standards.txt > "$WORK/in/s$i.txt"
done

# One run of "$@" into a fresh output folder; prints "<wall> <cpu>" in seconds.
run() {
  rm -rf "$WORK/out"
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$WORK/time" "$@" > /dev/null 2>&1
  t1=$(date +%s.%N)
  read -r user sys < "$WORK/time"
  echo "$(echo "$t1 - $t0" | bc -l) $(echo "$user + $sys" | bc -l)"
}

plain=("$BIN" convert -q "$WORK/in" --jobs 2 --format xlsx,csv,json -o "$WORK/out")
with=("$BIN" convert -q "$WORK/in" --jobs 2 --format xlsx,csv,json,sqlite -o "$WORK/out")
ratios=()
best_p= best_w= cpu_p=0 cpu_w=0
printf '%-5s %14s %14s %14s %14s %8s\n' pair 'wall without' 'wall with' 'cpu without' 'cpu with' ratio
for i in $(seq "$RUNS"); do
  read -r wp cp < <(run "${plain[@]}")
  read -r ww cw < <(run "${with[@]}")
  r=$(echo "$ww / $wp" | bc -l)
  ratios+=("$r")
  printf '%-5s %12.3f s %12.3f s %12.2f s %12.2f s %8.3f\n' "$i" "$wp" "$ww" "$cp" "$cw" "$r"
  if [ -z "$best_p" ] || (( $(echo "$wp < $best_p" | bc -l) )); then best_p=$wp; fi
  if [ -z "$best_w" ] || (( $(echo "$ww < $best_w" | bc -l) )); then best_w=$ww; fi
  cpu_p=$(echo "$cpu_p + $cp" | bc -l)
  cpu_w=$(echo "$cpu_w + $cw" | bc -l)
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'best wall without sqlite: %.3f s\nbest wall with sqlite:    %.3f s\nratio of best walls:      %.3f\n' \
  "$best_p" "$best_w" "$(echo "$best_w / $best_p" | bc -l)"
printf 'median pair wall ratio:   %.3f\nCPU ratio (summed):       %.3f\n' "$median" "$(echo "$cpu_w / $cpu_p" | bc -l)"

DB=$WORK/out/compmap.sqlite
echo "documents: $(sqlite3 "$DB" 'SELECT count(*) FROM document')"
echo "documents with a mapping count other than the first's: $(sqlite3 "$DB" \
  'SELECT count(*) FROM document d WHERE (SELECT count(*) FROM mapping m WHERE m.document_id = d.id) <> (SELECT count(*) FROM mapping WHERE document_id = (SELECT min(id) FROM document))')"
echo "mapping rows: $(sqlite3 "$DB" 'SELECT count(*) FROM mapping')"
echo "integrity_check: $(sqlite3 "$DB" 'PRAGMA integrity_check')"
echo "foreign_key_check rows: $(sqlite3 "$DB" 'PRAGMA foreign_key_check' | wc -l)"
