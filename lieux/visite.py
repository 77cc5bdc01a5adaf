"""Where the visitor of a lieu's sheet comes from: the orientation results link to
`/lieux/<uid>/?retour=<relative path>&de=<lat>,<lon>`, and the sheet shows « Retour aux résultats » and « à 2,3 km ».

Both values come from the address bar, so anyone can forge them: `retour` is kept only when it is a path on this
site (never another host, scheme or `javascript:`), `de` only when it reads as two coordinates on Earth. Anything
else is dropped silently, never reflected in the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.gis.geos import Point
from django.utils.http import url_has_allowed_host_and_scheme

LONGUEUR_MAX_RETOUR = 2000


def retour_sur(valeur: str | None, hote: str, https: bool = False) -> str:
    """`valeur` if it is a relative path of this site ("/orientation/resultats/?…"), else ""."""
    valeur = (valeur or "").strip()
    if not valeur.startswith("/") or valeur.startswith("//") or len(valeur) > LONGUEUR_MAX_RETOUR:
        return ""
    if any(ord(c) < 32 or ord(c) == 127 for c in valeur):  # no control character (CR/LF, tab) in a link
        return ""
    if not url_has_allowed_host_and_scheme(valeur, allowed_hosts={hote}, require_https=https):
        return ""
    return valeur


def point_de_depart(valeur: str | None) -> Point | None:
    """"47.4739,-0.5536" (latitude, longitude in WGS84) → a Point, or None when it does not read as coordinates."""
    morceaux = (valeur or "").split(",")
    if len(morceaux) != 2 or len(valeur) > 60:
        return None
    try:
        lat, lon = (float(m.strip()) for m in morceaux)
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return Point(lon, lat, srid=4326)


def distance_lisible(metres: float) -> str:
    """850 → « 850 m », 2345 → « 2,3 km », 23456 → « 23 km » (French decimal comma)."""
    if metres < 1000:
        return f"{round(metres, -1):.0f} m"
    return f"{metres / 1000:.1f} km".replace(".", ",") if metres < 10_000 else f"{metres / 1000:.0f} km"


@dataclass(frozen=True)
class Visite:
    retour: str = ""
    depart: Point | None = None

    @classmethod
    def depuis(cls, request) -> Visite:
        return cls(retour=retour_sur(request.GET.get("retour"), request.get_host(), request.is_secure()),
                   depart=point_de_depart(request.GET.get("de")))

    def parametres(self) -> str:
        """The validated values as a query string (kept on the report form and after it), "" when none."""
        valeurs = []
        if self.retour:
            valeurs.append(("retour", self.retour))
        if self.depart is not None:
            valeurs.append(("de", f"{self.depart.y:.6f},{self.depart.x:.6f}"))
        return urlencode(valeurs)
