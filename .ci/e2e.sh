#!/usr/bin/env bash
# Browser tests: starts the built server on a free port with a fresh SQLite file (seeded with
# reference + a small demo data set), waits for /healthz, runs Playwright (end2end/) against it with
# Debian's chromium, and stops the server again.
# Needs .ci/setup.sh and .ci/build.sh first. Usage: .ci/e2e.sh [debug|release] [playwright args...]
# Environment: PANTAU_DEMO_SCALE (default 0.2), PANTAU_E2E_STARTUP_TIMEOUT seconds (default 300).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROFILE=debug
case "${1:-}" in debug | release) PROFILE=$1; shift ;; esac
BIN="$TARGET_DIR/$PROFILE/pantau"
[ -x "$BIN" ] || die "$BIN not found: run .ci/build.sh $PROFILE first"
[ -f "$SITE_DIR/pkg/pantau.wasm" ] || die "$SITE_DIR/pkg/pantau.wasm not found: run .ci/build.sh first"
[ -d "$ROOT/end2end/node_modules/@playwright/test" ] || die "end2end/node_modules missing: run .ci/setup.sh first"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing: run .ci/setup.sh first"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pantau-e2e.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(free_port $((30000 + RANDOM % 20000)))
BASE_URL="http://127.0.0.1:$PORT"

# `pantau serve` when the binary has subcommands, plain `pantau` otherwise.
SERVE_ARGS=()
if "$BIN" --help 2>/dev/null | grep -Eq '^[[:space:]]+serve([[:space:]]|$)'; then SERVE_ARGS=(serve); fi

# Test accounts for the form tests: the app ships no default users, so create them in the fresh
# database with `pantau create-user` (password from the environment, random per run).
E2E_PASSWORD="e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export E2E_PASSWORD
for account in "asisten e2e-asisten --province 15" "pemda e2e-pemda --regency 15.05" "pimpinan e2e-pimpinan"; do
  read -r role user extra <<<"$account"
  # shellcheck disable=SC2086
  (cd "$ROOT" && DATABASE_URL="sqlite://$TMP/e2e.db?mode=rwc" PANTAU_DEMO_SCALE=0 PANTAU_PASSWORD="$E2E_PASSWORD" \
    "$BIN" create-user --role "$role" --username "$user" $extra >>"$TMP/create-user.log" 2>&1) ||
    { cat "$TMP/create-user.log" >&2; die "pantau create-user failed"; }
done

log "starting $BIN ${SERVE_ARGS[*]} on $BASE_URL (fresh SQLite in $TMP, PANTAU_DEMO_SCALE=${PANTAU_DEMO_SCALE:-0.2})"
(
  cd "$ROOT"
  export DATABASE_URL="sqlite://$TMP/e2e.db?mode=rwc"
  export PANTAU_ADDR="127.0.0.1:$PORT"
  export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
  export LEPTOS_SITE_ROOT="$SITE_DIR"
  export LEPTOS_SITE_PKG_DIR=pkg
  export LEPTOS_OUTPUT_NAME=pantau
  export PANTAU_DEMO_SCALE="${PANTAU_DEMO_SCALE:-0.2}"
    exec "$BIN" "${SERVE_ARGS[@]}"
) >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

timeout=${PANTAU_E2E_STARTUP_TIMEOUT:-300}
t0=$SECONDS
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE_URL/healthz" 2>/dev/null)" = 200 ]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "----- server log ($TMP/server.log) -----" >&2
    cat "$TMP/server.log" >&2
    echo "-----" >&2
    die "the server exited before answering /healthz"
  fi
  if ((SECONDS - t0 > timeout)); then
    echo "----- server log ($TMP/server.log) -----" >&2
    cat "$TMP/server.log" >&2
    echo "-----" >&2
    die "GET $BASE_URL/healthz did not answer 200 within ${timeout}s"
  fi
  sleep 0.5
done
log "server healthy after $(fmt_secs $((SECONDS - t0))) (includes migrations and seeding)"

status=0
(cd "$ROOT/end2end" && BASE_URL="$BASE_URL" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx --no-install playwright test "$@") || status=$?
if [ "$status" -ne 0 ]; then
  echo "----- last 80 lines of the server log -----" >&2
  tail -n 80 "$TMP/server.log" >&2
  echo "-----" >&2
fi
exit "$status"
