"""The same export for a spreadsheet: « CSV pour Excel » and XLSX, offered beside the standard CSV (which stays the
national publisher's dialect, imports/export.py).

French Excel opens a CSV as Windows-1252 and splits it on « ; »: the standard file (UTF-8 without BOM, commas) shows
« MÃ©diathÃ¨que » in one column. The Excel CSV says its encoding with a BOM, separates with « ; », ends lines with CRLF
and writes coordinates with a decimal comma. Excel still reads codes as numbers there (« 01000 » becomes 1000): the
XLSX keeps every cell as text except the coordinates. Formula-looking texts keep their apostrophe in the CSV
(neutralised, as in the standard file) and are plain text cells in the XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from imports.export import enregistrements, neutralise, texte_cellule
from lieux import standard

COORDONNEES = ("latitude", "longitude")


class _Tampon:
    def write(self, texte):
        return texte


def _ligne(ecrivain, cellules) -> str:
    return ecrivain.writerow(cellules)


def csv_excel(lieux) -> Iterator[str]:
    ecrivain = csv.writer(_Tampon(), delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    yield "\ufeff" + _ligne(ecrivain, standard.COLONNES)
    for enregistrement in enregistrements(lieux):
        cellules = []
        for champ in standard.COLONNES:
            texte = neutralise(champ, texte_cellule(champ, enregistrement[champ]))
            cellules.append(texte.replace(".", ",") if champ in COORDONNEES else texte)
        yield _ligne(ecrivain, cellules)


def xlsx(lieux) -> bytes:
    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Lieux")
    feuille.append(list(standard.COLONNES))
    for enregistrement in enregistrements(lieux):
        ligne = []
        for champ in standard.COLONNES:
            valeur = enregistrement[champ]
            if champ in COORDONNEES:
                ligne.append(round(valeur, 7) if valeur is not None else None)
                continue
            texte = texte_cellule(champ, valeur)
            if not texte:
                ligne.append(None)
                continue
            cellule = WriteOnlyCell(feuille, texte)
            cellule.data_type = "s"  # never a formula, whatever the text starts with
            ligne.append(cellule)
        feuille.append(ligne)
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
