#!/usr/bin/env bash
# `make bench-load`: load benchmark of the release server (issue 13 point 6, issue 12's load test).
#   1. installs wrk and nginx (and brotli, for the wasm size) from Debian when missing;
#   2. builds the release server (`cargo build -p server --release`; BENCH_SITE=1 runs the full
#      .ci/build.sh release instead, so the hydrate bundle's sizes are printed too);
#   3. starts it on a free loopback port on a fresh SQLite file with the full demo data
#      (PANTAU_DEMO_SCALE, default 1.0) and, per page (/, /?year=2023, /kabupaten/15.05,
#      /unit/15.05-MPP and the hydrated year change POST /api/get_national), runs
#      wrk -t2 -c64 for DURATION seconds (default 20) after a WARMUP (default 5 s) warm-up, then nginx
#      serving the very same bytes (saved copies of each response) the same way, and prints req/s,
#      p50, p99, errors (status >= 400 + socket errors), the response bytes and the ratio Pantau/nginx;
#   4. a six-page mix for MIX_DURATION seconds (default 60) at 64 connections, on SQLite and then on
#      PostgreSQL (a fresh database on the server .ci/pg.sh names, dropped afterwards): requests,
#      errors (must be 0, else the script exits non-zero), p50/p99 and the server's RSS after the load;
#   5. the size of <site>/pkg/pantau.wasm (raw, gzip -9, brotli) if a site was built.
# Environment: DURATION, WARMUP, MIX_DURATION, CONNECTIONS (64), THREADS (2), PANTAU_DEMO_SCALE,
# SKIP_PG=1 (SQLite only), WASM_FILE (default <site>/pkg/pantau.wasm),
# PANTAU_BIN (a server binary to measure instead of building one). Only 127.0.0.1 is contacted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
MIX_DURATION=${MIX_DURATION:-60}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SCALE=${PANTAU_DEMO_SCALE:-1.0}
for v in DURATION WARMUP MIX_DURATION CONNECTIONS THREADS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done

# --- 1. tools -------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v brotli >/dev/null || missing+=(brotli)
command -v psql >/dev/null || [ "${SKIP_PG:-0}" = 1 ] || missing+=(postgresql-client)
if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# --- 2. build -------------------------------------------------------------------------------
if [ -n "${PANTAU_BIN:-}" ]; then
  log "PANTAU_BIN set: benchmarking $PANTAU_BIN as it is (no build)"
elif [ "${BENCH_SITE:-0}" = 1 ]; then
  bash "$ROOT/.ci/setup.sh"
  bash "$ROOT/.ci/build.sh" release
else
  log "cargo build -p server --release (target dir $TARGET_DIR)"
  cargo build -p server --release
fi
BIN="${PANTAU_BIN:-$TARGET_DIR/release/pantau}"
[ -x "$BIN" ] || die "$BIN not produced"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pantau-bench-load.XXXXXX")
chmod 0755 "$TMP"
SERVER_PID=""
NGINX_PID=""
PG_ADMIN_URL=""
PG_DB=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
cleanup() {
  stop_server
  if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  if [ -n "$PG_DB" ]; then
    psql "$PG_ADMIN_URL" -XAtqc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null 2>&1 ||
      log "could not drop database $PG_DB"
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

PORT=$(free_port $((30000 + RANDOM % 15000)))
BASE="http://127.0.0.1:$PORT"
SERVE_ARGS=()
if "$BIN" --help 2>/dev/null | grep -Eq '^[[:space:]]+serve([[:space:]]|$)'; then SERVE_ARGS=(serve); fi

# start_server DATABASE_URL: the release server on $PORT, waits for /healthz (seeding included).
start_server() {
  local url=$1
  (
    export DATABASE_URL="$url" PANTAU_ADDR="127.0.0.1:$PORT" PANTAU_DEMO_SCALE="$SCALE"
    export LEPTOS_SITE_ROOT="$SITE_DIR" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=pantau
    export LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_ENV=PROD
    exec "$BIN" "${SERVE_ARGS[@]}"
  ) >"$TMP/server.log" 2>&1 &
  SERVER_PID=$!
  local t0=$SECONDS
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" = 200 ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$TMP/server.log" >&2; die "server exited"; }
    ((SECONDS - t0 < 900)) || die "server not healthy after 900 s"
    sleep 0.3
  done
  log "server healthy on $BASE after $(fmt_secs $((SECONDS - t0))) (fresh database, demo scale $SCALE)"
}

