"""Background task of the DORA synchronisation (django-tasks), enqueued by the admin page and by the schedule.

The database worker (`manage.py db_worker`, started by `make run`) runs it; docs/dora.md shows how to enqueue it
periodically (cron, or any scheduler calling `manage.py sync_dora`, which runs the same code in the foreground).
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from ..execution import marque_echec
from ..models import ImportRun
from .application import nouveau_run, synchronise
from .client import ClientDataInclusion


@task()
def synchroniser_dora(run_id: int | None = None, depuis: str | None = None, essai: bool = False) -> str:
    """Synchronise DORA from the data·inclusion API (settings). `run_id`: a run prepared by the admin page;
    without it a new run is created (scheduled synchronisations). `depuis`: ISO date, partial synchronisation."""
    date_depuis = dt.date.fromisoformat(depuis) if depuis else None
    client = ClientDataInclusion()
    if run_id is None:
        run = nouveau_run(essai=essai, depuis=date_depuis, origine=client.origine)
    else:
        run = ImportRun.objects.select_related("source").get(pk=run_id)
    try:
        synchronise(run, client=client, depuis=date_depuis)
    except Exception as erreur:
        marque_echec(run, erreur)  # a bug: the run says so (details in the log), the task fails visibly
        raise
    return run.statut
