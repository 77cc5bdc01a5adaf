#!/usr/bin/env bash
# Private PostgreSQL + PostGIS cluster inside the project folder (.devdb/), on 127.0.0.1:${DEVDB_PORT:-54329}.
# Usage: scripts/devdb.sh start|stop|status|url
# Root cannot run postgres: the cluster belongs to the `postgres` user, so .devdb/ must be reachable by it.
#
# Durable by default: a hub's data must survive a power cut (fsync, synchronous_commit, full_page_writes on).
# DEVDB_RAPIDE=1 (CI, throw-away clusters) turns them off for speed. Every connection is authenticated by a
# password (scram-sha-256), kept in .devdb/motdepasse (0600) and read by the settings.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGOPTIONS="-c client_min_messages=warning"
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${DEVDB_PORT:-54329}
DIR=${DEVDB_DIR:-$PWD/.devdb}
DATA=$DIR/data
SOCK=$DIR/run
LOG=$DIR/postgres.log
DBNAME=${DEVDB_NAME:-mediation}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

MDP=$DIR/motdepasse

url() { echo "postgis://postgres:$(cat "$MDP")@127.0.0.1:${PORT}/${DBNAME}"; }

durabilite() {
  if [ "${DEVDB_RAPIDE:-0}" = 1 ]; then
    echo "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  else
    echo "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
  fi
}

# Password authentication on TCP, peer on the socket: written at every start (also converts an older trust cluster).
authentifier() {
  if [ ! -s "$MDP" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$MDP")
  fi
  export PGPASSWORD=$(cat "$MDP")
  if grep -qE '^[^#].*trust' "$DATA/pg_hba.conf"; then
    as_pg "$PGBIN/psql" -q -h "$SOCK" -p "$PORT" -U postgres -d postgres \
      -c "alter user postgres password '$PGPASSWORD'" >/dev/null
    as_pg tee "$DATA/pg_hba.conf" >/dev/null <<HBA
# written by scripts/devdb.sh: a password (scram-sha-256) for every connection
local   all   all                  scram-sha-256
host    all   all   127.0.0.1/32   scram-sha-256
host    all   all   ::1/128        scram-sha-256
HBA
    as_pg "$PGBIN/pg_ctl" -D "$DATA" reload >/dev/null
    sleep 0.5
  fi
}

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
# sized for a laptop / CI runner; durability is set at start (scripts/devdb.sh, DEVDB_RAPIDE)
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
jit = off
CONF
  fi
  if ! running; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -k $SOCK -c listen_addresses=127.0.0.1 $(durabilite)" start >/dev/null
    echo "devdb: PostgreSQL démarré sur 127.0.0.1:$PORT ($([ "${DEVDB_RAPIDE:-0}" = 1 ] && echo "rapide, non durable" || echo durable))"
  fi
  authentifier
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
