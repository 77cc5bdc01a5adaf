"""Keeps the precomputed figures fresh: after every applied import (`imports.signals.lieux_importes`, sent after the
commit) the communes the import can change are recomputed (pilotage/increments.py), in the background worker when
django-tasks has one, else right away. The nightly `calculer_pilotage` recomputes everything (freshness is counted
against its date; contributions between two imports are seen there)."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from . import increments

journal = logging.getLogger(__name__)


@task()
def recalculer(ecrits: list[int], archives: list[int], motif: str = "") -> int:
    return increments.incrementer(ecrits, archives, motif=motif).communes


def apres_import(sender=None, source: str = "", uids=(), archives=(), **kwargs):
    if not settings.PILOTAGE_APRES_IMPORT:  # most tests: no steering computation inside each import
        return
    motif = f"import {source} : {len(uids)} lieux écrits, {len(archives)} archivés"
    ecrits, archives = [int(u) for u in uids], [int(u) for u in archives]
    try:
        recalculer.enqueue(ecrits, archives, motif=motif)
    except Exception:  # no task backend configured: compute now (the import is already committed)
        journal.exception("tâche de recalcul du pilotage impossible à mettre en file, calcul immédiat")
        increments.incrementer(ecrits, archives, motif=motif)
