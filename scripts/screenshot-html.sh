#!/usr/bin/env bash
# Render compmap's HTML report in headless Chromium and save a PNG screenshot.
#
#   scripts/screenshot-html.sh [INPUT] [OUT.png] [WIDTH,HEIGHT]
#
# INPUT defaults to the bundled fixture; OUT.png to target/report-screenshot.png; the
# window to 1400,2000.
# Needs `chromium` (Debian: apt-get install -y chromium; fonts-noto-cjk for the Chinese
# text). Fails if Chromium cannot render the page, or if the page logs a console error.
set -euo pipefail

cd "$(dirname "$0")/.."
input=${1:-fixtures/business-english-standards.txt}
png=${2:-target/report-screenshot.png}
size=${3:-1400,2000}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $browser ]]; then
    echo "screenshot-html: no chromium found (apt-get install -y chromium fonts-noto-cjk)" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet -- convert "$input" -o "$work/out" --format html
html=$(ls "$work"/out/*.html)

flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
    --disable-component-update --disable-sync --user-data-dir="$work/profile")

mkdir -p "$(dirname "$png")"
"$browser" "${flags[@]}" --window-size="$size" --screenshot="$png" "file://$html" \
    >"$work/shot.log" 2>&1
test -s "$png" || { cat "$work/shot.log" >&2; echo "screenshot-html: no PNG written" >&2; exit 1; }

# Console errors: Chromium logs them with --enable-logging=stderr --v=0 as CONSOLE lines.
"$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$html" \
    >"$work/dom.html" 2>"$work/console.log" || true
if grep -E 'CONSOLE|Uncaught' "$work/console.log" | grep -qiE 'error|uncaught'; then
    grep -E 'CONSOLE|Uncaught' "$work/console.log" >&2
    echo "screenshot-html: the page logged console errors" >&2
    exit 1
fi
# The DOM Chromium built must hold the whole page (it parsed to the end).
grep -q 'id="course-' "$work/dom.html" || { echo "screenshot-html: page did not load" >&2; exit 1; }
echo "screenshot-html: $png ($(stat -c %s "$png") bytes) from $html"
