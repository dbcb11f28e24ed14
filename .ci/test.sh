#!/usr/bin/env bash
# Everything `make test` checks, in order:
#   setup (.ci/setup.sh) -> cargo fmt --check -> clippy (server side, whole workspace)
#   -> clippy (app, hydrate, wasm32) -> cargo test --workspace on SQLite + PostgreSQL (.ci/pg.sh)
#   -> build (debug server, wasm-release wasm) -> browser tests (.ci/e2e.sh)
# A failing stage does not stop the later ones (unless FAIL_FAST=1) but the script exits non-zero.
# Environment: E2E_PROFILE=debug|release (server build used by the browser tests, default debug),
#              SKIP_E2E=1 / SKIP_RUST=1 to leave out a part, TEST_DATABASE_URL (see .ci/pg.sh),
#              CARGO_TEST_TIMEOUT seconds for the cargo test stage (default 1800), FAIL_FAST=1.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

T_ALL=$SECONDS
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pantau-test.XXXXXX")
export PANTAU_PG_STATE="$TMP/pg.state"
cleanup() {
  if [ -f "$PANTAU_PG_STATE" ]; then bash "$ROOT/.ci/pg.sh" stop "$PANTAU_PG_STATE" || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -t 2 ]; then B=$'\033[1m' N=$'\033[0m'; else B="" N=""; fi
RESULTS=()
FAILED=0
LAST_RC=0
# stage NAME CMD... : runs CMD, records pass/fail and the time it took.
stage() {
  local name=$1 t0=$SECONDS rc=0
  shift
  printf '\n%s==> %s%s\n' "$B" "$name" "$N" >&2
  "$@" || rc=$?
  LAST_RC=$rc
  local took
  took=$(fmt_secs $((SECONDS - t0)))
  if [ "$rc" -eq 0 ]; then
    RESULTS+=("$(printf 'ok     %-48s %s' "$name" "$took")")
  else
    RESULTS+=("$(printf 'FAILED %-48s %s (exit %s)' "$name" "$took" "$rc")")
    FAILED=$((FAILED + 1))
    if [ "${FAIL_FAST:-0}" = 1 ]; then summary; exit 1; fi
  fi
  return 0
}
skipped() { RESULTS+=("$(printf 'skip   %-48s (%s)' "$1" "$2")"); }

# Count what the runners reported: cargo's "test result:" lines and Playwright's summary lines.
PASSED=0 FAILS=0 IGNORED=0
count_cargo() {
  local p f i
  read -r p f i < <(awk '/^test result:/ {
      for (k = 1; k <= NF; k++) {
        if ($(k+1) ~ /^passed;?$/) p += $k
        if ($(k+1) ~ /^failed;?$/) f += $k
        if ($(k+1) ~ /^ignored;?$/) i += $k
      } } END { print p+0, f+0, i+0 }' "$1")
  PASSED=$((PASSED + p)) FAILS=$((FAILS + f)) IGNORED=$((IGNORED + i))
  CARGO_COUNTS="$p passed, $f failed, $i ignored"
}
count_playwright() {
  local p f s
  read -r p f s < <(sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
      /^ +[0-9]+ passed( |$)/ { p += $1 }
      /^ +[0-9]+ (failed|flaky|interrupted)( |$)/ { f += $1 }
      /^ +[0-9]+ (skipped|did not run)( |$)/ { s += $1 }
      END { print p+0, f+0, s+0 }')
  PASSED=$((PASSED + p)) FAILS=$((FAILS + f)) IGNORED=$((IGNORED + s))
  E2E_COUNTS="$p passed, $f failed, $s skipped"
}

summary() {
  local line
  printf '\n%s==> summary (%s)%s\n' "$B" "$(fmt_secs $((SECONDS - T_ALL)))" "$N"
  for line in "${RESULTS[@]}"; do echo "  $line"; done
  [ -n "${CARGO_COUNTS:-}" ] && echo "  cargo test: $CARGO_COUNTS"
  [ -n "${E2E_COUNTS:-}" ] && echo "  playwright: $E2E_COUNTS"
  echo "tests: $PASSED passed, $FAILS failed, $IGNORED skipped"
}

# ---------------------------------------------------------------------------------------------------
stage "setup" bash "$ROOT/.ci/setup.sh"

if [ "${SKIP_RUST:-0}" != 1 ]; then
  stage "cargo fmt --check" cargo fmt --all -- --check
  # Cargo unifies features per build: nothing in the workspace may enable app/hydrate next to the
  # server's app/ssr, so the hydrate side is linted on its own, for the wasm target.
  stage "clippy (workspace, ssr)" cargo clippy --workspace --all-targets -- -D warnings
  stage "clippy (app, hydrate, wasm32)" cargo clippy -p app --lib --target wasm32-unknown-unknown \
    --no-default-features --features hydrate -- -D warnings

  run_cargo_test() {
    local url rc=0
    url=$(bash "$ROOT/.ci/pg.sh") || return 1
    echo "TEST_DATABASE_URL=${url}" >&2
    # A hanging test must not eat CI's 90 minutes: `timeout` stops cargo and the test binaries
    # (its whole process group) after CARGO_TEST_TIMEOUT seconds (compiling included).
    TEST_DATABASE_URL="$url" timeout -k 30 "${CARGO_TEST_TIMEOUT:-1800}" \
      cargo test --workspace --no-fail-fast 2>&1 | tee "$TMP/cargo-test.log" || rc=$?
    count_cargo "$TMP/cargo-test.log"
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
      echo "cargo test did not finish within ${CARGO_TEST_TIMEOUT:-1800}s and was stopped: a test hangs? (see the 'has been running for over 60 seconds' lines above)" >&2
    fi
    return "$rc"
  }
  stage "cargo test --workspace (SQLite + PostgreSQL)" run_cargo_test
  # The throwaway PostgreSQL (if any) is not needed any more.
  if [ -f "$PANTAU_PG_STATE" ]; then bash "$ROOT/.ci/pg.sh" stop "$PANTAU_PG_STATE" || true; fi
else
  skipped "Rust checks and tests" "SKIP_RUST=1"
fi

if [ "${SKIP_E2E:-0}" != 1 ]; then
  E2E_PROFILE=${E2E_PROFILE:-debug}
  stage "build ($E2E_PROFILE server, wasm-release wasm)" bash "$ROOT/.ci/build.sh" "$E2E_PROFILE"
  if [ "$LAST_RC" -eq 0 ]; then
    run_e2e() {
      local rc=0
      bash "$ROOT/.ci/e2e.sh" "$E2E_PROFILE" 2>&1 | tee "$TMP/e2e.log" || rc=$?
      count_playwright "$TMP/e2e.log"
      return "$rc"
    }
    stage "browser tests (Playwright, chromium)" run_e2e
  else
    skipped "browser tests" "the build failed"
  fi
else
  skipped "build + browser tests" "SKIP_E2E=1"
fi

summary
if [ "$FAILED" -ne 0 ]; then
  echo "make test: $FAILED stage(s) failed" >&2
  exit 1
fi
