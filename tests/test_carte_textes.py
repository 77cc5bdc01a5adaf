"""What the map page says in words: the filters' one-line summary, the short status message, the document title, the
list's order and distances, and what a lone lieu's marker carries (lieux/panneau.py, lieux/agregation.py)."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point

from lieux import agregation
from lieux.panneau import message_statut, resume_filtres
from lieux.parametres import Puce
from lieux.selection import Selection
from tests.factories import creer_lieu

AIDE = "Aide aux démarches administratives"


def puces(*libelles):
    return [Puce(libelle, "services", libelle, "") for libelle in libelles]


def test_filters_summary_names_three_filters_then_counts_the_others():
    assert resume_filtres([]) == "Aucun filtre : tous les lieux sont affichés."
    assert resume_filtres(puces("RDV en ligne")) == "Filtre : RDV en ligne"
    assert resume_filtres(puces("A", "B")) == "Filtres : A et B"
    assert resume_filtres(puces("A", "B", "C")) == "Filtres : A, B et C"
    assert resume_filtres(puces("A", "B", "C", "D")) == "Filtres : A, B, C et 1 autre"
    assert resume_filtres(puces("A", "B", "C", "D", "E")) == "Filtres : A, B, C et 2 autres"


def test_status_message_is_one_short_sentence():
    assert message_statut(85, "Maine-et-Loire", puces("RDV en ligne")) == (
        "85 lieux — Maine-et-Loire, filtre : RDV en ligne")
    assert message_statut(1, "Cholet", []) == "1 lieu — Cholet"
    assert message_statut(12345, "", puces("A", "B", "C")) == "12\u202f345 lieux en France, 3 filtres"
    assert message_statut(7, "", [], autour="de votre position") == "7 lieux en France, les plus proches de votre position"
    long = message_statut(3, "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson", puces("x" * 300))
    assert len(long) <= 150 and long.endswith("…")


@pytest.mark.django_db
@pytest.mark.usefixtures("ardoise_propre")
def test_page_title_status_and_honest_order_without_a_point(client, geographie):
    creer_lieu(nom="Près", localisation=Point(-0.5536, 47.4739, srid=4326), services=[AIDE],
               dispositif_programmes_nationaux=["France Services", "Conseillers numériques"])
    html = client.get("/carte/", {"departement": "49", "services": AIDE}).content.decode()
    assert "<title>Maine-et-Loire — Carte des lieux de médiation numérique — " in html
    assert f'data-statut="1 lieu — Maine-et-Loire, filtre : {AIDE}"' in html
    assert 'data-titre="Maine-et-Loire"' in html and f'data-resume-filtres="Filtre : {AIDE}"' in html
    assert "Lieux classés du centre du territoire vers ses bords" in html
    assert ">France Services</span>" in html and ">Conseiller numérique</span>" in html
    assert "carte-lieu__distance" not in html  # a distance from the territory's centre would mislead
    assert 'aria-live' not in html.split('id="panneau"')[1].split(">")[0]
    assert 'role="status" id="carte-statut"' in html
    proche = client.get("/carte/", {"latitude": "47.47", "longitude": "-0.55", "adresse": "votre position"})
    html = proche.content.decode()
    assert "Lieux les plus proches de votre position, distances à vol d'oiseau" in " ".join(html.split())
    assert "carte-lieu__distance" in html and "<title>Autour de votre position — " in html
    assert 'data-statut="1 lieu en France, les plus proches de votre position"' in html


@pytest.mark.django_db
@pytest.mark.usefixtures("ardoise_propre")
def test_a_lone_lieu_in_the_grid_says_its_state_and_kind(geographie):
    creer_lieu(nom="France Services", localisation=Point(-0.5536, 47.4739, srid=4326), horaires="Mo-Su 00:00-24:00",
               dispositif_programmes_nationaux=["France Services"], prise_rdv="https://rdv.example.fr")
    creer_lieu(nom="CnFS", localisation=Point(-0.50, 47.50, srid=4326), horaires="",
               dispositif_programmes_nationaux=["Conseillers numériques"], modalites_acces=["Prendre un RDV en ligne"])
    tous = Selection.tous()
    for selection in (tous, Selection(tous.lieux)):  # from the grid index, and from the lieux
        groupes = {g["nom"]: g for g in agregation.grille(selection, (-0.6, 47.4, -0.4, 47.6), 18)}
        assert groupes["France Services"] | {"uid": 0} == {
            "n": 1, "lat": 47.4739, "lon": -0.5536, "uid": 0, "nom": "France Services", "etat": "ouvert",
            "detail": "24 h/24, 7 j/7", "france_services": True, "conseiller_numerique": False, "rdv": True}
        cnfs = groupes["CnFS"]
        assert (cnfs["etat"], cnfs["france_services"], cnfs["conseiller_numerique"], cnfs["rdv"]) == (
            "inconnu", False, True, True)


def test_describing_a_closed_lieu():
    mardi_minuit = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)  # midnight in Angers
    decrit = agregation.decrire_lieu("Mo-Fr 09:00-17:00", "49000", [], "", [], maintenant=mardi_minuit)
    assert decrit == {"etat": "ferme", "detail": "ouvre à 09:00", "france_services": False,
                      "conseiller_numerique": False, "rdv": False}
