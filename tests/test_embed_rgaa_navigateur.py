"""Embeds and /integrer/ in a real Chromium, for what a person sees and hears (RGAA): the footer of a small embedded
map stays on screen and clickable (10.11 reflow), a search outside the territory says why and keeps the outline, the
colour field of /integrer/ is checked when left, not while typed, and its hovered/pressed buttons keep 4.5:1."""

import re

import pytest
from django.core.cache import cache

from embed.contraste import contraste
from tests.embed_commun import attendre_carte

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def navigateur(page, serveur, lieux_navigateur):
    cache.clear()
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1:\d+/|localhost:\d+/).*"), lambda route: route.abort())
    return page


def _hex(rgb: str) -> str:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def cliquable(page, selecteur: str) -> dict:
    """Where the element is, and whether a click at its centre reaches it (nothing drawn over it, not cut off)."""
    return page.evaluate("""(sel) => {
        const el = document.querySelector(sel);
        const r = el.getClientRects()[0];  // the first line of a link that wraps
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        const touche = document.elementFromPoint(x, y);
        return {haut: r.top, bas: r.bottom, hauteurFenetre: window.innerHeight, defile: window.scrollY,
                atteint: !!touche && (touche === el || el.contains(touche))};
    }""", selecteur)


@pytest.mark.parametrize("largeur,hauteur,action", [
    (640, 450, ""), (640, 450, "filtres"), (640, 450, "liste"), (640, 300, ""), (390, 844, "filtres"),
    (1366, 450, "")])
def test_small_embedded_map_keeps_its_data_footer_visible_and_clickable(navigateur, serveur, largeur, hauteur, action):
    navigateur.set_viewport_size({"width": largeur, "height": hauteur})
    navigateur.goto(f"{serveur}/embed/carte/?departement=49")
    attendre_carte(navigateur)
    if action == "filtres":
        navigateur.click(".carte-filtres summary")
    elif action == "liste":
        navigateur.click("#bascule-vue")
        navigateur.wait_for_selector("#liste-lieux", state="visible")
    navigateur.wait_for_timeout(300)
    etat = cliquable(navigateur, ".embed-pied a")
    assert etat["defile"] == 0 and 0 <= etat["haut"] and etat["bas"] <= etat["hauteurFenetre"], etat
    assert etat["atteint"], etat  # nothing drawn over it: a click reaches the link
    # what does not fit scrolls inside the page's main area, to its end; nothing is cut off sideways
    navigateur.eval_on_selector("#contenu", "m => m.scrollTop = m.scrollHeight")
    derniere = "#carte-conteneur" if action != "liste" else "#panneau"  # the list scrolls in its panel
    boite = navigateur.eval_on_selector(derniere, "e => e.getBoundingClientRect().bottom")
    assert boite <= navigateur.eval_on_selector(".embed-pied", "e => e.getBoundingClientRect().top") + 1
    assert navigateur.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("largeur", [1280, 640])  # 640: the list first, the map hidden
def test_search_outside_the_territory_explains_and_keeps_the_outline(navigateur, serveur, largeur):
    navigateur.set_viewport_size({"width": largeur, "height": 900})
    navigateur.goto(f"{serveur}/embed/carte/?departement=49")
    attendre_carte(navigateur)
    contour = "() => document.querySelectorAll('.leaflet-overlay-pane path').length"
    navigateur.wait_for_function(f"{contour} > 0")
    navigateur.fill("#recherche-q", "Marseille")
    navigateur.wait_for_timeout(700)
    navigateur.press("#recherche-q", "Enter")
    navigateur.wait_for_selector("#hors-territoire")
    assert navigateur.inner_text("#hors-territoire") == (
        "Marseille est en dehors du territoire de cette carte (Maine-et-Loire) : cherchez une commune ou une "
        "adresse de ce territoire.")
    assert "Aucune commune" not in navigateur.inner_text("body")
    assert "departement=49" in navigateur.url
    attendre_carte(navigateur)
    navigateur.wait_for_function(f"{contour} > 0")  # Maine-et-Loire is still outlined
    assert "4 lieux — Maine-et-Loire" in navigateur.inner_text("#titre-panneau")
    navigateur.wait_for_timeout(1000)  # the map settled: still on the territory, not zoomed out of it
    assert "departement=49" in navigateur.url and navigateur.evaluate("() => window.carteMediation.carte.getZoom()") >= 7
    if largeur == 640:
        navigateur.click("#bascule-vue")
        navigateur.wait_for_selector("#carte", state="visible")
        assert navigateur.evaluate(f"{contour}") > 0


