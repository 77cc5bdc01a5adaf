"""The counts of the matching lieux of each commune, per « filtre précalculé », kept in pilotage_distancecommune beside
the distances, and the freshness of each source per commune (pilotage_sourcecommune): what the page sums over a
territory instead of reading the lieux (a national page then reads 35 000 small rows, not 1 000 000 lieux).

A lieu counts in the commune of its `commune_officielle` (its arrondissement's parent for Paris, Lyon, Marseille): the
same rule for every figure of a territory, so that a département's figures are the sums of its communes'. Counts are
recomputed whole by a full computation (one grouped scan of the lieux per filter) and, after an import, for the
communes it can have changed only; only the rows whose counts changed are written.
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


def _requete_comptes(condition: str, restreint: bool) -> tuple[str, list]:
    """(code, nb_lieux, nb_a_jour, nb_samedi, nb_soir, nb_sans_rdv, nb_services, nb_scores) per commune having
    matching lieux; `condition` is SQL on lieux_lieu (a filter of pilotage/calcul.py); `restreint`: only the lieux of
    the communes (arrondissements included) given as the last parameter."""
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
        WHERE {LIEUX_ACTIFS} AND ({condition}){f" AND {L}.commune_officielle_id = ANY(%s)" if restreint else ""}
        GROUP BY 1"""
    params = [il_y_a_un_an(), texte_multirange(h.cles_pendant(SAMEDI)), texte_multirange(h.cles_pendant(SOIR)),
              SANS_RDV, *standard.SERVICES]
    return sql, params


def mettre_a_jour_comptes(cur, filtre, communes: list[str] | None = None) -> int:
    """Rewrite the counts of every commune (or of `communes` only) for `filtre` (a pilotage.calcul.Filtre), zero
    where no lieu matches; only the rows that change are written. Returns their number."""
    sql, params = _requete_comptes(filtre.condition, restreint=communes is not None)
    params = [*params, *filtre.params]
    lignes = ""
    if communes is not None:
        params.append(_avec_arrondissements(cur, communes))
        lignes = " AND d.commune_id = ANY(%s)"
    zeros = ["0"] * 5 + [f"ARRAY[{', '.join('0' for _ in standard.SERVICES)}]::int[]",
                         f"ARRAY[{', '.join('0' for _ in CLASSES_SCORE)}]::int[]"]
    nouveaux = ", ".join(f"coalesce(n.{c}, {z})" for c, z in zip(COLONNES, zeros, strict=True))
    anciens = ", ".join(f"d.{c}" for c in COLONNES)
    cur.execute(f"""
        WITH n(code, {', '.join(COLONNES)}) AS ({sql})
        UPDATE {TABLE} d SET ({', '.join(COLONNES)}) = ({nouveaux})
        FROM {TABLE} x LEFT JOIN n ON n.code = x.commune_id
        WHERE x.id = d.id AND d.filtre = %s{lignes} AND ROW({anciens}) IS DISTINCT FROM ROW({nouveaux})""",
                [*params, filtre.cle, *([communes] if communes is not None else [])])
    return cur.rowcount


def _avec_arrondissements(cur, communes: list[str]) -> list[str]:
    cur.execute("SELECT code FROM lieux_commune WHERE coalesce(commune_parente_id, code) = ANY(%s)", [communes])
    return [r[0] for r in cur.fetchall()]


def communes_a_recompter(cur, touches: list[int]) -> list[str]:
    """The communes whose counts an import can have changed: those of the lieux it wrote or archived (and of the
    nearest lieux gone), and those that lost a lieu to another commune (their stored count of all lieux is no longer
    the real one: one grouped count, by the index of the lieux' communes)."""
    cur.execute(f"""
        SELECT coalesce(cc.commune_parente_id, cc.code) FROM {L} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id
        WHERE {L}.uid = ANY(%s)
        UNION
        SELECT d.commune_id FROM {TABLE} d LEFT JOIN (
            SELECT coalesce(cc.commune_parente_id, cc.code) AS code, count(*) AS n
            FROM {L} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id WHERE {LIEUX_ACTIFS} GROUP BY 1
        ) a ON a.code = d.commune_id
        WHERE d.filtre = 'tous' AND d.nb_lieux <> coalesce(a.n, 0)""", [touches])
    return sorted(r[0] for r in cur.fetchall())


def recalculer_sources(cur, communes: list[str] | None = None) -> None:
    """The active lieux of each source per commune and their oldest `date_maj`, rewritten whole or for `communes`."""
    if communes is None:
        cur.execute(f"DELETE FROM {TABLE_SOURCES}")
        restriction, params = "", []
    else:
        cur.execute(f"DELETE FROM {TABLE_SOURCES} WHERE commune_id = ANY(%s)", [communes])
        restriction, params = f" AND {L}.commune_officielle_id = ANY(%s)", [_avec_arrondissements(cur, communes)]
    cur.execute(f"""
        INSERT INTO {TABLE_SOURCES} (commune_id, source, nb_lieux, plus_ancienne)
        SELECT coalesce(cc.commune_parente_id, cc.code), {L}.source, count(*), min({L}.date_maj)
        FROM {L} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id
        WHERE {LIEUX_ACTIFS}{restriction}
        GROUP BY 1, 2""", params)
