"""The history in the coordinators' space (lieux/admin_historique.py): the page of a lieu's steps with each field
before and after, the « Revenir sur cette modification » button (confirmation, POST, CSRF), the revert of an
account (national accounts only), and the territory: a coordinator of the Maine-et-Loire cannot read the history of
a lieu of the Gironde by URL. Plus the public lieu page's « Mis à jour le … par … »."""

import html as html_
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.test import Client
from django.urls import reverse

from lieux import historique
from lieux.models import Coordinateur, Lieu
from lieux.modifications import modifier_lieu
from tests.factories import compte, creer_lieu
from tests.outils_import import fichier, importe, lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("geographie", "media")]


def texte_visible(page: str) -> str:
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    return html_.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def coordinateur(client, nom, departement, *droits):
    return compte(client, nom, "lieux.view_lieu", "lieux.change_lieu", *droits, departements=[departement])


def url_historique(le_lieu):
    return reverse("admin:lieux_lieu_historique_champs", args=[le_lieu.pk])


def lieu_de_bordeaux():
    return creer_lieu(nom="Cyberbase de Bordeaux", commune="Bordeaux", code_postal="33000", code_insee="33063",
                      localisation=Point(-0.5792, 44.8378, srid=4326))


def test_import_edition_puis_retour_dans_l_espace_des_coordinateurs(client, tmp_path):
    run = importe(fichier(tmp_path, [lieu(1, horaires="Mo-Fr 09:00-12:00")]), "hub-anjou")
    le_lieu = Lieu.objects.get(provenances__source="hub-anjou")
    claire = coordinateur(client, "claire", "49")
    modifier_lieu(le_lieu, {"horaires": "Mo-Sa 10:00-18:00"}, par=claire,
                  origine="modification dans l'espace des coordinateurs")

    fiche = client.get(reverse("admin:lieux_lieu_change", args=[le_lieu.pk])).content.decode()
    assert f'<a href="{url_historique(le_lieu)}">Historique des modifications</a>' in fiche
    assert "dernière étape le" in texte_visible(fiche)

    page = client.get(url_historique(le_lieu))
    assert page.status_code == 200
    texte = texte_visible(page.content.decode())
    assert "«variable" not in texte and "{{" not in texte and "{%" not in texte
    assert "Modification le" in texte and "Création du lieu le" in texte
    assert "Origine : modification dans l'espace des coordinateurs — compte « claire »" in texte
    assert f"Origine : import n° {run.pk} (source hub-anjou)" in texte
    assert "Horaires Mo-Fr 09:00-12:00 Mo-Sa 10:00-18:00" in texte  # champ, avant, après
    assert texte.index("Modification le") < texte.index("Création du lieu le")  # newest first
    assert "Revenir sur toutes les modifications du compte" not in texte  # a coordinator is not national

    edition = historique.etapes(le_lieu)[-1]
    url_retour = reverse("admin:lieux_lieu_historique_revenir", args=[le_lieu.pk, edition.evenement.pk])
    assert f'href="{url_retour}"' in page.content.decode()
    confirmation = client.get(url_retour).content.decode()
    assert "Confirmez-vous le retour sur cette modification ?" in texte_visible(confirmation)
    assert 'name="csrfmiddlewaretoken"' in confirmation and 'method="post"' in confirmation
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == "Mo-Sa 10:00-18:00"  # a GET changes nothing

    reponse = client.post(url_retour, follow=True)
    le_lieu.refresh_from_db()
    assert le_lieu.horaires == "Mo-Fr 09:00-12:00"
    texte = texte_visible(reponse.content.decode())
    assert "Retour sur la modification : valeur précédente rendue à : Horaires." in texte
    assert "Origine : retour sur la modification du" in texte and "compte « claire »" in texte


def test_le_retour_demande_le_jeton_csrf():
    le_lieu = creer_lieu(code_insee="49007")
    national = User.objects.create_superuser("nat", password="x")
    modifier_lieu(le_lieu, {"nom": "Nouveau nom"}, par=national, origine="")
    client = Client(enforce_csrf_checks=True)
    client.force_login(national)
    edition = historique.etapes(le_lieu)[-1]
    reponse = client.post(reverse("admin:lieux_lieu_historique_revenir", args=[le_lieu.pk, edition.evenement.pk]))
    assert reponse.status_code == 403
    le_lieu.refresh_from_db()
    assert le_lieu.nom == "Nouveau nom"


