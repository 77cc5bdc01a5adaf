"""French public holidays (« jours fériés ») by territory, for the OSM `PH` rule.

The calendar comes from the maintained `holidays` library (docs/fermetures.md says why): the national days
(Easter-based ones included: lundi de Pâques, Ascension, lundi de Pentecôte), the Alsace-Moselle extras
(départements 57, 67, 68: Vendredi saint, 26 décembre) and each overseas collectivity's own days (abolition of
slavery…). A lieu's calendar follows its postcode:

    calendrier_de("67000")  # "57" (Alsace-Moselle)          calendrier_de("97110")  # "971" (Guadeloupe)
    est_ferie(date(2027, 3, 26), "57")   # True: Vendredi saint in Alsace-Moselle, not elsewhere
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

METROPOLE = ""  # the national calendar
ALSACE_MOSELLE = "57"  # the library's subdivision for 57, 67 and 68
DEPARTEMENTS_ALSACE_MOSELLE = ("57", "67", "68")
# postcode prefix → the library's subdivision
OUTRE_MER = {"971": "971", "972": "972", "973": "973", "974": "974", "975": "PM", "976": "976", "977": "BL",
             "978": "MF"}


def calendrier_de(code_postal: str | None) -> str:
    """The holiday calendar of a lieu from its postcode: "" (national), "57" (Alsace-Moselle) or an overseas one."""
    code_postal = (code_postal or "").strip()
    if code_postal[:3] in OUTRE_MER:
        return OUTRE_MER[code_postal[:3]]
    if code_postal[:2] in DEPARTEMENTS_ALSACE_MOSELLE:
        return ALSACE_MOSELLE
    return METROPOLE


def calendrier_du_fuseau(fuseau: str) -> str:
    """The calendar of the lieux of a time zone other than Paris (each overseas zone is one collectivity)."""
    from lieux.horaires import FUSEAUX

    for prefixe, nom in FUSEAUX.items():
        if nom == fuseau:
            return OUTRE_MER[prefixe]
    return METROPOLE


@lru_cache(maxsize=256)
def jours_feries(annee: int, calendrier: str = METROPOLE) -> dict[dt.date, str]:
    """{date: name} of the public holidays of `annee` in `calendrier`."""
    jours = holidays.country_holidays("FR", subdiv=calendrier or None, years=annee, language="fr")
    return dict(sorted(jours.items()))


def est_ferie(jour: dt.date, calendrier: str = METROPOLE) -> bool:
    return jour in jours_feries(jour.year, calendrier)


def nom_du_ferie(jour: dt.date, calendrier: str = METROPOLE) -> str | None:
    return jours_feries(jour.year, calendrier).get(jour)


def propre_a_alsace_moselle(jour: dt.date) -> bool:
    """A holiday in Alsace-Moselle only (the Paris time zone's other lieux work that day)."""
    return est_ferie(jour, ALSACE_MOSELLE) and not est_ferie(jour, METROPOLE)
