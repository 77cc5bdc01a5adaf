"""The home page of the coordinators' space in a real Chromium: French headings only (no « Django », no « TASKS
DATABASE BACKEND », as the page shows them: CSS upper-cases the captions), and « Vos tâches » first, its « Importer un
fichier » link above the fold on a laptop and on a phone. Its user is committed (the live server has its own
connection) and removed."""

import re

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.browser
NOM = "coordinatrice-accueil"
MOT_DE_PASSE = "mot-de-passe-du-test-accueil"
ANGLAIS = re.compile(r"\b(django|tasks?|database|backend|administration site|site administration|recent actions|"
                     r"my actions|authentication|authorization|groups|users|results?|add|change|view)\b", re.I)


@pytest.fixture
def coordinatrice(serveur, django_db_blocker):
    with django_db_blocker.unblock():
        User.objects.filter(username=NOM).delete()
        User.objects.create_superuser(NOM, "coordinatrice@example.org", MOT_DE_PASSE)
    yield NOM
    with django_db_blocker.unblock():
        User.objects.filter(username=NOM).delete()


def connecte(page, serveur):
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page.goto(f"{serveur}/admin/login/?next=/admin/")
    assert "Django" not in page.inner_text("body")  # the login page too
    page.fill("#id_username", NOM)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")
    page.wait_for_selector("#vos-taches")


@pytest.mark.parametrize("largeur, hauteur", [(1366, 900), (390, 844)])
def test_accueil_en_francais_taches_d_abord(page, serveur, import_a_confirmer, largeur, hauteur):
    page.set_viewport_size({"width": largeur, "height": hauteur})
    connecte(page, serveur)
    assert page.title().startswith("Accueil de l’espace des coordinateurs") or page.title().startswith(
        "Accueil de l'espace des coordinateurs")
    titres = page.eval_on_selector_all(
        "h1, h2, h3, caption, th, #site-name, #user-tools, .breadcrumbs", "els => els.map(e => e.innerText.trim())")
    assert titres, "aucun titre"
    anglais = [t for t in titres if ANGLAIS.search(t)]
    assert anglais == [], anglais
    assert "TÂCHES DE FOND" in page.inner_text("#content-main").upper()
    # the first heading of the page's content is « Vos tâches », before the list of all the data
    premier = page.eval_on_selector("#content-main", "e => e.querySelector('h2, caption').innerText")
    assert premier.strip().lower() == "vos tâches"
    assert page.is_visible("#derniers-imports")
    # nothing wider than the screen (the latest imports scroll inside their own frame)
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur
    lien = page.get_by_role("link", name="Importer un fichier")
    boite = lien.bounding_box()
    assert lien.is_visible() and boite["y"] + boite["height"] <= hauteur, boite
    lien.click()
    page.wait_for_selector("text=Analyser le fichier")


@pytest.fixture
def import_a_confirmer(serveur, django_db_blocker, coordinatrice):
    """An analysed import that would archive 5 lieux of its source (all of them): the preview asks to confirm."""
    from imports.models import ImportRun, Source

    def nettoie():
        ImportRun.objects.filter(source__nom="test-navigateur-archivage").delete()
        Source.objects.filter(nom="test-navigateur-archivage").delete()

    with django_db_blocker.unblock():
        nettoie()
        source = Source.objects.create(nom="test-navigateur-archivage")
        run = ImportRun.objects.create(source=source, statut=ImportRun.Statut.ANALYSE, progression=1.0, lignes_lues=1,
                                       inchanges=1, archives=5, nom_fichier="une-ligne.csv", version_standard="1.x",
                                       format="csv", encodage="UTF-8")
    yield run
    with django_db_blocker.unblock():
        nettoie()


def test_confirmation_d_archivage_au_clavier_et_accessible(page, serveur, import_a_confirmer):
    from axe_playwright_python.sync_playwright import Axe

    from tests.donnees_navigateur import OPTIONS

    connecte(page, serveur)
    assert Axe().run(page, options=OPTIONS).response["violations"] == []  # the home page of the space
    suivi = f"{serveur}/admin/imports/importrun/{import_a_confirmer.pk}/suivi/"
    page.goto(suivi)
    assert "plus de la moitié" in page.inner_text("#confirmation-explication")
    assert Axe().run(page, options=OPTIONS).response["violations"] == []
    # Apply without ticking the box: the browser keeps the page and puts the focus on the box
    page.get_by_role("button", name="Appliquer l'import").click()
    assert page.url == suivi
    assert page.evaluate("document.activeElement.id") == "confirmer-archivage"
    assert page.get_by_label("Je confirme l'archivage de 5 des 5 lieux actifs").is_visible()
