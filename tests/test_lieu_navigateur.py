"""The lieu sheet in a real Chromium: what is on the first screen at 390×844 and 1366×900, the 32 fields folded,
printing on one A4 page without the live state, « Signaler une erreur » with its error summary focused, and the
« Retour aux résultats » link of the orientation. Every request that does not go to the test server is aborted.
"""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.gis.geos import Point

from lieux import standard
from lieux.models import Commune, Lieu

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")
SOURCE = "test-lieu-navigateur"
MOBILE = {"width": 390, "height": 844}
BUREAU = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def lieu_complet(serveur, django_db_blocker):
    """A well-filled lieu (every list of the standard set, long texts), committed for the live server."""
    with django_db_blocker.unblock():
        Lieu.objects.filter(source=SOURCE).delete()
        commune = Commune.objects.get(code="49007")
        lieu = Lieu.objects.create(
            id="nav-complet", nom="Médiathèque Toussaint — espace public numérique", commune="Angers",
            code_postal="49100", code_insee="49007", adresse="49 rue Toussaint", complement_adresse="Bâtiment B, 1er étage",
            localisation=Point(-0.5536, 47.4739, srid=4326), typologie=["BIB", "EPN"], telephone="+33241000000",
            courriels=["accueil@mediatheque.example.fr", "numerique@mediatheque.example.fr"],
            site_web=["https://www.mediatheque-toussaint.example.fr/numerique/ateliers-et-permanences",
                      "https://bibliotheques.angers.example.fr/"],
            horaires="Mo-Fr 09:00-12:30,13:30-18:00; Sa 10:00-17:00; PH off",
            presentation_resume="Aide aux démarches en ligne, ateliers d'initiation et accès libre aux ordinateurs, "
                                "avec des conseillers numériques, sur place ou à distance.",
            presentation_detail="Les conseillers numériques vous accompagnent pour vos démarches administratives en "
                                "ligne (impôts, CAF, santé), l'usage du smartphone et de l'ordinateur, la messagerie "
                                "et la sécurité en ligne. Des ateliers collectifs ont lieu chaque semaine. " * 2,
            source=SOURCE, itinerance=["Fixe"], structure_parente="Ville d'Angers", date_maj=dt.date.today(),
            services=list(standard.SERVICES), publics_specifiquement_adresses=list(standard.PUBLICS_SPECIFIQUEMENT_ADRESSES),
            prise_en_charge_specifique=list(standard.PRISE_EN_CHARGE_SPECIFIQUE), frais_a_charge=["Gratuit"],
            dispositif_programmes_nationaux=["Aidants Connect", "Conseillers numériques", "France Services"],
            formations_labels=["Campus connecté"] if "Campus connecté" in standard.FORMATIONS_LABELS else [],
            autres_formations_labels=["Label Numérique inclusif"], modalites_acces=["Se présenter", "Téléphoner",
                                                                                 "Prendre un RDV en ligne"],
            modalites_accompagnement=list(standard.MODALITES_ACCOMPAGNEMENT),
            fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/49-angers/a/bibliotheque/erp/mediatheque-toussaint/",
            prise_rdv="https://rdv.example.fr/mediatheque-toussaint/prendre-rendez-vous",
            commune_officielle=commune, departement_id=commune.departement_id, region_id=commune.region_id,
        )
        lieu.archive = Lieu.objects.create(
            id="nav-archive", nom="Ancien cyber-espace", commune="Angers", code_postal="49100", code_insee="49007",
            adresse="1 place du Ralliement", localisation=Point(-0.5540, 47.4710, srid=4326), source=SOURCE,
            date_maj=dt.date(2025, 1, 1), services=["Aide aux démarches administratives"], statut=Lieu.Statut.ARCHIVE,
            commune_officielle=commune, departement_id=commune.departement_id, region_id=commune.region_id)
    yield lieu
    with django_db_blocker.unblock():
        Lieu.objects.filter(source=SOURCE).delete()


