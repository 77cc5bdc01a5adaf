"""An int4multirange column (Django has none), and its `&&` lookup: the key space of the precomputed availability.

Used by `Ouverture.creneaux` / `Ouverture.valeurs` and by the analyses of `horaires` texts (lieux/projections/
analyses.py); `texte_multirange` writes the literal PostgreSQL reads, for COPY, lookups and the triggers' SQL.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Lookup
from psycopg.types.multirange import Int4Multirange
from psycopg.types.range import Range


class Int4MultirangeField(models.Field):
    """A PostgreSQL int4multirange, read and written as a list of half-open (start, end) integer pairs."""

    description = "Intervalles d'entiers (int4multirange)"

    def db_type(self, connection):
        return "int4multirange"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, str):  # not adapted by psycopg (e.g. a raw cursor with another loader)
            raise TypeError("int4multirange attendu sous forme de Multirange psycopg")
        return [(r.lower, r.upper) for r in value]

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None or isinstance(value, Int4Multirange):
            return value
        return Int4Multirange([Range(int(a), int(b), "[)") for a, b in value])


@Int4MultirangeField.register_lookup
class Chevauche(Lookup):
    """`creneaux__chevauche=[(a, b), …]`: some interval overlaps one of these (`&&`, which GiST answers; the
    multirange opclass keys on the overall bounds, so the index narrows and PostgreSQL rechecks the row)."""

    lookup_name = "chevauche"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} && %s::int4multirange", [*lhs_params, texte_multirange(self.rhs)]


def texte_multirange(intervalles) -> str:
    """'{[a,b),[c,d)}': the literal PostgreSQL reads (used in COPY and in lookups)."""
    return "{" + ",".join(f"[{int(a)},{int(b)})" for a, b in intervalles) + "}"
