"""What our import changed in a producer's row: the values it had to correct or drop, as « avant → après ».

Two sources of truth, both read-only:
- the messages the normalisation recorded on the row (`LigneImport.messages`, level « avertissement »: a phone number
  not retained, a value of no enumeration dropped, French hours converted…);
- for what it changes silently (a phone number written « 04 93 … » stored as « +33493… », « gratuit » stored as
  « Gratuit », a postcode given its lost zero), the received row compared with the record's values, field by field,
  for the columns that feed one field of the standard.

Differences of spaces or of case alone are no correction: they are not listed. Pure functions, no database.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from lieux import standard

from .colonnes import CIBLES
from .lecteurs.base import cle_colonne

_ESPACES = re.compile(r"\s+")
_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\)")
# fields whose value is a list in the standard (a cell « a|b » or « a; b »)
LISTES = frozenset(c.nom for c in standard.CHAMPS if c.multiple)
# compared elsewhere or not the producer's: the point (a geocoding is no correction of the file), the source's name
NON_COMPARES = frozenset({"latitude", "longitude", "source"})


def texte(valeur) -> str:
    """A value as a producer reads it in a cell (lists joined with « | », dates as AAAA-MM-JJ)."""
    if valeur is None:
        return ""
    if isinstance(valeur, (list, tuple)):
        return standard.SEPARATEUR.join(texte(v) for v in valeur if v not in (None, ""))
    if isinstance(valeur, dict):
        return ", ".join(f"{k} : {texte(v)}" for k, v in valeur.items())
    if isinstance(valeur, float):
        return repr(round(valeur, 7))
    if isinstance(valeur, (dt.date, dt.datetime)):
        return valeur.isoformat()
    return str(valeur).strip()


def _cle(valeur: str) -> str:
    return _ESPACES.sub(" ", valeur).strip().casefold()


def _elements(valeur: str) -> set[str]:
    """The items of a list cell (a value written twice is the same item)."""
    return set(filter(None, (_cle(v) for v in re.split(r"[|;,]", valeur))))


def _date(valeur: str) -> dt.date | None:
    from .normalisation.dates import parse_date

    try:
        return parse_date(valeur)
    except (ValueError, TypeError):
        return None


def meme_valeur(champ: str, recu: str, retenu: str) -> bool:
    """True when the received cell and our value say the same (spaces, case, list order, separators and repeated
    items aside)."""
    if _cle(recu) == _cle(retenu):
        return True
    if champ in LISTES:
        return _elements(recu) == _elements(retenu)
    if champ == "date_maj" and recu and retenu:
        return _date(recu) is not None and _date(recu) == _date(retenu)
    if champ == "pivot":
        return re.sub(r"\W", "", recu) == re.sub(r"\W", "", retenu)
    return False


def colonnes_des_champs(profil) -> dict[str, str]:
    """Field of the standard → the one column of the producer's file that feeds it alone (a profile's « premiere »
    rule on one column; without a profile, the columns named as the standard's, v0 names included)."""
    if profil is None:
        return {}
    return {r.champ: r.colonnes[0] for r in profil.regles
            if len(r.colonnes) == 1 and r.combinaison == "premiere" and r.champ not in NON_COMPARES}


@lru_cache(maxsize=4096)
def _champ_de_la_colonne(colonne: str) -> str | None:
    champ = CIBLES.get(cle_colonne(colonne))
    return champ if champ in standard.COLONNES and champ not in NON_COMPARES else None


def cellules_par_champ(brut: dict, profil) -> dict[str, tuple[str, str]]:
    """Field → (column of the received row, its cell) for the fields a single column feeds."""
    if not isinstance(brut, dict):
        return {}
    if profil is not None:
        return {champ: (colonne, texte(brut.get(colonne))) for champ, colonne in colonnes_des_champs(profil).items()
                if colonne in brut}
    resultat = {}
    for colonne, valeur in brut.items():
        champ = _champ_de_la_colonne(colonne)
        if champ is not None and champ not in resultat:
            resultat[champ] = (colonne, texte(valeur))
    return resultat


def ecarts(brut: dict, valeurs: dict, profil=None, deja_dits: frozenset[str] = frozenset()) -> list[tuple]:
    """[(field, column, received text, retained text)] for each field our import changed or dropped; the fields in
    `deja_dits` (a message of the import already says what happened) are left out."""
    resultat = []
    for champ, (colonne, recu) in cellules_par_champ(brut, profil).items():
        if champ in deja_dits or not recu:
            continue
        retenu = texte((valeurs or {}).get(champ))
        if not meme_valeur(champ, recu, retenu):
            resultat.append((champ, colonne, recu, retenu))
    return resultat


def phrase_ecart(champ: str, colonne: str, recu: str, retenu: str) -> str:
    nom = champ if colonne == champ else f"{champ} (colonne « {colonne} »)"
    if not retenu:
        return f"{nom} : « {_court(recu)} » n'a pas pu être repris (valeur non reconnue) — laissé vide chez nous."
    return f"{nom} : « {_court(recu)} » → « {_court(retenu)} » (corrigé à l'import)."


def phrase_message(champ: str, texte_message: str, colonnes: dict[str, str] | None = None) -> str:
    colonne = (colonnes or {}).get(champ)
    nom = f"{champ} (colonne « {colonne} »)" if colonne and colonne != champ else champ
    return f"{nom} : {texte_message}" if champ else texte_message


def _court(valeur: str, longueur: int = 200) -> str:
    valeur = _ESPACES.sub(" ", valeur).strip()
    return valeur if len(valeur) <= longueur else valeur[:longueur - 1] + "…"


def coordonnees(valeurs: dict) -> tuple[float | None, float | None]:
    """(latitude, longitude) of a record's values (`localisation` as EWKT)."""
    point = _POINT.search((valeurs or {}).get("localisation") or "")
    return (float(point[2]), float(point[1])) if point else (None, None)
