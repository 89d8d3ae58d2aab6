#!/usr/bin/env bash
# Installs what TTĐT Workbench needs on Debian 12 / Ubuntu 22.04+, skipping what is already there.
#   scripts/setup.sh               system libraries, Rust, Node packages
#   scripts/setup.sh --test-tools  also WebKitWebDriver and tauri-driver (end-to-end tests), LibreOffice Calc (exported workbooks),
#                                  Chromium (page loads, PDF reports) and poppler-utils (reading the PDF reports back)
set -euo pipefail
cd "$(dirname "$0")/.."

TEST_TOOLS=0
[ "${1:-}" = "--test-tools" ] && TEST_TOOLS=1

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "run as root or install sudo"
  SUDO="sudo"
fi

# --- system packages
PKGS=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev
      build-essential pkg-config curl ca-certificates xvfb xauth fonts-liberation2)
[ "$TEST_TOOLS" = 1 ] && PKGS+=(webkit2gtk-driver libreoffice-calc chromium poppler-utils)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Rust
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null; then
  say "installing Rust (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  export PATH="$HOME/.cargo/bin:$PATH"
fi

# --- Node.js (20.19 or newer, for Vite 8)
node_ok() { command -v node >/dev/null && node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  if ! command -v node >/dev/null; then
    say "installing Node.js from the distribution"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  node_ok || die "Node.js 20.19 or newer is needed (found $(node --version 2>/dev/null || echo none)); install it from nodejs.org or NodeSource"
fi

# --- UI packages, exactly as locked
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- end-to-end test driver
if [ "$TEST_TOOLS" = 1 ] && ! command -v tauri-driver >/dev/null; then
  say "installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi
say "ready"
