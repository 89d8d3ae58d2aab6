#!/usr/bin/env bash
# Builds whatever is missing and opens TTĐT Workbench (the demo campaign on first launch).
# Without a display (e.g. over SSH) the window is opened on a virtual X server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
echo "[run] building the UI"
(cd ui && npm run --silent build)
echo "[run] building the app (release)"
cargo build --release -p ttdt-app -p ttdt-cli
BIN="${CARGO_TARGET_DIR:-target}/release/ttdt-workbench"
echo "[run] database: ${TTDT_DB:-default app-data folder}; sample portals on port ${TTDT_DEMO_PORT:-47380}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "[run] no display found: starting the app on a virtual X server (xvfb-run)"
  exec xvfb-run -a -s "-screen 0 1440x900x24" "$BIN" "$@"
fi
exec "$BIN" "$@"
