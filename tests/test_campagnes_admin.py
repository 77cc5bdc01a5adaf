"""The campaigns in the coordinators' admin: starting one from the form with its preview, the dashboard whose
states add up to the number of envois (for the campaign, per département and EPCI), the CSV export (no address),
and the scopes: a coordinator of the Gironde neither sees nor starts a campaign on the Maine-et-Loire's lieux."""

import csv
import io

import pytest
from django.core import mail
from django.utils import timezone

from campagnes import desinscriptions, lancement, reponses, tableau
from campagnes.lancement import Demande
from campagnes.models import Campagne, Envoi, Etat
from lieux.models import Lieu
from tests.factories import compte, creer_lieu

pytestmark = pytest.mark.django_db
DROITS = ("campagnes.add_campagne", "campagnes.view_campagne", "campagnes.change_campagne")


@pytest.fixture
def lieux_49_33(geographie, ardoise_propre):
    return {
        "angers": creer_lieu(nom="Médiathèque d'Angers", courriels=["angers@exemple.fr"]),
        "angers2": creer_lieu(nom="Centre social d'Angers", courriels=["centre@exemple.fr"]),
        "saumur": creer_lieu(nom="EPN de Saumur", code_insee="49328", commune="Saumur",
                             courriels=["saumur@exemple.fr"]),
        "cholet": creer_lieu(nom="Espace de Cholet", code_insee="49099", commune="Cholet",
                             courriels=["cholet@exemple.fr"]),
        "segre": creer_lieu(nom="Lieu de Segré", code_insee="49331", commune="Segré-en-Anjou Bleu",
                            courriels=["segre@exemple.fr"]),
        "archive": creer_lieu(nom="Lieu archivé", courriels=["archive@exemple.fr"], statut=Lieu.Statut.ARCHIVE),
        "bordeaux": creer_lieu(nom="Tiers-lieu de Bordeaux", code_insee="33063", commune="Bordeaux",
                               courriels=["bordeaux@exemple.fr"]),
    }


def _formulaire(action, **valeurs):
    return {"nom": "Automne", "departements": "", "epcis": "", "communes": "", "source": "", "typologie": "",
            "delai_relance_jours": "14", "duree_jours": "60", "action": action, **valeurs}


def test_l_apercu_puis_le_lancement_depuis_l_admin(client, lieux_49_33, django_capture_on_commit_callbacks):
    compte(client, "coord-49", *DROITS, departements=["49"])
    page = client.get("/admin/campagnes/campagne/add/")
    assert page.status_code == 200
    assert "Lancer une campagne" in page.content.decode() and "Maine-et-Loire" in page.content.decode()

    apercu = client.post("/admin/campagnes/campagne/add/", _formulaire("apercu"))
    assert "Cette campagne atteindra 5 lieux" in apercu.content.decode()
    assert not Campagne.objects.exists() and not mail.outbox
    filtre = client.post("/admin/campagnes/campagne/add/", _formulaire("apercu", communes="49328, 49099"))
    assert "Cette campagne atteindra 2 lieux" in filtre.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        lance = client.post("/admin/campagnes/campagne/add/", _formulaire("lancer"))
    campagne = Campagne.objects.get()
    assert lance.status_code == 302 and lance["Location"].endswith(f"/admin/campagnes/campagne/{campagne.pk}/change/")
    assert campagne.envois.count() == 5 and len(mail.outbox) == 5
    assert campagne.delai_relance_jours == 14 and campagne.confiance is False

    tableau_de_bord = client.get(lance["Location"]).content.decode()
    assert "5 sur 5" in tableau_de_bord  # messages out
    assert "Maine-et-Loire (49)" in tableau_de_bord and "Par EPCI" in tableau_de_bord
    assert "{{" not in tableau_de_bord and "{%" not in tableau_de_bord


def test_le_formulaire_dit_ce_qui_ne_va_pas(client, lieux_49_33):
    compte(client, "coord-49b", *DROITS, departements=["49"])
    vide = client.post("/admin/campagnes/campagne/add/", _formulaire("lancer", nom="", delai_relance_jours="90",
                                                                      duree_jours="30"))
    texte = vide.content.decode()
    assert "La campagne n&#x27;est pas lancée" in texte or "La campagne n'est pas lancée" in texte
    assert "La relance doit partir avant la fin de validité des liens." in texte
    assert 'href="#id_nom"' in texte
    assert not Campagne.objects.exists()


