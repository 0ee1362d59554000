#!/usr/bin/env bash
# Installs what building, running and testing Recap needs; skips what is
# already there, so it is safe to run every time.
#   scripts/setup.sh          everything (app + end-to-end tests)
#   scripts/setup.sh --app    only what building and running the app needs
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ONLY=0
case "${1:-}" in
  --app) APP_ONLY=1 ;;
  "") ;;
  *) echo "usage: $0 [--app]" >&2; exit 2 ;;
esac

TAURI_DRIVER_VERSION=2.1.0
NODE_MIN=20

say() { printf '==> %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$PATH"

# Root or sudo, only ever asked for when something is missing.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif have sudo; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

# --- Debian packages -----------------------------------------------------
# WebKitGTK + GTK for Tauri; cmake/nasm/libnuma for the core's native deps
# (libjpeg-turbo 3 and libheif are built from source); libde265 and dav1d are
# the HEVC and AV1 decoders the embedded libheif links to (HEIC, AVIF);
# exiftool is the reference the core's tests compare against; Chromium
# (headless) checks the exported web album from file://.
# heif-enc (libheif-examples) encodes the phone bench's iPhone-like HEICs
# (the embedded libheif has no HEVC encoder: no x265 headers).
# cjxl (libjxl-tools) makes tests/jxl.rs's JPEG XL files from real JPEGs.
# desktop-file-validate and update-mime-database check the .deb's desktop
# entry and mission MIME type (tests/packaging.rs); dbus-daemon gives the
# single-instance WebDriver test (tests/e2e/open.test.mjs) a session bus.
APP_PKGS=(libwebkit2gtk-4.1-dev build-essential pkg-config curl file libssl-dev
  libayatana-appindicator3-dev librsvg2-dev cmake nasm libnuma-dev libde265-dev libdav1d-dev)
TEST_PKGS=(xvfb xauth webkit2gtk-driver libimage-exiftool-perl libvips-tools chromium libheif-examples libjxl-tools
  desktop-file-utils shared-mime-info dbus-daemon)
pkgs=("${APP_PKGS[@]}")
[ "$APP_ONLY" -eq 1 ] || pkgs+=("${TEST_PKGS[@]}")

if have dpkg-query; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
      die "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" ||
      die "could not install: ${missing[*]}"
  else
    say "Debian packages: all present"
  fi
else
  say "not a Debian/Ubuntu system: install the equivalents of: ${pkgs[*]}"
fi

# --- Rust ----------------------------------------------------------------
if ! have cargo; then
  say "installing Rust (rustup, minimal profile)"
  have curl || die "curl is needed to install Rust"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal ||
    die "could not install Rust; see https://rustup.rs"
fi
have cargo || die "cargo is still not on PATH"
say "Rust: $(rustc --version)"

[ "$APP_ONLY" -eq 1 ] && { say "setup done (app)"; exit 0; }

# --- clippy and rustfmt (scripts/test.sh runs both) -----------------------
# Added through rustup when it manages the toolchain; a cargo without rustup
# that already has them is fine.
if have rustup; then
  installed="$(rustup component list --installed 2>/dev/null || true)"
  components=()
  for c in clippy rustfmt; do
    grep -q "^$c-" <<<"$installed" || components+=("$c")
  done
  if [ "${#components[@]}" -gt 0 ]; then
    say "adding Rust components: ${components[*]}"
    rustup component add "${components[@]}" || say "rustup could not add: ${components[*]}"
  fi
fi
cargo clippy --version >/dev/null 2>&1 || die "cargo clippy not found (rustup component add clippy)"
cargo fmt --version >/dev/null 2>&1 || die "cargo fmt not found (rustup component add rustfmt)"
say "clippy and rustfmt: present"

# --- tauri-driver (WebDriver bridge for the end-to-end tests) ------------
if ! have tauri-driver; then
  say "installing tauri-driver $TAURI_DRIVER_VERSION (cargo install, a minute or two)"
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION" ||
    die "could not install tauri-driver"
else
  say "tauri-driver: present"
fi
have WebKitWebDriver || die "WebKitWebDriver not found (Debian package webkit2gtk-driver)"

# --- Node + the e2e test's npm packages -----------------------------------
node_ok() { have node && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge "$NODE_MIN" ]; }
if ! node_ok && have apt-get; then
  say "installing Node.js from the distribution"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm || true
fi
node_ok || die "Node.js >= $NODE_MIN is needed (found: $(node --version 2>/dev/null || echo none)); e.g. https://github.com/nodesource/distributions"
have npm || die "npm is needed"

E2E=tests/e2e
if [ ! -d "$E2E/node_modules" ] || [ "$E2E/package-lock.json" -nt "$E2E/node_modules/.package-lock.json" ]; then
  say "npm ci in $E2E"
  # No install scripts: webdriverio's optional browser-driver downloads are not needed.
  (cd "$E2E" && npm ci --ignore-scripts --no-audit --no-fund) || die "npm ci failed in $E2E"
else
  say "$E2E/node_modules: up to date"
fi

say "setup done"
