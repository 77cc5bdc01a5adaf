"""Opening hours for people: « Ouvert · ferme à 17:30 », « Fermé · ouvre lundi à 09:00 », and a week table.

Reads the standard's OSM `opening_hours` string with opening-hours-py, in the lieu's local time (Europe/Paris, or the
overseas département's zone). For display only: the « ouvert maintenant » filter is SQL (lieux/horaires.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FUSEAUX = {
    "971": "America/Guadeloupe", "972": "America/Martinique", "973": "America/Cayenne", "974": "Indian/Reunion",
    "975": "America/Miquelon", "976": "Indian/Mayotte", "977": "America/St_Barthelemy", "978": "America/Marigot",
}
PARIS = "Europe/Paris"


@dataclass(frozen=True)
class Etat:
    ouvert: bool | None  # None: unknown (no hours, or hours we cannot read)
    libelle: str  # « Ouvert », « Fermé », « Horaires inconnus »
    detail: str  # « ferme à 17:30 », « ouvre lundi à 09:00 », ""

    @property
    def texte(self) -> str:
        return f"{self.libelle} · {self.detail}" if self.detail else self.libelle


def fuseau(code_postal_ou_departement: str | None) -> ZoneInfo:
    return ZoneInfo(FUSEAUX.get((code_postal_ou_departement or "")[:3], PARIS))


@lru_cache(maxsize=4096)
def _lire(horaires: str):
    try:
        return opening_hours.OpeningHours(horaires, country="FR", auto_country=False, auto_timezone=False)
    except (SyntaxError, ValueError, opening_hours.ParserError):
        return None


def _local(maintenant: dt.datetime | None, zone: ZoneInfo) -> dt.datetime:
    maintenant = maintenant or dt.datetime.now(tz=zone)
    if maintenant.tzinfo is None:
        maintenant = maintenant.replace(tzinfo=zone)
    return maintenant.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)


def _heure(instant: dt.datetime) -> str:
    return f"{instant:%H:%M}"


def etat(horaires: str, maintenant: dt.datetime | None = None, zone: ZoneInfo | None = None) -> Etat:
    """Open or closed at `maintenant` (now by default) and the next change, in French."""
    oh = _lire((horaires or "").strip()) if (horaires or "").strip() else None
    if oh is None:
        return Etat(None, "Horaires inconnus", "")
    local = _local(maintenant, zone or ZoneInfo(PARIS))
    etat_courant, _ = oh.state(local)
    if etat_courant == opening_hours.State.UNKNOWN:
        return Etat(None, "Horaires inconnus", "")
    ouvert = etat_courant == opening_hours.State.OPEN
    changement = _prochain_changement(oh, local, etat_courant)
    if ouvert:
        if changement is None:
            return Etat(True, "Ouvert", "24 h/24, 7 j/7")
        return Etat(True, "Ouvert", f"ferme {_quand(changement, local)}")
    if changement is None:
        return Etat(False, "Fermé", "")
    return Etat(False, "Fermé", f"ouvre {_quand(changement, local)}")


def _prochain_changement(oh, local: dt.datetime, etat_courant) -> dt.datetime | None:
    """The next change of state within a year, else None (`next_change` searches further: ~1 s for 24/7)."""
    for debut, _fin, etat_plage, _ in oh.intervals(local, local + dt.timedelta(days=366)):
        if etat_plage != etat_courant:
            return debut
    return None


def _quand(instant: dt.datetime, local: dt.datetime) -> str:
    instant = instant.replace(tzinfo=None)
    ecart = (instant.date() - local.date()).days
    if ecart == 0:
        return f"à {_heure(instant)}"
    if ecart == 1:
        return f"demain à {_heure(instant)}"
    if ecart < 7:
        return f"{JOURS[instant.weekday()]} à {_heure(instant)}"
    return f"le {instant:%d/%m} à {_heure(instant)}"


def semaine(horaires: str, maintenant: dt.datetime | None = None, zone: ZoneInfo | None = None) -> list[dict] | None:
    """The current week, Monday to Sunday: [{jour, date, plages: ["09:00 – 12:00", …], aujourd_hui}], None if unknown."""
    oh = _lire((horaires or "").strip()) if (horaires or "").strip() else None
    if oh is None:
        return None
    local = _local(maintenant, zone or ZoneInfo(PARIS))
    lundi = dt.datetime.combine(local.date() - dt.timedelta(days=local.weekday()), dt.time())
    jours = [{"jour": JOURS[i], "date": (lundi + dt.timedelta(days=i)).date(), "plages": [],
              "aujourd_hui": i == local.weekday()} for i in range(7)]
    connu = False
    for debut, fin, etat_plage, _ in oh.intervals(lundi, lundi + dt.timedelta(days=7)):
        if etat_plage == opening_hours.State.UNKNOWN:
            continue
        connu = True
        if etat_plage != opening_hours.State.OPEN:
            continue
        debut, fin = debut.replace(tzinfo=None), fin.replace(tzinfo=None)
        while debut < fin:  # a range over midnight is split per day
            fin_du_jour = dt.datetime.combine(debut.date() + dt.timedelta(days=1), dt.time())
            morceau_fin = min(fin, fin_du_jour)
            jour = (debut.date() - lundi.date()).days
            if 0 <= jour < 7:
                jours[jour]["plages"].append(
                    f"{_heure(debut)} – {'24:00' if morceau_fin == fin_du_jour else _heure(morceau_fin)}")
            debut = morceau_fin
    return jours if connu else None
