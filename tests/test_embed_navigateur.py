"""Embeds in a real Chromium, framed by a page of another site (a local HTTP server on http://localhost:<port>, while
the application answers on http://127.0.0.1:<port>): the map of Maine-et-Loire renders in the frame and counts its
lieux only, the site's own map refuses to be framed; lieu links, the resize script, the orientation, /integrer/.

Tiles cannot load offline: every request to another host is aborted, and the map draws its bubbles without them.
"""

import re

import pytest
from django.core.cache import cache

from lieux.models import Lieu
from tests.donnees_navigateur import NOM_PIEGE
from tests.embed_commun import attendre_carte, cadre_de

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
AIDE = "Aide aux démarches administratives"


@pytest.fixture
def navigateur(page, serveur, lieux_navigateur):
    """A page that reaches only the two local sites; JavaScript dialogs (an XSS) and console messages recorded."""
    cache.clear()
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1:\d+/|localhost:\d+/).*"), lambda route: route.abort())
    page.dialogues, page.console = [], []
    page.on("dialog", lambda d: (page.dialogues.append(d.message), d.dismiss()))
    page.on("console", lambda m: page.console.append(m.text))
    return page


def bulles(cadre):
    return cadre.evaluate("() => Array.from(document.querySelectorAll('.bulle')).map("
                          "b => [b.dataset.niveau, b.dataset.code || '', Number(b.dataset.n)])")


def test_a_page_of_another_site_frames_the_embed_of_maine_et_loire_but_not_the_map(
        navigateur, serveur, hote, django_db_blocker):
    with django_db_blocker.unblock():
        attendu = Lieu.objects.actifs().localises().filter(departement_id="49").count()
        ailleurs = Lieu.objects.actifs().localises().exclude(departement_id="49").count()
    assert attendu == 4 and ailleurs >= 3  # lieux_navigateur: Angers ×2, Saumur, Cholet; Rennes, Lyon, La Réunion
    hote.pages["/"] = f"""<!doctype html><html lang="fr"><meta charset="utf-8"><title>Site d'une collectivité</title>
<h1>Les lieux de médiation numérique du département</h1>
<iframe id="integration" src="{serveur}/embed/carte/?departement=49" title="Carte des lieux" loading="lazy"
        style="width:1100px;height:640px;border:0"></iframe>
<iframe id="site" src="{serveur}/carte/" title="La carte du site" style="width:1100px;height:300px"></iframe>"""
    navigateur.goto(hote.url + "/")
    cadre = cadre_de(navigateur, "#integration")
    attendre_carte(cadre)
    assert cadre.url.startswith(f"{serveur}/embed/p/")
    assert cadre.query_selector(".leaflet-container .leaflet-marker-pane .bulle") is not None  # the map rendered
    assert cadre.get_attribute("body", "data-carte-niveau") == "commune"
    groupes = bulles(cadre)
    assert sum(n for _, _, n in groupes) == attendu and all(code.startswith("49") for _, code, _ in groupes)
    assert cadre.get_attribute("body", "data-carte-total") == str(attendu)
    assert cadre.inner_text("#total-lieux") == str(attendu)
    assert "4 lieux — Maine-et-Loire" in cadre.inner_text("#titre-panneau")
    liste = cadre.inner_text("#liste-lieux")
    assert NOM_PIEGE in liste and "Rennes" not in liste and "Lyon" not in liste and "Saint-Denis" not in liste

    # zooming far out, searching elsewhere: still Maine-et-Loire only
    cadre.evaluate("() => window.carteMediation.carte.setZoom(5)")
    cadre.wait_for_function("() => window.carteMediation.carte.getZoom() === 5 && "
                            "document.body.dataset.cartePrete === '1'")
    attendre_carte(cadre)
    assert sum(n for _, _, n in bulles(cadre)) == attendu
    assert all(code.startswith(("49", "52")) for _, code, _ in bulles(cadre))
    cadre.fill("#recherche-q", "Rennes")
    # the answer came (the live region says so), and it holds nothing outside the territory
    cadre.wait_for_function("() => document.getElementById('recherche-statut').textContent === 'Aucune suggestion.'")
    assert cadre.query_selector_all("#recherche-suggestions li") == []
    cadre.fill("#recherche-q", "Saumur")
    cadre.wait_for_selector("#recherche-suggestions li")
    assert cadre.inner_text("#recherche-suggestions").startswith("Saumur")

    # the site's own map page is refused by the browser: the frame shows Chromium's error page, not the map
    site = cadre_de(navigateur, "#site")
    navigateur.wait_for_function("() => true")  # let the console message arrive
    assert site.url == "chrome-error://chromewebdata/" or site.query_selector("#carte") is None
    assert site.query_selector("#carte") is None
    assert any("Refused to display" in m and "X-Frame-Options" in m and "deny" in m for m in navigateur.console)
    assert navigateur.dialogues == []


