"""Housekeeping of the import reports (`manage.py purger_imports`, nightly by cron).

Every import keeps one LigneImport per row of its file: its fate, its messages, the raw row and, until the run is
applied, the values to write. Those staged values serve nothing once a run is finished: they are dropped at once.
The line-by-line detail of runs older than `jours` is deleted; the run itself stays (file, counts, remarks,
dates), marked `detail_purge_le`, and can no longer be applied. Lieux and their provenance are never touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from imports.models import ImportRun, LigneImport

JOURS_DETAIL = 365
JOURS_ANALYSES = 14  # an analysis not applied after two weeks is stale: its staged values (the bulk) go


@dataclass(frozen=True)
class Purge:
    valeurs_videes: int  # rows of finished runs, and of analyses never applied, whose staged values were dropped
    imports: int  # runs whose detail was deleted
    lignes_supprimees: int


def purger(jours: int = JOURS_DETAIL, maintenant: dt.datetime | None = None,
           jours_analyses: int = JOURS_ANALYSES) -> Purge:
    """Also: imports left « en cours » by a vanished task are failed (imports/reprise.py), and analyses never applied
    after `jours_analyses` days lose their staged values (they can no longer be applied: analyse the file again)."""
    from imports.reprise import orphelins

    orphelins(maintenant=maintenant)
    if jours < 1 or jours_analyses < 1:
        raise ValueError("La durée de conservation du détail doit être d'au moins un jour.")
    maintenant = maintenant or timezone.now()
    finis = (ImportRun.Statut.APPLIQUE, ImportRun.Statut.REFUSE, ImportRun.Statut.ECHOUE)
    with transaction.atomic():
        videes = LigneImport.objects.filter(run__statut__in=finis, valeurs__isnull=False).update(valeurs=None)
        anciens = list(
            ImportRun.objects.filter(statut__in=ImportRun.STATUTS_FINIS, detail_purge_le__isnull=True,
                                     cree_le__lt=maintenant - dt.timedelta(days=jours))
            .select_for_update().values_list("pk", flat=True)
        )
        supprimees, _ = LigneImport.objects.filter(run_id__in=anciens).delete()
        ImportRun.objects.filter(pk__in=anciens).update(detail_purge_le=maintenant)
        perimees = list(ImportRun.objects.filter(statut=ImportRun.Statut.ANALYSE, detail_purge_le__isnull=True,
                                                 cree_le__lt=maintenant - dt.timedelta(days=jours_analyses))
                        .select_for_update().values_list("pk", flat=True))
        videes += LigneImport.objects.filter(run_id__in=perimees, valeurs__isnull=False).update(valeurs=None)
        ImportRun.objects.filter(pk__in=perimees).update(detail_purge_le=maintenant)
    return Purge(videes, len(anciens), supprimees)
