"""Search box: communes and postcodes offline (trigram index), street addresses from the BAN when it answers."""

import pytest
from django.test import override_settings

from lieux import ban
from lieux.recherche import chercher_communes, normalise_recherche
from tests.faux_serveurs import serveur_json
from tests.outils_carte import ardoise_propre  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]

REPONSE_BAN = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.5536, 47.4739]},
         "properties": {"label": "49 Rue Toussaint 49100 Angers", "type": "housenumber", "citycode": "49007",
                        "postcode": "49100", "score": 0.93}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": ["x", 47]}, "properties": {"label": "?"}},
    ],
}


@pytest.fixture
def faux_ban():
    """A local stand-in for api-adresse.data.gouv.fr/search/: answers REPONSE_BAN, records the queries."""
    with serveur_json(REPONSE_BAN) as (url, requetes), override_settings(BAN_API_URL=url):
        yield requetes


def test_normalisation_matches_the_stored_search_names():
    assert normalise_recherche("St-Étienne-du-Rouvray") == "saint etienne du rouvray"
    assert normalise_recherche("L'Haÿ-les-Roses") == "l hay les roses"


@pytest.mark.parametrize("texte, premier", [
    ("Angers", "Angers"),
    ("angers", "Angers"),
    ("saint etienne", "Saint-Étienne"),
    ("st-etienne", "Saint-Étienne"),
    ("marseile", "Marseille"),  # a typo: trigrams still find it
    ("49100", "Angers"),
    ("2A004", "Ajaccio"),
    ("Bellegarde-sur-Valserine", "Valserhône"),  # a former name, found through the aliases
])
def test_commune_search(geographie, texte, premier):
    assert chercher_communes(texte)[0]["nom"] == premier


def test_postcode_lists_every_commune_that_shares_it(geographie):
    noms = [c["nom"] for c in chercher_communes("49000")]
    assert "Angers" in noms and "Écouflant" in noms
    assert chercher_communes("49") == [] and chercher_communes("a") == []


@pytest.mark.reseau_local
def test_ban_client_reads_addresses_and_drops_broken_ones(faux_ban):
    resultats = ban.autocompleter("49 rue toussaint angers")
    assert resultats == [{"type": "adresse", "libelle": "49 Rue Toussaint 49100 Angers", "lat": 47.4739,
                          "lon": -0.5536, "code_insee": "49007", "code_postal": "49100", "nature": "housenumber"}]
    assert faux_ban[0]["q"] == ["49 rue toussaint angers"] and faux_ban[0]["autocomplete"] == ["1"]
    assert faux_ban[0]["chemin"] == ["/search/"]


def test_ban_unreachable_gives_an_empty_list():
    assert ban.autocompleter("49 rue toussaint") == []  # test settings point the BAN at a closed port
    assert ban.autocompleter("ab") == []


@pytest.mark.reseau_local
def test_addresses_endpoint_and_search_without_javascript(client, geographie, faux_ban):
    assert client.get("/api/v1/recherche/adresses/", {"q": "49 rue toussaint"}).json()["resultats"][0][
        "code_insee"] == "49007"
    unique = client.get("/carte/", {"q": "Angers", "services": "Aide aux démarches administratives"})
    assert unique.status_code == 302
    assert unique["Location"] == "/carte/?services=Aide+aux+d%C3%A9marches+administratives&commune=49007"
    plusieurs = client.get("/carte/", {"q": "rue toussaint"}).content.decode()
    assert "49 Rue Toussaint 49100 Angers" in plusieurs and "latitude=47.4739" in plusieurs
