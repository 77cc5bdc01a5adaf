"""lieux/agregation.py: counts per région / département / commune and grid clusters, computed by PostGIS."""

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings

from lieux import agregation
from lieux.filtres import FiltresLieux
from lieux.models import Commune
from lieux.selection import Selection
from tests.factories import creer_lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]




def dans(code, decalage=0.0, **kwargs):
    """A lieu at the representative point of commune `code` (shifted east by `decalage` degrees)."""
    commune = Commune.objects.get(code=code)
    point = Point(commune.point.x + decalage, commune.point.y, srid=4326)
    return creer_lieu(code_insee=code, commune=commune.nom, code_postal=(commune.codes_postaux or ["00000"])[0],
                      localisation=point, **kwargs)


@pytest.fixture
def lieux(geographie):
    return [dans("49007"), dans("49007", 0.001), dans("49328"), dans("44109"), dans("35238"), dans("97411"),
            dans("75115"), dans("49007", statut="archive")]


def test_levels_follow_the_zoom_and_the_selected_territory():
    assert [agregation.niveau_pour_zoom(z) for z in (5, 7, 8, 9, 10, 12, 13, 18)] == [
        "region", "region", "departement", "departement", "commune", "commune", "grille", "grille"]
    assert agregation.niveau_affiche(None, None) == "region"
    assert agregation.niveau_affiche(6, ("region", "52")) == "departement"  # a chosen région shows its départements
    assert agregation.niveau_affiche(14, ("region", "52")) == "grille"  # zoomed further: finer
    assert agregation.niveau_affiche(None, ("commune", "49007")) == "grille"


def test_region_counts_sum_to_the_total_and_carry_a_point_and_a_box(lieux):
    reponse = agregation.agreger(Selection.tous(), "region")
    par_code = {g["code"]: g for g in reponse["groupes"]}
    assert {c: g["n"] for c, g in par_code.items()} == {"52": 4, "53": 1, "04": 1, "11": 1}
    assert reponse["total"] == 7 == sum(g["n"] for g in reponse["groupes"])
    assert par_code["52"]["nom"] == "Pays de la Loire" and len(par_code["52"]["bbox"]) == 4
    assert -2.6 < par_code["52"]["lon"] < 0.9 and 46.2 < par_code["52"]["lat"] < 48.6


def test_departements_of_a_region_and_communes_of_a_departement(lieux):
    actifs = Selection.tous()
    deps = agregation.agreger(actifs, "departement", territoire=("region", "52"))
    assert {g["code"]: g["n"] for g in deps["groupes"]} == {"49": 3, "44": 1}
    communes = agregation.agreger(actifs, "commune", territoire=("departement", "49"))
    assert {g["code"]: g["n"] for g in communes["groupes"]} == {"49007": 2, "49328": 1}
    assert communes["groupes"][0]["nom"] == "Angers"


def test_bbox_levels_count_whole_territories_whose_point_is_in_view(lieux):
    actifs = Selection.tous()
    ouest = agregation.agreger(actifs, "departement", bbox=(-2.5, 46.5, 0.5, 48.5))
    assert {g["code"] for g in ouest["groupes"]} == {"49", "44", "35"}
    angers = agregation.agreger(actifs, "commune", bbox=(-0.7, 47.4, -0.4, 47.6))
    assert {g["code"]: g["n"] for g in angers["groupes"]} == {"49007": 2}


def test_grid_clusters_a_box_and_names_lone_lieux(lieux):
    actifs = Selection.tous()
    large = agregation.agreger(actifs, "grille", bbox=(-1, 47, 0.5, 48), zoom=8)
    assert large["total"] == 3 and large["taille"] == pytest.approx(agregation.taille_cellule(8), abs=1e-6)
    assert sorted(g["n"] for g in large["groupes"]) == [1, 2]  # Angers' two lieux share a cell at zoom 8
    fin = agregation.agreger(actifs, "grille", bbox=(-0.6, 47.4, -0.5, 47.5), zoom=18)
    assert sorted(g["n"] for g in fin["groupes"]) == [1, 1]
    assert all(g["uid"] and g["nom"].startswith("Médiathèque de test") for g in fin["groupes"])
    assert "lieux_lieu WHERE statut = 'actif'" in _dernier_sql(actifs, (-0.6, 47.4, -0.5, 47.5), 18)  # index-only
    sans_index = FiltresLieux({"source": "tests"}).selection()  # a filter the grid index does not hold: on the lieux
    assert sans_index.critere is None
    assert "ST_SnapToGrid" in _dernier_sql(sans_index, (-0.6, 47.4, -0.5, 47.5), 18)
    assert agregation.agreger(sans_index, "grille", bbox=(-0.6, 47.4, -0.5, 47.5), zoom=18)["groupes"] == fin["groupes"]


