"""Embeds: the rules as plain functions — colours and contrast, options of an embed URL, the perimeter and its
queryset, the signed working path, a saved configuration read back as URL parameters."""

import random
from urllib.parse import urlencode

import pytest
from django.contrib.gis.geos import Point
from django.http import QueryDict

from embed import contraste
from embed.integration import IntegrationInvalide, depuis_jeton, depuis_options, jeton
from embed.options import lire_options, messages
from embed.perimetre import FiltresIntegration, Perimetre
from embed.models import ConfigurationIntegration
from lieux.models import Commune, Lieu
from tests.factories import creer_lieu

AIDE = "Aide aux démarches administratives"
ANGERS_LOIRE_METROPOLE = "244900015"


# --- colours ---------------------------------------------------------------------------------------------------


def test_colour_normalisation():
    assert contraste.normalise_couleur("#1F8D49") == "#1f8d49"
    assert contraste.normalise_couleur(" 1f8d49 ") == "#1f8d49"
    assert contraste.normalise_couleur("#1f8") == "#11ff88"
    for mauvaise in ("vert", "#12345", "#1234567", "rgb(0,0,0)", "", "#ggg"):
        assert contraste.normalise_couleur(mauvaise) is None


def test_contrast_ratios_follow_wcag():
    assert contraste.luminance("#ffffff") == pytest.approx(1) and contraste.luminance("#000000") == 0
    assert contraste.contraste("#ffffff", "#000000") == pytest.approx(21)
    assert contraste.contraste("#000091", "#ffffff") == pytest.approx(14.9, abs=0.1)
    assert contraste.contraste("#777777", "#ffffff") == pytest.approx(4.48, abs=0.02)  # the classic AA near-miss


def test_text_on_the_primary_colour_is_always_readable():
    assert contraste.couleur_texte("#ffcc00") == "#000000"  # yellow: black text
    assert contraste.couleur_texte("#000091") == "#ffffff"
    assert contraste.couleur_texte("#1f8d49") == "#000000"  # 4.96:1 with black, only 4.23:1 with white
    assert contraste.couleur_texte("#18753c") == "#ffffff"
    rng = random.Random(7)
    for _ in range(500):
        fond = f"#{rng.randrange(0x1000000):06x}"
        assert contraste.contraste(fond, contraste.couleur_texte(fond)) >= 4.5, fond


def test_accent_is_darkened_until_readable_on_white():
    assert contraste.assombrir("#000091") == "#000091"  # already readable: unchanged
    jaune = contraste.assombrir("#ffcc00")
    assert jaune != "#ffcc00" and contraste.contraste(jaune, "#ffffff") >= 4.5
    assert contraste.contraste(contraste.assombrir("#ffffff"), "#ffffff") >= 4.5
    theme = contraste.Theme.de("#ffcc00")
    # the style now also carries the hover/pressed shades (lighter under black text: contraste.nuance)
    debut = "--embed-primaire:#ffcc00;--embed-sur-primaire:#000000;--embed-accent:" + jaune + ";"
    assert theme.style().startswith(debut)
    assert ";--embed-primaire-survol:#ffd426;--embed-primaire-presse:#ffdb4c;" in theme.style()


# --- options of an embed URL ------------------------------------------------------------------------------------


def lire(query: str):
    return lire_options(QueryDict(query))


@pytest.mark.django_db
def test_territories_several_levels_and_forms(geographie):
    options, erreurs = lire(f"departement=53&departement=49&commune=49007,49328&epci={ANGERS_LOIRE_METROPOLE}"
                            "&region=52")
    assert erreurs == {}
    assert options.perimetre.territoires == (("region", "52"), ("departement", "49"), ("departement", "53"),
                                             ("epci", ANGERS_LOIRE_METROPOLE), ("commune", "49007"),
                                             ("commune", "49328"))
    v6, erreurs = lire("territoire_type=departements&territoires=49,2A")
    assert erreurs == {} and v6.perimetre.territoires == (("departement", "2A"), ("departement", "49"))
    assert lire("departement=2a")[0].perimetre.territoires == (("departement", "2A"),)


