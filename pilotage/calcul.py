"""The precomputed distances of territorial steering (pilotage.models.DistanceCommune), set-based in PostGIS.

For each « filtre précalculé » (FILTRES), one INSERT … SELECT over every commune: a LATERAL nearest-neighbour query
(`ORDER BY localisation <-> point LIMIT 1`, answered by the GiST index of lieux_lieu.localisation, walking the index
nearest-first and skipping the lieux the filter rejects) gives the distance in metres (geography `<->`: on the
sphere, within 0.5 % of the spheroid) from the commune's representative point to the nearest matching active lieu,
and which lieu it is; the counts of the commune's matching lieux follow (pilotage/agregats.py).

Population sits at the commune's representative point (`Commune.point`, inside the commune): our polygons are
simplified, we have no population below the commune, and spreading it over the area would need a population grid
(INSEE Filosofi 200 m squares) that we do not hold. The cost: a large commune with a lieu at one end and its
inhabitants at the other is measured from its point only (docs/pilotage.md).

`calculer` recomputes everything (`manage.py calculer_pilotage`, nightly); after an import only the communes the
import can change are recomputed (pilotage/increments.py). Other combinations of the map's filters are computed live
for one territory (`knn_en_direct`, used by pilotage/chiffres.py).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection, transaction

from lieux import horaires as h
from lieux import standard
from lieux.projections.multirange import texte_multirange

from . import agregats
from .agregats import L, LIEUX_ACTIFS, SAMEDI, TABLE
from .models import Calcul

COMMUNES = "c.type = 'commune-actuelle' AND c.point IS NOT NULL"


@dataclass(frozen=True)
class Filtre:
    cle: str
    libelle: str
    condition: str  # SQL on lieux_lieu (not aliased)
    params: tuple = ()
    condition_comptes: str = ""  # the same where lieux_ouverture is joined as `o` (the counts); default: condition

    @property
    def pour_comptes(self) -> str:
        return self.condition_comptes or self.condition


def _ouverts(creneaux) -> tuple[str, tuple]:
    return ("EXISTS (SELECT 1 FROM lieux_ouverture o WHERE o.lieu_id = lieux_lieu.uid AND o.creneaux && %s::int4multirange)",
            (texte_multirange(h.cles_pendant(creneaux)),))


def _filtres() -> list[Filtre]:
    filtres = [Filtre("tous", "Tous les lieux", "TRUE")]
    for i, service in enumerate(standard.SERVICES):
        filtres.append(Filtre(f"service-{i}", service, "lieux_lieu.services @> ARRAY[%s]::varchar[]", (service,)))
    filtres.append(Filtre("gratuit", "Gratuit", "lieux_lieu.frais_a_charge @> ARRAY['Gratuit']::varchar[]"))
    filtres.append(Filtre("samedi", "Ouvert le samedi", *_ouverts(SAMEDI),
                          condition_comptes="o.creneaux && %s::int4multirange"))
    filtres.append(Filtre("sans-rdv", "Sans rendez-vous (se présenter)",
                          "lieux_lieu.modalites_acces @> ARRAY['Se présenter']::varchar[]"))
    return filtres


FILTRES: list[Filtre] = _filtres()
PAR_CLE = {f.cle: f for f in FILTRES}
CLE_SERVICE = {f.libelle: f.cle for f in FILTRES if f.cle.startswith("service-")}


def requete_plus_proche(condition: str, communes: str = COMMUNES, depuis: str = L) -> str:
    """SELECT (commune, distance_m, uid of the nearest lieu) for the communes matching `communes` (SQL on
    lieux_commune `c`), to the active lieux of `depuis` (lieux_lieu and its joins, or a table aliased lieux_lieu)
    matching `condition`; NULLs when none matches."""
    return f"""
        SELECT c.code, proche.d, proche.uid
        FROM lieux_commune c
        LEFT JOIN LATERAL (
            SELECT {L}.localisation <-> c.point::geography AS d, {L}.uid
            FROM {depuis}
            WHERE {LIEUX_ACTIFS} AND ({condition})
            ORDER BY {L}.localisation <-> c.point::geography
            LIMIT 1
        ) proche ON TRUE
        WHERE {communes}"""


def calculer(cles: list[str] | None = None, motif: str = "", departements: list[str] | None = None) -> dict[str, float]:
    """Recompute the table for `cles` (default: every filter), in one transaction (the pages keep reading the
    previous figures until it commits); `departements`: only their communes. Returns the seconds each filter's
    distances took, and those of the counts (« comptes », every filter in one scan of the lieux)."""
    durees, debut = {}, time.monotonic()
    communes, params_c = COMMUNES, []
    if departements:
        communes, params_c = f"{COMMUNES} AND c.departement_id = ANY(%s)", [list(departements)]
    with transaction.atomic(), connection.cursor() as cur:
        lignes = 0
        for filtre in (PAR_CLE[c] for c in (cles or PAR_CLE)):
            t = time.monotonic()
            if departements:
                cur.execute(f"DELETE FROM {TABLE} d USING lieux_commune c WHERE d.filtre = %s AND c.code = d.commune_id"
                            f" AND c.departement_id = ANY(%s)", [filtre.cle, list(departements)])
            else:
                cur.execute(f"DELETE FROM {TABLE} WHERE filtre = %s", [filtre.cle])
            cur.execute(
                f"INSERT INTO {TABLE} (commune_id, filtre, distance_m, plus_proche, nb_lieux, nb_a_jour, nb_samedi,"
                f" nb_soir, nb_sans_rdv, nb_services, nb_scores) "
                f"SELECT code, %s, d, uid, 0, 0, 0, 0, 0, '{{}}', '{{}}' "
                f"FROM ({requete_plus_proche(filtre.condition, communes)}) r(code, d, uid)",
                [filtre.cle, *filtre.params, *params_c],
            )
            lignes += cur.rowcount
            durees[filtre.cle] = time.monotonic() - t
        t = time.monotonic()
        agregats.mettre_a_jour_comptes(cur, [PAR_CLE[c] for c in (cles or PAR_CLE)])
        agregats.recalculer_sources(cur)
        durees["comptes"] = time.monotonic() - t
        cur.execute(f"SELECT count(DISTINCT commune_id) FROM {TABLE}")
        Calcul.objects.create(duree_s=time.monotonic() - debut, communes=cur.fetchone()[0], motif=motif[:200],
                              mode=Calcul.Mode.COMPLET, distances_recalculees=lignes)
    rendre_lisible()
    return durees


def rendre_lisible() -> None:
    """VACUUM the rows just written (outside any transaction): the pages read them by index-only scans, which visit
    the heap for every page not marked all-visible; an import's rewrite would otherwise double a page's time until
    autovacuum comes by."""
    if not connection.in_atomic_block:
        with connection.cursor() as cur:
            cur.execute(f"VACUUM (ANALYZE) {TABLE}")


def dernier_calcul() -> Calcul | None:
    return Calcul.objects.first()


def knn_en_direct(lieux, communes: str, params_communes=()) -> tuple[str, list]:
    """SELECT (commune, distance_m, nb_lieux), live, to the lieux of a Django queryset `lieux` (any of the map's
    filters) for the communes matching `communes`: its FROM (lieux_lieu and joins) and WHERE are reused as they are,
    so that the GiST index still walks the lieux nearest-first and the filters are checked on the way (no IN
    (subquery))."""
    sql, params = lieux.order_by().values("uid").query.sql_with_params()
    depuis, _, condition = sql.partition(" FROM ")[2].partition(" WHERE ")
    if not condition or depuis.count("%s"):
        raise ValueError("requête de lieux inattendue pour le calcul en direct")
    requete = f"""
        SELECT p.code, p.d, coalesce(n.nb, 0) FROM ({requete_plus_proche(condition, communes, depuis)}) p
        LEFT JOIN (
            SELECT coalesce(cc.commune_parente_id, cc.code) AS code, count(*) AS nb
            FROM {depuis} JOIN lieux_commune cc ON cc.code = {L}.commune_officielle_id
            WHERE {LIEUX_ACTIFS} AND ({condition})
            GROUP BY 1
        ) n ON n.code = p.code"""
    return requete, [*params, *params_communes, *params]
