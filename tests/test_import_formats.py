"""The same lieux through every reader, end to end: XLSX, GeoJSON, JSON wrapped in an object, Windows-1252 CSV with
semicolons, UTF-8 encoded twice, header after a title line. All give the same lieu."""

import json

import openpyxl
import pytest

from lieux.models import Lieu
from tests.outils_import import importe  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]

COLONNES = ["id", "nom", "commune", "code_postal", "adresse", "date_maj", "services", "telephone", "latitude",
            "longitude"]
LIEU = ["T1", "Médiathèque Toussaint", "Angers", "49000", "49 rue Toussaint", "02/04/2024",
        "Aide aux démarches administratives|Accès internet et matériel informatique", "02 41 00 00 00", "47,4739",
        "-0,5536"]


def verifie(source):
    lieu = Lieu.objects.get(provenances__source=source)
    assert (lieu.nom, lieu.commune, lieu.code_insee, lieu.adresse) == (
        "Médiathèque Toussaint", "Angers", "49007", "49 rue Toussaint")
    assert lieu.services == ["Aide aux démarches administratives", "Accès internet et matériel informatique"]
    assert (lieu.telephone, lieu.date_maj.isoformat()) == ("+33241000000", "2024-04-02")
    assert (lieu.localisation.y, lieu.localisation.x) == (47.4739, -0.5536)
    assert lieu.precision_localisation == "source" and lieu.commune_officielle_id == "49007"


def test_xlsx(tmp_path):
    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(["Lieux de médiation numérique — export du 2 avril"])
    feuille.append(COLONNES)
    feuille.append([*LIEU[:3], 49000, *LIEU[4:8], 47.4739, -0.5536])
    chemin = tmp_path / "lieux.xlsx"
    classeur.save(chemin)
    run = importe(chemin, "xlsx")
    assert (run.format, run.crees) == ("xlsx", 1)
    verifie("xlsx")


def test_geojson(tmp_path):
    proprietes = dict(zip(COLONNES[:8], LIEU[:8], strict=True))
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.5536, 47.4739]}, "properties": proprietes}
    ]}
    chemin = tmp_path / "lieux.geojson"
    chemin.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    run = importe(chemin, "geojson")
    assert (run.format, run.crees) == ("geojson", 1)
    verifie("geojson")


def test_json_dans_une_enveloppe(tmp_path):
    chemin = tmp_path / "lieux.json"
    chemin.write_text(json.dumps({"total": 1, "results": [dict(zip(COLONNES, LIEU, strict=True))]}), encoding="utf-8")
    run = importe(chemin, "json")
    assert run.crees == 1 and "« results »" in run.remarques[0]["texte"]
    verifie("json")


def test_csv_windows_1252_point_virgule(tmp_path):
    chemin = tmp_path / "lieux.csv"
    chemin.write_bytes((";".join(COLONNES) + "\r\n" + ";".join(LIEU) + "\r\n").encode("cp1252"))
    run = importe(chemin, "cp1252")
    assert (run.encodage, run.separateur, run.crees) == ("Windows-1252", "point-virgule", 1)
    verifie("cp1252")


def test_csv_encode_deux_fois_et_titre_avant_l_entete(tmp_path):
    texte = "Export;;\n" + ";".join(COLONNES) + "\n" + ";".join(f'"{c}"' for c in LIEU) + "\n"
    chemin = tmp_path / "lieux.csv"
    chemin.write_bytes(texte.encode("utf-8").decode("cp1252").encode("utf-8"))
    run = importe(chemin, "double")
    assert run.crees == 1
    assert any("encodées deux fois" in r["texte"] for r in run.remarques)
    verifie("double")