def test_lieu_pages_open_inside_the_frame_or_in_a_new_tab(navigateur, serveur, hote, django_db_blocker):
    for chemin, options in (("/cadre", "vue=liste"), ("/onglet", "liens=onglet")):
        hote.pages[chemin] = f"""<!doctype html><html lang="fr"><meta charset="utf-8"><title>Carte</title>
<iframe id="carte" src="{serveur}/embed/carte/?departement=49&{options}" title="Carte" style="width:1100px;height:700px"></iframe>"""
    navigateur.goto(hote.url + "/cadre")
    cadre = cadre_de(navigateur, "#carte")
    attendre_carte(cadre)
    cadre.click("#liste-lieux a:text('EPN de Saumur')")
    cadre.wait_for_selector("#nom-lieu")
    assert cadre.inner_text("#nom-lieu") == "EPN de Saumur" and "/embed/p/" in cadre.url
    assert cadre.get_attribute("#fiche-complete", "target") == "_blank"
    cadre.click("#retour")
    attendre_carte(cadre)
    assert "/carte/" in cadre.url

    navigateur.goto(hote.url + "/onglet")
    onglet = cadre_de(navigateur, "#carte")
    attendre_carte(onglet)
    with navigateur.context.expect_page() as nouvelle:
        onglet.click("#liste-lieux a:text('EPN de Saumur')")
    fiche = nouvelle.value
    fiche.wait_for_load_state()
    assert re.fullmatch(rf"{serveur}/lieux/\d+/", fiche.url) and "EPN de Saumur" in fiche.inner_text("h1")
    fiche.close()
    # a lone lieu's popup on the map: its link opens a new tab too (embed.js)
    onglet.evaluate("() => window.carteMediation.carte.setView([47.26, -0.0769], 15)")
    onglet.wait_for_function("() => document.body.dataset.carteNiveau === 'grille' && "
                             "document.body.dataset.cartePrete === '1'")
    attendre_carte(onglet)
    with django_db_blocker.unblock():
        uid = Lieu.objects.get(nom="EPN de Saumur", source="test-navigateur").uid
    onglet.click(f".bulle--lieu[data-uid='{uid}']")
    onglet.wait_for_selector(".popup-lieu a")
    with navigateur.context.expect_page() as nouvelle:
        onglet.click(".popup-lieu a")
    assert nouvelle.value.url == f"{serveur}/lieux/{uid}/"
    nouvelle.value.close()


def test_a_narrow_frame_shows_the_map_first_and_the_list_on_demand(navigateur, serveur, hote):
    hote.pages["/etroit"] = f"""<!doctype html><html lang="fr"><meta charset="utf-8"><title>Téléphone</title>
<iframe id="carte" src="{serveur}/embed/carte/?departement=49" title="Carte" style="width:400px;height:640px;border:0"></iframe>"""
    navigateur.goto(hote.url + "/etroit")
    cadre = cadre_de(navigateur, "#carte")
    attendre_carte(cadre)
    assert cadre.is_visible("#carte") and not cadre.is_visible("#panneau")
    cadre.click("#bascule-vue")
    cadre.wait_for_selector("#liste-lieux", state="visible")
    attendre_carte(cadre)
    # the panel asked again once the map was hidden: wait for its title, not for a delay
    cadre.wait_for_function("() => document.getElementById('titre-panneau').textContent.includes('4 lieux — Maine-et-Loire')")
    assert not cadre.is_visible("#carte")
    assert cadre.query_selector("#erreurs-filtres") is None and cadre.get_attribute("body", "data-carte-erreur") is None
    cadre.click("#bascule-vue")
    attendre_carte(cadre)
    assert cadre.is_visible("#carte") and sum(n for _, _, n in bulles(cadre)) == 4


