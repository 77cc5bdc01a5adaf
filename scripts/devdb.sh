#!/usr/bin/env bash
# Private PostgreSQL + PostGIS cluster inside the project folder (.devdb/), on 127.0.0.1:${DEVDB_PORT:-54329}.
# Usage: scripts/devdb.sh start|stop|status|url
# Root cannot run postgres: the cluster belongs to the `postgres` user, so .devdb/ must be reachable by it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGOPTIONS="-c client_min_messages=warning"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${DEVDB_PORT:-54329}
DIR=$PWD/.devdb
DATA=$DIR/data
SOCK=$DIR/run
LOG=$DIR/postgres.log
DBNAME=${DEVDB_NAME:-mediation}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgis://postgres@127.0.0.1:${PORT}/${DBNAME}"; }

running() { as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
  mkdir -p "$DIR" "$SOCK"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$DIR" "$SOCK"
    # every parent must be traversable by postgres (a 0700 /root is not)
    if ! runuser -u postgres -- test -x "$DIR"; then
      echo "devdb: $DIR n'est pas accessible à l'utilisateur postgres (dossier parent en 0700 ?)." >&2
      echo "       Placez le projet hors de /root ou pointez DATABASE_URL vers un serveur existant." >&2
      exit 1
    fi
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    echo "devdb: initialisation du cluster dans $DATA"
    as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
    cat >>"$DATA/postgresql.conf" <<CONF
# tuned for a laptop / CI runner, not for durability
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
jit = off
CONF
  fi
  if ! running; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1" start >/dev/null
    echo "devdb: PostgreSQL démarré sur 127.0.0.1:$PORT"
  fi
  for db in "$DBNAME"; do
    if ! /usr/bin/psql -h 127.0.0.1 -p "$PORT" -U postgres -tAc \
        "select 1 from pg_database where datname='$db'" 2>/dev/null | grep -q 1; then
      /usr/bin/createdb -h 127.0.0.1 -p "$PORT" -U postgres "$db"
    fi
    /usr/bin/psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d "$db" \
      -c "create extension if not exists postgis; create extension if not exists pg_trgm; create extension if not exists unaccent; create extension if not exists btree_gist;" >/dev/null
  done
  # the test database is a copy of template1 with the extensions, so pytest-django can create it fast
  /usr/bin/psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d template1 \
    -c "create extension if not exists postgis; create extension if not exists pg_trgm; create extension if not exists unaccent; create extension if not exists btree_gist;" >/dev/null
}

stop() {
  if [ -f "$DATA/PG_VERSION" ] && running; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -w -m fast stop >/dev/null
    echo "devdb: PostgreSQL arrêté"
  else
    echo "devdb: aucun cluster privé en marche"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "devdb: en marche ($(url))"; else echo "devdb: arrêté"; exit 3; fi ;;
  url) url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
