"""The orientation path in a real Chromium, with the keyboard only: with JavaScript (live counts, autocomplete), and
the same run with JavaScript disabled (GET forms, server-side lookups). Lieux: tests/donnees_navigateur.py.

Every request that does not go to the test server is aborted (map tiles): the pages must not depend on them.
"""

import re

import pytest
from django.core.cache import cache

from tests.faux_serveurs import serveur_json

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
DEMARCHES = "Aide aux démarches administratives"
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")
FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const cible = (el.type === 'checkbox' || el.type === 'radio') ? el.labels[0] : el;
  const styles = [getComputedStyle(cible), getComputedStyle(cible, '::before')];
  return styles.some(s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
}"""


@pytest.fixture
def prepare(lieux_navigateur):
    cache.clear()

    def preparer(page):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.route(HORS_SERVEUR, lambda route: route.abort())
        page.dialogues = []
        page.on("dialog", lambda d: (page.dialogues.append(d.message), d.dismiss()))
        return page

    return preparer


@pytest.fixture
def page_js(page, prepare):
    return prepare(page)


@pytest.fixture
def page_sans_js(browser, prepare):
    contexte = browser.new_context(java_script_enabled=False, locale="fr-FR")
    yield prepare(contexte.new_page())
    contexte.close()


def tab_jusqua(page, selecteur: str, max_tabs: int = 80) -> None:
    """Press Tab until `selecteur` has the focus (fails if the keyboard never reaches it), focus drawn visibly."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selecteur):
            assert page.evaluate(FOCUS_VISIBLE), f"le focus sur {selecteur} n'est pas visible"
            return
    raise AssertionError(f"{selecteur} n'est jamais atteint avec la touche Tab")


def compte(page) -> str:
    return page.inner_text("#compte").strip()


def parcours_au_clavier(page, serveur, avec_js: bool):
    page.goto(f"{serveur}/orientation/")
    tab_jusqua(page, "#commencer")
    page.keyboard.press("Enter")

    # 1. Besoin
    page.wait_for_url("**/orientation/besoin/")
    assert page.title().startswith("Besoin — Orientation, étape 1 sur 4")
    avant = compte(page)
    tab_jusqua(page, f"input[name=services][value='{DEMARCHES}']")
    page.keyboard.press("Space")
    if avec_js:  # live count, announced by the aria-live region
        page.wait_for_function("t => document.getElementById('compte').innerText.trim() !== t", arg=avant)
        assert page.get_attribute("#compte", "aria-live") == "polite"
        assert DEMARCHES in page.inner_text("#panneau-details")
    tab_jusqua(page, "#suivant")
    page.keyboard.press("Enter")

    # 2. Localisation: 100 km around Angers
    page.wait_for_url("**/orientation/localisation/?**")
    tab_jusqua(page, "#adresse")
    page.keyboard.type("Angers")
    if avec_js:  # autocomplete: the communes are found offline
        page.wait_for_selector("#suggestions-adresse li", state="visible")
        assert page.get_attribute("#adresse", "aria-expanded") == "true"
        page.keyboard.press("ArrowDown")
        assert page.get_attribute("#adresse", "aria-activedescendant") == "suggestion-0"
        assert page.inner_text("#suggestion-0").startswith("Angers (49")
        page.keyboard.press("Enter")
        assert page.input_value("input[name=latitude]") != ""
    tab_jusqua(page, "#distance")
    page.keyboard.type("100")
    assert page.input_value("#distance") == "100000"
    tab_jusqua(page, "#suivant")
    page.keyboard.press("Enter")

    # 3. Accessibilité et publics: nothing to add
    page.wait_for_url("**/orientation/accessibilite/?**")
    assert "À moins de 100 km d'Angers (49" in page.inner_text("#panneau-details")
    tab_jusqua(page, "#suivant")
    page.keyboard.press("Enter")

    # 4. Disponibilité: on Mondays, all day
    page.wait_for_url("**/orientation/disponibilite/?**")
    tab_jusqua(page, "#creneau-0-jour")
    page.keyboard.type("Lundi")
    assert page.input_value("#creneau-0-jour") == "lu"
    tab_jusqua(page, "#creneau-0-journee")
    page.keyboard.press("Space")
    tab_jusqua(page, "#suivant")
    page.keyboard.press("Enter")

    # Results: nearest first
    page.wait_for_url("**/orientation/resultats/?**")
    noms = [n.strip() for n in page.locator(".orientation-resultat h3 a").all_inner_texts()]
    assert noms == ["Médiathèque Toussaint", "France Services Cholet"]
    distances = page.locator(".orientation-resultat__distance").all_inner_texts()
    assert distances[0].startswith("à ") and distances[1].endswith("km")
    assert "2 lieux correspondent à votre recherche, du plus proche au plus éloigné" in compte(page)
    assert "Lundi, toute la journée" in page.inner_text(".orientation-puces")
    carte = page.get_attribute("#voir-carte", "href")
    assert carte.startswith("/carte/?") and "services=Aide" in carte and "distance=100000" in carte
    tab_jusqua(page, "#voir-carte")
    assert page.dialogues == []


