"""The « Disponibilité » slots: « lundi de 14 h à 16 h », « tous les jours, toute la journée ».

In the URL a slot is one compact, readable value, repeated for several slots (OR'ed):

    creneau=lu-14:00-16:00    creneau=sa    creneau=tous    creneau=tous-09:00-12:00

The step's form sends rows of fields instead (`jour`, `de`, `a`, `journee` = row index), which `lire_lignes`
validates and turns into slots. The national map's `horaires_ouverture` JSON (Angular generation) is read too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lieux.horaires import JOURS

CODES_JOURS = ("lu", "ma", "me", "je", "ve", "sa", "di")
TOUS = "tous"
_CODES_ANGULAR = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6, "all": None}
_HEURE = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$")
_CRENEAU = re.compile(r"^(tous|lu|ma|me|je|ve|sa|di)(?:-(\d{1,2}[:h]\d{2})-(\d{1,2}[:h]\d{2}))?$")
MAX_CRENEAUX = 7


@dataclass(frozen=True)
class Creneau:
    jour: int | None  # 0 = lundi … 6 = dimanche, None = tous les jours
    debut: int | None = None  # minutes of the day; None = toute la journée
    fin: int | None = None

    @property
    def toute_la_journee(self) -> bool:
        return self.debut is None

    def texte(self) -> str:
        jour = TOUS if self.jour is None else CODES_JOURS[self.jour]
        return jour if self.toute_la_journee else f"{jour}-{heure(self.debut)}-{heure(self.fin)}"

    def libelle(self) -> str:
        jour = "Tous les jours" if self.jour is None else JOURS[self.jour].capitalize()
        if self.toute_la_journee:
            return f"{jour}, toute la journée"
        return f"{jour} de {heure_lisible(self.debut)} à {heure_lisible(self.fin)}"

    def pour_sql(self) -> tuple[int | None, int | None, int | None]:
        return (self.jour, self.debut, self.fin)


def heure(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def heure_lisible(minutes: int) -> str:
    """840 → « 14 h », 870 → « 14 h 30 »."""
    h, m = divmod(minutes, 60)
    return f"{h} h" if not m else f"{h} h {m:02d}"


def lire_heure(texte: str) -> int | None:
    trouve = _HEURE.match((texte or "").strip())
    return int(trouve.group(1)) * 60 + int(trouve.group(2)) if trouve else None


def lire_creneau(texte: str) -> Creneau:
    """`lu-14:00-16:00` → Creneau(0, 840, 960); ValueError (French) for anything else."""
    trouve = _CRENEAU.match((texte or "").strip().lower())
    if not trouve:
        raise ValueError(f"Créneau illisible : « {texte} » (ignoré).")
    jour = None if trouve.group(1) == TOUS else CODES_JOURS.index(trouve.group(1))
    if trouve.group(2) is None:
        return Creneau(jour)
    debut, fin = lire_heure(trouve.group(2)), lire_heure(trouve.group(3))
    if debut is None or fin is None or fin <= debut:
        raise ValueError(f"Créneau « {texte} » : l'heure de fin doit être après l'heure de début (ignoré).")
    return Creneau(jour, debut, fin)


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
