"""The map page (/carte/, and its body in /embed/carte/) walked in a real Chromium as the audits did: what the first
screen shows on a desktop and a phone, markers that say something, « Me localiser », the territory kept when the map
is hidden (640 px wide), focus, the status message, the title, French controls, contrast, no template syntax.

Tiles cannot load offline: every request that does not go to the test server is aborted.
"""

import re

import pytest
from django.core.cache import cache

from lieux.models import Lieu
from tests.donnees_navigateur import SOURCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
AIDE = "Aide aux démarches administratives"
BEAUCOUP_DE_FILTRES = (f"services={AIDE}&services=Loisirs+et+créations+numériques&publics_specifiquement_adresses="
                       "Jeunes&frais_a_charge=Gratuit&prise_en_charge_specifique=Surdité&modalites_acces="
                       "Se+présenter&ouvert_actuellement=true&departement=49")
ENTREE_DU_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")


@pytest.fixture(scope="module")
def lieux_decrits(lieux_navigateur, django_db_blocker):
    """Cholet is a France Services taking appointments online, Saumur a Conseiller numérique with no hours."""
    with django_db_blocker.unblock():
        cholet = Lieu.objects.get(nom="France Services Cholet", source=SOURCE)
        cholet.dispositif_programmes_nationaux = ["France Services"]
        cholet.prise_rdv = "https://rdv.example.fr/cholet"
        cholet.save()
        saumur = Lieu.objects.get(nom="EPN de Saumur", source=SOURCE)
        saumur.dispositif_programmes_nationaux = ["Conseillers numériques"]
        saumur.horaires = ""
        saumur.save()
    yield {"cholet": cholet.uid, "saumur": saumur.uid}
    with django_db_blocker.unblock():
        Lieu.objects.filter(uid=cholet.uid).update(dispositif_programmes_nationaux=[], prise_rdv="")
        Lieu.objects.filter(uid=saumur.uid).update(dispositif_programmes_nationaux=[], horaires="Mo-Fr 09:00-17:00")


def _page(page, largeur, hauteur):
    cache.clear()
    page.set_viewport_size({"width": largeur, "height": hauteur})
    page.route(ENTREE_DU_SERVEUR, lambda route: route.abort())
    page.dialogues = []
    page.on("dialog", lambda d: (page.dialogues.append(d.message), d.dismiss()))
    return page


@pytest.fixture
def bureau(page, serveur, lieux_decrits):
    return _page(page, 1366, 900)


@pytest.fixture
def etroit(page, serveur, lieux_decrits):
    return _page(page, 640, 800)


def attendre(page, niveau=None):
    if niveau:
        page.wait_for_function("n => document.body.dataset.carteNiveau === n && document.body.dataset.cartePrete === '1'",
                               arg=niveau)
    page.wait_for_function("() => document.getElementById('panneau').getAttribute('aria-busy') === 'false'")


def attendre_titre(page, texte):
    page.wait_for_function("t => document.getElementById('titre-panneau').textContent.replace(/\\s+/g, ' ').includes(t)",
                           arg=texte)
    attendre(page)


def focus(page):
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


# ------------------------------------------------------------------------------------------------- 1. first screen


@pytest.mark.parametrize("requete", ["", BEAUCOUP_DE_FILTRES])
def test_desktop_map_starts_near_the_top_and_filters_stay_collapsed(bureau, serveur, requete):
    bureau.goto(f"{serveur}/carte/?{requete}")
    attendre(bureau)
    boite = bureau.locator("#carte").bounding_box()
    assert boite["y"] < 200 and boite["height"] > 500 and boite["x"] + boite["width"] <= 1366
    assert bureau.get_attribute("#details-filtres", "open") is None
    assert bureau.is_hidden("#form-filtres fieldset")
    resume = bureau.inner_text("#resume-filtres")
    if requete:
        assert bureau.inner_text("#details-filtres summary") == "Modifier les filtres"
        assert resume.startswith(f"Filtres : {AIDE}, ") and re.search(r"et \d autres$", resume)
        assert bureau.locator("#resume-filtres").bounding_box()["y"] < 900
        bureau.click("#details-filtres summary")
        assert bureau.is_visible("#form-filtres fieldset") and bureau.is_checked(f"input[type=checkbox][value='{AIDE}']")
    else:
        assert bureau.inner_text("#details-filtres summary") == "Filtrer les lieux"
        assert resume == "Aucun filtre : tous les lieux sont affichés."


