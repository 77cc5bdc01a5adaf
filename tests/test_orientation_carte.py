"""« Voir sur la carte » keeps every criterion of the orientation: the map, its list and the API find the same lieux
as the results (slots, « ouvert maintenant », horaires renseignés included). Lieux in Finistère."""

import re

import pytest
from django.http import QueryDict

from lieux.filtres import FiltresLieux
from lieux.models import Lieu
from tests.outils_orientation import DEMARCHES, autour_de_quimper, html, lieu_a  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def samedis(finistere):  # noqa: F811
    # Saturday mornings: Concarneau (10–12, in finistere), Pont-l'Abbé (9–12:30); Quimperlé opens on Saturday
    # afternoons only; Douarnenez has no hours (kept unless « horaires renseignés uniquement »)
    return finistere | {
        "pont_l_abbe": lieu_a("29220", nom="EPN de Pont-l'Abbé", horaires="Sa 09:00-12:30"),
        "quimperle": lieu_a("29233", nom="Médiathèque de Quimperlé", horaires="Sa 14:00-18:00"),
    }


def compte_des_resultats(texte: str) -> int:
    phrase = re.search(r'<p class="fr-text--lead fr-mb-2w" id="compte">(.*?)</p>', texte, re.S).group(1)
    return 0 if phrase.startswith("Aucun") else int(re.match(r"\d+", phrase).group())


def page_carte(client, url: str) -> str:
    reponse = client.get(url)
    assert reponse.status_code == 200
    return reponse.content.decode()


def lien_carte(texte: str) -> str:
    return re.search(r'href="([^"]+)" id="voir-carte"', texte).group(1).replace("&amp;", "&")


@pytest.mark.parametrize("criteres, attendu", [
    ({"creneau": "sa-09:00-12:00"}, 3),  # Concarneau, Pont-l'Abbé, Douarnenez (hours unknown)
    ({"creneau": "sa-09:00-12:00", "horaires_connus": "true"}, 2),
    ({"creneau": ["sa-09:00-12:00", "sa-14:00-15:00"], "horaires_connus": "true"}, 3),
    ({"horaires_connus": "true"}, 5),  # every DEMARCHES lieu but Douarnenez
    ({"ouvert_actuellement": "true", "creneau": "sa"}, None),  # depends on now: the map must say the same
])
def test_la_carte_trouve_les_memes_lieux_que_les_resultats(client, samedis, criteres, attendu):
    resultats = html(client.get("/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES, **criteres)))
    if attendu is None:
        attendu = compte_des_resultats(resultats)
        assert attendu >= 4  # Saturday: Concarneau, Pont-l'Abbé, Quimperlé, Douarnenez (hours unknown)
    assert compte_des_resultats(resultats) == attendu
    carte = lien_carte(resultats)
    assert carte.startswith("/carte/?")
    query = QueryDict(carte.split("?", 1)[1])
    assert FiltresLieux(query).filtrer(Lieu.objects.actifs()).count() == attendu  # the map's filter queryset
    page = page_carte(client, carte)
    assert f'data-total="{attendu}"' in page  # the map's count and its list
    assert page.count('<li class="carte-lieu"') == attendu
    api = client.get("/api/v1/lieux/?" + carte.split("?", 1)[1]).json()
    assert api["count"] == attendu  # the API reads the same URL


def test_les_creneaux_sont_des_filtres_visibles_et_retirables_sur_la_carte(client, samedis):
    resultats = html(client.get("/orientation/resultats/?" + autour_de_quimper(100, services=DEMARCHES,
                                                                                creneau="sa-09:00-12:00")))
    page = page_carte(client, lien_carte(resultats))
    assert "Samedi de 9 h à 12 h" in page  # its chip on the map
    # the filter form carries it (checked, so that « Appliquer les filtres » keeps it and it can be unchecked)
    assert re.search(r'<input type="checkbox"[^>]*name="creneau" value="sa-09:00-12:00" checked', page)
    assert re.search(r'<input type="hidden" name="horaires_inconnus" value="true"', page)


def test_filtre_creneau_illisible_signale(client, samedis):
    filtres = FiltresLieux(QueryDict("creneau=lundi-midi&creneau=sa"))
    assert [c.texte() for c in filtres.creneaux] == ["sa"]
    assert filtres.erreurs == ["Créneau illisible : « lundi-midi » (ignoré)."]
    assert filtres.critere_comptes() is None  # the maintained counts cannot answer a slot
