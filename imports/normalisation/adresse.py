"""Postcodes, INSEE codes and commune names as they arrive from spreadsheets."""

from __future__ import annotations

import re
from functools import lru_cache

from lieux import regles
from lieux.noms import sans_accents

_DECIMALE_NULLE = re.compile(r"^(\d+)[.,]0+$")
_ESPACES_ET_POINTS = re.compile(r"[\s.]")


def _chiffres(texte: str) -> str:
    texte = (texte or "").strip()
    if trouve := _DECIMALE_NULLE.match(texte):  # « 6000.0 »: a number that went through a spreadsheet
        texte = trouve.group(1)
    return _ESPACES_ET_POINTS.sub("", texte)


def normalise_code_postal(texte: str) -> tuple[str, bool]:
    """(5-digit postcode, True when a lost leading zero was put back and needs the commune to agree).

    « 6000 » → (« 06000 », True); « 49 000 » → (« 49000 », False); anything else → ("", False).
    """
    cp = _chiffres(texte)
    if regles.code_postal_valide(cp):
        return cp, False
    if re.fullmatch(r"\d{4}", cp):
        return "0" + cp, True
    return "", False


def normalise_code_insee(texte: str) -> tuple[str, bool]:
    """(INSEE code, True when a lost leading zero was put back); ("", False) when it is not one."""
    code = _chiffres(texte).upper()
    if regles.code_insee_valide(code):
        return code, False
    if re.fullmatch(r"\d{4}", code):
        return "0" + code, True
    return "", False


_PARENTHESES = re.compile(r"\([^)]*\)")
_CEDEX = re.compile(r"\bcedex\b.*$")
_ARRONDISSEMENT = re.compile(r"\b(\d{1,2})\s*(?:er|e|eme|ème|è)?(?:\s*arrondissement)?\s*$")
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


@lru_cache(maxsize=65536)
def cle_commune(nom: str) -> tuple[str, int | None]:
    """(comparison key, arrondissement number) of a commune name as written in files.

    « MARSEILLE 11 » → (« marseille », 11); « St-Étienne CEDEX 2 » → (« saint etienne », None);
    « L'Île-d'Yeu » → (« l ile d yeu », None).
    """
    texte = sans_accents((nom or "").replace("’", "'")).lower()
    texte = _CEDEX.sub("", _PARENTHESES.sub(" ", texte))
    arrondissement = None
    if trouve := _ARRONDISSEMENT.search(texte):
        arrondissement = int(trouve.group(1))
        texte = texte[: trouve.start()]
    mots = re.sub(r"[^a-z0-9]+", " ", texte).split()
    mots = [_ABREVIATIONS.get(m, m) for m in mots if not m.isdigit()]
    return " ".join(mots), arrondissement
