"""The precomputed distances of territorial steering (pilotage.models.DistanceCommune), set-based in PostGIS.

For each « filtre précalculé » (FILTRES), one INSERT … SELECT over every commune: a LATERAL nearest-neighbour query
(`ORDER BY localisation <-> point LIMIT 1`, answered by the GiST index of lieux_lieu.localisation, walking the index
nearest-first and skipping the lieux the filter rejects) gives the distance in metres (geography `<->`: on the sphere, within 0.5 % of the spheroid)
from the commune's representative point to the nearest matching active lieu; a grouped count gives the matching
lieux in the commune (those of its arrondissements for Paris, Lyon, Marseille).

Population sits at the commune's representative point (`Commune.point`, inside the commune): our polygons are
simplified, we have no population below the commune, and spreading it over the area would need a population grid
(INSEE Filosofi 200 m squares) that we do not hold. The cost: a large commune with a lieu at one end and its
inhabitants at the other is measured from its point only (docs/pilotage.md).

Called by `manage.py calculer_pilotage` and after every import (pilotage/fraicheur.py). Other combinations of the
map's filters are computed live for one territory (`distances_en_direct`, pilotage/chiffres.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction

from lieux import horaires as h
from lieux import standard
from lieux.projections.multirange import texte_multirange

from .models import Calcul, DistanceCommune

TABLE = DistanceCommune._meta.db_table
L = "lieux_lieu"
LIEUX_ACTIFS = f"{L}.statut = 'actif' AND {L}.localisation IS NOT NULL"
COMMUNES = "c.type = 'commune-actuelle' AND c.point IS NOT NULL"
SAMEDI = [(5, None, None)]
SOIR = [(None, 18 * 60, 24 * 60)]


@dataclass(frozen=True)
class Filtre:
    cle: str
    libelle: str
    condition: str  # SQL on lieux_lieu (not aliased)
    params: tuple = ()


def _ouverts(creneaux) -> tuple[str, tuple]:
    return ("EXISTS (SELECT 1 FROM lieux_ouverture o WHERE o.lieu_id = lieux_lieu.uid AND o.creneaux && %s::int4multirange)",
            (texte_multirange(h.cles_pendant(creneaux)),))


def _filtres() -> list[Filtre]:
    filtres = [Filtre("tous", "Tous les lieux", "TRUE")]
    for i, service in enumerate(standard.SERVICES):
        filtres.append(Filtre(f"service-{i}", service, "lieux_lieu.services @> ARRAY[%s]::varchar[]", (service,)))
    filtres.append(Filtre("gratuit", "Gratuit", "lieux_lieu.frais_a_charge @> ARRAY['Gratuit']::varchar[]"))
    filtres.append(Filtre("samedi", "Ouvert le samedi", *_ouverts(SAMEDI)))
    filtres.append(Filtre("sans-rdv", "Sans rendez-vous (se présenter)",
                          "lieux_lieu.modalites_acces @> ARRAY['Se présenter']::varchar[]"))
    return filtres


FILTRES: list[Filtre] = _filtres()
PAR_CLE = {f.cle: f for f in FILTRES}
CLE_SERVICE = {f.libelle: f.cle for f in FILTRES if f.cle.startswith("service-")}


def requete_knn(condition: str, communes: str = COMMUNES, depuis: str = L) -> str:
    """SELECT (commune, distance_m, nb_lieux) for the communes matching `communes` (SQL on lieux_commune `c`), to the
    lieux of `depuis` (lieux_lieu and its joins, unaliased) matching `condition`."""
    return f"""
        SELECT c.code, proche.d, coalesce(n.nb, 0)
        FROM lieux_commune c
        LEFT JOIN LATERAL (
            SELECT {L}.localisation <-> c.point::geography AS d
            FROM {depuis}
            WHERE {LIEUX_ACTIFS} AND ({condition})
            ORDER BY {L}.localisation <-> c.point::geography
            LIMIT 1
        ) proche ON TRUE
        LEFT JOIN (
            SELECT coalesce(cc.commune_parente_id, cc.code) AS code, count(*) AS nb
            FROM {depuis} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id
            WHERE {LIEUX_ACTIFS} AND ({condition})
            GROUP BY 1
        ) n ON n.code = c.code
        WHERE {communes}"""


def calculer(cles: list[str] | None = None, motif: str = "", departements: list[str] | None = None) -> dict[str, float]:
    """Recompute the table for `cles` (default: every filter), one statement per filter, in one transaction (the
    pages keep reading the previous figures until it commits); `departements`: only their communes. Returns the
    seconds each filter took."""
    durees, debut = {}, time.monotonic()
    communes, params_c = COMMUNES, []
    if departements:
        communes, params_c = f"{COMMUNES} AND c.departement_id = ANY(%s)", [list(departements)]
    with transaction.atomic(), connection.cursor() as cur:
        for filtre in (PAR_CLE[c] for c in (cles or PAR_CLE)):
            t = time.monotonic()
            if departements:
                cur.execute(f"DELETE FROM {TABLE} d USING lieux_commune c WHERE d.filtre = %s AND c.code = d.commune_id"
                            f" AND c.departement_id = ANY(%s)", [filtre.cle, list(departements)])
            else:
                cur.execute(f"DELETE FROM {TABLE} WHERE filtre = %s", [filtre.cle])
            cur.execute(
                f"INSERT INTO {TABLE} (commune_id, filtre, distance_m, nb_lieux) "
                f"SELECT code, %s, d, nb FROM ({requete_knn(filtre.condition, communes)}) r(code, d, nb)",
                [filtre.cle, *filtre.params, *filtre.params, *params_c],
            )
            durees[filtre.cle] = time.monotonic() - t
        cur.execute(f"SELECT count(DISTINCT commune_id) FROM {TABLE}")
        communes = cur.fetchone()[0]
        Calcul.objects.create(duree_s=time.monotonic() - debut, communes=communes, motif=motif[:200])
    return durees


def dernier_calcul() -> Calcul | None:
    return Calcul.objects.first()


def knn_en_direct(lieux, communes: str, params_communes=()) -> tuple[str, list]:
    """The same KNN, live, to the lieux of a Django queryset `lieux` (any of the map's filters) for the communes
    matching `communes`: its FROM (lieux_lieu and joins) and WHERE are reused as they are, so that the GiST index
    still walks the lieux nearest-first and the filters are checked on the way (no IN (subquery))."""
    sql, params = lieux.order_by().values("uid").query.sql_with_params()
    depuis, _, condition = sql.partition(" FROM ")[2].partition(" WHERE ")
    if not condition or depuis.count("%s"):
        raise ValueError("requête de lieux inattendue pour le calcul en direct")
    return requete_knn(condition, communes, depuis), [*params, *params, *params_communes]
