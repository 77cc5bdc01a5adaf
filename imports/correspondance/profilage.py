"""Column profiles of a file, with pandas: what the suggestion looks at, computed in one pass over the rows.

A sample of rows (the first `ECHANTILLON` rows, then a reservoir sample of the rest, seeded: the same file always
gives the same suggestion) becomes a DataFrame; each column is profiled from it (fill rate, distinct values with
their counts, examples). Columns that look enumerated (few distinct values) are also counted over the WHOLE input,
chunk by chunk with `value_counts`, so that a value map lists every value of the file and its real row count.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

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
        if not rangees:
            return
        cadre = pd.DataFrame.from_records(rangees, columns=colonnes)
        for colonne in colonnes:
            if comptes[colonne] is None:
                continue
            serie = cadre[colonne]
            if serie.dtype == object:
                serie = serie.map(en_texte)
            else:
                serie = serie.map(en_texte)
            compte = serie[serie != ""].value_counts()
            if len(compte) > DISTINCTES_MAX:
                comptes[colonne] = None
                continue
            comptes[colonne].update(compte.to_dict())
            if len(comptes[colonne]) > DISTINCTES_MAX:
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

    cadre = pd.DataFrame.from_records(echantillon, columns=colonnes) if echantillon else pd.DataFrame(columns=colonnes)
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
