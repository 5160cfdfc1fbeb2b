#!/usr/bin/env bash
# Installs what the local stack and the tests need and is missing. Sourced by run.sh and test.sh.
# Everything here is idempotent: a second call on a ready machine does nothing but check.

kfk_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

kfk_log() { printf '[kfk] %s\n' "$*"; }
kfk_die() { printf '[kfk] error: %s\n' "$*" >&2; exit 1; }

kfk_require_toolchains() {
  command -v dotnet >/dev/null || kfk_die "the .NET 10 SDK is required (dotnet not on PATH); see https://dot.net"
  command -v node >/dev/null || kfk_die "Node.js 20.19+ is required (node not on PATH)"
  # Vite 8 needs ^20.19 or 22.12+; the browser suite's zlib.crc32 needs 20.15+.
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
    || kfk_die "Node.js 20.19+ is required (found $(node --version))"
  command -v npm >/dev/null || kfk_die "npm is required (npm not on PATH)"
}

kfk_apt_install() {
  # apt-get update runs once, only when a package is actually missing.
  if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && apt-get install -y -qq "$@" >/dev/null || kfk_die "could not install $*"
  fi
}

# npm ci for one folder under tools/ when its node_modules is missing or older than its lock file.
kfk_npm_ci() {
  local dir="$kfk_root/$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    kfk_log "npm ci in $1"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || kfk_die "npm ci failed in $1"
  fi
}

# Native AOT links the app with clang against zlib (./package.sh publishes it so).
kfk_ensure_native_toolchain() {
  command -v clang >/dev/null || { kfk_log "installing clang (Native AOT linker)"; kfk_apt_install clang; }
  dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "install ok installed" \
    || { kfk_log "installing zlib1g-dev (Native AOT)"; kfk_apt_install zlib1g-dev; }
}

kfk_ensure_prerequisites() {
  kfk_require_toolchains
  kfk_ensure_native_toolchain
  command -v zip >/dev/null || { kfk_log "installing zip"; kfk_apt_install zip; }
  command -v curl >/dev/null || { kfk_log "installing curl"; kfk_apt_install curl; }
  kfk_npm_ci tools/azurite
  kfk_npm_ci tests/conformance
  kfk_npm_ci web
}

# Builds web/ (type check, Vite, bundle budgets) into web/dist, which the app's build copies beside the app.
kfk_build_web() {
  kfk_log "building web/ (workbench, widget, demo page)"
  (cd "$kfk_root/web" && npm run --silent build) || { kfk_log "the web build failed (web/)"; return 1; }
}

# The browser suite drives Debian's chromium (Playwright's own browser download does not work here).
kfk_ensure_chromium() {
  command -v chromium >/dev/null || { kfk_log "installing chromium (browser tests)"; kfk_apt_install chromium; }
  # Chinese text and the widget's emoji in the screenshots (without them: empty boxes).
  local font
  for font in fonts-noto-cjk fonts-noto-color-emoji; do
    dpkg-query -W -f='${Status}' "$font" 2>/dev/null | grep -q "install ok installed" \
      || { kfk_log "installing $font (browser screenshots)"; kfk_apt_install "$font"; }
  done
}

kfk_wait_for_port() { # port seconds name
  local port=$1 seconds=$2 name=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  kfk_die "$name did not open port $port within ${seconds}s"
}

kfk_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
