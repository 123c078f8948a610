#!/bin/sh
# The campaign's figures from logs/ (see campaign.sh): per target the last libFuzzer status
# line (runs, coverage, features, corpus, findings, seconds), the wall time, and the CPU
# seconds and peak memory of the fuzzer and all its jobs (GNU time). Run from fuzz/.
for t in ${TARGETS:-parse_text pdf original}; do
  last=$(grep -E '^#[0-9]+: cov:' "logs/$t.log" | tail -1)
  runs=$(echo "$last" | sed -E 's/^#([0-9]+):.*/\1/')
  secs=$(echo "$last" | sed -E 's/.* time: ([0-9]+)s.*/\1/')
  user=$(grep 'User time' "logs/$t.time" 2>/dev/null | awk '{print $NF}')
  sys=$(grep 'System time' "logs/$t.time" 2>/dev/null | awk '{print $NF}')
  wall=$(grep 'Elapsed (wall' "logs/$t.time" 2>/dev/null | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "logs/$t.time" 2>/dev/null | awk '{print $NF}')
  echo "$t: $last"
  if [ -n "$user" ]; then
    cpu=$(echo "$user + $sys" | bc)
    echo "  runs $runs in ${secs}s (wall $wall): $(echo "$runs / $secs" | bc) runs/s wall," \
      "CPU $cpu s: $(echo "$runs / $cpu" | bc) runs per CPU second; peak RSS $((rss / 1024)) MiB"
  fi
  echo "  artifacts: $(ls "artifacts/$t" | tr '\n' ' ')"
done