@pytest.mark.django_db
def test_bad_territories_are_refused_with_french_messages(geographie):
    _, erreurs = lire("departement=999&region=00&commune=abc&epci=12")
    assert erreurs["departement"] == ["Code de département invalide : « 999 »."]
    assert erreurs["region"] == ["Région inconnu(e) : « 00 »."]
    assert erreurs["commune"] == ["Code de commune invalide : « ABC »."]
    assert erreurs["epci"] == ["Code de EPCI invalide : « 12 »."]
    _, erreurs = lire("territoire_type=pays&territoires=FR")
    assert "territoire_type" in erreurs


@pytest.mark.django_db
def test_unknown_parameters_are_errors_so_a_typo_never_shows_all_of_france(geographie):
    options, erreurs = lire("department=49")
    assert messages(erreurs) == ["Paramètre inconnu : « department »."]
    assert options.perimetre.vide


@pytest.mark.django_db
@pytest.mark.parametrize("logo, valide", [
    ("https://www.exemple.fr/logo.png", True),
    ("https://cdn.exemple.fr/a/logo.svg?v=2", True),
    ("http://www.exemple.fr/logo.png", False),
    ("javascript:alert(1)", False),
    ("data:image/png;base64,AAAA", False),
    ("//www.exemple.fr/logo.png", False),
    ("https://moi:secret@exemple.fr/logo.png", False),
    ("https://" + "a" * 500 + ".fr/logo.png", False),
])
def test_logo_must_be_an_https_address(geographie, logo, valide):
    options, erreurs = lire(urlencode({"logo": logo}))
    assert ("logo" not in erreurs) is valide
    assert options.presentation.logo == (logo if valide else "")


@pytest.mark.django_db
def test_title_colour_view_and_links(geographie):
    options, erreurs = lire(urlencode({"titre": "  Lieux\x00 d'Anjou  ", "couleur": "1F8D49", "vue": "liste",
                                       "zoom": "11", "centre": "47.47,-0.55", "liens": "onglet"}))
    assert erreurs == {}
    p = options.presentation
    assert (p.titre, p.couleur, p.liens) == ("Lieux d'Anjou", "#1f8d49", "onglet")
    assert (options.initial.vue, options.initial.zoom, options.initial.centre) == ("liste", 11, (47.47, -0.55))
    _, erreurs = lire(urlencode({"titre": "x" * 121, "couleur": "vert", "vue": "plan", "liens": "popup",
                                 "zoom": "25"}))
    assert set(erreurs) == {"titre", "couleur", "vue", "liens", "zoom", "centre"}
    assert erreurs["couleur"] == ["Couleur invalide : « vert » (attendu un code hexadécimal comme #000091)."]


@pytest.mark.django_db
def test_preselected_filters_use_the_map_parser(geographie):
    options, erreurs = lire(urlencode({"services": f"{AIDE},Loisirs et créations numériques", "prise_rdv": "true"}))
    assert erreurs == {}
    assert options.initial.filtres == (("services", AIDE), ("services", "Loisirs et créations numériques"),
                                       ("prise_rdv", "true"))
    _, erreurs = lire("services=Cuisine")
    assert erreurs["filtres"] == ["Valeur inconnue pour « Services » : « Cuisine »."]


@pytest.mark.django_db
def test_canonical_parameters_read_back_to_the_same_options(geographie):
    query = urlencode([("commune", "49007"), ("departement", "53"), ("services", AIDE), ("titre", "Anjou, Mayenne"),
                       ("logo", "https://exemple.fr/l.png"), ("couleur", "#abc"), ("vue", "liste"),
                       ("zoom", "9"), ("centre", "47.5,-0.5"), ("liens", "onglet")])
    options, _ = lire(query)
    relues, erreurs = lire(urlencode(options.parametres()))
    assert erreurs == {} and relues == options
    assert lire("")[0].parametres() == []


# --- the perimeter --------------------------------------------------------------------------------------------


@pytest.fixture
def lieux(geographie):
    return {
        "angers": creer_lieu(nom="Angers", services=[AIDE]),
        "saumur": creer_lieu(nom="Saumur", code_insee="49328", code_postal="49400", commune="Saumur",
                             localisation=Point(-0.0769, 47.26, srid=4326), services=["Loisirs et créations numériques"]),
        "rennes": creer_lieu(nom="Rennes", code_insee="35238", code_postal="35000", commune="Rennes",
                             localisation=Point(-1.68, 48.111, srid=4326), services=[AIDE]),
        "lyon": creer_lieu(nom="Lyon 3e", code_insee="69383", code_postal="69003", commune="Lyon",
                           localisation=Point(4.85, 45.758, srid=4326)),
    }