@pytest.fixture
def fiche(page, serveur, lieu_complet):
    page.route(HORS_SERVEUR, lambda route: route.abort())

    def ouvrir(taille, suite=""):
        page.set_viewport_size(taille)
        page.goto(f"{serveur}/lieux/{lieu_complet.uid}/{suite}")
        return page

    return ouvrir


def _haut(page, selecteur) -> float:
    """Top of the element in the page (CSS pixels from the top of the document)."""
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().top + window.scrollY", selecteur)


@pytest.mark.parametrize("taille", [MOBILE, BUREAU], ids=["390x844", "1366x900"])
def test_essentials_are_on_the_first_screen_and_the_32_fields_folded(fiche, taille):
    page = fiche(taille)
    for selecteur in ("#adresse-lieu", "#lien-telephone", "#lien-itineraire", "#lien-signaler", "#etat-ouverture"):
        assert page.is_visible(selecteur), selecteur
        assert _haut(page, selecteur) < taille["height"], f"{selecteur} sous le premier écran"
    assert _haut(page, "#lien-rdv") < 1.5 * taille["height"]
    assert _haut(page, "#table-horaires") < 1.5 * taille["height"]
    assert not page.is_visible("#table-standard")  # folded…
    page.click("#toutes-informations summary")  # …one click away
    assert page.is_visible("#table-standard")
    assert page.locator("#table-standard tbody tr").count() == 32


def test_the_32_fields_unfold_without_javascript(navigateur_seul, serveur, lieu_complet):
    contexte = navigateur_seul.new_context(java_script_enabled=False, viewport=MOBILE)
    page = contexte.new_page()
    page.route(HORS_SERVEUR, lambda route: route.abort())
    page.goto(f"{serveur}/lieux/{lieu_complet.uid}/")
    assert not page.is_visible("#table-standard")
    page.click("#toutes-informations summary")
    assert page.is_visible("#table-standard")
    # « Signaler une erreur » at the top reloads the sheet with the form open, at the form
    assert not page.is_visible("#rubrique-1 + label")
    page.click("#lien-signaler")
    page.wait_for_url("**/?signaler=1#signaler")
    assert page.is_visible("#rubrique-1 + label")
    # an empty report: the summary at the top has the focus without JavaScript too (autofocus)
    page.click("#signaler button[type=submit]")
    page.wait_for_selector("#resume-erreurs")
    assert page.title().startswith("Erreur : ") and page.get_attribute("#resume-erreurs", "autofocus") is not None
    # autofocus is applied at the page's next rendering (in a browser of its own, this page is the focused one)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'resume-erreurs'")
    contexte.close()


def test_print_is_one_a4_page_without_the_live_state(fiche, lieu_complet):
    page = fiche(BUREAU)
    page.emulate_media(media="print")
    assert not page.is_visible("#etat-ouverture")  # « Fermé · ouvre demain » is wrong the next day
    assert page.is_visible("#table-horaires") and page.is_visible("#adresse-lieu")
    assert "aujourd'hui" not in page.inner_text("#table-horaires")
    assert f"/lieux/{lieu_complet.uid}/" in page.inner_text("#url-imprimee")  # where to find it up to date
    assert "Rendez-vous en ligne : https://rdv.example.fr/" in page.inner_text("#titre-contacts + address + ul")
    for cache in ("#mini-carte", "#table-standard", "#signaler", "#copier-lien", "#lien-itineraire"):
        assert not page.is_visible(cache), cache
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_empty_report_focuses_the_error_summary(fiche):
    page = fiche(MOBILE)
    page.click("#lien-signaler")  # the sheet reloads with the form (so that the sheet itself can be cached)
    page.wait_for_url("**signaler=1**")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'rubrique-1'")
    assert page.is_visible("#aide-rubriques") and "Cochez au moins une rubrique" in page.inner_text("#aide-rubriques")
    assert page.locator("#erreur-rubriques").count() == 0 and page.locator("#resume-erreurs").count() == 0
    page.click("#signaler button[type=submit]")
    page.wait_for_selector("#resume-erreurs")
    assert page.title().startswith("Erreur : ")
    # focus comes with the page's load (autofocus): waited for, not read at once (fails if it never comes)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'resume-erreurs'")
    assert _haut(page, "#resume-erreurs") < MOBILE["height"]
    assert page.evaluate("() => window.scrollY") < MOBILE["height"]  # the summary is on screen, not 4,000 px lower
    assert page.get_attribute("#rubrique-1", "aria-invalid") == "true"
    assert page.get_attribute("#rubrique-1", "aria-describedby") == "erreur-rubriques"
    assert "Cochez au moins une rubrique" in page.inner_text("#erreur-rubriques")
    page.click("#resume-erreurs a[href='#rubrique-1']")
    assert page.evaluate("() => document.querySelector('#rubrique-1').getBoundingClientRect().top") < 844


