"""Keeps the precomputed distances fresh: after every applied import (`imports.signals.lieux_importes`, sent after the
commit) the whole table is recomputed — a few seconds for all of France, measured in docs/pilotage.md — in the
background worker when django-tasks has one, else right away."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from . import calcul

journal = logging.getLogger(__name__)


@task()
def recalculer(motif: str = "") -> int:
    calcul.calculer(motif=motif)
    return len(calcul.FILTRES)


def apres_import(sender=None, source: str = "", uids=(), archives=(), **kwargs):
    if not settings.PILOTAGE_APRES_IMPORT:  # tests: a whole-France computation per import would take minutes
        return
    motif = f"import {source} : {len(uids)} lieux écrits, {len(archives)} archivés"
    try:
        recalculer.enqueue(motif=motif)
    except Exception:  # no task backend configured: compute now (the import is already committed)
        journal.exception("tâche de recalcul du pilotage impossible à mettre en file, calcul immédiat")
        calcul.calculer(motif=motif)
