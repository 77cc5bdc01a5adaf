"""Search box: communes and postcodes offline (trigram index), street addresses from the BAN when it answers."""

import pytest
from django.test import override_settings

from lieux import ban
from lieux.recherche import chercher_communes, chercher_lieux, code_postal_et_nom, normalise_recherche
from orientation.localisation import resoudre
from tests.factories import creer_lieu
from tests.faux_serveurs import serveur_json

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


# --- municipal arrondissements, postcode + name ---------------------------------------------------------------------


@pytest.mark.parametrize("texte, premier", [
    ("Marseille 1", "Marseille 1er Arrondissement"),  # not the 13e, 15e, 12e first
    ("marseille 1er", "Marseille 1er Arrondissement"),
    ("Paris 16", "Paris 16e Arrondissement"),
    ("Lyon 3e", "Lyon 3e Arrondissement"),
    ("13001 Marseille", "Marseille 1er Arrondissement"),
    ("Marseille 13001", "Marseille 1er Arrondissement"),
    ("Marseille", "Marseille"),
])
def test_arrondissements_municipaux(geographie, texte, premier):
    assert chercher_communes(texte)[0]["nom"] == premier


def test_code_postal_et_nom():
    assert code_postal_et_nom("13001 Marseille") == ("13001", "marseille")
    assert code_postal_et_nom("Saint-Étienne, 42000") == ("42000", "saint etienne")
    assert code_postal_et_nom("13001") is None and code_postal_et_nom("Angers") is None


def distance_m(point, commune_code):
    from lieux.models import Commune

    autre = Commune.objects.get(code=commune_code).point
    return point.transform(2154, clone=True).distance(autre.transform(2154, clone=True))


@pytest.mark.parametrize("texte, code", [
    ("13001 Marseille", "13201"),  # the 1er arrondissement, not Marseille's centroid 4 km away
    ("Marseille 1", "13201"),
    ("75016", "75116"),
    ("3 avenue Foch 75016 Paris", "75116"),
])
def test_orientation_resout_l_arrondissement(geographie, texte, code):
    resolution = resoudre(texte)
    assert resolution.point is not None and distance_m(resolution.point, code) < 1
    assert resolution.libelle.endswith("Arrondissement (" + resolution.libelle[-6:-1] + ")")


@pytest.mark.parametrize("texte, libelle", [
    ("12 rue de la Roë 49000 Angers", "Angers (49000)"),  # the postcode, and the name to choose among its communes
    ("12 rue de la Roë, Angers", "Angers (49000)"),  # the commune name ending the address
    ("8 place du marché 76600 Le Havre", "Le Havre (76600)"),
    ("1 rue de la Gare, Les Ulis", "Les Ulis (91940)"),
])
def test_ban_injoignable_l_adresse_retombe_sur_sa_commune(geographie, texte, libelle):
    resolution = resoudre(texte)  # test settings point the BAN at a closed port
    assert resolution.erreur == "" and resolution.libelle == libelle and resolution.point is not None


def test_ban_injoignable_une_rue_seule_n_est_pas_une_commune(geographie):
    # « Toussaint » is a commune (76), « rue Toussaint » is not: no street words before it, no silent jump
    resolution = resoudre("rue Toussaint")
    assert resolution.point is None and resolution.erreur


# --- lieux by name --------------------------------------------------------------------------------------------------


def test_chercher_lieux_par_nom_sans_accents(geographie):
    mediatheque = creer_lieu(nom="Médiathèque Toussaint")
    creer_lieu(nom="Espace Toussaint-Louverture")
    creer_lieu(nom="Médiathèque fermée Toussaint", statut="archive")
    assert [r["nom"] for r in chercher_lieux("mediatheque toussaint")] == ["Médiathèque Toussaint"]
    assert [r["nom"] for r in chercher_lieux("TOUSSAINT")] == ["Médiathèque Toussaint", "Espace Toussaint-Louverture"]
    assert [r["nom"] for r in chercher_lieux("toussaint louverture")] == ["Espace Toussaint-Louverture"]
    trouve = chercher_lieux("Médiathèque")[0]
    assert trouve == {"type": "lieu", "uid": mediatheque.uid, "nom": "Médiathèque Toussaint",
                      "libelle": "Médiathèque Toussaint", "commune": "Angers (49000)",
                      "lien": f"/lieux/{mediatheque.uid}/", "lat": 47.4739, "lon": -0.5536}
    assert chercher_lieux("me") == [] and chercher_lieux("") == []


def test_api_recherche_lieux(client, geographie):
    lieu = creer_lieu(nom="EPN <b>Toussaint</b>")
    reponse = client.get("/api/v1/recherche/lieux/", {"q": "epn toussaint"})
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/json"
    assert reponse.json()["resultats"][0]["lien"] == f"/lieux/{lieu.uid}/"


def test_recherche_de_la_carte_sans_javascript_propose_les_lieux(client, geographie):
    lieu = creer_lieu(nom="Médiathèque Toussaint")
    page = client.get("/carte/", {"q": "mediatheque toussaint"}).content.decode()
    assert f'href="/lieux/{lieu.uid}/"' in page and "Médiathèque Toussaint — lieu, Angers (49000)" in page


def test_ban_injoignable_et_rien_trouve_le_dit(geographie):
    resolution = resoudre("12 qwzx vbnk")
    assert resolution.point is None and resolution.choix == []
    assert resolution.erreur.startswith("La recherche d'adresses ne répond pas pour le moment")
    assert ban.rechercher("12 qwzx vbnk") is None and ban.autocompleter("12 qwzx vbnk") == []


@pytest.mark.reseau_local
def test_ban_joignable_et_rien_trouve_fait_verifier_l_orthographe(geographie):
    with serveur_json({"type": "FeatureCollection", "features": []}) as (url, _), override_settings(BAN_API_URL=url):
        resolution = resoudre("12 qwzx vbnk")
        assert ban.rechercher("12 qwzx vbnk") == []
    assert resolution.point is None and "Vérifiez l'orthographe" in resolution.erreur


@pytest.mark.parametrize("nom, attendu", [
    ("Saint-Étienne", "saint etienne"), ("L'Haÿ-les-Roses", "l hay les roses"), ("Œuilly", "oeuilly"),
    ("  Bourg–en—Bresse ", "bourg en bresse"), ("Val-d’Oise", "val d oise"),
])
def test_une_seule_regle_pour_le_nom_cherche(nom, attendu):
    """lieux/noms.py: the rule of the stored Commune.nom_recherche (scripts/build_geography.py) and of the search."""
    from lieux.noms import nom_recherche

    assert nom_recherche(nom) == attendu
