"""Automatic accessibility audit (axe-core, the engine behind most RGAA tools) of every public page in Chromium.

axe finds about a third of the RGAA criteria by itself (contrast, names of fields, links and buttons, structure,
ARIA use); the keyboard paths and the rest are covered by the browser tests of each page. The rules run are those of
WCAG 2.1 A and AA, which the RGAA follows. A page passes with no violation at all.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.donnees_navigateur import OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AIDE = "Aide aux démarches administratives"
AUTOUR_D_ANGERS = f"services={AIDE}&latitude=47.4739&longitude=-0.5536&distance=100000&adresse=Angers"
PAGES = {
    "accueil": "/",
    "carte nationale": "/carte/",
    "carte d'un département": "/carte/?departement=49",
    "carte, recherche sans résultat": "/carte/?q=zzzz",
    "page d'une région": "/territoires/region/52/",
    "orientation, démarrage": "/orientation/",
    "orientation, besoin": "/orientation/besoin/",
    "orientation, localisation": f"/orientation/localisation/?services={AIDE}",
    "orientation, accessibilité": f"/orientation/accessibilite/?{AUTOUR_D_ANGERS}",
    "orientation, disponibilité": f"/orientation/disponibilite/?{AUTOUR_D_ANGERS}",
    "orientation, résultats": f"/orientation/resultats/?{AUTOUR_D_ANGERS}",
    "générateur d'intégration": "/integrer/",
    "carte intégrée": "/embed/carte/?departement=49",
    "orientation intégrée": "/embed/orientation/?departement=49",
    "plan du site": "/plan-du-site/",
    "recherche du site": "/recherche/?q=angers",
    "déclaration d'accessibilité": "/accessibilite/",
    "données personnelles": "/donnees-personnelles/",
    "mentions légales": "/mentions-legales/",
}


def _violations(page) -> list[str]:
    resultats = Axe().run(page, options=OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in resultats]


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_page_sans_violation_wcag(page, serveur, lieux_navigateur, url):
    page.goto(serveur + url)
    page.wait_for_load_state("networkidle")  # the map's bubbles and the live panels are drawn
    assert _violations(page) == []


def test_fiche_d_un_lieu_sans_violation_wcag(page, serveur, lieux_navigateur):
    page.goto(f"{serveur}/lieux/{lieux_navigateur[0].pk}/")
    page.wait_for_load_state("networkidle")
    assert _violations(page) == []


def test_suggestions_ouvertes_sans_violation_wcag(page, serveur, lieux_navigateur):
    """The open suggestion list (combobox.js) with an active option is audited too."""
    page.goto(serveur + "/carte/")
    page.fill("#recherche-q", "sau")
    page.wait_for_selector("#recherche-suggestions li")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#recherche-q", "aria-activedescendant") == "suggestion-0"
    assert _violations(page) == []


@pytest.fixture(scope="module")
def coordinatrice(serveur, django_db_blocker):
    """A hub coordinator (superuser) and an analysed import of hers, committed for the live server, then removed
    (module scope: created before the test's own transaction, so the live server sees them)."""
    from django.contrib.auth.models import User

    from imports.models import ImportRun, Source

    def nettoie():
        ImportRun.objects.filter(source__nom="test-accessibilite").delete()
        Source.objects.filter(nom="test-accessibilite").delete()
        User.objects.filter(username="coordinatrice-a11y").delete()

    with django_db_blocker.unblock():
        nettoie()
        User.objects.create_superuser("coordinatrice-a11y", "a11y@example.org", "mot-de-passe-a11y")
        source = Source.objects.create(nom="test-accessibilite")
        run = ImportRun.objects.create(source=source, statut=ImportRun.Statut.ANALYSE, progression=1.0, lignes_lues=3,
                                       crees=2, rejetes=1, nom_fichier="lieux.csv")
    yield run
    with django_db_blocker.unblock():
        nettoie()


def test_pages_d_import_de_l_admin_sans_violation_wcag(page, serveur, coordinatrice):
    page.goto(f"{serveur}/admin/login/?next=/admin/imports/importrun/importer/")
    page.fill("#id_username", "coordinatrice-a11y")
    page.fill("#id_password", "mot-de-passe-a11y")
    page.click("input[type=submit]")
    page.wait_for_selector("input[type=file]", state="attached")
    assert _violations(page) == []
    page.goto(f"{serveur}/admin/imports/importrun/{coordinatrice.pk}/suivi/")
    page.wait_for_selector("text=Ce que l'import ferait")
    assert _violations(page) == []