@pytest.mark.parametrize("requete", ["", BEAUCOUP_DE_FILTRES])
def test_phone_header_collapses_and_the_map_is_one_tap_away_on_the_first_screen(page, serveur, lieux_decrits, requete):
    telephone = _page(page, 390, 844)
    telephone.goto(f"{serveur}/carte/?{requete}")
    attendre(telephone)
    assert telephone.is_hidden(".fr-header__menu .fr-nav") and telephone.is_visible("#bouton-menu-principal")
    bascule = telephone.locator("#bascule-vue")
    assert bascule.is_visible() and bascule.inner_text() == "Afficher la carte"
    assert bascule.bounding_box()["y"] + bascule.bounding_box()["height"] < 844
    bascule.click()
    carte = telephone.locator("#carte")
    carte.wait_for(state="visible")
    assert carte.bounding_box()["y"] < 844 - 200 and bascule.inner_text() == "Afficher la liste"
    telephone.click("#bouton-menu-principal")
    telephone.wait_for_selector(".fr-header__menu .fr-nav__link:has-text('Orienter une personne')", state="visible")


def test_phone_header_without_javascript_shows_its_links(browser, serveur, lieux_decrits):
    contexte = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = contexte.new_page()
    page.route(ENTREE_DU_SERVEUR, lambda route: route.abort())
    page.goto(f"{serveur}/carte/")
    assert page.is_visible(".fr-header__menu .fr-nav__link:has-text('Orienter une personne')")
    assert page.is_hidden("#bouton-menu-principal")
    contexte.close()


def test_filters_without_javascript_open_summarise_and_apply(browser, serveur, lieux_decrits):
    contexte = browser.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.route(ENTREE_DU_SERVEUR, lambda route: route.abort())
    page.goto(f"{serveur}/carte/?services={AIDE}")
    assert page.inner_text("#resume-filtres") == f"Filtre : {AIDE}" and page.is_hidden("#form-filtres fieldset")
    page.click("#details-filtres summary:has-text('Modifier les filtres')")
    page.click("#form-filtres label:has-text('Loisirs et créations numériques')")
    page.click("#appliquer-filtres")
    assert "Loisirs" in page.url and page.inner_text("#resume-filtres").startswith("Filtres : ")
    contexte.close()


# ------------------------------------------------------------------------------------------------- 2. markers


def test_markers_say_open_or_closed_france_services_conseiller_and_online_booking(bureau, serveur, lieux_decrits):
    bureau.goto(f"{serveur}/carte/?commune=49099&centre=47.06,-0.8794&zoom=16")
    attendre(bureau, "grille")
    cholet = bureau.locator(f".bulle--lieu[data-uid='{lieux_decrits['cholet']}']")
    assert cholet.get_attribute("data-etat") in ("ouvert", "ferme")
    assert cholet.locator(".bulle__lettre").inner_text() == "F" and cholet.locator(".bulle__rdv").inner_text() == "R"
    assert cholet.locator(".bulle__etat").inner_text() in ("✓", "✕")
    titre = bureau.get_attribute(f".leaflet-marker-icon:has([data-uid='{lieux_decrits['cholet']}'])", "title")
    assert titre.startswith("France Services Cholet — ") and "France Services" in titre and "Rendez-vous en ligne" in titre
    legende = bureau.locator("#carte-legende")
    legende.locator("summary").click()
    for texte in ("Ouvert maintenant", "Fermé maintenant", "Horaires inconnus", "F : France Services",
                  "C : Conseiller numérique", "R : rendez-vous en ligne"):
        assert texte in legende.inner_text()
    cholet.click()
    popup = bureau.locator(".leaflet-popup")
    assert popup.locator(".popup-lieu__types").inner_text() == "France Services · Rendez-vous en ligne"
    assert re.match(r"^[✓✕] (Ouvert|Fermé) maintenant", popup.locator(".popup-lieu__etat").inner_text())
    bureau.goto(f"{serveur}/carte/?commune=49328&centre=47.26,-0.0769&zoom=16")
    attendre(bureau, "grille")
    saumur = bureau.locator(f".bulle--lieu[data-uid='{lieux_decrits['saumur']}']")
    assert saumur.get_attribute("data-etat") == "inconnu" and saumur.locator(".bulle__lettre").inner_text() == "C"
    assert saumur.locator(".bulle__etat").inner_text() == "?" and saumur.locator(".bulle__rdv").count() == 0