def test_un_coordinateur_d_un_autre_territoire_ne_lit_pas_l_historique(client):
    bordeaux = lieu_de_bordeaux()
    auteur = User.objects.create_user("girondin", is_staff=True)
    modifier_lieu(bordeaux, {"telephone": "+33556000000"}, par=auteur, origine="")
    coordinateur(client, "angevin", "49")
    assert client.get(url_historique(bordeaux)).status_code == 404
    edition = historique.etapes(bordeaux)[-1]
    url_retour = reverse("admin:lieux_lieu_historique_revenir", args=[bordeaux.pk, edition.evenement.pk])
    assert client.get(url_retour).status_code == 404
    assert client.post(url_retour).status_code == 404
    bordeaux.refresh_from_db()
    assert bordeaux.telephone == "+33556000000"
    # the one of the Gironde reads it
    coordinateur(client, "girondine", "33")
    assert "Téléphone — +33556000000" in texte_visible(client.get(url_historique(bordeaux)).content.decode())


def test_un_compte_sans_territoire_ne_voit_rien(client):
    le_lieu = creer_lieu()
    sans = compte(client, "sans-territoire", "lieux.view_lieu", "lieux.change_lieu")
    Coordinateur.objects.filter(utilisateur=sans).delete()  # a staff account without its row sees nothing
    assert client.get(url_historique(le_lieu)).status_code == 404


def test_revenir_sur_un_compte_reserve_au_national(client):
    un, deux = creer_lieu(nom="Premier lieu"), creer_lieu(nom="Second lieu")
    fautif = User.objects.create_user("fautif", is_staff=True)
    modifier_lieu(un, {"nom": "Nom vandalisé"}, par=fautif, origine="")
    modifier_lieu(deux, {"horaires": "Mo 00:00-01:00"}, par=fautif, origine="")
    url = reverse("admin:lieux_lieu_historique_revenir_compte", args=[fautif.pk])

    coordinateur(client, "locale", "49")
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    un.refresh_from_db()
    assert un.nom == "Nom vandalisé"

    compte(client, "nationale", "lieux.view_lieu", "lieux.change_lieu", national=True)
    page = texte_visible(client.get(url_historique(un)).content.decode())
    assert "Revenir sur toutes les modifications du compte « fautif »" in page
    confirmation = texte_visible(client.get(url).content.decode())
    assert "Le compte « fautif » a fait 2 modifications sur 2 lieux." in confirmation
    resultat = texte_visible(client.post(url).content.decode())
    assert "2 lieu(x) remis dans leur état précédent" in resultat
    assert "Nom vandalisé" not in resultat and "valeur précédente rendue à : Nom du lieu" in resultat
    un.refresh_from_db(), deux.refresh_from_db()
    assert (un.nom, deux.horaires) == ("Premier lieu", "")


def test_la_fiche_publique_dit_qui_sans_nommer_personne(client, tmp_path):
    importe(fichier(tmp_path, [lieu(1, horaires="Mo-Fr 09:00-12:00")]), "hub-public")
    le_lieu = Lieu.objects.get(provenances__source="hub-public")
    page = texte_visible(client.get(f"/lieux/{le_lieu.pk}/").content.decode())
    assert re.search(r"Mis à jour le \d{1,2} \w+ \d{4} par l'import de la source hub-public", page)

    claire = User.objects.create_user("claire.martin", first_name="Claire", last_name="Martin", is_staff=True)
    modifier_lieu(le_lieu, {"telephone": "+33241000000"}, par=claire, origine="")
    page = texte_visible(client.get(f"/lieux/{le_lieu.pk}/").content.decode())
    assert "par un coordinateur ou une coordinatrice du territoire" in page
    assert "Claire" not in page and "Martin" not in page and "claire.martin" not in page

    modifier_lieu(le_lieu, {"telephone": "+33241000009"}, origine="contribution n° 12")
    assert "par une contribution acceptée" in texte_visible(client.get(f"/lieux/{le_lieu.pk}/").content.decode())
    modifier_lieu(le_lieu, {"telephone": "+33241000008"}, origine="modification par le gestionnaire du lieu")
    assert "par le lieu lui-même" in texte_visible(client.get(f"/lieux/{le_lieu.pk}/").content.decode())
