#!/usr/bin/env bash
# Fails when a crate links what ARCHITECTURE.md says it may not: the layers hold because Cargo
# resolves them, and this script reads what Cargo resolved.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

failed=0
# forbid CRATE REGEX WHY: CRATE's normal (non-dev) dependency tree may not contain REGEX.
forbid() {
  local crate=$1 pattern=$2 why=$3 found
  found=$(cargo tree --locked -p "$crate" -e normal --prefix none | awk '{print $1}' | grep -E "^($pattern)$" | sort -u | tr '\n' ' ' || true)
  if [ -n "$found" ]; then
    echo "FAIL $crate links $found— $why" >&2
    failed=1
  else
    echo "ok   $crate links none of: ${pattern//|/, }"
  fi
}

NETWORK='tokio|reqwest|rustls|tokio-rustls|hyper|tungstenite|socket2'
DATABASE='rusqlite|libsqlite3-sys'
WORKBOOK='rust_xlsxwriter|calamine|zip'
TESTKIT='ttdt-testkit|rcgen|tiny_http'

forbid ttdt-model    "$NETWORK|$DATABASE|$WORKBOOK|scraper|$TESTKIT|tauri" "the model is plain data"
forbid ttdt-snapshot "$NETWORK|$DATABASE|$WORKBOOK|$TESTKIT|tauri" "a snapshot is plain data"
forbid ttdt-checks   "$NETWORK|$DATABASE|$WORKBOOK|ttdt-collect|$TESTKIT|tauri" "checks are pure functions of a snapshot"
forbid ttdt-collect  "$DATABASE|$WORKBOOK|ttdt-checks|ttdt-store|$TESTKIT|tauri" "collection fetches; it neither judges nor stores"
forbid ttdt-store    "$NETWORK|$WORKBOOK|ttdt-checks|ttdt-collect|ttdt-export|$TESTKIT|tauri" "the store keeps data; it neither fetches nor formats"
forbid ttdt-documents "$NETWORK|$DATABASE|rust_xlsxwriter|calamine|ttdt-snapshot|ttdt-checks|ttdt-collect|ttdt-store|ttdt-export|$TESTKIT|tauri" "documents are read from bytes: no network, database or workbook (zip only unpacks DOCX and ODT)"
forbid ttdt-export   "$NETWORK|$DATABASE|ttdt-store|$TESTKIT|tauri" "exports format the model's data"
forbid ttdt-core     "$TESTKIT|tauri" "the application layer ships no test kit and knows no window"
forbid ttdt-cli      "$TESTKIT|tauri" "the command line ships no test kit"
forbid ttdt-app      "$TESTKIT" "the app ships no test kit"
exit $failed
