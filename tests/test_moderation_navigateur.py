"""Moderation in a real Chromium, without JavaScript: the coordinator of the Maine-et-Loire opens « À modérer » from
the admin home, opens the proposal, is told (focused error summary) that a refusal needs a reason, then accepts one
field with an edited value. The data is committed for the live server and removed afterwards."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from contributions.models import Contribution
from lieux.models import Lieu
from tests.factories import creer_lieu
from tests.outils_moderation import coordinateur, proposer
from tests.outils_navigateur import attendre_focus

pytestmark = pytest.mark.browser
SOURCE = "test-moderation-navigateur"
COMPTE, MOT_DE_PASSE = "anjou-navigateur", "x"
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")


def _nettoyer():
    Contribution.objects.filter(lieu__source=SOURCE).delete()
    Lieu.objects.filter(source=SOURCE).delete()
    User.objects.filter(username=COMPTE).delete()


@pytest.fixture
def proposition(serveur, django_db_blocker):
    with django_db_blocker.unblock():
        _nettoyer()
        utilisateur = coordinateur(COMPTE, departements=["49"])
        utilisateur.set_password(MOT_DE_PASSE)
        utilisateur.save()
        lieu = creer_lieu(nom="Médiathèque du Doyenné", source=SOURCE, horaires="Mo 10:00-12:00",
                          telephone="+33241000000")
        contribution = proposer(lieu, {"horaires": "lundi et mardi matin", "telephone": "+33241999999"})
    yield SimpleNamespace(lieu=lieu, contribution=contribution, blocker=django_db_blocker)
    with django_db_blocker.unblock():
        _nettoyer()


def test_moderer_depuis_la_file_sans_javascript(navigateur_seul, serveur, proposition):
    contexte = navigateur_seul.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.route(HORS_SERVEUR, lambda route: route.abort())
    page.goto(f"{serveur}/admin/login/?next=/admin/")
    page.fill("#id_username", COMPTE)
    page.fill("#id_password", MOT_DE_PASSE)
    page.click("input[type=submit]")
    page.get_by_role("link", name="À modérer").click()
    assert "1 contribution et 0 signalement en attente" in page.inner_text("#resume-file")
    page.get_by_role("link", name=re.compile("^Modérer")).click()
    assert page.is_visible("#comparaison")
    # a refusal without a reason: the error summary is shown and focused
    page.get_by_role("button", name="Refuser").click()
    assert "Indiquez le motif du refus" in page.inner_text("#resume-erreurs")
    assert attendre_focus(page, "resume-erreurs") == "resume-erreurs"
    # accept the hours only, corrected
    page.get_by_label("Accepter « Téléphone »").uncheck()
    page.get_by_label("Valeur retenue pour « Horaires »").fill("Mo,Tu 09:00-12:00")
    page.get_by_role("button", name="Accepter les champs cochés").click()
    assert "Contribution acceptée en partie : la fiche du lieu est à jour." in page.inner_text("body")
    assert "Rien à modérer sur vos territoires pour le moment." in page.inner_text("#resume-file")
    contexte.close()
    with proposition.blocker.unblock():
        lieu = Lieu.objects.get(pk=proposition.lieu.pk)
        assert (lieu.horaires, lieu.telephone) == ("Mo,Tu 09:00-12:00", "+33241000000")
        c = Contribution.objects.get(pk=proposition.contribution.pk)
        assert c.statut == Contribution.Statut.ACCEPTEE_EN_PARTIE and c.traite_par.username == COMPTE
