#!/usr/bin/env bash
# Runs every test: UI type check and unit tests, Rust tests (core, CLI, shell),
# the dependency boundary, and the end-to-end test against the real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test-tools
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "UI: type check (svelte-check)"
(cd ui && npm run --silent check)
step "UI: unit tests (vitest)"
(cd ui && npm run --silent test)
step "UI: build"
(cd ui && npm run --silent build)

step "Rust: tests (workspace)"
cargo test --workspace --locked

step "Rust: crate boundaries (cargo tree)"
scripts/check-boundaries.sh

step "Rust: build the app"
cargo build --locked -p ttdt-app

step "End to end: the real window over WebDriver (Xvfb)"
tests/e2e/run.sh
echo
echo "All tests passed."