def test_a_popup_near_the_edge_is_shown_whole(bureau, serveur, lieux_decrits):
    # Cholet's marker a few pixels under the map's top edge: its popup would open above, outside the map
    bureau.goto(f"{serveur}/carte/?commune=49099&centre=47.0563,-0.8794&zoom=16")
    attendre(bureau, "grille")
    bureau.click(f".bulle--lieu[data-uid='{lieux_decrits['cholet']}']")
    bureau.wait_for_selector(".leaflet-popup")
    bureau.wait_for_timeout(800)  # the pan, then the bubbles of the new view: the open popup is kept, not redrawn
    attendre(bureau, "grille")
    assert bureau.locator(".leaflet-popup").count() == 1
    carte = bureau.locator("#carte").bounding_box()
    popup = bureau.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert popup["y"] >= carte["y"] and popup["x"] >= carte["x"]
    assert popup["x"] + popup["width"] <= carte["x"] + carte["width"]
    assert popup["y"] + popup["height"] <= carte["y"] + carte["height"]
    assert bureau.get_attribute(".leaflet-popup-close-button", "aria-label") == "Fermer"


def test_the_list_order_is_said_honestly_and_distances_come_from_the_person(browser, serveur, lieux_decrits):
    contexte = browser.new_context(geolocation={"latitude": 47.07, "longitude": -0.88}, permissions=["geolocation"],
                                   viewport={"width": 1366, "height": 900})
    page = contexte.new_page()
    page.route(ENTREE_DU_SERVEUR, lambda route: route.abort())
    cache.clear()
    page.goto(f"{serveur}/carte/")
    attendre(page, "region")
    assert "classés du centre de la France vers ses bords" in page.inner_text("#titre-liste")
    assert page.locator(".carte-lieu__distance").count() == 0
    bouton = page.locator("#me-localiser")
    assert bouton.inner_text() == "Me localiser" and bouton.evaluate("b => b.tagName") == "BUTTON"
    bouton.click()
    page.wait_for_function("() => document.getElementById('titre-liste').textContent.includes('de votre position')")
    attendre(page)
    assert "Lieux les plus proches de votre position, distances à vol d'oiseau" in " ".join(
        page.inner_text("#titre-liste").split())
    premier = page.locator("#liste-lieux .carte-lieu").first
    assert "France Services Cholet" in premier.inner_text() and "à 1,1 km" in premier.inner_text()
    assert "latitude=47.07" in page.url and page.title().startswith("Autour de votre position — ")
    assert page.inner_text("#carte-statut") == "7 lieux en France, les plus proches de votre position"
    contexte.close()


def test_a_refused_location_says_so_in_french(browser, serveur, lieux_decrits):
    contexte = browser.new_context(viewport={"width": 1366, "height": 900})
    contexte.clear_permissions()
    page = contexte.new_page()
    page.route(ENTREE_DU_SERVEUR, lambda route: route.abort())
    page.goto(f"{serveur}/carte/")
    attendre(page, "region")
    page.click("#me-localiser")
    page.wait_for_function("() => document.getElementById('localisation-message').textContent.includes('autorisé')")
    message = page.inner_text("#localisation-message")
    assert message.startswith("Vous n'avez pas autorisé la localisation.")
    assert page.inner_text("#carte-statut") == message
    assert page.get_attribute("#me-localiser", "aria-describedby") == "localisation-message"
    contexte.close()


# ------------------------------------------------------------------------------------------------- 3. 640 px wide


