"""The RGAA 4.1 self-audit grid (`docs/rgaa/grille.csv`) and what the declaration page says of it.

One line per criterion: `critere;thematique;intitule;statut;pages;verification`, statut C (conforme), NC (non
conforme) or NA (non applicable). The rate is the share of conforming criteria among the applicable ones, as the
RGAA's method computes it (« taux moyen » aside).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

GRILLE = Path(settings.BASE_DIR) / "docs" / "rgaa" / "grille.csv"
STATUTS = {"C": "Conforme", "NC": "Non conforme", "NA": "Non applicable"}


@dataclass(frozen=True)
class Critere:
    numero: str
    thematique: str
    intitule: str
    statut: str
    pages: str
    verification: str

    @property
    def statut_libelle(self) -> str:
        return STATUTS[self.statut]


@dataclass(frozen=True)
class Bilan:
    conformes: int
    non_conformes: int
    non_applicables: int

    @property
    def applicables(self) -> int:
        return self.conformes + self.non_conformes

    @property
    def taux(self) -> float:
        return 100 * self.conformes / self.applicables if self.applicables else 100.0

    @property
    def niveau(self) -> str:
        """The RGAA's three levels: totalement (100 %), partiellement (≥ 50 %), non conforme."""
        if self.non_conformes == 0:
            return "totalement conforme"
        return "partiellement conforme" if self.taux >= 50 else "non conforme"


@lru_cache(maxsize=1)
def lire_grille(chemin: Path = GRILLE) -> tuple[Critere, ...]:
    with open(chemin, encoding="utf-8", newline="") as f:
        lignes = [l for l in csv.DictReader(f, delimiter=";")]
    criteres = tuple(Critere(**{k: (v or "").strip() for k, v in l.items()}) for l in lignes)
    inconnus = [c.numero for c in criteres if c.statut not in STATUTS]
    if inconnus:
        raise ValueError(f"statut inconnu dans {chemin.name} : {inconnus}")
    return criteres


@lru_cache(maxsize=1)
def niveau_declare() -> str:
    """The level the footer of every page states, computed once per process from the grid."""
    return bilan(lire_grille()).niveau


def bilan(grille) -> Bilan:
    compte = {s: sum(1 for c in grille if c.statut == s) for s in STATUTS}
    return Bilan(compte["C"], compte["NC"], compte["NA"])
