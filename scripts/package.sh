#!/usr/bin/env bash
# Builds the installers this machine can build: on Linux, the Debian package
# (.deb) with the app (/usr/bin/recap-app), the command line (/usr/bin/recap),
# a desktop entry in French and English, icons from 16 to 512 px and the MIME
# type of mission files (*.recap.toml). Windows and macOS installers come from
# .github/workflows/release.yml on their own runners.
#   scripts/package.sh           the release .deb
#   scripts/package.sh --debug   the same package from a debug build (quick check of the packaging)
# AppImage is not built: its bundler downloads linuxdeploy and its plugins at
# build time, and the embedded libheif's decoders would have to be carried.
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_CLI_VERSION=2.11.5
PROFILE=release
case "${1:-}" in
  --debug) PROFILE=debug ;;
  "") ;;
  *) echo "usage: $0 [--debug]" >&2; exit 2 ;;
esac

say() { printf '==> %s\n' "$*"; }
die() { printf 'package: error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

[ "$(uname -s)" = Linux ] || die "this script builds the Linux .deb; Windows and macOS installers come from .github/workflows/release.yml"
have dpkg-deb || die "dpkg-deb not found: the .deb is built on Debian or Ubuntu"

./scripts/setup.sh --app
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo tauri --version 2>/dev/null | grep -q "^tauri-cli $TAURI_CLI_VERSION\$"; then
  say "installing tauri-cli $TAURI_CLI_VERSION (cargo install, several minutes)"
  cargo install tauri-cli --locked --version "$TAURI_CLI_VERSION" || die "could not install tauri-cli"
fi

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
profile_flag=()
[ "$PROFILE" = debug ] && profile_flag=(--debug)

say "building the command line ($PROFILE)"
if [ "$PROFILE" = release ]; then cargo build --locked --release --bin recap; else cargo build --locked --bin recap; fi
cli="$target_dir/$PROFILE/recap"
[ -x "$cli" ] || die "$cli was not built"

# The bundler only knows GTK and WebKitGTK; the core also links the HEVC and
# AV1 decoders (and whatever else) from the system: depend on the package of
# every shared library the command line links, as dpkg-shlibdeps would.
depends=()
while read -r lib; do
  pkg=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || true)
  pkg=${pkg%%:*}
  [ -n "$pkg" ] && [[ " ${depends[*]} " != *" $pkg "* ]] && depends+=("$pkg")
done < <(ldd "$cli" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }')
say "package depends on: ${depends[*]:-(nothing more)}"

# The bundler's config, patched for this build: the command line of this
# profile and the dependencies found above (JSON merge patch over tauri.conf.json).
override=$(python3 - "$cli" "${depends[@]}" <<'EOF'
import json, sys
cli, depends = sys.argv[1], sys.argv[2:]
print(json.dumps({"bundle": {"linux": {"deb": {"depends": depends, "files": {"/usr/bin/recap": cli}}}}}))
EOF
)

say "building the app and the .deb ($PROFILE)"
cargo tauri build "${profile_flag[@]}" --bundles deb --config "$override" -- --locked

deb=$(ls -t "$target_dir/$PROFILE/bundle/deb/"*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || die "no .deb under $target_dir/$PROFILE/bundle/deb"
# The listing is read whole first: `grep -q` leaving a pipe early would kill
# dpkg-deb with SIGPIPE, which pipefail reports as a failure.
listing=$(dpkg-deb -c "$deb")
for f in usr/bin/recap usr/bin/recap-app usr/share/applications/Recap.desktop usr/share/mime/packages/recap.xml \
  usr/share/icons/hicolor/48x48/apps/recap-app.png; do
  grep -Eq " (\./)?$f\$" <<<"$listing" || die "$deb lacks /$f"
done
say "built $deb"
say "install it with: sudo apt install $deb"
