"""A worker that survives database restarts and says it is alive.

django-tasks-db's worker raises out of its loop on any database error: the production process exits (and nothing
restarts it), and under the autoreloader the thread dies while the process stays, so tasks wait forever. This one:

- reconnects: on a lost connection it closes the dead ones and tries again with a growing pause (1 s → 30 s);
  the task that was running when the connection was lost is marked failed with a French reason;
- beats: a thread writes `Travailleur.battu_le` every 10 s (its own connection), so /sante/ can tell when no worker is
  alive and how old the oldest waiting task is;
- reaps: the same thread marks failed the tasks that a vanished worker (killed, machine lost) left « running », and
  sends `taches_interrompues` so that an import run stuck « application en cours » becomes failed and retryable.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from taches.models import Travailleur, battement
from taches.signaux import taches_interrompues

logger = logging.getLogger("taches")

PAUSE_MIN, PAUSE_MAX = 1.0, 30.0
RAISON_DISPARU = "Le travailleur qui exécutait cette tâche s'est arrêté sans la terminer (processus tué ou machine perdue)."
RAISON_COUPURE = "La connexion à la base de données a été perdue pendant la tâche."


def fermer_connexions():
    """Drop this thread's connections, dead or alive: the next query opens a fresh one."""
    for connexion in connections.all(initialized_only=True):
        try:
            connexion.close()
        except DatabaseError:
            pass
        connexion.connection = None  # a terminated backend may refuse even close(): forget it


def marquer_interrompues(taches, raison: str) -> list[str]:
    """Mark running tasks failed with a French reason, and tell the apps whose state follows them."""
    ids = []
    for tache in taches:
        tache.status = "FAILED"
        tache.finished_at = timezone.now()
        tache.exception_class_path = "taches.travailleur.TacheInterrompue"
        tache.traceback = raison
        tache.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
        ids.append(str(tache.id))
    if ids:
        logger.warning("%d tâche(s) interrompue(s) : %s", len(ids), raison)
        taches_interrompues.send(sender=Travailleur, ids=ids, raison=raison)
    return ids


def faucher(maintenant=None) -> list[str]:
    """Tasks left « running » by workers that stopped beating are marked failed; those workers are closed."""
    ids = []
    for disparu in Travailleur.objects.disparus(maintenant):
        with transaction.atomic():
            taches = DBTaskResult.objects.running().filter(worker_ids__contains=[disparu.identifiant])
            ids += marquer_interrompues(taches.select_for_update(skip_locked=True), RAISON_DISPARU)
            Travailleur.objects.filter(pk=disparu.pk).update(arrete_le=timezone.now())
    return ids


class TravailleurFiable(Worker):
    def __init__(self, **options):
        super().__init__(**options)
        self.reconnexions = 0
        self._arret = threading.Event()

    # -- the heartbeat thread -------------------------------------------------------------------------------------

    def battre(self) -> None:
        Travailleur.objects.update_or_create(identifiant=self.worker_id, defaults={
            "hote": socket.gethostname()[:200], "pid": os.getpid(), "battu_le": timezone.now(), "arrete_le": None,
            "reconnexions": self.reconnexions, "taches_executees": self._run_tasks,
        })

    def _battements(self) -> None:
        while not self._arret.is_set():
            try:
                self.battre()
                faucher()
            except DatabaseError as erreur:
                logger.warning("Battement impossible (base indisponible) : %s", erreur)
                fermer_connexions()
            self._arret.wait(battement().total_seconds())
        fermer_connexions()

    # -- the loop -------------------------------------------------------------------------------------------------

    def run(self) -> None:
        fil = threading.Thread(target=self._battements, name="battement", daemon=True)
        fil.start()
        pause = PAUSE_MIN
        try:
            while self.running:
                try:
                    super().run()
                    return  # batch or max-tasks: done
                except DatabaseError as erreur:
                    self.reconnexions += 1
                    self.running_task = False
                    logger.warning("Base de données indisponible (%s) : nouvel essai dans %.0f s.", erreur, pause)
                    fermer_connexions()
                    time.sleep(pause)
                    pause = min(pause * 2, PAUSE_MAX)
                    if self._interrompre_les_miennes():
                        pause = PAUSE_MIN
        finally:
            self._arret.set()
            self._dire_au_revoir()

    def _interrompre_les_miennes(self) -> bool:
        """Back on the database: the task this worker was running when it lost it is failed. True once reconnected."""
        try:
            with transaction.atomic():
                taches = DBTaskResult.objects.running().filter(worker_ids__contains=[self.worker_id])
                marquer_interrompues(taches.select_for_update(), RAISON_COUPURE)
            return True
        except DatabaseError:
            fermer_connexions()
            return False

    def _dire_au_revoir(self) -> None:
        try:
            Travailleur.objects.filter(pk=self.worker_id).update(arrete_le=timezone.now(), battu_le=timezone.now())
        except DatabaseError:
            pass
