"""Rate limits that hold under concurrency and forged headers: « Signaler une erreur » lets 2 reports per lieu and
address through even when 30 arrive at once (real threaded server), and a forged X-Forwarded-For is not believed
unless NOMBRE_PROXYS says a proxy of ours wrote it."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import RequestFactory

from lieux.adresse_client import adresse_client
from lieux.models import Signalement


def test_adresse_client_ne_croit_que_nos_proxys(settings):
    requete = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.NOMBRE_PROXYS = 0
    assert adresse_client(requete) == "10.0.0.2"  # no proxy: the header is the client's own words
    settings.NOMBRE_PROXYS = 1
    assert adresse_client(requete) == "203.0.113.7"  # what our proxy saw, not what the client wrote before it
    settings.NOMBRE_PROXYS = 5
    assert adresse_client(requete) == "6.6.6.6"


def test_l_api_ne_croit_pas_un_x_forwarded_for_forge(settings):
    from rest_framework.throttling import AnonRateThrottle

    from django.conf import settings as reglages

    assert reglages.REST_FRAMEWORK["NUM_PROXIES"] == 0
    requete = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="10.0.0.2")
    assert AnonRateThrottle().get_ident(requete) == "10.0.0.2"


@pytest.mark.reseau_local  # the live server with a committed lieu; the rows written are removed here (autocommit)
def test_trente_signalements_simultanes_n_en_enregistrent_que_deux(serveur, lieux_navigateur, django_db_blocker):
    lieu = lieux_navigateur[1]
    session = requests.Session()
    page = session.get(f"{serveur}/lieux/{lieu.pk}/?signaler=1", timeout=30).text
    jeton = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    donnees = {"csrfmiddlewaretoken": jeton, "rubriques": ["horaires"], "message": "test de concurrence"}
    entetes = {"Referer": f"{serveur}/lieux/{lieu.pk}/"}

    def poster(_):
        return session.post(f"{serveur}/lieux/{lieu.pk}/signaler/", data=donnees, headers=entetes,
                            allow_redirects=False, timeout=60).status_code

    with django_db_blocker.unblock():
        Signalement.objects.filter(lieu_id=lieu.pk).delete()
        try:
            with ThreadPoolExecutor(max_workers=12) as pool:  # the test server's backlog is small
                statuts = list(pool.map(poster, range(30)))
            assert statuts.count(302) == 2 and statuts.count(429) == 28, statuts
            assert Signalement.objects.filter(lieu_id=lieu.pk).count() == 2
        finally:
            Signalement.objects.filter(lieu_id=lieu.pk).delete()


@pytest.mark.django_db
def test_le_debit_de_l_api_est_compte_dans_la_base_et_ne_se_contourne_pas(client, geographie, settings):
    from django.core.cache import caches
    from django.db import connection

    settings.API_DEBITS = {"api": "3/min", "carte": "3/min"}
    caches["partage"].clear()
    statuts = [client.get("/api/v1/lieux/", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
                          REMOTE_ADDR="10.9.8.7").status_code for i in range(5)]
    assert statuts[:3] == [200, 200, 200] and statuts[3:] == [429, 429]  # forged addresses change nothing
    with connection.cursor() as curseur:  # every gunicorn worker reads the same counters
        curseur.execute("select count(*) from cache_partage where cache_key like %s", ["%throttle_api_10.9.8.7%"])
        assert curseur.fetchone()[0] == 1
    caches["partage"].clear()
