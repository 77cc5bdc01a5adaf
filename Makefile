# Two commands on a fresh Debian 12 machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: setup run test stop bench lock db check-deploy clean-db sauvegarde restauration

setup:
	@scripts/setup.sh

run: setup
	@scripts/serve.sh $(PORT)

test: setup
	DJANGO_SETTINGS_MODULE=mediation.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

stop:
	@scripts/devdb.sh stop

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

db:
	@scripts/devdb.sh start

# Backups: pg_dump of the whole database; a restore goes into a NEW database (BASE, default <base>_restauree).
sauvegarde: setup
	$(PY) manage.py sauvegarder $(if $(FICHIER),--fichier $(FICHIER))

restauration: setup
	@test -n "$(FICHIER)" || { echo "usage : make restauration FICHIER=sauvegardes-base/….dump [BASE=nom_de_la_base]"; exit 2; }
	$(PY) manage.py restaurer $(FICHIER) $(if $(BASE),--base $(BASE))

# Regenerate the pinned versions after changing pyproject.toml dependencies.
lock:
	$(VENV)/bin/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

check-deploy:
	DJANGO_SETTINGS_MODULE=mediation.settings.production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  ALLOWED_HOSTS=example.org $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) scripts/verifier_deploiement.py docker-compose.yml

clean-db: stop
	rm -rf .devdb
