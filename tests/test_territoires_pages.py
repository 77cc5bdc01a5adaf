"""/territoires/<niveau>/<code>/: server-rendered, indexable pages per région, département and commune."""

import re

import pytest
from django.contrib.gis.geos import Point

from lieux import francais
from tests.factories import creer_lieu

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]




@pytest.fixture
def lieux(geographie):
    return [
        creer_lieu(nom="Médiathèque Toussaint"),
        creer_lieu(nom="EPN de Saumur", code_insee="49328", code_postal="49400", commune="Saumur",
                   localisation=Point(-0.0769, 47.26, srid=4326)),
        creer_lieu(nom="Maison de Nantes", code_insee="44109", code_postal="44000", commune="Nantes",
                   localisation=Point(-1.5536, 47.2184, srid=4326)),
        creer_lieu(nom="Lieu archivé", statut="archive"),
    ]


def test_region_page_counts_per_departement_and_lists_lieux(client, lieux):
    reponse = client.get("/territoires/region/52/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "<title>Lieux de médiation numérique : Pays de la Loire" in html
    assert 'data-total="3"' in html and "Lieu archivé" not in html
    assert '<a href="/territoires/departement/49/">Maine-et-Loire</a> (49)</td><td class="nombre">2<' in html
    assert "Médiathèque Toussaint" in html and "Maison de Nantes" in html
    assert 'rel="canonical"' in html and "noindex" not in html
    assert 'href="/carte/?region=52"' in html and 'href="/api/v1/lieux/?region=52"' in html
    assert "<noscript>" in html
    assert "3 lieux recensés dans la région." in html


def test_departement_and_commune_pages(client, lieux):
    dep = client.get("/territoires/departement/49/").content.decode()
    assert "Lieux de médiation numérique en Maine-et-Loire (49)" in dep
    assert '<a href="/territoires/commune/49328/">Saumur</a></td><td class="nombre">1<' in dep
    assert "2 lieux recensés dans le département." in dep
    commune = client.get("/territoires/commune/49007/").content.decode()
    assert "Lieux de médiation numérique à Angers" in commune and 'data-total="1"' in commune
    assert "Médiathèque Toussaint" in commune and "EPN de Saumur" not in commune
    assert "1 lieu recensé dans la commune." in commune
    fil = commune[commune.index("fr-breadcrumb__list"):]
    assert fil.index("Pays de la Loire") < fil.index("Maine-et-Loire") < fil.index("Angers")


def test_paris_page_includes_its_arrondissements(client, geographie):
    creer_lieu(nom="Centre du 15e", code_insee="75115", code_postal="75015", commune="Paris",
               localisation=Point(2.292, 48.841, srid=4326))
    html = client.get("/territoires/commune/75056/").content.decode()
    assert 'data-total="1"' in html and "Centre du 15e" in html


def test_pagination_and_unknown_territories(client, geographie):
    for i in range(30):
        creer_lieu(nom=f"Lieu {i:02d}")
    page2 = client.get("/territoires/commune/49007/", {"page": 2}).content.decode()
    assert "Lieu 29" in page2 and "Lieu 00" not in page2 and "page 2 sur 2" in page2
    assert client.get("/territoires/commune/49007/", {"page": 3}).status_code == 404
    assert client.get("/territoires/departement/00/").status_code == 404
    assert client.get("/territoires/pays/FR/").status_code == 404


def test_export_link_only_when_the_export_view_exists(client, lieux):
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    html = client.get("/territoires/departement/49/").content.decode()
    try:
        reverse("imports:export-csv")
        existe = True
    except NoReverseMatch:
        try:
            resolve("/imports/export.csv")
            existe = True
        except Resolver404:
            existe = False
    assert ("territoire=departement%3A49" in html) is existe


def test_pages_en_francais_elision_pluriel_et_ordre_des_communes(client, lieux):
    creer_lieu(nom="EPN des Ulis", code_insee="91692", code_postal="91940", commune="Les Ulis",
               localisation=Point(2.17, 48.68, srid=4326))
    html = client.get("/territoires/commune/91692/").content.decode()
    assert "Lieux de médiation numérique aux Ulis" in html and "à Les Ulis" not in html
    vide = client.get("/territoires/commune/76351/").content.decode()  # Le Havre, no lieu
    assert "Lieux de médiation numérique au Havre" in vide
    assert "0 lieu recensé dans la commune." in vide and "0 lieux" not in vide
    # the communes of a département are listed by name in French order, not by INSEE code
    creer_lieu(nom="EPN de Sèvremoine", code_insee="49301", code_postal="49230", commune="Sèvremoine",
               localisation=Point(-1.09, 47.10, srid=4326))  # 49301 comes before Saumur (49328) by code
    dep = client.get("/territoires/departement/49/").content.decode()
    table = dep.split('id="table-enfants"')[1].split("</table>")[0]
    communes = re.findall(r'<a href="/territoires/commune/\w+/">([^<]+)</a>', table)
    assert communes == sorted(communes, key=francais.cle_tri) and communes.index("Saumur") < communes.index("Sèvremoine")
