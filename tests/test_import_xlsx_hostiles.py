"""Hostile Excel workbooks (compression bombs, giant dimensions, renamed, truncated or damaged files): refused before
they are unpacked, with a French reason, or read in bounded memory. Measured costs: docs/fichiers-hostiles.md."""

import zipfile

import openpyxl
import pytest

from bench.fichiers_hostiles import colonne, ecrit_xlsx
from imports.lecteurs.limites import CELLULE_MAX, XLSX_CELLULES_RANGEE_MAX
from tests.outils_lecture import classeur_ordinaire, lire, refus


# --- XLSX -------------------------------------------------------------------------------------------------------


def test_xlsx_bombe_de_compression_refusee_avant_ouverture(tmp_path):
    """A sheet of 60 MB of zeros compressed to 60 KB: refused from the zip's directory, nothing inflated."""
    chemin = tmp_path / "bombe.xlsx"
    ecrit_xlsx(chemin, "<row r='1'><c r='A1' t='inlineStr'><is><t>id</t></is></c></row>" + " " * (60 * 1024 * 1024))
    message = refus(chemin)
    assert "Le classeur Excel est refusé : sa partie « xl/worksheets/sheet1.xml » se décompresse" in message
    assert "(limite : 100 fois), comme une « bombe » de compression" in message


def test_xlsx_decompresse_trop_gros_refuse(tmp_path, monkeypatch):
    monkeypatch.setattr("imports.lecteurs.tableur.XLSX_DECOMPRESSE_MAX", 1024 * 1024)
    chemin = tmp_path / "gros.xlsx"
    classeur = openpyxl.Workbook()
    for i in range(30_000):
        classeur.active.append([i, f"Lieu numéro {i}", f"{i} rue de la République"])
    classeur.save(chemin)
    assert "une fois décompressé, il ferait" in refus(chemin)


def test_xlsx_dimension_geante_sans_rembourrage(tmp_path):
    """A sheet declaring A1:XFD1048576 (a whole formatted column): each row stays as wide as its cells (openpyxl
    padded every row to 16,384 cells: 2.6 MB grew the worker to 1.5 GB)."""
    chemin = tmp_path / "dimension.xlsx"
    lignes = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{colonne(c)}{r}" t="inlineStr"><is><t>v{c}</t></is></c>' for c in range(1, 4))
        + "</row>" for r in range(1, 2001)
    )
    ecrit_xlsx(chemin, lignes, dimension="A1:XFD1048576")
    lecture, lignes_lues = lire(chemin)
    assert lecture.colonnes == ["v1", "v2", "v3"] and len(lignes_lues) == 1999
    assert lignes_lues[0][1] == {"v1": "v1", "v2": "v2", "v3": "v3"}


def test_xlsx_rangee_de_plus_de_16384_cellules_refusee(tmp_path):
    chemin = tmp_path / "rangee.xlsx"
    ecrit_xlsx(chemin, '<row r="1">' + '<c r="A1"><v>1</v></c>' * (XLSX_CELLULES_RANGEE_MAX + 1) + "</row>")
    message = refus(chemin)
    assert f"la rangée 1 contient plus de {XLSX_CELLULES_RANGEE_MAX} cellules" in message


def test_xlsx_de_600_colonnes_refuse(tmp_path):
    chemin = tmp_path / "large.xlsx"
    classeur = openpyxl.Workbook()
    classeur.active.append([f"c{i}" for i in range(600)])
    classeur.active.append(list(range(600)))
    classeur.save(chemin)
    assert "Le fichier a 600 colonnes à la ligne 1 : la limite est de 500." in refus(chemin)


def test_xlsx_cellule_trop_longue(tmp_path):
    chemin = tmp_path / "long.xlsx"
    ecrit_xlsx(chemin, '<row r="1"><c r="A1" t="inlineStr"><is><t>nom</t></is></c></row><row r="2"><c r="A2" '
                  f't="inlineStr"><is><t>{"a" * (CELLULE_MAX + 1)}</t></is></c></row>', dimension="A1:A2")
    assert "Une cellule dépasse 100\u202f000 caractères à la ligne 2" in refus(chemin)


@pytest.mark.parametrize("nom", ["classeur.csv", "classeur.json", "classeur.txt"])
def test_xlsx_renomme_lu_comme_xlsx(tmp_path, nom):
    chemin = tmp_path / nom
    classeur = openpyxl.Workbook()
    classeur.active.append(["id", "nom"])
    classeur.active.append([1, "Médiathèque"])
    classeur.save(chemin)
    lecture, lignes = lire(chemin)
    assert lecture.format == "xlsx" and lignes == [(2, {"id": 1, "nom": "Médiathèque"})]


@pytest.mark.parametrize("coupure", [100, 1000, 3000, 6000, 0.5, 0.9, -22])
def test_xlsx_tronque_refuse_clairement(tmp_path, coupure):
    contenu = classeur_ordinaire(tmp_path)
    fin = int(len(contenu) * coupure) if isinstance(coupure, float) else coupure
    chemin = tmp_path / "tronque.xlsx"
    chemin.write_bytes(contenu[:fin])
    assert "Le classeur Excel est abîmé ou tronqué" in refus(chemin)


def test_xlsx_xml_invalide_refuse(tmp_path):
    chemin = tmp_path / "xml.xlsx"
    ecrit_xlsx(chemin, '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></row>')
    assert "Le classeur Excel est abîmé ou tronqué (XML invalide" in refus(chemin)


def test_xlsx_octets_abimes_dans_la_feuille(tmp_path):
    """Fuzzing: bytes flipped inside the compressed sheet (CRC or inflate error, found while reading the rows)."""
    contenu = bytearray(classeur_ordinaire(tmp_path))
    with zipfile.ZipFile(tmp_path / "source.xlsx") as archive:
        partie = archive.getinfo("xl/worksheets/sheet1.xml")
    debut = partie.header_offset + 30 + len(partie.filename) + len(partie.extra)
    for i in range(debut + 50, debut + partie.compress_size - 50, 97):
        contenu[i] ^= 0x5A
    chemin = tmp_path / "abime.xlsx"
    chemin.write_bytes(bytes(contenu))
    assert "Le classeur Excel est abîmé ou tronqué" in refus(chemin)


def test_zip_qui_n_est_pas_unclasseur_ordinaire(tmp_path):
    chemin = tmp_path / "archive.csv"
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr("lieux.csv", "id;nom\n1;a\n")
    assert refus(chemin) == ("Ce fichier est une archive ZIP, mais pas un classeur Excel (.xlsx) : envoyez un "
                             "fichier .xlsx, .csv ou .json.")


def test_classeur_opendocument(tmp_path):
    chemin = tmp_path / "lieux.ods"
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert "Les classeurs OpenDocument (.ods) ne sont pas pris en charge" in refus(chemin)
