"""The background side of a campaign (django-tasks; `make run` starts the database worker).

Throttle: `envoyer_lot` sends one batch of settings.CAMPAGNES_ENVOIS_PAR_MINUTE messages, then queues itself again
to run one minute after that batch began (`run_after`): one task in the queue per campaign, never a worker asleep,
the map's requests served between batches. A backend that cannot defer (the tests' immediate backend) runs the next
batch at once.

`relancer_campagne` and `clore_campagne` are queued at the start for the reminder's day and the end of the links
(when the backend can defer); the command `manage.py relancer_campagnes` does the same for every campaign that is
due, for a cron or a worker that was stopped: all of them are idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from . import courriels, cycle


def differer(tache, quand, *args):
    """Queue `tache` to run at `quand` — or now when the backend cannot defer. Returns the TaskResult."""
    if default_task_backend.supports_defer:
        return tache.using(run_after=quand).enqueue(*args)
    return tache.enqueue(*args)


@task()
def envoyer_lot(campagne_id: int) -> int:
    debut = timezone.now()
    restants = courriels.envoyer_un_lot(campagne_id, max(1, settings.CAMPAGNES_ENVOIS_PAR_MINUTE))
    if restants:
        differer(envoyer_lot, debut + dt.timedelta(minutes=1), campagne_id)
    return restants


@task()
def relancer_campagne(campagne_id: int) -> int:
    return cycle.relancer(campagne_id=campagne_id)


@task()
def clore_campagne(campagne_id: int) -> int:
    return cycle.clore(campagne_id=campagne_id)


def demarrer(campagne) -> None:
    """After the envois are committed: the first batch now; the reminder and the end at their dates when the
    backend can defer (else the command relancer_campagnes does it)."""
    envoyer_lot.enqueue(campagne.pk)
    if default_task_backend.supports_defer:
        differer(relancer_campagne, campagne.lancee_le + dt.timedelta(days=campagne.delai_relance_jours), campagne.pk)
        differer(clore_campagne, campagne.fin_le, campagne.pk)
