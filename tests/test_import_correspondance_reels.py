"""Every real non-standard lieux file of ../shared/data imported through a mapping profile (issue 19, « Done when »).

Per file: how many rows are accepted (≥ 90 % of the rows that have a name), real values on a few rows, and a second
import of the same file that creates nothing and changes nothing. The geocoder is offline in tests (BAN_API_URL
points to a closed port): lieux without a usable point are placed at their commune's point.
"""

import pytest
from django.db import connection

from imports.models import ImportRun
from lieux.models import Lieu
from tests.profils_reels import PROFILS
from tests.test_import_outils import DONNEES, importe, media, raisons  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media"), pytest.mark.slow]

# file → (rows read, rows with a name, rows accepted)
ATTENDUS = {
    "acc-bfc__2020-07-09_BFC-TERNUM_export.csv": (642, 642, 642),
    "acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv": (142, 142, 137),  # 5 ids given twice
    "acc-nice__coordonnees-cyber-espaces.csv": (8, 8, 8),
    "acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv": (118, 118, 118),
    "bfc__bfc-ternum-dataset.csv": (697, 697, 697),
    "fsmap__france_services.csv": (483, 483, 483),
    "mednumcli__maine-et-loire.json": (243, 240, 239),  # 3 rows without a name, 1 postcode of no commune
    # broken encoding: communes « BRIAN�ON » matched; 34 postcodes that are no commune's, 4 rows without a commune
    "mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv": (1245, 1245, 1211),
}


def lieux_de(source):
    return Lieu.objects.filter(provenances__source=source)


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


@pytest.mark.parametrize("nom", sorted(PROFILS))
def test_fichier_reel_importe_avec_son_profil_puis_reimporte_sans_rien_changer(nom):
    run = importe(DONNEES / nom, "hub", profil=PROFILS[nom], origine_profil="fichier", confirme_archivage=True)
    assert run.statut == ImportRun.Statut.APPLIQUE, run.erreur
    lues, avec_nom, acceptes = ATTENDUS[nom]
    assert (run.lignes_lues, run.acceptes) == (lues, acceptes)
    assert acceptes >= 0.9 * avec_nom
    assert run.version_standard == "profil" and run.profil == PROFILS[nom]
    assert any(r["texte"].startswith("Fichier lu avec un profil de correspondance (fichier de profil)")
               for r in run.remarques)
    avant = sorted(lieux_de("hub").values_list("uid", "modifie_le"))
    encore = importe(DONNEES / nom, "hub", profil=PROFILS[nom], origine_profil="fichier")
    assert (encore.crees, encore.modifies, encore.archives) == (0, 0, 0)
    assert encore.inchanges == acceptes
    assert sorted(lieux_de("hub").values_list("uid", "modifie_le")) == avant


def test_bfc_demi_journees_codes_et_points_dans_leur_commune():
    nom = "bfc__bfc-ternum-dataset.csv"
    run = importe(DONNEES / nom, "bfc", profil=PROFILS[nom], origine_profil="fichier")
    assert run.crees == 697
    lieu = lieux_de("bfc").get(id="mednumBFC_TL_1_")
    assert (lieu.nom, lieu.commune, lieu.code_postal, lieu.code_insee) == ("Onlineformapro Dijon", "Dijon", "21000",
                                                                          "21231")
    assert lieu.horaires == "Mo-Fr 08:30-12:00,13:30-17:00"
    assert lieu.date_maj.isoformat() == "2021-03-02"
    # code_accomp « RDV-G-R » through the codebook's codes: RDV, G (R, repair workshops, has no value in the standard)
    assert lieu.modalites_accompagnement == ["Accompagnement individuel", "Dans un atelier collectif"]
    assert lieux_de("bfc").get(id="mednumBFC_TL_2_").horaires == ("Mo,Tu,Th 09:00-12:00,14:00-18:00; "
                                                                  "We 10:00-12:00,14:00-18:00; "
                                                                  "Fr,Sa 09:00-12:00,14:00-17:00")
    assert lieux_de("bfc").filter(dispositif_programmes_nationaux__contains=["France Services"]).exists()
    # the source's points: inside their commune, but for 15 kept within 10 km of it (imports.placement)
    assert hors_de_leur_commune("bfc") == 15 and lieux_de("bfc").filter(precision_localisation="source").count() > 650
    assert Lieu.objects.filter(uid=lieu.uid, localisation__within=lieu.commune_officielle.geom).exists()


def test_maine_et_loire_lambert93_oui_non_et_identifiants():
    nom = "mednumcli__maine-et-loire.json"
    run = importe(DONNEES / nom, "m49", profil=PROFILS[nom], origine_profil="fichier")
    assert run.crees == 239
    lieu = lieux_de("m49").get(id="LMN008")
    assert (lieu.nom, lieu.commune, lieu.adresse) == ("Association Micro-informatique Allonnaise (AMIA)", "Allonnes",
                                                     "20 rue Armand Quenard")
    assert lieu.services == ["Maîtrise des outils numériques du quotidien", "Accès internet et matériel informatique"]
    assert lieu.pivot == "00000000000000" and lieu.precision_localisation == "source"
    assert hors_de_leur_commune("m49") == 0 and lieux_de("m49").filter(departement_id="49").count() == 239


def test_nice_identifiants_generes_stables_et_avertis():
    nom = "acc-nice__coordonnees-cyber-espaces.csv"
    run = importe(DONNEES / nom, "nice", profil=PROFILS[nom], origine_profil="fichier")
    lieu = lieux_de("nice").get(nom="Vila Vielha")
    assert lieu.id.startswith("gen-") and lieu.adresse == "4, rue Sainte Réparate" and lieu.commune == "Nice"
    assert raisons(run, "avertissement")["id"] == 8
    ids = set(lieux_de("nice").values_list("id", flat=True))
    importe(DONNEES / nom, "nice", profil=PROFILS[nom])
    assert set(lieux_de("nice").values_list("id", flat=True)) == ids and len(ids) == 8


def test_france_services_horaires_par_jour_et_valeur_par_defaut():
    nom = "fsmap__france_services.csv"
    run = importe(DONNEES / nom, "fs", profil=PROFILS[nom], origine_profil="fichier")
    assert run.crees == 483
    assert lieux_de("fs").filter(dispositif_programmes_nationaux=["France Services"]).count() == 483
    assert lieux_de("fs").exclude(horaires="").exists()
