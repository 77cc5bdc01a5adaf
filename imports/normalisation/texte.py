"""Cells as text: empty placeholders, control characters, spreadsheet formula guards, white space."""

from __future__ import annotations

import re
import unicodedata

# What producers write for « nothing »: treated as an empty cell.
VIDES = {
    "", "-", "--", "null", "none", "nan", "n/a", "na", "#n/a", "nc", "n.c.", "undefined", "non renseigné",
    "non renseigne", "néant", "neant", "aucun", "aucune", "/", ".", "?",
}
_CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_GARDE_FORMULE = re.compile(r"^'(?=[=+\-@])")  # our CSV export neutralises « =… » as « '=… »: undo it


def en_texte(valeur) -> str:
    """A raw value (JSON number, list, bool, None…) as the text a person would have typed."""
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, float):
        if valeur != valeur:  # NaN
            return ""
        return repr(int(valeur)) if valeur.is_integer() and abs(valeur) < 1e15 else repr(valeur)
    if isinstance(valeur, (list, tuple)):
        return "|".join(en_texte(v) for v in valeur if en_texte(v))
    if isinstance(valeur, dict):
        return ""
    return str(valeur)


def retire_garde_formule(texte: str) -> str:
    """« '=SOMME(A1) » → « =SOMME(A1) »: the guard our export puts before a cell a spreadsheet would run."""
    return _GARDE_FORMULE.sub("", texte)


def est_vide(texte: str) -> bool:
    return texte.strip().casefold() in VIDES


def nettoie(valeur, multiligne: bool = False) -> str:
    """Text as stored: NFC, no control characters, trimmed; single-line fields get their spaces collapsed."""
    texte = valeur if type(valeur) is str else en_texte(valeur)
    if not texte:
        return ""
    # the usual cell: nothing to clean. Printable text has no control character and no white space but « » (every
    # other space is a Unicode separator, not printable), so without double, leading or trailing spaces it is as clean
    if (texte.isprintable() and texte[:1] not in " '" and texte[-1:] != " " and "  " not in texte
            and (texte.isascii() or unicodedata.is_normalized("NFC", texte))):
        return "" if texte.casefold() in VIDES else texte
    texte = unicodedata.normalize("NFC", _CONTROLES.sub("", texte)).replace("\r\n", "\n").replace("\r", "\n")
    texte = _GARDE_FORMULE.sub("", texte.strip())
    if est_vide(texte):
        return ""
    if multiligne:
        lignes = [" ".join(ligne.split()) for ligne in texte.split("\n")]
        return "\n".join(lignes).strip()
    return " ".join(texte.replace("\xa0", " ").split())


def tronque(texte: str, longueur: int) -> str:
    """At most `longueur` characters, cut on a word and ended with « … » when it had to be cut."""
    if len(texte) <= longueur:
        return texte
    coupe = texte[: longueur - 1]
    if " " in coupe[longueur // 2:]:
        coupe = coupe.rsplit(" ", 1)[0]
    return coupe.rstrip(" ,;:.-") + "…"
