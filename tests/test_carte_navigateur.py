"""The map in a real Chromium: national bubbles, drill-down to a lieu, filters, back button, search, escaping.

Tiles cannot load offline: every request that does not go to the test server is aborted, and the map draws its
bubbles without them.
"""

import re

import pytest
from django.core.cache import cache

from lieux.models import Lieu
from tests.donnees_navigateur import NOM_PIEGE

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
AIDE = "Aide aux démarches administratives"


@pytest.fixture
def carte(page, serveur, lieux_navigateur, django_db_blocker):
    """A page on the test server only; any JavaScript dialog (an XSS) is recorded."""
    cache.clear()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page.dialogues = []
    page.on("dialog", lambda d: (page.dialogues.append(d.message), d.dismiss()))
    with django_db_blocker.unblock():
        page.total_attendu = Lieu.objects.actifs().localises().filter(region__isnull=False).count()
    return page


def attendre(page, niveau):
    page.wait_for_function(
        "n => document.body.dataset.carteNiveau === n && document.body.dataset.cartePrete === '1'", arg=niveau)
    page.wait_for_function("() => document.getElementById('panneau').getAttribute('aria-busy') === 'false'")


def bulles(page, niveau):
    return {el.get_attribute("data-code"): int(el.get_attribute("data-n"))
            for el in page.query_selector_all(f".bulle[data-niveau='{niveau}']")}


def test_national_view_region_bubbles_sum_to_the_total(carte, serveur):
    carte.goto(f"{serveur}/carte/")
    attendre(carte, "region")
    regions = bulles(carte, "region")
    total = int(carte.get_attribute("body", "data-carte-total"))
    assert sum(regions.values()) == total == carte.total_attendu
    assert regions["52"] == 4 and regions["04"] == 1  # Pays de la Loire; La Réunion (an overseas bubble)
    assert carte.inner_text("#total-lieux").replace("\u202f", "") == str(total)
    assert "La Réunion (1)" in carte.inner_text("#carte-outremer")
    assert carte.get_attribute("#carte", "aria-hidden") == "true"


def test_drill_down_to_a_commune_opens_a_lieu_and_back_works(carte, serveur):
    carte.goto(f"{serveur}/carte/")
    attendre(carte, "region")
    carte.click(".bulle[data-code='52']")
    attendre(carte, "departement")
    assert "region=52" in carte.url and bulles(carte, "departement") == {"49": 4}
    carte.click(".bulle[data-code='49']")
    attendre(carte, "commune")
    assert "departement=49" in carte.url
    assert bulles(carte, "commune") == {"49007": 2, "49328": 1, "49099": 1}
    carte.click(".bulle[data-code='49007']")
    attendre(carte, "grille")
    assert "commune=49007" in carte.url
    assert "2 lieux — Angers" in carte.inner_text("#titre-panneau")
    carte.wait_for_selector(".leaflet-overlay-pane path")  # the commune's outline
    carte.go_back()
    attendre(carte, "commune")
    assert "departement=49" in carte.url and "Maine-et-Loire" in carte.inner_text("#titre-panneau")
    carte.go_forward()
    attendre(carte, "grille")
    carte.click("#liste-lieux a:has-text('Médiathèque Toussaint')")  # the list, in step with the map
    uid = Lieu.objects.get(nom="Médiathèque Toussaint", source="test-navigateur").uid
    carte.wait_for_url(f"**/lieux/{uid}/")
    assert carte.inner_text("h1") == "Médiathèque Toussaint"


def test_a_filter_changes_the_counts_and_its_chip_removes_it(carte, serveur):
    carte.goto(f"{serveur}/carte/")
    attendre(carte, "region")
    avant = int(carte.get_attribute("body", "data-carte-total"))
    carte.click("summary:has-text('Filtrer les lieux')")
    carte.click(f"#form-filtres label:has-text('{AIDE}')")
    carte.wait_for_function("t => document.body.dataset.carteTotal !== t && document.body.dataset.cartePrete === '1'",
                            arg=str(avant))
    attendre(carte, "region")
    apres = int(carte.get_attribute("body", "data-carte-total"))
    assert apres == 3 < avant == sum(bulles(carte, "region").values()) + 4
    assert "services=Aide" in carte.url
    carte.wait_for_selector(f"#puces-filtres a:has-text('{AIDE}')")
    assert carte.inner_text("#total-lieux") == "3"
    carte.click(f"#puces-filtres a:has-text('{AIDE}')")
    carte.wait_for_function("t => document.body.dataset.carteTotal === t", arg=str(avant))
    assert "services" not in carte.url
    assert not carte.is_checked(f"input[name='services'][value='{AIDE}']")
    carte.go_back()
    carte.wait_for_function("() => document.body.dataset.carteTotal === '3'")
    assert carte.is_checked(f"input[name='services'][value='{AIDE}']")