rss_mb() { awk '/^VmRSS:/ { printf "%.0f MB", $2 / 1024 }' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.0f MB", $2 / 1024 }' "/proc/$1/status"; }

# A wrk script whose done() prints one machine-readable line (percentiles in microseconds).
# Errors: responses with status >= 400 (wrk's errors.status) plus connect/read/write/timeout errors.
cat >"$TMP/report.lua" <<'EOF'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d secs=%.3f p50=%d p99=%d status=%d socket=%d bytes=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout, summary.bytes))
end
EOF
{
  cat "$TMP/report.lua"
  cat <<'EOF'
wrk.method = "POST"
wrk.body = "filter[year]=2023"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
EOF
} >"$TMP/post.lua"
{
  cat "$TMP/report.lua"
  cat <<'EOF'
local paths = { "/", "/?year=2023", "/provinsi/15", "/kabupaten/15.05", "/unit/15.05-MPP",
  "/bandingkan?kode=15.05&kode=15.71" }
local i = 0
function setup(thread) thread:set("offset", i); i = i + 1 end
function init(args) i = offset or 0 end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF
} >"$TMP/mix.lua"

# run_wrk URL SCRIPT SECONDS -> prints the RESULT line's fields
run_wrk() {
  local url=$1 script=$2 secs=$3
  ((WARMUP > 0)) && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$script" "$url" >/dev/null 2>&1
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s -s "$script" "$url" | sed -n 's/^RESULT //p'
}
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.1f ms", u / 1000 }'; }

# --- 3. pages: Pantau vs nginx on SQLite -------------------------------------------------------
start_server "sqlite://$TMP/bench.db?mode=rwc"

mkdir -p "$TMP/www"
NAMES=(overview year2023 regency unit hydrated)
LABELS=("GET /" "GET /?year=2023" "GET /kabupaten/15.05" "GET /unit/15.05-MPP" "POST /api/get_national (year)")
PATHS=("/" "/?year=2023" "/kabupaten/15.05" "/unit/15.05-MPP" "/api/get_national")
for i in "${!NAMES[@]}"; do
  out="$TMP/www/${NAMES[$i]}"
  if [ "${NAMES[$i]}" = hydrated ]; then
    code=$(curl -s -o "$out" -w '%{http_code}' -X POST -H 'Accept: application/json' \
      -H 'Content-Type: application/x-www-form-urlencoded' --data 'filter[year]=2023' "$BASE${PATHS[$i]}")
  else
    code=$(curl -s -o "$out" -w '%{http_code}' "$BASE${PATHS[$i]}")
  fi
  [ "$code" = 200 ] || { head -c 400 "$out" >&2; echo >&2; die "${LABELS[$i]} answered $code (expected 200)"; }
done
chmod 0644 "$TMP"/www/*

NGINX_PORT=$(free_port $((PORT + 1)))
mkdir -p "$TMP/nginx"
USER_LINE=""
[ "$(id -u)" -eq 0 ] && USER_LINE="user root root;"
cat >"$TMP/nginx/nginx.conf" <<EOF
$USER_LINE
worker_processes auto;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $TMP/www;
    default_type text/html;
    location = /hydrated { default_type application/json; }
  }
}
EOF
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" &
NGINX_PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/overview")" = 200 ]; do
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$TMP/nginx/error.log" >&2; die "nginx exited"; }
  sleep 0.2
done

echo
echo "## Pages: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s after a ${WARMUP}s warm-up; server $BIN, SQLite, demo scale $SCALE; $(nproc) cores"
echo "## nginx $("$NGINX" -v 2>&1 | sed 's#.*/##') serves the same response bytes as static files (the POST's JSON via GET: nginx's static module refuses POST)"
printf '| %-30s | %10s | %9s | %9s | %6s | %10s | %10s | %10s | %12s |\n' \
  target "Pantau r/s" p50 p99 errors bytes "nginx r/s" "nginx p99" "Pantau/nginx"
