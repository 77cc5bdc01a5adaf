"""A coordinator's edit survives the next import, in a real Chromium without JavaScript: the hours changed in the
admin's form of a lieu, a file of the source imported again, the import's page lists the conflict in French and
« Prendre la valeur du fichier » gives the field back to the file. Data is committed (the live server has its own
connection) and removed."""

import re

import pytest
from django.contrib.auth.models import User

from lieux.models import VerrouChamp
from tests.outils_import import efface_sources, fichier, importe, lieu, lieux

pytestmark = pytest.mark.browser
NOM, MOT_DE_PASSE = "coordinatrice-verrou", "mot-de-passe-du-test-verrou"
SOURCE = "test-navigateur-verrou"
HORAIRES, SAISIE = "Mo-Fr 09:00-12:00", "Mo-Fr 09:00-17:00"
LIEU = lieu(1, id="verrou-1", nom="Espace numérique Verrou", horaires=HORAIRES, telephone="+33241000001")


def _nettoie():
    efface_sources(SOURCE)
    User.objects.filter(username=NOM).delete()


@pytest.fixture
def lieu_importe(serveur, django_db_blocker, tmp_path, media):
    with django_db_blocker.unblock():
        _nettoie()
        User.objects.create_superuser(NOM, "coordinatrice@example.org", MOT_DE_PASSE)
        importe(fichier(tmp_path, [LIEU], "premier.csv"), SOURCE)
        le_lieu = lieux(SOURCE).get()
    yield le_lieu
    with django_db_blocker.unblock():
        _nettoie()


@pytest.fixture
def sans_javascript(browser):
    contexte = browser.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())  # no tiles, no internet
    yield page
    contexte.close()


def test_an_edit_is_kept_by_the_next_import_and_the_file_value_can_be_taken(
        sans_javascript, serveur, lieu_importe, django_db_blocker, tmp_path):
    page = sans_javascript
    page.goto(f"{serveur}/admin/login/?next=/admin/lieux/lieu/{lieu_importe.uid}/change/")
    page.fill("#id_username", NOM)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")
    page.fill("#id_horaires", SAISIE)
    page.click("input[name=_continue]")
    page.wait_for_selector("#champs-proteges")
    protection = page.inner_text("#champs-proteges")
    assert "Champs protégés contre les imports" in protection and "protégé contre les imports depuis le" in protection
    assert SAISIE in protection and HORAIRES in protection

    with django_db_blocker.unblock():
        run = importe(fichier(tmp_path, [{**LIEU, "telephone": "+33241000002"}], "second.csv"), SOURCE)
        lieu_importe.refresh_from_db()
    assert lieu_importe.horaires == SAISIE and lieu_importe.telephone == "+33241000002"

    page.goto(f"{serveur}/admin/imports/importrun/{run.pk}/suivi/")
    conflits = page.inner_text("#liste-conflits")
    assert re.search(rf"horaires : valeur saisie le \d+ \w+ \d{{4}} conservée, le fichier dit « {HORAIRES} »",
                     conflits), conflits
    page.get_by_role("button", name=re.compile("Prendre la valeur du fichier")).click()
    page.wait_for_selector(".messagelist")
    assert "horaires prend la valeur du fichier (« Mo-Fr 09:00-12:00 »)" in page.inner_text(".messagelist")
    assert "Valeur du fichier reprise le" in page.inner_text("#liste-conflits")
    with django_db_blocker.unblock():
        lieu_importe.refresh_from_db()
        assert lieu_importe.horaires == HORAIRES
        assert not VerrouChamp.objects.filter(lieu=lieu_importe).exists()