def test_the_trap_name_is_text_in_the_list_the_popup_and_the_page(carte, serveur):
    carte.goto(f"{serveur}/carte/?commune=49007&centre=47.472,-0.557&zoom=17")
    attendre(carte, "grille")
    piege = carte.locator("#liste-lieux .carte-lieu__nom a", has_text="onerror")
    assert piege.inner_text() == NOM_PIEGE
    assert carte.locator("#panneau img").count() == 0
    uid = Lieu.objects.get(nom=NOM_PIEGE, source="test-navigateur").uid
    carte.click(f".bulle--lieu[data-uid='{uid}']")
    assert carte.inner_text(".leaflet-popup .popup-lieu__nom") == NOM_PIEGE
    assert carte.locator(".leaflet-popup img, .leaflet-marker-pane img").count() == 0
    # the popup's link leads to the page (followed by its address: under load the map may redraw its markers, and
    # close the popup, between Playwright's last check and its click)
    lien = carte.locator(".leaflet-popup a", has_text="Voir la fiche du lieu")
    assert lien.get_attribute("href") == f"/lieux/{uid}/"
    carte.goto(serveur + lien.get_attribute("href"))
    assert carte.inner_text("h1") == NOM_PIEGE
    assert carte.locator("main img:not(.leaflet-tile)").count() == 0  # only map tiles are images
    assert NOM_PIEGE in carte.title()
    assert carte.dialogues == []


def test_search_box_flies_to_a_commune_with_the_keyboard(carte, serveur):
    carte.goto(f"{serveur}/carte/")
    attendre(carte, "region")
    carte.fill("#recherche-q", "sau")
    carte.wait_for_selector("#recherche-suggestions li:has-text('Saumur')")
    assert carte.get_attribute("#recherche-q", "aria-expanded") == "true"
    for _ in range(8):
        carte.keyboard.press("ArrowDown")
        if "Saumur" in carte.inner_text("#recherche-suggestions [aria-selected='true']"):
            break
    carte.keyboard.press("Enter")
    attendre(carte, "grille")
    assert "commune=49328" in carte.url and "1 lieu — Saumur" in carte.inner_text("#titre-panneau")


def test_search_suggestions_are_announced_wrap_and_close_with_escape(carte, serveur):
    """The shared suggestion list (static/js/combobox.js): a live region says how many came, Up from the field goes
    to the last option, Escape closes the list."""
    carte.goto(f"{serveur}/carte/")
    attendre(carte, "region")
    carte.fill("#recherche-q", "sau")
    carte.wait_for_selector("#recherche-suggestions li:has-text('Saumur')")
    carte.wait_for_function("() => /\\d+ suggestions? : flèches/.test(document.getElementById('recherche-statut')"
                            ".textContent)")
    options = carte.eval_on_selector_all("#recherche-suggestions li", "els => els.map(e => e.id)")
    carte.keyboard.press("ArrowUp")
    assert carte.get_attribute("#recherche-q", "aria-activedescendant") == options[-1]
    assert carte.get_attribute(f"#{options[-1]}", "aria-selected") == "true"
    carte.keyboard.press("ArrowDown")
    assert carte.get_attribute("#recherche-q", "aria-activedescendant") == options[0]
    carte.keyboard.press("Escape")
    assert carte.get_attribute("#recherche-q", "aria-expanded") == "false"
    assert carte.is_hidden("#recherche-suggestions")
    assert carte.input_value("#recherche-q") == "sau"


def test_map_page_without_javascript_still_lists_and_drills_down(browser, serveur, lieux_navigateur):
    contexte = browser.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page.goto(f"{serveur}/carte/")
    assert page.locator("noscript").count() == 1
    assert "lieux en France" in page.inner_text("#titre-panneau")
    page.click("#liste-territoires a:has-text('Pays de la Loire')")
    page.click("#liste-territoires a:has-text('Maine-et-Loire')")
    page.click("#liste-territoires a:has-text('Angers')")
    assert "commune=49007" in page.url
    page.click("#liste-lieux a:has-text('Médiathèque Toussaint')")
    assert page.inner_text("h1") == "Médiathèque Toussaint"
    contexte.close()
