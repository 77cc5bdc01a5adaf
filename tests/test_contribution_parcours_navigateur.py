"""Issue 18's whole path in a real Chromium without JavaScript: a person declares a lieu in Angers; the coordinator of
the Maine-et-Loire accepts it from « À modérer » and it shows on the map; the coordinator of the Gironde neither sees
it in their queue nor opens it by URL; a proposed update of two fields is accepted for one; the history shows each
step and a revert gives the previous value back; the e-mails are in the outbox with their French text."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from contributions.models import Contribution
from lieux.models import Lieu
from tests.outils_moderation import coordinateur

pytestmark = pytest.mark.browser
HORS_SERVEUR = re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*")
NOM = "Atelier numérique de la Doutre (parcours)"
ANJOU, GIRONDE = "anjou-parcours", "gironde-parcours"


def _nettoie():
    for c in Contribution.objects.filter(valeurs__nom=NOM):
        lieu = c.lieu
        c.delete()
        if lieu is not None:
            Lieu.objects.filter(pk=lieu.pk).delete()
    Contribution.objects.filter(lieu__nom=NOM).delete()
    Lieu.objects.filter(nom=NOM).delete()
    User.objects.filter(username__in=[ANJOU, GIRONDE]).delete()


@pytest.fixture
def comptes(serveur, django_db_blocker, settings):
    settings.CONTRIBUTIONS_DELAI_MIN = 0
    with django_db_blocker.unblock():
        _nettoie()
        coordinateur(ANJOU, departements=["49"], email="anjou@coordination.fr")
        coordinateur(GIRONDE, departements=["33"], email="gironde@coordination.fr")
    mail.outbox = []
    yield django_db_blocker
    with django_db_blocker.unblock():
        _nettoie()


def _page(navigateur):
    contexte = navigateur.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.route(HORS_SERVEUR, lambda route: route.abort())
    return contexte, page


def _connexion(page, serveur, compte):
    page.goto(f"{serveur}/admin/login/?next=/admin/")
    page.fill("#id_username", compte)
    page.fill("#id_password", "x")
    page.click("input[type=submit]")


def test_declarer_moderer_mettre_a_jour_et_revenir(navigateur_seul, serveur, comptes):
    # 1. a person declares the lieu, without an account and without JavaScript
    contexte, page = _page(navigateur_seul)
    page.goto(f"{serveur}/contribuer/")
    page.fill("#id_nom", NOM)
    page.fill("#id_adresse", "3 rue Beaurepaire")
    page.fill("#id_code_postal", "49100")
    page.fill("#id_commune", "Angers")
    page.fill("#id_h_mardi_1_de", "14:00")
    page.fill("#id_h_mardi_1_a", "18:00")
    page.check("#id_services_0", force=True)
    page.click("#details-position summary")
    assert page.get_attribute("#id_latitude", "type") == "text"
    page.fill("#id_latitude", "47.4790")
    page.fill("#id_longitude", "-0.5610")
    page.fill("#id_courriel_contributeur", "benevole@example.org")
    page.click("#envoyer-contribution")
    if page.locator("#confirmer-nouveau").count():  # a lieu nearby: « Non, c'est un autre lieu »
        page.click("#confirmer-nouveau")
    page.wait_for_url("**/contribuer/merci/")
    contexte.close()
    with comptes.unblock():
        declaration = Contribution.objects.get(valeurs__nom=NOM)
    assert declaration.statut == Contribution.Statut.EN_ATTENTE and declaration.commune_officielle_id == "49007"
    sujets = {m.subject: m.to for m in mail.outbox}
    assert sujets.get(next(s for s in sujets if s.startswith("Nous avons bien reçu votre déclaration"))) == [
        "benevole@example.org"]
    avis = [m for m in mail.outbox if m.subject.startswith("Nouveau lieu déclaré")]
    assert [m.to for m in avis] == [["anjou@coordination.fr"]]  # the Gironde's coordinator is not told

    # 2. the Gironde's coordinator neither sees it in their queue nor opens it by URL
    contexte, page = _page(navigateur_seul)
    _connexion(page, serveur, GIRONDE)
    page.get_by_role("link", name="À modérer").click()
    assert NOM not in page.inner_text("body")
    reponse = page.goto(f"{serveur}/admin/contributions/contribution/{declaration.pk}/change/")
    assert reponse.status in (403, 404) and NOM not in page.inner_text("body")
    contexte.close()

    # 3. the Maine-et-Loire's coordinator accepts it from the queue: it is on the map
    contexte, page = _page(navigateur_seul)
    _connexion(page, serveur, ANJOU)
    page.get_by_role("link", name="À modérer").click()
    page.get_by_role("link", name=re.compile("^Modérer")).first.click()
    assert NOM in page.inner_text("#comparaison")
    page.get_by_role("button", name="Tout accepter").click()
    assert "acceptée" in page.inner_text("body")
    with comptes.unblock():
        lieu = Contribution.objects.get(pk=declaration.pk).lieu
        assert lieu.statut == Lieu.Statut.ACTIF and lieu.horaires == "Tu 14:00-18:00"
        assert Lieu.objects.actifs().localises().filter(pk=lieu.pk).exists()  # a point: a marker on the map
    fiche = page.goto(f"{serveur}/lieux/{lieu.uid}/")
    assert fiche.status == 200 and page.get_by_role("heading", level=1).inner_text() == NOM
    assert any(m.subject.startswith("Votre contribution est acceptée") for m in mail.outbox)

    # 4. an update of two fields is proposed on the lieu's page, the coordinator accepts one
    public, visiteur = _page(navigateur_seul)
    visiteur.goto(f"{serveur}/lieux/{lieu.uid}/")
    visiteur.click("#lien-modifier")
    visiteur.fill("#id_h_mardi_1_a", "19:00")
    visiteur.fill("#id_telephone", "+33241000000")
    visiteur.fill("#id_courriel_contributeur", "benevole@example.org")
    visiteur.click("#envoyer-contribution")
    visiteur.wait_for_url("**/contribuer/merci/")
    public.close()
    page.goto(f"{serveur}/admin/")
    page.get_by_role("link", name="À modérer").click()
    page.get_by_role("link", name=re.compile("^Modérer")).first.click()
    page.get_by_label("Accepter « Téléphone »").uncheck()
    page.get_by_role("button", name="Accepter les champs cochés").click()
    assert "Contribution acceptée en partie" in page.inner_text("body")
    with comptes.unblock():
        lieu.refresh_from_db()
    assert (lieu.horaires, lieu.telephone) == ("Tu 14:00-19:00", "")
    assert any(m.subject.startswith("Votre contribution est acceptée en partie") for m in mail.outbox)

    # 5. the history shows both steps; a revert gives the hours back
    page.goto(f"{serveur}/admin/lieux/lieu/{lieu.pk}/change/")
    page.get_by_role("link", name="Historique des modifications").click()
    etapes = page.locator("section.historique-etape")
    assert etapes.count() >= 2
    derniere = etapes.first
    assert derniere.get_by_role("row", name=re.compile("Horaires")).locator("td").all_inner_texts() == [
        "Tu 14:00-18:00", "Tu 14:00-19:00"]
    derniere.get_by_role("link", name=re.compile("Revenir sur la modification du")).click()
    page.get_by_role("button", name="Revenir sur cette modification").click()
    assert "valeur précédente rendue à : Horaires" in page.inner_text("body")
    contexte.close()
    with comptes.unblock():
        lieu.refresh_from_db()
    assert lieu.horaires == "Tu 14:00-18:00"
