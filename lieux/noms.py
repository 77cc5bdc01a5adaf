"""Names without accents, and the searchable form of a name: one rule for the stored `Commune.nom_recherche` and
for what people type.

Pure (no Django): scripts/build_geography.py writes the geography files with it, lieux/recherche.py compares the
typed text with it. Two copies of this rule once drifted apart would make « Saint-Étienne » unfindable.
"""

from __future__ import annotations

import unicodedata

_TIRETS_ET_APOSTROPHES = "-‐‑–—'’`´"


def sans_accents(texte: str) -> str:
    """« Île-d'Yeu » → « Ile-d'Yeu »: letters without their diacritics (NFKD, combining marks dropped), nothing else
    changed (case, ligatures, punctuation: each caller's own key decides)."""
    if texte.isascii():
        return texte  # nothing to decompose (most texts)
    return "".join(c for c in unicodedata.normalize("NFKD", texte) if not unicodedata.combining(c))


def nom_recherche(nom: str) -> str:
    """'Saint-Étienne' → 'saint etienne': lowercase, no accents, ligatures spelt out, hyphens and apostrophes as
    spaces, single spaces."""
    s = sans_accents(nom.lower().replace("œ", "oe").replace("æ", "ae"))
    for c in _TIRETS_ET_APOSTROPHES:
        s = s.replace(c, " ")
    return " ".join(s.split())