def test_parcours_au_clavier_avec_javascript(page_js, serveur):
    parcours_au_clavier(page_js, serveur, avec_js=True)
    # the map shows the same results, out of the keyboard's way
    page_js.wait_for_selector("#carte-resultats .orientation-marqueur")
    assert page_js.locator("#carte-resultats .orientation-marqueur").count() == 2
    assert page_js.get_attribute("#carte-resultats", "aria-hidden") == "true"
    assert page_js.locator("#carte-resultats [tabindex]:not([tabindex='-1'])").count() == 0


def test_parcours_au_clavier_sans_javascript(page_sans_js, serveur):
    parcours_au_clavier(page_sans_js, serveur, avec_js=False)


def test_resume_d_erreurs_recoit_le_focus_et_mene_au_champ(page_js, serveur):
    page_js.goto(f"{serveur}/orientation/localisation/")
    tab_jusqua(page_js, "#suivant")
    page_js.keyboard.press("Enter")
    page_js.wait_for_selector("#resume-erreurs")
    assert page_js.title().startswith("Erreur : ")
    assert page_js.evaluate("() => document.activeElement.id") == "resume-erreurs"
    page_js.keyboard.press("Tab")
    page_js.keyboard.press("Enter")
    assert page_js.evaluate("() => location.hash") == "#adresse"


def test_aucun_resultat_puis_annuler_le_dernier_filtre(page_sans_js, serveur):
    page = page_sans_js
    page.goto(f"{serveur}/orientation/accessibilite/?services={DEMARCHES}&latitude=47.4739&longitude=-0.5536"
              "&distance=5000&adresse=Angers&prise_en_charge_specifique=Surdité")
    assert compte(page) == "Aucun lieu ne correspond à votre recherche"
    tab_jusqua(page, "#annuler-dernier-filtre")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/orientation/accessibilite/\?(?!.*prise_en_charge).*"))
    assert compte(page) == "1 lieu correspond à votre recherche"


def test_fiche_d_orientation_imprimable(page_js, serveur):
    page = page_js
    page.goto(f"{serveur}/orientation/resultats/?services={DEMARCHES}&latitude=47.4739&longitude=-0.5536"
              "&distance=100000&adresse=Angers")
    tab_jusqua(page, ".orientation-resultat input[name=lieu]")
    page.keyboard.press("Space")
    tab_jusqua(page, "#preparer-fiche")
    page.keyboard.press("Enter")
    page.wait_for_url("**/orientation/fiche/?**")
    assert page.inner_text("h2#" + page.get_attribute(".fiche-orientation__lieu", "aria-labelledby")) == \
        "Médiathèque Toussaint"
    assert page.is_visible("#imprimer") and page.is_visible("#copier-lien")
    page.emulate_media(media="print")
    assert not page.is_visible("#imprimer") and not page.is_visible("header.fr-header")
    assert page.is_visible(".fiche-orientation__lieu")


REPONSE_BAN = {"type": "FeatureCollection", "features": [{
    "type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.55139, 47.47156]},
    "properties": {"label": "1 Rue Toussaint 49100 Angers", "score": 0.93, "type": "housenumber",
                   "postcode": "49100", "citycode": "49007", "city": "Angers"}}]}  # /search/ for one address


@pytest.fixture
def fausse_ban(settings):
    with serveur_json(REPONSE_BAN) as (url, _):
        settings.BAN_API_URL = url
        yield


@pytest.mark.reseau_local
def test_autocompletion_d_adresse_par_la_ban(page_js, serveur, fausse_ban):
    page = page_js
    page.goto(f"{serveur}/orientation/localisation/")
    tab_jusqua(page, "#adresse")
    page.keyboard.type("1 rue Toussaint Angers")
    page.wait_for_selector("#suggestions-adresse li:has-text('1 Rue Toussaint 49100 Angers')")
    while page.get_attribute("#adresse", "aria-activedescendant") is None or "Rue Toussaint" not in page.inner_text(
            "#" + page.get_attribute("#adresse", "aria-activedescendant")):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.input_value("#adresse") == "1 Rue Toussaint 49100 Angers"
    tab_jusqua(page, "#suivant")
    page.keyboard.press("Enter")
    page.wait_for_url("**/orientation/accessibilite/?**")
    assert "latitude=47.47156" in page.url and "À moins de 30 km de 1 Rue Toussaint 49100 Angers" in page.inner_text(
        "#panneau-details")


@pytest.mark.parametrize("creneau, attendu", [("sa-09:00-12:00", 0), ("lu-09:00-12:00", 2)])
def test_voir_sur_la_carte_montre_les_memes_lieux(page_js, serveur, creneau, attendu):
    """The map reached from the results counts the same lieux: the slot travels with the other criteria."""
    page = page_js
    page.goto(f"{serveur}/orientation/resultats/?services={DEMARCHES}&latitude=47.4739&longitude=-0.5536"
              f"&distance=100000&adresse=Angers&creneau={creneau}")
    assert compte(page).startswith("Aucun lieu" if attendu == 0 else f"{attendu} lieux")
    page.click("#voir-carte")
    page.wait_for_url("**/carte/?**")
    page.wait_for_function("() => document.body.dataset.cartePrete === '1'")
    page.wait_for_function("() => document.getElementById('panneau').getAttribute('aria-busy') === 'false'")
    assert page.inner_text("#total-lieux") == str(attendu)
    assert "de 9 h à 12 h" in page.inner_text("#puces-filtres")
