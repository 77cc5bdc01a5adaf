"""The history of a lieu (lieux/historique.py over the triggers of lieux/models/historique.py): an import, then a
coordinator's edit, then a revert, each a step with its origin and each field's before and after; a re-import that
changes nothing writes nothing; everything one account did can be undone."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection

from lieux import historique
from lieux.historique_contexte import Genre, contexte
from lieux.models import Lieu, LieuEvenement
from lieux.modifications import modifier_lieu
from tests.factories import creer_lieu
from tests.outils_import import fichier, importe, lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]

HORAIRES = "Mo-Fr 09:00-12:00"


def evenements(lieu_):
    return list(LieuEvenement.objects.filter(pgh_obj_id=lieu_.pk).order_by("pgh_id"))


def lieu_importe(tmp_path, source="hub-histoire", **valeurs):
    run = importe(fichier(tmp_path, [lieu(1, horaires=HORAIRES, **valeurs)]), source)
    assert run.statut == "applique", run.erreur
    return run, Lieu.objects.get(provenances__source=source)


def test_import_puis_coordinatrice_puis_retour(tmp_path):
    run, le_lieu = lieu_importe(tmp_path)
    coordinatrice = User.objects.create_user("claire", is_staff=True)
    modifies = modifier_lieu(le_lieu, {"horaires": "Mo-Sa 10:00-18:00", "telephone": "+33241000000"},
                             par=coordinatrice, origine="modification dans l'espace des coordinateurs")
    assert sorted(modifies) == ["horaires", "telephone"]

    creation, edition = historique.etapes(le_lieu)
    assert creation.nature == "Création du lieu" and creation.genre == Genre.IMPORT
    assert creation.origine == f"import n° {run.pk} (source hub-histoire)"
    assert creation.auteur_public == "l'import de la source hub-histoire"
    assert {c.champ: c.apres for c in creation.changements}["nom"] == "Lieu 1"
    assert not creation.reversible
    assert edition.origine == "modification dans l'espace des coordinateurs" and edition.compte_id == coordinatrice.pk
    assert edition.auteur_public == "un coordinateur ou une coordinatrice du territoire"
    assert [(c.libelle, c.avant_affiche, c.apres_affiche) for c in edition.changements] == [
        ("Téléphone", "—", "+33241000000"), ("Horaires", HORAIRES, "Mo-Sa 10:00-18:00")]

    responsable = User.objects.create_user("responsable", is_staff=True)
    bilan = historique.revenir(edition.evenement, par=responsable)
    assert sorted(bilan.restaures) == ["horaires", "telephone"] and bilan.ignores == []
    le_lieu.refresh_from_db()
    assert (le_lieu.horaires, le_lieu.telephone) == (HORAIRES, "")

    retour = historique.etapes(le_lieu)[-1]
    assert retour.origine.startswith("retour sur la modification du ")
    assert retour.origine.endswith("(modification dans l'espace des coordinateurs)")
    assert retour.compte_id == responsable.pk and retour.genre == Genre.RETOUR
    assert {c.champ: (c.avant, c.apres) for c in retour.changements} == {
        "horaires": ("Mo-Sa 10:00-18:00", HORAIRES), "telephone": ("+33241000000", "")}
    assert historique.derniere_mise_a_jour(le_lieu)["par"] == "un coordinateur ou une coordinatrice du territoire"


def test_reimport_inchange_n_ecrit_aucun_evenement(tmp_path):
    _, le_lieu = lieu_importe(tmp_path)
    avant = len(evenements(le_lieu))
    run = importe(fichier(tmp_path, [lieu(1, horaires=HORAIRES)]), "hub-histoire")
    assert run.statut == "applique"
    assert len(evenements(le_lieu)) == avant == 1
    # the same row rewritten by SQL (bookkeeping only: modifie_le, lignee) records nothing either
    with connection.cursor() as cursor:
        cursor.execute("update lieux_lieu set modifie_le = now(), lignee = '{}'::jsonb, nom = nom where uid = %s",
                       [le_lieu.pk])
    assert len(evenements(le_lieu)) == 1


def test_un_import_qui_change_un_champ_est_une_etape(tmp_path):
    _, le_lieu = lieu_importe(tmp_path)
    run = importe(fichier(tmp_path, [lieu(1, horaires="Mo 14:00-17:00", date_maj="2024-05-01")]), "hub-histoire")
    derniere = historique.etapes(le_lieu)[-1]
    assert derniere.origine == f"import n° {run.pk} (source hub-histoire)"
    assert {c.champ: (c.avant_affiche, c.apres_affiche) for c in derniere.changements} == {
        "horaires": (HORAIRES, "Mo 14:00-17:00"), "date_maj": ("2 avril 2024", "1 mai 2024")}


def test_un_champ_modifie_depuis_n_est_pas_ecrase(tmp_path):
    _, le_lieu = lieu_importe(tmp_path)
    paul, claire = (User.objects.create_user(nom, is_staff=True) for nom in ("paul", "claire"))
    modifier_lieu(le_lieu, {"horaires": "Mo 08:00-09:00", "nom": "Lieu un"}, par=paul, origine="")
    edition = historique.etapes(le_lieu)[-1]
    modifier_lieu(le_lieu, {"horaires": "Tu 10:00-11:00"}, par=claire, origine="contribution n° 7")
    bilan = historique.revenir(edition.evenement, par=claire)
    assert bilan.restaures == ["nom"] and bilan.ignores == [("horaires", "modifié depuis")]
    le_lieu.refresh_from_db()
    assert (le_lieu.nom, le_lieu.horaires) == ("Lieu 1", "Tu 10:00-11:00")
    assert str(bilan) == "valeur précédente rendue à : Nom du lieu — laissé tel quel : Horaires (modifié depuis)"


def test_la_creation_ne_se_defait_pas(tmp_path):
    _, le_lieu = lieu_importe(tmp_path)
    with pytest.raises(historique.RetourImpossible, match="pas sa création"):
        historique.revenir(evenements(le_lieu)[0], par=None)


def test_revenir_sur_tout_ce_qu_un_compte_a_fait():
    un, deux = creer_lieu(horaires="Mo 09:00-10:00"), creer_lieu(telephone="+33241000001")
    autre_lieu = creer_lieu(nom="Pas touché")
    indelicat = User.objects.create_user("indelicat", is_staff=True)
    collegue = User.objects.create_user("collegue", is_staff=True)
    modifier_lieu(un, {"horaires": "Mo 20:00-21:00"}, par=indelicat, origine="")
    modifier_lieu(un, {"horaires": "Mo 22:00-23:00", "adresse": "1 place du Ralliement"}, par=indelicat, origine="")
    modifier_lieu(deux, {"telephone": "+33600000000", "nom": "Nom faux"}, par=indelicat, origine="")
    modifier_lieu(deux, {"nom": "Nom corrigé par une collègue"}, par=collegue, origine="")
    modifier_lieu(autre_lieu, {"nom": "Renommé par la collègue"}, par=collegue, origine="")

    national = User.objects.create_superuser("nationale")
    bilans = historique.revenir_compte(indelicat, par=national)
    assert set(bilans) == {un.pk, deux.pk}
    un.refresh_from_db(), deux.refresh_from_db(), autre_lieu.refresh_from_db()
    assert un.horaires == "Mo 09:00-10:00" and un.adresse == "49 rue Toussaint"  # before its first change
    assert deux.telephone == "+33241000001"
    assert deux.nom == "Nom corrigé par une collègue" and bilans[deux.pk].ignores == [("nom", "modifié depuis")]
    assert autre_lieu.nom == "Renommé par la collègue"
    retour = historique.etapes(un)[-1]
    assert retour.origine == "retour sur les modifications du compte « indelicat »" and retour.compte_id == national.pk


def test_deux_contextes_dans_une_requete_restent_distincts():
    un, deux = creer_lieu(), creer_lieu()
    coordinatrice = User.objects.create_user("anne", is_staff=True)
    with contexte("modification dans l'espace des coordinateurs", par=coordinatrice):  # as the middleware does
        modifier_lieu(un, {"nom": "Premier"}, par=coordinatrice, origine="contribution n° 12")
        modifier_lieu(deux, {"nom": "Second"}, par=coordinatrice, origine="contribution n° 13")
        Lieu.objects.filter(pk=un.pk).update(telephone="+33241000002")
    origines = [historique.etapes(x)[-1].origine for x in (deux,)] + [e.origine for e in historique.etapes(un)[-2:]]
    assert origines == ["contribution n° 13", "contribution n° 12", "modification dans l'espace des coordinateurs"]
    assert historique.etapes(un)[-2].auteur_public == "une contribution acceptée"


def test_phrase_publique_selon_l_auteur():
    le_lieu = creer_lieu()
    assert historique.derniere_mise_a_jour(le_lieu) is None  # written without any context: technical
    modifier_lieu(le_lieu, {"nom": "Par le lieu"}, par=None, origine="modification par le gestionnaire du lieu")
    resume = historique.derniere_mise_a_jour(le_lieu)
    assert resume["par"] == "le lieu lui-même" and isinstance(resume["le"], dt.date)
    modifier_lieu(le_lieu, {"nom": "Par une contribution"}, origine="contribution n° 4")
    assert historique.derniere_mise_a_jour(le_lieu)["par"] == "une contribution acceptée"


def test_statut_et_position_suivis_et_restaures():
    le_lieu = creer_lieu()
    coordinateur = User.objects.create_user("marc", is_staff=True)
    with contexte("modification dans l'espace des coordinateurs", par=coordinateur):
        Lieu.objects.filter(pk=le_lieu.pk).update(statut="archive")
    le_lieu.refresh_from_db()
    modifier_lieu(le_lieu, {"latitude": 47.5, "longitude": -0.55}, par=coordinateur, origine="")
    archivage, deplacement = historique.etapes(le_lieu)[-2:]
    assert [(c.libelle, c.avant_affiche, c.apres_affiche) for c in archivage.changements] == [
        ("Statut", "actif", "archivé")]
    assert [(c.libelle, c.apres_affiche) for c in deplacement.changements] == [
        ("Position (latitude, longitude)", "47,500000 ; -0,550000")]
    historique.revenir(archivage.evenement, par=coordinateur)
    historique.revenir(deplacement.evenement, par=coordinateur)
    le_lieu.refresh_from_db()
    assert le_lieu.statut == "actif" and (round(le_lieu.latitude, 4), round(le_lieu.longitude, 4)) == (47.4739, -0.5536)


def test_purge_garde_un_etat_par_lieu():
    le_lieu = creer_lieu(nom="Ancien nom")
    claire = User.objects.create_user("claire-purge", is_staff=True)
    modifier_lieu(le_lieu, {"nom": "Nom de 2024"}, par=claire, origine="")
    modifier_lieu(le_lieu, {"nom": "Nom de 2025"}, par=claire, origine="")
    modifier_lieu(le_lieu, {"nom": "Nom de 2026"}, par=claire, origine="contribution n° 3")
    ids = [e.pk for e in evenements(le_lieu)]
    anciennes = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    LieuEvenement.objects.filter(pk__in=ids[:3]).update(pgh_created_at=anciennes)
    supprimes = historique.purger(jours=730, maintenant=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    assert supprimes == 2
    debut, derniere = historique.etapes(le_lieu)
    assert debut.evenement.pk == ids[2] and debut.nature == "État au début de l'historique"
    assert debut.compte_id is None and debut.changements == ()
    assert [(c.avant, c.apres) for c in derniere.changements] == [("Nom de 2025", "Nom de 2026")]
    assert historique.revenir_compte(claire, par=None)[le_lieu.pk].restaures == ["nom"]
    le_lieu.refresh_from_db()
    assert le_lieu.nom == "Nom de 2025"  # the steps folded away can no longer be reverted


def test_commande_purger_historique():
    from io import StringIO

    from django.core.management import call_command

    le_lieu, supprime = creer_lieu(), creer_lieu()
    modifier_lieu(supprime, {"nom": "Supprimé ensuite"}, origine="contribution n° 0")
    uid_supprime = supprime.pk
    supprime.delete()
    modifier_lieu(le_lieu, {"nom": "Un"}, origine="contribution n° 1")
    modifier_lieu(le_lieu, {"nom": "Deux"}, origine="contribution n° 2")
    LieuEvenement.objects.filter(pgh_obj_id__in=[le_lieu.pk, uid_supprime]).update(pgh_created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    from pghistory.models import Context

    Context.objects.filter(id__in=LieuEvenement.objects.filter(pgh_obj_id=le_lieu.pk).values("pgh_context_id")).update(
        created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert Context.objects.filter(metadata__origine="contribution n° 2").exists()
    sortie = StringIO()
    call_command("purger_historique", stdout=sortie)
    assert not Context.objects.filter(metadata__origine="contribution n° 2").exists()
    assert "Historique des lieux : 4 étape(s) de plus de 730 jours supprimée(s)." in sortie.getvalue()
    assert [e.pgh_label for e in evenements(le_lieu)] == ["etat_initial"]
    assert not LieuEvenement.objects.filter(pgh_obj_id=uid_supprime).exists()
    with pytest.raises(ValueError, match="au moins un jour"):
        historique.purger(jours=0)


def test_mise_a_jour_d_un_gestionnaire_invite():
    """The invited manager's update is accepted by the moderation inside a « gestionnaire » context
    (contributions/views.py): the inner origin « contribution-12 » stays, the page says « le lieu lui-même »."""
    from lieux.historique_contexte import GESTIONNAIRE

    le_lieu = creer_lieu()
    with contexte("modification par le gestionnaire du lieu (contribution n° 12)", genre=Genre.GESTIONNAIRE,
                  **{GESTIONNAIRE: True}):
        modifier_lieu(le_lieu, {"telephone": "+33241000005"}, par=None, origine="contribution-12")
    etape = historique.etapes(le_lieu)[-1]
    assert etape.origine == "contribution-12" and etape.genre == Genre.GESTIONNAIRE
    assert historique.derniere_mise_a_jour(le_lieu)["par"] == "le lieu lui-même"
    modifier_lieu(le_lieu, {"telephone": "+33241000006"}, origine="contribution-13")  # the flag did not leak
    assert historique.derniere_mise_a_jour(le_lieu)["par"] == "une contribution acceptée"
