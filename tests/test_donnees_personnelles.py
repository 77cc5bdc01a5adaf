"""Personal data and legal pages: « Données personnelles », « Mentions légales » and the « Déclaration
d'accessibilité » reached from the footer of every page (with a real browser too), their French text from the
settings; the retention applied by the purge (contributions/retention.py, `purger_donnees_personnelles`, run by
`purger_imports`): what it says it clears is cleared, the rest is kept."""

import datetime as dt
import html as html_
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution
from contributions.retention import purger
from lieux.models import Signalement
from tests.factories import creer_lieu

PIED = ("Mentions légales", "Données personnelles")


def texte_visible(page: str) -> str:
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return html_.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def liens_du_pied(page: str) -> dict[str, str]:
    pied = page[page.index('id="pied-de-page"'):]
    return {texte_visible(t).strip(): html_.unescape(href)
            for href, t in re.findall(r'<a class="fr-footer__bottom-link" href="([^"]+)">(.*?)</a>', pied)}


@pytest.mark.django_db
@pytest.mark.parametrize("depart", ["/", "/plan-du-site/", "/recherche/?q=angers"])
def test_the_three_pages_are_linked_from_the_footer_with_their_french_titles(client, depart):
    liens = liens_du_pied(client.get(depart).content.decode())
    titres = {"Mentions légales": "Mentions légales", "Données personnelles": "Données personnelles"}
    accessibilite = next(libelle for libelle in liens if libelle.startswith("Accessibilité : "))
    titres[accessibilite] = "Déclaration d'accessibilité"
    for libelle, titre in titres.items():
        reponse = client.get(liens[libelle])
        assert reponse.status_code == 200
        page = reponse.content.decode()
        assert re.search(rf"<h1[^>]*>{re.escape(html_.escape(titre, quote=False))}</h1>", page.replace("&#x27;", "'"))
        assert f"<title>{titre} — " in html_.unescape(page)
        assert "{%" not in page and "{{" not in page


@pytest.mark.django_db
def test_the_personal_data_page_says_what_why_how_long_and_whom_to_ask(client):
    with override_settings(CONTRIBUTIONS_CONSERVATION_JOURS=90, SIGNALEMENTS_CONSERVATION_JOURS=30,
                           CONTACT_DONNEES_PERSONNELLES="dpo@hub.example", EDITEUR_NOM="Hub du Maine"):
        texte = texte_visible(client.get(reverse("lieux:donnees-personnelles")).content.decode())
    for attendu in (
        "votre nom, votre courriel, votre rôle", "Une proposition qui n'a pas été traitée est supprimée après 90 jours",
        "votre nom, votre courriel et votre message sont effacés au bout de 90 jours",
        "le courriel que vous laissez", "Effacé après 30 jours",
        "Contacts publics des lieux", "sauf si elles sont le contact public du lieu",
        "Comptes des coordinateurs", "Historique des modifications",
        "Responsable du traitement : Hub du Maine", "Vos droits", "dpo@hub.example", "CNIL",
    ):
        assert attendu in texte, attendu


@pytest.mark.django_db
def test_the_legal_notice_names_publisher_host_and_licences(client):
    with override_settings(EDITEUR_NOM="Hub du Maine", EDITEUR_ADRESSE="1 rue de la Poste, 49000 Angers",
                           HEBERGEUR_NOM="Hébergeur Exemple", HEBERGEUR_ADRESSE="2 quai des Serveurs, 75000 Paris"):
        texte = texte_visible(client.get(reverse("lieux:mentions-legales")).content.decode())
    assert "est éditée par Hub du Maine, 1 rue de la Poste, 49000 Angers." in texte
    assert "hébergé par Hébergeur Exemple, 2 quai des Serveurs, 75000 Paris." in texte
    assert "Licence Ouverte 2.0" in texte and "ODbL" in texte and "OpenStreetMap" in texte


@pytest.mark.django_db
def test_without_settings_the_legal_notice_shows_placeholders_not_blanks(client):
    texte = texte_visible(client.get(reverse("lieux:mentions-legales")).content.decode())
    assert "éditée par [Nom de la structure éditrice], [Adresse postale de la structure éditrice]." in texte
    assert "hébergé par [Nom de l'hébergeur]" in texte


# --- retention ----------------------------------------------------------------------------------------------------

IL_Y_A = lambda jours: timezone.now() - dt.timedelta(days=jours)  # noqa: E731


def _contribution(lieu, statut=Contribution.Statut.EN_ATTENTE, recue=1, traitee=None, **champs):
    valeurs = {"type": Contribution.Type.MISE_A_JOUR, "statut": statut, "lieu": lieu,
               "commune_officielle_id": "49007", "valeurs": {"horaires": "Mo 09:00-12:00"},
               "message": "Les horaires ont changé", "nom_contributeur": "Camille Martin",
               "courriel_contributeur": "camille@exemple.fr", "role_contributeur": "responsable",
               "empreinte_client": "e" * 64, "cree_le": IL_Y_A(recue),
               "traite_le": IL_Y_A(traitee) if traitee is not None else None, **champs}
    return Contribution.objects.create(**valeurs)


