"""An availability slot asked by a person: « lundi de 14 h à 16 h », « samedi », « tous les jours de 9 h à 12 h ».

In a URL a slot is one compact, readable value, repeated for several slots (OR'ed), read the same way by the
orientation path, the map, the lists and the API (lieux/filtres.py):

    creneau=lu-14:00-16:00    creneau=sa    creneau=tous    creneau=tous-09:00-12:00
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lieux.horaires import JOURS

CODES_JOURS = ("lu", "ma", "me", "je", "ve", "sa", "di")
TOUS = "tous"
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

    def jours(self) -> tuple[int, ...]:
        """The days of the week (0–6) this slot asks about."""
        return tuple(range(7)) if self.jour is None else (self.jour,)

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


def lire_creneaux(textes) -> tuple[list[Creneau], list[str]]:
    """Repeated `creneau` values → (distinct slots in order, at most MAX_CRENEAUX; French messages for the others)."""
    creneaux, erreurs = [], []
    for texte in textes:
        try:
            creneaux.append(lire_creneau(texte))
        except ValueError as exc:
            erreurs.append(str(exc))
    creneaux = list(dict.fromkeys(creneaux))
    if len(creneaux) > MAX_CRENEAUX:
        erreurs.append(f"Au plus {MAX_CRENEAUX} créneaux : les suivants ont été ignorés.")
    return creneaux[:MAX_CRENEAUX], erreurs
