# Shared helpers for the scripts in .ci/ (sourced, not executed).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

# Cargo's target dir as an absolute path (a relative CARGO_TARGET_DIR is relative to the workspace root).
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
export TARGET_DIR
# The site cargo-leptos would produce: <site>/pkg/pantau.{js,wasm,css}.
SITE_DIR="$TARGET_DIR/site"
export SITE_DIR

# Leptos reads LEPTOS_OUTPUT_NAME at compile time (file names of the hydration scripts). Every cargo
# command of these scripts sets it, so the server, the wasm, clippy and the tests share one build of
# leptos instead of rebuilding it whenever the variable flips.
export LEPTOS_OUTPUT_NAME=pantau

# Tools installed by `cargo install` land here; make sure they are found even in a bare CI shell.
case ":$PATH:" in *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;; *) export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" ;; esac

_ci_name="$(basename "${BASH_SOURCE[1]:-ci}" .sh)"

log() { printf '[%s] %s\n' "$_ci_name" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$_ci_name" "$*" >&2; exit 1; }

# fmt_secs 135 -> 2m15s
fmt_secs() {
  local s=$1
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# Wait until no process whose command line matches the extended regex is running, e.g. another
# `cargo install wasm-bindgen-cli` or `apt-get install` started by hand; only looks, never signals.
wait_for_other() {
  local pattern=$1 waited=0
  while pgrep -f -- "$pattern" >/dev/null 2>&1; do
    if ((waited % 60 == 0)); then log "waiting for an already running '$pattern' to finish ..."; fi
    sleep 5
    waited=$((waited + 5))
  done
}

# The version of the `wasm-bindgen` package recorded in Cargo.lock.
lock_wasm_bindgen_version() {
  awk '
    $0 == "[[package]]" { name = "" }
    $1 == "name" && $3 == "\"wasm-bindgen\"" { name = "wasm-bindgen" }
    name == "wasm-bindgen" && $1 == "version" { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}

# The version printed by the installed wasm-bindgen CLI, or nothing.
installed_wasm_bindgen_version() {
  command -v wasm-bindgen >/dev/null 2>&1 || return 0
  wasm-bindgen --version 2>/dev/null | awk '{print $2}'
}

# A TCP port on 127.0.0.1 that nothing listens on, starting the search at $1.
free_port() {
  local port=${1:-40000} tries=0
  while ((tries < 500)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
    port=$((port + 1))
    tries=$((tries + 1))
  done
  die "no free TCP port found from $1"
}

apt_install() {
  wait_for_other '^(/usr/bin/)?apt(-get)? .*install'
  log "apt-get update"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "$@" >&2
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
