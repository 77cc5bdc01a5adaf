"""Every real non-standard lieux file of ../shared/data imported with `--correspondance auto` (issue 19, « Done when »).

Per file: how many rows are accepted (≥ 90 % of the rows that have a name), real values on a few rows, and a second
import of the same file that creates nothing and changes nothing. No hand-written mapping: the profile is the
suggestion's (imports.correspondance.suggestion), with BFC's codebook for its codes. The geocoder is offline in tests
(BAN_API_URL points to a closed port): lieux without a usable point are placed at their commune's point.
"""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from imports.models import ImportRun, Source
from lieux.models import Lieu
from tests.outils_import import DONNEES, raisons

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media"), pytest.mark.slow]
CODEBOOK_BFC = DONNEES / "bfc__bfc-ternum-fields-custom-props.json"

# file → (rows read, rows with a name, rows accepted)
ATTENDUS = {
    "acc-bfc__2020-07-09_BFC-TERNUM_export.csv": (642, 642, 642),
    # no id column: generated ids; 5 rows repeat another's name, address and commune (the same lieu twice)
    "acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv": (142, 142, 137),
    "acc-nice__coordonnees-cyber-espaces.csv": (8, 8, 8),
    "acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv": (118, 118, 118),
    "bfc__bfc-ternum-dataset.csv": (697, 697, 697),
    "fsmap__france_services.csv": (483, 483, 483),
    "mednumcli__maine-et-loire.json": (243, 240, 239),  # 3 rows without a name, 1 postcode of no commune
    # broken encoding: communes « BRIAN�ON » matched; postcodes that are no commune's, rows without a commune
    "mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv": (1245, 1245, 1211),
}


def import_auto(nom, source="hub", *options) -> tuple[ImportRun, str]:
    """`python manage.py import_lieux FILE --source S --correspondance auto` (+ BFC's codebook): the run, the output."""
    sortie = StringIO()
    call_command("import_lieux", str(DONNEES / nom), "--source", source, "--correspondance", "auto",
                 "--codebook", str(CODEBOOK_BFC), "--confirmer-archivage", *options, stdout=sortie, stderr=StringIO(),
                 verbosity=1)
    return ImportRun.objects.filter(source__nom=source).latest("pk"), sortie.getvalue()


def lieux_de(source):
    return Lieu.objects.filter(provenances__source=source).distinct()


