"""Domain rules of the standard, as small pure functions on plain values.

The form, the row validator of the importers and the tests call them; nothing here touches the database.
Every `normalise_*` returns the value we store, or raises `ValueError` with a French message for a person.
"""

from __future__ import annotations

import re
import unicodedata

import opening_hours
import phonenumbers
from stdnum.fr import siren, siret

from lieux import standard

# --- codes postaux, codes INSEE -----------------------------------------------------------------------------

_CODE_POSTAL = re.compile(standard.CODE_POSTAL_PATTERN)
_CODE_INSEE = re.compile(standard.CODE_INSEE_PATTERN)


def code_postal_valide(s: str) -> bool:
    return bool(_CODE_POSTAL.match(s or ""))


def code_insee_valide(s: str) -> bool:
    return bool(_CODE_INSEE.match(s or ""))


def normalise_code_postal(s: str | None) -> str:
    """Without spaces ("49 000" → "49000"); a postcode read as a number ("6000") gets back its leading 0."""
    chiffres = re.sub(r"\s", "", s or "")
    return chiffres.zfill(5) if chiffres.isdigit() and len(chiffres) == 4 else chiffres


def normalise_code_insee(s: str | None) -> str:
    """Upper case ("2a004" → "2A004", Corse); a code read as a number ("1053") gets its leading zero back."""
    code = re.sub(r"\s", "", s or "").upper()
    return code.zfill(5) if code.isdigit() and len(code) == 4 else code


# --- sites web ----------------------------------------------------------------------------------------------


def normalise_site_web(s: str) -> str:
    """A full address: "www.exemple.fr" → "https://www.exemple.fr"."""
    s = s.strip()
    if s and not re.match(r"^[a-z][a-z0-9+.\-]*://", s, re.IGNORECASE):
        s = "https://" + s
    return s


# --- téléphone ----------------------------------------------------------------------------------------------

_TELEPHONE = re.compile(standard.TELEPHONE_PATTERN)

# Postcode prefix → phonenumbers region of the overseas territories with their own country code.
# 971 covers Guadeloupe, Saint-Barthélemy (97133) and Saint-Martin (97150): all three dial +590.
REGIONS_OUTRE_MER = {
    "971": "GP",  # +590
    "972": "MQ",  # +596
    "973": "GF",  # +594
    "974": "RE",  # +262
    "975": "PM",  # +508
    "976": "YT",  # +262 (Mayotte; its old +269 numbers are rewritten)
    "986": "WF",  # +681
    "987": "PF",  # +689
    "988": "NC",  # +687
}
# Ten-digit national prefixes of the overseas départements (ARCEP plan), fixed and mobile: the number itself says
# where it is when the postcode does not (0596… read in France would be a valid metropolitan-looking +33 5…).
PREFIXES_OUTRE_MER = {
    "0590": "GP", "0690": "GP", "0691": "GP",
    "0596": "MQ", "0696": "MQ", "0697": "MQ",
    "0594": "GF", "0694": "GF",
    "0262": "RE", "0263": "RE", "0692": "RE", "0693": "RE",
    "0269": "YT", "0639": "YT",
}
_SEPARATEURS_NUMEROS = re.compile(r"\s*(?:/|;|,|\||\n|\bou\b|\bet\b)\s*|\s+[-–]\s+", re.IGNORECASE)


def region_telephone(code_postal: str | None) -> str | None:
    """The phonenumbers region of an overseas postcode, None for metropolitan France or no postcode."""
    chiffres = re.sub(r"\D", "", code_postal or "")
    return REGIONS_OUTRE_MER.get(chiffres[:3]) if len(chiffres) == 5 else None


_NUMERO = re.compile(r"\+?\d[\d\s.\-]*\d")
_INDICATIF_ENTRE_PARENTHESES = re.compile(r"\(\s*((?:\+|00)\d{2,3})\s*\)")


