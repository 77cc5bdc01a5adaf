#!/usr/bin/env bash
# `make run`: the web server on 127.0.0.1:$PORT and the background worker, stopped together.
#
# What a hub runs on its own machine, so it is served as in production: gunicorn (a few processes with a few threads
# each, so at most WEB_CONCURRENCY × WEB_THREADS database connections however many clients are idle), compressed
# static files, DEBUG off (French error pages, never a traceback). `RECHARGEMENT=1 make run` reloads on code changes
# (development); `DEBUG=True make run` shows Django's debug pages.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-8000}
PY=.venv/bin/python
export DEBUG=${DEBUG:-False} DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-mediation.settings.base}
"$PY" manage.py collectstatic --no-input -v0
"$PY" manage.py travailleur &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
RELOAD=()
[ "${RECHARGEMENT:-0}" = 1 ] && RELOAD=(--reload)
echo "» Serveur : http://127.0.0.1:$PORT/  (travailleur des tâches : pid $WORKER ; Ctrl+C pour arrêter, « make stop » arrête la base)"
.venv/bin/gunicorn mediation.wsgi -b "127.0.0.1:$PORT" -w "${WEB_CONCURRENCY:-2}" --threads "${WEB_THREADS:-4}" \
  --timeout 120 --graceful-timeout 20 --access-logfile - "${RELOAD[@]}"
