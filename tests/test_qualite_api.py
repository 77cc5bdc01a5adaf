"""The quality score in the public API: `score_qualite` in each lieu, the `score_qualite_min` and `modifie_depuis`
filters of the list, and their OpenAPI documentation."""

import datetime as dt

import pytest
from django.utils import timezone

from lieux.models import Lieu
from tests.factories import creer_lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]


@pytest.fixture
def deux(geographie):
    complet = creer_lieu(nom="Complet", horaires="Mo-Fr 09:00-12:00", telephone="+33241000000",
                         date_maj=dt.date.today(), modalites_acces=["Se présenter"],
                         publics_specifiquement_adresses=["Seniors"], prise_rdv="https://rdv.example.org")
    pauvre = creer_lieu(nom="Pauvre", services=[], date_maj=dt.date(2020, 1, 1))
    return complet, pauvre


def _noms(reponse):
    assert reponse.status_code == 200, reponse.content
    return sorted(l["nom"] for l in reponse.json()["results"])


def test_le_score_est_dans_la_liste_le_detail_et_le_geojson(client, deux):
    complet, pauvre = deux
    lignes = {l["nom"]: l for l in client.get("/api/v1/lieux/").json()["results"]}
    assert lignes["Complet"]["score_qualite"] == 100
    assert lignes["Pauvre"]["score_qualite"] == 100 - 20 - 15 - 15 - 15 - 5 - 3 - 2
    assert client.get(f"/api/v1/lieux/{complet.uid}/").json()["score_qualite"] == 100
    geo = client.get("/api/v1/lieux/", {"format": "geojson"}).json()
    assert {f["properties"]["nom"]: f["properties"]["score_qualite"] for f in geo["features"]}["Pauvre"] == 25


def test_score_qualite_min(client, deux):
    assert _noms(client.get("/api/v1/lieux/", {"score_qualite_min": "80"})) == ["Complet"]
    assert _noms(client.get("/api/v1/lieux/", {"score_qualite_min": "0"})) == ["Complet", "Pauvre"]
    for mauvais in ("beaucoup", "101", "-1"):
        reponse = client.get("/api/v1/lieux/", {"score_qualite_min": mauvais})
        assert reponse.status_code == 400
        assert "score_qualite_min » doit être un entier de 0 à 100" in reponse.content.decode()


def test_modifie_depuis_une_date_ou_un_instant(client, deux):
    complet, pauvre = deux
    Lieu.objects.filter(pk=pauvre.pk).update(modifie_le=timezone.now() - dt.timedelta(days=10))
    hier = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    assert _noms(client.get("/api/v1/lieux/", {"modifie_depuis": hier})) == ["Complet"]
    il_y_a_un_mois = (timezone.now() - dt.timedelta(days=30)).isoformat()
    assert _noms(client.get("/api/v1/lieux/", {"modifie_depuis": il_y_a_un_mois})) == ["Complet", "Pauvre"]
    naif = (timezone.localtime() - dt.timedelta(days=5)).replace(tzinfo=None).isoformat(timespec="seconds")
    assert _noms(client.get("/api/v1/lieux/", {"modifie_depuis": naif})) == ["Complet"]
    assert _noms(client.get("/api/v1/lieux/", {"modifie_depuis": hier, "score_qualite_min": "50"})) == ["Complet"]
    reponse = client.get("/api/v1/lieux/", {"modifie_depuis": "hier"})
    assert reponse.status_code == 400 and "date AAAA-MM-JJ" in reponse.content.decode()


def test_le_schema_openapi_documente_les_deux_filtres_et_le_champ(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parametres = {p["name"]: p for p in schema["paths"]["/api/v1/lieux/"]["get"]["parameters"]}
    assert parametres["score_qualite_min"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 100}
    assert "modifie_le" not in parametres and "changé depuis" in parametres["modifie_depuis"]["description"]
    lieu = schema["components"]["schemas"]["Lieu"]["properties"]
    assert "score_qualite" in lieu and "0 à 100" in lieu["score_qualite"]["description"]
