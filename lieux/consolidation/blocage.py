"""Candidate pairs: which records are worth comparing at all, without ever comparing all pairs.

Why several keys: a source may give no point (4 of 792 PACA rows), another a point 300 m off (the town-hall
centroid), another no INSEE code (769 of 792): each key misses some true pairs that another catches. A pair is
a candidate when the two records share at least one of:
- a commune: INSEE code or postcode (both are tried, since one source gives only the one, another only the
  other);
- a cell of a grid of `distance_m` metres, then a real distance ≤ `distance_m` (pure Python, no PostGIS
  needed);
- a SIRET, a telephone or an e-mail, unless that value is shared by more than `taille_max_identifiant` records
  (a commune's SIRET on all its sites, a national hotline): such a value says nothing and would flood the
  pairs. Being a candidate is not evidence: the score decides. Incremental use: give `nouveaux` (the keys of
  new or changed records) and only pairs with at least one of them are returned.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from lieux import regles
from lieux.consolidation.score import cle_courriel, cle_pivot, cle_telephone, distance_m, point_de

DISTANCE_BLOCAGE = 200.0  # metres
TAILLE_MAX_IDENTIFIANT = 20  # a SIRET/phone/e-mail on more records than this is not a key
TAILLE_MAX_COMMUNE = 5000  # guard only: a commune block larger than this is split by the other keys

_M_PAR_DEGRE_LAT = 111_320.0
# cells wide enough in longitude up to 72° of latitude (all of France's territories)
_COS_LAT_MAX = math.cos(math.radians(72))


def cles_commune(e: dict) -> list[str]:
    cles = []
    if insee := regles.normalise_code_insee(str(e.get("code_insee") or "")):
        cles.append("insee:" + insee)
    if cp := regles.normalise_code_postal(str(e.get("code_postal") or "")):
        cles.append("cp:" + cp)
    return cles


class Paires:
    """Candidate pairs (i < j, positions in the input list) with the keys that proposed each."""

    def __init__(self) -> None:
        self.raisons: dict[tuple[int, int], set[str]] = defaultdict(set)

    def ajoute(self, i: int, j: int, raison: str) -> None:
        if i != j:
            self.raisons[(i, j) if i < j else (j, i)].add(raison)

    def __len__(self) -> int:
        return len(self.raisons)

    def __iter__(self):
        return iter(sorted(self.raisons))

    def par_raison(self) -> dict[str, int]:
        compte: dict[str, int] = defaultdict(int)
        for raisons in self.raisons.values():
            for r in raisons:
                compte[r] += 1
        return dict(sorted(compte.items()))


def paires_candidates(
    enregistrements: Sequence[dict],
    nouveaux: Iterable[int] | None = None,
    distance: float = DISTANCE_BLOCAGE,
    taille_max_identifiant: int = TAILLE_MAX_IDENTIFIANT,
    entre_sources: bool = False,
) -> Paires:
    """Pairs of positions in `enregistrements` worth scoring.

    `nouveaux`: positions of new or changed records; None means all (a full run, `consolider --tout`).
    `entre_sources`: only pairs from two different `source` values (each source deduplicated on its own
    before).
    """
    n = len(enregistrements)
    nouveaux_set = set(range(n)) if nouveaux is None else set(nouveaux)
    paires = Paires()

    def garde(i: int, j: int) -> bool:
        if i not in nouveaux_set and j not in nouveaux_set:
            return False
        if entre_sources and enregistrements[i].get("source") == enregistrements[j].get("source"):
            return False
        return True

    def par_blocs(blocs: dict[str, list[int]], raison: str, taille_max: int) -> None:
        for membres in blocs.values():
            if len(membres) < 2 or len(membres) > taille_max:
                continue
            neufs = [i for i in membres if i in nouveaux_set]
            for i in neufs:  # new × all of the block: never old × old again
                for j in membres:
                    if i != j and garde(i, j):
                        paires.ajoute(i, j, raison)

    communes: dict[str, list[int]] = defaultdict(list)
    sirets: dict[str, list[int]] = defaultdict(list)
    telephones: dict[str, list[int]] = defaultdict(list)
    courriels: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(enregistrements):
        for c in cles_commune(e):
            communes[c].append(i)
        if p := cle_pivot(str(e.get("pivot") or "")):
            sirets[p].append(i)
        for t in cle_telephone(str(e.get("telephone") or "")):
            telephones[t].append(i)
        for m in cle_courriel(str(e.get("courriel") or "")):
            courriels[m].append(i)
    par_blocs(communes, "commune", TAILLE_MAX_COMMUNE)
    par_blocs(sirets, "siret", taille_max_identifiant)
    par_blocs(telephones, "telephone", taille_max_identifiant)
    par_blocs(courriels, "courriel", taille_max_identifiant)
    _par_distance(enregistrements, nouveaux_set, distance, garde, paires)
    return paires


def _par_distance(enregistrements, nouveaux_set, distance, garde, paires: Paires) -> None:
    """A grid of cells at least `distance` metres wide: neighbours are in the same or an adjacent cell."""
    d_lat = distance / _M_PAR_DEGRE_LAT
    d_lon = distance / (_M_PAR_DEGRE_LAT * _COS_LAT_MAX)
    grille: dict[tuple[int, int], list[int]] = defaultdict(list)
    points: dict[int, tuple[float, float]] = {}
    for i, e in enumerate(enregistrements):
        if (p := point_de(e)) is not None:
            points[i] = p
            grille[(math.floor(p[0] / d_lat), math.floor(p[1] / d_lon))].append(i)
    for i in sorted(nouveaux_set & points.keys()):
        p = points[i]
        cy, cx = math.floor(p[0] / d_lat), math.floor(p[1] / d_lon)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for j in grille.get((cy + dy, cx + dx), ()):
                    if j != i and garde(i, j) and distance_m(p, points[j]) <= distance:
                        paires.ajoute(i, j, "distance")
