#!/usr/bin/env bash
# Starts a local PostgreSQL server, installing it from Debian's packages if it is missing, and
# creates a database on it. Prints the DATABASE_URL on stdout (everything else goes to stderr).
#   usage: eval "$(scripts/local-postgres.sh)"   # exports DATABASE_URL
# For a developer who wants one server to keep: PGPORT (default 54329), PGDATA_DIR (default
# /tmp/gds-postgres-$PGPORT; wiped and initialised afresh when no server answers on the port),
# DB_NAME (default gds_test).
# Stop it with: pg_ctl -D "$PGDATA_DIR" stop (as the postgres user when root).
# `npm test`, CI and the benchmark do not use the defaults: scripts/lib/localPostgres.ts runs this on
# a free port with a data directory of its own per run, and stops it and removes it afterwards.
# PG_PERSISTENT=1 (npm run stack): an initialized data dir is started again, not wiped, and fsync is on.
set -euo pipefail

PGPORT="${PGPORT:-54329}"
PGDATA_DIR="${PGDATA_DIR:-/tmp/gds-postgres-$PGPORT}"
DB_NAME="${DB_NAME:-gds_test}"
PG_PERSISTENT="${PG_PERSISTENT:-0}"

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

if ! BIN=$(find_bin); then
  echo "local-postgres: PostgreSQL not found; installing from Debian packages" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  RUN_AS=(runuser -u postgres --)
fi

if "$BIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q; then
  echo "local-postgres: already running on port $PGPORT" >&2
else
  FSYNC=off
  if [ "$PG_PERSISTENT" = 1 ]; then FSYNC=on; fi
  if [ "$PG_PERSISTENT" != 1 ] || [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDATA_DIR"
    "${RUN_AS[@]}" "$BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=$FSYNC -c max_connections=200" start >&2
fi

"$BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
  || "$BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DB_NAME"

echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/$DB_NAME"
