"""The data·inclusion API v1 client against a real local HTTP server: pages, retries, and every failure in French."""

import pytest

from imports.dora.client import TAILLE_PAGE_MAX, ClientDataInclusion, ErreurDataInclusion
from tests.outils_dora import JETON, FauxDataInclusion, Reponse, service, structure

pytestmark = pytest.mark.reseau_local


def client(faux, **options):
    attentes = []
    options = {"jeton": JETON, "tentatives": 3, "pause": 0.5, "attendre": attentes.append, **options}
    return ClientDataInclusion(url=faux.url, **options), attentes


def services(n):
    return [service(i, i) for i in range(1, n + 1)]


def test_pagination_suivie_jusqu_a_la_derniere_page():
    with FauxDataInclusion([], services(25)) as faux:
        c, attentes = client(faux, taille_page=10)
        suivis = []
        recus = list(c.services(suivi=lambda quoi, page, pages: suivis.append((quoi, page, pages))))
    assert [s["id"] for s in recus] == [s["id"] for s in services(25)]
    assert faux.pages_demandees("services") == [1, 2, 3]
    assert suivis == [("services", 1, 3), ("services", 2, 3), ("services", 3, 3)]
    chemin, parametres, auth = faux.requetes[0]
    assert chemin == "/api/v1/services" and auth == f"Bearer {JETON}"
    assert parametres == {"sources": ["dora"], "thematiques": ["numerique"], "page": ["1"], "size": ["10"]}
    assert attentes == [] and c.remarques == []


def test_structures_et_liste_vide():
    with FauxDataInclusion([structure(1), structure(2, source="soliguide", id="soliguide--2")], []) as faux:
        c, _ = client(faux)
        assert [s["id"] for s in c.structures()] == [structure(1)["id"]]  # sources=dora asked, and honoured
        assert list(c.services()) == []
        assert faux.pages_demandees("services") == [1]  # {items: [], total: 0, pages: 0}: one request, no loop


def test_url_de_base_avec_ou_sans_api_v1():
    assert ClientDataInclusion(url="https://exemple.org/", jeton="x").url("services") == "https://exemple.org/api/v1/services"
    assert ClientDataInclusion(url="https://exemple.org/api/v1/", jeton="x").url("services") == (
        "https://exemple.org/api/v1/services")
    with pytest.raises(ValueError):
        ClientDataInclusion(url="https://exemple.org", jeton="x", taille_page=TAILLE_PAGE_MAX + 1)


def test_401_jeton_refuse_sans_nouvelle_tentative():
    with FauxDataInclusion([], services(3)) as faux:
        c, attentes = client(faux, jeton="mauvais-jeton")
        with pytest.raises(ErreurDataInclusion) as erreur:
            list(c.services())
    message = str(erreur.value)
    assert "HTTP 401" in message and "DATA_INCLUSION_API_TOKEN" in message and "Rien n'a été importé" in message
    assert len(faux.requetes) == 1 and attentes == []


def test_403_jeton_sans_droits():
    with FauxDataInclusion([], services(3)) as faux:
        faux.force("services", Reponse(403, {"detail": "Not enough permissions"}))
        c, _ = client(faux)
        with pytest.raises(ErreurDataInclusion, match="HTTP 403") as erreur:
            list(c.services())
    assert "n'a pas accès" in str(erreur.value) and len(faux.requetes) == 1


def test_pas_de_jeton_configure():
    with FauxDataInclusion([], services(3)) as faux:
        c, _ = client(faux, jeton="")
        with pytest.raises(ErreurDataInclusion, match="Aucun jeton"):
            list(c.services())
    assert faux.requetes == []


def test_429_puis_succes_en_respectant_retry_after():
    with FauxDataInclusion([], services(15)) as faux:
        faux.force("services", Reponse(429, {"detail": "Too Many Requests"}, {"Retry-After": "7"}), page=2)
        c, attentes = client(faux, taille_page=10)
        recus = list(c.services())
    assert len(recus) == 15
    assert faux.pages_demandees("services") == [1, 2, 2]
    assert attentes == [7.0]


def test_429_sans_retry_after_puis_succes_avec_attente_croissante():
    with FauxDataInclusion([], services(2)) as faux:
        faux.force("services", Reponse(429), Reponse(503))
        c, attentes = client(faux)
        assert len(list(c.services())) == 2
    assert attentes == [0.5, 1.0]  # pause × 2^(tentative − 1)


