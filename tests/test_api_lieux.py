"""Public API: /api/v1/lieux/ (filters, bbox, near, pagination, GeoJSON), detail, aggregation, outlines, OpenAPI."""

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings

from lieux import standard
from tests.factories import creer_lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]
AIDE = "Aide aux démarches administratives"




@pytest.fixture
def trois(geographie):
    return [
        creer_lieu(nom="Centre", localisation=Point(-0.5536, 47.4739, srid=4326), services=[AIDE]),
        creer_lieu(nom="Près", localisation=Point(-0.56, 47.48, srid=4326), services=["Loisirs et créations numériques"]),
        creer_lieu(nom="Rennes", code_insee="35238", code_postal="35000", commune="Rennes",
                   localisation=Point(-1.68, 48.111, srid=4326), services=[AIDE]),
    ]


def test_detail_uses_the_standard_field_names(client, trois):
    lieu = trois[0]
    reponse = client.get(f"/api/v1/lieux/{lieu.uid}/")
    assert reponse.status_code == 200
    donnees = reponse.json()
    for colonne in standard.COLONNES:
        assert colonne in donnees
    assert donnees["nom"] == "Centre" and donnees["services"] == [AIDE]
    assert donnees["latitude"] == pytest.approx(47.4739) and donnees["longitude"] == pytest.approx(-0.5536)
    assert donnees["commune_officielle"] == "49007" and donnees["region"] == "52"
    assert donnees["url"].endswith(f"/lieux/{lieu.uid}/")
    assert reponse["Access-Control-Allow-Origin"] == "*"


def test_archived_or_unknown_lieu_is_404(client, trois):
    archive = creer_lieu(statut="archive")
    assert client.get(f"/api/v1/lieux/{archive.uid}/").status_code == 404
    assert client.get("/api/v1/lieux/999999999/").status_code == 404


def test_list_filters_and_paginates_with_counts(client, trois):
    reponse = client.get("/api/v1/lieux/", {"services": AIDE, "page_size": 1})
    donnees = reponse.json()
    assert donnees["count"] == 2 and len(donnees["results"]) == 1
    assert donnees["next"] and "page=2" in donnees["next"] and donnees["previous"] is None
    page2 = client.get(donnees["next"]).json()
    assert {donnees["results"][0]["nom"], page2["results"][0]["nom"]} == {"Centre", "Rennes"}
    assert page2["next"] is None
    assert client.get("/api/v1/lieux/", {"departement": "35"}).json()["count"] == 1
    assert client.get("/api/v1/lieux/", {"bbox": "-0.7,47.4,-0.4,47.6"}).json()["count"] == 2


def test_near_sorts_by_distance_within_the_radius(client, trois):
    reponse = client.get("/api/v1/lieux/", {"near": "47.4739,-0.5536", "radius": "5"}).json()
    assert [r["nom"] for r in reponse["results"]] == ["Centre", "Près"]
    assert reponse["results"][0]["distance_km"] < 0.01 < reponse["results"][1]["distance_km"] < 5
    cent_km = client.get("/api/v1/lieux/", {"near": "47.4739,-0.5536", "radius": "100"}).json()
    assert [r["nom"] for r in cent_km["results"]] == ["Centre", "Près"]  # Rennes is 110 km away
    sans_rayon = client.get("/api/v1/lieux/", {"latitude": "48.11", "longitude": "-1.68"}).json()
    assert [r["nom"] for r in sans_rayon["results"]] == ["Rennes", "Près", "Centre"]


def test_geojson_variant(client, trois):
    reponse = client.get("/api/v1/lieux/", {"format": "geojson", "departement": "49"})
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("application/geo+json")
    donnees = reponse.json()
    assert donnees["type"] == "FeatureCollection" and donnees["count"] == 2
    feature = donnees["features"][0]
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["nom"] in {"Centre", "Près"}


