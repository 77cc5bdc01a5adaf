"""Every writer path against every projection (lieux/projections/): after each write, every kept projection equals
its recomputation from scratch (`projections.ecarts() == {}`), and the write did change what it should.

Writers: Lieu.save() (create, hours, statut, point, services), QuerySet.update() (statut, hours, point, services,
postcode), bulk_create, bulk_update, delete() and queryset delete, raw SQL, the admin's actions and change form, an
import (create, then archive), a bulk load with the triggers disabled, the demo generation, a declaration and
taking the sources' value back (lieux/modifications.py). Projections: the
generated columns (masque_carte, grid), the map counts (lieux_comptecarte), the availability rows (lieux_ouverture)
and the analyses of the hours they join."""

import csv
import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse

from lieux import demo, projections, standard
from lieux.models import Lieu, Ouverture
from lieux.projections import maintien_ouvertures
from lieux.projections.chargement_massif import index_suspendus
from orientation.etat import Orientation
from orientation.recherche import ouvertures as resultats_orientation
from tests.factories import creer_lieu, creer_provenance
from tests.outils_import import importe  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "ardoise_propre")]

LOISIRS = "Loisirs et créations numériques"
CHANGELIST = reverse("admin:lieux_lieu_changelist")


@pytest.fixture
def lieux():
    return {
        "a": creer_lieu(nom="A", horaires="Mo-Fr 09:00-12:00"),
        "b": creer_lieu(nom="B", horaires="Sa 10:00-18:00; PH off"),
        "c": creer_lieu(nom="C", horaires=""),
    }


def etat() -> dict:
    """What each projection holds now (whole tables: the tests' lieux are the only ones changing)."""
    requetes = {
        "lieux": "SELECT uid, masque_carte, grille_x, grille_y, grille_bande FROM lieux_lieu ORDER BY uid",
        "comptes": "SELECT niveau, portee, region, departement, masque, n FROM lieux_comptecarte"
                   " ORDER BY 1, 2, 3, 4, 5",
        "ouvertures": "SELECT lieu_id, horaires, etat, creneaux::text, regle_feries, variable, fuseau, actif,"
                      " localisation::text, valeurs::text FROM lieux_ouverture ORDER BY lieu_id",
    }
    resultat = {}
    with connection.cursor() as cursor:
        for nom, sql in requetes.items():
            cursor.execute(sql)
            resultat[nom] = cursor.fetchall()
    return resultat


# --- the writers: each writes, and names the projections its write must change ------------------------------------


def _copie(lieu, **valeurs) -> Lieu:
    champs = {f.attname: getattr(lieu, f.attname) for f in Lieu._meta.concrete_fields
              if not f.primary_key and not f.generated and f.attname not in ("cree_le", "modifie_le")}
    return Lieu(**{**champs, "id": f"{lieu.id}-copie", "nom": f"{lieu.nom} copie", **valeurs})


def save_creation(lieux, client):
    creer_lieu(nom="D", horaires="Tu 09:00-10:07", services=[LOISIRS])
    return {"lieux", "comptes", "ouvertures"}


def save_horaires(lieux, client):
    lieux["a"].horaires = "We 08:00-09:13"
    lieux["a"].save()
    return {"ouvertures"}


def save_statut(lieux, client):
    lieux["a"].statut = Lieu.Statut.ARCHIVE
    lieux["a"].save(update_fields=["statut"])
    return {"comptes", "ouvertures"}


def save_point(lieux, client):
    lieux["a"].localisation = Point(-0.5601, 47.4801, srid=4326)
    lieux["a"].save()
    return {"lieux", "ouvertures"}


def save_services(lieux, client):
    lieux["a"].services = [LOISIRS]
    lieux["a"].save()
    return {"lieux", "comptes", "ouvertures"}


def update_statut(lieux, client):
    Lieu.objects.filter(pk__in=[lieux["a"].pk, lieux["b"].pk]).update(statut=Lieu.Statut.ARCHIVE)
    return {"comptes", "ouvertures"}


def update_horaires(lieux, client):
    Lieu.objects.filter(pk__in=[lieux["a"].pk, lieux["c"].pk]).update(horaires="Mo 07:00-08:11")
    return {"ouvertures"}


def update_localisation(lieux, client):
    Lieu.objects.filter(pk=lieux["b"].pk).update(localisation=Point(-0.5602, 47.4802, srid=4326))
    return {"lieux", "ouvertures"}


def update_services(lieux, client):
    Lieu.objects.filter(pk__in=[lieux["a"].pk, lieux["b"].pk]).update(services=[LOISIRS])
    return {"lieux", "comptes", "ouvertures"}


def update_code_postal(lieux, client):
    Lieu.objects.filter(pk=lieux["a"].pk).update(code_postal="97411")  # another time zone: other keys
    return {"ouvertures"}


