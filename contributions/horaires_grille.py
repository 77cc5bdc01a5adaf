"""Hours entered as a week grid (per day: up to two time ranges, a day left empty is closed) and their OSM
`opening_hours` text, both ways.

    vers_osm(grille)   → "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
    depuis_osm(texte)  → the grid that says exactly the same week, or None when the grid cannot say it (week
                         parity, seasons, comments, more than two ranges a day, a range past midnight…): the form
                         then shows the text as it is and keeps it unless the person fills the grid.

Days with the same ranges are written together, consecutive ones as a range (`Mo-Fr`), others listed (`Mo,We`).
`depuis_osm` reads the text with the site's own parser (lieux/horaires.py) and checks the round trip, so a grid is
offered only when writing it back gives the very same week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lieux import horaires

JOURS_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
JOURS = horaires.JOURS  # lundi … dimanche
PLAGES_PAR_JOUR = 2
MINUTES_JOUR = horaires.MINUTES_JOUR

Plage = tuple[int, int]  # minutes from midnight, début < fin ≤ 1440

_HEURE = re.compile(r"^\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?\s*$")


class HeureIllisible(ValueError):
    pass


def lire_heure(texte: str) -> int:
    """« 9 », « 9h », « 9h30 », « 09:30 », « 24:00 » → minutes from midnight; HeureIllisible otherwise."""
    trouve = _HEURE.match(texte or "")
    if not trouve:
        raise HeureIllisible(f"« {texte} » n'est pas une heure : écrivez-la ainsi, 09:30.")
    heures, minutes = int(trouve.group(1)), int(trouve.group(2) or 0)
    if minutes > 59 or heures > 24 or (heures == 24 and minutes):
        raise HeureIllisible(f"« {texte} » n'est pas une heure : écrivez-la ainsi, 09:30.")
    return heures * 60 + minutes


def ecrire_heure(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Grille:
    jours: tuple[tuple[Plage, ...], ...] = ((),) * 7  # lundi first
    feries_fermes: bool = False  # « PH off »

    @property
    def vide(self) -> bool:
        return not any(self.jours)


def erreurs_jour(plages: list[Plage]) -> list[str]:
    """What is wrong with one day's ranges (in the order typed), in French; [] when fine."""
    erreurs = []
    for debut, fin in plages:
        if fin <= debut:
            erreurs.append(f"la fin ({ecrire_heure(fin)}) doit venir après le début ({ecrire_heure(debut)})")
    if len(plages) > PLAGES_PAR_JOUR:
        erreurs.append(f"{PLAGES_PAR_JOUR} plages au plus")
    if not erreurs and len(plages) == 2 and plages[1][0] < plages[0][1]:
        erreurs.append("la deuxième plage doit commencer après la fin de la première")
    return erreurs


def _jours_ecrits(indices: list[int]) -> str:
    """[0, 1, 2, 3, 4] → "Mo-Fr"; [0, 2] → "Mo,We"; [0, 1] → "Mo,Tu"; [0, 1, 2, 5] → "Mo-We,Sa"."""
    morceaux, debut = [], None
    for position, jour in enumerate(indices):
        if debut is None:
            debut = jour
        suivant = indices[position + 1] if position + 1 < len(indices) else None
        if suivant != jour + 1:
            if jour - debut >= 2:
                morceaux.append(f"{JOURS_OSM[debut]}-{JOURS_OSM[jour]}")
            else:
                morceaux.extend(JOURS_OSM[j] for j in range(debut, jour + 1))
            debut = None
    return ",".join(morceaux)


def vers_osm(grille: Grille) -> str:
    """The grid as an OSM opening_hours text ("" for an empty grid: hours not given)."""
    if grille.vide:
        return ""
    groupes: dict[tuple[Plage, ...], list[int]] = {}
    for jour, plages in enumerate(grille.jours):
        if plages:
            groupes.setdefault(tuple(plages), []).append(jour)
    regles = [
        f"{_jours_ecrits(jours)} " + ",".join(f"{ecrire_heure(a)}-{ecrire_heure(b)}" for a, b in plages)
        for plages, jours in sorted(groupes.items(), key=lambda g: g[1][0])
    ]
    if grille.feries_fermes:
        regles.append("PH off")
    return "; ".join(regles)


def depuis_osm(texte: str | None) -> Grille | None:
    """The grid saying exactly what `texte` says; an empty grid for an empty text; None when the grid cannot."""
    texte = (texte or "").strip()
    if not texte:
        return Grille()
    ouvertures = horaires.analyser(texte)
    if not ouvertures.connues or ouvertures.variable or ouvertures.commentaire:
        return None
    if ouvertures.feries is not None and ouvertures.feries != ():
        return None  # special hours on public holidays: not in the grid
    jours: list[list[Plage]] = [[] for _ in range(7)]
    for debut, fin in ouvertures.paire:
        jour = debut // MINUTES_JOUR
        if fin > (jour + 1) * MINUTES_JOUR:
            return None  # past midnight
        jours[jour].append((debut - jour * MINUTES_JOUR, fin - jour * MINUTES_JOUR))
    if any(len(plages) > PLAGES_PAR_JOUR for plages in jours):
        return None
    grille = Grille(tuple(tuple(p) for p in jours), feries_fermes=ouvertures.feries == ())
    relue = horaires.analyser(vers_osm(grille))
    if relue.paire != ouvertures.paire or relue.feries != ouvertures.feries:
        return None
    return grille