@pytest.mark.parametrize("zoom", [9, 13, 15, 18])
def test_grid_from_the_index_equals_the_grid_from_the_lieux(geographie, zoom):
    from lieux import demo

    demo.generer(3000, seed=21)
    f = FiltresLieux({"services": "Aide aux démarches administratives"})
    for selection in (Selection.tous(), f.selection(bbox=False)):
        assert selection.critere is not None
        for bbox in ((2.2, 48.8, 2.45, 48.92), (-1.0, 47.0, 0.5, 48.0), (4.7, 45.6, 5.0, 45.85)):
            taille = agregation.taille_cellule(zoom)
            directes = sorted(agregation._cellules(selection.lieux, bbox, taille), key=lambda c: c[3])  # by 1st lieu
            indexees = sorted(agregation._cellules_indexees(selection.critere, bbox, taille), key=lambda c: c[3])
            assert [c[0] for c in indexees] == [c[0] for c in directes] and directes
            for (n, lon, lat, uid, nom, *details), (n2, lon2, lat2, uid2, nom2, *details2) in zip(directes, indexees):
                assert (uid, nom, details) == (uid2, nom2, details2)  # a lone lieu's marker details too
                assert lon == pytest.approx(lon2, abs=1e-4) and lat == pytest.approx(lat2, abs=1e-4)


def _dernier_sql(selection, bbox, zoom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as requetes:
        agregation.grille(selection, bbox, zoom)
    return requetes.captured_queries[0]["sql"]


def test_counts_follow_the_filters(lieux):
    dans("49007", services=["Loisirs et créations numériques"])
    f = FiltresLieux({"services": "Loisirs et créations numériques"})
    reponse = agregation.agreger(f.selection(), "region", cle=f.cle())
    assert reponse["total"] == 1 and reponse["groupes"][0]["code"] == "52"


@override_settings(CARTE_CACHE_SECONDES=60)
def test_answers_are_cached_by_filters_and_level(lieux, django_assert_num_queries):
    actifs = Selection.tous()
    premiere = agregation.agreger(actifs, "region", cle="services=x")
    dans("35238")
    with django_assert_num_queries(0):
        assert agregation.agreger(actifs, "region", cle="services=x") == premiere
    assert agregation.agreger(actifs, "region", cle="services=y")["total"] == premiere["total"] + 1


def test_zoom_for_a_box_matches_fit_bounds():
    assert agregation.zoom_pour_emprise((-5.2, 41.3, 9.6, 51.1), 800, 600) == 5
    assert agregation.zoom_pour_emprise((-0.62, 47.43, -0.5, 47.51), 800, 600) == 12


def test_national_payload_stays_small(lieux):
    import json

    reponse = agregation.agreger(Selection.tous(), "region")
    assert len(json.dumps(reponse).encode()) < 20_000


@override_settings(CARTE_CACHE_SECONDES=60)
def test_cache_keys_keep_the_box_where_it_bounds_the_groups(lieux, django_assert_num_queries):
    actifs = Selection.tous()
    angers = agregation.agreger(actifs, "commune", territoire=("region", "52"), bbox=(-0.7, 47.4, -0.4, 47.6), cle="")
    saumur = agregation.agreger(actifs, "commune", territoire=("region", "52"), bbox=(-0.2, 47.1, 0.1, 47.4), cle="")
    assert [g["code"] for g in angers["groupes"]] == ["49007"] and [g["code"] for g in saumur["groupes"]] == ["49328"]
    regions = agregation.agreger(actifs, "region", bbox=(-0.2, 47.1, 0.1, 47.4), cle="")
    dans("35238")  # counted afresh, the answer would change: the same answer is the cached one
    with django_assert_num_queries(0):  # the box does not bound the régions: not in their key
        assert agregation.agreger(actifs, "region", bbox=(5, 45, 6, 46), cle="") == regions
