"""Colours of a themed embed: a collectivité's primary colour, the text written on it, and an accent for links.

WCAG 2.1 relative luminance and contrast ratio. Text on the primary colour is black or white, whichever contrasts
more: one of them always reaches 4.58:1 at least (AA for normal text). Links and checked boxes sit on white, so the
accent is the primary colour darkened until it reaches 4.5:1 on white (unchanged when it already does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLANC, NOIR = "#ffffff", "#000000"
RATIO_AA = 4.5
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def normalise_couleur(texte: str) -> str | None:
    """« #1F8D49 », « 1f8d49 », « #1f8 » → « #1f8d49 » / « #11ff88 »; None when it is not a hex colour."""
    trouve = _HEX.match((texte or "").strip())
    if not trouve:
        return None
    chiffres = trouve.group(1).lower()
    if len(chiffres) == 3:
        chiffres = "".join(c * 2 for c in chiffres)
    return "#" + chiffres


def _rgb(couleur: str) -> tuple[int, int, int]:
    return int(couleur[1:3], 16), int(couleur[3:5], 16), int(couleur[5:7], 16)


def luminance(couleur: str) -> float:
    """Relative luminance (0 black … 1 white) of a « #rrggbb » colour."""
    def lineaire(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lineaire(c) for c in _rgb(couleur))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contraste(a: str, b: str) -> float:
    """Contrast ratio between two colours, 1 to 21."""
    clair, sombre = sorted((luminance(a), luminance(b)), reverse=True)
    return (clair + 0.05) / (sombre + 0.05)


def couleur_texte(fond: str) -> str:
    """White or black, whichever is more readable on `fond`."""
    return BLANC if contraste(fond, BLANC) >= contraste(fond, NOIR) else NOIR


def assombrir(couleur: str, fond: str = BLANC, ratio: float = RATIO_AA) -> str:
    """`couleur` mixed with black, by steps of 5 %, until it reaches `ratio` on `fond`."""
    r, g, b = _rgb(couleur)
    for pas in range(21):
        k = 1 - pas / 20
        candidate = f"#{round(r * k):02x}{round(g * k):02x}{round(b * k):02x}"
        if contraste(candidate, fond) >= ratio:
            return candidate
    return NOIR


@dataclass(frozen=True)
class Theme:
    primaire: str
    sur_primaire: str
    accent: str

    @classmethod
    def de(cls, couleur: str) -> Theme:
        return cls(couleur, couleur_texte(couleur), assombrir(couleur))

    def style(self) -> str:
        """CSS custom properties for the `style` attribute of <html> (values are validated hex colours)."""
        return (f"--embed-primaire:{self.primaire};--embed-sur-primaire:{self.sur_primaire};"
                f"--embed-accent:{self.accent}")
