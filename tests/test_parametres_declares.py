"""Each public URL parameter declared once (lieux/parametres.py): the chips of the map and of the orientation say
the declared labels, the map's script reads the names the server sends, and the lists page the same way."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.http import QueryDict

from lieux import parametres
from lieux.filtres import FiltresLieux
from lieux.pagination import decouper, numero_de_page
from orientation.etat import Orientation

AIDE = "Aide aux démarches administratives"


def test_map_and_orientation_chips_say_the_declared_labels():
    texte = f"services={AIDE}&creneau=sa&prise_rdv=true&horaires_connus=true&source=hub"
    carte = [p.libelle for p in FiltresLieux(QueryDict(texte)).puces()]
    orientation = [p.libelle for p in Orientation.lire(QueryDict(texte)).puces()]
    attendus = [AIDE, "Samedi, toute la journée", "Prise de RDV en ligne", "Horaires renseignés uniquement",
                "Source : hub"]
    assert sorted(carte) == sorted(orientation) == sorted(attendus)
    assert parametres.PAR_NOM["prise_rdv"].libelle_puce("true") == parametres.PAR_NOM["prise_rdv"].libelle


def test_the_point_is_one_chip_removing_all_its_parameters():
    paires = [("services", AIDE), ("adresse", "Angers"), ("latitude", "47.4"), ("longitude", "-0.5"),
              ("distance", "5000")]
    puces = parametres.puces(paires, libelle_point="Autour", point=("adresse", *parametres.POINT))
    assert [p.libelle for p in puces] == [AIDE, "Autour"]
    assert QueryDict(puces[1].sans).dict() == {"services": AIDE}
    assert set(QueryDict(puces[0].sans)) == {"adresse", "latitude", "longitude", "distance"}


@pytest.mark.django_db
@pytest.mark.parametrize("chemin", ["/carte/", "/embed/carte/"])
def test_map_pages_send_the_declared_names_to_the_script(client, geographie, chemin):
    html = client.get(chemin, follow=True).content.decode()  # an embed goes on to its locked working page
    envoye = re.search(r'<script id="carte-parametres" type="application/json">(.*?)</script>', html, re.S)
    assert envoye and json.loads(envoye.group(1)) == parametres.pour_le_script()
    declares = {p.nom for p in (*parametres.PARAMETRES, *parametres.ETAT_DES_PAGES)}
    assert set(parametres.pour_le_script()["etat"]) <= declares


def test_the_map_scripts_spell_no_parameter_name():
    noms = parametres.pour_le_script()
    niveaux = set(noms["niveaux"])  # also the levels of the aggregation's answers, compared as such
    for script in ("js/carte.js", "js/carte-etat.js"):
        texte = Path(finders.find(script)).read_text(encoding="utf-8")
        for nom in {v for v in noms.values() if isinstance(v, str)} | set(noms["etat"]) - niveaux:
            assert f'"{nom}"' not in texte and f"'{nom}'" not in texte, (script, nom)


def test_a_page_is_read_bounded_and_cut_with_one_row_more():
    assert numero_de_page(QueryDict("page=99999999999999999999"), 1000) == 1000
    assert numero_de_page(QueryDict("page=abc")) == numero_de_page(QueryDict("page=-3")) == 1
    page = decouper(list(range(25)), 2, 10)
    assert (page.elements, page.suivante, page.premier_rang) == (list(range(10, 20)), True, 11)
    assert page.liens([("services", AIDE), ("page", "2")], "/x/") == {
        "page_precedente": "/x/?services=Aide+aux+d%C3%A9marches+administratives&page=1",
        "page_suivante": "/x/?services=Aide+aux+d%C3%A9marches+administratives&page=3"}
    derniere = decouper(list(range(25)), 3, 10)
    assert (derniere.elements, derniere.suivante) == ([20, 21, 22, 23, 24], False)
    assert derniere.liens([])["page_suivante"] is None
