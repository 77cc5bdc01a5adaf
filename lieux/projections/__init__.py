"""Derived data of the lieux (projections): one rule — THE DATABASE KEEPS EVERY PROJECTION.

A projection is a table or column computed from lieux_lieu for reading fast: the map's mask and grid (generated
columns, `masque.py`), the map's counts (`comptes.py`: lieux_comptecarte) and the availability / orientation search
rows (`ouvertures.py`: lieux_ouverture). PostgreSQL keeps all of them in the writer's own statement — generated
columns, or statement-level triggers with transition tables declared next to their projection (`comptes.py`,
`maintien_ouvertures.py`, installed by migrations) — so that every writer (Lieu.save(), QuerySet.update(),
bulk_create/bulk_update, delete, raw SQL, COPY, an import, the admin's actions, a later contribution or
consolidation) keeps them exact without calling anything, and no signal or app wiring is involved.

The one part that needs Python is the analysis of a `horaires` text (OSM opening_hours): it is kept per (text, time
zone) in lieux_analysehoraires (`analyses.py`), which the trigger joins. The ORM paths fill it before writing (small
explicit hooks in lieux/models/lieu.py); SQL writers call `analyses.preparer_requete`. A text nobody analysed gives
the state « à analyser » (counted as unknown hours), caught up by `manage.py refresh_ouvertures --perimees`.

Bulk loads may disable the triggers (`chargement_massif.index_suspendus(…, recalculer=…)`): they then call
`recalculer(uids)` once, which rebuilds what the triggers would have written, set-based. `ecarts()` recomputes every
projection from scratch and returns its differences with the kept state (the tests' oracle). See docs/projections.md.
"""

from __future__ import annotations


def recalculer(lieu_uids=None) -> None:
    """Rebuild what the triggers of lieux_lieu keep, after a load that disabled them: the map counts (whole table,
    cheaper than a transition table of the load) and the rows of lieux_ouverture of these lieux (None: all)."""
    from . import comptes, maintien_ouvertures, qualite

    comptes.recalculer()
    maintien_ouvertures.recalculer(lieu_uids)
    qualite.recalculer(lieu_uids)  # the quality scores (lieux/qualite.py)


def ecarts(lieu_uids=None) -> dict:
    """{projection: differences} between each kept projection and its recomputation from scratch ({} when exact)."""
    from . import qualite
    from .oracle import ecarts as calculer

    differences = calculer(lieu_uids)
    if scores := qualite.ecarts(lieu_uids):
        differences["qualite"] = scores
    return differences
