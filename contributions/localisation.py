"""Where a contributed lieu is: its point (typed, chosen in the address suggestions, or geocoded by the BAN when the
form was sent without JavaScript) and its commune of the Code officiel géographique, which routes the contribution
to the coordinators of that territory.

The commune is found as an import finds it: the INSEE code given by the address suggestion, else the commune whose
polygon holds the point, else the name and postcode typed (imports.territoires.IndexCommunes.cherche).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.gis.geos import Point

from imports.territoires import IndexCommunes
from lieux import ban
from lieux.models import Commune

NATURES_PRECISES = ("housenumber", "street", "locality")


@dataclass(frozen=True)
class Position:
    latitude: float
    longitude: float
    code_insee: str = ""


def geocoder(adresse: str, code_postal: str, commune: str) -> Position | None:
    """The BAN's point for this address (a number, a street or a lieu-dit in that postcode), None when the BAN does
    not answer or finds nothing precise enough: a coordinator places the lieu then."""
    texte = " ".join(p for p in (adresse, code_postal, commune) if p)
    trouvees = ban.rechercher(texte, limite=1) or []
    for t in trouvees:
        if t.get("nature") in NATURES_PRECISES and (not code_postal or t.get("code_postal") in ("", code_postal)):
            return Position(t["lat"], t["lon"], t.get("code_insee", ""))
    return None


def commune_officielle(code_insee: str = "", commune: str = "", code_postal: str = "",
                       latitude: float | None = None, longitude: float | None = None) -> Commune | None:
    if code_insee and (trouvee := Commune.objects.filter(code=code_insee.strip().upper()).first()):
        return trouvee
    if latitude is not None and longitude is not None:
        point = Point(float(longitude), float(latitude), srid=4326)
        contenante = (Commune.objects.filter(geom__contains=point)
                      .order_by("commune_parente_id").values_list("code", flat=True).first())
        if contenante:
            return Commune.objects.get(code=contenante)
    if commune or code_postal:
        info = IndexCommunes.charger().cherche(commune or "", code_postal or "")
        if info is not None:
            return Commune.objects.filter(code=info.code).first()
    return None
