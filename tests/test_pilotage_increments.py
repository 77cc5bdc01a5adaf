"""After an import only the communes it can change are recomputed (pilotage/increments.py): the rows come out the
same as a full computation, and the real importer triggers it through its signal. Lozère (48), where no other test
puts lieux."""

import datetime as dt

import pytest
from django.utils import timezone

from lieux.models import Commune, Lieu
from pilotage import calcul, chiffres, increments, territoires
from pilotage.models import Calcul, DistanceCommune
from tests.outils_import import fichier, importe
from tests.test_pilotage_calcul import AIDE, LOISIRS, MENDE, a_l_est, lieu_pres_de

pytestmark = pytest.mark.django_db
MARVEJOLS, FLORAC = "48092", "48061"
RECENTE = (timezone.localdate() - dt.timedelta(days=30)).isoformat()


def instantane() -> dict:
    rangs = DistanceCommune.objects.filter(commune__departement_id="48").values_list(
        "commune_id", "filtre", "distance_m", "plus_proche", "nb_lieux", "nb_a_jour", "nb_samedi", "nb_soir",
        "nb_sans_rdv", "nb_services", "nb_scores")
    return {(r[0], r[1]): (None if r[2] is None else round(r[2], 1), *r[3:]) for r in rangs}


@pytest.fixture
def lozere_calculee(geographie):
    mende = lieu_pres_de(MENDE, Commune.objects.get(code=MENDE).point, services=[AIDE], frais_a_charge=["Gratuit"],
                         date_maj=RECENTE)
    florac = lieu_pres_de(FLORAC, Commune.objects.get(code=FLORAC).point, services=[LOISIRS], date_maj=RECENTE)
    calcul.calculer(departements=["48"])
    return mende, florac


def test_an_incremental_computation_gives_the_rows_of_a_full_one(lozere_calculee):
    mende, florac = lozere_calculee
    marvejols = Commune.objects.get(code=MARVEJOLS)
    nouveau = lieu_pres_de(MARVEJOLS, marvejols.point, services=[AIDE, LOISIRS], horaires="Sa 09:00-12:00",
                           modalites_acces=["Se présenter"])
    Lieu.objects.filter(pk=mende.pk).update(localisation=a_l_est(Commune.objects.get(code=MENDE), 8000))
    Lieu.objects.filter(pk=florac.pk).update(statut=Lieu.Statut.ARCHIVE)

    fait = increments.incrementer([nouveau.pk, mende.pk], [florac.pk], motif="import test")
    assert fait.mode == Calcul.Mode.INCREMENTAL and fait.motif == "import test"
    assert 0 < fait.communes <= Commune.objects.filter(departement_id="48", type="commune-actuelle").count()
    incremental = instantane()
    # the new lieu is the nearest « Loisirs » lieu of Florac now that Florac's own is archived
    assert incremental[(FLORAC, calcul.CLE_SERVICE[LOISIRS])][1] == nouveau.pk
    assert incremental[(MARVEJOLS, "samedi")][:3] == (0.0, nouveau.pk, 1)
    assert 7900 < incremental[(MENDE, "gratuit")][0] < 8100  # the moved lieu, 8 km east of Mende's point

    calcul.calculer(departements=["48"])
    assert instantane() == incremental


def test_a_lieu_merged_away_outside_an_import_is_replaced_at_the_next_one(lozere_calculee):
    mende, _ = lozere_calculee
    Lieu.objects.filter(pk=mende.pk).update(statut=Lieu.Statut.FUSIONNE)
    autre = lieu_pres_de(MARVEJOLS, Commune.objects.get(code=MARVEJOLS).point, services=[LOISIRS])
    increments.incrementer([autre.pk], [])
    assert DistanceCommune.objects.get(commune_id=MENDE, filtre="tous").plus_proche != mende.pk
    incremental = instantane()
    calcul.calculer(departements=["48"])
    assert instantane() == incremental


def test_the_figures_of_a_page_come_from_the_precomputed_counts(lozere_calculee):
    lieu_pres_de(MENDE, Commune.objects.get(code=MENDE).point, horaires="Sa 09:00-12:00 ; Tu 17:00-19:00",
                 modalites_acces=["Se présenter"], services=[AIDE], date_maj="2020-01-02", source="vieille-source")
    t = territoires.trouver("departement", "48")
    avant = chiffres.chiffres(t, chiffres.filtre_de({}))
    assert avant.nb_lieux == 2 and dict(avant.ouvertures)["ouverts le samedi"] == 0  # not computed yet
    increments.incrementer(list(Lieu.objects.filter(source="vieille-source").values_list("pk", flat=True)))
    c = chiffres.chiffres(t, chiffres.filtre_de({}))
    assert c.nb_lieux == 3 and c.a_jour == 2
    assert dict(c.ouvertures) == {"ouverts le samedi": 1, "ouverts en soirée (après 18 h)": 1,
                                  "sans rendez-vous (se présenter)": 1}
    assert dict(c.services)[AIDE] == 2 and dict(c.services)[LOISIRS] == 1
    assert sum(n for _, n in c.scores) == 3
    assert c.sources_anciennes[0] == {"source": "vieille-source", "lieux": 1,
                                      "plus_ancienne": Lieu.objects.get(source="vieille-source").date_maj}
    # the same figures as those read from the lieux (the path of the combinations that are not precomputed)
    en_direct = chiffres.chiffres(t, chiffres.Filtre(chiffres.filtre_de({}).filtres, None))
    assert (en_direct.nb_lieux, en_direct.a_jour, en_direct.ouvertures, en_direct.services, en_direct.scores) == \
        (c.nb_lieux, c.a_jour, c.ouvertures, c.services, c.scores)


def test_an_applied_import_updates_the_communes_it_changes(lozere_calculee, settings, tmp_path,
                                                           django_capture_on_commit_callbacks):
    settings.PILOTAGE_APRES_IMPORT = True
    point = Commune.objects.get(code=MARVEJOLS).point
    chemin = fichier(tmp_path, [{"id": "LOZ-1", "nom": "Espace numérique de Marvejols", "adresse": "1 place du Soubeyran",
                                 "commune": "Marvejols", "code_postal": "48100", "code_insee": MARVEJOLS,
                                 "latitude": str(point.y), "longitude": str(point.x), "date_maj": "2026-11-02",
                                 "services": AIDE}])
    with django_capture_on_commit_callbacks(execute=True):
        run = importe(chemin, source="hub-lozere")
    assert run.statut == run.Statut.APPLIQUE
    fait = Calcul.objects.first()
    assert fait.mode == Calcul.Mode.INCREMENTAL and fait.motif.startswith("import hub-lozere : 1 lieux écrits")
    ligne = DistanceCommune.objects.get(commune_id=MARVEJOLS, filtre="service-0")
    assert ligne.distance_m < 50 and ligne.nb_lieux == 1
    assert Lieu.objects.get(pk=ligne.plus_proche).nom == "Espace numérique de Marvejols"


def test_a_lieu_moved_to_another_commune_leaves_its_old_commune_counted_right(lozere_calculee):
    _, florac = lozere_calculee
    marvejols = Commune.objects.get(code=MARVEJOLS)
    Lieu.objects.filter(pk=florac.pk).update(commune_officielle=marvejols, localisation=marvejols.point)
    increments.incrementer([florac.pk])
    assert DistanceCommune.objects.get(commune_id=FLORAC, filtre="tous").nb_lieux == 0
    assert DistanceCommune.objects.get(commune_id=MARVEJOLS, filtre="tous").nb_lieux == 1
    incremental = instantane()
    calcul.calculer(departements=["48"])
    assert instantane() == incremental