def bulk_create(lieux, client):
    Lieu.objects.bulk_create([_copie(lieux["a"], horaires="Th 13:00-14:21"), _copie(lieux["b"], id="autre")])
    return {"lieux", "comptes", "ouvertures"}


def bulk_update(lieux, client):
    lieux["a"].horaires, lieux["b"].statut = "Fr 15:00-16:31", Lieu.Statut.ARCHIVE
    Lieu.objects.bulk_update([lieux["a"], lieux["b"]], ["horaires", "statut"])
    return {"comptes", "ouvertures"}


def delete(lieux, client):
    lieux["a"].delete()
    return {"lieux", "comptes", "ouvertures"}


def delete_queryset(lieux, client):
    Lieu.objects.filter(pk__in=[lieux["b"].pk, lieux["c"].pk]).delete()
    return {"lieux", "comptes", "ouvertures"}


def sql_brut(lieux, client):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE lieux_lieu SET statut = 'archive', services = %s WHERE uid = %s",
                       [[LOISIRS], lieux["a"].pk])
    return {"lieux", "comptes", "ouvertures"}


def admin_archiver(lieux, client):
    client.post(CHANGELIST, {"action": "archiver", ACTION_CHECKBOX_NAME: [lieux["a"].pk, lieux["b"].pk]})
    return {"comptes", "ouvertures"}


def admin_reactiver(lieux, client):
    client.post(CHANGELIST, {"action": "reactiver", ACTION_CHECKBOX_NAME: [lieux["a"].pk]})
    return {"comptes", "ouvertures"}


admin_reactiver.preparation = lambda lieux, tmp_path: Lieu.objects.filter(pk=lieux["a"].pk).update(
    statut=Lieu.Statut.ARCHIVE)


def admin_formulaire(lieux, client):
    lieu = lieux["a"]
    creer_provenance(lieu)
    url = reverse("admin:lieux_lieu_change", args=[lieu.uid])
    reponse = client.get(url)
    inlines = [inline.formset for inline in reponse.context["inline_admin_formsets"]]  # provenances, fermetures
    donnees = {}
    for form in (reponse.context["adminform"].form,
                 *[f for formset in inlines for f in (formset.management_form, *formset.forms)]):
        for nom in form.fields:
            valeur = form[nom].value()
            if valeur is not None:
                donnees[form.add_prefix(nom)] = valeur if isinstance(valeur, list) else str(valeur)
    donnees["horaires"], donnees["services"] = "Mo-Fr 09:00-12:00; Sa 10:00-11:47", [LOISIRS]
    assert client.post(url, donnees).status_code == 302
    return {"lieux", "comptes", "ouvertures"}


def reprise_valeur_des_sources(lieux, client):
    from lieux import modifications

    lieu = lieux["a"]
    creer_provenance(lieu, valeurs={"nom": lieu.nom, "horaires": "Tu 08:00-09:31"})
    modifications.modifier_lieu(lieu, {"horaires": "We 08:00-09:32"})
    assert modifications.reprendre_valeur_des_sources(lieu, "horaires") == "Tu 08:00-09:31"
    return {"ouvertures"}


def declaration(lieux, client):
    from lieux import modifications

    modifications.declarer_lieu({"nom": "Lieu déclaré", "adresse": "3 rue Toussaint", "commune": "Angers",
                                 "code_postal": "49000", "code_insee": "49007", "latitude": 47.47,
                                 "longitude": -0.55, "horaires": "Th 14:00-15:33", "services": [LOISIRS]})
    return {"lieux", "comptes", "ouvertures"}


def _fichier(tmp_path, numeros):
    chemin = tmp_path / f"lieux-{len(numeros)}.csv"
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.DictWriter(f, fieldnames=list(standard.COLONNES))
        ecrivain.writeheader()
        for i in numeros:
            ecrivain.writerow({c: "" for c in standard.COLONNES} | {
                "id": f"P{i}", "nom": f"Lieu importé {i}", "adresse": f"{i} rue Toussaint", "commune": "Angers",
                "code_postal": "49000", "latitude": "47.4739", "longitude": "-0.5536", "date_maj": "2024-04-02",
                "services": "Aide aux démarches administratives", "horaires": f"Mo-Fr 09:00-12:{10 + i}"})
    return chemin


def import_creation(lieux, client, tmp_path):
    run = importe(_fichier(tmp_path, [1, 2]), "hub-projections")
    assert run.crees == 2, run.erreur
    return {"lieux", "comptes", "ouvertures"}


def import_archivage(lieux, client, tmp_path):
    assert importe(_fichier(tmp_path, [1]), "hub-projections").archives == 1
    return {"comptes", "ouvertures"}


import_archivage.preparation = lambda lieux, tmp_path: importe(_fichier(tmp_path, [1, 2]), "hub-projections")


