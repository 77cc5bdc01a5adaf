"""Admin « Importer un fichier »: upload (size and type checked), source chosen or created, analysis (dry run) shown as
a preview, then applied on confirmation — all of it without JavaScript. The progress endpoint and the CSV report."""

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import ImportRun, Source
from lieux.models import Lieu
from tests.outils_import import DONNEES, STANDARD  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]
IMPORTER = "/admin/imports/importrun/importer/"
MANQUANTE = "variable de gabarit manquante"


def envoi(nom, contenu):
    return SimpleUploadedFile(nom, contenu, content_type="application/octet-stream")


def exemple():
    return envoi("exemple-valide-v1.csv", (STANDARD / "exemple-valide-v1.csv").read_bytes())


def test_formulaire(admin_client):
    page = admin_client.get(IMPORTER).content.decode()
    assert 'type="file"' in page and 'accept=".csv,.tsv,.txt,.json,.geojson,.xlsx"' in page
    assert "Analyser le fichier" in page and 'for="id_nouvelle_source"' in page and MANQUANTE not in page
    liste = admin_client.get("/admin/imports/importrun/").content.decode()
    assert f'href="{IMPORTER}"' in liste and "Importer un fichier" in liste
    assert admin_client.get("/admin/imports/importrun/add/")["Location"] == IMPORTER


def test_envoi_apercu_puis_application_sans_javascript(admin_client):
    reponse = admin_client.post(IMPORTER, {"fichier": exemple(), "nouvelle_source": "hub-test"})
    run = ImportRun.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/admin/imports/importrun/{run.pk}/suivi/"
    assert run.statut == ImportRun.Statut.ANALYSE and run.essai and run.source.nom == "hub-test"
    assert run.utilisateur.username == "admin" and run.nom_fichier == "exemple-valide-v1.csv"
    assert not Lieu.objects.filter(provenances__source="hub-test").exists()  # preview only

    apercu = admin_client.get(reponse["Location"]).content.decode()
    assert "Ce que l'import ferait" in apercu and "<strong>1</strong> à créer" in apercu
    assert f'action="/admin/imports/importrun/{run.pk}/appliquer/"' in apercu and "Appliquer l'import" in apercu
    # the row's messages are shown, their level in words (not only in colour)
    assert "Avertissement — <strong>latitude/longitude</strong> : placé approximativement au centre de Reims" in apercu
    assert "<noscript>" not in apercu and MANQUANTE not in apercu

    reponse = admin_client.post(f"/admin/imports/importrun/{run.pk}/appliquer/", follow=True)
    assert "Import appliqué : les lieux sont à jour." in reponse.content.decode()
    run.refresh_from_db()
    assert run.statut == ImportRun.Statut.APPLIQUE
    assert Lieu.objects.filter(provenances__source="hub-test").count() == 1
    page = admin_client.get(f"/admin/imports/importrun/{run.pk}/suivi/").content.decode()
    assert "Appliquer l'import" not in page and "<strong>1</strong> créés" in page
    # applying twice is refused
    reponse = admin_client.post(f"/admin/imports/importrun/{run.pk}/appliquer/", follow=True)
    assert "ne peut pas être appliqué" in reponse.content.decode()


def test_source_existante(admin_client):
    source = Source.objects.create(nom="hub-du-sud")
    admin_client.post(IMPORTER, {"fichier": exemple(), "source": source.pk, "partiel": "on"})
    run = ImportRun.objects.get()
    assert run.source == source and run.partiel


@pytest.mark.parametrize("donnees, message", [
    ({}, "Choisissez une source existante ou donnez le nom court d&#x27;une nouvelle source."),
    ({"nouvelle_source": "Hub du Sud !"}, "Nom court attendu : minuscules, chiffres, tirets"),
])
def test_source_obligatoire(admin_client, donnees, message):
    page = admin_client.post(IMPORTER, {"fichier": exemple(), **donnees}).content.decode()
    assert message in page and not ImportRun.objects.exists()


