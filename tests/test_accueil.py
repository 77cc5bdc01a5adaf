import pytest

from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db


def test_accueil_propose_les_deux_entrees_et_compte_par_region(client, geographie):
    creer_lieu(nom="Médiathèque d'Angers")
    creer_lieu(nom="EPN archivé", statut="archive")
    reponse = client.get("/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "Orienter une personne" in html
    assert "Voir la carte" in html
    assert 'data-code="52">1<' in html  # Pays de la Loire: the active lieu only
    assert html.count("<tr><td>") == 18  # every région listed
    assert "Licence Ouverte" in html and "IGN" in html