def _nettoie_numero(s: str) -> str:
    """The number inside some text ("Tél. : 04 93 00 00 00 (accueil)"), without "(0)" nor a stray "+"."""
    s = _INDICATIF_ENTRE_PARENTHESES.sub(r"\1 ", s.replace("\xa0", " "))  # « (+33)4 93… », « (0596) 596… »
    trouve = _NUMERO.search(s.replace("(0)", " "))
    s = trouve.group() if trouve else ""
    if s.startswith("+0") and not s.startswith("+00"):  # "+0147985927": a national number behind a stray plus
        s = s[1:]
    return s


def _numero_valide(texte: str, regions: list[str]) -> phonenumbers.PhoneNumber | None:
    """The first reading of `texte` that is a valid number, trying each region for national formats."""
    for region in regions:
        try:
            numero = phonenumbers.parse(texte, region)
        except phonenumbers.NumberParseException:
            return None
        if numero.country_code == 269 and len(str(numero.national_number)) == 9:
            # Mayotte before 2007 (+269 269…, +269 639…): the same nine digits are now behind +262
            numero = phonenumbers.parse("+262" + str(numero.national_number))
        if phonenumbers.is_valid_number(numero):
            return numero
        if texte.startswith(("+", "00")):
            return None  # international format: the region does not change the reading
    return None


def normalise_telephone(s: str, code_postal: str | None = None) -> str:
    """The first valid number in `s`, in E.164 ("+33493000000"); "" for an empty cell.

    National numbers are read in the region of `code_postal` first (0262… in 974 is Réunion, +262), then
    France, then (ten-digit ones) the overseas départements. Raises ValueError when no number with one of
    the standard's country codes can be read.
    """
    s = (s or "").strip()
    if not s:
        return ""
    regions = [r for r in (region_telephone(code_postal), "FR") if r]
    # a ten-digit national number of an overseas département (0262…, 0590…) is recognised without a postcode;
    # shorter local numbers (Nouvelle-Calédonie, Polynésie…) are ambiguous without one
    regions_dom = list(dict.fromkeys(regions + list(REGIONS_OUTRE_MER.values())))
    for morceau in _SEPARATEURS_NUMEROS.split(s):
        morceau = _nettoie_numero(morceau)
        if not morceau:
            continue
        chiffres = re.sub(r"\D", "", morceau)
        national_a_10_chiffres = re.fullmatch(r"0\d{9}", chiffres)
        essais = regions_dom if national_a_10_chiffres else regions
        if national_a_10_chiffres and (propre := PREFIXES_OUTRE_MER.get(chiffres[:4])) and len(regions) == 1:
            essais = list(dict.fromkeys([propre, *essais]))  # 0596… is Martinique whatever else could read it
        numero = _numero_valide(morceau, essais)
        if numero is None:
            continue
        e164 = phonenumbers.format_number(numero, phonenumbers.PhoneNumberFormat.E164)
        if not _TELEPHONE.match(e164):
            indicatifs = ", ".join(standard.TELEPHONE_INDICATIFS)
            raise ValueError(
                f"Le numéro « {s} » a un indicatif (+{numero.country_code}) que le standard n'admet pas : "
                f"seuls la France et les outre-mer sont acceptés ({indicatifs})."
            )
        return e164
    raise ValueError(
        f"« {s} » n'est pas un numéro de téléphone valide : attendu un numéro complet à 10 chiffres "
        "(04 93 00 00 00) ou au format international (+33 4 93 00 00 00)."
    )


def telephone_valide(s: str) -> bool:
    """True when `s` is a telephone as we store it: E.164, a standard country code, a real number."""
    if not s or not _TELEPHONE.match(s):
        return False
    try:
        return normalise_telephone(s) == s
    except ValueError:
        return False


# --- pivot : SIRET, SIREN, RNA ------------------------------------------------------------------------------

_RNA = re.compile(r"^W[0-9A-Z]{9}$")
CLE_INCORRECTE = "clé de contrôle incorrecte"


def normalise_pivot(s: str | None) -> str:
    """Compact form of a SIRET/SIREN/RNA ("434 933 123 00029" → "43493312300029"); empty → PIVOT_INCONNU."""
    compact = re.sub(r"[\s.\-]", "", s or "")
    if compact[:1] == "w":
        compact = compact.upper()
    return compact or standard.PIVOT_INCONNU


