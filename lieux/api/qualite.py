"""The API list's filters for re-users: `score_qualite_min` (the quality score, lieux/qualite.py) and
`modifie_depuis` (a date or an instant: lieux whose data changed since, read on `Lieu.modifie_le`, which every writer
moves: an import's application, modifier_lieu, the admin, a merge). Documented in the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from lieux.parametres import MODIFIE_DEPUIS, PARIS, SCORE_QUALITE_MIN


def lire_score_min(texte: str | None) -> int | None:
    if texte in (None, ""):
        return None
    try:
        valeur = int(texte)
    except ValueError:
        valeur = None
    if valeur is None or not 0 <= valeur <= 100:
        raise ValidationError({"erreurs": [f"« {SCORE_QUALITE_MIN.nom} » doit être un entier de 0 à 100."]})
    return valeur


def lire_instant(texte: str | None) -> dt.datetime | None:
    """`2026-03-01` (from the start of that day in Paris) or `2026-03-01T08:30:00[+01:00]` (Paris when naive)."""
    if texte in (None, ""):
        return None
    try:
        instant = parse_datetime(texte)
        jour = None if instant else parse_date(texte)
    except ValueError:
        instant = jour = None
    if instant is None and jour is None:
        raise ValidationError({"erreurs": [f"« {MODIFIE_DEPUIS.nom} » doit être une date AAAA-MM-JJ ou un instant "
                                           "ISO 8601 (ex. 2026-03-01T08:30:00+01:00)."]})
    if instant is None:
        instant = dt.datetime.combine(jour, dt.time.min)
    return instant if instant.tzinfo else instant.replace(tzinfo=PARIS)


def filtrer(queryset, parametres):
    score_min = lire_score_min(parametres.get(SCORE_QUALITE_MIN.nom))
    depuis = lire_instant(parametres.get(MODIFIE_DEPUIS.nom))
    if score_min is not None:
        queryset = queryset.filter(qualite__score__gte=score_min)
    if depuis is not None:
        queryset = queryset.filter(modifie_le__gte=depuis)
    return queryset


class FiltresQualiteBackend(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        return filtrer(queryset, request.query_params)

    def get_schema_operation_parameters(self, view):
        return [
            {"name": SCORE_QUALITE_MIN.nom, "in": "query", "required": False, "description": SCORE_QUALITE_MIN.aide,
             "schema": {"type": "integer", "minimum": 0, "maximum": 100}},
            {"name": MODIFIE_DEPUIS.nom, "in": "query", "required": False, "description": MODIFIE_DEPUIS.aide,
             "schema": {"type": "string", "format": "date-time"},
             "examples": {"date": {"value": "2026-03-01"}, "instant": {"value": "2026-03-01T08:30:00+01:00"}}},
        ]