def _signalement(lieu, jours):
    return Signalement.objects.create(lieu=lieu, rubriques=["horaires"], message="Fermé le lundi",
                                      courriel="lea@exemple.fr", empreinte_client="s" * 64, cree_le=IL_Y_A(jours))


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie")
@override_settings(CONTRIBUTIONS_CONSERVATION_JOURS=180, SIGNALEMENTS_CONSERVATION_JOURS=180)
def test_the_purge_clears_what_it_says_and_keeps_the_rest():
    lieu = creer_lieu(courriels=["accueil@mediatheque.example"], telephone="+33241000000")
    ancienne_en_attente = _contribution(lieu, recue=200)
    recente_en_attente = _contribution(lieu, recue=10)
    ancienne_acceptee = _contribution(lieu, Contribution.Statut.ACCEPTEE, recue=250, traitee=200,
                                      champs_acceptes=["horaires"])
    recente_refusee = _contribution(lieu, Contribution.Statut.REFUSEE, recue=250, traitee=20, motif_refus="Doublon")
    ancien_signalement, recent_signalement = _signalement(lieu, 200), _signalement(lieu, 10)

    bilan = purger()
    assert (bilan.contributions_supprimees, bilan.contributions_anonymisees, bilan.signalements_anonymises) == (1, 1, 1)
    assert not Contribution.objects.filter(pk=ancienne_en_attente.pk).exists()

    ancienne_acceptee.refresh_from_db()
    assert (ancienne_acceptee.nom_contributeur, ancienne_acceptee.courriel_contributeur, ancienne_acceptee.message,
            ancienne_acceptee.empreinte_client) == ("", "", "", "")
    # what the contribution changed stays: values, fields accepted, status, dates, role
    assert ancienne_acceptee.valeurs == {"horaires": "Mo 09:00-12:00"}
    assert ancienne_acceptee.champs_acceptes == ["horaires"] and ancienne_acceptee.statut == "acceptee"
    assert ancienne_acceptee.role_contributeur == "responsable" and ancienne_acceptee.traite_le is not None

    for gardee in (recente_en_attente, recente_refusee):  # younger than the retention: untouched
        gardee.refresh_from_db()
        assert (gardee.nom_contributeur, gardee.courriel_contributeur) == ("Camille Martin", "camille@exemple.fr")
    assert recente_refusee.motif_refus == "Doublon"

    ancien_signalement.refresh_from_db()
    assert (ancien_signalement.courriel, ancien_signalement.empreinte_client) == ("", "")
    assert ancien_signalement.message == "Fermé le lundi" and ancien_signalement.rubriques == ["horaires"]
    recent_signalement.refresh_from_db()
    assert recent_signalement.courriel == "lea@exemple.fr"
    # the lieu's own public contacts are published data: never touched
    lieu.refresh_from_db()
    assert lieu.courriels == ["accueil@mediatheque.example"] and lieu.telephone == "+33241000000"
    assert purger() == type(bilan)(0, 0, 0)  # done once


@pytest.mark.django_db
@pytest.mark.usefixtures("geographie", "media")
def test_the_nightly_import_purge_runs_the_personal_data_purge_with_the_settings_retention():
    lieu = creer_lieu()
    contribution = _contribution(lieu, recue=40)
    signalement = _signalement(lieu, 40)
    sortie = io.StringIO()
    with override_settings(CONTRIBUTIONS_CONSERVATION_JOURS=60, SIGNALEMENTS_CONSERVATION_JOURS=30):
        call_command("purger_imports", stdout=sortie)
    assert "Données personnelles : 0 contribution(s) en attente supprimée(s)" in sortie.getvalue()
    assert "1 signalement(s) sans plus de courriel" in sortie.getvalue()
    assert Contribution.objects.filter(pk=contribution.pk).exists()
    signalement.refresh_from_db()
    assert signalement.courriel == ""

    call_command("purger_donnees_personnelles", "--jours", "30", stdout=io.StringIO())
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    with pytest.raises(CommandError, match="au moins un jour"):
        call_command("purger_donnees_personnelles", "--jours", "0", stdout=io.StringIO())


@pytest.mark.browser
@pytest.mark.django_db
def test_a_visitor_reaches_the_personal_data_page_from_the_footer(page, serveur):
    page.goto(serveur + "/plan-du-site/")
    page.locator("#pied-de-page").get_by_role("link", name="Données personnelles").click()
    page.wait_for_url("**/donnees-personnelles/")
    assert page.get_by_role("heading", level=1).inner_text() == "Données personnelles"
    assert page.title().startswith("Données personnelles — ")
    page.locator("#pied-de-page").get_by_role("link", name="Mentions légales").click()
    page.wait_for_url("**/mentions-legales/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mentions légales"
