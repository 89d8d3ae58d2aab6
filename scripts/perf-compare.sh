#!/usr/bin/env bash
# Compares `ttdt perf` with Lighthouse on the page-load fixtures in tests/fixtures/perf/, with the
# same number of loads, and prints both medians and both wall times.
#
#   scripts/perf-compare.sh [RUNS] [MODE]     (default 3 national)
#
# MODE national: Lighthouse in its default mode (mobile, simulated slow 4G and CPU ×4, no preset)
#                beside `ttdt perf --profile national` (the same, simulated by ttdt).
# MODE desktop:  Lighthouse's observed metrics (`--preset=desktop --throttling-method=provided`)
#                beside `ttdt perf --profile desktop`.
#
# Needs python3 (to serve the fixtures), node and npm (Lighthouse is installed into a temporary
# folder), and Chromium at $CHROME_PATH (default /usr/bin/chromium).
# TTDT_BIN names a built `ttdt`; else the release build is made with cargo.
set -euo pipefail

RUNS="${1:-3}"
MODE="${2:-national}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
PAGES=(light image-late long-task text-late layout-shift portal)
case "$MODE" in
  national) LH_MODE=(); TTDT_MODE=(--profile national) ;;
  desktop) LH_MODE=(--preset=desktop --throttling-method=provided); TTDT_MODE=(--profile desktop) ;;
  *) echo "unknown mode $MODE (national or desktop)" >&2; exit 2 ;;
esac
FLAGS="--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync"

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${TTDT_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p ttdt-cli)
  TTDT_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/ttdt"
fi

if [ -n "${LIGHTHOUSE:-}" ]; then
  LH="$LIGHTHOUSE"
else
  echo "Installing Lighthouse 12 into $WORK …" >&2
  npm install --silent --no-audit --no-fund --prefix "$WORK" lighthouse@12 >/dev/null
  LH="$WORK/node_modules/.bin/lighthouse"
fi

PORT="${PORT:-18765}"
python3 "$ROOT/tests/fixtures/perf/serve.py" "$PORT" 2>/dev/null &
SERVER_PID=$!
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/light.html" && break
  sleep 0.1
done

now_ms() { date +%s%3N; }

# Medians of the metrics in a set of Lighthouse reports.
lh_medians() {
  node -e '
    const fs = require("fs");
    const reports = process.argv.slice(1).map(f => JSON.parse(fs.readFileSync(f, "utf8")));
    const med = xs => { xs = xs.filter(x => typeof x === "number").sort((a, b) => a - b); if (!xs.length) return null;
      const m = Math.floor(xs.length / 2); return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2; };
    const a = (r, id) => r.audits[id] && r.audits[id].numericValue;
    const longest = r => { const t = r.audits["long-tasks"]; const items = (t && t.details && t.details.items) || [];
      return items.reduce((m, i) => Math.max(m, i.duration || 0), 0); };
    const errors = reports.map(r => r.runtimeError && r.runtimeError.code).filter(Boolean);
    console.log(JSON.stringify({
      fcp: med(reports.map(r => a(r, "first-contentful-paint"))), lcp: med(reports.map(r => a(r, "largest-contentful-paint"))),
      si: med(reports.map(r => a(r, "speed-index"))), tbt: med(reports.map(r => a(r, "total-blocking-time"))),
      longest: med(reports.map(longest)), cls: med(reports.map(r => a(r, "cumulative-layout-shift"))), errors }));
  ' "$@"
}

ttdt_medians() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).run;
    const m = r.median || {};
    console.log(JSON.stringify({ fcp: m.fcp_ms, lcp: m.lcp_ms, si: m.speed_index_ms, tbt: m.tbt_ms, longest: m.longest_task_ms, cls: m.cls, errors: r.error ? [r.error] : [] }));
  ' "$1"
}

row() {
  node -e '
    const [page, tool, wall, json] = process.argv.slice(1); const m = JSON.parse(json);
    const ms = v => v == null ? "—" : Math.round(v).toString();
    const cls = v => v == null ? "—" : v.toFixed(3);
    console.log(`| ${page} | ${tool} | ${ms(m.fcp)} | ${ms(m.lcp)} | ${ms(m.si)} | ${ms(m.tbt)} | ${ms(m.longest)} | ${cls(m.cls)} | ${(wall / 1000).toFixed(1)} s |${m.errors.length ? " " + m.errors.join(", ") : ""}`);
  ' "$@"
}

echo "Mode: $MODE" >&2
echo "| page | tool | FCP ms | LCP ms | Speed Index ms | TBT ms | longest task ms | CLS | wall time ($RUNS loads) |"
echo "|---|---|---|---|---|---|---|---|---|"
for page in "${PAGES[@]}"; do
  url="http://127.0.0.1:$PORT/$page.html"
  start=$(now_ms)
  reports=()
  for i in $(seq "$RUNS"); do
    out="$WORK/lh-$page-$i.json"
    "$LH" "$url" --quiet "${LH_MODE[@]}" --only-categories=performance \
      --output=json --output-path="$out" --chrome-flags="$FLAGS" >/dev/null 2>&1 || true
    [ -s "$out" ] && reports+=("$out")
  done
  lh_wall=$(( $(now_ms) - start ))
  if [ "${#reports[@]}" -gt 0 ]; then
    row "$page" "Lighthouse 12" "$lh_wall" "$(lh_medians "${reports[@]}")"
  else
    echo "| $page | Lighthouse 12 | no report | | | | | | |"
  fi

  start=$(now_ms)
  "$TTDT_BIN" perf "$url" --runs "$RUNS" "${TTDT_MODE[@]}" --chrome "$CHROME_PATH" --json > "$WORK/ttdt-$page.json" || true
  ttdt_wall=$(( $(now_ms) - start ))
  row "$page" "ttdt perf" "$ttdt_wall" "$(ttdt_medians "$WORK/ttdt-$page.json")"
done
