"""Imports whose worker disappeared: detected, failed with a French reason, and retried.

A worker killed while applying rolls back (nothing written), but the run used to stay « application en cours » for
good and the admin refused to apply it again; killed while analysing, its staging rows stayed behind. The task
workers (taches/) now fail the tasks of a worker that stopped beating, or that lost its database in the middle,
and send `taches_interrompues`: `interrompre` fails the runs of those tasks and drops their staging rows.
`orphelins` does the same for runs whose task is already finished or gone (older queues, a purged task table).
`relancer` starts a failed run again from its stored file (`manage.py relancer_import N`, or the admin's button).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from imports.models import ImportRun, LigneImport

MOTIF = "Import interrompu : {raison} Rien n'a été écrit dans les lieux. Vous pouvez le relancer."
RAISON_ORPHELIN = "sa tâche de fond s'est terminée sans le finir."


class RelanceImpossible(Exception):
    pass


def interrompre(ids, raison: str) -> int:
    """Fail the running imports of the task ids `ids`; their staging rows go. Returns how many runs were failed."""
    with transaction.atomic():
        runs = list(ImportRun.objects.select_for_update()
                    .filter(tache__in=[str(i) for i in ids], statut__in=ImportRun.STATUTS_EN_COURS)
                    .values_list("pk", flat=True))
        if not runs:
            return 0
        LigneImport.objects.filter(run_id__in=runs).delete()
        ImportRun.objects.filter(pk__in=runs).update(
            statut=ImportRun.Statut.ECHOUE, etape="", progression=0.0,
            erreur=MOTIF.format(raison=raison.rstrip(".") + "."))
    return len(runs)


def sur_taches_interrompues(sender, ids, raison, **kwargs):
    interrompre(ids, raison)


def orphelins(apres: dt.timedelta = dt.timedelta(minutes=10), maintenant=None) -> int:
    """Runs still « en cours » whose task is finished, failed or missing (beyond `apres`, to let a queue start)."""
    from django_tasks_db.models import DBTaskResult

    maintenant = maintenant or timezone.now()
    candidats = ImportRun.objects.filter(statut__in=ImportRun.STATUTS_EN_COURS, cree_le__lt=maintenant - apres)
    vivantes = {str(i) for i in DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).values_list("id", flat=True)}
    perdues = [r.tache for r in candidats if r.tache and r.tache not in vivantes]
    return interrompre(perdues, RAISON_ORPHELIN)


def relancer(run: ImportRun) -> ImportRun:
    """Analyse a failed run again from its stored file (the coordinator then applies it, as any analysis)."""
    from imports.tasks import analyser_import

    if run.statut != ImportRun.Statut.ECHOUE:
        raise RelanceImpossible(f"Cet import est « {run.get_statut_display()} » : seul un import en échec se relance.")
    if not run.fichier or not run.fichier.storage.exists(run.fichier.name):
        raise RelanceImpossible("Le fichier de cet import n'est plus disponible : importez-le à nouveau.")
    with transaction.atomic():
        if not ImportRun.objects.filter(pk=run.pk, statut=ImportRun.Statut.ECHOUE).update(
                statut=ImportRun.Statut.EN_ATTENTE, etape="relancé", erreur="", progression=0.0):
            raise RelanceImpossible("Cet import vient d'être relancé.")
        LigneImport.objects.filter(run=run).delete()
    resultat = analyser_import.enqueue(run.pk)
    ImportRun.objects.filter(pk=run.pk).update(tache=resultat.id)
    run.refresh_from_db()
    return run
