#!/usr/bin/env bash
# Opens the desktop app on the built-in demo mission (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --app
export PATH="$HOME/.cargo/bin:$PATH"
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || { echo "demo: no display (DISPLAY/WAYLAND_DISPLAY unset)" >&2; exit 1; }
# Release builds embed ui/ through the default custom-protocol feature.
exec cargo run -p recap-app --release -- --demo "$@"
