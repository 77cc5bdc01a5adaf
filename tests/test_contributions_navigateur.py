"""« Déclarer un lieu » and « Proposer une mise à jour » in a real Chromium: without JavaScript (a person declares a
lieu filling the week grid; an error puts the focus on the summary), on a phone, and with the address suggestions
when JavaScript runs."""

import datetime as dt
import re

import pytest
from django.contrib.gis.geos import Point

from contributions.models import Contribution
from lieux.models import Commune, Lieu

pytestmark = [pytest.mark.browser]
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")
MOBILE = {"width": 390, "height": 844}
SOURCE = "test-contributions-navigateur"
NOM = "Atelier numérique des Justices (test navigateur)"
SYNTAXE = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}|variable de gabarit manquante")
ANGLAIS = re.compile(r"\b(the|and|this field|required|submit|please|enter a valid|choose|select|error|"
                     r"invalid|optional|name|address|hours|monday|closed)\b", re.IGNORECASE)


@pytest.fixture
def propre(serveur, django_db_blocker, settings):
    """No wait before sending (the time check is tested through the client); the contributions made by the live
    server and the lieu of this module removed before and after."""
    settings.CONTRIBUTIONS_DELAI_MIN = 0

    def nettoie():
        Contribution.objects.filter(lieu__source=SOURCE).delete()
        Contribution.objects.filter(valeurs__nom__startswith="Atelier numérique des Justices").delete()
        Lieu.objects.filter(source=SOURCE).delete()

    with django_db_blocker.unblock():
        nettoie()
    yield django_db_blocker
    with django_db_blocker.unblock():
        nettoie()


@pytest.fixture
def sans_js(navigateur_seul):
    contexte = navigateur_seul.new_context(java_script_enabled=False, viewport=MOBILE)
    page = contexte.new_page()
    page.route(HORS_SERVEUR, lambda route: route.abort())
    yield page
    contexte.close()


def _haut(page, selecteur) -> float:
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().top + window.scrollY", selecteur)


def _texte_visible(page) -> str:
    return page.evaluate("document.body.innerText")


def _verifie_texte(page):
    texte = _texte_visible(page)
    assert len(texte) > 100
    assert not SYNTAXE.search(texte), texte[:300]
    assert not ANGLAIS.search(texte), ANGLAIS.search(texte).group(0)


