"""Embeds: saved configurations (fixed addresses, their admin, who sees which) and the snippet generator."""

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache

from embed.models import ConfigurationIntegration
from tests.embed_commun import AIDE, entrer, html, prefixe, titre_panneau

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]


# --- saved configurations -------------------------------------------------------------------------------------


def test_saved_configuration_serves_a_fixed_address_that_follows_edits(client, lieux):
    configuration = ConfigurationIntegration.objects.create(nom="Anjou", slug="anjou", departements=["49"],
                                                            titre="Lieux d'Anjou", filtres=f"services={AIDE}")
    reponse = client.get("/embed/c/anjou/")
    assert reponse.status_code == 302
    assert reponse["Location"] == "/embed/c/anjou/carte/?" + urlencode({"services": AIDE, "departement": "49",
                                                                        "vue": "carte"})
    texte = html(client.get(reponse["Location"]))
    assert titre_panneau(texte) == "1 lieu — Maine-et-Loire" and "Lieux d&#x27;Anjou" in texte
    assert '"agregats": "/embed/c/anjou/agregats/"' in texte
    configuration.departements, configuration.type = ["35"], "orientation"
    configuration.save()
    suivante = client.get("/embed/c/anjou/")
    assert suivante["Location"].startswith("/embed/c/anjou/orientation/")
    assert "Espace de Rennes" in html(client.get(suivante["Location"]))
    assert client.get("/embed/c/anjou/agregats/", {"zoom": 9}).json()["total"] == 1
    assert client.get("/embed/c/inconnue/").status_code == 404
    configuration.logo = "http://exemple.fr/logo.png"
    configuration.save()
    cassee = client.get("/embed/c/anjou/carte/")
    assert cassee.status_code == 404 and "n&#x27;est plus valide" in cassee.content.decode()


def formulaire_admin(**valeurs):
    donnees = {"nom": "Anjou", "slug": "anjou", "type": "carte", "regions": "", "departements": "49", "epci": "",
               "communes": "", "filtres": "", "titre": "", "logo": "", "couleur": "", "vue": "carte", "zoom": "",
               "centre": "", "liens": "cadre", "proprietaire": ""}
    return donnees | valeurs


def test_admin_checks_options_with_the_embed_rules_and_shows_the_snippet(admin_client, lieux):
    ajout = "/admin/embed/configurationintegration/add/"
    refus = admin_client.post(ajout, formulaire_admin(logo="http://exemple.fr/l.png", departements="999",
                                                       couleur="vert"))
    texte = refus.content.decode()
    assert refus.status_code == 200 and not ConfigurationIntegration.objects.exists()
    assert "Le logo doit être une adresse https://" in texte and "Code de département invalide" in texte
    assert "Couleur invalide" in texte
    assert admin_client.post(ajout, formulaire_admin(couleur="#1f8d49")).status_code == 302
    configuration = ConfigurationIntegration.objects.get()
    page = admin_client.get(f"/admin/embed/configurationintegration/{configuration.pk}/change/").content.decode()
    assert "&lt;iframe src=&quot;http://testserver/embed/c/anjou/&quot;" in page
    prerempli = admin_client.get(ajout + "?departements=49,53&titre=Anjou&type=orientation").content.decode()
    assert 'value="49,53"' in prerempli and 'value="Anjou"' in prerempli


def test_coordinators_see_only_their_own_configurations(client, lieux):
    coordinateur = User.objects.create_user("coordinatrice", password="x", is_staff=True)
    coordinateur.user_permissions.set(Permission.objects.filter(codename__endswith="configurationintegration"))
    autre = ConfigurationIntegration.objects.create(nom="Autre réseau", slug="autre", departements=["35"])
    client.force_login(coordinateur)
    reponse = client.post("/admin/embed/configurationintegration/add/", formulaire_admin(proprietaire=""))
    assert reponse.status_code == 302
    assert ConfigurationIntegration.objects.get(slug="anjou").proprietaire == coordinateur
    liste = client.get("/admin/embed/configurationintegration/").content.decode()
    assert "Anjou" in liste and "Autre réseau" not in liste
    assert client.get(f"/admin/embed/configurationintegration/{autre.pk}/change/").status_code == 302  # not found


# --- the generator ----------------------------------------------------------------------------------------------


def test_generator_without_javascript_builds_the_snippet(client, lieux):
    vide = html(client.get("/integrer/"))
    assert "Aucun territoire choisi : toute la France." in vide and 'id="code-integration"' in vide
    recherche = html(client.get("/integrer/", {"q_territoire": "Maine-et", "chercher": "1"}))
    assert 'name="departement" value="49"' in recherche and "Maine-et-Loire (département 49)" in recherche
    texte = html(client.get("/integrer/", {"type": "carte", "departement": "49", "titre": "Lieux d'Anjou",
                                           "couleur": "#18753c", "liens": "onglet", "vue": "liste",
                                           "hauteur": "700", "redimensionnement": "1", "services": AIDE}))
    code = re.search(r'<textarea[^>]*id="code-integration"[^>]*>(.*?)</textarea>', texte, re.DOTALL).group(1)
    assert code.startswith("&lt;iframe src=&quot;http://testserver/embed/carte/?departement=49&amp;amp;services=")
    assert "title=&quot;Lieux d&amp;#x27;Anjou&quot; loading=&quot;lazy&quot;" in code
    assert "width:100%" in code and "height:700px" in code
    assert "&lt;script src=&quot;http://testserver/static/embed/redimensionner.js&quot; async&gt;" in code
    apercu = re.search(r'<iframe src="([^"]+)"', texte).group(1).replace("&amp;", "&")
    assert client.get(apercu).status_code == 302  # the preview is the same entry URL
    assert 'id="enregistrer-configuration"' in texte and "departements=49" in texte


def test_generator_reports_errors_by_field_and_answers_partial_requests(client, lieux):
    texte = html(client.get("/integrer/", {"departement": "999", "logo": "http://exemple.fr/l.png", "hauteur": "5"}))
    assert 'href="#champ-territoires">Code de département invalide : « 999 ».</a>' in texte
    assert 'href="#champ-logo">' in texte and 'href="#champ-hauteur">' in texte
    assert 'id="code-integration"' not in texte and 'aria-invalid="true" aria-describedby="logo-erreur"' in texte
    partiel = html(client.get("/integrer/", {"departement": "49"}, HTTP_X_INTEGRATION_PARTIEL="1"))
    assert partiel.lstrip().startswith('<h2 class="fr-h4">Aperçu</h2>') and "<form" not in partiel
    assert "X-Integration-Partiel" in client.get("/integrer/")["Vary"]
    erreur = html(client.get("/integrer/", {"couleur": "vert"}, HTTP_X_INTEGRATION_PARTIEL="1"))
    assert 'id="attente-code"' in erreur and 'href="#champ-couleur">Couleur invalide' in erreur
    suggestions = client.get("/integrer/territoires/", {"q": "mayenne"}).json()["resultats"]
    assert suggestions[0] == {"niveau": "departement", "code": "53", "nom": "Mayenne",
                              "libelle": "Mayenne (département 53)"}


def test_generator_preview_and_embed_never_touch_the_national_cache(client, lieux, settings):
    settings.CARTE_CACHE_SECONDES = 60
    cache.clear()
    base = prefixe(entrer(client, "departement=49"))
    assert client.get(base + "agregats/", {"zoom": 6, "niveau": "region"}).json()["total"] == 2
    assert client.get("/api/v1/carte/agregats/", {"zoom": 6, "niveau": "region"}).json()["total"] == 4
    assert urlsplit(base).path.startswith("/embed/p/")
