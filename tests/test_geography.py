"""The French geography loaded by `load_geography` (COG 1 January 2026) against the real PostGIS.

Loaded once per session by the `geographie` fixture (tests/conftest.py) and kept in the reused test database.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Sum

from lieux.models import EPCI, Commune, Departement, Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie")]

CODES_COM = ("975", "977", "978", "984", "986", "987", "988", "989")  # collectivités d'outre-mer
# re-created on 1 January 2025 by the split of Neussargues en Pinatelle: no polygon nor point published
CANTAL_SANS_GEOMETRIE = {
    "15031": "Celles",
    "15035": "Chalinargues",
    "15047": "Chavagnac",
    "15171": "Sainte-Anastasie",
}
REBATIES = ["12218", "14581", "49126", "69114"]  # rebuilt from their communes déléguées


def actuelles():
    return Commune.objects.filter(type=Commune.Type.ACTUELLE)


def hors_com():
    qs = actuelles()
    for prefixe in CODES_COM:
        qs = qs.exclude(code__startswith=prefixe)
    return qs


def test_communes_actuelles_metropole_et_drom():
    assert hors_com().count() == 34_875
    assert hors_com().aggregate(n=Sum("population"))["n"] == 68_350_798
    assert actuelles().filter(departement__isnull=False).count() == 34_875


def test_geometrie_de_chaque_commune_sauf_les_quatre_du_cantal():
    sans_geom = dict(hors_com().filter(geom__isnull=True).values_list("code", "nom"))
    assert sans_geom == CANTAL_SANS_GEOMETRIE
    assert set(hors_com().filter(point__isnull=True).values_list("code", flat=True)) == set(
        CANTAL_SANS_GEOMETRIE
    )


def test_le_point_de_chaque_commune_est_dans_son_polygone():
    avec = Commune.objects.filter(geom__isnull=False, point__isnull=False)
    assert avec.count() == 34_875 - 4 + 45
    dehors = avec.exclude(geom__covers=F("point")).values_list("code", flat=True)
    assert list(dehors) == []


def test_polygones_valides():
    with connection.cursor() as cur:
        for model in (Commune, Departement, Region, EPCI):
            cur.execute(f"SELECT count(*) FROM {model._meta.db_table} WHERE NOT ST_IsValid(geom)")
            assert cur.fetchone() == (0,), model


def test_communes_des_com_sans_geometrie():
    com = actuelles().exclude(code__in=hors_com().values("code"))
    assert com.count() == 94
    assert com.filter(geom__isnull=False).count() == 0
    assert com.filter(point__isnull=False).count() == 0
    assert com.filter(departement__isnull=False).count() == 0
    assert com.get(code="98735").nom == "Papeete"


def test_departements_et_regions():
    assert Departement.objects.count() == 101
    assert Region.objects.count() == 18
    assert Departement.objects.filter(geom__isnull=True).count() == 0
    assert Region.objects.filter(geom__isnull=True).count() == 0
    assert Departement.objects.aggregate(n=Sum("population"))["n"] == 68_350_798
    assert Region.objects.aggregate(n=Sum("population"))["n"] == 68_350_798
    assert {d.code for d in Departement.objects.filter(region_id="94")} == {"2A", "2B"}
    assert Departement.objects.get(code="976").region.nom == "Mayotte"


def test_le_point_de_chaque_departement_et_region_est_dans_son_polygone():
    for model in (Departement, Region, EPCI):
        assert model.objects.filter(point__isnull=True).count() == 0
        assert list(model.objects.exclude(geom__covers=F("point")).values_list("code", flat=True)) == [], (
            model
        )


def test_rattachements_departement_region_epci():
    qs = hors_com()
    assert qs.filter(departement__isnull=True).count() == 0
    assert qs.filter(region__isnull=True).count() == 0
    assert qs.exclude(region_id=F("departement__region_id")).count() == 0
    # single-commune islands outside any EPCI
    assert set(qs.filter(epci__isnull=True).values_list("code", flat=True)) == {
        "22016",
        "29083",
        "29155",
        "85113",
    }
    assert EPCI.objects.count() == 1255
    assert Commune.objects.get(code="49007").epci.nom == "CU Angers Loire Métropole"


def test_arrondissements_municipaux():
    arr = Commune.objects.filter(type=Commune.Type.ARRONDISSEMENT)
    assert arr.count() == 45
    assert dict(arr.values_list("commune_parente").annotate(n=Count("code")).order_by()) == {
        "75056": 20,
        "69123": 9,
        "13055": 16,
    }
    assert arr.filter(geom__isnull=True).count() == 0
    for parent in ("75056", "69123", "13055"):
        commune = Commune.objects.get(code=parent)
        assert commune.arrondissements.aggregate(n=Sum("population"))["n"] == commune.population
        assert commune.arrondissements.exclude(point__coveredby=commune.geom).count() == 0
    m1 = Commune.objects.get(code="13201")
    assert m1.commune_parente_id == "13055" and m1.codes_postaux == ["13001"] and m1.departement_id == "13"


def test_communes_deleguees_et_associees_en_alias():
    assert Commune.objects.get(alias__contains=["Saint-Bois"]).code == "01015"  # déléguée of Arboys en Bugey
    assert Commune.objects.get(alias__contains=["Cordieux"]).code == "01262"  # associée of Montluel
    assert Commune.objects.get(alias__contains=["Saint-Cyprien-sur-Dourdou"]).code == "12218"
    assert "Drain" in Commune.objects.get(code="49126").alias
    # a commune déléguée is never a row of its own
    assert not Commune.objects.filter(nom="Saint-Bois").exists()


def test_communes_reconstruites_depuis_leurs_communes_deleguees():
    for code in REBATIES:
        commune = Commune.objects.get(code=code)
        assert commune.geom is not None and commune.point is not None, code
        assert commune.geom.covers(commune.point)
    # Orée d'Anjou, union of its 9 communes déléguées: about 158 km²
    with connection.cursor() as cur:
        cur.execute("SELECT ST_Area(geom::geography) / 1e6 FROM lieux_commune WHERE code = '49126'")
        assert 150 < cur.fetchone()[0] < 165


def test_reparation_des_communes_incompletes_sans_combler_les_enclaves():
    def trous(code):
        with connection.cursor() as cur:
            cur.execute(
                "SELECT sum(ST_NumInteriorRings((d).geom)) FROM lieux_departement, ST_Dump(geom) d "
                "WHERE code = %s",
                [code],
            )
            return cur.fetchone()[0]

    assert trous("93") == 0  # Saint-Denis now covers Pierrefitte-sur-Seine's former gap
    assert trous("26") == 1  # the Enclave des Papes (Vaucluse) stays a hole in the Drôme
    assert trous("66") == 1  # Llívia (Spain)
    # Pierrefitte-sur-Seine town centre is now inside Saint-Denis (93066)
    from django.contrib.gis.geos import Point

    assert Commune.objects.contenant(Point(2.3612, 48.9652, srid=4326)).get().code == "93066"


def test_verifications_ponctuelles():
    angers = Commune.objects.get(code="49007")
    assert (angers.nom, angers.departement_id, angers.region_id) == ("Angers", "49", "52")
    assert angers.departement.nom == "Maine-et-Loire" and angers.region.nom == "Pays de la Loire"
    marseille = Commune.objects.get(code="13055")
    assert "13001" in marseille.codes_postaux and "13016" in marseille.codes_postaux
    assert Commune.objects.get(code="42218").nom_recherche == "saint etienne"
    assert Commune.objects.get(code="2A004").departement_id == "2A"
    assert (
        Commune.objects.filter(codes_postaux__contains=["75011"]).values_list("code", flat=True)[0] == "75056"
    )
    assert Commune.objects.get(code="97411").departement.region.nom == "La Réunion"
    from django.contrib.gis.geos import Point

    assert Departement.objects.contenant(Point(2.3522, 48.8566, srid=4326)).get().code == "75"


def test_chargement_idempotent():
    sortie = io.StringIO()
    call_command("load_geography", stdout=sortie)
    assert "déjà chargée" in sortie.getvalue()
