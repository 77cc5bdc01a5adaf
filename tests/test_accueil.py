import re

import pytest

from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db


def _compte_region(html, code):
    return int(re.search(rf'data-code="{code}">([\d\u202f]+)<', html).group(1).replace("\u202f", ""))


def test_accueil_propose_les_deux_entrees_et_compte_par_region(client, geographie):
    avant = _compte_region(client.get("/").content.decode(), "52")
    creer_lieu(nom="Médiathèque d'Angers")
    creer_lieu(nom="EPN archivé", statut="archive")
    reponse = client.get("/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert 'href="/orientation/"' in html and "Orienter une personne" in html
    assert 'href="/carte/"' in html and "Voir la carte" in html
    assert _compte_region(html, "52") == avant + 1  # Pays de la Loire: the active lieu only
    assert html.count('<tr><td><a href="/territoires/region/') == 18  # every région, linked to its page
    assert "Licence Ouverte" in html and "IGN" in html


def test_accueil_regions_dans_l_ordre_alphabetique_francais(client, geographie):
    html = client.get("/").content.decode()
    noms = re.findall(r'<tr><td><a href="/territoires/region/\d+/">([^<]+)</a>', html)
    assert noms.index("Île-de-France") < noms.index("Normandie")  # not last, after « Hauts-de-France »
    assert noms.index("Hauts-de-France") < noms.index("Île-de-France")
