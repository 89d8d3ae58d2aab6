#!/usr/bin/env bash
# Runs the end-to-end tests against the real window under Xvfb.
# Expects the UI and the app binary to be built (scripts/test.sh does both).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v tauri-driver >/dev/null || { echo "tauri-driver is missing: run scripts/setup.sh" >&2; exit 1; }
command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver is missing: run scripts/setup.sh" >&2; exit 1; }
mkdir -p tests/artifacts
exec xvfb-run -a -s "-screen 0 1440x900x24" node --test --test-reporter=spec tests/e2e/
