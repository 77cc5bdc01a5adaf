"""Every real file of ../shared/data through the importer: how many rows are accepted, and why the others are not.

The geocoder is offline in tests (BAN_API_URL points to a closed port): lieux without a usable point are placed at
their commune's point and flagged, exactly what happens when the BAN cannot be reached in production.
"""

import pytest
from django.db import connection

from imports.models import ImportRun
from lieux.models import Lieu, Provenance
from tests.outils_import import DONNEES, PACA_16, PACA_17, importe, raisons

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media"), pytest.mark.slow]


def lieux_de(source):
    return Lieu.objects.filter(provenances__source=source).distinct()


def versions_des_lignes(table="lieux_lieu"):
    """Physical version (ctid) of every row: it changes whenever a row is rewritten, even inside one transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"select {'uid' if table == 'lieux_lieu' else 'id'}, ctid::text from {table}")
        return dict(cursor.fetchall())


# --- files following the standard ----------------------------------------------------------------------------


def test_paca_20230517_standard_v1_de_transition():
    run = importe(PACA_17, "hub-du-sud")
    assert run.statut == ImportRun.Statut.APPLIQUE and run.version_standard == "1.x"
    assert (run.lignes_lues, run.crees, run.rejetes) == (646, 646, 0)
    assert run.acceptes >= 640
    assert Provenance.objects.filter(source="hub-du-sud", actif=True).count() == 646
    # this multi-source file lists a few places twice (a France Services desk and its host…): one lieu each
    # (643 before the rules of docs/consolidation.md « Rappel »: 6 more merges, each read, see there)
    assert lieux_de("hub-du-sud").actifs().count() == 637
    avertissements = raisons(run, "avertissement")
    assert avertissements["horaires"] == 7  # invalid opening hours: dropped from the lieu, kept in the raw row
    # 4 rows without coordinates + 4 points more than 10 km from their commune: at the commune's point (BAN offline)
    # (one of them now merged with another record of its place, whose own point the lieu takes)
    assert lieux_de("hub-du-sud").filter(precision_localisation="commune").count() == 4 + 4 - 1
    assert lieux_de("hub-du-sud").filter(localisation__isnull=True).count() == 0
    # leftover v0 columns of this transitional file are converted too
    lieu = lieux_de("hub-du-sud").get(id="dora-3d647b3a-a5b6-41f8-8374-ba37c1ff1746")
    assert lieu.services == ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
                             "Insertion professionnelle via le numérique"]
    assert lieu.commune_officielle_id == "13056" and lieu.departement_id == "13"
    with_cnfs = lieux_de("hub-du-sud").filter(dispositif_programmes_nationaux__contains=["Conseillers numériques"])
    assert with_cnfs.count() == 264 + 89


def test_paca_20230516_standard_v0():
    run = importe(PACA_16, "hub-du-sud")
    assert run.version_standard == "0.1"
    assert (run.lignes_lues, run.crees, run.rejetes) == (792, 792, 0)
    lieu = Lieu.objects.get(id="dora-3d647b3a-a5b6-41f8-8374-ba37c1ff1746")
    assert lieu.frais_a_charge == ["Gratuit"]
    assert lieu.modalites_accompagnement == ["Accompagnement individuel"]


def test_paca_16_puis_17_meme_source_archive_les_146_absents():
    importe(PACA_16, "hub-du-sud")
    avant = versions_des_lignes()
    run = importe(PACA_17, "hub-du-sud")
    assert run.archives == 146
    assert (run.crees, run.inchanges, run.modifies, run.rejetes) == (0, 638, 8, 0)
    # the records absent from the file are archived; a lieu only when none of its records is left active
    assert Provenance.objects.filter(source="hub-du-sud", actif=True).count() == 646
    assert Provenance.objects.filter(source="hub-du-sud", actif=False).count() == 146
    actifs = set(Provenance.objects.filter(source="hub-du-sud", actif=True).values_list("lieu_id", flat=True))
    assert set(lieux_de("hub-du-sud").actifs().values_list("uid", flat=True)) == actifs
    assert not lieux_de("hub-du-sud").archives().filter(uid__in=actifs).exists()
    assert lieux_de("hub-du-sud").archives().exists()
    # a lieu whose records all came back unchanged was not rewritten; the 8 updated lost « Approfondir ma culture
    # numérique » upstream
    apres = versions_des_lignes()
    touches = set(run.lignes.exclude(statut="inchange").values_list("lieu_uid", flat=True))
    intacts = {uid for uid in actifs if uid in avant and uid not in touches}
    assert intacts and all(apres[uid] == avant[uid] for uid in intacts)
    assert run.lignes.filter(statut="archive").count() == 146
    assert Provenance.objects.filter(source="hub-du-sud").count() == 792  # archived, never deleted


def test_le_meme_fichier_reel_deux_fois_n_ecrit_rien():
    premier = importe(PACA_17, "hub-du-sud")
    lieux, provenances = versions_des_lignes(), versions_des_lignes("lieux_provenance")
    second = importe(PACA_17, "hub-du-sud")
    assert (premier.crees, second.crees, second.modifies, second.inchanges, second.archives) == (646, 0, 0, 646, 0)
    assert versions_des_lignes() == lieux and versions_des_lignes("lieux_provenance") == provenances


def test_cnfs_2022_variante_v0_avec_virgules():
    run = importe(DONNEES / "cartoclient__lieux-de-mediation-numerique.cnfs.json", "cnfs")
    assert (run.lignes_lues, run.crees, run.rejetes) == (2733, 2733, 0)
    avertissements = raisons(run, "avertissement")
    assert avertissements["telephone"] == 37  # e.g. « +3321276098 » (8 digits): not stored, reported
    assert avertissements["pivot"] == 17  # SIRET with a wrong check digit → unknown pivot
    lieu = Lieu.objects.get(id="62592a1d05457b0790816e6c")
    assert (lieu.commune, lieu.commune_officielle_id, lieu.code_insee) == ("Marseille", "13211", "13055")
    assert lieu.services == ["Maîtrise des outils numériques du quotidien", "Compréhension du monde numérique"]
    assert lieu.frais_a_charge == ["Gratuit"]  # from the misspelt `conditions_access` column


# --- files that need a column mapping: refused without one, with the required columns they lack
# (imported with a profile: tests/test_import_correspondance_reels.py) -----------------

REFUSES = {
    "acc-bfc__2020-07-09_BFC-TERNUM_export.csv": (642, ["id", "pivot", "nom", "commune", "date_maj"]),
    "acc-hubik__Cartographies departements - Pyrénées-Atlantiques.csv": (142, ["pivot", "commune", "code_postal", "date_maj"]),
    "acc-nice__coordonnees-cyber-espaces.csv": (8, ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]),
    "acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv": (118, ["id", "pivot", "commune", "code_postal", "adresse", "date_maj"]),
    "bfc__bfc-ternum-dataset.csv": (697, ["id", "pivot", "nom", "commune", "date_maj"]),
    "fsmap__france_services.csv": (483, ["id", "pivot", "nom", "commune", "date_maj"]),
    "mednumcli__maine-et-loire.json": (243, ["id", "pivot", "nom", "code_postal", "date_maj"]),
    "mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv": (1245, ["id", "pivot", "commune", "code_postal", "adresse", "date_maj"]),
    "mednumcli__data-inclusion-services.json": (4261, ["pivot", "commune", "code_postal", "adresse", "date_maj"]),
    "mednumcli__addresses.json": (5, ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]),
    "bfc__bfc-ternum-fields-custom-props.json": (29, ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]),
    "bfc__bfc-ternum-schema.json": (29, ["id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj"]),
}


@pytest.mark.parametrize("nom", sorted(REFUSES))
def test_fichier_non_standard_refuse_avec_les_colonnes_manquantes(nom):
    lignes, manquantes = REFUSES[nom]
    run = importe(DONNEES / nom, "hub")
    assert run.statut == ImportRun.Statut.REFUSE
    assert run.lignes_lues == lignes and run.colonnes_manquantes == manquantes
    assert run.erreur.startswith(f"Colonnes obligatoires absentes : {', '.join(manquantes)}.")
    assert "aucune ligne n'a été importée" in run.erreur
    # without a mapping the standard path still refuses, and says how to import it (issue 19)
    assert "--correspondance auto » ou l'assistant de correspondance" in run.erreur
    assert not Lieu.objects.filter(provenances__source="hub").exists()


def test_tous_les_fichiers_reels_sont_couverts():
    acceptes = {PACA_16.name, PACA_17.name, "cartoclient__lieux-de-mediation-numerique.cnfs.json"}
    fichiers = {p.name for p in DONNEES.iterdir() if p.suffix in (".csv", ".json")}
    assert fichiers == acceptes | set(REFUSES)


def test_region_sud_abimee_signalee_sans_planter():
    run = importe(DONNEES / "mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv", "region-sud")
    assert run.statut == ImportRun.Statut.REFUSE
    textes = [r["texte"] for r in run.remarques]
    assert any(t.startswith("7639 caractères illisibles (« � ») dans 5011 cellules") for t in textes)
    assert "adresse ← adresse_brut" in run.erreur and "commune ← adresse_commune" in run.erreur


def test_nice_garde_ses_accents():
    run = importe(DONNEES / "acc-nice__coordonnees-cyber-espaces.csv", "nice")
    assert run.encodage == "Mac OS Roman" and run.separateur == "point-virgule"
    assert "nom ← ETABLISSEMENT_NOM" in run.erreur and "commune ← ETABLISSEMENT_VILLE" in run.erreur


def test_nice_avec_une_correspondance_garde_ses_accents():
    """With a column mapping (what the mapping issue will provide), the rows go through with their accents. Nice has
    no id column: the phone number stands in for it here, so two rows sharing a number are rejected as duplicates."""
    run = importe(DONNEES / "acc-nice__coordonnees-cyber-espaces.csv", "nice",
                  correspondances={"ETABLISSEMENT_NOM": "nom", "ETABLISSEMENT_ADRESSE": "adresse",
                                   "ETABLISSEMENT_VILLE": "commune", "ETABLISSEMENT_CODE_POSTAL": "code_postal",
                                   "ETABLISSEMENT_TELEPHONE": "id"})
    assert (run.crees, run.rejetes) == (6, 2) and raisons(run) == {"id": 2}
    assert lieux_de("nice").get(nom="Vila Vielha").adresse == "4, rue Sainte Réparate"
    assert set(lieux_de("nice").values_list("commune", flat=True)) == {"Nice"}


def test_maine_et_loire_lambert93_dans_ses_communes():
    correspondance = {"ID_LieuMed": "id", "NOM_STRUCTURE": "nom", "ADRESSE": "adresse", "CP": "code_postal",
                      "COMMUNE": "commune", "DAT_MaJ": "date_maj", "NUM_TEL": "telephone", "x": "longitude",
                      "y": "latitude"}
    run = importe(DONNEES / "mednumcli__maine-et-loire.json", "maine-et-loire", correspondances=correspondance)
    assert run.statut == ImportRun.Statut.APPLIQUE
    assert (run.lignes_lues, run.crees, run.rejetes) == (243, 239, 4)
    assert raisons(run) == {"nom": 3, "adresse": 3, "code_postal": 1}
    lieux = lieux_de("maine-et-loire")
    with connection.cursor() as cursor:
        cursor.execute(
            """select count(*) filter (where st_intersects(c.geom, l.localisation::geometry)), count(*)
               from lieux_lieu l join lieux_commune c on c.code = l.commune_officielle_id
               where l.uid = any(%s) and l.precision_localisation = 'source'""",
            [list(lieux.values_list("uid", flat=True))],
        )
        dedans, total = cursor.fetchone()
    assert total >= 233 and dedans == total
    # 239 records, two of them the same place as another (« CIAS » / « Centre intercommunal d'action sociale » des
    # Vallées du Haut-Anjou, 7 m apart; a Point Info Jeunes and its service jeunesse, same street and phone; the
    # agence postale communale d'Andard and the France Services desk it hosts, 11 m apart on the Grande Rue; the CCAS
    # of Val-d'Erdre-Auxence and its desk, place de la Mairie, one phone)
    assert lieux.filter(departement_id="49").count() == 235


def test_normalisation_dans_un_second_processus_identique(settings, tmp_path):
    """Large files are normalised in a second process: same rows, same messages as in one process."""
    settings.IMPORT_PROCESSUS_PARALLELE = False
    seul = importe(PACA_16, "seul", appliquer=False)
    settings.IMPORT_PROCESSUS_PARALLELE = True
    deux = importe(PACA_16, "deux", appliquer=False)
    assert deux.compteurs() == seul.compteurs() and deux.remarques == seul.remarques
    champs = ("numero", "id_source", "statut", "messages", "empreinte")
    assert list(deux.lignes.order_by("numero").values_list(*champs)) == list(
        seul.lignes.order_by("numero").values_list(*champs))
    tronque = tmp_path / "tronque.json"
    tronque.write_bytes(PACA_17.read_bytes()[:200_000])
    run = importe(tronque, "tronque")
    assert run.statut == ImportRun.Statut.REFUSE and "fichier tronqué ou mal formé" in run.erreur
