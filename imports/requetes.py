"""The analysis' SQL, one query per batch: what the source already gave us, ids already written, new primary keys,
points checked against the commune polygons.

Kept apart from the domain steps (`validation`, `territoires`, `placement`: plain functions of a row) so that those
can be read and tested without a database, and so that `analyse` only orchestrates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

TOLERANCE_DEGRES = 0.01  # a point this close to its commune (≈ 1 km) is accepted: polygons are simplified


def existants(source: str, ids: list[str]) -> dict[str, dict]:
    """What this source already gave us for these ids: content hash and the lieu's state."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        # one index lookup per id (joining on unnest keeps that plan even when statistics are stale)
        cursor.execute(
            # the record's own date and state (its lieu may be fresher through another source: lieux/consolidation/),
            # the lieu's position (a position found at the address, or moved by hand, is kept while the address stays)
            """select p.id_source, p.empreinte, l.uid, coalesce(p.date_maj, l.date_maj),
                      case when p.actif and l.statut = 'actif' then 'actif' else 'archive' end,
                      l.precision_localisation, l.adresse, l.code_postal, l.commune, st_y(l.localisation::geometry),
                      st_x(l.localisation::geometry)
               from unnest(%s::text[]) as u(id)
               join lieux_provenance p on p.source = %s and p.id_source = u.id
               join lieux_lieu l on l.uid = p.lieu_id""",
            [ids, source],
        )
        colonnes = ("empreinte", "uid", "date_maj", "statut", "precision", "adresse", "code_postal", "commune",
                    "latitude", "longitude")
        return {row[0]: dict(zip(colonnes, row[1:], strict=True)) for row in cursor.fetchall()}


def numero_deja_ecrit(run_id: int, id_source: str) -> int | None:
    """The row number of an accepted row of this run, already written, with this id (None when there is none)."""
    with connection.cursor() as cursor:
        cursor.execute("select numero from imports_ligneimport where run_id = %s and id_source = %s "
                       "and statut <> 'rejete' limit 1", [run_id, id_source])
        trouve = cursor.fetchone()
        return trouve[0] if trouve else None


def cles_nouvelles(nombre: int) -> list[int]:
    """Primary keys for the lieux a batch would create (unused ones are only a gap in the sequence)."""
    if not nombre:
        return []
    with connection.cursor() as cursor:
        cursor.execute("select array_agg(nextval(pg_get_serial_sequence('lieux_lieu', 'uid'))) "
                       "from generate_series(1, %s)", [nombre])  # one array: far less to fetch than n rows
        return cursor.fetchone()[0]


def _tableau(valeurs) -> str:
    """A PostgreSQL array literal of numbers or COG codes (nothing to quote): sent as one parameter, it costs a
    fraction of a Python list adapted item by item."""
    return "{" + ",".join(map(str, valeurs)) + "}"


@dataclass
class Verification:
    dedans: bool
    inverse_dedans: bool
    distance_km: float | None


def verifie_points(points: dict[int, tuple[str, float, float]]) -> dict[int, Verification]:
    """For each key → (code, lat, lon): is the point in (or ≈1 km from) the commune, and would the swapped point be?"""
    if not points:
        return {}
    cles = list(points)
    with connection.cursor() as cursor:
        cursor.execute(
            """select u.i,
                      st_dwithin(c.geom, p.pt, %s) as dedans,
                      st_intersects(c.geom, st_flipcoordinates(p.pt)) as inverse,
                      case when not st_dwithin(c.geom, p.pt, %s)
                           then st_distance(c.geom::geography, p.pt::geography) / 1000 end
               from unnest(%s::int[], %s::text[], %s::float8[], %s::float8[]) as u(i, code, lon, lat)
               cross join lateral (select st_setsrid(st_makepoint(u.lon, u.lat), 4326) as pt) p
               -- one index lookup per point (offset 0 keeps the planner from a parallel hash join that reads every
               -- commune: 2 to 3 times the time, on three processes)
               cross join lateral (select c.geom from lieux_commune c where c.code = u.code and c.geom is not null
                                   offset 0) c""",
            [TOLERANCE_DEGRES, TOLERANCE_DEGRES, _tableau(cles), _tableau(points[k][0] for k in cles),
             _tableau(points[k][2] for k in cles), _tableau(points[k][1] for k in cles)],
        )
        return {i: Verification(dedans, inverse, distance) for i, dedans, inverse, distance in cursor.fetchall()}


def communes_contenant(points: dict[int, tuple[float, float]]) -> dict[int, str]:
    """The current commune (or arrondissement) containing each (lat, lon)."""
    if not points:
        return {}
    cles = list(points)
    with connection.cursor() as cursor:
        cursor.execute(
            """select u.i, c.code
               from unnest(%s::int[], %s::float8[], %s::float8[]) as u(i, lat, lon)
               join lieux_commune c on st_intersects(c.geom, st_setsrid(st_makepoint(u.lon, u.lat), 4326))
               where c.commune_parente_id is null or c.type = 'arrondissement-municipal'
               order by u.i, c.commune_parente_id is not null""",
            [_tableau(cles), _tableau(points[k][0] for k in cles), _tableau(points[k][1] for k in cles)],
        )
        resultat = {}
        for i, code in cursor.fetchall():
            resultat[i] = code  # the arrondissement, listed last, wins over its city
        return resultat
