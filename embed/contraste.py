"""Colours of a themed embed: a collectivité's primary colour, the text written on it, and an accent for links.

WCAG 2.1 relative luminance and contrast ratio. Text on the primary colour is black or white, whichever contrasts
more: one of them always reaches 4.58:1 at least (AA for normal text). Links and checked boxes sit on white, so the
accent is the primary colour darkened until it reaches 4.5:1 on white (unchanged when it already does).

Hovered and pressed buttons move the primary colour *away* from their text (lighter under black text, darker under
white text), so they never read worse than the button at rest: darkening #777777 under its black text gave 3.6:1 on
hover and 2.73:1 pressed. `Theme.paires()` lists every text/background pair the theme makes, for the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLANC, NOIR = "#ffffff", "#000000"
RATIO_AA = 4.5
RATIO_GRAPHIQUE = 3.0  # RGAA 3.3: graphics and interface components
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


def melanger(couleur: str, avec: str, part: float) -> str:
    """`couleur` with `part` (0…1) of `avec`, mixed in sRGB like CSS color-mix(in srgb, …)."""
    canaux = zip(_rgb(couleur), _rgb(avec), strict=True)
    return "#" + "".join(f"{round(a * (1 - part) + b * part):02x}" for a, b in canaux)


def nuance(fond: str, texte: str, part: float, ratio: float = RATIO_AA) -> str:
    """A hover/pressed shade of `fond` that `texte` stays readable on: `fond` moved away from `texte` (towards white
    under black text, towards black under white text); for a fond already at the end (white under black text), moved
    towards the text as far as `ratio` allows."""
    oppose = BLANC if luminance(texte) < 0.5 else NOIR
    eloigne = melanger(fond, oppose, part)
    if eloigne != fond:
        return eloigne
    for pas in range(round(part * 20), 0, -1):
        candidate = melanger(fond, texte, pas / 20)
        if contraste(candidate, texte) >= ratio:
            return candidate
    return fond


@dataclass(frozen=True)
class Theme:
    primaire: str
    sur_primaire: str
    accent: str
    survol: str = ""  # the primary colour of a hovered button
    presse: str = ""  # … of a pressed one
    accent_survol: str = ""
    accent_presse: str = ""

    @classmethod
    def de(cls, couleur: str) -> Theme:
        sur_primaire, accent = couleur_texte(couleur), assombrir(couleur)
        return cls(couleur, sur_primaire, accent,
                   nuance(couleur, sur_primaire, 0.15), nuance(couleur, sur_primaire, 0.3),
                   nuance(accent, BLANC, 0.15), nuance(accent, BLANC, 0.3))

    def paires(self) -> list[tuple[str, str, str, float]]:
        """(what, foreground, background, minimum ratio) of everything the theme colours: text 4.5:1, the tick of a
        checked box (a graphic) 3:1. A pagination's current page is drawn like a button (static/embed/embed.css)."""
        texte = [("bouton", self.primaire), ("bouton survolé", self.survol), ("bouton pressé", self.presse)]
        coche = [("case cochée", self.accent), ("case cochée survolée", self.accent_survol),
                 ("case cochée pressée", self.accent_presse)]
        return ([(quoi, self.sur_primaire, fond, RATIO_AA) for quoi, fond in texte]
                + [("lien", self.accent, BLANC, RATIO_AA)]
                + [(quoi, "#f5f5fe", fond, RATIO_GRAPHIQUE) for quoi, fond in coche])

    def style(self) -> str:
        """CSS custom properties for the `style` attribute of <html> (values are validated hex colours)."""
        return (f"--embed-primaire:{self.primaire};--embed-sur-primaire:{self.sur_primaire};"
                f"--embed-accent:{self.accent};--embed-primaire-survol:{self.survol};"
                f"--embed-primaire-presse:{self.presse};--embed-accent-survol:{self.accent_survol};"
                f"--embed-accent-presse:{self.accent_presse}")
