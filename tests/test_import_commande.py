"""`manage.py import_lieux PATH_OR_URL --source NAME [--dry-run] [--partial] [--report FILE]`."""

import csv
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from imports.models import ImportRun
from lieux.models import Lieu
from tests.outils_import import DONNEES, PACA_17, STANDARD  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]


def commande(*args, **options):
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command("import_lieux", *args, stdout=sortie, stderr=erreurs, **options)
    return sortie.getvalue(), erreurs.getvalue()


def test_import_d_un_fichier(tmp_path):
    sortie, erreurs = commande(str(PACA_17), "--source", "hub-du-sud")
    assert "Import n° " in sortie and "appliqué" in sortie
    assert "646 enregistrements lus : 646 créés, 0 mis à jour, 0 inchangés, 0 rejetés" in sortie
    assert "] 100% — 646 lignes" in erreurs  # progress bar (one line per batch when not a terminal)
    assert Lieu.objects.filter(provenances__source="hub-du-sud").count() == 646
    run = ImportRun.objects.get()
    assert run.nom_fichier == PACA_17.name
    with run.fichier.open("rb") as fichier:  # the file is kept with its run
        assert fichier.read() == PACA_17.read_bytes()


def test_essai_a_blanc_et_rapport(tmp_path):
    rapport = tmp_path / "rapport.csv"
    sortie, _ = commande(str(STANDARD / "exemple-valide-v0.1.1.csv"), "--source", "exemple", "--dry-run",
                         "--report", str(rapport))
    assert "analysé, prêt à appliquer" in sortie and "1 lignes lues : 1 à créer" in sortie
    assert not Lieu.objects.filter(provenances__source="exemple").exists()
    lignes = list(csv.DictReader(io.StringIO(rapport.read_text(encoding="utf-8-sig"))))
    assert lignes[0]["ligne"] == "2" and lignes[0]["identifiant"] == "structure-1"
    assert {ligne["statut"] for ligne in lignes} == {"nouveau"}
    assert any(ligne["champ"] == "latitude/longitude" and ligne["niveau"] == "avertissement" for ligne in lignes)
    assert '"nom": "Anonymal"' in lignes[0]["ligne d'origine"]


def test_import_partiel_n_archive_rien(tmp_path):
    commande(str(PACA_17), "--source", "hub")
    exemple = STANDARD / "exemple-valide-v1.csv"
    sortie, _ = commande(str(exemple), "--source", "hub", "--partial")
    assert "0 archivés" in sortie
    assert Lieu.objects.filter(provenances__source="hub").actifs().count() == 647


def test_fichier_refuse_code_de_sortie_non_nul():
    with pytest.raises(CommandError, match="fichier refusé. Colonnes obligatoires absentes : id, pivot, nom") as erreur:
        commande(str(DONNEES / "acc-nice__coordonnees-cyber-espaces.csv"), "--source", "nice")
    assert erreur.value.returncode == 1


def test_fichier_absent():
    with pytest.raises(CommandError, match="Fichier inaccessible"):
        commande("/nulle/part.csv", "--source", "x")


def test_correspondance_de_colonnes(tmp_path):
    correspondance = tmp_path / "m49.json"
    correspondance.write_text('{"ID_LieuMed": "id", "NOM_STRUCTURE": "nom", "ADRESSE": "adresse", "CP": "code_postal",'
                              ' "COMMUNE": "commune", "x": "longitude", "y": "latitude"}', encoding="utf-8")
    sortie, _ = commande(str(DONNEES / "mednumcli__maine-et-loire.json"), "--source", "m49",
                         "--correspondance", str(correspondance))
    assert "239 créés" in sortie


class _Serveur(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def serveur_de_fichiers():
    """A local web server publishing ../shared/standard (as data.gouv.fr would publish the national file)."""

    class Gestionnaire(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(STANDARD), **kwargs)

        def log_message(self, *args):
            pass

    serveur = _Serveur(("127.0.0.1", 0), Gestionnaire)
    threading.Thread(target=serveur.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{serveur.server_port}"
    serveur.shutdown()
    serveur.server_close()


@pytest.mark.reseau_local
def test_import_depuis_une_url(serveur_de_fichiers):
    sortie, _ = commande(f"{serveur_de_fichiers}/exemple-valide-v1.csv", "--source", "national")
    assert "1 lignes lues : 1 créés" in sortie
    run = ImportRun.objects.get()
    assert run.url.endswith("/exemple-valide-v1.csv") and run.nom_fichier == "exemple-valide-v1.csv"
    assert run.taille == (STANDARD / "exemple-valide-v1.csv").stat().st_size


@pytest.mark.reseau_local
def test_url_introuvable(serveur_de_fichiers):
    with pytest.raises(CommandError, match="a répondu HTTP 404"):
        commande(f"{serveur_de_fichiers}/absent.csv", "--source", "national")


@pytest.mark.reseau_local
def test_url_trop_grosse(serveur_de_fichiers, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(CommandError, match="dépasse la taille maximale"):
        commande(f"{serveur_de_fichiers}/exemple-valide-v1.csv", "--source", "national")
