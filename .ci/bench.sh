#!/usr/bin/env bash
# `make bench`: release build, then
#   1. `cargo bench` for any bench targets the workspace has (none is fine);
#   2. the release server on a free loopback port with a fresh SQLite file and the full demo data
#      set (PANTAU_DEMO_SCALE, default 1.0): time from start to a healthy /healthz (migrations +
#      seeding), then a bounded number of sequential requests per page (BENCH_REQUESTS, default 50)
#      with min / median / p95 / max latency;
#   3. the shipped wasm/js sizes (printed by build.sh).
# Only 127.0.0.1 is contacted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/.ci/setup.sh"
bash "$ROOT/.ci/build.sh" release

if cargo metadata --no-deps --format-version 1 | grep -q '"kind":\["bench"\]'; then
  log "cargo bench --workspace"
  cargo bench --workspace
else
  log "no cargo bench targets in the workspace"
fi

BIN="$TARGET_DIR/release/pantau"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pantau-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
PORT=$(free_port $((30000 + RANDOM % 20000)))
BASE="http://127.0.0.1:$PORT"
SERVE_ARGS=()
if "$BIN" --help 2>/dev/null | grep -Eq '^[[:space:]]+serve([[:space:]]|$)'; then SERVE_ARGS=(serve); fi
(
  export DATABASE_URL="sqlite://$TMP/bench.db?mode=rwc" PANTAU_ADDR="127.0.0.1:$PORT"
  export LEPTOS_SITE_ROOT="$SITE_DIR" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_ENV=PROD
  export PANTAU_DEMO_SCALE="${PANTAU_DEMO_SCALE:-1.0}"
  exec "$BIN" "${SERVE_ARGS[@]}"
) >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
t0=$(date +%s.%N)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ]; do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "server exited"; }
  sleep 0.2
done
startup=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "[bench] startup to healthy (fresh DB, demo scale ${PANTAU_DEMO_SCALE:-1.0}): ${startup}s"

N=${BENCH_REQUESTS:-50}
((N >= 1 && N <= 1000)) || die "BENCH_REQUESTS must be 1..1000"
printf '[bench] %-28s %8s %8s %8s %8s %10s\n' "GET (n=$N, sequential)" min median p95 max bytes
for path in /healthz / "/?year=2023" /pkg/pantau.wasm; do
  : >"$TMP/times"
  bytes=0
  for _ in $(seq 1 "$N"); do
    read -r code t size < <(curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%{http_code} %{time_total} %{size_download}\n' "$BASE$path")
    [ "$code" = 200 ] || die "GET $path answered $code"
    echo "$t" >>"$TMP/times"
    bytes=$size
  done
  sort -g "$TMP/times" | awk -v p="$path" -v b="$bytes" '{ a[NR] = $1 } END {
      i95 = int(NR * 0.95); if (i95 < 1) i95 = 1
      printf "[bench] %-28s %7.1fms %7.1fms %7.1fms %7.1fms %10d\n", p, a[1]*1000, a[int((NR+1)/2)]*1000, a[i95]*1000, a[NR]*1000, b }'
done
