#!/usr/bin/env bash
# `make run`: installs what is missing, builds in release and runs the server in the foreground.
# The server creates/migrates its database (embedded SQLite under ./data/ unless DATABASE_URL is
# set), loads reference + demo data on first start and listens on $PANTAU_ADDR (127.0.0.1:3000).
# Usage: .ci/serve.sh [release|debug] [extra arguments for `pantau serve`]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PROFILE=release
case "${1:-}" in debug | release) PROFILE=$1; shift ;; esac
cd "$ROOT"

bash "$ROOT/.ci/setup.sh"
bash "$ROOT/.ci/build.sh" "$PROFILE"
BIN="$TARGET_DIR/$PROFILE/pantau"

export LEPTOS_SITE_ROOT="$SITE_DIR"
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_OUTPUT_NAME=pantau
export LEPTOS_ENV="${LEPTOS_ENV:-PROD}"
export PANTAU_ADDR="${PANTAU_ADDR:-127.0.0.1:3000}"
export LEPTOS_SITE_ADDR="$PANTAU_ADDR"
if [ -z "${DATABASE_URL:-}" ]; then
  mkdir -p "$ROOT/data"
  export DATABASE_URL="sqlite://$ROOT/data/pantau.db?mode=rwc"
fi
SERVE_ARGS=()
if "$BIN" --help 2>/dev/null | grep -Eq '^[[:space:]]+serve([[:space:]]|$)'; then SERVE_ARGS=(serve); fi
log "database: $(printf %s "${DATABASE_URL%%\?*}" | sed -E 's#//[^@/]*@#//***@#')"
log "starting $BIN ${SERVE_ARGS[*]} $* -> http://$PANTAU_ADDR (Ctrl-C stops it)"
exec "$BIN" "${SERVE_ARGS[@]}" "$@"
