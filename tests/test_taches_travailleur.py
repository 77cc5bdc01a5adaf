"""The background worker survives faults (taches/): a database that drops its connections, a worker killed in the
middle of a task; /sante/ tells when no worker is alive.

The fault tests run a real `manage.py travailleur` process on the test database and cut its connections with
pg_terminate_backend — what a PostgreSQL restart does to every client — or kill it with SIGKILL.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from taches.models import Travailleur
from taches.signaux import taches_interrompues
from taches.travailleur import RAISON_DISPARU, faucher
from tests.proxy_tcp import RelaisTCP

RACINE = Path(__file__).resolve().parent.parent


def mettre_en_file(valeur: str, secondes: float = 0) -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(), args_kwargs={"args": [valeur], "kwargs": {"secondes": secondes}}, priority=0,
        task_path="taches.tasks.sonde", queue_name="default", run_after=timezone.now(), backend_name="default")


def attendre(condition, delai: float = 30):
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        resultat = condition()
        if resultat:
            return resultat
        time.sleep(0.2)
    return condition()


@pytest.mark.django_db
def test_faucher_echoue_les_taches_d_un_travailleur_disparu():
    disparu = Travailleur.objects.create(identifiant="disparu-1", hote="h", pid=1,
                                         battu_le=timezone.now() - dt.timedelta(minutes=5))
    vivant = Travailleur.objects.create(identifiant="vivant-1", hote="h", pid=2)
    orpheline = mettre_en_file("orpheline")
    DBTaskResult.objects.filter(pk=orpheline.pk).update(status="RUNNING", worker_ids=["disparu-1"])
    suivie = mettre_en_file("suivie")
    DBTaskResult.objects.filter(pk=suivie.pk).update(status="RUNNING", worker_ids=["vivant-1"])
    recus = []

    def recepteur(sender, ids, raison, **kw):
        recus.append((ids, raison))

    taches_interrompues.connect(recepteur)
    try:
        assert faucher() == [str(orpheline.pk)]
    finally:
        taches_interrompues.disconnect(recepteur)
    orpheline.refresh_from_db()
    assert orpheline.status == "FAILED" and orpheline.traceback == RAISON_DISPARU
    assert DBTaskResult.objects.get(pk=suivie.pk).status == "RUNNING"
    assert recus == [([str(orpheline.pk)], RAISON_DISPARU)]
    disparu.refresh_from_db()
    vivant.refresh_from_db()
    assert disparu.arrete_le is not None and vivant.arrete_le is None
    assert faucher() == []  # once only


@pytest.mark.django_db
def test_sante_503_quand_aucun_travailleur_ne_bat(client, settings):
    settings.TRAVAILLEUR_REQUIS = True
    Travailleur.objects.all().delete()
    mettre_en_file("en attente")
    reponse = client.get("/sante/")
    assert reponse.status_code == 503
    corps = reponse.json()
    assert corps["erreur"].startswith("Aucun travailleur de tâches de fond actif")
    assert corps["taches"]["travailleurs_actifs"] == 0 and corps["taches"]["taches_en_attente"] >= 1
    Travailleur.objects.create(identifiant="frais", hote="h", pid=3)
    reponse = client.get("/sante/")
    assert reponse.status_code == 200 and reponse.json()["taches"]["travailleurs_actifs"] == 1
    Travailleur.objects.filter(pk="frais").update(battu_le=timezone.now() - dt.timedelta(minutes=2))
    assert client.get("/sante/").status_code == 503


# --- a real worker process ----------------------------------------------------------------------------------------


def _lancer(nom_appli: str, port=None, journal=subprocess.DEVNULL) -> subprocess.Popen:
    reglages = connection.settings_dict
    mot_de_passe = ":" + quote(reglages["PASSWORD"]) if reglages.get("PASSWORD") else ""
    url = (f"postgis://{reglages['USER']}{mot_de_passe}@{reglages['HOST']}:{port or reglages['PORT']}/"
           f"{reglages['NAME']}?application_name={nom_appli}")
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "DJANGO_SETTINGS_MODULE": "mediation.settings.base", "DATABASE_URL": url, "DEBUG": "False",
           "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "TACHES_BATTEMENT_S": "0.5",
           "TACHES_ABSENT_APRES_S": "3", "DATABASE_CONNECT_TIMEOUT": "2"}
    return subprocess.Popen([sys.executable, "manage.py", "travailleur", "--interval", "0.2", "--no-startup-delay",
                             "--worker-id", nom_appli], cwd=RACINE, env=env, stdout=journal,
                            stderr=subprocess.STDOUT, start_new_session=True)


@pytest.fixture
def base_partagee(django_db_blocker):
    """Committed rows (the worker reads them from its own connection), removed afterwards."""
    with django_db_blocker.unblock():
        yield
        DBTaskResult.objects.filter(task_path="taches.tasks.sonde").delete()
        Travailleur.objects.filter(identifiant__startswith="travailleur-test").delete()


def _statut(tache):
    return DBTaskResult.objects.values_list("status", flat=True).get(pk=tache.pk)


def test_le_travailleur_se_reconnecte_apres_une_coupure_de_la_base(base_partagee, tmp_path):
    reglages = connection.settings_dict
    relais = RelaisTCP(reglages["HOST"] or "127.0.0.1", reglages["PORT"])
    journal = open(tmp_path / "travailleur.log", "wb")
    processus = _lancer("travailleur-test-coupure", port=relais.port, journal=journal)
    try:
        assert attendre(lambda: Travailleur.objects.filter(identifiant="travailleur-test-coupure").exists())
        premiere = mettre_en_file("avant la coupure")
        assert attendre(lambda: _statut(premiere) == "SUCCESSFUL")
        relais.couper(secondes=4)  # what a PostgreSQL restart does to its clients: reset, refused, back
        seconde = mettre_en_file("après la coupure")
        assert attendre(lambda: _statut(seconde) == "SUCCESSFUL"), processus.poll()
        assert processus.poll() is None, (tmp_path / "travailleur.log").read_text()  # alive, not exited
        assert DBTaskResult.objects.get(pk=seconde.pk).return_value == "reçu : après la coupure"
        assert attendre(lambda: Travailleur.objects.get(identifiant="travailleur-test-coupure").reconnexions >= 1
                        or processus.poll() is not None)
    finally:
        processus.send_signal(signal.SIGTERM)
        processus.wait(timeout=20)
        relais.fermer()
        journal.close()
    # a clean stop says goodbye: /sante/ no longer counts it
    assert Travailleur.objects.get(identifiant="travailleur-test-coupure").arrete_le is not None


def test_une_tache_laissee_par_un_travailleur_tue_est_echouee_par_un_autre(base_partagee):
    tue = _lancer("travailleur-test-tue")
    try:
        longue = mettre_en_file("longue", secondes=30)
        assert attendre(lambda: _statut(longue) == "RUNNING")
    finally:
        os.killpg(tue.pid, signal.SIGKILL)
        tue.wait(timeout=10)
    assert _statut(longue) == "RUNNING"  # nobody said anything: stuck, as before
    autre = _lancer("travailleur-test-autre")
    try:
        assert attendre(lambda: _statut(longue) == "FAILED", delai=30)
        tache = DBTaskResult.objects.get(pk=longue.pk)
        assert tache.traceback == RAISON_DISPARU
        assert Travailleur.objects.get(identifiant="travailleur-test-tue").arrete_le is not None
    finally:
        autre.send_signal(signal.SIGTERM)
        autre.wait(timeout=20)
