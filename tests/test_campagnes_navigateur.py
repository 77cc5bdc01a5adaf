"""A lieu's manager follows the campaign link in a real Chromium without JavaScript: the page shows the lieu's
published data and the three answers; « Rien n'a changé » thanks them and dates the lieu today; the same button
posted again (back button) says the answer was already recorded; the unsubscribe page works by a click. Data is
committed for the live server (its own connection) and removed."""

import datetime as dt

import pytest
from django.utils import timezone

from campagnes import jetons
from campagnes.models import Campagne, Desinscription, Envoi, empreinte_courriel
from tests.factories import creer_lieu

pytestmark = pytest.mark.browser
SOURCE = "test-campagne-navigateur"
COURRIEL = "gerant@campagne-navigateur.example"
FUITES = ("{{", "{%", "None", "True", "False")


@pytest.fixture
def envoi(serveur, django_db_blocker):
    def nettoie():
        Campagne.objects.filter(nom="Campagne navigateur").delete()
        Desinscription.objects.filter(empreinte=empreinte_courriel(COURRIEL)).delete()
        from lieux.models import Lieu

        Lieu.objects.filter(source=SOURCE).delete()

    with django_db_blocker.unblock():
        nettoie()
        lieu = creer_lieu(nom="Maison France Services de Trélazé", source=SOURCE, courriels=[COURRIEL],
                          date_maj=dt.date(2024, 5, 2), horaires="Mo-Fr 09:00-12:00")
        campagne = Campagne.objects.create(nom="Campagne navigateur", territoire="Maine-et-Loire (49)")
        envoi = Envoi.objects.create(campagne=campagne, lieu=lieu, courriel=COURRIEL, nonce="nonce-navigateur",
                                     envoye_le=timezone.now())
    yield envoi
    with django_db_blocker.unblock():
        nettoie()


def _sans_fuite(page):
    texte = page.inner_text("body")
    for fuite in FUITES:
        assert fuite not in texte, fuite


def _page(contexte, serveur):
    page = contexte.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(serveur) else route.abort())
    return page


def test_rien_n_a_change_en_un_clic_sans_javascript(browser, serveur, envoi, django_db_blocker):
    contexte = browser.new_context(java_script_enabled=False)
    page, autre_onglet = _page(contexte, serveur), _page(contexte, serveur)
    lien = f"{serveur}/campagne/{jetons.jeton(envoi)}/"

    page.goto(lien)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Les informations de « Maison France Services de Trélazé » sont-elles à jour ?")
    assert "coordination de la médiation numérique du territoire « Maine-et-Loire (49) »" in page.inner_text("body")
    resume = page.locator("#resume-lieu").inner_text()
    assert "49 rue Toussaint" in resume
    assert "Lundi : 09:00 – 12:00" in resume and "Dimanche : fermé" in resume and "Mo-Fr" not in resume
    assert page.get_by_label("Précisions (facultatif)").is_visible()
    _sans_fuite(page)
    autre_onglet.goto(lien)  # a second tab, open before the answer

    page.get_by_role("button", name="Rien n'a changé").click()
    page.get_by_role("heading", name="Merci, votre réponse est enregistrée").wait_for()
    assert "Rien n'a changé" in page.inner_text("#reponse-enregistree")
    assert page.get_by_role("button", name="Rien n'a changé").count() == 0
    _sans_fuite(page)
    with django_db_blocker.unblock():
        envoi.refresh_from_db()
        envoi.lieu.refresh_from_db()
        assert envoi.reponse == Envoi.Reponse.CONFIRME and envoi.ouvert_le is not None
        assert envoi.lieu.date_maj == timezone.localdate()

    autre_onglet.get_by_role("button", name="Ce lieu n'existe plus ou n'accueille plus de public").click()
    autre_onglet.get_by_role("heading", name="Votre réponse a déjà été enregistrée le").wait_for()
    assert "Votre réponse : « Rien n'a changé »" in autre_onglet.inner_text("#reponse-enregistree")
    _sans_fuite(autre_onglet)
    with django_db_blocker.unblock():
        envoi.refresh_from_db()
        assert envoi.reponse == Envoi.Reponse.CONFIRME
    contexte.close()


def test_la_desinscription_en_un_clic(browser, serveur, envoi, django_db_blocker):
    contexte = browser.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.goto(f"{serveur}/campagne/desinscription/{jetons.jeton(envoi, jetons.SEL_DESINSCRIPTION)}/")
    assert COURRIEL in page.inner_text("body")
    page.get_by_role("button", name="Ne plus recevoir ces courriels").click()
    assert "ne recevra plus de courriel de campagne" in page.inner_text("#desinscrit")
    _sans_fuite(page)
    with django_db_blocker.unblock():
        assert Desinscription.objects.filter(empreinte=empreinte_courriel(COURRIEL)).exists()
    contexte.close()
