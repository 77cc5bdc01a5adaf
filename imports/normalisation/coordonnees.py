"""Coordinates: decimal commas, placeholders, Lambert-93 reprojected, a probable latitude/longitude swap spotted.

Whether a point is swapped is decided against the commune's polygon (is the point outside it, and the swapped point
inside?) in `imports.analyse`; here only what the two numbers alone tell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache

from .texte import en_texte, est_vide

# Bounding boxes (lat min, lat max, lon min, lon max) of France and its overseas territories.
EMPRISES = {
    "métropole": (41.0, 51.6, -5.8, 10.0),
    "Antilles": (14.3, 18.2, -63.2, -60.7),
    "Guyane": (2.0, 6.0, -54.7, -51.5),
    "La Réunion": (-21.5, -20.8, 55.1, 55.9),
    "Mayotte": (-13.1, -12.5, 44.9, 45.4),
    "Saint-Pierre-et-Miquelon": (46.7, 47.2, -56.5, -56.0),
    "Nouvelle-Calédonie": (-23.0, -19.0, 163.0, 169.0),
    "Polynésie française": (-28.0, -7.0, -155.0, -134.0),
    "Wallis-et-Futuna": (-14.5, -13.0, -178.5, -176.0),
}
# Lambert-93 (EPSG:2154) over metropolitan France: eastings and northings in metres.
LAMBERT93_X = (50_000.0, 1_300_000.0)
LAMBERT93_Y = (6_000_000.0, 7_200_000.0)
_NOMBRE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")


def parse_nombre(valeur) -> float | None:
    """A decimal number from a cell (« 43,36 » → 43.36); None for an empty cell; ValueError for text."""
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        return None if isinstance(valeur, float) and math.isnan(valeur) else float(valeur)
    texte = en_texte(valeur).strip().replace("\xa0", "").replace(" ", "")
    if not texte or est_vide(texte):
        return None
    if not _NOMBRE.match(texte):
        raise ValueError(f"« {en_texte(valeur).strip()} » n'est pas un nombre.")
    return float(texte.replace(",", "."))


def en_france(lat: float, lon: float) -> str | None:
    """The part of France whose box holds the point, or None."""
    for nom, (lat_min, lat_max, lon_min, lon_max) in EMPRISES.items():
        if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
            return nom
    return None


@cache
def _transformation_lambert93():
    from django.contrib.gis.gdal import CoordTransform, SpatialReference

    return CoordTransform(SpatialReference(2154), SpatialReference(4326))


def lambert93_vers_wgs84(x: float, y: float) -> tuple[float, float]:
    """(latitude, longitude) of a Lambert-93 point."""
    from django.contrib.gis.geos import Point

    point = Point(x, y, srid=2154)
    point.transform(_transformation_lambert93())
    return point.y, point.x


def _est_lambert93(x: float, y: float) -> bool:
    return LAMBERT93_X[0] <= x <= LAMBERT93_X[1] and LAMBERT93_Y[0] <= y <= LAMBERT93_Y[1]


@dataclass
class Coordonnees:
    latitude: float | None = None
    longitude: float | None = None
    avertissements: list[str] = field(default_factory=list)
    inversees: bool = False  # probably swapped (outside France, inside once swapped): not corrected here
    lambert93: bool = False


def normalise_coordonnees(latitude, longitude) -> Coordonnees:
    """WGS84 latitude and longitude from two raw cells, with what was done to them."""
    resultat = Coordonnees()
    try:
        lat, lon = parse_nombre(latitude), parse_nombre(longitude)
    except ValueError as erreur:
        resultat.avertissements.append(f"coordonnées ignorées : {erreur}")
        return resultat
    if lat is None and lon is None:
        return resultat
    if lat is None or lon is None:
        resultat.avertissements.append("coordonnées ignorées : latitude ou longitude manquante")
        return resultat
    if lat == 0 or lon == 0:
        resultat.avertissements.append(f"coordonnées ignorées : ({lat:g}, {lon:g}) n'est pas une position réelle")
        return resultat
    if abs(lat) > 90 or abs(lon) > 180:
        if _est_lambert93(lon, lat) or _est_lambert93(lat, lon):
            x, y = (lon, lat) if _est_lambert93(lon, lat) else (lat, lon)
            resultat.latitude, resultat.longitude = (round(v, 6) for v in lambert93_vers_wgs84(x, y))
            resultat.lambert93 = True
            resultat.avertissements.append(
                f"coordonnées en Lambert-93 (x = {x:.0f}, y = {y:.0f}) converties en WGS84 "
                f"({resultat.latitude}, {resultat.longitude})"
            )
            return resultat
        resultat.avertissements.append(
            f"coordonnées ignorées : ({lat:.6g}, {lon:.6g}) ne sont ni des degrés WGS84 ni du Lambert-93"
        )
        return resultat
    resultat.latitude, resultat.longitude = lat, lon
    # outside France, but inside once swapped: the commune's polygon decides later (or this box when no commune)
    resultat.inversees = en_france(lat, lon) is None and en_france(lon, lat) is not None
    return resultat
