"""`date_maj` in every shape producers write it: ISO, ISO date-time, dd/mm/yyyy, yyyy/mm/dd, Unix timestamps."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_ANNEE_DEBUT = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?$")
_FRANCAISE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:\s+(?:à\s+)?\d{1,2}[:h]\d{2}(?::\d{2})?)?$")
_HORODATAGE = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
EXEMPLE = "2024-04-02 ou 02/04/2024"


def _date(annee: int, mois: int, jour: int, texte: str) -> dt.date:
    try:
        return dt.date(annee, mois, jour)
    except ValueError as erreur:
        raise ValueError(f"« {texte} » n'est pas une date du calendrier.") from erreur


def parse_date(texte: str) -> dt.date:
    """The date a cell stands for; ValueError with a French message otherwise."""
    texte = (texte or "").strip()
    if not texte:
        raise ValueError("date absente")
    if trouve := _ISO.match(texte):
        annee, mois, jour, heure, minute, seconde, zone = trouve.groups()
        if heure is None or zone is None:
            return _date(int(annee), int(mois), int(jour), texte)
        instant = dt.datetime.fromisoformat(texte.replace("Z", "+00:00").replace(" ", "T", 1))
        return instant.astimezone(dt.UTC).date()  # the national publisher writes the UTC date
    if trouve := _ANNEE_DEBUT.match(texte):
        return _date(int(trouve[1]), int(trouve[2]), int(trouve[3]), texte)
    if trouve := _FRANCAISE.match(texte):
        annee = int(trouve[3])
        if annee < 100:
            annee += 2000 if annee < 70 else 1900
        return _date(annee, int(trouve[2]), int(trouve[1]), texte)
    if _HORODATAGE.match(texte):
        secondes = float(texte) / (1000 if len(texte.split(".")[0]) == 13 else 1)
        return dt.datetime.fromtimestamp(secondes, tz=dt.UTC).date()
    raise ValueError(f"« {texte} » n'est pas une date lisible (attendu {EXEMPLE}).")
