"""Import semantics: idempotence, newer data kept, archiving (and --partial), dry runs, transactions, duplicates,
geocoding in the pipeline (local fake BAN with real responses), the `lieux_importes` signal."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection

from imports.analyse import analyser
from imports.application import ApplicationImpossible, appliquer
from imports.execution import cree_run, execute
from imports.models import ImportRun
from imports.signals import lieux_importes
from lieux.models import Lieu, Provenance
from tests.outils_import import fichier, importe, lieu, lieux, raisons, statuts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]


def versions(table):
    with connection.cursor() as cursor:
        cursor.execute(f"select {'uid' if table == 'lieux_lieu' else 'id'}, ctid::text from {table}")
        return dict(cursor.fetchall())


def test_meme_fichier_deux_fois_rien_n_est_reecrit(tmp_path):
    chemin = fichier(tmp_path, [lieu(i) for i in range(1, 6)] + [lieu(9, date_maj="")])
    premier = importe(chemin, "hub")
    assert premier.crees == 6
    lieux, provenances = versions("lieux_lieu"), versions("lieux_provenance")
    second = importe(chemin, "hub")
    assert (second.crees, second.modifies, second.inchanges, second.archives) == (0, 0, 6, 0)
    assert versions("lieux_lieu") == lieux and versions("lieux_provenance") == provenances


def test_modification_ecrite_et_provenance_mise_a_jour(tmp_path):
    importe(fichier(tmp_path, [lieu(1)]), "hub")
    run = importe(fichier(tmp_path, [lieu(1, nom="Nouveau nom", date_maj="2024-05-01")]), "hub")
    assert run.modifies == 1
    assert lieux().get(id="L1").nom == "Nouveau nom"
    assert Provenance.objects.get(source="hub", id_source="L1").donnees_brutes["nom"] == "Nouveau nom"


def test_une_ligne_plus_ancienne_n_ecrase_pas(tmp_path):
    importe(fichier(tmp_path, [lieu(1, date_maj="2024-06-01")]), "hub")
    run = importe(fichier(tmp_path, [lieu(1, nom="Ancien nom", date_maj="2023-01-01")]), "hub")
    assert run.ignores == 1 and run.modifies == 0
    assert lieux().get(id="L1").nom == "Lieu 1"
    message = run.lignes.get().messages[0]
    assert message[0] == "date_maj" and "antérieure à la date de mise à jour déjà connue (2024-06-01)" in message[2]


def test_import_complet_archive_les_absents_partiel_non(tmp_path):
    importe(fichier(tmp_path, [lieu(1), lieu(2), lieu(3)]), "hub")
    partiel = importe(fichier(tmp_path, [lieu(1)]), "hub", partiel=True)
    assert partiel.archives == 0 and lieux().actifs().count() == 3
    # 2 of the 3 lieux archived: more than half of the source, applied only once confirmed (imports.application)
    refuse = importe(fichier(tmp_path, [lieu(1)]), "hub")
    assert refuse.statut == "analyse" and "archiverait 2 des 3 lieux actifs" in refuse.erreur
    assert lieux().actifs().count() == 3
    complet = importe(fichier(tmp_path, [lieu(1)]), "hub", confirme_archivage=True)
    assert complet.statut == "applique" and complet.archives == 2
    assert set(lieux().archives().values_list("id", flat=True)) == {"L2", "L3"}
    assert set(complet.lignes.filter(statut="archive").values_list("id_source", flat=True)) == {"L2", "L3"}
    reactive = importe(fichier(tmp_path, [lieu(1), lieu(2)]), "hub")
    assert reactive.modifies == 1 and lieux().get(id="L2").statut == "actif"


def test_les_lieux_d_une_autre_source_ne_sont_pas_archives(tmp_path):
    importe(fichier(tmp_path, [lieu(1)]), "hub-a")
    importe(fichier(tmp_path, [lieu(2)]), "hub-b")
    assert lieux("hub-a").actifs().count() == 1 and lieux("hub-b").actifs().count() == 1


def test_une_ligne_rejetee_n_archive_pas_son_lieu(tmp_path):
    importe(fichier(tmp_path, [lieu(1), lieu(2)]), "hub")
    run = importe(fichier(tmp_path, [lieu(1), lieu(2, nom="")]), "hub")
    assert (run.rejetes, run.archives) == (1, 0)
    assert lieux().get(id="L2").statut == "actif"


def test_essai_a_blanc_n_ecrit_rien_mais_rapporte_tout(tmp_path):
    run = importe(fichier(tmp_path, [lieu(1), lieu(2, code_postal="")]), "hub", appliquer=False)
    assert run.statut == ImportRun.Statut.ANALYSE
    assert (run.crees, run.rejetes) == (2, 0)  # the missing postcode is completed from the commune
    assert not lieux("hub").exists() and not Provenance.objects.filter(source="hub").exists()
    assert raisons(run, "avertissement") == {"code_postal": 1}
    appliquer(run)
    assert lieux("hub").count() == 2


def test_un_echec_pendant_l_application_ne_change_rien(tmp_path):
    importe(fichier(tmp_path, [lieu(1)]), "hub")
    run = cree_run("hub", str(fichier(tmp_path, [lieu(1, nom="Changé", date_maj="2024-05-01"), lieu(2)])))
    analyser(run, run.fichier.path)
    # between the analysis and the application, someone records L2 for this source by hand
    intrus = Lieu.objects.create(id="L2", nom="Intrus", commune="Angers", code_postal="49000", adresse="x",
                                 date_maj=dt.date(2024, 1, 1))
    Provenance.objects.create(lieu=intrus, source="hub", id_source="L2", recue_le=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(IntegrityError):
        appliquer(run)
    assert Lieu.objects.get(id="L1", provenances__source="hub").nom == "Lieu 1"  # the update was rolled back too


def test_echec_marque_le_run_et_se_propage(tmp_path, monkeypatch):
    def panne(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("imports.analyse.Analyseur.traite", panne)
    run = cree_run("hub", str(fichier(tmp_path, [lieu(1)])))
    with pytest.raises(RuntimeError):
        execute(run)
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.ECHOUE and "rien n'a été écrit" in run.erreur
    assert not lieux().exists()


def test_application_refusee_si_un_autre_import_est_passe_entre_temps(tmp_path):
    premier = cree_run("hub", str(fichier(tmp_path, [lieu(1)], "a.csv")))
    analyser(premier, premier.fichier.path)
    importe(fichier(tmp_path, [lieu(2)], "b.csv"), "hub")
    with pytest.raises(ApplicationImpossible, match="relancez l'analyse"):
        appliquer(premier)
    premier.refresh_from_db()
    assert premier.statut == ImportRun.Statut.ANALYSE and "relancez" in premier.erreur
    assert not lieux().filter(id="L1").exists()


def test_identifiants_en_double(tmp_path):
    run = importe(fichier(tmp_path, [lieu(1), lieu(2), lieu(1, nom="Doublon")]), "hub")
    assert (run.crees, run.rejetes) == (2, 1)
    rejet = run.lignes.get(statut="rejete")
    assert rejet.numero == 4 and "« L1 » est déjà l'identifiant de la ligne 2" in rejet.messages[0][2]


def test_doublons_entre_lots(tmp_path, monkeypatch):
    monkeypatch.setattr("imports.analyse.TAILLE_LOT", 2)
    run = importe(fichier(tmp_path, [lieu(1), lieu(2), lieu(3), lieu(1)]), "hub")
    assert (run.crees, run.rejetes) == (3, 1)


def test_inversion_latitude_longitude_detectee_par_la_commune(tmp_path):
    run = importe(fichier(tmp_path, [lieu(1, latitude="-0.5536", longitude="47.4739")]), "hub")
    point = lieux().get().localisation
    assert (point.y, point.x) == (47.4739, -0.5536)
    assert "inversées (le point tombait hors de Angers, inversé il y tombe)" in run.lignes.get().messages[0][2]


def test_point_dans_une_autre_commune_replace_au_centre_hors_ligne(tmp_path):
    run = importe(fichier(tmp_path, [lieu(1, latitude="43.52609", longitude="5.41423")]), "hub")
    lieu_importe = lieux().get()
    assert lieu_importe.precision_localisation == "commune"
    assert (lieu_importe.localisation.x, lieu_importe.localisation.y) == (-0.55616, 47.47662)  # Angers' point
    textes = [m[2] for m in run.lignes.get().messages]
    assert any("km de Angers — position recherchée à l'adresse" in t for t in textes)
    assert any(t.startswith("placé approximativement au centre de Angers (géocodage indisponible") for t in textes)


VENDEE = [
    {"id": "V1", "nom": "EPN Challans", "adresse": "18 Boulevard René Bazin", "code_postal": "85300", "commune": "Challans"},
    {"id": "V2", "nom": "EPN Luçon", "adresse": "6 rue Saint-Mathurin", "code_postal": "85400", "commune": "Luçon"},
    {"id": "V3", "nom": "Médiathèque", "adresse": "4 rue des Sables", "code_postal": "85340",
     "commune": "Les Sables d'Olonne"},
    {"id": "V4", "nom": "Inconnue", "adresse": "1 impasse Nulle Part", "code_postal": "85300", "commune": "Challans"},
]


@pytest.mark.reseau_local
def test_geocodage_ban_dans_l_import(tmp_path, faux_ban):
    lignes = [{**v, "date_maj": "2024-04-02"} for v in VENDEE]
    run = importe(fichier(tmp_path, lignes), "vendee")
    assert run.crees == 4 and len(faux_ban.requetes) == 1
    challans = lieux("vendee").get(id="V1")
    assert challans.precision_localisation == "adresse"
    assert (challans.localisation.y, challans.localisation.x) == (46.843771, -1.882688)
    assert lieux("vendee").get(id="V3").precision_localisation == "adresse"
    inconnue = lieux("vendee").get(id="V4")
    assert inconnue.precision_localisation == "commune"
    assert "placé approximativement au centre de Challans (adresse introuvable)" in str(
        run.lignes.get(id_source="V4").messages)
    with connection.cursor() as cursor:
        cursor.execute("""select count(*) from lieux_lieu l join lieux_commune c on c.code = l.commune_officielle_id
                          join lieux_provenance p on p.lieu_id = l.uid
                          where p.source = 'vendee' and st_intersects(c.geom, l.localisation::geometry)""")
        assert cursor.fetchone()[0] == 4


def test_la_position_trouvee_a_l_adresse_n_est_pas_remplacee_par_le_centre(tmp_path, settings):
    importe(fichier(tmp_path, [lieu(1, latitude="", longitude="")]), "hub")
    lieux().update(precision_localisation="adresse", localisation="SRID=4326;POINT(-0.5536 47.4739)")
    run = importe(fichier(tmp_path, [lieu(1, latitude="", longitude="", telephone="0241000000",
                                          date_maj="2024-05-01")]), "hub")
    assert run.modifies == 1
    lieu_importe = lieux().get()
    assert lieu_importe.precision_localisation == "adresse" and lieu_importe.localisation.x == -0.5536
    assert "la position déjà connue est conservée" in str(run.lignes.get().messages)


def test_signal_lieux_importes_apres_commit(tmp_path, django_capture_on_commit_callbacks):
    importe(fichier(tmp_path, [lieu(1), lieu(2)]), "hub")
    recus = []

    def recepteur(sender, run, source, uids, archives, **kwargs):
        recus.append((source, sorted(uids), sorted(archives)))

    lieux_importes.connect(recepteur)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            importe(fichier(tmp_path, [lieu(1, nom="Changé", date_maj="2024-05-01"), lieu(3)]), "hub")
    finally:
        lieux_importes.disconnect(recepteur)
    uid = dict(lieux().values_list("id", "uid"))
    assert recus == [("hub", sorted([uid["L1"], uid["L3"]]), [uid["L2"]])]


def test_statuts_par_ligne(tmp_path):
    importe(fichier(tmp_path, [lieu(1), lieu(2)]), "hub")
    run = importe(fichier(tmp_path, [lieu(1), lieu(2, nom="Changé", date_maj="2024-05-01"), lieu(3), lieu(4, adresse="")]),
                  "hub")
    assert statuts(run) == {"inchange": 1, "modifie": 1, "cree": 1, "rejete": 1}
