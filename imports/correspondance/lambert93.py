"""Lambert-93 (EPSG:2154) → latitude/longitude: IGN's documented inverse of the Lambert conformal conic projection.

Why not pyproj: one projection, one formula (IGN, « Projection cartographique conique conforme de Lambert »,
notes ALG0004 and ALG0001, with the Lambert-93 constants of the RGF93 — NTG_71), a dozen lines with tests on known
points, against a compiled dependency of several megabytes for the import's second process. RGF93 and WGS84 differ by
a few centimetres: no datum shift is needed at the scale of a lieu on a map.
"""

from __future__ import annotations

import math

# Lambert-93 constants (IGN): projection exponent, constant, false easting/northing of the pole, central meridian
N = 0.7256077650532670
C = 11754255.426096
XS = 700000.0
YS = 12655612.049876
E = 0.0818191910428158  # first eccentricity of the GRS80 ellipsoid
LAMBDA_C = math.radians(3.0)
# the projection's validity domain (metropolitan France and a margin), EPSG:2154
X_MIN, X_MAX, Y_MIN, Y_MAX = -400_000.0, 1_400_000.0, 5_900_000.0, 7_300_000.0


def latitude_isometrique_inverse(latitude_iso: float, tolerance: float = 1e-12) -> float:
    """ALG0001: the latitude (radians) of an isometric latitude, by fixed-point iteration."""
    phi = 2 * math.atan(math.exp(latitude_iso)) - math.pi / 2
    for _ in range(20):
        sinus = E * math.sin(phi)
        suivant = 2 * math.atan(((1 + sinus) / (1 - sinus)) ** (E / 2) * math.exp(latitude_iso)) - math.pi / 2
        if abs(suivant - phi) < tolerance:
            return suivant
        phi = suivant
    return phi


def vers_wgs84(x: float, y: float) -> tuple[float, float] | None:
    """(latitude, longitude) in degrees of the Lambert-93 point (x, y) in metres; None outside the projection's
    domain (a value in another system, or latitude/longitude given by mistake)."""
    if not (X_MIN <= x <= X_MAX and Y_MIN <= y <= Y_MAX):
        return None
    dx, dy = x - XS, y - YS
    rayon = math.hypot(dx, dy)
    gamma = math.atan2(dx, -dy)
    longitude = LAMBDA_C + gamma / N
    latitude = latitude_isometrique_inverse(-math.log(rayon / C) / N)
    return round(math.degrees(latitude), 7), round(math.degrees(longitude), 7)
