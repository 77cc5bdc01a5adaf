"""After an import, recompute only what the import can change (the rest of the table stays exact):

1. the communes whose nearest matching lieu was written or archived by the import (it may have moved, stopped
   matching the filter or closed), or is no longer active for another reason (merged by the consolidation, archived
   by hand): a full nearest-neighbour search for them only;
2. the communes to which a written lieu that matches the filter is now nearer than their nearest one: the written
   lieux are copied to a temporary table with its own GiST index, and one LATERAL KNN per commune over that small
   table says which written lieu is nearest and whether it beats the stored distance.

Every other commune keeps its nearest lieu, which the import did not touch, and no written lieu is nearer to it: its
row is still exact. Counts and sources are recomputed for the communes the import can have changed
(pilotage/agregats.py `communes_a_recompter`).
Without a previous full computation of every filter the whole table is computed (pilotage/calcul.py `calculer`).
Never slower than about twice a full computation (when an import touches every commune), usually a small fraction.

    incrementer(uids_ecrits, uids_archives, motif="import hub : …")
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from . import agregats, calcul
from .agregats import L, LIEUX_ACTIFS
from .calcul import COMMUNES, TABLE
from .models import Calcul

ECRITS = "pilotage_lieux_ecrits"
QUANTILE = 0.98


def _communes_a_recalculer(cur, filtre, touches: list[int]) -> set[str]:
    """Step 1: a full KNN for the communes whose nearest lieu is among `touches`."""
    communes = f"{COMMUNES} AND c.code IN (SELECT commune_id FROM {TABLE} WHERE filtre = %s AND plus_proche = ANY(%s))"
    cur.execute(
        f"UPDATE {TABLE} d SET distance_m = r.d, plus_proche = r.uid "
        f"FROM ({calcul.requete_plus_proche(filtre.condition, communes)}) r(code, d, uid) "
        f"WHERE d.filtre = %s AND d.commune_id = r.code RETURNING d.commune_id",
        [*filtre.params, filtre.cle, touches, filtre.cle])
    return {r[0] for r in cur.fetchall()}


def _lieux_plus_proches(cur, filtre) -> set[str]:
    """Step 2: the communes to which a written lieu matching the filter is now nearer than their nearest one.

    Only two kinds of communes can be: those within RAYON of a written lieu that is nearer than their stored
    distance, where RAYON is the QUANTILE of the filter's stored distances (found from the written lieux through the
    GiST index of the communes' points), and the few whose stored distance is beyond RAYON (or none). A KNN over the
    written lieux matching the filter then decides for them only."""
    cur.execute(f"SELECT percentile_disc(%s) WITHIN GROUP (ORDER BY distance_m) FROM {TABLE} "
                f"WHERE filtre = %s AND distance_m IS NOT NULL", [QUANTILE, filtre.cle])
    rayon = cur.fetchone()[0] or 0.0
    # a box around each written lieu (degrees, widest at the latitude farthest from the equator) then the exact test
    pres = f"""SELECT cc.code FROM {ECRITS} e JOIN lieux_commune cc
                 ON cc.point && ST_Expand(e.localisation::geometry, %(r)s / 110574.0,
                      %(r)s / (111320.0 * cos(radians(least(abs(ST_Y(e.localisation::geometry)) + %(r)s / 110574.0, 80)))))
                 AND ST_DWithin(cc.point::geography, e.localisation, %(r)s)
               JOIN {TABLE} dd ON dd.commune_id = cc.code AND dd.filtre = %(cle)s
                 AND (dd.distance_m IS NULL OR (e.localisation <-> cc.point::geography) < dd.distance_m)"""
    loin = f"SELECT commune_id FROM {TABLE} WHERE filtre = %(cle)s AND (distance_m IS NULL OR distance_m > %(r)s)"
    communes = f"{COMMUNES} AND c.code IN ({pres} UNION {loin})"
    requete = calcul.requete_plus_proche(agregats.nommer(filtre.condition, "p"), communes, depuis=f"{ECRITS} {L}")
    cur.execute(
        f"UPDATE {TABLE} d SET distance_m = r.d, plus_proche = r.uid FROM ({requete}) r(code, d, uid) "
        f"WHERE d.filtre = %(cle)s AND d.commune_id = r.code AND r.d IS NOT NULL "
        f"AND (d.distance_m IS NULL OR r.d < d.distance_m) RETURNING d.commune_id",
        {"r": rayon, "cle": filtre.cle, "p": filtre.params[0] if filtre.params else None})
    return {r[0] for r in cur.fetchall()}


def _plus_proches_disparus(cur) -> set[int]:
    """Nearest lieux of the table that are no longer active (merged by the consolidation, archived by hand…)."""
    cur.execute(f"SELECT DISTINCT d.plus_proche FROM {TABLE} d LEFT JOIN {L} ON {L}.uid = d.plus_proche "
                f"AND {LIEUX_ACTIFS} WHERE d.plus_proche IS NOT NULL AND {L}.uid IS NULL")
    return {r[0] for r in cur.fetchall()}


def _complet_necessaire(cur) -> bool:
    cur.execute(f"SELECT count(DISTINCT filtre) FROM {TABLE}")
    return cur.fetchone()[0] < len(calcul.FILTRES)


def incrementer(ecrits, archives=(), motif: str = "") -> Calcul:
    """Bring the table up to date after an import that wrote `ecrits` and archived `archives` (lieux uids)."""
    debut = time.monotonic()
    ecrits = sorted(set(ecrits))
    with connection.cursor() as cur:
        if _complet_necessaire(cur):
            calcul.calculer(motif=motif)
            return calcul.dernier_calcul()
    with transaction.atomic(), connection.cursor() as cur:
        touches = sorted(set(ecrits) | set(archives) | _plus_proches_disparus(cur))
        cur.execute(f"CREATE TEMPORARY TABLE {ECRITS} ON COMMIT DROP AS "
                    f"SELECT * FROM {L} WHERE uid = ANY(%s) AND {LIEUX_ACTIFS}", [ecrits])
        cur.execute(f"CREATE INDEX ON {ECRITS} USING gist (localisation)")
        cur.execute(f"ANALYZE {ECRITS}")
        lignes, communes = 0, set()
        for filtre in calcul.FILTRES:
            recalculees = _communes_a_recalculer(cur, filtre, touches) | _lieux_plus_proches(cur, filtre)
            lignes += len(recalculees)
            communes |= recalculees
        a_recompter = agregats.communes_a_recompter(cur, touches)
        agregats.mettre_a_jour_comptes(cur, calcul.FILTRES, a_recompter)
        agregats.recalculer_sources(cur, a_recompter)
        fait = Calcul.objects.create(duree_s=time.monotonic() - debut, communes=len(communes), motif=motif[:200],
                                     mode=Calcul.Mode.INCREMENTAL, distances_recalculees=lignes)
    calcul.rendre_lisible()
    return fait
