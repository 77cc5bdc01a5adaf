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
    return Blocage(enregistrements, distance, taille_max_identifiant, entre_sources).paires(nouveaux)


class Blocage:
    """The blocking keys of all records, built once; `paires(nouveaux)` may then be asked several times (the door
    rule of appariement.py reads again the candidates of a few old records)."""

    def __init__(self, enregistrements: Sequence[dict], distance: float = DISTANCE_BLOCAGE,
                 taille_max_identifiant: int = TAILLE_MAX_IDENTIFIANT, entre_sources: bool = False) -> None:
        self.enregistrements = enregistrements
        self.distance = distance
        self.entre_sources = entre_sources
        self.blocs: list[tuple[str, int, dict[str, list[int]]]] = []
        communes: dict[str, list[int]] = defaultdict(list)
        sirets: dict[str, list[int]] = defaultdict(list)
        telephones: dict[str, list[int]] = defaultdict(list)
        courriels: dict[str, list[int]] = defaultdict(list)
        self.cles: list[list[tuple[int, str]]] = []  # per record: (index of its family of blocks, key)
        for i, e in enumerate(enregistrements):
            cles = [(0, c) for c in cles_commune(e)]
            if p := cle_pivot(str(e.get("pivot") or "")):
                cles.append((1, p))
            cles += [(2, t) for t in cle_telephone(str(e.get("telephone") or ""))]
            cles += [(3, m) for m in cle_courriel(str(e.get("courriel") or ""))]
            for famille, cle in cles:
                (communes, sirets, telephones, courriels)[famille][cle].append(i)
            self.cles.append(cles)
        self.blocs = [("commune", TAILLE_MAX_COMMUNE, communes), ("siret", taille_max_identifiant, sirets),
                      ("telephone", taille_max_identifiant, telephones),
                      ("courriel", taille_max_identifiant, courriels)]
        self.d_lat = distance / _M_PAR_DEGRE_LAT
        self.d_lon = distance / (_M_PAR_DEGRE_LAT * _COS_LAT_MAX)
        self.grille: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.points: dict[int, tuple[float, float]] = {}
        for i, e in enumerate(enregistrements):
            if (p := point_de(e)) is not None:
                self.points[i] = p
                self.grille[self._cellule(p)].append(i)

    def _cellule(self, p: tuple[float, float]) -> tuple[int, int]:
        return math.floor(p[0] / self.d_lat), math.floor(p[1] / self.d_lon)

    def paires(self, nouveaux: Iterable[int] | None = None) -> Paires:
        """Pairs with at least one record of `nouveaux` (all records when None): never old × old."""
        enregistrements = self.enregistrements
        nouveaux_set = set(range(len(enregistrements))) if nouveaux is None else set(nouveaux)
        paires = Paires()

        def garde(i: int, j: int) -> bool:
            if self.entre_sources and enregistrements[i].get("source") == enregistrements[j].get("source"):
                return False
            return True

        for famille, (raison, taille_max, blocs) in enumerate(self.blocs):
            for i in sorted(nouveaux_set):  # new × all of the block
                for f, cle in self.cles[i]:
                    if f != famille:
                        continue
                    membres = blocs[cle]
                    if len(membres) < 2 or len(membres) > taille_max:
                        continue
                    for j in membres:
                        if i != j and garde(i, j):
                            paires.ajoute(i, j, raison)
        for i in sorted(nouveaux_set & self.points.keys()):
            p = self.points[i]
            cy, cx = self._cellule(p)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    for j in self.grille.get((cy + dy, cx + dx), ()):
                        if j != i and garde(i, j) and distance_m(p, self.points[j]) <= self.distance:
                            paires.ajoute(i, j, "distance")
        return paires
