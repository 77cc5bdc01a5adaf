"""What a coordinator sees in a real Chromium when sending a hostile or too large file: the reason, in French, at the
top of the page (never « Erreur inattendue »), and the form kept when the upload was stopped. Data is committed (the
live server has its own connection) and removed."""

import re

import pytest

from imports.models import ImportRun

pytestmark = pytest.mark.browser
SOURCES = ("hostile-profond", "hostile-gros")


def _envoie(page, coordinatrice, nom: str, contenu: bytes, source: str):
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    coordinatrice.connecter(page, "/admin/imports/importrun/importer/")
    page.set_input_files("#id_fichier", files=[{"name": nom, "mimeType": "application/octet-stream",
                                                "buffer": contenu}])
    page.fill("#id_nouvelle_source", source)
    page.click("input[type=submit]")


@pytest.mark.parametrize("taille", [(390, 844), (1366, 900)])
def test_json_trop_profond_raison_en_haut_de_page(page, serveur, coordinatrice, taille):
    page.set_viewport_size({"width": taille[0], "height": taille[1]})
    contenu = ('[{"id": "1", "nom": "Lieu", "commune": "Angers"}, ' + "[" * 100_000 + "]" * 100_000 + "]").encode()
    _envoie(page, coordinatrice, "lieux.json", contenu, "hostile-profond")
    alerte = page.wait_for_selector(".errornote[role=alert]", timeout=20_000)
    texte = alerte.inner_text()
    assert texte.startswith("Le JSON est imbriqué sur plus de 64 niveaux")
    assert "vérifiez que le fichier est bien un export de lieux" in texte
    assert "Erreur inattendue" not in page.inner_text("body")
    boite = alerte.bounding_box()
    assert boite is not None and boite["y"] + boite["height"] <= taille[1]  # read without scrolling


def test_envoi_arrete_a_la_limite_formulaire_garde(page, serveur, coordinatrice, settings, django_db_blocker):
    settings.IMPORT_MAX_UPLOAD_SIZE = 100 * 1024
    _envoie(page, coordinatrice, "lieux.csv", b"id;nom;commune\n" + b"1;Lieu;Angers\n" * 30_000, "hostile-gros")
    page.wait_for_selector("text=Importer un fichier de lieux")
    assert page.is_visible("text=Le fichier dépasse la limite de 100 Ko : son envoi a été arrêté.")
    assert page.input_value("#id_nouvelle_source") == "hostile-gros"
    with django_db_blocker.unblock():
        assert not ImportRun.objects.filter(source__nom="hostile-gros").exists()
