#!/usr/bin/env bash
# Prints (on stdout) the URL of a PostgreSQL server the Rust tests may use; logs go to stderr.
# The tests create and drop their own databases on it, so it needs a superuser (or CREATEDB) role.
#
# Order:
#   1. $TEST_DATABASE_URL, if set;
#   2. the server at 127.0.0.1:5432 (user postgres, db postgres; trust auth on this machine kind),
#      if it answers (skipped when PANTAU_PG_FORCE_LOCAL=1);
#   3. a throwaway cluster started here: initdb in a temp dir as a non-root user (initdb refuses
#      root), on a free port, fsync off. Debian's `postgresql` is installed if no initdb is found.
#      Its state is written to $PANTAU_PG_STATE (default $TMPDIR/pantau-pg.state); stop it with
#        .ci/pg.sh stop [STATE_FILE]
#      (.ci/test.sh does that in its exit trap).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STATE="${PANTAU_PG_STATE:-${TMPDIR:-/tmp}/pantau-pg.state}"

stop_cluster() {
  local state=${1:-$STATE}
  [ -f "$state" ] || { log "no state file $state: nothing to stop"; return 0; }
  # shellcheck disable=SC1090
  source "$state"
  log "stopping throwaway PostgreSQL on port $PG_PORT (data $PG_DIR)"
  run_as "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >&2 || true
  rm -rf "$PG_DIR"
  rm -f "$state"
}

run_as() { # run_as USER CMD...
  local user=$1
  shift
  if [ "$(id -un)" = "$user" ]; then
    "$@"
  elif command -v runuser >/dev/null; then
    runuser -u "$user" -- "$@"
  else
    su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
  fi
}

if [ "${1:-}" = "stop" ]; then
  stop_cluster "${2:-}"
  exit 0
fi

# 1. explicit URL
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  log "using TEST_DATABASE_URL"
  echo "$TEST_DATABASE_URL"
  exit 0
fi

# 2. the machine's server on 5432
URL_5432="postgres://postgres@127.0.0.1:5432/postgres"
if [ "${PANTAU_PG_FORCE_LOCAL:-0}" != 1 ]; then
  if command -v psql >/dev/null; then
    if psql "$URL_5432" -XAtqc 'select 1' >/dev/null 2>&1; then
      log "using the PostgreSQL server at 127.0.0.1:5432 ($(psql "$URL_5432" -XAtqc 'show server_version' 2>/dev/null))"
      echo "$URL_5432"
      exit 0
    fi
  elif command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432 -U postgres -d postgres; then
    log "using the PostgreSQL server at 127.0.0.1:5432 (pg_isready; no psql to check the login)"
    echo "$URL_5432"
    exit 0
  fi
  log "no usable PostgreSQL at 127.0.0.1:5432"
else
  log "PANTAU_PG_FORCE_LOCAL=1: not looking at 127.0.0.1:5432"
fi

# 3. throwaway cluster
t0=$SECONDS
if [ -f "$STATE" ]; then
  # shellcheck disable=SC1090
  source "$STATE"
  if run_as "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
    log "reusing the throwaway PostgreSQL on port $PG_PORT recorded in $STATE"
    echo "postgres://postgres@127.0.0.1:$PG_PORT/postgres"
    exit 0
  fi
  log "stale state file $STATE (its server is not running): removing it"
  rm -rf "$PG_DIR"
  rm -f "$STATE"
fi
find_pg_bin() {
  local d best=""
  # highest major version first
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r) /usr/local/bin /usr/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ]; then
      best=$(cd "$d" && cd "$(dirname "$(readlink -f "$d/initdb")")" && pwd)
      break
    fi
  done
  echo "$best"
}
PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ]; then
  log "no initdb/pg_ctl/postgres found: installing Debian's postgresql"
  apt_install postgresql
  PG_BIN=$(find_pg_bin)
  [ -n "$PG_BIN" ] || die "postgresql installed but no initdb found under /usr/lib/postgresql/*/bin"
fi

if [ "$(id -u)" -eq 0 ]; then
  PG_USER=pantau-pg
  if ! id "$PG_USER" >/dev/null 2>&1; then
    if useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER" 2>/dev/null; then
      log "created system user $PG_USER (initdb refuses to run as root)"
    else
      PG_USER=nobody
      log "could not create a system user; running PostgreSQL as nobody"
    fi
  fi
else
  PG_USER=$(id -un)
fi

PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pantau-pg.XXXXXX")
chmod 0755 "$PG_DIR"
chown "$PG_USER" "$PG_DIR" 2>/dev/null || true
PG_PORT=$(free_port "${PANTAU_PG_PORT:-55432}")
log "initdb ($PG_BIN, user $PG_USER) in $PG_DIR"
if ! run_as "$PG_USER" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$PG_DIR/initdb.log" 2>&1; then
  cat "$PG_DIR/initdb.log" >&2
  rm -rf "$PG_DIR"
  die "initdb failed"
fi
cat >"$STATE" <<EOF
PG_BIN=$(printf '%q' "$PG_BIN")
PG_DIR=$(printf '%q' "$PG_DIR")
PG_USER=$(printf '%q' "$PG_USER")
PG_PORT=$PG_PORT
EOF
log "starting PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
if ! run_as "$PG_USER" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start </dev/null >&2; then
  cat "$PG_DIR/server.log" >&2 || true
  stop_cluster "$STATE"
  die "PostgreSQL did not start"
fi
log "throwaway PostgreSQL ready in $(fmt_secs $((SECONDS - t0))); stop it with: .ci/pg.sh stop $STATE"
echo "postgres://postgres@127.0.0.1:$PG_PORT/postgres"
