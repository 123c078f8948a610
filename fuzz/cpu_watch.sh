#!/bin/sh
# cpu_watch.sh PID SECONDS NAME: interrupt the fuzzer under PID (the `time` wrapper that
# campaign.sh starts) once the fuzzer and its reaped jobs have used SECONDS of CPU.
# Prints the CPU seconds used every 5 minutes. Linux /proc only.
set -eu
wrapper=$1 budget=$2 name=$3
tck=$(getconf CLK_TCK)
sleep 2
fuzzer=$(pgrep -P "$wrapper" | head -1)
used=0
while kill -0 "$fuzzer" 2>/dev/null; do
  # utime stime cutime cstime are fields 14-17 of /proc/PID/stat (after the command name).
  ticks=$(sed -E 's/^.*\) //' "/proc/$fuzzer/stat" | awk '{print $12 + $13 + $14 + $15}')
  # jobs still running (fork mode) count too
  for c in $(pgrep -P "$fuzzer" || true); do
    t=$(sed -E 's/^.*\) //' "/proc/$c/stat" 2>/dev/null | awk '{print $12 + $13}')
    ticks=$((ticks + ${t:-0}))
  done
  used=$((ticks / tck))
  [ $(( $(date +%s) % 300 )) -lt 10 ] && echo "$(date -u +%TZ) $name: ${used}s CPU"
  if [ "$used" -ge "$budget" ]; then
    echo "$(date -u +%TZ) $name: ${used}s CPU reached $budget s: interrupting"
    pkill -INT -P "$fuzzer" || true
    kill -INT "$fuzzer"
    exit 0
  fi
  sleep 10
done
echo "$(date -u +%TZ) $name: fuzzer ended by itself after ${used}s CPU"
