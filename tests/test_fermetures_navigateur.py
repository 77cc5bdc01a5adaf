"""A coordinator declares a temporary closure in the lieu's admin page, in a real Chromium without JavaScript; the
lieu page then shows the banner. Data committed for the live server, removed afterwards."""

import datetime as dt

import pytest
from django.utils import timezone

from lieux.models import FermetureTemporaire

pytestmark = pytest.mark.browser


@pytest.fixture
def sans_javascript(browser):
    contexte = browser.new_context(java_script_enabled=False)
    yield contexte.new_page()
    contexte.close()


def test_declarer_une_fermeture_dans_l_admin_sans_javascript(sans_javascript, serveur, lieux_navigateur,
                                                               coordinatrice, django_db_blocker):
    page, lieu = sans_javascript, lieux_navigateur[0]
    debut = timezone.localdate() + dt.timedelta(days=3)
    fin = debut + dt.timedelta(days=2)
    adresse = f"/admin/lieux/lieu/{lieu.uid}/change/"
    try:
        coordinatrice.connecter(page, adresse)
        assert page.is_visible("text=fermetures temporaires et horaires exceptionnels")
        # the last day before the first: refused with a French message, nothing recorded
        page.fill("#id_fermetures-0-debut", fin.isoformat())
        page.fill("#id_fermetures-0-fin", debut.isoformat())
        page.fill("#id_fermetures-0-message", "congés")
        page.click("input[name=_continue]")
        assert page.is_visible("text=Le dernier jour doit être le premier jour ou après.")
        with django_db_blocker.unblock():
            assert not FermetureTemporaire.objects.filter(lieu_id=lieu.uid).exists()
        page.fill("#id_fermetures-0-debut", debut.isoformat())
        page.fill("#id_fermetures-0-fin", fin.isoformat())
        page.click("input[name=_continue]")
        assert page.is_visible(".messagelist .success")
        with django_db_blocker.unblock():
            fermeture = FermetureTemporaire.objects.get(lieu_id=lieu.uid)
            assert (fermeture.debut, fermeture.fin, fermeture.type, fermeture.message) == \
                (debut, fin, "fermeture", "congés")
            assert fermeture.cree_par.username == coordinatrice.nom
        page.goto(f"{serveur}/lieux/{lieu.uid}/")
        bandeau = page.locator(".bandeau-fermeture").inner_text()
        assert bandeau.startswith("Fermé du ") and bandeau.endswith(" : congés")
    finally:
        with django_db_blocker.unblock():
            FermetureTemporaire.objects.filter(lieu_id=lieu.uid).delete()