def test_500_persistant_echoue_apres_les_tentatives():
    with FauxDataInclusion([], services(2)) as faux:
        faux.force("services", *[Reponse(500, b"Internal Server Error")] * 5)
        c, attentes = client(faux)
        with pytest.raises(ErreurDataInclusion) as erreur:
            list(c.services())
    message = str(erreur.value)
    assert "est en erreur (HTTP 500)" in message and "après 3 tentatives" in message and "page 1" in message
    assert len(faux.requetes) == 3 and attentes == [0.5, 1.0]


def test_delai_depasse():
    with FauxDataInclusion([], services(2)) as faux:
        faux.force("services", *[Reponse(200, {"items": []}, delai=1.0)] * 2)
        c, attentes = client(faux, timeout=0.2, tentatives=2)
        with pytest.raises(ErreurDataInclusion) as erreur:
            list(c.services())
    assert "ne répond pas : pas de réponse en 0.2 s" in str(erreur.value) and "2 tentatives" in str(erreur.value)
    assert attentes == [0.5]


@pytest.mark.parametrize("corps, attendu", [
    (b'{"items": [{"id": "dora--1", ', "JSON mal formé"),
    (b"<html>Bad gateway</html>", "JSON mal formé"),
    (b'{"resultats": []}', "Réponse inattendue"),
    (b'{"items": ["dora--1"], "total": 1, "pages": 1}', "Réponse inattendue"),
    (b'{"items": [], "total": "beaucoup", "pages": 1}', "Réponse inattendue"),
    (b'{"items": [], "total": 0}', "Réponse inattendue"),
])
def test_reponse_mal_formee(corps, attendu):
    with FauxDataInclusion([], services(2)) as faux:
        faux.force("services", Reponse(200, corps))
        c, _ = client(faux)
        with pytest.raises(ErreurDataInclusion, match=attendu) as erreur:
            list(c.services())
    assert "Rien n'a été importé" in str(erreur.value) and len(faux.requetes) == 1  # not retried


def test_autre_erreur_http_non_retentee():
    with FauxDataInclusion([], services(2)) as faux:
        faux.force("services", Reponse(422, {"detail": "thematiques: valeur inconnue"}))
        c, _ = client(faux)
        with pytest.raises(ErreurDataInclusion, match=r"HTTP 422\) \(thematiques: valeur inconnue\)"):
            list(c.services())
    assert len(faux.requetes) == 1


def test_connexion_refusee_sans_attendre():
    c = ClientDataInclusion(url="http://127.0.0.1:9", jeton=JETON, attendre=pytest.fail)
    with pytest.raises(ErreurDataInclusion, match="refuse la connexion"):
        list(c.structures())


def test_doublons_signales():
    with FauxDataInclusion([], services(3)) as faux:
        page_1 = {"items": [service(1, 1), service(2, 2)], "total": 3, "page": 1, "size": 2, "pages": 2}
        page_2 = {"items": [service(2, 2), service(3, 3)], "total": 3, "page": 2, "size": 2, "pages": 2}
        faux.force("services", Reponse(200, page_1), page=1)
        faux.force("services", Reponse(200, page_2), page=2)
        c, _ = client(faux, taille_page=2)
        assert [s["id"] for s in c.services()] == [service(i, i)["id"] for i in (1, 2, 3)]
    assert c.remarques == ["services : 1 enregistrement(s) reçu(s) deux fois (même id), gardé(s) une fois."]


def test_telechargement_incomplet_refuse():
    """A record that moves to an already read page while we paginate: the list would lack it, and a full
    synchronisation would archive its lieu. Refused."""
    with FauxDataInclusion([], services(3)) as faux:
        page_1 = {"items": [service(1, 1), service(2, 2)], "total": 4, "page": 1, "size": 2, "pages": 2}
        page_2 = {"items": [service(3, 3)], "total": 4, "page": 2, "size": 1, "pages": 2}
        faux.force("services", Reponse(200, page_1), page=1)
        faux.force("services", Reponse(200, page_2), page=2)
        c, _ = client(faux, taille_page=2)
        with pytest.raises(ErreurDataInclusion, match="Téléchargement incomplet de /services : 4 enregistrements "
                                                      "annoncés, 3 reçus"):
            list(c.services())
