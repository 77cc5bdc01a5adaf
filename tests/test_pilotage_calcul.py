"""Territorial steering on the real geography: the precomputed distances (pilotage/calcul.py) and the figures of a
territory (pilotage/chiffres.py). Lozère (48) is used: no other test puts lieux there."""

import math

import pytest
from django.contrib.gis.geos import Point

from imports.models import ImportRun
from imports.signals import lieux_importes
from lieux.models import Commune
from pilotage import calcul, chiffres, increments, territoires
from pilotage.models import Calcul, DistanceCommune
from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db
AIDE = "Aide aux démarches administratives"
LOISIRS = "Loisirs et créations numériques"
MENDE = "48095"


def a_l_est(commune: Commune, metres: float) -> Point:
    """A point `metres` east of the commune's representative point."""
    p = commune.point
    return Point(p.x + metres / (111_320 * math.cos(math.radians(p.y))), p.y, srid=4326)


def lieu_pres_de(code_insee, point, **valeurs):
    commune = Commune.objects.get(code=code_insee)
    return creer_lieu(code_insee=commune.code, commune=commune.nom, code_postal=(commune.codes_postaux or ["48000"])[0],
                      localisation=point, **valeurs)


@pytest.fixture
def lozere(geographie):
    mende = Commune.objects.get(code=MENDE)
    lieux = [lieu_pres_de(MENDE, mende.point, services=[AIDE], frais_a_charge=["Gratuit"]),
             lieu_pres_de("48061", Commune.objects.get(code="48061").point, services=[LOISIRS])]  # Florac
    calcul.calculer(departements=["48"])
    return lieux


def test_a_commune_with_a_lieu_3_km_away_is_not_counted_farther_than_5_km(geographie):
    mende = Commune.objects.get(code=MENDE)
    lieu_pres_de(MENDE, a_l_est(mende, 3000), services=[AIDE])
    calcul.calculer(["tous"], departements=["48"])
    ligne = DistanceCommune.objects.get(commune_id=MENDE, filtre="tous")
    assert 2950 < ligne.distance_m < 3050
    c = chiffres.chiffres(territoires.trouver("commune", MENDE), chiffres.filtre_de({}))
    assert c.total.population == mende.population > 0
    assert c.total.au_dela == {5: 0, 10: 0, 20: 0}
    assert c.classes[1] == ("de 2 à 5 km", mende.population)


def test_the_figures_of_a_departement_add_up_from_its_communes(lozere):
    t = territoires.trouver("departement", "48")
    c = chiffres.chiffres(t, chiffres.filtre_de({}))
    communes = c.communes
    assert len(communes) == Commune.objects.filter(departement_id="48", type="commune-actuelle").count() > 100
    assert c.total.population == sum(r.population for r in communes) == t.population
    for seuil in chiffres.SEUILS_KM:
        farther = sum(r.population for r in communes if r.distance_m is None or r.distance_m > seuil * 1000)
        assert c.total.au_dela[seuil] == farther
    assert c.total.lieux == sum(r.lieux for r in communes) == c.nb_lieux == 2
    assert sum(n for _, n in c.classes) == c.total.population
    # the communes far from help, largest first, are those of the table beyond 10 km
    loin = [r.code for r in communes if r.distance_m is None or r.distance_m > 10_000]
    assert {r.code for r in c.communes_loin} <= set(loin)
    populations = [r.population for r in c.communes_loin]
    assert populations == sorted(populations, reverse=True)
    # the région's row for Lozère in its table of départements says the same
    region = territoires.trouver("region", t.objet.region_id)
    ligne = next(r for r in chiffres.par_sous_territoire(region, chiffres.filtre_de({}), "departement") if r.code == "48")
    assert (ligne.population, ligne.au_dela) == (c.total.population, c.total.au_dela)


