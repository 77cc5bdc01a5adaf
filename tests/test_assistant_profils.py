"""A source's mapping profile in the admin: shown in French on the source's page, exported as `<source>.profil.json`,
imported from a JSON file (validated, French messages), each action behind its permission."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.correspondance.profil import JOINTURE, Profil, RegleChamp
from imports.models import Source
from tests.factories import compte

pytestmark = pytest.mark.django_db
PROFIL = Profil(regles=(RegleChamp("nom", ("Nom de la structure",)),
                        RegleChamp("adresse", ("N°", "Voie"), combinaison=JOINTURE)),
                identifiant="genere", colonnes_vues=("Nom de la structure", "N°", "Voie"))
MANQUANTE = "variable de gabarit manquante"


@pytest.fixture
def source():
    return Source.objects.create(nom="hub-du-sud", profil=PROFIL.en_dict())


def envoi(contenu: str | bytes, nom="hub.profil.json"):
    return SimpleUploadedFile(nom, contenu.encode() if isinstance(contenu, str) else contenu,
                              content_type="application/json")


def test_la_page_de_la_source_resume_le_profil_et_propose_ses_actions(admin_client, source):
    page = admin_client.get(f"/admin/imports/source/{source.pk}/change/").content.decode()
    assert "Nom du lieu ← « Nom de la structure »" in page
    assert "Adresse ← « N° » et « Voie » : les colonnes mises bout à bout" in page
    assert f'href="/admin/imports/source/{source.pk}/profil.json"' in page and "Exporter le profil" in page
    assert f'href="/admin/imports/source/{source.pk}/importer-profil/"' in page and "Importer un profil" in page
    assert f'href="/admin/imports/source/assistant/?source={source.pk}"' in page
    assert 'name="profil"' not in page and MANQUANTE not in page  # never edited as raw JSON


def test_exporter_le_profil(admin_client, source):
    reponse = admin_client.get(f"/admin/imports/source/{source.pk}/profil.json")
    assert reponse["Content-Disposition"] == 'attachment; filename="hub-du-sud.profil.json"'
    assert reponse["Content-Type"] == "application/json; charset=utf-8"
    assert Profil.depuis_json(reponse.content.decode()) == PROFIL
    assert json.loads(reponse.content)["version"] == 1


def test_exporter_sans_profil(admin_client):
    vide = Source.objects.create(nom="vide")
    reponse = admin_client.get(f"/admin/imports/source/{vide.pk}/profil.json", follow=True)
    assert "La source « vide » n&#x27;a pas encore de profil de correspondance." in reponse.content.decode()
    assert "Exporter le profil" not in admin_client.get(f"/admin/imports/source/{vide.pk}/change/").content.decode()


def test_importer_un_profil(admin_client):
    autre = Source.objects.create(nom="autre-hub")
    url = f"/admin/imports/source/{autre.pk}/importer-profil/"
    page = admin_client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page and MANQUANTE not in page
    reponse = admin_client.post(url, {"fichier": envoi(PROFIL.en_json())}, follow=True)
    assert "Profil importé : le prochain fichier de la source « autre-hub » partira de ce profil." in \
        reponse.content.decode()
    autre.refresh_from_db()
    assert autre.profil_de_correspondance() == PROFIL and autre.profil_modifie_le is not None


@pytest.mark.parametrize("contenu, message", [
    ("{ pas du json", "Profil JSON illisible : Expecting property name enclosed in double quotes (ligne 1)."),
    ('{"version": 7}', "Version de profil 7 inconnue : cette application lit la version 1."),
    ('{"version": 1, "regles": [{"champ": "nom", "combinaison": "magie"}]}',
     "Combinaison « magie » inconnue pour le champ nom."),
    ("[]", "Le profil doit être un objet JSON."),
    (b"\xff\xfe\x00", "Le profil doit être un fichier texte JSON en UTF-8."),
])
def test_un_profil_invalide_est_refuse_en_francais(admin_client, source, contenu, message):
    reponse = admin_client.post(f"/admin/imports/source/{source.pk}/importer-profil/", {"fichier": envoi(contenu)})
    page = reponse.content.decode()
    assert reponse.status_code == 200 and 'id="resume-erreurs"' in page and "autofocus" in page
    assert message.replace("'", "&#x27;") in page.replace("&quot;", '"') or message in page
    source.refresh_from_db()
    assert source.profil_de_correspondance() == PROFIL


def test_permissions_du_profil(client, source):
    compte(client, "lectrice", "imports.view_source")
    assert client.get(f"/admin/imports/source/{source.pk}/profil.json").status_code == 200
    url = f"/admin/imports/source/{source.pk}/importer-profil/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"fichier": envoi(Profil().en_json())}).status_code == 403
    page = client.get(f"/admin/imports/source/{source.pk}/change/").content.decode()
    assert "Importer un profil" not in page and "assistant" not in page
    source.refresh_from_db()
    assert source.profil_de_correspondance() == PROFIL


def test_l_assistant_demande_le_droit_de_modifier_les_sources(client, source):
    compte(client, "importeur", "imports.add_importrun", "imports.view_importrun", "imports.view_source")
    assert client.get("/admin/imports/source/assistant/").status_code == 403
    assert client.get("/admin/imports/source/assistant/inconnue/colonnes/").status_code == 403
    assert client.post("/admin/imports/source/assistant/inconnue/appliquer/").status_code == 403
    compte(client, "coordinatrice", "imports.add_importrun", "imports.change_source", "imports.view_source")
    assert client.get("/admin/imports/source/assistant/").status_code == 200


def test_l_assistant_est_reserve_aux_equipes(client):
    assert client.get("/admin/imports/source/assistant/").status_code == 302  # to the admin login
