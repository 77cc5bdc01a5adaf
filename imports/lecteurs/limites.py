"""What a file may hold before we refuse it: bounds that keep a hostile or broken file from exhausting the worker.

Each bound is far above what a real export of lieux holds (see docs/fichiers-hostiles.md for the measures and why
each value): the shared hub files have at most 60 columns, cells of at most 1,000 characters, records of at most
2 KB nested 4 deep. Each refusal is a `FichierIllisible` whose message says which bound was hit and what to do.
"""

from __future__ import annotations

from .base import FichierIllisible

COLONNES_MAX = 500  # columns of a CSV/XLSX header, keys of a (flattened) JSON record
CELLULE_MAX = 100_000  # characters of one cell / one JSON text value
LIGNE_MAX = 2_000_000  # characters of one physical line of a CSV (a cell with newlines spans several)
PROFONDEUR_JSON_MAX = 64  # nesting of objects and arrays in one JSON record
ENREGISTREMENT_JSON_MAX = 4 * 1024 * 1024  # characters of one JSON record (one element of the array)
# XLSX: a zip whose parts inflate far beyond their compressed size is a zip bomb; Excel itself never goes beyond
# 16,384 columns, so a row holding more cells was not written by a spreadsheet.
XLSX_DECOMPRESSE_MAX = 1024 * 1024 * 1024  # bytes of all the parts, inflated
XLSX_PARTIE_MAX = 256 * 1024 * 1024  # bytes of one part other than a sheet (shared strings: held in memory)
XLSX_TAUX_MAX = 100  # inflated / compressed size of a part larger than 1 MB
XLSX_PARTIES_MAX = 10_000  # files inside the zip
XLSX_CELLULES_RANGEE_MAX = 16_384  # cells written in one row (Excel's column limit)


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _mo(octets: int) -> str:
    return f"{octets / (1024 * 1024):,.0f}".replace(",", "\u202f") + " Mo"


def trop_de_colonnes(nombre: int, ou: str = "") -> FichierIllisible:
    return FichierIllisible(
        f"Le fichier a {_nombre(nombre)} colonnes{ou} : la limite est de {_nombre(COLONNES_MAX)}. Un fichier de "
        "lieux en compte quelques dizaines : supprimez les colonnes inutiles (ou vides) avant de l'envoyer."
    )


def cellule_trop_longue(ou: str) -> FichierIllisible:
    return FichierIllisible(
        f"Une cellule dépasse {_nombre(CELLULE_MAX)} caractères {ou} : c'est le plus souvent un guillemet « \" » "
        "ouvert et jamais refermé, qui avale la suite du fichier. Vérifiez les guillemets autour de cet endroit, "
        "ou raccourcissez le texte."
    )


def ligne_trop_longue(ligne: int) -> FichierIllisible:
    return FichierIllisible(
        f"La ligne {ligne} du fichier dépasse {_nombre(LIGNE_MAX)} caractères : ce n'est pas un fichier CSV de "
        "lieux (ou ses fins de ligne ont été perdues). Vérifiez le fichier, ou exportez-le de nouveau."
    )


def json_trop_profond(ou: str) -> FichierIllisible:
    return FichierIllisible(
        f"Le JSON est imbriqué sur plus de {PROFONDEUR_JSON_MAX} niveaux {ou} : la limite est de "
        f"{PROFONDEUR_JSON_MAX}. Un lieu est un objet à plat (ou presque) : vérifiez que le fichier est bien un "
        "export de lieux."
    )


def enregistrement_trop_gros(ou: str) -> FichierIllisible:
    return FichierIllisible(
        f"Un enregistrement du JSON dépasse {_mo(ENREGISTREMENT_JSON_MAX)} {ou} (ou le fichier est mal formé à cet "
        f"endroit) : un lieu en occupe quelques kilo-octets. Vérifiez le fichier, ou exportez-le en CSV."
    )


def classeur_demesure(raison: str) -> FichierIllisible:
    return FichierIllisible(
        f"Le classeur Excel est refusé : {raison}. Ouvrez-le dans Excel ou LibreOffice, supprimez les feuilles et "
        "colonnes inutiles, puis enregistrez-le de nouveau (ou exportez-le en CSV)."
    )


def classeur_abime(detail: str) -> FichierIllisible:
    return FichierIllisible(
        f"Le classeur Excel est abîmé ou tronqué ({detail[:200]}) : ouvrez-le dans Excel ou LibreOffice et "
        "enregistrez-le de nouveau, ou exportez-le en CSV."
    )
