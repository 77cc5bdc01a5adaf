"""SQL-level measures of the map bench (bench_5_carte.py): which query answers the national count, the kept counts
(lieux/projections/comptes.py) beside the live count they replace, and what their triggers cost the writers."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from bench.base_bench import percentile

AIDE = "Aide aux démarches administratives"


def _filtres(chemin: str):
    from django.http import QueryDict

    from lieux.filtres import FiltresLieux

    return FiltresLieux(QueryDict(urlsplit(chemin).query))


def plan_national() -> str:
    """How PostgreSQL answers the national count filtered on a service (what /api/v1/carte/agregats/ runs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lieux import agregation

    selection = _filtres(f"?services={AIDE}").selection(bbox=False)
    with CaptureQueriesContext(connection) as requetes:
        agregation.par_region(selection)
    sql = next(r["sql"] for r in requetes.captured_queries
               if "lieux_comptecarte" in r["sql"] or "lieux_lieu" in r["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    if "lieux_comptecarte" in sql:
        return "comptes tenus ✓" + (" (index)" if "Index" in plan else " (parcours complet)")
    return "comptage direct ✗"


def national_tenu_et_direct(pool: list[str], echantillon: int = 20) -> tuple[float, float, str]:
    """p95 (ms) of the SQL of the national count over `pool`: from the kept counts, and counted live (what the
    kept counts replace: index-only scan of lieu_carte_region); and how many answers were equal."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lieux import agregation
    from lieux.selection import Selection

    tenus, directs, egaux = [], [], 0
    for chemin in pool[:echantillon]:
        tenue = _filtres(chemin).selection(bbox=False)
        resultats = []
        for selection in (tenue, Selection(tenue.lieux)):  # without its criterion: counted live
            with CaptureQueriesContext(connection) as requetes:
                resultats.append(agregation.par_region(selection))
            (tenus if selection is tenue else directs).append(
                sum(float(r["time"]) for r in requetes.captured_queries) * 1000)
        egaux += resultats[0] == resultats[1]
    return percentile(tenus, 95), percentile(directs, 95), f"{egaux}/{len(tenus)} réponses identiques"


def cout_declencheurs(lignes: int = 10_000) -> list[tuple[str, float, float]]:
    """(what, ms with the triggers, ms without) for one-row updates and an INSERT … SELECT of `lignes` lieux, in a
    transaction rolled back (the triggers disabled with ALTER TABLE for the comparison)."""
    from django.db import connection, transaction

    from lieux.models import Lieu

    colonnes = [f.column for f in Lieu._meta.concrete_fields
                if not f.generated and f.column not in ("uid", "source")]
    liste = ", ".join(colonnes)

    def mesurer(sans: bool) -> tuple[float, float]:
        with transaction.atomic(), connection.cursor() as cursor:
            if sans:
                cursor.execute("ALTER TABLE lieux_lieu DISABLE TRIGGER USER")
            cursor.execute("SELECT uid FROM lieux_lieu WHERE statut = 'actif' ORDER BY uid LIMIT 51")
            uids = [u for (u,) in cursor.fetchall()]
            cursor.execute("UPDATE lieux_lieu SET frais_a_charge = '{Payant}' WHERE uid = %s", [uids[0]])
            debut = time.perf_counter()
            for uid in uids[1:]:
                cursor.execute("UPDATE lieux_lieu SET frais_a_charge = '{Payant}' WHERE uid = %s", [uid])
            une = (time.perf_counter() - debut) * 1000 / (len(uids) - 1)
            debut = time.perf_counter()
            cursor.execute(f"INSERT INTO lieux_lieu ({liste}, source) SELECT {liste}, 'bench-copie' FROM lieux_lieu"
                           f" ORDER BY uid LIMIT {lignes}")
            lot = (time.perf_counter() - debut) * 1000
            transaction.set_rollback(True)
        return une, lot

    mesurer(False)  # warm the caches
    (une, lot), (une_sans, lot_sans) = mesurer(False), mesurer(True)
    return [("mise à jour d'un lieu", une, une_sans), (f"INSERT … SELECT de {lignes:,} lieux".replace(",", " "),
                                                      lot, lot_sans)]
