"""RGAA in the orientation path, in a real Chromium: where the focus goes after « Ajouter un créneau » / « Retirer le
créneau » (with and without JavaScript), and no sideways scrolling of the fiche d'orientation at 320 px (10.11)."""

import re

import pytest
from django.core.cache import cache

from tests.outils_navigateur import attendre_focus, focus

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")
DEMARCHES = "Aide aux démarches administratives"


def preparer(page):
    cache.clear()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.route(HORS_SERVEUR, lambda route: route.abort())
    return page


@pytest.fixture(params=[True, False], ids=["avec-js", "sans-js"])
def page_etape(request, navigateur_seul, lieux_navigateur):
    contexte = navigateur_seul.new_context(java_script_enabled=request.param, locale="fr-FR")
    page = contexte.new_page()
    yield preparer(page)
    contexte.close()


def test_ajouter_puis_retirer_un_creneau_garde_le_focus(page_etape, serveur):
    page = page_etape
    page.goto(f"{serveur}/orientation/disponibilite/?services={DEMARCHES}&creneau=sa-09:00-12:00")
    page.focus("#ajouter-creneau")
    page.keyboard.press("Enter")
    page.wait_for_selector("#creneau-1-jour")
    # the new slot's « Jour » has the focus, and the change is said
    assert attendre_focus(page, "creneau-1-jour") == "creneau-1-jour"
    assert page.inner_text("#annonce-creneaux") == "Créneau 2 ajouté : choisissez son jour."
    assert page.get_attribute("#creneau-1-jour", "aria-describedby") == "annonce-creneaux"
    page.keyboard.type("Mardi")
    assert page.input_value("#creneau-1-jour") == "ma"
    # removing the first slot: the focus goes to « Ajouter un créneau », which is described by the message
    page.focus("button[name=retirer_creneau][value='0']")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('creneau-1')")
    assert attendre_focus(page, "ajouter-creneau") == "ajouter-creneau"
    assert page.inner_text("#annonce-creneaux") == "Créneau 1 retiré."
    assert page.get_attribute("#ajouter-creneau", "aria-describedby") == "annonce-creneaux"
    assert page.input_value("#creneau-0-jour") == "ma"  # the other slot stayed
    # one Tab away from the slots, not twenty back from the top of the page
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => !!document.activeElement.closest('#creneau-0')")


@pytest.mark.parametrize("media", ["screen", "print"])
def test_fiche_sans_defilement_horizontal_a_320_px(page, serveur, lieux_navigateur, media):
    preparer(page)
    page.set_viewport_size({"width": 320, "height": 640})
    uid = next(l.uid for l in lieux_navigateur if l.nom == "Médiathèque Toussaint")
    page.goto(f"{serveur}/orientation/fiche/?services={DEMARCHES}&latitude=47.4739&longitude=-0.5536"
              f"&distance=30000&adresse=12 rue de la Roë 49000 Angers&creneau=sa-09:00-12:00"
              f"&prise_en_charge_specifique=Surdité&lieu={uid}")
    page.emulate_media(media=media)
    assert page.is_visible(".fiche-orientation__personne")
    largeur = page.evaluate("() => document.documentElement.scrollWidth")
    assert largeur <= 320, f"la fiche défile horizontalement : {largeur} px"
    # the lines to write on stay visible and inside the page
    boites = page.eval_on_selector_all(".fiche-orientation__ligne", "els => els.map(e => e.getBoundingClientRect())")
    assert boites and all(b["width"] > 100 and b["right"] <= 320 for b in boites)


def test_rechercher_une_commune_met_le_focus_sur_le_lieu_trouve(page, serveur, lieux_navigateur):
    preparer(page)
    page.goto(f"{serveur}/orientation/localisation/?services={DEMARCHES}")
    page.fill("#adresse", "Angers")
    page.focus("#chercher")
    page.keyboard.press("Enter")
    page.wait_for_selector("#point-choisi")
    assert focus(page) == "point-choisi"
    assert page.inner_text("#point-choisi") == "Recherche autour de : Angers (49000)"
    page.keyboard.press("Tab")
    assert focus(page) == "chercher"  # the next control, not the top of the page


ETAT = f"services={DEMARCHES}&latitude=47.4739&longitude=-0.5536&distance=100000&adresse=Angers&creneau=lu"


@pytest.mark.parametrize("chemin", ["/orientation/", "/orientation/besoin/", "/orientation/localisation/",
                                    "/orientation/accessibilite/", "/orientation/disponibilite/",
                                    "/orientation/resultats/"])
def test_parcours_sans_defilement_horizontal_a_320_px(page, serveur, lieux_navigateur, chemin):
    preparer(page)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{serveur}{chemin}?{ETAT}")
    largeur = page.evaluate("() => document.documentElement.scrollWidth")
    assert largeur <= 320, f"{chemin} défile horizontalement : {largeur} px"