def test_bad_parameters_get_a_400_in_french_and_unknown_territory_a_404(client, trois):
    reponse = client.get("/api/v1/lieux/", {"services": "Cuisine"})
    assert reponse.status_code == 400
    assert reponse.json()["erreurs"] == ["Valeur inconnue pour « Services » : « Cuisine »."]
    assert client.get("/api/v1/lieux/", {"page_size": "1000"}).status_code == 400
    inconnu = client.get("/api/v1/lieux/", {"departement": "99"})
    assert inconnu.status_code == 404 and "Territoire inconnu" in inconnu.json()["detail"]


def test_aggregation_endpoint_levels_and_filters(client, trois):
    national = client.get("/api/v1/carte/agregats/").json()
    assert national["niveau"] == "region" and national["total"] == 3
    assert {g["code"]: g["n"] for g in national["groupes"]} == {"52": 2, "53": 1}
    filtre = client.get("/api/v1/carte/agregats/", {"services": AIDE}).json()
    assert filtre["total"] == 2
    deps = client.get("/api/v1/carte/agregats/", {"region": "52"}).json()
    assert deps["niveau"] == "departement" and deps["groupes"][0]["code"] == "49"
    grille = client.get("/api/v1/carte/agregats/", {"zoom": 16, "bbox": "-0.6,47.45,-0.5,47.5"})
    assert grille.json()["niveau"] == "grille" and grille.json()["total"] == 2
    assert grille["Cache-Control"] == "public, max-age=60"
    sans_bbox = client.get("/api/v1/carte/agregats/", {"zoom": 14})
    assert sans_bbox.status_code == 400 and "bbox" in sans_bbox.json()["erreurs"][0]


def test_territory_outline(client, geographie):
    reponse = client.get("/api/v1/territoires/departement/49/")
    assert reponse.status_code == 200
    feature = reponse.json()
    assert feature["type"] == "Feature" and feature["properties"]["nom"] == "Maine-et-Loire"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert client.get("/api/v1/territoires/departement/00/").status_code == 404


def test_commune_search_endpoint(client, geographie):
    resultats = client.get("/api/v1/recherche/communes/", {"q": "st etienne"}).json()["resultats"]
    assert resultats[0]["nom"] == "Saint-Étienne" and resultats[0]["code"] == "42218"
    assert client.get("/api/v1/recherche/adresses/", {"q": "12 rue"}).json() == {"resultats": []}  # BAN offline


def test_cors_preflight_and_read_only(client, trois):
    options = client.options("/api/v1/lieux/")
    assert options["Access-Control-Allow-Origin"] == "*" and "GET" in options["Access-Control-Allow-Methods"]
    assert client.post("/api/v1/lieux/", {}).status_code in (403, 405)
    assert client.delete(f"/api/v1/lieux/{trois[0].uid}/").status_code in (403, 405)


