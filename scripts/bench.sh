#!/usr/bin/env bash
# Runs the benchmarks (release build) and prints their results; BENCHMARKS.md records them with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "disk: $(df -T "${CARGO_TARGET_DIR:-target}" 2>/dev/null | awk 'NR==2{print $2}') under ${CARGO_TARGET_DIR:-target}"
cargo bench --locked -p ttdt-core --bench save_latency
cargo bench --locked -p ttdt-core --bench export
SCAN_SITES="${SCAN_SITES:-1000}" cargo bench --locked -p ttdt-core --bench scan
cargo bench --locked -p ttdt-documents --bench extract
