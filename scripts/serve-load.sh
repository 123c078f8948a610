#!/usr/bin/env bash
# Load check of `compmap serve` (issue 19), not a timed test:
#
#   scripts/serve-load.sh [UPLOADS] [JOBS]
#
# Starts the release binary on a free local port with --jobs JOBS (default 2), sends
# UPLOADS (default 20) conversions at once (the fixture PDF and text dump, alternately) and,
# among them, one 60 MB upload, which must get 413 while the others go on. Checks that every
# job completes (done), that /healthz answers within 1 s while they run, and prints the
# server's peak resident memory (VmHWM) before and after. Needs curl and python3.
# Exit 0 when everything held, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
uploads=${1:-20}
jobs=${2:-2}
bin=target/release/compmap
[[ -x $bin ]] || cargo build --release --quiet
work=$(mktemp -d)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill -INT "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$bin" serve --addr 127.0.0.1:0 --jobs "$jobs" --data "$work" >"$work/out" 2>"$work/err" &
server_pid=$!
for _ in $(seq 100); do grep -q http "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/out" | sed 's:/$::')
echo "server $url (pid $server_pid, --jobs $jobs)"
hwm() { awk '/VmHWM/ {print $2" "$3}' "/proc/$server_pid/status"; }
echo "peak memory at start: $(hwm)"

head -c $((60 * 1024 * 1024)) /dev/urandom >"$work/big.pdf"
fail=0
start=$(date +%s.%N)
for i in $(seq "$uploads"); do
    if (( i % 2 )); then f=fixtures/business-english-standards.pdf; else f=fixtures/business-english-standards.txt; fi
    curl -s -o "$work/post.$i" -w '%{http_code}' -F "file=@$f" "$url/api/convert" >"$work/code.$i" &
    if (( i == uploads / 2 )); then
        curl -s -o "$work/post.big" -w '%{http_code}' -F "file=@$work/big.pdf" "$url/api/convert" >"$work/code.big" &
    fi
done
# /healthz while the uploads and conversions run.
for _ in 1 2 3 4 5; do
    t=$(curl -s -o /dev/null -m 1 -w '%{http_code} %{time_total}' "$url/healthz" || echo "timeout")
    echo "healthz during load: $t"
    [[ $t == 200* ]] || fail=1
    sleep 0.2
done
wait $(jobs -p | grep -v "^$server_pid$") 2>/dev/null || true

big=$(cat "$work/code.big")
echo "60 MB upload: HTTP $big $(cat "$work/post.big" 2>/dev/null)"
[[ $big == 413 ]] || fail=1

done_count=0
for i in $(seq "$uploads"); do
    code=$(cat "$work/code.$i")
    if [[ $code != 202 ]]; then echo "upload $i: HTTP $code"; fail=1; continue; fi
    id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["job"])' "$work/post.$i")
    for _ in $(seq 600); do
        state=$(curl -s "$url/api/jobs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
        [[ $state == done || $state == failed ]] && break
        sleep 0.2
    done
    if [[ $state == done ]]; then done_count=$((done_count + 1)); else echo "job $id: $state"; fail=1; fi
done
end=$(date +%s.%N)
echo "$done_count of $uploads jobs done in $(python3 -c "print(round($end - $start, 1))") s"
echo "peak memory after: $(hwm)"
t=$(curl -s -o /dev/null -m 1 -w '%{http_code} %{time_total}' "$url/healthz" || echo "timeout")
echo "healthz after: $t"
[[ $t == 200* ]] || fail=1
if (( fail )); then echo "serve-load: FAILED"; exit 1; fi
echo "serve-load: ok"
