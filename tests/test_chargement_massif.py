"""Bulk loads: the secondary indexes and foreign keys of a table are suspended around a big insert, rebuilt as they
were, and nothing changes for everyday writes."""

import pytest
from django.db import connection, transaction

from lieux import demo, projections
from lieux.models import UIDS_DEMO_SQL, Lieu
from lieux.projections.chargement_massif import index_suspendus, vaut_la_peine
from lieux.projections.masque import BITS
from lieux.projections.ouvertures import CLE_VALEURS, codes, valeurs_de_masque
from tests.outils_carte import verifier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]


def _schema(table):
    with connection.cursor() as cursor:
        cursor.execute("select indexname, indexdef from pg_indexes where tablename = %s order by 1", [table])
        index = cursor.fetchall()
        cursor.execute(
            "select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = %s::regclass order by 1",
            [table],
        )
        return index, cursor.fetchall()


def test_les_index_et_cles_sont_suspendus_puis_reconstruits_a_l_identique(geographie):
    avant = _schema("lieux_lieu")
    with index_suspendus("lieux_lieu", 10**9) as suspendus:
        pendant = _schema("lieux_lieu")
        assert suspendus.actif
        assert {nom for nom, _ in suspendus.index} >= {"lieu_carte_region", "lieu_services_gin", "lieu_source_id"}
        assert len(suspendus.cles_etrangeres) == 5  # commune, département, région, EPCI, lieu fusionné
        noms_pendant = {nom for nom, _ in pendant[0]}
        assert "lieux_lieu_pkey" in noms_pendant  # the primary key stays (ON CONFLICT, references)
        assert not noms_pendant & {nom for nom, _ in suspendus.index}
    assert _schema("lieux_lieu") == avant


def test_une_petite_insertion_ne_suspend_rien(geographie):
    demo.generer(50, seed=2)
    with connection.cursor() as cursor:
        assert not vaut_la_peine(cursor, "lieux_lieu", 10)
    avant = _schema("lieux_lieu")
    with index_suspendus("lieux_lieu", 10) as suspendus:
        assert not suspendus.actif
        assert _schema("lieux_lieu") == avant


def test_un_echec_remet_tout_en_place(geographie):
    avant = _schema("lieux_lieu")
    with pytest.raises(RuntimeError), transaction.atomic(), index_suspendus("lieux_lieu", 10**9):
        raise RuntimeError("chargement interrompu")
    assert _schema("lieux_lieu") == avant


def _declencheurs_actifs() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("select tgname from pg_trigger where tgrelid = 'lieux_lieu'::regclass and not tgisinternal"
                       " and tgenabled <> 'D'")
        return {nom for (nom,) in cursor.fetchall()}


def test_les_declencheurs_sont_suspendus_seulement_avec_un_recalcul(geographie):
    actifs = _declencheurs_actifs()
    assert "lieux_comptecarte_insert" in actifs
    appels = []
    with index_suspendus("lieux_lieu", 10**9):
        assert _declencheurs_actifs() == actifs
    with index_suspendus("lieux_lieu", 10**9, recalculer=lambda: appels.append(_declencheurs_actifs())):
        assert _declencheurs_actifs() == set()
    assert appels == [actifs]  # recounted once, triggers back on
    assert _declencheurs_actifs() == actifs


def test_une_grosse_generation_demo_garde_ses_cles_et_ses_comptes(geographie):
    avant = _schema("lieux_lieu")
    ecrits = demo.generer(25_000, seed=4)  # ≥ 20 000 and more than the table: the indexes are rebuilt
    assert ecrits == 25_000
    assert _schema("lieux_lieu") == avant
    verifier()  # the map counts, recounted after the load, equal the lieux
    assert Lieu.objects.demo().filter(commune_officielle__isnull=True).count() == 0
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from lieux_ouverture o join lieux_lieu l on l.uid = o.lieu_id"
                       f" where l.uid in ({UIDS_DEMO_SQL})")
        assert cursor.fetchone()[0] == 25_000
    assert projections.ecarts() == {}  # every projection rebuilt after the load with triggers off
    assert demo.supprimer_demo() == 25_000
    verifier()
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from lieux_ouverture o left join lieux_lieu l on l.uid = o.lieu_id"
                       " where l.uid is null")
        assert cursor.fetchone()[0] == 0  # no hours left behind


def test_les_valeurs_d_ouverture_se_lisent_sur_le_masque_de_la_carte():
    aide = "Aide aux démarches administratives"
    cle = BITS[("services", aide)] | BITS[("publics_specifiquement_adresses", "Seniors")] | BITS[
        ("prise_en_charge_specifique", "Surdité")] | BITS[("frais_a_charge", "Gratuit")]
    attendu = sorted(codes("services", [aide]) + codes("publics_specifiquement_adresses", ["Seniors"])
                     + codes("prise_en_charge_specifique", ["Surdité"]))
    assert valeurs_de_masque(cle & CLE_VALEURS) == attendu
    assert valeurs_de_masque(0) == []
