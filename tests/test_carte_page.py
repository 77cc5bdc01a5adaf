"""/carte/ and /carte/panneau/ rendered by the server: the accessible list view, usable without JavaScript."""

import json
import re

import pytest
from django.contrib.gis.geos import Point

from tests.factories import creer_lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]
AIDE = "Aide aux démarches administratives"


def titre(html: str) -> str:
    """The text of the panel's heading (« N lieux … »)."""
    brut = html.split('id="titre-panneau"')[1].split(">", 1)[1].split("</h2>")[0]
    return " ".join(re.sub(r"<[^>]+>", "", brut).split())




@pytest.fixture
def lieux(geographie):
    return [
        creer_lieu(nom="Loin", localisation=Point(-0.50, 47.50, srid=4326), services=[AIDE]),
        creer_lieu(nom="Près", localisation=Point(-0.5536, 47.4739, srid=4326), horaires="Mo-Su 00:00-24:00",
                   services=["Loisirs et créations numériques"]),
        creer_lieu(nom="Rennes", code_insee="35238", code_postal="35000", commune="Rennes",
                   localisation=Point(-1.68, 48.111, srid=4326), services=[AIDE]),
    ]


def test_national_page_lists_regions_with_counts_and_passes_them_to_the_map(client, lieux):
    reponse = client.get("/carte/")
    html = reponse.content.decode()
    assert reponse.status_code == 200 and reponse["X-Frame-Options"] == "DENY"
    assert titre(html) == "3 lieux en France"
    assert '<a href="?region=52" data-niveau="region" data-code="52">Pays de la Loire</a>' in html
    config = json.loads(html.split('id="carte-config" type="application/json">')[1].split("</script>")[0])
    assert config["initial"]["total"] == 3 and {g["code"] for g in config["initial"]["groupes"]} == {"52", "53"}
    assert config["tuiles"]["url"] and [d["code"] for d in config["drom"]] == ["01", "02", "03", "04", "06"]
    assert "<noscript>" in html and 'aria-hidden="true"' in html


def test_territory_filters_chips_and_distance_order(client, lieux):
    html = client.get("/carte/", {"departement": "49", "latitude": "47.4739", "longitude": "-0.5536",
                                  "adresse": "49 rue Toussaint"}).content.decode()
    assert titre(html) == "2 lieux — Maine-et-Loire"
    assert html.index(">Près<") < html.index(">Loin<") and "Rennes" not in html.split('id="liste-lieux"')[1]
    assert "Lieux les plus proches de « 49 rue Toussaint »" in html
    assert '<a href="?departement=49" data-niveau="departement" data-code="49">Maine-et-Loire</a>' not in html
    filtre = client.get("/carte/", {"services": AIDE}).content.decode()
    assert titre(filtre) == "2 lieux en France"
    assert f'aria-label="Retirer le filtre {AIDE}"' in filtre and 'href="?"' in filtre
    assert 'value="Aide aux démarches administratives" checked' in filtre


def test_bad_parameters_are_reported_and_unknown_territory_warned(client, lieux):
    html = client.get("/carte/", {"services": "Cuisine", "departement": "99"}).content.decode()
    assert "Ces paramètres ont été ignorés" in html and "« Cuisine »" in html
    assert "Ce territoire est inconnu : la carte montre toute la France." in html and titre(html) == "3 lieux en France"


def test_panel_partial_for_the_map_view_and_pagination(client, geographie):
    for i in range(12):
        creer_lieu(nom=f"Lieu {i:02d}", localisation=Point(-0.55 + i / 1000, 47.47, srid=4326))
    panneau = client.get("/carte/panneau/", {"zoom": "13", "centre": "47.47,-0.55", "bbox": "-0.6,47.4,-0.5,47.5"},
                         HTTP_HX_REQUEST="true")
    html = panneau.content.decode()
    assert "<html" not in html and "Lieux de la zone affichée" in html
    assert html.index("Lieu 00") < html.index("Lieu 09") and "Lieu 10" not in html
    assert 'data-page="2"' in html
    page2 = client.get("/carte/panneau/", {"zoom": "13", "centre": "47.47,-0.55", "bbox": "-0.6,47.4,-0.5,47.5",
                                           "page": "2"}).content.decode()
    assert "Lieu 10" in page2 and "Lieu 11" in page2 and 'start="11"' in page2
    hors_vue = client.get("/carte/panneau/", {"zoom": "13", "centre": "48.1,-1.6", "bbox": "-1.7,48,-1.5,48.2"})
    assert "Aucun lieu ne correspond dans la zone affichée" in hors_vue.content.decode()


def test_open_badge_in_the_list(client, lieux):
    html = client.get("/carte/", {"commune": "49007"}).content.decode()
    carte_pres = html.split('data-uid="%d"' % lieux[1].uid)[1].split("</li>")[0]
    assert "fr-badge--success" in carte_pres and "Ouvert" in carte_pres
    assert "Horaires inconnus" in html  # the two lieux without hours


def test_only_the_api_is_open_to_other_origins(client, lieux):
    assert "Access-Control-Allow-Origin" not in client.get("/carte/")
    api = client.get("/api/v1/carte/agregats/")
    assert api["Access-Control-Allow-Origin"] == "*" and api["X-Frame-Options"] == "DENY"