def test_colour_field_is_checked_on_blur_not_while_typing(navigateur, serveur):
    navigateur.set_viewport_size({"width": 1280, "height": 1000})
    navigateur.goto(f"{serveur}/integrer/?departement=49")
    navigateur.wait_for_selector("#code-integration")
    navigateur.click("#couleur")
    navigateur.keyboard.type("#ff", delay=50)
    navigateur.wait_for_timeout(900)  # longer than the preview's pause
    assert navigateur.get_attribute("#couleur", "aria-invalid") is None
    assert "Couleur invalide" not in navigateur.inner_text("body")
    navigateur.press("#couleur", "Tab")  # leaving the field: now it is an error, attached to the field
    navigateur.wait_for_selector("#couleur-erreur")
    assert navigateur.get_attribute("#couleur", "aria-invalid") == "true"
    assert navigateur.get_attribute("#couleur", "aria-describedby") == "couleur-erreur"
    assert navigateur.inner_text("#couleur-erreur") == ("Couleur invalide : « #ff » (attendu un code hexadécimal "
                                                        "comme #000091).")
    navigateur.click("#couleur")
    navigateur.keyboard.type("0000", delay=50)  # « #ff0000 »: right, the error goes at once
    assert navigateur.query_selector("#couleur-erreur") is None
    assert navigateur.get_attribute("#couleur", "aria-invalid") is None
    navigateur.wait_for_function("() => document.getElementById('code-integration') && "
                                 "document.getElementById('code-integration').value.includes('couleur=%23ff0000')")


def test_grey_theme_buttons_keep_their_contrast_when_hovered_and_pressed(navigateur, serveur):
    navigateur.set_viewport_size({"width": 1280, "height": 1000})
    navigateur.goto(f"{serveur}/embed/orientation/?departement=49&couleur=%23777777")
    bouton = "#afficher-lieux"
    navigateur.wait_for_selector(bouton)

    def couleurs():
        return navigateur.eval_on_selector(
            bouton, "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")

    def ratio():
        texte, fond = (_hex(c) for c in couleurs())
        return contraste(texte, fond)

    repos = ratio()
    navigateur.hover(bouton)
    navigateur.wait_for_timeout(300)
    survol = ratio()
    navigateur.mouse.down()
    navigateur.wait_for_timeout(300)
    presse = ratio()
    navigateur.mouse.up()
    assert repos >= 4.5 and survol >= 4.5 and presse >= 4.5, (repos, survol, presse)
    assert survol > repos and presse > survol  # lighter under black text (it was 3.6:1 and 2.73:1)


def test_embedded_orientation_prints_a_fiche_of_the_ticked_lieux(navigateur, serveur):
    navigateur.set_viewport_size({"width": 1024, "height": 900})
    navigateur.goto(f"{serveur}/embed/orientation/?departement=49")
    navigateur.wait_for_selector("#liste-resultats")
    navigateur.click("label:has-text('Aide aux démarches administratives')")
    navigateur.wait_for_function("() => document.getElementById('compte-orientation').dataset.compte === '2'")
    assert navigateur.query_selector_all("#liste-resultats input[name=lieu]")  # after the refresh too
    for case in navigateur.query_selector_all("#liste-resultats .embed-resultat__fiche label"):
        case.click()
    navigateur.click("#preparer-fiche")
    navigateur.wait_for_selector("h1:has-text(\"Fiche d'orientation\")")
    assert "/orientation/fiche/?" in navigateur.url and "services=Aide" in navigateur.url
    titres = navigateur.eval_on_selector_all(".fiche-orientation__lieu h2", "hs => hs.map(h => h.textContent)")
    assert sorted(t.split(". ", 1)[1] for t in titres) == ["France Services Cholet", "Médiathèque Toussaint"]
    assert sorted(t.split(". ", 1)[0] for t in titres) == ["1", "2"]
    assert navigateur.is_visible("#imprimer")  # fiche.js: the print button
    assert "Aide aux démarches administratives" in navigateur.inner_text(".fiche-orientation__personne")
    navigateur.emulate_media(media="print")
    assert not navigateur.is_visible(".embed-entete") and not navigateur.is_visible(".embed-pied")
    assert not navigateur.is_visible("#actions-fiche") and navigateur.is_visible(".fiche-orientation__lieu")
    navigateur.emulate_media(media="screen")
    navigateur.click("#retour-resultats")
    navigateur.wait_for_selector("#compte-orientation[data-compte='2']")


def test_other_checked_fields_of_integrer_wait_for_the_field_to_be_left(navigateur, serveur):
    navigateur.set_viewport_size({"width": 1280, "height": 1000})
    navigateur.goto(f"{serveur}/integrer/?departement=49")
    navigateur.wait_for_selector("#code-integration")
    navigateur.fill("#hauteur", "")
    navigateur.click("#hauteur")
    navigateur.keyboard.type("5", delay=50)  # on its way to « 500 »
    navigateur.wait_for_timeout(900)
    assert "La hauteur est un nombre" not in navigateur.inner_text("body")
    assert navigateur.get_attribute("#hauteur", "aria-invalid") is None
    navigateur.press("#hauteur", "Tab")  # left at « 5 »: the error, on the field and in the summary
    navigateur.wait_for_selector("#hauteur-erreur")
    assert navigateur.inner_text("#hauteur-erreur") == "La hauteur est un nombre de pixels entre 300 et 2000."
    assert navigateur.get_attribute("#hauteur", "aria-invalid") == "true"
    assert navigateur.get_attribute("#hauteur", "aria-describedby") == "hauteur-erreur"
    assert "La hauteur est un nombre" in navigateur.inner_text("#attente-code")
    navigateur.click("#hauteur")
    navigateur.keyboard.type("00", delay=50)
    navigateur.press("#hauteur", "Tab")
    navigateur.wait_for_selector("#code-integration")
    navigateur.wait_for_function("() => !document.getElementById('hauteur-erreur')")
    assert navigateur.get_attribute("#hauteur", "aria-invalid") is None
    assert "height:500px" in navigateur.input_value("#code-integration")
