#!/usr/bin/env bash
# Fuzzes the parsers with cargo-fuzz (libFuzzer): page parsing and the checks (`page`), framework
# files (`framework`), site-list imports (`import`) and document sniffing (`sniff`).
# The targets' bodies are `ttdt_testkit::fuzz`; `cargo test` runs them briefly on mutated seeds
# (ttdt-testkit/tests/fuzz_smoke.rs) and does not need this script.
#
# Usage: scripts/fuzz.sh [RUNS | SECONDSs] [TARGET...]
#   scripts/fuzz.sh                    10,000,000 executions of each target, one after the other
#   scripts/fuzz.sh 600s page import   10 minutes each of `page` and `import`
# Environment: FUZZ_SANITIZER (address, the default, or none), FUZZ_TRACE_COMPARES (1, the
# default, or 0: no comparison tracing, faster but blinder), FUZZ_MAX_LEN (libFuzzer's -max_len;
# its default is the largest seed or 4,096 bytes), FUZZ_TARGET_DIR, FUZZ_JOBS (libFuzzer
# processes per target, default 1).
# Logs are written to fuzz/logs/<target>.log, the grown corpus to fuzz/corpus/<target>/ and any
# crash, timeout or out-of-memory input to fuzz/artifacts/<target>/ (all ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

budget=${1:-10000000}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(page framework import sniff)
fi
case "$budget" in
  *s) limit=(-max_total_time="${budget%s}") ;;
  *) limit=(-runs="$budget") ;;
esac

# Seed corpora, generated from the repository's fixtures (ttdt_testkit::fuzz::seeds) by the
# workspace's own build (before the fuzz build's environment below, which would rebuild it).
cargo run --quiet --locked -p ttdt-testkit --example fuzz_seeds -- fuzz/corpus

# cargo-fuzz builds with nightly-only compiler flags (-Zsanitizer=address, the sanitizer-coverage
# passes). Only the stable toolchain is installed here; RUSTC_BOOTSTRAP=1 lets the stable compiler
# (and its cargo) accept them. It is the same compiler and standard library as the product's
# builds; the variable is set for this script's fuzz builds only.
export RUSTC_BOOTSTRAP=1
# Instrumented builds differ from every other build: keep them in their own target directory, so
# they neither evict nor wait for the workspace's.
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
sanitizer=${FUZZ_SANITIZER:-address}
build_flags=(-O --sanitizer "$sanitizer")
if [ "${FUZZ_TRACE_COMPARES:-1}" = 0 ]; then
  build_flags+=(--no-trace-compares)
fi
run_flags=()
if [ -n "${FUZZ_MAX_LEN:-}" ]; then
  run_flags+=(-max_len="$FUZZ_MAX_LEN")
fi
jobs=()
if [ "${FUZZ_JOBS:-1}" -gt 1 ]; then
  jobs=(-jobs="$FUZZ_JOBS" -workers="$FUZZ_JOBS")
fi

if ! command -v cargo-fuzz >/dev/null; then
  cargo install cargo-fuzz --locked
fi
# The fuzz crate is its own workspace; start from the product's lock so it builds the same
# versions of every dependency (cargo adds libFuzzer's crates to it).
if [ ! -f fuzz/Cargo.lock ]; then
  cp Cargo.lock fuzz/Cargo.lock
fi

cargo fuzz build --fuzz-dir fuzz "${build_flags[@]}"

mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  echo "== $t: ${limit[*]} ${run_flags[*]}, build ${build_flags[*]}"
  # -timeout: an input taking 10 s or more is a finding; -rss_limit_mb: so is one needing 2 GB.
  cargo fuzz run --fuzz-dir fuzz "${build_flags[@]}" "$t" -- \
    "${limit[@]}" ${run_flags[@]+"${run_flags[@]}"} -rss_limit_mb=2048 -timeout=10 ${jobs[@]+"${jobs[@]}"} -print_final_stats=1 \
    >"fuzz/logs/$t.log" 2>&1 || { echo "FAIL $t: see fuzz/logs/$t.log and fuzz/artifacts/$t/" >&2; tail -40 "fuzz/logs/$t.log" >&2; exit 1; }
  files=$(find "fuzz/corpus/$t" -type f | wc -l)
  bytes=$(du -sb "fuzz/corpus/$t" | cut -f1)
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "fuzz/logs/$t.log" | sed "s/^/   $t /" || true
  echo "   $t corpus: $files files, $bytes bytes"
done
