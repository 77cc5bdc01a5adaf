"""How often people reach a lieu: one row per lieu and day (lieux_affichagelieu), incremented set-based each time a
sheet or a page of the orientation's results shows it. The coordinators' « À vérifier » queue puts first the lieux
shown most over the last `JOURS_IMPACT` days (lieux/a_verifier.py): a wrong phone number on a lieu shown a hundred
times a week matters more than on one nobody sees.

One INSERT … ON CONFLICT per page, whatever the number of lieux; no personal data (no address, no session): a count.
A failure to count never breaks the page it is called from.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

JOURS_IMPACT = 90
journal = logging.getLogger(__name__)


def compter(uids) -> None:
    """One more display today for each lieu of `uids` (each counted once per call)."""
    uids = sorted({int(u) for u in uids if u is not None})
    if not uids:
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                """insert into lieux_affichagelieu (lieu_id, jour, nombre)
                   select u, %s::date, 1 from unnest(%s::bigint[]) as u
                   on conflict (lieu_id, jour) do update set nombre = lieux_affichagelieu.nombre + 1""",
                [timezone.localdate(), uids])
    except DatabaseError:  # a count is not worth an error page
        journal.exception("affichages non comptés")


def sql_impact(uid: str = "lieux_lieu.uid", jours: int = JOURS_IMPACT) -> str:
    """The displays of the lieu `uid` over the last `jours` days (an SQL expression for annotations)."""
    return (f"(select coalesce(sum(a.nombre), 0) from lieux_affichagelieu a where a.lieu_id = {uid} "
            f"and a.jour > current_date - {int(jours)})")
