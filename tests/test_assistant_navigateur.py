"""The mapping wizard in a real Chromium, with JavaScript and without: Normandie's real export uploaded, the
suggestion read (evidence sentences), the address made of three columns confirmed after the focused error summary,
values, dry run, apply: the lieux are imported and the profile saved. What a person sees is French, with no template
syntax. Data is committed (the live server has its own connection) and removed."""

import pytest

from imports.models import Source
from lieux.models import Lieu
from tests.outils_import import DONNEES
from tests.outils_navigateur import attendre_focus

pytestmark = pytest.mark.browser
SOURCES = ("test-assistant-js", "test-assistant-sans-js")  # removed before and after (the `coordinatrice` fixture)
NORMANDIE = DONNEES / "acc-normandie__GEO_NUM_DAN_SRTN_espaces_publics_numeriques.csv"
FUITES = ("{{", "{%", "variable de gabarit manquante", "None", "True", "False", "Submit", "Choose file")


def _sans_fuite(page):
    texte = page.inner_text("body")
    for fuite in FUITES:
        assert fuite not in texte, fuite


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-javascript", "sans-javascript"])
def test_l_assistant_importe_un_vrai_fichier(navigateur_seul, serveur, coordinatrice, django_db_blocker, javascript):
    source = "test-assistant-js" if javascript else "test-assistant-sans-js"
    contexte = navigateur_seul.new_context(java_script_enabled=javascript)  # its own: it reads autofocus
    page = contexte.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(serveur) else route.abort())
    coordinatrice.connecter(page, "/admin/imports/source/assistant/")

    page.get_by_label("Fichier de lieux").set_input_files(NORMANDIE)
    page.get_by_label("Nom court d'une nouvelle source").fill(source)
    page.get_by_role("button", name="Lire le fichier").click()

    page.get_by_role("heading", name="Assistant de correspondance : les colonnes").wait_for()
    page.wait_for_load_state()  # the heading shows while the rest of a long page is still arriving (seen under load)
    assert page.get_by_text("100 % des valeurs sont des codes postaux").first.is_visible()
    assert page.get_by_text("Code postal — confiance 94 %").is_visible()
    assert page.get_by_label("NOM", exact=True).input_value() == "nom"
    _sans_fuite(page)
    assert page.get_by_label("N_VOIE_COM", exact=True).input_value() == "adresse"  # address parts joined
    for colonne in ("COMPLEMENT", "LIEU_DIT"):
        page.get_by_label(colonne, exact=True).select_option("complement_adresse")
    page.get_by_role("button", name="Continuer : les valeurs").click()

    resume = page.locator("#resume-erreurs")
    assert "« Complément d'adresse » reçoit maintenant 2 colonnes" in resume.inner_text()
    assert attendre_focus(page, "resume-erreurs") == "resume-erreurs"
    assert page.get_by_label("Complément d'adresse : combiner").input_value() == "jointure"
    page.get_by_role("button", name="Continuer : les valeurs").click()

    page.get_by_role("heading", name="Assistant de correspondance : les valeurs").wait_for()
    assert page.get_by_text("118 lignes").is_visible()
    _sans_fuite(page)
    page.get_by_role("button", name="Lancer l'essai à blanc").click()

    page.get_by_role("heading", name="Ce que l'import ferait").wait_for()
    assert "lieux à créer" in page.inner_text("#essai-compteurs")
    _sans_fuite(page)
    # applying a real file (matching, history, scores) may outlast Playwright's 30 s navigation wait on a loaded machine
    page.get_by_role("button", name="Appliquer l'import et enregistrer le profil").click(no_wait_after=True)
    page.get_by_text(f"Profil de correspondance enregistré pour la source « {source} »").wait_for(timeout=180_000)
    _sans_fuite(page)
    contexte.close()

    with django_db_blocker.unblock():
        enregistree = Source.objects.get(nom=source)
        assert enregistree.profil_de_correspondance().regle("adresse").colonnes == ("N_VOIE", "N_VOIE_COM", "TYPE_VOIE", "NOM_VOIE")
        assert Lieu.objects.filter(provenances__source=source).count() >= 110