def erreur_pivot(s: str) -> str | None:
    """Why `s` (already normalised) is not an acceptable pivot, in French; None when it is."""
    if s == standard.PIVOT_INCONNU:
        return None
    if s.isdigit():
        if len(s) == 14:
            # stdnum knows the La Poste exception (356000000…: digit sum multiple of 5, no Luhn key)
            return None if siret.is_valid(s) else f"Le SIRET « {s} » est invalide ({CLE_INCORRECTE})."
        if len(s) == 9:
            return None if siren.is_valid(s) else f"Le SIREN « {s} » est invalide ({CLE_INCORRECTE})."
        return (
            f"« {s} » compte {len(s)} chiffres : un SIRET en a 14, un SIREN 9 "
            f"(indiquez {standard.PIVOT_INCONNU} s'il est inconnu)."
        )
    if _RNA.match(s):
        return None
    return (
        f"« {s} » n'est ni un SIRET (14 chiffres), ni un SIREN (9 chiffres), ni un numéro RNA "
        f"(W suivi de 9 caractères) ; indiquez {standard.PIVOT_INCONNU} s'il est inconnu."
    )


def pivot_valide(s: str) -> bool:
    return erreur_pivot(s or "") is None


# --- horaires (OpenStreetMap opening_hours) -----------------------------------------------------------------

EXEMPLE_HORAIRES = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"
_POSITION_ERREUR = re.compile(r"-->\s*(\d+):(\d+)")


def erreur_horaires(s: str) -> str | None:
    """Why `s` is not an OSM opening_hours expression, in French; None when it is, or is empty (optional)."""
    s = (s or "").strip()
    if not s:
        return None
    try:
        opening_hours.OpeningHours(s)
    except (opening_hours.ParserError, SyntaxError) as erreur:
        position = _POSITION_ERREUR.search(str(erreur))
        ou = f" (caractère {position.group(2)})" if position else ""
        return (
            f"Horaires illisibles{ou} : attendu le format OpenStreetMap, par exemple « {EXEMPLE_HORAIRES} » "
            "(jours Mo Tu We Th Fr Sa Su, heures sur 24 h, plages séparées par « ; »)."
        )
    return None


def horaires_valides(s: str) -> bool:
    return erreur_horaires(s) is None


# --- listes de valeurs --------------------------------------------------------------------------------------


def _cle_souple(valeur: str) -> str:
    """Comparison key forgiving case, typographic apostrophes, non-breaking and repeated spaces."""
    valeur = unicodedata.normalize("NFC", valeur).replace("’", "'")
    return " ".join(valeur.split()).casefold()  # str.split() also splits on non-breaking spaces


def valeur_liste(nom_champ: str, valeur: str) -> str | None:
    """The canonical value one item of a list cell stands for, or None when the field does not allow it."""
    valeur = " ".join(unicodedata.normalize("NFC", valeur).split())
    if not valeur:
        return None
    if nom_champ == "typologie":
        codes = {c.upper(): c for c in standard.typologies()}  # case-insensitive, written as the referential does
        code = valeur.upper()
        code = standard.VARIANTES.get("typologie", {}).get(code, code)
        return codes.get(code.upper())
    canonique = standard.valeur_canonique(nom_champ, valeur)
    if canonique is not None:
        return canonique
    champ = standard.CHAMPS_PAR_NOM[nom_champ]
    souples = {_cle_souple(v): v for v in (*champ.valeurs, *standard.VARIANTES.get(nom_champ, {}))}
    trouvee = souples.get(_cle_souple(valeur))
    return trouvee and standard.valeur_canonique(nom_champ, trouvee)


def valeurs_liste(nom_champ: str, cellule: str | None, separateur: str = standard.SEPARATEUR):
    """Split a multi-valued cell: (canonical values, deduplicated in order; refused items as written)."""
    valeurs: list[str] = []
    refusees: list[str] = []
    for item in (cellule or "").split(separateur):
        item = item.strip()
        if not item:
            continue
        canonique = valeur_liste(nom_champ, item)
        if canonique is None:
            if item not in refusees:
                refusees.append(item)
        elif canonique not in valeurs:
            valeurs.append(canonique)
    return valeurs, refusees
