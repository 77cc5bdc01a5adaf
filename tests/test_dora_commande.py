"""`manage.py sync_dora`, the admin page « Synchroniser DORA » and the scheduled background task."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from imports.dora.tasks import synchroniser_dora
from imports.models import ImportRun
from lieux.models import Lieu
from tests.outils_dora import JETON, FauxDataInclusion, Reponse, jeu, service, structure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media"), pytest.mark.reseau_local]


@pytest.fixture
def faux(settings):
    structures, services = jeu(3)
    with FauxDataInclusion(structures, services) as serveur:
        settings.DATA_INCLUSION_API_URL = serveur.url
        settings.DATA_INCLUSION_API_TOKEN = JETON
        yield serveur


def lieux_dora():
    return Lieu.objects.filter(provenances__source="dora")


def runs_dora():
    return ImportRun.objects.filter(source__nom="dora")


def commande(*args):
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command("sync_dora", *args, stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


# --- command -------------------------------------------------------------------------------------------------


def test_essai_a_blanc_puis_synchronisation(faux, tmp_path):
    rapport = tmp_path / "rapport.csv"
    sortie, erreurs = commande("--dry-run", "--report", str(rapport))
    assert "(dora) : analysé, prêt à appliquer." in sortie
    assert "3 enregistrements lus : 3 à créer, 0 à mettre à jour, 0 inchangés, 0 rejetés" in sortie
    assert "[information] data·inclusion : 3 services et 4 structures reçus" in sortie
    assert "] 100% — 3 lignes" in erreurs and lieux_dora().count() == 0
    lignes_du_rapport = list(csv.reader(io.StringIO(rapport.read_text(encoding="utf-8-sig"))))
    assert lignes_du_rapport[0][:3] == ["ligne", "identifiant", "statut"] and len(lignes_du_rapport) == 1 + 3
    sortie, _ = commande()
    assert "(dora) : appliqué." in sortie and "3 créés" in sortie and lieux_dora().count() == 3


def test_since(faux):
    commande()
    faux.structures[0] = structure(1, code_insee="35238", date_maj="2025-08-01", nom="Espace renommé")
    sortie, _ = commande("--since", "2025-08-01")
    assert "1 enregistrements lus : 0 créés, 1 mis à jour" in sortie and "0 archivés" in sortie
    assert runs_dora().latest("cree_le").partiel
    with pytest.raises(CommandError, match="n'est pas une date"):
        commande("--since", "hier")


def test_echec_message_francais_et_code_de_sortie(faux):
    faux.force("services", Reponse(401, {"detail": "Not authenticated"}))
    with pytest.raises(CommandError) as erreur:
        commande()
    assert erreur.value.returncode == 1
    assert "échec" in str(erreur.value) and "HTTP 401" in str(erreur.value)
    assert lieux_dora().count() == 0


def test_fichiers_open_data(tmp_path):
    structures, services = jeu(2)
    (tmp_path / "services.json").write_text(json.dumps(services), encoding="utf-8")
    (tmp_path / "structures.json").write_text(json.dumps(structures), encoding="utf-8")
    sortie, _ = commande("--services", str(tmp_path / "services.json"), "--structures", str(tmp_path / "structures.json"))
    assert "2 créés" in sortie and "1 services DORA sans thématique numérique ignorés." in sortie
    with pytest.raises(CommandError, match="--structures va avec --services"):
        commande("--structures", str(tmp_path / "structures.json"))


def test_confier_au_worker(faux):
    sortie, _ = commande("--enqueue", "--dry-run")
    assert "confiée au worker de tâches" in sortie
    run = runs_dora().get()  # the immediate backend of the tests ran it already
    assert run.statut == ImportRun.Statut.ANALYSE and run.essai and run.crees == 3
    with pytest.raises(CommandError, match="--enqueue synchronise depuis l'API"):
        commande("--enqueue", "--services", "services.json")


# --- admin ---------------------------------------------------------------------------------------------------


def test_admin_bouton_formulaire_et_suivi(faux, admin_client):
    liste = admin_client.get(reverse("admin:imports_importrun_changelist"))
    page = reverse("admin:imports_importrun_synchroniser_dora")
    assert f'href="{page}"' in liste.content.decode() and "Importer un fichier" in liste.content.decode()
    formulaire = admin_client.get(page)
    assert formulaire.status_code == 200 and "data·inclusion" in formulaire.content.decode()
    assert 'name="essai" aria-describedby="id_essai_helptext" id="id_essai" checked' in formulaire.content.decode()
    reponse = admin_client.post(page, {"essai": "on"})
    run = runs_dora().get()
    assert reponse.status_code == 302 and reponse.url == reverse("admin:imports_importrun_suivi", args=[run.pk])
    assert run.statut == ImportRun.Statut.ANALYSE and run.utilisateur.is_superuser and run.tache  # immediate backend
    suivi = admin_client.get(reponse.url).content.decode()
    assert "3 services numériques DORA, rattachés à 3 lieux" in suivi and 'value="Appliquer l\'import"' in suivi
    admin_client.post(reverse("admin:imports_importrun_appliquer", args=[run.pk]))
    assert lieux_dora().count() == 3


def test_admin_depuis_une_date_et_jeton_absent(faux, admin_client, settings):
    settings.DATA_INCLUSION_API_TOKEN = ""
    page = reverse("admin:imports_importrun_synchroniser_dora")
    assert "Aucun jeton data·inclusion" in admin_client.get(page).content.decode()
    refuse = admin_client.post(page, {"depuis": "bientôt"})
    assert refuse.status_code == 200 and 'id="id_depuis_erreurs"' in refuse.content.decode()
    assert not runs_dora().exists()
    admin_client.post(page, {"depuis": "2025-01-01"})
    run = runs_dora().get()
    assert run.partiel and run.statut == ImportRun.Statut.ECHOUE and "Aucun jeton" in run.erreur


def test_admin_reserve_a_qui_peut_importer(client, django_user_model):
    utilisateur = django_user_model.objects.create_user("lecteur", password="x", is_staff=True)
    client.force_login(utilisateur)
    assert client.get(reverse("admin:imports_importrun_synchroniser_dora")).status_code == 403


# --- background task (the schedule) -----------------------------------------------------------------------------


def test_tache_programmee(faux):
    resultat = synchroniser_dora.enqueue()
    assert resultat.return_value == "applique"
    run = runs_dora().get()
    assert run.url.startswith(faux.url) and run.crees == 3 and not run.partiel
    faux.services.append(service(4, 3, date_maj="2025-09-09"))
    resultat = synchroniser_dora.enqueue(depuis="2025-09-01")
    assert resultat.return_value == "applique"
    dernier = runs_dora().latest("cree_le")
    assert dernier.partiel and (dernier.lignes_lues, dernier.modifies) == (1, 1)
