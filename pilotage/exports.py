"""The page's tables as CSV (one table: UTF-8 with BOM, « ; », decimal comma — opens in French Excel) and as one
XLSX workbook (a sheet per table; numbers stay numbers)."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook

from .presentation import Tableau

_FORMULE = re.compile(r"^[=+\-@\t\r]")


def _cellule(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, float):
        return f"{valeur:.2f}".replace(".", ",")
    texte = str(valeur)
    return "'" + texte if _FORMULE.match(texte) else texte


def csv_tableau(t: Tableau) -> str:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(t.entetes)
    for ligne in t.brut:
        ecrivain.writerow([_cellule(v) for v in ligne])
    return "\ufeff" + tampon.getvalue()


def xlsx_tableaux(tableaux: list[Tableau]) -> bytes:
    classeur = Workbook(write_only=True)
    for t in tableaux:
        feuille = classeur.create_sheet(t.titre[:31].replace("/", "-").replace(":", ""))
        feuille.append(t.entetes)
        for ligne in t.brut:
            feuille.append([v if isinstance(v, int | float) or v is None else str(v) for v in ligne])
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
