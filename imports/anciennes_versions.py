"""Values of the standard v0.1.x read as v1 values, from `data/legacy-mappings.json`.

That file is a copy of `../shared/standard/legacy-mappings.json` (a test checks they stay equal). Old long labels
carry an explanation after « : » (« Gratuit : Je peux accéder gratuitement… »): they are matched on the full label
or on the part before the colon, forgiving case, accents, typographic apostrophes and extra spaces.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from lieux.noms import sans_accents

FICHIER = Path(__file__).parent / "data" / "legacy-mappings.json"


@cache
def _donnees() -> dict:
    return json.loads(FICHIER.read_text(encoding="utf-8"))


def cle_souple(texte: str) -> str:
    """Forgiving comparison key: no accents, lower case, ’ → ', single spaces."""
    texte = sans_accents(texte.replace("’", "'").replace("\xa0", " "))
    return " ".join(texte.casefold().split())


def _cles(libelle: str) -> list[str]:
    cles = [cle_souple(libelle)]
    if " : " in libelle:
        cles.append(cle_souple(libelle.split(" : ", 1)[0]))
    return cles


RENOMMAGES: dict[str, str] = {
    **_donnees()["column_renames"],
    "conditions_access": "frais_a_charge",  # misspelt in the conseiller-numerique 2022 export
}


@cache
def _table(champ: str) -> dict[str, dict[str, list[str]]]:
    """Old label key → {v1 field: [values]} for an old column or an enumerated field."""
    valeurs = _donnees()["values"]
    table: dict[str, dict[str, list[str]]] = {}

    def ajoute(libelle, cibles):
        for cle in _cles(libelle):
            table.setdefault(cle, cibles)

    if champ == "services":
        for ancien, nouveaux in valeurs["services"].items():
            ajoute(ancien, {"services": list(nouveaux)})
    elif champ == "frais_a_charge":
        for ancien, nouveau in valeurs["conditions_acces"].items():
            ajoute(ancien, {"frais_a_charge": [nouveau]})
    elif champ == "modalites_accompagnement":
        for ancien, nouveau in valeurs["modalites_accompagnement"].items():
            ajoute(ancien, {"modalites_accompagnement": [nouveau]})
    elif champ == "typologie":
        for ancien, nouveau in valeurs["typologie"].items():
            ajoute(ancien, {"typologie": [nouveau]})
    elif champ in ("publics_accueillis", "labels_nationaux"):
        for ancien, cibles in valeurs[champ].items():
            ajoute(ancien, {k: [v] for k, v in (cibles or {}).items()})
    return table


def convertit(champ: str, libelle: str) -> dict[str, list[str]] | None:
    """The v1 values an old label stands for ({} when it has no v1 equivalent, None when it is not an old label)."""
    table = _table(champ)
    for cle in _cles(libelle):
        if cle in table:
            return table[cle]
    return None


def est_abandonnee(champ: str, libelle: str) -> bool:
    """An old value that v1 dropped on purpose (« Adultes »: v1 has no « tout public » value)."""
    return convertit(champ, libelle) == {}
