"""Readers: a file (CSV, JSON, GeoJSON, XLSX) → its column names and its rows as dicts, streamed.

`ouvrir(chemin)` guesses the format from the content (the extension only breaks ties) and returns a `Lecture`.
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import FichierIllisible, Lecture, Remarque, cle_colonne  # noqa: F401
from .json import lit_json
from .tableur import lit_csv, lit_xlsx

EXTENSIONS = (".csv", ".tsv", ".txt", ".json", ".geojson", ".xlsx")


def detecte_format(debut: bytes, nom: str = "") -> str:
    """csv | json | xlsx from the first bytes of a file; raises FichierIllisible for what we cannot read."""
    extension = Path(nom).suffix.lower()
    if debut.startswith(b"PK\x03\x04"):
        return "xlsx"
    if debut.startswith(b"\xd0\xcf\x11\xe0"):
        raise FichierIllisible(
            "Les classeurs Excel 97-2003 (.xls) ne sont pas pris en charge : enregistrez le fichier en .xlsx ou .csv."
        )
    if b"\x00" in debut[:4096] and not debut.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FichierIllisible("Ce fichier n'est pas un fichier texte, JSON ou Excel (contenu binaire).")
    texte = debut.lstrip(b"\xef\xbb\xbf \t\r\n")
    if texte[:1] in (b"[", b"{") or extension in (".json", ".geojson"):
        return "json"
    return "csv"


def ouvrir(chemin, nom: str = "") -> Lecture:
    """Open a local file for reading; the caller closes nothing (the rows generator closes the file at the end)."""
    chemin = Path(chemin)
    taille = os.path.getsize(chemin)
    if taille == 0:
        raise FichierIllisible("Le fichier est vide.")
    with open(chemin, "rb") as f:
        debut = f.read(8192)
    format_ = detecte_format(debut, nom or chemin.name)
    if format_ == "xlsx":
        return lit_xlsx(chemin)
    flux = open(chemin, "rb")  # noqa: SIM115 — closed by Lecture.fermer(), at the latest after the last row
    try:
        return lit_json(flux, taille) if format_ == "json" else lit_csv(flux, taille)
    except BaseException:
        flux.close()
        raise
