"""Telephone, e-mails, web addresses as producers type them, turned into what the standard expects."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from lieux import regles
from lieux.noms import sans_accents

from .texte import est_vide

# --- téléphone -------------------------------------------------------------------------------------------------

_SEPARATEURS_NUMEROS = re.compile(r"\s*(?:/|;|,|\||\n|\bou\b|\bet\b)\s*|\s+[-–]\s+", re.IGNORECASE)
_E164 = re.compile(r"^\+(33|262|590|594|596|269|687|689|508|681)(\d{6,9})$")
# national short numbers people write instead of the full one (as the national pipeline does)
NUMEROS_COURTS = {"3230": "+33969322121", "3960": "+33971103960"}


_VALIDITE_PAR_TRANCHE: dict[tuple[str, str, int], bool] = {}


def e164_valide(numero: str) -> bool:
    """phonenumbers' validity of an E.164 number of the standard's country codes, remembered per number range.

    Numbering plans are ranges of prefixes: for these country codes, validity is decided by the first five digits of
    the national number and its length (a test checks it against phonenumbers on every type of every region), so the
    answer for « +33241000000 » holds for all of « +3324100xxxx ». Parsing costs ~30 µs; the lookup, under 1 µs.
    """
    trouve = _E164.match(numero)
    if not trouve:
        return False
    indicatif, national = trouve.groups()
    tranche = (indicatif, national[:5], len(national))
    if tranche not in _VALIDITE_PAR_TRANCHE:
        _VALIDITE_PAR_TRANCHE[tranche] = phonenumbers.is_valid_number(phonenumbers.parse(numero))
    return _VALIDITE_PAR_TRANCHE[tranche]


@lru_cache(maxsize=4096)
def normalise_telephones(texte: str, code_postal: str = "") -> tuple[str, tuple[str, ...]]:
    """(first valid number in E.164, the other valid numbers); ValueError when none can be read.

    The standard holds one number: the others are reported, not stored.
    """
    texte = (texte or "").strip()
    if not texte or est_vide(texte):
        return "", ()
    if _E164.match(texte) and e164_valide(texte):  # already as the standard wants it
        return texte, ()
    numeros: list[str] = []
    erreur = None
    for morceau in _SEPARATEURS_NUMEROS.split(texte):
        chiffres = re.sub(r"\D", "", morceau)
        if chiffres in NUMEROS_COURTS:
            numero = NUMEROS_COURTS[chiffres]
        elif not chiffres:
            continue
        else:
            try:
                numero = regles.normalise_telephone(morceau, code_postal)
            except ValueError as e:
                erreur = erreur or e
                continue
        if numero not in numeros:
            numeros.append(numero)
    if not numeros:
        if erreur and "indicatif" in str(erreur):
            raise erreur
        raise ValueError(
            f"« {texte} » n'est pas un numéro de téléphone valide : attendu un numéro à 10 chiffres "
            "(04 93 00 00 00) ou au format international (+33 4 93 00 00 00)."
        )
    return numeros[0], tuple(numeros[1:])


# --- courriels -------------------------------------------------------------------------------------------------

_LABEL = r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
_COURRIEL = re.compile(rf"^[a-z0-9][a-z0-9._%+'\-]*@{_LABEL}(?:\.{_LABEL})*\.[a-z]{{2,}}$")
_SEPARATEURS_COURRIELS = re.compile(r"\s*(?:[|;,/\s]|\bet\b|\bou\b)\s*", re.IGNORECASE)
_AROBASE = re.compile(r"\s*(?:\[a\]|\(a\)|\[at\]|\(at\)|@@)\s*", re.IGNORECASE)
_MAILTO = re.compile(r"mailto:", re.IGNORECASE)
_CHIFFRE_OU_POINT = re.compile(r"\d|\.")


def normalise_courriels(texte: str) -> tuple[list[str], list[str]]:
    """(valid addresses in lower case, deduplicated; pieces that are not addresses, as written)."""
    texte = (texte or "").strip()
    if not texte or est_vide(texte):
        return [], []
    texte = _AROBASE.sub("@", _MAILTO.sub(" ", texte))
    valides: list[str] = []
    refuses: list[str] = []
    for morceau in _SEPARATEURS_COURRIELS.split(texte):
        morceau = morceau.strip(" .:<>()[]\"'")
        if not morceau:
            continue
        if "@" not in morceau:
            # « Contact : x@y.fr » leaves « Contact » behind: words without @ are not addresses, only noise
            if _CHIFFRE_OU_POINT.search(morceau):
                refuses.append(morceau)
            continue
        courriel = sans_accents(morceau.lower())
        if _COURRIEL.match(courriel):
            if courriel not in valides:
                valides.append(courriel)
        else:
            refuses.append(morceau)
    return valides, refuses


# --- sites web -------------------------------------------------------------------------------------------------

_VALIDE_URL = URLValidator(schemes=["http", "https"])
_URL_SIMPLE = re.compile(r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?:/[A-Za-z0-9._~/%-]*)?$")
_SCHEMA = re.compile(r"^(https?)\s*[:;]?\s*/*\s*:?\s*/*", re.IGNORECASE)  # « https//: », « http:/ », « HTTP:// »
_SANS_SCHEMA = re.compile(r"^:?/+")  # « ://www.x.fr », « //www.x.fr »
_WWW = re.compile(r"^www\s*[:,]\s*", re.IGNORECASE)  # « www:x.fr », « www,x.fr »
# what people type when they have no site: dropped silently
URLS_VIDES = {"http://", "https://", "http:", "https:", "www", "www.", "http://www", "https://www", "http://www."}


def normalise_url(texte: str) -> str:
    """One web address with its scheme (« www.x.fr » → « http://www.x.fr »); "" for a placeholder.

    Raises ValueError when the text is not a web address.
    """
    texte = (texte or "").strip().strip("<>\"'")
    if not texte or est_vide(texte) or texte.lower() in URLS_VIDES:
        return ""
    if trouve := _SCHEMA.match(texte):
        url = f"{trouve.group(1).lower()}://{texte[trouve.end():]}"
    else:
        # the national pipeline adds http://, which every server redirects to https
        url = "http://" + _WWW.sub("www.", _SANS_SCHEMA.sub("", texte))
    schema, _, reste = url.partition("://")
    if not reste or reste.lower() in ("www", "www."):
        return ""
    hote, barre, chemin = reste.partition("/")
    url = f"{schema}://{hote.lower()}{barre}{chemin}"
    if _URL_SIMPLE.match(url):  # a plain address, stricter than the full check below: accepted as is
        return url
    try:
        _VALIDE_URL(url)
    except ValidationError as erreur:
        raise ValueError(f"« {texte} » n'est pas une adresse web valide.") from erreur
    return url


_SEPARATEURS_URLS = re.compile(r"\s*(?:\||;|\s+ou\s+|\s+et\s+|\s+|,\s*(?=(?:https?:|www\.)))\s*", re.IGNORECASE)


def normalise_urls(texte: str) -> tuple[list[str], list[str]]:
    """(valid web addresses, deduplicated; pieces that are not web addresses)."""
    valides: list[str] = []
    refuses: list[str] = []
    for morceau in _SEPARATEURS_URLS.split((texte or "").strip()):
        if not morceau:
            continue
        try:
            url = normalise_url(morceau)
        except ValueError:
            refuses.append(morceau)
            continue
        if url and url not in valides:
            valides.append(url)
    return valides, refuses
