"""BAN client against a local fake of `POST /search/csv/` answering with real BAN responses
(../shared/data/mednumcli__addresses.json): threshold, commune check, retries, timeout, offline."""

import pytest

from imports.geocodage import Adresse, ClientBAN
from tests.faux_ban import FauxBAN

CHALLANS = Adresse(1, "18 Boulevard René Bazin", "85300", "Challans", frozenset({"85047"}))
SABLES = Adresse(2, "4 rue des Sables", "85340", "Les Sables d'Olonne", frozenset({"85194"}))
INCONNUE = Adresse(3, "1 impasse Nulle Part", "49000", "Angers", frozenset({"49007"}))


@pytest.mark.reseau_local
def test_geocode_par_lot_avec_de_vraies_reponses(faux_ban):
    resultats = ClientBAN(url=faux_ban.url).geocode([CHALLANS, SABLES, INCONNUE])
    assert resultats[1].accepte and (resultats[1].latitude, resultats[1].longitude) == (46.843771, -1.882688)
    assert resultats[1].type == "housenumber" and resultats[1].score == pytest.approx(0.963, abs=1e-3)
    assert resultats[2].accepte and resultats[2].code_commune == "85194"
    assert not resultats[3].accepte and resultats[3].raison == "adresse introuvable"
    chemin, corps = faux_ban.requetes[0]
    assert chemin == "/search/csv/" and b"18 Boulevard Ren\xc3\xa9 Bazin" in corps


@pytest.mark.reseau_local
def test_seuil_de_score(faux_ban):
    resultat = ClientBAN(url=faux_ban.url, seuil=0.97).geocode([CHALLANS])[1]
    assert not resultat.accepte and resultat.raison == "score 0.96 inférieur au seuil 0.97"


@pytest.mark.reseau_local
def test_resultat_dans_une_autre_commune_refuse(faux_ban):
    ailleurs = Adresse(4, "18 Boulevard René Bazin", "85300", "Challans", frozenset({"85128"}))  # declared: Luçon
    resultat = ClientBAN(url=faux_ban.url).geocode([ailleurs])[4]
    assert not resultat.accepte and "autre commune" in resultat.raison


@pytest.mark.reseau_local
def test_ancienne_commune_acceptee(faux_ban):
    """« Les Sables d'Olonne » 85340 was Olonne-sur-Mer (85166) before the merger: BAN gives it as oldcitycode."""
    ancienne = Adresse(5, "4 rue des Sables", "85340", "Les Sables d'Olonne", frozenset({"85166"}))
    assert ClientBAN(url=faux_ban.url).geocode([ancienne])[5].accepte


@pytest.mark.reseau_local
def test_reessaie_apres_une_panne_passagere():
    """Asked again after pauses of 10 s then 20 s (counted through the injected pause, never slept)."""
    faux = FauxBAN(pannes=2, statut_panne=503)
    pauses = []
    try:
        client = ClientBAN(url=faux.url, tentatives=3, pause=10, attendre=pauses.append)
        assert client.geocode([CHALLANS])[1].accepte
        assert len(faux.requetes) == 3 and not client.hors_ligne and pauses == [10, 20]
    finally:
        faux.arrete()


@pytest.mark.reseau_local
def test_hors_ligne_apres_les_tentatives():
    faux = FauxBAN(pannes=5, statut_panne=502)
    try:
        client = ClientBAN(url=faux.url, tentatives=2, pause=0.01)
        assert client.geocode([CHALLANS, SABLES]) == {}
        assert client.hors_ligne and client.raison_hors_ligne == "réponse HTTP 502 après 2 tentatives"
        assert client.geocode([CHALLANS]) == {} and len(faux.requetes) == 2  # no more calls in this run
    finally:
        faux.arrete()


@pytest.mark.reseau_local
def test_delai_depasse():
    faux = FauxBAN(lenteur=0.5)
    try:
        client = ClientBAN(url=faux.url, timeout=0.1, tentatives=2, pause=0.01)
        assert client.geocode([CHALLANS]) == {}
        assert client.raison_hors_ligne == "pas de réponse en 0.1 s après 2 tentatives"
    finally:
        faux.arrete()


def test_connexion_refusee_sans_attendre():
    pauses = []
    client = ClientBAN(url="http://127.0.0.1:9", tentatives=5, pause=10, attendre=pauses.append)
    assert client.geocode([CHALLANS]) == {}
    assert client.hors_ligne and client.raison_hors_ligne == "connexion refusée"
    assert pauses == []  # no retry, hence no pause, when nothing listens


@pytest.mark.reseau_local
def test_erreur_client_non_reessayee():
    faux = FauxBAN(pannes=3, statut_panne=400)
    try:
        client = ClientBAN(url=faux.url, tentatives=3, pause=0.01)
        client.geocode([CHALLANS])
        assert client.raison_hors_ligne == "réponse HTTP 400" and len(faux.requetes) == 1
    finally:
        faux.arrete()