def hors_de_leur_commune(source) -> int:
    """Lieux placed by the source's point (not the commune's centre) that lie outside their commune's polygon."""
    with connection.cursor() as cursor:
        cursor.execute(
            """select count(*) filter (where not st_intersects(c.geom, l.localisation::geometry))
               from lieux_lieu l join lieux_commune c on c.code = l.commune_officielle_id
               where l.uid = any(%s) and l.precision_localisation = 'source'""",
            [list(lieux_de(source).values_list("uid", flat=True))],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("nom", sorted(ATTENDUS))
def test_fichier_reel_importe_en_auto_puis_reimporte_sans_rien_changer(nom):
    run, sortie = import_auto(nom)
    assert run.statut == ImportRun.Statut.APPLIQUE, run.erreur
    lues, avec_nom, acceptes = ATTENDUS[nom]
    assert (run.lignes_lues, run.acceptes) == (lues, acceptes), raisons(run)
    assert acceptes >= 0.9 * avec_nom
    assert run.version_standard == "profil" and run.origine_profil == "auto" and run.profil["regles"]
    assert any(r["texte"].startswith("Fichier lu avec un profil de correspondance (suggestion automatique)")
               for r in run.remarques)
    assert sortie.strip()  # the suggestion printed before the report
    avant = sorted(lieux_de("hub").values_list("uid", "modifie_le"))
    encore, _ = import_auto(nom)
    assert (encore.crees, encore.modifies, encore.archives, encore.inchanges) == (0, 0, 0, acceptes)
    assert sorted(lieux_de("hub").values_list("uid", "modifie_le")) == avant


def test_bfc_demi_journees_codebook_et_points_dans_leur_commune():
    run, _ = import_auto("bfc__bfc-ternum-dataset.csv", "bfc")
    assert run.crees == 697
    lieu = lieux_de("bfc").get(id="mednumBFC_TL_1_")
    assert (lieu.nom, lieu.commune, lieu.code_postal, lieu.code_insee) == ("Onlineformapro Dijon", "Dijon", "21000",
                                                                          "21231")
    assert lieu.horaires == "Mo-Fr 08:30-12:00,13:30-17:00"
    assert lieu.date_maj.isoformat() == "2021-03-02"
    # code_accomp « RDV-G-R » decoded through the codebook (R, repair workshops, has no value in the standard)
    assert lieu.modalites_accompagnement == ["Accompagnement individuel", "Dans un atelier collectif"]
    assert lieux_de("bfc").get(id="mednumBFC_TL_2_").horaires == ("Mo,Tu,Th 09:00-12:00,14:00-18:00; "
                                                                  "We 10:00-12:00,14:00-18:00; "
                                                                  "Fr,Sa 09:00-12:00,14:00-17:00")
    assert lieux_de("bfc").filter(dispositif_programmes_nationaux__contains=["France Services"]).exists()
    assert Lieu.objects.filter(uid=lieu.uid, localisation__within=lieu.commune_officielle.geom).exists()
    # the source's points: inside their commune, but for a few kept within 10 km of it (imports.placement)
    # 15 records placed outside their commune; one of them is the same place as another record (one lieu now)
    assert hors_de_leur_commune("bfc") == 14 and lieux_de("bfc").filter(precision_localisation="source").count() > 640


def test_maine_et_loire_lambert93_oui_non():
    run, _ = import_auto("mednumcli__maine-et-loire.json", "m49")
    assert run.crees == 239
    lieu = lieux_de("m49").get(id="LMN008")
    assert (lieu.nom, lieu.commune, lieu.adresse) == ("Association Micro-informatique Allonnaise (AMIA)", "Allonnes",
                                                     "20 rue Armand Quenard")
    assert "Accès internet et matériel informatique" in lieu.services
    assert lieu.pivot == "00000000000000" and lieu.precision_localisation == "source"
    # 239 records, two the same place as another (a CIAS written out in full; a Point Info Jeunes and its service)
    assert hors_de_leur_commune("m49") == 0 and lieux_de("m49").filter(departement_id="49").count() == 237


def test_nice_identifiants_generes_stables_et_avertis():
    run, _ = import_auto("acc-nice__coordonnees-cyber-espaces.csv", "nice")
    lieu = lieux_de("nice").get(nom="Vila Vielha")
    assert lieu.id.startswith("gen-") and lieu.adresse == "4, rue Sainte Réparate" and lieu.commune == "Nice"
    assert raisons(run, "avertissement")["id"] == 8
    ids = set(lieux_de("nice").values_list("id", flat=True))
    import_auto("acc-nice__coordonnees-cyber-espaces.csv", "nice")
    assert set(lieux_de("nice").values_list("id", flat=True)) == ids and len(ids) == 8


def test_france_services_horaires_par_jour():
    run, _ = import_auto("fsmap__france_services.csv", "fs")
    assert run.crees == 483
    assert lieux_de("fs").exclude(horaires="").exists()


NICE_PROFIL = {"version": 1, "identifiant": "genere", "regles": [
    {"champ": "nom", "colonnes": ["ETABLISSEMENT_NOM"]}, {"champ": "adresse", "colonnes": ["ETABLISSEMENT_ADRESSE"]},
    {"champ": "code_postal", "colonnes": ["ETABLISSEMENT_CODE_POSTAL"]},
    {"champ": "commune", "colonnes": ["ETABLISSEMENT_VILLE"]}], "defauts": {"typologie": "BIB"}}


def test_profil_json_puis_profil_enregistre_de_la_source(tmp_path):
    chemin = tmp_path / "nice.json"
    chemin.write_text(json.dumps(NICE_PROFIL), encoding="utf-8")
    fichier = str(DONNEES / "acc-nice__coordonnees-cyber-espaces.csv")
    call_command("import_lieux", fichier, "--source", "nice", "--correspondance", str(chemin), verbosity=0)
    run = ImportRun.objects.latest("pk")
    assert (run.origine_profil, run.profil["defauts"], run.crees) == ("fichier", {"typologie": "BIB"}, 8)
    assert list(lieux_de("nice").values_list("typologie", flat=True)) == [["BIB"]] * 8
    # no option: the source's saved profile
    Source.objects.filter(nom="nice").update(profil=NICE_PROFIL)
    call_command("import_lieux", fichier, "--source", "nice", verbosity=0)
    run = ImportRun.objects.latest("pk")
    assert (run.origine_profil, run.inchanges, run.crees) == ("source", 8, 0)
    # no option and no saved profile: the standard path refuses, and says how to import it
    with pytest.raises(CommandError, match="--correspondance auto"):
        call_command("import_lieux", fichier, "--source", "autre", verbosity=0)
    run = ImportRun.objects.latest("pk")
    assert run.statut == ImportRun.Statut.REFUSE and run.profil is None


def test_profil_dans_le_second_processus_identique(settings):
    """A large file is normalised in a second process: the profile reaches it as plain data (Profil.en_dict())."""
    nom = "bfc__bfc-ternum-dataset.csv"
    settings.IMPORT_PROCESSUS_PARALLELE = False
    seul, _ = import_auto(nom, "seul", "--dry-run")
    settings.IMPORT_PROCESSUS_PARALLELE = True
    deux, _ = import_auto(nom, "deux", "--dry-run")
    assert deux.compteurs() == seul.compteurs() and deux.crees == 697
    champs = ("numero", "id_source", "statut", "messages", "empreinte")
    assert list(deux.lignes.order_by("numero").values_list(*champs)) == list(
        seul.lignes.order_by("numero").values_list(*champs))


def test_commune_code_postal_et_insee_deduits_du_point_seul(tmp_path):
    """A file naming neither commune, postcode nor INSEE code: the commune containing the point completes all three,
    with a warning on the row; a point in no commune (at sea) rejects its row, never guessed."""
    chemin = tmp_path / "points.csv"
    chemin.write_text("Structure;Latitude;Longitude\n"
                      "Médiathèque Toussaint;47.4739;-0.5536\n"
                      "Point en mer;46.5;-3.5\n", encoding="utf-8")
    profil = {"version": 1, "identifiant": "genere", "regles": [
        {"champ": "nom", "colonnes": ["Structure"]}, {"champ": "latitude", "colonnes": ["Latitude"]},
        {"champ": "longitude", "colonnes": ["Longitude"]}]}
    fichier_profil = tmp_path / "profil.json"
    fichier_profil.write_text(json.dumps(profil), encoding="utf-8")
    call_command("import_lieux", str(chemin), "--source", "points", "--correspondance", str(fichier_profil),
                 verbosity=0)
    run = ImportRun.objects.latest("pk")
    assert (run.crees, run.rejetes) == (1, 1)
    lieu = Lieu.objects.get(provenances__source="points")
    assert (lieu.commune, lieu.code_postal, lieu.code_insee, lieu.commune_officielle_id) == (
        "Angers", "49000", "49007", "49007")
    textes = [m[2] for messages in run.lignes.values_list("messages", flat=True) for m in messages]
    assert any("complétés d'après les coordonnées : Angers (49000, code INSEE 49007)" in t for t in textes)
    assert any("le point n'est dans aucune commune" in t for t in textes)
    assert raisons(run) == {"commune": 1}
