"""The « à corriger » file written out (imports/a_corriger.py gives the rows).

- `standard` columns: the header of our standard export (imports/export.py, the 32 columns in order) + `type_probleme`
  and `motif_a_corriger`; the record's values (what we publish), or the rejected row as received mapped to the
  standard. CSV in the standard's dialect (UTF-8 without BOM, commas, every non-empty cell quoted).
- `source` columns (a source read with a profile): the producer's own column names (the header its profile was made
  on, then any other column its rows had) and its raw values, so that the hub fixes its spreadsheet at the root.
  CSV with a BOM and « ; », the way a French spreadsheet opens it (imports/export_excel.py), or XLSX.

Any cell starting with = + - @ gets a leading apostrophe in a CSV (a spreadsheet shows it instead of running it),
unless it is a plain number (a negative longitude, a phone number in E.164); in an XLSX every cell is a text cell,
never a formula. Reasons are joined one per line (a line break inside the cell).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lieux import standard

from .a_corriger import COLONNES_EN_PLUS, LigneACorriger, PasDeProfil, lignes_a_corriger, profil_de
from .a_corriger_ecarts import texte
from .export import ligne_csv

FORMATS = ("csv", "xlsx")
COLONNES = ("standard", "source")
TYPES_MIME = {"csv": "text/csv; charset=utf-8",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_DEBUTS_DANGEREUX = ("=", "+", "-", "@")
_NOMBRE = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?\Z")


def sans_formule(cellule: str) -> str:
    """Every cell, not only free-text ones (a rejected row's values were never validated); a plain number (a
    longitude « -0.5536 », a phone « +33241000000 ») is no formula and stays as it is."""
    if cellule.startswith(_DEBUTS_DANGEREUX) and not _NOMBRE.match(cellule):
        return "'" + cellule
    return cellule


def _extras(ligne: LigneACorriger) -> list[str]:
    return [standard.SEPARATEUR.join(ligne.types), "\n".join(ligne.motifs)]


def entete_source(lignes: Iterable[LigneACorriger], profil) -> list[str]:
    """The producer's columns: those its profile was made on, then the others its rows have, in order met."""
    entete = list(profil.colonnes_vues) if profil is not None else []
    vues = set(entete)
    for ligne in lignes:
        for colonne in ligne.brut:
            if colonne not in vues and colonne not in COLONNES_EN_PLUS:
                vues.add(colonne)
                entete.append(colonne)
    return entete


def tableau(lignes: list[LigneACorriger], colonnes: str = "standard", profil=None) -> tuple[list[str], Iterator]:
    """(header, rows of texts) of the file."""
    if colonnes == "source":
        if profil is None:
            raise PasDeProfil("Cette source n'a pas de profil de correspondance : ses fichiers ont les colonnes du "
                              "standard ; demandez le fichier aux colonnes du standard.")
        entete = entete_source(lignes, profil)
        rangs = ([texte(ligne.brut.get(c)) for c in entete] + _extras(ligne) for ligne in lignes)
        return entete + list(COLONNES_EN_PLUS), rangs
    rangs = ([texte(ligne.standard.get(c)) for c in standard.COLONNES] + _extras(ligne) for ligne in lignes)
    return list(standard.COLONNES) + list(COLONNES_EN_PLUS), rangs


class _Tampon:
    def write(self, valeur):
        return valeur


def csv_(lignes: list[LigneACorriger], colonnes: str = "standard", profil=None) -> Iterator[str]:
    entete, rangs = tableau(lignes, colonnes, profil)
    if colonnes == "standard":  # the standard's dialect, as our standard export
        yield ligne_csv(entete)
        for rang in rangs:
            yield ligne_csv([sans_formule(c) for c in rang])
        return
    ecrivain = csv.writer(_Tampon(), delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    yield "\ufeff" + ecrivain.writerow(entete)
    for rang in rangs:
        yield ecrivain.writerow([sans_formule(c) for c in rang])


def xlsx(lignes: list[LigneACorriger], colonnes: str = "standard", profil=None) -> bytes:
    entete, rangs = tableau(lignes, colonnes, profil)
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("À corriger")
    feuille.append(entete)
    for rang in rangs:
        cellules = []
        for valeur in rang:
            if not valeur:
                cellules.append(None)
                continue
            cellule = WriteOnlyCell(feuille, ILLEGAL_CHARACTERS_RE.sub("", valeur))
            cellule.data_type = "s"  # never a formula, whatever the text starts with
            cellules.append(cellule)
        feuille.append(cellules)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()


def contenu(lignes: list[LigneACorriger], format_: str = "csv", colonnes: str = "standard", profil=None) -> bytes:
    if format_ not in FORMATS or colonnes not in COLONNES:
        raise ValueError(f"Format « {format_} » ou colonnes « {colonnes} » inconnus : csv ou xlsx ; standard ou "
                         "source.")
    if format_ == "xlsx":
        return xlsx(lignes, colonnes, profil)
    return "".join(csv_(lignes, colonnes, profil)).encode("utf-8")


def nom_de_fichier(source_nom: str, format_: str, colonnes: str) -> str:
    sur = "".join(c if c.isalnum() or c in "-_" else "-" for c in source_nom) or "source"
    return f"a-corriger-{sur}{'-colonnes-source' if colonnes == 'source' else ''}.{format_}"


def fichier_a_corriger(source, format_: str = "csv", colonnes: str = "standard", utilisateur=None,
                       aujourd_hui=None) -> bytes:
    """The file of `source` as `utilisateur` may see it (None: the operators' command, everything)."""
    if format_ not in FORMATS or colonnes not in COLONNES:
        contenu([], format_, colonnes)  # raises ValueError with its message
    profil = profil_de(source)
    if colonnes == "source" and profil is None:
        tableau([], colonnes, None)  # raises PasDeProfil with its message
    return contenu(lignes_a_corriger(source, utilisateur, aujourd_hui, profil=profil), format_, colonnes, profil)
