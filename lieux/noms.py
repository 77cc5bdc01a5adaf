"""The searchable form of a name: one rule for the stored `Commune.nom_recherche` and for what people type.

Pure (no Django): scripts/build_geography.py writes the geography files with it, lieux/recherche.py compares the
typed text with it. Two copies of this rule once drifted apart would make « Saint-Étienne » unfindable.
"""

from __future__ import annotations

import unicodedata

_TIRETS_ET_APOSTROPHES = "-‐‑–—'’`´"


def nom_recherche(nom: str) -> str:
    """'Saint-Étienne' → 'saint etienne': lowercase, no accents, ligatures spelt out, hyphens and apostrophes as
    spaces, single spaces."""
    s = nom.lower().replace("œ", "oe").replace("æ", "ae")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    for c in _TIRETS_ET_APOSTROPHES:
        s = s.replace(c, " ")
    return " ".join(s.split())
