"""Embeds through Django's test client: entry URLs, framing headers, no cookie, and the territory lock on every page,
panel, API call and search made inside an embed; saved configurations and their admin."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from lieux.embed.middleware import CadresMiddleware
from lieux.models import ConfigurationIntegration
from tests.factories import creer_lieu
from tests.outils_carte import ardoise_propre  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]
AIDE = "Aide aux démarches administratives"


@pytest.fixture
def lieux(geographie):
    return {
        "angers": creer_lieu(nom="Médiathèque d'Angers", services=[AIDE], horaires="Mo-Fr 09:00-17:00"),
        "saumur": creer_lieu(nom="EPN de Saumur", code_insee="49328", code_postal="49400", commune="Saumur",
                             localisation=Point(-0.0769, 47.26, srid=4326), services=["Loisirs et créations numériques"]),
        "rennes": creer_lieu(nom="Espace de Rennes", code_insee="35238", code_postal="35000", commune="Rennes",
                             localisation=Point(-1.68, 48.111, srid=4326), services=[AIDE]),
        "nantes": creer_lieu(nom="Centre de Nantes", code_insee="44109", code_postal="44000", commune="Nantes",
                             localisation=Point(-1.5536, 47.2184, srid=4326), services=[AIDE]),
    }


def entrer(client, query: str, page: str = "carte") -> str:
    """The working URL an entry URL redirects to."""
    reponse = client.get(f"/embed/{page}/?{query}")
    assert reponse.status_code == 302, reponse.content.decode()[:500]
    return reponse["Location"]


def prefixe(url: str) -> str:
    return url.split("carte/")[0].split("orientation/")[0]


def html(reponse) -> str:
    assert reponse.status_code == 200, reponse.content.decode()[:800]
    return reponse.content.decode()


def titre_panneau(texte: str) -> str:
    brut = texte.split('id="titre-panneau"')[1].split(">", 1)[1].split("</h2>")[0]
    return " ".join(re.sub(r"<[^>]+>", "", brut).split())


# --- entry URLs and headers -----------------------------------------------------------------------------------


def test_entry_redirects_to_the_locked_working_page(client, lieux):
    url = entrer(client, "departement=49&services=" + AIDE)
    chemin, query = url.split("?")
    assert re.fullmatch(r"/embed/p/[\w-]+:[\w-]+/carte/", chemin)
    assert dict(parse_qsl(query)) == {"services": AIDE, "departement": "49", "vue": "carte"}
    assert entrer(client, "departement=49", "orientation").split("?")[0].endswith("/orientation/")


def test_bad_options_give_a_french_error_page_not_a_map_of_france(client, lieux):
    reponse = client.get("/embed/carte/", {"departement": "999", "logo": "http://exemple.fr/l.png", "foo": "1"})
    texte = reponse.content.decode()
    assert reponse.status_code == 400
    assert "Paramètre inconnu : « foo »." in texte and "Code de département invalide : « 999 »." in texte
    assert "Le logo doit être une adresse https://" in texte and 'id="carte"' not in texte
    assert reponse["Content-Security-Policy"] == "frame-ancestors *"  # shown inside the host's frame


def test_only_embeds_may_be_framed_and_they_set_no_cookie(client, lieux, admin_user):
    client.force_login(admin_user)  # a visitor with a session: still no cookie from an embed
    url = entrer(client, "departement=49")
    base = prefixe(url)
    for chemin in (url, base + "panneau/?departement=49", base + "agregats/?zoom=9&departement=49",
                   base + "orientation/", f"{base}lieux/{lieux['angers'].uid}/", base + "communes/?q=Angers",
                   "/embed/carte/?departement=999", "/embed/p/faux:jeton/carte/"):
        reponse = client.get(chemin)
        assert reponse["Content-Security-Policy"] == "frame-ancestors *", chemin
        assert "X-Frame-Options" not in reponse, chemin
        assert not reponse.cookies, chemin
        assert "csrfmiddlewaretoken" not in reponse.content.decode()
    for chemin in ("/", "/carte/", "/orientation/", "/integrer/", f"/lieux/{lieux['angers'].uid}/", "/admin/"):
        reponse = client.get(chemin)
        assert reponse["X-Frame-Options"] == "DENY", chemin
        assert "frame-ancestors *" not in reponse.get("Content-Security-Policy", ""), chemin


def test_middleware_drops_cookies_and_frame_denial_under_embed_only():
    def vue(request):
        reponse = HttpResponse("ok")
        reponse.set_cookie("sessionid", "x")
        reponse["X-Frame-Options"] = "DENY"
        reponse["Content-Security-Policy"] = "default-src 'self'"
        return reponse

    middleware = CadresMiddleware(vue)
    dedans = middleware(RequestFactory().get("/embed/carte/"))
    assert not dedans.cookies and "X-Frame-Options" not in dedans
    assert dedans["Content-Security-Policy"] == "default-src 'self'; frame-ancestors *"
    dehors = middleware(RequestFactory().get("/carte/"))
    assert dehors.cookies and dehors["X-Frame-Options"] == "DENY"


def test_tampered_path_is_refused(client, lieux):
    url = entrer(client, "departement=49")
    jeton = url.split("/")[3]
    autre = entrer(client, "departement=35").split("/")[3]
    faux = autre.split(":")[0] + ":" + jeton.split(":")[1]  # Ille-et-Vilaine with Maine-et-Loire's signature
    reponse = client.get(url.replace(jeton, faux))
    assert reponse.status_code == 404 and "Adresse d&#x27;intégration invalide" in reponse.content.decode()
    api = client.get(f"/embed/p/{faux}/agregats/?zoom=9")
    assert api.status_code == 404 and "invalide" in api.json()["detail"]


# --- the lock on the map, its panel and its API ---------------------------------------------------------------


def test_map_page_counts_lists_and_links_inside_the_territory(client, lieux):
    url = entrer(client, "departement=49&titre=Lieux d'Anjou&couleur=%23ffcc00")
    texte = html(client.get(url))
    assert titre_panneau(texte) == "2 lieux — Maine-et-Loire"
    assert "Espace de Rennes" not in texte and "Centre de Nantes" not in texte
    assert '<h1 class="embed-entete__titre">Lieux d&#x27;Anjou</h1>' in texte
    assert 'style="--embed-primaire:#ffcc00;--embed-sur-primaire:#000000;' in texte
    assert "fr-header" not in texte and "pied-de-page" not in texte  # the light layout
    base = prefixe(url)
    assert f'href="{base}lieux/{lieux["angers"].uid}/"' in texte  # lieux open inside the embed
    assert f'action="{base}carte/"' in texte  # the search and filter forms stay in the embed without JavaScript
    config = json.loads(texte.split('id="carte-config" type="application/json">')[1].split("</script>")[0])
    assert config["api"] == {"agregats": base + "agregats/", "panneau": base + "panneau/", "communes": base + "communes/",
                             "adresses": base + "adresses/", "territoire": base + "territoires/",
                             "fiche": base + "lieux/"}
    assert config["territoire"]["code"] == "49" and config["drom"] == [] and config["initial"] is None
    (sud, ouest), (nord, est) = config["emprise"]
    assert 46.9 < sud < 47.1 and 47.7 < nord < 47.9 and ouest < -1 < 0 < est
    assert '<a class="fr-breadcrumb__link" aria-current="page">Maine-et-Loire</a>' in texte
    assert ">France<" not in texte.split('id="panneau"')[1]


def test_query_counts_of_the_embed_stay_small(client, lieux, django_assert_max_num_queries):
    base = prefixe(entrer(client, "departement=49"))
    for chemin, plafond in (("carte/?departement=49", 7), ("panneau/?departement=49", 5),
                            ("agregats/?zoom=9&departement=49", 2), ("communes/?q=Saumur", 2),
                            (f"lieux/{lieux['angers'].uid}/", 2), ("orientation/?services=" + AIDE, 10)):
        client.get(base + chemin)  # memoised territories loaded
        with django_assert_max_num_queries(plafond):
            assert client.get(base + chemin).status_code == 200
    reunion = prefixe(entrer(client, "region=04"))
    assert '"drom": [{"code": "04", "nom": "La R' in html(client.get(reunion + "carte/?region=04"))


def test_selections_outside_the_territory_are_refused_or_empty(client, lieux):
    base = prefixe(entrer(client, "departement=49"))
    for query in ("departement=35", "region=53", "commune=35238"):
        texte = html(client.get(base + "panneau/?" + query))
        assert titre_panneau(texte) == "2 lieux — Maine-et-Loire", query
        assert "Ce territoire est en dehors de la carte" in texte and "Rennes" not in texte
    texte = html(client.get(base + "panneau/?territoire_type=departements&territoires=35,44"))
    assert titre_panneau(texte).startswith("0 lieu") and "Nantes" not in texte
    texte = html(client.get(base + "panneau/?commune=49328"))
    assert titre_panneau(texte) == "1 lieu — Saumur" and "EPN de Saumur" in texte
    assert ">Maine-et-Loire</a>" in texte  # breadcrumb: the territory, then the commune


def test_bubbles_api_is_locked_and_its_cache_kept_apart(client, lieux, settings):
    settings.CARTE_CACHE_SECONDES = 60
    national = client.get("/api/v1/carte/agregats/", {"zoom": 6, "niveau": "region"}).json()
    assert national["total"] == 4
    base = prefixe(entrer(client, "departement=49"))
    regions = client.get(base + "agregats/", {"zoom": 5, "niveau": "region", "departement": ""}).json()
    assert regions["total"] == 2 and [g["code"] for g in regions["groupes"]] == ["52"]
    communes = client.get(base + "agregats/", {"zoom": 9, "departement": "49"}).json()
    assert communes["niveau"] == "commune" and {g["code"] for g in communes["groupes"]} == {"49007", "49328"}
    grille = client.get(base + "agregats/", {"zoom": 13, "niveau": "grille", "bbox": "-5,41,10,52"}).json()
    assert grille["total"] == 2 and {g.get("nom") for g in grille["groupes"]} == {"Médiathèque d'Angers", "EPN de Saumur"}
    assert client.get(base + "agregats/", {"zoom": 9, "departement": "35"}).status_code == 400
    assert client.get("/api/v1/carte/agregats/", {"zoom": 6, "niveau": "region"}).json()["total"] == 4
    assert "/embed/" not in json.dumps(client.get("/api/schema/?format=json").json()["paths"])


def test_searches_inside_the_embed_stay_in_the_territory(client, lieux):
    base = prefixe(entrer(client, "departement=49"))
    assert client.get(base + "communes/", {"q": "Rennes"}).json() == {"resultats": []}
    assert [c["code"] for c in client.get(base + "communes/", {"q": "Saumur"}).json()["resultats"]] == ["49328"]
    sans_js = client.get(base + "carte/", {"q": "Saumur"})
    assert sans_js.status_code == 302 and sans_js["Location"] == base + "carte/?commune=49328"
    assert "Aucune commune ni adresse ne correspond à « Rennes »" in html(client.get(base + "carte/", {"q": "Rennes"}))
    assert client.get(base + "territoires/departement/35/").status_code == 404
    assert client.get(base + "territoires/departement/49/").json()["properties"]["nom"] == "Maine-et-Loire"
    assert client.get(base + "territoires/region/52/").status_code == 200  # contains the territory


@pytest.fixture
def faux_ban():
    """A local stand-in for the BAN's /search/: one address in Angers, one in Rennes."""
    reponse = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.5536, 47.4739]},
         "properties": {"label": "12 Rue de la Gare 49100 Angers", "type": "housenumber", "citycode": "49007",
                        "postcode": "49100"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-1.672, 48.103]},
         "properties": {"label": "12 Rue de la Gare 35000 Rennes", "type": "housenumber", "citycode": "35238",
                        "postcode": "35000"}},
    ]}

    class Gestionnaire(BaseHTTPRequestHandler):
        def do_GET(self):
            corps = json.dumps(reponse).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(corps)))
            self.end_headers()
            self.wfile.write(corps)

        def log_message(self, *args):
            pass

    serveur = HTTPServer(("127.0.0.1", 0), Gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    with override_settings(BAN_API_URL=f"http://127.0.0.1:{serveur.server_port}"):
        yield
    serveur.shutdown()
    serveur.server_close()


def test_addresses_outside_the_territory_are_not_suggested(client, lieux, faux_ban):
    base = prefixe(entrer(client, "departement=49"))
    resultats = client.get(base + "adresses/", {"q": "12 rue de la gare"}).json()["resultats"]
    assert [a["libelle"] for a in resultats] == ["12 Rue de la Gare 49100 Angers"]
    assert len(client.get("/api/v1/recherche/adresses/", {"q": "12 rue de la gare"}).json()["resultats"]) == 2


def test_several_territories_start_from_the_whole_perimeter(client, lieux):
    url = entrer(client, "departement=49&departement=35")
    assert "departement=" not in url.split("?")[1] and "zoom=" in url
    texte = html(client.get(url))
    assert titre_panneau(texte) == "3 lieux — Ille-et-Vilaine et Maine-et-Loire"
    assert 'data-niveau="departement" data-code="35">Ille-et-Vilaine (35)</a>' in texte
    assert "Nantes" not in texte
    texte = html(client.get(prefixe(url) + "panneau/?departement=35"))
    assert titre_panneau(texte) == "1 lieu — Ille-et-Vilaine"
    assert ">Ille-et-Vilaine et Maine-et-Loire</a>" in texte  # breadcrumb root: the whole perimeter


def test_an_epci_embed(client, lieux):
    url = entrer(client, "epci=244900015")
    texte = html(client.get(url))
    assert titre_panneau(texte) == "1 lieu — CU Angers Loire Métropole"
    assert "EPN de Saumur" not in texte and 'data-code="49007">Angers</a>' in texte


# --- lieu pages -----------------------------------------------------------------------------------------------


def test_lieu_pages_inside_the_embed_or_in_a_new_tab(client, lieux):
    base = prefixe(entrer(client, "departement=49"))
    texte = html(client.get(f"{base}lieux/{lieux['angers'].uid}/", HTTP_REFERER=f"http://testserver{base}carte/?commune=49007"))
    assert '<h1 class="fr-h3 fr-mb-1w" id="nom-lieu">Médiathèque d&#x27;Angers</h1>' in texte
    assert f'href="{base}carte/?commune=49007" id="retour"' in texte
    assert f'href="http://testserver/lieux/{lieux["angers"].uid}/" target="_blank"' in texte
    assert "data-hauteur-auto" in texte and "csrf" not in texte
    dehors = client.get(f"{base}lieux/{lieux['rennes'].uid}/")
    assert dehors.status_code == 404 and "Espace de Rennes" not in dehors.content.decode()
    onglet = prefixe(entrer(client, "departement=49&liens=onglet"))
    texte = html(client.get(onglet + "carte/?departement=49"))
    assert f'<a href="/lieux/{lieux["angers"].uid}/" target="_blank" rel="noopener"' in texte
    assert '"fiche": "/lieux/"' in texte


# --- the orientation ------------------------------------------------------------------------------------------


def test_orientation_counts_and_results_inside_the_territory(client, lieux):
    url = entrer(client, "departement=49&couleur=%2318753c", "orientation")
    texte = html(client.get(url))
    assert 'data-compte="2"' in texte and "2 lieux correspondent à votre recherche" in texte
    assert "Espace de Rennes" not in texte and "Centre de Nantes" not in texte
    base = prefixe(url)
    texte = html(client.get(base + "orientation/", {"services": AIDE}))
    assert "1 lieu correspond à votre recherche" in texte and "Médiathèque d&#x27;Angers" in texte
    partiel = html(client.get(base + "orientation/", {"services": AIDE}, HTTP_X_INTEGRATION_PARTIEL="1"))
    assert partiel.startswith('<h2 class="fr-h5 fr-mb-1w" id="compte-orientation" data-compte="1"')
    assert "X-Integration-Partiel" in client.get(base + "orientation/")["Vary"]  # same URL, two answers
    assert "<form" not in partiel
    carte = re.search(r'href="([^"]+)" id="voir-carte"', partiel).group(1).replace("&amp;", "&")
    assert carte.startswith(base + "carte/?services=")


def test_orientation_address_is_looked_up_inside_the_territory(client, lieux):
    base = prefixe(entrer(client, "departement=49", "orientation"))
    texte = html(client.get(base + "orientation/", {"adresse": "Rennes", "distance": "100000"}))
    assert "« Rennes (35000) » est en dehors du territoire de cette carte (Maine-et-Loire)" in texte
    texte = html(client.get(base + "orientation/", {"adresse": "Avrillé", "distance": "10000"}))  # 49 and 85
    assert 'name="adresse_point" value="Avrillé (49240) — Maine-et-Loire"' in texte
    assert "1 lieu correspond à votre recherche, du plus proche au plus éloigné" in texte  # Angers, not Saumur


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
    ajout = "/admin/lieux/configurationintegration/add/"
    refus = admin_client.post(ajout, formulaire_admin(logo="http://exemple.fr/l.png", departements="999",
                                                       couleur="vert"))
    texte = refus.content.decode()
    assert refus.status_code == 200 and not ConfigurationIntegration.objects.exists()
    assert "Le logo doit être une adresse https://" in texte and "Code de département invalide" in texte
    assert "Couleur invalide" in texte
    assert admin_client.post(ajout, formulaire_admin(couleur="#1f8d49")).status_code == 302
    configuration = ConfigurationIntegration.objects.get()
    page = admin_client.get(f"/admin/lieux/configurationintegration/{configuration.pk}/change/").content.decode()
    assert "&lt;iframe src=&quot;http://testserver/embed/c/anjou/&quot;" in page
    prerempli = admin_client.get(ajout + "?departements=49,53&titre=Anjou&type=orientation").content.decode()
    assert 'value="49,53"' in prerempli and 'value="Anjou"' in prerempli


def test_coordinators_see_only_their_own_configurations(client, lieux):
    coordinateur = User.objects.create_user("coordinatrice", password="x", is_staff=True)
    coordinateur.user_permissions.set(Permission.objects.filter(codename__endswith="configurationintegration"))
    autre = ConfigurationIntegration.objects.create(nom="Autre réseau", slug="autre", departements=["35"])
    client.force_login(coordinateur)
    reponse = client.post("/admin/lieux/configurationintegration/add/", formulaire_admin(proprietaire=""))
    assert reponse.status_code == 302
    assert ConfigurationIntegration.objects.get(slug="anjou").proprietaire == coordinateur
    liste = client.get("/admin/lieux/configurationintegration/").content.decode()
    assert "Anjou" in liste and "Autre réseau" not in liste
    assert client.get(f"/admin/lieux/configurationintegration/{autre.pk}/change/").status_code == 302  # not found


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
