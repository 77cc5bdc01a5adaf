#!/usr/bin/env bash
# `make setup`: idempotent; installs what is missing, starts the database, migrates, loads geography and demo lieux.
# A second run with nothing to do takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
VENV=.venv
step() { printf '\033[1m» %s\033[0m\n' "$*"; }

# 1. System packages (Debian 12): PostGIS (brings GDAL/GEOS/PROJ), Chromium for browser tests, venv, wrk (the
#    load generator of `make bench`).
PKGS=(postgresql-15 postgresql-15-postgis-3 postgresql-contrib chromium python3-venv python3-dev libgdal-dev wrk)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  step "Installation des paquets système : ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # Debian starts a system cluster on 5432 when it installs postgresql; we use our own (.devdb/).
fi

# 2. Python virtualenv with the pinned versions (re-installed only when requirements.lock changes).
if [ ! -x "$VENV/bin/python" ]; then
  step "Création de l'environnement Python ($VENV)"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.requirements.sha"
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "Installation des dépendances Python (requirements.lock)"
  # (grep: this machine's pip configuration warns about absent local mirrors)
  "$VENV/bin/pip" install -q --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
  "$VENV/bin/pip" install -q -r requirements.lock 2>&1 | { grep -v '^WARNING: Location' || true; }
  "$VENV/bin/python" -c "import django, psycopg, opening_hours" # fails loudly if the install did not complete
  echo "$want" > "$stamp"
fi
PY="$VENV/bin/python"

# 3. Database: DATABASE_URL if set and reachable, else the private cluster in .devdb/.
if [ -f .env ] && [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL=$(grep -E '^DATABASE_URL=' .env | tail -1 | cut -d= -f2- || true)
fi
if [ -n "${DATABASE_URL:-}" ]; then
  if "$PY" scripts/db_reachable.py "$DATABASE_URL"; then
    step "Base de données : DATABASE_URL ($(echo "$DATABASE_URL" | sed -E 's#//[^@]*@#//***@#'))"
  else
    echo "DATABASE_URL est défini mais la base ne répond pas : $(echo "$DATABASE_URL" | sed -E 's#//[^@]*@#//***@#')" >&2
    exit 1
  fi
else
  scripts/devdb.sh start
fi

# 4. Schema, geography, demo lieux.
"$PY" manage.py migrate --no-input -v0
"$PY" manage.py load_geography
"$PY" manage.py generate_demo_lieux --count "${DEMO_LIEUX:-18000}" --if-empty