def test_filters_change_the_figures(lozere):
    t = territoires.trouver("departement", "48")
    tous = chiffres.chiffres(t, chiffres.filtre_de({}))
    aide = chiffres.chiffres(t, chiffres.filtre_de({"services": [AIDE]}))
    loisirs = chiffres.chiffres(t, chiffres.filtre_de({"services": [LOISIRS]}))
    assert aide.filtre.cle == "service-0" and not aide.en_direct
    assert (tous.nb_lieux, aide.nb_lieux, loisirs.nb_lieux) == (2, 1, 1)
    assert aide.total.au_dela[10] > tous.total.au_dela[10]
    assert dict(aide.services)[AIDE] == 1 and dict(aide.services)[LOISIRS] == 0
    florac = next(r for r in loisirs.communes if r.code == "48061")
    assert florac.distance_m < 1 and next(r for r in aide.communes if r.code == "48061").distance_m > 20_000


def test_a_combination_not_precomputed_is_computed_live_with_the_same_answer(lozere):
    t = territoires.trouver("departement", "48")
    precalcule = chiffres.chiffres(t, chiffres.filtre_de({"services": [AIDE]}))
    filtre = chiffres.filtre_de({"services": [AIDE]})
    en_direct = chiffres.chiffres(t, chiffres.Filtre(filtre.filtres, None))
    assert en_direct.en_direct and en_direct.distances_disponibles
    assert en_direct.total.au_dela == precalcule.total.au_dela
    combinaison = chiffres.chiffres(t, chiffres.filtre_de({"services": [AIDE], "frais_a_charge": ["Gratuit"]}))
    assert combinaison.filtre.cle is None and combinaison.nb_lieux == 1
    assert combinaison.total.au_dela == precalcule.total.au_dela  # the only « Aide » lieu is free
    sans = chiffres.chiffres(t, chiffres.filtre_de({"services": [AIDE], "frais_a_charge": ["Payant"]}))
    assert sans.nb_lieux == 0 and sans.total.au_dela[20] == t.population  # no matching lieu anywhere near
    # not for the whole of France: the page says so
    france = chiffres.chiffres(territoires.trouver("france"), chiffres.filtre_de({"services": [AIDE],
                                                                                  "frais_a_charge": ["Payant"]}))
    assert not france.distances_disponibles and france.total is None


def test_the_saturday_filter_is_precomputed(lozere):
    assert chiffres.filtre_de({"creneau": ["sa"]}).cle == "samedi"
    c = chiffres.chiffres(territoires.trouver("departement", "48"), chiffres.filtre_de({"creneau": ["sa"]}))
    assert not c.en_direct and c.nb_lieux == 0 and c.total.au_dela[20] > 0


def test_neighbours_parents_and_children_on_the_real_geography(geographie):
    lozere = territoires.trouver("departement", "48")
    assert {v.code for v in territoires.voisins(lozere)} == {"07", "12", "15", "30", "43"}
    assert [p.niveau for p in territoires.parents(lozere)] == ["france", "region"]
    mende = territoires.trouver("commune", MENDE)
    assert [p.niveau for p in territoires.parents(mende)] == ["france", "region", "departement", "epci"]
    assert territoires.parent(mende).niveau == "epci"
    assert len(territoires.enfants(territoires.trouver("france"))) == 18
    assert territoires.trouver("departement", "99") is None


def test_an_applied_import_recomputes_the_figures(lozere, monkeypatch, settings):
    settings.PILOTAGE_APRES_IMPORT = True
    appels = []
    monkeypatch.setattr(increments, "incrementer", lambda *a, **k: appels.append((*a, k.get("motif"))) or Calcul())
    lieux_importes.send(sender=ImportRun, run=None, source="hub-test", uids=[1, 2], archives=[3])
    assert appels == [([1, 2], [3], "import hub-test : 2 lieux écrits, 1 archivés")]


def test_the_command_computes_every_precomputed_filter(geographie):
    calcul.calculer(departements=["48"], motif="test")
    filtres = set(DistanceCommune.objects.filter(commune__departement_id="48").values_list("filtre", flat=True))
    assert filtres == {f.cle for f in calcul.FILTRES} and len(filtres) == 13
    assert Calcul.objects.first().motif == "test"