def test_orientation_embed_resizes_its_frame_and_refreshes_its_results(navigateur, serveur, hote):
    hote.pages["/orientation"] = f"""<!doctype html><html lang="fr"><meta charset="utf-8"><title>Orienter</title>
<iframe id="orientation" src="{serveur}/embed/orientation/?departement=49&couleur=%2318753c" title="Orientation"
        loading="lazy" style="display:block;width:100%;height:300px;border:0"></iframe>
<script src="{serveur}/static/embed/redimensionner.js" async></script>"""
    navigateur.goto(hote.url + "/orientation")
    cadre = cadre_de(navigateur, "#orientation")
    cadre.wait_for_selector("#compte-orientation")
    assert cadre.inner_text("#compte-orientation") == "4 lieux correspondent à votre recherche"
    navigateur.wait_for_function("() => document.getElementById('orientation').offsetHeight > 1000")
    hauteur = navigateur.evaluate("() => document.getElementById('orientation').offsetHeight")
    contenu = cadre.evaluate("() => document.documentElement.getBoundingClientRect().height")
    assert abs(hauteur - contenu) <= 2
    cadre.click(f"label:has-text('{AIDE}')")
    cadre.wait_for_function("() => document.getElementById('compte-orientation').dataset.compte === '2'")
    assert cadre.inner_text("#compte-direct") == "2 lieux correspondent à votre recherche"
    assert "services=" in cadre.url  # the state is kept in the frame's URL
    resultats = cadre.inner_text("#liste-resultats")
    assert "France Services Cholet" in resultats and "Médiathèque Toussaint" in resultats
    assert "Rennes" not in resultats and "EPN de Saumur" not in resultats
    style = cadre.get_attribute("html", "style")
    assert "--embed-primaire:#18753c" in style and "--embed-sur-primaire:#ffffff" in style


def test_generator_with_javascript_suggests_territories_previews_and_copies(navigateur, serveur):
    navigateur.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=serveur)
    navigateur.goto(f"{serveur}/integrer/")
    navigateur.fill("#q-territoire", "Maine-et")
    navigateur.wait_for_selector("#suggestions-territoires li")
    assert navigateur.inner_text("#suggestions-territoires li >> nth=0") == "Maine-et-Loire (département 49)"
    navigateur.press("#q-territoire", "ArrowDown")
    navigateur.press("#q-territoire", "Enter")
    navigateur.wait_for_function("() => document.getElementById('code-integration') && "
                                 "document.getElementById('code-integration').value.includes('departement=49')")
    assert navigateur.is_checked("#choisi-departement-49")
    navigateur.fill("#couleur", "#ffcc00")
    navigateur.wait_for_function("() => document.getElementById('code-integration').value.includes('couleur=%23ffcc00')")
    code = navigateur.input_value("#code-integration")
    assert re.fullmatch(rf'<iframe src="{serveur}/embed/carte/\?departement=49&amp;couleur=%23ffcc00" '
                        r'title="Carte des lieux de médiation numérique — Maine-et-Loire" loading="lazy" '
                        r'style="display:block;width:100%;max-width:100%;height:640px;border:0"></iframe>', code)
    apercu = cadre_de(navigateur, "#apercu")
    attendre_carte(apercu)
    assert apercu.inner_text("#total-lieux") == "4"
    assert "--embed-primaire:#ffcc00" in apercu.get_attribute("html", "style")
    navigateur.click("#copier-code")
    navigateur.wait_for_selector("#code-copie:has-text('Code copié')")
    assert navigateur.evaluate("() => navigator.clipboard.readText()") == code
    # the initial view, taken from the preview's map
    navigateur.wait_for_load_state("networkidle")
    apercu.evaluate("() => window.carteMediation.carte.setView([47.47, -0.55], 12)")
    navigateur.click("summary:has-text('Position de départ')")
    navigateur.click("#vue-apercu")
    navigateur.wait_for_function("() => document.getElementById('code-integration').value.includes("
                                 "'zoom=12&amp;centre=47.47000%2C-0.55000')")
    navigateur.wait_for_load_state("networkidle")
    apercu = cadre_de(navigateur, "#apercu")
    attendre_carte(apercu)
    assert apercu.evaluate("() => window.carteMediation.carte.getZoom()") == 12
    assert "departement=49" in navigateur.url  # the state of the form is in the page's URL


def test_generator_and_embed_work_without_javascript(browser, serveur, lieux_navigateur):
    contexte = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 1000})
    page = contexte.new_page()
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page.goto(f"{serveur}/integrer/")
    page.fill("#q-territoire", "Maine-et-Loire")
    page.click("#chercher-territoire")
    page.click("label[for='trouve-departement-49']")
    page.click("label[for='type-orientation']")
    page.click("#mettre-a-jour")
    code = page.input_value("#code-integration")
    assert f'src="{serveur}/embed/orientation/?departement=49"' in code
    apercu = cadre_de(page, "#apercu")
    apercu.wait_for_selector("#compte-orientation")
    assert apercu.inner_text("#compte-orientation") == "4 lieux correspondent à votre recherche"
    apercu.click(f"label:has-text('{AIDE}')")
    apercu.click("#afficher-lieux")
    apercu.wait_for_selector("#compte-orientation[data-compte='2']")
    page.goto(f"{serveur}/embed/carte/?departement=49")
    assert "4 lieux — Maine-et-Loire" in page.inner_text("#titre-panneau")
    page.click("#liste-territoires a:text('Saumur')")
    assert "1 lieu — Saumur" in page.inner_text("#titre-panneau") and "/embed/p/" in page.url
    contexte.close()