def test_les_comptes_du_tableau_s_additionnent(lieux_49_33, django_capture_on_commit_callbacks, client):
    utilisateur = compte(client, "coord-49c", *DROITS, departements=["49"])
    with django_capture_on_commit_callbacks(execute=True):
        campagne = lancement.lancer(utilisateur, Demande(nom="Comptes"))
    envois = {e.lieu.nom: e for e in campagne.envois.select_related("lieu", "campagne")}
    reponses.repondre(envois["Médiathèque d'Angers"], Envoi.Reponse.CONFIRME)
    reponses.repondre(envois["EPN de Saumur"], Envoi.Reponse.FERME)
    reponses.repondre(envois["Centre social d'Angers"], Envoi.Reponse.MIS_A_JOUR)
    reponses.ouvrir(envois["Espace de Cholet"])
    desinscriptions.desinscrire("segre@exemple.fr")

    comptes = tableau.comptes(campagne, utilisateur)
    total = comptes["total"]
    assert total["total"] == campagne.envois.count() == sum(total["comptes"]) == 5
    assert total["etats"] == {Etat.CONFIRME: 1, Etat.FERME: 1, Etat.MIS_A_JOUR: 1, Etat.OUVERT: 1, Etat.DESINSCRIT: 1}
    assert total["envoyes"] == 5
    assert [(l["code"], l["total"]) for l in comptes["departements"]] == [("49", 5)]
    assert sum(l["total"] for l in comptes["epcis"]) == 5
    assert all(l["total"] == sum(l["comptes"]) for l in comptes["epcis"])

    export = client.get(f"/admin/campagnes/campagne/{campagne.pk}/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    lignes = list(csv.reader(io.StringIO(export.content.decode()), delimiter=";"))
    assert lignes[0][:7] == ["lieu", "nom", "commune", "code_insee", "departement", "epci", "statut"]
    assert len(lignes) == 6
    par_nom = {l[1]: l for l in lignes[1:]}
    assert par_nom["EPN de Saumur"][6] == "n'existe plus"
    assert par_nom["Médiathèque d'Angers"][9].startswith(f"{timezone.localdate():%Y-%m-%d}")
    assert "@" not in export.content.decode()  # no address in the export


def test_un_coordinateur_de_la_gironde_ne_voit_ni_ne_lance_rien_dans_le_49(
        client, lieux_49_33, django_capture_on_commit_callbacks):
    from django.test import Client

    anjou = Client()
    coord_49 = compte(anjou, "coord-49d", *DROITS, departements=["49"])
    with django_capture_on_commit_callbacks(execute=True):
        campagne_49 = lancement.lancer(coord_49, Demande(nom="Anjou"))

    compte(client, "coord-33", *DROITS, departements=["33"])
    liste = client.get("/admin/campagnes/campagne/").content.decode()
    assert "Anjou" not in liste
    assert client.get(f"/admin/campagnes/campagne/{campagne_49.pk}/change/").status_code == 404
    assert client.get(f"/admin/campagnes/campagne/{campagne_49.pk}/export.csv").status_code == 404

    refus = client.post("/admin/campagnes/campagne/add/", _formulaire("lancer", departements="49"))
    assert "Aucun lieu de votre territoire ne correspond" in refus.content.decode()
    assert Campagne.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/campagnes/campagne/add/", _formulaire("lancer", nom="Gironde"))
    gironde = Campagne.objects.get(nom="Gironde")
    assert list(gironde.envois.values_list("lieu__nom", flat=True)) == ["Tiers-lieu de Bordeaux"]
    assert "Gironde" in client.get("/admin/campagnes/campagne/").content.decode()
    assert "Gironde" not in anjou.get("/admin/campagnes/campagne/").content.decode()

    national = Client()
    compte(national, "national", *DROITS)
    assert "Anjou" in national.get("/admin/campagnes/campagne/").content.decode()
    assert national.get(f"/admin/campagnes/campagne/{campagne_49.pk}/change/").status_code == 200


def test_sans_droit_pas_de_campagne(client, lieux_49_33):
    compte(client, "sans-droit", "campagnes.view_campagne", departements=["49"])
    assert client.get("/admin/campagnes/campagne/add/").status_code == 403