def test_report_sent_tells_what_happens_next(fiche):
    page = fiche(BUREAU)
    page.click("#lien-signaler")  # the sheet reloads with the form: checking before the reload lost the tick
    page.wait_for_url("**signaler=1**")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'rubrique-1'")
    page.check("#rubrique-1", force=True)
    page.fill("#id_courriel", "visiteur@example.org")
    page.click("#signaler button[type=submit]")
    page.wait_for_selector("[role=status].fr-alert")
    texte = page.inner_text("[role=status].fr-alert")
    assert "vérifie les informations avec le lieu" in texte and "Vous recevrez une réponse" in texte


def test_back_to_results_and_distance_from_the_orientation(fiche):
    retour = "/orientation/resultats/?services=Aide+aux+d%C3%A9marches&latitude=47.47&longitude=-0.55"
    page = fiche(MOBILE, "?retour=" + quote(retour, safe="") + "&de=47.4900,-0.5536")
    assert page.get_attribute("#retour-resultats", "href") == retour
    assert _haut(page, "#retour-resultats") < _haut(page, "#nom-lieu") < MOBILE["height"]  # first in the content
    assert "À 1,8 km" in page.inner_text("#distance-lieu")
    for selecteur in ("#adresse-lieu", "#lien-telephone", "#lien-itineraire"):  # still on the first screen
        assert _haut(page, selecteur) < MOBILE["height"], selecteur


@pytest.mark.parametrize("hostile", ["https://evil.example/", "//evil.example/", "javascript:alert(1)",
                                     "/\\evil.example"])
def test_a_hostile_back_link_is_never_shown(fiche, hostile):
    page = fiche(MOBILE, "?retour=" + quote(hostile, safe="") + "&de=999,abc")
    assert page.locator("#retour-resultats").count() == 0 and page.locator("#distance-lieu").count() == 0
    assert "evil" not in page.content() and "javascript:" not in page.content()


AXE = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


def _violations(page) -> list[str]:
    resultats = Axe().run(page, options=AXE).response["violations"]
    return [f"{v['id']} : {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in resultats]


def test_new_states_pass_the_accessibility_audit(fiche, serveur, lieu_complet):
    page = fiche(MOBILE, "?retour=%2Forientation%2Fresultats%2F&de=47.49,-0.55&signaler=1")
    page.click("#toutes-informations summary")
    assert _violations(page) == []
    page.click("#signaler button[type=submit]")
    page.wait_for_selector("#resume-erreurs")
    assert _violations(page) == []
    page.goto(f"{serveur}/lieux/{lieu_complet.archive.uid}/")
    assert "Ce lieu n'est plus référencé" in page.inner_text("h1")
    assert page.locator(f"#voisins a[href='/lieux/{lieu_complet.uid}/']").count() == 1
    assert _violations(page) == []
    page.goto(f"{serveur}/lieux/987654321/")
    assert page.inner_text("h1") == "Page introuvable"
    assert _violations(page) == []
