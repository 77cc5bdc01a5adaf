"""The follow-up page of an import in a real Chromium: the progress bar polls progression.json and the page reloads
itself when the background job is done. Data is committed (the live server has its own connection) and removed."""

import re

import pytest
from django.contrib.auth.models import User

from imports.models import ImportRun, Source

pytestmark = pytest.mark.browser
NOM = "coordinatrice-import"
MOT_DE_PASSE = "mot-de-passe-du-test-import"
SOURCE = "test-navigateur-import"


def _nettoie():
    ImportRun.objects.filter(source__nom=SOURCE).delete()
    Source.objects.filter(nom=SOURCE).delete()
    User.objects.filter(username=NOM).delete()


@pytest.fixture
def run_en_cours(serveur, django_db_blocker):
    with django_db_blocker.unblock():
        _nettoie()
        User.objects.create_superuser(NOM, "coordinatrice@example.org", MOT_DE_PASSE)
        source = Source.objects.create(nom=SOURCE)
        run = ImportRun.objects.create(source=source, statut=ImportRun.Statut.ANALYSE_EN_COURS, progression=0.25,
                                       lignes_lues=500, etape="analyse des lignes", nom_fichier="lieux.csv")
    yield run
    with django_db_blocker.unblock():
        _nettoie()


def test_la_barre_suit_le_travail_puis_la_page_se_recharge(page, serveur, run_en_cours, django_db_blocker):
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page.goto(f"{serveur}/admin/login/?next=/admin/imports/importrun/{run_en_cours.pk}/suivi/")
    page.fill("#id_username", NOM)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")
    page.wait_for_selector("#import-barre")
    assert page.eval_on_selector("#import-barre", "e => e.value") == pytest.approx(0.25)

    with django_db_blocker.unblock():
        ImportRun.objects.filter(pk=run_en_cours.pk).update(progression=0.8, lignes_lues=1600)
    page.wait_for_function("() => document.getElementById('import-barre').value > 0.79", timeout=10_000)
    assert "1600 lignes" in page.inner_text("#import-statut")

    with django_db_blocker.unblock():
        ImportRun.objects.filter(pk=run_en_cours.pk).update(
            statut=ImportRun.Statut.ANALYSE, progression=1.0, lignes_lues=2000, crees=1990, rejetes=10, etape="")
    page.wait_for_selector("text=Ce que l'import ferait", timeout=10_000)
    assert page.query_selector("#import-barre") is None
    assert "1990" in page.inner_text(".import-compteurs") and page.is_visible("text=Appliquer l'import")
