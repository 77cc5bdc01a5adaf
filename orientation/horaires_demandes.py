"""The answer to « est-ce ouvert quand la personne peut venir ? »: a lieu's hours on the days the orientation asked.

For « samedi de 9 h à 12 h » a result card shows « Samedi : 9 h – 12 h 30 » (the lieu's hours that day, this week),
not whether it happens to be open right now.
"""

from __future__ import annotations

import datetime as dt
import re

from lieux import affichage_horaires
from lieux.creneaux import Creneau, heure_lisible

_PLAGE = re.compile(r"^(\d\d):(\d\d) – (\d\d):(\d\d)$")


def jours_demandes(creneaux: list[Creneau]) -> list[int]:
    """The days (0 = lundi) the slots ask about, Monday first, once each."""
    return sorted({jour for c in creneaux for jour in c.jours()})


def plage_lisible(plage: str) -> str:
    """« 09:00 – 12:30 » (lieux.affichage_horaires) → « 9 h – 12 h 30 »."""
    trouve = _PLAGE.match(plage)
    if not trouve:
        return plage
    h1, m1, h2, m2 = (int(x) for x in trouve.groups())
    return f"{heure_lisible(h1 * 60 + m1)} – {heure_lisible(h2 * 60 + m2)}"


def horaires_des_jours(horaires: str, jours: list[int], maintenant: dt.datetime | None = None,
                       zone=None) -> list[str]:
    """[« Samedi : 9 h – 12 h 30 », « Dimanche : fermé »] for `jours` of this week; [] when the hours are unknown."""
    semaine = affichage_horaires.semaine(horaires, maintenant, zone)
    if semaine is None:
        return []
    lignes = []
    for jour in jours:
        plages = semaine[jour]["plages"]
        texte = ", ".join(plage_lisible(p) for p in plages) if plages else "fermé"
        lignes.append(f"{semaine[jour]['jour'].capitalize()} : {texte}")
    return lignes