@override_settings(API_DEBITS={"api": "3/min", "carte": "1200/min"})
def test_throttling(client, trois):
    codes = [client.get("/api/v1/lieux/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_list_query_count_does_not_grow_with_results(client, trois):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/api/v1/lieux/", {"page_size": 100}).status_code == 200
    # page + count (+ nothing per lieu); the rate limit's shared counters (cache_partage) aside
    assert len([r for r in requetes.captured_queries if "cache_partage" not in r["sql"] and "SAVEPOINT" not in r["sql"]]) <= 3


def test_openapi_schema_documents_the_filters_and_docs_page_is_offline(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parametres = {p["name"]: p for p in schema["paths"]["/api/v1/lieux/"]["get"]["parameters"]}
    for nom in ("services", "bbox", "near", "radius", "page", "page_size", "ouvert_actuellement"):
        assert nom in parametres
    assert parametres["services"]["schema"]["items"]["enum"][0] == standard.SERVICES[0]
    assert "/api/v1/carte/agregats/" in schema["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn.jsdelivr" not in docs


def test_list_rows_say_what_the_detail_says(client, trois):
    """Lists serialize plain rows (no model instance): the same fields and values as the detail (which adds the
    lieu's temporary closures, `fermetures`: docs/fermetures.md)."""
    liste = client.get("/api/v1/lieux/", {"near": "47.4739,-0.5536", "radius": "5"}).json()["results"]
    for ligne in liste + client.get("/api/v1/lieux/").json()["results"]:
        detail = client.get(f"/api/v1/lieux/{ligne['uid']}/").json()
        assert detail.pop("fermetures") == []
        assert list(ligne) == list(detail)
        assert {**ligne, "distance_km": None} == detail
    assert 0 <= liste[0]["distance_km"] < liste[1]["distance_km"] < 5


def test_a_last_page_needs_no_count_query(client, trois):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def comptes(parametres):
        with CaptureQueriesContext(connection) as requetes:
            donnees = client.get("/api/v1/lieux/", parametres).json()
        return donnees, [r["sql"] for r in requetes.captured_queries
                         if "COUNT(" in r["sql"].upper() and "cache_partage" not in r["sql"]]

    derniere, requetes = comptes({"near": "47.4739,-0.5536", "radius": "5"})
    assert derniere["count"] == 2 and not requetes
    premiere, requetes = comptes({"near": "47.4739,-0.5536", "radius": "5", "page_size": 1})
    assert premiere["count"] == 2 and premiere["next"] and len(requetes) == 1
    vide, _ = comptes({"page": 5})
    assert vide["count"] == 3 and vide["results"] == []


def test_near_searches_plan_an_ordered_index_walk_then_reset():
    from django.db import connection

    from lieux.plans import plan_knn

    def reglage(nom):
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {nom}")
            return cursor.fetchone()[0]

    with plan_knn():
        assert (reglage("enable_bitmapscan"), reglage("max_parallel_workers_per_gather")) == ("off", "0")
    assert reglage("enable_bitmapscan") == "on"


def test_count_is_exact_above_200_and_documented(client, geographie):
    from lieux.models import Lieu

    modele = creer_lieu(nom="Modèle")
    champs = {f.attname: getattr(modele, f.attname) for f in Lieu._meta.concrete_fields
              if f.attname not in ("uid", "id", "nom")}
    Lieu.objects.bulk_create([Lieu(**champs, id=f"masse-{i}", nom=f"Lieu {i}") for i in range(249)])
    premiere = client.get("/api/v1/lieux/", {"page_size": 10}).json()
    assert premiere["count"] == 250 and "count_min" not in premiere  # it was null above 200
    assert client.get("/api/v1/lieux/", {"page": 3, "page_size": 100}).json()["count"] == 250
    assert client.get("/api/v1/lieux/", {"near": "47.4739,-0.5536", "radius": "5"}).json()["count"] == 250
    assert client.get("/api/v1/lieux/", {"format": "geojson", "page_size": 5}).json()["count"] == 250
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    reponse = schema["paths"]["/api/v1/lieux/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    reponse = schema["components"]["schemas"][reponse["$ref"].rsplit("/", 1)[1]] if "$ref" in reponse else reponse
    assert reponse["properties"]["count"]["type"] == "integer" and not reponse["properties"]["count"].get("nullable")
    assert "Nombre exact" in reponse["properties"]["count"]["description"] and "count" in reponse["required"]


def test_errors_are_french_json(client, trois):
    inconnu = client.get("/api/v1/lieux/999999/")
    assert inconnu.status_code == 404 and inconnu["Content-Type"] == "application/json"
    assert inconnu.json()["detail"].startswith("Aucun lieu actif n'a l'identifiant « 999999 »")
    assert "No Lieu" not in inconnu.content.decode()
    for chemin in ("/api/v1/lieux/abc/", "/api/v1/nimporte/"):
        reponse = client.get(chemin)
        assert reponse.status_code == 404 and reponse["Content-Type"] == "application/json", chemin
        attendu = f"Adresse inconnue de l'API : « {chemin} ». La documentation est sur /api/docs/."
        assert reponse.json()["detail"] == attendu
        assert reponse["Access-Control-Allow-Origin"] == "*"
    format_ = client.get("/api/v1/lieux/", {"format": "xml"})
    assert format_.status_code == 404
    assert format_.json()["detail"] == "Format inconnu : « xml » ; formats possibles : geojson, json."
    assert client.get("/api/v1/lieux/", {"page": "x"}).json() == {
        "erreurs": ["« page » et « page_size » doivent être des nombres entiers."]}
    assert client.get(f"/api/v1/lieux/{trois[0].uid}/").status_code == 200
