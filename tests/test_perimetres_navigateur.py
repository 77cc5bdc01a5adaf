"""A coordinator of the Maine-et-Loire in a real Chromium, without JavaScript: the list of lieux shows the lieux of
the Maine-et-Loire only, and the page of a lieu of the Gironde opened by its address says « Accès refusé » without
its data. The data are committed (the live server has its own connection) and removed."""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point

from lieux.admin_coordinateurs import groupe_des_coordinateurs
from lieux.models import Lieu
from tests.factories import coordinateur, creer_lieu

pytestmark = pytest.mark.browser
NOM, MOT_DE_PASSE = "coordinatrice-perimetre-49", "mot-de-passe-du-test-perimetre"
ANGERS, BORDEAUX = "Médiathèque périmètre Angers", "Bibliothèque périmètre Bordeaux"


def _efface():
    User.objects.filter(username=NOM).delete()
    Lieu.objects.filter(nom__in=[ANGERS, BORDEAUX]).delete()


@pytest.fixture
def deux_territoires(serveur, django_db_blocker):
    with django_db_blocker.unblock():
        _efface()
        creer_lieu(nom=ANGERS, id="perimetre-angers")
        bordeaux = creer_lieu(nom=BORDEAUX, id="perimetre-bordeaux", code_insee="33063", commune="Bordeaux",
                              code_postal="33000", localisation=Point(-0.5792, 44.8378, srid=4326))
        compte = User.objects.create_user(NOM, "c49@example.org", MOT_DE_PASSE, is_staff=True)
        compte.groups.add(groupe_des_coordinateurs())
        coordinateur(compte, departements=["49"])
    yield bordeaux
    with django_db_blocker.unblock():
        _efface()


def test_une_coordinatrice_ne_voit_ni_n_ouvre_un_lieu_d_un_autre_departement(browser, serveur, deux_territoires):
    contexte = browser.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page.goto(f"{serveur}/admin/login/?next=/admin/lieux/lieu/%3Fq%3Dp%C3%A9rim%C3%A8tre")
    page.fill("#id_username", NOM)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")
    liste = page.inner_text("#result_list")
    assert ANGERS in liste and BORDEAUX not in liste

    reponse = page.goto(f"{serveur}/admin/lieux/lieu/{deux_territoires.uid}/change/")
    assert reponse.status == 403
    texte = page.inner_text("body")
    assert "Accès refusé" in texte and "Vous n'avez pas l'autorisation d'ouvrir cette page." in texte
    assert BORDEAUX not in page.content()
    contexte.close()
