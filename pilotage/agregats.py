"""The counts of the matching lieux of each commune, per « filtre précalculé », kept in pilotage_distancecommune beside
the distances, and the freshness of each source per commune (pilotage_sourcecommune): what the page sums over a
territory instead of reading the lieux (a national page then reads 35 000 small rows, not 1 000 000 lieux).

A lieu counts in the commune of its `commune_officielle` (its arrondissement's parent for Paris, Lyon, Marseille): the
same rule for every figure of a territory, so that a département's figures are the sums of its communes'. Counts are
recomputed whole by a full computation and, after an import, for the communes it can have changed only, in one scan
of the lieux for every filter; only the rows whose counts changed are written.
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


def nommer(condition: str, nom: str) -> str:
    """A filter's SQL with its (at most one) positional parameter named `nom`."""
    if condition.count("%s") > 1:
        raise ValueError("un filtre précalculé a au plus un paramètre")
    return condition.replace("%s", f"%({nom})s")


def _requete_comptes(filtres, restreint: bool) -> tuple[str, dict]:
    """(code, cle, nb_lieux, nb_a_jour, nb_samedi, nb_soir, nb_sans_rdv, nb_services, nb_scores) per commune and
    filter having matching lieux, in one scan of the lieux for every filter: each lieu carries an array of booleans
    (does it match filter i?) that `unnest` turns into one row per matching filter. `filtres`: pilotage.calcul
    filters (conditions in SQL on lieux_lieu); `restreint`: only the lieux of the communes `%(communes)s`
    (arrondissements included)."""
    params = {"un_an": il_y_a_un_an(), "samedi": texte_multirange(h.cles_pendant(SAMEDI)),
              "soir": texte_multirange(h.cles_pendant(SOIR)), "sans_rdv": SANS_RDV, "cles": [f.cle for f in filtres]}
    dans = []
    for i, f in enumerate(filtres):
        dans.append(f"coalesce(({nommer(f.pour_comptes, f'f{i}')}), FALSE)")
        if f.params:
            params[f"f{i}"] = f.params[0]
    services = []
    for i, service in enumerate(standard.SERVICES):
        services.append(f"count(*) FILTER (WHERE l.services @> ARRAY[%(s{i})s]::varchar[])")
        params[f"s{i}"] = service
    scores = ", ".join(f"count(*) FILTER (WHERE l.score >= {a} AND l.score < {b})" for a, b in CLASSES_SCORE)
    sql = f"""
        WITH l AS (
            SELECT coalesce(cc.commune_parente_id, cc.code) AS code, {L}.date_maj >= %(un_an)s AS a_jour,
                   o.creneaux && %(samedi)s::int4multirange AS samedi, o.creneaux && %(soir)s::int4multirange AS soir,
                   {L}.modalites_acces @> ARRAY[%(sans_rdv)s]::varchar[] AS sans_rdv, {L}.services, q.score,
                   ARRAY[{', '.join(dans)}] AS dans
            FROM {L} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id
            LEFT JOIN lieux_ouverture o ON o.lieu_id = {L}.uid
            LEFT JOIN lieux_qualite q ON q.lieu_id = {L}.uid
            WHERE {LIEUX_ACTIFS}{f" AND {L}.commune_officielle_id = ANY(%(lieux_communes)s)" if restreint else ""}
        )
        SELECT l.code, f.cle, count(*)::int, count(*) FILTER (WHERE l.a_jour)::int,
               count(*) FILTER (WHERE l.samedi)::int, count(*) FILTER (WHERE l.soir)::int,
               count(*) FILTER (WHERE l.sans_rdv)::int, ARRAY[{', '.join(services)}]::int[], ARRAY[{scores}]::int[]
        FROM l CROSS JOIN LATERAL unnest(%(cles)s::varchar[], l.dans) AS f(cle, dedans)
        WHERE f.dedans
        GROUP BY 1, 2"""
    return sql, params


def mettre_a_jour_comptes(cur, filtres, communes: list[str] | None = None) -> int:
    """Rewrite the counts of every commune (or of `communes` only) for `filtres` (pilotage.calcul filters), zero
    where no lieu matches; only the rows that change are written. Returns their number."""
    sql, params = _requete_comptes(filtres, restreint=communes is not None)
    lignes = ""
    if communes is not None:
        params.update(lieux_communes=_avec_arrondissements(cur, communes), communes=communes)
        lignes = " AND d.commune_id = ANY(%(communes)s)"
    zeros = ["0"] * 5 + [f"ARRAY[{', '.join('0' for _ in standard.SERVICES)}]::int[]",
                         f"ARRAY[{', '.join('0' for _ in CLASSES_SCORE)}]::int[]"]
    nouveaux = ", ".join(f"coalesce(n.{c}, {z})" for c, z in zip(COLONNES, zeros, strict=True))
    anciens = ", ".join(f"d.{c}" for c in COLONNES)
    cur.execute("SET LOCAL work_mem = '256MB'")  # the grouping of up to 13 × 1 000 000 rows stays in memory
    cur.execute(f"""
        WITH n(code, cle, {', '.join(COLONNES)}) AS ({sql})
        UPDATE {TABLE} d SET ({', '.join(COLONNES)}) = ({nouveaux})
        FROM {TABLE} x LEFT JOIN n ON n.code = x.commune_id AND n.cle = x.filtre
        WHERE x.id = d.id AND d.filtre = ANY(%(cles)s){lignes}
          AND ROW({anciens}) IS DISTINCT FROM ROW({nouveaux})""", params)
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
