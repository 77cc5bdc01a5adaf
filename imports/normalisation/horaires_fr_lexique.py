"""French opening hours as hubs write them, cut into tokens (days, times, connectors, qualifiers, unknown words).

The folding keeps every character at its place (one character in, one out), so a token's span points back into the
original text: what we did not understand is reported with the producer's own words. The grammar that gives the
tokens a meaning is imports/normalisation/horaires_fr.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FERIES = 7  # index of « jours fériés » next to lundi (0) … dimanche (6)

JOURS_COMPLETS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ABREVIATIONS = {"lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6}
DEUX_LETTRES = {"lu": 0, "ma": 1, "me": 2, "je": 3, "ve": 4, "sa": 5, "di": 6}
UNE_LETTRE = {"l": 0, "j": 3, "v": 4, "s": 5, "d": 6}  # « M » is mardi or mercredi: never guessed

# Words that carry no meaning for the hours (articles, « horaires d'ouverture », « accueil »…).
VIDES = {
    "de", "du", "des", "d", "le", "la", "les", "l", "en", "h", "ouvert", "ouverte", "ouverts", "ouvertes",
    "ouverture", "horaire", "horaires", "heures", "accueil", "public", "tout", "inclus", "y", "compris", "et",
    "egalement", "aussi", "permanence", "permanences", "numerique", "acces", "libre", "le", "jour", "jours",
    "journee", "journees", "seulement", "uniquement", "sans", "interruption", "continu", "continue", "non", "stop",
    "chaque", "puis", "ainsi", "que", "nous", "accueillons", "vous", "sommes", "est", "au", "aux", "par",
}
# Words after which the part of the text says nothing about an ordinary week.
BLOQUANTS = {
    "rendez", "rdv", "rendez-vous", "mois", "vacances", "scolaires", "scolaire", "selon", "variable",
    "variables", "planning", "demande", "condition", "conditions", "souscondition", "inscription", "inscriptions",
    "reservation", "paire", "paires", "impaire", "impaires", "evenementiel", "evenement", "periode", "ete", "hiver",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
    "decembre", "rentree", "occasionnel", "occasionnellement", "ponctuel", "ponctuellement", "interventions",
    "activites", "appel", "contacter", "consulter", "voir", "prealable", "convenance",
    "alternance",
}
MOMENTS = {"matin": "matin", "matins": "matin", "matinee": "matin", "am": "matin", "soir": "soir",
           "soirs": "soir", "soiree": "soir", "pm": "apres-midi"}
SAUF = {"sauf", "excepte", "hors"}
FERME = {"ferme", "fermee", "fermes", "fermees", "fermeture", "closed", "clos"}


@dataclass(frozen=True)
class Jeton:
    genre: str  # jour heure nombre vers et coupure moment tous continu sauf ferme bloque mot
    valeur: object
    debut: int
    fin: int


_HTML = re.compile(r"<\s*/?\s*(br|li|p|div|ul|ol)\b[^>]*>|<[^>]{0,40}>|&nbsp;|&amp;", re.I)
_TIRETS = dict.fromkeys("–—‑‒−", "-") | dict.fromkeys("\xa0\u202f\u2009\t\r", " ") | {"’": "'", "`": "'"}


def _remplace_balise(m: re.Match) -> str:
    coupe = m.group(1) is not None and m.group(1).lower() in ("br", "li", "p", "div")
    return ("\n" if coupe else " ") + " " * (len(m.group(0)) - 1)


def plier(texte: str) -> str:
    """Lower case, no accents, one character for one: « Après-midi » → « apres-midi », HTML tags → blanks.

    U+FFFD (a Latin-1 letter lost upstream, as in the Région Sud file) standing alone is « à », inside a word « é/è ».
    """
    texte = _HTML.sub(_remplace_balise, texte)
    sortie = []
    for i, c in enumerate(texte):
        if c == "\ufffd":
            voisins = texte[i - 1:i] + texte[i + 1:i + 2]
            sortie.append("e" if any(v.isalpha() for v in voisins) else "a")
            continue
        c = _TIRETS.get(c, c)
        base = unicodedata.normalize("NFKD", c)[:1] or c
        sortie.append(base.lower() if len(base.lower()) == 1 else c)
    return "".join(sortie)


_JOUR = "|".join(JOURS_COMPLETS)
_PETIT = r"(?:lu|ma|me|je|ve|sa|di)"
_LETTRE = r"[ljvsd]"
_MOTIF = re.compile(
    r"(?P<continu>\b24\s*h?\s*(?:/|sur)\s*24(?:\s*h)?\b|\bh\s*24\b)"
    r"|(?P<tous>\b7\s*j(?:ours|rs)?\s*(?:/|sur)\s*7(?:\s*j(?:ours)?)?\b|\b7\s*/\s*7\b|\btous\s+les\s+jours\b)"
    r"|(?P<feries>\bjours?\s+feries?\b|\bferies\b)"
    r"|(?P<apresmidi>\bapres[\s-]*midis?\b|\bap\.?\s*m\b)"
    r"|(?P<sansrdv>\b(?:sans|avec\s+ou\s+sans)\s+(?:rendez[\s-]*vous|rdv)\b)"
    r"|(?P<rdv>\brendez[\s-]*vous\b|\brdv\b)"
    r"|(?P<ordinal>\b(?:1\s*(?:er|ere|re)|\d\s*(?:e|eme|emes|nd|nde)|premier|premiere|deuxieme|second|seconde"
    r"|troisieme|quatrieme|dernier|derniere)s?\b)"
    r"|(?P<jour>\b(?:" + _JOUR + r")s?\b|\b(?:lun|mar|mer|jeu|ven|sam|dim)\b\.?)"
    r"|(?P<petits>\b" + _PETIT + r"\s*(?:-|au|a)\s*" + _PETIT + r"\b)"
    r"|(?P<lettres>\b" + _LETTRE + r"\s*(?:-|au|a)\s*" + _LETTRE + r"\b(?!'))"
    r"|(?P<hm>(?<![\d,])(\d{1,2})\s*[h:]\s*(\d{2})(?!\s*h)(?![\d:]))"
    r"|(?P<h>(?<![\d,])(\d{1,2})\s*h(?:eures?)?(?![a-z]))"
    r"|(?P<point>(?<![\d,.h])(\d{1,2})\.(\d{2})(?![\d.]))"
    r"|(?P<midi>\bmidi\b)|(?P<minuit>\bminuit\b)"
    r"|(?P<jusqua>\bjusqu\s*'?\s*a\b)"
    r"|(?P<nombre>\d+)"
    r"|(?P<mot>[a-z]+)"
    r"|(?P<coupure>[\n;|•]|\.(?=\s|$))"
    r"|(?P<vers>-|→|>)"
    r"|(?P<et>[,/+&])"
)


def _heure(h: str, m: str | None) -> int | None:
    heures, minutes = int(h), int(m or 0)
    if heures > 24 or minutes > 59 or (heures == 24 and minutes):
        return None
    return heures * 60 + minutes


def _jour(mot: str) -> int:
    mot = mot.rstrip(".")
    if mot in ABREVIATIONS:
        return ABREVIATIONS[mot]
    return JOURS_COMPLETS.index(mot[:-1] if mot.endswith("s") else mot)


def _deux_jours(texte: str, table: dict, debut: int, fin: int, motif: str) -> list[Jeton]:
    a, b = re.fullmatch(motif, texte).groups()
    return [Jeton("jour", table[a], debut, debut + len(a)), Jeton("vers", "-", debut + len(a), fin - len(b)),
            Jeton("jour", table[b], fin - len(b), fin)]


def jetons(texte: str) -> list[Jeton]:
    """The tokens of `texte`; spans index the original (unfolded) text."""
    plie = plier(texte)
    resultat: list[Jeton] = []
    for m in _MOTIF.finditer(plie):
        genre, (debut, fin) = m.lastgroup, m.span()
        mot = m.group(0)
        if genre == "continu":
            resultat.append(Jeton("continu", None, debut, fin))
        elif genre == "tous":
            resultat.append(Jeton("tous", None, debut, fin))
        elif genre == "feries":
            resultat.append(Jeton("jour", FERIES, debut, fin))
        elif genre == "apresmidi":
            resultat.append(Jeton("moment", "apres-midi", debut, fin))
        elif genre == "sansrdv":  # « sans rendez-vous »: walk-in, the ordinary hours
            continue
        elif genre in ("rdv", "ordinal"):
            resultat.append(Jeton("bloque", genre, debut, fin))
        elif genre == "jour":
            resultat.append(Jeton("jour", _jour(mot), debut, fin))
        elif genre == "petits":
            resultat += _deux_jours(mot, DEUX_LETTRES, debut, fin, rf"({_PETIT})\s*(?:-|au|a)\s*({_PETIT})")
        elif genre == "lettres":
            resultat += _deux_jours(mot, UNE_LETTRE, debut, fin, rf"({_LETTRE})\s*(?:-|au|a)\s*({_LETTRE})")
        elif genre in ("hm", "h", "point"):
            minutes = _heure(m.group(m.lastindex + 1), None if genre == "h" else m.group(m.lastindex + 2))
            resultat.append(Jeton("heure", minutes, debut, fin) if minutes is not None else Jeton("mot", mot, debut, fin))
        elif genre == "midi":
            resultat.append(Jeton("heure", 12 * 60, debut, fin))
        elif genre == "minuit":
            resultat.append(Jeton("heure", 24 * 60, debut, fin))
        elif genre == "jusqua":
            resultat.append(Jeton("vers", "a", debut, fin))
        elif genre == "nombre":
            resultat.append(Jeton("nombre", int(mot), debut, fin))
        elif genre == "mot":
            resultat.append(_mot(mot, debut, fin))
        else:
            resultat.append(Jeton(genre, mot, debut, fin))
    return [j for j in resultat if j is not None]  # filler words give None


def _mot(mot: str, debut: int, fin: int) -> Jeton | None:
    if mot in ("a", "au"):
        return Jeton("vers", mot, debut, fin)
    if mot == "et" or mot == "ou":
        return Jeton("et", mot, debut, fin)
    if mot in MOMENTS:
        return Jeton("moment", MOMENTS[mot], debut, fin)
    if mot in SAUF:
        return Jeton("sauf", mot, debut, fin)
    if mot in FERME:
        return Jeton("ferme", mot, debut, fin)
    if mot in BLOQUANTS:
        return Jeton("bloque", "vacances" if mot.startswith("vacances") or mot.startswith("scolaire") else mot,
                     debut, fin)
    if mot in VIDES:
        return None
    return Jeton("mot", mot, debut, fin)
