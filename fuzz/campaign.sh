#!/bin/sh
# The fuzz campaign: every target at once, each for $SECONDS_PER_TARGET seconds (default
# 3900), nice'd, one thread, libFuzzer's fork mode so that a crash, timeout or OOM is saved
# in artifacts/<target>/ and the campaign goes on. Logs in logs/<target>.log, CPU time and
# peak RSS of each fuzzer (all its jobs) in logs/<target>.time. Run from fuzz/ after
# `./seed.sh`; needs cargo-fuzz (see README.md). Corpora, artifacts and logs are not
# committed.
#
# CPU_SECONDS_PER_TARGET=N instead gives each target N seconds of *CPU* (its fuzzer and all
# its jobs, read from /proc): on a shared machine wall time says little about how much
# fuzzing was done. A watcher interrupts each fuzzer (SIGINT: libFuzzer prints its final
# stats) once its CPU time reaches N; the wall limit is then 24 h.
set -eu
TIME=${SECONDS_PER_TARGET:-3900}
CPU=${CPU_SECONDS_PER_TARGET:-}
[ -n "$CPU" ] && TIME=86400
NICE=${NICE:-10}
TARGETS=${TARGETS:-"parse_text pdf original"}
RUSTC_BOOTSTRAP=1 cargo fuzz build -s none -O
BIN=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in $TARGETS; do
  mkdir -p "artifacts/$t" "corpus/$t"
  extra=""
  [ "$t" = parse_text ] && extra="-max_len=16384 -dict=parse_text.dict"
  [ "$t" = original ] && extra="-max_len=262144 -dict=original.dict"
  [ "$t" = pdf ] && extra="-max_len=524288"
  date -u +%FT%TZ > "logs/$t.start"
  RAYON_NUM_THREADS=1 nohup nice -n "$NICE" /usr/bin/time -v -o "logs/$t.time" \
    "$BIN/$t" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -timeout=10 -rss_limit_mb=2048 -max_total_time="$TIME" -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" $extra "corpus/$t" > "logs/$t.log" 2>&1 &
  echo "$t: pid $! started $(cat logs/$t.start)"
  [ -n "$CPU" ] && nohup ./cpu_watch.sh "$!" "$CPU" "$t" > "logs/$t.watch" 2>&1 &
done
