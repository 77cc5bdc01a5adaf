"""French in the orientation path: elisions and contractions before place names (lieux/francais.py), plurals, and a
count sentence that says the right thing for 0, 1 and several lieux."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from lieux.models import Commune
from orientation.etat import Orientation
from orientation.localisation import libelle_position
from orientation.presentation import phrase_compte
from tests.outils_orientation import DEMARCHES, autour_de_quimper, html  # noqa: F401


@pytest.mark.parametrize("adresse, attendu", [
    ("Angers (49000)", "À moins de 10 km d'Angers (49000)"),
    ("Avignon (84000)", "À moins de 10 km d'Avignon (84000)"),
    ("Le Havre (76600)", "À moins de 10 km du Havre (76600)"),
    ("Les Ulis (91940)", "À moins de 10 km des Ulis (91940)"),
    ("Paris (75001)", "À moins de 10 km de Paris (75001)"),
])
def test_puce_de_localisation(adresse, attendu):
    o = Orientation.lire(QueryDict(urlencode({"adresse": adresse, "latitude": "47", "longitude": "1",
                                              "distance": "10000"})))
    assert [p.libelle for p in o.puces()] == [attendu]


@pytest.mark.django_db
@pytest.mark.parametrize("code, attendu", [
    ("49007", "Près d'Angers (49000)"),
    ("84007", "Près d'Avignon (84000)"),
    ("76351", "Près du Havre (76600)"),
    ("91692", "Près des Ulis (91940)"),
])
def test_position_geolocalisee(geographie, code, attendu):
    point = Commune.objects.get(code=code).point
    assert libelle_position(point.y, point.x) == attendu


def test_phrase_du_compte():
    assert phrase_compte(0) == "Aucun lieu ne correspond à votre recherche"
    assert phrase_compte(1) == "1 lieu correspond à votre recherche"
    assert phrase_compte(2) == "2 lieux correspondent à votre recherche"
    assert phrase_compte(1001) == "Plus de 1\u202f000 lieux correspondent à votre recherche"


@pytest.mark.django_db
def test_aucun_resultat_ne_parle_pas_d_ordre(client, finistere):  # noqa: F811
    texte = html(client.get("/orientation/resultats/?" + autour_de_quimper(5, services=DEMARCHES,
                                                                            prise_en_charge_specifique="Surdité")))
    compte = re.search(r'id="compte">(.*?)</p>', texte, re.S).group(1)
    assert compte == "Aucun lieu ne correspond à votre recherche."
    un = html(client.get("/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES,
                                                                         prise_en_charge_specifique="Surdité")))
    assert re.search(r'id="compte">(.*?)</p>', un, re.S).group(1) == "1 lieu correspond à votre recherche."
    plusieurs = html(client.get("/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES)))
    assert "4 lieux correspondent à votre recherche, du plus proche au plus éloigné." in plusieurs


@pytest.mark.django_db
def test_fiche_au_depart_d_une_commune_a_voyelle(client, finistere):  # noqa: F811
    uid = finistere["quimper"].uid
    texte = unescape(html(client.get(f"/orientation/fiche/?lieu={uid}&adresse=Ergué-Gabéric (29500)&latitude=47.99"
                            "&longitude=-4.02&distance=30000")))
    assert "à vol d'oiseau d'Ergué-Gabéric (29500)" in texte and "de Ergué" not in texte


@pytest.mark.django_db
def test_nombre_de_lieux_recenses_au_singulier(client, finistere):  # noqa: F811
    from django.core.cache import cache

    cache.set("orientation:total-lieux", 1)
    try:
        assert "parmi 1 lieu recensé." in html(client.get("/orientation/"))
    finally:
        cache.delete("orientation:total-lieux")