printf '|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n' -------------------------------- ----------- ---------- ---------- ------- ----------- ----------- ----------- -------------
total_errors=0
for i in "${!NAMES[@]}"; do
  script="$TMP/report.lua"
  [ "${NAMES[$i]}" = hydrated ] && script="$TMP/post.lua"
  r=$(run_wrk "$BASE${PATHS[$i]}" "$script" "$DURATION")
  n=$(run_wrk "http://127.0.0.1:$NGINX_PORT/${NAMES[$i]}" "$TMP/report.lua" "$DURATION")
  [ -n "$r" ] && [ -n "$n" ] || die "wrk printed no result for ${LABELS[$i]}"
  rps=$(awk -v a="$(field "$r" requests)" -v s="$(field "$r" secs)" 'BEGIN { printf "%.1f", a / s }')
  nrps=$(awk -v a="$(field "$n" requests)" -v s="$(field "$n" secs)" 'BEGIN { printf "%.1f", a / s }')
  errs=$(($(field "$r" status) + $(field "$r" socket)))
  total_errors=$((total_errors + errs))
  ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN { if (b > 0) printf "%.2f %%", 100 * a / b; else print "n/a" }')
  printf '| %-30s | %10s | %9s | %9s | %6s | %10s | %10s | %10s | %12s |\n' "${LABELS[$i]}" "$rps" \
    "$(ms "$(field "$r" p50)")" "$(ms "$(field "$r" p99)")" "$errs" "$(stat -c %s "$TMP/www/${NAMES[$i]}")" \
    "$nrps" "$(ms "$(field "$n" p99)")" "$ratio"
done
kill "$NGINX_PID" 2>/dev/null || true
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""
echo "server RSS after the page runs: $(rss_mb "$SERVER_PID") (peak $(hwm_mb "$SERVER_PID"))"

# --- 4. six-page mix on SQLite, then PostgreSQL ------------------------------------------------
MIX_ROWS=()
mix_errors=0
run_mix() {
  local db=$1 r
  r=$(WARMUP=$WARMUP run_wrk "$BASE" "$TMP/mix.lua" "$MIX_DURATION")
  [ -n "$r" ] || die "wrk printed no result for the mix on $db"
  local errs=$(($(field "$r" status) + $(field "$r" socket)))
  mix_errors=$((mix_errors + errs))
  MIX_ROWS+=("$(printf '| %-10s | %9s | %8s | %6s | %9s | %9s | %8s | %8s |' "$db" "$(field "$r" requests)" \
    "$(awk -v a="$(field "$r" requests)" -v s="$(field "$r" secs)" 'BEGIN { printf "%.1f", a / s }')" "$errs" \
    "$(ms "$(field "$r" p50)")" "$(ms "$(field "$r" p99)")" "$(rss_mb "$SERVER_PID")" "$(hwm_mb "$SERVER_PID")")")
}
run_mix SQLite
stop_server

if [ "${SKIP_PG:-0}" != 1 ]; then
  PG_ADMIN_URL=$(bash "$ROOT/.ci/pg.sh")
  PG_DB="pantau_bench_$$_$RANDOM"
  psql "$PG_ADMIN_URL" -XAtqc "CREATE DATABASE \"$PG_DB\"" >/dev/null || die "could not create database $PG_DB"
  base_url=${PG_ADMIN_URL%%\?*}
  start_server "${base_url%/*}/$PG_DB"
  run_mix PostgreSQL
  stop_server
  psql "$PG_ADMIN_URL" -XAtqc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null && PG_DB=""
else
  log "SKIP_PG=1: no PostgreSQL mix"
fi

echo
echo "## Six-page mix (/, /?year=2023, /provinsi/15, /kabupaten/15.05, /unit/15.05-MPP, /bandingkan?kode=15.05&kode=15.71): wrk -t$THREADS -c$CONNECTIONS -d${MIX_DURATION}s after a ${WARMUP}s warm-up, demo scale $SCALE"
printf '| %-10s | %9s | %8s | %6s | %9s | %9s | %8s | %8s |\n' database requests "req/s" errors p50 p99 RSS "peak RSS"
printf '|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n' ------------ ---------- --------- ------- ---------- ---------- --------- ---------
printf '%s\n' "${MIX_ROWS[@]}"

# --- 5. wasm ------------------------------------------------------------------------------------
WASM="${WASM_FILE:-$SITE_DIR/pkg/pantau.wasm}"
echo
if [ -f "$WASM" ]; then
  br="n/a"
  command -v brotli >/dev/null && br=$(brotli -c -q 11 "$WASM" | wc -c)
  echo "## $WASM: $(stat -c %s "$WASM") B raw, $(gzip -9c "$WASM" | wc -c) B gzip -9, $br B brotli -q 11"
else
  echo "## no $WASM (BENCH_SITE=1 builds the site): wasm sizes not measured"
fi

((total_errors == 0)) || log "the page runs had $total_errors errors"
((mix_errors == 0)) || die "the six-page mix had $mix_errors errors (must be 0)"
