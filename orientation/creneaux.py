"""The « Disponibilité » step's slots: « lundi de 14 h à 16 h », « tous les jours, toute la journée ».

The slot and its URL form (`creneau=lu-14:00-16:00`) live in lieux/creneaux.py, shared with the map's filters.
The step's form sends rows of fields instead (`jour`, `de`, `a`, `journee` = row index), which `lire_lignes`
validates and turns into slots. The national map's `horaires_ouverture` JSON (Angular generation) is read too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from lieux.creneaux import (  # noqa: F401  (the slot itself lives with the filters that read it)
    CODES_JOURS, MAX_CRENEAUX, TOUS, Creneau, heure, heure_lisible, lire_creneau, lire_heure,
)

_CODES_ANGULAR = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6, "all": None}


def lire_horaires_ouverture(texte: str) -> tuple[list[Creneau], bool]:
    """The Angular map's `horaires_ouverture` JSON: ([slots], « ouvert maintenant » asked)."""
    try:
        lignes = json.loads(texte)
    except ValueError:
        return [], False
    creneaux, maintenant = [], False
    for ligne in lignes if isinstance(lignes, list) else []:
        if not isinstance(ligne, dict):
            continue
        if ligne.get("day") == "now":
            maintenant = True
        elif ligne.get("day") in _CODES_ANGULAR:
            jour = _CODES_ANGULAR[ligne["day"]]
            debut, fin = lire_heure(str(ligne.get("start", ""))), lire_heure(str(ligne.get("end", "")))
            if ligne.get("period") == "hours" and debut is not None and fin is not None and fin > debut:
                creneaux.append(Creneau(jour, debut, fin))
            else:
                creneaux.append(Creneau(jour))
    return creneaux, maintenant


@dataclass
class Ligne:
    """One row of the form, as typed (shown back with its error)."""

    jour: str = ""
    de: str = ""
    a: str = ""
    journee: bool = False
    erreur: str = ""
    champ_erreur: str = ""  # "de" or "a": the field the error points to


def lignes_de(creneaux: list[Creneau]) -> list[Ligne]:
    lignes = [Ligne(TOUS if c.jour is None else CODES_JOURS[c.jour],
                    "" if c.toute_la_journee else heure(c.debut), "" if c.toute_la_journee else heure(c.fin),
                    c.toute_la_journee) for c in creneaux]
    return lignes or [Ligne()]


def lire_lignes(get) -> tuple[list[Creneau], list[Ligne]]:
    """Rows of the form → (valid slots, rows with their errors). A row without a day is ignored."""
    jours, des, as_ = get.getlist("jour"), get.getlist("de"), get.getlist("a")
    journees = set(get.getlist("journee"))
    creneaux, lignes = [], []
    for i, jour in enumerate(jours[:MAX_CRENEAUX]):
        ligne = Ligne(jour.strip(), des[i].strip() if i < len(des) else "", as_[i].strip() if i < len(as_) else "",
                      str(i) in journees)
        lignes.append(ligne)
        if not ligne.jour:
            continue
        if ligne.jour != TOUS and ligne.jour not in CODES_JOURS:
            ligne.erreur, ligne.champ_erreur = "Choisissez un jour dans la liste.", "jour"
            continue
        numero = None if ligne.jour == TOUS else CODES_JOURS.index(ligne.jour)
        if ligne.journee or not (ligne.de or ligne.a):
            ligne.journee, ligne.de, ligne.a = True, "", ""
            creneaux.append(Creneau(numero))
            continue
        debut, fin = lire_heure(ligne.de), lire_heure(ligne.a)
        if debut is None:
            ligne.erreur, ligne.champ_erreur = "Indiquez l'heure de début au format hh:mm, par exemple 14:00.", "de"
        elif fin is None:
            ligne.erreur, ligne.champ_erreur = "Indiquez l'heure de fin au format hh:mm, par exemple 16:00.", "a"
        elif fin <= debut:
            ligne.erreur, ligne.champ_erreur = "L'heure de fin doit être après l'heure de début.", "a"
        else:
            creneaux.append(Creneau(numero, debut, fin))
    return list(dict.fromkeys(creneaux)), lignes or [Ligne()]
