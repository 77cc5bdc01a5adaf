"""The history in a real Chromium, without JavaScript: from the lieu's page in the coordinators' space to its history,
each step with the field before and after, then « Revenir sur cette modification », confirmed, restores the value.
Its lieu and account are committed (the live server has its own connection) and removed."""

import re

import pytest
from django.contrib.auth.models import User

from lieux.models import Lieu, LieuEvenement

pytestmark = pytest.mark.browser
NOM = "coordinatrice-historique"
MOT_DE_PASSE = "mot-de-passe-du-test-historique"
SOURCE = "test-historique-navigateur"


def _nettoie():
    uids = list(Lieu.objects.filter(source=SOURCE).values_list("uid", flat=True))
    LieuEvenement.objects.filter(pgh_obj_id__in=uids).delete()
    Lieu.objects.filter(uid__in=uids).delete()
    User.objects.filter(username=NOM).delete()


@pytest.fixture
def lieu_modifie(serveur, django_db_blocker):
    from lieux.modifications import modifier_lieu
    from tests.factories import creer_lieu

    with django_db_blocker.unblock():
        _nettoie()
        coordinatrice = User.objects.create_superuser(NOM, "coordinatrice@example.org", MOT_DE_PASSE)
        lieu = creer_lieu(nom="Espace numérique de l'Historique", source=SOURCE, horaires="Mo-Fr 09:00-12:00")
        modifier_lieu(lieu, {"horaires": "Sa 10:00-12:00"}, par=coordinatrice,
                      origine="modification dans l'espace des coordinateurs")
    yield lieu
    with django_db_blocker.unblock():
        _nettoie()


@pytest.fixture
def contexte_sans_js(browser):
    contexte = browser.new_context(java_script_enabled=False)
    yield contexte
    contexte.close()


def test_historique_puis_retour_sans_javascript(contexte_sans_js, serveur, lieu_modifie, django_db_blocker):
    page = contexte_sans_js.new_page()
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page.goto(f"{serveur}/admin/login/?next=/admin/lieux/lieu/{lieu_modifie.pk}/change/")
    page.fill("#id_username", NOM)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")
    page.get_by_role("link", name="Historique des modifications").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Historique des modifications")
    etape = page.locator("section.historique-etape").first
    assert "Origine : modification dans l'espace des coordinateurs — compte « coordinatrice-historique »" in \
        etape.inner_text()
    ligne = etape.get_by_role("row", name=re.compile("Horaires"))
    assert ligne.locator("td").all_inner_texts() == ["Mo-Fr 09:00-12:00", "Sa 10:00-12:00"]

    etape.get_by_role("link", name=re.compile("Revenir sur la modification du")).click()
    assert "Confirmez-vous le retour sur cette modification ?" in page.inner_text("#content-main")
    page.get_by_role("button", name="Revenir sur cette modification").click()

    assert "Retour sur la modification : valeur précédente rendue à : Horaires." in page.inner_text("body")
    derniere = page.locator("section.historique-etape").first
    assert "retour sur la modification du" in derniere.inner_text()
    assert derniere.get_by_role("row", name=re.compile("Horaires")).locator("td").all_inner_texts() == [
        "Sa 10:00-12:00", "Mo-Fr 09:00-12:00"]
    with django_db_blocker.unblock():
        assert Lieu.objects.get(pk=lieu_modifie.pk).horaires == "Mo-Fr 09:00-12:00"
