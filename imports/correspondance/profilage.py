"""Column profiles of a file, with pandas: what the suggestion looks at, computed in one pass over the rows.

A sample of rows (the first `ECHANTILLON` rows, then a reservoir sample of the rest, seeded: the same file always
gives the same suggestion) becomes a DataFrame; each column is profiled from it (fill rate, distinct values with
their counts, examples). Columns that look enumerated (few distinct values) are also counted over the WHOLE input,
chunk by chunk, so that a value map lists every value of the file and its real row count.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

import pandas as pd

ECHANTILLON = 5000
PAQUET = 20_000
DISTINCTES_MAX = 2000  # beyond this many distinct values in a column, it is not enumerated


def en_texte(valeur) -> str:
    """A cell as text: None → "", a GeoJSON object → its JSON, 49650 → "49650"."""
    if valeur is None:
        return ""
    if isinstance(valeur, str):
        return valeur.strip()
    if isinstance(valeur, (dict, list)):
        return json.dumps(valeur, ensure_ascii=False)
    if isinstance(valeur, float) and valeur != valeur:
        return ""
    return str(valeur).strip()


def _nettoie(compte: Counter) -> Counter | None:
    """Raw cells counted → text values counted (None and blanks dropped, « 49650 » and 49650 together)."""
    propre: Counter = Counter()
    for valeur, nombre in compte.items():
        texte = en_texte(valeur)
        if texte:
            propre[texte] += nombre
    return propre if len(propre) <= DISTINCTES_MAX else None


@dataclass
class ProfilColonne:
    colonne: str
    rang: int
    remplissage: float  # share of sampled rows with a value
    valeurs: pd.Series  # sampled non-empty values → count (value_counts)
    toutes: Counter | None  # whole input: value → count, None when too many distinct values
    exemples: tuple[str, ...]

    @property
    def distinctes(self) -> float:
        """Distinct values / non-empty values of the sample (1.0: all different)."""
        total = self.valeurs.sum()
        return float(len(self.valeurs) / total) if total else 0.0


@dataclass
class Profilage:
    colonnes: list[ProfilColonne]
    lignes: int  # rows read
    echantillon: pd.DataFrame


def profiler(colonnes: list[str], lignes: Iterable[dict], graine: int = 0) -> Profilage:
    """Profile every column of `colonnes` over `lignes` (dicts, or (number, dict) pairs as the readers yield)."""
    hasard = random.Random(graine)
    echantillon: list[dict] = []
    paquet: list[dict] = []
    comptes: dict[str, Counter | None] = {c: Counter() for c in colonnes}
    n = 0

    def compter(rangees):
        """Distinct values over the whole input, column by column (a C-speed Counter over each column's cells)."""
        if not rangees:
            return
        try:  # every row has every column (CSV, XLSX): transposed at C speed
            if len(colonnes) < 2:
                raise ValueError("itemgetter of one key returns the value itself")
            par_colonne = dict(zip(colonnes, zip(*map(itemgetter(*colonnes), rangees)), strict=True))
        except (KeyError, TypeError, ValueError):  # JSON records may lack keys
            par_colonne = {c: [r.get(c) for r in rangees] for c in colonnes if comptes[c] is not None}
        for colonne in colonnes:
            compte = comptes[colonne]
            if compte is None:
                continue
            cellules = par_colonne[colonne]
            try:
                compte.update(cellules)
            except TypeError:  # unhashable cells (GeoJSON objects, lists): as text
                compte.update(en_texte(c) for c in cellules)
            if len(compte) > DISTINCTES_MAX * 2:
                comptes[colonne] = None

    for ligne in lignes:
        if isinstance(ligne, tuple):
            ligne = ligne[1]
        n += 1
        if len(echantillon) < ECHANTILLON:
            echantillon.append(ligne)
        else:
            j = hasard.randrange(n)
            if j < ECHANTILLON:
                echantillon[j] = ligne
        paquet.append(ligne)
        if len(paquet) >= PAQUET:
            compter(paquet)
            paquet = []
    compter(paquet)

    for colonne, compte in comptes.items():
        if compte is not None:
            comptes[colonne] = _nettoie(compte)
    cadre = pd.DataFrame.from_records(echantillon, columns=colonnes) if echantillon else pd.DataFrame(
        columns=colonnes)
    profils = []
    for rang, colonne in enumerate(colonnes):
        serie = cadre[colonne].map(en_texte) if len(cadre) else pd.Series([], dtype=object)
        non_vides = serie[serie != ""]
        valeurs = non_vides.value_counts()
        exemples = tuple(dict.fromkeys(non_vides.head(50)))[:5]
        profils.append(ProfilColonne(
            colonne=colonne, rang=rang, remplissage=(len(non_vides) / len(serie)) if len(serie) else 0.0,
            valeurs=valeurs, toutes=comptes[colonne], exemples=exemples,
        ))
    return Profilage(colonnes=profils, lignes=n, echantillon=cadre)
