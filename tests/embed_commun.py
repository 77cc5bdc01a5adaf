"""Lieux and helpers shared by the embed tests (test_embed_pages, test_embed_configurations)."""

import re

import pytest
from django.contrib.gis.geos import Point

from tests.factories import creer_lieu

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
