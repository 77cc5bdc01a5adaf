"""Opening hours written one column per day or half-day → OSM `opening_hours`.

Hubs export a timetable grid: France Services' `h_lundi` (« 9h - 12h / 14h – 17h »), MedNum BFC's « lundi matin » /
« lundi après-midi » (« 8h30-12h »), or open/close pairs (« Ouverture matin lundi » = « 9h », « Fermeture matin
lundi » = « 12h »). Recognising what a column name means is part of the job (`jour_de_colonne`); each cell is then
read with the free-text grammar (horaires_fr.py) with its day as default.

A cell that only says yes (« oui », « ouvert ») gives no hours: we do not turn « lundi matin : oui » into 08:00-12:00;
it is reported as not understood. « x » is a cross in a grid: in MedNum BFC's file it crosses out the half-days
where the lieu is closed (« x » on Monday and Sunday, hours elsewhere), so next to cells with hours it reads as closed;
in a row where no cell has hours it means nothing we can tell, and is reported.
"""

from __future__ import annotations

import re

from .horaires_fr import FERIES, ConversionHoraires, construire, evaluer, fusionner
from .horaires_fr_lexique import ABREVIATIONS, DEUX_LETTRES, JOURS_COMPLETS, jetons, plier

MATIN, APRES_MIDI = "matin", "apres-midi"
OUVERTURE, FERMETURE = "ouverture", "fermeture"

_ANGLAIS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6, "monday": 0, "tuesday": 1,
            "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MOTS_MOMENT = {"matin": MATIN, "am": MATIN, "matinee": MATIN, "pm": APRES_MIDI, "aprem": APRES_MIDI,
                "apresmidi": APRES_MIDI, "soir": APRES_MIDI}
_MOTS_BORNE = {"ouverture": OUVERTURE, "ouv": OUVERTURE, "open": OUVERTURE, "opening": OUVERTURE,
               "debut": OUVERTURE, "fermeture": FERMETURE, "ferm": FERMETURE, "close": FERMETURE,
               "closing": FERMETURE, "fin": FERMETURE}
_MOTS_HORAIRES = {"h", "hor", "horaire", "horaires", "heure", "heures", "hours", "plage", "plages", "creneau"}
_MOTS_NEUTRES = {"de", "du", "le", "l", "d", "a", "jour", "j", "apres", "midi", "the", "time"}

FERMES = {"-", "--", "/", "ferme", "fermee", "fermes", "closed", "non", "no", "0", "aucun", "neant", "n"}
OUI = {"oui", "o", "yes", "y", "ouvert", "ouverte", "1", "vrai", "true", "v"}
CROIX = {"x"}


def _mots(nom: str) -> list[str]:
    nom = re.sub(r"([a-z])([A-Z])", r"\1 \2", nom)
    mots = re.findall(r"[a-z]+|\d+", plier(nom))
    return ["apresmidi" if m == "apres" and i + 1 < len(mots) and mots[i + 1] == "midi" else m
            for i, m in enumerate(mots) if not (m == "midi" and i and mots[i - 1] == "apres")]


def _jour_du_mot(mot: str) -> int | None:
    if mot.rstrip("s") in JOURS_COMPLETS:  # « lundis »
        return JOURS_COMPLETS.index(mot.rstrip("s"))
    return ABREVIATIONS.get(mot, DEUX_LETTRES.get(mot, _ANGLAIS.get(mot)))


def jour_de_colonne(nom: str) -> tuple[int, str | None, str | None] | None:
    """(day 0–6, half-day or None, open/close bound or None) a column name stands for; None if not a day column.

    « h_lundi » → (0, None, None); « Lundi après-midi » → (0, "apres-midi", None); « lundi_am » → (0, "matin",
    None); « Fermeture matin lundi » → (0, "matin", "fermeture"). Every word must be known: « date_lundi » or
    « commentaire mardi » are not hours.
    """
    jours, moment, borne, horaires = [], None, None, False
    for mot in _mots(nom or ""):
        if (jour := _jour_du_mot(mot)) is not None:
            jours.append(jour)
        elif mot in _MOTS_MOMENT:
            moment = _MOTS_MOMENT[mot]
        elif mot in _MOTS_BORNE:
            borne = _MOTS_BORNE[mot]
        elif mot in _MOTS_HORAIRES:
            horaires = True
        elif mot not in _MOTS_NEUTRES and not mot.isdigit():
            return None
    if len(set(jours)) != 1:
        return None
    return jours[0], moment, (None if horaires else borne)


def _heure_seule(valeur: str) -> int | None:
    """« 9h », « 09:30 » alone in a cell (one bound of an open/close pair)."""
    trouves = jetons(valeur)
    if len(trouves) == 1 and trouves[0].genre == "heure":
        return trouves[0].valeur
    return None


def depuis_jours(colonnes: dict[str, str]) -> ConversionHoraires:
    """The OSM hours of one row's day/half-day columns (other columns of the row are ignored)."""
    cellules, bornes = [], {}
    for nom, valeur in colonnes.items():
        sens = jour_de_colonne(nom)
        valeur = " ".join(str(valeur or "").split())
        if sens is None or not valeur:
            continue
        jour, moment, borne = sens
        if borne:
            bornes.setdefault((jour, moment), {})[borne] = (nom, valeur)
        else:
            cellules.append((nom, jour, valeur))
    semaine: dict[int, list] = {}
    non_compris: list[str] = []
    for (jour, _moment), paire in bornes.items():
        if OUVERTURE in paire and FERMETURE in paire:
            (nom_a, a), (nom_b, b) = paire[OUVERTURE], paire[FERMETURE]
            debut, fin = _heure_seule(a), _heure_seule(b)
            if debut is not None and fin is not None and debut < fin:
                semaine.setdefault(jour, []).append((debut, fin))
            elif plier(a) not in FERMES or plier(b) not in FERMES:
                non_compris.append(f"{nom_a} : {a} / {nom_b} : {b}")
        else:
            cellules += [(nom, jour, valeur) for nom, valeur in paire.values()]
    avec_heures = any(re.search(r"\d", v) for _, _, v in cellules) or bool(semaine)
    for nom, jour, valeur in cellules:
        cle = plier(valeur).strip(" .")
        if cle in FERMES or (cle in CROIX and avec_heures):
            continue
        if cle in OUI or cle in CROIX:
            sens = "ouvert, sans heures" if cle in OUI else "croix sans autre heure dans la ligne"
            non_compris.append(f"{nom} : {valeur} ({sens})")
            continue
        semaine_cellule, pas_compris, _retraits = evaluer(valeur, frozenset({jour}))
        for j, plages in semaine_cellule.items():
            semaine.setdefault(j, []).extend(plages)
        non_compris += [f"{nom} : {morceau}" for morceau in pas_compris]
    semaine = {j: fusionner(p) for j, p in semaine.items() if p or j == FERIES}
    original = " ; ".join(f"{nom} : {' '.join(str(v).split())}" for nom, v in colonnes.items()
                          if jour_de_colonne(nom) and str(v or "").strip())
    return construire(semaine, non_compris, [], original)
