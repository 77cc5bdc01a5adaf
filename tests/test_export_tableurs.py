"""Exports for spreadsheets beside the standard CSV (« CSV pour Excel », XLSX), and demo lieux: never exported, and
the page, the download's headers and the command say so instead of handing over a silent header-only file."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from lieux import standard
from tests.factories import creer_lieu, creer_lieu_demo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie")]


def contenu(reponse) -> bytes:
    return b"".join(reponse.streaming_content) if reponse.streaming else reponse.content


@pytest.fixture
def un_lieu():
    return creer_lieu(id="A1", nom="Médiathèque « Émile-Zola »", code_postal="49000", pivot="00012345600011",
                      structure_parente="=SOMME(A1)", complement_adresse="Bâtiment B; 2e étage")


def test_csv_pour_excel_beside_the_unchanged_standard_csv(client, un_lieu):
    standard_ = contenu(client.get("/imports/export.csv", {"territoire": "dep:49"}))
    assert not standard_.startswith(b"\xef\xbb\xbf") and standard_.split(b"\n")[0].count(b",") == 31
    reponse = client.get("/imports/export-excel.csv", {"territoire": "dep:49"})
    assert reponse.status_code == 200 and reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"] == 'attachment; filename="lieux-de-mediation-numerique-dep-49-excel.csv"'
    brut = contenu(reponse)
    assert brut.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only when told by a BOM
    texte = brut.decode("utf-8-sig")
    assert texte.split("\r\n")[0] == ";".join(standard.COLONNES)
    ligne = next(csv.DictReader(io.StringIO(texte, newline=""), delimiter=";"))
    assert ligne["nom"] == "Médiathèque « Émile-Zola »" and ligne["complement_adresse"] == "Bâtiment B; 2e étage"
    assert ligne["structure_parente"] == "'=SOMME(A1)"  # not run as a formula
    assert ligne["latitude"] == "47,4739" and ligne["longitude"] == "-0,5536"  # decimal comma


def test_xlsx_keeps_codes_as_text_and_formulas_inert(client, un_lieu):
    reponse = client.get("/imports/export.xlsx", {"territoire": "departement:49"})
    assert reponse["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    feuille = load_workbook(io.BytesIO(reponse.content)).active
    lignes = list(feuille.iter_rows(values_only=True))
    assert list(lignes[0]) == list(standard.COLONNES)
    ligne = dict(zip(lignes[0], lignes[1], strict=True))
    assert ligne["code_postal"] == "49000" and ligne["pivot"] == "00012345600011"  # leading zeros kept
    assert ligne["structure_parente"] == "=SOMME(A1)"
    cellule = feuille.cell(row=2, column=standard.COLONNES.index("structure_parente") + 1)
    assert cellule.data_type == "s"  # a text cell, not a formula
    assert ligne["latitude"] == pytest.approx(47.4739)


def test_territory_page_links_and_the_long_territory_names(client, un_lieu):
    page = client.get("/territoires/departement/49/").content.decode()
    assert 'id="export-excel"' in page and ">CSV pour Excel</a>" in page and 'id="export-xlsx"' in page
    assert "Les lieux de démonstration ne sont pas exportés" not in page  # none here
    # the page's own CSV link (territoire=departement:49) used to answer 404 « illisible »
    lien = page.split('href="/imports/export.csv?')[1].split('"')[0].replace("&amp;", "&")
    reponse = client.get("/imports/export.csv?" + lien)
    assert reponse.status_code == 200 and b'"A1"' in contenu(reponse)


@pytest.mark.usefixtures("ardoise_propre")  # the browser session's committed lieux left aside (rolled back)
def test_demo_lieux_are_not_exported_and_everyone_is_told(client, tmp_path):
    for i in range(3):
        creer_lieu_demo(nom=f"Démo {i}")
    page = client.get("/territoires/departement/49/").content.decode()
    assert "3 lieux recensés" in page
    assert ("Les lieux de démonstration ne sont pas exportés : les fichiers ne contiennent aucun lieu."
            in page.split('id="avis-export"')[1])
    reponse = client.get("/imports/export.csv", {"territoire": "dep:49"})
    assert contenu(reponse).count(b"\n") == 1  # the header only, still a valid standard file
    assert reponse["X-Lieux-Exportes"] == "0" and reponse["X-Lieux-Demonstration-Exclus"] == "3"
    assert reponse["X-Export-Message"] == ("Aucun lieu exporté : les 3 lieux de ce territoire sont des lieux de "
                                           "démonstration, qui ne sont pas exportés.")
    erreurs = io.StringIO()
    call_command("export_lieux", str(tmp_path / "49.csv"), territoire="dep:49", stderr=erreurs)
    assert "0 lieu exporté dans" in erreurs.getvalue()
    assert "les 3 lieux de ce territoire sont des lieux de démonstration" in erreurs.getvalue()
    creer_lieu(nom="Un vrai lieu")
    page = client.get("/territoires/departement/49/").content.decode()
    assert "Les lieux de démonstration ne sont pas exportés : les fichiers contiennent 1 lieu." in page
    reponse = client.get("/imports/export-excel.csv", {"territoire": "dep:49"})
    assert reponse["X-Lieux-Exportes"] == "1" and "3 lieux de démonstration laissés de côté" in reponse[
        "X-Export-Message"]
