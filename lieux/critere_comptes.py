"""What the maintained counts (lieux/projections/comptes.py) and the grid index (lieu_carte_grille) can answer: the
active, located lieux narrowed by bits of `masque_carte` and by régions / départements. lieux.filtres builds it from
the map's filters; lieux.agregation reads it."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class CritereComptes:
    """A filtered queryset in the terms of the maintained counts (lieux/projections/comptes.py): one OR-mask per filter
    (each must meet `masque_carte`) and the régions / départements it is bounded to (None: not bounded)."""

    masques: tuple[int, ...] = ()
    regions: tuple[str, ...] | None = None
    departements: tuple[str, ...] | None = None


def est_la_base_des_comptes(queryset) -> bool:
    """True when `queryset` is exactly the active, located lieux: the population of the maintained counts."""
    from lieux.models import Lieu

    requete = queryset.query
    return (queryset.model is Lieu and requete.combinator is None and not requete.extra and not requete.distinct
            and requete.low_mark == 0 and requete.high_mark is None
            and requete.where == _conditions_de_base())


@functools.cache
def _conditions_de_base():
    from lieux.models import Lieu

    return Lieu.objects.actifs().localises().query.where
