#!/usr/bin/env bash
# Everything CI checks: formatting, clippy (warnings denied), unit/integration
# tests, the UI's unit tests, both binaries, then the end-to-end tests of the
# real app under a virtual display.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

step "setup"
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step "cargo fmt --all --check"
# Formatting first: it takes a second and fails before any build.
cargo fmt --all --check

step "cargo clippy --workspace --all-targets -- -D warnings"
# Every target (tests, benches, both binaries) with warnings denied; the lints
# are in Cargo.toml ([workspace.lints]) and clippy.toml.
cargo clippy --workspace --all-targets -- -D warnings

step "cargo build --workspace --bins --tests"
# The binaries the end-to-end tests drive and the tests, in one build: with
# the tests in the same invocation the dev-dependencies' features (proptest's
# rand, ...) unify, so both binaries share every compiled crate with the tests
# instead of building tauri and its dependents a second time (4 min on 2
# cores). Building the two binaries apart would rebuild libheif and
# libjpeg-turbo each time.
cargo build --workspace --bins --tests

step "cargo test --workspace"
cargo test --workspace

step "front-end unit tests (node:test)"
# The UI's pure logic (ui/lib): layout of the virtual grid, keyboard moves,
# clock input, counters, French dates. No window needed.
node --test tests/ui/

step "end-to-end (xvfb, tauri-driver, WebKitWebDriver)"
# `timeout` bounds a hung web view; the test has its own 5-minute limit.
timeout --kill-after=30 600 \
  xvfb-run -a --server-args="-screen 0 1280x900x24" \
  node --test --test-timeout=300000 tests/e2e/*.test.mjs

step "all passed"
