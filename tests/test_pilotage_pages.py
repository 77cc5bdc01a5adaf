"""The steering pages as a person sees them (server-rendered, without JavaScript), their exports, the printable
summary, the embed (frameable, locked to its territory) and one real Chromium drawing the choropleth."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from openpyxl import load_workbook

from lieux.models import Commune
from pilotage import calcul
from tests.factories import creer_lieu
from tests.outils_moderation import sans_gabarit, texte_visible

AIDE = "Aide aux démarches administratives"


@pytest.fixture
def lozere(geographie):
    cache.clear()
    mende = Commune.objects.get(code="48095")
    creer_lieu(code_insee="48095", commune="Mende", code_postal="48000", localisation=mende.point,
               services=[AIDE], source="hub <b>lozère</b>", horaires="Sa 09:00-12:00")
    calcul.calculer(departements=["48"])
    yield
    cache.clear()


def page(client, url):
    reponse = client.get(url)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    sans_gabarit(contenu)
    return contenu


@pytest.mark.django_db
def test_the_departement_page_shows_its_figures_in_french_without_javascript(client, lozere):
    contenu = page(client, "/pilotage/departement/48/")
    texte = texte_visible(contenu)
    assert "Pilotage territorial : Lozère (département 48)" in texte
    assert "1 lieu correspondant pour" in texte
    assert "Part de la population à plus de 10 km d'un lieu correspondant" in texte
    assert "Communes sans lieu correspondant à moins de 10 km" in texte
    assert "Comparer Lozère à son territoire parent et à ses voisins" in texte
    for voisin in ("Cantal", "Aveyron", "Gard", "Ardèche", "Haute-Loire", "Occitanie"):
        assert voisin in texte
    # the breadcrumb: France → région, and the EPCI of the département are listed
    assert re.search(r'fr-breadcrumb__link" href="/pilotage/">Pilotage : France', contenu)
    assert 'href="/pilotage/region/76/"' in contenu
    assert "Les EPCI du département" in texte
    # the data is in the HTML itself: no script needed to read a figure
    assert '<table id="table-chiffres">' in contenu and '<table id="table-communes">' in contenu


@pytest.mark.django_db
def test_every_chart_has_its_table_and_a_download(client, lozere):
    contenu = page(client, "/pilotage/departement/48/")
    graphiques = re.findall(r'<svg role="img"[^>]*id="graphique-([a-z-]+)"', contenu)
    assert set(graphiques) >= {"distances", "services", "ouvertures", "scores"}
    assert "Répartition du score de qualité des fiches" in texte_visible(contenu)
    for ident in graphiques:
        assert f'<table id="table-{ident}">' in contenu
        assert f'href="/pilotage/departement/48/{ident}.csv"' in contenu
    # the choropleth's figures are in the communes' table too
    assert 'id="carte-pilotage"' in contenu and 'data-geojson="/pilotage/departement/48/carte.geojson"' in contenu


@pytest.mark.django_db
def test_filters_of_the_form_change_the_figures(client, lozere):
    tous = texte_visible(page(client, "/pilotage/departement/48/"))
    loisirs = texte_visible(page(client, "/pilotage/departement/48/?services=Loisirs+et+cr%C3%A9ations+num%C3%A9riques"))
    assert "1 lieu correspondant" in tous and "0 lieu correspondant" in loisirs
    assert "Filtre : Loisirs et créations numériques. Distances précalculées" in loisirs
    combinaison = texte_visible(page(client, "/pilotage/departement/48/?services=" + AIDE + "&frais_a_charge=Payant"))
    assert "n'est pas précalculée : les distances sont calculées à la demande" in combinaison
    france = texte_visible(page(client, "/pilotage/?services=" + AIDE + "&frais_a_charge=Payant"))
    assert "que pour un département, un EPCI ou une commune" in france
    erreur = page(client, "/pilotage/departement/48/?services=Inconnu")
    assert "Certains filtres ont été ignorés" in texte_visible(erreur)


@pytest.mark.django_db
def test_national_page_and_unknown_territories(client, lozere):
    texte = texte_visible(page(client, "/pilotage/"))
    assert "Pilotage territorial : France" in texte and "Par région" in texte and "Occitanie" in texte
    assert client.get("/pilotage/departement/99/").status_code == 404
    assert client.get("/pilotage/commune/75101/").status_code == 404  # an arrondissement: its commune is Paris


@pytest.mark.django_db
def test_exports_csv_and_xlsx(client, lozere):
    reponse = client.get("/pilotage/departement/48/communes.csv")
    assert reponse["Content-Disposition"] == 'attachment; filename="pilotage-departement-48-communes.csv"'
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["Commune", "Code INSEE", "Population", "Lieux", "Distance au lieu le plus proche"]
    assert len(lignes) - 1 == Commune.objects.filter(departement_id="48", type="commune-actuelle").count()
    assert ["Mende", "48095"] == next(r for r in lignes if r[1] == "48095")[:2]
    assert next(r for r in lignes if r[1] == "48095")[4] == "0"
    chiffres = client.get("/pilotage/departement/48/chiffres.csv").content.decode("utf-8-sig")
    assert "Lieux correspondants;1" in chiffres
    classeur = load_workbook(io.BytesIO(client.get("/pilotage/departement/48/tableaux.xlsx").content))
    assert "Chiffres clés" in classeur.sheetnames and "Communes du territoire" in classeur.sheetnames
    assert classeur["Communes du territoire"].max_row - 1 == len(lignes) - 1
    assert client.get("/pilotage/departement/48/inconnu.csv").status_code == 404


@pytest.mark.django_db
def test_the_printable_summary(client, lozere):
    contenu = page(client, "/pilotage/departement/48/synthese/")
    assert "Médiation numérique : Lozère (département 48)" in texte_visible(contenu)
    assert "pilotage/pilotage.css" in contenu
    feuille = Path(finders.find("pilotage/pilotage.css")).read_text(encoding="utf-8")
    assert "@media print" in feuille and "@page" in feuille


@pytest.mark.django_db
def test_the_embed_is_frameable_and_locked_to_its_territory(client, lozere):
    entree = client.get("/embed/pilotage/?departement=48&services=" + AIDE)
    assert entree.status_code == 302 and entree["Location"].startswith("/embed/pilotage/departement/48/?services=")
    reponse = client.get(entree["Location"])
    assert reponse.status_code == 200
    assert "X-Frame-Options" not in reponse and reponse["Content-Security-Policy"] == "frame-ancestors *"
    contenu = reponse.content.decode()
    sans_gabarit(contenu)
    assert "Médiation numérique : Lozère (département 48)" in texte_visible(contenu)
    # locked: no link to another territory's page, no comparison, no breadcrumb
    autres = [u for u in re.findall(r'href="(/(?:embed/)?pilotage/[^"]*)"', contenu)
              if not u.startswith(("/pilotage/departement/48/", "/embed/pilotage/departement/48/"))]
    assert autres == []
    assert "Comparer" not in texte_visible(contenu) and "fr-breadcrumb" not in contenu
    assert client.get("/embed/pilotage/?departement=48&departement=12").status_code == 400
    assert client.get("/pilotage/departement/48/")["X-Frame-Options"] == "DENY"
    generateur = client.get("/integrer/?type=pilotage&departement=48").content.decode()
    assert "Le tableau de bord du territoire" in generateur and "/embed/pilotage/?departement=48" in generateur


@pytest.mark.django_db
def test_names_are_escaped(client, lozere):
    contenu = page(client, "/pilotage/commune/48095/")
    assert "hub &lt;b&gt;lozère&lt;/b&gt;" in contenu and "<b>lozère</b>" not in contenu


@pytest.mark.browser
def test_the_choropleth_draws_the_communes_and_the_page_reads_without_javascript(
        browser, serveur, django_db_blocker):
    """One real Chromium: with JavaScript the choropleth draws one shape per commune of Lozère; without it the same
    figures are in the tables."""
    with django_db_blocker.unblock():
        cache.clear()
        mende = Commune.objects.get(code="48095")
        lieu = creer_lieu(code_insee="48095", commune="Mende", code_postal="48000", localisation=mende.point,
                          services=[AIDE], source="test-navigateur-pilotage")
        calcul.calculer(departements=["48"])
        attendu = Commune.objects.filter(departement_id="48", type="commune-actuelle", geom__isnull=False).count()
    try:
        contexte = browser.new_context()
        onglet = contexte.new_page()
        onglet.route(re.compile(r"^https?://(?!127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
        messages = []
        onglet.on("console", lambda m: messages.append(m.text))
        onglet.goto(f"{serveur}/pilotage/departement/48/")
        onglet.wait_for_function(f"document.querySelectorAll('#carte-pilotage path.leaflet-interactive').length === {attendu}")
        assert onglet.get_attribute("#carte-pilotage", "aria-hidden") == "true"
        assert [m for m in messages if "Error" in m] == []  # the SVG charts' attributes are valid
        contexte.close()
        sans_js = browser.new_context(java_script_enabled=False)
        onglet = sans_js.new_page()
        onglet.goto(f"{serveur}/pilotage/departement/48/?services=" + AIDE)
        assert onglet.locator("#table-chiffres").is_visible()
        assert "1 lieu correspondant" in onglet.inner_text("#resume")
        assert onglet.locator("#carte-pilotage path").count() == 0
        onglet.click("label[for=f-frais_a_charge-2]")  # Payant: a combination computed live
        assert onglet.is_checked("#f-frais_a_charge-2")
        onglet.click("text=Appliquer les filtres")
        assert "frais_a_charge=Payant" in onglet.url
        assert "0 lieu correspondant" in onglet.inner_text("#resume")
        sans_js.close()
    finally:
        with django_db_blocker.unblock():
            lieu.delete()
            calcul.calculer(departements=["48"])
            cache.clear()
