"""What the maintained counts (lieux/projections/comptes.py) and the grid index (lieu_carte_grille) can answer: the
active, located lieux narrowed by bits of `masque_carte` and by régions / départements. lieux.filtres builds it from
the map's filters into a lieux.selection.Selection; lieux.agregation reads it there."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CritereComptes:
    """A filtered selection in the terms of the maintained counts (lieux/projections/comptes.py): one OR-mask per filter
    (each must meet `masque_carte`) and the régions / départements it is bounded to (None: not bounded)."""

    masques: tuple[int, ...] = ()
    regions: tuple[str, ...] | None = None
    departements: tuple[str, ...] | None = None
