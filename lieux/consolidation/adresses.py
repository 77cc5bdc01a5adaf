"""Street addresses as sources write them, read into (number, street) so that two spellings of one address
agree.

Why: « 53 Bd des Martyrs de la Résistance », « 53 boulevard des martyrs de la resist » and « 53 BD MARTYRS
RESISTANCE » are one door; « 22 Avenue des Arcades » and « 26 Avenue des Arcades » are two. So the street type
is spelt out (« av. » → avenue, « bd » → boulevard, « r. » → rue…), articles are dropped, the house number and
its « bis »/« ter » are kept apart from the street, and a missing number is *unknown*, never equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from lieux.noms import nom_recherche

TYPES_VOIE: dict[str, str] = {
    "av": "avenue", "ave": "avenue", "aven": "avenue", "avenue": "avenue",
    "bd": "boulevard", "bld": "boulevard", "blvd": "boulevard", "boul": "boulevard", "bvd": "boulevard",
    "boulevard": "boulevard",
    "r": "rue", "rue": "rue",
    "pl": "place", "place": "place", "pce": "place",
    "ch": "chemin", "chem": "chemin", "chemin": "chemin",
    "rte": "route", "route": "route",
    "all": "allee", "allee": "allee", "allees": "allee",
    "imp": "impasse", "impasse": "impasse",
    "crs": "cours", "cours": "cours",
    "qu": "quai", "quai": "quai",
    "sq": "square", "square": "square",
    "fg": "faubourg", "fbg": "faubourg", "faubourg": "faubourg",
    "pas": "passage", "pass": "passage", "passage": "passage",
    "espl": "esplanade", "esplanade": "esplanade",
    "prom": "promenade", "promenade": "promenade",
    "res": "residence", "residence": "residence",
    "lot": "lotissement", "lotissement": "lotissement",
    "zac": "zone", "za": "zone", "zi": "zone", "zone": "zone",
    "hameau": "hameau", "ham": "hameau", "lieudit": "lieudit", "ld": "lieudit",
    "voie": "voie", "traverse": "traverse", "tra": "traverse", "montee": "montee", "mte": "montee",
}
# Words written short inside street names (« Av. du Gal de Gaulle », « Bd du Mal Leclerc »)
ABREVIATIONS = {
    "st": "saint", "ste": "sainte", "gal": "general", "gen": "general", "mal": "marechal", "pdt": "president",
    "pres": "president", "dr": "docteur", "prof": "professeur", "cdt": "commandant", "lt": "lieutenant",
    "nd": "notre dame",
}
MOTS_VIDES = frozenset("le la les l de du des d au aux et a en".split())
# Addresses that name the village's centre, not a street: two records « Le Bourg » of one commune are not at one
# door (their points are often both the commune's centre)
SANS_VOIE = frozenset({"bourg", "centre bourg", "village", "centre village", "centre ville", "centre"})
SUFFIXES_NUMERO = {"bis": "bis", "b": "bis", "ter": "ter", "t": "ter", "quater": "quater", "q": "quater"}

# Two house numbers this close on one street are « voisins » (SimilariteAdresse.numeros_voisins)
ECART_NUMEROS_VOISINS = 4

_BOITES = re.compile(r"\b(bp|cs|tsa|cedex)\s*\d*\b")
_NUMERO = re.compile(r"^(\d{1,5})(?:(?:\s*[-/]\s*|\s+)(\d{1,5}))?\s*(bis|ter|quater|b|t|q)?\b\s*")


@dataclass(frozen=True)
class Adresse:
    """`numeros`: the house numbers (a range « 17-21 » gives both ends), empty when unknown;
    `voie`: the street's own words, articles and street type left out; `type_voie`: avenue, rue…"""

    numeros: frozenset[str]
    voie: str
    type_voie: str


@lru_cache(maxsize=65536)
def normalise(adresse: str) -> Adresse:
    s = nom_recherche(adresse or "")
    s = re.sub(r"[^a-z0-9 ]", " ", s)
    s = _BOITES.sub(" ", s)
    s = re.sub(r"\blieu dit\b", "lieudit", s)
    s = " ".join(s.split())
    numeros: set[str] = set()
    m = _NUMERO.match(s)
    if m:
        suffixe = SUFFIXES_NUMERO.get(m.group(3) or "", "")
        for n in (m.group(1), m.group(2)):
            if n and int(n) > 0:  # « 00 Place Jean Léa »: no number
                numeros.add(str(int(n)) + suffixe)
        s = s[m.end():]
    mots = s.split()
    type_voie = ""
    reste: list[str] = []
    for i, mot in enumerate(mots):
        if not type_voie and not reste and mot in TYPES_VOIE:
            type_voie = TYPES_VOIE[mot]
            continue
        if mot in MOTS_VIDES:
            continue
        if i == 0 and mot in SUFFIXES_NUMERO:
            continue
        reste.extend(ABREVIATIONS.get(mot, mot).split())
    voie = " ".join(reste)
    if not type_voie and voie in SANS_VOIE:
        voie = ""  # « Le Bourg »: somewhere in the village, not a street
    return Adresse(frozenset(numeros), voie, type_voie)


@dataclass(frozen=True)
class SimilariteAdresse:
    """`voie`: 0-1 similarity of the street names, None when one is missing; `meme_numero`: True when the
    numbers meet, False when both are known and differ, None when one is missing."""

    voie: float | None
    meme_numero: bool | None
    # both numbers known and different, but a few apart on one street (22 / 26, 12 / 13, 1620 / 1624): often one
    # building written two ways (a corner, a range « 22-26 », a metric number rounded); never a proof on its own
    numeros_voisins: bool = False


def _numero_seul(n: str) -> str:
    return re.sub(r"\D", "", n)


def similarite(a: Adresse, b: Adresse) -> SimilariteAdresse:
    if not a.voie or not b.voie:
        return SimilariteAdresse(None, None)
    # token_set: one source truncates (« martyrs resist ») or adds the place's name before the street
    voie = max(fuzz.token_set_ratio(a.voie, b.voie), fuzz.ratio(a.voie, b.voie))
    if min(len(a.voie), len(b.voie)) >= 10:  # a cell cut short: « martyrs de la resist »
        voie = max(voie, fuzz.partial_ratio(a.voie, b.voie))
    courte, longue = sorted((a.voie, b.voie), key=len)
    if len(courte) >= 5 and len(longue) > len(courte) and longue.startswith(courte) and longue[len(courte)] != " ":
        # two cells glued together: « 75 route des millesplace sextius conca » is « 75 route des Milles »
        voie = max(voie, 90)
    voie /= 100
    if a.type_voie and b.type_voie and a.type_voie != b.type_voie:
        voie *= 0.85  # « place de la Mairie » and « rue de la Mairie » are two streets
    if not a.numeros or not b.numeros:
        return SimilariteAdresse(voie, None)
    if a.numeros & b.numeros:
        return SimilariteAdresse(voie, True)
    # « 15 » vs « 15 bis »: the same building more often than not, but not the same door
    seuls_a, seuls_b = {_numero_seul(n) for n in a.numeros}, {_numero_seul(n) for n in b.numeros}
    if seuls_a & seuls_b:
        return SimilariteAdresse(voie, True)
    voisins = any(abs(int(x) - int(y)) <= ECART_NUMEROS_VOISINS for x in seuls_a for y in seuls_b)
    return SimilariteAdresse(voie, False, voisins)


def similarite_adresses(adresse_a: str, adresse_b: str) -> SimilariteAdresse:
    return similarite(normalise(adresse_a), normalise(adresse_b))