def test_a_narrow_window_keeps_the_territory_and_drills_down_without_the_map(etroit, serveur):
    etroit.goto(f"{serveur}/carte/?departement=49")
    attendre(etroit)
    etroit.wait_for_timeout(600)
    assert etroit.is_hidden("#carte")
    assert "4 lieux — Maine-et-Loire" in etroit.inner_text("#titre-panneau")
    assert "departement=49" in etroit.url and "zoom=" not in etroit.url and "region=" not in etroit.url
    etroit.goto(f"{serveur}/carte/")
    attendre(etroit)
    etroit.click("#liste-territoires a:has-text('Pays de la Loire')")
    attendre_titre(etroit, "lieux — Pays de la Loire")
    etroit.wait_for_timeout(600)  # nothing leaves the territory afterwards
    assert "Pays de la Loire" in etroit.inner_text("#titre-panneau") and "region=52" in etroit.url
    etroit.click("#liste-territoires a:has-text('Maine-et-Loire')")
    attendre_titre(etroit, "4 lieux — Maine-et-Loire")
    etroit.fill("#recherche-q", "Cholet")
    etroit.wait_for_selector("#recherche-suggestions li:has-text('Cholet')")
    etroit.keyboard.press("ArrowDown")
    etroit.keyboard.press("Enter")
    attendre_titre(etroit, "1 lieu — Cholet")
    etroit.wait_for_timeout(600)
    assert "1 lieu — Cholet" in etroit.inner_text("#titre-panneau") and "commune=49099" in etroit.url
    etroit.click("#bascule-vue")  # the map, shown at last, frames the territory kept meanwhile
    attendre(etroit, "grille")
    assert "commune=49099" in etroit.url and "1 lieu — Cholet" in etroit.inner_text("#titre-panneau")
    assert etroit.locator(".leaflet-marker-pane .bulle--lieu").count() == 1


# ------------------------------------------------------------------------------------------ 4-6. focus, status, title


def test_links_in_the_panel_leave_the_focus_on_its_heading_announce_briefly_and_name_the_page(bureau, serveur):
    bureau.goto(f"{serveur}/carte/")
    attendre(bureau, "region")
    assert bureau.get_attribute("#panneau", "aria-live") is None
    assert bureau.evaluate("() => !document.getElementById('panneau').closest('[aria-live], [role=status], [role=log]')")
    assert bureau.title().startswith("Carte des lieux de médiation numérique — ")
    bureau.click("#liste-territoires a:has-text('Pays de la Loire')")
    attendre_titre(bureau, "4 lieux — Pays de la Loire")
    assert focus(bureau) == "titre-panneau"
    assert bureau.inner_text("#carte-statut") == "4 lieux — Pays de la Loire"
    assert bureau.title().startswith("Pays de la Loire — Carte des lieux de médiation numérique — ")
    bureau.click("#liste-territoires a:has-text('Maine-et-Loire')")
    attendre_titre(bureau, "4 lieux — Maine-et-Loire")
    assert focus(bureau) == "titre-panneau"
    assert bureau.title().startswith("Maine-et-Loire — Carte des lieux de médiation numérique")
    bureau.click(".fr-breadcrumb a:has-text('Pays de la Loire')")
    attendre_titre(bureau, "lieux — Pays de la Loire")
    assert focus(bureau) == "titre-panneau" and bureau.title().startswith("Pays de la Loire — ")
    bureau.click(".fr-breadcrumb a:has-text('France')")
    attendre_titre(bureau, "lieux en France")
    assert focus(bureau) == "titre-panneau"
    assert bureau.title().startswith("Carte des lieux de médiation numérique — ")
    bureau.go_back()
    attendre_titre(bureau, "lieux — Pays de la Loire")
    assert bureau.title().startswith("Pays de la Loire — ")


def test_removing_a_filter_keeps_the_focus_and_the_status_names_the_filter(bureau, serveur):
    bureau.goto(f"{serveur}/carte/?departement=49")
    attendre(bureau)
    bureau.click("#details-filtres summary")
    bureau.click(f"#form-filtres label:has-text('{AIDE}')")
    attendre_titre(bureau, "2 lieux — Maine-et-Loire")
    bureau.wait_for_function("() => document.getElementById('carte-statut').textContent.includes('filtre')")
    statut = bureau.inner_text("#carte-statut")
    assert statut == f"2 lieux — Maine-et-Loire, filtre : {AIDE}" and len(statut) < 150
    assert bureau.inner_text("#resume-filtres") == f"Filtre : {AIDE}"
    bureau.click(f"#puces-filtres a:has-text('{AIDE}')")
    attendre_titre(bureau, "4 lieux — Maine-et-Loire")
    assert focus(bureau) == "titre-panneau"
    assert bureau.inner_text("#carte-statut") == "4 lieux — Maine-et-Loire"
    # « Tout réinitialiser » (static/js/carte-etat.js): the filter and the URL emptied, the territory kept
    bureau.click(f"#form-filtres label:has-text('{AIDE}')")
    attendre_titre(bureau, "2 lieux — Maine-et-Loire")
    bureau.click("#reinitialiser-filtres")
    attendre_titre(bureau, "4 lieux — Maine-et-Loire")
    assert "services" not in bureau.url and "departement=49" in bureau.url
    assert not bureau.is_checked(f"#form-filtres input[type=checkbox][value='{AIDE}']")
    assert bureau.inner_text("#resume-filtres") == "Aucun filtre : tous les lieux sont affichés."


