"""The distinct values of some columns of the file, with how many rows hold each: what the value page shows for an
enumerated field whose columns the person changed (otherwise the suggestion already counted them).

A cell holding a list (« Jeunes|Seniors », « Jeunes ; Seniors », a codebook's « 1-3 ») counts for each of its items,
split as the suggestion splits them (`imports.correspondance.enumerations.items`). Only the `limite` most frequent
values are shown; the others stay in the raw record and are reported by the import.
"""

from __future__ import annotations

from collections import Counter

from ..lecteurs import ouvrir


def valeurs_distinctes(chemin, nom_fichier: str, colonnes: list[str], limite: int,
                       codebooks: dict | None = None) -> list[tuple[str, int]]:
    """(value, rows holding it), most frequent first."""
    from ..correspondance.enumerations import items

    codebooks = codebooks or {}
    compte: Counter[str] = Counter()
    lecture = ouvrir(chemin, nom_fichier)
    try:
        for _, ligne in lecture.lignes():
            vues = set()
            for colonne in colonnes:
                cellule = ligne.get(colonne)
                if cellule is not None and str(cellule).strip():
                    vues.update(items(str(cellule), codebooks.get(colonne)))
            compte.update(vues)
    finally:
        lecture.fermer()
    return compte.most_common(limite)