@pytest.mark.parametrize("nom, contenu, message", [
    ("lieux.pdf", b"%PDF-1.4", "Type de fichier non pris en charge (.pdf)"),
    ("lieux.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Excel 97-2003 (.xls) ne sont pas pris en charge"),
    ("lieux.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "contenu binaire"),
])
def test_type_de_fichier_verifie(admin_client, nom, contenu, message):
    page = admin_client.post(IMPORTER, {"fichier": envoi(nom, contenu), "nouvelle_source": "x"}).content.decode()
    assert message in page and not ImportRun.objects.exists()


def test_taille_limitee(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_SIZE = 1024 * 1024
    page = admin_client.post(IMPORTER, {"fichier": envoi("gros.csv", b"id,nom\n" + b"1,x\n" * 300_000),
                                        "nouvelle_source": "x"}).content.decode()
    # the upload is stopped as soon as it passes the limit (imports.televersement): its full size is never known
    assert "Le fichier dépasse la limite de 1 Mo : son envoi a été arrêté." in page
    assert not ImportRun.objects.exists()


def test_fichier_refuse_explique_sans_bouton(admin_client):
    contenu = (DONNEES / "acc-nice__coordonnees-cyber-espaces.csv").read_bytes()
    admin_client.post(IMPORTER, {"fichier": envoi("nice.csv", contenu), "nouvelle_source": "nice"})
    run = ImportRun.objects.get()
    page = admin_client.get(f"/admin/imports/importrun/{run.pk}/suivi/").content.decode()
    assert "fichier refusé" in page and "Colonnes obligatoires absentes : id, pivot, nom" in page
    # the bytes are Mac OS Roman (0x8E for é, CR line endings), and the preview shows why
    assert "en Windows-1252 on lirait « ÊrueÊSainteÊRŽparate »" in page
    assert "lu comme Mac OS Roman" in page and "Appliquer l&#x27;import" not in page and "Appliquer l'import" not in page


def test_progression_json_et_page_en_cours(admin_client):
    source = Source.objects.create(nom="s")
    run = ImportRun.objects.create(source=source, statut=ImportRun.Statut.ANALYSE_EN_COURS, progression=0.4,
                                   lignes_lues=2000, etape="analyse des lignes", nom_fichier="gros.csv")
    etat = json.loads(admin_client.get(f"/admin/imports/importrun/{run.pk}/progression.json").content)
    assert etat == {"statut": "analyse_en_cours", "libelle": "analyse en cours", "etape": "analyse des lignes",
                    "progression": 0.4, "en_cours": True, "lignes_lues": 2000, "crees": 0, "modifies": 0,
                    "inchanges": 0, "rejetes": 0, "ignores": 0, "archives": 0, "avec_avertissements": 0}
    page = admin_client.get(f"/admin/imports/importrun/{run.pk}/suivi/").content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page  # follows itself without JS
    assert '<progress id="import-barre" max="1" value="0.400">' in page
    assert 'data-url="/admin/imports/importrun/' in page and "imports/suivi.js" in page


def test_rapport_csv(admin_client):
    admin_client.post(IMPORTER, {"fichier": exemple(), "nouvelle_source": "hub"})
    run = ImportRun.objects.get()
    reponse = admin_client.get(f"/admin/imports/importrun/{run.pk}/rapport.csv")
    assert reponse["Content-Disposition"] == f'attachment; filename="rapport-import-{run.pk}.csv"'
    texte = b"".join(reponse.streaming_content).decode("utf-8")
    assert texte.startswith('\ufeff"ligne","identifiant","statut","niveau","champ","message","ligne d\'origine"')
    assert '"2","structure-1","nouveau","avertissement","latitude/longitude"' in texte


def test_reserve_aux_equipes(client, django_user_model):
    assert client.get(IMPORTER).status_code == 302  # to the admin login
    equipe = django_user_model.objects.create_user("equipe", password="x", is_staff=True)
    client.force_login(equipe)
    assert client.get(IMPORTER).status_code == 403
    equipe.user_permissions.add(Permission.objects.get(codename="add_importrun"))
    equipe = User.objects.get(pk=equipe.pk)
    client.force_login(equipe)
    assert client.get(IMPORTER).status_code == 200