def test_the_embedded_map_keeps_the_focus_and_names_its_title(bureau, serveur):
    bureau.goto(f"{serveur}/embed/carte/?departement=49")
    attendre(bureau)
    base = bureau.title()
    assert base.count("Maine-et-Loire") == 1  # the embed's own title names its territory already
    bureau.click("#liste-territoires a:has-text('Angers')")
    attendre_titre(bureau, "2 lieux — Angers")
    assert focus(bureau) == "titre-panneau" and bureau.title() == "Angers — " + base
    assert bureau.inner_text("#carte-statut") == "2 lieux — Angers"
    bureau.click(".fr-breadcrumb a:has-text('Maine-et-Loire')")
    attendre_titre(bureau, "4 lieux — Maine-et-Loire")
    assert focus(bureau) == "titre-panneau"


# ------------------------------------------------------------------------------------------------- 7-9


ANGLAIS = re.compile(r"\b(Zoom in|Zoom out|Close popup|A JavaScript library|interactive maps|contributors)\b", re.I)


@pytest.mark.parametrize("chemin", ["/carte/?commune=49007&centre=47.472,-0.557&zoom=16",
                                    "/embed/carte/?commune=49007&centre=47.472,-0.557&zoom=16"])
def test_controls_speak_french_and_leaflet_is_marked_english(bureau, serveur, chemin):
    bureau.goto(serveur + chemin)
    attendre(bureau, "grille")
    bureau.click(".bulle--lieu >> nth=0")
    bureau.wait_for_selector(".leaflet-popup")
    libelles = bureau.evaluate("""() => Array.from(document.querySelectorAll('[aria-label], [title]'))
        .map(e => (e.getAttribute('aria-label') || '') + ' | ' + (e.getAttribute('title') || ''))""")
    assert libelles and not [t for t in libelles if ANGLAIS.search(t)]
    assert bureau.get_attribute(".leaflet-control-zoom-in", "title") == "Zoomer"
    assert bureau.get_attribute(".leaflet-control-zoom-out", "aria-label") == "Dézoomer"
    leaflet = bureau.locator(".leaflet-control-attribution a:has-text('Leaflet')")
    assert leaflet.get_attribute("lang") == "en"
    assert not ANGLAIS.search(bureau.inner_text(".leaflet-control-attribution"))


def _contrastes(page):
    return page.evaluate("""() => {
        const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
            .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const fond = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
            if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
        return Array.from(document.querySelectorAll('.bulle span, .carte-legende__marqueur span'))
            .filter(s => s.textContent.trim()).map(s => {
            const a = lum(getComputedStyle(s).color), b = lum(fond(s));
            return [s.className, s.textContent, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]; });
    }""")


def test_bubble_and_marker_text_contrast_is_at_least_4_5(bureau, serveur):
    bureau.goto(f"{serveur}/carte/?commune=49007&centre=47.472,-0.557&zoom=9")
    attendre(bureau, "grille")
    bureau.click("#carte-legende summary")
    bureau.wait_for_selector(".leaflet-marker-pane .bulle--grille .bulle__texte")
    mesures = _contrastes(bureau)
    assert any(c.startswith("bulle__texte") for c, _, _ in mesures)
    assert any(c.startswith("bulle__lettre") for c, _, _ in mesures)  # the legend's markers at least
    faibles = [m for m in mesures if m[2] < 4.5]
    assert not faibles
    bureau.goto(f"{serveur}/carte/")
    attendre(bureau, "region")
    assert not [m for m in _contrastes(bureau) if m[2] < 4.5]


@pytest.mark.parametrize("chemin", ["/carte/", "/carte/?departement=49&services=" + AIDE, "/embed/carte/",
                                    "/embed/carte/?departement=49"])
def test_no_template_syntax_is_visible(bureau, serveur, chemin):
    bureau.goto(serveur + chemin)
    attendre(bureau)
    bureau.click("#details-filtres summary")
    texte = bureau.evaluate("() => document.body.innerText")
    assert "lieux" in texte
    assert not [m for m in ("{#", "{%", "{{", "#}", "%}", "}}") if m in texte]
