"""Reading a file as the import does, for the tests of hostile files (not a test module)."""

import openpyxl
import pytest

from imports.lecteurs import FichierIllisible, ouvrir


def lire(chemin):
    lecture = ouvrir(chemin)
    return lecture, list(lecture.lignes())


def refus(chemin) -> str:
    """The French reason a file is refused for (the test fails if it is read)."""
    with pytest.raises(FichierIllisible) as erreur:
        lire(chemin)
    return str(erreur.value)


def classeur_ordinaire(tmp_path) -> bytes:
    """The bytes of a sound 2,000-row workbook, to damage."""
    chemin = tmp_path / "source.xlsx"
    classeur = openpyxl.Workbook()
    classeur.active.append(["id", "nom"])
    for i in range(2000):
        classeur.active.append([i, f"Lieu {i}"])
    classeur.save(chemin)
    return chemin.read_bytes()