def test_a_person_declares_a_lieu_without_javascript_on_a_phone(sans_js, serveur, propre):
    page = sans_js
    page.goto(f"{serveur}/contribuer/")
    assert page.title().startswith("Déclarer un lieu")
    # on a 390×844 phone the first group of fields starts on the first screen
    assert _haut(page, "#groupe-ou") < MOBILE["height"]
    assert page.is_visible("#id_nom") and page.locator("#legende-ou").inner_text() == "Où"
    _verifie_texte(page)
    page.fill("#id_nom", NOM)
    page.fill("#id_adresse", "12 rue des Justices")
    page.fill("#id_code_postal", "49000")
    page.fill("#id_commune", "Angers")
    for jour in ("lundi", "mardi", "mercredi", "jeudi", "vendredi"):
        page.fill(f"#id_h_{jour}_1_de", "09:00")
        page.fill(f"#id_h_{jour}_1_a", "12:00")
        page.fill(f"#id_h_{jour}_2_de", "14:00")
        page.fill(f"#id_h_{jour}_2_a", "17:30")
    page.fill("#id_h_samedi_1_de", "10:00")
    page.fill("#id_h_samedi_1_a", "12:00")
    page.check("#id_feries_fermes", force=True)
    page.check("#id_services_0", force=True)
    page.check("#id_frais_a_charge_0", force=True)
    page.fill("#id_courriel_contributeur", "benevole@example.org")
    page.check("#id_role_contributeur_1", force=True)
    page.click("#envoyer-contribution")
    page.wait_for_url("**/contribuer/merci/")
    assert page.is_visible("#merci") and "Merci pour votre contribution" in page.inner_text("#merci")
    assert "Un coordinateur ou une coordinatrice" in page.inner_text("#suite-contribution")
    _verifie_texte(page)
    with propre.unblock():
        c = Contribution.objects.get(valeurs__nom=NOM)
    assert c.statut == Contribution.Statut.EN_ATTENTE and c.commune_officielle_id == "49007"
    assert c.valeurs["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off"
    assert c.valeurs["services"] == ["Aide aux démarches administratives"]
    assert c.courriel_contributeur == "benevole@example.org" and c.role_contributeur == "mediateur"


def test_an_error_puts_the_focus_on_the_summary_without_javascript(sans_js, serveur, propre):
    page = sans_js
    page.goto(f"{serveur}/contribuer/")
    page.fill("#id_adresse", "12 rue des Justices")
    page.fill("#id_h_lundi_1_de", "14:00")
    page.fill("#id_h_lundi_1_a", "12:00")
    page.click("#envoyer-contribution")
    page.wait_for_selector("#resume-erreurs")
    assert page.title().startswith("Erreur : ")
    # autofocus, applied at the page's rendering (this browser's only page): waited for, fails if it never comes
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'resume-erreurs'")
    assert _haut(page, "#resume-erreurs") < MOBILE["height"]
    resume = page.inner_text("#resume-erreurs")
    assert "Indiquez le nom du lieu." in resume and "Lundi : la fin (12:00) doit venir après le début (14:00)." in resume
    assert page.input_value("#id_adresse") == "12 rue des Justices"  # nothing typed is lost
    assert page.get_attribute("#id_nom", "aria-invalid") == "true"
    assert page.get_attribute("#id_nom", "aria-describedby") == "aide-nom erreur-nom"
    page.click("#resume-erreurs a[href='#id_nom']")
    assert page.evaluate("() => document.querySelector('#id_nom').getBoundingClientRect().top") < MOBILE["height"]
    _verifie_texte(page)
    with propre.unblock():
        assert not Contribution.objects.filter(valeurs__adresse="12 rue des Justices").exists()


@pytest.fixture
def lieu_a_jour(propre):
    with propre.unblock():
        commune = Commune.objects.get(code="49007")
        lieu = Lieu.objects.create(
            id="nav-contribution", nom="Médiathèque des Justices", commune="Angers", code_postal="49000",
            code_insee="49007", adresse="4 place des Justices", localisation=Point(-0.5421, 47.4562, srid=4326),
            horaires="Mo-Fr 09:00-12:00; PH off", telephone="+33241000000", services=["Aide aux démarches administratives"],
            source=SOURCE, date_maj=dt.date.today(), commune_officielle=commune,
            departement_id=commune.departement_id, region_id=commune.region_id)
    return lieu


def test_an_update_from_the_lieu_page_without_javascript(sans_js, serveur, lieu_a_jour, propre):
    page = sans_js
    page.goto(f"{serveur}/lieux/{lieu_a_jour.uid}/")
    page.click("#lien-modifier")
    page.wait_for_url(f"**/lieux/{lieu_a_jour.uid}/modifier/")
    assert page.input_value("#id_nom") == "Médiathèque des Justices"
    assert page.input_value("#id_h_mercredi_1_a") == "12:00" and page.is_checked("#id_feries_fermes")
    _verifie_texte(page)
    page.fill("#id_h_samedi_1_de", "09:30")
    page.fill("#id_h_samedi_1_a", "12:30")
    page.click("#envoyer-contribution")
    page.wait_for_url("**/contribuer/merci/")
    assert "Votre proposition de mise à jour de « Médiathèque des Justices »" in page.inner_text("#merci")
    with propre.unblock():
        c = Contribution.objects.get(lieu=lieu_a_jour)
    assert c.valeurs == {"horaires": "Mo-Fr 09:00-12:00; Sa 09:30-12:30; PH off"}


def test_the_commune_suggestions_fill_the_postcode_with_javascript(page, serveur, propre):
    page.route(HORS_SERVEUR, lambda route: route.abort())
    page.set_viewport_size(MOBILE)
    page.goto(f"{serveur}/contribuer/")
    assert page.get_attribute("#id_commune", "role") == "combobox"
    page.fill("#id_commune", "Montreuil-Bell")
    page.wait_for_selector("#suggestions-commune li")
    premiere = page.locator("#suggestions-commune li").first
    assert "Montreuil-Bellay" in premiere.inner_text()
    page.press("#id_commune", "ArrowDown")
    page.press("#id_commune", "Enter")
    assert page.input_value("#id_commune") == "Montreuil-Bellay"
    assert page.input_value("#id_code_postal") == "49260"
    assert page.input_value("#id_code_insee") == "49215"


AXE = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
TITRES = """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(h => h.offsetParent !== null)
  .map(h => parseInt(h.tagName[1]))"""


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    resultats = Axe().run(page, options=AXE).response["violations"]
    return [f"{v['id']} : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in resultats]


def test_every_state_passes_the_accessibility_audit(page, serveur, lieu_a_jour, propre):
    page.route(HORS_SERVEUR, lambda route: route.abort())
    page.set_viewport_size(MOBILE)
    page.goto(f"{serveur}/contribuer/")
    assert page.evaluate(TITRES) == [1] and _violations(page) == []
    page.click("#envoyer-contribution")  # empty: the error summary
    page.wait_for_selector("#resume-erreurs")
    assert _violations(page) == []
    # the same place as an existing lieu: « Ce lieu existe peut-être déjà »
    page.fill("#id_nom", "Mediatheque des Justices")
    page.fill("#id_adresse", "4 place des Justices")
    page.fill("#id_code_postal", "49000")
    page.fill("#id_commune", "Angers")
    page.click("#envoyer-contribution")
    page.wait_for_selector("#doublons")
    assert "Médiathèque des Justices" in page.inner_text("#doublons")
    assert page.get_attribute("#doublons a.fr-btn", "href") == f"/lieux/{lieu_a_jour.uid}/modifier/"
    assert _violations(page) == []
    page.click("#doublons a.fr-btn")  # « C'est le mien »: the lieu's update form
    page.wait_for_url(f"**/lieux/{lieu_a_jour.uid}/modifier/")
    assert page.input_value("#id_adresse") == "4 place des Justices" and _violations(page) == []
    with propre.unblock():
        assert not Contribution.objects.filter(valeurs__nom="Mediatheque des Justices").exists()


def test_an_address_suggestion_fills_the_place_with_javascript(page, serveur, propre):
    """The BAN answers through the site's /api/v1/recherche/adresses/ (stood in for here: no internet in tests)."""
    import json

    adresse = {"type": "adresse", "libelle": "12 Rue des Justices 49000 Angers", "lat": 47.456789, "lon": -0.541234,
               "code_insee": "49007", "code_postal": "49000", "nature": "housenumber"}
    page.route("**/api/v1/recherche/adresses/**", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps({"resultats": [adresse]})))
    page.route(HORS_SERVEUR, lambda route: route.abort())
    page.goto(f"{serveur}/contribuer/")
    assert page.get_attribute("#id_adresse", "aria-controls") == "suggestions-adresse"
    page.fill("#id_adresse", "12 rue des Just")
    page.wait_for_selector("#suggestions-adresse li")
    page.click("#suggestions-adresse li >> nth=0")
    assert page.input_value("#id_adresse") == "12 Rue des Justices"
    assert (page.input_value("#id_code_postal"), page.input_value("#id_commune")) == ("49000", "Angers")
    assert (page.input_value("#id_latitude"), page.input_value("#id_longitude")) == ("47.456789", "-0.541234")
    assert page.input_value("#id_code_insee") == "49007"
    page.fill("#id_adresse", "14 rue des Justices")  # another address typed: the chosen point is forgotten
    assert page.input_value("#id_latitude") == "" and page.input_value("#id_code_insee") == ""