def chargement_massif(lieux, client):
    uids = []
    with connection.cursor() as cursor:  # the fixture's pending foreign-key checks first (ALTER TABLE waits for none)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with transaction.atomic(), \
            index_suspendus("lieux_lieu", 10**9, recalculer=lambda: projections.recalculer(uids)):
        copie = _copie(lieux["b"], horaires="Su 11:00-12:53")
        Lieu.objects.bulk_create([copie])  # triggers disabled: rebuilt by `recalculer` on the way out
        uids.append(copie.pk)
    return {"lieux", "comptes", "ouvertures"}


def generation_demo(lieux, client):
    assert demo.generer(30, seed=11) == 30
    return {"lieux", "comptes", "ouvertures"}


ECRIVAINS = [save_creation, save_horaires, save_statut, save_point, save_services, update_statut, update_horaires,
             update_localisation, update_services, update_code_postal, bulk_create, bulk_update, delete,
             delete_queryset, sql_brut, admin_archiver, admin_reactiver, admin_formulaire, import_creation,
             import_archivage, chargement_massif, generation_demo, reprise_valeur_des_sources, declaration]


@pytest.mark.usefixtures("media")
@pytest.mark.parametrize("ecrivain", ECRIVAINS, ids=lambda f: f.__name__)
def test_chaque_ecriture_garde_chaque_projection_exacte(lieux, admin_client, tmp_path, ecrivain):
    if hasattr(ecrivain, "preparation"):
        ecrivain.preparation(lieux, tmp_path)
    assert projections.ecarts() == {}
    avant = etat()
    arguments = (lieux, admin_client, tmp_path) if ecrivain.__name__.startswith("import_") else (lieux, admin_client)
    changees = ecrivain(*arguments)
    apres = etat()
    assert {nom for nom in avant if avant[nom] != apres[nom]} >= changees  # the write did change those
    assert projections.ecarts() == {}


# --- what is not kept at once, and the trigger itself --------------------------------------------------------------


def test_des_horaires_ecrits_en_sql_sans_analyse_sont_rattrapes_par_la_commande(lieux):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE lieux_lieu SET horaires = 'Tu 10:00-11:29' WHERE uid = %s", [lieux["a"].pk])
    assert Ouverture.objects.get(lieu=lieux["a"]).etat == Ouverture.Etat.A_ANALYSER
    assert "ouvertures" in projections.ecarts()  # the oracle reports the rows waiting for their analysis
    call_command("refresh_ouvertures", "--perimees", verbosity=0)
    assert Ouverture.objects.get(lieu=lieux["a"]).etat == Ouverture.Etat.RENSEIGNES
    assert projections.ecarts() == {}


def test_l_oracle_voit_une_projection_fausse(lieux):
    with connection.cursor() as cursor:  # a projection changed behind the triggers' back
        cursor.execute("UPDATE lieux_ouverture SET actif = NOT actif WHERE lieu_id = %s", [lieux["b"].pk])
        cursor.execute("UPDATE lieux_comptecarte SET n = n + 1 WHERE id = (SELECT min(id) FROM lieux_comptecarte)")
    assert set(projections.ecarts()) == {"ouvertures", "comptes"}
    assert projections.ecarts([lieux["b"].pk])["ouvertures"] == [(lieux["b"].pk, False)]


def test_archiver_dans_l_admin_retire_le_lieu_de_l_orientation_aussitot(lieux, admin_client):
    orientation = Orientation.lire(QueryDict("latitude=47.4739&longitude=-0.5536"))

    def trouves():
        return set(resultats_orientation(orientation, dt.datetime(2026, 1, 13, 9, 30, tzinfo=dt.UTC))
                   .filter(lieu__in=lieux.values()).values_list("lieu_id", flat=True))

    assert trouves() == {lieu.pk for lieu in lieux.values()}
    admin_client.post(CHANGELIST, {"action": "archiver", ACTION_CHECKBOX_NAME: [lieux["a"].pk]})
    assert trouves() == {lieux["b"].pk, lieux["c"].pk}
    assert Ouverture.objects.get(lieu=lieux["a"]).actif is False
    admin_client.post(CHANGELIST, {"action": "reactiver", ACTION_CHECKBOX_NAME: [lieux["a"].pk]})
    assert trouves() == {lieu.pk for lieu in lieux.values()}


def test_la_fonction_du_declencheur_installee_est_ce_code(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [maintien_ouvertures.FONCTION])
        (installee,) = cursor.fetchone()
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'lieux_lieu'::regclass AND tgname LIKE %s",
                       ["lieux_ouverture_%"])
        declencheurs = {nom for (nom,) in cursor.fetchall()}
    assert installee.strip() == maintien_ouvertures.sql_fonction().split("$corps$")[1].strip()
    assert declencheurs == set(maintien_ouvertures.DECLENCHEURS)
