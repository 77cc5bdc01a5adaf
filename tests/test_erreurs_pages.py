"""Error pages with DEBUG=False (the test settings): a French 404 for everything, a page for an archived lieu that
offers the nearest active lieux with the same services, and a self-contained 500 page that reads no database."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import timezone

from lieux.models import Lieu
from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db
AIDE = "Aide aux démarches administratives"
LOISIRS = "Loisirs et créations numériques"


def test_debug_is_off_in_the_tests(settings):
    assert settings.DEBUG is False


@pytest.mark.parametrize("url", ["/nulle-part/", "/lieux/987654321/", "/territoires/region/00/"])
def test_unknown_pages_get_the_french_404(client, geographie, url):
    reponse = client.get(url)
    assert reponse.status_code == 404
    html = reponse.content.decode()
    assert "<title>Page introuvable" in html and "Not Found" not in html
    assert 'lang="fr"' in html and 'href="/carte/"' in html and 'href="/orientation/"' in html


def test_an_archived_lieu_says_so_and_offers_the_nearest_lieux_with_the_same_services(client, geographie):
    archive = creer_lieu(nom="Ancien EPN <b>fermé</b>", statut=Lieu.Statut.ARCHIVE, services=[AIDE])
    Lieu.objects.filter(uid=archive.uid).update(modifie_le=timezone.make_aware(dt.datetime(2026, 9, 14, 10)))
    proche = creer_lieu(nom="Médiathèque proche", services=[AIDE, LOISIRS],
                        localisation=Point(-0.5600, 47.4700, srid=4326))
    loin = creer_lieu(nom="Médiathèque plus loin", services=[AIDE], localisation=Point(-0.4000, 47.5000, srid=4326))
    creer_lieu(nom="Autre service", services=[LOISIRS], localisation=Point(-0.5537, 47.4740, srid=4326))
    creer_lieu(nom="Archivé aussi", services=[AIDE], statut=Lieu.Statut.ARCHIVE,
               localisation=Point(-0.5537, 47.4740, srid=4326))
    reponse = client.get(f"/lieux/{archive.uid}/")
    assert reponse.status_code == 404  # not 410: a later import may bring the lieu back (see lieux/views/lieu.py)
    html = reponse.content.decode()
    assert "Ce lieu n'est plus référencé" in html and "depuis le 14 septembre 2026" in html
    assert "Ancien EPN &lt;b&gt;fermé&lt;/b&gt;" in html and "<b>fermé</b>" not in html
    assert "Lieux proposant les mêmes services à proximité" in html
    assert html.index(f'href="/lieux/{proche.uid}/"') < html.index(f'href="/lieux/{loin.uid}/"')
    assert "Autre service" not in html and "Archivé aussi" not in html
    assert "— à 650 m" in html  # distance from the archived lieu
    assert '<meta name="robots" content="noindex">' in html


def test_reporting_on_an_archived_lieu_gets_the_same_page(client, geographie):
    archive = creer_lieu(statut=Lieu.Statut.ARCHIVE)
    reponse = client.post(f"/lieux/{archive.uid}/signaler/", {"rubriques": ["autre"]})
    assert reponse.status_code == 404 and "plus référencé" in reponse.content.decode()


@pytest.mark.urls("tests.urls_erreur")
def test_a_crash_gets_the_self_contained_french_500_without_any_query(django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with django_assert_num_queries(0):
        reponse = client.get("/panne/")
    assert reponse.status_code == 500
    html = reponse.content.decode()
    assert "<title>Erreur inattendue" in html and 'lang="fr"' in html and "Server Error" not in html
    assert "<link" not in html and "<script" not in html and "/static/" not in html  # nothing else to load


def test_a_report_without_its_csrf_cookie_gets_a_french_explanation(geographie):
    client = Client(enforce_csrf_checks=True)
    reponse = client.post(f"/lieux/{creer_lieu().uid}/signaler/", {"rubriques": ["autre"]})
    assert reponse.status_code == 403
    html = reponse.content.decode()
    assert "Le formulaire n&#x27;a pas pu être envoyé" in html or "Le formulaire n'a pas pu être envoyé" in html
    assert "vous autorisez les cookies" in html and "CSRF verification failed" not in html


@pytest.mark.urls("tests.urls_erreur")
def test_a_crash_under_the_api_answers_french_json():
    reponse = Client(raise_request_exception=False).get("/api/v1/panne/")
    assert reponse.status_code == 500 and reponse["Content-Type"] == "application/json"
    assert reponse.json()["erreur"].startswith("Erreur inattendue")


def test_a_stopped_database_gives_a_french_503_never_a_traceback():
    """A real unreachable database (a closed port), served with make run's settings (DEBUG off)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = ("import django; django.setup();"
              "from django.test import Client; c = Client(raise_request_exception=False);"
              "import json;"
              "print(json.dumps([(u, r.status_code, r.get('Retry-After'), r.content.decode()) for u, r in"
              " ((u, c.get(u)) for u in ('/', '/carte/', '/api/v1/lieux/'))]))")
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DJANGO_SETTINGS_MODULE": "mediation.settings.base", "DEBUG": "False",
           "DATABASE_URL": "postgis://postgres@127.0.0.1:9/absente", "DATABASE_CONNECT_TIMEOUT": "2"}
    sortie = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parent.parent, env=env,
                            capture_output=True, text=True, timeout=120)
    reponses = json.loads(sortie.stdout.strip().splitlines()[-1])
    for url, statut, apres, contenu in reponses:
        assert statut == 503 and apres == "60", (url, statut)
        assert "Traceback" not in contenu and "Server Error" not in contenu
        if url.startswith("/api/"):
            assert json.loads(contenu)["erreur"].startswith("Service momentanément indisponible")
        else:
            assert "<h1>Service momentanément indisponible</h1>" in contenu and 'lang="fr"' in contenu
