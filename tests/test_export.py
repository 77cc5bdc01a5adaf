"""Export in the national standard: the CSV validates with frictionless against the official schema v1.0.2, its dialect
is the national publisher's, formulas are neutralised, territories filter, and the standard's own example makes the
round trip import → export → re-import unchanged."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from frictionless import Resource, Schema

from imports.export import exporte, lieux_exportes
from lieux import standard
from lieux.models import Commune, Lieu
from tests.outils_import import PACA_17, STANDARD, importe  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]
EXEMPLE = STANDARD / "exemple-valide-v1.csv"


def exporter(tmp_path, nom="export.csv", **options):
    chemin = tmp_path / nom
    call_command("export_lieux", str(chemin), verbosity=0, **options)
    return chemin


def valide_frictionless(chemin):
    schema = Schema.from_descriptor(json.loads((STANDARD / "schema-v1.0.2.json").read_text(encoding="utf-8")))
    rapport = Resource(path=chemin.name, basepath=str(chemin.parent), schema=schema).validate()
    return rapport.valid, [erreur.message for tache in rapport.tasks for erreur in tache.errors]


def lignes_csv(chemin):
    with open(chemin, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_export_csv_valide_avec_frictionless(tmp_path):
    importe(PACA_17, "hub-du-sud")
    importe(EXEMPLE, "exemple")
    chemin = exporter(tmp_path, source="hub-du-sud")
    valide, erreurs = valide_frictionless(chemin)
    assert valide, erreurs[:5]
    assert len(lignes_csv(chemin)) == 646
    chemin = exporter(tmp_path, "exemple.csv", source="exemple")
    assert valide_frictionless(chemin) == (True, [])


def test_dialecte_de_l_editeur_national(tmp_path):
    importe(EXEMPLE, "exemple")
    contenu = exporter(tmp_path, source="exemple").read_bytes()
    assert not contenu.startswith(b"\xef\xbb\xbf") and b"\r\n" not in contenu
    entete, ligne = contenu.decode("utf-8").splitlines()[:2]
    assert entete == ",".join(f'"{c}"' for c in standard.COLONNES)
    assert ligne.startswith('"structure-1","43493312300029","Anonymal","Reims","51100","51454","12 BIS RUE DE LECLERCQ"')
    assert '"Gratuit sous condition|Payant"' in ligne
    assert ',"2024-04-02",' in ligne
    vide = importe_un(tmp_path, complement_adresse="")
    assert ',"49000","49007","1 rue Toussaint",,"' in vide  # empty cell: nothing, not ""


def importe_un(tmp_path, **valeurs):
    """Import one lieu in Angers and return its exported CSV line."""
    donnees = {"id": "A1", "pivot": "", "nom": "EPN Toussaint", "commune": "Angers", "code_postal": "49000",
               "adresse": "1 rue Toussaint", "date_maj": "2024-04-02", "latitude": "47.4739", "longitude": "-0.5536",
               **valeurs}
    chemin = tmp_path / "un.csv"
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.DictWriter(f, fieldnames=list(donnees))
        ecrivain.writeheader()
        ecrivain.writerow(donnees)
    importe(chemin, "un")
    return exporter(tmp_path, "un-export.csv", source="un").read_text(encoding="utf-8").splitlines()[1]


def test_formules_neutralisees_puis_restituees(tmp_path):
    ligne = importe_un(tmp_path, nom="=HYPERLINK(\"http://x.example\")", structure_parente="@SOMME(A1)",
                       telephone="+33241000000")
    assert '"\'=HYPERLINK(""http://x.example"")"' in ligne and '"\'@SOMME(A1)"' in ligne
    assert '"+33241000000"' in ligne and '"-0.5536"' in ligne  # validated fields are left alone
    chemin = exporter(tmp_path, "formules.csv", source="un")
    importe(chemin, "retour")  # the guard is removed on the way back
    assert Lieu.objects.get(provenances__source="retour").nom == '=HYPERLINK("http://x.example")'
    assert exporter(tmp_path, "retour.csv", source="retour").read_bytes() == chemin.read_bytes()


def test_json_et_geojson(tmp_path):
    importe(EXEMPLE, "exemple")
    objets = json.loads(exporter(tmp_path, "e.json", source="exemple").read_text(encoding="utf-8"))
    assert objets[0]["id"] == "structure-1" and isinstance(objets[0]["latitude"], float)
    assert "complement_adresse" in objets[0] and all(v != "" for v in objets[0].values())
    collection = json.loads(exporter(tmp_path, "e.geojson", source="exemple").read_text(encoding="utf-8"))
    feature = collection["features"][0]
    assert collection["type"] == "FeatureCollection" and feature["geometry"]["type"] == "Point"
    assert feature["properties"]["services"].split("|")[0] == "Maîtrise des outils numériques du quotidien"
    assert "latitude" not in feature["properties"]


def test_filtre_par_territoire(tmp_path):
    importe(PACA_17, "hub-du-sud")
    importe_un(tmp_path)
    chemin = exporter(tmp_path, "49.csv", territoire="dep:49", source="")
    assert "A1" in [ligne["id"] for ligne in lignes_csv(chemin)]
    assert all(ligne["code_postal"].startswith("49") for ligne in lignes_csv(chemin))
    marseille = lignes_csv(exporter(tmp_path, "13055.csv", territoire="com:13055"))
    assert marseille and all(ligne["commune"] == "Marseille" for ligne in marseille)  # arrondissements included
    paca = lignes_csv(exporter(tmp_path, "paca.csv", territoire="reg:93"))
    # 645 records in PACA (the file also lists the France Services of Belleville-en-Beaujolais, Rhône), of which 9
    # describe a place another record already describes: one row per consolidated lieu
    assert len(paca) == 636
    assert "mediation-numerique-france-services-2490" not in {ligne["id"] for ligne in paca}
    with pytest.raises(CommandError, match="Aucun\\(e\\) département de code « 999 »"):
        exporter(tmp_path, territoire="dep:999")
    with pytest.raises(CommandError, match="illisible"):
        exporter(tmp_path, territoire="49")


def test_lieux_archives_et_demo_non_exportes(tmp_path):
    importe_un(tmp_path)
    Lieu.objects.filter(provenances__source="un").update(statut="archive")
    assert not lieux_exportes(source="un").exists()
    assert not lieux_exportes().demo().exists()


def test_vues_de_telechargement(client, tmp_path):
    importe_un(tmp_path)
    reponse = client.get("/imports/export.csv", {"territoire": "dep:49"})
    assert reponse.status_code == 200 and reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert reponse["Content-Disposition"] == 'attachment; filename="lieux-de-mediation-numerique-dep-49.csv"'
    lignes = list(csv.DictReader(io.StringIO(b"".join(reponse.streaming_content).decode("utf-8"))))
    assert "A1" in [ligne["id"] for ligne in lignes]
    reponse = client.get("/imports/export.geojson", {"territoire": "com:49007"})
    assert json.loads(b"".join(reponse.streaming_content))["type"] == "FeatureCollection"
    assert client.get("/imports/export.csv", {"territoire": "dep:999"}).status_code == 404
    assert client.get("/imports/export.xml").status_code == 404


def test_aller_retour_de_l_exemple_du_standard(tmp_path):
    """Import the standard's example, export, re-import: identical. The example places « Reims » at 43.52609, 5.41423
    (Provence, 645 km away): that point is replaced by Reims' (BAN offline), the only difference with the original."""
    premier = importe(EXEMPLE, "aller")
    assert (premier.crees, premier.rejetes) == (1, 0)
    export_1 = exporter(tmp_path, "aller.csv", source="aller")
    original, exporte_1 = lignes_csv(EXEMPLE)[0], lignes_csv(export_1)[0]
    differents = {c for c in standard.COLONNES if original[c] != exporte_1[c]}
    assert differents == {"latitude", "longitude"}
    reims = Commune.objects.get(code="51454").point
    assert (float(exporte_1["latitude"]), float(exporte_1["longitude"])) == (reims.y, reims.x)

    retour = importe(export_1, "retour")
    assert (retour.crees, retour.rejetes, retour.avec_avertissements) == (1, 0, 0)
    export_2 = exporter(tmp_path, "retour.csv", source="retour")
    assert export_2.read_bytes() == export_1.read_bytes()
    assert importe(export_2, "retour").inchanges == 1
    champs = [c for c in standard.COLONNES if c not in ("latitude", "longitude")]
    aller, retour_ = (Lieu.objects.filter(provenances__source=s).values(*champs, "localisation").get()
                      for s in ("aller", "retour"))
    assert aller == retour_


def test_export_en_flux(tmp_path):
    importe(PACA_17, "hub-du-sud")
    morceaux = exporte(lieux_exportes(source="hub-du-sud"), "csv")
    assert next(morceaux).startswith('"id","pivot"')
    assert next(morceaux).count("\n") == 1  # one lieu per piece: nothing held whole in memory
