"""The counts of the matching lieux of each commune, per « filtre précalculé », kept in pilotage_distancecommune beside
the distances, and the freshness of each source per commune (pilotage_sourcecommune): what the page sums over a
territory instead of reading the lieux (a national page then reads 35 000 small rows, not 1 000 000 lieux).

A lieu counts in the commune of its `commune_officielle` (its arrondissement's parent for Paris, Lyon, Marseille): the
same rule for every figure of a territory, so that a département's figures are the sums of its communes'. Counts are
recomputed whole after every computation, full or incremental (one grouped scan of the lieux per filter), and only the
rows whose counts changed are written.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lieux import horaires as h
from lieux import standard
from lieux.projections.multirange import texte_multirange

from .models import DistanceCommune, SourceCommune

TABLE = DistanceCommune._meta.db_table
TABLE_SOURCES = SourceCommune._meta.db_table
L = "lieux_lieu"
LIEUX_ACTIFS = f"{L}.statut = 'actif' AND {L}.localisation IS NOT NULL"
SAMEDI = [(5, None, None)]
SOIR = [(None, 18 * 60, 24 * 60)]
SANS_RDV = "Se présenter"
CLASSES_SCORE = ((0, 25), (25, 50), (50, 75), (75, 101))
COLONNES = ("nb_lieux", "nb_a_jour", "nb_samedi", "nb_soir", "nb_sans_rdv", "nb_services", "nb_scores")


def il_y_a_un_an() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=365)


def _requete_comptes(condition: str) -> tuple[str, list]:
    """(code, nb_lieux, nb_a_jour, nb_samedi, nb_soir, nb_sans_rdv, nb_services, nb_scores) per commune having
    matching lieux; `condition` is SQL on lieux_lieu (a filter of pilotage/calcul.py)."""
    services = ", ".join(f"count(*) FILTER (WHERE {L}.services @> ARRAY[%s]::varchar[])" for _ in standard.SERVICES)
    scores = ", ".join(f"count(*) FILTER (WHERE q.score >= {a} AND q.score < {b})"
                       for a, b in CLASSES_SCORE)
    sql = f"""
        SELECT coalesce(cc.commune_parente_id, cc.code) AS code, count(*)::int,
               count(*) FILTER (WHERE {L}.date_maj >= %s)::int,
               count(*) FILTER (WHERE o.creneaux && %s::int4multirange)::int,
               count(*) FILTER (WHERE o.creneaux && %s::int4multirange)::int,
               count(*) FILTER (WHERE {L}.modalites_acces @> ARRAY[%s]::varchar[])::int,
               ARRAY[{services}]::int[], ARRAY[{scores}]::int[]
        FROM {L} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id
        LEFT JOIN lieux_ouverture o ON o.lieu_id = {L}.uid
        LEFT JOIN lieux_qualite q ON q.lieu_id = {L}.uid
        WHERE {LIEUX_ACTIFS} AND ({condition})
        GROUP BY 1"""
    params = [il_y_a_un_an(), texte_multirange(h.cles_pendant(SAMEDI)), texte_multirange(h.cles_pendant(SOIR)),
              SANS_RDV, *standard.SERVICES]
    return sql, params


def mettre_a_jour_comptes(cur, filtre) -> int:
    """Rewrite the counts of every commune for `filtre` (a pilotage.calcul.Filtre), zero where no lieu matches;
    only the rows that change are written. Returns their number."""
    sql, params = _requete_comptes(filtre.condition)
    zeros = ["0"] * 5 + [f"ARRAY[{', '.join('0' for _ in standard.SERVICES)}]::int[]",
                         f"ARRAY[{', '.join('0' for _ in CLASSES_SCORE)}]::int[]"]
    nouveaux = ", ".join(f"coalesce(n.{c}, {z})" for c, z in zip(COLONNES, zeros, strict=True))
    anciens = ", ".join(f"d.{c}" for c in COLONNES)
    cur.execute(f"""
        WITH n(code, {', '.join(COLONNES)}) AS ({sql})
        UPDATE {TABLE} d SET ({', '.join(COLONNES)}) = ({nouveaux})
        FROM {TABLE} x LEFT JOIN n ON n.code = x.commune_id
        WHERE x.id = d.id AND d.filtre = %s AND ROW({anciens}) IS DISTINCT FROM ROW({nouveaux})""",
                [*params, *filtre.params, filtre.cle])
    return cur.rowcount


def recalculer_sources(cur) -> None:
    """The active lieux of each source per commune and their oldest `date_maj`, rewritten whole (one grouped scan)."""
    cur.execute(f"DELETE FROM {TABLE_SOURCES}")
    cur.execute(f"""
        INSERT INTO {TABLE_SOURCES} (commune_id, source, nb_lieux, plus_ancienne)
        SELECT coalesce(cc.commune_parente_id, cc.code), {L}.source, count(*), min({L}.date_maj)
        FROM {L} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id
        WHERE {LIEUX_ACTIFS}
        GROUP BY 1, 2""")
