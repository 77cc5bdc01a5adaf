"""Public pages that repeat come from a cache (mediation/cache_pages.py): anonymous GETs of public paths only, with
Cache-Control and ETag for browsers and CDNs; never the admin, a coordinator, a page carrying a CSRF token."""

import pytest
from django.core.cache import cache

from lieux.models import Lieu
from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_actif(settings):
    settings.PAGES_CACHE_SECONDES = 60
    cache.clear()
    yield
    cache.clear()


def _total(reponse):
    return reponse.content.decode().split('data-total="')[1].split('"')[0]


def test_une_page_publique_qui_se_repete_vient_du_cache(client, geographie, cache_actif):
    creer_lieu(nom="Médiathèque Toussaint")
    premiere = client.get("/territoires/departement/49/")
    assert premiere.status_code == 200 and "max-age=60" in premiere["Cache-Control"] and premiere["ETag"]
    creer_lieu(nom="EPN nouveau")
    seconde = client.get("/territoires/departement/49/")
    assert _total(seconde) == _total(premiere)  # served from the cache, not recomputed
    assert client.get("/territoires/departement/49/", HTTP_IF_NONE_MATCH=premiere["ETag"]).status_code == 304
    cache.clear()
    assert int(_total(client.get("/territoires/departement/49/"))) == int(_total(premiere)) + 1


def test_jamais_pour_un_coordinateur_ni_l_admin(admin_client, geographie, cache_actif):
    creer_lieu(nom="Médiathèque Toussaint")
    avant = _total(admin_client.get("/territoires/departement/49/"))
    creer_lieu(nom="EPN nouveau")
    assert int(_total(admin_client.get("/territoires/departement/49/"))) == int(avant) + 1  # a session: fresh
    assert "max-age=60" not in admin_client.get("/admin/").get("Cache-Control", "")


def test_jamais_une_page_qui_porte_un_jeton_csrf(client, geographie, cache_actif):
    lieu = creer_lieu(nom="Médiathèque Toussaint")
    premiere = client.get(f"/lieux/{lieu.pk}/?signaler=1")  # the report form
    assert premiere.status_code == 200 and "csrftoken" in premiere.cookies
    Lieu.objects.filter(pk=lieu.pk).update(nom="Médiathèque renommée")
    client.cookies.clear()
    assert "Médiathèque renommée" in client.get(f"/lieux/{lieu.pk}/?signaler=1").content.decode()


def test_jamais_quand_un_message_attend_le_visiteur(client, geographie, cache_actif):
    lieu = creer_lieu(nom="Médiathèque Toussaint")
    client.get(f"/lieux/{lieu.pk}/")  # the sheet, now cached
    reponse = client.post(f"/lieux/{lieu.pk}/signaler/", {"rubriques": ["autre"]}, follow=True)
    assert "Merci, votre signalement a été transmis" in reponse.content.decode()
    client.cookies.clear()
    assert "Merci, votre signalement" not in client.get(f"/lieux/{lieu.pk}/").content.decode()


def test_ni_la_sante_ni_les_fragments_htmx(client, geographie, cache_actif):
    assert "max-age=0" in client.get("/sante/")["Cache-Control"]
    creer_lieu(nom="Médiathèque Toussaint")
    client.get("/carte/panneau/?departement=49", HTTP_HX_REQUEST="true")
    creer_lieu(nom="EPN nouveau")
    fragment = client.get("/carte/panneau/?departement=49", HTTP_HX_REQUEST="true").content.decode()
    assert "EPN nouveau" in fragment
