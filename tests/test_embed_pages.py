"""Embeds through Django's test client: entry URLs, framing headers, no cookie, and the territory lock on every page,
panel, API call and search made inside an embed (saved configurations and the generator: test_embed_configurations)."""

import json
import re
from urllib.parse import parse_qsl

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from embed.middleware import CadresMiddleware
from tests.embed_commun import AIDE, entrer, html, prefixe, titre_panneau
from tests.faux_serveurs import serveur_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]


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


def test_query_counts_of_the_embed_stay_small(client, lieux):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    base = prefixe(entrer(client, "departement=49"))
    for chemin, plafond in (("carte/?departement=49", 7), ("panneau/?departement=49", 5),
                            ("agregats/?zoom=9&departement=49", 2), ("communes/?q=Saumur", 2),
                            (f"lieux/{lieux['angers'].uid}/", 4), ("orientation/?services=" + AIDE, 10)):
        # a sheet: the lieu, then one query each for its last recorded change (« mis à jour le … par … ») and its
        # announced closures — a fixed cost per page, never one per field or per record
        client.get(base + chemin)  # memoised territories loaded
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(base + chemin).status_code == 200
        # the rate limit's shared counters (cache_partage) aside
        assert len([r for r in requetes.captured_queries if "cache_partage" not in r["sql"] and "SAVEPOINT" not in r["sql"]]) <= plafond, chemin
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
    # Rennes is a commune outside the map: the answer says so (it used to be a bare « no commune matches »)
    assert client.get(base + "communes/", {"q": "Rennes"}).json() == {
        "resultats": [], "message": "Rennes est en dehors du territoire de cette carte (Maine-et-Loire)."}
    assert [c["code"] for c in client.get(base + "communes/", {"q": "Saumur"}).json()["resultats"]] == ["49328"]
    sans_js = client.get(base + "carte/", {"q": "Saumur"})
    assert sans_js.status_code == 302 and sans_js["Location"] == base + "carte/?commune=49328"
    assert "Rennes est en dehors du territoire de cette carte (Maine-et-Loire)" in html(
        client.get(base + "carte/", {"q": "Rennes"}))
    rien = html(client.get(base + "carte/", {"q": "zzqqww"}))
    assert "Aucune commune ni adresse ne correspond à « zzqqww »" in rien
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

    with serveur_json(reponse) as (url, _), override_settings(BAN_API_URL=url):
        yield


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
    # the block alone: not the questions' form (the results now hold their own form, the fiche d'orientation's)
    assert 'id="form-orientation"' not in partiel and 'id="form-fiche"' in partiel
    carte = re.search(r'href="([^"]+)" id="voir-carte"', partiel).group(1).replace("&amp;", "&")
    assert carte.startswith(base + "carte/?services=")


def test_orientation_address_is_looked_up_inside_the_territory(client, lieux):
    base = prefixe(entrer(client, "departement=49", "orientation"))
    texte = html(client.get(base + "orientation/", {"adresse": "Rennes", "distance": "100000"}))
    assert "« Rennes (35000) » est en dehors du territoire de cette carte (Maine-et-Loire)" in texte
    texte = html(client.get(base + "orientation/", {"adresse": "Avrillé", "distance": "10000"}))  # 49 and 85
    assert 'name="adresse_point" value="Avrillé (49240) — Maine-et-Loire"' in texte
    assert "1 lieu correspond à votre recherche" in texte  # Angers, not Saumur
    assert "du plus proche au plus éloigné" not in texte  # no order to tell for one lieu
