"""Query plans for « the nearest lieux within r km, up to a LIMIT »: the map's API list (lieux/api/viewsets.py) and
the orientation's counts and results (orientation/recherche.py) share this one setting."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def plan_knn():
    """Run the bounded queries inside as GiST index walks in distance order that stop at their LIMIT.

    Left alone, PostgreSQL underestimates the rows of `ST_DWithin` (its bounding-box test is counted twice; 35,000
    lieux within 5 km of Paris at a million) and prefers a bitmap scan of every lieu of the radius — which cannot
    stop at the LIMIT — then a sort, run by parallel workers whose start-up costs more than the query. Measured at
    a million lieux: the API list ~130 → ~10 ms (bench/bench_5_carte.py); the orientation's counts p95 102 → 52 ms,
    its results 113 → 24 ms (bench/bench_6_orientation.py).
    """
    dans_une_transaction = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off; SET LOCAL max_parallel_workers_per_gather = 0")
        try:
            yield
        finally:
            if dans_une_transaction and not connection.needs_rollback:  # (tests) the rest plans as usual
                cursor.execute("RESET enable_bitmapscan; RESET max_parallel_workers_per_gather")