def noms(queryset):
    return sorted(queryset.values_list("nom", flat=True))


@pytest.mark.django_db
@pytest.mark.usefixtures("ardoise_propre")
def test_restriction_is_a_union_of_levels_and_a_commune_includes_its_arrondissements(lieux):
    base = Lieu.objects.actifs()
    assert noms(Perimetre.de([("departement", "49")]).restreindre(base)) == ["Angers", "Saumur"]
    assert noms(Perimetre.de([("commune", "69123"), ("commune", "49328")]).restreindre(base)) == ["Lyon 3e", "Saumur"]
    assert noms(Perimetre.de([("epci", ANGERS_LOIRE_METROPOLE), ("region", "53")]).restreindre(base)) == [
        "Angers", "Rennes"]
    assert noms(Perimetre().restreindre(base)) == ["Angers", "Lyon 3e", "Rennes", "Saumur"]
    # after the map's own filters (bit masks, aliases): still the intersection
    filtre = Perimetre.de([("departement", "49"), ("region", "53")]).restreindre(base).ayant_un_de("services", [AIDE])
    assert noms(filtre) == ["Angers", "Rennes"]


@pytest.mark.django_db
def test_what_the_perimeter_touches(geographie):
    anjou = Perimetre.de([("departement", "49")])
    assert anjou.touche("region", "52") and anjou.touche("commune", "49007")
    assert anjou.touche("epci", ANGERS_LOIRE_METROPOLE)
    assert not anjou.touche("commune", "44109") and not anjou.touche("departement", "35")
    assert anjou.contient_communes(["49007", "35238", ""]) == {"49007"}
    assert anjou.contient_point(Point(-0.55, 47.47, srid=4326))
    assert not anjou.contient_point(Point(-1.68, 48.11, srid=4326))
    assert Perimetre().touche("departement", "35")


@pytest.mark.django_db
def test_names_and_bounds(geographie):
    assert Perimetre.de([("departement", "49")]).nom() == "Maine-et-Loire"
    assert Perimetre.de([("departement", "49"), ("departement", "53")]).nom() == "Maine-et-Loire et Mayenne"
    plusieurs = Perimetre.de([("commune", c) for c in ("49007", "49328", "49099", "49099", "35238")])
    assert plusieurs.nom() == "Rennes, Angers et 2 autres territoires"
    ouest, sud, est, nord = Perimetre.de([("departement", "49")]).emprise()
    assert -1.4 < ouest < -1.2 and 46.9 < sud < 47.1 and 0.1 < est < 0.3 and 47.7 < nord < 47.9
    assert Perimetre().emprise() is None and Perimetre().nom() == "France"
    assert Perimetre.de([("epci", ANGERS_LOIRE_METROPOLE)]).niveau_racine() == "commune"
    assert Perimetre.de([("departement", "49"), ("commune", "35238")]).niveau_racine() == "departement"


@pytest.mark.django_db
@pytest.mark.usefixtures("ardoise_propre")
def test_filters_of_an_embed_keep_the_lock_and_refuse_outside_selections(lieux):
    anjou = Perimetre.de([("departement", "49")])
    f = FiltresIntegration(QueryDict(""), anjou)
    assert f.territoire == ("departement", "49") and f.erreurs == []  # a single territory is the selection
    assert noms(f.filtrer(Lieu.objects.actifs(), territoire=False)) == ["Angers", "Saumur"]
    dehors = FiltresIntegration(QueryDict("region=53"), anjou)
    assert dehors.erreurs == ["Ce territoire est en dehors de la carte : région « 53 »."]
    assert dehors.territoire == ("departement", "49")
    v6 = FiltresIntegration(QueryDict("territoire_type=departements&territoires=35"), anjou)
    assert noms(v6.filtrer(Lieu.objects.actifs())) == []
    assert "perimetre=departement:49" in f.cle() and f.cle() != FiltresIntegration(QueryDict(""), Perimetre()).cle()
    deux = FiltresIntegration(QueryDict(""), Perimetre.de([("departement", "49"), ("departement", "35")]))
    assert deux.territoire is None


