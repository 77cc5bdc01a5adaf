"""What the map's aggregation is asked to count: the filtered lieux, and what the maintained counts can answer.

    selection = FiltresLieux(request.GET).selection(bbox=False)
    agregation.agreger(selection, "region")     # kept counts when `selection.critere` is set, else live

The filters (lieux/filtres.py, the one GET parser) build it; lieux/agregation.py builds its queries from it. It is a
plain value handed from one to the other: nothing rides on the queryset (a clone would drop it), and nobody has to
guess from a queryset's SQL whether the maintained counts apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from lieux.critere_comptes import CritereComptes


@dataclass(frozen=True)
class Selection:
    """`lieux`: the active, located lieux as filtered (a LieuQuerySet); `critere`: the same filters in the terms of
    the maintained counts and of the grid index (lieux/projections/comptes.py, lieu_carte_grille), or None when they
    cannot answer (source, « ouvert maintenant », point, box, commune, free-text labels…): counted live."""

    lieux: QuerySet
    critere: CritereComptes | None = None

    @classmethod
    def tous(cls) -> Selection:
        """Every active, located lieu: what the maintained counts hold without any filter."""
        from lieux.models import Lieu

        return cls(Lieu.objects.actifs().localises(), CritereComptes())
