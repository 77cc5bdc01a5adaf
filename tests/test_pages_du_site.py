"""Two ways through the site besides the menu (RGAA 12.1): the site map and the site search; the accessibility
declaration built from the self-audit grid in docs/rgaa/grille.csv."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from lieux import accessibilite
from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db


def test_le_pied_de_page_mene_au_plan_a_la_recherche_et_a_l_accessibilite(client, geographie):
    html = client.get("/").content.decode()
    pied = html.split('id="pied-de-page"')[1]
    assert 'href="/plan-du-site/">Plan du site<' in pied
    assert 'href="/recherche/">Rechercher<' in pied
    assert re.search(r'href="/accessibilite/">Accessibilité : (totalement|partiellement) conforme<', pied)
    menu = html.split('class="fr-nav"')[1].split("</nav>")[0]
    assert 'href="/pilotage/">Pilotage des territoires<' in menu


def test_la_page_d_un_territoire_mene_a_ses_chiffres(client, geographie):
    html = client.get("/territoires/departement/48/").content.decode()
    assert '<a class="fr-btn fr-btn--secondary" href="/pilotage/departement/48/" id="lien-pilotage">Chiffres du territoire</a>' in html
    assert client.get("/pilotage/departement/48/").status_code == 200


def test_plan_du_site_liste_les_pages_et_tous_les_territoires(client, geographie):
    reponse = client.get("/plan-du-site/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    for lien in ('href="/carte/"', 'href="/orientation/"', 'href="/integrer/"', 'href="/accessibilite/"', 'href="/pilotage/"',
                 'href="/recherche/"', 'href="/api/docs/"'):
        assert lien in html, lien
    assert len(re.findall(r'href="/territoires/region/', html)) == 18
    assert len(re.findall(r'href="/territoires/departement/', html)) == 101
    assert html.index(">Île-de-France<") < html.index(">Normandie<")  # French order
    assert "<title>Plan du site — " in html


def test_recherche_du_site_trouve_communes_territoires_et_lieux(client, geographie):
    creer_lieu(nom="Médiathèque Toussaint")
    creer_lieu(nom="Lieu archivé Toussaint", statut="archive")
    html = client.get("/recherche/", {"q": "toussaint"}).content.decode()
    assert 'id="resultats-lieux"' in html and "Médiathèque Toussaint" in html
    assert "Lieu archivé" not in html
    html = client.get("/recherche/", {"q": "maine et loire"}).content.decode()
    assert '<a href="/territoires/departement/49/">Maine-et-Loire</a> — Département (49)' in html
    html = client.get("/recherche/", {"q": "Angers"}).content.decode()
    assert '<a href="/territoires/commune/49007/">Angers</a>' in html
    assert "résultat" in html and "<title>« Angers » :" in html
    vide = client.get("/recherche/", {"q": "zzzzqqq"}).content.decode()
    assert "Aucun résultat pour « zzzzqqq »" in vide
    piege = client.get("/recherche/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in piege and "&lt;script&gt;" in piege


def test_declaration_d_accessibilite_depuis_la_grille(client, geographie):
    grille = accessibilite.lire_grille()
    assert len(grille) == 106  # every RGAA 4.1 criterion, once
    assert len({c.numero for c in grille}) == 106
    bilan = accessibilite.bilan(grille)
    assert bilan.taux >= 95
    html = client.get("/accessibilite/").content.decode()
    assert f"{bilan.taux:.1f} %".replace(".", ",") in html
    assert "Défenseur des droits" in html and "mailto:" in html
    assert html.count("<tr><th scope=\"row\">") == 106
    for c in grille:
        if c.statut == "NC":
            assert f"Critère {c.numero} " in html


def test_la_grille_cite_des_tests_qui_existent():
    for c in accessibilite.lire_grille():
        for module in re.findall(r"tests/test_\w+\.py", c.verification):
            assert (Path(settings.BASE_DIR) / module).exists(), (c.numero, module)


def test_bilan_rgaa():
    C = accessibilite.Critere
    grille = [C("1.1", "", "", "C", "", ""), C("1.2", "", "", "NC", "", ""), C("1.3", "", "", "NA", "", "")]
    bilan = accessibilite.bilan(grille)
    assert (bilan.applicables, bilan.taux, bilan.niveau) == (2, 50.0, "partiellement conforme")
    assert accessibilite.bilan(grille[:1]).niveau == "totalement conforme"
