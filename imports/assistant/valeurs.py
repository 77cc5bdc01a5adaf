"""The distinct values of some columns of the file, with how many rows hold each: what the value page shows for an
enumerated field whose columns the person changed (otherwise the suggestion already counted them).

A cell holding a list (« Jeunes|Seniors », « Jeunes ; Seniors ») counts for each of its items, as the standard's
multi-valued cells are read. Only the `LIMITE` most frequent values are shown; the others stay in the raw record.
"""

from __future__ import annotations

import re
from collections import Counter

from ..lecteurs import ouvrir

LIMITE = 60
_SEPARATEURS = re.compile(r"\s*[|;]\s*")


def elements(cellule) -> list[str]:
    if cellule is None:
        return []
    return [e for e in _SEPARATEURS.split(str(cellule).strip()) if e]


def valeurs_distinctes(chemin, nom_fichier: str, colonnes: list[str], limite: int = LIMITE) -> list[tuple[str, int]]:
    """(value, rows holding it), most frequent first."""
    compte: Counter[str] = Counter()
    lecture = ouvrir(chemin, nom_fichier)
    try:
        for _, ligne in lecture.lignes():
            vues = set()
            for colonne in colonnes:
                vues.update(elements(ligne.get(colonne)))
            compte.update(vues)
    finally:
        lecture.fermer()
    return compte.most_common(limite)
