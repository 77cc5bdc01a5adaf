"""Request bodies refused early (imports.televersement): a body larger than its sender may send gets a French 413
before it is read; an import file is stopped as soon as it passes IMPORT_MAX_UPLOAD_SIZE, nothing left on disk."""

import io
import socket
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.test import RequestFactory

from imports.models import ImportRun
from imports.televersement import TeleversementLimite
from lieux.forms import LONGUEUR_MAX_MESSAGE
from lieux.models import Signalement
from tests.factories import creer_lieu

IMPORTER = "/admin/imports/importrun/importer/"
MO = 1024 * 1024


class Enregistreur(TemporaryFileUploadHandler):
    """The storing handler, counting what reaches it (the bytes it writes to its temporary file)."""

    ecrits: list[int] = []

    def receive_data_chunk(self, raw_data, start):
        Enregistreur.ecrits.append(len(raw_data))
        return super().receive_data_chunk(raw_data, start)


@pytest.fixture
def dossier_temporaire(settings, tmp_path):
    """Every uploaded file goes to a temporary file in tmp_path (none stays in memory), through `Enregistreur`."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_HANDLERS = [*settings.FILE_UPLOAD_HANDLERS[:-1], f"{__name__}.Enregistreur"]
    Enregistreur.ecrits = []
    return tmp_path


def _signaler(client, lieu, corps: bytes, longueur: int | None = None, **extra):
    return client.generic(
        "POST", f"/lieux/{lieu.uid}/signaler/", corps, content_type="application/x-www-form-urlencoded",
        **({"CONTENT_LENGTH": str(longueur)} if longueur is not None else {}), **extra,
    )


@pytest.mark.django_db
def test_post_anonyme_de_500_mo_annonce_refuse_avant_lecture(client, geographie, dossier_temporaire):
    """Only 100 bytes are there to read: a view reading the 500 MB announced would fail on the test client."""
    reponse = _signaler(client, creer_lieu(), b"rubriques=autre&message=" + b"x" * 76, longueur=500 * MO)
    assert reponse.status_code == 413
    html = reponse.content.decode()
    assert '<html lang="fr">' in html and "<title>Envoi trop volumineux</title>" in html
    assert "Votre envoi fait 500 Mo : la limite est de 64 Ko." in html
    assert not Signalement.objects.exists() and not list(dossier_temporaire.iterdir())


@pytest.mark.django_db
def test_post_anonyme_de_70_ko_refuse_petit_signalement_accepte(client, geographie):
    lieu = creer_lieu()
    assert _signaler(client, lieu, b"rubriques=autre&message=" + b"x" * 70_000).status_code == 413
    assert not Signalement.objects.exists()
    message = ("Les horaires ont changé depuis la rentrée. " * 100)[:LONGUEUR_MAX_MESSAGE]  # the longest allowed
    reponse = _signaler(client, lieu, urlencode({"rubriques": "autre", "message": message}).encode())
    assert reponse.status_code == 302 and Signalement.objects.count() == 1


@pytest.mark.django_db
def test_connexion_anonyme_toujours_possible(client, django_user_model):
    django_user_model.objects.create_user("coord", password="mot-de-passe-solide-42", is_staff=True)
    reponse = client.post("/admin/login/?next=/admin/", {"username": "coord", "password": "mot-de-passe-solide-42"})
    assert reponse.status_code == 302 and reponse["Location"] == "/admin/"


@pytest.mark.django_db
def test_import_au_dela_de_la_limite_annonce_refuse_avant_lecture(admin_client, settings, dossier_temporaire):
    settings.IMPORT_MAX_UPLOAD_SIZE = 10 * MO
    reponse = admin_client.generic("POST", IMPORTER, b"--x--", content_type="multipart/form-data; boundary=x",
                                   CONTENT_LENGTH=str(12 * MO))
    assert reponse.status_code == 413
    html = reponse.content.decode()
    assert "Votre envoi fait 12 Mo : la limite d'un fichier de lieux est de 10 Mo. Découpez-le" in html
    assert "<a href=\"/admin/imports/importrun/importer/\">Retour à l'import de fichier</a>" in html
    assert not ImportRun.objects.exists() and not list(dossier_temporaire.iterdir())


@pytest.mark.django_db
def test_import_interrompu_a_la_limite_message_du_formulaire(admin_client, settings, dossier_temporaire):
    settings.IMPORT_MAX_UPLOAD_SIZE = 200 * 1024
    contenu = b"id;nom\n" + b"1;Lieu\n" * 100_000  # 700 KB, under the declared bound (limit + 1 MB)
    page = admin_client.post(IMPORTER, {"fichier": SimpleUploadedFile("lieux.csv", contenu),
                                        "nouvelle_source": "hub-sud"}).content.decode()
    assert "Le fichier dépasse la limite de 200 Ko : son envoi a été arrêté. Découpez-le" in page
    assert 'value="hub-sud"' in page  # the fields after the file are still received
    assert 0 < sum(Enregistreur.ecrits) <= 200 * 1024  # written until the limit, then dropped
    assert not ImportRun.objects.exists() and not list(dossier_temporaire.iterdir())


@pytest.mark.django_db
def test_import_sous_la_limite_accepte(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 200 * 1024
    contenu = b"id;nom;commune\n" + b"1;Lieu;Angers\n" * 1000
    reponse = admin_client.post(IMPORTER, {"fichier": SimpleUploadedFile("lieux.csv", contenu),
                                           "nouvelle_source": "hub-sud"})
    assert reponse.status_code == 302 and ImportRun.objects.get().taille == len(contenu)


@pytest.mark.django_db
def test_le_gestionnaire_s_arrete_des_que_la_limite_est_passee(settings, admin_user):
    """Chunk by chunk: the chunk that passes the limit raises SkipFile, the chunks before go through."""
    settings.IMPORT_MAX_UPLOAD_SIZE = 100_000
    requete = RequestFactory().post("/")
    requete.user = admin_user
    gestionnaire = TeleversementLimite(requete)
    gestionnaire.new_file("fichier", "lieux.csv", "text/csv", None)
    morceau = b"x" * 30_000
    assert [gestionnaire.receive_data_chunk(morceau, i * 30_000) for i in range(3)] == [morceau] * 3
    with pytest.raises(SkipFile):
        gestionnaire.receive_data_chunk(morceau, 90_000)
    interrompu = requete.televersements_interrompus["fichier"]
    assert (interrompu.name, interrompu.size, interrompu.limite) == ("lieux.csv", 120_000, 100_000)


def test_fichier_anonyme_limite_au_corps_public():
    """Anonymous requests never get a file beyond the public bound, whatever reaches the handler."""
    requete = RequestFactory().post("/")
    requete.user = AnonymousUser()
    gestionnaire = TeleversementLimite(requete)
    gestionnaire.new_file("piece", "a.bin", "application/octet-stream", None)
    assert gestionnaire.receive_data_chunk(b"x" * 64 * 1024, 0)
    with pytest.raises(SkipFile):
        gestionnaire.receive_data_chunk(b"x", 64 * 1024)


@pytest.mark.django_db
def test_taille_annoncee_d_un_fichier_refusee_des_le_debut(settings, admin_user):
    settings.IMPORT_MAX_UPLOAD_SIZE = 100_000
    requete = RequestFactory().post("/")
    requete.user = admin_user
    with pytest.raises(SkipFile):
        TeleversementLimite(requete).new_file("fichier", "lieux.csv", "text/csv", 200_000)


def _requete_brute(serveur: str, entetes: str, corps: bytes) -> str:
    """Send the headers and the start of a body announced larger; return the status line of the answer."""
    hote = urlsplit(serveur)
    with socket.create_connection((hote.hostname, hote.port), timeout=20) as connexion:
        connexion.sendall(entetes.encode() + corps)
        reponse = io.BytesIO()
        while b"</html>" not in reponse.getvalue():
            bloc = connexion.recv(65536)
            if not bloc:
                break
            reponse.write(bloc)
    return reponse.getvalue().decode("utf-8", errors="replace")


@pytest.mark.reseau_local
def test_vrai_post_http_anonyme_de_500_mo_refuse_sans_ecrire(serveur, lieux_navigateur, dossier_temporaire):
    """Over a real socket, with a valid CSRF cookie and token: 500 MB announced, 1 MB sent; the 413 comes back at
    once, nothing reaches the disk (before, the server wrote the file part to a temporary file and waited for the
    rest of the 500 MB)."""
    fiche = f"{serveur}/lieux/{lieux_navigateur[0].uid}/"
    with urllib.request.urlopen(fiche + "?signaler=1", timeout=20) as reponse:  # the report form sets the cookie
        jeton = SimpleCookie(reponse.headers["Set-Cookie"])["csrftoken"].value
    debut = (f'--xyz\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{jeton}\r\n'
             '--xyz\r\nContent-Disposition: form-data; name="piece"; filename="a.bin"\r\n'
             "Content-Type: application/octet-stream\r\n\r\n").encode() + b"x" * MO
    entetes = (f"POST /lieux/{lieux_navigateur[0].uid}/signaler/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Cookie: csrftoken={jeton}\r\nReferer: {fiche}\r\n"
               "Content-Type: multipart/form-data; boundary=xyz\r\n"
               f"Content-Length: {500 * MO}\r\n\r\n")
    reponse = _requete_brute(serveur, entetes, debut)
    assert reponse.startswith("HTTP/1.1 413")
    assert "Votre envoi fait 500 Mo : la limite est de 64 Ko." in reponse
    assert Enregistreur.ecrits == [] and not list(dossier_temporaire.iterdir())


@pytest.mark.django_db
def test_bombe_xlsx_renommee_refusee_des_l_envoi(admin_client, tmp_path):
    """The content decides, not the extension: a zip bomb named .csv is refused by the form, no import started."""
    from bench.fichiers_hostiles import ecrit_xlsx

    chemin = tmp_path / "bombe.xlsx"
    ecrit_xlsx(chemin, "<row r='1'><c r='A1'><v>1</v></c></row>" + " " * (20 * MO))
    page = admin_client.post(IMPORTER, {"fichier": SimpleUploadedFile("lieux.csv", chemin.read_bytes()),
                                        "nouvelle_source": "hub-sud"}).content.decode()
    assert "Le classeur Excel est refusé : sa partie « xl/worksheets/sheet1.xml » se décompresse" in page
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_xlsx_renomme_csv_accepte_par_le_formulaire(admin_client):
    import openpyxl

    classeur = openpyxl.Workbook()
    classeur.active.append(["id", "nom", "commune"])
    classeur.active.append([1, "Médiathèque", "Angers"])
    contenu = io.BytesIO()
    classeur.save(contenu)
    reponse = admin_client.post(IMPORTER, {"fichier": SimpleUploadedFile("lieux.csv", contenu.getvalue()),
                                           "nouvelle_source": "hub-sud"})
    assert reponse.status_code == 302 and ImportRun.objects.get().nom_fichier == "lieux.csv"
