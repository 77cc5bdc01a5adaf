"""Helpers shared by the embed tests (their lieux are the `lieux` fixture of tests/conftest.py)."""

import re

AIDE = "Aide aux démarches administratives"


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


def cadre_de(page, selecteur: str):
    return page.query_selector(selecteur).content_frame()


def attendre_carte(cadre):
    cadre.wait_for_selector("body[data-carte-prete='1']", timeout=20000)
    cadre.wait_for_function("() => document.getElementById('panneau').getAttribute('aria-busy') === 'false'")
