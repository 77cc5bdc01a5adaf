#!/usr/bin/env bash
# `make run`: the web server on 127.0.0.1:$PORT and the background worker (django-tasks), stopped together.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-8000}
PY=.venv/bin/python
"$PY" manage.py db_worker --queue-name '*' &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "» Serveur : http://127.0.0.1:$PORT/  (worker de tâches : pid $WORKER ; Ctrl+C pour arrêter, « make stop » arrête la base)"
"$PY" manage.py runserver "127.0.0.1:$PORT"
