"""Imports whose worker disappeared (imports/reprise.py): failed with a French reason, staging rows dropped,
retried from the admin and the command line; a stale analysis loses its staged values; the normalising child
process dies with its parent."""

import datetime as dt
import multiprocessing
import os
import signal
import time
import uuid

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from imports.models import ImportRun
from imports.purge import purger
from imports.reprise import orphelins
from taches.signaux import taches_interrompues
from taches.travailleur import RAISON_DISPARU
from tests import processus_enfants
from tests.outils_import import importe  # noqa: F401
from tests.factories import coordinateur
from tests.outils_import import fichier, lieu, lieux

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]


def _coince(run, statut, tache="une-tache"):
    ImportRun.objects.filter(pk=run.pk).update(statut=statut, tache=tache, etape="application demandée")
    run.refresh_from_db()
    return run


def test_un_travailleur_disparu_fait_echouer_son_import_qui_se_relance(tmp_path, admin_client):
    run = importe(fichier(tmp_path, [lieu(1), lieu(2)]), "hub", appliquer=False)
    assert run.lignes.count() == 2
    _coince(run, ImportRun.Statut.APPLICATION_EN_COURS)
    # before: the admin refused to apply it again and it stayed « application en cours » for good
    taches_interrompues.send(sender=None, ids=["une-tache"], raison=RAISON_DISPARU)
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.ECHOUE
    assert run.erreur.startswith("Import interrompu : Le travailleur qui exécutait cette tâche s'est arrêté")
    assert "Rien n'a été écrit" in run.erreur and "relancer" in run.erreur
    assert run.lignes.count() == 0 and lieux("hub").count() == 0  # staging rows purged, nothing written
    page = admin_client.get(reverse("admin:imports_importrun_suivi", args=[run.pk])).content.decode()
    assert 'id="relancer"' in page and "Relancer l'analyse de ce fichier" in page
    reponse = admin_client.post(reverse("admin:imports_importrun_relancer", args=[run.pk]))
    assert reponse.status_code == 302
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.ANALYSE and run.lignes.count() == 2 and run.erreur == ""
    assert run.applicable


def test_relance_en_ligne_de_commande(tmp_path, capsys):
    run = importe(fichier(tmp_path, [lieu(1)]), "hub", appliquer=False)
    with pytest.raises(CommandError, match="seul un import en échec se relance"):
        call_command("relancer_import", str(run.pk))
    _coince(run, ImportRun.Statut.ANALYSE_EN_COURS, tache="t-2")
    taches_interrompues.send(sender=None, ids=["t-2"], raison="La connexion à la base de données a été perdue.")
    call_command("relancer_import", str(run.pk))
    assert f"Import n° {run.pk} relancé" in capsys.readouterr().out
    assert ImportRun.objects.get(pk=run.pk).statut == ImportRun.Statut.ANALYSE
    with pytest.raises(CommandError, match="Aucun import n° 999999"):
        call_command("relancer_import", "999999")


def test_relancer_demande_le_droit_d_importer(tmp_path, client):
    run = importe(fichier(tmp_path, [lieu(1)]), "hub", appliquer=False)
    _coince(run, ImportRun.Statut.ECHOUE)
    lecteur = User.objects.create_user("lecteur", password="x", is_staff=True)
    lecteur.user_permissions.add(Permission.objects.get(codename="view_importrun"))
    coordinateur(lecteur, national=True)  # sees the run: only the right to act is missing
    client.force_login(lecteur)
    assert client.post(reverse("admin:imports_importrun_relancer", args=[run.pk])).status_code == 403
    assert 'id="relancer"' not in client.get(reverse("admin:imports_importrun_suivi", args=[run.pk])).content.decode()
    assert ImportRun.objects.get(pk=run.pk).statut == ImportRun.Statut.ECHOUE


def test_les_imports_orphelins_sont_detectes(tmp_path):
    run = importe(fichier(tmp_path, [lieu(1)]), "hub", appliquer=False)
    finie = DBTaskResult.objects.create(id=uuid.uuid4(), args_kwargs={"args": [], "kwargs": {}}, status="FAILED",
                                        task_path="imports.tasks.analyser_import", run_after=timezone.now(),
                                        backend_name="default")
    _coince(run, ImportRun.Statut.ANALYSE_EN_COURS, tache=str(finie.pk))
    assert orphelins() == 0  # too recent: its queue may still start
    ImportRun.objects.filter(pk=run.pk).update(cree_le=timezone.now() - dt.timedelta(hours=1))
    assert orphelins() == 1
    assert ImportRun.objects.get(pk=run.pk).erreur.endswith("Vous pouvez le relancer.")


def test_une_analyse_jamais_appliquee_perd_ses_valeurs_apres_deux_semaines(tmp_path):
    essai = importe(fichier(tmp_path, [lieu(1), lieu(2)]), "hub", appliquer=False)
    assert purger().valeurs_videes == 0 and essai.lignes.filter(valeurs__isnull=False).count() == 2
    ImportRun.objects.filter(pk=essai.pk).update(cree_le=timezone.now() - dt.timedelta(days=15))
    assert purger().valeurs_videes == 2
    essai.refresh_from_db()
    assert not essai.applicable and essai.lignes.count() == 2  # the report stays readable


def test_le_processus_de_lecture_meurt_avec_son_parent():
    contexte = multiprocessing.get_context("spawn")
    file = contexte.Queue()
    parent = contexte.Process(target=processus_enfants.parent, args=(file,))
    parent.start()
    pid_enfant = file.get(timeout=60)
    os.kill(parent.pid, signal.SIGKILL)  # a worker killed in the middle of an analysis
    parent.join(timeout=10)
    for _ in range(100):
        try:
            os.kill(pid_enfant, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid_enfant, signal.SIGKILL)
        pytest.fail("le processus de lecture a survécu à son parent")