@pytest.mark.django_db
def test_only_a_national_embed_is_counted_from_the_kept_counts(geographie):
    services = "services=Aide aux démarches administratives"
    assert FiltresIntegration(QueryDict(services), Perimetre()).selection(bbox=False).critere is not None
    verrouille = FiltresIntegration(QueryDict(services), Perimetre.de([("departement", "49"), ("departement", "35")]))
    assert verrouille.selection(bbox=False).critere is None  # the counts know nothing of a perimeter: live


# --- the signed path ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signed_path_round_trips_and_refuses_tampering(geographie):
    options, _ = lire(urlencode({"departement": "49", "titre": "Anjou", "couleur": "#1f8d49", "liens": "onglet"}))
    texte = jeton(options)
    assert texte == jeton(options)  # no timestamp: the same options give the same URL
    relue = depuis_jeton(texte)
    assert relue.perimetre == options.perimetre and relue.presentation == options.presentation
    integration = depuis_options(options)
    assert integration.url("carte") == f"/embed/p/{texte}/carte/"
    assert integration.entree("carte") == f"/embed/p/{texte}/carte/?departement=49&vue=carte"
    donnees, signature = texte.rsplit(":", 1)
    autre = jeton(lire("departement=35")[0]).rsplit(":", 1)[0]
    for faux in (f"{autre}:{signature}", donnees, texte[:-2] + "xx", "n-importe-quoi"):
        with pytest.raises(IntegrationInvalide):
            depuis_jeton(faux)


@pytest.mark.django_db
def test_several_territories_open_on_their_bounds(geographie):
    integration = depuis_options(lire("departement=49&departement=53&services=" + AIDE)[0])
    etat = dict(integration.etat_initial("carte"))
    assert etat["services"] == AIDE and etat["zoom"] in ("7", "8") and "departement" not in etat
    lat, lon = (float(x) for x in etat["centre"].split(","))
    assert 47 < lat < 48.6 and -1.3 < lon < 0.3
    assert integration.etat_initial("orientation") == [("services", AIDE)]


# --- saved configurations -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_saved_configuration_reads_as_the_same_url_parameters(geographie):
    configuration = ConfigurationIntegration(
        nom="Anjou", slug="anjou", departements=["49"], communes=["35238"], filtres=f"services={AIDE}&prise_rdv=true",
        titre="Lieux d'Anjou", couleur="#1f8d49", vue="liste", liens="onglet")
    options, erreurs = lire_options(configuration.parametres())
    assert erreurs == {}
    url, _ = lire(urlencode([("departement", "49"), ("commune", "35238"), ("services", AIDE), ("prise_rdv", "true"),
                             ("titre", "Lieux d'Anjou"), ("couleur", "#1f8d49"), ("vue", "liste"),
                             ("liens", "onglet")]))
    assert options == url
    configuration.filtres = "services=Cuisine"
    assert "filtres" in lire_options(configuration.parametres())[1]


@pytest.mark.django_db
def test_commune_search_of_an_embed_is_kept_to_its_perimeter(geographie):
    from embed.recherche import chercher_territoires, communes_dans

    anjou = Perimetre.de([("departement", "49")])
    assert [c["code"] for c in communes_dans(anjou, "Saumur")] == ["49328"]
    assert communes_dans(anjou, "Rennes") == []
    assert all(Commune.objects.get(code=c["code"]).departement_id == "49" for c in communes_dans(anjou, "Saint"))
    assert len(communes_dans(anjou, "Saint")) == 8  # searched among the perimeter's communes only
    trouves = chercher_territoires("Maine")
    assert trouves[0] == {"niveau": "departement", "code": "49", "nom": "Maine-et-Loire",
                          "libelle": "Maine-et-Loire (département 49)"}
    assert chercher_territoires("49")[0]["code"] == "49"
    assert any(t["niveau"] == "epci" and t["code"] == ANGERS_LOIRE_METROPOLE for t in chercher_territoires("Angers"))
    assert chercher_territoires("a") == []
