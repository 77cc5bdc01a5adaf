import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_sante_repond_ok_avec_postgis(client):
    reponse = client.get("/sante/")
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["base_de_donnees"] == "ok"
    assert corps["postgis"].startswith("3.")
    assert reponse["Cache-Control"].startswith("max-age=0")


def test_sante_503_sans_trace_quand_la_base_est_arretee():
    """A real unreachable database (a closed port), in a separate process: 503 and JSON, no stack trace."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/sante/');"
        "print(r.status_code); print(r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mediation.settings.test",
        "DATABASE_URL": "postgis://postgres@127.0.0.1:9/absente",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    sortie = subprocess.run([sys.executable, "-c", script], cwd=RACINE, env=env, capture_output=True, text=True,
                            timeout=60)
    statut, corps = sortie.stdout.strip().split("\n", 1)
    assert statut == "503"
    donnees = json.loads(corps)
    assert donnees["base_de_donnees"] == "ko"
    assert donnees["erreur"] == "Base de données indisponible"
    assert "Traceback" not in sortie.stdout


def test_check_deploy_propre_en_production():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for Playwright only
        "DJANGO_SETTINGS_MODULE": "mediation.settings.production",
        "SECRET_KEY": "x" * 20 + "une-cle-de-production-longue-et-aleatoire-0123456789",
        "ALLOWED_HOSTS": "carto.example.org",
    }
    sortie = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=RACINE, env=env, capture_output=True, text=True, timeout=120,
    )
    assert sortie.returncode == 0, sortie.stderr + sortie.stdout
    assert "no issues" in sortie.stdout


@pytest.mark.django_db
def test_les_pages_refusent_d_etre_encadrees(client):
    reponse = client.get("/")
    assert reponse["X-Frame-Options"] == "DENY"
    assert reponse["X-Content-Type-Options"] == "nosniff"
