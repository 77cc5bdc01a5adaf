"""What every reader returns: the column names, then the rows one by one, plus remarks on the file itself."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from lieux import standard

from .encodage import CARACTERE_ILLISIBLE, repare_double_encodage

LIGNES_ENTETE_MAX = 30  # the header row is searched among the first rows
_CLES_STANDARD = set(standard.COLONNES) | {
    "courriel", "publics_accueillis", "conditions_acces", "labels_nationaux", "accessibilite", "cle_ban",
}


class FichierIllisible(Exception):
    """The file cannot be read at all (message in French, for the person who sent it)."""


@dataclass
class Remarque:
    niveau: str  # "erreur" | "avertissement" | "info"
    texte: str


@dataclass
class Lecture:
    """An open file: `colonnes`, then `lignes()` yields (number, raw record) without holding the file in memory."""

    format: str  # csv | json | geojson | xlsx
    colonnes: list[str]
    unite: str = "ligne"  # how a row is called in the report: « ligne » (CSV, XLSX) or « enregistrement » (JSON)
    encodage: str = ""
    separateur: str = ""
    remarques: list[Remarque] = field(default_factory=list)
    cellules_illisibles: int = 0  # cells holding U+FFFD
    caracteres_illisibles: int = 0
    cellules_reparees: int = 0  # double-encoded UTF-8 repaired
    _lignes: Iterator | None = None
    _position: object = None  # callable → fraction of the file read (0..1), for progress bars
    _a_fermer: list = field(default_factory=list)

    def lignes(self) -> Iterator[tuple[int, dict]]:
        """The rows, once; the file is closed at the end (or by `fermer()` when not read to the end)."""
        assert self._lignes is not None, "lignes() ne se parcourt qu'une fois"
        lignes, self._lignes = self._lignes, None
        try:
            yield from lignes
        finally:
            self.fermer()

    def fermer(self):
        while self._a_fermer:
            self._a_fermer.pop().close()

    def progression(self) -> float:
        if not self._position:
            return 0.0
        try:
            return min(1.0, max(0.0, self._position()))
        except ValueError:  # the file has been read to the end and closed
            return 1.0

    def remarques_finales(self) -> list[Remarque]:
        """Remarks known only once every row has been read (damage counts)."""
        finales = list(self.remarques)
        if self.caracteres_illisibles:
            finales.append(Remarque(
                "avertissement",
                f"{self.caracteres_illisibles} caractères illisibles (« {CARACTERE_ILLISIBLE} ») dans "
                f"{self.cellules_illisibles} cellules : le fichier a été abîmé par une mauvaise conversion "
                "d'encodage avant de nous parvenir ; les lettres perdues ne peuvent pas être retrouvées, "
                "corrigez-les à la source.",
            ))
        if self.cellules_reparees:
            finales.append(Remarque(
                "avertissement",
                f"{self.cellules_reparees} cellules étaient encodées deux fois en UTF-8 (« Ã© » pour « é ») : "
                "elles ont été réparées.",
            ))
        return finales

    def nettoie_valeur(self, valeur):
        """A raw value as we keep it: text repaired when it was double-encoded, damage counted."""
        if isinstance(valeur, str):
            if valeur.isascii():
                return valeur.replace("\x00", "") if "\x00" in valeur else valeur
            if "\x00" in valeur:
                valeur = valeur.replace("\x00", "")  # PostgreSQL text cannot hold NUL
            if CARACTERE_ILLISIBLE in valeur:
                self.cellules_illisibles += 1
                self.caracteres_illisibles += valeur.count(CARACTERE_ILLISIBLE)
            repare = repare_double_encodage(valeur)
            if repare != valeur:
                self.cellules_reparees += 1
            return repare
        if isinstance(valeur, float) and not math.isfinite(valeur):
            return None  # NaN/Infinity from a JSON export: not storable as JSON in the database
        if isinstance(valeur, float) and valeur.is_integer() and abs(valeur) < 1e15:
            return int(valeur)  # spreadsheets turn 49650 into 49650.0
        if isinstance(valeur, list):
            return [self.nettoie_valeur(v) for v in valeur]
        if isinstance(valeur, dt.datetime):
            return valeur.isoformat()
        if isinstance(valeur, dt.date):
            return valeur.isoformat()
        return valeur


def cle_colonne(nom: str) -> str:
    """Comparison key of a column name: lower case, no accents, words joined by « _ »."""
    sans_accents = unicodedata.normalize("NFKD", str(nom)).encode("ascii", "ignore").decode()
    mots = "".join(c if c.isalnum() else " " for c in sans_accents.lower()).split()
    return "_".join(mots)


def trouve_entete(premieres_lignes: list[list]) -> int:
    """Index of the header row among the first rows: a row naming standard columns, else the first full row.

    Spreadsheet exports often start with empty lines or a line of merged-cell titles (« ;;;;Modalités;; »): the
    header is the first row filled at least half as much as the fullest of the first rows.
    """
    remplies = [sum(1 for c in ligne if str(c or "").strip()) for ligne in premieres_lignes]
    if not remplies or max(remplies) == 0:
        return 0
    for i, ligne in enumerate(premieres_lignes):
        if sum(1 for c in ligne if cle_colonne(c or "") in _CLES_STANDARD) >= 3:
            return i
    seuil = max(1, math.ceil(0.5 * max(remplies)))
    return next(i for i, n in enumerate(remplies) if n >= seuil)


def noms_colonnes(entete: list) -> list[str]:
    """Header cells as unique, non-empty names (an empty or repeated name becomes « colonne_12 »)."""
    noms: list[str] = []
    vus: set[str] = set()  # not `nom in noms`: quadratic, 100,000 columns took half a minute
    for i, cellule in enumerate(entete, start=1):
        nom = " ".join(str(cellule or "").replace("\ufeff", "").split())
        if not nom or nom in vus:
            nom = f"colonne_{i}"
        noms.append(nom)
        vus.add(nom)
    return noms


def enregistrement(noms: list[str], cellules: list) -> dict:
    """A row as a dict; cells beyond the header get their own « colonne_N » names."""
    brut = dict(zip(noms, cellules, strict=False))  # short rows: the missing cells are simply absent
    for i in range(len(noms), len(cellules)):
        if cellules[i] not in (None, ""):
            brut[f"colonne_{i + 1}"] = cellules[i]
    return brut
