"""A person's change to a lieu — a coordinator in the admin, an accepted contribution, a lieu's manager invited to
edit it — applied through one function, so that every such change is recorded the same way.

`modifier_lieu` writes the values (standard column names, plus `latitude`/`longitude`), then returns the names of
the fields that really changed. `declarer_lieu` creates a new lieu from a declaration, as a record of the source
« contributions » so that consolidation treats it like any other record.

(Skeleton: the locks that protect these fields from the next import are added by lieux/verrous.py.)
"""

from __future__ import annotations

from django.contrib.gis.geos import Point
from django.db import transaction

from lieux import standard
from lieux.historique_contexte import contexte
from lieux.models import Lieu

SOURCE_CONTRIBUTIONS = "contributions"


def _champs_modifiables() -> set[str]:
    return (set(standard.COLONNES) - {"id", "latitude", "longitude"})


def valeurs_du_lieu(lieu: Lieu) -> dict:
    """The lieu's values by the standard's column names (what a diff compares against)."""
    valeurs = {nom: getattr(lieu, nom) for nom in _champs_modifiables() if hasattr(lieu, nom)}
    if lieu.localisation is not None:
        valeurs["latitude"], valeurs["longitude"] = round(lieu.localisation.y, 6), round(lieu.localisation.x, 6)
    return {k: (str(v) if hasattr(v, "isoformat") else v) for k, v in valeurs.items()}


@transaction.atomic
def modifier_lieu(lieu: Lieu, valeurs: dict, *, par=None, origine: str = "") -> list[str]:
    avant = valeurs_du_lieu(lieu)
    modifies = []
    for nom, valeur in valeurs.items():
        if nom in ("latitude", "longitude") or nom not in _champs_modifiables():
            continue
        if avant.get(nom) != valeur:
            setattr(lieu, nom, valeur)
            modifies.append(nom)
    if "latitude" in valeurs and "longitude" in valeurs and valeurs["latitude"] is not None:
        if (avant.get("latitude"), avant.get("longitude")) != (valeurs["latitude"], valeurs["longitude"]):
            lieu.localisation = Point(float(valeurs["longitude"]), float(valeurs["latitude"]), srid=4326)
            modifies += ["latitude", "longitude"]
    if modifies:
        with contexte(origine or "modification dans l'espace des coordinateurs", par=par):  # its history's label
            lieu.save()
    return modifies
