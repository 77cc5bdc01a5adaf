"""lieux/projections/ouvertures.py: availability kept by PostgreSQL on every write, queried in SQL with the GiST
index."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.gis.measure import D
from django.core.management import call_command
from django.db import connection

from lieux import horaires as h
from lieux.filtres import FiltresLieux
from lieux.models import Lieu
from lieux.projections.ouvertures import (
    Ouverture,
    disponibles,
    ouverts_a,
    ouverts_pendant,
    q_horaires_inconnus,
)
from lieux.projections.maintien_ouvertures import recalculer, uids_perimes
from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
SEMAINE = "Mo-Fr 09:00-12:00,14:00-17:30; PH off"


def tous(lieux):
    return Lieu.objects.filter(pk__in=[lieu.pk for lieu in lieux.values()])


def noms(qs):
    return sorted(qs.values_list("nom", flat=True))


@pytest.fixture
def lieux():
    """Seven lieux; queries below are limited to them (other sessions may have committed lieux in the test base)."""
    return {
        "semaine": creer_lieu(nom="Semaine", horaires=SEMAINE),
        "samedi": creer_lieu(nom="Samedi", horaires="Sa 10:00-18:00"),
        "nuit": creer_lieu(nom="Nuit", horaires="Fr 22:00-02:00"),
        "feries": creer_lieu(nom="Fériés", horaires="Mo-Fr 09:00-17:00; PH 10:00-12:00"),
        "vide": creer_lieu(nom="Sans horaires", horaires=""),
        "illisible": creer_lieu(nom="Illisible", horaires="Mo-Fr 9h-12h"),
        "reunion": creer_lieu(nom="Réunion", horaires="Mo-Fr 08:00-12:00", code_postal="97411", code_insee="97411"),
    }


def test_enregistrer_un_lieu_calcule_son_ouverture(lieux):
    o = Ouverture.objects.get(lieu=lieux["semaine"])
    assert o.etat == "renseignes" and o.regle_feries and not o.variable and o.fuseau == "Europe/Paris"
    ph = h.DECALAGE_PH  # a lieu with a PH rule keeps its week after the public-holiday block
    assert (ph + 540, ph + 720) in o.creneaux and (ph + 10080 + 540, ph + 10080 + 720) in o.creneaux
    assert o.actif and o.localisation.equals(lieux["semaine"].localisation)
    assert o.valeurs == [(0, 2)]  # « Aide aux démarches administratives » and « Maîtrise des outils… »
    reunion = Ouverture.objects.get(lieu=lieux["reunion"])
    assert reunion.fuseau == "Indian/Reunion" and reunion.creneaux[0][0] >= h.bande("Indian/Reunion")
    assert Ouverture.objects.get(lieu=lieux["vide"]).creneaux == list(h.CLE_INCONNUE)
    assert Ouverture.objects.get(lieu=lieux["illisible"]).etat == "illisibles"
    lieu = lieux["vide"]
    lieu.horaires = "Sa 10:00-12:00"
    lieu.prise_en_charge_specifique = ["Surdité", "Illettrisme"]
    lieu.save()
    o = Ouverture.objects.get(lieu=lieu)
    assert o.etat == "renseignes" and o.horaires == "Sa 10:00-12:00"
    assert o.creneaux == [(5 * 1440 + 600, 5 * 1440 + 720), (10080 + 5 * 1440 + 600, 10080 + 5 * 1440 + 720)]
    assert o.valeurs == [(0, 2), (100, 101), (103, 104)]
    lieu.statut = Lieu.Statut.ARCHIVE
    lieu.save(update_fields=["statut"])
    assert not Ouverture.objects.get(lieu=lieu).actif


@pytest.mark.parametrize(
    ("instant", "attendus"),
    [
        # Tuesday 13 January 2026 10:30 in winter (09:30 UTC); Réunion is 13:30 there: closed
        (dt.datetime(2026, 1, 13, 9, 30, tzinfo=dt.UTC), ["Fériés", "Semaine"]),
        # Tuesday 7 July 2026 10:30 in summer (08:30 UTC); Réunion 12:30: closed
        (dt.datetime(2026, 7, 7, 8, 30, tzinfo=dt.UTC), ["Fériés", "Semaine"]),
        # 06:00 UTC: 07:00 in Paris (winter), 10:00 in Réunion
        (dt.datetime(2026, 1, 13, 6, 0, tzinfo=dt.UTC), ["Réunion"]),
        # Tuesday 14 July 2026 (public holiday) 11:00: PH off closes, « PH 10:00-12:00 » opens
        (dt.datetime(2026, 7, 14, 11, 0, tzinfo=PARIS), ["Fériés"]),
        (dt.datetime(2026, 7, 14, 15, 0, tzinfo=PARIS), []),
        # Saturday 01:00 after Friday 22:00-02:00
        (dt.datetime(2026, 1, 17, 1, 0, tzinfo=PARIS), ["Nuit"]),
        (dt.datetime(2026, 1, 17, 11, 0, tzinfo=PARIS), ["Samedi"]),
    ],
)
def test_ouverts_a_un_instant_fixe(lieux, instant, attendus):
    assert noms(ouverts_a(tous(lieux), instant)) == attendus


def test_ouverts_a_en_gardant_les_horaires_inconnus(lieux):
    instant = dt.datetime(2026, 1, 17, 11, 0, tzinfo=PARIS)
    assert noms(ouverts_a(tous(lieux), instant, inconnus=True)) == ["Illisible", "Samedi", "Sans horaires"]
    assert noms(tous(lieux).filter(q_horaires_inconnus())) == ["Illisible", "Sans horaires"]


def test_ouverts_pendant_des_creneaux(lieux):
    lundi_apres_midi = [(0, 14 * 60, 16 * 60)]
    assert noms(ouverts_pendant(tous(lieux), lundi_apres_midi)) == ["Fériés", "Semaine"]
    lundi_matin_tot = [(0, 7 * 60, 8 * 60 + 30)]  # Réunion opens at 08:00 local time
    assert noms(ouverts_pendant(tous(lieux), lundi_matin_tot)) == ["Réunion"]
    samedi_nuit = [(5, 0, 60)]
    assert noms(ouverts_pendant(tous(lieux), samedi_nuit)) == ["Nuit"]
    tous_les_jours_le_soir = [(None, 20 * 60, 23 * 60)]
    assert noms(ouverts_pendant(tous(lieux), tous_les_jours_le_soir)) == ["Nuit"]
    dimanche = [(6, None, None)]
    assert noms(ouverts_pendant(tous(lieux), dimanche)) == []
    assert noms(ouverts_pendant(tous(lieux), dimanche, inconnus=True)) == ["Illisible", "Sans horaires"]


def test_disponibles_combine_maintenant_et_creneaux_en_ou(lieux):
    instant = dt.datetime(2026, 1, 17, 1, 0, tzinfo=PARIS)  # Saturday night: « Nuit » only
    qs = disponibles(tous(lieux), maintenant=instant, creneaux=[(5, 10 * 60, 11 * 60)], inconnus=False)
    assert noms(qs) == ["Nuit", "Samedi"]
    assert noms(disponibles(tous(lieux), creneaux=[(5, 10 * 60, 11 * 60)])) == [
        "Illisible", "Samedi", "Sans horaires"]


def test_un_lieu_sans_calcul_compte_comme_horaires_inconnus(lieux):
    Ouverture.objects.filter(lieu=lieux["semaine"]).delete()
    assert "Semaine" in noms(tous(lieux).filter(q_horaires_inconnus()))
    assert "Semaine" not in noms(ouverts_pendant(tous(lieux), [(0, None, None)]))


def test_recalcul_en_masse_et_commande(lieux):
    Ouverture.objects.filter(lieu__in=tous(lieux)).delete()
    assert recalculer([lieux["samedi"].pk, lieux["semaine"].pk]) == 2
    assert recalculer([lieux["samedi"].pk, str(lieux["samedi"].pk)]) == 1  # each lieu once
    assert Ouverture.objects.filter(lieu__in=tous(lieux)).count() == 2
    # a raw SQL writer that analysed nothing: the trigger still writes the row, « à analyser » (unknown hours)
    with connection.cursor() as cursor:
        cursor.execute("update lieux_lieu set horaires = 'Su 10:00-11:59' where uid = %s", [lieux["samedi"].pk])
    o = Ouverture.objects.get(lieu=lieux["samedi"])
    assert (o.etat, o.horaires, o.creneaux) == ("a_analyser", "Su 10:00-11:59", list(h.CLE_INCONNUE))
    assert "Samedi" in noms(tous(lieux).filter(q_horaires_inconnus()))
    assert lieux["samedi"].pk in uids_perimes() and lieux["nuit"].pk in uids_perimes()  # « nuit »: no row
    call_command("refresh_ouvertures", "--perimees", verbosity=0)
    assert Ouverture.objects.filter(lieu__in=tous(lieux)).count() == len(lieux)
    o = Ouverture.objects.get(lieu=lieux["samedi"])
    assert o.etat == "renseignes" and o.creneaux[0] == (6 * 1440 + 600, 6 * 1440 + 719)
    assert lieux["samedi"].pk not in uids_perimes()
    assert recalculer([]) == 0


def test_filtre_ouvert_actuellement_de_la_carte_utilise_ces_creneaux(lieux):
    filtres = FiltresLieux({"ouvert_actuellement": "2026-01-17T11:05:00+01:00"})
    assert filtres.erreurs == []
    assert noms(filtres.filtrer(tous(lieux))) == ["Samedi"]


def test_les_requetes_peuvent_utiliser_les_index_gist(lieux):
    instant = dt.datetime(2026, 1, 13, 9, 30, tzinfo=dt.UTC)
    point = lieux["semaine"].localisation
    for qs, index in (
        (Ouverture.objects.filter(creneaux__chevauche=h.cles_ouvert_a(instant)), "ouverture_creneaux_gist"),
        (Ouverture.objects.filter(creneaux__chevauche=h.cles_pendant([(0, 840, 960)])), "ouverture_creneaux_gist"),
        (Ouverture.objects.filter(actif=True, localisation__dwithin=(point, D(km=30)),
                                  creneaux__chevauche=h.cles_pendant([(0, 840, 960)]),
                                  valeurs__chevauche=[(0, 1)]), ("ouverture_recherche_gist", "ouverture_creneaux_gist")),
    ):
        sql, params = qs.values("lieu_id").query.sql_with_params()
        with connection.cursor() as cursor:
            # only a scan driven by an index condition remains possible (the primary key cannot serve these)
            cursor.execute("set local enable_seqscan = off")
            cursor.execute("set local enable_indexscan = off")
            cursor.execute("explain " + sql, params)
            plan = "\n".join(r[0] for r in cursor.fetchall())
        attendus = index if isinstance(index, tuple) else (index,)
        assert any(i in plan for i in attendus), plan  # either GiST index serves the combined search


def test_une_mise_a_jour_en_masse_tient_la_ligne_sans_signal(lieux):
    Lieu.objects.filter(pk=lieux["samedi"].pk).update(horaires="Su 10:00-12:00", statut="archive")
    o = Ouverture.objects.get(lieu=lieux["samedi"])
    assert o.horaires == "Su 10:00-12:00" and o.etat == "renseignes" and not o.actif
    assert o.creneaux[0] == (6 * 1440 + 600, 6 * 1440 + 720)



def test_les_analyses_d_horaires_que_plus_aucun_lieu_n_utilise_sont_purgees(lieux):
    from lieux.projections.analyses import AnalyseHoraires

    lieu = lieux["samedi"]
    for texte in ("Tu 07:13-07:47", "Mo 07:13-07:47"):  # texts no other lieu has
        lieu.horaires = texte
        lieu.save()
    assert set(AnalyseHoraires.objects.filter(horaires__endswith="07:13-07:47").values_list("horaires", flat=True)) \
        == {"Tu 07:13-07:47", "Mo 07:13-07:47"}
    call_command("refresh_ouvertures", "--perimees", verbosity=0)
    # the text the lieu left is used by no lieu: gone; the one it has: kept, and its row still computed from it
    assert list(AnalyseHoraires.objects.filter(horaires__endswith="07:13-07:47").values_list("horaires", flat=True)) \
        == ["Mo 07:13-07:47"]
    assert AnalyseHoraires.objects.filter(horaires=SEMAINE).exists()  # another lieu's: kept
    o = Ouverture.objects.get(lieu=lieu)
    assert (o.etat, o.creneaux[0]) == ("renseignes", (433, 467))
